#!/usr/bin/env bash
# test.sh -- end-to-end test of mod_pith with the real apache2 (make check).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
# Starts a local origin (origin.py) and apache2 with a private configuration,
# both on 127.0.0.1 high ports, in a temporary directory, and sends the
# fixture pages through mod_pith as a reverse proxy, a forward proxy and for
# local files.  Both servers are stopped by pid on every exit.
#
# Environment (set by make check; all optional):
#   MOD_PITH  the module to load (default plugins/apache/.libs/mod_pith.so
#             below the current directory)
#   APXS      apxs, to find apache2 and its modules (default: apxs in PATH)
#   PITH      the pith tool; when set, the module's output is compared with it
#   KEEP=1    keep the temporary directory (configuration, logs, bodies)
# Exit status: 0 all passed, 1 a check failed, 77 skipped (no apache2; only
# outside CI), 99 the servers could not be started.
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
mod=${MOD_PITH:-$PWD/plugins/apache/.libs/mod_pith.so}
apxs=${APXS:-apxs}

. "$here/../../tests/lib/testlib.sh"    # check, free_port, wait_port, start_origin, ...
command -v "$apxs" >/dev/null 2>&1 || skip "apxs not found (install apache2-dev)"
httpd=$("$apxs" -q SBINDIR)/$("$apxs" -q TARGET)
moddir=$("$apxs" -q LIBEXECDIR)
[ -x "$httpd" ] || skip "$httpd not found (install apache2)"
for tool in curl python3; do
    command -v $tool >/dev/null 2>&1 || skip "$tool not found"
done
[ -f "$mod" ] || { echo "FAIL: module $mod not built"; exit 99; }
mod=$(cd "$(dirname "$mod")" && pwd)/$(basename "$mod")

make_tmp apache
chmod 755 "$T"
mkdir -p "$T/htdocs" "$T/out"
httpd_pid=

# ---- the origin (tests/lib/origin.py) ----------------------------------
start_origin "$T" "$data" || { echo "FAIL: origin did not start"; cat "$T/origin.log"; exit 99; }
O=$ORIGIN_PORT
origin=http://127.0.0.1:$O

# ---- apache2 -----------------------------------------------------------
P=$(free_port)      # reverse proxy and local files
F=$(free_port)      # forward proxy
user=
if [ "$(id -u)" = 0 ]; then
    if id www-data >/dev/null 2>&1; then user=www-data; else user=nobody; fi
fi
cp "$data/news.html" "$T/htdocs/news.html"
cp "$data/news.html" "$T/htdocs/news.txt"
chmod -R a+rX "$T/htdocs"

# two small filter lists for PithFilterList
printf '##.most-read\n' >"$T/list1.txt"
printf '##.site-footer\n' >"$T/list2.txt"
cat >"$T/httpd.conf" <<EOF
ServerRoot "$T"
DefaultRuntimeDir "$T"
PidFile "$T/httpd.pid"
ErrorLog "$T/error.log"
LogLevel warn pith:debug
LogFormat "%h \"%r\" %>s %b %D" short
CustomLog "$T/access.log" short
# PithNote: what pith did, for LogFormat (like DeflateFilterNote)
PithNote pith_outcome
PithNote reason pith_reason
PithNote in pith_in
PithNote out pith_out
LogFormat "%U%q %{pith_outcome}n %{pith_reason}n %{pith_in}n %{pith_out}n" pithnote
CustomLog "$T/pith.log" pithnote
Listen 127.0.0.1:$P
Listen 127.0.0.1:$F
ServerName 127.0.0.1
LoadModule mpm_event_module "$moddir/mod_mpm_event.so"
LoadModule authz_core_module "$moddir/mod_authz_core.so"
LoadModule authz_host_module "$moddir/mod_authz_host.so"
LoadModule mime_module "$moddir/mod_mime.so"
LoadModule alias_module "$moddir/mod_alias.so"
LoadModule deflate_module "$moddir/mod_deflate.so"
LoadModule proxy_module "$moddir/mod_proxy.so"
LoadModule proxy_http_module "$moddir/mod_proxy_http.so"
LoadModule filter_module "$moddir/mod_filter.so"
LoadModule http2_module "$moddir/mod_http2.so"
Protocols h2c http/1.1
LoadModule pith_module "$mod"
${user:+User $user}
${user:+Group $user}
StartServers 1
ServerLimit 2
ThreadsPerChild 16
MinSpareThreads 8
MaxSpareThreads 32
MaxRequestWorkers 32
Timeout 30
ProxyTimeout 30
TypesConfig /dev/null
AddType text/html .html
AddType text/plain .txt
DocumentRoot "$T/htdocs"
<Directory />
    Require all granted
</Directory>

