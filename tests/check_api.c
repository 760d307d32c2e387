/* check_api.c -- the edges of the public API: arguments, options, call
 * order, sticky errors, the sink failing, allocation failures, empty input.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_pith.h"

static const char story[] =
    "<html><head><title>T</title></head><body><article>"
    "<p>The harbour board voted on Tuesday to rebuild the old wharf, a decision that "
    "had been delayed for almost ten years by arguments about cost and heritage.</p>"
    "<p>Engineers said the new structure would last a century, and that work could "
    "begin in the spring if the council approved the final budget next month.</p>"
    "</article></body></html>";

/* --- Create: arguments and options ------------------------------------------ */

static int dummy_sink(void *opaque, const char *buf, size_t len)
{
    (void)opaque, (void)buf, (void)len;
    return 0;
}

START_TEST(test_new_defaults)
{
    pith_filter *pf = NULL;
    pith_options opt;
    ck_assert_int_eq(pith_new(&pf, NULL, dummy_sink, NULL), PITH_OK);
    ck_assert_ptr_nonnull(pf);
    ck_assert_uint_eq(pith_bytes_in(pf), 0);
    ck_assert_uint_eq(pith_bytes_out(pf), 0);
    pith_free(pf);

    /* the documented defaults */
    memset(&opt, 0x5a, sizeof opt);
    pith_options_init(&opt);
    ck_assert_int_eq(opt.format, PITH_FORMAT_HTML);
    ck_assert_uint_eq(opt.keep, PITH_STORY);
    ck_assert_int_eq(opt.encoding, PITH_ENC_AUTO);
    ck_assert_ptr_null(opt.charset);
    ck_assert_uint_eq(opt.lookahead, 16);
    ck_assert_uint_eq(opt.max_lookahead, 256 * 1024);
    ck_assert_uint_eq(opt.max_block, 64 * 1024);
    ck_assert_uint_eq(opt.max_depth, 256);
    ck_assert_uint_eq(opt.max_tag, 64 * 1024);
    ck_assert_uint_eq(opt.max_pending, 1024 * 1024);
    ck_assert(opt.max_input == 0);
    ck_assert_uint_eq(opt.flags, 0);
    ck_assert(opt.alloc == NULL && opt.realloc == NULL && opt.release == NULL);
    pith_options_init(NULL);       /* harmless */
}
END_TEST

START_TEST(test_new_null_args)
{
    pith_filter *sentinel = (pith_filter *)&sentinel, *pf = sentinel;
    pith_options opt;
    counting_alloc ca;
    pith_options_init(&opt);
    counting_alloc_use(&ca, &opt);
    ck_assert_int_eq(pith_new(&pf, &opt, NULL, NULL), PITH_EINVAL);
    ck_assert_ptr_eq(pf, sentinel);
    ck_assert_int_eq(pith_new(NULL, &opt, dummy_sink, NULL), PITH_EINVAL);
    ck_assert_uint_eq(ca.nallocs, 0);
    ck_assert_uint_eq(ca.live, 0);
}
END_TEST

/* Each loop iteration spoils one option. */
static void spoil(pith_options *o, int i)
{
    switch (i) {
    case 0: o->format = 4; break;
    case 1: o->format = -1; break;
    case 2: o->keep = 0; break;
    case 3: o->keep = PITH_STORY | 0x100; break;
    case 4: o->encoding = 4; break;
    case 5: o->encoding = -1; break;
    case 6: o->max_block = 0; break;
    case 7: o->max_depth = 0; break;
    case 8: o->max_tag = 0; break;
    case 9: o->max_pending = 0; break;
    case 10: o->flags = 0x80000000u; break;
    case 11: o->release = NULL; break;          /* alloc without release */
    case 12: o->alloc = NULL; break;            /* release without alloc */
    case 13: o->max_lookahead = 0; break;
    default: break;
    }
}
#define NSPOIL 14

