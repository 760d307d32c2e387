#!/usr/bin/env bash
# run.sh -- pith's speed and memory against a bare libxml2 SAX pass (issues 2 and 13).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   benchmarks/run.sh [-n N] [--sizes "10 100"] [--quick] [--callgrind | --no-callgrind] [--no-build]
#
# Builds ./filter/pith and benchmarks/sax_bare (make, from the repository top) and the test
# pages (benchmarks/mkpages.py), then in one interleaved run, N rounds, each round running
# every program once on every input in turn (the median of the N times is kept):
#   inputs    the 90 aeb-dev pages in one process (pith reads them concatenated into one
#             stream, sax_bare takes them as 90 files, a new parser each), and the pages of
#             --sizes MB;
#   programs  sax_bare, and pith --no-filter-list --format=text, --format=html and
#             --format=jsonl --keep=all; pith --format=text on the input gzipped (gzip -6)
#             and, when the default list is installed, with EasyList.
# Reports MB/s (10^6 bytes of HTML) of bare and each pith's throughput as a ratio of bare's,
# gzip as a ratio of plain, peak RSS (/usr/bin/time -v) of one run of each, then callgrind's
# instructions per byte of pith --format=text and of sax_bare on the aeb-dev pages, split into
# pith's own code, libxml2, libc and zlib (callgrind_annotate).  Writes the report to
# benchmarks/out/results.txt.
#
#   -n N            rounds, the median of each is kept (default 5)
#   --sizes LIST    page sizes in MB (default "10 100")
#   --quick         sizes "10" and 3 rounds, unless -n/--sizes say otherwise
#   --callgrind     only the callgrind counts (repeatable, unlike times)
#   --no-callgrind  no callgrind counts
#   --no-build      do not run make; use the programs as they are
#   --aeb DIR       the aeb-dev pages (default ../shared/bench/aeb-dev from the repository top)
#
# Needs bash >= 5, python3, gzip, /usr/bin/time (Debian package time) and for the
# instruction counts valgrind.  Exit status: 0 when everything ran (whatever the numbers),
# 1 on a usage or run error.
set -euo pipefail
export LC_ALL=C                       # '.' as decimal point, in EPOCHREALTIME too

cd "$(dirname "$0")/.."               # the repository top: the paths below are relative to it
OUT=benchmarks/out
PITH=${PITH:-./filter/pith}         # another build: PITH=/path/to/pith benchmarks/run.sh --no-build
BARE=benchmarks/sax_bare
AEB=../shared/bench/aeb-dev

die() { echo "run.sh: $*" >&2; exit 1; }
usage() {   # the header comment; on stderr when it answers a usage error
    if [ "${1:-0}" = 0 ]; then sed -n '4,32s/^# \{0,1\}//p' "$0"; else sed -n '4,32s/^# \{0,1\}//p' "$0" >&2; fi
    exit "${1:-0}"
}

runs='' sizes='' quick=0 callgrind=1 timed=1 build=1
while [ $# -gt 0 ]; do
    case $1 in
    -n) [ $# -ge 2 ] || usage 1; runs=$2; shift 2 ;;
    -n*) runs=${1#-n}; shift ;;
    --runs=*) runs=${1#*=}; shift ;;
    --sizes) [ $# -ge 2 ] || usage 1; sizes=$2; shift 2 ;;
    --sizes=*) sizes=${1#*=}; shift ;;
    --quick) quick=1; shift ;;
    --callgrind) timed=0; shift ;;
    --no-callgrind) callgrind=0; shift ;;
    --no-build) build=0; shift ;;
    --aeb) [ $# -ge 2 ] || usage 1; AEB=$2; shift 2 ;;
    --aeb=*) AEB=${1#*=}; shift ;;
    -h|--help) usage 0 ;;
    *) echo "run.sh: unknown argument: $1" >&2; usage 1 ;;
    esac
done
if [ "$quick" = 1 ]; then
    runs=${runs:-3}; sizes=${sizes:-10}
