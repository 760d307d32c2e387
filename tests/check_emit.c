/* check_emit.c -- stage 6: the html, text, jsonl and annotate formats.
 * Every label is kept where the test is about the format, so that the
 * classifier's decisions do not matter.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#define _GNU_SOURCE 1
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "check_pith.h"

static result html_all(const char *html, unsigned flags)
{
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    result r;
    opt.flags = flags;
    r = run_str(&opt, html);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    return r;
}

/* --- a small HTML checker ------------------------------------------------------------ */

static int in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (!strcasecmp(*list, s))
            return 1;
    return 0;
}

static const char *const void_elements[] = { "br", "img", "meta", "hr", "wbr", "base", NULL };
/* what pith may write: structure, text-level markup, and annotate's own */
static const char *const allowed_elements[] = {
    "html", "head", "meta", "title", "body", "p", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd", "menu", "dir", "table", "tr", "td", "th", "blockquote",
    "figure", "figcaption", "pre", "a", "em", "strong", "code", "br", "img", "b", "i", "u", "s",
    "sub", "sup", "small", "mark", "q", "cite", "abbr", "dfn", "kbd", "samp", "var", "time",
    "del", "ins", "tt", "strike", "div", "span", "style", "base", "header", NULL
};
static const char *const allowed_attributes[] = {
    "href", "src", "alt", "lang", "charset", "name", "content", "class", "data-pith", NULL
};
/* the element each of these must sit in directly */
static const struct { const char *child, *parents; } nesting[] = {
    { "li", " ul ol menu dir " }, { "tr", " table " }, { "td", " tr " }, { "th", " tr " },
    { "dt", " dl " }, { "dd", " dl " }, { "figcaption", " figure " },
};

/* Walks the tags of an html document: every element is allowed and closed in
   order, every attribute allowed and quoted; lists, rows, cells and captions
   sit in their containers; no script, no on* attribute, no javascript: URL. */
static void check_html(const char *doc, size_t len)
{
    char stack[64][16];
    int depth = 0;
    const char *p = doc, *end = doc + len;
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        char name[16];
        size_t n = 0;
        int closing = 0;
        const char *q = p + 1;
        if (!strncmp(p, "<!DOCTYPE html>", 15)) {
            ck_assert_msg(p == doc, "doctype not first");
            p += 15;
            continue;
        }
        if (*q == '/')
            closing = 1, q++;
        while (q < end && (isalnum((unsigned char)*q)) && n < sizeof name - 1)
            name[n++] = (char)tolower((unsigned char)*q++);
        name[n] = '\0';
        ck_assert_msg(n > 0, "a '<' that is not a tag: %.40s", p);
        ck_assert_msg(in_list(allowed_elements, name), "element <%s> written", name);
        if (!strcmp(name, "style"))      /* annotate's legend styles */
            ck_assert_msg(!memmem(p, (size_t)(end - p), "expression(", 11), "css expression");
        /* attributes */
        while (q < end && *q != '>') {
            char attr[32];
            size_t an = 0;
            while (q < end && *q == ' ')
                q++;
            if (*q == '>')
                break;
            while (q < end && *q != '=' && *q != ' ' && *q != '>' && an < sizeof attr - 1)
                attr[an++] = (char)tolower((unsigned char)*q++);
            attr[an] = '\0';
            ck_assert_msg(!closing, "attribute on an end tag");
            ck_assert_msg(in_list(allowed_attributes, attr), "attribute %s= on <%s>", attr, name);
            if (*q == '=') {
                const char *v = ++q, *ve;
                ck_assert_msg(*v == '"', "unquoted value of %s", attr);
                ve = memchr(v + 1, '"', (size_t)(end - v - 1));
                ck_assert_ptr_nonnull(ve);
                if (!strcmp(attr, "href") || !strcmp(attr, "src")) {
                    /* what a browser would see: no whitespace or controls */
                    char url[16];
                    size_t un = 0;
                    for (const char *c = v + 1; c < ve && un < sizeof url - 1; c++)
                        if ((unsigned char)*c > ' ')
                            url[un++] = (char)tolower((unsigned char)*c);
                    url[un] = '\0';
                    ck_assert_msg(strncmp(url, "javascript:", 11) && strncmp(url, "vbscript:", 9),
                                  "executable URL: %.*s", (int)(ve - v), v);
                }
                q = ve + 1;
            }
        }
        ck_assert_msg(q < end, "tag not closed");
        if (closing) {
            ck_assert_msg(depth > 0 && !strcmp(stack[depth - 1], name), "</%s> closes <%s>", name,
                          depth ? stack[depth - 1] : "(nothing)");
            depth--;
        } else if (!in_list(void_elements, name)) {
            for (size_t i = 0; i < sizeof nesting / sizeof nesting[0]; i++) {
                if (strcmp(nesting[i].child, name))
                    continue;
                char key[20];
                snprintf(key, sizeof key, " %s ", depth ? stack[depth - 1] : "");
                ck_assert_msg(depth && strstr(nesting[i].parents, key), "<%s> in <%s>", name,
                              depth ? stack[depth - 1] : "(nothing)");
            }
            /* a browser moves anything else in a row out of its table */
            ck_assert_msg(!depth || strcmp(stack[depth - 1], "tr") || !strcmp(name, "td") ||
                          !strcmp(name, "th"), "<%s> in <tr>", name);
            ck_assert_int_lt(depth, 64);
            strcpy(stack[depth++], name);
        }
        p = q + 1;
    }
    ck_assert_msg(depth == 0, "<%s> not closed", depth ? stack[depth - 1] : "");
    ck_assert_msg(!strcasestr(doc, "<script"), "script written");
    ck_assert_msg(!strcasestr(doc, "javascript:"), "javascript: written");
}

