/* attrcue.c -- part of stage 4 (segment): what the values of class, id,
 * role, itemprop and style say of their element.
 *
 * A class or id value is cut into tokens ("article-body", "related_posts"
 * give "article", "body", ...); a token is a cue word (cue_words), a part
 * of a story's or a teaser list's or an author box's two-token name, or of
 * a "recent comments" widget's (links to posts: rec, not comments)
 * (pair_words, sorted like cue_words), or holds cue words glued together
 * (parts).  A token's
 * meaning is kept in a small cache (struct seg_tok_cache, segment.h).
 * Memory: none of its own.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>
#include "filter.h"

typedef struct cue_word {
    const char *word;
    unsigned char cue;
} cue_word;

/* Whole tokens (a class "related-posts" gives "related" and "posts"; camelCase
   splits too).  Sorted for word_index. */
static const cue_word cue_words[] = {
    {"aboutauthor", CUE_BIO}, {"abouttheauthor", CUE_BIO},
    {"ad", CUE_AD}, {"adblock", CUE_AD}, {"adcontainer", CUE_AD}, {"ads", CUE_AD},
    {"adsbygoogle", CUE_AD}, {"adsense", CUE_AD}, {"adslot", CUE_AD}, {"adunit", CUE_AD},
    {"adv", CUE_AD}, {"advert", CUE_AD}, {"advertisement", CUE_AD}, {"advertising", CUE_AD},
    {"adverts", CUE_AD}, {"adwrap", CUE_AD}, {"adwrapper", CUE_AD}, {"affiliate", CUE_AD},
    {"also", CUE_REC}, {"article", CUE_ARTICLE}, {"articlebody", CUE_STORY},
    {"aside", CUE_ASIDE}, {"author", CUE_META}, {"authorbio", CUE_BIO}, {"authorbox", CUE_BIO},
    {"authors", CUE_META},
    {"billboard", CUE_AD}, {"bio", CUE_BIO}, {"biography", CUE_BIO}, {"breadcrumb", CUE_NAV},
    {"breadcrumbs", CUE_NAV},
    {"byline", CUE_META}, {"caption", CUE_CAPTION}, {"carousel", CUE_REC},
    {"colophon", CUE_FOOTER}, {"comment", CUE_COMMENT}, {"commentlist", CUE_COMMENT},
    {"comments", CUE_COMMENT}, {"commercial", CUE_AD}, {"consent", CUE_NAV},
    {"cookie", CUE_NAV}, {"cookies", CUE_NAV}, {"copyright", CUE_FOOTER},
    {"credit", CUE_CAPTION}, {"credits", CUE_CAPTION}, {"crumbs", CUE_NAV},
    {"dateline", CUE_META}, {"deck", CUE_HEADLINE}, {"dek", CUE_HEADLINE}, {"dfp", CUE_AD}, {"discussion", CUE_COMMENT},
    {"disqus", CUE_COMMENT}, {"doubleclick", CUE_AD}, {"drawer", CUE_NAV},
    {"dropdown", CUE_NAV}, {"figcaption", CUE_CAPTION}, {"follow", CUE_SOCIAL},
    {"footer", CUE_FOOTER}, {"gdpr", CUE_NAV}, {"googleads", CUE_AD}, {"gpt", CUE_AD},
    {"hamburger", CUE_NAV}, {"header", CUE_HEADER}, {"headline", CUE_HEADLINE},
    {"headlines", CUE_REC}, {"hentry", CUE_ARTICLE}, {"ingredient", CUE_STORY},
    {"ingredients", CUE_STORY}, {"leaderboard", CUE_AD},
    {"legal", CUE_FOOTER}, {"login", CUE_NAV}, {"masthead", CUE_HEADER},
    {"megamenu", CUE_NAV}, {"menu", CUE_NAV}, {"menus", CUE_NAV}, {"morestories", CUE_REC},
    {"mostpopular", CUE_REC}, {"mostread", CUE_REC}, {"mpu", CUE_AD},
    {"nav", CUE_NAV}, {"navbar", CUE_NAV}, {"navigation", CUE_NAV},
    {"newsletter", CUE_AD}, {"ob", CUE_REC}, {"offcanvas", CUE_NAV}, {"outbrain", CUE_REC},
    {"pager", CUE_NAV}, {"pagination", CUE_NAV}, {"paid", CUE_AD},
    {"popular", CUE_REC}, {"prev", CUE_NAV}, {"previous", CUE_NAV}, {"promo", CUE_PROMO}, {"promos", CUE_PROMO}, {"promoted", CUE_AD}, {"promotion", CUE_AD},
    {"rail", CUE_ASIDE}, {"recentcomments", CUE_REC}, {"recirc", CUE_REC},
    {"recirculation", CUE_REC},
    {"recommend", CUE_REC}, {"recommendation", CUE_REC}, {"recommendations", CUE_REC},
    {"recommended", CUE_REC}, {"related", CUE_REC}, {"replies", CUE_COMMENT},
    {"respond", CUE_COMMENT}, {"share", CUE_SOCIAL}, {"sharebar", CUE_SOCIAL},
    {"sharing", CUE_SOCIAL}, {"sidebar", CUE_ASIDE}, {"signin", CUE_NAV},
    {"signup", CUE_AD}, {"sitemap", CUE_NAV}, {"skip", CUE_NAV}, {"skyscraper", CUE_AD},
    {"social", CUE_SOCIAL}, {"sponsor", CUE_AD}, {"sponsored", CUE_AD},
    {"sponsors", CUE_AD}, {"standfirst", CUE_HEADLINE}, {"story", CUE_ARTICLE}, {"storybody", CUE_STORY},
    {"strapline", CUE_HEADLINE}, {"subheadline", CUE_HEADLINE}, {"subnav", CUE_NAV}, {"subscribe", CUE_AD}, {"subscription", CUE_AD},
    {"subtitle", CUE_HEADLINE}, {"suggested", CUE_REC}, {"taboola", CUE_REC}, {"tags", CUE_NAV}, {"teaser", CUE_REC},
    {"teasers", CUE_REC}, {"timestamp", CUE_META}, {"toolbar", CUE_NAV},
    {"topbar", CUE_HEADER}, {"topics", CUE_NAV}, {"topnav", CUE_NAV},
    {"trending", CUE_REC}, {"upnext", CUE_REC}, {"upsell", CUE_AD},
};

