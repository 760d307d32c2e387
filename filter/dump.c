/* dump.c -- the pith tool's WARC mode: see dump.h and pith(1).
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * For each record: a response whose HTTP status is 200 and whose payload is
 * HTML (text/html, application/xhtml+xml), or a resource record of HTML, is
 * a page.  Its payload is fed to a new pith handle as it is read (charset
 * from the HTTP Content-Type, encoding from Content-Encoding, chunked
 * transfer-encoding removed); pith's output for the page is collected (up
 * to --max-text bytes, so a page costs at most that much memory) and written
 * once the record's end has been checked: a record found corrupt at its end
 * writes nothing.
 *
 * Each page is read with its record's WARC-Target-URI as its URL (when it
 * is an http or https URL pith takes), so the site rules of the filter lists
 * apply.  The output formats (jsonl, warc) are pageout.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_opts.h"
#include "dump.h"
#include "pageout.h"
#include "pith_http.h"
#include "warc.h"

#define CHUNK 65536

/* ---- records -------------------------------------------------------- */

/* progress of the files before this one (one process reading files in turn) */
static unsigned long long prog_bytes, prog_pages;

/* Whether a record is an HTML page for pith, read as the proxy plugins read
   a response (pith_http.h: media type, charset parameter, Content-Encoding):
   a response record of HTTP status 200 whose payload is HTML in a coding
   pith decodes, or a resource record of HTML.  Sets popt's encoding and
   copies the charset parameter into charset ("" for none). */
static int record_is_page(warc_reader *r, warc_record *rec, pith_options *popt, char *charset,
                          size_t cap)
{
    int enc;
    charset[0] = 0;
    if (!strcmp(rec->type, "resource") && pith_http_is_html(rec->ctype)) {
        pith_http_charset(rec->ctype, charset, cap);
        popt->encoding = PITH_ENC_AUTO;
        return 1;
    }
    if (strcmp(rec->type, "response") || !pith_http_type_listed("application/http", rec->ctype) ||
        warc_http(r, rec) != 0 || rec->status != 200)
        return 0;
    if (!pith_http_is_html(rec->http_ctype[0] ? rec->http_ctype : rec->ptype))
        return 0;
    if ((enc = pith_http_encoding(rec->http_cenc)) < 0)
        return 0;               /* br, zstd, ...: not decoded here */
    pith_http_charset(rec->http_ctype, charset, cap);
    /* no coding: AUTO, as gzip magic is never HTML */
    popt->encoding = enc == PITH_ENC_IDENTITY ? PITH_ENC_AUTO : enc;
    return 1;
}

typedef struct file_ctx {
    const char *path;
    const dump_opts *o;
} file_ctx;

static void report(void *ctx, unsigned long long off, const char *msg)
{
    file_ctx *f = ctx;
    fprintf(stderr, "%s: %s: offset %llu: %s; skipped to the next record\n",
            f->o->prog, f->path, off, msg);
}

