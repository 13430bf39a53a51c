#!/usr/bin/env bash
# Generated C++ must already be clang-format clean under the project's .clang-format, so that
# output never depends on the clang-format a user has installed.
set -euo pipefail
clang_format=$1
root=$2
mapfile -t files < <(find "$root/tests/golden" "$root/examples" \
  -path '*/expected/*' -o -path '*/generated/*' | grep -E '\.(hpp|cpp|h|cc)$' | sort)
if [ ${#files[@]} -eq 0 ]; then
  echo "no generated C++ files found" >&2
  exit 1
fi
"$clang_format" --style=file:"$root/.clang-format" --dry-run -Werror "${files[@]}"
echo "${#files[@]} generated files are clang-format clean"
