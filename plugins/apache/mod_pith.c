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
 */
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"
#include "apr_lib.h"
#include "apr_strings.h"

#include <errno.h>

#include "pith.h"

#define FILTER_NAME "PITH"
#define UNSET (-1)
#define DEFAULT_MAX_HOLD (1024 * 1024)
#define DEFAULT_BYPASS_HEADER "X-Pith-Bypass"
#define DEFAULT_BYPASS_QUERY "pith-bypass"
#define PASS_AT 8000            /* output bytes gathered before they are passed on */
#define NOTE_ACTIVE "pith-active"
#define NOTE_BYPASS "pith-bypass"
#define NOTE_AE "pith-accept-encoding"
#define NOTE_INM "pith-if-none-match"

/* The module record is the only symbol httpd looks up; keep it visible
 * even when built with -fvisibility=hidden. */
#if defined(__GNUC__) && __GNUC__ >= 4
extern module AP_MODULE_DECLARE_DATA pith_module __attribute__((visibility("default")));
#else
extern module AP_MODULE_DECLARE_DATA pith_module;
#endif
APLOG_USE_MODULE(pith);

static ap_filter_rec_t *pith_frec;

static void mark_etag(request_rec *r);

/* Per-directory configuration.  Every member starts UNSET (or NULL) and
 * takes the parent's value when merged, so <Location>, <Proxy>,
 * <VirtualHost> and the main server nest the usual way. */
typedef struct pith_conf {
    int enable;                 /* On: insert the filter; Off: never filter */
    int format;                 /* enum pith_format */
    long long keep;             /* enum pith_label bits */
    int fragment;               /* PITH_F_FRAGMENT */
    long long lookahead;
    long long max_lookahead;
    long long max_block;
    long long max_depth;
    long long max_tag;
    long long max_pending;
    long long max_input;
    long long max_hold;         /* original bytes kept for fail-open */
    int hold_original;          /* past max_hold: send the original (1) or filter on (0) */
    int flush;                  /* FLUSH from upstream calls pith_flush() */
    int accept_encoding;        /* narrow Accept-Encoding to what pith decodes */
    const char *bypass_header;  /* "" = no bypass header */
    const char *bypass_query;   /* "" = no bypass query parameter */
} pith_conf;

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

/* ---- configuration ---------------------------------------------------- */

static void *create_conf(apr_pool_t *p, char *dir)
{
    pith_conf *c = apr_pcalloc(p, sizeof *c);

    (void)dir;
    c->enable = c->format = c->fragment = c->flush = c->accept_encoding = UNSET;
    c->keep = c->lookahead = c->max_lookahead = c->max_block = c->max_depth = UNSET;
    c->max_tag = c->max_pending = c->max_input = c->max_hold = UNSET;
    c->hold_original = UNSET;
    return c;
}

#define MERGE(field) (add->field != UNSET ? add->field : base->field)
#define MERGE_STR(field) (add->field != NULL ? add->field : base->field)

static void *merge_conf(apr_pool_t *p, void *basev, void *addv)
{
    const pith_conf *base = basev, *add = addv;
    pith_conf *c = apr_pcalloc(p, sizeof *c);

    c->enable = MERGE(enable);
    c->format = MERGE(format);
    c->keep = MERGE(keep);
    c->fragment = MERGE(fragment);
    c->lookahead = MERGE(lookahead);
    c->max_lookahead = MERGE(max_lookahead);
    c->max_block = MERGE(max_block);
    c->max_depth = MERGE(max_depth);
    c->max_tag = MERGE(max_tag);
    c->max_pending = MERGE(max_pending);
    c->max_input = MERGE(max_input);
    c->max_hold = MERGE(max_hold);
    c->hold_original = MERGE(hold_original);
    c->flush = MERGE(flush);
    c->accept_encoding = MERGE(accept_encoding);
    c->bypass_header = MERGE_STR(bypass_header);
    c->bypass_query = MERGE_STR(bypass_query);
    return c;
}

