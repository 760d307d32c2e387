/* check_filterlist.c -- Adblock Plus filter lists: parsing and compiling
 * (what is kept, what is skipped and counted), matching start tags and URLs,
 * site rules and exceptions, the page's host, and what the cues do to the
 * labels of a page.  The list is tests/data/filterlist.txt, written for these
 * tests (the project ships no copy of EasyList).
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "check_pith.h"
#include "filter.h"

Suite *make_filterlist_suite(void);

static pith_filterlist *fl;

static void load(void)
{
    const char *path = TEST_DATA "/filterlist.txt";
    ck_assert_int_eq(pith_filterlist_load(&fl, &path, 1), PITH_OK);
}

static void unload(void)
{
    pith_filterlist_free(fl);
    fl = NULL;
}

static unsigned hide(const char *host, const char *tag, const char **atts)
{
    return pith_fl_match_element(fl, host, tag, atts);
}

static const char *rule(unsigned r)
{
    return pith_fl_rule_text(fl, r);
}

START_TEST(test_counts)
{
    ck_assert_uint_eq(pith_filterlist_stat(fl, PITH_FL_HIDE), 15);
    ck_assert_uint_eq(pith_filterlist_stat(fl, PITH_FL_EXCEPTION), 2);
    ck_assert_uint_eq(pith_filterlist_stat(fl, PITH_FL_NETWORK), 5);
    ck_assert_uint_eq(pith_filterlist_stat(fl, PITH_FL_SKIPPED_HIDE), 6);
    ck_assert_uint_eq(pith_filterlist_stat(fl, PITH_FL_SKIPPED_NET), 2);
    ck_assert_uint_gt(pith_filterlist_stat(fl, PITH_FL_BYTES), 1000);
    ck_assert_uint_eq(pith_filterlist_stat(NULL, PITH_FL_HIDE), 0);
}
END_TEST

START_TEST(test_simple_selectors)
{
    const char *cls[] = { "class", "x ad-slot y", NULL };
    const char *near[] = { "class", "ad-slots ad-slo", NULL };
    const char *id[] = { "id", "div-gpt-ad-top", NULL };
    const char *pfx[] = { "id", "google_ads_iframe_1", NULL };
    const char *pfx_no[] = { "id", "my_google_ads", NULL };
    const char *eq[] = { "data-testid", "sponsor", NULL };
    const char *eq_no[] = { "data-testid", "sponsored", NULL };
    const char *sub[] = { "href", "https://shop.example/aff-link/123", NULL };
    const char *suf[] = { "class", "box box-sponsored", NULL };
    ck_assert_str_eq(rule(hide(NULL, "div", cls)), "##.ad-slot");
    ck_assert_uint_eq(hide(NULL, "div", near), 0);
    ck_assert_str_eq(rule(hide(NULL, "div", id)), "###div-gpt-ad-top");
    ck_assert_str_eq(rule(hide(NULL, "iframe", pfx)), "##[id^=\"google_ads\"]");
    ck_assert_uint_eq(hide(NULL, "div", pfx_no), 0);
    ck_assert_str_eq(rule(hide(NULL, "div", eq)), "##[data-testid=\"sponsor\"]");
    ck_assert_uint_eq(hide(NULL, "div", eq_no), 0);
    ck_assert_str_eq(rule(hide(NULL, "a", sub)), "##a[href*=\"/aff-link/\"]");
    ck_assert_uint_eq(hide(NULL, "link", sub), 0);           /* the tag must match */
    ck_assert_str_eq(rule(hide(NULL, "div", suf)), "##[class$=\"-sponsored\"]");
    /* substring rules with a host, looked up by the link's host */
    {
        const char *h1[] = { "href", "https://adclick.example/c?id=1", NULL };
        const char *h2[] = { "href", "https://www.adclick.example/c", NULL };
        const char *h3[] = { "href", "//x.adsrv.example/banner", NULL };
        const char *h4[] = { "href", "https://adsrv.example/banner", NULL };
        const char *h5[] = { "class", "x", "href", "HTTPS://AdClick.example/", NULL };
        ck_assert_str_eq(rule(hide(NULL, "a", h1)), "##a[href*=\"//adclick.example/\"]");
        ck_assert_uint_eq(hide(NULL, "a", h2), 0);       /* "//adclick" is not in it */
        ck_assert_str_eq(rule(hide(NULL, "a", h3)), "##[href*=\".adsrv.example/\"]");
        ck_assert_uint_eq(hide(NULL, "a", h4), 0);       /* no "." before the host */
        ck_assert_uint_eq(hide(NULL, "a", h5), 0);       /* values are case-sensitive */
    }
    ck_assert_str_eq(rule(hide(NULL, "amp-ad", NULL)), "##amp-ad");
}
END_TEST

START_TEST(test_compound)
{
    const char *both[] = { "class", "promo-box wide", NULL };
    const char *one[] = { "class", "promo-box", NULL };
    const char *attr[] = { "data-ad", "", NULL };
    ck_assert_str_eq(rule(hide(NULL, "div", both)), "##div.promo-box.wide");
    ck_assert_uint_eq(hide(NULL, "span", both), 0);
    ck_assert_uint_eq(hide(NULL, "div", one), 0);
    ck_assert_str_eq(rule(hide(NULL, "aside", attr)), "##aside[data-ad]");
    ck_assert_uint_eq(hide(NULL, "div", attr), 0);
}
END_TEST

START_TEST(test_skipped_forms_do_not_match)
{
    /* ".outer > .inner", ":has", ":not" were skipped, not read as ".outer" */
    const char *outer[] = { "class", "outer", NULL };
    const char *inner[] = { "class", "inner", NULL };
    const char *ad[] = { "class", "ad", NULL };
    ck_assert_uint_eq(hide(NULL, "div", outer), 0);
    ck_assert_uint_eq(hide(NULL, "div", inner), 0);
    ck_assert_uint_eq(hide(NULL, "div", ad), 0);
}
END_TEST

START_TEST(test_site_rules)
{
    const char *rail[] = { "class", "promo-rail", NULL };
    const char *partner[] = { "class", "partner-box", NULL };
    ck_assert_uint_eq(hide(NULL, "div", rail), 0);           /* host unknown */
    ck_assert_uint_eq(hide("other.example", "div", rail), 0);
    ck_assert_str_eq(rule(hide("news.example", "div", rail)), "news.example##.promo-rail");
    ck_assert_uint_ne(hide("www.news.example", "div", rail), 0);   /* a subdomain */
    ck_assert_uint_eq(hide("badnews.example", "div", rail), 0);    /* not a subdomain */
    ck_assert_uint_ne(hide("news.example", "div", partner), 0);
    ck_assert_uint_eq(hide("sub.news.example", "div", partner), 0); /* ~excluded */
}
END_TEST

/* A site's class and id rules read the hashes of the class tokens and the
   id that the generic rules found (the first 16 tokens; a longer class is
   split again), in any place of the value. */
