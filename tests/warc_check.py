#!/usr/bin/python3
# warc_check.py -- pith's WARC mode on a WARC written by wget (tests/warc.sh
# makes it) and on corrupt WARCs made from it.
#
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   warc_check.py PITH TMPDIR SRCDIR
#
# TMPDIR holds site.warc.gz (wget's, one gzip member per record) and urls
# (the crawled urls).  Prints one line per check and "N passed, M failed".
import gzip
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import warc_corrupt  # noqa: E402

PITH, TMP, SRC = sys.argv[1:4]
passed = failed = 0


def check(ok, what, detail=''):
    global passed, failed
    if ok:
        passed += 1
        print('ok   ' + what)
    else:
        failed += 1
        print('FAIL ' + what + (': ' + detail if detail else ''))


def run(*args, stdin=None, env=None):
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run([PITH] + list(args), capture_output=True, stdin=stdin, env=e)
    return p.returncode, p.stdout, p.stderr.decode(errors='replace')


def jsonl_lines(data):
    """The lines of jsonl output: split at newlines only (JSON strings may hold
    U+2028 and other characters str.splitlines() would cut at)."""
    text = data.decode('utf-8')
    return text.split('\n')[:-1] if text else []


def path(name):
    return os.path.join(TMP, name)


def source(url):
    name = url.strip('<>').rsplit('/', 1)[-1]
    for d in ('tests/data', 'benchmarks/labels/pages'):
        f = os.path.join(SRC, d, name)
        if os.path.isfile(f):
            return f
    return None


# ---- the WARC wget wrote, in three framings ----
site_gz = path('site.warc.gz')
with gzip.open(site_gz) as f:
    plain = f.read()
with open(path('site.warc'), 'wb') as f:
    f.write(plain)
with open(path('whole.warc.gz'), 'wb') as f:
    f.write(gzip.compress(plain, mtime=0))
recs = warc_corrupt.records(plain)
pages = [warc_corrupt.field(r, 'WARC-Target-URI') for r in recs if warc_corrupt.is_page(r)]
urls = [u.strip() for u in open(path('urls')) if u.strip()]
html_urls = [u for u in urls if not re.search(r'/(img\.png|missing|redirect)$', u)]
check(len(pages) == len(html_urls) + 1,
      'wget wrote one 200 HTML response per HTML url, and the redirect target',
      '%d pages' % len(pages))

rc, out, err = run('--warc', site_gz)
lines = jsonl_lines(out)
check(rc == 0 and err == '', 'exit 0, stderr empty on a good WARC', '%d %s' % (rc, err))
check(len(lines) == len(pages), 'jsonl: one line per HTML page', '%d lines' % len(lines))
objs = [json.loads(x) for x in lines]
check([o['url'] for o in objs] == [p.strip('<>') for p in pages], 'jsonl: urls in input order')
check(all(set(o) == {'url', 'warc_record_id', 'date', 'labels', 'text'} for o in objs),
      'jsonl: url, warc_record_id, date, labels, text')
check(all(re.match(r'^<urn:uuid:[0-9a-f-]{36}>$', o['warc_record_id']) for o in objs),
      'jsonl: warc_record_id is the source record id')
same = 0
compared = 0
for o in objs:
    src = source(o['url'])
    if not src:
        continue
    compared += 1
    exp = subprocess.run([PITH, '--format=text', src], capture_output=True).stdout.decode()
    same += exp == o['text']
check(compared >= 5 and same == compared,
      'jsonl text equals pith --format=text of the page (plain, gzip-encoded, chunked)',
      '%d of %d' % (same, compared))
latin = [o for o in objs if o['url'].endswith('/latin1.html')]
check(latin and 'Ã' not in latin[0]['text'] and 'öffnet wieder' in latin[0]['text'],
      'charset from the HTTP Content-Type (ISO-8859-1 page)')
check(all(o['labels']['story'] > 0 for o in objs), 'labels: blocks counted per label')

rc, out2, err = run('--warc', '--keep=story,navigation', site_gz)
objs2 = [json.loads(x) for x in jsonl_lines(out2)]
check(rc == 0 and len(objs2) == len(pages) and
      all({b['label'] for b in o['blocks']} <= {'story', 'navigation'} and
          len(o['blocks']) >= 1 for o in objs2),
      'jsonl --keep: labelled blocks of the kept labels')

