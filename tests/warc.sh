#!/bin/sh
# warc.sh -- pith's WARC mode on a WARC made by a real tool: wget crawls a
# loopback site (tests/warc_server.py, on a free port) with --warc-file, and
# tests/warc_check.py runs pith on it and on corrupt copies of it.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
: "${PITH:=$SRC/filter/pith}"
: "${DATA:=$SRC/tests/data}"
# without wget the test is skipped (exit 77), except in CI, which installs it
if ! command -v wget >/dev/null; then
    echo "warc.sh: wget is needed (apt-get install wget)"
    [ "${CI:-}" = true ] && exit 1
    exit 77
fi
tmp=$(mktemp -d)
srv=
cleanup() {
    if [ -n "$srv" ]; then
        kill "$srv" 2>/dev/null || true
        wait "$srv" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
python3 "$SRC/tests/warc_server.py" "$tmp/port" "$DATA" "$SRC/benchmarks/labels/pages" &
srv=$!
i=0
while [ ! -s "$tmp/port" ]; do
    i=$((i + 1)); [ $i -lt 100 ] || { echo "warc.sh: the server did not start"; exit 1; }
    sleep 0.1
done
base="http://127.0.0.1:$(cat "$tmp/port")"
for u in p/nzherald.html p/news-de.html p/wiki-article.html gz/blog-wordpress.html \
         chunked/news-es.html latin1.html img.png missing redirect; do
    echo "$base/$u"
done > "$tmp/urls"
# wget exits 8 when the server answered an error (the 404): expected
rc=0
wget -q --tries=1 --warc-file="$tmp/site" -i "$tmp/urls" -O /dev/null || rc=$?
[ $rc -eq 0 ] || [ $rc -eq 8 ] || { echo "warc.sh: wget failed ($rc)"; exit 1; }
[ -s "$tmp/site.warc.gz" ] || { echo "warc.sh: wget wrote no WARC"; exit 1; }
python3 "$SRC/tests/warc_check.py" "$PITH" "$tmp" "$SRC"
