/* check_stream.c -- output does not depend on how the input is split, and it
 * comes out while the input is still arriving.
 *
 * Split invariance: for each page and format, the page fed as two pieces cut
 * at an offset gives the bytes of one feed, and so does the page fed in
 * small pieces.  The offsets are the ones that matter, not all of them:
 *   - the reference page: every offset in a window around the first few
 *     (and a seeded sample of the other) doctype, comment starts and ends,
 *     script and style tags and their ends, entities, UTF-8 sequences,
 *     start and end tags, attribute values, title and headline; plus every
 *     STRIDE-th offset and a seeded random sample;
 *   - its gzip: every offset of the header and first bytes of the deflate
 *     stream and of the trailer, every GZ_STRIDE-th, and a random sample;
 *   - a small page dense in multibyte text, entities and markup edges: every
 *     offset.
 * PITH_SLOW_TESTS=1 sweeps every offset of the reference page and its gzip
 * instead (134,000 splits: about half an hour); PITH_TEST_SEED=N changes the
 * random sample.
 * Streaming: a long real page fed in 4 KiB pieces has written at least half
 * of its output before its last piece is fed.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_pith.h"

#define WINDOW 2        /* offsets either side of a feature, and inside it */
#define FIRST 1         /* features of each kind taken from the start ... */
#define SAMPLED 1       /* ... and at random from the rest */
#define STRIDE 4999     /* every STRIDE-th offset of the reference page */
#define GZ_HEAD 32      /* every offset of the gzip's first bytes */
#define GZ_TAIL 16      /* ... and of its last (the trailer) */
#define GZ_STRIDE 1999
#define RANDOM 32       /* random offsets per page */

enum { P_REF, P_GZIP, P_DENSE, NPAGES };
enum { F_TEXT, F_HTML, NFMTS };
static const int formats[NFMTS] = { PITH_FORMAT_TEXT, PITH_FORMAT_HTML };
static const char *const page_names[NPAGES] = { "nzherald.html", "nzherald.html.gz", "dense" };

static struct {
    char *bytes;
    size_t len;
    result want[NFMTS];     /* one feed */
} pages[NPAGES];

/* Markup edges: a split inside "<!DOCT|YPE", a tag name, an attribute, an
   entity, a UTF-8 sequence, a comment end, "</scr|ipt>", "<br>", CDATA-ish
   text, all near each other. */
static const char dense_page[] =
    "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
    "<title>Caf\xc3\xa9 &amp; cr\xc3\xa8me \xe2\x80\x94 l\xe2\x80\x99\xc3\xa9t\xc3\xa9</title>"
    "<style>p{color:red}</style><script>var s = \"</div>\"; if (a < b) {}</script></head>"
    "<body><!-- comment \xe2\x82\xac --><header><nav><ul><li><a href=\"/a?x=1&amp;y=2\">Accueil</a></li>"
    "<li><a href=\"/b\">Monde</a></li></ul></nav></header>"
    "<article><h1>Le caf\xc3\xa9 na\xc3\xafve &eacute;t&eacute; &#233;&#x E9; &#x1F600; \xf0\x9f\x98\x80</h1>"
    "<p>Premi\xc3\xa8re phrase avec des <em>accents</em> \xc3\xa0 la fran\xc3\xa7" "aise, des guillemets "
    "\xc2\xab ainsi \xc2\xbb et des espaces&nbsp;ins\xc3\xa9" "cables. Deuxi\xc3\xa8me phrase : "
    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe6\x96\x87\xe3\x80\x82 \xd0\x9f\xd1\x80\xd0\xb8"
    "\xd0\xb2\xd0\xb5\xd1\x82 \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 &lt;tag&gt; &quot;q&quot; "
    "&copy; &hellip; &mdash; &euro;.</p>"
    "<p>Ligne<br>suivante<br><br>paragraphe <a href=\"/lien\" title=\"t\xc3\xa9l\xc3\xa9\">lien "
    "\xc3\xa9tendu</a> <img src=\"/i.png\" alt=\"\xc3\xa9\xc3\xa9\"> <b>gras</b> <code>x &lt; y</code>"
    ".</p><pre>  pr\xc3\xa9\n    format\xc3\xa9</pre>"
    "<ul><li>un \xe2\x82\xac</li><li>deux \xc2\xa3</li></ul>"
    "<table><tr><td>cellule \xc3\xa9</td><td>&#8364;</td></tr></table>"
    "<p>Une longue phrase \xc3\xa0 la fin de l\xe2\x80\x99" "article, avec assez de mots pour "
    "ressembler \xc3\xa0 un vrai paragraphe d\xe2\x80\x99histoire, et une virgule, puis un point.</p>"
    "</article><footer><p>\xc2\xa9 2026 Journal</p></footer></body></html>\n";

