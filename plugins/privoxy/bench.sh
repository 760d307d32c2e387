#!/usr/bin/env bash
# bench.sh -- what Privoxy's whole-body buffering costs with pith: memory and latency.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   plugins/privoxy/bench.sh [-n RUNS] [--sizes "1 10"] [--aeb DIR] [-o FILE]
#
# Run from the build tree after `make`.  Never part of make check.  Builds
# pages of 1 and 10 MB with benchmarks/mkpages.py, serves them from a local
# origin (tests/lib/origin.py --files, Content-Length, no compression) and fetches each through
# a private `privoxy --no-daemon` on 127.0.0.1 with curl -x, in three ways:
#
#   direct    from the origin, no proxy
#   privoxy   through Privoxy without any filter (it streams the body on)
#   pith      through Privoxy with pith's filter installed by install.sh
#             (Privoxy buffers the whole body, writes it to a temporary
#             file, runs pith, reads its output, then sends); pith runs
#             with --no-filter-list, as installed
#   pith+list the same, with the installed EasyList (the filter's command
#             without --no-filter-list: each run reads and compiles it)
#
# For each: time to first byte and total time (curl, median of RUNS, default
# 5), and for Privoxy the peak RSS (VmHWM) of a fresh privoxy process after
# the RUNS fetches, next to its RSS at start.  Also pith's own peak RSS and
# time (wall clock and CPU, user + system) on the same page run alone (GNU
# time for the RSS), with and without the list.  Privoxy's buffer-limit is set
# to 64 MB here: with Debian's default (4096 KB) the 10 MB page would pass
# unfiltered.
#
#   -n RUNS        fetches per measurement (default 5)
#   --sizes LIST   page sizes in MB (default "1 10")
#   --aeb DIR      the aeb-dev pages for mkpages.py (default
#                  ../shared/bench/aeb-dev from the source top)
#   -o FILE        also write the report to FILE
# Environment: PITH (default filter/pith), PRIVOXY (default privoxy in PATH,
# else /usr/sbin/privoxy).  Needs curl, python3, GNU time (/usr/bin/time).
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
srctop=$(cd "$here/../.." && pwd)
runs=5 sizes="1 10" aeb=$srctop/../shared/bench/aeb-dev report=
while [ $# -gt 0 ]; do
    case $1 in
    -n) runs=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --aeb) aeb=$2; shift 2 ;;
    -o) report=$2; shift 2 ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 1 ;;
    esac
done
pith=${PITH:-$PWD/filter/pith}
pith=$(cd "$(dirname "$pith")" && pwd)/$(basename "$pith")
privoxy=${PRIVOXY:-$(command -v privoxy 2>/dev/null || echo /usr/sbin/privoxy)}
[ -x "$pith" ] || { echo "bench.sh: $pith not built" >&2; exit 1; }
[ -x "$privoxy" ] || { echo "bench.sh: privoxy not found" >&2; exit 1; }
[ -d "$aeb" ] || { echo "bench.sh: no aeb-dev pages in $aeb (give --aeb)" >&2; exit 1; }
# the real binary, so that the times are pith's and not those of the libtool
# wrapper of a shared build (a shell script that sets the library path and
# runs .libs/pith or .libs/lt-pith: about 50 ms a run here, more than pith
# takes on the 1 MB page); Privoxy's filter runs it too, with the path to the
# build's library in Privoxy's environment
realpith=$pith
if [ "$(head -c 2 "$pith")" = "#!" ]; then
    for b in lt-pith pith; do
        [ -x "$(dirname "$pith")/.libs/$b" ] || continue
        realpith=$(dirname "$pith")/.libs/$b
        LD_LIBRARY_PATH=$(cd "$(dirname "$pith")/../src/.libs" && pwd)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
        export LD_LIBRARY_PATH
        break
    done
fi

. "$srctop/tests/lib/testlib.sh"     # make_tmp, free_port, wait_port, stop_pid, start_origin
make_tmp privoxy-bench
privoxy_pid=
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
kb() { awk -v k="$(grep "^$1:" "/proc/$2/status" | awk '{ print $2 }')" 'BEGIN { printf "%.1f", k / 1024 }'; }
out() { echo "$*"; [ -z "$report" ] || echo "$*" >>"$report"; }
[ -z "$report" ] || : >"$report"

