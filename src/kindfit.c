/* kindfit.c -- the fitted kind of a block that is not story.
 *
 * Once the rules of classify.c have found a block not to be story, a
 * logistic model over its features says which of navigation, advertising
 * and recommendation it is: the label the rules gave, the block's size,
 * links and tag, the cues of its ancestors, its score, where its links go
 * (LK_*, and whether their addresses name a sale or an offer), the cues of
 * its words (TX_*) and the words it opens with.  The weights are fitted by
 * benchmarks/kindfit.py on the hand-labelled pages, cross-validated by site,
 * and compiled in from the table it generates (kind_weights.h); the words
 * are looked up in a hash table of that table.  Memory: none; time: one
 * pass over the block's first 150 folded bytes.  docs/ARCHITECTURE.md,
 * "classify", tells why.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <stdio.h>
#include <string.h>
#include "filter.h"
#include "kindfit.h"
#include "textcue.h"

/* The cues of a block's words that are features, X(TX_ bit, name): those
   of textcue.h that do not name a kind outright. */
#define KIND_TX(X) \
    X(TX_ADWORD, tx_adword) X(TX_RECPREFIX, tx_recprefix) X(TX_UPSELL, tx_upsell) \
    X(TX_BOILER, tx_boiler) X(TX_SHARE, tx_share) X(TX_CREDIT, tx_credit) \
    X(TX_NOTE, tx_note) X(TX_WIDGET, tx_widget) X(TX_BYLINE, tx_byline) \
    X(TX_DATE, tx_date) X(TX_PAGER, tx_pager)

/* The features, X(ENUM, name): the names the dump writes and the table
   names (kind_weights.h holds one row of weights per feature, in this
   order; benchmarks/kindfit.py reads the order from here). */
#define KIND_FEATURES(X) \
    X(RULE_NAV, rule_nav) X(RULE_AD, rule_ad) X(RULE_REC, rule_rec) \
    X(W2, w2) X(W3, w3) X(W5, w5) X(W8, w8) X(W12, w12) X(W20, w20) X(W40, w40) \
    X(L1, l1) X(L2, l2) X(L3, l3) X(L5, l5) \
    X(LD20, ld20) X(LD50, ld50) X(LD80, ld80) X(LD95, ld95) \
    X(WPL2, wpl2) X(WPL3, wpl3) X(WPL4, wpl4) X(WPL5, wpl5) X(WPL7, wpl7) X(WPL10, wpl10) \
    X(HEADING, heading) X(SENT, sent) \
    X(TAG_LI, tag_li) X(TAG_P, tag_p) X(TAG_DIV, tag_div) X(TAG_CELL, tag_cell) \
    X(TAG_DL, tag_dl) X(TAG_OTHER, tag_other) \
    X(S_M9, s_m9) X(S_M6, s_m6) X(S_M3, s_m3) X(S_0, s_0) X(S_2, s_2) \
    X(NEAR_NONE, near_none) X(NEAR_NAV, near_nav) X(NEAR_HEADER, near_header) \
    X(NEAR_FOOTER, near_footer) X(NEAR_AD, near_ad) X(NEAR_REC, near_rec) \
    X(NEAR_ASIDE, near_aside) X(NEAR_COMMENT, near_comment) X(NEAR_SOCIAL, near_social) \
    X(NEAR_FORM, near_form) X(NEAR_PROMO, near_promo) \
    X(U_ANY_LOCAL, u_any_local) X(U_ALL_LOCAL, u_all_local) \
    X(U_ANY_SOCIAL, u_any_social) X(U_ALL_SOCIAL, u_all_social) \
    X(U_ANY_ARTICLE, u_any_article) X(U_ALL_ARTICLE, u_all_article) \
    X(U_ANY_SECTION, u_any_section) X(U_ALL_SECTION, u_all_section) \
    X(U_ANY_PATH, u_any_path) X(U_ALL_PATH, u_all_path) \
    X(U_ANY_PROMO, u_any_promo) X(U_ALL_PROMO, u_all_promo) \
    KIND_TX(X)

#define KIND_ENUM(id, name) KF_##id,
enum { KIND_FEATURES(KIND_ENUM) KF_COUNT };
#define KIND_NAME(id, name) #name,
static const char *const kind_names[] = { KIND_FEATURES(KIND_NAME) };

