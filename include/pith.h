/* pith.h -- streaming HTML boilerplate filter, the public interface.
 *
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
 *
 * pith reads a web page as it arrives, in chunks of any size, cuts it into
 * text blocks, labels every block story, navigation, advertising or
 * recommendation, and hands the blocks the caller keeps (by default the
 * story) to a sink callback as soon as they are decided.  Memory is bounded
 * by the options below, never by the size of the page.
 *
 *     pith_options opt;
 *     pith_filter *pf;
 *     pith_options_init(&opt);
 *     opt.format = PITH_FORMAT_TEXT;
 *     if (pith_new(&pf, &opt, my_sink, my_ctx) != PITH_OK) ...
 *     while ((n = read(fd, buf, sizeof buf)) > 0)
 *         if (pith_feed(pf, buf, n) < 0) break;
 *     rc = pith_finish(pf);       (also when a feed failed: it returns the error)
 *     pith_free(pf);
 *
 * Output never depends on how the input was split into chunks.
 *
 * Threads: a filter is used by one thread at a time; different filters may
 * run in different threads at once.  pith parses with libxml2, whose global
 * state must be set up once per process before threads use it: a threaded
 * host calls xmlInitParser() once from its main thread (a server's init
 * hook) before any filter is created.  pith never calls xmlCleanupParser(),
 * which would tear down libxml2 for every other user in the process; call it,
 * if at all, right before the process exits.
 *
 * Re-entry: the sink must not call pith_feed(), pith_flush() or
 * pith_finish() on the filter that is calling it; such a call returns
 * PITH_ESTATE and changes nothing, and the outer call goes on normally.
 * pith_free() from inside the sink is refused too (it does nothing): free the
 * filter after the outer call has returned.
 *
 * Names: every public function and type starts with pith_, every macro and
 * enum constant with PITH_.  Nothing else of the library is exported.
 */
#ifndef PITH_H
#define PITH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define PITH_API __attribute__((visibility("default")))
#else
#define PITH_API
#endif

#define PITH_VERSION "0.1.0"
/** The version as a number: major << 16 | minor << 8 | patch. */
#define PITH_VERSION_NUM 0x000100
/** The layout of pith_options: raised whenever a field is added, removed,
 *  reordered or changes meaning.  pith_new() passes it with the size of the
 *  struct the caller was compiled with, and the library refuses a caller
 *  whose pith_options is not its own (see pith_new). */
#define PITH_OPTIONS_VERSION 4

/** Return codes.  Negative values are errors, positive values are normal but
 *  notable events.
 *
 *  Which errors are sticky (as in zlib, where a bad call is refused but a
 *  stream error stays): PITH_ENOMEM, PITH_ELIMIT, PITH_ESINK and PITH_EDATA,
 *  and PITH_EINVAL when the filter itself failed (not a bad argument), stop
 *  the filter: every later pith_feed(), pith_flush() and pith_finish() on it
 *  returns the same code (pith_finish() still ends the page after PITH_EDATA
 *  and PITH_ELIMIT, see there).  A call refused for its arguments
 *  (PITH_EINVAL: a NULL filter, NULL bytes with a non-zero length) or for
 *  its timing (PITH_ESTATE: after pith_finish(), or from inside the sink)
 *  changes nothing: the filter stays usable and later calls behave as if
 *  the refused call had never been made. */
enum pith_status {
    PITH_OK = 0,
    PITH_EINVAL = -1,  /**< bad argument or option */
    PITH_ENOMEM = -2,  /**< an allocation failed */
    PITH_ELIMIT = -3,  /**< a size limit of the options was exceeded */
    PITH_ESINK = -4,   /**< the sink returned non-zero */
    PITH_ESTATE = -5,  /**< call out of order (feed after finish, ...) */
    PITH_EDATA = -6    /**< input cannot be decoded (corrupt gzip/deflate) */
};

/** Block labels, also used as bits in pith_options.keep. */
enum pith_label {
    PITH_STORY = 1 << 0,
    PITH_NAVIGATION = 1 << 1,
    PITH_ADVERTISING = 1 << 2,
    PITH_RECOMMENDATION = 1 << 3
};
#define PITH_ALL_LABELS (PITH_STORY | PITH_NAVIGATION | PITH_ADVERTISING | PITH_RECOMMENDATION)

