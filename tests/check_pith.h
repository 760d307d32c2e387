/* check_pith.h -- the Check suites of pith and the helpers they share.
 *
 * One suite per pipeline stage (plus the API edges, streaming, limits and
 * rules), each its own program: tests/check_<suite>.c ends with
 * CHECK_MAIN(make_<suite>_suite).  CK_RUN_CASE picks one case, CK_FORK=no
 * runs in one process (valgrind).  The helpers in util.c drive the public
 * API only, so the suites keep working while the stages change inside.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef CHECK_PITH_H
#define CHECK_PITH_H
#include <stddef.h>
#include <check.h>
#include "pith.h"

#ifndef TEST_DATA
#define TEST_DATA "tests/data"
#endif

Suite *make_api_suite(void);
Suite *make_decode_suite(void);
Suite *make_rawtext_suite(void);
Suite *make_segment_suite(void);
Suite *make_emit_suite(void);
Suite *make_classify_suite(void);
Suite *make_stream_suite(void);
Suite *make_limits_suite(void);
Suite *make_rules_suite(void);
Suite *make_abi_suite(void);
Suite *make_options_suite(void);
Suite *make_hostile_api_suite(void);

/* Runs one suite (CK_VERBOSITY, CK_RUN_CASE, CK_FORK honoured) and returns
 * the exit status: EXIT_SUCCESS if no test failed. */
int run_suite(Suite *s);
/* The main of a suite's program. */
#define CHECK_MAIN(make_suite) \
    int main(void) { return run_suite(make_suite()); }

/* --- a capturing sink ---------------------------------------------------- */

/* Collects everything the filter writes into one growable, NUL-terminated
 * buffer.  fail_at > 0 makes call number fail_at (1-based) return -1. */
typedef struct capture {
    char *data;
    size_t len, cap;
    unsigned calls;
    unsigned fail_at;
} capture;

int capture_sink(void *opaque, const char *buf, size_t len);
void capture_free(capture *c);

/* --- running a page ------------------------------------------------------ */

/* The result of one run: the output (NUL-terminated, caller frees with
 * result_free), the first error pith_feed returned and pith_finish's code. */
typedef struct result {
    char *out;
    size_t len;
    int feed_rc;
    int finish_rc;
} result;

/* Feeds len bytes in pieces of chunk bytes (0: one feed), finishes, frees. */
result run_page(const pith_options *opt, const void *bytes, size_t len, size_t chunk);
/* Feeds [0, split) and [split, len) as two pieces. */
result run_split(const pith_options *opt, const void *bytes, size_t len, size_t split);
/* run_page for a NUL-terminated string with one feed. */
result run_str(const pith_options *opt, const char *html);
void result_free(result *r);

/* Options with the defaults and the given format; keep all labels when
 * keep_all (so the classifier's decisions do not matter). */
pith_options test_options(int format, int keep_all);

/* --- files and bytes ----------------------------------------------------- */

/* Reads a whole file (ck_abort on failure); NUL-terminated, caller frees. */
char *read_file(const char *path, size_t *len);
/* The reference page, read once and kept for the process. */
const char *nzherald(size_t *len);
/* Compresses with zlib: fmt 'g' gzip, 'z' zlib, 'r' raw deflate. */
char *compress_bytes(const void *in, size_t len, int fmt, size_t *outlen);
/* Occurrences of needle in hay[0..n). */
size_t count_str(const char *hay, size_t n, const char *needle);
/* 1 if needle occurs in hay[0..n). */
int has_str(const char *hay, size_t n, const char *needle);
/* A malloc'd copy of a printf-style string. */
char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* --- JSON ---------------------------------------------------------------- */

/* One field of a JSON object, as json_object() reads it. */
typedef struct jfield {
    char key[32];
    int type;            /* 's' string, 'n' number, 'a' array, 'o' object, 'b' bool, 'z' null */
    char *str;           /* the decoded string (type 's'), freed by json_free */
    double num;
} jfield;

/* Parses one line that must be exactly one JSON object (strict: escapes,
 * no raw control characters, nothing after it); fills up to max top-level
 * fields.  @return the number of fields, or -1 if the line is not valid. */
int json_object(const char *line, jfield *fields, int max);
const jfield *json_get(const jfield *f, int n, const char *key);
void json_free(jfield *f, int n);
/* The texts of the blocks of a jsonl output, one paragraph each, as the text
 * format writes them: "one\n\ntwo\n".  Caller frees. */
char *jsonl_blocks(const char *out, size_t len);
/* run_page with the jsonl format, giving the blocks as jsonl_blocks() does:
 * every block the filter keeps, whatever the text format would leave out. */
result run_blocks(const pith_options *opt, const void *bytes, size_t len, size_t chunk);

/* --- a counting allocator ------------------------------------------------ */

/* Through pith_options.alloc/realloc/release: tracks live bytes, their
 * high-water mark and the number of allocations, and fails allocation
 * number fail_at (1-based; 0 never) and, when fail_all, every one after it. */
typedef struct counting_alloc {
    size_t live, high;
    unsigned long long nallocs;    /* allocations tried (alloc and growing realloc) */
    unsigned long long fail_at;
    int fail_all;
    unsigned long long failed;     /* allocations refused */
    unsigned long long blocks;     /* live allocations */
} counting_alloc;

/* Resets ca and points the hooks of opt at it. */
void counting_alloc_use(counting_alloc *ca, pith_options *opt);

/* Peak resident set size of this process in KiB (getrusage); 0 under
 * valgrind and AddressSanitizer, where it measures the tool, so that growth
 * reads 0. */
long max_rss_kib(void);

#endif