int dump_file(const char *path, FILE *out, const char *outname, const dump_opts *o,
              dump_stats *st)
{
    static char buf[CHUNK];
    int fd = strcmp(path, "-") ? open(path, O_RDONLY) : STDIN_FILENO;
    file_ctx fc = { path, o };
    warc_reader *r;
    warc_record *rec;
    warc_counts wc;
    pageout *po;
    struct stat sb;
    int status = DX_OK, io_error = 0;
    double t0 = progress_now();

    if (fd < 0) {
        fprintf(stderr, "%s: %s: %s\n", o->prog, path, strerror(errno));
        return st->status = DX_IO;
    }
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
        st->bytes_total = (unsigned long long)sb.st_size;
    rec = malloc(sizeof *rec);
    r = warc_open(fd, path, o->read_size, report, &fc);
    po = pageout_open(out, o);
    if (!rec || !r || !po) {
        fprintf(stderr, "%s: out of memory\n", o->prog);
        free(rec);
        warc_close(r);
        pageout_close(po);
        if (fd != STDIN_FILENO)
            close(fd);
        return st->status = DX_INTERNAL;
    }
    if (pageout_warcinfo(po, strcmp(path, "-") ? path : NULL, outname, st) < 0)
        io_error = 1;

    for (;;) {
        pith_options popt = o->popt;
        pith_filter *pf = NULL;
        pith_sink_fn sink;
        void *sink_arg;
        char charset[64], url[sizeof rec->uri];
        int rc, prc = PITH_OK;
        ssize_t n;

        rc = warc_next(r, rec);
        if (rc < 0) {
            fprintf(stderr, "%s: %s: %s\n", o->prog, path, strerror(errno));
            status = dump_worse(status, DX_IO);
            break;
        }
        if (rc == 0)
            break;
        if (!record_is_page(r, rec, &popt, charset, sizeof charset)) {
            if (warc_end(r) == 0)
                st->skipped++;
            warc_get_counts(r, &wc);
            st->bytes_read = wc.raw_read;
            continue;
        }
        /* the page's URL, for the site rules of the filter lists: the
           record's WARC-Target-URI if it is one pith takes (http, https) */
        {
            const char *u = rec->uri;
            size_t un = strlen(u);
            if (un >= 2 && u[0] == '<' && u[un - 1] == '>')
                u++, un -= 2;   /* WARC 1.0 writers put the URI in angle brackets */
            memcpy(url, u, un);
            url[un] = 0;
            popt.url = NULL;
            if (pith_option_set(&popt, "url", url, NULL, 0) != PITH_OK)
                popt.url = NULL;    /* not http(s), or not a safe URL: none */
        }
        /* --charset overrides what the record says */
        popt.charset = o->popt.charset ? o->popt.charset : charset[0] ? charset : NULL;
        popt.format = o->format == DUMP_WARC ? PITH_FORMAT_TEXT : PITH_FORMAT_JSONL;
        popt.keep = o->format == DUMP_WARC ? o->keep : PITH_ALL_LABELS;
        sink = pageout_begin(po, &sink_arg);
        if ((rc = pith_new(&pf, &popt, sink, sink_arg)) != PITH_OK) {
            fprintf(stderr, "%s: %s\n", o->prog, pith_strerror(rc));
            status = dump_worse(status, DX_INTERNAL);
            break;
        }
        while ((n = warc_payload(r, buf, sizeof buf)) > 0) {
            st->html_bytes += (unsigned long long)n;
            if (prc == PITH_OK)
                prc = pith_feed(pf, buf, (size_t)n);
            warc_get_counts(r, &wc);
            st->bytes_read = wc.raw_read;
            progress_update(prog_bytes + st->bytes_read, prog_pages + st->pages, 0);
        }
        rc = pith_finish(pf);
        pith_free(pf);
        pageout_end(po, rc != PITH_OK);
        if (warc_end(r) != 0)
            continue;           /* corrupt: reported, its output dropped */
        if (pageout_truncated(po))
            st->truncated++;
        else if (rc != PITH_OK)
            st->page_errors++;
        if (pageout_write(po, rec, st) < 0)
            io_error = 1;
        st->pages++;
        warc_get_counts(r, &wc);
        st->bytes_read = wc.raw_read;
        progress_update(prog_bytes + st->bytes_read, prog_pages + st->pages, 0);
        if (io_error)
            break;
    }
    warc_get_counts(r, &wc);
    st->records = wc.records;
    st->corrupt = wc.corrupt;
    st->bytes_read = wc.raw_read;
    if (wc.headers == 0 && wc.corrupt > 0 && wc.raw_read > 0 && status == DX_OK) {
        fprintf(stderr, "%s: %s: not a WARC file\n", o->prog, path);
        status = DX_INPUT;
    } else if (wc.corrupt) {
        status = dump_worse(status, DX_SKIPPED);
    }
    if (fflush(out) == EOF || ferror(out))
        io_error = 1;
    if (io_error) {
        if (errno != EPIPE)
            fprintf(stderr, "%s: write error: %s\n", o->prog, strerror(errno ? errno : EIO));
        status = dump_worse(status, DX_IO);
    }
    pageout_close(po);
    free(rec);
    warc_close(r);
    if (fd != STDIN_FILENO)
        close(fd);
    st->seconds = progress_now() - t0;
    st->status = status;
    st->done = 1;
    return status;
}

/* ---- the command line ----------------------------------------------- */