/* The index of token tok in a table of n entries of size bytes each, sorted
   by their first member, a word (struct cue_word, pair_word), or -1; the
   comparison is in line (tokens are lower-case ASCII). */
static long word_index(const char *tok, const void *table, size_t n, size_t size)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const unsigned char *a = (const unsigned char *)tok;
        const unsigned char *w =
            *(const unsigned char *const *)(const void *)((const char *)table + mid * size);
        while (*a && *a == *w)
            a++, w++;
        if (*a == *w)
            return (long)mid;
        if (*a < *w)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

/* The cue word tok in cue_words, or NULL. */
static const cue_word *find_cue_word(const char *tok)
{
    long i = word_index(tok, cue_words, sizeof cue_words / sizeof cue_words[0], sizeof cue_words[0]);
    return i < 0 ? NULL : &cue_words[i];
}

/* What a token means in a two-token name (TK_*). */
enum { TK_HEAD = 1, TK_TAIL = 2, TK_TEASER = 4, TK_BIO_TAIL = 8, TK_ABOUT = 16, TK_AUTHOR = 32,
       TK_RECENT = 64, TK_COMMENTS = 128 };

typedef struct pair_word {
    const char *word;
    unsigned char flags;
} pair_word;

/* The tokens that pair with another, sorted for a binary search: the head
   and tail of a story's name ("article-body", "entry-content", "post-text"),
   the tails of a list of teasers ("story-card", "article-list"), and the
   words of an author's biography box ("author-box", "author-bio",
   "author__description", "about-author", "about-the-author"). */
