/* emit.c -- stage 6: writes decided blocks in the chosen format.
 *
 *   html      a clean HTML5 document: the page's title, the kept blocks with
 *             their inline markup inside the lists, tables, quotes and
 *             figures they came from; nothing executable.  With the reader
 *             style (the default, never with --fragment) also an inline
 *             stylesheet (style.c), a thin header naming the site with a
 *             link to the original page, tables in a scrolling wrapper,
 *             bylines and captions marked for it, and a space where a
 *             <time> is glued to a word;
 *   text      the kept blocks as paragraphs separated by blank lines;
 *   jsonl     one JSON object per kept block with its label and features;
 *   annotate  every block of the page, marked with its label and a legend.
 * Output is gathered per decided block and passed to the sink at once.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stdio.h>
#include <math.h>
#include <string.h>
#include <strings.h>
#include "filter.h"
#include "style.h"

#define OUT_CAP ((size_t)1 << 30)

/* What the writing below uses of the handle, and nothing more: emit's own
   state (the output gathered, the open containers), the allocator, the
   options and the page's facts.  Only pith_emit_flush sees the sink. */
typedef struct writer {
    pith_emit *e;
    const pith_mem *mem;
    const pith_options *opt;
    const pith_page *pg;
} writer;

static writer writer_of(pith_filter *pf)
{
    writer w = { &pf->emit, &pf->mem, &pf->opt, &pf->page };
    return w;
}

int pith_emit_init(pith_filter *pf)
{
    (void)pf;
    return PITH_OK;
}

void pith_emit_reset(pith_filter *pf)
{
    pith_emit *e = &pf->emit;
    e->started = 0;
    e->written = 0;
    e->nopen = 0;
    e->td_at = 0;
}

void pith_emit_free(pith_filter *pf)
{
    pith_buf_free(&pf->emit.out, &pf->mem);
}

unsigned pith_emit_written(const pith_filter *pf)
{
    return pf->emit.written;
}

static int put(writer *w, const char *s, size_t n)
{
    return pith_buf_append(&w->e->out, w->mem, s, n, OUT_CAP);
}

static int puts_(writer *w, const char *s)
{
    return put(w, s, strlen(s));
}

static int esc(writer *w, const char *s, size_t n)
{
    return pith_buf_escape(&w->e->out, w->mem, s, n, OUT_CAP);
}

static int put3(writer *w, const char *a, const char *s, const char *z)
{
    return pith_buf_put3(&w->e->out, w->mem, a, s, z, OUT_CAP);
}

int pith_emit_flush(pith_filter *pf)
{
    pith_emit *e = &pf->emit;
    int rc;
    if (e->out.len == 0)
        return PITH_OK;
    rc = pf->sink(pf->opaque, e->out.data, e->out.len);
    pf->out_bytes += e->out.len;
    pith_buf_reset(&e->out);
    if (e->out.size > 65536)
        pith_buf_free(&e->out, &pf->mem);   /* one huge block must not stay */
    return rc ? PITH_ESINK : PITH_OK;
}

/* JSON string of n bytes of UTF-8. */
static int json_str(writer *w, const char *s, size_t n)
{
    size_t i, run = 0;
    int rc = put(w, "\"", 1);
    for (i = 0; i < n && rc == PITH_OK; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc_buf[8];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        rc = put(w, s + run, i - run);
        if (rc != PITH_OK)
            break;
        switch (c) {
        case '"': rc = puts_(w, "\\\""); break;
        case '\\': rc = puts_(w, "\\\\"); break;
        case '\n': rc = puts_(w, "\\n"); break;
        case '\t': rc = puts_(w, "\\t"); break;
        case '\r': rc = puts_(w, "\\r"); break;
        default:
            snprintf(esc_buf, sizeof esc_buf, "\\u%04x", c);
            rc = puts_(w, esc_buf);
        }
        run = i + 1;
    }
    if (rc == PITH_OK)
        rc = put(w, s + run, n - run);
    return rc == PITH_OK ? put(w, "\"", 1) : rc;
}

