#!/bin/sh
# verdict.sh - the verdict on real accounts (docs/verdict.md).
#
# Every case is built from real records of the shared data folder only,
# and states the verdict expected and the finding it must cite:
#
#   verdict-human-no-followers   a Cresci 2015 human with no follower and
#                                no post stored: not_enough_evidence, never
#                                questionable; the JSON is valid
#   verdict-newest-page          bsky:shinyakato.dev, 50 of 4,945 followers
#                                from a newest-first page: cover "newest",
#                                no growth or audience claim, no question
#                                about bursts or batches, not accused
#   verdict-newest-page-no-history  the same page drawn as no history (no
#                                arrivals, no batch months); its 3 original
#                                posts too few for a rate, and the account's
#                                own posts asked for
#   verdict-model-line-unsure    the folder of those answers read file by
#                                file: the model's line is a good sign only
#                                under 25%
#   verdict-x-archive            a real person's full X archive: not accused
#   verdict-x-archive-reference  its 420 followers have no published
#                                median: the section says people react,
#                                as the verdict does
#   verdict-mastodon-outbox      a real Mastodon outbox: not accused
#   verdict-bluesky-unobserved   a real Bluesky profile, a page of its feed
#                                and a follower page, none saying when it
#                                was observed: not accused, ages left out
#                                (the model calls it a real person), the
#                                followers' basic views not judged
#   verdict-twibot-verified      a verified account of 15 million followers
#                                (TwiBot-20): not questionable, no warning
#   verdict-composed-*           audiences of real Cresci 2015 humans and
#                                bought followers at 0, 10, 25, 50, 75 and
#                                100% bought, audited with a model whose
#                                error rates were measured on rows it did
#                                not train on: the interval holds the true
#                                share, the verdict follows it
#                                monotonically, and cites the audience
#   verdict-same-numbers         text, JSON and HTML of one account carry
#                                the same estimate and interval
#
# Prints "ok NAME", "FAIL NAME" or "skip NAME: reason" per test.
set -u
top=$(pwd)
BIN=${BONAFIDE:-$top/bin/bonafide}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
SHARED=${SHARED:-${BONAFIDE_SHARED:-$top/../shared}}
DATA=$SHARED/data
names="verdict-human-no-followers verdict-newest-page verdict-x-archive
verdict-mastodon-outbox verdict-bluesky-unobserved verdict-twibot-verified
verdict-composed-interval
verdict-composed-monotone verdict-composed-cites verdict-same-numbers"
skip_all() {
    for n in $names; do echo "skip $n: $1"; done
    exit 0
}
C=$DATA/cresci2015-e13-int-users/data
[ -r "$C/users.csv" ] || skip_all "no shared data in $SHARED"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"
export BONAFIDE_NOW=${BONAFIDE_NOW:-2026-01-01T00:00:00Z} LANG=C.UTF-8
export BONAFIDE_MODEL="$top/models/default.model"
unset BONAFIDE_STORE LC_ALL LC_MESSAGES
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok $1"; }
fail() { echo "FAIL $1"; shift; for l in "$@"; do echo "    $l"; done; }

