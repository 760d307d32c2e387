/* ngx_http_pith_filter_module.c -- pith for pages nginx serves or proxies:
 * a header filter and a body filter.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 *     load_module modules/ngx_http_pith_filter_module.so;
 *     location /news/ { proxy_pass http://origin; pith on; }
 *
 * A thin adapter between nginx's buffer chains and pith.h.  Which
 * responses are filtered, how their headers change and what is sent when
 * pith fails are the shared policy's decisions (plugins/common/pith_http.h,
 * through ngx_http_pith_policy.c); gzip and deflate bodies are decoded by
 * pith itself.
 *
 * Streaming with bounded memory.  Each input buffer is fed to pith as it
 * arrives, in slices of at most SLICE bytes; pith's output is copied into
 * a small pool of output buffers (pith_buffers, default 8 x 16k), which go
 * down the chain at the end of every call, on a flush and at the last
 * buffer.  Output buffers come back through ngx_chain_update_chains() once
 * the client (or the gzip filter) has taken them.  When all of them are
 * busy the filter stops feeding: the input buffers not yet read stay
 * unconsumed (so the upstream stops reading, or spills to its temp file,
 * exactly as it would for a slow client without pith) and the filter marks
 * the request buffered so that nginx calls it again when the client has
 * read.  One slice's output may exceed the pool; it is bounded by the
 * slice and pith's own limits.
 *
 * Fail-open.  The header filter holds the response header back.  Until pith
 * writes its first kept block, a copy of the original body is kept (up to
 * pith_max_hold bytes) and nothing is sent; if pith fails in that time, or
 * the page has no story, the original header and body go out as they came.
 * The first output byte commits the response: the policy's header edits are
 * applied and the header is sent.  An error after that ends the page with
 * the story so far (pith closes the document) and logs one line.
 *
 * $pith_outcome, $pith_reason, $pith_bytes_in and $pith_bytes_out say what
 * was done, for log_format.
 */
#include "ngx_http_pith.h"

#define SLICE               16384   /* input bytes fed to pith at a time */
#define HOLD_BUF            16384   /* size of a buffer of the held original */
#define PITH_NGX_BUFFERED   0x08    /* r->buffered: input kept, not fed yet */

enum ctx_state {
    S_HOLD,     /* header held; the original is kept while ctx->holding;
                   pith's output waits in ctx->out */
    S_STREAM,   /* the header (ours) and output have been sent */
    S_PASS,     /* the original goes on untouched */
    S_DONE      /* pith's last buffer was sent; input after it is dropped */
};

typedef struct {
    ngx_http_request_t    *r;
    ngx_http_pith_conf_t  *conf;
    pith_filter           *pf;
    pith_http_decision     d;

    ngx_chain_t           *in;          /* input not consumed yet */
    ngx_chain_t           *out;         /* output to send */
    ngx_chain_t          **last_out;
    ngx_chain_t           *free;        /* output buffers to reuse */
    ngx_chain_t           *busy;        /* output buffers sent, not yet written */
    ngx_buf_t             *out_buf;     /* the output buffer being filled */
    ngx_int_t              nbufs;       /* output buffers allocated */

    ngx_chain_t           *hold;        /* the original kept while holding */
    ngx_chain_t          **last_hold;
    ngx_buf_t             *hold_buf;    /* the hold buffer being filled */
    off_t                  held;        /* bytes in hold */

    off_t                  fed;         /* body bytes received */
    off_t                  sent;        /* body bytes passed on */
    int                    state;       /* enum ctx_state */
    unsigned               holding:1;   /* hold has the whole original so far */
    unsigned               flush:1;     /* a flush must go down with the output */
    unsigned               last:1;      /* the last buffer is in out */
    unsigned               logged:1;    /* the error line was written */
    unsigned               sink_failed:1;
    unsigned               idle_due:1;  /* the idle timer fired: flush */

    ngx_event_t            idle;        /* no input for pith_flush_idle */
    ngx_buf_t              flush_buf;   /* an empty buffer that carries a flush */
} ngx_http_pith_ctx_t;

static void idle_expired(ngx_event_t *ev);

static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;
static ngx_http_output_body_filter_pt    ngx_http_next_body_filter;

/* ---- output buffers ---------------------------------------------------- */

/* A buffer for pith's output: a free one, a new one while fewer than
 * pith_buffers exist, else (one slice overflowing) a new one anyway. */
