/* util.c -- helpers shared by the suites: a capturing sink, page runners,
 * file and zlib helpers, and a counting allocator for the memory tests.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#define _GNU_SOURCE 1   /* memmem, vasprintf */
#include <stdarg.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/resource.h>
#include <zlib.h>
#include "check_pith.h"

/* Like ck_assert_msg, but marks no point on success, so that the helpers
   below also work outside a running test (suite set-up). */
#define need(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

/* --- running a suite ------------------------------------------------------ */

int run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;
    /* CK_ENV: CK_VERBOSITY, CK_RUN_CASE, CK_FORK are honoured */
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* --- capture ------------------------------------------------------------- */

static void grow(char **data, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t ncap = *cap ? *cap : 4096;
        while (ncap < *len + n + 1)
            ncap *= 2;
        *data = realloc(*data, ncap);
        need(*data != NULL, "out of memory");
        *cap = ncap;
    }
    memcpy(*data + *len, s, n);
    *len += n;
    (*data)[*len] = '\0';
}

int capture_sink(void *opaque, const char *buf, size_t len)
{
    capture *c = opaque;
    c->calls++;
    if (c->fail_at && c->calls >= c->fail_at)
        return -1;
    /* the sink is never called with nothing to write */
    ck_assert_uint_gt(len, 0);
    ck_assert_ptr_nonnull(buf);
    grow(&c->data, &c->len, &c->cap, buf, len);
    return 0;
}

void capture_free(capture *c)
{
    free(c->data);
    memset(c, 0, sizeof *c);
}

/* --- runs ---------------------------------------------------------------- */

static result finish_run(pith_filter *pf, capture *cap, int feed_rc)
{
    result r;
    r.feed_rc = feed_rc;
    r.finish_rc = pith_finish(pf);
    ck_assert_uint_eq(pith_bytes_out(pf), cap->len);
    pith_free(pf);
    if (cap->data == NULL)
        grow(&cap->data, &cap->len, &cap->cap, "", 0);
    r.out = cap->data;
    r.len = cap->len;
    return r;
}

result run_page(const pith_options *opt, const void *bytes, size_t len, size_t chunk)
{
    capture cap = {0};
    pith_filter *pf = NULL;
    const char *p = bytes;
    size_t off = 0;
    int rc, feed_rc = PITH_OK;

    ck_assert_int_eq(pith_new(&pf, opt, capture_sink, &cap), PITH_OK);
    if (chunk == 0)
        chunk = len ? len : 1;
    while (off < len) {
        size_t k = len - off < chunk ? len - off : chunk;
        rc = pith_feed(pf, p + off, k);
        if (rc != PITH_OK && feed_rc == PITH_OK)
            feed_rc = rc;
        if (rc != PITH_OK)
            break;
        off += k;
    }
    return finish_run(pf, &cap, feed_rc);
}

result run_split(const pith_options *opt, const void *bytes, size_t len, size_t split)
{
    capture cap = {0};
    pith_filter *pf = NULL;
    const char *p = bytes;
    int rc;

    ck_assert_int_eq(pith_new(&pf, opt, capture_sink, &cap), PITH_OK);
    rc = pith_feed(pf, p, split);
    if (rc == PITH_OK)
        rc = pith_feed(pf, p + split, len - split);
    return finish_run(pf, &cap, rc);
}

result run_str(const pith_options *opt, const char *html)
{
    return run_page(opt, html, strlen(html), 0);
}

void result_free(result *r)
{
    free(r->out);
    r->out = NULL;
    r->len = 0;
}

pith_options test_options(int format, int keep_all)
{
    pith_options opt;
    pith_options_init(&opt);
    opt.format = format;
    if (keep_all)
        opt.keep = PITH_ALL_LABELS;
    return opt;
}

/* --- files and bytes ----------------------------------------------------- */

char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *data = NULL;
    size_t n = 0, cap = 0, k;
    char buf[65536];
    need(fp != NULL, "cannot open %s", path);
    while ((k = fread(buf, 1, sizeof buf, fp)) > 0)
        grow(&data, &n, &cap, buf, k);
    need(!ferror(fp), "cannot read %s", path);
    fclose(fp);
    if (data == NULL)
        grow(&data, &n, &cap, "", 0);
    if (len)
        *len = n;
    return data;
}

const char *nzherald(size_t *len)
{
    static char *page;
    static size_t n;
    if (page == NULL)
        page = read_file(TEST_DATA "/nzherald.html", &n);
    if (len)
        *len = n;
    return page;
}

