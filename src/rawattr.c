/* rawattr.c -- the attributes of start tags, kept from the parser (stage 2,
 * with rawtext.c).
 *
 * libxml2 reads an attribute value a character at a time
 * (htmlParseHTMLAttribute: a decode, a re-encode and a call per byte), which
 * made the attributes of start tags half of its work on pith's bytes.  So a
 * start tag goes to the parser as its name alone ("<div>", "<br/>") and its
 * attributes, read from the tag buffer as libxml2 would read them, wait in
 * rt->atts until the parser reports the element: parse.c finds them by the
 * position where the name ends, where the parser stands when it calls back
 * (and where an element it implies stands too, under another name).  A tag
 * stays whole when a value holds a reference ('&': libxml2 decodes it) or
 * the records held would pass ATTS_MAX; either way the stages get the same
 * names and values.  The tag's end goes at its old position, so that the
 * offsets asked later are the same (docs/ARCHITECTURE.md, "Attributes").
 * Memory: at most ATTS_MAX bytes of records of tags the parser has not
 * reached yet (past it, the parser is made to read what it holds first),
 * in a buffer of at most ATTS_CAP.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <string.h>
#include <stdint.h>
#ifdef PITH_NESTING_CHECK
#include <stdio.h>
#include <stdlib.h>
#endif
#include "filter.h"
#include "rawattr.h"

#define ATTS_MAX 32768
#define ATTS_SLACK 8192       /* records read, kept until this many */
#define REC_HEAD 14           /* key (8), record length (4), count (2) */
/* the buffer's cap: ATTS_MAX live, ATTS_SLACK read, and the last record,
   at most twice its tag (a name, NUL and flag for "b " at least) */
#define ATTS_CAP (3 * ATTS_MAX + ATTS_SLACK + 64)

static size_t skip_blanks(const char *t, size_t i, size_t len)
{
    uint64_t w;
    /* the attributes no stage reads are runs of spaces: 8 at a time */
    while (len - i >= 8 && (memcpy(&w, t + i, 8), w == 0x2020202020202020ULL))
        i += 8;
    while (i < len && (cclass[(unsigned char)t[i]] & C_BLANK))
        i++;
    return i;
}

/* Reads the attributes of the start tag t[0..len) (ending in '>') from
   t[i] on, with libxml2's loop (htmlParseStartTag, htmlParseAttribute,
   htmlParseAttValue), onto the record that ends at o (room made for it);
   *stop is where that loop ends ('>' or "/>"), *n the number of
   attributes.  Returns the record's new end, or NULL when the tag must go
   whole. */
static char *read_attrs(const char *t, size_t len, size_t i, char *o, size_t *stop, int *n)
{
    const char *names[MAX_ATTRS];       /* the names so far, in the record */
    unsigned char nlen[MAX_ATTRS];
    *n = 0;
    i = skip_blanks(t, i, len);
    while (i < len && t[i] != '>' && !(t[i] == '/' && t[i + 1] == '>')) {
        unsigned char c = (unsigned char)t[i];
        if (cclass[c] & C_FIRST) {
            size_t ns = i, nn, vs = 0, vn = 0;
            int has_val = 0, dup = 0;
            while (i < len && (cclass[(unsigned char)t[i]] & C_NAME) && i - ns < PITH_NAME_MAX)
                i++;
            nn = i - ns;
            i = skip_blanks(t, i, len);
            if (t[i] == '=') {
                i = skip_blanks(t, i + 1, len);
                has_val = 1;
                if (t[i] == '"' || t[i] == '\'') {
                    const char *q = memchr(t + i + 1, t[i], len - i - 1);
                    if (q == NULL)
                        return NULL;
                    vs = i + 1;
                    vn = (size_t)(q - t) - vs;
                    i = (size_t)(q - t) + 1;
                } else {
                    vs = i;
                    while (i < len && !(cclass[(unsigned char)t[i]] & C_BLANK) && t[i] != '>')
                        i++;
                    vn = i - vs;
                }
                if (memchr(t + vs, '&', vn))
                    return NULL;                /* a reference: libxml2 decodes it */
            }
            for (size_t k = 0; k < nn; k++)
                o[k] = (char)lower((unsigned char)t[ns + k]);
            /* a name given before wins (libxml2: "Attribute redefined") */
            for (int k = 0; k < *n && !dup; k++)
                dup = nlen[k] == nn && !memcmp(names[k], o, nn);
            if (!dup) {
                if (*n == MAX_ATTRS)
                    return NULL;
                names[*n] = o;
                nlen[*n] = (unsigned char)nn;
                ++*n;
                o += nn;
                *o++ = '\0';
                *o++ = (char)has_val;
                if (has_val) {
                    memcpy(o, t + vs, vn);
                    o += vn;
                    *o++ = '\0';
                }
            }
        } else {
            /* bytes libxml2 skips, up to a blank or the tag's end */
            while (i < len && !(cclass[(unsigned char)t[i]] & C_BLANK) && t[i] != '>' &&
                   !(t[i] == '/' && t[i + 1] == '>'))
                i++;
        }
        i = skip_blanks(t, i, len);
    }
    *stop = i;
    return i < len ? o : NULL;
}

