/* mod_pith.c -- Apache httpd output filter PITH: pith for pages that httpd
 * serves or proxies.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * A thin adapter between httpd's bucket brigades and pith.h: every data
 * bucket goes to pith_feed(), the sink appends pith's output to a brigade
 * that is passed on at the end of each incoming brigade (or every 8000
 * bytes), FLUSH becomes pith_flush() and EOS pith_finish().  Which
 * responses are filtered, how their headers change and what is sent when
 * pith fails are the shared policy's decisions (plugins/common/pith_http.h,
 * through pith_request.c); gzip and deflate bodies are decoded by pith
 * itself (zlib), so no INFLATE filter is needed in front.
 *
 * Fail-open is decided at the first byte SENT: until pith's output is
 * passed on, the original buckets are kept (up to PithMaxHold bytes) and
 * pith's output waits beside them.  If pith fails in that time, or the page
 * turns out to have no story (PithEmptyStory original), the original goes
 * out as it came, headers untouched.  Once output has been passed on, an
 * error ends the filtered page cleanly (pith closes the document) and is
 * logged once; only an error that leaves pith unable to close the document
 * (out of memory) cuts the response.
 *
 *     LoadModule pith_module modules/mod_pith.so
 *     ProxyPass /news/ http://origin.example/
 *     <Location /news/>
 *         Pith On                 (or: SetOutputFilter PITH)
 *     </Location>
 *
 * This file is the filter, its per-request context, the hooks and the
 * module record.  The configuration is in pith_conf.c, the adapter to the
 * HTTP policy in pith_request.c (see mod_pith.h).
 */
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"
#include "apr_strings.h"

#include "mod_pith.h"

#define FILTER_NAME "PITH"
#define PASS_AT 8000            /* output bytes gathered before they are passed on */

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
                   while ctx->holding, pith's output waits in ctx->out */
    S_STREAM,   /* filtered output has been passed on; headers are ours */
    S_PASS,     /* the original goes on untouched */
    S_DONE      /* EOS passed on; anything after it is dropped */
};

typedef struct pith_ctx {
    pith_filter *pf;
    request_rec *r;
    const pith_conf *conf;
    pith_http_policy pol;
    pith_http_decision d;
    apr_bucket_brigade *out;    /* pith's output, not passed on yet */
    apr_bucket_brigade *hold;   /* the original, while in S_HOLD */
    apr_off_t out_len;          /* bytes in out */
    apr_off_t held;             /* data bytes in hold */
    apr_off_t fed;              /* body bytes received */
    apr_off_t sent;             /* body bytes passed on */
    apr_off_t max_hold;
    int holding;                /* hold has the whole original so far */
    int hold_original;
    int state;                  /* enum ctx_state */
    int flush;
    int logged;                 /* an error was logged for this request */
    int outcome;                /* enum pith_http_outcome */
    const char *reason;         /* why, for PithNote reason and the debug line */
} pith_ctx;

/* ---- notes and logs --------------------------------------------------- */

/* Sets the PithNote notes and logs the debug line: the outcome of a
 * response PITH looked at, its reason, and the body bytes in and out
 * (in/out only when the filter saw the body). */
static void note(request_rec *r, const pith_conf *c, int outcome, const char *reason,
                 apr_off_t in, apr_off_t out)
{
    const char *name = pith_http_outcome_name(outcome);

    if (c->note_outcome)
        apr_table_setn(r->notes, c->note_outcome, name);
    if (c->note_reason)
        apr_table_setn(r->notes, c->note_reason, reason);
    if (in >= 0 && c->note_in)
        apr_table_setn(r->notes, c->note_in, apr_off_t_toa(r->pool, in));
    if (out >= 0 && c->note_out)
        apr_table_setn(r->notes, c->note_out, apr_off_t_toa(r->pool, out));
    if (in >= 0)
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, "pith: %s %s: %s (%s), %" APR_OFF_T_FMT
                      " body bytes in, %" APR_OFF_T_FMT " out", r->method, r->unparsed_uri,
                      name, reason, in, out);
    else
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, "pith: %s %s: %s (%s)", r->method,
                      r->unparsed_uri, name, reason);
}