static ngx_buf_t *
get_buf(ngx_http_pith_ctx_t *ctx)
{
    ngx_buf_t    *b;
    ngx_chain_t  *cl;

    if (ctx->free) {
        cl = ctx->free;
        ctx->free = cl->next;
        b = cl->buf;
        ngx_free_chain(ctx->r->pool, cl);   /* links are reused, never piled up */
        b->pos = b->last = b->start;
        b->flush = 0;
        return b;
    }
    b = ngx_create_temp_buf(ctx->r->pool, ctx->conf->bufs.size);
    if (b == NULL) {
        return NULL;
    }
    b->tag = (ngx_buf_tag_t) &ngx_http_pith_filter_module;
    b->recycled = 1;
    ctx->nbufs++;
    return b;
}

/* Whether another slice may be fed: an output buffer is free, or may
 * still be made. */
static int
can_feed(ngx_http_pith_ctx_t *ctx)
{
    return ctx->free != NULL || ctx->nbufs < (ngx_int_t) ctx->conf->bufs.num
           || (ctx->out_buf && ctx->out_buf->end - ctx->out_buf->last >= SLICE);
}

/* Appends buffer b to the output chain. */
static ngx_int_t
append_out(ngx_http_pith_ctx_t *ctx, ngx_buf_t *b)
{
    ngx_chain_t  *cl = ngx_alloc_chain_link(ctx->r->pool);

    if (cl == NULL) {
        return NGX_ERROR;
    }
    cl->buf = b;
    cl->next = NULL;
    *ctx->last_out = cl;
    ctx->last_out = &cl->next;
    return NGX_OK;
}

/* Puts the buffer being filled, if it has bytes, on the output chain. */
static ngx_int_t
close_out_buf(ngx_http_pith_ctx_t *ctx)
{
    ngx_buf_t  *b = ctx->out_buf;

    if (b == NULL || b->last == b->pos) {
        return NGX_OK;
    }
    ctx->out_buf = NULL;
    return append_out(ctx, b);
}

/* pith's sink: copies the lent bytes into output buffers. */
static int
sink(void *opaque, const char *buf, size_t len)
{
    ngx_http_pith_ctx_t  *ctx = opaque;
    size_t                n;

    while (len) {
        if (ctx->out_buf == NULL) {
            if ((ctx->out_buf = get_buf(ctx)) == NULL) {
                ctx->sink_failed = 1;
                return -1;
            }
        }
        n = ngx_min(len, (size_t) (ctx->out_buf->end - ctx->out_buf->last));
        ctx->out_buf->last = ngx_cpymem(ctx->out_buf->last, buf, n);
        buf += n;
        len -= n;
        if (ctx->out_buf->last == ctx->out_buf->end) {
            if (append_out(ctx, ctx->out_buf) != NGX_OK) {
                ctx->sink_failed = 1;
                return -1;
            }
            ctx->out_buf = NULL;
        }
    }
    return 0;
}

/* Drops the output not sent yet (its buffers go back to the free list). */
static void
drop_out(ngx_http_pith_ctx_t *ctx)
{
    ngx_chain_t  *cl, *next;

    if (ctx->out_buf) {
        ctx->out_buf->last = ctx->out_buf->pos;
        append_out(ctx, ctx->out_buf);
        ctx->out_buf = NULL;
    }
    for (cl = ctx->out; cl; cl = next) {
        next = cl->next;
        if (cl->buf->tag == (ngx_buf_tag_t) &ngx_http_pith_filter_module) {
            cl->buf->pos = cl->buf->last = cl->buf->start;
            cl->next = ctx->free;
            ctx->free = cl;
        }
    }
    ctx->out = NULL;
    ctx->last_out = &ctx->out;
}

/* ---- the held original ------------------------------------------------- */

/* Copies [p, p+n) of the original into the hold. */
static ngx_int_t
hold(ngx_http_pith_ctx_t *ctx, u_char *p, size_t n)
{
    ngx_chain_t  *cl;
    ngx_buf_t    *b;
    size_t        k;

    while (n) {
        b = ctx->hold_buf;
        if (b == NULL || b->last == b->end) {
            b = ngx_create_temp_buf(ctx->r->pool, HOLD_BUF);
            if (b == NULL || (cl = ngx_alloc_chain_link(ctx->r->pool)) == NULL) {
                return NGX_ERROR;
            }
            cl->buf = b;
            cl->next = NULL;
            *ctx->last_hold = cl;
            ctx->last_hold = &cl->next;
            ctx->hold_buf = b;
        }
        k = ngx_min(n, (size_t) (b->end - b->last));
        b->last = ngx_cpymem(b->last, p, k);
        p += k;
        n -= k;
        ctx->held += k;
    }
    return NGX_OK;
}