# field FILE EXPR: a Python expression over the report d, printed.
field() {
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# --- a known human, nothing else stored ---
"$BIN" ingest --quiet --store "$tmp/cr" "$C/users.csv" >/dev/null 2>&1
"$BIN" audit --store "$tmp/cr" --format json twitter:braddd >"$tmp/braddd.json"
v=$(field "$tmp/braddd.json" 'd["verdict"], d["reason"]["id"], d["sections"][0]["level"]')
if [ "$v" = "('not_enough_evidence', 'reason_not_enough', 'none')" ] &&
    python3 -c 'import jsonschema' 2>/dev/null; then
    if python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
        "$tmp/braddd.json" "$top/docs/report-schema.json"; then
        ok verdict-human-no-followers
    else
        fail verdict-human-no-followers "the JSON does not follow the schema"
    fi
elif [ "$v" = "('not_enough_evidence', 'reason_not_enough', 'none')" ]; then
    ok verdict-human-no-followers
else
    fail verdict-human-no-followers "got $v"
fi

# --- a partial, newest-first follower page (Bluesky) ---
B=$DATA/bluesky-atproto-dart/packages/bluesky/test/src/services/suite/app/bsky
if [ -r "$B/graph/getFollowers.json" ]; then
    "$BIN" ingest --quiet --store "$tmp/bs" "$B/actor/getProfile.json" \
        "$B/graph/getFollowers.json" "$B/feed/getAuthorFeed.json" \
        >/dev/null 2>&1
    "$BIN" audit --store "$tmp/bs" --format json bsky:shinyakato.dev \
        >"$tmp/bs.json"
    "$BIN" audit --store "$tmp/bs" --lang fr bsky:shinyakato.dev >"$tmp/bs.txt"
    v=$(field "$tmp/bs.json" '(d["audience"]["cover"], d["verdict"] in ("genuine", "not_enough_evidence"), [s["level"] for s in d["sections"] if s["id"] in ("audience", "growth")], [q["id"] for q in d["questions"] if q["id"] in ("q_batch", "q_burst_w", "q_burst_m", "q_fake")])')
    if [ "$v" = "('newest', True, ['none', 'none'], [])" ] &&
        ! grep -q 'fermes' "$tmp/bs.txt"; then
        ok verdict-newest-page
    else
        fail verdict-newest-page "got $v"
    fi
    # Nothing of that page is drawn as history: no arrivals read from its
    # order, no batch of creation months; and its 3 original posts (the
    # rest are replies) are too few for a rate, as the headline says, so
    # the account's own posts are what to collect.
    v=$(field "$tmp/bs.json" '(d["growth"]["arrivals"], d["growth"]["batch_months"], [s["verdict"]["id"] for s in d["sections"] if s["id"] == "engagement"], "ch_more_originals" in [c["id"] for c in d["changes"]])')
    if [ "$v" = "(None, 0, ['sv_eng_few'], True)" ]; then
        ok verdict-newest-page-no-history
    else
        fail verdict-newest-page-no-history "got $v"
    fi
else
    echo "skip verdict-newest-page: no Bluesky pages in $DATA"
fi

# --- the same API answers as a folder, read file by file ---
# More of the account's posts, and a model less sure of it: its line in
# the evidence is a good sign only under 25% (three to one for a real
# person), never beside a figure that says it may well be fake.
BD=$DATA/bluesky-atproto-dart
if [ -d "$BD" ]; then
    "$BIN" ingest --quiet --store "$tmp/bd" "$BD" >/dev/null 2>&1
    "$BIN" audit --store "$tmp/bd" --format json bsky:shinyakato.dev \
        >"$tmp/bd.json"
    v=$(field "$tmp/bd.json" '[(e["level"], f["value"] < 0.25) for e in d["evidence"] if e["id"].startswith("ev_model_") for f in e["figures"] if f["key"] == "model_probability"]')
    case "$v" in
    "[('good', True)]" | "[('none', False)]") ok verdict-model-line-unsure ;;
    *) fail verdict-model-line-unsure "got $v" ;;
    esac
else
    echo "skip verdict-model-line-unsure: no Bluesky answers in $DATA"
fi

# not_accused NAME STORE SPEC: genuine or not enough evidence, no warning.
not_accused() {
    "$BIN" audit --store "$2" --format json "$3" >"$tmp/$1.json"
    v=$(field "$tmp/$1.json" '(d["verdict"] in ("genuine", "not_enough_evidence"), d["reason"]["id"], [e["id"] for e in d["evidence"] if e["level"] == "bad"])')
    case "$v" in
    "(True, "*", [])") ok "$1" ;;
    *) fail "$1" "got $v" ;;
    esac
}

