#!/bin/sh
# serve.sh - bonafide serve over real HTTP: pages, API, security, limits.
#
# Builds a small simulated store, serves it on a random free loopback port
# and checks answers with curl (and python3 for raw sockets): security
# headers, the token rule, hostile requests with their expected status
# codes, uploads, a slow client dropped after --timeout while others are
# served.  Then the attacks of other web pages (a cross-site form upload,
# a text/plain POST to the API, a rebinding Host) and of cheap clients
# (hundreds of query parameters, hundreds of slow sockets) are each
# reproduced and must fail.  Prints "ok NAME", "FAIL NAME" or "skip NAME:
# reason" per test.
set -u
top=$(pwd)
BIN=${BONAFIDE:-$top/bin/bonafide}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
if ! command -v curl >/dev/null 2>&1; then
    echo "skip serve: curl is not installed"
    exit 0
fi
tmp=$(mktemp -d)
pids=
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    for p in $pids; do wait "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
failed=0
ok() { echo "ok $1"; }
fail() { echo "FAIL $1"; shift; for l in "$@"; do echo "    $l"; done; failed=1; }
check() { # check NAME WANT GOT
    if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "want $2, got $3"; fi
}

# start NAME ARGS...: serve on a random high loopback port (retried when
# taken, or when it is not listening within 10 s); sets $port and adds the
# pid to $pids.  Returns 1 if it fails.  The standard error of every try
# is kept in $tmp/NAME.err: a store made by a try that was then retried
# (a loaded machine, a sanitizer build) was still said by that try.
start() {
    name=$1
    shift
    : >"$tmp/$name.err"
    for try in 1 2 3 4 5 6 7 8; do
        port=$(( ($(od -An -N2 -tu2 /dev/urandom) % 20000) + 30000 ))
        "$BIN" serve --listen "127.0.0.1:$port" "$@" \
            >"$tmp/$name.out" 2>>"$tmp/$name.err" &
        pid=$!
        i=0
        while [ $i -lt 100 ]; do
            if grep -q '^listening' "$tmp/$name.out" 2>/dev/null; then
                pids="$pids $pid"
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
            i=$((i + 1))
        done
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    return 1
}

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# wait_job JOB waits, up to 5 s, for ingest job JOB of $u to end.
wait_job() {
    _i=0
    while [ $_i -lt 50 ] &&
        ! curl -s "$u/api/v1/ingest/$1" | grep -q '"done"\|"failed"'; do
        sleep 0.1
        _i=$((_i + 1))
    done
}

"$BIN" sim --accounts 2000 --seed 5 --out "$tmp/sim" >/dev/null 2>&1 &&
"$BIN" ingest --store "$tmp/st" --platform sim "$tmp/sim/accounts.csv" \
    "$tmp/sim/follows.csv" "$tmp/sim/posts.jsonl" >/dev/null 2>&1
if [ $? -ne 0 ]; then
    fail "serve-setup" "could not build the simulated store"
    exit 1
fi
if ! start main --store "$tmp/st" --timeout 2 --max-upload 1; then
    fail "serve-start" "$(cat "$tmp/main.err")"
    exit 1
fi
u="http://127.0.0.1:$port"
ok "serve-start"

# Pages and API.
curl -s -D "$tmp/h" -o "$tmp/b" "$u/?q=claire"
tr -d '\r' <"$tmp/h" >"$tmp/hh"
if grep -q "^Content-Security-Policy: default-src 'none'" "$tmp/hh" &&
   ! grep -i '^Content-Security-Policy:.*script' "$tmp/hh" >/dev/null &&
   grep -q "frame-ancestors 'none'" "$tmp/hh" &&
   grep -q '^X-Content-Type-Options: nosniff' "$tmp/hh" &&
   grep -q '^X-Frame-Options: DENY' "$tmp/hh"; then
    ok "serve-security-headers"
else
    fail "serve-security-headers" "$(cat "$tmp/hh")"
fi
if grep -q 'sim:claire_martin_conseil' "$tmp/b"; then
    ok "serve-search-page"
else
    fail "serve-search-page" "claire_martin_conseil not listed"
fi
curl -s "$u/api/v1/accounts?q=sim:maxgrowth" >"$tmp/b"
if grep -q '"handle":"maxgrowth_guru"' "$tmp/b"; then
    ok "serve-api-search"
