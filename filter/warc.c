/* warc.c -- a streaming WARC record reader: see warc.h.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * Three layers, pulled from the top:
 *   input   read(2) into raw[], with the file offset of raw[0];
 *   window  dec[]: raw[] itself for a plain file, or inflated gzip output;
 *           a window never spans two gzip members, and the end of a member
 *           and a corrupt stretch skipped are events (M_BOUNDARY, M_BROKEN)
 *           the record layer sees between two windows;
 *   records header lines, the block (Content-Length bytes), the "\r\n\r\n"
 *           after it; the HTTP head and the chunked transfer-encoding of a
 *           response's payload.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "warc.h"

#define RAWSZ (64 * 1024)
#define DECSZ (64 * 1024)
#define HDRMAX (64 * 1024)
/* The input gone over again by rewinds (rewind_to), in all, is at most the
   input read once plus this: Content-Lengths that are all wrong would
   otherwise make the reading quadratic.  Past it the reader goes on from
   where it is, as on a pipe. */
#define REREAD_MAX (64ULL << 20)

/* what more() returns besides 1 (bytes in the window) and 0 (end of input) */
enum { M_ERROR = -1, M_BOUNDARY = 2, M_BROKEN = 3 };

enum rstate {
    ST_START,   /* expecting a record header here */
    ST_BLOCK,   /* in a record's block: block_left bytes to go */
    ST_RESYNC,  /* after corrupt input: looking for a line "WARC/1." */
    ST_EOF      /* end of input */
};

enum cstate { CS_SIZE, CS_EXT, CS_DATA, CS_DATA_END, CS_DONE };

struct warc_reader {
    int fd;
    const char *name;
    long read_size;
    unsigned rng;
    warc_report_fn report;
    void *ctx;
    int seekable;
    unsigned long long size;      /* a regular file's size (0: not one) */
    int eof;                      /* read(2) returned 0 */

    /* input */
    unsigned char *raw;
    size_t rpos, rlen;
    unsigned long long raw_base;  /* file offset of raw[0] */

    /* gzip */
    int gz;
    z_stream z;
    int zinit;
    int member_open;              /* inflating a member */
    unsigned long long member_raw;   /* file offset of the current member */
    unsigned long long member_dec;   /* uncompressed offset of its first byte */
    int boundary;                 /* a member ended: report it before more data */
    const char *broken;           /* a member went bad after the window's bytes:
                                     report it once they are used (zlib's message) */

    /* window */
    unsigned char *dec;
    size_t dpos, dlen;
    unsigned long long dec_base;  /* uncompressed offset of dec[0] */

    /* records */
    enum rstate state;
    int line_start;               /* resync: the next byte starts a line */
    int have_magic;               /* resync consumed "WARC/1." of the next header */
    int per_record;               /* gzip member per record: -1 unknown, 0, 1 */
    int quiet;                    /* a problem was reported: say nothing until a good record */
    int rec_bad;                  /* the current record is corrupt (reported) */
    int dec_offsets;              /* complain(): the offset is an uncompressed one */
    unsigned long long block_left, block_start, rec_off, rec_dec;
    unsigned long long high;      /* the farthest uncompressed offset rewound from */
    unsigned long long reread;    /* what rewinds went back over, in all */
    char *hdr;

    /* payload */
    int chunked;
    enum cstate cs;
    unsigned long long cleft;
    int cfirst;                   /* before the first chunk-size byte */

    warc_counts counts;
};

/* ---- input ---------------------------------------------------------- */

static size_t next_read_size(warc_reader *r, size_t room)
{
    size_t n = room;
    if (r->read_size > 0 && (size_t)r->read_size < n)
        n = (size_t)r->read_size;
    else if (r->read_size < 0) {
        r->rng ^= r->rng << 13;
        r->rng ^= r->rng >> 17;
        r->rng ^= r->rng << 5;
        n = 1 + r->rng % (unsigned long)(-r->read_size);
        if (n > room)
            n = room;
    }
    return n;
}