# framings and splits: the same output
for name in ('site.warc', 'whole.warc.gz'):
    rc, o2, err = run('--warc', path(name))
    check(rc == 0 and o2 == out, 'same jsonl from ' + name, err)
rc, o2, err = run(path('site.warc'))
check(rc == 0 and o2 == out, 'WARC recognised by its magic without --warc', err)
with open(site_gz, 'rb') as f:
    rc, o2, err = run('--warc', stdin=f)
check(rc == 0 and o2 == out, 'WARC from standard input', err)
for fmt in ('jsonl', 'warc'):
    for name in ('site.warc.gz', 'site.warc', 'whole.warc.gz'):
        rc, ref, _ = run('--warc', '--format=' + fmt, path(name))
        for rs in ('1', '3', 'rand:7', 'rand:300', 'rand:70000'):
            rc, o2, err = run('--warc', '--format=' + fmt, '--read-size=' + rs, path(name))
            check(rc == 0 and o2 == ref, '%s %s read in %s-byte pieces: same output' % (fmt, name, rs))

# ---- warc output ----
rc, wet, err = run('--warc', '--format=warc', site_gz)
with open(path('site.wet.gz'), 'wb') as f:
    f.write(wet)
check(rc == 0 and wet[:2] == b'\x1f\x8b', 'warc: gzip output')
members = 0
data = wet
while data:
    d = __import__('zlib').decompressobj(31)
    d.decompress(data)
    data = d.unused_data
    members += 1
out_recs = warc_corrupt.records(gzip.decompress(wet))
check(members == len(out_recs), 'warc: one gzip member per record')
check(warc_corrupt.field(out_recs[0], 'WARC-Type') == 'warcinfo', 'warc: warcinfo first')
conv = out_recs[1:]
src_ids = [warc_corrupt.field(r, 'WARC-Record-ID') for r in recs if warc_corrupt.is_page(r)]
check(len(conv) == len(pages) and
      all(warc_corrupt.field(r, 'WARC-Type') == 'conversion' and
          warc_corrupt.field(r, 'Content-Type') == 'text/plain' for r in conv),
      'warc: one conversion record (text/plain) per HTML page')
check([warc_corrupt.field(r, 'WARC-Refers-To') for r in conv] == src_ids and
      [warc_corrupt.field(r, 'WARC-Target-URI') for r in conv] == pages and
      all(re.match(r'^<urn:uuid:[0-9a-f-]{36}>$', warc_corrupt.field(r, 'WARC-Record-ID')) and
          warc_corrupt.field(r, 'WARC-Date') for r in conv),
      'warc: WARC-Refers-To, WARC-Target-URI, WARC-Date, WARC-Record-ID')
check([r.split(b'\r\n\r\n', 1)[1][:-4].decode() for r in conv] == [o['text'] for o in objs],
      'warc: the text of each page, as in jsonl')
import base64  # noqa: E402
import hashlib  # noqa: E402
check(all(warc_corrupt.field(r, 'WARC-Block-Digest') ==
          'sha1:' + base64.b32encode(hashlib.sha1(r.split(b'\r\n\r\n', 1)[1][:-4]).digest()).decode()
          for r in conv), 'warc: WARC-Block-Digest is the sha1 of each block')

warcio = os.environ.get('WARCIO') or os.path.expanduser('~/.cache/pith/npm/node_modules/.bin/warcio')
if not os.path.exists(warcio) and shutil.which('npm'):
    subprocess.run(['npm', 'install', '--silent', '--no-audit', '--no-fund', '--prefix',
                    os.path.expanduser('~/.cache/pith/npm'), 'warcio'], capture_output=True)
if os.path.exists(warcio):
    for name in ('site.wet.gz',):
        p = subprocess.run([warcio, 'index', path(name)], capture_output=True)
        idx = [json.loads(x) for x in p.stdout.decode().splitlines()]
        types = [x.get('warc-type') for x in idx]
        check(p.returncode == 0 and p.stderr == b'' and types[0] == 'warcinfo' and
              types.count('conversion') == len(pages) and len(types) == len(pages) + 1 and
              [x.get('warc-target-uri') for x in idx[1:]] == [u.strip('<>') for u in pages],
              'warcio index reads the warc output: warcinfo + one conversion per page',
              p.stderr.decode()[:300])
elif os.environ.get('CI') == 'true':
    check(False, 'warcio (npm) available', 'npm install warcio failed')
