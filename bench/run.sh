#!/bin/sh
# bench/run.sh - run every benchmark binary and print what it measured.
#
#   sh bench/run.sh BUILD_DIR BIN
#
# `make bench` builds build/bench/bench_<name> from each bench/bench_<name>.c
# (bench/bench_<name>.sh scripts run as they are) and calls this script with the build directory and the CLI's path.  Each
# benchmark prints its own lines (figures and ratios to its peers, measured
# in the same run) and exits 0 when it ran or skipped; a non-zero exit of
# any benchmark makes this script exit 1 after all have run.  The CLI's path
# is passed on as $BONAFIDE_BIN for benchmarks that drive the command.
# Benchmarks run from the repository root, so ../shared is the shared data.

build=${1:-build}
BONAFIDE_BIN=${2:-bin/bonafide}
export BONAFIDE_BIN

# DuckDB, a peer of the JSON and ingest benchmarks, comes from npm
# (@duckdb/node-api, pinned by bench/duckdb/package-lock.json); the
# benchmarks say they skipped it when this could not install it.
if [ ! -d bench/duckdb/node_modules ] && command -v npm >/dev/null 2>&1; then
    (cd bench/duckdb && npm ci --no-audit --no-fund) >/dev/null 2>&1 ||
        echo "bench: npm could not install DuckDB; its figures are skipped"
fi

status=0
found=0
for b in "$build"/bench/bench_*; do
    [ -f "$b" ] && [ -x "$b" ] || continue
    found=1
    echo "== $(basename "$b")"
    if ! "$b"; then
        echo "!! $(basename "$b") failed"
        status=1
    fi
done
# Shell benchmarks drive the command itself (the web server's load test).
for s in bench/bench_*.sh; do
    [ -f "$s" ] || continue
    found=1
    echo "== $(basename "$s" .sh)"
    if ! sh "$s"; then
        echo "!! $(basename "$s") failed"
        status=1
    fi
done
if [ "$found" = 0 ]; then
    echo "no benchmarks in $build/bench"
fi
exit $status
