/* classify.c -- stage 5: labels each block after a bounded look-ahead.
 *
 * Blocks wait in a window until `lookahead` blocks have followed them (or the
 * window holds max_lookahead bytes, or the page ends); then the oldest is
 * decided from its own features, the blocks around it (the decided ones
 * before it, the waiting ones after it) and what the page has shown so far,
 * and handed to emit.  Memory: the window only.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include "filter.h"
#include "textcue.h"
#include "kindfit.h"

int pith_classify_init(pith_filter *pf)
{
    pf->cls.prev_label = 0;
    /* a development aid: the features of every block on stderr, for
       benchmarks/fit.py (docs/ARCHITECTURE.md) */
    {
        const char *v = getenv("PITH_FEATURES");
        pf->cls.dump_features = v == NULL ? 0 : strcmp(v, "kind") ? 1 : 2;
    }
    return PITH_OK;
}

void pith_classify_reset(pith_filter *pf)
{
    /* the window is empty after a flush: only the page's memory is left; the
       index of the text cues (the last field) stays */
    if (pf->cls.head == NULL) {
        int dump = pf->cls.dump_features;
        memset(&pf->cls, 0, offsetof(pith_classify, cues));
        pf->cls.dump_features = dump;
    }
}

void pith_classify_free(pith_filter *pf)
{
    pith_classify *c = &pf->cls;
    while (c->head) {
        pith_block *b = c->head;
        c->head = b->next;
        pith_block_destroy(&pf->mem, b);
    }
    c->tail = NULL;
    c->count = 0;
}

/* --- features ------------------------------------------------------------ */

#define CUE(b, c) ((b)->cue_depth[c])

/* Depth of the nearest boilerplate cue and which one it is (the first of
   them in the order below, of two as near): found once per block, when it
   is pushed (boiler_cue reads it after that). */
static int find_boiler_cue(const pith_block *b, int *which)
{
    const unsigned char *d = b->cue_depth;
    int best = 0, w = -1;
    /* a header inside an article is the article's own (headline, byline) */
    int article = d[CUE_ARTICLE] || d[CUE_STORY];
#define NEARER(cue) if (d[cue] > best) { best = d[cue]; w = cue; }
    /* a menu holds no article: a "nav" class over one is the page's
       wrapper ("l-outer--nav") */
    if (d[CUE_NAV] > d[CUE_ARTICLE] && d[CUE_NAV] > d[CUE_STORY])
        NEARER(CUE_NAV);
    if (!article)
        NEARER(CUE_HEADER);
    NEARER(CUE_FOOTER);
    NEARER(CUE_AD);
    NEARER(CUE_REC);
    NEARER(CUE_ASIDE);
    NEARER(CUE_COMMENT);
    NEARER(CUE_SOCIAL);
    NEARER(CUE_FORM);
    NEARER(CUE_PROMO);
#undef NEARER
    *which = w;
    return best;
}

static int boiler_cue(const pith_block *b, int *which)
{
    *which = b->boiler_which;
    return b->boiler_depth;
}

/* Words that say a block is not the story's (textcue.h): an ad label, an
   offer, "Related", an upsell, boilerplate, a link to the next post.  Such
   a block is never clean (read_context) nor a headline. */
#define TX_NOT_STORY (TX_ADWORD | TX_ADPREFIX | TX_RECPREFIX | TX_UPSELL | TX_BOILER | TX_PAGER)
/* ... and, besides, a consent notice, a share control, a sponsored widget's
   heading, a widget's label, a disclosure: no short line beside the story
   leans to it with any of these (unsure_line, in_story_root). */
#define TX_NOT_STORY_LINE (TX_NOT_STORY | TX_COOKIE | TX_SHARE | TX_SPONSORED | TX_WIDGET | \
                           TX_DISCLOSE)

/* The depth of the element the markup names the story body or the
   article, the nearer of the two; 0 if none. */
static unsigned story_cue(const pith_block *b)
{
    return CUE(b, CUE_STORY) > CUE(b, CUE_ARTICLE) ? CUE(b, CUE_STORY) : CUE(b, CUE_ARTICLE);
}

static double link_density(const pith_block *b)
{
    return b->words ? (double)b->link_words / b->words : (b->links ? 1.0 : 0.0);
}

/* Deepest common ancestor depth of two blocks (by element serials). */
static unsigned common_depth(const pith_block *a, const pith_block *b)
{
    unsigned i, n = 0;
    /* paths hold the innermost ancestors; align them by depth */
    unsigned da = a->depth, db = b->depth;
    if (a->npath <= da && b->npath <= db) {
        /* a->path[i] is at depth base + i + 1, and is in b's path for i in
           [lo, hi): the deepest that is the same is the first from hi down */
        unsigned base = da - a->npath, bbase = db - b->npath, lo, hi;
        if (db <= base)
            return 0;
        lo = bbase > base ? bbase - base : 0;
        hi = db - base < a->npath ? db - base : a->npath;
        for (i = hi; i > lo; i--)
            if (a->path[i - 1] == b->path[base + i - 1 - bbase])
                return base + i;
        return 0;
    }
    for (i = 0; i < a->npath; i++) {
        unsigned depth_a = da - a->npath + i + 1;   /* 1-based depth of a->path[i] */
        if (depth_a > db || depth_a + b->npath <= db)
            continue;
        unsigned j = depth_a - (db - b->npath) - 1;
        if (a->path[i] == b->path[j])
            n = depth_a;
    }
    return n;
}

static int on_path(const unsigned *path, unsigned n, unsigned serial)
{
    for (unsigned i = 0; i < n; i++)
        if (path[i] == serial)
            return 1;
    return 0;
}

/* The features the story score of a block weighs, each 0 or 1; their
   weights are in classify_weights.h, which benchmarks/fit.py generates (it
   reads the names from this list, in this order): the hand-set weights or
   fitted ones (benchmarks/README.md, "Fitted weights").  "Region": the
   nearest boilerplate cue is deeper than any story or article cue. */
enum {
    F_WORDS_FEW,     /* under 4 words (the baseline is 4-9) */
    F_WORDS10,       /* 10-19 words */
    F_WORDS20,       /* 20-39 */
    F_WORDS40,       /* 40 or more */
    F_WORDS100,      /* 100 or more (as well) */
    F_SENT2,         /* two sentences or more */
    F_NOSENT,        /* no sentence and under 15 words */
    F_LD20,          /* link density over 0.2, up to 0.35 */
    F_LD35,          /* over 0.35, up to 0.6 */
    F_LD60,          /* over 0.6 */
    F_TAG_P,         /* a <p> */
    F_TAG_LI_SHORT,  /* an <li> of under 8 words */
    F_TAG_CELL,      /* a table cell */
    F_TAG_QUOTE,     /* a <blockquote> */
    F_HEADING,       /* an <h1>-<h6> */
    F_IMAGES,        /* it holds an image */
    F_TX_BOILER,     /* words of boilerplate (TX_BOILER), under 60 words */
    F_TX_COOKIE,     /* a consent notice */
    F_TX_UPSELL,     /* a subscription or offer */
    F_TX_AD,         /* an ad label, "Sponsored by", a sponsored widget */
    F_TX_REC,        /* "Related", "Read more" */
    F_TX_SHARE,      /* "Share" */
    F_STORY,         /* a story-body cue at least as deep as any boilerplate cue */
    F_ARTICLE,       /* else an article cue deeper than any boilerplate cue */
    F_REGION,        /* in a boilerplate region */
    F_REGION_FAR,    /* ... strong prose, the cue far, the story not found elsewhere */
    F_REGION_WEAK,   /* ... not strong prose, under an ad, rec or nav cue */
    F_REGION_NAV, F_REGION_HEADER, F_REGION_FOOTER, F_REGION_AD, F_REGION_REC,
    F_REGION_ASIDE, F_REGION_COMMENT, F_REGION_SOCIAL, F_REGION_FORM, F_REGION_PROMO,
    F_PART_STRONG,   /* a boilerplate cue between article and story cue: strong prose */
    F_PART_WEAK,     /* ... not strong prose */
    F_META,          /* under a byline or date cue */
    F_CAPTION,       /* under a caption cue, or a <figcaption> */
    NFEAT
};
_Static_assert(NFEAT <= 64, "the features are bits of a 64-bit mask");

#include "classify_weights.h"
_Static_assert(sizeof fit_weights / sizeof fit_weights[0] == NFEAT + 1,
               "classify_weights.h has a weight for every feature, and the bias");

#define BIT(f) ((unsigned long long)1 << (f))

/* The features of the boilerplate cues around a block. */
static unsigned long long cue_features(const pith_classify *c, const pith_block *b, int strong)
{
    static const unsigned char kind[CUE_COUNT] = {
        [CUE_NAV] = F_REGION_NAV, [CUE_HEADER] = F_REGION_HEADER,
        [CUE_FOOTER] = F_REGION_FOOTER, [CUE_AD] = F_REGION_AD, [CUE_REC] = F_REGION_REC,
        [CUE_ASIDE] = F_REGION_ASIDE, [CUE_COMMENT] = F_REGION_COMMENT,
        [CUE_SOCIAL] = F_REGION_SOCIAL, [CUE_FORM] = F_REGION_FORM, [CUE_PROMO] = F_REGION_PROMO
    };
    int which, bd = boiler_cue(b, &which);
    int sd = CUE(b, CUE_STORY), ad = CUE(b, CUE_ARTICLE);
    unsigned long long x = 0;

    if (sd && sd >= bd) x |= BIT(F_STORY);
    else if (ad && ad > bd) x |= BIT(F_ARTICLE);
    if (bd && bd > sd && bd > ad) {
        /* near cues count fully, far ones give way to long prose (class
           names like "content-with-sidebar") */
        int near = b->depth - bd <= 3;
        /* once the story has been found, prose elsewhere is not story */
        int elsewhere = c->story_words >= 150 && c->last_story_npath &&
                        !on_path(b->path, b->npath, c->last_story_path[c->last_story_npath > 2 ?
                                 c->last_story_npath - 3 : 0]);
        x |= BIT(F_REGION) | BIT(kind[which]);
        if (strong && !near && !elsewhere) x |= BIT(F_REGION_FAR);
        if (!strong && (which == CUE_AD || which == CUE_REC || which == CUE_NAV))
            x |= BIT(F_REGION_WEAK);
    } else if (bd && bd > sd) {
        x |= strong ? BIT(F_PART_STRONG) : BIT(F_PART_WEAK);
    }
    return x;
}

