/* parse.c -- stage 3: libxml2's HTML push parser with SAX callbacks only.
 *
 * The parser gets clean UTF-8 (HTML_PARSE_IGNORE_ENC: the decode stage has
 * already chosen and applied the charset) from the rawtext stage, which keeps
 * away what would make it stall.  Two more measures make it stream:
 *   - ctxt->checkIndex is reset before every htmlParseChunk: in 2.9.14 it is
 *     an offset into the input buffer that goes stale when the parser shrinks
 *     that buffer, and a look-up for '<' or '>' that starts past the text it
 *     needs waits for ever (docs/LIBXML2-STREAMING.md);
 *   - bytes the parser holds without parsing are counted after every chunk,
 *     and past max_pending the filter stops with PITH_ELIMIT;
 *   - bytes it has parsed are let go after a chunk once they pass
 *     SHRINK_AT: libxml2 shrinks its input only where less than 500 bytes
 *     are left unparsed after text, which a page of long tags (images
 *     inlined as data: URLs, long URLs) with words between never gives,
 *     and it then held the whole page.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include "filter.h"

/* The internals used below (ctxt->checkIndex; ctxt->input->cur, end, base,
   consumed) are those of libxml2's HTML push parser before 2.14, where the
   streaming was measured; configure refuses other versions for the same
   reason (docs/LIBXML2-STREAMING.md, "The libxml2 internals pith relies on"). */
#if LIBXML_VERSION < 20900 || LIBXML_VERSION >= 21400
#error "pith needs libxml2 2.9.0 to 2.13.x: parse.c relies on its HTML push parser's internals"
#endif


/* Parsed bytes the parser may keep before parse.c lets them go. */
#define SHRINK_AT 65536

#ifdef PITH_NESTING_CHECK
#include <stdio.h>
#include <stdlib.h>
#define PUSH_CHUNK 0          /* every piece at once: the parser keeps up */
#else
#define PUSH_CHUNK 16384
#endif

/* A callback records the first error and stops the parser; the public call
   that caused it returns the error. */
static void check(pith_filter *pf, int rc)
{
    if (rc != PITH_OK && pf->err == PITH_OK) {
        pf->err = rc;
        xmlStopParser((xmlParserCtxtPtr)pf->parse.ctxt);
    }
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    pith_filter *pf = ctx;
    unsigned long long pos = pith_parse_position(pf);
    const char **a = (const char **)atts;
    /* a start tag rawtext gave without its attributes (rawtext.c,
       "Attributes") */
    if (a == NULL)
        a = pith_rawtext_atts(pf, pos, (const char *)name);
    if (pf->err == PITH_OK)
        check(pf, pith_segment_start(pf, (const char *)name, a, pos));
    pf->parse.mark = pos;
    pf->parse.mark_gt = 1;
}

static void on_end(void *ctx, const xmlChar *name)
{
    pith_filter *pf = ctx;
    if (pf->err == PITH_OK)
        check(pf, pith_segment_end(pf, (const char *)name));
    pf->parse.mark = pith_parse_position(pf);
    pf->parse.mark_gt = 0;
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    pith_filter *pf = ctx;
    xmlParserInputPtr in;
    if (pf->err != PITH_OK || len <= 0)
        return;
    /* where the text begins: the parser calls back with its position just
       past the text, which is there unchanged unless entities were decoded */
    unsigned long long pos = pith_parse_position(pf);
    in = ((htmlParserCtxtPtr)pf->parse.ctxt)->input;
    if (in && in->cur - in->base >= len && !memcmp(in->cur - len, ch, (size_t)len)) {
        pf->parse.text_at = pos - (unsigned long long)len;
    } else {
        /* decoded entities, or the parser has let go of the bytes: the text
           began where the last event ended (past the '>' of a start tag,
           which the parser reads only after the callback) */
        pf->parse.text_at = pf->parse.mark + (pf->parse.mark_gt && pf->parse.mark < pos);
    }
    check(pf, pith_segment_text(pf, (const char *)ch, (size_t)len, pf->parse.text_at));
    pf->parse.mark = pos;
    pf->parse.mark_gt = 0;
}

/* Raw-text content never reaches the parser; this only keeps libxml2 from
   passing CDATA through characters(). */
static void on_cdata(void *ctx, const xmlChar *ch, int len)
{
    (void)ctx, (void)ch, (void)len;
}

static const htmlSAXHandler sax = {
    .startElement = on_start,
    .endElement = on_end,
    .characters = on_text,
    /* whitespace separates words: it must not be dropped */
    .ignorableWhitespace = on_text,
    .cdataBlock = on_cdata,
};

int pith_parse_init(pith_filter *pf)
{
    (void)pf;
    return PITH_OK;
}

void pith_parse_free(pith_filter *pf)
{
    if (pf->parse.ctxt) {
        htmlParserCtxtPtr ctxt = pf->parse.ctxt;
        if (ctxt->myDoc)               /* never built, but be safe */
            xmlFreeDoc(ctxt->myDoc);
        htmlFreeParserCtxt(ctxt);
        pf->parse.ctxt = NULL;
    }
    pith_buf_free(&pf->parse.pending, &pf->mem);
}

static int create(pith_filter *pf)
{
    htmlParserCtxtPtr ctxt;
    /* no HTML_PARSE_NONET: 2.9.14's HTML parser rejects it (it never loads
       anything from the network anyway) */
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_IGNORE_ENC;
    ctxt = htmlCreatePushParserCtxt((htmlSAXHandlerPtr)&sax, pf, NULL, 0, NULL,
                                    XML_CHAR_ENCODING_UTF8);
    if (ctxt == NULL)
        return PITH_ENOMEM;
    if (htmlCtxtUseOptions(ctxt, opts) != 0) {
        htmlFreeParserCtxt(ctxt);
        return PITH_EINVAL;
    }
    pf->parse.ctxt = ctxt;
    return PITH_OK;
}

