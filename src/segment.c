/* segment.c -- stage 4: SAX events to text blocks with their features.
 *
 * A block is the text between two block-level element boundaries (or a
 * double <br>).  For each block it records what the classifier reads: the
 * text (whitespace collapsed), a clean inline-markup copy for html output,
 * word/link/sentence counts, the block element, and cues from the tags and
 * class/id/role/itemprop tokens of its ancestors, each with the depth of the
 * nearest ancestor that gave it.  Text of script, style, noscript, template,
 * svg, math, form controls, media fallbacks and hidden elements is skipped.
 * Memory: the element stack (max_depth entries) and the current block
 * (max_block bytes of text, four times that of markup).
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>
#include "filter.h"

/* s is lower (lower-case ASCII) but for the case of its letters: strcasecmp
   in the C locale, in line (attribute names are a few bytes). */
static int same_lower(const char *s, const char *lower)
{
    for (;; s++, lower++) {
        unsigned char c = (unsigned char)*s;
        if ((unsigned)(c - 'A') < 26u)
            c |= 0x20;
        if (c != (unsigned char)*lower)
            return 0;
        if (c == '\0')
            return 1;
    }
}


/* --- blocks ------------------------------------------------------------- */

int pith_segment_init(pith_filter *pf)
{
    pith_segment *s = &pf->seg;
    s->stack = pith_calloc(&pf->mem, pf->opt.max_depth + 1, sizeof *s->stack);
    if (s->stack == NULL)
        return PITH_ENOMEM;
    s->serial = 1;
    pith_tag_index(s->tag_index);
    return PITH_OK;
}

void pith_segment_reset(pith_filter *pf)
{
    pith_segment *s = &pf->seg;
    pith_elem *stack = s->stack;
    pith_block *cur = s->cur;      /* NULL after a cut */
    pith_buf href = s->href;
    /* the fields before tag_index are the page's; the caches hold what a
       value says whatever the page, so they stay */
    memset(s, 0, offsetof(pith_segment, tag_index));
    s->stack = stack;
    s->cur = cur;
    s->href = href;
    pith_buf_reset(&s->href);
    s->serial = 1;
}

void pith_segment_free(pith_filter *pf)
{
    pith_segment *s = &pf->seg;
    pith_block_destroy(&pf->mem, s->cur);
    s->cur = NULL;
    pith_buf_free(&s->href, &pf->mem);
    pith_mfree(&pf->mem, s->stack);
    s->stack = NULL;
}

static size_t html_cap(const pith_filter *pf)
{
    return pf->opt.max_block * 4 + 4096;
}

/* The markup a block keeps free for the end tags that close it when it is
   cut (close_inline): eight inline tags, the longest "</strong>".  Every
   other write to the markup leaves it. */
#define CLOSE_MAX (8 * 16)

/* The markup a block must have free for add_text to go on in it (else the
   block is cut): a link's URL is written only if it leaves that much, so
   a new block always takes some text. */
#define TEXT_MARGIN (4 * 64 + 512)

/* Has the block's markup room for n more bytes, and then its end tags?
   Markup that does not fit (a link's URL, an image, a line break, a space
   between tags) is left out: a block's text is never lost to its markup. */
static int html_fits(const pith_filter *pf, size_t n)
{
    size_t len = pf->seg.cur->html.len, cap = html_cap(pf);
    return len <= cap && n + CLOSE_MAX <= cap - len;
}

/* Does s (n bytes) escaped, and more bytes, fit the block's markup (as
   html_fits)?  The escaped length is counted only near the cap. */
static int esc_fits(const pith_filter *pf, const char *s, size_t n, size_t more)
{
    return html_fits(pf, 6 * n + more) || html_fits(pf, pith_buf_escaped_len(s, n) + more);
}

/* Does the open link's URL fit the block's markup, as ' href="..."', with
   room for text after it (TEXT_MARGIN)? */
static int href_fits(const pith_filter *pf)
{
    const pith_buf *h = &pf->seg.href;
    return esc_fits(pf, h->data, h->len, 9 + 1 + TEXT_MARGIN);
}

/* Starts a block for content that arrives now, at parser position pos. */
static int new_block(pith_filter *pf, unsigned long long pos)
{
    pith_segment *s = &pf->seg;
    pith_block *b = pith_block_new(&pf->blocks, &pf->mem);
    unsigned i, d;

    if (b == NULL)
        return PITH_ENOMEM;
    /* only html and annotate write the markup: for the other formats the
       block counts its length alone, which the cuts and the window read */
    b->html.count_only = pf->opt.format != PITH_FORMAT_HTML &&
                         pf->opt.format != PITH_FORMAT_ANNOTATE;
    b->seq = s->seq++;
    b->depth = (unsigned char)(s->depth > 255 ? 255 : s->depth);
    b->tag = TAG_div;
    for (d = s->depth; d > 0; d--) {
        const pith_elem *e = &s->stack[d - 1];
        if (e->flags & T_BLOCK && e->tag != TAG_body && e->tag != TAG_html) {
            b->tag = e->tag;
            break;
        }
    }
    for (d = s->nheading ? s->depth : 0; d > 0; d--) {
        const pith_elem *e = &s->stack[d - 1];
        if (e->flags & T_HEADING) {
            b->heading = (unsigned char)(pith_tag_name(e->tag)[1] - '0');
            break;
        }
    }
    b->pre = s->npre > 0;
    if (s->depth) {
        memcpy(b->cue_depth, s->stack[s->depth - 1].cue_depth, sizeof b->cue_depth);
        memcpy(b->fl_rule, s->stack[s->depth - 1].fl_rule, sizeof b->fl_rule);
    }
    i = s->depth > PITH_PATH ? s->depth - PITH_PATH : 0;
    for (; i < s->depth; i++)
        b->path[b->npath++] = s->stack[i].serial;
    /* structural containers for html output, innermost kept */
    for (i = 0; i < s->depth; i++) {
        const pith_elem *e = &s->stack[i];
        if (!(e->flags & T_CONTAINER))
            continue;
        if (b->ncont == PITH_CONTAINERS) {
            memmove(b->cont, b->cont + 1, sizeof b->cont[0] * (PITH_CONTAINERS - 1));
            b->ncont--;
        }
        b->cont[b->ncont].serial = e->serial;
        b->cont[b->ncont].tag = e->tag;
        b->ncont++;
    }
    b->offset = pith_rawtext_offset(pf, pos);
    s->cur = b;
    s->nopen = 0;
    s->synced = 0;
    s->space = 0;
    s->link_closed = 0;
    s->counted_link = 0;
    s->inword = 0;             /* a word never runs on from the block before */
    return PITH_OK;
}

