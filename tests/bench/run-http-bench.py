#!/usr/bin/python3
# run-http-bench.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""HTTP benchmark (issue 5): Socket Lab's HTTP server against nginx and
`python3 -m http.server`, measured by wrk in the same run.

Serves one temporary folder with a 1 KiB file (1k.html) and a 1 MiB file
(1m.bin) from:

  app     socket-lab --http=127.0.0.1:PORT --root=DIR --page=http, under its
          own Xvfb and dbus-run-session, its window mapped and showing the
          live request log;
  nginx   one worker (master process on), access log on (to a file in the
          temporary folder), sendfile and tcp_nopush on as in Debian's
          default configuration, keep-alive without a request limit;
  python  /usr/bin/python3 -m http.server --bind 127.0.0.1 (HTTP/1.0: one
          connection per request, as it ships);
  core    http-serve: SlHttpServer and its event log without the window,
          to tell the cost of the server core from the cost of the page
          (no target; BENCH_CORE=0 leaves it out).

Each run is `wrk -t2 -c50 -d10s http://127.0.0.1:PORT/FILE`. For each file
the runs are interleaved (app, nginx, core in rounds whose order rotates,
BENCH_RUNS rounds); python, which is slow and steady, gets BENCH_PYTHON_RUNS
runs with the same wrk parameters, after the first round. Medians of
requests/s are printed with the ratios app/nginx (target >= 0.8) and
app/python (target >= 20). Before the runs every server's answer is
compared with the files, and a run with non-2xx answers or socket errors
counts as failed (timeouts, requests slower than wrk's 2 s, are only
noted: a machine busy with other work causes them too).

