#!/usr/bin/env python3
"""Score pith's four labels against the hand-labelled snippets of this folder.

    score.py [--labels F.jsonl ...] [--pages DIR ...] [--pith PROG] [--only ID ...]
             [--lookahead N] [--per-page] [-v]
             [--min-macro-f1 X] [--min-story-recall Y]

For every labelled page it runs `PROG --format=jsonl --keep=all` on the page (a gzipped
page is given as it is: pith decodes it), and for every snippet finds the block whose text
contains it and compares that block's label with the gold label.  Matching tries the text as
it is, then after repairing UTF-8 read as windows-1252, then ignoring whitespace, then letters
and digits only; a snippet that spans neighbouring blocks takes the label of the block covering
most of it; a snippet found nowhere is 'missing'.

Metrics: precision, recall and F1 for story, navigation, advertising and recommendation (gold
'other' counts only as not-story: a false positive for story when predicted story, neither
right nor wrong otherwise), macro F1 over the labels present, story recall, a confusion
matrix (gold rows, predicted columns).  With --min-macro-f1 / --min-story-recall it exits 1
when a figure is below its floor (the accuracy floor of `make check`, tests/accuracy.sh).
Exit status 2 when a page or the program is missing.

Defaults: the labels written.jsonl (the pages of pages/) and the reference page's labels
(tests/data/nzherald.labels.jsonl); pages from pages/ and tests/data; PROG ./filter/pith.
"""
import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, '..', '..'))
CLASSES = ('story', 'navigation', 'advertising', 'recommendation')
GOLD = CLASSES + ('other',)
COLS = CLASSES + ('other', 'missing')
WS = re.compile(r'\s+')


def collapse(s):
    return WS.sub(' ', unicodedata.normalize('NFC', s)).strip()


def no_space(s):
    return WS.sub('', unicodedata.normalize('NFC', s))


def letters(s):
    return ''.join(c for c in unicodedata.normalize('NFKC', s).lower() if c.isalnum())


def repair(s):
    """UTF-8 that was read as windows-1252 or Latin-1, read again."""
    if s.isascii():
        return s
    for enc in ('cp1252', 'latin-1'):
        try:
            t = s.encode(enc).decode('utf-8')
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if t != s:
            return t
    return s


def read_labels(paths):
    rows = []
    for path in paths:
        with open(path, encoding='utf-8') as f:
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line or line.startswith('#'):
                    continue
                r = json.loads(line)
                if r.get('label') not in GOLD or not r.get('id') or not r.get('snippet'):
                    sys.exit(f'{path}:{n}: bad label line')
                r['snippet'] = collapse(r['snippet'])
                rows.append(r)
    return rows


def find_page(pid, dirs):
    for d in dirs:
        for ext in ('.html', '.htm', '.html.gz', '.htm.gz'):
            path = os.path.join(d, pid + ext)
            if os.path.isfile(path):
                return path
    return None


def run_pith(prog, path, lookahead):
    with open(path, 'rb') as f:
        data = f.read()
    cmd = [prog, '--format=jsonl', '--keep=all', f'--lookahead={lookahead}']
    r = subprocess.run(cmd, input=data, capture_output=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f'{" ".join(cmd)} < {path}: exit {r.returncode}: '
                           + r.stderr.decode('utf-8', 'replace').strip()[-200:])
    blocks = []
    for line in r.stdout.decode('utf-8', 'replace').split('\n'):   # not splitlines: U+2028
        if line.strip():
            o = json.loads(line)
            blocks.append((o.get('text', ''), o.get('label', '')))
    return blocks


class Index:
    """The blocks of one page in four normalisations, for finding snippets."""

    def __init__(self, blocks):
        self.labels = [lab for _, lab in blocks]
        plain = [collapse(t) for t, _ in blocks]
        fixed = [collapse(repair(t)) for t, _ in blocks]
        self.tiers = [(plain, collapse), (fixed, collapse),
                      ([no_space(t) for t in fixed], no_space), ([letters(t) for t in fixed], letters)]

    def find(self, snippet):
        for texts, norm in self.tiers:
            s = norm(snippet)
            if s:
                for i, t in enumerate(texts):
                    if s in t:
                        return self.labels[i]
        for texts, norm in self.tiers[2:]:
            s = norm(snippet)
            if not s:
                continue
            starts, joined = [], ''
            for t in texts:
                starts.append(len(joined))
                joined += t
            pos = joined.find(s)
            if pos >= 0:
                end = pos + len(s)
                best = max(range(len(texts)),
                           key=lambda i: min(starts[i] + len(texts[i]), end) - max(starts[i], pos))
                return self.labels[best]
        return None