/* --- Html ------------------------------------------------------------------------------ */

START_TEST(test_html_inline_markup)
{
    result r = html_all("<p>A <a href=\"https://example.com/a?x=1&amp;y=2\" class=\"c\" "
                        "target=\"_blank\">link</a>, <em>em</em>, <strong>strong</strong>, "
                        "<code>code</code>,<br>after break <img src=\"/i.png\" alt=\"An &quot;image&quot;\" "
                        "width=\"10\"> and <i>i</i> <b>b</b>.</p>", 0);
    check_html(r.out, r.len);
    ck_assert_msg(has_str(r.out, r.len, "<a href=\"https://example.com/a?x=1&amp;y=2\">link</a>"), "%s", r.out);
    ck_assert(has_str(r.out, r.len, "<em>em</em>"));
    ck_assert(has_str(r.out, r.len, "<strong>strong</strong>"));
    ck_assert(has_str(r.out, r.len, "<code>code</code>"));
    ck_assert(has_str(r.out, r.len, "<br>after break"));
    ck_assert(has_str(r.out, r.len, "<img src=\"/i.png\" alt=\"An &quot;image&quot;\">"));
    ck_assert(has_str(r.out, r.len, "<i>i</i>"));
    ck_assert(has_str(r.out, r.len, "<b>b</b>"));
    ck_assert(!has_str(r.out, r.len, "target"));
    ck_assert(!has_str(r.out, r.len, "width=\"10\""));
    result_free(&r);
    /* nested inline markup stays nested */
    r = html_all("<p>x <a href=\"/l\"><em>in <strong>both</strong></em></a> y</p>", 0);
    check_html(r.out, r.len);
    ck_assert_msg(has_str(r.out, r.len, "<a href=\"/l\"><em>in <strong>both</strong></em></a>"), "%s", r.out);
    result_free(&r);
    /* lazy images: data-src instead of a placeholder */
    r = html_all("<p>pic <img src=\"data:image/gif;base64,R0lG\" data-src=\"/real.jpg\" alt=\"r\"></p>", 0);
    ck_assert_msg(has_str(r.out, r.len, "src=\"/real.jpg\""), "%s", r.out);
    result_free(&r);
}
END_TEST

