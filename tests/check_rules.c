/* check_rules.c -- the classifier's rules, one at a time.
 *
 * Each test builds the blocks of a small page by hand, as the segment stage
 * would hand them on (text, counts, block element, ancestors, cues), pushes
 * them through the classify stage (pith_classify_push) and reads each block's
 * label and role from the jsonl the emit stage writes.  So a rule is tested
 * alone, without HTML and without the rest of a real page; when a rule
 * changes on purpose, the test that names it is the one to update.
 *
 * Ancestors are given as a path of element serials, outermost first; the
 * block's own element gets a serial of its own after them, and the block's
 * depth is the length of the whole path.  Cues are set with the depth of the
 * ancestor that gives them, as segment sets them.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#define _GNU_SOURCE 1
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_pith.h"
#include "filter.h"

#define MAXBLOCKS 64

typedef struct page {
    pith_filter *pf;
    capture cap;
    unsigned n;                       /* blocks pushed */
    char label[MAXBLOCKS][16];        /* read back after the run */
    char role[MAXBLOCKS][12];
    char text[MAXBLOCKS][64];
} page;

/* A filter writing jsonl with every label kept; title is the page <title>. */
static void page_open(page *pg, const char *title)
{
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    memset(pg, 0, sizeof *pg);
    ck_assert_int_eq(pith_new(&pg->pf, &opt, capture_sink, &pg->cap), PITH_OK);
    if (title)
        ck_assert_int_eq(pith_buf_append(&pg->pf->page.title, &pg->pf->mem, title, strlen(title),
                                         4096), PITH_OK);
}

/* Counts as segment does: words are runs of letters and digits, each '.',
   '!' or '?' is a sentence end. */
static void count_text(pith_block *b, const char *t)
{
    int inword = 0;
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        int word = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                   (*p >= '0' && *p <= '9') || *p >= 0x80;
        if (*p >= '0' && *p <= '9')
            b->digits++;
        if (*p == '.' || *p == '!' || *p == '?')
            b->sentences++;
        if (word && !inword)
            b->words++;
        inword = word;
    }
}

/* A block of element tag with text t under the ancestors given as serials
   (outermost first, 0-terminated; all below 1000).  Returns it for cues and links; it goes
   to classify with push(). */
static pith_block *block(page *pg, unsigned tag, const char *t, ...)
{
    pith_block *b = pith_calloc(&pg->pf->mem, 1, sizeof *b);
    va_list ap;
    unsigned serial;
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_lt(pg->n, MAXBLOCKS);
    ck_assert_int_eq(pith_buf_append(&b->text, &pg->pf->mem, t, strlen(t), 65536), PITH_OK);
    count_text(b, t);
    b->tag = (unsigned char)tag;
    if (tag >= TAG_h1 && tag <= TAG_h6)
        b->heading = (unsigned char)(tag - TAG_h1 + 1);
    b->seq = pg->n;
    va_start(ap, t);
    while ((serial = va_arg(ap, unsigned)) != 0 && b->npath < PITH_PATH - 1)
        b->path[b->npath++] = serial;
    va_end(ap);
    b->path[b->npath++] = 1000 + pg->n;      /* the block's own element */
    b->depth = (unsigned char)b->npath;
    snprintf(pg->text[pg->n], sizeof pg->text[0], "%s", t);
    pg->n++;
    return b;
}

/* The block's ancestor at depth gives cue c. */
static pith_block *cue(pith_block *b, int c, unsigned depth)
{
    b->cue_depth[c] = (unsigned char)depth;
    return b;
}

/* The first k words of the block are the text of n links. */
static pith_block *linked(pith_block *b, unsigned k, unsigned n)
{
    b->link_words = k;
    b->links = n;
    return b;
}

static void push(page *pg, pith_block *b)
{
    ck_assert_int_eq(pith_classify_push(pg->pf, b), PITH_OK);
}

/* Decides every block and reads the labels and roles back, in order. */
static void page_run(page *pg)
{
    char *save = NULL, *line;
    unsigned i = 0;
    ck_assert_int_eq(pith_classify_flush(pg->pf), PITH_OK);
    ck_assert_int_eq(pith_emit_flush(pg->pf), PITH_OK);
    ck_assert_ptr_nonnull(pg->cap.data);
    for (line = strtok_r(pg->cap.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        jfield f[40];
        int n = json_object(line, f, 40);
        const jfield *l, *r, *t;
        ck_assert_int_gt(n, 0);
        l = json_get(f, n, "label"), r = json_get(f, n, "role"), t = json_get(f, n, "text");
        ck_assert(l && r && t);
        ck_assert_uint_lt(i, pg->n);
        ck_assert_msg(!strncmp(t->str, pg->text[i], strlen(pg->text[i])),
                      "block %u out of order: %s", i, t->str);
        snprintf(pg->label[i], sizeof pg->label[0], "%s", l->str);
        snprintf(pg->role[i], sizeof pg->role[0], "%s", r->str);
        json_free(f, n);
        i++;
    }
    ck_assert_uint_eq(i, pg->n);
    pith_free(pg->pf);
    pg->pf = NULL;
    capture_free(&pg->cap);
}

#define ck_label(pg, i, want) \
    ck_assert_msg(!strcmp((pg)->label[i], want), "block %d \"%.40s\": %s, want %s", i, \
                  (pg)->text[i], (pg)->label[i], want)
#define ck_role(pg, i, want) \
    ck_assert_msg(!strcmp((pg)->role[i], want), "block %d \"%.40s\": role %s, want %s", i, \
                  (pg)->text[i], (pg)->role[i], want)

/* Serials of a typical page: body 1 > main 2 > article 3 > story body 4;
   header 10, nav 11, aside 20, footer 30. */
enum { BODY = 1, MAIN = 2, ARTICLE = 3, STORYBODY = 4, HEADER = 10, NAV = 11, ASIDE = 20,
       FOOTER = 30 };

static const char *const prose[] = {
    "The council voted on Tuesday to rebuild the old harbour wall, which storms have battered "
    "for three winters running. Work will start in the spring and is expected to last two years, "
    "the harbour master said, though the budget is still being argued over.",
    "Residents had asked for the repairs since the wall first cracked. Many of them spoke at the "
    "meeting, and several said the town had waited far too long for the work to begin at all.",
    "Engineers will first survey the foundations, then replace the damaged stones one section at "
    "a time, so that the fishing boats can keep using the harbour while the work goes on.",
    "The cost will be shared between the town and the regional government, which agreed last "
    "month to pay two thirds of the bill if the work is finished within the planned two years.",
};

/* A story paragraph in the story body. */
static pith_block *story_p(page *pg, int k)
{
    return cue(block(pg, TAG_p, prose[k], BODY, MAIN, ARTICLE, STORYBODY, 0), CUE_STORY, 4);
}

/* --- Story ------------------------------------------------------------------------------ */

/* Prose inside the element the markup names the story body is story, body role. */
START_TEST(rule_prose_in_story_body)
{
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 4; k++)
        push(&pg, story_p(&pg, k));
    page_run(&pg);
    for (int k = 0; k < 4; k++) {
        ck_label(&pg, k, "story");
        ck_role(&pg, k, "body");
    }
}
END_TEST

