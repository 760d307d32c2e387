/* fl_speed.c -- throughput of pith with and without a filter list, in one
 * process (the list loaded once, as a proxy or server loads it).
 *
 *   benchmarks/fl_speed [-n ROUNDS] [-l LIST] [-u URLS] [-1 with|without] PAGE...
 *                                           (default list: the installed EasyList)
 *
 * Reads every PAGE into memory, then runs ROUNDS rounds (default 15); each
 * round filters all pages once without the list and once with it, in
 * alternating order, timing each pass (text format, output discarded).
 * Prints the median time of a pass and the MB/s of each, and the ratio
 * with/without.  Pages may be gzip: pith decodes them in both passes.
 * -1 MODE runs one pass of one kind only and prints nothing: for
 * valgrind --tool=callgrind, whose instruction counts repeat from run to run.
 * -u URLS gives each page its URL in both passes, as a proxy or a WARC
 * record does (the url option): URLS has lines "NAME URL", NAME a page's
 * file name up to its first '.'; a page not named there has none (it then
 * finds its host in its own markup, which costs the list the attributes
 * that may name it: benchmarks/README.md, "Filter lists").
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "pith.h"

static int discard(void *opaque, const char *buf, size_t len)
{
    (void)opaque, (void)buf, (void)len;
    return 0;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The URL of the page file path in the "NAME URL" lines of f, or NULL. */
static char *url_of(FILE *f, const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t nb = strcspn(base, ".");
    char line[8192];
    rewind(f);
    while (fgets(line, sizeof line, f)) {
        size_t nn = strcspn(line, " \t");
        char *u = line + nn, *end;
        if (nn != nb || strncmp(line, base, nb) || *u == '\0')
            continue;
        u += strspn(u, " \t");
        if ((end = strpbrk(u, "\r\n")) != NULL)
            *end = '\0';
        return *u ? strdup(u) : NULL;
    }
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double pass(char **data, size_t *len, char **urls, int n, const pith_filterlist *fl)
{
    pith_options opt;
    double t0 = now_ms();
    pith_options_init(&opt);
    opt.format = PITH_FORMAT_TEXT;
    opt.filterlist = fl;
    for (int i = 0; i < n; i++) {
        pith_filter *pf;
        opt.url = urls[i];
        if (pith_new(&pf, &opt, discard, NULL) != PITH_OK)
            exit(1);
        pith_feed(pf, data[i], len[i]);
        pith_finish(pf);
        pith_free(pf);
    }
    return now_ms() - t0;
}

int main(int argc, char **argv)
{
    int rounds = 15, first = 1, n;
    const char *list = NULL, *only = NULL, *url_file = NULL;
    FILE *uf = NULL;
    char **urls;
    pith_filterlist *fl;
    char **data;
    size_t *len, total = 0;
    double *with, *without;

    while (first + 1 < argc && argv[first][0] == '-') {
        if (!strcmp(argv[first], "-n"))
            rounds = atoi(argv[first + 1]);
        else if (!strcmp(argv[first], "-l"))
            list = argv[first + 1];
        else if (!strcmp(argv[first], "-1"))
            only = argv[first + 1];
        else if (!strcmp(argv[first], "-u"))
            url_file = argv[first + 1];
        else
            break;
        first += 2;
    }
    if (rounds < 1)
        rounds = 15;
    if (list == NULL && (list = pith_filterlist_default_path()) == NULL) {
        fprintf(stderr, "fl_speed: no installed EasyList; give -l LIST\n");
        return 1;
    }
    if (pith_filterlist_load(&fl, &list, 1) != PITH_OK) {
        fprintf(stderr, "fl_speed: cannot load %s\n", list);
        return 1;
    }
    n = argc - first;
    data = calloc((size_t)n + 1, sizeof *data);
    len = calloc((size_t)n + 1, sizeof *len);
    urls = calloc((size_t)n + 1, sizeof *urls);
    if (url_file && (uf = fopen(url_file, "r")) == NULL) {
        fprintf(stderr, "fl_speed: cannot read %s\n", url_file);
        return 1;
    }
    with = calloc((size_t)rounds, sizeof *with);
    without = calloc((size_t)rounds, sizeof *without);
    if (!data || !len || !urls || !with || !without)
        return 1;
    for (int i = 0; i < n; i++) {
        FILE *fp = fopen(argv[first + i], "rb");
        long sz;
        if (fp == NULL || fseek(fp, 0, SEEK_END) || (sz = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) ||
            (data[i] = malloc((size_t)sz + 1)) == NULL ||
            fread(data[i], 1, (size_t)sz, fp) != (size_t)sz) {
            fprintf(stderr, "fl_speed: cannot read %s\n", argv[first + i]);
            return 1;
        }
        fclose(fp);
        if (uf)
            urls[i] = url_of(uf, argv[first + i]);
        len[i] = (size_t)sz;
        total += len[i];
    }
    if (only) {
        pass(data, len, urls, n, strcmp(only, "with") ? NULL : fl);
        pith_filterlist_free(fl);
        return 0;
    }
    pass(data, len, urls, n, NULL);    /* warm the caches */
    pass(data, len, urls, n, fl);
    for (int r = 0; r < rounds; r++) {
        if (r % 2) {
            with[r] = pass(data, len, urls, n, fl);
            without[r] = pass(data, len, urls, n, NULL);
        } else {
            without[r] = pass(data, len, urls, n, NULL);
            with[r] = pass(data, len, urls, n, fl);
        }
    }
    qsort(with, (size_t)rounds, sizeof *with, cmp_double);
    qsort(without, (size_t)rounds, sizeof *without, cmp_double);
    printf("%d pages, %.1f MB, %d rounds, medians of a pass over all pages:\n", n, total / 1e6, rounds);
    if (uf) {
        int named = 0;
        for (int i = 0; i < n; i++)
            named += urls[i] != NULL;
        printf("  %d of the pages with their URL (-u)\n", named);
    }
    printf("  without a list  %8.1f ms  %6.1f MB/s\n", without[rounds / 2],
           total / 1e3 / without[rounds / 2]);
    printf("  with the list   %8.1f ms  %6.1f MB/s\n", with[rounds / 2], total / 1e3 / with[rounds / 2]);
    printf("  with/without time: %.3f (%+.1f%%)\n", with[rounds / 2] / without[rounds / 2],
           (with[rounds / 2] / without[rounds / 2] - 1) * 100);
    for (int i = 0; i < n; i++)
        free(data[i]), free(urls[i]);
    free(data), free(len), free(urls), free(with), free(without);
    if (uf)
        fclose(uf);
    pith_filterlist_free(fl);
    return 0;
}
