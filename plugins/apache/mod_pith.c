/* mod_pith.c -- Apache httpd output filter PITH: pith for pages that httpd
 * serves or proxies.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * A thin adapter between httpd's bucket brigades and pith.h: every data
 * bucket goes to pith_feed(), the sink appends pith's output to a brigade
 * that is passed on as soon as it holds something, FLUSH becomes
 * pith_flush() and EOS pith_finish().  Only HTML 200 responses are filtered;
 * everything else passes untouched.  gzip and deflate bodies are decoded by
 * pith itself (zlib), so no INFLATE filter is needed in front.
 *
 * Fail-open: until the first filtered byte is passed on, the original
 * buckets are kept (up to PithMaxHold bytes).  If pith fails in that time,
 * the original is sent as it came, headers untouched.  Past PithMaxHold the
 * original is let go and filtering goes on (or, with "PithMaxHold SIZE
 * original", the page is sent unfiltered).  An error without the original
 * and before output becomes a 502; once filtered output has gone out, an
 * error ends the response as a broken one (no last chunk, connection
 * closed).  Each is logged once.
 *
 *     LoadModule pith_module modules/mod_pith.so
 *     ProxyPass /news/ http://origin.example/
 *     <Location /news/>
 *         Pith On                 (or: SetOutputFilter PITH)
 *     </Location>
 *
 * This file is the filter, its per-request context, the hooks and the
 * module record.  The configuration is in pith_conf.c, the request
 * inspection and header edits in pith_request.c (see mod_pith.h).
 */
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"

#include "mod_pith.h"

#define FILTER_NAME "PITH"
#define PASS_AT 8000            /* output bytes gathered before they are passed on */
#define NOTE_ACTIVE "pith-active"

/* The module record is the only symbol httpd looks up; keep it visible
 * even when built with -fvisibility=hidden. */
#if defined(__GNUC__) && __GNUC__ >= 4
extern module AP_MODULE_DECLARE_DATA pith_module __attribute__((visibility("default")));
#else
extern module AP_MODULE_DECLARE_DATA pith_module;
#endif
APLOG_USE_MODULE(pith);

static ap_filter_rec_t *pith_frec;

/* What a request's filter is doing.  Bytes reach the client only in
 * S_STREAM and S_PASS. */
enum ctx_state {
    S_HOLD,     /* filtering; nothing passed on yet; the original is kept
                   while ctx->holding */
    S_STREAM,   /* filtered output has been passed on; headers are ours */
    S_PASS,     /* failed open: the original goes on untouched */
    S_DONE      /* EOS passed on; anything after it is dropped */
};

typedef struct pith_ctx {
    pith_filter *pf;
    request_rec *r;
    apr_bucket_brigade *out;    /* pith's output, not passed on yet */
    apr_bucket_brigade *hold;   /* the original, while in S_HOLD */
    apr_off_t out_len;          /* bytes in out */
    apr_off_t held;             /* data bytes in hold */
    apr_off_t fed;              /* body bytes fed to pith */
    apr_off_t max_hold;
    int holding;                /* hold has the whole original so far */
    int hold_original;
    int state;                  /* enum ctx_state */
    int flush;
    int decoded;                /* pith removes a Content-Encoding */
    int format;
    int logged;                 /* an error was logged for this request */
} pith_ctx;

/* ---- the filter ------------------------------------------------------- */

/* pith's sink: appends the lent bytes to the output brigade. */
static int sink(void *opaque, const char *buf, size_t len)
{
    pith_ctx *ctx = opaque;

    if (apr_brigade_write(ctx->out, NULL, NULL, buf, len) != APR_SUCCESS)
        return -1;
    ctx->out_len += len;
    return 0;
}

static apr_status_t free_filter(void *pf)
{
    pith_free(pf);
    return APR_SUCCESS;
}