char *compress_bytes(const void *in, size_t len, int fmt, size_t *outlen)
{
    z_stream z;
    int bits = fmt == 'g' ? 15 + 16 : fmt == 'z' ? 15 : -15;
    size_t cap = compressBound((uLong)len) + 64;
    char *out = malloc(cap);
    need(out != NULL, "out of memory");
    memset(&z, 0, sizeof z);
    need(deflateInit2(&z, 9, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY) == Z_OK, "deflateInit2");
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    need(deflate(&z, Z_FINISH) == Z_STREAM_END, "deflate");
    *outlen = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

size_t count_str(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle), count = 0;
    const char *p = hay, *end = hay + n;
    if (k == 0)
        return 0;
    while ((size_t)(end - p) >= k && (p = memmem(p, (size_t)(end - p), needle, k)) != NULL) {
        count++;
        p += k;
    }
    return count;
}

int has_str(const char *hay, size_t n, const char *needle)
{
    return memmem(hay, n, needle, strlen(needle)) != NULL;
}

char *str_printf(const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;
    int n;
    va_start(ap, fmt);
    n = vasprintf(&s, fmt, ap);
    va_end(ap);
    ck_assert_int_ge(n, 0);
    return s;
}

/* --- a minimal JSON reader ------------------------------------------------------ */

static const char *j_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r')
        p++;
    return p;
}

static void put_utf8(char **o, unsigned cp)
{
    unsigned char *u = (unsigned char *)*o;
    if (cp < 0x80) { *u++ = (unsigned char)cp; }
    else if (cp < 0x800) { *u++ = (unsigned char)(0xc0 | cp >> 6); *u++ = (unsigned char)(0x80 | (cp & 0x3f)); }
    else if (cp < 0x10000) { *u++ = (unsigned char)(0xe0 | cp >> 12); *u++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f)); *u++ = (unsigned char)(0x80 | (cp & 0x3f)); }
    else { *u++ = (unsigned char)(0xf0 | cp >> 18); *u++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3f)); *u++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f)); *u++ = (unsigned char)(0x80 | (cp & 0x3f)); }
    *o = (char *)u;
}

/* Parses a string at p (at its quote); returns the end or NULL. */
static const char *j_string(const char *p, char **out)
{
    char *buf = malloc(strlen(p) * 4 + 1), *o = buf;
    if (*p++ != '"') { free(buf); return NULL; }
    while (*p != '"') {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20) { free(buf); return NULL; }          /* raw control character */
        if (c == '\\') {
            p++;
            switch (*p) {
            case '"': *o++ = '"'; break;
            case '\\': *o++ = '\\'; break;
            case '/': *o++ = '/'; break;
            case 'b': *o++ = '\b'; break;
            case 'f': *o++ = '\f'; break;
            case 'n': *o++ = '\n'; break;
            case 'r': *o++ = '\r'; break;
            case 't': *o++ = '\t'; break;
            case 'u': {
                unsigned cp = 0;
                for (int i = 1; i <= 4; i++) {
                    if (!isxdigit((unsigned char)p[i])) { free(buf); return NULL; }
                    cp = cp * 16 + (unsigned)(isdigit((unsigned char)p[i]) ? p[i] - '0' : (p[i] | 0x20) - 'a' + 10);
                }
                p += 4;
                put_utf8(&o, cp);
                break;
            }
            default: free(buf); return NULL;
            }
            p++;
        } else {
            *o++ = (char)c;
            p++;
        }
    }
    *o = '\0';
    if (out) *out = buf; else free(buf);
    return p + 1;
}

static const char *j_value(const char *p, jfield *f);

static const char *j_container(const char *p, char close, jfield *fields, int *nfields, int max)
{
    p = j_ws(p + 1);
    if (*p == close)
        return p + 1;
    for (;;) {
        jfield tmp, *f = &tmp;
        memset(&tmp, 0, sizeof tmp);
        if (close == '}') {
            char *key;
            if (*p != '"' || (p = j_string(p, &key)) == NULL)
                return NULL;
            if (fields && *nfields < max) {
                f = &fields[(*nfields)++];
                memset(f, 0, sizeof *f);
            }
            snprintf(f->key, sizeof f->key, "%s", key);
            free(key);
            p = j_ws(p);
            if (*p++ != ':')
                return NULL;
        }
        if ((p = j_value(j_ws(p), f)) == NULL)
            return NULL;
        if (f == &tmp)
            free(tmp.str);
        p = j_ws(p);
        if (*p == close)
            return p + 1;
        if (*p++ != ',')
            return NULL;
        p = j_ws(p);
    }
}

static const char *j_value(const char *p, jfield *f)
{
    char *end;
    switch (*p) {
    case '"': f->type = 's'; return j_string(p, &f->str);
    case '{': f->type = 'o'; return j_container(p, '}', NULL, NULL, 0);
    case '[': f->type = 'a'; return j_container(p, ']', NULL, NULL, 0);
    case 't': f->type = 'b'; return strncmp(p, "true", 4) ? NULL : p + 4;
    case 'f': f->type = 'b'; return strncmp(p, "false", 5) ? NULL : p + 5;
    case 'n': f->type = 'z'; return strncmp(p, "null", 4) ? NULL : p + 4;
    default:
        if (*p != '-' && !isdigit((unsigned char)*p))
            return NULL;
        f->type = 'n';
        f->num = strtod(p, &end);
        return end == p ? NULL : end;
    }
}

