/* filterlist.c -- Adblock Plus filter lists (EasyList): parsed and compiled
 * once into an immutable object, matched on every start tag.
 *
 * The compiled list is one string arena, an array of rules, an array of
 * selector parts and one open-addressing hash table from keys to chains of
 * rules.  Each element-hiding rule is filed under one key its element must
 * carry: "#id", ".class", "<tag", "=name=value" (an exact attribute value),
 * "^name=" plus the value's first 1-16 bytes (a prefix), or "[name" (an
 * attribute that must exist, or contain or end with a value).  A start tag
 * looks up its id, each class token, its tag and, for the attribute names
 * some rule uses ("@name" keys), the keys of its attribute values; only the
 * rules of the chains found are checked in full.  Network rules are filed
 * under "|host" and looked up for each domain suffix of a URL's host;
 * exceptions under "@selector" and "!host".
 * Nothing is written after pith_filterlist_parse() returns, so threads may
 * share a list without locks.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "filterlist.h"

enum { K_HIDE, K_EXCEPT, K_NET, K_NETEXCEPT };
enum { P_TAG, P_CLASS, P_ID, P_HAS, P_EQ, P_PREFIX, P_SUBSTR, P_SUFFIX };
#define PFX_MAX 16       /* bytes of a prefix value used as its key */
#define KEY_MAX 256      /* longer keys are not filed (and never looked up) */
/* Two Bloom filters of two bits each over the keys' hashes: a small one
   (32 KiB) for the generic keys every start tag looks up, a larger one
   (128 KiB) for the others (sites, hosts of network rules). */
#define NEAR_BITS (1u << 18)
#define FAR_BITS (1u << 20)
#define BIT1(h, bits) ((h) & ((bits) - 1))
#define BIT2(h, bits) (((h) >> 14) & ((bits) - 1))
#define BLOOM_SET(b, bits, h) ((b)[BIT1(h, bits) >> 6] |= 1ull << (BIT1(h, bits) & 63), \
                               (b)[BIT2(h, bits) >> 6] |= 1ull << (BIT2(h, bits) & 63))
#define BLOOM_HAS(b, bits, h) (((b)[BIT1(h, bits) >> 6] >> (BIT1(h, bits) & 63) & 1) && \
                               ((b)[BIT2(h, bits) >> 6] >> (BIT2(h, bits) & 63) & 1))

typedef struct fl_part {
    uint8_t kind;        /* P_* */
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
} fl_rule;

typedef struct fl_slot {
    uint32_t hash;
    uint32_t key;        /* arena offset of the key, 0 for an empty slot */
    uint32_t klen;
    uint32_t head;       /* first rule, index + 1; for "@name" keys: which kinds exist */
} fl_slot;

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
    const char *site;     /* while building: the site a rule is filed for */
    size_t nsite;
};

/* --- building ------------------------------------------------------------- */

/* The hash of a key: eight bytes a step (keys are class names, ids, hosts,
   hashed once per token of every start tag).  The list is built and read in
   one process, so the byte order does not matter. */
static uint32_t kind_hash(unsigned char c, const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ ((uint64_t)c << 56) ^ n, w;
    while (n >= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
        s += 8, n -= 8;
    }
    w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    return (uint32_t)h ^ (uint32_t)(h >> 32);
}

/* A key is its kind (the first byte) and the rest, hashed apart so that a
   token can be looked up without being copied behind its kind. */
static uint32_t key_hash(const char *s, size_t n)
{
    return n ? kind_hash((unsigned char)s[0], s + 1, n - 1) : 0;
}

/* Appends n bytes and a NUL; returns the offset, 0 on failure. */
static uint32_t arena_add(pith_filterlist *fl, const char *s, size_t n)
{
    uint32_t off;
    if (fl->alen + n + 1 > fl->acap) {
        size_t cap = fl->acap ? fl->acap : 65536;
        char *p;
        while (cap < fl->alen + n + 1)
            cap *= 2;
        if (cap > UINT32_MAX || (p = realloc(fl->arena, cap)) == NULL)
            return 0;
        fl->arena = p, fl->acap = cap;
    }
    off = (uint32_t)fl->alen;
    memcpy(fl->arena + off, s, n);
    fl->arena[off + n] = '\0';
    fl->alen += n + 1;
    return off;
}

static fl_slot *slot_find(const pith_filterlist *fl, const char *key, size_t n, uint32_t h)
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

static int slots_grow(pith_filterlist *fl)
{
    size_t n = fl->nslots ? fl->nslots * 2 : 4096;
    fl_slot *old = fl->slots, *p = calloc(n, sizeof *p);
    size_t oldn = fl->nslots;
    if (p == NULL)
        return PITH_ENOMEM;
    fl->slots = p, fl->nslots = n;
    for (size_t i = 0; i < oldn; i++)
        if (old[i].key) {
            fl_slot *s = slot_find(fl, fl->arena + old[i].key, old[i].klen, old[i].hash);
            *s = old[i];
        }
    free(old);
    return PITH_OK;
}

/* Is a key one that only pages of a site, or URLs, look up? */
static int far_key(const char *key, size_t n)
{
    return key[0] == '|' || key[0] == '!' || key[0] == '%' || key[0] == '&' ||
           memchr(key, '\1', n) != NULL;
}

/* The slot of a key, created if need be; NULL when out of memory.  at is an
   arena offset that may already hold the key's bytes (then they are not
   copied), or 0. */
static fl_slot *slot_get_at(pith_filterlist *fl, const char *key, size_t n, uint32_t at)
{
    uint32_t h = key_hash(key, n);
    fl_slot *s;
    if ((fl->used + 1) * 4 > fl->nslots * 3 && slots_grow(fl) != PITH_OK)
        return NULL;
    s = slot_find(fl, key, n, h);
    if (s->key == 0) {
        uint32_t off = at && at + n <= fl->alen && !memcmp(fl->arena + at, key, n) ? at
                       : arena_add(fl, key, n);
        if (off == 0)
            return NULL;
        s->key = off, s->klen = (uint32_t)n, s->hash = h, s->head = 0;
        fl->used++;
        if (far_key(key, n))
            BLOOM_SET(fl->far, FAR_BITS, h);
        else
            BLOOM_SET(fl->near, NEAR_BITS, h);
    }
    return s;
}

static fl_slot *slot_get(pith_filterlist *fl, const char *key, size_t n)
{
    return slot_get_at(fl, key, n, 0);
}