/* Lets go of the held original (its memory back to the pool). */
static void
drop_hold(ngx_http_pith_ctx_t *ctx)
{
    ngx_chain_t  *cl;

    for (cl = ctx->hold; cl; cl = cl->next) {
        ngx_pfree(ctx->r->pool, cl->buf->start);
    }
    ctx->hold = NULL;
    ctx->last_hold = &ctx->hold;
    ctx->hold_buf = NULL;
    ctx->held = 0;
    ctx->holding = 0;
}

/* ---- ending ------------------------------------------------------------- */

static void
free_filter(void *data)
{
    ngx_http_pith_ctx_t  *ctx = data;

    if (ctx->idle.timer_set) {
        ngx_del_timer(&ctx->idle);
    }
    pith_free(ctx->pf);
    ctx->pf = NULL;
}

/* Marks every input buffer of in consumed (what follows pith's end). */
static void
consume(ngx_chain_t *in)
{
    for (/* void */; in; in = in->next) {
        in->buf->pos = in->buf->last;
        if (in->buf->in_file) {
            in->buf->file_pos = in->buf->file_last;
        }
    }
}

/* One line in the error log per request. */
static void
log_once(ngx_http_pith_ctx_t *ctx, ngx_uint_t level, const char *what, int rc)
{
    if (ctx->logged) {
        return;
    }
    ctx->logged = 1;
    ngx_log_error(level, ctx->r->connection->log, 0,
                  "pith: \"%V\": %s (%s; %O body bytes received, %O sent)",
                  &ctx->r->uri, what, pith_strerror(rc), ctx->fed, ctx->sent);
}

/* Records what pith did with the response, for the $pith_* variables. */
static void
note(ngx_http_request_t *r, int outcome, const char *reason)
{
    ngx_http_pith_req_t  *req = ngx_http_pith_req(r, 1);

    if (req) {
        req->noted = 1;
        req->outcome = outcome;
        req->reason = reason;
    }
}

/* S_HOLD -> S_STREAM: the response becomes pith's: the policy's edits,
 * then the header. */
static ngx_int_t
commit(ngx_http_pith_ctx_t *ctx)
{
    ngx_http_request_t  *r = ctx->r;
    ngx_int_t            rc;

    drop_hold(ctx);
    ctx->state = S_STREAM;
    if (ngx_http_pith_apply_edits(r, ctx->conf, &ctx->d) != NGX_OK) {
        return NGX_ERROR;
    }
    rc = ngx_http_next_header_filter(r);
    if (rc == NGX_ERROR || rc > NGX_OK) {
        return NGX_ERROR;
    }
    return NGX_OK;
}

/* Sends what is in out (committing first when in S_HOLD), with a flush
 * buffer when one is due, and recycles the buffers already written. */
static ngx_int_t
send_out(ngx_http_pith_ctx_t *ctx)
{
    ngx_http_request_t  *r = ctx->r;
    ngx_chain_t         *cl;
    ngx_int_t            rc;

    if (close_out_buf(ctx) != NGX_OK) {
        return NGX_ERROR;
    }
    if (ctx->out == NULL && !ctx->flush) {
        return NGX_OK;
    }
    if (ctx->state == S_HOLD) {
        if (!ctx->last && (ctx->out == NULL
                           || !pith_http_may_send(pith_blocks_out(ctx->pf) > 0)))
        {
            ctx->flush = 0;     /* nothing of ours may go yet */
            return NGX_OK;
        }
        if (commit(ctx) != NGX_OK) {
            return NGX_ERROR;
        }
    }
    if (ctx->flush && !ctx->last) {
        /* the flush rides on the last output buffer, or on the context's
           own empty buffer (no allocation per flush) */
        if (ctx->out) {
            for (cl = ctx->out; cl->next; cl = cl->next) {
                /* void */
            }
            cl->buf->flush = 1;
        } else {
            ngx_memzero(&ctx->flush_buf, sizeof(ngx_buf_t));
            ctx->flush_buf.flush = 1;
            if (append_out(ctx, &ctx->flush_buf) != NGX_OK) {
                return NGX_ERROR;
            }
        }
    }
    ctx->flush = 0;
    for (cl = ctx->out; cl; cl = cl->next) {
        ctx->sent += ngx_buf_size(cl->buf);
    }
    rc = ngx_http_next_body_filter(r, ctx->out);
    ngx_chain_update_chains(r->pool, &ctx->free, &ctx->busy, &ctx->out,
                            (ngx_buf_tag_t) &ngx_http_pith_filter_module);
    ctx->last_out = &ctx->out;
    return rc == NGX_ERROR ? NGX_ERROR : NGX_OK;
}