int dump_worse(int a, int b)
{
    /* from least to most serious */
    static const int rank[] = { [DX_OK] = 0, [DX_SKIPPED] = 1, [DX_INPUT] = 2, [DX_IO] = 3,
                                [DX_INTERNAL] = 4, [DX_USAGE] = 5 };
    if (a < 0 || a > 5) return a;
    if (b < 0 || b > 5) return b;
    return rank[b] > rank[a] ? b : a;
}

void dump_print_stats(const char *prog, const dump_stats *st, int n, double seconds)
{
    dump_stats t;
    int files = 0, resumed = 0;
    memset(&t, 0, sizeof t);
    for (int i = 0; i < n; i++) {
        if (st[i].done == 2) {
            resumed++;
            continue;
        }
        files++;
        t.bytes_read += st[i].bytes_read;
        t.pages += st[i].pages;
        t.records += st[i].records;
        t.skipped += st[i].skipped;
        t.corrupt += st[i].corrupt;
        t.page_errors += st[i].page_errors;
        t.truncated += st[i].truncated;
        t.html_bytes += st[i].html_bytes;
        t.out_bytes += st[i].out_bytes;
        if (st[i].rss_kb > t.rss_kb)
            t.rss_kb = st[i].rss_kb;
    }
    fprintf(stderr,
            "%s: stats: files=%d resumed=%d records=%llu pages=%llu skipped=%llu corrupt=%llu "
            "page_errors=%llu truncated=%llu bytes_in=%llu html_bytes=%llu bytes_out=%llu "
            "seconds=%.3f html_mb_s=%.2f pages_s=%.1f",
            prog, files, resumed, t.records, t.pages, t.skipped, t.corrupt, t.page_errors,
            t.truncated, t.bytes_read, t.html_bytes, t.out_bytes, seconds,
            seconds > 0 ? (double)t.html_bytes / 1e6 / seconds : 0.0,
            seconds > 0 ? (double)t.pages / seconds : 0.0);
    if (t.rss_kb)
        fprintf(stderr, " job_rss_kb=%llu", t.rss_kb);
    fputc('\n', stderr);
}

/* Does the file start like a WARC (plain or gzip)? */
static int sniff_file(const char *path)
{
    unsigned char b[4096];
    ssize_t n;
    struct stat sb;
    int fd;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || (fd = open(path, O_RDONLY)) < 0)
        return 0;
    n = read(fd, b, sizeof b);
    close(fd);
    return n > 0 && warc_sniff(b, (size_t)n);
}

int dump_wanted(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--"))
            break;
        if (!strcmp(a, "--warc") || !strncmp(a, "-j", 2) || !strncmp(a, "--jobs", 6) ||
            !strncmp(a, "--files-from", 12))
            return 1;
        if (a[0] == '-' && a[1] && a[1] != '-' && strchr("fkcelo", a[1]) && !a[2]) {
            i++;            /* the option's value */
            continue;
        }
        if (a[0] != '-' && sniff_file(a))
            return 1;
    }
    return 0;
}

static void usage(FILE *fp, const char *prog)
{
    fprintf(fp,
        "Usage: %s --warc [OPTION]... [FILE]...\n"
        "Reads WARC files (plain or gzip; FILEs, or standard input) record by record and\n"
        "writes the story of every HTML page in them.\n"
        "\n"
        "  -f, --format=FMT       jsonl (default): one JSON object per page;\n"
        "                         warc: a WARC of conversion records (text/plain), gzip\n"
        "  -k, --keep=LABELS      labels kept: story (default), navigation, advertising,\n"
        "                         recommendation, or all; jsonl then writes labelled blocks\n"
        "  -c, --charset=NAME     charset of every page (default: each record's\n"
        "                         Content-Type)\n"
        "  -l, --lookahead=N, --max-block, --max-lookahead, --max-depth, --max-tag,\n"
        "      --max-pending, --max-input, --style, --fragment, --max-hold\n"
        "                         as for pages (see pith --help), checked the same way\n"
        "      --on-error=MODE    a page that cannot be filtered: story (default: what\n"
        "                         was decided) or empty (no text, no blocks)\n"
        "      --filter-list=FILE, --no-filter-list  as for pages; the installed\n"
        "                         EasyList by default; each record's WARC-Target-URI\n"
        "                         (http, https) is its page's URL, for site rules\n"
        "  -o, --output=PATH      a file, or a directory: one output file per input\n"
        "                         (NAME.jsonl or NAME.wet.gz), written atomically\n"
        "  -j, --jobs=N           with -o DIR, files processed at once (default: cores)\n"
        "      --resume           with -o DIR, skip inputs whose output exists\n"
        "      --files-from=LIST  the inputs named in LIST too, one path a line (- for\n"
        "                         standard input): more than a command line holds\n"
        "      --max-text=SIZE    output of one page held in memory (1m)\n"
        "      --stats            a summary on stderr at the end\n"
        "  -q, --quiet            no progress line\n"
        "  -h, --help             this help\n"
        "\n"
        "Exit status: 0 ok, 1 usage, 2 not a WARC file, 3 I/O error, 4 out of memory\n"
        "or a job died, 5 corrupt records skipped (every good record was processed).\n",
        prog);
}

