#!/bin/sh
# team.sh - the shortlist, the team's notes and paged search of bonafide
# serve, over real HTTP with curl, with the hostile cases: notes holding
# scripts and markup, forged cross-site posts, oversized and malformed
# forms, wrong and missing author tokens, and an e-mail address that must
# never come back in any answer nor reach the store's files.  Prints "ok
# NAME", "FAIL NAME" or "skip NAME: reason" per test.
set -u
top=$(pwd)
BIN=${BONAFIDE:-$top/bin/bonafide}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
if ! command -v curl >/dev/null 2>&1; then
    echo "skip team: curl is not installed"
    exit 0
fi
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
failed=0
ok() { echo "ok $1"; }
fail() { echo "FAIL $1"; shift; for l in "$@"; do echo "    $l"; done; failed=1; }
check() { # check NAME WANT GOT
    if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "want $2, got $3"; fi
}

if ! "$BIN" sim --accounts 2000 --seed 5 --out "$tmp/sim" >/dev/null 2>&1 ||
   ! "$BIN" ingest --store "$tmp/st" --platform sim "$tmp/sim/accounts.csv" \
       "$tmp/sim/follows.csv" "$tmp/sim/posts.jsonl" >/dev/null 2>&1; then
    fail "team-setup" "could not build the simulated store"
    exit 1
fi
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
    fail "team-serve" "$(cat "$tmp/serve.err")"
    exit 1
fi
u="http://127.0.0.1:$port"
# Every answer of this suite is kept in $tmp/all, to look for the address.
ALL="$tmp/all"
: >"$ALL"
code() { curl -s -o "$tmp/last" -w '%{http_code}' "$@"; cat "$tmp/last" >>"$ALL"; }
csrf() { curl -s "$u/?q=sim" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1; }
tok=$(csrf)
SECRET=anne.secret.9f3@example.com

# Search: the total (counted to 1,000: the world has 2,000), paging,
# sorting, verdicts.
curl -s "$u/?q=sim&page=3" >"$tmp/b"
cat "$tmp/b" >>"$ALL"
if grep -q 'data-total="1000" data-more="true">41–60 of more than 1,000 accounts: the most followed are listed' "$tmp/b" &&
   [ "$(grep -c 'class="hit"' "$tmp/b")" = 20 ] &&
   grep -q 'id="page-prev"[^>]*page=2' "$tmp/b" &&
   grep -q 'id="page-next"[^>]*page=4' "$tmp/b"; then
    ok "team-search-paged"
else
    fail "team-search-paged" "$(grep -o 'id="result-count"[^<]*' "$tmp/b")"
fi
# Pages stop at the 1,000 most followed: page 70 shows the last, 50.
curl -s "$u/?q=sim&page=70" >"$tmp/b"
if grep -q '981–1,000 of more than 1,000 accounts' "$tmp/b" &&
   [ "$(grep -c 'class="hit"' "$tmp/b")" = 20 ] &&
   grep -q 'id="page-prev"[^>]*page=49' "$tmp/b" &&
   ! grep -q 'id="page-next"' "$tmp/b"; then
    ok "team-search-bounded"
else
    fail "team-search-bounded" "$(grep -o 'id="result-count"[^<]*' "$tmp/b")"
fi
# A narrower search is counted exactly.
curl -s "$u/api/v1/accounts?q=sim&limit=1" >"$tmp/b"
curl -s "$u/api/v1/accounts?q=sim:maxgrowth" >"$tmp/c"
if grep -q '"count":1,"total":1000,"more":true' "$tmp/b" &&
   grep -q '"total":1,"more":false' "$tmp/c"; then
    ok "team-search-api-total"
else
    fail "team-search-api-total" "$(head -c 200 "$tmp/b")" "$(head -c 200 "$tmp/c")"
