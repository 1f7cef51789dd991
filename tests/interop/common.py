# Shared helpers for the interop tests: start Socket Lab from its command
# line, wait for its ports, talk to it as the courses' Python programs do,
# and make sure every process we started is gone at the end, also on
# failure or when meson's timeout sends SIGTERM.
#
# Plain python3 standard library only.

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

APP = os.environ.get("SOCKET_LAB", "")
SKIP = 77

# Every bound on waiting lives here, so that a slow machine is one edit away.
STARTUP_TIMEOUT = 20.0   # from launch until a listener answers
IO_TIMEOUT = 5.0         # one exchange with the app

_children = []


def _kill_group(proc, grace=3.0):
    """SIGTERM the process group of @proc (it leads its own session), then
    SIGKILL after @grace seconds."""
    if proc.poll() is None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                continue
    # The group may hold a dbus-daemon that outlived its leader.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass


def _reap_orphans(timeout=3.0):
    """Reap what was reparented to us (see _become_subreaper)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if time.monotonic() > deadline:
                return
            time.sleep(0.05)


def kill_all():
    while _children:
        _kill_group(_children.pop())
    _reap_orphans()


def _become_subreaper():
    """dbus-run-session may leave its dbus-daemon behind when it is killed;
    as a child subreaper we inherit such orphans and can reap them, instead
    of leaving zombies to an init that may not reap."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


_become_subreaper()


def _on_signal(signum, frame):
    kill_all()
    sys.exit(128 + signum)


atexit.register(kill_all)
signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGINT, _on_signal)


def require_app():
    if not APP or not os.access(APP, os.X_OK):
        print("SOCKET_LAB is not set or not executable: %r" % APP, file=sys.stderr)
        sys.exit(1)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        print("SKIP: no display (run under xvfb-run)")
        sys.exit(SKIP)
    if shutil.which("dbus-run-session") is None:
        print("SKIP: dbus-run-session is not installed")
        sys.exit(SKIP)


def app_env():
    env = dict(os.environ)
    env.setdefault("GSETTINGS_BACKEND", "memory")
    env.setdefault("GSK_RENDERER", "cairo")
    env.setdefault("NO_AT_BRIDGE", "1")
    # no accessibility bus: these tests talk to the app only over sockets
    env.setdefault("GTK_A11Y", "none")
    return env


def free_port(family=socket.AF_INET, host="127.0.0.1"):
    """A port that was free a moment ago (bound to port 0, then closed)."""
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def ipv6_loopback_works():
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


class App:
    """One Socket Lab process.  own_bus=True (the default) wraps it in its
    own dbus-run-session so that GApplication uniqueness does not join an
    instance of another test.  With own_bus=False it uses the caller's
    DBUS_SESSION_BUS_ADDRESS (the uniqueness test)."""

    def __init__(self, *args, own_bus=True):
        self.args = [str(a) for a in args]
        self.log = tempfile.TemporaryFile(prefix="socket-lab-", suffix=".log")
        cmd = [APP] + self.args
        if own_bus:
            cmd = ["dbus-run-session", "--"] + cmd
        self.cmd = cmd
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     env=app_env(), start_new_session=True)
        _children.append(self.proc)
        self.started = time.monotonic()

    def alive(self):
        return self.proc.poll() is None

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def describe(self):
        status = self.proc.poll()
        state = "running" if status is None else "exited with status %s" % status
        return "%s (%s); output:\n%s" % (" ".join(self.cmd), state,
                                         self.output()[-4000:])

    def wait_port(self, port, host="127.0.0.1", timeout=STARTUP_TIMEOUT):
        """Wait until something accepts on host:port; fail if the app dies."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if not self.alive():
                raise AssertionError("the app exited before %s:%d answered: %s"
                                     % (host, port, self.describe()))
            try:
                with socket.create_connection((host, port), timeout=1.0):
                    return time.monotonic() - self.started
            except OSError as e:
                last = e
            time.sleep(0.1)
        raise AssertionError("nothing accepted on %s:%d within %.0f s (last error: %s): %s"
                             % (host, port, timeout, last, self.describe()))

    def stop(self):
        if self.proc in _children:
            _children.remove(self.proc)
        _kill_group(self.proc)
        out = self.output()
        if "CRITICAL" in out or "WARNING" in out:
            # not a failure here, but worth seeing in the test log
            print("\nnote: %s printed warnings:\n%s" % (" ".join(self.args), out[-4000:]))
        self.log.close()


def recv_until_eof(sock, timeout=IO_TIMEOUT, limit=1 << 20):
    """Everything the peer sends until it closes.  Raises AssertionError on
    timeout (the peer kept the connection open)."""
    deadline = time.monotonic() + timeout
    data = b""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError("no EOF within %.0f s; received so far: %r" % (timeout, data))
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            raise AssertionError("no EOF within %.0f s; received so far: %r" % (timeout, data))
        if not chunk:
            return data
        data += chunk
        if len(data) > limit:
            raise AssertionError("more than %d bytes without EOF" % limit)


def recv_exactly(sock, n, timeout=IO_TIMEOUT):
    deadline = time.monotonic() + timeout
    data = b""
    while len(data) < n:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            chunk = sock.recv(n - len(data))
        except socket.timeout:
            break
        if not chunk:
            raise AssertionError("EOF after %d of %d bytes: %r" % (len(data), n, data))
        data += chunk
    if len(data) < n:
        raise AssertionError("only %d of %d bytes within %.0f s: %r" % (len(data), n, timeout, data))
    return data


def echo_roundtrip(port, payload=b"hello", host="127.0.0.1"):
    """The course's echo client: connect, sendall, recv(1024)."""
    with socket.create_connection((host, port), timeout=IO_TIMEOUT) as s:
        s.sendall(payload)
        return recv_exactly(s, len(payload))


