/* srv_pith.c -- the c-icap service "pith" (RESPMOD and REQMOD): Squid,
 * and any ICAP client, send each response through pith and get the story
 * back, as it streams; and each request, before it goes upstream, for the
 * policy's edits.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * A thin adapter.  Every HTTP decision (filter or pass, header edits, when
 * the original may still be sent, a page with no story) comes from the
 * shared policy (plugins/common/pith_http.h); every option value is read
 * by the library's pith_option_set() and checked by pith_options_check().
 * What is left here is c-icap's side:
 *
 *   REQMOD    the request's headers are read and the policy's plan
 *             applied (rules 11-13: Accept-Encoding narrowed, marked
 *             ETags unmarked, Range dropped); 204 when nothing changes.
 *   preview   the request and response headers are read and the policy
 *             decides: a response it passes gets 204 (no body byte
 *             touched; without a preview and without "Allow: 204" the body
 *             is echoed as it came, with Vary added for a bypass).  A
 *             filtered one gets a pith filter, and the preview bytes are
 *             fed to it here (c-icap does not hand them to io again).
 *   io        input is fed to pith and, while nothing was sent, kept: the
 *             data stay locked (nothing leaves) until pith has written a
 *             kept block; then the header edits are applied and
 *             ci_req_unlock_data() lets c-icap send.  From then on the
 *             output is written as it is decided.  Backpressure: input is
 *             refused (*rlen = 0) while more than OUT_HIGH bytes wait to
 *             be sent, so a request holds pith's look-ahead window plus one
 *             io buffer, whatever the page size or the client's speed.
 *   fail-open a pith error (or a page with no story) before the first byte
 *             left sends the kept original unchanged, with its own
 *             headers.  The original is kept up to pith.MaxHold bytes
 *             (32k): Squid sends no more than 64 KiB of a body before the
 *             ICAP response starts, so past it the response starts as
 *             pith's, without the original (or as the original,
 *             "pith.MaxHold SIZE original").  After output began the page
 *             ends with the story so far and one line is logged.
 *
 * Threads: c-icap serves requests in threads.  The configuration is read
 * once, before the first request, and only read after; each request has
 * its own pith filter and buffers.  libxml2 is initialised in the service
 * init, never cleaned up.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <poll.h>

#include <libxml/parser.h>

#include "c-icap.h"
#include "service.h"
#include "header.h"
#include "simple_api.h"
#include "debug.h"
#include "cfg_param.h"

#include "config.h"
#include "pith.h"
#include "pith_http.h"

#define OUT_HIGH (64 * 1024)            /* output waiting: stop taking input */
#define DEFAULT_MAX_HOLD (32 * 1024)    /* original kept for fail-open (Squid: < 64k) */
#define SQUID_BACKUP (64 * 1024)        /* what Squid sends before the response starts */
#define PREVIEW 1024
#define DEFAULT_FLUSH_AFTER 500         /* ms of silence from upstream: pith_flush() */

/* ---- configuration (written while c-icap reads its config, then read-only) */

static pith_options g_opt;
static pith_http_policy g_pol;
static unsigned long long g_max_hold = DEFAULT_MAX_HOLD;
static int g_hold_original;             /* past MaxHold: 1 send the original */
static int g_bad_config;                /* an option was refused */
static int g_flush_after = DEFAULT_FLUSH_AFTER;
static char *g_filter_list_spec;        /* pith.FilterList's words, as given */
static pith_filterlist *g_filterlist;   /* compiled at post-init, shared read-only */

/* A refused configuration: to the server log and, since c-icap may not have
 * opened its log yet while it reads the config, to standard error. */
static void cfg_error(const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "pith: %s\n", msg);
    ci_debug_printf(1, "pith: %s\n", msg);
    g_bad_config = 1;
}

/* pith.Keep, pith.Format, pith.Lookahead, ...: the library's options by
 * their own names (pith_option_set() ignores case, '-' and '_'). */
static int set_lib(const char *name, const char **argv, void *data)
{
    char err[256];
    const char *v = argv && argv[0] ? argv[0] : NULL;

    (void)data;
    if (v == NULL && strcasecmp(name, "Fragment") != 0) {
        cfg_error("%s takes a value", name);
        return 0;
    }
    if (pith_option_set(&g_opt, name, v, err, sizeof err) != PITH_OK) {
        cfg_error("%s", err);
        return 0;
    }
    return 1;
}

/* pith.MaxHold SIZE [filter|original]: the size read by the library's size
 * parser (same k/m/g suffixes and overflow rules). */
static int set_hold(const char *name, const char **argv, void *data)
{
    pith_options scratch;
    char err[256];

    (void)data;
    pith_options_init(&scratch);
    if (argv == NULL || argv[0] == NULL
        || pith_option_set(&scratch, "max-input", argv[0], err, sizeof err) != PITH_OK) {
        cfg_error("%s takes a size in bytes with an optional k, m or g", name);
        return 0;
    }
    g_max_hold = scratch.max_input;
    if (argv[1] == NULL || !strcasecmp(argv[1], "filter")) {
        g_hold_original = 0;
    } else if (!strcasecmp(argv[1], "original")) {
        g_hold_original = 1;
    } else {
        cfg_error("%s: '%s' is neither filter nor original", name, argv[1]);
        return 0;
    }
    return 1;
}

