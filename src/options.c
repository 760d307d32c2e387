/* options.c -- one way to set pith_options from names and strings, and the
 * one check of their ranges and combinations.
 *
 * Every front-end (the pith tool, mod_pith, the proxy plugins) sets options
 * through pith_option_set() and checks them with pith_options_check(), so a
 * value means the same thing, and is refused with the same message,
 * wherever it is given.  pith_new() runs the same check.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "pith.h"

/* The ranges, as pith.h documents them. */
#define MIN_SIZE 256u
#define MAX_SIZE ((unsigned long long)1 << 30)   /* 1 GiB: emit's output cap */
#define MAX_LOOKAHEAD_BLOCKS 100000u
#define MIN_DEPTH 8u
#define MAX_DEPTH 100000u
#define MIN_PENDING 4096u
#define MAX_HOLD ((unsigned long long)1 << 34)     /* 16 GiB */

enum kind {
    K_FORMAT, K_KEEP, K_ENCODING, K_CHARSET, K_FLAG, K_ON_ERROR, K_STYLE, K_URL,
    K_COUNT,    /* a whole number, no suffix, into an unsigned */
    K_SIZE,     /* a size with an optional k, m or g, into a size_t */
    K_SIZE64    /* the same, into an unsigned long long */
};

typedef struct spec {
    const char *name;         /* canonical, as the pith tool spells it */
    int kind;
    size_t off;               /* member of pith_options */
    unsigned long long min, max;
    unsigned flag;            /* K_FLAG: the PITH_F_* bit */
} spec;

#define OFF(m) offsetof(pith_options, m)

static const spec specs[] = {
    {"format", K_FORMAT, OFF(format), 0, 0, 0},
    {"keep", K_KEEP, OFF(keep), 0, 0, 0},
    {"encoding", K_ENCODING, OFF(encoding), 0, 0, 0},
    {"charset", K_CHARSET, OFF(charset), 0, 0, 0},
    {"lookahead", K_COUNT, OFF(lookahead), 0, MAX_LOOKAHEAD_BLOCKS, 0},
    {"max-lookahead", K_SIZE, OFF(max_lookahead), MIN_SIZE, MAX_SIZE, 0},
    {"max-block", K_SIZE, OFF(max_block), MIN_SIZE, MAX_SIZE, 0},
    {"max-depth", K_COUNT, OFF(max_depth), MIN_DEPTH, MAX_DEPTH, 0},
    {"max-tag", K_SIZE, OFF(max_tag), MIN_SIZE, MAX_SIZE, 0},
    {"max-pending", K_SIZE, OFF(max_pending), MIN_PENDING, MAX_SIZE, 0},
    {"max-input", K_SIZE64, OFF(max_input), 0, ULLONG_MAX, 0},
    {"fragment", K_FLAG, OFF(flags), 0, 0, PITH_F_FRAGMENT},
    {"on-error", K_ON_ERROR, OFF(on_error), 0, 0, 0},
    {"max-hold", K_SIZE64, OFF(max_hold), 0, MAX_HOLD, 0},
    {"style", K_STYLE, OFF(style), 0, 0, 0},
    {"url", K_URL, OFF(url), 0, 0, 0},
};

static const char *const formats[] = {"html", "text", "jsonl", "annotate"};
static const char *const encodings[] = {"auto", "identity", "gzip", "deflate"};
static const char *const styles[] = {"none", "reader"};

#define MAX_URL 4096

/* Why a URL cannot be the page's URL (the reader header links to it), or
 * NULL if it can: an absolute http or https URL with a host, at most
 * MAX_URL bytes, with no space, control character or quote, so that it is
 * safe and whole in an href. */
static const char *bad_url(const char *u)
{
    size_t n = strlen(u), skip;
    if (n > MAX_URL)
        return "longer than 4096 bytes";
    if (!strncasecmp(u, "http://", 7))
        skip = 7;
    else if (!strncasecmp(u, "https://", 8))
        skip = 8;
    else
        return "not an http:// or https:// URL";
    if (u[skip] == '\0' || u[skip] == '/' || u[skip] == '?' || u[skip] == '#')
        return "no host";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)u[i];
        if (c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\')
            return "a space, control character, quote, <, > or backslash in it";
    }
    return NULL;
}

