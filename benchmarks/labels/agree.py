#!/usr/bin/env python3
"""How far two labellers agree: agree.jsonl against the first labels of the same snippets.

    agree.py [--second agree.jsonl]

agree.jsonl holds a second, independent labelling of the snippets of 40 labelled pages
(drawn at random by site from rounds B to L, not of the final part): two labellers who saw
neither the first labels nor pith's output gave each snippet a label by the same taxonomy
and conventions.  This prints the second labelling scored as score.py scores pith, with the
first labels as the truth (macro F1, per label, confusion): the ceiling two careful people
reach, against which pith's figures read.
"""
import argparse
import json
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import score  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--second', default=os.path.join(HERE, 'agree.jsonl'))
    a = ap.parse_args()
    first = {}
    for r in score.read_labels([os.path.join(HERE, f) for f in
                                ('aeb.jsonl', 'traf.jsonl', 'written.jsonl')]):
        first[(r['id'], r['snippet'])] = r['label']
    pairs = []
    with open(a.second, encoding='utf-8') as f:
        for line in f:
            r = json.loads(line)
            pairs.append((first[(r['id'], r['snippet'])], score.column(r['label'])))
    pages = len({json.loads(ln)['id'] for ln in open(a.second, encoding='utf-8')})
    print(f'pages: {pages}  snippets: {len(pairs)}')
    score.report('second labelling, the first as the truth', pairs, sys.stdout)
    agree = sum(1 for g, p in pairs if g == p) / len(pairs)
    print(f'same label: {agree:.3f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
