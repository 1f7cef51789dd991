#!/usr/bin/python3
# run-udp-bench.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""UDP echo benchmark (issue 4): Socket Lab's UDP echo against a plain C one.

Starts the reference (udp-echo: a blocking recvfrom/sendto loop) and Socket
Lab (under its own Xvfb and dbus-run-session, as `socket-lab
--udp=127.0.0.1:PORT --reply=echo --page=udp`, so that its window shows the
live list of datagrams), then runs udp-pingpong (64-byte datagrams, one in
flight) against both, alternating app and reference runs, and prints the
medians side by side with their ratio.

Environment:
  BENCH_RUNS              runs per side (default 5)
  BENCH_PINGPONG_SECONDS  length of one run (default 5)
  BENCH_MIN_RATIO         target for app/reference round trips (default 0.9)

Exit status: 0 when the target is met, 1 otherwise, 77 when a tool the
benchmark needs is missing.  Everything it starts is ended on exit.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchcommon  # noqa: E402
from benchcommon import (cpu_seconds, find_child, have_tool, log,  # noqa: E402
                         read_line, start, start_xvfb, stop, stop_all)

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SECONDS = float(os.environ.get("BENCH_PINGPONG_SECONDS", "5"))
MIN_RATIO = float(os.environ.get("BENCH_MIN_RATIO", "0.9"))
SIZE = 64


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_echo(port, proc, timeout=30.0):
    """UDP has nothing to connect to: send a probe until it comes back."""
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(0.2)
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            s.sendto(b"probe", ("127.0.0.1", port))
            try:
                if s.recvfrom(64)[0] == b"probe":
                    return True
            except OSError:
                time.sleep(0.1)
    return False


def start_reference(path):
    p = start([path, "0", "--max-seconds", str(int(RUNS * 2 * (SECONDS + 5) + 120))],
              stdout=subprocess.PIPE)
    line = read_line(p.stdout, 10)
    if not line:
        raise RuntimeError("the reference server did not print its port")
    port = int(line)
    if not wait_echo(port, p):
        raise RuntimeError("the reference server does not echo")
    return p, port


def start_app(args, display):
    port = free_udp_port()
    env = benchcommon.app_env(args.schema_dir, display)
    # meson's test environment sets these to find memory bugs: every malloc
    # and free then writes the whole block. Users do not run with them.
    for name in ("MALLOC_PERTURB_", "G_DEBUG", "G_SLICE"):
        env.pop(name, None)
    p = start(["dbus-run-session", "--", args.app, f"--udp=127.0.0.1:{port}",
               "--reply=echo", "--page=udp"], env=env, stdout=subprocess.DEVNULL)
    if not wait_echo(port, p):
        raise RuntimeError(f"socket-lab does not echo on udp 127.0.0.1:{port}")
    pid = find_child(p.pid, "socket-lab")
    return p, port, pid


