/* decode.c -- stage 1: content decoding and charset conversion.
 *
 * Input bytes arrive as the server sent them: identity, gzip (one or more
 * members) or HTTP deflate (zlib, or raw deflate as some servers send it).
 * They leave as clean UTF-8: the charset comes from the caller (HTTP header),
 * else a byte-order mark, else a <meta> in the first 1024 bytes or later in
 * the head (docs/ARCHITECTURE.md, "decode"), else UTF-8 in which every byte
 * that is not valid UTF-8 is read as windows-1252 (so an undeclared Latin-1
 * page still reads right).  In a stream of many pages the charset is sniffed
 * again at each new document.  NUL bytes are dropped and other C0 controls
 * become spaces, as libxml2 rejects them.
 *
 * Memory: two fixed 16 KiB chunks and at most 64 KiB of sniffed bytes.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <strings.h>
#include <ctype.h>
#include <iconv.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include "filter.h"
#include "charset.h"

#define CHUNK 16384
#define SNIFF_MIN 1024      /* bytes always searched for a <meta> */
#define SNIFF_MAX 65536     /* bytes held at most while the head goes on */

enum { CS_SNIFF, CS_UTF8, CS_1252, CS_ICONV };

/* windows-1252 bytes 0x80-0x9f; undefined ones map to the C1 control. */
static const unsigned short cp1252[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
};

static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
    return pith_calloc((const pith_mem *)opaque, items, size);
}

static void z_free(voidpf opaque, voidpf p)
{
    pith_mfree((const pith_mem *)opaque, p);
}

int pith_decode_init(pith_filter *pf)
{
    pith_decode *d = &pf->dec;
    d->encoding = pf->opt.encoding;
    d->zout = pith_malloc(&pf->mem, CHUNK);
    d->cbuf = pith_malloc(&pf->mem, CHUNK);
    if (d->zout == NULL || d->cbuf == NULL)
        return PITH_ENOMEM;
    d->cs = CS_SNIFF;
    d->iconv = (void *)-1;
    d->zstep = UINT_MAX;
    d->scan = 1;
    return PITH_OK;
}

void pith_decode_free(pith_filter *pf)
{
    pith_decode *d = &pf->dec;
    if (d->zstate)
        inflateEnd(&d->z);
    if (d->iconv != (void *)-1 && d->iconv != NULL)
        iconv_close((iconv_t)d->iconv);
    pith_mfree(&pf->mem, d->zout);
    pith_mfree(&pf->mem, d->cbuf);
    pith_buf_free(&d->sniff, &pf->mem);
}

/* --- UTF-8 out --------------------------------------------------------- */

/* Output goes into cbuf, passed on when full and at the end of each feed, so
   nothing waits here between feeds. */
static int flush_out(pith_filter *pf)
{
    pith_decode *d = &pf->dec;
    int rc = PITH_OK;
    if (d->cfill) {
        size_t n = d->cfill;
        d->cfill = 0;
        rc = pith_rawtext_feed(pf, d->cbuf, n);
    }
    return rc;
}

static int put_bytes(pith_filter *pf, const char *s, size_t n)
{
    pith_decode *d = &pf->dec;
    int rc;
    while (n) {
        size_t room = CHUNK - d->cfill, k = n < room ? n : room;
        memcpy(d->cbuf + d->cfill, s, k);
        d->cfill += k;
        s += k;
        n -= k;
        if (d->cfill == CHUNK && (rc = flush_out(pf)) != PITH_OK)
            return rc;
    }
    return PITH_OK;
}

/* Passes a run of clean UTF-8 on: a short one joins cbuf, a longer one goes
   to rawtext as it is, after what cbuf holds, without a copy. */
#define RUN_DIRECT 256
static int put_run(pith_filter *pf, const char *s, size_t n)
{
    pith_decode *d = &pf->dec;
    int rc;
    if (n < RUN_DIRECT && n <= CHUNK - d->cfill) {
        memcpy(d->cbuf + d->cfill, s, n);
        d->cfill += n;
        return PITH_OK;
    }
    if ((rc = flush_out(pf)) != PITH_OK)
        return rc;
    return pith_rawtext_feed(pf, s, n);
}

#ifndef __SSE2__
/* Whether none of the 8 bytes at s needs a look: all printable ASCII
   (0x20-0x7E), tested a word at a time. */
static int printable8(const unsigned char *s)
{
    uint64_t w, x;
    memcpy(&w, s, 8);
    x = w & 0x7F7F7F7F7F7F7F7FULL;
    /* a high bit set: the byte is >= 0x80, or 0x7F (x + 1), or < 0x20 (not in x + 0x60) */
    return ((w | (x + 0x0101010101010101ULL) | ~(x + 0x6060606060606060ULL)) &
            0x8080808080808080ULL) == 0;
}
#endif

