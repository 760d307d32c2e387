/* filterlist.h -- Adblock Plus filter lists: compiled once, shared read-only,
 * matched on start tags (element hiding) and on the URLs of iframes, scripts,
 * images and links (network rules).
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#ifndef PITH_FILTERLIST_H
#define PITH_FILTERLIST_H
#include <stddef.h>
#include "pith.h"
#include "segment.h"
#include "classify.h"
#include "page.h"

/* Resource types of a network rule's $options, and of the element a URL is on. */
enum {
    FL_T_SCRIPT = 1,      /* <script src> */
    FL_T_IMAGE = 2,       /* <img src> */
    FL_T_SUBDOC = 4,      /* <iframe src> */
    FL_T_LINK = 8,        /* <a href>: only rules without a type apply */
    FL_T_ANY = 15
};

/* What one start tag matched: rule numbers (index + 1), 0 for none. */
typedef struct pith_fl_hit {
    unsigned hide;        /* an element-hiding rule hides the element */
    unsigned net;         /* a network rule names its src/href */
    int net_on_parent;    /* the element has no text of its own (iframe, script,
                             img): the ad slot is its parent */
} pith_fl_hit;

/* The element-hiding rule that hides an element, or 0.  host is the page's
   host (lower case) or NULL when unknown: then only rules without a domain
   list that includes sites apply.  Look-ups are by hash on the element's id,
   class tokens, tag and attribute names; no regular expression is run. */
unsigned pith_fl_match_element(const pith_filterlist *fl, const char *host, const char *tag,
                               const char **atts);
/* The suffixes of host ("a.b.example.com", "b.example.com", ...) that have
   site rules, at most max, into sites (pointers into host), and into bits
   what each one's rules read besides class tokens and ids (SITE_TAGS and
   SITE_NAME_BIT of fl_list.h).  A suffix counts twice when rules name it
   with any public suffix too ("b.example.*"): lens[i] is strlen(sites[i]),
   or for that form the bytes up to the public suffix ("b.example."). */
unsigned pith_fl_sites(const pith_filterlist *fl, const char *host, const char **sites,
                       unsigned char *lens, uint32_t *bits, unsigned max);
/* pith_fl_match_element() with the sites of host already found. */
unsigned pith_fl_match_sites(const pith_filterlist *fl, const char *host,
                             const char *const *sites, const unsigned char *lens,
                             const uint32_t *bits, unsigned nsites, const char *tag,
                             const char **atts);
/* The network rule that blocks url on an element of type (FL_T_*), or 0. */
unsigned pith_fl_match_url(const pith_filterlist *fl, const char *host, const char *url,
                           int type);
/* Whether some rule of fl that applies on the page pg, or the matching
   itself, reads the attribute name[0..n) (any case; hash: PITH_HASH from
   PITH_HASH_INIT over its lower-case bytes, nesting.h) of a start tag
   named tag (lower case): id, class, src, href, and the names of attribute
   selectors (those of site rules only when the page's host has some, and
   its sites' rules read them: pith_page.fl_site_names); on
   a tag whose text is never visible (T_SKIP, block.h), and on html and
   body, which no rule is matched on, only an iframe's src.  rawtext keeps
   the others from the parser, as without a list. */
int pith_fl_attr_read(const pith_filterlist *fl, pith_page *pg, const char *tag,
                      const char *name, size_t n, unsigned hash);
/* The rule as written in the list, for the jsonl cues ("" for 0). */
const char *pith_fl_rule_text(const pith_filterlist *fl, unsigned rule);

/* The page's host from a URL ("https://www.Example.com:8080/x" ->
   "www.example.com"), lower case, into out (cap bytes); "" when none. */
void pith_fl_host(const char *url, char *out, size_t cap);

/* The segment stage's hook: matches a start tag (its parent not skipped;
   skip: the element's own text is not visible) against the lists fl, for
   the page pg (its host; the host's sites are found once, into pg), and
   fills *hit. */
void pith_fl_start(const pith_filterlist *fl, pith_page *pg, const char *name,
                   const char **atts, int skip, pith_fl_hit *hit);
/* After the element is pushed on segment's stack (depth elements): its
   rules, and its parent marked as an ad slot when it is a frame, script or
   image of an ad server. */
void pith_fl_push(pith_elem *stack, unsigned depth, const pith_fl_hit *hit);
/* The classify stage's hook: the label of a block given the filter-list cues
   of its ancestors (tx: its text cues, textcue.h): a block that is not story
   under an element a rule hides, or in an ad server's slot, is advertising;
   story stays story, a hidden element that holds story (or is the page's
   wrapper, at depth 3 or less) is no ad, and a block in a menu, footer,
   comments or "related" box inside the hidden element, or a heading that
   opens a list of articles, keeps its label unless an ad server marks it. */
int pith_fl_label(const pith_classify *c, const pith_block *b, int label, unsigned tx);

#endif