/* Appends n bytes to the block's markup.  A markup that only counts its
   length (text and jsonl output) counts them here, as pith_buf_append
   would: the same cap, the same failure. */
static inline int put_html_n(pith_filter *pf, const char *str, size_t n)
{
    pith_buf *h = &pf->seg.cur->html;
    size_t cap = html_cap(pf);
    if (h->count_only && n <= cap && h->len <= cap - n) {
        h->len += n;
        return PITH_OK;
    }
    return pith_buf_append(h, &pf->mem, str, n, cap);
}

static inline int put_html(pith_filter *pf, const char *str)
{
    return put_html_n(pf, str, strlen(str));
}

/* Appends a, s and z to the block's markup, stopping at the first failure
   (as pith_buf_put3). */
static int put_html3(pith_filter *pf, const char *a, const char *s, const char *z)
{
    int rc = put_html(pf, a);
    if (rc == PITH_OK)
        rc = put_html(pf, s);
    if (rc == PITH_OK)
        rc = put_html(pf, z);
    return rc;
}

/* Appends a, s escaped (n bytes) and z (unless NULL) to the block's markup,
   stopping at the first failure (as pith_buf_esc3). */
static int esc_html3(pith_filter *pf, const char *a, const char *s, size_t n, const char *z)
{
    int rc = put_html(pf, a);
    if (rc == PITH_OK)
        rc = pith_buf_escape(&pf->seg.cur->html, &pf->mem, s, n, html_cap(pf));
    if (rc == PITH_OK && z)
        rc = put_html(pf, z);
    return rc;
}

/* Closes the inline tags open in the block's markup down to keep of them.
   A closed element is gone from the stack, so their names are kept. */
static int close_inline(pith_filter *pf, unsigned keep)
{
    pith_segment *s = &pf->seg;
    int rc = PITH_OK;
    if (s->nopen > keep)
        s->synced = 0;
    while (s->nopen > keep && rc == PITH_OK) {
        s->nopen--;
        rc = put_html3(pf, "</", pith_tag_name(s->open_tag[s->nopen]), ">");
    }
    return rc;
}

/* Brings the inline tags open in the block's markup in line with the inline
   elements open now: closes the ones that ended, writes a due space, opens
   the new ones. */
static int sync_inline(pith_filter *pf, int space)
{
    pith_segment *s = &pf->seg;
    unsigned want[8], nwant = 0, keep = 0, i;
    int rc = PITH_OK;
    /* no element opened or closed since the last time: the tags are in line
       (a new element always takes a new serial) */
    if (s->synced && s->synced_serial == s->serial && s->synced_depth == s->depth)
        return space && html_fits(pf, 1) ? put_html(pf, " ") : PITH_OK;
    for (i = 0; i < s->depth && nwant < 8; i++)
        if (s->stack[i].flags & T_INLINE && !s->stack[i].skip)
            want[nwant++] = i;
    while (keep < s->nopen && keep < nwant && s->open[keep] == s->stack[want[keep]].serial)
        keep++;
    rc = close_inline(pf, keep);
    if (space && rc == PITH_OK && html_fits(pf, 1))
        rc = put_html(pf, " ");
    for (i = keep; i < nwant && rc == PITH_OK; i++) {
        const pith_elem *e = &s->stack[want[i]];
        if (!html_fits(pf, strlen(pith_tag_name(e->tag)) + 2))
            break;                      /* the markup goes without the tags */
        if (e->tag == TAG_a) {
            rc = put_html(pf, "<a");
            if (rc == PITH_OK && s->href.len && e->serial == s->href_serial && href_fits(pf))
                rc = esc_html3(pf, " href=\"", s->href.data, s->href.len, "\"");
            if (rc == PITH_OK)
                rc = put_html(pf, ">");
        } else {
            rc = put_html3(pf, "<", pith_tag_name(e->tag), ">");
        }
        s->open[s->nopen] = e->serial;
        s->open_tag[s->nopen] = e->tag;
        s->nopen++;
    }
    s->synced = rc == PITH_OK;
    s->synced_serial = s->serial;
    s->synced_depth = s->depth;
    return rc;
}

int pith_segment_cut(pith_filter *pf)
{
    pith_segment *s = &pf->seg;
    pith_block *b = s->cur;
    int rc = PITH_OK;
    s->brs = 0;
    s->space = 0;
    if (b == NULL)
        return PITH_OK;
    rc = close_inline(pf, 0);
    s->cur = NULL;
    if (rc != PITH_OK) {
        pith_block_destroy(&pf->mem, b);
        return rc;
    }
    /* trailing newlines of a <br> at the end */
    while (b->text.len && b->text.data[b->text.len - 1] == '\n')
        b->text.data[--b->text.len] = '\0';
    if (b->text.len == 0 && b->imgs == 0) {
        pith_block_release(&pf->blocks, &pf->mem, b);
        return PITH_OK;
    }
    return pith_classify_push(pf, b);
}

/* count's classes of bytes: ASCII ones part of a word, a digit, the end of
   a sentence, whitespace (for add_words; a no-break space is read apart),
   escaped in the markup (pith_buf_escape), and the bytes of other
   characters. */
