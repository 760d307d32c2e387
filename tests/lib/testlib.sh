# testlib.sh -- what pith's test scripts share (sourced, not run): the check
# counters of every script, and the helpers that start and stop the servers
# of the end-to-end tests.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
# The counters and check() are POSIX sh (tests/cli.sh runs under sh); the
# server helpers need bash (/dev/tcp, local).

# ---- checks, TAP style ------------------------------------------------------
# check DESCRIPTION COMMAND...: runs the command and counts it; its output
# goes where the script's does, or nowhere with CHECK_QUIET=1.  ok/not_ok
# count a result decided by the script.  checks_done NAME prints the plan and
# the totals and returns 1 when a check failed.
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok $((passed + failed)) - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok $((passed + failed)) - $1"; }
check() {
    _check_what=$1
    shift
    if [ "${CHECK_QUIET:-}" = 1 ]; then
        if "$@" >/dev/null 2>&1; then ok "$_check_what"; else not_ok "$_check_what"; fi
    elif "$@"; then
        ok "$_check_what"
    else
        not_ok "$_check_what"
    fi
}
checks_done() {
    echo "1..$((passed + failed))"
    echo "${1:+$1: }$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

# run EXPECTED_STATUS OUT ERR ARGS...: runs the pith tool ($PITH), stdout
# to OUT, stderr to ERR, and returns 0 if its status was EXPECTED_STATUS
# (else says what it got, and the tool's stderr, on stderr).
run() {
    _run_want=$1 _run_out=$2 _run_err=$3
    shift 3
    "$PITH" "$@" >"$_run_out" 2>"$_run_err"
    _run_got=$?
    if [ "$_run_got" -ne "$_run_want" ]; then
        echo "     pith $*: exit $_run_got, want $_run_want; stderr:" >&2
        sed 's/^/     | /' "$_run_err" >&2
        return 1
    fi
    return 0
}

# tool_test NAME FILE... -- TOOL...: the start of a test of the pith tool:
# $PITH and each FILE must be there and each TOOL on PATH, else exit 99 (it
# cannot run); tmp is a new temporary directory, removed on exit.
tool_test() {
    _tt_name=$1
    shift
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        if [ ! -x "$PITH" ] || [ ! -r "$1" ]; then
            echo "$_tt_name: need PITH (the tool) and DATA (tests/data)" >&2
            exit 99
        fi
        shift
    done
    [ $# -gt 0 ] && shift
    for _tt_tool in "$@"; do
        command -v "$_tt_tool" >/dev/null 2>&1 || { echo "$_tt_name: $_tt_tool not found" >&2; exit 99; }
    done
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/pith-${_tt_name%.sh}.XXXXXX") || exit 99
    trap 'rm -rf "$tmp"' EXIT HUP INT TERM
}

# skip WHY: the script cannot run here: 77 (skipped) for automake, but 99
# (an error) in CI, which installs everything the tests need.
skip() {
    echo "SKIP: $*"
    if [ "${CI:-}" = true ]; then exit 99; fi
    exit 77
}

# make_tmp NAME: T, a new temporary directory; on exit the servers are
# stopped (stop_all) and T removed, or kept with KEEP=1.
make_tmp() {
    T=$(mktemp -d "${TMPDIR:-/tmp}/pith-$1.XXXXXX") || exit 99
    trap testlib_exit EXIT
    trap 'exit 1' INT TERM HUP
}
testlib_exit() {
    stop_all
    if [ "${KEEP:-}" = 1 ]; then echo "kept $T"; else rm -rf "$T"; fi
}

# ---- servers (bash) ---------------------------------------------------------
# Every daemon runs in the foreground as a child of the script, on a free
# 127.0.0.1 port, and is stopped by pid: track_pid PID adds it to the list
# that stop_all (the scripts' EXIT trap calls it) stops.
TESTLIB_DIR=$(cd "$(dirname "${BASH_SOURCE:-$0}")" 2>/dev/null && pwd)
TESTLIB_PIDS=

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_port() {   # wait_port PORT PID: up to 20 s for PORT to listen while PID lives
    for _ in $(seq 200); do
        kill -0 "$2" 2>/dev/null || return 1
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    return 1
}

stop_pid() {    # stop_pid PID: TERM, up to 8 s, then KILL
    local pid=$1
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 80); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    return 0
}

track_pid() { TESTLIB_PIDS="$TESTLIB_PIDS $1"; }

stop_all() {
    local pid
    for pid in $TESTLIB_PIDS; do stop_pid "$pid"; done
    TESTLIB_PIDS=
}

# start_origin DIR [--files] DATA_DIR [PAGES_DIR]: tests/lib/origin.py on a
# free port (read its docstring), its port file and log in DIR; sets
# ORIGIN_PID, ORIGIN_PORT; 1 when it does not come up.
start_origin() {
    local dir=$1 files=
    shift
    if [ "${1:-}" = --files ]; then files=--files; shift; fi
    rm -f "$dir/origin.port"
    python3 "$TESTLIB_DIR/origin.py" $files "$1" "$dir/origin.port" ${2:+"$2"} 2>"$dir/origin.log" &
    ORIGIN_PID=$!
    track_pid "$ORIGIN_PID"
    for _ in $(seq 100); do [ -s "$dir/origin.port" ] && break; sleep 0.1; done
    [ -s "$dir/origin.port" ] || return 1
    ORIGIN_PORT=$(cat "$dir/origin.port")
}