START_TEST(test_html_containers)
{
    result r = html_all("<html><body><article>"
                        "<h2>Sub heading</h2>"
                        "<ul><li>first item</li><li>second item</li></ul>"
                        "<ol><li>one</li><li>two</li></ol>"
                        "<table><thead><tr><th>H1</th><th>H2</th></tr></thead>"
                        "<tbody><tr><td>c1</td><td>c2</td></tr></tbody></table>"
                        "<blockquote><p>A quote.</p></blockquote>"
                        "<figure><img src=\"/f.jpg\" alt=\"f\"><figcaption>The caption</figcaption></figure>"
                        "<dl><dt>term</dt><dd>definition</dd></dl>"
                        "<pre>code  here\n  indented</pre>"
                        "</article></body></html>", 0);
    check_html(r.out, r.len);
    ck_assert(has_str(r.out, r.len, "<h2>Sub heading</h2>"));
    ck_assert_msg(has_str(r.out, r.len, "<ul>\n<li>first item</li>\n<li>second item</li>\n</ul>"), "%s", r.out);
    ck_assert(has_str(r.out, r.len, "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"));
    ck_assert(has_str(r.out, r.len, "<th>H1</th>"));
    ck_assert(has_str(r.out, r.len, "<td>c2</td>"));
    ck_assert(has_str(r.out, r.len, "<blockquote>"));
    ck_assert(has_str(r.out, r.len, "A quote."));
    ck_assert(has_str(r.out, r.len, "<figure>"));
    ck_assert(has_str(r.out, r.len, "<figcaption>The caption</figcaption>"));
    ck_assert(has_str(r.out, r.len, "<dt>term</dt>"));
    ck_assert(has_str(r.out, r.len, "<pre>code  here\n  indented</pre>"));
    result_free(&r);

    /* orphans (an item without its list, a cell without its table) still
       give valid html */
    r = html_all("<li>lonely item</li><td>lonely cell</td><tr><td>row cell</td></tr>"
                  "<figcaption>lonely caption</figcaption><dd>lonely dd</dd>", 0);
    check_html(r.out, r.len);
    ck_assert(has_str(r.out, r.len, "lonely item"));
    ck_assert(has_str(r.out, r.len, "row cell"));
    result_free(&r);

    /* containers deeper than pith tracks, and interleaved with plain blocks */
    r = html_all("<ul><li>a<ul><li>b<ul><li>c<ol><li>d<blockquote><ul><li>e<table><tr><td>f"
                 "<ul><li>g<ul><li>h<ul><li>i</li></ul></li></ul></li></ul></td></tr></table>"
                 "</li></ul></blockquote></li></ol></li></ul></li></ul>tail</li></ul><p>after</p>", 0);
    check_html(r.out, r.len);
    ck_assert(has_str(r.out, r.len, "after"));
    result_free(&r);
}
END_TEST

START_TEST(test_html_nothing_executable)
{
    result r = html_all("<html><head><script>alert(1)</script><style>p{}</style>"
                        "<base href=\"javascript:evil()\"><link rel=stylesheet href=x.css></head>"
                        "<body onload=\"evil()\"><p onclick=\"evil()\" style=\"color:red\">text "
                        "<a href=\"javascript:alert(1)\">js link</a> "
                        "<a href=\"JavaScript:alert(2)\">js link 2</a> "
                        "<a href=\"  javascript:alert(3)\">js link 3</a> "
                        "<a href=\"java&#9;script:alert(4)\">js link 4</a> "
                        "<a href=\"&#106;avascript:alert(5)\">js link 5</a> "
                        "<a href=\"/ok\" onmouseover=\"evil()\">ok link</a> "
                        "<img src=\"javascript:alert(6)\" alt=\"a\"> "
                        "<img src=\"/x.png\" onerror=\"evil()\" alt=\"b\"></p>"
                        "<iframe src=\"http://evil/\">fake</iframe><object data=x>fake</object>"
                        "<embed src=x><form action=\"/post\"><input value=\"fake\"></form>"
                        "<svg onload=\"evil()\"><script>fake()</script></svg>"
                        "<math><mi xlink:href=\"javascript:alert(7)\">fake</mi></math>"
                        "</body></html>", 0);
    check_html(r.out, r.len);
    ck_assert(has_str(r.out, r.len, "js link 5"));
    ck_assert(has_str(r.out, r.len, "<a href=\"/ok\">ok link</a>"));
    ck_assert(!strcasestr(r.out, "evil"));
    ck_assert(!strcasestr(r.out, "alert"));
    ck_assert(!has_str(r.out, r.len, "fake"));
    ck_assert(!has_str(r.out, r.len, "<iframe"));
    ck_assert(!has_str(r.out, r.len, "<base"));     /* a base is kept only if http(s) or relative */
    ck_assert(!has_str(r.out, r.len, "<link"));
    ck_assert(!has_str(r.out, r.len, "style="));
    result_free(&r);
}
END_TEST

