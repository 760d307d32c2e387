/* block.h -- the block: the contract between segment, classify and emit.
 *
 * Segment fills a block's text, markup and features and hands it on;
 * classify sets its label, confidence, score and role; emit only reads it.
 * Here too are the tables every stage reads the same way: the tags pith
 * knows (PITH_TAGS), the cues (PITH_CUES) and the roles (PITH_ROLES).  Each
 * is declared once, as an X-macro, and the enums and names come from it.
 * See docs/ARCHITECTURE.md.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_BLOCK_H
#define PITH_BLOCK_H
#include <stddef.h>
#include "alloc.h"
#include "buf.h"

/* Cues read from the tags and the class/id/role/itemprop tokens of a
   block's ancestors: X(ENUM, name), the name being the one jsonl writes.
   Adding a cue: one line here (before the last, at the end for the jsonl
   order of existing ones), the tokens or tags that give it (segment.c,
   PITH_TAGS) and what it means (classify.c). */
#define PITH_CUES(X) \
    X(STORY, story)       /* articleBody, article-body, entry-content, ... */ \
    X(ARTICLE, article)   /* <article>, <main>, role=main, "article", "story" */ \
    X(NAV, nav)           /* <nav>, menu, breadcrumb, pagination, share, tags */ \
    X(HEADER, header)     /* <header> (page level), masthead, topbar */ \
    X(FOOTER, footer)     /* <footer>, copyright, legal */ \
    X(AD, ad)             /* ad slots, sponsored, promo, subscription upsells */ \
    X(REC, rec)           /* related, recommended, latest, most read, teasers */ \
    X(ASIDE, aside)       /* <aside>, sidebar, rail, widget */ \
    X(COMMENT, comment)   /* comments, replies */ \
    X(META, meta)         /* byline, author, date, dateline */ \
    X(CAPTION, caption)   /* figcaption, caption, credit */ \
    X(SOCIAL, social)     /* share, social, follow */ \
    X(FORM, form)         /* <form>, newsletter box, search */ \
    X(HEADLINE, headline) /* headline / title classes */ \
    X(PROMO, promo)       /* "promo": a teaser (news CMSs) or an ad (shops) */ \
    X(FILTER, filter)     /* a filter-list rule hides it (filterlist.c) */ \
    X(ADSERVER, adserver) /* an ad slot: it holds a frame, script or image of an ad server */ \
    X(BIO, bio)           /* an author's biography box: author-box, author-bio, about-author */

#define PITH_CUE_ENUM(id, name) CUE_##id,
enum pith_cue { PITH_CUES(PITH_CUE_ENUM) CUE_COUNT };
/* cues are kept as bits of an unsigned while an element's tokens are read */
_Static_assert(CUE_COUNT <= 32, "a cue is a bit of an unsigned");

/* What a story block is within the story (text output keeps the body):
   X(ENUM, name), the name being the one jsonl writes. */
#define PITH_ROLES(X) \
    X(BODY, body) \
    X(HEADLINE, headline) \
    X(BYLINE, byline) \
    X(CAPTION, caption) \
    X(HEADER, header)

#define PITH_ROLE_ENUM(id, name) ROLE_##id,
enum pith_role { PITH_ROLES(PITH_ROLE_ENUM) ROLE_COUNT };

/* The names of cues and roles, as jsonl writes them ("?" out of range). */
const char *pith_cue_name(unsigned cue);
const char *pith_role_name(unsigned role);

enum {
    T_BLOCK = 1,      /* starts and ends a block */
    T_SKIP = 2,       /* its text is never visible */
    T_INLINE = 4,     /* kept as inline markup in html output */
    T_CONTAINER = 8,  /* kept as a structural container in html output */
    T_HEADING = 16
};

/* What a link's href says of where it goes (attrcue.c, pith_link_kind;
   segment counts a block's links of each kind, classify reads them): a
   place on the page or a script; a social network; an article (a slug of
   four words or more, a long number or a year in the path); a section (a
   path of one short segment, or none); another path.  LK_PROMO, a bit
   beside those: a word of the address names a sale, an offer or a sponsor
   ("shop.", "/deals/", "?linkCode=", "/newsletter", "/abo").  LK_HOME, a
   bit beyond the counted kinds: the path is the site's root ("/"), its
   home page (a section too). */
