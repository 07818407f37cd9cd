#!/bin/sh
# fetch.sh - bonafide fetch against a replay of recorded platform responses.
#
# tests/replay/replay.py serves real recorded Bluesky, Mastodon and X API v2
# responses from the shared data folder on a loopback port, with faults on
# demand (429 with Retry-After 1 s, 500, connection resets, truncated
# bodies, a server that stops answering mid-list).  Each test compares what
# `bonafide fetch` stored with what `bonafide ingest` stores from the same
# recorded pages, or with an uninterrupted fetch.  Prints "ok NAME",
# "FAIL NAME" or "skip NAME: reason" per test.
set -u
top=$(pwd)
BIN=${BONAFIDE:-$top/bin/bonafide}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
SHARED=${SHARED:-${BONAFIDE_SHARED:-$top/../shared}}
DATA=$SHARED/data
names="fetch-bsky fetch-bsky-audit fetch-bsky-audit-alias
fetch-bsky-same-as-ingest fetch-bsky-faults fetch-bsky-resume
fetch-bsky-killed fetch-bsky-refused fetch-bsky-sample fetch-bsky-refresh
fetch-again
fetch-mastodon-same-as-ingest fetch-x-no-token fetch-x fetch-token-private
fetch-youtube-no-key fetch-youtube-same-as-ingest fetch-youtube-key-private
fetch-youtube-not-found fetch-graph-no-token fetch-instagram-same-as-ingest
fetch-facebook-same-as-ingest fetch-graph-token-private fetch-bad-account
fetch-not-found"
skip_all() {
    for n in $names; do echo "skip $n: $1"; done
    exit 0
}
[ -d "$DATA/bluesky-atproto-dart" ] || skip_all "no shared data in $SHARED"
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 is not installed"
command -v curl >/dev/null 2>&1 || skip_all "curl is not installed"
# Debian's python3 first: deps.txt installs python3-yaml for it.
PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import yaml' 2>/dev/null; then
        PY=$p
        break
    fi
done
[ -n "$PY" ] || skip_all "no python3 with yaml (Debian: python3-yaml)"

# Fixed "now" and a small retry backoff keep the suite fast and stable.
export BONAFIDE_NOW=${BONAFIDE_NOW:-2026-01-01T00:00:00Z}
export BONAFIDE_FETCH_BACKOFF_MS=20 LANG=C.UTF-8
unset BONAFIDE_X_BEARER_TOKEN BONAFIDE_BSKY_SERVICE BONAFIDE_STORE \
    BONAFIDE_MASTODON_SERVICE BONAFIDE_X_SERVICE LC_ALL LC_MESSAGES \
    BONAFIDE_YOUTUBE_API_KEY BONAFIDE_YOUTUBE_API_KEY_FILE \
    BONAFIDE_YOUTUBE_SERVICE BONAFIDE_GRAPH_TOKEN BONAFIDE_GRAPH_TOKEN_FILE \
    BONAFIDE_IG_USER_ID BONAFIDE_GRAPH_SERVICE
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

# One replay server for the whole suite; `start NAME [QUERY]` makes it
# start again (request count 0, the faults in QUERY, an empty log).
log=$tmp/replay.log
"$PY" "$top/tests/replay/replay.py" --data "$DATA" \
    --port-file "$tmp/port" --log "$log" >"$tmp/replay.err" 2>&1 &
pids="$pids $!"
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 200 ]; do
    sleep 0.1
    i=$((i + 1))
done
if [ ! -s "$tmp/port" ]; then
    for n in $names; do fail "$n" "the replay server did not start:" \
        "$(cat "$tmp/replay.err")"; done
    exit 1
fi
url=http://127.0.0.1:$(cat "$tmp/port")
start() {
    curl -s -o /dev/null "$url/_replay/reset?${2:-}"
}

# dump STORE: accounts and posts as text, without observation times.
dump() {
    sqlite3 "$1/bonafide.sqlite" \
        "SELECT p.name, a.native_id, a.handle, a.name, a.created_at,
                a.followers, a.following, a.posts, a.likes, a.lists,
                a.verified, a.protected, a.default_avatar, a.bio, a.url,
                a.location, a.lang
           FROM accounts a JOIN platforms p ON p.id = a.platform
          ORDER BY 1, 2;"
    # Every field of every post, one line each as the sqlite3 shell
    # writes rows (NULL empty), in (platform, id) order.
    "$BIN" posts --store "$1" | "$PY" -c '
import json, sys
keys = ("platform", "id", "author", "created_at", "text", "kind",
        "parent_id", "likes", "reposts", "replies", "quotes", "views",
        "hashtags", "mentions", "urls", "source")
for line in sys.stdin:
    p = json.loads(line)
    print("|".join("" if p[k] is None else str(p[k]) for k in keys))' |
        LC_ALL=C sort
    "$BIN" stats --store "$1"
}

