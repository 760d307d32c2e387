#!/bin/sh
# attrs.sh -- without a filter list, rawtext hands the parser only the
# attributes some stage reads (read_attr in src/rawtext.c) and blanks the
# rest; with a list every attribute goes through (docs/ARCHITECTURE.md,
# rawtext).  So an attribute segment reads but read_attr does not name would
# change the output with a list that hides nothing.  This runs the reference
# page and the labelled pages in the three formats (every label kept) without
# a list and with an empty one, and fails on any difference.
# Exit status: 0 all the same, 1 a difference.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
top=$(cd "$(dirname "$0")/.." && pwd)
pith=${PITH:-./filter/pith}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
echo '! a list with no rules' > "$tmp/empty.txt"
fail=0 n=0
for page in "$top"/tests/data/nzherald.html "$top"/benchmarks/labels/pages/*.html; do
    for fmt in text html jsonl; do
        "$pith" --no-filter-list --format=$fmt --keep=all "$page" > "$tmp/a" || fail=1
        "$pith" --no-filter-list --filter-list="$tmp/empty.txt" --format=$fmt --keep=all \
            "$page" > "$tmp/b" || fail=1
        n=$((n + 1))
        if ! cmp -s "$tmp/a" "$tmp/b"; then
            echo "attrs.sh: $fmt of ${page#$top/} differs with an empty filter list:" >&2
            diff "$tmp/a" "$tmp/b" | head -4 >&2
            fail=1
        fi
    done
done
[ $fail = 0 ] && echo "attrs.sh: $n outputs the same without a list and with an empty one"
exit $fail
