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
#include "dump.h"

#define CHUNK 65536

/* Exit codes, as in pith(1). */
enum { EX_OK = 0, EX_USAGE = 1, EX_INPUT = 2, EX_IO = 3, EX_INTERNAL = 4 };

static const char *prog = "pith";

typedef struct out_ctx {
    FILE *fp;
    int hold;             /* passthrough mode: output is held until the end */
    char *held;
    size_t nheld, cap;
    int failed;           /* errno of a failed write, or 0 */
} out_ctx;

/* Appends to a growing memory buffer; returns 0 or -1. */
static int grow_append(char **buf, size_t *n, size_t *cap, const char *s, size_t len)
{
    if (*n + len > *cap) {
        size_t ncap = *cap ? *cap : 65536;
        char *p;
        while (ncap < *n + len) {
            if (ncap > SIZE_MAX / 2)
                return -1;
            ncap *= 2;
        }
        if ((p = realloc(*buf, ncap)) == NULL)
            return -1;
        *buf = p, *cap = ncap;
    }
    memcpy(*buf + *n, s, len);
    *n += len;
    return 0;
}

static int sink(void *opaque, const char *buf, size_t len)
{
    out_ctx *o = opaque;
    if (o->hold)
        return grow_append(&o->held, &o->nheld, &o->cap, buf, len);
    if (fwrite(buf, 1, len, o->fp) != len) {
        o->failed = errno ? errno : EIO;
        return -1;
    }
    return 0;
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
        "      --fragment         html: the body's content only\n"
        "      --passthrough-on-error  hold the output; if the page cannot be\n"
        "                         filtered, write the input unchanged and exit 0\n"
        "  -o, --output=FILE      write to FILE instead of standard output\n"
        "  -h, --help             this help\n"
        "  -V, --version          the version\n"
        "\n"
        "Exit status: 0 ok, 1 usage, 2 bad input (output may be partial), 3 I/O error,\n"
        "4 out of memory.\n", prog);
}

