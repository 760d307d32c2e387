/* pith_request.c -- mod_pith's adapter to the shared HTTP policy
 * (plugins/common/pith_http.h): the facts of a request and a response are
 * read out of request_rec, the policy decides, and its answer is written
 * back into httpd's header tables.  No HTTP rule lives here.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * Before the handler (filter init) the request is changed on its way
 * upstream as the policy's plan says; what was changed is remembered in the
 * request's config record (pith_ap_req), so that the response can be put
 * right: Accept-Encoding restored for the filters after PITH, the ETag of a
 * 304 marked again.
 */
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_protocol.h"
#include "apr_strings.h"

#include "mod_pith.h"

extern module AP_MODULE_DECLARE_DATA pith_module;

pith_ap_req *pith_ap_req_get(request_rec *r)
{
    pith_ap_req *req = ap_get_module_config(r->request_config, &pith_module);

    if (req == NULL) {
        req = apr_pcalloc(r->pool, sizeof *req);
        ap_set_module_config(r->request_config, &pith_module, req);
    }
    return req;
}

/* The request facts the policy reads. */
static void request_facts(request_rec *r, const pith_http_policy *pol, pith_http_request *rq)
{
    memset(rq, 0, sizeof *rq);
    rq->method = r->method;
    rq->path = r->parsed_uri.path ? r->parsed_uri.path : r->uri;
    rq->query = r->args;
    if (pol->bypass_header && *pol->bypass_header)
        rq->bypass_value = apr_table_get(r->headers_in, pol->bypass_header);
    rq->cache_control = apr_table_get(r->headers_in, "Cache-Control");
    rq->accept = apr_table_get(r->headers_in, "Accept");
    rq->range = apr_table_get(r->headers_in, "Range");
    rq->if_range = apr_table_get(r->headers_in, "If-Range");
}

void pith_ap_edit_request(request_rec *r, const pith_conf *c)
{
    pith_ap_req *req = pith_ap_req_get(r);
    pith_http_policy pol;
    pith_http_request rq;
    const char *v;
    char *buf;
    apr_size_t n;

    if (req->plan)
        return;     /* a second PITH in the chain: planned once */
    pith_ap_policy(c, &pol);
    request_facts(r, &pol, &rq);
    req->plan = pith_http_request_plan(&pol, &rq);
    if ((req->plan & PITH_HTTP_UP_NARROW_AE)
        && (v = apr_table_get(r->headers_in, "Accept-Encoding")) != NULL) {
        n = PITH_HTTP_LIST_OUT(strlen(v));
        buf = apr_palloc(r->pool, n);
        if (pith_http_narrow_ae(v, buf, n) == 1) {
            req->ae_orig = v;
            apr_table_setn(r->headers_in, "Accept-Encoding", buf);
        }
    }
    if ((req->plan & PITH_HTTP_UP_UNMARK_INM)
        && (v = apr_table_get(r->headers_in, "If-None-Match")) != NULL) {
        n = PITH_HTTP_LIST_OUT(strlen(v));
        buf = apr_palloc(r->pool, n);
        if (pith_http_unmark_inm(v, buf, n) == 1) {
            req->inm_unmarked = 1;
            apr_table_setn(r->headers_in, "If-None-Match", buf);
        }
    }
    if (req->plan & PITH_HTTP_UP_DROP_RANGE) {
        apr_table_unset(r->headers_in, "Range");
        apr_table_unset(r->headers_in, "If-Range");
    }
}

void pith_ap_restore_ae(request_rec *r)
{
    pith_ap_req *req = pith_ap_req_get(r);

    if (req->ae_orig) {
        apr_table_setn(r->headers_in, "Accept-Encoding", req->ae_orig);
        req->ae_orig = NULL;
    }
}

/* Sets the ETag of r to its marked form (or drops it). */
static void mark_etag(request_rec *r)
{
    const char *etag = apr_table_get(r->headers_out, "ETag");
    apr_size_t n;
    char *buf;

    if (etag == NULL)
        return;
    n = strlen(etag) + 16;
    buf = apr_palloc(r->pool, n);
    if (pith_http_mark_etag(etag, buf, n) == 1)
        apr_table_setn(r->headers_out, "ETag", buf);
    else
        apr_table_unset(r->headers_out, "ETag");
}