/** Output formats. */
enum pith_format {
    PITH_FORMAT_HTML = 0,   /**< a clean HTML5 document of the kept blocks */
    PITH_FORMAT_TEXT = 1,   /**< kept blocks as paragraphs, blank line between */
    PITH_FORMAT_JSONL = 2,  /**< one JSON object per block (all kept labels) */
    PITH_FORMAT_ANNOTATE = 3 /**< the blocks of the page, each marked with its label */
};

/** Content encodings of the input. */
enum pith_encoding {
    PITH_ENC_AUTO = 0,      /**< gzip if it starts with the gzip magic, else identity */
    PITH_ENC_IDENTITY = 1,
    PITH_ENC_GZIP = 2,      /**< gzip, one or more members */
    PITH_ENC_DEFLATE = 3    /**< HTTP "deflate": zlib stream, or raw deflate */
};

/** What a front-end (the pith tool, a proxy plugin) does with a page that
 *  cannot be filtered to its end (an error from pith_feed or pith_finish).
 *  The library itself always ends the page it can: after PITH_EDATA or
 *  PITH_ELIMIT, pith_finish() writes the blocks read so far and closes the
 *  document, which is what PITH_ON_ERROR_STORY hands on. */
enum pith_on_error {
    PITH_ON_ERROR_ORIGINAL = 0, /**< pass the original page on unchanged (reader
                                     mode: the page is never lost; ads too) */
    PITH_ON_ERROR_STORY = 1,    /**< the story decided so far, document closed
                                     (output can stream; nothing else leaks) */
    PITH_ON_ERROR_EMPTY = 2     /**< nothing of the page (fail closed: pith is
                                     the policy, nothing unfiltered leaks) */
};

/** How the html format's document looks (pith_options.style). */
enum pith_style {
    PITH_STYLE_NONE = 0,    /**< browser defaults: the story's markup alone */
    PITH_STYLE_READER = 1   /**< a reading view: an inline stylesheet (a centred
                                 column, readable type, scaled images, tables
                                 that scroll, a dark scheme; nothing fetched, no
                                 script) and a thin header naming the site,
                                 with a link to the original page when the
                                 url option gives it */
};

/** Name of an enum pith_on_error value ("original", "story", "empty"), or NULL. */
PITH_API const char *pith_on_error_name(int mode);
/** The enum pith_on_error value of a name, or -1 if it is none. */
PITH_API int pith_on_error_parse(const char *name);

/** Flags (pith_options.flags). */
#define PITH_F_FRAGMENT 0x1u  /**< html format: write only the body's content,
                                   no doctype, head or body tags */

/** The sink: receives output bytes as soon as they are decided.  The bytes
 *  are lent for the duration of the call only; copy what you keep.  Return 0
 *  on success; anything else stops the filter with PITH_ESINK. */
typedef int (*pith_sink_fn)(void *opaque, const char *buf, size_t len);

/** A compiled Adblock Plus filter list (such as EasyList): immutable once
 *  loaded, so any number of filters, in any number of threads, may share one
 *  (pith_options.filterlist). */
typedef struct pith_filterlist pith_filterlist;