START_TEST(test_html_head)
{
    result r = html_all("<html lang=\"de-CH\"><head><meta charset=\"utf-8\"><title>Der  &amp; "
                        "Titel\n</title></head><body><p>Text</p></body></html>", 0);
    check_html(r.out, r.len);
    ck_assert_msg(!strncmp(r.out, "<!DOCTYPE html>\n<html lang=\"de-CH\">", 35), "%s", r.out);
    ck_assert_msg(has_str(r.out, r.len, "<title>Der &amp; Titel</title>"), "%s", r.out);
    ck_assert(has_str(r.out, r.len, "<meta charset=\"utf-8\">"));
    ck_assert_uint_eq(count_str(r.out, r.len, "Titel"), 1);
    result_free(&r);
    /* a lang that would break out of its attribute is escaped */
    r = html_all("<html lang='x\"><script>'><body><p>T</p></body></html>", 0);
    check_html(r.out, r.len);
    result_free(&r);
    /* no lang, no title: still a head */
    r = html_all("<p>T</p>", 0);
    ck_assert(!strncmp(r.out, "<!DOCTYPE html>\n<html>\n<head>", 29));
    ck_assert(has_str(r.out, r.len, "<title></title>"));
    result_free(&r);
    /* the reference page's title */
    {
        size_t len;
        const char *page = nzherald(&len);
        pith_options opt = test_options(PITH_FORMAT_HTML, 0);
        result p = run_page(&opt, page, len, 0);
        ck_assert_msg(has_str(p.out, p.len, "<title>Bob Woodward book: Donald Trump secretly stayed "
                              "in touch with Vladimir Putin after leaving office - NZ Herald</title>"),
                      "%.400s", p.out);
        ck_assert(has_str(p.out, p.len, "<html lang=\"en-NZ\">"));
        check_html(p.out, p.len);
        result_free(&p);
    }
}
END_TEST

/* issue 7 item 8: the page's <base href> stays, so relative links resolve
 * as on the page (and not against a proxy's URL); only http(s) or relative */
START_TEST(test_html_base)
{
    result r = html_all("<html><head><base href=\"https://example.com/news/\" target=_top>"
                        "<base href=\"/second/\"><title>T</title></head><body>"
                        "<p><a href=\"a.html\">rel</a></p></body></html>", 0);
    check_html(r.out, r.len);
    ck_assert_msg(has_str(r.out, r.len, "<base href=\"https://example.com/news/\">\n"), "%s", r.out);
    ck_assert(strstr(r.out, "<base") < strstr(r.out, "</head>"));
    ck_assert_uint_eq(count_str(r.out, r.len, "<base"), 1);
    result_free(&r);
    r = html_all("<html><head><base href=\"../up/?a=1&amp;b=&quot;><script>\"></head><body>"
                 "<p>T</p></body></html>", 0);
    check_html(r.out, r.len);
    ck_assert_msg(has_str(r.out, r.len, "<base href=\"../up/?a=1&amp;b=&quot;&gt;&lt;script&gt;\">"),
                  "%s", r.out);
    result_free(&r);
    r = html_all("<html><head><base href=\" javascript:alert(1)\"></head><body><p>T</p>"
                 "</body></html>", 0);
    ck_assert(!has_str(r.out, r.len, "<base"));
    result_free(&r);
    r = html_all("<html><head><base href=\"data:text/html,x\"></head><body><p>T</p>"
                 "</body></html>", 0);
    ck_assert(!has_str(r.out, r.len, "<base"));
    result_free(&r);
    /* fragment output has no head, so no base */
    r = html_all("<html><head><base href=\"/x/\"></head><body><p>T</p></body></html>",
                 PITH_F_FRAGMENT);
    ck_assert(!has_str(r.out, r.len, "<base"));
    result_free(&r);
}
END_TEST

START_TEST(test_html_fragment)
{
    result r = html_all("<html><head><title>T</title></head><body><ul><li>item</li></ul>"
                        "<p>para</p></body></html>", PITH_F_FRAGMENT);
    check_html(r.out, r.len);
    ck_assert_str_eq(r.out, "<ul>\n<li>item</li>\n</ul>\n<p>para</p>\n");
    result_free(&r);
}
END_TEST

/* --- the reader view (issue 15) --- */

static result html_opt(const char *html, int style, const char *url, unsigned flags)
{
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    result r;
    opt.style = style;
    opt.url = url;
    opt.flags = flags;
    r = run_str(&opt, html);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    return r;
}

static const char reader_page[] =
    "<html><head><title>T</title><base href=\"https://www.example.com:8443/news/\"></head>"
    "<body><h1>Headline</h1><p><time>8 Oct, 2024</time><span>6 mins to read</span></p>"
    "<p>Story text <time>Monday</time>, and <em>on</em><time>Tuesday</time> too.</p>"
    "<table><tr><td>cell one</td><td>cell two</td></tr></table><p>After</p></body></html>";

