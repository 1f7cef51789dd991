#!/usr/bin/python3
# The course's struct client against an echo server: it sends the format
# string b"11sIf" first, then the packed message; the app echoes bytes
# verbatim, so what comes back unpacks to what was sent.
import sys
sys.dont_write_bytecode = True

import socket
import struct
import unittest

import common


class Struct(unittest.TestCase):
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

    def test_format_then_packed(self):
        fmt = b"11sIf"
        packed = struct.pack(fmt.decode(), b"hello world", 42, 3.5)
        with socket.create_connection(("127.0.0.1", self.port), timeout=common.IO_TIMEOUT) as s:
            s.sendall(fmt)
            self.assertEqual(common.recv_exactly(s, len(fmt)), fmt)
            s.sendall(packed)
            echoed = common.recv_exactly(s, len(packed))
        self.assertEqual(echoed, packed)
        self.assertEqual(struct.unpack(fmt.decode(), echoed), (b"hello world", 42, 3.5))

    def test_back_to_back(self):
        # sent without waiting: the echo may come back in one chunk
        fmt = b"11sIf"
        packed = struct.pack("11sIf", b"hello world", 42, 3.5)
        with socket.create_connection(("127.0.0.1", self.port), timeout=common.IO_TIMEOUT) as s:
            s.sendall(fmt)
            s.sendall(packed)
            echoed = common.recv_exactly(s, len(fmt) + len(packed))
        self.assertEqual(echoed, fmt + packed)


if __name__ == "__main__":
    common.main()