/* Releases pith's memory before the request ends (idempotent). */
static void drop_filter(pith_ctx *ctx)
{
    if (ctx->pf) {
        apr_pool_cleanup_run(ctx->r->pool, ctx->pf, free_filter);
        ctx->pf = NULL;
    }
}

/* Decides on the first brigade whether this response is filtered.  Returns
 * a context in S_HOLD, or NULL when the response passes untouched: PITH
 * Off, a subrequest, HEAD, a status other than 200, a type other than HTML,
 * an encoding pith cannot read, a range request, the bypass, or a filter
 * that cannot be created (failing open). */
static pith_ctx *start(ap_filter_t *f)
{
    request_rec *r = f->r;
    const pith_conf *c = ap_get_module_config(r->per_dir_config, &pith_module);
    pith_options opt;
    pith_ctx *ctx;
    int enc, rc;

    if (c->enable == 0 || r->main)
        return NULL;
    pith_ap_mark_304(r);    /* the client keeps its filtered copy: same validator */
    if (r->header_only || r->status != HTTP_OK || !pith_ap_is_html(r))
        return NULL;
    if (apr_table_get(r->notes, NOTE_ACTIVE))
        return NULL;    /* a second PITH in the chain (Pith On plus a filter directive) */
    if ((enc = pith_ap_input_encoding(r)) < 0 || apr_table_get(r->headers_in, "Range"))
        return NULL;
    pith_ap_add_vary(r, c);
    if (pith_ap_bypassed(r, c))
        return NULL;

    ctx = apr_pcalloc(r->pool, sizeof *ctx);
    ctx->r = r;
    pith_ap_options(c, &opt);
    opt.encoding = enc;
    opt.charset = pith_ap_charset(r);
    rc = pith_new(&ctx->pf, &opt, sink, ctx);
    if (rc != PITH_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "pith: cannot start a filter (%s); sending the page unfiltered",
                      pith_strerror(rc));
        return NULL;
    }
    apr_pool_cleanup_register(r->pool, ctx->pf, free_filter, apr_pool_cleanup_null);
    ctx->out = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    ctx->hold = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    ctx->max_hold = c->max_hold != UNSET ? c->max_hold : DEFAULT_MAX_HOLD;
    ctx->holding = 1;
    ctx->hold_original = c->hold_original == 1;
    ctx->flush = c->flush != 0;
    ctx->decoded = enc != PITH_ENC_IDENTITY;
    ctx->format = opt.format;
    ctx->state = S_HOLD;
    apr_table_setn(r->notes, NOTE_ACTIVE, "1");
    return ctx;
}

static void log_once(pith_ctx *ctx, int level, const char *what, int rc)
{
    if (ctx->logged)
        return;
    ctx->logged = 1;
    ap_log_rerror(APLOG_MARK, level, 0, ctx->r, "pith: %s (%s; %" APR_OFF_T_FMT
                  " body bytes received, %" APR_UINT64_T_FMT " sent)", what, pith_strerror(rc),
                  ctx->fed, (apr_uint64_t)pith_bytes_out(ctx->pf));
}

/* The media type of pith's output (annotate is an HTML page too). */
static const char *output_type(int format)
{
    switch (format) {
    case PITH_FORMAT_TEXT: return "text/plain; charset=utf-8";
    case PITH_FORMAT_JSONL: return "application/x-ndjson; charset=utf-8";
    default: return "text/html; charset=utf-8";
    }
}

/* S_HOLD -> S_STREAM: the response becomes pith's.  Rewrites the headers
 * for the new body and drops the kept original (all but error buckets). */