/* The features of a block (enum above); tx are the text cues of its words. */
static unsigned long long features(const pith_classify *c, const pith_block *b, unsigned tx)
{
    double ld = link_density(b);
    unsigned w = b->words;
    unsigned long long x = 0;

    x |= w >= 40 ? BIT(F_WORDS40) : w >= 20 ? BIT(F_WORDS20) : w >= 10 ? BIT(F_WORDS10) :
         w < 4 ? BIT(F_WORDS_FEW) : 0;
    if (w >= 100) x |= BIT(F_WORDS100);
    if (b->sentences >= 2) x |= BIT(F_SENT2);
    if (b->sentences == 0 && w < 15) x |= BIT(F_NOSENT);
    x |= ld > 0.6 ? BIT(F_LD60) : ld > 0.35 ? BIT(F_LD35) : ld > 0.2 ? BIT(F_LD20) : 0;
    if (b->tag == TAG_p) x |= BIT(F_TAG_P);
    if (b->tag == TAG_li && w < 8) x |= BIT(F_TAG_LI_SHORT);
    if (b->tag == TAG_td || b->tag == TAG_th) x |= BIT(F_TAG_CELL);
    if (b->tag == TAG_blockquote) x |= BIT(F_TAG_QUOTE);
    if (b->heading) x |= BIT(F_HEADING);
    if (b->imgs) x |= BIT(F_IMAGES);
    if (w < 60 && (tx & TX_BOILER)) x |= BIT(F_TX_BOILER);
    if (tx & TX_COOKIE) x |= BIT(F_TX_COOKIE);     /* consent notices run long */
    if (tx & TX_UPSELL) x |= BIT(F_TX_UPSELL);
    if (tx & (TX_ADWORD | TX_ADPREFIX | TX_SPONSORED)) x |= BIT(F_TX_AD);
    if (tx & TX_RECPREFIX) x |= BIT(F_TX_REC);
    if (tx & TX_SHARE) x |= BIT(F_TX_SHARE);
    if (CUE(b, CUE_META)) x |= BIT(F_META);
    if (CUE(b, CUE_CAPTION) || b->tag == TAG_figcaption) x |= BIT(F_CAPTION);
    return x | cue_features(c, b, w >= 15 && ld < 0.25 && b->sentences >= 1);
}

/* The weighted sum of the features x, rounded to whole points of score. */
static int weigh(unsigned long long x)
{
    int sum = fit_weights[NFEAT];                 /* the bias */
#if defined(__GNUC__)
    for (; x; x &= x - 1)                         /* only the set bits */
        sum += fit_weights[__builtin_ctzll(x)];
#else
    for (unsigned f = 0; x; f++, x >>= 1)
        if (x & 1)
            sum += fit_weights[f];
#endif
    /* round half up: the floor of sum / FIT_ONE + 1/2, for negative sums too */
    sum += FIT_ONE / 2;
    return sum >= 0 ? sum / FIT_ONE : -((-sum + FIT_ONE - 1) / FIT_ONE);
}

/* The intrinsic story score of a block, before its neighbours are read;
   tx are the text cues of its words. */
static int local_score(const pith_classify *c, const pith_block *b, unsigned tx)
{
    return weigh(features(c, b, tx));
}

/* Does the block's text open with an arrow to the left or end with one to
   the right ("« Older post", "Next ›")? */
static int pager_arrow(const pith_block *b)
{
    const unsigned char *t = (const unsigned char *)b->text.data;
    size_t n = b->text.len;
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\n'))
        n--;
    while (n && (*t == ' ' || *t == '\n'))
        t++, n--;
    if (n < 2)
        return 0;
    /* «, » are C2 AB, C2 BB; ‹, › E2 80 B9, E2 80 BA; ←, → E2 86 90, E2 86 92 */
    if ((t[0] == 0xC2 && t[1] == 0xAB) ||
        (n >= 3 && t[0] == 0xE2 && ((t[1] == 0x80 && t[2] == 0xB9) || (t[1] == 0x86 && t[2] == 0x90))))
        return 1;
    return (t[n - 2] == 0xC2 && t[n - 1] == 0xBB) ||
           (n >= 3 && t[n - 3] == 0xE2 && ((t[n - 2] == 0x80 && t[n - 1] == 0xBA) ||
                                           (t[n - 2] == 0x86 && t[n - 1] == 0x92)));
}

/* Does b read as a breadcrumb trail: a few words, no sentence, parts
   joined by ">" or "›" ("News > Nation", "tennisnet.com › ATP", "> Tests")? */
static int breadcrumb(const pith_block *b)
{
    const char *t = b->text.data, *end;
    if (b->words > 8 || b->sentences || b->text.len == 0 || t == NULL)
        return 0;
    end = t + b->text.len;
    for (const char *p = t; p < end; p++)
        if ((*p == '>' && (p == t || p[-1] == ' ' || p[-1] == '\n')) ||
            (end - p >= 3 && !memcmp(p, "\xe2\x80\xba", 3)))
            return 1;
    return 0;
}

/* Does b's text hold a copyright sign? */
static int copyright_sign(const pith_block *b)
{
    for (size_t i = 0; i + 1 < b->text.len; i++)
        if ((unsigned char)b->text.data[i] == 0xC2 && (unsigned char)b->text.data[i + 1] == 0xA9)
            return 1;
    return 0;
}

/* The label of a block that is not story. */
static int other_label(const pith_block *b, unsigned tx)
{
    int which;
    int bd = boiler_cue(b, &which);
    double ld = link_density(b);

    if (b->words <= 8 && (tx & TX_ADWORD))
        return PITH_ADVERTISING;
    if ((tx & TX_COUNT) && ld > 0.5)  /* an archive's month, a category: "(23)" posts */
        return PITH_NAVIGATION;
    if ((b->words <= 8 && (tx & TX_SHARE)) || (tx & TX_COOKIE))
        return PITH_NAVIGATION;         /* (a consent notice, whatever class "ads-active" says) */
    if ((b->words <= 12 && (tx & TX_SPONSORED)) || (tx & TX_DISCLOSE))
        return PITH_ADVERTISING;
    if (b->words >= 6 && b->words <= 40 && (tx & TX_UPSELL) && b->links <= 1 && ld < 0.8)
        return PITH_ADVERTISING;           /* not a menu with a "Subscribe" item */
    /* an offer is an ad, also as a link in a menu ("Subscribe for unlimited access") */
    if (b->words >= 3 && (tx & TX_ADPREFIX))
        return PITH_ADVERTISING;
    /* a job advertisement's title, in a list of them or alone ("Kraftwerker
       (m/w/d)"), not the link to the post before ("Jobangebot: ...") */
    if ((tx & TX_JOB) && !(tx & TX_PAGER))
        return PITH_ADVERTISING;
    /* a menu item is a menu item, whatever its words say ("Latest news") */
    if (bd && ld > 0.5 && (which == CUE_NAV || which == CUE_HEADER || which == CUE_FOOTER ||
                           which == CUE_SOCIAL) && b->words / (b->links ? b->links : 1) < 7)
        return PITH_NAVIGATION;
    if (tx & TX_ADPREFIX)
        return PITH_ADVERTISING;
    /* "Related", "Read more", also as a linked line in the story */
    if ((b->words <= 12 || (b->links >= 1 && b->words <= 25)) && (tx & TX_RECPREFIX))
        return PITH_RECOMMENDATION;
    if (b->words <= 40 && (tx & TX_UPSELL) && b->links <= 1)
        return PITH_ADVERTISING;
    if (bd) {
        /* only cues near the block name its kind: a far one is often an
           element left open by broken markup */
        int near = b->depth > 8 ? b->depth - 8 : 0;
        /* an ad cue on the article's (or story body's) own element
           ("article has-ads") names no block inside it */
        int ad = CUE(b, CUE_AD) == story_cue(b) ? 0 : CUE(b, CUE_AD);
        /* a sponsored teaser card is an ad, though its parts say "card" */
        if (ad > near && bd - ad <= 2) return PITH_ADVERTISING;
        if (CUE(b, CUE_REC) == bd) return PITH_RECOMMENDATION;
        if (CUE(b, CUE_PROMO) == bd) return PITH_RECOMMENDATION;  /* a teaser */
        if (ad > near) return PITH_ADVERTISING;
        if (CUE(b, CUE_REC) > near) return PITH_RECOMMENDATION;
    }
    /* the link to the post before or after this one: "« Title", "Next article" */
    if (b->links >= 1 && ld > 0.5 && b->words <= 25 &&
        ((tx & TX_PAGER) || pager_arrow(b) || b->pager))
        return PITH_NAVIGATION;
    /* a copyright or legal line, the site's "powered by": linked words
       that read like a headline, but no teaser */
    if (b->words <= 30 && ((tx & TX_BOILER) || copyright_sign(b)))
        return PITH_NAVIGATION;
    /* teaser: a link whose text reads like a headline */
    if (b->links >= 1 && ld > 0.6 && b->words / (b->links ? b->links : 1) >= 5)
        return PITH_RECOMMENDATION;
    return PITH_NAVIGATION;
}

/* --- decisions ----------------------------------------------------------- */

/* The next word of t[*i..n): its bytes lower-cased into w (cap bytes at
   most, NUL-terminated); ASCII letters and digits and all bytes beyond
   ASCII make words.  Returns its length, 0 at the end. */
static size_t next_word(const char *t, size_t n, size_t *i, char *w, size_t cap)
{
    size_t k = 0;
    while (*i < n && !isalnum((unsigned char)t[*i]) && (unsigned char)t[*i] < 0x80)
        (*i)++;
    while (*i < n && (isalnum((unsigned char)t[*i]) || (unsigned char)t[*i] >= 0x80)) {
        if (k + 1 < cap)
            w[k++] = (char)tolower((unsigned char)t[*i]);
        (*i)++;
    }
    w[k] = '\0';
    return k;
}

/* Are the block's words, but for one in five at most, words of the page
   title, three of them at least ("Corona-Pandemie „Es kommt ...\"" under
   the title "Corona-Pandemie - „Es kommt ...\" | Site", a headline that
   adds "(5 Examples)")?  Words of two bytes or less do not count. */
