#!/usr/bin/env python3
# origin.py -- the origin of the c-icap tests and benchmark: the pages of
# plugins/apache/origin.py, plus a few for ICAP.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
"""  origin.py DATA_DIR PORT_FILE [PAGES_DIR]

Serves every path of plugins/apache/origin.py (read its docstring), and:

  /half.html       a page of ?kb=N kB (default 300) made like /large.html,
                   chunked; pauses ?pause=S seconds (default 2) halfway
  /late.html       news.html with 100 kB of navigation links before its story
                   (Content-Length): the first kept block comes after 64 KiB
  /pages/NAME      the file PAGES_DIR/NAME.gz decompressed, text/html, with a
                   Content-Length (the aeb-dev pages are stored gzip-compressed)
  /pagesgz/NAME    the same file as stored, with Content-Encoding: gzip

Listens on an ephemeral port of 127.0.0.1, writes it to PORT_FILE.
"""
import gzip
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "apache"))
import origin as base  # noqa: E402  (reads DATA_DIR from sys.argv[1])

PAGES_DIR = sys.argv[3] if len(sys.argv) > 3 else None


class Handler(base.Handler):
    def do_GET(self):
        url = base.urllib.parse.urlsplit(self.path)
        path = url.path
        query = base.urllib.parse.parse_qs(url.query)
        if path == "/half.html":
            page = base.large_page(int(query.get("kb", ["300"])[0]) * 1000)
            pause = float(query.get("pause", ["2"])[0])
            half = len(page) // 2
            parts = [page[i:i + 16384] for i in range(0, half, 16384)]
            parts.append(pause)
            parts += [page[i:i + 16384] for i in range(half, len(page), 16384)]
            self.send_chunked("text/html; charset=utf-8", parts)
        elif path == "/late.html":
            nav = b"".join(b'<li><a href="/section/%d">Section number %d</a></li>\n' % (i, i)
                           for i in range(2400))
            page = base.NEWS.replace(b"<main>", b"<nav><ul>" + nav + b"</ul></nav><main>", 1)
            self.send_body("text/html; charset=utf-8", page)
        elif PAGES_DIR and (path.startswith("/pages/") or path.startswith("/pagesgz/")):
            name = os.path.basename(path)
            try:
                with open(os.path.join(PAGES_DIR, name + ".gz"), "rb") as f:
                    raw = f.read()
            except OSError:
                return base.Handler.do_GET(self)
            if path.startswith("/pagesgz/"):
                self.send_body("text/html", raw, "gzip")
            else:
                self.send_body("text/html", gzip.decompress(raw))
        else:
            base.Handler.do_GET(self)


def main():
    server = base.Server(("127.0.0.1", 0), Handler)
    port_file = sys.argv[2]
    with open(port_file + ".tmp", "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
