#!/usr/bin/python3
# telnet against the echo server, as a student tries it from a terminal:
# telnet sends each typed line with CRLF, and the echo comes back on its
# screen.
import sys
sys.dont_write_bytecode = True

import os
import select
import shutil
import subprocess
import time
import unittest

import common


@unittest.skipIf(shutil.which("telnet") is None, "telnet is not installed")
class Telnet(unittest.TestCase):
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

    def read_until(self, proc, needle, timeout):
        seen = b""
        deadline = time.monotonic() + timeout
        while needle not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 0.2)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 4096)
                if not chunk:
                    break
                seen += chunk
        return seen

    def test_lines_echo(self):
        proc = subprocess.Popen(["telnet", "127.0.0.1", str(self.port)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            banner = self.read_until(proc, b"Escape character", common.IO_TIMEOUT)
            self.assertIn(b"Connected to", banner)
            proc.stdin.write("hello\nこんにちは\n".encode())
            proc.stdin.flush()
            seen = self.read_until(proc, "こんにちは".encode(), common.IO_TIMEOUT)
            # The banner is done; what follows is the server's echo
            self.assertIn(b"hello", seen)
            self.assertIn("こんにちは".encode(), seen)
        finally:
            proc.stdin.close()
            try:
                proc.wait(timeout=common.IO_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


if __name__ == "__main__":
    common.main()