static int title_words(const pith_page *pg, const pith_block *b)
{
    char tw[48][24], w[24];
    unsigned char tl[48];
    size_t nt = 0, i = 0, len;
    unsigned seen = 0, found = 0, misses = 0;
    while (nt < 48 && (len = next_word(pg->title.data, pg->title.len, &i, tw[nt], 24)) > 0)
        if (len > 2)
            tl[nt++] = (unsigned char)(len < 23 ? len : 23);
    if (nt < 3)
        return 0;
    for (i = 0; (len = next_word(b->text.data, b->text.len, &i, w, sizeof w)) > 0;) {
        size_t k;
        if (len <= 2)
            continue;
        if (len > 23)
            len = 23;
        seen++;
        for (k = 0; k < nt && !(tl[k] == len && !memcmp(w, tw[k], len)); k++)
            ;
        if (k < nt)
            found++;
        else if (++misses * 5 > b->words)
            return 0;       /* more than one in five of its words at most: no */
    }
    return found >= 3 && found * 5 >= seen * 4;
}

/* Does the block's text open the page title (or the title open the text)?
   Titles add the site's name: "Headline | Site", "Headline - Site". */
static int title_match(const pith_page *pg, const pith_block *b)
{
    const pith_buf *t = &pg->title;
    size_t n = b->text.len < t->len ? b->text.len : t->len;
    if (n < 12)
        return 0;
    if (strncasecmp(b->text.data, t->data, n) == 0)
        return 1;
    /* "Site: Headline" or "Site | Headline" */
    const char *p = t->data;
    for (int k = 0; k < 2 && p; k++) {
        p = strpbrk(p, "|:-\xe2");
        if (p == NULL)
            break;
        while (*p && (*p == '|' || *p == ':' || *p == '-' || *p == ' ' || (unsigned char)*p >= 0x80))
            p++;
        size_t m = strlen(p) < b->text.len ? strlen(p) : b->text.len;
        if (m >= 12 && strncasecmp(b->text.data, p, m) == 0)
            return 1;
    }
    return b->heading && b->words >= 3 && b->words <= 25 && title_words(pg, b);
}

/* Serial of a block's ancestor at a 1-based depth, or 0 if not kept. */
static unsigned anc_at(const pith_block *x, unsigned depth)
{
    unsigned first = x->depth - x->npath + 1;     /* depth of path[0] */
    if (depth < first || depth > x->depth || x->depth < x->npath)
        return 0;
    return x->path[depth - first];
}

/* Is b inside the element that holds both the last story block and a block
   ahead of it that reads as story?  Then it sits in the story's own text. */
static int sandwiched(const pith_block *b, const pith_block *last)
{
    for (const pith_block *n = b->next; n; n = n->next) {
        unsigned d, serial;
        if (n->words < 15 || link_density(n) > 0.3 || n->plain < 4)
            continue;
        d = common_depth(n, last);
        if (d < 3)
            return 0;
        serial = anc_at(n, d);
        return serial && on_path(b->path, b->npath, serial);
    }
    return 0;
}

/* Can block n be the page's headline: four words or more, an unlinked
   <h1>, or a line that repeats the page title? */
static int headline_like(const pith_page *pg, const pith_block *n)
{
    return n->words >= 4 && (title_match(pg, n) ? link_density(n) < 0.5 || n->heading
                                                : n->heading == 1 && link_density(n) < 0.5);
}

/* Is the headline one of the next two blocks, in the same header? */
static int headline_ahead(const pith_page *pg, const pith_block *b)
{
    int k = 0;
    for (const pith_block *n = b->next; n && k < 2; n = n->next, k++)
        if (headline_like(pg, n))
            return common_depth(b, n) + 3 >= b->depth;
    return 0;
}

/* Is the headline among the next four blocks, only short lines between
   (a date over the author's name and a section label), in the article's
   header: for a byline or date, which may sit deeper in a bar of its own
   than the kicker does? */
static int headline_below(const pith_page *pg, const pith_block *b)
{
    int k = 0;
    for (const pith_block *n = b->next; n && k < 4; n = n->next) {
        if (n->words == 0)
            continue;
        k++;
        if (headline_like(pg, n))
            return common_depth(b, n) + 6 >= b->depth;
        if (n->words > 5 || n->heading)
            return 0;
    }
    return 0;
}

/* Prose: several sentences of unlinked words, not a heading, list item or
   table cell (comments and teasers come as those). */
static int prose(const pith_block *b)
{
    return b->words >= 30 && b->sentences >= 1 && link_density(b) < 0.15 && !b->heading &&
           b->tag != TAG_li && b->tag != TAG_td && b->tag != TAG_th;
}

/* Prose of 40 words or more whose own score a cue over the whole article
   holds down ("share-wrapper": 3 or 4, not 5), not an author's bio, a
   byline's box or a comment. */
static int held_down_prose(const pith_block *n)
{
    return n->plain >= 3 && n->words >= 40 && prose(n) && !CUE(n, CUE_BIO) &&
           !CUE(n, CUE_META) && !CUE(n, CUE_COMMENT);
}

/* Is story prose among the next eight blocks, inside the article or
   story element that holds b (where the markup names none, inside b's
   near ancestor)? */
static int story_ahead_in(const pith_block *b)
{
    int k = 0;
    unsigned d = story_cue(b);
    if (d == 0)
        d = b->depth > 3 ? b->depth - 3 : 1;
    for (const pith_block *n = b->next; n && k < 8; n = n->next) {
        if (n->words == 0)
            continue;
        k++;
        if (n->words >= 20 && (n->plain >= 5 || held_down_prose(n)) && common_depth(b, n) >= d)
            return 1;
    }
    return 0;
}

/* Is b one of at most two links that make up a small navigation element
   (the links to the post before and after this one, not a menu of
   teasers)? */
static int pager_pair(const pith_classify *c, const pith_block *b)
{
    unsigned nd = CUE(b, CUE_NAV), serial = nd ? anc_at(b, nd) : 0, k = 1;
    int seen = 0;
    if (serial == 0 || b->links != 1 || link_density(b) <= 0.5 || b->words > 25 ||
        CUE(b, CUE_REC) > nd || CUE(b, CUE_PROMO) > nd || CUE(b, CUE_HEADLINE) > nd)
        return 0;
    if (serial == c->nav_serial)
        k += c->nav_blocks;          /* its blocks decided before b */
    for (const pith_block *n = b->next; n && seen < 3 && k <= 2; n = n->next) {
        if (n->words == 0)
            continue;
        seen++;
        if (!on_path(n->path, n->npath, serial))
            break;
        k++;
    }
    return k <= 2;
}

/* A remembered block's place (its ancestors and depth) in *out, for
   common_depth and sandwiched; 0 if none was remembered (npath 0). */
static int place(pith_block *out, const unsigned *path, unsigned npath, unsigned depth)
{
    if (npath == 0)
        return 0;
    out->npath = npath;
    out->depth = (unsigned char)depth;
    memcpy(out->path, path, sizeof out->path);
    return 1;
}

/* Keeps b's place (the inverse of place). */
static void keep_place(unsigned *path, unsigned *npath, unsigned *depth, const pith_block *b)
{
    memcpy(path, b->path, sizeof b->path);
    *npath = b->npath;
    *depth = b->depth;
}

/* The place of the last story block in *last; 0 if no block was story yet. */
static int last_story(const pith_classify *c, pith_block *last)
{
    return place(last, c->last_story_path, c->last_story_npath, c->last_story_depth);
}

/* Is b the next teaser of a list: the last block was a teaser, b is a
   link of the same element at the same depth, close to it? */
static int next_teaser(const pith_classify *c, const pith_block *b)
{
    pith_block last;
    int which;
    if (b->tag != c->rec_tag || b->depth != c->rec_depth || b->links == 0 || b->words < 3 ||
        link_density(b) < 0.5 || !place(&last, c->rec_path, c->rec_npath, c->rec_depth))
        return 0;
    if (boiler_cue(b, &which) &&
        (which == CUE_NAV || which == CUE_HEADER || which == CUE_FOOTER))
        return 0;                       /* a menu after a teaser */
    return common_depth(b, &last) + 2 >= b->depth;
}

/* Does b sit in the article element that holds the last story block? */
static int in_story_article(const pith_classify *c, const pith_block *b)
{
    pith_block last;
    return last_story(c, &last) && common_depth(b, &last) >= CUE(b, CUE_ARTICLE);
}

/* What the blocks around a block say of it. */
typedef struct context {
    int ahead_story;   /* story-like blocks among the next four, close by */
    int near_prev;     /* the last story block is a close relative */
    int between;       /* it sits in the element holding story text on both sides */
    int in_section;    /* inside a section a "Related"-style heading opened */
    int clean;         /* nothing in it or above it says boilerplate */
    int headline;      /* it repeats the page title */
} context;

/* Is the next block with words after b story prose (20 words or more,
   few links) whose common ancestor with b is at most `up` levels above b? */
static int prose_after(const pith_block *b, unsigned up)
{
    const pith_block *n = b->next;
    while (n && n->words == 0)
        n = n->next;
    return n && n->plain >= 5 && n->words >= 20 && link_density(n) < 0.2 &&
           common_depth(b, n) + up >= b->depth;
}

/* Is b, unlinked prose outside the element of the story's prose, the
   story going on in another wrapper: beside the last story block, or after
   a box that broke the story (a form, a "Related" <aside> between two
   wrappers of its paragraphs) at that block's depth, its wrapper a sibling
   of that block's, more prose after it?  A teaser's summary has its
   linked title after it. */
static int story_goes_on(const pith_classify *c, const pith_block *b, unsigned tx,
                         const context *cx)
{
    pith_block last;
    if (b->words < 20 || b->links || b->sentences < 1)
        return 0;
    return cx->near_prev ||
           (!(tx & (TX_NOT_STORY | TX_COOKIE)) && last_story(c, &last) &&
            last.depth == b->depth && common_depth(b, &last) + 2 >= b->depth &&
            prose_after(b, 2));
}

