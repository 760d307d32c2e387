/* check_pith.c -- runs every suite of pith.
 *
 *   tests/check_pith                         all suites
 *   CK_RUN_SUITE=decode tests/check_pith     one suite (CK_RUN_CASE: one case)
 *   CK_FORK=no valgrind tests/.libs/check_pith   under valgrind
 * Suite names: api decode rawtext segment emit classify stream limits
 * hostile_api.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stdlib.h>
#include "check_pith.h"

int main(void)
{
    SRunner *sr = srunner_create(make_api_suite());
    int failed;

    srunner_add_suite(sr, make_decode_suite());
    srunner_add_suite(sr, make_rawtext_suite());
    srunner_add_suite(sr, make_segment_suite());
    srunner_add_suite(sr, make_emit_suite());
    srunner_add_suite(sr, make_classify_suite());
    srunner_add_suite(sr, make_stream_suite());
    srunner_add_suite(sr, make_limits_suite());
    srunner_add_suite(sr, make_hostile_api_suite());
    /* CK_ENV: CK_VERBOSITY, CK_RUN_SUITE, CK_RUN_CASE, CK_FORK are honoured */
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
