#!/bin/sh
# Prints the search figures of issue 6 and checks their targets strictly: the first search's
# download (gzip -9), the latency per keystroke in headless Chromium (median and p90, cold and
# warm) and the index build time against the full build. It runs the measuring test alone, in
# release, so no other test shares the cores.
set -eu
cd "$(dirname "$0")/.."
HANDBOOK_SEARCH_BENCH=1 exec cargo test --release --test it search::figures -- --nocapture --test-threads=1
