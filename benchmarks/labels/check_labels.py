#!/usr/bin/env python3
"""Check the labelled snippets of this folder against their pages.

    check_labels.py [--labels F.jsonl ...] [--pages DIR ...]      validate (default: this folder)
    check_labels.py --blocks PAGE                                  list a page's visible blocks

Visible text: every text node of the page except inside head, script, style, template,
noscript, and svg <title>/<desc>; entities decoded, whitespace collapsed.  Blocks are cut at
block-level elements and at <br>.  For every snippet it checks that it is at least three words
(or six characters of CJK text, or a whole block), occurs exactly once in the page's visible text, and lies inside
one block, and is found there without the text of hidden elements (hidden attribute, inline
display:none, a screen-reader-only, skip-link or hidden class; responsive classes such as hidden-xs
do not count); for every page, 10-30 snippets and at least 4 story snippets.  It also checks
split.txt (every labelled page listed once) and prints the counts.  Exit status 1 on any error.
"""
import argparse
import gzip
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = ('story', 'navigation', 'advertising', 'recommendation', 'other')
SKIP = {'script', 'style', 'template', 'noscript', 'head', 'title', 'textarea'}
BLOCK = set('''address article aside blockquote body br dd details dialog div dl dt fieldset
figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p pre
section summary table tbody td tfoot th thead tr ul option select caption menu legend
center'''.split())
VOID = set('area base br col embed hr img input link meta param source track wbr'.split())
WS = re.compile(r'\s+')


def norm(s):
    return WS.sub(' ', unicodedata.normalize('NFC', s)).strip()


class Blocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []       # open elements: (tag, desc)
        self.skip = 0
        self.svgskip = 0
        self.hid = 0          # open elements that hide their content
        self.visible = []     # per block: its text without the text of hidden elements
        self.blocks = []      # (text, path)
        self.cur = []         # (data, hidden)

    def _path(self):
        return ' > '.join(d for _, d, _ in self.stack[-4:])

    def flush(self):
        t = norm(''.join(d for d, _ in self.cur))
        if t:
            self.blocks.append((t, self._path()))
            self.visible.append(norm(''.join(d for d, h in self.cur if not h)))
        self.cur = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in BLOCK:
            self.flush()
        if tag in VOID:
            return
        desc = tag
        if a.get('id'):
            desc += '#' + a['id'][:30]
        if a.get('class'):
            desc += '.' + '.'.join(a['class'].split()[:3])[:60]
        self.stack.append((tag, desc, hides(tag, a)))
        if self.stack[-1][2]:
            self.hid += 1
        if tag in SKIP:
            self.skip += 1
        if tag in ('title', 'desc') and any(t == 'svg' for t, _, _ in self.stack[:-1]):
            self.svgskip += 1

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if tag in VOID:
            if tag in BLOCK:
                self.flush()
            return
        if not any(t == tag for t, _, _ in self.stack):
            if tag == 'p':            # </p> without <p>: an empty paragraph, a block break
                self.flush()
            return
        if tag in BLOCK:
            self.flush()
        while self.stack:
            t, _, h = self.stack.pop()
            if h:
                self.hid -= 1
            if t in SKIP:
                self.skip -= 1
            if t in ('title', 'desc') and self.svgskip and any(x == 'svg' for x, _, _ in self.stack):
                self.svgskip -= 1
            if t == tag:
                break
            if t in BLOCK:
                self.flush()

    def handle_data(self, data):
        if self.skip or self.svgskip:
            return
        self.cur.append((data, bool(self.hid)))

    def close(self):
        super().close()
        self.flush()


HIDE_CLASS = set('''hidden is-hidden u-hidden hide invisible sr-only screen-reader-text
screen-reader-only visually-hidden visuallyhidden element-invisible offscreen off-screen skip-link
skiplink a11y-hidden'''.split())


def hides(tag, a):
    """Does this element hide its content on a desktop browser (by attribute, style or a
    screen-reader-only / hidden class)?  Responsive classes like hidden-xs do not count."""
    if 'hidden' in a or (tag == 'amp-sidebar') or a.get('layout') == 'nodisplay':
        return True
    st = (a.get('style') or '').replace(' ', '').lower()
    if 'display:none' in st or 'visibility:hidden' in st:
        return True
    return any(c.lower() in HIDE_CLASS for c in (a.get('class') or '').split())


def read_page(path):
    with open(path, 'rb') as f:
        data = f.read()
    if data[:2] == b'\x1f\x8b':
        data = gzip.decompress(data)
    m = re.search(rb'<meta[^>]+charset=["\']?([\w-]+)', data[:4096], re.I)
    enc = m.group(1).decode() if m else 'utf-8'
    try:
        return data.decode(enc)
    except (LookupError, UnicodeDecodeError):
        return data.decode('utf-8', errors='replace')


def page_blocks(path, visible=None):
    p = Blocks()
    p.feed(read_page(path))
    p.close()
    if visible is not None:
        visible.extend(p.visible)
    return p.blocks


