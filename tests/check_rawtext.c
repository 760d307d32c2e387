/* check_rawtext.c -- stage 2: the tokenizer guard in front of libxml2.
 * Raw text (script, style, iframe, noscript) and comments never reach the output,
 * whatever they contain; RCDATA stays text; over-long tags are cut and
 * long text runs are passed on intact.  Every label is kept, so the
 * classifier's decisions do not matter.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_pith.h"
#include "nesting.h"
#include "filter.h"

/* The blocks of a page with every label, "one\n\ntwo\n" (from jsonl). */
static result text_all(const char *html)
{
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    return run_blocks(&opt, html, strlen(html), 0);
}

/* Checks the blocks of a page (every label, from jsonl): each of want[] is
   there, none of bad[]; the html output has no "fake"; both outputs are the
   same split at every byte. */
static void check_page(const char *html, const char *const *want, const char *const *bad)
{
    const int fmts[] = { PITH_FORMAT_JSONL, PITH_FORMAT_HTML };
    size_t len = strlen(html);
    for (int f = 0; f < 2; f++) {
        pith_options opt = test_options(fmts[f], 1);
        result one = run_str(&opt, html);
        ck_assert_int_eq(one.finish_rc, PITH_OK);
        if (fmts[f] == PITH_FORMAT_JSONL) {
            char *blocks = jsonl_blocks(one.out, one.len);
            size_t n = strlen(blocks);
            for (const char *const *w = want; *w; w++)
                ck_assert_msg(has_str(blocks, n, *w), "'%s' missing from: %s", *w, blocks);
            for (const char *const *b = bad; *b; b++)
                ck_assert_msg(!has_str(blocks, n, *b), "'%s' in: %s", *b, blocks);
            free(blocks);
        }
        ck_assert_msg(!has_str(one.out, one.len, "fake"), "'fake' in: %s", one.out);
        for (size_t split = 1; split < len; split++) {
            result r = run_split(&opt, html, len, split);
            ck_assert_msg(r.len == one.len && !memcmp(r.out, one.out, r.len),
                          "split at %zu differs:\n%s\nvs\n%s", split, r.out, one.out);
            result_free(&r);
        }
        result_free(&one);
    }
}

/* --- Raw text ------------------------------------------------------------------- */

START_TEST(test_script_fake_markup)
{
    static const char *const want[] = { "before", "after", NULL };
    static const char *const bad[] = { "fake", "var s", "</div>", "&lt;/div", NULL };
    check_page("<html><body><div><p>before</p><script>var s = \"</div><p>fake</p>\";"
               "document.write('<p>fake too</p>');</script><p>after</p></div></body></html>",
               want, bad);
    /* a script in the head, one with attributes, one in a paragraph */
    check_page("<html><head><script type=\"text/javascript\">if (a<b) { x = '<p>fake</p>' }"
               "</script></head><body><p>before <script>fake()</script>after</p></body></html>",
               want, bad);
    /* "<!--" inside a script does not hide the end tag from the guard */
    check_page("<p>before</p><script><!-- var fake = 1; --></script><p>after</p>", want, bad);
}
END_TEST

START_TEST(test_script_end_tag_any_case)
{
    static const char *const want[] = { "after1", "after2", "after3", "after4", "after5", NULL };
    static const char *const bad[] = { "fake", NULL };
    check_page("<p>x</p><script>fake1</SCRIPT><p>after1</p>"
               "<script>fake2</ScRiPt ><p>after2</p>"
               "<script>fake3</script\n><p>after3</p>"
               "<script>fake4</script/><p>after4</p>"
               "<script>fake5</script foo=\"bar\"><p>after5</p>",
               want, bad);
}
END_TEST

/* "</scripty>", "</scrip>", "</ script>" do not end a script. */
START_TEST(test_script_not_ended)
{
    static const char *const want[] = { "before", "after", NULL };
    static const char *const bad[] = { "fake", NULL };
    check_page("<p>before</p><script>a = '</scripty><p>fake1</p>'; b = '</scrip><p>fake2</p>';"
               " c = '</ script><p>fake3</p>'; d = '</style><p>fake4</p>';</script><p>after</p>",
               want, bad);
}
END_TEST

START_TEST(test_style_iframe_skipped)
{
    static const char *const want[] = { "before", "middle", "after", NULL };
    static const char *const bad[] = { "fake", "color", NULL };
    check_page("<html><head><style>p { color: red } /* <p>fake1</p> */</style></head><body>"
               "<p>before</p><style media=\"all\">.fake2::before { content: '</p><p>fake2' }</STYLE>"
               "<p>middle</p><iframe src=\"x.html\"><p>fake3</p></div></iframe><p>after</p>"
               "<noscript><p>fake4</p></noscript></body></html>",
               want, bad);
}
END_TEST

/* A child left open inside noscript or template (issue 14 of the hostile pages)
   would make libxml2 ignore their end tag, and the rest of the page would stay
   in an element pith skips: their content never reaches the parser. */
