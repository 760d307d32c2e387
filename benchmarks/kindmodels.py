#!/usr/bin/env python3
"""Other models on the kind data: is the kind model's linear form what holds it back?

    kindmodels.py        (needs numpy, scipy and scikit-learn: Debian's python3-sklearn)

On the blocks of benchmarks/kind-data.tsv, the same five folds by site as `kindfit.py
--offline` (each fold by a model fitted on the others, the rounds kindfit.py holds out left
out, "other" as navigation, words of kindfit.MIN_SITES sites or more of the training folds,
each page weighing 1/sqrt(its blocks) where the model takes weights), it scores the model
src/kindfit.c compiles in (kindfit.py's fit) beside scikit-learn's logistic regression,
gradient-boosted trees and a network of one hidden layer.  It prints accuracy, macro F1 of
the three kinds and advertising precision and recall, as kindfit.py --offline does.  Only a
comparison: nothing here goes into the build (benchmarks/README.md, "How far the kind model
goes").
"""
import math
import os
import sys
from collections import Counter

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kindfit  # noqa: E402

try:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
except ImportError as e:
    sys.exit(f'kindmodels.py: {e.name} not found (Debian: apt-get install python3-sklearn; '
             'run with /usr/bin/python3)')


def vocabulary(names, train):
    v = {n: i for i, n in enumerate(names)}
    for k in sorted(kindfit.site_words(train)):
        v[k] = len(v)
    return v


def matrix(rows, v):
    ind, ptr = [], [0]
    for r in rows:
        ind += sorted({v[k] for k in r[5] if k in v})
        ptr.append(len(ind))
    return csr_matrix((np.ones(len(ind)), ind, ptr), shape=(len(rows), len(v)))


def page_weights(rows):
    n = Counter(r[0] for r in rows)
    return np.array([1.0 / math.sqrt(n[r[0]]) for r in rows])


def folds_scored(rows, make, dense=False, weighted=True):
    pairs = []
    for f in sorted({r[2] for r in rows}):
        train = [r for r in rows if r[2] != f]
        test = [r for r in rows if r[2] == f]
        v = vocabulary(kindfit.feature_names(), train)
        x_train, x_test = matrix(train, v), matrix(test, v)
        if dense:
            x_train, x_test = x_train.toarray(), x_test.toarray()
        model = make()
        if weighted:
            model.fit(x_train, [r[4] for r in train], sample_weight=page_weights(train))
        else:
            model.fit(x_train, [r[4] for r in train])
        pairs += list(zip([r[4] for r in test], (int(p) for p in model.predict(x_test))))
    return pairs


def main():
    import warnings
    warnings.filterwarnings('ignore')
    names = kindfit.feature_names()
    rows = [r for r in kindfit.read_data() if r[3] not in kindfit.HELD]
    per = kindfit.offline_pairs(names, rows)
    runs = [('kindfit.py (compiled in)', [p for pairs in per.values() for p in pairs])]
    for c in (1.0, 3.0):
        runs.append((f'logistic regression, C={c:g}',
                     folds_scored(rows, lambda: LogisticRegression(C=c, max_iter=3000))))
    for depth in (3, 6):
        runs.append((f'boosted trees, depth {depth}', folds_scored(
            rows, lambda: HistGradientBoostingClassifier(max_depth=depth, max_iter=300,
                                                         random_state=1), dense=True)))
    for alpha in (0.1, 1.0):
        runs.append((f'one hidden layer of 32, L2 {alpha:g}', folds_scored(
            rows, lambda: MLPClassifier(hidden_layer_sizes=(32,), alpha=alpha, max_iter=300,
                                        random_state=1), weighted=False)))
    print(f'kindmodels.py: {len(rows)} blocks, five folds by site')
    for name, pairs in runs:
        print(f'  {name:<36} accuracy %.4f  macro F1 %.4f  ad P %.3f R %.3f'
              % kindfit.kind_figures(pairs))
    return 0


if __name__ == '__main__':
    sys.exit(main())
