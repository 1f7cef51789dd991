#!/usr/bin/python3
# bench-capture.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The helper's share of the capture benchmark (issue 3): in the same run,
# socket-lab-helper and `tcpdump -w /dev/null` capture 5 s of 64-byte UDP on
# lo at 300,000 packets/s. The helper must capture every packet tcpdump does,
# with 0 drops as libpcap counts them.
#
#   bench-capture.py HELPER UDP-BLAST [RATE SECONDS]
#
# Needs root and tcpdump (exit 77 otherwise). Loopback only, every wait
# bounded, every process killed at the end.

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

SKIP = 77
PAYLOAD = 64
RECORD = 16 + 14 + 20 + 8 + PAYLOAD  # pcap record header + Ethernet/IPv4/UDP


def main():
    if len(sys.argv) not in (3, 5):
        print('usage: bench-capture.py HELPER UDP-BLAST [RATE SECONDS]', file=sys.stderr)
        return 2
    helper, blast = sys.argv[1], sys.argv[2]
    rate, seconds = (sys.argv[3], sys.argv[4]) if len(sys.argv) == 5 else ('300000', '5')
    tcpdump = shutil.which('tcpdump') or shutil.which('tcpdump', path='/usr/sbin:/usr/bin')
    if os.geteuid() != 0 or tcpdump is None:
        print('skipped: needs root and tcpdump')
        return SKIP

    # A bound socket that never reads: no ICMP port unreachable on lo.
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sink.bind(('127.0.0.1', 0))
    port = sink.getsockname()[1]
    bpf = 'udp port %d' % port
    procs = []
    try:
        td = subprocess.Popen([tcpdump, '-n', '-i', 'lo', '-w', '/dev/null', bpf],
                              stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
        procs.append(td)
        td_err = []
        td_ready = threading.Event()

        def read_td():
            for line in td.stderr:
                td_err.append(line.decode(errors='replace'))
                if b'listening on' in line:
                    td_ready.set()
        threading.Thread(target=read_td, daemon=True).start()

        h = subprocess.Popen([helper, 'capture', '--interface=lo', '--filter=' + bpf],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        procs.append(h)
        counted = [0]
        h_err = []
        h_ready = threading.Event()

        def read_out():
            while True:
                chunk = h.stdout.read1(1 << 20)
                if not chunk:
                    return
                counted[0] += len(chunk)

        def read_err():
            for line in h.stderr:
                h_err.append(line.decode(errors='replace').strip())
                if line.startswith(b'ready'):
                    h_ready.set()
        out_thread = threading.Thread(target=read_out, daemon=True)
        out_thread.start()
        err_thread = threading.Thread(target=read_err, daemon=True)
        err_thread.start()

        if not td_ready.wait(10) or not h_ready.wait(10):
            print('captures did not start: tcpdump %r helper %r' % (td_err, h_err))
            return 1

        start = time.monotonic()
        sent = int(subprocess.run([blast, str(port), rate, seconds], capture_output=True,
                                  timeout=float(seconds) + 30, check=True).stdout)
        elapsed = time.monotonic() - start
        time.sleep(2)  # lo's backlog and the last 5 ms blocks

        td.send_signal(signal.SIGINT)
        td.wait(10)
        h.stdin.close()
        status = h.wait(10)
        out_thread.join(10)
        err_thread.join(10)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait(5)
        sink.close()

    text = ''.join(td_err)
    td_captured = int(re.search(r'(\d+) packets? captured', text).group(1))
    td_dropped = int(re.search(r'(\d+) packets? dropped by kernel', text).group(1))
    stats = [l for l in h_err if l.startswith('stats ')]
    errors = [l for l in h_err if l.startswith('error ')]
    h_dropped = int(stats[-1].split()[2]) if stats else -1
    body = counted[0] - 24
    h_captured = body // RECORD

    print('offered     %d packets in %.2f s (%.0f packets/s)' % (sent, elapsed, sent / elapsed))
    print('tcpdump     %d captured, %d dropped' % (td_captured, td_dropped))
    print('helper      %d captured, %d dropped (exit %d)' % (h_captured, h_dropped, status))
    ratio = h_captured / td_captured if td_captured else 0.0
    print('ratio       %.4f' % ratio)
    if errors or status != 0 or body % RECORD != 0:
        print('FAIL: helper errors %r, exit %d, %d stray bytes' % (errors, status, body % RECORD))
        return 1
    if h_captured < td_captured or h_dropped != 0:
        print('FAIL: the helper must capture every packet tcpdump does, without drops')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