/** Options.  Fill with pith_options_init(), then override fields (directly,
 *  or by name with pith_option_set()).  All sizes are in bytes unless said
 *  otherwise; every limit is a hard cap.
 *
 *  Every option in one place: the name pith_option_set() takes (the pith
 *  tool's --NAME; the plugins' directives are the same words), its values,
 *  its range and its default.  pith_options_check() and pith_new() refuse
 *  anything outside these ranges.  Sizes take a k, m or g suffix (powers of
 *  1024, an optional b after it); a value that does not fit is refused,
 *  never wrapped.  Enum values and flags are case-insensitive.
 *
 *  | name          | member        | values / range                       | default  |
 *  |---------------|---------------|--------------------------------------|----------|
 *  | format        | format        | html, text, jsonl, annotate          | html     |
 *  | keep          | keep          | story,navigation,advertising,        | story    |
 *  |               |               | recommendation (comma list) or all   |          |
 *  | encoding      | encoding      | auto, identity, gzip (x-gzip),deflate| auto     |
 *  | charset       | charset       | a charset name (<= 64 bytes), or ""  | NULL     |
 *  | lookahead     | lookahead     | 0 .. 100000 blocks (no suffix)       | 16       |
 *  | max-lookahead | max_lookahead | 256 .. 1g, and >= max-block          | 256k     |
 *  | max-block     | max_block     | 256 .. 1g                            | 64k      |
 *  | max-depth     | max_depth     | 8 .. 100000 elements (no suffix)     | 256      |
 *  | max-tag       | max_tag       | 256 .. 1g                            | 64k      |
 *  | max-pending   | max_pending   | 4k .. 1g                             | 1m       |
 *  | max-input     | max_input     | 0 (no limit) .. 2^64-1               | 0        |
 *  | fragment      | flags         | on/yes/true/1 or off/no/false/0      | off      |
 *  | on-error      | on_error      | original, story, empty               | original |
 *  | max-hold      | max_hold      | 0 .. 16g                             | 32m      |
 *  | style         | style         | reader, none                         | reader   |
 *  | url           | url           | an absolute http(s) URL (<= 4096     | NULL     |
 *  |               |               | bytes, no spaces or controls), or "" |          |
 *
 *  style and url shape the html format only, and never --fragment output
 *  (the body's content, unstyled, for a caller that embeds it); url also
 *  gives filterlist the page's host, for a list's site rules.  Without url,
 *  filterlist takes the host from the page: the first absolute http(s) URL
 *  of its <base href>, <link rel="canonical"> or og:url <meta>.
 *
 *  filterlist (a compiled list, see pith_filterlist_load()) has no name:
 *  set the member.  NULL (the default) reads no list.
 */
typedef struct pith_options {
    int format;           /**< enum pith_format.                 Default: PITH_FORMAT_HTML */
    unsigned keep;        /**< labels written (enum pith_label bits). Default: PITH_STORY */
    int encoding;         /**< enum pith_encoding.               Default: PITH_ENC_AUTO */
    const char *charset;  /**< charset from the HTTP header, or NULL to take it
                               from a BOM or <meta>, else UTF-8 (bytes invalid
                               in UTF-8 read as windows-1252).  Copied by
                               pith_new().                        Default: NULL */
    unsigned lookahead;   /**< blocks seen after a block before it is decided.
                               0 decides each block when it ends. Default: 16 */
    size_t max_lookahead; /**< bytes the undecided blocks may hold; past it the
                               oldest is decided early.          Default: 256 KiB */
    size_t max_block;     /**< text of one block; a longer block is cut in two
                               (no text is lost).                Default: 64 KiB */
    unsigned max_depth;   /**< element nesting tracked; deeper elements count
                               as their ancestor at this depth.   Default: 256 */
    size_t max_tag;       /**< bytes of one tag; the rest of a longer tag's
                               attributes is dropped.            Default: 64 KiB */
    size_t max_pending;   /**< bytes the HTML parser may hold without producing
                               an event before PITH_ELIMIT.      Default: 1 MiB */
    unsigned long long max_input; /**< decoded (inflated) input bytes read;
                               the page ends there, PITH_ELIMIT;
                               0 for no limit.                    Default: 0 */
    unsigned flags;       /**< PITH_F_* bits.                     Default: 0 */
    int on_error;         /**< enum pith_on_error: what the front-end does
                               with a page it cannot filter.  The library
                               parses and checks it; the tool and the proxy
                               plugins act on it.  Default: PITH_ON_ERROR_ORIGINAL
                               (the pith tool sets PITH_ON_ERROR_STORY first) */
    unsigned long long max_hold; /**< input bytes of a page a front-end may hold
                               to send the original on error.  Default: 32 MiB */
    int style;            /**< enum pith_style: the html format's look (not
                               with PITH_F_FRAGMENT).  Default: PITH_STYLE_READER */
    const char *url;      /**< the page's URL, or NULL: the reader header names
                               its host and links to it as the original page (a
                               proxy passes a URL that bypasses it); its host
                               selects a filter list's site rules
                               (example.com##.promo).  Copied by
                               pith_new().                        Default: NULL */
    void *(*alloc)(void *ud, size_t n);   /**< allocator, or NULL for malloc */
    void *(*realloc)(void *ud, void *p, size_t n); /**< or NULL for realloc */
    void (*release)(void *ud, void *p);   /**< or NULL for free */
    void *alloc_ud;       /**< passed to the three hooks */
    const pith_filterlist *filterlist; /**< ad-blocking rules to read the page
                               with, or NULL for none.  Only read, never
                               changed: one list may serve many filters at
                               once; it must outlive them.   Default: NULL */
} pith_options;

