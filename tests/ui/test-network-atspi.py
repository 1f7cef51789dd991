#!/usr/bin/python3
# test-network-atspi.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The network page as a student (or a screen reader) finds it: through the
# accessibility tree only. Chooses "Network" in the sidebar; the Interfaces
# list must show lo with 127.0.0.1/8, described as reachable only from this
# computer, and the classmate box must never offer 127.0.0.1. Runs the app
# in its own session bus; every wait is bounded.

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import slatspi as t  # noqa: E402
from slatspi import fail, find, log, role, wait_for  # noqa: E402

t.setup()
t.start_app()

frame = t.main_window()
t.select_page(frame, "Network")

heading = wait_for("the classmate question",
                   lambda: find(frame, lambda n: role(n) == "label" and
                                n.name == "Which address do I give my classmate?"))
log("network page shown")


def interfaces_list():
    return find(frame, lambda n: role(n) == "list" and n.name == "Interfaces")


interfaces = wait_for("the Interfaces list", interfaces_list)


def lo_row():
    """The list item of lo, once its name and its address are in it."""
    for node in t.walk(interfaces_list()):
        if role(node) != "list item":
            continue
        names = [n.name for n in t.walk(node) if role(n) == "label"]
        if "lo" in names and "127.0.0.1/8" in names:
            return node, names
    return None


row, names = wait_for("lo with 127.0.0.1/8 in the Interfaces list", lo_row)
log("lo row: %s" % ", ".join(n for n in names if n))
if "only this computer" not in names:
    fail("127.0.0.1/8 is not explained as reachable only from this computer: %s" % names)

classmate = find(frame, lambda n: role(n) == "list" and n.name == "Addresses for your classmate")
if classmate is not None:
    offered = [n.name for n in t.walk(classmate) if role(n) == "label"]
    if any((name or "").startswith("127.") for name in offered):
        fail("the classmate box offers a loopback address: %s" % offered)

t.finish()
