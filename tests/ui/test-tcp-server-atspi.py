#!/usr/bin/python3
# test-tcp-server-atspi.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The TCP server page as a student (or a screen reader) drives it: through
# the accessibility tree only. Chooses the page, types a port, picks Echo,
# presses Start, then a plain Python client connects, sends hello and reads
# the echo; the connection and the transcript must appear in the tree.
# Runs the app in its own session bus; every wait is bounded.

import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import slatspi as t  # noqa: E402
from slatspi import TIMEOUT, fail, find, log, role, text_of, wait_for  # noqa: E402

t.setup()
t.start_app()

frame = t.main_window()
t.select_page(frame, "TCP Server")
port_spin = wait_for("the Port spin button",
                     lambda: find(frame, lambda n: role(n) == "spin button" and n.name == "Port"))
port = t.free_port()
port_spin.queryValue().currentValue = float(port)
wait_for("the port to be set", lambda: int(port_spin.queryValue().currentValue) == port)
log("port %d" % port)


# Reply mode: from another mode to Echo, so that the choice really changes something
combo = wait_for("the Reply drop-down",
                 lambda: find(frame, lambda n: role(n) == "combo box" and n.name == "Reply"))
t.choose(combo, "Timestamp echo")
t.choose(combo, "Echo")
log("reply mode Echo")

start = t.find_button(frame, "Start Listening")
t.do_action(start)

shown = "127.0.0.1:%d" % port
wait_for("the listener %s in the list" % shown,
         lambda: find(frame, lambda n: role(n) == "label" and n.name == shown))
log("listener %s running" % shown)

with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as client:
    client_port = client.getsockname()[1]
    client.sendall(b"hello")
    echo_bytes = b""
    while len(echo_bytes) < 5:
        chunk = client.recv(1024)
        if not chunk:
            break
        echo_bytes += chunk
    if echo_bytes != b"hello":
        fail("expected the echo b'hello', got %r" % echo_bytes)
    log("echo received")

    wait_for("the connection from port %d in the connections list" % client_port,
             lambda: find(frame, lambda n: role(n) == "label" and
                          ("127.0.0.1:%d" % client_port) in (n.name or "")))
    log("connection row shown")

    def transcript_has_hello():
        view = find(frame, lambda n: role(n) == "text" and n.name == "Transcript")
        return view is not None and text_of(view).count("hello") >= 2
    wait_for("hello in the transcript", transcript_has_hello)
    log("transcript shows hello")

t.finish()
