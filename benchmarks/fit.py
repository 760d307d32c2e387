#!/usr/bin/env python3
"""Fitted weights of the story score: src/classify_weights.h from labelled blocks.

    fit.py --dump [--pith PROG]    benchmarks/fit-data.tsv from the benchmark sets
    fit.py [--out FILE]            the fitted table (default benchmarks/fit-weights.h)
    fit.py --rules [--out FILE]    the hand-set table (default src/classify_weights.h)
    fit.py --cv [--jobs N]         cross-validate, fold by fold: rules against fitted
    fit.py --check                 regenerate both tables, compare with the committed ones
    (--prior X, --pos-weight Y: the settings of the fit, with the table or with --cv)

src/classify_weights.h is the table the build compiles in; benchmarks/fit-weights.h is the
fitted one, kept beside it: `fit.py --out src/classify_weights.h` compiles the fitted weights in.

The story score of a block (src/classify.c, local_score) is a weighted sum of 0/1 features
of the block (the F_ list there: words, sentences, link density, tag, text cues, the depth
and kind of the nearest class/id cue).  Its context (read_context: the blocks around it)
adds points to it, and a block whose total reaches 3 is story.  This script fits the weights
by logistic regression on blocks labelled story or not:

- labels: the hand-labelled snippets of benchmarks/labels (the block holding a snippet takes
  its label: story, or not story for the other labels);
- traf-dev: a block holding a `with` snippet is story, one holding a `without` snippet is not;
- aeb-dev: a block of 8 words or more is story when at least 80% of its word trigrams are in
  the page's ground-truth body, not story when at most 20% are (headlines and bylines, which
  the ground truth leaves out, are mostly shorter).

Pages of the "final" part of benchmarks/folds.txt are never read.  --dump runs pith with
PITH_FEATURES=1 (classify.c then writes each block's features on stderr) and writes one line
per labelled block: set, page, fold, label, weight, context points, feature mask (hex).  No
text of the benchmark pages is kept in it.

The model: P(story) = sigmoid(s * (w.x + b + ctx - 2.5)), ctx being the points the context
gave the block (its final score minus its local score in the dump), so that w is in points of
the score the context points and the thresholds of classify.c count in.  First the scale s:
a logistic regression in x and the one extra input ctx - 2.5 (v = s w) with an L2 penalty
LAMBDA on v; then w, s fixed, with an L2 pull PRIOR_LAMBDA toward the rules' weights (RULES):
where the data say little, the rules' number stands.  Newton's method, a fixed number of
steps in a fixed order: the same table on every machine.  The table is in 1/16 points.
Blocks without words and short lists of links (whose score classify.c caps) are left out:
their score does not decide them.  Each page weighs sqrt(n) for its n labelled blocks, so
that a long page does not outweigh many short ones.

--rules writes the hand-set weights the rules of classify.c had (RULES below) as the table.
--cv needs the benchmark sets (../shared/bench): it dumps the features with the rules'
table, scores the rules on every fold with benchmarks/cv.py, then for each fold F fits on
the other folds, builds pith with that table and scores fold F; the table it leaves in
src/ at the end is the one the tree had.
"""
import argparse
import contextlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, 'labels'))

DATA = os.path.join(HERE, 'fit-data.tsv')
TABLE = os.path.join(TOP, 'src', 'classify_weights.h')     # the table the build compiles in
FITTED = os.path.join(HERE, 'fit-weights.h')               # the fitted table, kept beside it
ONE = 16            # the table's unit: 1/16 point of score
LAMBDA = 4.0        # the L2 penalty on v, in the fit of the context scale
PRIOR_LAMBDA = 4.0  # the pull of the rules' weights (--prior)
POS_WEIGHT = 1.0    # a story block weighs this much more than another (--pos-weight)
STEPS = 30          # Newton steps
SET_WEIGHT = {'labels': 2.0, 'traf': 1.0, 'aeb': 1.0}