static void commit(pith_ctx *ctx)
{
    request_rec *r = ctx->r;
    apr_bucket *b, *next;

    apr_table_unset(r->headers_out, "Content-Length");
    apr_table_unset(r->headers_out, "Content-MD5");
    apr_table_unset(r->headers_out, "Accept-Ranges");
    if (ctx->decoded) {
        apr_table_unset(r->headers_out, "Content-Encoding");
        r->content_encoding = NULL;
    }
    pith_ap_mark_etag(r);
    ap_set_content_type(r, output_type(ctx->format));
    /* An error bucket from upstream (a backend that broke) must still reach
     * the chunk filter, or a cut page would look complete. */
    for (b = APR_BRIGADE_FIRST(ctx->hold); b != APR_BRIGADE_SENTINEL(ctx->hold); b = next) {
        next = APR_BUCKET_NEXT(b);
        if (AP_BUCKET_IS_ERROR(b)) {
            APR_BUCKET_REMOVE(b);
            APR_BRIGADE_INSERT_TAIL(ctx->out, b);
        }
    }
    apr_brigade_cleanup(ctx->hold);
    ctx->held = 0;
    ctx->state = S_STREAM;
}

/* S_HOLD -> S_PASS: sends the kept original, then the rest of bb, as they
 * came.  Headers are untouched. */
static apr_status_t fail_open(ap_filter_t *f, pith_ctx *ctx, apr_bucket_brigade *bb)
{
    apr_brigade_cleanup(ctx->out);
    ctx->out_len = 0;
    drop_filter(ctx);
    ctx->state = S_PASS;
    APR_BRIGADE_PREPEND(bb, ctx->hold);
    return ap_pass_brigade(f->next, bb);
}

/* Passes on the gathered output (S_STREAM). */
static apr_status_t pass_out(ap_filter_t *f, pith_ctx *ctx)
{
    apr_status_t rv;

    if (APR_BRIGADE_EMPTY(ctx->out))
        return APR_SUCCESS;
    rv = ap_pass_brigade(f->next, ctx->out);
    apr_brigade_cleanup(ctx->out);
    ctx->out_len = 0;
    return rv;
}

/* An error after output started: ends the response as a broken one, the
 * way mod_proxy does when a backend breaks (an error bucket makes the chunk
 * filter leave out the last chunk, and the connection closes). */
static apr_status_t end_broken(ap_filter_t *f, pith_ctx *ctx)
{
    apr_bucket_alloc_t *ba = f->c->bucket_alloc;

    f->c->keepalive = AP_CONN_CLOSE;
    APR_BRIGADE_INSERT_TAIL(ctx->out, ap_bucket_error_create(HTTP_BAD_GATEWAY, NULL,
                                                             f->r->pool, ba));
    APR_BRIGADE_INSERT_TAIL(ctx->out, apr_bucket_eos_create(ba));
    ctx->state = S_DONE;
    drop_filter(ctx);
    return pass_out(f, ctx);
}

/* A pith call returned rc < 0.  Before output, with the original still
 * held: the original goes out.  Before output without it (PithMaxHold
 * passed): an error response (httpd turns the error bucket into a 502, as
 * no header has gone out).  After: the response ends broken.  Each way the
 * error is logged once. */
static apr_status_t failed(ap_filter_t *f, pith_ctx *ctx, apr_bucket_brigade *bb, int rc)
{
    if (ctx->state == S_HOLD && ctx->holding) {
        log_once(ctx, APLOG_WARNING, "cannot filter the page; sending the original", rc);
        return fail_open(f, ctx, bb);
    }
    if (ctx->state == S_HOLD)
        log_once(ctx, APLOG_ERR, "cannot filter the page, and the original was not kept "
                 "past PithMaxHold; error response", rc);
    else
        log_once(ctx, APLOG_ERR, "filter failed after output started; response cut", rc);
    apr_brigade_cleanup(bb);
    return end_broken(f, ctx);
}

/* Lets go of the original kept so far (PithMaxHold passed): deletes the
 * data buckets of hold; FLUSH and error buckets stay for commit(). */
static void drop_held_data(pith_ctx *ctx)
{
    apr_bucket *b, *next;

    for (b = APR_BRIGADE_FIRST(ctx->hold); b != APR_BRIGADE_SENTINEL(ctx->hold); b = next) {
        next = APR_BUCKET_NEXT(b);
        if (!APR_BUCKET_IS_METADATA(b))
            apr_bucket_delete(b);
    }
    ctx->held = 0;
    ctx->holding = 0;
}

