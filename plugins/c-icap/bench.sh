#!/usr/bin/env bash
# bench.sh -- the c-icap service under load, through Squid, on loopback.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   plugins/c-icap/bench.sh [PAGES_DIR]      (from the build directory)
#
# PAGES_DIR holds the aeb-dev pages as NAME.html.gz (default AEB_DIR, else
# ../shared/bench/aeb-dev/html beside the repository).  Starts an origin
# (nginx when installed, else Python's http.server) serving the pages
# decompressed, c-icap with srv_pith.so (one child, ThreadsPerChild 10) and
# Squid, all on free 127.0.0.1 ports, stopped by pid on exit.  Measures:
#
#   1. req/s of wrk over the pages, through Squid alone and Squid + pith
#      (three rounds; the c-icap child's memory after each);
#   2. p50/p99 latency of one 200 KB page (benchmarks/mkpages.py), both ways;
#   3. the c-icap child's peak memory for one 1 MB and one 50 MB page;
#   4. throughput per CPU second of c-icap + pith (c-icap-client driving
#      c-icap directly; the CPU time of the c-icap child only, so neither
#      Squid nor the client counts) and of the pith tool on the same pages;
#   5. pages.sh: every page through Squid against the tool's output.
#
# Environment: SRV_PITH, PITH as for test.sh; DURATION (s per wrk run, 10);
# CONNS (wrk connections, 8).
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
PLUGINS=$(dirname "$here")
top=$(dirname "$PLUGINS")
pages=${1:-${AEB_DIR:-$top/../shared/bench/aeb-dev/html}}
SRV_PITH=${SRV_PITH:-$PWD/plugins/c-icap/.libs/srv_pith.so}
PITH=${PITH:-$PWD/filter/pith}
DURATION=${DURATION:-10}
CONNS=${CONNS:-8}
export PATH=$PATH:/usr/sbin

for tool in c-icap c-icap-client squid wrk curl python3; do
    command -v $tool >/dev/null 2>&1 || { echo "bench: $tool not found"; exit 77; }
