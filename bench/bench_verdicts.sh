#!/bin/sh
# bench_verdicts.sh - how often the audit's verdict is right about an
# audience whose share of bought followers is known.
#
#   sh bench/bench_verdicts.sh [SIZE] [REPEATS]
#
# The Cresci 2015 humans and bought followers (../shared/data) are split
# by a hash of the account id: half trains a model (bonafide train), a
# quarter measures its error rates (bonafide eval), written into the
# model file where the audit reads them, and a quarter is composed into
# audiences of SIZE followers (default 200) at 0 to 100% bought, REPEATS
# of each (default 10).  `bonafide verdicts` prints the verdict confusion
# table twice: with the model whose rates are known (the share of fake
# followers is the corrected estimate) and with the shipped model file
# (no recorded rates: the rule sets' share decides).  The figure to watch
# is the "expected verdict" line of each.  Not part of `make test`
# (tests/suites/verdict.sh checks the same on fewer audiences).
set -u
top=$(pwd)
BIN=${BONAFIDE_BIN:-$top/bin/bonafide}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
size=${1:-200}
reps=${2:-10}
C=$top/../shared/data/cresci2015-e13-int-users/data
if [ ! -x "$BIN" ] || [ ! -r "$C/users.csv" ] ||
    ! command -v python3 >/dev/null 2>&1; then
    echo "bench_verdicts: skipped (needs $BIN, python3 and $C)"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bf-bench-verdicts-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export BONAFIDE_NOW=2026-01-01T00:00:00Z LANG=C.UTF-8
unset BONAFIDE_STORE

python3 - "$C" "$tmp" <<'PY'
import csv, hashlib, sys
src, out = sys.argv[1], sys.argv[2]
csv.field_size_limit(1 << 24)
for name in ("users", "fusers"):
    with open(f"{src}/{name}.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    parts = {p: open(f"{out}/{name}-{p}.csv", "w", newline="",
                     encoding="utf-8") for p in ("train", "rates", "aud")}
    writers = {p: csv.writer(fh, quoting=csv.QUOTE_ALL)
               for p, fh in parts.items()}
    for w in writers.values():
        w.writerow(rows[0])
    for r in rows[1:]:
        h = int(hashlib.sha256(r[0].encode()).hexdigest(), 16) % 4
        writers["train" if h < 2 else "rates" if h == 2 else "aud"].writerow(r)
    for fh in parts.values():
        fh.close()
PY
for p in train rates aud; do
    "$BIN" ingest --quiet --store "$tmp/$p" --label genuine \
        "$tmp/users-$p.csv" >/dev/null 2>&1
    "$BIN" ingest --quiet --store "$tmp/$p" --label fake \
        "$tmp/fusers-$p.csv" >/dev/null 2>&1
done
"$BIN" train --store "$tmp/train" -o "$tmp/m.model" >/dev/null 2>&1 || exit 1
"$BIN" eval --store "$tmp/rates" --model "$tmp/m.model" --json \
    >"$tmp/rates.json" 2>/dev/null || exit 1
python3 - "$tmp/m.model" "$tmp/rates.json" "$tmp/mr.model" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
r = json.load(open(sys.argv[2]))["model"]
a = m["learner"]["attributes"]
a["bf_tpr"] = repr(r["tp"] / (r["tp"] + r["fn"]))
a["bf_fpr"] = repr(r["fp"] / (r["fp"] + r["tn"]))
a["bf_heldout_pos"] = str(r["tp"] + r["fn"])
a["bf_heldout_neg"] = str(r["fp"] + r["tn"])
json.dump(m, open(sys.argv[3], "w"))
print("held-out rates: tpr %.4f over %d, fpr %.4f over %d" % (
    r["tp"] / (r["tp"] + r["fn"]), r["tp"] + r["fn"],
    r["fp"] / (r["fp"] + r["tn"]), r["fp"] + r["tn"]))
PY
echo "-- model with measured error rates (adjusted estimate decides)"
"$BIN" verdicts --store "$tmp/aud" --model "$tmp/mr.model" --size "$size" \
    --repeats "$reps" || exit 1
echo "-- shipped model file, no recorded rates (the rule sets' share decides)"
"$BIN" verdicts --store "$tmp/aud" --model "$top/models/default.model" \
    --size "$size" --repeats "$reps" || exit 1
