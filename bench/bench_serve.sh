#!/bin/sh
# bench_serve.sh - audit pages per second and latency of bonafide serve.
#
#   sh bench/bench_serve.sh [ACCOUNTS] [SECONDS] [CONNECTIONS]
#
# Builds a simulated world of ACCOUNTS accounts (default 100,000; seed 5),
# ingests it into a temporary store, serves it on a random loopback port
# and drives it with wrk: CONNECTIONS connections (default 64) for SECONDS
# (default 30) on 2 wrk threads, asking for the HTML audit pages of 500
# accounts in turn.  Each page is requested once first, so the run
# measures cached audits (the server keeps rendered pages per account,
# keyed by the store's generation).  Prints req/s and the latency
# percentiles wrk measured.  Skips when wrk is not installed.
# Loopback only; not part of `make test`.
set -u
top=$(pwd)
BIN=${BONAFIDE_BIN:-$top/bin/bonafide}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
accounts=${1:-100000}
seconds=${2:-30}
conns=${3:-64}
if ! command -v wrk >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
    echo "bench_serve: skipped (wrk or curl is not installed)"
    exit 0
fi
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
echo "bench_serve: building a store of $accounts simulated accounts"
"$BIN" sim --accounts "$accounts" --seed 5 --out "$tmp/sim" >/dev/null &&
"$BIN" ingest --store "$tmp/st" --platform sim "$tmp/sim/accounts.csv" \
    "$tmp/sim/follows.csv" "$tmp/sim/posts.jsonl" >/dev/null || exit 1
started=0
for try in 1 2 3 4 5 6 7 8; do
    port=$(( ($(od -An -N2 -tu2 /dev/urandom) % 20000) + 30000 ))
    "$BIN" serve --store "$tmp/st" --listen "127.0.0.1:$port" \
        >"$tmp/serve.out" 2>"$tmp/serve.err" &
    pid=$!
    i=0
    while [ $i -lt 300 ] && kill -0 "$pid" 2>/dev/null; do
        if grep -q '^listening' "$tmp/serve.out" 2>/dev/null; then
            started=1
            break
        fi
        sleep 0.1
        i=$((i + 1))
    done
    [ $started = 1 ] && break
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pid=
done
if [ $started != 1 ]; then
    echo "bench_serve: the server did not start"
    cat "$tmp/serve.err"
    exit 1
fi
u="http://127.0.0.1:$port"
# 500 distinct account handles from the simulated accounts file (a CSV
# whose quoted names may hold commas, so it is read with a CSV parser).
python3 - "$tmp/sim/accounts.csv" >"$tmp/handles" <<'PY'
import csv, sys
seen = []
for row in csv.DictReader(open(sys.argv[1], newline="")):
    h = row.get("screen_name", "")
    if h and h.isascii() and h.replace("_", "").isalnum() and h not in seen:
        seen.append(h)
        if len(seen) == 500:
            break
print("\n".join(seen))
PY
{
    echo 'local paths = {'
    sed 's|.*|  "/audit?a=sim%3A&\&lang=en",|' "$tmp/handles"
    echo '}'
    echo 'local i = 0'
    echo 'request = function()'
    echo '  i = i % #paths + 1'
    echo '  return wrk.format("GET", paths[i])'
    echo 'end'
} >"$tmp/paths.lua"
echo "bench_serve: warming the cache"
while read -r h; do
    curl -s -o /dev/null "$u/audit?a=sim%3A$h&lang=en"
done <"$tmp/handles"
echo "bench_serve: wrk -t2 -c$conns -d${seconds}s --latency (500 cached audit pages)"
wrk -t2 -c"$conns" -d"${seconds}s" --latency -s "$tmp/paths.lua" "$u" \
    >"$tmp/wrk.out" 2>&1
sed 's/^/  /' "$tmp/wrk.out"
rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$tmp/wrk.out")
p99=$(sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p' "$tmp/wrk.out")
echo "bench_serve: cached audit pages: $rps req/s, p99 $p99" \
    "($conns connections, $seconds s, $accounts accounts)"