# edges STORE: follow edges written to segments, duplicates included.
edges() {
    sqlite3 "$1/bonafide.sqlite" "SELECT coalesce(sum(edges), 0) FROM segments"
}

# same NAME A B: the stores hold the same accounts, posts and follows.
same() {
    dump "$2" >"$tmp/a.txt" 2>&1
    dump "$3" >"$tmp/b.txt" 2>&1
    if cmp -s "$tmp/a.txt" "$tmp/b.txt" && [ -s "$tmp/a.txt" ]; then
        ok "$1"
    else
        fail "$1" "$(diff "$tmp/a.txt" "$tmp/b.txt" | head -5)"
    fi
}

B=$DATA/bluesky-atproto-dart/packages/bluesky/test/src/services/suite/app/bsky
who=bsky:shinyakato.dev

# The reference: an uninterrupted fetch, no sample (its profiles are not
# among the files ingest reads).
start clean
"$BIN" fetch --store "$tmp/clean" --service "$url" --sample-followers 0 \
    "$who" >"$tmp/clean.out" 2>"$tmp/clean.err"
clean_rc=$?

# Done when: the profile and its 50 recorded followers are stored, and
# audit reports on them.
start full
"$BIN" fetch --store "$tmp/full" --service "$url" "$who" \
    >"$tmp/full.out" 2>"$tmp/full.err"
rc=$?
st=$("$BIN" stats --store "$tmp/full" | awk '$1 == "bluesky" { print $2, $4 }')
"$BIN" audit --store "$tmp/full" bluesky:shinyakato.dev >"$tmp/audit.out" 2>&1
arc=$?
if [ $rc -eq 0 ] && [ "$st" = "101 100" ] &&
    grep -q 'Followers in the store: 50' "$tmp/audit.out"; then
    ok fetch-bsky
else
    fail fetch-bsky "rc $rc, stats '$st'" "$(head -3 "$tmp/full.err")"
fi
# The follower page's basic views (no counters) are found, not judged.
if [ $arc -eq 0 ] && grep -q '^Account audit: @shinyakato.dev' "$tmp/audit.out" &&
    grep -q 'The store holds 50 followers of this account, but not their profiles' "$tmp/audit.out"; then
    ok fetch-bsky-audit
else
    fail fetch-bsky-audit "audit exit $arc" "$(head -3 "$tmp/audit.out")"
fi
"$BIN" audit --store "$tmp/full" "$who" >"$tmp/alias.out" 2>&1
arc=$?
if [ $arc -eq 0 ] && grep -q 'The store holds 50 followers of this account' "$tmp/alias.out"; then
    ok fetch-bsky-audit-alias
elif [ $arc -eq 3 ]; then
    echo "skip fetch-bsky-audit-alias: the store does not resolve bsky: yet"
else
    fail fetch-bsky-audit-alias "audit exit $arc"
fi

# The same pages read by ingest give the same store.
"$BIN" ingest --quiet --store "$tmp/ingest" "$B/actor/getProfile.json" \
    "$B/graph/getFollowers.json" "$B/graph/getFollows.json" \
    "$B/feed/getAuthorFeed.json" >/dev/null 2>&1
if [ $clean_rc -eq 0 ]; then
    same fetch-bsky-same-as-ingest "$tmp/ingest" "$tmp/clean"
else
    fail fetch-bsky-same-as-ingest "clean fetch exit $clean_rc" \
        "$(head -3 "$tmp/clean.err")"
fi

# 429 with Retry-After, a 500, a reset connection and a truncated body are
# retried; the result is the uninterrupted one, each page stored once.
start faults 'fault=429@2&fault=500@3&fault=reset@5&fault=truncate@7'
"$BIN" fetch --store "$tmp/faults" --service "$url" --sample-followers 0 \
    "$who" >"$tmp/faults.out" 2>"$tmp/faults.err"
rc=$?
if [ $rc -eq 0 ] && [ "$(edges "$tmp/faults")" = "$(edges "$tmp/clean")" ] &&
    [ "$(wc -l <"$log")" = 13 ]; then
    same fetch-bsky-faults "$tmp/clean" "$tmp/faults"
