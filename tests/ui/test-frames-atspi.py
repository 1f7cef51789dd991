#!/usr/bin/python3
# test-frames-atspi.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The raw frames page as a student (or a screen reader) drives it, through
# the accessibility tree only: choose the page and the interface lo, type a
# destination in one of the usual spellings, choose EtherType 0x88B5, type
# a UTF-8 payload, press Send. A plain Python AF_PACKET socket bound to lo
# (the course's receiver) must get the frame with the four fields; and a
# destination that is no MAC address must be refused with a clear message.
# Sending needs the helper's CAP_NET_RAW: run as root (skipped, 77,
# otherwise). Only lo carries the frame.

import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import slatspi as t  # noqa: E402
from slatspi import fail, find, log, role, wait_for  # noqa: E402

t.setup(needs_root=True)
helper = t.helper_path()
if not os.access(helper, os.X_OK):
    fail("the helper %s is not built" % helper)
t.start_app(["--interface=lo"], extra_env={"SOCKET_LAB_HELPER": helper,
                                          "G_MESSAGES_DEBUG": os.environ.get("G_MESSAGES_DEBUG", "")})

ETHERTYPE = 0x88B5
receiver = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETHERTYPE))
receiver.bind(("lo", ETHERTYPE))
receiver.settimeout(0.5)
t.add_cleanup(receiver.close)

frame = t.main_window()
t.select_page(frame, "Raw Frames")


def frames_page():
    heading = find(frame, lambda n: role(n) == "label" and n.name == "Received frames")
    node = heading
    while node is not None:
        if find(node, lambda n: role(n) == "text" and n.name == "Destination"):
            return node
        node = node.parent
    return None


page = wait_for("the Raw Frames page", frames_page)
wait_for("lo in the Interface drop-down",
         lambda: find(find(page, lambda n: role(n) == "combo box" and n.name == "Interface"),
                      lambda n: role(n) == "label" and n.name == "lo"), 20)
destination = find(page, lambda n: role(n) == "text" and n.name == "Destination")
payload_view = wait_for("the payload editor's text",
                        lambda: find(page, lambda n: role(n) == "text" and
                                     n.name not in ("Destination", "Source") and
                                     t.text_of(n) == "Hello, Ethernet!"))

# A wrong MAC: refused, saying which spellings work
t.set_text(destination, "aa:bb:cc:dd:ee")
t.do_action(t.find_button(page, "Send"))
wait_for("the MAC refusal", lambda: find(page, lambda n: role(n) == "label" and
                                         "is not a MAC address" in (n.name or "") and
                                         "aabb.ccdd.eeff" in (n.name or "")))
log("a five-byte MAC is refused")

t.set_text(destination, "0200.0000.00bb")
t.choose(find(page, lambda n: role(n) == "combo box" and n.name == "EtherType"),
         "0x88B5 (Local experiment 1)")
payload = "Hallo, 世界 from Socket Lab"
t.set_text(payload_view, payload)
time.sleep(0.5)   # the editor validates when typing pauses
t.do_action(t.find_button(page, "Send"))

deadline = time.monotonic() + 10
got = None
while time.monotonic() < deadline and got is None:
    try:
        data = receiver.recv(65535)
    except socket.timeout:
        continue
    if data[14:] == payload.encode():
        got = data
if got is None:
    shown = [n.name for n in t.walk(page) if role(n) == "label" and n.name]
    fail("the frame did not arrive on lo; the page shows: %s" % " | ".join(shown))
if got[0:6] != bytes.fromhex("0200000000bb"):
    fail("destination %s" % got[0:6].hex(":"))
if got[6:12] != bytes(6):
    fail("source %s, expected lo's 00:00:00:00:00:00" % got[6:12].hex(":"))
if int.from_bytes(got[12:14], "big") != ETHERTYPE:
    fail("type %s" % got[12:14].hex())
log("the frame arrived with its four fields")

# Short frame: the padding note is shown
wait_for("the padding note", lambda: find(page, lambda n: role(n) == "label" and
                                          "padded to 60 bytes by the network card" in (n.name or "")))
wait_for("the sent status", lambda: find(page, lambda n: role(n) == "label" and
                                         (n.name or "").startswith("Sent 1 of 1 frame on lo")))
t.finish()
