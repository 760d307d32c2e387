/* pith_request.c -- mod_pith's request inspection and header edits: whether
 * a response can be filtered, and what pith changes in the headers around it.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * Before the handler (filter init), a request to be filtered is changed on
 * its way upstream: Accept-Encoding is narrowed to the codings pith decodes
 * and the filtered ETags of If-None-Match are unmarked; r->notes remember
 * both, so that the response can be put right: Accept-Encoding restored, the
 * ETag of a 304 marked again.  When the response arrives, the filter asks
 * here about its type, charset, encoding and the bypass.  Nothing here holds
 * state of its own or touches the body.
 */
#include "httpd.h"
#include "http_config.h"
#include "apr_lib.h"
#include "apr_strings.h"

#include "mod_pith.h"

#define NOTE_BYPASS "pith-bypass"
#define NOTE_AE "pith-accept-encoding"
#define NOTE_INM "pith-if-none-match"

static const char *bypass_header(const pith_conf *c)
{
    return c->bypass_header ? c->bypass_header : DEFAULT_BYPASS_HEADER;
}

static const char *bypass_query(const pith_conf *c)
{
    return c->bypass_query ? c->bypass_query : DEFAULT_BYPASS_QUERY;
}

/* "0", "off", "no" and "false" keep the filter on; any other value
 * (also an empty one) asks for the original. */
static int says_no(const char *v, apr_size_t n)
{
    static const char *const no[] = {"0", "off", "no", "false"};
    apr_size_t i;

    for (i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strlen(no[i]) == n && !strncasecmp(v, no[i], n))
            return 1;
    return 0;
}

/* Whether the client asked for the unfiltered page, by the bypass header
 * or the bypass query parameter ("?pith-bypass" or "?pith-bypass=1"). */
int pith_ap_bypassed(request_rec *r, const pith_conf *c)
{
    const char *name = bypass_header(c), *v, *q;
    apr_size_t n;

    if (apr_table_get(r->notes, NOTE_BYPASS))
        return 1;
    if (*name && (v = apr_table_get(r->headers_in, name)) && !says_no(v, strlen(v)))
        return 1;
    name = bypass_query(c);
    n = strlen(name);
    for (q = r->args; n && q && *q; q += strcspn(q, "&;"), q += (*q != '\0')) {
        apr_size_t len = strcspn(q, "&;");

        if (len >= n && !strncmp(q, name, n) && (len == n || q[n] == '=')) {
            if (len == n || !says_no(q + n + 1, len - n - 1))
                return 1;
        }
    }
    return 0;
}

/* The answer depends on the bypass header, so caches must key on it. */
void pith_ap_add_vary(request_rec *r, const pith_conf *c)
{
    if (*bypass_header(c))
        apr_table_mergen(r->headers_out, "Vary", bypass_header(c));
}

/* Maps a Content-Encoding to pith's decoder; -1 for one it cannot read. */
int pith_ap_input_encoding(request_rec *r)
{
    const char *enc = r->content_encoding;

    if (enc == NULL)
        enc = apr_table_get(r->headers_out, "Content-Encoding");
    if (enc == NULL || *enc == '\0' || !strcasecmp(enc, "identity"))
        return PITH_ENC_IDENTITY;
    if (!strcasecmp(enc, "gzip") || !strcasecmp(enc, "x-gzip"))
        return PITH_ENC_GZIP;
    if (!strcasecmp(enc, "deflate"))
        return PITH_ENC_DEFLATE;
    return -1;  /* br, zstd, compress, or a list such as "gzip, gzip" */
}

/* Returns the media type's charset parameter, or NULL. */
static const char *charset_of(apr_pool_t *p, const char *type)
{
    const char *s = type;

    while ((s = ap_strcasestr(s, "charset")) != NULL) {
        const char *v = s + 7;
        apr_size_t n;

        s = v;
        while (*v == ' ' || *v == '\t')
            v++;
        if (*v++ != '=')
            continue;
        while (*v == ' ' || *v == '\t')
            v++;
        if (*v == '"') {
            v++;
            n = strcspn(v, "\"");
        } else {
            n = strcspn(v, " \t;,");
        }
        return n ? apr_pstrmemdup(p, v, n) : NULL;
    }
    return NULL;
}

/* The charset of the response's Content-Type, or NULL. */
const char *pith_ap_charset(request_rec *r)
{
    return charset_of(r->pool, r->content_type);
}

/* The type without its parameters, compared as httpd stores it. */
int pith_ap_is_html(request_rec *r)
{
    const char *type;

    if (r->content_type == NULL)
        return 0;
    type = ap_field_noparam(r->pool, r->content_type);
    return !strcasecmp(type, "text/html") || !strcasecmp(type, "application/xhtml+xml");
}

/* Drops from Accept-Encoding every coding pith cannot decode (br, zstd,
 * "*"...), so an origin answers with gzip, deflate or identity.  The
 * original value is kept in r->notes and put back by pith_ap_restore_ae()
 * when the response comes through, so the filters after PITH (DEFLATE,
 * BROTLI) still see what the client accepts. */
