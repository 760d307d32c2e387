/* alloc.h -- allocation through the caller's hooks (pith_options).
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_ALLOC_H
#define PITH_ALLOC_H
#include <stddef.h>

typedef struct pith_mem {
    void *(*alloc)(void *ud, size_t n);
    void *(*realloc)(void *ud, void *p, size_t n);
    void (*release)(void *ud, void *p);
    void *ud;
} pith_mem;

/* Each returns NULL on failure (or for n == 0 in pith_malloc); never aborts. */
void *pith_malloc(const pith_mem *m, size_t n);
void *pith_calloc(const pith_mem *m, size_t count, size_t size);
void *pith_realloc(const pith_mem *m, void *p, size_t n);
/* NULL-safe. */
void pith_mfree(const pith_mem *m, void *p);
/* Copies s (NUL-terminated) or returns NULL. */
char *pith_strdup(const pith_mem *m, const char *s);

#endif
