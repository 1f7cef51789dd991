#!/usr/bin/python3
# test-network-page.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The network page inside a network namespace lists exactly that
# namespace. As root: builds two namespaces joined by a veth pair (names
# unique by pid), gives one end 10.77.X.1/24 and fd77::1/64 (nodad), a route
# to 10.99.0.0/16 via 10.77.X.2, a default route via 10.77.X.2 and a
# permanent neighbour, then runs test-network-page-check inside it (under
# its own session bus; the X display's socket is a file, so Xvfb works
# across namespaces). The check also changes things with `ip` and waits
# for the live update. The namespaces are always deleted. Exit 77 without
# root or without `ip`.
#
# Usage: test-network-page.py CHECK-BINARY

import os
import shutil
import subprocess
import sys

TIMEOUT = 50


def skip(message):
    print("SKIP: " + message, flush=True)
    sys.exit(77)


def ip(*args):
    subprocess.run(["ip"] + list(args), check=True, timeout=10)


def main():
    if len(sys.argv) != 2:
        print("usage: test-network-page.py CHECK-BINARY", file=sys.stderr)
        return 2
    check = sys.argv[1]
    if os.geteuid() != 0:
        skip("creating network namespaces needs root")
    if shutil.which("ip") is None:
        skip("the ip command (iproute2) is missing")

    pid = os.getpid()
    ns = "slnp%d" % pid
    peer_ns = "slnp%dp" % pid
    veth = "vnp%d" % pid
    peer_veth = "vnp%dp" % pid
    subnet = str(20 + pid % 200)
    peer_mac = "02:77:00:00:%02x:02" % (pid % 256)
    local = "10.77.%s.1" % subnet
    gateway = "10.77.%s.2" % subnet

    created = []
    try:
        for name in (ns, peer_ns):
            ip("netns", "add", name)
            created.append(name)
        # Both ends are born inside their namespaces: nothing touches the host's
        ip("link", "add", veth, "netns", ns, "type", "veth",
           "peer", "name", peer_veth, "netns", peer_ns)
        ip("-n", ns, "link", "set", "lo", "up")
        ip("-n", ns, "link", "set", veth, "up")
        ip("-n", peer_ns, "link", "set", peer_veth, "up")
        ip("-n", ns, "addr", "add", local + "/24", "dev", veth)
        ip("-n", ns, "addr", "add", "fd77::1/64", "dev", veth, "nodad")
        ip("-n", ns, "route", "add", "10.99.0.0/16", "via", gateway)
        ip("-n", ns, "route", "add", "default", "via", gateway)
        ip("-n", ns, "neigh", "add", gateway, "lladdr", peer_mac, "nud", "permanent", "dev", veth)
        print("namespace %s: %s %s/24 fd77::1/64, routes via %s, neighbour %s %s" %
              (ns, veth, local, gateway, gateway, peer_mac), flush=True)

        env = dict(os.environ, SL_NS_INTERFACE=veth, SL_NS_SUBNET=subnet,
                   SL_NS_PEER_MAC=peer_mac, NO_AT_BRIDGE="1")
        env.setdefault("GSETTINGS_BACKEND", "memory")
        env.setdefault("GSK_RENDERER", "cairo")
        command = ["ip", "netns", "exec", ns]
        if shutil.which("dbus-run-session"):
            command += ["dbus-run-session", "--"]
        result = subprocess.run(command + [check], env=env, timeout=TIMEOUT)
        if result.returncode != 0:
            print("FAIL: the check inside %s exited with %d" % (ns, result.returncode), flush=True)
            return 1
        return 0
    finally:
        for name in reversed(created):
            subprocess.run(["ip", "netns", "delete", name], timeout=10)


if __name__ == "__main__":
    sys.exit(main())
