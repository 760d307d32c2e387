/* cli_opts.h -- the library's options on the pith tool's command line, for
 * both of its modes (filter/pith.c: pages; filter/dump.c: WARC files).
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * Each mode's getopt_long() table holds CLI_LIB_LONGOPTS; a value of
 * CLI_BASE or above is one of them and goes to cli_option(), which sets it
 * with pith_option_set() under the same long name: one parser, one message
 * for a bad value, whichever mode reads it.  cli_finish() then checks the
 * whole set (pith_options_check()) and loads the filter lists once.
 */
#ifndef PITH_CLI_OPTS_H
#define PITH_CLI_OPTS_H

#include <getopt.h>
#include "pith.h"

enum {
    CLI_BASE = 1000,
    CLI_FORMAT = CLI_BASE, CLI_KEEP, CLI_CHARSET, CLI_ENCODING, CLI_LOOKAHEAD,
    CLI_MAX_BLOCK, CLI_MAX_LOOKAHEAD, CLI_MAX_DEPTH, CLI_MAX_TAG, CLI_MAX_PENDING,
    CLI_MAX_INPUT, CLI_FRAGMENT, CLI_PASSTHROUGH, CLI_ON_ERROR, CLI_MAX_HOLD, CLI_STYLE,
    CLI_URL, CLI_FILTER_LIST, CLI_NO_FILTER_LIST,
    CLI_END
};

/* The short options of the library's options (both modes). */
#define CLI_LIB_SHORTOPTS "f:k:c:e:l:"

#define CLI_LIB_LONGOPTS \
    {"format", required_argument, NULL, CLI_FORMAT}, \
    {"keep", required_argument, NULL, CLI_KEEP}, \
    {"charset", required_argument, NULL, CLI_CHARSET}, \
    {"encoding", required_argument, NULL, CLI_ENCODING}, \
    {"lookahead", required_argument, NULL, CLI_LOOKAHEAD}, \
    {"max-block", required_argument, NULL, CLI_MAX_BLOCK}, \
    {"max-lookahead", required_argument, NULL, CLI_MAX_LOOKAHEAD}, \
    {"max-depth", required_argument, NULL, CLI_MAX_DEPTH}, \
    {"max-tag", required_argument, NULL, CLI_MAX_TAG}, \
    {"max-pending", required_argument, NULL, CLI_MAX_PENDING}, \
    {"max-input", required_argument, NULL, CLI_MAX_INPUT}, \
    {"fragment", no_argument, NULL, CLI_FRAGMENT}, \
    {"passthrough-on-error", no_argument, NULL, CLI_PASSTHROUGH}, \
    {"on-error", required_argument, NULL, CLI_ON_ERROR}, \
    {"max-hold", required_argument, NULL, CLI_MAX_HOLD}, \
    {"style", required_argument, NULL, CLI_STYLE}, \
    {"url", required_argument, NULL, CLI_URL}, \
    {"filter-list", required_argument, NULL, CLI_FILTER_LIST}, \
    {"no-filter-list", no_argument, NULL, CLI_NO_FILTER_LIST}

typedef struct cli_opts {
    pith_options opt;
    int lookahead_given;      /* --max-lookahead given */
    int default_list;         /* 0 after --no-filter-list */
    const char **lists;       /* --filter-list FILEs */
    size_t nlists;
    pith_filterlist *fl;      /* loaded by cli_finish() */
} cli_opts;

/* pith_options_init() with the tool's defaults (on-error story: it streams). */
void cli_init(cli_opts *co);

/* The short option c (one of CLI_LIB_SHORTOPTS) as its CLI_* value. */
int cli_short(int c);

/* Sets option c (CLI_*) from arg.  Returns 0, or an exit code (1 usage,
   4 out of memory) after a message on stderr naming the option. */
int cli_option(cli_opts *co, int c, const char *arg, const char *prog);

/* Checks the options together and loads the filter lists (the installed
   EasyList unless --no-filter-list, then each --filter-list) into co->fl and
   co->opt.filterlist.  Returns 0, or an exit code (1 usage, 3 a list cannot
   be read, 4 out of memory) after a message. */
int cli_finish(cli_opts *co, const char *prog);

/* Frees the lists. */
void cli_free(cli_opts *co);

#endif /* PITH_CLI_OPTS_H */
