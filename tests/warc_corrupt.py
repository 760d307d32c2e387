#!/usr/bin/python3
# warc_corrupt.py -- small corrupt WARCs for tests/warc_check.py, made from a
# good one: each case breaks one record (or the space between two) and says
# which HTML pages must still come out.
#
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
import gzip
import re
import zlib


def records(data):
    """Splits a plain WARC into its records, each with its end of record."""
    out, pos = [], 0
    while pos < len(data):
        end = data.index(b'\r\n\r\n', pos) + 4
        head = data[pos:end]
        n = int(re.search(rb'(?im)^Content-Length:\s*(\d+)', head).group(1))
        out.append(data[pos:end + n + 4])
        pos = end + n + 4
    return out


def field(rec, name):
    m = re.search(rb'(?im)^' + name.encode() + rb':[ \t]*(.*?)\r?$', rec.split(b'\r\n\r\n')[0])
    return m.group(1).decode(errors='replace') if m else ''


def is_page(rec):
    if field(rec, 'WARC-Type') != 'response':
        return False
    http = rec.split(b'\r\n\r\n', 2)[1]
    return http.startswith(b'HTTP/1.1 200') and re.search(rb'(?im)^Content-Type:\s*text/html', http) is not None


def set_length(rec, delta):
    n = int(field(rec, 'Content-Length'))
    return re.sub(rb'(?im)^(Content-Length:\s*)\d+', b'\\g<1>' + str(n + delta).encode(), rec, count=1)


def gz(recs):
    return b''.join(gzip.compress(r, mtime=0) for r in recs)


def cases(plain):
    """Yields (name, bytes, pages kept (urls in order), stdin, offset of the
    bad stretch or None)."""
    recs = records(plain)
    pages = [field(r, 'WARC-Target-URI') for r in recs if is_page(r)]
    first_page = next(i for i, r in enumerate(recs) if is_page(r))
    image = next(i for i, r in enumerate(recs)
                 if field(r, 'WARC-Type') == 'response' and not is_page(r))
    last_page = max(i for i, r in enumerate(recs) if is_page(r))
    page_url = field(recs[first_page], 'WARC-Target-URI')
    last_url = field(recs[last_page], 'WARC-Target-URI')
    without_first = [p for p in pages if p != page_url]
    junk = b'this is not a record\r\nWARC/1.0 neither is this\r\n\r\n'

    cut = recs[:first_page + 1] + [junk] + recs[first_page + 1:]
    off = sum(len(r) for r in recs[:first_page + 1])
    yield 'plain-garbage.warc', b''.join(cut), pages, False, off
    yield 'stdin-garbage.warc', b''.join(cut), pages, True, off
    nul = recs[:first_page + 1] + [b'WARC/1.0\x00\r\nContent-Length: 5\r\n\r\nab\x00'] + recs[first_page + 1:]
    yield 'plain-nul-header.warc', b''.join(nul), pages, False, off
    r = list(recs)
    r[image] = set_length(r[image], 300)
    yield 'plain-length-long.warc', b''.join(r), pages, False, None
    yield 'stdin-length-long.warc', b''.join(r), pages, True, None
    yield 'whole-length-long.warc.gz', gzip.compress(b''.join(r), mtime=0), pages, False, None
    r = list(recs)
    r[image] = set_length(r[image], 10 ** 12)
    yield 'plain-length-past-end.warc', b''.join(r), pages, False, None
    yield 'whole-length-past-end.warc.gz', gzip.compress(b''.join(r), mtime=0), pages, False, None
    r = list(recs)
    r[first_page] = set_length(r[first_page], 100)
    yield 'plain-page-length-long.warc', b''.join(r), without_first, False, None
    r = list(recs)
    r[first_page] = set_length(r[first_page], -40)
    yield 'plain-page-length-short.warc', b''.join(r), without_first, False, None
    data = b''.join(recs[:last_page]) + recs[last_page][:len(recs[last_page]) // 2]
    yield 'plain-truncated.warc', data, [p for p in pages if p != last_url], False, None

    # one gzip member per record
    members = [gzip.compress(x, mtime=0) for x in recs]
    m = list(members)
    bad = bytearray(m[image])
    for i in range(len(bad) // 2, len(bad) // 2 + 8):
        bad[i] ^= 0x5a
    m[image] = bytes(bad)
    yield 'gz-bad-member.warc.gz', b''.join(m), pages, False, sum(len(x) for x in m[:image])
    m = list(members)
    bad = bytearray(m[first_page])
    bad[len(bad) // 3] ^= 0xff
    bad[len(bad) // 3 + 1] ^= 0xff
    m[first_page] = bytes(bad)
    yield 'gz-bad-page-member.warc.gz', b''.join(m), without_first, False, \
        sum(len(x) for x in m[:first_page])
    m = list(members)
    m.insert(first_page + 1, b'\x00garbage between members\x1f\x8b')
    yield 'gz-garbage.warc.gz', b''.join(m), pages, False, \
        sum(len(x) for x in members[:first_page + 1])
    yield 'stdin-gz-garbage.warc.gz', b''.join(m), pages, True, None
    m = list(members)
    m[image] = gzip.compress(set_length(recs[image], 500), mtime=0)
    yield 'gz-length-long.warc.gz', b''.join(m), pages, False, sum(len(x) for x in m[:image])
    m = list(members)
    m[image] = gzip.compress(set_length(recs[image], -20), mtime=0)
    yield 'gz-length-short.warc.gz', b''.join(m), pages, False, None
    data = b''.join(members[:last_page]) + members[last_page][:len(members[last_page]) // 2]
    yield 'gz-truncated.warc.gz', data, [p for p in pages if p != last_url], False, None
    # a page's member whose data inflates whole but whose check (CRC-32) is
    # wrong: the record is as corrupt as its member
    m = list(members)
    bad = bytearray(m[first_page])
    bad[-8] ^= 0x01
    m[first_page] = bytes(bad)
    yield 'gz-bad-crc-page.warc.gz', b''.join(m), without_first, False, \
        sum(len(x) for x in m[:first_page])
    # the same page as the file's first record (whose end also tells a file
    # of one member per record from one gzipped whole)
    m = [bytes(bad)] + members[:first_page] + members[first_page + 1:]
    yield 'gz-bad-crc-first.warc.gz', b''.join(m), without_first, False, 0
    # one member for the whole file, damaged in the last page: the records
    # before the damage are read, however the input is cut into reads.  The
    # damage is a reserved block type in the header of the block that starts
    # the last page (a full flush puts it on a byte boundary), which inflate
    # refuses at once; bytes flipped inside a block may instead inflate to
    # other bytes that only the member's CRC-32 at its end finds wrong, after
    # the page was written, and which bytes a crawl's compressed data has
    # varies with the records' dates and ids
    z = zlib.compressobj(6, zlib.DEFLATED, 31)
    whole = bytearray(z.compress(b''.join(recs[:last_page])) + z.flush(zlib.Z_FULL_FLUSH))
    at = len(whole)
    whole += z.compress(b''.join(recs[last_page:])) + z.flush()
    whole[at] |= 0x06
    yield 'whole-bad-last-page.warc.gz', bytes(whole), [p for p in pages if p != last_url], \
        False, None
    # one member for the whole file
    yield 'whole-garbage.warc.gz', gzip.compress(b''.join(cut), mtime=0), pages, False, None
