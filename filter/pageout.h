/* pageout.h -- the WARC mode's output: each page's story, collected as pith
 * writes it, then written as a jsonl object or a WET conversion record.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * dump.c reads the records and runs pith on each page; this module is the
 * other side of pith's sink: it holds one page's output (up to --max-text
 * bytes: past it the page is cut and counted as truncated) and writes it
 * once dump.c has found the record sound.  A page of a corrupt record is
 * never written: dump.c starts the next one, which drops it.
 */
#ifndef PITH_PAGEOUT_H
#define PITH_PAGEOUT_H

#include <stdio.h>
#include "dump.h"
#include "warc.h"

typedef struct pageout pageout;

/* The output of one input file, to fp, in o->format (o is read, never
   copied: it must outlive the pageout).  NULL when out of memory. */
pageout *pageout_open(FILE *fp, const dump_opts *o);

/* warc: the warcinfo record that opens the file (path: the input, NULL
   for standard input; outname: the output's name).  0, or -1 on a write
   error; nothing for jsonl. */
int pageout_warcinfo(pageout *po, const char *path, const char *outname, dump_stats *st);

/* A new page: what it held before is dropped.  Returns the sink (and in
   *opaque its argument) to give pith_new() for the page. */
pith_sink_fn pageout_begin(pageout *po, void **opaque);

/* The page's filter has finished; failed: pith_finish() did not return
   PITH_OK (with --on-error=empty nothing of the page is kept). */
void pageout_end(pageout *po, int failed);

/* Whether the page's output passed --max-text (it is cut). */
int pageout_truncated(const pageout *po);

/* Writes the page for record rec; counts the bytes in st->out_bytes.
   0, or -1 on a write error. */
int pageout_write(pageout *po, warc_record *rec, dump_stats *st);

void pageout_close(pageout *po);

#endif /* PITH_PAGEOUT_H */