START_TEST(test_new_bad_options)
{
    pith_filter *sentinel = (pith_filter *)&sentinel, *pf = sentinel;
    pith_options opt;
    counting_alloc ca;
    pith_options_init(&opt);
    counting_alloc_use(&ca, &opt);
    spoil(&opt, _i);
    ck_assert_msg(pith_new(&pf, &opt, dummy_sink, NULL) == PITH_EINVAL, "option %d accepted", _i);
    ck_assert_ptr_eq(pf, sentinel);
    ck_assert_uint_eq(ca.nallocs, 0);
    ck_assert_uint_eq(ca.live, 0);
}
END_TEST

/* The charset is copied: the caller's string may go away. */
START_TEST(test_new_copies_charset)
{
    char *cs = strdup("iso-8859-1");
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    capture cap = {0};
    pith_filter *pf;
    const char page[] = "<p>caf\xe9</p>";
    opt.charset = cs;
    ck_assert_int_eq(pith_new(&pf, &opt, capture_sink, &cap), PITH_OK);
    memset(cs, 'x', strlen(cs));
    free(cs);
    ck_assert_int_eq(pith_feed(pf, page, sizeof page - 1), PITH_OK);
    ck_assert_int_eq(pith_finish(pf), PITH_OK);
    pith_free(pf);
    ck_assert_str_eq(cap.data, "caf\xc3\xa9\n");
    capture_free(&cap);
}
END_TEST

/* --- State: call order -------------------------------------------------- */

START_TEST(test_null_handle)
{
    ck_assert_int_eq(pith_feed(NULL, "x", 1), PITH_EINVAL);
    ck_assert_int_eq(pith_flush(NULL), PITH_EINVAL);
    ck_assert_int_eq(pith_finish(NULL), PITH_EINVAL);
    ck_assert(pith_bytes_in(NULL) == 0);
    ck_assert(pith_bytes_out(NULL) == 0);
    pith_free(NULL);
}
END_TEST

START_TEST(test_feed_args)
{
    pith_filter *pf;
    capture cap = {0};
    ck_assert_int_eq(pith_new(&pf, NULL, capture_sink, &cap), PITH_OK);
    ck_assert_int_eq(pith_feed(pf, NULL, 0), PITH_OK);       /* len 0 is allowed */
    ck_assert_int_eq(pith_feed(pf, "", 0), PITH_OK);
    ck_assert_int_eq(pith_feed(pf, "<p>a", 4), PITH_OK);
    ck_assert(pith_bytes_in(pf) == 4);
    ck_assert_int_eq(pith_feed(pf, NULL, 3), PITH_EINVAL);
    pith_free(pf);
    capture_free(&cap);
}
END_TEST

START_TEST(test_feed_after_finish)
{
    pith_filter *pf;
    capture cap = {0};
    size_t out;
    ck_assert_int_eq(pith_new(&pf, NULL, capture_sink, &cap), PITH_OK);
    ck_assert_int_eq(pith_feed(pf, story, strlen(story)), PITH_OK);
    ck_assert_int_eq(pith_finish(pf), PITH_OK);
    out = cap.len;
    ck_assert_int_eq(pith_feed(pf, story, strlen(story)), PITH_ESTATE);
    ck_assert_int_eq(pith_flush(pf), PITH_ESTATE);
    ck_assert_uint_eq(cap.len, out);                     /* nothing more written */
    pith_free(pf);
    capture_free(&cap);
}
END_TEST

START_TEST(test_finish_twice)
{
    pith_filter *pf;
    capture cap = {0};
    size_t out;
    ck_assert_int_eq(pith_new(&pf, NULL, capture_sink, &cap), PITH_OK);
    ck_assert_int_eq(pith_feed(pf, story, strlen(story)), PITH_OK);
    ck_assert_int_eq(pith_finish(pf), PITH_OK);
    out = cap.len;
    ck_assert_int_eq(pith_finish(pf), PITH_ESTATE);
    ck_assert_int_eq(pith_finish(pf), PITH_ESTATE);
    ck_assert_uint_eq(cap.len, out);
    pith_free(pf);
    capture_free(&cap);
}
END_TEST

