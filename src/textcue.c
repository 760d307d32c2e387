/* textcue.c -- part of stage 5 (classify): what a block's words say.
 *
 * The cues of a block's text, read from its first 150 bytes folded to lower
 * case: ad labels, promotions, "Related" and share prompts, credits, notes,
 * bylines and disclosures, in many languages (the word lists below).  The
 * classifier (classify.c) weighs them; nothing here decides a label.
 * Memory: the index of the word lists in pith_classify (33 KiB), built once a
 * filter.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include "filter.h"
#include "textcue.h"

/* The buttons of a gallery or an overlay, as a block's whole text ("Close"
   under a slideshow in the story): the page's controls, not its text. */
static const char *const ui_words[] = {
    "close", "caption", "schließen", "fermer", "cerrar", "chiudi", "fechar", "sluiten",
    "zamknij", "закрыть", "关闭", "閉じる", NULL
};

/* Labels of ad slots and sponsored content in many languages; the whole
   block must be short for these to count. */
static const char *const ad_words[] = {
    "advertisement", "advertisements", "advertising", "advertise with", "advert", "adverts",
    "anzeige", "werbung",
    "publicité", "publicite", "publicidad", "pubblicità", "publicidade", "реклама",
    "广告", "広告", "광고", "reklama", "advertentie", "annonse", "annons", "mainos",
    "sponsored", "sponsored content", "paid content", "paid post", "promoted", "partner content",
    "ad", "ads", "story continues below advertisement", "article continues below advertisement",
    "continue reading below", "إعلان", "reklam", "διαφήμιση", "contenido patrocinado",
    "patrocinado", "contenu sponsorisé", "sponsorisé", "gesponsert", "sponsorizzato",
    "contenuto sponsorizzato", "conteúdo patrocinado", "новости партнёров", "новости партнеров",
    "партнерский материал", "на правах рекламы", "ads by ethicalads", "advertorial", "anzeigen",
    "pubblicita", "推广", "スポンサー", "プロモーション",
    "annonce", "reklame", "gesponsord", "sponsrad", "sponset", "sponsoreret", "hirdetés",
    "publicitat", "sponsorowane", "artykuł sponsorowany", "materiał sponsorowany",
    "sponzorováno", "sponzorované", "reklamní sdělení", NULL
};

static const char *const ad_prefixes[] = {
    "advertisement", "sponsored by", "presented by", "subscribe now", "subscribe to ",
    "subscribe for", "sign up for our", "sign up to our", "get our newsletter",
    "support our journalism", "already a subscriber", "become a member", "start your free trial",
    "download our app", "get the app", "paid for by", "реклама.", "реклама:",
    "anzeige -", "anzeige –", "anzeige:", "werbung:", "publicidad:", "publicité :", "publicité:",
    NULL
};

static const char *const rec_prefixes[] = {
    "related", "read more", "read also", "read next", "more from", "more stories",
    "more on this", "latest", "most read", "most popular", "most viewed", "popular",
    "trending", "you may also like", "you might also like", "recommended", "discover more",
    "also read", "see also", "what to read next", "up next", "top stories", "weiterlesen", "mehr zum thema", "lesen sie auch",
    "mehr auf ", "more great ",
    "noch mehr", "weitere inhalte", "weitere beiträge", "weitere themen", "top themen",
    "top-themen", "auch auf ", "weiter zu ",
    "das könnte sie auch", "lire aussi", "à lire aussi", "a lire aussi", "voir aussi",
    "leer más", "lea también", "te puede interesar", "leggi anche", "potrebbe interessarti",
    "leia também", "leia mais", "você pode gostar", "voce pode gostar", "veja também",
    "lees ook", "czytaj też", "czytaj także", "читайте также",
    "weitere meldungen", "weitere nachrichten", "weitere interessante",
    "meistgeklickt", "meistkommentiert", "am meisten gelesen",
    "les plus commentés", "más leídas", "i più letti", "recent posts", "recent articles", "latest posts", "just in", "must read",
    "further reading", "read the latest", "más recientes", "lo último", "ultime notizie",
    "ultimi articoli", "per saperne di più", "am häufigsten gelesen", "neueste beiträge",
    "neueste artikel", "aktuelle beiträge", "weitere rezepte", "derniers articles",
    "articles récents", "entradas recientes", "articles liés", "dazu passend",
    "editors' recommendations", "editor's recommendations", "imperdibles", "en portada",
    "más sobre", "das könnte dich auch", "besonders beliebt", "articles les plus lus",
    "las más leídas", "lo más popular",
    "most commented", "most shared", "most emailed", "mehr zu ", "más vistas", "lo más visto",
    "letzte artikel", "letzte beiträge", "letzte blogartikel", "neuste artikel",
    "neuste beiträge", "mehr interessantes", "i più commentati", "les plus partagés",
    "читайте еще", "самые популярные", "популярное", "相关", "推荐", "関連記事", "おすすめ",
    "read this next", "don't miss", "recommended for you", "more in ", "also on ", "more like this",
    "notas relacionadas", "noticias relacionadas", "artículos relacionados", "te recomendamos",
    "más noticias", "lo más leído", "también te puede interesar", "auch interessant",
    "das könnte sie auch interessieren", "weitere artikel", "ähnliche artikel",
    "ähnliche beiträge", "relacionado", "correlati",
    "passend zum thema", "meistgelesen", "à lire également", "sur le même sujet", "les plus lus",
    "articles similaires", "dans la même rubrique", "articoli correlati", "più letti",
    "ti potrebbe interessare", "notícias relacionadas", "mais lidas", "gerelateerde artikelen",
    "meer nieuws", "zobacz też", "zobacz także", "przeczytaj też", "przeczytaj także",
    "najczęściej czytane", "похожие статьи", "相关文章", "相关阅读", "猜你喜欢",
    "contenido relacionado", "contenidos relacionados", "verwandte beiträge", "verwandte artikel",
    "verwandte themen", "ähnliche themen", "die neuesten", "neueste meldungen", "neueste themen",
    "más en ", "mehr von ", "mehr aus ", "mehr zu:", "aktuelle berichte", "editor's pick",
    "editors' pick", "must watch", "other stories", "popular posts", "random posts",
    "blog posts", "letzte posts", "neueste posts", "beliebte beiträge", "beliebte artikel",
    "beliebt auf ", "top-artikel", "top artikel", "últimas noticias", "notas de interés",
    "przeczytaj również", "inne artykuły", "weitere pressemitteilungen",
    "ähnliche nachrichten", "ähnliche meldungen", "vous aimerez aussi", "vous aimerez peut-être",
    "weiterführende links", "weiterführende informationen", "weiterführende artikel",
    "interessante artikel", "también lea", "diese artikel könnten", "entdecke weitere",
    "our latest", "you may also be interested", "you might also be interested",
    "you may be interested in", "mais artigos", "más artículos",
    "more articles", "recommended reading", "in case you missed it", "more to explore",
    "auch lesenswert", "zum weiterlesen", "ebenfalls interessant",
    "à voir aussi", "à découvrir aussi", "articles recommandés", "vous pourriez aussi aimer",
    "ces articles pourraient", "nos derniers articles", "sur le même thème",
    "artículos recomendados", "otras noticias", "quizás te interese", "puede interesarte",
    "potrebbero interessarti", "altri articoli", "da non perdere",
    "você também pode gostar", "outras notícias", "mais notícias",
    "meest gelezen", "ook interessant", "polecamy", "podobne artykuły",
    "więcej artykułów", "по теме", "другие новости", "еще по теме", "läs också", "läs även",
    "mest läst", "relaterade artiklar", "les også", "læs også", "mest lest", "mest læste",
    "čtěte také", "čtěte též", "související články", "nejčtenější", "súvisiace články",
    "ilgili haberler", "çok okunanlar", "bunlar da ilginizi", "kapcsolódó cikkek",
    "legolvasottabb", "lue myös", "luetuimmat", "διαβάστε επίσης", "σχετικά άρθρα",
    "das könnte ihnen", "das neueste", "neue artikel", "neue beiträge", "topmeldungen",
    "top-meldungen", "ähnliche neuigkeiten", "siste saker", "siste nytt",
    "les mer", "last news",
    "δείτε επίσης", "人気記事", "热门", "推荐阅读", "관련 기사", "많이 본", "인기 기사", NULL
};

