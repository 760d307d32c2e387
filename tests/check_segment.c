/* check_segment.c -- stage 4: SAX events to text blocks.
 * Every label is kept (opt.keep = PITH_ALL_LABELS) so that the classifier's
 * decisions do not matter: only where blocks begin and end, their text and
 * their features are tested.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_pith.h"
#include "block.h"
#include "segment.h"

/* The blocks of a page (every label kept, read from jsonl, so that neither
   the classifier nor what the text format leaves out matters), as
   "one\n\ntwo\n". */
static void expect_blocks(const char *html, const char *want)
{
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_str(&opt, html);
    char *got = jsonl_blocks(r.out, r.len);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    ck_assert_msg(!strcmp(got, want), "page: %s\nwant: '%s'\ngot:  '%s'", html, want, got);
    result_free(&r);
    free(got);
    /* fed a byte at a time: the same blocks */
    r = run_page(&opt, html, strlen(html), 1);
    got = jsonl_blocks(r.out, r.len);
    ck_assert_msg(!strcmp(got, want), "1-byte feeds: want '%s' got '%s'", want, got);
    result_free(&r);
    free(got);
}

/* The value of a numeric field in the jsonl line of the block whose text
   starts with `text`; -1 if there is no such block. */
static long field_of(const char *jsonl, const char *text, const char *field)
{
    char *key = str_printf("\"text\":\"%s", text), *fkey = str_printf("\"%s\":", field);
    const char *p = strstr(jsonl, key), *line, *f;
    long v = -1;
    if (p) {
        for (line = p; line > jsonl && line[-1] != '\n'; line--)
            ;
        f = strstr(line, fkey);
        if (f && f < p)
            v = strtol(f + strlen(fkey), NULL, 10);
    }
    free(key), free(fkey);
    return v;
}

static result jsonl_all(const char *html)
{
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_str(&opt, html);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    return r;
}

/* --- Blocks --------------------------------------------------------------------- */

START_TEST(test_block_elements)
{
    expect_blocks("<div>alpha<p>beta</p>gamma</div><h2>delta</h2><ul><li>epsilon</li>"
                  "<li>zeta</li></ul><table><tr><td>eta</td><td>theta</td></tr></table>"
                  "<blockquote>iota</blockquote><section>kappa</section>",
                  "alpha\n\nbeta\n\ngamma\n\ndelta\n\nepsilon\n\nzeta\n\neta\n\ntheta\n\niota\n\nkappa\n");
    /* inline elements do not cut a block */
    expect_blocks("<p>one <b>two</b> <i>three</i> <a href=\"/x\">four</a> <span>five</span>"
                  " <em>six</em><code>seven</code></p>",
                  "one two three four five sixseven\n");
}
END_TEST

START_TEST(test_br_br_splits)
{
    expect_blocks("<p>one<br>two<br><br>three</p>", "one\ntwo\n\nthree\n");
    expect_blocks("<div>first line<br>\n  <br>\nsecond para</div>", "first line\n\nsecond para\n");
    expect_blocks("<p>a<br><br><br><br>b</p>", "a\n\nb\n");
    /* a <br> at the end of a block leaves no trailing newline */
    expect_blocks("<p>end<br></p><p>next</p>", "end\n\nnext\n");
}
END_TEST

START_TEST(test_whitespace_collapsed)
{
    expect_blocks("<p>  lots \n\t of   \r\n space  </p>", "lots of space\n");
    expect_blocks("<p>a<b> b </b>c</p>", "a b c\n");
    expect_blocks("<p>\n   <span>  x  </span>\n   <span> y </span>\n</p>", "x y\n");
    expect_blocks("<div>\n\n  <p>  indented  </p>\n\n</div>", "indented\n");
    /* links side by side are words apart (tags, menus); other inline
       elements join as written */
    expect_blocks("<p>Tags: <a href=\"/a\">breakfast</a><a href=\"/b\">jam</a>"
                  "<a href=\"/c\"><b>easy</b></a>, <b>W</b>ord<a>x</a>y</p>",
                  "Tags: breakfast jam easy, Wordxy\n");
    expect_blocks("<p><a href=\"/a\">one</a><img src=\"i.png\"><a href=\"/b\">two</a></p>"
                  "<p><a href=\"/c\">three</a></p>", "one two\n\nthree\n");
}
END_TEST

