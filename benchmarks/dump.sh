#!/usr/bin/env bash
# dump.sh -- pith on a web dump: a synthetic WARC.gz crawl against zcat and a
# bare libxml2 SAX pass over the same payloads (issue 10).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   benchmarks/dump.sh [--html-bytes N] [--files K] [--dir DIR] [--keep] [--no-build]
#
# Makes K WARC.gz files (one gzip member per record) holding N bytes of HTML in all
# (benchmarks/mkwarc.py, from the aeb-dev pages: varied headers, gzip-encoded and chunked
# payloads, images, scripts, 404s, redirects, revisit and metadata records) in DIR, then
# measures, one after another in this one run:
#   zcat        zcat FILES > /dev/null: gzip decoding alone
#   sax_bare    benchmarks/sax_bare -w FILES: the WARC reader, gzip decoding (records and
#               Content-Encoding) and a libxml2 SAX pass with empty callbacks over every page
#   pith_j1     pith --warc -j 1 -o OUT FILES (jsonl), one file at a time
#   pith_j2     the same with two files at a time
#   pith_20MB_file, pith_big_file: one process on a 20 MB-of-HTML file and on the first
#               dump file, to show peak RSS does not grow with the input
# Each: wall seconds, CPU seconds (user+sys of the process and its children), MB/s and
# pages/s of HTML over wall and over CPU time, peak RSS (of the largest process: one job).
# Then the core-hours ~3 billion pages would take at pith's pages per CPU second.
# Prints a table and writes it to benchmarks/out/dump.txt.
#
#   --html-bytes N  HTML bytes in all (default 1100000000: over 1 GB)
#   --files K       number of files (default 4)
#   --dir DIR       where the files go (default ${TMPDIR:-/tmp}/pith-dump); kept with --keep
#   --keep          keep (and reuse) the files
#   --no-build      do not run make
#   --aeb DIR       the aeb-dev pages (default ../shared/bench/aeb-dev/html)
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
die() { echo "dump.sh: $*" >&2; exit 1; }

bytes=1100000000 files=4 dir=${TMPDIR:-/tmp}/pith-dump keep=0 build=1 aeb=../shared/bench/aeb-dev/html
while [ $# -gt 0 ]; do
    case $1 in
    --html-bytes) bytes=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --no-build) build=0; shift ;;
    --aeb) aeb=$2; shift 2 ;;
    -h|--help) sed -n '4,27s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
    esac
done
[ -x /usr/bin/time ] || die "needs /usr/bin/time (Debian package time)"
[ -d "$aeb" ] || die "no aeb-dev pages in $aeb (--aeb DIR)"
if [ "$build" = 1 ]; then
    make -s filter/pith benchmarks/sax_bare >/dev/null || die "make failed"
fi
mkdir -p "$dir" benchmarks/out
[ "$keep" = 1 ] || trap 'rm -rf "$dir"' EXIT

per=$(( bytes / files ))
html=0 pages=0 gzbytes=0
for i in $(seq 1 "$files"); do
    f="$dir/dump-$i.warc.gz"
    if [ ! -s "$f" ] || [ ! -s "$f.counts" ]; then
        python3 benchmarks/mkwarc.py --seed "$i" --html-bytes "$per" --out "$f" "$aeb" > "$f.counts"
    fi
    read -r p h r b < <(sed 's/[a-z_]*=//g' "$f.counts")
    pages=$((pages + p)) html=$((html + h)) gzbytes=$((gzbytes + b))
done
inputs=("$dir"/dump-*.warc.gz)

