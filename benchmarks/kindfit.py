#!/usr/bin/env python3
"""The fitted kind of a block that is not story: src/kind_weights.h from labelled blocks.

    kindfit.py --dump                 benchmarks/kind-data.tsv from the labelled pages
    kindfit.py [--out FILE]           the fitted table (default src/kind_weights.h)
    kindfit.py --rules [--out FILE]   the table that keeps the rules' labels as they are
    kindfit.py --cv [--jobs N]        cross-validate, fold by fold: rules against fitted
    kindfit.py --offline              the same folds on the data alone (no build; seconds)
    kindfit.py --curve                --offline, fitted on a part of the training sites
    kindfit.py --check                regenerate the table, compare it with the committed one

Once the rules of src/classify.c find a block not to be story, src/kindfit.c says which of
navigation, advertising and recommendation it is, by a multinomial logistic model over the
block's features: the rules' label, its words, links, link density, words per link, tag,
heading, sentences, score, nearest boilerplate cue, the cues of its ancestors (and whether
they are close), where its links go (a place on the page, a social network, an article, a
section, another path, and whether the address names a sale or an offer: LK_* of block.h),
the cues of its words (TX_* of textcue.h: an upsell, "Related", a date, ... in every
language the lists know) and the words of its first 150 folded bytes.  A block whose own
words name its kind, or the heading of its box does (a section of classify.c), or the rest
of a small form that offered a newsletter, keeps the rules' label and is not in the data.
kindfit.c writes the features it reads (PITH_FEATURES=kind; --dump builds pith with the
rules' table for it, since a block's features depend on the labels before it, then builds
the tree's table again); this script fits the weights on the hand-labelled blocks of
benchmarks/labels that the rules found not to be story and whose label is one of the three, or "other" (comments, author boxes, consent texts): those train
as navigation, the label the rules give such boilerplate, so that the model does not call
them advertising or recommendation for want of an example.

The data (--dump, kind-data.tsv): one line per such block: page, site, fold, round, label,
source, the names of its features (words as t:WORD).  The source is "snippets" for a block
of the labelled snippets (the ones cv.py scores) and "blocks" for one of
labels/kind-blocks.jsonl: more blocks of the same pages, labelled for this model alone and
never scored; with FIT_BLOCKS false (the measured choice) they are not in the fit either,
and serve --offline as a test.  Pages of the "final" part of folds.txt are never read.  The
pages of the rounds in HELD (a round labelled to check the fit on pages it never saw) are
dumped but left out of the fit.  Round L checked the first table, round M the rules and
table of 37fd114, round N those of dfd432b; all three are in the fit now.  Rounds O and P,
the last traf-dev and aeb-dev sites never labelled, check this table: they are left out.

The fit: weights W[feature][class] and a bias, softmax of the sums; stochastic gradient
descent, EPOCHS passes over the blocks in an order drawn from a fixed seed, step LR0
shrinking by DECAY each pass, an L2 pull L2 toward 0; each page weighs 1/sqrt(n) for its n
blocks.  A word is a feature only if blocks of MIN_SITES sites or more hold it (no word of
one site's menu).  The same data give the same table on every machine; the table is in
1/UNIT.  Words go in an open-addressing hash table (FNV-1a, linear probing) that kindfit.c
searches with the same hash.

--rules writes the table that gives every block the rules' label (the model switched off).
--cv needs the benchmark sets (../shared/bench): it scores the rules' table on every fold
with the figures of benchmarks/cv.py, then for each fold F fits on the other folds, builds
pith with that table and scores fold F; the table it leaves in src/ is the one the tree had.

--offline scores the model on the data alone, in Python: for each fold F, the snippets'
blocks of F (the rounds in HELD left out) by the weights fitted without F, as the C build
would label them but without its 1/UNIT rounding; then the blocks of the HELD rounds by the
weights fitted on all the rest; both without and with the blocks of kind-blocks.jsonl in the
fit; then those blocks, each fold's by the weights fitted on the other folds' snippets
(and on their snippets and blocks), beside the rules' labels.  Figures on the three kinds
("other" counts as navigation, as it trains): accuracy, macro F1, advertising precision and
recall.  A quick first test of an
input before any C; the figures that count are those of --cv.  --curve does the same with
each fold's model fitted on a part of the other folds' sites (1/8, 1/4, 1/2, 3/4, drawn three
times from fixed seeds, and all of them), then on half of their blocks, every site kept: how
much the model gains from more labelled sites, and from more labelled blocks of the same sites.
"""
import argparse
import math
import os
import random
import re
import sys
from collections import Counter, defaultdict

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, 'labels'))

