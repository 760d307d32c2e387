/* fl_build.c -- reads Adblock Plus filter lists (EasyList) and compiles
 * them into the immutable object filterlist.c matches (the layout is in
 * filterlist.c's header and fl_list.h).  Rules of forms it does not match
 * are skipped and counted.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif
#include "fl_list.h"

/* --- building ------------------------------------------------------------- */

/* n bytes for one of the list's large arrays (the arena, the rules, the table
   of keys), with the first keep bytes of old moved in and old freed, as
   realloc; NULL when out of memory (old is then kept).  On Linux an array of
   2 MiB or more is put on huge pages where it fills whole ones: a load
   touches it at random (the table of keys) or from its start on, and with
   4 KiB pages its page faults and TLB misses took half of a load's time
   (docs/ARCHITECTURE.md, "Filter lists").  Only the whole 2 MiB pages inside
   n are advised, so a page that is never filled is never made resident. */
#define HUGE_PAGE ((size_t)2 << 20)
static void *big_realloc(void *old, size_t keep, size_t n)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    void *p;
    if (n >= HUGE_PAGE && (p = aligned_alloc(HUGE_PAGE, (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1)))) {
        (void)madvise(p, n & ~(HUGE_PAGE - 1), MADV_HUGEPAGE);  /* a hint: may be refused */
        if (keep)
            memcpy(p, old, keep);
        free(old);
        return p;
    }
#else
    (void)keep;
#endif
    return realloc(old, n);
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


/* Doubles the table of slots, or makes it min slots (a power of two). */
static int slots_grow(pith_filterlist *fl, size_t min)
{
    size_t n = fl->nslots ? fl->nslots * 2 : min;
    fl_slot *old = fl->slots, *p = big_realloc(NULL, 0, n * sizeof *p);
    size_t oldn = fl->nslots;
    if (p == NULL)
        return PITH_ENOMEM;
    memset(p, 0, n * sizeof *p);
    fl->slots = p, fl->nslots = n;
    for (size_t i = 0; i < oldn; i++)
        if (old[i].key) {
            fl_slot *s = slot_find(fl, fl->arena + old[i].key, old[i].klen, old[i].hash);
            *s = old[i];
        }
    free(old);
    return PITH_OK;
}


/* The slot of a key, created if need be; NULL when out of memory.  at is an
   arena offset that may already hold the key's bytes (then they are not
   copied), or 0. */
static fl_slot *slot_get_at(pith_filterlist *fl, const char *key, size_t n, uint32_t at)
{
    uint32_t h = key_hash(key, n);
    fl_slot *s;
    if ((fl->used + 1) * 4 > fl->nslots * 3 && slots_grow(fl, 4096) != PITH_OK)
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
    if (nb)
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
    if (fl->site)
        fl->site_bits |= SITE_NAME_BIT(name_hash_n(name, n));
    memcpy(key + 1, name, n);
    if ((s = slot_get(fl, key, n + 1)) == NULL)
        return PITH_ENOMEM;
    s->head |= kind;
    return PITH_OK;
}

