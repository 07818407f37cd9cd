#!/bin/sh
# bench_platform.sh - a platform-size follow graph through the whole
# pipeline: generated, ingested into a store, the graph file built,
# PageRank and k-core run, each step's time, peak memory and the disk's
# peak printed.
#
#   sh bench/bench_platform.sh
#   make bench-platform          (Twitter's size: 41.7 M accounts)
#   BENCH_PLATFORM_ACCOUNTS=41700000 BENCH_PLATFORM=DIR sh bench/bench_platform.sh
#
# `bonafide sim --accounts N --follows-per-account F --posts-per-account 0`
# (N from BENCH_PLATFORM_ACCOUNTS, default 300,000; F from
# BENCH_PLATFORM_FOLLOWS, default 35, the density of Kwak et al.'s 2010
# crawl: 41.7 M accounts, 1.47 G follows) writes into named pipes in a
# temporary directory under BENCH_PLATFORM (default $TMPDIR or /tmp), and
# one `bonafide ingest` reads its follows.csv as it is made, so no text
# reaches the disk.  The accounts are stored as the follows name them;
# their profiles are drained, not ingested (at 41.7 M accounts each
# profile lands on a random page of the accounts table, 8,000 to 10,000 a
# second, docs/graph.md).  The ingest ends by building graph.csr (its
# peer statistics read the graph); the build's share is timed from the
# last segment written.  Then `bonafide graph degree` opens it,
# `graph pagerank` computes and caches PageRank, `graph kcore` the cores.
#
# Disk: the store directory (segments, SQLite, graph.csr, pagerank.bin),
# the generator's temporary buckets and the build's unlinked runs are
# sampled every two seconds; the peak is printed.  Twitter's size needs
# about 60 GB free (58.7 GB at the peak) and about an hour on the build
# machine; docs/graph.md has its figures.
set -u
top=$(pwd)
BIN=${BONAFIDE_BIN:-$top/bin/bonafide}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
accounts=${BENCH_PLATFORM_ACCOUNTS:-300000}
follows=${BENCH_PLATFORM_FOLLOWS:-35}
if [ ! -x "$BIN" ]; then
    echo "platform: skipped ($BIN is not built)"
    exit 0
fi
if [ ! -x /usr/bin/time ]; then
    echo "platform: skipped (/usr/bin/time is not installed)"
    exit 0
fi
dir=$(mktemp -d "${BENCH_PLATFORM:-${TMPDIR:-/tmp}}/bf-platform-XXXXXX") ||
    exit 1
sampler=
trap 'kill $sampler 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
mkdir "$dir/w" "$dir/st" || exit 1
for f in accounts.csv follows.csv labels.csv posts.jsonl; do
    mkfifo "$dir/w/$f" || exit 1
done

# The disk sampler: bytes allocated under $dir, plus the unlinked files
# (the build's runs) that bonafide processes hold open.  It runs in its
# own shell and writes its peak to $dir/disk.peak after every sample.
(
    peak=0
    while :; do
        used=$(du -sB1 "$dir" 2>/dev/null | cut -f1)
        for p in $(pgrep -f "$BIN" 2>/dev/null); do
            for fd in /proc/$p/fd/*; do
                case "$(readlink "$fd" 2>/dev/null)" in
                *'(deleted)'*)
                    b=$(stat -L -c '%b' "$fd" 2>/dev/null) &&
                        used=$((used + b * 512)) ;;
                esac
            done
        done
        [ "${used:-0}" -gt "$peak" ] && peak=$used
        echo "$peak" >"$dir/disk.peak.new" &&
            mv "$dir/disk.peak.new" "$dir/disk.peak"
        sleep 2
    done
) &
sampler=$!

# step NAME CMD...: runs CMD, prints its wall time and peak resident set;
# says "NAME: failed" and stops the script when it fails.
step() {
    _name=$1
    shift
    if ! /usr/bin/time -f '%e %M' -o "$dir/time" "$@" >"$dir/out" 2>&1; then
        echo "platform/$_name: failed"
        cat "$dir/out"
        exit 1
    fi
    read -r _s _kb <"$dir/time"
    printf 'platform/%-9s %9.1f s  peak %6.2f GB\n' "$_name" "$_s" \
        "$(echo "$_kb" | awk '{ print $1 * 1024 / 1e9 }')"
}

# Only the follows are ingested; the other files are drained as they come.
drains=
for f in accounts.csv labels.csv posts.jsonl; do
    cat "$dir/w/$f" >/dev/null &
    drains="$drains $!"
done
echo "platform: bonafide sim --accounts $accounts" \
    "--follows-per-account $follows, through named pipes"
start=$(date +%s)
"$BIN" sim --accounts "$accounts" --follows-per-account "$follows" \
    --posts-per-account 0 --out "$dir/w" >"$dir/sim.out" 2>&1 &
sim=$!
if ! /usr/bin/time -f '%e %M' -o "$dir/time" "$BIN" ingest --quiet \
    --store "$dir/st" --platform sim "$dir/w/follows.csv" >"$dir/out" 2>&1
then
    echo "platform/ingest: failed"
    cat "$dir/out"
    kill $sim $drains 2>/dev/null
    exit 1
fi
if ! wait $sim; then
    echo "platform: bonafide sim failed:"
    cat "$dir/sim.out"
    exit 1
fi
kill $drains 2>/dev/null
wait $drains 2>/dev/null
read -r s kb <"$dir/time"
printf 'platform/%-9s %9.1f s  peak %6.2f GB  (paced by the generator; graph.csr built at its end)\n' \
    ingest "$s" "$(echo "$kb" | awk '{ print $1 * 1024 / 1e9 }')"
# The ingest ends by building graph.csr (its peer statistics read the
# graph), from its last segment's commit to the file's last write.
last=$(find "$dir/st" -name 'follows-*.seg' -printf '%T@\n' | sort -n |
    tail -n 1)
if [ -n "$last" ]; then
    printf 'platform/%-9s %9.0f s  (within the ingest: from its last segment to the file'"'"'s last write)\n' \
        graph "$(echo "$last $(stat -c %Y "$dir/st/graph.csr")" |
            awk '{ print $2 - $1 }')"
fi
step degree "$BIN" graph degree --store "$dir/st" --top 1
m=$("$BIN" stats --store "$dir/st" --json 2>/dev/null |
    sed -n 's/.*"follows": *\([0-9]*\).*/\1/p' | head -n 1)
printf 'platform/%-9s %9.2f GB  (%s distinct follows)\n' graph.csr \
    "$(stat -c %s "$dir/st/graph.csr" | awk '{ print $1 / 1e9 }')" "${m:-?}"
step pagerank "$BIN" graph pagerank --store "$dir/st" --top 1
step kcore "$BIN" graph kcore --store "$dir/st" --top 1
sleep 2
printf 'platform/%-9s %9.2f GB  (store, generator buckets, runs; sampled every 2 s)\n' \
    disk "$(awk '{ print $1 / 1e9 }' "$dir/disk.peak")"
echo "platform: whole run $(($(date +%s) - start)) s"
