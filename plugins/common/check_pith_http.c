/* check_pith_http.c -- the table of cases of the plugins' HTTP policy
 * (pith_http.h): each case names the rule (and RFC section) it holds.
 *
 *   plugins/common/check_pith_http        all cases (CK_RUN_CASE: one)
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "pith.h"
#include "pith_http.h"

static pith_http_policy pol;

static void setup(void)
{
    pith_http_policy_init(&pol);
}

/* ---- rules 1-8: is a response filtered? ---------------------------------- */

typedef struct decide_case {
    const char *what;            /* rule and RFC section */
    const char *method, *query, *bypass, *req_cc;
    int status;
    const char *type, *enc, *cc, *crange;
    int verdict, encoding, head;
    const char *charset;
} decide_case;

static const decide_case decide_cases[] = {
    {"plain 200 html", "GET", NULL, NULL, NULL, 200, "text/html", NULL, NULL, NULL,
     PITH_HTTP_FILTER, PITH_ENC_IDENTITY, 0, ""},
    {"method NULL reads as GET", NULL, NULL, NULL, NULL, 200, "text/html", NULL, NULL, NULL,
     PITH_HTTP_FILTER, PITH_ENC_IDENTITY, 0, ""},
    {"rule 10, 9110 9.3.2: HEAD decided as GET", "HEAD", NULL, NULL, NULL, 200, "text/html",
     "gzip", NULL, NULL, PITH_HTTP_FILTER, PITH_ENC_GZIP, 1, ""},
    {"rule 1, 9110 9.3: POST passes", "POST", NULL, NULL, NULL, 200, "text/html", NULL, NULL,
     NULL, PITH_HTTP_PASS_METHOD, PITH_ENC_IDENTITY, 0, ""},
    {"rule 1: OPTIONS passes", "OPTIONS", NULL, NULL, NULL, 200, "text/html", NULL, NULL, NULL,
     PITH_HTTP_PASS_METHOD, PITH_ENC_IDENTITY, 0, ""},
    {"rule 6, 9110 8.3.1: charset parameter read", "GET", NULL, NULL, NULL, 200,
     "text/html; charset=\"windows-1251\"", NULL, NULL, NULL, PITH_HTTP_FILTER,
     PITH_ENC_IDENTITY, 0, "windows-1251"},
    {"rule 6: type case-insensitive", "GET", NULL, NULL, NULL, 200, "Text/HTML;Charset=UTF-8",
     NULL, NULL, NULL, PITH_HTTP_FILTER, PITH_ENC_IDENTITY, 0, "UTF-8"},
    {"rule 6: XHTML filtered", "GET", NULL, NULL, NULL, 200, "application/xhtml+xml", NULL,
     NULL, NULL, PITH_HTTP_FILTER, PITH_ENC_IDENTITY, 0, ""},
    {"rule 6: text/htmlx is not HTML", "GET", NULL, NULL, NULL, 200, "text/htmlx", NULL, NULL,
     NULL, PITH_HTTP_PASS_TYPE, PITH_ENC_IDENTITY, 0, ""},
    {"rule 6: JSON passes", "GET", NULL, NULL, NULL, 200, "application/json", NULL, NULL, NULL,
     PITH_HTTP_PASS_TYPE, PITH_ENC_IDENTITY, 0, ""},
    {"rule 6: no Content-Type passes", "GET", NULL, NULL, NULL, 200, NULL, NULL, NULL, NULL,
     PITH_HTTP_PASS_TYPE, PITH_ENC_IDENTITY, 0, ""},
    {"rule 4, 9110 15: 404 passes", "GET", NULL, NULL, NULL, 404, "text/html", NULL, NULL, NULL,
     PITH_HTTP_PASS_STATUS, PITH_ENC_IDENTITY, 0, ""},
    {"rule 4: 304 passes (rule 15 marks it)", "GET", NULL, NULL, NULL, 304, "text/html", NULL,
     NULL, NULL, PITH_HTTP_PASS_STATUS, PITH_ENC_IDENTITY, 0, ""},
    {"rule 4: 206 passes", "GET", NULL, NULL, NULL, 206, "text/html", NULL, NULL,
     "bytes 0-9/100", PITH_HTTP_PASS_STATUS, PITH_ENC_IDENTITY, 0, ""},
    {"rule 5, 9110 14.4: 200 with Content-Range passes", "GET", NULL, NULL, NULL, 200,
     "text/html", NULL, NULL, "bytes 0-9/100", PITH_HTTP_PASS_RANGE, PITH_ENC_IDENTITY, 0, ""},
    {"rule 7, 9110 8.4: gzip decoded", "GET", NULL, NULL, NULL, 200, "text/html", "gzip", NULL,
     NULL, PITH_HTTP_FILTER, PITH_ENC_GZIP, 0, ""},
    {"rule 7: x-gzip decoded", "GET", NULL, NULL, NULL, 200, "text/html", "X-GZIP", NULL, NULL,
     PITH_HTTP_FILTER, PITH_ENC_GZIP, 0, ""},
    {"rule 7: deflate decoded", "GET", NULL, NULL, NULL, 200, "text/html", "deflate", NULL, NULL,
     PITH_HTTP_FILTER, PITH_ENC_DEFLATE, 0, ""},
    {"rule 7: identity", "GET", NULL, NULL, NULL, 200, "text/html", "identity", NULL, NULL,
     PITH_HTTP_FILTER, PITH_ENC_IDENTITY, 0, ""},
    {"rule 7: br passes", "GET", NULL, NULL, NULL, 200, "text/html", "br", NULL, NULL,
     PITH_HTTP_PASS_ENCODING, PITH_ENC_IDENTITY, 0, ""},
    {"rule 7: zstd passes", "GET", NULL, NULL, NULL, 200, "text/html", "zstd", NULL, NULL,
     PITH_HTTP_PASS_ENCODING, PITH_ENC_IDENTITY, 0, ""},
    {"rule 7: compress passes", "GET", NULL, NULL, NULL, 200, "text/html", "compress", NULL,
     NULL, PITH_HTTP_PASS_ENCODING, PITH_ENC_IDENTITY, 0, ""},
    {"rule 7: unknown coding passes", "GET", NULL, NULL, NULL, 200, "text/html", "pith-x",
     NULL, NULL, PITH_HTTP_PASS_ENCODING, PITH_ENC_IDENTITY, 0, ""},
    {"rule 7: gzip, gzip passes", "GET", NULL, NULL, NULL, 200, "text/html", "gzip, gzip", NULL,
     NULL, PITH_HTTP_PASS_ENCODING, PITH_ENC_IDENTITY, 0, ""},
    {"rule 8, 9110 7.7 / 9111 5.2.2.6: no-transform passes", "GET", NULL, NULL, NULL, 200,
     "text/html", NULL, "public, No-Transform, max-age=60", NULL, PITH_HTTP_PASS_NO_TRANSFORM,
     PITH_ENC_IDENTITY, 0, ""},
    {"rule 8: no-transformer is another directive", "GET", NULL, NULL, NULL, 200, "text/html",
     NULL, "no-transformer", NULL, PITH_HTTP_FILTER, PITH_ENC_IDENTITY, 0, ""},
    {"rule 3, 9111 5.2.1.6: request no-transform passes", "GET", NULL, NULL, "no-transform",
     200, "text/html", NULL, NULL, NULL, PITH_HTTP_PASS_NO_TRANSFORM, PITH_ENC_IDENTITY, 0, ""},
    {"rule 2: bypass header", "GET", NULL, "1", NULL, 200, "text/html", NULL, NULL, NULL,
     PITH_HTTP_PASS_BYPASS, PITH_ENC_IDENTITY, 0, ""},
    {"rule 2: bypass header, empty value asks", "GET", NULL, "", NULL, 200, "text/html", NULL,
     NULL, NULL, PITH_HTTP_PASS_BYPASS, PITH_ENC_IDENTITY, 0, ""},
    {"rule 2: bypass header Off keeps filtering", "GET", NULL, " Off ", NULL, 200, "text/html",
     NULL, NULL, NULL, PITH_HTTP_FILTER, PITH_ENC_IDENTITY, 0, ""},
    {"rule 2: bypass query alone", "GET", "a=1&pith-bypass", NULL, NULL, 200, "text/html", NULL,
     NULL, NULL, PITH_HTTP_PASS_BYPASS, PITH_ENC_IDENTITY, 0, ""},
    {"rule 2: bypass query =yes", "GET", "pith-bypass=yes;b", NULL, NULL, 200, "text/html",
     NULL, NULL, NULL, PITH_HTTP_PASS_BYPASS, PITH_ENC_IDENTITY, 0, ""},
    {"rule 2: bypass query =0", "GET", "pith-bypass=0", NULL, NULL, 200, "text/html", NULL,
     NULL, NULL, PITH_HTTP_FILTER, PITH_ENC_IDENTITY, 0, ""},
    {"rule 2: a longer parameter name is not the bypass", "GET", "pith-bypassed=1", NULL, NULL,
     200, "text/html", NULL, NULL, NULL, PITH_HTTP_FILTER, PITH_ENC_IDENTITY, 0, ""},
    {"rule 2: bypass of a 404 is just a 404", "GET", NULL, "1", NULL, 404, "text/html", NULL,
     NULL, NULL, PITH_HTTP_PASS_STATUS, PITH_ENC_IDENTITY, 0, ""},
};

