#!/usr/bin/env bash
# `cmake --install` of svcgen gives a package that a service generated with
# `--runtime external` finds with find_package(svcgen), builds against and runs with.
set -euo pipefail
cmake=$1
build_dir=$2
service_file=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$cmake" --install "$build_dir" --prefix "$work/prefix" >/dev/null
"$work/prefix/bin/svcgen" generate "$service_file" -o "$work/service" --runtime external
if [ -e "$work/service/runtime" ]; then
  echo "--runtime external must not vendor the runtime" >&2
  exit 1
fi
"$cmake" -S "$work/service" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
"$cmake" --build "$work/build" -j2 >/dev/null
binary=$(find "$work/build" -maxdepth 1 -type f -executable | head -n 1)
"$binary" version
"$binary" openapi | cmp - "$work/service/openapi.json"
echo "external-runtime service builds and runs"