# measure NAME CMD...: one run under /usr/bin/time
results=()
measure() {
    local name=$1; shift
    local t; t=$(mktemp)
    sync
    /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >/dev/null 2>"$t.err" || {
        cat "$t.err" >&2; die "$name failed"; }
    read -r wall user sys rss < "$t"
    # -o DIR runs fork one job per file: their peak RSS from pith's --stats
    if grep -q 'job_rss_kb=' "$t.err"; then rss=$(sed -n 's/.*job_rss_kb=\([0-9]*\).*/\1/p' "$t.err"); fi
    rm -f "$t" "$t.err"
    results+=("$name $wall $(echo "$user + $sys" | bc) $rss")
}
out=$(mktemp -d)
measure zcat zcat "${inputs[@]}"
measure sax_bare benchmarks/sax_bare -w "${inputs[@]}"
measure pith_j1 ./filter/pith --warc -q --stats -j 1 -o "$out/j1/" "${inputs[@]}"
measure pith_j2 ./filter/pith --warc -q --stats -j 2 -o "$out/j2/" "${inputs[@]}"
small=$(ls "$dir"/dump-1.warc.gz)
read -r small_pages _ < <(python3 benchmarks/mkwarc.py --seed 9 --html-bytes 20000000 \
    --out "$out/small.warc.gz" "$aeb" | sed 's/[a-z_]*=//g')
read -r big_pages big_html _ < <(sed 's/[a-z_]*=//g' "$small.counts")
measure pith_20MB_file ./filter/pith --warc -q "$out/small.warc.gz"
measure pith_big_file ./filter/pith --warc -q "$small"
cmp -s <(cat "$out"/j1/*) <(cat "$out"/j2/*) || die "-j 1 and -j 2 outputs differ"
outpages=$(cat "$out"/j1/*.jsonl | wc -l)
# the warc output of the first file, read back by another WARC reader when there is one
warcio=${WARCIO:-$HOME/.cache/pith/npm/node_modules/.bin/warcio} wcheck="warcio not installed"
if [ -x "$warcio" ]; then
    ./filter/pith --warc -q --format=warc "$small" > "$out/first.wet.gz"
    conv=$("$warcio" index "$out/first.wet.gz" 2>"$out/warcio.err" | grep -c '"conversion"' || true)
    wcheck="warcio index: $conv conversion records for $big_pages pages, $(wc -c < "$out/warcio.err") bytes on stderr"
fi
rm -rf "$out"

{
    echo "dump: $files files, $(echo "scale=1; $gzbytes / 1000000" | bc) MB gzip, $pages pages," \
         "$(echo "scale=1; $html / 1000000" | bc) MB of HTML; pith wrote $outpages pages"
    echo "first file, --format=warc: $wcheck"
    echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    printf '%-15s %8s %8s %10s %10s %10s %10s %9s\n' run wall_s cpu_s MB/s_wall MB/s_cpu pages/s pages/cpu_s rss_MiB
    for r in "${results[@]}"; do
        set -- $r
        name=$1 wall=$2 cpu=$3 rss=$4
        h=$html p=$pages
        [ "$name" = pith_20MB_file ] && h=20000000 p=$small_pages
        [ "$name" = pith_big_file ] && h=$big_html p=$big_pages
        printf '%-15s %8.2f %8.2f %10.1f %10.1f %10.1f %10.1f %9.1f\n' "$name" "$wall" "$cpu" \
            "$(echo "$h / 1000000 / $wall" | bc -l)" "$(echo "$h / 1000000 / $cpu" | bc -l)" \
            "$(echo "$p / $wall" | bc -l)" "$(echo "$p / $cpu" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
    done
    set -- ${results[1]}; bare_wall=$2 bare_cpu=$3
    set -- ${results[2]}; j1_wall=$2 j1_cpu=$3
    set -- ${results[3]}; j2_wall=$2
    printf 'pith -j 1 / sax_bare: %.2f (wall), %.2f (cpu)\n' "$(echo "$bare_wall / $j1_wall" | bc -l)" \
        "$(echo "$bare_cpu / $j1_cpu" | bc -l)"
    printf 'pith -j 2 / pith -j 1: %.2f (wall)\n' "$(echo "$j1_wall / $j2_wall" | bc -l)"
    printf 'core-hours for 3e9 pages at %.1f pages per CPU second: %.0f\n' \
        "$(echo "$pages / $j1_cpu" | bc -l)" "$(echo "3000000000 / ($pages / $j1_cpu) / 3600" | bc -l)"
} | tee benchmarks/out/dump.txt