/* pith.FlushAfter MS: upstream silent that long -> pith_flush(); 0 or off
 * never (ICAP has no flush signal: this is mod_pith's PithFlush). */
static int set_flush_after(const char *name, const char **argv, void *data)
{
    char *end;
    long v;

    (void)data;
    if (argv && argv[0] && (!strcasecmp(argv[0], "off") || !strcasecmp(argv[0], "0"))) {
        g_flush_after = 0;
        return 1;
    }
    v = argv && argv[0] ? strtol(argv[0], &end, 10) : -1;
    if (v < 1 || v > 60000 || *end != '\0') {
        cfg_error("%s takes milliseconds, 1-60000, or off", name);
        return 0;
    }
    g_flush_after = (int)v;
    return 1;
}

static int set_on_error(const char *name, const char **argv, void *data)
{
    int v = pith_http_on_error_parse(argv ? argv[0] : NULL);

    (void)data;
    if (v < 0) {
        cfg_error("%s takes original, story or empty", name);
        return 0;
    }
    g_pol.on_error = v;
    return 1;
}

static int set_empty_story(const char *name, const char **argv, void *data)
{
    int v = pith_http_empty_story_parse(argv ? argv[0] : NULL);

    (void)data;
    if (v < 0) {
        cfg_error("%s takes original or empty", name);
        return 0;
    }
    g_pol.empty_story = v;
    return 1;
}

/* pith.AcceptEncoding on|off: whether REQMOD asks upstream only for the
 * codings pith decodes (rule 11). */
static int set_accept_encoding(const char *name, const char **argv, void *data)
{
    (void)data;
    if (argv == NULL || argv[0] == NULL
        || (strcasecmp(argv[0], "on") != 0 && strcasecmp(argv[0], "off") != 0)) {
        cfg_error("%s takes on or off", name);
        return 0;
    }
    g_pol.narrow_accept_encoding = strcasecmp(argv[0], "on") == 0;
    return 1;
}

/* pith.BypassHeader / pith.BypassQuery: a name, or "none".  The string is
 * kept for the life of the process. */
static int set_bypass(const char *name, const char **argv, void *data)
{
    char *v;

    (void)data;
    if (argv == NULL || argv[0] == NULL || argv[0][0] == '\0') {
        cfg_error("%s takes a name or none", name);
        return 0;
    }
    v = strcasecmp(argv[0], "none") ? strdup(argv[0]) : strdup("");
    if (v == NULL)
        return 0;
    if (!strcasecmp(name, "BypassHeader"))
        g_pol.bypass_header = v;
    else
        g_pol.bypass_query = v;
    return 1;
}

static int load_filter_list(void);

/* pith.FilterList none | default | FILE...: the words of each line add up
 * ("none" drops what came before it).  Compiled here, while c-icap reads
 * its configuration (before children and threads start), so that a list
 * that cannot be read stops c-icap with a message; every request reads the
 * one compiled list (pith_options.filterlist). */
static int set_filter_list(const char *name, const char **argv, void *data)
{
    size_t i;

    (void)data;
    if (argv == NULL || argv[0] == NULL) {
        cfg_error("%s takes none, default or files", name);
        return 0;
    }
    for (i = 0; argv[i]; i++) {
        const char *cur = g_filter_list_spec ? g_filter_list_spec : "";
        size_t n = strlen(cur) + strlen(argv[i]) + 2;
        char *v;

        if (!strcasecmp(argv[i], "none")) {
            free(g_filter_list_spec);
            g_filter_list_spec = NULL;
            continue;
        }
        if ((v = malloc(n)) == NULL)
            return 0;
        snprintf(v, n, "%s%s%s", cur, *cur ? " " : "", argv[i]);
        free(g_filter_list_spec);
        g_filter_list_spec = v;
    }
    pith_filterlist_free(g_filterlist);
    g_filterlist = NULL;
    return load_filter_list() == 0;
}

/* Compiles g_filter_list_spec into g_filterlist (nothing for none, or for
 * default without an installed EasyList); 0, or -1 after a message. */
