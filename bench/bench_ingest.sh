#!/bin/sh
# bench_ingest.sh - end-to-end ingest into the store, beside SQLite's own
# CSV import of the same follow list.
#
# A simulated world gives a follow list (CSV) and tweets (Twitter v1.1 JSON
# lines).  bonafide ingests each into a fresh store on one core; the peer is
# the sqlite3 shell's ".import" of the same CSV into a plain two-column
# table, the fastest way SQLite itself loads rows; for the tweets, DuckDB
# (bench/duckdb, one thread) loading the same file with explicit columns
# into a table of an on-disk database.
#
# Profiles: the world's accounts.csv into a new store.
#
# Posts: the tweets into a new store, then the same tweets again into a
# store holding them (every post an upsert of a stored one), then into a
# store holding another world's accounts and posts (BENCH_INGEST_HELD).
#
# New accounts: a follow list in which every line names two accounts never
# seen before (BENCH_INGEST_NEW of them, default ACCOUNTS; 16-digit ids in
# scattered order, as a first load meets them), ingested into a new store:
# every account is a new row.  The peer is the sqlite3 shell inserting the
# same ids, in the same order and in one statement, into a table with the
# store's key (id INTEGER PRIMARY KEY, UNIQUE(platform, native_id)), its
# .import of them included.  Then the same accounts again, each line
# reversed, into a copy of that store opened anew: every account is known
# to SQLite but not to the id cache, so each is looked up once.
#
# Figures are wall-clock seconds from date +%s.%N, best of
# BENCH_INGEST_PASSES (default 2).
#
#   BONAFIDE_BIN=bin/bonafide sh bench/bench_ingest.sh [ACCOUNTS]
#   BENCH_INGEST_NEW=1000000 sh bench/bench_ingest.sh
#   BENCH_INGEST_HELD=1000000 sh bench/bench_ingest.sh
set -u
bin=${BONAFIDE_BIN:-bin/bonafide}
n=${1:-${BENCH_INGEST_ACCOUNTS:-30000}}
passes=${BENCH_INGEST_PASSES:-2}
nnew=${BENCH_INGEST_NEW:-$n}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }

# best CMD... runs CMD $passes times in a fresh directory, prints the best.
# When $seed names a store, each pass starts from a copy of it.
seed=
best() {
    b=
    i=0
    while [ "$i" -lt "$passes" ]; do
        rm -rf "$tmp/st" "$tmp/peer.db"
        if [ -n "$seed" ]; then cp -r "$seed" "$tmp/st"; fi
        t0=$(now)
        "$@" >/dev/null 2>&1 || { echo fail; return; }
        t1=$(now)
        t=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
        i=$((i + 1))
    done
    echo "$b"
}

# timed VAR NAME FILE: the best time of `bonafide ingest FILE` into the
# store (see best) in $VAR; says "NAME: failed" and stops when it fails.
timed() {
    _t=$(best taskset -c 0 "$bin" ingest --quiet --store "$tmp/st" \
            --platform sim "$3")
    if [ "$_t" = fail ]; then
        echo "$2: failed"
        exit 1
    fi
    eval "$1=\$_t"
}

# shell_line ROWS T TP NOTE: the sqlite3 shell's line for ROWS in TP
# seconds (or "fail"), beside bonafide's T.
shell_line() {
    if [ "$3" != fail ]; then
        printf 'sqlite3/.import     %10.0f rows/s     (%.2f s%s)  bonafide %.2fx\n' \
            "$(echo "$1 / $3" | bc -l)" "$3" "$4" "$(echo "$3 / $2" | bc -l)"
    else
        echo "sqlite3/.import: skipped, the sqlite3 shell did not run"
    fi
}

"$bin" sim --accounts "$n" --seed 3 --out "$tmp/w" >/dev/null || exit 1
follows=$(($(wc -l <"$tmp/w/follows.csv") - 1))
posts=$(wc -l <"$tmp/w/posts.jsonl")
mb=$(du -m "$tmp/w/posts.jsonl" | cut -f1)
echo "ingest: world of $n accounts: $follows follows, $posts tweets ($mb MB)"

timed t ingest/follows "$tmp/w/follows.csv"
tp=$(best sqlite3 "$tmp/peer.db" \
        "CREATE TABLE f(follower TEXT, followee TEXT)" \
        ".import --csv --skip 1 $tmp/w/follows.csv f")
printf 'ingest/follows      %10.0f follows/s  (%.2f s)\n' \
    "$(echo "$follows / $t" | bc -l)" "$t"
