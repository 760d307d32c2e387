/* check_decode.c -- stage 1: content encodings (gzip, deflate) and charsets.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "check_pith.h"

/* The reference page as text with every label: what every encoding of it
   must give. */
static result plain_run(int encoding, const char *bytes, size_t len, size_t chunk)
{
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    opt.encoding = encoding;
    return run_page(&opt, bytes, len, chunk);
}

static void assert_same(const result *a, const result *b, const char *what)
{
    ck_assert_msg(a->len == b->len && memcmp(a->out, b->out, a->len) == 0,
                  "%s: output differs (%zu vs %zu bytes)", what, a->len, b->len);
}

/* --- Encodings ---------------------------------------------------------------- */

START_TEST(test_gzip)
{
    size_t len, glen;
    const char *page = nzherald(&len);
    char *gz = compress_bytes(page, len, 'g', &glen);
    result want = plain_run(PITH_ENC_IDENTITY, page, len, 0), got;
    ck_assert_int_eq(want.finish_rc, PITH_OK);
    ck_assert(has_str(want.out, want.len, "rose to fame with his Watergate reporting"));

    got = plain_run(PITH_ENC_GZIP, gz, glen, 0);
    ck_assert_int_eq(got.finish_rc, PITH_OK);
    assert_same(&want, &got, "gzip");
    result_free(&got);

    got = plain_run(PITH_ENC_AUTO, gz, glen, 0);          /* auto-detected */
    ck_assert_int_eq(got.finish_rc, PITH_OK);
    assert_same(&want, &got, "gzip, auto");
    result_free(&got);

    got = plain_run(PITH_ENC_AUTO, gz, glen, 1);          /* magic split too */
    ck_assert_int_eq(got.finish_rc, PITH_OK);
    assert_same(&want, &got, "gzip, auto, 1-byte feeds");
    result_free(&got);

    got = plain_run(PITH_ENC_AUTO, page, len, 0);         /* auto, plain */
    assert_same(&want, &got, "identity, auto");
    result_free(&got);
    result_free(&want);
    free(gz);
}
END_TEST

START_TEST(test_gzip_multi_member)
{
    size_t len, n1, n2, n3;
    const char *page = nzherald(&len);
    size_t a = len / 3, b = 2 * len / 3 + 17;
    char *g1 = compress_bytes(page, a, 'g', &n1);
    char *g2 = compress_bytes(page + a, b - a, 'g', &n2);
    char *g3 = compress_bytes(page + b, len - b, 'g', &n3);
    char *all = malloc(n1 + n2 + n3);
    result want = plain_run(PITH_ENC_IDENTITY, page, len, 0), got;
    memcpy(all, g1, n1);
    memcpy(all + n1, g2, n2);
    memcpy(all + n1 + n2, g3, n3);
    got = plain_run(PITH_ENC_AUTO, all, n1 + n2 + n3, 0);
    ck_assert_int_eq(got.finish_rc, PITH_OK);
    assert_same(&want, &got, "three gzip members");
    result_free(&got);
    got = plain_run(PITH_ENC_GZIP, all, n1 + n2 + n3, 1000);
    ck_assert_int_eq(got.finish_rc, PITH_OK);
    assert_same(&want, &got, "three gzip members, 1000-byte feeds");
    result_free(&got);
    /* the second member cut short: the first is kept, the end is an error */
    got = plain_run(PITH_ENC_GZIP, all, n1 + n2 / 2, 0);
    ck_assert_int_eq(got.finish_rc, PITH_EDATA);
    result_free(&got);
    result_free(&want);
    free(g1), free(g2), free(g3), free(all);
}
END_TEST

