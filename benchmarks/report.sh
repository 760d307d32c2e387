#!/usr/bin/env bash
# report.sh -- where pith stands: accuracy, speed and memory beside the peers Debian packages.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   benchmarks/report.sh [-n N] [--quick] [--no-build] [--timeout S] [--img DIR] [--aeb DIR]
#
# In one run: pith --format=text --no-filter-list, pith with the installed EasyList (when
# there is one), readability-lxml (Debian python3-readability) and boilerpipe's
# ArticleExtractor (Debian libboilerpipe-java), each in one process over all the pages
# (drivers in benchmarks/peers/).  Measures the aeb-dev F1 of each (the scorer of
# benchmarks/accuracy.sh), MB/s over the 90 aeb-dev pages and over the 10 MB page (median of N
# interleaved rounds, start-up not counted; wall and CPU time), and peak RSS on the 1, 10 and
# 100 MB pages (benchmarks/peers/measure.py, through /usr/bin/time).  Prints a table, writes
# it to benchmarks/out/report/report.txt and draws with gnuplot DIR/report-speed.png (F1
# against MB per CPU second, log x) and DIR/report-rss.png (peak RSS against page size, log-log).
#
#   -n N          interleaved rounds of the speed runs, the median is kept (default 5)
#   --quick       2 rounds and no 100 MB page, unless -n says otherwise
#   --no-build    do not run make; use ./filter/pith as it is
#   --timeout S   seconds one run of a tool may take before it is killed (default 600)
#   --img DIR     where the PNGs go (default benchmarks/out/report)
#   --aeb DIR     the aeb-dev pages (default ../shared/bench/aeb-dev from the repository top)
#
# Needs bash >= 5, python3, /usr/bin/python3 with python3-readability, java and javac (17 or
# later) with libboilerpipe-java, gnuplot (gnuplot-nox) and /usr/bin/time (time).
# Exit status: 0 when everything ran (a peer's timeout or out-of-memory is a result, not an
# error), 1 on a usage or run error.
set -euo pipefail
export LC_ALL=C                       # '.' as decimal point, in EPOCHREALTIME too

cd "$(dirname "$0")/.."               # the repository top: the paths below are relative to it
OUT=benchmarks/out
REP=$OUT/report
PITH=./filter/pith
AEB=../shared/bench/aeb-dev
JARS=(boilerpipe nekohtml xercesImpl)     # /usr/share/java/<name>.jar (the JDK has the SAX API)

die() { echo "report.sh: $*" >&2; exit 1; }
usage() {   # the header comment; on stderr when it answers a usage error
    if [ "${1:-0}" = 0 ]; then sed -n '4,27s/^# \{0,1\}//p' "$0"; else sed -n '4,27s/^# \{0,1\}//p' "$0" >&2; fi
    exit "${1:-0}"
}

rounds='' quick=0 build=1 limit=600 img=''
while [ $# -gt 0 ]; do
    case $1 in
    -n) [ $# -ge 2 ] || usage 1; rounds=$2; shift 2 ;;
    -n*) rounds=${1#-n}; shift ;;
    --quick) quick=1; shift ;;
    --no-build) build=0; shift ;;
    --timeout) [ $# -ge 2 ] || usage 1; limit=$2; shift 2 ;;
    --timeout=*) limit=${1#*=}; shift ;;
    --img) [ $# -ge 2 ] || usage 1; img=$2; shift 2 ;;
    --img=*) img=${1#*=}; shift ;;
    --aeb) [ $# -ge 2 ] || usage 1; AEB=$2; shift 2 ;;
    --aeb=*) AEB=${1#*=}; shift ;;
    -h|--help) usage 0 ;;
    *) echo "report.sh: unknown argument: $1" >&2; usage 1 ;;
    esac