/* Reads the context of b and adds what it says to *score. */
static void read_context(pith_classify *c, const pith_page *pg, const pith_block *b,
                         unsigned tx, context *cx, int *score)
{
    const pith_block *n;
    pith_block last;
    int seen = 0, which, bd, sd, quote, shared;

    memset(cx, 0, sizeof *cx);
    for (n = b->next; n && seen < 4; n = n->next) {
        if (n->words == 0)
            continue;
        seen++;
        if (n->plain >= 3 && common_depth(b, n) + 3 >= b->depth)
            cx->ahead_story++;
    }
    /* blocks near story text are story unless they say otherwise */
    if (c->prev_story && last_story(c, &last)) {
        if (common_depth(b, &last) + 3 >= b->depth) {
            *score += 2;
            cx->near_prev = 1;
        }
        cx->between = sandwiched(b, &last);
    }
    if (cx->ahead_story >= 1 && (c->prev_story || cx->ahead_story >= 2))
        *score += 2;
    /* the headline repeats the page title (and may link to its own page) */
    if ((link_density(b) < 0.5 || b->heading) && b->words >= 4 && !c->headline_seq &&
        title_match(pg, b)) {
        *score += 6;
        cx->headline = 1;
    } else if (b->heading == 1 && link_density(b) < 0.5) {
        *score += 3;                     /* a headline */
    } else if (b->heading && cx->ahead_story) {
        *score += 2;                     /* a subheading of the story */
    }
    /* a list of links is never story, whatever surrounds it (but the
       headline may link to its own page) */
    if (link_density(b) > 0.5 && b->words < 30 && *score > 2 && !cx->headline)
        *score = 2;

    /* a new headline (<h1>) outside the section begins a new story: on a
       page of several articles, or many pages in one stream; the page's own
       headline ends it wherever it sits (a "sponsored by" over a wrapper) */
    if (c->section && b->heading == 1 && b->words >= 4 && link_density(b) < 0.5 &&
        (!on_path(b->path, b->npath, c->section_serial) || cx->headline))
        c->section = 0;
    /* after a "Related"-style heading, only the story's own container goes on */
    cx->in_section = c->section && on_path(b->path, b->npath, c->section_serial) &&
        !(c->last_story_npath >= 2 &&
          on_path(b->path, b->npath, c->last_story_path[c->last_story_npath - 2]));
    /* teasers after the heading, wherever they sit; but not the story
       going on in another wrapper */
    if (cx->in_section ||
        (c->section && c->story_root && !on_path(b->path, b->npath, c->story_root) &&
         !story_goes_on(c, b, tx, cx)))
        *score -= 9;

    bd = boiler_cue(b, &which);
    sd = story_cue(b);
    /* a pull quote in an <aside> inside the story's own element */
    quote = which == CUE_ASIDE && b->links <= (b->tag == TAG_blockquote ? 2u : 0u) &&
            c->story_root && on_path(b->path, b->npath, c->story_root);
    /* a cue over the story itself says nothing of the block (an article
       inside a "share" wrapper): the last story block, close by, sat under
       it; nor does the header element that holds the story's headline */
    shared = (bd && cx->near_prev && bd == c->last_story_bd && which == c->last_story_which) ||
             (which == CUE_HEADER && c->headline_header && anc_at(b, bd) == c->headline_header);
    cx->clean = (bd == 0 || bd <= sd || quote || shared) && !(b->words <= 8 && (tx & TX_SHARE)) &&
                !(tx & TX_NOT_STORY);
}

/* why a short block was taken as story; AS_BESIDE: a line beside the story
   that neither ends nor goes on with it (date_line) */
enum { AS_BODY, AS_BYLINE, AS_KICKER, AS_CREDIT, AS_BESIDE };

/* An unsure block that reads as a sentence or more, right beside story text
   (the story block before it, or a block that reads as story right after
   it): the lead under a headline, a standfirst, a last short paragraph.
   Beside the story, doubt leans to story. */
static int leans_to_story(const pith_classify *c, const pith_block *b, unsigned tx, int score,
                          const context *cx)
{
    const pith_block *n = b->next;
    int which, near;
    if (score < 0 || b->words < 12 || b->sentences < 1 || link_density(b) >= 0.2 ||
        b->heading || cx->in_section ||
        (tx & (TX_ADWORD | TX_ADPREFIX | TX_RECPREFIX | TX_UPSELL | TX_BOILER | TX_COOKIE |
               TX_SHARE | TX_SPONSORED)))
        return 0;
    boiler_cue(b, &which);
    if (which == CUE_COMMENT || which == CUE_FORM || which == CUE_FOOTER || which == CUE_NAV ||
        which == CUE_SOCIAL || which == CUE_AD)
        return 0;
    near = b->depth > 3 ? b->depth - 3 : 0;
    if (CUE(b, CUE_REC) > near || CUE(b, CUE_PROMO) > near || CUE(b, CUE_ASIDE) > near)
        return 0;                   /* a teaser card's summary, a promotion in a rail */
    while (n && n->words == 0)
        n = n->next;
    return (c->prev_story && cx->near_prev) || (n && n->plain >= 5 && link_density(n) < 0.2);
}

/* The buttons of an offer: a promotion's text goes before one of these. */
static const char *const cta_words[] = {
    "get started", "start free trial", "start your free trial", "try it free", "try for free",
    "try free", "free trial", "buy now", "shop now", "order now", "book now", "get it now",
    "jetzt kaufen", "jetzt bestellen", "jetzt testen", "jetzt abonnieren", "abonnieren",
    "s'abonner", "je m'abonne", "abonnez-vous", "suscríbete", "suscribirse", "assine já",
    "assine", "abbonati", "subscribe", "subscribe now", NULL
};

/* Is b the text of an ad unit: an ad label ("Advertisement", "Ads by
   EthicalAds"; only if labels) or an offer's button ("Get started") right
   after it, in the same small element?  Not for a menu (many short links). */
static int ad_neighbour(pith_classify *c, const pith_block *b, int labels)
{
    char folded[64];
    size_t nf;
    int k = 0;
    if (b->words < 6 || (b->links && b->words / b->links < 5))
        return 0;
    for (const pith_block *n = b->next; n && k < 2; n = n->next) {
        if (n->words == 0)
            continue;
        k++;
        if (common_depth(b, n) + 2 < b->depth || n->words > 8)
            return 0;
        if (!labels && (n->links == 0 || link_density(n) <= 0.5))
            continue;                   /* no button */
        nf = pith_text_fold(n->text.data, n->text.len < 60 ? n->text.len : 60, folded,
                            sizeof folded);
        if ((labels && (pith_text_ad_label(folded) || !strncmp(folded, "ads by ", 7))) ||
            (n->links >= 1 && link_density(n) > 0.5 &&
             (pith_text_in_words(folded, cta_words) ||
              (c && (pith_text_cues(c, folded, nf, n) & TX_UPSELL)))))
            return 1;
    }
    return 0;
}

/* Is unlinked prose (ten words or more) one of the next two blocks? */
static int prose_next(const pith_block *b)
{
    int k = 0;
    for (const pith_block *n = b->next; n && k < 2; n = n->next) {
        if (n->words == 0)
            continue;
        k++;
        if (n->plain >= 5 && n->words >= 10 && link_density(n) < 0.2)
            return 1;
    }
    return 0;
}

/* A credit or an end note beside the story: "Photo: ...", "Originally
   published in ...", "Reporting by ..." (also in a footer of the article). */
static int credit_line(const pith_classify *c, const pith_block *b, unsigned tx,
                       const context *cx)
{
    return (tx & (TX_CREDIT | TX_NOTE)) && !cx->in_section &&
           (link_density(b) < 0.7 || ((tx & TX_CREDIT) && b->words <= 15) ||
            ((tx & TX_CREDIT) && (CUE(b, CUE_CAPTION) || b->tag == TAG_figcaption) &&
             c->prev_story && cx->near_prev && cx->ahead_story >= 1)) &&
           !(tx & (TX_ADWORD | TX_ADPREFIX | TX_UPSELL | TX_COOKIE | TX_SHARE)) &&
           (c->prev_story || (c->headline_seq && cx->ahead_story >= 1) ||
            (c->story_gap == 2 && prose_next(b)));
}

/* A short label that reads "Related", "Veja também", "Notas relacionadas" over
   links: a list of other stories, though it sits inside the story. */
static int rec_heading(const pith_block *b, unsigned tx)
{
    int k = 0;
    if (b->words > 6 || b->links || !(tx & TX_RECPREFIX))
        return 0;
    for (const pith_block *n = b->next; n && k < 2; n = n->next) {
        if (n->words == 0)
            continue;
        k++;
        if (link_density(n) > 0.5 && common_depth(b, n) + 3 >= b->depth)
            return 1;
    }
    return 0;
}

/* A run of prose: b and one of the next three blocks are prose in the same
   element.  Long paragraphs one after another are what a story is made of;
   no teaser, menu or ad label reads so, whatever a class name far above
   says ("blog_teaser_text", "social-wrapper", "ad-container"). */
static int prose_run(const pith_classify *c, const pith_block *b, unsigned tx, int score,
                     const context *cx)
{
    int which, k = 0;
    if (!prose(b) || score < -3 || cx->in_section ||
        (tx & (TX_ADPREFIX | TX_RECPREFIX | TX_UPSELL | TX_BOILER | TX_COOKIE | TX_SPONSORED)))
        return 0;
    boiler_cue(b, &which);
    if (which == CUE_COMMENT || which == CUE_FORM || which == CUE_FOOTER)
        return 0;
    (void)c;
    for (const pith_block *n = b->next; n && k < 3; n = n->next) {
        if (n->words == 0)
            continue;
        k++;
        if (prose(n) && common_depth(b, n) + 2 >= b->depth)
            return 1;
    }
    return 0;
}

/* Words that tell who a person is by trade: a note on the author uses one. */
static const char *const trade_words[] = {
    "journalist", "journalistin", "reporter", "reporterin", "redakteur", "redakteurin",
    "autor", "autorin", "author", "writer", "editor", "columnist", "kolumnist",
    "kolumnistin", "korrespondent", "korrespondentin", "correspondent", "professor",
    "professorin", "fotograf", "fotografin", "photographer", "blogger", "bloggerin",
    "founder", "gründer", "gründerin", "consultant", "beraterin", "berater",
    "journaliste", "rédacteur", "rédactrice", "periodista", "jornalista", "dziennikarz",
    "dziennikarka", NULL
};