fi
curl -s "$u/?q=claire&sort=name" >"$tmp/b"
sed -n 's/.*<tr class="hit" data-account="\([^"]*\)".*/\1/p' "$tmp/b" >"$tmp/names"
# SQLite's NOCASE folds ASCII capitals to small letters, then compares bytes.
if tr 'A-Z' 'a-z' <"$tmp/names" | LC_ALL=C sort -c 2>/dev/null &&
   [ -s "$tmp/names" ] &&
   ! grep -q 'data-verdict="none"' "$tmp/b" &&
   [ "$(grep -c 'class="verdict" data-verdict="' "$tmp/b")" = "$(wc -l <"$tmp/names")" ]; then
    ok "team-search-sort-name"
else
    fail "team-search-sort-name" "$(cat "$tmp/names")"
fi
curl -s "$u/?q=claire&sort=verdict" >"$tmp/b"
sed -n 's/.*class="verdict" data-verdict="\([a-z_]*\)".*/\1/p' "$tmp/b" |
    sed 's/^genuine$/0/; s/^questionable$/1/; s/^inflated$/2/; s/^automated$/3/; s/^not_enough_evidence$/4/' >"$tmp/v"
if [ -s "$tmp/v" ] && sort -n -c "$tmp/v" 2>/dev/null &&
   grep -q 'id="sort-verdict" aria-current' "$tmp/b"; then
    ok "team-search-sort-verdict"
else
    fail "team-search-sort-verdict" "$(tr '\n' ' ' <"$tmp/v")"
fi
curl -s "$u/?q=sim&sort=verdict" >"$tmp/b"
if grep -q 'id="sort-limited"' "$tmp/b"; then
    ok "team-search-verdict-limit"
else
    fail "team-search-verdict-limit" "no notice for 2,000 matches"
fi

# The shortlist: five, then a clear refusal of the sixth.
for a in claire_martin_conseil success_claire maxgrowth_guru promo_deals_24; do
    code --data-urlencode "csrf=$tok" --data-urlencode "a=sim:$a" \
        "$u/shortlist/add" >/dev/null
done
h=$(curl -s "$u/?q=sim" | sed -n 's/.*<tr class="hit" data-account="sim:\([^"]*\)".*/\1/p' |
    grep -v 'claire_martin_conseil\|success_claire\|maxgrowth_guru\|promo_deals_24' | head -2)
fifth=$(echo "$h" | sed -n 1p)
sixth=$(echo "$h" | sed -n 2p)
check "team-shortlist-add" 303 "$(code --data-urlencode "csrf=$tok" \
    --data-urlencode "a=sim:$fifth" --data-urlencode "back=/?q=sim&lang=fr" \
    "$u/shortlist/add")"
check "team-shortlist-sixth" 409 "$(code --data-urlencode "csrf=$tok" \
    --data-urlencode "a=sim:$sixth" "$u/shortlist/add?lang=fr")"
if grep -q 'id="shortlist-full"' "$tmp/last" &&
   grep -q 'cinq candidats' "$tmp/last"; then
    ok "team-shortlist-sixth-message"
else
    fail "team-shortlist-sixth-message" "no message in French"
fi
curl -s "$u/shortlist" >"$tmp/b"
if [ "$(grep -o 'class="cand"' "$tmp/b" | wc -l)" = 5 ] &&
   ! grep -q "data-account=\"sim:$sixth\"" "$tmp/b" &&
   [ "$(grep -o 'class="shortlist-remove"' "$tmp/b" | wc -l)" = 5 ]; then
    ok "team-shortlist-page"
else
    fail "team-shortlist-page" "$(grep -o 'data-account="[^"]*"' "$tmp/b")"
fi
check "team-shortlist-remove" 303 "$(code --data-urlencode "csrf=$tok" \
    --data-urlencode "a=sim:$fifth" "$u/shortlist/remove")"
curl -s "$u/api/v1/shortlist" >"$tmp/b"
if grep -q '"count":4' "$tmp/b" && grep -q '"verdict":"' "$tmp/b"; then
    ok "team-shortlist-api"
else
    fail "team-shortlist-api" "$(head -c 300 "$tmp/b")"
fi
# back must be a path of this site: an open redirect is not.
loc=$(curl -s -o /dev/null -w '%{redirect_url}' --data-urlencode "csrf=$tok" \
    --data-urlencode "a=sim:$fifth" --data-urlencode "back=//evil.example/x" \
    "$u/shortlist/add")
case "$loc" in
"$u/shortlist"*) ok "team-shortlist-no-open-redirect" ;;
*) fail "team-shortlist-no-open-redirect" "$loc" ;;
esac
code --data-urlencode "csrf=$tok" --data-urlencode "a=sim:$fifth" \
    "$u/shortlist/remove" >/dev/null

