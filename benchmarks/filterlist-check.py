#!/usr/bin/env python3
"""Does a filter list turn story into advertising?  Every benchmark page, with and without it.

    filterlist-check.py [--pith PROG] [--list FILE]... [--url] [--sets aeb,traf,labels]
                        [--jobs N] [-v]

Runs `PROG --format=jsonl --keep=all --no-filter-list` and `PROG --format=jsonl --keep=all`
(with the installed EasyList, the tool's default, or with --filter-list FILE for each --list)
on every page of aeb-dev, traf-dev and the labelled set, and compares the two runs block by
block (a list changes labels, never the blocks).  Prints how many blocks changed label, from
which label to which, and the rules named in the changed blocks' cues; -v lists each changed
block.  --url passes each page's URL where the set knows it, so that the site rules apply.
Exit status 1 when any block that was story without the list is advertising with it (the
issue's condition), 2 when the two runs disagree on the blocks or cannot run, else 0.
SHARED (default ../shared from the repository top) locates the benchmark sets.
"""
import argparse
import json
import os
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cv  # noqa: E402


def blocks(out):
    res = []
    for line in out.split('\n'):
        if line.strip():
            try:
                o = json.loads(line)
            except ValueError:
                print(f'filterlist-check.py: not JSON: {line[:300]!r}', file=sys.stderr)
                raise
            rules = [c for c in o.get('cues', []) if c.startswith(('filter:', 'adserver:'))]
            res.append((o['label'], o.get('text', ''), rules))
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--pith', default=os.path.join(cv.TOP, 'filter', 'pith'))
    ap.add_argument('--list', action='append', default=[], help='a filter list instead of the default')
    ap.add_argument('--url', action='store_true')
    ap.add_argument('--sets', default='aeb,traf,labels')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('-v', '--verbose', action='store_true')
    a = ap.parse_args()

    aeb = cv.aeb_pages()
    sites = {pid: (site, url) for pid, site, url, _ in aeb[0]}
    sets = {'aeb': aeb, 'traf': cv.traf_pages(), 'labels': cv.label_pages(sites)}
    base = [a.pith, '--format=jsonl', '--keep=all']
    with_list = base + (['--no-filter-list'] + [f'--filter-list={f}' for f in a.list] if a.list else [])
    without = base + ['--no-filter-list']

    def one(page):
        pid, _site, url, path = page
        extra = [cv.url_arg(url)] if a.url and url else []
        return blocks(cv.run(without + extra, path)), blocks(cv.run(with_list + extra, path))

    status = 0
    total = Counter()
    for name in a.sets.split(','):
        pages = sets[name][0]
        with ThreadPoolExecutor(max_workers=a.jobs) as pool:
            results = list(pool.map(one, pages))
        moves, rules, nblocks, pages_hit = Counter(), Counter(), 0, 0
        for (pid, *_), (old, new) in zip(pages, results):
            if [t for _, t, _ in old] != [t for _, t, _ in new]:
                print(f'{name} {pid}: the blocks differ with the list', file=sys.stderr)
                status = max(status, 2)
                continue
            nblocks += len(old)
            hit = 0
            for (lo, text, _), (ln, _, rl) in zip(old, new):
                if rl:
                    hit = 1
                if lo != ln:
                    moves[(lo, ln)] += 1
                    for r in rl:
                        rules[r.rsplit('@', 1)[0]] += 1
                    if a.verbose:
                        print(f'  {name} {pid[:14]} {lo} -> {ln}  {rl}  {text[:70]!r}')
            pages_hit += hit
        story_ad = moves[('story', 'advertising')]
        total['story->ad'] += story_ad
        print(f'== {name}: {len(pages)} pages, {nblocks} blocks; {pages_hit} pages with a block '
              f'under a rule; {sum(moves.values())} blocks changed label ==')
        for (lo, ln), k in sorted(moves.items(), key=lambda x: -x[1]):
            print(f'  {lo:>14} -> {ln:<14} {k:>5}')
        for r, k in rules.most_common(10):
            print(f'  {k:>5}  {r}')
        print(f'  story -> advertising: {story_ad}')
    if total['story->ad']:
        status = max(status, 1)
    print('FAIL: story became advertising' if status == 1 else
          'ok: no story block became advertising' if status == 0 else 'error')
    return status


if __name__ == '__main__':
    sys.exit(main())