/* A short paragraph is story when the markup says it is in the story body,
   though nothing around it reads as story. */
/* The same short paragraph with and without the story-body cue, before a
   footer. */
static const char *short_prose(int with_cue)
{
    static const char *const t = "The harbour wall is rebuilt, the council said.";
    page pg;
    static char label[16];
    page_open(&pg, NULL);
    if (with_cue)
        push(&pg, cue(block(&pg, TAG_p, t, BODY, MAIN, ARTICLE, STORYBODY, 0), CUE_STORY, 4));
    else
        push(&pg, block(&pg, TAG_p, t, BODY, MAIN, ARTICLE, STORYBODY, 0));
    for (int k = 0; k < 3; k++)
        push(&pg, linked(cue(block(&pg, TAG_li, "Home", BODY, FOOTER, 31, 0), CUE_FOOTER, 2), 1, 1));
    page_run(&pg);
    snprintf(label, sizeof label, "%s", pg.label[0]);
    return label;
}

/* A short paragraph is story when the markup says it sits in the story
   body, though nothing around it reads as story. */
START_TEST(rule_story_cue_lifts_short_prose)
{
    ck_assert_str_eq(short_prose(1), "story");
    ck_assert_str_eq(short_prose(0), "navigation");
}
END_TEST

/* Unlinked list items in the element the markup names the story body are
   story, also after a linked product box broke the run of story blocks. */
START_TEST(rule_story_body_list)
{
    static const char *const items[] = { "Automatically on, automatically connected",
                                         "Easy setup for all your devices",
                                         "Double-tap to play or skip forward" };
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 2; k++)
        push(&pg, story_p(&pg, k));
    push(&pg, linked(cue(block(&pg, TAG_div, "Wireless earbuds with charging case (latest model)",
                               BODY, MAIN, ARTICLE, STORYBODY, 20, 0), CUE_STORY, 4), 7, 1));
    for (int k = 0; k < 3; k++)
        push(&pg, cue(block(&pg, TAG_li, items[k], BODY, MAIN, ARTICLE, STORYBODY, 21, 0),
                      CUE_STORY, 4));
    push(&pg, linked(cue(block(&pg, TAG_div, "Wireless earbuds with charging case (latest model)",
                               BODY, MAIN, ARTICLE, STORYBODY, 22, 0), CUE_STORY, 4), 7, 1));
    page_run(&pg);
    for (int k = 3; k < 6; k++)
        ck_label(&pg, k, "story");
}
END_TEST

/* Long prose with no cue and no neighbour is story on its own text shape. */
START_TEST(rule_prose_without_cues)
{
    page pg;
    page_open(&pg, NULL);
    push(&pg, block(&pg, TAG_p, prose[0], BODY, 5, 6, 0));
    page_run(&pg);
    ck_label(&pg, 0, "story");
}
END_TEST

/* A block that repeats the page title is the headline, also when it is no
   <h1> (the title adds the site's name). */
START_TEST(rule_headline_repeats_title)
{
    page pg;
    page_open(&pg, "Harbour wall to be rebuilt after three stormy winters | The Coast Gazette");
    push(&pg, block(&pg, TAG_div, "Harbour wall to be rebuilt after three stormy winters",
                    BODY, MAIN, ARTICLE, 5, 0));
    push(&pg, story_p(&pg, 0));
    push(&pg, story_p(&pg, 1));
    page_run(&pg);
    ck_label(&pg, 0, "story");
    ck_role(&pg, 0, "headline");
}
END_TEST

/* A short line with a byline cue under the headline is story, role byline. */
START_TEST(rule_byline_under_headline)
{
    page pg;
    page_open(&pg, "Harbour wall to be rebuilt after three stormy winters - The Coast Gazette");
    push(&pg, block(&pg, TAG_h1, "Harbour wall to be rebuilt after three stormy winters",
                    BODY, MAIN, ARTICLE, 5, 0));
    push(&pg, cue(block(&pg, TAG_div, "By Mary Holm, Harbour reporter", BODY, MAIN, ARTICLE, 5,
                        6, 0), CUE_META, 6));
    for (int k = 0; k < 3; k++)
        push(&pg, story_p(&pg, k));
    page_run(&pg);
    ck_label(&pg, 1, "story");
    ck_role(&pg, 1, "byline");
}
END_TEST

/* A byline is known by its words too, where no class names it: "By Mary
   Holm" under the headline, "Publicado por ..." in the story, are story
   with role byline; "By then ..." is a sentence of the body. */
