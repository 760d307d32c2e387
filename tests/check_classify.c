/* check_classify.c -- stage 5: labels.
 * Only clear-cut cases, so that tuning the classifier does not break these
 * tests without reason: the reference page's expected phrases
 * (tests/data/nzherald.expect), and a small page with one block of each
 * label made the way real pages make them.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_pith.h"
#include "textcue.h"
#include "kindfit.h"

/* --- Reference page ------------------------------------------------------------------ */

typedef struct phrases {
    char *buf;
    char *story[64], *boiler[64];
    int nstory, nboiler;
} phrases;

/* Reads tests/data/nzherald.expect: "[story]" and "[boilerplate]" sections,
   one phrase a line. */
static void read_expect(phrases *ph)
{
    int section = 0;
    char *line, *save = NULL;
    memset(ph, 0, sizeof *ph);
    ph->buf = read_file(TEST_DATA "/nzherald.expect", NULL);
    for (line = strtok_r(ph->buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (!strcmp(line, "[story]"))
            section = 1;
        else if (!strcmp(line, "[boilerplate]"))
            section = 2;
        else if (*line && section == 1 && ph->nstory < 64)
            ph->story[ph->nstory++] = line;
        else if (*line && section == 2 && ph->nboiler < 64)
            ph->boiler[ph->nboiler++] = line;
    }
    ck_assert_int_ge(ph->nstory, 5);
    ck_assert_int_ge(ph->nboiler, 5);
}

/* The story of the reference page, fed in chunks of the given size. */
static void check_reference(size_t chunk)
{
    size_t len;
    const char *page = nzherald(&len);
    pith_options opt = test_options(PITH_FORMAT_TEXT, 0);
    result r = run_page(&opt, page, len, chunk);
    phrases ph;
    int bad = 0;
    read_expect(&ph);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    for (int i = 0; i < ph.nstory; i++)
        if (!has_str(r.out, r.len, ph.story[i])) {
            fprintf(stderr, "classify: story phrase missing: %s\n", ph.story[i]);
            bad++;
        }
    for (int i = 0; i < ph.nboiler; i++)
        if (has_str(r.out, r.len, ph.boiler[i])) {
            fprintf(stderr, "classify: boilerplate phrase kept: %s\n", ph.boiler[i]);
            bad++;
        }
    ck_assert_msg(bad == 0, "%d phrase(s) of nzherald.expect wrong (listed on stderr)", bad);
    free(ph.buf);
    result_free(&r);
}

START_TEST(test_reference_page)
{
    check_reference(0);
}
END_TEST

START_TEST(test_reference_page_4k)
{
    check_reference(4096);
}
END_TEST

/* The html output keeps the same story: its text (tags stripped, the few
   entities decoded) has the story phrases and none of the boilerplate. */
START_TEST(test_reference_page_html)
{
    size_t len;
    const char *page = nzherald(&len);
    pith_options opt = test_options(PITH_FORMAT_HTML, 0);
    result r = run_page(&opt, page, len, 0);
    char *text = malloc(r.len + 1), *o = text;
    const char *body = strstr(r.out, "<body>");
    phrases ph;
    read_expect(&ph);
    ck_assert_ptr_nonnull(body);
    for (const char *p = body; *p; p++) {
        if (*p == '<') {
            p = strchr(p, '>');
            continue;
        }
        if (*p == '&') {
            static const struct { const char *e; char c; } ents[] = {
                { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' } };
            int done = 0;
            for (size_t i = 0; i < 4 && !done; i++)
                if (!strncmp(p, ents[i].e, strlen(ents[i].e))) {
                    *o++ = ents[i].c;
                    p += strlen(ents[i].e) - 1;
                    done = 1;
                }
            if (done)
                continue;
        }
        *o++ = *p;
    }
    *o = '\0';
    for (int i = 0; i < ph.nstory; i++)
        ck_assert_msg(strstr(text, ph.story[i]), "html: story phrase missing: %s", ph.story[i]);
    for (int i = 0; i < ph.nboiler; i++)
        ck_assert_msg(!strstr(text, ph.boiler[i]), "html: boilerplate kept: %s", ph.boiler[i]);
    free(ph.buf);
    free(text);
    result_free(&r);
}
END_TEST

/* --- Synthetic page -------------------------------------------------------------------- */

static const char *const paras[] = {
    "The city council voted on Tuesday night to approve a new public transport plan that "
    "will add three bus routes, extend the light rail line to the airport and double the "
    "number of late-night services over the next five years.",
    "Supporters said the plan was long overdue. \"People have been waiting for a decent "
    "service for a decade,\" said councillor Mere Tane, who chairs the transport committee. "
    "\"This gives them a real choice about how they get to work.\"",
    "Opponents argued that the cost, estimated at $420 million, would fall on ratepayers "
    "at a time when many households are already struggling, and that the council had not "
    "properly consulted the suburbs most affected by the changes.",
    "The plan now goes to the regional transport authority, which must sign off on the "
    "funding before construction can begin. Officials expect a decision by the end of the "
    "year, with the first new routes running early next spring.",
    "Council staff will hold public meetings in each ward over the coming month to explain "
    "the timetable, and residents can make written submissions on the detailed route maps "
    "until the end of February.",
};

static char *synthetic_page(void)
{
    return str_printf(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Council approves transport plan</title>"
        "</head><body>"
        "<header class=\"site-header\"><nav class=\"main-nav\"><ul>"
        "<li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li>"
        "<li><a href=\"/sport\">Sport</a></li><li><a href=\"/business\">Business</a></li>"
        "<li><a href=\"/opinion\">Opinion</a></li><li><a href=\"/weather\">Weather</a></li>"
        "</ul></nav></header>"
        "<main><article class=\"article\">"
        "<h1>Council approves transport plan</h1>"
        "<div class=\"article-body\">"
        "<p>%s</p><p>%s</p>"
        "<div class=\"ad-slot\"><span class=\"ad-label\">Advertisement</span>"
        "<div id=\"div-gpt-ad-1\"></div></div>"
        "<p>%s</p><p>%s</p><p>%s</p>"
        "</div></article>"
        "<aside class=\"related\"><h2>Related stories</h2><ul>"
        "<li><a href=\"/news/1\">Bus drivers vote to strike over pay and conditions</a></li>"
        "<li><a href=\"/news/2\">Light rail costs blow out by another $80 million</a></li>"
        "<li><a href=\"/news/3\">Airport expansion plans unveiled after long delay</a></li>"
        "</ul></aside></main>"
        "<footer class=\"site-footer\"><p>Copyright 2026 Example News Ltd. All rights reserved.</p>"
        "<ul><li><a href=\"/privacy\">Privacy</a></li><li><a href=\"/terms\">Terms</a></li></ul>"
        "</footer></body></html>",
        paras[0], paras[1], paras[2], paras[3], paras[4]);
}

/* The label of the jsonl line whose text starts with `text`, or NULL. */
static char *label_of(const char *jsonl, size_t len, const char *text)
{
    const char *p = jsonl, *end = jsonl + len;
    char *found = NULL;
    while (p < end && !found) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        char *line = strndup(p, (size_t)(nl - p));
        jfield f[40];
        int n = json_object(line, f, 40);
        const jfield *t, *l;
        ck_assert_int_gt(n, 0);
        t = json_get(f, n, "text");
        l = json_get(f, n, "label");
        if (t && l && !strncmp(t->str, text, strlen(text)))
            found = strdup(l->str);
        json_free(f, n);
        free(line);
        p = nl + 1;
    }
    return found;
}

static void expect_label(const char *jsonl, size_t len, const char *text, const char *label)
{
    char *got = label_of(jsonl, len, text);
    ck_assert_msg(got != NULL, "no block '%s'", text);
    ck_assert_msg(!strcmp(got, label), "'%s': %s, want %s", text, got, label);
    free(got);
}

/* The block that opens with text is there and is not story. */
static void expect_not_story(const char *jsonl, size_t len, const char *text)
{
    char *got = label_of(jsonl, len, text);
    ck_assert_msg(got != NULL, "no block '%s'", text);
    ck_assert_msg(strcmp(got, "story") != 0, "'%s': story", text);
    free(got);
}

START_TEST(test_synthetic_labels)
{
    char *page = synthetic_page();
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    for (int i = 0; i < 5; i++) {
        char head[40];
        snprintf(head, sizeof head, "%.30s", paras[i]);
        expect_label(r.out, r.len, head, "story");
    }
    expect_label(r.out, r.len, "Advertisement", "advertising");
    expect_label(r.out, r.len, "Bus drivers vote to strike", "recommendation");
    expect_label(r.out, r.len, "Light rail costs blow out", "recommendation");
    expect_label(r.out, r.len, "Airport expansion plans", "recommendation");
    expect_label(r.out, r.len, "Home", "navigation");
    expect_label(r.out, r.len, "Business", "navigation");
    expect_label(r.out, r.len, "Privacy", "navigation");
    result_free(&r);

    /* the default keeps the story only: the paragraphs, none of the rest */
    opt = test_options(PITH_FORMAT_TEXT, 0);
    r = run_page(&opt, page, strlen(page), 0);
    for (int i = 0; i < 5; i++)
        ck_assert_msg(has_str(r.out, r.len, paras[i]), "paragraph %d missing", i);
    ck_assert(!has_str(r.out, r.len, "Advertisement"));
    ck_assert(!has_str(r.out, r.len, "Bus drivers"));
    ck_assert(!has_str(r.out, r.len, "Sport"));
    ck_assert(!has_str(r.out, r.len, "Privacy"));
    result_free(&r);
    free(page);
}
END_TEST

/* The lines around a story that are not its prose, on a page whose markup
   names none of them: a byline and date under the headline, a photo
   credit, an "originally published" note in the article's footer; the
   author's box after the story is not story, a subscription upsell is
   advertising. */
static char *story_lines_page(void)
{
    return str_printf(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Council approves transport plan - "
        "Example News</title></head><body>"
        "<div class=\"top\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a>"
        "</li><li><a href=\"/sport\">Sport</a></li><li><a href=\"/opinion\">Opinion</a></li>"
        "</ul></div><div class=\"wrap\"><div class=\"col\">"
        "<h1>Council approves transport plan</h1>"
        "<div class=\"info\"><span>By <a href=\"/authors/mary-holm\">Mary Holm</a></span> "
        "<span>March 3, 2026</span></div>"
        "<div class=\"img\"><img src=\"/bus.jpg\" alt=\"\"><div class=\"txt\">"
        "Photo: Tom Reid / Reuters</div></div>"
        "<div class=\"text\"><p>%s</p><p>%s</p><p>%s</p><p>%s</p></div>"
        "<div class=\"post-footer\"><p>This article was originally published in "
        "<a href=\"https://times.example/\">The Harbour Times</a>.</p></div>"
        "<div class=\"author-box\"><p>Mary Holm has covered the council and its transport "
        "plans for the paper since 2009. She lives in the old town with two cats.</p></div>"
        "<div class=\"box\"><p>Subscribe now for unlimited access to all our local "
        "journalism, from one dollar a week.</p></div>"
        "<div class=\"share\"><a href=\"#\">Facebook</a> <a href=\"#\">Twitter</a></div>"
        "</div></div><div class=\"bottom\"><p>Copyright 2026 Example News Ltd. All rights "
        "reserved.</p></div></body></html>",
        paras[0], paras[1], paras[2], paras[3]);
}

START_TEST(test_story_lines)
{
    char *page = story_lines_page();
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Council approves transport plan", "story");
    expect_label(r.out, r.len, "By Mary Holm", "story");
    expect_label(r.out, r.len, "Photo: Tom Reid", "story");
    for (int i = 0; i < 4; i++) {
        char head[40];
        snprintf(head, sizeof head, "%.30s", paras[i]);
        expect_label(r.out, r.len, head, "story");
    }
    expect_label(r.out, r.len, "This article was originally published", "story");
    expect_label(r.out, r.len, "Subscribe now for unlimited access", "advertising");
    expect_label(r.out, r.len, "Home", "navigation");
    expect_label(r.out, r.len, "Copyright 2026", "navigation");
    expect_not_story(r.out, r.len, "Mary Holm has covered");
    result_free(&r);
    free(page);
}
END_TEST

/* What surrounds a blog post: the links to the posts before and after it,
   marked by rel="prev"/"next" or as the only two links of a small <nav>
   (their text reads like teasers' headlines, yet they are navigation), and
   so is a list of many such links to articles in a menu (the labelled pages
   call these navigation 50 times to 18 recommendation); the date in a
   heading of its own ("date-header") above the post, and in the post's own
   footer, are story, as are the cells of a fact table after its prose; an
   ad label's ad text after it, and the consent line of a newsletter form,
   are advertising. */
START_TEST(test_post_surroundings)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Blog</title></head><body>"
        "<nav class=\"menu\"><ul><li><a href=\"/news/ten-things-we-learned-from-the-vote\">"
        "Ten things we learned from the harbour bridge vote</a></li><li><a href=\"/news/"
        "why-the-ferry-timetable-keeps-changing\">Why the ferry timetable keeps changing this "
        "year</a></li><li><a href=\"/news/the-council-budget-explained\">The council budget "
        "explained in five short charts</a></li></ul></nav>"
        "<h2 class=\"date-header\"><span>Tuesday, 3 March 2026</span></h2>"
        "<article><h1>Council approves the new harbour bridge</h1><p>%s</p><p>%s</p>"
        "<p>%s</p><h3>Facts</h3><table><tr><th>Length</th><td>Four hundred metres of "
        "steel</td></tr><tr><th>Opening</th><td>Spring of next year</td></tr></table>"
        "<footer class=\"entry-footer\"><span>Posted on 3. M\xc3\xa4rz 2026</span>"
        "</footer></article>"
        "<div class=\"links\"><a rel=\"prev\" href=\"/older\">Budget talks stall again at "
        "city hall over the new ferry terminal</a></div>"
        "<nav class=\"post-links\"><div><a href=\"/o\">Harbour ferry timetable changes from "
        "next Monday morning</a></div><div><a href=\"/n\">Bridge works close two lanes on "
        "the coast road all week</a></div></nav>"
        "<div class=\"box\"><p>Anzeige</p><p><a href=\"https://shop.example/\">Garden chairs "
        "and tables for summer</a></p></div>"
        "<form class=\"box\"><p>Get the harbour newsletter every Friday in your inbox.</p>"
        "<p>I agree that Example News may send me e-mails about its offers.</p></form>"
        "<footer><p>Copyright 2026 Example News Ltd. All rights reserved.</p></footer>"
        "</body></html>", paras[0], paras[1], paras[2]);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Ten things we learned", "navigation");
    expect_label(r.out, r.len, "Council approves the new harbour bridge", "story");
    expect_label(r.out, r.len, "Posted on 3. M\xc3\xa4rz 2026", "story");
    expect_label(r.out, r.len, "Tuesday, 3 March 2026", "story");
    expect_label(r.out, r.len, "Four hundred metres of steel", "story");
    expect_label(r.out, r.len, "Spring of next year", "story");
    expect_label(r.out, r.len, "Budget talks stall again", "navigation");
    expect_label(r.out, r.len, "Harbour ferry timetable changes", "navigation");
    expect_label(r.out, r.len, "Bridge works close two lanes", "navigation");
    expect_label(r.out, r.len, "Garden chairs and tables", "advertising");
    expect_label(r.out, r.len, "Get the harbour newsletter", "advertising");
    expect_label(r.out, r.len, "I agree that Example News", "advertising");
    result_free(&r);
    free(page);
}
END_TEST