START_TEST(test_noscript_template_raw)
{
    static const char *const want[] = { "before", "middle", "after", NULL };
    static const char *const bad[] = { "fake", NULL };
    check_page("<html><body><p>before</p><noscript><div><p>fake1</p><table><tr><td>fake2"
               "</NOSCRIPT ><p>middle</p><template><div><td>fake3</template><p>after</p>"
               "</body></html>",
               want, bad);
}
END_TEST

/* The end tag of another element pith skips, which libxml2 would ignore with a
   <div> or table cell open inside it, closes them first; an element pith does
   not skip keeps libxml2's rule (the story is still shown). */
START_TEST(test_skipped_end_unblocked)
{
    static const char *const want[] = { "before", "middle", "inside", "after", NULL };
    static const char *const bad[] = { "fake", NULL };
    check_page("<html><body><p>before</p><button><div><table><tr><td>fake1</button>"
               "<p>middle</p><video><div>fake2</VIDEO><section><div><p>inside</section>"
               "<p>after</p></body></html>",
               want, bad);
}
END_TEST

/* noscript is raw text, as in a browser that runs scripts: an element its
   fallback leaves open does not swallow the page after it (the parser kept
   the noscript open behind an unclosed <div>, and every block after it was
   skipped). */
START_TEST(test_noscript_raw)
{
    static const char *const want[] = { "before", "after the fallback", "last", NULL };
    static const char *const bad[] = { "fake", NULL };
    check_page("<html><body><p>before</p><noscript><div id=\"nojs\"><p>fake</p></noscript>"
               "<div><p>after the fallback</p></div><p>last</p></body></html>", want, bad);
    check_page("<html><head><noscript><img src=\"t.gif\">fake</noscript></head>"
               "<body><p>before</p><p>after the fallback</p><p>last</p></body></html>",
               want, bad);
}
END_TEST

/* An element libxml2's tables do not name (figure, HTML5) has end priority
   100, as libxml2 gives it: its end tag closes it over an inline element left
   open inside, and is not dropped as if a higher-priority element blocked it
   (the story after it was held inside the figure). */
START_TEST(test_unknown_element_end)
{
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    result r = run_str(&opt, "<html><body><article><p>First paragraph of the story with enough "
                       "words.</p><figure><img src=\"a.jpg\"><figcaption>Caption <span>Photo: "
                       "someone</figcaption></figure><p>After the figure, more story.</p>"
                       "</article></body></html>");
    const char *end, *after;
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    end = strstr(r.out, "</figure>");
    after = strstr(r.out, "After the figure");
    ck_assert_msg(end && after && end < after, "the figure holds what follows it: %s", r.out);
    result_free(&r);
}
END_TEST

/* --- Comments -------------------------------------------------------------------- */

START_TEST(test_comments_dropped)
{
    static const char *const want[] = {
        "one two", "three four", "five six", "seven eight", "nine ten", "end", NULL
    };
    static const char *const bad[] = { "fake", "--", "<!", "&lt;!", NULL };
    check_page("<html><!-- fake0 --><body>"
               "<p>one <!-- fake1 <p>fake1b</p> -->two</p>"
               "<p>three <!-->four</p>"                     /* "<!-->" ends at once */
               "<p>five <!--->six</p>"                      /* so does "<!--->" */
               "<p>seven <!-- fake2 --!>eight</p>"          /* "--!>" ends it */
               "<p>nine <!-- fake3 -- fake3b - -> fake3c -->ten</p>"
               "<p><?php fake4 ?>end<!fake5></p>"
               "</body></html>",
               want, bad);
}
END_TEST

START_TEST(test_comment_unterminated)
{
    /* an unterminated comment hides the rest of the page, as in a browser */
    result r = text_all("<p>visible</p><!-- <p>fake</p> and never closed <p>fake2</p>");
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    ck_assert(has_str(r.out, r.len, "visible"));
    ck_assert(!has_str(r.out, r.len, "fake"));
    result_free(&r);
}
END_TEST

/* --- RCDATA and text --------------------------------------------------------------- */

START_TEST(test_textarea_rcdata)
{
    static const char *const want[] = { "before", "after", NULL };
    static const char *const bad[] = { "fake", NULL };
    /* a textarea's content is text (never markup) and form controls are not
       part of a story: no block of its own and no effect on the structure */
    check_page("<div><p>before</p><textarea name=t></div><p>fake</p><script>x</script>"
               "</textarea><p>after</p></div>", want, bad);
}
END_TEST

START_TEST(test_title_rcdata)
{
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    result r = run_str(&opt, "<html><head><title>Tom &amp; Jerry <b>x</b></head></title>"
                             "</head><body><p>body text</p></body></html>");
    ck_assert_msg(has_str(r.out, r.len, "<title>Tom &amp; Jerry &lt;b&gt;x&lt;/b&gt;&lt;/head&gt;</title>"),
                  "title: %s", r.out);
    ck_assert(has_str(r.out, r.len, "body text"));
    /* the title is not a block of the body */
    ck_assert_uint_eq(count_str(r.out, r.len, "Jerry"), 1);
    result_free(&r);
}
END_TEST

