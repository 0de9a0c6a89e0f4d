#!/usr/bin/env bash
# Runs one libFuzzer target for a given time (tests/fuzz/README.md).
#   scripts/fuzz.sh NAME SECONDS [libFuzzer options...]
# NAME: model_file, idx or folding. Builds the fuzz preset first (a no-op when
# up to date), keeps the growing corpus in build-fuzz/fuzz-corpus/NAME (the
# generated seeds are read as a second corpus), writes crashing inputs to
# build-fuzz/fuzz-artifacts/NAME/ and the log to build-fuzz/fuzz-logs/NAME.log.
# Runs at nice 10 (REBNET_FUZZ_NICE overrides). Exit status: the fuzzer's (0 =
# nothing found).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  echo "usage: scripts/fuzz.sh NAME SECONDS [libFuzzer options...]" >&2
  echo "  NAME: model_file | idx | folding" >&2
  exit 2
}
[ $# -ge 2 ] || usage
name=${1#fuzz_}
seconds=$2
shift 2
case "$name" in model_file | idx | folding) ;; *) usage ;; esac
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 1 ] || usage

build=build-fuzz
if [ ! -f "$build/CMakeCache.txt" ]; then cmake --preset fuzz >/dev/null; fi
cmake --build --preset fuzz >/dev/null

binary=$build/tests/fuzz/fuzz_$name
seeds=$build/tests/fuzz/seeds/$name
corpus=$build/fuzz-corpus/$name
artifacts=$build/fuzz-artifacts/$name
log=$build/fuzz-logs/$name.log
mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"

options=(-max_total_time="$seconds" -timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts/")
if [ -f "tests/fuzz/$name.dict" ]; then options+=(-dict="tests/fuzz/$name.dict"); fi

echo "fuzz: $binary for ${seconds}s; corpus $corpus (+ seeds $seeds); log $log"
status=0
nice -n "${REBNET_FUZZ_NICE:-10}" "$binary" "${options[@]}" "$@" "$corpus" "$seeds" \
  >"$log" 2>&1 || status=$?

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
files=$(find "$corpus" -type f | wc -l)
bytes=$(du -sb "$corpus" | cut -f1)
echo "fuzz: $name: ${execs:-?} executions, ${rate:-?} exec/s; corpus $files files, $bytes bytes"
if [ "$status" -ne 0 ]; then
  echo "fuzz: $name FOUND A PROBLEM (exit $status): see $log and $artifacts/" >&2
  tail -n 40 "$log" >&2
fi
exit "$status"
