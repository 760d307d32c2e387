/* nesting.c -- the elements libxml2 holds open, mirrored in front of it.
 *
 * libxml2 2.9.14's HTML parser keeps a stack of open element names.  Its
 * costly paths all walk that stack: an end tag is looked for from the top
 * down (to the bottom when nothing matches, and again with end-tag
 * priorities), a <body> start tag looks at every open element, and the
 * stack itself grows with every start tag that nothing closes.  Deep
 * nesting followed by end tags that match nothing is quadratic, and the
 * stack's memory grows with the input.
 *
 * This file repeats, for element names only, what the parser does to its
 * stack (the rules of htmlAutoClose, htmlCheckImplied, htmlParseStartTag,
 * htmlParseEndTag, htmlAutoCloseOnClose and htmlCheckParagraph of 2.9.14:
 * which start tags close which elements, implied html/head/body/p, end-tag
 * priorities, misplaced html/head/body, void elements, "/>").  With it the
 * rawtext stage keeps from the parser:
 *   - end tags the parser would ignore (nothing open matches, or a
 *     higher-priority element is in the way): they cost it a walk of the
 *     whole stack and do nothing;
 *   - repeated <html>, <head>, <body> start tags that would do nothing
 *     either (and, to match, the end tag the parser would then swallow);
 *   - start tags that would take the stack past the cap, and the end tags
 *     that match them (counted by name, PITH_DROPPED names at once: the end
 *     tag of a name past them is read as if its start tag had not come);
 *   - start tags with a new name once PITH_NAMES names went to the parser
 *     (libxml2 keeps each name it reads until the end of the page).
 * And it gives the parser end tags of its own: an end tag that a
 * higher-priority element in the way would make the parser ignore
 * ("<button><div></button>"), when pith skips the content of the element it
 * names (T_SKIP in block.h: the rest of the page would stay inside it), goes
 * after the end tags of the elements in the way, top first, each of which
 * closes exactly the top element.  (A browser closes button, object, select
 * and template there; for audio, video, canvas and the like it would ignore
 * the end tag too, but their content is fallback it seldom shows, and no
 * page means the rest of its story to be fallback.)
 * What the parser gets, it acts on exactly as before, so a page that stays
 * under the cap, and has no such end tag, gives the same events.  Every end
 * tag the parser gets then closes at least one element: its stack walks are
 * paid for by the start tags that opened them, and the stack never holds
 * more than cap names.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <string.h>
#include <stdlib.h>
#include "nesting.h"
#include "block.h"
#include "pith.h"

/* Which open elements a start tag closes: for each open element, the start
   tags that close it (libxml2 2.9.14's start-close pairs), sorted by the
   open element's name. */
