/* fl_list.h -- the compiled filter list's layout, shared by its builder
 * (fl_build.c) and its matcher (filterlist.c); see filterlist.c's header.
 * Private to the library.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_FL_LIST_H
#define PITH_FL_LIST_H

#include <stdint.h>
#include <string.h>
#include "filterlist.h"

enum { K_HIDE, K_EXCEPT, K_NET, K_NETEXCEPT };
enum { P_TAG, P_CLASS, P_ID, P_HAS, P_EQ, P_PREFIX, P_SUBSTR, P_SUFFIX };
#define HOST_KEYS (1u << 24)  /* "@name" head bit: substring rules filed by host */
#define PFX_MAX 16       /* bytes of a prefix value used as its key */
#define KEY_MAX 256      /* longer keys are not filed (and never looked up) */
/* Two Bloom filters over the keys' hashes (two bits of one word a key,
   BB_SET below): a small one (32 KiB) for the generic keys every start tag
   looks up, a larger one (128 KiB) for the others (sites, hosts of network
   rules). */
#define NEAR_BITS (1u << 18)
#define FAR_BITS (1u << 20)
#define BLOOM_SET(b, bits, h) BB_SET(b, (bits) / 64, h)
#define BLOOM_HAS(b, bits, h) BB_HAS(b, (bits) / 64, h)

typedef struct fl_part {
    uint8_t kind;        /* P_* */
    uint8_t rare;        /* P_SUBSTR: the offset of the value's least common byte */
    uint32_t name;       /* arena: tag, attribute name (lower case), class or id */
    uint32_t value;      /* arena: attribute value */
    uint32_t vlen;
} fl_part;

typedef struct fl_rule {
    uint32_t text;       /* arena: the rule as written */
    uint32_t domains;    /* arena: hide: "a.com,~b.a.com" (ends at '#'); net:
                            "a.com|~b.com" (ends at ',' or the end); 0 for none */
    uint32_t sel;        /* arena: hide: the selector; net: the path after the host */
    uint32_t part;       /* hide: first part; net: bytes of the path */
    uint32_t next;       /* next rule under the same key, index + 1 */
    uint32_t exc;        /* hide: first exception of the same selector, index + 1 */
    uint8_t nparts;
    uint8_t kind;        /* K_* */
    uint8_t types;       /* net: FL_T_* it applies to */
    uint8_t party;       /* net: 0 any, 1 third-party only, 2 first-party only */
    uint8_t sep;         /* net: the path ends in ^ (a separator or the end) */
    uint8_t key_part;    /* hide: the part it is filed under (after part) */
} fl_rule;

/* The "@name" keys (attribute names some rule reads, and the exceptions'
   selectors, which share the kind) in a small table of their own, hashed
   with the name's length in one pass: every attribute of every start tag
   is looked up here.  has is the head of the name's "[name" chain. */
#define ATTR_SLOTS 1024
/* The test of one rule of a "[name" chain on the attribute's value, kept
   with the others of the chain (fl_attr.vt) so that the values are tried
   without reading the rules and their parts. */
typedef struct fl_vtest {
    uint32_t rule;       /* index + 1 */
    uint32_t value;      /* arena: the value of the part filed under name */
    uint32_t vlen;
    uint8_t kind;        /* P_* */
    uint8_t rare;        /* P_SUBSTR: fl_part.rare */
    char rc;             /* the byte there */
} fl_vtest;
#define VT_MAX 8         /* a longer chain is walked (check_chain_v) */

typedef struct fl_attr {
    uint32_t key;        /* arena offset of "@name", 0 for an empty entry */
    uint32_t nlen;       /* bytes of the name (after the '@') */
    uint32_t head;       /* the "@name" slot's head */
    uint32_t has;        /* the "[name" slot's head, 0 for none */
    uint32_t pseed;      /* pfx_hash()'s seed for the name's "^name=" keys */
    uint64_t eqlen;      /* bit (L & 63): some "=name=value" key has a value of L bytes */
    uint64_t pfirst;     /* bit (B & 63): some "^name=" key's prefix begins with the byte B */
    uint64_t slast;      /* all rules of the "[name" chain test a suffix: bit (B & 63)
                            for the last byte B of each; ~0 otherwise */
    uint32_t vt, nvt;    /* the chain's tests: vtests[vt..vt + nvt), nvt 0 for none */
} fl_attr;

typedef struct fl_slot {
    uint32_t hash;
    uint32_t key;        /* arena offset of the key, 0 for an empty slot */
    uint32_t klen;
    uint32_t head;       /* first rule, index + 1; for "@name" keys: which kinds exist */
} fl_slot;

/* FNV-1a's basis (nesting.h's PITH_HASH_INIT) */
#define TOK_BASIS 2166136261u

/* The Bloom filters below set two bits of one 64-bit word per key, so
   that a test reads one cache line: the word from a 32-bit hash's bits
   12 and up (nw words, a power of two), the bits from its low twelve. */