enum { CL_WORD = 1, CL_DIGIT = 2, CL_STOP = 4, CL_WS = 8, CL_HIGH = 16, CL_ESC = 32 };
#define W_ CL_WORD
#define D_ (CL_WORD | CL_DIGIT)
#define S_ CL_STOP
#define B_ CL_WS
#define H_ CL_HIGH
#define E_ CL_ESC
static const unsigned char byte_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, B_, B_, 0, B_, B_, 0, 0,             /* \t \n \f \r */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    B_, S_, E_, 0, 0, 0, E_, 0, 0, 0, 0, 0, 0, 0, S_, 0,            /* space ! " & . */
    D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, 0, 0, E_, 0, E_, S_,    /* 0-9 < > ? */
    0, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_,  /* A-O */
    W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, 0, 0, 0, 0, 0,      /* P-Z */
    0, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_,  /* a-o */
    W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, 0, 0, 0, 0, 0,      /* p-z */
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,  /* 0x80-0xFF */
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_,
    H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_
};
#undef W_
#undef D_
#undef S_
#undef B_
#undef H_
#undef E_

/* What count reads in a character of len bytes at p (p[0] >= 0x80): 1 part
   of a word, 2 a word by itself (CJK), 0 neither; a full stop (CJK, Arabic,
   Devanagari) adds to *sentences. */
static int mb_class(const unsigned char *p, size_t len, unsigned *sentences)
{
    unsigned c = p[0];
    unsigned cp = len == 2 ? (c & 0x1F) << 6 | (p[1] & 0x3F)
                : len == 3 ? (c & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F)
                : len == 4 ? (c & 0x07) << 18 | (p[1] & 0x3F) << 12 |
                             (p[2] & 0x3F) << 6 | (p[3] & 0x3F)
                : c;
    if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0x061F || cp == 0x0964) {
        (*sentences)++;
        return 0;
    }
    if (cp == 0x3001 || cp == 0xFF0C || cp == 0x060C)
        return 0;                  /* a comma */
    if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
        (cp >= 0xF900 && cp <= 0xFAFF))
        return 2;                  /* each ideograph or kana counts as a word */
    if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp < 0x3040))
        return 0;                  /* spaces and punctuation */
    return 1;
}

/* What add_words carries along a run of text: the counts (as count's), the
   space due before the next word, and whether a word was added. */
typedef struct run_state {
    unsigned words, digits, sentences, inword;
    size_t escaped;        /* the bytes the markup's escapes add */
    int space, added;
} run_state;

/* Copies the ASCII text from p on to *out, whitespace collapsed, and counts
   it, up to a byte of another character or end; returns where it stopped.
   A space goes before a word when base (the block's text) is not empty. */
static const unsigned char *ascii_run(const unsigned char *p, const unsigned char *end,
                                      char **out, const char *base, run_state *st)
{
    char *o = *out;
    unsigned words = 0, digits = 0, sentences = 0, inword = st->inword;
    size_t escaped = 0;
    int space = st->space, added = 0;
    for (; p < end; p++) {
        unsigned t = byte_class[*p];
        if (t & (CL_WS | CL_HIGH)) {
            if (t & CL_HIGH)
                break;
            space = 1;         /* whitespace collapses to one space */
            inword = 0;
            continue;
        }
        if (space) {
            if (o > base)
                *o++ = ' ';
            space = 0;
        }
        added = 1;
        *o++ = (char)*p;
        words += t & ~inword & CL_WORD;     /* a word begins */
        inword = t & CL_WORD;
        if (t & (CL_DIGIT | CL_STOP | CL_ESC)) {  /* the rarer bytes */
            digits += (t & CL_DIGIT) != 0;
            sentences += (t & CL_STOP) != 0;
            if (t & CL_ESC)    /* &amp; &lt; &gt; &quot; */
                escaped += *p == '&' ? 4 : *p == '"' ? 5 : 3;
        }
    }
    *out = o;
    st->words += words;
    st->digits += digits;
    st->sentences += sentences;
    st->escaped += escaped;
    st->inword = inword;
    st->space = space;
    st->added |= added;
    return p;
}

/* The words counted go to the block: link words too inside a link, and the
   link once. */
static void count_words(pith_segment *s, pith_block *b, unsigned words)
{
    b->words += words;
    if (s->link && words) {
        b->link_words += words;
        if (s->pager_serial == s->href_serial)
            b->pager = 1;
        if (s->counted_link != s->href_serial) {
            s->counted_link = s->href_serial;
            b->links++;
            for (unsigned k = 0; k < LK_COUNT; k++)
                if (s->href_kind >> k & 1 && b->link_kind[k] < 0xFFFF)
                    b->link_kind[k]++;
            if (s->href_kind >> LK_HOME & 1)
                b->home = 1;
        }
    }
}

/* Counts words, links and punctuation of text appended to a block. */
static void count(pith_segment *s, pith_block *b, const unsigned char *p, size_t n)
{
    unsigned words = 0;
    int inword = s->inword;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        int word;
        if (c < 0x80) {
            unsigned t = byte_class[c];
            word = t & CL_WORD;
            b->digits += (t & CL_DIGIT) != 0;
            b->sentences += (t & CL_STOP) != 0;
            i++;
        } else {
            size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (i + len > n)
                len = n - i;
            word = mb_class(p + i, len, &b->sentences);
            i += len;
        }
        if (word == 2 || (word && !inword))
            words++;
        inword = word == 1;
    }
    s->inword = inword;
    count_words(s, b, words);
}

/* Would sync_inline have to leave out the URL of the link open now, for
   want of room in the block's markup?  Then add_text cuts the block first,
   and the link opens the next block with its URL. */
static int href_wont_fit(const pith_filter *pf)
{
    const pith_segment *s = &pf->seg;
    unsigned i;
    if (s->href.len == 0 || href_fits(pf) ||
        (s->synced && s->synced_serial == s->serial && s->synced_depth == s->depth))
        return 0;
    for (i = 0; i < s->nopen; i++)
        if (s->open[i] == s->href_serial)
            return 0;                   /* written already */
    for (i = s->depth; i-- > 0;)
        if (s->stack[i].serial == s->href_serial)
            return (s->stack[i].flags & T_INLINE) && !s->stack[i].skip;
    return 0;
}

/* The bytes of str (n in all), at most k, whose markup fits the block with
   512 to spare (escaping takes at most 6 times the text), never cutting a
   UTF-8 sequence. */