static const pair_word pair_words[] = {
    {"about", TK_BIO_TAIL | TK_ABOUT}, {"article", TK_HEAD}, {"author", TK_AUTHOR},
    {"bio", TK_BIO_TAIL}, {"biography", TK_BIO_TAIL}, {"bios", TK_BIO_TAIL},
    {"blog", TK_HEAD}, {"body", TK_TAIL}, {"box", TK_BIO_TAIL}, {"card", TK_TEASER},
    {"cards", TK_TEASER}, {"collection", TK_TEASER}, {"comment", TK_COMMENTS},
    {"comments", TK_COMMENTS}, {"content", TK_TAIL},
    {"copy", TK_TAIL}, {"desc", TK_BIO_TAIL}, {"description", TK_BIO_TAIL},
    {"entry", TK_HEAD}, {"feed", TK_TEASER}, {"grid", TK_TEASER}, {"item", TK_TEASER},
    {"items", TK_TEASER}, {"list", TK_TEASER}, {"listing", TK_TEASER}, {"news", TK_HEAD},
    {"post", TK_HEAD}, {"preview", TK_TEASER}, {"promo", TK_TEASER}, {"rail", TK_TEASER},
    {"recent", TK_RECENT},
    {"river", TK_TEASER}, {"story", TK_HEAD}, {"stream", TK_TEASER}, {"teaser", TK_TEASER},
    {"teasers", TK_TEASER}, {"text", TK_TAIL}, {"the", TK_ABOUT}, {"tile", TK_TEASER},
    {"tiles", TK_TEASER},
};

/* The TK_* flags of token tok in pair_words, or 0. */
static unsigned char pair_flags(const char *tok)
{
    long i = word_index(tok, pair_words, sizeof pair_words / sizeof pair_words[0],
                        sizeof pair_words[0]);
    return i < 0 ? 0 : pair_words[i].flags;
}

/* Cue words inside long glued tokens ("relatedpoststitle", "topadvert"),
   sorted, and where those of each first letter begin and how many there are
   (a token is read position by position). */
static const cue_word parts[] = {
    {"advert", CUE_AD}, {"articlebody", CUE_STORY}, {"articlecontent", CUE_STORY},
    {"articletext", CUE_STORY}, {"bodytext", CUE_STORY}, {"breadcrumb", CUE_NAV},
    {"comment", CUE_COMMENT}, {"entrycontent", CUE_STORY}, {"footer", CUE_FOOTER},
    {"ingredient", CUE_STORY},      /* a recipe's list is its story */
    {"masthead", CUE_HEADER}, {"navbar", CUE_NAV}, {"navigation", CUE_NAV},
    {"newsletter", CUE_AD}, {"postbody", CUE_STORY}, {"postcontent", CUE_STORY},
    {"recommend", CUE_REC}, {"related", CUE_REC}, {"sidebar", CUE_ASIDE},
    {"sponsor", CUE_AD}, {"storybody", CUE_STORY}, {"storytext", CUE_STORY},
};
#define NPARTS (sizeof parts / sizeof parts[0])
static const unsigned char part_range[26][2] = {
    ['a' - 'a'] = {0, 4}, ['b' - 'a'] = {4, 2}, ['c' - 'a'] = {6, 1}, ['e' - 'a'] = {7, 1},
    ['f' - 'a'] = {8, 1}, ['i' - 'a'] = {9, 1}, ['m' - 'a'] = {10, 1}, ['n' - 'a'] = {11, 3},
    ['p' - 'a'] = {14, 2}, ['r' - 'a'] = {16, 2}, ['s' - 'a'] = {18, 4},
};

/* The cues of the parts glued in tok (small letters and digits). */
static unsigned part_cues(const char *tok)
{
    unsigned bits = 0;
    for (const char *t = tok; *t; t++) {
        unsigned c = (unsigned char)*t - 'a';
        if (c >= 26)
            continue;
        for (unsigned i = part_range[c][0]; i < part_range[c][0] + part_range[c][1]; i++) {
            const char *w = parts[i].word + 1, *x = t + 1;
            while (*w && *w == *x)
                w++, x++;
            if (*w == '\0')
                bits |= 1u << parts[i].cue;
        }
    }
    return bits;
}