/* Writes a message into err (if given); always returns PITH_EINVAL. */
static int say(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int say(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (err && errlen) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return PITH_EINVAL;
}

/* Whether two names are the same option: case-insensitive, with '-' and '_'
 * left out ("max-block", "max_block", "MaxBlock"). */
static int same_name(const char *a, const char *b)
{
    for (;;) {
        while (*a == '-' || *a == '_')
            a++;
        while (*b == '-' || *b == '_')
            b++;
        if (*a == '\0' || *b == '\0')
            return *a == *b;
        if ((*a | 0x20) != (*b | 0x20))
            return 0;
        a++, b++;
    }
}

/* Index of value in names (case-insensitive), or -1. */
static int lookup(const char *value, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (!strcasecmp(value, names[i]))
            return i;
    return -1;
}

/* Reads digits with, if suffix_ok, one k, m or g (powers of 1024) and an
 * optional b.  Returns 0 and sets *v, 1 for a malformed value, 2 for one
 * that does not fit in 64 bits. */
static int parse_number(const char *s, int suffix_ok, unsigned long long *v)
{
    unsigned long long n = 0, mul = 1;
    const char *p = s;

    if (*p < '0' || *p > '9')
        return 1;
    for (; *p >= '0' && *p <= '9'; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (n > (ULLONG_MAX - d) / 10)
            return 2;
        n = n * 10 + d;
    }
    if (*p && suffix_ok) {
        switch (*p | 0x20) {
        case 'k': mul = 1ULL << 10; break;
        case 'm': mul = 1ULL << 20; break;
        case 'g': mul = 1ULL << 30; break;
        default: return 1;
        }
        p++;
        if ((*p | 0x20) == 'b')
            p++;
    }
    if (*p)
        return 1;
    if (n > ULLONG_MAX / mul)
        return 2;
    *v = n * mul;
    return 0;
}

/* A flag value: NULL or "" (the flag given alone), on/yes/true/1, off/no/false/0. */
static int parse_flag(const char *v)
{
    static const char *const on[] = {"on", "yes", "true", "1"};
    static const char *const off[] = {"off", "no", "false", "0"};
    if (v == NULL || *v == '\0' || lookup(v, on, 4) >= 0)
        return 1;
    return lookup(v, off, 4) >= 0 ? 0 : -1;
}

/* Sets an option whose value is a number (a count or a size) in range. */
static int set_number(const spec *sp, char *field, const char *name, const char *value,
                      char *err, size_t errlen)
{
    unsigned long long v;
    int rc = parse_number(value, sp->kind != K_COUNT, &v);
    if (rc == 1)
        return say(err, errlen, sp->kind == K_COUNT ? "%s takes a whole number, not '%s'"
                   : "%s takes a size in bytes with an optional k, m or g, not '%s'", name, value);
    if (rc == 2 || v > sp->max)
        return say(err, errlen, "%s: %s is above the maximum %llu", name, value, sp->max);
    if (v < sp->min)
        return say(err, errlen, "%s: %s is below the minimum %llu", name, value, sp->min);
    if (sp->kind == K_COUNT)
        *(unsigned *)(void *)field = (unsigned)v;
    else if (sp->kind == K_SIZE)
        *(size_t *)(void *)field = (size_t)v;
    else
        *(unsigned long long *)(void *)field = v;
    return PITH_OK;
}

int pith_option_set(pith_options *opt, const char *name, const char *value,
                     char *err, size_t errlen)
{
    const spec *sp = NULL;
    char *field;
    unsigned long long v;
    int i, rc;

    if (err && errlen)
        err[0] = '\0';
    if (opt == NULL || name == NULL)
        return say(err, errlen, "no option given");
    for (size_t k = 0; k < sizeof specs / sizeof specs[0]; k++)
        if (same_name(name, specs[k].name))
            sp = &specs[k];
    if (sp == NULL)
        return say(err, errlen, "unknown option '%s'", name);
    if (value == NULL && sp->kind != K_FLAG)
        return say(err, errlen, "%s needs a value", name);
    field = (char *)opt + sp->off;
    switch (sp->kind) {
    case K_FORMAT:
        if ((i = lookup(value, formats, 4)) < 0)
            return say(err, errlen, "%s: unknown format '%s' (html, text, jsonl or annotate)",
                       name, value);
        *(int *)(void *)field = PITH_FORMAT_HTML + i;
        return PITH_OK;
    case K_ENCODING:
        if (!strcasecmp(value, "x-gzip"))
            i = 2;
        else if ((i = lookup(value, encodings, 4)) < 0)
            return say(err, errlen, "%s: unknown encoding '%s' (auto, identity, gzip or deflate)",
                       name, value);
        *(int *)(void *)field = PITH_ENC_AUTO + i;
        return PITH_OK;
    case K_KEEP:
        if ((v = pith_labels_parse(value)) == 0)
            return say(err, errlen, "%s: bad label list '%s' (story, navigation, advertising, "
                       "recommendation, comma-separated, or all)", name, value);
        *(unsigned *)(void *)field = (unsigned)v;
        return PITH_OK;
    case K_CHARSET:
        if (strlen(value) > 64)
            return say(err, errlen, "%s: charset name longer than 64 bytes", name);
        *(const char **)(void *)field = *value ? value : NULL;
        return PITH_OK;
    case K_STYLE:
        if ((i = lookup(value, styles, 2)) < 0)
            return say(err, errlen, "%s: unknown style '%s' (reader or none)", name, value);
        *(int *)(void *)field = PITH_STYLE_NONE + i;
        return PITH_OK;
    case K_URL: {
        const char *why = *value ? bad_url(value) : NULL;
        if (why)
            return say(err, errlen, "%s: '%.80s%s': %s", name, value,
                       strlen(value) > 80 ? "..." : "", why);
        *(const char **)(void *)field = *value ? value : NULL;
        return PITH_OK;
    }
    case K_ON_ERROR:
        if ((i = pith_on_error_parse(value)) < 0)
            return say(err, errlen, "%s: unknown mode '%s' (original, story or empty)",
                       name, value);
        *(int *)(void *)field = i;
        return PITH_OK;
    case K_FLAG:
        if ((rc = parse_flag(value)) < 0)
            return say(err, errlen, "%s takes on or off, not '%s'", name, value);
        if (rc)
            *(unsigned *)(void *)field |= sp->flag;
        else
            *(unsigned *)(void *)field &= ~sp->flag;
        return PITH_OK;
    default:
        return set_number(sp, field, name, value, err, errlen);
    }
}

/* Checks one size or count against its spec. */
static int check_range(const char *name, unsigned long long v, char *err, size_t errlen)
{
    for (size_t k = 0; k < sizeof specs / sizeof specs[0]; k++) {
        const spec *sp = &specs[k];
        if (strcmp(sp->name, name))
            continue;
        if (v < sp->min)
            return say(err, errlen, "%s: %llu is below the minimum %llu", name, v, sp->min);
        if (v > sp->max)
            return say(err, errlen, "%s: %llu is above the maximum %llu", name, v, sp->max);
    }
    return PITH_OK;
}

int pith_options_check(const pith_options *o, char *err, size_t errlen)
{
    int rc;

    if (err && errlen)
        err[0] = '\0';
    if (o == NULL)
        return say(err, errlen, "no options");
    if (o->format < PITH_FORMAT_HTML || o->format > PITH_FORMAT_ANNOTATE)
        return say(err, errlen, "format: %d is not a pith_format", o->format);
    if (o->keep == 0 || (o->keep & ~(unsigned)PITH_ALL_LABELS))
        return say(err, errlen, "keep: 0x%x is not a set of labels", o->keep);
    if (o->encoding < PITH_ENC_AUTO || o->encoding > PITH_ENC_DEFLATE)
        return say(err, errlen, "encoding: %d is not a pith_encoding", o->encoding);
    if ((rc = check_range("lookahead", o->lookahead, err, errlen)) != PITH_OK ||
        (rc = check_range("max-lookahead", o->max_lookahead, err, errlen)) != PITH_OK ||
        (rc = check_range("max-block", o->max_block, err, errlen)) != PITH_OK ||
        (rc = check_range("max-depth", o->max_depth, err, errlen)) != PITH_OK ||
        (rc = check_range("max-tag", o->max_tag, err, errlen)) != PITH_OK ||
        (rc = check_range("max-pending", o->max_pending, err, errlen)) != PITH_OK)
        return rc;
    if (pith_on_error_name(o->on_error) == NULL)
        return say(err, errlen, "on-error: %d is not a pith_on_error", o->on_error);
    if ((rc = check_range("max-hold", o->max_hold, err, errlen)) != PITH_OK)
        return rc;
    if (o->style != PITH_STYLE_NONE && o->style != PITH_STYLE_READER)
        return say(err, errlen, "style: %d is not a pith_style", o->style);
    if (o->url && *o->url) {
        const char *why = bad_url(o->url);
        if (why)
            return say(err, errlen, "url: %s", why);
    }
    if (o->max_lookahead < o->max_block)
        return say(err, errlen, "max-lookahead (%zu) must be at least max-block (%zu)",
                   o->max_lookahead, o->max_block);
    if ((o->alloc == NULL) != (o->release == NULL))
        return say(err, errlen, "alloc and release hooks must be set together");
    if (o->flags & ~PITH_F_FRAGMENT)
        return say(err, errlen, "flags: unknown bits 0x%x", o->flags & ~PITH_F_FRAGMENT);
    return PITH_OK;
}