static size_t markup_fit(const pith_filter *pf, const char *str, size_t k, size_t n)
{
    size_t len = pf->seg.cur->html.len, cap = html_cap(pf);
    size_t most = len + 512 <= cap ? (cap - len - 512) / 6 : 0;
    if (k > most)
        k = most;
    while (k < n && k > 0 && ((unsigned char)str[k] & 0xC0) == 0x80)
        k--;
    return k;
}

/* Appends visible text to the current block, cutting it at max_block; pos
   is the parser position of str[0]. */
static int add_text(pith_filter *pf, const char *str, size_t n, int pre,
                    unsigned long long pos)
{
    pith_segment *s = &pf->seg;
    int rc;
    while (n) {
        pith_block *b;
        size_t room, k, sp;
        if (s->cur == NULL && (rc = new_block(pf, pos)) != PITH_OK)
            return rc;
        b = s->cur;
        sp = s->space && b->text.len && !pre;   /* a space goes first */
        room = pf->opt.max_block > b->text.len + 1 + sp ?
               pf->opt.max_block - b->text.len - 1 - sp : 0;
        /* the parser hands text on in pieces that depend on how the input
           came: where the block is cut must not.  A word after a space that
           finds less than 4 bytes left goes to the next block; any other
           text fills this one */
        if (room == 0 || (room < 4 && sp) || b->html.len + TEXT_MARGIN > html_cap(pf) ||
            ((b->text.len || b->imgs) && href_wont_fit(pf))) {
            if ((rc = pith_segment_cut(pf)) != PITH_OK)
                return rc;
            continue;
        }
        if ((k = markup_fit(pf, str, n < room ? n : room, n)) != 0) {
            if ((rc = sync_inline(pf, s->space && b->text.len)) != PITH_OK)
                return rc;
            k = markup_fit(pf, str, k, n);  /* the tags may have taken room */
        }
        if (k == 0) {
            if ((rc = pith_segment_cut(pf)) != PITH_OK)
                return rc;
            continue;
        }
        if (s->space && b->text.len && !pre &&
            (rc = pith_buf_append(&b->text, &pf->mem, " ", 1, pf->opt.max_block)) != PITH_OK)
            return rc;
        s->space = 0;
        s->link_closed = 0;
        if ((rc = pith_buf_append(&b->text, &pf->mem, str, k, pf->opt.max_block)) != PITH_OK ||
            (rc = pith_buf_escape(&b->html, &pf->mem, str, k, html_cap(pf))) != PITH_OK)
            return rc;
        count(s, b, (const unsigned char *)str, k);
        str += k;
        n -= k;
        pos += k;
    }
    return PITH_OK;
}

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The bytes of text pith_segment_text reads apart: 1 whitespace, 2 the lead
   byte of a no-break space (0xC2 0xA0) or of another character. */
static const unsigned char ws_class[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\f'] = 1, [0xC2] = 2
};

/* Does str[i] start whitespace (a no-break space too)?  Its length, or 0. */
static size_t ws_at(const char *str, size_t i, size_t n)
{
    unsigned k = ws_class[(unsigned char)str[i]];
    if (k == 2 && !(i + 1 < n && (unsigned char)str[i + 1] == 0xA0))
        return 0;
    return k;
}

/* The most the markup of a new block takes for its inline tags
   (sync_inline): eight tags, one of them a link with its href escaped (at
   most 2048 bytes, open_link). */
#define SYNC_MAX (8 * 16 + 6 * 2048 + 16)

/* Will add_words take n bytes of text into a block begun for them?  Then
   pith_segment_text begins the block itself, as add_text would (no cut, the
   first word whole, whatever the inline tags take). */
static int words_fit_new(const pith_filter *pf, size_t n)
{
    return n + 9 <= pf->opt.max_block && (n + 1) * 6 + 768 + SYNC_MAX <= html_cap(pf);
}

/* The end of the whitespace from str[i] on (no-break spaces aside): eight
   spaces at a time while they come (indentation), then byte by byte. */
static size_t skip_ws(const char *str, size_t i, size_t n)
{
    const unsigned long long spaces = 0x2020202020202020ull;
    unsigned long long w;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, str + i, 8);
        if (w != spaces)
            break;
    }
    while (i < n && ws_class[(unsigned char)str[i]] == 1)
        i++;
    return i;
}

/* The words of str (n bytes, not preformatted) when they all fit in the
   current block as it is: what add_text would do word by word, in one pass
   (the text appended once, escaped for the markup once).  They fit when the
   inline tags are in line (no element opened or closed since) and the block
   has room for n + 1 bytes and 8 more, its markup for 6 times that and the
   margins add_text keeps: then add_text would neither cut the block nor
   split a word.  Returns 0 when they do not fit (nothing done), else 1 with
   *rc set. */