/* The boxes beside a story: a sidebar box that offers a newsletter (its
   heading, its offer and the line after it are advertising), a box of
   teasers under a heading of its own words (the heading and every teaser
   are recommendation, the short teaser too: they link to articles, as
   teasers do, not to a section like "/a"), an author's bio under "About
   the author" (not story, though it is prose) and a linked copyright line
   in the footer (navigation, though its words read like a headline), a
   cookie notice in an element whose class says "ads" (navigation). */
START_TEST(test_sidebar_boxes)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example News</title></head><body>"
        "<article><h1>Council approves the new harbour bridge</h1><p>%s</p><p>%s</p>"
        "<p>%s</p></article>"
        "<div><h3>About the author</h3><p>Jane Berg has written about the harbour and its "
        "ferries for twenty years. She lives in the old town with her two dogs.</p></div>"
        "<aside><div class=\"box\"><h3>From the harbour desk</h3><p>Get the harbour newsletter "
        "every Friday in your inbox.</p><p>Free and once a week, with the best of the "
        "harbour.</p></div>"
        "<div class=\"box\"><h3>Our picks this week</h3><ul>"
        "<li><a href=\"/news/2026/03/ten-things-we-learned-from-the-vote\">Ten things we "
        "learned from the harbour bridge vote</a></li>"
        "<li><a href=\"/news/2026/03/why-the-ferry-timetable-keeps-changing\">Why the ferry "
        "timetable keeps changing this year</a></li>"
        "<li><a href=\"/news/2026/03/harbour-lights-come-back\">Harbour lights come back</a>"
        "</li></ul></div></aside>"
        "<footer><p><a href=\"/about\">\xc2\xa9 2026 Example News Ltd, the harbour "
        "paper</a></p></footer>"
        "<div class=\"widget ads-active\"><form>Privacy and cookies: this site uses cookies. "
        "By going on you agree to their use.</form></div>"
        "</body></html>", paras[0], paras[1], paras[2]);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Council approves the new harbour bridge", "story");
    expect_label(r.out, r.len, "Jane Berg has written", "navigation");
    expect_label(r.out, r.len, "From the harbour desk", "advertising");
    expect_label(r.out, r.len, "Get the harbour newsletter", "advertising");
    expect_label(r.out, r.len, "Free and once a week", "advertising");
    expect_label(r.out, r.len, "Our picks this week", "recommendation");
    expect_label(r.out, r.len, "Ten things we learned", "recommendation");
    expect_label(r.out, r.len, "Why the ferry timetable", "recommendation");
    expect_label(r.out, r.len, "Harbour lights come back", "recommendation");
    expect_label(r.out, r.len, "\xc2\xa9 2026 Example News Ltd", "navigation");
    expect_label(r.out, r.len, "Privacy and cookies", "navigation");
    result_free(&r);
    free(page);
}
END_TEST

/* Short lines beside the story: a time line in a wrapper of its own just
   above the story, unlinked and unsure (score 1-2), leans to story; a
   short heading in the story over a box of teaser links is recommendation;
   the site's menu and footer links stay navigation. */
START_TEST(test_story_edges)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example News</title></head><body>"
        "<div class=\"site\"><div class=\"top\"><a href=\"/\">Home</a> "
        "<a href=\"/news\">News</a> <a href=\"/sport\">Sport</a></div>"
        "<div class=\"wrap\"><div class=\"col\"><div class=\"when\"><div>Tue, 10:19</div></div>"
        "<div class=\"body\"><h2>Council approves the new bus routes</h2><p>%s</p><p>%s</p>"
        "<div class=\"box\"><h4>Transport files</h4><ul>"
        "<li><a href=\"/a\">Ten things we learned from the council's transport vote</a></li>"
        "<li><a href=\"/b\">Why the ferry timetable keeps changing this year</a></li>"
        "<li><a href=\"/c\">The old harbour lights are coming back next summer</a></li>"
        "</ul></div><p>%s</p></div></div></div>"
        "<div class=\"foot\"><a href=\"/imprint\">Imprint</a> "
        "<a href=\"/privacy\">Privacy</a></div></div></body></html>",
        paras[0], paras[1], paras[2]);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Tue, 10:19", "story");
    expect_label(r.out, r.len, "Council approves the new bus routes", "story");
    expect_label(r.out, r.len, "Transport files", "recommendation");
    expect_label(r.out, r.len, "Ten things we learned", "recommendation");
    expect_label(r.out, r.len, "Home News Sport", "navigation");
    expect_label(r.out, r.len, "Imprint Privacy", "navigation");
    result_free(&r);
    free(page);
}
END_TEST

/* The article's own header (photo credit, date, headline, standfirst)
   sits in a <header> element with the site's link back to the overview,
   and the prose follows outside it: the header holds the story's headline,
   so the headline and the standfirst are story. */
START_TEST(test_article_header)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example News</title></head><body>"
        "<div class=\"site-header\"><a href=\"/\">Example News</a><nav><a href=\"/news\">"
        "News</a> <a href=\"/sport\">Sport</a></nav></div>"
        "<div class=\"page\"><header class=\"page-header\"><div class=\"wrap\">"
        "<a href=\"/news\">Back to the overview</a><figure><img src=\"x.jpg\">"
        "<figcaption>\xc2\xa9 Anna Example</figcaption></figure><p>8 November 2026 | News</p>"
        "<div class=\"title\"><h1>Council approves the new harbour bridge after a long "
        "debate</h1></div><p>An unusual evening: after ten years of argument, the town council "
        "voted for the bridge, and the mayor promised that work would begin in the spring.</p>"
        "</div></header><div class=\"content\"><div class=\"main\"><div class=\"text\">"
        "<p>The council voted on Tuesday to build the new harbour bridge, ending a debate "
        "that had lasted for more than ten years and divided the town.</p>"
        "<p>Work will begin in the spring, and the bridge should open to traffic two years "
        "later, the mayor said after the vote in the town hall.</p>"
        "<p>Opponents said the cost was too high, but the majority argued that the ferry "
        "could no longer carry the traffic of a growing town.</p></div></div></div></div>"
        "<footer><p>Copyright 2026 Example News Ltd. All rights reserved.</p></footer>"
        "</body></html>");
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Council approves the new harbour bridge", "story");
    expect_label(r.out, r.len, "An unusual evening", "story");
    expect_label(r.out, r.len, "Back to the overview", "navigation");
    expect_label(r.out, r.len, "Copyright 2026 Example News", "navigation");
    result_free(&r);
    free(page);
}
END_TEST

/* The byline's box under the headline also holds the share bar: the
   author and date are story, the share label and buttons (a social cue
   nearer than the byline's, or "Share" in their own words) are navigation. */
START_TEST(test_share_in_byline)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example News</title></head><body>"
        "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
        "<article><h1>Council approves the new harbour bridge after a long debate</h1>"
        "<div class=\"byline\"><p class=\"author\"><a href=\"/authors/ann\">Ann Example"
        "</a></p><p>November 8, 2026 4:26 pm</p><div class=\"tools\"><div class=\"social-share\"><ul>"
        "<li>Share This Article</li><li><a href=\"https://reddit.example/s\">Reddit</a></li>"
        "<li><a href=\"https://linkedin.example/s\">LinkedIn</a></li></ul></div></div></div>"
        "<div class=\"entry-content\">"
        "<p>The council voted on Tuesday to build the new harbour bridge, ending a debate "
        "that had lasted for more than ten years and divided the town.</p>"
        "<p>Work will begin in the spring, and the bridge should open to traffic two years "
        "later, the mayor said after the vote in the town hall.</p>"
        "<p>Opponents said the cost was too high, but the majority argued that the ferry "
        "could no longer carry the traffic of a growing town.</p></div></article>"
        "</body></html>");
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Council approves the new harbour bridge", "story");
    expect_label(r.out, r.len, "Ann Example", "story");
    expect_label(r.out, r.len, "November 8, 2026", "story");
    expect_label(r.out, r.len, "Share This Article", "navigation");
    expect_label(r.out, r.len, "Reddit", "navigation");
    expect_label(r.out, r.len, "LinkedIn", "navigation");
    result_free(&r);
    free(page);
}
END_TEST

/* A reader-revenue appeal after the story: its heading calls out ("...
   support us!") and its text stands before a button whose words ask for
   support; both are advertising, the story's paragraphs are not, nor is a
   subheading that names a paywall without calling out. */
START_TEST(test_support_appeal)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Mag</title></head><body>"
        "<nav><a href=\"/\">Home</a> <a href=\"/culture\">Culture</a></nav>"
        "<article><h1>The small theatre that outlived three owners and a flood</h1>"
        "<div class=\"entry-content\">"
        "<p>The theatre on the corner of the market square has opened its doors every "
        "autumn for ninety years, through wars, fires and a flood in the cellar.</p>"
        "<h2>How the paywall of the old newsletter worked</h2>"
        "<p>Its owners came and went, but the stage manager stayed for forty years and "
        "kept the programmes of every season in boxes under the stage.</p>"
        "<p>This winter the town bought the building, and the company will play there "
        "for at least another ten years, the mayor promised at the premiere.</p>"
        "<div class=\"box\"><h3>Support our work today!</h3>"
        "<div class=\"appeal\"><p>Independent reporting on the arts of our region costs "
        "money, and every reader who gives a little keeps it free for all.</p>"
        "<p><a href=\"/give\">Support us</a></p></div></div></div></article>"
        "</body></html>");
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "The theatre on the corner", "story");
    expect_label(r.out, r.len, "How the paywall of the old newsletter", "story");
    expect_label(r.out, r.len, "This winter the town bought", "story");
    expect_label(r.out, r.len, "Support our work today!", "advertising");
    expect_label(r.out, r.len, "Independent reporting on the arts", "advertising");
    expect_label(r.out, r.len, "Support us", "advertising");
    result_free(&r);
    free(page);
}
END_TEST

/* An appeal box after the story: its heading and its lines go with the
   appeal, though only some of them name it; an upsell line between the
   story's paragraphs does not take the next paragraph. */
START_TEST(test_appeal_box)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Courier</title></head><body>"
        "<nav><a href=\"/\">Home</a> <a href=\"/politics\">Politics</a></nav>"
        "<article><h1>The assembly passes the new press law after a night of debate</h1>"
        "<div class=\"body\">"
        "<p>The assembly passed the new press law shortly after four in the morning, "
        "after a debate that lasted through the night and ended in a single vote.</p>"
        "<p>Reporters who cover the courts will need a licence from next year, and the "
        "licence can be withdrawn without a hearing, the text of the law says.</p>"
        "<p>Subscribe to our newsletter for the latest news from the assembly.</p>"
        "<p>Three members of the majority voted against it, and one of them said she "
        "would ask the constitutional court to review the law before it takes effect.</p>"
        "<p>The president is expected to sign the law this week, his office said.</p>"
        "<div class=\"note\"><div class=\"wrap\"><div><div><strong>Support independent "
        "journalism</strong></div>If you think our work is worth it, help us go on.</div>"
        "<div>We need you to keep asking the questions nobody else asks.</div>"
        "<div>Read how we are funded and who owns us.</div></div></div>"
        "<h2>While you are here\xe2\x80\xa6</h2>"
        "<p>If you enjoyed reading this story, would you consider supporting our work? "
        "Just click here.</p></div></article>"
        "<footer><a href=\"/about\">About us</a> <a href=\"/contact\">Contact</a></footer>"
        "</body></html>");
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "The assembly passed the new press law", "story");
    expect_label(r.out, r.len, "Subscribe to our newsletter", "advertising");
    expect_label(r.out, r.len, "Three members of the majority", "story");
    expect_label(r.out, r.len, "The president is expected", "story");
    expect_label(r.out, r.len, "Support independent journalism", "advertising");
    expect_label(r.out, r.len, "If you think our work is worth it", "advertising");
    expect_label(r.out, r.len, "We need you to keep asking", "advertising");
    expect_label(r.out, r.len, "While you are here", "advertising");
    expect_label(r.out, r.len, "If you enjoyed reading this story", "advertising");
    result_free(&r);
    free(page);
}
END_TEST

/* A date right above the headline is the story's dateline, though the
   bar that holds it is called "nav"; the bar's menu is not. */
START_TEST(test_date_above_headline)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Motorsport</title></head><body>"
        "<header><a href=\"/\">Home</a> <a href=\"/f1\">Formula 1</a></header>"
        "<article><div class=\"nav\"><ul><li><a href=\"/f1\">Formula 1</a></li>"
        "<li><a href=\"/f1/news\">News</a></li></ul><p class=\"date\">2 February 2022, 11:14</p></div>"
        "<h1>After the first test the team plans a late launch of its new car</h1>"
        "<p>The team will show its new car only two days after the first test of the "
        "season, later than any other team on the grid, its principal said on Monday.</p>"
        "<p>The car has run only in the simulator so far, and the first laps on a real "
        "track are planned for the second day of the test in the desert.</p></article>"
        "</body></html>");
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "News", "navigation");
    expect_label(r.out, r.len, "2 February 2022, 11:14", "story");
    expect_label(r.out, r.len, "After the first test", "story");
    expect_label(r.out, r.len, "The team will show", "story");
    result_free(&r);
    free(page);
}
END_TEST

