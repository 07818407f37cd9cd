#!/bin/sh
# bench_sim.sh - time, peak memory and disk of bonafide sim.
#
#   sh bench/bench_sim.sh [ACCOUNTS] [FOLLOWS] [POSTS]
#
# Generates two worlds of ACCOUNTS accounts (default 100,000) in a
# temporary directory under ${TMPDIR:-/tmp}: one at the calibrated density
# with the default posts, one with --follows-per-account FOLLOWS (default
# 10) and --posts-per-account POSTS (default 0), the settings meant for
# tens of millions of accounts.  For each it prints the wall time, the
# peak resident memory (from /usr/bin/time when installed), the follows
# per account and the size of every file, then deletes the world.
# docs/simulation.md records the figures of the build machine.  Not part
# of `make test`.
set -u
top=$(pwd)
BIN=${BONAFIDE_BIN:-$top/bin/bonafide}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
accounts=${1:-100000}
follows=${2:-10}
posts=${3:-0}
if [ ! -x "$BIN" ]; then
    echo "bench_sim: skipped ($BIN is not built)"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bf-bench-sim-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# run LABEL ARGS...: one generation, measured, then removed.
run() {
    label=$1
    shift
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%M' -o "$tmp/rss" "$BIN" sim --accounts "$accounts" \
            "$@" --out "$tmp/world" >"$tmp/summary" || return 1
        rss="$(($(cat "$tmp/rss") / 1024)) MB"
    else
        "$BIN" sim --accounts "$accounts" "$@" --out "$tmp/world" \
            >"$tmp/summary" || return 1
        rss="n/a"
    fi
    end=$(date +%s.%N)
    lines=$(head -1 "$tmp/summary")
    secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    echo "$label: $secs s, peak $rss"
    echo "  $lines"
    for f in accounts.csv follows.csv posts.jsonl labels.csv; do
        printf '  %-13s %s bytes\n' "$f" "$(wc -c <"$tmp/world/$f")"
    done
    rm -rf "$tmp/world"
}

run "sim $accounts (calibrated density)" || exit 1
run "sim $accounts --follows-per-account $follows --posts-per-account $posts" \
    --follows-per-account "$follows" --posts-per-account "$posts" || exit 1