# ---- pages, origin, the installed filter --------------------------------
mkdir -p "$T/www" "$T/tmp" "$T/root"
python3 "$srctop/benchmarks/mkpages.py" --aeb "$aeb" --out "$T/pages" --sizes "$sizes" >/dev/null
for s in $sizes; do mv "$T/pages/page-${s}MB.html" "$T/www/"; done
rm -rf "$T/pages"
start_origin "$T" --files "$T/www" || { echo "bench.sh: the origin did not start" >&2; exit 1; }
O=$ORIGIN_PORT
DESTDIR=$T/root "$here/install.sh" --pith="$realpith" >/dev/null
conf=$T/root/etc/privoxy
# the same filter with the installed EasyList
mkdir -p "$T/root-list"
cp -R "$conf" "$T/root-list/"
sed -i 's/ --no-filter-list//' "$T/root-list/privoxy/pith.filter"
grep -q -- --no-filter-list "$T/root-list/privoxy/pith.filter" && { echo "bench.sh: cannot make the list variant" >&2; exit 1; }

start_privoxy() {   # start_privoxy with|without|list
    P=$(free_port)
    {
        if [ "$1" = list ]; then echo "confdir $T/root-list/privoxy"; else echo "confdir $conf"; fi
        echo "logdir $T"
        echo "listen-address 127.0.0.1:$P"
        echo "buffer-limit 65536"
        echo "temporary-directory $T/tmp"
        if [ "$1" != without ]; then
            echo "filterfile pith.filter"
            echo "actionsfile pith.action"
        fi
    } >"$T/privoxy.conf"
    "$privoxy" --no-daemon --pidfile "$T/privoxy.pid" "$T/privoxy.conf" 2>"$T/privoxy.log" &
    privoxy_pid=$!
    track_pid "$privoxy_pid"
    wait_port "$P" "$privoxy_pid" || { echo "bench.sh: privoxy did not start" >&2; cat "$T/privoxy.log"; exit 1; }
}

fetch() {   # fetch URL [proxy]: RUNS fetches; sets ttfb, total (ms, medians), bytes
    local i way=(--noproxy '*')
    [ -z "${2:-}" ] || way=(--noproxy '' -x "$2")
    : >"$T/times"
    for i in $(seq "$runs"); do
        curl -s -o "$T/body" "${way[@]}" -w '%{time_starttransfer} %{time_total}\n' "$1" >>"$T/times"
    done
    ttfb=$(awk '{ print $1 * 1000 }' "$T/times" | median)
    total=$(awk '{ print $2 * 1000 }' "$T/times" | median)
    bytes=$(wc -c <"$T/body")
}

out "pith through Privoxy $("$privoxy" --version 2>/dev/null | head -n 1 | awk '{ print $3 }'): $runs fetches each, medians; $(nproc) CPUs"
out ""
out "page     way         bytes out   first byte ms   total ms   privoxy RSS MB (start -> peak)"
for s in $sizes; do
    url="http://127.0.0.1:$O/page-${s}MB.html"
    fetch "$url"
    out "$(printf '%-8s %-10s %8s   %13.1f   %8.1f' "${s}MB" direct "$bytes" "$ttfb" "$total")"
    for way in without with list; do
        start_privoxy $way
        rss0=$(kb VmRSS "$privoxy_pid")
        fetch "$url" "127.0.0.1:$P"
        peak=$(kb VmHWM "$privoxy_pid")
        stop_pid "$privoxy_pid"
        privoxy_pid=
        name=privoxy; [ $way = with ] && name=pith; [ $way = list ] && name=pith+list
        out "$(printf '%-8s %-10s %8s   %13.1f   %8.1f   %s -> %s' "${s}MB" $name "$bytes" "$ttfb" "$total" "$rss0" "$peak")"
    done
    for way in alone alone+list; do
        nolist=--no-filter-list; [ $way = alone+list ] && nolist=
        # wall and CPU time (user + system, from wait4(), microseconds) and
        # peak RSS (GNU time's: it runs pith straight from its own small
        # process) of each run; medians
        read -r wall cpu maxkb <<<"$(python3 - "$runs" "$T/www/page-${s}MB.html" "$T/time" "$realpith" \
                --passthrough-on-error $nolist <<'PY'
import os, subprocess, sys, time
runs, page, out, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
walls, cpus, peaks = [], [], []
for _ in range(runs):
    with open(page, "rb") as f, open(os.devnull, "wb") as null:
        t0 = time.monotonic()
        p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", out] + cmd, stdin=f, stdout=null)
        _, _, ru = os.wait4(p.pid, 0)
        walls.append((time.monotonic() - t0) * 1000)
    cpus.append((ru.ru_utime + ru.ru_stime) * 1000)
    peaks.append(int(open(out).read().split()[-1]))
med = lambda v: sorted(v)[(len(v) - 1) // 2]
print("%.1f %.1f %d" % (med(walls), med(cpus), med(peaks)))
PY
)"
        out "$(printf '%-8s %-10s %8s   %13s   %8.1f   pith alone: peak RSS %.1f MB, CPU %.1f ms' "${s}MB" $way - - "$wall" "$(awk -v k="$maxkb" 'BEGIN { print k / 1024 }')" "$cpu")"
    done
done
