/* pith_http.h -- the HTTP decisions every proxy plugin of pith makes, in one
 * place: plain C11, no server types.  Each plugin (mod_pith, the c-icap
 * service, the nginx module) is a thin adapter: it copies the facts of a
 * request and a response into the structs below, asks, and applies the
 * answer to its own header tables and body stream.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * Internal to the plugins (built as the noinst convenience library
 * plugins/common/libpith-http.la, linked into each plugin), never installed.
 * The tool links it too: its WARC mode reads each record's HTTP head (media
 * type, charset, Content-Encoding) with the same functions.
 * Nothing here allocates: functions that build a header value write into a
 * buffer the caller gives, and say when it is too small.  All header values
 * are NUL-terminated strings as they came, or NULL when the header is absent.
 * Header names are compared case-insensitively, tokens as RFC 9110 says.
 *
 * The rules, each with the section of RFC 9110 (HTTP semantics) or RFC 9111
 * (caching) it keeps.  "may filter" = method GET or HEAD, not bypassed, no
 * request no-transform.
 *
 *  | # | when                                   | decision                                    | RFC            |
 *  |---|----------------------------------------|---------------------------------------------|----------------|
 *  |  1| method other than GET / HEAD           | pass untouched (request and response)       | 9110 §9.3.1-2  |
 *  |  2| bypass header or query parameter given | pass untouched; Vary names the header when  | 9110 §12.5.5   |
 *  |   | (value not 0/off/no/false)             | the response would have been filtered       |                |
 *  |  3| request Cache-Control: no-transform    | pass untouched (client asks no transforms)  | 9111 §5.2.1.6  |
 *  |  4| response status other than 200         | pass untouched (304: see 15)                | 9110 §15       |
 *  |  5| response has Content-Range, or the      | pass untouched: a part cannot be filtered,  | 9110 §14.2,    |
 *  |   | request (after 13) still has Range     | and a host that ranges a 200 itself (httpd  | §14.4          |
 *  |   |                                        | byterange) must range the original's bytes  |                |
 *  |  6| Content-Type not text/html or          | pass untouched; parameters (charset) are    | 9110 §8.3.1    |
 *  |   | application/xhtml+xml (or not one of   | read, not compared                          |                |
 *  |   | the policy's types, when it has some)  |                                             |                |
 *  |  7| Content-Encoding other than identity,  | pass untouched (br, zstd, compress, lists   | 9110 §8.4      |
 *  |   | gzip, x-gzip, deflate                  | such as "gzip, gzip", unknown codings)      |                |
 *  |  8| response Cache-Control: no-transform   | pass untouched                              | 9110 §7.7,     |
 *  |   |                                        |                                             | 9111 §5.2.2.6  |
 *  |  9| filtered (or HEAD that would be)       | Content-Length dropped                      | 9110 §8.6      |
 *  |   |                                        | Content-MD5, Digest, Content-Digest,        | 9110 §8.8,     |
 *  |   |                                        | Repr-Digest dropped (they hash the original)| RFC 9530       |
 *  |   |                                        | Content-Encoding dropped when pith inflates | 9110 §8.4      |
 *  |   |                                        | ETag "x" or W/"x" -> W/"x-pith"; an ETag    | 9110 §8.8.3,   |
 *  |   |                                        | that is not a quoted string is dropped      | §8.8.1         |
 *  |   |                                        | Last-Modified kept: the filtered page       | 9110 §8.8.2    |
 *  |   |                                        | changes exactly when the original does      |                |
 *  |   |                                        | Accept-Ranges: none                         | 9110 §14.3     |
 *  |   |                                        | Content-Type: pith's output, charset=utf-8  | 9110 §8.3      |
 *  |   |                                        | Vary += the bypass header                   | 9110 §12.5.5   |
 *  | 10| HEAD                                   | the headers the GET would have (9), no body | 9110 §9.3.2    |
 *  | 11| request that may filter, upstream      | Accept-Encoding narrowed to gzip, x-gzip,   | 9110 §12.5.3   |
 *  |   | (only when it may be for HTML: Accept  | deflate, identity (q > 0 kept as given);    |                |
 *  |   | names text/html or xhtml, or only any,   | nothing left (br only, "*") -> "identity",  |                |
 *  |   | or absent; path not a known asset)     | never absent (absent means "anything")      |                |
 *  | 12| If-None-Match holds our W/"x-pith"     | upstream sees "x" (weak comparison matches  | 9110 §13.1.2   |
 *  |   |                                        | either form of the original's tag); ICAP:   |                |
 *  |   |                                        | "x", W/"x-pith", so that RESPMOD knows (15) |                |
 *  | 13| Range with If-Range that is a date or  | Range and If-Range dropped upstream: a date | 9110 §13.1.5,  |
 *  |   | our W/"x-pith", may filter             | could match and splice original bytes into  | §14.2          |
 *  |   |                                        | a filtered copy; our weak tag can never     |                |
 *  |   |                                        | match; the whole filtered page answers      |                |
 *  | 14| Range (If-Range absent or the          | sent on; the response passes untouched (5): |  9110 §14.2,   |
 *  |   | original's ETag)                       | a 206 of the original, with the original's  | §13.1.5        |
 *  |   |                                        | strong ETag, which no filtered copy has     |                |
 *  | 15| 304 to a request that may filter       | ETag marked as in 9 when If-None-Match was  | 9110 §15.4.5,  |
 *  |   |                                        | unmarked (12), or the 304's Content-Type is | 9111 §4.3.4    |
 *  |   |                                        | HTML; dropped when the 304 names no type    |                |
 *  |   |                                        | (the client may hold a filtered copy: never |                |
 *  |   |                                        | freshen it with the original's strong tag); |                |
 *  |   |                                        | kept for a 304 of another type              |                |
 *  | 16| pith fails before the first byte SENT  | on-error original: the original if held,    | (fail-open)    |
 *  |   | (output produced but held counts as    | else the story; story: the story decided so |                |
 *  |   | not sent)                              | far, document closed; empty: empty body     |                |
 *  | 17| pith fails after the first byte sent   | the story decided so far, document closed;  |                |
 *  |   |                                        | the plugin logs one line                    |                |
 *  | 18| page ends with no kept block           | empty-story original: the original if held; |                |
 *  |   |                                        | empty: pith's (empty) document              |                |
 *
 * Output starts (the point of no return for 16) only once pith has written
 * a kept block (pith writes nothing before its first kept block, so output
 * bytes mean a kept block); at the end pith_blocks_out() > 0 says whether
 * the page had a block to keep (rule 18).
 */
