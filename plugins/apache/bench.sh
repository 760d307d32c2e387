#!/usr/bin/env bash
# bench.sh -- mod_pith in apache2 under wrk: throughput, added latency, memory.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   plugins/apache/bench.sh [-d SECONDS] [-r RUNS] [-c CONNECTIONS] [--aeb DIR] [-o FILE]
#
# Run from the build tree after `./configure --with-apxs && make`.  Never part
# of make check.  Serves the 90 aeb-dev pages (decompressed) from a private
# apache2 on 127.0.0.1, pinned to CPU 0 with taskset, and drives it with wrk
# pinned to CPU 1, so the numbers are per core of Apache:
#
#   1. the pith tool alone on CPU 0: every page one process at a time
#      (start-up included), and all pages as one stream (pure filter speed);
#   2. wrk, CONNECTIONS (16) connections cycling through the 90 pages, local
#      files and reverse proxy (origin = a static vhost of the same apache2),
#      each with and without the filter: requests/s, MB/s of HTML served,
#      MB/s sent;
#   3. latency of one connection on the page nearest 170 KB, with and without
#      the filter: p50 and p99 and their difference (what pith adds);
#   4. peak RSS (VmHWM) of the apache2 children after the 90-page runs, and,
#      after a restart, after 16 connections on a 10 MB page;
#   5. the module's output against the tool's for every page (files, proxy);
#   6. the tool timed again, and Apache with PITH per core against the
#      better of the two tool timings.
#
#   -d SECONDS      length of each wrk run (default 5)
#   -r RUNS         runs of each measurement; the best is kept, since on a
#                   shared machine every disturbance only makes numbers worse
#                   (default 3)
#   -c CONNECTIONS  wrk connections (default 16)
#   --aeb DIR       the aeb-dev pages (default ../shared/bench/aeb-dev from the
#                   source top)
#   -o FILE         also write the report to FILE
# Environment: MOD_PITH (default plugins/apache/.libs/mod_pith.so), PITH
# (default filter/pith), APXS (default apxs).  Needs wrk, curl, python3,
# taskset; 2 CPUs or more.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
srctop=$(cd "$here/../.." && pwd)
dur=5 runs=3 conns=16 aeb=$srctop/../shared/bench/aeb-dev report=
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
mod=${MOD_PITH:-$PWD/plugins/apache/.libs/mod_pith.so}
pith=${PITH:-$PWD/filter/pith}
apxs=${APXS:-apxs}
for tool in wrk curl python3 taskset "$apxs"; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool not found" >&2; exit 1; }
done
[ -f "$mod" ] && [ -x "$pith" ] || { echo "bench.sh: build first (make): $mod, $pith" >&2; exit 1; }
[ -d "$aeb/html" ] || { echo "bench.sh: no pages in $aeb/html" >&2; exit 1; }
[ "$(nproc)" -ge 2 ] || { echo "bench.sh: needs 2 CPUs" >&2; exit 1; }
mod=$(cd "$(dirname "$mod")" && pwd)/$(basename "$mod")
pith=$(cd "$(dirname "$pith")" && pwd)/$(basename "$pith")
httpd=$("$apxs" -q SBINDIR)/$("$apxs" -q TARGET)
moddir=$("$apxs" -q LIBEXECDIR)

