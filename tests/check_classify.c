#include "check_pith.h"
Suite *make_classify_suite(void)
{
    Suite *s = suite_create("classify");
    return s;
}