#ifndef PITH_HTTP_H
#define PITH_HTTP_H

#include <stddef.h>

/* ---- configuration ------------------------------------------------------ */

/** What to do when pith fails before the first byte was sent (rule 16).
 *  Same values as the library's enum pith_on_error. */
enum pith_http_on_error {
    PITH_HTTP_ON_ERROR_ORIGINAL = 0,  /**< the original page (fail-open) */
    PITH_HTTP_ON_ERROR_STORY = 1,     /**< what was decided, document closed */
    PITH_HTTP_ON_ERROR_EMPTY = 2      /**< an empty body */
};

/** What to send for a page with no kept block (rule 18). */
enum pith_http_empty_story {
    PITH_HTTP_EMPTY_ORIGINAL = 0,     /**< the original page, if still held */
    PITH_HTTP_EMPTY_EMPTY = 1         /**< pith's empty document */
};

/** A plugin's HTTP settings (its directives), filled by
 *  pith_http_policy_init() and then overridden. */
typedef struct pith_http_policy {
    const char *bypass_header;  /**< request header that asks for the original,
                                     or NULL/"" for none. Default "X-Pith-Bypass" */
    const char *bypass_query;   /**< query parameter that does, or NULL/"".
                                     Default "pith-bypass" */
    int narrow_accept_encoding; /**< rule 11 on (1) or off (0).   Default 1 */
    int format;                 /**< enum pith_format of the output. Default html */
    int on_error;               /**< enum pith_http_on_error.    Default original */
    int empty_story;            /**< enum pith_http_empty_story. Default original */
    const char *types;          /**< media types filtered (rule 6), separated by
                                     spaces or commas, "*" for any; NULL or ""
                                     for text/html and application/xhtml+xml.
                                     Default NULL */
} pith_http_policy;

#define PITH_HTTP_BYPASS_HEADER "X-Pith-Bypass"
#define PITH_HTTP_BYPASS_QUERY "pith-bypass"

/** Fills *p with the defaults above. */
void pith_http_policy_init(pith_http_policy *p);

/** Reads "original", "story" or "empty" (case-insensitive).
 *  @return the enum pith_http_on_error value, or -1. */
int pith_http_on_error_parse(const char *value);

/** Reads "original" or "empty" (case-insensitive).
 *  @return the enum pith_http_empty_story value, or -1. */
int pith_http_empty_story_parse(const char *value);

/* ---- the request, before it goes upstream -------------------------------- */

