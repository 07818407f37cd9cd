#!/bin/sh
# browser.sh - end-to-end tests of bonafide serve in headless Chromium.
#
# Serves the simulated world (bonafide sim --accounts 2000 --seed 5) from a
# temporary store on a random free loopback port, then runs
# every tests/browser/*.mjs but lib.mjs (which they share, and which says
# what each is given) with playwright-core driving Debian's chromium, one
# after the other against that one server.  playwright-core and axe-core
# are installed into tests/browser/node_modules by npm the first time (npm
# ci when the lock file is there).  Skips, with the reason, when node, npm or chromium is
# missing or the install fails.
set -u
top=$(pwd)
BIN=${BONAFIDE:-$top/bin/bonafide}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
dir="$top/tests/browser"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
for tool in node npm; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "skip browser: $tool is not installed"
        exit 0
    fi
done
if [ ! -x "$CHROMIUM" ]; then
    echo "skip browser: no chromium at $CHROMIUM"
    exit 0
fi
if [ ! -d "$dir/node_modules/playwright-core" ] ||
   [ ! -d "$dir/node_modules/axe-core" ]; then
    if [ -f "$dir/package-lock.json" ]; then
        (cd "$dir" && npm ci --no-audit --no-fund) >/dev/null 2>&1
    else
        (cd "$dir" && npm install --no-audit --no-fund) >/dev/null 2>&1
    fi
    if [ ! -d "$dir/node_modules/playwright-core" ] ||
   [ ! -d "$dir/node_modules/axe-core" ]; then
        echo "skip browser: npm could not install playwright-core"
        exit 0
    fi
fi
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
if ! "$BIN" sim --accounts 2000 --seed 5 --out "$tmp/sim" >/dev/null 2>&1 ||
   ! "$BIN" ingest --store "$tmp/st" --platform sim "$tmp/sim/accounts.csv" \
       "$tmp/sim/follows.csv" "$tmp/sim/posts.jsonl" >/dev/null 2>&1; then
    echo "FAIL browser-setup"
    echo "    could not build the simulated store"
    exit 1
fi
# The upload: three accounts of a new platform-free CSV and a broken row.
{
    head -1 "$tmp/sim/accounts.csv"
    sed -n '2,4p' "$tmp/sim/accounts.csv" | sed 's/^"1/"9/'
    echo '"bad","row'
} >"$tmp/upload.csv"
started=0
for try in 1 2 3 4 5 6 7 8; do
    port=$(( ($(od -An -N2 -tu2 /dev/urandom) % 20000) + 30000 ))
    "$BIN" serve --store "$tmp/st" --listen "127.0.0.1:$port" \
        >"$tmp/serve.out" 2>"$tmp/serve.err" &
    pid=$!
    i=0
    while [ $i -lt 50 ] && kill -0 "$pid" 2>/dev/null; do
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
    echo "FAIL browser-serve"
    sed 's/^/    /' "$tmp/serve.err"
    exit 1
fi
status=0
for test in "$dir"/*.mjs; do
    [ "$(basename "$test")" = lib.mjs ] && continue
    work=$(mktemp -d "$tmp/work.XXXXXX")
    BASE_URL="http://127.0.0.1:$port" UPLOAD_FILE="$tmp/upload.csv" \
    UPLOAD_ACCOUNTS=3 CHROMIUM="$CHROMIUM" BONAFIDE="$BIN" STORE="$tmp/st" \
    SIM_DIR="$tmp/sim" WORK_DIR="$work" \
        timeout 600 node "$test" 2>&1 || status=1
done
exit $status