#define BB_WORD(x, nw) (((x) >> 12) & ((nw) - 1))
#define BB_MASK(x) (1ull << ((x) & 63) | 1ull << ((x) >> 6 & 63))
#define BB_SET(b, nw, x) ((b)[BB_WORD(x, nw)] |= BB_MASK(x))
#define BB_HAS(b, nw, x) (((b)[BB_WORD(x, nw)] & BB_MASK(x)) == BB_MASK(x))

/* The names of the attributes that some rule reads, in any of its parts
   (not only the one it is filed under), in a Bloom filter over their FNV
   hash (NAME_STEP from TOK_BASIS, before NAME_END: PITH_HASH of nesting.h,
   which rawtext has computed): a name no rule reads is dropped by rawtext,
   as without a list. */
#define ANAME_BITS (1u << 15)
#define ANAME_SET(b, x) BB_SET(b, ANAME_BITS / 64, x)
#define ANAME_HAS(b, x) BB_HAS(b, ANAME_BITS / 64, x)

/* The generic "^name=prefix" keys again, in a Bloom filter of their own
   hashed by pfx_hash(): the seed from the name (fl_attr.pseed), then the
   prefix's L bytes as two words, so that each length some rule uses costs
   an attribute value a few operations, not a hash of its bytes. */
#define PFX_BITS (1u << 16)
#define PFX_SET(b, x) BB_SET(b, PFX_BITS / 64, x)
#define PFX_HAS(b, x) BB_HAS(b, PFX_BITS / 64, x)

/* The generic ".class" and "#id" keys in a Bloom filter of their own,
   hashed by cls_hash() (two bytes a step, as generic_classes() splits a
   class value): most tokens miss, and cost no other hash. */
#define CLS_BITS (1u << 17)
#define CLS_SET(b, x) BB_SET(b, CLS_BITS / 64, x)
#define CLS_HAS(b, x) BB_HAS(b, CLS_BITS / 64, x)
/* What one site's rules read besides class tokens and ids, kept in the head
   of its "%site" slot and, for the page, in pith_page.fl_site_bits: a "<tag"
   key (SITE_TAGS), and the names of the attributes any part of them reads,
   in a Bloom filter of 31 bits by NAME_END of the name's FNV hash (that of
   name_hash() and of rawtext's PITH_HASH).  A page of a site whose rules
   read no "href" looks up no site key for its links. */
#define SITE_TAGS 1u
#define SITE_NAME_BIT(h) (2u << ((h) % 31u))
#define SITE_CLS_BITS (1u << 18)
#define SITE_CLS_SET(b, x) BB_SET(b, SITE_CLS_BITS / 64, x)
#define SITE_CLS_HAS(b, x) BB_HAS(b, SITE_CLS_BITS / 64, x)
#define PAIR_STEP(x, u) (((x) ^ (u)) * 0x9E3779B1u)
static inline uint32_t pair_end(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x85ebca6bu;
    return x ^ x >> 13;
}

/* The hash of a class name or id s[0..n) (kind '.' or '#'): its bytes two
   at a time (the first the low byte), the last alone when n is odd. */
#define CLS_SEED(kind) PAIR_STEP(TOK_BASIS, (unsigned char)(kind))
static inline uint32_t cls_hash(char kind, const char *s, size_t n)
{
    uint32_t x = CLS_SEED(kind);
    size_t i = 0;
    for (; i + 1 < n; i += 2)
        x = PAIR_STEP(x, (unsigned char)s[i] | (uint32_t)(unsigned char)s[i + 1] << 8);
    if (i < n)
        x = PAIR_STEP(x, (unsigned char)s[i]);
    return pair_end(x);
}

struct pith_filterlist {
    char *arena;
    size_t alen, acap;
    fl_rule *rules;
    size_t nrules, rcap;
    fl_part *parts;
    size_t nparts, pcap;
    fl_slot *slots;
    size_t nslots, used;  /* nslots a power of two */
    int tag_keys;         /* some rule is filed under its tag */
    size_t stat[5];
    uint64_t near[NEAR_BITS / 64]; /* most look-ups miss, and miss here */
    uint64_t far[FAR_BITS / 64];
    int attrs_ok;         /* all "@name" keys are in attrs */
    uint64_t tag_sig[4096 / 64]; /* TAG_SIG of the generic "<tag" keys */
    uint64_t anames[2][ANAME_BITS / 64]; /* the attribute names rules read: which
                                     attributes rawtext keeps (generic rules, site rules) */
    fl_attr attrs[ATTR_SLOTS];
    fl_vtest *vtests;     /* the tests of the chains of attrs */
    size_t nvtests;
    uint32_t attr_class, attr_id; /* the "@class" and "@id" entries of attrs, index + 1 */
    uint64_t host_lens;   /* bit (L & 63): some generic "~host" key has a host of L bytes */
    uint64_t pfx[PFX_BITS / 64]; /* the generic "^name=prefix" keys, by pfx_hash() */
    uint64_t cls[CLS_BITS / 64]; /* the generic ".class" and "#id" keys, by cls_hash() */
    /* the same for the site rules, whatever their site: most class tokens
       and ids of a page are named by none, and cost no look-up per site */
    uint64_t site_cls[SITE_CLS_BITS / 64]; /* their ".class" and "#id" keys, by cls_hash() */
    uint32_t site_bits;   /* while building: SITE_TAGS, SITE_NAME_BIT of the site's rules */
    uint64_t exc_sig[4096 / 64]; /* SEL_SIG (fl_build.c) of the exceptions' selectors */
    uint64_t unmatched[16384 / 64]; /* SKIP_SIG of the tags no rule is matched on */
    const char *site;     /* while building: the site a rule is filed for */
    size_t nsite;
};