else
    fail fetch-bsky-faults "rc $rc" "$(cat "$tmp/faults.out")" \
        "$(head -3 "$tmp/faults.err")"
fi

# A server that stops answering mid-list: the fetch gives up (exit 2), a
# second run resumes from the stored cursor and ends with the same store,
# no page stored twice.
start dies die_after=3
"$BIN" fetch --store "$tmp/resume" --service "$url" --sample-followers 0 \
    "$who" >"$tmp/dies.out" 2>"$tmp/dies.err"
rc1=$?
cursor=$(sqlite3 "$tmp/resume/bonafide.sqlite" \
    "SELECT value FROM state WHERE key LIKE '%:followers'")
start again
"$BIN" fetch --store "$tmp/resume" --service "$url" --sample-followers 0 \
    "$who" >"$tmp/again.out" 2>"$tmp/again.err"
rc2=$?
second=$(sed -n 2p "$log" | cut -d' ' -f2)
case "$rc1.$rc2.$cursor.$second" in
2.0.40*o40*o40*) resumed=1 ;;
*) resumed=0 ;;
esac
if [ $resumed = 1 ] &&
    [ "$(edges "$tmp/resume")" = "$(edges "$tmp/clean")" ]; then
    same fetch-bsky-resume "$tmp/clean" "$tmp/resume"
else
    fail fetch-bsky-resume "exits $rc1 then $rc2, cursor '$cursor'" \
        "second request $second" \
        "edges $(edges "$tmp/resume") vs $(edges "$tmp/clean")"
fi

# Killed outright (while waiting on a rate limit, or wherever it is), then
# run again: the same store.
start slow 'fault=429@4&fault=429@5'
"$BIN" fetch --store "$tmp/killed" --service "$url" --sample-followers 0 \
    "$who" >/dev/null 2>&1 &
fp=$!
sleep 1
kill -9 $fp 2>/dev/null
wait $fp 2>/dev/null
# It was stopped before the end (two 1 s rate-limit waits were ahead).
left=$(sqlite3 "$tmp/killed/bonafide.sqlite" \
    "SELECT count(*) FROM state WHERE value LIKE 'done%'" 2>/dev/null)
start after
"$BIN" fetch --store "$tmp/killed" --service "$url" --sample-followers 0 \
    "$who" >"$tmp/killed.out" 2>"$tmp/killed.err"
rc=$?
if [ $rc -eq 0 ] && [ "${left:-0}" -lt 3 ] &&
    [ "$(edges "$tmp/killed")" = "$(edges "$tmp/clean")" ]; then
    same fetch-bsky-killed "$tmp/clean" "$tmp/killed"
else
    fail fetch-bsky-killed "rc $rc, $left lists done when killed," \
        "edges $(edges "$tmp/killed")"
fi

# A list the service refuses (403) is reported; the other lists are still
# collected and the exit status says the collection is partial.
start refused fault=403@2
"$BIN" fetch --store "$tmp/refused" --service "$url" --sample-followers 0 \
    "$who" >"$tmp/refused.out" 2>"$tmp/refused.err"
rc=$?
st=$("$BIN" stats --store "$tmp/refused" |
    awk '$1 == "bluesky" { print $3, $4 }')
if [ $rc -eq 2 ] && grep -q 'HTTP 403' "$tmp/refused.err" &&
    [ "$st" = "27 50" ]; then
    ok fetch-bsky-refused
else
    fail fetch-bsky-refused "rc $rc, posts and follows '$st'"
fi

# The follower sample: the same 10 followers every time, asked in one
# getProfiles call, and the sample marked done.
start s1
"$BIN" fetch --store "$tmp/s1" --service "$url" --sample-followers 10 \
    "$who" >/dev/null 2>&1
grep getProfiles "$log" | cut -d' ' -f2 >"$tmp/s1.req"
start s2
"$BIN" fetch --store "$tmp/s2" --service "$url" --sample-followers 10 \
    "$who" >/dev/null 2>&1
grep getProfiles "$log" | cut -d' ' -f2 >"$tmp/s2.req"
n=$(tr '&' '\n' <"$tmp/s1.req" | grep -c 'actors=')
done_=$(sqlite3 "$tmp/s1/bonafide.sqlite" \
    "SELECT value FROM state WHERE key LIKE '%:sample'")
if [ "$n" = 10 ] && cmp -s "$tmp/s1.req" "$tmp/s2.req" &&
    [ "$(wc -l <"$tmp/s1.req")" = 1 ] && [ "$done_" = "$(printf 'done\t10')" ]; then
    ok fetch-bsky-sample
