/* sax_bare.c -- the benchmark baseline: a bare libxml2 HTML SAX pass.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 *     benchmarks/sax_bare [-v] [FILE]...
 *     benchmarks/sax_bare -w [-v] WARC...
 *
 * Reads each FILE (or stdin) and pushes it through a new
 * htmlCreatePushParserCtxt / htmlParseChunk in 64 KiB chunks, all in one
 * process (many pages: one file each), with the parser options pith uses and
 * SAX callbacks that do nothing.  This is the parsing work pith asks of
 * libxml2 and nothing more, so benchmarks/run.sh measures pith's throughput
 * and peak memory against it.  The input is taken as it is: feed it the same
 * decompressed bytes as pith.
 *
 * With -w it reads WARC files (plain or gzip) with the tool's record reader
 * (filter/warc.c) and parses the payload of every page pith would filter
 * (a 200 HTML response, or an HTML resource record), each with a new push
 * parser, a gzip or deflate Content-Encoding inflated with zlib first: the
 * same reading, decompressing and parsing work as `pith --warc`, without the
 * filtering.
 *
 * Prints nothing, or with -v the number of SAX events on stdout.
 * Exit status: 0 on success, 1 on a usage or read error, 2 if the parser
 * could not be created.
 */
#include <stdio.h>
#include <string.h>

#include <fcntl.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "warc.h"

#define CHUNK (64 * 1024)

/* Event counts, filled only by the counting handlers of -v. */
struct counts {
    unsigned long start, end, text, cdata;
};

/* The empty handlers: same calls as pith's, no work done in them. */
static void on_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
    (void)ud; (void)name; (void)atts;
}

static void on_end(void *ud, const xmlChar *name)
{
    (void)ud; (void)name;
}

static void on_text(void *ud, const xmlChar *ch, int len)
{
    (void)ud; (void)ch; (void)len;
}

/* The counting handlers of -v. */
static void count_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
    (void)name; (void)atts;
    ((struct counts *)ud)->start++;
}

static void count_end(void *ud, const xmlChar *name)
{
    (void)name;
    ((struct counts *)ud)->end++;
}

static void count_text(void *ud, const xmlChar *ch, int len)
{
    (void)ch; (void)len;
    ((struct counts *)ud)->text++;
}

static void count_cdata(void *ud, const xmlChar *ch, int len)
{
    (void)ch; (void)len;
    ((struct counts *)ud)->cdata++;
}

/* cdataBlock is set so that <script>/<style> content does not arrive through
 * characters(); ignorableWhitespace is set because pith needs whitespace for
 * word boundaries (docs/LIBXML2-STREAMING.md).  libxml2 copies the struct. */
static const htmlSAXHandler empty_sax = {
    .startElement = on_start,
    .endElement = on_end,
    .characters = on_text,
    .ignorableWhitespace = on_text,
    .cdataBlock = on_text,
};

static const htmlSAXHandler count_sax = {
    .startElement = count_start,
    .endElement = count_end,
    .characters = count_text,
    .ignorableWhitespace = count_text,
    .cdataBlock = count_cdata,
};

/* Parses everything readable from in with handler sax and user data ud.
 * Returns 0 on success, 1 on a read error, 2 if the parser could not be
 * created.  HTML parse errors are not errors here: the parser recovers, as
 * it does in pith.  *bytes receives the number of bytes fed. */
static int parse_stream(FILE *in, const htmlSAXHandler *sax, void *ud,
                        unsigned long long *bytes)
{
    static char buf[CHUNK];
    htmlParserCtxtPtr ctxt;
    size_t n;
    int rc = 0;

    ctxt = htmlCreatePushParserCtxt((htmlSAXHandlerPtr)sax, ud, NULL, 0, NULL,
                                    XML_CHAR_ENCODING_NONE);
    if (ctxt == NULL)
        return 2;
    /* RECOVER has no effect from 2.14 on but is needed before. */
    htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                 HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    *bytes = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        *bytes += n;
        htmlParseChunk(ctxt, buf, (int)n, 0);
    }
    if (ferror(in))
        rc = 1;
    htmlParseChunk(ctxt, NULL, 0, 1);
    if (ctxt->myDoc != NULL)
        xmlFreeDoc(ctxt->myDoc);
    htmlFreeParserCtxt(ctxt);
    return rc;
}

static int is_html(const char *ct)
{
    while (*ct == ' ')
        ct++;
    return !strncasecmp(ct, "text/html", 9) || !strncasecmp(ct, "application/xhtml+xml", 21);
}