/** The facts of a request (NULL = header absent). */
typedef struct pith_http_request {
    const char *method;          /**< "GET", "HEAD", ...; NULL reads as GET */
    const char *path;            /**< URL path without the query, or NULL */
    const char *query;           /**< the query without '?', or NULL */
    const char *bypass_value;    /**< value of policy->bypass_header, or NULL */
    const char *cache_control;   /**< request Cache-Control */
    const char *accept;          /**< Accept */
    const char *range;           /**< Range */
    const char *if_range;        /**< If-Range */
} pith_http_request;

/** Bits of pith_http_request_plan(): what to change before sending upstream. */
enum pith_http_upstream {
    PITH_HTTP_UP_MAY_FILTER = 1 << 0,  /**< the response may be filtered (rules 1-3) */
    PITH_HTTP_UP_BYPASSED = 1 << 1,    /**< bypass asked (rule 2); nothing else set */
    PITH_HTTP_UP_NARROW_AE = 1 << 2,   /**< rewrite Accept-Encoding with
                                            pith_http_narrow_ae() (rule 11) */
    PITH_HTTP_UP_UNMARK_INM = 1 << 3,  /**< rewrite If-None-Match with
                                            pith_http_unmark_inm() (rule 12) */
    PITH_HTTP_UP_DROP_RANGE = 1 << 4   /**< remove Range and If-Range (rule 13) */
};

/** Whether the request asks for the original: the bypass header with any
 *  value but 0/off/no/false (an empty value counts as asking), or the bypass
 *  query parameter alone ("?pith-bypass") or with such a value.
 *  @return 1 or 0. */
int pith_http_bypassed(const pith_http_policy *p, const pith_http_request *rq);

/** Decides what the plugin changes in the request before it goes upstream
 *  (rules 1-3, 11-13).  Call once per request, before the handler/upstream.
 *  The plugin should remember PITH_HTTP_UP_BYPASSED and whether it unmarked
 *  If-None-Match (for pith_http_304_marks()).
 *  @return a set of enum pith_http_upstream bits. */
unsigned pith_http_request_plan(const pith_http_policy *p, const pith_http_request *rq);

/** The size of an output buffer that always suffices for a list value of
 *  len bytes rewritten by pith_http_narrow_ae() or pith_http_unmark_inm():
 *  elements are written ", "-separated, so "a,b,c" grows to "a, b, c", by
 *  at most half the input, and "identity" replaces an empty list. */
#define PITH_HTTP_LIST_OUT(len) (2 * (size_t)(len) + 10)

/** Narrows an Accept-Encoding value to the codings pith decodes (rule 11):
 *  gzip, x-gzip, deflate and identity entries with q > 0 are kept as they
 *  were written, all else is dropped; if nothing is left the value is
 *  "identity" (never absent: an absent header means any coding).
 *  @param ae   the request's value (NULL: nothing to do)
 *  @param out  receives the new value; outlen >= PITH_HTTP_LIST_OUT(strlen(ae))
 *              always suffices
 *  @return 1 when out holds a different value, 0 when ae is fine as it is
 *          (or NULL), -1 when out is too small. */
int pith_http_narrow_ae(const char *ae, char *out, size_t outlen);

/** Unmarks If-None-Match (rule 12): each entity-tag W/"x-pith" (or
 *  "x-pith") becomes "x"; other tags and "*" stay.
 *  @param out  outlen >= PITH_HTTP_LIST_OUT(strlen(inm)) always suffices
 *  @return 1 when out holds a changed value, 0 when nothing was marked,
 *          -1 when out is too small. */
int pith_http_unmark_inm(const char *inm, char *out, size_t outlen);

/** Rule 12 for a plugin whose response step sees only the request as it
 *  went upstream (the ICAP service: Squid hands RESPMOD the request that
 *  REQMOD returned): as pith_http_unmark_inm(), but each marked tag stays,
 *  after the tag it marks: W/"x-pith" becomes "x", W/"x-pith".  The origin
 *  matches "x" as before (a tag ending in -pith is ours, never the
 *  origin's), and pith_http_inm_marked() on the request sent upstream
 *  still says that the client holds a filtered copy (rule 15).
 *  @param out  outlen >= PITH_HTTP_LIST_OUT(strlen(inm)) always suffices
 *  @return as pith_http_unmark_inm(). */
int pith_http_unmark_inm_keep(const char *inm, char *out, size_t outlen);

/** Whether an If-None-Match value holds one of our marked tags (W/"x-pith"
 *  or "x-pith"): the client holds a filtered copy.  @return 1/0. */
int pith_http_inm_marked(const char *inm);