START_TEST(test_pre_verbatim)
{
    expect_blocks("<p>before</p><pre>  line one\n    line  two\n\tx  y</pre><p>after  it</p>",
                  "before\n\n  line one\n    line  two\n\tx  y\n\nafter it\n");
    expect_blocks("<pre>int <b>main</b>(void)\n{\n    return 0;\n}</pre>",
                  "int main(void)\n{\n    return 0;\n}\n");
}
END_TEST

START_TEST(test_hidden_skipped)
{
    expect_blocks("<p>shown1</p><div hidden><p>fake1</p></div>"
                  "<div style=\"display: none\">fake2</div>"
                  "<div style=\"color:red;VISIBILITY:hidden\">fake3</div>"
                  "<p class=\"note sr-only\">fake4</p>"
                  "<noscript>fake5</noscript><template><p>fake6</p></template>"
                  "<svg><text>fake7</text></svg><select><option>fake8</option></select>"
                  "<button>fake9</button><p>shown2 <span hidden>fake10</span>end</p>",
                  "shown1\n\nshown2 end\n");
    /* hidden on small screens only: a desktop browser shows it (Tailwind,
       Bootstrap); "md:hidden" shows nothing */
    expect_blocks("<nav class=\"hidden lg:flex\"><p>shown1</p></nav>"
                  "<div class=\"d-none d-md-block x\"><p>shown2</p></div>"
                  "<div class=\"hidden md:hidden\"><p>fake1</p></div>"
                  "<div class=\"d-none d-print-block\"><p>fake2</p></div>"
                  "<div class=\"sr-only lg:flexbox\"><p>fake3</p></div>",
                  "shown1\n\nshown2\n");
    /* aria-hidden="true" hides from screen readers only: on the screen, a
       caption or a pull quote marked so is text like any other, and the
       words for screen readers beside it (sr-only) are the ones not shown */
    expect_blocks("<figure><img src=\"a.jpg\" alt=\"\"><figcaption aria-hidden=\"true\">"
                  "shown1</figcaption></figure><p>20 <span aria-hidden=\"true\">mins</span>"
                  "<span class=\"sr-only\">fake1</span></p>",
                  "shown1\n\n20 mins\n");
    /* ruby annotations are the reading of the text, not more text */
    expect_blocks("<p><ruby>\xe5\xad\x90<rp>(</rp><rt>\xe3\x81\x93</rt><rp>)</rp></ruby>"
                  "\xe3\x81\xa9\xe3\x82\x82</p>",
                  "\xe5\xad\x90\xe3\x81\xa9\xe3\x82\x82\n");
}
END_TEST

START_TEST(test_entities)
{
    expect_blocks("<p>fish &amp; chips &lt;3 &quot;q&quot; &eacute;&#233;&#xe9; &copy;</p>",
                  "fish & chips <3 \"q\" \xc3\xa9\xc3\xa9\xc3\xa9 \xc2\xa9\n");
}
END_TEST

/* --- Features ---------------------------------------------------------------------- */

START_TEST(test_link_words)
{
    result r = jsonl_all("<html><body><p>Read <a href=\"/x\">three link words</a> here now, "
                         "and <a href=\"/y\">more</a>.</p>"
                         "<ul><li><a href=\"/a\">Home page</a></li></ul></body></html>");
    ck_assert_int_eq(field_of(r.out, "Read", "words"), 8);
    ck_assert_int_eq(field_of(r.out, "Read", "link_words"), 4);
    ck_assert_int_eq(field_of(r.out, "Read", "links"), 2);
    ck_assert_int_eq(field_of(r.out, "Home", "words"), 2);
    ck_assert_int_eq(field_of(r.out, "Home", "link_words"), 2);
    ck_assert_int_eq(field_of(r.out, "Home", "links"), 1);
    result_free(&r);
}
END_TEST

/* Where a link goes, by its href alone: a place on the page or a script, a
   social network, an article (a slug of four words or more, a long number,
   a year as a segment), a section (one short segment or none), another
   path; the query and fragment say nothing of these.  The site's root is
   its home page as well.  A word anywhere in it that names a sale, an
   offer or a sponsor makes it a promotion besides. */