static int add_words(pith_filter *pf, const char *str, size_t n, int *rc)
{
    pith_segment *s = &pf->seg;
    pith_block *b = s->cur;
    size_t max = pf->opt.max_block, hcap = html_cap(pf), from;
    run_state st = {0, 0, 0, 0, 0, 0, 0};
    const unsigned char *p = (const unsigned char *)str, *end = p + n;
    char *out;

    if (b == NULL || !s->synced || s->synced_serial != s->serial ||
        s->synced_depth != s->depth || n + 9 > max || b->text.len > max - n - 9 ||
        (n + 1) * 6 + 768 > hcap || b->html.len > hcap - (n + 1) * 6 - 768)
        return 0;
    if ((*rc = pith_buf_reserve(&b->text, &pf->mem, n + 1, max)) != PITH_OK)
        return 1;
    from = b->text.len;
    out = b->text.data + from;
    st.inword = (unsigned)s->inword;
    st.space = s->space;
    while ((p = ascii_run(p, end, &out, b->text.data, &st)) < end) {
        /* a byte of another character: a no-break space collapses with the
           whitespace; another character is copied and counted as count
           does (a character cut by whitespace, in broken UTF-8, ends there) */
        size_t j = (size_t)(p - (const unsigned char *)str), len, m;
        int word;
        if (ws_at(str, j, n)) {
            st.space = 1;
            st.inword = 0;
            p += 2;
            continue;
        }
        if (st.space && out > b->text.data)
            *out++ = ' ';
        st.space = 0;
        st.added = 1;
        len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
        if (j + len > n)
            len = n - j;
        for (m = 1; m < len; m++)
            if ((p[m] & 0xC0) != 0x80 && ws_at(str, j + m, n)) {
                len = m;
                break;
            }
        word = mb_class(p, len, &st.sentences);
        memcpy(out, p, len);
        out += len;
        p += len;
        if (word == 2 || (word && !st.inword))
            st.words++;
        st.inword = word == 1;
    }
    s->space = st.space;
    if (st.added)
        s->brs = 0, s->link_closed = 0;
    s->inword = (int)st.inword;
    b->digits += st.digits;
    b->sentences += st.sentences;
    count_words(s, b, st.words);
    b->text.len = (size_t)(out - b->text.data);
    b->text.data[b->text.len] = '\0';
    if (b->html.count_only)    /* the length alone, which fits (see above) */
        b->html.len += b->text.len - from + st.escaped;
    else
        *rc = pith_buf_escape(&b->html, &pf->mem, b->text.data + from, b->text.len - from,
                              hcap);
    return 1;
}

/* Appends text of the page's <title> to it: whitespace collapsed, at most
   PITH_TITLE_MAX bytes, cut between two characters (never inside one). */
static int add_title(pith_segment *s, pith_buf *title, const pith_mem *mem, const char *str,
                     size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = is_ws((unsigned char)str[i]) ? ' ' : str[i];
        unsigned char u = (unsigned char)c;
        size_t len = u < 0xC0 ? 1 : u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
        if (c == ' ' && (title->len == 0 || title->data[title->len - 1] == ' '))
            continue;
        if (u >= 0x80 && u < 0xC0)
            len = 0;           /* a continuation byte: its lead decided */
        if (len && title->len + len > PITH_TITLE_MAX)
            s->title_full = 1;
        if (s->title_full)
            continue;
        if (pith_buf_append(title, mem, &c, 1, PITH_TITLE_MAX) == PITH_ENOMEM)
            return PITH_ENOMEM;
    }
    return PITH_OK;
}

int pith_segment_text(pith_filter *pf, const char *str, size_t n, unsigned long long pos)
{
    pith_segment *s = &pf->seg;
    const pith_elem *top = s->depth ? &s->stack[s->depth - 1] : NULL;
    int pre = s->cur ? s->cur->pre : 0;
    size_t i = 0;
    int rc;

    if (s->intitle && !s->overflow)
        return add_title(s, &pf->page.title, &pf->mem, str, n);
    if (top && top->skip)
        return PITH_OK;
    if (s->cur == NULL)
        pre = s->npre > 0;         /* a new block begins in preformatted text */
    if (pre) {
        if ((rc = add_text(pf, str, n, 1, pos)) != PITH_OK)
            return rc;
        s->brs = 0;
        return PITH_OK;
    }
    while (i < n) {
        size_t j = i, k = ws_at(str, i, n);
        if (k) {
            /* whitespace and no-break spaces collapse to one space */
            s->space = 1;
            s->inword = 0;
            i = skip_ws(str, i + k, n);
            continue;
        }
        if (s->cur == NULL && words_fit_new(pf, n - i) &&
            ((rc = new_block(pf, pos + i)) != PITH_OK || (rc = sync_inline(pf, 0)) != PITH_OK))
            return rc;             /* begun as add_text begins a block */
        if (add_words(pf, str + i, n - i, &rc))
            return rc;
        while (++j < n && !(ws_class[(unsigned char)str[j]] && ws_at(str, j, n)))
            ;
        if ((rc = add_text(pf, str + i, j - i, 0, pos + i)) != PITH_OK)
            return rc;
        s->brs = 0;
        i = j;
    }
    return PITH_OK;
}

/* Finds an attribute value in libxml2's NULL-terminated name/value list. */
static const char *attr(const char **atts, const char *name)
{
    if (atts == NULL)
        return NULL;
    for (; atts[0]; atts += 2)
        if (same_lower(atts[0], name))
            return atts[1] ? atts[1] : "";
    return NULL;
}

/* Keeps a <base href> for the html output: an http(s) URL or a relative one
 * (no scheme), without control characters, shorter than pg->base. */
static void keep_base(pith_page *pg, const char *v)
{
    size_t n, colon;

    if (v == NULL)
        return;
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r' || *v == '\f')
        v++;
    n = strlen(v);
    if (n == 0 || n >= sizeof pg->base)
        return;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
            return;
    colon = strcspn(v, ":/?#");
    if (v[colon] == ':' && !((colon == 4 && !strncasecmp(v, "http", 4)) ||
                             (colon == 5 && !strncasecmp(v, "https", 5))))
        return;     /* javascript:, data:, ... */
    memcpy(pg->base, v, n + 1);
}

/* May html output carry this URL?  Only http, https and mailto links,
   relative and fragment ones, and in an image's src also data: URLs of raster
   images (inline pictures are common in stories, and a browser never runs
   them); data:image/svg+xml is refused, as an SVG opened on its own can run
   script.  The scheme is read as a browser's URL parser reads it: after
   leading spaces and control characters, without tabs and newlines, in any
   case (attribute values arrive with entities already decoded, so
   "java&#x09;script:" is seen as "java\tscript:"). */
