/* jobs.c -- the WARC mode's parallel runner: -j N files at once, -o DIR.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * One process per input file (fork), at most N alive at a time: each has
 * its own libxml2 and pith state, so nothing is shared but the counters,
 * which live in an anonymous shared mapping the parent reads for the
 * progress line and the summary.  A job writes DIR/.NAME.tmp.PID, syncs it
 * and renames it to DIR/NAME: a file under its final name is always whole.
 * A job that dies leaves no final file; its temporary file is removed.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dump.h"

static volatile sig_atomic_t stop_signal;
static pid_t *volatile live_pids;   /* the jobs, for the handler */
static int live_n;

/* SIGINT, SIGTERM: passes SIGTERM on to the jobs (kill is async-signal-safe)
   and lets the loop below remove their temporary files. */
static void on_stop(int sig)
{
    stop_signal = sig;
    for (int i = 0; live_pids && i < live_n; i++)
        if (live_pids[i] > 0)
            kill(live_pids[i], SIGTERM);
}

char *jobs_outname(const char *outdir, const char *path, int format)
{
    const char *base = strcmp(path, "-") ? path : "stdin";
    size_t n, dl = strlen(outdir);
    char *out;
    if (strrchr(base, '/'))
        base = strrchr(base, '/') + 1;
    n = strlen(base);
    if (n > 3 && !strcmp(base + n - 3, ".gz"))
        n -= 3;
    if (n > 5 && !strncmp(base + n - 5, ".warc", 5))
        n -= 5;
    if ((out = malloc(dl + n + 16)) == NULL)
        return NULL;
    snprintf(out, dl + n + 16, "%s%s%.*s%s", outdir,
             dl && outdir[dl - 1] == '/' ? "" : "/", (int)n, base,
             format == DUMP_WARC ? ".wet.gz" : ".jsonl");
    return out;
}

/* The temporary name of final for process pid. */
static char *tmpname(const char *final, pid_t pid)
{
    const char *slash = strrchr(final, '/');
    size_t dl = slash ? (size_t)(slash - final) + 1 : 0, n = strlen(final) + 32;
    char *t = malloc(n);
    if (t)
        snprintf(t, n, "%.*s.%s.tmp.%ld", (int)dl, final, final + dl, (long)pid);
    return t;
}

/* The child: one file to its temporary name, then the rename. */
static int job(const char *path, const char *final, const dump_opts *o, dump_stats *st)
{
    char *tmp = tmpname(final, getpid());
    FILE *fp;
    int status;
    if (!tmp)
        return DX_INTERNAL;
    if ((fp = fopen(tmp, "wb")) == NULL) {
        fprintf(stderr, "%s: %s: %s\n", o->prog, tmp, strerror(errno));
        free(tmp);
        return DX_IO;
    }
    status = dump_file(path, fp, final, o, st);
    if (fflush(fp) == EOF || fsync(fileno(fp)) != 0 || fclose(fp) == EOF) {
        fprintf(stderr, "%s: %s: %s\n", o->prog, tmp, strerror(errno));
        status = dump_worse(status, DX_IO);
    } else if (status == DX_IO || status == DX_INTERNAL) {
        /* no output that looks finished for a job that failed */
    } else if (rename(tmp, final) != 0) {
        fprintf(stderr, "%s: %s: %s\n", o->prog, final, strerror(errno));
        status = dump_worse(status, DX_IO);
    }
    if (status == DX_IO || status == DX_INTERNAL)
        unlink(tmp);
    free(tmp);
    return status;
}

/* Sizes for the launch order: largest first, so that a big file started
   last does not leave the other cores idle at the end. */
static const unsigned long long *order_size;

static int by_size_desc(const void *a, const void *b)
{
    unsigned long long x = order_size[*(const int *)a], y = order_size[*(const int *)b];
    if (x != y)
        return x < y ? 1 : -1;
    return *(const int *)a - *(const int *)b;
}

/* Output names, for the check that no two inputs write the same one. */
static char *const *order_name;

static int by_name(const void *a, const void *b)
{
    int c = strcmp(order_name[*(const int *)a], order_name[*(const int *)b]);
    return c ? c : *(const int *)a - *(const int *)b;
}

/* Whether two inputs would write the same output: n log n (inputs may be
   counted in millions).  Of the inputs that repeat an earlier one's name,
   the first is named, with the first that has its name.  idx: n ints. */
static int names_clash(char **files, char *const *finals, int n, int *idx, const char *prog)
{
    int k = -1, i = n;
    for (int j = 0; j < n; j++)
        idx[j] = j;
    order_name = finals;
    qsort(idx, (size_t)n, sizeof *idx, by_name);
    for (int j = 1; j < n; j++)
        if (!strcmp(finals[idx[j - 1]], finals[idx[j]]) && idx[j] < i
            && (j < 2 || strcmp(finals[idx[j - 2]], finals[idx[j]])))
            k = idx[j - 1], i = idx[j];
    if (k < 0)
        return 0;
    fprintf(stderr, "%s: %s and %s would both write %s\n", prog, files[k], files[i], finals[i]);
    return 1;
}

/* The running jobs: slots of pid and input, njobs of them (0: free). */
typedef struct slots {
    pid_t *pid;
    int *idx;
    int n;
} slots;

/* A job ended (pid p, wait status ws): its slot is freed and its status
   counted; a job that died leaves no temporary file. */
