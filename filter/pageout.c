/* pageout.c -- the WARC mode's output: see pageout.h.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * jsonl: one object per page: url, warc_record_id, date, labels (blocks per
 * label), and text (what --format=text writes for the page) or, with
 * --keep, blocks (pith's jsonl objects of the kept labels).  pith writes
 * jsonl for every page (all labels, for the counts); page_line() takes
 * each line apart as it comes, so a page holds its kept output and one line.
 * warc: a warcinfo record, then one conversion record (text/plain) per page,
 * each its own gzip member, like a WET file.  Record ids are derived from
 * the input, so the same input gives the same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "pageout.h"
#include "sha1.h"

#define CHUNK 65536

/* ---- growing byte buffers, capped ---------------------------------- */

typedef struct sbuf {
    char *p;
    size_t n, cap, max;
    int over;            /* an append was refused: past max */
} sbuf;

static int sb_put(sbuf *b, const char *s, size_t len)
{
    if (b->over)
        return -1;
    if (len > b->max - b->n || b->n + len < b->n) {
        b->over = 1;
        return -1;
    }
    if (b->n + len > b->cap) {
        size_t ncap = b->cap ? b->cap : 4096;
        char *q;
        while (ncap < b->n + len)
            ncap *= 2;
        if ((q = realloc(b->p, ncap)) == NULL) {
            b->over = 1;
            return -1;
        }
        b->p = q, b->cap = ncap;
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
    return 0;
}

static int sb_puts(sbuf *b, const char *s)
{
    return sb_put(b, s, strlen(s));
}

/* Length of the well-formed UTF-8 sequence at u (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *u, size_t n)
{
    /* the RFC 3629 table: no overlongs, no surrogates, nothing past U+10FFFF */
    unsigned char c = u[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf && n > 1 && (u[1] & 0xc0) == 0x80)
        return 2;
    if (c >= 0xe0 && c <= 0xef && n > 2 && (u[1] & 0xc0) == 0x80 && (u[2] & 0xc0) == 0x80 &&
        !(c == 0xe0 && u[1] < 0xa0) && !(c == 0xed && u[1] > 0x9f))
        return 3;
    if (c >= 0xf0 && c <= 0xf4 && n > 3 && (u[1] & 0xc0) == 0x80 && (u[2] & 0xc0) == 0x80 &&
        (u[3] & 0xc0) == 0x80 && !(c == 0xf0 && u[1] < 0x90) && !(c == 0xf4 && u[1] > 0x8f))
        return 4;
    return 0;
}

/* Appends s as the inside of a JSON string: quotes, backslashes and control
   characters escaped, bytes that are not valid UTF-8 replaced by U+FFFD. */
static void sb_json(sbuf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0;
    while (i < n) {
        unsigned char c = u[i];
        size_t len = 0;
        char esc[8];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        if (c >= 0x80 && (len = utf8_len(u + i, n - i)) > 0) {
            i += len;
            continue;
        }
        sb_put(b, s + run, i - run);
        if (c >= 0x80)
            sb_puts(b, "\\ufffd");
        else if (c == '"')
            sb_puts(b, "\\\"");
        else if (c == '\\')
            sb_puts(b, "\\\\");
        else if (c == '\n')
            sb_puts(b, "\\n");
        else if (c == '\t')
            sb_puts(b, "\\t");
        else if (c == '\r')
            sb_puts(b, "\\r");
        else {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            sb_puts(b, esc);
        }
        run = ++i;
    }
    sb_put(b, s + run, n - run);
}

/* ---- one page's output --------------------------------------------- */

typedef struct page {
    const dump_opts *o;
    sbuf out;            /* jsonl: the escaped text or the blocks; warc: the text */
    sbuf line;           /* jsonl: pith's current output line */
    unsigned long long counts[4];
    unsigned nparts;
} page;

static int label_index(const char *s, size_t n)
{
    static const char *const names[4] = { "story", "navigation", "advertising", "recommendation" };
    for (int i = 0; i < 4; i++)
        if (strlen(names[i]) == n && !memcmp(names[i], s, n))
            return i;
    return -1;
}

