#!/bin/sh
# mpi.sh - bonafide graph ... --mpi against the single-process command.
#
# Builds bonafide-mpi when it is missing (make mpi, default build only),
# then on two stores - SNAP ego-Facebook ingested --undirected (skipped
# without ../shared) and a small simulated world (always) - runs each of
# pagerank, degree and reciprocity once in one process and under
# `mpirun -np P` for P = 1, 2, 3, 4, and compares: PageRank over every
# account (--top 0 --json, values printed with %.17g) within 1e-9 in L1,
# degree and reciprocity byte for byte, text and JSON.  Also: the parts
# written with --out, a graph.csr with a neighbour out of range (every
# rank must refuse it), a directory without a store, the hand-over from bin/bonafide (--mpi) and its
# message when bonafide-mpi is absent; and PageRank on a world of 263,000
# accounts, where pagerank.c gathers float contributions at first and the
# graph file carries a local order, gathered and written with --out.
# Prints "ok NAME", "FAIL NAME" or "skip NAME: reason" per test.  Takes
# about 45 s on two cores.
set -u
top=$(pwd)
BIN=${BONAFIDE:-$top/bin/bonafide}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
MPIBIN=$(dirname "$BIN")/bonafide-mpi
SHARED=${BONAFIDE_SHARED:-$top/../shared}
FB=$SHARED/data/snap-ego-facebook/facebook_combined.txt
# Under the sanitizer build, OpenMPI's own allocations (in components it
# unloads before exit, so they cannot even be named in a suppression) would
# count as leaks: the ranks run with leak detection off, every other check
# on.
MPIRUN="env ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
MPIRUN="$MPIRUN mpirun --oversubscribe --allow-run-as-root"

if ! command -v mpirun >/dev/null 2>&1; then
    echo "skip mpi: mpirun is not installed (openmpi-bin)"
    exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "skip mpi: python3 is not installed (needed to compare PageRank)"
    exit 0
fi
# Build bonafide-mpi for the default build; another build directory (the
# sanitizer one) must have built it itself.
if [ ! -x "$MPIBIN" ] && [ "${BUILD:-build}" = build ] &&
    command -v mpicc >/dev/null 2>&1; then
    if grep -q 'mpi/mpi.mk' Makefile; then
        make --no-print-directory mpi >/dev/null 2>&1
    else
        make --no-print-directory -f Makefile -f mpi/mpi.mk mpi \
            >/dev/null 2>&1
    fi
fi
if [ ! -x "$MPIBIN" ]; then
    echo "skip mpi: $MPIBIN is not built (make mpi)"
    exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
ok() { echo "ok $1"; }
fail() {
    echo "FAIL $1"
    shift
    for l in "$@"; do echo "    $l"; done
    failed=1
}

# expect_refused NAME P STORE: PageRank on P ranks over the damaged STORE
# must end, on every rank, with the graph called corrupt.
expect_refused() {
    if timeout 60 $MPIRUN -np "$2" "$MPIBIN" graph pagerank --mpi \
        --store "$3" >/dev/null 2>"$tmp/err"; then
        fail "$1" "exit 0"
    elif grep -q "graph: .*corrupt\|graph: .*validation" "$tmp/err"; then
        ok "$1"
    else
        fail "$1" "$(tail -3 "$tmp/err")"
    fi
}

# l1 A B: the L1 distance between two --json PageRank outputs, matched by
# (platform, id); "different accounts" when they do not list the same.
l1() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
def load(p):
    with open(p) as f:
        return {(r["platform"], r["id"]): r["value"] for r in json.load(f)}
a, b = load(sys.argv[1]), load(sys.argv[2])
if a.keys() != b.keys() or not a:
    print("different accounts")
else:
    print("%.3g" % sum(abs(a[k] - b[k]) for k in a))
EOF
}

# le X Y: X <= Y for two floating-point numbers.
le() { awk -v x="$1" -v y="$2" 'BEGIN { exit !(x + 0 <= y + 0) }'; }

