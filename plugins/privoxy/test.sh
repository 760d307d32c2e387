#!/usr/bin/env bash
# test.sh -- end-to-end test of pith's Privoxy filter with the real privoxy (make check).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
# Installs the filter with install.sh into a temporary root (DESTDIR), starts
# a local origin (tests/lib/origin.py --files) and `privoxy --no-daemon` with the installed
# files, both on 127.0.0.1 ports picked at run time, and sends pages through
# Privoxy with curl -x.  Both servers are stopped by pid on every exit.
#
# Environment (set by make check; all optional):
#   PITH      the pith tool (default filter/pith below the current directory)
#   PRIVOXY   privoxy (default: privoxy in PATH, else /usr/sbin/privoxy)
#   KEEP=1    keep the temporary directory (configuration, logs, bodies)
# Exit status: 0 all passed, 1 a check failed, 77 skipped (no privoxy; only
# outside CI), 99 the servers could not be started.
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
apache_data=$here/../apache/data
pith=${PITH:-$PWD/filter/pith}
privoxy=${PRIVOXY:-$(command -v privoxy 2>/dev/null || echo /usr/sbin/privoxy)}

. "$here/../../tests/lib/testlib.sh"   # check, ok, not_ok, free_port, wait_port, start_origin, ...
[ -x "$privoxy" ] || skip "privoxy not found (install privoxy)"
for tool in curl python3 gzip cmp; do
    command -v $tool >/dev/null 2>&1 || skip "$tool not found"
done
[ -x "$pith" ] || { echo "FAIL: $pith not built"; exit 99; }
pith=$(cd "$(dirname "$pith")" && pwd)/$(basename "$pith")

make_tmp privoxy
case $T in
*[!A-Za-z0-9/._+-]*) skip "a temporary folder name Privoxy's command lines cannot take: $T" ;;
esac
root=$T/root conf=$T/root/etc/privoxy www=$T/www out=$T/out
# the tool under a short name: Privoxy runs no command line over 199 bytes,
# and a build folder can be deep (make distcheck's is)
mkdir -p "$T/bin"
ln -s "$pith" "$T/bin/pith"
pith=$T/bin/pith
mkdir -p "$www" "$out" "$T/tmp"
chmod 700 "$T/tmp"

# ---- the pages ---------------------------------------------------------
cp "$apache_data/news.html" "$www/news.html"
# windows-1251, no <meta>: the charset is in the Content-Type header only
python3 -c 'import sys; sys.stdout.buffer.write(open(sys.argv[1], encoding="utf-8").read().encode("windows-1251"))' \
    "$apache_data/cyrillic.html" >"$www/cp1251.html"
for _ in $(seq 25); do cat "$www/news.html"; done >"$www/big.html"   # 160 KB
printf '{"story": "<p>not html</p>", "n": 1}\n' >"$www/data.json"
head -c 65536 /dev/urandom >"$www/image.png"
printf 'body { color: #333 }\n.story p { margin: 0 }\n' >"$www/site.css"
printf '<?xml version="1.0"?>\n<rss><channel><title>News</title><item><title>A</title></item></channel></rss>\n' >"$www/feed.xml"

# ---- install into a temporary root -------------------------------------
DESTDIR=$root "$here/install.sh" --pith="$pith" >"$T/install.log" 2>&1 \
    || { echo "FAIL: install.sh"; cat "$T/install.log"; exit 1; }
for f in pith.filter pith.action config; do
    [ -f "$conf/$f" ] || { echo "FAIL: install.sh did not write $conf/$f"; exit 1; }
done
[ -d "$root/var/lib/privoxy/tmp" ] && ok "install.sh: files and temporary directory in DESTDIR" \
    || not_ok "install.sh: no $root/var/lib/privoxy/tmp"
if grep -qF "{ $pith --passthrough-on-error --no-filter-list --url=\"\$PRIVOXY_URL\" || cat /dev/stdin; }" "$conf/pith.filter" &&
   ! grep -q /usr/local/bin/pith "$conf/pith.filter"; then
    ok "install.sh: the filter runs $pith"
