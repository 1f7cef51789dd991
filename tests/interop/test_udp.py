#!/usr/bin/python3
# test_udp.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The UDP page's socket, started with --udp=127.0.0.1:PORT and a --reply
# mode, against UDP clients in the courses' style: socket(AF_INET,
# SOCK_DGRAM), sendto(), recvfrom(1024).  Every reply must come back by
# unicast to the sender's own address and port.
import sys
sys.dont_write_bytecode = True

import socket
import struct
import time
import unittest

import common


def udp_client(family=socket.AF_INET):
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.settimeout(common.IO_TIMEOUT)
    return s


def wait_udp(app, port, probe, host="127.0.0.1", family=socket.AF_INET,
             timeout=common.STARTUP_TIMEOUT):
    """UDP has no connect() to wait for: send @probe until an answer comes.
    Returns the first answer; fails if the app dies or never answers."""
    deadline = time.monotonic() + timeout
    with udp_client(family) as s:
        s.settimeout(0.2)
        while time.monotonic() < deadline:
            if not app.alive():
                raise AssertionError("the app exited before %s:%d answered: %s"
                                     % (host, port, app.describe()))
            s.sendto(probe, (host, port))
            try:
                data, _ = s.recvfrom(65535)
                return data
            except (socket.timeout, ConnectionRefusedError):
                time.sleep(0.1)
    raise AssertionError("no answer from udp %s:%d within %.0f s: %s"
                         % (host, port, timeout, app.describe()))


def free_udp_port(family=socket.AF_INET, host="127.0.0.1"):
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class UdpCase(unittest.TestCase):
    reply = None
    probe = b"probe"

    @classmethod
    def setUpClass(cls):
        cls.port = free_udp_port()
        cls.app = common.App("--udp=127.0.0.1:%d" % cls.port, "--reply=" + cls.reply)
        wait_udp(cls.app, cls.port, cls.probe)

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()

    def tearDown(self):
        self.assertTrue(self.app.alive(), self.app.describe())

    def exchange(self, payload, client=None):
        own = client is None
        s = client or udp_client()
        try:
            s.sendto(payload, ("127.0.0.1", self.port))
            data, source = s.recvfrom(1024)
            # the answer comes from the app's port, to ours
            self.assertEqual(source, ("127.0.0.1", self.port))
            return data
        finally:
            if own:
                s.close()


class Echo(UdpCase):
    reply = "echo"

    def test_course_client(self):
        # udp-echo-client.py: sendto(b"hello", (HOST, 49002)); recvfrom(1024)
        self.assertEqual(self.exchange(b"hello"), b"hello")

    def test_each_datagram_answered_to_its_source(self):
        a, b = udp_client(), udp_client()
        try:
            for i in range(5):
                a.sendto(b"from a %d" % i, ("127.0.0.1", self.port))
                b.sendto(b"from b %d" % i, ("127.0.0.1", self.port))
            got_a = [a.recvfrom(1024)[0] for _ in range(5)]
            got_b = [b.recvfrom(1024)[0] for _ in range(5)]
        finally:
            a.close()
            b.close()
        self.assertEqual(got_a, [b"from a %d" % i for i in range(5)])
        self.assertEqual(got_b, [b"from b %d" % i for i in range(5)])

    def test_binary_and_large_datagram(self):
        payload = bytes(range(256)) * 32          # 8 KiB, every byte value
        with udp_client() as s:
            s.sendto(payload, ("127.0.0.1", self.port))
            data, _ = s.recvfrom(65535)
        self.assertEqual(data, payload)

    def test_empty_datagram(self):
        with udp_client() as s:
            s.sendto(b"", ("127.0.0.1", self.port))
            data, _ = s.recvfrom(1024)
        self.assertEqual(data, b"")


class Ack(UdpCase):
    reply = "ack"

    def test_ack(self):
        self.assertEqual(self.exchange(b"hello"), b"ACK")
        # no connection to close: a second datagram is answered too
        self.assertEqual(self.exchange(b"again"), b"ACK")


class Text(UdpCase):
    reply = "text:OK"

    def test_text(self):
        with udp_client() as s:
            self.assertEqual(self.exchange(b"one", s), b"OK")
            self.assertEqual(self.exchange(b"two", s), b"OK")


class Timestamp(UdpCase):
    reply = "timestamp"

    def test_timestamp(self):
        data = self.exchange(b"ping")
        now = time.time()
        self.assertEqual(len(data), 8 + 4, data)
        (stamp,) = struct.unpack("d", data[:8])
        self.assertLess(abs(stamp - now), 5.0, "timestamp %r vs time.time() %r" % (stamp, now))
        self.assertEqual(data[8:], b"ping")


class NumberGame(UdpCase):
    reply = "number-game"
    probe = b"probe,5"

    def test_valid_number(self):
        data = self.exchange(b"Alice,42").decode()
        name, _, number = data.rpartition(",")
        self.assertTrue(name, data)
        self.assertTrue(1 <= int(number) <= 100, data)

    def test_out_of_range_gets_no_answer(self):
        with udp_client() as s:
            s.settimeout(1.0)
            s.sendto(b"Bob,500", ("127.0.0.1", self.port))
            with self.assertRaises(socket.timeout):
                s.recvfrom(1024)


class DefaultHostAndIPv6(unittest.TestCase):
    def test_port_only_means_loopback(self):
        port = free_udp_port()
        app = common.App("--udp=%d" % port, "--reply=echo")
        try:
            self.assertEqual(wait_udp(app, port, b"hello"), b"hello")
            self.assertTrue(app.alive(), app.describe())
        finally:
            app.stop()

    def test_ipv6_loopback(self):
        if not common.ipv6_loopback_works():
            self.skipTest("::1 is not available")
        port = free_udp_port(socket.AF_INET6, "::1")
        app = common.App("--udp=[::1]:%d" % port, "--reply=echo")
        try:
            self.assertEqual(wait_udp(app, port, b"hello6", "::1", socket.AF_INET6), b"hello6")
            self.assertTrue(app.alive(), app.describe())
        finally:
            app.stop()


if __name__ == "__main__":
    common.main()