done
sizes="1 10 100"
if [ "$quick" = 1 ]; then rounds=${rounds:-2}; sizes="1 10"; fi
rounds=${rounds:-5}
img=${img:-$REP}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "-n wants a positive integer, not '$rounds'"
[[ $limit =~ ^[1-9][0-9]*$ ]] || die "--timeout wants a positive number of seconds, not '$limit'"
[ -d "$AEB/html" ] || die "no aeb-dev pages in $AEB/html (--aeb DIR)"
BENCH=$(cd "$AEB/.." && pwd)          # aeb_score.py and aeb-dev/ live there
[ -f "$BENCH/aeb_score.py" ] || die "no $BENCH/aeb_score.py (the aeb-dev scorer)"

# --- what it needs ----------------------------------------------------------------------------
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
command -v gnuplot >/dev/null || die "gnuplot is missing (apt-get install gnuplot-nox)"
[ -x /usr/bin/python3 ] || die "/usr/bin/python3 is missing (apt-get install python3)"
/usr/bin/python3 -c 'import readability' 2>/dev/null \
    || die "readability-lxml is missing for /usr/bin/python3 (apt-get install python3-readability)"
command -v java >/dev/null || die "java is missing (apt-get install default-jre-headless)"
command -v javac >/dev/null || die "javac is missing (apt-get install default-jdk-headless)"
CP=''
for j in "${JARS[@]}"; do
    [ -f "/usr/share/java/$j.jar" ] \
        || die "/usr/share/java/$j.jar is missing: boilerpipe needs it (apt-get install libboilerpipe-java)"
    CP=$CP${CP:+:}/usr/share/java/$j.jar
done

if [ "$build" = 1 ]; then
    [ -f Makefile ] || die "no Makefile at the repository top: run ./autogen.sh && ./configure first (or --no-build)"
    make -j"$(nproc 2>/dev/null || echo 2)" filter/pith >&2 || die "make filter/pith failed"
fi
[ -x "$PITH" ] || die "$PITH is missing"
# An uninstalled ./filter/pith linked to the shared library is libtool's wrapper script: run
# the program behind it, so that no shell start-up is timed.
PITH_BIN=$PITH
if head -c 300 "$PITH" | grep -q 'wrapper script'; then
    PITH_BIN=filter/.libs/pith
    [ -x "$PITH_BIN" ] || "$PITH" --version >/dev/null 2>&1 || true   # let libtool link it
    [ -x "$PITH_BIN" ] || die "$PITH is a libtool wrapper and $PITH_BIN is missing"
    export LD_LIBRARY_PATH=$PWD/src/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi
# The EasyList pith reads by default, if one is installed: the first of the paths built into
# pith (src/filterlist.c) that exists.
EASYLIST=''
command -v strings >/dev/null || echo "report.sh: note: no strings (binutils): pith with EasyList is left out" >&2
for p in $(strings -n 20 "$PITH_BIN" src/.libs/libpith.so* 2>/dev/null | grep 'easylist/easylist\.txt$' || true); do
    if [ -f "$p" ]; then EASYLIST=$p; break; fi
done

# --- pages and programs -----------------------------------------------------------------------
python3 benchmarks/mkpages.py --aeb "$AEB" --out "$OUT" --sizes "$sizes" >&2 || die "mkpages.py failed"
mapfile -t AEBPAGES < <(sed 's|.*|'"$OUT"'/aeb/&.html|' "$AEB/ids.txt")
for f in "${AEBPAGES[@]}"; do [ -f "$f" ] || die "$f is missing (mkpages.py)"; done
page() { echo "$OUT/page-${1}MB.html"; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/pith-report.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
javac -d "$TMP/classes" -cp "$CP" benchmarks/peers/BoilerpipeRun.java 2>"$TMP/err" \
    || die "javac BoilerpipeRun.java failed: $(tail -n 3 "$TMP/err")"
printf '%s\n' "${AEBPAGES[@]}" >"$TMP/aeb.list"
rm -rf "$REP"; mkdir -p "$REP" "$img"

TOOLS=(pith)
[ -n "$EASYLIST" ] && TOOLS+=(pith_el)
TOOLS+=(readability boilerpipe)
label() {
    case $1 in
    pith) echo "pith" ;; pith_el) echo "pith+EasyList" ;;
    readability) echo "readability-lxml" ;; boilerpipe) echo "boilerpipe" ;;
    esac
}
pith_args() { if [ "$1" = pith_el ]; then echo --format=text; else echo --format=text --no-filter-list; fi; }

