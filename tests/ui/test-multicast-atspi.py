#!/usr/bin/python3
# test-multicast-atspi.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The multicast chat page as a student (or a screen reader) drives it:
# through the accessibility tree only. Chooses the page, types the group
# 225.0.0.250, picks the interface lo, a free port and the name alice,
# presses Join; a Python peer in the style of the course's mcc.py (in the
# group on lo) says こんにちは as bob, and the line must appear in the tree;
# then the student types a message and presses Send, and the peer must
# receive alice's pickle. Loopback only; every wait is bounded.

import os
import pickle
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import slatspi as t  # noqa: E402
from slatspi import TIMEOUT, fail, find, log, role, wait_for  # noqa: E402

GROUP = "225.0.0.250"

t.setup()


def find_in(page, roles, name):
    """A widget of this page by role and name: the other pages have their
    own Port, Message and Send"""
    return wait_for("the %s %r" % ("/".join(roles), name),
                    lambda: find(page, lambda n: role(n) in roles and n.name == name))


def find_button(page, name):
    return wait_for("the %s button" % name,
                    lambda: find(page, lambda n: role(n) == "push button" and
                                 find(n, lambda m: role(m) == "label" and m.name == name)))


def wait_enabled(node, what):
    wait_for("%s to be enabled" % what,
             lambda: node.getState().contains(t.pyatspi.STATE_SENSITIVE))


def open_peer(port):
    """A classmate's mcc.py on this computer: the chat's port, shared, and
    the group joined on lo; what it sends goes out on lo with TTL 1"""
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    peer.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    peer.bind(("", port))
    mreqn = struct.pack("4s4si", socket.inet_aton(GROUP), socket.inet_aton("0.0.0.0"),
                        socket.if_nametoindex("lo"))
    peer.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreqn)
    peer.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, mreqn)
    peer.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
    peer.setblocking(False)
    t.add_cleanup(peer.close)
    return peer


def peer_receives(peer, expected, what):
    """Reads the group's datagrams until the pickle of @expected comes"""
    deadline = time.monotonic() + TIMEOUT
    seen = []
    while time.monotonic() < deadline:
        ready, _, _ = select.select([peer], [], [], 0.2)
        if not ready:
            continue
        data, sender = peer.recvfrom(65536)
        seen.append(data)
        if data[:2] != b"\x80\x03":
            continue
        # the app's datagrams and, looped back, our own
        if pickle.loads(data) == expected:
            log("peer received %r from %s:%d" % (expected, sender[0], sender[1]))
            return
    fail("the peer did not receive %s (got %r)" % (what, seen))


port = t.free_port(socket.SOCK_DGRAM)
peer = open_peer(port)
log("port %d" % port)

t.start_app()
frame = t.main_window()
t.select_page(frame, "Multicast Chat")
page = wait_for("the Multicast Chat page",
                lambda: find(frame, lambda n: role(n) == "panel" and n.name == "Multicast Chat"))

group = find_in(page, ("text", "entry"), "Group")
# GTK 4.8 entries take EditableText but do not report their text back:
# the page's answer to the typing is what tells that it arrived
t.set_text(group, GROUP)
wait_for("the scope line of an IPv4 group",
         lambda: find(page, lambda n: role(n) == "label" and (n.name or "").startswith("IPv4 multicast")))

interface = find_in(page, ("combo box",), "Interface")
t.choose(interface, "lo")
log("interface lo")

port_spin = find_in(page, ("spin button",), "Port")
port_spin.queryValue().currentValue = float(port)
wait_for("the port to be set", lambda: int(port_spin.queryValue().currentValue) == port)

name = find_in(page, ("text", "entry"), "Name")
t.set_text(name, "alice")

join = find_button(page, "Join")
wait_enabled(join, "Join")
t.do_action(join)

transcript = find_in(page, ("list", "tree", "table", "list box"), "Chat transcript")


def transcript_line(suffix):
    return find(transcript, lambda n: role(n) == "label" and (n.name or "").endswith(suffix))


wait_for("alice's join in the chat", lambda: transcript_line(") alice joins"))
peer_receives(peer, ["J", b"alice"], "alice's J")
log("joined")

# bob says こんにちは, as mcc.py pickles it
peer.sendto(pickle.dumps(["S", b"bob", "こんにちは".encode()], protocol=3), (GROUP, port))
wait_for("“bob says こんにちは” in the chat", lambda: transcript_line(") bob says こんにちは"))
log("bob's message shown")

message = find_in(page, ("text", "entry"), "Message")
send = find_button(page, "Send")
t.set_text(message, "hello from alice")
# Send is enabled once there is something to send
wait_enabled(send, "Send")
t.do_action(send)
peer_receives(peer, ["S", b"alice", b"hello from alice"], "alice's message")
wait_for("alice's own message in the chat", lambda: transcript_line(") alice says hello from alice"))

leave = find_button(page, "Leave")
t.do_action(leave)
peer_receives(peer, ["L", b"alice"], "alice's L")

t.finish()