/* How far from s[i] on (up to n) the bytes go out as they are without a
   look one by one: printable ASCII, tab, newline, CR and form feed.  Sixteen
   at a time with SSE2 (every x86-64 has it), else printable ASCII eight at
   a time (printable8); the byte it stops at is looked at alone. */
static size_t clean_run(const unsigned char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    const __m128i sp = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
    const __m128i tab = _mm_set1_epi8('\t'), nl = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r'), ff = _mm_set1_epi8('\f');
    while (n - i >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        /* below 0x20 as signed bytes: the C0 controls and every byte >= 0x80 */
        __m128i low = _mm_cmplt_epi8(v, sp);
        __m128i ok = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, nl)),
                                  _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, ff)));
        __m128i bad = _mm_or_si128(_mm_andnot_si128(ok, low), _mm_cmpeq_epi8(v, del));
        unsigned m = (unsigned)_mm_movemask_epi8(bad);
        if (m)
            return i + (size_t)__builtin_ctz(m);
        i += 16;
    }
#else
    while (n - i >= 8 && printable8(s + i))
        i += 8;
#endif
    return i;
}


static int put_cp(pith_filter *pf, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp; n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    return put_bytes(pf, u, n);
}

static unsigned byte_1252(unsigned char c)
{
    return c >= 0x80 && c < 0xA0 ? cp1252[c - 0x80] : c;
}

/* Length of the valid UTF-8 sequence at s (n bytes available): >0 valid,
   0 incomplete (may become valid with more bytes), -1 invalid. */
static int utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    int len, i;
    if (c < 0xC2 || c > 0xF4)
        return -1;
    len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
    else if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
    for (i = 1; i < len; i++) {
        if ((size_t)i >= n)
            return 0;
        if (s[i] < (i == 1 ? lo : 0x80) || s[i] > (i == 1 ? hi : 0xBF))
            return -1;
    }
    return len;
}

/* Writes one byte that is not printable ASCII: controls are cleaned, a byte
   >= 0x80 is read as windows-1252. */
static int put_other(pith_filter *pf, unsigned char c)
{
    if (c >= 0x80)
        return put_cp(pf, byte_1252(c));
    if (c == '\t' || c == '\n' || c == '\r' || c == '\f')
        return put_bytes(pf, (const char *)&c, 1);
    if (c == 0)
        return PITH_OK;                      /* NUL: dropped */
    return put_bytes(pf, " ", 1);            /* other controls, DEL */
}

/* Cleans n bytes of UTF-8 (or windows-1252 when as1252) into the output.  An
   incomplete UTF-8 sequence at the end is held in tail unless last is set. */
