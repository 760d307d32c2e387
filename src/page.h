/* page.h -- what is known of the page as a whole.
 *
 * The caller may give the page's URL (the url option; pith_new sets it and
 * its host; the filter-list hook finds the host's sites once).  Without it,
 * and with a filter list, the page's own URL names the host: the first
 * absolute one of <base href>, <link rel="canonical"> or og:url that
 * segment reads (the sites are then found again).
 * The segment stage fills the rest as the page's head goes by (its <title>,
 * the language of <html lang>, the first <base href>); classify reads the
 * title (a block that repeats it is the headline) and emit writes the title,
 * language and base into the head of the html output, and the site of the
 * URL or base into the reader view's header.  No stage reads another's state
 * for these facts.  See docs/ARCHITECTURE.md.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_PAGE_H
#define PITH_PAGE_H
#include <stdint.h>
#include "alloc.h"
#include "buf.h"

#define PITH_TITLE_MAX 1024  /* bytes of title kept, cut between characters */

typedef struct pith_page {
    const char *url;      /* the url option (the filter's copy), or NULL */
    char host[256];       /* its host, lower case, or "" (set with url, else by segment) */
    int host_from_page;   /* host came from the page, not the url option */
    const char *fl_sites[4]; /* suffixes of host with site rules (filterlist.c) */
    unsigned char fl_site_lens[4]; /* bytes of each that name it: all, or up to
                                      the public suffix for "name.*" rules */
    uint32_t fl_site_bits[4]; /* what each one's rules read (pith_fl_sites) */
    uint32_t fl_site_names; /* the names of the attributes they read, together */
    unsigned fl_nsites;   /* 1 + their number once found, 0 before */
    pith_buf title;       /* <title> text, whitespace collapsed, trimmed */
    char lang[24];        /* <html lang>, if it fits, else "" */
    char base[1024];      /* href of the first <base>, if http(s) or relative */
} pith_page;

/* Forgets what segment read of the page (title, language, base, a host
   the page named; the title's buffer keeps its memory), for the next page
   of a stream: the URL option, its host and sites stay. */
void pith_page_reset(pith_page *p);
void pith_page_free(pith_page *p, const pith_mem *mem);

#endif
