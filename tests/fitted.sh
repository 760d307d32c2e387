#!/bin/sh
# fitted.sh -- the tables of weights of the story score are what
# benchmarks/fit.py makes of the committed training data
# (benchmarks/fit-data.tsv): src/classify_weights.h, the table the build
# compiles in (the hand-set weights or the fitted ones, as its first lines
# say), and benchmarks/fit-weights.h, the fitted table, regenerated, must come
# out byte for byte the same, so that the tables are the ones the script, its
# data and its cross-validated figures describe (benchmarks/README.md,
# "Fitted weights").  A hand edit of a table, of the data or of the script's
# model without regenerating fails here.
# Exit status: 0 the same, 1 not, 77 skipped (no python3).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
top=$(cd "$(dirname "$0")/.." && pwd)
command -v python3 >/dev/null 2>&1 || { echo "fitted.sh: python3 not found" >&2; exit 77; }
python3 "$top/benchmarks/fit.py" --check || {
    echo "fitted.sh: regenerate with benchmarks/fit.py (benchmarks/README.md)" >&2
    exit 1
}