/* The original goes on from here: the header as it came, the held bytes,
 * then the input not fed yet (S_HOLD -> S_PASS). */
static ngx_int_t
fail_open(ngx_http_pith_ctx_t *ctx, const char *reason)
{
    ngx_http_request_t  *r = ctx->r;
    ngx_chain_t         *cl, *out, **ll;
    ngx_int_t            rc;

    note(r, PITH_HTTP_OUT_ORIGINAL, reason);
    drop_out(ctx);
    if (ctx->idle.timer_set) {
        ngx_del_timer(&ctx->idle);
    }
    pith_free(ctx->pf);
    ctx->pf = NULL;
    ctx->state = S_PASS;
    r->buffered &= ~PITH_NGX_BUFFERED;
    rc = ngx_http_next_header_filter(r);
    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        return rc == NGX_ERROR || rc > NGX_OK ? NGX_ERROR : NGX_OK;
    }
    out = ctx->hold;
    ll = ctx->last_hold;
    /* the input not fed yet; a buffer fed to its end passes only its flags
       (an empty buffer with data flags would upset the writer) */
    for (cl = ctx->in; cl; cl = cl->next) {
        ngx_buf_t  *b = cl->buf;

        if (ngx_buf_size(b) > 0) {
            if (ngx_buf_in_memory(b)) {
                ctx->fed += b->last - b->pos;
                if (b->in_file) {
                    /* a file buffer read into memory, partly fed: its
                       file part must not send the fed bytes again */
                    b->file_pos = b->file_last - (b->last - b->pos);
                }
            }
        } else if (!ngx_buf_special(b)) {
            if (!(b->last_buf || b->last_in_chain || b->flush || b->sync)) {
                continue;
            }
            b = ngx_calloc_buf(r->pool);
            if (b == NULL) {
                return NGX_ERROR;
            }
            b->last_buf = cl->buf->last_buf;
            b->last_in_chain = cl->buf->last_in_chain;
            b->flush = cl->buf->flush;
            b->sync = 1;
            cl->buf->pos = cl->buf->last;
        }
        if ((*ll = ngx_alloc_chain_link(r->pool)) == NULL) {
            return NGX_ERROR;
        }
        (*ll)->buf = b;
        ll = &(*ll)->next;
    }
    *ll = NULL;
    ctx->in = NULL;
    ctx->hold = NULL;
    ctx->last_hold = &ctx->hold;
    ctx->hold_buf = NULL;
    ctx->held = 0;
    for (cl = out; cl; cl = cl->next) {
        ctx->sent += ngx_buf_size(cl->buf);
    }
    if (out == NULL) {
        return NGX_OK;
    }
    return ngx_http_next_body_filter(r, out);
}

/* Ends pith's response: the last buffer after the output. */
static ngx_int_t
end_filtered(ngx_http_pith_ctx_t *ctx)
{
    ngx_http_request_t  *r = ctx->r;
    ngx_buf_t           *b;

    if (close_out_buf(ctx) != NGX_OK || (b = ngx_calloc_buf(r->pool)) == NULL
        || append_out(ctx, b) != NGX_OK)
    {
        return NGX_ERROR;
    }
    if (r == r->main) {
        b->last_buf = 1;
    } else {
        b->last_in_chain = 1;
    }
    b->sync = 1;
    ctx->last = 1;
    if (ctx->idle.timer_set) {
        ngx_del_timer(&ctx->idle);
    }
    pith_free(ctx->pf);
    ctx->pf = NULL;
    if (ctx->state == S_HOLD && commit(ctx) != NGX_OK) {
        return NGX_ERROR;
    }
    ctx->state = S_DONE;
    r->buffered &= ~PITH_NGX_BUFFERED;
    return send_out(ctx);
}

/* A pith call returned rc < 0; finished: it was pith_finish().  The
 * policy chooses: the original (nothing sent, original held), an empty
 * body, or the story so far with the document closed. */
