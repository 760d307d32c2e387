/* style.h -- the reader view's stylesheet (style.c).
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_STYLE_H
#define PITH_STYLE_H

/* A whole <style> element, ending in a newline; written by emit. */
extern const char pith_reader_css[];

#endif