/* A date further above the headline, a section's name between the two
   and the date deep in a bar of its own: the story's dateline.  A date
   under a teaser's title in the list before it is the teaser's. */
START_TEST(test_dateline_over_header)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Motorsport</title></head><body>"
        "<div class=\"teasers\"><h2><a href=\"/a/1\">The new season opens in the desert "
        "next month</a></h2><div class=\"date\">1 February 2022</div></div>"
        "<article><div class=\"nav\"><ul><li><a href=\"/f1\">Formula 1</a></li>"
        "<li><a href=\"/f1/news\">News</a></li></ul><div><div><div>"
        "<p class=\"date\">2 February 2022, 11:14</p></div></div></div></div>"
        "<div><a href=\"/f1\">Formula 1</a></div>"
        "<div class=\"head\"><h1>After the first test the team plans a late launch of its new car</h1></div>"
        "<p>The team will show its new car only two days after the first test of the "
        "season, later than any other team on the grid, its principal said on Monday.</p>"
        "<p>The car has run only in the simulator so far, and the first laps on a real "
        "track are planned for the second day of the test in the desert.</p></article>"
        "</body></html>");
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "1 February 2022", "recommendation");
    expect_label(r.out, r.len, "2 February 2022, 11:14", "story");
    expect_label(r.out, r.len, "After the first test", "story");
    expect_label(r.out, r.len, "The team will show", "story");
    result_free(&r);
    free(page);
}
END_TEST

/* Web addresses right after the story's text, linked: its sources, where
   to read more.  The same in the footer are the footer's. */
START_TEST(test_source_addresses)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Health</title></head><body>"
        "<article><h1>The vaccine does not harm fertility, three studies find</h1>"
        "<p>Three studies of more than a million women found no link between the vaccine "
        "and fertility, the researchers wrote, and the rumours had no basis at all.</p>"
        "<p>Sources:</p>"
        "<p>1 <a href=\"https://example.org/studies/2021/fertility\">https://example.org/studies/2021/fertility</a></p>"
        "<p>2 <a href=\"https://example.net/pmc/articles/8666311\">https://example.net/pmc/articles/8666311</a></p>"
        "</article><footer><p><a href=\"https://www.example.com\">www.example.com</a></p>"
        "<p><a href=\"/imprint\">Imprint</a> <a href=\"/privacy\">Privacy</a></p></footer>"
        "</body></html>");
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "1 https://example.org/studies", "story");
    expect_label(r.out, r.len, "2 https://example.net/pmc", "story");
    expect_label(r.out, r.len, "www.example.com", "navigation");
    result_free(&r);
    free(page);
}
END_TEST

/* The article's summary under its headline, in a box its CMS calls a
   teaser ("entry-teaser"): story; a related teaser's summary, after its
   linked title in such a box, is not. */
START_TEST(test_standfirst_in_teaser_box)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Weekly</title></head><body><article>"
        "<div class=\"row\"><div class=\"col\"><div class=\"entry-header\">"
        "<div><h1>Gender diversity: a revolution in the lab</h1><h2>The Big Shift</h2></div>"
        "<div class=\"entry-teaser\">Only a fifth of the people in IT jobs are women. "
        "Living labs could change that.</div><div class=\"entry-infos\"><div class=\"flex\">"
        "<div class=\"item\"><div>Published</div><div>15.12.2022</div></div></div></div>"
        "</div></div></div><div class=\"row\"><div class=\"col\"><div class=\"entry-content\">"
        "<p>The study followed forty teams in twelve companies for three years and counted who "
        "was hired, who stayed and who left the team again.</p>"
        "<p>Teams that tried new ways of working in a lab of their own hired more women and "
        "kept them longer, the authors found, whatever the size of the company.</p>"
        "</div></div></div></article>"
        "<div class=\"teaser\"><h3><a href=\"/a/2\">Robots in the care home</a></h3>"
        "<p>Three homes tried them for a year. What the staff say about them now.</p></div>"
        "</body></html>");
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Only a fifth of the people", "story");
    expect_label(r.out, r.len, "Three homes tried them", "recommendation");
    result_free(&r);
    free(page);
}
END_TEST

/* "Read also: <a linked title>" between the story's paragraphs is a
   teaser, though the story's score carries it; the story goes on after it. */
START_TEST(test_read_also_in_story)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Sport</title></head><body><article>"
        "<h1>The team can count on its leaders, the coach says</h1><div class=\"article-body\">"
        "<div>All of them, the coach stressed again, can rely on the support of the team's "
        "leaders, whatever the results of the next weeks may be.</div>"
        "<div>Das k\xc3\xb6nnte Dich auch interessieren: <a href=\"/a/9\">Torch relay "
        "begins</a></div>"
        "<div>The coach knows the situation is difficult and that nobody in the team looks "
        "away from it, he said after the training on Sunday.</div></div></article>"
        "</body></html>");
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Das k\xc3\xb6nnte Dich", "recommendation");
    expect_label(r.out, r.len, "The coach knows the situation", "story");
    result_free(&r);
    free(page);
}
END_TEST

/* A dateline over the story's prose, when a cue over the whole article
   ("share-wrapper") holds the prose's own score down: the prose is still
   story prose ahead, so the dateline is story.  And a short paragraph
   there that says "a month earlier" offers no subscription. */
START_TEST(test_dateline_in_marked_article)
{
    const char *page =
        "<!DOCTYPE html><html><head><title>Example News</title></head><body>"
        "<div class=\"article share-wrapper\">"
        "<h1>Health body warns of new surges across the region</h1>"
        "<div class=\"entry-meta\"><a href=\"/t/1\">Health</a></div><ul class=\"cats\">"
        "<li><a href=\"/c/1\">Region</a></li><li><a href=\"/c/2\">World</a></li>"
        "<li><a href=\"/c/3\">Social Issues</a></li><li><a href=\"/c/4\">Politics</a></li>"
        "<li><a href=\"/c/5\">Economy</a></li><li><a href=\"/c/6\">Science</a></li>"
        "<li><a href=\"/c/7\">Sport</a></li></ul>"
        "<div class=\"tags\">Tags</div><div class=\"views\">Views: 184</div>"
        "<div class=\"content\"><div class=\"wrap\">"
        "<p>Posted: Thursday, April 21, 2022. 10:11 pm CST.</p>"
        "<p>The region cannot ignore the risk of further surges of the virus, the health body "
        "warned on Wednesday, as cases rise again in several countries of the north and in the "
        "islands, where the number of new cases has doubled in two weeks.</p>"
        "<p>Cases are surging in Europe and East Asia because of a new variant, and while "
        "overall numbers in the region are falling, the body said that the decline may not "
        "last for long if the new variant spreads as fast there as it did in Europe.</p>"
        "<p>The new variant has been found in almost nine percent of the samples sequenced in "
        "the south of the region, up from two percent a month earlier, says the report.</p>"
        "</div></div></div></body></html>";
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Posted: Thursday, April 21, 2022", "story");
    expect_label(r.out, r.len, "The new variant has been found", "story");
    expect_label(r.out, r.len, "Politics", "navigation");
    result_free(&r);
}
END_TEST

/* The page's <h1> as the last item of a breadcrumb, repeating the page
   title: the article's headline, though a menu holds it; the crumbs before
   it stay navigation. */
START_TEST(test_headline_in_breadcrumb)
{
    const char *page =
        "<!DOCTYPE html><html><head><title>Flixbus attacks the railway over the new timetable "
        "| Example Times</title></head><body><nav id=\"context-navigation\">"
        "<ul class=\"breadcrumbs\"><li><a href=\"/\">Home</a></li>"
        "<li><a href=\"/economy\">Economy</a></li>"
        "<li><h1>Flixbus attacks the railway over the new timetable</h1></li></ul></nav>"
        "<div class=\"article-body\"><p>The bus company says the railway's plan for a timetable "
        "that runs like clockwork across the country will cost the taxpayer billions and help "
        "nobody who lives outside the big cities.</p><p>The railway answered that the plan was "
        "agreed with the regions and that buses would find new customers at the stations where "
        "the trains meet every half hour.</p></div></body></html>";
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Flixbus attacks the railway", "story");
    expect_label(r.out, r.len, "Economy", "navigation");
    result_free(&r);
}
END_TEST

/* The post's meta line under its headline, a date and time with the
   linked category and comment count ("8 December 2010 at 09:43 · Recipes
   ... · 6 comments"): story, though more than half of it links. */
START_TEST(test_meta_line_under_headline)
{
    const char *page =
        "<!DOCTYPE html><html><head><title>Example Kitchen</title></head><body>"
        "<div class=\"post\"><h1>Liver with apple and onion, as my mother made it</h1>"
        "<p>8 December 2010 at 09:43 \xc2\xb7 <a href=\"/c/mum\">Recipes from my dear old "
        "mother</a> \xc2\xb7 <a href=\"#comments\">6 comments so far</a></p>"
        "<p>It is as wintry as it has not been for a long time, and the cold puts everyone in "
        "the mood for something warm and hearty on the table.</p>"
        "<p>My mother made this dish every December, with apples from the cellar and onions "
        "from the garden, and served it with mashed potatoes.</p></div></body></html>";
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "8 December 2010 at 09:43", "story");
    result_free(&r);
}
END_TEST

/* n paragraphs of html made from fmt, which holds one %d for the paragraph's
   number (1 to n); free() it. */
static char *numbered_paras(int n, const char *fmt)
{
    char *body = str_printf("%s", "");
    for (int i = 1; i <= n; i++) {
        char *one = str_printf(fmt, i), *more = str_printf("%s%s", body, one);
        free(one);
        free(body);
        body = more;
    }
    return body;
}

/* The story's date with its time of day after an offer that closes the
   story: nine or ten words long, still the story's date line. */
START_TEST(test_date_with_time)
{
    char *page, *body = numbered_paras(
        7, "<p>Paragraph %d of the report says that the traders in the "
        "city saw the same pattern again on the day, and that the mood "
        "held until the close of the market.</p>");
    page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Markets</title></head><body>"
        "<div class=\"post\"><h1>Shares close higher as the banks recover their losses</h1>"
        "<div class=\"body\"><p>Shares closed higher on Wednesday as the banks recovered the "
        "losses of the week before, and the index ended the day at its best level for a "
        "month.</p>%s<a href=\"/promos/pro\">Get access to our markets service for as little "
        "as one dollar a week: subscribe now.</a></div>"
        "<div class=\"stamp\">First published on Nov 20, 2019 01:38 pm</div></div>"
        "<div class=\"foot\"><a href=\"/about\">About us</a> <a href=\"/contact\">Contact</a>"
        "</div></body></html>", body);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Shares closed higher", "story");
    expect_label(r.out, r.len, "Get access to our markets", "advertising");
    expect_label(r.out, r.len, "First published on Nov 20, 2019 01:38 pm", "story");
    result_free(&r);
    free(page);
    free(body);
}
END_TEST

/* A picture's caption between two paragraphs of the story that credits
   its sources with links (an archive, a licence, the one who cut it): the
   story's, though most of its words are links; the same caption under a
   teaser in a list of other stories is not. */
START_TEST(test_linked_caption_credit)
{
    char *page, *body = numbered_paras(
        4, "<p>Part %d of the account tells how the publishers of the "
        "city tried to sell their papers online for a flat fee, and "
        "why the readers did not follow them at first.</p>");
    page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Media</title></head><body>"
        "<div class=\"post\"><h1>A flat fee for the news: an old idea comes back</h1>"
        "<div class=\"entry\"><p>Publishers talk again of one price for many papers, as the "
        "streaming services sell music and films, and some have begun to try it out.</p>"
        "<figure><img src=\"/a.jpg\" alt=\"\"><figcaption>Foto: <a href=\"/ba\">"
        "Bundesarchiv, Bild 183-81005-0003</a> via <a href=\"/w\">Wikipedia</a> "
        "<a href=\"/l\">CC-BY-SA 3.0</a>, Ausschnitt: <a href=\"/h\">Henry Beispiel</a> "
        "<a href=\"/l4\">CC-BY-SA 4.0 International</a></figcaption></figure>%s</div></div>"
        "<div class=\"more\"><h2>More stories</h2><ul>"
        "<li><a href=\"/a/streaming-prices-rise-again-this-year\">Streaming prices rise again "
        "this year</a></li><li><a href=\"/a/papers-close-their-print-plants\">Papers close "
        "their print plants in the north</a></li></ul></div></body></html>", body);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Publishers talk again", "story");
    expect_label(r.out, r.len, "Foto: Bundesarchiv", "story");
    expect_label(r.out, r.len, "Part 1 of the account", "story");
    expect_label(r.out, r.len, "Streaming prices rise", "recommendation");
    result_free(&r);
    free(page);
    free(body);
}
END_TEST

/* A note on the author after the story, in no box the markup names ("Anna
   Beispiel ist Redakteurin ..."), is not the story; the story's last
   paragraph that names a person is, and so is a note on an interview's
   guest inside the element that holds the story's body. */
