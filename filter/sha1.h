/* sha1.h -- SHA-1 (FIPS 180-4) for the WARC-Block-Digest of the WARC output.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_SHA1_H
#define PITH_SHA1_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha1_ctx {
    uint32_t h[5];
    uint64_t len;            /* bytes hashed */
    unsigned char buf[64];
    size_t nbuf;
} sha1_ctx;

void sha1_init(sha1_ctx *c);
void sha1_update(sha1_ctx *c, const void *data, size_t n);
void sha1_final(sha1_ctx *c, unsigned char out[20]);

/* "sha1:" and the digest in base32 (RFC 4648, as WARC files write it):
   out needs 38 bytes. */
void sha1_warc(const void *data, size_t n, char out[38]);

#endif /* PITH_SHA1_H */
