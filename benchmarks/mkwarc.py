#!/usr/bin/python3
# mkwarc.py -- a synthetic crawl: a WARC.gz (one gzip member per record, as
# Common Crawl writes) of HTML pages, for benchmarks/dump.sh and the Dask test.
#
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   mkwarc.py --out FILE --html-bytes N [--seed S] [--level L] PAGEDIR...
#
# Cycles through the *.html (or *.html.gz) pages of PAGEDIRs until N bytes of HTML were
# written.  Each page is a request + response pair with varied headers
# (Content-Type spelled several ways, charset or none, Server, cookies, ...);
# about one page in five is gzip-encoded (Content-Encoding: gzip) and one in
# ten is sent chunked.  Mixed in: images, scripts, 404s and redirects,
# revisit and metadata records.  Prints one line of counts on stdout:
# pages=... html_bytes=... (decoded HTML) records=... file_bytes=...
import argparse
import gzip
import os
import random

CTYPES = ['text/html', 'text/html; charset=utf-8', 'text/html;charset=UTF-8',
          'text/html; charset="utf-8"', 'application/xhtml+xml; charset=utf-8']
SERVERS = ['nginx', 'Apache/2.4.57 (Debian)', 'cloudflare', 'Microsoft-IIS/10.0', 'gws']


def record(kind, uri, date, rid, ctype, block, extra=b''):
    head = (b'WARC/1.0\r\nWARC-Type: ' + kind + b'\r\nWARC-Date: ' + date +
            b'\r\nWARC-Record-ID: <urn:uuid:' + rid + b'>\r\n' +
            (b'WARC-Target-URI: ' + uri + b'\r\n' if uri else b'') + extra +
            b'Content-Type: ' + ctype + b'\r\nContent-Length: ' + str(len(block)).encode() +
            b'\r\n\r\n')
    return head + block + b'\r\n\r\n'


def chunked(body, rnd):
    out, i = [], 0
    while i < len(body):
        n = rnd.randint(100, 20000)
        out.append(b'%x\r\n' % len(body[i:i + n]) + body[i:i + n] + b'\r\n')
        i += n
    return b''.join(out) + b'0\r\n\r\n'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--html-bytes', type=int, required=True)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--level', type=int, default=6)
    ap.add_argument('dirs', nargs='+')
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    pages = []
    for d in a.dirs:
        for n in sorted(os.listdir(d)):
            if n.endswith('.html') or n.endswith('.html.gz'):
                with open(os.path.join(d, n), 'rb') as f:
                    body = f.read()
                if n.endswith('.gz'):
                    body, n = gzip.decompress(body), n[:-3]
                pages.append((n, body))
    seq = 0
    html = npages = nrec = 0

    def rid():
        nonlocal seq
        seq += 1
        return b'%08x-0000-4000-8000-%012x' % (a.seed, seq)

    def put(f, rec):
        nonlocal nrec
        f.write(gzip.compress(rec, compresslevel=a.level, mtime=0))
        nrec += 1

    with open(a.out + '.tmp', 'wb') as f:
        info = b'software: benchmarks/mkwarc.py\r\nformat: WARC File Format 1.0\r\n'
        put(f, record(b'warcinfo', None, b'2026-11-01T00:00:00Z', rid(),
                      b'application/warc-fields', info))
        i = 0
        while html < a.html_bytes:
            name, body = pages[i % len(pages)]
            i += 1
            host = b'site%d.example' % rnd.randint(1, 5000)
            uri = b'https://' + host + b'/' + str(i).encode() + b'/' + name.encode()
            date = b'2026-11-%02dT%02d:%02d:%02dZ' % (rnd.randint(1, 28), rnd.randint(0, 23),
                                                     rnd.randint(0, 59), rnd.randint(0, 59))
            req_id = rid()
            put(f, record(b'request', uri, date, req_id, b'application/http; msgtype=request',
                          b'GET /' + str(i).encode() + b' HTTP/1.1\r\nHost: ' + host +
                          b'\r\nUser-Agent: mkwarc\r\nAccept-Encoding: gzip\r\n\r\n'))
            hdr = [b'HTTP/1.1 200 OK', b'Content-Type: ' + rnd.choice(CTYPES).encode(),
                   b'Server: ' + rnd.choice(SERVERS).encode(),
                   b'Date: Sun, 01 Nov 2026 10:00:00 GMT']
            if rnd.random() < 0.5:
                hdr.append(b'Set-Cookie: id=%x; Path=/; HttpOnly' % rnd.getrandbits(64))
            if rnd.random() < 0.3:
                hdr.append(b'Cache-Control: max-age=%d' % rnd.randint(0, 86400))
            payload = body
            r = rnd.random()
            if r < 0.2:
                payload = gzip.compress(body, compresslevel=1, mtime=0)
                hdr.append(b'Content-Encoding: gzip')
            if rnd.random() < 0.1:
                hdr.append(b'Transfer-Encoding: chunked')
                payload = chunked(payload, rnd)
            else:
                hdr.append(b'Content-Length: %d' % len(payload))
            block = b'\r\n'.join(hdr) + b'\r\n\r\n' + payload
            put(f, record(b'response', uri, date, rid(), b'application/http; msgtype=response',
                          block, b'WARC-Concurrent-To: <urn:uuid:' + req_id + b'>\r\n'))
            html += len(body)
            npages += 1
            k = rnd.random()
            if k < 0.08:
                img = rnd.randbytes(rnd.randint(2000, 30000))
                put(f, record(b'response', uri + b'.jpg', date, rid(),
                              b'application/http; msgtype=response',
                              b'HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: %d'
                              b'\r\n\r\n' % len(img) + img))
            elif k < 0.12:
                js = b'function f(){return 1}\n' * rnd.randint(50, 500)
                put(f, record(b'response', uri + b'.js', date, rid(),
                              b'application/http; msgtype=response',
                              b'HTTP/1.1 200 OK\r\nContent-Type: application/javascript\r\n'
                              b'Content-Length: %d\r\n\r\n' % len(js) + js))
            elif k < 0.15:
                nf = b'<html><body><h1>Not Found</h1></body></html>'
                put(f, record(b'response', uri + b'/x', date, rid(),
                              b'application/http; msgtype=response',
                              b'HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n'
                              b'Content-Length: %d\r\n\r\n' % len(nf) + nf))
            elif k < 0.18:
                put(f, record(b'response', uri + b'/old', date, rid(),
                              b'application/http; msgtype=response',
                              b'HTTP/1.1 301 Moved Permanently\r\nLocation: ' + uri +
                              b'\r\nContent-Length: 0\r\n\r\n'))
            elif k < 0.20:
                put(f, record(b'revisit', uri, date, rid(), b'application/http; msgtype=response',
                              b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n',
                              b'WARC-Profile: http://netpreserve.org/warc/1.0/revisit/'
                              b'identical-payload-digest\r\n'))
            elif k < 0.22:
                put(f, record(b'metadata', uri, date, rid(), b'application/warc-fields',
                              b'fetchTimeMs: %d\r\n' % rnd.randint(10, 3000)))
    os.rename(a.out + '.tmp', a.out)
    print('pages=%d html_bytes=%d records=%d file_bytes=%d'
          % (npages, html, nrec, os.path.getsize(a.out)))


if __name__ == '__main__':
    main()
