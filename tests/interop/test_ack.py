#!/usr/bin/python3
# --reply=ack: the threaded course server that reads once, answers ACK and
# closes (port 9999 in the course; a free port here).
import sys
sys.dont_write_bytecode = True

import socket
import unittest

import common


class Ack(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = common.free_port()
        cls.app = common.App("--tcp-server=127.0.0.1:%d" % cls.port, "--reply=ack")
        cls.app.wait_port(cls.port)

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()

    def tearDown(self):
        self.assertTrue(self.app.alive(), self.app.describe())

    def test_ack_then_eof(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=common.IO_TIMEOUT) as s:
            s.sendall(b"Hello, server")
            self.assertEqual(common.recv_until_eof(s), b"ACK")

    def test_course_client(self):
        # client: sendall, data = recv(1024), print(data.decode())
        with socket.create_connection(("127.0.0.1", self.port), timeout=common.IO_TIMEOUT) as s:
            s.sendall(b"x")
            self.assertEqual(s.recv(1024), b"ACK")
            self.assertEqual(s.recv(1024), b"")

    def test_several_clients_each_get_ack(self):
        socks = [socket.create_connection(("127.0.0.1", self.port), timeout=common.IO_TIMEOUT)
                 for _ in range(5)]
        try:
            for i, s in enumerate(socks):
                s.sendall(b"client %d" % i)
            for s in socks:
                self.assertEqual(common.recv_until_eof(s), b"ACK")
        finally:
            for s in socks:
                s.close()


if __name__ == "__main__":
    common.main()
