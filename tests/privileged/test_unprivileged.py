#!/usr/bin/python3
# test_unprivileged.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Socket Lab as an ordinary student (issue 3, "Tests -> unprivileged").

As root, this test creates a system user (sl-test-student), copies the built
helper into a temporary directory without file capabilities (a copy never
carries the security.capability attribute; `setcap -r` makes sure), and runs,
as that user, under its own Xvfb (the user gets a copy of the X cookie) and
its own session bus:

  socket-lab --tcp-server=127.0.0.1:PORT --reply=echo --capture

with SOCKET_LAB_HELPER pointing at the capability-less helper. It checks:

  - the helper copy has no capabilities, and `socket-lab-helper check` run as
    the user fails with `error permission`;
  - the echo server works: a plain Python client gets "hello" back;
  - the permission banner is shown: read through the accessibility tree
    (pyatspi, in the user's session bus): its message and the administrator
    command `sudo setcap cap_net_raw,cap_net_admin=ep HELPER`;
  - the helper reported `error permission` to the app
    (G_MESSAGES_DEBUG=sl-capture), and the app is still running and
    echoing after that.

Usage: test_unprivileged.py APP HELPER SCHEMA_DIR
(run by meson in the privileged suite). Skipped (77) unless root, or when
useradd/runuser/Xvfb/dbus-run-session are missing. Loopback only; every wait
is bounded; the user, its processes and the temporary files are removed at
the end, also on failure.
"""

import json
import os
import pwd
import re
import secrets
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

USER = "sl-test-student"
TIMEOUT = 20.0


def log(message):
    print(message, flush=True)


# ---------------------------------------------------------------------------
# The inner part: runs as the student, inside dbus-run-session.
# ---------------------------------------------------------------------------

def inner():
    app_path = os.environ["SL_UNPRIV_APP"]
    port = int(os.environ["SL_UNPRIV_PORT"])
    app_log = os.environ["SL_UNPRIV_LOG"]
    result = {"uid": os.getuid(), "echo": None, "echo_after": None, "alive": None,
              "banner_message": None, "banner_command": None, "atspi": None}
    def on_alarm(*args):
        raise TimeoutError("the student's run took more than 90 s")
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(90)

    env = dict(os.environ, GTK_A11Y="atspi", LANGUAGE="C", LANG="C.UTF-8",
               G_MESSAGES_DEBUG="sl-capture")
    env.pop("NO_AT_BRIDGE", None)
    with open(app_log, "wb") as out:
        app = subprocess.Popen([app_path, f"--tcp-server=127.0.0.1:{port}", "--reply=echo",
                                "--capture"], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        result["echo"] = echo(port, app)
        result.update(read_banner(app))
        time.sleep(0.5)
        result["echo_after"] = echo(port, app, timeout=5)
        result["alive"] = app.poll() is None
    except Exception as e:  # noqa: BLE001 - reported to the outer part
        result["error"] = f"{type(e).__name__}: {e}"
    finally:
        if app.poll() is None:
            app.terminate()
            try:
                app.wait(5)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait(5)
        result["exit_status"] = app.returncode
    print("RESULT " + json.dumps(result), flush=True)
    return 0


def echo(port, app, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.poll() is not None:
            return f"socket-lab exited with status {app.returncode}"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                s.sendall(b"hello")
                s.shutdown(socket.SHUT_WR)
                data = b""
                while len(data) < 5:
                    chunk = s.recv(1024)
                    if not chunk:
                        break
                    data += chunk
                return data.decode(errors="replace")
        except OSError:
            time.sleep(0.1)
    return "nothing listened"


def read_banner(app):
    """The banner's message and command, read through AT-SPI."""
    found = {"atspi": False}
    try:
        import gi
        gi.require_version("Atspi", "2.0")
        from gi.repository import Atspi
        import pyatspi
    except Exception as e:  # noqa: BLE001
        found["atspi_error"] = f"pyatspi is not available: {e}"
        return found
    Atspi.set_timeout(5000, 15000)
    desktop = pyatspi.Registry.getDesktop(0)

    def walk(node, depth=0):
        if node is None or depth > 60:
            return
        yield node
        try:
            count = node.childCount
        except Exception:  # noqa: BLE001
            return
        for i in range(count):
            try:
                yield from walk(node.getChildAtIndex(i), depth + 1)
            except Exception:  # noqa: BLE001
                continue

    def text_of(node):
        """A label's text: its name (GTK 4.8 names a label by its text),
        else what its Text interface holds"""
        text = ""
        try:
            text = node.queryText().getText(0, -1)
        except Exception:  # noqa: BLE001
            pass
        return text or node.name or ""

    def states(node):
        try:
            return [pyatspi.stateToString(st) for st in node.getState().getStates()]
        except Exception:  # noqa: BLE001
            return []

    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and app.poll() is None:
        try:
            for i in range(desktop.childCount):
                a = desktop.getChildAtIndex(i)
                if a is None or not a.name or "socket" not in a.name.lower():
                    continue
                found["atspi"] = True
                # GTK leaves widgets that are not visible out of the tree,
                # so a label found here is on screen if its window is
                for node in walk(a):
                    t = text_of(node)
                    if not t:
                        continue
                    if t.startswith("sudo setcap "):
                        found["banner_command"] = t
                        found["banner_command_states"] = states(node)
                    elif "permission" in t and "helper" in t:
                        found["banner_message"] = t
        except Exception as e:  # noqa: BLE001 - the tree changes under us
            found["atspi_error"] = str(e)
        if found.get("banner_command") and found.get("banner_message"):
            break
        time.sleep(0.3)
    if not (found.get("banner_command") and found.get("banner_message")):
        # What the tree held, for the failure message
        seen = []
        for i in range(desktop.childCount):
            a = desktop.getChildAtIndex(i)
            if a is None or not a.name or "socket" not in a.name.lower():
                continue
            for node in walk(a):
                t = text_of(node)
                if len(seen) < 300:
                    seen.append(f"{node.getRoleName()}: {t[:70]!r} {node.description!r}")
        found["tree"] = seen
    return found


# ---------------------------------------------------------------------------
# The outer part: root, sets up and cleans up.
# ---------------------------------------------------------------------------

started = []


def stop(p):
    if p.poll() is None:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        pass


def pids_of_uid(uid):
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as f:
                for line in f:
                    if line.startswith("Uid:"):
                        if int(line.split()[1]) == uid:
                            pids.append(int(entry))
                        break
        except OSError:
            continue
    return pids


def remove_user():
    """Ends what the test user still runs (the user exists only for this
    test, so each of its processes is one this test started), then deletes it."""
    try:
        uid = pwd.getpwnam(USER).pw_uid
    except KeyError:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = pids_of_uid(uid)
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 3
        while pids_of_uid(uid) and time.monotonic() < deadline:
            time.sleep(0.1)
    r = subprocess.run(["userdel", USER], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=30)
    if r.returncode != 0:
        log(f"userdel {USER}: {r.stdout.decode(errors='replace').strip()}")


def write_xauthority(path, cookie):
    """One MIT-MAGIC-COOKIE-1 entry for any display (FamilyWild), so the
    cookie works whatever display number Xvfb picks."""
    def field(b):
        return struct.pack(">H", len(b)) + b
    with open(path, "wb") as f:
        f.write(struct.pack(">H", 0xffff) + field(b"") + field(b"")
                + field(b"MIT-MAGIC-COOKIE-1") + field(cookie))


def read_line(fd, timeout):
    deadline = time.monotonic() + timeout
    data = b""
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 1)
        if not chunk:
            return None
        data += chunk
    return data.decode().strip()


