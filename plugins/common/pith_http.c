/* pith_http.c -- the HTTP policy of pith's proxy plugins (see pith_http.h,
 * whose table numbers the rules cited below).
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * Pure functions of their arguments: no allocation, no global state, safe
 * from any thread.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "pith.h"
#include "pith_http.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Whether [s, s+n) equals the NUL-terminated word, case-insensitively. */
static int word_is(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && !strncasecmp(s, word, n);
}

/* Walks a comma-separated list: sets *tok and *len to the next element without
 * surrounding white space and returns the position after it, or NULL at
 * the end.  Empty elements are skipped (RFC 9110 §5.6.1). */
static const char *next_item(const char *s, const char **tok, size_t *len)
{
    if (s == NULL)
        return NULL;
    for (;;) {
        size_t n;
        while (is_space(*s) || *s == ',')
            s++;
        if (*s == '\0')
            return NULL;
        n = strcspn(s, ",");
        *tok = s;
        *len = n;
        while (*len && is_space(s[*len - 1]))
            (*len)--;
        s += n;
        if (*len)
            return s;
    }
}

/* Length of the token at the start of an element, before ';', '=' or space. */
static size_t token_len(const char *tok, size_t len)
{
    size_t n = 0;
    while (n < len && tok[n] != ';' && tok[n] != '=' && !is_space(tok[n]))
        n++;
    return n;
}

/* The q weight of an element ("gzip;q=0.5"): 0 for q=0 (or 0.0...), else 1.
 * Only whether it is zero matters here (RFC 9110 §12.4.2). */
static int q_nonzero(const char *tok, size_t len)
{
    const char *p = tok, *end = tok + len;
    while ((p = memchr(p, ';', (size_t)(end - p))) != NULL) {
        p++;
        while (p < end && is_space(*p))
            p++;
        if (p + 1 < end && (p[0] | 0x20) == 'q' && p[1] == '=') {
            p += 2;
            if (p < end && *p == '0') {
                for (p++; p < end && (*p == '.' || *p == '0'); p++)
                    ;
                return !(p == end || *p == ';' || is_space(*p));
            }
            return 1;
        }
    }
    return 1;
}

/* ---- configuration ------------------------------------------------------ */

void pith_http_policy_init(pith_http_policy *p)
{
    p->bypass_header = PITH_HTTP_BYPASS_HEADER;
    p->bypass_query = PITH_HTTP_BYPASS_QUERY;
    p->narrow_accept_encoding = 1;
    p->format = PITH_FORMAT_HTML;
    p->on_error = PITH_HTTP_ON_ERROR_ORIGINAL;
    p->empty_story = PITH_HTTP_EMPTY_ORIGINAL;
    p->types = NULL;
}

/* The library's parser (the same words as the tool's --on-error), so the
   value means the same thing in every front-end. */
int pith_http_on_error_parse(const char *v)
{
    return v == NULL ? -1 : pith_on_error_parse(v);
}

int pith_http_empty_story_parse(const char *v)
{
    if (v == NULL)
        return -1;
    if (!strcasecmp(v, "original"))
        return PITH_HTTP_EMPTY_ORIGINAL;
    if (!strcasecmp(v, "empty"))
        return PITH_HTTP_EMPTY_EMPTY;
    return -1;
}

/* ---- the request -------------------------------------------------------- */

/* "0", "off", "no" and "false" keep the filter on; any other value (also
 * an empty one) asks for the original. */
static int says_no(const char *v, size_t n)
{
    while (n && is_space(*v))
        v++, n--;
    while (n && is_space(v[n - 1]))
        n--;
    return word_is(v, n, "0") || word_is(v, n, "off") || word_is(v, n, "no")
        || word_is(v, n, "false");
}

int pith_http_bypassed(const pith_http_policy *p, const pith_http_request *rq)
{
    const char *name = p->bypass_query, *q;
    size_t n;

    if (p->bypass_header && *p->bypass_header && rq->bypass_value
        && !says_no(rq->bypass_value, strlen(rq->bypass_value)))
        return 1;
    if (name == NULL || (n = strlen(name)) == 0)
        return 0;
    for (q = rq->query; q && *q; q += strcspn(q, "&;"), q += (*q != '\0')) {
        size_t len = strcspn(q, "&;");
        if (len >= n && !strncmp(q, name, n) && (len == n || q[n] == '=')
            && (len == n || !says_no(q + n + 1, len - n - 1)))
            return 1;
    }
    return 0;
}

