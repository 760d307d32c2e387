#!/usr/bin/python3
# pith_dask.py -- runs pith over many WARC files on a Dask distributed cluster.
#
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   pith_dask.py --scheduler tcp://HOST:8786 --outdir DIR [options] WARC...
#
# One task per WARC file (a path, or a file:// URL, on storage every worker
# sees): the worker runs `pith --warc --stats -o DIR FILE` in a subprocess,
# so pith writes DIR/NAME.jsonl (or NAME.wet.gz) through a temporary name and
# a rename: an output under its final name is always whole.  A task whose
# worker dies is run again on another worker by the scheduler; a task that
# fails is retried --retries times.  At the end DIR/summary.tsv has one line
# per file: pages, skipped and corrupt records, bytes read, seconds, exit
# status and the worker that did it.  See README.md beside this file.
import argparse
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse


def local_path(name):
    """A path from a path or a file:// URL."""
    if name.startswith('file://'):
        return urllib.parse.unquote(urllib.parse.urlparse(name).path)
    return name


def die_with_parent():
    """In the pith subprocess (Linux): SIGKILL when the worker dies, so that a
    killed worker leaves no pith running on its own."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass


def run_file(name, outdir, pith, fmt, extra):
    """Runs on a worker: pith on one WARC file.  Returns the summary row;
    raises if pith failed (exit status other than 0 and 5), so that Dask
    retries the task."""
    path = local_path(name)
    t0 = time.time()
    cmd = [pith, '--warc', '--quiet', '--stats', '-j', '1', '--format', fmt, '-o',
           outdir.rstrip('/') + '/'] + list(extra) + [path]
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       preexec_fn=die_with_parent)
    err = p.stderr.decode(errors='replace')
    if p.returncode not in (0, 5):
        raise RuntimeError('%s: pith exited %d: %s' % (name, p.returncode, err.strip()[-500:]))
    stats = dict(re.findall(r'(\w+)=([\d.]+)', err.split('stats:', 1)[-1]))
    return {
        'file': name,
        'pages': int(stats.get('pages', 0)),
        'skipped': int(stats.get('skipped', 0)),
        'corrupt': int(stats.get('corrupt', 0)),
        'bytes': int(stats.get('bytes_in', 0)),
        'seconds': round(time.time() - t0, 3),
        'status': p.returncode,
        'worker': '%s:%d' % (socket.gethostname(), os.getpid()),
        'messages': [x for x in err.splitlines() if 'stats:' not in x],
    }


def main():
    ap = argparse.ArgumentParser(description='pith over WARC files on a Dask cluster')
    ap.add_argument('--scheduler', required=True, help='scheduler address, tcp://HOST:PORT')
    ap.add_argument('--outdir', required=True, help='output directory, on shared storage')
    ap.add_argument('--pith', default='pith', help='the pith program on the workers')
    ap.add_argument('--format', default='jsonl', choices=('jsonl', 'warc'))
    ap.add_argument('--retries', type=int, default=2,
                    help='times a failed task is run again (a dead worker does not count)')
    ap.add_argument('--pith-arg', action='append', default=[],
                    help='one more argument for pith (repeatable), e.g. --pith-arg=--keep=all')
    ap.add_argument('files', nargs='+', help='WARC files: paths or file:// URLs')
    a = ap.parse_args()

    from distributed import Client, as_completed

    os.makedirs(a.outdir, exist_ok=True)
    client = Client(a.scheduler, timeout=60)
    t0 = time.time()
    futures = client.map(run_file, a.files, outdir=os.path.abspath(a.outdir), pith=a.pith,
                         fmt=a.format, extra=a.pith_arg, retries=a.retries, pure=False,
                         key=['pith-%d-%s' % (i, os.path.basename(local_path(f)))
                              for i, f in enumerate(a.files)])
    rows, failed = [], []
    for fut in as_completed(futures):
        try:
            row = fut.result()
        except Exception as e:  # noqa: BLE001 -- reported per file, the job goes on
            failed.append(str(e))
            print('pith_dask: %s' % e, file=sys.stderr)
            continue
        rows.append(row)
        for m in row['messages']:
            print(m, file=sys.stderr)
    rows.sort(key=lambda r: a.files.index(r['file']))
    cols = ('file', 'pages', 'skipped', 'corrupt', 'bytes', 'seconds', 'status', 'worker')
    with open(os.path.join(a.outdir, 'summary.tsv.tmp'), 'w') as f:
        f.write('\t'.join(cols) + '\n')
        for r in rows:
            f.write('\t'.join(str(r[c]) for c in cols) + '\n')
    os.rename(os.path.join(a.outdir, 'summary.tsv.tmp'), os.path.join(a.outdir, 'summary.tsv'))
    total = {c: sum(r[c] for r in rows) for c in ('pages', 'skipped', 'corrupt', 'bytes')}
    print('pith_dask: %d files, %d failed, %d pages, %d skipped, %d corrupt, %d bytes, %.1f s'
          % (len(rows), len(failed), total['pages'], total['skipped'], total['corrupt'],
             total['bytes'], time.time() - t0))
    client.close()
    if failed:
        return 1
    return 5 if any(r['status'] == 5 for r in rows) else 0


if __name__ == '__main__':
    sys.exit(main())