static const struct closer {
    const char *open;
    const char *by;      /* names between spaces */
} closers[] = {
    { "a", " a fieldset table td th " },
    { "address", " dd dl dt form li ul " },
    { "b", " center p td th " },
    { "big", " p " },
    { "caption", " col colgroup tbody tfoot thead tr " },
    { "col", " col colgroup tbody tfoot thead tr " },
    { "colgroup", " colgroup tbody tfoot thead tr " },
    { "dd", " dt " },
    { "dir", " dd dl dt form ul " },
    { "dl", " form li " },
    { "dt", " dd dl " },
    { "font", " center td th " },
    { "form", " form " },
    { "h1", " fieldset form li p table " },
    { "h2", " fieldset form li p table " },
    { "h3", " fieldset form li p table " },
    { "h4", " fieldset form li p table " },
    { "h5", " fieldset form li p table " },
    { "h6", " fieldset form li p table " },
    { "head", " a abbr acronym address b bdo big blockquote body br center cite code dd dfn"
              " dir div dl dt em fieldset font form frameset h1 h2 h3 h4 h5 h6 hr i iframe"
              " img kbd li listing map menu ol p pre q s samp small span strike strong sub"
              " sup table tt u ul var xmp " },
    { "hr", " form " },
    { "i", " center p td th " },
    { "legend", " fieldset " },
    { "li", " li " },
    { "link", " body frameset " },
    { "listing", " dd dl dt fieldset form li table ul " },
    { "menu", " dd dl dt form ul " },
    { "ol", " form ul " },
    { "option", " optgroup option " },
    { "p", " address blockquote body caption center col colgroup dd dir div dl dt fieldset"
           " form frameset h1 h2 h3 h4 h5 h6 head hr li listing menu ol p pre table tbody"
           " td tfoot th title tr ul xmp " },
    { "pre", " dd dl dt fieldset form li table ul " },
    { "s", " p " },
    { "script", " noscript " },
    { "small", " p " },
    { "span", " td th " },
    { "strike", " p " },
    { "style", " body frameset " },
    { "tbody", " tbody tfoot " },
    { "td", " tbody td tfoot th tr " },
    { "tfoot", " tbody " },
    { "th", " tbody td tfoot th tr " },
    { "thead", " tbody tfoot " },
    { "title", " body frameset " },
    { "tr", " tbody tfoot tr " },
    { "tt", " p " },
    { "u", " p td th " },
    { "ul", " address form menu ol pre " },
    { "xmp", " dd dl dt fieldset form li table ul " },
};

static const char *const void_elements =
    " area base basefont br col frame hr img input isindex link meta param ";
static const char *const head_elements = " script style meta link title base ";
static const char *const frame_elements = " noframes frame frameset ";

enum { R_NONE, R_AMP, R_HASH, R_DEC, R_HEX, R_U1, R_U2 };

static int is_blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int is_letter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int is_name_char(unsigned char c)
{
    return is_letter(c) || (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_' || c == '.';
}
static int is_name_start(unsigned char c) { return is_letter(c) || c == '_' || c == ':' || c == '.'; }

/* libxml2's htmlGetEndPriority: 100 for the names not here */
static const struct { const char *name; unsigned char prio; } priorities[] = {
    { "div", 150 }, { "td", 160 }, { "th", 160 }, { "tr", 170 }, { "thead", 180 },
    { "tbody", 180 }, { "tfoot", 180 }, { "table", 190 }, { "head", 200 },
    { "body", 200 }, { "html", 220 },
};

/* The names of the tables above get ids (1..NEST_IDS-1; 0 is any other
   name) when the model starts, and what the tables say of each name is kept
   by id: a tag is looked up once, by hash, and not in every list. */
enum { K_VOID = 1, K_HEAD = 2, K_FRAME = 4 };
/* the ids of the names build_tab gives first */
enum { ID_HTML = 1, ID_HEAD, ID_BODY, ID_P };

static unsigned words_hash(const char *s, size_t n)
{
    unsigned h = PITH_HASH_INIT;
    for (size_t i = 0; i < n; i++)
        h = PITH_HASH(h, s[i]);
    return h;
}

/* The id of name s[0..n) (h: words_hash before its last step, the name's
   PITH_HASH): an existing one, a new one if add, else 0. */
static unsigned name_id_h(pith_nesting_tab *t, const char *s, size_t n, unsigned h, int add)
{
    unsigned k = (h ^ h >> 11) % NEST_SLOTS;
    for (; t->slot[k]; k = (k + 1) % NEST_SLOTS) {
        unsigned id = t->slot[k];
        size_t i = 0;
        if (t->len[id] != n)
            continue;
        while (i < n && t->name[id][i] == s[i])
            i++;
        if (i == n)
            return id;
    }
    if (!add || n > 255 || t->n + 1 >= NEST_IDS)
        return 0;
    t->n++;
    t->slot[k] = (unsigned char)t->n;
    t->name[t->n] = s;
    t->len[t->n] = (unsigned char)n;
    t->prio[t->n] = 100;
    return t->n;
}

static unsigned name_id_n(pith_nesting_tab *t, const char *s, size_t n, int add)
{
    return name_id_h(t, s, n, words_hash(s, n), add);
}

static unsigned name_id(const pith_nesting *ns, const char *name)
{
    return name_id_n(ns->tab, name, strlen(name), 0);
}

/* name_id, and the name's PITH_HASH in *h, in one pass. */
static unsigned name_id_hash(const pith_nesting *ns, const char *name, unsigned *h)
{
    size_t n = 0;
    *h = PITH_HASH_INIT;
    for (; name[n]; n++)
        *h = PITH_HASH(*h, name[n]);
    return name_id_h(ns->tab, name, n, *h, 0);
}

/* Gives each word of list (" a b c ") an id and the kind bits; with closed
   set, marks them as start tags that close the element of id closed. */
static void add_words(pith_nesting_tab *t, const char *list, unsigned char kind, unsigned closed)
{
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, " ");
        if (n) {
            unsigned id = name_id_n(t, p, n, 1);
            t->kind[id] |= kind;
            if (closed)
                t->closed_by[closed][id / 64] |= 1ull << (id % 64);
        }
        p += n + (p[n] == ' ');
    }
}

