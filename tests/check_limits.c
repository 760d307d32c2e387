/* check_limits.c -- bounded memory and hostile input.
 * pith's own allocations are counted through the option hooks (libxml2's
 * are not; the process's peak RSS is checked where the bound is clear).
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_pith.h"

#define MiB (1024u * 1024u)
#define HIGH_BOUND (2 * MiB)     /* pith's own high-water mark on every test here */
#define RSS_BOUND_KIB (16 * 1024) /* growth of the process's peak RSS in a 32 MiB run */

/* Peak RSS growth (KiB) over the last feed_big(): libxml2's memory too.  It
   reads 0 when the process peaked earlier (CK_FORK=no), never too much. */
static long rss_growth;

/* A sink that keeps only the last bytes written and counts them. */
typedef struct tail_sink {
    unsigned long long total;
    char tail[4096];
    size_t ntail;
} tail_sink;

static int tail_write(void *opaque, const char *buf, size_t len)
{
    tail_sink *t = opaque;
    t->total += len;
    if (len >= sizeof t->tail) {
        memcpy(t->tail, buf + len - sizeof t->tail, sizeof t->tail);
        t->ntail = sizeof t->tail;
    } else {
        size_t keep = t->ntail + len > sizeof t->tail ? sizeof t->tail - len : t->ntail;
        memmove(t->tail, t->tail + t->ntail - keep, keep);
        memcpy(t->tail + keep, buf, len);
        t->ntail = keep + len;
    }
    return 0;
}

/* Feeds prefix, then n bytes made by gen (in 64 KiB chunks), then suffix;
   returns finish's code (the first feed error if a feed failed). */
typedef void (*gen_fn)(char *buf, size_t n, unsigned long long at, void *ud);

static int feed_big(pith_options *opt, counting_alloc *ca, tail_sink *sink, const char *prefix,
                    gen_fn gen, void *ud, unsigned long long n, const char *suffix, int *feed_rc)
{
    static char chunk[65536];
    pith_filter *pf;
    unsigned long long at = 0;
    int rc = PITH_OK, frc;
    long rss0 = max_rss_kib();
    counting_alloc_use(ca, opt);
    ck_assert_int_eq(pith_new(&pf, opt, tail_write, sink), PITH_OK);
    if (prefix)
        rc = pith_feed(pf, prefix, strlen(prefix));
    while (rc == PITH_OK && at < n) {
        size_t k = n - at < sizeof chunk ? (size_t)(n - at) : sizeof chunk;
        gen(chunk, k, at, ud);
        rc = pith_feed(pf, chunk, k);
        at += k;
    }
    if (rc == PITH_OK && suffix)
        rc = pith_feed(pf, suffix, strlen(suffix));
    *feed_rc = rc;
    frc = pith_finish(pf);
    pith_free(pf);
    rss_growth = max_rss_kib() - rss0;
    ck_assert_msg(ca->live == 0, "%zu bytes leaked", ca->live);
    return frc;
}

static void gen_fill(char *buf, size_t n, unsigned long long at, void *ud)
{
    (void)at;
    memset(buf, *(const char *)ud, n);
}

/* Words of prose: "lorem ipsum ..." with a full stop now and then. */
static void gen_words(char *buf, size_t n, unsigned long long at, void *ud)
{
    static const char text[] = "the quick brown fox jumps over the lazy dog and runs away. ";
    (void)ud;
    for (size_t i = 0; i < n; i++)
        buf[i] = text[(at + i) % (sizeof text - 1)];
}

static int tail_has(const tail_sink *t, const char *s)
{
    return has_str(t->tail, t->ntail, s);
}

/* --- Unterminated constructs ------------------------------------------------------- */