int pith_http_no_transform(const char *cc)
{
    const char *tok;
    size_t len;

    while ((cc = next_item(cc, &tok, &len)) != NULL)
        if (word_is(tok, token_len(tok, len), "no-transform"))
            return 1;
    return 0;
}

static int is_get_or_head(const char *method, int *head)
{
    *head = method && !strcmp(method, "HEAD");
    return method == NULL || !strcmp(method, "GET") || *head;
}

/* Whether a media range admits HTML: text/html, application/xhtml+xml or
 * text/... with q > 0. */
static int range_is_html(const char *tok, size_t len)
{
    size_t n = token_len(tok, len);
    if (!q_nonzero(tok, len))
        return 0;
    return word_is(tok, n, "text/html") || word_is(tok, n, "application/xhtml+xml")
        || word_is(tok, n, "text/*");
}

/* Rule 11's guess, before the response is known, whether it may be HTML:
 * by Accept (absent, names HTML, or names only the any-type range) and by the
 * path's extension (not one of the usual assets). */
static int may_be_html(const pith_http_request *rq)
{
    static const char *const assets[] = {
        "css", "js", "mjs", "json", "map", "png", "jpg", "jpeg", "gif", "webp", "avif",
        "svg", "ico", "bmp", "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "m4a",
        "webm", "ogg", "wav", "pdf", "zip", "gz", "tgz", "bz2", "xz", "zst", "br", "wasm",
        "txt", "csv", "xml", "rss", "atom", "iso", "exe", "dmg", "deb", "rpm", "apk"
    };
    const char *s = rq->accept, *tok, *slash, *dot;
    size_t len;
    int other = 0;

    if (s) {
        while ((s = next_item(s, &tok, &len)) != NULL) {
            if (range_is_html(tok, len))
                goto path;
            if (!word_is(tok, token_len(tok, len), "*/*"))
                other = 1;
        }
        if (other)
            return 0;
    }
path:
    if (rq->path == NULL)
        return 1;
    slash = strrchr(rq->path, '/');
    dot = strrchr(slash ? slash : rq->path, '.');
    if (dot == NULL)
        return 1;
    for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++)
        if (!strcasecmp(dot + 1, assets[i]))
            return 0;
    return 1;
}

int pith_http_if_range_is_date(const char *v)
{
    if (v == NULL)
        return 0;
    while (is_space(*v))
        v++;
    return *v != '\0' && *v != '"' && strncmp(v, "W/", 2) != 0;
}

unsigned pith_http_request_plan(const pith_http_policy *p, const pith_http_request *rq)
{
    unsigned plan;
    int head;

    if (!is_get_or_head(rq->method, &head))
        return 0;                                   /* rule 1 */
    if (pith_http_bypassed(p, rq))
        return PITH_HTTP_UP_BYPASSED;               /* rule 2 */
    if (pith_http_no_transform(rq->cache_control))
        return 0;                                   /* rule 3 */
    plan = PITH_HTTP_UP_MAY_FILTER | PITH_HTTP_UP_UNMARK_INM;   /* rule 12 */
    if (p->narrow_accept_encoding && may_be_html(rq))
        plan |= PITH_HTTP_UP_NARROW_AE;             /* rule 11 */
    if (rq->range && rq->if_range && (pith_http_if_range_is_date(rq->if_range)
                                      || strstr(rq->if_range, "-pith\"")))
        plan |= PITH_HTTP_UP_DROP_RANGE;            /* rule 13 */
    return plan;
}

/* Appends [s, s+n) to out (with ", " between elements); -1 if it won't fit. */
static int append(char *out, size_t outlen, size_t *used, const char *s, size_t n)
{
    size_t sep = *used ? 2 : 0;
    if (*used + sep + n + 1 > outlen)
        return -1;
    if (sep)
        memcpy(out + *used, ", ", 2);
    memcpy(out + *used + sep, s, n);
    *used += sep + n;
    out[*used] = '\0';
    return 0;
}