else:
    print('# skipped: warcio index (needs npm, which installs warcio into ~/.cache/pith/npm)')

# ---- corrupt records ----
expect_lines = {o['url']: l for o, l in zip(objs, lines)}
for name, data, keep, use_stdin, off in warc_corrupt.cases(plain):
    f = path(name)
    with open(f, 'wb') as fp:
        fp.write(data)
    if use_stdin:
        with open(f, 'rb') as fp:
            rc, o2, err = run('--warc', '--stats', stdin=fp)
    else:
        rc, o2, err = run('--warc', '--stats', f)
    got = jsonl_lines(o2)
    msgs = [x for x in err.splitlines() if ': offset ' in x]
    want = [expect_lines[u.strip('<>')] for u in keep]
    detail = 'rc=%d, %d of %d pages, stderr: %s' % (rc, len(got), len(want), err.strip()[:400])
    ok = rc == 5 and got == want and len(msgs) == 1 and 'corrupt=1' in err
    if ok and off is not None:
        ok = (': offset %d: ' % off) in msgs[0]
    check(ok, "corrupt %s: every good page kept, one message, exit 5" % name, detail)
    if not use_stdin:
        # the same pages and the same message, whatever the reads
        for rs in ('1', 'rand:13', 'rand:5000'):
            rc2, o3, err2 = run('--warc', '--stats', '--read-size=' + rs, f)
            msgs2 = [x for x in err2.splitlines() if ': offset ' in x]
            check(rc2 == rc and o3 == o2 and msgs2 == msgs,
                  "corrupt %s read in %s-byte pieces: same pages and message" % (name, rs),
                  'rc=%d, %s' % (rc2, err2.strip()[:400]))
    if os.environ.get("VERBOSE"): print("   ", msgs)
rc, o2, err = run('--warc', os.path.join(SRC, 'tests/data/nzherald.html'))
check(rc == 2 and o2 == b'' and 'not a WARC file' in err, 'an HTML file given as WARC: exit 2',
      '%d %s' % (rc, err))

# ---- header values and payloads that are not clean: still valid JSON ----
weird_uri = b'http://x.test/\xff\xfe"quote"\\back\x01\x7f/\xe2\x82'
body = b'<html><body><article><p>' + b'Caf\xe9 \xff\xc3\x28 bytes \x00\x1b that are not UTF-8, in a long ' \
    b'enough paragraph to be the story of this small page, with commas, and a full stop.</p>' * 3 + \
    b'</article></body></html>'
rec = (b'WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:\x80">\r\n'
       b'WARC-Date: 2026-01-01T00:00:00Z\r\nWARC-Target-URI: ' + weird_uri + b'\r\n'
       b'Content-Type: text/html\r\nContent-Length: ' + str(len(body)).encode() + b'\r\n\r\n' +
       body + b'\r\n\r\n')
with open(path('weird.warc'), 'wb') as fp:
    fp.write(rec)
rc, o2, err = run('--warc', path('weird.warc'))
try:
    w = [json.loads(x) for x in jsonl_lines(o2)]
except ValueError as e:
    w = str(e)
check(rc == 0 and isinstance(w, list) and len(w) == 1 and '\ufffd' in w[0]['url'] and
      '"quote"' in w[0]['url'] and 'Caf' in w[0]['text'],
      'jsonl: valid JSON from bytes that are not UTF-8 and control characters', repr(w)[:300])
rc, o2, err = run('--warc', '--format=warc', path('weird.warc'))
r2 = warc_corrupt.records(gzip.decompress(o2))
check(rc == 0 and len(r2) == 2 and
      warc_corrupt.field(r2[1], 'WARC-Target-URI') == 'http://x.test/%FF%FE"quote"\\back  /%E2%82',
      'warc: a conversion record for a resource record of HTML')

# ---- HTTP heads read as the proxies read them (pith_http.h) ----
def response(head, body, uri, length=None):
    """A response record of HTTP head lines and body; length, if given, is
    the Content-Length it claims instead of its own."""
    http = b'HTTP/1.1 200 OK\r\n' + head + b'\r\n\r\n' + body
    return (b'WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:2>\r\n'
            b'WARC-Target-URI: ' + uri + b'\r\nContent-Type: Application/HTTP; msgtype=response\r\n'
            b'Content-Length: %d\r\n\r\n' % (len(http) if length is None else length) +
            http + b'\r\n\r\n')