START_TEST(rule_byline_words)
{
    page pg;
    page_open(&pg, "Harbour wall to be rebuilt after three stormy winters - The Coast Gazette");
    push(&pg, block(&pg, TAG_h1, "Harbour wall to be rebuilt after three stormy winters",
                    BODY, MAIN, ARTICLE, 5, 0));
    push(&pg, block(&pg, TAG_div, "By Mary Holm, harbour reporter", BODY, MAIN, ARTICLE, 5, 6,
                    0));
    for (int k = 0; k < 2; k++)
        push(&pg, story_p(&pg, k));
    push(&pg, cue(block(&pg, TAG_p, "By then the wall had cracked in two places.", BODY, MAIN,
                        ARTICLE, STORYBODY, 0), CUE_STORY, 4));
    push(&pg, cue(block(&pg, TAG_p, "05/10/2018 - Publicado por: Clarissa Borba - Categoria: "
                        "Saúde", BODY, MAIN, ARTICLE, STORYBODY, 0), CUE_STORY, 4));
    for (int k = 2; k < 4; k++)
        push(&pg, story_p(&pg, k));
    page_run(&pg);
    ck_label(&pg, 1, "story");
    ck_role(&pg, 1, "byline");
    ck_label(&pg, 4, "story");
    ck_role(&pg, 4, "body");
    ck_label(&pg, 5, "story");
    ck_role(&pg, 5, "byline");
}
END_TEST

/* A short heading between two story paragraphs of the same element is a
   subheading of the story. */
START_TEST(rule_subheading_between_story)
{
    page pg;
    page_open(&pg, NULL);
    push(&pg, story_p(&pg, 0));
    push(&pg, story_p(&pg, 1));
    push(&pg, cue(block(&pg, TAG_h2, "What happens next", BODY, MAIN, ARTICLE, STORYBODY, 0),
                  CUE_STORY, 4));
    push(&pg, story_p(&pg, 2));
    push(&pg, story_p(&pg, 3));
    page_run(&pg);
    ck_label(&pg, 2, "story");
    ck_role(&pg, 2, "body");
}
END_TEST

/* A figure caption inside the story is story, role caption. */
START_TEST(rule_caption_in_story)
{
    page pg;
    page_open(&pg, NULL);
    push(&pg, story_p(&pg, 0));
    push(&pg, cue(cue(block(&pg, TAG_figcaption, "The harbour wall after the January storm. "
                            "Photo: Tom Reid", BODY, MAIN, ARTICLE, STORYBODY, 7, 0),
                      CUE_STORY, 4), CUE_CAPTION, 5));
    push(&pg, story_p(&pg, 1));
    push(&pg, story_p(&pg, 2));
    page_run(&pg);
    ck_label(&pg, 1, "story");
    ck_role(&pg, 1, "caption");
}
END_TEST

/* Paragraphs of prose one after another are story, though a class name
   near above them says teaser ("blog_teaser_text"); the same run under a
   comments cue is not. */
static void prose_run_page(page *pg, int which)
{
    page_open(pg, NULL);
    for (int k = 0; k < 4; k++)
        push(pg, cue(block(pg, TAG_p, prose[k], BODY, 70, 71, 72, 0), which, 2));
    page_run(pg);
}

START_TEST(rule_prose_run)
{
    page pg;
    prose_run_page(&pg, CUE_REC);
    for (int k = 0; k < 3; k++)
        ck_label(&pg, k, "story");
    prose_run_page(&pg, CUE_COMMENT);
    for (int k = 0; k < 4; k++)
        ck_assert_str_ne(pg.label[k], "story");
}
END_TEST

/* A date in a heading whose class says teaser ("teaser-meta") opens no
   recommendation section: the story under it stays story. */
START_TEST(rule_date_heading_opens_no_section)
{
    page pg;
    page_open(&pg, NULL);
    push(&pg, cue(block(&pg, TAG_h3, "02.01.2022", BODY, MAIN, ARTICLE, 5, 0), CUE_REC, 5));
    for (int k = 0; k < 4; k++)
        push(&pg, block(&pg, TAG_p, prose[k], BODY, MAIN, ARTICLE, 5, 0));
    page_run(&pg);
    for (int k = 1; k < 5; k++)
        ck_label(&pg, k, "story");
}
END_TEST

/* The box about the writer after the story (a bio cue near above it) is
   not story, though it is prose; the same prose on a page with no story
   before it (a biography page) is, unless the box sits inside an article
   (a byline's pop-up in the article's header). */
static void bio_page(page *pg, int story_first, int in_article)
{
    static const char *const bio = "Mary Holm has covered the harbour and the fishing fleet for "
                                   "the Gazette since 2009. She lives in the old town with two cats.";
    page_open(pg, NULL);
    if (story_first)
        for (int k = 0; k < 4; k++)
            push(pg, story_p(pg, k));
    push(pg, cue(cue(cue(block(pg, TAG_p, bio, BODY, MAIN, ARTICLE, 6, 7, 0), CUE_META, 5),
                     CUE_BIO, 5), CUE_ARTICLE, in_article ? 3 : 0));
    push(pg, block(pg, TAG_p, prose[0], BODY, MAIN, 9, 0));
    page_run(pg);
}

START_TEST(rule_bio_after_story)
{
    page pg;
    bio_page(&pg, 1, 0);
    ck_assert_str_ne(pg.label[4], "story");
    bio_page(&pg, 0, 0);
    ck_label(&pg, 0, "story");
    bio_page(&pg, 0, 1);
    ck_assert_str_ne(pg.label[0], "story");
}
END_TEST

/* A credit and an end note beside the story are story, though a footer
   cue holds the note and nothing marks the credit: "Photo: ..." (role
   caption), "This article was originally published in ..." (role byline);
   a copyright line in the same place stays navigation. */