int pith_http_narrow_ae(const char *ae, char *out, size_t outlen)
{
    const char *s = ae, *tok;
    size_t len, used = 0;
    int dropped = 0;

    if (ae == NULL)
        return 0;
    if (outlen == 0)
        return -1;
    out[0] = '\0';
    while ((s = next_item(s, &tok, &len)) != NULL) {
        size_t n = token_len(tok, len);
        if ((word_is(tok, n, "gzip") || word_is(tok, n, "x-gzip") || word_is(tok, n, "deflate")
             || word_is(tok, n, "identity")) && q_nonzero(tok, len)) {
            if (append(out, outlen, &used, tok, len) < 0)
                return -1;
        } else {
            dropped = 1;
        }
    }
    if (used == 0) {
        /* br only, "*", or nothing usable: ask for the plain body */
        if (outlen < sizeof "identity")
            return -1;
        strcpy(out, "identity");
        return strcmp(ae, "identity") != 0;
    }
    return dropped;
}

/* Whether [tag, tag+n) is an entity-tag marked by pith_http_mark_etag(),
 * with or without W/; sets *inner to the opaque part's start and *innerlen
 * to its length without "-pith". */
static int marked(const char *tag, size_t n, const char **inner, size_t *innerlen)
{
    if (n >= 2 && !strncmp(tag, "W/", 2))
        tag += 2, n -= 2;
    if (n < 7 || tag[0] != '"' || strncmp(tag + n - 6, "-pith\"", 6) != 0)
        return 0;
    *inner = tag + 1;
    *innerlen = n - 7;
    return 1;
}

/* Walks an entity-tag list as next_item() walks a list, but no comma
 * inside a tag's quotes ends it: an opaque tag may hold one (etagc,
 * RFC 9110 §8.8.3).  A tag without its closing quote runs to the end. */
static const char *next_tag(const char *s, const char **tok, size_t *len)
{
    const char *q;
    if (s == NULL)
        return NULL;
    while (is_space(*s) || *s == ',')
        s++;
    q = !strncmp(s, "W/\"", 3) ? s + 2 : *s == '"' ? s : NULL;
    if (q == NULL)
        return next_item(s, tok, len);
    q = strchr(q + 1, '"');
    q = q ? q + 1 + strcspn(q + 1, ",") : s + strlen(s);
    *tok = s;
    *len = (size_t)(q - s);
    while (is_space(s[*len - 1]))
        (*len)--;
    return q;
}

/* Rule 12 for both forms: keep says whether each marked tag stays, after
 * the tag it marks. */
static int unmark(const char *inm, char *out, size_t outlen, int keep)
{
    const char *s = inm, *tok, *inner;
    size_t len, used = 0, innerlen;
    int changed = 0;

    if (inm == NULL || strstr(inm, "-pith\"") == NULL)
        return 0;
    if (outlen == 0)
        return -1;
    out[0] = '\0';
    while ((s = next_tag(s, &tok, &len)) != NULL) {
        if (marked(tok, len, &inner, &innerlen)) {
            if (used + (used ? 2 : 0) + innerlen + 3 > outlen)
                return -1;
            if (used)
                memcpy(out + used, ", ", 2), used += 2;
            out[used++] = '"';
            memcpy(out + used, inner, innerlen);
            used += innerlen;
            out[used++] = '"';
            out[used] = '\0';
            changed = 1;
            if (keep && append(out, outlen, &used, tok, len) < 0)
                return -1;
        } else if (append(out, outlen, &used, tok, len) < 0) {
            return -1;
        }
    }
    return changed;
}

int pith_http_unmark_inm(const char *inm, char *out, size_t outlen)
{
    return unmark(inm, out, outlen, 0);
}

int pith_http_unmark_inm_keep(const char *inm, char *out, size_t outlen)
{
    return unmark(inm, out, outlen, 1);
}

int pith_http_inm_marked(const char *inm)
{
    const char *s = inm, *tok, *inner;
    size_t len, innerlen;

    if (inm == NULL || strstr(inm, "-pith\"") == NULL)
        return 0;
    while ((s = next_tag(s, &tok, &len)) != NULL)
        if (marked(tok, len, &inner, &innerlen))
            return 1;
    return 0;
}

/* ---- the response ------------------------------------------------------- */

int pith_http_is_html(const char *ct)
{
    size_t n;
    if (ct == NULL)
        return 0;
    while (is_space(*ct))
        ct++;
    n = strcspn(ct, "; \t");
    return word_is(ct, n, "text/html") || word_is(ct, n, "application/xhtml+xml");
}