story = (b'<html><body><article><p>' + b'Caf\xe9 au lait is served in the square, with bread, '
         b'every morning of the week. ' * 4 + b'</p></article></body></html>')
heads = [
    (b'Content-Type: TEXT/HTML; charset=\'iso-8859-1\'', story, 1),
    (b'Content-Type: text/html;charset=iso-8859-1\r\nContent-Encoding: identity, gzip',
     gzip.compress(story, mtime=0), 1),
    (b'Content-Type: text/html; charset=iso-8859-1\r\nContent-Encoding: gzip, br', story, 0),
    (b'Content-Type: text/htmlx', story, 0),
]
with open(path('heads.warc'), 'wb') as fp:
    for i, (head, body, _) in enumerate(heads):
        fp.write(response(head, body, b'http://heads.test/%d' % i))
rc, o2, err = run('--warc', path('heads.warc'))
got = [json.loads(x) for x in jsonl_lines(o2)]
want = ['http://heads.test/%d' % i for i, h in enumerate(heads) if h[2]]
check(rc == 0 and [g['url'] for g in got] == want and all('Café au lait' in g['text'] for g in got),
      'HTTP heads: single-quoted charset, "identity, gzip" read; "gzip, br" and text/htmlx skipped',
      repr(got)[:300] + err)

# ---- Content-Lengths that are all wrong: the reading stays linear ----
def stat_of(err, key):
    m = re.search(r'stats: .*\b' + key + r'=(\d+)', err)
    return int(m.group(1)) if m else -1


page = b'<html><body><p>' + b'Some words of a page, here. ' * 300 + b'</p></body></html>'
for what, claim, count in (('past the end', 10 ** 12, 300), ('too long', 2000000, 400)):
    with open(path('wrong.warc'), 'wb') as fp:
        for i in range(count):
            fp.write(response(b'Content-Type: text/html', page, b'http://wrong.test/%d' % i, claim))
    size = os.path.getsize(path('wrong.warc'))
    rc, o2, err = run('--warc', '--stats', path('wrong.warc'))
    fed, read = stat_of(err, 'html_bytes'), stat_of(err, 'bytes_in')
    bound = 2 * size + (0 if claim > size else 70 << 20)
    check(rc == 5 and o2 == b'' and read <= bound and fed <= bound and 'not a WARC' not in err,
          'every Content-Length %s: exit 5, input read %d and fed %d bytes for a file of %d (at most %d)'
          % (what, read, fed, size, bound), err[-300:])

# a Content-Length near 2^64 (no wrapping): known past the end at once, the
# good records after it read once
with open(path('wrong.warc'), 'wb') as fp:
    fp.write(response(b'Content-Type: text/html', page, b'http://wrong.test/huge', 2 ** 64 - 1))
    for i in range(300):
        fp.write(response(b'Content-Type: text/html', page, b'http://wrong.test/%d' % i))
size = os.path.getsize(path('wrong.warc'))
rc, o2, err = run('--warc', '--stats', path('wrong.warc'))
read = stat_of(err, 'bytes_in')
check(rc == 5 and len(jsonl_lines(o2)) == 300 and read <= size,
      'a Content-Length of 2^64 - 1: the 300 good pages after it, input read %d bytes of %d'
      % (read, size), err[-300:])

import random  # noqa: E402
rnd = random.Random(3)
ok = True
for cs in ('utf-8', 'utf-16', 'shift_jis', 'iso-2022-jp', 'bogus', ''):
    body = (b'<html><body><p>' + rnd.randbytes(20000).replace(b'<', b'a') + b'</p><p>' +
            bytes(range(256)) * 20 + b'</p></body></html>')
    http = (b'HTTP/1.1 200 OK\r\nContent-Type: text/html' + (b'; charset=' + cs.encode() if cs else b'') +
            b'\r\n\r\n' + body)
    with open(path('binary.warc'), 'wb') as fp:
        fp.write(b'WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n'
                 b'Content-Type: application/http\r\nContent-Length: %d\r\n\r\n' % len(http) +
                 http + b'\r\n\r\n')
    for keep in ([], ['--keep=all']):
        rc, o2, err = run('--warc', path('binary.warc'), *keep)
        try:
            ok &= rc == 0 and len([json.loads(x) for x in jsonl_lines(o2)]) == 1
        except ValueError:
            ok = False