START_TEST(test_link_kinds)
{
    static const struct { const char *href; unsigned want; } cases[] = {
        { "#top", 1u << LK_LOCAL }, { "javascript:void(0)", 1u << LK_LOCAL },
        { "mailto:desk@example.com", 1u << LK_LOCAL }, { "TEL:+4930123", 1u << LK_LOCAL },
        { "", 0 }, { "  /politik/", 1u << LK_SECTION }, { "/", 1u << LK_SECTION | 1u << LK_HOME },
        { "https://example.com", 1u << LK_SECTION | 1u << LK_HOME },
        { "https://example.com/?ref=nav", 1u << LK_SECTION | 1u << LK_HOME },
        { "?page=2", 1u << LK_SECTION }, { "/about-us", 1u << LK_SECTION },
        { "story.html", 1u << LK_SECTION },
        { "https://www.facebook.com/sharer.php?u=https://example.com/a-b-c-d-e",
          1u << LK_SOCIAL | 1u << LK_SECTION },
        { "//t.me/share/url?url=x", 1u << LK_SOCIAL | 1u << LK_PATH },
        { "/2019/12/03/story", 1u << LK_ARTICLE },
        { "/news/hunter-diagnosed-with-plague.html", 1u << LK_ARTICLE },
        { "https://example.com/path-with-four-words?page=1#c", 1u << LK_ARTICLE },
        { "/article/123456", 1u << LK_ARTICLE }, { "/p?id=1234567", 1u << LK_SECTION },
        { "/category/sports/football", 1u << LK_PATH }, { "/a/b-c-d.html", 1u << LK_PATH },
        { "/tag/two-words", 1u << LK_PATH }, { "/archive/2019", 1u << LK_PATH },
        /* an address that names a sale, an offer or a sponsor, in any part */
        { "https://shop.example.com/", 1u << LK_SECTION | 1u << LK_HOME | 1u << LK_PROMO },
        { "/deals/black-friday", 1u << LK_PATH | 1u << LK_PROMO },
        { "https://www.amazon.de/dp/B0001?linkCode=ll1&tag=x-21", 1u << LK_PATH | 1u << LK_PROMO },
        { "/service/Newsletter-Anmeldung", 1u << LK_PATH | 1u << LK_PROMO },
        { "https://example.com/abo", 1u << LK_SECTION | 1u << LK_PROMO },
        /* but only a whole word: no "abo" in "about", no "shop" in "workshop" */
        { "/about", 1u << LK_SECTION }, { "/workshops/spring", 1u << LK_PATH },
        { "/shopping-tips-for-the-holidays", 1u << LK_ARTICLE },
        { "HTTPS://Shop.Example.COM/Gutscheine", 1u << LK_SECTION | 1u << LK_PROMO },
        { "/p/Subscriptions?x=1", 1u << LK_PATH | 1u << LK_PROMO },
    };
    ck_assert(pith_promo_words_ok());
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(pith_link_kind(cases[i].href) == cases[i].want, "%s: %#x, want %#x",
                      cases[i].href, pith_link_kind(cases[i].href), cases[i].want);
}
END_TEST

/* Words are counted per block, also when no whitespace separates the markup
   (minified pages). */
START_TEST(test_word_counts_per_block)
{
    result r = jsonl_all("<ul><li>one</li><li>two three</li></ul><p>four<br>five six</p>"
                         "<p>seven</p>");
    ck_assert_int_eq(field_of(r.out, "one", "words"), 1);
    ck_assert_int_eq(field_of(r.out, "two", "words"), 2);
    ck_assert_int_eq(field_of(r.out, "four", "words"), 3);
    ck_assert_int_eq(field_of(r.out, "seven", "words"), 1);
    result_free(&r);
}
END_TEST

/* A block's text, markup and counts are the same however its text arrives:
   in one piece (the words after the block's first taken in one pass) or a
   byte at a time (word by word). */
