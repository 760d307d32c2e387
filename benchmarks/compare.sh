#!/bin/bash
# compare.sh -- does a change alter pith's output?  Runs two builds of pith on
# the same pages in three formats and compares the bytes.
#
#   benchmarks/compare.sh [options] OLD NEW
#
# OLD and NEW are each a pith program (a path to an executable: an installed
# pith, ./filter/pith of a build tree) or a git revision of this repository
# (HEAD~1, a branch, a commit), which is exported and built in a temporary
# directory (./configure --disable-shared, make filter/pith).  An installed
# pith whose libpith sits in ../lib beside it is run with that library.
#
# Pages: the aeb-dev pages (*.html.gz, fed as they are: pith decodes gzip),
# the labelled pages of benchmarks/labels/pages and the reference page
# tests/data/nzherald.html.  Formats: text, html, and jsonl --keep=all (every
# block with its label, role, features and cues).
#
# Options:
#   --aeb DIR     the aeb-dev pages (default ../shared/bench/aeb-dev/html from the
#                 repository top, or $AEB); a missing folder is skipped with a warning
#   --jobs N      pages compared in parallel (default 2)
#   --show N      differing pages listed per format, with the first differing line (default 5)
#   --keep DIR    keep both outputs of every page in DIR/{old,new}/ (default: removed)
#   --old-arg ARG, --new-arg ARG
#                 an argument added to OLD's or NEW's command line (repeatable), e.g.
#                 --new-arg --no-filter-list against a build from before filter lists
# Exit status: 0 all identical, 1 some output differs, 2 usage or build error.
#
# Example, before and after a refactoring commit:
#   benchmarks/compare.sh HEAD~1 HEAD
#   benchmarks/compare.sh /usr/local/bin/pith ./filter/pith
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
aeb=${AEB:-$top/../shared/bench/aeb-dev/html}
jobs=2 show=5 keep= old_args= new_args=

usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
        --aeb) aeb=$2; shift 2 ;;
        --jobs) jobs=$2; shift 2 ;;
        --show) show=$2; shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        --old-arg) old_args="$old_args $2"; shift 2 ;;
        --new-arg) new_args="$new_args $2"; shift 2 ;;
        -h|--help) usage ;;
        --) shift; break ;;
        -*) echo "compare.sh: unknown option $1" >&2; usage ;;
        *) break ;;
    esac
done
[ $# -eq 2 ] || usage

work=$(mktemp -d "${TMPDIR:-/tmp}/pith-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT HUP INT TERM

# build REV DIR: exports revision REV of the repository into DIR and builds
# the tool there; prints the path of the program.
build() {
    local rev=$1 dir=$2
    mkdir -p "$dir"
    git -C "$top" archive "$rev" | tar -x -C "$dir"
    echo "compare.sh: building $rev in $dir" >&2
    ( cd "$dir" && ./autogen.sh && ./configure -q --disable-shared &&
      make -s -j"$jobs" filter/pith ) >"$dir.log" 2>&1 ||
        { echo "compare.sh: build of $rev failed, see:" >&2; tail -20 "$dir.log" >&2; exit 2; }
    echo "$dir/filter/pith"
}

# resolve ARG NAME: a program, or a revision to build; prints a command line
# (a program, or "env LD_LIBRARY_PATH=... program") for the page runner.
resolve() {
    local arg=$1 name=$2 prog lib
    if [ -f "$arg" ] && [ -x "$arg" ]; then
        prog=$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")
    elif git -C "$top" rev-parse --verify -q "$arg^{commit}" >/dev/null; then
        prog=$(build "$arg" "$work/build-$name")
    else
        echo "compare.sh: $arg is neither a program nor a git revision" >&2
        exit 2
    fi
    lib=$(dirname "$prog")/../lib
    if [ -e "$lib/libpith.so.0" ]; then
        echo "env LD_LIBRARY_PATH=$(cd "$lib" && pwd)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} $prog"
    else
        echo "$prog"
    fi
}

old="$(resolve "$1" old)$old_args"
new="$(resolve "$2" new)$new_args"

pages=()
if [ -d "$aeb" ]; then
    pages+=("$aeb"/*.html.gz)
else
    echo "compare.sh: warning: no aeb-dev pages in $aeb (give --aeb DIR)" >&2
fi
pages+=("$top"/benchmarks/labels/pages/*.html "$top/tests/data/nzherald.html")

formats=(text html jsonl)
mkdir -p "$work/old" "$work/new" "$work/res"

# one_page PAGE: runs both programs in every format; writes one line per
# format to res/<format>: "same NAME" or "diff NAME LINE" (or "fail NAME ...").
one_page() {
    local page=$1 name f args s_old s_new line
    name=$(basename "$page")
    name=${name%.gz}
    name=${name%.html}
    for f in "${formats[@]}"; do
        case $f in
            jsonl) args="--format=jsonl --keep=all" ;;
            *) args="--format=$f" ;;
        esac
        s_old=0 s_new=0
        $old $args <"$page" >"$work/old/$name.$f" 2>/dev/null || s_old=$?
        $new $args <"$page" >"$work/new/$name.$f" 2>/dev/null || s_new=$?
        if [ "$s_old" != "$s_new" ]; then
            echo "diff $name exit status $s_old vs $s_new" >>"$work/res/$f.$name"
        elif cmp -s "$work/old/$name.$f" "$work/new/$name.$f"; then
            echo "same $name" >>"$work/res/$f.$name"
        else
            line=$(cmp "$work/old/$name.$f" "$work/new/$name.$f" 2>&1 | sed -n 's/.* line \([0-9]*\).*/\1/p')
            echo "diff $name first difference at line ${line:-?}" >>"$work/res/$f.$name"
        fi
    done
}
export -f one_page
export old new work
export formats_list="${formats[*]}"

printf '%s\0' "${pages[@]}" |
    xargs -0 -n 1 -P "$jobs" bash -c 'formats=($formats_list); one_page "$1"' _

status=0
echo "old: $old"
echo "new: $new"
echo "pages: ${#pages[@]}"
for f in "${formats[@]}"; do
    same=$(cat "$work"/res/"$f".* | grep -c '^same ' || true)
    diff=$(cat "$work"/res/"$f".* | grep -c '^diff ' || true)
    printf '%-6s identical %4d  different %4d\n' "$f" "$same" "$diff"
    if [ "$diff" -gt 0 ]; then
        status=1
        cat "$work"/res/"$f".* | grep '^diff ' | sort | head -n "$show" |
            while read -r _ name rest; do
                echo "    $name: $rest"
                if [ "$rest" != "${rest#first difference at line }" ]; then
                    l=${rest#first difference at line }
                    [ "$l" = "?" ] && continue
                    echo "      old: $(sed -n "${l}p" "$work/old/$name.$f" | cut -c1-150)"
                    echo "      new: $(sed -n "${l}p" "$work/new/$name.$f" | cut -c1-150)"
                fi
            done
    fi
done
if [ -n "$keep" ]; then
    mkdir -p "$keep"
    rm -rf "$keep/old" "$keep/new"
    cp -r "$work/old" "$work/new" "$keep/"
fi
[ $status -eq 0 ] && echo "all identical" || echo "output differs"
exit $status
