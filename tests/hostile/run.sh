#!/bin/sh
# run.sh -- `make check` entry of the hostile-input suite (tests/hostile/).
#
# Runs hostile.py, which imports every tests/hostile/case_*.py and runs the
# cases in its CASES list: to add a family of bad inputs, add a case file
# (see case_parse.py for the form) and list it in EXTRA_DIST (Makefile.am);
# nothing here needs editing.
# PITH names the tool (set by make check).  Exit status as automake wants:
# 0 all passed, 1 some failed, 77 skipped (no python3), 99 could not run.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
command -v python3 >/dev/null 2>&1 || { echo "run.sh: python3 not found, skipped" >&2; exit 77; }
exec python3 -B "$(dirname "$0")/hostile.py" "$@"