int pith_segment_cue_words_ok(void)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof cue_words / sizeof cue_words[0]; i++)
        if (cue_words[i].cue >= CUE_COUNT ||
            (i && strcmp(cue_words[i - 1].word, cue_words[i].word) >= 0))
            return 0;
    for (size_t i = 1; i < sizeof pair_words / sizeof pair_words[0]; i++)
        if (strcmp(pair_words[i - 1].word, pair_words[i].word) >= 0)
            return 0;
    for (size_t i = 0; i < NPARTS; i++) {
        unsigned c = (unsigned char)parts[i].word[0] - 'a';
        if (c >= 26 || i < part_range[c][0] || i >= part_range[c][0] + part_range[c][1] ||
            parts[i].cue >= CUE_COUNT || (i && strcmp(parts[i - 1].word, parts[i].word) >= 0))
            return 0;
    }
    for (unsigned c = 0; c < 26; c++)
        n += part_range[c][1];
    return n == NPARTS;
}

/* What a token of a class or id says alone: its cue bits (a cue word's, or
   those of the words glued in it) and its part in a two-token name (TK_*). */
static unsigned token_info(const char *tok, size_t n, unsigned char *flags)
{
    const cue_word *w = find_cue_word(tok);
    unsigned bits = w ? 1u << w->cue : n >= 8 && n <= 24 ? part_cues(tok) : 0;
    /* longer ones are hashes and data */
    *flags = pair_flags(tok);
    return bits;
}

/* token_info through the cache of tokens (by the hash h of tok[0..n)):
   utility classes ("flex", "mt-4") come back in every value. */
static unsigned cached_token(struct seg_tok_cache *cache, const char *tok, size_t n,
                             unsigned h, unsigned char *flags)
{
    struct seg_tok_cache *e = &cache[(h ^ h >> 15) % SEG_TOK_CACHE];
    size_t i = 0;
    if (e->len == n)           /* tokens are short: compared in line */
        while (i < n && e->tok[i] == tok[i])
            i++;
    if (e->len != n || i < n) {
        e->bits = token_info(tok, n, &e->flags);
        e->len = (unsigned char)n;
        memcpy(e->tok, tok, n);
    }
    *flags = e->flags;
    return e->bits;
}

/* The cue bits of token tok (of n bytes, hash h) after a token with flags
   prev (0: none, or a space between): its own, and those of the pair. */
static unsigned pair_cues(struct seg_tok_cache *cache, const char *tok, size_t n, unsigned h,
                          unsigned char *prev, unsigned bits)
{
    unsigned char f;
    bits |= cached_token(cache, tok, n, h, &f);
    if (((*prev & TK_ABOUT) && (f & TK_AUTHOR)) || ((*prev & TK_AUTHOR) && (f & TK_BIO_TAIL)))
        bits |= 1u << CUE_BIO;
    if ((*prev & TK_RECENT) && (f & TK_COMMENTS)) {
        /* "recent-comments": a widget of links to the posts last commented on */
        bits &= ~(1u << CUE_COMMENT);
        bits |= 1u << CUE_REC;
    }
    if ((*prev & TK_HEAD) && (f & TK_TAIL))
        bits |= 1u << CUE_STORY;
    else if ((*prev & TK_HEAD) && (f & TK_TEASER)) {
        /* "story-card", "article-list": teasers of other stories */
        bits &= ~(1u << CUE_ARTICLE);
        bits |= 1u << CUE_REC;
    }
    *prev = f;
    return bits;
}

/* The bytes of a class or id token: ASCII letters and digits, as small
   letters and digits; 0 for the others. */
static const unsigned char tok_byte[256] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
    ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
    ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
    ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
    ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
    ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
    ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
    ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
    ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
    ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
};

