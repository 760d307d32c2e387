#!/usr/bin/env bash
# run.sh -- pith's speed and memory against a bare libxml2 SAX pass (issue 2).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   benchmarks/run.sh [-n N] [--sizes "1 10 100"] [--quick] [--callgrind] [--no-build]
#
# Builds ./filter/pith and benchmarks/sax_bare (make, from the repository top), builds the
# test pages (benchmarks/mkpages.py), then for each page size times
# `./filter/pith --format=text < page` and `benchmarks/sax_bare < page`: median of N runs,
# in MB/s (10^6 bytes), and the ratio pith/bare; peak RSS of one run of each with
# /usr/bin/time -v.  Then the same over the 90 aeb-dev pages one by one (sum of bytes / sum of
# times, process start-up included).  Prints a table and writes it to benchmarks/out/results.txt.
#
#   -n N          runs per measurement, the median is kept (default 5)
#   --sizes LIST  page sizes in MB (default "1 10 100")
#   --quick       sizes "1 10" and 3 runs, unless -n/--sizes say otherwise
#   --callgrind   only count instructions (valgrind --tool=callgrind) of pith and bare on
#                 the 1 MB page, which repeat from run to run; writes benchmarks/out/callgrind.txt
#   --no-build    do not run make; use the programs as they are
#   --aeb DIR     the aeb-dev pages (default ../shared/bench/aeb-dev from the repository top)
#
# Needs bash >= 5, python3, /usr/bin/time (Debian package time) and for --callgrind valgrind.
# Exit status: 0 when everything ran (whatever the numbers), 1 on a usage or run error.
set -euo pipefail
export LC_ALL=C                       # '.' as decimal point, in EPOCHREALTIME too

cd "$(dirname "$0")/.."               # the repository top: the paths below are relative to it
OUT=benchmarks/out
PITH=./filter/pith
BARE=benchmarks/sax_bare
AEB=../shared/bench/aeb-dev

die() { echo "run.sh: $*" >&2; exit 1; }
usage() {   # the header comment; on stderr when it answers a usage error
    if [ "${1:-0}" = 0 ]; then sed -n '4,22s/^# \{0,1\}//p' "$0"; else sed -n '4,22s/^# \{0,1\}//p' "$0" >&2; fi
    exit "${1:-0}"
}

runs='' sizes='' quick=0 callgrind=0 build=1
while [ $# -gt 0 ]; do
    case $1 in
    -n) [ $# -ge 2 ] || usage 1; runs=$2; shift 2 ;;
    -n*) runs=${1#-n}; shift ;;
    --runs=*) runs=${1#*=}; shift ;;
    --sizes) [ $# -ge 2 ] || usage 1; sizes=$2; shift 2 ;;
    --sizes=*) sizes=${1#*=}; shift ;;
    --quick) quick=1; shift ;;
    --callgrind) callgrind=1; shift ;;
    --no-build) build=0; shift ;;
    --aeb) [ $# -ge 2 ] || usage 1; AEB=$2; shift 2 ;;
    --aeb=*) AEB=${1#*=}; shift ;;
    -h|--help) usage 0 ;;
    *) echo "run.sh: unknown argument: $1" >&2; usage 1 ;;
    esac
done
if [ "$quick" = 1 ]; then
    runs=${runs:-3}; sizes=${sizes:-1 10}