# run TOOL OUTDIR LIST: runs TOOL once over the files listed in LIST (one process), the
# extracted text under OUTDIR, under benchmarks/peers/measure.py (wall and CPU time, peak RSS,
# the time limit).  Sets SECS and CPU (the tool's wall and CPU time over the pages, start-up not
# counted, empty if it failed), KB (peak RSS in KiB) and STATUS (ok, timeout, oom, exit-N or
# signal-N).
# The peers time their loop over the pages themselves.  pith writes all pages to one file: its
# times are those of the process less those of the same command on an empty file, run just
# before.
run() {
    local tool=$1 dir=$2 list=$3 ew=0 ec=0 files
    SECS='' CPU='' KB='' STATUS=ok
    mkdir -p "$dir"
    : >"$TMP/line"
    case $tool in
    pith|pith_el)
        : >"$TMP/empty.html"
        # shellcheck disable=SC2046  # pith_args gives separate words
        measure -- "$PITH_BIN" $(pith_args "$tool") "$TMP/empty.html"
        [ "$STATUS" = ok ] || die "pith failed on an empty page: $STATUS $(tail -n 3 "$TMP/err")"
        ew=$SECS ec=$CPU
        mapfile -t files <"$list"
        # shellcheck disable=SC2046
        measure --stdout "$dir/all.txt" -- "$PITH_BIN" $(pith_args "$tool") "${files[@]}"
        ;;
    readability)
        measure --stdout "$TMP/line" -- /usr/bin/python3 benchmarks/peers/readability_run.py "$dir" "@$list" ;;
    boilerpipe)
        measure --stdout "$TMP/line" -- java -cp "$TMP/classes:$CP" BoilerpipeRun "$dir" "@$list" ;;
    esac
    if [ "$STATUS" != ok ]; then
        grep -q 'OutOfMemoryError\|MemoryError' "$TMP/err" && STATUS=oom
        SECS='' CPU=''
        echo "report.sh: $tool on $(wc -l <"$list") file(s) from $(head -n 1 "$list"): $STATUS" \
             "($(tail -n 1 "$TMP/err" | cut -c 1-160))" >&2
        return 0
    fi
    case $tool in
    pith|pith_el)
        SECS=$(awk -v a="$SECS" -v e="$ew" 'BEGIN { printf "%.6f", a - e }')
        CPU=$(awk -v a="$CPU" -v e="$ec" 'BEGIN { printf "%.6f", a - e }') ;;
    *)  SECS=$(field "$TMP/line" seconds); CPU=$(field "$TMP/line" cpu_seconds)
        if [ -z "$SECS" ] || [ -z "$CPU" ]; then
            die "$tool gave no time: $(cat "$TMP/line") $(tail -n 3 "$TMP/err")"
        fi ;;
    esac
}
# measure [--stdout FILE] -- COMMAND...: sets STATUS, SECS (wall), CPU and KB of one run;
# the command's stderr goes to $TMP/err.
measure() {
    local line
    line=$(python3 benchmarks/peers/measure.py --timeout "$limit" "$@" 2>"$TMP/err") \
        || die "measure.py failed: $(tail -n 3 "$TMP/err")"
    STATUS=$(printf '%s\n' "$line" | sed -n 's/^status \(.*\) wall .*/\1/p' | tr ' ' -)
    SECS=$(printf '%s\n' "$line" | field - wall)
    CPU=$(printf '%s\n' "$line" | field - cpu)
    KB=$(printf '%s\n' "$line" | field - maxrss_kib)
}
# field FILE KEY: the word after KEY in FILE (- for stdin)
field() { awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' "$1"; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
load() { cut -d' ' -f1 /proc/loadavg; }
load >"$TMP/load"

# --- accuracy ---------------------------------------------------------------------------------
# Each tool's outputs of the 90 pages, one file a page, scored like benchmarks/accuracy.sh.
# pith runs once per page here (its output for many files in one process is the pages'
# outputs one after the other, without a mark between them).
echo "accuracy: aeb-dev, ${#AEBPAGES[@]} pages" >&2
for tool in "${TOOLS[@]}"; do
    d=$REP/$tool/aeb
    mkdir -p "$d"
    case $tool in
    pith|pith_el)
        for f in "${AEBPAGES[@]}"; do
            # shellcheck disable=SC2046
            "$PITH_BIN" $(pith_args "$tool") "$f" >"$d/$(basename "$f" .html).txt" 2>/dev/null || true
        done ;;
    *) run "$tool" "$d" "$TMP/aeb.list"
       [ "$STATUS" = ok ] || die "$tool failed on the aeb-dev pages: $STATUS" ;;
    esac
    python3 benchmarks/peers/score.py "$BENCH" "$d" >"$REP/$tool.score" || die "scoring $tool failed"