# Name-based hosts on $P: the first is the default.
<VirtualHost 127.0.0.1:$P>
    ServerName on.test
    ProxyPass /raw/ $origin/
    ProxyPass /rp/ $origin/
    <Location /rp/>
        Pith On
    </Location>
    ProxyPass /off/ $origin/
    <Location /off/>
        SetOutputFilter PITH
        Pith Off
    </Location>
    ProxyPass /filter/ $origin/
    <Location /filter/>
        SetOutputFilter PITH;DEFLATE
    </Location>
    ProxyPass /keep/ $origin/
    <Location /keep/>
        Pith On
        PithKeep story,navigation,advertising,recommendation
    </Location>
    ProxyPass /fl/ $origin/
    <Location /fl/>
        Pith On
        PithFormat jsonl
        PithKeep all
        PithFilterList $T/list1.txt
        PithFilterList $T/list2.txt
    </Location>
    ProxyPass /flnone/ $origin/
    <Location /flnone/>
        Pith On
        PithFormat jsonl
        PithKeep all
        PithFilterList $T/list1.txt none
    </Location>
    ProxyPass /annotate/ $origin/
    <Location /annotate/>
        Pith On
        PithFormat annotate
        PithKeep all
    </Location>
    ProxyPass /text/ $origin/
    <Location /text/>
        Pith On
        PithFormat text
    </Location>
    ProxyPass /noflush/ $origin/
    <Location /noflush/>
        Pith On
        PithFlush Off
    </Location>
    ProxyPass /plainstyle/ $origin/
    <Location /plainstyle/>
        Pith On
        PithStyle none
    </Location>
    ProxyPass /nobypass/ $origin/
    <Location /nobypass/>
        Pith On
        PithBypassQuery none
    </Location>
    ProxyPass /limit/ $origin/
    <Location /limit/>
        Pith On
        PithMaxInput 1k
    </Location>
    ProxyPass /hold/ $origin/
    <Location /hold/>
        Pith On
        PithMaxHold 512 original
    </Location>
    ProxyPass /holdf/ $origin/
    <Location /holdf/>
        Pith On
        PithMaxHold 512
        PithFormat text
    </Location>
    ProxyPass /empty/ $origin/
    <Location /empty/>
        Pith On
        PithEmptyStory empty
    </Location>
    ProxyPass /onerr-empty/ $origin/
    <Location /onerr-empty/>
        Pith On
        PithOnError empty
    </Location>
    ProxyPass /onerr-story/ $origin/
    <Location /onerr-story/>
        Pith On
        PithOnError Story
        PithFormat TEXT
    </Location>
    ProxyPass /bytype/ $origin/
    <Location /bytype/>
        AddOutputFilterByType PITH text/html
    </Location>
    ProxyPass /provider/ $origin/
    <Location /provider/>
        FilterDeclare pithf
        FilterProvider pithf PITH "%{CONTENT_TYPE} =~ m#^text/html#"
        FilterChain pithf
    </Location>
    ProxyPass /sized/ $origin/
    <Location /sized/>
        Pith On
        PithMaxBlock 16K
        PithMaxLookahead 16k
        PithLookahead 4
        PithMaxInput 64m
    </Location>
    Alias /files/ "$T/htdocs/"
    <Location /files/>
        Pith On
    </Location>
</VirtualHost>
<VirtualHost 127.0.0.1:$P>
    ServerName hoston.test
    Pith On
    ProxyPass / $origin/
</VirtualHost>
<VirtualHost 127.0.0.1:$P>
    ServerName off.test
    Pith Off
    ProxyPass /rp/ $origin/
    <Location /rp/>
        SetOutputFilter PITH
    </Location>
</VirtualHost>

# The forward proxy on $F (loopback clients only).
<VirtualHost 127.0.0.1:$F>
    ServerName forward.test
    ProxyRequests On
    <Proxy "*">
        Require ip 127.0.0.1
    </Proxy>
    Pith On
</VirtualHost>
EOF

"$httpd" -f "$T/httpd.conf" -t >"$T/configtest.log" 2>&1 || {
    echo "FAIL: apache2 -t"; cat "$T/configtest.log"; exit 99; }
"$httpd" -f "$T/httpd.conf" -DFOREGROUND >"$T/httpd.stdout" 2>&1 &
httpd_pid=$!
track_pid "$httpd_pid"
if ! wait_port "$P" "$httpd_pid" || ! wait_port "$F" "$httpd_pid"; then
    echo "FAIL: apache2 did not start"; cat "$T/httpd.stdout" "$T/error.log" 2>/dev/null; exit 99
fi

# ---- checks ------------------------------------------------------------
. "$here/../../tests/lib/http.sh"     # get, has, header, filtered, unchanged, ...

curl -sS -o "$T/news.gz" "$origin/gzip.html"
curl -sS -o "$T/binary.bin" "$origin/binary.bin"
curl -sS -o "$T/data.json" "$origin/data.json"
curl -sS -o "$T/missing.html" "$origin/missing.html"
curl -sS -o "$T/broken-early.html" "$origin/broken-early.html"
rp=http://127.0.0.1:$P

# reverse proxy, the fixture pages
get raw "$rp/raw/plain.html"
check "unfiltered location passes the page unchanged" unchanged raw "$data/news.html"
get plain "$rp/rp/plain.html"
check "plain: story kept, boilerplate gone" filtered plain
check "plain: html output" has plain "<html"
check "plain: Content-Length absent or the filtered length" \
    sh -c "l=\$(grep -i '^Content-Length:' '$T/out/plain.h' | tr -dc 0-9); [ -z \"\$l\" ] || [ \"\$l\" = \$(wc -c <'$T/out/plain') ]"
check "plain: ETag made weak and distinct" test "$(header plain ETag)" = 'W/"news-v1-pith"'
check "plain: Vary names the bypass header" sh -c "grep -qi '^Vary:.*X-Pith-Bypass' '$T/out/plain.h'"
check "plain: text/html; charset=utf-8" test "$(header plain Content-Type)" = "text/html; charset=utf-8"
get gzip "$rp/rp/gzip.html"
check "gzip: decoded and filtered" filtered gzip
check "gzip: Content-Encoding dropped" no_header gzip Content-Encoding
get deflate "$rp/rp/deflate.html"
check "deflate: decoded and filtered" filtered deflate
check "deflate: Content-Encoding dropped" no_header deflate Content-Encoding
get chunked "$rp/rp/chunked.html"
check "chunked: filtered" filtered chunked
get xhtml "$rp/rp/xhtml.html"
check "application/xhtml+xml: filtered" filtered xhtml
get cp1251 "$rp/rp/cp1251.html"
check "charset from the header only (windows-1251): story in UTF-8" \
    has cp1251 "Первые четыре приливные турбины"
