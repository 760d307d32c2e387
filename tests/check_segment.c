#include "check_pith.h"
Suite *make_segment_suite(void)
{
    Suite *s = suite_create("segment");
    return s;
}
