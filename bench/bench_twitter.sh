#!/bin/sh
# bench_twitter.sh - PageRank on a follow graph made by `bonafide sim`,
# up to Twitter's size, against GAPBS on the same graph.
#
#   sh bench/bench_twitter.sh
#   BENCH_TWITTER_ACCOUNTS=41700000 BENCH_TWITTER=DIR sh bench/bench_twitter.sh
#
# Generates a world of BENCH_TWITTER_ACCOUNTS accounts (default 1,000,000)
# at BENCH_TWITTER_FOLLOWS follows per account (default 35, the density of
# Kwak et al.'s 2010 crawl: 41.7 M accounts, 1.47 G follows) into named
# pipes in a temporary directory under BENCH_TWITTER (default $TMPDIR or
# /tmp), so none of its text reaches the disk, and hands follows.csv to
# build/bench/bench_graph (BENCH_FOLLOWS).  That builds the graph file in
# the same directory as the store would and measures PageRank on one and
# two threads, best of BENCH_TWITTER_REPS (default 3), beside GAPBS's
# `pr` when BENCH_GAPBS_PR names it.  The follows go straight to the graph
# file, so that the build and PageRank are measured alone and GAPBS gets
# the same graph; bench/bench_platform.sh takes the same world through
# the store.  The default takes about a minute and 2 GB of disk;
# Twitter's size used 56 GB at the peak (the generator's buckets, the
# build's runs, the graph file) before the runs were delta-coded and
# released as they are merged, and took an hour and a half.
# docs/graph.md has the figures of the build machine.
set -u
top=$(pwd)
BIN=${BONAFIDE_BIN:-$top/bin/bonafide}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
BG=${BENCH_BUILD:-$top/build}/bench/bench_graph
accounts=${BENCH_TWITTER_ACCOUNTS:-1000000}
follows=${BENCH_TWITTER_FOLLOWS:-35}
if [ ! -x "$BIN" ] || [ ! -x "$BG" ]; then
    echo "twitter size: skipped ($BIN or $BG is not built)"
    exit 0
fi
dir=$(mktemp -d "${BENCH_TWITTER:-${TMPDIR:-/tmp}}/bf-twitter-XXXXXX") ||
    exit 1
trap 'rm -rf "$dir"' EXIT INT TERM
mkdir "$dir/w" || exit 1
for f in accounts.csv follows.csv labels.csv posts.jsonl; do
    mkfifo "$dir/w/$f" || exit 1
done
# Only the follows are used; the other files are drained as they come.
drains=
for f in accounts.csv labels.csv posts.jsonl; do
    cat "$dir/w/$f" >/dev/null &
    drains="$drains $!"
done
start=$(date +%s)
"$BIN" sim --accounts "$accounts" --follows-per-account "$follows" \
    --posts-per-account 0 --out "$dir/w" >"$dir/sim.out" 2>&1 &
sim=$!
echo "twitter size: bonafide sim --accounts $accounts" \
    "--follows-per-account $follows, through named pipes"
BENCH_FOLLOWS="$dir/w/follows.csv" BENCH_FOLLOWS_N="$accounts" \
    BENCH_FOLLOWS_DIR="$dir" BENCH_FOLLOWS_REPS=${BENCH_TWITTER_REPS:-3} \
    "$BG"
status=$?
# A reader that gave up early would leave the generator blocked on a pipe.
if [ $status -ne 0 ]; then
    echo "twitter size: $BG failed; generator stopped"
    kill $sim 2>/dev/null
    wait $sim 2>/dev/null
elif ! wait $sim; then
    echo "twitter size: bonafide sim failed:"
    cat "$dir/sim.out"
    status=1
fi
# Drains of pipes the generator never opened would wait for ever.
kill $drains 2>/dev/null
wait
echo "twitter size: whole run $(($(date +%s) - start)) s"
exit $status
