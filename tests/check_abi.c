/* check_abi.c -- the ABI guard of pith_new: a caller compiled with another
 * pith_options (layout version or size) is refused with PITH_EINVAL, and the
 * plain function pith_new, kept for programs built before the guard, still
 * creates a filter.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stdlib.h>
#include "check_pith.h"

static int null_sink(void *opaque, const char *buf, size_t len)
{
    (void)opaque, (void)buf, (void)len;
    return 0;
}

START_TEST(test_macro_passes_version_and_size)
{
    pith_filter *pf = NULL;
    ck_assert_int_eq(pith_new(&pf, NULL, null_sink, NULL), PITH_OK);
    ck_assert_ptr_nonnull(pf);
    pith_free(pf);
}
END_TEST

START_TEST(test_other_size_refused)
{
    static const size_t delta[] = { 1, 8, 64 };
    pith_filter *pf = (pith_filter *)&pf;          /* must stay unchanged */
    pith_options opt;
    pith_options_init(&opt);
    for (size_t i = 0; i < sizeof delta / sizeof delta[0]; i++) {
        ck_assert_int_eq(pith_new_(&pf, &opt, null_sink, NULL, PITH_OPTIONS_VERSION,
                                   sizeof(pith_options) - delta[i]), PITH_EINVAL);
        ck_assert_int_eq(pith_new_(&pf, &opt, null_sink, NULL, PITH_OPTIONS_VERSION,
                                   sizeof(pith_options) + delta[i]), PITH_EINVAL);
        ck_assert_ptr_eq(pf, (pith_filter *)&pf);
    }
}
END_TEST

START_TEST(test_other_version_refused)
{
    pith_filter *pf = (pith_filter *)&pf;
    ck_assert_int_eq(pith_new_(&pf, NULL, null_sink, NULL, PITH_OPTIONS_VERSION + 1,
                               sizeof(pith_options)), PITH_EINVAL);
    ck_assert_int_eq(pith_new_(&pf, NULL, null_sink, NULL, 0, sizeof(pith_options)),
                     PITH_EINVAL);
    ck_assert_ptr_eq(pf, (pith_filter *)&pf);
}
END_TEST

/* (pith_new) is the function, not the macro: what an older program calls. */
START_TEST(test_plain_function)
{
    pith_filter *pf = NULL;
    pith_options opt;
    int (*fn)(pith_filter **, const pith_options *, pith_sink_fn, void *) = pith_new;
    pith_options_init(&opt);
    opt.format = PITH_FORMAT_TEXT;
    ck_assert_int_eq((pith_new)(&pf, &opt, null_sink, NULL), PITH_OK);
    ck_assert_int_eq(pith_feed(pf, "<p>a b c</p>", 12), PITH_OK);
    ck_assert_int_eq(pith_finish(pf), PITH_OK);
    pith_free(pf);
    pf = NULL;
    ck_assert_int_eq(fn(&pf, NULL, NULL, NULL), PITH_EINVAL);   /* still checks its arguments */
    ck_assert_ptr_null(pf);
}
END_TEST

START_TEST(test_version_macros)
{
    ck_assert_int_eq(PITH_VERSION_NUM >> 16, 0);
    ck_assert_int_eq((PITH_VERSION_NUM >> 8) & 0xff, 1);
    ck_assert_str_eq(PITH_VERSION, "0.1.0");
    ck_assert_int_ge(PITH_OPTIONS_VERSION, 1);
}
END_TEST

Suite *make_abi_suite(void)
{
    Suite *s = suite_create("abi");
    TCase *tc = tcase_create("Options");
    tcase_add_test(tc, test_macro_passes_version_and_size);
    tcase_add_test(tc, test_other_size_refused);
    tcase_add_test(tc, test_other_version_refused);
    tcase_add_test(tc, test_plain_function);
    tcase_add_test(tc, test_version_macros);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(make_abi_suite)
