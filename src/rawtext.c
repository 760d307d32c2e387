/* rawtext.c -- stage 2: the tokenizer guard in front of libxml2.
 *
 * libxml2 2.9.14's push parser stalls inside long script/style content and
 * holds every byte after an unterminated comment or attribute.  This stage
 * reads the bytes with the HTML tokenizer's own rules for where tags,
 * comments and raw text begin and end, and passes to the parser:
 *   - text, unchanged ('<' that starts no tag becomes "&lt;");
 *   - start and end tags, whole, at most max_tag bytes (the attributes of a
 *     longer tag are cut at an attribute boundary);
 *   - the start and end tags of raw-text elements (script, style, iframe,
 *     xmp, noembed, noframes, noscript, template) but never their content;
 *   - the content of RCDATA elements (title, textarea) with '<' escaped;
 *   - the doctype; comments and bogus comments ("<?...>", "<!x...>") never;
 *   - no </body> or </html>: content after them stays in the body, as in a
 *     browser (libxml2 would drop it);
 *   - after 4 KiB of text without a tag, an empty comment at a safe place, so
 *     that the parser, which waits for the next '<', hands the text on; a
 *     word longer than 16 KiB is broken inside (no text shape can make the
 *     parser wait);
 *   - at most MAX_ATTRS attributes of a tag (libxml2 compares each with all
 *     before it);
 *   - only the tags the parser will act on, with its open elements at most
 *     max_depth deep (nesting.c: end tags that match nothing open never
 *     reach it, nor repeated <html>/<head>/<body>);
 *   - of a start tag's attributes, without a filter list, only those a stage
 *     reads (read_attr): the bytes of the others become blanks, so that
 *     positions stay the same and libxml2 only skips them;
 *   - most start tags as their name alone: rawtext reads the attributes and
 *     parse.c gives them to the stages (below, "Attributes").
 * Memory: one tag buffer of at most max_tag bytes, the mirrored element
 * stack (max_depth names), ATTS_MAX bytes of attributes waiting for the
 * parser.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "filter.h"
#include "rawattr.h"

#define RUN_BREAK 4096        /* text bytes before a break is looked for */
#define RUN_FORCE 8192        /* ... and before any safe byte will do */
#define RUN_HARD 16384        /* ... and before any byte but inside a character */
#define AMP_NEAR 32           /* bytes after '&' that may belong to a reference */

enum {
    S_DATA,      /* text */
    S_LT,        /* after '<' */
    S_ENDOPEN,   /* after "</" */
    S_TAG,       /* in a start or end tag, up to its '>' */
    S_MARKUP,    /* after "<!": comment, doctype or bogus comment */
    S_COMMENT,   /* in "<!-- ... -->" */
    S_BOGUS,     /* dropping up to '>' */
    S_RAW        /* in raw text or RCDATA, waiting for "</name" */
};

enum {
    A_TAGNAME,   /* the tag's name */
    A_SPACE,     /* where an attribute may begin */
    A_NAME,      /* an attribute's name */
    A_AFTERNAME, /* blanks after it */
    A_BEFOREVAL, /* after its '=' */
    A_QUOTED,    /* in a quoted value */
    A_UNQUOTED,  /* in an unquoted value */
    A_BOGUS,     /* bytes libxml2 skips, up to a blank or '>' */
    A_REST       /* the rest of an end tag or doctype, up to '>' */
};

/* What a start tag of name[0..n) opens: 1 raw text (script, style, iframe,
   xmp, noembed, noframes, noscript, template), 2 RCDATA (title, textarea),
   0 neither.  noscript and template too: a browser that runs scripts reads
   noscript as raw text, and never shows a template; libxml2 parses both,
   and an element left open inside (a <div>) would make it ignore their end
   tag, leaving the rest of the page inside an element pith skips
   (docs/ARCHITECTURE.md). */
static int raw_kind(const char *name, size_t n)
{
    switch (n) {
    case 3:
        return !memcmp(name, "xmp", 3);
    case 5:
        return !memcmp(name, "style", 5) ? 1 : !memcmp(name, "title", 5) ? 2 : 0;
    case 6:
        return !memcmp(name, "script", 6) || !memcmp(name, "iframe", 6);
    case 7:
        return !memcmp(name, "noembed", 7);
    case 8:
        if (!memcmp(name, "noframes", 8) || !memcmp(name, "noscript", 8) ||
            !memcmp(name, "template", 8))
            return 1;
        return !memcmp(name, "textarea", 8) ? 2 : 0;
    default:
        return 0;
    }
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}


int pith_rawtext_init(pith_filter *pf)
{
    pf->raw.state = S_DATA;
    pf->raw.since_amp = AMP_NEAR;
    return pith_nesting_init(&pf->raw.nest, &pf->mem, pf->opt.max_depth);
}

/* A new page in the stream gets a new parser (pith_page_next): its stack of
   open elements and its dictionary start empty, and so does their mirror. */
int pith_rawtext_page(pith_filter *pf)
{
    pith_nesting_free(&pf->raw.nest, &pf->mem);
    memset(&pf->raw.nest, 0, sizeof pf->raw.nest);
    pith_buf_reset(&pf->raw.atts);      /* the last parser has read them all */
    pf->raw.atts_head = 0;
    return pith_nesting_init(&pf->raw.nest, &pf->mem, pf->opt.max_depth);
}

void pith_rawtext_free(pith_filter *pf)
{
    pith_buf_free(&pf->raw.tag, &pf->mem);
    pith_buf_free(&pf->raw.atts, &pf->mem);
    pith_nesting_free(&pf->raw.nest, &pf->mem);
}

/* Passes n bytes that stand at input offset in_pos on to the parser. */
static int out(pith_filter *pf, const char *s, size_t n, unsigned long long in_pos)
{
    pith_rawtext *rt = &pf->raw;
    long long delta = (long long)(in_pos - rt->out_total);
    int rc;
    if (n == 0)
        return PITH_OK;
    rt->after_blank = 0;
    if (delta != rt->delta || rt->cp_n == 0) {
        unsigned i;
        if (rt->cp_n == sizeof rt->cp / sizeof rt->cp[0]) {
            /* full: the parser parses what it holds, and the checkpoints
               before its last event go (no position before it is asked
               again), so which ones are kept does not depend on how the
               input was split (docs/ARCHITECTURE.md, "Offsets") */
            if ((rc = pith_parse_push(pf)) != PITH_OK)
                return rc;
            (void)pith_rawtext_offset(pf, pf->parse.mark);
        }
        if (rt->cp_n == sizeof rt->cp / sizeof rt->cp[0]) {
            rt->cp_head = (rt->cp_head + 1) % (sizeof rt->cp / sizeof rt->cp[0]);
            rt->cp_n--;               /* still full: the oldest goes */
        }
        i = (rt->cp_head + rt->cp_n++) % (sizeof rt->cp / sizeof rt->cp[0]);
        rt->cp[i].out = rt->out_total;
        rt->cp[i].delta = delta;
        rt->delta = delta;
    }
    rt->out_total += n;
    return pith_parse_feed(pf, s, n);
}

