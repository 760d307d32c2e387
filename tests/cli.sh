#!/bin/sh
# cli.sh -- end-to-end tests of the pith tool.
#
# Run by `make check` with PITH (the tool) and DATA (tests/data) set; by hand:
#   PITH=filter/pith DATA=tests/data sh tests/cli.sh
# Exit status: 0 all passed, 1 some failed, 99 could not run (automake).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.

PITH=${PITH:-filter/pith}
DATA=${DATA:-tests/data}
PAGE=$DATA/nzherald.html
EXPECT=$DATA/nzherald.expect

# check, ok, not_ok, checks_done, run (the tool, its exit status), tool_test
. "$(dirname "$0")/lib/testlib.sh"
tool_test cli.sh "$PAGE" "$EXPECT" -- gzip head tail cmp grep wc

# phrases SECTION: the lines of a section of nzherald.expect
phrases() {
    awk -v s="[$1]" '/^\[/ { on = ($0 == s); next } on && NF' "$EXPECT"
}

# story_ok FILE: every story phrase is in FILE, no boilerplate phrase is
story_ok() {
    bad=0
    phrases story > "$tmp/story.phrases"
    phrases boilerplate > "$tmp/boiler.phrases"
    [ -s "$tmp/story.phrases" ] && [ -s "$tmp/boiler.phrases" ] || return 1
    while IFS= read -r p; do
        grep -qF -- "$p" "$1" || { echo "     story phrase missing: $p" >&2; bad=1; }
    done < "$tmp/story.phrases"
    while IFS= read -r p; do
        ! grep -qF -- "$p" "$1" || { echo "     boilerplate kept: $p" >&2; bad=1; }
    done < "$tmp/boiler.phrases"
    return $bad
}

# --- usage --------------------------------------------------------------------
check "--help exits 0 with usage" \
    sh -c '"$0" --help >"$1/help" 2>/dev/null && grep -q "^Usage:" "$1/help" &&
           grep -q -- "--format" "$1/help"' "$PITH" "$tmp"
check "--version exits 0" \
    sh -c '"$0" --version >"$1/ver" 2>/dev/null && grep -q "^pith [0-9]" "$1/ver"' "$PITH" "$tmp"
check "unknown option exits 1" run 1 "$tmp/o" "$tmp/e" --no-such-option "$PAGE"
check "  ... with a message" grep -q "no-such-option" "$tmp/e"
check "bad --format value exits 1" run 1 "$tmp/o" "$tmp/e" --format=xml "$PAGE"
check "bad --keep value exits 1" run 1 "$tmp/o" "$tmp/e" --keep=stroy "$PAGE"
check "missing file exits 3" run 3 "$tmp/o" "$tmp/e" "$tmp/no-such-file.html"
check "  ... naming the file on stderr" grep -q "no-such-file.html" "$tmp/e"

# --- filtering ------------------------------------------------------------------
check "text of the reference page" run 0 "$tmp/text" "$tmp/e" --format=text "$PAGE"
check "  ... has the story, not the boilerplate" story_ok "$tmp/text"
check "  ... writes nothing on stderr" test ! -s "$tmp/e"
check "stdin gives the same" sh -c '"$0" --format=text < "$1" > "$2/stdin" && cmp -s "$2/stdin" "$2/text"' \
    "$PITH" "$PAGE" "$tmp"
check "html of the reference page" run 0 "$tmp/html" "$tmp/e" "$PAGE"
check "  ... is a document" sh -c 'head -n 1 "$0" | grep -q "^<!DOCTYPE html>" && tail -n 1 "$0" | grep -q "^</html>"' \
    "$tmp/html"
check "  ... without script" sh -c '! grep -qi "<script" "$0"' "$tmp/html"