check(ok, 'jsonl: valid JSON, one line, for binary payloads in six charsets')
http = b'HTTP/1.1 200 OK\r\n\r\n<html><body><p>No Content-Type in this response, but the crawler ' \
    b'identified the payload as HTML, and a story it has, long enough to be kept as one.</p></body></html>'
for ptype, want in ((b'text/html', 1), (b'image/png', 0)):
    with open(path('ptype.warc'), 'wb') as fp:
        fp.write(b'WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:2>\r\n'
                 b'WARC-Identified-Payload-Type: ' + ptype + b'\r\n'
                 b'Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n'
                 % len(http) + http + b'\r\n\r\n')
    rc, o2, err = run('--warc', path('ptype.warc'))
    check(rc == 0 and len(jsonl_lines(o2)) == want,
          'no HTTP Content-Type: WARC-Identified-Payload-Type %s decides' % ptype.decode())

http = (b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n'
        b'<html><body><p>This payload was stored decoded although its header still says chunked, '
        b'and its story, long enough to be kept, must come out all the same.</p></body></html>')
with open(path('dechunked.warc'), 'wb') as fp:
    fp.write(b'WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:3>\r\n'
             b'Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n'
             % len(http) + http + b'\r\n\r\n')
rc, o2, err = run('--warc', path('dechunked.warc'))
check(rc == 0 and 'must come out all the same' in ''.join(json.loads(x)['text'] for x in jsonl_lines(o2)),
      'a payload said chunked but stored decoded is read as it is')

# ---- -j 2 over five files equals five single runs; --resume ----
shutil.copy(path('site.warc'), path('plain.warc'))
five = ['site.warc.gz', 'plain.warc', 'whole.warc.gz', 'gz-garbage.warc.gz', 'plain-truncated.warc']
for fmt, ext in (('jsonl', '.jsonl'), ('warc', '.wet.gz')):
    outdir = path('out5-' + fmt)
    rc, _, err = run('--warc', '-j', '2', '--quiet', '--stats', '--format=' + fmt, '-o', outdir + '/',
                     *[path(x) for x in five])
    check(rc == 5 and 'files=5 ' in err, '-j 2 %s: five files, exit 5 (two are corrupt)' % fmt, err)
    ok = sorted(os.listdir(outdir)) == sorted(re.sub(r'(\.warc)?(\.gz)?$', '', x) + ext for x in five)
    for x in five:
        _, single, _ = run('--warc', '--format=' + fmt, path(x))
        try:
            with open(os.path.join(outdir, re.sub(r'(\.warc)?(\.gz)?$', '', x) + ext), 'rb') as fp:
                mine = fp.read()
        except OSError:
            mine = None
        if fmt == 'warc' and mine:
            # the warcinfo record names the output file: compare the rest
            mine = gzip.decompress(mine).split(b'\r\n\r\n', 2)[2]
            single = gzip.decompress(single).split(b'\r\n\r\n', 2)[2]
        ok &= mine == single
    check(ok, '-j 2 %s: one output per input, each equal to a single run' % fmt)
outdir = path('out5-jsonl')
os.unlink(os.path.join(outdir, 'whole.jsonl'))
before = {x: os.stat(os.path.join(outdir, x)).st_mtime_ns for x in os.listdir(outdir)}
rc, _, err = run('--warc', '-j', '2', '--resume', '--stats', '-o', outdir, *[path(x) for x in five])
after = {x: os.stat(os.path.join(outdir, x)).st_mtime_ns for x in os.listdir(outdir)}
check(rc == 0 and 'files=1 resumed=4' in err and 'whole.jsonl' in after and
      all(after[x] == before[x] for x in before),
      '--resume: only the missing output is made', err)

# two inputs that would write the same output: refused before any job
os.makedirs(path('sub'), exist_ok=True)
shutil.copy(path('plain.warc'), path('sub/plain.warc'))
shutil.copy(path('site.warc'), path('sub/site.warc'))
cdir = path('clash')
rc, _, err = run('--warc', '-j', '2', '-o', cdir + '/', path('site.warc.gz'), path('plain.warc'),
                 path('whole.warc.gz'), path('sub/site.warc'), path('sub/plain.warc'))
check(rc == 1 and err.count('would both write') == 1 and
      '%s and %s would both write %s/site.jsonl' % (path('site.warc.gz'), path('sub/site.warc'),
                                                    cdir) in err and
      not (os.path.isdir(cdir) and os.listdir(cdir)),
      '-o DIR: the first input whose output name an earlier one has is named, nothing written', err)

