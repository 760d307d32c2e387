#!/bin/bash
# Four-label accuracy on the labelled development set (benchmarks/labels/):
#   benchmarks/labels.sh [tune|holdout|all] [extra labels/score.py options, e.g. -v, --per-page]
# Run from the repository top after make.  The aeb-dev and traf-dev pages are read
# from $SHARED/bench/aeb-dev/html and $SHARED/bench/traf-dev/pages (SHARED=../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
part=${1:-all}
[ $# -gt 0 ] && shift
only=()
if [ "$part" != all ]; then
    while read -r kind id _; do
        [ "$kind" = "$part" ] && only+=(--only "$id")
    done < benchmarks/labels/split.txt
fi
exec python3 benchmarks/labels/score.py \
    --labels benchmarks/labels/written.jsonl --labels benchmarks/labels/aeb.jsonl \
    --labels benchmarks/labels/traf.jsonl \
    --pages benchmarks/labels/pages --pages "$shared/bench/aeb-dev/html" \
    --pages "$shared/bench/traf-dev/pages" \
    --pith ./filter/pith --lookahead "${LOOKAHEAD:-16}" "${only[@]}" "$@"
