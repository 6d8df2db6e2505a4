#!/usr/bin/env bash
# Builds the handbook with handbook, mdBook 0.5.4 and Hugo side by side and times them with hyperfine.
#
#   benches/compare.sh            # needs: hyperfine, hugo (Debian), mdbook (cargo install mdbook --locked --version 0.5.4)
#
# Also times handbook on ten times the content, to show that the build time grows linearly.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine hugo mdbook python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see the comment at the top of this script)"; exit 1; }
done
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 benches/support/peers.py . "$work"
bin=$PWD/target/release/handbook
echo "== full build of the handbook (32 chapters)"
hyperfine --warmup 2 --runs 10 \
  -n handbook "$bin build --root $PWD --out $work/handbook-out" \
  -n "mdbook 0.5.4" "mdbook build $work/mdbook --dest-dir $work/mdbook-out" \
  -n "hugo $(hugo version | grep -o 'v[0-9.]*' | head -1)" "hugo --quiet --source $work/hugo --destination $work/hugo-out"
echo "== handbook: 1x vs 10x content"
cargo bench --quiet --bench build 2>/dev/null | grep -E 'median|ratio'
