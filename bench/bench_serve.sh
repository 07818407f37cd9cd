#!/bin/sh
# bench_serve.sh - bonafide serve under load: pages, search, audits, and
# the memory a hostile upload costs.
#
#   sh bench/bench_serve.sh [ACCOUNTS] [SECONDS] [CONNECTIONS]
#
# Builds a simulated world of ACCOUNTS accounts (default 1,000,000; seed 5;
# 10 follows and at most 2 posts per account) and ingests it into a store,
# both cached under build/bench-serve/ (the first run takes minutes, later
# ones reuse them), serves it on a random loopback port and drives it with
# wrk, CONNECTIONS connections (default 64) for SECONDS (default 20) on 2
# wrk threads, three times:
#   pages   the HTML audit pages of 100 accounts, each requested once
#           first (8 at a time), so the run measures cached pages;
#   search  /api/v1/accounts?q= over 1,000 queries: prefixes of 1 to 8
#           characters of handles and names, platform-qualified ones,
#           each asked many times (the search-answer cache serves them);
#   search-new  up to 60,000 distinct queries, nearly all asked once, so each
#           one is searched in the store;
#   audit   /api/v1/accounts/sim:HANDLE/audit over 20,000 accounts, more
#           than the page cache holds, so nearly every one is built (an
#           audit on a million accounts takes seconds: wrk's timeout is
#           10 s, and its timeouts are printed).
# Each prints req/s and wrk's p50 and p99.  Then a fresh server on an
# empty store takes a 1 MB zip whose tweets.js inflates to 1 GiB (a "zip
# bomb" of an X archive), and its resident memory peak (VmHWM) is printed
# before and after, with how the job ended.  Skips when wrk, curl or
# python3 is missing.  Loopback only.
set -u
top=$(pwd)
BIN=${BONAFIDE_BIN:-$top/bin/bonafide}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
accounts=${1:-1000000}
seconds=${2:-20}
conns=${3:-64}
for tool in wrk curl python3; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "bench_serve: skipped ($tool is not installed)"
        exit 0
    fi
done
cache="$top/build/bench-serve"
sim="$cache/sim-$accounts"
st="$cache/st-$accounts"
mkdir -p "$cache"
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

# The store, built once: a stamp file marks a complete one.
if [ ! -f "$st/.complete" ]; then
    rm -rf "$sim" "$st"
    echo "bench_serve: building a store of $accounts simulated accounts in $st"
    t0=$(date +%s)
    "$BIN" sim --accounts "$accounts" --seed 5 --follows-per-account 10 \
        --posts-per-account 2 --out "$sim" >/dev/null || exit 1
    t1=$(date +%s)
    "$BIN" ingest --store "$st" --platform sim "$sim/accounts.csv" \
        "$sim/follows.csv" "$sim/posts.jsonl" >/dev/null || exit 1
    t2=$(date +%s)
    echo "bench_serve: sim $((t1 - t0)) s, ingest $((t2 - t1)) s"
    touch "$st/.complete"
else
    echo "bench_serve: reusing the store of $accounts accounts in $st"
fi

# serve ARGS...: serve $serve_store on a random port; sets $pid and $u.
serve_store=$st
serve() {
    started=0
    for try in 1 2 3 4 5 6 7 8; do
        port=$(( ($(od -An -N2 -tu2 /dev/urandom) % 20000) + 30000 ))
        "$BIN" serve --store "$serve_store" --listen "127.0.0.1:$port" "$@" \
            >"$tmp/serve.out" 2>"$tmp/serve.err" &
        pid=$!
        i=0
        while [ $i -lt 1200 ] && kill -0 "$pid" 2>/dev/null; do
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
}

# Paths for the three runs, from the simulated accounts file (a CSV whose
# quoted names may hold commas, so it is read with a CSV parser).
python3 - "$sim/accounts.csv" "$tmp" <<'PY'
import csv, random, sys, urllib.parse
rows = []
for row in csv.DictReader(open(sys.argv[1], newline="")):
    h = row.get("screen_name", "")
    if h and h.isascii() and h.replace("_", "").isalnum():
        rows.append((h, row.get("name", "")))
    if len(rows) >= 200000:
        break
rnd = random.Random(5)
def lua(name, paths):
    with open("%s/%s.lua" % (sys.argv[2], name), "w") as f:
        f.write("local paths = {\n")
        for p in paths:
            f.write('  "%s",\n' % p)
        f.write("}\nlocal i = 0\nrequest = function()\n"
                "  i = i % #paths + 1\n"
                '  return wrk.format("GET", paths[i])\nend\n')
handles = [h for h, _ in rows]
lua("pages", ["/audit?a=sim%%3A%s&lang=en" % h for h in handles[:100]])
with open("%s/pages.txt" % sys.argv[2], "w") as f:
    f.write("\n".join(handles[:100]) + "\n")