done

# --- speed: N interleaved rounds over the aeb-dev pages and the 10 MB page --------------------
# Each round runs every tool on each set, in an order rotated from round to round, so that
# the machine's drift hits every tool alike.  Lines of $TMP/speed.TOOL.SET: "secs cpu kib status".
page "10" >"$TMP/p10.list"
for ((r = 0; r < rounds; r++)); do
    echo "speed: round $((r + 1)) of $rounds (load $(load))" >&2
    load >>"$TMP/load"
    n=${#TOOLS[@]}
    for set in aeb p10; do
        for ((k = 0; k < n; k++)); do
            tool=${TOOLS[$(((k + r) % n))]}
            run "$tool" "$TMP/out.$tool" "$TMP/$set.list"
            rm -rf "$TMP/out.$tool"
            echo "${SECS:-nan} ${CPU:-nan} ${KB:-0} $STATUS" >>"$TMP/speed.$tool.$set"
        done
    done
done

# --- memory: peak RSS on the 1 and 100 MB pages (10 MB: the largest of the speed rounds) ------
for s in $sizes; do
    [ "$s" = 10 ] && continue
    page "$s" >"$TMP/p$s.list"
    for tool in "${TOOLS[@]}"; do
        echo "memory: $tool on $(page "$s") (load $(load))" >&2
        load >>"$TMP/load"
        run "$tool" "$TMP/out.$tool" "$TMP/p$s.list"
        rm -rf "$TMP/out.$tool"
        echo "${SECS:-nan} ${CPU:-nan} ${KB:-0} $STATUS" >"$TMP/rss.$tool.$s"
    done
done
load >>"$TMP/load"
for tool in "${TOOLS[@]}"; do
    awk '$4 == "ok"' "$TMP/speed.$tool.p10" | sort -k3,3n | tail -n 1 >"$TMP/rss.$tool.10"
    [ -s "$TMP/rss.$tool.10" ] || tail -n 1 "$TMP/speed.$tool.p10" >"$TMP/rss.$tool.10"
done

# --- table ------------------------------------------------------------------------------------
bytes_of() { local t=0 f; while read -r f; do t=$((t + $(stat -c %s "$f"))); done <"$1"; echo "$t"; }
AEBBYTES=$(bytes_of "$TMP/aeb.list")
P10BYTES=$(stat -c %s "$(page 10)")
# mbps FILE BYTES COLUMN: MB/s of the median time in COLUMN (1 wall, 2 CPU) of the ok runs in
# FILE, or the status of the last run when none was ok
mbps() {
    local m
    m=$(awk -v c="$3" '$4 == "ok" { print $c }' "$1" | median)
    if [ -n "$m" ]; then awk -v b="$2" -v s="$m" 'BEGIN { printf "%.1f", b / s / 1e6 }'
    else awk '{ s = $4 } END { print s }' "$1"; fi
}
# rss FILE: peak RSS in MiB of an ok run, or "status:N" (N MiB reached)
rss() { awk '{ if ($4 == "ok") printf "%.1f", $3 / 1024; else printf "%s:%.0f", $4, $3 / 1024 }' "$1"; }

vers() {
    case $1 in
    pith|pith_el) "$PITH_BIN" --version 2>/dev/null | head -n 1 ;;
    readability) echo "readability-lxml $(dpkg-query -W -f '${Version}' python3-readability 2>/dev/null || echo '?')," \
                      "$(/usr/bin/python3 -c 'import sys, lxml.etree as e; print("Python %d.%d.%d" % sys.version_info[:3], "lxml", e.__version__)')" ;;
    boilerpipe) echo "boilerpipe $(dpkg-query -W -f '${Version}' libboilerpipe-java 2>/dev/null || echo '?') ArticleExtractor," \
                     "$(java -version 2>&1 | head -n 1 | tr -d '"')" ;;
    esac
}