static const char annotate_head[] =
    "<style>\n"
    ".pith-legend{position:sticky;top:0;background:#fff;border-bottom:1px solid #888;"
    "padding:6px;font:14px sans-serif;z-index:9}\n"
    ".pith-legend span{padding:2px 8px;margin-right:6px;border-radius:3px}\n"
    "[data-pith]{margin:2px 0;padding:2px 6px;border-left:6px solid;font:15px/1.4 serif}\n"
    "[data-pith]>*{margin:0}\n"
    "[data-pith]::before{content:attr(data-pith);font:11px sans-serif;color:#555;"
    "float:right;margin-left:8px}\n"
    ".pith-story{border-color:#2a7;background:#e9f8ef}\n"
    ".pith-navigation{border-color:#47c;background:#eaf0fb}\n"
    ".pith-advertising{border-color:#d33;background:#fde9e9}\n"
    ".pith-recommendation{border-color:#e90;background:#fff3df}\n"
    "</style>\n";

static const char annotate_legend[] =
    "<div class=\"pith-legend\">pith labels: "
    "<span class=\"pith-story\">story</span>"
    "<span class=\"pith-navigation\">navigation</span>"
    "<span class=\"pith-advertising\">advertising</span>"
    "<span class=\"pith-recommendation\">recommendation</span></div>\n";

/* Whether the output is the reader view: the html format's whole document
   with style reader.  --fragment output is never styled. */
static int reader(const writer *w)
{
    return w->opt->format == PITH_FORMAT_HTML && w->opt->style == PITH_STYLE_READER &&
           !(w->opt->flags & PITH_F_FRAGMENT);
}

/* The host of an absolute http(s) URL, without user info, port or a
   leading "www.", as *host and *n; 0 if the URL has none. */
static int url_host(const char *url, const char **host, size_t *n)
{
    const char *p, *end, *at;
    if (!strncasecmp(url, "http://", 7))
        p = url + 7;
    else if (!strncasecmp(url, "https://", 8))
        p = url + 8;
    else
        return 0;
    end = p + strcspn(p, "/?#");
    for (at = p; at < end; at++)
        if (*at == '@')
            p = at + 1;                 /* user info is no name for a site */
    /* the port: after the last ':' that is not inside an IPv6 [address] */
    for (at = end; at > p && at[-1] != ':' && at[-1] != ']';)
        at--;
    if (at > p && at[-1] == ':')
        end = at - 1;
    if (end - p > 4 && !strncasecmp(p, "www.", 4))
        p += 4;
    *host = p;
    *n = (size_t)(end - p);
    return *n > 0;
}

/* The reader view's header above the story: the site (the host of the url
   option, else of an absolute <base href>) and, when the url option gives
   the page's URL, a link to the original page.  Nothing when neither
   names a host. */
static int site_header(writer *w)
{
    const char *url = w->pg->url, *host;
    size_t n;
    int rc;
    if (!(url && url_host(url, &host, &n)) && !url_host(w->pg->base, &host, &n))
        return PITH_OK;
    rc = puts_(w, "<header class=\"pith-site\"><span>");
    if (rc == PITH_OK) rc = esc(w, host, n);
    if (rc == PITH_OK) rc = puts_(w, "</span>");
    if (rc == PITH_OK && url) {
        rc = puts_(w, "<a class=\"pith-original\" href=\"");
        if (rc == PITH_OK) rc = esc(w, url, strlen(url));
        if (rc == PITH_OK) rc = puts_(w, "\">Original page</a>");
    }
    if (rc == PITH_OK) rc = puts_(w, "</header>\n");
    return rc;
}

