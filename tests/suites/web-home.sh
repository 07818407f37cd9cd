#!/bin/sh
# web-home.sh - the home page, the browser's language and audit by pasted
# address, over real HTTP with curl.
#
# Serves a small simulated store on a random loopback port and checks:
# the language chosen from Accept-Language (q-values), from ?lang= (and
# the cookie that remembers it) and on error pages; the paste form's
# protections (CSRF token, Origin, size, type); an address of an account
# in the store going to its report; a hostile address refused; the
# not-found page naming the account with close ones; the page that says
# which export to ask for; the accounts pasted and uploaded listed on the
# home page, newest first, and still after a restart.  Then, when the
# shared data is there, a Bluesky address of an account not in the store
# is collected by a job of the server from tests/replay/replay.py (the
# same recorded responses as tests/suites/fetch.sh) and the job ends on
# its report, which `bonafide audit ADDRESS` then finds too (and
# `bonafide fetch ADDRESS` collects on its own).  Prints "ok NAME",
# "FAIL NAME" or "skip NAME: reason" per test.
set -u
top=$(pwd)
BIN=${BONAFIDE:-$top/bin/bonafide}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
SHARED=${SHARED:-${BONAFIDE_SHARED:-$top/../shared}}
DATA=$SHARED/data
if ! command -v curl >/dev/null 2>&1; then
    echo "skip web-home: curl is not installed"
    exit 0
fi
unset BONAFIDE_BSKY_SERVICE BONAFIDE_X_BEARER_TOKEN BONAFIDE_GRAPH_TOKEN \
    BONAFIDE_GRAPH_TOKEN_FILE BONAFIDE_IG_USER_ID BONAFIDE_YOUTUBE_API_KEY \
    BONAFIDE_YOUTUBE_API_KEY_FILE
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

# start NAME ARGS...: serve on a random high loopback port (retried when
# taken); sets $port and adds the pid to $pids.  Returns 1 if it fails.
start() {
    name=$1
    shift
    for try in 1 2 3 4 5 6 7 8; do
        port=$(( ($(od -An -N2 -tu2 /dev/urandom) % 20000) + 30000 ))
        "$BIN" serve --listen "127.0.0.1:$port" "$@" \
            >"$tmp/$name.out" 2>"$tmp/$name.err" &
        pid=$!
        i=0
        while [ $i -lt 50 ]; do
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

# lang_of ARGS...: the lang attribute of the page curl gets with ARGS.
lang_of() {
    curl -s "$@" | sed -n 's/.*<html lang="\([a-z]*\)".*/\1/p' | head -1
}

"$BIN" sim --accounts 300 --seed 5 --out "$tmp/sim" >/dev/null 2>&1 &&
"$BIN" ingest --store "$tmp/st" --platform sim "$tmp/sim/accounts.csv" \
    "$tmp/sim/follows.csv" "$tmp/sim/posts.jsonl" >/dev/null 2>&1
if [ $? -ne 0 ]; then
    fail "web-home-setup" "could not build the simulated store"
    exit 1
fi
# The replay, when the shared data is there, so the server can be told
# where Bluesky is before it starts.
PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import yaml' 2>/dev/null; then
        PY=$p
        break
    fi
done
replay=
if [ -d "$DATA/bluesky-atproto-dart" ] && [ -n "$PY" ]; then
    "$PY" "$top/tests/replay/replay.py" --data "$DATA" \
        --port-file "$tmp/rport" --log "$tmp/replay.log" \
        >"$tmp/replay.err" 2>&1 &
    pids="$pids $!"
    i=0
    while [ ! -s "$tmp/rport" ] && [ $i -lt 200 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    [ -s "$tmp/rport" ] && replay=http://127.0.0.1:$(cat "$tmp/rport")
fi
if [ -n "$replay" ]; then
    export BONAFIDE_BSKY_SERVICE="$replay" BONAFIDE_FETCH_BACKOFF_MS=20
fi
if ! start main --store "$tmp/st"; then
    fail "web-home-start" "$(cat "$tmp/main.err")"
    exit 1
fi
u="http://127.0.0.1:$port"

# ---- the language ----
fr=$(lang_of -H 'Accept-Language: fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7' "$u/")
en=$(lang_of -H 'Accept-Language: en-GB,en;q=0.9,fr;q=0.8' "$u/")
qv=$(lang_of -H 'Accept-Language: en;q=0.3, de, fr-CA;q=0.6' "$u/")
de=$(lang_of -H 'Accept-Language: de-DE' "$u/")
none=$(lang_of "$u/")
if [ "$fr.$en.$qv.$de.$none" = "fr.en.fr.en.en" ]; then
    ok web-home-accept-language
else
    fail web-home-accept-language "fr.en.fr.en.en wanted, got $fr.$en.$qv.$de.$none"
fi
curl -s -D "$tmp/h" -o "$tmp/b" -H 'Accept-Language: fr' "$u/?lang=en"
cookie=$(tr -d '\r' <"$tmp/h" | sed -n 's/^Set-Cookie: //p')
over=$(sed -n 's/.*<html lang="\([a-z]*\)".*/\1/p' "$tmp/b")
kept=$(lang_of -H 'Cookie: bf_lang=en' -H 'Accept-Language: fr' "$u/upload")
again=$(lang_of -H 'Cookie: bf_lang=en' "$u/upload?lang=fr")
case "$cookie" in
*"bf_lang=en"*"Path=/"*"SameSite=Strict"*) good=1 ;;
*) good=0 ;;
esac
if [ $good = 1 ] && [ "$over.$kept.$again" = "en.en.fr" ]; then
    ok web-home-lang-remembered
