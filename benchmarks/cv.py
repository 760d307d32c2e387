#!/usr/bin/env python3
"""Cross-validated figures: every benchmark set scored fold by fold, folds split by site.

    cv.py [--sets aeb,traf,labels] [--pith PROG] [--flag ARG]... [--url] [--jobs N]
          [--fold F]... [--final] [--round R]... [-v] [--make-folds [--force]]

The pages of the three sets (aeb-dev: article F1; traf-dev: main-text snippets; labels: the
four labels) are split by site into five folds, 0-4, fixed in benchmarks/folds.txt (one line
per page: set, page id, site, fold).  A site is the page's host (from its URL, or from the file
name where the URL is not given) without "www." and cut to its registrable part (the last two
labels, three under a second-level suffix such as co.uk or com.br or a blog platform such
as wordpress.com; an archived page's site is that of the page archived); every page of one site is
in the same fold, in every set.  The fold of a site is sha256(site) mod 5.

--round R scores only the labelled pages of round R (benchmarks/labels/rounds.txt: the rounds
of real pages, each labelled before the rules were changed by what it shows).

The sites of the labelled pages held out in benchmarks/labels/split.txt (16 pages) form a sixth
part, "final", in every set: it is left untouched while rules are changed, and scored only with
--final, once, at the end of a piece of work.

Use: before looking at the misses of a fold (-v --fold F lists them), note its figures; the
figure to report for a change is, for each fold, the one measured with the rules as they were
before that fold's misses were looked at ("figure on folds not looked at").  Every report
prints each fold and the pooled figure of folds 0-4.

Figures: aeb-dev, the benchmark's F1 (mean page precision and recall, ../aeb_score.py) per
fold; traf-dev, precision, recall and F1 of the summed snippet counts; labels, macro F1 over
the four labels, story recall, advertising precision and recall (benchmarks/labels/score.py).
--flag ARG adds ARG to pith's command line (repeatable: --flag=--no-filter-list); --url also
passes each page's URL (--url=...) where the set knows it.  SHARED (default ../shared from the
repository top) locates bench/aeb-dev and bench/traf-dev.
"""
import argparse
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import urllib.parse
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, 'labels'))
import score as labels_score  # noqa: E402

FOLDS_FILE = os.path.join(HERE, 'folds.txt')
NFOLDS = 5
SECOND_LEVEL = {'co', 'com', 'org', 'net', 'gov', 'ac', 'edu', 'or', 'ne', 'go', 'gob', 'nic'}
PLATFORMS = {'wordpress.com', 'blogspot.com', 'tumblr.com', 'github.io', 'substack.com',
             'medium.com', 'over-blog.com', 'blogger.com', 'livejournal.com'}
TLDS = {'com', 'net', 'org', 'info', 'edu', 'gov', 'biz', 'io', 'eu', 'asia', 'news', 'blog'}


def site_of_host(host):
    host = host.lower().strip('.')
    if host.startswith('www.'):
        host = host[4:]
    labels = host.split('.')
    if len(labels) >= 3 and '.'.join(labels[-2:]) in PLATFORMS:
        return '.'.join(labels[-3:])       # a blog on a platform is a site of its own
    if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2:
        return '.'.join(labels[-3:])
    return '.'.join(labels[-2:])


def host_of_url(url):
    inner = re.match(r'^https?://web\.archive\.org/web/[^/]*/(.*)$', url)
    if inner:                               # an archived page: the site archived
        url = inner.group(1) if '://' in inner.group(1) else 'http://' + inner.group(1)
    m = re.match(r'^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:@]*@)?([^/?#:]+)', url)
    return m.group(2) if m else ''


def host_of_file(name):
    """'100noticias.com-millones.html' -> 100noticias.com; 'dw.com.colonial.html' -> dw.com"""
    stem = re.sub(r'\.html?$', '', name).split('-')[0]
    labels = stem.split('.')
    for i in range(1, len(labels)):
        if labels[i] in TLDS or (len(labels[i]) == 2 and labels[i].isalpha()):
            if labels[i] in SECOND_LEVEL and i + 1 < len(labels) and len(labels[i + 1]) == 2:
                return '.'.join(labels[:i + 2])
            return '.'.join(labels[:i + 1])
    return stem


def url_arg(url):
    """--url=URL, percent-encoded: the tool refuses spaces, quotes and raw non-ASCII."""
    return '--url=' + urllib.parse.quote(url, safe=":/?#[]@!$&()*+,;=%~")


def shared_dir():
    return os.environ.get('SHARED') or os.path.join(TOP, '..', 'shared')


# --- the sets: [(page id, site, url or None, path)] ----------------------------------------

def aeb_pages():
    base = os.path.join(shared_dir(), 'bench', 'aeb-dev')
    with open(os.path.join(base, 'ground-truth.json'), encoding='utf-8') as f:
        gt = json.load(f)
    pages = [(pid, site_of_host(host_of_url(v.get('url', ''))), v.get('url'),
              os.path.join(base, 'html', pid + '.html.gz')) for pid, v in sorted(gt.items())]
    return pages, gt