/* The hash of a key: eight bytes a step (keys are class names, ids, hosts,
   hashed once per token of every start tag).  The list is built and read in
   one process, so the byte order does not matter. */
static inline uint32_t kind_hash(unsigned char c, const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ ((uint64_t)c << 56) ^ n, w;
    while (n >= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
        s += 8, n -= 8;
    }
    /* the last 0-7 bytes, by loads of fixed size (no call to memcpy) */
    w = 0;
    if (n & 4) {
        uint32_t x;
        memcpy(&x, s, 4);
        w = x, s += 4;
    }
    if (n & 2) {
        uint16_t x;
        memcpy(&x, s, 2);
        w = w << 16 | x, s += 2;
    }
    if (n & 1)
        w = w << 8 | (unsigned char)*s;
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    return (uint32_t)h ^ (uint32_t)(h >> 32);
}

/* A key is its kind (the first byte) and the rest, hashed apart so that a
   token can be looked up without being copied behind its kind. */
static inline uint32_t key_hash(const char *s, size_t n)
{
    return n ? kind_hash((unsigned char)s[0], s + 1, n - 1) : 0;
}

static inline fl_slot *slot_find(const pith_filterlist *fl, const char *key, size_t n, uint32_t h)
{
    size_t mask = fl->nslots - 1, i = h & mask;
    if (fl->nslots == 0)
        return NULL;
    for (;; i = (i + 1) & mask) {
        fl_slot *s = &fl->slots[i];
        if (s->key == 0)
            return s;
        if (s->hash == h && s->klen == n && !memcmp(fl->arena + s->key, key, n))
            return s;
    }
}

/* The hash of a NUL-terminated name into *h, its length returned; the
   same as name_hash_n() on its bytes. */
#define NAME_STEP(x, c) (((x) ^ (unsigned char)(c)) * 16777619u)
#define NAME_END(x) (((x) ^ ((x) >> 15)) & (ATTR_SLOTS - 1))
static inline size_t name_hash(const char *s, uint32_t *h)
{
    uint32_t x = 2166136261u;
    size_t n = 0;
    for (; s[n]; n++)
        x = NAME_STEP(x, s[n]);
    *h = NAME_END(x);
    return n;
}

static inline uint32_t name_hash_n(const char *s, size_t n)
{
    uint32_t x = 2166136261u;
    for (size_t i = 0; i < n; i++)
        x = NAME_STEP(x, s[i]);
    return NAME_END(x);
}

/* The hash of the first l (1-16) bytes of b (16 bytes, zero past the
   value's end) for the name whose seed is seed: two words, the bytes past
   l masked off (the same bytes in memory in either byte order). */
static inline uint32_t pfx_hash(uint32_t seed, const unsigned char *b, size_t l)
{
    static const unsigned char ones[16] = { 255, 255, 255, 255, 255, 255, 255, 255 };
    uint64_t w0, w1, m, h;
    memcpy(&w0, b, 8);
    memcpy(&w1, b + 8, 8);
    if (l < 8) {
        memcpy(&m, ones + 8 - l, 8);
        w0 &= m, w1 = 0;
    } else {
        memcpy(&m, ones + 16 - l, 8);
        w1 &= m;
    }
    h = ((uint64_t)seed << 32 | l) ^ w0;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 32;
    h = (h ^ w1) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    return (uint32_t)h ^ (uint32_t)(h >> 32);
}

/* The first letter and length of a tag name (n bytes), for a test that
   most tags are none of those no rule is matched on (pith_fl_attr_read). */
#define SKIP_SIG(name, n) (((unsigned)(name)[0] & 31) << 9 | ((unsigned)(name)[1] & 31) << 4 | \
                          ((unsigned)(n) & 15))

/* A few bytes of a tag name (c0, c1, c2: its first three, 0 past its end),
   for a test that most tags have no "<tag" key. */
#define TAG_SIG(c0, c1, c2) (((unsigned char)(c0) * 7u + (unsigned char)(c1) * 31u + \
                              (unsigned char)(c2)) & 4095)

/* Is a key one that only pages of a site, or URLs, look up? */
static inline int far_key(const char *key, size_t n)
{
    return key[0] == '|' || key[0] == '!' || key[0] == '%' || key[0] == '&' ||
           memchr(key, '\1', n) != NULL;
}

#endif