static int parse_num(const char *s, unsigned long long *out)
{
    char *end;
    unsigned long long v;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return -1;
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (*end)
        return -1;
    *out = v;
    return 0;
}

static int dump_run(char **files, int n, int listed, dump_opts *o_, const char *outpath,
                    long njobs, int jobs_given, int resume);

/* One line of a --files-from list into buf (cap bytes, NUL-terminated,
   without its newline): its length, -1 at the end of the list, -2 for a
   line too long for a path or with a NUL byte in it (read to its end),
   -3 for a read error. */
static long list_line(FILE *fp, char *buf, size_t cap)
{
    size_t n = 0;
    int c, bad = 0;
    while ((c = getc(fp)) != EOF && c != '\n') {
        if (c == 0 || n + 1 >= cap)
            bad = 1;
        else
            buf[n++] = (char)c;
    }
    buf[n] = '\0';
    if (ferror(fp))
        return -3;
    if (bad)
        return -2;
    return c == EOF && n == 0 ? -1 : (long)n;
}

/* The inputs: the FILEs of the command line, then the paths of the
   --files-from list (one a line; empty lines skipped; a NUL byte, a line
   longer than PATH_MAX or "-" refused).  Returns 0 and *out (malloc'd,
   with the list's strings) and *n, or an exit code.  A list may hold
   millions of paths: it is read as it comes, a line at a time. */
static int read_inputs(char **args, int nargs, const char *list, const char *prog,
                       char ***out, int *n)
{
    FILE *fp = NULL;
    char **v = NULL, line[PATH_MAX + 1];
    size_t cap = 0, len = 0;
    unsigned long long lines = 0;
    int rc = 0;

    *out = NULL, *n = 0;
    if (list && (fp = strcmp(list, "-") ? fopen(list, "r") : stdin) == NULL) {
        fprintf(stderr, "%s: --files-from: %s: %s\n", prog, list, strerror(errno));
        return DX_IO;
    }
    for (int i = 0; i < nargs || fp; i += i < nargs) {
        char *path;
        long k;
        if (i < nargs) {
            path = args[i];
        } else {
            lines++;
            if ((k = list_line(fp, line, sizeof line)) == -1)
                break;
            if (k == -3) {
                fprintf(stderr, "%s: --files-from: %s: %s\n", prog, list, strerror(EIO));
                rc = DX_IO;
                break;
            }
            if (k == 0)
                continue;
            if (k == -2 || !strcmp(line, "-")) {
                fprintf(stderr, "%s: --files-from: %s: line %llu: %s\n", prog, list, lines,
                        k == -2 ? "not a path (a NUL byte, or longer than PATH_MAX)" :
                        "standard input cannot be listed");
                rc = DX_USAGE;
                break;
            }
            if ((path = strdup(line)) == NULL) {
                fprintf(stderr, "%s: out of memory\n", prog);
                rc = DX_INTERNAL;
                break;
            }
        }
        if (len == cap) {
            char **nv = len < INT_MAX / 2 ? realloc(v, (cap = cap ? 2 * cap : 64) * sizeof *v)
                                          : NULL;
            if (nv == NULL) {
                fprintf(stderr, "%s: %s\n", prog, len < INT_MAX / 2 ? "out of memory" :
                        "--files-from: more than 2^30 inputs");
                if (i >= nargs)
                    free(path);
                rc = DX_INTERNAL;
                break;
            }
            v = nv;
        }
        v[len++] = path;
    }
    if (fp && fp != stdin)
        fclose(fp);
    *out = v, *n = (int)len;
    return rc;
}

