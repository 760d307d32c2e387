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
#include "block.h"
#include "page.h"
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
    /* shared by the stages after parse (block.h, page.h) */
    pith_page page;          /* filled by segment, read by classify and emit */
    pith_block_pool blocks;  /* blocks segment fills, given back by classify */
};

/* A new document begins in the stream (rawtext saw it): ends the page read
   so far as pith_finish would (its blocks decided and written, its document
   closed) and readies every stage for the next page, so that each page of a
   stream comes out as if it had been alone.  api.c. */
int pith_page_next(struct pith_filter *pf);

#endif
