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

app_path = os.environ.get("SOCKET_LAB")
if not app_path or not os.access(app_path, os.X_OK):
    fail("SOCKET_LAB must name the built socket-lab executable (got %r)" % app_path)

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


env = dict(os.environ, GTK_A11Y="atspi", LANGUAGE="C", LANG="C.UTF-8")
env.pop("NO_AT_BRIDGE", None)
env.setdefault("GSETTINGS_BACKEND", "memory")
env.setdefault("GSK_RENDERER", "cairo")

def launch():
    # Under a freshly started Xvfb the first connection is sometimes
    # refused; give the app a few tries, each bounded.
    for attempt in range(3):
        process = subprocess.Popen([app_path], env=env)
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
    desktop = pyatspi.Registry.getDesktop(0)

    def find_app():
        for i in range(desktop.childCount):
            a = desktop.getChildAtIndex(i)
            if a is not None and a.name and "socket" in a.name.lower():
                return a
        if app_process.poll() is not None:
            xauth = os.environ.get("XAUTHORITY")
            fail("socket-lab exited with status %s before it appeared (DISPLAY=%s, XAUTHORITY=%s exists=%s)" %
                 (app_process.returncode, os.environ.get("DISPLAY"), xauth,
                  os.path.exists(xauth) if xauth else None))
        return None

    app = wait_for("socket-lab in the AT-SPI tree (is the accessibility bus running?)", find_app, 20)
    frame = wait_for("the main window", lambda: find(app, lambda n: role(n) == "frame"))
    log("found window %r" % frame.name)

    # The page: through the sidebar's list selection
    def page_row():
        return find(frame, lambda n: role(n) == "label" and n.name == "TCP Server")
    label = wait_for("the TCP Server entry in the sidebar", page_row)
    row = label
    while row is not None and role(row) != "list item":
        row = row.parent
    if row is None:
        fail("the TCP Server sidebar entry is not in a list")
    row.parent.querySelection().selectChild(row.getIndexInParent())

    port_spin = wait_for("the Port spin button",
                         lambda: find(frame, lambda n: role(n) == "spin button" and n.name == "Port"))
    port = free_port()
    port_spin.queryValue().currentValue = float(port)
    wait_for("the port to be set", lambda: int(port_spin.queryValue().currentValue) == port)
    log("port %d" % port)

    # Reply mode: open the drop-down, click Echo
    combo = wait_for("the Reply drop-down",
                     lambda: find(frame, lambda n: role(n) == "combo box" and n.name == "Reply"))
    button = find(combo, lambda n: role(n) in ("push button", "toggle button"))
    if button is None:
        fail("the Reply drop-down has no button")

    KEY_HOME, KEY_DOWN, KEY_RETURN = 0xff50, 0xff54, 0xff0d

    def press(keysym):
        pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
        time.sleep(0.15)

    def choose(item_name):
        # GTK 4.8 reports wrong positions for popover contents and gives
        # list items no action, so choose as a keyboard user does: open,
        # go to the first item, down to the wanted one, Return.
        for attempt in range(3):
            do_action(button)
            time.sleep(0.8)
            items = [n for n in walk(combo) if role(n) == "list item"]
            names = [getattr(find(n, lambda m: role(m) == "label"), "name", None) for n in items]
            if item_name not in names:
                fail("%s is not among the reply modes %s" % (item_name, names))
            press(KEY_HOME)
            press(KEY_HOME)
            for _ in range(names.index(item_name)):
                press(KEY_DOWN)
            press(KEY_RETURN)
            deadline = time.monotonic() + 2
            while time.monotonic() < deadline:
                if find(button, lambda n: role(n) == "label" and n.name == item_name):
                    return
                time.sleep(0.2)
            log("choosing %s: attempt %d did not take" % (item_name, attempt + 1))
        fail("could not choose %s in the Reply drop-down with the keyboard" % item_name)

    # From another mode to Echo, so that the click really changes something
    choose("Timestamp echo")
    choose("Echo")
    log("reply mode Echo")

    start = wait_for("the Start Listening button",
                     lambda: find(frame, lambda n: role(n) == "push button" and
                                  (n.name == "Start Listening" or
                                   find(n, lambda m: role(m) == "label" and m.name == "Start Listening"))))
    do_action(start)

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

    print("PASS", flush=True)
finally:
    signal.alarm(0)
    cleanup()
