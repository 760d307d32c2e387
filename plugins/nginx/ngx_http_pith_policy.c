/* ngx_http_pith_policy.c -- ngx_http_pith_filter_module's adapter to the
 * shared HTTP policy (plugins/common/pith_http.h): the facts of a request
 * and a response are read out of ngx_http_request_t, the policy decides,
 * and its answer is written back into nginx's header lists.  No HTTP rule
 * lives here.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * The request is changed before the content handler (a precontent phase
 * handler), so that proxy_pass sends the changed headers upstream and
 * nginx's own not-modified and range filters see them for static files.
 * What was changed is kept in a record that survives internal redirects
 * (a request pool cleanup, found again by its handler).
 */
#include "ngx_http_pith.h"

static void
req_cleanup(void *data)
{
    (void) data;        /* the record lives in the pool; nothing to free */
}

ngx_http_pith_req_t *
ngx_http_pith_req(ngx_http_request_t *r, int create)
{
    ngx_pool_cleanup_t  *cln;

    for (cln = r->pool->cleanup; cln; cln = cln->next) {
        if (cln->handler == req_cleanup) {
            return cln->data;
        }
    }
    if (!create) {
        return NULL;
    }
    cln = ngx_pool_cleanup_add(r->pool, sizeof(ngx_http_pith_req_t));
    if (cln == NULL) {
        return NULL;
    }
    ngx_memzero(cln->data, sizeof(ngx_http_pith_req_t));
    cln->handler = req_cleanup;
    return cln->data;
}

/* A NUL-terminated copy from the request pool, or NULL. */
static char *
rstr(ngx_http_request_t *r, ngx_str_t *s)
{
    return ngx_http_pith_strz(r->pool, s);
}

/* The values of every header called name in list (hash != 0), joined with
 * ", " as one NUL-terminated string, or NULL when there is none. */
static char *
joined(ngx_http_request_t *r, ngx_list_t *list, const char *name)
{
    ngx_list_part_t  *part = &list->part;
    ngx_table_elt_t  *h = part->elts;
    size_t            nlen = ngx_strlen(name), len = 0;
    ngx_uint_t        i, n = 0;
    u_char           *out = NULL, *p = NULL;
    int               pass;

    for (pass = 0; pass < 2; pass++) {
        part = &list->part;
        h = part->elts;
        for (i = 0; /* void */; i++) {
            if (i >= part->nelts) {
                if (part->next == NULL) {
                    break;
                }
                part = part->next;
                h = part->elts;
                i = 0;
            }
            if (h[i].hash == 0 || h[i].key.len != nlen
                || ngx_strncasecmp(h[i].key.data, (u_char *) name, nlen) != 0)
            {
                continue;
            }
            if (pass == 0) {
                len += h[i].value.len + 2;
                n++;
            } else {
                if (p != out) {
                    *p++ = ',';
                    *p++ = ' ';
                }
                p = ngx_cpymem(p, h[i].value.data, h[i].value.len);
            }
        }
        if (pass == 0) {
            if (n == 0 || (out = ngx_pnalloc(r->pool, len + 1)) == NULL) {
                return NULL;
            }
            p = out;
        }
    }
    *p = '\0';
    return (char *) out;
}

static char *
value_of(ngx_http_request_t *r, ngx_table_elt_t *h)
{
    return h && h->hash ? rstr(r, &h->value) : NULL;
}

/* The request facts the policy reads. */
static void
request_facts(ngx_http_request_t *r, ngx_http_pith_conf_t *conf, pith_http_request *rq)
{
    ngx_memzero(rq, sizeof(*rq));
    rq->method = rstr(r, &r->method_name);
    rq->path = rstr(r, &r->uri);
    rq->query = r->args.len ? rstr(r, &r->args) : NULL;
    if (conf->pol.bypass_header && *conf->pol.bypass_header) {
        rq->bypass_value = joined(r, &r->headers_in.headers, conf->pol.bypass_header);
    }
    rq->cache_control = joined(r, &r->headers_in.headers, "Cache-Control");
    rq->accept = joined(r, &r->headers_in.headers, "Accept");
    rq->range = value_of(r, r->headers_in.range);
    rq->if_range = value_of(r, r->headers_in.if_range);
}