START_TEST(test_site_tokens)
{
    static const char text[] = "news.example##.promo-rail\nnews.example###rail-top\n##.ad-slot\n";
    static const char *third[] = { "class", "card  wide\tpromo-rail", NULL };
    static const char *late[] = { "class", "t1 t2 t3 t4 t5 t6 t7 t8 t9 t10 t11 t12 t13 t14 t15 t16 "
                                           "t17 promo-rail t19", NULL };
    static const char *none[] = { "class", "t1 t2 t3 t4 t5 t6 t7 t8 t9 t10 t11 t12 t13 t14 t15 t16 "
                                           "t17 t18 t19", NULL };
    static const char *id[] = { "class", "rail", "id", "rail-top", NULL };
    static const char *both[] = { "class", "promo-rail ad-slot", NULL };
    pith_filterlist *x;
    ck_assert_int_eq(pith_filterlist_parse(&x, text, sizeof text - 1), PITH_OK);
    ck_assert_str_eq(pith_fl_rule_text(x, pith_fl_match_element(x, "news.example", "div", third)),
                     "news.example##.promo-rail");
    ck_assert_str_eq(pith_fl_rule_text(x, pith_fl_match_element(x, "news.example", "div", late)),
                     "news.example##.promo-rail");
    ck_assert_uint_eq(pith_fl_match_element(x, "news.example", "div", none), 0);
    ck_assert_str_eq(pith_fl_rule_text(x, pith_fl_match_element(x, "news.example", "div", id)),
                     "news.example###rail-top");
    ck_assert_uint_eq(pith_fl_match_element(x, "other.example", "div", id), 0);
    ck_assert_uint_eq(pith_fl_match_element(x, "other.example", "div", late), 0);
    ck_assert_str_eq(pith_fl_rule_text(x, pith_fl_match_element(x, "news.example", "div", both)),
                     "##.ad-slot");                     /* the generic rules first */
    pith_filterlist_free(x);
}
END_TEST

/* A site's rules of every form (tag, attribute, value, prefix, a host in a
   link): a site's entry says which tags and attribute names its rules read,
   and a page of another site with rules reads none of them. */
START_TEST(test_site_rule_forms)
{
    static const char text[] =
        "shop.example##aside\n"
        "shop.example##[data-teaser=\"paid\"]\n"
        "shop.example##a[href^=\"https://track.example/\"]\n"
        "shop.example##div[data-slot]\n"
        "shop.example##a[href*=\"//clicks.example/\"]\n"
        "shop.example##.deal-box\n"
        "other.example##[data-x]\n";
    static const char *teaser[] = { "data-teaser", "paid", NULL };
    static const char *slot[] = { "data-slot", "", NULL };
    static const char *track[] = { "href", "https://track.example/c?1", NULL };
    static const char *clicks[] = { "href", "https://clicks.example/x", NULL };
    static const char *deal[] = { "class", "card deal-box", NULL };
    static const char *dx[] = { "data-x", "1", NULL };
    static const struct { const char *tag; const char **atts; } shop[] = {
        { "aside", NULL }, { "div", teaser }, { "a", track }, { "div", slot }, { "a", clicks },
        { "div", deal },
    };
    pith_filterlist *x;
    ck_assert_int_eq(pith_filterlist_parse(&x, text, sizeof text - 1), PITH_OK);
    for (size_t i = 0; i < sizeof shop / sizeof *shop; i++) {
        ck_assert_msg(pith_fl_match_element(x, "www.shop.example", shop[i].tag, shop[i].atts),
                      "rule %zu", i);
        ck_assert_uint_eq(pith_fl_match_element(x, "other.example", shop[i].tag, shop[i].atts),
                          0);
        ck_assert_uint_eq(pith_fl_match_element(x, NULL, shop[i].tag, shop[i].atts), 0);
    }
    ck_assert_uint_eq(pith_fl_match_element(x, "shop.example", "section", NULL), 0);
    ck_assert_uint_eq(pith_fl_match_element(x, "shop.example", "div", dx), 0);
    ck_assert_uint_ne(pith_fl_match_element(x, "other.example", "div", dx), 0);
    pith_filterlist_free(x);
}
END_TEST

/* "name.*": the site with any public suffix, in a site list as EasyList
   writes them (one rule names hundreds of sites, one of them so); before,
   the whole rule was skipped. */
START_TEST(test_site_any_suffix)
{
    static const char text[] =
        "news.example,shop.*,read.books.*##.ad\n"
        "~shop.*##.promo\n"
        "shop.*,~m.shop.*##.deal\n"
        "bad.*.example##.x\n"
        "bad*##.x\n"
        ".*##.x\n"
        "~.*##.x\n"
        "a.**##.x\n";
    static const char *ad[] = { "class", "ad", NULL };
    static const char *promo[] = { "class", "promo", NULL };
    static const char *deal[] = { "class", "deal", NULL };
    pith_filterlist *x;
    ck_assert_int_eq(pith_filterlist_parse(&x, text, sizeof text - 1), PITH_OK);
    ck_assert_uint_eq(pith_filterlist_stat(x, PITH_FL_HIDE), 3);
    ck_assert_uint_eq(pith_filterlist_stat(x, PITH_FL_SKIPPED_HIDE), 5);
    /* the rule applies on every site it names */
    ck_assert_uint_ne(pith_fl_match_element(x, "news.example", "div", ad), 0);
    ck_assert_uint_ne(pith_fl_match_element(x, "shop.com", "div", ad), 0);
    ck_assert_uint_ne(pith_fl_match_element(x, "www.shop.co.uk", "div", ad), 0);
    ck_assert_uint_ne(pith_fl_match_element(x, "shop.de", "div", ad), 0);
    ck_assert_uint_ne(pith_fl_match_element(x, "read.books.com.br", "div", ad), 0);
    ck_assert_uint_ne(pith_fl_match_element(x, "x.read.books.fr", "div", ad), 0);
    /* not a site whose name only holds it */
    ck_assert_uint_eq(pith_fl_match_element(x, "books.com", "div", ad), 0);
    ck_assert_uint_eq(pith_fl_match_element(x, "myshop.com", "div", ad), 0);
    ck_assert_uint_eq(pith_fl_match_element(x, "shop.com.evil.net", "div", ad), 0);
    ck_assert_uint_eq(pith_fl_match_element(x, "shop", "div", ad), 0);
    ck_assert_uint_eq(pith_fl_match_element(x, NULL, "div", ad), 0);
    /* exclusions */
    ck_assert_uint_ne(pith_fl_match_element(x, "other.com", "div", promo), 0);
    ck_assert_uint_eq(pith_fl_match_element(x, "shop.com", "div", promo), 0);
    ck_assert_uint_eq(pith_fl_match_element(x, "a.shop.co.uk", "div", promo), 0);
    ck_assert_uint_ne(pith_fl_match_element(x, "shop.com", "div", deal), 0);
    ck_assert_uint_eq(pith_fl_match_element(x, "m.shop.com", "div", deal), 0);
    ck_assert_uint_eq(pith_fl_match_element(x, "other.com", "div", deal), 0);
    pith_filterlist_free(x);
}
END_TEST

/* Which hosts are one site, for $third-party and "name.*": three labels
   under a country code only where the second is one that names are
   registered under (co.uk, gv.at); fr.de is a site of its own, so
   cdn.fr.de is not a third party on www.fr.de. */