START_TEST(test_person_note)
{
    char *page, *body = numbered_paras(
        4, "<p>Teil %d des Berichts erz\xc3\xa4hlt, wie die Bank ihre "
        "Filialen in der Stadt schloss und warum die Kunden trotzdem "
        "blieben, obwohl die Wege l\xc3\xa4nger wurden.</p>");
    page = str_printf(
        "<!DOCTYPE html><html><head><title>Beispiel Zeitung</title></head><body>"
        "<div class=\"wrap\"><h1>Die Bank schlie\xc3\x9ft ihre letzten Filialen</h1>%s"
        "<p>Peter M\xc3\xbcller war bis zum Schluss Leiter der Filiale am Markt und geht nun "
        "in den Ruhestand.</p>"
        "<div class=\"box\"><p>Anna Beispiel ist Redakteurin im Ressort Wirtschaft. Sie "
        "schreibt seit 2015 \xc3\xbc" "ber Banken und Geldanlage.</p></div>"
        "<div class=\"foot\"><a href=\"/impressum\">Impressum</a></div></div>"
        "</body></html>", body);
    char *guest = str_printf(
        "<!DOCTYPE html><html><head><title>Beispiel Magazin</title></head><body>"
        "<article><h1>Wer die Daten hat, hat die Macht</h1><div class=\"article-body\">%s"
        "<p>Karl Beispiel ist Professor f\xc3\xbcr Digitale Kultur in Z\xc3\xbcrich. Er "
        "forscht seit Jahren zu Netzwerken.</p></div></article>"
        "<div class=\"foot\"><a href=\"/impressum\">Impressum</a></div></body></html>", body);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Teil 1 des Berichts", "story");
    expect_label(r.out, r.len, "Peter M\xc3\xbcller war bis zum Schluss", "story");
    expect_not_story(r.out, r.len, "Anna Beispiel ist Redakteurin");
    result_free(&r);
    r = run_page(&opt, guest, strlen(guest), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Karl Beispiel ist Professor", "story");
    result_free(&r);
    free(guest);
    free(page);
    free(body);
}
END_TEST

/* A subheading whose own wrapper is a header element or a class that says
   "header" ("<header class=frame-header><h2>", as content systems write a
   text element's heading) is the story's subheading, between its
   paragraphs; the page's header, with its menu, is not story. */
START_TEST(test_header_heading)
{
    static const char *const heads[] = {"Wie die Daten gepflegt werden",
                                        "Was der Dienst nicht leistet"};
    char *frames = str_printf("%s", ""), *page;
    for (int i = 0; i < 3; i++) {
        char *next = str_printf(
            "%s<div class=\"frame frame-type-text\"><div class=\"frame-container\">"
            "<div class=\"frame-inner\">%s%s%s<div class=\"frame-bodytext\">"
            "<div class=\"text-column\"><p>Abschnitt %d: Eine gute Datenqualit\xc3\xa4t ist uns "
            "wichtig. Deshalb erhalten Sie regelm\xc3\xa4\xc3\x9fig gepr\xc3\xbc" "fte "
            "Datenbl\xc3\xa4tter, die unsere Fachleute mit den Herstellern abstimmen und "
            "bei jeder \xc3\x84nderung der Vorschriften neu bewerten.</p></div></div>"
            "</div></div></div>",
            frames, i ? "<header class=\"frame-header\"><h2 class=\"element-header\"><span>" : "",
            i ? heads[i - 1] : "", i ? "</span></h2></header>" : "", i + 1);
        free(frames);
        frames = next;
    }
    page = str_printf(
        "<!DOCTYPE html><html><head><title>Gefahrstoffe verwalten</title></head><body>"
        "<header class=\"site-header\"><h2>Men\xc3\xbc</h2><ul><li><a href=\"/a\">Leistungen</a>"
        "</li><li><a href=\"/b\">Kontakt</a></li><li><a href=\"/c\">Presse</a></li></ul>"
        "</header><div class=\"page\"><h1>Gefahrstoffe verwalten</h1>%s</div>"
        "<div class=\"foot\"><a href=\"/impressum\">Impressum</a></div></body></html>", frames);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Abschnitt 2: Eine gute", "story");
    expect_label(r.out, r.len, heads[0], "story");
    expect_label(r.out, r.len, heads[1], "story");
    expect_not_story(r.out, r.len, "Men\xc3\xbc");
    result_free(&r);
    free(page);
    free(frames);
}
END_TEST

/* fmt for each of from..to, one after another; fmt reads its number as
   %1$d, as often as it likes. */
static char *numbered(const char *fmt, int from, int to)
{
    char *all = str_printf("%s", "");
    for (int i = from; i <= to; i++) {
        char *one = str_printf(fmt, i), *both = str_printf("%s%s", all, one);
        free(all);
        free(one);
        all = both;
    }
    return all;
}

/* A story whose paragraphs (under 30 words: not prose to the rules) sit
   each in a wrapper of its own, broken by a newsletter form and a
   "Related" box: the paragraphs after the box go on with the story.  A
   list of teasers after such a box, a linked title and an unlinked
   summary each, stays out of it. */
START_TEST(test_story_after_box)
{
    static const char *const para =
        "<div class=\"sc-par\"><p>Paragraph %1$d of the report: travellers from the listed "
        "countries must now stay at home for two weeks, the ministers said late on Thursday "
        "evening.</p></div>";
    static const char *const teaser =
        "<div class=\"sc-par\"><h3><a href=\"/news/item-%1$d\">Teaser title number %1$d</a>"
        "</h3></div><div class=\"sc-par\"><p>Summary %1$d of another story: the new bus lanes "
        "will open next spring after a long dispute with the shop owners, the council said "
        "today.</p></div>";
    char *before = numbered(para, 1, 3), *after = numbered(_i ? teaser : para, 4, 6);
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Travel rules change</title></head><body>"
        "<nav><ul><li><a href=\"/news\">News</a></li><li><a href=\"/sport\">Sport</a></li>"
        "</ul></nav><article><h1>Travel rules change</h1><div class=\"body\">%s"
        "<div class=\"nl\"><form action=\"/signup\"><p>Essential news, delivered daily</p>"
        "<label>Email</label><input name=\"email\"><button>Sign up</button></form></div>"
        "<aside class=\"related\"><h3>Related</h3><ul><li><a href=\"/news/other\">Indoor "
        "socialising ban rolled out amid virus curb hopes</a></li></ul></aside>%s</div>"
        "</article><footer><a href=\"/about\">About us</a></footer></body></html>",
        before, after);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), 0);
    expect_label(r.out, r.len, "Paragraph 3 of the report", "story");
    if (_i == 0) {
        expect_label(r.out, r.len, "Paragraph 4 of the report", "story");
        expect_label(r.out, r.len, "Paragraph 6 of the report", "story");
    } else {
        expect_not_story(r.out, r.len, "Summary 4 of another story");
        expect_not_story(r.out, r.len, "Summary 5 of another story");
    }
    result_free(&r);
    free(page);
    free(before);
    free(after);
}
END_TEST

/* A post of a few short lines under its headline, which links to the
   post's own page and says the page title: the headline and the date
   under it are story, the blog's name over them is not, though the title
   says it too (it links to the site's home page). */
START_TEST(test_linked_headline_short_post)
{
    /* the blog's name: in the title after the post's, and over the post */
    static const char *const fmt =
        "<!DOCTYPE html><html><head><title>Die M\xc3\xb6glichkeit nichts zu tun ist auch eine "
        "M\xc3\xb6glichkeit | %s</title></head><body><div id=\"wrapper\"><div id=\"header\">"
        "<div id=\"title\"><h1><a href=\"https://gnaur.example.org/\">%s</a></h1></div></div>"
        "<div id=\"content\"><div class=\"post type-post hentry\" id=\"post-406\">"
        "<h2 class=\"posttitle\"><a href=\"https://gnaur.example.org/2013/06/14/die-moglichkeit/\">"
        "Die M\xc3\xb6glichkeit nichts zu tun ist auch eine M\xc3\xb6glichkeit</a></h2>"
        "<p class=\"commentmeta\">14. Juni 2013 at 20:51 (<a href=\"https://gnaur.example.org/"
        "category/spezifisch/\">Spezifisch</a>)</p>"
        "<p>\xe2\x80\x9eIch wei\xc3\x9f ich bin betrunken und sollte das vielleicht nicht "
        "sagen\xe2\x80\xa6\xe2\x80\x9c</p><p>\xe2\x80\x93 \xe2\x80\x9e" "Dann sag es nicht"
        "\xe2\x80\x9c</p><p>\xe2\x80\x93 \xe2\x80\x9eOk.\xe2\x80\x9c</p></div></div>"
        "<div id=\"sidebar\"><h3>Kategorien</h3><ul><li><a href=\"/a\">Spezifisch</a></li>"
        "<li><a href=\"/b\">Allgemein</a></li></ul></div></div></body></html>";
    static const char *const name = "Gnaurs Blog \xc3\xbc" "ber den Alltag";
    char *page = str_printf(fmt, "Gnaur", "Gnaur"), *blog = str_printf(fmt, name, name);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Die M\xc3\xb6glichkeit nichts zu tun", "story");
    expect_label(r.out, r.len, "14. Juni 2013 at 20:51", "story");
    expect_label(r.out, r.len, "\xe2\x80\x9eIch wei\xc3\x9f ich bin", "story");
    expect_label(r.out, r.len, "Gnaur", "navigation");
    expect_label(r.out, r.len, "Kategorien", "navigation");
    result_free(&r);
    /* the blog's name, linked to its home page, is the title's other part */
    r = run_page(&opt, blog, strlen(blog), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Gnaurs Blog", "navigation");
    expect_label(r.out, r.len, "Die M\xc3\xb6glichkeit nichts zu tun", "story");
    result_free(&r);
    free(blog);
    free(page);
}
END_TEST

/* A headline that links to its own page and says the page title's words
   but not as the title has them (a word added, a dash left out) is the
   story's headline, and the date under it the story's; a teaser after the
   story that shares a few of its words is not. */
START_TEST(test_headline_by_title_words)
{
    char *page, *body = numbered_paras(
        4, "<p>Step %d of the tutorial shows how the size of the text "
        "in a plot changes with one argument, and what the axis and "
        "the legend do when it grows.</p>");
    page = str_printf(
        "<!DOCTYPE html><html><head><title>Change Font Size of Plots in R | Axis Text, Main "
        "Title &amp; Legend</title></head><body>"
        "<div class=\"menu\"><a href=\"/\">Home</a> <a href=\"/r\">R Programming</a> "
        "<a href=\"/python\">Python</a></div>"
        "<div class=\"post\"><h1><a href=\"/change-font-size-of-plots-in-r\">Change Font Size "
        "of Plots in R (5 Examples) | Axis Text, Main Title &amp; Legend</a></h1>"
        "<div class=\"meta\">June 19, 2019</div>%s</div>"
        "<div class=\"more\"><h3><a href=\"/change-the-colors-of-a-plot-in-r\">Change the "
        "Colors of a Plot in R</a></h3><h3><a href=\"/draw-a-boxplot-in-r-with-examples\">Draw "
        "a Boxplot in R with Examples</a></h3></div></body></html>", body);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Change Font Size of Plots in R (5 Examples)", "story");
    expect_label(r.out, r.len, "June 19, 2019", "story");
    expect_label(r.out, r.len, "Step 1 of the tutorial", "story");
    expect_label(r.out, r.len, "Change the Colors of a Plot", "recommendation");
    result_free(&r);
    free(page);
    free(body);
}
END_TEST

/* A short line in the story's element that scores low and says what a
   site says of itself ("This slideshow requires JavaScript", a note on
   its comments) is not story; a paragraph of the story that says
   "copyright" is. */
START_TEST(test_boilerplate_line)
{
    char *page, *body = numbered_paras(
        4, "<p>Section %d of the review says the bike climbs well, "
        "that its brakes hold in the wet, and that the frame is stiff "
        "without being harsh on long rides.</p>");
    page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Bikes</title></head><body>"
        "<div class=\"entry-content\"><h1>A light gravel bike that climbs like a road bike</h1>"
        "%s<p>The maker holds the copyright of the photos, which show the bike on the test "
        "loop in the hills above the town in May.</p>"
        "<p>This slideshow requires JavaScript.</p><p>In short, the bike is worth its price "
        "for riders who mix roads and gravel tracks on the same day out.</p></div>"
        "<div class=\"foot\"><a href=\"/about\">About</a> <a href=\"/contact\">Contact</a>"
        "</div></body></html>", body);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Section 1 of the review", "story");
    expect_label(r.out, r.len, "The maker holds the copyright", "story");
    expect_label(r.out, r.len, "This slideshow requires JavaScript", "navigation");
    expect_label(r.out, r.len, "In short, the bike is worth", "story");
    result_free(&r);
    free(page);
    free(body);
}
END_TEST

/* An embedded post between the story's paragraphs: the line that says
   whose it is ("A post shared by ...") is the story's credit, though the
   embed's link to the network stands between it and the story before. */
START_TEST(test_embed_credit)
{
    char *page, *body = numbered_paras(
        3, "<p>Paragraph %d: the club signed the goalkeeper for two "
        "seasons, and the coach said he had watched him for a long "
        "time before the deal was done.</p>");
    page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Handball</title></head><body>"
        "<div class=\"menu\"><a href=\"/\">Home</a> <a href=\"/teams\">Teams</a></div>"
        "<div class=\"article\"><h1>The club signs a new goalkeeper for two seasons</h1>%s"
        "<blockquote class=\"instagram-media\"><div><a href=\"https://www.instagram.com/p/x/\">"
        "<div><div>View this post on Instagram</div></div></a><p><a href=\"https://www.instagram"
        ".com/p/x/\">A post shared by Example Handball (@examplehandball)</a></p></div>"
        "</blockquote><p>The goalkeeper said he was glad to come back to the city where he had "
        "played as a boy, and that he wanted to win the cup.</p></div>"
        "<div class=\"foot\"><a href=\"/about\">About</a></div></body></html>", body);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Paragraph 3:", "story");
    expect_label(r.out, r.len, "A post shared by Example Handball", "story");
    expect_label(r.out, r.len, "The goalkeeper said", "story");
    result_free(&r);
    free(page);
    free(body);
}
END_TEST

/* A sidebar widget of an offer whose heading is all its text (the rest an
   image), then the classified ads' widget: its heading and listings are
   the ad box's; an ad label over an empty slot says nothing of the menu
   after the slot. */