static void build_tab(pith_nesting_tab *t)
{
    static const char *const bare[] = { "html", "head", "body", "p" };  /* ID_* */
    _Static_assert(sizeof closers / sizeof closers[0] < NEST_IDS / 2, "room for the names");
    t->prio[0] = 100;                 /* any other name: libxml2's default */
    for (size_t i = 0; i < sizeof bare / sizeof bare[0]; i++)
        name_id_n(t, bare[i], strlen(bare[i]), 1);
    for (size_t i = 0; i < sizeof closers / sizeof closers[0]; i++)
        add_words(t, closers[i].by, 0, name_id_n(t, closers[i].open, strlen(closers[i].open), 1));
    add_words(t, void_elements, K_VOID, 0);
    add_words(t, head_elements, K_HEAD, 0);
    add_words(t, frame_elements, K_FRAME, 0);
    for (size_t i = 0; i < sizeof priorities / sizeof priorities[0]; i++) {
        const char *name = priorities[i].name;
        t->prio[name_id_n(t, name, strlen(name), 1)] = priorities[i].prio;
    }
}

/* libxml2's htmlCheckAutoClose: does start tag `tag` close open element
   `open` (by id)? */
static int closes(const pith_nesting *ns, unsigned tag, unsigned open)
{
    return (ns->tab->closed_by[open][tag / 64] >> (tag % 64)) & 1;
}

static unsigned name_hash(const char *name)
{
    unsigned h = PITH_HASH_INIT;
    for (; *name; name++)
        h = PITH_HASH(h, *name);
    return h;
}

/* The count of start tags named name (hash h) dropped at the cap, NULL if
   there is none.  With add, a new one (0) if there is none, NULL if
   PITH_DROPPED other names have one. */
static pith_dropped *dropped(pith_nesting *ns, const char *name, unsigned h, int add)
{
    pith_drops *t = ns->dropped;
    unsigned i = h & (2 * PITH_DROPPED - 1);
    pith_dropped *d;
    for (; t->slot[i]; i = (i + 1) & (2 * PITH_DROPPED - 1)) {
        d = &t->by[t->slot[i] - 1];
        if (d->hash == h && !strcmp(d->name, name))
            return d;
    }
    if (!add || ns->ndropped == PITH_DROPPED)
        return NULL;
    d = &t->by[ns->ndropped++];
    t->slot[i] = (unsigned char)ns->ndropped;
    d->count = 0;
    d->hash = h;
    memcpy(d->name, name, strlen(name) + 1);
    return d;
}

/* A start tag named name is dropped at the cap: its end tag will be too.
   A name past the parser's budget is not counted: nothing open has it, so
   its end tag never reaches the parser anyway.  PITH_OK or PITH_ENOMEM. */