else
    fail web-home-lang-remembered "cookie '$cookie', pages $over.$kept.$again"
fi
curl -s -H 'Accept-Language: fr' "$u/no/such/page" >"$tmp/b"
curl -s -H 'Accept-Language: fr' "$u/jobs/999" >"$tmp/b2"
if grep -q '<html lang="fr"' "$tmp/b" &&
   grep -q "Ce compte ou cette page n'existe pas" "$tmp/b" &&
   grep -q '<html lang="fr"' "$tmp/b2"; then
    ok web-home-error-lang
else
    fail web-home-error-lang "$(grep -o '<p class="bf-error".*' "$tmp/b")"
fi
# French typography: narrow no-break spaces before ? and in 300's
# neighbours (the title), grouped digits, plural.
curl -s -H 'Accept-Language: fr' "$u/" >"$tmp/b"
nnbsp=$(printf '\342\200\257')
if grep -q "réelle${nnbsp}?" "$tmp/b" &&
   grep -q 'La base contient 300 comptes' "$tmp/b" &&
   grep -q 'id="paste-form"' "$tmp/b" && grep -q 'href="/shortlist' "$tmp/b" &&
   grep -q 'href="/upload' "$tmp/b" && grep -q 'id="step-3"' "$tmp/b"; then
    ok web-home-page
else
    fail web-home-page "$(grep -o '<h1.*</h1>' "$tmp/b")"
fi

# ---- the paste form ----
tok=$(curl -s "$u/" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' |
    head -1)
