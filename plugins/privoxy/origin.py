#!/usr/bin/env python3
# origin.py -- the origin server of the Privoxy filter's test and benchmark.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
"""A small HTTP/1.1 origin on 127.0.0.1 that serves the files of a folder.

  origin.py DIR PORT_FILE

Listens on an ephemeral port of 127.0.0.1, writes the port to PORT_FILE, and
serves until killed.  Python 3 standard library only.

  GET /NAME?type=T&enc=E&status=N&etag=X&test=V

sends DIR/NAME with Content-Type T (default text/html; charset=utf-8),
Content-Length, status N (default 200), ETag "X" when given, and then, as the
last header, X-Pith-Test: V when given (the test's filters key on it).  E:
  gzip          the file gzip-compressed (Content-Encoding: gzip)
  broken-gzip   the first third of the compressed file, then garbage
                (Content-Encoding: gzip)
  bad-gzip      a gzip header, then garbage (Content-Encoding: gzip)
A Range: bytes=A-B request gets a 206 with those bytes (of the body as sent).
Missing files get a 404 HTML page.  HEAD sends the headers only.
"""
import gzip
import http.server
import os
import socketserver
import sys
import urllib.parse

sys.dont_write_bytecode = True
ROOT = sys.argv[1]


class Handler(http.server.BaseHTTPRequestHandler):
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
    server = Server(("127.0.0.1", 0), Handler)
    port_file = sys.argv[2]
    with open(port_file + ".tmp", "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