START_TEST(test_lt_in_text)
{
    static const char *const want[] = { "a < b", "1 <= 2", "x <3 y", "c<", NULL };
    static const char *const bad[] = { NULL };
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    result r;
    check_page("<p>a < b</p><p>1 <= 2</p><p>x <3 y</p><p>c<</p>", want, bad);
    r = run_str(&opt, "<p>a < b</p>");
    ck_assert(has_str(r.out, r.len, "<p>a &lt; b</p>"));
    result_free(&r);
}
END_TEST

/* Attributes no stage reads reach the parser as blanks: what the page gives
   is as if they were blanks in the input, offsets included, and the ones
   read around them (class, style, href, src, alt) still count. */
START_TEST(test_unread_attributes)
{
    /* {...}: an attribute no stage reads */
    static const char tmpl[] =
        "<html lang=\"en\"{ data-x=\"1\"}><head><base{ target=_top} href=\"http://example.com/d/\">"
        "<link{ href=\"s.css\"}{ rel=stylesheet}></head><body{ lang=fr}>"
        "<div{ data-a='x'}{ href=y}{ src=z} class=\"related\"{ onclick=f()}>"
        "<p{ data-q=v}>story text here</p></div>"
        "<p{ title=\"t\"} style=\"display:none\"{ data-y}>fake hidden</p>"
        "<p><a{ DATA-T=\"1\"} href=\"http://example.com/ok\"{ rel=nofollow}>link</a> "
        "<img{ data-w=2} src=\"a.png\"{ width=3} alt=\"pic\"{ loading=lazy}/></p>"
        "<p{ data-z=\"q\"} >after</p></body></html>";
    static const char *const want[] = { "story text here", "after", "link", NULL };
    static const char *const bad[] = { "fake", NULL };
    size_t n = sizeof tmpl - 1, j = 0;
    char *attrs = malloc(n), *blanks = malloc(n);
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        if (tmpl[i] == '{' || tmpl[i] == '}') {
            in = tmpl[i] == '{';
            continue;
        }
        attrs[j] = tmpl[i];
        blanks[j++] = in ? ' ' : tmpl[i];
    }
    attrs[j] = blanks[j] = '\0';
    check_page(attrs, want, bad);
    for (int f = 0; f < 2; f++) {
        pith_options opt = test_options(f ? PITH_FORMAT_HTML : PITH_FORMAT_JSONL, 1);
        result a = run_str(&opt, attrs), b = run_str(&opt, blanks);
        ck_assert_msg(a.len == b.len && !memcmp(a.out, b.out, a.len), "%s\nvs\n%s", a.out, b.out);
        if (f) {
            ck_assert_msg(has_str(a.out, a.len, "<a href=\"http://example.com/ok\">link</a>"),
                          "%s", a.out);
            ck_assert_msg(has_str(a.out, a.len, "alt=\"pic\""), "%s", a.out);
            ck_assert_msg(has_str(a.out, a.len, "<html lang=\"en\">"), "%s", a.out);
            ck_assert_msg(has_str(a.out, a.len, "<base href=\"http://example.com/d/\">"), "%s",
                          a.out);
        }
        result_free(&a);
        result_free(&b);
    }
    free(attrs);
    free(blanks);
}
END_TEST

/* --- Attributes kept from the parser ------------------------------------------ */

/* A page run as it is (tags read in one go where they can be, start tags
   given to libxml2 as their names, the attributes read by rawtext), or
   (whole) with every tag read byte by byte and every start tag whole
   (libxml2 reads the attributes), fed at once or (split) in pieces of that
   many bytes. */
static result run_tags(const pith_options *opt, const char *html, int whole, size_t split)
{
    capture cap = {0};
    pith_filter *pf = NULL;
    result r;
    size_t n = strlen(html), off = 0;
    ck_assert_int_eq(pith_new(&pf, opt, capture_sink, &cap), PITH_OK);
    pf->raw.whole_tags = whole;
    pf->raw.slow_tags = whole;
    if (split == 0)
        split = n;
    r.feed_rc = PITH_OK;
    for (; off < n && r.feed_rc == PITH_OK; off += split)
        r.feed_rc = pith_feed(pf, html + off, n - off < split ? n - off : split);
    r.finish_rc = pith_finish(pf);
    pith_free(pf);
    if (cap.data == NULL)
        cap.data = calloc(1, 1);
    r.out = cap.data;
    r.len = cap.len;
    return r;
}

/* The page gives the same jsonl (every block with its cues, which class and
   id words give, and offsets) and html (href, src, alt, lang) both ways,
   and fed in pieces, with no filter list and with one (every attribute
   read); returns the html output. */
