/* check_hostile_api.c -- hostile pages and hostile callers (issue "Hostile
 * pages", rows 4 and 7-16): many pages in one stream, re-entrant sinks,
 * charset labels, URL schemes, titles, offsets and the error rules.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#define _GNU_SOURCE 1
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_pith.h"
#include "filter.h"

static const char story_page[] =
    "<html><head><title>A headline for the test page</title></head><body>"
    "<article><h1>A headline for the test page</h1>"
    "<p>The first paragraph of the story has a good number of words in it, with commas, "
    "and it ends with a full stop. It goes on for a second sentence too.</p>"
    "<p>The second paragraph of the story also reads like prose, with a clause or two, "
    "and a few more words to make it long enough. It ends here.</p>"
    "</article></body></html>";

/* --- Row 7: a sink that calls back into its own filter ----------------------- */

typedef struct reenter {
    pith_filter *pf;
    capture cap;
    int what;          /* 0 feed, 1 flush, 2 finish, 3 free */
    int calls;
    int rc;            /* what the inner call returned (first call) */
} reenter;

static int reenter_sink(void *opaque, const char *buf, size_t len)
{
    reenter *r = opaque;
    int rc = PITH_OK;
    switch (r->what) {
    case 0: rc = pith_feed(r->pf, "<p>more</p>", 11); break;
    case 1: rc = pith_flush(r->pf); break;
    case 2: rc = pith_finish(r->pf); break;
    default: pith_free(r->pf); rc = PITH_ESTATE; break;   /* refused: no code */
    }
    if (r->calls++ == 0)
        r->rc = rc;
    return capture_sink(&r->cap, buf, len);
}

START_TEST(test_reentrant_sink)
{
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    reenter r;
    result ref = run_str(&opt, story_page);
    memset(&r, 0, sizeof r);
    r.what = _i;
    ck_assert_int_eq(pith_new(&r.pf, &opt, reenter_sink, &r), PITH_OK);
    ck_assert_int_eq(pith_feed(r.pf, story_page, strlen(story_page)), PITH_OK);
    ck_assert_int_eq(pith_flush(r.pf), PITH_OK);
    ck_assert_int_eq(pith_feed(r.pf, "", 0), PITH_OK);
    ck_assert_int_eq(pith_finish(r.pf), PITH_OK);
    ck_assert_int_gt(r.calls, 0);
    ck_assert_int_eq(r.rc, PITH_ESTATE);
    /* the refused calls changed nothing: the output is a normal run's
       (flushed once after the whole page, so the same blocks) */
    ck_assert_str_eq(r.cap.data, ref.out);
    pith_free(r.pf);
    capture_free(&r.cap);
    result_free(&ref);
}
END_TEST

/* --- Row 16: which errors are sticky; feeds over 4 GiB --------------------- */

START_TEST(test_einval_refused_not_sticky)
{
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    capture cap = {0};
    pith_filter *pf;
    result ref = run_str(&opt, story_page);
    ck_assert_int_eq(pith_new(&pf, &opt, capture_sink, &cap), PITH_OK);
    ck_assert_int_eq(pith_feed(pf, NULL, 5), PITH_EINVAL);
    /* pith.h: a call refused for its arguments changes nothing */
    ck_assert_int_eq(pith_feed(pf, story_page, strlen(story_page)), PITH_OK);
    ck_assert_int_eq(pith_feed(pf, NULL, 1), PITH_EINVAL);
    ck_assert_int_eq(pith_finish(pf), PITH_OK);
    ck_assert_str_eq(cap.data, ref.out);
    pith_free(pf);
    capture_free(&cap);
    result_free(&ref);
}
END_TEST

START_TEST(test_stream_errors_sticky)
{
    /* a stream error (here the sink failing) stays, as pith.h says */
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    capture cap = {0};
    pith_filter *pf;
    cap.fail_at = 1;
    ck_assert_int_eq(pith_new(&pf, &opt, capture_sink, &cap), PITH_OK);
    ck_assert_int_eq(pith_feed(pf, story_page, strlen(story_page)), PITH_OK);
    ck_assert_int_eq(pith_flush(pf), PITH_ESINK);
    ck_assert_int_eq(pith_feed(pf, "x", 1), PITH_ESINK);
    ck_assert_int_eq(pith_feed(pf, NULL, 1), PITH_ESINK);
    ck_assert_int_eq(pith_flush(pf), PITH_ESINK);
    ck_assert_int_eq(pith_finish(pf), PITH_ESINK);
    pith_free(pf);
    capture_free(&cap);
}
END_TEST