static int clean(pith_filter *pf, const char *buf, size_t n, int as1252, int last)
{
    pith_decode *d = &pf->dec;
    const unsigned char *s = (const unsigned char *)buf;
    size_t i = 0, run;
    int rc, len;

    while (d->ntail && (i < n || last)) {
        /* complete the sequence held from the previous chunk, byte by byte */
        if (i < n)
            d->tail[d->ntail++] = (char)s[i++];
        len = utf8_seq((unsigned char *)d->tail, d->ntail);
        if (len == 0 && !last)
            continue;
        if (len > 0) {
            rc = put_bytes(pf, d->tail, (size_t)len);
            d->ntail = 0;
        } else {
            /* invalid: the first byte is windows-1252, the rest read again */
            unsigned char first = (unsigned char)d->tail[0];
            char rest[sizeof d->tail];
            size_t nr = d->ntail - 1;
            memcpy(rest, d->tail + 1, nr);
            d->ntail = 0;
            rc = put_other(pf, first);
            if (rc == PITH_OK)
                rc = clean(pf, rest, nr, 0, last && i >= n);
        }
        if (rc != PITH_OK)
            return rc;
        if (i >= n)
            break;
    }
    /* the clean run [run, i) grows over printable ASCII (8 bytes at a time),
       tab, newline, CR, form feed and valid UTF-8, which all go out as they
       are; only the bytes to fix break it */
    run = i;
    while (i < n) {
        unsigned char c;
        i = clean_run(s, i, n);
        if (i >= n)
            break;
        c = s[i];
        if ((c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            i++;
            continue;
        }
        len = c >= 0x80 && !as1252 ? utf8_seq(s + i, n - i) : -1;
        if (len > 0) {
            i += (size_t)len;
            continue;
        }
        if (i > run && (rc = put_run(pf, buf + run, i - run)) != PITH_OK)
            return rc;
        if (c < 0x80 || as1252) {
            rc = put_other(pf, c);
            i++;
        } else if (len == 0 && !last) {
            memcpy(d->tail, s + i, n - i);  /* fewer than 4 bytes */
            d->ntail = n - i;
            i = n;
            rc = PITH_OK;
        } else {
            rc = put_other(pf, c);
            i++;
        }
        if (rc != PITH_OK)
            return rc;
        run = i;
    }
    if (n > run)
        return put_run(pf, buf + run, n - run);
    return PITH_OK;
}

/* Converts through iconv, then cleans the UTF-8 it gives.  A character cut
   by the end of a chunk waits in tail; a byte iconv rejects becomes U+FFFD. */
static int convert(pith_filter *pf, const char *buf, size_t n, int last)
{
    pith_decode *d = &pf->dec;
    iconv_t cd = (iconv_t)d->iconv;
    char ibuf[4096 + sizeof d->tail], obuf[4 * 4096 + 64];
    int rc;

    do {
        size_t k = n < 4096 ? n : 4096;
        char *in = ibuf;
        size_t inleft = d->ntail + k;
        memcpy(ibuf, d->tail, d->ntail);
        memcpy(ibuf + d->ntail, buf, k);
        buf += k;
        n -= k;
        d->ntail = 0;
        while (inleft) {
            char *out = obuf;
            size_t outleft = sizeof obuf;
            size_t r = iconv(cd, &in, &inleft, &out, &outleft);
            int e = r == (size_t)-1 ? errno : 0;
            if ((rc = clean(pf, obuf, (size_t)(out - obuf), 0, 1)) != PITH_OK)
                return rc;
            if (e == 0 || e == E2BIG)
                continue;
            if (e == EINVAL && (!last || n) && inleft < sizeof d->tail) {
                memcpy(d->tail, in, inleft);
                d->ntail = inleft;
                break;
            }
            if (e != EILSEQ && e != EINVAL)
                return PITH_EDATA;
            in++, inleft--;
            if ((rc = put_cp(pf, 0xFFFD)) != PITH_OK)
                return rc;
        }
    } while (n);
    return PITH_OK;
}

/* --- charset ------------------------------------------------------------ */

/* Converts through iconv from the named charset, or takes the default path
   if iconv does not know it. */
static void use_iconv(pith_decode *d, const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    /* there a '<' byte may be half of another character */
    d->scan = strncasecmp(name, "UTF-16", 6) && strcasecmp(name, "ISO-2022-JP");
    if (cd == (iconv_t)-1) {
        d->cs = CS_UTF8;
    } else {
        d->iconv = (void *)cd;
        d->cs = CS_ICONV;
    }
}

/* Picks the converter for a charset label, as a browser would: only labels
   of the WHATWG Encoding Standard count (charset.c), anything else takes the
   default path (UTF-8 with windows-1252 repair).  from_meta: the label came
   from a <meta>, where a UTF-16 label means UTF-8 (bytes that can carry an
   ASCII <meta> are not UTF-16). */
static void use_charset(pith_decode *d, const char *name, int from_meta)
{
    const char *iconv_name = NULL;
    int kind = pith_charset_find(name, &iconv_name);
    switch (kind) {
    case C_1252:
        d->cs = CS_1252;
        break;
    case C_UTF16LE:
    case C_UTF16BE:
        if (from_meta)
            d->cs = CS_UTF8;
        else
            use_iconv(d, kind == C_UTF16LE ? "UTF-16LE" : "UTF-16BE");
        break;
    case C_ICONV:
        use_iconv(d, iconv_name);
        break;
    default:                    /* UTF-8, unknown labels, replacement */
        d->cs = CS_UTF8;
    }
}

/* Skips ASCII whitespace. */
static size_t skip_ws(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f'))
        i++;
    return i;
}

/* The charset a <meta> tag (s, n bytes) names, in charset="NAME" or in
   content="text/html; charset=NAME", into out (at most cap-1 bytes).
   @return 1 if it names one. */
static int meta_charset(const char *s, size_t n, char *out, size_t cap)
{
    for (size_t j = 5; j + 7 <= n; j++) {
        size_t k, o = 0;
        if ((s[j] | 0x20) != 'c' || strncasecmp(s + j, "charset", 7))
            continue;
        k = skip_ws(s, j + 7, n);
        if (k >= n || s[k] != '=')
            continue;
        k = skip_ws(s, k + 1, n);
        if (k < n && (s[k] == '"' || s[k] == '\''))
            k++;
        while (k < n && o + 1 < cap && (isalnum((unsigned char)s[k]) || s[k] == '-' ||
                                         s[k] == '_' || s[k] == ':' || s[k] == '.'))
            out[o++] = s[k++];
        out[o] = '\0';
        if (o)
            return 1;
    }
    return 0;
}

/* --- many pages in one stream ------------------------------------------ */

/* Does s (n bytes, at a '<') open a doctype (1) or an <html> start tag (2)?
   0 if not, -1 if the bytes end before it can be told. */
static int doc_tag(const char *s, size_t n)
{
    static const char doctype[] = "<!doctype", html[] = "<html";
    int can_doctype = 1, can_html = 1;
    if (n >= 2 && s[1] != '!' && (s[1] | 0x20) != 'h')
        return 0;                       /* most tags: neither */
    for (size_t i = 0; i < 9; i++) {
        char c;
        if (i >= n)
            return -1;
        c = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]);
        if (c != doctype[i])
            can_doctype = 0;
        if (i < 5 && c != html[i])
            can_html = 0;
        if (i == 5 && can_html)
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' ||
                   c == '>' ? 2 : 0;
        if (!can_doctype && !can_html)
            return 0;
    }
    return 1;
}