int dump_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_LIB_LONGOPTS,
        {"warc", no_argument, NULL, 'W'},
        {"output", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'},
        {"resume", no_argument, NULL, 'R'},
        {"max-text", required_argument, NULL, 'T'},
        {"read-size", required_argument, NULL, 'S'},
        {"stats", no_argument, NULL, 's'},
        {"quiet", no_argument, NULL, 'q'},
        {"files-from", required_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}
    };
    dump_opts o;
    cli_opts co;
    const char *outpath = NULL, *list = NULL, *prog = argv[0] && strrchr(argv[0], '/') ?
                          strrchr(argv[0], '/') + 1 : "pith";
    char **files;
    int nfiles;
    long njobs = sysconf(_SC_NPROCESSORS_ONLN);
    int resume = 0, c, status = DX_OK, jobs_given = 0, rc;
    unsigned long long v;

    memset(&o, 0, sizeof o);
    o.prog = prog;
    o.keep = PITH_STORY;
    o.max_text = 1 << 20;
    cli_init(&co);
    if (njobs < 1)
        njobs = 1;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_LIB_SHORTOPTS "o:j:qhV", longopts, NULL)) != -1) {
        c = cli_short(c);
        switch (c) {
        case 'W':
            break;
        case CLI_FORMAT:        /* the WARC mode's own formats */
            if (!strcmp(optarg, "jsonl")) o.format = DUMP_JSONL;
            else if (!strcmp(optarg, "warc")) o.format = DUMP_WARC;
            else {
                fprintf(stderr, "%s: --format: unknown format '%s' for WARC input (jsonl or "
                        "warc)\n", prog, optarg);
                cli_free(&co);
                return DX_USAGE;
            }
            break;
        case CLI_ENCODING: case CLI_URL: case CLI_PASSTHROUGH:
            /* each record says these itself */
            fprintf(stderr, "%s: --%s: not an option of the WARC mode (%s)\n", prog,
                    c == CLI_ENCODING ? "encoding" : c == CLI_URL ? "url" :
                    "passthrough-on-error",
                    c == CLI_ENCODING ? "each record's Content-Encoding gives it" :
                    c == CLI_URL ? "each record's WARC-Target-URI gives it" :
                    "the original of a page is in the WARC");
            cli_free(&co);
            return DX_USAGE;
        case 'j': case 'T':
            if (parse_num(optarg, &v) || v > INT_MAX || v == 0) {
                fprintf(stderr, "%s: --%s: bad number '%s'\n", prog,
                        c == 'j' ? "jobs" : "max-text", optarg);
                cli_free(&co);
                return DX_USAGE;
            }
            if (c == 'j') njobs = (long)v, jobs_given = 1;
            else o.max_text = (size_t)v;
            break;
        case 'S':   /* tests: read(2) sizes; "rand:N" for random sizes up to N */
            if (!strncmp(optarg, "rand:", 5) && parse_num(optarg + 5, &v) == 0 && v > 0 && v < 1 << 30)
                o.read_size = -(long)v;
            else if (parse_num(optarg, &v) == 0 && v > 0 && v < 1 << 30)
                o.read_size = (long)v;
            else {
                fprintf(stderr, "%s: bad read size '%s'\n", prog, optarg);
                cli_free(&co);
                return DX_USAGE;
            }
            break;
        case 'o':
            outpath = optarg;
            break;
        case 'F':
            list = optarg;
            break;
        case 'R':
            resume = 1;
            break;
        case 's':
            o.stats = 1;
            break;
        case 'q':
            o.quiet = 1;
            break;
        case 'h':
            usage(stdout, prog);
            cli_free(&co);
            return DX_OK;
        case 'V':
            printf("pith %s\n", PITH_VERSION);
            cli_free(&co);
            return DX_OK;
        default:
            if (c >= CLI_BASE && c < CLI_END) {
                /* the library's options, parsed as the tool parses them */
                if ((rc = cli_option(&co, c, optarg, prog)) != 0) {
                    cli_free(&co);
                    return rc;
                }
                if (c == CLI_KEEP)
                    o.keep = co.opt.keep, o.keep_given = 1;
                break;
            }
            usage(stderr, prog);
            cli_free(&co);
            return DX_USAGE;
        }
    }
    if (co.opt.on_error == PITH_ON_ERROR_ORIGINAL) {
        fprintf(stderr, "%s: --on-error: original is not a mode of the WARC mode (story or "
                "empty): the original of a page is in the WARC\n", prog);
        cli_free(&co);
        return DX_USAGE;
    }
    /* checked once, and the filter lists loaded once, before -j forks: the
       jobs share them copy-on-write */
    if ((rc = cli_finish(&co, prog)) != 0) {
        cli_free(&co);
        return rc;
    }
    o.popt = co.opt;
    if ((rc = read_inputs(argv + optind, argc - optind, list, prog, &files, &nfiles)) == 0)
        status = dump_run(files, nfiles, list != NULL, &o, outpath, njobs, jobs_given, resume);
    else
        status = rc;
    for (int i = argc - optind; i < nfiles; i++)
        free(files[i]);         /* the list's paths */
    free(files);
    cli_free(&co);
    return status;
}

