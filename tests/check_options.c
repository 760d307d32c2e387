/* check_options.c -- pith_option_set() and pith_options_check(): one parser
 * for every front-end, ranges refused with the option's name, no wraparound.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stdint.h>
#include <string.h>
#include "check_pith.h"

typedef struct set_case {
    const char *name, *value;
    int rc;
    const char *msg;        /* a part of the message for errors */
} set_case;

static const set_case set_cases[] = {
    {"format", "html", PITH_OK, NULL},
    {"format", "HTML", PITH_OK, NULL},             /* case-insensitive everywhere */
    {"Format", "Annotate", PITH_OK, NULL},
    {"format", "pdf", PITH_EINVAL, "format: unknown format 'pdf'"},
    {"keep", "Story,NAVIGATION", PITH_OK, NULL},
    {"keep", "all", PITH_OK, NULL},
    {"keep", "story,ads", PITH_EINVAL, "keep: bad label list"},
    {"encoding", "GZIP", PITH_OK, NULL},
    {"encoding", "x-gzip", PITH_OK, NULL},
    {"encoding", "br", PITH_EINVAL, "encoding: unknown encoding 'br'"},
    {"charset", "windows-1251", PITH_OK, NULL},
    {"lookahead", "0", PITH_OK, NULL},
    {"lookahead", "100000", PITH_OK, NULL},
    {"lookahead", "100001", PITH_EINVAL, "lookahead: 100001 is above the maximum 100000"},
    {"lookahead", "4294967295", PITH_EINVAL, "lookahead: 4294967295 is above"},
    {"lookahead", "16k", PITH_EINVAL, "lookahead takes a whole number"},
    {"lookahead", "-1", PITH_EINVAL, "lookahead takes a whole number"},
    {"max-block", "0", PITH_EINVAL, "max-block: 0 is below the minimum 256"},
    {"max-block", "256", PITH_OK, NULL},
    {"max-block", "16K", PITH_OK, NULL},
    {"max-block", "1g", PITH_OK, NULL},
    {"max-block", "1025m", PITH_EINVAL, "max-block: 1025m is above the maximum"},
    {"max-block", "12q", PITH_EINVAL, "max-block takes a size in bytes"},
    {"max-block", "", PITH_EINVAL, "max-block takes a size"},
    {"max-block", " 1k", PITH_EINVAL, "max-block takes a size"},
    {"MaxBlock", "64kb", PITH_OK, NULL},           /* directive spelling, optional b */
    {"max_block", "64k", PITH_OK, NULL},
    {"max-depth", "7", PITH_EINVAL, "max-depth: 7 is below the minimum 8"},
    {"max-depth", "0", PITH_EINVAL, "max-depth: 0 is below"},
    {"max-depth", "100000", PITH_OK, NULL},
    {"max-tag", "18446744073709551615", PITH_EINVAL, "max-tag: 18446744073709551615 is above"},
    {"max-tag", "18446744073709551616", PITH_EINVAL, "max-tag: 18446744073709551616 is above"},
    {"max-pending", "0", PITH_EINVAL, "max-pending: 0 is below the minimum 4096"},
    {"max-pending", "4k", PITH_OK, NULL},
    {"max-lookahead", "16k", PITH_OK, NULL},        /* alone fine; check() sees the pair */
    {"max-input", "0", PITH_OK, NULL},
    {"max-input", "16g", PITH_OK, NULL},
    /* row 15: 17179869184 GiB is 2^64 bytes: refused, never wrapped to 0 */
    {"max-input", "17179869184g", PITH_EINVAL, "max-input: 17179869184g is above"},
    {"max-input", "17179869183g", PITH_OK, NULL},
    {"max-input", "99999999999999999999", PITH_EINVAL, "max-input: 99999999999999999999 is above"},
    {"fragment", NULL, PITH_OK, NULL},
    {"fragment", "On", PITH_OK, NULL},
    {"fragment", "maybe", PITH_EINVAL, "fragment takes on or off"},
    {"format", NULL, PITH_EINVAL, "format needs a value"},
    {"style", "reader", PITH_OK, NULL},
    {"Style", "NONE", PITH_OK, NULL},
    {"style", "fancy", PITH_EINVAL, "style: unknown style 'fancy' (reader or none)"},
    {"style", NULL, PITH_EINVAL, "style needs a value"},
    {"url", "https://example.com/a?b=1&c=2#d", PITH_OK, NULL},
    {"url", "HTTP://example.com", PITH_OK, NULL},
    {"url", "", PITH_OK, NULL},
    {"url", "javascript:alert(1)", PITH_EINVAL, "url: 'javascript:alert(1)': not an http"},
    {"url", "/relative/path", PITH_EINVAL, "not an http:// or https:// URL"},
    {"url", "https:///path", PITH_EINVAL, "no host"},
    {"url", "https://ex ample.com/", PITH_EINVAL, "a space, control character"},
    {"url", "https://example.com/\"><script>", PITH_EINVAL, "a space, control character, quote"},
    {"colour", "red", PITH_EINVAL, "unknown option 'colour'"},
    {"PithMaxBlock", "0", PITH_EINVAL, "unknown option"},   /* the plugin strips its prefix */
};