START_TEST(rule_credit_and_note)
{
    page pg;
    page_open(&pg, NULL);
    push(&pg, story_p(&pg, 0));
    push(&pg, block(&pg, TAG_div, "Photo: Tom Reid / Reuters", BODY, MAIN, ARTICLE, 8, 0));
    for (int k = 1; k < 4; k++)
        push(&pg, story_p(&pg, k));
    push(&pg, cue(block(&pg, TAG_p, "This article was originally published in The Harbour Times.",
                        BODY, MAIN, ARTICLE, 9, 0), CUE_FOOTER, 4));
    push(&pg, cue(block(&pg, TAG_p, "Copyright 2026 The Coast Gazette. All rights reserved.",
                        BODY, MAIN, ARTICLE, 9, 0), CUE_FOOTER, 4));
    page_run(&pg);
    ck_label(&pg, 1, "story");
    ck_role(&pg, 1, "caption");
    ck_label(&pg, 5, "story");
    ck_role(&pg, 5, "byline");
    ck_label(&pg, 6, "navigation");

    /* a line that opens "Abbildung:" is a caption, also where its score alone makes it story */
    page_open(&pg, NULL);
    push(&pg, story_p(&pg, 0));
    push(&pg, cue(block(&pg, TAG_p, "Abbildung: Die Hafenmauer nach dem Sturm im Januar. Die "
                        "Reparatur beginnt im Frühjahr und dauert zwei Jahre.",
                        BODY, MAIN, ARTICLE, STORYBODY, 0), CUE_STORY, 4));
    push(&pg, story_p(&pg, 1));
    page_run(&pg);
    ck_label(&pg, 1, "story");
    ck_role(&pg, 1, "caption");
}
END_TEST

/* An unsure paragraph right before the story's prose (the lead under a
   headline in the page's header) leans to story; the same paragraph before
   a list of links does not. */
static void lead_page(page *pg, int story_after)
{
    static const char *const lead = "An unusual visit: the foreign minister and the cardinal "
                                    "met the synod today. They spoke about peace.";
    page_open(pg, NULL);
    push(pg, cue(block(pg, TAG_p, lead, BODY, HEADER, 12, 13, 14, 0), CUE_HEADER, 2));
    for (int k = 0; k < 3; k++)
        push(pg, story_after ? story_p(pg, k)
                             : linked(block(pg, TAG_li, "Harbour news", BODY, 40, 41, 0), 2, 1));
    page_run(pg);
}

START_TEST(rule_lead_before_story)
{
    page pg;
    lead_page(&pg, 1);
    ck_label(&pg, 0, "story");
    lead_page(&pg, 0);
    ck_assert_str_ne(pg.label[0], "story");
}
END_TEST

/* --- Advertising ------------------------------------------------------------------------ */

/* An ad label is advertising, even between two story paragraphs, and the
   story goes on after it. */
START_TEST(rule_ad_label_in_story)
{
    page pg;
    page_open(&pg, NULL);
    push(&pg, story_p(&pg, 0));
    push(&pg, story_p(&pg, 1));
    push(&pg, block(&pg, TAG_div, "Advertisement", BODY, MAIN, ARTICLE, STORYBODY, 8, 0));
    push(&pg, story_p(&pg, 2));
    page_run(&pg);
    ck_label(&pg, 2, "advertising");
    ck_label(&pg, 3, "story");
}
END_TEST

/* Ad labels in other languages too. */
START_TEST(rule_ad_label_languages)
{
    static const char *const labels[] = { "Anzeige", "Publicité", "Реклама", "Publicidad" };
    page pg;
    page_open(&pg, NULL);
    push(&pg, story_p(&pg, 0));
    for (int k = 0; k < 4; k++)
        push(&pg, block(&pg, TAG_div, labels[k], BODY, MAIN, 40 + (unsigned)k, 0));
    push(&pg, story_p(&pg, 1));
    page_run(&pg);
    for (int k = 1; k <= 4; k++)
        ck_label(&pg, k, "advertising");
}
END_TEST

/* A block in an ad slot (an ad cue close above it) is advertising. */
START_TEST(rule_ad_slot_cue)
{
    page pg;
    page_open(&pg, NULL);
    push(&pg, story_p(&pg, 0));
    push(&pg, story_p(&pg, 1));
    push(&pg, linked(cue(block(&pg, TAG_div, "Save on winter tyres this week only at Tyre World",
                               BODY, MAIN, 40, 41, 0), CUE_AD, 3), 9, 1));
    push(&pg, story_p(&pg, 2));
    page_run(&pg);
    ck_label(&pg, 2, "advertising");
}
END_TEST

/* A subscription upsell (no links, "subscribe") is advertising. */
START_TEST(rule_upsell)
{
    page pg;
    page_open(&pg, NULL);
    push(&pg, story_p(&pg, 0));
    push(&pg, block(&pg, TAG_div, "Subscribe now for unlimited access to all our local journalism",
                    BODY, 50, 51, 0));
    page_run(&pg);
    ck_label(&pg, 1, "advertising");
}
END_TEST

/* A "Promoted stories" heading is advertising and opens an ad section: the
   teasers under it are advertising too. */
START_TEST(rule_sponsored_section)
{
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 3; k++)
        push(&pg, story_p(&pg, k));
    push(&pg, block(&pg, TAG_h3, "Promoted stories", BODY, 60, 0));
    push(&pg, linked(block(&pg, TAG_div, "This simple trick lowers your heating bill by half",
                           BODY, 60, 62, 63, 0), 9, 1));
    push(&pg, linked(block(&pg, TAG_div, "Doctors are amazed by this one weird kitchen habit",
                           BODY, 60, 62, 64, 0), 9, 1));
    page_run(&pg);
    ck_label(&pg, 3, "advertising");
    ck_label(&pg, 4, "advertising");
    ck_label(&pg, 5, "advertising");
}
END_TEST

/* An offer stays an ad when it is a link in a footer menu; a one-word
   "Subscribe" item there is navigation. */
START_TEST(rule_upsell_link_in_menu)
{
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 3; k++)
        push(&pg, story_p(&pg, k));
    push(&pg, linked(cue(block(&pg, TAG_p, "Subscribe for unlimited access", BODY, FOOTER, 31, 0),
                         CUE_FOOTER, 2), 4, 1));
    push(&pg, linked(cue(block(&pg, TAG_li, "Subscribe", BODY, FOOTER, 32, 0), CUE_FOOTER, 2),
                     1, 1));
    push(&pg, linked(cue(block(&pg, TAG_li, "Contact us", BODY, FOOTER, 32, 0), CUE_FOOTER, 2),
                     2, 1));
    page_run(&pg);
    ck_label(&pg, 3, "advertising");
    ck_label(&pg, 4, "navigation");
}
END_TEST

