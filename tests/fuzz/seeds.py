#!/usr/bin/env python3
# seeds.py -- a fuzz corpus from the hostile-input generators
# (tests/hostile/gen.py): every family at a few small sizes, plain and
# gzip-compressed, each with a first byte that chooses the format and the
# cuts (see fuzz_pith.c).  Small on purpose: the harness's caps are small.
#   python3 tests/fuzz/seeds.py DIR
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
import os
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


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: seeds.py DIR")
    sys.exit(main(sys.argv[1]))