/* Free in every state: new, mid-page, mid-tag, mid-comment, mid-gzip, after
   an error.  The counting allocator must be back to zero. */
START_TEST(test_free_without_finish)
{
    size_t len, glen;
    const char *page = nzherald(&len);
    char *gz = compress_bytes(page, len, 'g', &glen);
    const struct { const char *s; size_t n; } cut[] = {
        { "", 0 },
        { page, len / 2 },
        { page, len },
        { "<p>text <a href=\"unterminated", 29 },
        { "<p>a</p><!-- comment", 20 },
        { "<script>var x = '</div>'", 24 },
        { gz, glen / 2 },
    };
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        pith_options opt = test_options(PITH_FORMAT_HTML, 1);
        counting_alloc ca;
        capture cap = {0};
        pith_filter *pf;
        counting_alloc_use(&ca, &opt);
        ck_assert_int_eq(pith_new(&pf, &opt, capture_sink, &cap), PITH_OK);
        ck_assert_uint_gt(ca.live, 0);
        ck_assert_int_eq(pith_feed(pf, cut[i].s, cut[i].n), PITH_OK);
        pith_free(pf);
        ck_assert_msg(ca.live == 0 && ca.blocks == 0, "case %zu: %zu bytes in %llu blocks leaked",
                      i, ca.live, ca.blocks);
        capture_free(&cap);
    }
    free(gz);
}
END_TEST

START_TEST(test_flush)
{
    static const char para[] =
        "The committee met for three hours and agreed to publish its findings in full.";
    pith_options opt = test_options(PITH_FORMAT_TEXT, 1);
    capture cap = {0};
    pith_filter *pf;
    /* past the first 1 KiB, which the decoder may hold to find a <meta> charset */
    char *page = str_printf("<html><head><meta name=\"description\" content=\"%01100d\">"
                            "</head><body><div><p>%s</p><p>Second", 0, para);
    ck_assert_int_eq(pith_new(&pf, &opt, capture_sink, &cap), PITH_OK);
    ck_assert_int_eq(pith_feed(pf, page, strlen(page)), PITH_OK);
    ck_assert_int_eq(pith_flush(pf), PITH_OK);
    /* the block that ended is decided and written at once */
    ck_assert_ptr_nonnull(cap.data);
    ck_assert_msg(has_str(cap.data, cap.len, para), "flush did not write: %s", cap.data);
    ck_assert_int_eq(pith_flush(pf), PITH_OK);
    ck_assert_int_eq(pith_feed(pf, " paragraph.</p></div>", 21), PITH_OK);
    ck_assert_int_eq(pith_finish(pf), PITH_OK);
    ck_assert_uint_eq(count_str(cap.data, cap.len, para), 1);
    ck_assert(has_str(cap.data, cap.len, "paragraph."));
    pith_free(pf);
    capture_free(&cap);
    free(page);
}
END_TEST

/* --- Errors: the sink, sticky codes ------------------------------------------ */

START_TEST(test_sink_failure_sticky)
{
    size_t len;
    const char *page = nzherald(&len);
    unsigned fail_at = (unsigned)_i + 1;
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    counting_alloc ca;
    capture cap = {0};
    pith_filter *pf;
    int rc = PITH_OK;
    size_t off, got;
    counting_alloc_use(&ca, &opt);
    cap.fail_at = fail_at;
    ck_assert_int_eq(pith_new(&pf, &opt, capture_sink, &cap), PITH_OK);
    for (off = 0; off < len && rc == PITH_OK; off += 4096)
        rc = pith_feed(pf, page + off, len - off < 4096 ? len - off : 4096);
    /* a page this long with every label kept writes during the feeds */
    ck_assert_int_eq(rc, PITH_ESINK);
    ck_assert_uint_eq(cap.calls, fail_at);
    got = cap.len;
    ck_assert_int_eq(pith_feed(pf, "<p>more</p>", 11), PITH_ESINK);
    ck_assert_int_eq(pith_flush(pf), PITH_ESINK);
    ck_assert_int_eq(pith_finish(pf), PITH_ESINK);
    ck_assert_int_eq(pith_finish(pf), PITH_ESINK);
    ck_assert_uint_eq(cap.calls, fail_at);             /* never called again */
    ck_assert_uint_eq(cap.len, got);
    pith_free(pf);
    ck_assert_uint_eq(ca.live, 0);
    capture_free(&cap);
}
END_TEST