/* The cues, after the features above: cue_<name> (an ancestor has it) and
   close_<name> (within three levels), in the order of PITH_CUES. */
#define KF_CUE(c) (KF_COUNT + 2 * (c))
#define KF_CLOSE(c) (KF_COUNT + 2 * (c) + 1)
#define KF_ALL (KF_COUNT + 2 * CUE_COUNT)

#include "kind_weights.h"
_Static_assert(KF_ALL < 256, "feature numbers fit in a byte");
_Static_assert(sizeof kind_weights / sizeof kind_weights[0] == KF_ALL + 1,
               "kind_weights.h has a row per feature and the bias: regenerate it");

#define MAX_TOKENS 40   /* words of a block looked up (150 folded bytes hold fewer) */
#define MAX_TOKEN 32    /* longer words are not looked up */

/* FNV-1a, as benchmarks/kindfit.py computes it for the table: FNV_INIT,
   then FNV_STEP for each byte. */
#define FNV_INIT 2166136261u
#define FNV_STEP(h, c) (((h) ^ (unsigned char)(c)) * 16777619u)
static unsigned fnv(const char *s, size_t n)
{
    unsigned h = FNV_INIT;
    for (size_t i = 0; i < n; i++)
        h = FNV_STEP(h, s[i]);
    return h;
}

/* The row of word t (n bytes, hash h) in the table, or NULL. */
static const short *word_row(const char *t, size_t n, unsigned h)
{
    for (unsigned i = h & (KIND_SLOTS - 1);; i = (i + 1) & (KIND_SLOTS - 1)) {
        const struct kind_word *w = &kind_words[i];
        if (w->word == NULL)
            return NULL;
        if (w->len == n && !memcmp(w->word, t, n))
            return w->w;
    }
}

/* The fixed features of b, the rule's label, score and word cues (TX_ bits)
   given: their numbers in on[], how many the return value. */
static unsigned fixed_features(const pith_block *b, int rule, int score, unsigned tx,
                               unsigned char *on)
{
#define KIND_TX_ROW(bit, name) { bit, KF_##bit },
    static const struct { unsigned bit; unsigned char f; } txf[] = { KIND_TX(KIND_TX_ROW) };
#undef KIND_TX_ROW
    static const unsigned wsteps[] = { 2, 3, 5, 8, 12, 20, 40 };
    static const unsigned lsteps[] = { 1, 2, 3, 5 };
    static const unsigned ldsteps[] = { 20, 50, 80, 95 };
    static const unsigned wplsteps[] = { 2, 3, 4, 5, 7, 10 };
    static const int ssteps[] = { -9, -6, -3, 0, 2 };
    static const unsigned char near_of[CUE_COUNT] = {
        [CUE_NAV] = KF_NEAR_NAV, [CUE_HEADER] = KF_NEAR_HEADER, [CUE_FOOTER] = KF_NEAR_FOOTER,
        [CUE_AD] = KF_NEAR_AD, [CUE_REC] = KF_NEAR_REC, [CUE_ASIDE] = KF_NEAR_ASIDE,
        [CUE_COMMENT] = KF_NEAR_COMMENT, [CUE_SOCIAL] = KF_NEAR_SOCIAL,
        [CUE_FORM] = KF_NEAR_FORM, [CUE_PROMO] = KF_NEAR_PROMO
    };
    unsigned k, m = 0, per = b->links ? b->words / b->links : 0;
    unsigned ld = b->words ? 100 * b->link_words / b->words : 0;
#define ON(f) (on[m++] = (unsigned char)(f))
    ON(rule == PITH_ADVERTISING ? KF_RULE_AD : rule == PITH_RECOMMENDATION ? KF_RULE_REC
                                                                            : KF_RULE_NAV);
    for (k = 0; k < 7 && b->words >= wsteps[k]; k++)
        ON(KF_W2 + k);
    for (k = 0; k < 4 && b->links >= lsteps[k]; k++)
        ON(KF_L1 + k);
    for (k = 0; k < 4 && ld >= ldsteps[k]; k++)
        ON(KF_LD20 + k);
    for (k = 0; k < 6 && b->links && per >= wplsteps[k]; k++)
        ON(KF_WPL2 + k);
    if (b->heading)
        ON(KF_HEADING);
    if (b->sentences)
        ON(KF_SENT);
    ON(b->tag == TAG_li ? KF_TAG_LI : b->tag == TAG_p ? KF_TAG_P : b->tag == TAG_div ? KF_TAG_DIV
       : b->tag == TAG_td || b->tag == TAG_th ? KF_TAG_CELL
       : b->tag == TAG_dd || b->tag == TAG_dt ? KF_TAG_DL : KF_TAG_OTHER);
    for (k = 0; k < 5 && score >= ssteps[k]; k++)
        ON(KF_S_M9 + k);
    ON(b->boiler_which >= 0 && near_of[b->boiler_which] ? near_of[b->boiler_which]
                                                          : KF_NEAR_NONE);
    for (k = 0; k < LK_COUNT; k++)
        if (b->link_kind[k]) {
            ON(KF_U_ANY_LOCAL + 2 * k);
            if (b->link_kind[k] >= b->links)
                ON(KF_U_ALL_LOCAL + 2 * k);
        }
    for (k = 0; k < CUE_COUNT; k++)
        if (b->cue_depth[k]) {
            ON(KF_CUE(k));
            if (b->depth - b->cue_depth[k] <= 3)
                ON(KF_CLOSE(k));
        }
    for (k = 0; k < sizeof txf / sizeof txf[0]; k++)
        if (tx & txf[k].bit)
            ON(txf[k].f);
#undef ON
    return m;
}

