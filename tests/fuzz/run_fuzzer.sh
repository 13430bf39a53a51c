#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time: new inputs go to CORPUS (in the build tree), the
# committed seeds are only read. Prints the executions and coverage reached.
# Usage: run_fuzzer.sh TARGET SECONDS CORPUS SEED_DIR...
set -euo pipefail
target=$1
seconds=$2
corpus=$3
shift 3
mkdir -p "$corpus"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$corpus/../$(basename "$target")-" "$corpus" "$@" >"$log" 2>&1 || status=$?
grep -E '^#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb' "$log" || true
if [ "$status" -ne 0 ]; then
  tail -n 60 "$log"
  echo "$(basename "$target") failed (exit $status); the input is saved next to $corpus" >&2
fi
exit "$status"
