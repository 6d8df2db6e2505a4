#!/usr/bin/env bash
# `handbook serve` under load, on 127.0.0.1 only, in a temp copy of the project:
# 1. wrk with CONNECTIONS (100) connections for DURATION (30 s) on a chapter page while that
#    chapter is edited every 100 ms: prints wrk's errors (must be 0) and p99 latency.
# 2. Memory: RSS of the server at 0, 100, …, REBUILDS (500) consecutive rebuilds (each one an
#    edit of the chapter, waited for until the page serves the new text): must stay flat.
#
#   benches/serve-load.sh
#   DURATION=10s REBUILDS=200 benches/serve-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-100}
REBUILDS=${REBUILDS:-500}
CHAPTER=${CHAPTER:-3}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
HERE=$PWD
WORK=$(mktemp -d /tmp/handbook-load.XXXXXX)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

cargo build --release --quiet
mkdir -p "$WORK/book"
cp -r content templates static handbook.yaml "$WORK/book/"
[ -d mermaid ] && mkdir -p "$WORK/book/mermaid" && tar --exclude=node_modules -C mermaid -cf - . | tar -C "$WORK/book/mermaid" -xf -
rel=$(python3 -c "import yaml; c=yaml.safe_load(open('$WORK/book/handbook.yaml')); print([p for part in c['parts'] for p in part['chapters']][$CHAPTER-1])")
slug=$(sed -n 's/^slug: *//p' "$WORK/book/content/$rel" | head -1 | tr -d '"')
file="$WORK/book/content/$rel"

"$HERE/target/release/handbook" serve --root "$WORK/book" --port 0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER=$!
PIDS+=($SERVER)
for _ in $(seq 1200); do grep -q "Serving on" "$WORK/serve.out" && break; sleep 0.05; done
url="$(sed -n 's/^Serving on //p' "$WORK/serve.out")${slug}.html"
case "$url" in http://127.0.0.1:*|http://\[::1\]:*) ;; *) echo "refusing non-loopback URL $url"; exit 2 ;; esac
rss() { awk '/^VmRSS/ {print $2 " kB"}' "/proc/$SERVER/status"; }
echo "server pid $SERVER, page $url, RSS at start $(rss)"

# --- 1. wrk while the chapter is edited every 100 ms ---
python3 - "$file" "${DURATION%s}" <<'EOF' &
import sys, time
path, seconds = sys.argv[1], float(sys.argv[2]) + 2
original = open(path, encoding="utf-8").read()
end, i = time.time() + seconds, 0
while time.time() < end:
    i += 1
    with open(path, "w", encoding="utf-8") as f:
        f.write(original + f"\n\nSửa lần {i}.\n")
    time.sleep(0.1)
with open(path, "w", encoding="utf-8") as f:
    f.write(original)
print(f"editor: {i} edits")
EOF
EDITOR_PID=$!
PIDS+=($EDITOR_PID)
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$url" | tee "$WORK/wrk.txt"
wait "$EDITOR_PID" || true
rebuilds=$(grep -c '^rebuilt' "$WORK/serve.err" || true)
errors=$(awk '/Socket errors/ {for (i=1;i<=NF;i++) if ($i ~ /^[0-9]+,?$/) s+=$i} /Non-2xx/ {s+=$NF} END {print s+0}' "$WORK/wrk.txt")
p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.txt")
rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
echo "WRK connections=$CONNECTIONS duration=$DURATION errors=$errors p99=$p99 requests/s=$rps rebuilds-during-run=$rebuilds"

# --- 2. RSS across consecutive rebuilds ---
python3 - "$file" "$url" "$REBUILDS" "$SERVER" <<'EOF'
import http.client, sys, time, urllib.parse
path, url, count, pid = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
parts = urllib.parse.urlsplit(url)
conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
original = open(path, encoding="utf-8").read()
def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1])
def fetch():
    global conn
    try:
        conn.request("GET", parts.path)
        return conn.getresponse().read()
    except (http.client.HTTPException, OSError):
        conn.close()
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        return b""
samples = [(0, rss())]
print(f"RSS after {0:3} rebuilds: {samples[-1][1]} kB", flush=True)
for i in range(1, count + 1):
    marker = f"rss-marker-{i}-{time.monotonic_ns()}"
    with open(path, "w", encoding="utf-8") as f:
        f.write(original + f"\n\n{marker}\n")
    deadline = time.time() + 20
    while marker.encode() not in fetch():
        if time.time() > deadline:
            raise SystemExit(f"rebuild {i} not served within 20 s")
        time.sleep(0.002)
    if i % 100 == 0:
        samples.append((i, rss()))
        print(f"RSS after {i:3} rebuilds: {samples[-1][1]} kB", flush=True)
with open(path, "w", encoding="utf-8") as f:
    f.write(original)
first, last = samples[1][1], samples[-1][1]
print(f"RSS {' '.join(f'{n}:{kb}kB' for n, kb in samples)}; growth 100->{count}: {last - first:+d} kB ({(last - first) / first * 100:+.1f}%)")
EOF
