/* pith_conf.c -- mod_pith's configuration: the per-directory conf, the Pith*
 * directives, the check of every section's merged conf, and the
 * pith_options and pith_http_policy a conf gives.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * Directives only record what they were given; nothing here looks at a
 * request.  The values of library options are read by the library's own
 * parser, pith_option_set(): a directive accepts exactly what the pith tool
 * accepts (case-insensitive names, k/m/g sizes, the same ranges), and is
 * refused with the library's message.  Combinations (PithMaxLookahead >=
 * PithMaxBlock, ...) can only be judged on the merged conf of a section, so
 * the check_config hook merges and checks every section before httpd says
 * "Syntax OK" (check_config runs for `apachectl configtest` too, unlike
 * post_config).
 */
#include <errno.h>
#include <string.h>
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "apr_lib.h"
#include "apr_strings.h"

#include "mod_pith.h"

extern module AP_MODULE_DECLARE_DATA pith_module;
APLOG_USE_MODULE(pith);

/* The library's names of enum pith_ap_lib_option; the directive is "Pith"
 * followed by the name without its dashes (PithMaxBlock = max-block). */
static const char *const lib_names[LIB_N] = {
    "format", "keep", "fragment", "lookahead", "max-lookahead", "max-block",
    "max-depth", "max-tag", "max-pending", "max-input", "style"
};

/* A conf with every member UNSET (strings NULL): nothing given here. */
void *pith_ap_create_conf(apr_pool_t *p, char *dir)
{
    pith_conf *c = apr_pcalloc(p, sizeof *c);

    (void)dir;
    c->enable = c->flush = c->accept_encoding = c->hold_original = UNSET;
    c->on_error = c->empty_story = UNSET;
    c->max_hold = UNSET;
    return c;
}

#define MERGE(field) (add->field != UNSET ? add->field : base->field)
#define MERGE_STR(field) (add->field != NULL ? add->field : base->field)

/* A new conf: each member from add if set there, else from base. */
void *pith_ap_merge_conf(apr_pool_t *p, void *basev, void *addv)
{
    const pith_conf *base = basev, *add = addv;
    pith_conf *c = apr_pcalloc(p, sizeof *c);
    int i;

    c->enable = MERGE(enable);
    for (i = 0; i < LIB_N; i++)
        c->lib[i] = MERGE_STR(lib[i]);
    c->max_hold = MERGE(max_hold);
    c->hold_original = MERGE(hold_original);
    c->flush = MERGE(flush);
    c->accept_encoding = MERGE(accept_encoding);
    c->on_error = MERGE(on_error);
    c->empty_story = MERGE(empty_story);
    c->bypass_header = MERGE_STR(bypass_header);
    c->bypass_query = MERGE_STR(bypass_query);
    c->note_outcome = MERGE_STR(note_outcome);
    c->note_reason = MERGE_STR(note_reason);
    c->note_in = MERGE_STR(note_in);
    c->note_out = MERGE_STR(note_out);
    c->filter_list = MERGE_STR(filter_list);
    return c;
}

/* --- filter lists ----------------------------------------------------------
 * Each distinct PithFilterList value is compiled once, when the configuration
 * is checked (in the parent, before children and threads start), into a list
 * that every request of every thread reads (pith_options.filterlist): one
 * copy per value.  The lists live as long as the configuration pool. */
static apr_hash_t *filter_lists;     /* value -> pith_filterlist * */

static apr_status_t free_filter_lists(void *data)
{
    apr_hash_index_t *hi;

    (void)data;
    for (hi = filter_lists ? apr_hash_first(NULL, filter_lists) : NULL; hi; hi = apr_hash_next(hi)) {
        void *v;
        apr_hash_this(hi, NULL, NULL, &v);
        pith_filterlist_free(v);
    }
    filter_lists = NULL;
    return APR_SUCCESS;
}