static char *same_both_ways(const char *html, pith_filterlist *fl)
{
    const int fmts[] = { PITH_FORMAT_JSONL, PITH_FORMAT_HTML };
    char *html_out = NULL;
    for (int l = 0; l < 2; l++) {
        for (int f = 0; f < 2; f++) {
            pith_options opt = test_options(fmts[f], 1);
            opt.filterlist = l ? fl : NULL;
            result a = run_tags(&opt, html, 0, 0), b = run_tags(&opt, html, 1, 0);
            ck_assert_int_eq(a.finish_rc, b.finish_rc);
            ck_assert_msg(a.len == b.len && !memcmp(a.out, b.out, a.len),
                          "page: %s\nattributes read by rawtext:\n%s\nby libxml2:\n%s", html,
                          a.out, b.out);
            /* tags cut by the feeds take the slow way from where they begin */
            for (size_t split = 1; split < 40; split += 3) {
                result c = run_tags(&opt, html, 0, split);
                ck_assert_msg(a.len == c.len && !memcmp(a.out, c.out, a.len),
                              "page: %s\nfed at once:\n%s\nin %zu-byte feeds:\n%s", html,
                              a.out, split, c.out);
                result_free(&c);
            }
            if (f == 1 && l == 0 && html_out == NULL)
                html_out = strdup(a.out);
            result_free(&a);
            result_free(&b);
        }
    }
    return html_out;
}

static pith_filterlist *test_list(void)
{
    static const char list[] = "##.ad-slot\n###sponsor\n##[data-ad]\n##a[href*=\"track\"]\n";
    pith_filterlist *fl = NULL;
    ck_assert_int_eq(pith_filterlist_parse(&fl, list, sizeof list - 1), PITH_OK);
    return fl;
}

START_TEST(test_attrs_as_libxml2)
{
    /* each: the attribute syntax libxml2 reads its own way */
    static const char *const cases[][2] = {
        { "<a href=\"/one\" HREF=\"/two\">dup</a>", "href=\"/one\"" },      /* first wins */
        { "<img alt=first src=/i.png ALT=second>", "alt=\"first\"" },
        { "<img class=a id=b alt=x alt=y src=/j.png>", "alt=\"x\"" },
        { "<a href=/x/>slash</a>", "href=\"/x/\"" },                        /* no "/>" */
        { "<img src=pic.png alt=\"a b\"/>", "src=\"pic.png\"" },
        { "<img src = 'p2.png'  alt = x >", "alt=\"x\"" },                   /* blanks around = */
        { "<a \"bogus\" href=/y>bogus</a>", "href=\"/y\"" },                 /* skipped bytes */
        { "<a 1x=2 href=/z>digit</a>", "href=\"/z\"" },
        { "<a href=\"/q?a=1&amp;b=2\">ref</a>", "href=\"/q?a=1&amp;b=2\"" },  /* whole: '&' */
        { "<a href=a\"b>quote</a>", "href=\"a&quot;b\"" },
        { "<a href= >empty</a>", "<a>empty</a>" },       /* an empty href goes */
        { "<a itemprop href=/h>bare name</a>", "href=\"/h\"" },
        { "<A HREF=\"/UP\">upper</A>", "href=\"/UP\"" },
        { "<a href=\"/n\nl\">newline</a>", "href=\"/n\nl\"" },
        { "<a href=\"/\xc3\xa9t\xc3\xa9\">utf8</a>", "/\xc3\xa9t\xc3\xa9" },
        { "<a/href=/s>slash name</a>", "<a>slash name</a>" },   /* all skipped */
        { "<a href=/t/ >slash blank</a>", "href=\"/t/\"" },
        { "<a href='/u' / >late slash</a>", "href=\"/u\"" },
    };
    pith_filterlist *fl = test_list();
    char *out = same_both_ways("<html lang=\"de-DE\" LANG=\"de\"><body><p>Ein Satz mit "
                               "genug Worten für einen Absatz der Geschichte.</p></body></html>",
                               fl);
    ck_assert_msg(strstr(out, "<html lang=\"de-DE\">"), "%s", out);   /* the first one */
    free(out);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *page = str_printf("<html lang=en><body><div class=\"article-body\" id=main>"
                                "<p class=\"lead\">Some story text that is long enough to be "
                                "a paragraph of the story here.</p><p>%s and more words "
                                "follow the link in this paragraph of text.</p>"
                                "<div class=\"ad-slot\" data-ad>Advertisement</div>"
                                "</div></body></html>", cases[i][0]);
        out = same_both_ways(page, fl);
        ck_assert_msg(out && strstr(out, cases[i][1]), "'%s' not in:\n%s", cases[i][1], out);
        free(out);
        free(page);
    }
    pith_filterlist_free(fl);
}
END_TEST

/* Runs of blanks in text reach the parser cut to their first byte, but in
   pre, where segment keeps them, and where the parser counts them (1000
   blanks at the top imply a paragraph): the same output, offsets too. */