static void narrow_ae(request_rec *r)
{
    const char *ae = apr_table_get(r->headers_in, "Accept-Encoding"), *s;
    char *kept = "";

    if (ae == NULL)
        return;
    for (s = ae; *s; ) {
        apr_size_t len = strcspn(s, ","), n;
        const char *tok = s;

        s += len + (s[len] == ',');
        while (len && apr_isspace(*tok))
            tok++, len--;
        n = strcspn(tok, ";");
        if (n > len)
            n = len;
        while (n && apr_isspace(tok[n - 1]))
            n--;
        if ((n == 4 && !strncasecmp(tok, "gzip", 4)) || (n == 6 && !strncasecmp(tok, "x-gzip", 6))
            || (n == 7 && !strncasecmp(tok, "deflate", 7))
            || (n == 8 && !strncasecmp(tok, "identity", 8)))
            kept = apr_pstrcat(r->pool, kept, *kept ? ", " : "",
                               apr_pstrmemdup(r->pool, tok, len), NULL);
    }
    if (!strcmp(kept, ae))
        return;
    apr_table_setn(r->notes, NOTE_AE, ae);
    if (*kept)
        apr_table_setn(r->headers_in, "Accept-Encoding", kept);
    else
        apr_table_unset(r->headers_in, "Accept-Encoding");
}

/* Undoes narrow_ae(); the note goes, so a second call does nothing. */
void pith_ap_restore_ae(request_rec *r)
{
    const char *ae = apr_table_get(r->notes, NOTE_AE);

    if (ae) {
        apr_table_setn(r->headers_in, "Accept-Encoding", ae);
        apr_table_unset(r->notes, NOTE_AE);
    }
}

/* A different body needs a different validator: the ETag becomes weak and
 * marked, "abc" -> W/"abc-pith", so it never matches the original's.  An
 * ETag that is not a quoted string is dropped. */
void pith_ap_mark_etag(request_rec *r)
{
    const char *etag = apr_table_get(r->headers_out, "ETag");
    apr_size_t n;

    if (etag == NULL)
        return;
    n = strlen(etag);
    if (!strncmp(etag, "W/", 2))
        etag += 2, n -= 2;
    if (n >= 2 && etag[0] == '"' && etag[n - 1] == '"')
        apr_table_setn(r->headers_out, "ETag", apr_pstrcat(r->pool, "W/",
                       apr_pstrmemdup(r->pool, etag, n - 1), "-pith\"", NULL));
    else
        apr_table_unset(r->headers_out, "ETag");
}

/* The other half of pith_ap_mark_etag(), for revalidation: a client that
 * holds a filtered copy sends If-None-Match: W/"abc-pith"; upstream must see
 * "abc" to answer 304.  Rewrites every marked entity-tag and notes it, so that
 * pith_ap_mark_304() marks the ETag of the 304 again. */
static void unmark_inm(request_rec *r)
{
    const char *inm = apr_table_get(r->headers_in, "If-None-Match"), *s;
    char *out = "";
    int changed = 0;

    if (inm == NULL || ap_strstr_c(inm, "-pith\"") == NULL)
        return;
    for (s = inm; *s; ) {
        apr_size_t len = strcspn(s, ","), n;
        const char *tok = s, *tag;

        s += len + (s[len] == ',');
        while (len && apr_isspace(*tok))
            tok++, len--;
        while (len && apr_isspace(tok[len - 1]))
            len--;
        if (len == 0)
            continue;
        tag = tok, n = len;
        if (n >= 2 && !strncmp(tag, "W/", 2))
            tag += 2, n -= 2;
        if (n >= 7 && tag[0] == '"' && !strncmp(tag + n - 6, "-pith\"", 6)) {
            tok = apr_pstrcat(r->pool, apr_pstrmemdup(r->pool, tag, n - 6), "\"", NULL);
            len = n - 5;
            changed = 1;
        }
        out = apr_pstrcat(r->pool, out, *out ? ", " : "", apr_pstrmemdup(r->pool, tok, len), NULL);
    }
    if (changed) {
        apr_table_setn(r->headers_in, "If-None-Match", out);
        apr_table_setn(r->notes, NOTE_INM, "1");
    }
}

/* Only for a 304 to an If-None-Match that unmark_inm() rewrote. */
void pith_ap_mark_304(request_rec *r)
{
    if (r->status == HTTP_NOT_MODIFIED && apr_table_get(r->notes, NOTE_INM))
        pith_ap_mark_etag(r);
}

/* Runs before the handler, so the request can still be changed here.  A
 * bypassed request is noted, so the filter gets the same answer later, and
 * is left as it came. */
void pith_ap_edit_request(request_rec *r, const pith_conf *c)
{
    if (pith_ap_bypassed(r, c)) {
        apr_table_setn(r->notes, NOTE_BYPASS, "1");
        return;
    }
    if (c->accept_encoding != 0)
        narrow_ae(r);
    unmark_inm(r);
}
