/* fuzz_list.c -- libFuzzer harness for filter lists: the input is a list's
 * text, then (after the first NUL byte, if any) a page; without a NUL the
 * list is read against a page of this file's own.  The list is compiled
 * and the page filtered with it: whole and split (the output must not
 * depend on the split), with a URL or with the host the page names, in
 * every format.  A compiled list must stay within a bound proportional to
 * its text, and the same text read from a file (pith_filterlist_load,
 * which reads it a block at a time) must count the same rules.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#define _GNU_SOURCE                 /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "pith.h"
#include "fuzz_sink.h"

/* A page with the names lists key: classes, ids, attributes, links to ad
   servers, and its own canonical URL (for site rules without a URL). */
static const char own_page[] =
    "<html><head><link rel=\"canonical\" href=\"https://www.news.example/2026/b\">"
    "<meta property=\"og:url\" content=\"https://m.news.example/b\"></head><body>"
    "<nav class=\"menu top\" id=\"nav\"><a href=\"/\">Home</a> <a href=\"/w\">World</a></nav>"
    "<article><h1>The council votes on the new bridge today</h1>"
    "<p>The city council votes today on the plan for a new bridge over the river, "
    "after two years of hearings, studies and a long public debate.</p>"
    "<div class=\"ad-slot promo-box wide x-sponsored\" id=\"div-gpt-ad-top\" data-ad=\"1\">"
    "<a href=\"https://adclick.example/aff-link/1\">Partner offers here</a></div>"
    "<aside data-testid=\"sponsor\" style=\"display:none\"><img src=\"//images.example/b.png\">"
    "<iframe src=\"https://frames.example/slot\"></iframe><script src=\"https://ads.example/"
    "a.js\"></script>Sponsored by a partner</aside>"
    "<ul class=\"related\"><li><a href=\"/a\">Walks in the autumn hills</a></li>"
    "<li><a href=\"https://cdn.adsrv.example/x\">Pictures of the week</a></li></ul>"
    "<p>Opponents say the money should go to the ferry service instead, which carries "
    "thousands of people across the river every day.</p></article></body></html>";

static const char *const urls[] = {
    NULL, "https://www.news.example/2026/b", "http://news.example", "https://sub.news.example:8080/",
    "http://[::1]/", "https://a..b./", "HTTP://NEWS.EXAMPLE./x", "https://xn--bcher-kva.example/",
    "https://www.news.co.uk/b", "http://co.uk/", "http://news/", "https://m.news.example.com.br/",
};

static int run(const char *page, size_t size, const pith_filterlist *fl, const char *url,
               int format, size_t cut, sinkbuf *out)
{
    pith_options opt;
    pith_filter *pf;
    int rc;
    pith_options_init(&opt);
    opt.format = format;
    opt.keep = PITH_ALL_LABELS;
    opt.max_block = 1024;
    opt.max_lookahead = 4096;
    opt.max_tag = 512;
    opt.max_depth = 32;
    opt.lookahead = 3;
    opt.filterlist = fl;
    opt.url = url;
    if (pith_new(&pf, &opt, sink, out) != PITH_OK)
        abort();
    if (cut > size)
        cut = size;
    pith_feed(pf, page, cut);
    pith_feed(pf, page + cut, size - cut);
    rc = pith_finish(pf);
    pith_free(pf);
    return rc;
}

/* The list's text read from a file (in memory) counts what parse counted. */
static void same_from_file(const char *text, size_t len, const pith_filterlist *fl)
{
    char path[64];
    const char *paths[1] = { path };
    pith_filterlist *other;
    int fd = memfd_create("pith-list", 0), rc;
    if (fd < 0)
        return;
    if (len && write(fd, text, len) != (ssize_t)len) {
        close(fd);
        return;
    }
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    rc = pith_filterlist_load(&other, paths, 1);
    close(fd);
    if (rc == PITH_ENOMEM)
        return;
    if (rc != PITH_OK)
        abort();
    for (int what = PITH_FL_HIDE; what <= PITH_FL_SKIPPED_NET; what++)
        if (pith_filterlist_stat(other, what) != pith_filterlist_stat(fl, what))
            abort();                /* the file's reader lost or cut a line */
    pith_filterlist_free(other);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text, *page, *nul, *url;
    size_t tlen, plen, cut;
    pith_filterlist *fl = NULL;
    sinkbuf whole = {0}, split = {0};
    int rc, rc1, rc2;
    if (size < 1)
        return 0;
    url = urls[data[0] % (sizeof urls / sizeof *urls)];
    text = (const char *)data + 1;
    nul = memchr(text, '\0', size - 1);
    tlen = nul ? (size_t)(nul - text) : size - 1;
    page = nul ? nul + 1 : own_page;
    plen = nul ? size - 1 - tlen - 1 : sizeof own_page - 1;
    cut = plen * (data[0] >> 3) / 32;
    rc = pith_filterlist_parse(&fl, text, tlen);
    if (rc == PITH_ENOMEM)
        return 0;
    if (rc != PITH_OK || fl == NULL)
        abort();
    /* the compiled list is bounded by its text */
    if (pith_filterlist_stat(fl, PITH_FL_BYTES) > 64 * tlen + ((size_t)1 << 20))
        abort();
    same_from_file(text, tlen, fl);
    rc1 = run(page, plen, fl, url, PITH_FORMAT_TEXT, plen, &whole);
    rc2 = run(page, plen, fl, url, PITH_FORMAT_TEXT, cut, &split);
    if (rc1 != rc2 || whole.n != split.n || (whole.n && memcmp(whole.p, split.p, whole.n)))
        abort();                    /* output depends on the split */
    free(split.p);
    split = (sinkbuf){0};
    run(page, plen, fl, url, PITH_FORMAT_JSONL, cut, &split);
    free(split.p);
    split = (sinkbuf){0};
    run(page, plen, fl, url, (data[0] >> 1) % 4, cut, &split);
    free(whole.p);
    free(split.p);
    pith_filterlist_free(fl);
    return 0;
}