X=$DATA/twitter-archive-andreruffert/data
if [ -d "$X" ]; then
    "$BIN" ingest --quiet --store "$tmp/xa" "$X" >/dev/null 2>&1
    not_accused verdict-x-archive "$tmp/xa" twitter:andreruffert
    # 420 followers: no published median covers so small an account (the
    # brands' figure starts at 5,000), so the section says people react
    # and that nothing of its size is there to compare with, as the
    # verdict's own finding does.
    v=$(field "$tmp/verdict-x-archive.json" '(d["verdict"], [(s["level"], s["verdict"]["id"]) for s in d["sections"] if s["id"] == "engagement"], d["engagement"]["published_median"])')
    if [ "$v" = "('genuine', [('good', 'sv_eng_reacts')], None)" ]; then
        ok verdict-x-archive-reference
    else
        fail verdict-x-archive-reference "got $v"
    fi
else
    echo "skip verdict-x-archive: no X archive in $DATA"
fi
M=$DATA/mastodon-outbox-dealingwith
if [ -r "$M/outbox.json" ]; then
    "$BIN" ingest --quiet --store "$tmp/ma" "$M/actor.json" "$M/outbox.json" \
        >/dev/null 2>&1
    not_accused verdict-mastodon-outbox "$tmp/ma" mastodon:dealingwith
else
    echo "skip verdict-mastodon-outbox: no Mastodon outbox in $DATA"
fi
BS=$DATA/bluesky-atproto-dart/packages/bluesky/test/src/services/suite/app/bsky
if [ -r "$BS/actor/getProfile.json" ] && [ -r "$BS/feed/getAuthorFeed.json" ] &&
   [ -r "$BS/graph/getFollowers.json" ]; then
    "$BIN" ingest --quiet --store "$tmp/bu" "$BS/actor/getProfile.json" \
        "$BS/feed/getAuthorFeed.json" "$BS/graph/getFollowers.json" \
        >/dev/null 2>&1
    r=$(not_accused verdict-bluesky-unobserved "$tmp/bu" bluesky:shinyakato.dev)
    v=$(field "$tmp/verdict-bluesky-unobserved.json" '(d["measured_basis"], d["model"]["class"], d["audience"]["profiles"])')
    if [ "$r" = "ok verdict-bluesky-unobserved" ] &&
        [ "$v" = "('newest_record', 'real_person', 0)" ]; then
        ok verdict-bluesky-unobserved
    else
        fail verdict-bluesky-unobserved "$r" "got $v"
    fi
else
    echo "skip verdict-bluesky-unobserved: no Bluesky profile, feed and follower pages in $DATA"
fi
T=$DATA/twibot20-sample/TwiBot-20_sample.json
if [ -r "$T" ]; then
    "$BIN" ingest --quiet --store "$tmp/tb" "$T" >/dev/null 2>&1
    not_accused verdict-twibot-verified "$tmp/tb" twitter:SHAQ
else
    echo "skip verdict-twibot-verified: no TwiBot-20 sample in $DATA"
fi

# --- audiences of real labelled followers ---
# Split both Cresci 2015 files by a hash of the account id: half to train
# a model, a quarter to measure its error rates, a quarter to compose the
# audiences from, so no audience member was seen by either step.
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
"$BIN" train --store "$tmp/train" -o "$tmp/m.model" >/dev/null 2>&1
"$BIN" eval --store "$tmp/rates" --model "$tmp/m.model" --json \
    >"$tmp/rates.json" 2>/dev/null
# The measured rates go into the model file's attributes, where
# bf_model_get_rates reads them.
python3 - "$tmp/m.model" "$tmp/rates.json" "$tmp/mr.model" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
r = json.load(open(sys.argv[2]))["model"]
a = m["learner"]["attributes"]
a["bf_tpr"] = repr(r["tp"] / (r["tp"] + r["fn"]))
a["bf_fpr"] = repr(r["fp"] / (r["fp"] + r["tn"]))
a["bf_heldout_pos"] = str(r["tp"] + r["fn"])
a["bf_heldout_neg"] = str(r["fp"] + r["tn"])
# The rates measured here replace the quantifier's own cut from training.
for k in ("bf_quant_threshold", "bf_quant_tpr", "bf_quant_fpr"):
    a.pop(k, None)