unsigned long long pith_rawtext_offset(pith_filter *pf, unsigned long long pos)
{
    pith_rawtext *rt = &pf->raw;
    const unsigned size = sizeof rt->cp / sizeof rt->cp[0];
    if (rt->cp_n == 0)
        return pos;
    while (rt->cp_n > 1 && rt->cp[(rt->cp_head + 1) % size].out <= pos) {
        rt->cp_head = (rt->cp_head + 1) % size;
        rt->cp_n--;
    }
    return pos + (unsigned long long)rt->cp[rt->cp_head].delta;
}

/* Appends a byte to the tag being read, minding max_tag.  pos_ok marks that
   the tag may be cut before this byte (an attribute boundary). */
static int tag_put(pith_filter *pf, unsigned char c, int boundary)
{
    pith_rawtext *rt = &pf->raw;
    if (boundary)
        rt->tag_keep = rt->tag.len;
    if (rt->tag_over)
        return PITH_OK;
    if (rt->tag.len + 2 < rt->tag.size && rt->tag.len + 2 <= pf->opt.max_tag) {
        rt->tag.data[rt->tag.len++] = (char)c;     /* fast path: room is there */
        rt->tag.data[rt->tag.len] = '\0';
        return PITH_OK;
    }
    if (rt->tag.len + 2 > pf->opt.max_tag) {
        /* too long: keep the complete attributes, drop the rest */
        rt->tag.len = rt->tag_keep;
        rt->tag_over = 1;
        return PITH_OK;
    }
    return pith_buf_append(&rt->tag, &pf->mem, (const char *)&c, 1, pf->opt.max_tag);
}


/* Whether n[0..len) is the lower-case word w (of len bytes), in any case. */
static int same_word(const char *n, const char *w, size_t len)
{
    size_t i = 0;
    while (i < len && (char)lower((unsigned char)n[i]) == w[i])
        i++;
    return i == len;
}

/* The attributes some stage reads, as libxml2 reports their names (lower
   case), on any tag (segment.c: read_attrs) or on the tags that read them
   (segment.c: attr): 1, or 2 for one read only for some values (rel of a
   link: kept only if it names the page before or after, attr_blank).  libxml2 reads none itself: the charset of a <meta>
   is ignored (HTML_PARSE_IGNORE_ENC, parse.c).  With a filter list, the
   names its rules read are kept too (attr_read), and, while the page's host
   is not known, those that name the page's URL (host_attr). */
static int read_attr(const char *n, size_t len, const char *tag)
{
    static const char *const by_len[15] = {
        [2] = "id", [4] = "role", [5] = "class style", [6] = "hidden", [8] = "itemprop",
        [11] = "data-module data-testid", [14] = "data-component",
    };
    const char *p = len < 15 ? by_len[len] : NULL;
    for (; p && *p; p += len + (p[len] == ' '))
        if (same_word(n, p, len))
            return 1;
    /* on some tags: href and rel of a, href of base, src, alt and data-src of img, lang
       of html */
    switch (tag[0]) {
    case 'a':
        if (tag[1] != '\0')
            return 0;
        if (len == 3 && same_word(n, "rel", 3))
            return 2;               /* only "prev" and "next" (attr_blank) */
        return len == 4 && same_word(n, "href", 4);
    case 'b':
        return !strcmp(tag, "base") && len == 4 && same_word(n, "href", 4);
    case 'h':
        return !strcmp(tag, "html") && len == 4 && same_word(n, "lang", 4);
    case 'i':
        if (strcmp(tag, "img"))
            return 0;
        if (len == 3)
            return same_word(n, "src", 3) || same_word(n, "alt", 3);
        return len == 8 && same_word(n, "data-src", 8);
    default:
        return 0;
    }
}

/* The attributes that name the page's own URL, read only with a filter list
   and no URL given (segment.c: page_host): rel and href of a link, property,
   name and content of a meta. */
static int host_attr(const char *n, size_t len, const char *tag)
{
    if (tag[0] != 'l' && tag[0] != 'm')
        return 0;
    if (!strcmp(tag, "link"))
        return (len == 3 && same_word(n, "rel", 3)) || (len == 4 && same_word(n, "href", 4));
    if (!strcmp(tag, "meta"))
        return (len == 8 && same_word(n, "property", 8)) || (len == 4 && same_word(n, "name", 4)) ||
               (len == 7 && same_word(n, "content", 7));
    return 0;
}

/* Whether some stage or a rule of the filter list reads the attribute
   n[0..len) of the tag being read (hash: its lower-case bytes' PITH_HASH). */
static int attr_read(pith_filter *pf, const char *n, size_t len, unsigned hash)
{
    int r = read_attr(n, len, pf->raw.name);
    if (r == 1 || (pf->opt.filterlist &&
                   (pith_fl_attr_read(pf->opt.filterlist, &pf->page, pf->raw.name, n, len, hash) ||
                    (!pf->page.host[0] && host_attr(n, len, pf->raw.name)))))
        return 1;
    return r;
}

/* The attribute read up to here is one to drop: its bytes become blanks. */
/* Does an attribute's text (rel="...") hold "prev" or "next", in any case? */
static int names_pager(const char *p, size_t n)
{
    for (size_t i = 0; i + 4 <= n; i++) {
        unsigned char c = (unsigned char)lower((unsigned char)p[i]);
        if ((c == 'p' || c == 'n') && (same_word(p + i, "prev", 4) || same_word(p + i, "next", 4)))
            return 1;
    }
    return 0;
}

static void attr_blank(pith_rawtext *rt)
{
    if (rt->drop && rt->tag.len > rt->attr_start &&
        !(rt->drop == 2 && names_pager(rt->tag.data + rt->attr_start,
                                       rt->tag.len - rt->attr_start)))
        memset(rt->tag.data + rt->attr_start, ' ', rt->tag.len - rt->attr_start);
    rt->drop = 0;
}

/* The attribute name being read is complete: libxml2 will keep it in its
   dictionary.  Past the budget of names (nesting.c) a new one is cut from
   the tag, with the rest of the tag. */
static int attr_name_end(pith_filter *pf)
{
    pith_rawtext *rt = &pf->raw;
    int ok = 1;
    if (rt->an_len && !rt->tag_over) {
        int r = rt->end_tag ? 1 : attr_read(pf, rt->tag.data + rt->attr_start, rt->an_len,
                                            rt->an_hash);
        rt->drop = r == 1 ? 0 : r == 2 ? 2 : 1;   /* 2: blanked unless it names a pager */
        ok = pith_nesting_name(&rt->nest, &pf->mem, rt->an_hash);
        if (ok == 0) {
            rt->tag.len = rt->tag_keep = rt->attr_start;
            rt->tag_over = 1;
        }
    }
    rt->an_len = 0;
    rt->an_on = 0;
    return ok < 0 ? ok : PITH_OK;
}

/* An attribute begins, as libxml2 counts them (a name of more than
   PITH_NAME_MAX bytes is several to it): past MAX_ATTRS the tag is cut
   before it. */