/* Credits of a photo or a figure, and the story's sources. */
static const char *const credit_prefixes[] = {
    "photo:", "photos:", "photo by ", "photograph:", "photograph by ", "photographer:",
    "photographers:", "fotograf:", "fotografin:", "fotografie:", "fotógrafo:", "fotografo:",
    "image:", "images:",
    "image by ", "picture:", "credit:", "credits:", "photo credit", "image credit", "foto:",
    "fotos:", "foto: ", "bild:", "bilder:", "bildquelle", "crédit", "credit photo",
    "crédito", "créditos", "fonte:", "source:", "sources:", "quelle:", "quellen:", "fuente:",
    "fuentes:", "источник:", "фото:", "图片来源", "来源：", "출처", "abbildung", "abb.",
    "titelbild", "grafik:", "illustration:", "figure:", "imagen:", "immagine:", "zdjęcie:",
    "fot.", "legenda:", "beitragsbild",
    /* the line under an embedded post: whose it is */
    "a post shared by", "ein beitrag geteilt von", "une publication partagée par",
    "una publicación compartida de", "un post condiviso da", "een bericht gedeeld door", NULL
};

/* End notes of a story: where it first ran, who reported it. */
static const char *const note_prefixes[] = {
    "originally published", "first published", "this article was originally",
    "this article first appeared", "this story was originally", "this story first appeared",
    "this article was first", "this story was first", "this post was originally",
    "this article appeared", "this story appeared", "a version of this",
    "this article originally", "this story originally", "additional reporting",
    "reporting by", "editing by", "edited by", "written by", "compiled by",
    "ursprünglich erschienen", "zuerst erschienen", "dieser artikel erschien",
    "dieser beitrag erschien", "dieser text erschien", "mit material von",
    "cet article a été publié", "cet article a initialement", "publié initialement",
    "article publié", "este artículo fue publicado", "publicado originalmente",
    "artículo publicado", "con información de", "questo articolo è stato pubblicato",
    "pubblicato originariamente", "este artigo foi publicado", "publicado originalmente em",
    "deze tekst verscheen", "dit artikel verscheen", "статья впервые опубликована",
    NULL
};

/* A byline opens so, with a capital after it ("By Mary Holm"). */
static const char *const by_prefixes[] = { "by ", "von ", "por ", "par ", "door ", "di ",
                                            "author ", "autor ", "autorin ", "text: ", NULL };

/* Page furniture that reads like a line of the story: a table of contents'
   heading, "was this article helpful?" and rating widgets. */
static const char *const widget_prefixes[] = {
    "table of contents", "contents", "inhaltsverzeichnis", "inhalt", "índice", "indice",
    "sommaire", "table des matières", "spis treści", "содержание", "inhoudsopgave", "目次", "目录",
    "related topics", "related tags", "temas relacionados", "verwandte themen",
    "sujets associés", "argomenti correlati", "assuntos relacionados",
    "was this article helpful", "was this helpful", "was this page helpful",
    "did you find this article", "did you find this helpful", "rate this article",
    "war der artikel", "war dieser artikel", "war dieser beitrag", "fanden sie diesen",
    "hat ihnen der artikel", "hat ihnen dieser artikel", "möchten sie den artikel",
    "artikel bewerten", "beitrag bewerten", "cet article vous a", "¿te ha resultado útil",
    "¿te resultó útil", "¿fue útil", "¿le resultó útil", "questo articolo ti è stato utile",
    "este artigo foi útil", "about the author", "über den autor", "über die autorin",
    "sobre el autor", "sobre la autora", "sobre o autor", "à propos de l'auteur",
    "sull'autore", "o autorze", "об авторе", "about the writer", "author bio", "autoreninfo",
    "über die autoren", "zum autor", "zur autorin", "zur person", "à propos de l’auteur",
    "(noch keine bewertungen", "noch keine bewertungen",
    "no ratings yet", "(no ratings yet", "be sociable, share", NULL
};

/* Share and follow controls, in many languages. */
static const char *const share_prefixes[] = {
    "share", "deel dit", "delen", "partager", "partagez", "teilen", "artikel teilen", "compartir",
    "comparte", "condividi", "compartilhe", "compartilhar", "поделиться", "شارك", "分享",
    "シェア", "udostępnij", "follow us", "folge uns", "suivez-nous", "síguenos", "seguici",
    "tag @", "email this", "print this", "click to share", "klicken, um", "klick, um",
    "cliquez pour partager", "haz clic para compartir", "teile diesen", "teilen sie diesen",
    "like it? share", "social share", "artikel drucken", "beitrag drucken",
    "print article", "view author archive", "email the author", "follow on twitter",
    "follow @", "follow my blog", "folgt mir", "folge mir", "folgen sie uns",
    "suivez-moi", "síganos", "siga-nos", "siga las noticias", "segui le notizie", NULL
};

/* Bytes with ASCII capitals lower-cased. */
#define LOWER1(c) ((c) >= 'A' && (c) <= 'Z' ? (c) | 0x20 : (c))
#define LOWER4(c) LOWER1(c), LOWER1((c) + 1), LOWER1((c) + 2), LOWER1((c) + 3)
#define LOWER16(c) LOWER4(c), LOWER4((c) + 4), LOWER4((c) + 8), LOWER4((c) + 12)
#define LOWER64(c) LOWER16(c), LOWER16((c) + 16), LOWER16((c) + 32), LOWER16((c) + 48)
static const unsigned char lower[256] = { LOWER64(0), LOWER64(64), LOWER64(128), LOWER64(192) };

