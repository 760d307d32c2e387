#!/usr/bin/env python3
# score.py -- aeb-dev F1 of a directory of outputs (benchmarks/report.sh).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
"""Score a directory of extracted texts against the aeb-dev ground truth.

  benchmarks/peers/score.py SHARED_BENCH DIR [--json PRED.json]

DIR holds <id>.txt for the aeb-dev page ids (a missing file counts as an empty output).  The
score is the benchmark's own (SHARED_BENCH/aeb_score.py, the scorer of aeb_run.sh and
benchmarks/accuracy.sh) on the ids of SHARED_BENCH/aeb-dev/ids.txt.  Prints one line:
"f1 F f1_std S precision P recall R missing M".  --json also writes the outputs in the
benchmark's form ({id: {"articleBody": text}}), which aeb_score.py reads.
"""
import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True


def main():
    args = sys.argv[1:]
    out_json = None
    if '--json' in args:
        i = args.index('--json')
        if i + 1 >= len(args):
            sys.exit('score.py: --json wants a file name')
        out_json = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__.split('\n\n')[1])
    bench, d = Path(args[0]), Path(args[1])
    sys.path.insert(0, str(bench))
    import aeb_score  # noqa: E402  (the shared scorer)
    gt = aeb_score.load_json(bench / 'aeb-dev' / 'ground-truth.json')
    ids = aeb_score.read_ids(bench / 'aeb-dev' / 'ids.txt')
    pred, missing = {}, 0
    for i in ids:
        p = d / (i + '.txt')
        if p.is_file():
            pred[i] = {'articleBody': p.read_bytes().decode('utf-8', errors='replace')}
        else:
            missing += 1
    if out_json:
        Path(out_json).write_text(json.dumps(pred, ensure_ascii=False, indent=1), encoding='utf-8')
    m = aeb_score.evaluate(gt, pred, ids)
    print('f1 %.4f f1_std %.4f precision %.4f recall %.4f missing %d'
          % (m['f1'], m['f1_std'], m['precision'], m['recall'], missing))


if __name__ == '__main__':
    main()
