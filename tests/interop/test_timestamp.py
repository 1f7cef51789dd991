#!/usr/bin/python3
# --reply=timestamp: read once, answer struct.pack("d", time.time()) followed
# by the bytes read, then close.
import sys
sys.dont_write_bytecode = True

import socket
import struct
import time
import unittest

import common


class Timestamp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = common.free_port()
        cls.app = common.App("--tcp-server=127.0.0.1:%d" % cls.port, "--reply=timestamp")
        cls.app.wait_port(cls.port)

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()

    def tearDown(self):
        self.assertTrue(self.app.alive(), self.app.describe())

    def test_timestamp_echo(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=common.IO_TIMEOUT) as s:
            s.sendall(b"ping")
            data = common.recv_until_eof(s)
        now = time.time()
        self.assertEqual(len(data), 8 + 4, data)
        (stamp,) = struct.unpack("d", data[:8])
        self.assertLess(abs(stamp - now), 5.0, "timestamp %r vs time.time() %r" % (stamp, now))
        self.assertEqual(data[8:], b"ping")


if __name__ == "__main__":
    common.main()