static int drop(pith_nesting *ns, const pith_mem *m, const char *name, int known)
{
    pith_dropped *d;
    ns->drops++;
    if (!known)
        return PITH_OK;
    if (ns->dropped == NULL) {
        ns->dropped = pith_calloc(m, 1, sizeof *ns->dropped);
        if (ns->dropped == NULL)
            return PITH_ENOMEM;
    }
    if ((d = dropped(ns, name, name_hash(name), 1)) != NULL) {
        d->count++;
        ns->dropped_open++;
    }
    return PITH_OK;
}

/* An end tag takes the count of a dropped start tag of its name: 1, or 0 if
   there is none.  Once no count is left, the names are forgotten. */
static int undrop(pith_nesting *ns, const char *name)
{
    pith_dropped *d;
    if (ns->dropped_open == 0)
        return 0;
    d = dropped(ns, name, name_hash(name), 0);
    if (d == NULL || d->count == 0)
        return 0;
    d->count--;
    if (--ns->dropped_open == 0) {
        memset(ns->dropped->slot, 0, sizeof ns->dropped->slot);
        ns->ndropped = 0;
    }
    return 1;
}

int pith_nesting_name(pith_nesting *ns, const pith_mem *m, unsigned h)
{
    unsigned i;
    h |= 1;                             /* 0 marks a free slot */
    if (ns->size) {
        for (i = h & (ns->size - 1); ns->seen[i]; i = (i + 1) & (ns->size - 1))
            if (ns->seen[i] == h)
                return 1;
    }
    if (ns->nseen >= PITH_NAMES)
        return 0;
    if (2 * (ns->nseen + 1) > ns->size) {
        /* grow: at most half full */
        unsigned size = ns->size ? 2 * ns->size : 256, *seen;
        seen = pith_calloc(m, size, sizeof *seen);
        if (seen == NULL)
            return PITH_ENOMEM;
        for (unsigned j = 0; j < ns->size; j++) {
            if (ns->seen[j]) {
                for (i = ns->seen[j] & (size - 1); seen[i]; i = (i + 1) & (size - 1))
                    ;
                seen[i] = ns->seen[j];
            }
        }
        pith_mfree(m, ns->seen);
        ns->seen = seen;
        ns->size = size;
    }
    for (i = h & (ns->size - 1); ns->seen[i]; i = (i + 1) & (ns->size - 1))
        ;
    ns->seen[i] = h;
    ns->nseen++;
    return 1;
}

static const char *name_at(const pith_nesting *ns, unsigned i)
{
    return ns->names.data + ns->el[i].off;
}

int pith_nesting_init(pith_nesting *ns, const pith_mem *m, unsigned cap)
{
    memset(ns, 0, sizeof *ns);
    ns->el = pith_calloc(m, (size_t)cap + 1, sizeof *ns->el);
    if (ns->el == NULL)
        return PITH_ENOMEM;
    ns->tab = pith_calloc(m, 1, sizeof *ns->tab);
    if (ns->tab == NULL)
        return PITH_ENOMEM;
    build_tab(ns->tab);
    ns->cap = cap;
    ns->prolog = 1;
    return PITH_OK;
}

void pith_nesting_free(pith_nesting *ns, const pith_mem *m)
{
    pith_mfree(m, ns->el);
    ns->el = NULL;
    pith_mfree(m, ns->tab);
    ns->tab = NULL;
    pith_mfree(m, ns->seen);
    ns->seen = NULL;
    pith_mfree(m, ns->dropped);
    ns->dropped = NULL;
    pith_buf_free(&ns->names, m);
}

/* libxml2's htmlnamePush, on the model.  PITH_OK or PITH_ENOMEM (nothing
   pushed); never past cap + 1. */
