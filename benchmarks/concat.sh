#!/bin/sh
# concat.sh -- many pages in one stream: does each page's story come out as if it were alone?
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   benchmarks/concat.sh [PAGE]...        default: the aeb-dev pages ($SHARED/bench/aeb-dev/html/*)
#   PITH=/path/to/pith benchmarks/concat.sh ...     another build (default ./filter/pith)
#
# Runs pith --format=text on each page alone, then on all of them concatenated into one stream
# (each page decompressed first), and reports: the story paragraphs (lines) of the pages alone, how many
# of them the stream lost (counted as a multiset), the pages whose story is all gone, and whether
# the stream's output is byte for byte the pages' outputs one after the other.
# Exit status: 0 if the stream gives exactly the pages alone, 1 if not, 2 if it could not run.
set -u
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
PITH=${PITH:-./filter/pith}
[ -x "$PITH" ] || { echo "concat.sh: $PITH is missing: build it first" >&2; exit 2; }
command -v python3 >/dev/null || { echo "concat.sh: python3 not found" >&2; exit 2; }
if [ $# -eq 0 ]; then
    set -- "$SHARED"/bench/aeb-dev/html/*
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pith-concat.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT HUP INT TERM
i=0
for f in "$@"; do
    i=$((i + 1))
    gzip -dcf "$f" > "$tmp/page.$i" || exit 2
    "$PITH" --format=text "$tmp/page.$i" > "$tmp/alone.$i" 2>/dev/null
    cat "$tmp/page.$i" >> "$tmp/stream.html"
    cat "$tmp/alone.$i" >> "$tmp/alone.all"
done
"$PITH" --format=text "$tmp/stream.html" > "$tmp/stream.out" 2>/dev/null
python3 - "$tmp" "$i" <<'PY'
import collections, sys
tmp, n = sys.argv[1], int(sys.argv[2])
def paras(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        # lines, not blank-line paragraphs: one page's output runs into the
        # next's with a single newline between them
        return [p.strip() for p in f.read().split("\n") if p.strip()]
stream = collections.Counter(paras(tmp + "/stream.out"))
total = lost = gone = 0
for i in range(1, n + 1):
    mine = paras("%s/alone.%d" % (tmp, i))
    kept = 0
    for p in mine:
        total += 1
        if stream[p] > 0:
            stream[p] -= 1
            kept += 1
    lost += len(mine) - kept
    if mine and kept == 0:
        gone += 1
same = open(tmp + "/stream.out", "rb").read() == open(tmp + "/alone.all", "rb").read()
print("pages %d, story paragraphs alone %d, lost in the stream %d (%.1f%%), pages with all "
      "their story lost %d, stream output identical to the pages alone: %s"
      % (n, total, lost, 100.0 * lost / max(total, 1), gone, "yes" if same else "no"))
sys.exit(0 if same else 1)
PY