row() { LC_ALL=C.UTF-8 printf '%-16s %-12s  %6s %6s  %6s %6s  %6s %6s  %7s %6s %6s %9s\n' "$@"; }   # UTF-8: widths in characters (±)
table() {
    local commit
    commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
    git diff --quiet HEAD -- src filter 2>/dev/null || commit="$commit+changes"
    echo "pith beside its peers ($(date -u +%Y-%m-%dT%H:%MZ), commit $commit, $(nproc) CPUs," \
         "1-min load average $(sort -g "$TMP/load" | head -n 1)-$(sort -g "$TMP/load" | tail -n 1) during the run)"
    echo "F1: aeb-dev (${#AEBPAGES[@]} pages), the benchmark's shingle F1 ± bootstrap std.  MB/s = 10^6 bytes"
    echo "per second, one process over all the pages, start-up not counted, median of $rounds interleaved"
    echo "rounds: wall time and CPU time (user+sys).  aeb-dev: $AEBBYTES bytes; 10 MB: $P10BYTES bytes;"
    echo "100 MB: one run, also the peak RSS run, killed after $limit s.  Peak RSS of the whole process."
    echo
    echo "                               ---------- MB/s, wall and CPU time ---------  ---- peak RSS, MiB ------"
    echo "                 aeb-dev          aeb-dev        10 MB page     100 MB page"
    row tool "F1" "wall" "CPU" "wall" "CPU" "wall" "CPU" aeb-dev "1 MB" "10 MB" "100 MB"
    for tool in "${TOOLS[@]}"; do
        local f1 sd a ac p pc r1 r10 r100='-' m100='-' c100='-' kb
        f1=$(field "$REP/$tool.score" f1); sd=$(field "$REP/$tool.score" f1_std)
        a=$(mbps "$TMP/speed.$tool.aeb" "$AEBBYTES" 1); ac=$(mbps "$TMP/speed.$tool.aeb" "$AEBBYTES" 2)
        p=$(mbps "$TMP/speed.$tool.p10" "$P10BYTES" 1); pc=$(mbps "$TMP/speed.$tool.p10" "$P10BYTES" 2)
        kb=$(awk '$4 == "ok" { print $3 }' "$TMP/speed.$tool.aeb" | sort -n | tail -n 1)
        r1=$(rss "$TMP/rss.$tool.1"); r10=$(rss "$TMP/rss.$tool.10")
        if [ -f "$TMP/rss.$tool.100" ]; then
            r100=$(rss "$TMP/rss.$tool.100")
            m100=$(mbps "$TMP/rss.$tool.100" "$(stat -c %s "$(page 100)")" 1)
            c100=$(mbps "$TMP/rss.$tool.100" "$(stat -c %s "$(page 100)")" 2)
        fi
        row "$(label "$tool")" "$(printf '%.3f±%.3f' "$f1" "$sd")" "$a" "$ac" "$p" "$pc" "$m100" "$c100" \
            "$(awk -v k="${kb:-0}" 'BEGIN { printf "%.1f", k / 1024 }')" "$r1" "$r10" "$r100"
        # for the plots; pith with EasyList has about pith's F1: its label goes below the point
        echo "\"$(label "$tool")\" $f1 $ac $a $([ "$tool" = pith_el ] && echo -1 || echo 1)" >>"$REP/speed.dat"
        for s in $sizes; do
            awk -v s="$s" '$4 == "ok" { printf "%s %.1f\n", s, $3 / 1024 }' "$TMP/rss.$tool.$s"
        done >"$REP/rss.$tool.dat"
        for s in $sizes; do
            awk -v s="$s" '$4 != "ok" { w = ($4 == "oom") ? "out of memory" : $4
                                        printf "%s %.1f \"%s at %.0f MiB\"\n", s, $3 / 1024, w, $3 / 1024 }' "$TMP/rss.$tool.$s"
        done >"$REP/rss-fail.$tool.dat"
    done
    echo
    for tool in "${TOOLS[@]}"; do
        printf '%-16s %s\n' "$(label "$tool")" "$(vers "$tool")"
    done
    [ -n "$EASYLIST" ] && echo "EasyList: $EASYLIST ($(wc -l <"$EASYLIST") lines)"
    echo "java: default options, max heap $(java -XX:+PrintFlagsFinal -version 2>/dev/null \
        | awk '$2 == "MaxHeapSize" { printf "%.1f GiB", $4 / 2^30 }') (a quarter of the RAM)"
    return 0
}
: >"$REP/speed.dat"
table | tee "$REP/report.txt"