/* A new document begins: the charset of the page before is not that of the
   next, which is sniffed afresh (BOM, the caller's charset, its <meta>). */
static int restart_charset(pith_filter *pf)
{
    pith_decode *d = &pf->dec;
    int rc = PITH_OK;
    if (d->cs == CS_ICONV) {
        rc = convert(pf, "", 0, 1);
        iconv_close((iconv_t)d->iconv);
        d->iconv = (void *)-1;
    } else if (d->ntail) {
        rc = clean(pf, "", 0, d->cs == CS_1252, 1);
    }
    d->ntail = 0;
    d->cs = CS_SNIFF;
    return rc;
}

/* --- charset sniffing ---------------------------------------------------- */

/* The start tags a page's head may hold before its charset <meta>, as a
   browser's meta scan passes over them; from HEAD_RAW on they hold raw text,
   read up to their end tag. */
static const char *const head_tags[] = {
    "html", "head", "meta", "link", "base", "object", "script", "style", "title", "noscript"
};
static const unsigned char head_lens[] = { 4, 4, 4, 4, 4, 6, 6, 5, 5, 8 };
#define HEAD_RAW 6

enum { HS_MORE, HS_NONE, HS_META };               /* head_scan's outcomes */
enum { HS_BODY = 1, HS_HTML = 2, HS_TAGS = 4, HS_ENDED = 8, HS_DOCTYPE = 16 };  /* d->hflags */

/* The index in head_tags of the name at s (len bytes), or -1. */
static int head_tag(const char *s, size_t len)
{
    for (int k = 0; k < (int)(sizeof head_tags / sizeof head_tags[0]); k++)
        if (head_lens[k] == len && (s[0] | 0x20) == head_tags[k][0] &&
            !strncasecmp(s, head_tags[k], len))
            return k;
    return -1;
}

/* Where the end tag of raw-text element k begins in s, searched from i on;
   n if not in the bytes (*from: where to search again). */
static size_t raw_end(const char *s, size_t i, size_t n, int k, size_t *from)
{
    size_t len = head_lens[k];
    for (;;) {
        const char *lt = i < n ? memchr(s + i, '<', n - i) : NULL;
        if (lt == NULL) {
            *from = n;
            return n;
        }
        i = (size_t)(lt - s);
        if (i + 2 + len > n) {
            *from = i;
            return n;
        }
        if (s[i + 1] == '/' && !strncasecmp(s + i + 2, head_tags[k], len))
            return i;
        i++;
    }
}

/* The index after the tag or comment at s[i] ('<'), searched from *from on
   (a resumed search); 0 if the bytes end first. */
static size_t markup_end(const char *s, size_t i, size_t n, size_t *from)
{
    size_t j = *from > i ? *from : i;
    if (n - i < 4) {
        return 0;
    } else if (!memcmp(s + i, "<!--", 4)) {
        for (j = j > i + 4 ? j - 2 : i + 4; j + 3 <= n; j++)
            if (s[j] == '-' && !memcmp(s + j, "-->", 3))
                return j + 3;
    } else {
        const char *gt = memchr(s + j, '>', n - j);
        if (gt)
            return (size_t)(gt - s) + 1;
    }
    *from = n;
    return 0;
}

/* Reads one tag (s[i..e)) for the head scan: HS_META if it is a <meta> that
   names a charset, HS_NONE if another document starts with it, else HS_MORE. */
