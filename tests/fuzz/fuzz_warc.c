/* fuzz_warc.c -- libFuzzer harness for the tool's WARC reader
 * (filter/warc.c): the input is a WARC file (plain, gzip per record or gzip
 * whole).  It is read three ways: from a file in memory with 64 KiB reads
 * and a large payload buffer, from the same file with small reads of
 * random sizes and a small payload buffer, and from a pipe (not seekable).
 * The first two must give the same records, payloads, reports and counts
 * (the reader's output does not depend on how its input arrives); so must
 * the pipe when the file had no corrupt stretch (only a corrupt record is
 * searched again, and only on a seekable file).  A record's payload is
 * never longer than its block.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#define _GNU_SOURCE                 /* memfd_create, F_SETPIPE_SZ */
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "warc.h"
#include "fuzz_sink.h"

/* What a read gave: a hash of its events, one line each, and the first
   64 KiB of those lines to show where two ways part (a gzip input can
   inflate to millions of records). */
#define LOG_MAX 65536
typedef struct {
    sinkbuf log;
    unsigned long long events, reports, hash;
} trace;

static unsigned long long fnv(unsigned long long h, const char *p, size_t n)
{
    while (n--)
        h = (h ^ (unsigned char)*p++) * 0x100000001b3ULL;
    return h;
}

static void say(trace *t, const char *fmt, ...)
{
    char line[6000];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        abort();
    if ((size_t)n >= sizeof line)
        n = sizeof line - 1;
    t->hash = fnv(t->hash, line, (size_t)n);
    if (t->log.n < LOG_MAX && sink(&t->log, line, (size_t)n) != 0)
        abort();
    t->events++;
}

static void report(void *ctx, unsigned long long off, const char *msg)
{
    trace *t = ctx;
    t->reports++;
    say(t, "report %llu %s\n", off, msg);
}

/* Reads the payload (or the raw block) of the current record: its length
   and a hash, which must not depend on the buffer's size. */
static void body(warc_reader *r, trace *t, const warc_record *rec, int http, size_t bufsize)
{
    static char buf[65536];
    unsigned long long total = 0, h = 0xcbf29ce484222325ULL;
    ssize_t n;
    while ((n = http ? warc_payload(r, buf, bufsize) : warc_read(r, buf, bufsize)) > 0) {
        if ((size_t)n > bufsize)
            abort();
        h = fnv(h, buf, (size_t)n);
        total += (unsigned long long)n;
        if (total > rec->length)
            abort();            /* a payload longer than its block */
    }
    say(t, "body %d %llu %016llx\n", (int)n, total, h);
}

/* One way of reading the whole input into t. */
static void read_all(int fd, long read_size, size_t bufsize, unsigned long long choice,
                     trace *t)
{
    warc_reader *r = warc_open(fd, "fuzz", read_size, report, t);
    warc_record *rec = malloc(sizeof *rec);
    warc_counts c;
    unsigned k = 0;
    int rc;
    if (!r || !rec)
        abort();
    while ((rc = warc_next(r, rec)) > 0) {
        /* what is done with this record: the same in every way */
        unsigned what = (unsigned)((choice + k++) % 4);
        say(t, "record %s|%s|%s|%s|%s|%llu|%llu\n", rec->type, rec->id, rec->date, rec->uri,
            rec->ctype, rec->length, rec->offset);
        if (what < 2) {
            /* as the tool does: the HTTP head, then the payload */
            int h = warc_http(r, rec);
            say(t, "http %d %d|%s|%s|%d\n", h, h == 0 ? rec->status : 0,
                h == 0 ? rec->http_ctype : "", h == 0 ? rec->http_cenc : "",
                h == 0 ? rec->chunked : 0);
            if (h == 0)
                body(r, t, rec, 1, bufsize);
        } else if (what == 2) {
            body(r, t, rec, 0, bufsize);
        }                       /* else: skipped by warc_end */
        say(t, "end %d\n", warc_end(r));
    }
    warc_get_counts(r, &c);
    say(t, "done %d %llu %llu\n", rc, c.records, c.corrupt);
    if (c.corrupt != t->reports)
        abort();                /* each corrupt stretch is reported once */
    warc_close(r);
    free(rec);
}

static int show(const trace *t, size_t at)
{
    return t->log.n > at ? (int)(t->log.n - at < 600 ? t->log.n - at : 600) : 0;
}

static void compare(const trace *a, const trace *b, const char *what)
{
    size_t i = 0;
    if (a->hash == b->hash && a->events == b->events)
        return;
    while (i < a->log.n && i < b->log.n && a->log.p[i] == b->log.p[i])
        i++;
    while (i > 0 && a->log.p[i - 1] != '\n')
        i--;
    fprintf(stderr, "fuzz_warc: %s differs from 64 KiB reads at:\n--- 64 KiB reads\n%.*s\n"
            "--- %s\n%.*s\n", what, show(a, i), a->log.p + i, what, show(b, i), b->log.p + i);
    abort();
}

static int in_memory(const uint8_t *data, size_t size)
{
    int fd = memfd_create("pith-warc", 0);
    if (fd < 0)
        abort();
    if (size && write(fd, data, size) != (ssize_t)size)
        abort();
    lseek(fd, 0, SEEK_SET);
    return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    trace a = { { NULL, 0, 0 }, 0, 0, 0xcbf29ce484222325ULL }, b = a, p = a;
    /* the choices come from a hash of the input: every mutation moves them */
    unsigned long long h = fnv(0xcbf29ce484222325ULL, (const char *)data, size);
    long small = 1 + (long)(h % 300);
    size_t bufsize = 1 + (size_t)(h >> 16) % 700;
    int fd, pfd[2];

    (void)warc_sniff(data, size);
    fd = in_memory(data, size);
    read_all(fd, 0, 65536, h >> 32, &a);
    close(fd);
    fd = in_memory(data, size);
    read_all(fd, -small, bufsize, h >> 32, &b);
    close(fd);
    compare(&a, &b, "small reads");

    /* a pipe holds the whole input (it is at most -max_len) */
    if (pipe(pfd) == 0) {
        if (fcntl(pfd[1], F_SETPIPE_SZ, 1 << 20) >= (int)size &&
            (size == 0 || write(pfd[1], data, size) == (ssize_t)size)) {
            close(pfd[1]);
            read_all(pfd[0], -small, bufsize, h >> 32, &p);
            if (a.reports == 0)
                compare(&a, &p, "a pipe");
        } else {
            close(pfd[1]);
        }
        close(pfd[0]);
    }
    free(a.log.p);
    free(b.log.p);
    free(p.log.p);
    return 0;
}
