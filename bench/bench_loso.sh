#!/bin/sh
# bench/bench_loso.sh - will the model work on data it never saw?
#
# Builds the training store of `make model` (scripts/model.sh: the
# labelled sets of ../shared/data and a simulated world) and prints the
# table of `bonafide eval --leave-one-set-out`: for each set, a model
# trained on the other sets, judged on that one (n, ROC AUC, F1 at the
# operating threshold, TPR at 1% false positives, genuine accounts called
# fake), beside the rule sets; then what the audit's verdict does with
# those sets' accounts (`bonafide verdicts --leave-one-set-out`: audiences
# of each set at 0 to 100% fake, audited with the model that never saw
# it).  docs/authenticity.md and docs/verdict.md keep the figures.
# Skips (exit 0) when the shared data are absent.
bin=${BONAFIDE_BIN:-bin/bonafide}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh scripts/model.sh "$bin" "$tmp/store"
rc=$?
if [ "$rc" = 77 ]; then
    echo "loso: skipped, the labelled sets of ../shared/data are absent"
    exit 0
fi
[ "$rc" = 0 ] || exit 1
start=$(date +%s)
"$bin" eval --store "$tmp/store/db" --leave-one-set-out || exit 1
echo "loso: $(($(date +%s) - start)) s for the table (one thread)"
start=$(date +%s)
"$bin" verdicts --store "$tmp/store/db" --leave-one-set-out || exit 1
echo "loso: $(($(date +%s) - start)) s for the verdicts (one thread)"