gzip -c < "$PAGE" > "$tmp/page.gz"
check "gzip input is detected" run 0 "$tmp/gz.text" "$tmp/e" --format=text "$tmp/page.gz"
check "  ... and gives the same text" cmp -s "$tmp/gz.text" "$tmp/text"
check "gzip on stdin too" sh -c '"$0" --format=text < "$1" > "$2/gz.stdin" && cmp -s "$2/gz.stdin" "$2/text"' \
    "$PITH" "$tmp/page.gz" "$tmp"

check "-o FILE" run 0 "$tmp/o" "$tmp/e" --format=text -o "$tmp/out.txt" "$PAGE"
check "  ... writes the file, not stdout" sh -c 'cmp -s "$0/out.txt" "$0/text" && test ! -s "$0/o"' "$tmp"
check "-o into a missing directory exits 3" run 3 "$tmp/o" "$tmp/e" -o "$tmp/no/dir/out" "$PAGE"

check "--keep=all --format=jsonl" run 0 "$tmp/jsonl" "$tmp/e" --keep=all --format=jsonl "$PAGE"
lines=$(wc -l < "$tmp/jsonl")
labelled=$(grep -cE '^\{.*"label":"(story|navigation|advertising|recommendation)".*\}$' "$tmp/jsonl")
check "  ... every line has a label ($labelled of $lines)" test "$lines" -gt 50 -a "$labelled" -eq "$lines"
check "  ... all four labels occur" sh -c 'for l in story navigation advertising recommendation; do
        grep -q "\"label\":\"$l\"" "$0" || exit 1; done' "$tmp/jsonl"
check "  ... story lines are the default keep's" sh -c '"$0" --format=jsonl "$1" > "$2/jsonl.story" &&
        grep "\"label\":\"story\"" "$2/jsonl" | cmp -s - "$2/jsonl.story"' "$PITH" "$PAGE" "$tmp"

# --- the reader view (issue 15) -----------------------------------------------------
check "html is the reader view by default: a stylesheet" grep -q '^<style>' "$tmp/html"
check "  ... no site header without --url or an absolute <base>" sh -c '! grep -q "<header" "$0"' "$tmp/html"
check "--url: the header names the host and links to the page" \
    run 0 "$tmp/url.html" "$tmp/e" --url='https://www.nzherald.co.nz/world/story/?a=1&b=2' "$PAGE"
check "  ... escaped" grep -qF '<header class="pith-site"><span>nzherald.co.nz</span><a class="pith-original" href="https://www.nzherald.co.nz/world/story/?a=1&amp;b=2">Original page</a></header>' "$tmp/url.html"
check "--style=none: no stylesheet, no header, no class" run 0 "$tmp/none.html" "$tmp/e" --style=none --url=http://a.example/ "$PAGE"
check "  ... the same story" sh -c '! grep -q "<style\|pith-\|class=" "$0"' "$tmp/none.html"
check "--fragment: never styled" run 0 "$tmp/frag.html" "$tmp/e" --fragment --url=http://a.example/ "$PAGE"
check "  ... the same bytes as --style=none --fragment" sh -c '"$0" --fragment --style=none "$1" | cmp -s - "$2"' \
    "$PITH" "$PAGE" "$tmp/frag.html"
check "text and jsonl are never styled" sh -c '"$0" --style=reader --url=http://a.example/ --format=text "$1" | cmp -s - "$2"' \
    "$PITH" "$PAGE" "$tmp/text"
check "--url=javascript:... is refused, exit 1" run 1 "$tmp/o" "$tmp/e" --url='javascript:alert(1)' "$PAGE"
check "  ... with a message naming --url" grep -q -- "--url: 'javascript:alert(1)': not an http" "$tmp/e"
check "--style=fancy is refused, exit 1" run 1 "$tmp/o" "$tmp/e" --style=fancy "$PAGE"