def column(label):
    if label is None:
        return 'missing'
    return label if label in CLASSES else 'other'


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def metrics(pairs):
    conf = defaultdict(Counter)
    for gold, pred in pairs:
        conf[gold][pred] += 1
    per = {}
    for c in CLASSES:
        tp = conf[c][c]
        fn = sum(conf[c].values()) - tp
        fp = sum(conf[g][c] for g in GOLD if g != c and not (g == 'other' and c != 'story'))
        per[c] = (sum(conf[c].values()), tp, fp, fn) + prf(tp, fp, fn)
    present = [c for c in CLASSES if per[c][0]]
    macro = sum(per[c][6] for c in present) / len(present) if present else 0.0
    return conf, per, macro


def report(title, pairs, out):
    conf, per, macro = metrics(pairs)
    out.write(f'== {title}: {len(pairs)} snippets ==\n')
    out.write(f'{"class":<15}{"gold":>6}{"tp":>6}{"fp":>6}{"fn":>6}{"prec":>8}{"recall":>8}{"F1":>8}\n')
    for c in CLASSES:
        n, tp, fp, fn, p, r, f = per[c]
        out.write(f'{c:<15}{n:>6}{tp:>6}{fp:>6}{fn:>6}{p:>8.3f}{r:>8.3f}{f:>8.3f}\n')
    out.write(f'{"macro-F1":<15}{"":>30}{macro:>16.3f}\n')
    out.write('confusion (rows gold, columns predicted):\n')
    out.write(f'{"":<15}' + ''.join(f'{c[:6]:>8}' for c in COLS) + '\n')
    for g in GOLD:
        if sum(conf[g].values()):
            out.write(f'{g:<15}' + ''.join(f'{conf[g][c]:>8}' for c in COLS) + '\n')
    return macro, per['story'][5]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--labels', action='append')
    ap.add_argument('--pages', action='append')
    ap.add_argument('--pith', default=os.path.join(TOP, 'filter', 'pith'))
    ap.add_argument('--lookahead', type=int, default=16)
    ap.add_argument('--only', action='append', default=[], help='score only these page ids')
    ap.add_argument('--per-page', action='store_true')
    ap.add_argument('-v', '--verbose', action='store_true', help='list every wrong snippet')
    ap.add_argument('--min-macro-f1', type=float)
    ap.add_argument('--min-story-recall', type=float)
    args = ap.parse_args()
    labels = args.labels or [os.path.join(HERE, 'written.jsonl'),
                             os.path.join(TOP, 'tests', 'data', 'nzherald.labels.jsonl')]
    dirs = args.pages or [os.path.join(HERE, 'pages'), os.path.join(TOP, 'tests', 'data')]

    rows = read_labels(labels)
    if args.only:
        rows = [r for r in rows if r['id'] in args.only]
    by_page = defaultdict(list)
    for r in rows:
        by_page[r['id']].append(r)
    pairs, wrong, per_page = [], [], []
    for pid, snips in by_page.items():
        path = find_page(pid, dirs)
        if path is None:
            print(f'score.py: no page {pid} in {", ".join(dirs)}', file=sys.stderr)
            return 2
        try:
            idx = Index(run_pith(args.pith, path, args.lookahead))
        except (OSError, RuntimeError, subprocess.SubprocessError, ValueError) as e:
            print(f'score.py: {e}', file=sys.stderr)
            return 2
        page_pairs = []
        for r in snips:
            pred = column(idx.find(r['snippet']))
            page_pairs.append((r['label'], pred))
            ok = pred == r['label'] or (r['label'] == 'other' and pred not in ('story', 'missing'))
            if not ok:
                wrong.append(f'  {pid[:14]:<14} gold={r["label"]:<14} pred={pred:<14} {r["snippet"][:80]}')
        pairs += page_pairs
        per_page.append((pid, page_pairs))

    out = sys.stdout
    out.write(f'pages: {len(by_page)}  snippets: {len(rows)}\n')
    macro, story_recall = report('all pages', pairs, out)
    if args.per_page:
        out.write(f'\n{"page":<22}{"n":>4}{"right":>7}{"macro":>8}\n')
        for pid, pp in per_page:
            right = sum(1 for g, p in pp if p == g or (g == 'other' and p not in ('story', 'missing')))
            out.write(f'{pid[:22]:<22}{len(pp):>4}{right:>7}{metrics(pp)[2]:>8.3f}\n')
    if args.verbose and wrong:
        out.write('\nwrong or missing:\n' + '\n'.join(wrong) + '\n')
    failed = False
    if args.min_macro_f1 is not None:
        ok = macro >= args.min_macro_f1
        failed |= not ok
        out.write(f'{"ok  " if ok else "FAIL"} macro F1 {macro:.3f}, floor {args.min_macro_f1:.3f}\n')
    if args.min_story_recall is not None:
        ok = story_recall >= args.min_story_recall
        failed |= not ok
        out.write(f'{"ok  " if ok else "FAIL"} story recall {story_recall:.3f}, floor {args.min_story_recall:.3f}\n')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