check "charset from the header only: navigation gone" hasnt cp1251 "Гороскопы"
check "charset from the header only: output declared UTF-8" \
    test "$(header cp1251 Content-Type)" = "text/html; charset=utf-8"

# what passes untouched
get binary "$rp/rp/binary.bin"
check "binary: byte-identical (sha256)" test "$(sha256sum <"$(body binary)")" = "$(sha256sum <"$T/binary.bin")"
get png "$rp/rp/image.png"
check "image/png: byte-identical" unchanged png "$T/binary.bin"
get json "$rp/rp/data.json"
check "application/json: byte-identical" unchanged json "$T/data.json"
get missing "$rp/rp/missing.html"
check "404 page: body unchanged" unchanged missing "$T/missing.html"
check "404 page: status 404" status_is missing 404
get head "$rp/rp/plain.html" -I
check "HEAD: the filtered GET's headers (weak ETag, no Content-Length, UTF-8 html)" \
    sh -c "head -n1 '$T/out/head.h' | grep -q ' 200' && ! grep -qi '^Content-Length:' '$T/out/head.h' && grep -qi '^ETag: W/\"news-v1-pith\"' '$T/out/head.h' && grep -qi '^Content-Type: text/html; charset=utf-8' '$T/out/head.h'"
get notmod "$rp/rp/plain.html" -H 'If-None-Match: "news-v1"'
check "304 passes" status_is notmod 304
get reval "$rp/rp/plain.html" -H 'If-None-Match: W/"news-v1-pith"'
check "revalidating a filtered copy: 304 with the filtered ETag" \
    sh -c "grep -q ' 304' '$T/out/reval.h' && grep -qi '^ETag: W/\"news-v1-pith\"' '$T/out/reval.h'"
get range "$rp/rp/plain.html" -H 'Range: bytes=0-99'
head -c 100 "$data/news.html" >"$T/range"
check "range request: 206 passes unchanged" sh -c "grep -q ' 206' '$T/out/range.h' && cmp -s '$T/range' '$T/out/range'"

# bypass, on/off per location and host
get byh "$rp/rp/plain.html" -H 'X-Pith-Bypass: 1'
check "bypass header: original page" unchanged byh "$data/news.html"
get byq "$rp/rp/plain.html?pith-bypass=1"
check "bypass query parameter: original page" unchanged byq "$data/news.html"
get byq0 "$rp/rp/plain.html?pith-bypass=0"
check "bypass query parameter =0: filtered" filtered byq0
get off "$rp/off/plain.html"
check "Pith Off beats SetOutputFilter PITH (location)" unchanged off "$data/news.html"
get hostoff "$rp/rp/plain.html" -H 'Host: off.test'
check "Pith Off for a host" unchanged hostoff "$data/news.html"
get hoston "$rp/plain.html" -H 'Host: hoston.test'
check "Pith On for a host" filtered hoston

# directives
get keep "$rp/keep/plain.html"
check "PithKeep all labels: story and boilerplate both kept" \
    sh -c "grep -qF '$S1' '$T/out/keep' && grep -qF 'Horoscopes' '$T/out/keep'"
# PithFilterList: two lists add up, compiled once at start; none drops them
get fl "$rp/fl/plain.html"
check "PithFilterList: the rules of both lists name their elements in the cues" \
    sh -c "grep -F 'Regatta results' '$T/out/fl' | grep -qF '\"label\":\"advertising\"' &&
           grep -qF 'filter:##.most-read@' '$T/out/fl' && grep -qF 'filter:##.site-footer@' '$T/out/fl'"
get flnone "$rp/flnone/plain.html"
check "PithFilterList none: no list" hasnt flnone 'filter:'
get annotate "$rp/annotate/plain.html"
check "PithFormat annotate: labels shown" \
    sh -c "grep -q story '$T/out/annotate' && grep -q navigation '$T/out/annotate' && grep -qF '$S1' '$T/out/annotate'"
get text "$rp/text/plain.html"
check "PithFormat text: text/plain, no tags, story kept" \
    sh -c "grep -qi '^Content-Type: text/plain' '$T/out/text.h' && ! grep -q '<p>' '$T/out/text' && grep -qF '$S7' '$T/out/text'"
get filter "$rp/filter/plain.html" --compressed
check "SetOutputFilter PITH;DEFLATE: gzip to the client, story inside" \
    sh -c "grep -qi '^Content-Encoding: gzip' '$T/out/filter.h'" && check "SetOutputFilter PITH;DEFLATE: filtered" filtered filter
get limit "$rp/limit/plain.html"
check "fail-open: PithMaxInput exceeded before output sends the original" unchanged limit "$data/news.html"
get hold "$rp/hold/chunked.html"
check "PithMaxHold 512 original: no output within it sends the original" unchanged hold "$data/news.html"
get holdf "$rp/holdf/chunked.html"
check "PithMaxHold 512 (filter): filters on without the original" \
    sh -c "grep -qF '$S7' '$T/out/holdf' && ! grep -qF 'Horoscopes' '$T/out/holdf'"