/* The offsets at which each page is split, sorted, without repeats. */
static struct {
    size_t *at;
    size_t n, cap;
} splits[NPAGES];

static unsigned long long seed = 20261201;

static size_t rnd(size_t n)
{
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return n ? (size_t)((seed >> 33) % n) : 0;
}

static void add_split(int p, size_t off)
{
    if (off > pages[p].len)
        off = pages[p].len;
    if (splits[p].n == splits[p].cap) {
        splits[p].cap = splits[p].cap ? 2 * splits[p].cap : 256;
        splits[p].at = realloc(splits[p].at, splits[p].cap * sizeof *splits[p].at);
        if (splits[p].at == NULL)
            abort();           /* suite set-up: no test is running to fail */
    }
    splits[p].at[splits[p].n++] = off;
}

static void add_range(int p, size_t from, size_t to)
{
    for (size_t off = from; off <= to && off <= pages[p].len; off++)
        add_split(p, off);
}

/* Every offset from WINDOW before to WINDOW after the feature at off. */
static void add_window(int p, size_t off, size_t len)
{
    add_range(p, off > WINDOW ? off - WINDOW : 0, off + len + WINDOW);
}

/* Windows around the first FIRST occurrences of needle and SAMPLED others. */
static void add_feature(int p, const char *needle)
{
    const char *b = pages[p].bytes, *end = b + pages[p].len, *q = b;
    size_t n = strlen(needle), found = 0, *rest = NULL, nrest = 0;
    while ((q = memmem(q, (size_t)(end - q), needle, n)) != NULL) {
        if (found++ < FIRST) {
            add_window(p, (size_t)(q - b), n);
        } else {
            rest = realloc(rest, (nrest + 1) * sizeof *rest);
            if (rest == NULL)
                abort();
            rest[nrest++] = (size_t)(q - b);
        }
        q += n;
    }
    for (int k = 0; k < SAMPLED && nrest; k++)
        add_window(p, rest[rnd(nrest)], n);
    free(rest);
}