DATA = os.path.join(HERE, 'kind-data.tsv')
BLOCKS = os.path.join(HERE, 'labels', 'kind-blocks.jsonl')   # training only, never scored
TABLE = os.path.join(TOP, 'src', 'kind_weights.h')
CLASSES = ('navigation', 'advertising', 'recommendation')
RULES = ('rule_nav', 'rule_ad', 'rule_rec')   # the features of the rules' label, as CLASSES
HELD = ('O', 'P')       # rounds left out of the fit, to check it on unseen pages
EPOCHS = 25
LR0 = 0.1
DECAY = 0.9
L2 = 1e-3
MIN_SITES = 4
UNIT = 256
SEED = 1
OTHER = 'navigation'   # the class the blocks labelled "other" train as (None: left out)
FIT_BLOCKS = False     # the blocks of labels/kind-blocks.jsonl in the fit (--offline: no gain)


def feature_names():
    """The fixed features of src/kindfit.c, in order, then cue_X and close_X for each cue."""
    with open(os.path.join(TOP, 'src', 'kindfit.c'), encoding='utf-8') as f:
        src = f.read()
    m = re.search(r'#define KIND_FEATURES\(X\)(.*?)\n\n', src, re.S)
    tx = re.search(r'#define KIND_TX\(X\)(.*?)\n\n', src, re.S)
    with open(os.path.join(TOP, 'src', 'block.h'), encoding='utf-8') as f:
        cues = re.search(r'#define PITH_CUES\(X\)(.*?)\n\n', f.read(), re.S)
    if not m or not tx or not cues:
        sys.exit('kindfit.py: no KIND_FEATURES or KIND_TX in src/kindfit.c, or no PITH_CUES '
                 'in src/block.h')
    names = re.findall(r'X\(\w+, (\w+)\)',
                       m.group(1).replace('KIND_TX(X)', tx.group(1)))
    for c in re.findall(r'X\(\w+, (\w+)\)', cues.group(1)):
        names += ['cue_' + c, 'close_' + c]
    return names


# --- the data ------------------------------------------------------------------------------

def dump_page(prog, path):
    import fit as story_fit
    blocks, lines = story_fit.features_run(prog, path, 'kind', 'pith-kind\t')
    feats = [ln[1].split() for ln in lines]
    if len(blocks) != len(feats):
        sys.exit(f'kindfit.py: {path}: {len(blocks)} blocks but {len(feats)} feature lines')
    return blocks, feats


def dump(prog):
    import cv
    import score as labels_score
    folds = cv.read_folds()
    sites = {pid: (site, url) for pid, site, url, _ in cv.aeb_pages()[0]}
    pages, by_page = cv.label_pages(sites)
    site_of = {}
    with open(cv.FOLDS_FILE, encoding='utf-8') as f:
        for ln in f:
            p = ln.split()
            if len(p) == 4 and p[0] == 'labels':
                site_of[p[1]] = p[2]            # the site of folds.txt, for every page
    rounds = {}
    with open(os.path.join(HERE, 'labels', 'rounds.txt'), encoding='utf-8') as f:
        for ln in f:
            p = ln.split()
            if len(p) == 2 and not ln.startswith('#'):
                rounds[p[1]] = p[0]
    extra = defaultdict(list)
    for r in labels_score.read_labels([BLOCKS]):
        extra[r['id']].append(r)
    rows = []
    for pid, _site, _url, path in pages:
        fold, site = folds[('labels', pid)], site_of[pid]
        if fold == 'final':
            continue                            # never read
        blocks, feats = dump_page(prog, path)
        idx = labels_score.Index([(b.get('text', ''), i) for i, b in enumerate(blocks)])
        for src, labelled in (('snippets', by_page[pid]), ('blocks', extra.get(pid, ()))):
            got = defaultdict(set)
            for r in labelled:
                i = idx.find(r['snippet'])
                if i is not None:
                    got[i].add(r['label'])
            for i, labs in sorted(got.items()):
                if len(labs) != 1 or feats[i] == ['-']:
                    continue                    # story by the rules, or two labels
                lab = next(iter(labs))
                if lab in CLASSES or lab == 'other':
                    rows.append('\t'.join([pid[:16], site, fold, rounds.get(pid, '-'), lab, src,
                                           ' '.join(feats[i])]))
    with open(DATA, 'w', encoding='utf-8') as f:
        f.write('# benchmarks/kindfit.py --dump: page, site, fold, round, label, '
                'source (snippets: scored; blocks: training only), features\n')
        f.write('\n'.join(rows) + '\n')
    print(f'kindfit.py: wrote {len(rows)} blocks to {DATA}')


