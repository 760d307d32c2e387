/* page.c -- what is known of the page as a whole (page.h).
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <string.h>
#include "page.h"

void pith_page_reset(pith_page *p)
{
    pith_buf title = p->title;
    const char *url = p->url;
    pith_buf_reset(&title);
    memset(p, 0, sizeof *p);
    p->title = title;
    p->url = url;
}

void pith_page_free(pith_page *p, const pith_mem *mem)
{
    pith_buf_free(&p->title, mem);
}