/* The first bytes of UTF-8 sequences of two, three and four bytes. */
static void add_utf8(int p)
{
    const unsigned char *b = (const unsigned char *)pages[p].bytes;
    int seen[3] = {0, 0, 0};
    for (size_t i = 0; i < pages[p].len; i++) {
        int k = b[i] >= 0xf0 ? 2 : b[i] >= 0xe0 ? 1 : b[i] >= 0xc0 ? 0 : -1;
        if (k >= 0 && seen[k]++ < FIRST)
            add_window(p, i, (size_t)k + 2);
    }
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static void sort_splits(int p)
{
    size_t n = 0;
    qsort(splits[p].at, splits[p].n, sizeof *splits[p].at, cmp_size);
    for (size_t i = 0; i < splits[p].n; i++)
        if (n == 0 || splits[p].at[i] != splits[p].at[n - 1])
            splits[p].at[n++] = splits[p].at[i];
    splits[p].n = n;
}

static void plan_splits(void)
{
    static const char *const features[] = {
        "<!DOCTYPE", "<!--", "-->", "<script", "</script>", "<style", "</style>", "&",
        "<title>", "</title>", "<meta ", "<h1", "</h1>", "<p", "</p>", "<a ", "</a>", "=\"",
        "<svg", "</svg>", "<noscript", "<img ", "<li", NULL
    };
    const char *env = getenv("PITH_SLOW_TESTS"), *sd = getenv("PITH_TEST_SEED");
    int slow = env && *env && strcmp(env, "0");
    if (sd && *sd)
        seed = strtoull(sd, NULL, 10);
    if (slow) {
        add_range(P_REF, 0, pages[P_REF].len);
        add_range(P_GZIP, 0, pages[P_GZIP].len);
    } else {
        for (int i = 0; features[i]; i++)
            add_feature(P_REF, features[i]);
        add_utf8(P_REF);
        for (size_t off = 0; off <= pages[P_REF].len; off += STRIDE)
            add_split(P_REF, off);
        add_range(P_GZIP, 0, GZ_HEAD);
        add_range(P_GZIP, pages[P_GZIP].len - GZ_TAIL, pages[P_GZIP].len);
        for (size_t off = 0; off <= pages[P_GZIP].len; off += GZ_STRIDE)
            add_split(P_GZIP, off);
        for (int k = 0; k < RANDOM; k++) {
            add_split(P_REF, rnd(pages[P_REF].len + 1));
            add_split(P_GZIP, rnd(pages[P_GZIP].len + 1));
        }
    }
    add_range(P_DENSE, 0, pages[P_DENSE].len);
    for (int p = 0; p < NPAGES; p++)
        sort_splits(p);
}

static size_t nsplits(int p)
{
    return splits[p].n;
}

static size_t split_at(int p, size_t i)
{
    return splits[p].at[i];
}

/* text keeps the story (so the labels must not depend on the split either),
   html every label (so that every block's markup is compared). */
static pith_options stream_options(int fmt)
{
    return test_options(formats[fmt], fmt == F_HTML);
}

/* Builds the pages (once per process: also for the loop counts). */
static void make_pages(void)
{
    size_t len;
    const char *ref;
    if (pages[P_REF].bytes)
        return;
    ref = nzherald(&len);
    pages[P_REF].bytes = malloc(len);
    memcpy(pages[P_REF].bytes, ref, len);
    pages[P_REF].len = len;
    pages[P_GZIP].bytes = compress_bytes(ref, len, 'g', &pages[P_GZIP].len);
    pages[P_DENSE].len = sizeof dense_page - 1;
    pages[P_DENSE].bytes = malloc(pages[P_DENSE].len);
    memcpy(pages[P_DENSE].bytes, dense_page, pages[P_DENSE].len);
    plan_splits();
}

/* Unchecked fixture: the one-feed outputs, computed once per test case. */
static void setup_want(void)
{
    make_pages();
    for (int p = 0; p < NPAGES; p++)
        for (int f = 0; f < NFMTS; f++) {
            pith_options opt = stream_options(f);
            if (pages[p].want[f].out)
                continue;
            pages[p].want[f] = run_page(&opt, pages[p].bytes, pages[p].len, 0);
            ck_assert_int_eq(pages[p].want[f].finish_rc, PITH_OK);
            ck_assert_uint_gt(pages[p].want[f].len, f == F_HTML || p != P_DENSE ? 1000 : 0);
        }
}

static void teardown_want(void)
{
    for (int p = 0; p < NPAGES; p++)
        for (int f = 0; f < NFMTS; f++)
            result_free(&pages[p].want[f]);
}

static void assert_same(int p, int f, const result *got, const char *how)
{
    const result *want = &pages[p].want[f];
    size_t i = 0;
    if (got->len == want->len && !memcmp(got->out, want->out, got->len))
        return;
    while (i < got->len && i < want->len && got->out[i] == want->out[i])
        i++;
    ck_abort_msg("%s, %s, %s: output differs at byte %zu (%zu vs %zu bytes): '%.60s' vs '%.60s'",
                 page_names[p], formats[f] == PITH_FORMAT_TEXT ? "text" : "html", how, i,
                 got->len, want->len, got->out + i, want->out + i);
}

static void check_split(int p, size_t i)
{
    size_t split = split_at(p, i);
    char how[48];
    snprintf(how, sizeof how, "split at %zu", split);
    for (int f = 0; f < NFMTS; f++) {
        pith_options opt = stream_options(f);
        result r = run_split(&opt, pages[p].bytes, pages[p].len, split);
        ck_assert_int_eq(r.finish_rc, PITH_OK);
        assert_same(p, f, &r, how);
        result_free(&r);
    }
}

START_TEST(test_split_reference) { check_split(P_REF, (size_t)_i); }
END_TEST
START_TEST(test_split_gzip) { check_split(P_GZIP, (size_t)_i); }
END_TEST
START_TEST(test_split_dense) { check_split(P_DENSE, (size_t)_i); }
END_TEST

/* One byte at a time, and a few other regular chunk sizes. */
START_TEST(test_small_feeds)
{
    static const size_t chunks[] = { 1, 2, 3, 7, 100, 4096 };
    for (int p = 0; p < NPAGES; p++)
        for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++)
            for (int f = 0; f < NFMTS; f++) {
                pith_options opt = stream_options(f);
                char how[32];
                result r;
                if (chunks[c] <= 3 && p != P_DENSE && f != F_TEXT)
                    continue;          /* the big pages byte by byte: one format is enough */
                r = run_page(&opt, pages[p].bytes, pages[p].len, chunks[c]);
                snprintf(how, sizeof how, "%zu-byte feeds", chunks[c]);
                ck_assert_int_eq(r.finish_rc, PITH_OK);
                assert_same(p, f, &r, how);
                result_free(&r);
            }
}
END_TEST