static void attr_begin(pith_rawtext *rt)
{
    attr_blank(rt);
    rt->attr_len = 0;
    rt->attr_start = rt->tag.len;
    rt->an_on = 1;
    rt->an_len = 0;
    rt->an_hash = PITH_HASH_INIT;
    if (++rt->nattr > MAX_ATTRS && !rt->tag_over) {
        rt->tag_keep = rt->tag.len;
        rt->tag_over = 1;
    }
}

/* One more byte c of a tag or attribute name. */
static int name_byte(pith_filter *pf, unsigned char c)
{
    pith_rawtext *rt = &pf->raw;
    int rc = PITH_OK;
    if (++rt->attr_len > PITH_NAME_MAX) {
        rc = attr_name_end(pf);
        attr_begin(rt);
        rt->attr_len = 1;
    }
    if (rt->an_on) {
        /* libxml2 reads a name from a letter, '_', ':' or '.' on, up to the
           first byte that cannot be in one */
        if (is_name_char(c) && (rt->an_len || (!(c >= '0' && c <= '9') && c != '-'))) {
            rt->an_hash = PITH_HASH(rt->an_hash, lower(c));
            rt->an_len++;
        } else if (rc == PITH_OK) {
            rc = attr_name_end(pf);
        }
    }
    return rc;
}

static void tag_begin(pith_filter *pf, int end_tag)
{
    pith_rawtext *rt = &pf->raw;
    pith_buf_reset(&rt->tag);
    rt->fast_n = -1;
    rt->nattr = 0;
    rt->attr_len = 0;
    rt->an_on = 0;
    rt->an_len = 0;
    rt->tag_over = 0;
    rt->tag_keep = 0;
    rt->drop = 0;
    rt->nname = 0;
    rt->name[0] = '\0';
    rt->end_tag = end_tag;
    rt->attr_state = A_TAGNAME;
    rt->quote = 0;
}

/* Passes a start tag on without its attributes, keeping them for parse.c
   (rawattr.c); WHOLE when it must go whole. */
static int start_tag_out(pith_filter *pf)
{
    pith_rawtext *rt = &pf->raw;
    const char *t = rt->tag.data;
    size_t len = rt->tag.len, nl = 1, stop = 0;
    int rc;
    if (rt->fast_n >= 0)
        nl = 1 + rt->nname;                     /* fast_tag has read the name */
    else
        while (nl < len && is_name_char((unsigned char)t[nl]))
            nl++;
    if (nl - 1 != rt->nname || rt->nname >= sizeof rt->name - 1 || nl == len ||
        rt->whole_tags)
        return WHOLE;
    if ((rc = pith_rawattr_record(pf, nl, &stop)) != PITH_OK)
        return rc;
    if ((rc = out(pf, t, nl, rt->tag_in)) != PITH_OK)
        return rc;
    return out(pf, t + stop, len - stop, rt->tag_in + stop);
}

/* Many pages in one stream (cat a.html b.html): a doctype after any tag of
   this document, or an <html> start tag after </html> or after another
   <html>, begins a new document.  The page read so far is then ended, and
   every stage starts afresh for the next one (pith_page_next). */
static int page_check(pith_filter *pf)
{
    pith_rawtext *rt = &pf->raw;
    int doctype = rt->tag.len >= 9 && !memcmp(rt->tag.data, "<!DOCTYPE", 9);
    int html = !rt->end_tag && rt->nname == 4 && !strcmp(rt->name, "html");
    int rc = PITH_OK;
    if ((doctype && (rt->doc_tags || rt->doc_ended)) ||
        (html && (rt->doc_html || rt->doc_ended))) {
        rc = pith_page_next(pf);
        rt->doc_tags = rt->doc_html = rt->doc_ended = 0;
    }
    if (!doctype)
        rt->doc_tags = 1;
    if (html)
        rt->doc_html = 1;
    if (rt->end_tag && rt->nname == 4 && !strcmp(rt->name, "html"))
        rt->doc_ended = 1;
    return rc;
}

int pith_rawtext_doc_start(pith_filter *pf, int doctype)
{
    const pith_rawtext *rt = &pf->raw;
    if (rt->state != S_DATA)
        return 0;
    return doctype ? rt->doc_tags || rt->doc_ended : rt->doc_html || rt->doc_ended;
}

/* A tag kept from the parser still ends the text before it: the text after
   it must not join that text ("&am" and "p;" would make "&amp;", and runs of
   blanks would add up).  An empty comment ends it. */
static int separate(pith_filter *pf)
{
    pith_rawtext *rt = &pf->raw;
    if (!rt->after_text)
        return PITH_OK;
    rt->after_text = 0;
    pith_nesting_markup(&rt->nest, &pf->mem);
    return out(pf, "<!---->", 7, rt->tag_in);
}

/* The tag's name as libxml2 reads it, when rt->name holds all of it: the
   name run of the tag buffer, which the states and fast_tag stop at the
   same byte as libxml2 (or NULL). */
static const char *known_name(const pith_rawtext *rt)
{
    size_t at = rt->end_tag ? 2 : 1;
    if (rt->nname == 0 || rt->nname >= sizeof rt->name - 1 || rt->tag.len <= at + rt->nname ||
        is_name_char((unsigned char)rt->tag.data[at + rt->nname]))
        return NULL;
    return rt->name;
}

/* The tag is complete: pass it on and enter raw text if it opens some. */
static int tag_end(pith_filter *pf)
{
    pith_rawtext *rt = &pf->raw;
    int rc, pass;
    if ((rc = attr_name_end(pf)) != PITH_OK)
        return rc;
    attr_blank(rt);
    if (rt->tag_over)
        rt->tag.len = rt->tag_keep;
    if ((rc = pith_buf_append(&rt->tag, &pf->mem, ">", 1, pf->opt.max_tag + 1)) != PITH_OK)
        return rc;
    if ((rc = page_check(pf)) != PITH_OK)
        return rc;
    rt->state = S_DATA;
    if (rt->end_tag && rt->nname == 4 &&
        (!strcmp(rt->name, "body") || !strcmp(rt->name, "html"))) {
        /* HTML puts what follows </body> and </html> in the body still;
           libxml2 would drop it, and with it a second page in the stream */
        return separate(pf);
    }
    /* only what the parser will act on, within max_depth */
    if (rt->tag.data[1] == '!') {
        pith_nesting_markup(&rt->nest, &pf->mem);       /* the doctype */
        pass = 1;
    } else if (rt->end_tag) {
        /* an end tag the parser would ignore (an element in the way) that
           names an element pith skips: the elements in the way go first */
        while ((pass = pith_nesting_end(&rt->nest, &pf->mem, rt->tag.data, rt->tag.len,
                                        known_name(rt)))
               == PITH_NESTING_BLOCKED) {
            char end[PITH_NAME_MAX + 3];
            if ((rc = out(pf, end, pith_nesting_close_top(&rt->nest, end), rt->tag_in)) != PITH_OK)
                return rc;
        }
    } else {
        pass = pith_nesting_start(&rt->nest, &pf->mem, rt->tag.data, rt->tag.len,
                                  known_name(rt));
    }
    if (pass < 0)
        return pass;
    if (pass) {
        if (rt->end_tag || rt->tag.data[1] == '!' || (rc = start_tag_out(pf)) == WHOLE)
            rc = out(pf, rt->tag.data, rt->tag.len, rt->tag_in);
        rt->after_text = 0;
    } else {
        rc = separate(pf);
    }
#ifdef PITH_NESTING_CHECK
    if (rc == PITH_OK)
        pith_parse_check_nesting(pf, &rt->nest);
#endif
    if (!rt->end_tag) {
        int kind = rt->nname < sizeof rt->name - 1 ? raw_kind(rt->name, rt->nname) : 0;
        if (kind) {
            int raw = kind == 1;
            memcpy(rt->raw, rt->name, rt->nname + 1);
            rt->nraw = rt->nname;
            /* the text of a title kept from the parser goes with it */
            rt->rcdata = !raw && pass;
            rt->match = 0;
            rt->state = S_RAW;
        }
    }
    return rc;
}

