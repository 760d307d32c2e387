/* fuzz_pith.c -- libFuzzer harness: one page, fed in two to four pieces whose
 * sizes come from the data, in every format; the output must not depend on
 * the split (checked for the text format).
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "pith.h"
#include "fuzz_sink.h"

static int run(const uint8_t *data, size_t size, int format, const size_t *cuts, int ncuts,
               sinkbuf *out)
{
    pith_options opt;
    pith_filter *pf;
    size_t at = 0;
    int rc;
    pith_options_init(&opt);
    opt.format = format;
    opt.keep = PITH_ALL_LABELS;
    opt.max_block = 1024;          /* small caps reach the limit paths */
    opt.max_lookahead = 4096;
    opt.max_tag = 512;
    opt.max_depth = 32;
    opt.lookahead = 3;
    if (pith_new(&pf, &opt, sink, out) != PITH_OK)
        abort();
    for (int i = 0; i <= ncuts; i++) {
        size_t end = i < ncuts ? cuts[i] : size;
        if (end < at)
            end = at;
        pith_feed(pf, (const char *)data + at, end - at);
        at = end;
    }
    rc = pith_finish(pf);
    pith_free(pf);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t cuts[3];
    int ncuts;
    sinkbuf whole = {0}, split = {0};
    int rc1, rc2;
    if (size < 2)
        return 0;
    /* the first byte chooses the format and the cuts */
    ncuts = 1 + data[0] % 3;
    for (int i = 0; i < ncuts; i++)
        cuts[i] = (size - 1) * (size_t)(i + 1) / (size_t)(ncuts + 1) + (data[0] >> 4) % 7;
    for (int i = 0; i < ncuts; i++)
        if (cuts[i] > size - 1)
            cuts[i] = size - 1;
    rc1 = run(data + 1, size - 1, PITH_FORMAT_TEXT, NULL, 0, &whole);
    rc2 = run(data + 1, size - 1, PITH_FORMAT_TEXT, cuts, ncuts, &split);
    if (rc1 != rc2 || whole.n != split.n || (whole.n && memcmp(whole.p, split.p, whole.n)))
        abort();                    /* output depends on the split */
    free(split.p);
    split = (sinkbuf){0};
    run(data + 1, size - 1, (data[0] >> 2) % 4, cuts, ncuts, &split);
    free(whole.p);
    free(split.p);
    return 0;
}
