/* classify.h -- stage 5: labels each block after a bounded look-ahead.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_CLASSIFY_H
#define PITH_CLASSIFY_H
#include <stddef.h>
#include <stdint.h>
#include "block.h"

struct pith_filter;

#define CLS_CUE_ANY 4096       /* the hash slots of the text cues (textcue.c): anywhere */
#define CLS_CUE_START 1024     /* at the start */
#define CLS_CUE_ENTRIES 1280   /* their entries: every word of their lists, a phrase twice */

typedef struct pith_classify {
    pith_block *head, *tail;  /* undecided blocks, oldest first */
    unsigned count;           /* blocks in the window */
    size_t bytes;             /* text and markup they hold */
    /* what the page has shown so far */
    int prev_label;           /* label of the last decided block */
    int prev_story;           /* the last decided text block was story */
    unsigned story_words;     /* words decided story so far */
    unsigned story_gap;       /* 1 + the blocks with words decided since the last story
                                 block (1: it was the last), 0 if none yet */
    unsigned last_story_path[PITH_PATH]; /* ancestors of the last story block */
    unsigned last_story_npath;
    unsigned last_story_depth;
    int last_story_bd;           /* its nearest boilerplate cue: depth and kind */
    int last_story_which;
    unsigned headline_seq;    /* seq + 1 of the story's headline, or 0 */
    unsigned headline_header; /* serial of the header element holding it, or 0 */
    unsigned story_root;      /* serial of the element holding the story's prose */
    unsigned adlabel_serial;  /* the element an ad label ("Anzeige") sat in */
    unsigned adlabel_left;    /* blocks after it that it may still mark */
    unsigned rec_path[PITH_PATH];  /* the last block, when it was a teaser */
    unsigned rec_npath;            /* 0: the last block was not */
    unsigned rec_depth;
    int rec_tag;
    unsigned adbox_serial;    /* the element of the last ad block */
    unsigned adbox_left;      /* blocks after it that it may still mark */
    unsigned appeal_path[PITH_PATH];  /* the last appeal or offer in words (TX_UPSELL) */
    unsigned appeal_npath;            /* 0: none */
    unsigned appeal_depth;
    unsigned appeal_left;             /* blocks after it that it may still take */
    unsigned adform_serial;   /* a form that offered a newsletter or subscription */
    unsigned nav_serial;      /* the navigation element the last block sat in */
    unsigned nav_blocks;      /* blocks with words decided in it so far */
    int section;              /* label of the heading section we are in, or 0 */
    unsigned section_serial;  /* the element the section's heading sits in */
    int dump_features;        /* PITH_FEATURES: 1 the story score's, 2 (=kind) kindfit's on stderr */
    /* the word lists of pith_text_cues (textcue.c, index_cues), indexed on
       first use and kept for the filter's life (a reset keeps them) */
    struct cls_cues {
        /* 1 + the first entry whose key hashes to the slot, for the
           phrases that count anywhere and for the prefixes and whole texts
           that count at the start; next chains the rest */
        unsigned short any[CLS_CUE_ANY], start[CLS_CUE_START];
        unsigned short next[CLS_CUE_ENTRIES];
        struct cls_cue {
            uint32_t key;         /* four of its bytes as a word, or its first byte */
            unsigned short bits;  /* the cues it gives */
            unsigned char len;
            unsigned char whole : 1;  /* it counts only as the whole text */
            unsigned char off : 1;    /* the key's first byte in it: 0 or 1 */
            const char *text;
        } entry[CLS_CUE_ENTRIES];
        unsigned n;               /* entries */
        int ready;
    } cues;
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