START_TEST(test_comment_then_32mib)
{
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    counting_alloc ca;
    tail_sink t = {0};
    char fill = 'x';
    int frc, rc = feed_big(&opt, &ca, &t, "<html><body><p>before the comment</p><!--", gen_fill,
                           &fill, 32ull * MiB, NULL, &frc);
    fprintf(stderr, "limits: <!-- + 32 MiB: high-water %zu bytes, rc %d, peak RSS +%ld KiB\n",
            ca.high, rc, rss_growth);
    ck_assert_msg(ca.high < HIGH_BOUND, "high-water %zu", ca.high);
    ck_assert_msg(rss_growth < RSS_BOUND_KIB, "peak RSS +%ld KiB", rss_growth);
    ck_assert_msg(rc == PITH_OK || rc == PITH_ELIMIT, "rc %d", rc);
    /* the comment swallows the rest, but what came before it is out and the
       document is complete */
    ck_assert_uint_gt(t.total, 0);
    ck_assert(tail_has(&t, "</html>"));
}
END_TEST

START_TEST(test_comment_then_32mib_of_markup)
{
    /* the comment's content looks like markup, even "--" and "-- >" */
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    counting_alloc ca;
    tail_sink t = {0};
    char fill = '<';
    int frc, rc = feed_big(&opt, &ca, &t, "<p>before</p><!-- <p>", gen_fill, &fill, 32ull * MiB,
                           " --><p>after the comment</p>", &frc);
    ck_assert_msg(ca.high < HIGH_BOUND, "high-water %zu", ca.high);
    ck_assert_msg(rss_growth < RSS_BOUND_KIB, "peak RSS +%ld KiB", rss_growth);
    ck_assert_int_eq(rc, PITH_OK);
    ck_assert(tail_has(&t, "after the comment"));
}
END_TEST

/* Tags of 40 KB (an image inlined as a data: URL) with a word between
   them: libxml2 shrinks its input only where little of it is left unparsed
   after text, which never happens here, so it held the whole page unless
   parse.c shrinks it (docs/ARCHITECTURE.md, parse). */
#define LONG_TAG 40000
#define LONG_HEAD "<img src=\"data:image/png;base64,"
#define LONG_TAIL "\">x\n"
#define LONG_PERIOD (sizeof LONG_HEAD - 1 + LONG_TAG + sizeof LONG_TAIL - 1)
static void gen_long_tags(char *buf, size_t n, unsigned long long at, void *ud)
{
    static const char head[] = LONG_HEAD, tail[] = LONG_TAIL;
    const size_t period = LONG_PERIOD;
    (void)ud;
    for (size_t i = 0; i < n; i++) {
        size_t k = (size_t)((at + i) % period);
        buf[i] = k < sizeof head - 1                ? head[k]
                 : k < sizeof head - 1 + LONG_TAG ? 'A'
                                                    : tail[k - (sizeof head - 1) - LONG_TAG];
    }
}

START_TEST(test_long_tags_32mib)
{
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    counting_alloc ca;
    tail_sink t = {0};
    int frc, rc = feed_big(&opt, &ca, &t, "<html><body><p>before the images</p>", gen_long_tags,
                           NULL, 32ull * MiB / LONG_PERIOD * LONG_PERIOD,
                           "<p>after the images</p></body></html>", &frc);
    fprintf(stderr, "limits: 32 MiB of 40 KB tags: high-water %zu bytes, peak RSS +%ld KiB\n",
            ca.high, rss_growth);
    ck_assert_int_eq(rc, PITH_OK);
    ck_assert_int_eq(frc, PITH_OK);
    ck_assert_msg(ca.high < HIGH_BOUND, "high-water %zu", ca.high);
    ck_assert_msg(rss_growth < RSS_BOUND_KIB, "peak RSS +%ld KiB", rss_growth);
    ck_assert(tail_has(&t, "after the images"));
}
END_TEST

