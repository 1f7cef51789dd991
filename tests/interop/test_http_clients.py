#!/usr/bin/python3
# The HTTP server, started with --http (and --root), against the clients
# the courses try it with: curl (GET, HEAD, keep-alive, HTTP/1.0),
# Python's http.client (HEAD, 404, 405, Accept-Language), and a slow
# telnet-style client that types the request one byte at a time; then a
# folder of one's own with --root (index, content types from GIO, no
# listing, pipelining, a big file), and the addresses --http binds.
import sys
sys.dont_write_bytecode = True

import http.client
import os
import re
import select
import shutil
import socket
import struct
import tempfile
import unittest
import urllib.parse
import warnings
import zlib

import common

CURL_TIMEOUT = 15.0


def read_site_file(name):
    with open(os.path.join(common.sample_site_dir(), name), "rb") as f:
        return f.read()


def curl(*args):
    """Runs curl (bounded, loopback only: --noproxy '*'); returns (rc, stdout, stderr)."""
    cmd = ["curl", "--silent", "--show-error", "--noproxy", "*",
           "--max-time", str(int(common.IO_TIMEOUT * 2))] + list(args)
    return common.run_tool(cmd, b"", timeout=CURL_TIMEOUT)


def parse_curl_heads(text):
    """curl -D - output: a list of (status, {header: value}) per response."""
    heads = []
    for block in re.split(r"\r\n\r\n", text):
        lines = [l for l in block.split("\r\n") if l]
        if not lines or not lines[0].startswith("HTTP/"):
            continue
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        heads.append((int(lines[0].split(" ")[1]), headers))
    return heads


def tiny_png():
    """A valid 2x2 RGB PNG, built with zlib."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def gio_mime_type(name):
    """What GIO says the content type of @name is, when gi is available."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ImportWarning)
            import gi
            gi.require_version("Gio", "2.0")
            from gi.repository import Gio
    except (ImportError, ValueError):
        return None
    content_type, _ = Gio.content_type_guess(name, None)
    return Gio.content_type_get_mime_type(content_type)