def run_tool(cmd, data, timeout=15.0):
    """Run a peer program (nc, socat) with @data on stdin; bounded."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    _children.append(proc)
    try:
        out, err = proc.communicate(data, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise AssertionError("%s did not finish within %.0f s" % (" ".join(cmd), timeout))
    finally:
        if proc in _children:
            _children.remove(proc)
    return proc.returncode, out, err


def main():
    """unittest.main, with meson's exit codes; kills what is left."""
    require_app()
    try:
        unittest.main(verbosity=2)
    finally:
        kill_all()


# HTTP ------------------------------------------------------------------------

def sample_site_dir():
    """The sample site the app serves without --root.  The tests run the
    uninstalled app, so point it at the source tree's copy (the app reads
    $SOCKET_LAB_SAMPLE_SITE), unless the environment already chose one."""
    site = os.environ.get("SOCKET_LAB_SAMPLE_SITE")
    if not site:
        srcdir = os.environ.get("SRCDIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
        site = os.path.join(srcdir, "data", "sample-site")
        os.environ["SOCKET_LAB_SAMPLE_SITE"] = site
    return site


def start_http_app(*args):
    """Socket Lab serving HTTP on a free loopback port (the sample site
    unless @args has --root).  Returns (app, port)."""
    sample_site_dir()
    port = free_port()
    app = App("--http=127.0.0.1:%d" % port, *args)
    app.wait_port(port)
    return app, port


class HttpResponse:
    def __init__(self, status, reason, headers, body, head):
        self.status = status
        self.reason = reason
        self.headers = headers      # lower-case name -> value
        self.body = body
        self.head = head            # the status line and headers, as received

    def header(self, name):
        return self.headers.get(name.lower())

    def __repr__(self):
        return "<HTTP %d %s, %d body bytes; head %r>" % (self.status, self.reason,
                                                        len(self.body), self.head)


class HttpReader:
    """Reads responses one after the other from @sock, keeping the bytes of
    the next (pipelined) response that arrive with the current one."""

    def __init__(self, sock, timeout=IO_TIMEOUT, limit=1 << 22):
        self.sock = sock
        self.timeout = timeout
        self.limit = limit
        self.buffer = b""

    def _more(self, deadline):
        left = deadline - time.monotonic()
        chunk = None
        if left > 0:
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                chunk = None
        if chunk is None:
            raise AssertionError("no complete HTTP response within %.0f s; received %r"
                                 % (self.timeout, self.buffer[:2000]))
        if not chunk:
            raise AssertionError("the server closed the connection in the middle of a "
                                 "response; received %r" % self.buffer[:2000])
        if len(self.buffer) + len(chunk) > self.limit:
            raise AssertionError("response larger than %d bytes" % self.limit)
        self.buffer += chunk

    def response(self, head_request=False):
        """The next response: its head, then Content-Length bytes of body
        (none for a HEAD request).  Raises AssertionError when the server
        sends no complete response in time."""
        deadline = time.monotonic() + self.timeout
        while b"\r\n\r\n" not in self.buffer:
            self._more(deadline)
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        lines = head.decode("iso-8859-1").split("\r\n")
        version, status, reason = (lines[0].split(" ", 2) + [""])[:3]
        if not version.startswith("HTTP/1.") or not status.isdigit():
            raise AssertionError("not an HTTP status line: %r" % lines[0])
        headers = {}
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if not colon:
                raise AssertionError("not a header line: %r" % line)
            headers[name.strip().lower()] = value.strip()
        length = 0 if head_request else int(headers.get("content-length", "0"))
        while len(self.buffer) - len(head) - 4 < length:
            self._more(deadline)
        body_start = len(head) + 4
        body = self.buffer[body_start:body_start + length]
        self.buffer = self.buffer[body_start + length:]
        return HttpResponse(int(status), reason, headers, body, head)


def read_http_response(sock, head_request=False, timeout=IO_TIMEOUT):
    """The one response to the one request sent on @sock; bytes after it
    (a second response, a body after HEAD) are an error."""
    reader = HttpReader(sock, timeout)
    response = reader.response(head_request)
    if reader.buffer:
        raise AssertionError("%d bytes after the response %r: %r"
                             % (len(reader.buffer), response, reader.buffer[:200]))
    return response


def http_raw(port, request, head_request=False, host="127.0.0.1", timeout=IO_TIMEOUT):
    """Send the bytes @request on a new connection and read one response."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(request)
        return read_http_response(s, head_request=head_request, timeout=timeout)


def http_get(port, target="/", headers=(), host="127.0.0.1", timeout=IO_TIMEOUT):
    """GET @target with Connection: close, built byte by byte (no
    normalisation of the target, unlike urllib and http.client)."""
    if isinstance(target, str):
        target = target.encode("latin-1")
    lines = [b"GET " + target + b" HTTP/1.1", b"Host: 127.0.0.1:%d" % port,
             b"Connection: close"]
    lines += [h.encode("latin-1") if isinstance(h, str) else h for h in headers]
    return http_raw(port, b"\r\n".join(lines) + b"\r\n\r\n", host=host, timeout=timeout)