static int push(pith_nesting *ns, const pith_mem *m, const char *name, unsigned id)
{
    size_t len = strlen(name), off = ns->names.len;
    int rc;
    if (ns->n > ns->cap)
        return PITH_ELIMIT;
    rc = pith_buf_append(&ns->names, m, name, len + 1,
                         ((size_t)ns->cap + 1) * (PITH_NAME_MAX + 1));
    if (rc != PITH_OK)
        return rc;
    ns->el[ns->n].off = (unsigned)off;
    ns->el[ns->n].len = (unsigned char)len;
    ns->el[ns->n].id = (unsigned char)id;
    ns->el[ns->n].prio = ns->tab->prio[ns->el[ns->n].id];
    ns->el[ns->n].drops = ns->drops;
    ns->n++;
    if (len == 3 && !memcmp(name, "pre", 3))
        ns->npre++;
    if (ns->html < 3 && id == ID_HEAD)
        ns->html = 3;
    if (ns->html < 10 && id == ID_BODY)
        ns->html = 10;
    return PITH_OK;
}

static void pop(pith_nesting *ns)
{
    if (ns->n) {
        ns->n--;
        if (ns->el[ns->n].len == 3 && !memcmp(ns->names.data + ns->el[ns->n].off, "pre", 3))
            ns->npre--;
        ns->names.len = ns->el[ns->n].off;
    }
}

/* Whether the stack's first k elements hold a body or a head. */
static int has_body_or_head(const pith_nesting *ns, unsigned k)
{
    for (unsigned i = 0; i < k; i++) {
        if (ns->el[i].id == ID_BODY || ns->el[i].id == ID_HEAD)
            return 1;
    }
    return 0;
}

/* What libxml2's htmlCheckImplied would push before a start tag (its name's
   id) on a stack of k elements: bits 1 html, 2 head, 4 body. */
static int implied(const pith_nesting *ns, unsigned k, unsigned id)
{
    int imp = 0;
    if (id == ID_HTML)
        return 0;
    if (k == 0)
        imp |= 1;
    if (id == ID_BODY || id == ID_HEAD)
        return imp;
    if (k + (imp & 1) <= 1 && (ns->tab->kind[id] & K_HEAD)) {
        if (ns->html < 3)
            imp |= 2;
    } else if (!(ns->tab->kind[id] & K_FRAME)) {
        if (ns->html < 10 && !has_body_or_head(ns, k))
            imp |= 4;
    }
    return imp;
}

static int push_implied(pith_nesting *ns, const pith_mem *m, int imp)
{
    int rc = PITH_OK;
    if (imp & 1)
        rc = push(ns, m, "html", name_id(ns, "html"));
    if (rc == PITH_OK && (imp & 2))
        rc = push(ns, m, "head", name_id(ns, "head"));
    if (rc == PITH_OK && (imp & 4))
        rc = push(ns, m, "body", name_id(ns, "body"));
    return rc;
}

/* libxml2's htmlCheckParagraph, when text arrives with no element, or with
   html or head on top, that may hold it: a p is implied. */
static void paragraph(pith_nesting *ns, const pith_mem *m)
{
    unsigned k = ns->n, p = name_id(ns, "p");
    while (k > 0 && closes(ns, p, ns->el[k - 1].id))
        k--;
    while (ns->n > k)
        pop(ns);
    if (push_implied(ns, m, implied(ns, ns->n, p)) != PITH_OK ||
        push(ns, m, "p", p) != PITH_OK)
        ns->err = PITH_ENOMEM;
    ns->blanks = 0;
    ns->ref = R_NONE;
}

/* Text matters to the stack only where libxml2 may imply a paragraph. */
static int text_opens(const pith_nesting *ns)
{
    return ns->n == 0 || ns->el[ns->n - 1].id == ID_HTML || ns->el[ns->n - 1].id == ID_HEAD;
}

static int is_char(unsigned long v)
{
    return v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
           (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF);
}

/* The run of text ends (markup follows): a character reference cut by it is
   complete now. */
