#!/bin/sh
# fitted.sh -- the fitted tables are what their scripts make of the
# committed training data: src/classify_weights.h, the table of the story
# score the build compiles in (the hand-set weights or the fitted ones, as
# its first lines say), and benchmarks/fit-weights.h, the fitted one, from
# benchmarks/fit.py and benchmarks/fit-data.tsv; src/kind_weights.h, the kind
# of a block that is not story, from benchmarks/kindfit.py and
# benchmarks/kind-data.tsv.  Regenerated, each must come out byte for byte
# the same, so that the tables are the ones the scripts, their data and
# their cross-validated figures describe (benchmarks/README.md).  A hand
# edit of a table, of the data or of a script's model without regenerating
# fails here.
# Exit status: 0 the same, 1 not, 77 skipped (no python3).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
top=$(cd "$(dirname "$0")/.." && pwd)
command -v python3 >/dev/null 2>&1 || { echo "fitted.sh: python3 not found" >&2; exit 77; }
python3 "$top/benchmarks/fit.py" --check && python3 "$top/benchmarks/kindfit.py" --check || {
    echo "fitted.sh: regenerate with benchmarks/fit.py or kindfit.py (benchmarks/README.md)" >&2
    exit 1
}
