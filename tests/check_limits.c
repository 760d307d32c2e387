#include "check_pith.h"
Suite *make_limits_suite(void)
{
    Suite *s = suite_create("limits");
    return s;
}