static void text_end(pith_nesting *ns, const pith_mem *m)
{
    if ((ns->ref == R_DEC || ns->ref == R_HEX) && is_char(ns->refval) && text_opens(ns))
        paragraph(ns, m);
    else if (ns->ref == R_AMP || ns->ref == R_U1 || ns->ref == R_U2)
        if (text_opens(ns))
            paragraph(ns, m);   /* "&" alone is text; so is a cut UTF-8 byte */
    ns->ref = R_NONE;
    ns->blanks = 0;
}

/* What a byte of text does: nothing more (B_NEXT), imply a paragraph
   (B_OPEN), or, read as plain text, what text_byte says (B_TEXT). */
enum { B_NEXT, B_OPEN, B_TEXT };

/* A byte of a numeric character reference ("&#233;", "&#xE9;"). */
static int charref_byte(pith_nesting *ns, unsigned char c)
{
    int d = -1;
    if (c >= '0' && c <= '9')
        d = c - '0';
    else if (ns->ref == R_HEX && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        d = (c | 0x20) - 'a' + 10;
    if (d >= 0) {
        if (ns->refval < 0x110000)
            ns->refval = ns->refval * (ns->ref == R_HEX ? 16 : 10) + (unsigned)d;
        return B_NEXT;
    }
    ns->ref = R_NONE;
    if (is_char(ns->refval))
        return B_OPEN;
    if (c == ';')
        return B_NEXT;                  /* consumed by the reference */
    return B_TEXT;                      /* c begins new text */
}

/* A byte after '&', or after the first bytes of U+FFFE or U+FFFF. */
static int ref_byte(pith_nesting *ns, unsigned char c)
{
    switch (ns->ref) {
    case R_AMP:
        if (c == '#') {
            ns->ref = R_HASH;
            return B_NEXT;
        }
        return B_OPEN;                  /* an entity, or a lone "&" */
    case R_HASH:
        ns->refval = 0;
        if (c == 'x' || c == 'X') {
            ns->ref = R_HEX;
            return B_NEXT;
        }
        ns->ref = R_DEC;
        /* fall through */
    case R_DEC:
    case R_HEX:
        return charref_byte(ns, c);
    case R_U1:
        if (c != 0xBF)
            return B_OPEN;
        ns->ref = R_U2;
        return B_NEXT;
    case R_U2:
        ns->ref = R_NONE;
        /* U+FFFE, U+FFFF: not characters */
        return c != 0xBE && c != 0xBF ? B_OPEN : B_NEXT;
    default:
        return B_TEXT;
    }
}

/* A byte of text outside a reference. */
static int text_byte(pith_nesting *ns, unsigned char c)
{
    if (is_blank(c)) {
        if (ns->prolog)
            return B_NEXT;              /* skipped before the first content */
        /* libxml2 hands on 1000 bytes at a time, and a full buffer of
           blanks is not "ignorable": a paragraph is implied */
        return ++ns->blanks >= 1000 ? B_OPEN : B_NEXT;
    }
    ns->prolog = 0;
    if (c == '&') {
        if (ns->blanks)
            return B_OPEN;              /* blanks not followed by '<' are text */
        ns->ref = R_AMP;
        return B_NEXT;
    }
    if (c < 0x20)
        return B_NEXT;                  /* not a character: dropped, no text */
    if (c == 0xEF) {
        ns->ref = R_U1;
        return B_NEXT;
    }
    return B_OPEN;
}

int pith_nesting_blanks_free(const pith_nesting *ns)
{
    return !text_opens(ns) && ns->npre == 0;
}

/* Text given to the parser.  Where the top element cannot imply a
   paragraph, text changes nothing.  Otherwise this follows libxml2's
   htmlParseCharData (runs of blanks are ignorable up to 1000 bytes and
   before a tag), htmlParseReference and htmlParseCharRef. */
void pith_nesting_text(pith_nesting *ns, const pith_mem *m, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    if (!text_opens(ns))
        return;
    for (; p < end; p++) {
        int b = ref_byte(ns, *p);
        if (b == B_TEXT)
            b = text_byte(ns, *p);
        if (b == B_OPEN) {
            paragraph(ns, m);
            return;
        }
    }
}

void pith_nesting_markup(pith_nesting *ns, const pith_mem *m)
{
    /* comments and doctypes end a run of text, but not the prolog */
    text_end(ns, m);
}

int pith_nesting_selfclose(const char *t, size_t n)
{
    const unsigned char *p = (const unsigned char *)t + 1, *end = (const unsigned char *)t + n;
    size_t i;
    if (n < 3 || t[n - 2] != '/')
        return 0;
#define BLANKS() while (p < end && is_blank(*p)) p++
#define SLASHGT() (*p == '/' && p + 1 < end && p[1] == '>')
    for (i = 0; p < end && i < PITH_NAME_MAX && is_name_char(*p); i++)
        p++;
    BLANKS();
    /* htmlParseStartTag's attribute loop */
    while (p < end && *p != '>' && !SLASHGT()) {
        if (is_name_start(*p)) {
            for (i = 0; p < end && i < PITH_NAME_MAX && is_name_char(*p); i++)
                p++;
            BLANKS();
            if (p < end && *p == '=') {
                p++;
                BLANKS();
                if (p < end && (*p == '"' || *p == '\'')) {
                    unsigned char q = *p++;
                    while (p < end && *p != q)
                        p++;
                    if (p < end)
                        p++;
                } else {
                    while (p < end && *p != '>' && !is_blank(*p))
                        p++;
                }
            }
        } else {
            while (p < end && !is_blank(*p) && *p != '>' && !SLASHGT())
                p++;
        }
        BLANKS();
    }
    return p < end && SLASHGT();
#undef BLANKS
#undef SLASHGT
}

/* The element name libxml2 reads from a tag's bytes after "<" or "</". */
static void tag_name(const char *t, size_t n, char *name)
{
    size_t i;
    for (i = 0; i < n && i < PITH_NAME_MAX && is_name_char((unsigned char)t[i]); i++)
        name[i] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] | 0x20 : t[i]);
    name[i] = '\0';
}