/* Files rule r under a key made of c, then a (na bytes), then b (nb bytes). */
static int file_rule(pith_filterlist *fl, size_t r, char c, const char *a, size_t na,
                     const char *b, size_t nb)
{
    char key[KEY_MAX];
    fl_slot *s;
    size_t k = fl->site ? fl->nsite + 1 : 0;
    if (k + 1 + na + nb > sizeof key)
        return PITH_EDATA;
    if (fl->site) {
        /* a site rule: "example.com\1.promo", looked up only on that site */
        memcpy(key, fl->site, fl->nsite);
        key[fl->nsite] = '\1';
    }
    key[k] = c;
    memcpy(key + k + 1, a, na);
    memcpy(key + k + 1 + na, b, nb);
    /* the key is often in the rule as written: "##.ad-slot", "||ads.example^" */
    if ((s = slot_get_at(fl, key, k + 1 + na + nb,
                         fl->rules[r].kind == K_NET ? fl->rules[r].text + 1 : fl->rules[r].sel)) == NULL)
        return PITH_ENOMEM;
    fl->rules[r].next = s->head;
    s->head = (uint32_t)r + 1;
    return PITH_OK;
}

/* Notes that some rule keys an attribute name by kind (1 [name, 2 =name, 4 ^name,
   8 << L: a prefix key of L bytes), under "@name" for generic rules and
   "&name" for site rules. */
static int note_attr(pith_filterlist *fl, const char *name, size_t n, unsigned kind)
{
    char key[KEY_MAX];
    fl_slot *s;
    if (n + 1 > sizeof key)
        return PITH_EDATA;
    key[0] = fl->site ? '&' : '@';          /* site rules apart: most pages have none */
    memcpy(key + 1, name, n);
    if ((s = slot_get(fl, key, n + 1)) == NULL)
        return PITH_ENOMEM;
    s->head |= kind;
    return PITH_OK;
}

static int is_ident(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c >= 0x80;
}

/* Room for one more element of size bytes in the array at *base (n used,
   *cap allocated, doubled from 1024 when full): *base may move; returns
   the array (NULL when out of memory).  The caller takes element n. */
static void *room_for_one(void *base, size_t n, size_t *cap, size_t size)
{
    void *p;
    size_t c;
    if (n < *cap)
        return base;
    c = *cap ? *cap * 2 : 1024;
    if ((p = realloc(base, c * size)) != NULL)
        *cap = c;
    return p;
}

static fl_rule *new_rule(pith_filterlist *fl)
{
    fl_rule *p = room_for_one(fl->rules, fl->nrules, &fl->rcap, sizeof *p);
    if (p == NULL)
        return NULL;
    fl->rules = p;
    memset(&p[fl->nrules], 0, sizeof *p);
    return &p[fl->nrules++];
}

static fl_part *new_part(pith_filterlist *fl)
{
    fl_part *p = room_for_one(fl->parts, fl->nparts, &fl->pcap, sizeof *p);
    if (p == NULL)
        return NULL;
    fl->parts = p;
    memset(&p[fl->nparts], 0, sizeof *p);
    return &p[fl->nparts++];
}

/* The value test of an attribute selector at s[*pi] ("=v", "^='v'", ...,
   up to its ']'), into *kind (P_EQ, P_PREFIX, P_SUBSTR, P_SUFFIX, or P_HAS
   for an empty value), *v and *vn; *pi is left on the ']'.  PITH_EDATA for
   another form. */
static int attr_value_test(const char *s, size_t n, size_t *pi, int *kind, const char **v,
                           size_t *vn)
{
    size_t i = *pi;
    if (s[i] == '^' || s[i] == '*' || s[i] == '$') {
        *kind = s[i] == '^' ? P_PREFIX : s[i] == '*' ? P_SUBSTR : P_SUFFIX;
        i++;
    } else
        *kind = P_EQ;
    if (i >= n || s[i] != '=')
        return PITH_EDATA;          /* |= ~= and the like */
    i++;
    if (i < n && (s[i] == '"' || s[i] == '\'')) {
        char q = s[i++];
        *v = s + i;
        while (i < n && s[i] != q && s[i] != '\\')
            i++;
        if (i >= n || s[i] != q)
            return PITH_EDATA;      /* escapes: skipped */
        *vn = (size_t)(s + i - *v);
        i++;
    } else {
        *v = s + i;
        while (i < n && is_ident((unsigned char)s[i]))
            i++;
        *vn = (size_t)(s + i - *v);
    }
    if (i >= n || s[i] != ']')
        return PITH_EDATA;          /* a case flag " i]" and the like */
    if (*vn == 0 && *kind != P_EQ)
        *kind = P_HAS;
    *pi = i;
    return PITH_OK;
}

/* An attribute selector at s[*pi], past its '[' ("name]", "name=v]", ...),
   into a part; *pi is moved past its ']'.  Returns PITH_OK, PITH_EDATA for
   another form, PITH_ENOMEM. */
static int attr_selector(pith_filterlist *fl, const char *s, size_t n, size_t *pi)
{
    size_t i = *pi, j = i, k, nl, vn = 0;
    char buf[KEY_MAX];
    int kind = P_HAS, rc;
    const char *v = NULL;
    fl_part *p;
    while (i < n && is_ident((unsigned char)s[i]))
        i++;
    if (i == j || i >= n || (nl = i - j) >= KEY_MAX - 1)
        return PITH_EDATA;
    for (k = 0; k < nl; k++)
        buf[k] = (char)(s[j + k] >= 'A' && s[j + k] <= 'Z' ? s[j + k] | 0x20 : s[j + k]);
    if (s[i] != ']' && (rc = attr_value_test(s, n, &i, &kind, &v, &vn)) != PITH_OK)
        return rc;
    *pi = i + 1;
    if ((p = new_part(fl)) == NULL || (p->name = arena_add(fl, buf, nl)) == 0)
        return PITH_ENOMEM;
    p->kind = (uint8_t)kind;
    if (kind != P_HAS) {
        if ((p->value = arena_add(fl, v ? v : "", vn)) == 0)
            return PITH_ENOMEM;
        p->vlen = (uint32_t)vn;
    }
    return PITH_OK;
}

/* A selector of the simple forms into parts (after those of the rule).
   Returns PITH_OK, PITH_EDATA for another form, PITH_ENOMEM. */
