/* buf.c -- growable byte buffer with a hard cap.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <string.h>
#include "pith.h"
#include "buf.h"

/* Makes room for need more bytes plus a NUL; never grows past cap + 1. */
static int reserve(pith_buf *b, const pith_mem *m, size_t need, size_t cap)
{
    size_t want, nsize;
    char *p;
    if (need > cap || b->len > cap - need)
        return PITH_ELIMIT;
    if (b->count_only)
        return PITH_OK;
    want = b->len + need + 1;
    if (want <= b->size)
        return PITH_OK;
    nsize = b->size ? b->size : 64;
    while (nsize < want)
        nsize = nsize > (cap + 1) / 2 ? cap + 1 : nsize * 2;
    if (nsize < want)
        nsize = want;
    if (m->alloc && !m->realloc) {
        p = pith_malloc(m, nsize);
        if (p && b->data)
            memcpy(p, b->data, b->len + 1);
        if (p)
            pith_mfree(m, b->data);
    } else {
        p = pith_realloc(m, b->data, nsize);
    }
    if (p == NULL)
        return PITH_ENOMEM;
    b->data = p;
    b->size = nsize;
    return PITH_OK;
}

int pith_buf_reserve(pith_buf *b, const pith_mem *m, size_t n, size_t cap)
{
    return reserve(b, m, n, cap);
}

int pith_buf_append_grow(pith_buf *b, const pith_mem *m, const char *s, size_t n, size_t cap)
{
    int rc;
    if (n == 0)
        return PITH_OK;
    if ((rc = reserve(b, m, n, cap)) != PITH_OK)
        return rc;
    if (b->count_only) {
        b->len += n;
        return PITH_OK;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return PITH_OK;
}

int pith_buf_puts(pith_buf *b, const pith_mem *m, const char *s, size_t cap)
{
    return pith_buf_append(b, m, s, strlen(s), cap);
}

/* the bytes each character adds when escaped */
static const unsigned char extra[256] = { ['&'] = 4, ['<'] = 3, ['>'] = 3, ['"'] = 5 };

size_t pith_buf_escaped_len(const char *s, size_t n)
{
    size_t more = 0;
    for (size_t i = 0; i < n; i++)
        more += extra[(unsigned char)s[i]];
    return n + more;
}

int pith_buf_escape(pith_buf *b, const pith_mem *m, const char *s, size_t n, size_t cap)
{
    size_t i, start = 0;
    int rc;
    if (b->count_only) {
        size_t len = pith_buf_escaped_len(s, n);
        if (len <= cap && b->len <= cap - len) {
            b->len += len;
            return PITH_OK;
        }
        /* over the cap: the appends below fail where they would */
    }
    for (i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        default: continue;
        }
        if ((rc = pith_buf_append(b, m, s + start, i - start, cap)) != PITH_OK ||
            (rc = pith_buf_puts(b, m, rep, cap)) != PITH_OK)
            return rc;
        start = i + 1;
    }
    return pith_buf_append(b, m, s + start, n - start, cap);
}

int pith_buf_put3(pith_buf *b, const pith_mem *m, const char *a, const char *s, const char *z,
                  size_t cap)
{
    int rc = a ? pith_buf_puts(b, m, a, cap) : PITH_OK;
    if (rc == PITH_OK && s)
        rc = pith_buf_puts(b, m, s, cap);
    if (rc == PITH_OK && z)
        rc = pith_buf_puts(b, m, z, cap);
    return rc;
}

int pith_buf_esc3(pith_buf *b, const pith_mem *m, const char *a, const char *s, size_t n,
                  const char *z, size_t cap)
{
    int rc = a ? pith_buf_puts(b, m, a, cap) : PITH_OK;
    if (rc == PITH_OK)
        rc = pith_buf_escape(b, m, s, n, cap);
    if (rc == PITH_OK && z)
        rc = pith_buf_puts(b, m, z, cap);
    return rc;
}

void pith_buf_reset(pith_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void pith_buf_free(pith_buf *b, const pith_mem *m)
{
    pith_mfree(m, b->data);
    b->data = NULL;
    b->len = b->size = 0;
}