START_TEST(test_decide)
{
    const decide_case *c = &decide_cases[_i];
    pith_http_request rq = {0};
    pith_http_response rs = {0};
    pith_http_decision d;

    rq.method = c->method;
    rq.query = c->query;
    rq.bypass_value = c->bypass;
    rq.cache_control = c->req_cc;
    rs.status = c->status;
    rs.content_type = c->type;
    rs.content_encoding = c->enc;
    rs.cache_control = c->cc;
    rs.content_range = c->crange;
    ck_assert_msg(pith_http_decide(&pol, &rq, &rs, &d) == c->verdict, "%s: verdict %s",
                  c->what, pith_http_verdict_name(d.verdict));
    ck_assert_msg(d.encoding == c->encoding, "%s: encoding %d", c->what, d.encoding);
    ck_assert_msg(d.head == c->head || c->verdict != PITH_HTTP_FILTER, "%s: head", c->what);
    if (c->verdict == PITH_HTTP_FILTER) {
        ck_assert_msg(!strcmp(d.charset, c->charset), "%s: charset '%s'", c->what, d.charset);
        ck_assert_int_eq(d.decoded, c->encoding != PITH_ENC_IDENTITY);
    }
}
END_TEST

START_TEST(test_range_request)
{
    /* rule 5, 9110 14.2: a request that still has Range is not filtered */
    pith_http_request rq = {0};
    pith_http_response rs = {200, "text/html", NULL, NULL, NULL};
    pith_http_decision d;

    rq.range = "bytes=0-99";
    ck_assert_int_eq(pith_http_decide(&pol, &rq, &rs, &d), PITH_HTTP_PASS_RANGE);
    rq.range = NULL;
    ck_assert_int_eq(pith_http_decide(&pol, &rq, &rs, &d), PITH_HTTP_FILTER);
}
END_TEST