shell_line "$follows" "$t" "$tp" ""

# Profiles: the world's accounts.csv into a new store (rows, their two
# indexes, snapshots and the search index); the peer is the sqlite3 shell
# importing the same CSV into a plain table its header names.
profiles=$(($(wc -l <"$tmp/w/accounts.csv") - 1))
timed t ingest/profiles "$tmp/w/accounts.csv"
tp=$(best taskset -c 0 sqlite3 "$tmp/peer.db" \
        ".import --csv $tmp/w/accounts.csv p")
printf 'ingest/profiles     %10.0f accounts/s (%.2f s, a new store)\n' \
    "$(echo "$profiles / $t" | bc -l)" "$t"
shell_line "$profiles" "$t" "$tp" ", plain table"

timed t ingest/posts "$tmp/w/posts.jsonl"
printf 'ingest/posts        %10.0f posts/s    (%.2f s, %.0f MB/s)\n' \
    "$(echo "$posts / $t" | bc -l)" "$t" "$(echo "$mb / $t" | bc -l)"
# The same tweets again into a store that holds them already: every post
# is one the store has (its segments are read back merged), so this is the
# upsert path.  The seed store is made once; each pass starts from a copy.
"$bin" ingest --quiet --store "$tmp/seed" --platform sim \
    "$tmp/w/posts.jsonl" >/dev/null 2>&1 || { echo "ingest/posts: failed"; exit 1; }
seed="$tmp/seed"
timed t2 ingest/posts-again "$tmp/w/posts.jsonl"
seed=
printf 'ingest/posts-again  %10.0f posts/s    (%.2f s, into a store holding them)\n' \
    "$(echo "$posts / $t2" | bc -l)" "$t2"
rm -rf "$tmp/seed"
if command -v node >/dev/null 2>&1 && [ -d bench/duckdb/node_modules ]; then
    td=
    i=0
    while [ "$i" -lt "$passes" ]; do
        rm -f "$tmp/duck.db" "$tmp/duck.db.wal"
        x=$(node bench/duckdb/duckdb.mjs load "$tmp/w/posts.jsonl" \
            "$tmp/duck.db" 2>/dev/null) || x=
        if [ -n "$x" ] && { [ -z "$td" ] ||
            [ "$(echo "$x < $td" | bc -l)" = 1 ]; }; then td=$x; fi
        i=$((i + 1))
    done
    if [ -n "$td" ]; then
        printf 'duckdb/load         %10.0f posts/s    (%.2f s, plain table, no upsert)  bonafide %.2fx\n' \
            "$(echo "$posts / $td" | bc -l)" "$td" "$(echo "$td / $t" | bc -l)"
    else
        echo "duckdb/load: skipped, DuckDB did not run"
    fi
else
    echo "duckdb/load: skipped, node or bench/duckdb/node_modules is missing"
fi

# The same tweets into a store that already holds another world's
# accounts and posts (BENCH_INGEST_HELD accounts, default 100,000, seed
# 11, with its tweets and few follows, which this load does not touch;
# 0 skips it): their authors are new to it, among a larger accounts
# index and search index, and their segments are merged with the
# store's.  The ratio is to DuckDB's load above, whose append into a
# table does not depend on what the table holds.
held=${BENCH_INGEST_HELD:-100000}
if [ "$held" -gt 0 ]; then
    rm -rf "$tmp/hw" "$tmp/held"
    "$bin" sim --accounts "$held" --follows-per-account 2 --seed 11 \
        --out "$tmp/hw" >/dev/null || exit 1
    hposts=$(wc -l <"$tmp/hw/posts.jsonl")
    "$bin" ingest --quiet --store "$tmp/held" --platform sim \
        "$tmp/hw/accounts.csv" "$tmp/hw/posts.jsonl" >/dev/null 2>&1 ||
        { echo "ingest/posts-held: failed"; exit 1; }
    rm -rf "$tmp/hw"
    seed=$tmp/held
    timed t3 ingest/posts-held "$tmp/w/posts.jsonl"
    seed=
    printf 'ingest/posts-held   %10.0f posts/s    (%.2f s, into a store of %d accounts and %d posts)' \
        "$(echo "$posts / $t3" | bc -l)" "$t3" "$held" "$hposts"
    if [ -n "${td:-}" ]; then
        printf '  bonafide %.2fx DuckDB\n' "$(echo "$td / $t3" | bc -l)"
    else
        printf '\n'
    fi
    rm -rf "$tmp/held"
fi