done
ls "$pages"/*.html.gz >/dev/null 2>&1 || { echo "bench: no pages in $pages"; exit 77; }
pages=$(cd "$pages" && pwd)
SRV_PITH=$(cd "$(dirname "$SRV_PITH")" && pwd)/$(basename "$SRV_PITH")
PITH=$(cd "$(dirname "$PITH")" && pwd)/$(basename "$PITH")

. "$here/lib.sh"
make_tmp bench
chmod 755 "$T"

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average at start:" \
     "$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- pages ------------------------------------------------------------
mkdir -p "$T/www/pages" "$T/mk"
for f in "$pages"/*.html.gz; do
    gzip -dc "$f" >"$T/www/pages/$(basename "$f" .gz)"
done
python3 "$top/benchmarks/mkpages.py" --aeb "$(dirname "$pages")" --out "$T/mk" \
    --sizes "0.2 1 50" --no-aeb -q
cp "$T/mk/page-0.2MB.html" "$T/mk/page-1MB.html" "$T/mk/page-50MB.html" "$T/www/"
chmod -R a+rX "$T/www"
npages=$(ls "$T/www/pages" | wc -l)
bytes=$(cat "$T/www/pages"/* | wc -c)
echo "# $npages pages, $bytes bytes decompressed"

# ---- origin -----------------------------------------------------------
O=$(free_port)
if command -v nginx >/dev/null 2>&1; then
    mkdir -p "$T/nginx"
    cat >"$T/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 512; }
http {
    access_log off;
    types { text/html html; }
    default_type application/octet-stream;
    client_body_temp_path $T/nginx;
    proxy_temp_path $T/nginx;
    fastcgi_temp_path $T/nginx;
    uwsgi_temp_path $T/nginx;
    scgi_temp_path $T/nginx;
    server { listen 127.0.0.1:$O; root $T/www; }
}
EOF
    nginx -p "$T/nginx" -c "$T/nginx/nginx.conf" 2>"$T/nginx/out" &
    origin_kind=nginx
else
    python3 -m http.server --bind 127.0.0.1 --directory "$T/www" "$O" >/dev/null 2>&1 &
    origin_kind="python http.server"
fi
origin_pid=$!
track_pid "$origin_pid"
wait_port "$O" "$origin_pid" || { echo "bench: origin did not start"; exit 99; }
origin=http://127.0.0.1:$O

# Squid keeps its connections to each ICAP service open, and each holds a
# c-icap thread while idle: three services (RESPMOD on two ports, REQMOD)
# of up to $CONNS connections each
threads=$((3 * CONNS))
CICAP_THREADS=$threads start_cicap icap || { echo "bench: c-icap did not start"; exit 99; }
start_squid "$CICAP_PORT" || { echo "bench: squid did not start"; exit 99; }
child() { pgrep -P "$CICAP_PID" | head -1; }
kb() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
echo "# origin: $origin_kind; Squid $(squid -v | sed -n '1s/.*Version //p'); c-icap" \
     "$(c-icap-config --version); wrk -t2 -c$CONNS -d${DURATION}s"

for f in "$T/www/pages"/*; do echo "$origin/pages/$(basename "$f")"; done >"$T/paths"
cat >"$T/pages.lua" <<'EOF'
local paths = {}
for line in io.lines(os.getenv("PITH_PATHS")) do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
end
EOF
export PITH_PATHS=$T/paths

rps() {     # rps PORT: req/s of wrk over the pages through Squid's PORT
    wrk -t2 -c"$CONNS" -d"${DURATION}s" -s "$T/pages.lua" "http://127.0.0.1:$1/" >"$T/wrk.out" 2>&1
    awk '/Requests\/sec/ { print $2 }' "$T/wrk.out"
    grep -q "Non-2xx\|Socket errors" "$T/wrk.out" && grep "Non-2xx\|Socket errors" "$T/wrk.out" >&2
}

# ---- 1. throughput through Squid, memory after each round ---------------
curl -s -o /dev/null -x "127.0.0.1:$SQUID_PORT0" "$origin/pages/$(ls "$T/www/pages" | head -1)"
c=$(child)
rss0=$(kb "$c" VmRSS)
r_plain=$(rps "$SQUID_PORT_PLAIN")
echo "1. aeb-dev pages, Squid alone:  $r_plain req/s"
for round in 1 2 3; do
    r=$(rps "$SQUID_PORT0")
    rss=$(kb "$c" VmRSS)
    echo "1. aeb-dev pages, Squid + pith: $r req/s (round $round); c-icap child RSS ${rss} kB" \
         "(idle ${rss0} kB: +$(( (rss - rss0) / threads )) kB per thread of $threads)"
done
grep "Latency " "$T/wrk.out" | sed 's/^ */#    wrk /'
r=$(rps "$SQUID_PORT1")
echo "1. aeb-dev pages, Squid + pith, RESPMOD only (no REQMOD line): $r req/s"

# ---- 2. latency of a 200 KB page ---------------------------------------
cat >"$T/one.lua" <<EOF
request = function() return wrk.format("GET", "$origin/page-0.2MB.html") end
EOF
lat() {     # lat PORT: p50 and p99 (ms) of one connection fetching the 200 KB page
    wrk -t1 -c1 -d"${DURATION}s" --latency -s "$T/one.lua" "http://127.0.0.1:$1/" \
        >"$T/lat.out" 2>&1
    awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
                          if (v ~ /s$/) return v * 1000; return v }
         $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
         END { printf "%.2f %.2f\n", p50, p99 }' "$T/lat.out"
}
read -r a50 a99 <<<"$(lat "$SQUID_PORT_PLAIN")"
read -r b50 b99 <<<"$(lat "$SQUID_PORT0")"
read -r c50 c99 <<<"$(lat "$SQUID_PORT1")"
echo "2. 200 KB page, one connection: Squid alone p50 $a50 ms, p99 $a99 ms;" \
     "Squid + pith p50 $b50 ms, p99 $b99 ms;" \
     "added p50 $(echo "$b50 - $a50" | bc) ms, p99 $(echo "$b99 - $a99" | bc) ms"
echo "2. ... RESPMOD only (no REQMOD line): p50 $c50 ms, p99 $c99 ms;" \
     "the REQMOD adds p50 $(echo "$b50 - $c50" | bc) ms"

