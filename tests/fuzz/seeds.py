#!/usr/bin/env python3
# seeds.py -- a fuzz corpus from the hostile-input generators
# (tests/hostile/gen.py): every family at a few small sizes, plain and
# gzip-compressed, each with a first byte that chooses the format and the
# cuts (see fuzz_pith.c).  Small on purpose: the harness's caps are small.
# With --lists, a corpus for fuzz_list.c instead: the test list, and pieces
# of the installed EasyList (if there is one), alone or followed by a NUL
# byte and a test page.  With --warcs, a corpus for fuzz_warc.c: small
# crawls of the test pages (benchmarks/mkwarc.py), gzip per record, plain
# and gzip whole.  With --http, a corpus for fuzz_http.c: requests and
# responses as its NUL-separated fields.
#   python3 tests/fuzz/seeds.py [--lists|--warcs|--http] DIR
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
import glob
import gzip
import os
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hostile"))
import gen  # noqa: E402

FAMILIES = {
    "deep-unmatched": gen.deep_then_unmatched,
    "deep-unmatched-mixed": lambda n: gen.deep_then_unmatched(
        n, "<div>", ("</span>", "</b>", "</table>", "</li>", "</td>", "</p>")),
    "p-divs": gen.p_then_divs,
    "blocked-end": gen.blocked_end,
    "skipped-unclosed": lambda n: gen.unclosed_in(
        ("noscript", "template", "button", "select", "object", "video", "svg", "title"), n),
    "formatting": gen.formatting,
    "autoclose": gen.autoclose_chains,
    "options": gen.options,
    "structural": lambda n: gen.structural(n, deep=n // 10),
    "structural-closing": gen.structural_closing,
    "many-attrs": lambda n: "<p " + " ".join("a%d" % i for i in range(n // 5)) + ">x</p>",
    "attr-names": gen.distinct_attr_names,
    "tag-names": gen.distinct_tag_names,
    "long-tag-names": gen.long_tag_names,
    "entities": gen.distinct_entities,
    "doctypes": gen.distinct_doctypes,
    "deep-unknown": gen.deep_unknown,
    "deep-balanced": gen.deep_balanced,
    "long-word": gen.long_word,
    "base64": gen.base64_word,
    "amps": lambda n: gen.long_word(n, "&"),
    "charref": lambda n: "&#" + gen.long_word(n, "0") + "65;",
}


def main(out):
    os.makedirs(out, exist_ok=True)
    k = 0
    for name, make in sorted(FAMILIES.items()):
        for size in (600, 3000, 12000):
            data, _, _ = gen.page(make(size), before=1, after=1)
            for gz in (False, True):
                body = gen.gz(data, 9) if gz else data
                first = bytes([k % 256])
                k += 37
                path = os.path.join(out, "hostile-%s-%d%s" % (name, size, "-gz" if gz else ""))
                with open(path, "wb") as f:
                    f.write(first + body)
    return 0


def lists(out):
    os.makedirs(out, exist_ok=True)
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
    with open(os.path.join(data, "filterlist.txt"), "rb") as f:
        texts = [f.read()]
    # site rules for any public suffix ("news.*"), as EasyList writes them
    texts.append(b"news.*,other.example##.ad-slot\n~shop.*,news.*##[data-ad]\n"
                 b"news.*,~m.news.*##.related\n")
    found = sorted(glob.glob("/usr/share/**/thirdparties/easylist/easylist.txt", recursive=True))
    if found:
        with open(found[0], "rb") as f:
            lines = f.read().splitlines(keepends=True)
        step = max(1, len(lines) // 48)
        texts += [b"".join(lines[i:i + 120]) for i in range(0, len(lines), step)]
    pages = [b""]
    for name in sorted(os.listdir(data)):
        if name.endswith(".html"):
            with open(os.path.join(data, name), "rb") as f:
                pages.append(b"\0" + f.read()[:16384])
    k = 0
    for i, text in enumerate(texts):
        for j, page in enumerate(pages):
            with open(os.path.join(out, "list-%03d-%d" % (i, j)), "wb") as f:
                f.write(bytes([k % 256]) + text + page)
            k += 37
    return 0


def warcs(out):
    os.makedirs(out, exist_ok=True)
    here = os.path.dirname(os.path.abspath(__file__))
    data = os.path.join(here, "..", "data")
    mkwarc = os.path.join(here, "..", "..", "benchmarks", "mkwarc.py")
    for seed, size in ((1, 3000), (2, 12000), (3, 30000), (4, 50000)):
        path = os.path.join(out, "warc-%d.warc.gz" % seed)
        subprocess.run([sys.executable, "-B", mkwarc, "--out", path, "--html-bytes", str(size),
                        "--seed", str(seed), data], check=True, stdout=subprocess.DEVNULL)
        with open(path, "rb") as f:
            plain = gzip.decompress(f.read())
        with open(os.path.join(out, "warc-%d.warc" % seed), "wb") as f:
            f.write(plain)
        with open(os.path.join(out, "warc-%d.whole.gz" % seed), "wb") as f:
            f.write(gzip.compress(plain, 6))
    return 0


# requests and responses written for fuzz_http.c, its fields in its order
# (FIELDS there)
HTTP_CASES = [
    ["GET", "/news/a.html", "id=3", "", "max-age=0", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
     "", "", "200", "text/html; charset=ISO-8859-1", "gzip", "public, max-age=60", "",
     'W/"5f3-a1"', "gzip, deflate, br, zstd", 'W/"5f3-a1-pith", "x"', "https", "www.example.org",
     "/news/a.html?id=3#top", "", "pith-bypass", "X-Pith-Bypass"],
    ["HEAD", "/", "", "0", "no-transform", "*/*", "bytes=0-99", 'W/"a-pith"', "200",
     'application/xhtml+xml;charset="utf-8"', "identity, gzip", "no-store", "bytes 0-99/1000",
     '"abc"', "br;q=1, identity;q=0", '*', "http", "[::1]:8080", "http://h.example/p?q#f",
     "text/html, text/plain", "", ""],
    ["POST", "/x.css", "pith-bypass", "off", "", "text/css", "bytes=5-", "Wed, 21 Oct 2015 07:28:00 GMT",
     "304", "", "br", "private, no-transform", "", 'W/""', "x-gzip;q=0.5, *;q=0", '"", W/"-pith"',
     "HTTPS", "h", "", "*", "bypass", "X-B"],
]


def http(out):
    os.makedirs(out, exist_ok=True)
    for i, case in enumerate(HTTP_CASES):
        with open(os.path.join(out, "http-%d" % i), "wb") as f:
            f.write(b"\0".join(v.encode() for v in case))
    return 0


if __name__ == "__main__":
    CORPORA = {"--lists": lists, "--warcs": warcs, "--http": http}
    if len(sys.argv) == 3 and sys.argv[1] in CORPORA:
        sys.exit(CORPORA[sys.argv[1]](sys.argv[2]))
    if len(sys.argv) != 2:
        sys.exit("usage: seeds.py [--lists|--warcs|--http] DIR")
    sys.exit(main(sys.argv[1]))