static void log_once(pith_ctx *ctx, int level, const char *what, int rc)
{
    if (ctx->logged)
        return;
    ctx->logged = 1;
    ap_log_rerror(APLOG_MARK, level, 0, ctx->r, "pith: %s: %s (%s; %" APR_OFF_T_FMT
                  " body bytes received, %" APR_OFF_T_FMT " sent)", ctx->r->unparsed_uri, what,
                  pith_strerror(rc), ctx->fed, ctx->sent);
}

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
 * a context in S_HOLD, or NULL when the response passes untouched (the
 * policy's verdict, a subrequest, a second PITH in the chain, a HEAD whose
 * headers were set as the GET's, or a filter that cannot be created). */
static pith_ctx *start(ap_filter_t *f)
{
    request_rec *r = f->r;
    const pith_conf *c = ap_get_module_config(r->per_dir_config, &pith_module);
    pith_ap_req *req = pith_ap_req_get(r);
    pith_http_decision d;
    pith_options opt;
    pith_ctx *ctx;
    char err[256];
    int rc;

    if (c->enable == 0 || r->main || req->started)
        return NULL;
    req->started = 1;
    if (pith_ap_decide(r, c, &d) != PITH_HTTP_FILTER) {
        pith_ap_apply_edits(r, c, &d);      /* a bypass: Vary */
        note(r, c, PITH_HTTP_OUT_BYPASSED, pith_http_verdict_name(d.verdict), -1, -1);
        return NULL;
    }
    if ((rc = pith_ap_options(c, &opt, err, sizeof err)) != PITH_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "pith: %s: cannot start a filter (%s); "
                      "sending the page unfiltered", r->unparsed_uri, err);
        note(r, c, PITH_HTTP_OUT_ORIGINAL, "options", -1, -1);
        return NULL;
    }
    if (d.head) {
        /* HEAD: the headers the GET would have, now (a proxied HEAD has no
           body).  A handler that makes the body anyway (local files) has it
           filtered below, so that httpd computes the same Content-Length
           as for the GET; the client gets none of it. */
        pith_ap_apply_edits(r, c, &d);
    }
    ctx = apr_pcalloc(r->pool, sizeof *ctx);
    ctx->r = r;
    ctx->conf = c;
    ctx->d = d;
    pith_ap_policy(c, &ctx->pol);
    opt.encoding = d.encoding;
    opt.charset = d.charset[0] ? apr_pstrdup(r->pool, d.charset) : NULL;
    if ((opt.format == PITH_FORMAT_HTML && opt.style == PITH_STYLE_READER) ||
        opt.filterlist) {
        /* the reader header links to the original page, bypassing PITH; a
           filter list takes the site's own rules from its host */
        const char *url = pith_ap_original_url(r, c);

        if (url == NULL || pith_option_set(&opt, "url", url, err, sizeof err) != PITH_OK)
            ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, "pith: %s: no link to the original "
                          "page in the reader header", r->unparsed_uri);
    }
    rc = pith_new(&ctx->pf, &opt, sink, ctx);
    if (rc != PITH_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "pith: %s: cannot start a filter (%s); "
                      "sending the page unfiltered", r->unparsed_uri, pith_strerror(rc));
        note(r, c, PITH_HTTP_OUT_ORIGINAL, "new", -1, -1);
        return NULL;
    }
    apr_pool_cleanup_register(r->pool, ctx->pf, free_filter, apr_pool_cleanup_null);
    ctx->out = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    ctx->hold = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    ctx->max_hold = c->max_hold != UNSET ? c->max_hold : DEFAULT_MAX_HOLD;
    ctx->holding = 1;
    ctx->hold_original = c->hold_original == 1;
    ctx->flush = c->flush != 0;
    ctx->state = S_HOLD;
    ctx->outcome = PITH_HTTP_OUT_FILTERED;
    ctx->reason = "filter";
    return ctx;
}