START_TEST(test_blank_runs)
{
    char *pad = malloc(1301);
    memset(pad, ' ', 1300);
    pad[1300] = '\0';
    char *pages[] = {
        str_printf("<html><head><title>A   title \n\n here</title></head>%s<body>"
                   "<pre>  code\n    indented  \n\n  end</pre>"
                   "<p>  A paragraph   with\n\n\t runs   of blanks in it, long enough.</p>"
                   "<div>&nbsp;\n    Text after a reference &amp;   more   words here.</div>"
                   "<div><pre>x  <b> y   z </b>\n  w</pre>  after   pre  </div>"
                   "<textarea>  kept   as   it is </textarea></body></html>", pad),
        str_printf("<html>%s<p>text   at   the top</p></html>", pad),
        str_printf("<html><head>%s</head><body><p> a  b </p></body></html>", pad),
        str_printf("<p>one  \n  two</p>\n\n\n<p>three%s four</p>", pad),
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        char *out = same_both_ways(pages[i], NULL);
        free(out);
        free(pages[i]);
    }
    /* the blanks of pre stay */
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    result r = run_str(&opt, "<body><pre>  a\n    b</pre><p>c   d</p></body>");
    ck_assert_msg(has_str(r.out, r.len, "  a\n    b"), "%s", r.out);
    ck_assert_msg(has_str(r.out, r.len, "c d"), "%s", r.out);
    result_free(&r);
    free(pad);
}
END_TEST

/* Tags of random attribute syntax, read both ways. */
START_TEST(test_attrs_random)
{
    static const char *const names[] = { "class", "id", "href", "src", "alt", "style", "role",
                                         "hidden", "data-ad", "CLASS", "itemprop", "x", "lang" };
    static const char *const values[] = { "nav menu", "article-body", "ad-slot", "sponsor",
                                          "/track/1", "display:none", "", "related posts",
                                          "caption", "a&amp;b", "byline", "promo" };
    static const char *const tags[] = { "div", "p", "a", "img", "span", "section", "aside",
                                        "ul", "li", "figure", "br" };
    static const char *const seps[] = { " ", "  ", "\n", "\t", "/", " / ", "\"", "'", "=", "" };
    pith_filterlist *fl = test_list();
    unsigned seed = 12345;
#define RND(n) ((seed = seed * 1103515245u + 12345u) >> 16) % (n)
    for (int page = 0; page < 60; page++) {
        char *doc = strdup("<html><body>");
        for (int t = 0; t < 12; t++) {
            const char *tag = tags[RND(sizeof tags / sizeof tags[0])];
            char *s = str_printf("%s<%s", doc, tag);
            free(doc);
            doc = s;
            for (int a = (int)RND(5); a > 0; a--) {
                const char *q = RND(3) == 0 ? "" : RND(2) ? "\"" : "'";
                const char *v = values[RND(sizeof values / sizeof values[0])];
                const char *sep = seps[RND(sizeof seps / sizeof seps[0])];
                const char *name = names[RND(sizeof names / sizeof names[0])];
                int form = (int)RND(6);
                s = str_printf("%s%s%s%s%s%s%s", doc, sep, name,
                               form == 0 ? "" : form == 1 ? " = " : "=", form ? q : "",
                               form ? (*q ? v : "v1") : "", form ? q : "");
                free(doc);
                doc = s;
            }
            const char *slash = RND(4) == 0 ? "/" : "";
            const char *end = RND(3) == 0 ? "" : "</div>";
            s = str_printf("%s%s>Words of text number %d in this block of the page.%s", doc,
                           slash, t, end);
            free(doc);
            doc = s;
        }
        free(same_both_ways(doc, fl));
        free(doc);
    }
#undef RND
    pith_filterlist_free(fl);
}
END_TEST

/* --- Long tags and runs ---------------------------------------------------------------- */

START_TEST(test_long_attribute_cut)
{
    size_t n = 1 << 20;
    char *big = malloc(n + 1);
    char *page;
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    counting_alloc ca;
    result r;
    memset(big, 'x', n);
    big[n] = '\0';
    page = str_printf("<html><body><p>before the tag</p>"
                      "<p><a href=\"http://example.com/ok\" title=\"%s\" class=\"fake\">link text</a>"
                      " and the text after the tag.</p><p>next paragraph</p></body></html>", big);
    counting_alloc_use(&ca, &opt);
    r = run_page(&opt, page, strlen(page), 4096);
    ck_assert_int_eq(r.feed_rc, PITH_OK);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    ck_assert(has_str(r.out, r.len, "before the tag"));
    ck_assert(has_str(r.out, r.len, "link text"));
    ck_assert(has_str(r.out, r.len, "and the text after the tag."));
    ck_assert(has_str(r.out, r.len, "next paragraph"));
    /* the complete attribute before the long one is kept */
    ck_assert_msg(has_str(r.out, r.len, "<a href=\"http://example.com/ok\">link text</a>"), "%s", r.out);
    ck_assert(!has_str(r.out, r.len, "xxxxxxxx"));
    ck_assert_uint_lt(ca.high, 1 << 20);       /* the value was never held whole */
    ck_assert_uint_eq(ca.live, 0);
    result_free(&r);
    free(page);

    /* the same with a 1 MB unquoted value, many attributes, and a 1 MB name */
    page = str_printf("<p>before</p><div data-a=%s>after one</div>"
                      "<div %s>after two</div><p>end</p>", big, big);
    opt = test_options(PITH_FORMAT_TEXT, 1);
    counting_alloc_use(&ca, &opt);
    r = run_blocks(&opt, page, strlen(page), 65536);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    ck_assert_str_eq(r.out, "before\n\nafter one\n\nafter two\n\nend\n");
    ck_assert_uint_lt(ca.high, 1 << 20);
    result_free(&r);
    free(page);
    free(big);
}
END_TEST