START_TEST(test_text_any_split)
{
    static const char page[] =
        "<p>One  two\xc2\xa0three 4.5 &amp; \"q\" &lt;x&gt;\n <a href=\"/l?a=1&amp;b\">link "
        "words</a> caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\xe3\x80\x82 end!</p>";
    for (int f = 0; f < 2; f++) {
        pith_options opt = test_options(f ? PITH_FORMAT_HTML : PITH_FORMAT_JSONL, 1);
        result whole = run_str(&opt, page), bytes = run_page(&opt, page, strlen(page), 1);
        ck_assert_int_eq(whole.finish_rc, PITH_OK);
        ck_assert_int_eq(bytes.finish_rc, PITH_OK);
        ck_assert_msg(whole.len == bytes.len && !memcmp(whole.out, bytes.out, whole.len),
                      "one piece:\n%.*s\nbyte by byte:\n%.*s", (int)whole.len, whole.out,
                      (int)bytes.len, bytes.out);
        if (f == 0) {
            /* One two three 4 5 q x link words café 日 本 end; stops . 。 ! */
            ck_assert_int_eq(field_of(whole.out, "One two three 4.5 & ", "words"), 13);
            ck_assert_int_eq(field_of(whole.out, "One", "link_words"), 2);
            ck_assert_int_eq(field_of(whole.out, "One", "links"), 1);
            ck_assert_int_eq(field_of(whole.out, "One", "sentences"), 3);
        } else {
            ck_assert_ptr_nonnull(strstr(whole.out, "One two three 4.5 &amp; &quot;q&quot; "
                                                    "&lt;x&gt; <a href=\"/l?a=1&amp;b\">link "
                                                    "words</a> caf\xc3\xa9"));
        }
        result_free(&whole);
        result_free(&bytes);
    }
}
END_TEST

START_TEST(test_block_tags)
{
    result r = jsonl_all("<body><h1>The head line</h1><p>para text</p><ul><li>item</li></ul>"
                         "<blockquote><p>quoted</p></blockquote><div>loose</div></body>");
    ck_assert(has_str(r.out, r.len, "\"tag\":\"h1\""));
    ck_assert_int_eq(field_of(r.out, "The head line", "heading"), 1);
    ck_assert_int_eq(field_of(r.out, "para text", "heading"), 0);
    ck_assert(strstr(r.out, "\"tag\":\"li\"") != NULL);
    ck_assert(strstr(r.out, "\"tag\":\"p\"") != NULL);
    result_free(&r);
}
END_TEST

START_TEST(test_max_block_cut)
{
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    size_t n = 20000, k = 0;
    char *words = malloc(n + 32), *page;
    result r;
    opt.max_block = 1024;
    for (unsigned i = 0; k < n; i++)
        k += (size_t)sprintf(words + k, "w%u ", i);
    words[k - 1] = '\0';
    page = str_printf("<p>%s</p>", words);
    r = run_blocks(&opt, page, strlen(page), 0);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    /* cut into blocks of at most max_block bytes, no text lost */
    {
        size_t blocks = 1, longest = 0, cur = 0, j = 0;
        char *joined = malloc(r.len + 1);
        for (size_t i = 0; i < r.len; i++) {
            if (r.out[i] == '\n' && i + 1 < r.len && r.out[i + 1] == '\n') {
                blocks++;
                longest = cur > longest ? cur : longest;
                cur = 0;
                i++;
                joined[j++] = ' ';
                continue;
            }
            if (r.out[i] != '\n') {
                cur++;
                joined[j++] = r.out[i];
            }
        }
        joined[j] = '\0';
        longest = cur > longest ? cur : longest;
        ck_assert_uint_ge(blocks, k / 1024);
        ck_assert_uint_le(longest, 1024);
        /* the blocks, joined, are the text (a cut may fall inside a word) */
        {
            char *a = words, *b = joined;
            size_t na = 0, nb = 0;
            for (size_t i = 0; a[i]; i++)
                if (a[i] != ' ')
                    a[na++] = a[i];
            for (size_t i = 0; b[i]; i++)
                if (b[i] != ' ')
                    b[nb++] = b[i];
            ck_assert_uint_eq(na, nb);
            ck_assert(!memcmp(a, b, na));
        }
        free(joined);
    }
    result_free(&r);
    free(page);
    free(words);
}
END_TEST

/* Where a block is cut at max_block must not depend on how the input was
   split (the fuzzer): the parser hands text on in pieces that do, and a
   piece that began with less than 4 bytes left, or after a space the room
   did not count, moved the cut.  The page: one run of letters with a
   windows-1252 byte and a control character in it. */