static int parse_selector(pith_filterlist *fl, const char *s, size_t n, uint8_t *nparts)
{
    size_t i = 0;
    char buf[KEY_MAX];
    *nparts = 0;
    if (n == 0)
        return PITH_EDATA;
    if (s[0] == '*')
        i = 1;
    else if ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z') {
        size_t j = 0;
        fl_part *p;
        while (i < n && is_ident((unsigned char)s[i]) && j < sizeof buf - 1)
            buf[j++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]), i++;
        if ((p = new_part(fl)) == NULL || (p->name = arena_add(fl, buf, j)) == 0)
            return PITH_ENOMEM;
        p->kind = P_TAG;
        ++*nparts;
    }
    while (i < n) {
        fl_part *p;
        char c = s[i];
        if (c == '.' || c == '#') {
            size_t j = ++i;
            while (i < n && is_ident((unsigned char)s[i]))
                i++;
            if (i == j || i - j >= KEY_MAX - 1)
                return PITH_EDATA;
            if ((p = new_part(fl)) == NULL || (p->name = arena_add(fl, s + j, i - j)) == 0)
                return PITH_ENOMEM;
            p->kind = c == '.' ? P_CLASS : P_ID;
            p->vlen = (uint32_t)(i - j);
        } else if (c == '[') {
            int rc;
            i++;
            if ((rc = attr_selector(fl, s, n, &i)) != PITH_OK)
                return rc;
        } else {
            return PITH_EDATA;   /* combinators, pseudo-classes, lists, escapes */
        }
        if (++*nparts > 16)
            return PITH_EDATA;
    }
    return *nparts ? PITH_OK : PITH_EDATA;
}

#define HOST_KEYS (1u << 24)  /* "@name" head bit: substring rules filed by host */

/* The host inside a substring value such as "//ads.example/" or
   ".ads.example/x": a run of host characters with a dot, after "//" or ".",
   before "/" or "?", so that a URL containing the value has a host ending
   with it at a label boundary.  NULL if the value has no such host. */
static const char *value_host(const char *v, size_t n, size_t *len)
{
    size_t i = 0, j;
    int dot = 0;
    if (n >= 2 && v[0] == '/' && v[1] == '/')
        i = 2;
    else if (n >= 1 && v[0] == '.')
        i = 1;
    else
        return NULL;
    for (j = i; j < n && ((v[j] >= 'a' && v[j] <= 'z') || (v[j] >= '0' && v[j] <= '9') ||
                          v[j] == '-' || v[j] == '.'); j++)
        dot |= v[j] == '.';
    if (!dot || j == i || j >= n || (v[j] != '/' && v[j] != '?') || v[j - 1] == '.')
        return NULL;
    *len = j - i;
    return v + i;
}

/* Files a hide rule under the most telling of its parts. */
static int file_hide(pith_filterlist *fl, size_t r)
{
    const fl_rule *rule = &fl->rules[r];
    const fl_part *best = NULL;
    static const int rank[] = { [P_ID] = 7, [P_CLASS] = 6, [P_EQ] = 5, [P_PREFIX] = 4,
                                [P_HAS] = 3, [P_SUBSTR] = 2, [P_SUFFIX] = 2, [P_TAG] = 1 };
    int rc;
    for (unsigned i = 0; i < rule->nparts; i++) {
        const fl_part *p = &fl->parts[rule->part + i];
        /* of two classes the longer: ".card.sponsored-card" under the rarer */
        if (best == NULL || rank[p->kind] > rank[best->kind] ||
            (p->kind == best->kind && p->kind == P_CLASS && p->vlen > best->vlen))
            best = p;
    }
    const char *name = fl->arena + best->name, *v = fl->arena + best->value;
    size_t nn = strlen(name);
    switch (best->kind) {
    case P_ID: return file_rule(fl, r, '#', name, nn, "", 0);
    case P_CLASS: return file_rule(fl, r, '.', name, nn, "", 0);
    case P_TAG:
        fl->tag_keys = 1;
        return file_rule(fl, r, '<', name, nn, "", 0);
    case P_EQ: {
        char k[KEY_MAX];
        if (nn + 1 + best->vlen >= sizeof k)
            return PITH_EDATA;
        memcpy(k, name, nn);
        k[nn] = '=';
        if ((rc = note_attr(fl, name, nn, 2)) != PITH_OK)
            return rc;
        return file_rule(fl, r, '=', k, nn + 1, v, best->vlen);
    }
    case P_PREFIX: {
        char k[KEY_MAX];
        /* a few key lengths only (16, 12, 8, 4, or all of a shorter value):
           each length a rule uses costs every such attribute one look-up */
        size_t l = best->vlen >= 16 ? 16 : best->vlen >= 4 ? best->vlen & ~(size_t)3 : best->vlen;
        if (nn + 1 >= sizeof k)
            return PITH_EDATA;
        memcpy(k, name, nn);
        k[nn] = '=';
        if ((rc = note_attr(fl, name, nn, 4)) != PITH_OK)
            return rc;
        if ((rc = note_attr(fl, name, nn, 8u << l)) != PITH_OK)
            return rc;
        return file_rule(fl, r, '^', k, nn + 1, v, l);
    }
    default: {
        size_t hn;
        const char *h = best->kind == P_SUBSTR ? value_host(v, best->vlen, &hn) : NULL;
        if (h) {
            /* a[href*="//ads.example/"]: filed under the host, looked up by the
               suffixes of the link's host instead of searched in every link */
            if ((rc = note_attr(fl, name, nn, HOST_KEYS)) != PITH_OK)
                return rc;
            return file_rule(fl, r, '~', h, hn, "", 0);
        }
        if ((rc = note_attr(fl, name, nn, 1)) != PITH_OK)
            return rc;
        return file_rule(fl, r, '[', name, nn, "", 0);
    }
    }
}

/* A domain list ("a.com,~b.com" or "a.com|~b.com") is usable: no wildcard. */
static int plain_domains(const char *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (d[i] == '*' || d[i] == '/' || d[i] == ' ')
            return 0;
    return 1;
}