/* Where an attribute may begin, in libxml2's loop over a tag's attributes
   (htmlParseStartTag): a name, or bytes it skips up to a blank or '>'. */
static int attr_loop(pith_filter *pf, unsigned char c)
{
    pith_rawtext *rt = &pf->raw;
    int rc;
    attr_blank(rt);
    if (c == '>')
        return tag_end(pf);
    if (is_blank(c)) {
        rt->attr_state = A_SPACE;
        return tag_put(pf, c, 1);
    }
    if (is_alpha(c) || c == '_' || c == ':' || c == '.') {
        rt->attr_state = A_NAME;
        attr_begin(rt);
        if ((rc = tag_put(pf, c, 1)) != PITH_OK)
            return rc;
        return name_byte(pf, c);
    }
    rt->attr_state = A_BOGUS;
    return tag_put(pf, c == '"' || c == '\'' ? '_' : c, 1);
}

/* One byte of a tag after its '<' (and '/').  The tag is read as libxml2
   2.9.14 reads it, so that both see it end at the same '>' (else a quote
   could hide tags from one of them): a name of name characters (at most
   PITH_NAME_MAX: more begins an attribute), then attributes: a name,
   optional blanks, '=' and a value, quoted or not; anything else is skipped
   up to a blank or '>'.  An end tag, and the doctype, end at the first '>'.
   Quotes that delimit no value become '_' (skipped bytes) or "&#39;" and
   "&#34;" (unquoted values, same value): libxml2 looks for the end of a tag
   past any quote, and would wait for one that never comes.
   Returns the status. */
static int tag_byte(pith_filter *pf, unsigned char c);

/* In an unquoted value or skipped bytes, '>' ends the tag and a blank the
   run (the tag may be cut there).  Returns 1, the status in *rc, if c was
   one of them. */
static int run_end(pith_filter *pf, unsigned char c, int *rc)
{
    if (c == '>') {
        *rc = tag_end(pf);
        return 1;
    }
    if (is_blank(c)) {
        pf->raw.attr_state = A_SPACE;
        *rc = tag_put(pf, c, 1);
        return 1;
    }
    return 0;
}

/* A byte of the tag's name, or the one after it. */
static int tag_name_byte(pith_filter *pf, unsigned char c)
{
    pith_rawtext *rt = &pf->raw;
    if (is_name_char(c) && rt->attr_len < PITH_NAME_MAX) {
        if (rt->nname < sizeof rt->name - 1) {
            rt->name[rt->nname++] = (char)lower(c);
            rt->name[rt->nname] = '\0';
        }
        rt->attr_len++;
        return tag_put(pf, c, 0);
    }
    rt->attr_len = 0;
    if (rt->end_tag) {
        /* libxml2 acts on the name alone: a tag too long is cut after it */
        rt->tag_keep = rt->tag.len;
        rt->attr_state = A_REST;
        return tag_byte(pf, c);
    }
    return attr_loop(pf, c);
}

/* A byte of an attribute's value, or of the blanks before it. */
static int value_byte(pith_filter *pf, unsigned char c)
{
    pith_rawtext *rt = &pf->raw;
    int rc;
    switch (rt->attr_state) {
    case A_QUOTED:
        if (c == (unsigned char)rt->quote) {
            rc = tag_put(pf, c, 0);
            rt->attr_state = A_SPACE;
            if (!rt->tag_over)
                rt->tag_keep = rt->tag.len;   /* after a complete attribute */
            return rc;
        }
        return tag_put(pf, c, 0);
    case A_UNQUOTED:
        if (run_end(pf, c, &rc))
            return rc;
        if (c == '"' || c == '\'') {
            const char *ref = c == '"' ? "&#34;" : "&#39;";
            for (rc = PITH_OK; *ref && rc == PITH_OK; ref++)
                rc = tag_put(pf, (unsigned char)*ref, 0);
            return rc;
        }
        return tag_put(pf, c, 0);
    default:                                       /* A_BEFOREVAL */
        if (is_blank(c))
            return tag_put(pf, c, 0);
        if (c == '>')
            return tag_end(pf);
        if (c == '"' || c == '\'') {
            rt->quote = (char)c;
            rt->attr_state = A_QUOTED;
            return tag_put(pf, c, 0);
        }
        rt->attr_state = A_UNQUOTED;
        return tag_byte(pf, c);
    }
}

/* A byte of an attribute's name, or of the blanks after it. */
static int attr_name_byte(pith_filter *pf, unsigned char c)
{
    pith_rawtext *rt = &pf->raw;
    int rc;
    if (rt->attr_state == A_NAME) {
        if (is_name_char(c) && rt->attr_len < PITH_NAME_MAX) {
            if ((rc = name_byte(pf, c)) != PITH_OK)
                return rc;
            return tag_put(pf, c, 0);
        }
        if ((rc = attr_name_end(pf)) != PITH_OK)
            return rc;
    }
    if (is_blank(c)) {
        rt->attr_state = A_AFTERNAME;
        return tag_put(pf, c, 0);
    }
    if (c == '=') {
        rt->attr_state = A_BEFOREVAL;
        return tag_put(pf, c, 0);
    }
    return attr_loop(pf, c);
}

static int tag_byte(pith_filter *pf, unsigned char c)
{
    pith_rawtext *rt = &pf->raw;
    int rc;
    switch (rt->attr_state) {
    case A_TAGNAME:
        return tag_name_byte(pf, c);
    case A_REST:                                   /* end tag, doctype */
        if (c == '>')
            return tag_end(pf);
        return tag_put(pf, c == '"' || c == '\'' ? '_' : c, 0);
    case A_QUOTED:
    case A_UNQUOTED:
    case A_BEFOREVAL:
        return value_byte(pf, c);
    case A_NAME:
    case A_AFTERNAME:
        return attr_name_byte(pf, c);
    case A_BOGUS:
        if (run_end(pf, c, &rc))
            return rc;
        return tag_put(pf, c == '"' || c == '\'' ? '_' : c, 0);
    default:                                       /* A_SPACE */
        return attr_loop(pf, c);
    }
}

/* Whether s[i] may belong to a character reference: a '&' stands in the
   AMP_NEAR bytes before it (in s, or before s: since_amp). */
static int amp_near(const pith_rawtext *rt, const char *s, size_t i)
{
    size_t j = i > AMP_NEAR ? i - AMP_NEAR : 0;
    return memchr(s + j, '&', i - j) != NULL || rt->since_amp + i < AMP_NEAR;
}