typedef struct pith_filter pith_filter; /* opaque */

/** Fills every field of *opt with its default. */
PITH_API void pith_options_init(pith_options *opt);

/** Creates a filter.  opt may be NULL for the defaults; sink must not be
 *  NULL; opaque is passed to the sink.  opt is checked with
 *  pith_options_check() (PITH_EINVAL if it fails).  On PITH_OK *out is the
 *  new filter; on error *out is left unchanged and nothing is allocated.
 *
 *  pith_new() is a macro, as zlib's inflateInit() is: it calls pith_new_()
 *  with PITH_OPTIONS_VERSION and sizeof(pith_options) as the caller's
 *  compiler saw them, and the library returns PITH_EINVAL when either differs
 *  from its own, instead of reading a pith_options of another layout (a
 *  program built against one version of pith.h, run with a libpith of
 *  another).  The function pith_new() also exists, for programs built before
 *  the macro: it cannot check, and assumes the library's own layout.
 *  @return PITH_OK, PITH_EINVAL (also: pith.h and the library disagree on
 *  pith_options) or PITH_ENOMEM. */
PITH_API int pith_new(pith_filter **out, const pith_options *opt,
                      pith_sink_fn sink, void *opaque);
/** pith_new() with the caller's PITH_OPTIONS_VERSION and sizeof(pith_options);
 *  call it through the pith_new() macro. */
PITH_API int pith_new_(pith_filter **out, const pith_options *opt, pith_sink_fn sink,
                       void *opaque, int options_version, size_t options_size);
#define pith_new(out, opt, sink, opaque) \
    pith_new_((out), (opt), (sink), (opaque), PITH_OPTIONS_VERSION, sizeof(pith_options))

/** Feeds len bytes of the page (any split; len 0 is allowed).  The bytes are
 *  copied as needed; buf may be reused when the call returns.  The sink may be
 *  called before it returns.
 *  @return PITH_OK, or a (sticky) error code. */
PITH_API int pith_feed(pith_filter *pf, const char *buf, size_t len);

/** Decides every block seen so far, as if the page ended here, and passes
 *  the output to the sink (for a host's flush request).  Output may then
 *  differ from an unflushed run, since blocks are decided with less
 *  look-ahead.  @return PITH_OK or an error code. */
PITH_API int pith_flush(pith_filter *pf);

/** Ends the page: parses what is left, decides the remaining blocks and
 *  writes the end of the output.  Call exactly once; a second call returns
 *  PITH_ESTATE.  After an earlier error it returns that error; after
 *  PITH_EDATA or PITH_ELIMIT it still writes the blocks read so far (all the
 *  input decoded before the error, however the input was split into feeds)
 *  and closes the document (what PITH_ON_ERROR_STORY hands on).
 *  @return PITH_OK or an error code. */
PITH_API int pith_finish(pith_filter *pf);

/** Frees the filter and everything it holds.  NULL-safe, valid in any state,
 *  with or without pith_finish(), except from inside the filter's own sink:
 *  there it is refused and does nothing (the filter is still in use). */
PITH_API void pith_free(pith_filter *pf);

/** Sets one option from its name and a string value, as a command line or
 *  a configuration file gives them (see the table at pith_options).  The
 *  name is matched case-insensitively with '-' and '_' ignored, so
 *  "max-block", "max_block" and "MaxBlock" are one option.  A flag takes
 *  value NULL or "" as "on".  For "charset" and "url", opt->charset and
 *  opt->url point at value itself: keep value alive until pith_new() (which
 *  copies it).
 *  Only the range of the one value is checked here; combinations of
 *  options are checked by pith_options_check() once all are set.
 *  @param opt     options to change (filled by pith_options_init() first)
 *  @param name    the option's name
 *  @param value   its value as a string
 *  @param err     buffer for an English message naming the option (as name
 *                 was given) and the accepted values; may be NULL
 *  @param errlen  size of err
 *  @return PITH_OK, or PITH_EINVAL with *opt unchanged and err set. */