class SampleSite(unittest.TestCase):
    """The built-in sample site, as `socket-lab --http=127.0.0.1:PORT` serves it."""

    @classmethod
    def setUpClass(cls):
        cls.index = read_site_file("index.html")
        cls.index_ja = read_site_file("index.ja.html")
        cls.index_ko = read_site_file("index.ko.html")
        cls.app, cls.port = common.start_http_app()
        cls.base = "http://127.0.0.1:%d" % cls.port

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()

    def tearDown(self):
        self.assertTrue(self.app.alive(), self.app.describe())

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=common.IO_TIMEOUT)

    # curl --------------------------------------------------------------

    def require_curl(self):
        if shutil.which("curl") is None:
            self.skipTest("curl is not installed")

    def test_curl_get(self):
        self.require_curl()
        for path in ("/", "/index.html"):
            rc, out, err = curl("--dump-header", "/dev/stderr", "--output", "-", self.base + path)
            self.assertEqual(rc, 0, err)
            self.assertEqual(out, self.index, "curl %s: body differs from index.html" % path)
            self.assertRegex(err.decode(), r"(?i)content-type: text/html")
            self.assertRegex(err.decode(), r"(?i)content-length: %d\r\n" % len(self.index))

    def test_curl_not_found(self):
        # The courses' exercise: /index.html is 200, anything else is 404
        self.require_curl()
        rc, out, err = curl("--output", "/dev/null", "--write-out", "%{http_code}",
                            self.base + "/nothing-here.html")
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, b"404")

    def test_curl_head(self):
        self.require_curl()
        rc, out, err = curl("--head", self.base + "/index.html")
        self.assertEqual(rc, 0, err)
        heads = parse_curl_heads(out.decode("iso-8859-1"))
        self.assertEqual(len(heads), 1, out)
        status, headers = heads[0]
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("content-length"), str(len(self.index)))
        self.assertTrue(headers.get("content-type", "").startswith("text/html"), headers)

    def test_head_has_no_body(self):
        # curl would not read a body after HEAD; a raw socket sees every byte
        with socket.create_connection(("127.0.0.1", self.port), timeout=common.IO_TIMEOUT) as s:
            s.sendall(b"HEAD /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = common.recv_until_eof(s)
        head, sep, rest = data.partition(b"\r\n\r\n")
        self.assertEqual(sep, b"\r\n\r\n", data)
        self.assertIn(b"\r\nContent-Length: %d\r\n" % len(self.index), head + b"\r\n")
        self.assertEqual(rest, b"", "bytes after the head of a HEAD response")

    def test_curl_keep_alive(self):
        # Two URLs in one invocation: curl reuses the connection when the
        # server keeps it open, and says so; num_connects is 0 the second time.
        self.require_curl()
        rc, out, err = curl("--verbose", "--output", "/dev/null", "--output", "/dev/null",
                            "--write-out", "connects=%{num_connects} code=%{http_code}\\n",
                            self.base + "/index.html", self.base + "/style.css")
        self.assertEqual(rc, 0, err)
        self.assertEqual(out.decode().split("\n")[:2],
                         ["connects=1 code=200", "connects=0 code=200"], err.decode())
        self.assertIn(b"Re-using existing connection", err)
        self.assertNotIn(b"Connection: close", err)

    def test_curl_http10(self):
        self.require_curl()
        rc, out, err = curl("--http1.0", "--verbose", "--output", "-", self.base + "/")
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, self.index)
        self.assertIn(b"> GET / HTTP/1.0", err)
        # HTTP/1.0 without keep-alive: the server closes after the answer
        self.assertRegex(err.decode(), r"(?i)< connection: close")

    def test_curl_http10_keep_alive(self):
        self.require_curl()
        rc, out, err = curl("--http1.0", "--header", "Connection: keep-alive", "--verbose",
                            "--output", "/dev/null", "--output", "/dev/null",
                            "--write-out", "connects=%{num_connects} code=%{http_code}\\n",
                            self.base + "/", self.base + "/socket.svg")
        self.assertEqual(rc, 0, err)
        self.assertEqual(out.decode().split("\n")[:2],
                         ["connects=1 code=200", "connects=0 code=200"], err.decode())
        self.assertRegex(err.decode(), r"(?i)< connection: keep-alive")

    def test_curl_query_string(self):
        # a path with a query string and a fragment maps to the file itself
        self.require_curl()
        rc, out, err = curl("--output", "-", self.base + "/style.css?v=2")
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, read_site_file("style.css"))

    # Python's http.client ---------------------------------------------------

    def test_http_client_get_twice_on_one_connection(self):
        conn = self.connection()
        try:
            conn.request("GET", "/")
            response = conn.getresponse()
            self.assertEqual(response.status, 200)
            self.assertEqual(response.read(), self.index)
            self.assertIn("Accept-Language", response.getheader("Vary", ""))
            sock = conn.sock
            conn.request("GET", "/socket.svg")
            response = conn.getresponse()
            self.assertEqual(response.status, 200)
            self.assertEqual(response.read(), read_site_file("socket.svg"))
            self.assertTrue(response.getheader("Content-Type").startswith("image/svg+xml"))
            self.assertIs(conn.sock, sock, "http.client had to reconnect: keep-alive failed")
        finally:
            conn.close()

    def test_http_client_head(self):
        conn = self.connection()
        try:
            conn.request("HEAD", "/index.html")
            response = conn.getresponse()
            self.assertEqual(response.status, 200)
            self.assertEqual(response.getheader("Content-Length"), str(len(self.index)))
            self.assertEqual(response.read(), b"")
            # the connection is still in step: no stray body bytes
            conn.request("GET", "/index.html")
            response = conn.getresponse()
            self.assertEqual(response.status, 200)
            self.assertEqual(response.read(), self.index)
        finally:
            conn.close()

    def test_http_client_not_found_escapes_path(self):
        path = "/missing-<b>bold</b>&\"quote\".html"
        conn = self.connection()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read().decode("utf-8")
        finally:
            conn.close()
        self.assertEqual(response.status, 404)
        self.assertTrue(response.getheader("Content-Type").startswith("text/html"))
        self.assertIn("/missing-&lt;b&gt;bold&lt;/b&gt;&amp;", body)
        self.assertNotIn("<b>bold</b>", body)

    def test_http_client_post_is_405(self):
        conn = self.connection()
        try:
            conn.request("POST", "/index.html", body=b"name=student",
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
            response = conn.getresponse()
            response.read()
        finally:
            conn.close()
        self.assertEqual(response.status, 405)
        allow = [m.strip() for m in response.getheader("Allow", "").split(",")]
        self.assertEqual(sorted(allow), ["GET", "HEAD"])
        # the body was not read, so the server must not keep the connection
        self.assertEqual(response.getheader("Connection", "").lower(), "close")

    def test_large_post_still_gets_405(self):
        # A student's form upload: the server answers before the body is
        # in and must not reset the connection under the client's feet
        # (http.client sends the whole body before it reads the answer).
        for _ in range(3):
            conn = self.connection()
            try:
                conn.request("POST", "/", body=b"x" * (4 * 1024 * 1024))
                response = conn.getresponse()
                response.read()
            finally:
                conn.close()
            self.assertEqual(response.status, 405)

    def test_accept_language(self):
        cases = [
            ("ja", self.index_ja, "ja"),
            ("ko", self.index_ko, "ko"),
            ("ko-KR,ko;q=0.9,en;q=0.5", self.index_ko, "ko"),
            ("en;q=0.4, ja-JP;q=0.8, ko;q=0.6", self.index_ja, "ja"),
            ("en-US,en;q=0.9", self.index, None),
            ("fr", self.index, None),
        ]
        for accept, expected, language in cases:
            conn = self.connection()
            try:
                conn.request("GET", "/", headers={"Accept-Language": accept})
                response = conn.getresponse()
                body = response.read()
            finally:
                conn.close()
            self.assertEqual(response.status, 200, accept)
            self.assertEqual(body, expected, "Accept-Language: %s chose the wrong page" % accept)
            self.assertEqual(response.getheader("Content-Language"), language, accept)

    # telnet, typed slowly ---------------------------------------------------------

    def test_slow_telnet_client(self):
        request = b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        with socket.create_connection(("127.0.0.1", self.port), timeout=common.IO_TIMEOUT) as s:
            for i, byte in enumerate(request):
                s.sendall(bytes([byte]))
                if i < len(request) - 1:
                    # nothing may come back before the empty line has ended
                    readable, _, _ = select.select([s], [], [], 0.02)
                    self.assertEqual(readable, [], "the server answered after only %r"
                                     % request[:i + 1])
            response = common.read_http_response(s)
            self.assertEqual(common.recv_until_eof(s), b"")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.body, self.index)

    def test_telnet_bare_newlines(self):
        # Some telnet clients (and students typing into nc) end lines with LF only
        response = common.http_raw(self.port, b"GET /index.html HTTP/1.0\n\n")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.body, self.index)


