/* alloc.c -- allocation wrappers: the caller's hooks, or the C library.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "alloc.h"

void *pith_malloc(const pith_mem *m, size_t n)
{
    if (n == 0)
        return NULL;
    return m->alloc ? m->alloc(m->ud, n) : malloc(n);
}

void *pith_calloc(const pith_mem *m, size_t count, size_t size)
{
    void *p;
    if (size && count > SIZE_MAX / size)
        return NULL;
    p = pith_malloc(m, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void *pith_realloc(const pith_mem *m, void *p, size_t n)
{
    if (p == NULL)
        return pith_malloc(m, n);
    if (m->realloc)
        return m->realloc(m->ud, p, n);
    if (m->alloc) {
        /* no realloc hook: callers of pith_realloc always know the old size
           through pith_buf, so this path is not taken by them */
        return NULL;
    }
    return realloc(p, n);
}

void pith_mfree(const pith_mem *m, void *p)
{
    if (p == NULL)
        return;
    if (m->release)
        m->release(m->ud, p);
    else
        free(p);
}

char *pith_strdup(const pith_mem *m, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = pith_malloc(m, n);
    if (d)
        memcpy(d, s, n);
    return d;
}
