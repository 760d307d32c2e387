#!/bin/sh
# cli_errors.sh -- the pith tool on pages it cannot filter: --on-error=original|story|empty,
# the hold and its cap, read errors, and every exit status of pith(1).
#
# Run by `make check` with PITH (the tool) and DATA (tests/data) set; by hand:
#   PITH=filter/pith DATA=tests/data sh tests/hostile/cli_errors.sh
# Exit status: 0 all passed, 1 some failed, 99 could not run (automake).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.

PITH=${PITH:-filter/pith}
DATA=${DATA:-tests/data}
PAGE=$DATA/nzherald.html

# check, ok, not_ok, checks_done, run (the tool, its exit status), tool_test
. "$(dirname "$0")/../lib/testlib.sh"
tool_test cli_errors.sh "$PAGE" -- gzip head cmp grep wc awk
empty() { [ ! -s "$1" ]; }
has() { grep -q -- "$2" "$1"; }
hasnt() { ! grep -q -- "$2" "$1"; }

# a page with scripts, gzip, cut in the middle: it cannot be filtered to its end
gzip -c "$PAGE" > "$tmp/page.gz"
head -c 12000 "$tmp/page.gz" > "$tmp/cut.gz"
"$PITH" "$PAGE" > "$tmp/ref.html" || { echo "cli_errors.sh: pith fails on $PAGE" >&2; exit 99; }
"$PITH" --format=text "$PAGE" > "$tmp/ref.text" || exit 99

# --- a page that fails ------------------------------------------------------
check "story: exit 2" run 2 "$tmp/s" "$tmp/se" --on-error=story "$tmp/cut.gz"
check "story: the decided story, document closed" \
    sh -c 'tail -n 1 "$1" | grep -q "^</html>$" && grep -q "<p[ >]" "$1"' _ "$tmp/s"
check "story: nothing executable" hasnt "$tmp/s" "<script"
check "default is story" sh -c '"$0" "$1" 2>/dev/null | cmp -s - "$2"' "$PITH" "$tmp/cut.gz" "$tmp/s"
check "original: exit 0" run 0 "$tmp/o" "$tmp/oe" --on-error=original "$tmp/cut.gz"
check "original: the input unchanged" cmp -s "$tmp/o" "$tmp/cut.gz"
check "original: says so" has "$tmp/oe" "passed through unchanged"
check "--passthrough-on-error is original" \
    sh -c '"$0" --passthrough-on-error "$1" 2>/dev/null | cmp -s - "$1"' "$PITH" "$tmp/cut.gz"
check "empty: exit 2" run 2 "$tmp/e" "$tmp/ee" --on-error=empty "$tmp/cut.gz"
check "empty: nothing written" empty "$tmp/e"
check "empty: says so" has "$tmp/ee" "nothing written"

# --- a good page: every mode filters it the same -------------------------------
for m in story original empty; do
    check "$m: good page filtered" \
        sh -c '"$0" --on-error="$1" "$2" | cmp -s - "$3"' "$PITH" $m "$PAGE" "$tmp/ref.html"
    check "$m: good gzip page filtered" \
        sh -c '"$0" --on-error="$1" < "$2" | cmp -s - "$3"' "$PITH" $m "$tmp/page.gz" "$tmp/ref.html"
done

# --- the hold's cap -------------------------------------------------------------
check "original over --max-hold: exit 0" run 0 "$tmp/ho" "$tmp/hoe" --on-error=original --max-hold=10k "$PAGE"
check "original over --max-hold: the input unchanged" cmp -s "$tmp/ho" "$PAGE"
check "original over --max-hold: says so" has "$tmp/hoe" "longer than the hold"
check "original over --max-hold, from a pipe" \
    sh -c 'cat "$1" | "$0" --on-error=original --max-hold=1k 2>/dev/null | cmp -s - "$1"' "$PITH" "$PAGE"
check "empty over --max-hold: exit 2" run 2 "$tmp/he" "$tmp/hee" --on-error=empty --max-hold=10k "$PAGE"
check "empty over --max-hold: nothing written" empty "$tmp/he"

