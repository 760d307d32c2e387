#!/bin/sh
# accuracy.sh -- pith's article-extraction F1 on the aeb-dev pages, beside the peers.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   benchmarks/accuracy.sh [options of aeb_run.py]      e.g. --jobs 2, --name pith, --out FILE
#   SHARED=/path/to/shared benchmarks/accuracy.sh
#
# Runs `$SHARED/bench/aeb_run.sh './filter/pith --format=text'` from the repository top: every
# aeb-dev page is decompressed and piped to ./filter/pith, and the output is scored against the
# ground truth with the benchmark's own F1 (see $SHARED/bench/aeb-dev/README.md).  Targets of
# issue 2: F1 >= 0.88, later 0.96.  SHARED defaults to ../shared from the repository top (the
# shared directory beside the repository); a relative SHARED is taken from the current
# directory.  Does not build ./filter/pith: run make first.
# Exit status: that of aeb_run.sh, or 1 if something it needs is missing.
set -eu
if [ -n "${SHARED:-}" ]; then       # a relative SHARED is taken from where the script was called
    dir=$SHARED
    SHARED=$(cd "$dir" 2>/dev/null && pwd) || { echo "accuracy.sh: no directory SHARED=$dir" >&2; exit 1; }
fi
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
[ -x ./filter/pith ] || { echo "accuracy.sh: ./filter/pith is missing: build it first (make filter/pith)" >&2; exit 1; }
[ -f "$SHARED/bench/aeb_run.sh" ] || { echo "accuracy.sh: no $SHARED/bench/aeb_run.sh: set SHARED=" >&2; exit 1; }
exec sh "$SHARED/bench/aeb_run.sh" './filter/pith --format=text' "$@"