# compare NAME STORE: every metric, P = 1..4, against one process.
compare() {
    name=$1
    store=$2
    d=$tmp/$name
    mkdir -p "$d"
    "$BIN" graph pagerank --store "$store" --top 0 --json >"$d/pr.json" &&
        "$BIN" graph degree --store "$store" --top 20 >"$d/deg.txt" &&
        "$BIN" graph degree --store "$store" --top 0 --json >"$d/deg.json" &&
        "$BIN" graph reciprocity --store "$store" >"$d/rec.txt" &&
        "$BIN" graph reciprocity --store "$store" --json >"$d/rec.json" || {
        fail "$name single-process" "bonafide graph failed"
        return
    }
    for P in 1 2 3 4; do
        run="$MPIRUN -np $P $MPIBIN graph"
        if $run pagerank --mpi --store "$store" --top 0 --json \
            >"$d/pr.$P" 2>"$d/err"; then
            dist=$(l1 "$d/pr.json" "$d/pr.$P")
            if le "$dist" 1e-9 2>/dev/null; then
                ok "$name pagerank P=$P (L1 $dist)"
            else
                fail "$name pagerank P=$P" "L1 distance $dist > 1e-9"
            fi
        else
            fail "$name pagerank P=$P" "$(tail -3 "$d/err")"
        fi
        for t in "deg.txt degree --top 20" "deg.json degree --top 0 --json" \
            "rec.txt reciprocity" "rec.json reciprocity --json"; do
            set -- $t
            want=$1
            shift
            if $run "$@" --mpi --store "$store" >"$d/got" 2>"$d/err" &&
                cmp -s "$d/$want" "$d/got"; then
                ok "$name $* P=$P"
            else
                fail "$name $* P=$P" "$(diff "$d/$want" "$d/got" | head -5)" \
                    "$(tail -3 "$d/err")"
            fi
        done
    done
}

# The simulated world: 3,000 accounts, about 410,000 follows.
if "$BIN" sim --accounts 3000 --seed 7 --out "$tmp/world" >/dev/null 2>&1 &&
    "$BIN" ingest --quiet --store "$tmp/sim" --platform sim \
        "$tmp/world/accounts.csv" "$tmp/world/follows.csv" >/dev/null 2>&1
then
    compare sim "$tmp/sim"
else
    fail "sim store" "bonafide sim or ingest failed"
fi

if [ -f "$FB" ]; then
    if "$BIN" ingest --quiet --undirected --store "$tmp/fb" "$FB" \
        >/dev/null 2>&1; then
        compare facebook "$tmp/fb"
    else
        fail "facebook store" "bonafide ingest failed"
    fi
else
    echo "skip facebook: $FB is absent"
fi

# A world of 263,000 accounts, above the 2^18 vertices from which
# pagerank.c gathers float contributions until the change falls below
# 1e-5: the ranks must switch at the same iteration.  PageRank only, and
# P = 2 and 4 only: printing 263,000 rows through mpirun takes seconds.
if "$BIN" sim --accounts 263000 --follows-per-account 3 --posts-per-account 0 \
    --seed 11 --out "$tmp/lworld" >/dev/null 2>&1 &&
    "$BIN" ingest --quiet --store "$tmp/large" --platform sim \
        "$tmp/lworld/accounts.csv" "$tmp/lworld/follows.csv" >/dev/null 2>&1 &&
    "$BIN" graph pagerank --store "$tmp/large" --top 0 --json \
        >"$tmp/large.json" 2>/dev/null; then
    rm -rf "$tmp/lworld"
    for P in 2 4; do
        if $MPIRUN -np $P "$MPIBIN" graph pagerank --mpi --store "$tmp/large" \
            --top 0 --json >"$tmp/large.$P" 2>"$tmp/err"; then
            dist=$(l1 "$tmp/large.json" "$tmp/large.$P")
            if le "$dist" 1e-9 2>/dev/null; then
                ok "large pagerank (float phase) P=$P (L1 $dist)"
            else
                fail "large pagerank (float phase) P=$P" "L1 distance $dist"
            fi
        else
            fail "large pagerank (float phase) P=$P" "$(tail -3 "$tmp/err")"
        fi
        rm -f "$tmp/large.$P"
    done
    # --out in the local order: each rank names its accounts by dense id
    # through the order; matched to native ids through SQLite (dense id =
    # rowid - 1), the values must be the single-process ones.
    if $MPIRUN -np 2 "$MPIBIN" graph pagerank --mpi --store "$tmp/large" \
        --out "$tmp/lparts" >/dev/null 2>"$tmp/err"; then
        got=$(python3 - "$tmp/large.json" "$tmp/lparts" \
            "$tmp/large/bonafide.sqlite" <<'EOF'
import glob, json, sqlite3, sys
want = {r["id"]: r["value"] for r in json.load(open(sys.argv[1]))}
db = sqlite3.connect(sys.argv[3])
native = dict(db.execute("SELECT id - 1, native_id FROM accounts"))
got = {}
for p in sorted(glob.glob(sys.argv[2] + "/part-*.tsv")):
    for l in open(p).read().split("\n")[1:-1]:
        i, v = l.split("\t")
        got[native[int(i)]] = float(v)
if got.keys() != want.keys():
    print("accounts differ: %d vs %d" % (len(got), len(want)))
else:
    d = sum(abs(got[k] - want[k]) for k in want)
    print("ok" if d <= 1e-9 else "L1 %g" % d)
EOF
        )
        if [ "$got" = ok ]; then
            ok "large pagerank --out (local order)"
        else
            fail "large pagerank --out (local order)" "$got"
        fi
    else
        fail "large pagerank --out (local order)" "$(tail -3 "$tmp/err")"
    fi
    # An account twice in the local order (the ranks do not read the
    # section CRCs): the gather must refuse it, on every rank.
    python3 - "$tmp/large/graph.csr" <<'EOF'
