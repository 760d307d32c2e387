/* dump.h -- the pith tool's WARC mode: dumps in, one story per page out.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * filter/pith.c hands the whole command line over to dump_main() when
 * dump_wanted() says so (--warc, -j, or a FILE that starts like a WARC).
 * dump.c reads the records (warc.c) and filters each HTML page with its own
 * pith handle; pageout.c collects each page's output and writes it (jsonl,
 * or WET records); jobs.c runs several files at once; progress.c draws the
 * progress line.
 */
#ifndef PITH_DUMP_H
#define PITH_DUMP_H

#include <stdio.h>
#include "pith.h"

/* Exit codes of the WARC mode, as in pith(1). */
enum {
    DX_OK = 0,        /* every record read; every HTML page filtered */
    DX_USAGE = 1,
    DX_INPUT = 2,     /* an input is not a WARC file at all */
    DX_IO = 3,        /* an input could not be opened or read, or output not written */
    DX_INTERNAL = 4,  /* out of memory, or a job died */
    DX_SKIPPED = 5    /* corrupt or truncated records were skipped (reported on
                         stderr); every good record was still processed */
};

enum { DUMP_JSONL = 0, DUMP_WARC = 1 };

typedef struct dump_opts {
    int format;               /* DUMP_JSONL or DUMP_WARC */
    unsigned keep;            /* labels written */
    int keep_given;           /* --keep given: jsonl writes labelled blocks */
    pith_options popt;        /* per page (format and keep set per output) */
    size_t max_text;          /* output of one page kept in memory */
    long read_size;           /* warc_open() read size (tests) */
    int quiet, stats, progress;
    const char *prog;
} dump_opts;

/* Counters of one input file.  In a -j run they live in memory shared with
   the parent, which reads them for the progress line and the summary. */
typedef struct dump_stats {
    unsigned long long bytes_total;    /* input size, 0 if unknown */
    volatile unsigned long long bytes_read;
    volatile unsigned long long pages;
    unsigned long long records;        /* good records */
    unsigned long long skipped;        /* good records that are not 200 HTML pages */
    unsigned long long corrupt;        /* corrupt stretches skipped */
    unsigned long long page_errors;    /* pages pith could not decode to the end */
    unsigned long long truncated;      /* pages whose output passed --max-text */
    unsigned long long html_bytes;     /* payload bytes fed to pith */
    unsigned long long out_bytes;
    unsigned long long rss_kb;         /* -j: peak RSS of the job (KiB) */
    double seconds;
    volatile int status;               /* DX_* */
    volatile int done;                 /* 1 finished, 2 skipped by --resume */
} dump_stats;

/* 1 if argv asks for the WARC mode. */
int dump_wanted(int argc, char **argv);

/* The WARC mode's main(): parses argv, the library's options through
   filter/cli_opts.c as the page mode does, its own (-j, -o, --resume,
   --max-text, --read-size, --stats, --quiet) here.  Returns an exit code. */
int dump_main(int argc, char **argv);

/* Filters one WARC input (path, "-" for stdin) to out.  outname is for the
   warcinfo record.  Fills *st as it goes.  Returns a DX_* code. */
int dump_file(const char *path, FILE *out, const char *outname, const dump_opts *o,
              dump_stats *st);

/* Runs dump_file() over files[0..n) with up to njobs processes, each writing
   OUTDIR/<name>.jsonl or .wet.gz through a temporary name and a rename.
   With resume, inputs whose output exists are skipped.  Returns the worst
   DX_* code. */
int jobs_run(char **files, int n, int njobs, const char *outdir, int resume,
             const dump_opts *o);

/* The output name for input path in outdir (malloc'd), or NULL. */
char *jobs_outname(const char *outdir, const char *path, int format);

/* The worse of two exit codes. */
int dump_worse(int a, int b);

/* Prints the --stats summary of n files' counters to stderr. */
void dump_print_stats(const char *prog, const dump_stats *st, int n, double seconds);

/* progress.c: one line on stderr, redrawn at most every 250 ms. */
void progress_start(int enabled, unsigned long long total);
void progress_update(unsigned long long done, unsigned long long pages, int force);
void progress_end(void);
double progress_now(void);

#endif /* PITH_DUMP_H */