/* Where in s[0..n) text may be broken for the parser, given run bytes of
   text before s: the index after which to insert the break, or n if none.
   A space is best; past RUN_FORCE, punctuation; past RUN_HARD any byte that
   does not continue a UTF-8 character, so that the parser never waits for a
   '<' that does not come.  A reference ("&amp;", "&#233;") is never cut,
   except one longer than AMP_NEAR. */
static size_t text_break(const pith_rawtext *rt, const char *s, size_t n)
{
    size_t i = rt->run < RUN_BREAK ? RUN_BREAK - rt->run : 0;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c))
            return i + 1;
        if (rt->run + i >= RUN_FORCE && (c < 0x80 || c >= 0xC0) && c != ';' && c != '#' &&
            !is_alpha(c) && !(c >= '0' && c <= '9') && !amp_near(rt, s, i))
            return i;
        if (rt->run + i >= RUN_HARD && (c < 0x80 || c >= 0xC0) &&
            (c == '&' || !amp_near(rt, s, i)))
            return i;
    }
    return n;
}

static const char lt_ref[] = "&lt;";    /* a '<' that starts no tag, as text */

/* Text with each run of blanks cut to its first byte (a run may go on from
   the text passed just before).  libxml2 reads text a character at a time,
   and the blanks that indent markup were a third of the bytes it got on the
   aeb-dev pages; segment makes one space of any run but in pre, and
   pith_nesting_blanks_free says where the parser does not count them. */
/* The first blank of s[i..n) that follows a blank (*blank: s[i - 1] is
   one), or n; *blank then tells whether s[n - 1] is one.  Sixteen bytes at
   a time with SSE2. */
static size_t second_blank(const char *s, size_t i, size_t n, int *blank)
{
    unsigned prev = (unsigned)*blank;
#ifdef __SSE2__
    const __m128i sp = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
    const __m128i nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    for (; n - i >= 16; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, sp), _mm_cmpeq_epi8(v, tab)),
                         _mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, cr))));
        unsigned pairs = m & ((m << 1) | prev);
        if (pairs)
            return i + (size_t)__builtin_ctz(pairs);
        prev = m >> 15;
    }
#endif
    for (; i < n; i++) {
        unsigned b = cclass[(unsigned char)s[i]] & C_BLANK;
        if (b && prev)
            return i;
        prev = b;
    }
    *blank = (int)prev;
    return n;
}

static int pass_blanks_cut(pith_filter *pf, const char *s, size_t n, unsigned long long in_pos)
{
    pith_rawtext *rt = &pf->raw;
    size_t i = 0, from = 0;
    int blank = rt->after_blank, rc;
    while ((i = second_blank(s, i, n, &blank)) < n) {
        if (i > from && (rc = out(pf, s + from, i - from, in_pos + from)) != PITH_OK)
            return rc;
        while (i < n && is_blank((unsigned char)s[i]))
            i++;
        from = i;
        blank = 1;
    }
    if (n > from && (rc = out(pf, s + from, n - from, in_pos + from)) != PITH_OK)
        return rc;
    rt->after_blank = blank;
    return PITH_OK;
}

/* Text bytes that go to the parser as they are, but for runs of blanks
   where they may shrink. */
static int pass_text(pith_filter *pf, const char *s, size_t n, unsigned long long in_pos)
{
    pith_rawtext *rt = &pf->raw;
    int rc;
    if (n == 0)
        return PITH_OK;
    if (rt->state != S_RAW && !rt->whole_tags && pith_nesting_blanks_free(&rt->nest))
        rc = pass_blanks_cut(pf, s, n, in_pos);
    else
        rc = out(pf, s, n, in_pos);
    if (rc != PITH_OK)
        return rc;
    pith_nesting_text(&pf->raw.nest, &pf->mem, s, n);
    pf->raw.after_text = 1;
    return PITH_OK;
}

/* Passes text on.  libxml2 keeps the name of every reference ("&name") in
   its dictionary too: the names are counted with the others (nesting.c),
   and past the budget a '&' goes as "&#38;", which names nothing. */
static int text_out(pith_filter *pf, const char *s, size_t n, unsigned long long in_pos,
                    size_t *last_amp)
{
    pith_rawtext *rt = &pf->raw;
    size_t i = 0, from = 0;
    int rc;
    *last_amp = n;
    if (s == lt_ref) {
        *last_amp = 0;
        return pass_text(pf, s, n, in_pos);
    }
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (rt->ent_on) {
            if ((is_name_char(c) || c >= 0x80) && rt->ent_len < PITH_NAME_MAX &&
                (rt->ent_len || is_alpha(c) || c == '_' || c == ':' || c >= 0x80)) {
                rt->ent_hash = PITH_HASH(rt->ent_hash, c);
                rt->ent_len++;
                i++;
                continue;
            }
            rt->ent_on = 0;
            if (rt->ent_len && (rc = pith_nesting_name(&rt->nest, &pf->mem, rt->ent_hash)) < 0)
                return rc;
        }
        if (c != '&') {
            const char *amp = memchr(s + i, '&', n - i);
            i = amp ? (size_t)(amp - s) : n;
            continue;
        }
        *last_amp = i;
        if (rt->nest.nseen >= PITH_NAMES) {
            if ((rc = pass_text(pf, s + from, i - from, in_pos + from)) != PITH_OK ||
                (rc = pass_text(pf, "&#38;", 5, in_pos + i)) != PITH_OK)
                return rc;
            from = ++i;
            continue;
        }
        rt->ent_on = 1;
        rt->ent_len = 0;
        rt->ent_hash = PITH_HASH_INIT;
        i++;
    }
    return pass_text(pf, s + from, n - from, in_pos + from);
}

/* Passes text s[0..n), found at input offset in_pos, on with breaks in long
   runs.  Inserted bytes (in_pos of the next input byte) use n's end. */
static int text(pith_filter *pf, const char *s, size_t n, unsigned long long in_pos)
{
    pith_rawtext *rt = &pf->raw;
    int rc;
    while (n) {
        size_t k = rt->run + n < RUN_BREAK ? n : text_break(rt, s, n), amp;
        if ((rc = text_out(pf, s, k, in_pos, &amp)) != PITH_OK)
            return rc;
        /* bytes since the last '&', up to AMP_NEAR */
        if (amp < k && k - amp - 1 <= AMP_NEAR)
            rt->since_amp = k - amp - 1;
        else
            rt->since_amp = rt->since_amp + k > AMP_NEAR ? AMP_NEAR : rt->since_amp + k;
        rt->run += k;
        s += k;
        n -= k;
        in_pos += k;
        if (n) {
            rt->run = 0;
            if ((rc = out(pf, "<!---->", 7, in_pos)) != PITH_OK)
                return rc;
            pith_nesting_markup(&rt->nest, &pf->mem);
            rt->after_text = 0;
        }
    }
    return PITH_OK;
}

/* The bytes of one feed as the states read them: s is the next byte, at
   input offset in_base + (s - buf). */
typedef struct feed_in {
    const char *buf, *s, *end;
} feed_in;

