#!/bin/sh
# bench_twitter.sh - PageRank on a follow graph of Twitter's size, built
# from `bonafide sim`, against GAPBS on the same graph.
#
#   BENCH_TWITTER=DIR sh bench/bench_twitter.sh
#
# Kwak et al.'s 2010 crawl had 41.7 M accounts and 1.47 G follows.  This
# generates a world of that size (BENCH_TWITTER_ACCOUNTS, default
# 41,700,000, at BENCH_TWITTER_FOLLOWS follows per account, default 35)
# into named pipes under DIR, so that none of its text reaches the disk,
# and hands follows.csv to build/bench/bench_graph (BENCH_FOLLOWS), which
# builds the graph file in DIR as the store would and measures PageRank on
# one and two threads, best of BENCH_TWITTER_REPS (default 2), beside
# GAPBS's `pr` when BENCH_GAPBS_PR names it.  The graph goes straight from
# the follows to the graph file: the store's segments (16 bytes a follow)
# and SQLite's account rows would not fit next to it on a disk of 70 GB.
# Needs about 60 GB free in DIR at the peak (the generator's buckets, the
# build's sorted runs, the graph file) and an hour or two; without
# BENCH_TWITTER it says so and does nothing.  docs/graph.md has the
# figures of the build machine.
set -u
if [ -z "${BENCH_TWITTER:-}" ]; then
    echo "twitter size: skipped (about 60 GB of disk and 1-2 hours;" \
         "BENCH_TWITTER=DIR runs it)"
    exit 0
fi
top=$(pwd)
BIN=${BONAFIDE_BIN:-$top/bin/bonafide}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
BG=${BENCH_BUILD:-$top/build}/bench/bench_graph
accounts=${BENCH_TWITTER_ACCOUNTS:-41700000}
follows=${BENCH_TWITTER_FOLLOWS:-35}
dir=$(mktemp -d "$BENCH_TWITTER/bf-twitter-XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT INT TERM
mkdir "$dir/w" || exit 1
for f in accounts.csv follows.csv labels.csv posts.jsonl; do
    mkfifo "$dir/w/$f" || exit 1
done
# Only the follows are used; the other files are drained as they come.
for f in accounts.csv labels.csv posts.jsonl; do
    cat "$dir/w/$f" >/dev/null &
done
start=$(date +%s)
"$BIN" sim --accounts "$accounts" --follows-per-account "$follows" \
    --posts-per-account 0 --out "$dir/w" >"$dir/sim.out" 2>&1 &
sim=$!
BENCH_FOLLOWS="$dir/w/follows.csv" BENCH_FOLLOWS_N="$accounts" \
    BENCH_FOLLOWS_DIR="$dir" BENCH_FOLLOWS_REPS=${BENCH_TWITTER_REPS:-2} \
    "$BG"
status=$?
wait $sim || { echo "twitter size: bonafide sim failed:"; cat "$dir/sim.out"; status=1; }
wait
echo "twitter size: $accounts accounts, $follows follows each; whole run $(($(date +%s) - start)) s"
exit $status
