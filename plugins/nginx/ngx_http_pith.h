/* ngx_http_pith.h -- what the files of ngx_http_pith_filter_module share.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * Internal to plugins/nginx, never installed.  The module is split by job:
 *
 *     ngx_http_pith_filter_module.c  the header and body filters, the
 *                                    per-request context, the module record
 *     ngx_http_pith_conf.c           the pith* directives, the merge and the
 *                                    check of every location's merged conf
 *     ngx_http_pith_policy.c         the adapter to the shared HTTP policy
 *                                    (plugins/common/pith_http.h): request
 *                                    and response facts out of
 *                                    ngx_http_request_t, edits back into it
 *
 * Every HTTP decision is the policy's; every option value is read by the
 * library's pith_option_set() and checked by pith_options_check().
 */
#ifndef NGX_HTTP_PITH_H
#define NGX_HTTP_PITH_H

#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "pith.h"
#include "pith_http.h"

/* The library options a directive sets, in the order of lib_names[]
 * (ngx_http_pith_conf.c); each is kept as the string given. */
enum {
    PITH_NGX_FORMAT, PITH_NGX_KEEP, PITH_NGX_FRAGMENT, PITH_NGX_LOOKAHEAD,
    PITH_NGX_MAX_LOOKAHEAD, PITH_NGX_MAX_BLOCK, PITH_NGX_MAX_DEPTH,
    PITH_NGX_MAX_TAG, PITH_NGX_MAX_PENDING, PITH_NGX_MAX_INPUT, PITH_NGX_STYLE,
    PITH_NGX_LIB_N
};

#define PITH_NGX_DEFAULT_HOLD   (1024 * 1024)

/* Location configuration.  Members start unset (NGX_CONF_UNSET, or a
 * string with data NULL) and take the enclosing block's value on merge. */
typedef struct {
    ngx_flag_t          enable;         /* pith on|off */
    ngx_str_t           lib[PITH_NGX_LIB_N];    /* NUL-terminated, as given */
    off_t               max_hold;       /* original bytes kept for fail-open */
    ngx_int_t           hold_original;  /* past max_hold: original (1) or filter on (0) */
    ngx_bufs_t          bufs;           /* output buffers: the bound in flight */
    ngx_flag_t          flush;          /* a flush from upstream: pith_flush() */
    ngx_msec_t          flush_idle;     /* no input this long: pith_flush() */
    ngx_flag_t          accept_encoding;    /* policy rule 11 */
    ngx_int_t           on_error;       /* enum pith_http_on_error */
    ngx_int_t           empty_story;    /* enum pith_http_empty_story */
    ngx_str_t           bypass_header;  /* "" = none */
    ngx_str_t           bypass_query;   /* "" = none */
    ngx_str_t           types;          /* space-separated, NUL-terminated */
    ngx_str_t           filter_list;    /* pith_filter_list: the lists' full
                                           paths, each ending with a NUL;
                                           len 0 (data set) for none */

    /* made by the merge, once the conf is known good */
    pith_options        opt;
    pith_http_policy    pol;
} ngx_http_pith_conf_t;

/* Module (http block) configuration: the filter lists compiled at
 * configuration time, one per distinct pith_filter_list set, shared
 * read-only by every request of every worker (compiled in the master,
 * before the fork); freed with the cycle's pool. */
typedef struct {
    ngx_str_t           paths;          /* as ngx_http_pith_conf_t.filter_list */
    pith_filterlist    *fl;
} ngx_http_pith_list_t;

typedef struct {
    ngx_array_t         lists;          /* of ngx_http_pith_list_t */
} ngx_http_pith_main_conf_t;

/* What the module remembers of a request across internal redirects (a
 * pool cleanup's data, found again by its handler). */
typedef struct {
    unsigned            plan;           /* enum pith_http_upstream bits */
    ngx_str_t           ae_orig;        /* Accept-Encoding before narrowing */
    ngx_table_elt_t    *ae;             /* the narrowed header */
    int                 outcome;        /* enum pith_http_outcome, once noted */
    const char         *reason;         /* why, a short word ($pith_reason) */
    unsigned            edited:1;       /* the plan was applied */
    unsigned            noted:1;        /* outcome and reason are set */
    unsigned            inm_unmarked:1; /* If-None-Match was unmarked (rule 12) */
} ngx_http_pith_req_t;

extern ngx_module_t ngx_http_pith_filter_module;

/* ---- ngx_http_pith_conf.c --------------------------------------------- */

extern ngx_command_t ngx_http_pith_commands[];
/* A NUL-terminated copy of s from pool, or NULL. */
char *ngx_http_pith_strz(ngx_pool_t *pool, ngx_str_t *s);
void *ngx_http_pith_create_conf(ngx_conf_t *cf);
void *ngx_http_pith_create_main_conf(ngx_conf_t *cf);
char *ngx_http_pith_merge_conf(ngx_conf_t *cf, void *parent, void *child);

/* ---- ngx_http_pith_policy.c ------------------------------------------- */

/* The request's record, or NULL (created when create is set). */
ngx_http_pith_req_t *ngx_http_pith_req(ngx_http_request_t *r, int create);

/* Before the content handler: asks the policy for the upstream plan and
 * applies it to r->headers_in (Accept-Encoding narrowed, If-None-Match
 * unmarked, Range and If-Range removed).  Once per request. */
ngx_int_t ngx_http_pith_edit_request(ngx_http_request_t *r, ngx_http_pith_conf_t *conf);

/* The reader header's link to the original page (pith's url option): the
 * URL the client asked for (scheme, Host, URI) with the bypass query
 * parameter added (pith_http_original_url()).  From the request pool;
 * NULL when no URL can be made. */
char *ngx_http_pith_original_url(ngx_http_request_t *r, ngx_http_pith_conf_t *conf);

/* Puts back the Accept-Encoding the plan narrowed (idempotent), so that
 * the filters after pith (gzip) see what the client accepts. */
void ngx_http_pith_restore_ae(ngx_http_request_t *r);

/* Asks the policy about the response (rules 1-8); for a 304 applies rule
 * 15 to its ETag.  Returns d->verdict, or NGX_ERROR. */
ngx_int_t ngx_http_pith_decide(ngx_http_request_t *r, ngx_http_pith_conf_t *conf,
    pith_http_decision *d);

/* Applies the policy's header edits for d (rules 9-10, or a bypass's
 * Vary) to r->headers_out. */
ngx_int_t ngx_http_pith_apply_edits(ngx_http_request_t *r, ngx_http_pith_conf_t *conf,
    pith_http_decision *d);

#endif