# The points the hand-set rules gave (the baseline of words is 4-9: -1, the bias).
RULES = {
    'bias': -1, 'F_WORDS_FEW': -1, 'F_WORDS10': 2, 'F_WORDS20': 4, 'F_WORDS40': 5,
    'F_SENT2': 1, 'F_NOSENT': -1, 'F_LD20': -1, 'F_LD35': -3, 'F_LD60': -5,
    'F_TAG_P': 1, 'F_TAG_LI_SHORT': -1, 'F_TX_BOILER': -3, 'F_TX_COOKIE': -3,
    'F_STORY': 4, 'F_ARTICLE': 1, 'F_REGION': -4, 'F_REGION_FAR': 3, 'F_REGION_WEAK': -1,
    'F_PART_STRONG': -1, 'F_PART_WEAK': -2,
}


def feature_names():
    """The F_ names of src/classify.c's feature enum, in order."""
    with open(os.path.join(TOP, 'src', 'classify.c'), encoding='utf-8') as f:
        src = f.read()
    m = re.search(r'enum \{\n(\s+F_WORDS_FEW.*?)\bNFEAT\b', src, re.S)
    if not m:
        sys.exit('fit.py: no feature enum in src/classify.c')
    body = re.sub(r'/\*.*?\*/', '', m.group(1), flags=re.S)
    return re.findall(r'\bF_[A-Z0-9_]+\b', body)


# --- the table ----------------------------------------------------------------------------

def table_text(names, units, how):
    lines = ['/* classify_weights.h -- GENERATED by benchmarks/fit.py; do not edit.',
             ' *',
             f' * {how}',
             ' * The weights of the features of src/classify.c (local_score), in 1/16',
             ' * points of the story score, the bias last.  `python3 benchmarks/fit.py',
             ' * --check` (tests/fitted.sh) regenerates it; benchmarks/README.md tells how.',
             ' * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */',
             '#define FIT_ONE ' + str(ONE),
             'static const short fit_weights[] = {']
    for name, u in zip(names + ['bias'], units):
        lines.append(f'    {u:5d},   /* {name} */')
    lines.append('};')
    return '\n'.join(lines) + '\n'


def rules_units(names):
    unknown = set(RULES) - set(names) - {'bias'}
    if unknown:
        sys.exit(f'fit.py: RULES names no feature of classify.c: {sorted(unknown)}')
    return [RULES.get(n, 0) * ONE for n in names] + [RULES['bias'] * ONE]


# --- the data ------------------------------------------------------------------------------

def read_data(path=DATA):
    rows = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            name, pid, fold, y, wt, ctx, mask = line.split('\t')
            rows.append((name, pid, fold, int(y), float(wt), int(ctx), int(mask, 16)))
    return rows


def features_run(prog, path, which, prefix):
    """pith's blocks of page path (jsonl, every label) and the lines starting with prefix
    that it wrote on stderr with PITH_FEATURES=which (split at tabs)."""
    import gzip
    with open(path, 'rb') as f:
        data = f.read()
    if path.endswith('.gz'):
        data = gzip.decompress(data)
    env = dict(os.environ, PITH_FEATURES=which)
    r = subprocess.run([prog, '--format=jsonl', '--keep=all', '--no-filter-list'], input=data,
                       capture_output=True, timeout=120, env=env)
    if r.returncode != 0:
        sys.exit(f'{os.path.basename(sys.argv[0])}: {prog} failed on {path}')
    blocks = [json.loads(ln) for ln in r.stdout.decode('utf-8', 'replace').split('\n')
              if ln.strip()]
    return blocks, [ln.split('\t') for ln in r.stderr.decode('utf-8', 'replace').split('\n')
                    if ln.startswith(prefix)]


def dump_page(prog, path):
    blocks, feats = features_run(prog, path, '1', 'pith-features\t')
    if len(blocks) != len(feats):
        sys.exit(f'fit.py: {path}: {len(blocks)} blocks but {len(feats)} feature lines')
    return [(b, int(fl[2]), int(fl[3]), fl[4]) for b, fl in zip(blocks, feats)]


def usable(b):
    """Blocks whose score decides them: with words, and not a short list of links."""
    w = b.get('words', 0)
    ld = b['link_words'] / w if w else 1.0
    return w > 0 and not (ld > 0.5 and w < 30)


def snippet_blocks(blocks, items):
    """{block index: set of labels} for [(snippet, label)] found in the blocks."""
    import score as labels_score
    idx = labels_score.Index([(b.get('text', ''), i) for i, b in enumerate(blocks)])
    got = defaultdict(set)
    for snip, lab in items:
        i = idx.find(snip)
        if i is not None:
            got[i].add(lab)
    return got