static int head_tag_read(pith_decode *d, const char *s, size_t i, size_t e, char *out,
                         size_t cap)
{
    int end = s[i + 1] == '/', k;
    size_t j = i + 1 + end;
    if (s[i + 1] == '!' || s[i + 1] == '?') {
        /* a doctype after anything but blanks and comments may begin another
           document (the rawtext stage decides): the search ends there */
        if (doc_tag(s + i, e - i) != 1)
            return HS_MORE;
        if (d->hflags & (HS_TAGS | HS_ENDED | HS_BODY | HS_DOCTYPE))
            return HS_NONE;
        d->hflags |= HS_DOCTYPE;
        return HS_MORE;
    }
    while (j < e && isalnum((unsigned char)s[j]))
        j++;
    k = head_tag(s + i + 1 + end, j - i - 1 - end);
    if (end) {
        /* </head> and </html> end the head; after </html> a page may follow */
        if (k == 0)
            d->hflags |= HS_ENDED;
        if (k == 0 || k == 1)
            d->hflags |= HS_BODY;
        return HS_MORE;
    }
    if (k == 0 && (d->hflags & (HS_HTML | HS_ENDED)))
        return HS_NONE;                             /* a second <html> */
    if (k == 0)
        d->hflags |= HS_HTML;
    if (k < 0)
        d->hflags |= HS_BODY;
    d->hflags |= HS_TAGS;
    if (k == 2 && meta_charset(s + i, e - i, out, cap))
        return HS_META;
    if (k >= HEAD_RAW && s[e - 2] != '/')
        d->hraw = (unsigned char)k;
    return HS_MORE;
}

/* Looks for the page's charset <meta> in the held bytes: in the first
   SNIFF_MIN bytes, and further on while the head goes on (only the start
   tags of head_tags, blanks and comments so far), but not past the start of
   another document (docs/ARCHITECTURE.md, "decode").  HS_META puts the name
   in out; HS_NONE: there is none; HS_MORE: the bytes end first.  It goes on
   where it stopped (d->hpos, d->hfrom, d->hraw, d->hflags), so that however
   the input is split each byte is read about once. */
static int head_scan(pith_decode *d, const char *s, size_t n, char *out, size_t cap)
{
    size_t i = d->hpos;
    while (i < n) {
        size_t e;
        int hs;
        if ((d->hflags & HS_BODY) && i >= SNIFF_MIN)
            return HS_NONE;
        if (d->hraw) {
            /* in a script, style, title or noscript: to its end tag */
            if ((i = raw_end(s, d->hfrom, n, d->hraw, &d->hfrom)) == n)
                break;
            d->hraw = 0;
            d->hfrom = 0;
        }
        if (s[i] != '<') {
            /* text: in the body, unless it is blank */
            if (!(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f'))
                d->hflags |= HS_BODY;
            i++;
            continue;
        }
        if (n - i >= 2 && !isalpha((unsigned char)s[i + 1]) && s[i + 1] != '!' &&
            s[i + 1] != '?' && s[i + 1] != '/') {
            d->hflags |= HS_BODY;                   /* a '<' of text */
            i++;
            continue;
        }
        if ((e = markup_end(s, i, n, &d->hfrom)) == 0)
            break;
        d->hfrom = 0;
        if (!(e - i >= 4 && !memcmp(s + i, "<!--", 4)) &&
            (hs = head_tag_read(d, s, i, e, out, cap)) != HS_MORE)
            return hs;
        i = e;
        if (d->hraw)
            d->hfrom = i;
    }
    d->hpos = i;
    return HS_MORE;
}

/* Decides the charset of the held bytes once it can be told: a byte-order
   mark, then the caller's charset, then a <meta> (head_scan), then UTF-8;
   force decides it with what is held.  @return 1 if decided (d->cs set, *skip
   the bytes of the mark), 0 if more bytes are needed. */
static int decide(pith_filter *pf, const char *bytes, size_t n, int force, size_t *skip)
{
    pith_decode *d = &pf->dec;
    const unsigned char *s = (const unsigned char *)bytes;
    char name[48];
    int hs = HS_NONE;

    *skip = 0;
    if (n < 3 && !force)
        return 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        d->cs = CS_UTF8, *skip = 3;
    } else if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        /* not use_charset(): there a "utf-16" label means UTF-8 (WHATWG, for
           <meta>), but a BOM means the bytes really are UTF-16 */
        use_iconv(d, "UTF-16LE"), *skip = 2;
    } else if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        use_iconv(d, "UTF-16BE"), *skip = 2;
    } else if (pf->opt.charset) {
        use_charset(d, pf->opt.charset, 0);
    } else if (n && (hs = head_scan(d, bytes, n, name, sizeof name)) == HS_META) {
        use_charset(d, name, 1);
    } else if (hs == HS_MORE && !force) {
        return 0;
    } else {
        d->cs = CS_UTF8;
    }
    d->hpos = d->hfrom = 0;
    d->hraw = 0;
    d->hflags = 0;
    return 1;
}

/* Decoded bytes in: charset to UTF-8. */
static int to_utf8(pith_filter *pf, const char *buf, size_t n, int last)
{
    if (pf->dec.cs == CS_ICONV)
        return convert(pf, buf, n, last);
    return clean(pf, buf, n, pf->dec.cs == CS_1252, last);
}