/* Three pieces at every pair of offsets of the dense page (a sample). */
START_TEST(test_three_pieces_dense)
{
    const char *b = pages[P_DENSE].bytes;
    size_t len = pages[P_DENSE].len;
    for (size_t a = 0; a < len; a += 13)
        for (size_t c = a; c < len; c += 29) {
            for (int f = 0; f < NFMTS; f++) {
                pith_options opt = stream_options(f);
                capture cap = {0};
                pith_filter *pf;
                result r;
                char how[64];
                ck_assert_int_eq(pith_new(&pf, &opt, capture_sink, &cap), PITH_OK);
                ck_assert_int_eq(pith_feed(pf, b, a), PITH_OK);
                ck_assert_int_eq(pith_feed(pf, b + a, c - a), PITH_OK);
                ck_assert_int_eq(pith_feed(pf, b + c, len - c), PITH_OK);
                ck_assert_int_eq(pith_finish(pf), PITH_OK);
                pith_free(pf);
                r.out = cap.data, r.len = cap.len;
                snprintf(how, sizeof how, "pieces at %zu and %zu", a, c);
                assert_same(P_DENSE, f, &r, how);
                capture_free(&cap);
            }
        }
}
END_TEST

/* The jsonl offsets do not depend on the split either.  A page where the
   bytes the parser sees differ from the input's at every few bytes (each
   script's content and each comment are kept from the parser), so that
   what the parser holds unparsed spans many such places: the map from
   parser positions back to input offsets must still answer exactly. */
START_TEST(test_offsets_split)
{
    static const size_t chunks[] = { 1, 7, 100, 4096 };
    static const char unit[] =
        "<script>var x = 1;</script><!-- a comment --><p>One more sentence of the story, "
        "long enough to be a paragraph of its own.</p>\n";
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    size_t n = 400 * (sizeof unit - 1) + 64, len = 0;
    char *page = malloc(n);
    result want, got;
    ck_assert_ptr_nonnull(page);
    len += (size_t)sprintf(page, "<html><body>");
    for (int i = 0; i < 400; i++)
        memcpy(page + len, unit, sizeof unit - 1), len += sizeof unit - 1;
    want = run_page(&opt, page, len, 0);
    ck_assert_int_eq(want.finish_rc, PITH_OK);
    ck_assert_ptr_nonnull(strstr(want.out, "\"offset\":"));
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        got = run_page(&opt, page, len, chunks[c]);
        ck_assert_int_eq(got.finish_rc, PITH_OK);
        ck_assert_msg(got.len == want.len && !memcmp(got.out, want.out, got.len),
                      "%zu-byte feeds: jsonl differs", chunks[c]);
        result_free(&got);
    }
    result_free(&want);
    free(page);
}
END_TEST