get ae "$rp/rp/ae" -H 'Accept-Encoding: br, gzip;q=0.9, zstd, deflate'
check "Accept-Encoding narrowed to what pith decodes" test "$(cat "$(body ae)")" = "gzip;q=0.9, deflate"
get aeraw "$rp/raw/ae" -H 'Accept-Encoding: br, gzip'
check "Accept-Encoding untouched without the filter" test "$(cat "$(body aeraw)")" = "br, gzip"
get byae "$rp/rp/ae" -H 'Accept-Encoding: br, gzip' -H 'X-Pith-Bypass: yes'
check "Accept-Encoding untouched when bypassed" test "$(cat "$(body byae)")" = "br, gzip"

# the same bytes as the pith tool (no FLUSH-driven decisions in /noflush/)
if [ -n "${PITH:-}" ] && [ -x "$PITH" ]; then
    # the reader header's link: the URL asked for, with the bypass
    for n in plain gzip chunked; do
        "$PITH" --no-filter-list --url="$rp/noflush/$n.html?pith-bypass=1" <"$data/news.html" >"$T/tool-$n.html"
    done
    get nf "$rp/noflush/plain.html"
    check "PithFlush Off: output equals the pith tool's" unchanged nf "$T/tool-plain.html"
    get nfgz "$rp/noflush/gzip.html"
    check "PithFlush Off, gzip: output equals the pith tool's" unchanged nfgz "$T/tool-gzip.html"
    get nfch "$rp/noflush/chunked.html"
    check "PithFlush Off, chunked: output equals the pith tool's" unchanged nfch "$T/tool-chunked.html"
    "$PITH" --no-filter-list --style=none <"$data/news.html" >"$T/tool-none.html"
    get nstyle "$rp/plainstyle/plain.html"
    check "PithStyle none: output equals the pith tool's --style=none" \
        unchanged nstyle "$T/tool-none.html"
else
    echo "# PITH not set: comparison with the pith tool skipped"
fi

# the reader view (issue 15): a stylesheet, and a header whose link to the
# original carries the bypass and gives the original page
check "reader view: an inline stylesheet, no script" \
    sh -c "grep -qF '<style>' '$T/out/plain' && ! grep -qi '<script' '$T/out/plain'"
check "reader view: the link to the original carries the bypass" \
    has plain "<a class=\"pith-original\" href=\"$rp/rp/plain.html?pith-bypass=1\">"
get orig "$rp/rp/plain.html?pith-bypass=1"
check "reader view: following the link gives the original page" unchanged orig "$data/news.html"
get withq "$rp/rp/plain.html?a=1&b=%22x%22"
check "reader view: a query keeps its parameters, the bypass added after" \
    has withq "href=\"$rp/rp/plain.html?a=1&amp;b=%22x%22&amp;pith-bypass=1\""
get nostyle "$rp/plainstyle/plain.html"
check "PithStyle none: no stylesheet, no header" \
    sh -c "! grep -qF '<style' '$T/out/nostyle' && ! grep -qF 'pith-site' '$T/out/nostyle'"
check "PithStyle none: still filtered" filtered nostyle
get nobyq "$rp/nobypass/plain.html"
check "PithBypassQuery none: the link is the page's URL alone" \
    has nobyq "href=\"$rp/nobypass/plain.html\">Original page"

# local files
get file "$rp/files/news.html"
check "local file: filtered" filtered file
get filereval "$rp/files/news.html" -H "If-None-Match: $(header file ETag)"
check "local file: revalidating the filtered copy gives 304" status_is filereval 304
get filetxt "$rp/files/news.txt"
check "local file text/plain: unchanged" unchanged filetxt "$data/news.html"

# forward proxy
fw=(-x "http://127.0.0.1:$F")
get fplain "$origin/plain.html" "${fw[@]}"
check "forward proxy: filtered" filtered fplain
get fgzip "$origin/gzip.html" "${fw[@]}"
check "forward proxy gzip: filtered" filtered fgzip
get fbin "$origin/binary.bin" "${fw[@]}"
check "forward proxy binary: byte-identical" unchanged fbin "$T/binary.bin"
get fby "$origin/plain.html" "${fw[@]}" -H 'X-Pith-Bypass: 1'
check "forward proxy bypass: original" unchanged fby "$data/news.html"
check "forward proxy: the reader link is the origin's URL with the bypass" \
    has fplain "href=\"$origin/plain.html?pith-bypass=1\">Original page"
get fbyq "$origin/plain.html?pith-bypass=1" "${fw[@]}"
check "forward proxy: following the link gives the original" unchanged fbyq "$data/news.html"
get fcp "$origin/cp1251.html" "${fw[@]}"
check "forward proxy charset in header: UTF-8 story" has fcp "Первые четыре приливные турбины"

# streaming: the first story bytes arrive while the origin pauses
pause=4
read -r t_story t_end <<<"$(python3 - "$P" "$pause" "$S1" <<'EOF'
import socket, sys, time
port, pause, marker = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode()
s = socket.create_connection(("127.0.0.1", port), timeout=30)
t0 = time.monotonic()
s.sendall(b"GET /rp/slow.html?pause=%s HTTP/1.0\r\nHost: on.test\r\n\r\n" % pause.encode())
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
echo "# slow page: first story bytes after ${t_story}s, page done after ${t_end}s (origin pauses ${pause}s)"
check "streaming: story reaches the client before the origin finishes" \
    python3 -c "import sys; s, e = $t_story, $t_end; sys.exit(not (0 <= s < $pause - 1.5 and e >= $pause - 0.5))"

