/* nesting.h -- the elements libxml2 holds open, mirrored in front of it.
 *
 * The rawtext stage asks this model, tag by tag, whether libxml2 2.9.14's
 * HTML parser would act on the tag, and keeps from the parser what it would
 * ignore anyway (end tags that match nothing open, repeated <html>, <head>,
 * <body>) and what would take it past a depth cap.  Then every element
 * libxml2 holds is one this model holds, its stack never exceeds the cap,
 * and each end tag it gets closes something: its quadratic paths are gone.
 * Memory: the cap's entries and their names (at most 100 bytes each), and
 * once a start tag is dropped at the cap, PITH_DROPPED names of those.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_NESTING_H
#define PITH_NESTING_H
#include <stddef.h>
#include "alloc.h"
#include "buf.h"

#define PITH_NAME_MAX 100    /* libxml2 reads at most this much of a name */

typedef struct pith_open {
    unsigned off;          /* the name, in pith_nesting.names */
    unsigned char len;
    unsigned char id;      /* its id in pith_nesting_tab, 0 for other names */
    unsigned char prio;    /* the end-tag priority of the element */
    unsigned drops;        /* pith_nesting.drops when it was pushed */
} pith_open;

#define NEST_IDS 128         /* ids of the names libxml2's tables name, and 0 */
#define NEST_SLOTS 512       /* slots of their hash index */

/* The names of libxml2's tables that the model follows, by id (nesting.c). */
typedef struct pith_nesting_tab {
    unsigned char slot[NEST_SLOTS];   /* ids by hash of the name; 0 free */
    const char *name[NEST_IDS];       /* in the tables' strings, not terminated */
    unsigned char len[NEST_IDS];
    unsigned char kind[NEST_IDS];     /* void, head or frame element (K_* in nesting.c) */
    unsigned char prio[NEST_IDS];     /* end-tag priority */
    unsigned long long closed_by[NEST_IDS][2]; /* ids of the start tags that close it */
    unsigned n;                       /* ids given */
} pith_nesting_tab;

/* Start tags dropped at the cap whose end tags the parser must not get
   either: how many of one name are still open, as far as the page goes. */
#define PITH_DROPPED 64      /* names counted at once; a name past them is not */
typedef struct pith_dropped {
    unsigned count;
    unsigned hash;         /* of the name */
    char name[PITH_NAME_MAX + 1];
} pith_dropped;
typedef struct pith_drops {
    pith_dropped by[PITH_DROPPED];
    unsigned char slot[2 * PITH_DROPPED]; /* by hash: 1 + the index in by, or 0 */
} pith_drops;

typedef struct pith_nesting {
    pith_nesting_tab *tab;
    pith_open *el;         /* open elements, the root first */
    unsigned n, cap;       /* how many; most the parser may hold */
    pith_buf names;        /* their names, end to end */
    int html;              /* the parser's record: 3 once a head was open, 10 once a body */
    unsigned misplaced;    /* the parser's count of misplaced <html>/<head>/<body>
                              whose end tag it will ignore */
    unsigned misplaced_kept; /* the same for those kept from it */
    int prolog;            /* nothing but blanks, doctype and comments so far */
    unsigned blanks;       /* blanks in the current run of text */
    int ref;               /* in a character reference: enum in nesting.c */
    unsigned long refval;  /* its value so far */
    pith_drops *dropped;   /* allocated at the first drop */
    unsigned ndropped;     /* names in it: all since their counts were all 0 */
    unsigned dropped_open; /* the sum of their counts */
    unsigned drops;        /* start tags dropped so far */
    int err;               /* PITH_ENOMEM while implying a paragraph */
    unsigned npre;         /* open pre elements */
    unsigned *seen;        /* hashes of the names given to the parser */
    unsigned nseen, size;  /* how many; slots (a power of two, or 0) */
} pith_nesting;

/* Allocates room for cap open elements.  PITH_OK or PITH_ENOMEM. */
int pith_nesting_init(pith_nesting *ns, const pith_mem *m, unsigned cap);
void pith_nesting_free(pith_nesting *ns, const pith_mem *m);
/* A start tag, as its bytes t[0..n) will reach the parser ("<name ...>");
   known, if not NULL, is its name as libxml2 reads it (lower case, all of
   it), else it is read from t.  Returns 1 if the parser should get it (the
   model follows), 0 if not (the model is unchanged), PITH_ENOMEM. */
int pith_nesting_start(pith_nesting *ns, const pith_mem *m, const char *t, size_t n,
                       const char *known);
/* An end tag ("</name ...>", known as above): 1 if the parser should get it, 0 if it would
   do nothing with it, PITH_ENOMEM, or PITH_NESTING_BLOCKED: the parser would
   ignore it because a higher-priority element (div, td, tr, table...) is open
   above the element it names, and pith skips that element's content (T_SKIP
   in block.h), so the rest of the page would stay inside it.  The caller then
   closes the top element (pith_nesting_close_top) and asks again. */
#define PITH_NESTING_BLOCKED 2
int pith_nesting_end(pith_nesting *ns, const pith_mem *m, const char *t, size_t n,
                     const char *known);
/* Writes the end tag of the top element ("</name>") to buf, which holds
   PITH_NAME_MAX + 3 bytes, and closes it in the model; returns its length.
   Only when pith_nesting_end said PITH_NESTING_BLOCKED: the parser, given
   the tag, closes the top element and nothing else. */
size_t pith_nesting_close_top(pith_nesting *ns, char *buf);
/* Text given to the parser (it may imply elements). */
void pith_nesting_text(pith_nesting *ns, const pith_mem *m, const char *s, size_t n);
/* Whether runs of blanks in text, given to the parser now, may shrink to
   their first byte without a change in what the parser does with them or
   in what pith makes of them: the top element cannot imply a paragraph
   (where 1000 blanks would, libxml2 handing them on in 1000-byte pieces)
   and no pre element is open (whose blanks segment keeps). */
int pith_nesting_blanks_free(const pith_nesting *ns);
/* A doctype or comment given to the parser. */
void pith_nesting_markup(pith_nesting *ns, const pith_mem *m);
/* Names (of elements and attributes) stay in libxml2's dictionary until the
   page ends: at most PITH_NAMES different ones go to the parser. */
#define PITH_NAMES 4096
#define PITH_HASH_INIT 2166136261u
#define PITH_HASH(h, c) (((h) ^ (unsigned char)(c)) * 16777619u)
/* Whether a name with this hash (PITH_HASH over its lower-case bytes) may
   go to the parser: 1 (it is counted), 0 past the budget, PITH_ENOMEM. */
int pith_nesting_name(pith_nesting *ns, const pith_mem *m, unsigned hash);
/* Whether "/>" closes the start tag t[0..n) (with its '>') for libxml2. */
int pith_nesting_selfclose(const char *t, size_t n);

#endif