/* Reads the tokens of an attribute value into cue bits. */
unsigned pith_value_cues(struct seg_tok_cache *cache, const char *v)
{
    char tok[32];
    unsigned char prev = 0;
    unsigned bits = 0, h = SEG_HASH_INIT;
    size_t n = 0;
    for (const char *p = v;; p++) {
        unsigned char c = (unsigned char)*p;
        unsigned lower = tok_byte[c];
        int alnum, split;
        /* within a token, the common case: up to a byte that ends it, or
           (camelCase) a capital after a small letter (tok holds small
           letters and digits only) */
        while (lower && n > 0 && !(lower != c && tok[n - 1] >= 'a')) {
            if (n < sizeof tok - 1) {
                tok[n++] = (char)lower;
                h = (h ^ lower) * 16777619u;
            }
            c = (unsigned char)*++p;
            lower = tok_byte[c];
        }
        alnum = lower != 0;
        split = lower != c && alnum && n > 0 && tok[n - 1] >= 'a';
        if ((!alnum || split) && n > 0) {
            tok[n] = '\0';
            bits = pair_cues(cache, tok, n, h, &prev, bits);
            n = 0, h = SEG_HASH_INIT;
        }
        if (c == '\0')
            break;
        if (n == 0 && (c == 'c' || c == 't') && (p == v || p[-1] == ' ') &&
            (!strncmp(p, "category-", 9) || !strncmp(p, "tag-", 4))) {
            /* WordPress post classes name the post's topics, not a region */
            p += strcspn(p, " ") - 1;
            continue;
        }
        if (alnum && n < sizeof tok - 1) {
            tok[n++] = (char)(c | 0x20);
            h = (h ^ (c | 0x20)) * 16777619u;
        } else if (!alnum && c != '-' && c != '_')
            prev = 0;           /* a space ends a compound class name */
    }
    return bits;
}

/* The same for the n bytes of s, lower being n bytes long. */
static int same_lower_n(const char *s, const char *lower, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((unsigned)(c - 'A') < 26u)
            c |= 0x20;
        if (c != (unsigned char)lower[i])
            return 0;
    }
    return 1;
}

/* The bytes that end a class name: whitespace as hidden_class reads it, and
   the end of the value. */
static const unsigned char name_end[256] = { [0] = 1, [' '] = 1, ['\t'] = 1, ['\n'] = 1 };

/* Can a hiding class name begin with c (lower case)? */
static int first_ok(unsigned char c)
{
    const unsigned long set = 1ul << ('d' - 'a') | 1ul << ('h' - 'a') | 1ul << ('o' - 'a') |
                              1ul << ('s' - 'a') | 1ul << ('u' - 'a') | 1ul << ('v' - 'a');
    return (unsigned)(c - 'a') < 26u && (set >> (c - 'a') & 1);
}

/* Does the class name at p (n bytes) show its element from some screen
   width on: Tailwind's "md:block", "lg:flex", Bootstrap's "d-lg-block"?
   Beside "hidden" or "d-none" it says the element is hidden on phones only,
   and a desktop browser shows it (a site's main menu, and on broken markup
   whatever the parser leaves inside it: the story). */
static int shows_wide(const char *p, size_t n)
{
    static const char *const widths[] = { "sm", "md", "lg", "xl", "2xl", "xxl" };
    static const char *const displays[] = {
        "block", "flex", "grid", "inline", "inline-block", "inline-flex", "table",
        "table-cell", "table-row", "flow-root", "contents"
    };
    char sep = ':';
    if (n > 2 && p[0] == 'd' && p[1] == '-')
        p += 2, n -= 2, sep = '-';
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
        size_t w = strlen(widths[i]);
        if (n <= w + 1 || p[w] != sep || !same_lower_n(p, widths[i], w))
            continue;
        for (size_t j = 0; j < sizeof displays / sizeof displays[0]; j++)
            if (strlen(displays[j]) == n - w - 1 && same_lower_n(p + w + 1, displays[j], n - w - 1))
                return 1;
    }
    return 0;
}

