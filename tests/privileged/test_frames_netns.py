#!/usr/bin/python3
# test_frames_netns.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Raw Ethernet frames between two network namespaces (issue 6, "Tests ->
privileged"). The test creates two namespaces joined by a veth pair
(names carry the pid) and removes them at the end, also on failure.
Nothing leaves these namespaces.

The app runs in the first namespace (socket-lab --page=frames
--interface=VETH_A, the real helper through $SOCKET_LAB_HELPER) with its
own session bus and accessibility bus, which live in that namespace too:
D-Bus listens on abstract sockets, which a namespace hides, so the whole
AT-SPI side of this script re-executes itself inside it. X is reached
through its file-system socket. In the second namespace plain Python
AF_PACKET programs in the course's style are the peers:

  - the app sends (through the accessibility tree, as a student clicks)
    a frame with EtherType 0x0800 and a UTF-8 payload, then three 0x88B5
    frames: a receiver there prints the four fields, which must be the
    peer's MAC, the app interface's MAC, the type and the payload;
  - the app receives 0x88B5: frames from a Python sender there appear in
    the app's list with their source, type and payload (UTF-8 as text,
    other bytes in hex), and a 0x0800 frame sent meanwhile does not.

Usage: test_frames_netns.py APP (meson, privileged suite). Skipped (77)
unless root with `ip`, a display and dbus-run-session. With
SL_FRAMES_SCREENSHOT=FILE it saves the screen at the end (the README's
picture). Every wait is bounded.
"""

import json
import os
import select
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SUFFIX = str(os.getpid())[-8:]

# The peer: the course's receiver and sender, one job per process; JSON lines
PEER = r'''
import json, socket, sys, time
iface, job = sys.argv[1], sys.argv[2]
if job == "receive":
    want = int(sys.argv[3]), int(sys.argv[4])   # how many, seconds
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
    s.bind((iface, 0))
    s.settimeout(0.5)
    print(json.dumps({"listening": True}), flush=True)
    seen, deadline = 0, time.monotonic() + want[1]
    while seen < want[0] and time.monotonic() < deadline:
        try:
            frame, address = s.recvfrom(65535)
        except socket.timeout:
            continue
        if address[2] == socket.PACKET_OUTGOING:
            continue
        kind = int.from_bytes(frame[12:14], "big")
        if kind not in (0x0800, 0x88B5):
            continue        # IPv6 neighbour discovery and such
        seen += 1
        print(json.dumps({"dst": frame[0:6].hex(":"), "src": frame[6:12].hex(":"),
                          "type": kind, "payload": frame[14:].hex()}), flush=True)
elif job == "send":
    dst, kind, text = sys.argv[3], int(sys.argv[4], 16), sys.argv[5]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    src = s.getsockname()[4]
    payload = bytes.fromhex(text[4:]) if text.startswith("hex:") else text.encode()
    s.send(bytes.fromhex(dst.replace(":", "")) + src + kind.to_bytes(2, "big") + payload)
    print(json.dumps({"sent": True}), flush=True)
'''


def log(message):
    print(message, flush=True)


def ip(*args):
    subprocess.run(["ip"] + list(args), check=True, timeout=10,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def mac_of(ns, iface):
    out = subprocess.run(["ip", "netns", "exec", ns, "cat", "/sys/class/net/%s/address" % iface],
                         check=True, timeout=10, capture_output=True, text=True).stdout
    return out.strip()


# ---------------------------------------------------------------------------
# Outside: namespaces and veth, then the inner part in the app's namespace
# ---------------------------------------------------------------------------

def outer():
    if os.geteuid() != 0:
        log("SKIP: needs root (network namespaces, CAP_NET_RAW)")
        return 77
    for tool in ("ip", "dbus-run-session"):
        if shutil.which(tool) is None:
            log("SKIP: %s is missing" % tool)
            return 77
    if not os.environ.get("DISPLAY"):
        log("FAIL: no display: run under xvfb-run (build-aux/test does)")
        return 1

    app = os.path.abspath(sys.argv[1])
    ns_app, ns_peer = "slfrA" + SUFFIX, "slfrB" + SUFFIX
    if_app, if_peer = "slfa" + SUFFIX, "slfb" + SUFFIX
    try:
        ip("netns", "add", ns_app)
        ip("netns", "add", ns_peer)
        ip("-n", ns_app, "link", "set", "lo", "up")
        ip("-n", ns_peer, "link", "set", "lo", "up")
        ip("-n", ns_app, "link", "add", if_app, "type", "veth", "peer", "name", if_peer,
           "netns", ns_peer)
        ip("-n", ns_app, "link", "set", if_app, "up")
        ip("-n", ns_peer, "link", "set", if_peer, "up")

        env = dict(os.environ, SOCKET_LAB=app,
                   SL_FRAMES_NS=json.dumps({"ns_app": ns_app, "ns_peer": ns_peer,
                                            "if_app": if_app, "if_peer": if_peer,
                                            "mac_app": mac_of(ns_app, if_app),
                                            "mac_peer": mac_of(ns_peer, if_peer)}))
        env.setdefault("SOCKET_LAB_HELPER",
                       os.path.join(os.path.dirname(app), "helper", "socket-lab-helper"))
        result = subprocess.run(["ip", "netns", "exec", ns_app, "/usr/bin/python3",
                                 os.path.abspath(__file__), "--inner"], env=env, timeout=170)
        return result.returncode
    finally:
        for ns in (ns_app, ns_peer):
            subprocess.run(["ip", "netns", "del", ns], timeout=10,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------------------
# Inside the app's namespace: the app through AT-SPI, the peers next door
# ---------------------------------------------------------------------------

def inner():
    sys.path.insert(0, os.path.join(HERE, "..", "ui"))
    import slatspi as t
    from slatspi import fail, find, role, wait_for

    t.setup(alarm=150, needs_root=True)
    cfg = json.loads(os.environ["SL_FRAMES_NS"])
    peers = []

    def peer(*args):
        p = subprocess.Popen(["ip", "netns", "exec", cfg["ns_peer"], "/usr/bin/python3", "-c",
                              PEER, cfg["if_peer"]] + [str(a) for a in args],
                             stdout=subprocess.PIPE, text=True)
        peers.append(p)
        return p

    def kill_peers():
        for p in peers:
            if p.poll() is None:
                p.kill()
                p.wait(5)
    t.add_cleanup(kill_peers)

    def read_json(p, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([p.stdout], [], [], max(0.0, deadline - time.monotonic()))
            if ready:
                line = p.stdout.readline()
                if not line:
                    return None
                return json.loads(line)
        return None

    t.start_app(["--page=frames", "--interface=" + cfg["if_app"]])
    frame = t.main_window()

    def frames_page():
        heading = find(frame, lambda n: role(n) == "label" and n.name == "Received frames")
        node = heading
        while node is not None:
            if find(node, lambda n: role(n) == "text" and n.name == "Destination"):
                return node
            node = node.parent
        return None

    page = wait_for("the Raw Frames page", frames_page)
    # The interface from --interface, with its MAC (which Send uses as the
    # source: the peer checks it below)
    wait_for("the interface's MAC and state",
             lambda: find(page, lambda n: role(n) == "label" and
                          (n.name or "").startswith("MAC %s, up" % cfg["mac_app"])), 20)
    destination = find(page, lambda n: role(n) == "text" and n.name == "Destination")
    t.set_text(destination, cfg["mac_peer"].upper().replace(":", "-"))   # another spelling
    payload_view = wait_for("the payload editor's text",
                            lambda: find(page, lambda n: role(n) == "text" and
                                         n.name not in ("Destination", "Source", "Transcript") and
                                         t.text_of(n) == "Hello, Ethernet!"))

    receiver = peer("receive", 4, 40)
    if read_json(receiver) != {"listening": True}:
        fail("the peer's receiver did not start")

    # 1. EtherType 0x0800, as in the course
    payload = "IPv4 type, UTF-8: héllo 世界"
    t.set_text(payload_view, payload)
    time.sleep(0.5)            # the editor validates when typing pauses
    t.do_action(t.find_button(page, "Send"))
    got = read_json(receiver)
    if got is None:
        fail("no frame from the app arrived at the peer")
    want = {"dst": cfg["mac_peer"], "src": cfg["mac_app"], "type": 0x0800,
            "payload": payload.encode().hex()}
    if got != want:
        fail("frame fields: got %r, want %r" % (got, want))
    log("0x0800 frame arrived with its four fields")

    # 2. Three 0x88B5 frames, count 3, interval 0
    t.choose(find(page, lambda n: role(n) == "combo box" and n.name == "EtherType"),
             "0x88B5 (Local experiment 1)")
    count = find(page, lambda n: role(n) == "spin button" and n.name == "Count")
    interval = find(page, lambda n: role(n) == "spin button" and n.name == "Interval (ms)")
    count.queryValue().currentValue = 3.0
    interval.queryValue().currentValue = 0.0
    t.set_text(payload_view, "experiment")
    time.sleep(0.5)
    t.do_action(t.find_button(page, "Send"))
    for i in range(3):
        got = read_json(receiver)
        want = {"dst": cfg["mac_peer"], "src": cfg["mac_app"], "type": 0x88B5,
                "payload": b"experiment".hex()}
        if got != want:
            fail("0x88B5 frame %d: got %r, want %r" % (i + 1, got, want))
    log("three 0x88B5 frames arrived")
    wait_for("the status 'Sent 3 of 3 frames'",
             lambda: find(page, lambda n: role(n) == "label" and
                          (n.name or "").startswith("Sent 3 of 3 frames on " + cfg["if_app"])))

    # 3. Receive 0x88B5 from the peer's sender
    t.choose(find(page, lambda n: role(n) == "combo box" and n.name == "Receive EtherType"),
             "0x88B5 (Local experiment 1)")
    t.do_action(t.find_button(page, "Start"))
    wait_for("Receiving", lambda: find(page, lambda n: role(n) == "label" and
                                       (n.name or "").startswith("Receiving 0x88B5 frames on")))
    time.sleep(0.5)            # the helper's filter is in force
    for kind, text in ((0x0800, "not for this receiver"), (0x88B5, "from the peer ✓"),
                       (0x88B5, "hex:00ff1080")):
        sender = peer("send", cfg["mac_app"], "%x" % kind, text)
        if read_json(sender) != {"sent": True}:
            fail("the peer's sender failed")
    wait_for("the peer's frame in the list",
             lambda: find(page, lambda n: role(n) == "label" and n.name == "from the peer ✓"))
    wait_for("the peer's binary frame in the list, in hex",
             lambda: find(page, lambda n: role(n) == "label" and n.name == "00 ff 10 80"))
    row_labels = [n.name for n in t.walk(page) if role(n) == "label"]
    if cfg["mac_peer"] not in row_labels:
        fail("the source %s is not in the list" % cfg["mac_peer"])
    if "0x88B5 (Local experiment 1)" not in row_labels:
        fail("the type is not in the list")
    if "not for this receiver" in row_labels:
        fail("a 0x0800 frame was listed while receiving 0x88B5")
    log("the peer's frame is listed with its fields")

    shot = os.environ.get("SL_FRAMES_SCREENSHOT")
    if shot:
        time.sleep(1)
        subprocess.run(["import", "-window", "root", shot], check=True, timeout=30)
        log("screenshot saved to %s" % shot)

    t.do_action(t.find_button(page, "Stop"))
    t.finish()
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--inner":
        sys.exit(inner())
    if len(sys.argv) != 2:
        print("usage: test_frames_netns.py APP", file=sys.stderr)
        sys.exit(2)
    sys.exit(outer())
