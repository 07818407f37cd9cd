#!/bin/sh
# bench_score.sh - bulk scoring of a whole store, beside SQLite reading the
# same columns.
#
# A simulated world of BENCH_SCORE_ACCOUNTS accounts (default 100,000;
# 35 follows per account, the default posts) is generated and ingested
# once into build/bench-score/N/st and reused by later runs (delete the
# folder to start afresh; a world of 1,000,000 takes several minutes).
# Then, best of BENCH_SCORE_PASSES (default 2), on one core (taskset -c 0
# when there is taskset):
#   score/all      bonafide score --all > /dev/null: every account's
#                  features (profile, timeline from its posts, network
#                  from the graph file), the model and the JSON lines
#   sqlite3/read   the sqlite3 shell selecting the accounts' columns the
#                  features read, in the same order, to /dev/null: what
#                  reading the account rows alone costs SQLite's own
#                  shell, with no feature computed (posts are in post
#                  segments, not SQLite rows, since schema 9)
# in accounts per second, and their ratio (of wall times); on a shared
# machine the accounts per CPU second say more.  Figures are wall-clock seconds
# from date +%s.%N, and the user and system CPU seconds of the best pass
# when /usr/bin/time is there.  docs/store.md records the figures.
#
#   BONAFIDE_BIN=bin/bonafide sh bench/bench_score.sh
set -u
top=$(pwd)
bin=${BONAFIDE_BIN:-bin/bonafide}
case "$bin" in /*) ;; *) bin="$top/$bin" ;; esac
n=${BENCH_SCORE_ACCOUNTS:-100000}
passes=${BENCH_SCORE_PASSES:-2}
dir=$top/build/bench-score/$n
export BONAFIDE_MODEL=${BONAFIDE_MODEL:-$top/models/default.model}
export BONAFIDE_NOW=${BONAFIDE_NOW:-2026-01-01T00:00:00Z}

if [ ! -x "$bin" ]; then
    echo "bench_score: skipped ($bin is not built)"
    exit 0
fi
pin=
command -v taskset >/dev/null 2>&1 && pin="taskset -c 0"

if [ ! -f "$dir/st/ready" ]; then
    echo "score: building a world of $n accounts in $dir (once)"
    rm -rf "$dir"
    mkdir -p "$dir" || exit 1
    "$bin" sim --accounts "$n" --follows-per-account 35 --seed 7 \
        --out "$dir/w" >/dev/null || exit 1
    "$bin" ingest --quiet --store "$dir/st" --platform sim \
        --observed-at 2026-01-01 "$dir/w/accounts.csv" "$dir/w/posts.jsonl" \
        "$dir/w/follows.csv" >/dev/null || exit 1
    "$bin" ingest --quiet --store "$dir/st" --platform sim \
        --label-column label --label-set sim "$dir/w/labels.csv" \
        >/dev/null || exit 1
    rm -rf "$dir/w"
    touch "$dir/st/ready"
fi
db=$dir/st/bonafide.sqlite
posts=$("$bin" stats --store "$dir/st" --json 2>/dev/null |
    sed -n 's/.*"total":{[^}]*"posts":\([0-9]*\).*/\1/p')
posts=${posts:-?}
follows=$(sqlite3 "$db" "SELECT coalesce(sum(edges), 0) FROM segments" \
    2>/dev/null || echo "?")
echo "score: store of $n accounts, $posts posts, $follows follows"

now() { date +%s.%N; }

# best CMD...: the best wall time of $passes runs, and in $tmpcpu the CPU
# seconds (user system) of that run.
tmpcpu=$(mktemp)
trap 'rm -f "$tmpcpu" "$tmpcpu.t"' EXIT
best() {
    b=
    i=0
    while [ "$i" -lt "$passes" ]; do
        t0=$(now)
        if [ -x /usr/bin/time ]; then
            /usr/bin/time -f '%U %S' -o "$tmpcpu.t" "$@" >/dev/null 2>&1 ||
                { echo fail; return; }
        else
            "$@" >/dev/null 2>&1 || { echo fail; return; }
            echo "? ?" >"$tmpcpu.t"
        fi
        t1=$(now)
        t=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then
            b=$t
            cp "$tmpcpu.t" "$tmpcpu"
        fi
        i=$((i + 1))
    done
    echo "$b"
}

# Warm the page cache: both sides read the same files afterwards.
cat "$db" "$dir"/st/graph.csr "$dir"/st/posts-*.pseg >/dev/null 2>&1

t=$(best $pin "$bin" score --store "$dir/st" --all)
if [ "$t" = fail ]; then
    echo "score/all: failed"
    exit 1
fi
cpu=$(cat "$tmpcpu")
# cpurate: accounts per CPU second of the best pass ("?" without time).
cpurate() {
    set -- $(cat "$tmpcpu")
    case "$1" in
    [0-9]*) echo "$n / ($1 + $2)" | bc -l | xargs printf '%.0f' ;;
    *) echo "?" ;;
    esac
}
bcpu=$(cpurate)
printf 'score/all      %10.0f accounts/s  (%.2f s; CPU user %s s, system %s s: %s accounts per CPU second)\n' \
    "$(echo "$n / $t" | bc -l)" "$t" ${cpu} "$bcpu"

if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "sqlite3/read: skipped, no sqlite3 shell"
    exit 0
fi
tp=$(best $pin sqlite3 -batch -list "$db" \
    "SELECT platform, native_id, handle, name, bio, url, location, lang,
            label, created_at, followers, following, posts, likes, lists,
            verified, protected, default_avatar, default_profile,
            observed_at, label_set, automated, unknown, id
     FROM accounts ORDER BY id;")
if [ "$tp" = fail ]; then
    echo "sqlite3/read: skipped, the sqlite3 shell failed"
    exit 0
fi
cpu=$(cat "$tmpcpu")
printf 'sqlite3/read   %10.0f accounts/s  (%.2f s; CPU user %s s, system %s s: %s accounts per CPU second; the account rows only: posts are not SQLite rows)  bonafide %.2fx\n' \
    "$(echo "$n / $tp" | bc -l)" "$tp" ${cpu} "$(cpurate)" "$(echo "$tp / $t" | bc -l)"
