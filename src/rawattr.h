/* rawattr.h -- the attributes rawtext keeps from the parser (rawattr.c),
 * and the byte classes both read tags with.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_RAWATTR_H
#define PITH_RAWATTR_H
#include <stddef.h>

struct pith_filter;

#define MAX_ATTRS 256         /* attributes of one tag passed on */
#define WHOLE 1               /* pith_rawattr_record: the tag goes whole */

/* Byte classes: libxml2's blanks (no form feed), the bytes of a name (htmlParseHTMLName),
   those that may begin one, letters. */
enum { C_BLANK = 1, C_NAME = 2, C_FIRST = 4, C_UPPER = 8, C_ALPHA = 16 };
static const unsigned char cclass[256] = {
    ['\t'] = C_BLANK, ['\n'] = C_BLANK, ['\r'] = C_BLANK, [' '] = C_BLANK,
    ['-'] = C_NAME, ['.'] = C_NAME | C_FIRST, [':'] = C_NAME | C_FIRST, ['_'] = C_NAME | C_FIRST,
    ['0'] = C_NAME, ['1'] = C_NAME, ['2'] = C_NAME, ['3'] = C_NAME, ['4'] = C_NAME,
    ['5'] = C_NAME, ['6'] = C_NAME, ['7'] = C_NAME, ['8'] = C_NAME, ['9'] = C_NAME,
#define L(c) [c] = C_NAME | C_FIRST | C_ALPHA, [c - 32] = C_NAME | C_FIRST | C_ALPHA | C_UPPER
    L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'), L('i'), L('j'), L('k'),
    L('l'), L('m'), L('n'), L('o'), L('p'), L('q'), L('r'), L('s'), L('t'), L('u'), L('v'),
    L('w'), L('x'), L('y'), L('z'),
#undef L
};

static inline int is_alpha(unsigned char c) { return cclass[c] & C_ALPHA; }
static inline int is_blank(unsigned char c) { return cclass[c] & C_BLANK; }
/* C_UPPER << 2 is 0x20 */
static inline unsigned char lower(unsigned char c)
{
    return (unsigned char)(c | (cclass[c] & C_UPPER) << 2);
}
static inline int is_name_char(unsigned char c) { return cclass[c] & C_NAME; }

/* Keeps the attributes of the start tag in rawtext's tag buffer (its name
   ending at nl, the parser's position there the record's key) in a record
   for pith_rawtext_atts (rawtext.h); *stop is where libxml2's loop over
   them ends ('>' or "/>").  PITH_OK, WHOLE when the tag must go to the
   parser whole (a value holds '&', or the records held would pass their
   cap), or an error. */
int pith_rawattr_record(struct pith_filter *pf, size_t nl, size_t *stop);

#endif
