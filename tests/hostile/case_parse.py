# case_parse.py -- hostile markup and text (issue rows 1-3): deep nesting,
# end tags that match nothing, repeated structural tags, huge attribute
# counts, many names, long words, and the same in gzip.  Each input is about
# 1-2 MB (the gzip ones decode to 5 MB) with story paragraphs before and
# after the hostile part; see hostile.py for what is asserted.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
import gen
from hostile import Case, story_case

MB = 1000 * 1000


def gz_case(name, raw, size):
    """raw(size) gzip-compressed inside a story page, compared with an
    ordinary page of the same decoded size, gzip-compressed too."""
    def make():
        data, before, after = gen.page(raw(size))
        return gen.gz(data, 9), before + after
    return Case(name, make, ref_size=size + 6000, ref_gzip=True)


CASES = [
    # row 1: the reproduction, and the families around it
    story_case("deep-div-unmatched-span", gen.deep_then_unmatched, 1200000),
    story_case("deep-div-unmatched-mixed",
               lambda n: gen.deep_then_unmatched(n, "<div>", ("</span>", "</b>", "</table>",
                                                              "</li>", "</td>", "</p>", "</x-y>")),
               2 * MB),
    story_case("deep-unknown-unmatched",
               lambda n: gen.deep_then_unmatched(n, "<section><x-a>", ("</x-b>", "</aside>")),
               2 * MB),
    story_case("p-deep-div-end-p", gen.p_then_divs, 2 * MB),
    story_case("td-blocks-end-div", gen.blocked_end, 2 * MB),
    story_case("formatting-unclosed", gen.formatting, 2 * MB),
    story_case("autoclose-chains", gen.autoclose_chains, 2 * MB),
    Case("options-unclosed", lambda: (lambda d: (d[0], d[1]))(gen.page(gen.options(2 * MB))),
         note="the story after an unclosed <option> is the option's text"),
    story_case("deep-balanced", gen.deep_balanced, 2 * MB),
    story_case("deep-unknown-names", gen.deep_unknown, 2 * MB),
    story_case("repeated-structural", gen.structural, 2 * MB),
    story_case("structural-closing", gen.structural_closing, 2 * MB),
    story_case("many-attributes", gen.many_attrs, 2 * MB),
    story_case("distinct-attribute-names", gen.distinct_attr_names, 2 * MB),
    story_case("distinct-tag-names", gen.distinct_tag_names, 2 * MB),
    story_case("long-tag-names", gen.long_tag_names, 2 * MB),
    story_case("distinct-entity-names", gen.distinct_entities, 2 * MB),
    story_case("distinct-doctypes", gen.distinct_doctypes, 2 * MB),
    # a quote that closes nothing: libxml2 would wait for its partner
    story_case("stray-quote-then-text",
               lambda n: "<div a%'b>" + gen.fill("words and more words ", n) + "</div>", 2 * MB),
    story_case("quotes-hiding-tags",
               lambda n: gen.fill("<div a%='x <div><div> y'><span /b='</span></div>'>", n), 2 * MB),
    # row 2: nesting that costs little gzip
    gz_case("gzip-deep-div", lambda n: "<div>" * (n // 5), 5 * MB),
    gz_case("gzip-deep-formatting", lambda n: gen.fill("<b><i><font>", n), 5 * MB),
    gz_case("gzip-deep-unmatched", gen.deep_then_unmatched, 5 * MB),
    gz_case("gzip-long-word", gen.long_word, 5 * MB),
    # row 3: words too long to wait for
    story_case("long-word-letters", gen.long_word, 2 * MB - 10000),
    story_case("long-word-digits", lambda n: gen.long_word(n, "7"), 2 * MB - 10000),
    story_case("long-word-alnum", gen.alnum_word, 2 * MB - 10000),
    story_case("long-word-base64", gen.base64_word, 2 * MB - 10000),
    story_case("long-word-utf8", lambda n: gen.long_word(n // 2, "\u00e9"), 2 * MB - 10000),
    story_case("long-word-cjk", lambda n: gen.long_word(n // 3, "\u4e2d"), 2 * MB - 10000),
    story_case("long-word-ampersands", lambda n: gen.long_word(n, "&"), 2 * MB - 10000),
    story_case("long-word-entities", lambda n: gen.long_word(n, "&amp"), 2 * MB - 10000),
    story_case("long-charref-digits", lambda n: "&#" + gen.long_word(n, "0") + "65;", 2 * MB - 10000),
    story_case("long-word-in-paragraph", lambda n: "<p>" + gen.long_word(n) + "</p>", 2 * MB - 10000),
    # an ordinary page: the measure of the others
    Case("ordinary-page", lambda: (gen.ordinary(2 * MB), [])),
]