else
    fail "serve-api-search" "$(head -c 300 "$tmp/b")"
fi
# A handle is data: a quote in it stays inside its JSON strings.
printf 'id,screen_name,name,followers_count\n77,"zqx""ote",Quote Test,10\n' \
    >"$tmp/quote.csv"
"$BIN" ingest --store "$tmp/st" "$tmp/quote.csv" >/dev/null 2>&1
curl -s "$u/api/v1/accounts?q=zqx" >"$tmp/b"
if python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert [a["account"] for a in d["accounts"]] == ["twitter:zqx\"ote"]' \
    "$tmp/b" 2>/dev/null; then
    ok "serve-search-json-escapes"
else
    fail "serve-search-json-escapes" "$(cat "$tmp/b")"
fi
# An account with a name and no handle (a Facebook Page has none) is
# found by its name, and its link, by native id, opens its audit.
printf 'id,name,followers_count\n78,Boulangerie Quenelle Lyonnaise,40\n' \
    >"$tmp/page.csv"
"$BIN" ingest --store "$tmp/st" "$tmp/page.csv" >/dev/null 2>&1
curl -s "$u/api/v1/accounts?q=quenelle" >"$tmp/b"
if python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert [a["account"] for a in d["accounts"]] == ["twitter:#78"]
assert d["accounts"][0]["name"] == "Boulangerie Quenelle Lyonnaise"' \
    "$tmp/b" 2>/dev/null &&
   [ "$(code "$u/audit?a=twitter:%2378")" = 200 ]; then
    ok "serve-search-name-only"
else
    fail "serve-search-name-only" "$(cat "$tmp/b")"
fi
check "serve-audit-page" 200 "$(code "$u/audit?a=sim:claire_martin_conseil")"
curl -s "$u/audit?a=sim:promo_deals_24&lang=fr" >"$tmp/b"
if grep -q '<html lang="fr"' "$tmp/b" && grep -q 'id="nav-lang"' "$tmp/b"; then
    ok "serve-audit-french"
else
    fail "serve-audit-french" "no French page with navigation"
fi
curl -s "$u/api/v1/accounts/sim:maxgrowth_guru/audit" >"$tmp/b"
if grep -q '"verdict"' "$tmp/b"; then
    ok "serve-api-audit"
else
    fail "serve-api-audit" "$(head -c 300 "$tmp/b")"
fi
check "serve-compare" 200 "$(code "$u/compare?a=sim:claire_martin_conseil&a=sim:maxgrowth_guru")"
check "serve-api-compare" 200 "$(code "$u/api/v1/compare?a=sim:claire_martin_conseil&a=sim:maxgrowth_guru")"
check "serve-compare-six" 400 "$(code "$u/compare?a=sim:a&a=sim:b&a=sim:c&a=sim:d&a=sim:e&a=sim:f")"
curl -s -w '%{http_code}' "$u/api/v1/accounts/sim:nobody_here_42" >"$tmp/b"
if grep -q '{"error":{"code":"not_found","message":' "$tmp/b" &&
   grep -q '404$' "$tmp/b"; then
    ok "serve-api-not-found"
else
    fail "serve-api-not-found" "$(cat "$tmp/b")"
fi
check "serve-unknown-path" 404 "$(code "$u/nothing/here")"
for page in "/?q=sim" "/audit?a=sim:claire_martin_conseil" "/upload" \
    "/compare?a=sim:maxgrowth_guru&a=sim:promo_deals_24"; do
    curl -s "$u$page"
done >"$tmp/all"
if grep -qi '<script' "$tmp/all"; then
    fail "serve-no-script" "a page holds a script"
else
    ok "serve-no-script"
fi