def run_pingpong(path, port):
    p = start([path, "--port", str(port), "--seconds", str(SECONDS), "--size", str(SIZE),
               "--timeout-ms", "200"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out, _ = p.communicate(timeout=SECONDS + 20)
    except subprocess.TimeoutExpired:
        stop(p)
        return {"error": "udp-pingpong did not finish"}
    stop(p)
    for line in out.decode(errors="replace").splitlines():
        if line.startswith("{"):
            result = json.loads(line)
            if p.returncode != 0:
                result["error"] = f"exit status {p.returncode}"
            return result
    return {"error": out.decode(errors="replace").strip()[-200:] or "no output"}


def load_average():
    """The 1-minute load: on a shared 2-core machine it decides more of the
    ratio than the code does (the app's window thread and its network
    thread share one scheduling group; the reference is one thread)."""
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", required=True, help="udp-echo")
    parser.add_argument("--client", required=True, help="udp-pingpong")
    parser.add_argument("--app", default=os.environ.get("SOCKET_LAB"), help="socket-lab")
    parser.add_argument("--schema-dir", default=os.environ.get("GSETTINGS_SCHEMA_DIR"),
                        help="directory of the compiled GSettings schema")
    args = parser.parse_args()

    benchcommon.install_signal_handlers()

    missing = [t for t in ("Xvfb", "dbus-run-session") if not have_tool(t)]
    if missing or not args.app or not args.schema_dir:
        print("SKIP: missing " + " ".join(missing or ["--app/--schema-dir"]))
        return 77
    if not os.access(args.app, os.X_OK):
        raise RuntimeError(f"{args.app} is not an executable: build it first")

    log(f"{RUNS} runs per side, {SECONDS:g} s each, {SIZE}-byte datagrams, one in flight; "
        f"load average {load_average()}")
    ref_proc, ref_port = start_reference(args.reference)
    log(f"reference udp-echo on 127.0.0.1:{ref_port}")
    xvfb, display = start_xvfb()
    log(f"Xvfb on {display}")
    app_proc, app_port, app_pid = start_app(args, display)
    log(f"socket-lab (pid {app_pid}) echoing on udp 127.0.0.1:{app_port}")
    ports = {"app": app_port, "ref": ref_port}

    samples = {"app": [], "ref": []}
    latency = {"app": [], "ref": []}
    errors = []
    app_cpu = []
    for i in range(RUNS):
        for side in (["app", "ref"] if i % 2 == 0 else ["ref", "app"]):
            if side == "app" and app_proc.poll() is not None:
                errors.append(f"socket-lab exited (status {app_proc.returncode}) before run {i + 1}")
                break
            cpu_before = cpu_seconds(app_pid) if side == "app" and app_pid else None
            result = run_pingpong(args.client, ports[side])
            if "error" in result:
                errors.append(f"{side} run {i + 1}: {result['error']}")
                log(f"{side} run {i + 1}: ERROR {result['error']}")
                continue
            samples[side].append(result["msg_per_s"])
            latency[side].append(result["p50_us"])
            note = ""
            if cpu_before is not None:
                cpu_after = cpu_seconds(app_pid)
                if cpu_after is not None:
                    app_cpu.append((cpu_after - cpu_before) / SECONDS)
                    note = f", app CPU {app_cpu[-1] * 100:.0f}%"
            log(f"{side} run {i + 1}: {result['msg_per_s']:.0f} msg/s, "
                f"p50 {result['p50_us']:.1f} us, p99 {result['p99_us']:.1f} us, "
                f"lost {result['lost']}{note}")

    app = statistics.median(samples["app"]) if samples["app"] else None
    ref = statistics.median(samples["ref"]) if samples["ref"] else None
    ratio = app / ref if app and ref else None
    ok = ratio is not None and ratio >= MIN_RATIO and not errors

    print()
    print(f"UDP echo benchmark: medians of {RUNS} runs of {SECONDS:g} s, {SIZE}-byte "
          f"ping-pong; app = socket-lab --udp --reply=echo --page=udp, "
          f"reference = udp-echo (recvfrom/sendto loop)")
    print(f"{'figure':34}  {'app':>10}  {'reference':>10}  {'ratio':>6}  target")
    print(f"{'ping-pong 64 B (msg/s)':34}  {app or 0:10.0f}  {ref or 0:10.0f}  "
          f"{ratio or 0:6.3f}  >= {MIN_RATIO:g}  {'PASS' if ok else 'FAIL'}")
    if latency["app"] and latency["ref"]:
        print(f"{'ping-pong p50 latency (us)':34}  {statistics.median(latency['app']):10.1f}  "
              f"{statistics.median(latency['ref']):10.1f}")
    if app_cpu:
        print(f"app CPU during its runs (median): {statistics.median(app_cpu) * 100:.0f}% of one core")
    print(f"machine load average at the end: {load_average()}")
    for e in errors:
        print(f"error: {e}")
    print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
    return 0 if ok else 1


if __name__ == "__main__":
    status = 1
    try:
        status = main()
    except (RuntimeError, OSError) as e:
        print(f"error: {e}")
        print("0 passed, 1 failed")
    finally:
        stop_all()
    sys.exit(status)