/* The document head, written with the first output. */
static int start(writer *w)
{
    pith_emit *e = w->e;
    const pith_page *pg = w->pg;
    int rc = PITH_OK;
    int html = w->opt->format == PITH_FORMAT_HTML || w->opt->format == PITH_FORMAT_ANNOTATE;
    if (e->started)
        return PITH_OK;
    e->started = 1;
    if (!html || (w->opt->flags & PITH_F_FRAGMENT))
        return PITH_OK;
    rc = puts_(w, "<!DOCTYPE html>\n<html");
    if (rc == PITH_OK && pg->lang[0])
        rc = pith_buf_esc3(&e->out, w->mem, " lang=\"", pg->lang, strlen(pg->lang), "\"",
                           OUT_CAP);
    if (rc == PITH_OK)
        rc = puts_(w, ">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width\">\n<title>");
    if (rc == PITH_OK && pg->title.len)
        rc = esc(w, pg->title.data, pg->title.len);
    if (rc == PITH_OK)
        rc = puts_(w, "</title>\n");
    /* the page's <base href>: its relative links resolve as on the page */
    if (rc == PITH_OK && pg->base[0])
        rc = pith_buf_esc3(&e->out, w->mem, "<base href=\"", pg->base, strlen(pg->base),
                           "\">\n", OUT_CAP);
    if (rc == PITH_OK && w->opt->format == PITH_FORMAT_ANNOTATE)
        rc = puts_(w, annotate_head);
    if (rc == PITH_OK && reader(w))
        rc = puts_(w, pith_reader_css);
    if (rc == PITH_OK)
        rc = puts_(w, "</head>\n<body>\n");
    if (rc == PITH_OK && w->opt->format == PITH_FORMAT_ANNOTATE)
        rc = puts_(w, annotate_legend);
    if (rc == PITH_OK && reader(w))
        rc = site_header(w);
    return rc;
}

/* Closes output containers down to n open ones. */
static int close_to(writer *w, unsigned n)
{
    pith_emit *e = w->e;
    int rc = PITH_OK;
    while (e->nopen > n && rc == PITH_OK) {
        e->nopen--;
        if (e->td_at && e->td_at == e->nopen + 1) {
            e->td_at = 0;                   /* the row ends: its cell first */
            rc = puts_(w, "</td>\n");
            if (rc != PITH_OK)
                break;
        }
        rc = put3(w, "</", pith_tag_name(e->open[e->nopen].tag), ">\n");
        if (rc == PITH_OK && e->open[e->nopen].tag == TAG_table && reader(w))
            rc = puts_(w, "</div>\n");
    }
    return rc;
}

static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The last character of text before s[i], past any closing tags, or 0. */
static unsigned char text_before(const char *s, size_t i)
{
    while (i > 0 && s[i - 1] == '>') {
        size_t k = i - 1;
        while (k > 0 && s[k] != '<')
            k--;
        if (s[k] != '<' || s[k + 1] != '/')
            return 0;               /* an opening tag or an image: no word there */
        i = k;
    }
    return i > 0 ? (unsigned char)s[i - 1] : 0;
}

/* Writes a block's inline markup for the reader view.  A <time> glued to a
   word on either side ("<time>8 Oct</time>6 mins to read": the page set
   them apart with its own stylesheet) gets a space there; the text and
   jsonl formats keep the page's text as it is. */
static int reader_markup(writer *w, const char *s, size_t n)
{
    size_t i, run = 0;
    int rc = PITH_OK;
    for (i = 0; i < n && rc == PITH_OK; i++) {
        size_t j;
        if (s[i] != '<')
            continue;
        if (n - i > 5 && !strncmp(s + i, "<time", 5) && (s[i + 5] == '>' || s[i + 5] == ' ') &&
            is_alnum(text_before(s, i))) {
            rc = put(w, s + run, i - run);
            if (rc == PITH_OK)
                rc = put(w, " ", 1);
            run = i;
        } else if (n - i >= 7 && !strncmp(s + i, "</time>", 7)) {
            /* the next text, past any opening tags */
            for (j = i + 7; j < n && s[j] == '<' && s[j + 1] != '/';) {
                const char *gt = memchr(s + j, '>', n - j);
                if (gt == NULL)
                    break;
                j = (size_t)(gt - s) + 1;
            }
            if (j < n && is_alnum((unsigned char)s[j])) {
                rc = put(w, s + run, i + 7 - run);
                if (rc == PITH_OK)
                    rc = put(w, " ", 1);
                run = i + 7;
            }
        }
    }
    return rc == PITH_OK ? put(w, s + run, n - run) : rc;
}

