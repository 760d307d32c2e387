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
    CUE_PROMO,      /* "promo": a teaser (news CMSs) or an ad (shops) */
    CUE_FILTER,     /* a filter-list rule hides it (filterlist.c) */
    CUE_ADSERVER,   /* an ad slot: it holds a frame, script or image of an ad server */
    CUE_COUNT
};

enum {
    T_BLOCK = 1,      /* starts and ends a block */
    T_SKIP = 2,       /* its text is never visible */
    T_INLINE = 4,     /* kept as inline markup in html output */
    T_CONTAINER = 8,  /* kept as a structural container in html output */
    T_HEADING = 16
};

/* What a story block is within the story; text output keeps the body. */
enum pith_role { ROLE_BODY, ROLE_HEADLINE, ROLE_BYLINE, ROLE_CAPTION, ROLE_HEADER };

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
    unsigned fl_rule[2];  /* filter-list rules of CUE_FILTER and CUE_ADSERVER (filterlist.c) */
    unsigned path[PITH_PATH]; /* serials of the innermost ancestors, innermost last */
    unsigned npath;
    pith_container cont[PITH_CONTAINERS];
    unsigned ncont;
    unsigned long long offset; /* input offset where its text begins */
    /* set by classify */
    int label;
    float confidence;
    int score;
    int plain;            /* local score without text cues, for neighbours */
    int role;             /* enum pith_role: body, headline, byline, caption */
    struct pith_block *next;
} pith_block;

