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
 *                     the check of every section's merged conf, and the
 *                     pith_options and pith_http_policy a conf gives
 *     pith_request.c  the adapter to the shared HTTP policy
 *                     (plugins/common/pith_http.h): request and response
 *                     facts out of request_rec, header edits back into it
 *
 * Every HTTP decision (what is filtered, how headers, validators, HEAD and
 * ranges change, when the original may still be sent) is made by
 * pith_http.h; every option value is read by the library's
 * pith_option_set().  Nothing here repeats a rule of either.
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
#include "pith_http.h"

#define UNSET (-1)
#define DEFAULT_MAX_HOLD (1024 * 1024)

/* The library options a directive can set, in the order of lib_names[]
 * (pith_conf.c); each is kept as the string given and read by
 * pith_option_set(). */
enum pith_ap_lib_option {
    LIB_FORMAT, LIB_KEEP, LIB_FRAGMENT, LIB_LOOKAHEAD, LIB_MAX_LOOKAHEAD, LIB_MAX_BLOCK,
    LIB_MAX_DEPTH, LIB_MAX_TAG, LIB_MAX_PENDING, LIB_MAX_INPUT, LIB_STYLE, LIB_N
};

/* Per-directory configuration.  Every member starts UNSET (or NULL) and
 * takes the parent's value when merged, so <Location>, <Proxy>,
 * <VirtualHost> and the main server nest the usual way. */
typedef struct pith_conf {
    int enable;                 /* On: insert the filter; Off: never filter */
    const char *lib[LIB_N];     /* library options as given, NULL = default */
    long long max_hold;         /* original bytes kept for fail-open */
    int hold_original;          /* past max_hold: send the original (1) or filter on (0) */
    int flush;                  /* FLUSH from upstream calls pith_flush() */
    int accept_encoding;        /* narrow Accept-Encoding (policy rule 11) */
    int on_error;               /* enum pith_http_on_error */
    int empty_story;            /* enum pith_http_empty_story */
    const char *bypass_header;  /* "" = no bypass header */
    const char *bypass_query;   /* "" = no bypass query parameter */
    const char *note_outcome;   /* PithNote names, NULL = no note */
    const char *note_reason;
    const char *note_in;
    const char *note_out;
    const char *filter_list;    /* PithFilterList: "none", or "default" and paths,
                                   space-separated; NULL = not given (none) */
} pith_conf;

/* ---- pith_conf.c ------------------------------------------------------ */

/* The module record's per-directory create and merge functions. */
void *pith_ap_create_conf(apr_pool_t *p, char *dir);
void *pith_ap_merge_conf(apr_pool_t *p, void *basev, void *addv);

/* The directives, for the module record; ends with {NULL}. */
extern const command_rec pith_ap_cmds[];

/* Fills *opt with pith's defaults overridden by the directives set in c,
 * through pith_option_set(), then checks the whole with
 * pith_options_check().  Leaves encoding and charset at their defaults:
 * those come from the response.  Returns PITH_OK, or PITH_EINVAL with a
 * message in err. */
int pith_ap_options(const pith_conf *c, pith_options *opt, char *err, size_t errlen);

/* The HTTP policy settings of a conf. */
void pith_ap_policy(const pith_conf *c, pith_http_policy *pol);

/* check_config hook: checks the merged conf of every server and every
 * <Directory>, <Location> (and their pairs) with pith_ap_options(), so
 * that `apachectl configtest` refuses what pith_new() would. */
int pith_ap_check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                         server_rec *s);

/* ---- pith_request.c --------------------------------------------------- */

/* What mod_pith remembers about a request (in its request_config): the
 * upstream plan of the policy and what was changed for it. */
typedef struct pith_ap_req {
    unsigned plan;              /* enum pith_http_upstream bits */
    int inm_unmarked;           /* If-None-Match was unmarked (rule 12) */
    const char *ae_orig;        /* Accept-Encoding before narrowing, or NULL */
    int started;                /* a PITH filter took this response */
} pith_ap_req;

/* This request's record, created on first use. */
pith_ap_req *pith_ap_req_get(request_rec *r);

/* Filter init, before the handler: asks the policy for the upstream plan
 * and applies it (Accept-Encoding narrowed, If-None-Match unmarked, Range
 * and If-Range dropped). */
void pith_ap_edit_request(request_rec *r, const pith_conf *c);

/* Puts back the Accept-Encoding that pith_ap_edit_request() narrowed, so
 * the filters after PITH see what the client accepts.  Idempotent. */
void pith_ap_restore_ae(request_rec *r);

/* Asks the policy about the response (rules 1-8) and, for a 304, marks
 * its ETag when rule 15 says so. */
int pith_ap_decide(request_rec *r, const pith_conf *c, pith_http_decision *d);

/* The reader view's link to the original page (pith's url option): the
 * URL the client asked for, with the bypass query parameter of c (policy:
 * pith_http_original_url()).  NULL when no URL can be made. */
const char *pith_ap_original_url(request_rec *r, const pith_conf *c);

/* Applies the policy's header edits for decision d (rules 9-10, or the
 * Vary of a bypass) to r->headers_out and r->content_type/encoding. */
void pith_ap_apply_edits(request_rec *r, const pith_conf *c, const pith_http_decision *d);

#endif