/* The text of an ad unit: a teaser right before its "Ads by ..." label,
   and a promotion right before its "Get started" button, are advertising;
   a line of a menu before a "Subscribe" item is not. */
START_TEST(rule_ad_unit_neighbours)
{
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 3; k++)
        push(&pg, story_p(&pg, k));
    push(&pg, linked(block(&pg, TAG_div, "Monitor your servers from ten regions with alerts in "
                           "under a minute", BODY, 50, 51, 0), 14, 1));
    push(&pg, linked(block(&pg, TAG_div, "Ads by EthicalAds", BODY, 50, 52, 0), 3, 1));
    push(&pg, block(&pg, TAG_p, "Send your press release to four thousand newsrooms with one "
                    "click.", BODY, 60, 61, 0));
    push(&pg, linked(block(&pg, TAG_div, "Get started", BODY, 60, 62, 0), 2, 1));
    push(&pg, linked(block(&pg, TAG_li, "World Business Sport Weather Opinion Travel", BODY, 70,
                           71, 0), 6, 6));
    push(&pg, linked(block(&pg, TAG_li, "Subscribe", BODY, 70, 72, 0), 1, 1));
    page_run(&pg);
    ck_label(&pg, 3, "advertising");
    ck_label(&pg, 5, "advertising");
    ck_label(&pg, 7, "navigation");
}
END_TEST

/* An affiliate disclosure inside the story and a request for support after
   it are advertising, however story-like their sentences. */
START_TEST(rule_disclosure_and_support)
{
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 2; k++)
        push(&pg, story_p(&pg, k));
    push(&pg, cue(block(&pg, TAG_p, "This post contains references to products from one or more "
                        "of our advertisers. We may receive compensation when you click on links "
                        "to those products, though our opinions are our own and were formed "
                        "without any payment.", BODY, MAIN, ARTICLE, STORYBODY, 0), CUE_STORY, 4));
    for (int k = 2; k < 4; k++)
        push(&pg, story_p(&pg, k));
    push(&pg, cue(block(&pg, TAG_p, "If you enjoyed reading this post, would you consider "
                        "supporting our work?", BODY, MAIN, ARTICLE, 9, 0), CUE_ARTICLE, 3));
    page_run(&pg);
    ck_label(&pg, 2, "advertising");
    ck_label(&pg, 3, "story");
    ck_label(&pg, 5, "advertising");
}
END_TEST

/* The marking Russian law puts on an online ad ("Реклама. ООО ... erid:
   ...") is advertising. */
START_TEST(rule_ad_marking_erid)
{
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 3; k++)
        push(&pg, story_p(&pg, k));
    push(&pg, block(&pg, TAG_div, "ООО «Ромашка». ИНН 7700000000. erid: 2VtzqvYxNqL",
                    BODY, ASIDE, 21, 0));
    page_run(&pg);
    ck_label(&pg, 3, "advertising");
}
END_TEST

/* Offers that read like a sentence are advertising: a print subscription
   ("delivered to your door"), a gambling promotion ("T&Cs apply") with its one
   link, a sponsored teaser "Presented by" its advertiser; a sentence that only
   mentions a delivery stays story. */
START_TEST(rule_offer_phrases)
{
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 3; k++)
        push(&pg, story_p(&pg, k));
    push(&pg, block(&pg, TAG_p, "Get the Courier delivered to your door every Tuesday and Friday.",
                    BODY, 21, 0));
    push(&pg, linked(block(&pg, TAG_div, "Play Blaze Bingo and get a bonus when you deposit. "
                           "18+ T&Cs apply.", BODY, ASIDE, 22, 0), 3, 1));
    push(&pg, linked(block(&pg, TAG_div, "Heat pumps: what the grant pays in 2025 "
                           "Presented by EnergieHaus Nord", BODY, 23, 0), 8, 1));
    push(&pg, story_p(&pg, 3));
    page_run(&pg);
    ck_label(&pg, 3, "advertising");
    ck_label(&pg, 4, "advertising");
    ck_label(&pg, 5, "advertising");
    ck_label(&pg, 6, "story");
}
END_TEST

/* --- Navigation ------------------------------------------------------------------------- */

/* A breadcrumb trail (a nav cue, all links, few words a link) is navigation,
   even inside the article just above the headline, where a short line would
   be the kicker. */
START_TEST(rule_breadcrumb)
{
    page pg;
    page_open(&pg, "Harbour wall to be rebuilt after three stormy winters | The Coast Gazette");
    push(&pg, linked(cue(cue(block(&pg, TAG_div, "Home News Local", BODY, MAIN, ARTICLE, 5, 12, 0),
                             CUE_ARTICLE, 3), CUE_NAV, 5), 3, 3));
    push(&pg, cue(block(&pg, TAG_h1, "Harbour wall to be rebuilt after three stormy winters",
                        BODY, MAIN, ARTICLE, 5, 0), CUE_ARTICLE, 3));
    for (int k = 0; k < 3; k++)
        push(&pg, story_p(&pg, k));
    page_run(&pg);
    ck_label(&pg, 0, "navigation");
    ck_label(&pg, 1, "story");
}
END_TEST

/* A half-linked list item between story paragraphs, in the story body, is
   navigation: a list of links is never story, whatever surrounds it. */
START_TEST(rule_link_list_in_story)
{
    page pg;
    pith_block *b;
    page_open(&pg, NULL);
    push(&pg, story_p(&pg, 0));
    push(&pg, story_p(&pg, 1));
    b = cue(block(&pg, TAG_li, "Our guides to the coast: harbour repairs, ferry timetables, "
                  "local weather warnings, tide tables and parking near the beach.",
                  BODY, MAIN, ARTICLE, STORYBODY, 15, 0), CUE_STORY, 4);
    push(&pg, linked(b, b->words * 11 / 20, 4));
    push(&pg, story_p(&pg, 2));
    push(&pg, story_p(&pg, 3));
    page_run(&pg);
    ck_label(&pg, 2, "navigation");
}
END_TEST