/* Parses a count or a size: digits with an optional k, m or g (powers of
 * 1024).  Returns 0 and sets *v, or -1 for anything else. */
static int parse_size(const char *arg, int suffix_ok, long long *v)
{
    char *end;
    apr_int64_t n, mul = 1;

    if (!apr_isdigit(*arg))
        return -1;
    errno = 0;
    n = apr_strtoi64(arg, &end, 10);
    if (n < 0 || errno == ERANGE)
        return -1;
    if (*end != '\0' && suffix_ok) {
        switch (apr_tolower(*end)) {
        case 'k': mul = 1024; break;
        case 'm': mul = 1024 * 1024; break;
        case 'g': mul = 1024 * 1024 * 1024; break;
        default: return -1;
        }
        end++;
        if (apr_tolower(*end) == 'b')
            end++;
    }
    if (*end != '\0' || n > APR_INT64_MAX / mul)
        return -1;
    *v = n * mul;
    return 0;
}

/* Sets the long long member at offset cmd->info from a size argument. */
static const char *set_size(cmd_parms *cmd, void *dcfg, const char *arg)
{
    long long v;

    if (parse_size(arg, 1, &v) != 0)
        return apr_pstrcat(cmd->pool, cmd->cmd->name,
                           " takes a size in bytes, with an optional k, m or g", NULL);
    *(long long *)((char *)dcfg + (apr_size_t)cmd->info) = v;
    return NULL;
}

/* Sets the long long member at offset cmd->info from a plain count. */
static const char *set_count(cmd_parms *cmd, void *dcfg, const char *arg)
{
    long long v;

    if (parse_size(arg, 0, &v) != 0 || v > 0xffffffffLL)
        return apr_pstrcat(cmd->pool, cmd->cmd->name, " takes a whole number", NULL);
    *(long long *)((char *)dcfg + (apr_size_t)cmd->info) = v;
    return NULL;
}

static const char *set_keep(cmd_parms *cmd, void *dcfg, const char *arg)
{
    pith_conf *c = dcfg;
    unsigned bits = pith_labels_parse(arg);

    if (bits == 0)
        return apr_pstrcat(cmd->pool, "PithKeep: unknown label in '", arg,
                           "' (story, navigation, advertising, recommendation, all)", NULL);
    c->keep = bits;
    return NULL;
}

static const char *set_format(cmd_parms *cmd, void *dcfg, const char *arg)
{
    pith_conf *c = dcfg;

    (void)cmd;
    if (!strcasecmp(arg, "html"))
        c->format = PITH_FORMAT_HTML;
    else if (!strcasecmp(arg, "text"))
        c->format = PITH_FORMAT_TEXT;
    else if (!strcasecmp(arg, "jsonl"))
        c->format = PITH_FORMAT_JSONL;
    else if (!strcasecmp(arg, "annotate"))
        c->format = PITH_FORMAT_ANNOTATE;
    else
        return "PithFormat takes html, text, jsonl or annotate";
    return NULL;
}

/* PithBypassHeader / PithBypassQuery: a name, or "none". */
static const char *set_bypass(cmd_parms *cmd, void *dcfg, const char *arg)
{
    const char **slot = (const char **)((char *)dcfg + (apr_size_t)cmd->info);

    *slot = strcasecmp(arg, "none") ? arg : "";
    return NULL;
}

/* PithMaxHold SIZE [filter|original] */
static const char *set_hold(cmd_parms *cmd, void *dcfg, const char *size, const char *then)
{
    pith_conf *c = dcfg;
    long long v;

    if (parse_size(size, 1, &v) != 0)
        return "PithMaxHold takes a size in bytes, with an optional k, m or g";
    c->max_hold = v;
    if (then == NULL || !strcasecmp(then, "filter"))
        c->hold_original = 0;
    else if (!strcasecmp(then, "original"))
        c->hold_original = 1;
    else
        return apr_pstrcat(cmd->pool, "PithMaxHold: '", then,
                           "' is neither filter nor original", NULL);
    return NULL;
}