static ngx_int_t
failed(ngx_http_pith_ctx_t *ctx, int rc, int finished)
{
    int  sent = ctx->state == S_STREAM;

    switch (pith_http_on_error(&ctx->conf->pol, sent, ctx->state == S_HOLD && ctx->holding)) {
    case PITH_HTTP_SEND_ORIGINAL:
        log_once(ctx, NGX_LOG_WARN, "cannot filter the page; sending the original", rc);
        return fail_open(ctx, pith_http_error_word(rc));
    case PITH_HTTP_SEND_EMPTY:
        log_once(ctx, NGX_LOG_WARN, "cannot filter the page; sending an empty body "
                 "(pith_on_error empty)", rc);
        note(ctx->r, PITH_HTTP_OUT_ERROR, pith_http_error_word(rc));
        drop_out(ctx);
        return end_filtered(ctx);
    default:
        break;
    }
    note(ctx->r, PITH_HTTP_OUT_ERROR, pith_http_error_word(rc));
    if (!finished && !ctx->sink_failed) {
        pith_finish(ctx->pf);   /* closes the document after an input error */
    }
    if (rc == PITH_EDATA || rc == PITH_ELIMIT) {
        log_once(ctx, sent ? NGX_LOG_WARN : NGX_LOG_INFO, sent
                 ? "cannot filter the rest of the page; the story so far ends it"
                 : "cannot filter the page; sending the story so far", rc);
        return end_filtered(ctx);
    }
    log_once(ctx, NGX_LOG_ERR, "filter failed; response cut", rc);
    return NGX_ERROR;
}

/* The last buffer: ends the page.  With no kept block and the original
 * still held, the policy may send the original (pith_empty_story). */
static ngx_int_t
at_end(ngx_http_pith_ctx_t *ctx)
{
    int  rc, kept;

    if (ctx->fed == 0 && ctx->state == S_HOLD) {
        return fail_open(ctx, "empty-body");    /* nothing to filter */
    }
    if ((rc = pith_finish(ctx->pf)) < 0) {
        return failed(ctx, rc, 1);
    }
    kept = ctx->state == S_STREAM || pith_blocks_out(ctx->pf) > 0;
    if (pith_http_at_end(&ctx->conf->pol, kept, ctx->state == S_STREAM,
                         ctx->state == S_HOLD && ctx->holding) == PITH_HTTP_SEND_ORIGINAL)
    {
        return fail_open(ctx, "no-story");
    }
    if (!kept) {
        note(ctx->r, PITH_HTTP_OUT_FILTERED, "no-story");
    }
    return end_filtered(ctx);
}

/* ---- the filters ------------------------------------------------------- */

/* Decides whether the response is filtered; if so holds its header back
 * and sets up the body filter's context. */
static ngx_int_t
ngx_http_pith_header_filter(ngx_http_request_t *r)
{
    ngx_http_pith_conf_t  *conf = ngx_http_get_module_loc_conf(r, ngx_http_pith_filter_module);
    ngx_http_pith_ctx_t   *ctx = ngx_http_get_module_ctx(r, ngx_http_pith_filter_module);
    ngx_pool_cleanup_t    *cln;
    pith_http_decision     d;
    pith_options           opt;
    ngx_int_t              v;
    int                    rc;

    if (ctx) {
        /* a second header for this request (an error page after a failed
           upstream, a page of ours): it passes, and so does its body */
        if (ctx->idle.timer_set) {
            ngx_del_timer(&ctx->idle);
        }
        if (ctx->pf) {
            pith_free(ctx->pf);
            ctx->pf = NULL;
        }
        ctx->state = S_PASS;
        ctx->in = NULL;
        r->buffered &= ~PITH_NGX_BUFFERED;
        return ngx_http_next_header_filter(r);
    }
    if (!conf->enable || r != r->main) {
        return ngx_http_next_header_filter(r);
    }
    ngx_http_pith_restore_ae(r);
    v = ngx_http_pith_decide(r, conf, &d);
    if (v == NGX_ERROR) {
        return NGX_ERROR;
    }
    if (v != PITH_HTTP_FILTER || r->header_only || d.head) {
        /* passed (a bypass gets its Vary), or HEAD: the headers the GET
           would have, and no body */
        note(r, v == PITH_HTTP_FILTER ? PITH_HTTP_OUT_FILTERED : PITH_HTTP_OUT_BYPASSED,
             v == PITH_HTTP_FILTER ? "head" : pith_http_verdict_name((int) v));
        if ((v == PITH_HTTP_FILTER || v == PITH_HTTP_PASS_BYPASS)
            && ngx_http_pith_apply_edits(r, conf, &d) != NGX_OK)
        {
            return NGX_ERROR;
        }
        return ngx_http_next_header_filter(r);
    }

    ctx = ngx_pcalloc(r->pool, sizeof(ngx_http_pith_ctx_t));
    cln = ngx_pool_cleanup_add(r->pool, 0);
    if (ctx == NULL || cln == NULL) {
        return NGX_ERROR;
    }
    ctx->r = r;
    ctx->conf = conf;
    ctx->d = d;
    opt = conf->opt;
    opt.encoding = d.encoding;
    opt.charset = d.charset[0] ? d.charset : NULL;      /* copied by pith_new() */
    if ((opt.format == PITH_FORMAT_HTML && opt.style == PITH_STYLE_READER
         && !(opt.flags & PITH_F_FRAGMENT)) || opt.filterlist)
    {
        /* the reader header links to the original page, through the
           bypass; a filter list takes the site's own rules from its host */
        char  err[256], *url = ngx_http_pith_original_url(r, conf);

        if (url == NULL || pith_option_set(&opt, "url", url, err, sizeof err) != PITH_OK) {
            ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                           "pith: \"%V\": no URL of the original page", &r->uri);
        }
    }
    rc = pith_new(&ctx->pf, &opt, sink, ctx);
    if (rc != PITH_OK) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0, "pith: \"%V\": cannot start a "
                      "filter (%s); sending the page unfiltered", &r->uri, pith_strerror(rc));
        note(r, PITH_HTTP_OUT_ORIGINAL, "new");
        return ngx_http_next_header_filter(r);
    }
    cln->handler = free_filter;
    cln->data = ctx;
    ctx->last_out = &ctx->out;
    ctx->last_hold = &ctx->hold;
    ctx->holding = conf->max_hold > 0;
    ctx->state = S_HOLD;
    ctx->idle.handler = idle_expired;
    ctx->idle.data = ctx;
    ctx->idle.log = r->connection->log;
    ctx->idle.cancelable = 1;
    ngx_http_set_ctx(r, ctx, ngx_http_pith_filter_module);
    note(r, PITH_HTTP_OUT_FILTERED, "filter");

    r->filter_need_in_memory = 1;
    r->allow_ranges = 0;
    return NGX_OK;      /* the header waits for the first output byte */
}

