# lib.sh -- what the c-icap tests and the benchmark share (sourced, not run).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
# Starts c-icap and Squid in the foreground, as children of the script,
# with private configurations in $T, on free 127.0.0.1 ports; stop_all
# (tests/lib/testlib.sh, which this sources) stops them by pid.  Needs:
# $PLUGINS (plugins/), $T (a temporary directory), $SRV_PITH (srv_pith.so).

. "$(dirname "$PLUGINS")/tests/lib/testlib.sh"
CICAP_MODULESDIR=${CICAP_MODULESDIR:-$(c-icap-config --modulesdir 2>/dev/null)}
CICAP_MODULESDIR=${CICAP_MODULESDIR:-/usr/lib/x86_64-linux-gnu/c_icap}

# cicap_setup NAME TOOL...: the start of every c-icap test: skips without a
# TOOL, fails (99) without a built $SRV_PITH, makes $T (make_tmp NAME), quiets
# check() and starts the origin (DATA_DIR $data); sets origin.
cicap_setup() {
    local name=$1 tool
    shift
    export PATH=$PATH:/usr/sbin
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || skip "$tool not found (install c-icap, squid, curl, python3)"
    done
    [ -f "$SRV_PITH" ] || { echo "FAIL: $SRV_PITH not built"; exit 99; }
    SRV_PITH=$(cd "$(dirname "$SRV_PITH")" && pwd)/$(basename "$SRV_PITH")
    make_tmp "$name"
    CHECK_QUIET=1
    start_origin "$T" "$data" || { echo "FAIL: origin did not start"; cat "$T/origin.log"; exit 99; }
    origin=http://127.0.0.1:$ORIGIN_PORT
}

# start_cicap NAME [extra config lines]: c-icap -N with srv_pith.so on a free
# port, its files in $T/NAME.*; sets CICAP_PID, CICAP_PORT.  CICAP_SERVICE
# replaces the line "Service pith srv_pith.so" (empty: none).  Returns 1 when
# it does not come up (the log is in $T/NAME.server.log).
start_cicap() {
    local name=$1 extra=${2:-}
    CICAP_PORT=$(free_port)
    mkdir -p "$T/services"
    ln -sf "$SRV_PITH" "$T/services/srv_pith.so"
    cat >"$T/$name.conf" <<EOF
PidFile $T/$name.pid
CommandsSocket $T/$name.ctl
Port 127.0.0.1:$CICAP_PORT
ServerLog $T/$name.server.log
AccessLog $T/$name.access.log
ModulesDir $CICAP_MODULESDIR
ServicesDir $T/services
TemplateDir /usr/share/c_icap/templates/
TmpDir $T
StartServers 1
MaxServers 1
MinSpareThreads 1
MaxSpareThreads 20
ThreadsPerChild ${CICAP_THREADS:-10}
MaxRequestsPerChild 0
DebugLevel ${CICAP_DEBUG:-1}
${CICAP_SERVICE-Service pith srv_pith.so}
$extra
EOF
    c-icap -N -f "$T/$name.conf" >"$T/$name.out" 2>&1 &
    CICAP_PID=$!
    track_pid "$CICAP_PID"
    wait_port "$CICAP_PORT" "$CICAP_PID"
}

# start_squid ICAP_PORT: Squid 5 forward proxy on two free ports, each with
# its own ICAP service: SQUID_PORT0 (bypass=0, with the REQMOD service too,
# as squid.conf recommends) and SQUID_PORT1 (bypass=1, RESPMOD only), and
# SQUID_PORT_PLAIN without ICAP.  Runs as user proxy when root.
start_squid() {
    local icap=$1 user=
    SQUID_PORT0=$(free_port)
    SQUID_PORT1=$(free_port)
    SQUID_PORT_PLAIN=$(free_port)
    mkdir -p "$T/squid"
    if [ "$(id -u)" = 0 ] && id proxy >/dev/null 2>&1; then
        user="cache_effective_user proxy"
        chown -R proxy "$T/squid"
    fi
    chmod 755 "$T"
    cat >"$T/squid/squid.conf" <<EOF
http_port 127.0.0.1:$SQUID_PORT0
http_port 127.0.0.1:$SQUID_PORT1
http_port 127.0.0.1:$SQUID_PORT_PLAIN
acl p0 localport $SQUID_PORT0
acl p1 localport $SQUID_PORT1
http_access allow localhost
http_access deny all
icap_enable on
icap_service pith0 respmod_precache bypass=0 icap://127.0.0.1:$icap/pith
icap_service pith1 respmod_precache bypass=1 icap://127.0.0.1:$icap/pith
icap_service pithreq0 reqmod_precache bypass=0 icap://127.0.0.1:$icap/pith
adaptation_access pithreq0 allow p0
adaptation_access pithreq0 deny all
adaptation_access pith0 allow p0
adaptation_access pith0 deny all
adaptation_access pith1 allow p1
adaptation_access pith1 deny all
cache deny all
cache_mem 8 MB
$user
pid_filename $T/squid/squid.pid
access_log stdio:$T/squid/access.log
cache_log $T/squid/cache.log
coredump_dir $T/squid
netdb_filename none
pinger_enable off
shutdown_lifetime 0 seconds
forwarded_for delete
via off
EOF
    [ -n "$user" ] && chown proxy "$T/squid/squid.conf"
    squid -N -n "pith$$" -f "$T/squid/squid.conf" >"$T/squid/out" 2>&1 &
    SQUID_PID=$!
    track_pid "$SQUID_PID"
    wait_port "$SQUID_PORT0" "$SQUID_PID" && wait_port "$SQUID_PORT1" "$SQUID_PID"
}