/* --on-error=story relies on this: after an input error, pith_finish still
   writes the story read so far and closes the document. */
START_TEST(test_finish_closes_after_error)
{
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    size_t len, glen;
    const char *page = nzherald(&len);
    char *gz = compress_bytes(page, len, 'g', &glen);
    result r;
    if (_i == 0) {
        r = run_page(&opt, gz, glen * 4 / 5, 4096);     /* cut gzip: PITH_EDATA */
        ck_assert_int_eq(r.finish_rc, PITH_EDATA);
    } else {
        opt.max_input = len * 4 / 5;                     /* a limit: PITH_ELIMIT */
        r = run_page(&opt, page, len, 4096);
        ck_assert_int_eq(r.feed_rc, PITH_ELIMIT);
        ck_assert_int_eq(r.finish_rc, PITH_ELIMIT);
    }
    ck_assert(has_str(r.out, r.len, "<p>"));
    ck_assert_msg(r.len > 16 && !strcmp(r.out + r.len - 16, "</body>\n</html>\n"), "%s", r.out);
    ck_assert(!has_str(r.out, r.len, "<script"));
    result_free(&r);
    free(gz);
}
END_TEST

/* zlib takes input in uInt steps; a feed longer than that must be given to
   it in steps, not cut.  A 4 GiB feed needs 4 GiB of memory, so the step is
   made small here (it is UINT_MAX otherwise) and one feed of a gzip page must
   give exactly the output of a normal run. */
START_TEST(test_inflate_steps)
{
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    size_t len, glen;
    const char *page = nzherald(&len);
    char *gz = compress_bytes(page, len, 'g', &glen);
    capture cap = {0};
    pith_filter *pf;
    result ref = run_page(&opt, gz, glen, 0);
    const size_t steps[] = { 1, 7, 4096 };
    ck_assert_int_eq(ref.finish_rc, PITH_OK);
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        ck_assert_int_eq(pith_new(&pf, &opt, capture_sink, &cap), PITH_OK);
        ck_assert(pf->dec.zstep == UINT_MAX);
        pf->dec.zstep = steps[i];
        ck_assert_int_eq(pith_feed(pf, gz, glen), PITH_OK);
        ck_assert_int_eq(pith_finish(pf), PITH_OK);
        ck_assert_msg(cap.len == ref.len && !memcmp(cap.data, ref.out, ref.len),
                      "step %zu: output differs", steps[i]);
        pith_free(pf);
        capture_free(&cap);
    }
    result_free(&ref);
    free(gz);
}
END_TEST

/* --- Rows 8, 9: charsets as browsers read them ---------------------------- */

static const char charset_para[] =
    "The story paragraph is plain ASCII text with enough words in it to be kept.";

static char *meta_page(const char *label)
{
    return str_printf("<html><head><meta charset=\"%s\"><title>T</title></head><body>"
                      "<p>%s</p><p>+ADw-b+AD4-seven+ADw-/b+AD4- bits</p></body></html>",
                      label, charset_para);
}

/* Labels that are not in the WHATWG table: the default path, story kept. */
START_TEST(test_meta_not_whatwg)
{
    static const char *const labels[] = {
        "IBM037", "UTF-32", "UTF-7", "utf-32le", "x-ebcdic", "cp037", "UCS-4", "bogus"
    };
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    char *page = meta_page(labels[_i]);
    result r = run_str(&opt, page);
    ck_assert_msg(has_str(r.out, r.len, charset_para), "%s: story lost", labels[_i]);
    ck_assert_msg(!has_str(r.out, r.len, "<b>seven"), "%s: UTF-7 decoded", labels[_i]);
    ck_assert_msg(has_str(r.out, r.len, "+ADw-b+AD4-seven"), "%s", labels[_i]);
    result_free(&r);
    free(page);
}
END_TEST