/* Folds eight ASCII bytes at once into out, or returns 0 if one is not:
   a byte's top bit, after adding 0x3F and 0x25, says it is at least 'A'
   and above 'Z' (no carries). */
static int lower8(const unsigned char *in, char *out)
{
    uint64_t w;
    memcpy(&w, in, 8);
    if (w & 0x8080808080808080u)
        return 0;
    w |= (((w + 0x3F3F3F3F3F3F3F3Fu) ^ (w + 0x2525252525252525u)) & 0x8080808080808080u) >> 2;
    memcpy(out, &w, 8);
    return 1;
}

/* The small letter of a capital of Latin Extended-A (U+0100-U+017F: pairs
   of capital and small, but U+0138, U+0149 and U+017F stand alone and Ÿ's
   small letter is U+00FF) or of Greek (U+0391-U+03A9), else cp.  Both
   letters take two bytes in UTF-8. */
static unsigned fold2(unsigned cp)
{
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
        return cp + 0x20;
    if (cp == 0x178)
        return 0xFF;
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
        return cp | 1;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return cp + (cp & 1);
    return cp;
}

/* Drops the soft hyphens (U+00AD) from out[0..k), which a word may hold
   anywhere ("News&shy;let&shy;ter"): they are no part of it.  Returns the
   new length. */
static size_t drop_soft_hyphens(char *out, size_t k)
{
    size_t w = 0;
    if (memchr(out, 0xC2, k) == NULL)
        return k;
    for (size_t r = 0; r < k; r++) {
        if ((unsigned char)out[r] == 0xC2 && r + 1 < k && (unsigned char)out[r + 1] == 0xAD) {
            r++;
            continue;
        }
        out[w++] = out[r];
    }
    return w;
}

/* The text with letters lower-cased (ASCII, Latin-1, Latin Extended-A,
   Greek and Cyrillic capitals) and trailing punctuation
   and spaces dropped, into out; returns its length. */
size_t pith_text_fold(const char *s, size_t n, char *out, size_t cap)
{
    const unsigned char *u = (const unsigned char *)s, *in;
    size_t i = 0, j = 0, k, m, rest;
    /* leading decoration: "- Pubblicità -", "» Publicidade", "• Anzeige" */
    while (i < n && (u[i] == ' ' || u[i] == '-' || u[i] == '|' || u[i] == '*' || u[i] == '\n' ||
                     (u[i] == 0xC2 && i + 1 < n && (u[i + 1] == 0xBB || u[i + 1] == 0xAB ||
                                                   u[i + 1] == 0xB7)) ||
                     (u[i] == 0xE2 && i + 2 < n && u[i + 1] == 0x80 &&
                      (u[i + 2] == 0xA2 || u[i + 2] == 0x94 || u[i + 2] == 0x93))))
        i += u[i] < 0x80 ? 1 : u[i] == 0xC2 ? 2 : 3;
    /* every byte read gives one byte of out: out[j] for in[j], and
       k + 2 < cap holds while j < m */
    in = u + i;
    rest = n - i;
    m = cap < 3 ? 0 : rest < cap - 2 ? rest : cap - 2;
    while (j < m) {
        unsigned char c;
        if (m - j >= 8) {
            if (lower8(in + j, out + j)) {
                j += 8;
                continue;
            }
        } else if (m >= 8 && lower8(in + m - 8, out + m - 8)) {
            j = m;      /* the last eight, again: ASCII bytes fold alone */
            break;
        }
        c = in[j];
        if (c < 0xC3) {
            out[j] = (char)lower[c];             /* ASCII, UTF-8 below U+00C0 */
        } else if (c == 0xC3 && j + 1 < rest && in[j + 1] >= 0x80 && in[j + 1] <= 0x9E &&
                   in[j + 1] != 0x97) {
            out[j] = (char)c;                    /* Latin-1 capitals: À-Þ */
            out[j + 1] = (char)(in[j + 1] + 0x20);
            j++;
        } else if (c == 0xD0 && j + 1 < rest && in[j + 1] >= 0x90 && in[j + 1] <= 0xAF) {
            /* Cyrillic А-Я: а-п stay in D0, р-я move to D1 */
            unsigned char d = in[j + 1];
            out[j] = (char)(d < 0xA0 ? 0xD0 : 0xD1);
            out[j + 1] = (char)(d < 0xA0 ? d + 0x20 : d - 0x20);
            j++;
        } else if (c == 0xD0 && j + 1 < rest && in[j + 1] == 0x81) {
            out[j] = (char)0xD1;                 /* Ё */
            out[j + 1] = (char)0x91;
            j++;
        } else if ((c == 0xC4 || c == 0xC5 || c == 0xCE) && j + 1 < rest &&
                   (in[j + 1] & 0xC0) == 0x80) {
            /* Latin Extended-A (Č, Ł, Ś, Ż, Ő) and Greek (Α-Ω) capitals */
            unsigned cp = ((c & 0x1Fu) << 6) | (in[j + 1] & 0x3Fu), lc = fold2(cp);
            out[j] = (char)(0xC0 | (lc >> 6));
            out[j + 1] = (char)(0x80 | (lc & 0x3F));
            j++;
        } else {
            out[j] = (char)c;
        }
        j++;
    }
    k = drop_soft_hyphens(out, j);
    /* trailing decoration */
    while (k && (out[k - 1] == ' ' || out[k - 1] == '.' || out[k - 1] == ':' ||
                 out[k - 1] == '\n' || out[k - 1] == '-' || out[k - 1] == '|' || out[k - 1] == '*'))
        k--;
    while (k >= 2 && (unsigned char)out[k - 2] == 0xC2 &&
           ((unsigned char)out[k - 1] == 0xAB || (unsigned char)out[k - 1] == 0xBB))
        k -= 2;
    while (k && out[k - 1] == ' ')
        k--;
    out[k] = '\0';
    return k;
}

int pith_text_in_words(const char *t, const char *const *list)
{
    for (; *list; list++)
        if (**list == *t && !strcmp(t, *list))
            return 1;
    return 0;
}

/* Photo agencies: a short line naming one after a '/', " - ", '|' or "©"
   ("AFP / Marco Bertorello", "Augusta National/Getty Images", "Jan Berg -
   Adobe Stock"), or a caption that ends in such a credit after a "©", is a
   photo credit without its "Photo:". */
static const char *const agencies[] = {
    "afp", "dpa", "reuters", "getty images", "imago", "picture alliance", "picture-alliance",
    "shutterstock", "istock", "epa", "keystone", "ansa", "efe", "ap photo", "adobe stock",
    "stock.adobe.com", "gettyimages", "unsplash", "pixabay", "pexels", "fotolia",
    "depositphotos", "123rf", "dreamstime", "alamy", "kna", "epd",
    /* news agencies of more countries */
    "pti", "ians", "upi", "xinhua", "kyodo", "yonhap", "tass", "apa", "sda", "anp", "belga",
    "lusa", "europa press", "ntb", "ctk", "anadolu", NULL
};

