/* segment.h -- stage 4: SAX events to text blocks with their features.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_SEGMENT_H
#define PITH_SEGMENT_H
#include <stddef.h>
#include "buf.h"

struct pith_filter;

/* Cues read from tags and class/id/role/itemprop tokens of ancestors. */
enum pith_cue {
    CUE_STORY,      /* articleBody, article-body, entry-content, ... */
    CUE_ARTICLE,    /* <article>, <main>, role=main, "article", "story" */
    CUE_NAV,        /* <nav>, menu, breadcrumb, pagination, share, tags */
    CUE_HEADER,     /* <header> (page level), masthead, topbar */
    CUE_FOOTER,     /* <footer>, copyright, legal */
    CUE_AD,         /* ad slots, sponsored, promo, subscription upsells */
    CUE_REC,        /* related, recommended, latest, most read, teasers */
    CUE_ASIDE,      /* <aside>, sidebar, rail, widget */
    CUE_COMMENT,    /* comments, replies */
    CUE_META,       /* byline, author, date, dateline */
    CUE_CAPTION,    /* figcaption, caption, credit */
    CUE_SOCIAL,     /* share, social, follow */
    CUE_FORM,       /* <form>, newsletter box, search */
    CUE_HEADLINE,   /* headline / title classes */
    CUE_COUNT
};

#define PITH_PATH 24      /* ancestor serials kept per block */
#define PITH_CONTAINERS 8 /* structural containers kept per block (emit) */

typedef struct pith_container {
    unsigned serial;
    unsigned char tag;    /* tag id (segment.c) */
} pith_container;

typedef struct pith_block {
    pith_buf text;        /* visible text, whitespace collapsed */
    pith_buf html;        /* the same with clean inline markup */
    unsigned seq;         /* block number in the page, from 0 */
    unsigned words, link_words, chars, links, imgs, sentences, commas, digits;
    unsigned char tag;    /* tag id of the block element */
    unsigned char heading;/* 1-6 for h1-h6, else 0 */
    unsigned char depth;  /* element depth */
    unsigned char pre;    /* preformatted */
    unsigned char in_link;/* the whole block sits inside one link */
    unsigned char cue_depth[CUE_COUNT]; /* depth of the nearest ancestor with the cue, 0 if none */
    unsigned path[PITH_PATH]; /* serials of the innermost ancestors, innermost last */
    unsigned npath;
    pith_container cont[PITH_CONTAINERS];
    unsigned ncont;
    unsigned long long offset; /* input offset where its text begins */
    /* set by classify */
    int label;
    float confidence;
    int score;
    struct pith_block *next;
} pith_block;

typedef struct pith_elem {
    unsigned serial;
    unsigned char tag;
    unsigned char flags;           /* T_* of the tag */
    unsigned char skip;            /* its text is not visible */
    unsigned char cue_depth[CUE_COUNT];
} pith_elem;

typedef struct pith_segment {
    pith_elem *stack;      /* max_depth entries */
    unsigned depth;        /* elements on the stack */
    unsigned overflow;     /* elements deeper than max_depth */
    unsigned serial;       /* next element serial */
    unsigned skip;         /* depth of skipping ancestors */
    unsigned link;         /* open <a> elements */
    pith_block *cur;       /* block being filled, or NULL */
    unsigned seq;          /* next block number */
    int space;             /* a space is due before the next word */
    int brs;               /* <br> seen since the last text */
    unsigned open[8];      /* serials of inline elements open in cur->html */
    unsigned char open_tag[8];
    unsigned nopen;
    int inword;            /* the last character counted was part of a word */
    pith_buf href;         /* href of the open <a> */
    unsigned href_serial;
    unsigned counted_link; /* serial of the last link counted in cur */
    unsigned char intitle;
    pith_buf title;        /* <title> text */
    char lang[24];         /* <html lang> */
    pith_block *free_blocks; /* recycled blocks */
} pith_segment;

int pith_segment_init(struct pith_filter *pf);
/* SAX events (UTF-8, from the parser). */
int pith_segment_start(struct pith_filter *pf, const char *name, const char **atts);
int pith_segment_end(struct pith_filter *pf, const char *name);
int pith_segment_text(struct pith_filter *pf, const char *s, size_t n);
/* Ends the current block, if any (flush and end of page). */
int pith_segment_cut(struct pith_filter *pf);
void pith_segment_free(struct pith_filter *pf);

/* Blocks are recycled through the segment stage. */
void pith_block_release(struct pith_filter *pf, pith_block *b);
void pith_block_destroy(struct pith_filter *pf, pith_block *b);

/* Tag names by id, for emit and jsonl. */
const char *pith_tag_name(unsigned tag);
enum { PITH_TAG_OTHER = 0 };
unsigned pith_tag_id(const char *name);

#endif
