#!/bin/sh
# traf-dev.sh -- pith's main-text precision, recall and F1 on the traf-dev pages
# (506 real pages: news, blogs, shops, government, forums, in many languages).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   benchmarks/traf-dev.sh [options of score.py]     e.g. -v (every miss), --only ID, --jobs 2
#   TRAF=/path/to/traf-dev benchmarks/traf-dev.sh
#   PITH_FLAGS=--no-filter-list benchmarks/traf-dev.sh
#
# Runs `$TRAF/score.py './filter/pith --format=text $PITH_FLAGS'` from the repository top: each
# page is decompressed and piped to pith, and every 'with' snippet (main text) found in the
# output counts as a true positive, every 'without' snippet (boilerplate) found as a false
# positive; precision, recall and F1 over the summed counts (see $TRAF/README.md).  TRAF
# defaults to ../shared/bench/traf-dev from the repository top (a relative TRAF is taken from
# the current directory).  PITH_FLAGS are added to pith's command line (default: none, so the
# tool's default filter list is used when it is installed).  Does not build ./filter/pith: run
# make first.
# Exit status: that of score.py, or 1 if something it needs is missing.
set -eu
if [ -n "${TRAF:-}" ]; then         # a relative TRAF is taken from where the script was called
    dir=$TRAF
    TRAF=$(cd "$dir" 2>/dev/null && pwd) || { echo "traf-dev.sh: no directory TRAF=$dir" >&2; exit 1; }
fi
cd "$(dirname "$0")/.."
TRAF=${TRAF:-../shared/bench/traf-dev}
[ -x ./filter/pith ] || { echo "traf-dev.sh: ./filter/pith is missing: build it first (make filter/pith)" >&2; exit 1; }
[ -f "$TRAF/score.py" ] || { echo "traf-dev.sh: no $TRAF/score.py: set TRAF=" >&2; exit 1; }
exec python3 "$TRAF/score.py" "./filter/pith --format=text ${PITH_FLAGS:-}" "$@"