# Notes: a script, markup and an address.
A=sim:claire_martin_conseil
curl -s -D "$tmp/h" -o "$tmp/b" --data-urlencode "csrf=$tok" \
    --data-urlencode "a=$A" --data-urlencode 'author=<b>Anne</b> "A"' \
    --data-urlencode "email=$SECRET" \
    --data-urlencode 'body=<script>alert(1)</script><img src=x onerror=alert(2)> ok' \
    "$u/notes/add?lang=en"
cat "$tmp/h" "$tmp/b" >>"$ALL"
cookie=$(tr -d '\r' <"$tmp/h" | sed -n 's/^Set-Cookie: bf_author=\([0-9a-f]*\);.*/\1/p')
if tr -d '\r' <"$tmp/h" | grep -q '^HTTP/1.1 303' &&
   tr -d '\r' <"$tmp/h" | grep -q '^Set-Cookie: bf_author=[0-9a-f]\{64\}; Path=/; Max-Age=[0-9]*; HttpOnly; SameSite=Strict$'; then
    ok "team-note-add"
else
    fail "team-note-add" "$(cat "$tmp/h")"
fi
curl -s -b "bf_author=$cookie" "$u/audit?a=$A" >"$tmp/b"
cat "$tmp/b" >>"$ALL"
if grep -q '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; ok' "$tmp/b" &&
   grep -q '&lt;b&gt;Anne&lt;/b&gt; &quot;A&quot;' "$tmp/b" &&
   ! grep -q '<script\|<img src=x\|<b>Anne' "$tmp/b"; then
    ok "team-note-escaped"
else
    fail "team-note-escaped" "$(grep -o 'note-body.\{0,120\}' "$tmp/b" | head -2)"
fi
note=$(sed -n 's/.*<li class="note" id="note-\([0-9]*\)".*/\1/p' "$tmp/b" | head -1)
if grep -q 'class="note-delete"' "$tmp/b" &&
   ! curl -s "$u/audit?a=$A" | grep -q 'class="note-delete"'; then
    ok "team-note-own-buttons"
else
    fail "team-note-own-buttons" "the edit forms follow the author token"
fi
curl -s "$u/api/v1/accounts/$A/notes" >"$tmp/b"
cat "$tmp/b" >>"$ALL"
if grep -q '"author":"<b>Anne</b> \\"A\\""' "$tmp/b" &&
   ! grep -q 'token\|email' "$tmp/b"; then
    ok "team-notes-api"
else
    fail "team-notes-api" "$(head -c 300 "$tmp/b")"
fi

# Required fields, bounds and control bytes: one message per field.
check "team-note-required" 400 "$(code --data-urlencode "csrf=$tok" \
    --data-urlencode "a=$A" --data-urlencode "author=  " \
    --data-urlencode "email=$SECRET" --data-urlencode "body=" \
    "$u/notes/add?lang=fr")"
if grep -q 'id="err-author">Indiquez votre nom' "$tmp/last" &&
   grep -q 'id="err-body">Écrivez la note' "$tmp/last" &&
   ! grep -q 'id="err-email"' "$tmp/last"; then
    ok "team-note-required-messages"
else
    fail "team-note-required-messages" "$(grep -o 'bf-field-error[^<]*' "$tmp/last")"
fi
check "team-note-bad-email" 400 "$(code --data-urlencode "csrf=$tok" \
    --data-urlencode "a=$A" --data-urlencode "author=Anne" \
    --data-urlencode "email=not-an-address" --data-urlencode "body=x" \
    "$u/notes/add?lang=en")"
if grep -q 'id="err-email"' "$tmp/last" && ! grep -q 'not-an-address' "$tmp/last"; then
    ok "team-note-bad-email-message"
else
    fail "team-note-bad-email-message" "the field's message or its value"
fi
check "team-note-control-bytes" 400 "$(code --data-urlencode "csrf=$tok" \
    --data-urlencode "a=$A" --data "author=An%00ne" \
    --data "body=bell%07%1b%5B31m" "$u/notes/add?lang=en")"
if grep -q 'id="err-body"' "$tmp/last" && grep -q 'id="err-author"' "$tmp/last"; then
    ok "team-note-control-bytes-message"
