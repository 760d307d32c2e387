/* pith.c -- the pith tool: HTML pages in (stdin or files), their story out.
 *
 * A zpipe-style loop over the public API: read what is there, feed it, write
 * what pith decided at once (output never waits in a stdio buffer while pith
 * waits for input), finish, free.  See pith(1).
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "pith.h"
#include "cli_opts.h"
#include "dump.h"

#define CHUNK 65536

/* Exit codes, as in pith(1). */
enum { EX_OK = 0, EX_USAGE = 1, EX_INPUT = 2, EX_IO = 3, EX_INTERNAL = 4 };

static const char *prog = "pith";

typedef struct out_ctx {
    FILE *fp;
    int discard;          /* the first pass of a held page: output is dropped */
    int failed;           /* errno of a failed write, or 0 */
} out_ctx;

/* The input of one page held in memory, at most cap bytes. */
typedef struct hold {
    char *buf;
    size_t len, size, cap;
} hold;

/* Appends to the hold; returns 1 past its cap (nothing added), -1 if out of
   memory, else 0. */
static int hold_add(hold *h, const char *s, size_t len)
{
    if (len > h->cap - h->len)
        return 1;
    if (h->len + len > h->size) {
        size_t nsize = h->size ? h->size : 65536;
        char *p;
        while (nsize < h->len + len)
            nsize = nsize > SIZE_MAX / 2 ? SIZE_MAX : nsize * 2;
        if (nsize > h->cap)
            nsize = h->cap;
        if ((p = realloc(h->buf, nsize)) == NULL)
            return -1;
        h->buf = p, h->size = nsize;
    }
    memcpy(h->buf + h->len, s, len);
    h->len += len;
    return 0;
}