/* Removes the element h of list without moving any other (nginx keeps
 * pointers into the list, r->headers_in.host and the like): the part that
 * holds it is cut in two around it.  Call list_settle() after the last
 * removal.  Returns NGX_OK, or NGX_ERROR. */
static ngx_int_t
list_cut(ngx_list_t *list, ngx_table_elt_t *h)
{
    ngx_list_part_t  *part, *rest;
    ngx_table_elt_t  *elts = NULL;
    ngx_uint_t        i;

    for (part = &list->part; part; part = part->next) {
        elts = part->elts;
        if (h >= elts && h < elts + part->nelts) {
            break;
        }
    }
    if (part == NULL) {
        return NGX_OK;
    }
    i = h - elts;
    if (i == 0) {
        part->elts = elts + 1;
        part->nelts--;
    } else if (i < part->nelts - 1) {
        rest = ngx_palloc(list->pool, sizeof(ngx_list_part_t));
        if (rest == NULL) {
            return NGX_ERROR;
        }
        rest->elts = elts + i + 1;
        rest->nelts = part->nelts - i - 1;
        rest->next = part->next;
        part->nelts = i;
        part->next = rest;
    } else {
        part->nelts--;
    }
    return NGX_OK;
}

/* Makes the list walkable and pushable again after list_cut(): nginx's
 * walk assumes that no part but a lone first one is empty, so empty parts
 * are unlinked; ngx_list_push() writes past the last part's elements until
 * it holds list->nalloc of them, so nalloc becomes the last part's count
 * (the next push starts a new part). */
static ngx_int_t
list_settle(ngx_list_t *list)
{
    ngx_list_part_t  *p, **pp;

    for (pp = &list->part.next; *pp; /* void */) {
        if ((*pp)->nelts == 0) {
            *pp = (*pp)->next;
        } else {
            pp = &(*pp)->next;
        }
    }
    if (list->part.nelts == 0 && list->part.next) {
        p = list->part.next;
        list->part.elts = p->elts;
        list->part.nelts = p->nelts;
        list->part.next = p->next;
    }
    for (p = &list->part; p->next; p = p->next) {
        /* void */
    }
    list->last = p;
    if (p->nelts == 0) {
        if ((p->elts = ngx_palloc(list->pool, list->nalloc * list->size)) == NULL) {
            return NGX_ERROR;
        }
    } else {
        list->nalloc = p->nelts;
    }
    return NGX_OK;
}

ngx_int_t
ngx_http_pith_edit_request(ngx_http_request_t *r, ngx_http_pith_conf_t *conf)
{
    ngx_http_pith_req_t  *req;
    pith_http_request     rq;
    ngx_table_elt_t      *h;
    char                 *v, *buf;
    size_t                n;

    req = ngx_http_pith_req(r, 1);
    if (req == NULL) {
        return NGX_ERROR;
    }
    if (req->edited) {
        return NGX_OK;      /* an internal redirect: done before */
    }
    req->edited = 1;
    request_facts(r, conf, &rq);
    req->plan = pith_http_request_plan(&conf->pol, &rq);

    h = r->headers_in.accept_encoding;
    if ((req->plan & PITH_HTTP_UP_NARROW_AE) && h && (v = rstr(r, &h->value))) {
        n = PITH_HTTP_LIST_OUT(h->value.len);
        if ((buf = ngx_pnalloc(r->pool, n)) == NULL) {
            return NGX_ERROR;
        }
        if (pith_http_narrow_ae(v, buf, n) == 1) {
            req->ae_orig = h->value;
            req->ae = h;
            h->value.data = (u_char *) buf;
            h->value.len = ngx_strlen(buf);
        }
    }
    h = r->headers_in.if_none_match;
    if ((req->plan & PITH_HTTP_UP_UNMARK_INM) && h && (v = rstr(r, &h->value))) {
        n = PITH_HTTP_LIST_OUT(h->value.len);
        if ((buf = ngx_pnalloc(r->pool, n)) == NULL) {
            return NGX_ERROR;
        }
        if (pith_http_unmark_inm(v, buf, n) == 1) {
            req->inm_unmarked = 1;
            h->value.data = (u_char *) buf;
            h->value.len = ngx_strlen(buf);
        }
    }
    if (req->plan & PITH_HTTP_UP_DROP_RANGE) {
        if ((r->headers_in.range
             && list_cut(&r->headers_in.headers, r->headers_in.range) != NGX_OK)
            || (r->headers_in.if_range
                && list_cut(&r->headers_in.headers, r->headers_in.if_range) != NGX_OK)
            || list_settle(&r->headers_in.headers) != NGX_OK)
        {
            return NGX_ERROR;
        }
        r->headers_in.range = NULL;
        r->headers_in.if_range = NULL;
    }
    return NGX_OK;
}