/* "domains##selector" or "domains#@#selector"; returns PITH_EDATA to skip. */
static int add_hide(pith_filterlist *fl, const char *line, size_t n, size_t at, int except)
{
    size_t sel = at + (except ? 3 : 2), first = fl->nparts;
    fl_rule *r;
    uint8_t np;
    int rc;
    if (!plain_domains(line, at))
        return PITH_EDATA;
    if ((rc = parse_selector(fl, line + sel, n - sel, &np)) != PITH_OK) {
        fl->nparts = first;
        return rc;
    }
    if ((r = new_rule(fl)) == NULL)
        return PITH_ENOMEM;
    r->kind = except ? K_EXCEPT : K_HIDE;
    r->part = (uint32_t)first;
    r->nparts = np;
    if ((r->text = arena_add(fl, line, n)) == 0)
        return PITH_ENOMEM;
    r->domains = at ? r->text : 0;         /* the domains open the rule */
    r->sel = r->text + (uint32_t)sel;      /* the selector ends it */
    if (except) {
        rc = file_rule(fl, fl->nrules - 1, '@', line + sel, n - sel, "", 0);
        fl->stat[PITH_FL_EXCEPTION] += rc == PITH_OK;
        if (rc != PITH_OK)
            fl->nrules--;
        return rc;
    }
    /* a site rule is filed once for each site it names, under keys of that
       site: pages of other sites never see it */
    size_t first_rule = fl->nrules - 1, filed = 0;
    rc = PITH_OK;
    for (size_t i = 0; i < at && rc != PITH_ENOMEM;) {
        size_t k = strcspn(line + i, ",#");
        if (k > at - i)
            k = at - i;
        if (k && line[i] != '~') {
            fl_slot *s;
            char key[KEY_MAX];
            size_t ri = first_rule;
            if (filed) {
                fl_rule *copy = new_rule(fl);
                if (copy == NULL)
                    return PITH_ENOMEM;
                *copy = fl->rules[first_rule];
                ri = fl->nrules - 1;
            }
            if (k + 1 < sizeof key) {
                key[0] = '%';                  /* this site has rules of its own */
                memcpy(key + 1, line + i, k);
                if ((s = slot_get(fl, key, k + 1)) == NULL)
                    return PITH_ENOMEM;
            }
            fl->site = line + i, fl->nsite = k;
            rc = file_hide(fl, ri);
            fl->site = NULL;
            if (rc == PITH_OK)
                filed++;
            else if (ri != first_rule)
                fl->nrules--;
        }
        i += k + 1;
    }
    if (!filed && rc != PITH_ENOMEM) {
        int include = 0;
        for (size_t i = 0; i < at; i += strcspn(line + i, ",") + 1)
            include |= line[i] != '~';
        rc = include ? PITH_EDATA : file_hide(fl, first_rule);
        filed = rc == PITH_OK;
    }
    if (!filed) {
        fl->nrules = first_rule;
        return rc;
    }
    fl->stat[PITH_FL_HIDE]++;
    return PITH_OK;
}

/* The $options of a network rule that pith reads. */
typedef struct net_opts {
    unsigned types, negtypes;   /* FL_T_* it applies to, and those it excludes */
    int party;                  /* 0 any, 1 third party, 2 first party */
    const char *dom;            /* its domain= list, or NULL */
} net_opts;

/* Reads the options from o to end into *no; PITH_EDATA for one pith does
   not apply (the rule is skipped). */
static int net_options(const char *o, const char *end, net_opts *no)
{
    while (o < end) {
        const char *e = memchr(o, ',', (size_t)(end - o));
        size_t k;
        int neg;
        if (e == NULL)
            e = end;
        k = (size_t)(e - o);
        neg = k && *o == '~';
        if (neg)
            o++, k--;
#define OPT(s) (k == sizeof s - 1 && !memcmp(o, s, k))
        if (OPT("third-party") || OPT("3p"))
            no->party = neg ? 2 : 1;
        else if (OPT("first-party") || OPT("1p"))
            no->party = neg ? 1 : 2;
        else if (OPT("script"))
            *(neg ? &no->negtypes : &no->types) |= FL_T_SCRIPT;
        else if (OPT("image"))
            *(neg ? &no->negtypes : &no->types) |= FL_T_IMAGE;
        else if (OPT("subdocument"))
            *(neg ? &no->negtypes : &no->types) |= FL_T_SUBDOC;
        else if (OPT("stylesheet") || OPT("xmlhttprequest") || OPT("media") || OPT("font") ||
                 OPT("object") || OPT("ping") || OPT("websocket") || OPT("other")) {
            if (!neg)
                no->types |= 16;                /* a type of no element read here */
        } else if (OPT("important") || OPT("match-case")) {
            /* no effect on what is matched here */
        } else if (!neg && k > 7 && !memcmp(o, "domain=", 7)) {
            if (!plain_domains(o + 7, k - 7))
                return PITH_EDATA;
            no->dom = o + 7;
        } else {
            return PITH_EDATA;   /* popup, document, csp, redirect, removeparam, ... */
        }
#undef OPT
        o = e < end ? e + 1 : e;
    }
    return PITH_OK;
}

/* "||host^", "||host/path", "@@||host^$options"; returns PITH_EDATA to skip. */
static int add_net(pith_filterlist *fl, const char *line, size_t n)
{
    int except = line[0] == '@';
    const char *p = line + (except ? 4 : 2), *end = line + n, *opt = NULL, *host, *path;
    net_opts no = { 0, 0, 0, NULL };
    fl_rule *r;
    unsigned types;
    int sep = 0, rc;

    for (const char *q = end; q > p; q--)
        if (q[-1] == '$') {
            opt = q;
            end = q - 1;
            break;
        }
    host = p;
    while (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
                       *p == '-' || *p == '_'))
        p++;
    if (p == host || (p < end && *p != '/' && *p != '^' && *p != ':'))
        return PITH_EDATA;
    path = p;
    for (const char *q = p; q < end; q++) {
        if (*q == '*' || *q == '|' || (*q == '^' && q + 1 != end))
            return PITH_EDATA;
        if (*q == '^')
            sep = 1;
    }
    if (opt && (rc = net_options(opt, line + n, &no)) != PITH_OK)
        return rc;
    types = no.types;
    if (types == 0)
        types = FL_T_ANY;
    if (no.negtypes)
        types &= ~no.negtypes & FL_T_ANY;
    types &= FL_T_ANY;
    if (types == 0)
        return PITH_EDATA;       /* only types no element here has */
    if ((r = new_rule(fl)) == NULL)
        return PITH_ENOMEM;
    r->kind = except ? K_NETEXCEPT : K_NET;
    r->types = (uint8_t)types;
    r->party = (uint8_t)no.party;
    r->sep = (uint8_t)sep;
    if ((r->text = arena_add(fl, line, n)) == 0)
        return PITH_ENOMEM;
    if (no.dom)
        r->domains = r->text + (uint32_t)(no.dom - line);
    r->sel = r->text + (uint32_t)(path - line);     /* the path, inside the rule */
    r->part = (uint32_t)(end - path) - (uint32_t)sep;
    rc = file_rule(fl, fl->nrules - 1, except ? '!' : '|', host, (size_t)(path - host), "", 0);
    if (rc != PITH_OK)
        fl->nrules--;
    fl->stat[PITH_FL_NETWORK] += rc == PITH_OK;
    return rc;
}