static int agency_credit(const char *t, unsigned words)
{
    if (words <= 3) {           /* the agency alone: "Shutterstock", "Reuters, Washington," */
        for (const char *const *a = agencies; *a; a++) {
            size_t n;
            if (**a != *t)
                continue;
            n = strlen(*a);
            if (!strncmp(t, *a, n) && !isalpha((unsigned char)t[n]))
                return 1;
        }
    }
    if (!strchr(t, '/') && !strstr(t, " - ") && !strstr(t, "\xc2\xa9") && !strchr(t, '|'))
        return 0;
    for (const char *const *a = agencies; *a; a++) {
        size_t n = strlen(*a);
        for (const char *p = strstr(t, *a); p; p = strstr(p + 1, *a))
            if ((p == t || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[n]))
                return 1;
    }
    return 0;
}

/* What a block's words say, read once per block. */

/* The phrases that count anywhere in a block's folded text, with their cue:
   "cookie" (a consent notice); promotions of the site's own products
   (subscriptions, newsletters, apps); boilerplate that reads like prose
   (consent notices, promotions, calls to follow or subscribe); headings of
   sponsored teaser widgets; disclosures; bylines.  scan_any looks for all of
   them in one pass; one that opens with a Latin letter counts only where a
   word opens (word_start).  Each is at least five bytes long (PH does not compile
   a shorter one: an array of -1 bytes), as scan_any needs. */
