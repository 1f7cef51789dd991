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
import signal
import socket
import subprocess
import sys
import time

TIMEOUT = 10.0


def fail(message):
    print("FAIL: " + message, file=sys.stderr, flush=True)
    sys.exit(1)


def log(message):
    print(message, flush=True)


# A private session bus, so the app is ours alone and the accessibility
# bus it starts goes away with it.
if os.environ.get("SL_ATSPI_INNER") != "1":
    env = dict(os.environ, SL_ATSPI_INNER="1")
    try:
        os.execvpe("dbus-run-session",
                   ["dbus-run-session", "--", "/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:],
                   env)
    except OSError as e:
        fail("cannot run dbus-run-session: %s" % e)

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    fail("no display: run this test under xvfb-run (build-aux/test does)")

if os.geteuid() != 0:
    print("SKIP: capturing needs root here", flush=True)
    sys.exit(77)

app_path = os.environ.get("SOCKET_LAB")
if not app_path or not os.access(app_path, os.X_OK):
    fail("SOCKET_LAB must name the built socket-lab executable (got %r)" % app_path)

helper_path = os.environ.get("SOCKET_LAB_HELPER") or \
    os.path.join(os.path.dirname(app_path), "helper", "socket-lab-helper")
if not os.access(helper_path, os.X_OK):
    print("SKIP: no helper at %s" % helper_path, flush=True)
    sys.exit(77)

try:
    import gi
    gi.require_version("Atspi", "2.0")
    from gi.repository import Atspi
    import pyatspi
except Exception as e:  # noqa: BLE001 - any import problem is the same failure
    fail("AT-SPI is not available (python3-pyatspi / gir1.2-atspi-2.0): %s" % e)

# Never hang, whatever happens on the bus
signal.signal(signal.SIGALRM, lambda *a: fail("the test took too long (AT-SPI stuck?)"))
signal.alarm(100)
Atspi.set_timeout(5000, 15000)


def wait_for(what, func, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = func()
            if result:
                return result
        except Exception as e:  # noqa: BLE001 - the tree changes under us
            last_error = e
        time.sleep(0.2)
    fail("timed out after %.0f s waiting for %s%s" %
         (timeout, what, " (last error: %s)" % last_error if last_error else ""))


def walk(node, depth=0, max_depth=60):
    if node is None or depth > max_depth:
        return
    yield node
    try:
        count = node.childCount
    except Exception:  # noqa: BLE001
        return
    for i in range(count):
        try:
            c = node.getChildAtIndex(i)
        except Exception:  # noqa: BLE001
            continue
        yield from walk(c, depth + 1, max_depth)


def find(root, pred):
    for node in walk(root):
        try:
            if pred(node):
                return node
        except Exception:  # noqa: BLE001
            pass
    return None


def role(node):
    return node.getRoleName()


def do_action(node, names=("click", "activate", "press")):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in names:
            return action.doAction(i)
    fail("%s %r has no click action (has %s)" %
         (role(node), node.name, [action.getName(i) for i in range(action.nActions)]))


def text_of(node):
    try:
        t = node.queryText()
        return t.getText(0, -1)
    except Exception:  # noqa: BLE001
        return node.name or ""


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


env = dict(os.environ, GTK_A11Y="atspi", LANGUAGE="C", LANG="C.UTF-8",
           SOCKET_LAB_HELPER=helper_path)
env.pop("NO_AT_BRIDGE", None)
env.setdefault("GSETTINGS_BACKEND", "memory")
env.setdefault("GSK_RENDERER", "cairo")

port = free_port()
pcap_path = "/tmp/socket-lab-test-capture-%d.pcap" % os.getpid()


def launch():
    # Under a freshly started Xvfb the first connection is sometimes
    # refused; give the app a few tries, each bounded.
    for attempt in range(3):
        process = subprocess.Popen([app_path, "--tcp-server=127.0.0.1:%d" % port,
                                    "--reply=echo", "--capture"], env=env)
        try:
            process.wait(2)
        except subprocess.TimeoutExpired:
            return process
        log("socket-lab exited with status %s at start (attempt %d)" % (process.returncode, attempt + 1))
        time.sleep(1)
    fail("socket-lab does not start (DISPLAY=%s)" % os.environ.get("DISPLAY"))


app_process = launch()


def cleanup():
    if app_process.poll() is None:
        app_process.terminate()
        try:
            app_process.wait(5)
        except subprocess.TimeoutExpired:
            app_process.kill()
    try:
        os.unlink(pcap_path)
    except OSError:
        pass


try:
    desktop = pyatspi.Registry.getDesktop(0)

    def find_app():
        for i in range(desktop.childCount):
            a = desktop.getChildAtIndex(i)
            if a is not None and a.name and "socket" in a.name.lower():
                return a
        if app_process.poll() is not None:
            fail("socket-lab exited with status %s before it appeared" % app_process.returncode)
        return None

    app = wait_for("socket-lab in the AT-SPI tree (is the accessibility bus running?)", find_app, 20)
    frame = wait_for("the main window", lambda: find(app, lambda n: role(n) == "frame"))
    log("found window %r" % frame.name)

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

    print("PASS", flush=True)
finally:
    signal.alarm(0)
    cleanup()
