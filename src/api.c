/* api.c -- the public interface: options, new / feed / flush / finish / free.
 * Every entry point checks its handle and state first; errors are sticky.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <string.h>
#include <strings.h>
#include "filter.h"

void pith_options_init(pith_options *opt)
{
    if (opt == NULL)
        return;
    memset(opt, 0, sizeof *opt);
    opt->format = PITH_FORMAT_HTML;
    opt->keep = PITH_STORY;
    opt->encoding = PITH_ENC_AUTO;
    opt->charset = NULL;
    opt->lookahead = 16;
    opt->max_lookahead = 256 * 1024;
    opt->max_block = 64 * 1024;
    opt->max_depth = 256;
    opt->max_tag = 64 * 1024;
    opt->max_pending = 1024 * 1024;
    opt->max_input = 0;
    opt->flags = 0;
    opt->on_error = PITH_ON_ERROR_ORIGINAL;
    opt->max_hold = 32ULL << 20;
    opt->style = PITH_STYLE_READER;
    opt->url = NULL;
}

/* One check for every front-end: options.c. */
static int check_options(const pith_options *o)
{
    return pith_options_check(o, NULL, 0);
}

/* The function behind the pith_new() macro of pith.h, for programs built
   before it: they pass no version, so their pith_options is taken to be ours. */
#undef pith_new
int pith_new(pith_filter **out, const pith_options *opt, pith_sink_fn sink, void *opaque)
{
    return pith_new_(out, opt, sink, opaque, PITH_OPTIONS_VERSION, sizeof(pith_options));
}

int pith_new_(pith_filter **out, const pith_options *opt, pith_sink_fn sink, void *opaque,
              int options_version, size_t options_size)
{
    pith_options defaults;
    pith_filter *pf;
    pith_mem mem;
    int rc;

    /* a caller compiled with another pith_options (zlib checks the same way) */
    if (options_version != PITH_OPTIONS_VERSION || options_size != sizeof(pith_options))
        return PITH_EINVAL;
    if (out == NULL || sink == NULL)
        return PITH_EINVAL;
    if (opt == NULL) {
        pith_options_init(&defaults);
        opt = &defaults;
    }
    if ((rc = check_options(opt)) != PITH_OK)
        return rc;
    mem.alloc = opt->alloc;
    mem.realloc = opt->realloc;
    mem.release = opt->release;
    mem.ud = opt->alloc_ud;
    pf = pith_calloc(&mem, 1, sizeof *pf);
    if (pf == NULL)
        return PITH_ENOMEM;
    pf->opt = *opt;
    pf->mem = mem;
    pf->sink = sink;
    pf->opaque = opaque;
    pf->state = PITH_S_FEED;
    if (opt->charset && *opt->charset) {
        if ((pf->charset = pith_strdup(&mem, opt->charset)) == NULL) {
            pith_free(pf);
            return PITH_ENOMEM;
        }
    }
    pf->opt.charset = pf->charset;
    if (opt->url && *opt->url) {
        if ((pf->url = pith_strdup(&mem, opt->url)) == NULL) {
            pith_free(pf);
            return PITH_ENOMEM;
        }
    }
    pf->opt.url = pf->url;
    pf->page.url = pf->url;
    pith_fl_host(pf->url, pf->page.host, sizeof pf->page.host);   /* for site rules */
    if ((rc = pith_decode_init(pf)) != PITH_OK || (rc = pith_rawtext_init(pf)) != PITH_OK ||
        (rc = pith_parse_init(pf)) != PITH_OK || (rc = pith_segment_init(pf)) != PITH_OK ||
        (rc = pith_classify_init(pf)) != PITH_OK || (rc = pith_emit_init(pf)) != PITH_OK) {
        pith_free(pf);
        return rc;
    }
    *out = pf;
    return PITH_OK;
}

static int finish(pith_filter *pf);