import struct, sys
f = open(sys.argv[1], "r+b")
h = f.read(264)
order = struct.unpack_from("<Q", h, 40 + 24 * 5)[0]
f.seek(order)
first = f.read(4)
f.seek(order + 4 * 1000)
f.write(first)
EOF
    expect_refused "duplicate in the local order refused" 2 "$tmp/large"
else
    fail "large store" "bonafide sim, ingest or graph failed"
fi

# --out: three parts that together hold every account once, with the
# PageRank values of the single-process run.
if [ -f "$tmp/sim/graph.csr" ]; then
    if $MPIRUN -np 3 "$MPIBIN" graph pagerank --mpi --store "$tmp/sim" \
        --out "$tmp/parts" >"$tmp/out.txt" 2>"$tmp/err"; then
        got=$(python3 - "$tmp/sim/pr.json" "$tmp/parts" "$tmp/sim" <<'EOF'
import glob, json, sys
want = sorted(r["value"] for r in json.load(open(sys.argv[1])))
ids, vals = [], []
for p in sorted(glob.glob(sys.argv[2] + "/part-*.tsv")):
    lines = open(p).read().split("\n")[1:-1]
    for l in lines:
        i, v = l.split("\t")
        ids.append(int(i))
        vals.append(float(v))
if sorted(ids) != list(range(len(want))):
    print("ids not 0..n-1 once each")
else:
    d = sum(abs(a - b) for a, b in zip(want, sorted(vals)))
    print("ok" if d <= 1e-9 else "L1 %g" % d)
EOF
        )
        if [ "$got" = ok ] && grep -q '^wrote 3 parts' "$tmp/out.txt"; then
            ok "sim pagerank --out"
        else
            fail "sim pagerank --out" "$got" "$(cat "$tmp/out.txt")"
        fi
    else
        fail "sim pagerank --out" "$(tail -3 "$tmp/err")"
    fi
    # A neighbour >= n in the middle of in_adj: whichever rank owns it
    # must refuse the file, and all ranks must exit, not hang.
    mkdir -p "$tmp/bad"
    cp "$tmp/sim/"* "$tmp/bad/" 2>/dev/null
    python3 - "$tmp/bad/graph.csr" <<'EOF'
import struct, sys
f = open(sys.argv[1], "r+b")
h = f.read(168)
n, m = struct.unpack_from("<QQ", h, 16)
in_adj = struct.unpack_from("<Q", h, 40 + 24 * 3)[0]
f.seek(in_adj + 4 * (m // 2))
f.write(struct.pack("<I", 0xFFFFFFFF))
EOF
    expect_refused "corrupt graph.csr refused" 3 "$tmp/bad"
fi

# A directory without a store is refused on every rank, and left alone.
if $MPIRUN -np 2 "$MPIBIN" graph pagerank --mpi --store "$tmp/none/st" \
    >/dev/null 2>"$tmp/err"; then
    fail "missing store refused" "exit 0"
elif [ -e "$tmp/none" ]; then
    fail "missing store refused" "$tmp/none was created"
elif grep -q "no store in $tmp/none/st" "$tmp/err"; then
    ok "missing store refused"
else
    fail "missing store refused" "$(tail -3 "$tmp/err")"
fi

# bin/bonafide --mpi hands over to bonafide-mpi beside it.
if [ -f "$tmp/sim/graph.csr" ]; then
    "$BIN" graph reciprocity --mpi --store "$tmp/sim" >/dev/null 2>&1
    if [ $? -eq 64 ]; then
        echo "skip bonafide --mpi: bonafide graph has no --mpi hook"
    else
        if $MPIRUN -np 2 "$BIN" graph reciprocity --mpi --store "$tmp/sim" \
            >"$tmp/got" 2>"$tmp/err" && cmp -s "$tmp/sim/rec.txt" "$tmp/got"
        then
            ok "bonafide graph --mpi under mpirun"
        else
            fail "bonafide graph --mpi under mpirun" "$(tail -3 "$tmp/err")"
        fi
        mkdir -p "$tmp/nompi"
        cp "$BIN" "$tmp/nompi/bonafide"
        "$tmp/nompi/bonafide" graph pagerank --mpi --store "$tmp/sim" \
            >/dev/null 2>"$tmp/err"
        rc=$?
        if [ $rc -ne 0 ] && grep -q 'run make mpi' "$tmp/err"; then
            ok "bonafide --mpi without bonafide-mpi"
        else
            fail "bonafide --mpi without bonafide-mpi" "exit $rc" \
                "$(cat "$tmp/err")"
        fi
    fi
fi
exit $failed
