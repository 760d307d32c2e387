/* parse.h -- stage 3: libxml2's HTML push parser, SAX events only.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_PARSE_H
#define PITH_PARSE_H
#include <stddef.h>
#include "buf.h"

struct pith_filter;

typedef struct pith_parse {
    void *ctxt;           /* htmlParserCtxtPtr, created with the first bytes */
    pith_buf pending;     /* bytes gathered for the next htmlParseChunk */
    int stopped;          /* the parser was stopped (error) */
    unsigned long long text_at; /* position of the text being handed to segment */
    unsigned long long mark;    /* position where the last SAX event ended */
    int mark_gt;                /* ... before the '>' of a start tag */
    unsigned long long fed;     /* bytes given to libxml2, all pages */
    unsigned long long base;    /* ... before the current page's parser */
} pith_parse;

int pith_parse_init(struct pith_filter *pf);
/* Takes bytes from the rawtext stage; they reach the parser by pith_parse_push
   or when enough are gathered. */
int pith_parse_feed(struct pith_filter *pf, const char *buf, size_t n);
/* Hands all gathered bytes to the parser now. */
int pith_parse_push(struct pith_filter *pf);
int pith_parse_finish(struct pith_filter *pf);
/* After pith_parse_finish: drops the parser; the next bytes start a new
   document in a new one, at positions that go on from the last. */
void pith_parse_reset(struct pith_filter *pf);
void pith_parse_free(struct pith_filter *pf);
/* Position of the parser in the bytes it was given. */
unsigned long long pith_parse_position(struct pith_filter *pf);

#ifdef PITH_NESTING_CHECK
#include "nesting.h"
/* Aborts if the parser's open elements are not those of ns, the rawtext
   stage's mirror of them (nesting.c). */
void pith_parse_check_nesting(struct pith_filter *pf, const pith_nesting *ns);
#endif

#endif