def listening_addresses(port):
    """Local addresses of the TCP sockets listening on @port, from /proc"""
    found = []
    for name, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
        try:
            with open(name) as f:
                lines = f.readlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] != "0A" or int(port_hex, 16) != port:
                continue
            raw = bytes.fromhex(address)
            # /proc prints each 32-bit word in host (little-endian) order
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.append(socket.inet_ntop(family, raw))
    return found


class Addresses(unittest.TestCase):
    """--http=PORT listens on 127.0.0.1 only; --http=[::1]:PORT on IPv6."""

    def test_port_only_is_loopback(self):
        common.sample_site_dir()
        port = common.free_port()
        app = common.App("--http=%d" % port)
        try:
            app.wait_port(port)
            self.assertEqual(listening_addresses(port), ["127.0.0.1"])
            response = common.http_get(port, "/index.html")
            self.assertEqual(response.status, 200)
        finally:
            app.stop()

    def test_ipv6_loopback_with_curl(self):
        if not common.ipv6_loopback_works():
            self.skipTest("::1 is not available")
        if shutil.which("curl") is None:
            self.skipTest("curl is not installed")
        common.sample_site_dir()
        port = common.free_port(socket.AF_INET6, "::1")
        app = common.App("--http=[::1]:%d" % port)
        try:
            app.wait_port(port, host="::1")
            rc, out, err = curl("--globoff", "--output", "-", "http://[::1]:%d/" % port)
            self.assertEqual(rc, 0, err)
            self.assertEqual(out, read_site_file("index.html"))
            self.assertTrue(app.alive(), app.describe())
        finally:
            app.stop()


