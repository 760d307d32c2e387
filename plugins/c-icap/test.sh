#!/usr/bin/env bash
# test.sh -- the c-icap service against a real c-icap, driven by
# c-icap-client (make check, when configured --with-c-icap).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
# Starts c-icap in the foreground (-N) with a private configuration on a
# free 127.0.0.1 port, the service srv_pith.so from the build tree, and a
# local origin (only to fetch raw fixture bodies); sends pages with
# c-icap-client, with and without preview, and compares the bodies with
# what the pith tool writes for the same page.  Everything it starts is
# stopped by pid on exit.
#
# Environment (set by make check; all optional):
#   SRV_PITH  the service (default plugins/c-icap/.libs/srv_pith.so here)
#   PITH      the pith tool (default filter/pith here)
#   KEEP=1    keep the temporary directory
# Exit status: 0 all passed, 1 a check failed, 77 skipped (no c-icap; only
# outside CI), 99 the servers could not be started.
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
PLUGINS=$(dirname "$here")
data=$PLUGINS/apache/data
tdata=$(dirname "$PLUGINS")/tests/data
SRV_PITH=${SRV_PITH:-$PWD/plugins/c-icap/.libs/srv_pith.so}
PITH=${PITH:-$PWD/filter/pith}

. "$here/lib.sh"
cicap_setup icap c-icap c-icap-client curl python3
start_cicap icap || { echo "FAIL: c-icap did not start"; cat "$T/icap.out" "$T/icap.server.log" 2>/dev/null; exit 99; }
P=$CICAP_PORT

# icap NAME FILE [c-icap-client options...]: the body to $T/NAME.out, the
# headers (ICAP and HTTP) to $T/NAME.hdr.
icap() {
    local name=$1 file=$2
    shift 2
    rm -f "$T/$name.out"
    c-icap-client -i 127.0.0.1 -p "$P" -s pith -f "$file" -resp "http://test.example/$name" \
        -o "$T/$name.out" -v "$@" >"$T/$name.hdr" 2>&1
    [ -f "$T/$name.out" ] || : >"$T/$name.out"
}
# tool NAME FILE [pith options...]: the tool's output for the page that
# icap NAME sends, to $T/NAME.ref: the reader header links to the request's
# URL with the bypass query parameter, as the service's does.
tool() {
    local name=$1 file=$2
    shift 2
    "$PITH" --no-filter-list --url="http://test.example/$name?pith-bypass=1" "$@" "$file" \
        >"$T/$name.ref" 2>/dev/null
}
same() { cmp -s "$1" "$2"; }
hdr() { grep -qi "^[[:space:]]*$2" "$T/$1.hdr"; }
no_hdr() { ! grep -qi "^[[:space:]]*$2" "$T/$1.hdr"; }
html='Content-Type: text/html; charset=utf-8'

# ---- fixtures -----------------------------------------------------------
cp "$data/news.html" "$T/news.html"
python3 - "$T" <<'EOF'
import gzip, sys, zlib
t = sys.argv[1]
page = open(t + "/news.html", "rb").read()
open(t + "/news.gz", "wb").write(gzip.compress(page))
open(t + "/news.zlib", "wb").write(zlib.compress(page))
open(t + "/news.raw", "wb").write(zlib.compress(page)[2:-4])   # raw deflate
EOF
head -c 300000 /dev/urandom >"$T/binary.bin"
curl -s -o "$T/broken-early.gz" "$origin/broken-early.html"
curl -s -o "$T/broken-late.gz" "$origin/broken-late.html"
curl -s -o "$T/index.html" "$origin/index.html"
curl -s -o "$T/large.html" "$origin/large.html?mb=11"
for name in plain nopreview no204 smallpv gzip gzipnp deflate rawdeflate xhtml bypassq sample \
            installed; do
    tool "$name" "$T/news.html"
done
tool large "$T/large.html"
tool largenp "$T/large.html"
tool late "$T/broken-late.gz"