/* A sink failing in finish (the end of the document). */
START_TEST(test_sink_failure_in_finish)
{
    pith_filter *pf;
    capture cap = {0};
    cap.fail_at = 1;
    ck_assert_int_eq(pith_new(&pf, NULL, capture_sink, &cap), PITH_OK);
    ck_assert_int_eq(pith_feed(pf, "", 0), PITH_OK);
    ck_assert_int_eq(pith_finish(pf), PITH_ESINK);
    ck_assert_int_eq(pith_feed(pf, "x", 1), PITH_ESINK);
    ck_assert_int_eq(pith_finish(pf), PITH_ESINK);
    pith_free(pf);
    capture_free(&cap);
}
END_TEST

START_TEST(test_strerror)
{
    const int codes[] = { PITH_OK, PITH_EINVAL, PITH_ENOMEM, PITH_ELIMIT, PITH_ESINK,
                          PITH_ESTATE, PITH_EDATA };
    const size_t n = sizeof codes / sizeof codes[0];
    const char *unknown = pith_strerror(-1000);
    ck_assert_ptr_nonnull(unknown);
    ck_assert_ptr_nonnull(pith_strerror(1000));
    for (size_t i = 0; i < n; i++) {
        const char *m = pith_strerror(codes[i]);
        ck_assert_ptr_nonnull(m);
        ck_assert_uint_gt(strlen(m), 3);
        ck_assert_str_ne(m, unknown);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(m, pith_strerror(codes[j]));
    }
}
END_TEST

START_TEST(test_labels)
{
    ck_assert_str_eq(pith_label_name(PITH_STORY), "story");
    ck_assert_str_eq(pith_label_name(PITH_NAVIGATION), "navigation");
    ck_assert_str_eq(pith_label_name(PITH_ADVERTISING), "advertising");
    ck_assert_str_eq(pith_label_name(PITH_RECOMMENDATION), "recommendation");
    ck_assert_ptr_null(pith_label_name(0));
    ck_assert_ptr_null(pith_label_name(PITH_STORY | PITH_NAVIGATION));
    ck_assert_ptr_null(pith_label_name(1u << 10));

    ck_assert_uint_eq(pith_labels_parse("story"), PITH_STORY);
    ck_assert_uint_eq(pith_labels_parse("navigation"), PITH_NAVIGATION);
    ck_assert_uint_eq(pith_labels_parse("advertising"), PITH_ADVERTISING);
    ck_assert_uint_eq(pith_labels_parse("recommendation"), PITH_RECOMMENDATION);
    ck_assert_uint_eq(pith_labels_parse("story,navigation"), PITH_STORY | PITH_NAVIGATION);
    ck_assert_uint_eq(pith_labels_parse("recommendation,advertising,story"),
                      PITH_RECOMMENDATION | PITH_ADVERTISING | PITH_STORY);
    ck_assert_uint_eq(pith_labels_parse("story,story"), PITH_STORY);
    ck_assert_uint_eq(pith_labels_parse("all"), PITH_ALL_LABELS);
    ck_assert_uint_eq(pith_labels_parse("bogus"), 0);
    ck_assert_uint_eq(pith_labels_parse("story,bogus"), 0);
    ck_assert_uint_eq(pith_labels_parse("stor"), 0);
    ck_assert_uint_eq(pith_labels_parse("storys"), 0);
    ck_assert_uint_eq(pith_labels_parse(""), 0);
    /* every name pith_label_name gives parses back */
    for (unsigned l = PITH_STORY; l <= PITH_RECOMMENDATION; l <<= 1)
        ck_assert_uint_eq(pith_labels_parse(pith_label_name(l)), l);
}
END_TEST

