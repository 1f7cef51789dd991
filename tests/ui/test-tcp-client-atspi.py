#!/usr/bin/python3
# test-tcp-client-atspi.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End to end, as a student clicks: an echo server in Python on a free
# loopback port, Socket Lab on its TCP client page, the port and "hello"
# typed through the accessibility tree, Send clicked through its accessible
# action, and the echo read back from the transcript's accessible text.
# Runs itself in a private session bus (and a virtual X server when there
# is no display) so that the app and AT-SPI meet on the same bus.

import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time

WAIT = 10.0
INNER = "SOCKET_LAB_ATSPI_INNER"


def reexec_in_private_session():
    env = dict(os.environ)
    env[INNER] = "1"
    env.pop("NO_AT_BRIDGE", None)
    cmd = ["dbus-run-session", "--", sys.executable, os.path.abspath(__file__)]
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24"] + cmd
    try:
        return subprocess.run(cmd, env=env, timeout=110).returncode
    except FileNotFoundError as e:
        print(f"# SKIP: {e}")
        return 77


class EchoHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(WAIT * 2)
        try:
            while True:
                data = self.request.recv(1024)
                if not data:
                    break
                self.request.sendall(data)
        except OSError:
            pass


def accessible_name(node):
    """The name without GTK 4.8's quirks: a button's name is its raw
    mnemonic label followed by its label ("_Send Send")."""
    name = (node.name or "").replace("_", "")
    half = len(name) // 2
    if len(name) % 2 == 1 and name[:half] == name[half + 1:] and name[half] == " ":
        return name[:half]
    return name


def wait_until(what, predicate, seconds=WAIT):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = predicate()
        except SystemExit:
            raise
        except Exception:  # the tree changes under us while the app starts
            result = None
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")


def wait_for_display():
    """Under a loaded machine the X server may still be starting: wait until
    its socket accepts a connection, so that the app does not fail with
    "cannot open display"."""
    display = os.environ.get("DISPLAY", "")
    if not display.startswith(":"):
        return
    path = "/tmp/.X11-unix/X" + display[1:].split(".")[0]

    def connectable():
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(path)
            return True

    wait_until(f"the X server on {display}", connectable)


def main():
    if os.environ.get(INNER) != "1":
        return reexec_in_private_session()

    app_path = os.environ.get("SOCKET_LAB")
    if not app_path or not os.access(app_path, os.X_OK):
        print("# SKIP: SOCKET_LAB does not name the built app")
        return 77

    # Our own accessibility bus, named explicitly: otherwise the app and
    # pyatspi would look for it in the X root window, where another test's
    # stale bus may be announced.
    try:
        from gi.repository import Gio, GLib
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        reply = bus.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                              "GetAddress", None, GLib.VariantType("(s)"),
                              Gio.DBusCallFlags.NONE, int(WAIT * 1000), None)
        os.environ["AT_SPI_BUS_ADDRESS"] = reply.unpack()[0]
    except Exception as e:
        print(f"# SKIP: no accessibility bus: {e}")
        return 77

    try:
        import pyatspi
    except ImportError:
        print("# SKIP: pyatspi is not installed")
        return 77

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), EchoHandler)
    server.daemon_threads = True
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()

    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env.setdefault("GSETTINGS_BACKEND", "memory")
    wait_for_display()
    app = subprocess.Popen([app_path, "--page=tcp-client"], env=env)
    try:
        desktop = pyatspi.Registry.getDesktop(0)

        def find_app():
            if app.poll() is not None:
                raise SystemExit(f"the app exited with status {app.returncode}")
            for candidate in desktop:
                if candidate is not None and candidate.get_process_id() == app.pid:
                    return candidate
            return None

        app_root = wait_until("the app on the accessibility bus", find_app)

        def find(role, name, root):
            def predicate(node):
                return (node is not None and node.getRole() == role
                        and accessible_name(node) == name)

            return wait_until(f"a {role} named {name!r}",
                              lambda: pyatspi.findDescendant(root, predicate))

        # Other pages have a "Port" and a "Transcript" too
        root = find(pyatspi.ROLE_PANEL, "TCP Client", app_root)

        def set_text(node, text):
            editable = node.queryEditableText()
            editable.setTextContents(text)

        # The port, typed as a student would
        def set_number(node, number):
            set_text(node, str(number))
            value = node.queryValue()
            try:
                wait_until("the typed number", lambda: value.currentValue == number, 2.0)
            except AssertionError:
                # GTK 4.8's spin buttons accept EditableText but do not
                # commit it; the Value interface is what Orca uses there.
                print("# EditableText not committed by the spin button; using Value")
                value.currentValue = float(number)
            wait_until(f"the spin button to show {number}",
                       lambda: value.currentValue == number)

        port_field = find(pyatspi.ROLE_SPIN_BUTTON, "Port", root)
        set_number(port_field, port)
        timeout_field = find(pyatspi.ROLE_SPIN_BUTTON, "Timeout (seconds)", root)
        set_number(timeout_field, 2)

        payload = find(pyatspi.ROLE_TEXT, "Bytes to send", root)
        set_text(payload, "hello")
        wait_until("the payload text",
                   lambda: payload.queryText().getText(0, -1) == "hello")

        send = find(pyatspi.ROLE_PUSH_BUTTON, "Send", root)
        wait_until("Send to be enabled",
                   lambda: send.getState().contains(pyatspi.STATE_SENSITIVE))
        send.queryAction().doAction(0)

        transcript = find(pyatspi.ROLE_TEXT, "Transcript", root)

        def echoed():
            text = transcript.queryText().getText(0, -1)
            return text.count("hello") >= 2 and text

        text = wait_until("the echoed hello in the transcript", echoed)
        print("# transcript:", text.replace("\n", " | "))
        print("ok 1 - hello sent on port", port, "and echoed back")
        return 0
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