# ---- filtered pages: byte-identical to the tool ---------------------------
icap plain "$T/news.html" -rhx "$html" -rhx 'Content-Length: 6381' -rhx 'ETag: "v1"'
check "plain, preview: the tool's output" same "$T/plain.out" "$T/plain.ref"
check "plain: ETag made weak" hdr plain 'ETag: W/"v1-pith"'
check "plain: Content-Length dropped" no_hdr plain 'Content-Length'
check "plain: Content-Type is the output's" hdr plain 'Content-Type: text/html; charset=utf-8'
check "plain: Vary names the bypass header" hdr plain 'Vary: X-Pith-Bypass'
check "plain: the reader header links to the original page with the bypass" grep -q \
    '<header class="pith-site"><span>test.example</span><a class="pith-original" href="http://test.example/plain?pith-bypass=1">' \
    "$T/plain.out"
icap nopreview "$T/news.html" -rhx "$html" -nopreview
check "plain, no preview: the tool's output" same "$T/nopreview.out" "$T/nopreview.ref"
icap no204 "$T/news.html" -rhx "$html" -nopreview -no204
check "plain, no preview, no 204: the tool's output" same "$T/no204.out" "$T/no204.ref"
icap smallpv "$T/news.html" -rhx "$html" -w 16
check "plain, 16-byte preview: the tool's output" same "$T/smallpv.out" "$T/smallpv.ref"
icap gzip "$T/news.gz" -rhx "$html" -rhx 'Content-Encoding: gzip'
check "gzip: the tool's output" same "$T/gzip.out" "$T/gzip.ref"
check "gzip: Content-Encoding dropped" no_hdr gzip 'Content-Encoding'
icap gzipnp "$T/news.gz" -rhx "$html" -rhx 'Content-Encoding: gzip' -nopreview
check "gzip, no preview: the tool's output" same "$T/gzipnp.out" "$T/gzipnp.ref"
icap deflate "$T/news.zlib" -rhx "$html" -rhx 'Content-Encoding: deflate'
check "deflate (zlib): the tool's output" same "$T/deflate.out" "$T/deflate.ref"
icap rawdeflate "$T/news.raw" -rhx "$html" -rhx 'Content-Encoding: deflate'
check "deflate (raw): the tool's output" same "$T/rawdeflate.out" "$T/rawdeflate.ref"
icap xhtml "$T/news.html" -rhx 'Content-Type: application/xhtml+xml'
check "xhtml: the tool's output" same "$T/xhtml.out" "$T/xhtml.ref"
icap large "$T/large.html" -rhx "$html"
check "11 MB page: the tool's output" same "$T/large.out" "$T/large.ref"
icap largenp "$T/large.html" -rhx "$html" -nopreview -no204
check "11 MB page, no preview: the tool's output" same "$T/largenp.out" "$T/largenp.ref"

# ---- passed responses: 204 in the preview, or the body as it came --------
icap binary "$T/binary.bin" -rhx 'Content-Type: application/octet-stream'
check "binary, preview: 204" hdr binary 'ICAP/1.0 204'
icap binarynp "$T/binary.bin" -rhx 'Content-Type: application/octet-stream' -nopreview -no204
check "binary, no preview, no 204: byte-identical" same "$T/binarynp.out" "$T/binary.bin"
icap br "$T/news.html" -rhx "$html" -rhx 'Content-Encoding: br'
check "unknown coding (br): 204" hdr br 'ICAP/1.0 204'
icap notransform "$T/news.html" -rhx "$html" -rhx 'Cache-Control: no-transform'
check "Cache-Control no-transform: 204" hdr notransform 'ICAP/1.0 204'
icap bypass "$T/news.html" -rhx "$html" -hx 'X-Pith-Bypass: 1'
check "bypass header: the original" same "$T/bypass.out" "$T/news.html"
check "bypass header: Vary names it" hdr bypass 'Vary: X-Pith-Bypass'
icap bypassq "$T/news.html" -rhx "$html" -hx 'X-Pith-Bypass: 0'
check "bypass header 0: filtered" same "$T/bypassq.out" "$T/bypassq.ref"
icap post "$T/news.html" -rhx "$html" -method POST
check "POST: 204" hdr post 'ICAP/1.0 204'