/* The record of the attributes fast_tag noted, from o on (room made): as
   read_attrs would write it from the tag, which it has just read.  Returns
   the record's new end; *n the number of attributes. */
static char *fast_attrs(const pith_rawtext *rt, char *o, int *n)
{
    const char *t = rt->tag.data;
    const char *names[sizeof rt->fa / sizeof rt->fa[0]];
    *n = 0;
    for (int i = 0; i < rt->fast_n; i++) {
        size_t nn = rt->fa[i].nn;
        int dup = 0;
        for (size_t k = 0; k < nn; k++)
            o[k] = (char)lower((unsigned char)t[rt->fa[i].ns + k]);
        for (int k = 0; k < *n && !dup; k++)
            dup = !memcmp(names[k], o, nn) && names[k][nn] == '\0';
        if (dup)
            continue;                   /* the first one wins */
        names[(*n)++] = o;
        o += nn;
        *o++ = '\0';
        *o++ = (char)rt->fa[i].val;
        if (rt->fa[i].val) {
            memcpy(o, t + rt->fa[i].vs, rt->fa[i].vn);
            o += rt->fa[i].vn;
            *o++ = '\0';
        }
    }
    return o;
}

#ifdef PITH_NESTING_CHECK
/* The fuzz build: fast_attrs wrote what read_attrs writes.  Aborts if not. */
static void check_fast_attrs(pith_filter *pf, const char *from, const char *to, int n, size_t nl)
{
    pith_rawtext *rt = &pf->raw;
    size_t len = rt->tag.len, stop = 0, size = 2 * len + 16;
    char *want = malloc(size), *end;
    int wn = 0;
    if (want == NULL)
        return;
    end = read_attrs(rt->tag.data, len, nl, want, &stop, &wn);
    if (end == NULL || wn != n || (size_t)(end - want) != (size_t)(to - from) ||
        memcmp(want, from, (size_t)(to - from)) || stop != rt->fast_stop) {
        fprintf(stderr, "rawtext: fast_tag read the attributes of %.*s otherwise\n",
                (int)len, rt->tag.data);
        abort();
    }
    free(want);
}
#endif

