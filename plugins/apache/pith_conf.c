/* pith_conf.c -- mod_pith's configuration: the per-directory conf, the Pith*
 * directives, and the pith_options a conf gives.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * Directives only record what they were given; nothing here looks at a
 * request.  A member left UNSET takes the parent section's value when
 * merged and, at the end, pith's own default (pith_options_init()) or the
 * module's (DEFAULT_* in mod_pith.h).  Sizes take a k, m or g suffix
 * (powers of 1024).
 */
#include "httpd.h"
#include "http_config.h"
#include "apr_lib.h"
#include "apr_strings.h"

#include <errno.h>

#include "mod_pith.h"

/* A conf with every member UNSET (strings NULL): nothing given here. */
void *pith_ap_create_conf(apr_pool_t *p, char *dir)
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

/* A new conf: each member from add if set there, else from base. */
void *pith_ap_merge_conf(apr_pool_t *p, void *basev, void *addv)
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

/* PithKeep LABELS: comma-separated, as pith_labels_parse() reads them. */
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

/* PithFormat html|text|jsonl|annotate */
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

const command_rec pith_ap_cmds[] = {
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

/* The pith_options of a conf: pith's defaults and the directives.  The
 * request's encoding and charset are the caller's to set. */
void pith_ap_options(const pith_conf *c, pith_options *opt)
{
    pith_options_init(opt);
    if (c->format != UNSET)
        opt->format = c->format;
    if (c->keep != UNSET)
        opt->keep = (unsigned)c->keep;
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