/* Records the first error; returns the sticky one. */
static int fail(pith_filter *pf, int rc)
{
    if (rc < 0 && pf->err == PITH_OK)
        pf->err = rc;
    return pf->err;
}

/* The checks of pith_feed and pith_flush, in order: the handle, a call from
   the sink (refused, nothing changes), the sticky error, a bad argument
   (refused, nothing changes), the state. */
static int may_feed(const pith_filter *pf, int bad_arg)
{
    if (pf == NULL)
        return PITH_EINVAL;
    if (pf->busy)
        return PITH_ESTATE;
    if (pf->err)
        return pf->err;
    if (bad_arg)
        return PITH_EINVAL;
    if (pf->state != PITH_S_FEED)
        return PITH_ESTATE;
    return PITH_OK;
}

/* Ends the block being filled, decides every block held and writes them;
   end is pith_emit_flush or, at the end of a page, pith_emit_finish. */
static int drain(pith_filter *pf, int (*end)(pith_filter *))
{
    int rc = pith_segment_cut(pf);
    if (rc == PITH_OK)
        rc = pith_classify_flush(pf);
    if (rc == PITH_OK)
        rc = end(pf);
    return rc;
}

int pith_feed(pith_filter *pf, const char *buf, size_t len)
{
    int rc = may_feed(pf, buf == NULL && len);
    if (rc != PITH_OK)
        return rc;
    pf->in_bytes += len;
    pf->busy = 1;
    rc = pith_decode_feed(pf, buf, len);
    /* what this feed gave the parser is parsed now, not at the next feed */
    if (rc == PITH_OK)
        rc = pith_parse_push(pf);
    pf->busy = 0;
    return fail(pf, rc);
}

int pith_flush(pith_filter *pf)
{
    int rc = may_feed(pf, 0);
    if (rc != PITH_OK)
        return rc;
    pf->busy = 1;
    rc = pith_decode_flush(pf);
    if (rc == PITH_OK)
        rc = pith_parse_push(pf);
    if (rc == PITH_OK)
        rc = drain(pf, pith_emit_flush);
    pf->busy = 0;
    return fail(pf, rc);
}

int pith_finish(pith_filter *pf)
{
    int rc;
    if (pf == NULL)
        return PITH_EINVAL;
    if (pf->busy)
        return PITH_ESTATE;
    if (pf->state != PITH_S_FEED)
        return pf->err ? pf->err : PITH_ESTATE;
    pf->state = PITH_S_DONE;
    pf->busy = 1;
    rc = finish(pf);
    pf->busy = 0;
    return rc;
}

/* The work of pith_finish, once the state allows it. */
static int finish(pith_filter *pf)
{
    int rc = PITH_OK, first = pf->err, input_rc = pf->err;
    /* After an input problem (corrupt or cut compressed data, a limit) the
       page is still ended, so that no story text already read is lost. */
    if (first == PITH_ENOMEM || first == PITH_ESINK || first == PITH_EINVAL)
        return first;
    /* A feed's input error: decode has passed on what it decoded before it,
       and the stages after decode end the page as at the end of the input.
       The error is set aside meanwhile (the parser's callbacks do nothing
       while one is set) and stays the one returned. */
    pf->err = PITH_OK;
    if (input_rc == PITH_OK)
        input_rc = pith_decode_finish(pf);
    if (input_rc == PITH_OK || input_rc == PITH_EDATA || input_rc == PITH_ELIMIT) {
        rc = pith_rawtext_finish(pf);
        if (rc == PITH_OK)
            rc = pith_parse_finish(pf);
    }
    if (pf->err == PITH_OK || pf->err == PITH_EDATA || pf->err == PITH_ELIMIT) {
        /* a callback may have failed inside the parser */
        if (rc == PITH_OK)
            rc = drain(pf, pith_emit_finish);
    }
    if (first != PITH_OK)
        return pf->err = first;
    if (rc != PITH_OK)
        return fail(pf, rc);
    return fail(pf, input_rc);
}