/* read(2) into buf; returns bytes, 0 at end, -1 on error. */
static ssize_t rd(warc_reader *r, unsigned char *buf, size_t room)
{
    ssize_t n;
    if (r->eof)
        return 0;
    do
        n = read(r->fd, buf, next_read_size(r, room));
    while (n < 0 && errno == EINTR);
    if (n == 0)
        r->eof = 1;
    if (n > 0)
        r->counts.raw_read += (unsigned long long)n;
    return n;
}

/* Keeps the unread raw bytes and reads more after them.  Returns the number
   of new bytes, 0 at the end of the input, -1 on error. */
static ssize_t raw_fill(warc_reader *r)
{
    if (r->rpos > 0) {
        memmove(r->raw, r->raw + r->rpos, r->rlen - r->rpos);
        r->raw_base += r->rpos;
        r->rlen -= r->rpos;
        r->rpos = 0;
    }
    if (r->rlen == RAWSZ)
        return RAWSZ;  /* full: caller has what it needs */
    {
        ssize_t n = rd(r, r->raw + r->rlen, RAWSZ - r->rlen);
        if (n > 0)
            r->rlen += (size_t)n;
        return n;
    }
}

/* Moves the input to file offset off: seeks on a file, else skips forward
   within what is there.  Returns 0, or -1 if off is behind and cannot be
   reached (the input stays where it is). */
static int raw_goto(warc_reader *r, unsigned long long off)
{
    if (off >= r->raw_base && off <= r->raw_base + r->rlen) {
        r->rpos = (size_t)(off - r->raw_base);
        return 0;
    }
    if (!r->seekable || lseek(r->fd, (off_t)off, SEEK_SET) == (off_t)-1)
        return -1;
    r->raw_base = off;
    r->rpos = r->rlen = 0;
    r->eof = 0;
    return 0;
}

static void complain(warc_reader *r, unsigned long long off, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    size_t n;
    if (r->quiet)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    n = strlen(msg);
    if (r->gz && r->per_record != 1 && r->dec_offsets)
        snprintf(msg + n, sizeof msg - n, " (offset in the uncompressed data)");
    r->quiet = 1;
    r->counts.corrupt++;
    if (r->report)
        r->report(r->ctx, off, msg);
}

/* Scans the input from its current position for a gzip member's magic
   (1f 8b 08) and leaves the input there.  Returns 1 found, 0 end of input,
   -1 on error. */
static int scan_magic(warc_reader *r)
{
    for (;;) {
        size_t i;
        for (i = r->rpos; i + 2 < r->rlen; i++)
            if (r->raw[i] == 0x1f && r->raw[i + 1] == 0x8b && r->raw[i + 2] == 8) {
                r->rpos = i;
                return 1;
            }
        r->rpos = i;
        {
            ssize_t n = raw_fill(r);
            if (n < 0)
                return -1;
            if (n == 0) {
                r->rpos = r->rlen;
                return 0;
            }
        }
    }
}

/* ---- window --------------------------------------------------------- */

/* A corrupt gzip member: report it and skip to the next member's magic. */
static int gz_broken(warc_reader *r, const char *what)
{
    complain(r, r->member_raw, "bad gzip member (%s)", what);
    r->member_open = 0;
    r->dlen = r->dpos = 0;
    /* back to just after the member's magic; on a pipe, search on from here */
    (void)raw_goto(r, r->member_raw + 1);
    if (scan_magic(r) < 0)
        return M_ERROR;
    return M_BROKEN;
}

/* Makes dpos < dlen.  Call only when the window is used up.  Returns 1, 0 at
   the end of the input, M_BOUNDARY, M_BROKEN or M_ERROR. */
