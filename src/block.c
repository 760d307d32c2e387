/* block.c -- blocks and their pool; the tag, cue and role tables.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <string.h>
#include <stdlib.h>
#include "block.h"

#define TAG_INFO(name, flags, cue) {#name, flags, cue},
const pith_tag_info pith_tag_table[] = { PITH_TAGS(TAG_INFO) };
#define NTAGS (sizeof pith_tag_table / sizeof pith_tag_table[0])
_Static_assert(NTAGS + 1 == PITH_NTAGS_PLUS1, "one id per tag");
_Static_assert(NTAGS < 256, "a tag id fits in an unsigned char");

/* A binary search of the sorted table, comparing in line: tag names are a
   few bytes, shorter than a call to strcmp costs. */
unsigned pith_tag_id(const char *name)
{
    size_t lo = 0, hi = NTAGS;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const unsigned char *a = (const unsigned char *)name;
        const unsigned char *b = (const unsigned char *)pith_tag_table[mid].name;
        while (*a && *a == *b)
            a++, b++;
        if (*a == *b)
            return (unsigned)mid + 1;
        if (*a < *b)
            hi = mid;
        else
            lo = mid + 1;
    }
    return PITH_TAG_OTHER;
}

/* The slot of a name's hash; a taken slot sends a name on to the next. */
static unsigned tag_slot(const char *name)
{
    unsigned h = 0;
    for (; *name; name++)
        h = h * 31 + (unsigned char)*name;
    return (h ^ h >> 9) % PITH_TAG_SLOTS;
}

void pith_tag_index(unsigned char *index)
{
    _Static_assert(NTAGS < PITH_TAG_SLOTS / 2, "the index stays sparse");
    memset(index, 0, PITH_TAG_SLOTS);
    for (unsigned i = 0; i < NTAGS; i++) {
        unsigned k = tag_slot(pith_tag_table[i].name);
        while (index[k])
            k = (k + 1) % PITH_TAG_SLOTS;
        index[k] = (unsigned char)(i + 1);
    }
}

unsigned pith_tag_find(const unsigned char *index, const char *name)
{
    for (unsigned k = tag_slot(name); index[k]; k = (k + 1) % PITH_TAG_SLOTS) {
        const unsigned char *a = (const unsigned char *)name;
        const unsigned char *b = (const unsigned char *)pith_tag_table[index[k] - 1].name;
        while (*a && *a == *b)
            a++, b++;
        if (*a == *b)
            return index[k];
    }
    return PITH_TAG_OTHER;
}

#define NAME_OF(id, name) #name,
static const char *const cue_names[] = { PITH_CUES(NAME_OF) };
static const char *const role_names[] = { PITH_ROLES(NAME_OF) };
_Static_assert(sizeof cue_names / sizeof cue_names[0] == CUE_COUNT, "a name per cue");
_Static_assert(sizeof role_names / sizeof role_names[0] == ROLE_COUNT, "a name per role");

const char *pith_cue_name(unsigned cue)
{
    return cue < CUE_COUNT ? cue_names[cue] : "?";
}

const char *pith_role_name(unsigned role)
{
    return role < ROLE_COUNT ? role_names[role] : "?";
}

/* --- the pool ----------------------------------------------------------- */

#define POOL_KEEP 4             /* blocks kept for reuse */
#define POOL_KEEP_SIZE 65536    /* ... whose buffers are at most this big */

pith_block *pith_block_new(pith_block_pool *pool, const pith_mem *mem)
{
    pith_block *b = pool->free;
    pith_buf text, html;
    if (b) {
        pool->free = b->next;
        text = b->text, html = b->html;
        pith_buf_reset(&text);
        pith_buf_reset(&html);
    } else {
        b = pith_malloc(mem, sizeof *b);
        if (b == NULL)
            return NULL;
        memset(&text, 0, sizeof text);
        memset(&html, 0, sizeof html);
    }
    memset(b, 0, sizeof *b);
    b->text = text, b->html = html;
    return b;
}

void pith_block_destroy(const pith_mem *mem, pith_block *b)
{
    if (b == NULL)
        return;
    pith_buf_free(&b->text, mem);
    pith_buf_free(&b->html, mem);
    pith_mfree(mem, b);
}

/* Keeps a few blocks for reuse; their buffers keep their memory. */
void pith_block_release(pith_block_pool *pool, const pith_mem *mem, pith_block *b)
{
    unsigned n = 0;
    for (pith_block *f = pool->free; f; f = f->next)
        n++;
    if (n >= POOL_KEEP || b->text.size > POOL_KEEP_SIZE || b->html.size > POOL_KEEP_SIZE) {
        pith_block_destroy(mem, b);
        return;
    }
    b->next = pool->free;
    pool->free = b;
}

void pith_block_pool_free(pith_block_pool *pool, const pith_mem *mem)
{
    while (pool->free) {
        pith_block *b = pool->free;
        pool->free = b->next;
        pith_block_destroy(mem, b);
    }
}