void
ngx_http_pith_restore_ae(ngx_http_request_t *r)
{
    ngx_http_pith_req_t  *req = ngx_http_pith_req(r, 0);

    if (req && req->ae) {
        req->ae->value = req->ae_orig;
        req->ae = NULL;
    }
}

/* The response's Content-Type as sent: nginx keeps the charset apart
 * (static files, the charset directive) or inside (proxied responses). */
static char *
content_type(ngx_http_request_t *r)
{
    ngx_http_headers_out_t  *ho = &r->headers_out;
    u_char                  *p;

    if (ho->content_type.len == 0) {
        return NULL;
    }
    if (ho->charset.len == 0 || ho->content_type_len != ho->content_type.len) {
        return rstr(r, &ho->content_type);
    }
    p = ngx_pnalloc(r->pool, ho->content_type.len + ho->charset.len + sizeof("; charset="));
    if (p == NULL) {
        return NULL;
    }
    ngx_sprintf(p, "%V; charset=%V%Z", &ho->content_type, &ho->charset);
    return (char *) p;
}

/* Sets the ETag of r to its marked form, or drops it. */
static ngx_int_t
mark_etag(ngx_http_request_t *r)
{
    ngx_table_elt_t  *h = r->headers_out.etag;
    char             *v, *buf;
    size_t            n;

    if (h == NULL) {
        return NGX_OK;
    }
    if ((v = rstr(r, &h->value)) == NULL || (buf = ngx_pnalloc(r->pool, h->value.len + 16)) == NULL) {
        return NGX_ERROR;
    }
    n = h->value.len + 16;
    if (pith_http_mark_etag(v, buf, n) == 1) {
        h->value.data = (u_char *) buf;
        h->value.len = ngx_strlen(buf);
    } else {
        ngx_http_clear_etag(r);
    }
    return NGX_OK;
}

ngx_int_t
ngx_http_pith_decide(ngx_http_request_t *r, ngx_http_pith_conf_t *conf, pith_http_decision *d)
{
    ngx_http_pith_req_t  *req = ngx_http_pith_req(r, 0);
    pith_http_request     rq;
    pith_http_response    rs;

    request_facts(r, conf, &rq);
    ngx_memzero(&rs, sizeof(rs));
    rs.status = (int) r->headers_out.status;
    rs.content_type = content_type(r);
    rs.content_encoding = joined(r, &r->headers_out.headers, "Content-Encoding");
    rs.cache_control = joined(r, &r->headers_out.headers, "Cache-Control");
    rs.content_range = joined(r, &r->headers_out.headers, "Content-Range");
    if (rs.status == NGX_HTTP_NOT_MODIFIED && req) {      /* rule 15 */
        switch (pith_http_304_etag(req->plan, req->inm_unmarked, rs.content_type)) {
        case PITH_HTTP_304_MARK:
            if (mark_etag(r) != NGX_OK) {
                return NGX_ERROR;
            }
            break;
        case PITH_HTTP_304_DROP:
            ngx_http_clear_etag(r);
            break;
        default:
            break;
        }
    }
    return pith_http_decide(&conf->pol, &rq, &rs, d);
}