# post Q [ORIGIN [TOKEN]]: posts the paste form; headers to $tmp/ph,
# body to $tmp/pb, the status printed.
post() {
    curl -s -D "$tmp/ph" -o "$tmp/pb" -w '%{http_code}' \
        -H "Origin: ${2:-$u}" -H 'Accept-Language: fr' \
        --data-urlencode "csrf=${3-$tok}" --data-urlencode "q=$1" "$u/open"
}
location() { tr -d '\r' <"$tmp/ph" | sed -n 's/^Location: //p'; }
s1=$(post sim:claire_martin_conseil)
l1=$(location)
s2=$(post "https://bsky.app/profile/nobody.example" http://evil.example)
s3=$(post sim:claire_martin_conseil "$u" "")
s4=$(post sim:claire_martin_conseil "$u" "0000000000000000-00")
s5=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $u" \
    -H 'Content-Type: text/plain' --data "csrf=$tok&q=x" "$u/open")
head -c 9000 /dev/zero | tr '\0' a >"$tmp/big"
s6=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $u" \
    --data-binary "@$tmp/big" "$u/open")
if [ "$s1" = 303 ] &&
   [ "$l1" = "/audit?a=sim%3Aclaire_martin_conseil&lang=fr" ] &&
   [ "$s2.$s3.$s4.$s5.$s6" = "403.403.403.415.413" ]; then
    ok web-home-paste-guarded
else
    fail web-home-paste-guarded "$s1 $l1; $s2.$s3.$s4.$s5.$s6"
fi
s1=$(post 'javascript:alert(1)')
b1=$(grep -c 'data-code="bad_address"' "$tmp/pb")
s2=$(post 'https://127.0.0.1/@admin')
s3=$(post "https://x.com/$(printf 'a%.0s' $(seq 1 3000))")
s4=$(post 'claire')
l4=$(location)
s5=$(post '@claire')
l5=$(location)
if [ "$s1.$b1.$s2.$s3.$s4.$s5" = "400.1.400.400.303.303" ] &&
   [ "$l4" = "/?q=claire&lang=fr" ] && [ "$l5" = "$l4" ]; then
    ok web-home-paste-hostile
else
    fail web-home-paste-hostile "$s1.$b1.$s2.$s3.$s4.$s5 $l4 $l5"
fi
# A GET never starts a collection: it offers one behind a button.
s=$(curl -s -o "$tmp/b" -w '%{http_code}' \
    "$u/open?q=https%3A%2F%2Fmastodon.social%2F%40nobody_here&lang=en")
if [ "$s" = 200 ] && grep -q 'id="collect-btn"' "$tmp/b" &&
   ! curl -s "$u/api/v1/ingest/1" | grep -q '"job"'; then
    ok web-home-open-get
else
    fail web-home-open-get "status $s"
fi

# ---- not found, and the file to ask for ----
s=$(curl -s -o "$tmp/b" -w '%{http_code}' -H 'Accept-Language: fr' \
    "$u/audit?a=sim:claire_martin")
if [ "$s" = 404 ] && grep -q '<strong id="nf-account">sim:claire_martin<' \
       "$tmp/b" && grep -q 'class="suggestion"[^>]*>sim:claire_martin_conseil<' \
       "$tmp/b" && grep -q 'id="paste-form"' "$tmp/b" &&
   grep -q 'Vouliez-vous dire' "$tmp/b"; then
    ok web-home-not-found
else
    fail web-home-not-found "status $s"
fi
s=$(post 'https://www.instagram.com/boulangerie.paul/')
# The language switch of that page shows it again, in English.
switch=$(sed -n 's/.*id="nav-lang"[^>]*href="\([^"]*\)".*/\1/p' "$tmp/pb" |
    sed 's/&amp;/\&/g')
curl -s "$u$switch" >"$tmp/b"
if [ "$s" = 200 ] && grep -q 'data-platform="instagram"' "$tmp/pb" &&
   grep -q 'followers_and_following' "$tmp/pb" &&
   grep -q 'Télécharger vos informations' "$tmp/pb" &&
   grep -q 'data-platform="instagram"' "$tmp/b" &&
   grep -q '<html lang="en"' "$tmp/b"; then
    ok web-home-ask-file
else
    fail web-home-ask-file "status $s, switch $switch"
fi
curl -s -o "$tmp/pb" -H "Origin: $u" -H 'Accept-Language: en' \
    --data-urlencode "csrf=$tok" \
    --data-urlencode "q=https://www.tiktok.com/@promo_deals" "$u/open"
if grep -q 'user_data_tiktok.json' "$tmp/pb" &&
   grep -q 'no public interface' "$tmp/pb"; then
    ok web-home-ask-file-en
else
    fail web-home-ask-file-en "$(grep -o '<h1>.*' "$tmp/pb")"
fi

# ---- the accounts checked, kept in the store ----
# The account pasted above, then an upload of one new profile, whose
# report is then read: the home page lists both, the newest first, with
# the verdict of the report built meanwhile; after a restart the server
# lists them still, from the store.
{
    head -1 "$tmp/sim/accounts.csv"
    sed -n 2p "$tmp/sim/accounts.csv" |
        sed 's/^"[0-9]*","[^"]*","[^"]*"/"77","Zoe Upload","zoe_upload"/'
} >"$tmp/up.csv"
utok=$(curl -s "$u/upload" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p')
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -F "csrf=$utok" \
    -F "file=@$tmp/up.csv" -F platform=sim "$u/upload")
ujob=${loc##*/jobs/}
ujob=${ujob%%\?*}
i=0
while [ $i -lt 100 ] &&
    ! curl -s "$u/api/v1/ingest/$ujob" | grep -q '"done"\|"failed"'; do
    sleep 0.1
    i=$((i + 1))
done
curl -s -o /dev/null "$u/audit?a=sim:zoe_upload"
# recent_of FILE: the accounts of the home page's list, one a line.
recent_of() {
    sed -n 's/.*<li class="recent-account"><a [^>]*>\([^<]*\)<.*/\1/p' "$1" |
        tr '\n' ' '
}
curl -s -H 'Accept-Language: fr' "$u/" >"$tmp/b"
before=$(recent_of "$tmp/b")
verdict=$(sed -n 's/.*>sim:zoe_upload<\/a> <span class="verdict" data-verdict="\([a-z_]*\)".*/\1/p' "$tmp/b")
kill "$pid"
wait "$pid" 2>/dev/null
if start again --store "$tmp/st"; then
    u="http://127.0.0.1:$port"
    tok=$(curl -s "$u/" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' |
        head -1)
    curl -s -H 'Accept-Language: en' "$u/" >"$tmp/b2"
    after=$(recent_of "$tmp/b2")
else
    after="(no server: $(cat "$tmp/again.err"))"
fi
if [ "$before" = "sim:zoe_upload sim:claire_martin_conseil " ] &&
   [ -n "$verdict" ] && grep -q 'Vérifiés récemment' "$tmp/b" &&
   [ "$after" = "$before" ] && grep -q 'Recently checked' "$tmp/b2"; then
    ok web-home-recent-kept
else
    fail web-home-recent-kept "before restart: $before (verdict '$verdict')" \
        "after: $after"
fi

# ---- a live collection from the replay ----
if [ -z "$replay" ]; then
    echo "skip web-home-collect: no shared data or no python3 with yaml"
    echo "skip web-home-cli-address: no shared data or no python3 with yaml"
    exit $failed
fi
s=$(post 'https://bsky.app/profile/shinyakato.dev')
job=$(location)
state=
i=0
while [ $i -lt 300 ]; do
    curl -s -D "$tmp/jh" -o "$tmp/jb" "$u$job"
    where=$(tr -d '\r' <"$tmp/jh" | sed -n 's/^Location: //p')
    [ -n "$where" ] && break
    grep -q 'data-state="failed"' "$tmp/jb" && break
    sleep 0.1
    i=$((i + 1))
done
case "$job" in /jobs/*"?lang=fr") jobok=1 ;; *) jobok=0 ;; esac
report=$(curl -s "$u$where" | grep -c 'shinyakato.dev')
if [ "$s" = 303 ] && [ $jobok = 1 ] &&
   [ "$where" = "/audit?a=bluesky%3Ashinyakato.dev&lang=fr" ] &&
   [ "$report" -gt 0 ]; then
    ok web-home-collect
else
    fail web-home-collect "post $s -> $job -> '$where'" \
        "$(grep -o '<p id="job-state".*' "$tmp/jb")"
fi
"$BIN" audit --store "$tmp/st" https://bsky.app/profile/shinyakato.dev \
    >"$tmp/a.out" 2>&1
rc=$?
"$BIN" audit --store "$tmp/st" 'https://bsky.app/profile/nobody.example' \
    >"$tmp/n.out" 2>&1
rc2=$?
# fetch reads an address too, into a store of its own.
"$BIN" fetch --store "$tmp/f" --sample-followers 0 \
    https://bsky.app/profile/shinyakato.dev >"$tmp/f.out" 2>&1
rc3=$?
"$BIN" audit --store "$tmp/f" bsky:shinyakato.dev >/dev/null 2>&1
rc4=$?
if [ $rc = 0 ] && grep -q '^Account audit: @shinyakato.dev' "$tmp/a.out" &&
   [ $rc2 = 3 ] && [ $rc3 = 0 ] && [ $rc4 = 0 ]; then
    ok web-home-cli-address
else
    fail web-home-cli-address "exit $rc, $rc2, fetch $rc3, $rc4" \
        "$(head -2 "$tmp/a.out")" "$(head -2 "$tmp/f.out")"
fi
exit $failed
