#!/usr/bin/env python3
# reader.py -- the reader view (--style=reader) as a person sees it: renders
# pith's html output of three pages in headless Chromium at a phone width
# (390 px, mobile) and a desktop width (1280 px), light and dark, and asserts
# from the rendered layout, not from the HTML text:
#   - nothing is wider than the viewport (no sideways scrolling; a wide
#     table scrolls inside its own wrapper);
#   - the story column is 30em to 45em wide on the desktop, centred, and no
#     paragraph's lines are wider than 42em;
#   - every story block's text (pith's jsonl) is in the rendered text, and
#     every text block has a box, is visible, legible against the
#     background, and not clipped by an ancestor;
#   - images are loaded, scaled into the column, captions under them;
#   - the header's link to the original is there, visible, with the bypass.
# Screenshots of every page at both widths (and the reference page dark),
# whole and its first screen, are written to $READER_SHOTS (default
# tests/reader-shots).
#
# Chromium is driven through its DevTools protocol over a WebSocket (a small
# client below, standard library only): the page itself holds no script;
# the measuring runs from outside, as Runtime.evaluate.  No network: images
# are pointed at a local PNG, and the host resolver refuses every name.
#
# Usage: reader.py PITH TESTS_DATA PAGES_DIR
# READER_PAGES="x.html ..." renders those labelled pages instead of the two.
# Exit: 0 passed, 1 failed, 77 skipped (no chromium).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
import base64, json, os, re, shutil, socket, struct, subprocess, sys, tempfile, time
import urllib.request, zlib

PITH, DATA, PAGES = sys.argv[1:4]
SHOTS = os.environ.get('READER_SHOTS', 'tests/reader-shots')
WIDTHS = (390, 1280)
# (name, file, url given with --url: what a proxy passes, bypass included)
CASES = [
    ('nzherald', os.path.join(DATA, 'nzherald.html'),
     'https://www.nzherald.co.nz/world/donald-trump-putin-woodward-book/?pith-bypass=1'),
    ('blog-wordpress', os.path.join(PAGES, 'blog-wordpress.html'),
     'https://blog.example.org/2024/05/a-post/?pith-bypass=1'),
    ('docs-sphinx', os.path.join(PAGES, 'docs-sphinx.html'),
     'https://docs.example.org/en/latest/guide.html?pith-bypass=1'),
]
# READER_PAGES="a.html b.html" (names in PAGES_DIR): other labelled pages instead
if os.environ.get('READER_PAGES'):
    CASES[1:] = [(os.path.splitext(p)[0], os.path.join(PAGES, p), f'https://{os.path.splitext(p)[0]}'
                  f'.example/story?pith-bypass=1') for p in os.environ['READER_PAGES'].split()]

failures = []


def check(ok, what):
    print(('ok   ' if ok else 'FAIL ') + what)
    if not ok:
        failures.append(what)


# ---- a minimal WebSocket client (RFC 6455), enough for DevTools -------------

class WebSocket:
    def __init__(self, url, timeout=30):
        m = re.match(r'ws://([^/:]+):(\d+)(/.*)', url)
        self.sock = socket.create_connection((m.group(1), int(m.group(2))), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f'GET {m.group(3)} HTTP/1.1\r\nHost: {m.group(1)}:{m.group(2)}\r\n'
                           f'Upgrade: websocket\r\nConnection: Upgrade\r\n'
                           f'Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n').encode())
        head = b''
        while b'\r\n\r\n' not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise IOError('websocket handshake: connection closed')
            head += chunk
        if b' 101 ' not in head.split(b'\r\n', 1)[0]:
            raise IOError('websocket handshake refused: ' + head.decode(errors='replace'))

    def _read(self, n):
        buf = b''
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise IOError('websocket closed')
            buf += chunk
        return buf

    def send(self, text):
        data = text.encode()
        n = len(data)
        head = bytes([0x81])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack('>H', n)
        else:
            head += bytes([0x80 | 127]) + struct.pack('>Q', n)
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        message = b''
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7f
            if n == 126:
                n = struct.unpack('>H', self._read(2))[0]
            elif n == 127:
                n = struct.unpack('>Q', self._read(8))[0]
            payload = self._read(n)
            opcode = b0 & 0x0f
            if opcode == 0x8:
                raise IOError('websocket closed by chromium')
            if opcode in (0x9, 0xa):
                continue                    # ping/pong: nothing to do
            message += payload
            if b0 & 0x80:
                return message.decode()