START_TEST(test_attribute_then_32mib)
{
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    counting_alloc ca;
    tail_sink t = {0};
    char fill = 'v';
    int frc, rc = feed_big(&opt, &ca, &t, "<html><body><p>before the tag</p><div title=\"",
                           gen_fill, &fill, 32ull * MiB, NULL, &frc);
    fprintf(stderr, "limits: unterminated attribute + 32 MiB: high-water %zu bytes, rc %d, "
            "peak RSS +%ld KiB\n", ca.high, rc, rss_growth);
    ck_assert_msg(ca.high < HIGH_BOUND, "high-water %zu", ca.high);
    ck_assert_msg(rss_growth < RSS_BOUND_KIB, "peak RSS +%ld KiB", rss_growth);
    ck_assert_msg(rss_growth < RSS_BOUND_KIB, "peak RSS +%ld KiB", rss_growth);
    ck_assert_msg(rc == PITH_OK || rc == PITH_ELIMIT, "rc %d", rc);
    ck_assert_uint_gt(t.total, 0);
    ck_assert(tail_has(&t, "</html>"));

    /* closed after the 32 MiB: the text after the tag is there */
    {
        tail_sink t2 = {0};
        opt = test_options(PITH_FORMAT_TEXT, 1);
        rc = feed_big(&opt, &ca, &t2, "<p>before</p><div title=\"", gen_fill, &fill, 32ull * MiB,
                      "\">after the long tag</div>", &frc);
        ck_assert_msg(ca.high < HIGH_BOUND, "high-water %zu", ca.high);
        ck_assert_msg(rss_growth < RSS_BOUND_KIB, "peak RSS +%ld KiB", rss_growth);
    ck_assert_msg(rss_growth < RSS_BOUND_KIB, "peak RSS +%ld KiB", rss_growth);
        ck_assert_int_eq(rc, PITH_OK);
        ck_assert(tail_has(&t2, "after the long tag"));
    }
}
END_TEST

/* A tag that never ends (no quote, no '>') and a doctype that never ends. */
START_TEST(test_tag_then_32mib)
{
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    counting_alloc ca;
    tail_sink t = {0};
    char fill = 'a';
    int frc, rc = feed_big(&opt, &ca, &t, "<p>before</p><div ", gen_fill, &fill, 32ull * MiB,
                           ">after</div>", &frc);
    ck_assert_msg(ca.high < HIGH_BOUND, "high-water %zu", ca.high);
    ck_assert_msg(rss_growth < RSS_BOUND_KIB, "peak RSS +%ld KiB", rss_growth);
    ck_assert_int_eq(rc, PITH_OK);
    ck_assert(tail_has(&t, "after"));
    rc = feed_big(&opt, &ca, &t, "<!DOCTYPE ", gen_fill, &fill, 8ull * MiB, "><p>after2</p>", &frc);
    ck_assert_msg(ca.high < HIGH_BOUND, "high-water %zu", ca.high);
    ck_assert_msg(rss_growth < RSS_BOUND_KIB, "peak RSS +%ld KiB", rss_growth);
    ck_assert_msg(rc == PITH_OK || rc == PITH_ELIMIT, "rc %d", rc);
}
END_TEST

/* --- Deep nesting -------------------------------------------------------------------- */

static void gen_nest(char *buf, size_t n, unsigned long long at, void *ud)
{
    const char *tag = ud;
    size_t k = strlen(tag);
    for (size_t i = 0; i < n; i++)
        buf[i] = tag[(at + i) % k];
}

static void check_nesting(const char *open, int fmt)
{
    pith_options opt = test_options(fmt, 1);
    counting_alloc ca;
    tail_sink t = {0};
    int frc, rc;
    unsigned long long n = 100000ull * strlen(open);
    rc = feed_big(&opt, &ca, &t, "<html><body><p>before the nest</p>", gen_nest, (void *)open, n,
                  "text after the nest, deep inside.</body></html>", &frc);
    fprintf(stderr, "limits: 100000 x %s: high-water %zu bytes, rc %d, peak RSS +%ld KiB\n", open,
            ca.high, rc, rss_growth);
    ck_assert_msg(rss_growth < RSS_BOUND_KIB, "peak RSS +%ld KiB", rss_growth);
    ck_assert_int_eq(frc, PITH_OK);
    ck_assert_int_eq(rc, PITH_OK);
    ck_assert_msg(ca.high < HIGH_BOUND, "high-water %zu", ca.high);
    ck_assert_msg(tail_has(&t, "text after the nest, deep inside."), "tail: %.*s", (int)t.ntail, t.tail);
}