/* One line of a list. */
static int add_line(pith_filterlist *fl, const char *line, size_t n)
{
    const char *h;
    int rc;
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
        n--;
    while (n && (*line == ' ' || *line == '\t'))
        line++, n--;
    if (n == 0 || line[0] == '!' || line[0] == '[')
        return PITH_OK;                          /* comments, the header */
    h = memchr(line, '#', n);
    while (h && h + 1 < line + n) {
        size_t at = (size_t)(h - line);
        if (h[1] == '#' || (h[1] == '@' && at + 2 < n && h[2] == '#')) {
            int except = h[1] == '@';
            size_t sel = at + (except ? 3 : 2);
            /* ##+js(), ##^ (HTML filters), #?#, #$#: other engines' syntax */
            if (sel < n && (line[sel] == '+' || line[sel] == '^'))
                rc = PITH_EDATA;
            else
                rc = add_hide(fl, line, n, at, except);
            if (rc == PITH_EDATA)
                fl->stat[PITH_FL_SKIPPED_HIDE]++;
            return rc == PITH_EDATA ? PITH_OK : rc;
        }
        if (h[1] == '?' || h[1] == '$' || h[1] == '%') {
            fl->stat[PITH_FL_SKIPPED_HIDE]++;
            return PITH_OK;
        }
        h = memchr(h + 1, '#', (size_t)(line + n - h - 1));
    }
    if ((n > 2 && line[0] == '|' && line[1] == '|') ||
        (n > 4 && !memcmp(line, "@@||", 4)))
        rc = add_net(fl, line, n);
    else
        rc = PITH_EDATA;
    if (rc == PITH_EDATA)
        fl->stat[PITH_FL_SKIPPED_NET]++;
    return rc == PITH_EDATA ? PITH_OK : rc;
}

static int add_text(pith_filterlist *fl, const char *text, size_t len)
{
    while (len) {
        const char *nl = memchr(text, '\n', len);
        size_t n = nl ? (size_t)(nl - text) : len;
        int rc = add_line(fl, text, n);
        if (rc != PITH_OK)
            return rc;
        n += nl != NULL;
        text += n, len -= n;
    }
    return PITH_OK;
}

/* Links every hide rule to the exceptions of its selector. */
static void link_exceptions(pith_filterlist *fl)
{
    for (size_t i = 0; i < fl->nrules; i++) {
        fl_rule *r = &fl->rules[i];
        char key[KEY_MAX];
        const char *sel;
        size_t n;
        fl_slot *s;
        if (r->kind != K_HIDE)
            continue;
        sel = fl->arena + r->sel;
        n = strlen(sel);
        if (n + 1 > sizeof key)
            continue;
        key[0] = '@';
        memcpy(key + 1, sel, n);
        s = slot_find(fl, key, n + 1, key_hash(key, n + 1));
        if (s && s->key)
            r->exc = s->head;
    }
}

static pith_filterlist *fl_new(void)
{
    pith_filterlist *fl = calloc(1, sizeof *fl);
    if (fl && arena_add(fl, "", 0) != 0) {   /* offset 0 means "none" */
        free(fl);
        return NULL;
    }
    if (fl && fl->arena == NULL) {
        free(fl);
        return NULL;
    }
    return fl;
}

static void fl_done(pith_filterlist *fl)
{
    /* give back what the growth left over */
    char *a = realloc(fl->arena, fl->alen ? fl->alen : 1);
    fl_rule *r = fl->nrules ? realloc(fl->rules, fl->nrules * sizeof *r) : NULL;
    fl_part *p = fl->nparts ? realloc(fl->parts, fl->nparts * sizeof *p) : NULL;
    if (a)
        fl->arena = a, fl->acap = fl->alen;
    if (r)
        fl->rules = r, fl->rcap = fl->nrules;
    if (p)
        fl->parts = p, fl->pcap = fl->nparts;
    link_exceptions(fl);
}

void pith_filterlist_free(pith_filterlist *fl)
{
    if (fl == NULL)
        return;
    free(fl->arena);
    free(fl->rules);
    free(fl->parts);
    free(fl->slots);
    free(fl);
}

int pith_filterlist_parse(pith_filterlist **out, const char *text, size_t len)
{
    pith_filterlist *fl;
    int rc;
    if (out == NULL || (text == NULL && len))
        return PITH_EINVAL;
    if ((fl = fl_new()) == NULL)
        return PITH_ENOMEM;
    if (fl->nslots == 0 && slots_grow(fl) != PITH_OK) {
        pith_filterlist_free(fl);
        return PITH_ENOMEM;
    }
    if ((rc = add_text(fl, text, len)) != PITH_OK) {
        pith_filterlist_free(fl);
        return rc;
    }
    fl_done(fl);
    *out = fl;
    return PITH_OK;
}

int pith_filterlist_load(pith_filterlist **out, const char *const *paths, size_t npaths)
{
    char *all = NULL;
    size_t n = 0, cap = 0;
    int rc;
    if (out == NULL || (paths == NULL && npaths))
        return PITH_EINVAL;
    for (size_t i = 0; i < npaths; i++) {
        FILE *fp;
        size_t got;
        if (paths[i] == NULL) {
            free(all);
            return PITH_EINVAL;
        }
        if ((fp = fopen(paths[i], "rb")) == NULL) {
            free(all);
            return PITH_EDATA;
        }
        do {
            if (cap - n < 65536 + 1) {
                char *p;
                cap = cap ? cap * 2 : 1 << 20;
                if ((p = realloc(all, cap)) == NULL) {
                    fclose(fp);
                    free(all);
                    return PITH_ENOMEM;
                }
                all = p;
            }
            got = fread(all + n, 1, 65536, fp);
            n += got;
        } while (got > 0);
        if (ferror(fp)) {
            int e = errno;
            fclose(fp);
            free(all);
            errno = e;
            return PITH_EDATA;
        }
        fclose(fp);
        all[n++] = '\n';          /* a list's last line ends with its file */
    }
    rc = pith_filterlist_parse(out, all, n);
    free(all);
    return rc;
}

const char *pith_filterlist_default_path(void)
{
    /* the Debian package webext-ublock-origin-firefox (and -chromium) ships
       EasyList among its assets */
    static const char *const paths[] = {
        "/usr/share/mozilla/extensions/{ec8030f7-c20a-464f-9b0e-13a3a9e97384}/"
        "uBlock0@raymondhill.net/assets/thirdparties/easylist/easylist.txt",
        "/usr/share/webext/ublock-origin/assets/thirdparties/easylist/easylist.txt",
        "/usr/share/chromium/extensions/ublock-origin/assets/thirdparties/easylist/easylist.txt",
        "/usr/share/xul-ext/ublock-origin/assets/thirdparties/easylist/easylist.txt",
        "/usr/share/ublock-origin/assets/thirdparties/easylist/easylist.txt",
        NULL
    };
    for (int i = 0; paths[i]; i++) {
        FILE *fp = fopen(paths[i], "rb");
        if (fp) {
            fclose(fp);
            return paths[i];
        }
    }
    return NULL;
}

size_t pith_filterlist_stat(const pith_filterlist *fl, int what)
{
    if (fl == NULL || what < 0 || what > PITH_FL_BYTES)
        return 0;
    if (what == PITH_FL_BYTES)
        return sizeof *fl + fl->acap + fl->rcap * sizeof *fl->rules +
               fl->pcap * sizeof *fl->parts + fl->nslots * sizeof *fl->slots;
    return fl->stat[what];
}

/* --- matching ------------------------------------------------------------- */

