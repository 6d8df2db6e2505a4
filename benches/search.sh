#!/bin/sh
# Prints the search figures and checks their targets strictly: the bytes the first search
# downloads (ranges included) on the handbook and on books ten times its size (ten queries
# pasted, where the larger books must download at most 1.2 times the bytes; then the same typed
# letter by letter, printed with the ratio), the
# latency per keystroke in headless Chromium (median and p90 over five cold passes on freshly
# opened pages, then a warm pass; at most 50 ms), and the index build time against the full
# build. It runs the measuring test alone, in release, so no other test shares the cores.
set -eu
cd "$(dirname "$0")/.."
HANDBOOK_SEARCH_BENCH=1 exec cargo test --release --test it search::figures -- --nocapture --test-threads=1