class DocumentRoot(unittest.TestCase):
    """--root=DIR: a folder of the student's own."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="socket-lab-root-")
        root = cls.tmp.name
        cls.files = {
            "index.html": b"<!DOCTYPE html>\n<title>My page</title>\n<h1>My own page</h1>\n",
            "style.css": b"h1 { color: green; }\n",
            "picture.png": tiny_png(),
            "notes.txt": "Notes: ソケット 소켓\n".encode("utf-8"),
            # larger than what goes out with the headers: sent with sendfile()
            "big.bin": os.urandom(300 * 1024),
            "docs/page one.html": b"<p>one</p>\n",
            "ソケット 소켓.txt": "名前も UTF-8\n".encode("utf-8"),
        }
        os.mkdir(os.path.join(root, "docs"))
        os.mkdir(os.path.join(root, "empty"))
        for name, data in cls.files.items():
            with open(os.path.join(root, name), "wb") as f:
                f.write(data)
        cls.app, cls.port = common.start_http_app("--root=%s" % root)
        cls.base = "http://127.0.0.1:%d" % cls.port

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()
        cls.tmp.cleanup()

    def tearDown(self):
        self.assertTrue(self.app.alive(), self.app.describe())

    def test_index_served(self):
        response = common.http_get(self.port, "/")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.body, self.files["index.html"])

    def test_content_types(self):
        expected = {"style.css": "text/css", "picture.png": "image/png",
                    "notes.txt": "text/plain", "index.html": "text/html"}
        for name, mime in expected.items():
            response = common.http_get(self.port, "/" + name)
            self.assertEqual(response.status, 200, name)
            self.assertEqual(response.body, self.files[name], name)
            content_type = response.header("Content-Type")
            self.assertEqual(content_type.split(";")[0].strip(), mime, name)
            gio = gio_mime_type(name)
            if gio is not None:
                self.assertEqual(content_type.split(";")[0].strip(), gio,
                                 "%s: the server's type differs from GIO's" % name)
        self.assertIn("charset=utf-8", common.http_get(self.port, "/notes.txt").header("Content-Type"))

    def test_big_file_with_curl(self):
        if shutil.which("curl") is None:
            self.skipTest("curl is not installed")
        rc, out, err = curl("--output", "-", self.base + "/big.bin")
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(out), len(self.files["big.bin"]))
        self.assertEqual(out, self.files["big.bin"])

    def test_encoded_space(self):
        response = common.http_get(self.port, "/docs/page%20one.html")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.body, self.files["docs/page one.html"])

    def test_utf8_file_name(self):
        # the browser sends the name percent-encoded as UTF-8
        target = "/" + urllib.parse.quote("ソケット 소켓.txt")
        response = common.http_get(self.port, target)
        self.assertEqual(response.status, 200, target)
        self.assertEqual(response.body, self.files["ソケット 소켓.txt"])

    def test_directory_without_index(self):
        # Listing is off by default: a folder without index.html is not found,
        # and none of its names leak
        for path in ("/docs/", "/empty/"):
            response = common.http_get(self.port, path)
            self.assertEqual(response.status, 404, path)
            self.assertNotIn(b"page one", response.body)
            self.assertNotIn(b"page%20one", response.body)
            self.assertIn(path.encode(), response.body)

    def test_directory_redirect(self):
        response = common.http_get(self.port, "/docs")
        self.assertEqual(response.status, 301)
        self.assertEqual(response.header("Location"), "/docs/")
        # "Location: //docs/" would send the browser to the host "docs"
        response = common.http_get(self.port, "//docs?x=1")
        self.assertEqual(response.status, 301)
        self.assertEqual(response.header("Location"), "/docs/?x=1")

    def test_pipelined_requests(self):
        # Three requests in one send, the first a file sent with sendfile():
        # three answers, in order, on the one connection
        names = ["big.bin", "style.css", "notes.txt"]
        requests = b"".join(b"GET /%s HTTP/1.1\r\nHost: x\r\n\r\n" % n.encode() for n in names)
        with socket.create_connection(("127.0.0.1", self.port), timeout=common.IO_TIMEOUT) as s:
            s.sendall(requests + b"HEAD /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            reader = common.HttpReader(s)
            for name in names:
                response = reader.response()
                self.assertEqual(response.status, 200, name)
                self.assertEqual(response.body, self.files[name], name)
            response = reader.response(head_request=True)
            self.assertEqual(response.status, 200)
            self.assertEqual(response.header("Content-Length"), str(len(self.files["index.html"])))
            self.assertEqual(reader.buffer, b"")
            self.assertEqual(common.recv_until_eof(s), b"")


if __name__ == "__main__":
    common.main()