START_TEST(test_ad_box_after_offer)
{
    const char *page =
        "<!DOCTYPE html><html><head><title>Example Weekly</title></head><body>"
        "<div class=\"main\"><h1>New rules for parking in the old town from March</h1>"
        "<p>From March, cars may park in the old town only on the marked places, and the city "
        "will check the rule every day of the week with its own staff.</p>"
        "<p>The council says that the lanes between the churches have been blocked too often, "
        "and that buses and ambulances could not pass on market days.</p></div>"
        "<aside class=\"sidebar\"><section class=\"widget\"><h2>Anzeige: Mehr lesen mit dem "
        "Example+ Abo</h2><div class=\"textwidget\"><a href=\"/abo/\"><img src=\"/abo.png\" "
        "alt=\"\"></a></div></section><section class=\"widget listings\"><h2>Aus dem "
        "Anzeigen-Markt</h2><div class=\"row\"><div class=\"entry\"><h3><a href=\"/anzeige/"
        "gebrauchtes-fahrrad/\">Gebrauchtes Fahrrad zu verkaufen</a></h3></div></div></section>"
        "<div class=\"slot\"><div class=\"label\">Anzeige</div><div id=\"gpt-1\"></div></div>"
        "<ul class=\"links\"><li><a href=\"/sport\">Sport</a></li><li><a href=\"/weather\">"
        "Weather</a></li></ul></aside></body></html>";
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "From March, cars", "story");
    expect_label(r.out, r.len, "Aus dem Anzeigen-Markt", "advertising");
    expect_label(r.out, r.len, "Gebrauchtes Fahrrad zu verkaufen", "advertising");
    expect_label(r.out, r.len, "Sport", "navigation");
    expect_label(r.out, r.len, "Weather", "navigation");
    result_free(&r);
}
END_TEST

/* A short link beside the story whose address names a shop (its host or a
   path segment) is an offer: advertising; the same words linked to the
   site's own page stay navigation (the kind model reads LK_PROMO). */
START_TEST(test_promo_link)
{
    static const char *const hrefs[] = {
        "/harbour-calendar-2027", "https://shop.example.com/harbour-calendar-2027",
        "/shop/harbour-calendar-2027"
    };
    for (size_t i = 0; i < sizeof hrefs / sizeof hrefs[0]; i++) {
        char *page = str_printf(
            "<!DOCTYPE html><html><head><title>Council approves the new harbour bridge - "
            "Example News</title></head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">"
            "News</a> <a href=\"/sport\">Sport</a></nav>"
            "<article><h1>Council approves the new harbour bridge</h1><p>%s</p><p>%s</p>"
            "<p>%s</p></article><div class=\"box\"><p><a href=\"%s\">The harbour calendar "
            "2027</a></p></div><footer><p><a href=\"/about\">About us</a> <a href=\"/contact\">"
            "Contact</a></p></footer></body></html>", paras[0], paras[1], paras[2], hrefs[i]);
        pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
        result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
        expect_label(r.out, r.len, "Council approves the new harbour bridge", "story");
        expect_label(r.out, r.len, "The harbour calendar 2027", i ? "advertising" : "navigation");
        expect_label(r.out, r.len, "About us", "navigation");
        result_free(&r);
        free(page);
    }
}
END_TEST

/* A blog's category and archive lists, each link with its count of posts:
   navigation, not a teaser ("Neues aus der Stadt (5)") nor a date the
   story's ("Oktober 2007 (23)" names no day). */
START_TEST(test_archive_counts)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Blog</title></head><body>"
        "<div class=\"main\"><h1>A walk through the old town in winter</h1>"
        "<p>The old town is quiet in winter, and the lanes between the churches belong to the "
        "people who live there. We walked from the harbour to the castle in the snow.</p>"
        "<p>On the way we stopped at the bakery by the bridge, which has sold the same rye "
        "bread for a hundred years, and at the museum of the town's own history.</p></div>"
        "<div class=\"widget\"><h3>Kategorien</h3><ul>"
        "<li><a href=\"/c/reisen\">Reisen</a> (23)</li>"
        "<li><a href=\"/c/stadt\">Neues aus der Stadt</a> (5)</li></ul>"
        "<h3>Archiv</h3><ul><li><a href=\"/2007/10\">Oktober 2007</a> (23)</li>"
        "<li><a href=\"/2007/09\">September 2007</a> (13)</li></ul></div></body></html>");
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "The old town is quiet", "story");
    expect_label(r.out, r.len, "Neues aus der Stadt (5)", "navigation");
    expect_label(r.out, r.len, "Oktober 2007 (23)", "navigation");
    expect_label(r.out, r.len, "September 2007 (13)", "navigation");
    result_free(&r);
    free(page);
}
END_TEST

/* The lead image's credit in a figcaption of the page's header, right
   before the <h1>: the story's caption, though a header holds it and no
   story came before it.  A figure in the menu before it is not. */
START_TEST(test_lead_caption)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Church News</title></head><body>"
        "<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li></ul>"
        "<figure><figcaption>Our logo</figcaption></figure></nav>"
        "<div class=\"page-header\"><figure><img src=\"/synod.jpg\" alt=\"\">"
        "<figcaption>\xc2\xa9 Anna Example</figcaption></figure>"
        "<h1>Foreign minister and cardinal visit the synod in the capital</h1></div>"
        "<div class=\"content\">"
        "<p>The foreign minister and the cardinal secretary of state visited the synod on "
        "Monday and spoke to its members about peace, diplomacy and the churches.</p>"
        "<p>Both guests praised the work of the churches for refugees and asked the synod "
        "to keep its doors open for dialogue between the communities of the region.</p>"
        "<p>The synod thanked the guests and will discuss their proposals at its next "
        "meeting in the spring, its president said after the visit.</p></div>"
        "</body></html>");
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Our logo", "navigation");
    expect_label(r.out, r.len, "\xc2\xa9 Anna Example", "story");
    expect_label(r.out, r.len, "Foreign minister and cardinal visit", "story");
    expect_label(r.out, r.len, "The foreign minister and the cardinal", "story");
    result_free(&r);
    free(page);
}
END_TEST

/* WordPress's "recent comments" widget lists links to the posts last
   commented on ("Anna on The harbour bridge"): recommendation, its heading
   too, not the page's comments, though its classes name comments
   ("widget_recent_comments", "recentcomments"). */
START_TEST(test_recent_comments)
{
    char *page, *body = numbered_paras(    /* the widget far from the headline */
        8, "<p>Stage %d of the walk follows the shore past the boat "
        "sheds and the old customs house to the end of the pier.</p>");
    page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Blog</title></head><body>"
        "<article><h1>Walking the old harbour path in winter</h1><div class=\"entry-content\">"
        "<p>The old harbour path runs for six kilometres along the water, past the "
        "lighthouse, the fish market and the boat sheds of the rowing club.</p>"
        "<p>In winter the path is quiet, and on a clear morning the mountains on the "
        "other side of the bay look close enough to touch.</p>%s</div></article>"
        "<aside id=\"secondary\" class=\"widget-area\">"
        "<section id=\"recent-comments-2\" class=\"widget widget_recent_comments\">"
        "<h2 class=\"widget-title\">Recent Comments</h2><ul id=\"recentcomments\">"
        "<li class=\"recentcomments\"><span class=\"comment-author-link\">Anna</span> on "
        "<a href=\"/2026/10/the-harbour-bridge-debate/#comment-12\">The harbour bridge "
        "debate</a></li>"
        "<li class=\"recentcomments\"><span class=\"comment-author-link\">Ben</span> on "
        "<a href=\"/2026/09/ten-walks-around-the-bay/#comment-7\">Ten walks around the "
        "bay</a></li></ul></section></aside>"
        "</body></html>", body);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "The old harbour path runs", "story");
    expect_label(r.out, r.len, "Recent Comments", "recommendation");
    expect_label(r.out, r.len, "Anna on The harbour bridge", "recommendation");
    expect_label(r.out, r.len, "Ben on Ten walks", "recommendation");
    result_free(&r);
    free(page);
    free(body);
}
END_TEST

/* A post whose element's classes name its author ("author-anna", a
   WordPress post class): the meta cue sits over the whole story, so it
   does not make the story's short lines bylines, and the text output keeps
   them; the byline in the post's own meta box is still one. */
START_TEST(test_meta_over_story)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Kitchen</title></head><body>"
        "<article class=\"post entry author-anna\"><h1>A week of simple meal prep</h1>"
        "<div class=\"entry-meta\">By Anna Example</div>"
        "<div class=\"entry-content\">"
        "<p>Cooking for the whole week on a Sunday takes two hours and saves many evenings, "
        "as long as the plan is simple and the boxes are ready.</p>"
        "<h2>Breakfast for the week</h2><p>Overnight oats with apples</p>"
        "<p>Soak the oats in milk in five jars, add the apples in the morning and keep them "
        "in the fridge for up to five days.</p>"
        "<h2>Lunch for the week</h2><p>Lentil salad with feta</p>"
        "<p>Cook the lentils the day before, dress them while warm and add the feta only "
        "on the day you eat the salad.</p></div></article>"
        "</body></html>");
    pith_options opt = test_options(PITH_FORMAT_TEXT, 0);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    ck_assert(has_str(r.out, r.len, "Cooking for the whole week"));
    ck_assert(has_str(r.out, r.len, "Breakfast for the week"));
    ck_assert(has_str(r.out, r.len, "Overnight oats with apples"));
    ck_assert(has_str(r.out, r.len, "Lentil salad with feta"));
    ck_assert(!has_str(r.out, r.len, "By Anna Example"));     /* a byline: not body text */
    result_free(&r);
    free(page);
}
END_TEST

/* Headings the markup calls headlines (an <h2 class="headline">, a second
   <h1>) after the page's headline and the story's first paragraphs are its
   subheadings: the text output keeps them.  The article's own title after
   a site's <h1> tagline stays a headline, so it is not written as text. */
START_TEST(test_subheadings)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Energy</title></head><body>"
        "<header><h1>Energy for a better tomorrow</h1></header>"
        "<article><h2 class=\"headline\">Hydrogen from wind: what the new plant can do</h2>"
        "<div class=\"entry-content\">"
        "<p>The new plant on the coast turns the surplus power of the wind farm into hydrogen, "
        "which the steel works across the bay will burn instead of coal from next spring.</p>"
        "<p>It is the largest plant of its kind in the country, and the company expects it to "
        "cut the region's emissions by a tenth within five years of its opening.</p>"
        "<p>Engineers spent three years testing the electrolysers in the harbour before the "
        "first one was moved to the new site, where eleven more will follow.</p>"
        "<h3 class=\"headline\">Hydrogen as a fuel</h3>"
        "<p>Hydrogen burns without carbon dioxide, but making it takes a great deal of power, "
        "which is why the plant runs only when the wind farm makes more than the grid needs.</p>"
        "<h1>Trucks and ships next</h1>"
        "<p>The company also plans a filling station for trucks at the harbour, and the ferry "
        "line has ordered two ships that will run on fuel made from the plant's hydrogen.</p>"
        "</div></article></body></html>");
    pith_options opt = test_options(PITH_FORMAT_TEXT, 0);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    ck_assert(has_str(r.out, r.len, "The new plant on the coast"));
    ck_assert(has_str(r.out, r.len, "Hydrogen as a fuel"));
    ck_assert(has_str(r.out, r.len, "Trucks and ships next"));
    ck_assert(!has_str(r.out, r.len, "what the new plant can do"));   /* the headline */
    result_free(&r);
    free(page);
}
END_TEST

/* A pager's label in the story's box ("Next article" over the link to the
   next one) is navigation, whatever its score, as a share control is. */
START_TEST(test_pager_in_story)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Science</title></head><body>"
        "<article><h1>Receptors in unexpected organs watch the body's microbes</h1>"
        "<div class=\"article-body\">"
        "<p>Taste and smell receptors turn up in the gut, the lungs and the kidneys, where "
        "they seem to watch the state of the microbes that live in the body.</p>"
        "<p>Researchers now think the receptors raise an alarm when the balance of those "
        "microbes tips, long before an infection would cause any symptoms.</p>"
        "<p>Next article</p>"
        "<p><a href=\"/2026/11/neutrinos-lead-to-discovery-in-basic-math/\">Neutrinos lead to an "
        "unexpected discovery in basic math</a></p></div></article></body></html>");
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Researchers now think", "story");
    expect_label(r.out, r.len, "Next article", "navigation");
    result_free(&r);
    free(page);
}
END_TEST

/* A post's author and date in a footer after its prose, too deep for its
   last paragraph's box and too far from the headline: a short date or
   byline line one block from story text is the story's.  The teasers'
   dates in the "related" box after it are not. */
START_TEST(test_date_lines)
{
    char *paras6 = str_printf("%s", "");
    char *page;
    for (int i = 0; i < 6; i++) {
        char *more = str_printf("%s<p>Paragraph %d of the report says that the works will close "
                                "one lane of the road for several weeks in the summer.</p>",
                                paras6, i);
        free(paras6);
        paras6 = more;
    }
    page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Blog</title></head><body>"
        "<nav><a href=\"/\">Home</a> <a href=\"/blog\">Blog</a></nav><div class=\"site\">"
        "<article class=\"post\"><h1>Why the old harbour bridge had to go</h1><div class=\"entry\">"
        "<p>The council voted on Tuesday to build the new harbour bridge, ending a debate "
        "that had lasted for more than ten years and divided the town.</p>"
        "<p>Work will begin in the spring, and the bridge should open to traffic two years "
        "later, the mayor said after the vote in the town hall.</p>"
        "<p>Opponents said the cost was too high, but the majority argued that the ferry "
        "could no longer carry the traffic of a growing town.</p>%s</div>"
        "<footer class=\"post-footer\"><div class=\"a\"><div class=\"b\"><ul>"
        "<li>Author: Ann Example</li><li>Published: 3 December 2019</li></ul></div></div>"
        "</footer></article><aside class=\"related\"><h3>More from the blog</h3>"
        "<article class=\"teaser\"><a href=\"/blog/ferry-timetable-2019\">The ferry timetable "
        "changes in May</a><div class=\"meta\">2 December 2019</div></article>"
        "<article class=\"teaser\"><a href=\"/blog/harbour-festival-2019\">A harbour festival "
        "for the whole town</a><div class=\"meta\">28 November 2019</div></article></aside>"
        "<footer class=\"site-footer\"><a href=\"/imprint\">Imprint</a> "
        "<a href=\"/privacy\">Privacy</a></footer></div></body></html>", paras6);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Paragraph 5 of the report", "story");
    expect_label(r.out, r.len, "Author: Ann Example", "story");
    expect_label(r.out, r.len, "Published: 3 December 2019", "story");
    expect_label(r.out, r.len, "2 December 2019", "recommendation");
    expect_label(r.out, r.len, "28 November 2019", "recommendation");
    expect_label(r.out, r.len, "Imprint", "navigation");
    result_free(&r);
    free(page);
    free(paras6);
}
END_TEST