/* A <meta> naming UTF-16 (any of its labels) means UTF-8. */
START_TEST(test_meta_utf16_is_utf8)
{
    static const char *const labels[] = {
        "utf-16", "UTF-16LE", "utf-16be", "ucs-2", "unicode", "csUnicode", "unicodeFFFE"
    };
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    char *page = str_printf("<html><head><meta charset=\"%s\"></head><body><p>%s \xc3\xa9t\xc3\xa9"
                            "</p></body></html>", labels[_i], charset_para);
    result r = run_str(&opt, page);
    ck_assert_msg(has_str(r.out, r.len, "\xc3\xa9t\xc3\xa9"), "%s: %s", labels[_i], r.out);
    result_free(&r);
    free(page);
}
END_TEST

/* WHATWG aliases map as the standard says, from <meta> and from opt.charset. */
START_TEST(test_whatwg_aliases)
{
    static const struct { const char *label, *bytes, *utf8; } t[] = {
        { "latin1", "caf\xe9 \x80", "caf\xc3\xa9 \xe2\x82\xac" },          /* windows-1252 */
        { " US-ASCII ", "caf\xe9", "caf\xc3\xa9" },
        { "iso-8859-9", "\xfd", "\xc4\xb1" },                          /* windows-1254 */
        { "latin5", "\xfd", "\xc4\xb1" },
        { "koi8_r", "\xc1", "\xd0\xb0" },
        { "tis-620", "\xa1", "\xe0\xb8\x81" },                         /* windows-874 */
        { "x-mac-ukrainian", "\x80", "\xd0\x90" },
        { "ks_c_5601-1987", "\xb0\xa1", "\xea\xb0\x80" },              /* EUC-KR */
        { "sjis", "\x82\xa0", "\xe3\x81\x82" },                        /* Shift_JIS */
        { "gb2312", "\xc4\xe3", "\xe4\xbd\xa0" },                      /* GBK */
        { "x-user-defined", "caf\xe9", "caf\xc3\xa9" },
    };
    for (int how = 0; how < 2; how++) {
        pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
        char *page;
        result r;
        if (how == 0) {
            page = str_printf("<html><head><meta charset=\"%s\"></head><body><p>%s %s</p>"
                              "</body></html>", t[_i].label, charset_para, t[_i].bytes);
        } else {
            page = str_printf("<p>%s %s</p>", charset_para, t[_i].bytes);
            opt.charset = t[_i].label;
        }
        r = run_str(&opt, page);
        ck_assert_msg(has_str(r.out, r.len, t[_i].utf8), "%s (%s): %s", t[_i].label,
                      how ? "charset option" : "meta", r.out);
        result_free(&r);
        free(page);
    }
}
END_TEST

/* Converts ASCII to UTF-16 without a BOM, with U+0142 U+20AC U+4E2D ("ł€中")
   appended: characters a UTF-8 reading of the bytes would get wrong. */
static char *to_utf16(const char *s, int be, size_t *outlen)
{
    static const unsigned short extra[] = { ' ', 0x0142, 0x20AC, 0x4E2D };
    size_t n = strlen(s), m = sizeof extra / sizeof extra[0];
    char *out = malloc(2 * (n + m) + 1);
    ck_assert_ptr_nonnull(out);
    for (size_t i = 0; i < n + m; i++) {
        unsigned u = i < n ? (unsigned char)s[i] : extra[i - n];
        out[2 * i + (be ? 1 : 0)] = (char)(u & 0xFF);
        out[2 * i + (be ? 0 : 1)] = (char)(u >> 8);
    }
    *outlen = 2 * (n + m);
    return out;
}

/* --charset=utf-16le (utf-16, utf-16be) reads UTF-16 without a BOM. */
START_TEST(test_charset_option_utf16)
{
    static const struct { const char *label; int be; } t[] = {
        { "utf-16le", 0 }, { "UTF-16", 0 }, { "utf-16be", 1 }, { "unicodefffe", 1 }, { "ucs-2", 0 }
    };
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    char *html = str_printf("<html><body><p>%s", charset_para);
    size_t len;
    char *bytes = to_utf16(html, t[_i].be, &len);
    result r;
    opt.charset = t[_i].label;
    r = run_page(&opt, bytes, len, 0);
    ck_assert_msg(has_str(r.out, r.len, charset_para), "%s: %s", t[_i].label, r.out);
    ck_assert_msg(has_str(r.out, r.len, "\xc5\x82\xe2\x82\xac\xe4\xb8\xad"), "%s: %s",
                  t[_i].label, r.out);
    result_free(&r);
    free(bytes);
    free(html);
}
END_TEST