fi
runs=${runs:-5}; sizes=${sizes:-10 100}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "-n wants a positive integer, not '$runs'"
for s in $sizes; do
    [[ $s =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--sizes wants numbers of MB, not '$s'"
done
[ "$timed" = 0 ] && sizes=''            # callgrind runs on the aeb-dev pages only

# --- build ------------------------------------------------------------------------------------
if [ "$build" = 1 ]; then
    [ -f Makefile ] || die "no Makefile at the repository top: run ./autogen.sh && ./configure first (or --no-build)"
    make -j"$(nproc 2>/dev/null || echo 2)" filter/pith benchmarks/sax_bare >&2 \
        || die "make filter/pith benchmarks/sax_bare failed"
fi
[ -x "$PITH" ] || die "$PITH is missing"
[ -x "$BARE" ] || die "$BARE is missing"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
if [ "$callgrind" = 1 ] && ! command -v valgrind >/dev/null; then
    [ "$timed" = 1 ] || die "valgrind is missing (apt-get install valgrind)"
    echo "run.sh: valgrind is missing: no instruction counts" >&2
    callgrind=0
fi

# --- pages ------------------------------------------------------------------------------------
python3 benchmarks/mkpages.py --aeb "$AEB" --out "$OUT" --sizes "${sizes:-1}" >&2 \
    || die "mkpages.py failed"
shopt -s nullglob
aeb=("$OUT"/aeb/*.html)
shopt -u nullglob
[ ${#aeb[@]} -gt 0 ] || die "no aeb-dev pages in $OUT/aeb (--aeb)"
cat "${aeb[@]}" >"$OUT/aeb-all.html"       # the pages in one stream, in the order sax_bare takes them

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
resolve "$PITH"; PITH_BIN=$REAL
resolve "$BARE"; BARE_BIN=$REAL
# the default filter list, when one is installed (src/filterlist.c: pith_filterlist_default_path)
has_list=0
for l in "/usr/share/mozilla/extensions/{ec8030f7-c20a-464f-9b0e-13a3a9e97384}/uBlock0@raymondhill.net/assets/thirdparties/easylist/easylist.txt" \
         /usr/share/webext/ublock-origin/assets/thirdparties/easylist/easylist.txt \
         /usr/share/chromium/extensions/ublock-origin/assets/thirdparties/easylist/easylist.txt \
         /usr/share/xul-ext/ublock-origin/assets/thirdparties/easylist/easylist.txt \
         /usr/share/ublock-origin/assets/thirdparties/easylist/easylist.txt; do
    [ -f "$l" ] && has_list=1
done

# The programs, by name: each is a command line; IN (set by the caller) is the input file,
# which pith reads on stdin, gzipped for "text.gz", and sax_bare as FILE arguments (BARE_IN:
# the aeb-dev pages one by one for the stream).
progs=(bare text html jsonl text.gz)
[ "$has_list" = 1 ] && progs+=(text+list)
# Runs program $1 on the input; with $2 = time, under /usr/bin/time -v (peak RSS in $TMP/time).
run_prog() {
    local pre=()
    [ "${2:-}" = time ] && pre=(/usr/bin/time -v -o "$TMP/time")
    case $1 in
    bare) "${pre[@]}" "$BARE_BIN" "${BARE_IN[@]}" </dev/null ;;
    text) "${pre[@]}" "$PITH_BIN" --no-filter-list --format=text <"$IN" ;;
    html) "${pre[@]}" "$PITH_BIN" --no-filter-list --format=html <"$IN" ;;
    jsonl) "${pre[@]}" "$PITH_BIN" --no-filter-list --format=jsonl --keep=all <"$IN" ;;
    text.gz) "${pre[@]}" "$PITH_BIN" --no-filter-list --format=text <"$IN.gz" ;;
    text+list) "${pre[@]}" "$PITH_BIN" --format=text <"$IN" ;;
    esac >/dev/null 2>"$TMP/err" || die "$1 failed on $IN ($(tail -n 3 "$TMP/err"))"
}
# Sets US to the wall time and CPU to the CPU time (user + system, from the shell's `times`,
# to the ms) in µs of program $1 on the input.  (No subshell, so that die ends the script.)
children_us() {    # sets CH to the CPU time of this shell's children so far
    times >"$TMP/times"
    CH=$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/)
                        printf "%d\n", ((u[1] + s[1]) * 60 + u[2] + s[2]) * 1e6 }' "$TMP/times")
}
time_us() {
    local t0 t1 c0 c1
    children_us; c0=$CH
    t0=${EPOCHREALTIME/./}
    run_prog "$1"
    t1=${EPOCHREALTIME/./}
    children_us; c1=$CH
    US=$((t1 - t0)) CPU=$((c1 - c0))
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mbps() { awk -v b="$1" -v us="$2" 'BEGIN { printf "%.1f", (us > 0) ? b / us : 0 }'; }   # bytes/µs = MB/s
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
fsize() { stat -c %s "$1"; }
page() { echo "$OUT/page-$(awk -v s="$1" 'BEGIN { printf "%g", s }')MB.html"; }   # as mkpages.py names it

# The inputs: name, file (pith's), and sax_bare's arguments.
inputs=("aeb-dev(${#aeb[@]})")
files=("$OUT/aeb-all.html")
for s in $sizes; do
    inputs+=("$(basename "$(page "$s")" .html)")
    files+=("$(page "$s")")
done
set_input() {   # set_input INDEX: IN and BARE_IN for input INDEX
    IN=${files[$1]}
    if [ "$1" = 0 ]; then BARE_IN=("${aeb[@]}"); else BARE_IN=("$IN"); fi
}

# --- timed runs -------------------------------------------------------------------------------
T_ROWS=()
if [ "$timed" = 1 ]; then
    for ((k = 0; k < ${#inputs[@]}; k++)); do
        set_input "$k"
        [ "$IN.gz" -nt "$IN" ] || gzip -6 -c "$IN" >"$IN.gz"
        for p in "${progs[@]}"; do
            : >"$TMP/t.$k.$p"; : >"$TMP/c.$k.$p"
            run_prog "$p" time       # peak RSS, and a warm-up
            awk -F: '/Maximum resident set size/ { print $2 + 0 }' "$TMP/time" >"$TMP/kb.$k.$p"
        done
    done
    for ((i = 1; i <= runs; i++)); do
        echo "round $i of $runs" >&2
        for ((k = 0; k < ${#inputs[@]}; k++)); do
            set_input "$k"
            for p in "${progs[@]}"; do
                time_us "$p"; echo "$US" >>"$TMP/t.$k.$p"; echo "$CPU" >>"$TMP/c.$k.$p"
            done
        done
    done
fi

# --- callgrind --------------------------------------------------------------------------------
# Instructions of one run of program $1 (text or bare) on the aeb-dev pages, per object
# file, into $TMP/ir.$1: "total N", then "object N" lines.  pith's own is the total less
# every other object's: code inlined from headers (buf.h, bsearch) has no object in
# callgrind_annotate's list and is pith's (less than 0.1 per byte of it is libc's).
count_ir() {
    local p=$1 f=$OUT/callgrind.$1.out
    set_input 0
    case $p in
    bare) valgrind --tool=callgrind --callgrind-out-file="$f" --log-file="$TMP/vg" \
              "$BARE_BIN" "${BARE_IN[@]}" </dev/null >/dev/null 2>"$TMP/err" ;;
    *) valgrind --tool=callgrind --callgrind-out-file="$f" --log-file="$TMP/vg" \
           "$PITH_BIN" --no-filter-list --format=text <"$IN" >/dev/null 2>"$TMP/err" ;;
    esac || die "valgrind failed on $p ($(tail -n 3 "$TMP/err"))"
    callgrind_annotate --auto=no --threshold=100 "$f" | awk '
        /PROGRAM TOTALS/ { n = $1; gsub(",", "", n); print "total", n }
        /^ *[0-9,]+ .*\[.*\]$/ {
            n = $1; gsub(",", "", n); o = $NF; gsub(/[][]/, "", o); sub(/.*\//, "", o)
            if (o ~ /^libxml2/) o = "libxml2"; else if (o ~ /^libc[.-]/) o = "libc"
            else if (o ~ /^libz/) o = "zlib"; else if (o == "pith" || o ~ /^libpith/) next
            else o = "other"
            s[o] += n; rest += n
        }
        END { for (o in s) print o, s[o]; print "pith", t - rest }
        /PROGRAM TOTALS/ { t = $1; gsub(",", "", t) }' >"$TMP/ir.$p"
}
ir() { awk -v o="$2" '$1 == o { print $2 }' "$TMP/ir.$1"; }
if [ "$callgrind" = 1 ]; then
    echo "callgrind: pith --format=text and sax_bare on the aeb-dev pages" >&2
    count_ir text
    count_ir bare
fi

# --- report -----------------------------------------------------------------------------------
check() {   # check LABEL VALUE OP LIMIT
    printf '  %-62s %s\n' "$1" "$(awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN {
        ok = (op == ">=") ? v >= l : v <= l; printf "%s (%s)", ok ? "met" : "NOT met", v }')"
}
# table X: one row per input of the medians in $TMP/X.*: bare's MB/s, each pith's throughput
# as a ratio of bare's (text.gz: of text's); sets RMIN_TEXT, RMIN_FMT (html, jsonl), GZ_MIN.
table() {
    local x=$1 k p med bare_us bytes r
    RMIN_TEXT=9 RMIN_FMT=9 GZ_MIN=9
    printf '%-15s %10s %9s' input bytes "bare MB/s"
    for p in "${progs[@]:1}"; do printf ' %9s' "$p"; done
    echo
    for ((k = 0; k < ${#inputs[@]}; k++)); do
        bytes=$(fsize "${files[$k]}")
        bare_us=$(median <"$TMP/$x.$k.bare")
        printf '%-15s %10s %9s' "${inputs[$k]}" "$bytes" "$(mbps "$bytes" "$bare_us")"
        for p in "${progs[@]:1}"; do
            med=$(median <"$TMP/$x.$k.$p")
            if [ "$p" = text.gz ]; then
                r=$(ratio "$(median <"$TMP/$x.$k.text")" "$med")
                GZ_MIN=$(awk -v m="$GZ_MIN" -v r="$r" 'BEGIN { print (r < m) ? r : m }')
            else
                r=$(ratio "$bare_us" "$med")
            fi
            case $p in
            text) RMIN_TEXT=$(awk -v m="$RMIN_TEXT" -v r="$r" 'BEGIN { print (r < m) ? r : m }') ;;
            html|jsonl) RMIN_FMT=$(awk -v m="$RMIN_FMT" -v r="$r" 'BEGIN { print (r < m) ? r : m }') ;;
            esac
            printf ' %8sx' "$r"
        done
        echo
    done
}
report() {
    local k p bytes kb100='' x
    echo "pith benchmark ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')," \
         "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')," \
         "libxml2 $(pkg-config --modversion libxml-2.0 2>/dev/null || echo '?'))"
    if [ "$timed" = 1 ]; then
        echo "pith: $PITH_BIN; median of $runs interleaved rounds; MB = 10^6 bytes of HTML;"
        echo "pith --no-filter-list unless text+list; pith and bare each in one process per input;"
        echo "x = throughput / bare's;"
        echo "text.gz = pith on the input gzipped, its throughput / text's (plain)"
        for x in c t; do
            echo
            if [ $x = c ]; then echo "by CPU time (user + system):"; else echo "by wall time:"; fi
            table $x
            echo "targets (issue 13), by $([ $x = c ] && echo CPU || echo wall) time:"
            check "pith text >= 0.95x bare (lowest over the inputs):" "$RMIN_TEXT" ">=" 0.95
            check "pith html and jsonl --keep=all >= 0.85x bare (lowest):" "$RMIN_FMT" ">=" 0.85
            check "gzip input >= 0.88x plain (lowest):" "$GZ_MIN" ">=" 0.88
        done
        echo
        echo "peak RSS, MiB:"
        printf '%-15s' input; for p in "${progs[@]}"; do printf ' %9s' "$p"; done; echo
        for ((k = 0; k < ${#inputs[@]}; k++)); do
            printf '%-15s' "${inputs[$k]}"
            for p in "${progs[@]}"; do printf ' %9s' "$(mib "$(cat "$TMP/kb.$k.$p")")"; done
            echo
            case ${inputs[$k]} in page-100MB) kb100=$(cat "$TMP/kb.$k.text") ;; esac
        done
        if [ -n "$kb100" ]; then
            check "pith peak RSS on the 100 MB page <= 6 MiB:" "$(mib "$kb100")" "<=" 6
        fi
    fi
    if [ "$callgrind" = 1 ]; then
        bytes=$(fsize "$OUT/aeb-all.html")
        echo
        echo "callgrind, aeb-dev pages ($bytes bytes), instructions per byte: pith --format=text --no-filter-list"
        echo "(one stream) and sax_bare (the pages as files, one process); profiles in $OUT/callgrind.{text,bare}.out"
        printf '%-10s %15s %9s %9s %9s %9s %9s\n' program instructions "per byte" "pith own" libxml2 libc zlib
        for p in text bare; do
            printf '%-10s %15s' "$([ $p = text ] && echo pith || echo sax_bare)" "$(ir $p total)"
            for o in total pith libxml2 libc zlib; do
                printf ' %9s' "$(awk -v n="$(ir $p $o)" -v b="$bytes" 'BEGIN { printf "%.2f", n / b }')"
            done
            echo
        done
        echo "targets (issue 13):"
        check "pith's own instructions per byte <= 25:" \
            "$(awk -v n="$(ir text pith)" -v b="$bytes" 'BEGIN { printf "%.2f", n / b }')" "<=" 25
        check "pith's instructions <= 0.85x the bare pass's:" \
            "$(awk -v a="$(ir text total)" -v b="$(ir bare total)" 'BEGIN { printf "%.3f", a / b }')" "<=" 0.85
    fi
}
report | tee "$OUT/results.txt"