/* style reader (the default): a stylesheet in the head, the site header
   first in the body, tables wrapped to scroll, a glued <time> spaced. */
START_TEST(test_reader_default)
{
    result r = html_all(reader_page, 0);
    check_html(r.out, r.len);
    ck_assert_uint_eq(count_str(r.out, r.len, "<style>"), 1);
    ck_assert(strstr(r.out, "<style>") < strstr(r.out, "</head>"));
    ck_assert_msg(has_str(r.out, r.len, "<body>\n<header class=\"pith-site\"><span>example.com"
                                         "</span></header>\n<h1>"), "%s", r.out);
    ck_assert_msg(has_str(r.out, r.len, "<div class=\"pith-table\">\n<table>\n"), "%s", r.out);
    ck_assert_msg(has_str(r.out, r.len, "</table>\n</div>\n<p>After"), "%s", r.out);
    ck_assert_msg(has_str(r.out, r.len, "<time>8 Oct, 2024</time> 6 mins to read"), "%s", r.out);
    /* a <time> in running text is left as it was */
    ck_assert_msg(has_str(r.out, r.len, "Story text <time>Monday</time>, and <em>on</em> "
                                         "<time>Tuesday</time> too."), "%s", r.out);
    result_free(&r);
    /* the blocks' text keeps the page's text as it is (the dateline is a
       byline, which the text format leaves out: jsonl shows its text) */
    {
        pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
        r = run_str(&opt, reader_page);
        ck_assert_msg(has_str(r.out, r.len, "\"text\":\"8 Oct, 20246 mins to read\""), "%s",
                      r.out);
        result_free(&r);
    }
}
END_TEST

/* style none: the document as before the reader view, no style, no header,
   no wrapper, the page's markup as it came. */
START_TEST(test_reader_none)
{
    result r = html_opt(reader_page, PITH_STYLE_NONE, "https://example.com/a", 0);
    check_html(r.out, r.len);
    ck_assert(!has_str(r.out, r.len, "<style"));
    ck_assert(!has_str(r.out, r.len, "pith-"));
    ck_assert(!has_str(r.out, r.len, "<header"));
    ck_assert(!has_str(r.out, r.len, "<div"));
    ck_assert(!has_str(r.out, r.len, "class="));
    ck_assert_msg(has_str(r.out, r.len, "<time>8 Oct, 2024</time>6 mins"), "%s", r.out);
    result_free(&r);
}
END_TEST

/* a paragraph inside a cell stays in its row, in a cell */
START_TEST(test_html_paragraph_in_cell)
{
    result r = html_all("<table><tr><td><p>first cell text</p></td><td><p>second</p></td></tr>"
                        "</table>", 0);
    check_html(r.out, r.len);
    ck_assert_msg(has_str(r.out, r.len, "<tr>\n<td>\n<p>first cell text</p>\n<p>second</p>\n"
                                         "</td>\n</tr>"), "%s", r.out);
    result_free(&r);
    /* a heading, a list and a quote in a cell */
    r = html_all("<table><tr><td><h3>Cell heading</h3><ul><li>item in a cell</li></ul>"
                 "<blockquote>quoted in a cell</blockquote></td></tr></table>", 0);
    check_html(r.out, r.len);
    ck_assert_msg(has_str(r.out, r.len, "<tr>\n<td>\n<h3>Cell heading</h3>\n<ul>\n"
                                         "<li>item in a cell</li>\n</ul>\n<blockquote>\n"), "%s", r.out);
    result_free(&r);
    /* real cells close the one emit opened; the row's end does too */
    r = html_all("<table><tr><td><p>para in a cell</p></td><td>plain cell</td></tr>"
                 "<tr><td><h4>heading at the end</h4></td></tr></table><p>after the table</p>", 0);
    check_html(r.out, r.len);
    ck_assert_msg(has_str(r.out, r.len, "<tr>\n<td>\n<p>para in a cell</p>\n</td>\n"
                                         "<td>plain cell</td>\n</tr>\n<tr>\n<td>\n"
                                         "<h4>heading at the end</h4>\n</td>\n</tr>\n"), "%s", r.out);
    result_free(&r);
}
END_TEST

/* --fragment is never styled, whatever the style */
START_TEST(test_reader_fragment)
{
    result r = html_opt(reader_page, PITH_STYLE_READER, "https://example.com/a", PITH_F_FRAGMENT);
    result n = html_opt(reader_page, PITH_STYLE_NONE, NULL, PITH_F_FRAGMENT);
    check_html(r.out, r.len);
    ck_assert_uint_eq(r.len, n.len);
    ck_assert(!memcmp(r.out, n.out, r.len));
    ck_assert(!has_str(r.out, r.len, "<style"));
    ck_assert(!has_str(r.out, r.len, "pith-"));
    result_free(&r);
    result_free(&n);
}
END_TEST

