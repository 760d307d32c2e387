#include "check_pith.h"
Suite *make_stream_suite(void)
{
    Suite *s = suite_create("stream");
    return s;
}