START_TEST(test_sites_of_hosts)
{
    static const char text[] =
        "||img.fr.de^$third-party\n"
        "||static.news.co.uk^$third-party\n"
        "||media.wien.gv.at^$third-party\n"
        "fr.*##.kiosk\n";
    static const char *kiosk[] = { "class", "kiosk", NULL };
    pith_filterlist *x;
    ck_assert_int_eq(pith_filterlist_parse(&x, text, sizeof text - 1), PITH_OK);
    /* the page's own site */
    ck_assert_uint_eq(pith_fl_match_url(x, "www.fr.de", "https://img.fr.de/a.png", FL_T_IMAGE), 0);
    ck_assert_uint_eq(pith_fl_match_url(x, "fr.de", "https://img.fr.de/a.png", FL_T_IMAGE), 0);
    ck_assert_uint_eq(pith_fl_match_url(x, "www.news.co.uk", "//static.news.co.uk/a", FL_T_IMAGE),
                      0);
    ck_assert_uint_eq(pith_fl_match_url(x, "www.wien.gv.at", "//media.wien.gv.at/a", FL_T_IMAGE),
                      0);
    /* another site under the same country code or second level */
    ck_assert_uint_ne(pith_fl_match_url(x, "www.ft.de", "https://img.fr.de/a.png", FL_T_IMAGE), 0);
    ck_assert_uint_ne(pith_fl_match_url(x, "www.other.co.uk", "//static.news.co.uk/a", FL_T_IMAGE),
                      0);
    ck_assert_uint_ne(pith_fl_match_url(x, "www.graz.gv.at", "//media.wien.gv.at/a", FL_T_IMAGE),
                      0);
    /* "fr.*": fr.de is the site fr with the suffix de, fr.co.uk with co.uk */
    ck_assert_uint_ne(pith_fl_match_element(x, "www.fr.de", "div", kiosk), 0);
    ck_assert_uint_ne(pith_fl_match_element(x, "fr.de", "div", kiosk), 0);
    ck_assert_uint_ne(pith_fl_match_element(x, "www.fr.co.uk", "div", kiosk), 0);
    ck_assert_uint_eq(pith_fl_match_element(x, "www.fr.de.evil.net", "div", kiosk), 0);
    ck_assert_uint_eq(pith_fl_match_element(x, "www.nfr.de", "div", kiosk), 0);
    pith_filterlist_free(x);
}
END_TEST

START_TEST(test_exceptions)
{
    const char *banner[] = { "class", "banner-ad", NULL };
    const char *slot[] = { "class", "ad-slot", NULL };
    ck_assert_uint_eq(hide(NULL, "div", banner), 0);          /* #@# everywhere */
    ck_assert_uint_eq(hide("x.example", "div", banner), 0);
    ck_assert_uint_ne(hide("x.example", "div", slot), 0);
    ck_assert_uint_eq(hide("news.example", "div", slot), 0);  /* news.example#@#.ad-slot */
}
END_TEST

START_TEST(test_network)
{
    ck_assert_str_eq(rule(pith_fl_match_url(fl, NULL, "https://ads.example/x.js", FL_T_SUBDOC)),
                     "||ads.example^");
    ck_assert_uint_ne(pith_fl_match_url(fl, NULL, "//cdn.ads.example/a", FL_T_IMAGE), 0);
    ck_assert_uint_ne(pith_fl_match_url(fl, NULL, "http://ADS.example:8080/a", FL_T_LINK), 0);
    ck_assert_uint_eq(pith_fl_match_url(fl, NULL, "https://ads.example.org/a", FL_T_IMAGE), 0);
    ck_assert_uint_eq(pith_fl_match_url(fl, NULL, "https://myads.example/a", FL_T_IMAGE), 0);
    ck_assert_uint_eq(pith_fl_match_url(fl, NULL, "https://ads.example/allowed/1", FL_T_IMAGE), 0);
    ck_assert_uint_eq(pith_fl_match_url(fl, NULL, "/local/ads.example/", FL_T_IMAGE), 0);
    /* a path */
    ck_assert_uint_ne(pith_fl_match_url(fl, NULL, "https://tracker.example/pixel/1.gif", FL_T_IMAGE), 0);
    ck_assert_uint_eq(pith_fl_match_url(fl, NULL, "https://tracker.example/other/1.gif", FL_T_IMAGE), 0);
    /* types */
    ck_assert_uint_ne(pith_fl_match_url(fl, NULL, "https://images.example/a.png", FL_T_IMAGE), 0);
    ck_assert_uint_eq(pith_fl_match_url(fl, NULL, "https://images.example/a.png", FL_T_SUBDOC), 0);
    /* third-party: the page's own frames are not */
    ck_assert_uint_ne(pith_fl_match_url(fl, "news.example", "https://frames.example/f", FL_T_SUBDOC), 0);
    ck_assert_uint_eq(pith_fl_match_url(fl, "www.frames.example", "https://frames.example/f", FL_T_SUBDOC), 0);
    /* $popup and wildcard rules were skipped */
    ck_assert_uint_eq(pith_fl_match_url(fl, NULL, "https://popup.example/", FL_T_LINK), 0);
}
END_TEST

START_TEST(test_host)
{
    char h[64];
    pith_fl_host("https://user@WWW.Example.COM:8080/path?q#f", h, sizeof h);
    ck_assert_str_eq(h, "www.example.com");
    pith_fl_host("news.example/story", h, sizeof h);
    ck_assert_str_eq(h, "news.example");
    pith_fl_host("//cdn.example.", h, sizeof h);
    ck_assert_str_eq(h, "cdn.example");
    pith_fl_host(NULL, h, sizeof h);
    ck_assert_str_eq(h, "");
    pith_fl_host("https://a-very-long-host.example/", h, 8);
    ck_assert_uint_eq(strlen(h), 7);
}
END_TEST

/* A list read from files a block at a time is the list of their text: a
   line cut by a block, a line longer than a block, a last line without its
   newline, two files. */