/* Compiles the lists of a PithFilterList value (once); NULL or an error. */
static const char *load_filter_list(apr_pool_t *pconf, const char *spec)
{
    const char *paths[64], *word;
    char *state, *copy;
    size_t n = 0;
    pith_filterlist *fl;
    int rc;

    if (spec == NULL || !strcasecmp(spec, "none"))
        return NULL;
    if (filter_lists == NULL) {
        filter_lists = apr_hash_make(pconf);
        apr_pool_cleanup_register(pconf, NULL, free_filter_lists, apr_pool_cleanup_null);
    }
    if (apr_hash_get(filter_lists, spec, APR_HASH_KEY_STRING))
        return NULL;
    copy = apr_pstrdup(pconf, spec);
    for (word = apr_strtok(copy, " ", &state); word; word = apr_strtok(NULL, " ", &state)) {
        if (!strcasecmp(word, "default") && (word = pith_filterlist_default_path()) == NULL)
            continue;                   /* no EasyList installed: nothing to add */
        if (n == sizeof paths / sizeof paths[0])
            return "PithFilterList: more than 64 lists";
        paths[n++] = word;
    }
    if ((rc = pith_filterlist_load(&fl, paths, n)) == PITH_EDATA)
        return apr_psprintf(pconf, "PithFilterList %s: a list cannot be read: %s", spec,
                            errno ? strerror(errno) : "read error");
    if (rc != PITH_OK)
        return apr_psprintf(pconf, "PithFilterList %s: %s", spec, pith_strerror(rc));
    apr_hash_set(filter_lists, apr_pstrdup(pconf, spec),
                 APR_HASH_KEY_STRING, fl);
    return NULL;
}

/* PithFilterList none | default | FILE...: the words of each use add up;
   "none" drops what came before it in this section. */
static const char *set_filter_list(cmd_parms *cmd, void *dcfg, const char *arg)
{
    pith_conf *c = dcfg;

    if (!strcasecmp(arg, "none") || c->filter_list == NULL || !strcasecmp(c->filter_list, "none"))
        c->filter_list = !strcasecmp(arg, "default") || !strcasecmp(arg, "none") ? arg
                         : ap_server_root_relative(cmd->pool, arg);
    else
        c->filter_list = apr_pstrcat(cmd->pool, c->filter_list, " ",
                                     strcasecmp(arg, "default") ? ap_server_root_relative(cmd->pool, arg)
                                                                : arg, NULL);
    return c->filter_list ? NULL : "PithFilterList: a bad path";
}

/* A library option (cmd->info is its enum pith_ap_lib_option): the value is
 * checked on its own by pith_option_set() now, and kept as given. */
static const char *set_lib(cmd_parms *cmd, void *dcfg, const char *arg)
{
    pith_conf *c = dcfg;
    int which = (int)(apr_size_t)cmd->info;
    pith_options scratch;
    char err[256];

    pith_options_init(&scratch);
    /* the name as the directive spells it, without "Pith": the library's
       message then starts with it, and gets the prefix back */
    if (pith_option_set(&scratch, cmd->cmd->name + 4, arg, err, sizeof err) != PITH_OK)
        return apr_pstrcat(cmd->pool, "Pith", err, NULL);
    c->lib[which] = arg;
    return NULL;
}

/* PithFragment On|Off, kept as a library option. */
static const char *set_fragment(cmd_parms *cmd, void *dcfg, int on)
{
    pith_conf *c = dcfg;

    (void)cmd;
    c->lib[LIB_FRAGMENT] = on ? "on" : "off";
    return NULL;
}

/* PithBypassHeader / PithBypassQuery: a name, or "none". */
static const char *set_bypass(cmd_parms *cmd, void *dcfg, const char *arg)
{
    const char **slot = (const char **)((char *)dcfg + (apr_size_t)cmd->info);

    *slot = strcasecmp(arg, "none") ? arg : "";
    return NULL;
}

/* PithMaxHold SIZE [filter|original]; the size is read by the library's
 * size parser (the same k/m/g and overflow rules). */
