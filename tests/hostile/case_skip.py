# case_skip.py -- elements whose content pith skips (T_SKIP in src/block.h),
# or keeps from the parser as raw text (src/rawtext.c), with a child left
# open inside: libxml2 2.9.14 ignores an end tag when a higher-priority
# element (div, td, tr, table...) is open above it, and the rest of the page
# would then stay inside an element whose text pith never shows.  Each case
# has story paragraphs before and after; see hostile.py for what is asserted.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
import gen
from hostile import story_case

MB = 1000 * 1000


CASES = [
    # a browser that runs scripts reads noscript as raw text: the <div> never
    # opens there (the page of issue 14: "<noscript><div></noscript>")
    story_case("noscript-unclosed-div",
               lambda n: "<noscript><div><img src=\"https://example.com/p.gif\"></noscript>", 0),
    story_case("noscript-unclosed-children", lambda n: gen.unclosed_in(("noscript",), n), 1 * MB),
    story_case("template-unclosed-children", lambda n: gen.unclosed_in(("template",), n), 1 * MB),
    # the other elements pith skips: their end tag, ignored by libxml2, closes
    # the elements in the way first (src/nesting.c, PITH_NESTING_BLOCKED)
    story_case("controls-unclosed-children",
               lambda n: gen.unclosed_in(("button", "select", "option", "optgroup", "datalist",
                                          "output", "meter", "progress"), n), 1 * MB),
    story_case("embedded-unclosed-children",
               lambda n: gen.unclosed_in(("audio", "video", "canvas", "object", "embed", "map",
                                          "svg", "math", "frameset", "rp", "rt"), n), 1 * MB),
    # raw text and RCDATA: what looks like a child is text
    story_case("rawtext-unclosed-children",
               lambda n: gen.unclosed_in(("script", "style", "iframe", "xmp", "noembed",
                                          "noframes", "textarea", "title"), n), 1 * MB),
]