# Hostile requests.
check "serve-traversal" 400 "$(code --path-as-is "$u/../../etc/passwd")"
check "serve-traversal-api" 400 "$(code --path-as-is "$u/api/v1/accounts/../../x")"
check "serve-traversal-encoded" 400 "$(code --path-as-is "$u/%2e%2e/%2e%2e/etc/passwd")"
check "serve-method" 405 "$(code -X DELETE "$u/")"
python3 -c "print('X-Big: ' + 'a' * 70000)" >"$tmp/bighdr"
check "serve-header-too-large" 431 "$(code -H @"$tmp/bighdr" "$u/api/v1/health")"
head -c 2000000 /dev/zero >"$tmp/big.csv"
check "serve-upload-too-large" 413 "$(code -F "file=@$tmp/big.csv" "$u/upload")"
OCT='Content-Type: application/octet-stream'
check "serve-upload-too-large-api" 413 "$(code -H "$OCT" --data-binary @"$tmp/big.csv" "$u/api/v1/ingest?name=big.csv")"
check "serve-upload-chunked" 411 "$(code -H 'Transfer-Encoding: chunked' -H "$OCT" --data-binary x "$u/api/v1/ingest")"
# A body with no parts has no CSRF token either: refused as a forgery.
check "serve-multipart-malformed" 403 "$(code -H 'Content-Type: multipart/form-data; boundary=zz' --data-binary 'garbage without parts' "$u/upload")"
check "serve-multipart-no-boundary" 400 "$(code -H 'Content-Type: multipart/form-data' --data-binary 'x' "$u/upload")"
check "serve-upload-get-api" 405 "$(code "$u/api/v1/ingest")"

# Uploads: a CSV with a contact detail and a broken row.
{
    head -1 "$tmp/sim/accounts.csv"
    sed -n 2p "$tmp/sim/accounts.csv" |
        sed 's/"1000000000022847","Claire Martin","claire_martin_conseil"/"77","Zoe Upload jane.doe@example.com +33 6 12 34 56 78","zoe_upload"/'
    echo '"bad","row'
} >"$tmp/up.csv"
# form_token prints the CSRF token of the upload form, as a browser sees it.
form_token() {
    curl -s "$1/upload" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p'
}
tok=$(form_token "$u")
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -F "csrf=$tok" \
    -F "file=@$tmp/up.csv" -F platform=sim "$u/upload?lang=en")
job=${loc##*/jobs/}
job=${job%%\?*}
i=0
while [ $i -lt 50 ]; do
    curl -s "$u/api/v1/ingest/$job" >"$tmp/job"
    grep -q '"state":"done"\|"state":"failed"' "$tmp/job" && break
    sleep 0.1
    i=$((i + 1))
done
if grep -q '"state":"done"' "$tmp/job" && grep -q '"accounts":1' "$tmp/job" &&
   grep -q '"rejected":1' "$tmp/job"; then
    ok "serve-upload-form"
else
    fail "serve-upload-form" "$(cat "$tmp/job")"
fi
curl -s "$u/?q=sim:zoe_upload" >"$tmp/b"
curl -s "$u/api/v1/accounts/sim:zoe_upload" >>"$tmp/b"
curl -s "$u/audit?a=sim:zoe_upload" >>"$tmp/b"
curl -s "$u/jobs/$job" >>"$tmp/b"
if grep -q 'zoe_upload' "$tmp/b" && ! grep -q 'jane.doe@example.com\|12 34 56 78' "$tmp/b"; then
    ok "serve-no-contact-details"
else
    fail "serve-no-contact-details" "$(grep -o '.\{40\}jane.doe.\{20\}' "$tmp/b" | head -3)"
fi
out=$(curl -s -w ' %{http_code}' -H "$OCT" --data-binary @"$tmp/sim/labels.csv" \
    "$u/api/v1/ingest?name=labels.csv&platform=sim")
case "$out" in
*'"job":'*' 202') ok "serve-upload-api" ;;
*) fail "serve-upload-api" "$out" ;;
esac
job=$(echo "$out" | sed -n 's/.*"job":\([0-9]*\).*/\1/p')
wait_job "$job"

# An export uploaded is its account's, as the download's own name says:
# Instagram names it "instagram-<username>-<date>-<random>.zip".  (Read
# under the server's temporary name, the account was "upload-XXXXXX", a
# new one at every upload.)  No upload file or directory stays behind.
python3 - "$tmp/instagram-shop.owner-2024-12-05-AbCdEf12.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("connections/followers_and_following/followers_1.json",
               '[{"title":"","media_list_data":[],"string_list_data":'
               '[{"href":"https://www.instagram.com/fay","value":"fay",'
               '"timestamp":1650000000}]}]')
PY
out=$(curl -s -H "$OCT" --data-binary @"$tmp/instagram-shop.owner-2024-12-05-AbCdEf12.zip" \
    "$u/api/v1/ingest?name=instagram-shop.owner-2024-12-05-AbCdEf12.zip")