enum { LK_LOCAL, LK_SOCIAL, LK_ARTICLE, LK_SECTION, LK_PATH, LK_PROMO, LK_COUNT,
       LK_HOME = LK_COUNT };

#define PITH_PATH 24      /* ancestor serials kept per block */
#define PITH_CONTAINERS 8 /* structural containers kept per block (emit) */

typedef struct pith_container {
    unsigned serial;
    unsigned char tag;    /* tag id */
} pith_container;

typedef struct pith_block {
    pith_buf text;        /* visible text, whitespace collapsed */
    pith_buf html;        /* the same with clean inline markup */
    unsigned seq;         /* block number in the page, from 0 */
    unsigned words, link_words, links, imgs, sentences, digits;
    unsigned char tag;    /* tag id of the block element */
    unsigned char heading;/* 1-6 for h1-h6, else 0 */
    unsigned char depth;  /* element depth */
    unsigned char pre;    /* preformatted */
    unsigned char pager;  /* a link in it has rel="prev" or rel="next" */
    unsigned char home;   /* a link in it goes to the site's home page (LK_HOME) */
    unsigned short link_kind[LK_COUNT]; /* its links of each kind (LK_*) */
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
    int role;             /* enum pith_role */
    unsigned char boiler_depth;  /* its nearest boilerplate cue (classify.c, */
    signed char boiler_which;    /* boiler_cue), read once when it is pushed */
    struct pith_block *next;
} pith_block;

/* Blocks are recycled: segment takes them from the pool, classify gives
   them back once emit has written them.  The pool keeps at most four (and
   none whose buffers grew past 64 KiB); the rest are freed. */
typedef struct pith_block_pool {
    pith_block *free;
} pith_block_pool;

/* A block with empty buffers and every field 0, or NULL (out of memory). */
pith_block *pith_block_new(pith_block_pool *pool, const pith_mem *mem);
void pith_block_release(pith_block_pool *pool, const pith_mem *mem, pith_block *b);
/* Frees a block (NULL-safe), and every block the pool keeps. */
void pith_block_destroy(const pith_mem *mem, pith_block *b);
void pith_block_pool_free(pith_block_pool *pool, const pith_mem *mem);

/* Every tag pith knows, sorted by name for bsearch; the id of a tag is its
   index + 1 (TAG_<name>), 0 for any other. */
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
    X(rt, T_SKIP, -1)     /* ruby annotations: the reading of the text beside them */ \
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

/* The tag table (block.c), in the order of PITH_TAGS: read through the
   look-ups below. */
typedef struct pith_tag_info {
    const char *name;
    unsigned char flags;
    signed char cue;      /* enum pith_cue, or -1 */
} pith_tag_info;
extern const pith_tag_info pith_tag_table[];

/* Tag names by id (for emit and jsonl: "div" for an unknown tag), ids by
   name (PITH_TAG_OTHER for an unknown one), flags (T_*) and cue (enum
   pith_cue, or -1) by id.  The look-ups by id are in line: segment makes
   them on every element. */
static inline const char *pith_tag_name(unsigned tag)
{
    return tag >= 1 && tag < PITH_NTAGS_PLUS1 ? pith_tag_table[tag - 1].name : "div";
}
unsigned pith_tag_id(const char *name);
/* The same look-up by hash: pith_tag_index fills an index of
   PITH_TAG_SLOTS bytes (once), pith_tag_find reads it. */
#define PITH_TAG_SLOTS 512
void pith_tag_index(unsigned char *index);
unsigned pith_tag_find(const unsigned char *index, const char *name);
static inline unsigned pith_tag_flags(unsigned tag)
{
    return tag >= 1 && tag < PITH_NTAGS_PLUS1 ? pith_tag_table[tag - 1].flags : 0;
}
static inline int pith_tag_cue(unsigned tag)
{
    return tag >= 1 && tag < PITH_NTAGS_PLUS1 ? pith_tag_table[tag - 1].cue : -1;
}

#endif
