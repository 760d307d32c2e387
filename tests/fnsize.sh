#!/bin/sh
# fnsize.sh -- no function of the library is over 80 lines or nested deeper
# than 4 braces (benchmarks/fnsize.py, docs/ARCHITECTURE.md): a longer one is
# split into named steps.
# Exit status: 0 all within, 1 some over (listed), 77 skipped (no python3).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
top=$(cd "$(dirname "$0")/.." && pwd)
command -v python3 >/dev/null 2>&1 || { echo "fnsize.sh: python3 not found" >&2; exit 77; }
exec python3 "$top/benchmarks/fnsize.py" --lines 80 --nesting 4 "$top"/src/*.c
