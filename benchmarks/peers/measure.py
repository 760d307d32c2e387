#!/usr/bin/env python3
# measure.py -- wall time, CPU time and peak RSS of one command (benchmarks/report.sh).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
"""Run a command once and report what it cost.

  benchmarks/peers/measure.py [--timeout S] [--stdout FILE] -- COMMAND [ARG]...

Runs COMMAND (stdin from /dev/null, stdout to FILE or /dev/null, stderr passed through) in a
session of its own under /usr/bin/time, waits for it with wait4() and prints one line on
stdout: "status ok|timeout|exit N|signal N wall W cpu C maxrss_kib K": W the wall time from
start to exit, C its user and system time (to the microsecond, as the kernel counts them;
/usr/bin/time rounds to 10 ms), K its peak resident set in KiB, from /usr/bin/time (the
"Maximum resident set size" of time -v; a process's peak counts the memory of the process it
was forked from, so it must be started by a small one, not by Python).
After S seconds (default 600) the command and everything it started are killed (SIGKILL) and
the status is "timeout"; K is then the largest peak (VmHWM) seen while it ran, read from
/proc every quarter second.  Exit status 0 whatever the command did, 1 on a usage error.
"""
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time


def hwm_kib(pid):
    """VmHWM of the processes /usr/bin/time (pid) started, in KiB; 0 if it cannot be read."""
    best = 0
    try:
        with open(f'/proc/{pid}/task/{pid}/children', encoding='ascii') as f:
            kids = f.read().split()
        for kid in kids:
            with open(f'/proc/{kid}/status', encoding='ascii', errors='replace') as f:
                for line in f:
                    if line.startswith('VmHWM:'):
                        best = max(best, int(line.split()[1]))
    except (OSError, ValueError):
        pass
    return best


def main():
    args = sys.argv[1:]
    limit, out = 600.0, os.devnull
    while args and args[0] != '--':
        if args[0] == '--timeout' and len(args) > 1:
            limit = float(args[1])
        elif args[0] == '--stdout' and len(args) > 1:
            out = args[1]
        else:
            sys.exit(__doc__.split('\n\n')[1])
        args = args[2:]
    if len(args) < 2:
        sys.exit(__doc__.split('\n\n')[1])
    fd, rss_file = tempfile.mkstemp(prefix='measure.')
    os.close(fd)
    cmd = ['/usr/bin/time', '-f', '%M', '-o', rss_file] + args[1:]
    with open(os.devnull, 'rb') as stdin, open(out, 'wb') as stdout:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, start_new_session=True)
        state = {'seen': 0, 'killed': False}
        done = threading.Event()

        def watch():   # the peak while it runs, and the time limit
            while not done.wait(0.25):
                state['seen'] = max(state['seen'], hwm_kib(p.pid))
                if time.perf_counter() - t0 > limit:
                    state['killed'] = True
                    os.killpg(p.pid, signal.SIGKILL)
                    return
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        _, code, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        done.set()
        watcher.join()
    seen = state['seen']
    status = 'timeout' if state['killed'] else None
    p.returncode = 0     # reaped here: keep subprocess from waiting for it again
    if status is None:
        if os.WIFEXITED(code):
            status = 'ok' if os.WEXITSTATUS(code) == 0 else f'exit {os.WEXITSTATUS(code)}'
        else:
            status = f'signal {os.WTERMSIG(code)}'
    with open(rss_file, encoding='utf-8', errors='replace') as f:
        lines = f.read().split()
    os.unlink(rss_file)
    kib = lines[-1] if lines and lines[-1].isdigit() else str(seen)   # none when killed
    print(f'status {status} wall {wall:.6f} cpu {ru.ru_utime + ru.ru_stime:.6f} maxrss_kib {kib}')


if __name__ == '__main__':
    main()