def traf_pages():
    base = os.path.join(shared_dir(), 'bench', 'traf-dev')
    with open(os.path.join(base, 'snippets.json'), encoding='utf-8') as f:
        snips = json.load(f)
    pages = []
    for pid, v in sorted(snips.items()):
        url = v.get('url', '')
        host = host_of_url(url) if '://' in url else host_of_file(v.get('file', ''))
        pages.append((pid, site_of_host(host), url if '://' in url else None,
                      os.path.join(base, 'pages', pid + '.html.gz')))
    return pages, snips


LABEL_FILES = ('written.jsonl', 'aeb.jsonl', 'traf.jsonl')


def label_pages(aeb_sites):
    rows = labels_score.read_labels([os.path.join(HERE, 'labels', f) for f in LABEL_FILES])
    dirs = [os.path.join(HERE, 'labels', 'pages'),
            os.path.join(shared_dir(), 'bench', 'aeb-dev', 'html'),
            os.path.join(shared_dir(), 'bench', 'traf-dev', 'pages')]
    by_page = defaultdict(list)
    for r in rows:
        by_page[r['id']].append(r)
    pages = []
    for pid in sorted(by_page):
        site, url = aeb_sites.get(pid, ('written:' + pid, None))
        path = labels_score.find_page(pid, dirs)
        if path is None:
            sys.exit(f'cv.py: no page {pid} in {", ".join(dirs)}')
        pages.append((pid, site, url, path))
    return pages, by_page


def round_ids(wanted):
    """The labelled pages of the rounds named (benchmarks/labels/rounds.txt)."""
    ids = set()
    with open(os.path.join(HERE, 'labels', 'rounds.txt'), encoding='utf-8') as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and not line.startswith('#') and parts[0] in wanted:
                ids.add(parts[1])
    return ids


def holdout_ids():
    ids = set()
    with open(os.path.join(HERE, 'labels', 'split.txt'), encoding='utf-8') as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[0] == 'holdout':
                ids.add(parts[1])
    return ids


# --- folds ------------------------------------------------------------------------------

def make_folds(sets, force):
    if os.path.exists(FOLDS_FILE) and not force:
        sys.exit(f'cv.py: {FOLDS_FILE} exists: the folds are fixed (--force to rewrite)')
    held = holdout_ids()
    final_sites = {site for pid, site, _, _ in sets['labels'][0] if pid in held}
    with open(FOLDS_FILE, 'w', encoding='utf-8') as f:
        f.write('# Folds of cross-validation by site (benchmarks/cv.py, which wrote this file).\n'
                '# set page-id site fold: fold 0-4 is sha256(site) mod 5; "final" is the part\n'
                '# left untouched until the end (the sites of the held-out labelled pages).\n')
        for name in ('aeb', 'traf', 'labels'):
            for pid, site, _, _ in sets[name][0]:
                fold = 'final' if site in final_sites else \
                    str(int(hashlib.sha256(site.encode()).hexdigest(), 16) % NFOLDS)
                f.write(f'{name} {pid} {site} {fold}\n')
    print(f'cv.py: wrote {FOLDS_FILE}')