/* A long run of text without a tag comes out whole: the breaks the guard
   inserts for the parser never split a word or an entity. */
START_TEST(test_long_text_run)
{
    size_t n = 200000, k = 0;
    char *words = malloc(n + 64), *ents = malloc(n + 64), *page;
    char *want = malloc(n + 64);
    size_t w = 0;
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    result r;
    opt.max_block = 1 << 20;
    opt.max_lookahead = 1 << 20;
    for (unsigned i = 0; k < n; i++)
        k += (size_t)sprintf(words + k, "word%u ", i);
    words[k - 1] = '\0';
    page = str_printf("<p>%s</p>", words);
    r = run_blocks(&opt, page, strlen(page), 0);
    ck_assert_uint_eq(r.len, strlen(words) + 1);
    ck_assert(!memcmp(r.out, words, r.len - 1));
    result_free(&r);
    r = run_blocks(&opt, page, strlen(page), 1000);
    ck_assert(!memcmp(r.out, words, strlen(words)));
    result_free(&r);
    free(page);

    /* no whitespace at all: letters and entities */
    k = 0;
    while (k < n) {
        k += (size_t)sprintf(ents + k, "ab&amp;c&#233;&eacute;-");
        w += (size_t)sprintf(want + w, "ab&c\xc3\xa9\xc3\xa9-");
    }
    page = str_printf("<p>%s</p>", ents);
    r = run_blocks(&opt, page, strlen(page), 0);
    ck_assert_uint_eq(r.len, w + 1);
    ck_assert(!memcmp(r.out, want, w));
    result_free(&r);
    free(page);
    free(words), free(ents), free(want);
}
END_TEST

/* --- Nesting: only what libxml2 acts on, max_depth deep ----------------------- */

/* Appends n copies of s to p (from str_printf; freed). */
static char *repeat(char *p, const char *s, int n)
{
    for (int i = 0; i < n; i++) {
        char *q = str_printf("%s%s", p, s);
        free(p);
        p = q;
    }
    return p;
}

/* Nesting past max_depth, end tags that match nothing, repeated structural
   tags, chains that close one another: the text before and after comes out,
   and the output is the same split at every byte. */
START_TEST(test_nesting_capped)
{
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    char *page = str_printf("<p>before one</p>");
    size_t len;
    result one;
    opt.max_depth = 8;
    page = repeat(page, "<div>", 30);
    page = repeat(page, "</span>", 20);
    page = repeat(page, "<body><html><head>", 5);
    page = repeat(page, "<b><i>", 10);
    page = repeat(page, "</td></tr><table><tr><td>", 6);
    page = repeat(page, "<p>after one</p>", 1);
    len = strlen(page);
    one = run_blocks(&opt, page, len, 0);
    ck_assert_int_eq(one.finish_rc, PITH_OK);
    ck_assert_msg(has_str(one.out, one.len, "before one"), "%s", one.out);
    ck_assert_msg(has_str(one.out, one.len, "after one"), "%s", one.out);
    result_free(&one);
    one = run_str(&opt, page);
    for (size_t split = 1; split < len; split++) {
        result r = run_split(&opt, page, len, split);
        ck_assert_msg(r.len == one.len && !memcmp(r.out, one.out, r.len), "split at %zu differs", split);
        result_free(&r);
    }
    result_free(&one);
    free(page);
}
END_TEST

/* An end tag longer than max_tag (the fuzzer): libxml2 reads its name and
   skips the rest to the first '>'.  The tag cut at max_tag must keep its
   name, so that the parser closes the element as the mirror does; cut to
   nothing, the parser got a '>' as text and kept the element open. */