/* --- Row 10: URL schemes in html output --------------------------------------- */

static char *link_page(const char *href, const char *src)
{
    return str_printf("<html><body><p>%s <a href=\"%s\">the link text</a> "
                      "<img src=\"%s\" alt=\"pic\"> and the end.</p></body></html>",
                      charset_para, href, src);
}

START_TEST(test_url_refused)
{
    static const char *const bad[] = {
        "data:text/html,<script>alert(1)</script>", "DATA:text/html;base64,PHNjcmlwdD4=",
        "javascript:alert(1)", " JavaScript:alert(1)", "java&#x09;script:alert(1)",
        "java&#x0A;script:alert(1)", "&#x01;javascript:alert(1)", "jav&#x0D;ascript:x",
        "vbscript:msgbox(1)", "file:///etc/passwd", "ftp://example.org/x",
        "blob:https://example.org/x", "data:image/svg+xml,<svg onload=alert(1)>",
        "filesystem:x", "x-unknown-scheme-that-is-long:y", "data&#x3a;text/html,x",
    };
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    char *page = link_page(bad[_i], bad[_i]);
    result r = run_str(&opt, page);
    ck_assert_msg(has_str(r.out, r.len, "the link text"), "%s: text lost", bad[_i]);
    ck_assert_msg(!has_str(r.out, r.len, "href="), "%s kept in href: %s", bad[_i], r.out);
    ck_assert_msg(!has_str(r.out, r.len, "<img"), "%s kept in img: %s", bad[_i], r.out);
    result_free(&r);
    free(page);
}
END_TEST

START_TEST(test_url_allowed)
{
    static const struct { const char *url; int href, img; } t[] = {
        { "http://example.org/a", 1, 1 }, { "HTTPS://example.org/a", 1, 1 },
        { "mailto:someone@example.org", 1, 1 }, { "/relative/path", 1, 1 },
        { "relative.html", 1, 1 }, { "#fragment", 1, 1 }, { "//example.org/x", 1, 1 },
        { "?q=a:b", 1, 1 }, { "path/with:colon", 1, 1 }, { "data:image/png;base64,iVBORw0KGgo=", 0, 1 },
        { "data:image/gif;base64,R0lGODlhAQABAAAAACw=", 0, 1 }, { "data:image/jpeg,x", 0, 1 },
    };
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    char *page = link_page(t[_i].url, t[_i].url);
    result r = run_str(&opt, page);
    ck_assert_msg(has_str(r.out, r.len, "href=") == t[_i].href, "%s href: %s", t[_i].url, r.out);
    ck_assert_msg(has_str(r.out, r.len, "<img") == t[_i].img, "%s img: %s", t[_i].url, r.out);
    result_free(&r);
    free(page);
}
END_TEST

/* --- Rows 11, 12: the page title -------------------------------------------- */

/* Valid UTF-8, strictly. */
static int valid_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t len = u[i] < 0x80 ? 1 : (u[i] & 0xE0) == 0xC0 ? 2 : (u[i] & 0xF0) == 0xE0 ? 3
                   : (u[i] & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || i + len > n || (len == 2 && u[i] < 0xC2))
            return 0;
        for (size_t k = 1; k < len; k++)
            if ((u[i + k] & 0xC0) != 0x80)
                return 0;
        i += len;
    }
    return 1;
}

START_TEST(test_title_cut_at_char)
{
    /* 1023 bytes of title, then two-, three- and four-byte characters */
    static const char *const tails[] = { "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80" };
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    for (size_t pad = 1020; pad <= 1023; pad++) {
        char *title = malloc(pad + 1);
        char *page;
        result r;
        const char *t, *e;
        memset(title, 'a', pad);
        title[pad] = '\0';
        page = str_printf("<html><head><title>%s%s%s</title></head><body><p>%s</p></body></html>",
                          title, tails[_i], tails[_i], charset_para);
        r = run_str(&opt, page);
        t = strstr(r.out, "<title>");
        e = t ? strstr(t, "</title>") : NULL;
        ck_assert_ptr_nonnull(e);
        ck_assert_msg(valid_utf8(t + 7, (size_t)(e - t - 7)), "pad %zu: title cut inside a character", pad);
        ck_assert_msg(valid_utf8(r.out, r.len), "pad %zu: invalid UTF-8 in output", pad);
        ck_assert_uint_ge((size_t)(e - t - 7), pad);
        ck_assert_uint_le((size_t)(e - t - 7), 1024);
        result_free(&r);
        free(page);
        free(title);
    }
}
END_TEST