static int more(warc_reader *r)
{
    if (r->dpos < r->dlen)
        return 1;
    r->dec_base += r->dlen;
    r->dpos = r->dlen = 0;
    if (!r->gz) {
        ssize_t n;
        if (r->rpos < r->rlen) {    /* bytes read while sniffing */
            size_t k = r->rlen - r->rpos;
            memcpy(r->dec, r->raw + r->rpos, k);
            r->rpos = r->rlen;
            r->dlen = k;
            return 1;
        }
        n = rd(r, r->dec, DECSZ);
        if (n < 0)
            return M_ERROR;
        r->dlen = (size_t)n;
        return n > 0;
    }
    for (;;) {
        int ret;
        if (r->boundary) {
            r->boundary = 0;
            return M_BOUNDARY;
        }
        if (r->broken) {
            const char *why = r->broken;
            r->broken = NULL;
            return gz_broken(r, why);
        }
        if (!r->member_open) {
            if (r->rlen - r->rpos < 3 && !r->eof) {
                if (raw_fill(r) < 0)
                    return M_ERROR;
                continue;
            }
            if (r->rpos == r->rlen)
                return 0;
            if (r->rlen - r->rpos < 3 || r->raw[r->rpos] != 0x1f ||
                r->raw[r->rpos + 1] != 0x8b || r->raw[r->rpos + 2] != 8) {
                complain(r, r->raw_base + r->rpos, "garbage between gzip members");
                r->rpos++;
                if (scan_magic(r) < 0)
                    return M_ERROR;
                return M_BROKEN;
            }
            inflateReset(&r->z);
            r->member_open = 1;
            r->member_raw = r->raw_base + r->rpos;
            r->member_dec = r->dec_base;
        }
        if (r->rpos == r->rlen) {
            ssize_t n = raw_fill(r);
            if (n < 0)
                return M_ERROR;
            if (n == 0) {
                complain(r, r->member_raw, "truncated gzip member at the end of the input");
                r->member_open = 0;
                return M_BROKEN;
            }
        }
        r->z.next_in = r->raw + r->rpos;
        r->z.avail_in = (uInt)(r->rlen - r->rpos);
        r->z.next_out = r->dec;
        r->z.avail_out = DECSZ;
        ret = inflate(&r->z, Z_NO_FLUSH);
        r->rpos = r->rlen - r->z.avail_in;
        r->dlen = DECSZ - r->z.avail_out;
        if (ret == Z_STREAM_END) {
            r->member_open = 0;
            r->boundary = 1;
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            /* the bytes inflated before the damage come first, as they
               would had the input come in smaller reads */
            r->broken = r->z.msg ? r->z.msg : "inflate error";
            if (r->dlen == 0)
                continue;
        }
        if (r->dlen > 0)
            return 1;
    }
}

/* The uncompressed offset of the next byte. */
static unsigned long long here(const warc_reader *r)
{
    return r->dec_base + r->dpos;
}

/* Re-reads the input from uncompressed offset target (not before the start
   of the current gzip member).  Returns 0, or -1 if the input cannot go back
   (a pipe, or past REREAD_MAX). */
static int rewind_to(warc_reader *r, unsigned long long target)
{
    unsigned long long at = here(r), from;
    if (!r->seekable)
        return -1;
    /* what is read again: from target, or in gzip from the member's start
       (counted in offsets, not reads, so that it does not depend on them) */
    from = r->gz && r->member_dec < target ? r->member_dec : target;
    if (at > r->high)
        r->high = at;
    if (at > from && r->reread + (at - from) > r->high + REREAD_MAX)
        return -1;
    if (at > from)
        r->reread += at - from;
    if (!r->gz) {
        if (lseek(r->fd, (off_t)target, SEEK_SET) == (off_t)-1)
            return -1;
        r->eof = 0;
        r->rpos = r->rlen = 0;
        r->raw_base = target;
        r->dec_base = target;
        r->dpos = r->dlen = 0;
        return 0;
    }
    if (target < r->member_dec)
        target = r->member_dec;
    if (raw_goto(r, r->member_raw) < 0)
        return -1;
    inflateReset(&r->z);
    r->member_open = 1;
    r->boundary = 0;
    r->broken = NULL;
    r->dec_base = r->member_dec;
    r->dpos = r->dlen = 0;
    while (r->dec_base + r->dlen < target) {
        if (more(r) != 1)
            return 0;       /* the event is seen by the resync */
        r->dpos = r->dlen;
    }
    r->dpos = (size_t)(target - r->dec_base);
    return 0;
}