/* The ASCII bytes of a CSS identifier: a-z A-Z 0-9 - _ */
static const unsigned char ident_char[128] = {
    ['-'] = 1, ['_'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
    ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
    ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
    ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
    ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
    ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
    ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1
};

static int is_ident(unsigned char c)
{
    return c >= 0x80 || ident_char[c];
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

/* How common a byte is in the values of attributes (URLs, ids, classes),
   roughly: the byte of a substring test the matcher looks for first. */
static int byte_rank(unsigned char c)
{
#define LETTERS(a, b, c, d, e, f, g, h, i) \
    (1u << (a - 'a') | 1u << (b - 'a') | 1u << (c - 'a') | 1u << (d - 'a') | 1u << (e - 'a') | \
     1u << (f - 'a') | 1u << (g - 'a') | 1u << (h - 'a') | 1u << (i - 'a'))
    if (c >= 'a' && c <= 'z')
        return LETTERS('j', 'q', 'x', 'z', 'k', 'v', 'w', 'y', 'b') >> (c - 'a') & 1   ? 5
               : LETTERS('e', 't', 'a', 'o', 'i', 'n', 's', 'r', 'e') >> (c - 'a') & 1 ? 10
                                                                                        : 8;
#undef LETTERS
    if (c == '/' || c == '.' || c == '-')
        return 10;
    if (c >= '0' && c <= '9')
        return 7;
    if (c == '_' || c == ':' || c == '=' || c == '?' || c == '&')
        return 6;
    return c >= 'A' && c <= 'Z' ? 4 : 3;
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
        for (size_t b = 1; kind == P_SUBSTR && b < vn && b < 256; b++)
            if (byte_rank((unsigned char)v[b]) < byte_rank((unsigned char)v[p->rare]))
                p->rare = (uint8_t)b;
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
        if (p->kind >= P_HAS) {
            /* rawtext keeps the attribute for the rule (pith_fl_attr_read) */
            uint32_t x = TOK_BASIS;
            for (const char *c = fl->arena + p->name; *c; c++)
                x = NAME_STEP(x, *c);
            ANAME_SET(fl->anames[fl->site != NULL], x);
            if (fl->site)
                fl->site_bits |= SITE_NAME_BIT(NAME_END(x));
        }
        /* of two classes the longer: ".card.sponsored-card" under the rarer */
        if (best == NULL || rank[p->kind] > rank[best->kind] ||
            (p->kind == best->kind && p->kind == P_CLASS && p->vlen > best->vlen))
            best = p;
    }
    const char *name = fl->arena + best->name, *v = fl->arena + best->value;
    size_t nn = strlen(name);
    fl->rules[r].key_part = (uint8_t)(best - &fl->parts[rule->part]);
    switch (best->kind) {
    case P_ID: return file_rule(fl, r, '#', name, nn, "", 0);
    case P_CLASS: return file_rule(fl, r, '.', name, nn, "", 0);
    case P_TAG:
        fl->tag_keys = 1;
        if (fl->site)
            fl->site_bits |= SITE_TAGS;
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

/* A domain list ("a.com,~b.com" or "a.com|~b.com") is usable: host names
   (letters, digits, '-', '_', bytes past ASCII, and dots inside a name),
   or a name and ".*" for any public suffix ("example.*": example.com,
   example.co.uk; filterlist.c's domain_matches), so no other wildcard, no
   path or space.  A site's keys open with its name's first byte, which
   must not read as another kind of key (index_keys). */
static int plain_domains(const char *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)d[i];
        int after_sep = i == 0 || d[i - 1] == ',' || d[i - 1] == '|';
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c >= 0x80 || c == ',' || c == '|')
            continue;
        if (c == '~' && after_sep)
            continue;
        if (c == '.' && !after_sep && d[i - 1] != '~')
            continue;
        if (c == '*' && i >= 2 && d[i - 1] == '.' && d[i - 2] != '.' && d[i - 2] != '~' &&
            d[i - 2] != ',' && d[i - 2] != '|' && (i + 1 == n || d[i + 1] == ',' || d[i + 1] == '|'))
            continue;
        return 0;
    }
    return 1;
}

/* A few bytes of a selector of n bytes, for a quick test of which
   selectors have exceptions. */
#define SEL_SIG(s, n) ((((uint32_t)(n) * 0x9E3779B1u ^ (unsigned char)(s)[0] * 0x85EBCA6Bu ^ \
                         (unsigned char)(s)[(n) - 1] * 0xC2B2AE35u ^ \
                         (unsigned char)(s)[(n) / 2] * 0x27D4EB2Fu) * 0x165667B1u) >> 20)

/* Files rule ri under the keys of the site (k bytes) it names, and notes in
   the site's "%site" entry that it has rules of its own and what they read
   (SITE_TAGS, SITE_NAME_BIT).  Hosts are looked up in lower case. */