/* Link-dense list items are navigation, also without any cue. */
START_TEST(rule_link_list)
{
    static const char *const items[] = { "World", "Business", "Sport", "Weather", "Opinion" };
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 5; k++)
        push(&pg, linked(block(&pg, TAG_li, items[k], BODY, HEADER, NAV, 13, 0), 1, 1));
    for (int k = 0; k < 3; k++)
        push(&pg, story_p(&pg, k));
    page_run(&pg);
    for (int k = 0; k < 5; k++)
        ck_label(&pg, k, "navigation");
}
END_TEST

/* A menu item stays navigation whatever its words say ("Latest news"). */
START_TEST(rule_menu_item_words)
{
    page pg;
    page_open(&pg, NULL);
    push(&pg, linked(cue(block(&pg, TAG_li, "Latest news", BODY, HEADER, NAV, 13, 0), CUE_NAV, 3),
                     2, 1));
    for (int k = 0; k < 3; k++)
        push(&pg, story_p(&pg, k));
    page_run(&pg);
    ck_label(&pg, 0, "navigation");
}
END_TEST

/* A table of contents' heading and a "was this article helpful?" widget
   are navigation, though they sit in the story body. */
START_TEST(rule_widgets_in_story)
{
    page pg;
    page_open(&pg, NULL);
    push(&pg, story_p(&pg, 0));
    push(&pg, cue(block(&pg, TAG_p, "Inhaltsverzeichnis", BODY, MAIN, ARTICLE, STORYBODY, 0),
                  CUE_STORY, 4));
    push(&pg, story_p(&pg, 1));
    push(&pg, story_p(&pg, 2));
    push(&pg, cue(block(&pg, TAG_div, "Was this article helpful? (95 votes: 4.7 of 5)",
                        BODY, MAIN, ARTICLE, STORYBODY, 0), CUE_STORY, 4));
    push(&pg, story_p(&pg, 3));
    push(&pg, cue(block(&pg, TAG_div, "Über den Autor", BODY, MAIN, ARTICLE, STORYBODY, 0),
                  CUE_STORY, 4));
    page_run(&pg);
    ck_label(&pg, 1, "navigation");
    ck_label(&pg, 4, "navigation");
    ck_label(&pg, 6, "navigation");
}
END_TEST

/* A share control is navigation, even inside the story body. */
START_TEST(rule_share)
{
    page pg;
    page_open(&pg, NULL);
    push(&pg, story_p(&pg, 0));
    push(&pg, block(&pg, TAG_div, "Share this article", BODY, MAIN, ARTICLE, STORYBODY, 0));
    push(&pg, story_p(&pg, 1));
    page_run(&pg);
    ck_label(&pg, 1, "navigation");
}
END_TEST

/* A footer line (footer cue, legal words) is navigation. */
START_TEST(rule_footer_legal)
{
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 3; k++)
        push(&pg, story_p(&pg, k));
    push(&pg, cue(block(&pg, TAG_p, "Copyright 2026 The Coast Gazette. All rights reserved.",
                        BODY, FOOTER, 31, 0), CUE_FOOTER, 2));
    page_run(&pg);
    ck_label(&pg, 3, "navigation");
}
END_TEST

/* A cookie notice is not story, however long it runs. */
START_TEST(rule_cookie_notice)
{
    page pg;
    page_open(&pg, NULL);
    push(&pg, block(&pg, TAG_p, "We use cookies to give you the best experience on our site, to "
                    "show you relevant content and to measure how the site is used. You can "
                    "change your cookie settings at any time.", BODY, 80, 81, 0));
    for (int k = 0; k < 3; k++)
        push(&pg, story_p(&pg, k));
    page_run(&pg);
    ck_assert_str_ne(pg.label[0], "story");
}
END_TEST

/* --- Recommendation --------------------------------------------------------------------- */

/* A caption that ends in an agency's credit after a "©" ("... © AFP / Marco
   Bertorello") and a bare agency credit are story with the role caption
   (text output leaves them out); a sentence that names an agency stays body. */
START_TEST(rule_agency_credit)
{
    page pg;
    page_open(&pg, NULL);
    push(&pg, story_p(&pg, 0));
    push(&pg, cue(block(&pg, TAG_p, "Marco Odermatt, ski star from Switzerland. "
                        "\xc2\xa9 AFP / MARCO BERTORELLO", BODY, MAIN, ARTICLE, STORYBODY, 0),
                  CUE_STORY, 4));
    push(&pg, story_p(&pg, 1));
    push(&pg, cue(block(&pg, TAG_div, "Augusta National/Getty Images",
                        BODY, MAIN, ARTICLE, STORYBODY, 0), CUE_STORY, 4));
    push(&pg, story_p(&pg, 2));
    push(&pg, cue(block(&pg, TAG_p, "The agency AFP/Reuters pool reported the vote on Tuesday "
                        "evening, after the meeting had run late into the night.",
                        BODY, MAIN, ARTICLE, STORYBODY, 0), CUE_STORY, 4));
    page_run(&pg);
    ck_label(&pg, 1, "story");
    ck_role(&pg, 1, "caption");
    ck_label(&pg, 3, "story");
    ck_role(&pg, 3, "caption");
    ck_label(&pg, 5, "story");
    ck_role(&pg, 5, "body");
}
END_TEST

/* A cue over the story itself says nothing of a block in it: an article
   wrapped in a "share" element (a sharing plugin's container), with a short
   subheading between its paragraphs. */
START_TEST(rule_cue_over_the_story)
{
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 2; k++)
        push(&pg, cue(cue(block(&pg, TAG_p, prose[k], BODY, MAIN, ARTICLE, 70, 0),
                          CUE_ARTICLE, 3), CUE_SOCIAL, 4));
    push(&pg, cue(cue(block(&pg, TAG_h2, "Foundations", BODY, MAIN, ARTICLE, 70, 0),
                      CUE_ARTICLE, 3), CUE_SOCIAL, 4));
    for (int k = 2; k < 4; k++)
        push(&pg, cue(cue(block(&pg, TAG_p, prose[k], BODY, MAIN, ARTICLE, 70, 0),
                          CUE_ARTICLE, 3), CUE_SOCIAL, 4));
    push(&pg, cue(cue(linked(block(&pg, TAG_div, "Facebook Twitter", BODY, MAIN, ARTICLE, 70,
                                   71, 0), 2, 2), CUE_ARTICLE, 3), CUE_SOCIAL, 5));
    page_run(&pg);
    for (int k = 0; k < 5; k++)
        ck_label(&pg, k, "story");
    ck_label(&pg, 5, "navigation");
}
END_TEST