static const char *set_hold(cmd_parms *cmd, void *dcfg, const char *size, const char *then)
{
    pith_conf *c = dcfg;
    pith_options scratch;
    char err[256];

    pith_options_init(&scratch);
    if (pith_option_set(&scratch, "max-input", size, err, sizeof err) != PITH_OK
        || scratch.max_input > (unsigned long long)APR_INT64_MAX)
        return apr_pstrcat(cmd->pool, "PithMaxHold takes a size in bytes with an optional "
                           "k, m or g, not '", size, "'", NULL);
    c->max_hold = (long long)scratch.max_input;
    if (then == NULL || !strcasecmp(then, "filter"))
        c->hold_original = 0;
    else if (!strcasecmp(then, "original"))
        c->hold_original = 1;
    else
        return apr_pstrcat(cmd->pool, "PithMaxHold: '", then,
                           "' is neither filter nor original", NULL);
    return NULL;
}

/* PithOnError original|story|empty */
static const char *set_on_error(cmd_parms *cmd, void *dcfg, const char *arg)
{
    pith_conf *c = dcfg;

    (void)cmd;
    if ((c->on_error = pith_http_on_error_parse(arg)) < 0)
        return "PithOnError takes original, story or empty";
    return NULL;
}

/* PithEmptyStory original|empty */
static const char *set_empty_story(cmd_parms *cmd, void *dcfg, const char *arg)
{
    pith_conf *c = dcfg;

    (void)cmd;
    if ((c->empty_story = pith_http_empty_story_parse(arg)) < 0)
        return "PithEmptyStory takes original or empty";
    return NULL;
}

/* PithNote [outcome|reason|in|out] NAME, like DeflateFilterNote: the note
 * NAME of r->notes receives what pith did, for LogFormat's %{NAME}n. */
static const char *set_note(cmd_parms *cmd, void *dcfg, const char *a, const char *b)
{
    pith_conf *c = dcfg;

    if (b == NULL)
        c->note_outcome = a;
    else if (!strcasecmp(a, "outcome"))
        c->note_outcome = b;
    else if (!strcasecmp(a, "reason"))
        c->note_reason = b;
    else if (!strcasecmp(a, "in"))
        c->note_in = b;
    else if (!strcasecmp(a, "out"))
        c->note_out = b;
    else
        return apr_pstrcat(cmd->pool, "PithNote: '", a,
                           "' is none of outcome, reason, in, out", NULL);
    return NULL;
}

#define OFF(member) ((void *)APR_OFFSETOF(pith_conf, member))
#define LIB(which) ((void *)(apr_size_t)(which))
#define WHERE (RSRC_CONF | ACCESS_CONF)