def read_data(blocks=False):
    """(page, site, fold, round, class, features, source) of each block of the labelled
    snippets (the ones scored), and with blocks=True those of kind-blocks.jsonl too."""
    rows = []
    with open(DATA, encoding='utf-8') as f:
        for ln in f:
            if ln.startswith('#') or not ln.strip():
                continue
            pid, site, fold, rnd, lab, src, feats = ln.rstrip('\n').split('\t')
            if (lab == 'other' and OTHER is None) or (src == 'blocks' and not blocks):
                continue
            rows.append((pid, site, fold, rnd, CLASSES.index(OTHER if lab == 'other' else lab),
                         feats.split(), src))
    return rows


# --- the fit -------------------------------------------------------------------------------

def site_words(rows):
    """The word features (t:WORD) that blocks of MIN_SITES sites or more of rows hold."""
    sites = defaultdict(set)
    for r in rows:
        for k in r[5]:
            if k.startswith('t:'):
                sites[k].add(r[1])
    return {k for k, s in sites.items() if len(s) >= MIN_SITES}


def fit(rows, names):
    """{feature: [w per class]} (words included), bias under 'bias'."""
    kept = set(names) | site_words(rows)
    data = []
    per_page = Counter(r[0] for r in rows)
    for r in rows:
        keep = sorted(k for k in set(r[5]) if k in kept)
        data.append((r[4], keep, 1.0 / math.sqrt(per_page[r[0]])))
    w = defaultdict(lambda: [0.0, 0.0, 0.0])
    rnd = random.Random(SEED)
    order = list(range(len(data)))
    lr = LR0
    for _ in range(EPOCHS):
        rnd.shuffle(order)
        for j in order:
            y, fs, wt = data[j]
            z = [w['bias'][c] + sum(w[k][c] for k in fs) for c in range(3)]
            top = max(z)
            e = [math.exp(v - top) for v in z]
            s = sum(e)
            for c in range(3):
                g = (e[c] / s - (1.0 if c == y else 0.0)) * wt
                for k in fs + ['bias']:
                    w[k][c] -= lr * (g + L2 * w[k][c])
        lr *= DECAY
    return w


def units(v):
    return [max(-32767, min(32767, int(round(x * UNIT)))) for x in v]


def fnv(word):
    h = 2166136261
    for byte in word.encode('utf-8'):
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


def c_string(word):
    out = ''
    for ch in word:
        out += ch if ch.isascii() and ch.isprintable() and ch not in '"\\?' else \
            ''.join(f'\\{b:03o}' for b in ch.encode('utf-8'))
    return out


def table_text(names, w, how):
    lines = ['/* kind_weights.h -- GENERATED by benchmarks/kindfit.py; do not edit.',
             ' *'] + [' * ' + ln for ln in how] + [
             ' * The weights of src/kindfit.c, in 1/%d: a row {navigation, advertising,' % UNIT,
             ' * recommendation} per feature in the order of kindfit.c, the bias last; then',
             ' * the words, by hash.  `python3 benchmarks/kindfit.py --check` (tests/fitted.sh)',
             ' * regenerates it; benchmarks/README.md tells how.',
             ' * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */']
    words = sorted(k[2:] for k in w if k.startswith('t:') and any(units(w[k])))
    slots = 1
    while slots < 2 * len(words) + 1:
        slots *= 2
    table = [None] * slots
    for word in words:
        i = fnv(word) & (slots - 1)
        while table[i] is not None:
            i = (i + 1) & (slots - 1)
        table[i] = word
    lines.append(f'#define KIND_SLOTS {slots}')
    lines.append('static const short kind_weights[][3] = {')
    for name in names + ['bias']:
        u = units(w[name]) if name in w else [0, 0, 0]
        lines.append(f'    {{ {u[0]:6d}, {u[1]:6d}, {u[2]:6d} }},   /* {name} */')
    lines.append('};')
    lines.append('static const struct kind_word {')
    lines.append('    const char *word;')
    lines.append('    unsigned char len;')
    lines.append('    short w[3];')
    lines.append('} kind_words[KIND_SLOTS] = {')
    for i, word in enumerate(table):
        if word is not None:
            u = units(w['t:' + word])
            lines.append(f'    [{i}] = {{ "{c_string(word)}", {len(word.encode())}, '
                         f'{{ {u[0]}, {u[1]}, {u[2]} }} }},')
    lines.append('};')
    return '\n'.join(lines) + '\n'