/* More words of the lists: WordPress's "Ähnliche Beiträge" over related
   posts is recommendation, a "Beitragsbild:" line (the post's image) a
   caption, a review site's "advertisers do not influence our picks. We may
   receive compensation" advertising. */
START_TEST(rule_more_list_words)
{
    page pg;
    page_open(&pg, NULL);
    push(&pg, cue(block(&pg, TAG_p, "We recommend the best products through an independent "
                        "review process, and advertisers do not influence our picks. We may "
                        "receive compensation if you visit partners we recommend.",
                        BODY, MAIN, ARTICLE, STORYBODY, 0), CUE_STORY, 4));
    for (int k = 0; k < 3; k++)
        push(&pg, story_p(&pg, k));
    push(&pg, cue(block(&pg, TAG_p, "Beitragsbild: Titelseite der Zeitung vom 2. April, Ausriss.",
                        BODY, MAIN, ARTICLE, STORYBODY, 0), CUE_STORY, 4));
    push(&pg, cue(block(&pg, TAG_h3, "Ähnliche Beiträge", BODY, MAIN, ARTICLE, 0),
                  CUE_ARTICLE, 3));
    push(&pg, cue(linked(block(&pg, TAG_div, "Harbour towns count the cost of the storms",
                               BODY, MAIN, ARTICLE, 60, 0), 8, 1), CUE_ARTICLE, 3));
    page_run(&pg);
    ck_label(&pg, 0, "advertising");
    ck_label(&pg, 4, "story");
    ck_role(&pg, 4, "caption");
    ck_label(&pg, 5, "recommendation");
}
END_TEST

/* A "Read more: ..." line linking elsewhere between the story's paragraphs
   is recommendation, and does not end the story: the short subheading under
   it is story. */
START_TEST(rule_read_more_line_in_story)
{
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 2; k++)
        push(&pg, block(&pg, TAG_p, prose[k], BODY, MAIN, 5, 0));
    push(&pg, linked(block(&pg, TAG_p, "Read more: Harbour towns count the cost of the storms",
                           BODY, MAIN, 5, 0), 8, 1));
    push(&pg, block(&pg, TAG_p, "Divers survey the old stones", BODY, MAIN, 5, 0));
    for (int k = 2; k < 4; k++)
        push(&pg, block(&pg, TAG_p, prose[k], BODY, MAIN, 5, 0));
    page_run(&pg);
    ck_label(&pg, 2, "recommendation");
    ck_label(&pg, 3, "story");
}
END_TEST

/* A "sponsored by" label right inside the page's wrapper opens an ad section
   as wide as the page; the page's own headline (it repeats the title) ends
   it, and the story under it is story. */
START_TEST(rule_headline_ends_section)
{
    page pg;
    page_open(&pg, "Harbour wall to be rebuilt after three stormy winters | The Coast Gazette");
    push(&pg, block(&pg, TAG_div, "sponsored by", BODY, 7, 0));
    push(&pg, block(&pg, TAG_h1, "Harbour wall to be rebuilt after three stormy winters",
                    BODY, 7, ARTICLE, 0));
    for (int k = 0; k < 3; k++)
        push(&pg, block(&pg, TAG_p, prose[k], BODY, 7, ARTICLE, 0));
    page_run(&pg);
    ck_label(&pg, 0, "advertising");
    ck_label(&pg, 1, "story");
    ck_role(&pg, 1, "headline");
    for (int k = 2; k < 5; k++)
        ck_label(&pg, k, "story");
}
END_TEST

/* A "Read more" box inside the article, between paragraphs each in its own
   wrapper, opens a section that does not
   swallow the story after it: unlinked prose right after a story block goes
   on being story. */
START_TEST(rule_related_box_in_wrapped_story)
{
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 2; k++)
        push(&pg, cue(block(&pg, TAG_p, prose[k], BODY, MAIN, ARTICLE, 40 + k, 0), CUE_ARTICLE, 3));
    push(&pg, cue(block(&pg, TAG_div, "Read more", BODY, MAIN, ARTICLE, 50, 0), CUE_ASIDE, 4));
    push(&pg, cue(linked(block(&pg, TAG_div, "Fishing fleet returns early as storm warnings grow",
                               BODY, MAIN, ARTICLE, 50, 51, 0), 8, 1), CUE_ASIDE, 4));
    push(&pg, cue(block(&pg, TAG_p, "Engineers will first survey the foundations, then replace "
                        "the damaged stones one section at a time, so that the fishing boats can "
                        "keep using the harbour while the work goes on. The survey alone will take "
                        "most of the winter, and the divers who do it can only work at low tide "
                        "on calm days, which are few in January.",
                        BODY, MAIN, ARTICLE, 42, 0), CUE_ARTICLE, 3));
    push(&pg, cue(block(&pg, TAG_p, prose[3], BODY, MAIN, ARTICLE, 43, 0), CUE_ARTICLE, 3));
    page_run(&pg);
    ck_label(&pg, 1, "story");
    ck_label(&pg, 2, "recommendation");
    ck_label(&pg, 3, "recommendation");
    ck_label(&pg, 4, "story");
    ck_label(&pg, 5, "story");
}
END_TEST

/* A "Related" heading is recommendation and opens a section: the teasers
   under it are recommendation, and so is a short line that would otherwise
   pass for story. */