/* ---- records -------------------------------------------------------- */

/* Input offset for a message about uncompressed offset pos: in a file of
   one gzip member per record, the record's member; in a plain file, pos;
   in a file gzipped whole, pos too (the message says so). */
static unsigned long long where(const warc_reader *r, unsigned long long pos)
{
    return r->gz && r->per_record == 1 ? r->member_raw : pos;
}

/* complain() about a record at uncompressed offset pos. */
#define complain_rec(r, pos, ...) \
    ((r)->dec_offsets = 1, complain((r), where((r), (pos)), __VA_ARGS__), (r)->dec_offsets = 0)

/* Sets the reader to look for the next record from here; line_start says
   whether "here" is the start of a line (a record may begin right here). */
static void go_resync(warc_reader *r, int line_start)
{
    r->state = ST_RESYNC;
    r->line_start = line_start;
    r->have_magic = 0;
}

/* Looks for "WARC/1." at the start of a line; consumes it.  Returns 1 found,
   0 end of input, -1 error. */
static int resync(warc_reader *r)
{
    static const char magic[] = "WARC/1.";
    size_t k = 0;
    for (;;) {
        int m = more(r);
        if (m == M_ERROR)
            return -1;
        if (m == 0)
            return 0;
        if (m == M_BOUNDARY || m == M_BROKEN) {
            r->line_start = 1;
            k = 0;
            continue;
        }
        while (r->dpos < r->dlen) {
            unsigned char c = r->dec[r->dpos++];
            if (k > 0 || r->line_start) {
                if (c == (unsigned char)magic[k]) {
                    if (++k == 7) {
                        r->have_magic = 1;
                        return 1;
                    }
                    r->line_start = 0;
                    continue;
                }
                k = 0;
            }
            r->line_start = c == '\n';
            if (!r->line_start) {
                unsigned char *nl = memchr(r->dec + r->dpos, '\n', r->dlen - r->dpos);
                if (nl == NULL) {
                    r->dpos = r->dlen;
                } else {
                    r->dpos = (size_t)(nl - r->dec) + 1;
                    r->line_start = 1;
                }
            }
        }
    }
}

/* Copies header value v (trimmed) into dst of size cap. */
static void setval(char *dst, size_t cap, const char *v, size_t n)
{
    while (n && (*v == ' ' || *v == '\t'))
        v++, n--;
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
        n--;
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, v, n);
    dst[n] = 0;
}

/* Reads header lines into r->hdr up to the empty line.  Returns the header
   length, 0 at a clean end of input, -1 on error, -2 corrupt (reported,
   resync set). */
