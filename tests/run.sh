#!/bin/sh
# Run every test: each cmocka unit binary, then each end-to-end case.
#
#   sh tests/run.sh BUILD_DIR BONAFIDE_BINARY
#
# A unit binary's tests are counted from cmocka's summary lines; a binary
# that dies before printing one counts as one failure.  A case is a folder
# tests/cases/<name>/ holding `cmd` (a shell script run in a fresh temporary
# directory, with $BONAFIDE the binary, $CASE the case folder and $SHARED
# the shared data folder) and `expected.out` (its exact standard output) and
# optionally `expected.status` (its exit status, 0 when absent).  A case
# whose cmd exits 77 is skipped; it says why on its standard error.
# Suites in tests/suites/ (browser tests, for example) report one line per
# test, described below.  The last line is "N passed, N failed, N skipped".
set -u
build=${1:-build}
bin=${2:-bin/bonafide}
top=$(pwd)
case "$bin" in /*) ;; *) bin="$top/$bin" ;; esac
SHARED=${BONAFIDE_SHARED:-$top/../shared}
export SHARED BONAFIDE="$bin"
# Reports must not depend on the day the tests run.
export BONAFIDE_NOW=${BONAFIDE_NOW:-2026-01-01T00:00:00Z}
# Cases compare English output; the French one sets LANG itself.
unset BONAFIDE_STORE LC_ALL LC_MESSAGES
export LANG=C.UTF-8
passed=0 failed=0 skipped=0 failures=
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    out="$tmp/$name.log"
    "$t" >"$out" 2>&1
    rc=$?
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
    s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
    p=${p:-0} f=${f:-0} s=${s:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
    fi
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    if [ "$f" -ne 0 ]; then
        failures="$failures $name"
        echo "FAIL $name"
        cat "$out"
    else
        echo "ok   $name ($p passed, $s skipped)"
        grep -i 'skip' "$out" | grep -v -e '^\[' -e 'SKIPPED TEST' |
            sed 's/^/     /'
    fi
done

for dir in tests/cases/*/; do
    [ -f "$dir/cmd" ] || continue
    name=$(basename "$dir")
    work="$tmp/case-$name"
    mkdir -p "$work"
    CASE="$top/$dir"
    export CASE
    (cd "$work" && sh "$CASE/cmd") >"$work/.out" 2>"$work/.err"
    rc=$?
    want_rc=0
    [ -f "$dir/expected.status" ] && want_rc=$(cat "$dir/expected.status")
    if [ "$rc" -eq 77 ]; then
        skipped=$((skipped + 1))
        echo "skip case $name: $(tail -1 "$work/.err")"
    elif [ "$rc" -eq "$want_rc" ] && cmp -s "$work/.out" "$dir/expected.out"
    then
        passed=$((passed + 1))
        echo "ok   case $name"
    else
        failed=$((failed + 1))
        failures="$failures case:$name"
        echo "FAIL case $name (exit $rc, expected $want_rc)"
        diff -u "$dir/expected.out" "$work/.out" | head -40
        sed 's/^/     stderr: /' "$work/.err" | head -20
    fi
done

# Suites: tests/suites/<name>.sh print one line per test, "ok NAME",
# "FAIL NAME" or "skip NAME: reason", and may print anything else indented.
for suite in tests/suites/*.sh; do
    [ -f "$suite" ] || continue
    name=$(basename "$suite" .sh)
    log="$tmp/suite-$name.log"
    BUILD="$build" sh "$suite" >"$log" 2>&1
    rc=$?
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^FAIL ' "$log")
    s=$(grep -c '^skip ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
    fi
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    if [ "$f" -ne 0 ]; then
        failures="$failures suite:$name"
        echo "FAIL suite $name (exit $rc)"
        tail -40 "$log"
    else
        echo "ok   suite $name ($p passed, $s skipped)"
        grep '^skip ' "$log" | sed 's/^/     /'
    fi
done

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