/* Passes n decoded bytes on in the charset decided, watching for the start
   of a new document in them (cat a.html b.html): before a doctype or <html>
   that the rawtext stage will take for one, the bytes before it are passed
   on and it stops, *used telling how many bytes it took, for the charset of
   the next page is sniffed afresh.  From s[i] on (1: s begins with a tag
   already told to rawtext).  Only where a '<' byte is a '<' character (not
   in UTF-16 or ISO-2022-JP).  A tag cut by the end of the bytes is read on
   in the bytes that follow (*more, *nmore; at most 16 of them are taken),
   or, when none follow, waits in pend, so that the outcome does not depend
   on how the input was split.  last: the input ends after *more. */
static int scan_docs(pith_filter *pf, const char *s, size_t n, const char **more,
                     size_t *nmore, int last, size_t i, size_t *used)
{
    pith_decode *d = &pf->dec;
    const char *s0 = s;
    int rc;
    while (i < n && d->scan) {
        const char *lt = memchr(s + i, '<', n - i);
        size_t at, cut;
        int kind;
        if (lt == NULL)
            break;
        at = (size_t)(lt - s);
        cut = n - at;
        if ((kind = doc_tag(lt, cut)) < 0) {
            /* the tag so far in pend, and what follows of it, if any */
            size_t k = *nmore < sizeof d->pend - cut ? *nmore : sizeof d->pend - cut;
            memcpy(d->pend, lt, cut);
            memcpy(d->pend + cut, *more, k);
            if (k && (kind = doc_tag(d->pend, cut + k)) < 0 && !(last && k == *nmore)) {
                *more += k, *nmore -= k;        /* all that follows is part of it */
                cut += k;
            }
        }
        if (kind < 0 && !last) {
            d->npend = cut;
            *used = (size_t)(s - s0) + n;
            return to_utf8(pf, s, at, 0);
        }
        if (kind > 0) {
            if ((rc = to_utf8(pf, s, at, 0)) != PITH_OK || (rc = flush_out(pf)) != PITH_OK)
                return rc;
            s += at, n -= at;
            at = 0;
            if (pith_rawtext_doc_start(pf, kind == 1)) {
                *used = (size_t)(s - s0);
                return restart_charset(pf);
            }
        }
        i = at + 1;
    }
    *used = (size_t)(s - s0) + n;
    return to_utf8(pf, s, n, last && *nmore == 0);
}

/* The bytes held for the page being sniffed ("" if none). */
static const char *held_data(const pith_decode *d)
{
    return d->sniff.data ? d->sniff.data + d->soff : "";
}

/* Holds bytes of *s (*n of them) for the charset sniffing; once the charset
   is decided (or force), passes the held bytes on as any others.  *s and *n
   are left at what was not taken; *wait is set if all is held.  If another
   document begins in the held bytes, the bytes from its start are held for
   its own charset: the held bytes begin at d->soff, so that they are not
   copied for each page of a stream of short ones. */
static int sniff_in(pith_filter *pf, const char **s, size_t *n, int last, int force, int *wait)
{
    pith_decode *d = &pf->dec;
    size_t cap = pf->opt.charset ? 3 : SNIFF_MAX, held = d->sniff.len - d->soff;
    size_t room = held < cap ? cap - held : 0, k = 0, skip, used;
    int rc;

    *wait = 0;
    if (held == 0 && *n) {
        /* nothing held: the bytes at hand may tell, and then go on uncopied */
        const char *end = *s + *n;
        size_t none = 0;
        k = *n < cap ? *n : cap;
        if (decide(pf, *s, k, force || (last && k == *n) || k == cap, &skip)) {
            rc = scan_docs(pf, *s + skip, *n - skip, &end, &none, last, d->sniff_tag, &used);
            used = d->cs == CS_SNIFF ? skip + used : *n;
            *s += used, *n -= used;
            d->sniff_tag = d->cs == CS_SNIFF;
            return rc;
        }
    }
    if (!held || !decide(pf, held_data(d), held, 0, &skip)) {
        /* the held bytes do not tell yet: more are taken */
        k = *n < room ? *n : room;
        if (k && d->soff) {
            memmove(d->sniff.data, d->sniff.data + d->soff, held);
            d->sniff.len = held;
            d->soff = 0;
        }
        if (k && (rc = pith_buf_append(&d->sniff, &pf->mem, *s, k, SNIFF_MAX)) != PITH_OK)
            return rc;
        *s += k, *n -= k;
        if (!decide(pf, held_data(d), d->sniff.len - d->soff,
                    force || (last && *n == 0) || k == room, &skip)) {
            *wait = 1;
            return PITH_OK;
        }
    }
    held = d->sniff.len - d->soff;
    rc = scan_docs(pf, held_data(d) + skip, held - skip, s, n, last,
                   d->sniff_tag, &used);
    if (rc == PITH_OK && d->cs == CS_SNIFF) {
        d->soff += skip + used;             /* another page in the held bytes */
        d->sniff_tag = 1;
    } else {
        pith_buf_free(&d->sniff, &pf->mem);
        d->soff = 0;
        d->sniff_tag = 0;
    }
    return rc;
}