START_TEST(test_deflate_zlib_and_raw)
{
    size_t len, zlen, rlen;
    const char *page = nzherald(&len);
    char *z = compress_bytes(page, len, 'z', &zlen);
    char *r = compress_bytes(page, len, 'r', &rlen);
    result want = plain_run(PITH_ENC_IDENTITY, page, len, 0), got;

    got = plain_run(PITH_ENC_DEFLATE, z, zlen, 0);
    ck_assert_int_eq(got.finish_rc, PITH_OK);
    assert_same(&want, &got, "deflate (zlib)");
    result_free(&got);
    got = plain_run(PITH_ENC_DEFLATE, z, zlen, 1);
    ck_assert_int_eq(got.finish_rc, PITH_OK);
    assert_same(&want, &got, "deflate (zlib), 1-byte feeds");
    result_free(&got);

    got = plain_run(PITH_ENC_DEFLATE, r, rlen, 0);
    ck_assert_int_eq(got.finish_rc, PITH_OK);
    assert_same(&want, &got, "deflate (raw)");
    result_free(&got);
    got = plain_run(PITH_ENC_DEFLATE, r, rlen, 1);
    ck_assert_int_eq(got.finish_rc, PITH_OK);
    assert_same(&want, &got, "deflate (raw), 1-byte feeds");
    result_free(&got);

    /* a zlib stream is not gzip: auto reads it as it is (no magic) */
    got = plain_run(PITH_ENC_AUTO, z, zlen, 0);
    ck_assert(!has_str(got.out, got.len, "Watergate"));
    result_free(&got);
    result_free(&want);
    free(z), free(r);
}
END_TEST