START_TEST(test_nested_divs)
{
    check_nesting("<div>", PITH_FORMAT_TEXT);
    check_nesting("<div>", PITH_FORMAT_HTML);
}
END_TEST

START_TEST(test_nested_inline)
{
    check_nesting("<b>", PITH_FORMAT_TEXT);
    check_nesting("<b>", PITH_FORMAT_HTML);
    check_nesting("<ul><li>", PITH_FORMAT_HTML);
}
END_TEST

/* --- Huge text -------------------------------------------------------------------------- */

/* A sink checking that the output, with whitespace removed, is the generated
   text with whitespace removed, in order. */
typedef struct text_check {
    unsigned long long pos;      /* non-space bytes of the text matched so far */
    size_t period;               /* gen_words' text, without spaces */
    char ref[128];
    int bad;
    unsigned long long total, blocks;
} text_check;

static int check_write(void *opaque, const char *buf, size_t len)
{
    text_check *c = opaque;
    c->total += len;
    for (size_t i = 0; i < len && !c->bad; i++) {
        char ch = buf[i];
        if (ch == ' ' || ch == '\n') {
            if (ch == '\n' && i + 1 < len && buf[i + 1] == '\n')
                c->blocks++;
            continue;
        }
        if (ch != c->ref[c->pos % c->period])
            c->bad = 1;
        c->pos++;
    }
    return 0;
}

START_TEST(test_20mb_text_node)
{
    static const char text[] = "the quick brown fox jumps over the lazy dog and runs away. ";
    unsigned long long n = 20ull * 1000 * 1000 / (sizeof text - 1) * (sizeof text - 1);
    unsigned long long nonspace = 0;
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    counting_alloc ca;
    text_check c = {0};
    static char chunk[65536];
    pith_filter *pf;
    long rss0, rss1;
    unsigned long long at = 0;
    for (size_t i = 0; text[i]; i++)
        if (text[i] != ' ')
            c.ref[c.period++] = text[i];
    nonspace = n / (sizeof text - 1) * c.period;
    counting_alloc_use(&ca, &opt);
    rss0 = max_rss_kib();
    ck_assert_int_eq(pith_new(&pf, &opt, check_write, &c), PITH_OK);
    ck_assert_int_eq(pith_feed(pf, "<html><body><p>", 15), PITH_OK);
    while (at < n) {
        size_t k = n - at < sizeof chunk ? (size_t)(n - at) : sizeof chunk;
        gen_words(chunk, k, at, NULL);
        ck_assert_int_eq(pith_feed(pf, chunk, k), PITH_OK);
        at += k;
    }
    ck_assert_int_eq(pith_feed(pf, "</p></body></html>", 18), PITH_OK);
    ck_assert_int_eq(pith_finish(pf), PITH_OK);
    pith_free(pf);
    rss1 = max_rss_kib();
    fprintf(stderr, "limits: 20 MB text node: %llu output bytes in %llu blocks, high-water %zu "
            "bytes, peak RSS +%ld KiB\n", c.total, c.blocks + 1, ca.high, rss1 - rss0);
    ck_assert_msg(!c.bad, "output differs from the text after %llu bytes", c.pos);
    ck_assert_msg(c.pos == nonspace, "%llu of %llu text bytes out", c.pos, nonspace);
    /* cut into blocks of at most max_block */
    ck_assert_uint_ge(c.blocks + 1, n / opt.max_block);
    ck_assert_msg(ca.high < HIGH_BOUND, "high-water %zu", ca.high);
    ck_assert_uint_eq(ca.live, 0);
    /* libxml2 too holds only a little of it (peak RSS grows at most ~64 MB;
       0 where the peak was reached earlier in this process) */
    ck_assert_msg(rss1 - rss0 < 64 * 1024, "peak RSS grew by %ld KiB", rss1 - rss0);
}
END_TEST

/* --- Garbage and limits --------------------------------------------------------------- */

