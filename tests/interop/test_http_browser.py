#!/usr/bin/python3
# A real browser against the HTTP server: headless Chromium (Debian's
# `chromium` package) loads the sample site from `socket-lab --http`, in
# English, Japanese and Korean (Accept-Language).  The DOM must hold the
# page's heading, and the screenshot must show what only the stylesheet
# (the page's background colour) and the image (the green socket) can
# paint, so the browser did fetch both.  The screenshots are kept in the
# build directory for a human to look at.
#
# Chromium must reach nothing but 127.0.0.1: no proxy, no background
# services, and every host name except 127.0.0.1 resolves to nothing.
import sys
sys.dont_write_bytecode = True

import html.parser
import os
import shutil
import struct
import tempfile
import unittest
import urllib.parse
import urllib.request
import zlib

import common

BROWSER_TIMEOUT = 40.0

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",              # the tests may run as root
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-proxy-server",
    "--disable-background-networking",
    "--disable-sync",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-breakpad",
    "--disable-client-side-phishing-detection",
    "--disable-domain-reliability",
    "--metrics-recording-only",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--hide-scrollbars",
    "--window-size=1024,768",
]

# Colours of the sample site: the page background comes from style.css,
# the green socket from socket.svg, the heading's blue from both.
CSS_BACKGROUND = (0xf6, 0xf5, 0xf4)
SVG_GREEN = (0x26, 0xa2, 0x69)
BLUE = (0x1c, 0x71, 0xd8)

HEADINGS = {
    "en": "Hello from Socket Lab",
    "ja": "Socket Lab からこんにちは",
    "ko": "Socket Lab에서 보내는 인사",
}


def find_chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path is not None:
            return path
    return None


def screenshot_dir():
    """tests/interop in the build directory (the app is build/src/socket-lab)."""
    build_root = os.path.dirname(os.path.dirname(os.path.abspath(common.APP)))
    path = os.path.join(build_root, "tests", "interop")
    os.makedirs(path, exist_ok=True)
    return path


def decode_png(data, max_rows=None):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit, non-interlaced
    RGB or RGBA PNG, as Chromium writes its screenshots; only the first
    @max_rows rows when given (pure Python is slow)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError("not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        raise AssertionError("unexpected PNG format %r" % (header,))
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    previous = bytearray(stride)
    rows = []
    for y in range(height if max_rows is None else min(height, max_rows)):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xff
            elif kind == 2:
                line[i] = (line[i] + b) & 0xff
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xff
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xff
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(width)])
        previous = line
    return width, height, rows


def colour_counts(rows, colours):
    counts = dict.fromkeys(colours, 0)
    for row in rows:
        for pixel in row:
            if pixel in counts:
                counts[pixel] += 1
    return counts


class Resources(html.parser.HTMLParser):
    """Heading text and the stylesheet and image URLs of a page."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.images, self.h1 = [], [], ""
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs.get("href"))
        elif tag == "img":
            self.images.append(attrs.get("src"))
        elif tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data


class Browser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.chromium = find_chromium()
        cls.profiles = tempfile.TemporaryDirectory(prefix="socket-lab-chromium-")
        cls.app, cls.port = common.start_http_app()
        cls.url = "http://127.0.0.1:%d/" % cls.port
        # urllib, like Chromium, must not go through a proxy
        cls.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()
        cls.profiles.cleanup()

    def tearDown(self):
        self.assertTrue(self.app.alive(), self.app.describe())

    def run_chromium(self, lang, *args):
        profile = os.path.join(self.profiles.name, lang)
        cmd = [self.chromium] + CHROMIUM_FLAGS + [
            "--user-data-dir=" + profile,
            "--lang=" + lang,
            "--accept-lang=" + lang,       # what headless puts in Accept-Language
        ] + list(args) + [self.url]
        rc, out, err = common.run_tool(cmd, b"", timeout=BROWSER_TIMEOUT)
        self.assertEqual(rc, 0, "%s failed: %s" % (" ".join(cmd), err.decode("utf-8", "replace")[-2000:]))
        return out, err

    def check_page(self, lang):
        """One Chromium run: the DOM on stdout and a screenshot"""
        path = os.path.join(screenshot_dir(), "http-browser-%s.png" % lang)
        if os.path.exists(path):
            os.unlink(path)
        out, _ = self.run_chromium(lang, "--dump-dom", "--screenshot=" + path)
        self.check_dom(lang, out)
        self.check_screenshot(lang, path)

    def check_dom(self, lang, out):
        page = Resources()
        page.feed(out.decode("utf-8"))
        self.assertEqual(page.h1.strip(), HEADINGS[lang], "%s: %s" % (lang, out[:2000]))
        self.assertEqual(page.stylesheets, ["style.css"])
        self.assertEqual(page.images, ["socket.svg"])
        # What the browser fetched next, fetched again: both are there
        for href, mime in ((page.stylesheets[0], "text/css"), (page.images[0], "image/svg+xml")):
            with self.opener.open(urllib.parse.urljoin(self.url, href), timeout=common.IO_TIMEOUT) as r:
                self.assertEqual(r.status, 200, href)
                self.assertEqual(r.headers.get_content_type(), mime, href)
                self.assertGreater(len(r.read()), 0, href)

    def check_screenshot(self, lang, path):
        # The header (picture and heading) is in the top 140 rows
        with open(path, "rb") as f:
            width, height, rows = decode_png(f.read(), max_rows=140)
        self.assertEqual((width, height), (1024, 768))
        counts = colour_counts(rows, (CSS_BACKGROUND, SVG_GREEN, BLUE))
        print("\nscreenshot (%s): %s, %dx%d; in its top %d rows: %d background, "
              "%d green, %d blue pixels" % (lang, path, width, height, len(rows),
                                            counts[CSS_BACKGROUND], counts[SVG_GREEN], counts[BLUE]))
        # The background fills most of it: the stylesheet was applied
        self.assertGreater(counts[CSS_BACKGROUND], width * len(rows) // 2, counts)
        # The green socket (about 30x36 px) was drawn: the image was loaded
        self.assertGreater(counts[SVG_GREEN], 500, counts)
        self.assertGreater(counts[BLUE], 500, counts)

    def test_english(self):
        self.check_page("en")

    def test_japanese(self):
        self.check_page("ja")

    def test_korean(self):
        self.check_page("ko")


if __name__ == "__main__":
    if find_chromium() is None:
        print("SKIP: chromium is not installed (Debian: apt-get install chromium)")
        sys.exit(common.SKIP)
    common.main()