int pith_nesting_start(pith_nesting *ns, const pith_mem *m, const char *t, size_t n,
                       const char *known)
{
    char buf[PITH_NAME_MAX + 1];
    const char *name = known ? known : buf;
    unsigned k, id, depth, bodies = 0, misplaced = 0, hash;
    int imp, discard = 0, selfclose, lasting, rc;

    text_end(ns, m);
    if (ns->err)
        return ns->err;
    if (known == NULL)
        tag_name(t + 1, n - 1, buf);
    if (name[0] == '\0')
        return 1;                       /* not a start tag to libxml2 */
    selfclose = pith_nesting_selfclose(t, n);
    /* htmlAutoClose, then htmlCheckImplied, on a copy */
    k = ns->n;
    id = name_id_hash(ns, name, &hash);
    while (k > 0 && closes(ns, id, ns->el[k - 1].id))
        k--;
    imp = implied(ns, k, id);
    depth = k + (imp & 1) + !!(imp & 2) + !!(imp & 4);
    /* misplaced html, head, body: the parser drops them */
    if (id == ID_HTML && depth > 0)
        discard = 1, misplaced = 1;
    if (id == ID_HEAD && depth != 1)
        discard = 1, misplaced = 1;
    if (id == ID_BODY) {
        for (unsigned i = 0; i < k; i++)
            bodies += ns->el[i].id == ID_BODY;
        bodies += !!(imp & 4);
        if (bodies)
            discard = 1, misplaced = bodies;
    }
    lasting = !discard && !selfclose && !(ns->tab->kind[id] & K_VOID);
    if ((rc = pith_nesting_name(ns, m, hash)) < 0)
        return rc;
    if (!discard && (depth + lasting > ns->cap || rc == 0)) {
        /* past the cap: the parser never sees it, nor its end tag */
        if (lasting && drop(ns, m, name, rc) != PITH_OK)
            return PITH_ENOMEM;
        return 0;
    }
    if (discard && k == ns->n && imp == 0 && !selfclose) {
        /* a no-op for the parser, but for its count of misplaced tags */
        ns->misplaced_kept += misplaced;
        return 0;
    }
    ns->prolog = 0;                     /* the parser reads content now */
    while (ns->n > k)
        pop(ns);
    if (push_implied(ns, m, imp) != PITH_OK || (!discard && push(ns, m, name, id) != PITH_OK))
        return PITH_ENOMEM;
    ns->misplaced += misplaced;
    if (selfclose || (!discard && !lasting))
        pop(ns);                        /* "/>" closes the top, whatever it is */
    return 1;
}

