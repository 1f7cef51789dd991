#!/usr/bin/python3
# run-echo-bench.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""TCP echo benchmark (issue 2): Socket Lab against a reference epoll server.

Starts the reference (epoll-echo) and Socket Lab (under its own Xvfb and
dbus-run-session, as `socket-lab --tcp-server=127.0.0.1:PORT --reply=echo
--page=tcp-server`), runs the figures of echo-load against both, alternating
app and reference runs, and prints the medians side by side with their ratio.
It also measures the app's resident memory before and after the streams, and
how long a launch takes until the window is mapped.

Environment:
  BENCH_RUNS              runs per figure and side (default 5)
  BENCH_STREAM_MIB        bytes of one stream run, in MiB (default 1024)
  BENCH_PINGPONG_SECONDS  length of one ping-pong run (default 5)
  BENCH_CONNECTIONS       connections of one burst (default 1000)
  BENCH_LAUNCHES          launches timed for the window (default 5)
  BENCH_MIN_RATIO         ratio target for the load figures (default 0.9)
  BENCH_REFERENCE_ONLY=1  measure the reference only (no app, no X)

Limits: a stream run fails after 60 s, a burst after 30 s; no load run
starts after 480 s, so the whole benchmark ends well inside 10 minutes even
against a very slow server (a healthy run takes about 1.5 minutes on 2 cores).
If the app crashes the benchmark fails, and the app is started again (up to 3
times) so that the other figures are still measured.

