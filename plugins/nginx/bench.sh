#!/usr/bin/env bash
# bench.sh -- ngx_http_pith_filter_module in nginx under wrk: throughput,
# added latency, memory.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   plugins/nginx/bench.sh [-d SECONDS] [-r RUNS] [-c CONNECTIONS] [--aeb DIR] [-o FILE]
#
# Run from the build tree after `./configure --with-nginx && make`.  Never
# part of make check.  Serves the 90 aeb-dev pages (decompressed) from a
# private nginx on 127.0.0.1 with ONE worker, pinned to CPU 0 with taskset,
# and drives it with wrk pinned to CPU 1, so the numbers are per core:
#
#   1. the pith tool alone on CPU 0: every page one process at a time
#      (start-up included, and less the start-up), all pages as one stream;
#   2. wrk, CONNECTIONS (16) connections cycling through the 90 pages, static
#      files and reverse proxy (origin = a static location of the same
#      nginx), each with and without pith, RUNS rounds: requests/s, p50 and
#      p99, MB/s; the worker's memory after each round;
#   3. latency of one connection on the page nearest 200 KB, with and without
#      pith: p50 and p99 and their difference (what pith adds);
#   4. the worker's memory after pages of 1, 10 and 50 MB through pith
#      (benchmarks/mkpages.py pages, reverse proxy), after a restart;
#   5. a client that reads 1 KB/s through a 4 KiB receive buffer from a 20 MB
#      page for 20 s (slowclient.py; annotate format, every block written),
#      sampling the worker's memory;
#   6. the module's output against the tool's for every page (files, proxy);
#   7. the tool timed again, and nginx with pith per core against the better
#      of the two tool timings.
#
#   -d SECONDS      length of each wrk run (default 5)
#   -r RUNS         rounds of each measurement; the best is kept, since on a
#                   shared machine every disturbance only makes numbers worse
#                   (default 3)
#   -c CONNECTIONS  wrk connections (default 16)
#   --aeb DIR       the aeb-dev pages (default shared/bench/aeb-dev beside the
#                   source top, or beside its parent)
#   -o FILE         also write the report to FILE
# Environment: NGX_PITH (default plugins/nginx/ngx_http_pith_filter_module.so),
# PITH (default filter/pith), NGINX (default nginx).  Needs wrk, curl,
# python3, taskset; 2 CPUs or more.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
srctop=$(cd "$here/../.." && pwd)
dur=5 runs=3 conns=16 aeb=$srctop/../shared/bench/aeb-dev report=
[ -d "$aeb" ] || aeb=$srctop/../../shared/bench/aeb-dev
while [ $# -gt 0 ]; do
    case $1 in
    -d) dur=$2; shift 2 ;;
    -r) runs=$2; shift 2 ;;
    -c) conns=$2; shift 2 ;;
    --aeb) aeb=$2; shift 2 ;;
    -o) report=$2; shift 2 ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 1 ;;
    esac
done
mod=${NGX_PITH:-$PWD/plugins/nginx/ngx_http_pith_filter_module.so}
pith=${PITH:-$PWD/filter/pith}
nginx=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
for tool in wrk curl python3 taskset "$nginx"; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool not found" >&2; exit 1; }
done
[ -f "$mod" ] && [ -x "$pith" ] || { echo "bench.sh: build first (make): $mod, $pith" >&2; exit 1; }
[ -d "$aeb/html" ] || { echo "bench.sh: no pages in $aeb/html" >&2; exit 1; }
[ "$(nproc)" -ge 2 ] || { echo "bench.sh: needs 2 CPUs" >&2; exit 1; }
mod=$(cd "$(dirname "$mod")" && pwd)/$(basename "$mod")
pith=$(cd "$(dirname "$pith")" && pwd)/$(basename "$pith")