/* Verbs that follow a name where a note says who the person is. */
static const char *const who_verbs[] = {
    "is", "was", "ist", "war", "kam", "studierte", "arbeitet", "schreibt", "lebt", "est",
    "es", "é", "jest", "joined", "writes", "covers", "lives", NULL
};

/* Does b read as a note on a person, not the story's prose: it opens with
   a name (two or three capitalised words, "Dr." or "Prof." before them, a
   comma or "(Jahrgang ...)" after them may come first), then a verb that
   says who the person is ("Jane Doe is a reporter", "Markus Beispiel kam
   2001 zur Zeitung", "Anna Example, Fotografin aus Hamburg"), and names a
   trade among its words? */
static int person_note(const pith_block *b)
{
    char word[24];
    const char *t = b->text.data, *e = t + b->text.len;
    int caps = 0;
    size_t i = 0;
    if (b->words < 8 || b->words > 130 || b->heading || b->links > 3 || t == NULL)
        return 0;
    if (e - t > 4 && (!strncmp(t, "Dr. ", 4)))
        t += 4;
    else if (e - t > 6 && !strncmp(t, "Prof. ", 6))
        t += 6;
    /* the name: words that open with a capital (or a letter beyond ASCII) */
    while (t < e && caps < 4) {
        const char *w = t;
        if (!((*t >= 'A' && *t <= 'Z') || (unsigned char)*t >= 0xC3))
            break;
        while (t < e && *t != ' ' && *t != ',' && *t != '(')
            t++;
        if (t - w < 2 || t[-1] == ':')
            return 0;                   /* a label, "Autor: Anna ...", is a byline */
        caps++;
        if (t < e && *t != ' ')
            break;
        t++;
    }
    if (caps < 2 || caps > 3 || t >= e)
        return 0;
    /* the verb, unless a comma or a bracket follows the name ("Anna
       Example, Fotografin ...") */
    if (*t != ',' && *t != '(' && !(next_word(t, (size_t)(e - t), &i, word, sizeof word) &&
                                    pith_text_in_words(word, who_verbs)))
        return 0;
    for (i = 0; next_word(b->text.data, b->text.len, &i, word, sizeof word) > 0;)
        if (pith_text_in_words(word, trade_words))
            return 1;
    return 0;
}

/* The label of a block that is not story wherever it sits, or 0: the box
   about the writer after the story, a "Related" label over links, a
   contents heading or a rating widget. */
static int furniture(const pith_classify *c, const pith_block *b, unsigned tx)
{
    /* the author's box ("author-bio"): prose, but not the story's, after
       the story or, before it, inside the article (a byline's pop-up); a
       short byline in it stays with the rules for bylines */
    if (CUE(b, CUE_BIO) > CUE(b, CUE_STORY) && b->depth - CUE(b, CUE_BIO) <= 6 &&
        (c->story_words >= 100 || (CUE(b, CUE_ARTICLE) && CUE(b, CUE_BIO) > CUE(b, CUE_ARTICLE))) &&
        b->words >= 8 && !b->heading)
        return other_label(b, tx);
    /* a note on the author after the story, no box naming it ("Jane Doe
       is a reporter at ..."); not inside the element the markup names the
       story body, where an interview's note on its guest sits */
    if (c->story_words >= 100 && c->prev_story && !CUE(b, CUE_STORY) && person_note(b) &&
        !story_ahead_in(b))
        return other_label(b, tx);
    if (rec_heading(b, tx))
        return PITH_RECOMMENDATION;
    if ((tx & TX_WIDGET) && b->links <= 1)
        return PITH_NAVIGATION;
    return 0;
}

/* A short byline or date in a header or footer of its own (the article's
   header, a post's footer, a blog's date heading), not a comment's: such a
   cue says nothing against it being the story's. */
static int own_meta(const pith_block *b, unsigned tx)
{
    int which;
    boiler_cue(b, &which);
    return (which == CUE_HEADER || which == CUE_FOOTER) && !CUE(b, CUE_COMMENT) &&
           b->words <= 12 && (CUE(b, CUE_META) || (tx & (TX_BYLINE | TX_DATE))) &&
           !(tx & (TX_ADWORD | TX_ADPREFIX | TX_RECPREFIX | TX_UPSELL | TX_BOILER | TX_PAGER |
                   TX_SHARE));
}

/* A caption in the article: the markup's caption cue (or <figcaption>)
   nearer than any boilerplate cue, no ad cue above it, an article or
   story cue above that. */
static int own_caption(const pith_block *b)
{
    int which, bd = boiler_cue(b, &which);
    int cap = CUE(b, CUE_CAPTION) ? (int)CUE(b, CUE_CAPTION)
                                  : b->tag == TAG_figcaption ? (int)b->depth : 0;
    return cap > bd && !CUE(b, CUE_AD) && story_cue(b) && (int)story_cue(b) < cap;
}

/* An <h1> of four words or more, unlinked, in a header element (no
   boilerplate cue nearer), with the story's prose right after it: the
   article's own header, though the markup calls it the page's. */
static int header_headline(const pith_block *b, unsigned tx)
{
    int which, k = 0;
    boiler_cue(b, &which);
    if (which != CUE_HEADER || b->heading != 1 || b->links || b->words < 4 || (tx & TX_NOT_STORY))
        return 0;
    for (const pith_block *n = b->next; n && k < 3; n = n->next) {
        if (n->words == 0)
            continue;
        k++;
        if (n->words >= 20 && n->sentences >= 1 && link_density(n) < 0.2 && !n->heading)
            return 1;
    }
    return 0;
}

/* An unlinked <h1> of four words or more that repeats the page title, in
   a menu: the last item of a breadcrumb, which names the article. */
static int crumb_headline(const pith_page *pg, const pith_block *b)
{
    int which;
    boiler_cue(b, &which);
    return which == CUE_NAV && b->heading == 1 && !b->links && b->words >= 4 &&
           title_match(pg, b);
}

/* Is b an <h1>, or a heading the markup calls a headline? */
static int headline_tag(const pith_block *b)
{
    return b->heading == 1 || (b->heading && CUE(b, CUE_HEADLINE));
}

/* The caption or credit of the lead image, right before the page's
   headline, whatever box of the page's header holds the two ("© Name" in
   a figcaption over the <h1>): unlinked, in a figure or caption element,
   no headline yet, and the next line or the one after it an unlinked <h1>
   (or a heading the markup calls a headline) of three words or more close
   to it in the tree; not a line whose words say ad, upsell, share or
   consent, nor one in a menu, ad, teaser list, comments or form.  (The
   kicker's headline_ahead is stricter: four words, the image block between
   counted; with it a credit over a three-word or headline-class title is
   lost.) */
static int lead_caption(const pith_classify *c, const pith_block *b, unsigned tx)
{
    const pith_block *n;
    int which, k = 0;
    if (c->headline_seq || b->links || b->heading || b->words > 40 ||
        !(CUE(b, CUE_CAPTION) || b->tag == TAG_figcaption || b->tag == TAG_figure) ||
        (tx & (TX_ADWORD | TX_UPSELL | TX_SPONSORED | TX_SHARE | TX_COOKIE)))
        return 0;
    boiler_cue(b, &which);
    if (which == CUE_NAV || which == CUE_AD || which == CUE_REC || which == CUE_COMMENT ||
        which == CUE_FORM || which == CUE_PROMO || which == CUE_SOCIAL)
        return 0;
    for (n = b->next; n && k < 2; n = n->next) {
        if (n->words == 0)
            continue;
        k++;
        if (headline_tag(n) && n->words >= 3 && n->links == 0 &&
            common_depth(b, n) + 4 >= b->depth)
            return 1;
    }
    return 0;
}

/* The headline, or a byline or date before the story's prose: is b one? */
static int opening_line(const pith_classify *c, const pith_page *pg, const pith_block *b,
                        unsigned tx, int score, const context *cx, int *as)
{
    /* the page's headline: an <h1>, or a heading the markup calls one,
       before any headline or much story was taken, nothing nearer than its
       article saying boilerplate (or a breadcrumb's last item that repeats
       the page title); linked to its own page only inside the article */
    if (headline_tag(b) && !c->headline_seq &&
        c->story_words < 100 && (cx->clean || header_headline(b, tx) || crumb_headline(pg, b)) &&
        !cx->in_section &&
        b->words >= 2 && score >= -1 &&
        (link_density(b) < 0.5 || ((CUE(b, CUE_ARTICLE) || CUE(b, CUE_STORY)) && b->words >= 3)))
        return 1;
    /* a byline or date in the article whose prose follows */
    if ((cx->clean || own_meta(b, tx)) && !cx->in_section && b->words <= 12 &&
        (CUE(b, CUE_META) || (tx & (TX_BYLINE | TX_DATE))) && story_ahead_in(b)) {
        *as = AS_BYLINE;
        return 1;
    }
    /* a caption or photo credit in the article, its prose before or after;
       the element the markup calls a caption may sit in a box with a cue of
       its own (an "aside" or "footer" of a figure) */
    if ((cx->clean || own_caption(b)) && !cx->in_section && b->words <= 40 &&
        link_density(b) < 0.5 &&
        (CUE(b, CUE_CAPTION) || b->tag == TAG_figcaption || (tx & TX_CREDIT)) &&
        !(tx & (TX_SHARE | TX_COOKIE)) && (c->prev_story || story_ahead_in(b))) {
        *as = AS_CREDIT;
        return 1;
    }
    if (lead_caption(c, b, tx)) {
        *as = AS_CREDIT;
        return 1;
    }
    return 0;
}

/* The standfirst in a box the markup calls a teaser ("entry-teaser",
   "teaser-text": the article's summary under its headline): unlinked
   sentences right after the page's headline, that box the nearest cue, no
   teaser's linked title before b in it. */
static int standfirst_box(const pith_classify *c, const pith_block *b, unsigned tx)
{
    pith_block last;
    int which;
    boiler_cue(b, &which);
    if (which != CUE_REC || b->links || !b->sentences || b->words < 5 || b->words > 60 ||
        !c->headline_seq || b->seq > c->headline_seq + 4 || (tx & TX_NOT_STORY_LINE))
        return 0;
    return !(place(&last, c->rec_path, c->rec_npath, c->rec_depth) &&
             common_depth(b, &last) >= CUE(b, CUE_REC));
}