#define OFF(member) ((void *)APR_OFFSETOF(pith_conf, member))
#define WHERE (RSRC_CONF | ACCESS_CONF)

static const command_rec pith_cmds[] = {
    AP_INIT_FLAG("Pith", ap_set_flag_slot, OFF(enable), WHERE,
                 "On inserts the PITH filter here; Off keeps it from filtering"),
    AP_INIT_TAKE1("PithKeep", set_keep, NULL, WHERE,
                  "labels written, comma-separated: story, navigation, advertising, "
                  "recommendation or all (default story)"),
    AP_INIT_TAKE1("PithFormat", set_format, NULL, WHERE,
                  "output: html (default), text, jsonl or annotate"),
    AP_INIT_FLAG("PithFragment", ap_set_flag_slot, OFF(fragment), WHERE,
                 "html format: only the body's content (default Off)"),
    AP_INIT_TAKE1("PithLookahead", set_count, OFF(lookahead), WHERE,
                  "blocks seen after a block before it is decided (pith default 16)"),
    AP_INIT_TAKE1("PithMaxLookahead", set_size, OFF(max_lookahead), WHERE,
                  "bytes the undecided blocks may hold (pith default 256k)"),
    AP_INIT_TAKE1("PithMaxBlock", set_size, OFF(max_block), WHERE,
                  "text of one block (pith default 64k)"),
    AP_INIT_TAKE1("PithMaxDepth", set_count, OFF(max_depth), WHERE,
                  "element nesting tracked (pith default 256)"),
    AP_INIT_TAKE1("PithMaxTag", set_size, OFF(max_tag), WHERE,
                  "bytes of one tag (pith default 64k)"),
    AP_INIT_TAKE1("PithMaxPending", set_size, OFF(max_pending), WHERE,
                  "bytes the HTML parser may hold without an event (pith default 1m)"),
    AP_INIT_TAKE1("PithMaxInput", set_size, OFF(max_input), WHERE,
                  "decoded bytes of a page, 0 for no limit (default 0)"),
    AP_INIT_TAKE12("PithMaxHold", set_hold, NULL, WHERE,
                   "original bytes kept for fail-open before the first output (default 1m), "
                   "then 'filter' (default: go on without the original) or 'original' "
                   "(send the page unfiltered)"),
    AP_INIT_FLAG("PithFlush", ap_set_flag_slot, OFF(flush), WHERE,
                 "On: a FLUSH from upstream decides the pending blocks at once (default On)"),
    AP_INIT_FLAG("PithAcceptEncoding", ap_set_flag_slot, OFF(accept_encoding), WHERE,
                 "On: ask upstream only for encodings pith decodes (default On)"),
    AP_INIT_TAKE1("PithBypassHeader", set_bypass, OFF(bypass_header), WHERE,
                  "request header that turns the filter off, or none "
                  "(default " DEFAULT_BYPASS_HEADER ")"),
    AP_INIT_TAKE1("PithBypassQuery", set_bypass, OFF(bypass_query), WHERE,
                  "query parameter that turns the filter off, or none "
                  "(default " DEFAULT_BYPASS_QUERY ")"),
    {NULL}
};

/* ---- request inspection ----------------------------------------------- */

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
static int bypassed(request_rec *r, const pith_conf *c)
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

/* Maps a Content-Encoding to pith's decoder; -1 for one it cannot read. */
static int input_encoding(request_rec *r)
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

static int is_html(request_rec *r)
{
    const char *type;

    if (r->content_type == NULL)
        return 0;
    type = ap_field_noparam(r->pool, r->content_type);
    return !strcasecmp(type, "text/html") || !strcasecmp(type, "application/xhtml+xml");
}

/* Drops from Accept-Encoding every coding pith cannot decode (br, zstd,
 * "*"...), so an origin answers with gzip, deflate or identity.  The
 * original value is kept in r->notes and put back by restore_ae() when the
 * response comes through, so the filters after PITH (DEFLATE, BROTLI) still
 * see what the client accepts. */
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

