#!/usr/bin/python3
# Two servers on two ports at once, from one launch.
import sys
sys.dont_write_bytecode = True

import unittest

import common


class TwoListeners(unittest.TestCase):
    def test_both_answer(self):
        p1 = common.free_port()
        p2 = common.free_port()
        while p2 == p1:
            p2 = common.free_port()
        app = common.App("--tcp-server=127.0.0.1:%d" % p1, "--tcp-server=127.0.0.1:%d" % p2,
                         "--reply=echo")
        try:
            app.wait_port(p1)
            app.wait_port(p2)
            self.assertEqual(common.echo_roundtrip(p1, b"to port one"), b"to port one")
            self.assertEqual(common.echo_roundtrip(p2, b"to port two"), b"to port two")
            self.assertTrue(app.alive(), app.describe())
        finally:
            app.stop()


if __name__ == "__main__":
    common.main()
