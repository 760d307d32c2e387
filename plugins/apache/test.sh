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

skip() {
    echo "SKIP: $*"
    if [ "${CI:-}" = true ]; then exit 99; fi
    exit 77
}
command -v "$apxs" >/dev/null 2>&1 || skip "apxs not found (install apache2-dev)"
httpd=$("$apxs" -q SBINDIR)/$("$apxs" -q TARGET)
moddir=$("$apxs" -q LIBEXECDIR)
[ -x "$httpd" ] || skip "$httpd not found (install apache2)"
for tool in curl python3; do
    command -v $tool >/dev/null 2>&1 || skip "$tool not found"
done
[ -f "$mod" ] || { echo "FAIL: module $mod not built"; exit 99; }
mod=$(cd "$(dirname "$mod")" && pwd)/$(basename "$mod")

T=$(mktemp -d "${TMPDIR:-/tmp}/pith-apache.XXXXXX")
chmod 755 "$T"
mkdir -p "$T/htdocs" "$T/out"
httpd_pid= origin_pid=

cleanup() {
    local pid
    for pid in $httpd_pid $origin_pid; do
        kill -TERM "$pid" 2>/dev/null || continue
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    if [ "${KEEP:-}" = 1 ]; then echo "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_port() {   # wait_port PORT PID: up to 10 s for PORT to listen while PID lives
    for _ in $(seq 100); do
        kill -0 "$2" 2>/dev/null || return 1
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    return 1
}

# ---- the origin --------------------------------------------------------
python3 "$here/origin.py" "$data" "$T/origin.port" 2>"$T/origin.log" &
origin_pid=$!
for _ in $(seq 100); do [ -s "$T/origin.port" ] && break; sleep 0.1; done
[ -s "$T/origin.port" ] || { echo "FAIL: origin did not start"; cat "$T/origin.log"; exit 99; }
O=$(cat "$T/origin.port")
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

cat >"$T/httpd.conf" <<EOF
ServerRoot "$T"
DefaultRuntimeDir "$T"
PidFile "$T/httpd.pid"
ErrorLog "$T/error.log"
LogLevel warn pith:debug
LogFormat "%h \"%r\" %>s %b %D" short
CustomLog "$T/access.log" short
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
if ! wait_port "$P" "$httpd_pid" || ! wait_port "$F" "$httpd_pid"; then
    echo "FAIL: apache2 did not start"; cat "$T/httpd.stdout" "$T/error.log" 2>/dev/null; exit 99
fi

# ---- checks ------------------------------------------------------------
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok $((pass + fail)) - $1"; }
notok() { fail=$((fail + 1)); echo "not ok $((pass + fail)) - $1"; }
check() {   # check DESCRIPTION COMMAND...
    local d=$1; shift
    if "$@"; then ok "$d"; else notok "$d"; fi
}
# get NAME URL [curl options]: body in $T/out/NAME, headers in NAME.h, curl status in NAME.rc
get() {
    local name=$1 url=$2; shift 2
    curl -sS --max-time 40 -D "$T/out/$name.h" -o "$T/out/$name" "$@" "$url" 2>"$T/out/$name.err"
    echo $? >"$T/out/$name.rc"
}
body() { echo "$T/out/$1"; }
rc_is() { [ "$(cat "$T/out/$1.rc")" = "$2" ]; }
status_is() { head -n1 "$T/out/$1.h" | grep -q " $2"; }
has() { grep -qF -- "$2" "$T/out/$1"; }
hasnt() { ! grep -qF -- "$2" "$T/out/$1"; }
header() { grep -i "^$2:" "$T/out/$1.h" | head -n1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'; }
no_header() { [ -z "$(header "$1" "$2")" ]; }
same() { cmp -s "$1" "$2"; }

S1="The first four tidal turbines in Kestrel Sound"
S4="Marine biologists from the university field station"
S7="the largest tidal site in the country"
BOILER=("Horoscopes" "Subscribe to our newsletter" "Homestyle Direct" "Related stories"
        "Most read" "Terms and conditions")
story_ok() {    # the story whole and no boilerplate
    local name=$1 b
    has "$name" "$S1" && has "$name" "$S4" && has "$name" "$S7" || return 1
    for b in "${BOILER[@]}"; do hasnt "$name" "$b" || return 1; done
}
filtered() {    # a good 200 filtered page
    rc_is "$1" 0 && status_is "$1" 200 && story_ok "$1"
}
unchanged() {   # unchanged "$name" FILE: 200 and byte-identical to FILE
    rc_is "$1" 0 && same "$(body "$1")" "$2"
}

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
    "$PITH" <"$data/news.html" >"$T/tool.html"
    get nf "$rp/noflush/plain.html"
    check "PithFlush Off: output equals the pith tool's" unchanged nf "$T/tool.html"
    get nfgz "$rp/noflush/gzip.html"
    check "PithFlush Off, gzip: output equals the pith tool's" unchanged nfgz "$T/tool.html"
    get nfch "$rp/noflush/chunked.html"
    check "PithFlush Off, chunked: output equals the pith tool's" unchanged nfch "$T/tool.html"
else
    echo "# PITH not set: comparison with the pith tool skipped"
fi

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
copies=$(python3 -c 'import sys; sys.argv[1:] = ["'"$data"'"]; sys.path.insert(0, "'"$here"'")
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

echo "$pass passed, $fail failed"
if [ "$fail" -gt 0 ]; then
    echo "# error log:"; tail -n 30 "$T/error.log" | sed 's/^/#   /'
    exit 1
fi
exit 0