/* Whether some header called name in list names token in its comma list. */
static int
lists(ngx_http_request_t *r, ngx_list_t *list, const char *name, const char *token)
{
    char    *v = joined(r, list, name), *s;
    size_t   n = ngx_strlen(token);

    for (s = v; s && *s; s = strchr(s, ',')) {
        while (*s == ' ' || *s == '\t' || *s == ',') {
            s++;
        }
        if (ngx_strncasecmp((u_char *) s, (u_char *) token, n) == 0
            && (s[n] == '\0' || s[n] == ',' || s[n] == ' ' || s[n] == '\t'))
        {
            return 1;
        }
    }
    return 0;
}

/* Hides every header called name in list (hash 0: not sent). */
static void
hide(ngx_list_t *list, const char *name)
{
    ngx_list_part_t  *part = &list->part;
    ngx_table_elt_t  *h = part->elts;
    size_t            nlen = ngx_strlen(name);
    ngx_uint_t        i;

    for (i = 0; /* void */; i++) {
        if (i >= part->nelts) {
            if (part->next == NULL) {
                break;
            }
            part = part->next;
            h = part->elts;
            i = 0;
        }
        if (h[i].key.len == nlen && ngx_strncasecmp(h[i].key.data, (u_char *) name, nlen) == 0) {
            h[i].hash = 0;
        }
    }
}

/* A new header name: value (copied). */
static ngx_table_elt_t *
add_header(ngx_http_request_t *r, const char *name, const char *value)
{
    ngx_table_elt_t  *h = ngx_list_push(&r->headers_out.headers);
    ngx_str_t         v;

    if (h == NULL) {
        return NULL;
    }
    v.data = (u_char *) value;
    v.len = ngx_strlen(value);
    h->hash = 1;
    h->key.data = (u_char *) name;
    h->key.len = ngx_strlen(name);
    h->lowcase_key = NULL;
    h->value.len = v.len;
    if ((h->value.data = (u_char *) rstr(r, &v)) == NULL) {
        return NULL;
    }
    return h;
}

/* Content-Type from the policy's "type; charset=X", nginx's way: the type
 * and the charset apart, so that gzip_types and the charset module read
 * them as they read any other. */
static ngx_int_t
set_content_type(ngx_http_request_t *r, const char *value)
{
    ngx_http_headers_out_t  *ho = &r->headers_out;
    size_t                   n = strcspn(value, "; \t");
    char                     cs[65];
    ngx_str_t                v;

    v.data = (u_char *) value;
    v.len = n;
    if ((ho->content_type.data = (u_char *) rstr(r, &v)) == NULL) {
        return NGX_ERROR;
    }
    ho->content_type.len = n;
    ho->content_type_len = n;
    ho->content_type_lowcase = NULL;
    ho->content_type_hash = 0;
    if (pith_http_charset(value, cs, sizeof cs)) {
        v.data = (u_char *) cs;
        v.len = ngx_strlen(cs);
        if ((ho->charset.data = (u_char *) rstr(r, &v)) == NULL) {
            return NGX_ERROR;
        }
        ho->charset.len = v.len;
    } else {
        ngx_str_null(&ho->charset);
    }
    return NGX_OK;
}

