# gen.py -- page generators for the hostile-input suite (tests/hostile/).
#
# Every generator is deterministic (no randomness that is not seeded), so a
# failing case can be reproduced byte for byte:
#   python3 tests/hostile/gen.py NAME > page.html     (NAME from --list)
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
import gzip
import random

WORDS = ("the harbour council met on tuesday to discuss plans for a new ferry "
         "terminal after residents complained about noise from the old pier "
         "officials said the work would begin in spring and last two years "
         "while local businesses hoped for more visitors during the summer "
         "season and fishermen asked for a safe place to moor their boats").split()


def prose(rng, words):
    """A paragraph of sentences from WORDS, about `words` words long."""
    out, n = [], 0
    while n < words:
        k = rng.randint(8, 16)
        s = [rng.choice(WORDS) for _ in range(k)]
        out.append(" ".join(s).capitalize() + ",  " + rng.choice(WORDS) + " said.")
        n += k + 2
    return " ".join(out)


def marker(tag, i):
    """The sentence that must survive: one word nobody else uses."""
    return "Marker %s%d sentence, the ferry story goes on." % (tag, i)


def story(tag, paragraphs=3, seed=1):
    """Story paragraphs, each with a marker sentence; returns (html, markers)."""
    rng = random.Random(seed)
    html, marks = [], []
    for i in range(1, paragraphs + 1):
        marks.append("Marker %s%d sentence" % (tag, i))
        html.append("<p>%s %s %s</p>\n" % (prose(rng, 40), marker(tag, i), prose(rng, 30)))
    return "".join(html), marks


HEAD = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Harbour council backs "
        "new ferry terminal</title></head>\n<body>\n<nav><ul><li><a href=\"/\">Home</a></li>"
        "<li><a href=\"/news\">News</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav>\n"
        "<article><h1>Harbour council backs new ferry terminal</h1>\n")
TAIL = "</article>\n<footer><p><a href=\"/about\">About</a> | <a href=\"/contact\">Contact</a></p></footer>\n</body></html>\n"


def page(middle, before=3, after=3):
    """A story page with `middle` (str or bytes) between two groups of story
    paragraphs; returns (bytes, markers before, markers after)."""
    b_html, b_marks = story("before", before, seed=1)
    a_html, a_marks = story("after", after, seed=2)
    if isinstance(middle, str):
        middle = middle.encode()
    data = HEAD.encode() + b_html.encode() + middle + a_html.encode() + TAIL.encode()
    return data, b_marks, a_marks


def ordinary(size, seed=7):
    """An ordinary article page of about `size` bytes: nested divs, headings,
    paragraphs with links and emphasis, lists, a table now and then."""
    rng = random.Random(seed)
    parts = [HEAD]
    n = len(HEAD)
    i = 0
    while n < size - len(TAIL):
        i += 1
        if i % 7 == 0:
            s = "<h2>%s</h2>\n" % prose(rng, 5)
        elif i % 11 == 0:
            s = "<ul>%s</ul>\n" % "".join("<li><a href=\"/n/%d\">%s</a></li>" % (rng.randint(1, 99999), prose(rng, 6)) for _ in range(5))
        elif i % 13 == 0:
            s = "<div class=\"related\"><table><tr><td>%s</td><td>%s</td></tr></table></div>\n" % (prose(rng, 6), prose(rng, 6))
        else:
            s = "<div class=\"para\"><p>%s <a href=\"/x/%d\">%s</a> <em>%s</em> %s</p></div>\n" % (
                prose(rng, 30), i, prose(rng, 3), prose(rng, 2), prose(rng, 20))
        parts.append(s)
        n += len(s)
    parts.append(TAIL)
    return "".join(parts).encode()[:size - len(TAIL)] + TAIL.encode()


def gz(data, level=6):
    return gzip.compress(data, level)


# --- hostile middles: each takes a size in bytes and returns str or bytes ---