/* The lines around the headline and the byline at the end: is b one? */
static int header_line(const pith_classify *c, const pith_page *pg, const pith_block *b,
                       unsigned tx, const context *cx, int *as)
{
    /* between the headline and the body: dek, byline; a meta line with a
       date or time, its category and comment count linked, may be mostly links */
    if (cx->clean && !cx->in_section && c->headline_seq && b->seq <= c->headline_seq + 6 &&
        b->words <= 30 && cx->ahead_story >= 1 &&
        link_density(b) < (b->words <= 12 ? 0.7 : b->digits >= 4 ? 0.8 : 0.5)) {
        if (b->words <= 25 && b->sentences <= 2)
            *as = AS_BYLINE;
        return 1;
    }
    /* the kicker above the headline */
    if (cx->clean && b->words <= 5 && !c->headline_seq && headline_ahead(pg, b)) {
        *as = AS_KICKER;
        return 1;
    }
    /* a byline or date up to four lines above the headline, whatever box
       holds both (a "nav" bar of the article's header); not a teaser's */
    if (b->words <= 8 && (tx & (TX_BYLINE | TX_DATE)) && !(tx & (TX_SHARE | TX_NOT_STORY_LINE)) &&
        !CUE(b, CUE_COMMENT) && !c->headline_seq && c->prev_label != PITH_RECOMMENDATION &&
        !(b->tag == TAG_li && CUE(b, CUE_NAV)) && headline_below(pg, b)) {
        *as = AS_BYLINE;
        return 1;
    }
    /* the byline or date at the end of the story */
    if ((cx->clean || own_meta(b, tx)) && (CUE(b, CUE_META) || (tx & (TX_BYLINE | TX_DATE))) &&
        b->words <= 12 && link_density(b) < 0.5 && c->prev_story && cx->near_prev) {
        *as = AS_BYLINE;
        return 1;
    }
    /* byline and dateline under the headline (a linked author name, a date
       linking to the day's archive); not a share bar in the byline's box */
    if (b->words <= 25 && b->sentences <= 2 && !(tx & TX_SHARE) &&
        ((tx & (TX_BYLINE | TX_DATE)) || (CUE(b, CUE_META) && CUE(b, CUE_SOCIAL) <= CUE(b, CUE_META))) &&
        c->headline_seq &&
        b->seq <= c->headline_seq + 8 &&
        (link_density(b) < 0.7 || b->words <= 4 || (tx & TX_DATE))) {
        *as = AS_BYLINE;
        return 1;
    }
    return 0;
}

/* The serial of the form that b sits in, close above it and holding no
   article (not a form around the whole page), or 0. */
static unsigned small_form(const pith_block *b)
{
    unsigned f = CUE(b, CUE_FORM);
    if (f == 0 || b->depth - f > 6 || CUE(b, CUE_ARTICLE) > f || CUE(b, CUE_STORY) > f)
        return 0;
    return anc_at(b, f);
}

/* The label of the box that heading b heads, by the blocks after it in
   its element: advertising when the first is an ad by its own words or cues
   ("Stay informed" above a newsletter form, "Ihre Gabe hilft!" above a
   donation prompt), recommendation when the first two are teasers ("Top
   articles of the week" above a list of them); 0 when neither. */
static int box_lead(pith_classify *c, const pith_block *b)
{
    char folded[160];
    size_t nf;
    const pith_block *n;
    int k = 0, label = 0;
    if (!b->heading || b->words > 12 || b->links > 1)
        return 0;
    for (n = b->next; n && k < 2; n = n->next) {
        if (n->words == 0)
            continue;
        if (n->words > 40 || common_depth(b, n) + 2 < b->depth)
            return 0;
        nf = pith_text_fold(n->text.data, n->text.len < 150 ? n->text.len : 150, folded,
                            sizeof folded);
        label = other_label(n, pith_text_cues(c, folded, nf, n));
        if (label == PITH_ADVERTISING && k == 0)
            return label;
        if (label != PITH_RECOMMENDATION || n->links == 0)
            return 0;
        k++;
    }
    return k == 2 ? PITH_RECOMMENDATION : 0;
}

/* Does b sit in the element of the ad block before it, and in no menu,
   list of teasers or widget of its own inside that element? */
static int in_ad_box(const pith_classify *c, const pith_block *b, unsigned tx)
{
    unsigned i;
    int which, bd;
    if (c->adbox_left == 0 || b->words > 25 ||
        (tx & (TX_RECPREFIX | TX_WIDGET | TX_SHARE | TX_PAGER)) ||
        (CUE(b, CUE_NAV) && link_density(b) > 0.5))   /* the next item of a menu */
        return 0;
    for (i = b->npath; i > 0 && b->path[i - 1] != c->adbox_serial; i--)
        ;
    if (i == 0)
        return 0;
    bd = boiler_cue(b, &which);
    return bd <= (int)(b->depth - b->npath + i) || which == CUE_AD;
}

/* Is b part of an ad: text before or after an ad label in its element
   ("Anzeige"), a line of a small form that offered a newsletter, a short
   line after an ad block in its element? (The heading of an ad box:
   box_lead.) */
static int in_ad(const pith_classify *c, const pith_block *b, unsigned tx)
{
    return ad_neighbour(NULL, b, 1) || in_ad_box(c, b, tx) ||
           (c->adlabel_left && on_path(b->path, b->npath, c->adlabel_serial)) ||
           (c->adform_serial && small_form(b) == c->adform_serial);
}

/* A short unlinked line that scored just short of story, right beside
   story text (the story block before it, or story-like blocks ahead): a
   date, a photo credit, a kicker, a fact, a question of an FAQ.  Unsure
   beside the story, it leans to story, unless its words or a cue near it
   name it something else, or it is the site's header before any story (its
   tagline).  Not a heading, nor a label of three words or less without a
   digit, a date or a credit ("Kommentare schreiben", "Originalartikel:"):
   those head boxes of their own as often as the story. */
static int unsure_line(const pith_classify *c, const pith_block *b, unsigned tx, int score,
                       const context *cx)
{
    int which, near = b->depth > 3 ? b->depth - 3 : 0;
    if (score < 1 || b->links || b->words > 25 || cx->in_section || b->heading ||
        (b->words <= 3 && b->digits == 0 && !(tx & (TX_DATE | TX_CREDIT | TX_BYLINE))) ||
        !((c->prev_story && cx->near_prev) || cx->ahead_story >= 1) || (tx & TX_NOT_STORY_LINE))
        return 0;
    boiler_cue(b, &which);
    if (which == CUE_COMMENT || which == CUE_FORM || which == CUE_SOCIAL || which == CUE_AD ||
        CUE(b, CUE_REC) > near || CUE(b, CUE_PROMO) > near || CUE(b, CUE_ASIDE) > near ||
        CUE(b, CUE_AD) > near)
        return 0;
    return !(which == CUE_HEADER && !CUE(b, CUE_ARTICLE) && !CUE(b, CUE_STORY) && !c->prev_story);
}

/* Does b's text hold a time of day ("09:55", "2:33")? */
static int clock_time(const pith_block *b)
{
    const char *t = b->text.data;
    for (size_t i = 1; t && i + 2 < b->text.len; i++)
        if (t[i] == ':' && isdigit((unsigned char)t[i - 1]) &&
            isdigit((unsigned char)t[i + 1]) && isdigit((unsigned char)t[i + 2]) &&
            (i + 3 == b->text.len || !isdigit((unsigned char)t[i + 3])))
            return 1;
    return 0;
}

/* A short date or byline line ("12. September 2013", "Autor: Ann
   Example", "Last updated: 13 July 2020") one or two blocks from story text:
   after the story's last block, or before unlinked prose.  The story's own,
   whatever box the markup puts it in, unless it is a comment's, sits under
   a teaser (the block before it, or a teaser box around its article) or in
   a menu, or is a teaser's one link.  A date with its time of day may be
   ten words long ("First published on Nov 20, 2019 01:38 pm"). */
static int date_line(const pith_classify *c, const pith_block *b, unsigned tx, int *as)
{
    int near = 0;
    unsigned box = CUE(b, CUE_REC) > CUE(b, CUE_ASIDE) ? CUE(b, CUE_REC) : CUE(b, CUE_ASIDE);
    if (CUE(b, CUE_PROMO) > box)
        box = CUE(b, CUE_PROMO);
    if (!(tx & (TX_DATE | TX_BYLINE)) ||
        b->words > ((tx & TX_DATE) && !b->links && clock_time(b) ? 10 : 8) ||
        (tx & TX_NOT_STORY_LINE) || CUE(b, CUE_COMMENT) || c->prev_label == PITH_RECOMMENDATION ||
        (box && box < story_cue(b)) || CUE(b, CUE_NAV) > story_cue(b))
        return 0;
    if (c->story_gap && c->story_gap <= 2 &&
        !(b->links == 1 && link_density(b) > 0.5 && b->words >= 4))
        near = 1;
    if (!near)
        near = prose_next(b);
    if (near)
        *as = AS_BESIDE;
    return near;
}

/* Unlinked prose in the element that holds the story's prose, no
   boilerplate cue between the two (a cue over that element is over the
   story itself: an article in a "teaser" wrapper): the story going on after
   a line that was not, its contact block or a list between. */
static int in_story_root(const pith_classify *c, const pith_block *b, unsigned tx, int score)
{
    unsigned i, first = b->depth - b->npath + 1;   /* depth of path[0] (anc_at) */
    int which;
    if (c->story_root == 0 || b->words < 8 || b->sentences < 1 || link_density(b) >= 0.2 ||
        b->heading || score < -3 || b->depth < b->npath || (tx & TX_NOT_STORY_LINE))
        return 0;
    for (i = 0; i < b->npath && b->path[i] != c->story_root; i++)
        ;
    /* inside it, and its nearest boilerplate cue at or above it */
    return i < b->npath && (unsigned)boiler_cue(b, &which) <= first + i;
}

/* Does b's text end in '!' (spaces aside): a call, "Unterstütze uns jetzt!"? */
static int exclaims(const pith_block *b)
{
    size_t n = b->text.len;
    while (n > 0 && (b->text.data[n - 1] == ' ' || b->text.data[n - 1] == '\n'))
        n--;
    return n > 0 && b->text.data[n - 1] == '!';
}

