#!/usr/bin/python3
# --reply=number-game: "name,number" with 1..100 -> "server name,random";
# anything else -> the server closes without a word.
import sys
sys.dont_write_bytecode = True

import re
import socket
import unittest

import common


class NumberGame(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = common.free_port()
        cls.app = common.App("--tcp-server=127.0.0.1:%d" % cls.port, "--reply=number-game")
        cls.app.wait_port(cls.port)

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()

    def tearDown(self):
        self.assertTrue(self.app.alive(), self.app.describe())

    def play(self, message):
        with socket.create_connection(("127.0.0.1", self.port), timeout=common.IO_TIMEOUT) as s:
            s.sendall(message)
            try:
                return common.recv_until_eof(s)
            except ConnectionResetError:
                self.fail("%r: the app reset the connection (RST) instead of closing it" % message)

    def test_in_range(self):
        # the course's client: sendall("name,number"), recv(1024)
        for number in (1, 42, 100):
            with socket.create_connection(("127.0.0.1", self.port),
                                          timeout=common.IO_TIMEOUT) as s:
                s.sendall(b"Alice,%d" % number)
                reply = s.recv(1024)
            m = re.match(rb"^Socket Lab,(\d+)$", reply)
            self.assertIsNotNone(m, "Alice,%d -> %r" % (number, reply))
            self.assertTrue(1 <= int(m.group(1)) <= 100, reply)

    def test_out_of_range_closes_silently(self):
        for message in (b"Alice,500", b"Alice,0", b"Alice,-3", b"no comma here"):
            self.assertEqual(self.play(message), b"", message)


if __name__ == "__main__":
    common.main()
