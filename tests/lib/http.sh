# http.sh -- the checks of a plugin's end-to-end test on the responses it
# fetches (sourced, not run; bash): each response NAME is kept in $T/out
# (body NAME, headers NAME.h, curl's status NAME.rc), and the story of the
# origin's news.html (tests/lib/origin.py: /plain.html and its kin) is
# recognised by three of its sentences and the absence of its boilerplate.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.

# get NAME URL [curl options]: body in $T/out/NAME, headers in NAME.h, curl status in NAME.rc
get() {
    local name=$1 url=$2
    shift 2
    curl -sS --max-time 40 -D "$T/out/$name.h" -o "$T/out/$name" "$@" "$url" 2>"$T/out/$name.err"
    echo $? >"$T/out/$name.rc"
}
body() { echo "$T/out/$1"; }
rc_is() { [ "$(cat "$T/out/$1.rc")" = "$2" ]; }
status_is() { head -n1 "$T/out/$1.h" | grep -q " $2"; }
has() { grep -qF -- "$2" "$T/out/$1"; }
hasnt() { ! grep -qF -- "$2" "$T/out/$1"; }
header() { grep -i "^$2:" "$T/out/$1.h" | head -n1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'; }
no_header() { [ -z "$(header "$1" "$2")" ]; }
hdr_is() { [ "$(header "$1" "$2")" = "$3" ]; }
same() { cmp -s "$1" "$2"; }

S1="The first four tidal turbines in Kestrel Sound"
S4="Marine biologists from the university field station"
S7="the largest tidal site in the country"
BOILER=("Horoscopes" "Subscribe to our newsletter" "Homestyle Direct" "Related stories"
        "Most read" "Terms and conditions")
story_ok() {    # story_ok NAME: the story whole and no boilerplate
    local name=$1 b
    has "$name" "$S1" && has "$name" "$S4" && has "$name" "$S7" || return 1
    for b in "${BOILER[@]}"; do hasnt "$name" "$b" || return 1; done
}
filtered() {    # filtered NAME: a good 200 filtered page
    rc_is "$1" 0 && status_is "$1" 200 && story_ok "$1"
}
unchanged() {   # unchanged NAME FILE: 200 and byte-identical to FILE
    rc_is "$1" 0 && same "$(body "$1")" "$2"
}