# large page, bounded memory
get large "$rp/rp/large.html"
check "10 MB page: filtered" filtered large
copies=$(python3 -c 'import sys; sys.dont_write_bytecode = True; sys.argv[1:] = ["'"$data"'"]; sys.path.insert(0, "'"$TESTLIB_DIR"'")
import origin; print(origin.large_page(10 ** 7).count(b"'"$S1"'"))')
check "10 MB page: all $copies copies of the story there" test "$(grep -oF "$S1" "$(body large)" | wc -l)" = "$copies"
hwm() {     # the largest peak RSS (kB) of apache2's children
    local pid max=0 v
    for pid in $(ps -o pid= --ppid "$httpd_pid"); do
        v=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null)
        [ -n "$v" ] && [ "$v" -gt "$max" ] && max=$v
    done
    echo "$max"
}
rss=$(hwm)
echo "# peak RSS of the apache2 children after the 10 MB page: ${rss} kB"
check "10 MB page: children's peak RSS under 64 MB" test "$rss" -lt 65536

# broken bodies: the original or a clean error, no crash, no hang
get early "$rp/rp/broken-early.html"
check "broken gzip at the start: the original is sent" unchanged early "$T/broken-early.html"
curl -sS -o "$T/broken-mid.html" "$origin/broken-mid.html"
get mid "$rp/rp/broken-mid.html"
check "broken gzip mid-page, before output: the original is sent" unchanged mid "$T/broken-mid.html"
get midf "$rp/holdf/broken-mid.html"
check "broken gzip before output, original let go (PithMaxHold): the story so far, no 502" \
    sh -c "grep -q ' 200' '$T/out/midf.h' && ! grep -qF 'Horoscopes' '$T/out/midf'" && check "  ... and curl sees a complete response" rc_is midf 0
get late "$rp/rp/broken-late.html"
check "broken gzip after output started: ends within the timeout" \
    sh -c "[ \$(cat '$T/out/late.rc') != 28 ]"
check "broken gzip after output started: the story so far ends the page cleanly" \
    sh -c "[ \$(cat '$T/out/late.rc') = 0 ] && tail -c 20 '$T/out/late' | grep -q '</html>' && grep -qF '$S1' '$T/out/late'"
check "broken gzip after output started: one line logged" \
    sh -c "[ \$(grep -c 'broken-late.html: cannot filter the rest of the page' '$T/error.log') = 1 ]"
cut_or_502() {  # never a complete-looking 200 after the origin broke
    rc_is "$1" 18 || { rc_is "$1" 0 && status_is "$1" 502; }
}
get cut "$rp/rp/truncated.html"
check "origin hangs up mid-page: a cut response or a 502" cut_or_502 cut
get cutnf "$rp/noflush/truncated.html"
check "origin hangs up mid-page (PithFlush Off): a cut response or a 502" cut_or_502 cutnf
get after "$rp/rp/plain.html"
check "server still answers after the broken pages" filtered after
check "no child crashed" sh -c "! grep -q 'exit signal' '$T/error.log'"

# ---- issue 7: one case per item ------------------------------------------
LM="Sat, 14 Mar 2026 06:40:00 GMT"
hdr_is() { [ "$(header "$1" "$2")" = "$3" ]; }
# 2: no-transform (RFC 9110 7.7, RFC 9111 5.2.2.6)
get nt "$rp/rp/notransform.html"
check "item 2: response Cache-Control no-transform: page unchanged" unchanged nt "$data/news.html"
check "item 2: ... with its strong ETag and Content-Length" \
    sh -c "grep -qi '^ETag: \"nt-v1\"' '$T/out/nt.h' && grep -qi '^Content-Length: $(wc -c <"$data/news.html")' '$T/out/nt.h'"
get ntreq "$rp/rp/plain.html" -H 'Cache-Control: no-transform'
check "item 2: request Cache-Control no-transform: page unchanged" unchanged ntreq "$data/news.html"
# 4: mod_filter (AddOutputFilterByType, FilterProvider)
for loc in bytype provider; do
    get "$loc" "$rp/$loc/plain.html"
    check "item 4: $loc: filtered" filtered "$loc"
    check "item 4: $loc: the filtered page keeps its ETag, weakened" hdr_is "$loc" ETag 'W/"news-v1-pith"'
    get "${loc}by" "$rp/$loc/plain.html" -H 'X-Pith-Bypass: 1'
    check "item 4: $loc: a bypassed original keeps ETag and Content-Length" \
        sh -c "cmp -s '$T/out/${loc}by' '$data/news.html' && grep -qi '^ETag: \"news-v1\"' '$T/out/${loc}by.h' && grep -qi '^Content-Length: $(wc -c <"$data/news.html")' '$T/out/${loc}by.h'"
    get "${loc}js" "$rp/$loc/data.json"
    check "item 4: $loc: a JSON response keeps its Content-Length" \
        hdr_is "${loc}js" Content-Length "$(wc -c <"$T/data.json" | tr -d ' ')"
done
# 5: HEAD, Range, If-Range, 304
get headgz "$rp/rp/gzip.html" -I
check "item 5: HEAD of a gzip page: no Content-Encoding, no Content-Length (as the GET)" \
    sh -c "! grep -qi '^Content-Encoding' '$T/out/headgz.h' && ! grep -qi '^Content-Length' '$T/out/headgz.h' && grep -qi '^Content-Type: text/html; charset=utf-8' '$T/out/headgz.h'"
get filehead "$rp/files/news.html" -I
get fileget "$rp/files/news.html"
check "item 5: HEAD of a local file: the ETag and Content-Length of the filtered GET" \
    sh -c "[ -n \"$(header fileget ETag)\" ] && [ \"$(header filehead ETag)\" = \"$(header fileget ETag)\" ] && [ \"$(header filehead Content-Length)\" = \"$(header fileget Content-Length)\" ]"
