#!/bin/sh
# report-html.sh - the HTML audit report in headless Chromium.
#
# Builds the simulated world (bonafide sim --accounts 2000 --seed 11) in a
# temporary store, writes four pages (the expert with bought followers in
# English, the same in French, the three showcase accounts compared in
# French, and in French a shop whose source does not say when it was
# seen) and runs tests/report-html/check.mjs on them with playwright-core
# driving Debian's chromium: no console error, no request leaving the
# file, no sideways scrolling on a phone, A4 printing, and a screenshot
# compared with tests/report-html/ref/.  The npm packages are installed
# into tests/report-html/node_modules the first time.  Skips, with the
# reason, when node, npm or chromium is missing or the install fails.
# REPORT_HTML_KEEP=DIR keeps the pages and screenshots in DIR;
# REPORT_HTML_UPDATE=1 rewrites the reference screenshots.
set -u
top=$(pwd)
BIN=${BONAFIDE:-$top/bin/bonafide}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
dir="$top/tests/report-html"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
for tool in node npm; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "skip report-html: $tool is not installed"
        exit 0
    fi
done
if [ ! -x "$CHROMIUM" ]; then
    echo "skip report-html: no chromium at $CHROMIUM"
    exit 0
fi
if [ ! -d "$dir/node_modules/playwright-core" ] ||
   [ ! -d "$dir/node_modules/pixelmatch" ] ||
   [ ! -d "$dir/node_modules/pngjs" ]; then
    if [ -f "$dir/package-lock.json" ]; then
        (cd "$dir" && npm ci --no-audit --no-fund) >/dev/null 2>&1
    else
        (cd "$dir" && npm install --no-audit --no-fund) >/dev/null 2>&1
    fi
    if [ ! -d "$dir/node_modules/pixelmatch" ]; then
        echo "skip report-html: npm could not install the test packages"
        exit 0
    fi
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${REPORT_HTML_KEEP:-$tmp/pages}
mkdir -p "$out"
export BONAFIDE_NOW=${BONAFIDE_NOW:-2026-01-01T00:00:00Z}
if ! "$BIN" sim --accounts 2000 --seed 11 --out "$tmp/w" >/dev/null 2>&1 ||
   ! "$BIN" ingest --store "$tmp/st" --platform sim "$tmp/w/accounts.csv" \
       "$tmp/w/follows.csv" "$tmp/w/posts.jsonl" >/dev/null 2>&1 ||
   ! "$BIN" audit --no-alternatives --store "$tmp/st" --format html --lang en \
       -o "$out/guru-en.html" sim:maxgrowth_guru ||
   ! "$BIN" audit --no-alternatives --store "$tmp/st" --format html --lang fr \
       -o "$out/guru-fr.html" sim:maxgrowth_guru ||
   ! "$BIN" audit --no-alternatives --store "$tmp/st" --format html --lang fr \
       -o "$out/compare-fr.html" sim:maxgrowth_guru \
       sim:claire_martin_conseil sim:promo_deals_24; then
    echo "FAIL report-html-setup"
    echo "    could not build the simulated store or write the pages"
    exit 1
fi
# A shop whose source does not say when it was seen, followed by 120 of
# the world's accounts: the page says so in a sentence, which must wrap
# on a phone like any other.
{
    head -1 "$tmp/w/accounts.csv"
    printf '"1999999999999999","Boulangerie Dupont","boulangerie_dupont",'
    printf '"812","1430","310","95","4","Mon Mar 04 09:00:00 +0000 2013",'
    printf ',"fr","Paris","Lyon, France",,,"1",,,"1",,,,,,,,,,,,,'
    printf '"Pain au levain et viennoiseries, Lyon 3e.",,\n'
} >"$tmp/shop.csv"
{
    echo "follower,followee,position"
    sed -n '10,129p' "$tmp/w/accounts.csv" | cut -d, -f1 | tr -d '"' |
        awk '{ print $1 ",1999999999999999," NR - 1 }'
} >"$tmp/shop-follows.csv"
if ! "$BIN" ingest --store "$tmp/st" --platform sim "$tmp/shop.csv" \
       "$tmp/shop-follows.csv" >/dev/null 2>&1 ||
   ! "$BIN" audit --no-alternatives --store "$tmp/st" --format html --lang fr \
       -o "$out/unobserved-fr.html" sim:boulangerie_dupont; then
    echo "FAIL report-html-setup"
    echo "    could not build the simulated store or write the pages"
    exit 1
fi
update=
[ "${REPORT_HTML_UPDATE:-}" = 1 ] && update=--update
REPORT_DIR="$out" CHROMIUM="$CHROMIUM" node "$dir/check.mjs" $update