def rules_table(names):
    w = defaultdict(lambda: [0.0, 0.0, 0.0])
    for c, name in enumerate(RULES):
        w[name][c] = 1.0 / UNIT
    return table_text(names, w, ["The rules' labels as they are (kindfit.py --rules)."])


def make_table(names, rules=False, exclude=()):
    if rules:
        return rules_table(names)
    rows = [r for r in read_data(FIT_BLOCKS) if r[2] not in exclude and r[3] not in HELD]
    w = fit(rows, names)
    folds = ','.join(sorted({r[2] for r in rows}))
    nblocks = sum(1 for r in rows if r[6] == 'blocks')
    return table_text(names, w, [
        f'Fitted on the {len(rows)} blocks of folds {folds} in benchmarks/kind-data.tsv',
        f'({f"{nblocks} of them from labels/kind-blocks.jsonl; " if nblocks else ""}'
        f'{"rounds " + ",".join(HELD) + " left out; " if HELD else ""}"other" as {OTHER}); '
        f'{EPOCHS} passes, words of',
        f'{MIN_SITES} sites or more.'])


def write_table(path, text):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


# --- cross-validation ----------------------------------------------------------------------

def predict(w, feats):
    z = [w['bias'][c] + sum(w[k][c] for k in feats if k in w) for c in range(3)]
    return max(range(3), key=lambda c: z[c])


def kind_figures(pairs):
    """Accuracy, macro F1 of the three kinds, advertising precision and recall of
    (gold, predicted) class pairs."""
    f1 = []
    for c in range(3):
        tp = sum(1 for y, p in pairs if y == c and p == c)
        n_pred = sum(1 for _y, p in pairs if p == c)
        n_gold = sum(1 for y, _p in pairs if y == c)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
        if CLASSES[c] == 'advertising':
            ad = (prec, rec)
    acc = sum(1 for y, p in pairs if y == p) / len(pairs)
    return acc, sum(f1) / 3, ad[0], ad[1]


def offline_pairs(names, rows, part=1.0, draw=0, blocks=False):
    """{fold: (gold, predicted) pairs}, each fold by the weights fitted on the others
    (on `part` of their sites, or of their blocks if `blocks`, drawn with seed `draw`)."""
    out = {}
    for f in sorted({r[2] for r in rows}):
        train = [r for r in rows if r[2] != f]
        rnd = random.Random(f'{draw}/{f}')
        if part < 1.0 and blocks:
            train = [r for r in train if rnd.random() < part]
        elif part < 1.0:
            sites = sorted({r[1] for r in train})
            keep = set(rnd.sample(sites, max(1, int(len(sites) * part))))
            train = [r for r in train if r[1] in keep]
        w = fit(train, names)
        out[f] = [(r[4], predict(w, r[5])) for r in rows if r[2] == f and r[6] == 'snippets']
    return out


