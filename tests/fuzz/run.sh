#!/bin/sh
# Builds the libFuzzer harness with clang (ASan + UBSan) over the library
# sources and runs it for SECONDS (default 60) on a corpus of the test pages
# and seeds from the hostile-input generators (seeds.py).  The build checks
# the mirrored element stack against libxml2's after every tag
# (-DPITH_NESTING_CHECK): a difference aborts, as a crash does.
#   tests/fuzz/run.sh [SECONDS [JOBS]]
# The corpus and any crash files stay in ${TMPDIR:-/tmp}/pith-fuzz.
# FUZZ_FLAGS adds libFuzzer options, e.g. FUZZ_FLAGS="-fork=1 -ignore_crashes=1"
# to go on after a crash and collect them all.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
jobs=${2:-1}
out=${TMPDIR:-/tmp}/pith-fuzz
mkdir -p "$out/corpus"
cp "$top"/tests/data/*.html "$out/corpus/" 2>/dev/null || true
python3 -B "$top/tests/fuzz/seeds.py" "$out/corpus"
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -DPITH_NESTING_CHECK \
    -I"$top/include" -I"$top/src" $(pkg-config --cflags libxml-2.0 zlib) \
    "$top"/src/*.c "$top/tests/fuzz/fuzz_pith.c" \
    $(pkg-config --libs libxml-2.0 zlib) -o "$out/fuzz_pith"
cd "$out"
if [ "$jobs" -gt 1 ]; then
    ./fuzz_pith -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=1024 \
        -jobs="$jobs" -workers="$jobs" ${FUZZ_FLAGS:-} corpus
else
    ./fuzz_pith -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=1024 \
        ${FUZZ_FLAGS:-} corpus
fi