static const fl_slot *lookup(const pith_filterlist *fl, const char *key, size_t n)
{
    uint32_t h = key_hash(key, n);
    const fl_slot *s;
    if (far_key(key, n) ? !BLOOM_HAS(fl->far, FAR_BITS, h) : !BLOOM_HAS(fl->near, NEAR_BITS, h))
        return NULL;
    s = slot_find(fl, key, n, h);
    return s && s->key ? s : NULL;
}

/* Is host the domain d or one of its subdomains? */
static int host_in(const char *host, const char *d, size_t n)
{
    size_t h = strlen(host);
    if (h < n || strncasecmp(host + h - n, d, n))
        return 0;
    return h == n || host[h - n - 1] == '.';
}

/* Does a rule's domain list let it apply on host (NULL: unknown)? */
static int domains_apply(const pith_filterlist *fl, const fl_rule *r, const char *host)
{
    const char *d = fl->arena + r->domains;
    int net = r->kind == K_NET || r->kind == K_NETEXCEPT;
    const char *stops = net ? "|," : ",#";  /* separator, then the end of the list */
    int include = 0, matched = 0;
    if (r->domains == 0)
        return 1;
    while (*d && *d != stops[1]) {
        size_t n = strcspn(d, stops);
        int neg = *d == '~';
        if (n > (size_t)neg && host && host_in(host, d + neg, n - (size_t)neg)) {
            if (neg)
                return 0;
            matched = 1;
        }
        include |= !neg;
        d += n + (d[n] == stops[0]);
    }
    return include ? matched : 1;
}

static const char *attr_value(const char **atts, const char *name)
{
    /* libxml2's HTML parser gives attribute names in lower case */
    for (; atts && atts[0]; atts += 2)
        if (atts[0][0] == name[0] && !strcmp(atts[0], name))
            return atts[1] ? atts[1] : "";
    return NULL;
}

static int has_token(const char *list, const char *tok, size_t n)
{
    const char *p = list;
    while (*p) {
        size_t k;
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
            p++;
        k = strcspn(p, " \t\n\r\f");
        if (k == n && !memcmp(p, tok, n))
            return 1;
        p += k;
    }
    return 0;
}

static int part_matches(const pith_filterlist *fl, const fl_part *p, const char *tag,
                        const char **atts)
{
    const char *name = fl->arena + p->name, *v;
    size_t n;
    switch (p->kind) {
    case P_TAG: return !strcmp(tag, name);
    case P_CLASS: return (v = attr_value(atts, "class")) && has_token(v, name, p->vlen);
    case P_ID: return (v = attr_value(atts, "id")) && !strcmp(v, name);
    default: break;
    }
    if ((v = attr_value(atts, name)) == NULL)
        return 0;
    n = strlen(v);
    switch (p->kind) {
    case P_HAS: return 1;
    case P_EQ: return n == p->vlen && !memcmp(v, fl->arena + p->value, n);
    case P_PREFIX: return n >= p->vlen && !memcmp(v, fl->arena + p->value, p->vlen);
    case P_SUFFIX: return n >= p->vlen && !memcmp(v + n - p->vlen, fl->arena + p->value, p->vlen);
    case P_SUBSTR: return strstr(v, fl->arena + p->value) != NULL;
    default: return 0;
    }
}

/* The first rule of a chain that hides the element, or 0. */
static unsigned check_chain(const pith_filterlist *fl, uint32_t head, const char *host,
                            const char *tag, const char **atts)
{
    for (uint32_t i = head; i; i = fl->rules[i - 1].next) {
        const fl_rule *r = &fl->rules[i - 1];
        unsigned k;
        int excepted = 0;
        for (k = 0; k < r->nparts; k++)
            if (!part_matches(fl, &fl->parts[r->part + k], tag, atts))
                break;
        if (k < r->nparts || !domains_apply(fl, r, host))
            continue;
        for (uint32_t e = r->exc; e && !excepted; e = fl->rules[e - 1].next)
            excepted = domains_apply(fl, &fl->rules[e - 1], host);
        if (!excepted)
            return i;
    }
    return 0;
}

/* Looks up a key made of the site prefix (pre, npre bytes: "" or "site\1"),
   c, then a (na bytes) and b (nb bytes), and checks its chain. */
static unsigned check_key(const pith_filterlist *fl, const char *pre, size_t npre, char c,
                          const char *a, size_t na, const char *b, size_t nb, const char *host,
                          const char *tag, const char **atts)
{
    char key[KEY_MAX];
    const fl_slot *s;
    if (npre + 1 + na + nb > sizeof key)
        return 0;
    if (npre == 0 && nb == 0) {
        /* the common case, a class token or an id: a miss costs one hash */
        uint32_t h = kind_hash((unsigned char)c, a, na);
        if (!BLOOM_HAS(fl->near, NEAR_BITS, h))
            return 0;
        key[0] = c;
        memcpy(key + 1, a, na);
        s = slot_find(fl, key, na + 1, h);
        return s && s->key ? check_chain(fl, s->head, host, tag, atts) : 0;
    }
    memcpy(key, pre, npre);
    key[npre] = c;
    memcpy(key + npre + 1, a, na);
    memcpy(key + npre + 1 + na, b, nb);
    s = lookup(fl, key, npre + 1 + na + nb);
    return s ? check_chain(fl, s->head, host, tag, atts) : 0;
}

/* The prefix keys of an attribute value: "^name=" and its first 1-16 bytes,
   for each length some rule has. */
static unsigned check_prefixes(const pith_filterlist *fl, const char *pre, size_t npre,
                               const char *name, size_t nn, const char *v, size_t vn,
                               uint32_t lens, const char *host, const char *tag,
                               const char **atts)
{
    char key[KEY_MAX];
    size_t base = npre + nn + 2;
    uint32_t h;
    unsigned hit;
    if (base + PFX_MAX > sizeof key)
        return 0;
    memcpy(key, pre, npre);
    key[npre] = '^';
    memcpy(key + npre + 1, name, nn);
    key[base - 1] = '=';
    memcpy(key + base, v, vn < PFX_MAX ? vn : PFX_MAX);
    for (size_t l = 1; l <= PFX_MAX && l <= vn; l++) {
        if (!(lens & (8u << l)))
            continue;
        h = key_hash(key, base + l);
        if (npre ? BLOOM_HAS(fl->far, FAR_BITS, h) : BLOOM_HAS(fl->near, NEAR_BITS, h)) {
            const fl_slot *t = slot_find(fl, key, base + l, h);
            if (t && t->key && (hit = check_chain(fl, t->head, host, tag, atts)))
                return hit;
        }
    }
    return 0;
}

/* The host of an absolute or protocol-relative URL, lower case, into h;
   returns the rest of the URL (its path), or NULL when it has no host. */
