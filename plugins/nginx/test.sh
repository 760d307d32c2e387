#!/usr/bin/env bash
# test.sh -- end-to-end test of ngx_http_pith_filter_module with the real
# nginx (make check).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
# Starts a local origin (tests/lib/origin.py) and nginx with a private
# configuration (-p prefix and every path in a temporary folder), both on
# 127.0.0.1 ports picked free, and sends the fixture pages through the
# module as a reverse proxy and for static files.  Both servers are stopped
# by pid on every exit.
#
# Environment (set by make check; all optional):
#   NGX_PITH  the module (default plugins/nginx/ngx_http_pith_filter_module.so
#             below the current directory)
#   NGINX     the nginx binary (default: nginx in PATH, then /usr/sbin/nginx)
#   PITH      the pith tool; when set, output is compared with it
#   AEB_DIR   the aeb-dev pages (*.html.gz; default shared/bench/aeb-dev/html
#             beside the repository, or beside its parent folder); absent:
#             that comparison is skipped with a message
#   KEEP=1    keep the temporary folder (configuration, logs, bodies)
# Exit status: 0 all passed, 1 a check failed, 77 skipped (no nginx; only
# outside CI), 99 the servers could not be started.
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
data=$top/plugins/apache/data
mod=${NGX_PITH:-$PWD/plugins/nginx/ngx_http_pith_filter_module.so}
aeb=${AEB_DIR:-$top/../shared/bench/aeb-dev/html}
[ -n "${AEB_DIR:-}" ] || [ -d "$aeb" ] || aeb=$top/../../shared/bench/aeb-dev/html   # a worktree

. "$top/tests/lib/testlib.sh"     # check, free_port, wait_port, start_origin, ...
nginx=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[ -x "$nginx" ] || skip "nginx not found (install nginx)"
for tool in curl python3 gzip; do
    command -v $tool >/dev/null 2>&1 || skip "$tool not found"
done
[ -f "$mod" ] || { echo "FAIL: module $mod not built"; exit 99; }
mod=$(cd "$(dirname "$mod")" && pwd)/$(basename "$mod")

make_tmp nginx
chmod 755 "$T"
mkdir -p "$T/html" "$T/out" "$T/logs" "$T/tmp"
nginx_pid=

# ---- the origin (tests/lib/origin.py) ----------------------------------
start_origin "$T" "$data" || { echo "FAIL: origin did not start"; cat "$T/origin.log"; exit 99; }
O=$ORIGIN_PORT
origin=http://127.0.0.1:$O