START_TEST(test_bypass_off)
{
    pith_http_request rq = {0};
    pith_http_response rs = {200, "text/html", NULL, NULL, NULL};
    pith_http_decision d;

    /* rule 2: "none" configured (NULL or "") turns each way off */
    pol.bypass_header = "";
    pol.bypass_query = NULL;
    rq.bypass_value = "1";
    rq.query = "pith-bypass=1";
    ck_assert_int_eq(pith_http_decide(&pol, &rq, &rs, &d), PITH_HTTP_FILTER);
    ck_assert_int_eq(pith_http_bypassed(&pol, &rq), 0);
}
END_TEST

/* ---- rules 9, 10: header edits ------------------------------------------- */

static const pith_http_edit *find(const pith_http_edits *e, const char *name)
{
    for (unsigned i = 0; i < e->n; i++)
        if (!strcmp(e->e[i].name, name))
            return &e->e[i];
    return NULL;
}

START_TEST(test_edits_filtered)
{
    pith_http_decision d = {0};
    pith_http_edits e;
    const pith_http_edit *x;

    d.verdict = PITH_HTTP_FILTER;
    d.decoded = 1;
    pith_http_response_edits(&pol, &d, "\"abc\"", &e);
    /* 9110 8.6 */
    ck_assert_ptr_nonnull(x = find(&e, "Content-Length"));
    ck_assert_int_eq(x->op, PITH_HTTP_UNSET);
    /* 9110 8.8, RFC 9530: hashes of the original */
    ck_assert_int_eq(find(&e, "Content-MD5")->op, PITH_HTTP_UNSET);
    ck_assert_int_eq(find(&e, "Digest")->op, PITH_HTTP_UNSET);
    ck_assert_int_eq(find(&e, "Content-Digest")->op, PITH_HTTP_UNSET);
    ck_assert_int_eq(find(&e, "Repr-Digest")->op, PITH_HTTP_UNSET);
    /* 9110 8.4: pith inflated it */
    ck_assert_int_eq(find(&e, "Content-Encoding")->op, PITH_HTTP_UNSET);
    /* 9110 8.8.3 */
    ck_assert_int_eq((x = find(&e, "ETag"))->op, PITH_HTTP_SET);
    ck_assert_str_eq(x->value, "W/\"abc-pith\"");
    /* 9110 14.3 */
    ck_assert_str_eq(find(&e, "Accept-Ranges")->value, "none");
    /* 9110 8.3 */
    ck_assert_str_eq(find(&e, "Content-Type")->value, "text/html; charset=utf-8");
    /* 9110 12.5.5 */
    ck_assert_int_eq((x = find(&e, "Vary"))->op, PITH_HTTP_VARY);
    ck_assert_str_eq(x->value, "X-Pith-Bypass");
    /* 9110 8.8.2: Last-Modified kept */
    ck_assert_ptr_null(find(&e, "Last-Modified"));
}
END_TEST

