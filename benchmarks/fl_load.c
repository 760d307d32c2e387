/* fl_load.c -- load time and memory of a compiled filter list.
 *
 *   benchmarks/fl_load [-n RUNS] [LIST...]     (default: the installed EasyList)
 *
 * Loads the lists RUNS times (default 11) with pith_filterlist_load and prints
 * the median and lowest wall time of one load, the rules compiled and skipped,
 * the bytes the compiled list holds (pith_filterlist_stat) and the growth of
 * the process's resident set over one load (VmRSS of /proc/self/status).
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "pith.h"

static long rss_kib(void)
{
    char line[256];
    long kb = -1;
    FILE *fp = fopen("/proc/self/status", "r");
    if (fp == NULL)
        return -1;
    while (fgets(line, sizeof line, fp))
        if (!strncmp(line, "VmRSS:", 6))
            kb = strtol(line + 6, NULL, 10);
    fclose(fp);
    return kb;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int runs = 11, first = 1;
    const char *def[1];
    const char *const *paths;
    size_t n;
    double t[101];
    pith_filterlist *fl = NULL;
    long before, after = 0;

    if (argc > 2 && !strcmp(argv[1], "-n")) {
        runs = atoi(argv[2]);
        first = 3;
        if (runs < 1 || runs > 101)
            runs = 11;
    }
    if (first < argc) {
        paths = (const char *const *)argv + first;
        n = (size_t)(argc - first);
    } else {
        if ((def[0] = pith_filterlist_default_path()) == NULL) {
            fprintf(stderr, "fl_load: no installed EasyList; give a list\n");
            return 1;
        }
        paths = def;
        n = 1;
    }
    before = rss_kib();
    for (int i = 0; i < runs; i++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        if (pith_filterlist_load(&fl, paths, n) != PITH_OK) {
            fprintf(stderr, "fl_load: cannot load the list\n");
            return 1;
        }
        clock_gettime(CLOCK_MONOTONIC, &b);
        t[i] = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
        if (i == 0)
            after = rss_kib();
        if (i + 1 < runs)
            pith_filterlist_free(fl);
    }
    qsort(t, (size_t)runs, sizeof t[0], cmp_double);
    printf("list: %s%s\n", paths[0], n > 1 ? " (and more)" : "");
    printf("load: median %.1f ms, lowest %.1f ms (%d runs)\n", t[runs / 2], t[0], runs);
    printf("rules: %zu hiding, %zu exceptions, %zu network; skipped %zu hiding, %zu network\n",
           pith_filterlist_stat(fl, PITH_FL_HIDE), pith_filterlist_stat(fl, PITH_FL_EXCEPTION),
           pith_filterlist_stat(fl, PITH_FL_NETWORK), pith_filterlist_stat(fl, PITH_FL_SKIPPED_HIDE),
           pith_filterlist_stat(fl, PITH_FL_SKIPPED_NET));
    printf("memory: %.2f MiB held by the compiled list; resident set +%.2f MiB after the first load\n",
           pith_filterlist_stat(fl, PITH_FL_BYTES) / 1048576.0, (after - before) / 1024.0);
    pith_filterlist_free(fl);
    return 0;
}