/* Moves the bucket b, already read (data, len), out of bb: into hold while
 * the original may still be needed, else it is deleted.  A bucket that
 * cannot be set aside is held as a copy, so the hold is always whole. */
static void consumed(pith_ctx *ctx, apr_bucket *b, const char *data, apr_size_t len)
{
    APR_BUCKET_REMOVE(b);
    if (ctx->state != S_HOLD || !ctx->holding) {
        apr_bucket_delete(b);
        return;
    }
    if (apr_bucket_setaside(b, ctx->r->pool) != APR_SUCCESS) {
        apr_bucket *copy = apr_bucket_heap_create(data, len, NULL, b->list);

        apr_bucket_delete(b);
        b = copy;
    }
    APR_BRIGADE_INSERT_TAIL(ctx->hold, b);
    ctx->held += len;
}

static apr_status_t pith_out_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    pith_ctx *ctx = f->ctx;
    apr_status_t rv;
    int rc;

    if (ctx == NULL) {
        pith_ap_restore_ae(f->r);
        if ((ctx = start(f)) == NULL) {
            ap_remove_output_filter(f);
            return ap_pass_brigade(f->next, bb);
        }
        f->ctx = ctx;
    }
    if (ctx->state == S_PASS)
        return ap_pass_brigade(f->next, bb);
    if (ctx->state == S_DONE) {
        apr_brigade_cleanup(bb);
        return APR_SUCCESS;
    }

    while (!APR_BRIGADE_EMPTY(bb)) {
        apr_bucket *b = APR_BRIGADE_FIRST(bb);

        if (APR_BUCKET_IS_EOS(b)) {
            if (ctx->fed == 0 && ctx->state == S_HOLD)
                return fail_open(f, ctx, bb);   /* empty body: nothing to filter */
            if ((rc = pith_finish(ctx->pf)) < 0)
                return failed(f, ctx, bb, rc);
            if (ctx->state == S_HOLD)
                commit(ctx);
            ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, f->r, "pith: %" APR_OFF_T_FMT
                          " body bytes received, %" APR_UINT64_T_FMT " decoded, %"
                          APR_UINT64_T_FMT " sent", ctx->fed,
                          (apr_uint64_t)pith_bytes_in(ctx->pf),
                          (apr_uint64_t)pith_bytes_out(ctx->pf));
            drop_filter(ctx);
            APR_BUCKET_REMOVE(b);
            APR_BRIGADE_INSERT_TAIL(ctx->out, b);
            ctx->state = S_DONE;
            apr_brigade_cleanup(bb);    /* nothing belongs after EOS */
            return pass_out(f, ctx);
        }
        if (APR_BUCKET_IS_FLUSH(b)) {
            if (ctx->flush && (rc = pith_flush(ctx->pf)) < 0)
                return failed(f, ctx, bb, rc);
            if (ctx->state == S_HOLD && ctx->out_len > 0)
                commit(ctx);
            APR_BUCKET_REMOVE(b);
            if (ctx->state == S_HOLD) {
                APR_BRIGADE_INSERT_TAIL(ctx->hold, b);
                continue;
            }
            APR_BRIGADE_INSERT_TAIL(ctx->out, b);
            if ((rv = pass_out(f, ctx)) != APR_SUCCESS)
                return rv;
            continue;
        }
        if (APR_BUCKET_IS_METADATA(b)) {
            /* error and other metadata buckets keep their place */
            APR_BUCKET_REMOVE(b);
            APR_BRIGADE_INSERT_TAIL(ctx->state == S_HOLD ? ctx->hold : ctx->out, b);
            continue;
        }
        {
            const char *data;
            apr_size_t len;

            rv = apr_bucket_read(b, &data, &len, APR_BLOCK_READ);
            if (rv != APR_SUCCESS) {
                ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, f->r, "pith: cannot read the body");
                return rv;
            }
            rc = pith_feed(ctx->pf, data, len);
            ctx->fed += len;
            consumed(ctx, b, data, len);
            if (rc < 0)
                return failed(f, ctx, bb, rc);
        }
        if (ctx->state == S_HOLD) {
            if (ctx->out_len > 0) {
                commit(ctx);
            } else if (ctx->holding && ctx->held > ctx->max_hold) {
                if (ctx->hold_original) {
                    log_once(ctx, APLOG_INFO, "no output within PithMaxHold; sending the "
                             "original", PITH_OK);
                    return fail_open(f, ctx, bb);
                }
                ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, f->r, "pith: no output within "
                              "PithMaxHold (%" APR_OFF_T_FMT " bytes); filtering on without "
                              "the original", ctx->max_hold);
                drop_held_data(ctx);
            }
        }
        if (ctx->state == S_STREAM && ctx->out_len >= PASS_AT
            && (rv = pass_out(f, ctx)) != APR_SUCCESS)
            return rv;
    }
    return ctx->state == S_STREAM ? pass_out(f, ctx) : APR_SUCCESS;
}