/* the url option: the header names its host (no www., user info or port)
   and links to it, escaped; it wins over <base>; without either, no header */
START_TEST(test_reader_header)
{
    const char *url = "https://user:pw@www.news.example:8080/a/b?x=1&pith-bypass=1#top";
    result r = html_opt(reader_page, PITH_STYLE_READER, url, 0);
    check_html(r.out, r.len);
    ck_assert_msg(has_str(r.out, r.len, "<header class=\"pith-site\"><span>news.example</span>"
                          "<a class=\"pith-original\" href=\"https://user:pw@www.news.example:8080"
                          "/a/b?x=1&amp;pith-bypass=1#top\">Original page</a></header>\n"),
                  "%s", r.out);
    result_free(&r);
    r = html_opt("<p>No base, no URL: no header.</p>", PITH_STYLE_READER, NULL, 0);
    ck_assert(has_str(r.out, r.len, "<style>"));
    ck_assert(!has_str(r.out, r.len, "<header"));
    result_free(&r);
    r = html_opt("<html><head><base href=\"/rel/\"></head><body><p>Relative base.</p>",
                 PITH_STYLE_READER, NULL, 0);
    ck_assert(!has_str(r.out, r.len, "<header"));
    result_free(&r);
    r = html_opt("<p>IPv6</p>", PITH_STYLE_READER, "http://[::1]:8080/x", 0);
    ck_assert_msg(has_str(r.out, r.len, "<span>[::1]</span>"), "%s", r.out);
    result_free(&r);
}
END_TEST

/* the stylesheet never hides text: nothing that takes text out of sight,
   nothing fetched, nothing run */
START_TEST(test_reader_css_never_hides)
{
    result r = html_all(reader_page, 0);
    const char *css = strstr(r.out, "<style>"), *end = strstr(r.out, "</style>");
    static const char *const banned[] = {
        "display:none", "visibility", "overflow:hidden", "overflow-y", "clip", "position",
        "opacity", "max-height", "text-overflow", "line-clamp", "url(", "@import",
        "expression(", "{content:", ";content:", "font-size:0", "text-indent", NULL
    };
    ck_assert_ptr_nonnull(css);
    ck_assert_ptr_nonnull(end);
    for (int i = 0; banned[i]; i++)
        ck_assert_msg(!memmem(css, (size_t)(end - css), banned[i], strlen(banned[i])),
                      "the stylesheet has %s", banned[i]);
    /* heights: auto only */
    for (const char *h = css; (h = strstr(h, "height:")) != NULL && h < end; h += 7)
        ck_assert_msg(h > css && (h[-1] == '-' || !strncmp(h, "height:auto", 11)),
                      "a fixed height: %.20s", h);
    for (const char *m = css; (m = strstr(m, "max-width:")) != NULL && m < end; m += 10)
        ck_assert_msg(!strncmp(m, "max-width:100%", 14) || !strncmp(m, "max-width:40em", 14) ||
                      !strncmp(m, "max-width:30em", 14), "max-width: %.20s", m);
    ck_assert(has_str(css, (size_t)(end - css), "prefers-color-scheme:dark"));
    result_free(&r);
}
END_TEST

/* The reference page in html with every label: a valid document. */
START_TEST(test_html_reference_valid)
{
    size_t len;
    const char *page = nzherald(&len);
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    result r = run_page(&opt, page, len, 0);
    check_html(r.out, r.len);
    result_free(&r);
    opt.format = PITH_FORMAT_ANNOTATE;
    r = run_page(&opt, page, len, 0);
    check_html(r.out, r.len);
    result_free(&r);
}
END_TEST

/* --- Text ---------------------------------------------------------------------------------- */