#define PH(text, cue) { text, sizeof text - 1 + 0 * sizeof(char[sizeof text > 5 ? 1 : -1]), cue }
static const struct phrase {
    const char *text;
    unsigned char len;
    unsigned short cue;
} phrases[] = {
    PH("cookie", TX_COOKIE),
    PH("subscri", TX_UPSELL), PH("newsletter", TX_UPSELL), PH("sign up", TX_UPSELL),
    PH("premium", TX_UPSELL), PH("paywall", TX_UPSELL), PH("free trial", TX_UPSELL),
    PH("abonn", TX_UPSELL), PH("suscr", TX_UPSELL), PH("assine", TX_UPSELL),
    PH("abbonati", TX_UPSELL), PH("подпис", TX_UPSELL), PH("订阅", TX_UPSELL), PH("購読", TX_UPSELL),
    PH("kündbar", TX_UPSELL), PH("jetzt testen", TX_UPSELL), PH("für nur", TX_UPSELL),
    PH("有料会員", TX_UPSELL), PH("無料", TX_UPSELL), PH("月額", TX_UPSELL), PH("会員登録", TX_UPSELL),
    PH("per month", TX_UPSELL), PH("/month", TX_UPSELL),
    PH("% off", TX_UPSELL), PH("free delivery", TX_UPSELL), PH("free shipping", TX_UPSELL),
    PH("ads by", TX_UPSELL), PH("cancel anytime", TX_UPSELL), PH("cancel at any time", TX_UPSELL),
    PH("cancela cuando quieras", TX_UPSELL), PH("sans engagement", TX_UPSELL),
    /* a reader-revenue appeal: the site speaks of its own journalism */
    PH("our journalism", TX_UPSELL), PH("unseren journalismus", TX_UPSELL),
    PH("diesen journalismus", TX_UPSELL), PH("unabhängigen journalismus", TX_UPSELL),
    PH("independent journalism", TX_UPSELL), PH("nuestro periodismo", TX_UPSELL),
    PH("periodismo independiente", TX_UPSELL), PH("notre journalisme", TX_UPSELL),
    PH("nosso jornalismo", TX_UPSELL), PH("il nostro giornalismo", TX_UPSELL),
    PH("apoya el periodismo", TX_UPSELL),
    PH("delivered to your door", TX_UPSELL), PH("home delivery", TX_UPSELL),
    PH("hazte miembro", TX_UPSELL), PH("become a member", TX_UPSELL),
    PH("devenez membre", TX_UPSELL), PH("mitglied werden", TX_UPSELL),
    PH("t&cs apply", TX_UPSELL), PH("gambleaware", TX_UPSELL), PH("free spins", TX_UPSELL),
    PH("free bet", TX_UPSELL), PH("gamble responsibly", TX_UPSELL),
    PH("cookie", TX_BOILER), PH("subscribe", TX_BOILER), PH("newsletter", TX_BOILER),
    PH("sign up", TX_BOILER), PH("all rights reserved", TX_BOILER), PH("javascript", TX_BOILER),
    PH("your browser", TX_BOILER), PH("follow us", TX_BOILER), PH("terms of use", TX_BOILER),
    PH("privacy policy", TX_BOILER), PH("terms of service", TX_BOILER),
    PH("click here", TX_BOILER), PH("download the app", TX_BOILER), PH("log in", TX_BOILER),
    PH("sign in", TX_BOILER), PH("copyright", TX_BOILER), PH("ohne gewähr", TX_BOILER),
    /* the post's category and tag line under a blog post (WordPress's words) */
    PH("this entry was posted", TX_BOILER), PH("bookmark the permalink", TX_BOILER),
    PH("dieser eintrag wurde veröffentlicht", TX_BOILER),
    PH("lesezeichen auf den permalink", TX_BOILER), PH("ce contenu a été publié dans", TX_BOILER),
    PH("esta entrada fue publicada en", TX_BOILER),
    PH("questa voce è stata pubblicata", TX_BOILER),
    /* the site's notes on its comments and forum, and its tip line */
    PH("recht auf veröffentlichung", TX_BOILER), PH("comments are moderated", TX_BOILER),
    PH("kommentare werden moderiert", TX_BOILER), PH("comment policy", TX_BOILER),
    PH("commenting policy", TX_BOILER), PH("netiquette", TX_BOILER),
    PH("have a tip?", TX_BOILER), PH("got a tip?", TX_BOILER), PH("news tip", TX_BOILER),
    PH("users browsing this forum", TX_BOILER),
    PH("alle rechte vorbehalten", TX_BOILER), PH("tous droits réservés", TX_BOILER),
    PH("derechos reservados", TX_BOILER), PH("diritti riservati", TX_BOILER),
    PH("direitos reservados", TX_BOILER),
    PH("support our work", TX_UPSELL), PH("supporting our work", TX_UPSELL),
    PH("offre découverte", TX_UPSELL), PH("par mois", TX_UPSELL), PH("pro monat", TX_UPSELL),
    PH("probeabo", TX_UPSELL), PH("probeheft", TX_UPSELL), PH("testlesen", TX_UPSELL), PH("e-paper", TX_UPSELL), PH("digitale ausgabe", TX_UPSELL),
    PH("boletín", TX_UPSELL), PH("jetzt spenden", TX_UPSELL), PH("faire un don", TX_UPSELL),
    PH("donate now", TX_UPSELL), PH("dona ahora", TX_UPSELL),
    PH("in your inbox", TX_UPSELL), PH("to your inbox", TX_UPSELL),
    PH("stay up to date", TX_UPSELL),
    PH("stay in touch", TX_UPSELL), PH("support independent", TX_UPSELL),
    PH("unterstütze ", TX_UPSELL), PH("unterstützen sie", TX_UPSELL),
    PH("uns unterstützen", TX_UPSELL), PH("uns zu unterstützen", TX_UPSELL),
    PH("jetzt unterstützen", TX_UPSELL), PH("klicks unterstützen", TX_UPSELL),
    PH("soutenez", TX_UPSELL),
    PH("apóyanos", TX_UPSELL), PH("sostienici", TX_UPSELL), PH("we need your help", TX_UPSELL),
    PH("ayúdanos", TX_UPSELL), PH("tu apoyo", TX_UPSELL), PH("nuestra app", TX_UPSELL),
    PH("ausgaben testen", TX_UPSELL), PH("ausgaben kostenlos", TX_UPSELL),
    PH("whitepaper", TX_UPSELL),
    PH("support us", TX_UPSELL), PH("make a contribution", TX_UPSELL),
    PH("unlimited access", TX_UPSELL), PH("email digest", TX_UPSELL),
    PH("through your letterbox", TX_UPSELL),
    /* the wall before the rest of the story: "Sie möchten weiterlesen?" */
    PH("möchten sie weiterlesen", TX_UPSELL), PH("gerne weiterlesen", TX_UPSELL),
    PH("möchten weiterlesen", TX_UPSELL), PH("pour lire la suite", TX_UPSELL),
    PH("to continue reading", TX_UPSELL), PH("para seguir leyendo", TX_UPSELL),
    PH("para continuar lendo", TX_UPSELL), PH("per continuare a leggere", TX_UPSELL),
    PH("kostenlos testen", TX_UPSELL),
    PH("gratis testen", TX_UPSELL), PH("versandkostenfrei", TX_UPSELL), PH("apoie", TX_UPSELL),
    PH("wesprzyj", TX_UPSELL), PH("prenumerat", TX_UPSELL), PH("subskrypc", TX_UPSELL),
    PH("app herunterladen", TX_UPSELL), PH("jetzt downloaden", TX_UPSELL),
    PH("auf dem laufenden", TX_UPSELL), PH("restez informé", TX_UPSELL),
    /* an app offered in its store, not a store named ("kein App Store mehr") */
    PH("im app store", TX_UPSELL), PH("the app store", TX_UPSELL), PH("im appstore", TX_UPSELL),
    PH("download on the", TX_UPSELL), PH("get it on google play", TX_UPSELL),
    PH("bei google play", TX_UPSELL), PH("auf google play", TX_UPSELL),
    PH("im google play", TX_UPSELL), PH("on google play", TX_UPSELL),
    PH("in google play", TX_UPSELL),
    PH("unsere app", TX_UPSELL), PH("our app", TX_UPSELL), PH("donation", TX_UPSELL),
    PH("spende", TX_UPSELL), PH("your support", TX_UPSELL), PH("gutschein", TX_UPSELL),
    PH("coupon", TX_UPSELL), PH("% rabatt", TX_UPSELL), PH("rabattcode", TX_UPSELL),
    PH("dauerrabatt", TX_UPSELL), PH("discount code", TX_UPSELL), PH("newsstand", TX_UPSELL),
    /* the site's own shop, book or magazine issue */
    PH("jetzt erhältlich", TX_UPSELL), PH("hier kaufen", TX_UPSELL), PH("bei amazon", TX_UPSELL),
    PH("am kiosk", TX_UPSELL), PH("aktuelles heft", TX_UPSELL), PH("aktuelle ausgabe", TX_UPSELL),
    PH("einzelheft", TX_UPSELL), PH("en librairie", TX_UPSELL), PH("en kiosque", TX_UPSELL),
    PH("buy the book", TX_UPSELL), PH("in stores now", TX_UPSELL),
    /* the links to the post before and after this one */
    PH("previous article", TX_PAGER), PH("next article", TX_PAGER),
    PH("previous post", TX_PAGER), PH("next post", TX_PAGER), PH("older post", TX_PAGER),
    PH("newer post", TX_PAGER), PH("vorheriger beitrag", TX_PAGER),
    PH("nächster beitrag", TX_PAGER), PH("vorheriger artikel", TX_PAGER),
    PH("nächster artikel", TX_PAGER), PH("article précédent", TX_PAGER),
    PH("article suivant", TX_PAGER), PH("artículo anterior", TX_PAGER),
    PH("artículo siguiente", TX_PAGER), PH("entrada anterior", TX_PAGER),
    PH("entrada siguiente", TX_PAGER), PH("articolo precedente", TX_PAGER),
    PH("articolo successivo", TX_PAGER),
    /* a job offered, as the law has it said in Germany, Austria and France:
       the title of a job advertisement */
    PH("(m/w/d)", TX_JOB), PH("(w/m/d)", TX_JOB), PH("(m/f/d)", TX_JOB), PH("(f/m/d)", TX_JOB),
    PH("(d/m/w)", TX_JOB), PH("(m/w/x)", TX_JOB), PH("(w/m/x)", TX_JOB), PH("(m/f/x)", TX_JOB),
    PH("(f/m/x)", TX_JOB), PH("(m/w/i)", TX_JOB), PH("(h/f)", TX_JOB), PH("(f/h)", TX_JOB),
    PH("(h/f/x)", TX_JOB), PH("(m/w)", TX_JOB), PH("(w/m)", TX_JOB),
    /* an ad marked as one in brackets: "... (Anzeige)" */
    PH("(anzeige)", TX_DISCLOSE), PH("[anzeige]", TX_DISCLOSE), PH("(werbung)", TX_DISCLOSE),
    PH("[werbung]", TX_DISCLOSE), PH("(advertisement)", TX_DISCLOSE), PH("(publicidad)", TX_DISCLOSE),
    PH("(publicité)", TX_DISCLOSE), PH("(pubblicità)", TX_DISCLOSE), PH("(sponsored)", TX_DISCLOSE),
    PH("help us continue", TX_UPSELL), PH("make a donation", TX_UPSELL),
    PH("sponsored", TX_SPONSORED), PH("promoted stories", TX_SPONSORED),
    PH("promoted content", TX_SPONSORED),
    PH("promoted links", TX_SPONSORED), PH("paid content", TX_SPONSORED),
    PH("by taboola", TX_SPONSORED), PH("by outbrain", TX_SPONSORED),
    PH("partner content", TX_SPONSORED), PH("partner news", TX_SPONSORED),
    PH("from our partners", TX_SPONSORED), PH("around the web", TX_SPONSORED),
    PH("patrocinado", TX_SPONSORED), PH("sponsorisé", TX_SPONSORED),
    PH("gesponsert", TX_SPONSORED), PH("новости партнёров", TX_SPONSORED),
    PH("новости партнеров", TX_SPONSORED),
    PH("presented by", TX_SPONSORED), PH("präsentiert von", TX_SPONSORED),
    PH("présenté par", TX_SPONSORED), PH("presentado por", TX_SPONSORED),
    PH("erid:", TX_SPONSORED),      /* the token Russian law puts on every online ad */
    /* disclosures of affiliate links and paid mentions */
    PH("affiliate link", TX_DISCLOSE), PH("affiliate-link", TX_DISCLOSE),
    PH("affiliatelink", TX_DISCLOSE), PH("affiliate partner", TX_DISCLOSE),
    PH("provisionslink", TX_DISCLOSE), PH("provisions-link", TX_DISCLOSE),
    PH("werbelink", TX_DISCLOSE), PH("partnerlink", TX_DISCLOSE),
    PH("may earn a commission", TX_DISCLOSE), PH("may receive a commission", TX_DISCLOSE),
    PH("earn a small commission", TX_DISCLOSE), PH("receive a small commission", TX_DISCLOSE),
    PH("from one or more of our advertisers", TX_DISCLOSE),
    PH("links to online retail stores", TX_DISCLOSE), PH("enlaces de afiliado", TX_DISCLOSE),
    PH("enlaces de afiliados", TX_DISCLOSE), PH("liens affiliés", TX_DISCLOSE),
    PH("liens d'affiliation", TX_DISCLOSE), PH("link di affiliazione", TX_DISCLOSE),
    PH("links de afiliado", TX_DISCLOSE), PH("may receive compensation", TX_DISCLOSE),
    PH("may be compensated", TX_DISCLOSE), PH("advertisers do not influence", TX_DISCLOSE),
    /* what a byline or a dateline says (counted in short blocks) */
    PH("published by", TX_BYLINE), PH("posted by", TX_BYLINE), PH("written by", TX_BYLINE),
    PH("published on", TX_BYLINE), PH("posted on", TX_BYLINE), PH("last updated", TX_BYLINE),
    PH("publicado por", TX_BYLINE), PH("escrito por", TX_BYLINE), PH("publicado el", TX_BYLINE),
    PH("publicado em", TX_BYLINE), PH("actualizado el", TX_BYLINE), PH("publié par", TX_BYLINE),
    PH("publié le", TX_BYLINE), PH("mis à jour le", TX_BYLINE), PH("rédigé par", TX_BYLINE),
    PH("pubblicato da", TX_BYLINE), PH("pubblicato il", TX_BYLINE), PH("scritto da", TX_BYLINE),
    PH("veröffentlicht von", TX_BYLINE), PH("veröffentlicht am", TX_BYLINE),
    PH("aktualisiert am", TX_BYLINE), PH("geschrieben von", TX_BYLINE),
    PH("gepubliceerd op", TX_BYLINE), PH("opublikowano", TX_BYLINE), PH("опубликовано", TX_BYLINE),
    PH("发布时间", TX_BYLINE), PH("投稿日", TX_BYLINE),
    /* the author named after a label: "Author: ...", "Autorin: ..." */
    PH("author:", TX_BYLINE), PH("authors:", TX_BYLINE), PH("autor:", TX_BYLINE),
    PH("autorin:", TX_BYLINE), PH("autoren:", TX_BYLINE), PH("auteur :", TX_BYLINE),
    PH("auteur:", TX_BYLINE), PH("autore:", TX_BYLINE), PH("autora:", TX_BYLINE),
    PH("verfasser:", TX_BYLINE), PH("verfasst von", TX_BYLINE)
};
#define NPHRASES (sizeof phrases / sizeof phrases[0])