/* Hands n bytes (or the end, with terminate) to libxml2. */
static int chunk(pith_filter *pf, const char *buf, size_t n, int terminate)
{
    htmlParserCtxtPtr ctxt;
    int rc;
    if (pf->parse.stopped)
        return pf->err ? pf->err : PITH_OK;
    if (pf->parse.ctxt == NULL && (rc = create(pf)) != PITH_OK)
        return rc;
    ctxt = pf->parse.ctxt;
    while (n || terminate) {
        /* htmlParseChunk takes an int size */
        int k = n > (1u << 30) ? 1 << 30 : (int)n;
#if LIBXML_VERSION < 21400
        ctxt->checkIndex = 0;        /* internal: the stale look-up index */
#endif
        pf->parse.fed += (unsigned long long)k;
        htmlParseChunk(ctxt, buf, k, terminate && (size_t)k == n);
        if (pf->err) {
            pf->parse.stopped = 1;
            return pf->err;
        }
        if (n == (size_t)k)
            break;
        buf += k;
        n -= (size_t)k;
    }
    /* internal: the bytes the parser has parsed and keeps (2.9 to 2.13);
       the parser's own shrink, between chunks, where it holds no pointer
       into its input but the input's (checkIndex is reset above) */
    if (!terminate && ctxt->input && ctxt->input->buf &&
        ctxt->input->cur - ctxt->input->base > SHRINK_AT)
        xmlParserInputShrink(ctxt->input);
    /* internal: the bytes the parser holds unparsed (2.9 to 2.13) */
    if (!terminate && ctxt->input &&
        (size_t)(ctxt->input->end - ctxt->input->cur) > pf->opt.max_pending) {
        /* the parser waits for a terminator that has not come */
        pf->parse.stopped = 1;
        xmlStopParser(ctxt);
        return PITH_ELIMIT;
    }
    return PITH_OK;
}

int pith_parse_push(pith_filter *pf)
{
    pith_parse *p = &pf->parse;
    int rc;
    if (p->pending.len == 0)
        return PITH_OK;
    rc = chunk(pf, p->pending.data, p->pending.len, 0);
    pith_buf_reset(&p->pending);
    return rc;
}

int pith_parse_feed(pith_filter *pf, const char *buf, size_t n)
{
    pith_parse *p = &pf->parse;
    int rc;
    if (p->pending.len + n > PUSH_CHUNK) {
        if ((rc = pith_parse_push(pf)) != PITH_OK)
            return rc;
        if (n > PUSH_CHUNK)
            return chunk(pf, buf, n, 0);
    }
    return pith_buf_append(&p->pending, &pf->mem, buf, n, PUSH_CHUNK);
}

int pith_parse_finish(pith_filter *pf)
{
    int rc;
    if ((rc = pith_parse_push(pf)) != PITH_OK)
        return rc;
    if (pf->parse.ctxt == NULL)
        return PITH_OK;              /* nothing was ever fed */
    return chunk(pf, NULL, 0, 1);
}

void pith_parse_reset(pith_filter *pf)
{
    pith_parse *p = &pf->parse;
    if (p->ctxt) {
        htmlParserCtxtPtr ctxt = p->ctxt;
        if (ctxt->myDoc)
            xmlFreeDoc(ctxt->myDoc);
        htmlFreeParserCtxt(ctxt);
        p->ctxt = NULL;
    }
    /* positions go on from where the last parser stopped */
    p->base = p->fed;
    p->mark = p->text_at = p->base;
    p->mark_gt = 0;
}

unsigned long long pith_parse_position(pith_filter *pf)
{
    htmlParserCtxtPtr ctxt = pf->parse.ctxt;
    if (ctxt == NULL || ctxt->input == NULL)
        return pf->parse.base;
    /* internal: the input's consumed count and cursor (2.9 to 2.13) */
    return pf->parse.base + (unsigned long long)ctxt->input->consumed +
           (unsigned long long)(ctxt->input->cur - ctxt->input->base);
}

#ifdef PITH_NESTING_CHECK
/* A build for tests and fuzzing (-DPITH_NESTING_CHECK): after each tag, when
   the parser has read every byte, its open elements must be the mirror's
   (nesting.c, given by rawtext), name for name.  Aborts if not. */
void pith_parse_check_nesting(pith_filter *pf, const pith_nesting *ns)
{
    htmlParserCtxtPtr ctxt = pf->parse.ctxt;
    int ok;
    if (ctxt == NULL || pf->parse.stopped || ctxt->input == NULL ||
        ctxt->input->cur != ctxt->input->end || ctxt->instate != XML_PARSER_CONTENT)
        return;
    ok = ctxt->nameNr == (int)ns->n;
    for (int i = 0; ok && i < ctxt->nameNr; i++)
        ok = !strcmp((const char *)ctxt->nameTab[i], ns->names.data + ns->el[i].off);
    if (!ok) {
        fprintf(stderr, "nesting: parser holds %d:", ctxt->nameNr);
        for (int i = 0; i < ctxt->nameNr; i++)
            fprintf(stderr, " %s", (const char *)ctxt->nameTab[i]);
        fprintf(stderr, "\nnesting: mirror holds %u:", ns->n);
        for (unsigned i = 0; i < ns->n; i++)
            fprintf(stderr, " %s", ns->names.data + ns->el[i].off);
        fprintf(stderr, "\n");
        abort();
    }
}
#endif