/* Is b a heading between story paragraphs of its box, not a call
   ("Support us!"): words of an upsell in it ("How paywalls work") are
   its topic? */
static int subheading(const pith_classify *c, const pith_block *b)
{
    return b->heading && c->prev_story && !exclaims(b) && prose_after(b, 2);
}

/* Is b a subheading between the story's paragraphs whose own wrapper a
   class calls a header ("<header class=frame-header><h2>"): the class
   names the heading, not the page's header? */
static int header_heading(const pith_classify *c, const pith_block *b, unsigned tx)
{
    return b->heading >= 2 && !b->links && b->words <= 15 && c->prev_story &&
           !(tx & TX_NOT_STORY) && b->boiler_which == CUE_HEADER &&
           b->boiler_depth + 1 >= b->depth && !exclaims(b) && prose_after(b, 3);
}

/* Is b within three elements of the one holding the story's prose (a
   paragraph of it, a link or span in one)? */
static int near_root(const pith_classify *c, const pith_block *b)
{
    unsigned k = b->npath < 3 ? b->npath : 3;
    return c->story_root && on_path(b->path + b->npath - k, k, c->story_root);
}

/* Does b go on with the appeal or offer of the last two blocks, in their
   box after the story ("Support us" then "If you value our work, ..."):
   close to it, not in the element of the story's prose, no story prose
   after it? (The appeal's own words need not name it.) */
static int appeal_goes_on(const pith_classify *c, const pith_block *b, int score)
{
    pith_block last;
    unsigned d;
    if (!c->appeal_left || c->story_words < 100 || b->words > 60 || score >= 8 ||
        !place(&last, c->appeal_path, c->appeal_npath, c->appeal_depth))
        return 0;
    d = common_depth(b, &last);
    return d + 3 >= last.depth && d + 2 >= b->depth && !near_root(c, b) && !story_ahead_in(b);
}

/* Is b a heading after the story over an appeal or offer ("While you are
   here..." over "would you consider supporting our work?"), no story
   prose after it? */
static int appeal_heading(pith_classify *c, const pith_block *b, int score)
{
    return b->heading && b->words <= 12 && c->story_words >= 100 && score < 8 &&
           !subheading(c, b) && !story_ahead_in(b) && box_lead(c, b) == PITH_ADVERTISING;
}

/* Is b, though it scored as story, an ad: an ad label, an upsell or an
   affiliate disclosure inside the story, a heading that calls for support
   after the headline, an offer before its button (not a share control;
   the last paragraph before an ad label is story), the rest of an appeal
   after the story or its heading? */
static int ad_in_story(pith_classify *c, const pith_block *b, unsigned tx, int score)
{
    return (b->words <= 8 && (tx & TX_ADWORD)) || (tx & TX_DISCLOSE) ||
           (b->words <= 12 && (tx & TX_SPONSORED)) ||
           (b->words <= 40 && score < 8 && (tx & TX_UPSELL) && !subheading(c, b)) ||
           (b->heading && b->words <= 12 && c->headline_seq && (tx & TX_UPSELL) &&
            exclaims(b)) ||
           (b->words <= 40 && score < 8 && !(b->words <= 8 && (tx & TX_SHARE)) &&
            ad_neighbour(c, b, 0)) ||
           appeal_goes_on(c, b, score) || appeal_heading(c, b, score);
}

/* The label of a block whose score says story: story, but for what its
   own words or the box it heads say it is. */
static int scored_story(pith_classify *c, const pith_block *b, unsigned tx, int score)
{
    if (ad_in_story(c, b, tx, score))
        return PITH_ADVERTISING;
    if (b->words <= 8 && (tx & (TX_SHARE | TX_PAGER)))  /* a share control, a pager */
        return PITH_NAVIGATION;
    if (b->words <= 40 && score < 6 && (tx & TX_BOILER) && !subheading(c, b))
        return other_label(b, tx);
    /* "Read also: <a linked title>" between the story's paragraphs */
    if ((tx & TX_RECPREFIX) && b->words <= 25 && link_density(b) >= 0.3 && !b->heading)
        return PITH_RECOMMENDATION;
    /* a short heading over teasers ("Saiba mais", "Articles en relation"),
       though it sits in the story */
    if (b->heading && b->words <= 6 && b->links == 0 && score < 8 &&
        box_lead(c, b) == PITH_RECOMMENDATION)
        return PITH_RECOMMENDATION;
    return PITH_STORY;
}

/* The label of b from its score and context; *as says which rule took a
   block that scored too low as story. */
static int choose(pith_classify *c, const pith_page *pg, const pith_block *b, unsigned tx,
                  int score, const context *cx, int *as)
{
    const pith_block *n;
    int label;

    /* a line that opens "Photo:", "Abbildung:" is a caption, one that reads
       "By Mary Holm" or "Published on ..." a byline, whatever took it */
    *as = tx & TX_CREDIT ? AS_CREDIT : tx & TX_BYLINE ? AS_BYLINE : AS_BODY;
    if (b->words == 0) {
        /* an image alone: it goes with what follows it, else what precedes */
        for (n = b->next; n && n->words == 0; n = n->next)
            ;
        label = n ? (n->plain + (c->prev_story ? 2 : 0) >= 3 ? PITH_STORY : PITH_NAVIGATION)
                  : (c->prev_label ? c->prev_label : PITH_NAVIGATION);
        return label == PITH_STORY ? label : other_label(b, tx);
    }
    if ((label = furniture(c, b, tx)) != 0)
        return label;
    if (score >= 3)
        return scored_story(c, b, tx, score);
    /* the headline the title names, however little its link to its own
       page lets it score (over a post of a few short lines, a forum
       thread, a picture): an <h1>, or a heading with story text ahead; not
       the site's name, which the title says too but which links home */
    if (cx->headline && b->heading && !cx->in_section && !b->home &&
        (cx->ahead_story >= 1 || b->heading == 1))
        return PITH_STORY;
    if (breadcrumb(b))          /* whatever is near it (it sits over the headline) */
        return other_label(b, tx);
    if (prose_run(c, b, tx, score, cx) || leans_to_story(c, b, tx, score, cx) ||
        opening_line(c, pg, b, tx, score, cx, as) || in_story_root(c, b, tx, score))
        return PITH_STORY;
    /* unlinked text in the element the markup names the story body, nothing
       nearer saying otherwise: a list item, a table cell, a product's facts */
    if (cx->clean && !cx->in_section && CUE(b, CUE_STORY) > CUE(b, CUE_BIO) && score >= -2 &&
        b->words >= 2 && link_density(b) < 0.2)
        return PITH_STORY;
    /* unlinked text in the article, story before it and story prose after
       it: a fact box's line, a table cell, a subheading */
    if (cx->clean && !cx->in_section && CUE(b, CUE_ARTICLE) && score >= 1 && b->links == 0 &&
        c->story_words > 0 && (story_ahead_in(b) || (c->prev_story && in_story_article(c, b))))
        return PITH_STORY;
    if (credit_line(c, b, tx, cx)) {
        *as = tx & TX_CREDIT ? AS_CREDIT : AS_BYLINE;
        return PITH_STORY;
    }
    if (!cx->in_section && header_heading(c, b, tx))
        return PITH_STORY;
    /* short text between story blocks: a subheading, a list item, a table
       cell, a pull quote; an embedded post's "— name (@handle) date" links */
    if (cx->clean && !cx->in_section &&
        ((cx->near_prev && cx->ahead_story >= 1) || cx->between ||
         (c->prev_story && c->story_root && on_path(b->path, b->npath, c->story_root))) &&
        link_density(b) < (b->tag == TAG_blockquote ? 0.6 : 0.34))
        return PITH_STORY;
    /* a web address right after the story's text, close to it: a source,
       a reference, where to read more ("Quellen: 1 https://...") */
    if (cx->clean && !cx->in_section && (tx & TX_URL) && !b->heading && c->prev_story &&
        cx->near_prev)
        return PITH_STORY;
    if (!cx->in_section && standfirst_box(c, b, tx))
        return PITH_STORY;
    if (header_line(c, pg, b, tx, cx, as) || unsure_line(c, b, tx, score, cx) ||
        date_line(c, b, tx, as))
        return PITH_STORY;
    label = other_label(b, tx);
    if (label == PITH_RECOMMENDATION && pager_pair(c, b))
        label = PITH_NAVIGATION;
    if (cx->in_section && (label == PITH_NAVIGATION || label == PITH_RECOMMENDATION))
        label = c->section;
    if (label == PITH_NAVIGATION || label == PITH_RECOMMENDATION) {
        int lead = box_lead(c, b);      /* read once: it reads the blocks ahead */
        if (lead == PITH_ADVERTISING || in_ad(c, b, tx))
            label = PITH_ADVERTISING;
        else if (label == PITH_NAVIGATION && !(tx & (TX_SHARE | TX_WIDGET | TX_PAGER)) &&
                 (lead == PITH_RECOMMENDATION || next_teaser(c, b)))
            label = PITH_RECOMMENDATION;
    }
    return label;
}

/* What a story block is within the story. */
static int role_of(const pith_classify *c, const pith_block *b, const context *cx, int as)
{
    int main_cue = CUE(b, CUE_STORY) ? CUE(b, CUE_STORY) : CUE(b, CUE_ARTICLE);
    /* a heading after the page's headline and 100 words of story is the
       story's subheading, though an <h1> or called a headline (nearer the
       headline it may be the article's own after a site's) */
    int sub = b->heading && c->headline_seq && c->story_words >= 100 && !cx->headline;
    if (cx->headline || (!sub && headline_tag(b)))
        return ROLE_HEADLINE;
    if (CUE(b, CUE_CAPTION) || b->tag == TAG_figcaption || b->tag == TAG_caption ||
        b->tag == TAG_figure || as == AS_CREDIT)
        return ROLE_CAPTION;
    if (as == AS_KICKER)
        return ROLE_HEADER;
    if (as == AS_BYLINE || as == AS_BESIDE ||
        (CUE(b, CUE_META) && CUE(b, CUE_META) >= main_cue && b->words <= 25 &&
         b->sentences <= 2) ||
        (c->headline_seq && b->seq <= c->headline_seq + 5 && b->words <= 12 &&
         b->digits >= 4 && b->sentences <= 2 && b->tag != TAG_td && b->tag != TAG_th))
        return ROLE_BYLINE;              /* (the last test: a dateline) */
    if ((CUE(b, CUE_HEADER) > main_cue || (CUE(b, CUE_HEADLINE) && !sub)) && b->words < 40 &&
        !(b->words >= 20 && b->sentences >= 2 && !b->heading))
        return ROLE_HEADER;              /* the rest of the article's header: the dek */
    return ROLE_BODY;
}