/* -w: the pages of a WARC file.  Returns 0, or 1 on a read error. */
static int parse_warc(const char *path, const htmlSAXHandler *sax, void *ud,
                      unsigned long long *bytes, unsigned long long *pages)
{
    static char buf[CHUNK], out[CHUNK];
    warc_record rec;
    warc_reader *r;
    z_stream z;
    int fd = strcmp(path, "-") ? open(path, O_RDONLY) : 0, rc;
    if (fd < 0)
        return 1;
    memset(&z, 0, sizeof z);
    if ((r = warc_open(fd, path, 0, NULL, NULL)) == NULL || inflateInit2(&z, 15 + 32) != Z_OK)
        return 1;
    while ((rc = warc_next(r, &rec)) > 0) {
        htmlParserCtxtPtr ctxt;
        int gz = 0;
        ssize_t n;
        if (!strcmp(rec.type, "response")) {
            if (warc_http(r, &rec) != 0 || rec.status != 200 ||
                !(is_html(rec.http_ctype) || (!rec.http_ctype[0] && is_html(rec.ptype))))
                continue;
            if (!strcasecmp(rec.http_cenc, "gzip") || !strcasecmp(rec.http_cenc, "x-gzip") ||
                !strcasecmp(rec.http_cenc, "deflate"))
                gz = 1;
            else if (rec.http_cenc[0] && strcasecmp(rec.http_cenc, "identity"))
                continue;
        } else if (strcmp(rec.type, "resource") || !is_html(rec.ctype)) {
            continue;
        }
        ctxt = htmlCreatePushParserCtxt((htmlSAXHandlerPtr)sax, ud, NULL, 0, NULL,
                                        XML_CHAR_ENCODING_NONE);
        if (ctxt == NULL)
            return 2;
        htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                     HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
        if (gz)
            inflateReset(&z);
        while ((n = warc_payload(r, buf, sizeof buf)) > 0) {
            if (!gz) {
                *bytes += (unsigned long long)n;
                htmlParseChunk(ctxt, buf, (int)n, 0);
                continue;
            }
            z.next_in = (unsigned char *)buf;
            z.avail_in = (uInt)n;
            while (z.avail_in > 0) {
                int zr;
                z.next_out = (unsigned char *)out;
                z.avail_out = sizeof out;
                zr = inflate(&z, Z_NO_FLUSH);
                *bytes += sizeof out - z.avail_out;
                htmlParseChunk(ctxt, out, (int)(sizeof out - z.avail_out), 0);
                if (zr == Z_STREAM_END)
                    inflateReset(&z);
                else if (zr != Z_OK && zr != Z_BUF_ERROR)
                    break;
            }
        }
        htmlParseChunk(ctxt, NULL, 0, 1);
        if (ctxt->myDoc != NULL)
            xmlFreeDoc(ctxt->myDoc);
        htmlFreeParserCtxt(ctxt);
        ++*pages;
    }
    inflateEnd(&z);
    warc_close(r);
    if (fd)
        close(fd);
    return rc < 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "-w")) {
        struct counts c = { 0, 0, 0, 0 };
        unsigned long long bytes = 0, pages = 0;
        int verbose = argc > 2 && !strcmp(argv[2], "-v"), rc = 0;
        for (int i = 2 + verbose; i < argc && rc == 0; i++)
            rc = parse_warc(argv[i], verbose ? &count_sax : &empty_sax, verbose ? &c : NULL,
                            &bytes, &pages);
        if (rc)
            fprintf(stderr, "%s: cannot read the WARC input\n", argv[0]);
        if (verbose)
            printf("%llu pages, %llu bytes of HTML, %lu events\n", pages, bytes,
                   c.start + c.end + c.text + c.cdata);
        return rc;
    }
    {
    struct counts c = { 0, 0, 0, 0 };
    unsigned long long bytes = 0, total = 0;
    int verbose = 0, rc = 0, i, nfiles = 0;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            printf("usage: %s [-v] [FILE]...\n"
                   "Bare libxml2 HTML SAX pass over each FILE (default stdin), a new "
                   "parser for each, 64 KiB chunks, empty callbacks.\n"
                   "  -v  print the number of SAX events\n", argv[0]);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "usage: %s [-v] [FILE]...\n", argv[0]);
            return 1;
        }
    }
    /* every FILE in turn in this one process (stdin if none) */
    for (i = 1; i <= argc && rc == 0; i++) {
        const char *path = i < argc ? argv[i] : NULL;
        FILE *in = stdin;
        if (path && !strcmp(path, "-v"))
            continue;
        if (path == NULL && nfiles > 0)
            break;
        nfiles++;
        if (path != NULL && strcmp(path, "-") != 0 && (in = fopen(path, "rb")) == NULL) {
            perror(path);
            return 1;
        }
        rc = parse_stream(in, verbose ? &count_sax : &empty_sax, verbose ? &c : NULL, &bytes);
        total += bytes;
        if (rc == 1)
            perror(path != NULL ? path : "stdin");
        else if (rc == 2)
            fprintf(stderr, "%s: cannot create the HTML push parser\n", argv[0]);
        if (in != stdin)
            fclose(in);
    }
    if (rc == 0 && verbose)
        printf("%llu bytes, %lu events: %lu start, %lu end, %lu characters, "
               "%lu cdata\n", total, c.start + c.end + c.text + c.cdata,
               c.start, c.end, c.text, c.cdata);
    return rc;
    }
}