/* Inputs the fuzzer (tests/fuzz) found split-dependent, minimised.  An end
   tag cut by a '<' ("</html<>"): libxml2 reads it to the first '>', and the
   bytes the parser was given must end it at the same place whatever the
   split.  With no charset given, at least the first 1024 bytes are held
   for the charset sniffing and reach the parser in one piece, so the split
   that matters comes after them (the padded page, whose body begins at
   once); with one given, any split. */
START_TEST(test_split_fuzz_findings)
{
    static const struct { const char *html; int pad; } cases[] = {
        { "></html<>\na", 0 },
        { "<p>a</html<b>\nc", 0 },
        { "></html<>\na", 1 },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
        char *page;
        size_t len;
        result one;
        if (cases[c].pad) {
            char words[1251];
            for (int i = 0; i < 250; i++)
                memcpy(words + 5 * i, "word ", 5);
            words[1250] = '\0';
            page = str_printf("<p>%s</p>%s", words, cases[c].html);
        } else {
            page = str_printf("%s", cases[c].html);
            opt.charset = "utf-8";
        }
        len = strlen(page);
        one = run_page(&opt, page, len, 0);
        ck_assert_int_eq(one.finish_rc, PITH_OK);
        for (size_t split = 0; split <= len; split++) {
            result r = run_split(&opt, page, len, split);
            ck_assert_msg(r.len == one.len && !memcmp(r.out, one.out, r.len),
                          "case %zu, split at %zu: '%s' vs '%s'", c, split, r.out, one.out);
            result_free(&r);
        }
        result_free(&one);
        free(page);
    }
}
END_TEST

/* --- Streaming ------------------------------------------------------------------------- */

/* Feeds in 4 KiB pieces; returns the fraction of the output written before
   the last piece was fed, and in *half_at the fraction of the input fed when
   half of the output was out. */
static double fraction_before_last(const pith_options *opt, const char *bytes, size_t len,
                                   size_t *total, double *half_at)
{
    capture cap = {0};
    pith_filter *pf;
    size_t off = 0, before_last = 0, npieces = len / 4096 + 1, i = 0;
    size_t *out_after = calloc(npieces, sizeof *out_after);
    ck_assert_int_eq(pith_new(&pf, opt, capture_sink, &cap), PITH_OK);
    while (off < len) {
        size_t k = len - off < 4096 ? len - off : 4096;
        if (off + k == len)
            before_last = cap.len;
        ck_assert_int_eq(pith_feed(pf, bytes + off, k), PITH_OK);
        off += k;
        out_after[i++] = cap.len;
    }
    ck_assert_int_eq(pith_finish(pf), PITH_OK);
    pith_free(pf);
    *total = cap.len;
    *half_at = 1.0;
    for (size_t j = 0; j < i; j++)
        if (2 * out_after[j] >= cap.len) {
            *half_at = (double)((j + 1) * 4096 < len ? (j + 1) * 4096 : len) / (double)len;
            break;
        }
    free(out_after);
    capture_free(&cap);
    return *total ? (double)before_last / (double)*total : 0.0;
}

/* The reference page with its article body repeated to about 1 MB. */
static char *long_page(size_t *outlen)
{
    size_t len;
    const char *page = nzherald(&len);
    const char *a = strstr(page, "<p class=\"article__intro\">");
    const char *b = strstr(page, "<div class=\"article__credits\"");
    size_t body, reps, n = 0;
    char *out;
    ck_assert(a && b && b > a);
    body = (size_t)(b - a);
    reps = (1 << 20) / body + 1;
    out = malloc(len + reps * body);
    memcpy(out, page, (size_t)(b - page));
    n = (size_t)(b - page);
    for (size_t i = 1; i < reps; i++) {
        memcpy(out + n, a, body);
        n += body;
    }
    memcpy(out + n, b, len - (size_t)(b - page));
    n += len - (size_t)(b - page);
    *outlen = n;
    return out;
}

