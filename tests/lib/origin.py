#!/usr/bin/env python3
# origin.py -- the origin server of the plugins' end-to-end tests and benchmarks
# (plugins/*/test.sh, plugins/c-icap/squid.sh, bench.sh, pages.sh).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
"""A small HTTP/1.1 origin on 127.0.0.1 serving fixture pages in the ways that
matter to a streaming filter.

  origin.py DATA_DIR PORT_FILE [PAGES_DIR]
  origin.py --files DIR PORT_FILE

Listens on an ephemeral port of 127.0.0.1, writes the port to PORT_FILE, and
serves until killed.  Python 3 standard library only.  DATA_DIR holds
news.html and cyrillic.html (plugins/apache/data).

  /plain.html      news.html, Content-Length, ETag "news-v1" (If-None-Match -> 304,
                   Range: bytes=A-B -> 206)
  /gzip.html       news.html gzip-compressed (always, whatever Accept-Encoding says)
  /deflate.html    news.html as a zlib stream (HTTP "deflate")
  /chunked.html    news.html in 300-byte chunks, Transfer-Encoding: chunked
  /slow.html       chunked; pauses ?pause=S seconds (default 3) after the story's
                   third paragraph, to show the filter streams
  /large.html      a page of about ?mb=N MB (default 10): news.html's story repeated,
                   with navigation, ads and related links between the copies; chunked
  /cp1251.html     cyrillic.html in windows-1251; the charset is in the header only
  /xhtml.html      news.html as application/xhtml+xml
  /binary.bin      1 MiB of pseudo-random bytes, application/octet-stream
  /image.png       the same bytes as image/png
  /data.json       a small JSON document
  /missing.html    a 404 HTML page
  /broken-early.html  Content-Encoding gzip, a gzip header then garbage
  /broken-mid.html    Content-Encoding gzip, 1200 bytes of news.html's gzip, then garbage;
                      chunked, 300 bytes a chunk
  /broken-late.html   Content-Encoding gzip, a valid start of a large page, then garbage
  /truncated.html  Content-Length of the whole page, half of it, then the connection closes
  /ae, /ae.css, /ae/...  text/plain: the Accept-Encoding the origin received
  /headers         text/plain: the request headers the origin received, one a line
  /notransform.html  news.html with Cache-Control: no-transform
  /index.html      a page of links and no story (an index page)
  /base.html       news.html with <base href="https://news.example/section/">
  /notrailer.html  news.html gzip-compressed without its 8-byte trailer, chunked
  /notrailer-large.html  a 600 kB page the same way (output starts before the end)
  /broken-mid-pause.html  broken-mid.html with a 1 s pause before the garbage (a FLUSH)
/plain.html also sends Last-Modified and answers If-Modified-Since (304) and
If-Range (an ETag or the date: 206 when it matches, else the whole page).
For the ICAP service (Squid holds back the body until the response starts):
  /half.html       a page of ?kb=N kB (default 300) made like /large.html,
                   chunked; pauses ?pause=S seconds (default 2) halfway
  /late.html       news.html with 100 kB of navigation links before its story
                   (Content-Length): the first kept block comes after 64 KiB
  /pages/NAME      the file PAGES_DIR/NAME.gz decompressed, text/html, with a
                   Content-Length (the aeb-dev pages are stored gzip-compressed)
  /pagesgz/NAME    the same file as stored, with Content-Encoding: gzip
HEAD works on every path (headers only).

With --files, it serves the files of DIR instead:

  GET /NAME?type=T&enc=E&status=N&etag=X&test=V

sends DIR/NAME with Content-Type T (default text/html; charset=utf-8),
Content-Length, status N (default 200), ETag "X" when given, and then, as the
last header, X-Pith-Test: V when given (a test's filters may key on it).  E:
  gzip          the file gzip-compressed (Content-Encoding: gzip)
  broken-gzip   the first third of the compressed file, then garbage
                (Content-Encoding: gzip)
  bad-gzip      a gzip header, then garbage (Content-Encoding: gzip)
A Range: bytes=A-B request gets a 206 with those bytes (of the body as sent).
Missing files get a 404 HTML page.
"""
import gzip
import http.server
import os
import random
import socketserver
import sys
import time
import urllib.parse
import zlib

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = sys.argv[1] == "--files" if len(sys.argv) > 1 else False
if FILES:
    del sys.argv[1]
    ROOT = sys.argv[1]