# --- bad input ------------------------------------------------------------------
size=$(wc -c < "$tmp/page.gz")
cut=$((size * 95 / 100))
head -c "$cut" "$tmp/page.gz" > "$tmp/cut.gz"
gzip -dc < "$tmp/cut.gz" > "$tmp/cut.html" 2>/dev/null
check "set-up: the cut gzip holds the story phrase" grep -q "rose to fame with his Watergate reporting" "$tmp/cut.html"
check "truncated gzip exits 2" run 2 "$tmp/cut.text" "$tmp/e" --format=text "$tmp/cut.gz"
check "  ... with a message naming the file" grep -q "cut.gz" "$tmp/e"
check "  ... and still writes the story read" grep -q "rose to fame with his Watergate reporting" "$tmp/cut.text"
check "truncated gzip on stdin exits 2" sh -c '"$0" --format=text < "$1" > /dev/null 2>&1; test $? -eq 2' \
    "$PITH" "$tmp/cut.gz"

check "--passthrough-on-error, truncated gzip: exit 0" \
    run 0 "$tmp/pass" "$tmp/e" --passthrough-on-error --format=text "$tmp/cut.gz"
check "  ... writes the input unchanged" cmp -s "$tmp/pass" "$tmp/cut.gz"
check "  ... and says so on stderr" test -s "$tmp/e"
check "--passthrough-on-error, good page: filtered" \
    sh -c '"$0" --passthrough-on-error --format=text "$1" > "$2/pass.ok" && cmp -s "$2/pass.ok" "$2/text"' \
    "$PITH" "$PAGE" "$tmp"
check "--max-input exceeded exits 2" run 2 "$tmp/o" "$tmp/e" --max-input=10k "$PAGE"
check "--passthrough-on-error, --max-input exceeded: the input" \
    sh -c '"$0" --passthrough-on-error --max-input=10k "$1" > "$2/pass.lim" 2>/dev/null && cmp -s "$2/pass.lim" "$1"' \
    "$PITH" "$PAGE" "$tmp"

printf '\037\213\010\000garbage that is not deflate at all' > "$tmp/bad.gz"
check "corrupt gzip exits 2" run 2 "$tmp/o" "$tmp/e" "$tmp/bad.gz"
check "empty input gives an empty document" sh -c '"$0" < /dev/null > "$1/empty" && grep -q "</html>" "$1/empty"' \
    "$PITH" "$tmp"

# --- filter lists ------------------------------------------------------------------
# tests/data/filterlist.txt is a small list written for the tests; --no-filter-list
# first, so that an installed EasyList plays no part.
LIST=$DATA/filterlist.txt
cp "$DATA/ads.html" "$tmp/ads.html"     # .mm-box, and .promo-rail (a site rule)
check "--filter-list: the rule named in the cues" sh -c \
    '"$0" --no-filter-list --filter-list="$1" --format=jsonl --keep=all "$2/ads.html" > "$2/fl.jsonl" &&
     grep "Walks in the autumn hills" "$2/fl.jsonl" | grep -q "\"label\":\"advertising\".*\"filter:##.mm-box@"' \
    "$PITH" "$LIST" "$tmp"
check "  ... and not in the text output" sh -c \
    '"$0" --no-filter-list --filter-list="$1" --format=text "$2/ads.html" > "$2/fl.txt" &&
     ! grep -q "autumn hills" "$2/fl.txt" && grep -q "ferry service" "$2/fl.txt"' "$PITH" "$LIST" "$tmp"
check "--no-filter-list: no rule at all" sh -c \
    '"$0" --filter-list="$1" --no-filter-list --format=jsonl --keep=all "$2/ads.html" > "$2/nofl.jsonl" &&
     ! grep -q "filter:" "$2/nofl.jsonl"' "$PITH" "$LIST" "$tmp"
check "--url: the site's own rules apply" sh -c \
    '"$0" --no-filter-list --filter-list="$1" --url=https://www.news.example/a --format=jsonl --keep=all \
        "$2/ads.html" | grep "Harbour lights" | grep -q "filter:news.example##.promo-rail@"' \
    "$PITH" "$LIST" "$tmp"