Beside requests/s it prints the CPU time each server spent per request
(all processes and threads of the server, user + system, which includes
the loopback TCP work the kernel does in the server's context): on a
shared machine whose other load steals CPU from one run and not the next,
that figure moves much less than requests/s, and it says where the time
goes (app = core + the window).

Environment:
  BENCH_RUNS            rounds per file (default 3)
  BENCH_PYTHON_RUNS     python runs per file (default 1)
  BENCH_SECONDS         wrk -d (default 10)
  BENCH_CORE            also measure http-serve (default 1)
  BENCH_MIN_NGINX_RATIO  (default 0.8)
  BENCH_MIN_PYTHON_RATIO (default 20)

Takes about 3.5 minutes with the defaults (20 runs of 10 s); no run starts
after 300 s. Exit status: 0 when every target is met, 1 otherwise, 77 when
a tool it needs (wrk, nginx, Xvfb, dbus-run-session, xwininfo) is missing.
Everything it starts is ended on exit, and its folder removed.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchcommon  # noqa: E402
from benchcommon import (cpu_seconds, find_child, free_port,  # noqa: E402
                         group_cpu_seconds, have_tool, log, read_line, start,
                         start_xvfb, stop, stop_all, vm_rss_bytes,
                         wait_accepting, window_mapped)

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
PYTHON_RUNS = int(os.environ.get("BENCH_PYTHON_RUNS", "1"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WITH_CORE = os.environ.get("BENCH_CORE", "1") not in ("", "0")
MIN_NGINX_RATIO = float(os.environ.get("BENCH_MIN_NGINX_RATIO", "0.8"))
MIN_PYTHON_RATIO = float(os.environ.get("BENCH_MIN_PYTHON_RATIO", "20"))

TOTAL_BUDGET_S = 300
PYTHON = "/usr/bin/python3"
FILES = [("1k.html", 1024, "1 KiB"), ("1m.bin", 1024 * 1024, "1 MiB")]
SIDES = ["app", "nginx", "core", "python"]
MAX_RESTARTS = 2


def file_bytes(size):
    """Printable, not one repeated byte: what a web page looks like to the
    kernel's copy, and easy to compare."""
    line = bytes(range(0x21, 0x7f)) + b"\n"
    return (line * (size // len(line) + 1))[:size]


# --- the servers ------------------------------------------------------------

NGINX_CONF = """\
{user}worker_processes 1;
daemon off;
master_process on;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{
  worker_connections 1024;
}}
http {{
  types {{
    text/html html;
    application/octet-stream bin;
  }}
  default_type application/octet-stream;
  access_log {dir}/access.log;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  client_body_temp_path {dir}/client_body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {root};
  }}
}}
"""


def start_nginx(nginx, workdir, root):
    port = free_port()
    ngdir = os.path.join(workdir, "nginx")
    os.makedirs(ngdir, exist_ok=True)
    conf = os.path.join(ngdir, "nginx.conf")
    # As root, nginx's workers would run as nobody, who cannot read a
    # mkdtemp() folder; as anyone else the directive is only a warning.
    user = "user root;\n" if os.geteuid() == 0 else ""
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(user=user, dir=ngdir, port=port, root=root))
    argv = [nginx, "-c", conf, "-p", ngdir + "/"]
    # -e (nginx >= 1.19.5) keeps the start-up error log out of /var/log
    help_text = subprocess.run([nginx, "-h"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT).stdout.decode(errors="replace")
    if re.search(r"^\s*-e filename", help_text, re.M):
        argv += ["-e", os.path.join(ngdir, "error.log")]
    p = start(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if not wait_accepting(port, p, 15):
        err = p.stderr.read().decode(errors="replace") if p.poll() is not None else ""
        raise RuntimeError(f"nginx does not accept on 127.0.0.1:{port}: {err.strip()[-300:]}")
    return p, port, os.path.join(ngdir, "access.log")


def start_python(root):
    port = free_port()
    p = start([PYTHON, "-m", "http.server", str(port), "--bind", "127.0.0.1",
               "--directory", root],
              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not wait_accepting(port, p, 15):
        raise RuntimeError(f"python3 -m http.server does not accept on 127.0.0.1:{port}")
    return p, port


def start_core(serve, root):
    p = start([serve, root, "0", "--max-seconds", str(TOTAL_BUDGET_S + 120)],
              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = read_line(p.stdout, 15)
    if not line:
        raise RuntimeError("http-serve did not print its port")
    port = int(line)
    if not wait_accepting(port, p, 15):
        raise RuntimeError("http-serve does not accept")
    return p, port


def start_app(args, display, root):
    port = free_port()
    env = benchcommon.app_env(args.schema_dir, display)
    p = start(["dbus-run-session", "--", args.app, f"--http=127.0.0.1:{port}",
               f"--root={root}", "--page=http"],
              env=env, stdout=subprocess.DEVNULL)
    if not wait_accepting(port, p, 30):
        raise RuntimeError(f"socket-lab does not serve HTTP on 127.0.0.1:{port} "
                           "(are --http and the HTTP page built?)")
    pid = find_child(p.pid, "socket-lab")
    if pid is None:
        raise RuntimeError("cannot find the socket-lab process")
    deadline = time.monotonic() + 20
    while not window_mapped(display):
        if time.monotonic() > deadline or p.poll() is not None:
            raise RuntimeError("the Socket Lab window did not appear")
        time.sleep(0.1)
    return p, port, pid


def check_content(port, name, expected):
    """The server answers the file's exact bytes (else its figures mean
    nothing)."""
    url = f"http://127.0.0.1:{port}/{name}"
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            body = r.read()
            status = r.status
    except OSError as e:
        return f"GET {url} failed: {e}"
    if status != 200 or body != expected:
        return f"GET {url}: status {status}, {len(body)} bytes, not the file's {len(expected)}"
    return None


def fmt(v, digits=1):
    return "-" if v is None else f"{v:.{digits}f}"


# --- the load ---------------------------------------------------------------

def run_wrk(wrk, port, name):
    argv = [wrk, "-t2", "-c50", f"-d{SECONDS}s", f"http://127.0.0.1:{port}/{name}"]
    p = start(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out, _ = p.communicate(timeout=SECONDS + 30)
    except subprocess.TimeoutExpired:
        stop(p)
        return {"error": "wrk did not finish"}
    benchcommon.started.remove(p)
    text = out.decode(errors="replace")
    result = {}
    m = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    if p.returncode != 0 or m is None:
        return {"error": f"wrk exit status {p.returncode}: {text.strip()[-300:]}"}
    result["rps"] = float(m.group(1))
    m = re.search(r"(\d+) requests in", text)
    result["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    if m:
        result["error"] = f"{m.group(1)} answers were not 2xx/3xx"
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        result["socket_errors"] = m.group(0)
        # A timeout is a request slower than wrk's 2 s, which a machine
        # busy with other work causes too; a refused or broken connection
        # is the server's doing
        result["broken"] = any(int(m.group(i)) > 0 for i in (1, 2, 3))
    return result


def schedule(sides):
    """Per file: rounds of the measured sides in rotating order, python's
    runs after the first round."""
    rotating = [s for s in ("app", "nginx", "core") if s in sides]
    order = []
    for i in range(RUNS):
        k = i % len(rotating)
        order.append(rotating[k:] + rotating[:k])
    plan = []
    for i, round_ in enumerate(order):
        plan.extend(round_)
        if i == 0 and "python" in sides:
            plan.extend(["python"] * PYTHON_RUNS)
    if RUNS == 0 and "python" in sides:
        plan.extend(["python"] * PYTHON_RUNS)
    return plan


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", default=os.environ.get("SOCKET_LAB"), help="socket-lab")
    parser.add_argument("--serve", help="http-serve (the core without the window)")
    parser.add_argument("--schema-dir", default=os.environ.get("GSETTINGS_SCHEMA_DIR"),
                        help="directory of the compiled GSettings schema")
    parser.add_argument("--wrk", default="wrk")
    parser.add_argument("--nginx", default=None)
    args = parser.parse_args()

    benchcommon.install_signal_handlers()

    nginx = args.nginx or shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    missing = [t for t in (args.wrk, "Xvfb", "dbus-run-session", "xwininfo")
               if not have_tool(t)]
    if nginx is None:
        missing.append("nginx")
    if not os.access(PYTHON, os.X_OK):
        missing.append(PYTHON)
    if missing or not args.app or not args.schema_dir:
        print("SKIP: missing " + " ".join(missing or ["--app/--schema-dir"])
              + " (build-aux/install-deps --test installs wrk and nginx)")
        return 77
    if not os.access(args.app, os.X_OK):
        raise RuntimeError(f"{args.app} is not an executable: build it first")

    workdir = tempfile.mkdtemp(prefix="socket-lab-http-bench-")
    try:
        return measure(args, nginx, workdir)
    finally:
        stop_all()
        shutil.rmtree(workdir, ignore_errors=True)


def measure(args, nginx, workdir):
    root = os.path.join(workdir, "root")
    os.mkdir(root)
    contents = {}
    for name, size, _ in FILES:
        contents[name] = file_bytes(size)
        with open(os.path.join(root, name), "wb") as f:
            f.write(contents[name])

    with_core = WITH_CORE and args.serve is not None
    log(f"wrk -t2 -c50 -d{SECONDS}s; {RUNS} rounds of app, nginx"
        f"{', core' if with_core else ''} per file, {PYTHON_RUNS} python run(s) "
        f"per file (same wrk parameters)")

    errors = {s: [] for s in SIDES}
    samples = {s: {name: [] for name, *_ in FILES} for s in SIDES}
    cpu_us = {s: {name: [] for name, *_ in FILES} for s in SIDES}
    notes = []
    ports = {}
    procs = {}

    ng, ports["nginx"], access_log = start_nginx(nginx, workdir, root)
    procs["nginx"] = ng
    log(f"nginx on 127.0.0.1:{ports['nginx']}")
    procs["python"], ports["python"] = start_python(root)
    log(f"python3 -m http.server on 127.0.0.1:{ports['python']}")
    if with_core:
        procs["core"], ports["core"] = start_core(args.serve, root)
        log(f"http-serve on 127.0.0.1:{ports['core']}")

    xvfb, display = start_xvfb()
    log(f"Xvfb on {display}")
    app_pid = None
    try:
        procs["app"], ports["app"], app_pid = start_app(args, display, root)
        log(f"socket-lab (pid {app_pid}) serving on 127.0.0.1:{ports['app']}, window mapped")
    except RuntimeError as e:
        errors["app"].append(str(e))
        log(f"app: {e}")

    for side in list(ports):
        for name, *_ in FILES:
            problem = check_content(ports[side], name, contents[name])
            if problem:
                errors[side].append(problem)
                log(f"{side}: {problem}")
                ports.pop(side)
                break

    app_cpu = []
    restarts = 0
    for name, size, label in FILES:
        for side in schedule(ports):
            if benchcommon.elapsed() > TOTAL_BUDGET_S:
                budget_note = f"time budget ({TOTAL_BUDGET_S} s) reached: later runs skipped"
                if budget_note not in notes:
                    notes.append(budget_note)
                continue
            if side not in ports:
                continue
            if procs[side].poll() is not None:
                errors[side].append(f"{side} exited (status {procs[side].returncode}) "
                                    f"before a {label} run")
                log(errors[side][-1])
                stop(procs[side])
                del ports[side]
                if side != "app" or restarts >= MAX_RESTARTS:
                    continue
                restarts += 1
                try:
                    procs["app"], ports["app"], app_pid = start_app(args, display, root)
                except RuntimeError as e:
                    errors["app"].append(str(e))
                    continue
            cpu_before = cpu_seconds(app_pid) if side == "app" else None
            group_before = group_cpu_seconds(procs[side].pid)
            result = run_wrk(args.wrk, ports[side], name)
            group_used = group_cpu_seconds(procs[side].pid) - group_before
            if side == "app" and cpu_before is not None:
                cpu_after = cpu_seconds(app_pid)
                if cpu_after is not None:
                    app_cpu.append((cpu_after - cpu_before) / SECONDS)
            if "error" in result:
                errors[side].append(f"{label} run: {result['error']}")
                log(f"{side:6} {label}: ERROR {result['error']}")
                continue
            if result.get("broken") and side != "python":
                # Not for python: it drops connections under load, and its
                # figure is only the floor of the comparison.
                errors[side].append(f"{label} run: {result['socket_errors']}")
            elif "socket_errors" in result:
                notes.append(f"{side} {label} run: {result['socket_errors']} "
                             "(wrk's 2 s timeout: the machine was busy)")
            samples[side][name].append(result["rps"])
            per_request = None
            if result["requests"] > 0:
                per_request = group_used * 1e6 / result["requests"]
                cpu_us[side][name].append(per_request)
            extra = f" ({result['socket_errors']})" if "socket_errors" in result else ""
            log(f"{side:6} {label}: {result['rps']:10.1f} requests/s, "
                f"{result['requests']} requests, server CPU {group_used:.2f} s = "
                f"{fmt(per_request)} us/request{extra}")

    if app_pid is not None:
        rss = vm_rss_bytes(app_pid)
        if rss is not None:
            log(f"app VmRSS after the runs: {rss / 1e6:.1f} MB")
    if app_cpu:
        log(f"app CPU while loaded: median {statistics.median(app_cpu) * 100:.0f}% of one core "
            f"(all threads: network thread and GTK main thread)")
    try:
        with open(access_log, "rb") as f:
            lines = sum(1 for _ in f)
        log(f"nginx access log: {lines} lines")
    except OSError:
        pass

    # --- the table ----------------------------------------------------------
    def med(side, name):
        values = samples[side][name]
        return statistics.median(values) if values else None

    def ratio(a, b):
        return a / b if a is not None and b is not None and b > 0 else None

    print()
    print(f"HTTP benchmark: wrk -t2 -c50 -d{SECONDS}s, median requests/s "
          f"(runs: app/nginx/core/python)")
    header = ("file", "app", "nginx", "core", "python", "runs",
              "app/nginx", "app/python", "core/nginx", "nginx/python")
    widths = (6, 9, 9, 9, 8, 8, 10, 11, 11, 12)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    rows = []
    for name, size, label in FILES:
        app, ng_, core, py = (med(s, name) for s in ("app", "nginx", "core", "python"))
        runs = "/".join(str(len(samples[s][name])) for s in ("app", "nginx", "core", "python"))
        cells = (label, fmt(app), fmt(ng_), fmt(core), fmt(py), runs,
                 fmt(ratio(app, ng_), 3), fmt(ratio(app, py), 2),
                 fmt(ratio(core, ng_), 3), fmt(ratio(ng_, py), 2))
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths)))
        rows.append((label, ratio(app, ng_), ratio(app, py)))

    print()
    print("server CPU per request, median (us; lower is better)")
    header = ("file", "app", "nginx", "core", "python", "app/nginx", "core/nginx")
    widths = (6, 9, 9, 9, 8, 10, 10)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for name, size, label in FILES:
        m = {s: (statistics.median(cpu_us[s][name]) if cpu_us[s][name] else None)
             for s in SIDES}
        cells = (label, fmt(m["app"]), fmt(m["nginx"]), fmt(m["core"]), fmt(m["python"]),
                 fmt(ratio(m["app"], m["nginx"]), 3), fmt(ratio(m["core"], m["nginx"]), 3))
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths)))

    print()
    passed = failed = 0
    for label, r_ng, r_py in rows:
        for what, r, target in ((f"{label}: app/nginx", r_ng, MIN_NGINX_RATIO),
                                (f"{label}: app/python", r_py, MIN_PYTHON_RATIO)):
            ok = r is not None and r >= target
            print(f"{what:22} {fmt(r, 3):>8}  target >= {target:g}  {'PASS' if ok else 'FAIL'}")
            if ok:
                passed += 1
            else:
                failed += 1

    for side in SIDES:
        for e in errors[side]:
            print(f"error ({side}): {e}")
    # A broken reference makes its ratio meaningless; a broken app or core
    # is a failure whatever the figures say.
    failed += sum(1 for side in SIDES if errors[side])
    for n in notes:
        print(f"note: {n}")
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