/* Feeds what input it can; returns NGX_OK, NGX_AGAIN (output buffers all
 * busy, input kept), NGX_DONE (the response ended) or NGX_ERROR. */
static ngx_int_t
feed_input(ngx_http_pith_ctx_t *ctx)
{
    ngx_chain_t  *cl;
    ngx_buf_t    *b;
    ngx_int_t     rv;
    size_t        n;
    int           rc;

    while (ctx->in) {
        b = ctx->in->buf;
        if (ngx_buf_in_memory(b) && b->pos < b->last) {
            if (!can_feed(ctx)) {
                return NGX_AGAIN;
            }
            n = ngx_min((size_t) (b->last - b->pos), (size_t) SLICE);
            if (ctx->state == S_HOLD && ctx->holding && hold(ctx, b->pos, n) != NGX_OK) {
                return NGX_ERROR;
            }
            rc = pith_feed(ctx->pf, (char *) b->pos, n);
            b->pos += n;
            ctx->fed += n;
            if (b->pos == b->last && b->in_file) {
                b->file_pos = b->file_last;
            }
            if (rc < 0) {
                rv = failed(ctx, rc, 0);
                return rv == NGX_ERROR ? NGX_ERROR : NGX_DONE;
            }
            if (ctx->state == S_HOLD && ctx->holding && ctx->held > ctx->conf->max_hold
                && ctx->out == NULL && (ctx->out_buf == NULL || ctx->out_buf->last == ctx->out_buf->pos))
            {
                if (ctx->conf->hold_original) {
                    log_once(ctx, NGX_LOG_INFO, "no output within pith_max_hold; sending "
                             "the original", PITH_OK);
                    rv = fail_open(ctx, "max-hold");
                    return rv == NGX_ERROR ? NGX_ERROR : NGX_DONE;
                }
                drop_hold(ctx);     /* filter on without the original */
            }
            if (ctx->out && send_out(ctx) != NGX_OK) {     /* a full buffer: send it */
                return NGX_ERROR;
            }
            continue;
        }
        if (b->in_file && !ngx_buf_in_memory(b)) {
            b->file_pos = b->file_last;     /* not expected: filter_need_in_memory */
        }
        if (b->flush) {
            if (ctx->conf->flush && (rc = pith_flush(ctx->pf)) < 0) {
                rv = failed(ctx, rc, 0);
                return rv == NGX_ERROR ? NGX_ERROR : NGX_DONE;
            }
            ctx->flush = 1;
        }
        if (b->last_buf || b->last_in_chain) {
            rv = at_end(ctx);   /* ctx->in still holds b, for fail_open() */
            ctx->in = NULL;
            return rv == NGX_ERROR ? NGX_ERROR : NGX_DONE;
        }
        cl = ctx->in;
        ctx->in = cl->next;
        ngx_free_chain(ctx->r->pool, cl);
    }
    return NGX_OK;
}