DATA = (sys.argv[1] if len(sys.argv) > 1 and not FILES
        else os.path.join(HERE, "..", "..", "plugins", "apache", "data"))
PAGES_DIR = sys.argv[3] if len(sys.argv) > 3 and not FILES else None
NEWS = open(os.path.join(DATA, "news.html"), "rb").read()
CYRILLIC = open(os.path.join(DATA, "cyrillic.html"), encoding="utf-8").read().encode("windows-1251")
BINARY = random.Random(4).randbytes(1 << 20)
LAST_MODIFIED = "Sat, 14 Mar 2026 06:40:00 GMT"


def gzip_prefix(data):
    """A gzip stream of data, flushed to a byte boundary but not finished."""
    z = zlib.compressobj(6, zlib.DEFLATED, 31)
    return z.compress(data) + z.flush(zlib.Z_SYNC_FLUSH)


# Valid gzip up to <main> (navigation only: no block pith keeps, whatever
# FLUSH decides early), then garbage: the failure always comes before output.
GARBAGE = b"\xff not deflate \x00" * 40
BROKEN_MID = gzip_prefix(NEWS[:NEWS.index(b"<main>")]) + GARBAGE
STORY_CUT = NEWS.index(b"<p>Marine biologists")   # after the third story paragraph


def large_page(size):
    """news.html's head, then copies of its body (numbered) until size bytes."""
    head, rest = NEWS.split(b"<main>", 1)
    body, tail = rest.split(b"</main>", 1)
    out = [head, b"<main>"]
    n = len(head) + len(tail)
    i = 0
    while n < size:
        part = body.replace(b"<h1>", b"<h1>(%d) " % i)
        out.append(part)
        n += len(part)
        i += 1
    out += [b"</main>", tail]
    return b"".join(out)


def index_page():
    links = b"".join(b'<li><a href="/story/%d">Headline number %d about the local council '
                     b'and the weather this week</a></li>\n' % (i, i) for i in range(40))
    return (b'<!DOCTYPE html><html><head><title>Index</title></head><body><header><nav>'
            b'<a href="/">Home</a></nav></header><main><h1>Latest news</h1><ul>' + links +
            b'</ul></main><footer>Contact us</footer></body></html>\n')


