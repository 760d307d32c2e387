#include "check_pith.h"
Suite *make_rawtext_suite(void)
{
    Suite *s = suite_create("rawtext");
    return s;
}