int pith_http_type_listed(const char *types, const char *ct)
{
    const char *s = types;
    size_t n;

    if (types == NULL || *types == '\0')
        return pith_http_is_html(ct);
    if (ct == NULL)
        return 0;
    while (is_space(*ct))
        ct++;
    n = strcspn(ct, "; \t");
    if (n == 0)
        return 0;
    for (;;) {
        size_t len;
        while (is_space(*s) || *s == ',')
            s++;
        if (*s == '\0')
            return 0;
        len = strcspn(s, " \t,");
        if ((len == 1 && *s == '*') || (len == n && !strncasecmp(s, ct, n)))
            return 1;
        s += len;
    }
}

int pith_http_charset(const char *ct, char *out, size_t outlen)
{
    const char *s;

    if (outlen)
        out[0] = '\0';
    if (ct == NULL || outlen == 0)
        return 0;
    for (s = strchr(ct, ';'); s; s = strchr(s, ';')) {
        const char *v;
        size_t n;
        s++;
        while (is_space(*s))
            s++;
        if (strncasecmp(s, "charset", 7) != 0)
            continue;
        v = s + 7;
        while (is_space(*v))
            v++;
        if (*v++ != '=')
            continue;
        while (is_space(*v))
            v++;
        if (*v == '"' || *v == '\'') {   /* single quotes too, as browsers read them */
            const char quote[2] = { *v, '\0' };
            n = strcspn(++v, quote);
        } else {
            n = strcspn(v, " \t;,");
        }
        if (n == 0 || n >= outlen)
            return 0;
        memcpy(out, v, n);
        out[n] = '\0';
        return 1;
    }
    return 0;
}

int pith_http_encoding(const char *ce)
{
    const char *tok, *s = ce;
    size_t len;
    int enc = PITH_ENC_IDENTITY, count = 0;

    /* "identity" elements are no coding; a list of two real codings is */
    while ((s = next_item(s, &tok, &len)) != NULL) {
        if (word_is(tok, len, "identity"))
            continue;
        if (++count > 1)
            return -1;
        if (word_is(tok, len, "gzip") || word_is(tok, len, "x-gzip"))
            enc = PITH_ENC_GZIP;
        else if (word_is(tok, len, "deflate"))
            enc = PITH_ENC_DEFLATE;
        else
            return -1;          /* br, zstd, compress, anything unknown */
    }
    return enc;
}

int pith_http_decide(const pith_http_policy *p, const pith_http_request *rq,
                     const pith_http_response *rs, pith_http_decision *d)
{
    int head;

    memset(d, 0, sizeof *d);
    d->encoding = PITH_ENC_IDENTITY;
    if (!is_get_or_head(rq->method, &head))
        return d->verdict = PITH_HTTP_PASS_METHOD;          /* rule 1 */
    d->head = head;
    if (pith_http_no_transform(rq->cache_control))
        return d->verdict = PITH_HTTP_PASS_NO_TRANSFORM;    /* rule 3 */
    if (rs->status != 200)
        return d->verdict = PITH_HTTP_PASS_STATUS;          /* rule 4 */
    if (rs->content_range || rq->range)
        return d->verdict = PITH_HTTP_PASS_RANGE;           /* rule 5 */
    if (!pith_http_type_listed(p->types, rs->content_type))
        return d->verdict = PITH_HTTP_PASS_TYPE;            /* rule 6 */
    if ((d->encoding = pith_http_encoding(rs->content_encoding)) < 0) {
        d->encoding = PITH_ENC_IDENTITY;
        return d->verdict = PITH_HTTP_PASS_ENCODING;        /* rule 7 */
    }
    if (pith_http_no_transform(rs->cache_control))
        return d->verdict = PITH_HTTP_PASS_NO_TRANSFORM;    /* rule 8 */
    /* rule 2 last: the Vary it adds is for responses that would be filtered */
    if (pith_http_bypassed(p, rq))
        return d->verdict = PITH_HTTP_PASS_BYPASS;
    d->decoded = d->encoding != PITH_ENC_IDENTITY;
    pith_http_charset(rs->content_type, d->charset, sizeof d->charset);
    return d->verdict = PITH_HTTP_FILTER;
}