/* Before something is written in the innermost open container: if that is
   a table row, whatever is not a cell itself (a paragraph, a heading, a list
   of a cell whose <td> pith does not track) goes in a <td> emit opens, one
   for all of them until the next real cell or the row's end; a browser would
   move it out of the table otherwise.  is_cell: a td or th comes next. */
static int row_cell(writer *w, int is_cell)
{
    pith_emit *e = w->e;
    if (e->nopen == 0 || e->open[e->nopen - 1].tag != TAG_tr)
        return PITH_OK;
    if (is_cell && e->td_at) {
        e->td_at = 0;
        return puts_(w, "</td>\n");
    }
    if (!is_cell && !e->td_at) {
        e->td_at = e->nopen;
        return puts_(w, "<td>\n");
    }
    return PITH_OK;
}

/* The element a block is written as, given the containers open around it. */
static const char *block_tag(const pith_block *b, const pith_container *inner)
{
    unsigned in = inner ? inner->tag : PITH_TAG_OTHER;
    if (b->pre)
        return "pre";
    if (b->heading)
        return b->tag >= TAG_h1 && b->tag <= TAG_h6 ? pith_tag_name(b->tag) : "h2";
    /* items, cells and captions stay what they are inside their container */
    switch (b->tag) {
    case TAG_li:
        return in == TAG_ul || in == TAG_ol || in == TAG_menu || in == TAG_dir ? "li" : "p";
    case TAG_td: case TAG_th:
        return in == TAG_tr ? pith_tag_name(b->tag) : "p";
    case TAG_dt: case TAG_dd:
        return in == TAG_dl ? pith_tag_name(b->tag) : "p";
    case TAG_figcaption:
        return in == TAG_figure ? "figcaption" : "p";
    default:
        return "p";
    }
}

/* html: opens the block's containers (lists, tables, quotes, figures) that
   are not open yet, closes the ones it is not in, and writes the block. */
