#!/usr/bin/env python3
# hostile.py -- the hostile-input suite: pages made to hang, bloat or
# silence pith, each run through the tool and held to four promises:
#   - the exit status (0 unless the case says otherwise);
#   - CPU time (user + sys) at most RATIO (20) times that of an ordinary
#     page of the same size, generated and run in the same process;
#   - peak RSS at most 16 MiB;
#   - the marker sentences of the story around the hostile part come out.
#
# Cases live in case files: every tests/hostile/case_*.py is imported and its
# CASES list (Case objects, see below) is run, so a new family of inputs is a
# new case file, and nothing here needs editing.  A case file may import gen
# (the generators) and hostile (Case, ordinary pages).
# List a new case file in EXTRA_DIST (Makefile.am) so that it ships.
#
# Run by `make check` through run.sh; by hand:
#   python3 tests/hostile/hostile.py [--pith=PATH] [--report] [--only=SUBSTR]
#                                    [--timeout=SECONDS] [--save=DIR]
# --report measures and prints without failing (for an old build that hangs:
# give it --timeout); --save writes every input to DIR (fuzz seeds, bug
# reports).  Exit status: 0 all passed, 1 some failed, 99 could not run.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
import sys
sys.dont_write_bytecode = True    # the source tree may be read-only (distcheck)
import glob
import importlib.util
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

RATIO = 20.0          # CPU time over an ordinary page of the same size
RSS_MIB = 16.0        # peak resident memory
TIME = "/usr/bin/time"
FLOOR = 0.01          # seconds: the ordinary page's time is never taken as less


class Case:
    """One hostile input.

    make()     returns (data, markers): the bytes fed to pith and the strings
               its output must contain (the story around the hostile part);
    status     expected exit status;
    args       pith's options (default: --format=text, the story only);
    absent     strings the output must not contain;
    ref_size   size of the ordinary page to compare CPU time with (default:
               len(data); for compressed input, the decoded size);
    ref_gzip   compress the ordinary page too;
    ratio, rss_mib   the limits, if a case has documented reasons to differ.
    """

    def __init__(self, name, make, status=0, args=("--format=text",), absent=(),
                 ref_size=None, ref_gzip=False, ratio=RATIO, rss_mib=RSS_MIB, note=""):
        self.name, self.make, self.status, self.args = name, make, status, list(args)
        self.absent, self.ref_size, self.ref_gzip = absent, ref_size, ref_gzip
        self.ratio, self.rss_mib, self.note = ratio, rss_mib, note


def story_case(name, middle, size, **kw):
    """A Case whose page is gen.page(middle(size)): story paragraphs before
    and after the hostile part, all of which must survive."""
    def make():
        data, before, after = gen.page(middle(size))
        return data, before + after
    return Case(name, make, **kw)


def run(pith, args, data, timeout):
    """Runs pith on data (stdin); returns (status, out, cpu seconds, peak KiB);
    status is None on timeout.  CPU time comes from wait4() (pith and the
    time(1) that starts it); peak RSS from time(1), because a child forked
    from this (large) process starts with this process's peak."""
    with tempfile.TemporaryFile() as fin, tempfile.TemporaryFile() as fout, \
            tempfile.NamedTemporaryFile() as ftime:
        fin.write(data)
        fin.seek(0)
        p = subprocess.Popen([TIME, "-q", "-o", ftime.name, "-f", "%M"] + [pith] + args,
                             stdin=fin, stdout=fout, stderr=subprocess.DEVNULL,
                             start_new_session=True)
        t0 = time.monotonic()
        while True:
            pid, st, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - t0 > timeout:
                os.killpg(p.pid, signal.SIGKILL)     # time(1) and pith
                pid, st, ru = os.wait4(p.pid, 0)
                st = None
                break
            time.sleep(0.002)
        p.returncode = 0       # reaped here, not by Popen
        fout.seek(0)
        out = fout.read()
        try:
            peak = int(open(ftime.name).read().split()[-1])
        except (ValueError, IndexError):
            peak = 0          # killed: time(1) wrote nothing
    status = None if st is None else (os.waitstatus_to_exitcode(st))
    return status, out, ru.ru_utime + ru.ru_stime, peak