/* The index of the lists (pith_classify.cues, index_cues): every word or
   phrase by a hash of four of its bytes, its key, in two tables: those that
   count at the start of the text (read once, keyed by their first four
   bytes) and those that count anywhere in it (phrases[], at least five
   bytes long: PH), each there twice, keyed by its bytes 0-3 and 1-4: an
   occurrence starting at an even byte of the text is found by the key of
   the first, one starting at an odd byte by that of the second, and the
   text is read at every other byte only.  The few words under four bytes
   ("ad", "by ") are keyed by their first byte alone.  An entry counts only
   as the whole text if whole is set. */
enum { AT_ANY, AT_START, AT_WHOLE };
#define CUE_BY (1u << 15)       /* opens with a word of by_prefixes: not a TX_ bit */

static const struct cue_list {
    const char *const *words;
    unsigned short bits;
    unsigned char at;
} cue_lists[] = {
    { ad_words, TX_ADWORD, AT_WHOLE }, { ui_words, TX_WIDGET, AT_WHOLE },
    { ad_prefixes, TX_ADPREFIX, AT_START },
    { rec_prefixes, TX_RECPREFIX, AT_START }, { share_prefixes, TX_SHARE, AT_START },
    { credit_prefixes, TX_CREDIT, AT_START }, { note_prefixes, TX_NOTE, AT_START },
    { widget_prefixes, TX_WIDGET, AT_START }, { by_prefixes, CUE_BY, AT_START }
};
#define NWORDS(list) (sizeof list / sizeof list[0] - 1)
_Static_assert(2 * NPHRASES + NWORDS(ad_words) + NWORDS(ui_words) + NWORDS(ad_prefixes) +
               NWORDS(rec_prefixes) +
               NWORDS(share_prefixes) + NWORDS(credit_prefixes) + NWORDS(note_prefixes) +
               NWORDS(widget_prefixes) + NWORDS(by_prefixes) <= CLS_CUE_ENTRIES,
               "the index holds every word of the lists");

static uint32_t word4(const char *s)
{
    uint32_t w;
    memcpy(&w, s, 4);
    return w;
}

static unsigned any_slot(uint32_t w)
{
    return (uint32_t)(w * 2654435761u) >> 20;
}

static unsigned start_slot(uint32_t w)
{
    return (uint32_t)(w * 2654435761u) >> 22;
}
_Static_assert(CLS_CUE_ANY == 1 << 12 && CLS_CUE_START == 1 << 10,
               "any_slot gives 12 bits, start_slot 10");

static void add_cue(struct cls_cues *x, const char *text, size_t len, unsigned bits, int at,
                    unsigned off)
{
    struct cls_cue *e = &x->entry[x->n];
    unsigned short *head;
    e->text = text;
    e->len = (unsigned char)len;
    e->bits = (unsigned short)bits;
    e->whole = at == AT_WHOLE;
    e->off = off & 1;
    e->key = len >= 4 ? word4(text + off) : (unsigned char)text[0];
    head = at == AT_ANY ? &x->any[any_slot(e->key)] : &x->start[start_slot(e->key)];
    x->next[x->n] = *head;
    *head = (unsigned short)++x->n;
}