START_TEST(test_long_end_tag)
{
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    char *html = str_printf("<html><body><div>The first paragraph of the story.</div %0600d>"
                            "<p>The second paragraph.</p></body></html>", 0);
    result r;
    const char *p, *end;
    int n = 0;
    double depth[2] = { 0, 0 };

    opt.max_tag = 256;
    r = run_page(&opt, html, strlen(html), 0);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    for (p = r.out, end = r.out + r.len; p < end && n < 2; n++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        char *line = strndup(p, (size_t)(nl - p));
        jfield f[40];
        int k = json_object(line, f, 40);
        const jfield *t, *d;
        ck_assert_int_gt(k, 0);
        t = json_get(f, k, "text");
        d = json_get(f, k, "depth");
        ck_assert_ptr_nonnull(t);
        ck_assert_ptr_nonnull(d);
        ck_assert_str_eq(t->str, n ? "The second paragraph." : "The first paragraph of the story.");
        depth[n] = d->num;
        json_free(f, k);
        free(line);
        p = nl + 1;
    }
    ck_assert_int_eq(n, 2);
    ck_assert_msg(depth[0] == depth[1], "the div was left open: depths %g and %g", depth[0],
                  depth[1]);
    result_free(&r);
    free(html);
}
END_TEST

/* The same for the end tag of raw text or RCDATA (the fuzzer: "<title>...</title"
   and 600 bytes before its '>'): cut to nothing, the parser got '>' as text
   and kept the element open, a script or a style with the rest of the page
   in it. */
START_TEST(test_long_raw_end_tag)
{
    static const char *const names[] = { "script", "style", "iframe", "xmp", "noembed",
                                         "noframes", "title", "textarea", NULL };
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    opt.max_tag = 256;
    for (const char *const *el = names; *el; el++) {
        char *html = str_printf("<p>The first paragraph of the story.</p><%s>x</%s %0600d>"
                                "<p>The second paragraph, after it.</p>", *el, *el, 0);
        result r = run_page(&opt, html, strlen(html), 0);
        ck_assert_int_eq(r.finish_rc, PITH_OK);
        ck_assert_msg(has_str(r.out, r.len, "The first paragraph of the story."), "%s: '%s'",
                      *el, r.out);
        ck_assert_msg(has_str(r.out, r.len, "The second paragraph, after it."), "%s: '%s'",
                      *el, r.out);
        result_free(&r);
        free(html);
    }
}
END_TEST

/* A start tag dropped at max_depth counts its end tag by a hash of its name
   (the fuzzer): "strongle" shares its count with "script".  Dropped inside
   the <m> that </m> closes, it must not take the </script> of a script
   opened after it: the parser would never see the script end, and read all
   that follows as script. */
START_TEST(test_dropped_name_shares_hash)
{
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    char *html = str_printf("<p>%s<strongle></m><script></script>The story after the script.</p>"
                            "<p>Second paragraph of the story.</p>",
                            "<b><i><t><u><s><m><l><b><i><f><u><s><m><g><l><b><i><t><u><s><m>"
                            "<g><l><b><i><t><u><s><m>");
    result r;
    opt.max_depth = 32;
    r = run_page(&opt, html, strlen(html), 0);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    ck_assert_msg(has_str(r.out, r.len, "The story after the script."), "'%s'", r.out);
    ck_assert_msg(has_str(r.out, r.len, "Second paragraph of the story."), "'%s'", r.out);
    result_free(&r);
    free(html);
}
END_TEST

/* Dropped start tags are counted by name, not by a hash of it: "ku", "oj"
   and "qb" shared their 64-bucket count with "h1".  Dropped at the cap in an
   h1, they must not take its end tag, or the h1 stayed open and the story
   after it went into the heading; and more names dropped at once than the
   table counts (PITH_DROPPED) leave the page readable after them. */
START_TEST(test_dropped_names_exact)
{
    static const char *const names[] = { "ku", "oj", "qb", NULL };
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    char *many = str_printf("%s", "");
    opt.max_depth = 8;
    for (const char *const *x = names; *x; x++) {
        char *html = str_printf("<div><div><div><div><div><h1>The heading of the page<%s>x</h1>"
                                "<div>The story paragraph after the heading.</div>", *x);
        result r = run_blocks(&opt, html, strlen(html), 0);
        ck_assert_int_eq(r.finish_rc, PITH_OK);
        ck_assert_msg(has_str(r.out, r.len, "The heading of the pagex\n\n"
                                            "The story paragraph after the heading.\n"),
                      "%s: '%s'", *x, r.out);
        result_free(&r);
        free(html);
    }
    for (int i = 0; i < 2 * PITH_DROPPED; i++) {
        char *p = str_printf("%s<x%d>", many, i);
        free(many);
        many = p;
    }
    {
        char *html = str_printf("<div><div><div><div><div><h1>The heading of the page%s</h1>"
                                "<div>The story paragraph after the heading.</div>", many);
        result r = run_blocks(&opt, html, strlen(html), 0);
        ck_assert_int_eq(r.finish_rc, PITH_OK);
        ck_assert_msg(has_str(r.out, r.len, "The heading of the page\n\n"
                                            "The story paragraph after the heading.\n"),
                      "'%s'", r.out);
        result_free(&r);
        free(html);
    }
    free(many);
}
END_TEST

/* An end tag before any element: libxml2 would end the document there. */
START_TEST(test_stray_end_tag_first)
{
    result r = text_all("</p><p>Hello, the story is here.</p>");
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    ck_assert_msg(has_str(r.out, r.len, "Hello, the story is here."), "%s", r.out);
    result_free(&r);
}
END_TEST

