/* filterlist.c -- Adblock Plus filter lists (EasyList), matched on every
 * start tag; fl_build.c parses and compiles them once into an immutable
 * object (its layout in fl_list.h).
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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "fl_list.h"
#include "textcue.h"

/* --- matching ------------------------------------------------------------- */

/* HTML's white space (a class attribute's separators), for c <= ' ' */
#define SPACE_BITS (1ull << ' ' | 1ull << '\t' | 1ull << '\n' | 1ull << '\r' | 1ull << '\f')
#define IS_SPACE(c) ((unsigned char)(c) <= ' ' && (SPACE_BITS >> (unsigned char)(c) & 1))

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

/* Is the label s[0..n) one that countries register names under (co.uk,
   com.br, gv.at, ac.jp, gouv.fr)?  A short second level alone is not: fr.de,
   nzz.ch and wp.pl are sites, and cdn.fr.de is the same site as www.fr.de. */
static int second_level(const char *s, size_t n)
{
    static const char *const names[] = {
        "ac", "ad", "asso", "biz", "co", "com", "ed", "edu", "go", "gob", "gouv", "gov",
        "govt", "gr", "gv", "info", "int", "lg", "ltd", "med", "mil", "ne", "net", "nic",
        "nom", "or", "org", "plc", "res", "sch", "tm", "web",
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == n && !strncasecmp(s, names[i], n))
            return 1;
    return 0;
}

/* The registrable part of a host, roughly: its last two labels (three
   under a two-letter country code whose second level is one of
   second_level()'s: co.uk, com.br). */
static const char *site_of(const char *host)
{
    const char *p = host + strlen(host), *dots[3] = { NULL, NULL, NULL };
    int k = 0;
    while (p > host && k < 3) {
        p--;
        if (*p == '.')
            dots[k++] = p;
    }
    if (k >= 2 && strlen(dots[0] + 1) == 2 &&
        second_level(dots[1] + 1, (size_t)(dots[0] - dots[1] - 1)))
        return k >= 3 ? dots[2] + 1 : host;
    return k >= 2 ? dots[1] + 1 : host;
}

/* The public suffix of a host, as site_of() reads it ("co.uk" of
   "www.example.co.uk"), or NULL for a host of one label (or none). */
static const char *public_suffix(const char *host)
{
    const char *s = strchr(site_of(host), '.');
    return s && s[1] ? s + 1 : NULL;
}

/* Is host the domain d (n bytes) or one of its subdomains?  d may be a
   name and ".*", for any public suffix: "example.*" is example.com,
   www.example.co.uk, but not example.com.evil.net (fl_build.c's
   plain_domains). */