get ims "$rp/rp/plain.html" -H "If-Modified-Since: $LM"
check "item 5: 304 for If-Modified-Since: no original strong ETag" \
    sh -c "grep -q ' 304' '$T/out/ims.h' && ! grep -qi '^ETag: \"news-v1\"' '$T/out/ims.h'"
get fileims "$rp/files/news.html" -H "If-Modified-Since: $(header fileget Last-Modified)"
check "item 5: local file 304 for If-Modified-Since: the filtered (weak) ETag" \
    sh -c "grep -q ' 304' '$T/out/fileims.h' && grep -qi '^ETag: W/\".*-pith\"' '$T/out/fileims.h'"
get irdate "$rp/rp/plain.html" -H 'Range: bytes=100-' -H "If-Range: $LM"
check "item 5: Range + If-Range date: the whole filtered page, no original bytes" \
    sh -c "grep -q ' 200' '$T/out/irdate.h' && ! grep -qi '^Content-Range' '$T/out/irdate.h'"
check "item 5: Range + If-Range date: filtered" filtered irdate
get irweak "$rp/rp/plain.html" -H 'Range: bytes=100-' -H 'If-Range: W/"news-v1-pith"'
check "item 5: Range + If-Range of a filtered copy: the whole filtered page" filtered irweak
get irstrong "$rp/rp/plain.html" -H 'Range: bytes=0-99' -H 'If-Range: "news-v1"'
check "item 5: Range + If-Range of the original: 206 of original bytes" \
    sh -c "grep -q ' 206' '$T/out/irstrong.h' && cmp -s '$T/range' '$T/out/irstrong'"
get firdate "$rp/files/news.html" -H 'Range: bytes=100-' -H "If-Range: $(header fileget Last-Modified)"
check "item 5: local file, Range + If-Range date: the whole filtered page" \
    sh -c "grep -q ' 200' '$T/out/firdate.h'"
check "item 5: local file, Range + If-Range date: filtered" filtered firdate
get accr "$rp/rp/plain.html"
check "item 5: a filtered page says Accept-Ranges: none" hdr_is accr Accept-Ranges none
check "item 5: Last-Modified kept on the filtered page" hdr_is accr Last-Modified "$LM"
# 6: fail-open at the first byte sent: gzip without its 8-byte trailer
get notrailer "$rp/rp/notrailer.html"
curl -sS -o "$T/notrailer.gz" "$origin/notrailer.html"
check "item 6: gzip without its trailer: 200, complete, the story or the original" \
    sh -c "[ \$(cat '$T/out/notrailer.rc') = 0 ] && grep -q ' 200' '$T/out/notrailer.h' && { cmp -s '$T/out/notrailer' '$T/notrailer.gz' || tail -c 20 '$T/out/notrailer' | grep -q '</html>'; }"
get notrailerl "$rp/rp/notrailer-large.html"
check "item 6: large gzip without its trailer, output already sent: a clean end" \
    sh -c "[ \$(cat '$T/out/notrailerl.rc') = 0 ] && grep -q ' 200' '$T/out/notrailerl.h' && tail -c 20 '$T/out/notrailerl' | grep -q '</html>' && grep -qF '$S1' '$T/out/notrailerl'"
get notrailerh2 "$rp/rp/notrailer-large.html" --http2-prior-knowledge
check "item 6: the same over HTTP/2 (h2c): no stream reset, a clean end" \
    sh -c "[ \$(cat '$T/out/notrailerh2.rc') = 0 ] && head -n1 '$T/out/notrailerh2.h' | grep -q '^HTTP/2 200' && tail -c 20 '$T/out/notrailerh2' | grep -q '</html>'"
get h2plain "$rp/rp/plain.html" --http2-prior-knowledge
check "HTTP/2 (h2c): a page filtered" filtered h2plain
get oempty "$rp/onerr-empty/broken-early.html"
check "PithOnError empty: an empty 200 body, not the original" \
    sh -c "grep -q ' 200' '$T/out/oempty.h' && [ ! -s '$T/out/oempty' ]"
get ostory "$rp/onerr-story/broken-mid.html"
check "PithOnError story: the story so far (none here), not the original" \
    sh -c "grep -q ' 200' '$T/out/ostory.h' && ! cmp -s '$T/out/ostory' '$T/broken-mid.html' && grep -qi '^Content-Type: text/plain' '$T/out/ostory.h'"
# 7: a page with no story
curl -sS -o "$T/index.html" "$origin/index.html"
get idx "$rp/rp/index.html"
check "item 7: a page with no story: the original (PithEmptyStory original)" unchanged idx "$T/index.html"
get idxe "$rp/empty/index.html"
check "item 7: PithEmptyStory empty: pith's empty document" \
    sh -c "grep -q ' 200' '$T/out/idxe.h' && ! grep -q 'Headline number' '$T/out/idxe' && grep -q '</html>' '$T/out/idxe'"
# 8: <base href>
get base "$rp/rp/base.html"
check "item 8: the page's <base href> is kept in html output" \
    grep -qF '<base href="https://news.example/section/">' "$T/out/base"