/* S_HOLD -> S_STREAM, just before the first byte is passed on: the
 * response becomes pith's.  Applies the policy's header edits and drops the
 * kept original (all but error buckets). */
static void commit(pith_ctx *ctx)
{
    apr_bucket *b, *next;

    pith_ap_apply_edits(ctx->r, ctx->conf, &ctx->d);
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
    ctx->holding = 0;
    ctx->state = S_STREAM;
}

/* Counts the data bytes of bb whose length is known. */
static apr_off_t data_len(apr_bucket_brigade *bb, int *eos)
{
    apr_bucket *b;
    apr_off_t n = 0;

    for (b = APR_BRIGADE_FIRST(bb); b != APR_BRIGADE_SENTINEL(bb); b = APR_BUCKET_NEXT(b)) {
        if (APR_BUCKET_IS_EOS(b))
            *eos = 1;
        else if (!APR_BUCKET_IS_METADATA(b) && b->length != (apr_size_t)-1)
            n += (apr_off_t)b->length;
    }
    return n;
}

/* S_PASS: the original goes on; counts it for the notes (as received too,
 * when in). */
static apr_status_t pass_original(ap_filter_t *f, pith_ctx *ctx, apr_bucket_brigade *bb,
                                  int in)
{
    int eos = 0;
    apr_off_t n = data_len(bb, &eos);

    if (in)
        ctx->fed += n;
    ctx->sent += n;
    if (eos)
        note(ctx->r, ctx->conf, ctx->outcome, ctx->reason, ctx->fed, ctx->sent);
    return ap_pass_brigade(f->next, bb);
}

/* S_HOLD -> S_PASS: sends the kept original, then the rest of bb, as they
 * came.  Headers are untouched. */
static apr_status_t fail_open(ap_filter_t *f, pith_ctx *ctx, apr_bucket_brigade *bb,
                              const char *reason)
{
    int eos = 0;

    apr_brigade_cleanup(ctx->out);
    ctx->out_len = 0;
    drop_filter(ctx);
    ctx->state = S_PASS;
    ctx->outcome = PITH_HTTP_OUT_ORIGINAL;
    ctx->reason = reason;
    /* bytes of bb not fed yet count as received */
    ctx->fed += data_len(bb, &eos);
    APR_BRIGADE_PREPEND(bb, ctx->hold);
    return pass_original(f, ctx, bb, 0);
}

/* Passes on the gathered output; the first pass commits the response. */
static apr_status_t pass_out(ap_filter_t *f, pith_ctx *ctx)
{
    apr_status_t rv;

    if (APR_BRIGADE_EMPTY(ctx->out))
        return APR_SUCCESS;
    if (ctx->state == S_HOLD)
        commit(ctx);
    ctx->sent += ctx->out_len;
    rv = ap_pass_brigade(f->next, ctx->out);
    apr_brigade_cleanup(ctx->out);
    ctx->out_len = 0;
    return rv;
}

/* Ends the filtered response: EOS after the output, notes, pith freed. */
static apr_status_t end_filtered(ap_filter_t *f, pith_ctx *ctx, apr_bucket_brigade *bb)
{
    apr_bucket *eos = apr_bucket_eos_create(f->c->bucket_alloc);

    if (ctx->state == S_HOLD)
        commit(ctx);    /* no output at all (an empty document): still ours */
    apr_brigade_cleanup(bb);
    APR_BRIGADE_INSERT_TAIL(ctx->out, eos);
    drop_filter(ctx);
    ctx->state = S_DONE;
    note(ctx->r, ctx->conf, ctx->outcome, ctx->reason, ctx->fed, ctx->sent + ctx->out_len);
    return pass_out(f, ctx);
}