static int html_block(writer *w, const pith_block *b, int annotate)
{
    pith_emit *e = w->e;
    unsigned keep = 0, i;
    const char *tag;
    int rc;

    /* annotate marks each block in a div of its own: no containers */
    while (!annotate && keep < e->nopen && keep < b->ncont &&
           e->open[keep].serial == b->cont[keep].serial)
        keep++;
    if ((rc = close_to(w, keep)) != PITH_OK)
        return rc;
    for (i = keep; !annotate && i < b->ncont && rc == PITH_OK; i++) {
        /* a table row needs its table, an item its list: skip orphans */
        if (b->cont[i].tag == TAG_tr && (i == 0 || b->cont[i - 1].tag != TAG_table))
            break;
        rc = row_cell(w, 0);
        /* the reader view scrolls a wide table, not the page */
        if (rc == PITH_OK && b->cont[i].tag == TAG_table && reader(w))
            rc = puts_(w, "<div class=\"pith-table\">\n");
        if (rc == PITH_OK)
            rc = put3(w, "<", pith_tag_name(b->cont[i].tag), ">\n");
        e->open[e->nopen++] = b->cont[i];
    }
    if (rc != PITH_OK)
        return rc;
    tag = block_tag(b, e->nopen ? &e->open[e->nopen - 1] : NULL);
    if (!annotate && (rc = row_cell(w, !strcmp(tag, "td") || !strcmp(tag, "th"))) != PITH_OK)
        return rc;
    if (annotate) {
        const char *label = pith_label_name((unsigned)b->label);
        rc = put3(w, "<div class=\"pith-", label, "\" data-pith=\"");
        if (rc == PITH_OK) rc = put3(w, label, "\">", NULL);
    }
    if (rc == PITH_OK) rc = put3(w, "<", tag, NULL);
    if (rc == PITH_OK && reader(w) && b->label == PITH_STORY) {
        /* the reader view sets bylines and datelines small, under the
           headline, and a caption outside a figure as one */
        if (b->role == ROLE_BYLINE && !b->heading)
            rc = puts_(w, " class=\"pith-byline\"");
        else if (b->role == ROLE_CAPTION && strcmp(tag, "figcaption"))
            rc = puts_(w, " class=\"pith-caption\"");
    }
    if (rc == PITH_OK) rc = puts_(w, ">");
    if (rc == PITH_OK && reader(w))
        rc = reader_markup(w, b->html.data ? b->html.data : "", b->html.len);
    else if (rc == PITH_OK)
        rc = put(w, b->html.data ? b->html.data : "", b->html.len);
    if (rc == PITH_OK) rc = put3(w, "</", tag, annotate ? "></div>\n" : ">\n");
    return rc;
}

/* The jsonl fields are written by hand, not with snprintf, whose parsing of
   the format took more than the rest of the block: put_s copies s to p,
   put_u and put_i write numbers as %llu and %d, put_3f a float as %.3f, and
   each returns the end. */