static int domain_matches(const char *host, const char *d, size_t n)
{
    const char *ps;
    size_t h;
    if (n < 3 || d[n - 1] != '*')
        return host_in(host, d, n);
    if ((ps = public_suffix(host)) == NULL)
        return 0;
    h = (size_t)(ps - host) - 1;            /* host without ".ps" */
    n -= 2;                                 /* d without ".*" */
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
        if (n > (size_t)neg && host && domain_matches(host, d + neg, n - (size_t)neg)) {
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

/* Does an attribute's value v (n bytes) pass a value test: kind (P_HAS,
   P_EQ, ...) against w (k bytes)?  c is the byte w is tried by before it is
   read: w[0] for P_EQ and P_PREFIX, w[rare] (its least common byte) for
   P_SUBSTR, which looks for it with memchr. */
static inline int value_test(int kind, const char *w, size_t k, size_t rare, char c,
                             const char *v, size_t n)
{
    switch (kind) {
    case P_HAS: return 1;
    case P_EQ: return n == k && (k == 0 || (v[0] == c && !memcmp(v, w, k)));
    case P_PREFIX: return n >= k && (k == 0 || (v[0] == c && !memcmp(v, w, k)));
    case P_SUFFIX: return n >= k && (k == 0 || (v[n - 1] == w[k - 1] && !memcmp(v + n - k, w, k)));
    case P_SUBSTR: {
        const char *q = v + rare, *last = n >= k ? v + rare + (n - k) : NULL;
        while (last && q <= last && (q = memchr(q, c, (size_t)(last - q) + 1))) {
            if (!memcmp(q - rare, w, k))
                return 1;
            q++;
        }
        return 0;
    }
    default: return 0;
    }
}

/* value_test() of an attribute part p. */
static int value_matches(const pith_filterlist *fl, const fl_part *p, const char *v, size_t n)
{
    const char *w = fl->arena + p->value;
    return value_test(p->kind, w, p->vlen, p->rare, p->kind == P_SUBSTR ? w[p->rare] : w[0], v,
                      n);
}

static int part_matches(const pith_filterlist *fl, const fl_part *p, const char *tag,
                        const char **atts)
{
    const char *name = fl->arena + p->name, *v;
    size_t n;
    switch (p->kind) {
    case P_TAG: return tag[0] == name[0] && !strcmp(tag, name);
    case P_CLASS: return (v = attr_value(atts, "class")) && has_token(v, name, p->vlen);
    case P_ID: return (v = attr_value(atts, "id")) && !strcmp(v, name);
    default: break;
    }
    if ((v = attr_value(atts, name)) == NULL)
        return 0;
    n = strlen(v);
    return value_matches(fl, p, v, n);
}

/* Does hide rule r hide the element? */
static int rule_hides(const pith_filterlist *fl, const fl_rule *r, const char *host,
                      const char *tag, const char **atts)
{
    unsigned k;
    int excepted = 0;
    for (k = 0; k < r->nparts; k++)
        if (!part_matches(fl, &fl->parts[r->part + k], tag, atts))
            return 0;
    if (!domains_apply(fl, r, host))
        return 0;
    for (uint32_t e = r->exc; e && !excepted; e = fl->rules[e - 1].next)
        excepted = domains_apply(fl, &fl->rules[e - 1], host);
    return !excepted;
}

/* The first rule of a chain that hides the element, or 0. */
static unsigned check_chain(const pith_filterlist *fl, uint32_t head, const char *host,
                            const char *tag, const char **atts)
{
    for (uint32_t i = head; i; i = fl->rules[i - 1].next)
        if (rule_hides(fl, &fl->rules[i - 1], host, tag, atts))
            return i;
    return 0;
}

/* check_chain() on a "[name" chain, given the value v (n bytes) of an
   attribute name of the element: a rule whose part filed under name fails
   on v is passed over without reading the tag and attributes.  The rules
   read the first value of a name; were v a later one, the chain was
   checked in full on the first, found nothing, and finds nothing now. */
static unsigned check_chain_v(const pith_filterlist *fl, uint32_t head, const char *v, size_t n,
                              const char *host, const char *tag, const char **atts)
{
    for (uint32_t i = head; i; i = fl->rules[i - 1].next) {
        const fl_rule *r = &fl->rules[i - 1];
        int ok = value_matches(fl, &fl->parts[r->part + r->key_part], v, n);
        if (ok && rule_hides(fl, r, host, tag, atts))
            return i;
    }
    return 0;
}

/* check_chain_v() by the tests of the chain kept with the attribute's
   entry (t, n of them, in the chain's order). */
static unsigned check_tests(const pith_filterlist *fl, const fl_vtest *t, uint32_t nt,
                            const char *v, size_t n, const char *host, const char *tag,
                            const char **atts)
{
    for (const fl_vtest *end = t + nt; t < end; t++) {
        int ok = value_test(t->kind, fl->arena + t->value, t->vlen, t->rare, t->rc, v, n);
        if (ok && rule_hides(fl, &fl->rules[t->rule - 1], host, tag, atts))
            return t->rule;
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
    int built = 0;
    if (base + PFX_MAX > sizeof key)
        return 0;
    /* bit 3 + l of lens: some rule has a prefix key of l bytes */
    lens = (lens >> 4) & (vn >= PFX_MAX ? 0xffffu : (1u << vn) - 1);
    for (; lens; lens &= lens - 1) {
        size_t l = (size_t)__builtin_ctz(lens) + 1;
        if (!built) {
            if (npre)
                memcpy(key, pre, npre);
            key[npre] = '^';
            memcpy(key + npre + 1, name, nn);
            key[base - 1] = '=';
            memcpy(key + base, v, vn < PFX_MAX ? vn : PFX_MAX);
            built = 1;
        }
        h = key_hash(key, base + l);
        if (npre ? BLOOM_HAS(fl->far, FAR_BITS, h) : BLOOM_HAS(fl->near, NEAR_BITS, h)) {
            const fl_slot *t = slot_find(fl, key, base + l, h);
            if (t && t->key && (hit = check_chain(fl, t->head, host, tag, atts)))
                return hit;
        }
    }
    return 0;
}

/* The bytes of a URL's host that are not copied as they are: those that
   end it (NUL / ? # :), '@' (after user info) and upper case letters */
static const unsigned char host_stop[256] = {
    [0] = 1, ['/'] = 1, ['?'] = 1, ['#'] = 1, [':'] = 1, ['@'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
};

/* The host of an absolute or protocol-relative URL, lower case, into h;
   returns the rest of the URL (its path), or NULL when it has no host. */
static const char *url_host(const char *url, char *h, size_t cap)
{
    const char *p = url;
    size_t n = 0;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if ((p[0] | 0x20) == 'h' && (p[1] | 0x20) == 't' && (p[2] | 0x20) == 't' &&
        (p[3] | 0x20) == 'p' && (p[4] | 0x20) == 's' && p[5] == ':' && p[6] == '/' && p[7] == '/')
        p += 8;
    else if ((p[0] | 0x20) == 'h' && (p[1] | 0x20) == 't' && (p[2] | 0x20) == 't' &&
             (p[3] | 0x20) == 'p' && p[4] == ':' && p[5] == '/' && p[6] == '/')
        p += 7;
    else if (p[0] == '/' && p[1] == '/')
        p += 2;
    else
        return NULL;                /* relative: the page's own server */
    for (;;) {
        /* a run of bytes copied as they are, at most to cap - 1 in all */
        const char *s = p;
        unsigned char c;
        while (!host_stop[(unsigned char)*p])
            p++;
        if ((size_t)(p - s) > cap - 1 - n)
            p = s + (cap - 1 - n);
        memcpy(h + n, s, (size_t)(p - s));
        n += (size_t)(p - s);
        c = (unsigned char)*p;
        if (n >= cap - 1 || c == 0 || c == '/' || c == '?' || c == '#' || c == ':')
            break;
        p++;
        if (c == '@')               /* user info */
            n = 0;
        else
            h[n++] = (char)(c | 0x20);
    }
    h[n] = '\0';
    if (n == 0)
        return NULL;
    while (*p == ':' || (*p >= '0' && *p <= '9' && p[-1] != '/'))
        p++;                        /* the port */
    return p;
}

/* Is tag perhaps a generic "<tag" key?  No when its signature is none of
   theirs. */
static inline int tag_may_have_key(const pith_filterlist *fl, const char *tag)
{
    unsigned sig = TAG_SIG(tag[0], tag[0] ? tag[1] : 0, tag[0] && tag[1] ? tag[2] : 0);
    return fl->tag_sig[sig >> 6] >> (sig & 63) & 1;
}

/* What is read of an element once for all the rules that read it: the
   host of one URL (a link's href is read by the rules of hosts and by the
   network rules), and the hashes of its class tokens and id (cls_hash),
   found for the generic rules and read again by each site's. */
#define TOK_MEMO 16
typedef struct elem_memo {
    const char *url;      /* the URL read, NULL for none yet */
    const char *rest;     /* url_host()'s answer */
    size_t n;             /* bytes of the host */
    const char *cls;      /* the class value whose tokens are in tok, or NULL */
    const char *id;       /* the id whose hash is idh, or NULL */
    uint32_t idh;
    unsigned ntok;
    struct { const char *p; uint32_t n, h; } tok[TOK_MEMO];
    char h[256];
} elem_memo;
#define MEMO_INIT(m) ((m).url = (m).cls = (m).id = NULL)

static const char *memo_host(elem_memo *m, const char *url)
{
    if (m->url != url) {
        m->url = url;
        m->rest = url_host(url, m->h, sizeof m->h);
        m->n = m->rest ? strlen(m->h) : 0;
    }
    return m->rest;
}

/* The generic prefix keys of an attribute value v (vn bytes) of the name
   whose entry is e: check_prefixes() with the filter of prefixes. */
static unsigned generic_prefixes(const pith_filterlist *fl, const fl_attr *e, const char *name,
                                 size_t nn, const char *v, size_t vn, const char *host,
                                 const char *tag, const char **atts)
{
    char key[KEY_MAX];
    unsigned char b[PFX_MAX] = { 0 };
    size_t base = nn + 2;
    uint32_t lens = (e->head >> 4) & (vn >= PFX_MAX ? 0xffffu : (1u << vn) - 1);
    unsigned hit;
    int built = 0;
    if (lens == 0 || base + PFX_MAX > sizeof key || !(e->pfirst >> ((unsigned char)v[0] & 63) & 1))
        return 0;                       /* no prefix of this name begins with v[0] */
    if (vn >= PFX_MAX)
        memcpy(b, v, PFX_MAX);
    else
        memcpy(b, v, vn);
    for (; lens; lens &= lens - 1) {
        size_t l = (size_t)__builtin_ctz(lens) + 1;
        uint32_t h;
        if (!PFX_HAS(fl->pfx, pfx_hash(e->pseed, b, l)))
            continue;
        if (!built) {
            key[0] = '^';
            memcpy(key + 1, name, nn);
            key[base - 1] = '=';
            memcpy(key + base, b, PFX_MAX);
            built = 1;
        }
        h = key_hash(key, base + l);
        if (BLOOM_HAS(fl->near, NEAR_BITS, h)) {
            const fl_slot *t = slot_find(fl, key, base + l, h);
            if (t && t->key && (hit = check_chain(fl, t->head, host, tag, atts)))
                return hit;
        }
    }
    return 0;
}

/* The class tokens of an element (its class value v) as generic ".class" keys. */
static unsigned generic_classes(const pith_filterlist *fl, const char *v, const char *host,
                                const char *tag, const char **atts, elem_memo *m)
{
    unsigned hit;
    m->cls = NULL, m->ntok = 0;
    for (const char *p = v; *p;) {
        const char *t = p;
        uint32_t x = CLS_SEED('.');
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
            p++;
        /* the token, hashed on the way (cls_hash) two bytes a step; the
           second is read only when the first is not its end */
        for (t = p;;) {
            unsigned c0 = (unsigned char)t[0], c1;
            if (c0 <= ' ' && (c0 == 0 || IS_SPACE(c0)))
                break;
            c1 = (unsigned char)t[1];
            if (c1 <= ' ' && (c1 == 0 || IS_SPACE(c1))) {
                x = PAIR_STEP(x, c0);
                t++;
                break;
            }
            x = PAIR_STEP(x, c0 | c1 << 8);
            t += 2;
        }
        if (t > p) {
            uint32_t h = pair_end(x);
            if (CLS_HAS(fl->cls, h) &&
                (hit = check_key(fl, "", 0, '.', p, (size_t)(t - p), "", 0, host, tag, atts)))
                return hit;
            if (m->ntok < TOK_MEMO) {
                m->tok[m->ntok].p = p, m->tok[m->ntok].n = (uint32_t)(t - p);
                m->tok[m->ntok].h = h;
            }
            m->ntok++;
        }
        p = t;
    }
    if (m->ntok <= TOK_MEMO)
        m->cls = v;
    return 0;
}

/* match_under() for the generic rules, the "@name" keys in attrs
   (attrs_ok): the same rules in the same order, each kind of key first
   tried against what the list holds of that kind (the lengths of "="
   values and "~" hosts, the filter of prefixes). */
static unsigned match_generic(const pith_filterlist *fl, const char *host, const char *tag,
                              const char **atts, elem_memo *m)
{
    unsigned hit;
    if (fl->tag_keys && tag_may_have_key(fl, tag) &&
        (hit = check_key(fl, "", 0, '<', tag, strlen(tag), "", 0, host, tag, atts)))
        return hit;
    for (const char **a = atts; a && a[0]; a += 2) {
        const char *name = a[0], *v = a[1] ? a[1] : "";
        const fl_attr *e;
        uint32_t head;
        size_t nn, vn;
        if (name[0] == 'c' && name[1] == 'l' && name[2] == 'a' && name[3] == 's' &&
            name[4] == 's' && name[5] == '\0') {
            if ((hit = generic_classes(fl, v, host, tag, atts, m)))
                return hit;
            if (fl->attr_class == 0)
                continue;
            e = &fl->attrs[fl->attr_class - 1], nn = 5;
            vn = strlen(v);
        } else if (name[0] == 'i' && name[1] == 'd' && name[2] == '\0') {
            vn = strlen(v);
            m->id = v, m->idh = cls_hash('#', v, vn);
            if (CLS_HAS(fl->cls, m->idh) &&
                (hit = check_key(fl, "", 0, '#', v, vn, "", 0, host, tag, atts)))
                return hit;
            if (fl->attr_id == 0)
                continue;
            e = &fl->attrs[fl->attr_id - 1], nn = 2;
        } else {
            uint32_t hn;
            nn = name_hash(name, &hn);
            if (nn + 1 > KEY_MAX)
                continue;
            e = &fl->attrs[hn];
            while (e->key && (e->nlen != nn || memcmp(fl->arena + e->key + 1, name, nn)))
                e = &fl->attrs[(size_t)(e - fl->attrs + 1) & (ATTR_SLOTS - 1)];
            if (e->key == 0)
                continue;                   /* no rule reads this attribute */
            vn = strlen(v);
        }
        head = e->head;
        /* a chain of suffix tests only: the value's last byte first */
        if ((head & 1) && e->has &&
            (vn ? e->slast >> ((unsigned char)v[vn - 1] & 63) & 1 : e->slast == ~0ull) &&
            (hit = e->nvt ? check_tests(fl, fl->vtests + e->vt, e->nvt, v, vn, host, tag, atts)
                          : check_chain_v(fl, e->has, v, vn, host, tag, atts)))
            return hit;
        if ((head & 2) && (e->eqlen >> (vn & 63) & 1)) {
            char nv[KEY_MAX];
            if (nn + 1 + vn <= sizeof nv) {
                memcpy(nv, name, nn);
                nv[nn] = '=';
                memcpy(nv + nn + 1, v, vn);
                if ((hit = check_key(fl, "", 0, '=', nv, nn + 1 + vn, "", 0, host, tag, atts)))
                    return hit;
            }
        }
        if ((head & 4) && (hit = generic_prefixes(fl, e, name, nn, v, vn, host, tag, atts)))
            return hit;
        if ((head & HOST_KEYS) && memo_host(m, v))
            for (const char *d = m->h, *end = m->h + m->n; d;
                 d = memchr(d, '.', (size_t)(end - d)), d = d ? d + 1 : NULL)
                if ((fl->host_lens >> ((size_t)(end - d) & 63) & 1) &&
                    (hit = check_key(fl, "", 0, '~', d, (size_t)(end - d), "", 0, host, tag,
                                     atts)))
                    return hit;
    }
    return 0;
}

/* The class tokens of an element (its class value v) as keys under a site
   prefix (npre bytes, "" for the generic ones): those the generic rules
   split and hashed (m) when they did, else split here. */
static unsigned under_classes(const pith_filterlist *fl, const char *pre, size_t npre,
                              const char *v, const char *host, const char *tag,
                              const char **atts, const elem_memo *m)
{
    unsigned hit;
    if (npre && m->cls == v) {
        for (unsigned i = 0; i < m->ntok; i++)
            if (SITE_CLS_HAS(fl->site_cls, m->tok[i].h) &&
                (hit = check_key(fl, pre, npre, '.', m->tok[i].p, m->tok[i].n, "", 0, host, tag,
                                 atts)))
                return hit;
        return 0;
    }
    for (const char *p = v; *p;) {
        const char *t;
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
            p++;
        for (t = p; (unsigned char)*t > ' ' || (*t && !IS_SPACE(*t)); t++)
            ;
        if (t > p && (!npre || SITE_CLS_HAS(fl->site_cls, cls_hash('.', p, (size_t)(t - p)))) &&
            (hit = check_key(fl, pre, npre, '.', p, (size_t)(t - p), "", 0, host, tag, atts)))
            return hit;
        p = t;
    }
    return 0;
}

/* The rules filed under one site prefix ("" for the generic ones; for a
   site's, sbits: what they read besides class tokens and ids). */
static unsigned match_under(const pith_filterlist *fl, const char *pre, size_t npre,
                            uint32_t sbits, const char *host, const char *tag, const char **atts,
                            elem_memo *m)
{
    unsigned hit;
    char key[KEY_MAX];
    if (fl->tag_keys && (npre ? (sbits & SITE_TAGS) != 0 : tag_may_have_key(fl, tag)) &&
        (hit = check_key(fl, pre, npre, '<', tag, strlen(tag), "", 0, host, tag, atts)))
        return hit;
    for (const char **a = atts; a && a[0]; a += 2) {
        const char *name = a[0], *v = a[1] ? a[1] : "";
        uint32_t hn, head, has = 0;
        size_t nn = name_hash(name, &hn), vn;
        if (name[0] == 'i' && nn == 2 && name[1] == 'd') {
            size_t n = strlen(v);
            uint32_t h = m->id == v ? m->idh : cls_hash('#', v, n);
            if ((npre ? SITE_CLS_HAS(fl->site_cls, h) : CLS_HAS(fl->cls, h)) &&
                (hit = check_key(fl, pre, npre, '#', v, n, "", 0, host, tag, atts)))
                return hit;
        }
        if (name[0] == 'c' && nn == 5 && !memcmp(name, "class", 5) &&
            (hit = under_classes(fl, pre, npre, v, host, tag, atts, m)))
            return hit;
        if (nn + 1 > sizeof key || (npre && !(sbits & SITE_NAME_BIT(hn))))
            continue;                       /* no rule of the site reads this attribute */
        if (npre == 0 && fl->attrs_ok) {
            const fl_attr *e = &fl->attrs[hn];
            while (e->key && (e->nlen != nn || memcmp(fl->arena + e->key + 1, name, nn)))
                e = &fl->attrs[(size_t)(e - fl->attrs + 1) & (ATTR_SLOTS - 1)];
            if (e->key == 0)
                continue;                   /* no rule reads this attribute */
            head = e->head, has = e->has;
            vn = strlen(v);
            if ((head & 1) && has && (hit = check_chain_v(fl, has, v, vn, host, tag, atts)))
                return hit;
        } else {
            const fl_slot *s;
            key[0] = npre ? '&' : '@';
            memcpy(key + 1, name, nn);
            if ((s = lookup(fl, key, nn + 1)) == NULL)
                continue;                   /* no rule reads this attribute */
            head = s->head;
            vn = strlen(v);
            if ((head & 1) &&
                (hit = check_key(fl, pre, npre, '[', name, nn, "", 0, host, tag, atts)))
                return hit;
        }
        if (head & 2) {
            char nv[KEY_MAX];
            if (nn + 1 + vn <= sizeof nv) {
                memcpy(nv, name, nn);
                nv[nn] = '=';
                memcpy(nv + nn + 1, v, vn);
                if ((hit = check_key(fl, pre, npre, '=', nv, nn + 1 + vn, "", 0, host, tag, atts)))
                    return hit;
            }
        }
        if ((head & 4) &&
            (hit = check_prefixes(fl, pre, npre, name, nn, v, vn, head, host, tag, atts)))
            return hit;
        if ((head & HOST_KEYS) && memo_host(m, v))
            for (const char *d = m->h, *end = m->h + m->n; d;
                 d = memchr(d, '.', (size_t)(end - d)), d = d ? d + 1 : NULL)
                if ((hit = check_key(fl, pre, npre, '~', d, (size_t)(end - d), "", 0, host, tag,
                                     atts)))
                    return hit;
    }
    return 0;
}

/* The suffixes of the page's host that have site rules, found once. */
static void page_sites(const pith_filterlist *fl, pith_page *pg)
{
    if (!pg->fl_nsites) {
        pg->fl_nsites = 1 + pith_fl_sites(fl, pg->host[0] ? pg->host : NULL, pg->fl_sites,
                                          pg->fl_site_lens, pg->fl_site_bits, 4);
        pg->fl_site_names = 0;
        for (unsigned i = 0; i + 1 < pg->fl_nsites; i++)
            pg->fl_site_names |= pg->fl_site_bits[i] & ~SITE_TAGS;
    }
}

int pith_fl_attr_read(const pith_filterlist *fl, pith_page *pg, const char *tag,
                      const char *name, size_t n, unsigned hash)
{
    unsigned id, sig;
    /* a name some rule reads (any site's, or a site's when the page has
       site rules), or id, class, src or href (matching and pith_fl_start
       read these; fl_build.c notes them with the rules' names); another
       name that shares its bits is kept too, which changes nothing */
    if (!ANAME_HAS(fl->anames[0], hash)) {
        if (!pg->fl_nsites)
            page_sites(fl, pg);
        if (pg->fl_nsites == 1 || !ANAME_HAS(fl->anames[1], hash) ||
            !(pg->fl_site_names & SITE_NAME_BIT(NAME_END(hash))))
            return 0;
    }
    /* segment matches no rule on these (pith_fl_start is not called, or
       with skip set: only the network rules of an iframe's src) */
    sig = SKIP_SIG(tag, strlen(tag));
    if (!(fl->unmatched[sig >> 6] >> (sig & 63) & 1))
        return 1;                           /* most tags: a test of a bit */
    id = pith_tag_id(tag);
    if (id == TAG_html || id == TAG_body || (pith_tag_flags(id) & T_SKIP))
        return id == TAG_iframe && n == 3 && (name[0] | 0x20) == 's' &&
               (name[1] | 0x20) == 'r' && (name[2] | 0x20) == 'c';
    return 1;
}

unsigned pith_fl_sites(const pith_filterlist *fl, const char *host, const char **sites,
                       unsigned char *lens, uint32_t *bits, unsigned max)
{
    char key[KEY_MAX];
    unsigned n = 0;
    const fl_slot *s;
    const char *ps;
    if (fl == NULL || host == NULL)
        return 0;
    ps = public_suffix(host);
    for (const char *d = host; d && *d && n < max; d = strchr(d, '.'), d = d ? d + 1 : NULL) {
        size_t k = strlen(d), w = ps && ps > d + 1 ? (size_t)(ps - d) : 0;
        if (k + 1 > sizeof key || k > 255)
            continue;
        key[0] = '%';
        memcpy(key + 1, d, k);
        if ((s = lookup(fl, key, k + 1)) != NULL) {
            bits[n] = s->head;
            lens[n] = (unsigned char)k;
            sites[n++] = d;
        }
        /* "d.*": d up to its public suffix, then "*" */
        if (w == 0 || w + 2 > sizeof key || n == max)
            continue;
        key[w + 1] = '*';
        if ((s = lookup(fl, key, w + 2)) != NULL) {
            bits[n] = s->head;
            lens[n] = (unsigned char)w;
            sites[n++] = d;
        }
    }
    return n;
}

static unsigned match_sites(const pith_filterlist *fl, const char *host,
                            const char *const *sites, const unsigned char *lens,
                            const uint32_t *bits, unsigned nsites, const char *tag,
                            const char **atts, elem_memo *m)
{
    unsigned hit;
    if (fl == NULL)
        return 0;
    if ((hit = fl->attrs_ok ? match_generic(fl, host, tag, atts, m)
                            : match_under(fl, "", 0, 0, host, tag, atts, m)))
        return hit;
    for (unsigned i = 0; i < nsites; i++) {
        char pre[KEY_MAX];
        size_t k = lens[i], wild = sites[i][k] != '\0';
        if (k + 2 >= sizeof pre)
            continue;
        memcpy(pre, sites[i], k);
        if (wild)
            pre[k++] = '*';         /* "example.*" of example.co.uk */
        pre[k] = '\1';
        if ((hit = match_under(fl, pre, k + 1, bits[i], host, tag, atts, m)))
            return hit;
    }
    return 0;
}

unsigned pith_fl_match_sites(const pith_filterlist *fl, const char *host,
                             const char *const *sites, const unsigned char *lens,
                             const uint32_t *bits, unsigned nsites, const char *tag,
                             const char **atts)
{
    elem_memo m;
    MEMO_INIT(m);                   /* nothing read yet (h is not cleared) */
    return match_sites(fl, host, sites, lens, bits, nsites, tag, atts, &m);
}

unsigned pith_fl_match_element(const pith_filterlist *fl, const char *host, const char *tag,
                               const char **atts)
{
    const char *sites[8];
    unsigned char lens[8];
    uint32_t bits[8];
    unsigned n = pith_fl_sites(fl, host, sites, lens, bits, 8);
    return pith_fl_match_sites(fl, host, sites, lens, bits, n, tag, atts);
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

/* The network rule that blocks url, its host read into m. */
static unsigned match_url(const pith_filterlist *fl, const char *host, const char *url, int type,
                          elem_memo *m)
{
    char key[258];
    const char *rest, *h = m->h;
    size_t n;
    unsigned hit = 0;
    if (fl == NULL || url == NULL || (rest = memo_host(m, url)) == NULL)
        return 0;
    /* each domain suffix of the host: a.b.example.com, b.example.com, ...;
       the key of the one at h + o is key + o, the '.' before it made '|' */
    n = m->n;
    key[0] = '|';
    memcpy(key + 1, h, n);
    for (size_t o = 0; o < n && !hit;) {
        const fl_slot *s;
        const char *dot;
        key[o] = '|';
        if ((s = lookup(fl, key + o, n - o + 1)) != NULL)
            for (uint32_t i = s->head; i && !hit; i = fl->rules[i - 1].next)
                if (net_rule_applies(fl, &fl->rules[i - 1], host, h, rest, type))
                    hit = i;
        if ((dot = memchr(h + o, '.', n - o)) == NULL)
            break;
        o = (size_t)(dot - h) + 1;
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

unsigned pith_fl_match_url(const pith_filterlist *fl, const char *host, const char *url,
                           int type)
{
    elem_memo m;
    MEMO_INIT(m);
    return match_url(fl, host, url, type, &m);
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
    elem_memo m;
    MEMO_INIT(m);
    hit->hide = hit->net = 0;
    hit->net_on_parent = 0;
    page_sites(fl, pg);
    if (!skip)
        hit->hide = match_sites(fl, host, pg->fl_sites, pg->fl_site_lens, pg->fl_site_bits,
                                pg->fl_nsites - 1,
                                name, atts, &m);
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
        hit->net = match_url(fl, host, url, type, &m);
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

/* Does b name its own kind inside the element at depth d that a rule hides:
   a menu, a footer or comments nearer to b than that element, or a
   "related" box nearer, or a heading whose words open a list of articles
   ("Most popular"), where the markup does not name that element or a box
   inside it an ad too (a native ad's teaser is a teaser's markup:
   "native-ad" around a "related" card)? */
static int own_kind(const pith_block *b, unsigned d, int label, unsigned tx)
{
    if (b->cue_depth[CUE_NAV] > d || b->cue_depth[CUE_FOOTER] > d ||
        b->cue_depth[CUE_COMMENT] > d)
        return 1;
    return (b->cue_depth[CUE_REC] > d || (label == PITH_RECOMMENDATION && (tx & TX_RECPREFIX))) &&
           b->cue_depth[CUE_AD] < d;
}

int pith_fl_label(const pith_classify *c, const pith_block *b, int label, unsigned tx)
{
    int hide = b->cue_depth[CUE_FILTER], net = b->cue_depth[CUE_ADSERVER];
    if (hide && holds_story(c, b, (unsigned)hide))
        hide = 0;
    if (!hide && !net)
        return label;
    /* a box of its own kind inside the hidden element (a "related" list, a
       menu, a footer or comments under a site's ".hide-mobile" or an
       ".ad_Right" column; a video player's "Popular on ..." playlist): the
       nearer cue names the block, as the nearer caption does in classify.c.
       An ad server's slot or link still makes it advertising. */
    if (!net && label != PITH_STORY && own_kind(b, (unsigned)hide, label, tx))
        return label;
    /* what the classifier took for story stays story: a wrongly named
       container must not cost story text; the list names ads among the
       blocks that are not story */
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
