/* mod_pith.h -- what the files of mod_pith share: the per-directory
 * configuration and the functions one file calls in another.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * Internal to plugins/apache, never installed.  mod_pith is split by job:
 *
 *     mod_pith.c      the filter PITH, its per-request context, the hooks
 *                     and the module record (the only exported symbol)
 *     pith_conf.c     configuration: the per-directory conf, its directives,
 *                     and the pith_options a conf gives
 *     pith_request.c  request inspection and header edits: bypass, type,
 *                     charset and encoding checks, Accept-Encoding, ETags
 *
 * Everything declared here is prefixed pith_ap_ and stays inside the module
 * (built -fvisibility=hidden, linked with -export-symbols-regex
 * '^pith_module$'); helpers used by one file are static there.
 */
#ifndef PITH_MOD_PITH_H
#define PITH_MOD_PITH_H

#include "httpd.h"
#include "http_config.h"

#include "pith.h"

#define UNSET (-1)
#define DEFAULT_MAX_HOLD (1024 * 1024)
#define DEFAULT_BYPASS_HEADER "X-Pith-Bypass"
#define DEFAULT_BYPASS_QUERY "pith-bypass"

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

/* ---- pith_conf.c ------------------------------------------------------ */

/* The module record's per-directory create and merge functions. */
void *pith_ap_create_conf(apr_pool_t *p, char *dir);
void *pith_ap_merge_conf(apr_pool_t *p, void *basev, void *addv);

/* The directives, for the module record; ends with {NULL}. */
extern const command_rec pith_ap_cmds[];

/* Fills *opt with pith's defaults overridden by the directives set in c.
 * Leaves encoding and charset at their defaults: those come from the
 * response (pith_ap_input_encoding(), pith_ap_charset()). */
void pith_ap_options(const pith_conf *c, pith_options *opt);

/* ---- pith_request.c --------------------------------------------------- */

/* Filter init, before the handler: notes a bypassed request and leaves it
 * as it came; else narrows Accept-Encoding (unless PithAcceptEncoding Off)
 * and unmarks the filtered ETags of If-None-Match. */
void pith_ap_edit_request(request_rec *r, const pith_conf *c);

/* Puts back the Accept-Encoding that pith_ap_edit_request() narrowed, so
 * the filters after PITH see what the client accepts.  Does nothing if it
 * was not narrowed. */
void pith_ap_restore_ae(request_rec *r);

/* A 304 answering an If-None-Match that pith_ap_edit_request() unmarked:
 * marks its ETag again, so the client keeps its filtered copy's validator.
 * Does nothing to any other response. */
void pith_ap_mark_304(request_rec *r);

/* Whether the response is text/html or application/xhtml+xml. */
int pith_ap_is_html(request_rec *r);

/* The response's Content-Encoding as enum pith_encoding, or -1 for one
 * pith cannot decode (br, zstd, a list...). */
int pith_ap_input_encoding(request_rec *r);

/* The charset parameter of the response's Content-Type (from r->pool), or
 * NULL.  r->content_type must be set. */
const char *pith_ap_charset(request_rec *r);

/* Adds the bypass header (if there is one) to the response's Vary. */
void pith_ap_add_vary(request_rec *r, const pith_conf *c);

/* Whether the client asked for the unfiltered page (bypass header or query
 * parameter), or pith_ap_edit_request() noted that it did. */
int pith_ap_bypassed(request_rec *r, const pith_conf *c);

/* Makes the response's ETag weak and marked, "abc" -> W/"abc-pith"; drops
 * one that is not a quoted string. */
void pith_ap_mark_etag(request_rec *r);

#endif