static long read_header(warc_reader *r)
{
    size_t n = 0;
    int blank_ok = 1;       /* empty lines before a record are tolerated */
    if (r->have_magic) {
        memcpy(r->hdr, "WARC/1.", 7);
        n = 7;
        blank_ok = 0;
        r->have_magic = 0;
    }
    r->rec_dec = here(r) - n;
    r->rec_off = r->gz ? r->member_raw : r->rec_dec;
    for (;;) {
        int m = more(r);
        unsigned char *p, *nl;
        size_t k;
        if (m == M_ERROR)
            return -1;
        if (m == 0) {
            if (n > 0) {
                complain_rec(r, r->rec_dec, "truncated record header at the end of the input");
                r->state = ST_EOF;
                return -2;
            }
            r->state = ST_EOF;
            return 0;
        }
        if (m == M_BROKEN) {
            go_resync(r, 1);
            return -2;
        }
        if (m == M_BOUNDARY) {
            if (n > 0 && r->per_record == 1) {
                complain_rec(r, r->rec_dec, "record header cut by the end of its gzip member");
                go_resync(r, 1);
                return -2;
            }
            continue;
        }
        if (n == 0) {
            r->rec_dec = here(r);
            r->rec_off = r->gz ? r->member_raw : r->rec_dec;
        }
        p = r->dec + r->dpos;
        nl = memchr(p, '\n', r->dlen - r->dpos);
        k = nl ? (size_t)(nl - p) + 1 : r->dlen - r->dpos;
        if (n + k > HDRMAX - 1) {
            complain_rec(r, r->rec_dec, "record header over %d bytes", HDRMAX);
            r->dpos += k;
            go_resync(r, nl != NULL);
            return -2;
        }
        memcpy(r->hdr + n, p, k);
        for (size_t i = n; i < n + k; i++)
            if (r->hdr[i] == 0)
                r->hdr[i] = ' ';    /* the header is parsed as a C string */
        r->dpos += k;
        n += k;
        if (!nl)
            continue;
        /* a complete line ends at n */
        if (blank_ok && (n == 1 || (n == 2 && r->hdr[0] == '\r'))) {
            n = 0;          /* an empty line between records */
            continue;
        }
        if (blank_ok) {
            blank_ok = 0;
            if (n < 7 || memcmp(r->hdr, "WARC/1.", 7) != 0) {
                complain_rec(r, r->rec_dec, "no WARC record here (garbage between records)");
                go_resync(r, 1);
                return -2;
            }
        } else if ((n >= 2 && r->hdr[n - 2] == '\n') ||
                   (n >= 3 && r->hdr[n - 2] == '\r' && r->hdr[n - 3] == '\n')) {
            r->hdr[n] = 0;
            r->counts.headers++;
            return (long)n;
        }
    }
}

/* Whether a block of len bytes from here runs past the end of a plain
   regular file: known before it is read (else the reading to the end and
   back would cost the rest of the file for each such record).  The size
   is looked up again before saying so: the file may have grown. */
static int past_end(warc_reader *r, unsigned long long len)
{
    struct stat sb;
    if (r->gz || r->size == 0 || (here(r) <= r->size && len <= r->size - here(r)))
        return 0;
    if (fstat(r->fd, &sb) == 0 && S_ISREG(sb.st_mode))
        r->size = (unsigned long long)sb.st_size;
    return here(r) > r->size || len > r->size - here(r);
}

int warc_next(warc_reader *r, warc_record *rec)
{
    for (;;) {
        long n;
        char *line, *end;
        int have_len = 0;

        if (r->state == ST_BLOCK)
            warc_end(r);
        if (r->state == ST_EOF)
            return 0;
        if (r->state == ST_RESYNC) {
            int f = resync(r);
            if (f < 0)
                return -1;
            if (f == 0) {
                r->state = ST_EOF;
                return 0;
            }
            r->state = ST_START;
        }
        n = read_header(r);
        if (n == -1)
            return -1;
        if (n == 0)
            return 0;
        if (n < 0)
            continue;
        memset(rec, 0, sizeof *rec);
        rec->offset = r->rec_off;
        for (line = strchr(r->hdr, '\n') + 1; *line && *line != '\r' && *line != '\n';
             line = end + 1) {
            char *colon;
            size_t nlen;
            end = strchr(line, '\n');
            colon = memchr(line, ':', (size_t)(end - line));
            if (!colon)
                continue;
            nlen = (size_t)(colon - line);
#define IS(s) (nlen == sizeof s - 1 && strncasecmp(line, s, nlen) == 0)
#define VAL(f) setval(rec->f, sizeof rec->f, colon + 1, (size_t)(end - colon - 1))
            if (IS("WARC-Type")) VAL(type);
            else if (IS("WARC-Record-ID")) VAL(id);
            else if (IS("WARC-Date")) VAL(date);
            else if (IS("WARC-Target-URI")) VAL(uri);
            else if (IS("Content-Type")) VAL(ctype);
            else if (IS("WARC-Identified-Payload-Type")) VAL(ptype);
            else if (IS("Content-Length")) {
                char *e;
                const char *v = colon + 1;
                while (*v == ' ' || *v == '\t')
                    v++;
                errno = 0;
                rec->length = strtoull(v, &e, 10);
                have_len = !errno && e > v && (*e == '\r' || *e == '\n' || *e == ' ') && *v != '-';
            }
#undef IS
#undef VAL
        }
        if (!have_len) {
            complain_rec(r, r->rec_dec, "record without a valid Content-Length");
            go_resync(r, 1);
            continue;
        }
        if (past_end(r, rec->length)) {
            complain_rec(r, r->rec_dec, "record runs past the end of the input (%llu bytes of "
                         "its Content-Length missing: truncated, or a wrong Content-Length)",
                         here(r) < r->size ? rec->length - (r->size - here(r)) : rec->length);
            go_resync(r, 1);    /* searched from its block's start */
            continue;
        }
        r->state = ST_BLOCK;
        r->block_left = rec->length;
        r->block_start = here(r);
        r->rec_bad = 0;
        r->chunked = 0;
        return 1;
    }
}

