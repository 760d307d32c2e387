/* style.c -- the reader view's stylesheet (--style=reader), written inline
 * in the head of the html format's document.
 *
 * What it promises (tests/reader.sh checks it in a browser): a centred
 * column of 40em (the body's em) with a 1.25em margin on narrow screens;
 * the system's sans-serif at 1.125rem, line height 1.6; headings scaled;
 * images and figures no wider than the column, captions under them; tables
 * in a wrapper that scrolls sideways (emit writes <div class="pith-table">
 * around each table); code and quotes set apart; a dark scheme through
 * prefers-color-scheme; right to left for the languages written so (pith
 * keeps the page's lang, not its dir).  Nothing is fetched and nothing runs.  It never
 * hides story text: no display:none, no visibility, no overflow:hidden, no
 * fixed heights, no positioning; long words break rather than overflow.
 * Copyright (c) 2026 the pith developers.  MIT licence, see COPYING. */
#include "style.h"

const char pith_reader_css[] =
    "<style>\n"
    ":root{color-scheme:light dark;--fg:#1d1d1b;--bg:#fbfbf8;--muted:#5e6166;"
    "--rule:#d8d8d2;--link:#1d5fb0;--tint:#f0f0ea}\n"
    "@media (prefers-color-scheme:dark){:root{--fg:#e4e4df;--bg:#17191b;--muted:#a3a7ad;"
    "--rule:#3b3f44;--link:#8fb8f5;--tint:#23262a}}\n"
    ":root:is(:lang(ar),:lang(he),:lang(iw),:lang(fa),:lang(ur),:lang(ps),:lang(sd),:lang(ug),"
    ":lang(yi),:lang(dv),:lang(ckb)){direction:rtl}\n"
    "html{background:var(--bg);color:var(--fg);-webkit-text-size-adjust:100%;"
    "text-size-adjust:100%}\n"
    "body{max-width:40em;margin:0 auto;padding:0 1.25em 4em;"
    "font:1.125rem/1.6 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\","
    "\"Helvetica Neue\",Arial,sans-serif;overflow-wrap:break-word}\n"
    ".pith-site{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25em 1em;"
    "margin:0 0 2em;padding:.9em 0 .6em;border-bottom:1px solid var(--rule);"
    "font-size:.8125rem;line-height:1.4;color:var(--muted)}\n"
    ".pith-site a{color:inherit}\n"
    "h1,h2,h3,h4,h5,h6{line-height:1.25;margin:1.6em 0 .5em}\n"
    "h1{font-size:2em;margin-top:.4em}\n"
    "h2{font-size:1.5em}\nh3{font-size:1.25em}\nh4{font-size:1.1em}\n"
    "h5,h6{font-size:1em}\n"
    "p,ul,ol,dl,pre{margin:0 0 1em}\n"
    "ul,ol{padding-inline-start:1.5em}\nli{margin:.25em 0}\n"
    "dt{font-weight:700}\ndd{margin:0 0 .5em;margin-inline-start:1.5em}\n"
    "a{color:var(--link)}\n"
    ".pith-byline{margin:0 0 .25em;font-size:.875em;color:var(--muted)}\n"
    ".pith-byline+:not(.pith-byline){margin-top:1.25em}\n"
    "img,video,svg{max-width:100%;height:auto}\n"
    "img{font-size:.8em;font-style:italic;color:var(--muted)}\n"
    "figure{margin:1.5em 0}\nfigure>p{margin:0}\n"
    "figure img{display:block;margin:0 auto}\n"
    "figcaption,.pith-caption{margin:.5em 0 0;font-size:.875em;line-height:1.45;"
    "color:var(--muted)}\n"
    "blockquote{margin:1.5em 0;padding:.1em 0;padding-inline-start:1.1em;"
    "border-inline-start:.25em solid var(--rule)}\n"
    "code,kbd,samp,tt,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"
    "\"Liberation Mono\",monospace;font-size:.875em}\n"
    "code,kbd,samp{padding:.1em .3em;border-radius:.2em;background:var(--tint)}\n"
    "pre{padding:.8em 1em;border-radius:.3em;background:var(--tint);white-space:pre-wrap;"
    "overflow-wrap:anywhere;line-height:1.45}\n"
    "pre code,pre kbd,pre samp{padding:0;background:none;font-size:1em}\n"
    ".pith-table{margin:0 0 1em;overflow-x:auto}\n"
    "table{border-collapse:collapse;font-size:.9375em;line-height:1.45;margin:0}\n"
    "th,td{padding:.35em .6em;border:1px solid var(--rule);text-align:start;"
    "vertical-align:top}\n"
    "th{background:var(--tint)}\n"
    "td>p,th>p{margin:0 0 .5em}\ntd>:last-child,th>:last-child{margin-bottom:0}\n"
    "hr{border:0;border-top:1px solid var(--rule);margin:2em 0}\n"
    "@media (max-width:30em){body{padding:0 1em 3em;hyphens:auto}h1{font-size:1.75em}}\n"
    "</style>\n";
