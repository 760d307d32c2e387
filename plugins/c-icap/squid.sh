#!/usr/bin/env bash
# squid.sh -- end to end: curl -> Squid (forward proxy) -> origin, with
# Squid sending each response through c-icap and the service pith (make
# check, when configured --with-c-icap).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
# Starts the origin (origin.py), c-icap (-N) and Squid (-N, as user proxy
# when root) with private configurations on free 127.0.0.1 ports in a
# temporary directory; all are stopped by pid on exit.  Squid listens on
# three ports: one with icap_service bypass=0, one with bypass=1, one
# without ICAP.  Then c-icap is stopped: bypass=0 must answer an error,
# bypass=1 the page unfiltered.
#
# Environment: SRV_PITH, PITH, KEEP as for test.sh.
# Exit status: 0 passed, 1 a check failed, 77 skipped, 99 servers did not start.
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
PLUGINS=$(dirname "$here")
data=$PLUGINS/apache/data
SRV_PITH=${SRV_PITH:-$PWD/plugins/c-icap/.libs/srv_pith.so}
PITH=${PITH:-$PWD/filter/pith}

. "$here/lib.sh"
cicap_setup squid c-icap squid curl python3
start_cicap icap || { echo "FAIL: c-icap did not start"; cat "$T/icap.out"; exit 99; }
icap_pid=$CICAP_PID
start_squid "$CICAP_PORT" || { echo "FAIL: squid did not start"; cat "$T/squid/out" "$T/squid/cache.log"; exit 99; }

# get NAME PORT PATH [curl options]: body to $T/NAME, headers to $T/NAME.h,
# status to stdout.
get() {
    local name=$1 port=$2 path=$3
    shift 3
    curl -s -o "$T/$name" -D "$T/$name.h" -w '%{http_code}' -x "127.0.0.1:$port" "$@" \
        "$origin$path"
}
same() { cmp -s "$1" "$2"; }
p0=$SQUID_PORT0 p1=$SQUID_PORT1

# tool NAME FILE PATH: the tool's output for the page at $origin/PATH, to
# $T/NAME.ref: the reader header links to the URL Squid asked for, with the
# bypass query parameter, as the service's does.
tool() {
    "$PITH" --no-filter-list --url="$origin$3$(case $3 in *\?*) echo '&';; *) echo '?';; esac)pith-bypass=1" \
        "$2" >"$T/$1.ref" 2>/dev/null
}
for page in plain gzip deflate chunked xhtml; do
    tool "$page" "$data/news.html" "/$page.html"
    code=$(get "$page" "$p0" "/$page.html")
    check "$page through Squid: 200 and the tool's output" \
        test "$code" = 200 -a "$(cmp -s "$T/$page" "$T/$page.ref" && echo same)" = same
done
check "plain through Squid: the reader header links to the original page with the bypass" \
    grep -q "<a class=\"pith-original\" href=\"$origin/plain.html?pith-bypass=1\">" "$T/plain"
code=$(get orig "$p0" "/plain.html?pith-bypass=1")
check "  ... and that link gives the original page" \
    test "$code" = 200 -a "$(cmp -s "$T/orig" "$data/news.html" && echo same)" = same
check "gzip through Squid: no Content-Encoding" eval "! grep -qi '^Content-Encoding' '$T/gzip.h'"
check "plain through Squid: ETag weak" grep -qi '^ETag: W/"news-v1-pith"' "$T/plain.h"
check "plain through Squid: no Content-Length" eval "! grep -qi '^Content-Length' '$T/plain.h'"
curl -s -I -o /dev/null -D "$T/head.h" -x "127.0.0.1:$p0" "$origin/plain.html"
check "HEAD through Squid: the GET's headers (weak ETag, no Content-Length)" \
    eval "grep -qi '^ETag: W/\"news-v1-pith\"' '$T/head.h' && ! grep -qi '^Content-Length' '$T/head.h'"

# the request on its way upstream (policy rules 11-13): Squid's port p0
# sends it through the service's REQMOD, as squid.conf recommends; p1 has
# RESPMOD only
lm="Sat, 14 Mar 2026 06:40:00 GMT"      # origin.py's Last-Modified
get ae "$p0" /ae -H 'Accept-Encoding: br, gzip;q=0.9, zstd, deflate' >/dev/null
check "REQMOD: Accept-Encoding narrowed to what pith decodes ($(cat "$T/ae"))" \
    test "$(cat "$T/ae")" = "gzip;q=0.9, deflate"