/* "64k", "1m", "1g", or a number of bytes. */
static int parse_size(const char *s, unsigned long long *out)
{
    char *end;
    unsigned long long v;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (*end == 'b' || *end == 'B')
        end++;
    if (*end)
        return -1;
    *out = v;
    return 0;
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

/* Filters one page from fd; returns an exit code. */
static int run(int fd, const char *name, const pith_options *opt, out_ctx *o, int passthrough)
{
    static char buf[CHUNK];
    pith_filter *pf;
    char *input = NULL;
    size_t ninput = 0, icap = 0;
    int rc, frc = PITH_OK, read_error = 0;
    ssize_t n;

    if ((rc = pith_new(&pf, opt, sink, o)) != PITH_OK) {
        fprintf(stderr, "%s: %s\n", prog, pith_strerror(rc));
        return rc == PITH_EINVAL ? EX_USAGE : EX_INTERNAL;
    }
    o->hold = passthrough;
    o->nheld = 0;
    for (;;) {
        n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            read_error = errno;
            break;
        }
        if (n == 0)
            break;
        if (passthrough && grow_append(&input, &ninput, &icap, buf, (size_t)n)) {
            fprintf(stderr, "%s: %s: out of memory\n", prog, name);
            pith_free(pf);
            free(input);
            return EX_INTERNAL;
        }
        if (frc == PITH_OK)
            frc = pith_feed(pf, buf, (size_t)n);
        if (!passthrough && fflush(o->fp) == EOF && !o->failed)
            o->failed = errno;
        if (frc != PITH_OK && !passthrough)
            break;   /* the rest cannot change the outcome */
    }
    rc = pith_finish(pf);
    pith_free(pf);
    if (read_error) {
        fprintf(stderr, "%s: %s: %s\n", prog, name, strerror(read_error));
        rc = PITH_EDATA;
    }
    if (passthrough) {
        const char *src = rc == PITH_OK ? o->held : input;
        size_t len = rc == PITH_OK ? o->nheld : ninput;
        if (rc != PITH_OK)
            fprintf(stderr, "%s: %s: %s; input passed through unchanged\n", prog, name,
                    pith_strerror(rc));
        o->hold = 0;
        if (len && fwrite(src, 1, len, o->fp) != len && !o->failed)
            o->failed = errno ? errno : EIO;
        free(input);
        rc = PITH_OK;
    }
    if (fflush(o->fp) == EOF && !o->failed)
        o->failed = errno;
    if (o->failed) {
        if (o->failed != EPIPE)
            fprintf(stderr, "%s: write error: %s\n", prog, strerror(o->failed));
        return EX_IO;
    }
    if (rc != PITH_OK) {
        fprintf(stderr, "%s: %s: %s\n", prog, name, pith_strerror(rc));
        return exit_code(rc);
    }
    return EX_OK;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"keep", required_argument, NULL, 'k'},
        {"charset", required_argument, NULL, 'c'},
        {"encoding", required_argument, NULL, 'e'},
        {"lookahead", required_argument, NULL, 'l'},
        {"output", required_argument, NULL, 'o'},
        {"max-block", required_argument, NULL, 1},
        {"max-lookahead", required_argument, NULL, 2},
        {"max-depth", required_argument, NULL, 3},
        {"max-tag", required_argument, NULL, 4},
        {"max-pending", required_argument, NULL, 5},
        {"max-input", required_argument, NULL, 6},
        {"fragment", no_argument, NULL, 7},
        {"passthrough-on-error", no_argument, NULL, 8},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}
    };
    pith_options opt;
    out_ctx o = {0};
    const char *outfile = NULL;
    int passthrough = 0, c, status = EX_OK;
    unsigned long long v;

    signal(SIGPIPE, SIG_IGN);
    if (dump_wanted(argc, argv))   /* WARC input: filter/dump.c */
        return dump_main(argc, argv);
    if (argv[0] && strrchr(argv[0], '/'))
        prog = strrchr(argv[0], '/') + 1;
    pith_options_init(&opt);
    while ((c = getopt_long(argc, argv, "f:k:c:e:l:o:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!strcmp(optarg, "html")) opt.format = PITH_FORMAT_HTML;
            else if (!strcmp(optarg, "text")) opt.format = PITH_FORMAT_TEXT;
            else if (!strcmp(optarg, "jsonl")) opt.format = PITH_FORMAT_JSONL;
            else if (!strcmp(optarg, "annotate")) opt.format = PITH_FORMAT_ANNOTATE;
            else {
                fprintf(stderr, "%s: unknown format '%s' (html, text, jsonl, annotate)\n", prog, optarg);
                return EX_USAGE;
            }
            break;
        case 'k':
            if ((opt.keep = pith_labels_parse(optarg)) == 0) {
                fprintf(stderr, "%s: bad label list '%s' (story, navigation, advertising, "
                        "recommendation, all)\n", prog, optarg);
                return EX_USAGE;
            }
            break;
        case 'c':
            opt.charset = optarg;
            break;
        case 'e':
            if (!strcmp(optarg, "auto")) opt.encoding = PITH_ENC_AUTO;
            else if (!strcmp(optarg, "identity")) opt.encoding = PITH_ENC_IDENTITY;
            else if (!strcmp(optarg, "gzip") || !strcmp(optarg, "x-gzip")) opt.encoding = PITH_ENC_GZIP;
            else if (!strcmp(optarg, "deflate")) opt.encoding = PITH_ENC_DEFLATE;
            else {
                fprintf(stderr, "%s: unknown encoding '%s' (auto, identity, gzip, deflate)\n", prog, optarg);
                return EX_USAGE;
            }
            break;
        case 'l': case 1: case 2: case 3: case 4: case 5: case 6:
            if (parse_size(optarg, &v) || v > UINT_MAX * (c == 6 ? 1ULL << 31 : 1ULL)) {
                fprintf(stderr, "%s: bad number '%s'\n", prog, optarg);
                return EX_USAGE;
            }
            if (c == 'l') opt.lookahead = (unsigned)v;
            else if (c == 1) opt.max_block = (size_t)v;
            else if (c == 2) opt.max_lookahead = (size_t)v;
            else if (c == 3) opt.max_depth = (unsigned)v;
            else if (c == 4) opt.max_tag = (size_t)v;
            else if (c == 5) opt.max_pending = (size_t)v;
            else opt.max_input = v;
            break;
        case 7:
            opt.flags |= PITH_F_FRAGMENT;
            break;
        case 8:
            passthrough = 1;
            break;
        case 'o':
            outfile = optarg;
            break;
        case 'h':
            usage(stdout);
            return EX_OK;
        case 'V':
            printf("pith %s\n", PITH_VERSION);
            return EX_OK;
        default:
            usage(stderr);
            return EX_USAGE;
        }
    }
    if (opt.max_lookahead < opt.max_block)
        opt.max_lookahead = opt.max_block;
    o.fp = stdout;
    if (outfile && (o.fp = fopen(outfile, "wb")) == NULL) {
        fprintf(stderr, "%s: %s: %s\n", prog, outfile, strerror(errno));
        return EX_IO;
    }
    if (optind == argc) {
        status = run(STDIN_FILENO, "(stdin)", &opt, &o, passthrough);
    } else {
        for (int i = optind; i < argc && status != EX_IO; i++) {
            int fd = strcmp(argv[i], "-") ? open(argv[i], O_RDONLY) : STDIN_FILENO;
            int st;
            if (fd < 0) {
                fprintf(stderr, "%s: %s: %s\n", prog, argv[i], strerror(errno));
                status = EX_IO;
                continue;
            }
            st = run(fd, argv[i], &opt, &o, passthrough);
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
    free(o.held);
    return status;
}