/* Builds the index, once a filter. */
static void index_cues(struct cls_cues *x)
{
    memset(x, 0, sizeof *x);
    for (unsigned off = 0; off < 2; off++) {
        for (size_t i = 0; i < NPHRASES; i++)
            add_cue(x, phrases[i].text, phrases[i].len, phrases[i].cue, AT_ANY, off);
    }
    for (size_t i = 0; i < sizeof cue_lists / sizeof cue_lists[0]; i++)
        for (const char *const *w = cue_lists[i].words; *w; w++)
            add_cue(x, *w, strlen(*w), cue_lists[i].bits, cue_lists[i].at, 0);
    x->ready = 1;
}

/* May a phrase that opens at t[i] be read there: unless it opens with a
   Latin letter, always; else if the character before it is no letter or
   digit (a multibyte character is taken for a letter, but for the
   no-break space, the guillemets and the punctuation of U+2000-U+206F:
   quotes, dashes).  A phrase inside a longer word is another word
   ("Eizellspende" is no "spende", "suspended" no "spende", "your apps" no
   "our app"); one that opens with a digit, a sign or a CJK character is
   read anywhere ("20% off"). */
static int word_start(const char *t, size_t i)
{
    const unsigned char *u = (const unsigned char *)t;
    unsigned char b;
    if (i == 0 || !(u[i] >= 'a' && u[i] <= 'z'))
        return 1;
    b = u[i - 1];
    if (b < 0x80)
        return !((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9'));
    if (i >= 2 && u[i - 2] == 0xc2 && (b == 0xa0 || b == 0xab || b == 0xbb))
        return 1;
    return i >= 3 && u[i - 3] == 0xe2 && (u[i - 2] == 0x80 || u[i - 2] == 0x81);
}

/* A counter of the page's views: a number beside "views", "Aufrufe",
   "visited" ("37 views", "Post Views: 1.432", "Visited 215 times"). */
static const char *const view_words[] = {
    "views", "view", "visited", "visits", "aufrufe", "mal gelesen", "vues", "visualizaciones",
    "visualizações", "visualizzazioni", "wyświetleń", "просмотров", NULL
};

static int view_count(const char *t, size_t n)
{
    for (const char *const *w = view_words; *w; w++) {
        size_t k = strlen(*w);
        for (const char *p = strstr(t, *w); p; p = strstr(p + 1, *w)) {
            size_t i = (size_t)(p - t), j = i + k;
            const char *q;
            if (!word_start(t, i) || (j < n && isalpha((unsigned char)t[j])))
                continue;
            /* the number right after it (": 1.432") or right before it */
            while (j < n && (t[j] == ':' || t[j] == ' '))
                j++;
            if (j < n && isdigit((unsigned char)t[j]))
                return 1;
            for (q = p; q > t && q[-1] == ' '; q--)
                ;
            if (q > t && isdigit((unsigned char)q[-1]))
                return 1;
        }
    }
    return 0;
}

/* The cues of the entries in chain k (of the anywhere table) that occur in
   t[0..n) where their key is the word w at byte j. */
static unsigned any_at(const struct cls_cues *x, unsigned k, uint32_t w, const char *t, size_t n,
                       size_t j)
{
    unsigned found = 0;
    for (; k; k = x->next[k - 1]) {
        const struct cls_cue *e = &x->entry[k - 1];
        if (e->key == w && j >= e->off && e->len <= n - (j - e->off) &&
            !memcmp(t + j - e->off, e->text, e->len) && word_start(t, j - e->off))
            found |= e->bits;
    }
    return found;
}

/* The cues of the phrases that occur anywhere in t[0..n), in one pass over
   every other byte (each phrase is at least five bytes long). */
static unsigned scan_any(const struct cls_cues *x, const char *t, size_t n)
{
    unsigned found = 0;
    if (n < 4)
        return 0;
    for (const char *p = t, *end = t + n - 3; p < end; p += 2) {
        uint32_t w = word4(p);
        unsigned k = x->any[any_slot(w)];
        if (k)
            found |= any_at(x, k, w, t, n, (size_t)(p - t));
    }
    return found;
}

/* Does entry e open t[0..n) (or is it t, if whole)?  Its first four bytes
   (its key) are t's, or if it is shorter its first byte. */
static int opens(const struct cls_cue *e, const char *t, size_t n)
{
    size_t known = e->len < 4 ? 1 : 4;
    return e->len <= n && (!e->whole || e->len == n) &&
           !memcmp(t + known, e->text + known, e->len - known);
}

/* The cues of the prefixes and whole texts t[0..n) matches, block b's text
   folded; CUE_BY when it reads as a byline: a word of by_prefixes and a
   capital after it in the text ("By Mary Holm"). */
static unsigned scan_start(const struct cls_cues *x, const char *t, size_t n, const pith_block *b)
{
    unsigned found = 0;
    /* the keys of t: its first byte, and its first four bytes */
    uint32_t key[2] = { (unsigned char)t[0], n >= 4 ? word4(t) : 0 };
    for (int i = n >= 4; i >= 0; i--) {
        for (unsigned k = x->start[start_slot(key[i])]; k; k = x->next[k - 1]) {
            const struct cls_cue *e = &x->entry[k - 1];
            if (e->key != key[i] || !opens(e, t, n))
                continue;
            if (!(e->bits & CUE_BY))
                found |= e->bits;
            else if (b->text.len > e->len &&
                     ((b->text.data[e->len] >= 'A' && b->text.data[e->len] <= 'Z') ||
                      (unsigned char)b->text.data[e->len] >= 0xC3))
                found |= CUE_BY;
        }
    }
    return found;
}

/* Does folded text t[0..n) hold a date: a year (1900-2099) with a day or
   month number beside it ("10. April 2019", "July 30, 2019"), or three
   numbers joined by '.', '/' or '-' ("23.10.2018", "2019-04-10")? */
static int holds_date(const char *t, size_t n)
{
    int year = 0, small = 0, run = 0;
    char sep = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i, v = 0;
        if (t[i] < '0' || t[i] > '9') {
            i++;
            continue;
        }
        for (; j < n && t[j] >= '0' && t[j] <= '9' && j - i < 6; j++)
            v = v * 10 + (size_t)(t[j] - '0');
        if (j - i == 4 && v >= 1900 && v <= 2099)
            year = 1;
        else if (j - i <= 2 && v >= 1 && v <= 31)
            small = 1;
        /* numbers joined by one separator: the third one makes a date */
        if (run && j - i <= 4 && i > 0 && t[i - 1] == sep)
            run++;
        else
            run = j - i <= 4 ? 1 : 0;
        sep = j < n && (t[j] == '.' || t[j] == '/' || t[j] == '-') ? t[j] : 0;
        if (sep == 0 && run < 3)
            run = 0;
        if (run >= 3 || (year && small))
            return 1;
        i = j;
    }
    return 0;
}

/* Does folded text t[0..n) end with a count in parentheses, "(23)", not a
   year ("(2019)")?  An archive's month or a category with its posts. */
static int ends_with_count(const char *t, size_t n)
{
    size_t i, v = 0, k = 1;
    if (n < 4 || t[n - 1] != ')')
        return 0;
    for (i = n - 1; i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9' && n - i <= 6; i--, k *= 10)
        v += k * (size_t)(t[i - 1] - '0');
    return i > 0 && i < n - 1 && t[i - 1] == '(' && n - 1 - i <= 5 &&
           !(n - 1 - i == 4 && v >= 1900 && v <= 2099);
}

/* Is folded text t[0..n) mostly web addresses ("Links: www.example.org",
   "2 https://doi.org/10.1000/1"): are three fifths of its bytes in words
   that hold "://" or open with "www."? */
static int web_addresses(const char *t, size_t n)
{
    size_t in = 0, all = 0, i = 0;
    while (i < n) {
        size_t j = i;
        int addr = n - i > 4 && !strncmp(t + i, "www.", 4);
        for (; j < n && t[j] != ' '; j++)
            if (j + 3 <= n && t[j] == ':' && t[j + 1] == '/' && t[j + 2] == '/')
                addr = 1;
        all += j - i;
        if (addr)
            in += j - i;
        i = j + 1;
    }
    return all && in * 5 >= all * 3;
}

/* Ad labels that close a teaser's text (the bracketed ones are
   disclosures anywhere): after a space ("... Ad Feature"), or, the words
   that also end a title ("sponsored", "promoted"), after a separator
   ("... | Anzeige", "... - Sponsored"). */
struct tail { const char *s; unsigned char len; };
#define TL(s) { s, sizeof s - 1 }
static const struct tail tail_alone[] = {
    TL("ad feature"), TL("advertorial"), TL("paid content"), TL("paid post"),
    TL("sponsored content"), TL("partner content"), TL("contenido patrocinado"),
    TL("contenu sponsorisé"), TL("gesponsert"), { NULL, 0 }
};
static const struct tail tail_marked[] = {
    TL("anzeige"), TL("werbung"), TL("advertisement"), TL("ad"), TL("ads"), TL("sponsored"),
    TL("promoted"), TL("publicidad"), TL("publicité"), TL("pubblicità"), TL("sponsorisé"),
    TL("patrocinado"), TL("sponsorizzato"), TL("sponsorowane"), TL("reklama"), { NULL, 0 }
};
#undef TL

/* Does text t[0..n) end with an ad label (tail_alone, tail_marked)?  The
   last byte first: most texts end with no label's. */
static int ad_tail(const char *t, size_t n)
{
    unsigned char last;
    while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\n'))
        n--;
    if (n < 5)
        return 0;
    last = lower[(unsigned char)t[n - 1]];
    for (int marked = 0; marked < 2; marked++) {
        for (const struct tail *l = marked ? tail_marked : tail_alone; l->s; l++) {
            size_t k = l->len, i = 0;
            const char *w = t + n - k;
            if ((unsigned char)l->s[k - 1] != last || k + 3 > n || w[-1] != ' ')
                continue;
            while (i < k && lower[(unsigned char)w[i]] == (unsigned char)l->s[i])
                i++;
            if (i == k && (!marked || w[-2] == '|' || w[-2] == '-' ||
                           (w[-3] == '\xc2' && w[-2] == '\xb7') ||
                           (w[-3] == '\x80' && (w[-2] == '\xa2' || w[-2] == '\x93' ||
                                                w[-2] == '\x94'))))
                return 1;
        }
    }
    return 0;
}

unsigned pith_text_cues(pith_classify *c, const char *folded, size_t n, const pith_block *b)
{
    unsigned words = b->words;
    unsigned any, at, t;
    if (n == 0)
        return 0;
    if (!c->cues.ready)
        index_cues(&c->cues);
    any = scan_any(&c->cues, folded, n);
    if (words > 60)    /* long prose: no label, prompt or notice is that long */
        return any & TX_COOKIE;
    t = any & (TX_COOKIE | TX_UPSELL | TX_BOILER | TX_SPONSORED | TX_DISCLOSE | TX_PAGER);
    /* WordPress's footer credit in German, "Stolz präsentiert von WordPress":
       the site's software, not a sponsor */
    if ((t & TX_SPONSORED) && strstr(folded, "präsentiert von wordpress"))
        t = (t & ~TX_SPONSORED) | TX_BOILER;
    if (words <= 30)
        t |= any & TX_JOB;
    at = scan_start(&c->cues, folded, n, b);
    if (words <= 12) t |= at & TX_ADWORD;
    t |= at & (TX_ADPREFIX | TX_RECPREFIX | TX_SHARE);
    /* "© Foto: Ann Example", "©Bild: dpa": a credit whose prefix follows the sign */
    if (words <= 40 && n > 4 && (unsigned char)folded[0] == 0xC2 &&
        (unsigned char)folded[1] == 0xA9) {
        size_t k = folded[2] == ' ' ? 3 : 2;
        t |= scan_start(&c->cues, folded + k, n - k, b) & TX_CREDIT;
    }
    if ((words <= 40 && (at & TX_CREDIT)) ||
        ((words <= 8 ? b->sentences == 0 : words <= 30 && strstr(folded, "\xc2\xa9")) &&
         agency_credit(folded, words)))
        t |= TX_CREDIT;
    if (words <= 40) t |= at & TX_NOTE;
    if (words <= 15) t |= at & TX_WIDGET;
    if (words <= 6 && b->digits >= 1 && !b->heading && view_count(folded, n))
        t |= TX_WIDGET;
    if (t & TX_WIDGET)
        t &= ~TX_RECPREFIX;     /* "Related topics" heads a list of tags */
    if (words <= 25 && b->sentences <= 2 && ((at & CUE_BY) || (any & TX_BYLINE)))
        t |= TX_BYLINE;
    if (words <= 12 && b->digits >= 4 && holds_date(folded, n))
        t |= TX_DATE;
    if (words <= 30 && (strstr(folded, "://") || strstr(folded, "www.")) &&
        web_addresses(folded, n))
        t |= TX_URL;
    /* a link the post gives, named as such: "Link: simdjson.", "Download: mp3" */
    if (words <= 12 && b->links && (folded[0] == 'l' || folded[0] == 'd' || folded[0] == 'p') &&
        (!strncmp(folded, "link: ", 6) || !strncmp(folded, "links: ", 7) ||
         !strncmp(folded, "download: ", 10) || !strncmp(folded, "pdf: ", 5)))
        t |= TX_URL;
    if (words >= 3 && words <= 40 && ad_tail(b->text.data, b->text.len))
        t |= TX_DISCLOSE;       /* "... Ad Feature": a teaser of paid content */
    if (words <= 6 && b->links && ends_with_count(folded, n))
        t = (t & ~TX_DATE) | TX_COUNT;  /* "Oktober 2007 (23)": 23 posts, not a day */
    return t;
}

int pith_text_ad_label(const char *folded)
{
    return pith_text_in_words(folded, ad_words);
}
