#!/usr/bin/env bash
# The long fuzz runs: every target of fuzz/ for FUZZ_SECONDS (default 600) each, JOBS (default 2)
# at a time, each starting from and growing its corpus in fuzz/corpus/<target>/, which is
# then minimized (`cargo fuzz cmin` with `-set_cover_merge=1`: the fewest inputs that keep
# its coverage). Prints the executions and time of every target; a crash leaves its input in
# fuzz/artifacts/<target>/ and makes the script exit 1 (copy the input to
# tests/fixtures/fuzz/<target>/ so `cargo test` replays it).
#
# Needs the nightly toolchain and cargo-fuzz: `rustup toolchain install nightly` and
# `cargo install cargo-fuzz`. Usage: benches/fuzz.sh [target…]
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${FUZZ_SECONDS:-600}
JOBS=${JOBS:-2}
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(front_matter markdown config repair search serve_path url)
LOGS=$(mktemp -d)

dict_of() {
  case $1 in
    markdown) echo "-dict=fuzz/dict/markdown.dict" ;;
    config | front_matter) echo "-dict=fuzz/dict/yaml.dict" ;;
  esac
}

run_one() {
  local target=$1
  mkdir -p "fuzz/corpus/$target"
  # shellcheck disable=SC2046
  cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$SECONDS_PER_TARGET" -max_len=8192 -timeout=30 -rss_limit_mb=4096 \
    -print_final_stats=1 $(dict_of "$target") >"$LOGS/$target.log" 2>&1
  echo $? >"$LOGS/$target.code"
}

cargo +nightly fuzz build || exit 2
running=0
for target in "${TARGETS[@]}"; do
  run_one "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

failed=0
printf '%-14s %14s %10s %8s  %s\n' target executions seconds exec/s result
for target in "${TARGETS[@]}"; do
  log="$LOGS/$target.log"
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  time=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' | tail -1)
  code=$(cat "$LOGS/$target.code")
  result=ok
  if [ "$code" != 0 ]; then
    result="CRASH (exit $code): see $log and fuzz/artifacts/$target/"
    failed=1
  fi
  rate=$(( ${runs:-0} / ${time:-1} ))
  printf '%-14s %14s %10s %8s  %s\n' "$target" "${runs:-?}" "${time:-?}" "$rate" "$result"
  cargo +nightly fuzz cmin "$target" "fuzz/corpus/$target" -- -set_cover_merge=1 -timeout=30 \
    >"$LOGS/$target.cmin.log" 2>&1 ||
    echo "  cmin failed: $LOGS/$target.cmin.log"
done
echo "logs: $LOGS"
exit $failed