static int reaped(slots *sl, pid_t p, int ws, const struct rusage *ru, char **files,
                  char **finals, dump_stats *st, const dump_opts *o, int status)
{
    for (int k = 0; k < sl->n; k++) {
        int i = sl->idx[k];
        char *tmp;
        if (sl->pid[k] != p)
            continue;
        sl->pid[k] = 0;
        st[i].rss_kb = (unsigned long long)ru->ru_maxrss;
        if (WIFEXITED(ws))
            return dump_worse(status, WEXITSTATUS(ws));
        if (!stop_signal)
            fprintf(stderr, "%s: %s: the job died (signal %d)\n", o->prog, files[i],
                    WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
        if ((tmp = tmpname(finals[i], p)) != NULL)
            unlink(tmp);
        free(tmp);
        return dump_worse(status, DX_INTERNAL);
    }
    return status;
}

int jobs_run(char **files, int n, int njobs, const char *outdir, int resume,
             const dump_opts *o)
{
    dump_stats *st;
    slots sl;
    char **finals;
    int next = 0, running = 0, status = DX_OK, *order;
    unsigned long long *sizes;
    unsigned long long total = 0;
    double t0 = progress_now();
    size_t maplen = (size_t)n * sizeof *st;

    st = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    sl.n = njobs;
    sl.pid = calloc((size_t)njobs, sizeof *sl.pid);
    sl.idx = calloc((size_t)njobs, sizeof *sl.idx);
    finals = calloc((size_t)n, sizeof *finals);
    order = calloc((size_t)n, sizeof *order);
    sizes = calloc((size_t)n, sizeof *sizes);
    if (st == MAP_FAILED || !sl.pid || !sl.idx || !finals || !order || !sizes) {
        fprintf(stderr, "%s: out of memory\n", o->prog);
        if (st != MAP_FAILED)
            munmap(st, maplen);
        free(sl.pid);
        free(sl.idx);
        free(finals);
        free(order);
        free(sizes);
        return DX_INTERNAL;
    }
    memset(st, 0, maplen);
    for (int i = 0; i < n; i++)
        if ((finals[i] = jobs_outname(outdir, files[i], o->format)) == NULL) {
            status = DX_INTERNAL;
            goto out;
        }
    if (names_clash(files, finals, n, order, o->prog)) {
        status = DX_USAGE;
        goto out;
    }
    for (int i = 0; i < n; i++) {
        struct stat sb;
        if (resume && stat(finals[i], &sb) == 0)
            st[i].done = 2;
        else if (stat(files[i], &sb) == 0 && S_ISREG(sb.st_mode))
            total += sizes[i] = (unsigned long long)sb.st_size;
        order[i] = i;
    }
    order_size = sizes;
    qsort(order, (size_t)n, sizeof *order, by_size_desc);
    fflush(NULL);
    progress_start(o->progress, total);
    {
        /* on SIGINT or SIGTERM: stop the jobs, remove their temporary files */
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_stop;
        sigemptyset(&sa.sa_mask);
        live_n = sl.n;
        live_pids = sl.pid;
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
    }
    for (;;) {
        int ws;
        pid_t p;
        struct rusage ru;
        if (stop_signal) {
            for (int k = 0; k < sl.n; k++)
                if (sl.pid[k] > 0)
                    kill(sl.pid[k], SIGTERM);
            next = n;
        }
        while (running < njobs && next < n) {
            int i = order[next++], k = 0;
            if (st[i].done == 2)
                continue;
            p = fork();
            if (p < 0) {
                fprintf(stderr, "%s: fork: %s\n", o->prog, strerror(errno));
                status = dump_worse(status, DX_INTERNAL);
                next = n;
                break;
            }
            if (p == 0) {
                dump_opts co = *o;
                signal(SIGINT, SIG_DFL);
                signal(SIGTERM, SIG_DFL);
                co.progress = 0;
                progress_start(0, 0);
                _exit(job(files[i], finals[i], &co, &st[i]));
            }
            while (sl.pid[k] != 0)
                k++;            /* running < njobs: a slot is free */
            sl.pid[k] = p;
            sl.idx[k] = i;
            running++;
        }
        if (running == 0)
            break;
        p = wait4(-1, &ws, o->progress ? WNOHANG : 0, &ru);
        if (p < 0 && errno == EINTR)
            continue;
        if (p < 0)
            break;
        if (p == 0) {
            unsigned long long done = 0, pages = 0;
            struct timespec ts = { 0, 100 * 1000 * 1000 };
            for (int i = 0; i < n; i++)
                done += st[i].done == 2 ? 0 : st[i].bytes_read, pages += st[i].pages;
            progress_update(done, pages, 0);
            nanosleep(&ts, NULL);
            continue;
        }
        running--;
        status = reaped(&sl, p, ws, &ru, files, finals, st, o, status);
    }
    {
        unsigned long long done = 0, pages = 0;
        for (int i = 0; i < n; i++)
            done += st[i].done == 2 ? 0 : st[i].bytes_read, pages += st[i].pages;
        progress_update(done, pages, 1);
    }
    live_pids = NULL;
    progress_end();
    if (stop_signal) {
        fprintf(stderr, "%s: stopped by signal %d; finished outputs are whole, the others were "
                "removed\n", o->prog, (int)stop_signal);
        status = DX_INTERNAL;
    } else if (o->stats) {
        dump_print_stats(o->prog, st, n, progress_now() - t0);
    }
out:
    for (int i = 0; i < n; i++)
        free(finals[i]);
    free(finals);
    free(sl.pid);
    free(sl.idx);
    free(order);
    free(sizes);
    munmap(st, maplen);
    return status;
}
