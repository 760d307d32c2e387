# bench.sh -- what the plugins' benchmarks share (sourced, not run; bash):
# the report, wrk's page list, the pith tool timed alone, and wrk's runs and
# figures.  Needs $T (a temporary directory); wrk_run and lowest read $dur
# (seconds a run) and $runs.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.

out() { echo "$*" | tee -a "$T/report"; }
mb() { python3 -c "print('%.1f' % ($1 / 1e6))"; }

# pages_lua LIST: a wrk script to $T/pages.lua that cycles through the page
# names of the file LIST (one a line, from a random start), each under the
# prefix given as wrk's first script argument ("-- /prefix/").
pages_lua() {
    {
        echo 'local paths = {'
        sed 's/.*/  "&",/' "$1"
        echo '}'
        cat <<'LUA'
local prefix, i = "/", 0
function init(args)
  prefix = args[1] or "/"
  i = math.random(#paths) - 1
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", prefix .. paths[i])
end
LUA
    } >"$T/pages.lua"
}

# tool_measure PITH DIR ALL: the pith tool on CPU 0 over the pages of DIR
# (one process a page, start-up included) and over ALL (the pages as one
# file).  Prints: MB/s per page, MB/s stream, pages/s, MB/s less start-up,
# start-up ms, MB per CPU-second less the start-up's CPU.  An uninstalled
# filter/pith is libtool's shell wrapper (10+ ms a start): the real program
# beside it is timed instead.
tool_measure() {
    local bin=$1 libs=
    if head -c 300 "$1" | grep -q 'wrapper script'; then
        bin=$(dirname "$1")/.libs/$(basename "$1")
        libs=$(cd "$(dirname "$1")/../src/.libs" && pwd)
    fi
    python3 - "$bin" "$2" "$3" "$libs" <<'PY'
import os, resource, subprocess, sys, time
pith, d, allf, libs = sys.argv[1:5]
env = dict(os.environ, LD_LIBRARY_PATH=libs) if libs else None
pages = sorted(os.listdir(d))
os.sched_setaffinity(0, {0})
def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
def run(path):
    with open(path, "rb") as f:
        t = time.perf_counter()
        subprocess.run([pith], stdin=f, stdout=subprocess.DEVNULL, check=True, env=env)
        return time.perf_counter() - t
def all_pages():
    c = cpu()
    wall = sum(run(os.path.join(d, p)) for p in pages)
    return wall, cpu() - c
n = sum(os.path.getsize(os.path.join(d, p)) for p in pages)
runs = [all_pages() for _ in range(3)]
per_page = min(w for w, _ in runs)
per_page_cpu = min(c for _, c in runs)
c = cpu()
start = min(run(os.devnull) for _ in range(20))
start_cpu = (cpu() - c) / 20
net = per_page - len(pages) * start
net_cpu = per_page_cpu - len(pages) * start_cpu
stream = min(run(allf) for _ in range(3))
print("%.1f %.1f %.0f %.1f %.2f %.1f" % (n / per_page / 1e6, n / stream / 1e6, len(pages) / per_page,
                                        n / net / 1e6, start * 1e3, n / net_cpu / 1e6))
PY
}

# wrk_run NAME CONNS ARGS...: wrk on CPU 1 for $dur s, its output in $T/wrk.NAME
wrk_run() {
    local name=$1 c=$2
    shift 2
    taskset -c 1 wrk -t1 -c"$c" -d"${dur}s" --latency "$@" >"$T/wrk.$name" 2>&1
}
rps() { awk '/^Requests\/sec/ {print $2}' "$T/wrk.$1"; }
xfer() { awk '/^Transfer\/sec/ {print $2}' "$T/wrk.$1"; }
pct() { awk -v p="$2%" '$1 == p {print $2}' "$T/wrk.$1"; }
errs() { awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' "$T/wrk.$1"; }
ms() {      # wrk time (1.23ms, 456.00us, 1.20s) in ms
    python3 -c "import sys; v = sys.argv[1]
u = {'us': 1e-3, 'ms': 1, 's': 1e3}
for k in ('us', 'ms', 's'):
    if v.endswith(k) and v[:-len(k)].replace('.', '', 1).isdigit():
        print('%.2f' % (float(v[:-len(k)]) * u[k])); break" "$1"
}
lowest() {  # lowest NAME PCT: the lowest of the $runs runs' percentile, in ms
    local r
    for r in $(seq "$runs"); do ms "$(pct "$1.$r" "$2")"; done | sort -g | head -n1
}
