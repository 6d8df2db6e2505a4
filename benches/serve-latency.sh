#!/usr/bin/env bash
# Edit-to-served latency of `handbook serve` and `mdbook serve` on the same content: from
# writing a chapter file to the moment an HTTP GET of that chapter returns the new text.
# Median and p90 over EDITS edits (default 20). Targets for handbook: median <= 30 ms,
# p90 <= 60 ms.
#
#   benches/serve-latency.sh            # both servers
#   EDITS=50 CHAPTER=5 benches/serve-latency.sh
#   SKIP_MDBOOK=1 benches/serve-latency.sh
#   HANDBOOK_BIN=/path/to/other/handbook benches/serve-latency.sh   # another build, side by side
#
# Runs everything on 127.0.0.1 in temp copies of the project; the real content/ is untouched.
set -euo pipefail
cd "$(dirname "$0")/.."
EDITS=${EDITS:-20}
CHAPTER=${CHAPTER:-3}   # which chapter of handbook.yaml to edit (1-based)
HERE=$PWD
WORK=$(mktemp -d /tmp/handbook-latency.XXXXXX)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

BIN=${HANDBOOK_BIN:-}
if [ -z "$BIN" ]; then
  cargo build --release --quiet
  BIN=$HERE/target/release/handbook
fi
copy_project() {
  mkdir -p "$1"
  cp -r content templates static handbook.yaml "$1/"
  if [ -d mermaid ]; then
    mkdir -p "$1/mermaid"
    tar --exclude=node_modules -C mermaid -cf - . | tar -C "$1/mermaid" -xf -
  fi
}
wait_for_line() { # file pattern timeout_s
  for _ in $(seq $(($3 * 20))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
  echo "timed out waiting for '$2' in $1" >&2; cat "$1" >&2; return 1
}

# --- handbook serve ---
copy_project "$WORK/handbook"
rel=$(python3 -c "import yaml,sys; c=yaml.safe_load(open('$WORK/handbook/handbook.yaml')); print([p for part in c['parts'] for p in part['chapters']][$CHAPTER-1])")
slug=$(sed -n 's/^slug: *//p' "$WORK/handbook/content/$rel" | head -1 | tr -d '"')
"$BIN" serve --root "$WORK/handbook" --port 0 >"$WORK/handbook.out" 2>"$WORK/handbook.err" &
PIDS+=($!)
wait_for_line "$WORK/handbook.out" "Serving on" 60
url=$(sed -n 's/^Serving on //p' "$WORK/handbook.out")
echo "handbook serve: editing content/$rel, reading ${url}${slug}.html"
python3 benches/serve_latency.py measure "${url}${slug}.html" "$WORK/handbook/content/$rel" "$EDITS" | tee "$WORK/handbook.result"
grep -E "^rebuilt" "$WORK/handbook.err" | tail -3 | sed 's/^/  server: /'

# --- mdbook serve ---
if [ -z "${SKIP_MDBOOK:-}" ]; then
  MDBOOK=${MDBOOK:-$(command -v mdbook || echo "$HOME/.cargo/bin/mdbook")}
  if [ ! -x "$MDBOOK" ]; then
    echo "mdbook not found (cargo install mdbook --locked --version 0.5.4); skipping"
  else
    python3 benches/serve_latency.py mdbook "$WORK/handbook" "$WORK/mdbook" >"$WORK/mdbook.map"
    line=$(sed -n "${CHAPTER}p" "$WORK/mdbook.map")
    src=${line%%$'\t'*}; page=${line##*$'\t'}
    for watcher in poll native; do
      port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
      "$MDBOOK" serve "$WORK/mdbook" -n 127.0.0.1 -p "$port" --watcher "$watcher" -d "$WORK/mdbook-out-$watcher" >"$WORK/mdbook-$watcher.log" 2>&1 &
      PIDS+=($!)
      for _ in $(seq 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/$page" && break; sleep 0.1; done
      echo "$("$MDBOOK" --version) serve --watcher $watcher: editing $src"
      python3 benches/serve_latency.py measure "http://127.0.0.1:$port/$page" "$src" "$EDITS" | tee "$WORK/mdbook-$watcher.result"
      kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
    done
  fi
fi

echo
echo "== edit-to-served latency over $EDITS edits (chapter $CHAPTER) =="
for f in "$WORK"/*.result; do printf '%-16s %s\n' "$(basename "$f" .result)" "$(grep RESULT "$f" | cut -d' ' -f2-)"; done