const command_rec pith_ap_cmds[] = {
    AP_INIT_FLAG("Pith", ap_set_flag_slot, OFF(enable), WHERE,
                 "On inserts the PITH filter here; Off keeps it from filtering"),
    AP_INIT_TAKE1("PithKeep", set_lib, LIB(LIB_KEEP), WHERE,
                  "labels written, comma-separated: story, navigation, advertising, "
                  "recommendation or all (default story)"),
    AP_INIT_TAKE1("PithFormat", set_lib, LIB(LIB_FORMAT), WHERE,
                  "output: html (default), text, jsonl or annotate"),
    AP_INIT_FLAG("PithFragment", set_fragment, NULL, WHERE,
                 "html format: only the body's content (default Off)"),
    AP_INIT_TAKE1("PithStyle", set_lib, LIB(LIB_STYLE), WHERE,
                  "html format: reader (default: a reading view with a header linking to "
                  "the original page, bypassing the filter) or none (browser defaults)"),
    AP_INIT_TAKE1("PithLookahead", set_lib, LIB(LIB_LOOKAHEAD), WHERE,
                  "blocks seen after a block before it is decided, 0-100000 (default 16)"),
    AP_INIT_TAKE1("PithMaxLookahead", set_lib, LIB(LIB_MAX_LOOKAHEAD), WHERE,
                  "bytes the undecided blocks may hold, 256-1g and >= PithMaxBlock "
                  "(default 256k)"),
    AP_INIT_TAKE1("PithMaxBlock", set_lib, LIB(LIB_MAX_BLOCK), WHERE,
                  "text of one block, 256-1g (default 64k)"),
    AP_INIT_TAKE1("PithMaxDepth", set_lib, LIB(LIB_MAX_DEPTH), WHERE,
                  "element nesting tracked, 8-100000 (default 256)"),
    AP_INIT_TAKE1("PithMaxTag", set_lib, LIB(LIB_MAX_TAG), WHERE,
                  "bytes of one tag, 256-1g (default 64k)"),
    AP_INIT_TAKE1("PithMaxPending", set_lib, LIB(LIB_MAX_PENDING), WHERE,
                  "bytes the HTML parser may hold without an event, 4k-1g (default 1m)"),
    AP_INIT_TAKE1("PithMaxInput", set_lib, LIB(LIB_MAX_INPUT), WHERE,
                  "decoded bytes of a page, 0 for no limit (default 0)"),
    AP_INIT_TAKE12("PithMaxHold", set_hold, NULL, WHERE,
                   "original bytes kept for fail-open before the first byte is sent "
                   "(default 1m), then 'filter' (default: go on without the original) or "
                   "'original' (send the page unfiltered)"),
    AP_INIT_FLAG("PithFlush", ap_set_flag_slot, OFF(flush), WHERE,
                 "On: a FLUSH from upstream decides the pending blocks at once (default On)"),
    AP_INIT_FLAG("PithAcceptEncoding", ap_set_flag_slot, OFF(accept_encoding), WHERE,
                 "On: ask upstream only for encodings pith decodes, for requests that may "
                 "be for HTML (default On)"),
    AP_INIT_TAKE1("PithOnError", set_on_error, NULL, WHERE,
                  "pith fails before the first byte is sent: original (default), story or "
                  "empty"),
    AP_INIT_TAKE1("PithEmptyStory", set_empty_story, NULL, WHERE,
                  "a page with no story: original (default) or empty"),
    AP_INIT_TAKE1("PithBypassHeader", set_bypass, OFF(bypass_header), WHERE,
                  "request header that turns the filter off, or none "
                  "(default " PITH_HTTP_BYPASS_HEADER ")"),
    AP_INIT_TAKE1("PithBypassQuery", set_bypass, OFF(bypass_query), WHERE,
                  "query parameter that turns the filter off, or none "
                  "(default " PITH_HTTP_BYPASS_QUERY ")"),
    AP_INIT_TAKE12("PithNote", set_note, NULL, WHERE,
                   "[outcome|reason|in|out] NAME: a note for LogFormat %{NAME}n"),
    AP_INIT_ITERATE("PithFilterList", set_filter_list, NULL, WHERE,
                    "ad-blocking lists (Adblock Plus syntax) to read pages with: default "
                    "(the installed EasyList), FILE..., or none (default none)"),
    {NULL}
};

int pith_ap_options(const pith_conf *c, pith_options *opt, char *err, size_t errlen)
{
    int i, rc;

    pith_options_init(opt);
    for (i = 0; i < LIB_N; i++)
        if (c->lib[i] && (rc = pith_option_set(opt, lib_names[i], c->lib[i], err, errlen)))
            return rc;
    if (c->filter_list && filter_lists)     /* compiled when the configuration was checked */
        opt->filterlist = apr_hash_get(filter_lists, c->filter_list, APR_HASH_KEY_STRING);
    return pith_options_check(opt, err, errlen);
}

