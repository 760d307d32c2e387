#include "check_pith.h"
Suite *make_emit_suite(void)
{
    Suite *s = suite_create("emit");
    return s;
}
