#!/bin/sh
# Builds a libFuzzer harness with clang (ASan + UBSan) over the library
# sources and runs it for SECONDS (default 60).  The build checks the
# mirrored element stack against libxml2's after every tag
# (-DPITH_NESTING_CHECK): a difference aborts, as a crash does.
#   tests/fuzz/run.sh [SECONDS [JOBS [page|list|warc|http]]]
# page (the default, fuzz_pith.c): pages, on a corpus of the test pages and
#   seeds from the hostile-input generators (seeds.py);
# list (fuzz_list.c): filter lists and the pages they are read on, on a
#   corpus of the test list and pieces of the installed EasyList (seeds.py
#   --lists).
# warc (fuzz_warc.c): the tool's WARC reader (filter/warc.c), on a corpus of
#   small crawls of the test pages, plain and gzip (seeds.py --warcs).
# http (fuzz_http.c): the proxy plugins' shared HTTP policy
#   (plugins/common/pith_http.c), on requests and responses from the
#   requests and responses written for it (seeds.py --http).
# The corpus and any crash files stay in ${TMPDIR:-/tmp}/pith-fuzz (the
# page harness) or ${TMPDIR:-/tmp}/pith-fuzz-list, -warc, -http.
# FUZZ_FLAGS adds libFuzzer options, e.g. FUZZ_FLAGS="-fork=1 -ignore_crashes=1"
# to go on after a crash and collect them all.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
jobs=${2:-1}
what=${3:-page}
lib=$(echo "$top"/src/*.c)
case $what in
page) harness=fuzz_pith seeds= srcs=$lib ;;
list) harness=fuzz_list seeds=--lists srcs=$lib ;;
warc) harness=fuzz_warc seeds=--warcs srcs=$top/filter/warc.c ;;   # zlib only
http) harness=fuzz_http seeds=--http srcs="$top/plugins/common/pith_http.c $lib" ;;
*)
    echo "usage: $0 [SECONDS [JOBS [page|list|warc|http]]]" >&2
    exit 2 ;;
esac
out=${TMPDIR:-/tmp}/pith-fuzz${seeds:+-$what}
mkdir -p "$out/corpus"
if [ "$what" = page ]; then
    cp "$top"/tests/data/*.html "$out/corpus/" 2>/dev/null || true
fi
# shellcheck disable=SC2086
python3 -B "$top/tests/fuzz/seeds.py" $seeds "$out/corpus"
# shellcheck disable=SC2086
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -DPITH_NESTING_CHECK \
    -I"$top/include" -I"$top/src" -I"$top/filter" -I"$top/plugins/common" $(pkg-config --cflags libxml-2.0 zlib) \
    $srcs "$top/tests/fuzz/$harness.c" \
    $(pkg-config --libs libxml-2.0 zlib) -o "$out/$harness"
cd "$out"
if [ "$jobs" -gt 1 ]; then
    ./$harness -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=1024 \
        -jobs="$jobs" -workers="$jobs" ${FUZZ_FLAGS:-} corpus
else
    ./$harness -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=1024 \
        ${FUZZ_FLAGS:-} corpus
fi