# New accounts: ids 10^15 + (i * 2654435761 mod 2^32), distinct for any i
# below 2^32 (the multiplier is odd) and scattered, two to a line.
awk -v n="$nnew" 'BEGIN {
    print "follower,followee"
    m = 4294967296
    for (i = 0; i + 1 < n; i += 2)
        printf "%.0f,%.0f\n", 1e15 + (i * 2654435761) % m,
            1e15 + ((i + 1) * 2654435761) % m
}' >"$tmp/new.csv"
fresh=$(($(wc -l <"$tmp/new.csv") * 2 - 2))
tail -n +2 "$tmp/new.csv" | tr ',' '\n' >"$tmp/ids.txt"
awk -F, 'NR == 1 { print; next } { print $2 "," $1 }' "$tmp/new.csv" \
    >"$tmp/known.csv"
timed t ingest/new-accounts "$tmp/new.csv"
rm -rf "$tmp/base"
"$bin" ingest --quiet --store "$tmp/base" --platform sim "$tmp/new.csv" \
    >/dev/null 2>&1
tp=$(best taskset -c 0 sqlite3 "$tmp/peer.db" \
        "PRAGMA journal_mode=WAL" "PRAGMA synchronous=NORMAL" \
        "PRAGMA cache_size=-65536" \
        "CREATE TABLE a(id INTEGER PRIMARY KEY, platform INTEGER NOT NULL, native_id TEXT NOT NULL, UNIQUE(platform, native_id))" \
        "CREATE TEMP TABLE s(v TEXT)" ".import $tmp/ids.txt s" \
        "INSERT INTO a(platform, native_id) SELECT 1, v FROM s ORDER BY rowid")
printf 'ingest/new-accounts %10.0f accounts/s (%.2f s, %d accounts)\n' \
    "$(echo "$fresh / $t" | bc -l)" "$t" "$fresh"
if [ "$tp" != fail ]; then
    printf 'sqlite3/insert      %10.0f rows/s     (%.2f s)  bonafide %.2fx\n' \
        "$(echo "$fresh / $tp" | bc -l)" "$tp" "$(echo "$tp / $t" | bc -l)"
else
    echo "sqlite3/insert: skipped, the sqlite3 shell did not run"
fi
seed=$tmp/base
timed t ingest/known-accounts "$tmp/known.csv"
seed=
printf 'ingest/known-accounts %8.0f accounts/s (%.2f s, each looked up once)\n' \
    "$(echo "$fresh / $t" | bc -l)" "$t"

# Follows into a store that already holds many accounts, the shape of a
# platform-size load (BENCH_INGEST_STORE=N, say 5000000; off by default,
# as its set-up alone takes minutes): the follow list of a world of N
# accounts, 12 follows each, into a copy of the store of its accounts,
# the graph file built at the end.  It runs on every core the process
# may use, as the graph build and the segment writes do (docs/store.md,
# "On two cores"); the peer is the sqlite3 shell's .import of the same
# CSV into a plain table, which has one thread.
big=${BENCH_INGEST_STORE:-0}
if [ "$big" -gt 0 ]; then
    rm -rf "$tmp/w" "$tmp/big" "$tmp/bigw"
    "$bin" sim --accounts "$big" --follows-per-account 12 \
        --posts-per-account 0 --seed 3 --out "$tmp/bigw" >/dev/null ||
        exit 1
    "$bin" ingest --quiet --store "$tmp/big" --platform sim \
        "$tmp/bigw/accounts.csv" >/dev/null 2>&1 ||
        { echo "ingest/follows-into-store: failed"; exit 1; }
    rm -f "$tmp/bigw/accounts.csv"
    follows=$(($(wc -l <"$tmp/bigw/follows.csv") - 1))
    seed=$tmp/big
    t=$(best "$bin" ingest --quiet --store "$tmp/st" --platform sim \
        "$tmp/bigw/follows.csv")
    seed=
    if [ "$t" = fail ]; then
        echo "ingest/follows-into-store: failed"
        exit 1
    fi
    tp=$(best sqlite3 "$tmp/peer.db" \
            "CREATE TABLE f(follower TEXT, followee TEXT, position INTEGER)" \
            ".import --csv --skip 1 $tmp/bigw/follows.csv f")
    printf 'ingest/follows-into-store %6.0f follows/s  (%.2f s, %d follows into %d accounts, %s threads)\n' \
        "$(echo "$follows / $t" | bc -l)" "$t" "$follows" "$big" \
        "$(nproc)"
    shell_line "$follows" "$t" "$tp" ", one thread"
fi