/* Filter init: runs before the handler, so the request can still be
 * changed here (pith_ap_edit_request()): narrows Accept-Encoding and
 * unmarks the filtered ETags of If-None-Match.  A bypassed request is left
 * as it came. */
static int pith_filter_init(ap_filter_t *f)
{
    request_rec *r = f->r;
    const pith_conf *c = ap_get_module_config(r->per_dir_config, &pith_module);

    if (c->enable == 0 || r->main)
        return OK;
    pith_ap_edit_request(r, c);
    return OK;
}

/* ---- hooks ------------------------------------------------------------ */

/* "Pith On": adds the filter unless a filter directive already did. */
static void pith_insert_filter(request_rec *r)
{
    const pith_conf *c = ap_get_module_config(r->per_dir_config, &pith_module);
    ap_filter_t *f;

    if (c->enable != 1)
        return;
    for (f = r->output_filters; f; f = f->next)
        if (f->frec == pith_frec)
            return;
    ap_add_output_filter_handle(pith_frec, NULL, r, r->connection);
}

static int null_sink(void *opaque, const char *buf, size_t len)
{
    (void)opaque, (void)buf, (void)len;
    return 0;
}

/* libxml2 before 2.14 wants its first initialisation done before threads
 * parse (docs/ARCHITECTURE.md, Adding things).  pith.h has no init call, so one tiny page is
 * filtered here, in each child before the MPM starts its threads. */
static void pith_child_init(apr_pool_t *p, server_rec *s)
{
    static const char page[] = "<html><body><p>pith</p></body></html>";
    pith_filter *pf;

    (void)p;
    if (pith_new(&pf, NULL, null_sink, NULL) != PITH_OK) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s, "pith: cannot create a filter");
        return;
    }
    pith_feed(pf, page, sizeof page - 1);
    pith_finish(pf);
    pith_free(pf);
}

static void pith_register_hooks(apr_pool_t *p)
{
    (void)p;
    pith_frec = ap_register_output_filter_protocol(
        FILTER_NAME, pith_out_filter, pith_filter_init, AP_FTYPE_RESOURCE,
        AP_FILTER_PROTO_CHANGE | AP_FILTER_PROTO_CHANGE_LENGTH);
    ap_hook_insert_filter(pith_insert_filter, NULL, NULL, APR_HOOK_LAST);
    ap_hook_child_init(pith_child_init, NULL, NULL, APR_HOOK_MIDDLE);
}

module AP_MODULE_DECLARE_DATA pith_module = {
    STANDARD20_MODULE_STUFF,
    pith_ap_create_conf,    /* per-directory config */
    pith_ap_merge_conf,
    NULL,                   /* per-server config */
    NULL,
    pith_ap_cmds,
    pith_register_hooks
#ifdef AP_MODULE_FLAG_NONE
    , AP_MODULE_FLAG_NONE
#endif
};