int pith_page_next(pith_filter *pf)
{
    int rc;
    if (pf->err)
        return pf->err;
    rc = pith_parse_finish(pf);
    if (rc == PITH_OK && pf->err)
        rc = pf->err;              /* a callback failed inside the parser */
    if (rc == PITH_OK)
        rc = drain(pf, pith_emit_finish);
    if (rc != PITH_OK)
        return rc;
    pith_parse_reset(pf);
    if ((rc = pith_rawtext_page(pf)) != PITH_OK)
        return pf->err = rc;
    pith_segment_reset(pf);
    pith_page_reset(&pf->page);
    pith_classify_reset(pf);
    pith_emit_reset(pf);
    return PITH_OK;
}

void pith_free(pith_filter *pf)
{
    pith_mem mem;
    if (pf == NULL || pf->busy)
        return;                  /* from inside the sink: refused (pith.h) */
    mem = pf->mem;
    pith_classify_free(pf);
    pith_segment_free(pf);
    pith_block_pool_free(&pf->blocks, &mem);
    pith_page_free(&pf->page, &mem);
    pith_parse_free(pf);
    pith_rawtext_free(pf);
    pith_decode_free(pf);
    pith_emit_free(pf);
    pith_mfree(&mem, pf->charset);
    pith_mfree(&mem, pf->url);
    pith_mfree(&mem, pf);
}

const char *pith_strerror(int code)
{
    switch (code) {
    case PITH_OK: return "success";
    case PITH_EINVAL: return "invalid argument or option";
    case PITH_ENOMEM: return "out of memory";
    case PITH_ELIMIT: return "a size limit was exceeded";
    case PITH_ESINK: return "the output sink failed";
    case PITH_ESTATE: return "call out of order";
    case PITH_EDATA: return "corrupt or truncated compressed input";
    default: return "unknown error";
    }
}

const char *pith_label_name(unsigned label)
{
    switch (label) {
    case PITH_STORY: return "story";
    case PITH_NAVIGATION: return "navigation";
    case PITH_ADVERTISING: return "advertising";
    case PITH_RECOMMENDATION: return "recommendation";
    default: return NULL;
    }
}

const char *pith_on_error_name(int mode)
{
    switch (mode) {
    case PITH_ON_ERROR_ORIGINAL: return "original";
    case PITH_ON_ERROR_STORY: return "story";
    case PITH_ON_ERROR_EMPTY: return "empty";
    default: return NULL;
    }
}

int pith_on_error_parse(const char *name)
{
    for (int m = PITH_ON_ERROR_ORIGINAL; name && m <= PITH_ON_ERROR_EMPTY; m++)
        if (!strcasecmp(name, pith_on_error_name(m)))
            return m;
    return -1;
}

unsigned pith_labels_parse(const char *list)
{
    unsigned bits = 0;
    const char *p = list;
    if (list == NULL)
        return 0;
    while (*p) {
        size_t n = strcspn(p, ", ");
        unsigned b = 0;
        if (n == 3 && !strncasecmp(p, "all", 3))
            b = PITH_ALL_LABELS;
        for (unsigned l = PITH_STORY; l <= PITH_RECOMMENDATION && !b; l <<= 1)
            if (strlen(pith_label_name(l)) == n && !strncasecmp(p, pith_label_name(l), n))
                b = l;
        if (n && !b)
            return 0;
        bits |= b;
        p += n;
        while (*p == ',' || *p == ' ')
            p++;
    }
    return bits;
}

unsigned long long pith_bytes_in(const pith_filter *pf)
{
    return pf ? pf->in_bytes : 0;
}

unsigned long long pith_bytes_out(const pith_filter *pf)
{
    return pf ? pf->out_bytes : 0;
}

unsigned long long pith_blocks_out(const pith_filter *pf)
{
    return pf ? pith_emit_written(pf) : 0;
}
