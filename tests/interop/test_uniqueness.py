#!/usr/bin/python3
# Socket Lab is a unique application: within ONE session bus, a second
# launch hands its command line to the running instance and exits 0; the
# running instance opens a window with exactly those settings.  A lesson
# starts an echo server and an ACK server by two launches.
#
# The script re-runs itself inside its own dbus-run-session, so that both
# launches share a bus that no other test uses.
import sys
sys.dont_write_bytecode = True

import os
import socket
import subprocess
import time
import unittest

import common

INNER = "SOCKET_LAB_TEST_INNER_BUS"


class Uniqueness(unittest.TestCase):
    def test_second_launch_hands_over(self):
        p1 = common.free_port()
        p2 = common.free_port()
        while p2 == p1:
            p2 = common.free_port()

        first = common.App("--tcp-server=127.0.0.1:%d" % p1, "--reply=echo", own_bus=False)
        second = None
        try:
            # once P1 answers, the first instance owns the bus name
            first.wait_port(p1)

            second = common.App("--tcp-server=127.0.0.1:%d" % p2, "--reply=ack", own_bus=False)
            try:
                status = second.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.fail("the second launch did not exit within 20 s (did it become a "
                          "second primary instance?): " + second.describe())
            self.assertEqual(status, 0, second.describe())

            # P2 is served by the first (and only remaining) instance
            first.wait_port(p2, timeout=10)
            self.assertTrue(first.alive(), first.describe())

            self.assertEqual(common.echo_roundtrip(p1, b"echo on one"), b"echo on one")
            with socket.create_connection(("127.0.0.1", p2), timeout=common.IO_TIMEOUT) as s:
                s.sendall(b"hello")
                self.assertEqual(common.recv_until_eof(s), b"ACK")
            # and P1 still echoes: the second window did not change the first
            self.assertEqual(common.echo_roundtrip(p1, b"still echo"), b"still echo")
            self.assertTrue(first.alive(), first.describe())
        finally:
            if second is not None:
                second.stop()
            first.stop()


def outer():
    common.require_app()
    env = dict(os.environ)
    env[INNER] = "1"
    proc = subprocess.Popen(["dbus-run-session", "--", sys.executable, os.path.abspath(__file__)]
                            + sys.argv[1:], env=env, start_new_session=True)
    common._children.append(proc)
    try:
        rc = proc.wait(timeout=100)
    except subprocess.TimeoutExpired:
        print("the inner test did not finish within 100 s", file=sys.stderr)
        rc = 1
    common.kill_all()
    sys.exit(rc)


if __name__ == "__main__":
    if os.environ.get(INNER) == "1":
        common.main()
    else:
        outer()
