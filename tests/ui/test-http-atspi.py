#!/usr/bin/python3
# test-http-atspi.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The HTTP server page as a student (or a screen reader) drives it: through
# the accessibility tree only. Chooses the page, types a free port, presses
# Start Server; the URL appears with its Open and Copy buttons; urllib
# fetches the page, and the request (GET, /, 200 OK, the client's port)
# appears in the request list. Runs the app in its own session bus; every
# wait is bounded.

import os
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import slatspi as t  # noqa: E402
from slatspi import TIMEOUT, fail, find, log, role, wait_for  # noqa: E402

t.setup()

srcdir = os.environ.get("SRCDIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
t.start_app(extra_env={"SOCKET_LAB_SAMPLE_SITE": os.path.join(srcdir, "data", "sample-site")})

frame = t.main_window()
t.select_page(frame, "HTTP Server")

# Every page has a Port: the HTTP page is the one with Start Server
start = t.find_button(frame, "Start Server")


def is_port_spin(n):
    return role(n) == "spin button" and n.name == "Port"


page = start.parent
while page is not None and find(page, is_port_spin) is None:
    page = page.parent
if page is None:
    fail("no Port spin button near Start Server")
port_spin = find(page, is_port_spin)
port = t.free_port()
port_spin.queryValue().currentValue = float(port)
wait_for("the port to be set", lambda: int(port_spin.queryValue().currentValue) == port)
log("port %d" % port)

t.do_action(start)

url = "http://127.0.0.1:%d/" % port
wait_for("the URL %s on the page" % url,
         lambda: find(page, lambda n: role(n) == "label" and n.name == url))
wait_for("the Open in browser button of %s" % url,
         lambda: find(frame, lambda n: role(n) == "push button" and
                      n.name == "Open %s in the web browser" % url))
wait_for("the Copy button of %s" % url,
         lambda: find(frame, lambda n: role(n) == "push button" and n.name == "Copy %s" % url))
log("serving at %s" % url)

with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
    status = response.status
    body = response.read()
if status != 200 or b"<html" not in body.lower():
    fail("expected the sample page with 200, got %d and %r" % (status, body[:80]))
log("fetched %d bytes" % len(body))



def is_request_list(n):
    return n.name == "Requests" and role(n) in ("table", "tree table", "tree", "list")


# The request list is beside the form, in the same page
node = page
while node is not None and find(node, is_request_list) is None:
    node = node.parent
if node is None:
    fail("no request list on the HTTP page")
requests = find(node, is_request_list)


def request_row_shown():
    labels = [n.name for n in t.walk(requests) if role(n) == "label"]
    return "GET" in labels and "/" in labels and "200 OK" in labels and \
        any(name.startswith("127.0.0.1:") for name in labels)


wait_for("GET / 200 OK in the request list", request_row_shown)
log("request row shown")

t.finish()
