#!/usr/bin/python3
# Echo mode against the courses' peers: a Python client in the course's
# style, nc, socat, a persistent line-by-line client, and IPv6 ::1.
import sys
sys.dont_write_bytecode = True

import shutil
import socket
import unittest

import common


class EchoIPv4(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = common.free_port()
        cls.app = common.App("--tcp-server=127.0.0.1:%d" % cls.port, "--reply=echo")
        cls.app.wait_port(cls.port)

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()

    def tearDown(self):
        self.assertTrue(self.app.alive(), self.app.describe())

    def test_python_course_client(self):
        # echo-client.py: create_connection, sendall(b"hello"), recv(1024)
        with socket.create_connection(("127.0.0.1", self.port), timeout=common.IO_TIMEOUT) as s:
            s.sendall(b"hello")
            data = s.recv(1024)
        self.assertEqual(data, b"hello")

    def test_nc_N(self):
        # netcat-openbsd: -N shuts the socket down after EOF on stdin; the
        # echo server then sees EOF and closes, so nc exits by itself.
        if shutil.which("nc") is None:
            self.skipTest("nc is not installed")
        rc, out, err = common.run_tool(["nc", "-N", "127.0.0.1", str(self.port)], b"hello\n")
        self.assertEqual(out, b"hello\n", "nc -N: rc=%d stderr=%r" % (rc, err))
        self.assertEqual(rc, 0, err)

    def test_nc_q1(self):
        if shutil.which("nc") is None:
            self.skipTest("nc is not installed")
        rc, out, err = common.run_tool(["nc", "-q1", "127.0.0.1", str(self.port)], b"hello\n")
        self.assertEqual(out, b"hello\n", "nc -q1: rc=%d stderr=%r" % (rc, err))
        self.assertEqual(rc, 0, err)

    def test_socat(self):
        if shutil.which("socat") is None:
            self.skipTest("socat is not installed")
        rc, out, err = common.run_tool(["socat", "-", "TCP:127.0.0.1:%d" % self.port], b"hello\n")
        self.assertEqual(out, b"hello\n", "socat: rc=%d stderr=%r" % (rc, err))
        self.assertEqual(rc, 0, err)

    def test_persistent_three_lines(self):
        # The client keeps the connection and sends line by line.
        with socket.create_connection(("127.0.0.1", self.port), timeout=common.IO_TIMEOUT) as s:
            for line in (b"first line\n", b"second line\n", b"third line\n"):
                s.sendall(line)
                self.assertEqual(common.recv_exactly(s, len(line)), line)
            s.shutdown(socket.SHUT_WR)
            # echo answers until the peer closes, then closes too
            self.assertEqual(common.recv_until_eof(s), b"")

    def test_binary_bytes_verbatim(self):
        payload = bytes(range(256)) * 4
        self.assertEqual(common.echo_roundtrip(self.port, payload), payload)


class EchoIPv6(unittest.TestCase):
    def test_ipv6_loopback(self):
        if not common.ipv6_loopback_works():
            self.skipTest("::1 is not available")
        port = common.free_port(socket.AF_INET6, "::1")
        app = common.App("--tcp-server=[::1]:%d" % port, "--reply=echo")
        try:
            app.wait_port(port, host="::1")
            with socket.create_connection(("::1", port), timeout=common.IO_TIMEOUT) as s:
                s.sendall(b"hello")
                self.assertEqual(s.recv(1024), b"hello")
            self.assertTrue(app.alive(), app.describe())
        finally:
            app.stop()


if __name__ == "__main__":
    common.main()
