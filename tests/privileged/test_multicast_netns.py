#!/usr/bin/python3
# test_multicast_netns.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Multicast chat between two network namespaces (issue 4, "Tests ->
privileged"): IPv6 multicast does not work on lo, so the test creates two
namespaces joined by a veth pair (10.77.0.1/24 + fd00:77::1/64 on the
Socket Lab side, .2/::2 on the peers' side) and removes them at the end,
also on failure. Nothing leaves these namespaces.

On the Socket Lab side it runs, for the course's IPv4 group 225.0.0.250
and IPv6 group ff15:7079:7468:6f6e:6465:6d6f:6d63:6173 on port 8123:

  - the engine (mcast-chat-driver, SlMulticastChat without GTK, which
    prints what it received): mcc J/S/L arrive at a Python peer as pickles
    that unpickle to ['J', b'alice'] etc.; pickles of protocols 2 to 5 from
    the peer arrive decoded, with the peer's address; a datagram that is no
    pickle arrives as invalid; the engine's own J loops back marked own,
    and with loopback off nothing of its own comes back over the veth;
    plain text with --reply=echo answers the peer by unicast;
  - errors as students see them, in a third namespace: IPv6 through an
    interface without IPv6 (no route: ENETUNREACH explained), IPv4 with no
    interface and no route (ENODEV explained), IPv6 on lo, no such
    interface;
  - the app itself (socket-lab --multicast=GROUP --interface=IF
    --name=alice, in its own dbus-run-session under the test's X display,
    which a namespace does not hide: X listens on a file-system socket):
    its J arrives at the peer; with --chat-format=text --reply=echo the
    peer's text comes back by unicast.

Usage: test_multicast_netns.py APP DRIVER (run by meson in the privileged
suite). Skipped (77) unless root with `ip`, a display and
dbus-run-session. Every wait is bounded.
"""

import json
import os
import pickle
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

GROUP4 = "225.0.0.250"
GROUP6 = "ff15:7079:7468:6f6e:6465:6d6f:6d63:6173"
PORT = 8123
TIMEOUT = 10.0          # one exchange
STARTUP_TIMEOUT = 30.0  # the app, from launch to its first datagram

SUFFIX = str(os.getpid())
NS_APP = "slmcA" + SUFFIX
NS_PEER = "slmcB" + SUFFIX
NS_ERR = "slmcC" + SUFFIX   # a veth pair of its own, no IPv6, no routes
IF_APP = "slva" + SUFFIX[-8:]
IF_PEER = "slvb" + SUFFIX[-8:]
ADDR4 = {"app": "10.77.0.1", "peer": "10.77.0.2"}
ADDR6 = {"app": "fd00:77::1", "peer": "fd00:77::2"}

children = []


def log(message):
    print(message, flush=True)


# ---------------------------------------------------------------------------
# The peer: runs inside the peer namespace as the course's Python programs
# would, one action per process, and prints JSON lines.
# ---------------------------------------------------------------------------

def peer_socket(group, iface, bind_port):
    family = socket.AF_INET6 if ":" in group else socket.AF_INET
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    index = socket.if_nametoindex(iface)
    if family == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind(("", bind_port))
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, index)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 1)
        if bind_port:
            mreq = socket.inet_pton(family, group) + struct.pack("@I", index)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)
    else:
        s.bind(("", bind_port))
        # struct ip_mreqn: group (unused here), address (any), ifindex
        s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF,
                     struct.pack("@4s4si", bytes(4), bytes(4), index))
        s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
        if bind_port:
            mreq = struct.pack("@4s4si", socket.inet_aton(group), socket.inet_aton("0.0.0.0"), index)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
    return s


def emit(**record):
    print(json.dumps(record), flush=True)


def peer_main(argv):
    action, group, iface, timeout = argv[0], argv[1], argv[2], float(argv[3])
    deadline = time.monotonic() + timeout
    if action == "listen":
        # mcc.py's receiver: bound to the port, joined to the group
        s = peer_socket(group, iface, PORT)
        emit(ready=True)
        while time.monotonic() < deadline:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                data, source = s.recvfrom(65536)
            except socket.timeout:
                break
            emit(source=source[0], port=source[1], hex=data.hex())
    elif action == "send":
        # a sender from an ephemeral port; prints the unicast replies
        s = peer_socket(group, iface, 0)
        datagrams = [bytes.fromhex(h) for h in argv[4:]]
        for data in datagrams:
            s.sendto(data, (group, PORT))
        while time.monotonic() < deadline:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                data, source = s.recvfrom(65536)
            except socket.timeout:
                break
            emit(source=source[0], port=source[1], hex=data.hex())
    elif action == "echo":
        # sends until the first reply: the app may still be starting
        s = peer_socket(group, iface, 0)
        data = bytes.fromhex(argv[4])
        while time.monotonic() < deadline:
            s.sendto(data, (group, PORT))
            s.settimeout(0.5)
            try:
                reply, source = s.recvfrom(65536)
            except socket.timeout:
                continue
            emit(source=source[0], port=source[1], hex=reply.hex())
            break
    return 0


# ---------------------------------------------------------------------------
# The test
# ---------------------------------------------------------------------------

def run(*cmd, check=True):
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
    if check and result.returncode != 0:
        raise AssertionError("%s failed: %s" % (" ".join(cmd), result.stderr.decode(errors="replace")))
    return result


def setup_namespaces():
    run("ip", "netns", "add", NS_APP)
    run("ip", "netns", "add", NS_PEER)
    run("ip", "link", "add", IF_APP, "netns", NS_APP, "type", "veth",
        "peer", "name", IF_PEER, "netns", NS_PEER)
    for ns, iface, side in ((NS_APP, IF_APP, "app"), (NS_PEER, IF_PEER, "peer")):
        ip = ("ip", "netns", "exec", ns)
        run(*ip, "ip", "link", "set", "lo", "up")
        # no duplicate address detection: the addresses work at once
        run(*ip, "sysctl", "-q", "-w", "net.ipv6.conf.%s.accept_dad=0" % iface)
        run(*ip, "ip", "addr", "add", ADDR4[side] + "/24", "dev", iface)
        run(*ip, "ip", "-6", "addr", "add", ADDR6[side] + "/64", "dev", iface, "nodad")
        run(*ip, "ip", "link", "set", iface, "up")
        run(*ip, "ip", "route", "add", "224.0.0.0/4", "dev", iface)


def teardown_namespaces():
    for ns in (NS_APP, NS_PEER, NS_ERR):
        run("ip", "netns", "del", ns, check=False)


def kill_group(proc):
    if proc.poll() is None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=3)
                break
            except subprocess.TimeoutExpired:
                continue
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=3)
    except subprocess.TimeoutExpired:
        pass


class Lines:
    """A child process whose stdout is read line by line with deadlines."""

    def __init__(self, cmd, stdin=subprocess.DEVNULL, env=None):
        self.cmd = cmd
        self.proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env, start_new_session=True)
        children.append(self.proc)
        self.buffer = b""
        self.lines = []

    def _read(self, timeout):
        ready, _, _ = select.select([self.proc.stdout], [], [], max(0.0, timeout))
        if not ready:
            return False
        chunk = os.read(self.proc.stdout.fileno(), 65536)
        if not chunk:
            return None
        self.buffer += chunk
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            self.lines.append(line.decode("utf-8", "replace"))
        return True

    def wait_for(self, predicate, timeout=TIMEOUT, what="a line"):
        """The first line (seen so far or later) that @predicate accepts."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            while seen < len(self.lines):
                if predicate(self.lines[seen]):
                    return self.lines[seen]
                seen += 1
            left = deadline - time.monotonic()
            if left <= 0 or self._read(left) is None:
                raise AssertionError("no %s from %s within %.0f s; it printed:\n%s\nstderr: %s"
                                     % (what, " ".join(self.cmd), timeout,
                                        "\n".join(self.lines), self.stderr()))

    def finish(self, timeout=TIMEOUT):
        """Reads until the process exits; returns its status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._read(deadline - time.monotonic()) is None:
                break
        try:
            return self.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise AssertionError("%s did not exit; it printed:\n%s" % (" ".join(self.cmd), "\n".join(self.lines)))

    def stderr(self):
        if self.proc.poll() is None:
            return "(still running)"
        return self.proc.stderr.read().decode("utf-8", "replace")[-4000:]


def in_ns(ns, *cmd):
    return ["ip", "netns", "exec", ns] + list(cmd)


def peer(action, group, timeout, *args):
    return Lines(in_ns(NS_PEER, sys.executable, os.path.abspath(__file__), "--peer",
                       action, group, IF_PEER, str(timeout), *args))


def listen(group, timeout):
    listener = peer("listen", group, timeout)
    listener.wait_for(lambda line: "ready" in line, what="ready")
    return listener


def datagrams(lines):
    return [json.loads(line) for line in lines.lines if line.startswith("{") and "hex" in line]


def wait_datagram(lines, predicate, timeout=TIMEOUT, what="datagram"):
    line = lines.wait_for(lambda line: line.startswith("{") and "hex" in line and predicate(json.loads(line)),
                          timeout=timeout, what=what)
    return json.loads(line)


def unpickles_to(expected):
    def check(record):
        try:
            return pickle.loads(bytes.fromhex(record["hex"])) == expected
        except Exception:
            return False
    return check


def driver_events(driver, kind):
    return [line.split("\t") for line in driver.lines if line.startswith(kind + "\t")]


def check_engine(driver_path, group, addr):
    log("# engine, mcc, %s" % group)
    listener = listen(group, 3 * TIMEOUT)
    driver = Lines(in_ns(NS_APP, driver_path, group, str(PORT), IF_APP, "mcc", "alice"),
                   stdin=subprocess.PIPE)
    driver.wait_for(lambda line: line == "joined", what="join")

    # app -> peer: J and S as pickles that Python reads
    record = wait_datagram(listener, unpickles_to(["J", b"alice"]), what="J from alice")
    assert record["source"].split("%")[0] == addr["app"], record
    assert record["port"] == PORT, record
    driver.proc.stdin.write("say hello こんにちは\n".encode())
    driver.proc.stdin.flush()
    wait_datagram(listener, unpickles_to(["S", b"alice", "hello こんにちは".encode()]), what="S from alice")

    # the own J loops back, marked own
    driver.wait_for(lambda line: line.startswith("received\t") and line.split("\t")[3] == "join"
                    and line.split("\t")[2] == "1", what="own J")

    # peer -> app: protocols 2 to 5, J, L and junk
    sent = [pickle.dumps(["S", b"bob", ("p%d 안녕" % p).encode()], protocol=p) for p in (2, 3, 4, 5)]
    sent.append(pickle.dumps(["J", "bob".encode()], protocol=4))
    sent.append(pickle.dumps(["L", "bob".encode()], protocol=2))
    sent.append(b"not a pickle")
    sender = peer("send", group, 1, *(d.hex() for d in sent))
    for p in (2, 3, 4, 5):
        line = driver.wait_for(lambda line: line.startswith("received\t") and ("\tp%d 안녕\t" % p) in line,
                               what="S from bob, protocol %d" % p)
        fields = line.split("\t")
        assert fields[2] == "0" and fields[3] == "say" and fields[4] == "bob", fields
        assert fields[1].startswith(addr["peer"] + ":") or fields[1].startswith("[" + addr["peer"] + "]:"), fields
        assert fields[7].startswith("(%s) bob says p%d" % (addr["peer"], p)), fields
    driver.wait_for(lambda line: line.startswith("received\t") and "\tjoin\tbob\t" in line, what="J from bob")
    driver.wait_for(lambda line: line.startswith("received\t") and "\tleave\tbob\t" in line, what="L from bob")
    line = driver.wait_for(lambda line: line.startswith("received\t") and "\tinvalid\t" in line,
                           what="the invalid datagram")
    assert line.split("\t")[6] == b"not a pickle".hex(), line
    sender.finish()

    # leaving sends L
    driver.proc.stdin.close()
    wait_datagram(listener, unpickles_to(["L", b"alice"]), what="L from alice")
    status = driver.finish()
    assert status == 0, (status, driver.stderr())
    kill_group(listener.proc)

    # no interface given: IPv4 follows the route to 224.0.0.0/4, IPv6 takes
    # the first multicast interface that is not lo; both the veth here
    log("# engine, text, loopback off, interface not given, %s" % group)
    listener = listen(group, 3 * TIMEOUT)
    driver = Lines(in_ns(NS_APP, driver_path, group, str(PORT), "-", "text", "-", "echo", "noloop"),
                   stdin=subprocess.PIPE)
    driver.wait_for(lambda line: line == "joined", what="join")
    if ":" in group:
        driver.wait_for(lambda line: line.startswith("listening\t") and (" on %s," % IF_APP) in line,
                        what="the join on %s" % IF_APP)
    driver.proc.stdin.write(b"say quiet\n")
    driver.proc.stdin.flush()
    wait_datagram(listener, lambda r: bytes.fromhex(r["hex"]) == b"quiet", what="quiet")

    # plain text and the echo by unicast, to the sender's address and port
    echo = peer("echo", group, TIMEOUT, "ping ✓".encode().hex())
    record = wait_datagram(echo, lambda r: True, what="the echo")
    assert bytes.fromhex(record["hex"]) == "ping ✓".encode(), record
    assert record["source"].split("%")[0] == addr["app"] and record["port"] == PORT, record
    echo.finish()
    line = driver.wait_for(lambda line: line.startswith("received\t") and "\tping ✓\t" in line,
                           what="ping")
    assert line.split("\t")[7] == "(%s) ping ✓" % addr["peer"], line
    driver.proc.stdin.close()
    assert driver.finish() == 0, driver.stderr()
    # loopback off: over the veth, its own "quiet" never came back
    assert not [f for f in driver_events(driver, "received") if f[5] == "quiet"], driver.lines
    kill_group(listener.proc)


def check_errors(driver_path):
    """What students see when multicast cannot work: an interface without
    IPv6 (no route for IPv6 multicast: ENETUNREACH on send), and an IPv4
    group with no interface chosen and no route to choose one by."""
    log("# engine, errors")
    ip = ("ip", "netns", "exec", NS_ERR)
    run("ip", "netns", "add", NS_ERR)
    run(*ip, "ip", "link", "set", "lo", "up")
    run(*ip, "ip", "link", "add", "slerr0", "type", "veth", "peer", "name", "slerr1")
    run(*ip, "sysctl", "-q", "-w", "net.ipv6.conf.slerr0.disable_ipv6=1")
    run(*ip, "ip", "link", "set", "slerr0", "up")
    run(*ip, "ip", "link", "set", "slerr1", "up")

    driver = Lines(in_ns(NS_ERR, driver_path, GROUP6, str(PORT), "slerr0", "text", "-"),
                   stdin=subprocess.PIPE)
    driver.wait_for(lambda line: line == "joined", what="join")
    driver.proc.stdin.write(b"say hello\n")
    driver.proc.stdin.close()
    driver.wait_for(lambda line: line.startswith("error\t") and "cannot be reached through slerr0" in line
                    and "no route for IPv6 multicast" in line, what="the explained ENETUNREACH")
    driver.finish()

    driver = Lines(in_ns(NS_ERR, driver_path, GROUP4, str(PORT), "-", "mcc", "alice"))
    driver.wait_for(lambda line: line.startswith("error\t") and "could not choose an interface" in line,
                    what="the explained ENODEV")
    assert driver.finish() == 1, driver.lines

    driver = Lines(in_ns(NS_ERR, driver_path, GROUP6, str(PORT), "lo", "mcc", "alice"))
    driver.wait_for(lambda line: line.startswith("error\t") and "does not work on the loopback interface" in line,
                    what="IPv6 on lo refused")
    assert driver.finish() == 1, driver.lines

    driver = Lines(in_ns(NS_ERR, driver_path, GROUP4, str(PORT), "slerr9", "mcc", "alice"))
    driver.wait_for(lambda line: line.startswith("error\t") and "no interface called “slerr9”" in line,
                    what="no such interface")
    assert driver.finish() == 1, driver.lines


def app_env():
    env = dict(os.environ)
    env.setdefault("GSETTINGS_BACKEND", "memory")
    env.setdefault("GSK_RENDERER", "cairo")
    env["NO_AT_BRIDGE"] = "1"
    env["GTK_A11Y"] = "none"
    env["LANGUAGE"] = "C"
    return env


class App:
    """The app in the Socket Lab namespace, with its own session bus; its
    output goes to a file (a pipe that nobody reads could block it)."""

    def __init__(self, app_path, *args):
        self.cmd = in_ns(NS_APP, "dbus-run-session", "--", app_path, *args)
        self.log = tempfile.TemporaryFile(prefix="socket-lab-", suffix=".log")
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT, env=app_env(),
                                     start_new_session=True)
        children.append(self.proc)

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-4000:]


def start_app(app_path, *args):
    return App(app_path, *args)


def stop_app(app):
    kill_group(app.proc)
    out = app.output()
    app.log.close()
    if "CRITICAL" in out or "WARNING" in out:
        # not a failure here, but worth seeing in the test log
        log("note: %s printed warnings:\n%s" % (" ".join(app.cmd), out))


def check_app(app_path, group, addr):
    log("# app, mcc, %s" % group)
    listener = listen(group, STARTUP_TIMEOUT + TIMEOUT)
    app = start_app(app_path, "--multicast=" + group, "--interface=" + IF_APP, "--name=alice")
    try:
        try:
            record = wait_datagram(listener, unpickles_to(["J", b"alice"]), timeout=STARTUP_TIMEOUT,
                                   what="J from the app")
        except AssertionError as e:
            raise AssertionError("%s\nthe app printed:\n%s" % (e, app.output()))
        assert record["source"].split("%")[0] == addr["app"] and record["port"] == PORT, record
        assert app.proc.poll() is None, "the app exited: %s" % app.output()
    finally:
        stop_app(app)
        kill_group(listener.proc)

    log("# app, text + echo, %s" % group)
    app = start_app(app_path, "--multicast=" + group, "--interface=" + IF_APP,
                    "--chat-format=text", "--reply=echo")
    try:
        echo = peer("echo", group, STARTUP_TIMEOUT, "hello from python".encode().hex())
        try:
            record = wait_datagram(echo, lambda r: True, timeout=STARTUP_TIMEOUT + 2, what="the app's echo")
        except AssertionError as e:
            raise AssertionError("%s\nthe app printed:\n%s" % (e, app.output()))
        assert bytes.fromhex(record["hex"]) == b"hello from python", record
        assert record["source"].split("%")[0] == addr["app"] and record["port"] == PORT, record
        echo.finish()
    finally:
        stop_app(app)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--peer":
        return peer_main(sys.argv[2:])
    if len(sys.argv) != 3:
        print("usage: test_multicast_netns.py APP DRIVER", file=sys.stderr)
        return 2
    app_path, driver_path = sys.argv[1], sys.argv[2]
    if os.geteuid() != 0:
        log("SKIP: needs root to create network namespaces")
        return 77
    for tool in ("ip", "dbus-run-session", "sysctl"):
        if shutil.which(tool) is None:
            log("SKIP: %s is not installed" % tool)
            return 77
    if not os.environ.get("DISPLAY"):
        log("SKIP: no display (run under xvfb-run)")
        return 77

    signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
    try:
        setup_namespaces()
        for group, addr in ((GROUP4, ADDR4), (GROUP6, ADDR6)):
            check_engine(driver_path, group, addr)
        check_errors(driver_path)
        for group, addr in ((GROUP4, ADDR4), (GROUP6, ADDR6)):
            check_app(app_path, group, addr)
    finally:
        for proc in children:
            kill_group(proc)
        teardown_namespaces()
    log("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