START_TEST(test_title_after_stray_text)
{
    static const char *const before[] = {
        "x", "]>", "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\" [ <!ENTITY a \"b\"> ]>",
        "\xef\xbb\xbf junk ", "<p>early</p>"
    };
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    char *page = str_printf("%s<html><head><title>The Real Title</title></head><body><p>%s</p>"
                            "</body></html>", before[_i], charset_para);
    result r = run_str(&opt, page);
    ck_assert_msg(has_str(r.out, r.len, "<title>The Real Title</title>"), "after '%s': %s",
                  before[_i], r.out);
    result_free(&r);
    free(page);
}
END_TEST

/* --- Row 13: jsonl offsets ---------------------------------------------------- */

/* The offset of every block points at the start of its text: at its first
   word, or at the entity that begins it. */
START_TEST(test_jsonl_offset_start)
{
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    size_t len;
    const char *page = nzherald(&len);
    result r = run_page(&opt, page, len, _i ? 1000 : 0);
    unsigned ok = 0, blocks = 0;
    for (char *line = r.out; line && *line; ) {
        char *nl = strchr(line, '\n');
        jfield f[32];
        int n;
        const jfield *off, *text;
        if (nl)
            *nl = '\0';
        n = json_object(line, f, 32);
        ck_assert_int_gt(n, 0);
        off = json_get(f, n, "offset");
        text = json_get(f, n, "text");
        ck_assert_ptr_nonnull(off);
        ck_assert_ptr_nonnull(text);
        if (text->str[0]) {
            /* the first word, up to a tag or entity inside it ("Subscribe</a>") */
            size_t o = (size_t)off->num, w = strcspn(text->str, " \n");
            blocks++;
            ck_assert_uint_lt(o, len);
            if (o + w > len)
                w = len - o;
            for (size_t k = 0; k < w; k++)
                if (page[o + k] == '<' || page[o + k] == '&')
                    w = k;
            if ((w && !memcmp(page + o, text->str, w)) || page[o] == '&')
                ok++;
            else if (blocks - ok <= 3)
                fprintf(stderr, "offset %zu: '%.20s' for '%.20s'\n", o, page + o, text->str);
        }
        json_free(f, n);
        line = nl ? nl + 1 : NULL;
    }
    ck_assert_uint_gt(blocks, 100);
    ck_assert_msg(ok == blocks, "%u of %u offsets at the start of their text", ok, blocks);
    result_free(&r);
}
END_TEST

START_TEST(test_jsonl_offset_simple)
{
    static const char page[] = "<html><body><p>Hello world, this is text.</p>\n"
                               "<div>  Second <b>bold</b></div><p>&amp; entity first</p></body></html>";
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_str(&opt, page);
    char *want1 = str_printf("\"offset\":%zu,", (size_t)(strstr(page, "Hello") - page));
    char *want2 = str_printf("\"offset\":%zu,", (size_t)(strstr(page, "Second") - page));
    char *want3 = str_printf("\"offset\":%zu,", (size_t)(strstr(page, "&amp;") - page));
    ck_assert_msg(has_str(r.out, r.len, want1), "%s", r.out);
    ck_assert_msg(has_str(r.out, r.len, want2), "%s", r.out);
    ck_assert_msg(has_str(r.out, r.len, want3), "%s", r.out);
    free(want1), free(want2), free(want3);
    result_free(&r);
}
END_TEST

/* --- Row 4: many pages in one stream --------------------------------------- */

#define PAGES_DIR TEST_DATA "/../../benchmarks/labels/pages"

typedef struct pages {
    char *bytes[64];
    size_t len[64];
    char name[64][64];
    int n;
} pages;

