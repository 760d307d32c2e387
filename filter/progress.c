/* progress.c -- the WARC mode's progress line on a terminal.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * One line on stderr, redrawn in place ("\r") at most four times a second:
 * bytes read of the total, percent, MB/s, pages/s and the time left.  The
 * caller decides whether it is wanted (stderr a terminal, no --quiet).
 */
#include <stdio.h>
#include <time.h>

#include "dump.h"

static struct {
    int on;
    unsigned long long total;
    double t0, last;
    int drawn;
} pg;

double progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(int enabled, unsigned long long total)
{
    pg.on = enabled;
    pg.total = total;
    pg.t0 = pg.last = progress_now();
    pg.drawn = 0;
}

void progress_update(unsigned long long done, unsigned long long pages, int force)
{
    double now, dt;
    char eta[32] = "--:--";
    if (!pg.on)
        return;
    now = progress_now();
    if (!force && now - pg.last < 0.25)
        return;
    pg.last = now;
    dt = now - pg.t0 > 1e-6 ? now - pg.t0 : 1e-6;
    if (pg.total && done > 0 && done <= pg.total) {
        unsigned long s = (unsigned long)((double)(pg.total - done) * dt / (double)done);
        snprintf(eta, sizeof eta, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
    }
    if (pg.total)
        fprintf(stderr, "\r%.1f/%.1f MB %3.0f%% %.1f MB/s %.0f pages/s ETA %s   ",
                (double)done / 1e6, (double)pg.total / 1e6,
                100.0 * (double)done / (double)pg.total, (double)done / 1e6 / dt,
                (double)pages / dt, eta);
    else
        fprintf(stderr, "\r%.1f MB %.1f MB/s %.0f pages/s   ", (double)done / 1e6,
                (double)done / 1e6 / dt, (double)pages / dt);
    pg.drawn = 1;
}

void progress_end(void)
{
    if (pg.on && pg.drawn)
        fputc('\n', stderr);
    pg.drawn = 0;
}
