#!/usr/bin/python3
# The command line contract of DESIGN.md ("Command line and D-Bus"):
#   cli.py help                 --help lists the options, exit 0
#   cli.py version              --version prints a version, exit 0
#   cli.py refuse ARG...        the arguments are refused with exactly one
#                               line on stderr, nothing on stdout, exit 2
# No display is needed: options are checked before GTK starts.  The display
# and the session bus are hidden from the app, so that an option that were
# wrongly accepted cannot start a window or join another instance.
import sys
sys.dont_write_bytecode = True

import os
import subprocess

APP = os.environ.get("SOCKET_LAB", "")
TIMEOUT = 20


def run(args):
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    # an address that cannot be reached: no autolaunched bus, no other instance
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/socket-lab-cli-test"
    env["LC_ALL"] = "C.UTF-8"
    cmd = [APP] + args
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                           env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        fail("%s did not exit within %d s" % (" ".join(cmd), TIMEOUT))
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def check_help():
    rc, out, err = run(["--help"])
    print(out)
    if rc != 0:
        fail("--help: exit status %d, expected 0; stderr: %r" % (rc, err))
    missing = [opt for opt in ("--tcp-server", "--reply", "--tcp-client", "--udp", "--multicast",
                                         "--interface", "--chat-format", "--name", "--http", "--root",
                                         "--capture", "--page")
               if opt not in out]
    if missing:
        fail("--help does not mention %s" % ", ".join(missing))
    for mode in ("none", "echo", "ack", "text:TEXT", "timestamp", "number-game"):
        if mode not in out:
            fail("--help does not list the reply mode %r" % mode)
    # -h is the same
    rc2, out2, _ = run(["-h"])
    if rc2 != 0 or out2 != out:
        fail("-h differs from --help (status %d)" % rc2)


def check_version():
    rc, out, err = run(["--version"])
    print(out, end="")
    if rc != 0:
        fail("--version: exit status %d, expected 0; stderr: %r" % (rc, err))
    if not out.startswith("socket-lab ") or len(out.strip().split()) < 2:
        fail("--version printed %r, expected 'socket-lab VERSION'" % out)


def check_refused(args):
    rc, out, err = run(args)
    print("args: %r\nstatus: %d\nstdout: %r\nstderr: %r" % (args, rc, out, err))
    if rc != 2:
        fail("%s: exit status %d, expected 2" % (" ".join(args), rc))
    lines = err.splitlines()
    if len(lines) != 1 or not lines[0].strip() or not err.endswith("\n"):
        fail("%s: expected exactly one line on stderr, got %r" % (" ".join(args), err))
    if out:
        fail("%s: expected nothing on stdout, got %r" % (" ".join(args), out))


def main():
    if not APP or not os.access(APP, os.X_OK):
        fail("SOCKET_LAB is not set or not executable: %r" % APP)
    if len(sys.argv) < 2:
        fail("usage: cli.py help | version | refuse ARG...")
    what = sys.argv[1]
    if what == "help":
        check_help()
    elif what == "version":
        check_version()
    elif what == "refuse":
        check_refused(sys.argv[2:])
    else:
        fail("unknown check %r" % what)
    print("PASS")


if __name__ == "__main__":
    main()
