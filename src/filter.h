/* filter.h -- the filter handle shared by the stages (never installed).
 *
 * Data flows one way: api -> decode -> rawtext -> parse -> segment ->
 * classify -> emit -> sink.  Each stage keeps its state in its own member.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_FILTER_H
#define PITH_FILTER_H
#include "pith.h"
#include "alloc.h"
#include "buf.h"
#include "decode.h"
#include "rawtext.h"
#include "parse.h"
#include "segment.h"
#include "classify.h"
#include "emit.h"
#include "filterlist.h"

enum pith_state {
    PITH_S_FEED,     /* accepting feed() and flush() */
    PITH_S_DONE      /* finish() was called; only free() is left */
};

struct pith_filter {
    pith_options opt;
    char *charset;           /* our copy of opt.charset */
    char *url;               /* our copy of opt.url */
    char host[256];          /* the page's host from opt.url, lower case, or "" */
    const char *fl_sites[4]; /* suffixes of host with site rules (filterlist.c) */
    unsigned fl_nsites;      /* 1 + their number once found, 0 before */
    pith_mem mem;
    pith_sink_fn sink;
    void *opaque;
    int state;               /* enum pith_state */
    int err;                 /* first error, sticky */
    int busy;                /* inside a public call (the sink may be running):
                                re-entrant calls are refused */
    unsigned long long in_bytes, out_bytes;
    pith_decode dec;
    pith_rawtext raw;
    pith_parse parse;
    pith_segment seg;
    pith_classify cls;
    pith_emit emit;
};

/* A new document begins in the stream (rawtext saw it): ends the page read
   so far as pith_finish would (its blocks decided and written, its document
   closed) and readies every stage for the next page, so that each page of a
   stream comes out as if it had been alone.  api.c. */
int pith_page_next(struct pith_filter *pf);

#endif