T=$(mktemp -d "${TMPDIR:-/tmp}/pith-bench.XXXXXX")
chmod 755 "$T"
httpd_pid= sampler_pid=
stop_httpd() {
    [ -n "$httpd_pid" ] || return 0
    kill -TERM "$httpd_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$httpd_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$httpd_pid" 2>/dev/null || true
    wait "$httpd_pid" 2>/dev/null || true
    httpd_pid=
}
cleanup() {
    set +e
    [ -z "$sampler_pid" ] || kill "$sampler_pid" 2>/dev/null
    stop_httpd
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

. "$srctop/benchmarks/lib/bench.sh"     # out, mb, pages_lua, tool_measure, wrk_run, rps, ...

# ---- the pages ---------------------------------------------------------
mkdir -p "$T/htdocs/aeb"
for f in "$aeb"/html/*.html.gz; do
    gzip -dc "$f" >"$T/htdocs/aeb/$(basename "$f" .gz)"
done
chmod -R a+rX "$T/htdocs"
(cd "$T/htdocs/aeb" && ls) >"$T/pages"
npages=$(wc -l <"$T/pages")
total=$(cat "$T"/htdocs/aeb/*.html | wc -c)
cat "$T"/htdocs/aeb/*.html >"$T/all.html"
lat_page=$(cd "$T/htdocs/aeb" && for p in *.html; do echo "$(wc -c <"$p") $p"; done |
           awk '{d = $1 - 170000; if (d < 0) d = -d; print d, $1, $2}' | sort -n | head -n1)
lat_size=$(echo "$lat_page" | cut -d' ' -f2)
lat_page=$(echo "$lat_page" | cut -d' ' -f3)
python3 - "$here" "$T/htdocs/large.html" <<'EOF'
import sys
sys.dont_write_bytecode = True
here, out = sys.argv[1], sys.argv[2]
sys.argv = ["origin.py", here + "/data"]
sys.path.insert(0, here + "/../../tests/lib")
import origin
open(out, "wb").write(origin.large_page(10 * 1000 * 1000))
EOF
pages_lua "$T/pages"

out "mod_pith benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $("$httpd" -v | head -n1 | sed 's/.*: //')"
out "pages: $npages aeb-dev pages, $(mb "$total") MB, mean $((total / npages)) bytes; latency page $lat_page ($lat_size bytes)"
out "apache2 pinned to CPU 0, wrk to CPU 1; $conns connections, best of $runs runs of ${dur}s"
out ""

# ---- 1. the tool alone -------------------------------------------------
tool=$(tool_measure "$pith" "$T/htdocs/aeb" "$T/all.html")
read -r tool_pp tool_stream tool_rps tool_net tool_start tool_cpu <<<"$tool"
out "1. pith tool alone, one core:"
out "   one process per page (start-up included): $tool_pp MB/s ($tool_rps pages/s)"
out "   the same less the start-up ($tool_start ms):   $tool_net MB/s"
out "   per CPU-second used, less the start-up's CPU: $tool_cpu MB"
out "   all pages as one stream:                  $tool_stream MB/s (not comparable: one document)"
out ""

# ---- apache2 -----------------------------------------------------------
start_httpd() {
    P=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    local user=
    if [ "$(id -u)" = 0 ]; then user=www-data; id $user >/dev/null 2>&1 || user=nobody; fi
    cat >"$T/httpd.conf" <<EOF
ServerRoot "$T"
DefaultRuntimeDir "$T"
PidFile "$T/httpd.pid"
ErrorLog "$T/error.log"
LogLevel warn
Listen 127.0.0.1:$P
ServerName 127.0.0.1
LoadModule mpm_event_module "$moddir/mod_mpm_event.so"
LoadModule authz_core_module "$moddir/mod_authz_core.so"
LoadModule mime_module "$moddir/mod_mime.so"
LoadModule alias_module "$moddir/mod_alias.so"
LoadModule proxy_module "$moddir/mod_proxy.so"
LoadModule proxy_http_module "$moddir/mod_proxy_http.so"
LoadModule pith_module "$mod"
${user:+User $user}
${user:+Group $user}
StartServers 2
ServerLimit 2
ThreadsPerChild 32
MinSpareThreads 16
MaxSpareThreads 64
MaxRequestWorkers 64
MaxConnectionsPerChild 0
KeepAlive On
MaxKeepAliveRequests 0
TypesConfig /dev/null
AddType text/html .html
DocumentRoot "$T/htdocs"
<Directory />
    Require all granted
</Directory>
Alias /raw/ "$T/htdocs/aeb/"
Alias /pith/ "$T/htdocs/aeb/"
Alias /origin/ "$T/htdocs/"
<Location /pith/>
    Pith On
</Location>
ProxyPass /praw/ http://127.0.0.1:$P/origin/aeb/
ProxyPass /ppith/ http://127.0.0.1:$P/origin/aeb/
ProxyPass /plarge/ http://127.0.0.1:$P/origin/
<Location /ppith/>
    Pith On
</Location>
<Location /plarge/>
    Pith On
</Location>
EOF
    taskset -c 0 "$httpd" -f "$T/httpd.conf" -DFOREGROUND >"$T/httpd.stdout" 2>&1 &
    httpd_pid=$!
    for _ in $(seq 100); do
        curl -s -o /dev/null "http://127.0.0.1:$P/raw/$lat_page" && return 0
        sleep 0.1
    done
    echo "bench.sh: apache2 did not start" >&2; cat "$T/httpd.stdout" "$T/error.log" >&2; exit 1
}

hwm() {     # the largest VmHWM (kB) of apache2's children
    local pid max=0 v
    for pid in $(ps -o pid= --ppid "$httpd_pid"); do
        v=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        [ "${v:-0}" -gt "$max" ] && max=$v
    done
    echo "$max"
}

# Samples RssAnon (heap and stacks, without mapped files and libraries) of
# every child every 0.2 s while wrk runs; sampler_stop puts the peak of
# one child and the peak of their sum, in kB, into $sampled.
sampler_pid=
sampler_start() {
    (
        peak=0 sum_peak=0
        while :; do
            sum=0
            for pid in $(ps -o pid= --ppid "$httpd_pid"); do
                v=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status" 2>/dev/null)
                v=${v:-0}; sum=$((sum + v))
                [ "$v" -gt "$peak" ] && peak=$v
            done
            [ "$sum" -gt "$sum_peak" ] && sum_peak=$sum
            echo "$peak $sum_peak" >"$T/sampler.tmp" && mv "$T/sampler.tmp" "$T/sampler"
            sleep 0.2
        done
    ) &
    sampler_pid=$!
}
sampler_stop() {    # sets $sampled (not in a subshell: it clears sampler_pid)
    kill "$sampler_pid" 2>/dev/null || true
    wait "$sampler_pid" 2>/dev/null || true
    sampler_pid=
    sampled=$(cat "$T/sampler" 2>/dev/null || echo "0 0")
}


start_httpd
base_rss=$(hwm)

# ---- 2. throughput -----------------------------------------------------
out "   load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every number)"
out "2. wrk, $conns connections over the $npages pages (HTML MB/s = requests/s x mean page size):"
out "   $(printf '%-22s %10s %12s %12s' mode requests/s 'HTML MB/s' 'sent MB/s')"
declare -A R M
for m in raw pith praw ppith; do
    url=http://127.0.0.1:$P
    sampler_start
    best=0
    for r in $(seq "$runs"); do
        wrk_run "$m.$r" "$conns" -s "$T/pages.lua" "$url" -- "/$m/"
        if python3 -c "import sys; sys.exit(not $(rps "$m.$r") > $best)"; then
            best=$(rps "$m.$r")
            cp "$T/wrk.$m.$r" "$T/wrk.$m"
        fi
    done
    sampler_stop
    M[$m]=$sampled
    R[$m]=$(rps "$m")
    case $m in
    raw) label="files, no filter" ;; pith) label="files, PITH" ;;
    praw) label="proxy, no filter" ;; ppith) label="proxy, PITH" ;;
    esac
    out "   $(printf '%-22s %10s %12s %12s' "$label" "${R[$m]}" \
        "$(python3 -c "print('%.1f' % (${R[$m]} * $total / $npages / 1e6))")" "$(xfer "$m")") $(errs "$m")"
done

out ""

# ---- 3. latency ----------------------------------------------------------
out "3. latency, 1 connection, $lat_page ($lat_size bytes), lowest of $runs runs:"
for r in $(seq "$runs"); do
    for m in raw pith praw ppith; do
        wrk_run "lat$m.$r" 1 "http://127.0.0.1:$P/$m/$lat_page"
    done
done
for pair in "raw pith files" "praw ppith proxy"; do
    read -r a b label <<<"$pair"
    a50=$(lowest "lat$a" 50) a99=$(lowest "lat$a" 99)
    b50=$(lowest "lat$b" 50) b99=$(lowest "lat$b" 99)
    out "   $label: without p50 ${a50} ms p99 ${a99} ms; with PITH p50 ${b50} ms p99 ${b99} ms;" \
        "added p50 $(python3 -c "print('%.2f' % ($b50 - $a50))") ms p99 $(python3 -c "print('%.2f' % ($b99 - $a99))") ms"
done
out ""

# ---- 5. same output as the tool ------------------------------------------
same_files=0 same_proxy=0
while read -r p; do
    "$pith" <"$T/htdocs/aeb/$p" >"$T/tool.out"
    curl -s -o "$T/mod.out" "http://127.0.0.1:$P/pith/$p"
    cmp -s "$T/tool.out" "$T/mod.out" && same_files=$((same_files + 1))
    curl -s -o "$T/mod.out" "http://127.0.0.1:$P/ppith/$p"
    cmp -s "$T/tool.out" "$T/mod.out" && same_proxy=$((same_proxy + 1))
done <"$T/pages"

# ---- 4. memory -----------------------------------------------------------
aeb_rss=$(hwm)
stop_httpd
start_httpd
base2_rss=$(hwm)
sampler_start
short=$dur dur=$((dur * 3))      # 16 x 10 MB take a while
wrk_run large "$conns" --timeout 60s "http://127.0.0.1:$P/plarge/large.html"
large_dur=$dur dur=$short
sampler_stop
M[large]=$sampled
large_rss=$(hwm)
out "4. memory of the apache2 children (2 children x 32 threads), kB:"
out "   VmHWM (peak RSS, libraries and mapped files included): idle $base_rss;" \
    "after the runs above $aeb_rss; after a restart and $conns connections on a 10 MB page" \
    "through PITH for ${large_dur}s: $large_rss (idle $base2_rss)"
out "   peak RssAnon (heap), one child / all children, while wrk ran:"
for m in raw pith praw ppith large; do
    read -r one all <<<"${M[$m]}"
    case $m in
    raw) label="files, no filter" ;; pith) label="files, PITH" ;;
    praw) label="proxy, no filter" ;; ppith) label="proxy, PITH" ;;
    large) label="10 MB page, proxy, PITH" ;;
    esac
    out "   $(printf '%-24s %8s %8s' "$label" "$one" "$all")"
done
out "   10 MB page: $(rps large) requests/s, $(xfer large)/s sent $(errs large)"
out ""
out "5. output identical to the pith tool's: $same_files/$npages pages as local files," \
    "$same_proxy/$npages through the reverse proxy (PithFlush On: an origin's stall decides early)"

# ---- 6. the tool again, and the ratio ------------------------------------
# The tool is timed before and after the Apache runs; the better of the two
# is the one least disturbed by other work on the machine.
read -r tool_pp2 _ _ tool_net2 _ _ <<<"$(tool_measure "$pith" "$T/htdocs/aeb" "$T/all.html")"
best_pp=$(python3 -c "print(max($tool_pp, $tool_pp2))")
best_net=$(python3 -c "print(max($tool_net, $tool_net2))")
html_pith=$(python3 -c "print('%.1f' % (${R[pith]} * $total / $npages / 1e6))")
out "6. files with PITH ($html_pith MB/s on one core) vs the pith tool on one core, per page:"
out "   $(python3 -c "print('%.2f' % ($html_pith / $best_net))")x the tool less its start-up" \
    "($best_net MB/s; $tool_net before, $tool_net2 after the runs)," \
    "$(python3 -c "print('%.2f' % ($html_pith / $best_pp))")x the tool with start-up ($best_pp MB/s)"
[ -z "$report" ] || cp "$T/report" "$report"
