#!/usr/bin/env bash
# pages.sh -- the aeb-dev pages through Squid and the service pith, each
# compared with the pith tool's output for the same page (a slow test, not
# in make check; bench.sh runs it too).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   plugins/c-icap/pages.sh [PAGES_DIR]
#
# PAGES_DIR holds the pages as NAME.html.gz (default: AEB_DIR, else
# ../shared/bench/aeb-dev/html beside the repository).  Each page is sent
# twice: decompressed (identity, with Content-Length) and as stored (gzip);
# both outputs must equal `pith --url=URL?pith-bypass=1 PAGE`.  Also the non-HTML fixtures, which
# must come out byte-identical.  Skips (exit 77) when the pages are absent.
# Environment: SRV_PITH, PITH, KEEP as for test.sh.
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
PLUGINS=$(dirname "$here")
top=$(dirname "$PLUGINS")
data=$PLUGINS/apache/data
pages=${1:-${AEB_DIR:-$top/../shared/bench/aeb-dev/html}}
SRV_PITH=${SRV_PITH:-$PWD/plugins/c-icap/.libs/srv_pith.so}
PITH=${PITH:-$PWD/filter/pith}
export PATH=$PATH:/usr/sbin

if ! ls "$pages"/*.html.gz >/dev/null 2>&1; then
    echo "SKIP: no pages in $pages (give PAGES_DIR or AEB_DIR)"
    exit 77
fi
pages=$(cd "$pages" && pwd)
SRV_PITH=$(cd "$(dirname "$SRV_PITH")" && pwd)/$(basename "$SRV_PITH")
. "$here/lib.sh"
make_tmp pages

start_origin "$T" "$data" "$pages" || { echo "FAIL: origin did not start"; exit 99; }
start_cicap icap || { echo "FAIL: c-icap did not start"; exit 99; }
start_squid "$CICAP_PORT" || { echo "FAIL: squid did not start"; exit 99; }
origin=http://127.0.0.1:$ORIGIN_PORT

total=0 same=0 differ=
for f in "$pages"/*.html.gz; do
    name=$(basename "$f" .gz)
    for kind in pages pagesgz; do
        total=$((total + 1))
        # the reader header links to the page's URL, with the bypass
        "$PITH" --no-filter-list --url="$origin/$kind/$name?pith-bypass=1" "$f" >"$T/ref" 2>/dev/null
        curl -s -o "$T/out" -x "127.0.0.1:$SQUID_PORT0" "$origin/$kind/$name"
        if cmp -s "$T/out" "$T/ref"; then
            same=$((same + 1))
        else
            differ="$differ $kind/$name"
        fi
    done
done
echo "# aeb-dev pages through Squid: $same of $total identical to the pith tool's output" \
     "($((total / 2)) pages, identity and gzip)"
[ -z "$differ" ] || echo "# differ:$differ"

nonhtml=0 nsame=0
for path in /binary.bin /image.png /data.json /missing.html /broken-early.html; do
    nonhtml=$((nonhtml + 1))
    curl -s -o "$T/direct" "$origin$path"
    curl -s -o "$T/out" -x "127.0.0.1:$SQUID_PORT0" "$origin$path"
    cmp -s "$T/out" "$T/direct" && nsame=$((nsame + 1))
done
echo "# non-HTML, 404 and broken responses through Squid: $nsame of $nonhtml byte-identical"
[ "$same" = "$total" ] && [ "$nsame" = "$nonhtml" ]