static int load_filter_list(void)
{
    const char *paths[64];
    char *copy, *word, *save = NULL;
    size_t n = 0;
    int rc, e;

    if (g_filter_list_spec == NULL || g_filterlist != NULL)
        return 0;
    if ((copy = strdup(g_filter_list_spec)) == NULL)
        return -1;
    for (word = strtok_r(copy, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
        const char *path = word;
        if (!strcasecmp(word, "default") && (path = pith_filterlist_default_path()) == NULL)
            continue;               /* no EasyList installed: nothing to add */
        if (n == sizeof paths / sizeof paths[0]) {
            cfg_error("FilterList: more than 64 lists");
            free(copy);
            return -1;
        }
        paths[n++] = path;
    }
    rc = n ? pith_filterlist_load(&g_filterlist, paths, n) : PITH_OK;
    e = errno;                      /* why a list cannot be read, kept past free() */
    free(copy);
    if (rc != PITH_OK) {
        if (rc == PITH_EDATA)
            cfg_error("FilterList %s: a list cannot be read: %s", g_filter_list_spec,
                      e ? strerror(e) : "read error");
        else
            cfg_error("FilterList %s: %s", g_filter_list_spec, pith_strerror(rc));
        return -1;
    }
    return 0;
}

static struct ci_conf_entry conf_table[] = {
    {"Keep", NULL, set_lib, "labels kept: story,navigation,advertising,recommendation or all"},
    {"Format", NULL, set_lib, "output format: html, text, jsonl or annotate"},
    {"Fragment", NULL, set_lib, "html: the body's content only (on/off)"},
    {"Style", NULL, set_lib, "html: reader (a reading view, a link to the original) or none"},
    {"FilterList", NULL, set_filter_list, "ad-blocking lists: none, default (EasyList) or files"},
    {"Lookahead", NULL, set_lib, "blocks read after a block before it is decided, 0-100000"},
    {"MaxLookahead", NULL, set_lib, "bytes the undecided blocks may hold, 256-1g, >= MaxBlock"},
    {"MaxBlock", NULL, set_lib, "bytes of one block's text, 256-1g"},
    {"MaxDepth", NULL, set_lib, "element nesting tracked, 8-100000"},
    {"MaxTag", NULL, set_lib, "bytes of one tag, 256-1g"},
    {"MaxPending", NULL, set_lib, "bytes the parser may hold without an event, 4k-1g"},
    {"MaxInput", NULL, set_lib, "decoded input bytes of one page, 0 = no limit"},
    {"MaxHold", NULL, set_hold, "original bytes kept for fail-open [filter|original]"},
    {"FlushAfter", NULL, set_flush_after, "ms of silence from upstream before pith_flush(), or off"},
    {"OnError", NULL, set_on_error, "on a failure before output: original, story or empty"},
    {"EmptyStory", NULL, set_empty_story, "a page with no story: original or empty"},
    {"BypassHeader", NULL, set_bypass, "request header asking for the original, or none"},
    {"BypassQuery", NULL, set_bypass, "query parameter asking for the original, or none"},
    {"AcceptEncoding", NULL, set_accept_encoding,
     "REQMOD: ask upstream only for codings pith decodes (on/off)"},
    {NULL, NULL, NULL, NULL}
};

/* ---- a byte queue ------------------------------------------------------- */

typedef struct bytes {
    char *p;
    size_t off, len, cap;   /* unread bytes are p[off, len) */
} bytes;

static size_t bytes_avail(const bytes *b)
{
    return b->len - b->off;
}

static int bytes_add(bytes *b, const char *data, size_t n)
{
    if (n == 0)
        return 0;
    if (b->off && b->off == b->len)
        b->off = b->len = 0;
    if (b->len + n > b->cap && b->off) {
        memmove(b->p, b->p + b->off, b->len - b->off);
        b->len -= b->off;
        b->off = 0;
    }
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 16384;
        char *p;
        while (cap < b->len + n)
            cap *= 2;
        if ((p = realloc(b->p, cap)) == NULL)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
    return 0;
}

static size_t bytes_take(bytes *b, char *to, size_t max)
{
    size_t n = bytes_avail(b);

    if (n > max)
        n = max;
    memcpy(to, b->p + b->off, n);
    b->off += n;
    if (b->off == b->len)
        b->off = b->len = 0;
    return n;
}

static void bytes_free(bytes *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ---- a request ---------------------------------------------------------- */

enum state {
    S_HOLD,     /* filtering; nothing sent; data locked; original kept while holding */
    S_STREAM,   /* pith's output is sent; headers are ours */
    S_PASS,     /* the body goes out as it came (fail-open, or an echo) */
    S_DONE      /* the output is complete in out; further input is dropped */
};

typedef struct pith_req {
    ci_request_t *req;
    pith_filter *pf;
    pith_http_decision d;
    int state;
    int holding;                /* hold has the whole original so far */
    int ended;                  /* the end of data was handled: out is all there is */
    int logged;
    bytes out;                  /* to send */
    bytes hold;                 /* the original, in S_HOLD while holding */
    unsigned long long fed;     /* body bytes received */
    char uri[256];              /* for the log */
} pith_req;

static void log_once(pith_req *r, const char *what, int rc)
{
    if (r->logged)
        return;
    r->logged = 1;
    ci_debug_printf(1, "pith: %s: %s (%s; %llu body bytes received)\n", r->uri, what,
                    pith_strerror(rc), r->fed);
}

/* pith's sink: output waits in out until c-icap asks for it. */
static int sink(void *opaque, const char *buf, size_t len)
{
    pith_req *r = opaque;
    return bytes_add(&r->out, buf, len);
}

/* Whether a comma-separated header value names token (case-insensitive). */
static int list_has(const char *list, const char *token)
{
    size_t n = strlen(token);

    while (list && *list) {
        size_t len;
        list += strspn(list, " \t,");
        len = strcspn(list, ",");
        while (len && (list[len - 1] == ' ' || list[len - 1] == '\t'))
            len--;
        if ((len == n && !strncasecmp(list, token, n)) || (len == 1 && *list == '*'))
            return 1;
        list += strcspn(list, ",");
    }
    return 0;
}

/* Applies the policy's header edits for r->d to the HTTP response. */
static void apply_edits(pith_req *r)
{
    ci_request_t *req = r->req;
    pith_http_edits ed;
    const char *v;
    char etag[PITH_HTTP_ETAG_MAX], line[1024];
    unsigned i;

    v = ci_http_response_get_header(req, "ETag");
    snprintf(etag, sizeof etag, "%s", v ? v : "");
    pith_http_response_edits(&g_pol, &r->d, v ? etag : NULL, &ed);
    for (i = 0; i < ed.n; i++) {
        const pith_http_edit *e = &ed.e[i];
        switch (e->op) {
        case PITH_HTTP_UNSET:
            while (ci_http_response_remove_header(req, e->name))
                ;
            break;
        case PITH_HTTP_SET:
            while (ci_http_response_remove_header(req, e->name))
                ;
            snprintf(line, sizeof line, "%s: %s", e->name, e->value);
            ci_http_response_add_header(req, line);
            break;
        case PITH_HTTP_VARY: {
            char cur[768];
            v = ci_http_response_get_header(req, e->name);
            if (list_has(v, e->value))      /* already named, or "*" */
                break;
            snprintf(cur, sizeof cur, "%s", v ? v : "");
            while (ci_http_response_remove_header(req, e->name))
                ;
            snprintf(line, sizeof line, "%s: %s%s%s", e->name, cur, cur[0] ? ", " : "",
                     e->value);
            ci_http_response_add_header(req, line);
            break;
        }
        }
    }
}

/* S_HOLD -> S_STREAM: the response becomes pith's; c-icap may send. */
static void commit(pith_req *r)
{
    apply_edits(r);
    bytes_free(&r->hold);
    r->holding = 0;
    r->state = S_STREAM;
    ci_req_unlock_data(r->req);
}

/* -> S_PASS: the original from here on, headers untouched. */
static int fail_open(pith_req *r)
{
    bytes t;

    pith_free(r->pf);
    r->pf = NULL;
    t = r->out;                 /* pith's output is dropped, the held original sent */
    r->out = r->hold;
    r->hold = t;
    bytes_free(&r->hold);
    r->holding = 0;
    r->state = S_PASS;
    ci_req_unlock_data(r->req);
    return CI_OK;
}

/* A pith call returned rc < 0 (finished: it was pith_finish()).  The
 * policy chooses what is sent (rules 16, 17). */
static int failed(pith_req *r, int rc, int finished)
{
    int sent = r->state == S_STREAM;

    switch (pith_http_on_error(&g_pol, sent, r->state == S_HOLD && r->holding)) {
    case PITH_HTTP_SEND_ORIGINAL:
        log_once(r, "cannot filter the page; sending the original", rc);
        return fail_open(r);
    case PITH_HTTP_SEND_EMPTY:
        log_once(r, "cannot filter the page; sending an empty body (pith.OnError empty)", rc);
        bytes_free(&r->out);
        if (r->state == S_HOLD)
            commit(r);
        r->state = S_DONE;
        return CI_OK;
    default:
        break;
    }
    if (!finished)
        pith_finish(r->pf);     /* closes the document after an input error */
    if (rc == PITH_EDATA || rc == PITH_ELIMIT) {
        log_once(r, sent ? "cannot filter the rest of the page; the story so far ends it"
                 : "cannot filter the page; sending the story so far", rc);
        if (r->state == S_HOLD)
            commit(r);
        r->state = S_DONE;
        return CI_OK;
    }
    log_once(r, sent ? "filter failed after output started; response cut"
             : "filter failed and the original was not kept", rc);
    return CI_ERROR;
}

/* Body bytes from the client, in any state. */
static int consume(pith_req *r, const char *data, size_t n)
{
    int rc;

    r->fed += n;
    switch (r->state) {
    case S_PASS:
        return bytes_add(&r->out, data, n) < 0 ? CI_ERROR : CI_OK;
    case S_DONE:
        return CI_OK;
    default:
        break;
    }
    if (r->state == S_HOLD && r->holding && bytes_add(&r->hold, data, n) < 0)
        return failed(r, PITH_ENOMEM, 0);
    if ((rc = pith_feed(r->pf, data, n)) < 0)
        return failed(r, rc, 0);
    if (r->state == S_HOLD && pith_http_may_send(pith_blocks_out(r->pf) > 0)) {
        commit(r);
    } else if (r->state == S_HOLD && r->holding && bytes_avail(&r->hold) > g_max_hold) {
        if (g_hold_original) {
            log_once(r, "no output within pith.MaxHold; sending the original", PITH_OK);
            return fail_open(r);
        }
        /* the response starts now, as pith's: a client such as Squid
           sends no more of the body until it does */
        ci_debug_printf(3, "pith: %s: no output within pith.MaxHold (%llu bytes); "
                        "filtering on without the original\n", r->uri, g_max_hold);
        commit(r);
    }
    return CI_OK;
}

/* The URL's path and query out of an absolute-form or origin-form target,
 * into buf: *path and *query point into it (query NULL when absent). */
static void split_url(const char *url, char *buf, size_t buflen, const char **path,
                      const char **query)
{
    const char *s = url, *p;
    char *q;

    *path = *query = NULL;
    if (url == NULL || buflen == 0)
        return;
    if ((p = strstr(s, "://")) != NULL && p < s + strcspn(s, "/?"))
        s = p + 3 + strcspn(p + 3, "/?");
    snprintf(buf, buflen, "%s", s);
    if ((q = strchr(buf, '?')) != NULL) {
        *q = '\0';
        *query = q + 1;
    }
    *path = buf;
}

/* The url option, for the reader header's link to the original page (with
 * the bypass query parameter) and a filter list's site rules: the request
 * target as the client sent it (absolute-form through a forward proxy such
 * as Squid; else origin-form with the Host header), written into buf, which
 * must live until pith_new() (it copies it).  Without a request line, or
 * with a URL pith refuses, the page has no link. */
static void set_url(pith_req *r, pith_options *opt, const char *target, char *buf, size_t len)
{
    char err[256];
    const char *host = ci_http_request_get_header(r->req, "Host");

    if (*target == '\0'
        || pith_http_original_url(&g_pol, "http", host, target, buf, len) < 0
        || pith_option_set(opt, "url", buf, err, sizeof err) != PITH_OK) {
        ci_debug_printf(5, "pith: %s: no link to the original page in the reader header\n",
                        r->uri);
        opt->url = NULL;
    }
}

/* The HTTP status of the encapsulated response, or 0. */
static int http_status(ci_request_t *req)
{
    ci_headers_list_t *h = ci_http_response_headers(req);
    const char *line = h ? ci_headers_first_line(h) : NULL;

    if (line == NULL || strncmp(line, "HTTP/", 5) != 0 || (line = strchr(line, ' ')) == NULL)
        return 0;
    return atoi(line + 1);
}

/* ---- the service -------------------------------------------------------- */

static int pith_init_service(ci_service_xdata_t *srv_xdata, struct ci_server_conf *server_conf)
{
    (void)server_conf;
    xmlInitParser();
    pith_options_init(&g_opt);
    pith_http_policy_init(&g_pol);
    ci_service_set_preview(srv_xdata, PREVIEW);
    ci_service_set_transfer_preview(srv_xdata, "*");
    ci_service_enable_204(srv_xdata);
    ci_service_set_istag(srv_xdata, "pith-" PACKAGE_VERSION);
    return CI_OK;
}

/* After the config was read: the whole set of options as pith_new() will
 * judge it, so a bad value stops the service now, not each request. */
static int pith_post_init_service(ci_service_xdata_t *srv_xdata,
                                  struct ci_server_conf *server_conf)
{
    char err[256];

    (void)srv_xdata;
    (void)server_conf;
    g_pol.format = g_opt.format;
    if (g_max_hold >= SQUID_BACKUP)
        ci_debug_printf(1, "pith: pith.MaxHold %llu: Squid sends no more than 64 KiB of a "
                        "body before the ICAP response starts; a page without output by "
                        "then waits for Squid's ICAP timeout\n", g_max_hold);
    g_opt.filterlist = g_filterlist;
    if (g_bad_config || pith_options_check(&g_opt, err, sizeof err) != PITH_OK) {
        cfg_error("the service's options are refused: %s", g_bad_config ? "see above" : err);
        return CI_ERROR;
    }
    return CI_OK;
}

static void pith_close_service(void)
{
    g_opt.filterlist = NULL;
    pith_filterlist_free(g_filterlist);
    g_filterlist = NULL;
    free(g_filter_list_spec);
    g_filter_list_spec = NULL;
}

static void *pith_init_request_data(ci_request_t *req)
{
    pith_req *r = calloc(1, sizeof *r);

    if (r == NULL)
        return NULL;
    r->req = req;
    r->state = S_PASS;
    return r;
}

static void pith_release_request_data(void *data)
{
    pith_req *r = data;

    if (r == NULL)
        return;
    pith_free(r->pf);
    bytes_free(&r->out);
    bytes_free(&r->hold);
    free(r);
}

/* A message the policy passes: 204 when the client allows it (always in
 * a preview), else the body is echoed.  edited: its headers were changed
 * (the bypass's Vary, a REQMOD's edits), which needs the echo. */
static int pass(pith_req *r, const char *data, int len, int edited)
{
    r->state = S_PASS;
    if (!edited && (data != NULL || ci_req_allow204(r->req))) {
        r->state = S_DONE;
        return CI_MOD_ALLOW204;
    }
    ci_req_unlock_data(r->req);
    if (len > 0 && consume(r, data, (size_t)len) == CI_ERROR)
        return CI_ERROR;
    return CI_MOD_CONTINUE;
}

/* The facts of the encapsulated HTTP request into rq; method, target and
 * urlbuf (sizes given) hold the strings rq points to. */
static void request_facts(pith_req *r, pith_http_request *rq, char *method, size_t mlen,
                          char *target, size_t tlen, char *urlbuf, size_t ulen)
{
    ci_request_t *req = r->req;
    const char *line = ci_http_request(req), *sp;

    memset(rq, 0, sizeof *rq);
    *target = '\0';
    if (line && (sp = strchr(line, ' ')) != NULL && (size_t)(sp - line) < mlen) {
        memcpy(method, line, (size_t)(sp - line));
        method[sp - line] = '\0';
        rq->method = method;
        snprintf(r->uri, sizeof r->uri, "%.*s", (int)strcspn(sp + 1, " "), sp + 1);
        snprintf(target, tlen, "%.*s", (int)strcspn(sp + 1, " "), sp + 1);
        split_url(target, urlbuf, ulen, &rq->path, &rq->query);
    } else {
        snprintf(r->uri, sizeof r->uri, "-");
    }
    if (g_pol.bypass_header && *g_pol.bypass_header)
        rq->bypass_value = ci_http_request_get_header(req, g_pol.bypass_header);
    rq->cache_control = ci_http_request_get_header(req, "Cache-Control");
    rq->accept = ci_http_request_get_header(req, "Accept");
    rq->range = ci_http_request_get_header(req, "Range");
    rq->if_range = ci_http_request_get_header(req, "If-Range");
}

/* ---- REQMOD: the request before it goes upstream ------------------------ */

#define MAX_LINES 8     /* lines of one header rewritten; more: left as they are */

typedef struct lines {
    const char *name;
    char *v[MAX_LINES];
    int n;
    int over;           /* more lines than v holds, or no memory */
} lines;

/* ci_headers_iterate's callback: a copy of each value of l->name. */
static void collect(void *data, const char *name, const char *value)
{
    lines *l = data;

    if (name == NULL || value == NULL || strcasecmp(name, l->name) != 0)
        return;
    if (l->n == MAX_LINES || (l->v[l->n] = strdup(value)) == NULL)
        l->over = 1;
    else
        l->n++;
}

/* Rewrites every line of the HTTP request's header name with fn, one of
 * the policy's list rewriters (pith_http_narrow_ae, pith_http_unmark_inm:
 * 1 changed, 0 as it was, -1 out too small).  Lines keep their order.
 * @return 1 when a line changed, 0 when none did (or the lines could not be
 * read: then they are left as they are), -1 when a line was lost. */
static int rewrite_lines(ci_request_t *req, const char *name,
                         int (*fn)(const char *, char *, size_t))
{
    ci_headers_list_t *h = ci_http_request_headers(req);
    lines l;
    char *out[MAX_LINES] = { NULL };
    int i, changed = 0, rc = 0;

    memset(&l, 0, sizeof l);
    l.name = name;
    if (h == NULL || !ci_headers_iterate(h, &l, collect) || l.over)
        goto done;
    for (i = 0; i < l.n; i++) {
        size_t len = strlen(name) + 2 + PITH_HTTP_LIST_OUT(strlen(l.v[i]));
        if ((out[i] = malloc(len)) == NULL)
            goto done;
        sprintf(out[i], "%s: ", name);
        if (fn(l.v[i], out[i] + strlen(name) + 2, len - strlen(name) - 2) == 1)
            changed = 1;
        else
            snprintf(out[i], len, "%s: %s", name, l.v[i]);
    }
    if (!changed)
        goto done;
    while (ci_http_request_remove_header(req, name))
        ;
    rc = 1;
    for (i = 0; i < l.n; i++)
        if (ci_http_request_add_header(req, out[i]) == NULL)
            rc = -1;
done:
    for (i = 0; i < MAX_LINES; i++) {
        free(l.v[i]);
        free(out[i]);
    }
    return rc;
}

/* A REQMOD: the policy's changes to what goes upstream (rules 11-13):
 * Accept-Encoding narrowed to the codings pith decodes; our marked ETags
 * unmarked in If-None-Match, each kept after the tag it marks (RESPMOD sees
 * this request, and rule 15 asks whether the client holds a filtered
 * copy); Range dropped where If-Range could splice the original's bytes
 * into a filtered copy.  A request that needs none of them gets 204; else
 * its edited headers go back, and a body (a GET's, rare) is echoed as it
 * came.  If an edit fails half done, the ICAP request fails: Squid sends
 * the request as it came (bypass=1) or an error, never a header lost. */
static int reqmod(pith_req *r, const char *data, int len)
{
    ci_request_t *req = r->req;
    pith_http_request rq;
    char method[16], target[2048], urlbuf[2048];
    unsigned plan;
    int edits = 0, rc;

    request_facts(r, &rq, method, sizeof method, target, sizeof target, urlbuf, sizeof urlbuf);
    plan = pith_http_request_plan(&g_pol, &rq);
    if ((plan & PITH_HTTP_UP_DROP_RANGE) && (rq.range || rq.if_range)) {
        while (ci_http_request_remove_header(req, "Range"))
            ;
        while (ci_http_request_remove_header(req, "If-Range"))
            ;
        edits = 1;
    }
    if ((plan & PITH_HTTP_UP_NARROW_AE)
        && (rc = rewrite_lines(req, "Accept-Encoding", pith_http_narrow_ae)) != 0)
        edits = rc;
    if ((plan & PITH_HTTP_UP_UNMARK_INM) && edits >= 0
        && (rc = rewrite_lines(req, "If-None-Match", pith_http_unmark_inm_keep)) != 0)
        edits = rc;
    if (edits < 0) {
        ci_debug_printf(1, "pith: %s: cannot edit the request's headers\n", r->uri);
        return CI_ERROR;
    }
    ci_debug_printf(5, "pith: %s: request %s\n", r->uri, edits ? "edited" : "as it was");
    return pass(r, data, len, edits);
}

/* A 304 (rule 15): its ETag kept, marked or dropped.  Whether the client
 * holds a filtered copy shows in the request as it went upstream, which
 * Squid hands RESPMOD: REQMOD kept our marked tags in its If-None-Match. */
static int not_modified(pith_req *r, const pith_http_request *rq, const char *content_type,
                        const char *data, int len)
{
    ci_request_t *req = r->req;
    int marked = pith_http_inm_marked(ci_http_request_get_header(req, "If-None-Match"));
    char tag[PITH_HTTP_ETAG_MAX], hdr[PITH_HTTP_ETAG_MAX + 8];
    int m = 0;

    switch (pith_http_304_etag(pith_http_request_plan(&g_pol, rq), marked, content_type)) {
    case PITH_HTTP_304_MARK:
        m = pith_http_mark_etag(ci_http_response_get_header(req, "ETag"), tag, sizeof tag);
        /* fall through: the tag as it was goes, the marked one (if any) comes */
    case PITH_HTTP_304_DROP:
        while (ci_http_response_remove_header(req, "ETag"))
            ;
        if (m == 1) {
            snprintf(hdr, sizeof hdr, "ETag: %s", tag);
            ci_http_response_add_header(req, hdr);
        }
        return pass(r, data, len, 1);
    default:
        return pass(r, data, len, 0);
    }
}

static int pith_check_preview(char *data, int len, ci_request_t *req)
{
    pith_req *r = ci_service_data(req);
    pith_http_request rq;
    pith_http_response rs;
    pith_options opt;
    char urlbuf[2048], target[2048], url[3 * sizeof target + 256];
    char method[16];
    int rc;

    if (r == NULL)
        return CI_ERROR;
    if (ci_req_type(req) == ICAP_REQMOD)
        return reqmod(r, data, len);
    request_facts(r, &rq, method, sizeof method, target, sizeof target, urlbuf, sizeof urlbuf);
    memset(&rs, 0, sizeof rs);
    rs.status = http_status(req);
    rs.content_type = ci_http_response_get_header(req, "Content-Type");
    rs.content_encoding = ci_http_response_get_header(req, "Content-Encoding");
    rs.cache_control = ci_http_response_get_header(req, "Cache-Control");
    rs.content_range = ci_http_response_get_header(req, "Content-Range");

    if (rs.status == 304)
        return not_modified(r, &rq, rs.content_type, data, len);
    if (pith_http_decide(&g_pol, &rq, &rs, &r->d) != PITH_HTTP_FILTER) {
        ci_debug_printf(5, "pith: %s: passed (%s)\n", r->uri,
                        pith_http_verdict_name(r->d.verdict));
        if (r->d.verdict != PITH_HTTP_PASS_BYPASS)
            return pass(r, data, len, 0);
        apply_edits(r);         /* the bypass's Vary */
        return pass(r, data, len, 1);
    }
    if (r->d.head) {
        apply_edits(r);         /* HEAD: the headers the GET would have */
        r->state = S_DONE;
        ci_req_unlock_data(req);
        return CI_MOD_CONTINUE;
    }
    if (!ci_req_hasbody(req))
        return pass(r, data, len, 0);   /* no body: nothing to filter */
    opt = g_opt;
    opt.encoding = r->d.encoding;
    opt.charset = r->d.charset[0] ? r->d.charset : NULL;
    if ((opt.format == PITH_FORMAT_HTML && opt.style == PITH_STYLE_READER) || opt.filterlist)
        set_url(r, &opt, target, url, sizeof url);
    if ((rc = pith_new(&r->pf, &opt, sink, r)) != PITH_OK) {
        log_once(r, "cannot start a filter; sending the page unfiltered", rc);
        return pass(r, data, len, 0);
    }
    r->state = S_HOLD;
    r->holding = 1;
    ci_req_lock_data(req);
    if (len > 0 && consume(r, data, (size_t)len) == CI_ERROR)
        return CI_ERROR;
    return CI_MOD_CONTINUE;
}

/* All the body was received: pith finishes, and the policy chooses between
 * the story and the original (rules 16-18). */
static int pith_end_of_data(ci_request_t *req)
{
    pith_req *r = ci_service_data(req);
    int rc;

    if (r == NULL)
        return CI_MOD_DONE;
    r->ended = 1;
    if (r->state == S_HOLD && r->fed == 0) {
        fail_open(r);           /* an empty body: nothing to filter */
    } else if (r->state == S_HOLD || r->state == S_STREAM) {
        int sent = r->state == S_STREAM;
        if ((rc = pith_finish(r->pf)) < 0) {
            if (failed(r, rc, 1) == CI_ERROR)
                return CI_ERROR;
        } else if (r->state == S_HOLD) {
            if (pith_http_at_end(&g_pol, pith_blocks_out(r->pf) > 0, sent, r->holding)
                == PITH_HTTP_SEND_ORIGINAL) {
                ci_debug_printf(5, "pith: %s: no story; the original\n", r->uri);
                fail_open(r);
            } else {
                commit(r);
            }
        }
        if (r->state != S_PASS)
            r->state = S_DONE;
    }
    pith_free(r->pf);
    r->pf = NULL;
    ci_req_unlock_data(req);
    return CI_MOD_DONE;
}

/* Whether upstream went silent: nothing left of what c-icap read, nothing
 * waiting to be sent (ours and c-icap's own: waiting here must never hold
 * back output), and no byte within pith.FlushAfter ms.  Then what pith holds is decided now (as
 * mod_pith does on a FLUSH), so the story reaches the client while the
 * origin waits.  Only once output started (S_STREAM): before, the data are
 * locked, and c-icap would send the headers only on its next network event,
 * which a silent origin does not make. */
static int stalled(pith_req *r)
{
    struct pollfd p;

    if (g_flush_after <= 0 || r->pf == NULL || r->req->pstrblock_read_len > 0
        || bytes_avail(&r->out) > 0 || r->req->remain_send_block_bytes != 0)
        return 0;
    p.fd = r->req->connection->fd;
    p.events = POLLIN;
    p.revents = 0;
    return poll(&p, 1, g_flush_after) == 0;
}

static int pith_io(char *wbuf, int *wlen, char *rbuf, int *rlen, int iseof, ci_request_t *req)
{
    pith_req *r = ci_service_data(req);

    if (r == NULL)
        return CI_ERROR;
    if (rbuf && rlen && *rlen > 0) {
        int take = *rlen;
        /* backpressure: while output waits to be sent, take nothing */
        if (r->state != S_HOLD && r->state != S_DONE && bytes_avail(&r->out) >= OUT_HIGH)
            take = 0;
        if (take && consume(r, rbuf, (size_t)take) == CI_ERROR)
            return CI_ERROR;
        *rlen = take;
    }
    if (!iseof && !r->ended && r->state == S_STREAM && stalled(r)) {
        int rc = pith_flush(r->pf);
        if (rc < 0 && failed(r, rc, 0) == CI_ERROR)
            return CI_ERROR;
    }
    if (wbuf && wlen) {
        if (r->state == S_HOLD || *wlen <= 0) {
            *wlen = 0;
        } else {
            size_t n = bytes_take(&r->out, wbuf, (size_t)*wlen);
            if (n == 0 && r->ended)
                *wlen = CI_EOF;
            else
                *wlen = (int)n;
        }
    }
    return CI_OK;
}

CI_DECLARE_MOD_DATA ci_service_module_t service = {
    "pith",                         /* mod_name */
    "pith: keeps the story of HTML pages",  /* mod_short_descr */
    ICAP_RESPMOD | ICAP_REQMOD,     /* mod_type */
    pith_init_service,              /* mod_init_service */
    pith_post_init_service,         /* mod_post_init_service */
    pith_close_service,             /* mod_close_service */
    pith_init_request_data,         /* mod_init_request_data */
    pith_release_request_data,      /* mod_release_request_data */
    pith_check_preview,             /* mod_check_preview_handler */
    pith_end_of_data,               /* mod_end_of_data_handler */
    pith_io,                        /* mod_service_io */
    conf_table,                     /* mod_conf_table */
    NULL                            /* mod_data */
};
