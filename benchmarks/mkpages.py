#!/usr/bin/env python3
# mkpages.py -- builds the benchmark pages from the aeb-dev pages.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
"""Build the large test pages of benchmarks/run.sh from the aeb-dev pages.

  benchmarks/mkpages.py [--aeb DIR] [--out DIR] [--sizes "1 10 100"] [--no-aeb]

For each size S (in MB, 10^6 bytes) writes OUT/page-<S>MB.html: one HTML document made of
the <head> of the first aeb-dev page (in file-name order) that has one, then a <body> made by
concatenating the <body> contents of the aeb-dev pages, cycling through them in file-name order,
then </body></html>.  Only whole page bodies are used: a body that no longer fits is skipped and
the fill stops when none fits, so a page is within a few tens of KB (and always within 5%) of
its size.  Also writes every aeb-dev page decompressed to OUT/aeb/<id>.html, for the page-by-page
run.  The output depends only on the input pages: the same pages give the same bytes.

Defaults: --aeb ../shared/bench/aeb-dev from the repository top (the shared directory beside
the repository), --out benchmarks/out.  Python 3 standard library only.
"""
import argparse
import gzip
import re
import sys
from pathlib import Path

sys.dont_write_bytecode = True

TOP = Path(__file__).resolve().parent.parent   # the repository top
MB = 1000 * 1000
TOLERANCE = 0.05

HEAD_RE = re.compile(rb'<head\b[^>]*>.*?</head\s*>', re.I | re.S)
BODY_START_RE = re.compile(rb'<body\b[^>]*>', re.I)
BODY_END_RE = re.compile(rb'</body\s*>', re.I)
HEAD_END_RE = re.compile(rb'</head\s*>', re.I)
HTML_END_RE = re.compile(rb'</html\s*>', re.I)


def body_content(html):
    """-> the bytes between the <body> start tag and the last </body> (or </html>, or the end);
    after </head> if there is no <body> tag; None if there is neither."""
    m = BODY_START_RE.search(html)
    if m is None:
        m = HEAD_END_RE.search(html)
        if m is None:
            return None
    start = m.end()
    ends = [e.start() for e in BODY_END_RE.finditer(html, start)]
    if not ends:
        ends = [e.start() for e in HTML_END_RE.finditer(html, start)]
    end = ends[-1] if ends else len(html)
    return html[start:end].strip()


def load_pages(aeb):
    """-> [(id, html bytes)] of aeb/html/*.html.gz in file-name order; exits if there are none."""
    paths = sorted((Path(aeb) / 'html').glob('*.html.gz'))
    if not paths:
        sys.exit(f'mkpages: no pages in {Path(aeb) / "html"}')
    return [(p.name[:-len('.html.gz')], gzip.decompress(p.read_bytes())) for p in paths]


def build_page(head, bodies, size):
    """-> (page bytes, number of bodies used) of about size bytes, made as the module says."""
    prefix = b'<!DOCTYPE html>\n<html>\n' + head + b'\n<body>\n'
    suffix = b'\n</body></html>\n'
    remaining = size - len(prefix) - len(suffix)
    parts, i, misses = [], 0, 0
    while misses < len(bodies):         # stop after a whole cycle in which nothing fitted
        b = bodies[i % len(bodies)]
        i += 1
        if len(b) + 1 <= remaining:
            parts.append(b)
            remaining -= len(b) + 1
            misses = 0
        else:
            misses += 1
    return prefix + b'\n'.join(parts) + b'\n' + suffix, len(parts)


def write_if_changed(path, data):
    """Writes data to path unless the file already holds exactly these bytes.
    -> True if written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    tmp = path.with_name(path.name + '.tmp')
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--aeb', default=TOP / '../shared/bench/aeb-dev',
                    help='aeb-dev directory, holding html/*.html.gz (default: %(default)s)')
    ap.add_argument('--out', default=TOP / 'benchmarks/out',
                    help='output directory (default: %(default)s)')
    ap.add_argument('--sizes', default='1 10 100', help='page sizes in MB (default: "%(default)s")')
    ap.add_argument('--no-aeb', action='store_true', help='do not write OUT/aeb/<id>.html')
    ap.add_argument('-q', '--quiet', action='store_true')
    a = ap.parse_args()

    try:
        sizes = [float(s) for s in a.sizes.replace(',', ' ').split()]
    except ValueError:
        sys.exit(f'mkpages: bad --sizes "{a.sizes}"')
    if not sizes or min(sizes) <= 0:
        sys.exit(f'mkpages: bad --sizes "{a.sizes}"')

    pages = load_pages(a.aeb)
    head = next((m.group(0) for m in (HEAD_RE.search(h) for _, h in pages) if m), b'<head></head>')
    bodies = [b for b in (body_content(h) for _, h in pages) if b]
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)

    if not a.no_aeb:
        (out / 'aeb').mkdir(exist_ok=True)
        for name, html in pages:
            write_if_changed(out / 'aeb' / f'{name}.html', html)
        if not a.quiet:
            print(f'{out / "aeb"}: {len(pages)} pages, {sum(len(h) for _, h in pages)} bytes')

    for s in sizes:
        size = int(s * MB)
        data, used = build_page(head, bodies, size)
        if abs(len(data) - size) > TOLERANCE * size:
            sys.exit(f'mkpages: cannot build a {s:g} MB page within 5% from these pages '
                     f'(got {len(data)} bytes)')
        path = out / f'page-{s:g}MB.html'
        write_if_changed(path, data)
        if not a.quiet:
            print(f'{path}: {len(data)} bytes ({(len(data) - size) / size:+.2%}), '
                  f'{used} page bodies')


if __name__ == '__main__':
    main()
