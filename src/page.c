/* page.c -- what is known of the page as a whole (page.h).
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <string.h>
#include "page.h"

void pith_page_reset(pith_page *p)
{
    pith_buf_reset(&p->title);
    memset(p->lang, 0, sizeof p->lang);
    memset(p->base, 0, sizeof p->base);
    if (p->host_from_page) {
        p->host[0] = '\0';
        p->host_from_page = 0;
        p->fl_nsites = 0;           /* found again for the next page's host */
    }
}

void pith_page_free(pith_page *p, const pith_mem *mem)
{
    pith_buf_free(&p->title, mem);
}
