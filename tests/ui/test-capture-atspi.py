#!/usr/bin/python3
# test-capture-atspi.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The capture pane end to end, as a classroom launcher starts it:
# socket-lab --tcp-server=127.0.0.1:PORT --reply=echo --capture. A plain
# Python client sends hello; the packet list (read through the
# accessibility tree only) must show the handshake's SYN and the data's
# PSH/ACK; then `gapplication action ... export-capture` in the same
# session bus writes a pcap file. Needs root (capturing) and the built
# helper: skipped (77) otherwise. Every wait is bounded.

import os
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import slatspi as t  # noqa: E402
from slatspi import TIMEOUT, fail, find, log, role, walk, wait_for  # noqa: E402

t.setup(needs_root=True)
helper_path = t.helper_path()
if not os.access(helper_path, os.X_OK):
    t.skip("no helper at %s" % helper_path)

port = t.free_port()
pcap_path = "/tmp/socket-lab-test-capture-%d.pcap" % os.getpid()


def remove_pcap():
    try:
        os.unlink(pcap_path)
    except OSError:
        pass


t.add_cleanup(remove_pcap)
env = dict(t.env, SOCKET_LAB_HELPER=helper_path)
t.start_app(["--tcp-server=127.0.0.1:%d" % port, "--reply=echo", "--capture"],
            extra_env={"SOCKET_LAB_HELPER": helper_path})
frame = t.main_window()

shown = "127.0.0.1:%d" % port
wait_for("the listener %s" % shown,
         lambda: find(frame, lambda n: role(n) == "label" and n.name == shown))

def capturing():
    label = find(frame, lambda n: role(n) == "label" and (n.name or "").startswith("Capturing"))
    if label is None:
        problem = find(frame, lambda n: role(n) == "label" and
                       ("capture" in (n.name or "").lower() and "helper" in (n.name or "").lower()))
        if problem is not None:
            fail("the capture does not run; the pane says: %s" % problem.name)
    return label
status = wait_for("the capture to run", capturing, 15)
log("capture: %s" % status.name)
time.sleep(0.5)

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
log("echo received from port %d" % client_port)

packets = wait_for("the packet list",
                   lambda: find(frame, lambda n: n.name == "Captured packets"))

def info_rows(needle):
    return [n.name for n in walk(packets)
            if role(n) == "label" and needle in (n.name or "") and str(client_port) in (n.name or "")]

syn = wait_for("a SYN of port %d in the packet list" % client_port, lambda: info_rows("[SYN]"))
log("SYN row: %s" % syn[0])
psh = wait_for("a PSH/ACK of port %d in the packet list" % client_port, lambda: info_rows("[PSH, ACK]"))
log("PSH/ACK row: %s" % psh[0])
fin = wait_for("a FIN of port %d in the packet list" % client_port, lambda: info_rows("FIN"))
log("FIN row: %s" % fin[0])

# The D-Bus action of DESIGN.md, in this session bus
result = subprocess.run(["gapplication", "action", "io.github.socketlab.SocketLab",
                         "export-capture", "'%s'" % pcap_path],
                        env=env, timeout=TIMEOUT, capture_output=True, text=True)
if result.returncode != 0:
    fail("gapplication action export-capture failed: %s" % result.stderr.strip())

def pcap_written():
    try:
        with open(pcap_path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    return data if len(data) > 24 else None
data = wait_for("the exported pcap file %s" % pcap_path, pcap_written)
magics = (b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
if data[:4] not in magics:
    fail("%s does not start with a pcap magic: %r" % (pcap_path, data[:4]))
log("exported %d bytes of pcap" % len(data))

t.finish()