static int file_for_site(pith_filterlist *fl, const char *site, size_t k, size_t ri)
{
    char key[KEY_MAX], low[KEY_MAX];
    fl_slot *s;
    int rc;
    if (k + 1 < sizeof key) {
        for (size_t i = 0; i < k; i++)
            low[i] = site[i] >= 'A' && site[i] <= 'Z' ? (char)(site[i] + 32) : site[i];
        site = low;
        key[0] = '%';
        memcpy(key + 1, site, k);
        if (slot_get(fl, key, k + 1) == NULL)
            return PITH_ENOMEM;
    }
    fl->site = site, fl->nsite = k;
    fl->site_bits = 0;
    rc = file_hide(fl, ri);
    fl->site = NULL;
    if (rc == PITH_OK && fl->site_bits && k + 1 < sizeof key) {
        /* "%site" again: filing may have grown the table */
        if ((s = slot_get(fl, key, k + 1)) == NULL)
            return PITH_ENOMEM;
        s->head |= fl->site_bits;
    }
    return rc;
}

/* The length of the site name at s, up to its comma or the end of the
   sites (n bytes; plain_domains let no '#' or NUL in): a line is a slice of
   the list's text, with no NUL after it, so no str* function reads it. */
static size_t site_len(const char *s, size_t n)
{
    const char *c = memchr(s, ',', n);
    return c ? (size_t)(c - s) : n;
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
        unsigned sig = SEL_SIG(line + sel, n - sel);
        fl->exc_sig[sig >> 6] |= 1ull << (sig & 63);   /* for link_exceptions */
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
        size_t k = site_len(line + i, at - i);
        if (k && line[i] != '~') {
            size_t ri = first_rule;
            if (filed) {
                fl_rule *copy = new_rule(fl);
                if (copy == NULL)
                    return PITH_ENOMEM;
                *copy = fl->rules[first_rule];
                ri = fl->nrules - 1;
            }
            rc = file_for_site(fl, line + i, k, ri);
            if (rc == PITH_OK)
                filed++;
            else if (ri != first_rule)
                fl->nrules--;
        }
        i += k + 1;
    }
    if (rc == PITH_ENOMEM)
        return rc;
    if (!filed) {
        int include = 0;
        for (size_t i = 0; i < at; i += site_len(line + i, at - i) + 1)
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

/* The bytes of a network rule's host: a-z 0-9 . - _ */
static const unsigned char host_char[256] = {
    ['-'] = 1, ['.'] = 1, ['_'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
    ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
    ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
    ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
    ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1
};

/* "||host^", "||host/path", "@@||host^$options"; returns PITH_EDATA to skip. */
static int add_net(pith_filterlist *fl, const char *line, size_t n)
{
    int except = line[0] == '@';
    const char *p = line + (except ? 4 : 2), *end = line + n, *opt = NULL, *host, *path;
    net_opts no = { 0, 0, 0, NULL };
    fl_rule *r;
    unsigned types;
    int sep = 0, rc;

    /* the options follow the last '$' */
    for (const char *q = p; (q = memchr(q, '$', (size_t)(end - q))) != NULL; q++)
        opt = q + 1;
    if (opt)
        end = opt - 1;
    host = p;
    while (end - p >= 4 && host_char[(unsigned char)p[0]] && host_char[(unsigned char)p[1]] &&
           host_char[(unsigned char)p[2]] && host_char[(unsigned char)p[3]])
        p += 4;
    while (p < end && host_char[(unsigned char)*p])
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
    if (n >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3))
        line += 3, n -= 3;                       /* a file's UTF-8 byte order mark */
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

/* A line longer than LINE_MAX_LEN is no rule (EasyList's longest is about
   4 KB): it is skipped and counted, and a file's reader never holds it
   whole.  A load reads at most TEXT_MAX bytes of lists: more is refused
   (errno EFBIG) rather than read without end, as from /dev/zero. */
#define LINE_MAX_LEN 65536
#define TEXT_MAX ((size_t)64 << 20)

/* Counts a line too long to read (its first bytes in line) as skipped,
   unless it is a comment. */
static void skip_long_line(pith_filterlist *fl, const char *line, size_t n)
{
    const char *h;
    while (n && (*line == ' ' || *line == '\t'))
        line++, n--;
    if (n == 0 || line[0] == '!' || line[0] == '[')
        return;
    h = memchr(line, '#', n);
    while (h && h + 1 < line + n && h[1] != '#' && h[1] != '@')
        h = memchr(h + 1, '#', (size_t)(line + n - h - 1));
    fl->stat[h && h + 1 < line + n ? PITH_FL_SKIPPED_HIDE : PITH_FL_SKIPPED_NET]++;
}

static int add_text(pith_filterlist *fl, const char *text, size_t len)
{
    while (len) {
        const char *nl = memchr(text, '\n', len);
        size_t n = nl ? (size_t)(nl - text) : len;
        int rc = PITH_OK;
        if (n > LINE_MAX_LEN)
            skip_long_line(fl, text, LINE_MAX_LEN);
        else
            rc = add_line(fl, text, n);
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
    const uint64_t *sig = fl->exc_sig;   /* the exceptions' selectors */
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
        if (n + 1 > sizeof key || n == 0 || !(sig[SEL_SIG(sel, n) >> 6] >> (SEL_SIG(sel, n) & 63) & 1))
            continue;                       /* no exception has this selector */
        key[0] = '@';
        memcpy(key + 1, sel, n);
        s = slot_find(fl, key, n + 1, key_hash(key, n + 1));
        if (s && s->key)
            r->exc = s->head;
    }
}

/* The tests of the "[name" chain of the entry a (its rules' parts filed
   under name) into fl->vtests (*cap allocated), and the last bytes of its
   suffixes into a->slast.  Apart from index_keys, whose loop over the
   slots stays small. */
static void chain_tests(pith_filterlist *fl, fl_attr *a, size_t *cap)
{
    a->slast = 0;
    a->vt = (uint32_t)fl->nvtests, a->nvt = 0;
    for (uint32_t r = a->has; r; r = fl->rules[r - 1].next) {
        const fl_part *p = &fl->parts[fl->rules[r - 1].part + fl->rules[r - 1].key_part];
        fl_vtest *v;
        if (p->kind == P_SUFFIX && p->vlen)
            a->slast |= 1ull << ((unsigned char)fl->arena[p->value + p->vlen - 1] & 63);
        else
            a->slast = ~0ull;
        if (a->nvt > VT_MAX || ++a->nvt > VT_MAX ||
            (v = room_for_one(fl->vtests, fl->nvtests, cap, sizeof *v)) == NULL) {
            a->nvt = VT_MAX + 1;        /* the chain is walked */
            continue;
        }
        fl->vtests = v, v += fl->nvtests++;
        v->rule = r, v->value = p->value, v->vlen = p->vlen, v->kind = p->kind;
        v->rare = p->rare, v->rc = fl->arena[p->value + p->rare];
    }
    if (a->nvt > VT_MAX)
        a->nvt = 0;
}

/* The tags no rule is matched on (unmatched), and the names of id, class,
   src and href (anames), which pith_fl_attr_read reads. */
static void note_fixed(pith_filterlist *fl)
{
    static const char *const read[] = { "id", "class", "src", "href" };
    for (unsigned id = 1; id < PITH_NTAGS_PLUS1; id++)
        if (id == TAG_html || id == TAG_body || (pith_tag_flags(id) & T_SKIP)) {
            /* segment matches no rule on these */
            const char *t = pith_tag_name(id);
            unsigned sig = SKIP_SIG(t, strlen(t));
            fl->unmatched[sig >> 6] |= 1ull << (sig & 63);
        }
    for (size_t i = 0; i < sizeof read / sizeof read[0]; i++) {
        /* the matching and pith_fl_start read these on any tag */
        uint32_t x = TOK_BASIS;
        for (const char *c = read[i]; *c; c++)
            x = NAME_STEP(x, *c);
        ANAME_SET(fl->anames[0], x);
    }
}

/* Files the "@name" slots at[0..n) into attrs; 0 when they do not fit. */
static int file_attrs(pith_filterlist *fl, const uint32_t *at, size_t n)
{
    size_t vcap = 0;
    if (n * 4 > ATTR_SLOTS * 3)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const fl_slot *s = &fl->slots[at[i]], *t;
        const char *k = fl->arena + s->key;
        char key[KEY_MAX];
        fl_attr *a;
        uint32_t j;
        if (s->klen > sizeof key)
            return 0;
        for (j = name_hash_n(k + 1, s->klen - 1); fl->attrs[j].key; j = (j + 1) & (ATTR_SLOTS - 1))
            ;
        a = &fl->attrs[j];
        a->key = s->key, a->nlen = s->klen - 1, a->head = s->head;
        key[0] = '[';
        memcpy(key + 1, k + 1, s->klen - 1);
        t = slot_find(fl, key, s->klen, key_hash(key, s->klen));
        a->has = t && t->key ? t->head : 0;
        chain_tests(fl, a, &vcap);
        a->pseed = kind_hash('^', k + 1, s->klen - 1);
        if (s->klen == 6 && !memcmp(k, "@class", 6))
            fl->attr_class = j + 1;
        else if (s->klen == 3 && !memcmp(k, "@id", 3))
            fl->attr_id = j + 1;
    }
    return 1;
}

/* Notes in the entries of their names the lengths of the "=name=value"
   keys' values and the first bytes of the "^name=prefix" keys' prefixes
   (their slots eq[0..n); more than cap of them: every length and byte). */
static void note_values(pith_filterlist *fl, const uint32_t *eq, size_t n, size_t cap)
{
    if (n > cap) {
        for (size_t j = 0; j < ATTR_SLOTS; j++)
            fl->attrs[j].eqlen = fl->attrs[j].pfirst = ~0ull;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const fl_slot *s = &fl->slots[eq[i]];
        const char *k = fl->arena + s->key, *v = memchr(k + 1, '=', s->klen - 1);
        size_t nn = (size_t)(v - k) - 1;
        for (uint32_t j = name_hash_n(k + 1, nn); fl->attrs[j].key; j = (j + 1) & (ATTR_SLOTS - 1))
            if (fl->attrs[j].nlen == nn && !memcmp(fl->arena + fl->attrs[j].key + 1, k + 1, nn)) {
                if (k[0] == '=')
                    fl->attrs[j].eqlen |= 1ull << ((s->klen - nn - 2) & 63);
                else
                    fl->attrs[j].pfirst |= 1ull << ((unsigned char)v[1] & 63);
                break;
            }
    }
}

/* A site rule's key ("site\1" then its kind: ".class", "#id", ...) into the
   filter that spares a page of a site with rules the look-ups of the tokens
   no site rule names (match_under). */
static void note_site_key(pith_filterlist *fl, const char *k, size_t n)
{
    const char *p = memchr(k, '\1', n);
    size_t r;
    if (p == NULL || (r = n - (size_t)(p + 1 - k)) < 2)
        return;
    p++;
    if (p[0] == '.' || p[0] == '#')
        SITE_CLS_SET(fl->site_cls, cls_hash(p[0], p + 1, r - 1));
}

/* Copies the "@name" keys into the table of attribute names (fl_list.h),
   each with the head of its "[name" chain; leaves attrs_ok 0 when they
   do not fit (the slots are looked up then).  Notes the "<tag" keys in
   tag_sig, the ".class" and "#id" keys in cls, the "^name=prefix" keys
   in pfx; in their names' entries the lengths of the "=name=value" keys'
   values and the first bytes of the prefixes; the lengths of the "~host"
   keys' hosts in host_lens; the tags no rule is matched on in unmatched
   and the names of id, class, src and href in anames. */
static void index_keys(pith_filterlist *fl)
{
    size_t n = 0, neq = 0;
    uint32_t eq[1024];                 /* the "=name=value" and "^name=prefix" slots */
    uint32_t at[ATTR_SLOTS];           /* the "@name" slots */
    note_fixed(fl);
    for (size_t i = 0; i < fl->nslots; i++) {
        const fl_slot *s = &fl->slots[i];
        const char *k;
        uint32_t x;
        if (s->key == 0)
            continue;
        k = fl->arena + s->key;
        switch (k[0]) {
        case '<': {
            unsigned sig = TAG_SIG(s->klen > 1 ? k[1] : 0, s->klen > 2 ? k[2] : 0,
                                   s->klen > 3 ? k[3] : 0);
            fl->tag_sig[sig >> 6] |= 1ull << (sig & 63);
            continue;
        }
        case '.':
        case '#':
            x = cls_hash(k[0], k + 1, s->klen - 1);
            CLS_SET(fl->cls, x);
            continue;
        case '^': {
            const char *v = memchr(k, '=', s->klen);
            size_t nn = (size_t)(v - k) - 1, l = s->klen - nn - 2;
            unsigned char b[16] = { 0 };
            memcpy(b, v + 1, l);
            x = pfx_hash(kind_hash('^', k + 1, nn), b, l);
            PFX_SET(fl->pfx, x);
            if (neq < sizeof eq / sizeof eq[0])
                eq[neq] = (uint32_t)i;      /* the prefix's first byte: note_values */
            neq++;
            continue;
        }
        case '=':
            if (neq < sizeof eq / sizeof eq[0])
                eq[neq] = (uint32_t)i;
            neq++;
            continue;
        case '~':
            fl->host_lens |= 1ull << ((s->klen - 1) & 63);
            continue;
        case '@':
            if (n < ATTR_SLOTS)
                at[n] = (uint32_t)i;
            n++;
            continue;
        case '&':       /* a site rule's attribute name, a site's entry */
        case '%':
        case '|':       /* a network rule's host, its exception's */
        case '!':
        case '[':
            continue;
        default:        /* a site rule's key: "site\1.class", ... */
            note_site_key(fl, k, s->klen);
            continue;
        }
    }
    fl->attrs_ok = file_attrs(fl, at, n);
    if (fl->attrs_ok) {
        note_values(fl, eq, neq, sizeof eq / sizeof eq[0]);
    } else {
        memset(fl->attrs, 0, sizeof fl->attrs);
        fl->attr_class = fl->attr_id = 0;
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
    index_keys(fl);
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
    free(fl->vtests);
    free(fl);
}

/* Room in the arena, rules and parts for len bytes of list text, as
   EasyList fills them (per 100 bytes of text: 134 bytes of arena, 3.8 rules,
   1.2 parts), with a margin.  Grown from small, each array was copied several
   times and its final pages touched twice (docs/ARCHITECTURE.md, "Filter
   lists"); what is reserved and not used is never touched, and fl_done gives
   it back.  Best effort: on failure the arrays grow as they are filled. */
static void fl_reserve(pith_filterlist *fl, size_t len)
{
    size_t ac = len + len / 2 + 4096, rc = len / 20 + 1024, pc = len / 64 + 1024;
    void *p;
    if (ac > fl->acap && ac <= UINT32_MAX && (p = big_realloc(fl->arena, fl->alen, ac)) != NULL)
        fl->arena = p, fl->acap = ac;
    if (rc > fl->rcap && (p = big_realloc(fl->rules, fl->nrules * sizeof *fl->rules,
                                          rc * sizeof *fl->rules)) != NULL)
        fl->rules = p, fl->rcap = rc;
    if (pc > fl->pcap && (p = big_realloc(fl->parts, fl->nparts * sizeof *fl->parts,
                                          pc * sizeof *fl->parts)) != NULL)
        fl->parts = p, fl->pcap = pc;
}

/* A new list with a table of keys sized for len bytes of list text, or NULL. */
static pith_filterlist *fl_begin(size_t len)
{
    pith_filterlist *fl;
    /* EasyList files a key for about every 24 bytes: a table that holds
       them all at the start is never rehashed */
    size_t min = 4096;
    if ((fl = fl_new()) == NULL)
        return NULL;
    while (min * 3 / 4 < len / 24 && min < ((size_t)1 << 30))
        min *= 2;
    if (fl->nslots == 0 && slots_grow(fl, min) != PITH_OK) {
        pith_filterlist_free(fl);
        return NULL;
    }
    fl_reserve(fl, len);
    return fl;
}

int pith_filterlist_parse(pith_filterlist **out, const char *text, size_t len)
{
    pith_filterlist *fl;
    int rc;
    if (out == NULL || (text == NULL && len))
        return PITH_EINVAL;
    if (len > TEXT_MAX) {
        errno = EFBIG;
        return PITH_EDATA;
    }
    if ((fl = fl_begin(len)) == NULL)
        return PITH_ENOMEM;
    if ((rc = add_text(fl, text, len)) != PITH_OK) {
        pith_filterlist_free(fl);
        return rc;
    }
    fl_done(fl);
    *out = fl;
    return PITH_OK;
}

/* The bytes of the regular files, for the room a load reserves (up to just
   over TEXT_MAX): a device or a pipe tells no size, and a directory's is no
   text (reading it fails, EISDIR, where its size once read as too large). */
static size_t files_size(const char *const *paths, size_t npaths)
{
    size_t total = 0;
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0)
            continue;
        if ((uintmax_t)st.st_size > TEXT_MAX)
            return TEXT_MAX + npaths + 1;
        total += (size_t)st.st_size + 1;
    }
    return total;
}

