/* kindfit.h -- the fitted kind of a block that is not story (kindfit.c).
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_KINDFIT_H
#define PITH_KINDFIT_H
#include <stdio.h>
#include <stddef.h>
#include "block.h"

/* The label of block b, which the rules found not to be story and labelled
   rule (PITH_NAVIGATION, PITH_ADVERTISING or PITH_RECOMMENDATION) with score
   score, its words' cues tx (TX_ bits of textcue.h): navigation, advertising
   or recommendation by the fitted table.
   folded: its first bytes as pith_text_fold gives them (n bytes).  dump, if
   not NULL, gets its features (one line, for benchmarks/kindfit.py). */
int pith_kind_fit(const pith_block *b, int rule, int score, unsigned tx, const char *folded,
                  size_t n, FILE *dump);

/* 1 if every word of the table is found where kindfit.py put it (the two
   compute the same hash) and a slot is left empty; for the tests. */
int pith_kind_words_ok(void);

#endif
