#!/bin/bash
# F1 on the aeb-dev pages and peak memory on the 100 MB page against the
# look-ahead (blocks a block waits for before it is decided).
#   benchmarks/lookahead.sh [LOOKAHEADS...]     (default: 0 1 2 4 8 16 32 64)
# Run from the repository top after make; SHARED=../shared by default.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(0 1 2 4 8 16 32 64)
bin=./filter/.libs/pith
[ -x "$bin" ] || bin=./filter/pith
export LD_LIBRARY_PATH=$PWD/src/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
big=benchmarks/out/page-100MB.html
[ -f "$big" ] || python3 benchmarks/mkpages.py --sizes "100" >/dev/null
printf '%-10s %-7s %-7s %-7s %s\n' lookahead F1 P R 'RSS MiB (100 MB page)'
for n in "${sizes[@]}"; do
    line=$(python3 "$shared/bench/aeb_run.py" "$bin --format=text --lookahead=$n" --peers '' \
           --n-bootstrap 10 --out "${TMPDIR:-/tmp}/aeb-la-$n.json" | awk '/^command/ {print $2, $5, $8}')
    rss=$( { /usr/bin/time -v "$bin" --format=text --lookahead="$n" "$big" >/dev/null; } 2>&1 |
           awk '/Maximum resident/ {printf "%.1f", $6/1024}')
    read -r f p r <<<"$line"
    printf '%-10s %-7s %-7s %-7s %s\n' "$n" "$f" "$p" "$r" "$rss"
done