# ---- REQMOD: the request before it goes upstream (policy rules 11-13) ----
# reqmod NAME [c-icap-client options...]: a GET's REQMOD; headers (ICAP and
# HTTP) to $T/NAME.hdr, the body (if any) to $T/NAME.out.
reqmod() {
    local name=$1
    shift
    rm -f "$T/$name.out"
    c-icap-client -i 127.0.0.1 -p "$P" -s pith -req "http://test.example/$name" \
        -o "$T/$name.out" -v "$@" >"$T/$name.hdr" 2>&1
}
reqmod ae -hx 'Accept-Encoding: br, gzip;q=0.9, zstd' -hx 'If-None-Match: "a", W/"v1-pith"' \
    -hx 'Range: bytes=10-' -hx 'If-Range: W/"v1-pith"' -hx 'X-Other: kept'
check "REQMOD: 200 with the request's headers edited" hdr ae 'ICAP/1.0 200'
check "REQMOD: Accept-Encoding narrowed" hdr ae 'Accept-Encoding: gzip;q=0.9$'
check "REQMOD: a marked ETag unmarked, and kept after its tag" \
    hdr ae 'If-None-Match: "a", "v1", W/"v1-pith"$'
check "REQMOD: Range and If-Range dropped, other headers kept" \
    sh -c "! grep -qi 'Range:' '$T/ae.hdr' && grep -qi 'X-Other: kept' '$T/ae.hdr'"
reqmod lines -hx 'Accept-Encoding: br' -hx 'Accept-Encoding: gzip, zstd'
check "REQMOD: each Accept-Encoding line narrowed, in order" \
    sh -c "grep -i 'Accept-Encoding:' '$T/lines.hdr' | tr -d '\t' | tr '\n' '|' | grep -qx 'Accept-Encoding: identity|Accept-Encoding: gzip|'"
reqmod fine -hx 'Accept-Encoding: gzip, deflate' -hx 'If-None-Match: "a"'
check "REQMOD: nothing to edit: 204" hdr fine 'ICAP/1.0 204'
reqmod finenp -hx 'Accept-Encoding: gzip' -nopreview -no204
check "REQMOD: nothing to edit, no 204 allowed: the headers as they came" \
    sh -c "grep -q 'ICAP/1.0 200' '$T/finenp.hdr' && grep -qi 'Accept-Encoding: gzip$' '$T/finenp.hdr'"
printf 'a body of a GET' >"$T/getbody"
reqmod getbody -f "$T/getbody" -hx 'Accept-Encoding: br'
check "REQMOD: a GET with a body: headers edited, body as it came" \
    sh -c "grep -qi 'Accept-Encoding: identity$' '$T/getbody.hdr' && cmp -s '$T/getbody' '$T/getbody.out'"
reqmod post -method POST -f "$T/getbody" -hx 'Accept-Encoding: br'
check "REQMOD: a POST: 204 (rule 1)" hdr post 'ICAP/1.0 204'
reqmod bypassed -hx 'Accept-Encoding: br' -hx 'X-Pith-Bypass: 1'
check "REQMOD: a bypassed request: 204 (rule 2)" hdr bypassed 'ICAP/1.0 204'
reqmod json -hx 'Accept-Encoding: br' -hx 'Accept: application/json'
check "REQMOD: a request for JSON keeps br: 204 (rule 11)" hdr json 'ICAP/1.0 204'

# ---- fail-open and errors --------------------------------------------------
icap early "$T/broken-early.gz" -rhx 'Content-Type: text/html' -rhx 'Content-Encoding: gzip'
check "broken gzip before output: the original, byte for byte" same "$T/early.out" "$T/broken-early.gz"
check "broken gzip before output: original headers (Content-Encoding kept)" \
    hdr early 'Content-Encoding: gzip'
icap late "$T/broken-late.gz" -rhx "$html" -rhx 'Content-Encoding: gzip'
check "broken gzip after output began: the story so far, as the tool writes it" \
    same "$T/late.out" "$T/late.ref"
check "broken gzip after output began: the document is closed" grep -q '</html>' "$T/late.out"
check "broken gzip after output began: one log line" \
    test "$(grep -c 'test.example/late: cannot filter the rest' "$T/icap.server.log")" = 1
icap index "$T/index.html" -rhx "$html"
check "a page with no story: the original (EmptyStory original)" same "$T/index.out" "$T/index.html"
: >"$T/empty.html"
icap empty "$T/empty.html" -rhx "$html"
check "an empty body: empty" test ! -s "$T/empty.out"