job=$(echo "$out" | sed -n 's/.*"job":\([0-9]*\).*/\1/p')
wait_job "$job"
got=$(code "$u/api/v1/accounts/instagram:shop.owner")
left=$(ls "$tmp/st" | grep '^upload-')
if [ "$got" = 200 ] && [ -z "$left" ]; then
    ok "serve-upload-export-owner"
else
    fail "serve-upload-export-owner" "instagram:shop.owner: $got; left: $left;" \
        "$(curl -s "$u/api/v1/ingest/$job")"
fi

# An upload cut off by the client leaves no file and no job.
python3 - "$port" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"POST /api/v1/ingest?name=x.csv HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          b"Content-Type: text/csv\r\n"
          b"Content-Length: 100000\r\n\r\n" + b"id,name\n" * 100)
s.close()
PY
# The server notices the close at once, or at the latest after --timeout.
i=0
while [ $i -lt 50 ] && ls "$tmp/st" | grep -q '^upload-'; do
    sleep 0.1
    i=$((i + 1))
done
if ls "$tmp/st" | grep -q '^upload-'; then
    fail "serve-upload-aborted" "an upload file was left in the store:" \
        "$(ls "$tmp/st")"
else
    ok "serve-upload-aborted"
fi

# A slow client is dropped after --timeout while others are served.
python3 - "$port" "$u" >"$tmp/slow" 2>&1 <<'PY'
import socket, sys, time, urllib.request
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
time.sleep(0.5)
s.sendall(b"X-Slow: 1\r\n")
t0 = time.time()
r = urllib.request.urlopen(sys.argv[2] + "/api/v1/health", timeout=5)
served = r.status == 200 and time.time() - t0 < 1.5
s.settimeout(10)
closed = False
try:
    closed = s.recv(100) == b""
except (ConnectionResetError, socket.timeout):
    closed = True
print("served=%s closed=%s" % (served, closed))
PY
check "serve-slowloris" "served=True closed=True" "$(cat "$tmp/slow")"

# ---- Other web pages cannot drive the server. ----
# A page on another site posts the upload form (a browser sends Origin and
# Sec-Fetch-Site), or an old browser posts it without them and without the
# form's token, or with a forged token: refused before any byte is stored.
{
    head -1 "$tmp/sim/accounts.csv"
    sed -n 2p "$tmp/sim/accounts.csv" |
        sed 's/"1000000000022847","Claire Martin","claire_martin_conseil"/"78","Mallory","csrf_victim"/'
} >"$tmp/csrf.csv"
check "serve-csrf-cross-site-form" 403 "$(code -H 'Origin: http://evil.example' \
    -H 'Sec-Fetch-Site: cross-site' -F "file=@$tmp/csrf.csv" -F platform=sim "$u/upload")"
check "serve-csrf-null-origin" 403 "$(code -H 'Origin: null' \
    -F "csrf=$(form_token "$u")" -F "file=@$tmp/csrf.csv" -F platform=sim "$u/upload")"
check "serve-csrf-same-site" 403 "$(code -H 'Sec-Fetch-Site: same-site' \
    -F "csrf=$(form_token "$u")" -F "file=@$tmp/csrf.csv" -F platform=sim "$u/upload")"
check "serve-csrf-no-token" 403 "$(code -F "file=@$tmp/csrf.csv" -F platform=sim "$u/upload")"
check "serve-csrf-forged-token" 403 "$(code -F "csrf=0000000000000000-$(printf '%064d' 0)" \
    -F "file=@$tmp/csrf.csv" -F platform=sim "$u/upload")"
tok=$(form_token "$u")
check "serve-csrf-token-after-file" 403 "$(code -F "file=@$tmp/csrf.csv" -F "csrf=$tok" \
    -F platform=sim "$u/upload")"
# A page can POST text/plain, a urlencoded or a multipart form to the API
# without asking first; the API takes none of them.
check "serve-api-text-plain" 415 "$(code -H 'Content-Type: text/plain' \
    --data-binary @"$tmp/csrf.csv" "$u/api/v1/ingest?name=x.csv&platform=sim")"
