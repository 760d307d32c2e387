/* segment.h -- stage 4: SAX events to text blocks with their features.
 *
 * Takes the parser's events, fills blocks (block.h) and hands each finished
 * one to classify; fills the page's facts (page.h) as its head goes by.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_SEGMENT_H
#define PITH_SEGMENT_H
#include <stddef.h>
#include "buf.h"
#include "block.h"

struct pith_filter;

typedef struct pith_elem {
    unsigned serial;
    unsigned char tag;
    unsigned char flags;           /* T_* of the tag */
    unsigned char skip;            /* its text is not visible */
    unsigned char cue_depth[CUE_COUNT];
    unsigned fl_rule[2];           /* as in pith_block */
} pith_elem;

#define SEG_CACHE 128        /* entries of the value cue cache */
#define SEG_CACHE_VALUE 122  /* longest value kept + 1 */
#define SEG_TOK_CACHE 256    /* entries of the token cache */
#define SEG_HASH_INIT 2166136261u

typedef struct pith_segment {
    pith_elem *stack;      /* max_depth entries */
    unsigned depth;        /* elements on the stack */
    unsigned overflow;     /* elements deeper than max_depth */
    unsigned serial;       /* next element serial */
    unsigned npre;         /* <pre> elements on the stack */
    unsigned nheading;     /* heading elements (h1-h6) on the stack */
    unsigned link;         /* open <a> elements */
    pith_block *cur;       /* block being filled, or NULL */
    unsigned seq;          /* next block number */
    int space;             /* a space is due before the next word */
    int link_closed;       /* an <a> ended and no text came since: the next
                              link's words are words apart ("<a>tag</a><a>tag</a>") */
    int brs;               /* <br> seen since the last text */
    unsigned open[8];      /* serials of inline elements open in cur->html */
    unsigned char open_tag[8];
    unsigned nopen;
    unsigned synced_serial, synced_depth; /* the stack (serial, depth) open[] */
    int synced;            /* ... matches, unless closed since */
    int inword;            /* the last character counted was part of a word */
    pith_buf href;         /* href of the open <a> */
    unsigned href_serial;
    unsigned pager_serial; /* serial of the open <a>, if rel says prev or next */
    unsigned href_kind;    /* what its href says: bits 1 << LK_* */
    unsigned counted_link; /* serial of the last link counted in cur */
    unsigned char intitle; /* inside the page's <title> */
    unsigned char title_full; /* the next character of the title does not fit */
    /* From here on, what the next page of a stream keeps (tables that do not
       depend on the page). */
    unsigned char tag_index[PITH_TAG_SLOTS]; /* tag ids by name (pith_tag_index) */
    /* what the last class, id and data values seen say (their cue bits, and
       for a class whether it hides its element), by a hash of the value
       (direct-mapped: a value evicts another of the same slot; values of
       SEG_CACHE_VALUE bytes or more are not kept) */
    struct seg_cue_cache {
        unsigned bits;
        unsigned char len;     /* 0: empty */
        unsigned char known;   /* VC_* in segment.c: what is known of it */
        char value[SEG_CACHE_VALUE];
    } cue_cache[SEG_CACHE];
    /* what each class/id token says alone, by a hash of the token (the same
       way: direct-mapped, tokens of at most 31 bytes) */
    struct seg_tok_cache {
        unsigned bits;
        unsigned char len;     /* 0: empty */
        unsigned char flags;   /* TK_* in attrcue.c */
        char tok[31];
    } tok_cache[SEG_TOK_CACHE];
} pith_segment;

int pith_segment_init(struct pith_filter *pf);
/* SAX events (UTF-8, from the parser).  pos is the parser's position: where
   the start tag ends, where the text begins (in the bytes the parser was
   given; the block's input offset is read from it). */
int pith_segment_start(struct pith_filter *pf, const char *name, const char **atts,
                       unsigned long long pos);
int pith_segment_end(struct pith_filter *pf, const char *name);
int pith_segment_text(struct pith_filter *pf, const char *s, size_t n, unsigned long long pos);
/* Ends the current block, if any (flush and end of page). */
int pith_segment_cut(struct pith_filter *pf);
void pith_segment_free(struct pith_filter *pf);
/* 1 if the tables of class/id tokens that give cues and that pair with
   another are sorted (they are searched by halves) and name only cues that
   exist; for the tests. */
int pith_segment_cue_words_ok(void);

/* attrcue.c: the CUE_* bits of a class or id value (tokens looked up
   through cache); whether a class value holds a class name that hides its
   element, or a style value display:none or visibility:hidden; the cues of
   a role and of an itemprop value. */
unsigned pith_value_cues(struct seg_tok_cache *cache, const char *v);
int pith_hidden_class(const char *v);
int pith_style_hidden(const char *v);
unsigned pith_role_cues(const char *v);
unsigned pith_itemprop_cues(const char *v);
/* attrcue.c: what an href says of where the link goes, bits 1 << LK_*
   (block.h); 0 for none. */
unsigned pith_link_kind(const char *href);
/* Whether the words of LK_PROMO are sorted, lower case, and within the
   first letters and length that pith_link_kind's quick test lets through. */
int pith_promo_words_ok(void);
/* After a cut: forgets the page (elements, block numbers) for the next page
   of the stream; the caches of cue values stay. */
void pith_segment_reset(struct pith_filter *pf);

#endif