const char *pith_http_verdict_name(int v)
{
    switch (v) {
    case PITH_HTTP_FILTER: return "filter";
    case PITH_HTTP_PASS_METHOD: return "method";
    case PITH_HTTP_PASS_BYPASS: return "bypass";
    case PITH_HTTP_PASS_NO_TRANSFORM: return "no-transform";
    case PITH_HTTP_PASS_STATUS: return "status";
    case PITH_HTTP_PASS_RANGE: return "range";
    case PITH_HTTP_PASS_TYPE: return "type";
    case PITH_HTTP_PASS_ENCODING: return "encoding";
    default: return "unknown";
    }
}

int pith_http_mark_etag(const char *etag, char *out, size_t outlen)
{
    size_t n;

    if (etag == NULL)
        return 0;
    while (is_space(*etag))
        etag++;
    n = strlen(etag);
    while (n && is_space(etag[n - 1]))
        n--;
    if (n >= 2 && !strncmp(etag, "W/", 2))
        etag += 2, n -= 2;
    if (n < 2 || etag[0] != '"' || etag[n - 1] != '"' || memchr(etag + 1, '"', n - 2))
        return 0;
    if (n >= 7 && !strncmp(etag + n - 6, "-pith\"", 6)) {
        /* already ours (two filters in a chain): mark once */
        if (n + 3 > outlen)
            return -1;
        snprintf(out, outlen, "W/%.*s", (int)n, etag);
        return 1;
    }
    if (n + 8 > outlen)
        return -1;
    snprintf(out, outlen, "W/%.*s-pith\"", (int)(n - 1), etag);
    return 1;
}

int pith_http_304_etag(unsigned plan, int inm_unmarked, const char *ct)
{
    if (!(plan & PITH_HTTP_UP_MAY_FILTER))
        return PITH_HTTP_304_KEEP;
    if (inm_unmarked || pith_http_is_html(ct))
        return PITH_HTTP_304_MARK;
    return ct == NULL || *ct == '\0' ? PITH_HTTP_304_DROP : PITH_HTTP_304_KEEP;
}

const char *pith_http_output_type(int format)
{
    switch (format) {
    case PITH_FORMAT_TEXT: return "text/plain; charset=utf-8";
    case PITH_FORMAT_JSONL: return "application/x-ndjson; charset=utf-8";
    default: return "text/html; charset=utf-8";     /* html, annotate */
    }
}

static void add(pith_http_edits *out, int op, const char *name, const char *value)
{
    if (out->n < PITH_HTTP_MAX_EDITS) {
        out->e[out->n].op = op;
        out->e[out->n].name = name;
        out->e[out->n].value = value;
        out->n++;
    }
}

unsigned pith_http_response_edits(const pith_http_policy *p, const pith_http_decision *d,
                                  const char *etag, pith_http_edits *out)
{
    int has_vary = p->bypass_header && *p->bypass_header;

    out->n = 0;
    out->etag[0] = '\0';
    if (d->verdict == PITH_HTTP_PASS_BYPASS) {
        if (has_vary)
            add(out, PITH_HTTP_VARY, "Vary", p->bypass_header);
        return out->n;
    }
    if (d->verdict != PITH_HTTP_FILTER)
        return 0;
    add(out, PITH_HTTP_UNSET, "Content-Length", NULL);
    add(out, PITH_HTTP_UNSET, "Content-MD5", NULL);
    add(out, PITH_HTTP_UNSET, "Digest", NULL);
    add(out, PITH_HTTP_UNSET, "Content-Digest", NULL);
    add(out, PITH_HTTP_UNSET, "Repr-Digest", NULL);
    if (d->decoded)
        add(out, PITH_HTTP_UNSET, "Content-Encoding", NULL);
    if (etag && pith_http_mark_etag(etag, out->etag, sizeof out->etag) == 1)
        add(out, PITH_HTTP_SET, "ETag", out->etag);
    else if (etag)
        add(out, PITH_HTTP_UNSET, "ETag", NULL);
    add(out, PITH_HTTP_SET, "Accept-Ranges", "none");
    add(out, PITH_HTTP_SET, "Content-Type", pith_http_output_type(p->format));
    if (has_vary)
        add(out, PITH_HTTP_VARY, "Vary", p->bypass_header);
    return out->n;
}