START_TEST(test_edits_variants)
{
    pith_http_decision d = {0};
    pith_http_edits e;

    d.verdict = PITH_HTTP_FILTER;
    pol.format = PITH_FORMAT_TEXT;
    pol.bypass_header = NULL;
    pith_http_response_edits(&pol, &d, NULL, &e);
    ck_assert_ptr_null(find(&e, "Content-Encoding"));   /* identity: nothing to drop */
    ck_assert_ptr_null(find(&e, "ETag"));
    ck_assert_ptr_null(find(&e, "Vary"));
    ck_assert_str_eq(find(&e, "Content-Type")->value, "text/plain; charset=utf-8");
    /* an ETag that is not a quoted string is dropped (9110 8.8.3) */
    pith_http_response_edits(&pol, &d, "abc", &e);
    ck_assert_int_eq(find(&e, "ETag")->op, PITH_HTTP_UNSET);
    /* bypassed: only Vary; passed for another reason: nothing */
    pith_http_policy_init(&pol);
    d.verdict = PITH_HTTP_PASS_BYPASS;
    ck_assert_uint_eq(pith_http_response_edits(&pol, &d, "\"a\"", &e), 1);
    ck_assert_str_eq(e.e[0].name, "Vary");
    d.verdict = PITH_HTTP_PASS_TYPE;
    ck_assert_uint_eq(pith_http_response_edits(&pol, &d, "\"a\"", &e), 0);
    d.verdict = PITH_HTTP_PASS_NO_TRANSFORM;
    ck_assert_uint_eq(pith_http_response_edits(&pol, &d, "\"a\"", &e), 0);
}
END_TEST

typedef struct str_case {
    const char *in, *out;   /* out NULL: unchanged (0) */
    int rc;
} str_case;

static const str_case etag_cases[] = {
    {"\"abc\"", "W/\"abc-pith\"", 1},
    {"W/\"abc\"", "W/\"abc-pith\"", 1},
    {" \"abc\" ", "W/\"abc-pith\"", 1},
    {"\"\"", "W/\"-pith\"", 1},
    {"W/\"abc-pith\"", "W/\"abc-pith\"", 1},    /* two filters: marked once */
    {"abc", NULL, 0},
    {"\"a\"b\"", NULL, 0},
    {"W/", NULL, 0},
};

START_TEST(test_mark_etag)
{
    const str_case *c = &etag_cases[_i];
    char out[64];
    ck_assert_int_eq(pith_http_mark_etag(c->in, out, sizeof out), c->rc);
    if (c->out)
        ck_assert_str_eq(out, c->out);
}
END_TEST

START_TEST(test_mark_etag_small)
{
    char out[8];
    ck_assert_int_eq(pith_http_mark_etag("\"abcdef\"", out, sizeof out), -1);
}
END_TEST

/* ---- rules 11-13: upstream ----------------------------------------------- */

static const str_case ae_cases[] = {
    /* rule 11, 9110 12.5.3 */
    {"gzip, deflate", NULL, 0},
    {"br, gzip;q=0.9, zstd, deflate", "gzip;q=0.9, deflate", 1},
    {"br", "identity", 1},                          /* never absent */
    {"*", "identity", 1},
    {"br;q=1, *;q=0.1", "identity", 1},
    {"gzip;q=0, br", "identity", 1},                /* q=0 means "not acceptable" */
    {"gzip;q=0.0, deflate", "deflate", 1},
    {"gzip;q=0.01", NULL, 0},
    {"identity", NULL, 0},
    {"X-GZip , Identity;q=0.5", NULL, 0},
    {"", "identity", 1},
    {"gzip,, br", "gzip", 1},
};

START_TEST(test_narrow_ae)
{
    const str_case *c = &ae_cases[_i];
    char out[64];
    int rc = pith_http_narrow_ae(c->in, out, sizeof out);
    ck_assert_msg(rc == c->rc, "'%s': rc %d", c->in, rc);
    if (c->out)
        ck_assert_str_eq(out, c->out);
}
END_TEST

START_TEST(test_narrow_ae_edges)
{
    char out[64];
    ck_assert_int_eq(pith_http_narrow_ae(NULL, out, sizeof out), 0);   /* absent stays absent */
    ck_assert_int_eq(pith_http_narrow_ae("br", out, 4), -1);
    /* PITH_HTTP_LIST_OUT(strlen) always suffices */
    ck_assert_int_eq(pith_http_narrow_ae("*", out, PITH_HTTP_LIST_OUT(1)), 1);
}
END_TEST

/* Lists written without spaces grow: "a,b" is rewritten "a, b".  The
   documented buffer size holds the longest such list (one-byte elements),
   in both rewriters.  rewritten() makes the list (times elem, then last),
   rewrites it into a buffer of that size and returns the new length. */
static size_t rewritten(int (*fn)(const char *, char *, size_t), const char *elem, int times,
                        const char *last)
{
    char in[400], *out;
    size_t n = 0, len;
    for (int i = 0; i < times; i++)
        n += (size_t)snprintf(in + n, sizeof in - n, "%s,", elem);
    snprintf(in + n, sizeof in - n, "%s", last);
    out = malloc(PITH_HTTP_LIST_OUT(strlen(in)));
    ck_assert_ptr_nonnull(out);
    ck_assert_int_eq(fn(in, out, PITH_HTTP_LIST_OUT(strlen(in))), 1);
    len = strlen(out);
    free(out);
    return len;
}