def find_page(pid, dirs):
    for d in dirs:
        for ext in ('.html', '.htm', '.html.gz', '.htm.gz'):
            path = os.path.join(d, pid + ext)
            if os.path.isfile(path):
                return path
    return None


def words(s):
    cjk = sum(1 for ch in s if '\u3040' <= ch <= '\u9fff' or '\uac00' <= ch <= '\ud7af')
    return len(s.split()) >= 3 or cjk >= 6


def count(hay, needle):
    n, i = 0, hay.find(needle)
    while i >= 0:
        n += 1
        i = hay.find(needle, i + 1)
    return n


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--labels', action='append')
    ap.add_argument('--pages', action='append')
    ap.add_argument('--split', default=os.path.join(HERE, 'split.txt'))
    ap.add_argument('--blocks', help='print the visible blocks of this page file and exit')
    ap.add_argument('--min', type=int, default=10)
    ap.add_argument('--max', type=int, default=30)
    args = ap.parse_args()

    if args.blocks:
        for i, (t, path) in enumerate(page_blocks(args.blocks)):
            print(f'{i:4} [{path}] {t}')
        return 0

    labels = args.labels or [os.path.join(HERE, f) for f in ('written.jsonl', 'aeb.jsonl',
                                                              'traf.jsonl')]
    dirs = args.pages or [os.path.join(HERE, 'pages'),
                          os.path.normpath(os.path.join(HERE, '../../../shared/bench/aeb-dev/html')),
                          os.path.normpath(os.path.join(HERE, '../../../shared/bench/traf-dev/pages'))]
    errors = []
    rows = []
    for fn in labels:
        if not os.path.isfile(fn):
            continue
        with open(fn, encoding='utf-8') as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    r = json.loads(line)
                except json.JSONDecodeError as e:
                    errors.append(f'{fn}:{n}: bad JSON: {e}')
                    continue
                if r.get('label') not in LABELS:
                    errors.append(f'{fn}:{n}: bad label {r.get("label")!r}')
                extra = set(r) - {'id', 'snippet', 'label', 'note'}
                if extra:
                    errors.append(f'{fn}:{n}: unknown keys {sorted(extra)}')
                r['_where'] = f'{os.path.basename(fn)}:{n}'
                r['_file'] = os.path.basename(fn)
                rows.append(r)
    by_page = defaultdict(list)
    for r in rows:
        by_page[r['id']].append(r)

    total = Counter()
    per_file = defaultdict(Counter)
    for pid, snips in by_page.items():
        path = find_page(pid, dirs)
        if not path:
            errors.append(f'{pid}: page not found')
            continue
        visible = []
        blocks = page_blocks(path, visible)
        full = ' '.join(t for t, _ in blocks)
        seen = set()
        for r in snips:
            s = norm(r['snippet'])
            w = r['_where']
            if s != r['snippet']:
                errors.append(f'{w}: snippet not whitespace-normalised')
            if s in seen:
                errors.append(f'{w}: duplicate snippet')
            seen.add(s)
            if not words(s) and not any(s == t for t, _ in blocks):
                errors.append(f'{w}: fewer than three words: {s!r}')
            n = count(full, s)
            if n != 1:
                errors.append(f'{w}: found {n} times in visible text: {s[:70]!r}')
            elif not any(s in t for t, _ in blocks):
                errors.append(f'{w}: spans blocks: {s[:70]!r}')
            elif not any(s in t for t in visible):
                errors.append(f'{w}: needs text of a hidden element: {s[:70]!r}')
            total[r['label']] += 1
            per_file[r['_file']][r['label']] += 1
        c = Counter(r['label'] for r in snips)
        if not args.min <= len(snips) <= args.max:
            errors.append(f'{pid}: {len(snips)} snippets (want {args.min}-{args.max})')
        if c['story'] < 4:
            errors.append(f'{pid}: only {c["story"]} story snippets')

    if os.path.isfile(args.split):
        listed = Counter()
        with open(args.split, encoding='utf-8') as f:
            for n, line in enumerate(f, 1):
                line = line.split('#', 1)[0].strip()
                if not line:
                    continue
                parts = line.split()
                if len(parts) != 2 or parts[0] not in ('tune', 'holdout'):
                    errors.append(f'split.txt:{n}: want "tune ID" or "holdout ID"')
                    continue
                listed[parts[1]] += 1
        for pid in by_page:
            if listed[pid] != 1:
                errors.append(f'split.txt: {pid} listed {listed[pid]} times')
        for pid in listed:
            if pid not in by_page:
                errors.append(f'split.txt: {pid} has no labels')

    print(f'pages: {len(by_page)}  snippets: {len(rows)}')
    for fn, c in sorted(per_file.items()):
        print(f'  {fn:<14} ' + '  '.join(f'{l}={c[l]}' for l in LABELS))
    print(f'  {"all":<14} ' + '  '.join(f'{l}={total[l]}' for l in LABELS))
    for e in errors:
        print('error:', e)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