/* The reference page first, then the labelled pages (in UTF-8, Shift_JIS,
   GBK, windows-1252: each page of a stream is read in its own charset). */
static void load_pages(pages *p)
{
    struct dirent **list;
    int n = scandir(PAGES_DIR, &list, NULL, alphasort);
    memset(p, 0, sizeof *p);
    ck_assert_int_gt(n, 0);
    p->bytes[0] = read_file(TEST_DATA "/nzherald.html", &p->len[0]);
    strcpy(p->name[0], "nzherald.html");
    p->n = 1;
    for (int i = 0; i < n; i++) {
        if (strstr(list[i]->d_name, ".html") && p->n < 64) {
            char *path = str_printf("%s/%s", PAGES_DIR, list[i]->d_name);
            p->bytes[p->n] = read_file(path, &p->len[p->n]);
            snprintf(p->name[p->n], sizeof p->name[0], "%.60s", list[i]->d_name);
            p->n++;
            free(path);
        }
        free(list[i]);
    }
    free(list);
    ck_assert_int_gt(p->n, 20);
}

static void free_pages(pages *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->bytes[i]);
}

/* The pages one after the other in one stream give each page's output as if
   it had been alone (text: the same paragraphs; html: the same documents). */
START_TEST(test_concat_as_alone)
{
    static const int formats[] = { PITH_FORMAT_TEXT, PITH_FORMAT_HTML };
    pith_options opt = test_options(formats[_i], 0);
    pages p;
    char *all, *expect = NULL;
    size_t total = 0, elen = 0, off = 0;
    result r;
    load_pages(&p);
    for (int i = 0; i < p.n; i++)
        total += p.len[i];
    all = malloc(total);
    ck_assert_ptr_nonnull(all);
    for (int i = 0; i < p.n; i++) {
        result one = run_page(&opt, p.bytes[i], p.len[i], 0);
        memcpy(all + off, p.bytes[i], p.len[i]);
        off += p.len[i];
        expect = realloc(expect, elen + one.len + 1);
        memcpy(expect + elen, one.out, one.len + 1);
        elen += one.len;
        result_free(&one);
    }
    r = run_page(&opt, all, total, 8192);
    if (r.len != elen || memcmp(r.out, expect, elen)) {
        size_t k = 0;
        while (k < r.len && k < elen && r.out[k] == expect[k])
            k++;
        ck_abort_msg("format %d: stream output differs from the pages alone at byte %zu:\n"
                     "alone:  %.80s\nstream: %.80s", formats[_i], k, expect + k, r.out + k);
    }
    result_free(&r);
    free(expect);
    free(all);
    free_pages(&p);
}
END_TEST

/* Pages in different charsets, fed in small pieces: each is read in its
   own charset, whatever the split (a doctype cut between two feeds). */
START_TEST(test_concat_charsets)
{
    static const char *const names[] = { "news-ja.html", "news-nl.html", "news-zh.html",
                                         "table-layout.html", "news-ru.html" };
    static const size_t chunks[] = { 1, 5, 9, 4093 };
    pith_options opt = test_options(PITH_FORMAT_TEXT, 0);
    char *all = NULL, *expect = NULL;
    size_t total = 0, elen = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *path = str_printf("%s/%s", PAGES_DIR, names[i]);
        size_t len;
        char *b = read_file(path, &len);
        result one = run_page(&opt, b, len, 0);
        all = realloc(all, total + len);
        memcpy(all + total, b, len);
        total += len;
        expect = realloc(expect, elen + one.len + 1);
        memcpy(expect + elen, one.out, one.len + 1);
        elen += one.len;
        result_free(&one);
        free(b);
        free(path);
    }
    {
        result r = run_page(&opt, all, total, chunks[_i]);
        ck_assert_msg(r.len == elen && !memcmp(r.out, expect, elen),
                      "pieces of %zu: the stream differs from the pages alone", chunks[_i]);
        result_free(&r);
    }
    free(all);
    free(expect);
}
END_TEST

/* Each kind of document start: the second page keeps its own title and its
   story, whatever the first page left open. */
