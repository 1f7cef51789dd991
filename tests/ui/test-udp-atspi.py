#!/usr/bin/python3
# test-udp-atspi.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The UDP page as a student (or a screen reader) drives it: through the
# accessibility tree only. Chooses the page, types a port, picks Echo,
# presses Bind; then a plain Python UDP client sends hello and receives the
# echo, and the datagram's row (its source address:port) must appear in the
# list. Runs the app in its own session bus; every wait is bounded.

import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import slatspi as t  # noqa: E402
from slatspi import TIMEOUT, fail, find, log, role, text_of, wait_for  # noqa: E402

t.setup()
t.start_app()



def udp_page(frame):
    """Every page stays in the tree (and GTK 4.8 reports no "showing"
    state): the UDP page is the nearest ancestor of its own heading that
    also holds a Port spin button."""
    heading = find(frame, lambda n: role(n) == "label" and n.name == "Received datagrams")
    node = heading
    while node is not None:
        if find(node, lambda n: role(n) == "spin button" and n.name == "Port"):
            return node
        node = node.parent
    return None


frame = t.main_window()
t.select_page(frame, "UDP")
page = wait_for("the UDP page in the tree", lambda: udp_page(frame))
port_spin = wait_for("the Port spin button",
                     lambda: find(page, lambda n: role(n) == "spin button" and n.name == "Port"))
port = t.free_port(socket.SOCK_DGRAM)
port_spin.queryValue().currentValue = float(port)
wait_for("the port to be set", lambda: int(port_spin.queryValue().currentValue) == port)
log("port %d" % port)

# Reply mode: from another mode to Echo, so that the choice really changes something
combo = wait_for("the Reply drop-down",
                 lambda: find(page, lambda n: role(n) == "combo box" and n.name == "Reply"))
t.choose(combo, "Timestamp echo")
t.choose(combo, "Echo")
log("reply mode Echo")

t.do_action(t.find_button(page, "Bind"))

status = "Bound to 127.0.0.1 port %d" % port
wait_for("the status %r" % status,
         lambda: find(page, lambda n: role(n) == "label" and (n.name or "").startswith(status)))
log("bound")

with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
    client.settimeout(TIMEOUT)
    client.bind(("127.0.0.1", 0))
    client_port = client.getsockname()[1]
    client.sendto(b"hello", ("127.0.0.1", port))
    data, source = client.recvfrom(1024)
    if data != b"hello" or source != ("127.0.0.1", port):
        fail("expected b'hello' from 127.0.0.1:%d, got %r from %r" % (port, data, source))
    log("echo received")

row = "127.0.0.1:%d" % client_port
wait_for("the datagram from %s in the list" % row,
         lambda: find(page, lambda n: role(n) == "label" and n.name == row))
log("datagram row shown")


def detail_has_hello():
    view = find(page, lambda n: role(n) == "text" and n.name == "Transcript" and
                "hello" in text_of(n))
    return view is not None


wait_for("hello in the datagram view", detail_has_hello)
log("datagram shown as text")

t.finish()