START_TEST(test_list_out_bound)
{
    /* Accept-Encoding: 60 kept "gzip" and a dropped "br" */
    ck_assert_uint_eq(rewritten(pith_http_narrow_ae, "gzip", 60, "br"), 60 * 4 + 59 * 2);
    /* If-None-Match: 100 empty tags "" and one marked */
    ck_assert_uint_eq(rewritten(pith_http_unmark_inm, "\"\"", 100, "W/\"a-pith\""),
                      100 * 2 + 100 * 2 + 3);
    /* ICAP's form: 40 shortest marked tags, each kept after its own */
    ck_assert_uint_eq(rewritten(pith_http_unmark_inm_keep, "\"-pith\"", 40, "W/\"a-pith\""),
                      40 * (2 + 2 + 7) + 40 * 2 + 3 + 2 + 10);
}
END_TEST

static const str_case inm_cases[] = {
    /* rule 12, 9110 13.1.2 */
    {"W/\"abc-pith\"", "\"abc\"", 1},
    {"\"abc-pith\"", "\"abc\"", 1},
    {"\"x\", W/\"abc-pith\" ,W/\"y\"", "\"x\", \"abc\", W/\"y\"", 1},
    {"\"abc\"", NULL, 0},
    {"*", NULL, 0},
    {"W/\"-pith\"", "\"\"", 1},
    /* an opaque tag may hold a comma (9110 8.8.3) */
    {"W/\"a,b-pith\",\"c,d\"", "\"a,b\", \"c,d\"", 1},
    {"\"x\"junk, W/\"q-pith\"", "\"x\"junk, \"q\"", 1},
};

START_TEST(test_unmark_inm)
{
    const str_case *c = &inm_cases[_i];
    char out[64];
    int rc = pith_http_unmark_inm(c->in, out, sizeof out);
    ck_assert_msg(rc == c->rc, "'%s': rc %d", c->in, rc);
    if (c->out)
        ck_assert_str_eq(out, c->out);
}
END_TEST

static const str_case inm_keep_cases[] = {
    /* rule 12, ICAP's form: each marked tag stays after the tag it marks */
    {"W/\"abc-pith\"", "\"abc\", W/\"abc-pith\"", 1},
    {"\"x\", W/\"abc-pith\" ,W/\"y\"", "\"x\", \"abc\", W/\"abc-pith\", W/\"y\"", 1},
    {"\"abc\"", NULL, 0},
    {"*", NULL, 0},
    {"W/\"a,b-pith\"", "\"a,b\", W/\"a,b-pith\"", 1},
};

START_TEST(test_unmark_inm_keep)
{
    const str_case *c = &inm_keep_cases[_i];
    char out[64];
    int rc = pith_http_unmark_inm_keep(c->in, out, sizeof out);
    ck_assert_msg(rc == c->rc, "'%s': rc %d", c->in, rc);
    if (c->out) {
        ck_assert_str_eq(out, c->out);
        /* what went upstream still says that the client holds a filtered copy */
        ck_assert_int_eq(pith_http_inm_marked(out), 1);
    }
    ck_assert_int_eq(pith_http_inm_marked(c->in), c->rc);
}
END_TEST

START_TEST(test_inm_marked)
{
    ck_assert_int_eq(pith_http_inm_marked(NULL), 0);
    ck_assert_int_eq(pith_http_inm_marked("\"abc\", W/\"def\""), 0);
    ck_assert_int_eq(pith_http_inm_marked("\"abc\", W/\"def-pith\""), 1);
    /* "-pith\"" inside another tag's quotes is not a tag of ours */
    ck_assert_int_eq(pith_http_inm_marked("\"a-pith\"\"b\""), 0);
    ck_assert_int_eq(pith_http_inm_marked("W/\"a, b-pith\""), 1);
}
END_TEST

typedef struct plan_case {
    const char *what, *method, *path, *query, *bypass, *cc, *accept, *range, *if_range;
    unsigned plan;
} plan_case;

#define MAY (PITH_HTTP_UP_MAY_FILTER | PITH_HTTP_UP_UNMARK_INM)
#define AE PITH_HTTP_UP_NARROW_AE

