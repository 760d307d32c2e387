/* fuzz_sink.h -- the harnesses' sink: the output collected in memory.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_FUZZ_SINK_H
#define PITH_FUZZ_SINK_H
#include <stdlib.h>
#include <string.h>

typedef struct { char *p; size_t n, cap; } sinkbuf;

static int sink(void *opaque, const char *buf, size_t len)
{
    sinkbuf *s = opaque;
    if (s->n + len > s->cap) {
        size_t cap = (s->n + len) * 2;
        char *p = realloc(s->p, cap);
        if (p == NULL)
            return -1;
        s->p = p, s->cap = cap;
    }
    memcpy(s->p + s->n, buf, len);
    s->n += len;
    return 0;
}

#endif