/* Inflates a (possibly cut) gzip stream as far as it goes. */
static char *inflate_prefix(const char *gz, size_t n, size_t cap, size_t *outlen)
{
    z_stream z;
    char *out = malloc(cap);
    memset(&z, 0, sizeof z);
    ck_assert_int_eq(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = (Bytef *)gz;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    inflate(&z, Z_SYNC_FLUSH);
    *outlen = cap - z.avail_out;
    inflateEnd(&z);
    return out;
}

START_TEST(test_gzip_truncated)
{
    static const char *const early[] = {
        "A new book by the journalist Bob Woodward",
        "rare Abbott Point of Care test machines",
        "rose to fame with his Watergate reporting",
    };
    size_t len, glen, dlen;
    const char *page = nzherald(&len);
    char *gz = compress_bytes(page, len, 'g', &glen);
    const char *last = NULL;
    size_t cut, need;
    char *dec = NULL;
    const int encs[] = { PITH_ENC_AUTO, PITH_ENC_GZIP };

    /* the first cut of the compressed bytes that decodes 8 KiB past the
       last phrase */
    for (size_t i = 0; i < sizeof early / sizeof early[0]; i++) {
        const char *p = memmem(page, len, early[i], strlen(early[i]));
        ck_assert_ptr_nonnull(p);
        if (p > last)
            last = p;
    }
    need = (size_t)(last - page) + 8192;
    ck_assert_uint_lt(need, len);
    for (cut = glen / 4;; cut += 64) {
        free(dec);
        dec = inflate_prefix(gz, cut, len, &dlen);
        if (dlen >= need)
            break;
    }
    ck_assert_uint_lt(dlen, len);
    ck_assert_uint_lt(cut + 64, glen);
    for (size_t i = 0; i < sizeof early / sizeof early[0]; i++) {
        const char *p = memmem(dec, dlen, early[i], strlen(early[i]));
        ck_assert_msg(p && (size_t)(p - dec) + 4096 < dlen, "set-up: '%s' not before the cut",
                      early[i]);
    }
    for (int e = 0; e < 2; e++) {
        for (size_t chunk = 0; chunk <= 4096; chunk += 4096) {
            pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
            result r;
            opt.encoding = encs[e];
            r = run_page(&opt, gz, cut, chunk);
            ck_assert_int_eq(r.feed_rc, PITH_OK);       /* nothing wrong until the end */
            ck_assert_int_eq(r.finish_rc, PITH_EDATA);
            for (size_t i = 0; i < sizeof early / sizeof early[0]; i++)
                ck_assert_msg(has_str(r.out, r.len, early[i]), "'%s' lost", early[i]);
            result_free(&r);
        }
    }
    /* the html format ends its document too */
    {
        pith_options opt = test_options(PITH_FORMAT_HTML, 0);
        result r = run_page(&opt, gz, cut, 0);
        ck_assert_int_eq(r.finish_rc, PITH_EDATA);
        ck_assert(has_str(r.out, r.len, early[0]));
        ck_assert(r.len > 8 && !strcmp(r.out + r.len - 8, "</html>\n"));
        result_free(&r);
    }
    /* cut inside the header, and the trailer only missing */
    {
        pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
        result r = run_page(&opt, gz, 5, 0);
        ck_assert_int_eq(r.finish_rc, PITH_EDATA);
        result_free(&r);
        r = run_page(&opt, gz, glen - 4, 0);
        ck_assert_int_eq(r.finish_rc, PITH_EDATA);
        ck_assert(has_str(r.out, r.len, early[2]));
        result_free(&r);
    }
    free(dec);
    free(gz);
}
END_TEST

START_TEST(test_gzip_corrupt)
{
    size_t len, glen;
    const char *page = nzherald(&len);
    char *gz = compress_bytes(page, len, 'g', &glen);
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    pith_filter *pf;
    capture cap = {0};
    result r;
    int rc;

    /* garbage in the middle of the deflate data */
    for (size_t i = glen / 2; i < glen / 2 + 64; i++)
        gz[i] = (char)(gz[i] ^ 0x5a);
    r = run_page(&opt, gz, glen, 0);
    ck_assert_int_eq(r.finish_rc, PITH_EDATA);
    result_free(&r);

    /* a sticky error: later calls return it */
    ck_assert_int_eq(pith_new(&pf, &opt, capture_sink, &cap), PITH_OK);
    rc = PITH_OK;
    for (size_t off = 0; off < glen && rc == PITH_OK; off += 4096)
        rc = pith_feed(pf, gz + off, glen - off < 4096 ? glen - off : 4096);
    ck_assert_int_eq(rc, PITH_EDATA);
    ck_assert_int_eq(pith_feed(pf, gz, 10), PITH_EDATA);
    ck_assert_int_eq(pith_finish(pf), PITH_EDATA);
    ck_assert_int_eq(pith_finish(pf), PITH_EDATA);
    pith_free(pf);
    capture_free(&cap);

    /* a bad header (compression method 9) */
    r = run_page(&opt, "\x1f\x8b\x09\x00\x00\x00\x00\x00\x00\x03garbage", 17, 0);
    ck_assert_int_eq(r.finish_rc, PITH_EDATA);
    result_free(&r);

    /* deflate that is neither zlib nor raw deflate */
    opt.encoding = PITH_ENC_DEFLATE;
    r = run_page(&opt, "\xff\xff\xff\xff this is not deflate at all", 30, 0);
    ck_assert_int_eq(r.finish_rc, PITH_EDATA);
    result_free(&r);

    /* a bad CRC in the trailer */
    free(gz);
    gz = compress_bytes(page, len, 'g', &glen);
    gz[glen - 6] = (char)(gz[glen - 6] ^ 1);
    opt.encoding = PITH_ENC_AUTO;
    r = run_page(&opt, gz, glen, 0);
    ck_assert_int_eq(r.finish_rc, PITH_EDATA);
    result_free(&r);
    free(gz);
}
END_TEST

/* Corrupt compressed input ends the page where the error is, whatever the
   split: the bytes inflated before the error go down the pipeline before the
   error is returned, so one feed writes what split feeds write.  A bad CRC
   comes after the last byte: nothing of the page is lost. */
static void assert_split_invariant(const pith_options *opt, const char *gz, size_t glen,
                                   const result *one, size_t step, const char *what)
{
    static const size_t chunks[] = { 1, 7, 1000, 4096 };
    for (size_t k = 0; k <= glen / step + 2; k++) {
        /* every step bytes, and the last two offsets */
        size_t split = k <= glen / step ? k * step : glen - (k - glen / step - 1);
        result r = run_split(opt, gz, glen, split);
        ck_assert_msg(r.finish_rc == one->finish_rc, "%s, split at %zu: rc %d vs %d", what,
                      split, r.finish_rc, one->finish_rc);
        ck_assert_msg(r.len == one->len && !memcmp(r.out, one->out, r.len),
                      "%s, split at %zu: output differs (%zu vs %zu bytes)", what, split, r.len,
                      one->len);
        result_free(&r);
    }
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        result r = run_page(opt, gz, glen, chunks[i]);
        ck_assert_msg(r.len == one->len && !memcmp(r.out, one->out, r.len),
                      "%s, %zu-byte feeds: output differs (%zu vs %zu bytes)", what, chunks[i],
                      r.len, one->len);
        ck_assert_int_eq(r.finish_rc, one->finish_rc);
        result_free(&r);
    }
}

/* A gzip stream of the first cut bytes of in, then a deflate block of the
   reserved type (an error for inflate), then the rest. */