int pith_kind_fit(const pith_block *b, int rule, int score, unsigned tx, const char *folded,
                  size_t n, FILE *dump)
{
    unsigned char on[KF_ALL];
    unsigned seen[MAX_TOKENS], nseen = 0, m, f;
    long sum[3];
    size_t i;
    int k, best;

    m = fixed_features(b, rule, score, tx, on);
    for (k = 0; k < 3; k++)
        sum[k] = kind_weights[KF_ALL][k];
    for (i = 0; i < m; i++)
        for (k = 0; k < 3; k++)
            sum[k] += kind_weights[on[i]][k];
    if (dump) {
        fprintf(dump, "pith-kind\t");
        for (i = 0; i < m; i++) {
            f = on[i];
            fprintf(dump, "%s%s ", f < KF_COUNT ? "" : (f - KF_COUNT) % 2 ? "close_" : "cue_",
                    f < KF_COUNT ? kind_names[f] : pith_cue_name((f - KF_COUNT) / 2));
        }
    }
    /* its words: letters, digits and every byte of a multibyte character,
       three bytes or more, not only digits; each once */
    for (i = 0; i < n && nseen < MAX_TOKENS; i++) {
        size_t j = i, digits = 0;
        unsigned h = FNV_INIT, s;
        const short *row;
        for (; j < n; j++) {
            unsigned char ch = (unsigned char)folded[j];
            if (ch < 0x80 && (unsigned)(ch - 'a') >= 26u && (unsigned)(ch - '0') >= 10u)
                break;
            digits += (unsigned)(ch - '0') < 10u;
            h = FNV_STEP(h, ch);
        }
        if (j - i < 3 || j - i > MAX_TOKEN || digits == j - i) {
            i = j;
            continue;
        }
        for (s = 0; s < nseen && seen[s] != h; s++)
            ;
        if (s == nseen) {
            seen[nseen++] = h;
            if (dump)
                fprintf(dump, "t:%.*s ", (int)(j - i), folded + i);
            if ((row = word_row(folded + i, j - i, h)) != NULL)
                for (k = 0; k < 3; k++)
                    sum[k] += row[k];
        }
        i = j;
    }
    if (dump)
        fprintf(dump, "\n");
    /* navigation, advertising, recommendation; a tie keeps the rule's */
    best = rule == PITH_ADVERTISING ? 1 : rule == PITH_RECOMMENDATION ? 2 : 0;
    for (k = 0; k < 3; k++)
        if (sum[k] > sum[best])
            best = k;
    return best == 1 ? PITH_ADVERTISING : best == 2 ? PITH_RECOMMENDATION : PITH_NAVIGATION;
}

int pith_kind_words_ok(void)
{
    unsigned n = 0;
    for (unsigned i = 0; i < KIND_SLOTS; i++) {
        const char *w = kind_words[i].word;
        if (w == NULL)
            continue;
        n++;
        if (word_row(w, strlen(w), fnv(w, strlen(w))) != kind_words[i].w)
            return 0;
    }
    return n < KIND_SLOTS;   /* an empty slot ends every search */
}