START_TEST(test_streaming_half_before_end)
{
    static const char *const fmt_names[] = { "text", "html" };
    size_t len, glen, llen, total;
    const char *page = nzherald(&len);
    char *gz = compress_bytes(page, len, 'g', &glen);
    char *big = long_page(&llen);
    for (int f = 0; f < NFMTS; f++) {
        pith_options opt = test_options(formats[f], 0);     /* the default: the story */
        const struct { const char *name; const char *b; size_t n; double min; } runs[] = {
            { "nzherald.html", page, len, 0.5 },
            { "nzherald.html.gz", gz, glen, 0.5 },
            { "nzherald.html, article body repeated", big, llen, 0.9 },
        };
        for (int r = 0; r < 3; r++) {
            double half_at, fr = fraction_before_last(&opt, runs[r].b, runs[r].n, &total, &half_at);
            fprintf(stderr, "stream: %s (%zu bytes) in 4 KiB pieces, %s: %.1f%% of %zu output "
                    "bytes written before the last piece; half of it by %.0f%% of the input\n",
                    runs[r].name, runs[r].n, fmt_names[f], 100 * fr, total, 100 * half_at);
            ck_assert_msg(fr >= runs[r].min, "%s, %s: only %.1f%% written before the last piece",
                          runs[r].name, fmt_names[f], 100 * fr);
        }
    }
    free(gz);
    free(big);
}
END_TEST

/* Output grows along the page: after each quarter of the long page, the
   story of that quarter is out (no block waits for the end). */
START_TEST(test_streaming_progress)
{
    size_t llen, off = 0, quarter;
    char *big = long_page(&llen);
    pith_options opt = stream_options(F_TEXT);
    capture cap = {0};
    pith_filter *pf;
    size_t last = 0;
    quarter = llen / 4;
    ck_assert_int_eq(pith_new(&pf, &opt, capture_sink, &cap), PITH_OK);
    for (int q = 1; q <= 3; q++) {
        for (; off < (size_t)q * quarter; off += 4096)
            ck_assert_int_eq(pith_feed(pf, big + off, 4096), PITH_OK);
        ck_assert_msg(cap.len > last + 50000, "quarter %d: %zu output bytes, %zu before", q,
                      cap.len, last);
        last = cap.len;
    }
    ck_assert_int_eq(pith_feed(pf, big + off, llen - off), PITH_OK);
    ck_assert_int_eq(pith_finish(pf), PITH_OK);
    pith_free(pf);
    capture_free(&cap);
    free(big);
}
END_TEST

Suite *make_stream_suite(void)
{
    Suite *s = suite_create("stream");
    TCase *tc;

    make_pages();
    fprintf(stderr, "stream: split offsets: %zu of nzherald.html, %zu of its gzip, %zu of the dense "
            "page%s\n", nsplits(P_REF), nsplits(P_GZIP), nsplits(P_DENSE),
            nsplits(P_REF) > pages[P_REF].len ? " (every offset: PITH_SLOW_TESTS)" : "");
    tc = tcase_create("Split");
    tcase_add_unchecked_fixture(tc, setup_want, teardown_want);
    tcase_add_loop_test(tc, test_split_dense, 0, (int)nsplits(P_DENSE));
    tcase_add_loop_test(tc, test_split_reference, 0, (int)nsplits(P_REF));
    tcase_add_loop_test(tc, test_split_gzip, 0, (int)nsplits(P_GZIP));
    tcase_add_test(tc, test_small_feeds);
    tcase_add_test(tc, test_three_pieces_dense);
    tcase_add_test(tc, test_split_fuzz_findings);
    tcase_add_test(tc, test_offsets_split);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);

    tc = tcase_create("Streaming");
    tcase_add_test(tc, test_streaming_half_before_end);
    tcase_add_test(tc, test_streaming_progress);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(make_stream_suite)