# ---- --files-from: the inputs from a list, as if named on the command line ----
lst = path('inputs.txt')
with open(lst, 'w') as fp:
    fp.write(path('site.warc.gz') + '\n\n' + path('plain.warc') + '\n')
_, want, _ = run('--warc', path('site.warc.gz'), path('plain.warc'))
rc, got, err = run('--files-from=' + lst)
check(rc == 0 and got == want and want, '--files-from: the listed inputs, as if named', err)
with open(lst, 'rb') as fp:
    rc, got, err = run('--warc', '--files-from=-', stdin=fp)
check(rc == 0 and got == want, '--files-from=-: the list from standard input', err)
rc, got, err = run('--warc', '--files-from', lst, path('whole.warc.gz'))
_, want3, _ = run('--warc', path('whole.warc.gz'), path('site.warc.gz'), path('plain.warc'))
check(rc == 0 and got == want3, '--files-from with FILEs: the FILEs first, then the list', err)
ldir = path('listed')
rc, _, err = run('--warc', '-j', '2', '-q', '--files-from=' + lst, '-o', ldir + '/')
check(rc == 0 and sorted(os.listdir(ldir)) == ['plain.jsonl', 'site.jsonl'],
      '--files-from with -o DIR: one output per listed input', err)
open(path('empty-list.txt'), 'w').close()
rc, got, err = run('--warc', '--files-from=' + path('empty-list.txt'), stdin=subprocess.DEVNULL)
check(rc == 0 and got == b'' and err == '', 'an empty list: nothing read, not standard input', err)
for body, what, code in ((b'a\0b\n', 'a NUL byte', 1), (b'x' * 5000 + b'\n', 'longer than PATH_MAX', 1),
                         (b'-\n', 'standard input cannot be listed', 1)):
    with open(path('bad-list.txt'), 'wb') as fp:
        fp.write(body)
    rc, got, err = run('--warc', '--files-from=' + path('bad-list.txt'))
    check(rc == code and got == b'' and 'line 1' in err and what in err,
          '--files-from: a line refused (%s)' % what, err)
rc, _, err = run('--warc', '--files-from=' + path('no-such-list.txt'))
check(rc == 3 and 'no-such-list.txt' in err, '--files-from: a list that cannot be read: exit 3', err)