# ---- static files --------------------------------------------------------
cp "$data/news.html" "$T/html/news.html"
cp "$data/news.html" "$T/html/news.txt"
gzip -9 -n -c "$data/news.html" >"$T/html/news.html.gz"
(cd "$top/tests/lib" && python3 -c 'import sys; sys.dont_write_bytecode = True; sys.argv[1:] = ["'"$data"'"]
import origin; sys.stdout.buffer.write(origin.large_page(2 * 10 ** 6))') >"$T/html/large.html"
naeb=0
if [ -d "$aeb" ] && ls "$aeb"/*.html.gz >/dev/null 2>&1; then
    mkdir -p "$T/html/aeb"
    for f in "$aeb"/*.html.gz; do
        gzip -dc "$f" >"$T/html/aeb/$(basename "$f" .gz)"
        naeb=$((naeb + 1))
    done
fi
# a page with blocks that the test filter list names
cp "$top/tests/data/ads.html" "$T/html/ads.html"
LIST=$top/tests/data/filterlist.txt
NOADS=story,navigation,recommendation
chmod -R a+rX "$T/html"

# ---- nginx ---------------------------------------------------------------
P=$(free_port)
P2=$(free_port)     # HTTP/2 without TLS (prior knowledge)
user=
[ "$(id -u)" = 0 ] && user="user root;"
common_paths() {
    cat <<EOF
    client_body_temp_path $T/tmp/body;
    proxy_temp_path $T/tmp/proxy;
    fastcgi_temp_path $T/tmp/fastcgi;
    uwsgi_temp_path $T/tmp/uwsgi;
    scgi_temp_path $T/tmp/scgi;
EOF
}
cat >"$T/nginx.conf" <<EOF
load_module $mod;
$user
worker_processes 1;
daemon off;
master_process on;
pid $T/logs/nginx.pid;
error_log $T/logs/error.log info;
events { worker_connections 256; }
http {
$(common_paths)
    access_log off;
    log_format pithlog '\$uri \$pith_outcome \$pith_reason \$pith_bytes_in \$pith_bytes_out';
    types { text/html html; text/plain txt; application/json json; }
    default_type application/octet-stream;
    sendfile on;            # as Debian's nginx.conf: file buffers with a file part
    proxy_http_version 1.1;
    proxy_read_timeout 30s;
    server {
        listen 127.0.0.1:$P;
        listen 127.0.0.1:$P2 http2;
        root $T/html;
        access_log $T/logs/pith.log pithlog;
        location /raw/ { proxy_pass $origin/; }
        location /rp/ { pith on; proxy_pass $origin/; }
        location /off/ { pith off; proxy_pass $origin/; }
        location /nobuf/ { pith on; proxy_buffering off; proxy_pass $origin/; }
        location /gz/ {
            pith on;
            gzip on; gzip_min_length 0; gzip_types text/plain;
            proxy_pass $origin/;
        }
        location /noflush/ { pith on; pith_flush off; proxy_pass $origin/; }
        location /text/ { pith on; pith_format text; proxy_pass $origin/; }
        location /keep/ { pith on; pith_keep all; proxy_pass $origin/; }
        location /annotate/ { pith on; pith_format annotate; pith_keep all; proxy_pass $origin/; }
        location /annotatenb/ {
            pith on; pith_format annotate; pith_keep all; proxy_buffering off;
            proxy_pass $origin/;
        }
        location /limit/ { pith on; pith_max_input 1k; proxy_pass $origin/; }
        location /hold/ { pith on; pith_max_hold 512 original; proxy_pass $origin/; }
        location /holdf/ { pith on; pith_max_hold 512; pith_format text; proxy_pass $origin/; }
        location /empty/ { pith on; pith_empty_story empty; proxy_pass $origin/; }
        location /onerr/ { pith on; pith_on_error empty; proxy_pass $origin/; }
        location /types/ { pith on; pith_types text/plain; alias $T/html/; }
        location /tiny/ { pith on; pith_buffers 2 1k; proxy_pass $origin/; }
        location /by/ {
            pith on; pith_bypass_header X-No-Pith; pith_bypass_query none;
            proxy_pass $origin/;
        }
        location /files/ { pith on; alias $T/html/; }
        location /fileslimit/ { pith on; pith_max_input 1k; alias $T/html/; }
        location /filesgz/ { pith on; gzip on; gzip_min_length 0; alias $T/html/; }
        location /aeb/ { pith on; pith_flush off; }
        location /aebraw/ { alias $T/html/aeb/; }
        location /aebp/ { pith on; pith_flush off; proxy_pass http://127.0.0.1:$P/aebraw/; }
        location /nostyle/ { pith on; pith_style none; proxy_pass $origin/; }
        location /frag/ { pith on; pith_fragment on; proxy_pass $origin/; }
        location /flno/ { pith on; pith_keep $NOADS; alias $T/html/; }
        location /fl/ { pith on; pith_keep $NOADS; pith_filter_list $LIST; alias $T/html/; }
        location /flsame/ { pith on; pith_keep $NOADS; pith_filter_list "$LIST"; alias $T/html/; }
        location /fltext/ {
            pith on; pith_format text; pith_keep $NOADS; pith_filter_list $LIST; alias $T/html/;
        }
        location /fljson/ {
            pith on; pith_format jsonl; pith_keep all; pith_filter_list $LIST; alias $T/html/;
        }
        location /flnone/ {
            pith on; pith_keep $NOADS; pith_filter_list $LIST none; alias $T/html/;
        }
        location /fltwo/ {
            pith on; pith_format jsonl; pith_keep all; pith_filter_list $LIST;
            pith_filter_list $T/more.txt; alias $T/html/;
        }
    }
}
EOF

printf '##.ad-free-zone\n' >"$T/more.txt"
"$nginx" -p "$T" -c "$T/nginx.conf" -t >"$T/configtest.log" 2>&1 || {
    echo "FAIL: nginx -t"; cat "$T/configtest.log"; exit 99; }
"$nginx" -p "$T" -c "$T/nginx.conf" >"$T/nginx.stdout" 2>&1 &
nginx_pid=$!
track_pid "$nginx_pid"
if ! wait_port "$P" "$nginx_pid"; then
    echo "FAIL: nginx did not start"; cat "$T/nginx.stdout" "$T/logs/error.log" 2>/dev/null; exit 99
fi

# ---- checks --------------------------------------------------------------
. "$top/tests/lib/http.sh"     # get, has, header, filtered, unchanged, ...

curl -sS -o "$T/news.gz" "$origin/gzip.html"
curl -sS -o "$T/binary.bin" "$origin/binary.bin"
curl -sS -o "$T/data.json" "$origin/data.json"
curl -sS -o "$T/missing.html" "$origin/missing.html"
curl -sS -o "$T/broken-early.html" "$origin/broken-early.html"
curl -sS -o "$T/broken-mid.html" "$origin/broken-mid.html"
curl -sS -o "$T/index.html" "$origin/index.html"
rp=http://127.0.0.1:$P

# reverse proxy: the fixture pages
get raw "$rp/raw/plain.html"
check "no pith: the page passes unchanged" unchanged raw "$data/news.html"
get plain "$rp/rp/plain.html"
check "plain: story kept, boilerplate gone" filtered plain
check "plain: html output" has plain "<html"
check "plain: no Content-Length (chunked)" no_header plain Content-Length
check "plain: ETag made weak and distinct" hdr_is plain ETag 'W/"news-v1-pith"'
check "plain: Vary names the bypass header" sh -c "grep -qi '^Vary:.*X-Pith-Bypass' '$T/out/plain.h'"
check "plain: text/html; charset=utf-8" hdr_is plain Content-Type "text/html; charset=utf-8"
check "plain: Accept-Ranges none" hdr_is plain Accept-Ranges none
check "plain: Last-Modified kept" hdr_is plain Last-Modified "Sat, 14 Mar 2026 06:40:00 GMT"
get gzip "$rp/rp/gzip.html"
check "gzip from the origin: decoded and filtered" filtered gzip
check "gzip from the origin: Content-Encoding dropped" no_header gzip Content-Encoding
get deflate "$rp/rp/deflate.html"
check "deflate from the origin: decoded and filtered" filtered deflate
get chunked "$rp/rp/chunked.html"
check "chunked from the origin: filtered" filtered chunked
get nobuf "$rp/nobuf/chunked.html"
check "proxy_buffering off: filtered" filtered nobuf
get nobufgz "$rp/nobuf/gzip.html"
check "proxy_buffering off, gzip: filtered" filtered nobufgz
get xhtml "$rp/rp/xhtml.html"
check "application/xhtml+xml: filtered" filtered xhtml
get cp1251 "$rp/rp/cp1251.html"
check "charset from the header only (windows-1251): story in UTF-8" \
    has cp1251 "Первые четыре приливные турбины"
check "charset from the header only: navigation gone" hasnt cp1251 "Гороскопы"
get tiny "$rp/tiny/plain.html"
check "pith_buffers 2 1k: the whole story through two small buffers" filtered tiny

# gzip on after pith: the client gets a valid gzip body
get gzon "$rp/gz/gzip.html" -H 'Accept-Encoding: gzip'
check "gzip on after pith: Content-Encoding gzip" hdr_is gzon Content-Encoding gzip
gzip -dc <"$T/out/gzon" >"$T/out/gzond" 2>/dev/null
echo $? >"$T/out/gzond.rc"
cp "$T/out/gzon.h" "$T/out/gzond.h"
check "gzip on after pith: a valid gzip body" rc_is gzond 0
check "gzip on after pith: the filtered page inside" filtered gzond
get gzplain "$rp/gz/plain.html"
check "gzip on, client without gzip: plain filtered page" filtered gzplain

# what passes untouched
get binary "$rp/rp/binary.bin"
check "binary: byte-identical" unchanged binary "$T/binary.bin"
get png "$rp/rp/image.png"
check "image/png: byte-identical" unchanged png "$T/binary.bin"
get json "$rp/rp/data.json"
check "application/json: byte-identical" unchanged json "$T/data.json"
check "application/json: Content-Length kept" \
    hdr_is json Content-Length "$(wc -c <"$T/data.json" | tr -d ' ')"
get missing "$rp/rp/missing.html"
check "404: body unchanged" unchanged missing "$T/missing.html"
check "404: status 404" status_is missing 404
get nt "$rp/rp/notransform.html"
check "Cache-Control no-transform: unchanged, strong ETag kept" \
    sh -c "cmp -s '$T/out/nt' '$data/news.html' && grep -qi '^ETag: \"nt-v1\"' '$T/out/nt.h'"
get ntreq "$rp/rp/plain.html" -H 'Cache-Control: no-transform'
check "request no-transform: unchanged" unchanged ntreq "$data/news.html"
get head "$rp/rp/plain.html" -I
check "HEAD: the filtered GET's headers (weak ETag, no Content-Length, UTF-8 html)" \
    sh -c "head -n1 '$T/out/head.h' | grep -q ' 200' && ! grep -qi '^Content-Length:' '$T/out/head.h' && grep -qi '^ETag: W/\"news-v1-pith\"' '$T/out/head.h' && grep -qi '^Content-Type: text/html; charset=utf-8' '$T/out/head.h'"
check "HEAD: no body" hasnt head "<html"
get notmod "$rp/rp/plain.html" -H 'If-None-Match: "news-v1"'
check "304 passes" status_is notmod 304
get reval "$rp/rp/plain.html" -H 'If-None-Match: W/"news-v1-pith"'
check "revalidating a filtered copy: 304 with the filtered ETag" \
    sh -c "grep -q ' 304' '$T/out/reval.h' && grep -qi '^ETag: W/\"news-v1-pith\"' '$T/out/reval.h'"
head -c 100 "$data/news.html" >"$T/range"
get range "$rp/rp/plain.html" -H 'Range: bytes=0-99'
check "Range: 206 of the original passes" \
    sh -c "grep -q ' 206' '$T/out/range.h' && cmp -s '$T/range' '$T/out/range'"
get irdate "$rp/rp/plain.html" -H 'Range: bytes=100-' -H "If-Range: Sat, 14 Mar 2026 06:40:00 GMT"
check "Range + If-Range date: the whole filtered page" filtered irdate
get irweak "$rp/rp/plain.html" -H 'Range: bytes=100-' -H 'If-Range: W/"news-v1-pith"'
check "Range + If-Range of a filtered copy: the whole filtered page" filtered irweak
get irhdrs "$rp/rp/headers" -H 'Range: bytes=100-' -H 'If-Range: W/"news-v1-pith"' -H 'X-Other: kept'
check "Range + If-Range dropped upstream, other headers kept" \
    sh -c "! grep -qi '^Range:' '$T/out/irhdrs' && ! grep -qi '^If-Range:' '$T/out/irhdrs' && grep -qi '^X-Other: kept' '$T/out/irhdrs'"

# bypass, on/off
get byh "$rp/rp/plain.html" -H 'X-Pith-Bypass: 1'
check "bypass header: original" unchanged byh "$data/news.html"
get byq "$rp/rp/plain.html?pith-bypass=1"
check "bypass query parameter: original" unchanged byq "$data/news.html"
get byown "$rp/by/plain.html" -H 'X-No-Pith: yes'
check "pith_bypass_header X-No-Pith: original" unchanged byown "$data/news.html"
get byq2 "$rp/by/plain.html?pith-bypass=1"
check "pith_bypass_query none: the query filters on" filtered byq2
get off "$rp/off/plain.html"
check "pith off: original" unchanged off "$data/news.html"

# Accept-Encoding narrowing (policy rule 11)
get ae "$rp/rp/ae" -H 'Accept-Encoding: br, gzip;q=0.9, zstd, deflate'
check "Accept-Encoding narrowed to what pith decodes" test "$(cat "$(body ae)")" = "gzip;q=0.9, deflate"
get aeraw "$rp/raw/ae" -H 'Accept-Encoding: br, gzip'
check "Accept-Encoding untouched without pith" test "$(cat "$(body aeraw)")" = "br, gzip"
get aebr "$rp/rp/ae" -H 'Accept-Encoding: br'
check "Accept-Encoding br alone becomes identity" test "$(cat "$(body aebr)")" = identity

# directives
get text "$rp/text/plain.html"
check "pith_format text: text/plain, no tags, story kept" \
    sh -c "grep -qi '^Content-Type: text/plain; charset=utf-8' '$T/out/text.h' && ! grep -q '<p>' '$T/out/text' && grep -qF '$S7' '$T/out/text'"
get keep "$rp/keep/plain.html"
check "pith_keep all: story and boilerplate kept" \
    sh -c "grep -qF '$S1' '$T/out/keep' && grep -qF 'Horoscopes' '$T/out/keep'"
get types "$rp/types/news.txt"
get typeshtml "$rp/types/news.html"
check "pith_types text/plain: a text/plain file filtered" filtered types
check "pith_types text/plain: a text/html file passes" unchanged typeshtml "$data/news.html"
get limit "$rp/limit/plain.html"
check "fail-open: pith_max_input exceeded before output sends the original" unchanged limit "$data/news.html"
get hold "$rp/hold/chunked.html"
check "pith_max_hold 512 original: no output within it sends the original" unchanged hold "$data/news.html"
get holdf "$rp/holdf/chunked.html"
check "pith_max_hold 512 (filter): filters on without the original" \
    sh -c "grep -qF '$S7' '$T/out/holdf' && ! grep -qF 'Horoscopes' '$T/out/holdf'"
get idx "$rp/rp/index.html"
check "a page with no story: the original (pith_empty_story original)" unchanged idx "$T/index.html"
get idxe "$rp/empty/index.html"
check "pith_empty_story empty: pith's empty document" \
    sh -c "grep -q ' 200' '$T/out/idxe.h' && ! grep -q 'Headline number' '$T/out/idxe' && grep -q '</html>' '$T/out/idxe'"
get oempty "$rp/onerr/broken-early.html"
check "pith_on_error empty: an empty 200 body" \
    sh -c "grep -q ' 200' '$T/out/oempty.h' && [ ! -s '$T/out/oempty' ] && [ \$(cat '$T/out/oempty.rc') = 0 ]"

# the reader view: a header that links to the original through the bypass
link() {    # link NAME: the href of the reader header's link to the original
    grep -o '<a class="pith-original" href="[^"]*"' "$T/out/$1" | head -n1 | sed 's/.*href="//; s/"$//; s/&amp;/\&/g'
}
check "reader view: a stylesheet by default" has plain "<style"
check "reader view: the header links to the page with the bypass" \
    test "$(link plain)" = "$rp/rp/plain.html?pith-bypass=1"
get orig "$(link plain)"
check "reader view: following the link gives the original, unfiltered" unchanged orig "$data/news.html"
get linkq "$rp/rp/plain.html?a=1&b=two"
check "reader view: a query keeps its parameters, the bypass after them" \
    test "$(link linkq)" = "$rp/rp/plain.html?a=1&b=two&pith-bypass=1"
get linkh "$rp/rp/plain.html" -H 'Host: news.example:8080'
check "reader view: the host is the client's Host, port and all" \
    test "$(link linkh)" = "http://news.example:8080/rp/plain.html?pith-bypass=1"
get link10 "$rp/rp/plain.html" --http1.0 -H 'Host:'
check "reader view: HTTP/1.0 without Host: the server's address and port" \
    test "$(link link10)" = "$rp/rp/plain.html?pith-bypass=1"
get linkby "$rp/by/plain.html"
check "reader view, pith_bypass_query none: the link is the URL alone" \
    test "$(link linkby)" = "$rp/by/plain.html"
get nostyle "$rp/nostyle/plain.html"
check "pith_style none: still filtered" filtered nostyle
check "pith_style none: no <style>, no header" \
    sh -c "! grep -q '<style' '$T/out/nostyle' && ! grep -q 'pith-original' '$T/out/nostyle'"
get frag "$rp/frag/plain.html"
check "pith_fragment on: no <style>, no header" \
    sh -c "! grep -q '<style' '$T/out/frag' && ! grep -q 'pith-original' '$T/out/frag' && grep -qF '$S7' '$T/out/frag'"

# filter lists: tests/data/filterlist.txt names the .mm-box block (and, on
# news.example only, the .promo-rail one); pith_keep without advertising
get flno "$rp/flno/ads.html"
check "no filter list: the ad block is kept as navigation" has flno "Walks in the autumn hills"
get fl "$rp/fl/ads.html"
check "pith_filter_list: the ad block the list names is gone" \
    sh -c "! grep -q 'autumn hills' '$T/out/fl' && grep -q 'ferry service' '$T/out/fl' && grep -q 'Harbour lights' '$T/out/fl'"
get fls "$rp/fl/ads.html" -H 'Host: www.news.example'
check "pith_filter_list: the site's own rule applies on its host" \
    sh -c "! grep -q 'Harbour lights' '$T/out/fls' && ! grep -q 'autumn hills' '$T/out/fls'"
get flt "$rp/fltext/ads.html" -H 'Host: www.news.example'
check "pith_filter_list, text format: the site's rule too (the url is set for lists)" \
    sh -c "! grep -q 'Harbour lights' '$T/out/flt' && grep -q 'ferry service' '$T/out/flt'"
get flj "$rp/fljson/ads.html"
check "pith_filter_list, jsonl: the rule named in the cues" \
    sh -c "grep 'autumn hills' '$T/out/flj' | grep -q '\"label\":\"advertising\".*filter:##.mm-box@'"
get flnone "$rp/flnone/ads.html"
check "pith_filter_list LIST none: no list" has flnone "Walks in the autumn hills"
get fltwo "$rp/fltwo/ads.html"
check "pith_filter_list twice: the lists add up" has fltwo 'filter:##.mm-box@'
check "pith_filter_list: each distinct set compiled once at nginx -t ($(grep -c 'pith_filter_list: compiled' "$T/configtest.log") lines)" \
    test "$(grep -c 'pith_filter_list: compiled' "$T/configtest.log")" = 2

# the same bytes as the pith tool
if [ -n "${PITH:-}" ] && [ -x "$PITH" ]; then
    # the reader header links to the page's URL with the bypass: the tool gets it as --url
    for n in plain gzip chunked; do
        "$PITH" --no-filter-list --url="$rp/noflush/$n.html?pith-bypass=1" <"$data/news.html" \
            >"$T/tool-$n.html"
    done
    get nf "$rp/noflush/plain.html"
    check "pith_flush off: output equals the pith tool's" unchanged nf "$T/tool-plain.html"
    get nfgz "$rp/noflush/gzip.html"
    check "pith_flush off, gzip: output equals the pith tool's" unchanged nfgz "$T/tool-gzip.html"
    get nfch "$rp/noflush/chunked.html"
    check "pith_flush off, chunked: output equals the pith tool's" unchanged nfch "$T/tool-chunked.html"
    "$PITH" --no-filter-list --style=none <"$data/news.html" >"$T/tool-none.html"
    get nsc "$rp/nostyle/plain.html"
    check "pith_style none: output equals pith --style=none" unchanged nsc "$T/tool-none.html"
    "$PITH" --no-filter-list --filter-list="$LIST" --keep=$NOADS \
        --url="$rp/fl/ads.html?pith-bypass=1" <"$T/html/ads.html" >"$T/tool-fl.html"
    get flc "$rp/fl/ads.html"
    check "pith_filter_list: output equals the tool's with the same list and --url" \
        unchanged flc "$T/tool-fl.html"
    "$PITH" --no-filter-list --filter-list="$LIST" --keep=$NOADS \
        --url="http://www.news.example/fl/ads.html?pith-bypass=1" <"$T/html/ads.html" >"$T/tool-fls.html"
    get flcs "$rp/fl/ads.html" -H 'Host: www.news.example'
    check "pith_filter_list, the site's rules: output equals the tool's" \
        unchanged flcs "$T/tool-fls.html"
    if [ "$naeb" -gt 0 ]; then
        bad=0 badp=0
        for f in "$T"/html/aeb/*.html; do
            n=$(basename "$f")
            "$PITH" --no-filter-list --url="$rp/aeb/$n?pith-bypass=1" <"$f" >"$T/out/aeb-tool" 2>/dev/null
            curl -sS --max-time 20 -o "$T/out/aeb-ngx" "$rp/aeb/$n" || bad=$((bad + 1))
            cmp -s "$T/out/aeb-tool" "$T/out/aeb-ngx" || { bad=$((bad + 1)); echo "# differs (file): $n"; }
            "$PITH" --no-filter-list --url="$rp/aebp/$n?pith-bypass=1" <"$f" >"$T/out/aeb-tool" 2>/dev/null
            curl -sS --max-time 20 -o "$T/out/aeb-ngxp" "$rp/aebp/$n" || badp=$((badp + 1))
            cmp -s "$T/out/aeb-tool" "$T/out/aeb-ngxp" || { badp=$((badp + 1)); echo "# differs (proxy): $n"; }
        done
        check "the $naeb aeb-dev pages as static files: identical to the tool's output ($bad differ)" test $bad = 0
        check "the $naeb aeb-dev pages through proxy_pass: identical to the tool's output ($badp differ)" test $badp = 0
    else
        echo "# no aeb-dev pages in $aeb (set AEB_DIR): that comparison is skipped"
    fi
else
    echo "# PITH not set: comparison with the pith tool skipped"
fi

# HTTP/2
get h2 "http://127.0.0.1:$P2/rp/gzip.html" --http2-prior-knowledge
check "HTTP/2 (h2c): filtered" sh -c "head -n1 '$T/out/h2.h' | grep -q '^HTTP/2 200'" && check "HTTP/2 (h2c): the story" filtered h2
check "HTTP/2 (h2c): the reader header links to :authority's page with the bypass" \
    test "$(link h2)" = "http://127.0.0.1:$P2/rp/gzip.html?pith-bypass=1"
get h2late "http://127.0.0.1:$P2/rp/broken-late.html" --http2-prior-knowledge
check "HTTP/2 (h2c): broken gzip after output: a clean end, no stream reset" \
    sh -c "[ \$(cat '$T/out/h2late.rc') = 0 ] && tail -c 20 '$T/out/h2late' | grep -q '</html>'"

# static files
get file "$rp/files/news.html"
check "static file: filtered" filtered file
check "static file: weak marked ETag" sh -c "grep -qi '^ETag: W/\".*-pith\"' '$T/out/file.h'"
get filehead "$rp/files/news.html" -I
check "static file HEAD: the GET's ETag, no Content-Length" \
    sh -c "[ \"$(header filehead ETag)\" = \"$(header file ETag)\" ] && ! grep -qi '^Content-Length' '$T/out/filehead.h'"
get filereval "$rp/files/news.html" -H "If-None-Match: $(header file ETag)"
check "static file: revalidating the filtered copy gives 304 with the weak ETag" \
    sh -c "grep -q ' 304' '$T/out/filereval.h' && grep -qi '^ETag: W/\".*-pith\"' '$T/out/filereval.h'"
get filerange "$rp/files/news.html" -H 'Range: bytes=0-99'
check "static file Range: 206 of the original" \
    sh -c "grep -q ' 206' '$T/out/filerange.h' && cmp -s '$T/range' '$T/out/filerange'"
get fileir "$rp/files/news.html" -H 'Range: bytes=100-' -H "If-Range: $(header file Last-Modified)"
check "static file Range + If-Range date: the whole filtered page" filtered fileir
get filelimit "$rp/fileslimit/large.html"
check "static 2 MB file, pith_max_input 1k: fail-open sends the whole original" \
    unchanged filelimit "$T/html/large.html"
get filelarge "$rp/files/large.html"
check "static 2 MB file: filtered" filtered filelarge
get filetxt "$rp/files/news.txt"
check "static text/plain: unchanged" unchanged filetxt "$data/news.html"
get filegz "$rp/filesgz/news.html" -H 'Accept-Encoding: gzip'
check "static file with gzip on: valid gzip of the filtered page" \
    sh -c "grep -qi '^Content-Encoding: gzip' '$T/out/filegz.h' && gzip -dc <'$T/out/filegz' | grep -qF '$S7' && ! gzip -dc <'$T/out/filegz' | grep -qF Horoscopes"

# streaming: the first story bytes arrive while the origin pauses
pause=4
for loc in rp nobuf; do
    read -r t_story t_end <<<"$(python3 - "$P" "$pause" "$S1" "$loc" <<'EOF'
import socket, sys, time
port, pause, marker, loc = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode(), sys.argv[4]
s = socket.create_connection(("127.0.0.1", port), timeout=30)
t0 = time.monotonic()
s.sendall(b"GET /%s/slow.html?pause=%s HTTP/1.0\r\nHost: x\r\n\r\n" % (loc.encode(), pause.encode()))
got, t_story = b"", -1.0
while True:
    d = s.recv(65536)
    if not d:
        break
    got += d
    if t_story < 0 and marker in got:
        t_story = time.monotonic() - t0
print("%.3f %.3f" % (t_story, time.monotonic() - t0))
EOF
)"
    echo "# /$loc/slow.html: first story bytes after ${t_story}s, page done after ${t_end}s (origin pauses ${pause}s)"
    check "streaming (/$loc/): story reaches the client before the origin resumes" \
        python3 -c "import sys; s, e = $t_story, $t_end; sys.exit(not (0 <= s < $pause - 1.5 and e >= $pause - 0.5))"
done

# a 10 MB page, bounded memory
get large "$rp/rp/large.html"
check "10 MB page: filtered" filtered large
copies=$(cd "$top/tests/lib" && python3 -c 'import sys; sys.dont_write_bytecode = True; sys.argv[1:] = ["'"$data"'"]
import origin; print(origin.large_page(10 ** 7).count(b"'"$S1"'"))')
check "10 MB page: all $copies copies of the story there" \
    test "$(grep -oF "$S1" "$(body large)" | wc -l)" = "$copies"
worker=$(ps -o pid= --ppid "$nginx_pid" | head -n1 | tr -d ' ')
rss=$(awk '/^VmHWM/ {print $2}' "/proc/$worker/status" 2>/dev/null)
echo "# peak RSS of the nginx worker after the 10 MB page: ${rss:-?} kB"
check "10 MB page: the worker's peak RSS under 48 MB" test "${rss:-999999}" -lt 49152

# a slow client: the worker does not take the page in while it waits
# (annotate: every block written, more bytes out than in)
for loc in annotate annotatenb; do
    python3 "$here/slowclient.py" "$P" /$loc/large.html "$worker" --rate 1024 --seconds 4 \
        >"$T/out/slow.$loc" 2>&1
    grow=$(awk '/bytes read  VmRSS/ {if (first == "") first = $7; if ($7 + 0 > max + 0) max = $7} END {print max - first}' "$T/out/slow.$loc")
    echo "# a client reading 1 KB/s from the 10 MB page (/$loc/) for 4 s: the worker's VmRSS grew ${grow:-?} kB"
    check "slow client (/$loc/): the worker's RSS grows by less than 4 MB" test "${grow:-99999}" -lt 4096
done

# broken bodies: the original or a clean end, no crash, no hang
get early "$rp/rp/broken-early.html"
check "broken gzip at the start: the original" unchanged early "$T/broken-early.html"
get mid "$rp/rp/broken-mid.html"
check "broken gzip mid-page, before output: the original" unchanged mid "$T/broken-mid.html"
get midp "$rp/rp/broken-mid-pause.html"
check "broken gzip after a pause (a flush) before any story: the original" unchanged midp "$T/broken-mid.html"
get late "$rp/rp/broken-late.html"
check "broken gzip after output started: the story so far ends the page cleanly" \
    sh -c "[ \$(cat '$T/out/late.rc') = 0 ] && tail -c 20 '$T/out/late' | grep -q '</html>' && grep -qF '$S1' '$T/out/late'"
check "broken gzip after output started: one line logged" \
    sh -c "[ \$(grep 'broken-late.html\": cannot filter the rest of the page' '$T/logs/error.log' | grep -c 'HTTP/1.1') = 1 ]"
get notrailer "$rp/rp/notrailer-large.html"
check "gzip without its trailer, output already sent: a clean end" \
    sh -c "[ \$(cat '$T/out/notrailer.rc') = 0 ] && tail -c 20 '$T/out/notrailer' | grep -q '</html>'"
cut() {  # never a complete-looking 200 after the origin broke
    rc_is "$1" 18 || rc_is "$1" 52 || { rc_is "$1" 0 && status_is "$1" 502; }
}
get cut "$rp/rp/truncated.html"
check "origin hangs up mid-page: the client sees a cut response" cut cut
get cutnf "$rp/noflush/truncated.html"
check "origin hangs up mid-page (pith_flush off): a cut response" cut cutnf
get cutnb "$rp/nobuf/truncated.html"
check "origin hangs up mid-page (proxy_buffering off): a cut response" cut cutnb
get after "$rp/rp/plain.html"
check "the server still answers after the broken pages" filtered after
check "no worker crashed" sh -c "! grep -q 'exited on signal' '$T/logs/error.log'"
check "no alert in the error log" sh -c "! grep -q '\\[alert\\]' '$T/logs/error.log'"

# what pith did, for log_format: \$pith_outcome \$pith_reason \$pith_bytes_in \$pith_bytes_out
sleep 0.3
logged() { grep -qE "$1" "$T/logs/pith.log"; }
check "\$pith_*: filtered, with the body bytes in and out" logged '^/rp/plain.html filtered filter 6381 [0-9]+$'
check "\$pith_*: bypassed by the bypass header" logged '^/rp/plain.html bypassed bypass - -$'
check "\$pith_*: bypassed by its type" logged '^/rp/data.json bypassed type - -$'
check "\$pith_*: the original after corrupt input before output" logged '^/rp/broken-early.html original corrupt-input [0-9]+ [0-9]+$'
check "\$pith_*: the original for a page with no story" logged '^/rp/index.html original no-story [0-9]+ [0-9]+$'
check "\$pith_*: an error after output" logged '^/rp/broken-late.html error corrupt-input [0-9]+ [0-9]+$'
check "\$pith_*: HEAD" logged '^/rp/plain.html filtered head - -$'
check "\$pith_*: empty where pith is off" logged '^/raw/plain.html - - - -$'

# ---- nginx -t refuses what pith would --------------------------------------
conftest() {   # conftest WANT(0|1) PATTERN DESCRIPTION, directives (http level) on stdin
    local want=$1 pattern=$2 d=$3 rc
    { echo "load_module $mod;"
      echo "pid $T/logs/ct.pid; error_log $T/logs/ct-error.log;"
      echo "events {}"
      echo "http {"; common_paths; echo "access_log off;"
      cat
      echo "}"; } >"$T/ct.conf"
    "$nginx" -p "$T" -c "$T/ct.conf" -t >"$T/ct.log" 2>&1
    rc=$?
    if [ "$want" = 0 ]; then
        check "nginx -t accepts: $d" test $rc = 0
    else
        check "nginx -t refuses: $d" sh -c "[ $rc != 0 ] && grep -qF -- \"\$0\" '$T/ct.log'" "$pattern"
    fi
}
srv() { printf 'server { listen 127.0.0.1:%s; location /x { %s } }\n' "$P" "$*"; }
conftest 1 'max-lookahead (16384) must be at least max-block (65536)' \
    "pith_max_lookahead 16k (below the default pith_max_block)" < <(srv 'pith_max_lookahead 16k;')
conftest 1 'pith_max_block: 0 is below the minimum 256' "pith_max_block 0" < <(srv 'pith_max_block 0;')
conftest 1 'pith_max_depth: 0 is below the minimum 8' "pith_max_depth 0" < <(srv 'pith_max_depth 0;')
conftest 1 'pith_lookahead: 4294967295 is above the maximum 100000' "pith_lookahead 4294967295" \
    < <(srv 'pith_lookahead 4294967295;')
conftest 1 'pith_max_input: 17179869184g is above the maximum' "pith_max_input 17179869184g" \
    < <(srv 'pith_max_input 17179869184g;')
conftest 1 "pith_format: unknown format 'pdf'" "pith_format pdf" < <(srv 'pith_format pdf;')
conftest 1 'pith_keep: ' "pith_keep gossip" < <(srv 'pith_keep gossip;')
conftest 1 'takes original, story or empty' "pith_on_error sometimes" < <(srv 'pith_on_error sometimes;')
conftest 1 'takes original or empty' "pith_empty_story blank" < <(srv 'pith_empty_story blank;')
conftest 1 'takes a size' "pith_max_hold lots" < <(srv 'pith_max_hold lots;')
conftest 1 'takes a number of buffers' "pith_buffers 0 16k" < <(srv 'pith_buffers 0 16k;')
conftest 1 'invalid value "maybe"' "pith maybe" < <(srv 'pith maybe;')
conftest 1 'max-lookahead (102400) must be at least max-block (131072)' \
    "an http-level pith_max_block with a location's pith_max_lookahead (merged)" \
    < <(echo 'pith_max_block 128k;'; srv 'pith_max_lookahead 100k;')
conftest 1 "pith_style: " "pith_style fancy" < <(srv 'pith_style fancy;')
conftest 1 "pith_filter_list: cannot read \"$T/no-such-list.txt\" (2: No such file or directory)" \
    "pith_filter_list with a missing file" < <(srv "pith_filter_list $T/no-such-list.txt;")
conftest 1 "pith_filter_list: a list cannot be read" "pith_filter_list with a folder" \
    < <(srv "pith on; pith_filter_list $T;")
conftest 0 '' "pith_filter_list default, pith_style none" \
    < <(srv 'pith on; pith_filter_list default; pith_style NONE;')
conftest 0 '' "upper-case values and sizes, a consistent pair" \
    < <(srv 'pith on; pith_format HTML; pith_keep Story,Navigation; pith_max_block 16K;
             pith_max_lookahead 16k; pith_fragment on; pith_on_error EMPTY;
             pith_empty_story Empty; pith_max_input 16g; pith_types text/html text/plain;
             pith_buffers 4 8k; pith_max_hold 64k original;')

checks_done test.sh && exit 0
echo "# error log:"; tail -n 30 "$T/logs/error.log" | sed 's/^/#   /'
exit 1