/* Is the class name at p (n bytes) one that hides its element? */
static int hides_name(const char *p, size_t n)
{
#define NAME(s) {s, sizeof s - 1}
    static const struct {
        const char *name;
        size_t len;
    } names[] = {
        NAME("hidden"), NAME("hide"), NAME("sr-only"), NAME("visually-hidden"),
        NAME("visuallyhidden"), NAME("screen-reader-text"), NAME("screenreader-only"),
        NAME("offscreen"), NAME("d-none"), NAME("u-hidden")
    };
#undef NAME
    /* only names of 4 to 18 bytes beginning d, h, o, s, u or v */
    if (n < 4 || n > 18 || !first_ok((unsigned char)(p[0] | 0x20)))
        return 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].len == n && names[i].name[0] == (p[0] | 0x20) &&
            same_lower_n(p, names[i].name, n))
            return 1;
    return 0;
}

/* Does test take one of the class names in v? */
static int any_name(const char *v, int (*test)(const char *, size_t))
{
    const char *p = v;
    while (*p) {
        const char *t;
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        for (t = p; !name_end[(unsigned char)*t]; t++)
            ;
        if (t > p && test(p, (size_t)(t - p)))
            return 1;
        p = t;
    }
    return 0;
}

/* Whole class names that hide their element, unless another shows it on a
   wide screen ("hidden lg:flex"). */
int pith_hidden_class(const char *v)
{
    return any_name(v, hides_name) && !any_name(v, shows_wide);
}

/* Does an inline style hide the element: "display:none" or
   "visibility:hidden", in any case, spaces aside? */
int pith_style_hidden(const char *v)
{
    char compact[64];
    size_t n = 0;
    for (; *v; v++) {
        char c;
        if (*v == ' ' || *v == '\t' || *v == '\n')
            continue;
        if (n + 1 >= sizeof compact) {
            memmove(compact, compact + 32, n - 32);   /* keep a sliding tail */
            n -= 32;
        }
        c = (char)(*v | 0x20);
        compact[n++] = c;
        /* a match ends with the byte just added */
        if ((c == 'e' && n >= 12 && !memcmp(compact + n - 12, "display:none", 12)) ||
            (c == 'n' && n >= 17 && !memcmp(compact + n - 17, "visibility:hidden", 17)))
            return 1;
    }
    return 0;
}

unsigned pith_role_cues(const char *v)
{
    if (!strcasecmp(v, "navigation") || !strcasecmp(v, "menu") || !strcasecmp(v, "menubar") ||
        !strcasecmp(v, "tablist"))
        return 1u << CUE_NAV;
    if (!strcasecmp(v, "banner"))
        return 1u << CUE_HEADER;
    if (!strcasecmp(v, "contentinfo"))
        return 1u << CUE_FOOTER;
    if (!strcasecmp(v, "complementary"))
        return 1u << CUE_ASIDE;
    if (!strcasecmp(v, "main") || !strcasecmp(v, "article"))
        return 1u << CUE_ARTICLE;
    if (!strcasecmp(v, "search"))
        return 1u << CUE_FORM;
    return 0;
}

unsigned pith_itemprop_cues(const char *v)
{
    if (!strcasecmp(v, "articleBody") || !strcasecmp(v, "reviewBody") ||
        !strcasecmp(v, "recipeIngredient") || !strcasecmp(v, "ingredients") ||
        !strcasecmp(v, "recipeInstructions"))
        return 1u << CUE_STORY;
    if (!strcasecmp(v, "headline"))
        return 1u << CUE_HEADLINE;
    if (!strcasecmp(v, "author") || !strcasecmp(v, "datePublished"))
        return 1u << CUE_META;
    return 0;
}


/* --- where a link goes ---------------------------------------------------- */

/* Is host h (n bytes, any case) a social network's: one of its labels is
   the network's name ("www.facebook.com", "de.linkedin.com"), or the host
   is a short one ("x.com", "t.me", "vk.com")? */
