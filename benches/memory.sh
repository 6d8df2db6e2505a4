#!/usr/bin/env bash
# Memory of a full build of the handbook, beside its wall time: peak resident memory, minor page
# faults, and the share of CPU time the kernel spends faulting in fresh pages (from `perf record`
# samples whose call chain passes through the page-fault handler). Cold output folder each run;
# medians over RUNS runs. mdBook's figures on the same content are printed too when it is
# installed (cargo install mdbook --locked --version 0.5.4).
#
#   benches/memory.sh
#   RUNS=21 benches/memory.sh
#   HANDBOOK_BIN=/path/to/other/handbook benches/memory.sh   # another build, side by side
#
# Target (issue: speed): peak RSS <= 40 MB for the handbook.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-11}
HERE=$PWD
WORK=$(mktemp -d /tmp/handbook-memory.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

BIN=${HANDBOOK_BIN:-}
if [ -z "$BIN" ]; then
  cargo build --release --quiet
  BIN=$HERE/target/release/handbook
fi
MDBOOK=${MDBOOK:-$(command -v mdbook || echo "$HOME/.cargo/bin/mdbook")}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "/usr/bin/time not found (apt-get install time)"; exit 1; }

commands=("handbook|$BIN build --root $HERE --out $WORK/out")
if [ -x "$MDBOOK" ]; then
  python3 benches/support/peers.py . "$WORK/peers" >/dev/null
  commands+=("mdbook|$MDBOOK build $WORK/peers/mdbook -d $WORK/out")
else
  echo "mdbook not found: its figures are skipped"
fi

# One line per run: wall seconds, peak RSS in KB, minor faults (interleaved, so noise is shared).
for ((i = 0; i < RUNS; i++)); do
  for entry in "${commands[@]}"; do
    name=${entry%%|*}; cmd=${entry#*|}
    rm -rf "$WORK/out"
    $TIME -f "%e %M %R" -o "$WORK/time" $cmd >/dev/null 2>&1
    echo "$name $(cat "$WORK/time")" >>"$WORK/runs"
  done
done

# The page-fault share, from one sampled run of each.
fault_share() { # command…
  rm -rf "$WORK/out"
  if ! command -v perf >/dev/null 2>&1; then echo "n/a (perf not installed)"; return; fi
  if ! perf record -q -e cpu-clock -F 4999 -g -o "$WORK/perf.data" "$@" >/dev/null 2>&1; then
    echo "n/a (perf record refused: see /proc/sys/kernel/perf_event_paranoid)"; return
  fi
  perf report -i "$WORK/perf.data" --children --sort symbol --stdio -g none 2>/dev/null |
    awk '/asm_exc_page_fault|exc_page_fault/ { gsub("%", "", $1); if ($1 > m) m = $1 } END { printf "%.1f %%\n", m + 0 }'
}

echo
printf '%-10s %12s %14s %14s %18s\n' "" "wall (ms)" "peak RSS (MB)" "minor faults" "time in faults"
for entry in "${commands[@]}"; do
  name=${entry%%|*}; cmd=${entry#*|}
  # shellcheck disable=SC2086
  share=$(fault_share $cmd)
  python3 - "$WORK/runs" "$name" "$share" <<'EOF'
import statistics, sys
runs = [l.split() for l in open(sys.argv[1]) if l.split()[0] == sys.argv[2]]
med = lambda i: statistics.median(float(r[i]) for r in runs)
print(f"{sys.argv[2]:<10} {med(1) * 1000:12.0f} {med(2) / 1024:14.1f} {med(3):14.0f} {sys.argv[3]:>18}")
EOF
done
echo "(medians of $RUNS runs; cold output folder; whole process)"