static int url_ok(const char *v, int img)
{
    static const char *const raster[] = {
        "png", "gif", "jpeg", "jpg", "pjpeg", "webp", "avif", "bmp", "x-icon",
        "vnd.microsoft.icon", "apng", NULL
    };
    char head[16];
    size_t n = 0, len = 0;
    int scheme = 1;                /* the bytes so far can be a scheme */
    while (*v && (unsigned char)*v <= ' ')
        v++;
    for (; *v && *v != ':'; v++) {
        char c = (char)(*v >= 'A' && *v <= 'Z' ? *v | 0x20 : *v);
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (!((c >= 'a' && c <= 'z') || (len && ((c >= '0' && c <= '9') || c == '+' ||
                                                c == '-' || c == '.')))) {
            scheme = 0;
            break;
        }
        if (n < sizeof head - 1)
            head[n++] = c;
        len++;
    }
    head[n] = '\0';
    if (!scheme || *v != ':' || len == 0)
        return 1;                  /* no scheme: relative, or a fragment */
    v++;
    if (len >= sizeof head)
        return 0;                  /* a long scheme: none of ours */
    if (!strcmp(head, "http") || !strcmp(head, "https") || !strcmp(head, "mailto"))
        return 1;
    if (img && !strcmp(head, "data")) {
        /* v is past "data:" now; the media type up to ';' or ',' */
        char type[32];
        size_t t = 0;
        for (; *v && *v != ';' && *v != ',' && t < sizeof type - 1; v++) {
            if (*v == '\t' || *v == '\n' || *v == '\r' || *v == ' ')
                continue;
            type[t++] = (char)(*v >= 'A' && *v <= 'Z' ? *v | 0x20 : *v);
        }
        type[t] = '\0';
        if (strncmp(type, "image/", 6))
            return 0;
        for (int i = 0; raster[i]; i++)
            if (!strcmp(type + 6, raster[i]))
                return 1;
    }
    return 0;
}

/* An image inside a block: its markup, and a block of its own if needed. */
static int add_img(pith_filter *pf, const char **atts, unsigned long long pos)
{
    pith_segment *s = &pf->seg;
    const char *src = attr(atts, "src"), *alt = attr(atts, "alt");
    const char *lazy = attr(atts, "data-src");
    size_t ns, na;
    int rc;
    if (lazy && *lazy && (src == NULL || !strncmp(src, "data:", 5)))
        src = lazy;
    if (src == NULL || *src == '\0' || !url_ok(src, 1))
        return PITH_OK;
    if (s->cur == NULL && (rc = new_block(pf, pos)) != PITH_OK)
        return rc;
    if (s->cur->html.len + strlen(src) + (alt ? strlen(alt) : 0) + 64 > html_cap(pf))
        return PITH_OK;            /* no room: the image is dropped, never text */
    if ((rc = sync_inline(pf, s->space && s->cur->text.len)) != PITH_OK)
        return rc;
    /* <img src="" alt=""> with src and alt escaped (exactly, near the cap) */
    ns = strlen(src), na = alt ? strlen(alt) : 0;
    if (!html_fits(pf, 6 * (ns + na) + 19) &&
        !html_fits(pf, pith_buf_escaped_len(src, ns) + pith_buf_escaped_len(alt, na) + 19))
        return PITH_OK;
    rc = esc_html3(pf, "<img src=\"", src, strlen(src), NULL);
    if (rc == PITH_OK && alt)
        rc = esc_html3(pf, "\" alt=\"", alt, strlen(alt), NULL);
    if (rc == PITH_OK)
        rc = put_html(pf, "\">");
    s->cur->imgs++;
    return rc;
}

/* The attributes of a start tag that segment reads, found in one pass. */
typedef struct tag_attrs {
    const char *cls, *ident, *role, *itemprop, *style, *lang;
    const char *data;       /* data-testid, data-component or data-module */
    int hidden;             /* the hidden attribute */
} tag_attrs;

/* Every attribute read here or by attr() is listed in read_attr (rawtext.c),
   with the tags it is read on: the parser sees no other without a filter list. */
static void read_attrs(const char **atts, tag_attrs *ta)
{
    memset(ta, 0, sizeof *ta);
    for (const char **a = atts; a && a[0]; a += 2) {
        const char *n = a[0], *v = a[1] ? a[1] : "";
        switch (n[0] | 0x20) {
        case 'c': if (same_lower(n, "class")) ta->cls = v; break;
        case 'i':
            if (same_lower(n, "id")) ta->ident = v;
            else if (same_lower(n, "itemprop")) ta->itemprop = v;
            break;
        case 'r': if (same_lower(n, "role")) ta->role = v; break;
        case 's': if (same_lower(n, "style")) ta->style = v; break;
        /* (aria-hidden="true" hides from screen readers only: its text is on
           the screen, often a caption or a pull quote, and stays) */
        case 'h': if (same_lower(n, "hidden")) ta->hidden = 1; break;
        case 'l': if (same_lower(n, "lang")) ta->lang = v; break;
        case 'd':
            if (same_lower(n, "data-testid") || same_lower(n, "data-component") ||
                same_lower(n, "data-module"))
                ta->data = v;
            break;
        default: break;
        }
    }
}

/* Does a rel value v hold the token word (lower case; any case in v)? */
static int rel_has(const char *v, const char *word)
{
    size_t w = strlen(word);
    while (v && *v) {
        size_t n;
        v += strspn(v, " \t\n\r\f");
        n = strcspn(v, " \t\n\r\f");
        if (n == w && !strncasecmp(v, word, w))
            return 1;
        v += n;
    }
    return 0;
}

/* With a filter list and no URL given, the page's own URL names its host
   for the list's site rules: the first absolute http(s) URL of a <base
   href>, a <link rel="canonical" href> or a <meta property="og:url"
   content> (docs/ARCHITECTURE.md, "Filter lists"). */
static void page_host(pith_page *pg, const char *name, const char **atts)
{
    const char *v = NULL, *p;
    switch (name[0] | 0x20) {
    case 'b': if (same_lower(name, "base")) v = attr(atts, "href"); break;
    case 'l':
        if (same_lower(name, "link") && rel_has(attr(atts, "rel"), "canonical"))
            v = attr(atts, "href");
        break;
    case 'm':
        if (same_lower(name, "meta") &&
            (((p = attr(atts, "property")) && same_lower(p, "og:url")) ||
             ((p = attr(atts, "name")) && same_lower(p, "og:url"))))
            v = attr(atts, "content");
        break;
    default: break;
    }
    if (v == NULL)
        return;
    v += strspn(v, " \t\n\r\f");
    if (strncasecmp(v, "http://", 7) && strncasecmp(v, "https://", 8))
        return;
    pith_fl_host(v, pg->host, sizeof pg->host);
    if (pg->host[0]) {
        pg->host_from_page = 1;
        pg->fl_nsites = 0;          /* its sites are found at the next look-up */
    }
}