START_TEST(test_max_block_cut_any_split)
{
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    size_t len = 0;
    char page[6200];
    result one;
    const struct { size_t n; char c; } runs[] = {
        { 1438, 'a' }, { 1, '\x92' }, { 1438, 'a' }, { 1, '+' }, { 1231, 'a' }, { 1, '\x13' },
        { 2054, 'a' },
    };
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        memset(page + len, runs[i].c, runs[i].n);
        len += runs[i].n;
    }
    opt.max_block = 1024;
    opt.max_lookahead = 4096;
    one = run_page(&opt, page, len, 0);
    ck_assert_int_eq(one.finish_rc, PITH_OK);
    ck_assert_uint_gt(one.len, 6000);
    for (size_t split = 1; split < len; split += 7) {
        result r = run_split(&opt, page, len, split);
        ck_assert_msg(r.len == one.len && !memcmp(r.out, one.out, r.len), "split at %zu differs",
                      split);
        result_free(&r);
    }
    result_free(&one);
}
END_TEST

/* The tables of block.h: every tag's id and name map to each other (which
   also proves the table sorted for bsearch), every cue and role has a name
   of its own, as jsonl writes it. */
START_TEST(test_tables)
{
    unsigned char index[PITH_TAG_SLOTS];
    pith_tag_index(index);
    for (unsigned id = 1; id < PITH_NTAGS_PLUS1; id++) {
        ck_assert_uint_eq(pith_tag_id(pith_tag_name(id)), id);
        ck_assert_uint_eq(pith_tag_find(index, pith_tag_name(id)), id);
    }
    ck_assert_uint_eq(pith_tag_id("no-such-tag"), PITH_TAG_OTHER);
    /* unknown names, some a known one's prefix or extension */
    static const char *const unknown[] = { "no-such-tag", "", "d", "di", "divs", "spa", "tablex",
                                           "DIV", "h7", "a1", NULL };
    for (const char *const *u = unknown; *u; u++)
        ck_assert_uint_eq(pith_tag_find(index, *u), PITH_TAG_OTHER);
    ck_assert_str_eq(pith_tag_name(PITH_TAG_OTHER), "div");
    ck_assert_int_eq(pith_tag_cue(TAG_nav), CUE_NAV);
    ck_assert_int_eq(pith_tag_cue(TAG_p), -1);
    for (unsigned i = 0; i < CUE_COUNT; i++) {
        ck_assert(*pith_cue_name(i) && strcmp(pith_cue_name(i), "?"));
        for (unsigned j = 0; j < i; j++)
            ck_assert_str_ne(pith_cue_name(i), pith_cue_name(j));
    }
    for (unsigned i = 0; i < ROLE_COUNT; i++)
        for (unsigned j = 0; j < i; j++)
            ck_assert_str_ne(pith_role_name(i), pith_role_name(j));
    ck_assert_str_eq(pith_cue_name(CUE_STORY), "story");
    ck_assert_str_eq(pith_cue_name(CUE_PROMO), "promo");
    ck_assert_str_eq(pith_cue_name(CUE_COUNT), "?");
    ck_assert_str_eq(pith_role_name(ROLE_BODY), "body");
    ck_assert_str_eq(pith_role_name(ROLE_HEADER), "header");
    ck_assert_str_eq(pith_role_name(ROLE_COUNT), "?");
    ck_assert(pith_segment_cue_words_ok());
}
END_TEST

Suite *make_segment_suite(void)
{
    Suite *s = suite_create("segment");
    TCase *tc;

    tc = tcase_create("Blocks");
    tcase_add_test(tc, test_block_elements);
    tcase_add_test(tc, test_br_br_splits);
    tcase_add_test(tc, test_whitespace_collapsed);
    tcase_add_test(tc, test_pre_verbatim);
    tcase_add_test(tc, test_hidden_skipped);
    tcase_add_test(tc, test_entities);
    tcase_add_test(tc, test_max_block_cut);
    tcase_add_test(tc, test_max_block_cut_any_split);
    suite_add_tcase(s, tc);

    tc = tcase_create("Features");
    tcase_add_test(tc, test_link_words);
    tcase_add_test(tc, test_link_kinds);
    tcase_add_test(tc, test_word_counts_per_block);
    tcase_add_test(tc, test_text_any_split);
    tcase_add_test(tc, test_block_tags);
    tcase_add_test(tc, test_tables);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(make_segment_suite)