# --- plots ------------------------------------------------------------------------------------
{
    echo "set terminal pngcairo size 800,520 font 'sans,10'"
    echo "set output '$img/report-speed.png'"
    echo "set title 'aeb-dev F1 against speed, one process over the ${#AEBPAGES[@]} aeb-dev pages' noenhanced"
    echo "set xlabel 'MB per second of CPU time (log scale)'"
    echo "set ylabel 'aeb-dev F1'"
    echo "set logscale x; set grid; set key off"
    echo "set offsets graph 0.1, graph 0.3, graph 0.1, graph 0.1"
    echo "plot '$REP/speed.dat' using 3:2:(\$0 + 1) with points pt 7 ps 1.6 lc variable, \\"  # the colours of the memory plot
    echo "     '' using 3:(\$5 > 0 ? \$2 : NaN):1 with labels offset char 1.2,0.8 left noenhanced, \\"
    echo "     '' using 3:(\$5 < 0 ? \$2 : NaN):1 with labels offset char 1.2,-0.9 left noenhanced"
} >"$TMP/speed.gp"
gnuplot "$TMP/speed.gp" || die "gnuplot failed on the speed plot"
{
    echo "set terminal pngcairo size 800,520 font 'sans,10'"
    echo "set output '$img/report-rss.png'"
    echo "set title 'peak RSS against page size (one process over one page)' noenhanced"
    echo "set xlabel 'page size, MB (log scale)'; set ylabel 'peak RSS, MiB (log scale)'"
    echo "set logscale xy; set grid; set key top left"
    echo "set xrange [0.7:150]; set xtics (${sizes// /, })"
    printf 'plot '
    sep=''
    i=0
    for tool in "${TOOLS[@]}"; do
        i=$((i + 1))
        printf "%s'%s' using 1:2 with linespoints lw 2 pt 7 lc %d title '%s'" "$sep" \
            "$REP/rss.$tool.dat" "$i" "$(label "$tool")"
        sep=", \\"$'\n'"     "
        if [ -s "$REP/rss-fail.$tool.dat" ]; then
            printf "%s'%s' using 1:2 with points pt 2 ps 2 lw 2 lc %d notitle" "$sep" \
                "$REP/rss-fail.$tool.dat" "$i"
            printf "%s'%s' using 1:2:(\"%s: \".stringcolumn(3)) with labels right offset char -1.5,0 notitle" \
                "$sep" "$REP/rss-fail.$tool.dat" "$(label "$tool")"
        fi
    done
    echo
} >"$TMP/rss.gp"
gnuplot "$TMP/rss.gp" || die "gnuplot failed on the memory plot"
echo "plots: $img/report-speed.png $img/report-rss.png" >&2