/* Runs the inputs files[0..n) (listed: some came from --files-from; then
   none means none, not standard input). */
static int dump_run(char **files, int n, int listed, dump_opts *o_, const char *outpath,
                    long njobs, int jobs_given, int resume)
{
    dump_opts o = *o_;
    const char *prog = o.prog;
    int status = DX_OK;
    struct stat sb;

    o.progress = !o.quiet && isatty(STDERR_FILENO);
    if (outpath && ((stat(outpath, &sb) == 0 && S_ISDIR(sb.st_mode)) || jobs_given || resume ||
                    outpath[strlen(outpath) - 1] == '/')) {
        int r;
        if (n == 0 && listed)
            return DX_OK;           /* an empty list: nothing to do */
        if (n == 0) {
            fprintf(stderr, "%s: -o DIR needs input files\n", prog);
            return DX_USAGE;
        }
        if (mkdir(outpath, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "%s: %s: %s\n", prog, outpath, strerror(errno));
            return DX_IO;
        }
        r = jobs_run(files, n, (int)njobs, outpath, resume, &o);
        return r;
    }
    if (resume || (jobs_given && njobs > 1 && n > 1))
        fprintf(stderr, "%s: -j and --resume need -o DIR; files are read one after another\n", prog);
    {
        FILE *fp = stdout;
        char *def[] = { "-" };
        dump_stats *st;
        if (n == 0 && !listed)
            files = def, n = 1;         /* no FILE: standard input */
        st = calloc((size_t)(n ? n : 1), sizeof *st);
        unsigned long long total = 0, before = 0;
        double t0 = progress_now();
        if (!st) {
            fprintf(stderr, "%s: out of memory\n", prog);
            return DX_INTERNAL;
        }
        if (outpath && (fp = fopen(outpath, "wb")) == NULL) {
            fprintf(stderr, "%s: %s: %s\n", prog, outpath, strerror(errno));
            free(st);
            return DX_IO;
        }
        for (int i = 0; i < n; i++)
            if (stat(files[i], &sb) == 0 && S_ISREG(sb.st_mode))
                total += (unsigned long long)sb.st_size;
        progress_start(o.progress, total);
        for (int i = 0; i < n && status != DX_IO; i++) {
            prog_bytes = before;
            status = dump_worse(status, dump_file(files[i], fp, outpath ? outpath : "stdout",
                                                  &o, &st[i]));
            before += st[i].bytes_read;
            prog_pages += st[i].pages;
        }
        progress_update(before, prog_pages, 1);
        progress_end();
        if (outpath && fclose(fp) == EOF) {
            fprintf(stderr, "%s: %s: %s\n", prog, outpath, strerror(errno));
            status = dump_worse(status, DX_IO);
        }
        if (o.stats)
            dump_print_stats(prog, st, n, progress_now() - t0);
        free(st);
    }
    return status;
}