/* Decoded bytes in: held while the charset is sniffed, then passed on,
   the charset sniffed again at each new document. */
static int pages_in(pith_filter *pf, const char *s, size_t n, int last)
{
    pith_decode *d = &pf->dec;
    for (;;) {
        size_t used, none = 0;
        const char *end = s + n;
        int rc, wait;
        if (d->cs == CS_SNIFF) {
            if ((rc = sniff_in(pf, &s, &n, last, 0, &wait)) != PITH_OK || wait)
                return rc;
            if (d->cs == CS_SNIFF)
                continue;                   /* another page in the held bytes */
        }
        if ((rc = scan_docs(pf, s, n, &end, &none, last, 0, &used)) != PITH_OK ||
            d->cs != CS_SNIFF)
            return rc;
        s += used, n -= used;
        d->sniff_tag = 1;                   /* s begins with the new page's tag */
    }
}

static int text_in(pith_filter *pf, const char *buf, size_t n, int last);

/* The input stops here with error code err (corrupt compressed data, the
   max_input limit): what was decoded before it goes on down the pipeline, as
   at the end of the input, so that pith_finish writes it, and the outcome does
   not depend on how the input was split into feeds. */
static int input_error(pith_filter *pf, int err)
{
    int rc = text_in(pf, "", 0, 1);
    if (rc == PITH_OK)
        rc = flush_out(pf);
    return rc != PITH_OK ? rc : err;
}

/* Decoded bytes in, after content decoding. */
static int text_in(pith_filter *pf, const char *buf, size_t n, int last)
{
    pith_decode *d = &pf->dec;
    int rc;
    if (pf->opt.max_input && n > pf->opt.max_input - d->total) {
        /* the bytes up to the limit are read, then the input ends */
        size_t room = (size_t)(pf->opt.max_input - d->total);
        if ((rc = text_in(pf, buf, room, 0)) != PITH_OK)
            return rc;
        return input_error(pf, PITH_ELIMIT);
    }
    d->total += n;
    while (d->npend && (n || last)) {
        /* a tag cut by the last bytes: read again with the next ones */
        char tmp[32];
        size_t t = d->npend, k = n < sizeof tmp - t ? n : sizeof tmp - t;
        memcpy(tmp, d->pend, t);
        memcpy(tmp + t, buf, k);
        d->npend = 0;
        buf += k, n -= k;
        if ((rc = pages_in(pf, tmp, t + k, last && n == 0)) != PITH_OK)
            return rc;
    }
    return pages_in(pf, buf, n, last);
}

/* --- content encoding ---------------------------------------------------- */

static int inflate_step(pith_filter *pf, const char *buf, size_t n);

static int start_inflate(pith_filter *pf, int window_bits)
{
    pith_decode *d = &pf->dec;
    memset(&d->z, 0, sizeof d->z);
    d->z.zalloc = z_alloc;
    d->z.zfree = z_free;
    d->z.opaque = (voidpf)&pf->mem;
    if (inflateInit2(&d->z, window_bits) != Z_OK)
        return PITH_ENOMEM;
    d->zstate = 1;
    return PITH_OK;
}

/* Inflates n bytes; after the end of a gzip member another may follow.
   zlib counts input in uInt (32 bits), so a longer feed is given to it in
   steps of at most d->zstep bytes. */
static int inflate_in(pith_filter *pf, const char *buf, size_t n)
{
    pith_decode *d = &pf->dec;
    int rc;
    while (n) {
        size_t k = n < d->zstep ? n : d->zstep;
        if ((rc = inflate_step(pf, buf, k)) != PITH_OK)
            return rc;
        buf += k;
        n -= k;
    }
    return PITH_OK;
}

/* Inflates n bytes, n <= UINT_MAX. */
static int inflate_step(pith_filter *pf, const char *buf, size_t n)
{
    pith_decode *d = &pf->dec;
    int rc, zr, full = 0;

    d->z.next_in = (Bytef *)buf;
    d->z.avail_in = (uInt)n;
    /* a call that fills the output may leave inflated bytes inside zlib
       (the rest of a match) with all the input taken: call again, or they
       would come out with the next feed, and not at all if the stream then
       breaks, so that what a broken stream gives would depend on the split */
    while (d->z.avail_in || full) {
        if (d->zstate == 2 && d->z.avail_in) {
            /* between members: another gzip member, zero padding, or trailing
               garbage, which is ignored as gzip(1) does */
            if (d->encoding == PITH_ENC_GZIP && d->z.next_in[0] == 0x1f) {
                if (inflateReset(&d->z) != Z_OK)
                    return input_error(pf, PITH_EDATA);
                d->zstate = 1;
            } else {
                d->zstate = 3;
            }
        }
        if (d->zstate == 3) {
            d->z.avail_in = 0;          /* after trailing garbage: all ignored */
            break;
        }
        d->z.next_out = (Bytef *)d->zout;
        d->z.avail_out = CHUNK;
        zr = inflate(&d->z, Z_NO_FLUSH);
        if (zr == Z_MEM_ERROR)
            return PITH_ENOMEM;
        /* what was inflated before an error is passed on first */
        if ((rc = text_in(pf, d->zout, CHUNK - d->z.avail_out, 0)) != PITH_OK)
            return rc;
        if ((zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) ||
            (zr == Z_BUF_ERROR && d->z.avail_in))
            return input_error(pf, PITH_EDATA);
        if (zr == Z_STREAM_END)
            d->zstate = 2;
        full = zr == Z_OK && d->z.avail_out == 0;
    }
    return PITH_OK;
}

