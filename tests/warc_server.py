#!/usr/bin/python3
# warc_server.py -- a loopback web site for tests/warc.sh: wget crawls it with
# --warc-file to make a real WARC.
#
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   warc_server.py PORTFILE ROOT...
#
# Listens on 127.0.0.1 on a free port, writes the port to PORTFILE, serves:
#   /p/NAME          NAME from the ROOT directories, text/html; charset=utf-8
#   /gz/NAME         the same, gzip-encoded (Content-Encoding: gzip)
#   /chunked/NAME    the same, Transfer-Encoding: chunked (uneven chunks)
#   /latin1.html     a small page in ISO-8859-1, the charset in the header only
#   /img.png         a small PNG image
#   /redirect        302 to /p/news-fr.html
#   anything else    404 with an HTML body
import gzip
import http.server
import os
import sys
import zlib

ROOTS = sys.argv[2:]


def find(name):
    for root in ROOTS:
        path = os.path.join(root, os.path.basename(name))
        if os.path.isfile(path):
            with open(path, 'rb') as f:
                return f.read()
    return None


def png():
    raw = b'\x00\xff\x00\x00' * 4
    def chunk(kind, data):
        c = kind + data
        return len(data).to_bytes(4, 'big') + c + (zlib.crc32(c) & 0xffffffff).to_bytes(4, 'big')
    ihdr = (4).to_bytes(4, 'big') + (4).to_bytes(4, 'big') + b'\x08\x00\x00\x00\x00'
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', zlib.compress(raw)) + \
        chunk(b'IEND', b'')


LATIN1 = ('<html><head><title>Caf\xe9 news</title></head><body><article>'
          '<h1>Caf\xe9 cr\xe8me in M\xfcnchen</h1>' +
          '<p>Der Caf\xe9 am Marktplatz \xf6ffnet wieder, sagte die Besitzerin am Montag, '
          'nachdem die Renovierung l\xe4nger gedauert hatte als geplant. '
          'Die G\xe4ste freuen sich \xfcber neue St\xfchle und gr\xf6\xdfere Fenster.</p>' * 4 +
          '</article></body></html>').encode('iso-8859-1')


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def send(self, code, ctype, body, extra=()):
        self.send_response(code)
        self.send_header('Content-Type', ctype)
        for k, v in extra:
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        p = self.path
        html = 'text/html; charset=utf-8'
        if p.startswith('/p/') and find(p[3:]) is not None:
            self.send(200, html, find(p[3:]))
        elif p.startswith('/gz/') and find(p[4:]) is not None:
            self.send(200, html, gzip.compress(find(p[4:]), mtime=0),
                      [('Content-Encoding', 'gzip')])
        elif p.startswith('/chunked/') and find(p[9:]) is not None:
            body = find(p[9:])
            self.send_response(200)
            self.send_header('Content-Type', html)
            self.send_header('Transfer-Encoding', 'chunked')
            self.end_headers()
            i, size = 0, 1
            while i < len(body):
                piece = body[i:i + size]
                self.wfile.write(b'%x;ext=1\r\n' % len(piece) + piece + b'\r\n')
                i += len(piece)
                size = size * 7 % 5003 + 1
            self.wfile.write(b'0\r\nX-Trailer: 1\r\n\r\n')
        elif p == '/latin1.html':
            self.send(200, 'text/html; charset=ISO-8859-1', LATIN1)
        elif p == '/img.png':
            self.send(200, 'image/png', png())
        elif p == '/redirect':
            self.send(302, html, b'<html><body>moved</body></html>',
                      [('Location', '/p/news-fr.html')])
        else:
            self.send(404, html, b'<html><body><h1>Not found</h1></body></html>')


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass    # wget closes kept-alive connections: not an error here


def main():
    srv = Server(('127.0.0.1', 0), Handler)
    with open(sys.argv[1] + '.tmp', 'w') as f:
        f.write(str(srv.server_address[1]))
    os.rename(sys.argv[1] + '.tmp', sys.argv[1])
    srv.serve_forever()


if __name__ == '__main__':
    main()