static unsigned long long at(const pith_rawtext *rt, const feed_in *in, const char *p)
{
    return rt->in_base + (unsigned long long)(p - in->buf);
}

/* Each state reads from in->s (never at the end) and moves in->s past what
   it has taken: one byte, a run, or none when the next state is to read the
   same byte again.  Returns the status. */

/* Reads up to the next '<' of the feed, or its end, passing what it reads
   on as text if pass; past a '<' (*found set), notes where it stands. */
static int to_lt(pith_filter *pf, feed_in *in, int pass, int *found)
{
    pith_rawtext *rt = &pf->raw;
    const char *lt = memchr(in->s, '<', (size_t)(in->end - in->s));
    const char *stop = lt ? lt : in->end;
    int rc = PITH_OK;
    if (pass)
        rc = text(pf, in->s, (size_t)(stop - in->s), at(rt, in, in->s));
    in->s = stop;
    *found = lt != NULL;
    if (lt) {
        rt->tag_in = at(rt, in, lt);
        in->s++;
    }
    return rc;
}

/* A tag begins with prefix ("<", "</", "<!DOCTYPE"): read on in S_TAG. */
static int open_tag(pith_filter *pf, int end_tag, const char *prefix)
{
    pith_rawtext *rt = &pf->raw;
    tag_begin(pf, end_tag);
    rt->state = S_TAG;
    return pith_buf_puts(&rt->tag, &pf->mem, prefix, pf->opt.max_tag);
}

/* The fast way through a tag that lies whole in the feed and needs none of
   the byte-by-byte states' corrections (quotes where no value may stand, a
   cut at max_tag, a name longer than rawtext keeps, the budget of names):
   its bytes go into the tag buffer in one copy, the attributes no stage
   reads blanked, exactly as the states would leave them (check_rawtext
   compares both ways), and tag_end goes on from there.  Any other tag
   takes the states; fast_tag has then changed nothing but names counted in
   the budget, which counts each once. */
#define FAST_DROPS 32         /* attributes blanked in one tag */
typedef struct fast_scan {
    const char *p, *e;        /* the name's first byte, the feed's end */
    size_t pre;               /* "<" or "</" before p */
    size_t drop[FAST_DROPS][2], ndrop;   /* ranges to blank, from p */
    unsigned nattr;           /* attributes, as libxml2 counts them */
    int nkeep;                /* kept ones noted in rt->fa; -1: not all */
    const char *unq_end;      /* where the last unquoted value ended */
} fast_scan;

static int fast_drop(fast_scan *fs, const char *from, const char *to)
{
    if (fs->ndrop == FAST_DROPS)
        return 0;
    fs->drop[fs->ndrop][0] = (size_t)(from - fs->p);
    fs->drop[fs->ndrop++][1] = (size_t)(to - fs->p);
    return 1;
}

/* Notes a kept attribute for start_tag_out (name a[0..nn), value vs[0..vn)
   if val). */
static void fast_keep(pith_rawtext *rt, fast_scan *fs, const char *a, size_t nn, int val,
                      const char *vs, size_t vn)
{
    int i = fs->nkeep;
    if (i < 0)
        return;
    if ((size_t)i == sizeof rt->fa / sizeof rt->fa[0] || (val && memchr(vs, '&', vn))) {
        fs->nkeep = -1;                 /* read_attrs decides */
        return;
    }
    rt->fa[i].ns = (unsigned)(fs->pre + (size_t)(a - fs->p));
    rt->fa[i].nn = (unsigned char)nn;
    rt->fa[i].val = (unsigned char)val;
    rt->fa[i].vs = val ? (unsigned)(fs->pre + (size_t)(vs - fs->p)) : 0;
    rt->fa[i].vn = (unsigned)vn;
    fs->nkeep++;
}

/* An attribute's value after its '=' (and blanks) at q: the byte after it,
   or NULL to leave the tag to the states.  *vs, *vn: the value. */
static const char *fast_value(fast_scan *fs, const char *q, const char **vs, size_t *vn)
{
    const char *e = fs->e;
    if (*q == '"' || *q == '\'') {
        const char *r = memchr(q + 1, *q, (size_t)(e - q - 1));
        if (r == NULL)
            return NULL;
        *vs = q + 1;
        *vn = (size_t)(r - *vs);
        return r + 1;
    }
    for (*vs = q; q < e && !(cclass[(unsigned char)*q] & C_BLANK) && *q != '>'; q++)
        if (*q == '"' || *q == '\'')
            return NULL;
    if (q >= e)
        return NULL;
    *vn = (size_t)(q - *vs);
    fs->unq_end = q;
    return q;
}

/* One attribute, its name's first byte at q: the byte after it, or NULL to
   leave the tag to the states (*rc an error, if one). */
static const char *fast_attr(pith_filter *pf, fast_scan *fs, const char *q, int *rc)
{
    pith_rawtext *rt = &pf->raw;
    const char *a = q, *ne, *vs = NULL, *e = fs->e;
    unsigned h = PITH_HASH_INIT;
    size_t vn = 0;
    int dropped, val = 0;
    for (; q < e && (cclass[(unsigned char)*q] & C_NAME); q++)
        h = PITH_HASH(h, lower((unsigned char)*q));
    if (q >= e || q - a >= PITH_NAME_MAX - 1 || ++fs->nattr >= MAX_ATTRS)
        return NULL;
    if ((*rc = pith_nesting_name(&rt->nest, &pf->mem, h)) <= 0)
        return NULL;                    /* past the budget: the states cut it */
    *rc = PITH_OK;
    dropped = !attr_read(pf, a, (size_t)(q - a), h);
    ne = q;
    while (q < e && (cclass[(unsigned char)*q] & C_BLANK))
        q++;
    if (q < e && *q == '=') {
        for (q++; q < e && (cclass[(unsigned char)*q] & C_BLANK); q++)
            ;
        if (q >= e || (q = fast_value(fs, q, &vs, &vn)) == NULL)
            return NULL;
        val = 1;
        /* the blank that ends an unquoted value is the attribute's to the
           states */
        if (dropped && fs->unq_end == q && *q != '>')
            return fast_drop(fs, a, q + 1) ? q + 1 : NULL;
    }
    if (dropped)
        return fast_drop(fs, a, q) ? q : NULL;
    fast_keep(rt, fs, a, (size_t)(ne - a), val, vs, vn);
    return q;
}

/* libxml2's loop over a start tag's attributes, as tag_byte follows it,
   from q to the tag's '>': returns it, or NULL to leave the tag to the
   states (*rc an error, if one). */
static const char *fast_attrs_scan(pith_filter *pf, fast_scan *fs, const char *q, int *rc)
{
    const char *e = fs->e;
    while (q && q < e && *q != '>') {
        unsigned char c = (unsigned char)*q;
        if (cclass[c] & C_BLANK) {
            q++;
        } else if (cclass[c] & C_FIRST) {
            q = fast_attr(pf, fs, q, rc);
        } else {
            /* bytes libxml2 skips, up to a blank or '>' */
            for (; q < e && !(cclass[(unsigned char)*q] & C_BLANK) && *q != '>'; q++)
                if (*q == '"' || *q == '\'')
                    return NULL;
        }
    }
    return q && q < e ? q : NULL;
}