static void restore_ae(request_rec *r)
{
    const char *ae = apr_table_get(r->notes, NOTE_AE);

    if (ae) {
        apr_table_setn(r->headers_in, "Accept-Encoding", ae);
        apr_table_unset(r->notes, NOTE_AE);
    }
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

static void set_opt(long long v, size_t *field)
{
    if (v != UNSET)
        *field = (size_t)v;
}

static void set_opt_u(long long v, unsigned *field)
{
    if (v != UNSET)
        *field = (unsigned)v;
}

/* The pith_options of a request: pith's defaults, the directives, and the
 * charset of the Content-Type. */
static void make_options(request_rec *r, const pith_conf *c, int enc, pith_options *opt)
{
    pith_options_init(opt);
    if (c->format != UNSET)
        opt->format = c->format;
    if (c->keep != UNSET)
        opt->keep = (unsigned)c->keep;
    opt->encoding = enc;
    opt->charset = charset_of(r->pool, r->content_type);
    set_opt_u(c->lookahead, &opt->lookahead);
    set_opt(c->max_lookahead, &opt->max_lookahead);
    set_opt(c->max_block, &opt->max_block);
    set_opt_u(c->max_depth, &opt->max_depth);
    set_opt(c->max_tag, &opt->max_tag);
    set_opt(c->max_pending, &opt->max_pending);
    if (c->max_input != UNSET)
        opt->max_input = (unsigned long long)c->max_input;
    if (c->fragment == 1)
        opt->flags |= PITH_F_FRAGMENT;
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
    if (r->status == HTTP_NOT_MODIFIED && apr_table_get(r->notes, NOTE_INM))
        mark_etag(r);   /* the client keeps its filtered copy: same validator */
    if (r->header_only || r->status != HTTP_OK || !is_html(r))
        return NULL;
    if (apr_table_get(r->notes, NOTE_ACTIVE))
        return NULL;    /* a second PITH in the chain (Pith On plus a filter directive) */
    if ((enc = input_encoding(r)) < 0 || apr_table_get(r->headers_in, "Range"))
        return NULL;
    if (*bypass_header(c))
        apr_table_mergen(r->headers_out, "Vary", bypass_header(c));
    if (bypassed(r, c))
        return NULL;

    ctx = apr_pcalloc(r->pool, sizeof *ctx);
    ctx->r = r;
    make_options(r, c, enc, &opt);
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

/* A different body needs a different validator: the ETag becomes weak and
 * marked, "abc" -> W/"abc-pith", so it never matches the original's.  An
 * ETag that is not a quoted string is dropped. */
static void mark_etag(request_rec *r)
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

/* The other half of mark_etag(), for revalidation: a client that holds a
 * filtered copy sends If-None-Match: W/"abc-pith"; upstream must see "abc"
 * to answer 304.  Rewrites every marked entity-tag and notes it, so that
 * start() marks the ETag of the 304 again. */
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
    mark_etag(r);
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
        restore_ae(f->r);
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
 * changed here: narrows Accept-Encoding and unmarks the filtered ETags of
 * If-None-Match.  A bypassed request is left as it came. */
static int pith_filter_init(ap_filter_t *f)
{
    request_rec *r = f->r;
    const pith_conf *c = ap_get_module_config(r->per_dir_config, &pith_module);

    if (c->enable == 0 || r->main)
        return OK;
    if (bypassed(r, c)) {
        apr_table_setn(r->notes, NOTE_BYPASS, "1");
        return OK;
    }
    if (c->accept_encoding != 0)
        narrow_ae(r);
    unmark_inm(r);
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
 * parse (STYLE.md section 5).  pith.h has no init call, so one tiny page is
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
    create_conf,            /* per-directory config */
    merge_conf,
    NULL,                   /* per-server config */
    NULL,
    pith_cmds,
    pith_register_hooks
#ifdef AP_MODULE_FLAG_NONE
    , AP_MODULE_FLAG_NONE
#endif
};