# ---- options -------------------------------------------------------------
stop_all
start_cicap text "pith.Format text
pith.Keep story,navigation
pith.EmptyStory empty
pith.BypassHeader X-No-Pith" || { echo "FAIL: c-icap (text) did not start"; exit 99; }
P=$CICAP_PORT
"$PITH" --no-filter-list --format=text --keep=story,navigation "$T/news.html" >"$T/text.ref"
icap text "$T/news.html" -rhx "$html"
check "pith.Format text, pith.Keep: the tool's output" same "$T/text.out" "$T/text.ref"
check "pith.Format text: Content-Type text/plain" hdr text 'Content-Type: text/plain; charset=utf-8'
icap textby "$T/news.html" -rhx "$html" -hx 'X-No-Pith: yes'
check "pith.BypassHeader: the original" same "$T/textby.out" "$T/news.html"
"$PITH" --no-filter-list --format=text --keep=story,navigation "$T/index.html" >"$T/index-text.ref"
icap indexempty "$T/index.html" -rhx "$html"
check "pith.EmptyStory empty: pith's document" same "$T/indexempty.out" "$T/index-text.ref"

stop_all
sed 's/^#pith\./pith./' "$here/pith.conf" >"$T/pith-sample.conf"
CICAP_SERVICE= start_cicap sample "Include $T/pith-sample.conf" \
    || { echo "FAIL: c-icap with the sample pith.conf did not start"; cat "$T/sample.out"; exit 99; }
P=$CICAP_PORT
icap sample "$T/news.gz" -rhx "$html" -rhx 'Content-Encoding: gzip'
check "the sample pith.conf, every option at its default: the tool's output" \
    same "$T/sample.out" "$T/sample.ref"

# the installed layout, as the README does it (into a DESTDIR)
if [ -n "${CICAP_BUILDDIR:-}" ]; then
    stop_all
    ${MAKE:-make} -s -C "$CICAP_BUILDDIR" install-cicapserviceLTLIBRARIES \
        install-dist_cicapconfDATA DESTDIR="$T/destdir" cicapservicedir=/services \
        cicapconfdir=/etc/c-icap >"$T/install.log" 2>&1
    check "make install cicapservicedir=... cicapconfdir=...: srv_pith.so and pith.conf" \
        test -f "$T/destdir/services/srv_pith.so" -a -f "$T/destdir/etc/c-icap/pith.conf"
    SRV_PITH=$T/destdir/services/srv_pith.so CICAP_SERVICE= \
        start_cicap installed "Include $T/destdir/etc/c-icap/pith.conf" \
        || { echo "FAIL: c-icap with the installed service did not start"; cat "$T/installed.out"; exit 99; }
    P=$CICAP_PORT
    icap installed "$T/news.html" -rhx "$html"
    check "the installed service and pith.conf: the tool's output" same "$T/installed.out" "$T/installed.ref"
fi

stop_all
start_cicap hold "pith.MaxHold 4k original" || { echo "FAIL: c-icap (hold) did not start"; exit 99; }
P=$CICAP_PORT
icap hold "$T/large.html" -rhx "$html"
check "pith.MaxHold 4k original: no output within 4k, the original" same "$T/hold.out" "$T/large.html"

stop_all
start_cicap onerr "pith.OnError empty" || { echo "FAIL: c-icap (onerr) did not start"; exit 99; }
P=$CICAP_PORT
icap onerr "$T/broken-early.gz" -rhx 'Content-Type: text/html' -rhx 'Content-Encoding: gzip'
check "pith.OnError empty: an empty body" test ! -s "$T/onerr.out"
check "pith.OnError empty: filtered headers" no_hdr onerr 'Content-Encoding'

