#!/bin/sh
# Builds the libFuzzer harness with clang (ASan + UBSan) over the library
# sources and runs it for SECONDS (default 60) on the test pages as corpus.
#   tests/fuzz/run.sh [SECONDS]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
out=${TMPDIR:-/tmp}/pith-fuzz
mkdir -p "$out/corpus"
cp "$top"/tests/data/*.html "$out/corpus/" 2>/dev/null || true
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$top/include" -I"$top/src" $(pkg-config --cflags libxml-2.0 zlib) \
    "$top"/src/*.c "$top/tests/fuzz/fuzz_pith.c" \
    $(pkg-config --libs libxml-2.0 zlib) -o "$out/fuzz_pith"
cd "$out"
./fuzz_pith -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=1024 corpus
