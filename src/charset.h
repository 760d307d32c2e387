/* charset.h -- the WHATWG charset labels (decode stage).
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_CHARSET_H
#define PITH_CHARSET_H

enum pith_charset_kind {
    C_UNKNOWN,    /* not a label of the standard: the default path */
    C_DEFAULT,    /* a label pith reads on the default path (replacement) */
    C_UTF8,
    C_1252,       /* windows-1252, and its aliases latin1, us-ascii, ... */
    C_UTF16LE,    /* "utf-16" too; from a <meta> these mean UTF-8 */
    C_UTF16BE,
    C_ICONV       /* converted by iconv under the name given */
};

/* Looks a charset label up.  @return its enum pith_charset_kind; for
   C_ICONV, *iconv_name (if iconv_name is not NULL) is the name to open. */
int pith_charset_find(const char *name, const char **iconv_name);

#endif