/* Reads one file into fl a block at a time: whole lines go to add_text, a
   line cut by the block waits in *carry (LINE_MAX_LEN + READ_BLOCK + 1
   bytes, made on the first call) for the rest; a line longer than
   LINE_MAX_LEN is counted and dropped as it is read.  The list's text is
   never held whole.  *total counts the bytes read, up to TEXT_MAX. */
#define READ_BLOCK 65536
static int read_lines(pith_filterlist *fl, FILE *fp, char *buf, size_t *total)
{
    size_t got, n = 0;      /* the cut line's bytes at buf: no newline */
    int skipping = 0, rc = PITH_OK;
    do {
        char *fresh = buf + n, *nl;
        got = fread(fresh, 1, READ_BLOCK, fp);
        if ((*total += got) > TEXT_MAX) {
            errno = EFBIG;
            return PITH_EDATA;
        }
        n += got;
        if (got == 0)
            buf[n++] = '\n';                /* a list's last line ends with its file */
        if (skipping) {                     /* the rest of a long line, to its end */
            if ((nl = memchr(fresh, '\n', n - (size_t)(fresh - buf))) == NULL) {
                n = 0;
                continue;
            }
            n -= (size_t)(nl + 1 - buf);
            memmove(buf, nl + 1, n);
            fresh = buf, skipping = 0;
        }
        /* whole lines now, the cut one kept: only fresh bytes hold a newline */
        for (nl = buf + n; nl > fresh && nl[-1] != '\n'; nl--)
            ;
        if (nl > fresh) {
            size_t done = (size_t)(nl - buf);
            if ((rc = add_text(fl, buf, done)) != PITH_OK)
                return rc;
            memmove(buf, nl, n - done);
            n -= done;
        }
        if (n > LINE_MAX_LEN) {
            skip_long_line(fl, buf, LINE_MAX_LEN);
            n = 0, skipping = 1;
        }
    } while (got > 0);
    return ferror(fp) ? PITH_EDATA : PITH_OK;
}