static char *put_s(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

static char *put_u(char *p, unsigned long long v)
{
    char t[24];
    int n = 0;
    do
        t[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n)
        *p++ = t[--n];
    return p;
}

static char *put_i(char *p, int v)
{
    if (v < 0) {
        *p++ = '-';
        return put_u(p, (unsigned long long)-(long long)v);
    }
    return put_u(p, (unsigned long long)v);
}

static char *put_3f(char *p, float f)
{
    /* a float times 1000 is exact in a double; rounded half to even, as
       printf rounds the exact value */
    double a = (double)f * 1000.0;
    unsigned long long u;
    double frac;
    if (!(a > -1e15 && a < 1e15))
        return p + sprintf(p, "%.3f", f);
    if (signbit(f))
        *p++ = '-';
    a = a < 0 ? -a : a;
    u = (unsigned long long)a;
    frac = a - (double)u;
    if (frac > 0.5 || (frac == 0.5 && (u & 1)))
        u++;
    p = put_u(p, u / 1000);
    *p++ = '.';
    *p++ = (char)('0' + u / 100 % 10);
    *p++ = (char)('0' + u / 10 % 10);
    *p++ = (char)('0' + u % 10);
    return p;
}

/* The block's fields up to its cues, at most 400 bytes, into num. */
static void jsonl_head(char *num, const pith_block *b)
{
    char *p = put_s(num, "{\"label\":\"");
    p = put_s(p, pith_label_name((unsigned)b->label));
    p = put_3f(put_s(p, "\",\"confidence\":"), b->confidence);
    p = put_s(put_s(put_s(p, ",\"tag\":\""), pith_tag_name(b->tag)), "\",\"offset\":");
    p = put_u(p, b->offset);
    p = put_u(put_s(p, ",\"words\":"), b->words);
    p = put_u(put_s(p, ",\"link_words\":"), b->link_words);
    p = put_u(put_s(p, ",\"links\":"), b->links);
    p = put_u(put_s(p, ",\"sentences\":"), b->sentences);
    p = put_u(put_s(p, ",\"images\":"), b->imgs);
    p = put_u(put_s(p, ",\"heading\":"), b->heading);
    p = put_u(put_s(p, ",\"depth\":"), b->depth);
    p = put_i(put_s(p, ",\"score\":"), b->score);
    p = put_s(put_s(p, ",\"role\":\""), pith_role_name((unsigned)b->role));
    p = put_s(p, "\",\"cues\":[");
    *p = '\0';
}

static int jsonl_block(writer *w, const pith_block *b)
{
    char num[512];
    int rc;
    jsonl_head(num, b);
    rc = puts_(w, num);
    for (int i = 0, first = 1; i < CUE_COUNT && rc == PITH_OK; i++) {
        if (!b->cue_depth[i])
            continue;
        if ((i == CUE_FILTER || i == CUE_ADSERVER) && b->fl_rule[i - CUE_FILTER]) {
            /* the rule that gave it, as written in the list: "filter:##.ad-slot@5" */
            int n = snprintf(num, sizeof num, "%s:%.400s@%u", pith_cue_name((unsigned)i),
                             pith_fl_rule_text(w->opt->filterlist, b->fl_rule[i - CUE_FILTER]),
                             b->cue_depth[i]);
            rc = puts_(w, first ? "" : ",");
            if (rc == PITH_OK)
                rc = json_str(w, num, n > 0 && (size_t)n < sizeof num ? (size_t)n : strlen(num));
            first = 0;
            continue;
        }
        *put_s(put_u(put_s(put_s(put_s(num, first ? "\"" : ",\""), pith_cue_name((unsigned)i)),
                           "@"), b->cue_depth[i]), "\"") = '\0';
        rc = puts_(w, num);
        first = 0;
    }
    if (rc == PITH_OK) rc = puts_(w, "],\"text\":");
    if (rc == PITH_OK) rc = json_str(w, b->text.data ? b->text.data : "", b->text.len);
    if (rc == PITH_OK) rc = puts_(w, "}\n");
    return rc;
}

int pith_emit_block(pith_filter *pf, const pith_block *b)
{
    writer w = writer_of(pf);
    pith_emit *e = &pf->emit;
    int fmt = pf->opt.format, rc;
    if (fmt != PITH_FORMAT_ANNOTATE && !((unsigned)b->label & pf->opt.keep))
        return PITH_OK;
    if (b->text.len == 0 && fmt != PITH_FORMAT_HTML && fmt != PITH_FORMAT_ANNOTATE)
        return PITH_OK;            /* images alone are for html only */
    if ((rc = start(&w)) != PITH_OK)
        return rc;
    switch (fmt) {
    case PITH_FORMAT_TEXT:
        /* text is the story's body: headline, byline and captions are in
           the html and jsonl output only */
        if (b->label == PITH_STORY && b->role != ROLE_BODY)
            return PITH_OK;
        if (e->written && (rc = puts_(&w, "\n\n")) != PITH_OK)
            return rc;
        rc = put(&w, b->text.data, b->text.len);
        break;
    case PITH_FORMAT_JSONL:
        rc = jsonl_block(&w, b);
        break;
    default:
        rc = html_block(&w, b, fmt == PITH_FORMAT_ANNOTATE);
    }
    e->written++;
    if (rc != PITH_OK)
        return rc;
    return pith_emit_flush(pf);
}

int pith_emit_finish(pith_filter *pf)
{
    writer w = writer_of(pf);
    pith_emit *e = &pf->emit;
    int rc = start(&w);
    int html = pf->opt.format == PITH_FORMAT_HTML || pf->opt.format == PITH_FORMAT_ANNOTATE;
    if (rc == PITH_OK && html)
        rc = close_to(&w, 0);
    if (rc == PITH_OK && html && !(pf->opt.flags & PITH_F_FRAGMENT))
        rc = puts_(&w, "</body>\n</html>\n");
    if (rc == PITH_OK && pf->opt.format == PITH_FORMAT_TEXT && e->written)
        rc = puts_(&w, "\n");
    if (rc != PITH_OK)
        return rc;
    return pith_emit_flush(pf);
}