/* ---- the body ----------------------------------------------------------- */

int pith_http_on_error(const pith_http_policy *p, int sent, int original_held)
{
    if (sent)
        return PITH_HTTP_SEND_STORY;                        /* rule 17 */
    switch (p->on_error) {                                  /* rule 16 */
    case PITH_HTTP_ON_ERROR_EMPTY:
        return PITH_HTTP_SEND_EMPTY;
    case PITH_HTTP_ON_ERROR_STORY:
        return PITH_HTTP_SEND_STORY;
    default:
        return original_held ? PITH_HTTP_SEND_ORIGINAL : PITH_HTTP_SEND_STORY;
    }
}

int pith_http_at_end(const pith_http_policy *p, int kept_block, int sent, int original_held)
{
    if (kept_block || sent)
        return PITH_HTTP_SEND_STORY;
    if (p->empty_story == PITH_HTTP_EMPTY_ORIGINAL && original_held)
        return PITH_HTTP_SEND_ORIGINAL;                     /* rule 18 */
    return PITH_HTTP_SEND_STORY;
}

int pith_http_may_send(int kept_block)
{
    return kept_block != 0;
}

const char *pith_http_outcome_name(int outcome)
{
    switch (outcome) {
    case PITH_HTTP_OUT_FILTERED: return "filtered";
    case PITH_HTTP_OUT_BYPASSED: return "bypassed";
    case PITH_HTTP_OUT_ORIGINAL: return "original";
    default: return "error";
    }
}

const char *pith_http_error_word(int rc)
{
    switch (rc) {
    case PITH_EDATA: return "corrupt-input";
    case PITH_ELIMIT: return "limit";
    case PITH_ENOMEM: return "out-of-memory";
    case PITH_ESINK: return "output";
    default: return "internal";
    }
}

/* ---- the reader view's link to the original ------------------------------ */

/* Appends s (n bytes) to out at *len, percent-encoding what an href must
   not hold as it is.  Returns 0, or -1 when out is too small. */
static int url_put(char *out, size_t outlen, size_t *len, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int raw = c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>' && c != '\\';
        size_t need = raw ? 1 : 3;
        if (outlen - *len <= need)
            return -1;
        if (raw) {
            out[(*len)++] = (char)c;
        } else {
            out[(*len)++] = '%';
            out[(*len)++] = hex[c >> 4];
            out[(*len)++] = hex[c & 15];
        }
    }
    out[*len] = '\0';
    return 0;
}

int pith_http_original_url(const pith_http_policy *p, const char *scheme, const char *host,
                           const char *target, char *out, size_t outlen)
{
    const char *q = p ? p->bypass_query : NULL, *frag;
    size_t len = 0, tlen;
    int absolute;

    if (out == NULL || outlen == 0)
        return -1;
    out[0] = '\0';
    if (target == NULL)
        target = "";
    absolute = !strncasecmp(target, "http://", 7) || !strncasecmp(target, "https://", 8);
    if (!absolute) {
        if (scheme == NULL || (strcasecmp(scheme, "http") && strcasecmp(scheme, "https")) ||
            host == NULL || *host == '\0' || strpbrk(host, "/?#@") != NULL ||
            (*target && *target != '/'))
            return -1;
        if (url_put(out, outlen, &len, scheme, strlen(scheme)) ||
            url_put(out, outlen, &len, "://", 3) ||
            url_put(out, outlen, &len, host, strlen(host)) ||
            (*target == '\0' && url_put(out, outlen, &len, "/", 1)))
            return -1;
    }
    tlen = strlen(target);
    frag = memchr(target, '#', tlen);
    if (url_put(out, outlen, &len, target, frag ? (size_t)(frag - target) : tlen))
        return -1;
    if (q && *q) {
        const char *path = absolute ? target + (target[4] == ':' ? 7 : 8) : target;
        int has_query = memchr(path, '?', frag ? (size_t)(frag - path) : strlen(path)) != NULL;
        if (url_put(out, outlen, &len, has_query ? "&" : "?", 1) ||
            url_put(out, outlen, &len, q, strlen(q)) || url_put(out, outlen, &len, "=1", 2))
            return -1;
    }
    if (frag && url_put(out, outlen, &len, frag, strlen(frag)))
        return -1;
    return (int)len;
}