fi
runs=${runs:-5}; sizes=${sizes:-1 10 100}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "-n wants a positive integer, not '$runs'"
for s in $sizes; do
    [[ $s =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--sizes wants numbers of MB, not '$s'"
done
[ -n "${sizes// /}" ] || die "--sizes is empty"
[ "$callgrind" = 1 ] && sizes=1        # callgrind runs on the 1 MB page only

# --- build ------------------------------------------------------------------------------------
if [ "$build" = 1 ]; then
    [ -f Makefile ] || die "no Makefile at the repository top: run ./autogen.sh && ./configure first (or --no-build)"
    make -j"$(nproc 2>/dev/null || echo 2)" filter/pith benchmarks/sax_bare >&2 \
        || die "make filter/pith benchmarks/sax_bare failed"
fi
[ -x "$PITH" ] || die "$PITH is missing"
[ -x "$BARE" ] || die "$BARE is missing"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
if [ "$callgrind" = 1 ]; then
    command -v valgrind >/dev/null || die "valgrind is missing (apt-get install valgrind)"
fi

# --- pages ------------------------------------------------------------------------------------
mkargs=(--aeb "$AEB" --out "$OUT" --sizes "$sizes")
[ "$callgrind" = 1 ] && mkargs+=(--no-aeb)
python3 benchmarks/mkpages.py "${mkargs[@]}" >&2 || die "mkpages.py failed"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Sets REAL to the program to run for a built path.  When the path is a libtool wrapper script
# (a program linked to an uninstalled shared library), REAL is the binary behind it, and the
# wrapper's LD_LIBRARY_PATH is exported for every later run: otherwise every run would also
# time a shell start-up, and callgrind would count the shell.  The wrapper is run once first
# so that any relinking it does is done.
resolve() {
    local prog=$1 info real ldpath
    REAL=$prog
    if [ "$(head -c 2 "$prog")" = '#!' ] && grep -q 'libtool' "$prog" 2>/dev/null; then
        "$prog" --help </dev/null >/dev/null 2>&1 || true
        # shellcheck disable=SC2016  # $0 and LD_LIBRARY_PATH are for the inner shell
        if [ -x ./libtool ] && info=$(./libtool --mode=execute \
                sh -c 'echo "$0"; echo "${LD_LIBRARY_PATH-}"' "$prog" 2>/dev/null); then
            real=$(printf '%s\n' "$info" | sed -n 1p)
            ldpath=$(printf '%s\n' "$info" | sed -n 2p)
            if [ -x "$real" ] && [ "$real" != "$prog" ]; then
                REAL=$real
                if [ -n "$ldpath" ]; then export LD_LIBRARY_PATH=$ldpath; fi
                return 0
            fi
        fi
        echo "run.sh: note: $prog is a libtool wrapper script and its binary could not be found;" \
             "its times include a shell start-up" >&2
    fi
}
resolve "$PITH"; PITH_CMD=("$REAL" --format=text)
resolve "$BARE"; BARE_CMD=("$REAL")

# Runs "$@" with stdin from file $1 and stdout to /dev/null; sets US to its wall time in µs.
# Dies, showing the program's stderr, if it fails.  (No subshell, so that die ends the script.)
time_us() {
    local f=$1 t0 t1; shift
    t0=${EPOCHREALTIME/./}
    "$@" <"$f" >/dev/null 2>"$TMP/err" || die "failed on $f: $* ($(tail -n 3 "$TMP/err"))"
    t1=${EPOCHREALTIME/./}
    US=$((t1 - t0))
}

# Runs "$@" once on file $1 under /usr/bin/time -v; sets KB to its peak RSS in KiB.
rss_kb() {
    local f=$1; shift
    /usr/bin/time -v -o "$TMP/time" "$@" <"$f" >/dev/null 2>"$TMP/err" \
        || die "failed on $f: $* ($(tail -n 3 "$TMP/err"))"
    KB=$(awk -F: '/Maximum resident set size/ { print $2 + 0 }' "$TMP/time")
    [ -n "$KB" ] || die "no peak RSS in the output of /usr/bin/time -v"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mbps() { awk -v b="$1" -v us="$2" 'BEGIN { printf "%.1f", (us > 0) ? b / us : 0 }'; }   # bytes/µs = MB/s
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
fsize() { stat -c %s "$1"; }
page() { echo "$OUT/page-$(awk -v s="$1" 'BEGIN { printf "%g", s }')MB.html"; }   # as mkpages.py names it

# --- callgrind mode ---------------------------------------------------------------------------
# Prints the instructions executed by one run of "$@" on file $1 ("Collected" of callgrind).
instructions() {
    local f=$1 name=$2; shift 2
    valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.$name.out" \
        --log-file="$TMP/vg" "$@" <"$f" >/dev/null 2>"$TMP/err" \
        || die "valgrind failed on $f: $* ($(tail -n 3 "$TMP/err"))"
    awk '/Collected :/ { n = $NF } END { if (n == "") exit 1; print n }' "$TMP/vg" \
        || die "no instruction count in the callgrind log of $*"
}

if [ "$callgrind" = 1 ]; then
    f=$(page 1); bytes=$(fsize "$f")
    ip=$(instructions "$f" pith "${PITH_CMD[@]}")
    ib=$(instructions "$f" bare "${BARE_CMD[@]}")
    {
        echo "pith benchmark, callgrind instruction counts ($(date -u +%Y-%m-%dT%H:%MZ), $(valgrind --version))"
        echo "page: $f, $bytes bytes"
        printf '%-28s %15s %12s\n' program instructions "per byte"
        printf '%-28s %15s %12s\n' "pith --format=text" "$ip" "$(ratio "$ip" "$bytes")"
        printf '%-28s %15s %12s\n' "sax_bare" "$ib" "$(ratio "$ib" "$bytes")"
        printf '%-28s %15s\n' "pith/bare" "$(ratio "$ip" "$ib")"
        echo "profiles: $OUT/callgrind.pith.out, $OUT/callgrind.bare.out (callgrind_annotate FILE)"
    } | tee "$OUT/callgrind.txt"
    exit 0
fi

# --- timed runs -------------------------------------------------------------------------------
# One row per page: name bytes pith_us bare_us pith_kb bare_kb.  The peak-RSS run comes first
# and doubles as a warm-up; the timed runs alternate pith and bare so that drift hits both.
rows=()
for s in $sizes; do
    f=$(page "$s"); bytes=$(fsize "$f")
    echo "$(basename "$f"): $bytes bytes, $runs runs each" >&2
    rss_kb "$f" "${PITH_CMD[@]}"; kp=$KB
    rss_kb "$f" "${BARE_CMD[@]}"; kb=$KB
    : >"$TMP/tp"; : >"$TMP/tb"
    for ((i = 0; i < runs; i++)); do
        time_us "$f" "${PITH_CMD[@]}"; echo "$US" >>"$TMP/tp"
        time_us "$f" "${BARE_CMD[@]}"; echo "$US" >>"$TMP/tb"
    done
    rows+=("$(basename "$f" .html) $bytes $(median <"$TMP/tp") $(median <"$TMP/tb") $kp $kb")
done

# The aeb-dev pages one by one: per pass, the sum of the times of every page; the median pass
# is kept.  Peak RSS is the largest of one run per page.
shopt -s nullglob
aeb=("$OUT"/aeb/*.html)
shopt -u nullglob
if [ ${#aeb[@]} -gt 0 ]; then
    echo "aeb-dev: ${#aeb[@]} pages one by one, $runs passes each" >&2
    bytes=0 kp=0 kb=0
    for f in "${aeb[@]}"; do
        bytes=$((bytes + $(fsize "$f")))
        rss_kb "$f" "${PITH_CMD[@]}"; [ "$KB" -gt "$kp" ] && kp=$KB
        rss_kb "$f" "${BARE_CMD[@]}"; [ "$KB" -gt "$kb" ] && kb=$KB
    done
    : >"$TMP/tp"; : >"$TMP/tb"
    for ((i = 0; i < runs; i++)); do
        sp=0 sb=0
        for f in "${aeb[@]}"; do
            time_us "$f" "${PITH_CMD[@]}"; sp=$((sp + US))
            time_us "$f" "${BARE_CMD[@]}"; sb=$((sb + US))
        done
        echo "$sp" >>"$TMP/tp"; echo "$sb" >>"$TMP/tb"
    done
    rows+=("aeb-dev(${#aeb[@]}) $bytes $(median <"$TMP/tp") $(median <"$TMP/tb") $kp $kb")
fi

# --- report -----------------------------------------------------------------------------------
report() {
    local name bytes tp tb kp kb r minr='' kb1='' kb100=''
    echo "pith benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs," \
         "libxml2 $(pkg-config --modversion libxml-2.0 2>/dev/null || echo '?'), median of $runs runs)"
    echo "pith = ./filter/pith --format=text, bare = benchmarks/sax_bare; stdin from the page, stdout to /dev/null"
    echo "MB = 10^6 bytes; peak RSS from /usr/bin/time -v; aeb-dev = each page in its own process, RSS = largest"
    echo
    printf '%-14s %11s %10s %10s %9s %13s %13s\n' page bytes "pith MB/s" "bare MB/s" pith/bare \
        "pith RSS MiB" "bare RSS MiB"
    for row in "${rows[@]}"; do
        read -r name bytes tp tb kp kb <<<"$row"
        r=$(awk -v p="$tp" -v b="$tb" 'BEGIN { printf "%.2f", (p > 0) ? b / p : 0 }')
        printf '%-14s %11s %10s %10s %9s %13s %13s\n' "$name" "$bytes" "$(mbps "$bytes" "$tp")" \
            "$(mbps "$bytes" "$tb")" "$r" "$(mib "$kp")" "$(mib "$kb")"
        minr=$(awk -v m="${minr:-1e9}" -v r="$r" 'BEGIN { if (r < m) print r; else print m }')
        [ "$name" = page-1MB ] && kb1=$kp
        [ "$name" = page-100MB ] && kb100=$kp
    done
    echo
    echo "targets (issue 2):"
    printf '  %-52s %s\n' "throughput pith/bare >= 0.50 on every row:" \
        "$(awk -v r="$minr" 'BEGIN { if (r >= 0.5) s = "PASS"; else s = "FAIL"; print s " (lowest " r ")" }')"
    if [ -n "$kb100" ]; then
        printf '  %-52s %s\n' "pith peak RSS on the 100 MB page <= 16 MiB:" \
            "$(awk -v k="$kb100" 'BEGIN { printf "%s (%.1f MiB)", (k <= 16384) ? "PASS" : "FAIL", k / 1024 }')"
    else
        printf '  %-52s %s\n' "pith peak RSS on the 100 MB page <= 16 MiB:" "not measured (--sizes)"
    fi
    if [ -n "$kb100" ] && [ -n "$kb1" ]; then
        printf '  %-52s %s\n' "pith peak RSS, 100 MB page within 2 MiB of 1 MB page:" \
            "$(awk -v a="$kb100" -v b="$kb1" 'BEGIN { d = a - b; printf "%s (%+.1f MiB)", (d <= 2048 && d >= -2048) ? "PASS" : "FAIL", d / 1024 }')"
    else
        printf '  %-52s %s\n' "pith peak RSS, 100 MB page within 2 MiB of 1 MB page:" "not measured (--sizes)"
    fi
    echo "  aeb-dev F1 >= 0.88 (later 0.96): see benchmarks/accuracy.sh"
}
report | tee "$OUT/results.txt"
