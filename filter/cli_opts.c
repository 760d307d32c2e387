/* cli_opts.c -- the library's options on the pith tool's command line: see
 * cli_opts.h.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli_opts.h"

static const struct option libopts[] = { CLI_LIB_LONGOPTS, {NULL, 0, NULL, 0} };

void cli_init(cli_opts *co)
{
    memset(co, 0, sizeof *co);
    pith_options_init(&co->opt);
    co->opt.on_error = PITH_ON_ERROR_STORY;
    co->default_list = 1;
}

int cli_short(int c)
{
    switch (c) {
    case 'f': return CLI_FORMAT;
    case 'k': return CLI_KEEP;
    case 'c': return CLI_CHARSET;
    case 'e': return CLI_ENCODING;
    case 'l': return CLI_LOOKAHEAD;
    default: return c;
    }
}

static int add_list(cli_opts *co, const char *path, int first, const char *prog)
{
    const char **p = realloc(co->lists, (co->nlists + 1) * sizeof *co->lists);
    if (p == NULL) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return 4;
    }
    co->lists = p;
    if (first) {
        memmove(co->lists + 1, co->lists, co->nlists * sizeof *co->lists);
        co->lists[0] = path;
    } else {
        co->lists[co->nlists] = path;
    }
    co->nlists++;
    return 0;
}

/* Says which filter list cannot be read, and why (e, errno of the load of
   them all): the only one, or the first that the library cannot load alone;
   else all of them (more than 64 MiB together, or a stream read once). */
static void list_error(const cli_opts *co, int e, const char *prog)
{
    const char *bad = co->nlists == 1 ? co->lists[0] : NULL;
    for (size_t i = 0; bad == NULL && i < co->nlists; i++) {
        pith_filterlist *one = NULL;
        errno = 0;
        if (pith_filterlist_load(&one, &co->lists[i], 1) == PITH_EDATA)
            bad = co->lists[i], e = errno;
        pith_filterlist_free(one);
    }
    if (bad)
        fprintf(stderr, "%s: filter list %s cannot be read: %s\n", prog, bad,
                e ? strerror(e) : "read error");
    else
        fprintf(stderr, "%s: the filter lists cannot be read: %s\n", prog,
                e ? strerror(e) : "read error");
}

int cli_option(cli_opts *co, int c, const char *arg, const char *prog)
{
    const char *name = NULL, *value = arg;
    char err[256];

    if (c == CLI_FILTER_LIST)           /* the lists add up */
        return add_list(co, arg, 0, prog);
    if (c == CLI_NO_FILTER_LIST) {      /* and this drops those given so far */
        co->default_list = 0;
        co->nlists = 0;
        return 0;
    }
    for (const struct option *lo = libopts; lo->name && !name; lo++)
        if (lo->val == c)
            name = lo->name;
    if (name == NULL) {
        fprintf(stderr, "%s: unknown option\n", prog);
        return 1;
    }
    if (c == CLI_MAX_LOOKAHEAD)
        co->lookahead_given = 1;
    if (c == CLI_PASSTHROUGH)
        name = "on-error", value = "original";
    /* one parser for every front-end: pith_option_set() */
    if (pith_option_set(&co->opt, name, value, err, sizeof err) != PITH_OK) {
        fprintf(stderr, "%s: --%s\n", prog, err);
        return 1;
    }
    return 0;
}

int cli_finish(cli_opts *co, const char *prog)
{
    char err[256];
    int rc;

    /* --max-block alone raises the look-ahead window with it; both given
       must agree (pith_options_check) */
    if (!co->lookahead_given && co->opt.max_lookahead < co->opt.max_block)
        co->opt.max_lookahead = co->opt.max_block;
    if (pith_options_check(&co->opt, err, sizeof err) != PITH_OK) {
        fprintf(stderr, "%s: --%s\n", prog, err);
        return 1;
    }
    /* the filter lists: the installed EasyList (unless --no-filter-list), then
       each --filter-list, compiled into one list that every page shares */
    if (co->default_list && pith_filterlist_default_path() &&
        (rc = add_list(co, pith_filterlist_default_path(), 1, prog)) != 0)
        return rc;
    if (co->nlists) {
        errno = 0;
        if ((rc = pith_filterlist_load(&co->fl, co->lists, co->nlists)) != PITH_OK) {
            if (rc == PITH_EDATA)
                list_error(co, errno, prog);
            else
                fprintf(stderr, "%s: filter list: %s\n", prog, pith_strerror(rc));
            return rc == PITH_EDATA ? 3 : 4;
        }
        co->opt.filterlist = co->fl;
    }
    return 0;
}

void cli_free(cli_opts *co)
{
    free(co->lists);
    co->lists = NULL;
    co->nlists = 0;
    pith_filterlist_free(co->fl);
    co->fl = NULL;
    co->opt.filterlist = NULL;
}