def start_xvfb(auth):
    r, w = os.pipe()
    p = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-nolisten", "tcp", "-auth", auth,
                          "-screen", "0", "1280x800x24"],
                         pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    started.append(p)
    os.close(w)
    line = read_line(r, 20)
    os.close(r)
    if not line:
        raise RuntimeError("Xvfb did not start")
    return ":" + line


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def can_user(path, test):
    return subprocess.run(["runuser", "-u", USER, "--", "test", test, path],
                          timeout=10).returncode == 0


def outer(app, helper, schema_dir):
    checks = []
    failures = []

    def check(ok, what):
        (checks if ok else failures).append(what)
        log(("ok: " if ok else "FAIL: ") + what)

    tmp = tempfile.mkdtemp(prefix="sl-unprivileged-")
    user_created = False
    try:
        os.chmod(tmp, 0o755)
        if subprocess.run(["id", USER], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0:
            log(f"{USER} exists (left by an earlier run): removing it first")
            remove_user()
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell",
                        "/usr/sbin/nologin", USER], check=True, timeout=30)
        user_created = True
        pw = pwd.getpwnam(USER)

        # The helper, without capabilities
        helper_dir = os.path.join(tmp, "libexec")
        os.mkdir(helper_dir, 0o755)
        helper_copy = os.path.join(helper_dir, "socket-lab-helper")
        shutil.copy(helper, helper_copy)
        os.chmod(helper_copy, 0o755)
        if shutil.which("setcap") and shutil.which("getcap"):
            if subprocess.run(["getcap", helper_copy], stdout=subprocess.PIPE,
                              timeout=10).stdout.strip():
                subprocess.run(["setcap", "-r", helper_copy], timeout=10)
            caps = subprocess.run(["getcap", helper_copy], stdout=subprocess.PIPE,
                                  timeout=10).stdout.decode().strip()
            check(caps == "", f"the helper copy has no file capabilities (getcap: {caps!r})")

        # The app, its schema and this script, as the user can reach them
        if can_user(app, "-x") and can_user(os.path.join(schema_dir, "gschemas.compiled"), "-r"):
            log(f"{USER} can run {app} where it was built")
        else:
            log(f"{USER} cannot reach the build tree: copying the app and its schema")
            shutil.copy(app, os.path.join(tmp, "socket-lab"))
            app = os.path.join(tmp, "socket-lab")
            os.makedirs(os.path.join(tmp, "schemas"), 0o755)
            shutil.copy(os.path.join(schema_dir, "gschemas.compiled"),
                        os.path.join(tmp, "schemas", "gschemas.compiled"))
            schema_dir = os.path.join(tmp, "schemas")
        script = os.path.join(tmp, "test_unprivileged.py")
        shutil.copy(os.path.abspath(__file__), script)
        os.chmod(script, 0o644)

        home = os.path.join(tmp, "home")
        runtime = os.path.join(tmp, "run")
        for d in (home, runtime):
            os.mkdir(d, 0o700)
            os.chown(d, pw.pw_uid, pw.pw_gid)

        # The user's own X cookie
        cookie = secrets.token_bytes(16)
        server_auth = os.path.join(tmp, "xauth-server")
        write_xauthority(server_auth, cookie)
        os.chmod(server_auth, 0o600)
        user_auth = os.path.join(home, ".Xauthority")
        write_xauthority(user_auth, cookie)
        os.chown(user_auth, pw.pw_uid, pw.pw_gid)
        os.chmod(user_auth, 0o600)
        display = start_xvfb(server_auth)
        log(f"Xvfb on {display}, {USER} has a copy of its cookie")

        # Without the capability the helper says so
        r = subprocess.run(["runuser", "-u", USER, "--", helper_copy, "check"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
        err = r.stderr.decode(errors="replace").strip()
        check(r.returncode == 1 and err.startswith("error permission"),
              f"`socket-lab-helper check` as {USER}: status {r.returncode}, {err!r}")

        port = free_port()
        app_log = os.path.join(home, "socket-lab.log")
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            "HOME": home,
            "USER": USER,
            "LOGNAME": USER,
            "DISPLAY": display,
            "XAUTHORITY": user_auth,
            "XDG_RUNTIME_DIR": runtime,
            "GDK_BACKEND": "x11",
            "GSETTINGS_SCHEMA_DIR": schema_dir,
            "GSETTINGS_BACKEND": "memory",
            "GSK_RENDERER": "cairo",
            "SOCKET_LAB_HELPER": helper_copy,
            "SL_UNPRIV_APP": app,
            "SL_UNPRIV_PORT": str(port),
            "SL_UNPRIV_LOG": app_log,
        }
        argv = (["runuser", "-u", USER, "--", "env", "-i"]
                + [f"{k}={v}" for k, v in env.items()]
                + ["dbus-run-session", "--", "/usr/bin/python3", script, "--inner"])
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             start_new_session=True, cwd=tmp)
        started.append(p)
        try:
            out, _ = p.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            stop(p)
            out = b""
            check(False, "the app's run as the student ended within 120 s")
        text = out.decode(errors="replace")
        result = None
        for line in text.splitlines():
            if line.startswith("RESULT "):
                result = json.loads(line[7:])
        try:
            with open(app_log, errors="replace") as f:
                app_text = f.read()
        except OSError:
            app_text = ""
        if result is None:
            check(False, "the run as the student reported: " + text[-800:])
        else:
            log("as the student: " + json.dumps(result))
            check(result["uid"] == pw.pw_uid, f"the app ran as {USER} (uid {result['uid']})")
            check(result["echo"] == "hello", f"echo server answered {result['echo']!r} to 'hello'")
            check(bool(result.get("atspi")), "socket-lab is in the user's accessibility tree"
                  + (f" ({result.get('atspi_error')})" if result.get("atspi_error") else ""))
            expected = f"sudo setcap cap_net_raw,cap_net_admin=ep {helper_copy}"
            check(result.get("banner_command") == expected,
                  f"the banner shows the command {expected!r} "
                  f"(read: {result.get('banner_command')!r})")
            check(bool(result.get("banner_message")),
                  f"the banner explains what is missing ({result.get('banner_message')!r})")
            check(result["echo_after"] == "hello" and result["alive"] is True,
                  f"after the banner the app still runs and echoes "
                  f"({result['echo_after']!r}, alive={result['alive']})")
            check("error" not in result, "no error in the student's run: "
                  + result.get("error", "none"))
        permission = [l for l in app_text.splitlines() if "helper: error permission" in l]
        check(bool(permission), "the helper reported `error permission` to the app"
              + (f" ({permission[0].strip()!r})" if permission else
                 f"; the app's log ends with: {app_text[-400:]!r}"))
        # GTK's measuring complaints ("reports a minimum height of 73, but
        # minimum height for width of 1048576 is 74. Expect overlapping
        # widgets") are layout matters of other tests: noted, not failed
        warnings = [l for l in app_text.splitlines() if "CRITICAL" in l or "WARNING" in l]
        measure = [l for l in warnings if "Expect overlapping widgets" in l]
        for l in sorted(set(re.sub(r"^.*?\*\*: [0-9:.]+: | 0x[0-9a-f]+", "", l)
                            for l in measure))[:4]:
            log("note: " + l.strip())
        others = [l for l in warnings if l not in measure]
        check(not others, f"no GLib warnings or criticals from the app ({others[:3]})")
    finally:
        # A second SIGTERM must not cut the cleaning short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for p in reversed(started):
            stop(p)
        if user_created or subprocess.run(["id", USER], stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL).returncode == 0:
            remove_user()
        shutil.rmtree(tmp, ignore_errors=True)
        gone = subprocess.run(["id", USER], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode != 0
        if not gone:
            failures.append(f"{USER} could not be removed")
        log(f"{USER} removed: {gone}")

    log(f"{len(checks)} passed, {len(failures)} failed")
    return 1 if failures else 0


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--inner":
        return inner()
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    if os.geteuid() != 0:
        print("SKIP: creating a user needs root")
        return 77
    missing = [t for t in ("useradd", "userdel", "runuser", "Xvfb", "dbus-run-session")
               if shutil.which(t) is None and shutil.which(t, path="/usr/sbin:/sbin") is None]
    if missing:
        print("SKIP: missing " + " ".join(missing))
        return 77
    app, helper, schema_dir = sys.argv[1:]
    for path in (app, helper):
        if not os.access(path, os.X_OK):
            print(f"FAIL: {path} is not an executable: build it first")
            return 1
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(128 + signal.SIGTERM))
    signal.signal(signal.SIGINT, lambda *a: sys.exit(128 + signal.SIGINT))
    return outer(os.path.abspath(app), os.path.abspath(helper), os.path.abspath(schema_dir))


if __name__ == "__main__":
    sys.exit(main())