typedef struct pith_elem {
    unsigned serial;
    unsigned char tag;
    unsigned char flags;           /* T_* of the tag */
    unsigned char skip;            /* its text is not visible */
    unsigned char cue_depth[CUE_COUNT];
    unsigned fl_rule[2];           /* as in pith_block */
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
    unsigned char title_full; /* the next character of the title does not fit */
    pith_buf title;        /* <title> text */
    char lang[24];         /* <html lang> */
    char base[1024];       /* href of the first <base>, if http(s) or relative */
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
/* After a cut: forgets the page (elements, title, language, block numbers)
   for the next page of the stream. */
void pith_segment_reset(struct pith_filter *pf);

/* Blocks are recycled through the segment stage. */
void pith_block_release(struct pith_filter *pf, pith_block *b);
void pith_block_destroy(struct pith_filter *pf, pith_block *b);

/* Every tag pith knows, sorted by name for bsearch; the id of a tag is its
   index + 1 (TAG_<name>, in segment.h), 0 for any other. */
#define PITH_TAGS(X) \
    X(a, T_INLINE, -1) \
    X(abbr, T_INLINE, -1) \
    X(address, T_BLOCK, -1) \
    X(article, T_BLOCK, CUE_ARTICLE) \
    X(aside, T_BLOCK, CUE_ASIDE) \
    X(audio, T_SKIP, -1) \
    X(b, T_INLINE, -1) \
    X(blockquote, T_BLOCK | T_CONTAINER, -1) \
    X(body, T_BLOCK, -1) \
    X(br, 0, -1) \
    X(button, T_SKIP, -1) \
    X(canvas, T_SKIP, -1) \
    X(caption, T_BLOCK, CUE_CAPTION) \
    X(center, T_BLOCK, -1) \
    X(cite, T_INLINE, -1) \
    X(code, T_INLINE, -1) \
    X(datalist, T_SKIP, -1) \
    X(dd, T_BLOCK, -1) \
    X(del, T_INLINE, -1) \
    X(details, T_BLOCK, -1) \
    X(dfn, T_INLINE, -1) \
    X(dialog, T_BLOCK, -1) \
    X(dir, T_BLOCK | T_CONTAINER, -1) \
    X(div, T_BLOCK, -1) \
    X(dl, T_BLOCK | T_CONTAINER, -1) \
    X(dt, T_BLOCK, -1) \
    X(em, T_INLINE, -1) \
    X(embed, T_SKIP, -1) \
    X(fieldset, T_BLOCK, -1) \
    X(figcaption, T_BLOCK, CUE_CAPTION) \
    X(figure, T_BLOCK | T_CONTAINER, -1) \
    X(footer, T_BLOCK, CUE_FOOTER) \
    X(form, T_BLOCK, CUE_FORM) \
    X(frameset, T_SKIP, -1) \
    X(h1, T_BLOCK | T_HEADING, -1) \
    X(h2, T_BLOCK | T_HEADING, -1) \
    X(h3, T_BLOCK | T_HEADING, -1) \
    X(h4, T_BLOCK | T_HEADING, -1) \
    X(h5, T_BLOCK | T_HEADING, -1) \
    X(h6, T_BLOCK | T_HEADING, -1) \
    X(head, T_SKIP, -1) \
    X(header, T_BLOCK, CUE_HEADER) \
    X(hgroup, T_BLOCK, -1) \
    X(hr, T_BLOCK, -1) \
    X(html, T_BLOCK, -1) \
    X(i, T_INLINE, -1) \
    X(iframe, T_SKIP, -1) \
    X(img, 0, -1) \
    X(input, T_SKIP, -1) \
    X(ins, T_INLINE, -1) \
    X(kbd, T_INLINE, -1) \
    X(legend, T_BLOCK, -1) \
    X(li, T_BLOCK, -1) \
    X(main, T_BLOCK, CUE_ARTICLE) \
    X(map, T_SKIP, -1) \
    X(mark, T_INLINE, -1) \
    X(math, T_SKIP, -1) \
    X(menu, T_BLOCK | T_CONTAINER, CUE_NAV) \
    X(meter, T_SKIP, -1) \
    X(nav, T_BLOCK, CUE_NAV) \
    X(noscript, T_SKIP, -1) \
    X(object, T_SKIP, -1) \
    X(ol, T_BLOCK | T_CONTAINER, -1) \
    X(optgroup, T_SKIP, -1) \
    X(option, T_SKIP, -1) \
    X(output, T_SKIP, -1) \
    X(p, T_BLOCK, -1) \
    X(pre, T_BLOCK, -1) \
    X(progress, T_SKIP, -1) \
    X(q, T_INLINE, -1) \
    X(rp, T_SKIP, -1) \
    X(s, T_INLINE, -1) \
    X(samp, T_INLINE, -1) \
    X(script, T_SKIP, -1) \
    X(section, T_BLOCK, -1) \
    X(select, T_SKIP, -1) \
    X(small, T_INLINE, -1) \
    X(strike, T_INLINE, -1) \
    X(strong, T_INLINE, -1) \
    X(style, T_SKIP, -1) \
    X(sub, T_INLINE, -1) \
    X(summary, T_BLOCK, -1) \
    X(sup, T_INLINE, -1) \
    X(svg, T_SKIP, -1) \
    X(table, T_BLOCK | T_CONTAINER, -1) \
    X(tbody, T_BLOCK, -1) \
    X(td, T_BLOCK, -1) \
    X(template, T_SKIP, -1) \
    X(textarea, T_SKIP, -1) \
    X(tfoot, T_BLOCK, -1) \
    X(th, T_BLOCK, -1) \
    X(thead, T_BLOCK, -1) \
    X(time, T_INLINE, -1) \
    X(title, T_SKIP, -1) \
    X(tr, T_BLOCK | T_CONTAINER, -1) \
    X(tt, T_INLINE, -1) \
    X(u, T_INLINE, -1) \
    X(ul, T_BLOCK | T_CONTAINER, -1) \
    X(var, T_INLINE, -1) \
    X(video, T_SKIP, -1)

#define PITH_TAG_ENUM(name, flags, cue) TAG_##name,
enum { PITH_TAG_OTHER = 0, PITH_TAGS(PITH_TAG_ENUM) PITH_NTAGS_PLUS1 };

/* Tag names by id, for emit and jsonl. */
const char *pith_tag_name(unsigned tag);
unsigned pith_tag_id(const char *name);

#endif