/** Whether an If-Range value is an HTTP-date rather than an entity-tag
 *  (RFC 9110 §13.1.5: an entity-tag starts with '"' or "W/").  @return 1/0. */
/* (rule 13 also drops Range for an If-Range that is one of our marked tags) */
int pith_http_if_range_is_date(const char *if_range);

/* ---- the response ------------------------------------------------------- */

/** The facts of a response (NULL = header absent). */
typedef struct pith_http_response {
    int status;                  /**< 200, 304, 404, ... */
    const char *content_type;
    const char *content_encoding;
    const char *cache_control;
    const char *content_range;
} pith_http_response;

/** Why a response is filtered or passed (pith_http_decide()). */
enum pith_http_verdict {
    PITH_HTTP_FILTER = 0,        /**< filter it (rules 9, 10) */
    PITH_HTTP_PASS_METHOD,       /**< rule 1 */
    PITH_HTTP_PASS_BYPASS,       /**< rule 2: add Vary (pith_http_response_edits) */
    PITH_HTTP_PASS_NO_TRANSFORM, /**< rules 3 and 8 */
    PITH_HTTP_PASS_STATUS,       /**< rule 4 */
    PITH_HTTP_PASS_RANGE,        /**< rule 5: Content-Range, or a Range request */
    PITH_HTTP_PASS_TYPE,         /**< rule 6 */
    PITH_HTTP_PASS_ENCODING      /**< rule 7 */
};

/** The answer of pith_http_decide(). */
typedef struct pith_http_decision {
    int verdict;        /**< enum pith_http_verdict */
    int head;           /**< HEAD: edit the headers, there is no body to filter */
    int encoding;       /**< enum pith_encoding for pith_options.encoding */
    int decoded;        /**< pith removes the Content-Encoding */
    char charset[65];   /**< Content-Type's charset parameter, or "" */
} pith_http_decision;

/** Decides whether a response is filtered (rules 1-8), in the order of the
 *  table; the first rule that passes the response gives the verdict.  Also
 *  reads the input encoding and the charset for pith_options.
 *  @return d->verdict. */
int pith_http_decide(const pith_http_policy *p, const pith_http_request *rq,
                     const pith_http_response *rs, pith_http_decision *d);

/** A short name for a verdict ("filter", "status", "type", ...). */
const char *pith_http_verdict_name(int verdict);

/** Whether a media type (parameters allowed) is HTML pith reads: text/html
 *  or application/xhtml+xml.  @return 1/0. */
int pith_http_is_html(const char *content_type);

/** Whether a media type (parameters allowed) is one of types, a list as in
 *  pith_http_policy.types (rule 6): names compared case-insensitively,
 *  "*" matches any type present; NULL or "" means pith_http_is_html().
 *  @return 1/0. */
int pith_http_type_listed(const char *types, const char *content_type);

/** Copies the charset parameter of a Content-Type into out, without its
 *  quotes (double, or single as browsers also read them).
 *  @return 1 when found and it fits, else 0 with out = "". */
int pith_http_charset(const char *content_type, char *out, size_t outlen);

/** The input encoding a Content-Encoding value means for pith
 *  (enum pith_encoding), or -1 for one pith cannot decode (rule 7). */
int pith_http_encoding(const char *content_encoding);

/** Whether a Cache-Control value has the no-transform directive. */
int pith_http_no_transform(const char *cache_control);

/** One header change: op on name with value. */
typedef struct pith_http_edit {
    int op;             /**< enum pith_http_op */
    const char *name;
    const char *value;  /**< for SET and VARY; points into the edits or static */
} pith_http_edit;

enum pith_http_op {
    PITH_HTTP_UNSET = 0,  /**< remove the header */
    PITH_HTTP_SET = 1,    /**< set (replace) the header */
    PITH_HTTP_VARY = 2    /**< add value to the Vary list (comma-merge, no duplicate) */
};

#define PITH_HTTP_MAX_EDITS 12
#define PITH_HTTP_ETAG_MAX 256

/** The header changes for one response, in the order to apply them. */
typedef struct pith_http_edits {
    unsigned n;
    pith_http_edit e[PITH_HTTP_MAX_EDITS];
    char etag[PITH_HTTP_ETAG_MAX];   /* storage for the marked ETag */
} pith_http_edits;

/** The header changes for a decided response (rule 9, also for HEAD, rule
 *  10): a filtered response gets the full list; a bypassed one (verdict
 *  PASS_BYPASS) only the Vary; any other verdict nothing.  Apply every
 *  edit, in order, when the first byte of the filtered body is about to be
 *  sent (or at once for HEAD); a response that then fails open keeps its
 *  original headers.
 *  @param etag  the response's ETag, or NULL
 *  @return the number of edits (out->n). */