static const plan_case plan_cases[] = {
    {"a page", "GET", "/news/a.html", NULL, NULL, NULL,
     "text/html,application/xhtml+xml,*/*;q=0.8", NULL, NULL, MAY | AE},
    {"HEAD a page", "HEAD", "/", NULL, NULL, NULL, NULL, NULL, NULL, MAY | AE},
    {"curl: Accept */*", "GET", "/x", NULL, NULL, NULL, "*/*", NULL, NULL, MAY | AE},
    {"rule 1: POST untouched", "POST", "/", NULL, NULL, NULL, NULL, NULL, NULL, 0},
    {"rule 2: bypassed", "GET", "/", NULL, "yes", NULL, NULL, NULL, NULL,
     PITH_HTTP_UP_BYPASSED},
    {"rule 3: request no-transform", "GET", "/", NULL, NULL, "no-cache, no-transform", NULL,
     NULL, NULL, 0},
    {"rule 11: JSON fetch keeps br", "GET", "/api/list", NULL, NULL, NULL,
     "application/json", NULL, NULL, MAY},
    {"rule 11: image keeps br", "GET", "/i", NULL, NULL, NULL,
     "image/avif,image/webp,*/*;q=0.8", NULL, NULL, MAY},
    {"rule 11: stylesheet keeps br", "GET", "/s/site.CSS", NULL, NULL, NULL, "*/*", NULL, NULL,
     MAY},
    {"rule 11: script keeps br", "GET", "/app.js", NULL, NULL, NULL, NULL, NULL, NULL, MAY},
    {"rule 11: html refused by q=0", "GET", "/x", NULL, NULL, NULL, "text/html;q=0, text/css",
     NULL, NULL, MAY},
    {"rule 11: a dot in a folder name", "GET", "/v1.2/page", NULL, NULL, NULL, NULL, NULL, NULL,
     MAY | AE},
    {"rule 13, 9110 13.1.5: If-Range date drops Range", "GET", "/", NULL, NULL, NULL, NULL,
     "bytes=100-", "Sat, 01 Jan 2026 00:00:00 GMT", MAY | AE | PITH_HTTP_UP_DROP_RANGE},
    {"rule 13: If-Range with our weak tag drops Range", "GET", "/", NULL, NULL, NULL, NULL,
     "bytes=100-", "W/\"a-pith\"", MAY | AE | PITH_HTTP_UP_DROP_RANGE},
    {"rule 14: If-Range with the original's ETag keeps Range", "GET", "/", NULL, NULL, NULL,
     NULL, "bytes=100-", "\"a\"", MAY | AE},
    {"rule 14: Range alone sent on", "GET", "/", NULL, NULL, NULL, NULL, "bytes=0-9", NULL,
     MAY | AE},
    {"rule 13: If-Range without Range: nothing to drop", "GET", "/", NULL, NULL, NULL, NULL,
     NULL, "Sat, 01 Jan 2026 00:00:00 GMT", MAY | AE},
};

START_TEST(test_plan)
{
    const plan_case *c = &plan_cases[_i];
    pith_http_request rq = {c->method, c->path, c->query, c->bypass, c->cc, c->accept,
                            c->range, c->if_range};
    unsigned plan = pith_http_request_plan(&pol, &rq);
    ck_assert_msg(plan == c->plan, "%s: plan 0x%x, want 0x%x", c->what, plan, c->plan);
}
END_TEST

START_TEST(test_plan_ae_off)
{
    pith_http_request rq = {0};
    pol.narrow_accept_encoding = 0;
    ck_assert_uint_eq(pith_http_request_plan(&pol, &rq), MAY);
}
END_TEST

/* ---- rule 15: 304 -------------------------------------------------------- */

START_TEST(test_304)
{
    /* 9110 15.4.5: the 304 carries the ETag the 200 would have */
    ck_assert_int_eq(pith_http_304_etag(MAY, 1, NULL), PITH_HTTP_304_MARK);
    ck_assert_int_eq(pith_http_304_etag(MAY, 0, "text/html; charset=utf-8"), PITH_HTTP_304_MARK);
    ck_assert_int_eq(pith_http_304_etag(MAY, 0, "image/png"), PITH_HTTP_304_KEEP);
    /* If-Modified-Since only, no type: never hand out the original's tag */
    ck_assert_int_eq(pith_http_304_etag(MAY, 0, NULL), PITH_HTTP_304_DROP);
    ck_assert_int_eq(pith_http_304_etag(MAY, 0, ""), PITH_HTTP_304_DROP);
    ck_assert_int_eq(pith_http_304_etag(PITH_HTTP_UP_BYPASSED, 1, "text/html"), PITH_HTTP_304_KEEP);
    ck_assert_int_eq(pith_http_304_etag(0, 0, NULL), PITH_HTTP_304_KEEP);
}
END_TEST

/* ---- rules 16-18: the body ----------------------------------------------- */

START_TEST(test_fail_open)
{
    /* rule 16: before the first byte sent */
    ck_assert_int_eq(pith_http_on_error(&pol, 0, 1), PITH_HTTP_SEND_ORIGINAL);
    ck_assert_int_eq(pith_http_on_error(&pol, 0, 0), PITH_HTTP_SEND_STORY);
    pol.on_error = PITH_HTTP_ON_ERROR_STORY;
    ck_assert_int_eq(pith_http_on_error(&pol, 0, 1), PITH_HTTP_SEND_STORY);
    pol.on_error = PITH_HTTP_ON_ERROR_EMPTY;
    ck_assert_int_eq(pith_http_on_error(&pol, 0, 1), PITH_HTTP_SEND_EMPTY);
    /* rule 17: after it, whatever the setting */
    ck_assert_int_eq(pith_http_on_error(&pol, 1, 1), PITH_HTTP_SEND_STORY);
    pol.on_error = PITH_HTTP_ON_ERROR_ORIGINAL;
    ck_assert_int_eq(pith_http_on_error(&pol, 1, 1), PITH_HTTP_SEND_STORY);
}
END_TEST