static const char *url_host(const char *url, char *h, size_t cap)
{
    const char *p = url;
    size_t n = 0;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (!strncasecmp(p, "https://", 8))
        p += 8;
    else if (!strncasecmp(p, "http://", 7))
        p += 7;
    else if (p[0] == '/' && p[1] == '/')
        p += 2;
    else
        return NULL;                /* relative: the page's own server */
    while (*p && *p != '/' && *p != '?' && *p != '#' && *p != ':' && n < cap - 1) {
        char c = *p++;
        if (c == '@') {             /* user info */
            n = 0;
            continue;
        }
        h[n++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
    h[n] = '\0';
    if (n == 0)
        return NULL;
    while (*p == ':' || (*p >= '0' && *p <= '9' && p[-1] != '/'))
        p++;                        /* the port */
    return p;
}

/* The rules filed under one site prefix ("" for the generic ones). */
static unsigned match_under(const pith_filterlist *fl, const char *pre, size_t npre,
                            const char *host, const char *tag, const char **atts)
{
    unsigned hit;
    char key[KEY_MAX];
    if (fl->tag_keys &&
        (hit = check_key(fl, pre, npre, '<', tag, strlen(tag), "", 0, host, tag, atts)))
        return hit;
    for (const char **a = atts; a && a[0]; a += 2) {
        const char *name = a[0], *v = a[1] ? a[1] : "";
        size_t nn = strlen(name), vn;
        const fl_slot *s;
        if (name[0] == 'i' && !strcmp(name, "id") &&
            (hit = check_key(fl, pre, npre, '#', v, strlen(v), "", 0, host, tag, atts)))
            return hit;
        if (name[0] == 'c' && !strcmp(name, "class")) {
            for (const char *p = v; *p;) {
                size_t k;
                while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
                    p++;
                k = strcspn(p, " \t\n\r\f");
                if (k && (hit = check_key(fl, pre, npre, '.', p, k, "", 0, host, tag, atts)))
                    return hit;
                p += k;
            }
        }
        if (nn + 1 > sizeof key)
            continue;
        key[0] = npre ? '&' : '@';
        memcpy(key + 1, name, nn);
        if ((s = lookup(fl, key, nn + 1)) == NULL)
            continue;                       /* no rule reads this attribute */
        if ((s->head & 1) &&
            (hit = check_key(fl, pre, npre, '[', name, nn, "", 0, host, tag, atts)))
            return hit;
        vn = strlen(v);
        if (s->head & 2) {
            char nv[KEY_MAX];
            if (nn + 1 + vn <= sizeof nv) {
                memcpy(nv, name, nn);
                nv[nn] = '=';
                memcpy(nv + nn + 1, v, vn);
                if ((hit = check_key(fl, pre, npre, '=', nv, nn + 1 + vn, "", 0, host, tag, atts)))
                    return hit;
            }
        }
        if ((s->head & 4) &&
            (hit = check_prefixes(fl, pre, npre, name, nn, v, vn, s->head, host, tag, atts)))
            return hit;
        if (s->head & HOST_KEYS) {
            char h[256];
            if (url_host(v, h, sizeof h))
                for (const char *d = h; d; d = strchr(d, '.'), d = d ? d + 1 : NULL)
                    if ((hit = check_key(fl, pre, npre, '~', d, strlen(d), "", 0, host, tag, atts)))
                        return hit;
        }
    }
    return 0;
}

unsigned pith_fl_sites(const pith_filterlist *fl, const char *host, const char **sites,
                       unsigned max)
{
    char key[KEY_MAX];
    unsigned n = 0;
    if (fl == NULL || host == NULL)
        return 0;
    for (const char *d = host; d && *d && n < max; d = strchr(d, '.'), d = d ? d + 1 : NULL) {
        size_t k = strlen(d);
        if (k + 1 > sizeof key)
            continue;
        key[0] = '%';
        memcpy(key + 1, d, k);
        if (lookup(fl, key, k + 1))
            sites[n++] = d;
    }
    return n;
}

unsigned pith_fl_match_sites(const pith_filterlist *fl, const char *host,
                             const char *const *sites, unsigned nsites, const char *tag,
                             const char **atts)
{
    unsigned hit;
    if (fl == NULL)
        return 0;
    if ((hit = match_under(fl, "", 0, host, tag, atts)))
        return hit;
    for (unsigned i = 0; i < nsites; i++) {
        char pre[KEY_MAX];
        size_t k = strlen(sites[i]);
        if (k + 1 >= sizeof pre)
            continue;
        memcpy(pre, sites[i], k);
        pre[k] = '\1';
        if ((hit = match_under(fl, pre, k + 1, host, tag, atts)))
            return hit;
    }
    return 0;
}

unsigned pith_fl_match_element(const pith_filterlist *fl, const char *host, const char *tag,
                               const char **atts)
{
    const char *sites[8];
    unsigned n = pith_fl_sites(fl, host, sites, 8);
    return pith_fl_match_sites(fl, host, sites, n, tag, atts);
}

/* The registrable part of a host, roughly: its last two labels (three under
   a two-letter country code with a short second level: co.uk, com.br). */
static const char *site_of(const char *host)
{
    const char *p = host + strlen(host), *dots[3] = { NULL, NULL, NULL };
    int k = 0;
    while (p > host && k < 3) {
        p--;
        if (*p == '.')
            dots[k++] = p;
    }
    if (k >= 2 && strlen(dots[0] + 1) == 2 && dots[0] - dots[1] - 1 <= 3)
        return k >= 3 ? dots[2] + 1 : host;
    return k >= 2 ? dots[1] + 1 : host;
}

static int net_rule_applies(const pith_filterlist *fl, const fl_rule *r, const char *host,
                            const char *req_host, const char *rest, int type)
{
    const char *path = fl->arena + r->sel;
    size_t n = r->part;
    if (!(r->types & type))
        return 0;
    if (strncmp(rest, path, n))
        return 0;
    if (r->sep) {
        unsigned char c = (unsigned char)rest[n];
        if (c && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.' || c == '%'))
            return 0;
    }
    if (r->party && host) {
        int third = strcmp(site_of(host), site_of(req_host)) != 0;
        if ((r->party == 1) != third)
            return 0;
    } else if (r->party == 2) {
        return 0;                  /* first-party only, and the page is unknown */
    }
    return domains_apply(fl, r, host);
}

unsigned pith_fl_match_url(const pith_filterlist *fl, const char *host, const char *url,
                           int type)
{
    char h[256], key[258];
    const char *rest;
    unsigned hit = 0;
    if (fl == NULL || url == NULL || (rest = url_host(url, h, sizeof h)) == NULL)
        return 0;
    /* each domain suffix of the host: a.b.example.com, b.example.com, ... */
    for (const char *d = h; d && *d && !hit; d = strchr(d, '.'), d = d ? d + 1 : NULL) {
        size_t k = strlen(d);
        const fl_slot *s;
        key[0] = '|';
        memcpy(key + 1, d, k);
        if ((s = lookup(fl, key, k + 1)) == NULL)
            continue;
        for (uint32_t i = s->head; i && !hit; i = fl->rules[i - 1].next)
            if (net_rule_applies(fl, &fl->rules[i - 1], host, h, rest, type))
                hit = i;
    }
    if (!hit)
        return 0;
    for (const char *d = h; d && *d; d = strchr(d, '.'), d = d ? d + 1 : NULL) {
        size_t k = strlen(d);
        const fl_slot *s;
        key[0] = '!';
        memcpy(key + 1, d, k);
        if ((s = lookup(fl, key, k + 1)) == NULL)
            continue;
        for (uint32_t i = s->head; i; i = fl->rules[i - 1].next)
            if (net_rule_applies(fl, &fl->rules[i - 1], host, h, rest, type))
                return 0;
    }
    return hit;
}

const char *pith_fl_rule_text(const pith_filterlist *fl, unsigned rule)
{
    if (fl == NULL || rule == 0 || rule > fl->nrules)
        return "";
    return fl->arena + fl->rules[rule - 1].text;
}

void pith_fl_host(const char *url, char *out, size_t cap)
{
    const char *p = url, *s;
    size_t n = 0;
    if (cap == 0)
        return;
    out[0] = '\0';
    if (url == NULL)
        return;
    while (*p == ' ' || *p == '\t')
        p++;
    if ((s = strstr(p, "://")) != NULL && (size_t)(s - p) < 16)
        p = s + 3;
    else if (p[0] == '/' && p[1] == '/')
        p += 2;
    for (; *p && *p != '/' && *p != '?' && *p != '#' && *p != ':'; p++) {
        if (*p == '@') {
            n = 0;
            continue;
        }
        if (n + 1 < cap)
            out[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p | 0x20 : *p);
    }
    while (n && out[n - 1] == '.')
        n--;
    out[n] = '\0';
}

/* --- the hooks of the segment and classify stages --------------------------- */

void pith_fl_start(const pith_filterlist *fl, pith_page *pg, const char *name,
                   const char **atts, int skip, pith_fl_hit *hit)
{
    const char *host = pg->host[0] ? pg->host : NULL;
    const char *url = NULL;
    int type = 0;
    hit->hide = hit->net = 0;
    hit->net_on_parent = 0;
    if (!pg->fl_nsites) {
        /* once: the suffixes of its host that have site rules */
        pg->fl_nsites = 1 + pith_fl_sites(fl, host, pg->fl_sites, 4);
    }
    if (!skip)
        hit->hide = pith_fl_match_sites(fl, host, pg->fl_sites, pg->fl_nsites - 1, name, atts);
    switch (name[0]) {
    case 'a': if (!name[1]) type = FL_T_LINK, url = attr_value(atts, "href"); break;
    case 'i':
        if (!strcmp(name, "img")) type = FL_T_IMAGE, url = attr_value(atts, "src");
        else if (!strcmp(name, "iframe")) type = FL_T_SUBDOC, url = attr_value(atts, "src");
        break;
    /* scripts are not read: a loader of ad code sits anywhere (in the page's
       wrapper, the story's element); marking their parents as ad slots moved
       106 navigation blocks of aeb-dev to advertising */
    default: break;
    }
    if (url && *url) {
        hit->net = pith_fl_match_url(fl, host, url, type);
        hit->net_on_parent = type != FL_T_LINK;
    }
}

/* Serial of b's ancestor at a 1-based depth, or 0 when it is not kept. */
static unsigned ancestor(const pith_block *b, unsigned depth)
{
    unsigned first = b->depth >= b->npath ? b->depth - b->npath + 1 : 1;
    return depth >= first && depth <= b->depth ? b->path[depth - first] : 0;
}

static int has_serial(const unsigned *path, unsigned n, unsigned serial)
{
    for (unsigned i = 0; i < n; i++)
        if (path[i] == serial)
            return 1;
    return 0;
}

/* Does the element at depth d above b hold story: the last story block, or
   a block ahead in the window that reads as story?  Then it is a wrapper of
   the page that a rule names wrongly (a site's "ad_body" around everything),
   not an ad. */
static int holds_story(const pith_classify *c, const pith_block *b, unsigned d)
{
    unsigned serial = ancestor(b, d);
    if (d <= 3)
        return 1;                    /* html > body > the page's wrapper */
    if (serial == 0)
        return 0;
    if (c->last_story_npath && has_serial(c->last_story_path, c->last_story_npath, serial))
        return 1;
    for (const pith_block *n = b->next; n; n = n->next)
        if (n->plain >= 4 && has_serial(n->path, n->npath, serial))
            return 1;
    return 0;
}

int pith_fl_label(const pith_classify *c, const pith_block *b, int label, int score)
{
    int hide = b->cue_depth[CUE_FILTER], net = b->cue_depth[CUE_ADSERVER];
    if (hide && holds_story(c, b, (unsigned)hide))
        hide = 0;
    if (!hide && !net)
        return label;
    (void)score;
    /* what the classifier took for story stays story: a wrongly named
       container (a video player's "Popular on ..." heading under
       ##.pmc-contextual-player on aeb-dev) must not cost story text; the
       list names ads among the blocks that are not story */
    if (label != PITH_STORY)
        return PITH_ADVERTISING;    /* no navigation or teaser sits in an ad */
    return label;
}

void pith_fl_push(pith_elem *stack, unsigned depth, const pith_fl_hit *hit)
{
    pith_elem *e = &stack[depth - 1], *parent = depth >= 2 ? e - 1 : NULL;
    unsigned pd = depth - 1;        /* the parent's depth */
    e->fl_rule[0] = hit->hide ? hit->hide : parent ? parent->fl_rule[0] : 0;
    e->fl_rule[1] = hit->net && !hit->net_on_parent ? hit->net : parent ? parent->fl_rule[1] : 0;
    /* a frame, script or image of an ad server: its parent is the ad slot,
       unless the parent is the page or the story's own element */
    if (hit->net && hit->net_on_parent && parent && pd <= 255 && parent->tag != TAG_html &&
        parent->tag != TAG_body && parent->tag != TAG_head && !parent->skip &&
        parent->cue_depth[CUE_STORY] != pd && parent->cue_depth[CUE_ARTICLE] != pd &&
        parent->cue_depth[CUE_ADSERVER] < pd) {
        parent->cue_depth[CUE_ADSERVER] = (unsigned char)pd;
        parent->fl_rule[1] = hit->net;
    }
}