/* Updates what the ad blocks so far say of the blocks after b: the box,
   the element after an ad label, the appeal, the form of an offer. */
static void remember_ad(pith_classify *c, const pith_block *b, unsigned tx)
{
    unsigned form;
    if (b->words && c->adlabel_left)
        c->adlabel_left--;
    if (b->words && c->adbox_left)
        c->adbox_left--;
    if (b->words && c->appeal_left)
        c->appeal_left--;
    if (b->label != PITH_ADVERTISING)
        return;
    if (b->words && b->words <= 40 && b->npath >= 2) {
        const pith_block *n = b->next;
        while (n && n->words == 0)
            n = n->next;
        c->adbox_serial = b->path[b->npath - 2];
        c->adbox_left = 2;
        /* a short unlinked offer or sponsor's heading whose element holds
           no more text (a heading in a wrapper of its own, a widget whose
           rest is an image): its box is the element around that one, where
           the next block sits.  Not an ad label: an empty slot's "Anzeige"
           says nothing of what follows the slot. */
        if (b->words <= 8 && b->links == 0 && b->npath >= 3 && n &&
            (tx & (TX_ADPREFIX | TX_SPONSORED | TX_UPSELL | TX_DISCLOSE)) &&
            !on_path(n->path, n->npath, c->adbox_serial) &&
            on_path(n->path, n->npath, b->path[b->npath - 3]))
            c->adbox_serial = b->path[b->npath - 3];
    }
    if (b->words && b->words <= 40 && (tx & TX_UPSELL) && !near_root(c, b)) {
        keep_place(c->appeal_path, &c->appeal_npath, &c->appeal_depth, b);
        c->appeal_left = 2;
    }
    if (b->words <= 3 && b->links == 0 && (tx & TX_ADWORD) &&
        b->npath >= 2) {                    /* an ad label: the ad follows, in its element */
        c->adlabel_serial = b->path[b->npath - 2];
        c->adlabel_left = 3;
    }
    if ((tx & TX_UPSELL) && (form = small_form(b)) != 0)
        c->adform_serial = form;            /* the rest of the form too */
}

/* Updates what the page has shown after b was decided. */
static void remember(pith_classify *c, const pith_block *b, unsigned tx, int score, int as)
{
    int label = b->label;
    if (label == PITH_RECOMMENDATION && b->words <= 12 && b->links == 0 &&
        ((tx & TX_RECPREFIX) || (b->heading && CUE(b, CUE_REC) && b->digits < 4)) &&
        b->npath >= 2) {                    /* (a date in a "teaser-meta" heading opens none) */
        c->section = PITH_RECOMMENDATION;   /* a heading like "Related stories" */
        c->section_serial = b->path[b->npath - 2];
    } else if (label == PITH_ADVERTISING && b->words <= 12 && b->links == 0 && b->npath >= 2 &&
               (tx & TX_SPONSORED)) {
        c->section = PITH_ADVERTISING;      /* "Promoted stories", "Partner news" */
        c->section_serial = b->path[b->npath - 2];
    } else if (b->words <= 6 && b->links == 0 && b->npath >= 2 && (tx & TX_WIDGET) &&
               !c->section) {
        c->section = PITH_NAVIGATION;       /* "Contents", "About the author" */
        c->section_serial = b->path[b->npath - 2];
    } else if (label == PITH_STORY && score >= 8) {
        c->section = 0;                     /* strong story text ends it */
    }
    if (label == PITH_STORY && b->role == ROLE_HEADLINE) {
        int which;
        unsigned bd = (unsigned)boiler_cue(b, &which);
        c->headline_seq = b->seq + 1;       /* + 1: 0 means none */
        c->headline_header = which == CUE_HEADER ? anc_at(b, bd) : 0;
    }
    remember_ad(c, b, tx);
    if (label == PITH_RECOMMENDATION && b->words && b->links) {
        keep_place(c->rec_path, &c->rec_npath, &c->rec_depth, b);
        c->rec_tag = b->tag;
    } else if (b->words) {
        c->rec_npath = 0;
    }
    if (b->words && CUE(b, CUE_NAV)) {      /* the blocks of a navigation element */
        unsigned serial = anc_at(b, CUE(b, CUE_NAV));
        c->nav_blocks = serial == c->nav_serial ? c->nav_blocks + 1 : 1;
        c->nav_serial = serial;
    }

    /* an ad label inside the story ("Advertisement") does not end it, nor
       does a "Read more: ..." line linking elsewhere between its paragraphs */
    if (b->words && !(label == PITH_ADVERTISING && b->words <= 8 && (tx & TX_ADWORD)) &&
        !(label == PITH_STORY && as == AS_BESIDE) &&
        !(label == PITH_RECOMMENDATION && (tx & TX_RECPREFIX) && b->links >= 1 &&
          b->words <= 15 && c->prev_story)) {
        c->prev_story = label == PITH_STORY;
        if (label == PITH_STORY)
            c->story_gap = 1;
        else if (c->story_gap && c->story_gap < 255)
            c->story_gap++;
        if (label == PITH_STORY && b->words >= 25 && link_density(b) < 0.25 && b->npath >= 2)
            c->story_root = b->path[b->npath - 2];   /* the element holding the prose */
        if (label == PITH_STORY) {
            c->story_words += b->words;
            keep_place(c->last_story_path, &c->last_story_npath, &c->last_story_depth, b);
            c->last_story_bd = boiler_cue(b, &c->last_story_which);
        }
    }
    c->prev_label = label;
}

/* Do b's own words name its kind: an ad label, an affiliate disclosure,
   "Sponsored by", "Promoted stories", a consent notice? */
static int named_kind(const pith_block *b, unsigned tx)
{
    return (tx & (TX_DISCLOSE | TX_SPONSORED | TX_ADPREFIX | TX_COOKIE | TX_JOB)) ||
           (b->words <= 8 && (tx & TX_ADWORD)) || ((tx & TX_COUNT) && link_density(b) > 0.5);
}

/* One line on stderr for benchmarks/fit.py: the block's number, its local
   score, its score after its context was read, and its features. */
static void dump_features(const pith_classify *c, const pith_block *b, unsigned tx, int local,
                          int score)
{
    fprintf(stderr, "pith-features\t%u\t%d\t%d\t%llx\n", b->seq, local, score,
            features(c, b, tx));
}

/* Labels b: its own score, its context, then the rules for short blocks. */
static void decide(pith_classify *c, const pith_page *pg, const pith_filterlist *fl,
                   pith_block *b)
{
    char folded[160];
    size_t nfolded;
    context cx;
    unsigned tx;
    int score, local, as;
    double x;

    nfolded = pith_text_fold(b->text.data ? b->text.data : "", b->text.len < 150 ? b->text.len : 150,
                             folded, sizeof folded);
    tx = pith_text_cues(c, folded, nfolded, b);
    score = local = local_score(c, b, tx);
    read_context(c, pg, b, tx, &cx, &score);
    if (c->dump_features == 1 && b->text.len)      /* the blocks jsonl writes */
        dump_features(c, b, tx, local, score);
    b->label = choose(c, pg, b, tx, score, &cx, &as);
    /* not story: which kind, by the fitted table (kindfit.c), unless its own
       words name it (an ad label, a disclosure, "Sponsored", a consent
       notice), the heading of its box does ("Related stories", "About
       the author") or it is the rest of a small form that offered a
       newsletter: the rules' label stands for those */
    if (b->label != PITH_STORY && b->words && !named_kind(b, tx) && !cx.in_section &&
        !(c->adform_serial && small_form(b) == c->adform_serial))
        b->label = pith_kind_fit(b, b->label, score, tx, folded, nfolded,
                                 c->dump_features == 2 && b->text.len ? stderr : NULL);
    else if (c->dump_features == 2 && b->text.len)
        fputs("pith-kind\t-\n", stderr);
    if (fl)
        b->label = pith_fl_label(c, b, b->label, tx);  /* filterlist.c */
    b->score = score;
    /* how far the score is from the story threshold, squashed to 0.5..1 */
    x = (score - 2.5) / 3.0;
    if (x < 0)
        x = -x;
    b->confidence = (float)(0.5 + 0.5 * x / (1.0 + x));
    b->role = role_of(c, b, &cx, as);
    remember(c, b, tx, score, as);
}

/* Decides the oldest block of the window and hands it on. */
static int pop(pith_filter *pf)
{
    pith_classify *c = &pf->cls;
    pith_block *b = c->head;
    int rc;
    decide(c, &pf->page, pf->opt.filterlist, b);
    rc = pith_emit_block(pf, b);
    c->head = b->next;
    if (c->head == NULL)
        c->tail = NULL;
    c->count--;
    c->bytes -= b->text.len + b->html.len;
    pith_block_release(&pf->blocks, &pf->mem, b);
    return rc;
}

int pith_classify_push(pith_filter *pf, pith_block *b)
{
    pith_classify *c = &pf->cls;
    int rc;
    int which;
    b->next = NULL;
    b->boiler_depth = (unsigned char)find_boiler_cue(b, &which);
    b->boiler_which = (signed char)which;
    /* its score as a neighbour of the blocks before it, read many times */
    b->plain = local_score(c, b, 0);
    if (c->tail)
        c->tail->next = b;
    else
        c->head = b;
    c->tail = b;
    c->count++;
    c->bytes += b->text.len + b->html.len;
    while (c->head && (c->count > pf->opt.lookahead || c->bytes > pf->opt.max_lookahead))
        if ((rc = pop(pf)) != PITH_OK)
            return rc;
    return PITH_OK;
}

int pith_classify_flush(pith_filter *pf)
{
    int rc;
    while (pf->cls.head)
        if ((rc = pop(pf)) != PITH_OK)
            return rc;
    return PITH_OK;
}