static char *temp_list(const char *text, size_t len)
{
    char *path = strdup("/tmp/pith-fl-XXXXXX");
    int fd;
    ck_assert_ptr_nonnull(path);
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

START_TEST(test_load_in_blocks)
{
    size_t n = 0, cap = 400000;
    char *a = malloc(cap), *both;
    const char *b = "##.second-file\n##.no-newline";
    const char *paths[2];
    pith_filterlist *x, *y;
    char cls[32];
    ck_assert_ptr_nonnull(a);
    n += (size_t)sprintf(a + n, "##.first-rule\n!");
    memset(a + n, 'x', 200000);           /* a comment longer than three blocks */
    n += 200000;
    a[n++] = '\n';
    for (int i = 0; n < 390000; i++)     /* rules across the blocks' edges */
        n += (size_t)sprintf(a + n, "##.rule-%d\n", i);
    paths[0] = temp_list(a, n);
    paths[1] = temp_list(b, strlen(b));
    ck_assert_int_eq(pith_filterlist_load(&x, paths, 2), PITH_OK);
    both = malloc(n + strlen(b) + 2);
    ck_assert_ptr_nonnull(both);
    memcpy(both, a, n);
    both[n] = '\n';
    memcpy(both + n + 1, b, strlen(b));
    both[n + 1 + strlen(b)] = '\n';
    ck_assert_int_eq(pith_filterlist_parse(&y, both, n + strlen(b) + 2), PITH_OK);
    ck_assert_uint_eq(pith_filterlist_stat(x, PITH_FL_HIDE), pith_filterlist_stat(y, PITH_FL_HIDE));
    ck_assert_uint_gt(pith_filterlist_stat(x, PITH_FL_HIDE), 10000);
    ck_assert_uint_eq(pith_filterlist_stat(x, PITH_FL_BYTES), pith_filterlist_stat(y, PITH_FL_BYTES));
    for (int i = 0; i < 16000; i += 997) {
        const char *atts[] = { "class", cls, NULL };
        snprintf(cls, sizeof cls, "rule-%d", i);
        ck_assert_uint_eq(pith_fl_match_element(x, NULL, "div", atts) != 0,
                          pith_fl_match_element(y, NULL, "div", atts) != 0);
    }
    {
        const char *names[] = { "first-rule", "second-file", "no-newline", "rule-0" };
        for (size_t i = 0; i < 4; i++) {
            const char *atts[] = { "class", names[i], NULL };
            ck_assert_msg(pith_fl_match_element(x, NULL, "div", atts), "%s", names[i]);
        }
    }
    pith_filterlist_free(x);
    pith_filterlist_free(y);
    unlink(paths[0]);
    unlink(paths[1]);
    free((char *)paths[0]);
    free((char *)paths[1]);
    free(a);
    free(both);
}
END_TEST

/* Lists of EasyList's size and more.  A load reserves the arena, the rules
   and the table of keys from the text's size (on Linux on huge pages, where
   they fill whole ones); a list of many short rules outgrows the rules'
   room, and one of many sites a rule outgrows the arena's.  Each compiles
   every rule, the same from a file and from memory, and matches its first,
   a middle and its last rule, and nothing else. */
static char *big_list(int which, size_t *len, int *nrules, int *nexc)
{
    size_t cap = (size_t)6 << 20, n = 0;
    char *a = malloc(cap);
    int i = 0;
    ck_assert_ptr_nonnull(a);
    for (; n + 256 < cap && n < ((size_t)3 << 20); i++) {
        if (which == 0)                       /* like EasyList: all three kinds */
            n += (size_t)sprintf(a + n, "##.gen-%d\nsite%d.example##.own-%d\n||ads%d.example^\n",
                                 i, i, i, i);
        else if (which == 1)                  /* short rules: more than the room reserved */
            n += (size_t)sprintf(a + n, "##.a%d\n", i);
        else                                  /* many sites a rule: keys outgrow the arena */
            n += (size_t)sprintf(a + n, "p%d.example,q%d.example,r%d.example,s%d.example,"
                                 "t%d.example,u%d.example##.x%d\n", i, i, i, i, i, i, i);
    }
    *nexc = 0;
    if (which == 0)
        for (int k = 1; k + 1 < i; k += 50, ++*nexc)  /* exceptions, after their rules */
            n += (size_t)sprintf(a + n, "#@#.gen-%d\n", k);
    *len = n;
    *nrules = i;
    return a;
}

static int hides_class(pith_filterlist *l, const char *host, const char *fmt, int i)
{
    char cls[64];
    const char *atts[] = { "class", cls, NULL };
    snprintf(cls, sizeof cls, fmt, i);
    return pith_fl_match_element(l, host, "div", atts) != 0;
}

START_TEST(test_large_lists)
{
    for (int which = 0; which < 3; which++) {
        size_t len;
        int n, nexc, probe[3];
        char *text = big_list(which, &len, &n, &nexc), host[64], url[64];
        char *path = temp_list(text, len);
        pith_filterlist *x, *y;
        const char *paths[1] = { path };
        ck_assert_int_eq(pith_filterlist_parse(&x, text, len), PITH_OK);
        ck_assert_int_eq(pith_filterlist_load(&y, paths, 1), PITH_OK);
        for (int w = 0; w <= PITH_FL_BYTES; w++)
            ck_assert_uint_eq(pith_filterlist_stat(x, w), pith_filterlist_stat(y, w));
        ck_assert_uint_eq(pith_filterlist_stat(x, PITH_FL_HIDE), (size_t)(which == 0 ? 2 * n : n));
        ck_assert_uint_eq(pith_filterlist_stat(x, PITH_FL_NETWORK), (size_t)(which == 0 ? n : 0));
        ck_assert_uint_eq(pith_filterlist_stat(x, PITH_FL_EXCEPTION), (size_t)nexc);
        ck_assert_uint_eq(pith_filterlist_stat(x, PITH_FL_SKIPPED_HIDE) + pith_filterlist_stat(x, PITH_FL_SKIPPED_NET), 0);
        probe[0] = 0, probe[1] = n / 4 * 2, probe[2] = n - 1;   /* probe[1] even: no exception */
        for (int k = 0; k < 3; k++) {
            pith_filterlist *l = k == 1 ? y : x;
            int i = probe[k];
            if (which == 0) {
                ck_assert_msg(hides_class(l, NULL, "gen-%d", i), "gen-%d", i);
                snprintf(host, sizeof host, "site%d.example", i);
                ck_assert(hides_class(l, host, "own-%d", i));
                ck_assert(!hides_class(l, "other.example", "own-%d", i));
                snprintf(url, sizeof url, "https://ads%d.example/a.js", i);
                ck_assert_uint_ne(pith_fl_match_url(l, NULL, url, FL_T_SUBDOC), 0);
                snprintf(url, sizeof url, "https://ads%d.example.org/a.js", i);
                ck_assert_uint_eq(pith_fl_match_url(l, NULL, url, FL_T_SUBDOC), 0);
            } else if (which == 1) {
                ck_assert_msg(hides_class(l, NULL, "a%d", i), "a%d", i);
            } else {
                snprintf(host, sizeof host, "www.t%d.example", i);
                ck_assert_msg(hides_class(l, host, "x%d", i), "x%d", i);
                ck_assert(!hides_class(l, NULL, "x%d", i));
            }
        }
        if (which == 0) {
            ck_assert(!hides_class(x, NULL, "gen-%d", 1));                /* excepted */
            ck_assert(!hides_class(x, NULL, "gen-%d", n));                /* no such rule */
        } else
            ck_assert(!hides_class(x, NULL, which == 1 ? "a%d" : "x%d", n));
        pith_filterlist_free(x);
        pith_filterlist_free(y);
        unlink(path);
        free(path);
        free(text);
    }
}
END_TEST

/* A list saved with a UTF-8 byte order mark (as some editors do) keeps its
   first rule, in memory and from a file, and so does a second list's. */
START_TEST(test_byte_order_mark)
{
    static const char text[] = "\xEF\xBB\xBF##.first-rule\n##.second-rule\n";
    const char *paths[2];
    pith_filterlist *x;
    const char *first[] = { "class", "first-rule", NULL };
    const char *second[] = { "class", "second-rule", NULL };
    ck_assert_int_eq(pith_filterlist_parse(&x, text, sizeof text - 1), PITH_OK);
    ck_assert_uint_eq(pith_filterlist_stat(x, PITH_FL_HIDE), 2);
    ck_assert_uint_ne(pith_fl_match_element(x, NULL, "div", first), 0);
    pith_filterlist_free(x);
    paths[0] = temp_list(text, sizeof text - 1);
    paths[1] = temp_list("\xEF\xBB\xBF##.third-rule", strlen("\xEF\xBB\xBF##.third-rule"));
    ck_assert_int_eq(pith_filterlist_load(&x, paths, 2), PITH_OK);
    ck_assert_uint_eq(pith_filterlist_stat(x, PITH_FL_HIDE), 3);
    ck_assert_uint_eq(pith_filterlist_stat(x, PITH_FL_SKIPPED_HIDE) +
                      pith_filterlist_stat(x, PITH_FL_SKIPPED_NET), 0);
    ck_assert_uint_ne(pith_fl_match_element(x, NULL, "div", first), 0);
    ck_assert_uint_ne(pith_fl_match_element(x, NULL, "div", second), 0);
    {
        const char *third[] = { "class", "third-rule", NULL };
        ck_assert_uint_ne(pith_fl_match_element(x, NULL, "div", third), 0);
    }
    pith_filterlist_free(x);
    for (int i = 0; i < 2; i++) {
        unlink(paths[i]);
        free((char *)paths[i]);
    }
}
END_TEST

START_TEST(test_parse_errors)
{
    pith_filterlist *x = (pith_filterlist *)&x;
    const char *missing = TEST_DATA "/no-such-list.txt";
    ck_assert_int_eq(pith_filterlist_load(&x, &missing, 1), PITH_EDATA);
    ck_assert_ptr_eq(x, (pith_filterlist *)&x);              /* unchanged */
    ck_assert_int_eq(pith_filterlist_load(NULL, &missing, 1), PITH_EINVAL);
    ck_assert_int_eq(pith_filterlist_parse(&x, NULL, 3), PITH_EINVAL);
    {   /* a directory: it cannot be read, and is not too large */
        const char *dir = TEST_DATA;
        errno = 0;
        ck_assert_int_eq(pith_filterlist_load(&x, &dir, 1), PITH_EDATA);
        ck_assert_int_eq(errno, EISDIR);
        ck_assert_ptr_eq(x, (pith_filterlist *)&x);
    }
    /* an empty list, garbage, a line without its newline */
    ck_assert_int_eq(pith_filterlist_parse(&x, "", 0), PITH_OK);
    ck_assert_uint_eq(pith_filterlist_stat(x, PITH_FL_HIDE), 0);
    pith_filterlist_free(x);
    {
        static const char bad[] = "##\n#@#\n||\n##[\n##.\n##[a=\"b]\n##.c";
        ck_assert_int_eq(pith_filterlist_parse(&x, bad, sizeof bad - 1), PITH_OK);
    }
    ck_assert_uint_eq(pith_filterlist_stat(x, PITH_FL_HIDE), 1);
    pith_filterlist_free(x);
    pith_filterlist_free(NULL);
}
END_TEST

/* A line over 64 KiB is no rule: skipped and counted (a comment is not
   counted), whether read from a file, where it spans blocks and is never
   held whole, or from memory; the rules around it are kept.  Lists of more
   than 64 MiB are refused with EFBIG: a regular file by its size, a
   stream (/dev/zero, once read without end) as it is read, text in memory
   by its length. */
START_TEST(test_long_lines)
{
    size_t n = 0, cap = 400000;
    char *a = malloc(cap), *path, *big;
    pith_filterlist *x, *y;
    const char *atts[] = { "class", "b-box", NULL };
    const char *zero = "/dev/zero";
    FILE *fp;
    ck_assert_ptr_nonnull(a);
    n += (size_t)sprintf(a + n, "##.a-box\n##.y");
    memset(a + n, 'x', 70000);
    n += 70000;
    n += (size_t)sprintf(a + n, "\n||");
    memset(a + n, 'x', 200000);
    n += 200000;
    n += (size_t)sprintf(a + n, "\n!");
    memset(a + n, 'c', 100000);
    n += 100000;
    n += (size_t)sprintf(a + n, "\n##.b-box");
    path = temp_list(a, n);
    ck_assert_int_eq(pith_filterlist_load(&x, (const char *const *)&path, 1), PITH_OK);
    ck_assert_int_eq(pith_filterlist_parse(&y, a, n), PITH_OK);
    for (int i = 0; i < 2; i++) {
        pith_filterlist *l = i ? y : x;
        ck_assert_uint_eq(pith_filterlist_stat(l, PITH_FL_HIDE), 2);
        ck_assert_uint_eq(pith_filterlist_stat(l, PITH_FL_SKIPPED_HIDE), 1);
        ck_assert_uint_eq(pith_filterlist_stat(l, PITH_FL_SKIPPED_NET), 1);
        ck_assert_uint_ne(pith_fl_match_element(l, NULL, "div", atts), 0);
    }
    ck_assert_uint_eq(pith_filterlist_stat(x, PITH_FL_BYTES), pith_filterlist_stat(y, PITH_FL_BYTES));
    pith_filterlist_free(x);
    pith_filterlist_free(y);
    /* too much text */
    x = (pith_filterlist *)&x;
    errno = 0;
    ck_assert_int_eq(pith_filterlist_load(&x, &zero, 1), PITH_EDATA);
    ck_assert_int_eq(errno, EFBIG);
    ck_assert_ptr_eq(x, (pith_filterlist *)&x);
    fp = fopen(path, "r+");
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(ftruncate(fileno(fp), (off_t)65 << 20), 0);   /* sparse */
    fclose(fp);
    errno = 0;
    ck_assert_int_eq(pith_filterlist_load(&x, (const char *const *)&path, 1), PITH_EDATA);
    ck_assert_int_eq(errno, EFBIG);
    big = calloc(((size_t)64 << 20) + 1, 1);
    ck_assert_ptr_nonnull(big);
    errno = 0;
    ck_assert_int_eq(pith_filterlist_parse(&x, big, ((size_t)64 << 20) + 1), PITH_EDATA);
    ck_assert_int_eq(errno, EFBIG);
    free(big);
    unlink(path);
    free(path);
    free(a);
}
END_TEST

/* A site name of other bytes than a host's skips its rule: a site's keys
   open with its name, and a name opening with '^', '=', '.', '<' or '@'
   once read as another kind of key (a crash when the list was compiled). */
START_TEST(test_site_name_bytes)
{
    static const char text[] =
        "^a.example##.x-box\n=b.example##.x-box\n.c.example##.x-box\n<d.example##.x-box\n"
        "@e.example##.x-box\n~.f.example##.x-box\nsh*p.example##.x-box\ng h.example##.x-box\n"
        "i.example,&j.example##.x-box\n"
        "~k.example,l-1.example,_m.example,N.example##.y-box\n"
        "||ads.example^$domain=^o.example|p.example\n";
    static const char *x[] = { "class", "x-box", NULL };
    static const char *y[] = { "class", "y-box", NULL };
    pith_filterlist *l;
    ck_assert_int_eq(pith_filterlist_parse(&l, text, sizeof text - 1), PITH_OK);
    ck_assert_uint_eq(pith_filterlist_stat(l, PITH_FL_HIDE), 1);
    ck_assert_uint_eq(pith_filterlist_stat(l, PITH_FL_SKIPPED_HIDE), 9);
    ck_assert_uint_eq(pith_filterlist_stat(l, PITH_FL_NETWORK), 0);
    ck_assert_uint_eq(pith_fl_match_element(l, "a.example", "div", x), 0);
    ck_assert_uint_eq(pith_fl_match_element(l, "i.example", "div", x), 0);
    ck_assert_uint_ne(pith_fl_match_element(l, "l-1.example", "div", y), 0);
    ck_assert_uint_ne(pith_fl_match_element(l, "www._m.example", "div", y), 0);
    ck_assert_uint_eq(pith_fl_match_element(l, "k.example", "div", y), 0);
    ck_assert_uint_ne(pith_fl_match_element(l, "n.example", "div", y), 0);
    pith_filterlist_free(l);
}
END_TEST

/* A list's last line is read within its bytes: text that ends in a rule
   whose sites are all excluded ("~b.example##.c-box": a generic rule with
   exceptions), with no newline or NUL after it, placed right before a page
   that may not be read.  (Its list of sites was once scanned for a comma
   with strcspn, past the end of the text.) */
START_TEST(test_last_line_unterminated)
{
    static const char *const texts[] = {
        "##.a-box\n~b.example##.c-box",
        "##.a-box\n~b.example,~c.example##.c-box",
        "##.a-box\nd.example,~b.example##.c-box\n~e.example##.c-box",
    };
    long page = sysconf(_SC_PAGESIZE);
    const char *atts[] = { "class", "a-box", NULL };
    const char *c_box[] = { "class", "c-box", NULL };
    char *map;
    ck_assert_int_gt(page, 0);
    map = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
               -1, 0);
    ck_assert_ptr_ne(map, MAP_FAILED);
    ck_assert_int_eq(mprotect(map + page, (size_t)page, PROT_NONE), 0);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t n = strlen(texts[i]);
        char *t = map + page - n;
        pith_filterlist *l;
        memcpy(t, texts[i], n);
        ck_assert_int_eq(pith_filterlist_parse(&l, t, n), PITH_OK);
        ck_assert_uint_ne(pith_fl_match_element(l, NULL, "div", atts), 0);
        ck_assert_uint_eq(pith_filterlist_stat(l, PITH_FL_HIDE), i < 2 ? 2 : 3);
        /* the last rule applies everywhere but on the sites it excludes */
        ck_assert_uint_ne(pith_fl_match_element(l, "z.example", "div", c_box), 0);
        ck_assert_uint_eq(pith_fl_match_element(l, i < 2 ? "b.example" : "e.example", "div",
                                                c_box), 0);
        pith_filterlist_free(l);
    }
    munmap(map, 2 * (size_t)page);
}
END_TEST