def trigrams(words):
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def words_of(text):
    return re.findall(r'\w+', text.lower())


def aeb_labels(blocks, body):
    grams = trigrams(words_of(body))
    got = {}
    for i, b in enumerate(blocks):
        ws = words_of(b.get('text', ''))
        if b.get('words', 0) < 8 or len(ws) < 5:
            continue
        mine = trigrams(ws)
        share = sum(1 for g in mine if g in grams) / len(mine)
        if share >= 0.8:
            got[i] = 1
        elif share <= 0.2:
            got[i] = 0
    return got


def page_rows(name, pid, fold, dumped, labelled):
    out = []
    # text output leaves out story blocks other than the body (headlines, bylines,
    # captions): traf-dev and aeb-dev cannot say that such a block is not story
    keep = [(i, y) for i, y in sorted(labelled.items()) if usable(dumped[i][0]) and
            (y or name == 'labels' or dumped[i][0].get('role') == 'body')]
    if not keep:
        return out
    wt = SET_WEIGHT[name] / math.sqrt(len(keep))
    for i, y in keep:
        _, local, final, mask = dumped[i]
        out.append(f'{name}\t{pid[:16]}\t{fold}\t{y}\t{wt:.6f}\t{final - local}\t{mask}')
    return out


def dump(prog):
    import cv
    folds = cv.read_folds()
    aeb_pages, gt = cv.aeb_pages()
    sites = {pid: (site, url) for pid, site, url, _ in aeb_pages}
    traf, snips = cv.traf_pages()
    lab_pages, by_page = cv.label_pages(sites)
    rows = []
    for name, pages in (('labels', lab_pages), ('traf', traf), ('aeb', aeb_pages)):
        for pid, _site, _url, path in pages:
            fold = folds[(name, pid)]
            if fold == 'final':
                continue                        # never read
            dumped = dump_page(prog, path)
            blocks = [d[0] for d in dumped]
            if name == 'labels':
                got = snippet_blocks(blocks, [(r['snippet'], r['label']) for r in by_page[pid]])
                lab = {i: int(s == {'story'}) for i, s in got.items()
                       if s == {'story'} or 'story' not in s}
            elif name == 'traf':
                got = snippet_blocks(blocks, [(s, 1) for s in snips[pid]['with']] +
                                     [(s, 0) for s in snips[pid]['without']])
                lab = {i: next(iter(s)) for i, s in got.items() if len(s) == 1}
            else:
                lab = aeb_labels(blocks, gt[pid].get('articleBody', ''))
            rows += page_rows(name, pid, fold, dumped, lab)
    with open(DATA, 'w', encoding='utf-8') as f:
        f.write('# benchmarks/fit.py --dump: set, page, fold, story (1) or not (0), weight,\n'
                '# points the context gave, feature mask (bit i: the i-th F_ of classify.c)\n')
        f.write('\n'.join(rows) + '\n')
    print(f'fit.py: wrote {len(rows)} blocks to {DATA}')


# --- the fit -------------------------------------------------------------------------------