T=$(mktemp -d "${TMPDIR:-/tmp}/pith-nbench.XXXXXX")
chmod 755 "$T"
nginx_pid=
stop_nginx() {
    [ -n "$nginx_pid" ] || return 0
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=
}
cleanup() {
    set +e
    stop_nginx
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

. "$srctop/benchmarks/lib/bench.sh"     # out, mb, pages_lua, tool_measure, wrk_run, rps, ...

# ---- the pages ---------------------------------------------------------
mkdir -p "$T/html/aeb" "$T/logs" "$T/tmp"
for f in "$aeb"/html/*.html.gz; do
    gzip -dc "$f" >"$T/html/aeb/$(basename "$f" .gz)"
done
python3 "$srctop/benchmarks/mkpages.py" --aeb "$aeb" --out "$T/html/big" --sizes "1 10 20 50" \
    --no-aeb >/dev/null
chmod -R a+rX "$T/html"
(cd "$T/html/aeb" && ls) >"$T/pages"
npages=$(wc -l <"$T/pages")
total=$(cat "$T"/html/aeb/*.html | wc -c)
cat "$T"/html/aeb/*.html >"$T/all.html"
lat_page=$(cd "$T/html/aeb" && for p in *.html; do echo "$(wc -c <"$p") $p"; done |
           awk '{d = $1 - 200000; if (d < 0) d = -d; print d, $1, $2}' | sort -n | head -n1)
lat_size=$(echo "$lat_page" | cut -d' ' -f2)
lat_page=$(echo "$lat_page" | cut -d' ' -f3)
pages_lua "$T/pages"

out "ngx_http_pith_filter_module benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $("$nginx" -v 2>&1 | sed 's/.*: //')"
out "pages: $npages aeb-dev pages, $(mb "$total") MB, mean $((total / npages)) bytes; latency page $lat_page ($lat_size bytes)"
out "nginx: 1 worker pinned to CPU 0, wrk to CPU 1; $conns connections, best of $runs rounds of ${dur}s"
out "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every number)"
out ""

# ---- 1. the tool alone -------------------------------------------------
tool=$(tool_measure "$pith" "$T/html/aeb" "$T/all.html")
read -r tool_pp tool_stream tool_rps tool_net tool_start tool_cpu <<<"$tool"
out "1. pith tool alone, one core:"
out "   one process per page (start-up included): $tool_pp MB/s ($tool_rps pages/s)"
out "   the same less the start-up ($tool_start ms):   $tool_net MB/s"
out "   per CPU-second used, less the start-up's CPU: $tool_cpu MB"
out "   all pages as one stream:                  $tool_stream MB/s (not comparable: one document)"
out ""

# ---- nginx ---------------------------------------------------------------
start_nginx() {
    P=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    local user=
    [ "$(id -u)" = 0 ] && user="user root;"
    cat >"$T/nginx.conf" <<EOF
load_module $mod;
$user
worker_processes 1;
daemon off;
master_process on;
pid $T/logs/nginx.pid;
error_log $T/logs/error.log warn;
events { worker_connections 1024; }
http {
    client_body_temp_path $T/tmp/body;
    proxy_temp_path $T/tmp/proxy;
    fastcgi_temp_path $T/tmp/fastcgi;
    uwsgi_temp_path $T/tmp/uwsgi;
    scgi_temp_path $T/tmp/scgi;
    access_log off;
    types { text/html html; }
    keepalive_requests 1000000;
    proxy_http_version 1.1;
    upstream self { server 127.0.0.1:$P; keepalive 32; }
    server {
        listen 127.0.0.1:$P;
        location /raw/ { alias $T/html/aeb/; }
        location /pith/ { alias $T/html/aeb/; pith on; }
        location /origin/ { alias $T/html/; }
        location /praw/ { proxy_set_header Connection ""; proxy_pass http://self/origin/aeb/; }
        location /ppith/ { proxy_set_header Connection ""; proxy_pass http://self/origin/aeb/; pith on; }
        location /pbig/ { proxy_set_header Connection ""; proxy_pass http://self/origin/big/; pith on; }
        location /pbigall/ {
            proxy_set_header Connection ""; proxy_pass http://self/origin/big/;
            pith on; pith_format annotate; pith_keep all;
        }
    }
}
EOF
    taskset -c 0 "$nginx" -p "$T" -c "$T/nginx.conf" >"$T/nginx.stdout" 2>&1 &
    nginx_pid=$!
    for _ in $(seq 100); do
        if curl -s -o /dev/null "http://127.0.0.1:$P/raw/$lat_page"; then
            worker=$(ps -o pid= --ppid "$nginx_pid" | head -n1 | tr -d ' ')
            return 0
        fi
        sleep 0.1
    done
    echo "bench.sh: nginx did not start" >&2; cat "$T/nginx.stdout" "$T/logs/error.log" >&2; exit 1
}
ticks() {   # CPU time (user + system, clock ticks) the worker has used
    awk '{print $14 + $15}' "/proc/$worker/stat"
}
hz=$(getconf CLK_TCK)
mem() {     # VmRSS, VmHWM and RssAnon (kB) of the worker
    awk '/^VmRSS/ {r = $2} /^VmHWM/ {h = $2} /^RssAnon/ {a = $2} END {print r, h, a}' \
        "/proc/$worker/status"
}

# wrk_run NAME CONNS ARGS...: runs wrk, leaves its output in $T/wrk.NAME

label_of() {
    case $1 in
    raw) echo "files, no pith" ;; pith) echo "files, pith" ;;
    praw) echo "proxy, no pith" ;; ppith) echo "proxy, pith" ;;
    esac
}

start_nginx
read -r rss0 hwm0 anon0 <<<"$(mem)"

# ---- 2. throughput -----------------------------------------------------
declare -A R P50 P99 XF C
for m in raw pith praw ppith; do R[$m]=0; done
rounds=""
for r in $(seq "$runs"); do
    for m in raw pith praw ppith; do
        t0=$(ticks)
        wrk_run "$m.$r" "$conns" -s "$T/pages.lua" "http://127.0.0.1:$P" -- "/$m/"
        t1=$(ticks)
        n=$(awk '/requests in/ {print $1}' "$T/wrk.$m.$r")
        # HTML MB per CPU-second of the worker: less sensitive to other load
        cpu=$(python3 -c "print('%.1f' % ($n * $total / $npages / 1e6 / max(1, $t1 - $t0) * $hz))")
        python3 -c "import sys; sys.exit(not $cpu > ${C[$m]:-0})" && C[$m]=$cpu
        if python3 -c "import sys; sys.exit(not $(rps "$m.$r") > ${R[$m]})"; then
            R[$m]=$(rps "$m.$r")
            P50[$m]=$(ms "$(pct "$m.$r" 50)") P99[$m]=$(ms "$(pct "$m.$r" 99)")
            XF[$m]=$(xfer "$m.$r")
        fi
    done
    read -r rss hwm anon <<<"$(mem)"
    rounds="$rounds after round $r VmRSS $rss RssAnon $anon;"
done
out "2. wrk, $conns connections over the $npages pages, best of $runs rounds (HTML MB/s = requests/s x mean page size):"
out "   $(printf '%-18s %11s %9s %9s %10s %10s %10s' mode requests/s 'p50 ms' 'p99 ms' 'HTML MB/s' 'sent/s' 'MB/CPU-s')"
for m in raw pith praw ppith; do
    out "   $(printf '%-18s %11s %9s %9s %10s %10s %10s' "$(label_of $m)" "${R[$m]}" "${P50[$m]}" "${P99[$m]}" \
        "$(python3 -c "print('%.1f' % (${R[$m]} * $total / $npages / 1e6))")" "${XF[$m]}" "${C[$m]}")"
done
out "   (MB/CPU-s: HTML MB served per second of the worker's own CPU time, best round)"
out "   worker memory, kB: idle VmRSS $rss0 RssAnon $anon0;$rounds VmHWM $(mem | cut -d' ' -f2)"
out ""

# ---- 3. latency ----------------------------------------------------------
declare -A LC
for r in $(seq "$runs"); do
    for m in raw pith praw ppith; do
        t0=$(ticks)
        wrk_run "lat$m.$r" 1 "http://127.0.0.1:$P/$m/$lat_page"
        t1=$(ticks)
        n=$(awk '/requests in/ {print $1}' "$T/wrk.lat$m.$r")
        c=$(python3 -c "print('%.3f' % (($t1 - $t0) * 1000 / $hz / max(1, $n)))")
        if [ -z "${LC[$m]:-}" ] || python3 -c "import sys; sys.exit(not $c < ${LC[$m]})"; then
            LC[$m]=$c
        fi
    done
done
out "3. latency, 1 connection, $lat_page ($lat_size bytes), lowest of $runs runs:"
for pair in "raw pith files" "praw ppith proxy"; do
    read -r a b label <<<"$pair"
    a50=$(lowest "lat$a" 50) a99=$(lowest "lat$a" 99)
    b50=$(lowest "lat$b" 50) b99=$(lowest "lat$b" 99)
    out "   $label: without p50 ${a50} ms p99 ${a99} ms; with pith p50 ${b50} ms p99 ${b99} ms;" \
        "added p50 $(python3 -c "print('%.2f' % ($b50 - $a50))") ms p99 $(python3 -c "print('%.2f' % ($b99 - $a99))") ms"
    out "   $label: the worker's CPU per request ${LC[$a]} ms without, ${LC[$b]} ms with pith:" \
        "pith adds $(python3 -c "print('%.2f' % (${LC[$b]} - ${LC[$a]}))") ms of CPU (its latency on an idle core)"
done
out ""

# ---- 6. same output as the tool (before the restarts) ----------------------
same_files=0 same_proxy=0
while read -r p; do
    "$pith" <"$T/html/aeb/$p" >"$T/tool.out"
    curl -s -o "$T/mod.out" "http://127.0.0.1:$P/pith/$p"
    cmp -s "$T/tool.out" "$T/mod.out" && same_files=$((same_files + 1))
    curl -s -o "$T/mod.out" "http://127.0.0.1:$P/ppith/$p"
    cmp -s "$T/tool.out" "$T/mod.out" && same_proxy=$((same_proxy + 1))
done <"$T/pages"

# ---- 4. memory from a 1 MB to a 50 MB page ---------------------------------
stop_nginx
start_nginx
read -r rss hwm anon <<<"$(mem)"
out "4. worker memory (kB) through pith (reverse proxy), one page after another after a restart:"
out "   idle: VmRSS $rss VmHWM $hwm RssAnon $anon"
for s in 1 10 50; do
    sz=$(wc -c <"$T/html/big/page-${s}MB.html")
    got=$(curl -s -o /dev/null -w '%{size_download} %{time_total}' "http://127.0.0.1:$P/pbig/page-${s}MB.html")
    read -r rss hwm anon <<<"$(mem)"
    out "   ${s} MB page ($sz bytes in, ${got% *} out, ${got#* } s): VmRSS $rss VmHWM $hwm RssAnon $anon"
done
out ""

# ---- 5. a slow client ------------------------------------------------------
stop_nginx
start_nginx
python3 "$here/slowclient.py" "$P" /pbigall/page-20MB.html "$worker" --rate 1024 --seconds 20 \
    >"$T/slow.out" 2>&1 || true
out "5. a client reading 1 KB/s through a 4 KiB receive buffer from a 20 MB page through pith (proxy;"
out "   pith_format annotate and pith_keep all, so that more bytes leave pith than enter it), 20 s:"
out "   $(tail -n 1 "$T/slow.out")"
out "   VmRSS every 5 s: $(awk '/bytes read/ && (NR - 1) % 5 == 0 {printf "%s s %s kB; ", $1, $7}' "$T/slow.out")"
out ""
out "6. output identical to the pith tool's: $same_files/$npages pages as static files," \
    "$same_proxy/$npages through the reverse proxy (pith_flush on)"

# ---- 7. the tool again, and the ratio --------------------------------------
read -r tool_pp2 _ _ tool_net2 _ tool_cpu2 <<<"$(tool_measure "$pith" "$T/html/aeb" "$T/all.html")"
best_pp=$(python3 -c "print(max($tool_pp, $tool_pp2))")
best_net=$(python3 -c "print(max($tool_net, $tool_net2))")
html_pith=$(python3 -c "print('%.1f' % (${R[pith]} * $total / $npages / 1e6))")
out "7. static files with pith ($html_pith MB/s on one core) vs the pith tool on one core, per page:"
out "   $(python3 -c "print('%.2f' % ($html_pith / $best_net))")x the tool less its start-up" \
    "($best_net MB/s; $tool_net before, $tool_net2 after the runs)," \
    "$(python3 -c "print('%.2f' % ($html_pith / $best_pp))")x the tool with start-up ($best_pp MB/s)"
best_cpu=$(python3 -c "print(max($tool_cpu, $tool_cpu2))")
out "   by CPU time (what other load disturbs least): ${C[pith]} MB per CPU-second of the worker" \
    "vs $best_cpu MB per CPU-second of the tool less its start-up ($tool_cpu before, $tool_cpu2 after):" \
    "$(python3 -c "print('%.2f' % (${C[pith]} / $best_cpu))")x"
out "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -z "$report" ] || cp "$T/report" "$report"
