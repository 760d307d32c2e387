#!/usr/bin/python3
# warc_mutate.py -- random damage to WARC files, fed to `pith --warc`: no crash,
# no hang, no exit status other than 0, 2 or 5, and jsonl output that is
# valid JSON (UTF-8) line by line.  Run by hand, not in make check.
#
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   tests/fuzz/warc_mutate.py [-n N] [--seed S] [--pith PATH] [--valgrind] WARC...
#
# Each case takes one of the WARCs (plain, gzip per record, gzip whole) and
# flips bits, cuts, inserts random bytes or fake record headers with absurd
# Content-Lengths, or truncates; then runs pith with random read sizes and
# formats.  Failing cases are kept as ./warc-fail-N.
import argparse
import json
import os
import random
import subprocess
import sys


def mutate(d, rnd):
    d = bytearray(d)
    for _ in range(rnd.randint(1, 6)):
        i = rnd.randrange(len(d) + 1)
        op = rnd.random()
        if op < 0.4 and i > 0:
            d[i - 1] ^= 1 << rnd.randrange(8)
        elif op < 0.6:
            del d[i:i + rnd.randint(1, 2000)]
        elif op < 0.8:
            d[i:i] = rnd.randbytes(rnd.randint(1, 300))
        elif op < 0.9:
            d[i:i] = b'WARC/1.0\r\nContent-Length: %d\r\n\r\n' % rnd.choice([0, 5, 10 ** 6, 2 ** 63])
        else:
            del d[i:]
    return bytes(d)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('-n', type=int, default=400)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--pith', default='filter/pith')
    ap.add_argument('--valgrind', action='store_true')
    ap.add_argument('files', nargs='+')
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    src = [open(f, 'rb').read() for f in a.files]
    bad = 0
    for it in range(a.n):
        with open('warc-case', 'wb') as f:
            f.write(mutate(rnd.choice(src), rnd))
        cmd = ([('valgrind'), '-q', '--error-exitcode=9'] if a.valgrind else []) + [
            a.pith, '--warc', '-q', '--read-size=rand:%d' % rnd.choice([1, 50, 70000]),
            '--format=' + rnd.choice(['jsonl', 'warc']), 'warc-case']
        try:
            p = subprocess.run(cmd, capture_output=True, timeout=60)
            ok = p.returncode in (0, 2, 5)
            why = 'exit %d' % p.returncode
            if ok and '--format=jsonl' in cmd:
                try:
                    for line in p.stdout.decode('utf-8').split('\n')[:-1]:
                        json.loads(line)
                except ValueError as e:
                    ok, why = False, 'bad JSON: %s' % e
        except subprocess.TimeoutExpired:
            ok, why = False, 'hang'
        if not ok:
            bad += 1
            os.rename('warc-case', 'warc-fail-%d' % it)
            print('case %d: %s: %s' % (it, why, ' '.join(cmd)))
    if os.path.exists('warc-case'):
        os.unlink('warc-case')
    print('%d cases, %d failed' % (a.n, bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
