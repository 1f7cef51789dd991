#!/usr/bin/python3
# Misbehaving peers must not bring the app down: a client that sends 1 MB
# and then resets, 200 quick connect/close cycles, and a port that is
# already taken when the app starts.
import sys
sys.dont_write_bytecode = True

import socket
import struct
import time
import unittest

import common


class Abuse(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = common.free_port()
        cls.app = common.App("--tcp-server=127.0.0.1:%d" % cls.port, "--reply=echo")
        cls.app.wait_port(cls.port)

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()

    def assert_answers(self):
        time.sleep(0.3)
        self.assertTrue(self.app.alive(), self.app.describe())
        self.assertEqual(common.echo_roundtrip(self.port, b"still here"), b"still here")

    def test_megabyte_then_reset(self):
        for _ in range(3):
            s = socket.create_connection(("127.0.0.1", self.port), timeout=common.IO_TIMEOUT)
            chunk = b"x" * 65536
            sent = 0
            deadline = time.monotonic() + 5.0
            s.settimeout(0.5)
            # we never read the echo, so the app's send buffer may fill and
            # the app stop reading: send what fits within the deadline
            while sent < (1 << 20) and time.monotonic() < deadline:
                try:
                    sent += s.send(chunk)
                except socket.timeout:
                    pass
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()  # RST
            print("sent %d bytes, then reset" % sent)
        self.assert_answers()

    def test_200_connect_close(self):
        deadline = time.monotonic() + 30.0
        for i in range(200):
            self.assertLess(time.monotonic(), deadline, "200 cycles took more than 30 s")
            with socket.create_connection(("127.0.0.1", self.port), timeout=common.IO_TIMEOUT) as s:
                if i % 3 == 1:
                    s.sendall(b"bye")
                elif i % 3 == 2:
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.assert_answers()


class PortTaken(unittest.TestCase):
    def test_port_in_use(self):
        blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        blocker.bind(("127.0.0.1", 0))
        blocker.listen(5)
        taken = blocker.getsockname()[1]
        free = common.free_port()
        app = common.App("--tcp-server=127.0.0.1:%d" % taken, "--tcp-server=127.0.0.1:%d" % free,
                         "--reply=echo")
        try:
            # the other listener of the same launch comes up and echoes
            app.wait_port(free)
            time.sleep(2.0)
            self.assertTrue(app.alive(), app.describe())
            self.assertEqual(common.echo_roundtrip(free, b"other port"), b"other port")
        finally:
            app.stop()
            blocker.close()

    def test_port_in_use_only_listener(self):
        blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        blocker.bind(("127.0.0.1", 0))
        blocker.listen(5)
        taken = blocker.getsockname()[1]
        app = common.App("--tcp-server=127.0.0.1:%d" % taken, "--reply=echo")
        try:
            # no readiness signal here: give startup and the failed bind time
            time.sleep(5.0)
            self.assertTrue(app.alive(), "the app died when its port was taken: "
                            + app.describe())
            # the python listener still owns the port
            blocker.settimeout(common.IO_TIMEOUT)
            with socket.create_connection(("127.0.0.1", taken), timeout=common.IO_TIMEOUT):
                conn, _ = blocker.accept()
                conn.close()
        finally:
            app.stop()
            blocker.close()


if __name__ == "__main__":
    common.main()