START_TEST(test_text_paragraphs)
{
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    /* the <h1> is the story's headline, which the text format leaves out;
       the navigation line after the story is kept (keep all) */
    result r = run_str(&opt, "<h1>Title</h1><p>First <b>para</b>.</p><p>Second &amp; last.</p>"
                             "<ul><li><a href=\"/\">Home</a></li></ul>");
    ck_assert_str_eq(r.out, "First para.\n\nSecond & last.\n\nHome\n");
    result_free(&r);
    /* the reference page: never three newlines, no blank line at either end */
    {
        size_t len;
        const char *page = nzherald(&len);
        r = run_page(&opt, page, len, 0);
        ck_assert_uint_gt(r.len, 1000);
        ck_assert(!has_str(r.out, r.len, "\n\n\n"));
        ck_assert(r.out[0] != '\n' && r.out[0] != ' ');
        ck_assert(r.out[r.len - 1] == '\n' && r.out[r.len - 2] != '\n');
        ck_assert(!has_str(r.out, r.len, "<"));        /* no markup in text */
        result_free(&r);
    }
}
END_TEST

/* --- Jsonl ------------------------------------------------------------------------------------ */

/* Checks every line of a jsonl output; returns the number of lines. */
static int check_jsonl(const char *out, size_t len, size_t input_len, char ***texts)
{
    int lines = 0;
    double last_offset = -1;
    const char *p = out, *end = out + len;
    ck_assert_msg(len == 0 || out[len - 1] == '\n', "last line not ended");
    if (texts)
        *texts = calloc(len / 8 + 2, sizeof **texts);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        char *line = strndup(p, (size_t)(nl - p));
        jfield f[40];
        int n = json_object(line, f, 40);
        const jfield *label, *text, *tag, *offset, *conf;
        ck_assert_msg(n > 0, "line %d is not a JSON object: %s", lines + 1, line);
        label = json_get(f, n, "label");
        text = json_get(f, n, "text");
        tag = json_get(f, n, "tag");
        offset = json_get(f, n, "offset");
        conf = json_get(f, n, "confidence");
        ck_assert_msg(label && label->type == 's' && pith_labels_parse(label->str) &&
                      pith_label_name(pith_labels_parse(label->str)), "label in %s", line);
        ck_assert_msg(text && text->type == 's', "text in %s", line);
        ck_assert_msg(tag && tag->type == 's' && tag->str[0], "tag in %s", line);
        ck_assert_msg(offset && offset->type == 'n' && offset->num >= 0 &&
                      offset->num <= (double)input_len, "offset in %s", line);
        ck_assert_msg(offset->num >= last_offset, "offsets go back: %s", line);
        last_offset = offset->num;
        ck_assert_msg(conf && conf->type == 'n' && conf->num >= 0 && conf->num <= 1,
                      "confidence in %s", line);
        if (texts)
            (*texts)[lines] = strdup(text->str);
        json_free(f, n);
        free(line);
        lines++;
        p = nl + 1;
    }
    return lines;
}