else
    fail "team-note-control-bytes-message" "no message for the body"
fi
python3 -c "print('a' * 4001, end='')" >"$tmp/long"
check "team-note-too-long" 400 "$(code --data-urlencode "csrf=$tok" \
    --data-urlencode "a=$A" --data-urlencode "author=Anne" \
    --data-urlencode "body@$tmp/long" "$u/notes/add?lang=en")"
head -c 40000 /dev/zero | tr '\0' a >"$tmp/huge"
check "team-form-oversized" 413 "$(code --data-urlencode "csrf=$tok" \
    --data-urlencode "body@$tmp/huge" "$u/notes/add")"
check "team-form-malformed" 400 "$(code --data "csrf=$tok&a=%zz" "$u/notes/add")"
check "team-form-repeated" 400 "$(code --data "csrf=$tok&a=$A&a=$A&author=x&body=y" "$u/notes/add")"
check "team-form-multipart" 415 "$(code -F "csrf=$tok" -F "a=$A" "$u/notes/add")"
check "team-form-get" 405 "$(code "$u/notes/add")"
check "team-form-chunked" 411 "$(code -H 'Transfer-Encoding: chunked' --data "csrf=$tok" "$u/shortlist/add")"

# Forgeries: another site's page, no token, a stale or foreign token.
check "team-cross-origin" 403 "$(code -H 'Origin: http://evil.example' \
    --data-urlencode "csrf=$tok" --data-urlencode "a=$A" \
    --data-urlencode "author=Eve" --data-urlencode "body=forged" "$u/notes/add")"
check "team-cross-site" 403 "$(code -H 'Sec-Fetch-Site: cross-site' \
    --data-urlencode "csrf=$tok" --data-urlencode "a=sim:$sixth" "$u/shortlist/add")"
check "team-no-csrf" 403 "$(code --data-urlencode "a=$A" \
    --data-urlencode "author=Eve" --data-urlencode "body=forged" "$u/notes/add")"
check "team-bad-csrf" 403 "$(code --data-urlencode "csrf=0000000000000001-$(printf '%064d' 0)" \
    --data-urlencode "a=sim:$sixth" "$u/shortlist/add")"
if ! curl -s "$u/audit?a=$A" | grep -q 'forged'; then
    ok "team-forgery-wrote-nothing"
else
    fail "team-forgery-wrote-nothing" "a forged note is on the page"
fi

# Author tokens: none, wrong, then the right one.
check "team-edit-no-token" 403 "$(code --data-urlencode "csrf=$tok" \
    --data-urlencode "note=$note" --data-urlencode "author=Eve" \
    --data-urlencode "body=taken" "$u/notes/edit")"
check "team-edit-wrong-token" 403 "$(code -b "bf_author=$(printf '%064d' 7)" \
    --data-urlencode "csrf=$tok" --data-urlencode "note=$note" \
    --data-urlencode "author=Eve" --data-urlencode "body=taken" "$u/notes/edit")"
check "team-delete-wrong-token" 403 "$(code -b "bf_author=$(printf '%064d' 7)" \
    --data-urlencode "csrf=$tok" --data-urlencode "note=$note" "$u/notes/delete")"
check "team-delete-bad-token" 403 "$(code -b 'bf_author=<script>' \
    --data-urlencode "csrf=$tok" --data-urlencode "note=$note" "$u/notes/delete")"
check "team-edit-own" 303 "$(code -b "bf_author=$cookie" \
    --data-urlencode "csrf=$tok" --data-urlencode "note=$note" \
    --data-urlencode "author=Anne" --data-urlencode "email=$SECRET" \
    --data-urlencode "body=edited note" "$u/notes/edit")"
curl -s "$u/audit?a=$A" >"$tmp/b"
cat "$tmp/b" >>"$ALL"
if grep -q 'edited note' "$tmp/b" && ! grep -q 'taken' "$tmp/b"; then
    ok "team-edit-applied"
else
    fail "team-edit-applied" "$(grep -o 'note-body.\{0,60\}' "$tmp/b")"
fi
curl -s "$u/shortlist" >"$tmp/b"
cat "$tmp/b" >>"$ALL"
if grep -q 'edited note' "$tmp/b"; then
    ok "team-notes-in-shortlist"