_ordinary = {}


def ordinary_cpu(pith, size, gz, args):
    """CPU seconds of an ordinary page of `size` bytes (best of two runs;
    sizes are rounded to 64 KiB, so that cases share their measure)."""
    size = max(1, round(size / 65536)) * 65536
    key = (size, gz, tuple(args))
    if key not in _ordinary:
        data = gen.ordinary(size)
        if gz:
            data = gen.gz(data, 1)
        best = None
        for _ in range(2):
            st, _, cpu, _ = run(pith, args, data, 120)
            best = cpu if best is None else min(best, cpu)
        _ordinary[key] = best
    return _ordinary[key]


def load_cases():
    cases = []
    for path in sorted(glob.glob(os.path.join(HERE, "case_*.py"))):
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        cases.extend(mod.CASES)
    return cases


def main(argv):
    pith = os.environ.get("PITH", "filter/pith")
    report, only, timeout, save = False, None, None, None
    for a in argv:
        if a.startswith("--pith="):
            pith = a[7:]
        elif a == "--report":
            report = True
        elif a.startswith("--only="):
            only = a[7:]
        elif a.startswith("--timeout="):
            timeout = float(a[10:])
        elif a.startswith("--save="):
            save = a[7:]
        else:
            print("usage: hostile.py [--pith=PATH] [--report] [--only=SUBSTR] "
                  "[--timeout=S] [--save=DIR]", file=sys.stderr)
            return 99
    if not os.access(TIME, os.X_OK):
        print("hostile.py: %s not found" % TIME, file=sys.stderr)
        return 99
    if not os.access(pith, os.X_OK):
        print("hostile.py: PITH (the tool) not found: %s" % pith, file=sys.stderr)
        return 99
    failed = passed = 0
    t_start = time.monotonic()
    for c in load_cases():
        if only and only not in c.name:
            continue
        data, markers = c.make()
        if save:
            os.makedirs(save, exist_ok=True)
            with open(os.path.join(save, c.name), "wb") as f:
                f.write(data)
        ref = max(FLOOR, ordinary_cpu(pith, c.ref_size or len(data), c.ref_gzip, c.args))
        limit = timeout if timeout else max(10.0, 3 * c.ratio * ref)
        status, out, cpu, rss = run(pith, c.args, data, limit)
        why = []
        if status is None:
            why.append("killed after %.0fs" % limit)
        elif status != c.status:
            why.append("exit %d, want %d" % (status, c.status))
        if cpu > c.ratio * ref:
            why.append("cpu %.1fx" % (cpu / ref))
        if rss / 1024.0 > c.rss_mib:
            why.append("rss %.1f MiB" % (rss / 1024.0))
        lost = [m for m in markers if m.encode() not in out]
        if lost:
            why.append("lost %d/%d markers (%s)" % (len(lost), len(markers), lost[0]))
        shown = [a for a in c.absent if a.encode() in out]
        if shown:
            why.append("has %s" % shown[0])
        line = "%-34s %8d B  cpu %7.3fs  ordinary %6.3fs  ratio %6.1f  rss %5.1f MiB  exit %s" % (
            c.name, len(data), cpu, ref, cpu / ref, rss / 1024.0, status)
        if why and not report:
            failed += 1
            print("FAIL %s: %s" % (line, "; ".join(why)))
        else:
            passed += 1
            print("%s %s%s" % ("ok  " if not why else "--  ", line,
                               ("  [" + "; ".join(why) + "]") if why else ""))
        sys.stdout.flush()
    print("hostile: %d passed, %d failed, %.1fs" % (passed, failed, time.monotonic() - t_start))
    return 1 if failed else 0


def main_gen(argv):
    """gen.py NAME: writes the input of case NAME to stdout."""
    cases = load_cases()
    if not argv or argv[0] == "--list":
        for c in cases:
            print(c.name)
        return
    for c in cases:
        if c.name == argv[0]:
            sys.stdout.buffer.write(c.make()[0])
            return
    sys.exit("gen.py: no case %s (see --list)" % argv[0])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