check "serve-api-urlencoded" 415 "$(code --data-binary @"$tmp/csrf.csv" \
    "$u/api/v1/ingest?name=x.csv&platform=sim")"
check "serve-api-multipart" 415 "$(code -F "file=@$tmp/csrf.csv" -F platform=sim \
    "$u/api/v1/ingest")"
check "serve-api-no-type" 415 "$(code -H 'Content-Type:' --data-binary @"$tmp/csrf.csv" \
    "$u/api/v1/ingest?name=x.csv&platform=sim")"
check "serve-api-cross-origin" 403 "$(code -H 'Origin: http://evil.example' -H "$OCT" \
    --data-binary @"$tmp/csrf.csv" "$u/api/v1/ingest?name=x.csv&platform=sim")"
sleep 0.5
check "serve-csrf-nothing-ingested" 404 "$(code "$u/api/v1/accounts/sim:csrf_victim")"
if ls "$tmp/st" | grep -q '^upload-'; then
    fail "serve-csrf-no-upload-file" "$(ls "$tmp/st")"
else
    ok "serve-csrf-no-upload-file"
fi
# The same-origin form with its token still works (the browser suite
# drives it too): Origin and Sec-Fetch-Site as Chromium sends them.
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -H "Origin: http://127.0.0.1:$port" \
    -H 'Sec-Fetch-Site: same-origin' -F "csrf=$(form_token "$u")" \
    -F "file=@$tmp/csrf.csv" -F platform=sim "$u/upload")
case "$loc" in
*/jobs/*) ok "serve-csrf-own-form" ;;
*) fail "serve-csrf-own-form" "no redirect to the job: '$loc'" ;;
esac
# DNS rebinding: a page's own name resolving to 127.0.0.1 is in Host.
check "serve-host-rebinding" 421 "$(code -H 'Host: rebind.example:'"$port" "$u/api/v1/accounts?q=sim")"
check "serve-host-missing" 400 "$(code -H 'Host:' "$u/api/v1/health")"
check "serve-host-localhost" 200 "$(code -H "Host: localhost:$port" "$u/api/v1/health")"
if start named --store "$tmp/st" --host-name bonafide.test; then
    un="http://127.0.0.1:$port"
    check "serve-host-name-option" 200 "$(code -H "Host: bonafide.test:$port" "$un/api/v1/health")"
    check "serve-host-name-other" 421 "$(code -H "Host: other.test:$port" "$un/api/v1/health")"
else
    fail "serve-host-name-start" "$(cat "$tmp/named.err")"
fi

# ---- Cheap requests are answered at once. ----
# 463 query parameters once exhausted the connection's memory and were
# never answered; the answer must come well before the 2 s idle timeout
# would close the socket (curl's 1.5 s limit prints 000 otherwise).
q=$(python3 -c "print('&'.join('x%d=1' % i for i in range(463)))")
check "serve-many-params" 400 "$(code -m 1.5 "$u/api/v1/health?$q")"
q=$(python3 -c "print('&'.join('a' for i in range(3000)))")
check "serve-many-short-params" 400 "$(code -m 1.5 "$u/?$q")"
q=$(python3 -c "print('a' * 9000)")
check "serve-uri-too-long" 414 "$(code -m 1.5 "$u/?q=$q")"
check "serve-params-at-limit" 200 "$(code -m 1.5 "$u/api/v1/health?$(python3 -c "print('&'.join('x%d=1' % i for i in range(64)))")")"
check "serve-get-with-body" 413 "$(code -m 1.5 -X GET --data-binary x "$u/api/v1/health")"
python3 -c "print('\n'.join('X-H%d: v' % i for i in range(1000)))" >"$tmp/manyhdr"
check "serve-many-headers" 431 "$(code -m 1.5 -H @"$tmp/manyhdr" "$u/api/v1/health")"

# ---- Small ones. ----
check "serve-cl-and-te" 400 "$(code -H 'Transfer-Encoding: chunked' -H 'Content-Length: 5' \
    -H "$OCT" --data-binary x "$u/api/v1/ingest")"
python3 - "$port" >"$tmp/dupcl" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(5)
s.sendall(b"POST /api/v1/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          b"Content-Type: text/csv\r\nContent-Length: 1\r\n"
          b"Content-Length: 20\r\n\r\nx")
print(s.recv(12)[9:12].decode())
PY
check "serve-duplicate-content-length" 400 "$(cat "$tmp/dupcl")"
for l in -1 0 51 1e3 +5 0x10 5.0 '' 1000; do
    check "serve-limit-'$l'" 400 "$(code "$u/api/v1/accounts?q=sim&limit=$l")"
done
check "serve-limit-page" 400 "$(code "$u/?q=sim&limit=0")"
check "serve-limit-twice" 400 "$(code "$u/api/v1/accounts?q=sim&limit=5&limit=60")"
check "serve-limit-50" 200 "$(code "$u/api/v1/accounts?q=sim&limit=50")"
# Control bytes from the query or from ingested names never reach a page.
{
    head -1 "$tmp/sim/accounts.csv"
    sed -n 2p "$tmp/sim/accounts.csv" |
        sed "s/\"1000000000022847\",\"Claire Martin\",\"claire_martin_conseil\"/\"79\",\"Bell$(printf '\007')Esc$(printf '\033')[31m\",\"ctl_name\"/"
} >"$tmp/ctl.csv"
out=$(curl -s -H "$OCT" --data-binary @"$tmp/ctl.csv" "$u/api/v1/ingest?name=ctl.csv&platform=sim")
job=$(echo "$out" | sed -n 's/.*"job":\([0-9]*\).*/\1/p')
wait_job "$job"
{
    curl -s "$u/?q=a%01b%1b%5B31m%07%7f%c2%9b"
    curl -s "$u/?q=ctl_name"
    curl -s "$u/audit?a=sim:ctl_name"
    curl -s "$u/compare?a=sim:ctl_name&a=sim:maxgrowth_guru"
    curl -s "$u/jobs/$job"
    curl -s "$u/nothing%01here"
} >"$tmp/ctlpages"
if LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037\177]')" "$tmp/ctlpages" ||
   LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$tmp/ctlpages"; then
    fail "serve-no-control-bytes" "$(LC_ALL=C grep -c "$(printf '[\001-\010\033\177]')" "$tmp/ctlpages") lines hold one"