else
    fail fetch-bsky-sample "$n actors, state '$done_'"
fi

# A store whose lists are complete: a new run asks for the profile and the
# first page of each list only, and stores nothing new.
dump "$tmp/full" >"$tmp/full-before.txt" 2>&1
start refresh
"$BIN" fetch --store "$tmp/full" --service "$url" "$who" \
    >"$tmp/refresh.out" 2>&1
rc=$?
dump "$tmp/full" >"$tmp/full-after.txt" 2>&1
if [ $rc -eq 0 ] && [ "$(wc -l <"$log")" = 4 ] &&
    cmp -s "$tmp/full-before.txt" "$tmp/full-after.txt"; then
    ok fetch-bsky-refresh
else
    fail fetch-bsky-refresh "rc $rc, $(wc -l <"$log") requests"
fi

# --again without an account collects again, a month later, every account
# the store was fetched for: one more dated snapshot of its counters.
snaps() {
    sqlite3 "$1/bonafide.sqlite" "SELECT count(*) FROM snapshots s
        JOIN accounts a ON a.id = s.account WHERE a.handle = 'shinyakato.dev'"
}
before=$(snaps "$tmp/full")
start again
BONAFIDE_NOW=2026-02-01T00:00:00Z "$BIN" fetch --again --store "$tmp/full" \
    --service "$url" >"$tmp/again.out" 2>&1