static ngx_int_t
ngx_http_pith_body_filter(ngx_http_request_t *r, ngx_chain_t *in)
{
    ngx_http_pith_ctx_t  *ctx = ngx_http_get_module_ctx(r, ngx_http_pith_filter_module);
    ngx_chain_t          *cl;
    ngx_int_t             rc;
    off_t                 fed;
    int                   prc;

    if (ctx == NULL) {
        return ngx_http_next_body_filter(r, in);
    }
    if (ctx->state == S_DONE) {
        consume(in);            /* after pith's last buffer: nothing goes */
        return ngx_http_next_body_filter(r, NULL);
    }
    if (ctx->state == S_PASS) {
        for (cl = in; cl; cl = cl->next) {
            if (ngx_buf_in_memory(cl->buf)) {
                ctx->fed += ngx_buf_size(cl->buf);
                ctx->sent += ngx_buf_size(cl->buf);
            }
        }
        return ngx_http_next_body_filter(r, in);
    }
    if (in && ngx_chain_add_copy(r->pool, &ctx->in, in) != NGX_OK) {
        return NGX_ERROR;
    }

    /* take back the output buffers written meanwhile; when none is free
       and input waits, push the busy ones on first */
    if (ctx->busy) {
        cl = NULL;
        ngx_chain_update_chains(r->pool, &ctx->free, &ctx->busy, &cl,
                                (ngx_buf_tag_t) &ngx_http_pith_filter_module);
        if (ctx->in && !can_feed(ctx)) {
            if (ngx_http_next_body_filter(r, NULL) == NGX_ERROR) {
                return NGX_ERROR;
            }
            ngx_chain_update_chains(r->pool, &ctx->free, &ctx->busy, &cl,
                                    (ngx_buf_tag_t) &ngx_http_pith_filter_module);
        }
    }

    fed = ctx->fed;
    rc = feed_input(ctx);
    if (rc == NGX_ERROR) {
        ctx->state = S_DONE;
        consume(ctx->in);
        ctx->in = NULL;
        return NGX_ERROR;
    }
    if (rc == NGX_DONE) {
        if (ctx->state == S_DONE) {
            consume(ctx->in);
            ctx->in = NULL;
        }
        return ctx->busy ? NGX_AGAIN : NGX_OK;
    }
    if (rc == NGX_OK && ctx->idle_due) {
        /* the upstream went quiet: decide what pith holds, as for a flush */
        ctx->idle_due = 0;
        if ((prc = pith_flush(ctx->pf)) < 0) {
            rc = failed(ctx, prc, 0);
            if (ctx->state == S_DONE) {
                consume(ctx->in);
                ctx->in = NULL;
            }
            return rc == NGX_ERROR ? NGX_ERROR : NGX_OK;
        }
        ctx->flush = 1;
    }
    if (send_out(ctx) != NGX_OK) {
        ctx->state = S_DONE;
        consume(ctx->in);
        ctx->in = NULL;
        return NGX_ERROR;
    }
    if (ctx->fed != fed && ctx->conf->flush && ctx->conf->flush_idle) {
        ngx_add_timer(&ctx->idle, ctx->conf->flush_idle);
    }
    if (ctx->in) {
        r->buffered |= PITH_NGX_BUFFERED;   /* call again when the client has read */
        return NGX_AGAIN;
    }
    r->buffered &= ~PITH_NGX_BUFFERED;
    return ctx->busy ? NGX_AGAIN : NGX_OK;
}

/* The idle timer: no input for pith_flush_idle while pith may hold
 * undecided blocks (a buffering proxy_pass passes no flush when the
 * upstream stalls).  Runs the output chain so that the body filter
 * flushes pith. */
static void
idle_expired(ngx_event_t *ev)
{
    ngx_http_pith_ctx_t  *ctx = ev->data;
    ngx_connection_t     *c = ctx->r->connection;

    if (ctx->state != S_HOLD && ctx->state != S_STREAM) {
        return;
    }
    ctx->idle_due = 1;
    (void) ngx_http_output_filter(ctx->r, NULL);   /* a failed write marks c->error */
    ngx_http_run_posted_requests(c);
}