else
    ok "serve-no-control-bytes"
fi

# ---- Slow clients cannot starve the others. ----
# 600 sockets (more than the 512 connections allowed) from four loopback
# addresses each send a request's first line, then one header byte a
# second, which no idle timeout ever ends.  Another client must still be
# served: the per-address limit refuses most of them, and the header
# deadline (2 s here) closes the rest.  The script stops by itself.
if start slow --store "$tmp/st" --max-conns-per-ip 100 --header-timeout 2 \
        --timeout 30; then
    python3 - "$port" >"$tmp/slowmany" 2>&1 <<'PY'
import socket, sys, time
port = int(sys.argv[1])
socks = []
for i in range(600):
    s = socket.socket()
    s.bind(("127.0.0.%d" % (2 + i % 4), 0))
    s.settimeout(2)
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        s.setblocking(False)
        socks.append(s)
    except OSError:
        s.close()
# Another client, while they trickle.
served = False
deadline = time.time() + 12
while not served and time.time() < deadline:
    for s in socks:
        try:
            s.send(b"X")
        except OSError:
            pass
    c = socket.create_connection(("127.0.0.1", port), timeout=2)
    c.settimeout(2)
    try:
        c.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Connection: close\r\n\r\n")
        served = c.recv(12).startswith(b"HTTP/1.1 200")
    except OSError:
        pass
    c.close()
    time.sleep(0.5)
# Every slow socket has been closed by the server by now.
time.sleep(3)
open_ = 0
for s in socks:
    try:
        s.send(b"X")
        if s.recv(1, socket.MSG_PEEK) != b"":
            open_ += 1
    except BlockingIOError:
        open_ += 1
    except OSError:
        pass
    s.close()
print("served=%s open=%d" % (served, open_))
PY
    check "serve-slow-sockets" "served=True open=0" "$(tail -1 "$tmp/slowmany")"
else
    fail "serve-slow-start" "$(cat "$tmp/slow.err")"
fi

# The token rule.
printf 's3cret-token\n' >"$tmp/tok"
if "$BIN" serve --store "$tmp/st" --listen 0.0.0.0:0 >/dev/null 2>"$tmp/e"; then
    fail "serve-refuse-public-without-token" "it started"
else
    ok "serve-refuse-public-without-token"