def solve(a, b):
    """a x = b by Gaussian elimination with partial pivoting (a is small)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for k in range(n):
        p = max(range(k, n), key=lambda i: abs(m[i][k]))
        m[k], m[p] = m[p], m[k]
        for i in range(k + 1, n):
            f = m[i][k] / m[k][k]
            if f:
                for j in range(k, n + 1):
                    m[i][j] -= f * m[k][j]
    x = [0.0] * n
    for k in range(n - 1, -1, -1):
        x[k] = (m[k][n] - sum(m[k][j] * x[j] for j in range(k + 1, n))) / m[k][k]
    return x


def newton(data, n, theta, grad_hess):
    """STEPS Newton steps from theta; grad_hess(theta) gives the gradient and Hessian."""
    for _ in range(STEPS):
        grad, hess = grad_hess(theta)
        for i in range(n):
            hess[i][i] += 1e-9
        step = solve(hess, [-g for g in grad])
        theta = [t + d for t, d in zip(theta, step)]
    return theta


def accumulate(data, n, logit_of, inputs):
    """The gradient and Hessian of the weighted log loss: inputs(row) gives the
    (parameter, input) pairs of a row, logit_of(row) its logit."""
    grad = [0.0] * n
    hess = [[0.0] * n for _ in range(n)]
    for row in data:
        z = logit_of(row)
        p = 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0
        y, wt = row[2], row[3]
        g, h = wt * (p - y), wt * p * (1.0 - p)
        vals = inputs(row)
        for i, xi in vals:
            grad[i] += g * xi
            r = hess[i]
            for j, xj in vals:
                r[j] += h * xi * xj
    return grad, hess


def fit(rows, nfeat, prior):
    """Weights in points, [w_0 .. w_nfeat-1, bias], and the context scale s.

    First the scale: P(story) = sigmoid(v.x + b + s * (ctx - 2.5)), with an L2 penalty
    LAMBDA on v.  Then, s fixed, the weights in points: sigmoid(s * (w.x + b + ctx - 2.5))
    with the penalty PRIOR_LAMBDA * (w - prior)^2, prior being the rules' weights: where
    the data say little, the rules stand."""
    data = [([i for i in range(nfeat) if mask >> i & 1] + [nfeat], ctx - 2.5, y,
             wt * (POS_WEIGHT if y else 1.0))
            for _name, _pid, _fold, y, wt, ctx, mask in rows]
    n = nfeat + 2

    def gh_scale(theta):
        grad, hess = accumulate(data, n, lambda r: sum(theta[i] for i in r[0]) +
                                theta[n - 1] * r[1],
                                lambda r: [(i, 1.0) for i in r[0]] + [(n - 1, r[1])])
        for i in range(nfeat):
            grad[i] += LAMBDA * theta[i]
            hess[i][i] += LAMBDA
        return grad, hess

    theta = newton(data, n, [0.0] * (n - 1) + [0.5], gh_scale)
    s = theta[n - 1]
    if s <= 0.05:
        sys.exit(f'fit.py: the context scale came out {s:.3f}: the fit is unusable')
    n -= 1

    def gh_points(w):
        grad, hess = accumulate(data, n, lambda r: s * (sum(w[i] for i in r[0]) + r[1]),
                                lambda r: [(i, s) for i in r[0]])
        for i in range(nfeat):
            grad[i] += PRIOR_LAMBDA * (w[i] - prior[i])
            hess[i][i] += PRIOR_LAMBDA
        return grad, hess

    return newton(data, n, list(prior), gh_points), s


def fitted_units(names, rows):
    prior = [u / ONE for u in rules_units(names)]
    w, s = fit(rows, len(names), prior)
    units = [int(math.floor(x * ONE + 0.5)) for x in w]
    return units, s


def write_table(path, text):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def make_table(names, rules, exclude=()):
    if rules:
        return table_text(names, rules_units(names),
                          'The hand-set weights of the rules (fit.py --rules).')
    rows = [r for r in read_data() if r[2] not in exclude and r[2] != 'final']
    units, s = fitted_units(names, rows)
    folds = sorted({r[2] for r in rows})
    how = (f'Fitted on the {len(rows)} blocks of folds {",".join(folds)} in benchmarks/\n'
           f' * fit-data.tsv; prior {PRIOR_LAMBDA:g}, story weight {POS_WEIGHT:g}, '
           f'context scale {s:.2f}.')
    return table_text(names, units, how)


# --- cross-validation ----------------------------------------------------------------------

def build():
    r = subprocess.run(['make', '-C', TOP, '-j2', 'filter/pith'], capture_output=True)
    if r.returncode != 0:
        sys.exit('fit.py: make failed:\n' + r.stderr.decode()[-2000:])


@contextlib.contextmanager
def table_kept(path):
    """The table at path is again what it was when the block ends (and pith is built with
    it), whatever the block wrote there."""
    saved = path + '.saved'
    shutil.copyfile(path, saved)
    try:
        yield
    finally:
        shutil.move(saved, path)
        os.utime(path)              # newer than the objects of the last build: make rebuilds
        build()


def cv_texts(cv, sets, folds, wanted, jobs, texts):
    """Runs the built pith on the pages of the folds wanted, into texts[set]."""
    prog = os.path.join(TOP, 'filter', 'pith')
    for name, (pages, _data) in sets.items():
        pages = [p for p in pages if folds[(name, p[0])] in wanted]
        fmt = ['--format=jsonl', '--keep=all'] if name == 'labels' else ['--format=text']
        texts[name].update(cv.run_set(pages, [prog] + fmt + ['--no-filter-list'], False, jobs))


def cv_report(cv, sets, folds, texts, title):
    """The figures of cv.py, fold by fold and pooled over folds 0-4."""
    print(f'== {title} ==')
    for name, (pages, data) in sets.items():
        by_fold = defaultdict(list)
        for pid, *_ in pages:
            by_fold[folds[(name, pid)]].append(pid)
        for label, ids in [(f'fold {f}', by_fold[str(f)]) for f in range(5)] + \
                [('folds 0-4', [pid for f in range(5) for pid in by_fold[str(f)]])]:
            if name == 'aeb':
                fig = cv.aeb_figures(ids, data, texts[name])
            elif name == 'traf':
                fig = cv.traf_figures(ids, data, texts[name], [])
            else:
                fig = cv.label_figures(ids, data, texts[name], [])
            print(f'{name:<7}{label:<10}{len(ids):>4} pages  {fig}')
    sys.stdout.flush()


def cross_validate_table(table, rules_text, fold_text, jobs, titles, after_rules=None):
    """Scores every fold of the three sets with pith built on rules_text as the table, then
    each fold F with pith built on fold_text(F) (the table fitted without F); the table is
    again the tree's at the end.  after_rules runs once pith is built on the rules' table."""
    import cv
    folds = cv.read_folds()
    aeb = cv.aeb_pages()
    sites = {pid: (site, url) for pid, site, url, _ in aeb[0]}
    sets = {'aeb': aeb, 'traf': cv.traf_pages(), 'labels': cv.label_pages(sites)}
    all_folds = [str(f) for f in range(5)]
    with table_kept(table):
        write_table(table, rules_text)
        build()
        if after_rules:
            after_rules()
        texts = defaultdict(dict)
        cv_texts(cv, sets, folds, all_folds, jobs, texts)
        cv_report(cv, sets, folds, texts, titles[0])
        texts = defaultdict(dict)
        for f in all_folds:
            write_table(table, fold_text(f))
            build()
            cv_texts(cv, sets, folds, [f], jobs, texts)
        cv_report(cv, sets, folds, texts, titles[1])


def cross_validate(names, jobs):
    cross_validate_table(TABLE, make_table(names, True),
                         lambda f: make_table(names, False, exclude=(f,)), jobs,
                         ('rules (the hand-set weights)',
                          'fitted, each fold by the weights fitted without it'),
                         after_rules=lambda: dump(os.path.join(TOP, 'filter', 'pith')))


def check(names):
    """Both tables regenerate byte for byte: the fitted one, and the one compiled in (the
    rules' or the fitted one, as its first lines say)."""
    status = 0
    for path in (FITTED, TABLE):
        with open(path, encoding='utf-8') as f:
            have = f.read()
        if have != make_table(names, 'fit.py --rules' in have):
            sys.stderr.write(f'fit.py: {path} is not what fit.py makes of {DATA}\n')
            status = 1
        else:
            print(f'fit.py: {path} regenerated byte for byte')
    return status


def main():
    global PRIOR_LAMBDA, POS_WEIGHT
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--dump', action='store_true')
    ap.add_argument('--rules', action='store_true')
    ap.add_argument('--cv', action='store_true')
    ap.add_argument('--check', action='store_true')
    ap.add_argument('--out', help='the file to write (default: src/classify_weights.h with '
                    '--rules, else benchmarks/fit-weights.h)')
    ap.add_argument('--pith', default=os.path.join(TOP, 'filter', 'pith'))
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--prior', type=float, default=PRIOR_LAMBDA,
                    help="pull of the rules' weights (try values with --cv)")
    ap.add_argument('--pos-weight', type=float, default=POS_WEIGHT,
                    help='weight of a story block against another')
    a = ap.parse_args()
    PRIOR_LAMBDA, POS_WEIGHT = a.prior, a.pos_weight
    names = feature_names()
    if a.dump:
        dump(a.pith)
    elif a.cv:
        cross_validate(names, a.jobs)
    elif a.check:
        return check(names)
    else:
        write_table(a.out or (TABLE if a.rules else FITTED), make_table(names, a.rules))
    return 0


if __name__ == '__main__':
    sys.exit(main())