# ---- a job stopped half way leaves no output that looks finished ----
import signal  # noqa: E402
import time  # noqa: E402
fifo = path('never.warc')
os.mkfifo(fifo)
sdir = path('stopped')
p = subprocess.Popen([PITH, '--warc', '-q', '-j', '2', '-o', sdir + '/', site_gz, fifo],
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
# signalled once the FIFO's job has its temporary file and the other job
# its finished output (on a loaded machine that can take more than a moment)
deadline = time.time() + 30
while time.time() < deadline and not (os.path.isdir(sdir) and
                                      any(x.startswith('.never.') for x in os.listdir(sdir)) and
                                      'site.jsonl' in os.listdir(sdir)):
    time.sleep(0.05)
p.send_signal(signal.SIGTERM)
try:
    _, err = p.communicate(timeout=10)
except subprocess.TimeoutExpired:
    p.kill()
    _, err = p.communicate()
left = sorted(os.listdir(sdir)) if os.path.isdir(sdir) else None
check(p.returncode == 4 and left == ['site.jsonl'] and b'stopped by signal 15' in err,
      'SIGTERM: the finished output stays, the unfinished job leaves no file', '%s %s %s' % (p.returncode, left, err))

# ---- progress: on a terminal only, not with --quiet ----
if shutil.which('script'):
    def tty(args):
        p = subprocess.run(['script', '-qec', ' '.join([PITH] + args) + ' >/dev/null', '/dev/null'],
                           capture_output=True, stdin=subprocess.DEVNULL)
        return p.stdout.decode(errors='replace')
    t = tty(['--warc', site_gz])
    check('MB/s' in t and 'pages/s' in t and '%' in t, 'progress line on a terminal', t[:200])
    check('MB/s' not in tty(['--warc', '--quiet', site_gz]), '--quiet: no progress line')
rc, _, err = run('--warc', site_gz)
check('MB/s' not in err, 'no progress line when stderr is not a terminal')

# ---- the library's options, parsed by the library as the tool parses them ----
def response(uri, html, ctype='text/html; charset=utf-8', rid='0'):
    http = (b'HTTP/1.1 200 OK\r\nContent-Type: ' + ctype.encode() + b'\r\n'
            b'Content-Length: %d\r\n\r\n' % len(html)) + html
    head = ('WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\n'
            'WARC-Date: 2026-01-01T00:00:00Z\r\n'
            'WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\n'
            'Content-Type: application/http; msgtype=response\r\n'
            'Content-Length: %d\r\n\r\n' % (uri, int(rid), len(http))).encode()
    return head + http + b'\r\n\r\n'


def write_warc(name, recs):
    with open(path(name), 'wb') as f:
        f.write(b''.join(recs))
    return path(name)


for opt in ('--max-block=0', '--max-depth=7', '--lookahead=x', '--max-input=1q',
            '--style=fancy', '--charset=' + 'x' * 70, '--keep=nothing',
            '--max-block=1m --max-lookahead=256k'):
    args = opt.split()
    rc, _, err = run('--warc', *args, site_gz)
    rc1, _, err1 = run(*args, os.path.join(SRC, 'tests/data/nzherald.html'))
    name = args[-1].split('=')[0]
    check(rc == 1 and rc1 == 1 and err == err1 and name[2:] in err,
          '--warc %s: refused with the library\'s message naming the option' % opt,
          '%d %r / %d %r' % (rc, err, rc1, err1))
for opt in ('--encoding=gzip', '--url=http://a.example/', '--on-error=original',
            '--passthrough-on-error', '--format=html'):
    rc, _, err = run('--warc', opt, site_gz)
    check(rc == 1 and opt.split('=')[0] in err,
          '--warc %s: refused, the WARC records say it' % opt, '%d %r' % (rc, err))

deep = (b'<html><body>' + b'<div>' * 30 + b'<p>' + b'Deep story text, long enough to be '
        b'a story block of prose. ' * 5 + b'</p>' + b'</div>' * 30 + b'<p>' +
        b'Shallow story paragraph with plenty of words in it to count. ' * 5 +
        b'</p></body></html>')
dw = write_warc('deep.warc', [response('http://deep.example/a', deep)])


def depths(*args):
    rc, o2, err = run('--warc', '--keep=all', *args, dw)
    return rc, [b['depth'] for x in jsonl_lines(o2) for b in json.loads(x)['blocks']]


rc, d0 = depths()
rc16, d16 = depths('--max-depth=16')
check(rc == 0 and rc16 == 0 and max(d0) > 16 and max(d16) <= 16,
      '--warc --max-depth=16 is honoured', '%s %s' % (d0, d16))
with open(path('deep.html'), 'wb') as f:
    f.write(deep)
rc, o2, _ = run('--warc', '--max-depth=16', '--lookahead=2', dw)
exp = subprocess.run([PITH, '--format=text', '--max-depth=16', '--lookahead=2',
                      path('deep.html')], capture_output=True).stdout.decode()
check(rc == 0 and json.loads(jsonl_lines(o2)[0])['text'] == exp,
      '--warc with limits: the text of pith --format=text with the same limits')

latin = ('<html><body><p>' + 'Die Bibliothek \u00f6ffnet wieder am Montag, sagt die Stadt, '
         'nach langen Arbeiten an dem alten Haus. ' * 4 + '</p></body></html>').encode('latin-1')
lw = write_warc('latin.warc', [response('http://latin.example/', latin,
                                        'text/html; charset=ISO-8859-1')])
rc, o2, err = run('--warc', lw)
t = json.loads(jsonl_lines(o2)[0])['text'] if rc == 0 and o2 else ''
rc, o2, err = run('--warc', '--charset=windows-1251', lw)
t2 = json.loads(jsonl_lines(o2)[0])['text'] if rc == 0 and o2 else ''
check('\u00f6ffnet wieder' in t and '\u0446ffnet wieder' in t2,
      '--warc --charset overrides the charset of the HTTP header', err + t[:60] + t2[:60])

cut = ('<html><body>' + ''.join('<p>Paragraph %d of the story, with enough plain words in it '
       'to be read as prose by pith. It goes on a while longer.</p>' % i for i in range(40)) +
       '<!--' + 'x' * 10000 + '--></body></html>').encode()
cw = write_warc('cut.warc', [response('http://cut.example/', cut)])
a = ['--warc', '--lookahead=0', '--read-size=512', '--max-input=4k']
rc, o2, err = run(*a, cw)
t = json.loads(jsonl_lines(o2)[0]) if o2 else None
rc2, o3, err = run(*a, '--on-error=empty', cw)
t2 = json.loads(jsonl_lines(o3)[0]) if o3 else None
rc3, o4, err = run('--warc', cw)
t3 = json.loads(jsonl_lines(o4)[0]) if o4 else None
check(t and t2 and t3 and 0 < t['labels']['story'] < t3['labels']['story'] and
      t2['text'] == '' and sum(t2['labels'].values()) == 0,
      '--warc --max-input: the page is cut; --on-error=empty writes nothing of it',
      '%s %s' % (t and t['labels'], t2 and t2['labels']))

# ---- the page's URL from WARC-Target-URI, and filter lists as in the tool ----
FL = os.path.join(SRC, 'tests/data/filterlist.txt')
site = ('<html><body><article><h1>Town hall reopens</h1>' +
        ''.join('<p>The town hall reopened on Monday after two years of work, the mayor said '
                'at a small ceremony. Paragraph %d goes on.</p>' % i for i in range(4)) +
        '<div class="promo-rail"><p><a href="/walks">Ten walks along the river in spring, '
        'where the old mill still turns</a></p></div>' +
        ''.join('<p>Work on the roof took longer than planned, builders said, because of the '
                'rain. Paragraph %d.</p>' % i for i in range(3)) +
        '</article></body></html>').encode()
with open(path('site.html'), 'wb') as f:
    f.write(site)
# the URI as the record gives it, and the --url the page alone is read with
uris = [('http://news.example/a', 'http://news.example/a'),
        ('<https://news.example/b>', 'https://news.example/b'),
        ('http://other.example/a', 'http://other.example/a'),
        ('ftp://news.example/c', None),
        ('http://news.example/a b', None)]
sw = write_warc('sites.warc', [response(u, site, rid=str(i)) for i, (u, _) in enumerate(uris)])
lists = ['--no-filter-list', '--filter-list', FL]
for fmt in ('jsonl', 'text'):
    keep = ['--keep=all'] if fmt == 'jsonl' else []
    rc, o2, err = run('--warc', *lists, *keep, sw)
    objs = [json.loads(x) for x in jsonl_lines(o2)]
    same = 0
    for (u, url), o in zip(uris, objs):
        a = [PITH, *lists, '--format=' + fmt, *keep] + (['--url', url] if url else [])
        exp = subprocess.run(a + [path('site.html')], capture_output=True).stdout.decode()
        if fmt == 'jsonl':
            same += [json.loads(x) for x in exp.split('\n') if x] == o['blocks']
        else:
            same += exp == o['text']
    check(rc == 0 and err == '' and len(objs) == len(uris) and same == len(uris),
          '%s: each record read with its WARC-Target-URI as --url (http, https only; '
          'others none, silently), with --filter-list' % fmt, '%d of %d %r' % (same, len(objs), err))
    if fmt == 'jsonl':
        ads = [o['labels']['advertising'] for o in objs]
        check(ads == [1, 1, 0, 0, 0] and
              any('filter:news.example##.promo-rail' in c for b in objs[0]['blocks']
                  for c in b['cues']),
              'a site rule of the list applies to its site\'s records only', str(ads))
rc, o2, err = run('--warc', '--no-filter-list', '--keep=all', sw)
check(rc == 0 and 'filter:' not in o2.decode(), '--no-filter-list: no rule applies')
rc, o3, err = run('--warc', '--filter-list', FL, '--no-filter-list', '--keep=all', sw)
check(rc == 0 and o3 == o2, '--no-filter-list drops the lists given before it')
rc, _, err = run('--warc', '--filter-list', path('no-such-list.txt'), sw)
check(rc == 3 and 'filter list' in err, 'a filter list that cannot be read: exit 3', err)
jdir = path('jobs-fl')
rc, _, err = run('--warc', '-j', '2', '-q', *lists, '--keep=all', '-o', jdir + '/', sw, dw)
rc1, single, _ = run('--warc', *lists, '--keep=all', sw)
with open(os.path.join(jdir, 'sites.jsonl'), 'rb') as f:
    check(rc == 0 and f.read() == single, '-j 2: the jobs read the list loaded before the fork')

print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