/* The page's facts a start tag may give: its title, language and base URL,
   and its host when the caller gave none. */
static void page_facts(pith_filter *pf, unsigned id, const char *name, const char **atts,
                       const tag_attrs *ta, const pith_elem *parent)
{
    pith_page *pg = &pf->page;
    /* the page's title sits in <head>, whose text is otherwise skipped, or
       in the body when text before <html> made the parser open the body
       early (the title's own T_SKIP does not count) */
    if (id == TAG_title && pg->title.len == 0 &&
        (!(parent && parent->skip) || parent->tag == TAG_head))
        pf->seg.intitle = 1;
    if (id == TAG_html && ta->lang && strlen(ta->lang) < sizeof pg->lang)
        strcpy(pg->lang, ta->lang);
    /* the page's base URL (its first <base href>, as browsers take it): the
       html output keeps it, so relative links resolve as on the page */
    if (!pg->base[0] && (name[0] | 0x20) == 'b' && same_lower(name, "base"))
        keep_base(pg, attr(atts, "href"));
    if (pf->opt.filterlist && !pg->host[0] && atts)
        page_host(pg, name, atts);
}

/* A hash of the n bytes of v for the cache of values, eight at a time. */
static unsigned hash_value(const char *v, size_t n)
{
    unsigned long long h = n, w;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, v + i, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 29;
    }
    for (w = 0; i < n; i++)
        w = w << 8 | (unsigned char)v[i];
    h = (h ^ w) * 0x9E3779B97F4A7C15ull;
    return (unsigned)(h >> 32);
}

/* What is known of a value in its cache entry (seg_cue_cache.known). */
enum { VC_CUES = 1, VC_HIDING = 2, VC_HIDES = 4 };

/* The cache's entry for value v, taken over for v if it held another (what
   v says is worked out when first asked: the same class strings come back
   on every card of a list); NULL for an empty value or one too long to
   keep. */
static struct seg_cue_cache *value_entry(pith_segment *s, const char *v)
{
    size_t n = strlen(v);
    struct seg_cue_cache *e;
    if (n == 0 || n >= SEG_CACHE_VALUE)
        return NULL;
    e = &s->cue_cache[hash_value(v, n) % SEG_CACHE];
    if (e->len != n || memcmp(e->value, v, n)) {
        e->len = (unsigned char)n;
        e->known = 0;
        memcpy(e->value, v, n);
    }
    return e;
}

/* The cue bits of value v, through its entry e (NULL: not kept). */
static unsigned entry_cues(pith_segment *s, struct seg_cue_cache *e, const char *v)
{
    if (e == NULL)
        return *v ? pith_value_cues(s->tok_cache, v) : 0;
    if (!(e->known & VC_CUES)) {
        e->bits = pith_value_cues(s->tok_cache, v);
        e->known |= VC_CUES;
    }
    return e->bits;
}

/* Does class value v hide its element?  Through its entry e, as above. */
static int entry_hides(struct seg_cue_cache *e, const char *v)
{
    if (e == NULL)
        return pith_hidden_class(v);
    if (!(e->known & VC_HIDING))
        e->known |= VC_HIDING | (pith_hidden_class(v) ? VC_HIDES : 0);
    return (e->known & VC_HIDES) != 0;
}

/* Is an element hidden by its own attributes? */
static int attrs_hide(const tag_attrs *ta, struct seg_cue_cache *cls)
{
    return ta->hidden || (ta->style && pith_style_hidden(ta->style)) ||
           (ta->cls && entry_hides(cls, ta->cls));
}

/* value_cues through the cache of values. */
static unsigned cached_value_cues(pith_segment *s, const char *v)
{
    return entry_cues(s, value_entry(s, v), v);
}

/* The cues an element gives (bits of enum pith_cue): its tag's, and those of
   its tokens unless its text is skipped. */
static unsigned elem_cues(pith_segment *s, unsigned id, int skip,
                          const tag_attrs *ta, struct seg_cue_cache *cls)
{
    unsigned cues = 0;
    if (!skip) {
        if (ta->cls)   /* first: cls is still its entry */
            cues |= entry_cues(s, cls, ta->cls);
        if (ta->ident)
            cues |= cached_value_cues(s, ta->ident);
        if (ta->role)
            cues |= pith_role_cues(ta->role);
        if (ta->itemprop)
            cues |= pith_itemprop_cues(ta->itemprop);
        if (ta->data)
            cues |= cached_value_cues(s, ta->data);
    }
    if (pith_tag_cue(id) >= 0)
        cues |= 1u << pith_tag_cue(id);
    if (id == TAG_html || id == TAG_body)
        cues = 0;   /* their classes describe the page's state, not a region */
    return cues;
}

/* A <br>: a line break in the block, or with the one before, a paragraph. */
static int line_break(pith_filter *pf)
{
    pith_segment *s = &pf->seg;
    int rc;
    if (s->cur == NULL)
        return PITH_OK;
    if (s->brs >= 1)
        return pith_segment_cut(pf);   /* <br><br>: a paragraph */
    s->brs++;
    s->space = 0;
    s->inword = 0;     /* a line break ends a word */
    if ((rc = sync_inline(pf, 0)) != PITH_OK ||
        (rc = pith_buf_append(&s->cur->text, &pf->mem, "\n", 1, pf->opt.max_block)) ==
            PITH_ENOMEM || (html_fits(pf, 4) && (rc = put_html(pf, "<br>")) == PITH_ENOMEM))
        return rc;
    return PITH_OK;
}

/* Does a rel value hold the token "prev", "previous" or "next" (the link to
   the page before or after this one)? */
static int rel_pager(const char *v)
{
    return rel_has(v, "prev") || rel_has(v, "previous") || rel_has(v, "next");
}