stop_all
start_cicap aeoff "pith.AcceptEncoding off" || { echo "FAIL: c-icap (aeoff) did not start"; exit 99; }
P=$CICAP_PORT
reqmod aeoff -hx 'Accept-Encoding: br'
check "pith.AcceptEncoding off: REQMOD leaves Accept-Encoding (204)" hdr aeoff 'ICAP/1.0 204'
reqmod aeoffinm -hx 'Accept-Encoding: br' -hx 'If-None-Match: W/"v1-pith"'
check "pith.AcceptEncoding off: If-None-Match still unmarked, Accept-Encoding as it came" \
    sh -c "grep -qi 'If-None-Match: \"v1\", W/\"v1-pith\"' '$T/aeoffinm.hdr' && grep -qi 'Accept-Encoding: br$' '$T/aeoffinm.hdr'"

# ---- the reader view and filter lists -------------------------------------
stop_all
start_cicap nostyle "pith.Style none" || { echo "FAIL: c-icap (nostyle) did not start"; exit 99; }
P=$CICAP_PORT
tool nostyle "$T/news.html" --style=none
icap nostyle "$T/news.html" -rhx "$html"
check "pith.Style none: no stylesheet, no header" \
    eval "! grep -q '<style\|pith-site' '$T/nostyle.out' && grep -q '</p>' '$T/nostyle.out'"
check "pith.Style none: the tool's --style=none output" same "$T/nostyle.out" "$T/nostyle.ref"

# tests/data/filterlist.txt hides .mm-box everywhere and .promo-rail on
# news.example; compiled once when c-icap reads its configuration
cp "$tdata/ads.html" "$T/ads.html"
stop_all
start_cicap fl "pith.Keep story,navigation,recommendation
pith.FilterList $tdata/filterlist.txt" || { echo "FAIL: c-icap (fl) did not start"; exit 99; }
P=$CICAP_PORT
"$PITH" --no-filter-list --keep=story,navigation,recommendation "$T/ads.html" >"$T/nofl.ref"
check "without a list the block is kept (the test can fail)" grep -q 'autumn hills' "$T/nofl.ref"
tool fl "$T/ads.html" --keep=story,navigation,recommendation --filter-list="$tdata/filterlist.txt"
icap fl "$T/ads.html" -rhx "$html"
check "pith.FilterList FILE: the block a rule hides is gone" \
    eval "! grep -q 'autumn hills' '$T/fl.out' && grep -q 'ferry service' '$T/fl.out'"
check "pith.FilterList FILE: the tool's --filter-list output" same "$T/fl.out" "$T/fl.ref"
c-icap-client -i 127.0.0.1 -p "$P" -s pith -f "$T/ads.html" -resp "http://www.news.example/a" \
    -rhx "$html" -o "$T/flsite.out" >/dev/null 2>&1
"$PITH" --no-filter-list --keep=story,navigation,recommendation --filter-list="$tdata/filterlist.txt" \
    --url="http://www.news.example/a?pith-bypass=1" "$T/ads.html" >"$T/flsite.ref"
check "pith.FilterList: the site's own rules, from the request URL" \
    eval "same '$T/flsite.out' '$T/flsite.ref' && ! grep -q 'Harbour lights' '$T/flsite.out' && grep -q 'Harbour lights' '$T/fl.out'"

stop_all
for bad in "pith.MaxBlock 0" "pith.Format pdf" "pith.Lookahead 4294967295" "pith.MaxHold 1x" \
           "pith.OnError maybe" "pith.FlushAfter -1" "pith.Style fancy" "pith.AcceptEncoding maybe" \
           "pith.FilterList $T/no-such-list.txt" "pith.FilterList /dev/zero"; do
    start_cicap bad "$bad"
    sleep 0.3
    if kill -0 "$CICAP_PID" 2>/dev/null; then
        not_ok "refused at start: $bad"
    else
        opt=${bad#pith.}
        check "refused at start: $bad (the option named)" grep -q "^pith: ${opt%% *}" "$T/bad.out"
    fi
    stop_all
done
start_cicap combo "pith.MaxLookahead 1k
pith.MaxBlock 64k"
check "max-lookahead < max-block: refused with a message" \
    grep -q "refused: max-lookahead (1024) must be at least max-block" "$T/combo.out"
P=$CICAP_PORT
icap combo "$T/news.html" -rhx "$html"
check "max-lookahead < max-block: the service does not answer 200" no_hdr combo 'ICAP/1.0 200'
stop_all

checks_done "$(basename "$0")" || { echo "(KEEP=1 keeps $T)"; exit 1; }