queries = []
while len(queries) < 1000:
    h, name = rows[rnd.randrange(len(rows))]
    words = [w for w in name.split() if w.isalpha()] or [h]
    text = rnd.choice([h, rnd.choice(words)])
    q = text[:rnd.randint(1, 8)].lower()
    if rnd.random() < 0.2:
        q = "sim:" + q
    queries.append("/api/v1/accounts?q=%s&limit=20" % urllib.parse.quote(q))
lua("search", queries)
# Distinct queries, nearly all of them asked once, so the search-answer
# cache cannot serve them: 3 to 8 characters of a handle or a name word.
fresh = set()
for _ in range(2000000):
    if len(fresh) >= 60000:
        break
    h, name = rows[rnd.randrange(len(rows))]
    words = [w for w in name.split() if w.isalpha()] or [h]
    text = rnd.choice([h, rnd.choice(words)])
    q = text[:rnd.randint(3, 8)].lower()
    fresh.add("/api/v1/accounts?q=%s&limit=20" % urllib.parse.quote(q))
lua("search-new", sorted(fresh, key=lambda _: rnd.random()))
sample = rnd.sample(handles, min(20000, len(handles)))
lua("audit", ["/api/v1/accounts/sim%%3A%s/audit" % h for h in sample])
PY

# run NAME: wrk over $tmp/NAME.lua; prints the summary line.
run() {
    wrk -t2 -c"$conns" -d"${seconds}s" --timeout 10s --latency \
        -s "$tmp/$1.lua" "$u" >"$tmp/wrk-$1.out" 2>&1
    sed 's/^/  /' "$tmp/wrk-$1.out"
    rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$tmp/wrk-$1.out")
    p50=$(sed -n 's/^ *50% *\([0-9.]*[a-z]*\).*/\1/p' "$tmp/wrk-$1.out")
    p99=$(sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p' "$tmp/wrk-$1.out")
    bad=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' \
        "$tmp/wrk-$1.out")
    tmo=$(sed -n 's/.*timeout \([0-9]*\).*/\1/p' "$tmp/wrk-$1.out")
    echo "bench_serve: $1: $rps req/s, p50 $p50, p99 $p99," \
        "non-2xx ${bad:-0}, timeouts ${tmo:-0} ($conns connections," \
        "$seconds s, $accounts accounts)"
}

serve --max-conns-per-ip 256
echo "bench_serve: warming the cache of 100 audit pages"
t0=$(date +%s)
sed "s|.*|$u/audit?a=sim%3A&\&lang=en|" "$tmp/pages.txt" |
    xargs -P 8 -n 1 curl -s -o /dev/null -m 600
echo "bench_serve: 100 uncached audit pages took $(( $(date +%s) - t0 )) s" \
    "(8 at a time)"
echo "bench_serve: wrk -t2 -c$conns -d${seconds}s --latency"
run search
run search-new
run pages
run audit
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=

# The hostile upload: an X archive whose tweets.js inflates to 1 GiB of
# tweets of 1 MiB of text each, deflated to about 1 MB, made once.
bomb="$cache/bomb-1g.zip"
if [ ! -f "$bomb" ]; then
    python3 - "$bomb" <<'PY'
import os, sys, zipfile
text = b"a" * (1 << 20)
rec = (b'{"tweet":{"id_str":"1","created_at":"Mon Jan 01 00:00:00 +0000 '
       b'2024","full_text":"' + text + b'"}},\n')
with zipfile.ZipFile(sys.argv[1] + ".tmp", "w", zipfile.ZIP_DEFLATED,
                     compresslevel=9) as z:
    z.writestr("data/account.js", b'window.YTD.account.part0 = [ { "account"'
               b' : { "accountId" : "7", "username" : "bomb" } } ]\n')
    with z.open("data/tweets.js", "w", force_zip64=True) as f:
        f.write(b"window.YTD.tweets.part0 = [\n")
        for i in range(1024):
            f.write(rec if i < 1023 else rec[:-2] + b"]\n")
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
PY
fi
# A fresh, empty store: the bomb must not land in the cached one.
serve_store="$tmp/bomb-store"
serve --timeout 120
hwm() { sed -n "s/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$pid/status"; }
before=$(hwm)
out=$(curl -s -H 'Content-Type: application/zip' --data-binary @"$bomb" \
    "$u/api/v1/ingest?name=bomb.zip")
job=$(echo "$out" | sed -n 's/.*"job":\([0-9]*\).*/\1/p')
state=unknown
t0=$(date +%s)
while [ -n "$job" ] && [ $(( $(date +%s) - t0 )) -lt 300 ]; do
    state=$(curl -s "$u/api/v1/ingest/$job" |
        sed -n 's/.*"state":"\([a-z]*\)".*/\1/p')
    case "$state" in done | failed) break ;; esac
    sleep 1
done
after=$(hwm)
echo "bench_serve: hostile upload ($(($(stat -c %s "$bomb") >> 10)) KiB zip," \
    "1 GiB inflated): job $state after $(( $(date +%s) - t0 )) s," \
    "server memory peak $((before >> 10)) MiB before, $((after >> 10)) MiB after"