/* Parses one line as a JSON object into fields; returns the count or -1. */
int json_object(const char *line, jfield *fields, int max)
{
    int n = 0;
    const char *p = j_ws(line);
    if (*p != '{' || (p = j_container(p, '}', fields, &n, max)) == NULL)
        return -1;
    p = j_ws(p);
    return *p == '\0' ? n : -1;
}

const jfield *json_get(const jfield *f, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(f[i].key, key))
            return &f[i];
    return NULL;
}

void json_free(jfield *f, int n)
{
    for (int i = 0; i < n; i++)
        free(f[i].str);
}

char *jsonl_blocks(const char *out, size_t len)
{
    char *joined = NULL;
    size_t n = 0, cap = 0;
    const char *p = out, *end = out + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        char *line;
        jfield f[40];
        int k;
        const jfield *t;
        ck_assert_msg(nl != NULL, "jsonl line not ended");
        line = strndup(p, (size_t)(nl - p));
        k = json_object(line, f, 40);
        ck_assert_msg(k > 0, "not a JSON object: %s", line);
        t = json_get(f, k, "text");
        ck_assert_msg(t && t->type == 's', "no text in: %s", line);
        if (n)
            grow(&joined, &n, &cap, "\n", 1);
        grow(&joined, &n, &cap, t->str, strlen(t->str));
        grow(&joined, &n, &cap, "\n", 1);
        json_free(f, k);
        free(line);
        p = nl + 1;
    }
    if (joined == NULL)
        grow(&joined, &n, &cap, "", 0);
    return joined;
}

result run_blocks(const pith_options *opt, const void *bytes, size_t len, size_t chunk)
{
    pith_options o = *opt;
    result r;
    char *blocks;
    o.format = PITH_FORMAT_JSONL;
    r = run_page(&o, bytes, len, chunk);
    blocks = jsonl_blocks(r.out, r.len);
    free(r.out);
    r.out = blocks;
    r.len = strlen(blocks);
    return r;
}

/* --- counting allocator ---------------------------------------------------- */

/* Every block carries its size in a header aligned for any type. */
typedef union header {
    size_t size;
    max_align_t align;
} header;

static int refuse(counting_alloc *ca)
{
    ca->nallocs++;
    if (ca->fail_at && (ca->nallocs == ca->fail_at || (ca->fail_all && ca->nallocs > ca->fail_at))) {
        ca->failed++;
        return 1;
    }
    return 0;
}

static void *ca_alloc(void *ud, size_t n)
{
    counting_alloc *ca = ud;
    header *h;
    ck_assert_uint_gt(n, 0);
    if (refuse(ca) || n > SIZE_MAX - sizeof *h)
        return NULL;
    if ((h = malloc(sizeof *h + n)) == NULL)
        return NULL;
    h->size = n;
    ca->live += n;
    ca->blocks++;
    if (ca->live > ca->high)
        ca->high = ca->live;
    return h + 1;
}

static void *ca_realloc(void *ud, void *p, size_t n)
{
    counting_alloc *ca = ud;
    header *h, *nh;
    size_t old;
    if (p == NULL)
        return ca_alloc(ud, n);
    ck_assert_uint_gt(n, 0);
    if (refuse(ca) || n > SIZE_MAX - sizeof *h)
        return NULL;
    h = (header *)p - 1;
    old = h->size;
    if ((nh = realloc(h, sizeof *nh + n)) == NULL)
        return NULL;
    nh->size = n;
    ca->live = ca->live - old + n;
    if (ca->live > ca->high)
        ca->high = ca->live;
    return nh + 1;
}

static void ca_release(void *ud, void *p)
{
    counting_alloc *ca = ud;
    header *h;
    ck_assert_ptr_nonnull(p);       /* pith_mfree is NULL-safe before the hook */
    h = (header *)p - 1;
    ck_assert_uint_ge(ca->live, h->size);
    ca->live -= h->size;
    ca->blocks--;
    free(h);
}

void counting_alloc_use(counting_alloc *ca, pith_options *opt)
{
    memset(ca, 0, sizeof *ca);
    opt->alloc = ca_alloc;
    opt->realloc = ca_realloc;
    opt->release = ca_release;
    opt->alloc_ud = ca;
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

long max_rss_kib(void)
{
    struct rusage ru;
    const char *preload = getenv("LD_PRELOAD");
    /* under valgrind the RSS is valgrind's (shadow memory), under
       AddressSanitizer it holds every freed block in its quarantine (up to
       256 MiB; libxml2 reallocates an attribute's value as it grows): not
       measured, the plain build measures it */
#ifdef UNDER_ASAN
    return 0;
#endif
    if (preload && strstr(preload, "vgpreload"))
        return 0;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return ru.ru_maxrss;
}