def read_folds():
    folds = {}
    with open(FOLDS_FILE, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            name, pid, _site, fold = line.split()
            folds[(name, pid)] = fold
    return folds


# --- running pith -----------------------------------------------------------------------

def run(cmd, path):
    with open(path, 'rb') as f:
        data = f.read()
    if path.endswith('.gz'):
        data = gzip.decompress(data)
    r = subprocess.run(cmd, input=data, capture_output=True, timeout=60)
    return r.stdout.decode('utf-8', 'replace') if r.returncode == 0 else ''


def run_set(pages, base_cmd, with_url, jobs):
    def one(p):
        cmd = list(base_cmd)
        if with_url and p[2]:
            cmd.append(url_arg(p[2]))
        return p[0], run(cmd, p[3])
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return dict(pool.map(one, pages))


# --- figures per set ----------------------------------------------------------------------

def aeb_figures(ids, gt, texts):
    sys.path.insert(0, os.path.join(shared_dir(), 'bench'))
    import aeb_score
    rows = []
    for pid in ids:
        tp, fp, fn = aeb_score.page_counts(gt[pid].get('articleBody', ''), texts[pid])
        rows.append((aeb_score.page_precision(tp, fp, fn) if tp + fp > 0 else None,
                     aeb_score.page_recall(tp, fp, fn) if tp + fn > 0 else None, 0.0))
    m = aeb_score.summarize(rows)
    return f'F1 {m["f1"]:.3f}  P {m["precision"]:.3f}  R {m["recall"]:.3f}'


def traf_counts(pid, item, text, misses):
    out = re.sub(r'\s+', ' ', text).strip()
    c = [0, 0, 0]
    for s in item['with']:
        s = re.sub(r'\s+', ' ', s).strip()
        if s in out:
            c[0] += 1
        else:
            c[2] += 1
            misses.append(f'  {pid} missed   {s[:90]!r}')
    for s in item['without']:
        s = re.sub(r'\s+', ' ', s).strip()
        if s in out:
            c[1] += 1
            misses.append(f'  {pid} let in   {s[:90]!r}')
    return c


def traf_figures(ids, snips, texts, misses):
    tp = fp = fn = 0
    for pid in ids:
        a, b, c = traf_counts(pid, snips[pid], texts[pid], misses)
        tp, fp, fn = tp + a, fp + b, fn + c
    p, r, f = labels_score.prf(tp, fp, fn)
    return f'F1 {f:.3f}  P {p:.3f}  R {r:.3f}'


def label_pairs(pid, snips, text, misses):
    blocks = []
    for line in text.split('\n'):   # not splitlines: U+2028 may sit in a text
        if line.strip():
            o = json.loads(line)
            blocks.append((o.get('text', ''), o.get('label', '')))
    idx = labels_score.Index(blocks)
    pairs = []
    for r in snips:
        pred = labels_score.column(idx.find(r['snippet']))
        pairs.append((r['label'], pred))
        if pred != r['label'] and not (r['label'] == 'other' and pred not in ('story', 'missing')):
            misses.append(f'  {pid[:14]:<14} gold={r["label"]:<14} pred={pred:<14} {r["snippet"][:70]}')
    return pairs


def label_figures(ids, by_page, texts, misses):
    pairs = []
    for pid in ids:
        pairs += label_pairs(pid, by_page[pid], texts[pid], misses)
    _, per, macro = labels_score.metrics(pairs)
    ad = per['advertising']
    return (f'macro F1 {macro:.3f}  story R {per["story"][5]:.3f}  '
            f'ad P {ad[4]:.3f} R {ad[5]:.3f}  ({len(pairs)} snippets)')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--sets', default='aeb,traf,labels')
    ap.add_argument('--pith', default=os.path.join(TOP, 'filter', 'pith'))
    ap.add_argument('--flag', action='append', default=[], help='argument added to pith')
    ap.add_argument('--url', action='store_true', help="pass each page's URL (--url=)")
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--fold', action='append', default=[], help='only these folds (0-4, final)')
    ap.add_argument('--final', action='store_true', help='also score the final part')
    ap.add_argument('-v', '--verbose', action='store_true', help='list the misses of the folds scored')
    ap.add_argument('--round', action='append', default=[],
                    help='labels: only the pages of this round of labels/rounds.txt (A, B, ...)')
    ap.add_argument('--make-folds', action='store_true', help='write benchmarks/folds.txt')
    ap.add_argument('--force', action='store_true')
    a = ap.parse_args()

    aeb = aeb_pages()
    traf = traf_pages()
    sites = {pid: (site, url) for pid, site, url, _ in aeb[0] + traf[0]}
    sets = {'aeb': aeb, 'traf': traf, 'labels': label_pages(sites)}
    if a.round:
        keep = round_ids(a.round)
        sets['labels'] = ([p for p in sets['labels'][0] if p[0] in keep], sets['labels'][1])
    if a.make_folds:
        make_folds(sets, a.force)
        return 0
    folds = read_folds()
    wanted = a.fold or [str(i) for i in range(NFOLDS)] + (['final'] if a.final else [])
    if 'final' in wanted and not a.final:
        sys.exit('cv.py: the final part is scored only with --final')
    for name in a.sets.split(','):
        pages, data = sets[name]
        missing = [pid for pid, *_ in pages if (name, pid) not in folds]
        if missing:
            sys.exit(f'cv.py: {len(missing)} {name} pages have no fold in {FOLDS_FILE}')
        pages = [p for p in pages if folds[(name, p[0])] in wanted]
        fmt = ['--format=jsonl', '--keep=all'] if name == 'labels' else ['--format=text']
        texts = run_set(pages, [a.pith] + fmt + a.flag, a.url, a.jobs)
        print(f'== {name}: {len(pages)} pages ==')
        by_fold = defaultdict(list)
        for pid, *_ in pages:
            by_fold[folds[(name, pid)]].append(pid)
        misses = []
        for fold in wanted + ['cv']:
            if fold == 'cv':
                ids = [pid for f in wanted if f != 'final' for pid in by_fold[f]]
                label = 'folds ' + ','.join(f for f in wanted if f != 'final')
            else:
                ids, label = by_fold[fold], 'fold ' + fold
            if not ids:
                continue
            m = []
            if name == 'aeb':
                fig = aeb_figures(ids, data, texts)
            elif name == 'traf':
                fig = traf_figures(ids, data, texts, m)
            else:
                fig = label_figures(ids, data, texts, m)
            if fold != 'cv':
                misses += m
            print(f'{label:<16}{len(ids):>5} pages  {fig}')
        if a.verbose and misses:
            print('misses:\n' + '\n'.join(misses))
    return 0


if __name__ == '__main__':
    sys.exit(main())