/* --- Empty input ------------------------------------------------------------ */

START_TEST(test_empty_html)
{
    pith_options opt = test_options(PITH_FORMAT_HTML, 0);
    result r = run_page(&opt, "", 0, 0);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    ck_assert_msg(strncmp(r.out, "<!DOCTYPE html>", 15) == 0, "no doctype: %s", r.out);
    ck_assert(has_str(r.out, r.len, "<html"));
    ck_assert(has_str(r.out, r.len, "<head>"));
    ck_assert(has_str(r.out, r.len, "<meta charset=\"utf-8\">"));
    ck_assert(has_str(r.out, r.len, "<title>"));
    ck_assert(has_str(r.out, r.len, "<body>"));
    ck_assert(has_str(r.out, r.len, "</body>"));
    ck_assert(r.len > 8 && strcmp(r.out + r.len - 8, "</html>\n") == 0);
    result_free(&r);

    /* only whitespace, and a page with no visible text: still a document */
    r = run_str(&opt, "  \n\t ");
    ck_assert(has_str(r.out, r.len, "</html>"));
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    result_free(&r);
    r = run_str(&opt, "<html><head><script>x()</script></head><body></body></html>");
    ck_assert(has_str(r.out, r.len, "</html>"));
    ck_assert(!has_str(r.out, r.len, "x()"));
    result_free(&r);

    /* a fragment of nothing is nothing */
    opt.flags = PITH_F_FRAGMENT;
    r = run_page(&opt, "", 0, 0);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    ck_assert_uint_eq(r.len, 0);
    result_free(&r);
}
END_TEST

START_TEST(test_empty_text)
{
    const int fmts[] = { PITH_FORMAT_TEXT, PITH_FORMAT_JSONL };
    for (int i = 0; i < 2; i++) {
        pith_options opt = test_options(fmts[i], 1);
        capture cap = {0};
        pith_filter *pf;
        result r = run_page(&opt, "", 0, 0);
        ck_assert_int_eq(r.finish_rc, PITH_OK);
        ck_assert_uint_eq(r.len, 0);
        result_free(&r);
        r = run_str(&opt, "<html><body>  </body></html>");
        ck_assert_int_eq(r.finish_rc, PITH_OK);
        ck_assert_uint_eq(r.len, 0);
        result_free(&r);
        /* no feed at all */
        ck_assert_int_eq(pith_new(&pf, &opt, capture_sink, &cap), PITH_OK);
        ck_assert_int_eq(pith_finish(pf), PITH_OK);
        ck_assert_uint_eq(cap.calls, 0);
        pith_free(pf);
    }
}
END_TEST

/* --- Memory: hooks and injected failures -------------------------------------- */

/* alloc and release without realloc work and give the same output. */
START_TEST(test_alloc_without_realloc)
{
    size_t len;
    const char *page = nzherald(&len);
    pith_options opt = test_options(PITH_FORMAT_HTML, 1);
    counting_alloc ca;
    result a, b;
    a = run_page(&opt, page, len, 0);
    counting_alloc_use(&ca, &opt);
    opt.realloc = NULL;
    b = run_page(&opt, page, len, 0);
    ck_assert_int_eq(b.finish_rc, PITH_OK);
    ck_assert_uint_gt(ca.nallocs, 0);
    ck_assert_uint_eq(ca.live, 0);
    ck_assert_uint_eq(a.len, b.len);
    ck_assert(memcmp(a.out, b.out, a.len) == 0);
    result_free(&a);
    result_free(&b);
}
END_TEST

/* Runs the reference page (jsonl, every label, 4 KiB feeds) with allocation
   number k refused; returns the number of allocations tried. */