static char *gzip_bad_block(const char *in, size_t len, size_t cut, size_t *outlen)
{
    z_stream z;
    size_t cap = len + 1024;
    char *out = malloc(cap);
    memset(&z, 0, sizeof z);
    ck_assert_int_eq(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)cut;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    ck_assert_int_eq(deflate(&z, Z_FULL_FLUSH), Z_OK);     /* ends on a byte boundary */
    *z.next_out++ = 0x07, z.avail_out--;                   /* BFINAL, BTYPE 11 */
    z.next_in = (Bytef *)in + cut;
    z.avail_in = (uInt)(len - cut);
    ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    *outlen = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

START_TEST(test_gzip_corrupt_split)
{
    static const char small[] =
        "<html><head><title>T</title></head><body><article>"
        "<p>The harbour story begins here, and it goes on for a while, as stories do.</p>"
        "<p>The second paragraph of the harbour story ends it.</p></article></body></html>";
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    size_t len, glen;
    const char *page = nzherald(&len);
    char *gz;
    result want, one;

    /* a small page with a bad CRC: all of it was inflated (it sits in the
       charset sniffing window when the error comes) */
    want = run_str(&opt, small);
    ck_assert(has_str(want.out, want.len, "second paragraph"));
    gz = compress_bytes(small, sizeof small - 1, 'g', &glen);
    gz[glen - 6] = (char)(gz[glen - 6] ^ 1);
    one = run_page(&opt, gz, glen, 0);
    ck_assert_int_eq(one.finish_rc, PITH_EDATA);
    assert_same(&want, &one, "small page, bad CRC, one feed");
    assert_split_invariant(&opt, gz, glen, &one, 1, "small page, bad CRC");
    result_free(&one);
    /* the same with the error in the deflate data: what came before is kept */
    gz[glen - 6] = (char)(gz[glen - 6] ^ 1);
    for (size_t i = glen - 14; i < glen - 8; i++)
        gz[i] = (char)(gz[i] ^ 0x5a);
    one = run_page(&opt, gz, glen, 0);
    ck_assert_int_eq(one.finish_rc, PITH_EDATA);
    ck_assert_msg(has_str(one.out, one.len, "harbour story begins"), "'%s'", one.out);
    assert_split_invariant(&opt, gz, glen, &one, 1, "small page, bad data");
    result_free(&one);
    result_free(&want);
    free(gz);

    /* the reference page with a bad CRC: as if it were good */
    want = plain_run(PITH_ENC_IDENTITY, page, len, 0);
    gz = compress_bytes(page, len, 'g', &glen);
    gz[glen - 6] = (char)(gz[glen - 6] ^ 1);
    one = run_page(&opt, gz, glen, 0);
    ck_assert_int_eq(one.finish_rc, PITH_EDATA);
    assert_same(&want, &one, "reference page, bad CRC, one feed");
    assert_split_invariant(&opt, gz, glen, &one, glen / 7, "reference page, bad CRC");
    result_free(&one);
    result_free(&want);
    free(gz);

    /* the reference page with an invalid deflate block after its first
       three quarters: those are read, as if the page ended there */
    gz = gzip_bad_block(page, len, len * 3 / 4, &glen);
    want = plain_run(PITH_ENC_IDENTITY, page, len * 3 / 4, 0);
    ck_assert(has_str(want.out, want.len, "A new book by the journalist Bob Woodward"));
    one = run_page(&opt, gz, glen, 0);
    ck_assert_int_eq(one.finish_rc, PITH_EDATA);
    assert_same(&want, &one, "reference page, bad block, one feed");
    assert_split_invariant(&opt, gz, glen, &one, glen / 7, "reference page, bad block");
    result_free(&one);
    result_free(&want);
    free(gz);
}
END_TEST

/* A gzip stream cut anywhere: the same text whatever the split.  A run of
   one letter inflates as long matches, so that a call of inflate which fills
   its output often ends inside a match with all the input taken; the rest of
   the match is still inside zlib, and must come out before the input ends
   (it came out only with the next feed, so never when the stream broke
   there, in one feed, and did with smaller feeds: a fuzz finding). */
START_TEST(test_gzip_cut_in_match)
{
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    size_t n = 200000, glen;
    char *page = malloc(n);
    char *gz;
    ck_assert_ptr_nonnull(page);
    memcpy(page, "<p>", 3);
    memset(page + 3, 'a', n - 3);
    for (size_t i = 3 + 997; i < n; i += 1000)
        page[i] = ' ';                 /* words, so that text comes out in blocks */
    gz = compress_bytes(page, n, 'g', &glen);
    for (size_t cut = 20; cut < glen - 8; cut++) {
        result one = run_page(&opt, gz, cut, 0), bytes = run_page(&opt, gz, cut, 1);
        ck_assert_int_eq(one.finish_rc, PITH_EDATA);
        ck_assert_int_eq(bytes.finish_rc, PITH_EDATA);
        ck_assert_msg(one.len == bytes.len && !memcmp(one.out, bytes.out, one.len),
                      "gzip cut at %zu of %zu: one feed gives %zu bytes, 1-byte feeds %zu",
                      cut, glen, one.len, bytes.len);
        result_free(&one);
        result_free(&bytes);
    }
    free(gz);
    free(page);
}
END_TEST

/* Bytes after the last gzip member are ignored, all of them: a feed that
   begins with the gzip magic after them does not start another member. */
START_TEST(test_gzip_trailing_garbage_split)
{
    static const char a[] = "<p>The first page has the harbour story in a paragraph.</p>";
    static const char b[] = "<p>The second member must not be read after garbage.</p>";
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    size_t la, lb;
    char *ga = compress_bytes(a, sizeof a - 1, 'g', &la);
    char *gb = compress_bytes(b, sizeof b - 1, 'g', &lb);
    char *all = malloc(la + 3 + lb);
    result one;

    memcpy(all, ga, la);
    memcpy(all + la, "\n\n\n", 3);
    memcpy(all + la + 3, gb, lb);
    one = run_page(&opt, all, la + 3 + lb, 0);
    ck_assert_int_eq(one.finish_rc, PITH_OK);
    ck_assert(has_str(one.out, one.len, "harbour story"));
    ck_assert_msg(!has_str(one.out, one.len, "second member"), "'%s'", one.out);
    assert_split_invariant(&opt, all, la + 3 + lb, &one, 1, "trailing garbage");
    result_free(&one);
    free(all);
    free(ga);
    free(gb);
}
END_TEST

/* --- Charsets ------------------------------------------------------------------ */

/* The text output of a page with the given charset option. */
static result text_of(const char *bytes, size_t len, const char *charset)
{
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    opt.charset = charset;
    return run_page(&opt, bytes, len, 0);
}

static void expect_text(const char *bytes, size_t len, const char *charset, const char *want)
{
    result r = text_of(bytes, len, charset);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    ck_assert_msg(has_str(r.out, r.len, want), "charset %s: want '%s' in '%s'",
                  charset ? charset : "(none)", want, r.out);
    result_free(&r);
}

START_TEST(test_charset_option)
{
    static const char latin1[] = "<p>Caf\xe9 na\xefve \xbd \xe0 la cr\xe8me</p>";
    static const char cp1251[] = "<p>\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0</p>";
    static const char sjis[] = "<p>\x93\xfa\x96\x7b\x8c\xea</p>";
    expect_text(latin1, sizeof latin1 - 1, "iso-8859-1", "Caf\xc3\xa9 na\xc3\xafve \xc2\xbd \xc3\xa0 la cr\xc3\xa8me");
    expect_text(latin1, sizeof latin1 - 1, "ISO-8859-1", "Caf\xc3\xa9");
    expect_text(latin1, sizeof latin1 - 1, "latin1", "Caf\xc3\xa9");
    /* through iconv */
    expect_text(cp1251, sizeof cp1251 - 1, "windows-1251",
                "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, \xd0\xbc\xd0\xb8\xd1\x80");
    expect_text(sjis, sizeof sjis - 1, "shift_jis", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
    /* utf-8 said, utf-8 read */
    expect_text("<p>Caf\xc3\xa9</p>", 11, "utf-8", "Caf\xc3\xa9");
}
END_TEST

START_TEST(test_charset_option_wins_over_meta)
{
    static const char page[] =
        "<html><head><meta charset=\"iso-8859-1\"></head><body><p>\xcf\xf0\xe8</p></body></html>";
    expect_text(page, sizeof page - 1, "windows-1251", "\xd0\x9f\xd1\x80\xd0\xb8");
}
END_TEST

START_TEST(test_charset_meta)
{
    static const char meta1[] =
        "<html><head><meta charset=\"iso-8859-1\"><title>t</title></head>"
        "<body><p>Caf\xe9 cr\xe8me</p></body></html>";
    static const char meta2[] =
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
        "</head><body><p>\xcf\xf0\xe8\xe2\xe5\xf2</p></body></html>";
    static const char meta3[] =
        "<!DOCTYPE html><html><head><!-- <meta charset=\"windows-1251\"> -->"
        "<META CHARSET=ISO-8859-1></head><body><p>Caf\xe9</p></body></html>";
    expect_text(meta1, sizeof meta1 - 1, NULL, "Caf\xc3\xa9 cr\xc3\xa8me");
    expect_text(meta2, sizeof meta2 - 1, NULL, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82");
    expect_text(meta3, sizeof meta3 - 1, NULL, "Caf\xc3\xa9");
    /* the same pages fed a byte at a time */
    {
        pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
        result r = run_page(&opt, meta2, sizeof meta2 - 1, 1);
        ck_assert(has_str(r.out, r.len, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"));
        result_free(&r);
    }
}
END_TEST

/* A page with a head of about head_bytes before its <meta> (in head, or after
   a <div> that opens the body), in ISO-8859-2: "Śląsk" is A6 6C B1 73 6B. */
static char *late_meta_page(size_t head_bytes, int in_body, size_t *len)
{
    char *pad = malloc(head_bytes + 1), *page;
    for (size_t i = 0; i < head_bytes; i++)
        pad[i] = "<>x \n"[i % 5];            /* raw text with '<' and '>' in it */
    pad[head_bytes] = '\0';
    page = str_printf("<!DOCTYPE html><html><head><title>Strona</title>"
                      "<script>var s = '%s';</script><!-- <meta charset=\"koi8-r\"> -->"
                      "<link rel=\"stylesheet\" href=\"a.css\">%s"
                      "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-2\">"
                      "</head><body><p>Region \xa6l\xb1sk ma wiele miast.</p></body></html>",
                      pad, in_body ? "<div>x</div>" : "");
    *len = strlen(page);
    free(pad);
    return page;
}

/* A <meta> past the first 1024 bytes still names the charset while the head
   goes on, as in a browser; past the head it does not, nor past 64 KiB of
   head.  The outcome does not depend on how the page was split. */
START_TEST(test_charset_meta_late)
{
    static const char slask[] = "\xc5\x9a\x6c\xc4\x85sk";      /* Śląsk in UTF-8 */
    size_t len;
    char *page = late_meta_page(3000, 0, &len);
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    result whole = text_of(page, len, NULL), bytewise = run_page(&opt, page, len, 1);
    ck_assert_msg(has_str(whole.out, whole.len, slask), "late meta not read: '%s'", whole.out);
    ck_assert_str_eq(bytewise.out, whole.out);
    for (size_t split = 0; split <= len; split += 7) {
        result r = run_split(&opt, page, len, split);
        ck_assert_msg(!strcmp(r.out, whole.out), "split %zu: '%s'", split, r.out);
        result_free(&r);
    }
    result_free(&bytewise);
    result_free(&whole);
    free(page);

    /* after an element of the body: windows-1252, as if there were none */
    page = late_meta_page(3000, 1, &len);
    whole = text_of(page, len, NULL);
    ck_assert_msg(has_str(whole.out, whole.len, "\xc2\xa6l\xc2\xb1sk"), "'%s'", whole.out);
    result_free(&whole);
    free(page);

    /* a head longer than 64 KiB: the charset is decided without it */
    page = late_meta_page(70000, 0, &len);
    whole = text_of(page, len, NULL);
    ck_assert_msg(has_str(whole.out, whole.len, "\xc2\xa6l\xc2\xb1sk"), "'%s'", whole.out);
    bytewise = run_page(&opt, page, len, 1);
    ck_assert_str_eq(bytewise.out, whole.out);
    result_free(&bytewise);
    result_free(&whole);
    free(page);
}
END_TEST

/* Pages shorter than the sniffed bytes, one after the other: each is read in
   its own charset (the first's undeclared windows-1252, the second's
   declared ISO-8859-2), whatever the split. */
START_TEST(test_charset_short_pages)
{
    static const char pages[] =
        "<!DOCTYPE html><html><head><title>A</title></head><body>"
        "<p>First page a\xa6" "b with enough words for a story.</p></body></html>\n"
        "<!DOCTYPE html><html><head><meta charset=\"iso-8859-2\"><title>B</title></head>"
        "<body><p>Second page \xa6l\xb1sk with enough words for a story.</p></body></html>\n"
        "<html><head><title>C</title></head><body><p>Third page a\xa6" "b again.</p></body></html>";
    static const char want[] =
        "First page a\xc2\xa6" "b with enough words for a story.\n"
        "Second page \xc5\x9a\x6c\xc4\x85sk with enough words for a story.\n"
        "Third page a\xc2\xa6" "b again.\n";
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    size_t len = sizeof pages - 1;
    for (size_t split = 0; split <= len; split++) {
        result r = run_split(&opt, pages, len, split);
        ck_assert_msg(!strcmp(r.out, want), "split %zu: '%s'", split, r.out);
        result_free(&r);
    }
    for (size_t chunk = 1; chunk <= 3; chunk++) {
        result r = run_page(&opt, pages, len, chunk);
        ck_assert_msg(!strcmp(r.out, want), "pieces of %zu: '%s'", chunk, r.out);
        result_free(&r);
    }
}
END_TEST

START_TEST(test_bom_utf8)
{
    static const char page[] = "\xef\xbb\xbf<html><body><p>Caf\xc3\xa9 \xe2\x82\xac</p></body></html>";
    result r = text_of(page, sizeof page - 1, NULL);
    ck_assert_str_eq(r.out, "Caf\xc3\xa9 \xe2\x82\xac\n");
    result_free(&r);
}
END_TEST

/* UTF-16LE with a BOM, from an ASCII page with some non-ASCII code points. */
static char *utf16le(const unsigned *cps, size_t n, size_t *outlen)
{
    char *out = malloc(2 + 4 * n), *p = out;
    *p++ = (char)0xff, *p++ = (char)0xfe;
    for (size_t i = 0; i < n; i++) {
        unsigned c = cps[i];
        if (c >= 0x10000) {
            unsigned hi = 0xd800 + ((c - 0x10000) >> 10), lo = 0xdc00 + ((c - 0x10000) & 0x3ff);
            *p++ = (char)(hi & 0xff), *p++ = (char)(hi >> 8);
            *p++ = (char)(lo & 0xff), *p++ = (char)(lo >> 8);
        } else {
            *p++ = (char)(c & 0xff), *p++ = (char)(c >> 8);
        }
    }
    *outlen = (size_t)(p - out);
    return out;
}

START_TEST(test_bom_utf16le)
{
    const char *ascii = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf";
    const char *tail = "</p></body></html>";
    unsigned cps[200];
    size_t n = 0, blen;
    char *bytes;
    for (const char *p = ascii; *p; p++)
        cps[n++] = (unsigned char)*p;
    cps[n++] = 0xe9;          /* é */
    cps[n++] = ' ';
    cps[n++] = 0x20ac;        /* € */
    cps[n++] = ' ';
    cps[n++] = 0x1d11e;       /* 𝄞, a surrogate pair */
    for (const char *p = tail; *p; p++)
        cps[n++] = (unsigned char)*p;
    bytes = utf16le(cps, n, &blen);
    {
        /* the BOM wins over the <meta> */
        result r = text_of(bytes, blen, NULL);
        ck_assert_str_eq(r.out, "Caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e\n");
        result_free(&r);
    }
    /* split at every byte: the same */
    for (size_t split = 0; split <= blen; split++) {
        pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
        result r = run_split(&opt, bytes, blen, split);
        ck_assert_msg(!strcmp(r.out, "Caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e\n"),
                      "split %zu: '%s'", split, r.out);
        result_free(&r);
    }
    free(bytes);
}
END_TEST

START_TEST(test_invalid_utf8_as_1252)
{
    /* no charset anywhere: valid UTF-8 stays, invalid bytes are windows-1252 */
    static const char page[] =
        "<p>caf\xe9 \x93quoted\x94 \x80 10\xb0 ok \xc3\xa9 \xe2\x82\xac</p>";
    static const char want[] =
        "caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x82\xac 10\xc2\xb0 ok \xc3\xa9 \xe2\x82\xac\n";
    result r = text_of(page, sizeof page - 1, NULL);
    ck_assert_str_eq(r.out, want);
    result_free(&r);
    /* a lead byte followed by ASCII, overlong forms, surrogates, a cut
       sequence at the very end: never invalid UTF-8 out */
    {
        static const char bad[] = "<p>a\xc3z b\xc0\xaf c\xed\xa0\x80 d\xf4\x90\x80\x80 e\xe2\x82</p><p>end\xe2\x82";
        result b = text_of(bad, sizeof bad - 1, NULL);
        const unsigned char *s = (const unsigned char *)b.out;
        ck_assert(has_str(b.out, b.len, "a\xc3\x83z"));
        ck_assert(has_str(b.out, b.len, "end"));
        /* check the whole output is valid UTF-8 */
        for (size_t i = 0; i < b.len;) {
            size_t k = s[i] < 0x80 ? 1 : (s[i] & 0xe0) == 0xc0 ? 2 : (s[i] & 0xf0) == 0xe0 ? 3 : 4;
            ck_assert_msg(s[i] < 0x80 || (s[i] >= 0xc2 && s[i] <= 0xf4), "bad lead byte at %zu", i);
            ck_assert_uint_le(i + k, b.len);
            for (size_t j = 1; j < k; j++)
                ck_assert_msg((s[i + j] & 0xc0) == 0x80, "bad continuation at %zu", i + j);
            i += k;
        }
        result_free(&b);
    }
}
END_TEST

START_TEST(test_nul_bytes)
{
    static const char page[] = "<html><body><p>be\0fore</p>\0\0<p>af\0\0ter the\0 nul</p></body></html>";
    result r = text_of(page, sizeof page - 1, NULL);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    ck_assert_uint_eq(strlen(r.out), r.len);          /* no NUL out */
    ck_assert_str_eq(r.out, "before\n\nafter the nul\n");
    result_free(&r);
    /* a long run of NULs in a paragraph, and NULs in a tag */
    {
        size_t n = 100000, len;
        char *p = malloc(n + 64);
        memcpy(p, "<p>start", 8);
        memset(p + 8, 0, n);
        memcpy(p + 8 + n, "end</p><d\0iv>x</div>", 20);
        len = 8 + n + 20;
        r = text_of(p, len, NULL);
        ck_assert_int_eq(r.finish_rc, PITH_OK);
        ck_assert(has_str(r.out, r.len, "startend"));
        result_free(&r);
        free(p);
    }
}
END_TEST

/* Every split of a page with 2, 3 and 4-byte UTF-8 sequences gives the same. */
START_TEST(test_utf8_splits)
{
    static const char page[] =
        "<p>\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e \xd0\x96\xe6\x97\xa5\xf0\x9f\x98\x80"
        " caf\xc3\xa9\xc3\xa9</p>";
    static const char want[] =
        "\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e \xd0\x96\xe6\x97\xa5\xf0\x9f\x98\x80 caf\xc3\xa9\xc3\xa9\n";
    size_t len = sizeof page - 1;
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    for (size_t split = 0; split <= len; split++) {
        result r = run_split(&opt, page, len, split);
        ck_assert_msg(!strcmp(r.out, want), "split %zu: '%s'", split, r.out);
        result_free(&r);
    }
    {
        result r = run_page(&opt, page, len, 1);
        ck_assert_str_eq(r.out, want);
        result_free(&r);
    }
    /* and with the bytes read as windows-1252 (invalid sequences split too) */
    {
        static const char bad[] = "<p>x\xe2\x82y\xf0\x9d\x84z</p>";
        result one = run_page(&opt, bad, sizeof bad - 1, 0);
        for (size_t split = 0; split < sizeof bad; split++) {
            result r = run_split(&opt, bad, sizeof bad - 1, split);
            ck_assert_msg(!strcmp(r.out, one.out), "split %zu: '%s' vs '%s'", split, r.out, one.out);
            result_free(&r);
        }
        result_free(&one);
    }
}
END_TEST

Suite *make_decode_suite(void)
{
    Suite *s = suite_create("decode");
    TCase *tc;

    tc = tcase_create("Encoding");
    tcase_add_test(tc, test_gzip);
    tcase_add_test(tc, test_gzip_multi_member);
    tcase_add_test(tc, test_deflate_zlib_and_raw);
    tcase_add_test(tc, test_gzip_truncated);
    tcase_add_test(tc, test_gzip_corrupt);
    tcase_add_test(tc, test_gzip_corrupt_split);
    tcase_add_test(tc, test_gzip_cut_in_match);
    tcase_add_test(tc, test_gzip_trailing_garbage_split);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);

    tc = tcase_create("Charset");
    tcase_add_test(tc, test_charset_option);
    tcase_add_test(tc, test_charset_option_wins_over_meta);
    tcase_add_test(tc, test_charset_meta);
    tcase_add_test(tc, test_charset_meta_late);
    tcase_add_test(tc, test_charset_short_pages);
    tcase_add_test(tc, test_bom_utf8);
    tcase_add_test(tc, test_bom_utf16le);
    tcase_add_test(tc, test_invalid_utf8_as_1252);
    tcase_add_test(tc, test_nul_bytes);
    tcase_add_test(tc, test_utf8_splits);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(make_decode_suite)