def broken_late():
    page = large_page(600 * 1000)
    z = gzip.compress(page)
    return z[: len(z) // 2] + b"\x00garbage, not deflate \xff\xfe\xfd" * 64


PAGES = {
    "/plain.html": ("text/html; charset=utf-8", None, NEWS),
    "/gzip.html": ("text/html; charset=utf-8", "gzip", gzip.compress(NEWS)),
    "/deflate.html": ("text/html; charset=utf-8", "deflate", zlib.compress(NEWS)),
    "/cp1251.html": ("text/html; charset=windows-1251", None, CYRILLIC),
    "/xhtml.html": ("application/xhtml+xml", None, NEWS),
    "/binary.bin": ("application/octet-stream", None, BINARY),
    "/image.png": ("image/png", None, BINARY),
    "/data.json": ("application/json", None, b'{"story": "<p>not html</p>", "n": 1}\n'),
    "/notransform.html": ("text/html; charset=utf-8", None, NEWS),
    "/index.html": ("text/html; charset=utf-8", None, index_page()),
    "/base.html": ("text/html; charset=utf-8", None,
                   NEWS.replace(b"<head>", b'<head>\n<base href="https://news.example/section/">')),
    "/broken-early.html": ("text/html", "gzip",
                           gzip.compress(NEWS)[:10] + b"this is not a deflate stream" * 40),
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "pith-origin/1"

    def log_message(self, fmt, *args):
        pass

    def send_body(self, ctype, body, encoding=None, etag=None, extra=()):
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if etag:
            self.send_header("ETag", etag)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_chunked(self, ctype, parts, encoding=None):
        """parts: iterable of bytes, or of floats meaning 'sleep this long'."""
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if self.command == "HEAD":
            return
        for part in parts:
            if isinstance(part, float):
                self.wfile.flush()
                time.sleep(part)
            elif part:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def send_stored_page(self, path):
        """/pages/NAME, /pagesgz/NAME: PAGES_DIR/NAME.gz; False if not one."""
        if not (path.startswith("/pages/") or path.startswith("/pagesgz/")):
            return False
        try:
            with open(os.path.join(PAGES_DIR, os.path.basename(path) + ".gz"), "rb") as f:
                raw = f.read()
        except OSError:
            return False
        if path.startswith("/pagesgz/"):
            self.send_body("text/html", raw, "gzip")
        else:
            self.send_body("text/html", gzip.decompress(raw))
        return True

    def do_HEAD(self):
        self.do_GET()

    def do_POST(self):
        """The body is read and dropped; the answer is the GET's."""
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.do_GET()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        query = urllib.parse.parse_qs(url.query)
        if path == "/plain.html":
            inm = self.headers.get("If-None-Match")
            tags = [t.strip() for t in (inm or "").split(",")]
            # weak comparison over the list (RFC 9110 13.1.2)
            if ('"news-v1"' in [t[2:] if t.startswith("W/") else t for t in tags]
                    or (inm is None
                        and self.headers.get("If-Modified-Since") == LAST_MODIFIED)):
                self.send_response(304)
                self.send_header("ETag", '"news-v1"')
                self.send_header("Last-Modified", LAST_MODIFIED)
                self.end_headers()
                return
            rng = self.headers.get("Range", "")
            if_range = self.headers.get("If-Range")
            if (rng.startswith("bytes=") and "-" in rng and "," not in rng
                    and if_range in (None, '"news-v1"', LAST_MODIFIED)):
                first, last = rng[6:].split("-")
                first, last = int(first), int(last) if last else len(NEWS) - 1
                part = NEWS[first:last + 1]
                self.send_response(206)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Range", "bytes %d-%d/%d" % (first, last, len(NEWS)))
                self.send_header("ETag", '"news-v1"')
                self.send_header("Last-Modified", LAST_MODIFIED)
                self.send_header("Content-Length", str(len(part)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(part)
                return
            self.send_body("text/html; charset=utf-8", NEWS, etag='"news-v1"',
                           extra=[("Last-Modified", LAST_MODIFIED), ("Accept-Ranges", "bytes")])
        elif path == "/negotiated.html":
            # as servers that prefer br: br when the request accepts it
            # (bytes that stand for a br body: pith never decodes them),
            # else gzip, else none
            codings = {}
            for item in (self.headers.get("Accept-Encoding") or "").split(","):
                name, _, params = item.partition(";")
                q = params.strip()[2:] if params.strip().startswith("q=") else "1"
                try:
                    codings[name.strip().lower()] = float(q)
                except ValueError:
                    codings[name.strip().lower()] = 0
            vary = [("Vary", "Accept-Encoding")]
            if codings.get("br", 0) > 0:
                self.send_body("text/html; charset=utf-8", b"\x1b\x00br-bytes" * 64, "br",
                               extra=vary)
            elif codings.get("gzip", 0) > 0:
                self.send_body("text/html; charset=utf-8", gzip.compress(NEWS), "gzip",
                               extra=vary)
            else:
                self.send_body("text/html; charset=utf-8", NEWS, extra=vary)
        elif path == "/notransform.html":
            self.send_body("text/html; charset=utf-8", NEWS, etag='"nt-v1"',
                           extra=[("Cache-Control", "public, no-transform, max-age=60")])
        elif path in PAGES:
            ctype, enc, body = PAGES[path]
            self.send_body(ctype, body, enc)
        elif path == "/chunked.html":
            self.send_chunked("text/html; charset=utf-8",
                              (NEWS[i:i + 300] for i in range(0, len(NEWS), 300)))
        elif path == "/slow.html":
            pause = float(query.get("pause", ["3"])[0])
            self.send_chunked("text/html; charset=utf-8",
                              [NEWS[:STORY_CUT], pause, NEWS[STORY_CUT:]])
        elif path == "/large.html":
            page = large_page(int(float(query.get("mb", ["10"])[0]) * 1000 * 1000))
            self.send_chunked("text/html; charset=utf-8",
                              (page[i:i + 65536] for i in range(0, len(page), 65536)))
        elif path == "/broken-mid.html":
            self.send_chunked("text/html", (BROKEN_MID[i:i + 300]
                                            for i in range(0, len(BROKEN_MID), 300)), "gzip")
        elif path == "/broken-late.html":
            body = broken_late()
            self.send_chunked("text/html; charset=utf-8",
                              (body[i:i + 16384] for i in range(0, len(body), 16384)), "gzip")
        elif path == "/truncated.html":
            # promises the whole page, sends half, and hangs up
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(NEWS)))
            self.end_headers()
            self.wfile.write(NEWS[:STORY_CUT])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
        elif path == "/half.html":
            page = large_page(int(query.get("kb", ["300"])[0]) * 1000)
            pause = float(query.get("pause", ["2"])[0])
            half = len(page) // 2
            parts = [page[i:i + 16384] for i in range(0, half, 16384)]
            parts.append(pause)
            parts += [page[i:i + 16384] for i in range(half, len(page), 16384)]
            self.send_chunked("text/html; charset=utf-8", parts)
        elif path == "/late.html":
            nav = b"".join(b'<li><a href="/section/%d">Section number %d</a></li>\n' % (i, i)
                           for i in range(2400))
            page = NEWS.replace(b"<main>", b"<nav><ul>" + nav + b"</ul></nav><main>", 1)
            self.send_body("text/html; charset=utf-8", page)
        elif PAGES_DIR and self.send_stored_page(path):
            pass
        elif path == "/ae" or path.startswith("/ae.") or path.startswith("/ae/"):
            self.send_body("text/plain", (self.headers.get("Accept-Encoding") or "-").encode())
        elif path == "/headers":
            self.send_body("text/plain", "".join("%s: %s\n" % kv for kv in self.headers.items())
                           .encode())
        elif path in ("/notrailer.html", "/notrailer-large.html"):
            page = NEWS if path == "/notrailer.html" else large_page(600 * 1000)
            body = gzip.compress(page)[:-8]
            step = 300 if path == "/notrailer.html" else 16384
            self.send_chunked("text/html; charset=utf-8",
                              (body[i:i + step] for i in range(0, len(body), step)), "gzip")
        elif path == "/broken-mid-pause.html":
            cut = len(BROKEN_MID) - len(GARBAGE)
            self.send_chunked("text/html", [BROKEN_MID[:cut], 1.0, BROKEN_MID[cut:]], "gzip")
        else:
            body = b"<html><body><h1>Not found</h1></body></html>\n"
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)


class FilesHandler(http.server.BaseHTTPRequestHandler):
    """--files: the files of ROOT, shaped by the query (see above)."""
    protocol_version = "HTTP/1.1"
    server_version = "pith-origin/1"

    def log_message(self, fmt, *args):
        pass

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        name = os.path.basename(urllib.parse.unquote(url.path))
        path = os.path.join(ROOT, name)
        status = int(q.get("status", "200"))
        ctype = q.get("type", "text/html; charset=utf-8")
        enc = q.get("enc")
        if name and os.path.isfile(path):
            body = open(path, "rb").read()
        else:
            status, ctype, enc = 404, "text/html", None
            body = b"<html><body><h1>Not found</h1><p>No such page.</p></body></html>\n"
        if enc == "gzip":
            body = gzip.compress(body, mtime=0)
        elif enc == "broken-gzip":
            z = gzip.compress(body, mtime=0)
            body = z[: max(20, len(z) // 3)] + b"\xff\x00 not a deflate stream \xfe" * 40
        elif enc == "bad-gzip":
            body = gzip.compress(body, mtime=0)[:10] + b"\xff\x00 not a deflate stream \xfe" * 40
        rng = self.headers.get("Range", "")
        if status == 200 and rng.startswith("bytes=") and "," not in rng:
            first, last = (int(x) for x in rng[6:].split("-"))
            whole, body, status = len(body), body[first:last + 1], 206
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if status == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (first, first + len(body) - 1, whole))
        if enc:
            self.send_header("Content-Encoding", "gzip")
        if "etag" in q:
            self.send_header("ETag", '"%s"' % q["etag"])
        self.send_header("Content-Length", str(len(body)))
        if "test" in q:
            self.send_header("X-Pith-Test", q["test"])
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    server = Server(("127.0.0.1", 0), FilesHandler if FILES else Handler)
    port_file = sys.argv[2]
    with open(port_file + ".tmp", "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