def offline(names):
    for blocks in (False, True):
        rows = read_data(blocks)
        fitted = [r for r in rows if r[3] not in HELD]
        per = offline_pairs(names, fitted)
        print(f'kindfit.py --offline: the snippets\' blocks of each fold by the weights fitted '
              f'without it, on {len(fitted)} blocks '
              f'({"with" if blocks else "without"} those of kind-blocks.jsonl; '
              f'rounds {",".join(HELD) or "none"} left out)')
        for f, pairs in per.items():
            print(f'  fold {f}  {len(pairs):5d} blocks  accuracy %.4f  macro F1 %.4f  '
                  f'ad P %.3f R %.3f' % kind_figures(pairs))
        pooled = [p for pairs in per.values() for p in pairs]
        print(f'  folds     {len(pooled):5d} blocks  accuracy %.4f  macro F1 %.4f  '
              f'ad P %.3f R %.3f' % kind_figures(pooled))
        held = [r for r in rows if r[3] in HELD and r[6] == 'snippets']
        if held:
            w = fit(fitted, names)
            print(f'  rounds {",".join(HELD)} {len(held):4d} blocks  accuracy %.4f  '
                  f'macro F1 %.4f  ad P %.3f R %.3f  (fitted on the folds)'
                  % kind_figures([(r[4], predict(w, r[5])) for r in held]))
    # the blocks of kind-blocks.jsonl as a test: each fold's by the weights fitted on the
    # other folds (their snippets, then their snippets and blocks), beside the rules' labels
    rows = [r for r in read_data(True) if r[3] not in HELD]
    pairs, both, rules = [], [], []
    for f in sorted({r[2] for r in rows}):
        test = [r for r in rows if r[2] == f and r[6] == 'blocks']
        w = fit([r for r in rows if r[2] != f and r[6] == 'snippets'], names)
        w2 = fit([r for r in rows if r[2] != f], names)
        pairs += [(r[4], predict(w, r[5])) for r in test]
        both += [(r[4], predict(w2, r[5])) for r in test]
        rules += [(r[4], RULES.index(next(k for k in r[5] if k in RULES))) for r in test]
    if pairs:
        print(f'kindfit.py --offline: the {len(pairs)} blocks of kind-blocks.jsonl, each fold\'s '
              'by the weights fitted on the others')
        print('  snippets  accuracy %.4f  macro F1 %.4f  ad P %.3f R %.3f' % kind_figures(pairs))
        print('  + blocks  accuracy %.4f  macro F1 %.4f  ad P %.3f R %.3f' % kind_figures(both))
        print('  rules     accuracy %.4f  macro F1 %.4f  ad P %.3f R %.3f' % kind_figures(rules))


def curve(names):
    rows = [r for r in read_data() if r[3] not in HELD]
    print('kindfit.py --curve: each fold by the weights fitted on a part of the other folds\' '
          'sites or blocks (the mean of three draws)')
    for part, blocks in ((0.125, False), (0.25, False), (0.5, False), (0.75, False),
                         (1.0, False), (0.5, True)):
        draws = [0] if part == 1.0 else [0, 1, 2]
        figs = []
        for d in draws:
            per = offline_pairs(names, rows, part, d, blocks)
            figs.append(kind_figures([p for pairs in per.values() for p in pairs]))
        mean = [sum(x[i] for x in figs) / len(figs) for i in range(4)]
        print(f'  {part:5.3f} of the {"blocks" if blocks else "sites "}  accuracy %.4f  '
              'macro F1 %.4f  ad P %.3f R %.3f' % tuple(mean))


def cross_validate(names, jobs):
    import fit as story_fit
    story_fit.cross_validate_table(TABLE, make_table(names, True),
                                   lambda f: make_table(names, False, exclude=(f,)), jobs,
                                   ("rules (the rules' labels)",
                                    'fitted, each fold by the table fitted without it'))


def with_rules_table(names, job):
    """Runs job with pith built on the rules' table (the features a block shows depend on
    the labels given before it), then builds the tree's table again."""
    import fit as story_fit
    with story_fit.table_kept(TABLE):
        write_table(TABLE, make_table(names, True))
        story_fit.build()
        job()


def check(names):
    with open(TABLE, encoding='utf-8') as f:
        have = f.read()
    if have != make_table(names, 'kindfit.py --rules' in have):
        sys.stderr.write(f'kindfit.py: {TABLE} is not what kindfit.py makes of {DATA}\n')
        return 1
    print(f'kindfit.py: {TABLE} regenerated byte for byte')
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--dump', action='store_true')
    ap.add_argument('--rules', action='store_true')
    ap.add_argument('--cv', action='store_true')
    ap.add_argument('--offline', action='store_true')
    ap.add_argument('--curve', action='store_true')
    ap.add_argument('--check', action='store_true')
    ap.add_argument('--out', default=TABLE)
    ap.add_argument('--jobs', type=int, default=2)
    a = ap.parse_args()
    names = feature_names()
    if a.dump:
        with_rules_table(names, lambda: dump(os.path.join(TOP, 'filter', 'pith')))
    elif a.cv:
        cross_validate(names, a.jobs)
    elif a.offline:
        offline(names)
    elif a.curve:
        curve(names)
    elif a.check:
        return check(names)
    else:
        write_table(a.out, make_table(names, a.rules))
    return 0


if __name__ == '__main__':
    sys.exit(main())