check "item 8: the page with a base: filtered" filtered base
# 9: Accept-Encoding narrowing
get aebr "$rp/rp/ae" -H 'Accept-Encoding: br'
check "item 9: Accept-Encoding br alone becomes identity, never absent" test "$(cat "$(body aebr)")" = identity
get aestar "$rp/rp/ae" -H 'Accept-Encoding: *'
check "item 9: Accept-Encoding * becomes identity" test "$(cat "$(body aestar)")" = identity
get aejson "$rp/rp/ae" -H 'Accept-Encoding: br, gzip' -H 'Accept: application/json'
check "item 9: a JSON request keeps br" test "$(cat "$(body aejson)")" = "br, gzip"
get aecss "$rp/rp/ae.css" -H 'Accept-Encoding: br, gzip' -H 'Accept: text/css,*/*;q=0.1'
check "item 9: a stylesheet keeps br" test "$(cat "$(body aecss)")" = "br, gzip"
get aehtml "$rp/rp/ae/page" -H 'Accept-Encoding: br, gzip' -H 'Accept: text/html,*/*;q=0.8'
check "item 9: a page request is narrowed" test "$(cat "$(body aehtml)")" = gzip
# 11: broken gzip before output is deterministic (FLUSH cannot give output)
get midp "$rp/rp/broken-mid-pause.html"
check "item 11: broken gzip after a pause (a FLUSH) before any story: the original" \
    unchanged midp "$T/broken-mid.html"
allsame=1
for i in 1 2 3 4 5; do
    get "mid$i" "$rp/rp/broken-mid.html"
    unchanged "mid$i" "$T/broken-mid.html" || allsame=0
done
check "item 11: broken gzip mid-page: the original 5 times out of 5" test $allsame = 1
get sized "$rp/sized/plain.html"
check "sizes with upper-case suffixes (16K) and 16k look-ahead: filtered" filtered sized
# 10: PithNote and the debug line
sleep 0.3   # the access log is written after the response
note_has() { grep -qE "$1" "$T/pith.log"; }
check "item 10: PithNote filtered with bytes in and out" note_has '^/rp/plain.html filtered filter 6381 [0-9]+$'
check "item 10: PithNote bypassed (bypass header)" note_has '^/rp/plain.html bypassed bypass - -$'
check "item 10: PithNote bypassed (type)" note_has '^/rp/data.json bypassed type - -$'
check "item 10: PithNote original (corrupt input before output)" note_has '^/rp/broken-early.html original corrupt-input [0-9]+ [0-9]+$'
check "item 10: PithNote original (no story)" note_has '^/rp/index.html original no-story [0-9]+ [0-9]+$'
check "item 10: PithNote error (after output)" note_has '^/rp/broken-late.html error corrupt-input [0-9]+ [0-9]+$'
check "item 10: the debug line names the URI" \
    grep -q 'pith: GET /rp/plain.html: filtered (filter), 6381 body bytes in' "$T/error.log"