static void gen_random(char *buf, size_t n, unsigned long long at, void *ud)
{
    unsigned long long *state = ud;
    (void)at;
    for (size_t i = 0; i < n; i++) {
        /* xorshift64*, fixed seed */
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        buf[i] = (char)((*state * 2685821657736338717ull) >> 56);
    }
}

static int known_code(int rc)
{
    return rc == PITH_OK || rc == PITH_EINVAL || rc == PITH_ENOMEM || rc == PITH_ELIMIT ||
           rc == PITH_ESINK || rc == PITH_ESTATE || rc == PITH_EDATA;
}

START_TEST(test_binary_garbage)
{
    const int encs[] = { PITH_ENC_AUTO, PITH_ENC_IDENTITY, PITH_ENC_GZIP, PITH_ENC_DEFLATE };
    const int fmts[] = { PITH_FORMAT_HTML, PITH_FORMAT_TEXT, PITH_FORMAT_JSONL, PITH_FORMAT_ANNOTATE };
    for (int e = 0; e < 4; e++) {
        for (int f = 0; f < 4; f++) {
            pith_options opt = test_options(fmts[f], 1);
            counting_alloc ca;
            tail_sink t = {0};
            unsigned long long state = 0x9e3779b97f4a7c15ull + (unsigned)(e * 4 + f);
            int frc, rc;
            opt.encoding = encs[e];
            rc = feed_big(&opt, &ca, &t, e == 2 ? NULL : "<html><body><p>", gen_random, &state,
                          1 * MiB, NULL, &frc);
            ck_assert_msg(known_code(rc) && rc != PITH_ESINK && rc != PITH_ESTATE &&
                          rc != PITH_EINVAL, "encoding %d format %d: rc %d", e, f, rc);
            if (encs[e] == PITH_ENC_GZIP || encs[e] == PITH_ENC_DEFLATE)
                ck_assert_int_eq(rc, PITH_EDATA);
            ck_assert_msg(ca.high < HIGH_BOUND, "high-water %zu", ca.high);
        }
    }
}
END_TEST

/* Random bytes with many '<', '&', quotes and dashes: the tokenizer edges. */
static void gen_markupish(char *buf, size_t n, unsigned long long at, void *ud)
{
    static const char alphabet[] = "<<<>>>//!!--\"\"''&&;;# =abcpdivscriptle\n\xc3\xa9\x80";
    unsigned long long *state = ud;
    gen_random(buf, n, at, ud);
    (void)state;
    for (size_t i = 0; i < n; i++)
        buf[i] = alphabet[(unsigned char)buf[i] % (sizeof alphabet - 1)];
}

START_TEST(test_markup_garbage)
{
    for (int f = 0; f < 2; f++) {
        pith_options opt = test_options(f ? PITH_FORMAT_HTML : PITH_FORMAT_TEXT, 1);
        counting_alloc ca;
        tail_sink t = {0};
        unsigned long long state = 12345 + (unsigned)f;
        int frc, rc = feed_big(&opt, &ca, &t, NULL, gen_markupish, &state, 1 * MiB, NULL, &frc);
        ck_assert_msg(rc == PITH_OK || rc == PITH_ELIMIT, "rc %d", rc);
        ck_assert_msg(ca.high < HIGH_BOUND, "high-water %zu", ca.high);
    }
}
END_TEST