/* --- on a page ------------------------------------------------------------ */

static const char page_html[] =
    "<html><head><title>A story</title></head><body>"
    "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
    "<article><h1>The council votes on the new bridge today</h1>"
    "<p>The city council votes today on the plan for a new bridge over the river, "
    "after two years of hearings, studies and a long public debate.</p>"
    "<div class=\"mm-box\"><a href=\"/hills\">Walks in the autumn hills</a> <a href=\"/week\">"
    "Pictures of the week</a></div>"
    "<div class=\"mm-box\"><p>The bridge would carry four lanes of traffic and a cycle path, "
    "and the council expects the work to take three years.</p></div>"
    "<div><iframe src=\"https://ads.example/slot\"></iframe><a href=\"/x\">Partner offers "
    "here</a></div>"
    "<p>Opponents say the money should go to the ferry service instead, which carries "
    "thousands of people across the river every day.</p></article></body></html>";

static char *label_of(const char *out, const char *text)
{
    const char *p = strstr(out, text), *l;
    static char label[32];
    if (p == NULL)
        return NULL;
    while (p > out && p[-1] != '\n')
        p--;
    l = strstr(p, "\"label\":\"");
    ck_assert_ptr_nonnull(l);
    l += 9;
    memcpy(label, l, strcspn(l, "\""));
    label[strcspn(l, "\"")] = '\0';
    return label;
}

