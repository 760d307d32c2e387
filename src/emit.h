/* emit.h -- stage 6: writes decided blocks as html, text, jsonl or annotate.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_EMIT_H
#define PITH_EMIT_H
#include "block.h"
#include "page.h"
#include "buf.h"

struct pith_filter;

typedef struct pith_emit {
    int started;              /* the document head was written */
    unsigned written;         /* blocks written */
    pith_container open[PITH_CONTAINERS]; /* containers open in the output */
    unsigned nopen;
    unsigned td_at;           /* > 0: a <td> emit opened (for blocks a row
                                 holds outside a cell of their own) is open
                                 in the row open[td_at - 1] */
    pith_buf out;             /* output gathered for one sink call */
} pith_emit;

int pith_emit_init(struct pith_filter *pf);
int pith_emit_block(struct pith_filter *pf, const pith_block *b);
/* Passes gathered output to the sink. */
int pith_emit_flush(struct pith_filter *pf);
int pith_emit_finish(struct pith_filter *pf);
void pith_emit_free(struct pith_filter *pf);
/* Blocks written in the page so far. */
unsigned pith_emit_written(const struct pith_filter *pf);
/* After pith_emit_finish: the next page's output is a document of its own. */
void pith_emit_reset(struct pith_filter *pf);

#endif
