#!/bin/sh
# install.sh -- installs pith's Privoxy filter where Privoxy reads it.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   plugins/privoxy/install.sh [--pith=PATH] [--confdir=DIR] [--tmpdir=DIR]
#                              [--owner=USER] [--uninstall]
#
# Copies pith.filter and pith.action into CONFDIR (default /etc/privoxy, as
# Debian's Privoxy reads it), with PATH as the pith tool in every command
# line, and adds to CONFDIR/config, between "# pith begin" and "# pith end"
# lines (replaced on every run, so the script can run again):
#
#   filterfile pith.filter
#   actionsfile pith.action
#   temporary-directory TMPDIR
#
# (the last one only if the config sets no temporary-directory of its own:
# without one Privoxy runs no external filter).  TMPDIR (default
# /var/lib/privoxy/tmp, which Debian's AppArmor profile lets Privoxy write)
# is created, mode 0700, owned by USER (default privoxy, the user Debian's
# service runs as) when run as root and USER exists.  Privoxy notices the
# changed config on its next request; no restart is needed.
#
#   --pith=PATH   the installed tool (default: pith in PATH, else
#                 /usr/local/bin/pith); an absolute path without spaces,
#                 quotes or `#`
#   --uninstall   removes the two files and the config lines again
#
# DESTDIR, if set, is put before every path written (a staged install); the
# command lines still name PATH and the config still names TMPDIR.
set -eu

pith=
confdir=/etc/privoxy
tmpdir=/var/lib/privoxy/tmp
owner=privoxy
uninstall=no
here=$(cd "$(dirname "$0")" && pwd)
for arg; do
    case $arg in
    --pith=*) pith=${arg#*=} ;;
    --confdir=*) confdir=${arg#*=} ;;
    --tmpdir=*) tmpdir=${arg#*=} ;;
    --owner=*) owner=${arg#*=} ;;
    --uninstall) uninstall=yes ;;
    *) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 1 ;;
    esac
done
if [ -z "$pith" ]; then
    pith=$(command -v pith 2>/dev/null || true)
    [ -n "$pith" ] || pith=/usr/local/bin/pith
fi
dest=${DESTDIR:-}
conf=$dest$confdir/config
begin='# pith begin (plugins/privoxy/install.sh; install.sh --uninstall removes it)'
end='# pith end'

die() { echo "install.sh: $*" >&2; exit 1; }

# the config without our block
strip_block() {
    [ -f "$conf" ] || return 0
    awk -v b="# pith begin" -v e="$end" '
        index($0, b) == 1 { skip = 1; next }
        skip && $0 == e { skip = 0; next }
        !skip { print }' "$conf" >"$conf.pith-tmp"
    cat "$conf.pith-tmp" >"$conf"
    rm -f "$conf.pith-tmp"
}

if [ "$uninstall" = yes ]; then
    strip_block
    rm -f "$dest$confdir/pith.filter" "$dest$confdir/pith.action"
    echo "removed pith from $dest$confdir"
    exit 0
fi

# Paths end up in shell command lines and in Privoxy's files, where `#` starts
# a comment and blanks separate words: accept plain paths only.
for p in "$pith" "$confdir" "$tmpdir"; do
    case $p in
    /*) ;;
    *) die "$p: give an absolute path" ;;
    esac
    case $p in
    *[!A-Za-z0-9/._+-]*) die "$p: only letters, digits and / . _ + - may be used" ;;
    esac
done
[ -x "$dest$pith" ] || [ -x "$pith" ] || echo "install.sh: warning: $pith is not there (yet)" >&2

# Privoxy runs "COMMAND < TEMPFILE" from a 200-byte buffer and drops longer ones.
longest=$(sed -n "s|/usr/local/bin/pith|$pith|p" "$here/pith.filter" | awk '{ if (length > n) n = length } END { print n }')
total=$((longest + 3 + ${#tmpdir} + 17))
[ "$total" -lt 200 ] || die "command line plus temporary file name is $total bytes; Privoxy runs at most 199: shorten --pith or --tmpdir"

mkdir -p "$dest$confdir"
sed "s|/usr/local/bin/pith|$pith|" "$here/pith.filter" >"$dest$confdir/pith.filter"
cp "$here/pith.action" "$dest$confdir/pith.action"
chmod 644 "$dest$confdir/pith.filter" "$dest$confdir/pith.action"

strip_block
tmpline="temporary-directory $tmpdir"
if [ -f "$conf" ] && grep -q '^[[:space:]]*temporary-directory[[:space:]]' "$conf"; then
    tmpline="# temporary-directory: the config's own (above) is used"
    tmpdir=$(sed -n 's/^[[:space:]]*temporary-directory[[:space:]]\{1,\}\([^[:space:]#]*\).*/\1/p' "$conf" | tail -n 1)
fi
{
    echo "$begin"
    echo "filterfile pith.filter"
    echo "actionsfile pith.action"
    echo "$tmpline"
    echo "$end"
} >>"$conf"

case $tmpdir in /*) ;; *) tmpdir= ;; esac   # a relative one is the config's business
if [ -n "$tmpdir" ] && [ ! -d "$dest$tmpdir" ]; then
    mkdir -p "$dest$tmpdir"
    chmod 700 "$dest$tmpdir"
    if [ "$(id -u)" = 0 ] && id "$owner" >/dev/null 2>&1; then
        chown "$owner" "$dest$tmpdir"
    fi
fi
echo "installed pith.filter and pith.action in $dest$confdir (pith: $pith, temporary files: $tmpdir)"