/* An error that leaves pith unable to close its document: ends the
 * response as a broken one, the way mod_proxy does when a backend breaks
 * (an error bucket: a 502 if nothing was sent, else the chunk filter leaves
 * out the last chunk and the connection closes). */
static apr_status_t end_broken(ap_filter_t *f, pith_ctx *ctx, apr_bucket_brigade *bb)
{
    apr_bucket_alloc_t *ba = f->c->bucket_alloc;

    if (ctx->state == S_HOLD) {
        /* nothing was sent: the error bucket becomes a 502 */
        apr_brigade_cleanup(ctx->out);
        apr_brigade_cleanup(ctx->hold);
    }
    ctx->out_len = 0;
    apr_brigade_cleanup(bb);
    f->c->keepalive = AP_CONN_CLOSE;
    APR_BRIGADE_INSERT_TAIL(ctx->out, ap_bucket_error_create(HTTP_BAD_GATEWAY, NULL,
                                                             f->r->pool, ba));
    APR_BRIGADE_INSERT_TAIL(ctx->out, apr_bucket_eos_create(ba));
    ctx->state = S_DONE;
    ctx->outcome = PITH_HTTP_OUT_ERROR;
    note(ctx->r, ctx->conf, ctx->outcome, ctx->reason, ctx->fed, ctx->sent);
    drop_filter(ctx);
    {
        apr_status_t rv = ap_pass_brigade(f->next, ctx->out);
        apr_brigade_cleanup(ctx->out);
        return rv;
    }
}

/* A pith call returned rc < 0; finished says whether it was pith_finish().
 * The policy chooses (pith_http_on_error()): the original, while nothing
 * was sent and it is held; an empty body; or the story decided so far, with
 * the document closed by pith_finish().  Logged once. */
