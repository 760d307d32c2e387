/* buf.h -- growable byte buffer with a hard cap.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_BUF_H
#define PITH_BUF_H
#include <stddef.h>
#include <string.h>
#include "alloc.h"

typedef struct pith_buf {
    char *data;   /* NUL-terminated when size > 0 */
    size_t len;   /* bytes used, NUL excluded */
    size_t size;  /* bytes allocated */
    int count_only; /* keep no bytes: len counts what the appends would hold
                       (the same caps and failures, no memory, data untouched) */
} pith_buf;

/* Appends n bytes.  Fails, leaving b unchanged, with PITH_ELIMIT when len + n
 * would exceed cap, or PITH_ENOMEM. */
int pith_buf_append_grow(pith_buf *b, const pith_mem *m, const char *s, size_t n, size_t cap);
static inline int pith_buf_append(pith_buf *b, const pith_mem *m, const char *s, size_t n,
                                  size_t cap)
{
    /* the common case inline: the bytes fit in what is allocated */
    if (n < b->size - b->len && b->len + n <= cap && !b->count_only) {
        memcpy(b->data + b->len, s, n);
        b->len += n;
        b->data[b->len] = '\0';
        return 0;
    }
    return pith_buf_append_grow(b, m, s, n, cap);
}
/* Makes room for n more bytes (and a NUL) without changing len: PITH_OK,
 * PITH_ELIMIT past cap, or PITH_ENOMEM. */
int pith_buf_reserve(pith_buf *b, const pith_mem *m, size_t n, size_t cap);
int pith_buf_puts(pith_buf *b, const pith_mem *m, const char *s, size_t cap);
/* The length of s (n bytes) escaped as pith_buf_escape does. */
size_t pith_buf_escaped_len(const char *s, size_t n);
/* Appends s with & < > " escaped for HTML text and attribute values. */
int pith_buf_escape(pith_buf *b, const pith_mem *m, const char *s, size_t n, size_t cap);
/* Appends a, s and z (a NULL one is skipped), as three appends: "<", a tag
   name, ">".  pith_buf_esc3 escapes s (n bytes): " href=\"", a URL, "\"".
   Both stop at the first failure. */
int pith_buf_put3(pith_buf *b, const pith_mem *m, const char *a, const char *s, const char *z,
                  size_t cap);
int pith_buf_esc3(pith_buf *b, const pith_mem *m, const char *a, const char *s, size_t n,
                  const char *z, size_t cap);
void pith_buf_reset(pith_buf *b);
void pith_buf_free(pith_buf *b, const pith_mem *m);

#endif
