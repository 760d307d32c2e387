#!/bin/sh
# The reader view in headless Chromium (tests/reader.py): the reference page
# and two labelled pages at 390 px and 1280 px, light and dark, asserted from
# the rendered layout; screenshots in $READER_SHOTS (tests/reader-shots).
# Skipped (exit 77) only where chromium is missing.  Run by make check with
# PITH and DATA set.
set -eu
: "${PITH:=./filter/pith}" "${DATA:=tests/data}"
here=$(cd "$(dirname "$0")" && pwd)
exec timeout 120 python3 "$here/reader.py" "$PITH" "$DATA" "$here/../benchmarks/labels/pages"