else
    fail "team-notes-in-shortlist" "the comparison lacks the note"
fi
check "team-delete-own" 303 "$(code -b "bf_author=$cookie" \
    --data-urlencode "csrf=$tok" --data-urlencode "note=$note" "$u/notes/delete")"
check "team-delete-again" 404 "$(code -b "bf_author=$cookie" \
    --data-urlencode "csrf=$tok" --data-urlencode "note=$note" "$u/notes/delete")"

# The address: never in an answer, never in the store's files.
code --data-urlencode "csrf=$tok" --data-urlencode "a=$A" \
    --data-urlencode "author=Bob" --data-urlencode "email=$SECRET" \
    --data-urlencode "body=kept note" "$u/notes/add" >/dev/null
curl -s "$u/api/v1/accounts/$A/notes" >>"$ALL"
curl -s "$u/api/v1/shortlist" >>"$ALL"
curl -s "$u/api/v1/accounts/$A/audit" >>"$ALL"
if grep -q 'kept note' "$ALL" && ! grep -q "$SECRET\|anne\.secret" "$ALL"; then
    ok "team-email-never-answered"
else
    fail "team-email-never-answered" "$(grep -o ".\{40\}anne.secret.\{20\}" "$ALL" | head -3)"
fi
if ! cat "$tmp/st"/bonafide.sqlite* | grep -aq 'anne\.secret' &&
   ! grep -q 'anne\.secret' "$tmp/serve.out" "$tmp/serve.err"; then
    ok "team-email-never-stored"
else
    fail "team-email-never-stored" "the address is in the store or the log"
fi
# Two accounts sharing a handle: each row shortlists its own account.
{
    head -1 "$tmp/sim/accounts.csv"
    grep '"claire_martin_conseil"' "$tmp/sim/accounts.csv" | sed 's/^"1/"9/'
} >"$tmp/dup.csv"
out=$(curl -s -H 'Content-Type: application/octet-stream' \
    --data-binary @"$tmp/dup.csv" "$u/api/v1/ingest?name=dup.csv&platform=sim")
job=$(echo "$out" | sed -n 's/.*"job":\([0-9]*\).*/\1/p')
i=0
while [ $i -lt 100 ] && ! curl -s "$u/api/v1/ingest/$job" | grep -q '"done"\|"failed"'; do
    sleep 0.1
    i=$((i + 1))
done
curl -s "$u/?q=claire_martin_conseil" >"$tmp/b"
dup=$(sed -n 's/.*class="shortlist-add" name="a" value="\([^"]*\)".*/\1/p' "$tmp/b" | head -1)
if [ "$(grep -c 'data-account="sim:claire_martin_conseil"' "$tmp/b")" = 2 ] &&
   [ "$(grep -c 'class="on-shortlist"' "$tmp/b")" = 1 ] &&
   [ -n "$dup" ] && [ "$dup" != "sim:claire_martin_conseil" ]; then
    ok "team-shared-handle-rows"
else
    fail "team-shared-handle-rows" "button value '$dup'"
fi
code --data-urlencode "csrf=$tok" --data-urlencode "a=$dup" \
    "$u/shortlist/add" >/dev/null
curl -s "$u/?q=claire_martin_conseil" >"$tmp/b"
curl -s "$u/shortlist" >"$tmp/c"
if [ "$(grep -c 'class="on-shortlist"' "$tmp/b")" = 2 ] &&
   [ "$(grep -o 'class="cand"' "$tmp/c" | wc -l)" = 5 ] &&
   grep -q "name=\"a\" value=\"$dup\"" "$tmp/c"; then
    ok "team-shared-handle-shortlisted"
else
    fail "team-shared-handle-shortlisted" "the row's own account is not the one added"
fi
check "team-shared-handle-removed" 303 "$(code --data-urlencode "csrf=$tok" \
    --data-urlencode "a=$dup" "$u/shortlist/remove")"
if [ "$(curl -s "$u/shortlist" | grep -o 'class="cand"' | wc -l)" = 4 ] &&
   curl -s "$u/shortlist" | grep -q 'data-account="sim:claire_martin_conseil"'; then
    ok "team-shared-handle-original-stays"
else
    fail "team-shared-handle-original-stays" "removing one took the other"
fi
exit $failed
