/* fuzz_http.c -- libFuzzer harness for the proxy plugins' shared HTTP
 * policy (plugins/common/pith_http.c).  The input is a request and a
 * response as NUL-separated header values (see FIELDS; a missing field is
 * an absent header).  Every function of the policy is asked, with output
 * buffers of exactly the size the caller gives (so AddressSanitizer sees
 * any write past them), and the answers are checked:
 *  - a value the policy writes into a header from a value with no control
 *    byte has none either (CR or LF would split the header);
 *  - a narrowed Accept-Encoding is fine as it is when narrowed again;
 *  - every rewritten list fits in PITH_HTTP_LIST_OUT(strlen) bytes, as
 *    pith_http.h promises;
 *  - If-None-Match unmarked for ICAP (marked tags kept) still holds a
 *    marked tag, and all three functions agree on which lists hold one;
 *  - an ETag marked and then unmarked is the original's opaque tag;
 *  - a link to the original page is an absolute http(s) URL of bytes an
 *    href may hold, of the length returned;
 *  - a filtered response passed every rule of the table.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "pith.h"
#include "pith_http.h"

enum {
    F_METHOD, F_PATH, F_QUERY, F_BYPASS, F_REQ_CC, F_ACCEPT, F_RANGE, F_IF_RANGE,
    F_STATUS, F_CTYPE, F_CENC, F_RESP_CC, F_CRANGE, F_ETAG, F_AE, F_INM,
    F_SCHEME, F_HOST, F_TARGET, F_TYPES, F_BYPASS_QUERY, F_BYPASS_HEADER, FIELDS
};

/* A buffer of exactly n bytes (ASan guards its end). */
static char *exact(size_t n)
{
    char *p = malloc(n ? n : 1);
    if (p == NULL)
        abort();
    return p;
}

/* Whether a value is one header line's worth: no control byte but tab. */
static int clean(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
            return 0;
    return 1;
}

/* The policy never puts a control byte into a header it writes: a value
   from clean input is clean.  (A server hands a plugin no value with CR or
   LF in it; what it does hand on is copied, not checked again.) */
static void one_line(const char *what, const char *in, const char *out)
{
    if (clean(in) && !clean(out)) {
        fprintf(stderr, "fuzz_http: %s from a clean value holds a control byte: %s\n", what, out);
        abort();
    }
}

static void check_ae(const char *ae)
{
    size_t len = strlen(ae), outlen = PITH_HTTP_LIST_OUT(len);
    char *out = exact(outlen), *again = exact(outlen);
    int rc = pith_http_narrow_ae(ae, out, outlen);
    if (rc < 0)
        abort();                /* PITH_HTTP_LIST_OUT always suffices */
    if (rc == 1) {
        one_line("a narrowed Accept-Encoding", ae, out);
        if (pith_http_narrow_ae(out, again, outlen) != 0)
            abort();            /* narrowed twice: the same */
    }
    free(out);
    free(again);
    /* smaller buffers: -1 or a string that fits */
    for (size_t n = 0; n < 12 && n <= len; n++) {
        char *small = exact(n);
        rc = pith_http_narrow_ae(ae, small, n);
        if (rc >= 0 && n > 0 && strlen(small) >= n)
            abort();
        free(small);
    }
}

static void check_inm(const char *inm)
{
    size_t outlen = PITH_HTTP_LIST_OUT(strlen(inm));
    char *out = exact(outlen), *kept = exact(outlen);
    int rc = pith_http_unmark_inm(inm, out, outlen);
    int rck = pith_http_unmark_inm_keep(inm, kept, outlen);
    if (rc < 0 || rck < 0)
        abort();                /* PITH_HTTP_LIST_OUT always suffices */
    if (rc != rck || rc != pith_http_inm_marked(inm))
        abort();                /* the same tags count as marked, in all three */
    if (rc == 1) {
        one_line("an unmarked If-None-Match", inm, out);
        one_line("an unmarked If-None-Match, marked tags kept", inm, kept);
        if (!pith_http_inm_marked(kept))
            abort();            /* upstream still shows the filtered copy (rule 15) */
    }
    free(out);
    free(kept);
}

/* The opaque part of an entity-tag, W/ or not, spaces trimmed: [*o, *o+n). */
static int opaque(const char *tag, const char **o, size_t *n)
{
    size_t len;
    while (*tag == ' ' || *tag == '\t')
        tag++;
    len = strlen(tag);
    while (len && (tag[len - 1] == ' ' || tag[len - 1] == '\t'))
        len--;
    if (len >= 2 && !strncmp(tag, "W/", 2))
        tag += 2, len -= 2;
    if (len < 2 || tag[0] != '"' || tag[len - 1] != '"')
        return 0;
    *o = tag + 1;
    *n = len - 2;
    return 1;
}

static void check_etag(const char *etag)
{
    char out[PITH_HTTP_ETAG_MAX], back[PITH_HTTP_ETAG_MAX];
    const char *o;
    size_t n;
    int rc = pith_http_mark_etag(etag, out, sizeof out);
    if (rc != 1)
        return;
    one_line("a marked ETag", etag, out);
    if (strncmp(out, "W/\"", 3) || strlen(out) < 9 || strcmp(out + strlen(out) - 6, "-pith\""))
        abort();
    if (!opaque(etag, &o, &n))
        abort();                /* marked what is no entity-tag */
    if (n >= 5 && !strncmp(o + n - 5, "-pith", 5))
        return;                 /* already marked: marked once */
    /* unmarking the marked tag gives the original's opaque tag, quoted */
    if (pith_http_unmark_inm(out, back, sizeof back) != 1 || strlen(back) != n + 2 ||
        back[0] != '"' || memcmp(back + 1, o, n) || back[n + 1] != '"')
        abort();
}