START_TEST(test_concat_boundaries)
{
    static const char *const first[] = {
        "<!DOCTYPE html><html><head><title>First page title</title></head><body><p>%s</p></body></html>\n",
        "<html><head><title>First page title</title></head><body><div><p>%s",   /* never closed */
        "<html><head><title>First page title</title></head><body><p>%s</p></body></html>",
    };
    static const char *const second[] = {
        "<!DOCTYPE html><html><head><title>Second page title</title></head><body><p>%s</p></body></html>",
        "<html><head><title>Second page title</title></head><body><p>%s</p></body></html>",
        "<!doctype html>\n<HTML lang=de><title>Second page title</title><p>%s</p>",
    };
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    for (int j = 0; j < 3; j++) {
        char *a = str_printf(first[_i], "The first page's story paragraph, long enough, with words.");
        char *b = str_printf(second[j], charset_para);
        char *ab = str_printf("%s%s", a, b);
        result ra = run_str(&opt, a), rb = run_str(&opt, b), rab = run_str(&opt, ab);
        ck_assert_uint_eq(rab.len, ra.len + rb.len);
        ck_assert_msg(!memcmp(rab.out, ra.out, ra.len) && !memcmp(rab.out + ra.len, rb.out, rb.len),
                      "first %d second %d:\n%s", _i, j, rab.out);
        ck_assert_uint_eq(count_str(rab.out, rab.len, "<title>Second page title</title>"), 1);
        result_free(&ra), result_free(&rb), result_free(&rab);
        free(a), free(b), free(ab);
    }
}
END_TEST

/* Not a new document: doctypes before any tag, text before <html>. */
START_TEST(test_concat_not_boundary)
{
    static const char page[] =
        "<!DOCTYPE html>\n<!DOCTYPE html>x<html><head><title>Only title</title></head><body>"
        "<p>One paragraph of the only page, long enough to be a story block here.</p>"
        "<p>Second paragraph of the same page with words.</p></body></html>";
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    result r = run_str(&opt, page);
    ck_assert_uint_eq(count_str(r.out, r.len, "<html"), 1);
    ck_assert_uint_eq(count_str(r.out, r.len, "<title>Only title</title>"), 1);
    ck_assert(has_str(r.out, r.len, "Second paragraph"));
    result_free(&r);
}
END_TEST

Suite *make_hostile_api_suite(void)
{
    Suite *s = suite_create("hostile_api");
    TCase *tc;

    tc = tcase_create("Pages");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_concat_as_alone, 0, 2);
    tcase_add_loop_test(tc, test_concat_charsets, 0, 4);
    tcase_add_loop_test(tc, test_concat_boundaries, 0, 3);
    tcase_add_test(tc, test_concat_not_boundary);
    suite_add_tcase(s, tc);

    tc = tcase_create("Reentry");
    tcase_add_loop_test(tc, test_reentrant_sink, 0, 4);
    suite_add_tcase(s, tc);

    tc = tcase_create("Errors");
    tcase_add_test(tc, test_einval_refused_not_sticky);
    tcase_add_test(tc, test_stream_errors_sticky);
    tcase_add_test(tc, test_inflate_steps);
    tcase_add_loop_test(tc, test_finish_closes_after_error, 0, 2);
    suite_add_tcase(s, tc);

    tc = tcase_create("Charsets");
    tcase_add_loop_test(tc, test_meta_not_whatwg, 0, 8);
    tcase_add_loop_test(tc, test_meta_utf16_is_utf8, 0, 7);
    tcase_add_loop_test(tc, test_whatwg_aliases, 0, 11);
    tcase_add_loop_test(tc, test_charset_option_utf16, 0, 5);
    suite_add_tcase(s, tc);

    tc = tcase_create("Urls");
    tcase_add_loop_test(tc, test_url_refused, 0, 16);
    tcase_add_loop_test(tc, test_url_allowed, 0, 12);
    suite_add_tcase(s, tc);

    tc = tcase_create("Titles");
    tcase_add_loop_test(tc, test_title_cut_at_char, 0, 3);
    tcase_add_loop_test(tc, test_title_after_stray_text, 0, 5);
    suite_add_tcase(s, tc);

    tc = tcase_create("Offsets");
    tcase_add_loop_test(tc, test_jsonl_offset_start, 0, 2);
    tcase_add_test(tc, test_jsonl_offset_simple);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(make_hostile_api_suite)