/* A tag kept from the parser still ends the text before it: "&am" and "p;"
   do not become "&amp;", nor "&#6" and "5;" "&#65;". */
START_TEST(test_dropped_tag_ends_text)
{
    result r = text_all("<p>one &am</span>p; two &#6</x-y>5; three</p>");
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    /* "&#6" is no character (libxml2 drops it); "&#65;" would be "A" */
    ck_assert_msg(has_str(r.out, r.len, "one &amp; two 5; three"), "%s", r.out);
    result_free(&r);
}
END_TEST

/* A word longer than max_pending, letters only: broken for the parser, the
   page goes on (the story after it too), whatever the split. */
START_TEST(test_long_word_broken)
{
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    size_t n = 200000, len;
    char *word = malloc(n + 1), *page;
    result one;
    memset(word, 'a', n);
    word[n] = '\0';
    opt.max_pending = 65536;
    page = str_printf("<p>before one</p><p>x%sy</p><p>after one</p>", word);
    len = strlen(page);
    one = run_blocks(&opt, page, len, 0);
    ck_assert_int_eq(one.finish_rc, PITH_OK);
    ck_assert(has_str(one.out, one.len, "before one"));
    ck_assert(has_str(one.out, one.len, "after one"));
    result_free(&one);
    one = run_str(&opt, page);
    for (size_t split = 1; split < len; split += 9973) {
        result r = run_split(&opt, page, len, split);
        ck_assert_msg(r.len == one.len && !memcmp(r.out, one.out, r.len), "split at %zu differs", split);
        result_free(&r);
    }
    result_free(&one);
    free(page);
    free(word);
}
END_TEST

/* Tags end where libxml2 ends them: a quote that delimits no value hides
   nothing (tags inside it are read by both, or by neither), and the parser
   never waits for its partner. */
START_TEST(test_stray_quotes)
{
    static const char *const want[] = { "before", "inside", "after", NULL };
    static const char *const bad[] = { "fake", NULL };
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    size_t n = 200000;
    char *fill = malloc(n + 1), *page;
    result r;
    check_page("<p>before</p><div a%='x <b> </div> y'>inside</div>"
               "<div /b='<i>'>inside</div><p c=it's>after</p>", want, bad);
    /* a stray quote, then more than max_pending of text with no other */
    memset(fill, 'w', n);
    for (size_t i = 80; i < n; i += 80)
        fill[i] = ' ';
    fill[n] = '\0';
    opt.max_pending = 65536;
    page = str_printf("<p>before</p><div a%%'b>inside %s</div><p>after</p>", fill);
    r = run_blocks(&opt, page, strlen(page), 4096);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    ck_assert(has_str(r.out, r.len, "inside"));
    ck_assert(has_str(r.out, r.len, "after"));
    result_free(&r);
    free(page);
    free(fill);
}
END_TEST

Suite *make_rawtext_suite(void)
{
    Suite *s = suite_create("rawtext");
    TCase *tc;

    tc = tcase_create("Raw");
    tcase_add_test(tc, test_script_fake_markup);
    tcase_add_test(tc, test_script_end_tag_any_case);
    tcase_add_test(tc, test_script_not_ended);
    tcase_add_test(tc, test_style_iframe_skipped);
    tcase_add_test(tc, test_noscript_template_raw);
    tcase_add_test(tc, test_skipped_end_unblocked);
    tcase_add_test(tc, test_noscript_raw);
    tcase_add_test(tc, test_unknown_element_end);
    suite_add_tcase(s, tc);

    tc = tcase_create("Comments");
    tcase_add_test(tc, test_comments_dropped);
    tcase_add_test(tc, test_comment_unterminated);
    suite_add_tcase(s, tc);

    tc = tcase_create("Text");
    tcase_add_test(tc, test_textarea_rcdata);
    tcase_add_test(tc, test_title_rcdata);
    tcase_add_test(tc, test_lt_in_text);
    suite_add_tcase(s, tc);

    tc = tcase_create("Long");
    tcase_add_test(tc, test_long_attribute_cut);
    tcase_add_test(tc, test_unread_attributes);
    tcase_add_test(tc, test_long_text_run);
    tcase_add_test(tc, test_long_word_broken);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);

    tc = tcase_create("Nesting");
    tcase_add_test(tc, test_nesting_capped);
    tcase_add_test(tc, test_stray_end_tag_first);
    tcase_add_test(tc, test_dropped_tag_ends_text);
    tcase_add_test(tc, test_stray_quotes);
    tcase_add_test(tc, test_long_end_tag);
    tcase_add_test(tc, test_long_raw_end_tag);
    tcase_add_test(tc, test_dropped_name_shares_hash);
    tcase_add_test(tc, test_dropped_names_exact);
    tcase_add_test(tc, test_attrs_as_libxml2);
    tcase_add_test(tc, test_attrs_random);
    tcase_add_test(tc, test_blank_runs);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(make_rawtext_suite)