ngx_int_t
ngx_http_pith_apply_edits(ngx_http_request_t *r, ngx_http_pith_conf_t *conf,
    pith_http_decision *d)
{
    ngx_http_headers_out_t  *ho = &r->headers_out;
    pith_http_edits          ed;
    char                    *etag = ho->etag && ho->etag->hash ? rstr(r, &ho->etag->value) : NULL;
    ngx_uint_t               i;

    pith_http_response_edits(&conf->pol, d, etag, &ed);
    for (i = 0; i < ed.n; i++) {
        const pith_http_edit  *e = &ed.e[i];

        switch (e->op) {
        case PITH_HTTP_UNSET:
            hide(&ho->headers, e->name);
            if (!ngx_strcasecmp((u_char *) e->name, (u_char *) "Content-Length")) {
                ngx_http_clear_content_length(r);
            } else if (!ngx_strcasecmp((u_char *) e->name, (u_char *) "Content-Encoding")) {
                ho->content_encoding = NULL;
            } else if (!ngx_strcasecmp((u_char *) e->name, (u_char *) "ETag")) {
                ho->etag = NULL;
            } else if (!ngx_strcasecmp((u_char *) e->name, (u_char *) "Accept-Ranges")) {
                ngx_http_clear_accept_ranges(r);
            }
            break;
        case PITH_HTTP_SET:
            if (!ngx_strcasecmp((u_char *) e->name, (u_char *) "Content-Type")) {
                if (set_content_type(r, e->value) != NGX_OK) {
                    return NGX_ERROR;
                }
                break;
            }
            hide(&ho->headers, e->name);
            {
                ngx_table_elt_t  *h = add_header(r, e->name, e->value);

                if (h == NULL) {
                    return NGX_ERROR;
                }
                if (!ngx_strcasecmp((u_char *) e->name, (u_char *) "ETag")) {
                    ho->etag = h;
                } else if (!ngx_strcasecmp((u_char *) e->name, (u_char *) "Accept-Ranges")) {
                    r->allow_ranges = 0;
                    ho->accept_ranges = h;
                }
            }
            break;
        case PITH_HTTP_VARY:
            if (!lists(r, &ho->headers, e->name, e->value)
                && add_header(r, e->name, e->value) == NULL)
            {
                return NGX_ERROR;
            }
            break;
        }
    }
    return NGX_OK;
}

/* The Host to name in the original page's URL: the client's Host header
 * (with its port, as the client wrote it); without one (HTTP/1.0) the
 * server's name, else the local address, with the local port unless it is
 * the scheme's default.  NUL-terminated, from the request pool, or NULL. */
static char *
original_host(ngx_http_request_t *r, int https)
{
    ngx_http_core_srv_conf_t  *cscf;
    ngx_connection_t          *c = r->connection;
    ngx_str_t                  name;
    u_char                     addr[NGX_SOCKADDR_STRLEN], *p;
    ngx_uint_t                 port;

    if (r->headers_in.host && r->headers_in.host->value.len) {
        return rstr(r, &r->headers_in.host->value);
    }
    if (ngx_connection_local_sockaddr(c, NULL, 0) != NGX_OK) {
        return NULL;
    }
    port = ngx_inet_get_port(c->local_sockaddr);
    cscf = ngx_http_get_module_srv_conf(r, ngx_http_core_module);
    name = cscf->server_name;
    if (name.len == 0) {
        name.len = ngx_sock_ntop(c->local_sockaddr, c->local_socklen, addr,
                                 sizeof addr, 0);
        name.data = addr;
    }
    if ((p = ngx_pnalloc(r->pool, name.len + sizeof(":65535"))) == NULL) {
        return NULL;
    }
    if (port == (ngx_uint_t) (https ? 443 : 80)) {
        *ngx_sprintf(p, "%V", &name) = '\0';
    } else {
        *ngx_sprintf(p, "%V:%ui", &name, port) = '\0';
    }
    return (char *) p;
}

char *
ngx_http_pith_original_url(ngx_http_request_t *r, ngx_http_pith_conf_t *conf)
{
    int      https = 0;
    char    *host, *target, *buf;
    size_t   n;

#if (NGX_HTTP_SSL)
    https = r->connection->ssl != NULL;
#endif
    if ((host = original_host(r, https)) == NULL
        || (target = rstr(r, &r->unparsed_uri)) == NULL)
    {
        return NULL;
    }
    n = 3 * (ngx_strlen(host) + r->unparsed_uri.len
             + (conf->pol.bypass_query ? ngx_strlen(conf->pol.bypass_query) : 0)) + 32;
    if ((buf = ngx_pnalloc(r->pool, n)) == NULL
        || pith_http_original_url(&conf->pol, https ? "https" : "http", host, target,
                                  buf, n) < 0)
    {
        return NULL;
    }
    return buf;
}