fi
if BONAFIDE_TOKEN= "$BIN" serve --store "$tmp/st" --listen '[::]:0' \
        >/dev/null 2>&1; then
    fail "serve-refuse-public-v6-without-token" "it started"
else
    ok "serve-refuse-public-v6-without-token"
fi
if start tok --store "$tmp/st" --token-file "$tmp/tok"; then
    ut="http://127.0.0.1:$port"
    check "serve-token-missing" 401 "$(code "$ut/api/v1/health")"
    check "serve-token-wrong" 401 "$(code -H 'Authorization: Bearer s3cret-tokeX' "$ut/")"
    check "serve-token-prefix" 401 "$(code -H 'Authorization: Bearer s3cret' "$ut/")"
    check "serve-token-right" 200 "$(code -H 'Authorization: Bearer s3cret-token' "$ut/")"
    # Browsers: the sign-in page is open, other pages send there, and the
    # sign-in form refuses what a forger or a careless client sends.
    check "serve-signin-open" 200 "$(code "$ut/signin")"
    check "serve-page-to-signin" 303 "$(code "$ut/upload")"
    check "serve-forged-cookie" 303 "$(code -b "bf_session=$(printf '%016x' 4102444800).$(printf '%032d' 0).$(printf '%064d' 0)" "$ut/upload")"
    st=$(curl -s -c "$tmp/jar" "$ut/signin" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    check "serve-signin-cross-origin" 403 "$(code -H 'Origin: http://evil.example' \
        --data-urlencode "csrf=$st" --data-urlencode token=s3cret-token "$ut/signin")"
    check "serve-signin-no-csrf" 403 "$(code --data-urlencode token=s3cret-token "$ut/signin")"
    check "serve-signin-multipart" 400 "$(code -F "csrf=$st" -F token=s3cret-token "$ut/signin")"
    check "serve-signin-oversized" 413 "$(code --data "csrf=$st&token=$(head -c 5000 /dev/zero | tr '\0' a)" "$ut/signin")"
    check "serve-signin-long-field" 413 "$(code --data "csrf=$st&token=$(head -c 300 /dev/zero | tr '\0' a)" "$ut/signin")"
    check "serve-signin-right" 303 "$(code --data-urlencode "csrf=$st" --data-urlencode token=s3cret-token "$ut/signin")"
    check "serve-share-forged" 403 "$(code "$ut/s/$(printf '%016x' 4102444800)-00000000-$(printf '%032d' 0)")"
    check "serve-share-garbage" 403 "$(code "$ut/s/%3Cscript%3E")"
    check "serve-share-form-needs-session" 303 "$(code "$ut/share?a=sim:claire_martin_conseil")"
    check "serve-signin-get-with-body" 413 "$(code -X GET --data x=1 "$ut/signin")"
else
    fail "serve-token-start" "$(cat "$tmp/tok.err")"
fi

# A new observation of an account already stored (at the same time as
# the first, which wins as a later one would: the suites' clock,
# BONAFIDE_NOW, is the simulated world's) changes its counters without
# adding a row to any table: the cached report, and the verdict
# figures the shortlist keeps, must still show the new count.  Its own
# copy of the store, so the figures of the other tests stay as they are.
cp -r "$tmp/st" "$tmp/gen"
if start gen --store "$tmp/gen"; then
    ug="http://127.0.0.1:$port"
    a=sim:claire_martin_conseil
    gtok=$(curl -s "$ug/" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    code --data-urlencode "csrf=$gtok" --data-urlencode "a=$a" \
        "$ug/shortlist/add" >/dev/null
    before=$(curl -s "$ug/api/v1/accounts/$a/audit" | grep -o '"followers":[0-9]*' | head -1)
    sbefore=$(curl -s "$ug/api/v1/shortlist" | grep -o '"followers":[0-9]*' | head -1)
    {
        head -1 "$tmp/sim/accounts.csv"
        grep '"claire_martin_conseil"' "$tmp/sim/accounts.csv" |
            sed 's/"550"/"96550"/'
    } >"$tmp/later.csv"
    rows() {
        for t in accounts posts segments; do
            sqlite3 "$tmp/gen/bonafide.sqlite" "SELECT max(id) FROM $t" 2>/dev/null
        done | tr '\n' ' '
    }
    rbefore=$(rows)
    "$BIN" ingest --quiet --store "$tmp/gen" --platform sim "$tmp/later.csv" \
        >"$tmp/later.out" 2>&1
    irc=$?
    rafter=$(rows)
    after=$(curl -s "$ug/api/v1/accounts/$a/audit" | grep -o '"followers":[0-9]*' | head -1)
    safter=$(curl -s "$ug/api/v1/shortlist" | grep -o '"followers":[0-9]*' | head -1)
    if [ "$before" = '"followers":550' ] && [ "$rbefore" = "$rafter" ] &&
       [ "$after" = '"followers":96550' ]; then
        ok "serve-cache-counters-update"
    else
        fail "serve-cache-counters-update" \
            "audit $before then $after; max rowids $rbefore then $rafter" \
            "ingest: exit $irc, $(head -3 "$tmp/later.out")"
    fi
    if [ "$sbefore" = '"followers":550' ] &&
       [ "$safter" = '"followers":96550' ]; then
        ok "serve-shortlist-counters-update"
    else
        fail "serve-shortlist-counters-update" "$sbefore then $safter"
    fi
else
    fail "serve-gen-start" "$(cat "$tmp/gen.err")"
fi

# Audits are built by worker threads while the connections' own threads
# answer searches.  One worker and thirty distinct audits asked at once:
# each is queued, built in turn and sent to its own client, and searches
# asked meanwhile are answered.  Then the same burst with the server told
# to stop while they wait: it answers or closes each, and exits 0 (libmicro-
# httpd aborts the process when stopped with a connection still waiting).
handles=$(python3 -c '
import csv, sys
rows = csv.DictReader(open(sys.argv[1], newline=""))
print(" ".join([r["screen_name"] for r in rows][:30]))' "$tmp/sim/accounts.csv")
if start lane --store "$tmp/st" --threads 1; then
    ul="http://127.0.0.1:$port"
    mkdir -p "$tmp/lane"
    cpids=
    for h in $handles; do
        curl -s -o "$tmp/lane/$h.json" -w '%{http_code}' \
            "$ul/api/v1/accounts/sim:$h/audit" >"$tmp/lane/$h.code" &
        cpids="$cpids $!"
    done
    searches=$(for q in cl ma pa so; do code "$ul/api/v1/accounts?q=$q"; done |
        tr -d '\n')
    for p in $cpids; do wait "$p"; done
    good=0
    for h in $handles; do
        if [ "$(cat "$tmp/lane/$h.code")" = 200 ] &&
           grep -q "\"handle\":\"$h\"" "$tmp/lane/$h.json"; then
            good=$((good + 1))
        fi
    done
    check "serve-lane-audits" "30 200200200200" "$good $searches"
    lanepid=$pid
    cpids=
    for h in $handles; do
        curl -s -m 60 -o /dev/null "$ul/audit?a=sim:$h&lang=fr" &
        cpids="$cpids $!"
    done
    sleep 0.3
    kill -TERM "$lanepid"
    wait "$lanepid"
    lrc=$?
    for p in $cpids; do wait "$p"; done
    check "serve-lane-stop" "0 0" "$lrc $(grep -ci 'panic\|abort' "$tmp/lane.err")"
else
    fail "serve-lane-start" "$(cat "$tmp/lane.err")"
fi

# A store the server had to make is said on stderr; an existing one is not.
# (start may have tried a busy port first, whose error the file keeps: the
# try that made the store said so, once.)
if start fresh --store "$tmp/fresh/st"; then
    check "serve-says-new-store" 1 \
        "$(grep -cxF "bonafide serve: new, empty store in $tmp/fresh/st" \
            "$tmp/fresh.err")"
    check "serve-existing-store-quiet" 0 \
        "$(grep -c 'new, empty store' "$tmp/main.err")"
    # A second server on the port the first holds says why it cannot start.
    "$BIN" serve --listen "127.0.0.1:$port" --store "$tmp/fresh/st" \
        >/dev/null 2>"$tmp/busy.err"
    check "serve-busy-port" "1 bonafide serve: cannot listen on 127.0.0.1, port $port: the port is in use, or the address is not this machine's" \
        "$? $(cat "$tmp/busy.err")"
else
    fail "serve-fresh-start" "$(cat "$tmp/fresh.err")"
fi
exit $failed