START_TEST(test_empty_story)
{
    /* rule 18 */
    ck_assert_int_eq(pith_http_at_end(&pol, 0, 0, 1), PITH_HTTP_SEND_ORIGINAL);
    ck_assert_int_eq(pith_http_at_end(&pol, 0, 0, 0), PITH_HTTP_SEND_STORY);
    ck_assert_int_eq(pith_http_at_end(&pol, 1, 0, 1), PITH_HTTP_SEND_STORY);
    pol.empty_story = PITH_HTTP_EMPTY_EMPTY;
    ck_assert_int_eq(pith_http_at_end(&pol, 0, 0, 1), PITH_HTTP_SEND_STORY);
    ck_assert_int_eq(pith_http_may_send(0), 0);
    ck_assert_int_eq(pith_http_may_send(1), 1);
}
END_TEST

START_TEST(test_parse_settings)
{
    ck_assert_int_eq(pith_http_on_error_parse("Original"), PITH_HTTP_ON_ERROR_ORIGINAL);
    ck_assert_int_eq(pith_http_on_error_parse("STORY"), PITH_HTTP_ON_ERROR_STORY);
    ck_assert_int_eq(pith_http_on_error_parse("empty"), PITH_HTTP_ON_ERROR_EMPTY);
    ck_assert_int_eq(pith_http_on_error_parse("both"), -1);
    ck_assert_int_eq(pith_http_empty_story_parse("EMPTY"), PITH_HTTP_EMPTY_EMPTY);
    ck_assert_int_eq(pith_http_empty_story_parse("story"), -1);
    ck_assert_str_eq(pith_http_outcome_name(PITH_HTTP_OUT_ORIGINAL), "original");
    ck_assert_str_eq(pith_http_outcome_name(PITH_HTTP_OUT_BYPASSED), "bypassed");
}
END_TEST

START_TEST(test_helpers)
{
    char cs[8];
    ck_assert_int_eq(pith_http_if_range_is_date("\"a\""), 0);
    ck_assert_int_eq(pith_http_if_range_is_date("W/\"a\""), 0);
    ck_assert_int_eq(pith_http_if_range_is_date("Sat, 01 Jan 2026 00:00:00 GMT"), 1);
    ck_assert_int_eq(pith_http_if_range_is_date(NULL), 0);
    ck_assert_int_eq(pith_http_charset("text/html; charset=averyverylongname", cs, sizeof cs), 0);
    ck_assert_str_eq(cs, "");
    ck_assert_int_eq(pith_http_charset("text/html;charset=", cs, sizeof cs), 0);
    ck_assert_int_eq(pith_http_charset("text/html; foo=1; charset=koi8-r", cs, sizeof cs), 1);
    ck_assert_str_eq(cs, "koi8-r");
    ck_assert_int_eq(pith_http_charset("text/html; charset='utf-8'", cs, sizeof cs), 1);
    ck_assert_str_eq(cs, "utf-8");
    ck_assert_int_eq(pith_http_encoding(NULL), PITH_ENC_IDENTITY);
    ck_assert_int_eq(pith_http_encoding("identity, gzip"), PITH_ENC_GZIP);
    ck_assert_str_eq(pith_http_error_word(PITH_EDATA), "corrupt-input");
    ck_assert_str_eq(pith_http_error_word(PITH_ELIMIT), "limit");
    ck_assert_str_eq(pith_http_error_word(PITH_ENOMEM), "out-of-memory");
    ck_assert_str_eq(pith_http_error_word(PITH_ESINK), "output");
    ck_assert_str_eq(pith_http_error_word(PITH_EINVAL), "internal");
}
END_TEST

/* issue 15: the reader header's link to the original carries the bypass,
   and is always a URL pith's "url" option takes */