static int sink(void *opaque, const char *buf, size_t len)
{
    out_ctx *o = opaque;
    if (o->discard)
        return 0;
    if (fwrite(buf, 1, len, o->fp) != len) {
        o->failed = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

/* Writes bytes unchanged (the original page). */
static void write_raw(out_ctx *o, const char *buf, size_t len)
{
    if (len && fwrite(buf, 1, len, o->fp) != len && !o->failed)
        o->failed = errno ? errno : EIO;
}

static void usage(FILE *fp)
{
    fprintf(fp,
        "Usage: %s [OPTION]... [FILE]...\n"
        "Reads HTML pages (FILEs, or standard input) as they arrive and writes their story:\n"
        "the blocks labelled story, without menus, ads and recommendation lists.\n"
        "\n"
        "  -f, --format=FMT       html (default), text, jsonl or annotate\n"
        "  -k, --keep=LABELS      labels to write: story (default), navigation,\n"
        "                         advertising, recommendation, comma-separated, or all\n"
        "  -c, --charset=NAME     charset of the input (as an HTTP header would say)\n"
        "  -e, --encoding=ENC     auto (default: gzip if it starts like gzip), identity,\n"
        "                         gzip or deflate\n"
        "  -l, --lookahead=N      blocks read after a block before it is decided (16)\n"
        "      --max-block=SIZE   text of one block before it is cut (64k)\n"
        "      --max-lookahead=SIZE  bytes the undecided blocks may hold (256k)\n"
        "      --max-depth=N      element nesting tracked (256)\n"
        "      --max-tag=SIZE     bytes of one tag (64k)\n"
        "      --max-pending=SIZE bytes the parser may hold without progress (1m)\n"
        "      --max-input=SIZE   decoded bytes of one page, 0 for no limit (0)\n"
        "      --style=STYLE      html: reader (default: an inline stylesheet, a centred\n"
        "                         column, a header naming the site) or none (browser\n"
        "                         defaults)\n"
        "      --url=URL          the page's URL (http or https): the reader header\n"
        "                         names its host and links to it as the original\n"
        "      --fragment         html: the body's content only, never styled\n"
        "      --filter-list=FILE read the page with the ad-blocking rules of FILE too\n"
        "                         (Adblock Plus syntax; repeatable); the installed\n"
        "                         EasyList is read by default when there is one; the\n"
        "                         rules for the page's site apply too (the site of\n"
        "                         --url, else of the page's canonical URL)\n"
        "      --no-filter-list   no filter list: not the default one, nor those\n"
        "                         given before this option\n"
        "      --on-error=MODE    a page that cannot be filtered: story (default: what\n"
        "                         was decided, document closed, exit 2), original (the\n"
        "                         input unchanged, exit 0) or empty (nothing, exit 2)\n"
        "      --passthrough-on-error  the same as --on-error=original\n"
        "      --max-hold=SIZE    original, empty: input bytes of a page held (32m);\n"
        "                         a longer page passes through unchanged (original)\n"
        "                         or fails (empty)\n"
        "  -o, --output=FILE      write to FILE instead of standard output\n"
        "  -h, --help             this help\n"
        "  -V, --version          the version\n"
        "\n"
        "Exit status: 0 ok, 1 usage, 2 bad input (output may be partial), 3 I/O error,\n"
        "4 out of memory.\n", prog);
}

static int exit_code(int rc)
{
    switch (rc) {
    case PITH_OK: return EX_OK;
    case PITH_EDATA: case PITH_ELIMIT: return EX_INPUT;
    case PITH_ESINK: return EX_IO;
    default: return EX_INTERNAL;
    }
}

/* Reports a failed write; returns EX_IO, or 0 if none failed. */
static int write_status(out_ctx *o)
{
    if (fflush(o->fp) == EOF && !o->failed)
        o->failed = errno;
    if (o->failed) {
        if (o->failed != EPIPE)
            fprintf(stderr, "%s: write error: %s\n", prog, strerror(o->failed));
        return EX_IO;
    }
    return 0;
}

/* read() that retries on EINTR. */
static ssize_t read_some(int fd, char *buf, size_t len)
{
    ssize_t n;
    do
        n = read(fd, buf, len);
    while (n < 0 && errno == EINTR);
    return n;
}

/* Filters one page from fd, writing as it goes (--on-error=story): after an
   error, what was decided is written and the document closed.  Returns an
   exit code; frees pf. */
static int run_story(int fd, const char *name, pith_filter *pf, out_ctx *o)
{
    static char buf[CHUNK];
    int rc, frc = PITH_OK, read_error = 0, st;
    ssize_t n;

    o->discard = 0;
    while ((n = read_some(fd, buf, sizeof buf)) > 0) {
        frc = pith_feed(pf, buf, (size_t)n);
        if (fflush(o->fp) == EOF && !o->failed)
            o->failed = errno;
        if (frc != PITH_OK)
            break;   /* the rest cannot change the outcome */
    }
    if (n < 0)
        read_error = errno;
    /* a page not read at all (a directory) gets no output; one cut by a
       read error is closed like any other */
    rc = read_error && pith_bytes_in(pf) == 0 ? PITH_OK : pith_finish(pf);
    pith_free(pf);
    if ((st = write_status(o)) != 0)
        return st;
    if (read_error) {
        fprintf(stderr, "%s: %s: read error: %s\n", prog, name, strerror(read_error));
        return EX_IO;
    }
    if (rc != PITH_OK) {
        fprintf(stderr, "%s: %s: %s\n", prog, name, pith_strerror(rc));
        return exit_code(rc);
    }
    return EX_OK;
}

/* Feeds a held page to a new filter and finishes it. */
static int filter_held(const hold *h, const pith_options *opt, out_ctx *o)
{
    pith_filter *pf;
    int rc;
    if ((rc = pith_new(&pf, opt, sink, o)) != PITH_OK)
        return rc;
    for (size_t off = 0; off < h->len && rc == PITH_OK; off += CHUNK)
        rc = pith_feed(pf, h->buf + off, h->len - off < CHUNK ? h->len - off : CHUNK);
    rc = pith_finish(pf);
    pith_free(pf);
    return rc;
}

/* Filters one page from fd with --on-error=original or empty.  The input is
   held (at most max_hold bytes) while a first pass filters it with its output
   dropped, so that the filtered output is never held beside it; if that pass
   succeeds, a second pass over the held input writes the output.  If it
   fails, original writes the held input and exits 0, empty writes nothing.
   A page longer than the hold: original writes what is held and copies the
   rest unchanged, as it arrives; empty fails.  Returns an exit code; frees
   pf, the filter of the first pass. */
static int run_held(int fd, const char *name, pith_filter *pf, const pith_options *opt,
                    out_ctx *o, int mode, size_t max_hold)
{
    static char buf[CHUNK];
    hold h = { NULL, 0, 0, max_hold };
    int rc, frc = PITH_OK, over = 0, st;
    ssize_t n;

    o->discard = 1;
    while ((n = read_some(fd, buf, sizeof buf)) > 0) {
        int hr = hold_add(&h, buf, (size_t)n);
        if (hr < 0) {
            fprintf(stderr, "%s: %s: out of memory\n", prog, name);
            pith_free(pf);
            free(h.buf);
            return EX_INTERNAL;
        }
        if (hr > 0) {
            over = 1;
            break;
        }
        if (frc == PITH_OK)
            frc = pith_feed(pf, buf, (size_t)n);
        if (frc != PITH_OK && mode == PITH_ON_ERROR_EMPTY)
            break;   /* nothing of the page will be written */
    }
    rc = n < 0 ? PITH_OK : over ? PITH_ELIMIT : pith_finish(pf);
    pith_free(pf);
    o->discard = 0;
    if (n < 0) {
        int e = errno;
        /* the page was not read whole: nothing of it is written */
        fprintf(stderr, "%s: %s: read error: %s\n", prog, name, strerror(e));
        free(h.buf);
        return EX_IO;
    }
    if (over && mode == PITH_ON_ERROR_ORIGINAL) {
        fprintf(stderr, "%s: %s: longer than the hold (--max-hold=%zu bytes): passed through "
                "unchanged\n", prog, name, max_hold);
        write_raw(o, h.buf, h.len);
        write_raw(o, buf, (size_t)n);
        free(h.buf);
        while ((n = read_some(fd, buf, sizeof buf)) > 0 && !o->failed)
            write_raw(o, buf, (size_t)n);
        if ((st = write_status(o)) != 0)
            return st;
        if (n < 0) {
            fprintf(stderr, "%s: %s: read error: %s\n", prog, name, strerror(errno));
            return EX_IO;
        }
        return EX_OK;
    }
    if (over) {
        fprintf(stderr, "%s: %s: longer than the hold (--max-hold=%zu bytes): nothing written\n",
                prog, name, max_hold);
        free(h.buf);
        return EX_INPUT;
    }
    if (rc == PITH_OK) {
        rc = filter_held(&h, opt, o);      /* the same bytes: the same outcome */
        free(h.buf);
        if ((st = write_status(o)) != 0)
            return st;
        if (rc != PITH_OK) {
            fprintf(stderr, "%s: %s: %s\n", prog, name, pith_strerror(rc));
            return exit_code(rc);
        }
        return EX_OK;
    }
    if (mode == PITH_ON_ERROR_ORIGINAL) {
        fprintf(stderr, "%s: %s: %s; input passed through unchanged\n", prog, name,
                pith_strerror(rc));
        write_raw(o, h.buf, h.len);
        free(h.buf);
        return (st = write_status(o)) != 0 ? st : EX_OK;
    }
    fprintf(stderr, "%s: %s: %s; nothing written\n", prog, name, pith_strerror(rc));
    free(h.buf);
    return exit_code(rc);
}

/* Filters one page from fd; returns an exit code. */
static int run(int fd, const char *name, const pith_options *opt, out_ctx *o)
{
    pith_filter *pf;
    int rc = pith_new(&pf, opt, sink, o);
    if (rc != PITH_OK) {
        fprintf(stderr, "%s: %s\n", prog, pith_strerror(rc));
        return rc == PITH_EINVAL ? EX_USAGE : EX_INTERNAL;
    }
    if (opt->on_error == PITH_ON_ERROR_STORY)
        return run_story(fd, name, pf, o);
    return run_held(fd, name, pf, opt, o, opt->on_error, (size_t)opt->max_hold);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_LIB_LONGOPTS,
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}
    };
    cli_opts co;
    out_ctx o = {0};
    const char *outfile = NULL;
    int c, status = EX_OK, rc;

    signal(SIGPIPE, SIG_IGN);
    if (dump_wanted(argc, argv))   /* WARC input: filter/dump.c */
        return dump_main(argc, argv);
    if (argv[0] && strrchr(argv[0], '/'))
        prog = strrchr(argv[0], '/') + 1;
    cli_init(&co);
    while ((c = getopt_long(argc, argv, CLI_LIB_SHORTOPTS "o:hV", longopts, NULL)) != -1) {
        c = cli_short(c);
        if (c >= CLI_BASE && c < CLI_END) {
            /* the library's options: filter/cli_opts.c, shared with --warc */
            if ((rc = cli_option(&co, c, optarg, prog)) != 0) {
                cli_free(&co);
                return rc;
            }
            continue;
        }
        switch (c) {
        case 'o':
            outfile = optarg;
            break;
        case 'h':
            usage(stdout);
            cli_free(&co);
            return EX_OK;
        case 'V':
            printf("pith %s\n", PITH_VERSION);
            cli_free(&co);
            return EX_OK;
        default:
            usage(stderr);
            cli_free(&co);
            return EX_USAGE;
        }
    }
    if ((rc = cli_finish(&co, prog)) != 0) {
        cli_free(&co);
        return rc;
    }
    o.fp = stdout;
    if (outfile && (o.fp = fopen(outfile, "wb")) == NULL) {
        fprintf(stderr, "%s: %s: %s\n", prog, outfile, strerror(errno));
        cli_free(&co);
        return EX_IO;
    }
    if (optind == argc) {
        status = run(STDIN_FILENO, "(stdin)", &co.opt, &o);
    } else {
        /* a file that cannot be read does not stop the others; a failed
           write does */
        for (int i = optind; i < argc && !o.failed; i++) {
            int fd = strcmp(argv[i], "-") ? open(argv[i], O_RDONLY) : STDIN_FILENO;
            int st;
            if (fd < 0) {
                fprintf(stderr, "%s: %s: %s\n", prog, argv[i], strerror(errno));
                status = EX_IO;
                continue;
            }
            st = run(fd, argv[i], &co.opt, &o);
            if (fd != STDIN_FILENO)
                close(fd);
            if (st > status)
                status = st;
        }
    }
    if (outfile && fclose(o.fp) == EOF && status == EX_OK) {
        fprintf(stderr, "%s: %s: %s\n", prog, outfile, strerror(errno));
        status = EX_IO;
    }
    cli_free(&co);
    return status;
}