get ae "$p0" /ae -H 'Accept-Encoding: br' >/dev/null
check "REQMOD: br alone becomes identity ($(cat "$T/ae"))" test "$(cat "$T/ae")" = identity
get ae "$p1" /ae -H 'Accept-Encoding: br, gzip' >/dev/null
check "RESPMOD only: Accept-Encoding as the client sent it ($(cat "$T/ae"))" \
    test "$(cat "$T/ae")" = "br, gzip"
tool neg "$data/news.html" /negotiated.html
code=$(get neg "$p0" /negotiated.html -H 'Accept-Encoding: gzip, deflate, br, zstd')
check "a server that prefers br, through REQMOD: gzip asked for, the tool's output" \
    test "$code" = 200 -a "$(cmp -s "$T/neg" "$T/neg.ref" && echo same)" = same
get neg1 "$p1" /negotiated.html -H 'Accept-Encoding: gzip, deflate, br, zstd' >/dev/null
check "  ... RESPMOD only: br comes, and passes unfiltered" grep -qi '^Content-Encoding: br' "$T/neg1.h"
code=$(get reval "$p0" /plain.html -H 'If-None-Match: W/"news-v1-pith"')
check "REQMOD: revalidating a filtered copy: 304 (got $code) with the filtered ETag" \
    eval "test $code = 304 && grep -qi '^ETag: W/\"news-v1-pith\"' '$T/reval.h'"
code=$(get reval1 "$p1" /plain.html -H 'If-None-Match: W/"news-v1-pith"')
check "  ... RESPMOD only: the whole filtered page again (got $code)" \
    test "$code" = 200 -a "$(cmp -s "$T/reval1" "$T/plain.ref" && echo same)" = same
code=$(get notmod "$p0" /plain.html -H 'If-None-Match: "news-v1"')
check "REQMOD: revalidating the original: 304 (got $code), no filtered ETag" \
    eval "test $code = 304 && ! grep -qi '^ETag: W/\"news-v1-pith\"' '$T/notmod.h'"
for ir in 'W/"news-v1-pith"' "$lm"; do
    code=$(get ir "$p0" /plain.html -H 'Range: bytes=100-' -H "If-Range: $ir")
    check "REQMOD: Range with If-Range $ir: the whole filtered page (got $code)" \
        test "$code" = 200 -a "$(cmp -s "$T/ir" "$T/plain.ref" && echo same)" = same
done
code=$(get ir1 "$p1" /plain.html -H 'Range: bytes=100-' -H "If-Range: $lm")
check "  ... RESPMOD only, If-Range the date: 206 of the original (got $code)" \
    eval "test $code = 206 && tail -c +101 '$data/news.html' | cmp -s - '$T/ir1'"
get irh "$p0" /headers -H 'Range: bytes=100-' -H 'If-Range: W/"news-v1-pith"' -H 'X-Other: kept' \
    -H 'Accept-Encoding: br, gzip' >/dev/null
check "REQMOD: Range and If-Range dropped upstream, other headers kept" \
    sh -c "! grep -qi '^Range:' '$T/irh' && ! grep -qi '^If-Range:' '$T/irh' && grep -qi '^X-Other: kept' '$T/irh'"
code=$(get aebyp "$p0" /ae -H 'Accept-Encoding: br' -H 'X-Pith-Bypass: 1')
check "REQMOD: a bypassed request goes up as it came ($(cat "$T/aebyp"))" test "$(cat "$T/aebyp")" = br
code=$(curl -s -o "$T/post" -w '%{http_code}' -x "127.0.0.1:$p0" -H 'Accept-Encoding: br' \
       --data-binary 'a=1' "$origin/ae")
check "REQMOD: a POST goes up as it came ($(cat "$T/post"))" test "$(cat "$T/post")" = br

# threads: 24 requests at once (c-icap serves each in its own thread, with
# its own pith filter), every body the tool's
for i in $(seq 24); do
    case $((i % 4)) in 0) echo plain;; 1) echo gzip;; 2) echo deflate;; 3) echo chunked;; esac
done | nl -ba | xargs -P 24 -L 1 sh -c \
    'curl -s -o "$0/par.$3" -x "127.0.0.1:$1" "$2/$4.html"' "$T" "$p0" "$origin" 2>/dev/null
bad=0
for i in $(seq 24); do
    case $((i % 4)) in 0) page=plain;; 1) page=gzip;; 2) page=deflate;; 3) page=chunked;; esac
    cmp -s "$T/par.$i" "$T/$page.ref" || bad=$((bad + 1))
done
check "24 requests at once: every body the tool's ($bad differ)" test "$bad" = 0

for path in /binary.bin /image.png /data.json /missing.html; do
    curl -s -o "$T/direct" "$origin$path"
    code=$(get pass "$p0" "$path")
    check "$path through Squid: byte-identical to the origin's" same "$T/pass" "$T/direct"