ssize_t warc_read(warc_reader *r, char *buf, size_t n)
{
    for (;;) {
        int m;
        size_t k;
        if (r->state != ST_BLOCK)
            return r->rec_bad ? -1 : 0;
        if (r->block_left == 0 || n == 0)
            return 0;
        m = more(r);
        if (m == 1) {
            k = r->dlen - r->dpos;
            if (k > n)
                k = n;
            if (k > r->block_left)
                k = (size_t)r->block_left;
            if (buf)
                memcpy(buf, r->dec + r->dpos, k);
            r->dpos += k;
            r->block_left -= k;
            return (ssize_t)k;
        }
        if (m == M_ERROR)
            return -1;
        if (m == M_BOUNDARY && r->per_record != 1)
            continue;
        if (m == 0) {
            /* truncated, or a Content-Length too long: search the rest again */
            complain_rec(r, r->rec_dec, "record runs past the end of the input (%llu bytes of "
                         "its Content-Length missing: truncated, or a wrong Content-Length)",
                         r->block_left);
            if (rewind_to(r, r->block_start) == 0)
                go_resync(r, 1);
            else
                r->state = ST_EOF;
        } else if (m == M_BOUNDARY) {
            complain_rec(r, r->rec_dec,
                     "record runs past the end of its gzip member (wrong Content-Length?)");
            go_resync(r, 1);
        } else {
            go_resync(r, 1);
        }
        r->rec_bad = 1;
        return -1;
    }
}

/* One byte of the block: 0..255, -1 at its end, -2 if corrupt. */
static int bgetc(warc_reader *r)
{
    unsigned char c;
    if (r->state == ST_BLOCK && r->block_left > 0 && r->dpos < r->dlen) {
        r->block_left--;
        return r->dec[r->dpos++];
    }
    switch (warc_read(r, (char *)&c, 1)) {
    case 1: return c;
    case 0: return -1;
    default: return -2;
    }
}