static const char *find(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    const char *p = hay, *end = hay + n;
    while ((size_t)(end - p) >= k) {
        const char *q = memchr(p, needle[0], (size_t)(end - p) - k + 1);
        if (!q)
            return NULL;
        if (!memcmp(q, needle, k))
            return q;
        p = q + 1;
    }
    return NULL;
}

/* One line of pith's jsonl output (without its newline):
   {"label":"L",...,"role":"R","cues":[...],"text":"T"} */
static void page_line(page *pg, const char *s, size_t n)
{
    const char *lab, *q, *role, *text;
    int li;
    unsigned bit;
    if (n < 12 || memcmp(s, "{\"label\":\"", 10))
        return;
    lab = s + 10;
    q = memchr(lab, '"', n - 10);
    if (!q || (li = label_index(lab, (size_t)(q - lab))) < 0)
        return;
    pg->counts[li]++;
    bit = 1u << li;
    if (!(bit & pg->o->keep))
        return;
    if (pg->o->keep_given) {
        if (pg->nparts++)
            sb_put(&pg->out, ",", 1);
        sb_put(&pg->out, s, n);
        return;
    }
    /* the text format's choice: story blocks other than the body are left out */
    role = find(s, n, ",\"role\":\"");
    if (bit == PITH_STORY && role && memcmp(role + 9, "body\"", 5))
        return;
    text = find(s, n, "],\"text\":\"");
    if (!text || s[n - 1] != '}' || s[n - 2] != '"')
        return;
    text += 10;
    if (pg->nparts++)
        sb_puts(&pg->out, "\\n\\n");
    sb_put(&pg->out, text, (size_t)(s + n - 2 - text));
}

static int page_sink_jsonl(void *opaque, const char *buf, size_t len)
{
    page *pg = opaque;
    while (len > 0) {
        const char *nl = memchr(buf, '\n', len);
        size_t k = nl ? (size_t)(nl - buf) : len;
        if (sb_put(&pg->line, buf, k) < 0) {
            pg->out.over = 1;
            return -1;
        }
        if (!nl)
            break;
        page_line(pg, pg->line.p, pg->line.n);
        pg->line.n = 0;
        buf += k + 1;
        len -= k + 1;
        if (pg->out.over)
            return -1;
    }
    return 0;
}

static int page_sink_text(void *opaque, const char *buf, size_t len)
{
    page *pg = opaque;
    return sb_put(&pg->out, buf, len);
}

/* ---- warc output ---------------------------------------------------- */

typedef struct wout {
    FILE *fp;
    z_stream z;
    int zinit;
    int failed;
    unsigned char buf[CHUNK];
} wout;

