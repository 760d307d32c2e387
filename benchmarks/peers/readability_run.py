#!/usr/bin/python3
# readability_run.py -- readability-lxml over many pages in one process (benchmarks/report.sh).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
"""Run readability-lxml (Debian package python3-readability) over many pages in one process.

  /usr/bin/python3 benchmarks/peers/readability_run.py OUTDIR FILE...
  /usr/bin/python3 benchmarks/peers/readability_run.py OUTDIR @LIST    (LIST: one file a line)

For each FILE (HTML, read as bytes: readability-lxml finds the charset itself) writes the text
of Document(html).summary() to OUTDIR/<name>.txt, <name> being the file name without .html.
The summary (HTML) becomes text with a line break after each block element, so that words of
two paragraphs do not run together (lxml's text_content() alone would join them).

Prints one line on stdout: "pages N bytes B seconds S cpu_seconds C maxrss_kib K failed F",
where S is the wall time of the loop over the pages (reading, extracting, writing) and C the
CPU time (user and system) the process spent in it, both measured inside the process: the
interpreter's start-up and the imports are not in them.  A page that raises is written empty and
counted on stderr.  Run it with Debian's /usr/bin/python3, which sees dist-packages.
"""
import os
import resource
import sys
import time

sys.dont_write_bytecode = True

try:
    import lxml.html
    from readability import Document
except ImportError as e:
    sys.exit(f'readability_run.py: {e}: apt-get install python3-readability '
             '(and run this with /usr/bin/python3)')

BLOCKS = frozenset('address article aside blockquote br dd div dl dt figcaption figure footer '
                   'h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr '
                   'ul'.split())


def to_text(summary):
    """The text of readability's summary HTML, a line break after each block element."""
    if not summary.strip():
        return ''
    root = lxml.html.fromstring(summary)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in BLOCKS:
            el.tail = '\n' + (el.tail or '')
    lines = (' '.join(line.split()) for line in root.text_content().split('\n'))
    return '\n'.join(line for line in lines if line) + '\n'


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.split('\n\n')[1])
    out = sys.argv[1]
    files = sys.argv[2:]
    if len(files) == 1 and files[0].startswith('@'):
        with open(files[0][1:], encoding='utf-8') as f:
            files = [line.strip() for line in f if line.strip()]
    os.makedirs(out, exist_ok=True)
    total = failed = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    for path in files:
        with open(path, 'rb') as f:
            html = f.read()
        total += len(html)
        try:
            text = to_text(Document(html).summary(html_partial=True))
        except Exception as e:  # a page readability cannot read scores as empty
            print(f'readability_run.py: {path}: {type(e).__name__}: {e}', file=sys.stderr)
            failed += 1
            text = ''
        name = os.path.basename(path)
        if name.endswith('.html'):
            name = name[:-len('.html')]
        with open(os.path.join(out, name + '.txt'), 'w', encoding='utf-8') as f:
            f.write(text)
    secs = time.perf_counter() - t0
    cpu = time.process_time() - c0
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f'pages {len(files)} bytes {total} seconds {secs:.6f} cpu_seconds {cpu:.6f} maxrss_kib {kib} failed {failed}')


if __name__ == '__main__':
    main()