START_TEST(test_set)
{
    const set_case *c = &set_cases[_i];
    pith_options opt, before;
    char err[200];

    pith_options_init(&opt);
    before = opt;
    ck_assert_msg(pith_option_set(&opt, c->name, c->value, err, sizeof err) == c->rc,
                  "%s=%s: '%s'", c->name, c->value ? c->value : "(null)", err);
    if (c->rc != PITH_OK) {
        ck_assert_msg(strstr(err, c->msg) != NULL, "message '%s' lacks '%s'", err, c->msg);
        ck_assert_msg(!memcmp(&opt, &before, sizeof opt), "options changed on error");
    } else {
        ck_assert_str_eq(err, "");
    }
}
END_TEST

START_TEST(test_values)
{
    pith_options opt;

    pith_options_init(&opt);
    ck_assert_int_eq(pith_option_set(&opt, "format", "JSONL", NULL, 0), PITH_OK);
    ck_assert_int_eq(opt.format, PITH_FORMAT_JSONL);
    ck_assert_int_eq(pith_option_set(&opt, "keep", "story,navigation", NULL, 0), PITH_OK);
    ck_assert_uint_eq(opt.keep, PITH_STORY | PITH_NAVIGATION);
    ck_assert_int_eq(pith_option_set(&opt, "encoding", "deflate", NULL, 0), PITH_OK);
    ck_assert_int_eq(opt.encoding, PITH_ENC_DEFLATE);
    ck_assert_int_eq(pith_option_set(&opt, "max-block", "3k", NULL, 0), PITH_OK);
    ck_assert_uint_eq(opt.max_block, 3072);
    ck_assert_int_eq(pith_option_set(&opt, "max-input", "16g", NULL, 0), PITH_OK);
    ck_assert(opt.max_input == 16ULL << 30);
    ck_assert_int_eq(pith_option_set(&opt, "lookahead", "7", NULL, 0), PITH_OK);
    ck_assert_uint_eq(opt.lookahead, 7);
    ck_assert_int_eq(pith_option_set(&opt, "fragment", "yes", NULL, 0), PITH_OK);
    ck_assert_uint_eq(opt.flags, PITH_F_FRAGMENT);
    ck_assert_int_eq(pith_option_set(&opt, "fragment", "off", NULL, 0), PITH_OK);
    ck_assert_uint_eq(opt.flags, 0);
    ck_assert_int_eq(pith_option_set(&opt, "charset", "koi8-r", NULL, 0), PITH_OK);
    ck_assert_str_eq(opt.charset, "koi8-r");
    ck_assert_int_eq(pith_option_set(&opt, "charset", "", NULL, 0), PITH_OK);
    ck_assert_ptr_null(opt.charset);
    ck_assert_int_eq(opt.style, PITH_STYLE_READER);     /* the default */
    ck_assert_int_eq(pith_option_set(&opt, "style", "none", NULL, 0), PITH_OK);
    ck_assert_int_eq(opt.style, PITH_STYLE_NONE);
    ck_assert_ptr_null(opt.url);
    ck_assert_int_eq(pith_option_set(&opt, "url", "http://a.example/", NULL, 0), PITH_OK);
    ck_assert_str_eq(opt.url, "http://a.example/");
    ck_assert_int_eq(pith_option_set(&opt, "url", "", NULL, 0), PITH_OK);
    ck_assert_ptr_null(opt.url);
    /* a tiny message buffer is cut, never overrun */
    {
        char small[8];
        memset(small, 'x', sizeof small);
        ck_assert_int_eq(pith_option_set(&opt, "max-block", "0", small, 4), PITH_EINVAL);
        ck_assert_int_eq(small[3], '\0');
        ck_assert_int_eq(small[4], 'x');
    }
}
END_TEST