static int social_host(const char *h, size_t n)
{
#define NAME(s) { s, sizeof s - 1 }
    static const struct { const char *name; size_t len; } names[] = {
        NAME("facebook"), NAME("twitter"), NAME("instagram"), NAME("linkedin"),
        NAME("pinterest"), NAME("youtube"), NAME("whatsapp"), NAME("xing"), NAME("tiktok"),
        NAME("reddit"), NAME("flipboard"), NAME("telegram"), NAME("mastodon")
    };
#undef NAME
    size_t i = 0;
    if ((n == 5 && same_lower_n(h, "x.com", 5)) || (n == 4 && same_lower_n(h, "t.me", 4)) ||
        (n == 6 && same_lower_n(h, "vk.com", 6)))
        return 1;
    while (i < n) {
        size_t k = i;
        while (k < n && h[k] != '.')
            k++;
        for (size_t j = 0; j < sizeof names / sizeof names[0]; j++)
            if (names[j].len == k - i && same_lower_n(h + i, names[j].name, k - i))
                return 1;
        i = k + 1;
    }
    return 0;
}

/* What the path p (n bytes, up to its query or fragment) says: an article
   (a segment of four words or more, a run of five digits, a year as a
   segment), a section (one segment of at most two words, or none), or
   another path.  Words are cut at - _ + and the dot; an extension of two to
   five letters ("story.html") is no word. */
static unsigned path_kind(const char *p, size_t n)
{
    size_t i = 0, segs = 0, words = 0;
    while (i < n) {
        size_t end, stop, k, run = 0;
        int inword = 0;
        while (i < n && p[i] == '/')
            i++;
        for (end = i; end < n && p[end] != '/'; end++)
            ;
        if (end == i)
            break;
        segs++;
        if (end - i == 4 && end < n &&
            ((p[i] == '1' && p[i + 1] == '9') || (p[i] == '2' && p[i + 1] == '0')) &&
            (unsigned)(p[i + 2] - '0') < 10u && (unsigned)(p[i + 3] - '0') < 10u)
            return 1u << LK_ARTICLE;    /* a year as a segment: /2019/ */
        /* the words stop at an extension: a last dot and two to five bytes */
        for (k = end; k > i && k + 6 > end && p[k - 1] != '.'; k--)
            ;
        stop = k > i + 1 && p[k - 1] == '.' && end - k >= 2 ? k - 1 : end;
        words = 0;
        for (k = i; k < stop; k++) {
            unsigned char c = (unsigned char)p[k];
            run = c >= '0' && c <= '9' ? run + 1 : 0;
            if (run >= 5)
                return 1u << LK_ARTICLE;
            if (c == '-' || c == '_' || c == '+' || c == '.')
                inword = 0;
            else if (!inword)
                inword = 1, words++;
        }
        if (words >= 4)
            return 1u << LK_ARTICLE;
        i = end;
    }
    return segs <= 1 && words <= 2 ? 1u << LK_SECTION : 1u << LK_PATH;
}

/* Words of an address that name a sale, an offer or a sponsor: a shop, a
   product, a deal or voucher, an affiliate's or an ad server's redirect; a
   subscription, a newsletter, a donation, a membership.  An href with one
   of them as a whole token of its host, path or query (cut at every byte
   that is not a letter or a digit) is LK_PROMO.  Sorted for word_index. */
static const char *const promo_words[] = {
    "abo", "abonnement", "abonnez", "abonnieren", "abos", "adclick", "advertorial", "affiliate",
    "amazon", "amzn", "angebot", "angebote", "anzeige", "apoya", "boutique", "buy", "cart",
    "checkout", "click", "contribute", "coupon", "coupons", "deal", "deals", "donate",
    "donation", "donations", "ebay", "gutschein", "gutscheine", "kaufen", "linkcode",
    "membership", "newsletter", "newsletters", "offer", "offers", "plus", "premium", "product",
    "products", "produkt", "redirect", "shop", "shops", "sklep", "spende", "spenden", "sponsor",
    "sponsored", "store", "subscribe", "subscription", "subscriptions", "suscribete", "tienda",
    "voucher"
};