/* A whole article in a wrapper whose class says "teaser", its prose
   directly in one element inside it: after the prose, a contact line with an e-mail
   link (not story), then more of the story's paragraphs and a line of
   bank details.  Unlinked prose in the element that holds the story's
   prose, with no cue between the two, is story, though the line before it
   was not. */
START_TEST(test_story_in_teaser_wrapper)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Club</title></head><body>"
        "<div class=\"site-header\"><a href=\"/\">Example Club</a></div>"
        "<div id=\"main\"><div class=\"col\"><div class=\"teaserTyp3 newsSingle\">"
        "<div class=\"newsSingleHeader\"><h2>Swimming passes can be ordered from today</h2>"
        "</div><div class=\"inner\"><p>%s</p><p>%s</p><p>%s</p>"
        "<p>E-mail: <a href=\"mailto:passes@club.example\">passes@club.example</a></p>"
        "<p>The fee is two euros for each pass, and the club sends the passes by post "
        "within a week.</p>"
        "<p>Account: DE54 5205 0353 0002 0650 69, Example Bank, Example Town.</p>"
        "</div></div></div></div>"
        "<footer><p>Copyright 2026 Example Club. All rights reserved.</p></footer>"
        "</body></html>", paras[0], paras[1], paras[2]);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "The fee is two euros for each pass", "story");
    expect_label(r.out, r.len, "Account: DE54 5205", "story");
    expect_label(r.out, r.len, "Copyright 2026 Example Club", "navigation");
    result_free(&r);
    free(page);
}
END_TEST

/* Job advertisements in a box beside the story ("Ausbilder (m/w/d)") are
   advertising, by the words the law has every such title carry; the story
   of a job offer stays story, and the link to the post before it, though it
   names a job, is navigation. */
START_TEST(test_job_ads)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Works</title></head><body>"
        "<div class=\"top\"><a href=\"/\">Example Works</a></div>"
        "<div class=\"main\"><h1>Trainer (m/w/d) for our metal workshop</h1><p>%s</p>"
        "<p>%s</p><div class=\"postnav\"><a href=\"/jobs/old\">Vorheriger Beitrag "
        "Jobangebot: Referentin (m/w/d) f\xc3\xbcr Kommunikation</a></div></div>"
        "<div class=\"box\"><h4>Find the right one</h4><ul>"
        "<li><a href=\"/jobs/1\">Personalreferent (m/w/d)</a></li>"
        "<li><a href=\"/jobs/2\">Sachbearbeiter Finanzbuchhaltung (m/w/d)</a></li>"
        "<li><a href=\"/jobs/3\">Comptable confirm\xc3\xa9 (H/F)</a></li></ul></div>"
        "<footer><p>Copyright 2026 Example Works. All rights reserved.</p></footer>"
        "</body></html>", paras[0], paras[1]);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Trainer (m/w/d) for our metal workshop", "story");
    expect_label(r.out, r.len, "Personalreferent (m/w/d)", "advertising");
    expect_label(r.out, r.len, "Sachbearbeiter Finanzbuchhaltung", "advertising");
    expect_label(r.out, r.len, "Comptable confirm", "advertising");
    expect_label(r.out, r.len, "Vorheriger Beitrag", "navigation");
    result_free(&r);
    free(page);
}
END_TEST

/* An <article> whose class also says "ads" holds a line that is no story
   ("Photo gallery") after its tags: the ad cue on the article element
   itself does not make that line advertising.  The unlinked breadcrumb
   trail over its headline ("News > Town") is navigation, not a kicker. */
START_TEST(test_ad_named_article)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example News</title></head><body>"
        "<header class=\"site-header\"><a href=\"/\">Example News</a></header>"
        "<article class=\"article has-ads\"><p>News &gt; Town</p>"
        "<h1>Council approves the new bus routes</h1>"
        "<p>%s</p><p>%s</p><div class=\"tags\"><a href=\"/tag/bus\">Bus</a> "
        "<a href=\"/tag/council\">Council</a></div><p>Photo gallery</p></article>"
        "<footer><p>Copyright 2026 Example News Ltd. All rights reserved.</p></footer>"
        "</body></html>", paras[0], paras[1]);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Council approves the new bus routes", "story");
    expect_label(r.out, r.len, "Photo gallery", "navigation");
    expect_label(r.out, r.len, "News > Town", "navigation");
    result_free(&r);
    free(page);
}
END_TEST

/* A page whose markup says little: the whole page sits in a wrapper whose
   class says "nav", a captioned photo tops the article, the headline is a
   bare <h1> that does not repeat the page's title, the date under it links
   to the day's archive.  The
   wrapper holds the article, so it is no menu: headline, date and prose
   are story; the links to the posts before and after ("« Title", "Title
   Next article") are navigation. */
START_TEST(test_headline_and_pager)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example Blog</title></head><body>"
        "<div class=\"l-outer l-outer--nav\"><header><ul><li><a href=\"/\">Home</a></li>"
        "<li><a href=\"/news\">News</a></li><li><a href=\"/sport\">Sport</a></li></ul></header>"
        "<article><figure><img src=\"/a.jpg\"><figcaption>The old docks at dawn. Image: "
        "Jan Berg</figcaption></figure><h1>Council approves the new harbour bridge</h1>"
        "<div class=\"info\"><a href=\"/2026/03/03/\">3. M\xc3\xa4rz 2026</a></div>"
        "<p>%s</p><p>%s</p><p>%s</p><p>%s</p></article>"
        "<div class=\"pager\"><a href=\"/older\">\xc2\xab Budget talks stall again at city "
        "hall</a></div><div class=\"pager2\"><a href=\"/newer\">Harbour ferry timetable "
        "changes Next article</a></div>"
        "<footer><p>Copyright 2026 Example News Ltd. All rights reserved.</p></footer>"
        "</div></body></html>", paras[0], paras[1], paras[2], paras[3]);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "The old docks at dawn", "story");
    expect_label(r.out, r.len, "Council approves the new harbour bridge", "story");
    expect_label(r.out, r.len, "3. M\xc3\xa4rz 2026", "story");
    for (int i = 0; i < 4; i++) {
        char head[40];
        snprintf(head, sizeof head, "%.30s", paras[i]);
        expect_label(r.out, r.len, head, "story");
    }
    expect_label(r.out, r.len, "\xc2\xab Budget talks stall", "navigation");
    expect_label(r.out, r.len, "Harbour ferry timetable", "navigation");
    expect_label(r.out, r.len, "Home", "navigation");
    result_free(&r);
    free(page);
}
END_TEST

/* The photo over the story sits in the article's "related" aside, after a
   teaser link: the markup's caption element is nearer than the aside's cue,
   so the caption is story (the teaser is not); a caption in an ad box stays
   advertising. */
START_TEST(test_caption_in_box)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Example News</title></head><body>"
        "<article><aside class=\"related\"><ul><li><a href=\"/news/2026/03/ferry-"
        "timetable-changes-again\">Ferry timetable changes again</a></li></ul>"
        "<figure><img src=\"/c.jpg\"><figcaption>Cranes on the old pier at dusk, where "
        "the bridge will land</figcaption></figure></aside>"
        "<p>%s</p><p>%s</p><p>%s</p><p>%s</p>"
        "<div class=\"ad-container\"><figure><img src=\"/e.jpg\"><figcaption>Garden "
        "chairs for the summer, now half price</figcaption></figure></div></article>"
        "</body></html>", paras[0], paras[1], paras[2], paras[3]);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "Cranes on the old pier", "story");
    expect_label(r.out, r.len, "Ferry timetable changes again", "recommendation");
    expect_label(r.out, r.len, "Garden chairs for the summer", "advertising");
    result_free(&r);
    free(page);
}
END_TEST

/* A recipe's ingredients are its story though each is a few words in a list
   (some linked to a glossary): the markup names them, by class token
   ("ingredients", "wprm-recipe-ingredient") or itemprop recipeIngredient.
   The site's menu, in a list of the same shape, stays navigation. */
START_TEST(test_recipe_ingredients)
{
    char *page = str_printf(
        "<!DOCTYPE html><html><head><title>Lemon sheet cake - Example Kitchen</title></head>"
        "<body><ul class=\"menu\"><li><a href=\"/\">Home</a></li><li><a href=\"/cakes\">"
        "Cakes</a></li><li><a href=\"/bread\">Bread</a></li></ul><main><article>"
        "<h1>Lemon sheet cake</h1><p>%s</p>"
        "<div class=\"wprm-recipe-ingredients-container\"><h3>Ingredients</h3>"
        "<form><label>Servings</label><input type=\"number\" value=\"12\"></form><ul>"
        "<li class=\"wprm-recipe-ingredient\">300 g soft butter</li>"
        "<li class=\"wprm-recipe-ingredient\">200 g <a href=\"/glossary/sugar\">sugar</a></li>"
        "<li class=\"wprm-recipe-ingredient\">6 medium eggs</li></ul></div>"
        "<ul><li itemprop=\"recipeIngredient\">2 tsp baking powder</li>"
        "<li itemprop=\"recipeIngredient\">3 tbsp lemon juice</li></ul></article>"
        "<div class=\"share\"><a href=\"#\">Pin it</a></div></main>"
        "<footer><p>Copyright 2026 Example</p></footer></body></html>", paras[0]);
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r = run_page(&opt, page, strlen(page), _i == 0 ? 0 : 64);
    expect_label(r.out, r.len, "300 g soft butter", "story");
    expect_label(r.out, r.len, "200 g sugar", "story");
    expect_label(r.out, r.len, "6 medium eggs", "story");
    expect_label(r.out, r.len, "2 tsp baking powder", "story");
    expect_label(r.out, r.len, "3 tbsp lemon juice", "story");
    expect_label(r.out, r.len, "Cakes", "navigation");
    result_free(&r);
    free(page);
}
END_TEST

/* keep selects labels: each label alone gives exactly its blocks. */
START_TEST(test_keep_selects)
{
    char *page = synthetic_page();
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result all = run_page(&opt, page, strlen(page), 0);
    for (unsigned l = PITH_STORY; l <= PITH_RECOMMENDATION; l <<= 1) {
        char *prefix = str_printf("{\"label\":\"%s\"", pith_label_name(l));
        char *want = malloc(all.len + 1);
        size_t w = 0;
        result one;
        for (const char *p = all.out; *p;) {
            const char *nl = strchr(p, '\n') + 1;
            if (!strncmp(p, prefix, strlen(prefix))) {
                memcpy(want + w, p, (size_t)(nl - p));
                w += (size_t)(nl - p);
            }
            p = nl;
        }
        want[w] = '\0';
        opt.keep = l;
        one = run_page(&opt, page, strlen(page), 0);
        ck_assert_uint_gt(w, 0);
        ck_assert_str_eq(one.out, want);
        result_free(&one);
        free(want);
        free(prefix);
    }
    result_free(&all);
    free(page);
}
END_TEST

/* Decisions come after a bounded look-ahead: with lookahead 0 each block
   is decided when it ends, and the story is still found on a clear page. */
START_TEST(test_lookahead_zero)
{
    char *page = synthetic_page();
    pith_options opt = test_options(PITH_FORMAT_TEXT, 0);
    result r;
    opt.lookahead = 0;
    r = run_page(&opt, page, strlen(page), 0);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    ck_assert(has_str(r.out, r.len, paras[1]));
    ck_assert(has_str(r.out, r.len, paras[4]));
    ck_assert(!has_str(r.out, r.len, "Sport"));
    result_free(&r);
    free(page);
}
END_TEST

/* Several pages in one stream (a dump, an infinite-scroll page): each copy's
   story is kept, although a "Related stories" list ends every one of them;
   the lists and menus of every copy are still dropped. */
START_TEST(test_pages_in_one_stream)
{
    char *page = synthetic_page();
    size_t n = strlen(page), copies = 5;
    char *stream = malloc(n * copies + 1);
    pith_options opt = test_options(PITH_FORMAT_TEXT, 0);
    result r;
    ck_assert_ptr_nonnull(stream);
    for (size_t i = 0; i < copies; i++)
        memcpy(stream + i * n, page, n);
    stream[n * copies] = '\0';
    r = run_page(&opt, stream, n * copies, 4096);
    ck_assert_int_eq(r.finish_rc, PITH_OK);
    for (size_t i = 0; i < sizeof paras / sizeof paras[0]; i++)
        ck_assert_uint_eq(count_str(r.out, r.len, paras[i]), copies);
    ck_assert_uint_eq(count_str(r.out, r.len, "Bus drivers vote to strike"), 0);
    ck_assert_uint_eq(count_str(r.out, r.len, "Weather"), 0);
    result_free(&r);
    free(stream);
    free(page);
}
END_TEST

/* --- Text cues (textcue.c) ----------------------------------------------------------- */

/* s folded with room for cap bytes, checked against want. */
static void check_fold(const char *s, size_t cap, const char *want)
{
    char out[200];
    size_t n;
    memset(out, 'x', sizeof out);
    n = pith_text_fold(s, strlen(s), out, cap);
    ck_assert_msg(n == strlen(want) && !strcmp(out, want), "fold(\"%s\", %zu) = \"%s\", not \"%s\"",
                  s, cap, out, want);
    ck_assert_int_eq(out[cap], 'x');          /* nothing written past cap */
}