# --- bounded memory: a gzip bomb through original mode ------------------------------
# 32 MiB of story paragraphs in about 2% of that: the filtered output is never held, so peak
# RSS stays under 16 MiB plus the hold (the compressed page)
awk 'BEGIN { print "<html><head><title>A long story</title></head><body><article>";
             for (i = 0; i < 200000; i++)
                 printf "<p>Paragraph %d of the story: the council said on Tuesday that the plan, first put forward in %d, would go ahead.</p>\n", i, 1900 + i % 100;
             print "</article></body></html>" }' | gzip -6 > "$tmp/bomb.gz"
if command -v /usr/bin/time >/dev/null 2>&1 && [ -z "${PITH_NO_RSS:-}" ]; then
    hold_kib=$(( $(wc -c < "$tmp/bomb.gz") / 1024 ))
    /usr/bin/time -f %M -o "$tmp/rss" "$PITH" --passthrough-on-error "$tmp/bomb.gz" > "$tmp/bomb.out" 2>/dev/null
    rss=$(tail -n 1 "$tmp/rss")
    echo "     gzip bomb (32 MiB in $hold_kib KiB), original: peak RSS $rss KiB"
    check "gzip bomb, original: peak RSS <= 16 MiB + hold" [ "$rss" -le $((16384 + hold_kib)) ]
    check "gzip bomb, original: the story written" [ "$(grep -c '<p>Paragraph' "$tmp/bomb.out")" -ge 190000 ]
else
    echo "     (peak RSS not measured: no /usr/bin/time, or PITH_NO_RSS set)"
fi

# --- read errors and exit statuses (pith(1), EXIT STATUS) -------------------------------
check "directory: exit 3" run 3 "$tmp/d" "$tmp/de" "$tmp"
check "directory: a true message" has "$tmp/de" "read error: Is a directory"
check "directory: no false 'corrupt'" hasnt "$tmp/de" "corrupt"
check "directory: no output" empty "$tmp/d"
for m in original empty; do
    check "directory, $m: exit 3" run 3 "$tmp/d" "$tmp/de" --on-error=$m "$tmp"
    check "directory, $m: not 'passed through'" hasnt "$tmp/de" "passed through"
    check "directory, $m: no output" empty "$tmp/d"
done
check "missing file: exit 3" run 3 "$tmp/m" "$tmp/me" "$tmp/no-such-file"
check "missing file and directory: the next file still filtered" \
    sh -c '"$0" --format=text "$1" "$2" "$3" 2>/dev/null | cmp -s - "$4"; [ $? -eq 0 ]' \
    "$PITH" "$tmp/no-such-file" "$tmp" "$PAGE" "$tmp/ref.text"
check "unwritable output: exit 3" run 3 "$tmp/w" "$tmp/we" -o "$tmp/no/such/dir/out" "$PAGE"
if [ -w /dev/full ]; then
    check "write error (/dev/full): exit 3" sh -c '"$0" "$1" > /dev/full 2>/dev/null; [ $? -eq 3 ]' "$PITH" "$PAGE"
    check "write error, original: exit 3" \
        sh -c '"$0" --on-error=original "$1" > /dev/full 2>/dev/null; [ $? -eq 3 ]' "$PITH" "$tmp/cut.gz"
fi
check "unknown option: exit 1" run 1 "$tmp/u" "$tmp/ue" --no-such-option "$PAGE"
check "unknown --on-error mode: exit 1" run 1 "$tmp/u" "$tmp/ue" --on-error=maybe "$PAGE"
check "unknown --on-error mode: named" has "$tmp/ue" "on-error"
check "bad --max-hold: exit 1" run 1 "$tmp/u" "$tmp/ue" --max-hold=lots "$PAGE"
check "corrupt input: exit 2" run 2 "$tmp/c" "$tmp/ce" "$tmp/cut.gz"
check "limit exceeded: exit 2" run 2 "$tmp/c" "$tmp/ce" --max-input=10k "$PAGE"
check "good page: exit 0" run 0 "$tmp/g" "$tmp/ge" "$PAGE"
check "--help: exit 0, lists --on-error" sh -c '"$0" --help | grep -q -- "--on-error"' "$PITH"

checks_done cli_errors.sh
