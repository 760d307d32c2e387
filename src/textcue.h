/* textcue.h -- the cues of a block's text (textcue.c), for classify.c.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_TEXTCUE_H
#define PITH_TEXTCUE_H

#include <stddef.h>
#include "classify.h"

/* What a block's words say: bits of pith_text_cues. */
enum {
    TX_ADWORD = 1 << 0,     /* it is an ad label: "Advertisement", "Anzeige" */
    TX_ADPREFIX = 1 << 1,   /* "Sponsored by", "Subscribe now" */
    TX_RECPREFIX = 1 << 2,  /* "Related", "Read more", "Lesen Sie auch" */
    TX_UPSELL = 1 << 3,     /* subscriptions, newsletters, offers */
    TX_BOILER = 1 << 4,     /* consent, legal, "follow us" */
    TX_SHARE = 1 << 5,      /* "Share", "Teilen" */
    TX_SPONSORED = 1 << 6,  /* "Promoted stories", "Partner news" */
    TX_COOKIE = 1 << 7,
    TX_CREDIT = 1 << 8,     /* "Photo:", "Source:", "©" */
    TX_NOTE = 1 << 9,       /* "Originally published in", "Reporting by" */
    TX_WIDGET = 1 << 10,    /* "Inhaltsverzeichnis", "Was this article helpful?" */
    TX_BYLINE = 1 << 11,    /* "By Mary Holm", "Publicado por ..." */
    TX_DISCLOSE = 1 << 12,  /* "This post contains affiliate links" */
    TX_DATE = 1 << 13,      /* a date: "10. April 2019", "23.10.2018", "July 30, 2019" */
    TX_PAGER = 1 << 14,     /* "Previous article", "Nächster Beitrag": a link to the next page */
    TX_JOB = 1 << 15,       /* a job offered: "Buchhalter (m/w/d)", "Comptable (H/F)" */
    TX_URL = 1 << 16,       /* web addresses: "www.example.org", "1 https://doi.org/..." */
    TX_COUNT = 1 << 17      /* a short link with a count: "Oktober 2007 (23)", "Recipes (423)" */
};

/* The first bytes of s[0..n) folded for matching: lower case, one space
   between words, NUL-terminated in out (cap bytes at most); returns their
   length. */
size_t pith_text_fold(const char *s, size_t n, char *out, size_t cap);
/* Is folded text t, as a whole, one of the words or phrases of list? */
int pith_text_in_words(const char *t, const char *const *list);
/* Is folded text an ad label ("Advertisement", "Anzeige", ...)? */
int pith_text_ad_label(const char *folded);
/* The TX_ bits of block b, whose folded text is folded[0..n). */
unsigned pith_text_cues(pith_classify *c, const char *folded, size_t n, const pith_block *b);

#endif