/* An <a>: its words count as link words, its href is kept for the markup. */
static int open_link(pith_filter *pf, const char **atts)
{
    pith_segment *s = &pf->seg;
    const char *v = NULL, *rel = NULL;
    for (; atts && atts[0]; atts += 2) {     /* (rawtext keeps rel only for a pager) */
        if (same_lower(atts[0], "href"))
            v = atts[1] ? atts[1] : "";
        else if (same_lower(atts[0], "rel"))
            rel = atts[1];
    }
    if (s->link_closed && !s->link)
        s->space = 1;           /* links side by side are separate words */
    s->link++;
    pith_buf_reset(&s->href);
    s->href_serial = s->serial;
    s->pager_serial = rel_pager(rel) ? s->serial : 0;
    s->href_kind = v ? pith_link_kind(v) : 0;
    if (v && url_ok(v, 0) && pith_buf_puts(&s->href, &pf->mem, v, 2048) == PITH_ENOMEM)
        return PITH_ENOMEM;
    return PITH_OK;
}

/* What a visible element does to the block: a block element ends it, a <br>
   breaks its line, an image goes into it, a link is opened. */
static int visible_start(pith_filter *pf, unsigned id, unsigned flags, const char **atts,
                         unsigned long long pos)
{
    if (flags & T_BLOCK)
        return pith_segment_cut(pf);
    if (id == TAG_br)
        return line_break(pf);
    if (id == TAG_img)
        return add_img(pf, atts, pos);
    if (id == TAG_a)
        return open_link(pf, atts);
    return PITH_OK;
}

/* Puts the element on the stack with the cues its ancestors and it give. */
static void push_elem(pith_segment *s, unsigned id, unsigned flags, int skip, unsigned cues)
{
    const pith_elem *parent = s->depth ? &s->stack[s->depth - 1] : NULL;
    pith_elem *e = &s->stack[s->depth++];
    e->serial = s->serial++;
    e->tag = (unsigned char)id;
    e->flags = (unsigned char)flags;
    e->skip = (unsigned char)skip;
    s->npre += id == TAG_pre;
    s->nheading += (flags & T_HEADING) != 0;
    if (parent)
        memcpy(e->cue_depth, parent->cue_depth, sizeof e->cue_depth);
    else
        memset(e->cue_depth, 0, sizeof e->cue_depth);
    for (unsigned i = 0; cues >> i && i < CUE_COUNT; i++)
        if (cues & (1u << i))
            e->cue_depth[i] = (unsigned char)(s->depth > 255 ? 255 : s->depth);
}

int pith_segment_start(pith_filter *pf, const char *name, const char **atts,
                       unsigned long long pos)
{
    pith_segment *s = &pf->seg;
    unsigned id = pith_tag_find(s->tag_index, name), flags = pith_tag_flags(id);
    const pith_elem *parent = s->depth ? &s->stack[s->depth - 1] : NULL;
    int skip = (parent && parent->skip) || (flags & T_SKIP), rc;
    tag_attrs ta;
    struct seg_cue_cache *cls;     /* the class value's cache entry */
    pith_fl_hit fl = {0, 0, 0};
    unsigned cues;

    if (s->depth >= pf->opt.max_depth) {
        s->overflow++;             /* counted as its ancestor at max_depth */
        return PITH_OK;
    }
    read_attrs(atts, &ta);
    page_facts(pf, id, name, atts, &ta, parent);
    cls = !skip && ta.cls ? value_entry(s, ta.cls) : NULL;
    if (!skip && attrs_hide(&ta, cls))
        skip = 1;
    cues = elem_cues(&pf->seg, id, skip, &ta, cls);
    if (pf->opt.filterlist && id != TAG_html && id != TAG_body && !(parent && parent->skip)) {
        /* ad-blocking rules: filterlist.c */
        pith_fl_start(pf->opt.filterlist, &pf->page, name, atts, skip, &fl);
        cues |= (fl.hide ? 1u << CUE_FILTER : 0) |
                (fl.net && !fl.net_on_parent ? 1u << CUE_ADSERVER : 0);
    }
    if (!skip && (rc = visible_start(pf, id, flags, atts, pos)) != PITH_OK)
        return rc;
    push_elem(s, id, flags, skip, cues);
    if (pf->opt.filterlist)
        pith_fl_push(s->stack, s->depth, &fl);
    return PITH_OK;
}

/* The tag id of an end tag's name: most often the innermost element's,
   compared with its name before the index is looked up. */
static unsigned end_tag_id(const pith_segment *s, const char *name)
{
    unsigned top = s->depth ? s->stack[s->depth - 1].tag : PITH_TAG_OTHER;
    if (top != PITH_TAG_OTHER) {
        const char *a = name, *b = pith_tag_name(top);
        while (*a && *a == *b)
            a++, b++;
        if (*a == *b)
            return top;
    }
    return pith_tag_find(s->tag_index, name);
}

int pith_segment_end(pith_filter *pf, const char *name)
{
    pith_segment *s = &pf->seg;
    unsigned id, d;
    int rc = PITH_OK;

    if (s->overflow) {
        s->overflow--;
        return PITH_OK;
    }
    id = end_tag_id(s, name);
    /* libxml2 balances elements; find the matching one all the same */
    for (d = s->depth; d > 0; d--)
        if (s->stack[d - 1].tag == id)
            break;
    if (d == 0)
        return PITH_OK;
    while (s->depth >= d) {
        pith_elem *e = &s->stack[--s->depth];
        s->npre -= e->tag == TAG_pre;
        s->nheading -= (e->flags & T_HEADING) != 0;
        if (!e->skip && (e->flags & T_BLOCK))
            rc = pith_segment_cut(pf);
        if (e->tag == TAG_a && s->link && !e->skip && --s->link == 0)
            s->link_closed = 1;
        if (e->tag == TAG_title) {
            s->intitle = 0;
            pith_buf *t = &pf->page.title;
            while (t->len && t->data[t->len - 1] == ' ')
                t->data[--t->len] = '\0';
        }
        if (rc != PITH_OK || s->depth == 0)
            break;
    }
    return rc;
}