START_TEST(test_page_cues)
{
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result without, with;
    without = run_str(&opt, page_html);
    opt.filterlist = fl;
    with = run_str(&opt, page_html);
    ck_assert_int_eq(with.finish_rc, PITH_OK);
    /* the links in the hidden element: advertising with the list only */
    ck_assert_str_ne(label_of(without.out, "Walks in the autumn hills"), "advertising");
    ck_assert_str_eq(label_of(with.out, "Walks in the autumn hills"), "advertising");
    ck_assert(has_str(with.out, with.len, "\"filter:##.mm-box@"));
    /* the story paragraph in a wrongly named container stays story */
    ck_assert_str_eq(label_of(without.out, "four lanes of traffic"), "story");
    ck_assert_str_eq(label_of(with.out, "four lanes of traffic"), "story");
    /* the ad server's frame marks its parent as an ad slot */
    ck_assert_str_eq(label_of(with.out, "Partner offers here"), "advertising");
    ck_assert(has_str(with.out, with.len, "\"adserver:||ads.example^@"));
    /* the rest is as without the list */
    ck_assert_str_eq(label_of(with.out, "Opponents say"), label_of(without.out, "Opponents say"));
    ck_assert_str_eq(label_of(with.out, "Home World"), "navigation");
    ck_assert(!has_str(without.out, without.len, "filter"));
    result_free(&without);
    result_free(&with);
}
END_TEST

START_TEST(test_page_site_rule)
{
    static const char html[] =
        "<html><body><article><p>The city council votes today on the plan for a new bridge "
        "over the river, after two years of hearings.</p><div class=\"promo-rail\"><a "
        "href=\"/a\">Our newest podcast</a></div><p>Opponents say the money should go to the "
        "ferry service instead, every single day of the year.</p></article></body></html>";
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r;
    opt.filterlist = fl;
    r = run_str(&opt, html);
    ck_assert(!has_str(r.out, r.len, "promo-rail"));       /* no host: no site rule */
    result_free(&r);
    opt.url = "https://www.news.example/2026/bridge";
    r = run_str(&opt, html);
    ck_assert(has_str(r.out, r.len, "\"filter:news.example##.promo-rail@"));
    ck_assert_str_eq(label_of(r.out, "Our newest podcast"), "advertising");
    result_free(&r);
}
END_TEST

/* A site rule for any public suffix ("news.*") applies to a page of
   news.co.uk as to one of news.example, and cues its blocks by name. */
START_TEST(test_page_any_suffix)
{
    static const char list[] = "other.example,news.*##.promo-rail\n";
    static const char html[] =
        "<html><body><article><p>The city council votes today on the plan for a new bridge "
        "over the river, after two years of hearings.</p><div class=\"promo-rail\"><a "
        "href=\"/a\">Our newest podcast</a></div><p>Opponents say the money should go to the "
        "ferry service instead, every single day of the year.</p></article></body></html>";
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    pith_filterlist *x;
    result r;
    ck_assert_int_eq(pith_filterlist_parse(&x, list, sizeof list - 1), PITH_OK);
    opt.filterlist = x;
    opt.url = "https://www.news.co.uk/2026/bridge";
    r = run_str(&opt, html);
    ck_assert(has_str(r.out, r.len, "\"filter:other.example,news.*##.promo-rail@"));
    ck_assert_str_eq(label_of(r.out, "Our newest podcast"), "advertising");
    result_free(&r);
    opt.url = "https://www.goodnews.co.uk/2026/bridge";
    r = run_str(&opt, html);
    ck_assert(!has_str(r.out, r.len, "promo-rail"));
    result_free(&r);
    pith_filterlist_free(x);
}
END_TEST

/* Without a URL given, the page's own canonical link, og:url or absolute
   <base href> names its host for the site rules; a URL given wins, a
   relative or non-http URL names none, and the next page of a stream
   starts without the host the one before named. */
#define SITE_BODY \
    "<body><article><p>The city council votes today on the plan for a new bridge " \
    "over the river, after two years of hearings.</p><div class=\"promo-rail\"><a " \
    "href=\"/a\">Our newest podcast</a></div><p>Opponents say the money should go to the " \
    "ferry service instead, every single day of the year.</p></article></body></html>"