unsigned pith_http_response_edits(const pith_http_policy *p, const pith_http_decision *d,
                                  const char *etag, pith_http_edits *out);

/** Marks an ETag (rule 9): "x" or W/"x" becomes W/"x-pith".
 *  @return 1 with out set; 0 when the value is not a quoted entity-tag (drop
 *          the header); -1 when out is too small (drop it too). */
int pith_http_mark_etag(const char *etag, char *out, size_t outlen);

/** What becomes of the ETag of a 304 (rule 15). */
enum pith_http_304 {
    PITH_HTTP_304_KEEP = 0,   /**< leave it */
    PITH_HTTP_304_MARK = 1,   /**< mark it (pith_http_mark_etag()) */
    PITH_HTTP_304_DROP = 2    /**< remove it */
};

/** The ETag of a 304 (rule 15), for a request whose plan was plan: when it
 *  may filter, MARK if its If-None-Match was unmarked or the 304's
 *  Content-Type is HTML, DROP if the 304 has no Content-Type, else KEEP.
 *  @return enum pith_http_304. */
int pith_http_304_etag(unsigned plan, int inm_unmarked, const char *content_type_304);

/** The Content-Type of pith's output for a format. */
const char *pith_http_output_type(int format);

/* ---- the reader view's link to the original ------------------------------ */

/** The URL to give pith as its "url" option (pith_option_set()), which the
 *  html format's reader header links to as the original page: the request's
 *  URL as the client sent it, with the bypass query parameter added
 *  ("?pith-bypass=1", or "&..." after a query), so that one click shows the
 *  page unfiltered.  Bytes that an href must not hold as they are (spaces,
 *  controls, '"', '<', '>', '\\', non-ASCII) are percent-encoded.  With no
 *  bypass query parameter (NULL or "") the link is the URL alone.
 *  @param scheme  "http" or "https", for an origin-form target
 *  @param host    the Host the client asked for (port included), for an
 *                 origin-form target
 *  @param target  the request target: origin-form ("/path?query", NULL or
 *                 "" for "/") or absolute-form ("http://host/path", as a
 *                 forward proxy receives it; scheme and host are then unused)
 *  @return the length written to out (NUL-terminated), or -1 when the
 *          parts make no absolute http(s) URL or out is too small. */
int pith_http_original_url(const pith_http_policy *p, const char *scheme, const char *host,
                           const char *target, char *out, size_t outlen);

/* ---- the body: when the original may still be sent ----------------------- */

/** What the plugin sends (rules 16-18). */
enum pith_http_action {
    PITH_HTTP_SEND_STORY = 0,     /**< pith's output: finish it and send it */
    PITH_HTTP_SEND_ORIGINAL = 1,  /**< the held original, headers untouched */
    PITH_HTTP_SEND_EMPTY = 2      /**< the filtered headers and an empty body */
};

/** pith failed (rules 16, 17).
 *  @param sent           a byte of the filtered body reached the host's
 *                        output (not merely produced by pith)
 *  @param original_held  the plugin still holds the whole original so far
 *  @return enum pith_http_action. */
int pith_http_on_error(const pith_http_policy *p, int sent, int original_held);

/** The page ended without error (rule 18).
 *  @param kept_block     pith wrote a kept block (pith_blocks_out() > 0
 *                        after pith_finish())
 *  @return enum pith_http_action. */
int pith_http_at_end(const pith_http_policy *p, int kept_block, int sent, int original_held);

/** Whether the plugin may send pith's output now: only once a kept block
 *  was written (so rules 16 and 18 can still choose the original). */
int pith_http_may_send(int kept_block);

/** The outcome names of a log note: "filtered", "bypassed", "original",
 *  "error"; for PithNote and the like. */
const char *pith_http_outcome_name(int outcome);
/** A one-word reason for a pith error code, for the plugins' log fields
 *  ("corrupt-input", "limit", "out-of-memory", "output", "internal"). */
const char *pith_http_error_word(int rc);
enum pith_http_outcome {
    PITH_HTTP_OUT_FILTERED = 0,  /**< pith's output was sent */
    PITH_HTTP_OUT_BYPASSED = 1,  /**< not filtered: a rule passed it */
    PITH_HTTP_OUT_ORIGINAL = 2,  /**< filtering started, the original was sent */
    PITH_HTTP_OUT_ERROR = 3      /**< pith failed after output began, or empty sent */
};

#endif