START_TEST(test_text_fold)
{
    check_fold("  - Advertisement -", 160, "advertisement");
    check_fold("\xc2\xbb Publicidade \xc2\xab", 160, "publicidade");
    /* ASCII eight bytes at a time: the bytes around 'A'-'Z' stay */
    check_fold("@AZ[`az{ MIXED Case Words, Then MORE: 0123456789 ~!", 160,
               "@az[`az{ mixed case words, then more: 0123456789 ~!");
    check_fold("\xc3\x80\xc3\x89T\xc3\x89 \xc3\x97 Stra\xc3\x9f" "e", 160,
               "\xc3\xa0\xc3\xa9t\xc3\xa9 \xc3\x97 stra\xc3\x9f" "e");   /* ÀÉTÉ × Straße */
    check_fold("\xd0\xa0\xd0\x95\xd0\x9a\xd0\x9b\xd0\x90\xd0\x9c\xd0\x90 \xd0\x81", 160,
               "\xd1\x80\xd0\xb5\xd0\xba\xd0\xbb\xd0\xb0\xd0\xbc\xd0\xb0 \xd1\x91"); /* РЕКЛАМА Ё */
    check_fold("Mixed Tail \xc3\x89T\xc3\x89", 160, "mixed tail \xc3\xa9t\xc3\xa9");
    /* Latin Extended-A: ČTĚTE, ŁÓDŹ, ĹĽ, ŸŊ; Greek: ΣΧΕΤΙΚΑ ΑΡΘΡΑ; small letters stay */
    check_fold("\xc4\x8cT\xc4\x9aTE \xc5\x81\xc3\x93" "D\xc5\xb9 \xc4\xb9\xc4\xbd \xc5\xb8\xc5\x8a", 160,
               "\xc4\x8dt\xc4\x9bte \xc5\x82\xc3\xb3" "d\xc5\xba \xc4\xba\xc4\xbe \xc3\xbf\xc5\x8b");
    check_fold("\xce\xa3\xce\xa7\xce\x95\xce\xa4\xce\x99\xce\x9a\xce\x91 "
               "\xce\x91\xce\xa1\xce\x98\xce\xa1\xce\x91 \xc4\x8d\xce\xb1", 160,
               "\xcf\x83\xcf\x87\xce\xb5\xcf\x84\xce\xb9\xce\xba\xce\xb1 "
               "\xce\xb1\xcf\x81\xce\xb8\xcf\x81\xce\xb1 \xc4\x8d\xce\xb1");
    check_fold("Eight ASCII Bytes, And Two", 160, "eight ascii bytes, and two");
    /* at most cap - 3 bytes read, a two-byte letter finished */
    check_fold("ABCDEFGHIJKLMNOP", 8, "abcdef");
    check_fold("ABCDEFGHIJKLMNOP", 12, "abcdefghij");
    check_fold("ABCD\xc3\x89" "FGH", 8, "abcd\xc3\xa9");
    check_fold("ABCDE\xc3\x89" "GH", 8, "abcde\xc3\xa9");
    check_fold("ABCDE", 2, "");
    /* soft hyphens are no part of a word, wherever they sit */
    check_fold("Zur News\xc2\xadlet\xc2\xadter-Anmel\xc2\xad" "dung", 160,
               "zur newsletter-anmeldung");
    check_fold("An\xc2\xadzei\xc2\xadge \xc2\xad", 160, "anzeige");
    check_fold("\xc2\xae \xc2\xa9 Marke", 160, "\xc2\xae \xc2\xa9 marke");
}
END_TEST

/* The cues of text (folded first) in a block of the given words. */
static unsigned cues_of_links(pith_classify *c, const char *text, unsigned words,
                              unsigned sentences, unsigned links)
{
    pith_block b;
    char folded[160];
    size_t n;
    memset(&b, 0, sizeof b);
    b.links = links;
    b.text.data = (char *)text;
    b.text.len = strlen(text);
    b.words = words;
    b.sentences = sentences;
    for (const char *p = text; *p; p++)
        b.digits += *p >= '0' && *p <= '9';
    n = pith_text_fold(text, b.text.len < 150 ? b.text.len : 150, folded, sizeof folded);
    return pith_text_cues(c, folded, n, &b);
}

static unsigned cues_of(pith_classify *c, const char *text, unsigned words, unsigned sentences)
{
    return cues_of_links(c, text, words, sentences, 0);
}

START_TEST(test_text_cues)
{
    static const struct {
        const char *phrase;
        unsigned cue;
    } anywhere[] = {
        { "cookie", TX_COOKIE }, { "erid:", TX_SPONSORED }, { "% off", TX_UPSELL },
        { "Privacy Policy", TX_BOILER }, { "affiliate link", TX_DISCLOSE },
        { "posted by", TX_BYLINE }, { "(m/w/d)", TX_JOB }, { "(H/F)", TX_JOB },
        { "unseren Journalismus", TX_UPSELL }, { "periodismo independiente", TX_UPSELL },
        { "weekly email digest", TX_UPSELL }, { "through your letterbox", TX_UPSELL },
        { "gerne weiterlesen?", TX_UPSELL }, { "Subscribe to continue reading", TX_UPSELL },
        { "kein Recht auf Ver\xc3\xb6" "ffentlichung", TX_BOILER },
        { "Users browsing this forum", TX_BOILER }, { "Have a tip?", TX_BOILER }, { "\xd0\xbd\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x81\xd1\x82\xd0\xb8 "
          "\xd0\xbf\xd0\xb0\xd1\x80\xd1\x82\xd0\xbd\xd0\xb5\xd1\x80\xd0\xbe\xd0\xb2", TX_SPONSORED }
    };
    pith_classify *c = calloc(1, sizeof *c);
    char text[200];
    ck_assert_ptr_nonnull(c);
    /* a phrase counts wherever it starts (every other byte is read) and
       wherever it ends, up to the end of the text; one of Latin letters
       where a word starts only */
    for (size_t i = 0; i < sizeof anywhere / sizeof anywhere[0]; i++)
        for (int pad = 0; pad < 4; pad++)
            for (int tail = 0; tail < 2; tail++) {
                if (!tail && anywhere[i].phrase[strlen(anywhere[i].phrase) - 1] == ':')
                    continue;                   /* (a trailing ':' is folded away) */
                snprintf(text, sizeof text, "%.*s %s%s", pad, "wxyz", anywhere[i].phrase,
                         tail ? " and more" : "");
                ck_assert_msg(cues_of(c, text, 5, 1) & anywhere[i].cue, "no cue in \"%s\"", text);
            }
    ck_assert_uint_eq(cues_of(c, "Menschliche Eizellspende", 2, 0) & TX_UPSELL, 0);
    ck_assert_uint_eq(cues_of(c, "Weiterlesen", 1, 0) & TX_UPSELL, 0);   /* a teaser's link */
    /* a blog post's category and tag line */
    ck_assert_uint_eq(cues_of(c, "This entry was posted in Allgemein. Bookmark the permalink.", 9, 2) &
                      TX_BOILER, TX_BOILER);
    ck_assert_uint_eq(cues_of(c, "Dieser Eintrag wurde ver\xc3\xb6" "ffentlicht in Podcast", 6, 0) &
                      TX_BOILER, TX_BOILER);
    /* WordPress's German footer credit names no sponsor */
    ck_assert_uint_eq(cues_of(c, "Stolz pr\xc3\xa4sentiert von WordPress", 4, 0) &
                      (TX_SPONSORED | TX_BOILER), TX_BOILER);
    ck_assert_uint_eq(cues_of(c, "Pr\xc3\xa4sentiert von Example Bank", 4, 0) & TX_SPONSORED,
                      TX_SPONSORED);
    ck_assert_uint_eq(cues_of(c, "Promoted Content", 2, 0) & TX_SPONSORED, TX_SPONSORED);
    /* an app offered, not an app store named */
    ck_assert_uint_eq(cues_of(c, "Download on the App Store", 5, 0) & TX_UPSELL, TX_UPSELL);
    ck_assert_uint_eq(cues_of(c, "Jetzt kostenlos im App Store", 5, 0) & TX_UPSELL, TX_UPSELL);
    ck_assert_uint_eq(cues_of(c, "Get it on Google Play", 5, 0) & TX_UPSELL, TX_UPSELL);
    ck_assert_uint_eq(cues_of(c, "Kein App Store mehr über mobile Daten mit iOS 13?", 9, 0) &
                      TX_UPSELL, 0);
    ck_assert_uint_eq(cues_of(c, "Google Play Store needs more than AI", 7, 0) & TX_UPSELL, 0);
    ck_assert_uint_eq(cues_of(c, "Filming was suspended", 3, 0) & TX_UPSELL, 0);
    ck_assert_uint_eq(cues_of(c, "Jetzt Spende \xe2\x80\x9e" "Ihre\xe2\x80\x9c", 3, 0) & TX_UPSELL,
                      TX_UPSELL);
    ck_assert_uint_eq(cues_of(c, "Der \xe2\x80\x9eNewsletter\xe2\x80\x9c", 2, 0) & TX_UPSELL,
                      TX_UPSELL);                             /* after a quote */
    ck_assert_uint_eq(cues_of(c, "Le \xc2\xab" "cookie\xc2\xbb", 2, 0) & TX_COOKIE, TX_COOKIE);
    ck_assert_uint_eq(cues_of(c, "Des \xc3\xa9" "cookies", 2, 0) & TX_COOKIE, 0);
    ck_assert_uint_eq(cues_of(c, "Now 20% off", 3, 0) & TX_UPSELL, TX_UPSELL);
    ck_assert_uint_eq(cues_of(c, "a cooki", 2, 0) & TX_COOKIE, 0);
    ck_assert_uint_eq(cues_of(c, "erid", 1, 0) & TX_SPONSORED, 0);
    /* long prose: the consent notice only */
    ck_assert_uint_eq(cues_of(c, "Related: we use cookies", 61, 1), TX_COOKIE);
    /* prefixes count at the start only, whole words as the whole text */
    ck_assert_uint_eq(cues_of(c, "Related stories", 2, 0), TX_RECPREFIX);
    ck_assert_uint_eq(cues_of(c, "Unrelated stories", 2, 0), 0);
    /* a job advertisement's title; not in a long block */
    ck_assert_uint_eq(cues_of(c, "Kraftwerker (m/w/d)", 2, 0), TX_JOB);
    ck_assert_uint_eq(cues_of(c, "Kraftwerker (m/w/d)", 31, 1) & TX_JOB, 0);
    ck_assert_uint_eq(cues_of(c, "Ad", 1, 0), TX_ADWORD);
    ck_assert_uint_eq(cues_of(c, "- ADS -", 1, 0), TX_ADWORD);
    ck_assert_uint_eq(cues_of(c, "Adsense", 1, 0), 0);
    ck_assert_uint_eq(cues_of(c, "Annonce", 1, 0), TX_ADWORD);             /* French, Danish */
    ck_assert_uint_eq(cues_of(c, "Advert", 1, 0), TX_ADWORD);              /* British */
    ck_assert_uint_eq(cues_of(c, "Close", 1, 0), TX_WIDGET);   /* a gallery's button */
    ck_assert_uint_eq(cues_of(c, "Schlie\xc3\x9f" "en", 1, 0), TX_WIDGET);
    ck_assert_uint_eq(cues_of(c, "Close to the border", 4, 0) & TX_WIDGET, 0);
    /* a link with a count of posts, not with a year */
    ck_assert_uint_eq(cues_of_links(c, "Reisen (23)", 2, 0, 1), TX_COUNT);
    ck_assert_uint_eq(cues_of_links(c, "Oktober 2007 (23)", 3, 0, 1), TX_COUNT);
    ck_assert_uint_eq(cues_of_links(c, "Nature 574, 16-17 (2019)", 4, 0, 1) & TX_COUNT, 0);
    ck_assert_uint_eq(cues_of(c, "Reisen (23)", 2, 0) & TX_COUNT, 0);
    /* web addresses, most of the line's bytes */
    ck_assert_uint_eq(cues_of(c, "2 https://d-nb.info/1201492467/34", 7, 0) & TX_URL, TX_URL);
    ck_assert_uint_eq(cues_of(c, "Links: www.example.org und www.example.com/news", 5, 0) & TX_URL,
                      TX_URL);
    ck_assert_uint_eq(cues_of(c, "Read the whole report of the commission at www.example.org", 10, 0) &
                      TX_URL, 0);
    ck_assert_uint_eq(cues_of(c, "Mr. www.", 2, 0) & TX_URL, 0);
    /* a link the post names as one, linked */
    ck_assert_uint_eq(cues_of_links(c, "Link: simdjson.", 2, 1, 1) & TX_URL, TX_URL);
    ck_assert_uint_eq(cues_of_links(c, "Download: mp3", 2, 0, 1) & TX_URL, TX_URL);
    ck_assert_uint_eq(cues_of(c, "Download: mp3", 2, 0) & TX_URL, 0);
    ck_assert_uint_eq(cues_of_links(c, "Link kopieren", 2, 0, 1) & TX_URL, 0);
    /* a counter of the page's views, the number before or after the word */
    ck_assert_uint_eq(cues_of(c, "37 views", 2, 0), TX_WIDGET);
    ck_assert_uint_eq(cues_of(c, "Post Views: 1.432", 3, 0), TX_WIDGET);
    ck_assert_uint_eq(cues_of(c, "(Visited 215 times, 55 visits today)", 6, 0), TX_WIDGET);
    ck_assert_uint_eq(cues_of(c, "Views of the bay", 4, 0) & TX_WIDGET, 0);
    ck_assert_uint_eq(cues_of(c, "Previews 2022", 2, 0) & TX_WIDGET, 0);
    ck_assert_uint_eq(cues_of(c, "Adverts", 1, 0), TX_ADWORD);
    ck_assert_uint_eq(cues_of(c, "Artyku\xc5\x82 sponsorowany", 2, 0), TX_ADWORD);
    ck_assert_uint_eq(cues_of(c, "Annonce des r\xc3\xa9sultats", 3, 0), 0);   /* the whole text only */
    ck_assert_uint_eq(cues_of(c, "Advertisement", 1, 0), TX_ADWORD | TX_ADPREFIX);
    ck_assert_uint_eq(cues_of(c, "Advertisement", 13, 0), TX_ADPREFIX);
    /* an ad label over the ad's own words, in one line */
    ck_assert_uint_eq(cues_of(c, "Anzeige: Example razors for every challenge", 6, 0) & TX_ADPREFIX,
                      TX_ADPREFIX);
    ck_assert_uint_eq(cues_of(c, "ANZEIGE - Going out tonight?", 5, 1) & TX_ADPREFIX, TX_ADPREFIX);
    ck_assert_uint_eq(cues_of(c, "Anzeigen und Formulare", 3, 0) & TX_ADPREFIX, 0);
    ck_assert_uint_eq(cues_of(c, "Photo: Jane Doe", 3, 0), TX_CREDIT);
    /* the prefix after the sign: "©Foto: ..." */
    ck_assert_uint_eq(cues_of(c, "\xc2\xa9" "Foto: Martin Beispiel | nh", 4, 0), TX_CREDIT);
    ck_assert_uint_eq(cues_of(c, "\xc2\xa9" " Photo: Jane Doe", 3, 0), TX_CREDIT);
    ck_assert_uint_eq(cues_of(c, "\xc2\xa9" " Photographs of the war", 4, 0) & TX_CREDIT, 0);
    ck_assert_uint_eq(cues_of(c, "Abb. 3: Karte", 3, 0), TX_CREDIT);
    ck_assert_uint_eq(cues_of(c, "Photographer: Jane Doe, CC-BY-SA", 4, 0), TX_CREDIT);
    ck_assert_uint_eq(cues_of(c, "Fotografin: Anna Beispiel", 3, 0), TX_CREDIT);
    ck_assert_uint_eq(cues_of(c, "Ein Beitrag geteilt von Anna (@anna)", 6, 0), TX_CREDIT);
    ck_assert_uint_eq(cues_of(c, "Jan Berg - Adobe Stock", 5, 0), TX_CREDIT);
    ck_assert_uint_eq(cues_of(c, "Jan Berg, Adobe Stock", 4, 0), 0);
    /* news agencies beyond Europe's and America's big ones, alone or in a dateline */
    ck_assert_uint_eq(cues_of(c, "PTI, Washington,", 2, 0) & TX_CREDIT, TX_CREDIT);
    ck_assert_uint_eq(cues_of(c, "Yonhap", 1, 0) & TX_CREDIT, TX_CREDIT);
    ck_assert_uint_eq(cues_of(c, "Ptinae beetles", 2, 0) & TX_CREDIT, 0);
    /* the agency alone, or opening a dateline of three words or less */
    ck_assert_uint_eq(cues_of(c, "Shutterstock", 1, 0), TX_CREDIT);
    ck_assert_uint_eq(cues_of(c, "Reuters, Washington,", 2, 0), TX_CREDIT);
    ck_assert_uint_eq(cues_of(c, "Reuters reported that the talks failed", 6, 0), 0);
    ck_assert_uint_eq(cues_of(c, "Reutersweg", 1, 0), 0);       /* a whole word only */
    ck_assert_uint_eq(cues_of(c, "Share this", 2, 0), TX_SHARE);
    /* "by" and a capital: a byline; not in a longer block */
    ck_assert_uint_eq(cues_of(c, "By Mary Holm", 3, 0), TX_BYLINE);
    ck_assert_uint_eq(cues_of(c, "di \xc3\x89lise", 2, 0), TX_BYLINE);
    ck_assert_uint_eq(cues_of(c, "by the way", 3, 0), 0);
    ck_assert_uint_eq(cues_of(c, "By Mary Holm", 26, 0), 0);
    /* the author after a label: any name; "Author" and a capital */
    ck_assert_uint_eq(cues_of(c, "Autor: red", 2, 0), TX_BYLINE);
    ck_assert_uint_eq(cues_of(c, "Author Jane Doe", 3, 0), TX_BYLINE);
    ck_assert_uint_eq(cues_of(c, "author of the year", 4, 0), 0);
    /* a date: a year with a day beside it, or three numbers joined */
    ck_assert_uint_eq(cues_of(c, "10. April 2019", 3, 0), TX_DATE);
    ck_assert_uint_eq(cues_of(c, "July 30, 2019 1:16 pm", 5, 0), TX_DATE);
    ck_assert_uint_eq(cues_of(c, "23.10.2018", 1, 0), TX_DATE);
    ck_assert_uint_eq(cues_of(c, "2019-04-10", 1, 0), TX_DATE);
    ck_assert_uint_eq(cues_of(c, "Copyright 2019 Example Ltd", 4, 0) & TX_DATE, 0);
    ck_assert_uint_eq(cues_of(c, "Tel. 0123 456789", 3, 0) & TX_DATE, 0);
    ck_assert_uint_eq(cues_of(c, "10. April 2019", 13, 0) & TX_DATE, 0);    /* prose */
    /* headings of lists of other stories, offers of newsletters and apps */
    ck_assert_uint_eq(cues_of(c, "Recent Posts", 2, 0), TX_RECPREFIX);
    ck_assert_uint_eq(cues_of(c, "Am h\xc3\xa4ufigsten gelesen", 3, 0), TX_RECPREFIX);
    ck_assert_uint_eq(cues_of(c, "Bleib auf dem Laufenden", 4, 0) & TX_UPSELL, TX_UPSELL);
    ck_assert_uint_eq(cues_of(c, "Get it on Google Play", 5, 0) & TX_UPSELL, TX_UPSELL);
    ck_assert_uint_eq(cues_of(c, "Prenumerata", 1, 0) & TX_UPSELL, TX_UPSELL);
    ck_assert_uint_eq(cues_of(c, "1 Monat kostenlos testen", 4, 0) & TX_UPSELL, TX_UPSELL);
    ck_assert_uint_eq(cues_of(c, "Support us", 2, 0) & TX_UPSELL, TX_UPSELL);
    /* German's "support" asks for it with "us", "you" or "now"; the
       verb and the noun alone tell of others' support */
    ck_assert_uint_eq(cues_of(c, "Unterst\xc3\xbc" "tze uns jetzt", 3, 0) & TX_UPSELL, TX_UPSELL);
    ck_assert_uint_eq(cues_of(c, "Unterst\xc3\xbc" "tzen Sie unsere Arbeit", 4, 0) & TX_UPSELL,
                      TX_UPSELL);
    ck_assert_uint_eq(cues_of(c, "Wenn Sie uns unterst\xc3\xbc" "tzen wollen", 5, 0) & TX_UPSELL,
                      TX_UPSELL);
    ck_assert_uint_eq(cues_of(c, "Er geh\xc3\xb6rt zu den Unterst\xc3\xbc" "tzern", 5, 0) &
                      TX_UPSELL, 0);
    ck_assert_uint_eq(cues_of(c, "Routinen unterst\xc3\xbc" "tzen dich im Alltag", 5, 0) &
                      TX_UPSELL, 0);
    ck_assert_uint_eq(cues_of(c, "Most Commented", 2, 0), TX_RECPREFIX);
    ck_assert_uint_eq(cues_of(c, "More Great WIRED Stories", 4, 0), TX_RECPREFIX);
    ck_assert_uint_eq(cues_of(c, "Mehr auf waldwissen.net", 3, 0), TX_RECPREFIX);
    ck_assert_uint_eq(cues_of(c, "\xc3\x84hnliche Nachrichten", 2, 0), TX_RECPREFIX);
    ck_assert_uint_eq(cues_of(c, "You may also be interested in...", 6, 0), TX_RECPREFIX);
    ck_assert_uint_eq(cues_of(c, "Vous aimerez aussi", 3, 0), TX_RECPREFIX);
    /* capitals beyond Latin-1 fold too: Czech, Greek */
    ck_assert_uint_eq(cues_of(c, "\xc4\x8ct\xc4\x9bte tak\xc3\xa9", 2, 0), TX_RECPREFIX);
    ck_assert_uint_eq(cues_of(c, "\xce\x94\xce\xb9\xce\xb1\xce\xb2\xce\xac\xcf\x83\xcf\x84\xce\xb5 "
                                 "\xce\xb5\xcf\x80\xce\xaf\xcf\x83\xce\xb7\xcf\x82", 2, 0), TX_RECPREFIX);
    /* "Related topics" heads a list of tags (navigation), not of stories */
    ck_assert_uint_eq(cues_of(c, "Related Topics:", 2, 0), TX_WIDGET);
    ck_assert_uint_eq(cues_of(c, "Click to share on Facebook", 5, 0), TX_SHARE);
    /* share, print and follow controls by the byline and after the story */
    ck_assert_uint_eq(cues_of(c, "Teile diesen Beitrag!", 3, 1), TX_SHARE);
    ck_assert_uint_eq(cues_of(c, "Like it? Share it!", 4, 2), TX_SHARE);
    ck_assert_uint_eq(cues_of(c, "View author archive", 3, 0), TX_SHARE);
    ck_assert_uint_eq(cues_of(c, "Print Article", 2, 0), TX_SHARE);
    ck_assert_uint_eq(cues_of(c, "Follow @example on Twitter", 4, 0), TX_SHARE);
    ck_assert_uint_eq(cues_of(c, "Siga las noticias de EXAMPLE desde Google News", 8, 0), TX_SHARE);
    ck_assert_uint_eq(cues_of(c, "Teile des Landes", 3, 0) & TX_SHARE, 0);
    /* the posts before and after; an ad that says so in brackets */
    ck_assert_uint_eq(cues_of(c, "Previous article", 2, 0), TX_PAGER);
    ck_assert_uint_eq(cues_of(c, "Neue Regeln N\xc3\xa4" "chster Beitrag", 4, 0), TX_PAGER);
    ck_assert_uint_eq(cues_of(c, "Jetzt online k\xc3\xbc" "ndigen! (Anzeige)", 4, 0), TX_DISCLOSE);
    /* ... or closes with it: after a space, or, words that end titles too,
       after a separator */
    ck_assert_uint_eq(cues_of(c, "Ten companies that could help you grow your wealth Ad Feature", 11,
                              0) & TX_DISCLOSE, TX_DISCLOSE);
    ck_assert_uint_eq(cues_of(c, "Gesundheit \xe2\x80\xa2 Werbung | Anzeige", 3, 0) & TX_DISCLOSE,
                      TX_DISCLOSE);
    ck_assert_uint_eq(cues_of(c, "Ten garden tools we tested - Sponsored", 7, 0) & TX_DISCLOSE,
                      TX_DISCLOSE);
    ck_assert_uint_eq(cues_of(c, "How I finally got promoted", 5, 0) & TX_DISCLOSE, 0);
    ck_assert_uint_eq(cues_of(c, "The concert was sponsored", 4, 1) & TX_DISCLOSE, 0);
    ck_assert_uint_eq(cues_of(c, "Mediadaten und Werbung", 3, 0) & TX_DISCLOSE, 0);
    /* the index is built once and kept after a reset of the page */
    memset(c, 0, offsetof(pith_classify, cues));
    ck_assert_uint_eq(cues_of(c, "Originally published in The Times", 5, 0), TX_NOTE);
    free(c);
}
END_TEST