START_TEST(test_page_own_url)
{
    static const char *const names[] = {
        "<html><head><link rel=\"canonical\" href=\"https://www.news.example/2026/b\">",
        "<html><head><LINK REL=\"alternate canonical\" HREF=\" http://news.example/b\">",
        "<html><head><meta property=\"og:url\" content=\"https://m.news.example/b\">",
        "<html><head><base href=\"https://news.example/2026/\">",
    };
    static const char *const none[] = {
        "<html><head><link rel=\"canonical\" href=\"/2026/b\">",
        "<html><head><link rel=\"alternate\" href=\"https://news.example/b\">",
        "<html><head><link rel=\"canonicals\" href=\"https://news.example/b\">",
        "<html><head><meta property=\"og:url\" content=\"ftp://news.example/b\">",
        "<html><head><meta property=\"og:title\" content=\"https://news.example/b\">",
    };
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r;
    char *html;
    opt.filterlist = fl;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        html = str_printf("%s</head>" SITE_BODY, names[i]);
        r = run_str(&opt, html);
        ck_assert_msg(has_str(r.out, r.len, "\"filter:news.example##.promo-rail@"), "%s", html);
        ck_assert_str_eq(label_of(r.out, "Our newest podcast"), "advertising");
        result_free(&r);
        free(html);
    }
    for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
        html = str_printf("%s</head>" SITE_BODY, none[i]);
        r = run_str(&opt, html);
        ck_assert_msg(!has_str(r.out, r.len, "promo-rail"), "%s", html);
        result_free(&r);
        free(html);
    }
    /* the URL given names the site, whatever the page says */
    html = str_printf("%s</head>" SITE_BODY, names[0]);
    opt.url = "https://other.example/b";
    r = run_str(&opt, html);
    ck_assert(!has_str(r.out, r.len, "promo-rail"));
    result_free(&r);
    /* without a list, nothing of this is read */
    opt.url = NULL;
    opt.filterlist = NULL;
    r = run_str(&opt, html);
    ck_assert(!has_str(r.out, r.len, "filter:"));
    result_free(&r);
    free(html);
    /* two pages in one stream: the second names no URL */
    opt.filterlist = fl;
    html = str_printf("%s</head>" SITE_BODY "<html><head></head>"
                      "<body><article><p>The second page tells of the harbour plan and its "
                      "long history in the town.</p><div class=\"promo-rail\"><a href=\"/b\">"
                      "Our second podcast</a></div></article></body></html>", names[0]);
    r = run_str(&opt, html);
    ck_assert_msg(count_str(r.out, r.len, "\"filter:news.example##.promo-rail@") == 1, "%s",
                  r.out);
    ck_assert_str_eq(label_of(r.out, "Our newest podcast"), "advertising");
    ck_assert(strstr(strstr(r.out, "second page"), "promo-rail") == NULL);
    result_free(&r);
    free(html);
}
END_TEST
#undef SITE_BODY

/* With a list, every attribute reaches segment: its rules may name any
   (here ##aside[data-ad], an attribute no other stage reads). */
START_TEST(test_page_any_attribute)
{
    static const char html[] =
        "<html><body><article><p>The city council votes today on the plan for a new bridge "
        "over the river, after two years of hearings.</p><aside data-ad=\"1\"><a "
        "href=\"/a\">Our newest podcast</a></aside><p>Opponents say the money should go to the "
        "ferry service instead, every single day of the year.</p></article></body></html>";
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r;
    opt.filterlist = fl;
    r = run_str(&opt, html);
    ck_assert_msg(has_str(r.out, r.len, "\"filter:##aside[data-ad]@"), "%s", r.out);
    ck_assert_str_eq(label_of(r.out, "Our newest podcast"), "advertising");
    result_free(&r);
}
END_TEST

/* A rule that names the page's wrapper (a site's "ad_body" around it all)
   makes no ad of its menus: the hidden element holds the story. */
START_TEST(test_page_wrapper)
{
    static const char html[] =
        "<html><body><div class=\"site\"><div class=\"mm-box\">"
        "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/sport\">Sport</a></nav>"
        "<div class=\"main\"><h1>The council votes on the new bridge today</h1>"
        "<p>The city council votes today on the plan for a new bridge over the river, after two "
        "years of hearings, studies and a long public debate in the town hall.</p>"
        "<p>Opponents say the money should go to the ferry service instead, which carries "
        "thousands of people across the river every single day.</p></div></div></div>"
        "</body></html>";
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result r;
    opt.filterlist = fl;
    r = run_str(&opt, html);
    ck_assert(has_str(r.out, r.len, "\"filter:##.mm-box@4\""));
    ck_assert_str_eq(label_of(r.out, "Home World Sport"), "navigation");
    ck_assert_str_eq(label_of(r.out, "ferry service"), "story");
    result_free(&r);
}
END_TEST

/* A box of its own kind inside a hidden element (a site rule on a layout
   class around a "related" list or the page's footer) keeps its label: the
   nearer cue names it.  The same list with an ad server's links is an ad,
   and so is a teaser card in an element the markup names an ad. */
START_TEST(test_page_nested_box)
{
    static const char html[] =
        "<html><body><article><h1>The council votes on the new bridge today</h1>"
        "<p>The city council votes today on the plan for a new bridge over the river, after two "
        "years of hearings, studies and a long public debate in the town hall.</p>"
        "<p>Opponents say the money should go to the ferry service instead, which carries "
        "thousands of people across the river every single day.</p></article><div class=\"rail\">"
        "<div class=\"mm-box\"><div class=\"related-stories\"><h3>Most read</h3><ul>"
        "<li><a href=\"/news/2026/03/harbour-plan\">The harbour plan goes to a vote in May</a></li>"
        "<li><a href=\"/news/2026/03/ferry-fares\">Ferry fares rise for the second year</a></li>"
        "</ul></div></div>"
        "<div class=\"mm-box\"><div class=\"related-stories\"><ul>"
        "<li><a href=\"https://ads.example/click?id=7\">Walks in the autumn hills you will love</a></li>"
        "</ul></div></div>"
        "<div class=\"ad-slot\"><div class=\"related-stories\"><ul>"
        "<li><a href=\"/news/2026/03/spa-weekend\">A spa weekend by the sea for two</a></li>"
        "</ul></div></div>"
        "<div class=\"mm-box\"><footer><a href=\"/imprint\">Imprint</a> "
        "<a href=\"/privacy\">Privacy</a> <a href=\"/contact\">Contact</a></footer></div>"
        "</div></body></html>";
    pith_options opt = test_options(PITH_FORMAT_JSONL, 1);
    result without, with;
    without = run_str(&opt, html);
    opt.filterlist = fl;
    with = run_str(&opt, html);
    ck_assert_msg(has_str(with.out, with.len, "\"filter:##.mm-box@4\""), "%s", with.out);
    ck_assert_str_eq(label_of(without.out, "harbour plan"), "recommendation");
    ck_assert_str_eq(label_of(with.out, "harbour plan"), "recommendation");
    ck_assert_str_eq(label_of(with.out, "Imprint Privacy Contact"), "navigation");
    ck_assert_str_eq(label_of(with.out, "autumn hills"), "advertising");
    /* the markup names the hidden element an ad too: a native ad's card */
    ck_assert_str_eq(label_of(with.out, "spa weekend"), "advertising");
    ck_assert(has_str(with.out, with.len, "\"adserver:||ads.example^@"));
    ck_assert_str_eq(label_of(with.out, "ferry service"), "story");
    result_free(&without);
    result_free(&with);
}
END_TEST

/* One list, many filters at once: it is only read. */
START_TEST(test_shared)
{
    pith_options opt = test_options(PITH_FORMAT_TEXT, 0);
    pith_filter *a, *b;
    capture ca = {0}, cb = {0};
    opt.filterlist = fl;
    ck_assert_int_eq(pith_new(&a, &opt, capture_sink, &ca), PITH_OK);
    ck_assert_int_eq(pith_new(&b, &opt, capture_sink, &cb), PITH_OK);
    for (size_t i = 0; i < sizeof page_html - 1; i += 50) {
        size_t n = sizeof page_html - 1 - i < 50 ? sizeof page_html - 1 - i : 50;
        ck_assert_int_eq(pith_feed(a, page_html + i, n), PITH_OK);
        ck_assert_int_eq(pith_feed(b, page_html + i, n), PITH_OK);
    }
    ck_assert_int_eq(pith_finish(a), PITH_OK);
    ck_assert_int_eq(pith_finish(b), PITH_OK);
    ck_assert_uint_eq(ca.len, cb.len);
    ck_assert(!memcmp(ca.data, cb.data, ca.len));
    pith_free(a);
    pith_free(b);
    capture_free(&ca);
    capture_free(&cb);
}
END_TEST