static apr_status_t failed(ap_filter_t *f, pith_ctx *ctx, apr_bucket_brigade *bb, int rc,
                           int finished)
{
    int sent = ctx->state == S_STREAM;

    ctx->reason = pith_http_error_word(rc);
    switch (pith_http_on_error(&ctx->pol, sent, ctx->state == S_HOLD && ctx->holding)) {
    case PITH_HTTP_SEND_ORIGINAL:
        log_once(ctx, APLOG_WARNING, "cannot filter the page; sending the original", rc);
        return fail_open(f, ctx, bb, ctx->reason);
    case PITH_HTTP_SEND_EMPTY:
        log_once(ctx, APLOG_WARNING, "cannot filter the page; sending an empty body "
                 "(PithOnError empty)", rc);
        apr_brigade_cleanup(ctx->out);
        ctx->out_len = 0;
        ctx->outcome = PITH_HTTP_OUT_ERROR;
        return end_filtered(f, ctx, bb);
    default:
        break;
    }
    if (!finished)
        pith_finish(ctx->pf);   /* closes the document after an input error */
    if (rc == PITH_EDATA || rc == PITH_ELIMIT) {
        log_once(ctx, sent ? APLOG_WARNING : APLOG_INFO, sent
                 ? "cannot filter the rest of the page; the story so far ends it"
                 : "cannot filter the page; sending the story so far", rc);
        ctx->outcome = PITH_HTTP_OUT_ERROR;
        return end_filtered(f, ctx, bb);
    }
    log_once(ctx, APLOG_ERR, sent ? "filter failed after output started; response cut"
             : "filter failed and the original was not kept; error response", rc);
    return end_broken(f, ctx, bb);
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

/* EOS: ends the page.  With no kept block and the original still held,
 * the policy may send the original instead (PithEmptyStory). */
static apr_status_t at_eos(ap_filter_t *f, pith_ctx *ctx, apr_bucket_brigade *bb)
{
    int kept, rc;

    if (ctx->fed == 0 && ctx->state == S_HOLD && ctx->d.head) {
        ctx->reason = "head";   /* headers set as the GET's; no body */
        return end_filtered(f, ctx, bb);
    }
    if (ctx->fed == 0 && ctx->state == S_HOLD)
        return fail_open(f, ctx, bb, "empty-body");    /* nothing to filter */
    if ((rc = pith_finish(ctx->pf)) < 0)
        return failed(f, ctx, bb, rc, 1);
    kept = ctx->state == S_STREAM || pith_blocks_out(ctx->pf) > 0;
    switch (pith_http_at_end(&ctx->pol, kept, ctx->state == S_STREAM,
                             ctx->state == S_HOLD && ctx->holding)) {
    case PITH_HTTP_SEND_ORIGINAL:
        return fail_open(f, ctx, bb, "no-story");
    default:
        if (!kept)
            ctx->reason = "no-story";
        return end_filtered(f, ctx, bb);
    }
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
        return pass_original(f, ctx, bb, 1);
    if (ctx->state == S_DONE) {
        apr_brigade_cleanup(bb);
        return APR_SUCCESS;
    }

    while (!APR_BRIGADE_EMPTY(bb)) {
        apr_bucket *b = APR_BRIGADE_FIRST(bb);

        if (APR_BUCKET_IS_EOS(b))
            return at_eos(f, ctx, bb);
        if (APR_BUCKET_IS_FLUSH(b)) {
            if (ctx->flush && (rc = pith_flush(ctx->pf)) < 0)
                return failed(f, ctx, bb, rc, 0);
            APR_BUCKET_REMOVE(b);
            if (ctx->state == S_HOLD && ctx->out_len == 0) {
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
                ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, f->r, "pith: %s: cannot read the body",
                              f->r->unparsed_uri);
                return rv;
            }
            rc = pith_feed(ctx->pf, data, len);
            ctx->fed += len;
            consumed(ctx, b, data, len);
            if (rc < 0)
                return failed(f, ctx, bb, rc, 0);
        }
        if (ctx->state == S_HOLD && ctx->holding && ctx->held > ctx->max_hold) {
            if (ctx->out_len > 0) {
                if ((rv = pass_out(f, ctx)) != APR_SUCCESS)   /* the hold ends here */
                    return rv;
            } else if (ctx->hold_original) {
                log_once(ctx, APLOG_INFO, "no output within PithMaxHold; sending the "
                         "original", PITH_OK);
                return fail_open(f, ctx, bb, "PithMaxHold");
            } else {
                ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, f->r, "pith: %s: no output within "
                              "PithMaxHold (%" APR_OFF_T_FMT " bytes); filtering on without "
                              "the original", f->r->unparsed_uri, ctx->max_hold);
                drop_held_data(ctx);
            }
        }
        if (ctx->out_len >= PASS_AT && (rv = pass_out(f, ctx)) != APR_SUCCESS)
            return rv;
    }
    /* the end of what upstream had for now: pass on what pith decided */
    return pass_out(f, ctx);
}

/* Filter init: runs before the handler, so the request can still be
 * changed here: the policy's upstream plan (pith_ap_edit_request()). */
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
    /* No AP_FILTER_PROTO_* flags: with them mod_filter (FilterProvider,
     * AddOutputFilterByType) drops ETag and Content-Length before PITH has
     * decided, even from responses PITH then passes untouched.  The
     * policy's edits do that work, for the responses PITH filters only. */
    pith_frec = ap_register_output_filter(FILTER_NAME, pith_out_filter, pith_filter_init,
                                          AP_FTYPE_RESOURCE);
    ap_hook_insert_filter(pith_insert_filter, NULL, NULL, APR_HOOK_LAST);
    ap_hook_child_init(pith_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    /* check_config, not post_config: it runs for `apachectl configtest` too */
    ap_hook_check_config(pith_ap_check_config, NULL, NULL, APR_HOOK_MIDDLE);
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