int pith_ap_decide(request_rec *r, const pith_conf *c, pith_http_decision *d)
{
    pith_ap_req *req = pith_ap_req_get(r);
    pith_http_policy pol;
    pith_http_request rq;
    pith_http_response rs;

    pith_ap_policy(c, &pol);
    request_facts(r, &pol, &rq);
    rs.status = r->status;
    rs.content_type = r->content_type;
    rs.content_encoding = r->content_encoding ? r->content_encoding
                                              : apr_table_get(r->headers_out, "Content-Encoding");
    rs.cache_control = apr_table_get(r->headers_out, "Cache-Control");
    rs.content_range = apr_table_get(r->headers_out, "Content-Range");
    if (r->status == HTTP_NOT_MODIFIED) {   /* rule 15 */
        switch (pith_http_304_etag(req->plan, req->inm_unmarked, r->content_type)) {
        case PITH_HTTP_304_MARK:
            mark_etag(r);
            break;
        case PITH_HTTP_304_DROP:
            apr_table_unset(r->headers_out, "ETag");
            break;
        default:
            break;
        }
    }
    return pith_http_decide(&pol, &rq, &rs, d);
}

const char *pith_ap_original_url(request_rec *r, const pith_conf *c)
{
    pith_http_policy pol;
    const char *host = apr_table_get(r->headers_in, "Host");
    const char *target = r->unparsed_uri;
    apr_size_t n;
    char *buf;

    pith_ap_policy(c, &pol);
    if (host == NULL || *host == '\0') {
        apr_port_t port = ap_get_server_port(r);

        host = ap_get_server_name_for_url(r);
        if (!ap_is_default_port(port, r))
            host = apr_psprintf(r->pool, "%s:%u", host, (unsigned)port);
    }
    n = 3 * (strlen(host) + (target ? strlen(target) : 0) +
             (pol.bypass_query ? strlen(pol.bypass_query) : 0)) + 32;
    buf = apr_palloc(r->pool, n);
    if (pith_http_original_url(&pol, ap_http_scheme(r), host, target, buf, n) < 0)
        return NULL;
    return buf;
}

/* Whether a comma list (Vary) already names token. */
static int lists(const char *list, const char *token)
{
    apr_size_t n = strlen(token);
    const char *s = list;

    while (s && *s) {
        while (*s == ' ' || *s == '\t' || *s == ',')
            s++;
        if (!strncasecmp(s, token, n) && (s[n] == '\0' || s[n] == ',' || s[n] == ' '))
            return 1;
        s = strchr(s, ',');
    }
    return 0;
}

void pith_ap_apply_edits(request_rec *r, const pith_conf *c, const pith_http_decision *d)
{
    pith_http_policy pol;
    pith_http_edits ed;
    const char *etag = apr_table_get(r->headers_out, "ETag");
    unsigned i;

    pith_ap_policy(c, &pol);
    pith_http_response_edits(&pol, d, etag, &ed);
    for (i = 0; i < ed.n; i++) {
        const pith_http_edit *e = &ed.e[i];

        switch (e->op) {
        case PITH_HTTP_UNSET:
            apr_table_unset(r->headers_out, e->name);
            apr_table_unset(r->err_headers_out, e->name);
            if (!strcasecmp(e->name, "Content-Encoding"))
                r->content_encoding = NULL;
            break;
        case PITH_HTTP_SET:
            if (!strcasecmp(e->name, "Content-Type"))
                ap_set_content_type(r, apr_pstrdup(r->pool, e->value));
            else
                apr_table_setn(r->headers_out, e->name, apr_pstrdup(r->pool, e->value));
            break;
        case PITH_HTTP_VARY:
            if (!lists(apr_table_get(r->headers_out, e->name), e->value))
                apr_table_mergen(r->headers_out, e->name, e->value);
            break;
        }
    }
}