else
    not_ok "install.sh: the command lines do not name $pith"
fi
# a second run replaces its config lines instead of adding more
DESTDIR=$root "$here/install.sh" --pith="$pith" >>"$T/install.log" 2>&1
n=$(grep -c '^filterfile pith.filter$' "$conf/config")
[ "$n" = 1 ] && ok "install.sh runs again without adding lines" || not_ok "install.sh twice: $n filterfile lines"

# The test's own filters, made from the installed command line, keyed on the
# origin's X-Pith-Test header (sent after Content-Type, so after PITH-HTML):
#   limit    pith with a limit the page exceeds: pith fails
#   missing  a pith that is not there: the shell cannot run it
#   env      writes Privoxy's environment for the filter, then the page
line=$(grep -m 1 "^{ $pith --passthrough-on-error" "$conf/pith.filter")
cat >"$conf/test.filter" <<EOF
SERVER-HEADER-TAGGER: pith-test Tags the test pages
s@^X-Pith-Test:\s*(\S+).*@PITH-TEST=\$1@i

EXTERNAL-FILTER: pith-test-limit pith with a limit every test page exceeds
${line/--passthrough-on-error/--passthrough-on-error --max-input=1k}

EXTERNAL-FILTER: pith-test-missing a pith that is not there
${line//$pith/$T/no/such/pith}

EXTERNAL-FILTER: pith-test-env Privoxy's environment for a filter
{ env >$T/env.txt; cat; }
EOF
cat >"$conf/test.action" <<EOF
{ +server-header-tagger{pith-test} }
/

{ -external-filter +external-filter{pith-test-limit} }
TAG:^PITH-TEST=limit\$

{ -external-filter +external-filter{pith-test-missing} }
TAG:^PITH-TEST=missing\$

{ -external-filter +external-filter{pith-test-env} }
TAG:^PITH-TEST=env\$
EOF

longest=$(grep -h '^{' "$conf/pith.filter" "$conf/test.filter" | awk '{ if (length > n) n = length } END { print n }')
if [ $((longest + 3 + ${#T} + 4 + 17)) -ge 200 ]; then
    echo "FAIL: the paths are too long for Privoxy's 199-byte command line ($pith, $T)"; exit 99
fi

# ---- the origin --------------------------------------------------------
start_origin "$T" --files "$www" || { echo "FAIL: origin did not start"; cat "$T/origin.log"; exit 99; }
O=$ORIGIN_PORT

# ---- privoxy: the installed config, with private paths and port ---------
P=$(free_port)
{
    echo "confdir $conf"
    echo "logdir $T"
    echo "listen-address 127.0.0.1:$P"
    echo "buffer-limit 100"   # KB: big.html is over it
    echo "debug 1"        # requests
    echo "debug 64"       # filtering
    echo "debug 4096"     # start-up
    echo "debug 8192"     # errors
    # the installed lines, with a short private temporary directory (Privoxy
    # runs no command line longer than 199 bytes, temporary file name included)
    sed "s|^temporary-directory .*|temporary-directory $T/tmp|" "$conf/config"
    echo "filterfile test.filter"
    echo "actionsfile test.action"
} >"$T/privoxy.conf"
"$privoxy" --no-daemon --pidfile "$T/privoxy.pid" "$T/privoxy.conf" >"$T/privoxy.log" 2>&1 &
privoxy_pid=$!
track_pid "$privoxy_pid"
wait_port "$P" "$privoxy_pid" || { echo "FAIL: privoxy did not start"; cat "$T/privoxy.log"; exit 99; }

U=http://127.0.0.1:$O
get() {   # get NAME URL [curl options]: body to $out/NAME, headers to $out/NAME.h
    local name=$1 url=$2
    shift 2
    curl -s -S --max-time 10 --noproxy '' -x "127.0.0.1:$P" -D "$out/$name.h" -o "$out/$name" "$@" "$url"
}
direct() {   # direct NAME URL: the origin's body, without Privoxy
    curl -s -S --max-time 10 --noproxy '*' -o "$out/$1.direct" "$2"
}
header() { grep -i "^$2:" "$out/$1.h" | tr -d '\r'; }
same() {   # same NAME FILE WHAT
    if [ -s "$out/$1" ] && cmp -s "$out/$1" "$2"; then ok "$3"; else
        not_ok "$3 ($(wc -c <"$out/$1" 2>/dev/null) bytes against $(wc -c <"$2") expected)"
    fi
}

# ---- HTML: the story only, as the tool writes it -----------------------
# expect NAME URL [pith options] <PAGE: the tool's output for the page at
# URL, as the filter runs it (no filter list; the page's URL for the reader
# header), in $T/NAME.pith
expect() {
    local name=$1 url=$2
    shift 2
    "$pith" --passthrough-on-error --no-filter-list --url="$url" "$@" >"$T/$name.pith"
}
expect news "$U/news.html?etag=v1" <"$www/news.html"
expect cp1251 "$U/cp1251.html?type=text/html;%20charset=windows-1251" --charset=windows-1251 <"$www/cp1251.html"
expect cp1251.sniffed "$U/cp1251.html?type=text/html;%20charset=windows-1251" <"$www/cp1251.html"
cp "$T/cp1251.sniffed.pith" "$T/cp1251.sniffed"

get plain "$U/news.html?etag=v1"
same plain "$T/news.pith" "HTML page: the story, as the tool writes it"
grep -qF "<a class=\"pith-original\" href=\"$U/news.html?etag=v1\">" "$out/plain" \
    && ok "HTML page: the reader header links to the page's URL (PRIVOXY_URL)" \
    || not_ok "HTML page: no link to $U/news.html?etag=v1 in the reader header"
grep -q '<style' "$out/plain" && ok "HTML page: the reader view's stylesheet" \
    || not_ok "HTML page: no <style>"
grep -q 'class="ad\|<nav' "$T/news.pith" && not_ok "the tool's output still has ads or navigation"
[ "$(header plain ETag)" = 'ETag: W/"v1"' ] && ok "HTML page: ETag made weak" \
    || not_ok "HTML page: ETag is '$(header plain ETag)'"
[ "$(header plain Content-Length)" = "Content-Length: $(wc -c <"$T/news.pith")" ] \
    && ok "HTML page: Content-Length of the filtered page" \
    || not_ok "HTML page: $(header plain Content-Length)"

# a URL with characters the shell would act on outside quotes: they reach
# pith as they are, and run nothing
q='?a=1&b=$(touch${IFS}'$T'/ran)`touch${IFS}'$T'/ran`;x'
expect quoted "$U/news.html$q" <"$www/news.html"
get quoted "$U/news.html$q" -g
same quoted "$T/quoted.pith" "a URL with \$(...), backquotes, ; and &: the story, linked to that URL"
[ ! -e "$T/ran" ] && ok "a URL with \$(...) and backquotes runs nothing" || not_ok "the URL ran a command"
grep -qF 'b=$(touch${IFS}' "$out/quoted" && grep -qF 'a=1&amp;b=' "$out/quoted" \
    && ok "  ... and the link holds them (& as &amp;)" || not_ok "  ... the link: $(grep -o 'pith-original[^>]*' "$out/quoted")"

# a URL pith refuses as --url (a raw quote; browsers send %22): pith exits
# before writing and the page goes on unfiltered, never empty
get rawquote "$U/news.html?q=\"x" -g
same rawquote "$www/news.html" "a URL with a raw quote (pith refuses it): the original page"

expect gzip "$U/news.html?enc=gzip" <"$www/news.html"
get gzip "$U/news.html?enc=gzip" --compressed
same gzip "$T/gzip.pith" "gzip HTML page: the story"
[ -z "$(header gzip Content-Encoding)" ] && ok "gzip HTML page: sent without Content-Encoding" \
    || not_ok "gzip HTML page: $(header gzip Content-Encoding)"

expect xhtml "$U/news.html?type=application/xhtml%2Bxml" <"$www/news.html"
get xhtml "$U/news.html?type=application/xhtml%2Bxml"
same xhtml "$T/xhtml.pith" "XHTML page: the story"

get cp1251 "$U/cp1251.html?type=text/html;%20charset=windows-1251"
same cp1251 "$T/cp1251.pith" "windows-1251 page (charset in the header only): read as windows-1251"
cmp -s "$T/cp1251.pith" "$T/cp1251.sniffed" && not_ok "the charset test cannot fail: pith reads the page the same either way"
expect cp1251b "$U/cp1251.html?type=text/html;%20charset=%22CP1251%22" --charset=windows-1251 <"$www/cp1251.html"
get cp1251b "$U/cp1251.html?type=text/html;%20charset=%22CP1251%22"
same cp1251b "$T/cp1251b.pith" "charset alias, quoted and in capitals"

# ---- everything else: byte-identical -----------------------------------
for spec in "json data.json application/json" "png image.png image/png" \
            "css site.css text/css" "xml feed.xml application/rss%2Bxml" \
            "plain news.html text/plain"; do
    set -- $spec
    get "other-$1" "$U/$2?type=$3"
    same "other-$1" "$www/$2" "$(echo "$3" | sed 's/%2B/+/') body unchanged"
done
direct missing "$U/nothing.html"
get missing "$U/nothing.html"
same missing "$out/missing.direct" "404 HTML page unchanged"
get status500 "$U/news.html?status=500"
same status500 "$www/news.html" "500 HTML page unchanged"
get range "$U/news.html" -r 100-1099
head -c 1100 "$www/news.html" | tail -c 1000 >"$T/news.range"
same range "$T/news.range" "206 range of an HTML page unchanged"
get head "$U/news.html" -I
grep -q '^HTTP/1.[01] 200' "$out/head.h" && ok "HEAD answered" || not_ok "HEAD: $(head -n 1 "$out/head.h")"

get big "$U/big.html"
same big "$www/big.html" "HTML page over buffer-limit: sent on unfiltered"

# ---- pages pith cannot filter: the original, never empty ----------------
if "$pith" --max-input=1k <"$www/news.html" >/dev/null 2>&1; then
    not_ok "the limit test cannot fail: pith --max-input=1k filters news.html"
fi
get limit "$U/news.html?test=limit"
same limit "$www/news.html" "pith failing (limit hit): the original page"
get limitgz "$U/news.html?test=limit&enc=gzip" --compressed
same limitgz "$www/news.html" "pith failing on a gzip page: the original page, decompressed"
get missingpith "$U/news.html?test=missing"
same missingpith "$www/news.html" "pith not there at all: the original page"

# gzip that does not inflate: Privoxy filters what it could inflate (a cut
# page) and sends what it got as it came when it could inflate nothing
direct bad "$U/news.html?enc=bad-gzip"
get bad "$U/news.html?enc=bad-gzip"
same bad "$out/bad.direct" "gzip that does not inflate at all: passed on unchanged"
[ "$(header bad Content-Encoding)" = "Content-Encoding: gzip" ] \
    && ok "gzip that does not inflate at all: Content-Encoding kept" \
    || not_ok "gzip that does not inflate at all: '$(header bad Content-Encoding)'"
direct broken "$U/news.html?enc=broken-gzip"
python3 -c '
import sys, zlib
d = zlib.decompressobj(16 + zlib.MAX_WBITS)
body, out = open(sys.argv[1], "rb").read(), b""
for i in range(len(body)):      # byte by byte: keep all that inflates before the error
    try:
        out += d.decompress(body[i:i + 1])
    except zlib.error:
        break
sys.stdout.buffer.write(out)' "$out/broken.direct" >"$T/broken.inflated"
expect broken "$U/news.html?enc=broken-gzip" <"$T/broken.inflated"
get broken "$U/news.html?enc=broken-gzip"
same broken "$T/broken.pith" "gzip broken mid-page: the story of the part that inflates"
[ -z "$(header broken Content-Encoding)" ] && ok "gzip broken mid-page: sent without Content-Encoding" \
    || not_ok "gzip broken mid-page: '$(header broken Content-Encoding)'"

# ---- what Privoxy tells an external filter ------------------------------
get env "$U/news.html?test=env&type=text/html;%20charset=koi8-r"
same env "$www/news.html" "env filter: page through"
if [ -s "$T/env.txt" ]; then
    grep -q "^PRIVOXY_URL=$U/news.html?test=env" "$T/env.txt" && ok "PRIVOXY_URL set" \
        || not_ok "PRIVOXY_URL: $(grep PRIVOXY_URL "$T/env.txt")"
    if grep -v '^PRIVOXY_URL=\|^PRIVOXY_PATH=' "$T/env.txt" | grep -i -q 'koi8\|text/html'; then
        not_ok "Privoxy passes the charset now: $(grep -i 'koi8\|text/html' "$T/env.txt")"
    else
        ok "Privoxy passes no Content-Type or charset to the filter (pith.action tags it)"
    fi
else
    not_ok "env filter did not run"
fi

# ---- with the distribution's own files -------------------------------------
# A copy of /etc/privoxy (Debian's config, match-all.action, default.action
# with its filters) with pith installed into it: a second privoxy, its paths
# and port private, must give the same story and leave JSON alone.
if [ -f /etc/privoxy/config ] && [ -r /etc/privoxy/default.action ]; then
    mkdir -p "$T/dist/etc"
    cp -R /etc/privoxy "$T/dist/etc/"
    DESTDIR=$T/dist "$here/install.sh" --pith="$pith" >>"$T/install.log" 2>&1
    P2=$(free_port)
    sed -e "s|^confdir .*|confdir $T/dist/etc/privoxy|" -e "s|^logdir .*|logdir $T/dist|" \
        -e '/^listen-address/d' -e "s|^temporary-directory .*|temporary-directory $T/tmp|" \
        "$T/dist/etc/privoxy/config" >"$T/dist/privoxy.conf"
    echo "listen-address 127.0.0.1:$P2" >>"$T/dist/privoxy.conf"
    "$privoxy" --no-daemon --pidfile "$T/dist/privoxy.pid" "$T/dist/privoxy.conf" >"$T/dist/privoxy.log" 2>&1 &
    privoxy2_pid=$!
    track_pid "$privoxy2_pid"
    if wait_port "$P2" "$privoxy2_pid"; then
        P1=$P P=$P2
        expect dist "$U/news.html" <"$www/news.html"
        get dist "$U/news.html"
        same dist "$T/dist.pith" "with the distribution's /etc/privoxy files: the story"
        get dist-json "$U/data.json?type=application/json"
        same dist-json "$www/data.json" "with the distribution's /etc/privoxy files: JSON unchanged"
        P=$P1
    else
        not_ok "privoxy with the distribution's config did not start: $(tail -n 3 "$T/dist/privoxy.log")"
    fi
else
    echo "note: no /etc/privoxy to try the distribution's files with"
fi

if [ "$failed" -ne 0 ]; then
    echo "--- privoxy log (last 30 lines)"
    tail -n 30 "$T/privoxy.log"
fi

# ---- uninstall ----------------------------------------------------------
DESTDIR=$root "$here/install.sh" --uninstall >>"$T/install.log" 2>&1
if [ ! -e "$conf/pith.filter" ] && ! grep -q pith "$conf/config"; then
    ok "install.sh --uninstall"
else
    not_ok "install.sh --uninstall left pith behind"
fi

checks_done test.sh
