#!/usr/bin/env python3
"""fnsize.py -- lists the C functions longer than a limit or nested deeper.

    benchmarks/fnsize.py [--lines N] [--nesting N] [--all] FILE.c ...

A function is a definition that starts in column 0 and whose body opens
with '{' in column 0 (the house style); its length is the number of lines
from that '{' to the matching '}' in column 0, both included, and its
nesting the deepest brace level inside the body (the body itself is level
0, an if's block level 1, a block inside that 2, ...).  Comments, strings
and character constants are skipped, so braces in them do not count.
Statements without braces are not counted as a level.

Prints one line per function over a limit ("file:line name lines N nesting
N"), or every function with --all, then a summary; exits 1 when a function
is over a limit.  Defaults: 80 lines, nesting 4.
Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
"""
import re
import sys


def strip(text):
    """The text with comments, strings and char constants blanked (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            j = min(j + 1, n)
            out.append(c + re.sub(r'[^\n]', ' ', text[i + 1:j - 1]) + c)
            i = j
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def functions(path):
    """Yields (line, name, lines, nesting) for each function of a file."""
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = strip(f.read()).split('\n')
    i = 0
    while i < len(lines):
        if lines[i].startswith('{'):
            # the name: the first identifier before '(' in the declarator, the
            # lines above back to a blank one or the end of what came before
            j = i
            while j > 0 and lines[j - 1].strip() and lines[j - 1][0] != '}' and \
                    not lines[j - 1].rstrip().endswith((';', '*/')):
                j -= 1
            head = ' '.join(lines[j:i])
            m = re.findall(r'([A-Za-z_]\w*)\s*\(', head)
            name = m[0] if m else '?'
            start, depth, deepest = i, 0, 0
            while i < len(lines):
                for ch in lines[i]:
                    if ch == '{':
                        depth += 1
                        deepest = max(deepest, depth)
                    elif ch == '}':
                        depth -= 1
                if depth == 0:
                    break
                i += 1
            if '=' not in head.split('(')[0]:   # not an initialiser
                yield start + 1, name, i - start + 1, deepest - 1
        i += 1


def main(argv):
    max_lines, max_nest, show_all, files = 80, 4, False, []
    args = iter(argv)
    for a in args:
        if a == '--lines':
            max_lines = int(next(args))
        elif a == '--nesting':
            max_nest = int(next(args))
        elif a == '--all':
            show_all = True
        else:
            files.append(a)
    over = total = 0
    longest = (0, '')
    deepest = (0, '')
    for path in files:
        for line, name, n, nest in functions(path):
            total += 1
            longest = max(longest, (n, name))
            deepest = max(deepest, (nest, name))
            bad = n > max_lines or nest > max_nest
            over += bad
            if bad or show_all:
                print('%s:%d %s lines %d nesting %d%s' %
                      (path, line, name, n, nest, '  OVER' if bad else ''))
    print('%d functions, %d over %d lines or nesting %d; longest %s (%d lines), '
          'deepest %s (nesting %d)' % (total, over, max_lines, max_nest,
                                       longest[1], longest[0], deepest[1], deepest[0]))
    return 1 if over else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