/* A list of the rules in text, built in memory (the fixture's list is
   left alone). */
static pith_filterlist *parse(const char *text)
{
    pith_filterlist *l = NULL;
    ck_assert_int_eq(pith_filterlist_parse(&l, text, strlen(text)), PITH_OK);
    return l;
}

static unsigned hide_in(pith_filterlist *l, const char *tag, const char **atts)
{
    return pith_fl_match_element(l, NULL, tag, atts);
}

/* Rules filed under an attribute name ("[name" keys), tried first on the
   value in hand; the rules read an attribute's first value. */
START_TEST(test_first_value)
{
    pith_filterlist *l = parse("##div[class$=\"-adlabel\"]\n##a[href*=\"&maxads=\"]\n"
                               "##a[href*=\".cfm?domain=\"][href*=\"&fp=\"]\n");
    const char *label[] = { "class", "x y-adlabel", NULL };
    const char *first[] = { "class", "z-adlabel", "class", "plain", NULL };
    const char *second[] = { "class", "plain", "class", "z-adlabel", NULL };
    const char *ads[] = { "title", "t", "href", "/c?x=1&maxads=4", NULL };
    const char *both[] = { "href", "/r.cfm?domain=a&fp=1", NULL };
    const char *one[] = { "href", "/r.cfm?domain=a", NULL };
    ck_assert_str_eq(pith_fl_rule_text(l, hide_in(l, "div", label)), "##div[class$=\"-adlabel\"]");
    ck_assert_uint_eq(hide_in(l, "span", label), 0);   /* the tag too */
    ck_assert_uint_ne(hide_in(l, "div", first), 0);
    ck_assert_uint_eq(hide_in(l, "div", second), 0);
    ck_assert_str_eq(pith_fl_rule_text(l, hide_in(l, "a", ads)), "##a[href*=\"&maxads=\"]");
    ck_assert_uint_eq(hide_in(l, "area", ads), 0);
    ck_assert_uint_ne(hide_in(l, "a", both), 0);
    ck_assert_uint_eq(hide_in(l, "a", one), 0);        /* every part */
    pith_filterlist_free(l);
}
END_TEST

/* Rules on tags of one to three letters and more; tags that merely begin
   alike are no match. */
START_TEST(test_tag_rules)
{
    pith_filterlist *l = parse("##u\n##tt\n##ad-slot\n##amp-ad\n");
    ck_assert_uint_ne(hide_in(l, "u", NULL), 0);
    ck_assert_uint_eq(hide_in(l, "ul", NULL), 0);
    ck_assert_uint_ne(hide_in(l, "tt", NULL), 0);
    ck_assert_uint_eq(hide_in(l, "t", NULL), 0);
    ck_assert_str_eq(pith_fl_rule_text(l, hide_in(l, "ad-slot", NULL)), "##ad-slot");
    ck_assert_uint_eq(hide_in(l, "ad-slots", NULL), 0);
    ck_assert_uint_eq(hide_in(l, "ad", NULL), 0);
    ck_assert_uint_ne(hide_in(l, "amp-ad", NULL), 0);
    ck_assert_uint_eq(hide_in(l, "div", NULL), 0);
    pith_filterlist_free(l);
}
END_TEST

/* More attribute names than the table of names holds: the same answers,
   looked up in the table of keys. */
START_TEST(test_many_attribute_names)
{
    for (int many = 0; many <= 1; many++) {
        size_t n = many ? 1200 : 20, len = 0;
        char *text = malloc(n * 32 + 128);
        pith_filterlist *l;
        ck_assert_ptr_nonnull(text);
        for (size_t i = 0; i < n; i++)
            len += (size_t)sprintf(text + len, "##[data-n%zu]\n", i);
        strcpy(text + len, "##.ad-box\n##amp-ad\n##[data-n0=\"x\"]\n##div.promo#top\n");
        l = parse(text);
        {
            const char *last[] = { "data-n19", "", NULL };
            const char *eq[] = { "class", "a", "data-n0", "x", NULL };
            const char *cls[] = { "data-none", "1", "class", "b ad-box", NULL };
            const char *none[] = { "data-none", "1", "class", "b", NULL };
            const char *cmp[] = { "id", "top", "class", "promo", NULL };
            ck_assert_uint_ne(hide_in(l, "div", last), 0);
            ck_assert_uint_ne(hide_in(l, "div", eq), 0);
            ck_assert_str_eq(pith_fl_rule_text(l, hide_in(l, "p", cls)), "##.ad-box");
            ck_assert_uint_eq(hide_in(l, "p", none), 0);
            ck_assert_uint_ne(hide_in(l, "amp-ad", NULL), 0);
            ck_assert_uint_ne(hide_in(l, "div", cmp), 0);
            ck_assert_uint_eq(hide_in(l, "span", cmp), 0);
        }
        if (many) {
            const char *high[] = { "data-n1199", "", NULL };
            ck_assert_uint_ne(hide_in(l, "b", high), 0);
        }
        pith_filterlist_free(l);
        free(text);
    }
}
END_TEST

Suite *make_filterlist_suite(void)
{
    Suite *s = suite_create("filterlist");
    TCase *tc = tcase_create("Parse");
    tcase_add_checked_fixture(tc, load, unload);
    tcase_add_test(tc, test_counts);
    tcase_add_test(tc, test_parse_errors);
    tcase_add_test(tc, test_site_name_bytes);
    tcase_add_test(tc, test_last_line_unterminated);
    tcase_add_test(tc, test_long_lines);
    tcase_add_test(tc, test_load_in_blocks);
    tcase_add_test(tc, test_large_lists);
    tcase_add_test(tc, test_byte_order_mark);
    tcase_add_test(tc, test_host);
    suite_add_tcase(s, tc);
    tc = tcase_create("Match");
    tcase_add_checked_fixture(tc, load, unload);
    tcase_add_test(tc, test_simple_selectors);
    tcase_add_test(tc, test_compound);
    tcase_add_test(tc, test_skipped_forms_do_not_match);
    tcase_add_test(tc, test_site_rules);
    tcase_add_test(tc, test_site_tokens);
    tcase_add_test(tc, test_site_rule_forms);
    tcase_add_test(tc, test_site_any_suffix);
    tcase_add_test(tc, test_sites_of_hosts);
    tcase_add_test(tc, test_exceptions);
    tcase_add_test(tc, test_network);
    tcase_add_test(tc, test_first_value);
    tcase_add_test(tc, test_tag_rules);
    tcase_add_test(tc, test_many_attribute_names);
    suite_add_tcase(s, tc);
    tc = tcase_create("Page");
    tcase_add_checked_fixture(tc, load, unload);
    tcase_add_test(tc, test_page_cues);
    tcase_add_test(tc, test_page_site_rule);
    tcase_add_test(tc, test_page_any_suffix);
    tcase_add_test(tc, test_page_own_url);
    tcase_add_test(tc, test_page_any_attribute);
    tcase_add_test(tc, test_page_wrapper);
    tcase_add_test(tc, test_page_nested_box);
    tcase_add_test(tc, test_shared);
    suite_add_tcase(s, tc);
    return s;
}

CHECK_MAIN(make_filterlist_suite)