/* Writes one gzip member holding the n pieces. */
static int wout_member(wout *w, const char *const *piece, const size_t *len, int n,
                       unsigned long long *out_bytes)
{
    if (!w->zinit) {
        if (deflateInit2(&w->z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            return -1;
        w->zinit = 1;
    } else {
        deflateReset(&w->z);
    }
    for (int i = 0; i < n; i++) {
        int last = i == n - 1, ret;
        w->z.next_in = (unsigned char *)piece[i];
        w->z.avail_in = (uInt)len[i];
        do {
            size_t have;
            w->z.next_out = w->buf;
            w->z.avail_out = sizeof w->buf;
            ret = deflate(&w->z, last ? Z_FINISH : Z_NO_FLUSH);
            have = sizeof w->buf - w->z.avail_out;
            if (have && fwrite(w->buf, 1, have, w->fp) != have)
                return w->failed = -1;
            *out_bytes += have;
        } while (w->z.avail_out == 0 || (last && ret != Z_STREAM_END));
    }
    return 0;
}

/* 128 bits from s: two FNV-1a 64 hashes, as a urn:uuid (version 8: custom). */
static void make_uuid(char *out, size_t cap, const char *a, const char *b)
{
    uint64_t h1 = 1469598103934665603ULL, h2 = 0x9ae16a3b2f90404fULL;
    const char *parts[2] = { a, b };
    for (int k = 0; k < 2; k++)
        for (const unsigned char *p = (const unsigned char *)parts[k]; *p; p++) {
            h1 = (h1 ^ *p) * 1099511628211ULL;
            h2 = (h2 ^ *p) * 0x100000001b3ULL + 0x2545f4914f6cdd1dULL;
        }
    h1 = (h1 & ~0xf000ULL) | 0x8000ULL;                    /* version 8 */
    h2 = (h2 & 0x3fffffffffffffffULL) | 0x8000000000000000ULL; /* RFC 4122 variant */
    snprintf(out, cap, "<urn:uuid:%08x-%04x-%04x-%04x-%012llx>",
             (unsigned)(h1 >> 32), (unsigned)(h1 >> 16) & 0xffff, (unsigned)h1 & 0xffff,
             (unsigned)(h2 >> 48), (unsigned long long)(h2 & 0xffffffffffffULL));
}

static void iso_date(char *out, size_t cap, time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A header value from the input made safe for ours: control characters
   (CR and LF above all) become spaces, bytes that are not UTF-8 %XX. */
static void clean_field(char *dst, size_t cap, const char *src)
{
    const unsigned char *u = (const unsigned char *)src;
    size_t n = strlen(src), i = 0, o = 0;
    while (i < n && o + 4 < cap) {
        size_t k = utf8_len(u + i, n - i);
        if (k == 0) {
            snprintf(dst + o, cap - o, "%%%02X", u[i]);
            o += 3, i++;
        } else if (k == 1) {
            dst[o++] = u[i] < 0x20 || u[i] == 0x7f ? ' ' : (char)u[i];
            i++;
        } else {
            if (o + k >= cap)
                break;
            memcpy(dst + o, u + i, k);
            o += k, i += k;
        }
    }
    dst[o] = 0;
}

static int write_warcinfo(wout *w, const char *path, const char *outname, dump_stats *st)
{
    char head[2048], body[1024], id[80], date[40], seed[600];
    struct stat sb;
    time_t t = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    const char *pieces[2];
    size_t lens[2];
    const char *base = strrchr(outname, '/') ? strrchr(outname, '/') + 1 : outname;
    if (path && stat(path, &sb) == 0)
        t = sb.st_mtime;
    if (sde)
        t = (time_t)strtoll(sde, NULL, 10);
    iso_date(date, sizeof date, t);
    snprintf(seed, sizeof seed, "warcinfo %s %lld", base, (long long)t);
    make_uuid(id, sizeof id, seed, "");
    snprintf(body, sizeof body,
             "software: pith %s\r\nformat: WARC File Format 1.0\r\n"
             "conversion: the story text of each HTML page, as pith --format=text writes it\r\n",
             PITH_VERSION);
    clean_field(seed, sizeof seed, base);   /* the name comes from the command line */
    snprintf(head, sizeof head,
             "WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Date: %s\r\nWARC-Filename: %s\r\n"
             "WARC-Record-ID: %s\r\nContent-Type: application/warc-fields\r\n"
             "Content-Length: %zu\r\n\r\n", date, seed, id, strlen(body));
    strcat(body, "\r\n\r\n");
    pieces[0] = head, lens[0] = strlen(head);
    pieces[1] = body, lens[1] = strlen(body);
    return wout_member(w, pieces, lens, 2, &st->out_bytes);
}

static int write_conversion(wout *w, warc_record *rec, page *pg, dump_stats *st)
{
    char uri[3 * sizeof rec->uri], date[3 * sizeof rec->date], rid[3 * sizeof rec->id], id[80];
    char head[sizeof uri + sizeof date + sizeof rid + sizeof id + 256]; /* never cut */
    char digest[38];
    const char *pieces[3];
    size_t lens[3];
    clean_field(uri, sizeof uri, rec->uri);
    clean_field(date, sizeof date, rec->date);
    clean_field(rid, sizeof rid, rec->id);
    make_uuid(id, sizeof id, "conversion", rec->id);
    sha1_warc(pg->out.p ? pg->out.p : "", pg->out.n, digest);
    snprintf(head, sizeof head,
             "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: %s\r\nWARC-Date: %s\r\n"
             "WARC-Record-ID: %s\r\nWARC-Refers-To: %s\r\nWARC-Block-Digest: %s\r\n"
             "Content-Type: text/plain\r\nContent-Length: %zu\r\n\r\n",
             uri, date, id, rid, digest, pg->out.n);
    pieces[0] = head, lens[0] = strlen(head);
    pieces[1] = pg->out.p ? pg->out.p : "", lens[1] = pg->out.n;
    pieces[2] = "\r\n\r\n", lens[2] = 4;
    return wout_member(w, pieces, lens, 3, &st->out_bytes);
}

static int write_jsonl(FILE *fp, warc_record *rec, page *pg, const dump_opts *o, dump_stats *st)
{
    sbuf h = { NULL, 0, 0, SIZE_MAX, 0 };
    char num[256];
    int rc = 0;
    const char *u = rec->uri;
    size_t un = strlen(u);
    if (un >= 2 && u[0] == '<' && u[un - 1] == '>')
        u++, un -= 2;       /* WARC 1.0 writers put the URI in angle brackets */
    sb_puts(&h, "{\"url\":\"");
    sb_json(&h, u, un);
    sb_puts(&h, "\",\"warc_record_id\":\"");
    sb_json(&h, rec->id, strlen(rec->id));
    sb_puts(&h, "\",\"date\":\"");
    sb_json(&h, rec->date, strlen(rec->date));
    snprintf(num, sizeof num, "\",\"labels\":{\"story\":%llu,\"navigation\":%llu,"
             "\"advertising\":%llu,\"recommendation\":%llu},%s",
             pg->counts[0], pg->counts[1], pg->counts[2], pg->counts[3],
             o->keep_given ? "\"blocks\":[" : "\"text\":\"");
    sb_puts(&h, num);
    if (h.over ||
        fwrite(h.p, 1, h.n, fp) != h.n ||
        (pg->out.n && fwrite(pg->out.p, 1, pg->out.n, fp) != pg->out.n) ||
        fputs(o->keep_given ? "]}\n" : "\"}\n", fp) == EOF)
        rc = -1;
    st->out_bytes += h.n + pg->out.n + 3;
    free(h.p);
    return rc;
}

/* ---- one input file's output ------------------------------------------ */

struct pageout {
    FILE *fp;
    const dump_opts *o;
    wout *w;                /* warc: the gzip members */
    page pg;                /* the page being filtered */
};

pageout *pageout_open(FILE *fp, const dump_opts *o)
{
    pageout *po = calloc(1, sizeof *po);
    if (po == NULL)
        return NULL;
    if (o->format == DUMP_WARC) {
        if ((po->w = calloc(1, sizeof *po->w)) == NULL) {
            free(po);
            return NULL;
        }
        po->w->fp = fp;
    }
    po->fp = fp;
    po->o = o;
    po->pg.o = o;
    po->pg.out.max = o->max_text;
    po->pg.line.max = 6 * o->popt.max_block + 65536;
    return po;
}

int pageout_warcinfo(pageout *po, const char *path, const char *outname, dump_stats *st)
{
    return po->w ? write_warcinfo(po->w, path, outname, st) : 0;
}

pith_sink_fn pageout_begin(pageout *po, void **opaque)
{
    page *pg = &po->pg;
    pg->out.n = pg->line.n = 0;
    pg->out.over = pg->line.over = 0;
    pg->nparts = 0;
    memset(pg->counts, 0, sizeof pg->counts);
    *opaque = pg;
    return po->o->format == DUMP_WARC ? page_sink_text : page_sink_jsonl;
}

void pageout_end(pageout *po, int failed)
{
    page *pg = &po->pg;
    if (po->o->format == DUMP_JSONL && !po->o->keep_given && pg->nparts)
        sb_puts(&pg->out, "\\n");  /* as the text format ends */
    if (failed && po->o->popt.on_error == PITH_ON_ERROR_EMPTY) {
        pg->out.n = 0;          /* --on-error=empty: nothing of a failed page */
        pg->nparts = 0;
        memset(pg->counts, 0, sizeof pg->counts);
    }
}

int pageout_truncated(const pageout *po)
{
    return po->pg.out.over;
}

int pageout_write(pageout *po, warc_record *rec, dump_stats *st)
{
    if (po->w)
        return write_conversion(po->w, rec, &po->pg, st);
    return write_jsonl(po->fp, rec, &po->pg, po->o, st);
}

void pageout_close(pageout *po)
{
    if (po == NULL)
        return;
    free(po->pg.out.p);
    free(po->pg.line.p);
    if (po->w && po->w->zinit)
        deflateEnd(&po->w->z);
    free(po->w);
    free(po);
}