static void check_url(const pith_http_policy *p, const char *scheme, const char *host,
                      const char *target, size_t outlen)
{
    char *out = exact(outlen);
    int n = pith_http_original_url(p, scheme, host, target, out, outlen);
    if (n >= 0) {
        if ((size_t)n != strlen(out) || (size_t)n >= outlen)
            abort();
        if (strncasecmp(out, "http://", 7) && strncasecmp(out, "https://", 8))
            abort();
        for (int i = 0; i < n; i++) {
            unsigned char c = (unsigned char)out[i];
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\')
                abort();
        }
    }
    free(out);
}

static void check_response(const pith_http_policy *p, const pith_http_request *rq,
                           const pith_http_response *rs, const char *etag)
{
    pith_http_decision d;
    pith_http_edits ed;
    unsigned plan = pith_http_request_plan(p, rq), n;
    int v = pith_http_decide(p, rq, rs, &d);

    if ((plan & PITH_HTTP_UP_BYPASSED) && plan != PITH_HTTP_UP_BYPASSED)
        abort();                /* bypassed: nothing else */
    if (v < PITH_HTTP_FILTER || v > PITH_HTTP_PASS_ENCODING || v != d.verdict ||
        !strcmp(pith_http_verdict_name(v), "unknown"))
        abort();
    if (memchr(d.charset, 0, sizeof d.charset) == NULL)
        abort();
    if (v == PITH_HTTP_FILTER) {
        /* every rule passed */
        if (rs->status != 200 || rs->content_range || rq->range ||
            pith_http_no_transform(rq->cache_control) ||
            pith_http_no_transform(rs->cache_control) ||
            !pith_http_type_listed(p->types, rs->content_type) ||
            pith_http_encoding(rs->content_encoding) != d.encoding || pith_http_bypassed(p, rq))
            abort();
        if (rq->method && strcmp(rq->method, "GET") && strcmp(rq->method, "HEAD"))
            abort();            /* methods are case-sensitive (RFC 9110 9.1) */
        if (d.head != (rq->method && !strcmp(rq->method, "HEAD")))
            abort();
        one_line("the charset", rs->content_type ? rs->content_type : "", d.charset);
    }
    n = pith_http_response_edits(p, &d, etag, &ed);
    if (n != ed.n || n > PITH_HTTP_MAX_EDITS || (v != PITH_HTTP_FILTER &&
                                                 v != PITH_HTTP_PASS_BYPASS && n))
        abort();
    for (unsigned i = 0; i < n; i++) {
        if (ed.e[i].name == NULL || (ed.e[i].op != PITH_HTTP_UNSET && ed.e[i].value == NULL))
            abort();
        if (ed.e[i].value)
            one_line(ed.e[i].name, etag ? etag : "", ed.e[i].value);
    }
    (void)pith_http_304_etag(plan, (plan & PITH_HTTP_UP_UNMARK_INM) != 0, rs->content_type);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    const char *f[FIELDS] = { NULL };
    pith_http_policy pol;
    pith_http_request rq;
    pith_http_response rs;
    size_t at = 0;
    int k = 0;

    if (copy == NULL)
        abort();
    memcpy(copy, data, size);
    copy[size] = '\0';
    while (k < FIELDS && at <= size) {
        f[k++] = copy + at;
        at += strlen(copy + at) + 1;
    }
    pith_http_policy_init(&pol);
    if (f[F_TYPES] && *f[F_TYPES])
        pol.types = f[F_TYPES];
    if (f[F_BYPASS_QUERY])
        pol.bypass_query = f[F_BYPASS_QUERY];
    if (f[F_BYPASS_HEADER])
        pol.bypass_header = f[F_BYPASS_HEADER];
    pol.format = (int)(size % 4);
    memset(&rq, 0, sizeof rq);
    rq.method = f[F_METHOD];
    rq.path = f[F_PATH];
    rq.query = f[F_QUERY];
    rq.bypass_value = f[F_BYPASS];
    rq.cache_control = f[F_REQ_CC];
    rq.accept = f[F_ACCEPT];
    rq.range = f[F_RANGE];
    rq.if_range = f[F_IF_RANGE];
    memset(&rs, 0, sizeof rs);
    rs.status = f[F_STATUS] ? atoi(f[F_STATUS]) : 200;
    rs.content_type = f[F_CTYPE];
    rs.content_encoding = f[F_CENC];
    rs.cache_control = f[F_RESP_CC];
    rs.content_range = f[F_CRANGE];

    check_response(&pol, &rq, &rs, f[F_ETAG]);
    for (k = 0; k < FIELDS; k++) {
        const char *v = f[k];
        char cs[65];
        if (v == NULL)
            continue;
        /* every parser on every value */
        check_ae(v);
        check_inm(v);
        check_etag(v);
        if (pith_http_charset(v, cs, sizeof cs) == 1 && (cs[0] == '\0' || strlen(cs) >= sizeof cs))
            abort();
        (void)pith_http_is_html(v);
        (void)pith_http_type_listed(pol.types, v);
        (void)pith_http_encoding(v);
        (void)pith_http_no_transform(v);
        (void)pith_http_if_range_is_date(v);
        (void)pith_http_on_error_parse(v);
        (void)pith_http_empty_story_parse(v);
    }
    check_url(&pol, f[F_SCHEME], f[F_HOST], f[F_TARGET], 1 + size % 200);
    check_url(&pol, f[F_SCHEME], f[F_HOST], f[F_TARGET], 3 * size + 64);
    free(copy);
    return 0;
}