json.dump(m, open(sys.argv[3], "w"))
PY
if "$BIN" verdicts --store "$tmp/aud" --model "$tmp/mr.model" --size 150 \
    --repeats 4 --json >"$tmp/table.json" 2>"$tmp/table.err"; then
    # Held: the interval holds the true share in at least 80% of the audits.
    v=$(field "$tmp/table.json" 'sum(r["interval_held"] for r in d["rows"]) >= 0.8 * d["audits"]')
    [ "$v" = True ] && ok verdict-composed-interval ||
        fail verdict-composed-interval "$(cat "$tmp/table.json")"
    # Monotone: the mean severity never drops as the bought share grows;
    # all genuine at 0%, all inflated at 100%.
    v=$(field "$tmp/table.json" '(lambda s: all(a <= b for a, b in zip(s, s[1:])))([sum(r["verdicts"][k] * w for k, w in (("genuine", 0), ("not_enough_evidence", 1), ("questionable", 2), ("inflated", 3), ("automated", 3))) for r in d["rows"]]) and d["rows"][0]["verdicts"]["genuine"] == d["repeats"] and d["rows"][-1]["verdicts"]["inflated"] == d["repeats"]')
    [ "$v" = True ] && ok verdict-composed-monotone ||
        fail verdict-composed-monotone "$(cat "$tmp/table.json")"
else
    fail verdict-composed-interval "$(cat "$tmp/table.err")"
    fail verdict-composed-monotone "bonafide verdicts failed"
fi

# One composed audience kept in a store, to read its report: half bought.
python3 - "$tmp" <<'PY'
import csv, sys
t = sys.argv[1]
csv.field_size_limit(1 << 24)
def ids(name, n):
    with open(f"{t}/{name}-aud.csv", newline="", encoding="utf-8") as f:
        return [r[0] for r in list(csv.reader(f))[1:n + 1]]
followers = ids("users", 100) + ids("fusers", 100)
with open(f"{t}/half.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id", "screen_name", "followers_count", "updated"])
    w.writerow(["9000000000000000001", "half_bought", len(followers),
                "2015-02-15 00:00:00"])
with open(f"{t}/half-follows.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["follower", "followee"])
    for i in followers:
        w.writerow([i, "9000000000000000001"])
PY
"$BIN" ingest --quiet --store "$tmp/aud" "$tmp/half.csv" >/dev/null 2>&1
"$BIN" ingest --quiet --store "$tmp/aud" --platform twitter \
    "$tmp/half-follows.csv" >/dev/null 2>&1
export BONAFIDE_MODEL="$tmp/mr.model"
"$BIN" audit --store "$tmp/aud" --format json twitter:half_bought \
    >"$tmp/half.json" 2>"$tmp/half.err"
v=$(field "$tmp/half.json" '(d["verdict"], d["decided_by"], d["reason"]["id"], d["audience"]["estimator"], d["audience"]["fake_estimate"]["low"] <= 0.5 <= d["audience"]["fake_estimate"]["high"])')
[ "$v" = "('inflated', 'audience', 'reason_inflated_est', 'model_adjusted', True)" ] &&
    ok verdict-composed-cites || fail verdict-composed-cites "got $v"

# The same numbers in the three renderings of that report.
"$BIN" audit --store "$tmp/aud" twitter:half_bought >"$tmp/half.txt"
"$BIN" audit --store "$tmp/aud" --format html twitter:half_bought \
    >"$tmp/half.html"
v=$(python3 - "$tmp/half.json" "$tmp/half.txt" "$tmp/half.html" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["audience"]["fake_estimate"]
want = "An estimated %.0f%% of the followers are fake (95%% interval: %.0f%% to %.0f%%)" % (
    100 * f["share"], 100 * f["low"], 100 * f["high"])
print(all(want in open(p, encoding="utf-8").read() for p in sys.argv[1:]))
PY
)
[ "$v" = True ] && ok verdict-same-numbers ||
    fail verdict-same-numbers "the estimate differs between text, JSON and HTML"
exit 0