START_TEST(test_jsonl_valid)
{
    static const char page[] =
        "<html><body><h1>Head \"line\"</h1><p>Back\\slash and \"quotes\" and tab</p>"
        "<pre>a\tb\nc\x01" "d</pre><p>Unicode: caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e</p>"
        "<ul><li><a href=\"/n\">Nav</a></li></ul></body></html>";
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_str(&opt, page);
    char **texts;
    int n = check_jsonl(r.out, r.len, sizeof page - 1, &texts);
    ck_assert_int_eq(n, 5);
    ck_assert_str_eq(texts[0], "Head \"line\"");
    ck_assert_str_eq(texts[1], "Back\\slash and \"quotes\" and tab");
    ck_assert_msg(!strcmp(texts[2], "a\tb\nc d") || !strcmp(texts[2], "a\tb\ncd"), "%s", texts[2]);
    ck_assert_str_eq(texts[3], "Unicode: caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e");
    ck_assert_str_eq(texts[4], "Nav");
    for (int i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    result_free(&r);
}
END_TEST

/* jsonl of the reference page: valid with every label; with the default
   keep it is exactly the story lines of the every-label run. */
START_TEST(test_jsonl_reference)
{
    size_t len;
    const char *page = nzherald(&len);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result all = run_page(&opt, page, len, 0), story;
    char *want = malloc(all.len + 1);
    size_t w = 0;
    int n = check_jsonl(all.out, all.len, len, NULL);
    ck_assert_int_gt(n, 50);
    ck_assert(has_str(all.out, all.len, "{\"label\":\"story\""));
    ck_assert(has_str(all.out, all.len, "{\"label\":\"navigation\""));
    for (const char *p = all.out; *p;) {
        const char *nl = strchr(p, '\n') + 1;
        if (!strncmp(p, "{\"label\":\"story\"", 16)) {
            memcpy(want + w, p, (size_t)(nl - p));
            w += (size_t)(nl - p);
        }
        p = nl;
    }
    want[w] = '\0';
    opt.keep = PITH_STORY;
    story = run_page(&opt, page, len, 0);
    ck_assert_uint_gt(w, 0);
    ck_assert_str_eq(story.out, want);
    free(want);
    result_free(&all);
    result_free(&story);
}
END_TEST

/* The offset of a block points into the input near its text. */
START_TEST(test_jsonl_offsets)
{
    static const char *const paras[] = { "alpha words here", "beta words here", "gamma words here" };
    char *page = str_printf("<html><head><title>t</title></head><body>\n<div class=\"x\">\n"
                            "<p>%s</p>\n<!-- a comment -->\n<script>var a = 1;</script>\n"
                            "<p>%s</p>\n<p style=\"margin:0\">%s</p></div></body></html>",
                            paras[0], paras[1], paras[2]);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_str(&opt, page);
    const char *line = r.out;
    for (int i = 0; i < 3; i++) {
        const char *at = strstr(page, paras[i]), *o = strstr(line, "\"offset\":");
        long off;
        ck_assert_ptr_nonnull(o);
        off = strtol(o + 9, NULL, 10);
        /* the text starts at most one tag before, and the offset is not past
           the end of the text */
        ck_assert_msg(off >= (at - page) - 32 && off <= (at - page) + (long)strlen(paras[i]),
                      "block %d: offset %ld, text at %ld", i, off, (long)(at - page));
        line = strchr(line, '\n') + 1;
    }
    result_free(&r);
    free(page);
}
END_TEST

/* --- Annotate ---------------------------------------------------------------------------------- */

START_TEST(test_annotate_marks_every_block)
{
    size_t len;
    const char *page = nzherald(&len);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result j = run_page(&opt, page, len, 0), a;
    char **texts;
    int n = check_jsonl(j.out, j.len, len, &texts), marked = 0;
    static const char *const labels[] = { "story", "navigation", "advertising", "recommendation" };
    opt = test_options(PITH_FORMAT_ANNOTATE, 0);       /* keep only story: annotate shows all */
    a = run_page(&opt, page, len, 0);
    check_html(a.out, a.len);
    for (int l = 0; l < 4; l++) {
        char *mark = str_printf("<div class=\"pith-%s\" data-pith=\"%s\">", labels[l], labels[l]);
        size_t c = count_str(a.out, a.len, mark);
        ck_assert_msg(c > 0 || l >= 2, "no %s block marked", labels[l]);
        marked += (int)c;
        free(mark);
    }
    ck_assert_int_eq(marked, count_str(a.out, a.len, "data-pith=\""));
    /* one mark per block of the page (blocks of images alone have no jsonl line) */
    ck_assert_int_ge(marked, n);
    ck_assert_int_le(marked, n + (int)count_str(a.out, a.len, "<img "));
    ck_assert(has_str(a.out, a.len, "Manage your digital subscription"));  /* not story, shown */
    for (int i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    result_free(&j);
    result_free(&a);
}
END_TEST

Suite *make_emit_suite(void)
{
    Suite *s = suite_create("emit");
    TCase *tc;

    tc = tcase_create("Html");
    tcase_add_test(tc, test_html_inline_markup);
    tcase_add_test(tc, test_html_containers);
    tcase_add_test(tc, test_html_nothing_executable);
    tcase_add_test(tc, test_html_head);
    tcase_add_test(tc, test_html_fragment);
    tcase_add_test(tc, test_html_base);
    tcase_add_test(tc, test_html_reference_valid);
    suite_add_tcase(s, tc);

    tc = tcase_create("Reader");
    tcase_add_test(tc, test_reader_default);
    tcase_add_test(tc, test_html_paragraph_in_cell);
    tcase_add_test(tc, test_reader_none);
    tcase_add_test(tc, test_reader_fragment);
    tcase_add_test(tc, test_reader_header);
    tcase_add_test(tc, test_reader_css_never_hides);
    suite_add_tcase(s, tc);

    tc = tcase_create("Text");
    tcase_add_test(tc, test_text_paragraphs);
    suite_add_tcase(s, tc);

    tc = tcase_create("Jsonl");
    tcase_add_test(tc, test_jsonl_valid);
    tcase_add_test(tc, test_jsonl_reference);
    tcase_add_test(tc, test_jsonl_offsets);
    suite_add_tcase(s, tc);

    tc = tcase_create("Annotate");
    tcase_add_test(tc, test_annotate_marks_every_block);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(make_emit_suite)