class DevTools:
    def __init__(self, ws):
        self.ws, self.next_id, self.events = ws, 0, []

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({'id': self.next_id, 'method': method, 'params': params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get('id') == self.next_id:
                if 'error' in msg:
                    raise RuntimeError(f'{method}: {msg["error"]}')
                return msg.get('result', {})
            self.events.append(msg)

    def wait_event(self, method, timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            for i, ev in enumerate(self.events):
                if ev.get('method') == method:
                    del self.events[i]
                    return ev
            self.events.append(json.loads(self.ws.recv()))
        raise TimeoutError(method)


# ---- the page's measurements (run in the page by Runtime.evaluate) ----------

MEASURE = r'''
(async (expected, wantLink) => {
  await document.fonts.ready;
  const de = document.documentElement, body = document.body;
  const vw = de.clientWidth, bs = getComputedStyle(body), em = parseFloat(bs.fontSize);
  const br = body.getBoundingClientRect();
  const col = body.clientWidth - parseFloat(bs.paddingLeft) - parseFloat(bs.paddingRight);
  const out = {vw, em, col_em: col / em, scroll_w: de.scrollWidth,
               margins: [br.left, vw - br.right], problems: [], max_p_em: 0,
               blocks: 0, images: 0, scaled: 0, missing: []};
  const bad = m => { if (out.problems.length < 40) out.problems.push(m); };
  const name = el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') +
      ' "' + el.textContent.replace(/\s+/g, ' ').trim().slice(0, 40) + '"';
  const rgb = s => (s.match(/[\d.]+/g) || [0, 0, 0]).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const contrast = (a, b) => { const x = lum(a), y = lum(b);
      return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const page_bg = rgb(getComputedStyle(de).backgroundColor);
  // nothing sticks out sideways; inside a table wrapper the wrapper scrolls
  for (const el of body.querySelectorAll('*')) {
    const wrap = el.closest('.pith-table');
    if (wrap && wrap !== el) continue;
    const r = el.getBoundingClientRect();
    if (r.width && (r.left < -0.5 || r.right > vw + 0.5))
      bad(`${name(el)}: ${Math.round(r.left)}..${Math.round(r.right)} outside 0..${vw}`);
  }
  // every text block visible, legible, not clipped
  for (const el of body.querySelectorAll(
       'p,li,h1,h2,h3,h4,h5,h6,figcaption,td,th,pre,dt,dd,blockquote,header')) {
    if (!el.textContent.trim()) continue;
    out.blocks++;
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    if (r.width < 1 || r.height < 1) bad(`${name(el)}: no box`);
    if (cs.visibility !== 'visible' || cs.display === 'none') bad(`${name(el)}: hidden`);
    if (parseFloat(cs.fontSize) < 11) bad(`${name(el)}: font ${cs.fontSize}`);
    let op = 1;
    for (let a = el; a; a = a.parentElement) op *= parseFloat(getComputedStyle(a).opacity);
    if (op < 0.9) bad(`${name(el)}: opacity ${op}`);
    if (contrast(rgb(cs.color), page_bg) < 4.5)
      bad(`${name(el)}: contrast ${contrast(rgb(cs.color), page_bg).toFixed(2)}`);
    for (let a = el; a && a !== de; a = a.parentElement) {
      const as = getComputedStyle(a);
      for (const [axis, v] of [['x', as.overflowX], ['y', as.overflowY]]) {
        if (v === 'visible') continue;
        if (v === 'hidden' || v === 'clip') bad(`${name(el)}: clipped by ${name(a)} (${axis})`);
        else if (a.classList.contains('pith-table')) {
          // a table scrolls sideways (overflow-x:auto makes overflow-y auto
          // too): it must never need to scroll down
          if (axis === 'y' && a.scrollHeight > a.clientHeight + 1)
            bad(`${name(el)}: ${name(a)} scrolls vertically`);
        } else if (a !== body)
          bad(`${name(el)}: in a scroller ${name(a)} (${axis})`);
      }
      if (as.maxHeight !== 'none') bad(`${name(el)}: max-height on ${name(a)}`);
      // a box its text overflows has a height of its own: text would overlap
      if ((as.display === 'block' || as.display === 'list-item') && a.scrollHeight > a.clientHeight + 2)
        bad(`${name(el)}: ${name(a)} is shorter than its text`);
    }
    if (el.tagName === 'P' && !el.closest('.pith-table'))
      out.max_p_em = Math.max(out.max_p_em, r.width / em);
  }
  // every story block's text is in the text a person sees (innerText
  // leaves out what is not rendered)
  const seen = body.innerText.replace(/\s+/g, '');
  for (const t of expected)
    if (!seen.includes(t.replace(/\s+/g, ''))) out.missing.push(t.slice(0, 60));
  // images: loaded, within the column, captions under them
  for (const img of body.querySelectorAll('img')) {
    out.images++;
    const r = img.getBoundingClientRect();
    if (!img.complete || !img.naturalWidth) bad(`img ${img.src.slice(-30)}: not loaded`);
    if (r.right > br.right - parseFloat(bs.paddingRight) + 0.5 || r.width > col + 0.5)
      bad(`img: ${Math.round(r.width)} px wide in a ${Math.round(col)} px column`);
    if (r.width < img.naturalWidth) out.scaled++;
    const fig = img.closest('figure'), cap = fig && fig.querySelector('figcaption');
    if (cap && cap.getBoundingClientRect().top < r.bottom - 1) bad('figcaption not under its image');
  }
  // the header: the site, and the link to the original with the bypass
  const site = body.querySelector('header.pith-site'), link = body.querySelector('a.pith-original');
  out.site = site ? site.innerText.replace(/\s+/g, ' ').trim() : null;
  out.link = link ? link.href : null;
  if (wantLink) {
    if (!link) bad('no link to the original');
    else {
      const r = link.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || r.right > vw) bad('link to the original not visible');
      const h1 = body.querySelector('h1');
      if (h1 && h1.getBoundingClientRect().top < r.bottom) bad('header not above the headline');
    }
  }
  return out;
})
'''


# ---- setup ------------------------------------------------------------------

def png(w, h):
    """A w x h PNG: bands of colour, so a screenshot shows where it went."""
    rows = b''
    for y in range(h):
        c = (70 + (y * 120 // h), 110, 150 - (y * 60 // h))
        rows += b'\x00' + bytes(c) * w
    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data +
                struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
            chunk(b'IDAT', zlib.compress(rows, 6)) + chunk(b'IEND', b''))


def story_texts(page):
    out = subprocess.run([PITH, '--format=jsonl', page], capture_output=True, check=True).stdout
    return [json.loads(line)['text'] for line in out.decode().split('\n') if line.strip()]


def main():
    chrome = shutil.which('chromium') or shutil.which('chromium-browser') or shutil.which('google-chrome')
    if not chrome:
        print('reader: chromium not installed, the reader view is not checked')
        return 77
    tmp = tempfile.mkdtemp(prefix='pith-reader.')
    os.makedirs(SHOTS, exist_ok=True)
    image = os.path.join(tmp, 'photo.png')
    with open(image, 'wb') as f:
        f.write(png(1600, 900))
    docs = []
    for name, page, url in CASES:
        html = subprocess.run([PITH, '--url=' + url, page], capture_output=True,
                              check=True).stdout.decode()
        check('<style>' in html and '<script' not in html.lower(),
              f'{name}: an inline stylesheet and no script')
        # every image points at the local photo: no network, real scaling
        html = re.sub(r'<img src="[^"]*"', f'<img src="file://{image}"', html)
        path = os.path.join(tmp, name + '.html')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(html)
        docs.append((name, path, url, story_texts(page)))

    proc = subprocess.Popen(
        [chrome, '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--disable-extensions', '--hide-scrollbars', '--host-resolver-rules=MAP * ~NOTFOUND',
         '--remote-debugging-port=0', '--remote-allow-origins=*',
         '--user-data-dir=' + os.path.join(tmp, 'profile'), 'about:blank'],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = os.path.join(tmp, 'profile', 'DevToolsActivePort')
        for _ in range(200):
            if os.path.exists(port_file) and len(open(port_file).read().split()) >= 2:
                break
            time.sleep(0.05)
        port = int(open(port_file).read().split()[0])
        targets = None
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        for _ in range(100):
            try:
                with opener.open(f'http://127.0.0.1:{port}/json/list', timeout=5) as r:
                    targets = [t for t in json.load(r) if t['type'] == 'page']
                if targets:
                    break
            except (OSError, ValueError):
                pass
            time.sleep(0.05)
        dt = DevTools(WebSocket(targets[0]['webSocketDebuggerUrl']))
        dt.call('Page.enable')
        dt.call('Runtime.enable')
        for name, path, url, texts in docs:
            schemes = ('light', 'dark') if name == 'nzherald' else ('light',)
            for width in WIDTHS:
                for scheme in schemes:
                    run(dt, name, path, url, texts, width, scheme)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f'reader: screenshots in {SHOTS}')
    if failures:
        print(f'reader: {len(failures)} checks failed')
        return 1
    return 0


def run(dt, name, path, url, texts, width, scheme):
    tag = f'{name} at {width} px, {scheme}'
    dt.call('Emulation.setDeviceMetricsOverride', width=width, height=900 if width > 600 else 844,
            deviceScaleFactor=1, mobile=width < 600)
    dt.call('Emulation.setEmulatedMedia', features=[{'name': 'prefers-color-scheme', 'value': scheme}])
    dt.events.clear()
    dt.call('Page.navigate', url='file://' + path)
    dt.wait_event('Page.loadEventFired')
    res = dt.call('Runtime.evaluate', expression=f'({MEASURE})({json.dumps(texts)}, true)',
                  awaitPromise=True, returnByValue=True)
    if 'exceptionDetails' in res:
        check(False, f'{tag}: measuring failed: {res["exceptionDetails"]}')
        return
    m = res['result']['value']
    check(m['scroll_w'] <= m['vw'], f'{tag}: no sideways scrolling (page {m["scroll_w"]} px, '
                                    f'viewport {m["vw"]} px)')
    check(not m['problems'], f'{tag}: {m["blocks"]} text blocks and {m["images"]} images in view, '
                             f'visible, unclipped' + ''.join('\n       ' + p for p in m['problems']))
    check(not m['missing'], f'{tag}: all {len(texts)} story blocks in the rendered text' +
          ''.join('\n       missing: ' + t for t in m['missing']))
    if width >= 1000:
        check(30 <= m['col_em'] <= 45, f'{tag}: column {m["col_em"]:.1f}em wide (30-45em)')
        check(m['max_p_em'] <= 42, f'{tag}: widest paragraph {m["max_p_em"]:.1f}em (<= 42em)')
        check(abs(m['margins'][0] - m['margins'][1]) <= 2,
              f'{tag}: column centred (margins {m["margins"][0]:.0f} and {m["margins"][1]:.0f} px)')
    elif m['images']:
        check(m['scaled'] == m['images'], f'{tag}: {m["scaled"]} of {m["images"]} images scaled down')
    check(m['link'] == url, f'{tag}: header "{m["site"]}" links to the original with the bypass')
    # a screenshot of the whole page (at most 5000 px tall)
    metrics = dt.call('Page.getLayoutMetrics')
    height = min(5000, int(metrics['cssContentSize']['height']) + 1)
    shot = dt.call('Page.captureScreenshot', format='png', captureBeyondViewport=True,
                   clip={'x': 0, 'y': 0, 'width': width, 'height': height, 'scale': 1})
    with open(os.path.join(SHOTS, f'{name}-{width}-{scheme}.png'), 'wb') as f:
        f.write(base64.b64decode(shot['data']))
    # and the first screen, as a person sees it on opening the page
    shot = dt.call('Page.captureScreenshot', format='png',
                   clip={'x': 0, 'y': 0, 'width': width,
                         'height': min(height, 900 if width > 600 else 844), 'scale': 1})
    with open(os.path.join(SHOTS, f'{name}-{width}-{scheme}-top.png'), 'wb') as f:
        f.write(base64.b64decode(shot['data']))


if __name__ == '__main__':
    sys.exit(main())