static unsigned long long run_failing(unsigned long long k, int fail_all, const char *page,
                                      size_t len, int *rc_out)
{
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    counting_alloc ca;
    capture cap = {0};
    pith_filter *pf = NULL;
    int rc;
    counting_alloc_use(&ca, &opt);
    ca.fail_at = k;
    ca.fail_all = fail_all;
    rc = pith_new(&pf, &opt, capture_sink, &cap);
    if (rc == PITH_OK) {
        int first = PITH_OK;
        for (size_t off = 0; off < len && first == PITH_OK; off += 4096)
            first = pith_feed(pf, page + off, len - off < 4096 ? len - off : 4096);
        rc = pith_finish(pf);
        if (first != PITH_OK) {
            ck_assert_msg(first == PITH_ENOMEM, "k=%llu: feed gave %d", k, first);
            ck_assert_int_eq(rc, first);
        }
        if (rc != PITH_OK) {
            /* sticky */
            ck_assert_int_eq(pith_feed(pf, "<p>x</p>", 8), rc);
            ck_assert_int_eq(pith_flush(pf), rc);
            ck_assert_int_eq(pith_finish(pf), rc);
        }
        pith_free(pf);
    } else {
        ck_assert_ptr_null(pf);
    }
    ck_assert_msg(ca.live == 0 && ca.blocks == 0, "k=%llu: %zu bytes in %llu blocks leaked", k,
                  ca.live, ca.blocks);
    if (ca.failed)
        ck_assert_msg(rc == PITH_ENOMEM, "k=%llu: allocation refused, yet rc %d", k, rc);
    else
        ck_assert_msg(rc == PITH_OK, "k=%llu: no allocation refused, yet rc %d", k, rc);
    capture_free(&cap);
    *rc_out = rc;
    return ca.nallocs;
}

START_TEST(test_alloc_failure_every_k)
{
    size_t len;
    const char *page = nzherald(&len);
    int rc;
    unsigned long long total = run_failing(0, 0, page, len, &rc), k;
    ck_assert_int_eq(rc, PITH_OK);
    ck_assert_uint_gt(total, 10);
    fprintf(stderr, "api: reference page: %llu allocations; each refused in turn\n", total);
    for (k = 1; k <= total + 1; k++) {
        run_failing(k, 0, page, len, &rc);
        if (k > total)
            ck_assert_int_eq(rc, PITH_OK);
    }
    /* and every allocation from k on refused (memory exhausted for good) */
    for (k = 1; k <= total; k += 1 + total / 64)
        run_failing(k, 1, page, len, &rc);
}
END_TEST

Suite *make_api_suite(void)
{
    Suite *s = suite_create("api");
    TCase *tc;

    tc = tcase_create("Create");
    tcase_add_test(tc, test_new_defaults);
    tcase_add_test(tc, test_new_null_args);
    tcase_add_loop_test(tc, test_new_bad_options, 0, NSPOIL);
    tcase_add_test(tc, test_new_copies_charset);
    suite_add_tcase(s, tc);

    tc = tcase_create("State");
    tcase_add_test(tc, test_null_handle);
    tcase_add_test(tc, test_feed_args);
    tcase_add_test(tc, test_feed_after_finish);
    tcase_add_test(tc, test_finish_twice);
    tcase_add_test(tc, test_free_without_finish);
    tcase_add_test(tc, test_flush);
    suite_add_tcase(s, tc);

    tc = tcase_create("Errors");
    tcase_add_loop_test(tc, test_sink_failure_sticky, 0, 3);
    tcase_add_test(tc, test_sink_failure_in_finish);
    tcase_add_test(tc, test_strerror);
    tcase_add_test(tc, test_labels);
    suite_add_tcase(s, tc);

    tc = tcase_create("Empty");
    tcase_add_test(tc, test_empty_html);
    tcase_add_test(tc, test_empty_text);
    suite_add_tcase(s, tc);

    tc = tcase_create("Memory");
    tcase_add_test(tc, test_alloc_without_realloc);
    tcase_add_test(tc, test_alloc_failure_every_k);
    tcase_set_timeout(tc, 120);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(make_api_suite)