PITH_API int pith_option_set(pith_options *opt, const char *name, const char *value,
                             char *err, size_t errlen);

/** Checks every option and their combinations (max-lookahead >= max-block,
 *  the ranges of the table at pith_options, the allocator hooks) exactly as
 *  pith_new() does, so that a host can refuse its configuration before the
 *  first page.  @param err, errlen: as for pith_option_set(); may be NULL.
 *  @return PITH_OK, or PITH_EINVAL with a message in err. */
PITH_API int pith_options_check(const pith_options *opt, char *err, size_t errlen);

/** A static English message for a return code. */
PITH_API const char *pith_strerror(int code);

/** Name of a single label ("story", ...), or NULL. */
PITH_API const char *pith_label_name(unsigned label);

/** Parses a comma-separated label list ("story,navigation", "all") into
 *  label bits.  @return the bits, or 0 if a name is unknown. */
PITH_API unsigned pith_labels_parse(const char *list);

/** Reads Adblock Plus filter lists (EasyList syntax) from npaths files and
 *  compiles them into one list, in *out.  Kept: element-hiding rules whose
 *  selector is one element of the simple forms tag, .class, #id, [attr],
 *  [attr=v], [attr^=v], [attr*=v], [attr$=v] or a compound of them (generic
 *  "##sel", site "example.com,~a.example.com##sel"), their exceptions
 *  ("#@#sel"), and network rules anchored at a domain ("||host^",
 *  "||host/path", with the $options third-party, script, image, subdocument
 *  and domain=; "@@||host^" exceptions).  Every other rule is skipped and
 *  counted (pith_filterlist_stat), as is a line over 64 KiB, which is no
 *  rule.  The domains of a site rule are host names (letters, digits, '-',
 *  '_', dots inside); a rule naming another is skipped.  Memory comes from
 *  malloc, not the hooks of pith_options: the list belongs to no filter.
 *  @return PITH_OK; PITH_EINVAL (out or paths NULL); PITH_EDATA (a file
 *  cannot be opened or read, or the files hold more than 64 MiB: errno
 *  says why, EFBIG for the size; *out is left unchanged); PITH_ENOMEM. */
PITH_API int pith_filterlist_load(pith_filterlist **out, const char *const *paths,
                                  size_t npaths);

/** pith_filterlist_load() from len bytes of list text in memory (PITH_EDATA
 *  with errno EFBIG over 64 MiB). */
PITH_API int pith_filterlist_parse(pith_filterlist **out, const char *text, size_t len);

/** Frees a list.  NULL-safe.  No filter that uses it may be alive. */
PITH_API void pith_filterlist_free(pith_filterlist *fl);

/** The path of the EasyList installed on this system (the Debian package
 *  webext-ublock-origin-firefox and related places), or NULL if none is. */
PITH_API const char *pith_filterlist_default_path(void);

/** Figures of a compiled list, for pith_filterlist_stat(). */
enum pith_filterlist_stat {
    PITH_FL_HIDE = 0,          /**< element-hiding rules compiled */
    PITH_FL_EXCEPTION = 1,     /**< element-hiding exceptions (#@#) */
    PITH_FL_NETWORK = 2,       /**< network rules and their exceptions */
    PITH_FL_SKIPPED_HIDE = 3,  /**< element-hiding rules of other forms, skipped */
    PITH_FL_SKIPPED_NET = 4,   /**< network rules of other forms, skipped */
    PITH_FL_BYTES = 5          /**< bytes the compiled list holds */
};

/** One figure of a compiled list (enum pith_filterlist_stat), 0 for NULL. */
PITH_API size_t pith_filterlist_stat(const pith_filterlist *fl, int what);

/** Number of input bytes fed so far (as given to pith_feed, before any
 *  gzip/deflate decoding), and of output bytes passed to the sink. */
PITH_API unsigned long long pith_bytes_in(const pith_filter *pf);
PITH_API unsigned long long pith_bytes_out(const pith_filter *pf);

/** Number of blocks written to the output so far: the kept blocks (every
 *  block in the annotate format).  0 after pith_finish() means the page had
 *  no block to keep (a proxy may then prefer the original page). */
PITH_API unsigned long long pith_blocks_out(const pith_filter *pf);

#ifdef __cplusplus
}
#endif
#endif /* PITH_H */