/* in->s is at the first byte of the name.  *done is set if the tag was
   taken (in->s then past its '>').  Returns the status. */
static int fast_tag(pith_filter *pf, feed_in *in, int end_tag, int *done)
{
    pith_rawtext *rt = &pf->raw;
    fast_scan fs;                               /* (fs.drop: the first ndrop) */
    const char *p = in->s, *q;
    size_t nn = 0, len;
    int rc = PITH_OK;
    *done = 0;
    fs.p = p;
    fs.e = in->end;
    fs.pre = end_tag ? 2 : 1;
    fs.ndrop = 0;
    fs.nattr = 0;
    fs.nkeep = 0;
    fs.unq_end = NULL;
    while (p + nn < fs.e && (cclass[(unsigned char)p[nn]] & C_NAME))
        nn++;
    if (nn >= sizeof rt->name - 1 || p + nn >= fs.e)
        return PITH_OK;
    for (size_t i = 0; i < nn; i++)
        rt->name[i] = (char)lower((unsigned char)p[i]);
    rt->name[nn] = '\0';
    if (end_tag) {
        /* the name, then anything up to the first '>' */
        q = memchr(p + nn, '>', (size_t)(fs.e - p - nn));
        if (q && (memchr(p + nn, '"', (size_t)(q - p - nn)) ||
                  memchr(p + nn, '\'', (size_t)(q - p - nn))))
            q = NULL;
    } else {
        q = fast_attrs_scan(pf, &fs, p + nn, &rc);
    }
    len = fs.pre + (size_t)((q ? q : p) - p);   /* the tag without its '>' */
    if (q == NULL || len + 3 > pf->opt.max_tag)
        return rc;
    tag_begin(pf, end_tag);                     /* (empties rt->name: its first byte) */
    rt->name[0] = (char)lower((unsigned char)p[0]);
    rt->nname = nn;
    rt->nattr = fs.nattr;
    /* the '<' or "</" may have come in the feed before */
    if ((rc = pith_buf_append(&rt->tag, &pf->mem, end_tag ? "</" : "<", fs.pre,
                              pf->opt.max_tag)) != PITH_OK ||
        (rc = pith_buf_append(&rt->tag, &pf->mem, p, len - fs.pre, pf->opt.max_tag)) != PITH_OK)
        return rc;
    for (size_t i = 0; i < fs.ndrop; i++)
        memset(rt->tag.data + fs.pre + fs.drop[i][0], ' ', fs.drop[i][1] - fs.drop[i][0]);
    if (!end_tag) {
        rt->fast_n = fs.nkeep;
        /* libxml2's loop ends at "/>" but where the '/' ends an unquoted value */
        rt->fast_stop = len - (q[-1] == '/' && fs.unq_end != q);
    }
    rt->state = S_TAG;
    rt->run = 0;
    in->s = q + 1;
    *done = 1;
    return tag_end(pf);
}

/* Text up to the next '<'. */
static int st_lt(pith_filter *pf, feed_in *in);

static int st_data(pith_filter *pf, feed_in *in)
{
    int found, rc = to_lt(pf, in, 1, &found);
    if (found) {
        pf->raw.state = S_LT;
        if (rc == PITH_OK && in->s < in->end)
            return st_lt(pf, in);       /* the next state at once */
    }
    return rc;
}

/* After '<': a tag, an end tag, markup, a bogus comment, or text. */
static int st_lt(pith_filter *pf, feed_in *in)
{
    pith_rawtext *rt = &pf->raw;
    unsigned char c = (unsigned char)*in->s;
    int rc, done;
    if (is_alpha(c)) {
        if (!rt->slow_tags && ((rc = fast_tag(pf, in, 0, &done)) != PITH_OK || done))
            return rc;
        return open_tag(pf, 0, "<");    /* c is read again as the name */
    }
    if (c != '/' && c != '!' && c != '?') {
        rt->state = S_DATA;
        return text(pf, lt_ref, 4, at(rt, in, in->s) - 1);   /* c is text */
    }
    if (c == '/') {
        rt->state = S_ENDOPEN;
    } else if (c == '!') {
        rt->state = S_MARKUP;
        rt->dashes = 0;
    } else {
        rt->state = S_BOGUS;
    }
    in->s++;
    return PITH_OK;
}

/* After "</": an end tag, or "</>" and bogus comments, dropped. */
static int st_endopen(pith_filter *pf, feed_in *in)
{
    pith_rawtext *rt = &pf->raw;
    unsigned char c = (unsigned char)*in->s;
    int rc, done;
    if (is_alpha(c)) {
        if (!rt->slow_tags && ((rc = fast_tag(pf, in, 1, &done)) != PITH_OK || done))
            return rc;
        return open_tag(pf, 1, "</");
    }
    rt->state = c == '>' ? S_DATA : S_BOGUS;  /* "</>" is dropped */
    in->s++;
    return PITH_OK;
}

/* Appends k bytes of a tag that are no boundary: in one go when the tag
   has room for them, else through tag_put. */
static int tag_put_run(pith_filter *pf, const char *s, size_t k)
{
    pith_rawtext *rt = &pf->raw;
    int rc = PITH_OK;
    if (!rt->tag_over && rt->tag.len + k + 2 <= pf->opt.max_tag)
        return pith_buf_append(&rt->tag, &pf->mem, s, k, pf->opt.max_tag);
    for (size_t j = 0; j < k && rc == PITH_OK; j++)
        rc = tag_put(pf, (unsigned char)s[j], 0);
    return rc;
}

/* How many of the bytes s[0..n) continue the tag's name, or an attribute's
   name, as tag_name_byte and attr_name_byte would take them one by one
   without ending it: the name is noted and hashed here. */
static size_t name_run(pith_rawtext *rt, const char *s, size_t n)
{
    size_t k = 0;
    int tag_name = rt->attr_state == A_TAGNAME;
    for (; k < n && rt->attr_len < PITH_NAME_MAX; k++) {
        unsigned char c = (unsigned char)s[k];
        if (!is_name_char(c))
            break;
        if (tag_name) {
            if (rt->nname < sizeof rt->name - 1)
                rt->name[rt->nname++] = (char)lower(c);
        } else if (rt->an_on) {
            if (rt->an_len == 0 && ((c >= '0' && c <= '9') || c == '-'))
                break;                          /* the name ends: tag_byte */
            rt->an_hash = PITH_HASH(rt->an_hash, lower(c));
            rt->an_len++;
        }
        rt->attr_len++;
    }
    if (tag_name)
        rt->name[rt->nname] = '\0';
    return k;
}

/* How many of s[0..n) continue an unquoted value: up to a blank, '>' or a
   quote. */
static size_t unquoted_run(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && !is_blank((unsigned char)s[k]) && s[k] != '>' && s[k] != '"' && s[k] != '\'')
        k++;
    return k;
}

/* In a tag, up to its end: the bulk of a name or value in one go, other
   bytes one at a time (tag_byte). */