START_TEST(test_check)
{
    pith_options opt;
    pith_filter *pf = NULL;
    capture cap = {0};
    char err[200];

    pith_options_init(&opt);
    ck_assert_int_eq(pith_options_check(&opt, err, sizeof err), PITH_OK);
    /* the pair: max-lookahead >= max-block */
    opt.max_lookahead = 16 * 1024;
    ck_assert_int_eq(pith_options_check(&opt, err, sizeof err), PITH_EINVAL);
    ck_assert_msg(strstr(err, "max-lookahead (16384) must be at least max-block (65536)"), "%s", err);
    ck_assert_int_eq(pith_new(&pf, &opt, capture_sink, &cap), PITH_EINVAL);
    ck_assert_ptr_null(pf);
    /* row 15: max_tag = SIZE_MAX is refused by the API, with its name */
    pith_options_init(&opt);
    opt.max_tag = SIZE_MAX;
    ck_assert_int_eq(pith_options_check(&opt, err, sizeof err), PITH_EINVAL);
    ck_assert_msg(strstr(err, "max-tag:") != NULL, "%s", err);
    ck_assert_int_eq(pith_new(&pf, &opt, capture_sink, &cap), PITH_EINVAL);
    pith_options_init(&opt);
    opt.max_block = SIZE_MAX;
    opt.max_lookahead = SIZE_MAX;
    ck_assert_int_eq(pith_options_check(&opt, err, sizeof err), PITH_EINVAL);
    pith_options_init(&opt);
    opt.lookahead = 4294967295u;
    ck_assert_int_eq(pith_options_check(&opt, err, sizeof err), PITH_EINVAL);
    ck_assert_msg(strstr(err, "lookahead:") != NULL, "%s", err);
    pith_options_init(&opt);
    opt.max_depth = 0;
    ck_assert_int_eq(pith_options_check(&opt, NULL, 0), PITH_EINVAL);
    /* the largest accepted values still make a filter that works */
    pith_options_init(&opt);
    opt.max_tag = opt.max_block = opt.max_lookahead = opt.max_pending = (size_t)1 << 30;
    ck_assert_int_eq(pith_options_check(&opt, err, sizeof err), PITH_OK);
    {
        result r = run_str(&opt, "<html><body><p>A paragraph of story text that is long "
                                 "enough to be kept by the classifier, one would hope, "
                                 "with some more words.</p></body></html>");
        ck_assert_int_eq(r.feed_rc, PITH_OK);
        ck_assert_int_eq(r.finish_rc, PITH_OK);
        result_free(&r);
    }
    ck_assert_int_eq(pith_options_check(NULL, err, sizeof err), PITH_EINVAL);
    /* style and url set directly are checked as the parser would */
    pith_options_init(&opt);
    opt.style = 2;
    ck_assert_int_eq(pith_options_check(&opt, err, sizeof err), PITH_EINVAL);
    ck_assert_msg(strstr(err, "style:") != NULL, "%s", err);
    pith_options_init(&opt);
    opt.url = "javascript:alert(1)";
    ck_assert_int_eq(pith_options_check(&opt, err, sizeof err), PITH_EINVAL);
    ck_assert_msg(strstr(err, "url:") != NULL, "%s", err);
    ck_assert_int_eq(pith_new(&pf, &opt, capture_sink, &cap), PITH_EINVAL);
    {
        /* a URL of 4097 bytes is refused, 4096 taken */
        static char long_url[4100];
        memset(long_url, 'a', sizeof long_url - 1);
        memcpy(long_url, "http://x/", 9);
        long_url[4097] = '\0';
        opt.url = long_url;
        ck_assert_int_eq(pith_options_check(&opt, err, sizeof err), PITH_EINVAL);
        long_url[4096] = '\0';
        ck_assert_int_eq(pith_options_check(&opt, err, sizeof err), PITH_OK);
    }
}
END_TEST

START_TEST(test_set_then_check)
{
    /* what mod_pith's configtest does: set each directive, check the whole */
    pith_options opt;
    char err[200];

    pith_options_init(&opt);
    ck_assert_int_eq(pith_option_set(&opt, "MaxLookahead", "16k", err, sizeof err), PITH_OK);
    ck_assert_int_eq(pith_options_check(&opt, err, sizeof err), PITH_EINVAL);
    ck_assert_int_eq(pith_option_set(&opt, "MaxBlock", "16k", err, sizeof err), PITH_OK);
    ck_assert_int_eq(pith_options_check(&opt, err, sizeof err), PITH_OK);
}
END_TEST

Suite *make_options_suite(void)
{
    Suite *s = suite_create("options");
    TCase *tc = tcase_create("Core");
    tcase_add_loop_test(tc, test_set, 0, (int)(sizeof set_cases / sizeof set_cases[0]));
    tcase_add_test(tc, test_values);
    tcase_add_test(tc, test_check);
    tcase_add_test(tc, test_set_then_check);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(make_options_suite)