START_TEST(test_max_input)
{
    size_t len, glen;
    const char *page = nzherald(&len);
    char *gz = compress_bytes(page, len, 'g', &glen);
    pith_options opt = test_options(PITH_FORMAT_TEXT, 0);
    pith_filter *pf;
    capture cap = {0};
    result r;
    int rc = PITH_OK;

    opt.max_input = 10000;
    r = run_page(&opt, page, len, 4096);
    ck_assert_int_eq(r.feed_rc, PITH_ELIMIT);
    ck_assert_int_eq(r.finish_rc, PITH_ELIMIT);
    result_free(&r);
    /* decoded bytes count, not compressed ones: the gzip is smaller than the
       limit, the page it holds is not */
    opt.max_input = (unsigned long long)glen + 1000;
    ck_assert_uint_lt(opt.max_input, len);
    r = run_page(&opt, gz, glen, 0);
    ck_assert_int_eq(r.finish_rc, PITH_ELIMIT);
    result_free(&r);
    /* exactly the page's size is allowed */
    opt.max_input = len;
    r = run_page(&opt, page, len, 4096);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    result_free(&r);
    /* sticky */
    opt.max_input = 100;
    ck_assert_int_eq(pith_new(&pf, &opt, capture_sink, &cap), PITH_OK);
    for (size_t off = 0; off < 1000 && rc == PITH_OK; off += 50)
        rc = pith_feed(pf, page + off, 50);
    ck_assert_int_eq(rc, PITH_ELIMIT);
    ck_assert_int_eq(pith_feed(pf, "x", 1), PITH_ELIMIT);
    ck_assert_int_eq(pith_flush(pf), PITH_ELIMIT);
    ck_assert_int_eq(pith_finish(pf), PITH_ELIMIT);
    ck_assert_int_eq(pith_finish(pf), PITH_ELIMIT);
    pith_free(pf);
    capture_free(&cap);
    free(gz);
}
END_TEST

/* max_input reads the page up to the limit, then ends it there, however the
   input was split: the output is that of the page cut at the limit. */
START_TEST(test_max_input_split)
{
    static const size_t chunks[] = { 0, 1, 1000, 4096 };
    size_t len, glen, limit;
    const char *page = nzherald(&len);
    char *gz = compress_bytes(page, len, 'g', &glen);
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    result want;

    limit = len * 3 / 4;
    want = run_page(&opt, page, limit, 0);
    ck_assert_int_eq(want.finish_rc, PITH_OK);
    ck_assert(has_str(want.out, want.len, "A new book by the journalist Bob Woodward"));
    opt.max_input = limit;
    for (int g = 0; g < 2; g++) {
        const char *in = g ? gz : page;
        size_t n = g ? glen : len;
        for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
            result r = run_page(&opt, in, n, chunks[i]);
            ck_assert_int_eq(r.finish_rc, PITH_ELIMIT);
            ck_assert_msg(r.len == want.len && !memcmp(r.out, want.out, r.len),
                          "%s, %zu-byte feeds: output differs (%zu vs %zu bytes)",
                          g ? "gzip" : "identity", chunks[i], r.len, want.len);
            result_free(&r);
        }
        for (size_t split = 0; split <= n; split += n / 9) {
            result r = run_split(&opt, in, n, split);
            ck_assert_int_eq(r.finish_rc, PITH_ELIMIT);
            ck_assert_msg(r.len == want.len && !memcmp(r.out, want.out, r.len),
                          "%s, split at %zu: output differs (%zu vs %zu bytes)",
                          g ? "gzip" : "identity", split, r.len, want.len);
            result_free(&r);
        }
    }
    result_free(&want);
    free(gz);
}
END_TEST

/* max_pending: a parser that waits for a terminator past the bound stops
   with PITH_ELIMIT instead of holding the bytes. */
START_TEST(test_small_limits_hold)
{
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    counting_alloc ca;
    tail_sink t = {0};
    char fill = 'w';
    int frc, rc;
    /* small caps everywhere: memory stays small on the reference page too */
    opt.max_block = 1024;
    opt.max_lookahead = 8192;
    opt.max_tag = 1024;
    opt.max_depth = 16;
    opt.max_pending = 16384;
    opt.lookahead = 4;
    {
        size_t len;
        const char *page = nzherald(&len);
        counting_alloc_use(&ca, &opt);
        result r = run_page(&opt, page, len, 4096);
        ck_assert_int_eq(r.finish_rc, PITH_OK);
        ck_assert(has_str(r.out, r.len, "Watergate"));
        fprintf(stderr, "limits: reference page with small caps: high-water %zu bytes\n", ca.high);
        ck_assert_uint_lt(ca.high, 256 * 1024);
        result_free(&r);
    }
    /* one word of 1 MB with no space or tag: no break is safe, the parser
       holds it; past max_pending that is PITH_ELIMIT, never unbounded */
    rc = feed_big(&opt, &ca, &t, "<p>", gen_fill, &fill, 1 * MiB, "</p>", &frc);
    ck_assert_msg(rc == PITH_OK || rc == PITH_ELIMIT, "rc %d", rc);
    ck_assert_uint_lt(ca.high, 256 * 1024);
}
END_TEST