int warc_http(warc_reader *r, warc_record *rec)
{
    char line[8192];
    size_t total = 0;
    int first = 1;
    r->chunked = 0;
    for (;;) {
        size_t n = 0;
        int c;
        while ((c = bgetc(r)) >= 0 && c != '\n') {
            if (n < sizeof line - 1)
                line[n++] = (char)c;
            if (++total > HDRMAX)
                return -1;
        }
        if (c == -2)
            return -1;
        if (c == -1 && n == 0)
            return first ? -1 : 0;
        total++;
        if (n && line[n - 1] == '\r')
            n--;
        line[n] = 0;
        if (first) {
            char *sp = strchr(line, ' ');
            first = 0;
            if (strncmp(line, "HTTP/", 5) != 0 || !sp)
                return -1;
            rec->status = atoi(sp + 1);
            continue;
        }
        if (n == 0)
            break;
        {
            char *colon = strchr(line, ':');
            size_t nlen;
            if (!colon)
                continue;
            nlen = (size_t)(colon - line);
            if (nlen == 12 && !strncasecmp(line, "Content-Type", 12))
                setval(rec->http_ctype, sizeof rec->http_ctype, colon + 1, strlen(colon + 1));
            else if (nlen == 16 && !strncasecmp(line, "Content-Encoding", 16))
                setval(rec->http_cenc, sizeof rec->http_cenc, colon + 1, strlen(colon + 1));
            else if (nlen == 17 && !strncasecmp(line, "Transfer-Encoding", 17)) {
                const char *v;
                for (v = colon + 1; *v; v++)
                    if (!strncasecmp(v, "chunked", 7))
                        rec->chunked = 1;
            }
        }
        if (c == -1)
            break;
    }
    r->chunked = rec->chunked;
    r->cs = CS_SIZE;
    r->cleft = 0;
    r->cfirst = 1;
    return 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

ssize_t warc_payload(warc_reader *r, char *buf, size_t n)
{
    int c, v;
    if (!r->chunked)
        return warc_read(r, buf, n);
    for (;;) {
        switch (r->cs) {
        case CS_SIZE:
            c = bgetc(r);
            if (c < 0)
                return c == -2 ? -1 : 0;
            if (r->cfirst && hexval(c) < 0 && n > 0) {
                /* said chunked but is not (some crawlers store the payload
                   decoded and keep the header): the payload as it is */
                r->chunked = 0;
                buf[0] = (char)c;
                return 1;
            }
            r->cfirst = 0;
            if ((v = hexval(c)) >= 0) {
                if (r->cleft >> 58) {           /* absurd size: stop */
                    r->cs = CS_DONE;
                    break;
                }
                r->cleft = r->cleft * 16 + (unsigned)v;
            } else if (c == '\n') {
                r->cs = r->cleft ? CS_DATA : CS_DONE;
            } else if (c != '\r') {
                r->cs = CS_EXT;
            }
            break;
        case CS_EXT:
            c = bgetc(r);
            if (c < 0)
                return c == -2 ? -1 : 0;
            if (c == '\n')
                r->cs = r->cleft ? CS_DATA : CS_DONE;
            break;
        case CS_DATA: {
            ssize_t k;
            if (r->cleft == 0) {
                r->cs = CS_DATA_END;
                break;
            }
            k = warc_read(r, buf, n < r->cleft ? n : (size_t)r->cleft);
            if (k > 0)
                r->cleft -= (unsigned long long)k;
            return k;
        }
        case CS_DATA_END:
            c = bgetc(r);
            if (c < 0)
                return c == -2 ? -1 : 0;
            if (c == '\n') {
                r->cs = CS_SIZE;
                r->cleft = 0;
            }
            break;
        case CS_DONE:
            return 0;
        }
    }
}

/* In a file of one gzip member per record, a record that does not end
   where its Content-Length says may sit in a member whose data is corrupt:
   the member's check (CRC and length, at its end) comes first, however the
   input was cut into reads, or the record would be blamed for it (the
   message would depend on where a read ended).  Inflates the rest of the
   member; returns what more() said after it: M_BOUNDARY or 0 for a sound
   member, M_BROKEN (reported) or M_ERROR.  Elsewhere returns 1. */
static int member_rest(warc_reader *r)
{
    int m;
    if (!r->gz || r->per_record != 1)
        return 1;
    r->dpos = r->dlen;
    while ((m = more(r)) == 1)
        r->dpos = r->dlen;
    return m;
}

int warc_end(warc_reader *r)
{
    unsigned char t[4];
    size_t k = 0;
    int m = 1;
    if (r->state != ST_BLOCK)
        return r->rec_bad ? (r->rec_bad = 0, -1) : -1;
    while (r->block_left > 0) {
        ssize_t n = warc_read(r, NULL, (size_t)-1 >> 1);
        if (n < 0) {
            r->rec_bad = 0;
            return -1;
        }
    }
    /* the record's end: "\r\n\r\n" (also taken: "\n\n") */
    for (;;) {
        m = more(r);
        if (m == 1) {
            t[k++] = r->dec[r->dpos++];
            if (k == 4 || (k == 2 && t[0] == '\n' && t[1] == '\n'))
                break;
            continue;
        }
        if (m == M_BOUNDARY && r->per_record != 1)
            continue;
        break;
    }
    if (!((k == 4 && !memcmp(t, "\r\n\r\n", 4)) || (k == 2 && t[0] == '\n' && t[1] == '\n'))) {
        int rest = m == 1 ? member_rest(r) : m;
        r->rec_bad = 0;
        if (rest == M_ERROR || rest == M_BROKEN) {
            go_resync(r, 1);
            return -1;
        }
        if (m == 0)
            complain_rec(r, r->rec_dec, "truncated record (no end of record)");
        else
            complain_rec(r, r->rec_dec,
                     "record not followed by an end of record (wrong Content-Length?)");
        go_resync(r, rewind_to(r, r->block_start) == 0);
        return -1;
    }
    if (r->gz && r->per_record != 0) {
        /* a record is good only if its member is: the member's check, at
           its end, comes before the record is taken; after the first
           record, what follows says whether the file is one member per
           record (a member's end) or one member (more bytes) */
        m = more(r);
        if (m == M_ERROR || m == M_BROKEN) {
            if (r->per_record < 0)
                r->per_record = 1;
            go_resync(r, 1);
            return -1;
        }
        if (r->per_record < 0)
            r->per_record = m != 1;
    }
    r->state = ST_START;
    r->quiet = 0;
    r->counts.records++;
    return 0;
}

warc_reader *warc_open(int fd, const char *name, long read_size,
                       warc_report_fn report, void *ctx)
{
    warc_reader *r = calloc(1, sizeof *r);
    ssize_t n;
    if (!r)
        return NULL;
    r->raw = malloc(RAWSZ);
    r->dec = malloc(DECSZ);
    r->hdr = malloc(HDRMAX);
    if (!r->raw || !r->dec || !r->hdr || inflateInit2(&r->z, 15 + 16) != Z_OK) {
        warc_close(r);
        return NULL;
    }
    r->zinit = 1;
    r->fd = fd;
    r->name = name;
    r->read_size = read_size;
    r->rng = 2463534242u;
    r->report = report;
    r->ctx = ctx;
    r->per_record = -1;
    r->state = ST_START;
    r->seekable = lseek(fd, 0, SEEK_CUR) != (off_t)-1;
    if (r->seekable)
        r->raw_base = (unsigned long long)lseek(fd, 0, SEEK_CUR);
    {
        struct stat sb;
        if (r->seekable && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
            r->size = (unsigned long long)sb.st_size;
    }
    r->dec_base = r->raw_base;
    /* sniff: gzip or plain */
    while (r->rlen < 2 && (n = rd(r, r->raw + r->rlen, RAWSZ - r->rlen)) > 0)
        r->rlen += (size_t)n;
    r->gz = r->rlen >= 2 && r->raw[0] == 0x1f && r->raw[1] == 0x8b;
    if (r->gz)
        r->dec_base = 0;
    return r;
}

void warc_get_counts(const warc_reader *r, warc_counts *c)
{
    *c = r->counts;
}

void warc_close(warc_reader *r)
{
    if (!r)
        return;
    if (r->zinit)
        inflateEnd(&r->z);
    free(r->raw);
    free(r->dec);
    free(r->hdr);
    free(r);
}

int warc_sniff(const unsigned char *buf, size_t len)
{
    unsigned char out[16];
    z_stream z;
    int ok;
    if (len >= 7 && !memcmp(buf, "WARC/1.", 7))
        return 1;
    if (len < 3 || buf[0] != 0x1f || buf[1] != 0x8b)
        return 0;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 16) != Z_OK)
        return 0;
    z.next_in = (unsigned char *)buf;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = sizeof out;
    inflate(&z, Z_NO_FLUSH);
    ok = sizeof out - z.avail_out >= 7 && !memcmp(out, "WARC/1.", 7);
    inflateEnd(&z);
    return ok;
}
