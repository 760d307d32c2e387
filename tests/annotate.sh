#!/bin/sh
# --format=annotate: its labels are the jsonl labels, block for block, and the
# page renders in headless Chromium (skipped, exit 77, where it is missing).
# Run by make check with PITH and DATA set.
set -eu
: "${PITH:=./filter/pith}" "${DATA:=tests/data}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
page="$DATA/nzherald.html"

"$PITH" --format=annotate "$page" > "$tmp/annotate.html"
"$PITH" --format=jsonl --keep=all "$page" > "$tmp/blocks.jsonl"

python3 - "$tmp/annotate.html" "$tmp/blocks.jsonl" <<'PY'
import json, sys
from html.parser import HTMLParser

class Marks(HTMLParser):
    """Collects (label, text) of every element with a data-pith attribute."""
    def __init__(self):
        super().__init__()
        self.blocks, self.depth, self.cur = [], 0, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.cur is not None:
            if tag not in ('img', 'br', 'hr', 'wbr'):
                self.depth += 1
        elif 'data-pith' in a:
            self.cur, self.depth, self.text = a['data-pith'], 0, []
    def handle_endtag(self, tag):
        if self.cur is None:
            return
        if self.depth == 0:
            self.blocks.append((self.cur, ' '.join(''.join(self.text).split())))
            self.cur = None
        else:
            self.depth -= 1
    def handle_data(self, data):
        if self.cur is not None:
            self.text.append(data)

m = Marks()
m.feed(open(sys.argv[1], encoding='utf-8').read())
annotated = [(l, t) for l, t in m.blocks if t]
jsonl = [json.loads(line) for line in open(sys.argv[2], encoding='utf-8')]
wanted = [(b['label'], ' '.join(b['text'].split())) for b in jsonl]
labels = {'story', 'navigation', 'advertising', 'recommendation'}
assert len(annotated) == len(wanted), (len(annotated), len(wanted))
for i, (a, j) in enumerate(zip(annotated, wanted)):
    assert a[0] == j[0], (i, a, j)
    assert a[1] == j[1], (i, a[1][:80], j[1][:80])
assert {l for l, _ in annotated} == labels, {l for l, _ in annotated}
print(f'annotate: {len(annotated)} blocks, labels equal to jsonl')
PY

chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
    echo "annotate: chromium not installed, rendering not checked"
    exit 77
fi
# render to a screenshot; --no-sandbox as root, no network for the page
timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/profile" --window-size=1000,1400 \
    --screenshot="$tmp/shot.png" "file://$tmp/annotate.html" >/dev/null 2>&1 || true
python3 - "$tmp/shot.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
w, h = struct.unpack('>II', data[16:24])
assert (w, h) == (1000, 1400), (w, h)
pos, idat = 8, b''
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    if kind == b'IDAT':
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
# the legend and the coloured boxes: a blank page would be one colour
colours = {raw[i:i + 3] for i in range(1, len(raw) - 3, 4 * 97)}
assert len(colours) > 20, f'screenshot looks blank ({len(colours)} colours)'
print(f'annotate: rendered in Chromium, {w}x{h}, {len(colours)} sampled colours')
PY