/* Chooses the decoder once the first two bytes are known. */
static int choose(pith_filter *pf)
{
    pith_decode *d = &pf->dec;
    const unsigned char *m = d->magic;
    if (d->encoding == PITH_ENC_AUTO)
        d->encoding = d->nmagic == 2 && m[0] == 0x1f && m[1] == 0x8b ? PITH_ENC_GZIP
                                                                   : PITH_ENC_IDENTITY;
    if (d->encoding == PITH_ENC_GZIP)
        return start_inflate(pf, 15 + 32);
    if (d->encoding == PITH_ENC_DEFLATE) {
        /* HTTP deflate is meant to be a zlib stream, but some servers send
           raw deflate: a valid zlib header decides */
        int zlib = d->nmagic == 2 && (m[0] & 0x0f) == 8 && (m[0] >> 4) <= 7 &&
                   ((m[0] << 8) | m[1]) % 31 == 0;
        return start_inflate(pf, zlib ? 15 : -15);
    }
    return PITH_OK;
}

static int bytes_in(pith_filter *pf, const char *buf, size_t n, int last)
{
    if (pf->dec.encoding == PITH_ENC_IDENTITY)
        return text_in(pf, buf, n, last);
    return inflate_in(pf, buf, n);
}

int pith_decode_feed(pith_filter *pf, const char *buf, size_t n)
{
    pith_decode *d = &pf->dec;
    int rc;
    if (d->nmagic < 2 && (d->encoding == PITH_ENC_AUTO || d->encoding == PITH_ENC_DEFLATE) &&
        !d->zstate) {
        while (d->nmagic < 2 && n)
            d->magic[d->nmagic++] = (unsigned char)*buf++, n--;
        if (d->nmagic < 2)
            return PITH_OK;
        if ((rc = choose(pf)) != PITH_OK ||
            (rc = bytes_in(pf, (const char *)d->magic, 2, 0)) != PITH_OK)
            return rc;
    } else if (d->encoding == PITH_ENC_GZIP && !d->zstate) {
        if ((rc = choose(pf)) != PITH_OK)
            return rc;
    }
    if (n && (rc = bytes_in(pf, buf, n, 0)) != PITH_OK)
        return rc;
    return flush_out(pf);
}

int pith_decode_flush(pith_filter *pf)
{
    pith_decode *d = &pf->dec;
    int rc;
    /* a flush ends the charset sniffing: what is held is decided now */
    while (d->cs == CS_SNIFF && d->sniff.len > d->soff) {
        const char *s = "";
        size_t n = 0;
        int wait;
        if ((rc = sniff_in(pf, &s, &n, 0, 1, &wait)) != PITH_OK)
            return rc;
    }
    return flush_out(pf);
}

int pith_decode_finish(pith_filter *pf)
{
    pith_decode *d = &pf->dec;
    int rc, truncated = 0;
    if (d->nmagic < 2 && !d->zstate && d->encoding != PITH_ENC_IDENTITY &&
        d->encoding != PITH_ENC_GZIP) {
        /* fewer than two bytes in all */
        if (d->nmagic == 0)
            d->encoding = PITH_ENC_IDENTITY;
        if (d->encoding == PITH_ENC_AUTO)
            d->encoding = PITH_ENC_IDENTITY;
        if (d->encoding == PITH_ENC_IDENTITY && d->nmagic &&
            (rc = text_in(pf, (const char *)d->magic, d->nmagic, 0)) != PITH_OK)
            return rc;
        if (d->encoding == PITH_ENC_DEFLATE)
            truncated = 1;
    }
    if (d->zstate == 1)
        truncated = 1;                    /* the compressed stream was cut short */
    if ((rc = text_in(pf, "", 0, 1)) != PITH_OK || (rc = flush_out(pf)) != PITH_OK)
        return rc;
    return truncated ? PITH_EDATA : PITH_OK;
}