# ---- 3. memory of one request: 1 MB vs 50 MB ----------------------------
peak() {    # peak FILE REF: a fresh c-icap child's VmHWM before and after one request
    stop_all
    CICAP_THREADS=2 start_cicap mem >/dev/null || return 1
    rm -f "$T/warm.out" "$T/peak.out"
    c-icap-client -i 127.0.0.1 -p "$CICAP_PORT" -s pith -f "$T/www/index.html" -resp http://x/ \
        -rhx 'Content-Type: text/html' -o "$T/warm.out" >/dev/null 2>&1 </dev/null || :
    local c0
    c0=$(child)
    PEAK_BEFORE=$(kb "$c0" VmHWM)
    c-icap-client -i 127.0.0.1 -p "$CICAP_PORT" -s pith -f "$1" -resp http://x/ \
        -rhx 'Content-Type: text/html' -o "$T/peak.out" >/dev/null 2>&1
    PEAK=$(kb "$c0" VmHWM)
    PEAK_OUT="$(wc -c <"$T/peak.out") bytes out, $(cmp -s "$T/peak.out" "$2" || echo "NOT ")the tool's"
    stop_all
}
echo '<html><body><p>warm up</p></body></html>' >"$T/www/index.html"
"$PITH" --no-filter-list --url='http://x/?pith-bypass=1' "$T/www/page-1MB.html" >"$T/ref1"
"$PITH" --no-filter-list --url='http://x/?pith-bypass=1' "$T/www/page-50MB.html" >"$T/ref50"
peak "$T/www/page-1MB.html" "$T/ref1"
m1="1 MB page ${PEAK} kB (+$((PEAK - PEAK_BEFORE)) kB over the warm child; $PEAK_OUT)"
peak "$T/www/page-50MB.html" "$T/ref50"
m50="50 MB page ${PEAK} kB (+$((PEAK - PEAK_BEFORE)) kB; $PEAK_OUT)"
echo "3. one request, c-icap child peak RSS: $m1; $m50"

# ---- 4. CPU: c-icap + pith vs the pith tool ---------------------------------
stop_all
CICAP_THREADS=2 start_cicap cpu >/dev/null || { echo "bench: c-icap did not start"; exit 99; }
rounds=3
rm -f "$T/warm.out"
c-icap-client -i 127.0.0.1 -p "$CICAP_PORT" -s pith -f "$T/www/index.html" -resp http://x/ \
    -rhx 'Content-Type: text/html' -o "$T/warm.out" >/dev/null 2>&1 </dev/null || :
c=$(child)
t0=$(cpu_ticks "$c")
for _ in $(seq $rounds); do
    for f in "$T/www/pages"/*; do
        rm -f "$T/cpu.out"      # c-icap-client does not write over a file
        c-icap-client -i 127.0.0.1 -p "$CICAP_PORT" -s pith -f "$f" -resp http://x/p \
            -rhx 'Content-Type: text/html' -o "$T/cpu.out" >/dev/null 2>&1
    done
done
t1=$(cpu_ticks "$c")
cmp -s "$T/cpu.out" <("$PITH" --no-filter-list --url='http://x/p?pith-bypass=1' "$f") || echo "bench: the last page's output is not the tool's" >&2
hz=$(getconf CLK_TCK)
icap_cpu=$(echo "scale=3; ($t1 - $t0) / $hz" | bc)
cat "$T/www/pages"/* >"$T/all.html"
tool_cpu=$( { /usr/bin/time -f '%U %S' bash -c "for i in \$(seq $rounds); do '$PITH' '$T/all.html' >/dev/null; done" ; } 2>&1 | tail -1 | awk '{ print $1 + $2 }')
mb=$(echo "scale=3; $bytes * $rounds / 1000000" | bc)
icap_rate=$(echo "scale=1; $mb / $icap_cpu" | bc)
tool_rate=$(echo "scale=1; $mb / $tool_cpu" | bc)
echo "4. $mb MB of pages ($rounds rounds): c-icap + pith ${icap_cpu} s CPU of the c-icap child" \
     "= $icap_rate MB per CPU second; pith tool ${tool_cpu} s = $tool_rate MB per CPU second;" \
     "ratio $(echo "scale=2; $icap_rate / $tool_rate" | bc)"
stop_all

# ---- 5. every page through Squid ----------------------------------------
SRV_PITH=$SRV_PITH PITH=$PITH bash "$here/pages.sh" "$pages" | sed 's/^# /5. /'
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