static int st_tag(pith_filter *pf, feed_in *in)
{
    pith_rawtext *rt = &pf->raw;
    int rc = PITH_OK;
    rt->run = 0;
    while (rc == PITH_OK && in->s < in->end && rt->state == S_TAG) {
        unsigned char c = (unsigned char)*in->s;
        size_t n = (size_t)(in->end - in->s), k = 0;
        if (rt->attr_state == A_QUOTED && c != (unsigned char)rt->quote) {
            const char *q = memchr(in->s, rt->quote, n);
            k = (size_t)((q ? q : in->end) - in->s);
        } else if (rt->attr_state == A_TAGNAME || rt->attr_state == A_NAME) {
            k = name_run(rt, in->s, n);
        } else if (rt->attr_state == A_UNQUOTED) {
            k = unquoted_run(in->s, n);
        }
        if (k) {
            rc = tag_put_run(pf, in->s, k);
            in->s += k;
            continue;
        }
        rc = tag_byte(pf, c);
        in->s++;
    }
    return rc;
}

/* After "<!": up to 7 bytes tell a comment from a doctype (read as a tag)
   and from a bogus comment. */
static int st_markup(pith_filter *pf, feed_in *in)
{
    pith_rawtext *rt = &pf->raw;
    unsigned char c = (unsigned char)*in->s;
    int rc = PITH_OK;
    in->s++;
    rt->decl[rt->dashes++] = (char)lower(c);
    if (rt->dashes == 1 && c != '-' && lower(c) != 'd') {
        rt->state = c == '>' ? S_DATA : S_BOGUS;
    } else if (rt->dashes == 2 && rt->decl[0] == '-') {
        if (c == '-') {
            rt->state = S_COMMENT;
            rt->dashes = 0;
            rt->match = 0;              /* bytes of the comment so far */
        } else {
            rt->state = c == '>' ? S_DATA : S_BOGUS;
        }
    } else if (rt->decl[0] == 'd' && rt->dashes <= 7) {
        if (c != (unsigned char)"doctype"[rt->dashes - 1]) {
            rt->state = c == '>' ? S_DATA : S_BOGUS;
        } else if (rt->dashes == 7) {
            rc = open_tag(pf, 1, "<!DOCTYPE");  /* an end tag opens no raw text */
            rt->tag_keep = 9;
            rt->attr_state = A_REST;
        }
    }
    return rc;
}

/* In a comment: "-->" or "--!>" ends it; so do "<!-->" and "<!--->". */
static void comment_byte(pith_rawtext *rt, unsigned char c)
{
    if (c == '>' && (rt->dashes >= 2 || rt->match == (size_t)rt->dashes))
        rt->state = S_DATA;
    else if (c == '-')
        rt->dashes++;
    else if (!(c == '!' && rt->dashes >= 2))
        rt->dashes = 0;                 /* "--!": the '>' that may follow ends it */
    rt->match++;
}

/* The bytes up to the next '>' (or the feed's end) in one go: a byte that
   is neither '-' nor '!' sets the dashes to 0, so only those after the last
   such byte are read one by one. */
static int st_comment(pith_filter *pf, feed_in *in)
{
    pith_rawtext *rt = &pf->raw;
    const char *gt = memchr(in->s, '>', (size_t)(in->end - in->s));
    const char *stop = gt ? gt : in->end, *tail = stop;
    while (tail > in->s && (tail[-1] == '-' || tail[-1] == '!'))
        tail--;
    if (tail > in->s) {
        rt->match += (size_t)(tail - in->s);
        rt->dashes = 0;
        in->s = tail;
    }
    while (in->s < stop)
        comment_byte(rt, (unsigned char)*in->s++);
    if (gt)
        comment_byte(rt, (unsigned char)*in->s++);
    return PITH_OK;
}

/* A bogus comment, dropped up to its '>'. */
static int st_bogus(pith_filter *pf, feed_in *in)
{
    if (*in->s++ == '>')
        pf->raw.state = S_DATA;
    return PITH_OK;
}

/* Raw text or RCDATA after its '<' that may begin "</name": what matched is
   given back as content (RCDATA's only) when the end tag does not come. */
static int raw_unmatched(pith_filter *pf, size_t m)
{
    pith_rawtext *rt = &pf->raw;
    int rc = PITH_OK;
    if (rt->rcdata) {
        rc = text(pf, lt_ref, 4, rt->tag_in);
        if (rc == PITH_OK && m > 1) {
            rc = text(pf, "/", 1, rt->tag_in + 1);
            if (rc == PITH_OK)
                rc = text(pf, rt->raw, m - 2, rt->tag_in + 2);
        }
    }
    rt->match = 0;
    return rc;
}

/* Raw text (script, style, ...) or RCDATA (title, textarea): its content
   (RCDATA's goes on as text) up to "</name" followed by a blank, '/' or
   '>', which is read as an end tag. */
static int st_raw(pith_filter *pf, feed_in *in)
{
    pith_rawtext *rt = &pf->raw;
    unsigned char c = (unsigned char)*in->s;
    size_t m = rt->match;
    int rc = PITH_OK;
    if (m == 0) {
        int found;
        rc = to_lt(pf, in, rt->rcdata, &found);
        if (found)
            rt->match = 1;
        return rc;
    }
    if ((m == 1 && c == '/') ||
        (m >= 2 && m < rt->nraw + 2 && lower(c) == (unsigned char)rt->raw[m - 2])) {
        rt->match++;
        in->s++;
        return PITH_OK;
    }
    if (m != rt->nraw + 2 || !(is_space(c) || c == '/' || c == '>'))
        return raw_unmatched(pf, m);    /* c is read again */
    rc = open_tag(pf, 1, "</");
    memcpy(rt->name, rt->raw, rt->nraw + 1);
    rt->nname = rt->nraw;
    if (rc == PITH_OK)
        rc = pith_buf_append(&rt->tag, &pf->mem, rt->raw, rt->nraw, pf->opt.max_tag);
    rt->tag_keep = rt->tag.len;         /* cut at max_tag, the tag keeps its name */
    rt->attr_state = A_REST;
    rt->match = 0;
    return rc;                          /* c is read by the tag */
}

typedef int state_fn(pith_filter *pf, feed_in *in);
static state_fn *const states[] = {
    [S_DATA] = st_data, [S_LT] = st_lt, [S_ENDOPEN] = st_endopen, [S_TAG] = st_tag,
    [S_MARKUP] = st_markup, [S_COMMENT] = st_comment, [S_BOGUS] = st_bogus, [S_RAW] = st_raw,
};

int pith_rawtext_feed(pith_filter *pf, const char *buf, size_t n)
{
    pith_rawtext *rt = &pf->raw;
    feed_in in = { buf, buf, buf + n };
    int rc = PITH_OK;
    while (in.s < in.end && rc == PITH_OK)
        rc = states[rt->state](pf, &in);
    rt->in_base += n;
    return rc;
}

int pith_rawtext_finish(pith_filter *pf)
{
    /* HTML drops a tag, comment or raw text cut by the end of the input;
       only a lone '<' is text */
    if (pf->raw.state == S_LT)
        return text(pf, lt_ref, 4, pf->raw.tag_in);
    return PITH_OK;
}
