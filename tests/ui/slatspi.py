# slatspi.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What every AT-SPI test shares: a private session bus, the app started
# with a command line, bounded waits, and walking the accessibility tree as
# a screen reader sees it.  Usage:
#
#     import slatspi as t
#     t.setup()                       # re-executes in dbus-run-session
#     app = t.start_app(["--http=127.0.0.1:0"])
#     frame = t.main_window()
#     t.select_page(frame, "HTTP Server")
#     ...
#     t.finish()                      # PASS, stops the app
#
# Every wait is bounded; the whole test by an alarm.

import os
import signal
import socket
import subprocess
import sys
import time

TIMEOUT = 10.0

Atspi = None
pyatspi = None
app_path = None
app_process = None
env = None
_cleanups = []


def fail(message):
    print("FAIL: " + message, file=sys.stderr, flush=True)
    _run_cleanups()
    sys.exit(1)


def skip(message):
    print("SKIP: " + message, flush=True)
    _run_cleanups()
    sys.exit(77)


def log(message):
    print(message, flush=True)


def setup(alarm=100, needs_root=False):
    """Re-executes the test in a private session bus (so the app and the
    accessibility bus it starts are ours alone), checks the display and the
    app, imports pyatspi and arms the alarm."""
    global Atspi, pyatspi, app_path, env

    if os.environ.get("SL_ATSPI_INNER") != "1":
        inner = dict(os.environ, SL_ATSPI_INNER="1")
        try:
            os.execvpe("dbus-run-session",
                       ["dbus-run-session", "--", "/usr/bin/python3",
                        os.path.abspath(sys.argv[0])] + sys.argv[1:],
                       inner)
        except OSError as e:
            fail("cannot run dbus-run-session: %s" % e)

    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        fail("no display: run this test under xvfb-run (build-aux/test does)")

    if needs_root and os.geteuid() != 0:
        skip("this test needs root here")

    app_path = os.environ.get("SOCKET_LAB")
    if not app_path or not os.access(app_path, os.X_OK):
        fail("SOCKET_LAB must name the built socket-lab executable (got %r)" % app_path)

    try:
        import gi
        gi.require_version("Atspi", "2.0")
        from gi.repository import Atspi as _Atspi
        import pyatspi as _pyatspi
    except Exception as e:  # noqa: BLE001 - any import problem is the same failure
        fail("AT-SPI is not available (python3-pyatspi / gir1.2-atspi-2.0): %s" % e)
    Atspi, pyatspi = _Atspi, _pyatspi

    # Never hang, whatever happens on the bus
    signal.signal(signal.SIGALRM, lambda *a: fail("the test took too long (AT-SPI stuck?)"))
    signal.alarm(alarm)
    Atspi.set_timeout(5000, 15000)

    env = dict(os.environ, GTK_A11Y="atspi", LANGUAGE="C", LANG="C.UTF-8")
    env.pop("NO_AT_BRIDGE", None)
    env.setdefault("GSETTINGS_BACKEND", "memory")
    env.setdefault("GSK_RENDERER", "cairo")


def helper_path():
    """The capture helper next to the app, or $SOCKET_LAB_HELPER."""
    return os.environ.get("SOCKET_LAB_HELPER") or \
        os.path.join(os.path.dirname(app_path), "helper", "socket-lab-helper")


def add_cleanup(func):
    _cleanups.append(func)


def _run_cleanups():
    while _cleanups:
        func = _cleanups.pop()
        try:
            func()
        except Exception:  # noqa: BLE001 - cleaning up after a failure
            pass


def _stop_app():
    if app_process is not None and app_process.poll() is None:
        app_process.terminate()
        try:
            app_process.wait(5)
        except subprocess.TimeoutExpired:
            app_process.kill()


def start_app(args=(), extra_env=None):
    """Starts socket-lab with @args. Under a freshly started Xvfb the first
    connection is sometimes refused: a few tries, each bounded."""
    global app_process

    run_env = dict(env)
    if extra_env:
        run_env.update(extra_env)
    for attempt in range(3):
        process = subprocess.Popen([app_path] + list(args), env=run_env)
        try:
            process.wait(2)
        except subprocess.TimeoutExpired:
            app_process = process
            add_cleanup(_stop_app)
            return process
        log("socket-lab exited with status %s at start (attempt %d)" % (process.returncode, attempt + 1))
        time.sleep(1)
    fail("socket-lab does not start (DISPLAY=%s)" % os.environ.get("DISPLAY"))


def finish():
    signal.alarm(0)
    print("PASS", flush=True)
    _run_cleanups()


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


def set_text(node, text):
    """Replaces the text of an editable text node, as typing would."""
    editable = node.queryEditableText()
    editable.setTextContents(text)


def free_port(kind=socket.SOCK_STREAM):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main_window():
    """The app's main window, once it is in the tree."""
    desktop = pyatspi.Registry.getDesktop(0)

    def find_app():
        for i in range(desktop.childCount):
            a = desktop.getChildAtIndex(i)
            if a is not None and a.name and "socket" in a.name.lower():
                return a
        if app_process is not None and app_process.poll() is not None:
            fail("socket-lab exited with status %s before it appeared (DISPLAY=%s)" %
                 (app_process.returncode, os.environ.get("DISPLAY")))
        return None

    app = wait_for("socket-lab in the AT-SPI tree (is the accessibility bus running?)", find_app, 20)
    frame = wait_for("the main window", lambda: find(app, lambda n: role(n) == "frame"))
    log("found window %r" % frame.name)
    return frame


def select_page(frame, title):
    """Chooses a page through the sidebar's list selection."""
    label = wait_for("the %s entry in the sidebar" % title,
                     lambda: find(frame, lambda n: role(n) == "label" and n.name == title))
    row = label
    while row is not None and role(row) != "list item":
        row = row.parent
    if row is None:
        fail("the %s sidebar entry is not in a list" % title)
    row.parent.querySelection().selectChild(row.getIndexInParent())


def find_button(frame, name):
    """A push button by its accessible name or its label."""
    return wait_for("the %s button" % name,
                    lambda: find(frame, lambda n: role(n) in ("push button", "toggle button") and
                                 (n.name == name or
                                  find(n, lambda m: role(m) == "label" and m.name == name))))


KEY_HOME, KEY_DOWN, KEY_RETURN = 0xff50, 0xff54, 0xff0d


def press(keysym):
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    time.sleep(0.15)


def choose(combo, item_name):
    """Chooses @item_name in a GtkDropDown. GTK 4.8 reports wrong positions
    for popover contents and gives list items no action, so choose as a
    keyboard user does: open, go to the first item, down to the wanted one,
    Return."""
    button = find(combo, lambda n: role(n) in ("push button", "toggle button"))
    if button is None:
        fail("the %r drop-down has no button" % combo.name)
    for attempt in range(3):
        do_action(button)
        time.sleep(0.8)
        items = [n for n in walk(combo) if role(n) == "list item"]
        names = [getattr(find(n, lambda m: role(m) == "label"), "name", None) for n in items]
        if item_name not in names:
            fail("%s is not among %s" % (item_name, names))
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
    fail("could not choose %s in the %r drop-down with the keyboard" % (item_name, combo.name))