Exit status: 0 when every target is met, 1 otherwise, 77 when a tool the
benchmark needs is missing.  Everything it starts is ended on exit.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchcommon  # noqa: E402
from benchcommon import (find_child, free_port, log,  # noqa: E402
                         read_line, start, start_xvfb, stop, stop_all,
                         vm_rss_bytes, wait_accepting, window_mapped)

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
STREAM_MIB = int(os.environ.get("BENCH_STREAM_MIB", "1024"))
PINGPONG_SECONDS = float(os.environ.get("BENCH_PINGPONG_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "1000"))
LAUNCHES = int(os.environ.get("BENCH_LAUNCHES", "5"))
MIN_RATIO = float(os.environ.get("BENCH_MIN_RATIO", "0.9"))
REFERENCE_ONLY = os.environ.get("BENCH_REFERENCE_ONLY", "") not in ("", "0")

RSS_GROWTH_LIMIT_MB = 20.0      # MB = 10^6 bytes
WINDOW_TARGET_S = 0.5
# No new load run starts after this many seconds; with a stream run's own
# 60 s limit the whole benchmark stays under 10 minutes (meson's limit: 900 s).
TOTAL_BUDGET_S = 480
MAX_RESTARTS = 3                # after a crash of the app

# (key in echo-load's JSON, label, unit, higher is better)
FIGURES = {
    "stream": [("mib_per_s", "stream 1 connection", "MiB/s", True)],
    "pingpong": [("msg_per_s", "ping-pong 64 B", "msg/s", True),
                 ("p50_us", "ping-pong p50 latency", "us", False),
                 ("p99_us", "ping-pong p99 latency", "us", False)],
    "burst": [("ms", "burst connections", "ms", False)],
}


def over_budget():
    return benchcommon.elapsed() > TOTAL_BUDGET_S


# --- the two servers -------------------------------------------------------

def start_reference(path):
    p = start([path, "0", "--max-seconds", str(TOTAL_BUDGET_S + 60)],
              stdout=subprocess.PIPE)
    line = read_line(p.stdout, 10)
    if not line:
        raise RuntimeError("the reference server did not print its port")
    port = int(line)
    if not wait_accepting(port, p):
        raise RuntimeError("the reference server does not accept")
    return p, port


def app_env(args, display):
    return benchcommon.app_env(args.schema_dir, display)


def app_argv(args, port):
    return [args.app, f"--tcp-server=127.0.0.1:{port}", "--reply=echo",
            "--page=tcp-server"]


def time_launches(args, display):
    """Seconds from starting socket-lab to its window being mapped, per
    launch.  Each launch gets a fresh private session bus, started before
    the clock so that only the app's own start-up is timed."""
    times = []
    env = app_env(args, display)
    for i in range(LAUNCHES):
        bus = start(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        address = read_line(bus.stdout, 10)
        if not address:
            raise RuntimeError("dbus-daemon did not start")
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        port = free_port()
        t0 = time.monotonic()
        app = start(app_argv(args, port), env=env,
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        mapped = None
        while time.monotonic() - t0 < 20 and app.poll() is None:
            if window_mapped(display):
                mapped = time.monotonic() - t0
                break
            time.sleep(0.005)
        if mapped is None:
            err = b""
            if app.poll() is not None:
                err = app.stderr.read()[-500:]
            stop(app)
            stop(bus)
            raise RuntimeError("the window did not appear: " + err.decode(errors="replace"))
        times.append(mapped)
        log(f"launch {i + 1}: window mapped after {mapped * 1000:.0f} ms")
        stop(app)
        stop(bus)
        # The next launch must not see this window.
        deadline = time.monotonic() + 10
        while window_mapped(display) and time.monotonic() < deadline:
            time.sleep(0.05)
    return times


def start_app(args, display):
    port = free_port()
    env = app_env(args, display)
    p = start(["dbus-run-session", "--"] + app_argv(args, port), env=env,
              stdout=subprocess.DEVNULL)
    if not wait_accepting(port, p, 30):
        raise RuntimeError(f"socket-lab does not accept on 127.0.0.1:{port} "
                           "(is the TCP server engine built?)")
    pid = find_child(p.pid, "socket-lab")
    if pid is None:
        raise RuntimeError("cannot find the socket-lab process")
    return p, port, pid


# --- the load ---------------------------------------------------------------

def run_load(args, port, figure):
    argv = [args.load, "--port", str(port), "--figure", figure]
    if figure == "stream":
        argv += ["--bytes", str(STREAM_MIB << 20), "--timeout", "60"]
        limit = 70
    elif figure == "pingpong":
        argv += ["--seconds", str(PINGPONG_SECONDS), "--timeout", "20"]
        limit = PINGPONG_SECONDS + 30
    else:
        argv += ["--connections", str(CONNECTIONS), "--timeout", "30"]
        limit = 40
    p = start(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out, _ = p.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        stop(p)
        return {"error": "echo-load did not finish"}
    benchcommon.started.remove(p)
    import json
    for line in out.decode(errors="replace").splitlines():
        if line.startswith("{"):
            result = json.loads(line)
            if p.returncode != 0 and "error" not in result:
                result["error"] = f"exit status {p.returncode}"
            return result
    return {"error": out.decode(errors="replace").strip()[-200:] or "no output"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", required=True, help="epoll-echo")
    parser.add_argument("--load", required=True, help="echo-load")
    parser.add_argument("--app", default=os.environ.get("SOCKET_LAB"),
                        help="socket-lab")
    parser.add_argument("--schema-dir",
                        default=os.environ.get("GSETTINGS_SCHEMA_DIR"),
                        help="directory of the compiled GSettings schema")
    args = parser.parse_args()

    benchcommon.install_signal_handlers()

    with_app = not REFERENCE_ONLY
    if with_app:
        missing = [t for t in ("Xvfb", "dbus-run-session", "dbus-daemon", "xwininfo")
                   if subprocess.run(["sh", "-c", f"command -v {t}"],
                                     stdout=subprocess.DEVNULL).returncode != 0]
        if missing or not args.app or not args.schema_dir:
            print("SKIP: missing " + " ".join(missing or ["--app/--schema-dir"]))
            return 77
        if not os.access(args.app, os.X_OK):
            raise RuntimeError(f"{args.app} is not an executable: build it first")

    log(f"runs per figure and side: {RUNS}; stream {STREAM_MIB} MiB; "
        f"ping-pong {PINGPONG_SECONDS:g} s; burst {CONNECTIONS} connections; "
        f"{LAUNCHES} launches")

    samples = {"app": {}, "ref": {}}
    errors = {"app": [], "ref": []}
    rss = {}
    window_times = []
    notes = []

    ref_proc, ref_port = start_reference(args.reference)
    log(f"reference epoll-echo on 127.0.0.1:{ref_port}")
    sides = {"ref": ref_port}

    if with_app:
        xvfb, display = start_xvfb()
        log(f"Xvfb on {display}")
        try:
            window_times = time_launches(args, display)
        except RuntimeError as e:
            errors["app"].append(f"window: {e}")
        try:
            app_proc, app_port, app_pid = start_app(args, display)
            sides["app"] = app_port
            log(f"socket-lab (pid {app_pid}) echoing on 127.0.0.1:{app_port}")
        except RuntimeError as e:
            errors["app"].append(str(e))
            log(f"app: {e}")

    restarts = 0
    for i in range(RUNS):
        for figure in FIGURES:
            order = ["app", "ref"] if i % 2 == 0 else ["ref", "app"]
            for side in order:
                if side not in sides:
                    continue
                if over_budget():
                    if not notes:
                        notes.append(f"time budget ({TOTAL_BUDGET_S} s) reached "
                                     f"in run {i + 1}: the rest was skipped")
                    continue
                if side == "app" and app_proc.poll() is not None:
                    # A crash fails the benchmark; the app is started again
                    # (a few times at most) so that the other figures are
                    # still measured.
                    errors["app"].append(
                        f"socket-lab exited (dbus-run-session status "
                        f"{app_proc.returncode}) before {figure} run {i + 1}; "
                        "its messages are above")
                    log(errors["app"][-1])
                    stop(app_proc)
                    del sides["app"]
                    if restarts >= MAX_RESTARTS:
                        continue
                    restarts += 1
                    try:
                        app_proc, app_port, app_pid = start_app(args, display)
                    except RuntimeError as e:
                        errors["app"].append(str(e))
                        continue
                    sides["app"] = app_port
                    log(f"socket-lab started again (pid {app_pid})")
                # Memory is followed in the first instance only.
                if side == "app" and figure == "stream" and restarts == 0:
                    before = vm_rss_bytes(app_pid)
                    if before is not None:
                        rss.setdefault("before_first", before)
                        rss["before_this"] = before
                result = run_load(args, sides[side], figure)
                if (side == "app" and figure == "stream" and restarts == 0
                        and "error" not in result):
                    time.sleep(0.5)     # let the main thread drain the event log
                    after = vm_rss_bytes(app_pid)
                    if after is not None:
                        rss.setdefault("after_first", after)
                        rss["after_last"] = after
                        if "before_this" in rss:
                            rss.setdefault("per_stream", []).append(after - rss["before_this"])
                        log(f"app VmRSS after stream {i + 1}: {after / 1e6:.1f} MB")
                if "error" in result:
                    errors[side].append(f"{figure} run {i + 1}: {result['error']}")
                    log(f"{side} {figure}: ERROR {result['error']}")
                    continue
                for key, *_ in FIGURES[figure]:
                    samples[side].setdefault(key, []).append(result[key])
                shown = ", ".join(f"{k}={result[k]}" for k, *_ in FIGURES[figure])
                log(f"{side:3} {figure:8} run {i + 1}: {shown}")

    # --- the table ----------------------------------------------------------
    rows = []
    passed = failed = 0

    def median(side, key):
        values = samples[side].get(key)
        return statistics.median(values) if values else None

    for figure, keys in FIGURES.items():
        for key, label, unit, higher_better in keys:
            ref = median("ref", key)
            app = median("app", key) if with_app else None
            ratio = None
            if app is not None and ref is not None and app > 0 and ref > 0:
                ratio = app / ref if higher_better else ref / app
            verdict = "-"
            if with_app:
                ok = ratio is not None and ratio >= MIN_RATIO
                verdict = "PASS" if ok else "FAIL"
            runs = f"{len(samples['app'].get(key, []))}/{len(samples['ref'].get(key, []))}"
            rows.append((f"{label} ({unit})", app, ref, ratio, runs,
                         f"ratio >= {MIN_RATIO:g}", verdict))

    if with_app:
        growth_first = growth_total = None
        if "after_last" in rss and "before_first" in rss:
            growth_first = (rss["after_first"] - rss["before_first"]) / 1e6
            growth_total = (rss["after_last"] - rss["before_first"]) / 1e6
            log(f"app VmRSS: {rss['before_first'] / 1e6:.1f} MB before the first "
                f"stream, {rss['after_first'] / 1e6:.1f} MB after it, "
                f"{rss['after_last'] / 1e6:.1f} MB after the last")
        # The target is the growth over one 1 GiB stream (issue 2); the worst
        # stream counts. The total over the run is logged above: it includes
        # the bursts in between and shows whether memory levels off.
        per_stream = rss.get("per_stream", [])
        worst = max(per_stream) / 1e6 if per_stream else None
        rows.append(("app VmRSS growth over a 1 GiB stream, worst (MB)", worst, None, None,
                     "-", f"< {RSS_GROWTH_LIMIT_MB:g}",
                     "PASS" if worst is not None and worst < RSS_GROWTH_LIMIT_MB
                     else "FAIL"))
        win = statistics.median(window_times) if len(window_times) == LAUNCHES else None
        rows.append(("window mapped after launch (s)", win, None, None,
                     f"{len(window_times)}/-", f"<= {WINDOW_TARGET_S:g}",
                     "PASS" if win is not None and win <= WINDOW_TARGET_S else "FAIL"))

    def fmt(v):
        if v is None:
            return "-"
        return f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}"

    print()
    print(f"TCP echo benchmark: medians of {RUNS} runs, app = socket-lab, "
          f"reference = epoll-echo; ratio = app/ref for throughput and msg/s, "
          f"ref/app for latency and time; runs = app/reference runs that "
          f"succeeded")
    header = ("figure", "app", "reference", "ratio", "runs", "target", "result")
    widths = (38, 10, 10, 7, 5, 12, 6)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for label, app, ref, ratio, runs, target, verdict in rows:
        cells = (label, fmt(app), fmt(ref), fmt(ratio), runs, target, verdict)
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths)))
        if verdict == "PASS":
            passed += 1
        elif verdict == "FAIL":
            failed += 1

    for side in ("ref", "app"):
        for e in errors[side]:
            print(f"error ({side}): {e}")
    for n in notes:
        print(f"note: {n}")
    if errors["ref"]:
        failed += 1       # a broken reference makes every ratio meaningless
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


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