# ---- item 3: configtest refuses what pith would ---------------------------
conftest() {   # conftest WANT(0|1) PATTERN DESCRIPTION, directives on stdin
    local want=$1 pattern=$2 d=$3 rc
    { printf 'ServerRoot "%s"\nPidFile "%s/ct.pid"\nErrorLog "%s/ct-error.log"\n' "$T" "$T" "$T"
      printf 'Listen 127.0.0.1:%s\nServerName 127.0.0.1\n' "$P"
      printf 'LoadModule mpm_event_module "%s/mod_mpm_event.so"\n' "$moddir"
      printf 'LoadModule authz_core_module "%s/mod_authz_core.so"\n' "$moddir"
      printf 'LoadModule pith_module "%s"\n' "$mod"
      cat; } >"$T/ct.conf"
    "$httpd" -f "$T/ct.conf" -t >"$T/ct.log" 2>&1
    rc=$?
    if [ "$want" = 0 ]; then
        check "item 3: configtest accepts: $d" test $rc = 0
    else
        check "item 3: configtest refuses: $d" sh -c "[ $rc != 0 ] && grep -qF -- \"\$0\" '$T/ct.log'" "$pattern"
    fi
}
loc() { printf '<Location /x>\n%s\n</Location>\n' "$*"; }
conftest 1 'max-lookahead (16384) must be at least max-block (65536)' "PithMaxLookahead 16k (below the default PithMaxBlock)" < <(loc 'PithMaxLookahead 16k')
conftest 1 'PithMaxBlock: 0 is below the minimum 256' "PithMaxBlock 0" < <(loc 'PithMaxBlock 0')
conftest 1 'PithMaxDepth: 0 is below the minimum 8' "PithMaxDepth 0" < <(loc 'PithMaxDepth 0')
conftest 1 'PithMaxPending: 0 is below the minimum 4096' "PithMaxPending 0" < <(loc 'PithMaxPending 0')
conftest 1 'PithLookahead: 4294967295 is above the maximum 100000' "PithLookahead 4294967295" < <(loc 'PithLookahead 4294967295')
conftest 1 'PithMaxInput: 17179869184g is above the maximum' "PithMaxInput 17179869184g (would wrap to 0)" < <(loc 'PithMaxInput 17179869184g')
conftest 1 'PithMaxTag: 18446744073709551615 is above' "PithMaxTag SIZE_MAX" < <(loc 'PithMaxTag 18446744073709551615')
conftest 1 "PithFormat: unknown format 'pdf'" "PithFormat pdf" < <(loc 'PithFormat pdf')
conftest 1 'PithOnError takes original, story or empty' "PithOnError sometimes" < <(loc 'PithOnError sometimes')
conftest 1 'PithEmptyStory takes original or empty' "PithEmptyStory blank" < <(loc 'PithEmptyStory blank')
conftest 1 "PithNote: 'size' is none of" "PithNote size x" < <(loc 'PithNote size x')
conftest 1 'a list cannot be read: No such file' "PithFilterList of a missing file" < <(loc "PithFilterList $T/no-such-list.txt")
conftest 1 'a list cannot be read: File too large' "PithFilterList of a list without end" < <(loc "PithFilterList /dev/zero")
conftest 1 '<Location /x>' "a server PithMaxBlock with a Location's PithMaxLookahead (merged)" < <(echo 'PithMaxBlock 128k'; loc 'PithMaxLookahead 100k')
conftest 1 'max-lookahead (32768)' "a VirtualHost's PithMaxLookahead 32k" < <(printf '<VirtualHost 127.0.0.1:%s>\nPithMaxLookahead 32k\n</VirtualHost>\n' "$P")
conftest 1 '<Directory /srv' "a Directory's PithMaxBlock 300k" < <(printf '<Directory /srv>\nPithMaxBlock 300k\n</Directory>\n')
conftest 0 '' "upper-case values and sizes, a consistent pair" < <(loc 'PithFormat HTML
PithKeep Story,Navigation
PithMaxBlock 16K
PithMaxLookahead 16k
PithFragment on
PithOnError EMPTY
PithEmptyStory Empty
PithMaxInput 16g')

# ---- item 1: the installed layout -----------------------------------------
if [ -n "${PITH_BUILDDIR:-}" ] && [ -f "$PITH_BUILDDIR/Makefile" ]; then
    ${MAKE:-make} -s -C "$PITH_BUILDDIR" install DESTDIR="$T/destdir" apachemoddir="$moddir" \
        apacheconfdir=/etc/apache2/mods-available >"$T/install.log" 2>&1
    check "item 1: make install DESTDIR=... apachemoddir=\$(apxs -q LIBEXECDIR) works" test $? = 0
    check "item 1: the installed pith.load names the folder installed to" \
        grep -qx "LoadModule pith_module $moddir/mod_pith.so" "$T/destdir/etc/apache2/mods-available/pith.load"
    check "item 1: the module is where pith.load says" test -f "$T/destdir$moddir/mod_pith.so"
    check "item 1: pith.conf installed beside it" test -f "$T/destdir/etc/apache2/mods-available/pith.conf"
    if [ -f /etc/apache2/apache2.conf ] && command -v a2enmod >/dev/null 2>&1 \
       && command -v apache2ctl >/dev/null 2>&1; then
        # The Debian layout in a private copy of /etc/apache2 (the system's is
        # never touched): the module and its snippets installed there,
        # a2enmod, apache2ctl -t, then apache2 started on it to filter a page.
        root=$T/etc-apache2
        cp -a /etc/apache2 "$root"
        rm -f "$root"/mods-enabled/pith.* "$root"/mods-available/pith.* "$root"/conf-enabled/pith-*
        mkdir -p "$T/run" "$T/lock" "$T/log"
        { echo "export APACHE_RUN_DIR=$T/run APACHE_LOCK_DIR=$T/lock APACHE_LOG_DIR=$T/log"
          echo "export APACHE_PID_FILE=$T/run/apache2.pid"; } >>"$root/envvars"
        Q=$(free_port)
        echo "Listen 127.0.0.1:$Q" >"$root/ports.conf"
        ${MAKE:-make} -s -C "$PITH_BUILDDIR" install-apachemodLTLIBRARIES install-dist_apacheconfDATA \
            install-apache-load apachemoddir="$T/mods" apacheconfdir="$root/mods-available" \
            >>"$T/install.log" 2>&1
        check "item 1: pith.load names the apachemoddir of that install" \
            grep -qx "LoadModule pith_module $T/mods/mod_pith.so" "$root/mods-available/pith.load"
        export APACHE_CONFDIR=$root
        a2enmod -q pith proxy_http >"$T/a2enmod.log" 2>&1
        check "item 1: a2enmod pith in the Debian layout" test -L "$root/mods-enabled/pith.load"
        apache2ctl -t >"$T/apache2ctl.log" 2>&1
        check "item 1: apache2ctl -t with the installed module: Syntax OK" grep -q 'Syntax OK' "$T/apache2ctl.log"
        printf 'ProxyPass /news/ %s/\n<Location /news/>\n    Pith On\n</Location>\n' "$origin" \
            >"$root/conf-enabled/pith-test.conf"
        (. "$root/envvars"; exec "$httpd" -d "$root" -DFOREGROUND) >"$T/deb.stdout" 2>&1 &
        deb_pid=$!
        track_pid "$deb_pid"     # stopped on exit whatever happens
        if wait_port "$Q" "$deb_pid"; then
            get deb "http://127.0.0.1:$Q/news/plain.html"
            check "item 1: the installed module filters a page" filtered deb
        else
            not_ok "item 1: apache2 with the Debian layout did not start"
            tail -n 5 "$T/deb.stdout" "$T/log/error.log" 2>/dev/null | sed 's/^/#   /'
        fi
        kill -TERM "$deb_pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$deb_pid" 2>/dev/null || break; sleep 0.1; done
        echo 'PithMaxBlock 0' >"$root/conf-enabled/pith-bad.conf"
        apache2ctl -t >"$T/apache2ctl-bad.log" 2>&1
        check "item 1: apache2ctl -t refuses PithMaxBlock 0 in the Debian layout" \
            sh -c "! grep -q 'Syntax OK' '$T/apache2ctl-bad.log' && grep -q 'PithMaxBlock' '$T/apache2ctl-bad.log'"
        unset APACHE_CONFDIR
    else
        echo "# no /etc/apache2, a2enmod or apache2ctl: the Debian layout is not checked"
    fi
else
    echo "# PITH_BUILDDIR not set: the installed layout is not checked"
fi

checks_done test.sh && exit 0
echo "# error log:"; tail -n 30 "$T/error.log" | sed 's/^/#   /'
exit 1