/* Before the content handler: the policy's plan for the request upstream. */
static ngx_int_t
ngx_http_pith_request_handler(ngx_http_request_t *r)
{
    ngx_http_pith_conf_t  *conf = ngx_http_get_module_loc_conf(r, ngx_http_pith_filter_module);

    if (conf->enable && r == r->main
        && ngx_http_pith_edit_request(r, conf) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
    return NGX_DECLINED;
}

static int
null_sink(void *opaque, const char *buf, size_t len)
{
    (void) opaque, (void) buf, (void) len;
    return 0;
}

/* libxml2's first initialisation, once per worker before any request
 * (pith.h has no init call: one tiny page is filtered). */
static ngx_int_t
ngx_http_pith_init_process(ngx_cycle_t *cycle)
{
    static const char  page[] = "<html><body><p>pith</p></body></html>";
    pith_filter       *pf;

    if (pith_new(&pf, NULL, null_sink, NULL) != PITH_OK) {
        ngx_log_error(NGX_LOG_ERR, cycle->log, 0, "pith: cannot create a filter");
        return NGX_OK;
    }
    pith_feed(pf, page, sizeof page - 1);
    pith_finish(pf);
    pith_free(pf);
    return NGX_OK;
}

/* $pith_outcome, $pith_reason, $pith_bytes_in, $pith_bytes_out: what pith
 * did with the response, for log_format (empty where pith was not on). */
static ngx_int_t
ngx_http_pith_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_pith_req_t  *req = ngx_http_pith_req(r, 0);
    ngx_http_pith_ctx_t  *ctx = ngx_http_get_module_ctx(r, ngx_http_pith_filter_module);
    const char           *s = NULL;
    u_char               *p;

    if (req == NULL || !req->noted) {
        v->not_found = 1;
        return NGX_OK;
    }
    switch (data) {
    case 0:
        s = pith_http_outcome_name(req->outcome);
        break;
    case 1:
        s = req->reason;
        break;
    default:
        if (ctx == NULL) {
            s = "-";
            break;
        }
        if ((p = ngx_pnalloc(r->pool, NGX_OFF_T_LEN)) == NULL) {
            return NGX_ERROR;
        }
        v->len = ngx_sprintf(p, "%O", data == 2 ? ctx->fed : ctx->sent) - p;
        v->data = p;
        v->valid = 1;
        v->no_cacheable = 0;
        v->not_found = 0;
        return NGX_OK;
    }
    v->data = (u_char *) s;
    v->len = ngx_strlen(s);
    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;
    return NGX_OK;
}

static ngx_int_t
ngx_http_pith_add_variables(ngx_conf_t *cf)
{
    static ngx_str_t      names[] = {
        ngx_string("pith_outcome"), ngx_string("pith_reason"),
        ngx_string("pith_bytes_in"), ngx_string("pith_bytes_out")
    };
    ngx_http_variable_t  *var;
    ngx_uint_t            i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        var = ngx_http_add_variable(cf, &names[i], NGX_HTTP_VAR_NOCACHEABLE);
        if (var == NULL) {
            return NGX_ERROR;
        }
        var->get_handler = ngx_http_pith_variable;
        var->data = i;
    }
    return NGX_OK;
}

static ngx_int_t
ngx_http_pith_init(ngx_conf_t *cf)
{
    ngx_http_core_main_conf_t  *cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);
    ngx_http_handler_pt        *h;

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_PRECONTENT_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }
    *h = ngx_http_pith_request_handler;

    ngx_http_next_header_filter = ngx_http_top_header_filter;
    ngx_http_top_header_filter = ngx_http_pith_header_filter;
    ngx_http_next_body_filter = ngx_http_top_body_filter;
    ngx_http_top_body_filter = ngx_http_pith_body_filter;
    return NGX_OK;
}

static ngx_http_module_t  ngx_http_pith_filter_module_ctx = {
    ngx_http_pith_add_variables,    /* preconfiguration */
    ngx_http_pith_init,             /* postconfiguration */
    ngx_http_pith_create_main_conf, /* create main configuration */
    NULL,                           /* init main configuration */
    NULL,                           /* create server configuration */
    NULL,                           /* merge server configuration */
    ngx_http_pith_create_conf,      /* create location configuration */
    ngx_http_pith_merge_conf        /* merge location configuration */
};

ngx_module_t  ngx_http_pith_filter_module = {
    NGX_MODULE_V1,
    &ngx_http_pith_filter_module_ctx,   /* module context */
    ngx_http_pith_commands,             /* module directives */
    NGX_HTTP_MODULE,                    /* module type */
    NULL,                               /* init master */
    NULL,                               /* init module */
    ngx_http_pith_init_process,         /* init process */
    NULL,                               /* init thread */
    NULL,                               /* exit thread */
    NULL,                               /* exit process */
    NULL,                               /* exit master */
    NGX_MODULE_V1_PADDING
};