void pith_ap_policy(const pith_conf *c, pith_http_policy *pol)
{
    pith_options opt;

    pith_http_policy_init(pol);
    if (c->bypass_header)
        pol->bypass_header = c->bypass_header;
    if (c->bypass_query)
        pol->bypass_query = c->bypass_query;
    pol->narrow_accept_encoding = c->accept_encoding != 0;
    if (c->on_error != UNSET)
        pol->on_error = c->on_error;
    if (c->empty_story != UNSET)
        pol->empty_story = c->empty_story;
    pith_options_init(&opt);
    if (c->lib[LIB_FORMAT])
        pith_option_set(&opt, "format", c->lib[LIB_FORMAT], NULL, 0);
    pol->format = opt.format;
}

/* Checks one merged conf; logs and returns !OK if pith would refuse it. */
static apr_pool_t *check_pconf;      /* the configuration pool, while checking */

static int check_one(apr_pool_t *p, server_rec *s, const pith_conf *c, const char *where)
{
    pith_options opt;
    char err[256];
    const char *msg;

    if (c && check_pconf && (msg = load_filter_list(check_pconf, c->filter_list)) != NULL) {
        ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_EMERG, 0, s, "mod_pith: %s: %s",
                     where, msg);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (c == NULL || pith_ap_options(c, &opt, err, sizeof err) == PITH_OK)
        return OK;
    ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_EMERG, 0, s,
                 "mod_pith: %s of server %s%s%s%s: %s; pith would refuse every page here",
                 where, s->server_hostname ? s->server_hostname : "(default)",
                 s->defn_name ? " (" : "", s->defn_name ? s->defn_name : "",
                 s->defn_name ? apr_psprintf(p, ":%u)", s->defn_line_number) : "", err);
    return HTTP_INTERNAL_SERVER_ERROR;
}

static const pith_conf *conf_of(ap_conf_vector_t *v)
{
    return v ? ap_get_module_config(v, &pith_module) : NULL;
}

/* The path a <Directory>/<Location> section was given. */
static const char *section_name(apr_pool_t *p, ap_conf_vector_t *v, const char *kind)
{
    core_dir_config *dc = ap_get_core_module_config(v);

    return apr_psprintf(p, "<%s %s>", kind, dc && dc->d ? dc->d : "?");
}

int pith_ap_check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                         server_rec *s)
{
    int bad = 0;

    (void)plog;
    check_pconf = pconf;
    for (; s; s = s->next) {
        core_server_config *sc = ap_get_core_module_config(s->module_config);
        const pith_conf *base = conf_of(s->lookup_defaults);
        ap_conf_vector_t **dirs = (ap_conf_vector_t **)sc->sec_dir->elts;
        ap_conf_vector_t **urls = (ap_conf_vector_t **)sc->sec_url->elts;
        int i, j;

        if (base == NULL)
            continue;
        bad |= check_one(ptemp, s, base, "server config") != OK;
        for (i = 0; i < sc->sec_dir->nelts; i++) {
            const pith_conf *d;

            if (conf_of(dirs[i]) == NULL)
                continue;
            d = pith_ap_merge_conf(ptemp, (void *)base, (void *)conf_of(dirs[i]));

            bad |= check_one(ptemp, s, d, section_name(ptemp, dirs[i], "Directory")) != OK;
            for (j = 0; j < sc->sec_url->nelts; j++) {
                const pith_conf *u = conf_of(urls[j]);

                if (u)
                    bad |= check_one(ptemp, s, pith_ap_merge_conf(ptemp, (void *)d, (void *)u),
                                     apr_pstrcat(ptemp, section_name(ptemp, dirs[i], "Directory"),
                                                 " with ", section_name(ptemp, urls[j], "Location"),
                                                 NULL)) != OK;
            }
        }
        for (j = 0; j < sc->sec_url->nelts; j++) {
            const pith_conf *u = conf_of(urls[j]);

            if (u)
                bad |= check_one(ptemp, s, pith_ap_merge_conf(ptemp, (void *)base, (void *)u),
                                 section_name(ptemp, urls[j], "Location")) != OK;
        }
    }
    check_pconf = NULL;
    return bad ? HTTP_INTERNAL_SERVER_ERROR : OK;
}