def fill(unit, size):
    return unit * max(1, size // len(unit))


def deep_then_unmatched(size, open_tag="<div>", ends=("</span>",)):
    """Nesting `open_tag` deep, then end tags that match nothing open."""
    n = size // (len(open_tag) + sum(len(e) for e in ends) / len(ends))
    n = int(n) // 2 * 2
    e = "".join(ends)
    return open_tag * n + e * (n // len(ends))


def blocked_end(size):
    """<div><table><tr><td> then deep <span>s, then </div> that libxml2 finds
    deep in its stack but may not close (a td is in the way)."""
    n = size // 13
    return "<div><table><tr><td>" + "<span>" * n + "</div>" * n


UNCLOSED_CHILDREN = ("<div>", "<table>", "<td>", "<tr>", "<div><table><tr><td>")


def unclosed_in(names, size):
    """For each element name, each child libxml2 ranks above it in end-tag
    priority left open inside it, then text; repeated to about `size` bytes,
    each unit closed by the element's end tag only."""
    unit = "".join("<%s class=\"x\">%s<img src=\"a.gif\"></%s><span>harbour</span> " % (e, c, e)
                   for e in names for c in UNCLOSED_CHILDREN)
    return fill(unit, size)


def p_then_divs(size):
    """<p>, deep <div>s, then </p> that matches only the bottom element."""
    n = size // 9
    return "<p>" + "<div>" * n + "</p>" * n


def formatting(size):
    """Unclosed formatting elements, again and again, then stray end tags."""
    unit = "<b><i><font><u><s><em><strong><small>"
    n = size // 2 // len(unit)
    return unit * n + "</a></em></table></li>" * (size // 2 // 22)


def autoclose_chains(size):
    """Tables, rows, cells, paragraphs, list items and headings that close
    one another, nesting deeper all the time.  (No <option>: text after an
    unclosed option is the option's, and no story, with or without pith.)"""
    unit = "<table><tr><td><p>x<li>y<dd>z<tr><td><h2>w<p>"
    return fill(unit, size // 2) + fill("</tbody></tr></select>", size // 2)


def structural(size, deep=20000):
    """Deep nesting, then repeated <html>, <head>, <body> start tags."""
    return "<div>" * deep + fill("<body><html><head>", size - deep * 5)


def options(size):
    """Options, optgroups and selects that close one another, never closed."""
    return fill("<select><optgroup><option>a<option>b<p>c", size)


def structural_closing(size):
    """Repeated structural tags that also close what is open (<p> then <body>)."""
    return fill("<p>x<body><head>y<html>", size)


def many_attrs(size):
    """Tags with thousands of distinct attributes each."""
    tag = "<p " + " ".join("a%d" % i for i in range(12000)) + ">x</p>"
    return fill(tag, size)


def distinct_attr_names(size):
    """Every attribute name is new: the parser's name dictionary grows."""
    out, n, i = [], 0, 0
    while n < size:
        t = "<span " + " ".join("d%07d=1" % (i + k) for k in range(40)) + ">x</span>"
        i += 40
        out.append(t)
        n += len(t)
    return "".join(out)


def distinct_tag_names(size):
    """Every element name is new (and closed at once)."""
    out, n, i = [], 0, 0
    while n < size:
        t = "<x%07d>y</x%07d>" % (i, i)
        i += 1
        out.append(t)
        n += len(t)
    return "".join(out)


def long_tag_names(size):
    """Start and end tags with 200-byte names, each a new name."""
    out, n, i = [], 0, 0
    while n < size:
        name = ("t%08d" % i) * 22
        t = "<%s>y</%s>" % (name, name)
        i += 1
        out.append(t)
        n += len(t)
    return "".join(out)


def distinct_entities(size):
    """References to entities nobody defined, each with a new name."""
    out, n, i = [], 0, 0
    while n < size:
        t = "&e%07d; " % i
        i += 1
        out.append(t)
        n += len(t)
    return "<p>" + "".join(out) + "</p>"


def distinct_doctypes(size):
    """Doctypes in the middle of the page, each with a new name."""
    out, n, i = [], 0, 0
    while n < size:
        t = "<!DOCTYPE d%07d>" % i
        i += 1
        out.append(t)
        n += len(t)
    return "".join(out)


def deep_unknown(size):
    """Deep nesting of new element names, never closed."""
    out, n, i = [], 0, 0
    while n < size:
        t = "<u%06d>" % i
        i += 1
        out.append(t)
        n += len(t)
    return "".join(out)


def deep_balanced(size):
    """Deep but well-formed nesting."""
    n = size // 11
    return "<div>" * n + "deep text" + "</div>" * n


def long_word(size, alphabet="a"):
    return fill(alphabet, size)


def base64_word(size, seed=3):
    rng = random.Random(seed)
    al = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return "".join(rng.choice(al) for _ in range(size))


def alnum_word(size, seed=4):
    rng = random.Random(seed)
    al = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(rng.choice(al) for _ in range(size))


if __name__ == "__main__":
    import sys
    sys.path.insert(0, __import__("os").path.dirname(__file__))
    import hostile
    hostile.main_gen(sys.argv[1:])
