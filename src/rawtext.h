/* rawtext.h -- stage 2: the tokenizer guard in front of libxml2.
 *
 * Keeps from the parser what would make it stall or hold bytes (the content
 * of script/style and other raw-text elements, comments, bogus comments,
 * over-long tags, long runs of text without a tag) and passes everything
 * else through, byte for byte.  See docs/LIBXML2-STREAMING.md.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_RAWTEXT_H
#define PITH_RAWTEXT_H
#include <stddef.h>
#include "buf.h"
#include "nesting.h"

struct pith_filter;

typedef struct pith_rawtext {
    int state;             /* enum in rawtext.c */
    pith_buf tag;          /* the tag being read, passed on whole at its '>' */
    size_t tag_keep;       /* length of tag kept when it overflows max_tag */
    int tag_over;          /* the tag overflowed: later bytes are dropped */
    char quote;            /* quote of the attribute value being read, or 0 */
    int attr_state;        /* where in the tag: enum in rawtext.c */
    char name[16];         /* lower-case tag name (truncated) */
    size_t nname;
    int end_tag;           /* the tag is an end tag */
    char raw[16];          /* raw-text element whose end tag we wait for */
    size_t nraw;
    size_t match;          /* bytes of "</name" matched inside raw text */
    int rcdata;            /* raw element is RCDATA (title, textarea): text kept */
    int dashes;            /* comment: '-' seen just before; markup: bytes after "<!" */
    char decl[8];          /* first bytes after "<!" */
    size_t run;            /* text bytes passed since the last '<' */
    unsigned char doc_tags;  /* this document has had a tag (not the doctype) */
    unsigned char doc_html;  /* ... an <html> start tag */
    unsigned char doc_ended; /* ... an </html> */
    size_t since_amp;      /* text bytes passed since the last '&' */
    int after_text;        /* text was passed since the last markup */
    int ent_on;            /* reading the name of a reference ("&name") */
    size_t ent_len;        /* its bytes so far */
    unsigned ent_hash;     /* their hash (PITH_HASH) */
    unsigned nattr;        /* attributes of the tag being read, as libxml2 counts */
    size_t attr_len;       /* bytes of the attribute name being read */
    size_t attr_start;     /* where it begins in tag */
    int an_on;             /* its name, as libxml2 reads it, is being hashed */
    size_t an_len;         /* bytes of that name so far */
    unsigned an_hash;      /* their hash (PITH_HASH) */
    int drop;              /* the attribute being read is one no stage reads:
                              its bytes go to the parser as blanks (2: unless
                              it names a pager, rel="prev"/"next") */
    pith_nesting nest;     /* the parser's open elements, mirrored */
    /* map from positions in the parser's bytes back to input offsets: a
       checkpoint wherever bytes were dropped or inserted */
    unsigned long long in_base;   /* input bytes before the current feed */
    unsigned long long tag_in;    /* input offset of the tag being read */
    unsigned long long out_total; /* bytes passed to the parser */
    long long delta;              /* input offset - parser offset, now */
    struct { unsigned long long out; long long delta; } cp[1024];
    unsigned cp_head, cp_n;
    /* the attributes of start tags given to the parser without them
       (rawtext.c, "Attributes"), oldest first from atts_head */
    pith_buf atts;
    size_t atts_head;
    const char *att_ptr[2 * 256 + 1];   /* one tag's, as libxml2 gives them */
    int after_blank;       /* the last byte given to the parser was a blank of text */
    /* the attributes fast_tag kept (offsets into tag), or fast_n -1 */
    struct { unsigned ns, vs, vn; unsigned char nn, val; } fa[32];
    int fast_n;
    size_t fast_stop;      /* where libxml2's loop over them ends ('>' or "/>") */
    int whole_tags;        /* tests: every start tag goes whole and every blank of
                              text goes to the parser, as before */
    int slow_tags;         /* tests: every tag read by the states, byte by byte */
} pith_rawtext;

int pith_rawtext_init(struct pith_filter *pf);
int pith_rawtext_feed(struct pith_filter *pf, const char *buf, size_t n);
int pith_rawtext_finish(struct pith_filter *pf);
/* A new page begins (a new parser): the mirror of its open elements and of
   its names starts empty.  PITH_OK or PITH_ENOMEM. */
int pith_rawtext_page(struct pith_filter *pf);
void pith_rawtext_free(struct pith_filter *pf);
/* Would a doctype (doctype set) or an <html> start tag, coming next, begin a
   new document of the stream?  (The decode stage then sniffs its charset.) */
int pith_rawtext_doc_start(struct pith_filter *pf, int doctype);
/* Input offset (decoded bytes) of a position in the bytes given to the parser;
   positions asked must not decrease. */
unsigned long long pith_rawtext_offset(struct pith_filter *pf, unsigned long long pos);
/* The attributes of the start tag name whose name ends at parser position
   pos, when rawtext kept them from the parser, as libxml2 would give them
   (names and values, NULL-terminated); NULL if it did not.  Positions asked
   must not decrease; the array lasts until the next call into rawtext. */
const char **pith_rawtext_atts(struct pith_filter *pf, unsigned long long pos, const char *name);

#endif