/* Keeps the start tag's attributes (rawattr.h). */
int pith_rawattr_record(pith_filter *pf, size_t nl, size_t *stop)
{
    pith_rawtext *rt = &pf->raw;
    const char *t = rt->tag.data;
    size_t len = rt->tag.len;
    unsigned long long key;
    uint32_t reclen;
    uint16_t count;
    char *rec, *o;
    int n, rc;
    if (rt->atts.len - rt->atts_head + len > ATTS_MAX) {
        /* the parser reads what it holds, and asks for what waits */
        if ((rc = pith_parse_push(pf)) != PITH_OK)
            return rc;
        if (rt->atts.len - rt->atts_head + len > ATTS_MAX)
            return WHOLE;
    }
    if (rt->atts_head == rt->atts.len) {
        rt->atts_head = 0;                      /* all read: start again */
        rt->atts.len = 0;
    } else if (rt->atts_head >= ATTS_SLACK) {
        memmove(rt->atts.data, rt->atts.data + rt->atts_head, rt->atts.len - rt->atts_head);
        rt->atts.len -= rt->atts_head;
        rt->atts_head = 0;
    }
    /* a record: key, length, count, the tag's name, then per attribute its
       name, a flag and, if the flag is set, its value, each string ending
       in a NUL; at most twice the tag ("b " gives "b", NUL, flag) */
    if ((rc = pith_buf_reserve(&rt->atts, &pf->mem, REC_HEAD + 16 + 2 * len, ATTS_CAP)) != PITH_OK)
        return rc;
    rec = rt->atts.data + rt->atts.len;
    memcpy(rec + REC_HEAD, rt->name, rt->nname + 1);
    if (rt->fast_n >= 0) {
        o = fast_attrs(rt, rec + REC_HEAD + rt->nname + 1, &n);
        *stop = rt->fast_stop;
#ifdef PITH_NESTING_CHECK
        check_fast_attrs(pf, rec + REC_HEAD + rt->nname + 1, o, n, nl);
#endif
    } else {
        o = read_attrs(t, len, nl, rec + REC_HEAD + rt->nname + 1, stop, &n);
    }
    if (o == NULL)
        return WHOLE;
    if (n > 0) {
        key = rt->out_total + nl;
        reclen = (uint32_t)(o - rec);
        count = (uint16_t)n;
        memcpy(rec, &key, 8);
        memcpy(rec + 8, &reclen, 4);
        memcpy(rec + 12, &count, 2);
        rt->atts.len += reclen;
        rt->atts.data[rt->atts.len] = '\0';
    }
    return PITH_OK;
}

const char **pith_rawtext_atts(pith_filter *pf, unsigned long long pos, const char *name)
{
    pith_rawtext *rt = &pf->raw;
    while (rt->atts_head < rt->atts.len) {
        const char *r = rt->atts.data + rt->atts_head, *p;
        unsigned long long key;
        uint32_t reclen;
        uint16_t count;
        memcpy(&key, r, 8);
        memcpy(&reclen, r + 8, 4);
        memcpy(&count, r + 12, 2);
        if (key > pos)
            return NULL;
        if (key == pos && strcmp(r + REC_HEAD, name))
            return NULL;                        /* an element the parser implies */
        rt->atts_head += reclen;
        if (key < pos) {
#ifdef PITH_NESTING_CHECK
            /* only a misplaced <html>, <head> or <body> is dropped (nesting.c
               lets some through: they change nothing) */
            if (strcmp(r + REC_HEAD, "html") && strcmp(r + REC_HEAD, "head") &&
                strcmp(r + REC_HEAD, "body")) {
                fprintf(stderr, "rawtext: the attributes of <%s> at %llu were never asked "
                        "(now %llu)\n", r + REC_HEAD, key, pos);
                abort();
            }
#endif
            continue;                           /* a tag the parser dropped */
        }
        p = r + REC_HEAD + strlen(r + REC_HEAD) + 1;
        for (unsigned i = 0; i < count; i++) {
            rt->att_ptr[2 * i] = p;
            p += strlen(p) + 1;
            rt->att_ptr[2 * i + 1] = *p++ ? p : NULL;
            if (rt->att_ptr[2 * i + 1])
                p += strlen(p) + 1;
        }
        rt->att_ptr[2 * count] = NULL;
        return rt->att_ptr;
    }
    return NULL;
}
