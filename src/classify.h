/* classify.h -- stage 5: labels each block after a bounded look-ahead.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_CLASSIFY_H
#define PITH_CLASSIFY_H
#include <stddef.h>
#include "block.h"

struct pith_filter;

#define CLS_PREFIX_LISTS 8

typedef struct pith_classify {
    pith_block *head, *tail;  /* undecided blocks, oldest first */
    unsigned count;           /* blocks in the window */
    size_t bytes;             /* text and markup they hold */
    /* what the page has shown so far */
    int prev_label;           /* label of the last decided block */
    int prev_story;           /* the last decided text block was story */
    unsigned story_words;     /* words decided story so far */
    unsigned last_story_path[PITH_PATH]; /* ancestors of the last story block */
    unsigned last_story_npath;
    unsigned last_story_depth;
    int last_story_bd;           /* its nearest boilerplate cue: depth and kind */
    int last_story_which;
    unsigned headline_seq;    /* seq + 1 of the story's headline, or 0 */
    unsigned story_root;      /* serial of the element holding the story's prose */
    int section;              /* label of the heading section we are in, or 0 */
    unsigned section_serial;  /* the element the section's heading sits in */
    /* the phrases of pith_text_cues (textcue.c) by their first two bytes (built on first use in each
       page: a reset clears it): 1 + index of the first, and of the next */
    unsigned char phrase_first[256];
    unsigned char phrase_next[96];
    int phrases_ready;
    /* the lists of prefixes pith_text_cues reads, each by first byte (textcue.c,
       prefix_index; built on first use in each page) */
    struct cls_prefixes {
        const char *const *list;
        unsigned char first[256];
        unsigned char next[160];
    } prefixes[CLS_PREFIX_LISTS];
    unsigned nprefixes;
    int dump_features;        /* PITH_FEATURES is set: write them on stderr */
} pith_classify;

int pith_classify_init(struct pith_filter *pf);
/* Takes a finished block; decides and emits the blocks that have enough
   look-ahead behind them. */
int pith_classify_push(struct pith_filter *pf, pith_block *b);
/* Decides every block in the window now. */
int pith_classify_flush(struct pith_filter *pf);
void pith_classify_free(struct pith_filter *pf);
/* After a flush: forgets what the page has shown (story root, headline,
   sections, the last story block) for the next page of the stream. */
void pith_classify_reset(struct pith_filter *pf);

#endif
