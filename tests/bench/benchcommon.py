# benchcommon.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Process helpers shared by the benchmarks (run-echo-bench.py,
run-http-bench.py): every process is started in a session of its own and
ended with its whole process group; Socket Lab runs under a private Xvfb
and its own session bus."""

import os
import select
import signal
import socket
import subprocess
import time

WINDOW_NAME = "Socket Lab"

started = []        # Popen objects, each leader of its own process group
t_begin = time.monotonic()


def log(msg):
    print(f"[{time.monotonic() - t_begin:6.1f}s] {msg}", flush=True)


def elapsed():
    return time.monotonic() - t_begin


def start(argv, **kwargs):
    """Starts a process in a new session, so that it and its children can be
    ended together through its own process group id."""
    p = subprocess.Popen(argv, start_new_session=True, **kwargs)
    started.append(p)
    return p


def stop(p, grace=3.0):
    if p.poll() is None:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            pass
    # Children (dbus-daemon, socket-lab) can outlive their leader.
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        p.wait(2)
    except subprocess.TimeoutExpired:
        pass
    if p in started:
        started.remove(p)


def stop_all():
    for p in list(reversed(started)):
        stop(p)


def on_signal(signum, frame):
    raise SystemExit(128 + signum)


def install_signal_handlers():
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)


def have_tool(name):
    return subprocess.run(["sh", "-c", f"command -v {name}"],
                          stdout=subprocess.DEVNULL).returncode == 0


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_accepting(port, proc, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def read_line(stream, timeout):
    """One line from a pipe, or None after timeout seconds."""
    deadline = time.monotonic() + timeout
    data = b""
    fd = stream.fileno()
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 1)
        if not chunk:
            return None
        data += chunk
    return data.decode().strip()


def start_xvfb():
    r, w = os.pipe()
    p = start(["Xvfb", "-displayfd", str(w), "-nolisten", "tcp",
               "-screen", "0", "1280x800x24"],
              pass_fds=(w,), stdout=subprocess.DEVNULL,
              stderr=subprocess.DEVNULL)
    os.close(w)
    with os.fdopen(r, "rb", buffering=0) as f:
        line = read_line(f, 20)
    if not line:
        raise RuntimeError("Xvfb did not start")
    return p, ":" + line


def app_env(schema_dir, display):
    env = dict(os.environ)
    env.update({
        "DISPLAY": display,
        "GDK_BACKEND": "x11",
        "GSETTINGS_SCHEMA_DIR": schema_dir,
        "GSETTINGS_BACKEND": "memory",
        "GSK_RENDERER": "cairo",
        "NO_AT_BRIDGE": "1",
    })
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return env


def find_child(pid, name, timeout=10.0):
    """The pid of the process called name below pid (any depth)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        parents = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            comm = stat[stat.index("(") + 1:stat.rindex(")")]
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            parents[int(entry)] = (ppid, comm)
        for child, (ppid, comm) in parents.items():
            if comm != name[:15]:
                continue
            p, hops = ppid, 0
            while p > 1 and hops < 10:
                if p == pid:
                    return child
                p, hops = parents.get(p, (0, ""))[0], hops + 1
        time.sleep(0.05)
    return None


def vm_rss_bytes(pid):
    """Resident memory in bytes, or None when the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def cpu_seconds(pid):
    """User + system CPU time of a process so far, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def group_cpu_seconds(pgid):
    """User + system CPU time so far of every process (all its threads) in
    process group pgid: a server and its workers or helpers."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[2]) == pgid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def window_mapped(display, name=WINDOW_NAME):
    """Whether a window titled name is viewable.  GTK also makes an
    unmapped 1x1 client-leader window with the same name, so every window of
    that name is asked for its map state (`xwininfo -name` takes the first)."""
    tree = subprocess.run(["xwininfo", "-display", display, "-root", "-children"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          timeout=10).stdout.decode(errors="replace")
    for line in tree.splitlines():
        words = line.split()
        if len(words) < 2 or not words[0].startswith("0x"):
            continue
        if not line.split(None, 1)[1].startswith(f'"{name}"'):
            continue
        r = subprocess.run(["xwininfo", "-display", display, "-id", words[0]],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           timeout=10)
        if b"Map State: IsViewable" in r.stdout:
            return True
    return False