done
check "404 through Squid: status kept" test "$(get pass "$p0" /missing.html)" = 404
code=$(get bypass "$p0" /plain.html -H 'X-Pith-Bypass: 1')
check "X-Pith-Bypass: 1 through Squid: the original" same "$T/bypass" "$data/news.html"

curl -s -o "$T/large.raw" "$origin/large.html?mb=11"
tool large "$T/large.raw" "/large.html?mb=11"
get large "$p0" "/large.html?mb=11" >/dev/null
check "11 MB page through Squid: the tool's output" same "$T/large" "$T/large.ref"

# the first kept block after 64 KiB: Squid sends no more until the ICAP
# response starts, so the service must start it (pith.MaxHold, 32k)
curl -s -o "$T/late.raw" "$origin/late.html"
tool late "$T/late.raw" /late.html
code=$(get late "$p0" /late.html -m 20)
check "story after 100 kB of navigation: 200 and the tool's output (got $code, $(wc -c <"$T/late.raw") bytes)" \
    test "$code" = 200 -a "$(cmp -s "$T/late" "$T/late.ref" && echo same)" = same

# streaming: the origin pauses halfway through a 300 kB page; after
# pith.FlushAfter (500 ms) of silence the blocks held for look-ahead are
# decided, so every story paragraph of the first half is with the client
# before the origin resumes
pause=2
read -r t_story t_end n_early n_half <<<"$(python3 - "$p0" "$origin/half.html?pause=$pause" \
                                           "$(dirname "$PLUGINS")/tests/lib" "$data" "$pause" <<'EOF'
import socket, sys, time
port, url, apache, data, pause = (int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3],
                                  sys.argv[4], float(sys.argv[5]))
sys.argv[1:] = [data]
sys.path.insert(0, apache)
sys.dont_write_bytecode = True
import origin
marker = b"Marine biologists from the university"
page = origin.large_page(300 * 1000)
half = len(page) // 2     # origin.py sends 16 kB chunks up to the first at or past it
n_half = page[: min(len(page), -(-half // 16384) * 16384)].count(marker)
s = socket.create_connection(("127.0.0.1", port), timeout=30)
t0 = time.monotonic()
s.sendall(b"GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % url)
got, t_story, n_early = b"", -1.0, -1
s.settimeout(0.1)
while True:
    try:
        d = s.recv(65536)
    except socket.timeout:
        d = None
    now = time.monotonic() - t0
    if n_early < 0 and now >= pause - 0.3:
        n_early = got.count(marker)
    if d is None:
        continue
    if not d:
        break
    got += d
    if t_story < 0 and marker in got:
        t_story = now
print("%.3f %.3f %d %d" % (t_story, time.monotonic() - t0, n_early, n_half))
EOF
)"
echo "# origin pausing ${pause}s halfway: first story bytes after ${t_story}s, page done after" \
     "${t_end}s; $n_early of the $n_half story copies of the first half there before it resumed"
check "streaming: story bytes reach the client before the origin resumes" \
    python3 -c "import sys; s, e = $t_story, $t_end; sys.exit(not (0 <= s < $pause - 0.5 and e >= $pause - 0.2))"
check "streaming: at a pause, all of the first half's story is out (FlushAfter)" \
    test "$n_early" -ge "$n_half" -a "$n_half" -gt 0

# a pause before pith has decided its first kept block (after the third
# paragraph of a short page): the data are still locked (the original is
# kept for fail-open), and c-icap sends the headers only on its next
# network event, so the story leaves when the origin resumes.  Shown, not
# checked (README: Streaming).
t_slow=$(curl -s -o /dev/null -w '%{time_starttransfer}' -x "127.0.0.1:$p0" "$origin/slow.html?pause=1")
echo "# origin pausing 1s before the first kept block is decided: first byte after ${t_slow}s"

# c-icap stops: bypass=0 is an error, bypass=1 the page unfiltered
code=$(get before1 "$p1" /plain.html)
check "bypass=1 while c-icap runs: filtered" same "$T/before1" "$T/plain.ref"
stop_pid "$icap_pid"
code=$(get down0 "$p0" /plain.html)
check "c-icap stopped, bypass=0: an error (got $code)" test "$code" -ge 500
code=$(get down1 "$p1" /plain.html)
check "c-icap stopped, bypass=1: 200 and the page unfiltered (got $code)" \
    test "$code" = 200 -a "$(cmp -s "$T/down1" "$data/news.html" && echo same)" = same

checks_done "$(basename "$0")" || { echo "(KEEP=1 keeps $T)"; exit 1; }
