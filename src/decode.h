/* decode.h -- stage 1: content decoding (gzip/deflate) and charset to UTF-8.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_DECODE_H
#define PITH_DECODE_H
#include <stddef.h>
#include <zlib.h>
#include "buf.h"

struct pith_filter;

typedef struct pith_decode {
    int encoding;          /* enum pith_encoding; AUTO until the first bytes are seen */
    unsigned char magic[2];
    size_t nmagic;         /* bytes of magic held while encoding is AUTO */
    z_stream z;
    int zstate;            /* 0 none, 1 inflating, 2 a stream ended (another gzip
                              member may follow), 3 trailing data: all ignored */
    char *zout;            /* fixed inflate output chunk */
    size_t zstep;          /* input bytes per inflate() call: UINT_MAX, as
                              avail_in is a uInt (tests make it small) */

    int cs;                /* enum in decode.c: sniffing, utf8, cp1252, iconv */
    pith_buf sniff;        /* first bytes held until the charset is known */
    size_t soff;           /* where the held bytes of this page begin in it */
    int sniff_tag;         /* they begin with a doctype or <html> told to rawtext */
    size_t hpos, hfrom;    /* the head scan: held bytes read, where a search goes on */
    unsigned char hraw;    /* in the raw text of this head element (decode.c) */
    unsigned char hflags;  /* the head scan's findings so far (decode.c) */
    void *iconv;           /* iconv_t when cs is iconv */
    char tail[8];          /* incomplete multibyte sequence between chunks */
    size_t ntail;
    char *cbuf;            /* fixed conversion output chunk */
    size_t cfill;          /* bytes of cbuf used */
    unsigned long long total; /* decoded bytes, for max_input */
    int scan;              /* the charset keeps '<' a byte of its own: new
                              documents are watched for (pages_in) */
    char pend[16];         /* a doctype or <html> cut by the end of a feed */
    size_t npend;
} pith_decode;

int pith_decode_init(struct pith_filter *pf);
/* Decodes n input bytes and passes UTF-8 on to the rawtext stage. */
int pith_decode_feed(struct pith_filter *pf, const char *buf, size_t n);
/* Passes on everything held, deciding the charset if it is still open. */
int pith_decode_flush(struct pith_filter *pf);
/* End of input: flushes held bytes; PITH_EDATA if a compressed stream was cut short. */
int pith_decode_finish(struct pith_filter *pf);
void pith_decode_free(struct pith_filter *pf);

#endif