/* A page whose markup fills a block before its text does: links with long
   URLs (1 to 2 KB, '&' and '"' in them: six bytes each in the markup), long
   image URLs, line breaks, then the story.  The block's markup is cut or
   loses a link's URL or an image, never the page: every format, with the
   default caps and with small ones (where one escaped URL is larger than a
   block's markup may be). */
static char *markup_heavy_page(unsigned seed, int img)
{
    size_t cap = 1 << 20, n = 0;
    char *p = malloc(cap);
    unsigned x = seed * 2654435761u + 1;
    const char *story = "<article><p>The council met on Tuesday to discuss the new bridge over "
                        "the river, after two years of hearings and studies.</p></article>";
    ck_assert_ptr_nonnull(p);
    n += (size_t)sprintf(p + n, "<html><body><nav>");
    while (n + 8192 < cap - 1024) {
        size_t len = 1000 + (x >> 8) % 1048;
        x = x * 1103515245u + 12345;
        n += (size_t)sprintf(p + n, img && x % 3 == 0 ? "<img src=\"https://i.example/" :
                                                     "<a href=\"https://www.example/r?");
        for (size_t i = 0; i < len; i++)
            p[n++] = "ab&c&d=e&&f\"gh<1"[(x >> (i % 24)) % 15 + (i % 2)];
        x = x * 1103515245u + 12345;
        n += (size_t)sprintf(p + n, img && x % 3 == 1 ? "\">x<br>" : "\">Section %u</a> ",
                             x % 1000);
        if (img && x % 3 == 1)
            n += (size_t)sprintf(p + n, "</a>");
    }
    n += (size_t)sprintf(p + n, "</nav>%s</body></html>", story);
    p[n] = '\0';
    return p;
}

START_TEST(test_markup_heavy_blocks)
{
    for (unsigned seed = 0; seed < 12; seed++) {
        char *page = markup_heavy_page(seed, seed % 2);
        for (int format = PITH_FORMAT_HTML; format <= PITH_FORMAT_ANNOTATE; format++) {
            pith_options opt = test_options(format, 1);
            result r;
            if (seed % 3 == 2) {
                opt.max_block = 1024;
                opt.max_lookahead = 8192;
            }
            r = run_str(&opt, page);
            ck_assert_msg(r.finish_rc == PITH_OK && r.feed_rc == PITH_OK,
                          "seed %u format %d: feed %d finish %d", seed, format, r.feed_rc,
                          r.finish_rc);
            ck_assert_msg(has_str(r.out, r.len, "discuss the new bridge"), "seed %u format %d",
                          seed, format);
            result_free(&r);
        }
        free(page);
    }
}
END_TEST

Suite *make_limits_suite(void)
{
    Suite *s = suite_create("limits");
    TCase *tc;

    tc = tcase_create("Unterminated");
    tcase_add_test(tc, test_comment_then_32mib);
    tcase_add_test(tc, test_comment_then_32mib_of_markup);
    tcase_add_test(tc, test_attribute_then_32mib);
    tcase_add_test(tc, test_tag_then_32mib);
    tcase_add_test(tc, test_long_tags_32mib);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);

    tc = tcase_create("Nesting");
    tcase_add_test(tc, test_nested_divs);
    tcase_add_test(tc, test_nested_inline);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);

    tc = tcase_create("Text");
    tcase_add_test(tc, test_20mb_text_node);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);

    tc = tcase_create("Garbage");
    tcase_add_test(tc, test_binary_garbage);
    tcase_add_test(tc, test_markup_garbage);
    tcase_add_test(tc, test_max_input);
    tcase_add_test(tc, test_max_input_split);
    tcase_add_test(tc, test_small_limits_hold);
    tcase_add_test(tc, test_markup_heavy_blocks);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(make_limits_suite)