START_TEST(rule_related_section)
{
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 3; k++)
        push(&pg, story_p(&pg, k));
    push(&pg, block(&pg, TAG_h2, "Related stories", BODY, MAIN, 90, 0));
    push(&pg, linked(block(&pg, TAG_div, "Council approves new ferry timetable for the summer",
                           BODY, MAIN, 90, 92, 93, 0), 8, 1));
    push(&pg, linked(block(&pg, TAG_div, "Fishing fleet returns early as storm warnings grow",
                           BODY, MAIN, 90, 92, 94, 0), 8, 1));
    push(&pg, block(&pg, TAG_div, "Two hours ago", BODY, MAIN, 90, 92, 95, 0));
    page_run(&pg);
    ck_label(&pg, 3, "recommendation");
    ck_label(&pg, 4, "recommendation");
    ck_label(&pg, 5, "recommendation");
    ck_label(&pg, 6, "recommendation");
}
END_TEST

/* "Related" in other languages opens the section too. */
START_TEST(rule_related_languages)
{
    static const char *const heads[] = { "Lesen Sie auch", "Lire aussi", "Leggi anche",
                                         "Читайте также" };
    for (int h = 0; h < 4; h++) {
        page pg;
        page_open(&pg, NULL);
        for (int k = 0; k < 3; k++)
            push(&pg, story_p(&pg, k));
        push(&pg, block(&pg, TAG_h3, heads[h], BODY, MAIN, 90, 0));
        page_run(&pg);
        ck_label(&pg, 3, "recommendation");
    }
}
END_TEST

/* A "Related"-style heading inside the story body, over links, is
   recommendation though the story's cue holds it; a subheading that does
   not read so stays story. */
START_TEST(rule_related_heading_in_story)
{
    static const char *const heads[] = { "Notas relacionadas", "Mehr zum Thema", "Related",
                                         "Veja também:" };
    for (int h = 0; h < 4; h++) {
        page pg;
        page_open(&pg, NULL);
        for (int k = 0; k < 3; k++)
            push(&pg, story_p(&pg, k));
        push(&pg, cue(block(&pg, h == 3 ? TAG_div : TAG_h3, heads[h], BODY, MAIN, ARTICLE,
                            STORYBODY, 0), CUE_STORY, 4));
        push(&pg, linked(cue(block(&pg, TAG_li, "Storm warnings for the coast this weekend",
                                   BODY, MAIN, ARTICLE, STORYBODY, 15, 0), CUE_STORY, 4), 7, 1));
        page_run(&pg);
        ck_label(&pg, 3, "recommendation");
    }
}
END_TEST

/* A link whose text reads like a headline, outside the story, is a teaser. */
START_TEST(rule_teaser_link)
{
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 3; k++)
        push(&pg, story_p(&pg, k));
    push(&pg, linked(block(&pg, TAG_div, "New lighthouse keeper takes up post after ten years",
                           BODY, ASIDE, 21, 22, 0), 9, 1));
    page_run(&pg);
    ck_label(&pg, 3, "recommendation");
}
END_TEST

/* A recommendation cue close above a block names its kind. */
START_TEST(rule_rec_cue)
{
    page pg;
    page_open(&pg, NULL);
    for (int k = 0; k < 3; k++)
        push(&pg, story_p(&pg, k));
    push(&pg, linked(cue(block(&pg, TAG_li, "Harbour master retires", BODY, ASIDE, 21, 22, 0),
                         CUE_REC, 3), 3, 1));
    page_run(&pg);
    ck_label(&pg, 3, "recommendation");
}
END_TEST

Suite *make_rules_suite(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = tcase_create("Story");
    tcase_add_test(tc, rule_prose_in_story_body);
    tcase_add_test(tc, rule_story_cue_lifts_short_prose);
    tcase_add_test(tc, rule_prose_without_cues);
    tcase_add_test(tc, rule_story_body_list);
    tcase_add_test(tc, rule_headline_repeats_title);
    tcase_add_test(tc, rule_byline_under_headline);
    tcase_add_test(tc, rule_byline_words);
    tcase_add_test(tc, rule_subheading_between_story);
    tcase_add_test(tc, rule_caption_in_story);
    tcase_add_test(tc, rule_prose_run);
    tcase_add_test(tc, rule_date_heading_opens_no_section);
    tcase_add_test(tc, rule_bio_after_story);
    tcase_add_test(tc, rule_credit_and_note);
    tcase_add_test(tc, rule_lead_before_story);
    suite_add_tcase(s, tc);

    tc = tcase_create("Advertising");
    tcase_add_test(tc, rule_ad_label_in_story);
    tcase_add_test(tc, rule_ad_label_languages);
    tcase_add_test(tc, rule_ad_slot_cue);
    tcase_add_test(tc, rule_upsell);
    tcase_add_test(tc, rule_sponsored_section);
    tcase_add_test(tc, rule_upsell_link_in_menu);
    tcase_add_test(tc, rule_ad_unit_neighbours);
    tcase_add_test(tc, rule_disclosure_and_support);
    tcase_add_test(tc, rule_ad_marking_erid);
    tcase_add_test(tc, rule_offer_phrases);
    suite_add_tcase(s, tc);

    tc = tcase_create("Navigation");
    tcase_add_test(tc, rule_breadcrumb);
    tcase_add_test(tc, rule_link_list);
    tcase_add_test(tc, rule_link_list_in_story);
    tcase_add_test(tc, rule_menu_item_words);
    tcase_add_test(tc, rule_share);
    tcase_add_test(tc, rule_widgets_in_story);
    tcase_add_test(tc, rule_footer_legal);
    tcase_add_test(tc, rule_cookie_notice);
    suite_add_tcase(s, tc);

    tc = tcase_create("Recommendation");
    tcase_add_test(tc, rule_related_section);
    tcase_add_test(tc, rule_related_box_in_wrapped_story);
    tcase_add_test(tc, rule_headline_ends_section);
    tcase_add_test(tc, rule_read_more_line_in_story);
    tcase_add_test(tc, rule_more_list_words);
    tcase_add_test(tc, rule_cue_over_the_story);
    tcase_add_test(tc, rule_agency_credit);
    tcase_add_test(tc, rule_related_languages);
    tcase_add_test(tc, rule_teaser_link);
    tcase_add_test(tc, rule_related_heading_in_story);
    tcase_add_test(tc, rule_rec_cue);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(make_rules_suite)