check "  ... and only on its site" sh -c \
    '! "$0" --no-filter-list --filter-list="$1" --url=https://other.example/a --format=jsonl --keep=all \
        "$2/ads.html" | grep -q "promo-rail"' "$PITH" "$LIST" "$tmp"
check "--filter-list repeated: both lists" sh -c \
    'printf "##.promo-rail\n" > "$2/more.txt" &&
     "$0" --no-filter-list --filter-list="$1" --filter-list="$2/more.txt" --format=jsonl --keep=all \
        "$2/ads.html" > "$2/two.jsonl" && grep -q "filter:##.promo-rail@" "$2/two.jsonl" &&
     grep -q "filter:##.mm-box@" "$2/two.jsonl"' "$PITH" "$LIST" "$tmp"
check "missing filter list exits 3" run 3 "$tmp/o" "$tmp/e" --filter-list="$tmp/no-such-list.txt" "$PAGE"
check "  ... with a message" grep -q "filter list" "$tmp/e"
check "a list without end (/dev/zero) exits 3" run 3 "$tmp/o" "$tmp/e" --filter-list=/dev/zero "$PAGE"
check "  ... saying it is too large" grep -q "filter list /dev/zero cannot be read: File too large" "$tmp/e"
check "a directory as a filter list exits 3" run 3 "$tmp/o" "$tmp/e" --filter-list="$tmp" "$PAGE"
check "  ... saying which, and that it is a directory" \
    grep -q "filter list $tmp cannot be read: Is a directory" "$tmp/e"
check "the second of two lists missing exits 3" run 3 "$tmp/o" "$tmp/e" --no-filter-list \
    --filter-list="$LIST" --filter-list="$tmp/no-such-list.txt" "$PAGE"
check "  ... naming the one missing" \
    grep -q "filter list $tmp/no-such-list.txt cannot be read: No such file" "$tmp/e"

# --- streaming through a pipe -----------------------------------------------------
# The page's first 100 000 bytes (its story is in them, the footer is not) go
# into the pipe; the writer then holds the rest back until pith has written
# something (at most 10 s), so output must come before the input ends.
out=$tmp/pipe.out
: > "$out"
(
    head -c 100000 "$PAGE"
    i=0
    while [ ! -s "$out" ] && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    [ -s "$out" ] && echo "$(wc -c < "$out")" > "$tmp/early"
    tail -c +100001 "$PAGE"
) | "$PITH" --format=text > "$out"
check "pipe: output before the end of the input ($(cat "$tmp/early" 2>/dev/null || echo 0) bytes)" \
    test -s "$tmp/early"
check "pipe: the same text in the end" cmp -s "$out" "$tmp/text"

# one option parser (pith_option_set): names in errors, no wraparound (issue 14 row 15)
run 1 "$tmp/o" "$tmp/e" --max-input=17179869184g "$PAGE"
check "--max-input=17179869184g refused, not read as 0" grep -q 'max-input.*above the maximum' "$tmp/e"
run 1 "$tmp/o" "$tmp/e" --max-block=0 "$PAGE"
check "--max-block=0 refused, the option named" grep -q 'max-block: 0 is below the minimum 256' "$tmp/e"
run 1 "$tmp/o" "$tmp/e" --max-tag=18446744073709551615 "$PAGE"
check "--max-tag=SIZE_MAX refused" grep -q 'max-tag' "$tmp/e"
run 1 "$tmp/o" "$tmp/e" --max-lookahead=16k --max-block=64k "$PAGE"
check "--max-lookahead below --max-block refused" grep -q 'max-lookahead (16384) must be at least max-block (65536)' "$tmp/e"
check "--format=HTML (any case) works" run 0 "$tmp/o" "$tmp/e" --format=HTML --encoding=Identity "$PAGE"
check "--max-block alone raises the look-ahead window" run 0 "$tmp/o" "$tmp/e" --max-block=512k "$PAGE"

checks_done cli.sh
