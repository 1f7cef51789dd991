#!/usr/bin/python3
# The HTTP server is safe to start in a classroom: nothing outside the
# document root is served whatever the request target looks like, broken
# and oversized requests get their 4xx and the server keeps serving, and
# a crowd of idle connections does not keep a new client waiting.
import sys
sys.dont_write_bytecode = True

import os
import resource
import shutil
import socket
import tempfile
import time
import unittest
import uuid

import common

IDLE_CONNECTIONS = 500
SERVE_DEADLINE = 2.0          # seconds for a new client among the idle ones
# The server's default idle timeout is 15 s; allow for its 250 ms tick
IDLE_TIMEOUT_BOUND = 20.0


class Traversal(unittest.TestCase):
    """A root with a dot-file and symbolic links that lead out; a secret
    next to the root and the system's /etc/passwd must never come back."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="socket-lab-security-")
        base = cls.tmp.name
        cls.secret = ("SECRET-" + uuid.uuid4().hex).encode()
        root = os.path.join(base, "root")
        os.makedirs(os.path.join(root, "sub"))
        with open(os.path.join(base, "secret.txt"), "wb") as f:
            f.write(cls.secret + b"\n")
        with open(os.path.join(root, ".secret"), "wb") as f:
            f.write(cls.secret + b" (dot-file)\n")
        os.mkdir(os.path.join(root, ".git"))
        with open(os.path.join(root, ".git", "config"), "wb") as f:
            f.write(cls.secret + b" (dot-folder)\n")
        cls.index = b"<!DOCTYPE html>\n<h1>Inside the root</h1>\n"
        with open(os.path.join(root, "index.html"), "wb") as f:
            f.write(cls.index)
        cls.inner = b"a file in a subfolder\n"
        with open(os.path.join(root, "sub", "inner.txt"), "wb") as f:
            f.write(cls.inner)
        # links that lead out of the root
        os.symlink(os.path.join(base, "secret.txt"), os.path.join(root, "link-out.txt"))
        os.symlink("../../secret.txt", os.path.join(root, "sub", "relative-out.txt"))
        os.symlink(base, os.path.join(root, "link-dir"))
        os.symlink("/etc", os.path.join(root, "sub", "etc"))
        # a link that stays inside is followed
        os.symlink("sub/inner.txt", os.path.join(root, "link-in.txt"))
        os.mkfifo(os.path.join(root, "fifo"))
        cls.unix_socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        cls.unix_socket.bind(os.path.join(root, "unix-socket"))
        with open("/etc/passwd", "rb") as f:
            cls.passwd_line = f.readline().strip()
        cls.app, cls.port = common.start_http_app("--root=%s" % root)

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()
        cls.unix_socket.close()
        cls.tmp.cleanup()

    def assert_still_serving(self, after):
        response = common.http_get(self.port, "/")
        self.assertEqual(response.status, 200, "after %r: %r" % (after, response))
        self.assertEqual(response.body, self.index, "after %r" % (after,))
        self.assertTrue(self.app.alive(), self.app.describe())

    def assert_refused(self, response, what):
        self.assertIn(response.status, (400, 403, 404), "%r got %r" % (what, response))
        self.assertNotIn(self.secret, response.body, "%r returned the secret" % (what,))
        self.assertNotIn(self.passwd_line, response.body, "%r returned /etc/passwd" % (what,))
        self.assertNotIn(b"root:x:0:0", response.body, "%r returned /etc/passwd" % (what,))

    def test_controls_are_served(self):
        # The battery below only means something if these work
        response = common.http_get(self.port, "/sub/inner.txt")
        self.assertEqual((response.status, response.body), (200, self.inner))
        response = common.http_get(self.port, "/link-in.txt")
        self.assertEqual((response.status, response.body), (200, self.inner))

    def test_traversal_battery(self):
        targets = [
            # plain
            "/../secret.txt",
            "/sub/../../secret.txt",
            "/../../../../../../etc/passwd",
            "/./../secret.txt",
            "/sub/./../../secret.txt",
            # percent-encoded dots and slashes
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/%2e%2e%2fsecret.txt",
            "/%2e%2e%2Fsecret.txt",
            "/..%2fsecret.txt",
            "/sub/%2e%2e%2f%2e%2e%2fsecret.txt",
            "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "/%2f..%2fsecret.txt",
            # double-encoded
            "/%252e%252e%252fsecret.txt",
            "/%252e%252e/secret.txt",
            "/..%252fsecret.txt",
            # backslashes, raw and encoded
            "/..\\secret.txt",
            "/sub\\..\\..\\secret.txt",
            "/..%5csecret.txt",
            "/..%5Csecret.txt",
            "/%2e%2e%5csecret.txt",
            "/sub/..%5c..%5csecret.txt",
            # NUL, encoded
            "/secret.txt%00",
            "/index.html%00/../../secret.txt",
            "/%00../secret.txt",
            # overlong UTF-8 for '.' and '/', full-width dots, %u escapes
            "/%c0%ae%c0%ae/secret.txt",
            "/..%c0%afsecret.txt",
            "/%ef%bc%8e%ef%bc%8e/secret.txt",
            "/%u002e%u002e/secret.txt",
            # what other servers have tripped over
            "/..;/secret.txt",
            "/.../secret.txt",
            "/sub/..%00/..%00/secret.txt",
            "/sub/%2e%2e%3b/secret.txt",
            # dot-files and dot-folders
            "/.secret",
            "/%2esecret",
            "/sub/../.secret",
            "/.git/config",
            "/%2egit/config",
            # symbolic links that lead out
            "/link-out.txt",
            "/sub/relative-out.txt",
            "/link-dir/secret.txt",
            "/link-dir/root/../secret.txt",
            "/sub/etc/passwd",
            # absolute-form and other targets that are not origin-form
            "http://127.0.0.1/../secret.txt",
            "http://127.0.0.1/../../../../etc/passwd",
            "file:///etc/passwd",
            "../secret.txt",
            "*",
            # double slashes: "/etc/passwd" inside the root, not the system's
            "//etc/passwd",
            "/sub//../../secret.txt",
        ]
        results = []
        for target in targets:
            response = common.http_get(self.port, target)
            self.assert_refused(response, target)
            results.append("%d %s" % (response.status, target))
            self.assert_still_serving(target)
        print("\n" + "\n".join(results))

    def test_special_files_do_not_block(self):
        # A FIFO would block a reader that waits for a writer, and a socket
        # cannot be read at all: both are refused at once
        for name in ("fifo", "unix-socket"):
            t0 = time.monotonic()
            response = common.http_get(self.port, "/" + name)
            self.assertIn(response.status, (403, 404), "%s: %r" % (name, response))
            self.assertLess(time.monotonic() - t0, 2.0, name)
            self.assert_still_serving(name)

    def test_raw_nul_and_control_bytes(self):
        for request in (b"GET /index.html\x00/../../secret.txt HTTP/1.1\r\nHost: x\r\n\r\n",
                        b"GET /\x00 HTTP/1.1\r\n\r\n",
                        b"GET /sub/\x01../../secret.txt HTTP/1.1\r\n\r\n",
                        b"GET /index.html HTTP/1.1\r\nX-Evil: a\x00b\r\n\r\n"):
            response = common.http_raw(self.port, request)
            self.assertEqual(response.status, 400, request)
            self.assert_refused(response, request)
            self.assert_still_serving(request)

    def test_request_line_too_long(self):
        # 414 whether the line has ended or not (a client may never end it)
        long_target = b"/" + b"a" * (9 * 1024)
        for request in (b"GET " + long_target + b" HTTP/1.1\r\nHost: x\r\n\r\n",
                        b"GET " + long_target):
            response = common.http_raw(self.port, request)
            self.assertEqual(response.status, 414, response)
            self.assert_still_serving("request line of %d bytes" % len(request))

    def test_headers_too_large(self):
        headers = b"".join(b"X-Filler-%d: %s\r\n" % (i, b"b" * 1000) for i in range(20))
        for request in (b"GET / HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n",
                        b"GET / HTTP/1.1\r\nX-Big: " + b"c" * (17 * 1024)):
            response = common.http_raw(self.port, request)
            self.assertEqual(response.status, 431, response)
            self.assert_still_serving("%d bytes of headers" % len(request))

    def test_headers_just_under_the_limit(self):
        # 15 KiB of headers is big but allowed
        headers = b"".join(b"X-Filler-%d: %s\r\n" % (i, b"b" * 1000) for i in range(15))
        response = common.http_raw(self.port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                   + headers + b"\r\n")
        self.assertEqual(response.status, 200)

    def test_garbage(self):
        garbage = [
            b"hello there\r\n\r\n",
            b"GET\r\n\r\n",
            b"GET /\r\n\r\n",                                   # HTTP/0.9
            b"GET / HTTP/1.1 extra\r\n\r\n",
            b"GET  / HTTP/1.1\r\n\r\n",
            b"GET / http/1.1\r\n\r\n",
            b"G(E)T / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost : x\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n",
            b"\r\n" * 100,
            # a TLS ClientHello: https:// to this server
            bytes.fromhex("160301020001 0001fc0303".replace(" ", "")) + os.urandom(64),
            bytes(range(256)),
            b"\xff\xfe\xfd\r\n\r\n",
        ]
        for request in garbage:
            response = common.http_raw(self.port, request)
            self.assertEqual(response.status, 400, "%r got %r" % (request, response))
            self.assertEqual(response.header("Connection"), "close")
            self.assert_still_serving(request)
        response = common.http_raw(self.port, b"GET / HTTP/2.0\r\n\r\n")
        self.assertEqual(response.status, 505)
        self.assert_still_serving("HTTP/2.0")

    def test_garbage_after_a_good_request(self):
        # on a kept-alive connection, a broken second request gets its 400
        # and the connection is closed; the first answer is intact
        with socket.create_connection(("127.0.0.1", self.port), timeout=common.IO_TIMEOUT) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n\x16\x03\x01garbage\r\n\r\n")
            reader = common.HttpReader(s)
            first = reader.response()
            second = reader.response()
            self.assertEqual(reader.buffer, b"")
            self.assertEqual(common.recv_until_eof(s), b"")
        self.assertEqual((first.status, first.body), (200, self.index))
        self.assertEqual(second.status, 400)
        self.assert_still_serving("a pipelined garbage request")


class IdleConnections(unittest.TestCase):
    @staticmethod
    def closed_by_peer(sock, deadline):
        """Whether the server closes @sock before @deadline (the half
        requests may get an answer first)."""
        while True:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                if not sock.recv(65536):
                    return True
            except socket.timeout:
                return False
            except ConnectionResetError:
                return True

    def curl_quickly(self, port):
        t0 = time.monotonic()
        rc, out, err = common.run_tool(["curl", "-sS", "--noproxy", "*", "--max-time", "5",
                                        "-o", "/dev/null", "-w", "%{http_code}",
                                        "http://127.0.0.1:%d/" % port], b"")
        self.assertEqual((rc, out), (0, b"200"), err)
        self.assertLess(time.monotonic() - t0, SERVE_DEADLINE)

    def test_idle_connections_do_not_starve(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = IDLE_CONNECTIONS * 2 + 256
        if soft < want:
            if hard != resource.RLIM_INFINITY and hard < want:
                self.skipTest("RLIMIT_NOFILE hard limit %d is below %d" % (hard, want))
            # the app inherits it as well
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))

        app, port = common.start_http_app()
        idle = []
        try:
            started = time.monotonic()
            for i in range(IDLE_CONNECTIONS):
                s = socket.create_connection(("127.0.0.1", port), timeout=common.IO_TIMEOUT)
                if i % 2:
                    # half a request: the line, no end of headers
                    s.sendall(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                idle.append(s)
            opened = time.monotonic() - started

            t0 = time.monotonic()
            response = common.http_get(port, "/", timeout=SERVE_DEADLINE + 3)
            elapsed = time.monotonic() - t0
            print("\n%d idle connections opened in %.2f s; a new GET / was served in %.1f ms"
                  % (IDLE_CONNECTIONS, opened, elapsed * 1000))
            self.assertEqual(response.status, 200)
            self.assertIn(b"Hello from Socket Lab", response.body)
            self.assertLess(elapsed, SERVE_DEADLINE)

            # curl too, as a student would try it now
            if shutil.which("curl") is not None:
                self.curl_quickly(port)

            # The idle ones are closed by the server's idle timeout, so they
            # cannot hold descriptors for ever
            deadline = started + IDLE_TIMEOUT_BOUND
            closed = 0
            for s in idle:
                if not self.closed_by_peer(s, deadline):
                    break
                closed += 1
            print("%d of %d idle connections closed by the server within %.0f s"
                  % (closed, IDLE_CONNECTIONS, time.monotonic() - started))
            self.assertEqual(closed, IDLE_CONNECTIONS)

            response = common.http_get(port, "/")
            self.assertEqual(response.status, 200)
            self.assertTrue(app.alive(), app.describe())
        finally:
            for s in idle:
                s.close()
            app.stop()


if __name__ == "__main__":
    common.main()
