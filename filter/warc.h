/* warc.h -- a streaming WARC record reader for the pith tool.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * Reads WARC 1.0/1.1 files, plain or gzip (one member per record, or one
 * member for the whole file), record by record from a file descriptor.  A
 * record's block is handed out in pieces as it is read, never held whole:
 * memory is three fixed buffers (raw input, inflated window, header), about
 * 200 KiB, whatever the record and file sizes.
 *
 *     warc_reader *r = warc_open(fd, name, 0, report, ctx);
 *     while (warc_next(r, &rec) > 0) {
 *         if (warc_http(r, &rec) == 0 && rec.status == 200)     (response records)
 *             while ((n = warc_payload(r, buf, sizeof buf)) > 0) use(buf, n);
 *         if (warc_end(r) == 0) the record was good: keep what it gave
 *         else it was corrupt: drop what it gave (already reported)
 *     }
 *     warc_close(r);
 *
 * Corrupt input (a bad gzip member, a wrong Content-Length, garbage between
 * records, a truncated file) is reported once through the report callback
 * with its input offset, and the reader resynchronises: at the next gzip
 * member of a file written one member per record, else at the next line that
 * starts "WARC/1.".  On a seekable file a record whose Content-Length was too
 * long is searched again from its block's start, so the records it swallowed
 * are still read; what is searched again, in all, is bounded by the input
 * read once plus 64 MiB (REREAD_MAX in warc.c), so that Content-Lengths that
 * are all wrong cannot make the reading quadratic.  On a plain file, a
 * Content-Length that runs past the file's end is known before the block is
 * read.
 *
 * The reader lives with the tool, not in the library: the library's contract
 * is one HTML page per handle, fed in any split, and a WARC file is a
 * container of many pages and other records that the caller opens, frames
 * and routes (as an HTTP server hands mod_pith one response at a time).
 * Keeping it here leaves libpith's ABI and its no-I/O design unchanged; the
 * reader uses zlib and read(2) only and does not depend on the pith library,
 * so the benchmarks link it too.
 */
#ifndef PITH_WARC_H
#define PITH_WARC_H

#include <stddef.h>
#include <sys/types.h>

/* Called once per corrupt stretch of input: offset is the input (file) byte
   offset where it starts, msg says what was wrong. */
typedef void (*warc_report_fn)(void *ctx, unsigned long long offset, const char *msg);

typedef struct warc_reader warc_reader;

/* One record's header fields, and its HTTP head once warc_http() read it.
   Strings are NUL-terminated, cut at their buffer size. */
typedef struct warc_record {
    char type[32];          /* WARC-Type: response, resource, request, ... */
    char id[256];           /* WARC-Record-ID, with its angle brackets */
    char date[64];          /* WARC-Date */
    char uri[4096];         /* WARC-Target-URI */
    char ctype[256];        /* Content-Type of the block */
    char ptype[128];        /* WARC-Identified-Payload-Type, "" if none */
    unsigned long long length;   /* Content-Length of the block */
    unsigned long long offset;   /* input offset of the record (of its gzip member) */
    /* HTTP head of a response record (warc_http) */
    int status;             /* HTTP status code, 0 if none */
    char http_ctype[256];   /* Content-Type of the payload */
    char http_cenc[64];     /* Content-Encoding, "" if none */
    int chunked;            /* Transfer-Encoding: chunked */
} warc_record;

/* Reader counters. */
typedef struct warc_counts {
    unsigned long long records;   /* good records read */
    unsigned long long corrupt;   /* corrupt stretches reported */
    unsigned long long headers;   /* record headers read, of good records or not */
    unsigned long long raw_read;  /* input bytes read so far */
} warc_counts;

/* Opens a reader on fd (not closed by the reader).  name is for messages.
   read_size is the size of each read(2): 0 for 64 KiB; a negative value
   reads random sizes between 1 and -read_size bytes (for tests: output must
   not depend on it).  Returns NULL when out of memory. */
warc_reader *warc_open(int fd, const char *name, long read_size,
                       warc_report_fn report, void *ctx);

/* Reads the next record's header into *rec (skipping and checking the end of
   the previous record if warc_end() was not called).  Returns 1 for a
   record, 0 at the end of the input, -1 on a read error (errno set). */
int warc_next(warc_reader *r, warc_record *rec);

/* Reads up to n bytes of the current record's block (after what warc_http
   consumed).  Returns the number of bytes, 0 at the end of the block, -1 if
   the record turned out corrupt (reported; the caller drops it). */
ssize_t warc_read(warc_reader *r, char *buf, size_t n);

/* For a record whose block is an HTTP message (Content-Type application/http):
   reads the HTTP status line and headers, fills status, http_ctype, http_cenc
   and chunked.  Returns 0, or -1 if the head is not HTTP or is over 64 KiB
   (the record is then skipped, not corrupt) or the record is corrupt. */
int warc_http(warc_reader *r, warc_record *rec);

/* Reads up to n bytes of the payload: the block after the HTTP head, with a
   chunked transfer-encoding removed when warc_http() found one.  Returns as
   warc_read(). */
ssize_t warc_payload(warc_reader *r, char *buf, size_t n);

/* Ends the current record: skips what is left of its block and checks the
   record's end.  Returns 0 if the record was good, -1 if it was corrupt
   (reported once; the reader resynchronises). */
int warc_end(warc_reader *r);

/* The counters so far. */
void warc_get_counts(const warc_reader *r, warc_counts *c);

/* Frees the reader.  NULL-safe. */
void warc_close(warc_reader *r);

/* 1 if the first bytes of buf (len of them) are a WARC file: "WARC/1." or a
   gzip member whose first inflated bytes are "WARC/1.". */
int warc_sniff(const unsigned char *buf, size_t len);

#endif /* PITH_WARC_H */