static int add_file(pith_filterlist *fl, const char *path, char **carry, size_t *total)
{
    FILE *fp;
    int rc, e;
    if (*carry == NULL && (*carry = malloc(LINE_MAX_LEN + READ_BLOCK + 1)) == NULL)
        return PITH_ENOMEM;
    if ((fp = fopen(path, "rb")) == NULL)
        return PITH_EDATA;
    rc = read_lines(fl, fp, *carry, total);
    e = errno;
    fclose(fp);
    errno = e;
    return rc;
}

int pith_filterlist_load(pith_filterlist **out, const char *const *paths, size_t npaths)
{
    pith_filterlist *fl;
    char *carry = NULL;
    size_t size, total = 0;
    int rc = PITH_OK;
    if (out == NULL || (paths == NULL && npaths))
        return PITH_EINVAL;
    for (size_t i = 0; i < npaths; i++)
        if (paths[i] == NULL)
            return PITH_EINVAL;
    if ((size = files_size(paths, npaths)) > TEXT_MAX + npaths) {
        errno = EFBIG;
        return PITH_EDATA;
    }
    if ((fl = fl_begin(size)) == NULL)
        return PITH_ENOMEM;
    for (size_t i = 0; i < npaths && rc == PITH_OK; i++)
        rc = add_file(fl, paths[i], &carry, &total);
    free(carry);
    if (rc != PITH_OK) {
        int e = errno;              /* why a file could not be read */
        pith_filterlist_free(fl);
        errno = e;
        return rc;
    }
    fl_done(fl);
    *out = fl;
    return PITH_OK;
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
