#!/usr/bin/env bash
# First paint and page weight of the handbook beside mdBook 0.5.4 on the same chapters, measured
# with Lighthouse 12.2.3 (mobile, simulated throttling) on both sites served side by side by the
# same local server (benches/support/serve.py: gzip, like a static host).
#
#   benches/first-paint.sh [RUNS]     # default 5 runs; needs node, Chromium (/usr/bin/chromium),
#                                     # python3 with PyYAML, mdbook (cargo install mdbook --locked --version 0.5.4)
#
# Lighthouse is installed on first use into benches/.lighthouse/ (git-ignored). Prints, per page
# (home, first chapter) and site, the medians of FCP, LCP, the four Lighthouse scores, and the
# bytes and requests of the page; then whether the handbook's FCP is no later than mdBook's.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
export PATH="$PATH:$HOME/.cargo/bin"
for tool in node npm python3 mdbook; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see the comment at the top of this script)"; exit 1; }
done
tools=benches/.lighthouse
if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error lighthouse@12.2.3
fi
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./target/release/handbook build --out "$work/handbook" >/dev/null
python3 benches/support/peers.py . "$work/peers"
mdbook build "$work/peers/mdbook" --dest-dir "$work/mdbook" 2>/dev/null
chapter=$(grep -o 'href="[^"]*\.html"' "$work/handbook/index.html" | sed -n 's/href="\([0-9][^"]*\)"/\1/p' | head -1)
[ -f "$work/mdbook/$chapter" ] || { echo "mdBook has no $chapter"; exit 1; }
python3 benches/support/first_paint.py "$tools/node_modules/.bin/lighthouse" "$runs" "$chapter" \
  handbook="$work/handbook" mdbook="$work/mdbook"
