#!/usr/bin/python3
# --tcp-client: the app connects its TCP client to a course-style Python
# echo server.
import sys
sys.dont_write_bytecode = True

import socket
import time
import unittest

import common

CONNECT_DEADLINE = 5.0


class Client(unittest.TestCase):
    def test_connects_to_python_server(self):
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen(5)
        port = server.getsockname()[1]
        app = common.App("--tcp-client=127.0.0.1:%d" % port, "--page=tcp-client")
        try:
            server.settimeout(CONNECT_DEADLINE)
            try:
                conn, peer = server.accept()
            except socket.timeout:
                self.fail("no connection within %.0f s of launch: %s"
                          % (CONNECT_DEADLINE, app.describe()))
            elapsed = time.monotonic() - app.started
            print("connected from %s:%d %.2f s after launch" % (peer[0], peer[1], elapsed))
            with conn:
                self.assertEqual(peer[0], "127.0.0.1")
                # the client keeps the connection open (no EOF, no RST)
                conn.settimeout(1.5)
                try:
                    data = conn.recv(1024)
                    self.assertNotEqual(data, b"", "the app closed the connection at once")
                except socket.timeout:
                    pass
            self.assertTrue(app.alive(), app.describe())
        finally:
            server.close()
            app.stop()


if __name__ == "__main__":
    common.main()