START_TEST(test_original_url)
{
    pith_http_policy p;
    pith_options opt;
    char out[128], small[24];

    pith_http_policy_init(&p);
    ck_assert_int_eq(pith_http_original_url(&p, "https", "news.example:8443", "/a/b", out,
                                            sizeof out), 43);
    ck_assert_str_eq(out, "https://news.example:8443/a/b?pith-bypass=1");
    pith_http_original_url(&p, "http", "h", "/a?x=1&y=2", out, sizeof out);
    ck_assert_str_eq(out, "http://h/a?x=1&y=2&pith-bypass=1");
    pith_http_original_url(&p, "http", "h", NULL, out, sizeof out);
    ck_assert_str_eq(out, "http://h/?pith-bypass=1");
    pith_http_original_url(&p, "http", "h", "/a#part", out, sizeof out);
    ck_assert_str_eq(out, "http://h/a?pith-bypass=1#part");
    /* a forward proxy's absolute-form target */
    pith_http_original_url(&p, NULL, NULL, "http://o.example/p?q", out, sizeof out);
    ck_assert_str_eq(out, "http://o.example/p?q&pith-bypass=1");
    /* what an href must not hold is percent-encoded */
    pith_http_original_url(&p, "http", "h", "/a b/\"<x>\xc3\xa9", out, sizeof out);
    ck_assert_str_eq(out, "http://h/a%20b/%22%3Cx%3E%C3%A9?pith-bypass=1");
    pith_options_init(&opt);
    ck_assert_int_eq(pith_option_set(&opt, "url", out, NULL, 0), PITH_OK);
    /* another parameter name; none at all */
    p.bypass_query = "raw";
    pith_http_original_url(&p, "http", "h", "/", out, sizeof out);
    ck_assert_str_eq(out, "http://h/?raw=1");
    p.bypass_query = "";
    pith_http_original_url(&p, "http", "h", "/x", out, sizeof out);
    ck_assert_str_eq(out, "http://h/x");
    /* no URL to make, or no room */
    ck_assert_int_eq(pith_http_original_url(&p, "ftp", "h", "/", out, sizeof out), -1);
    ck_assert_int_eq(pith_http_original_url(&p, "http", NULL, "/", out, sizeof out), -1);
    ck_assert_int_eq(pith_http_original_url(&p, "http", "h/x", "/", out, sizeof out), -1);
    ck_assert_int_eq(pith_http_original_url(&p, "http", "h", "*", out, sizeof out), -1);
    p.bypass_query = PITH_HTTP_BYPASS_QUERY;
    ck_assert_int_eq(pith_http_original_url(&p, "http", "example.com", "/path", small,
                                            sizeof small), -1);
    ck_assert_int_eq(pith_http_original_url(&p, "http", "e", "/", small, sizeof small), 23);
}
END_TEST

/* rule 6 with the policy's own list of types (nginx's pith_types) */
START_TEST(test_types)
{
    pith_http_request rq = {0};
    pith_http_response rs = {0};
    pith_http_decision d;

    rs.status = 200;
    rs.content_type = "text/plain; charset=utf-8";

    ck_assert_int_eq(pith_http_decide(&pol, &rq, &rs, &d), PITH_HTTP_PASS_TYPE);
    pol.types = "text/html, Text/Plain";
    ck_assert_int_eq(pith_http_decide(&pol, &rq, &rs, &d), PITH_HTTP_FILTER);
    ck_assert_str_eq(d.charset, "utf-8");
    pol.types = "text/html";
    ck_assert_int_eq(pith_http_decide(&pol, &rq, &rs, &d), PITH_HTTP_PASS_TYPE);
    ck_assert_int_eq(pith_http_type_listed("text/html", "application/xhtml+xml"), 0);
    ck_assert_int_eq(pith_http_type_listed("", "application/xhtml+xml"), 1);
    ck_assert_int_eq(pith_http_type_listed(NULL, "text/plain"), 0);
    ck_assert_int_eq(pith_http_type_listed("*", "image/png"), 1);
    ck_assert_int_eq(pith_http_type_listed("*", NULL), 0);
    ck_assert_int_eq(pith_http_type_listed("*", ""), 0);
    ck_assert_int_eq(pith_http_type_listed("text/htm", "text/html"), 0);
    ck_assert_int_eq(pith_http_type_listed("text/html text/plain", " text/plain;x=1"), 1);
}
END_TEST

#define N(a) ((int)(sizeof a / sizeof a[0]))

static Suite *http_suite(void)
{
    Suite *s = suite_create("http");
    TCase *tc = tcase_create("Decide");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_loop_test(tc, test_decide, 0, N(decide_cases));
    tcase_add_test(tc, test_bypass_off);
    tcase_add_test(tc, test_range_request);
    tcase_add_test(tc, test_types);
    suite_add_tcase(s, tc);
    tc = tcase_create("Headers");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_edits_filtered);
    tcase_add_test(tc, test_edits_variants);
    tcase_add_loop_test(tc, test_mark_etag, 0, N(etag_cases));
    tcase_add_test(tc, test_mark_etag_small);
    tcase_add_test(tc, test_304);
    suite_add_tcase(s, tc);
    tc = tcase_create("Upstream");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_loop_test(tc, test_narrow_ae, 0, N(ae_cases));
    tcase_add_test(tc, test_narrow_ae_edges);
    tcase_add_test(tc, test_list_out_bound);
    tcase_add_loop_test(tc, test_unmark_inm, 0, N(inm_cases));
    tcase_add_loop_test(tc, test_unmark_inm_keep, 0, N(inm_keep_cases));
    tcase_add_test(tc, test_inm_marked);
    tcase_add_loop_test(tc, test_plan, 0, N(plan_cases));
    tcase_add_test(tc, test_plan_ae_off);
    suite_add_tcase(s, tc);
    tc = tcase_create("Body");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_fail_open);
    tcase_add_test(tc, test_empty_story);
    tcase_add_test(tc, test_parse_settings);
    tcase_add_test(tc, test_helpers);
    tcase_add_test(tc, test_original_url);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(http_suite());
    int failed;
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