rc=$?
after=$(snaps "$tmp/full")
last=$(sqlite3 "$tmp/full/bonafide.sqlite" "SELECT max(s.observed_at)
    FROM snapshots s JOIN accounts a ON a.id = s.account
    WHERE a.handle = 'shinyakato.dev'")
if [ $rc -eq 0 ] && [ "$after" -eq $((before + 1)) ] &&
    [ "$last" = 1769904000 ] && grep -q "$who" "$tmp/again.out"; then
    ok fetch-again
else
    fail fetch-again "rc $rc, snapshots $before -> $after, last $last" \
        "$(cat "$tmp/again.out")"
fi

# Mastodon: lookup, follower pages through Link headers, statuses; the same
# as ingest of the whole recorded lists.
start masto
"$PY" "$top/tests/replay/replay.py" --data "$DATA" --dump "$tmp/pages"
"$BIN" fetch --store "$tmp/masto" --service "$url" \
    mastodon:@mastodonpy_test@localhost:3000 >"$tmp/masto.out" \
    2>"$tmp/masto.err"
rc=$?
"$BIN" ingest --quiet --store "$tmp/masto-ingest" \
    "$tmp/pages/masto-profile.json" "$tmp/pages/masto-followers.json" \
    "$tmp/pages/masto-statuses.json" >/dev/null 2>&1
pages=$(grep -c 'followers' "$log")
if [ $rc -eq 0 ] && [ "$pages" -gt 2 ]; then
    same fetch-mastodon-same-as-ingest "$tmp/masto-ingest" "$tmp/masto"
else
    fail fetch-mastodon-same-as-ingest "rc $rc, $pages follower pages" \
        "$(head -3 "$tmp/masto.err")"
fi

# X: no token, a clear error and the usage status, before any request.
start xnone
"$BIN" fetch --store "$tmp/x0" --service "$url" x:Twitter \
    >"$tmp/x0.out" 2>"$tmp/x0.err"
rc=$?
if [ $rc -eq 64 ] && grep -q BONAFIDE_X_BEARER_TOKEN "$tmp/x0.err" &&
    [ ! -s "$log" ]; then
    ok fetch-x-no-token
else
    fail fetch-x-no-token "rc $rc"
fi

# X with a token: profile, two recorded follower pages (follow edges to
# the account), the timeline.  The recorded timeline was asked without
# tweet.fields, so its 2 tweets lack author_id and are rejected: exit 2.
token=bf-test-token-4f2a9c
start x
BONAFIDE_X_BEARER_TOKEN=$token "$BIN" fetch --store "$tmp/x" \
    --service "$url" x:Twitter >"$tmp/x.out" 2>"$tmp/x.err"
rc=$?
st=$("$BIN" stats --store "$tmp/x" | awk '$1 == "twitter" { print $2, $4 }')
"$BIN" ingest --quiet --store "$tmp/x-ingest" "$tmp/pages/x.jsonl" \
    >/dev/null 2>&1
xa=$(sqlite3 "$tmp/x/bonafide.sqlite" "SELECT count(*) FROM accounts")
xb=$(sqlite3 "$tmp/x-ingest/bonafide.sqlite" "SELECT count(*) FROM accounts")
if [ $rc -eq 2 ] && [ "$st" = "185 184" ] && [ "$xa" = "$xb" ] &&
    grep -q '2 records rejected' "$tmp/x.out"; then
    ok fetch-x
else
    fail fetch-x "rc $rc, stats '$st', accounts $xa vs $xb" \
        "$(cat "$tmp/x.out")"
fi

# The token appears nowhere: not in the store, its files, the output, the
# diagnostics, nor the URLs the server saw.
if grep -r -q -a "$token" "$tmp/x" "$tmp/x.out" "$tmp/x.err" "$log"; then
    fail fetch-token-private "the token was written somewhere"
else
    ok fetch-token-private
fi

# YouTube: without a key nothing is asked; with one (read from a file),
# the channel, its uploads page by page and their statistics, the same as
# ingest of the recorded responses; the key is nowhere but in a header.
start yt
"$BIN" fetch --store "$tmp/yt0" --service "$url" youtube:@GoogleDevelopers \
    >/dev/null 2>"$tmp/yt0.err"
rc=$?
if [ $rc -eq 64 ] && [ ! -s "$log" ] && grep -q "API key" "$tmp/yt0.err"; then
    ok fetch-youtube-no-key
else
    fail fetch-youtube-no-key "rc $rc, $(wc -l <"$log") requests"
fi
key=AIzaSyReplayKey0123456789abcdefghijk
printf '%s\n' "$key" >"$tmp/yt.key"
start yt
BONAFIDE_YOUTUBE_API_KEY_FILE="$tmp/yt.key" "$BIN" fetch --store "$tmp/yt" \
    --service "$url" youtube:@GoogleDevelopers >"$tmp/yt.out" 2>"$tmp/yt.err"
rc=$?
[ -d "$tmp/pages" ] ||
    "$PY" "$top/tests/replay/replay.py" --data "$DATA" --dump "$tmp/pages"
"$BIN" ingest --quiet --store "$tmp/yt-ingest" --format youtube-api \
    "$tmp/pages/youtube.jsonl" >/dev/null 2>&1
dump "$tmp/yt" >"$tmp/yt.txt" 2>&1
dump "$tmp/yt-ingest" >"$tmp/yt-ingest.txt" 2>&1
# One channel, two pages of uploads, a statistics call after each page.
if [ $rc -eq 0 ] && [ "$(wc -l <"$log")" = 5 ] &&
    [ "$(grep -c playlistItems "$log")" = 2 ] &&
    cmp -s "$tmp/yt.txt" "$tmp/yt-ingest.txt" &&
    grep -q "UC_x5XG1OV2P6uZZ5FSM9Ttw" "$tmp/yt.txt"; then
    ok fetch-youtube-same-as-ingest
else
    fail fetch-youtube-same-as-ingest "rc $rc, $(wc -l <"$log") requests" \
        "$(diff "$tmp/yt.txt" "$tmp/yt-ingest.txt" | head -5)" \
        "$(cat "$tmp/yt.err")"
fi
if grep -r -q -a "$key" "$tmp/yt" "$tmp/yt.out" "$tmp/yt.err" "$log"; then
    fail fetch-youtube-key-private "the key was written somewhere"
else
    ok fetch-youtube-key-private
fi
start yt
BONAFIDE_YOUTUBE_API_KEY=$key "$BIN" fetch --store "$tmp/ytnf" \
    --service "$url" youtube:@nobody.here >/dev/null 2>"$tmp/ytnf.err"
rc=$?
if [ $rc -eq 3 ] && grep -q "no such account" "$tmp/ytnf.err"; then
    ok fetch-youtube-not-found
else
    fail fetch-youtube-not-found "rc $rc"
fi

# Instagram business discovery and a Facebook Page through the Graph API:
# nothing without a token; with one (from a file), the profile, the media
# or posts page by page with their counts, the Page's insights, the same
# as ingest of the recorded responses; the token only in a header.
start graph
"$BIN" fetch --store "$tmp/g0" --service "$url" \
    instagram:facebookfordevelopers >/dev/null 2>"$tmp/g0.err"
rc=$?
if [ $rc -eq 64 ] && [ ! -s "$log" ] && grep -q "Graph API" "$tmp/g0.err"; then
    ok fetch-graph-no-token
else
    fail fetch-graph-no-token "rc $rc, $(wc -l <"$log") requests"
fi
gtoken=EAAGraphReplayToken0123456789abcdefZZ
printf '%s\n' "$gtoken" >"$tmp/graph.token"
[ -d "$tmp/pages" ] ||
    "$PY" "$top/tests/replay/replay.py" --data "$DATA" --dump "$tmp/pages"
start graph
BONAFIDE_GRAPH_TOKEN_FILE="$tmp/graph.token" BONAFIDE_IG_USER_ID=17841406338772941 \
    "$BIN" fetch --store "$tmp/ig" --service "$url" \
    instagram:facebookfordevelopers >"$tmp/ig.out" 2>"$tmp/ig.err"
rc=$?
"$BIN" ingest --quiet --store "$tmp/ig-ingest" --format graph-api \
    --platform instagram "$tmp/pages/instagram.jsonl" >/dev/null 2>&1
dump "$tmp/ig" >"$tmp/ig.txt" 2>&1
dump "$tmp/ig-ingest" >"$tmp/ig-ingest.txt" 2>&1
# The profile, then two pages of media: the second's cursor does not
# move, which ends the list.
if [ $rc -eq 0 ] && [ "$(wc -l <"$log")" = 3 ] &&
    cmp -s "$tmp/ig.txt" "$tmp/ig-ingest.txt" &&
    grep -q "facebookfordevelopers" "$tmp/ig.txt" &&
    [ "$(grep -c '^instagram|1' "$tmp/ig.txt")" -ge 4 ]; then
    ok fetch-instagram-same-as-ingest
else
    fail fetch-instagram-same-as-ingest "rc $rc, $(wc -l <"$log") requests" \
        "$(diff "$tmp/ig.txt" "$tmp/ig-ingest.txt" | head -5)" \
        "$(cat "$tmp/ig.err")"
fi
start graph
BONAFIDE_GRAPH_TOKEN=$gtoken "$BIN" fetch --store "$tmp/fb" --service "$url" \
    facebook:facebookapp >"$tmp/fb.out" 2>"$tmp/fb.err"
rc=$?
"$BIN" ingest --quiet --store "$tmp/fb-ingest" --format graph-api \
    "$tmp/pages/facebook.jsonl" >/dev/null 2>&1
dump "$tmp/fb" >"$tmp/fb.txt" 2>&1
dump "$tmp/fb-ingest" >"$tmp/fb-ingest.txt" 2>&1
ins=$(sqlite3 "$tmp/fb/bonafide.sqlite" \
    "SELECT kind, key, round(value, 3) FROM insights ORDER BY 1, 2")
ins2=$(sqlite3 "$tmp/fb-ingest/bonafide.sqlite" \
    "SELECT kind, key, round(value, 3) FROM insights ORDER BY 1, 2")
# The Page, two pages of posts (the second has no next), the insights.
if [ $rc -eq 0 ] && [ "$(wc -l <"$log")" = 4 ] &&
    cmp -s "$tmp/fb.txt" "$tmp/fb-ingest.txt" && [ -n "$ins" ] &&
    [ "$ins" = "$ins2" ] && grep -q "20531316728" "$tmp/fb.txt"; then
    ok fetch-facebook-same-as-ingest
else
    fail fetch-facebook-same-as-ingest "rc $rc, $(wc -l <"$log") requests" \
        "$(diff "$tmp/fb.txt" "$tmp/fb-ingest.txt" | head -5)" \
        "$(cat "$tmp/fb.err")"
fi
if grep -r -q -a "$gtoken" "$tmp/ig" "$tmp/fb" "$tmp/ig.out" "$tmp/ig.err" \
    "$tmp/fb.out" "$tmp/fb.err" "$log"; then
    fail fetch-graph-token-private "the token was written somewhere"
else
    ok fetch-graph-token-private
fi

"$BIN" fetch --store "$tmp/bad" "bsky:" >/dev/null 2>"$tmp/bad.err"
rc=$?
if [ $rc -eq 64 ] && grep -q "not an account name" "$tmp/bad.err"; then
    ok fetch-bad-account
else
    fail fetch-bad-account "rc $rc"
fi

start nf
"$BIN" fetch --store "$tmp/nf" --service "$url" bsky:nobody.example \
    >/dev/null 2>"$tmp/nf.err"
rc=$?
if [ $rc -eq 3 ] && grep -q "no such account" "$tmp/nf.err"; then
    ok fetch-not-found
else
    fail fetch-not-found "rc $rc"
fi
exit $failed