/* The end tag of name, with a higher-priority element open at k: the parser
   would ignore it (0).  If pith skips the content of the element it names
   and one is open below k, the rest of the page would stay inside: the
   elements in the way are closed first (PITH_NESTING_BLOCKED, then
   pith_nesting_close_top), unless html, head or body is among them. */
static int blocked(const pith_nesting *ns, const char *name, unsigned k)
{
    if (!(pith_tag_flags(pith_tag_id(name)) & T_SKIP))
        return 0;
    for (unsigned i = k + 1; i > 0; i--) {
        if (ns->el[i - 1].prio >= 200)
            return 0;                   /* html, head or body */
        if (!strcmp(name_at(ns, i - 1), name))
            return PITH_NESTING_BLOCKED;
    }
    return 0;                           /* nothing open matches */
}

int pith_nesting_end(pith_nesting *ns, const pith_mem *m, const char *t, size_t n,
                     const char *known)
{
    char buf[PITH_NAME_MAX + 1];
    const char *name = known ? known : buf;
    unsigned char prio;
    unsigned i, id;

    text_end(ns, m);
    if (ns->err)
        return ns->err;
    if (known == NULL)
        tag_name(t + 2, n - 2, buf);
    if (name[0] == '\0')
        return 1;
    id = name_id(ns, name);
    if (id == ID_HTML || id == ID_BODY || id == ID_HEAD) {
        if (ns->misplaced_kept) {
            ns->misplaced_kept--;       /* the parser would swallow it */
            return 0;
        }
        if (ns->misplaced) {
            ns->misplaced--;            /* the parser swallows it */
            ns->prolog = 0;
            return 1;
        }
    }
    if (ns->n && ns->el[ns->n - 1].drops == ns->drops && !strcmp(name_at(ns, ns->n - 1), name)) {
        /* the top element's own end tag: nothing dropped since it opened is
           inside it (a count of its name is of a tag dropped before it opened) */
        pop(ns);
        ns->prolog = 0;
        return 1;
    }
    if (undrop(ns, name))
        return 0;
    prio = ns->tab->prio[id];
    for (i = ns->n; i > 0; i--) {
        if (!strcmp(name_at(ns, i - 1), name))
            break;
        if (ns->el[i - 1].prio > prio)
            return blocked(ns, name, i - 1);    /* a higher-priority element is in the way */
    }
    if (i == 0)
        return 0;                       /* nothing open matches */
    while (ns->n >= i)
        pop(ns);
    ns->prolog = 0;
    return 1;
}

size_t pith_nesting_close_top(pith_nesting *ns, char *buf)
{
    size_t k = ns->n ? ns->el[ns->n - 1].len : 0;
    buf[0] = '<';
    buf[1] = '/';
    if (k)
        memcpy(buf + 2, name_at(ns, ns->n - 1), k);
    buf[k + 2] = '>';
    pop(ns);                            /* the parser pops the top, and nothing else */
    ns->prolog = 0;
    return k + 3;
}