/* For each first letter of promo_words, the lengths of its words (bit n: a
   word of n letters): a token that opens with another letter or has
   another length is no promo word, and most of an address's tokens
   ("https", "www", "com", "html", ids) are ruled out before any look-up.
   pith_promo_words_ok (tests/check_segment.c) checks it against the list. */
static const unsigned short promo_lengths[26] = {
    ['a' - 'a'] = 0x0ff8, ['b' - 'a'] = 0x0108, ['c' - 'a'] = 0x05f0, ['d' - 'a'] = 0x0370,
    ['e' - 'a'] = 0x0010, ['g' - 'a'] = 0x0600, ['k' - 'a'] = 0x0040, ['l' - 'a'] = 0x0100,
    ['m' - 'a'] = 0x0400, ['n' - 'a'] = 0x0c00, ['o' - 'a'] = 0x0060, ['p' - 'a'] = 0x0190,
    ['r' - 'a'] = 0x0100, ['s' - 'a'] = 0x36f0, ['t' - 'a'] = 0x0040, ['v' - 'a'] = 0x0080
};

/* Whether href names a sale, an offer or a sponsor (promo_words). */
static int promo_href(const char *href)
{
    const unsigned char *p = (const unsigned char *)href;
    for (;;) {
        const unsigned char *t;
        unsigned first;
        while (*p && !tok_byte[*p])
            p++;
        if (!*p)
            return 0;
        first = (unsigned)(tok_byte[*p] - 'a');     /* a digit: 26 or more */
        for (t = p; tok_byte[*p]; p++)
            ;
        if (first < 26u && p - t < 16 && (promo_lengths[first] >> (p - t) & 1)) {
            char tok[16];
            size_t n = (size_t)(p - t);
            for (size_t i = 0; i < n; i++)
                tok[i] = (char)tok_byte[t[i]];
            tok[n] = '\0';
            if (word_index(tok, promo_words, sizeof promo_words / sizeof promo_words[0],
                           sizeof promo_words[0]) >= 0)
                return 1;
        }
    }
}

int pith_promo_words_ok(void)
{
    size_t n = sizeof promo_words / sizeof promo_words[0];
    for (size_t i = 0; i < n; i++) {
        const char *w = promo_words[i];
        size_t len = strlen(w);
        if (len < 2 || len > 15 || (unsigned)(w[0] - 'a') >= 26u ||
            !(promo_lengths[w[0] - 'a'] >> len & 1) || (i && strcmp(promo_words[i - 1], w) >= 0) ||
            strspn(w, "abcdefghijklmnopqrstuvwxyz0123456789") != len)
            return 0;
    }
    return 1;
}

unsigned pith_link_kind(const char *href)
{
    const char *p = href, *h = NULL;
    size_t hn = 0, n;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p == '\0')
        return 0;
    if (*p == '#' || same_lower_n(p, "javascript:", 11) || same_lower_n(p, "mailto:", 7) ||
        same_lower_n(p, "tel:", 4))
        return 1u << LK_LOCAL;
    /* scheme://host or //host */
    {
        const char *c = p;
        while (((unsigned)((*c | 0x20) - 'a') < 26u) || (c > p && ((unsigned)(*c - '0') < 10u ||
                                                                  *c == '+' || *c == '-' ||
                                                                  *c == '.')))
            c++;
        if (*c == ':' && c > p)
            c++;
        else
            c = p;
        if (c[0] == '/' && c[1] == '/') {
            h = c + 2;
            hn = strcspn(h, "/?#");
            p = h + hn;
        }
    }
    n = strcspn(p, "?#");
    return (h && social_host(h, hn) ? 1u << LK_SOCIAL : 0) | path_kind(p, n) |
           (strspn(p, "/") == n && (h || n) ? 1u << LK_HOME : 0) |
           (promo_href(href) ? 1u << LK_PROMO : 0);
}