/* The words of the fitted table of kinds (kindfit.c) are found where
   benchmarks/kindfit.py put them: both compute the same hash. */
START_TEST(test_kind_table)
{
    ck_assert(pith_kind_words_ok());
}
END_TEST

Suite *make_classify_suite(void)
{
    Suite *s = suite_create("classify");
    TCase *tc;

    tc = tcase_create("Reference");
    tcase_add_test(tc, test_reference_page);
    tcase_add_test(tc, test_reference_page_4k);
    tcase_add_test(tc, test_reference_page_html);
    suite_add_tcase(s, tc);

    tc = tcase_create("Synthetic");
    tcase_add_loop_test(tc, test_synthetic_labels, 0, 2);
    tcase_add_loop_test(tc, test_story_lines, 0, 2);
    tcase_add_loop_test(tc, test_recipe_ingredients, 0, 2);
    tcase_add_loop_test(tc, test_headline_and_pager, 0, 2);
    tcase_add_loop_test(tc, test_post_surroundings, 0, 2);
    tcase_add_loop_test(tc, test_sidebar_boxes, 0, 2);
    tcase_add_loop_test(tc, test_story_edges, 0, 2);
    tcase_add_loop_test(tc, test_article_header, 0, 2);
    tcase_add_loop_test(tc, test_share_in_byline, 0, 2);
    tcase_add_loop_test(tc, test_date_lines, 0, 2);
    tcase_add_loop_test(tc, test_support_appeal, 0, 2);
    tcase_add_loop_test(tc, test_appeal_box, 0, 2);
    tcase_add_loop_test(tc, test_date_above_headline, 0, 2);
    tcase_add_loop_test(tc, test_dateline_over_header, 0, 2);
    tcase_add_loop_test(tc, test_source_addresses, 0, 2);
    tcase_add_loop_test(tc, test_archive_counts, 0, 2);
    tcase_add_loop_test(tc, test_standfirst_in_teaser_box, 0, 2);
    tcase_add_loop_test(tc, test_read_also_in_story, 0, 2);
    tcase_add_loop_test(tc, test_dateline_in_marked_article, 0, 2);
    tcase_add_loop_test(tc, test_headline_in_breadcrumb, 0, 2);
    tcase_add_loop_test(tc, test_meta_line_under_headline, 0, 2);
    tcase_add_loop_test(tc, test_date_with_time, 0, 2);
    tcase_add_loop_test(tc, test_linked_caption_credit, 0, 2);
    tcase_add_loop_test(tc, test_person_note, 0, 2);
    tcase_add_loop_test(tc, test_header_heading, 0, 2);
    tcase_add_loop_test(tc, test_story_after_box, 0, 2);
    tcase_add_loop_test(tc, test_linked_headline_short_post, 0, 2);
    tcase_add_loop_test(tc, test_headline_by_title_words, 0, 2);
    tcase_add_loop_test(tc, test_boilerplate_line, 0, 2);
    tcase_add_loop_test(tc, test_embed_credit, 0, 2);
    tcase_add_loop_test(tc, test_ad_box_after_offer, 0, 2);
    tcase_add_loop_test(tc, test_promo_link, 0, 2);
    tcase_add_loop_test(tc, test_lead_caption, 0, 2);
    tcase_add_loop_test(tc, test_recent_comments, 0, 2);
    tcase_add_loop_test(tc, test_meta_over_story, 0, 2);
    tcase_add_loop_test(tc, test_subheadings, 0, 2);
    tcase_add_loop_test(tc, test_pager_in_story, 0, 2);
    tcase_add_loop_test(tc, test_ad_named_article, 0, 2);
    tcase_add_loop_test(tc, test_story_in_teaser_wrapper, 0, 2);
    tcase_add_loop_test(tc, test_job_ads, 0, 2);
    tcase_add_loop_test(tc, test_caption_in_box, 0, 2);
    tcase_add_test(tc, test_keep_selects);
    tcase_add_test(tc, test_lookahead_zero);
    tcase_add_test(tc, test_pages_in_one_stream);
    suite_add_tcase(s, tc);

    tc = tcase_create("Text cues");
    tcase_add_test(tc, test_text_fold);
    tcase_add_test(tc, test_text_cues);
    tcase_add_test(tc, test_kind_table);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(make_classify_suite)
