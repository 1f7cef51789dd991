#!/usr/bin/python3
# test-helper.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the built socket-lab-helper against src/helper/PROTOCOL.md.
#
#   test-helper.py HELPER CASE
#
# Cases that capture or send need root (CAP_NET_RAW, network namespaces) and
# exit 77 (skipped) otherwise. Packets go only to loopback or to namespaces
# created here, which are deleted at the end, also on failure. Every wait is
# bounded, and every process started here is killed at the end.

import os
import queue
import socket
import struct
import subprocess
import sys
import threading
import time

SKIP = 77
HELPER = None
PCAP_MAGIC_USEC = 0xa1b2c3d4
DLT_EN10MB = 1
DLT_LINUX_SLL = 113
DLT_LINUX_SLL2 = 276


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def need_root():
    if os.geteuid() != 0:
        print('skipped: needs root (CAP_NET_RAW and network namespaces)')
        sys.exit(SKIP)


def parse_pcap(data):
    """Returns (linktype, snaplen, [(caplen, origlen, bytes)]) of the complete
    part of a pcap stream, or None while the global header is incomplete."""
    if len(data) < 24:
        return None
    magic, major, minor, _, _, snaplen, linktype = struct.unpack_from('=IHHiIII', data, 0)
    check(magic == PCAP_MAGIC_USEC, 'bad pcap magic %#x' % magic)
    check((major, minor) == (2, 4), 'bad pcap version %d.%d' % (major, minor))
    records = []
    offset = 24
    while offset + 16 <= len(data):
        _, _, caplen, origlen = struct.unpack_from('=IIII', data, offset)
        check(caplen <= snaplen and caplen <= origlen, 'bad record header')
        if offset + 16 + caplen > len(data):
            break
        records.append((caplen, origlen, bytes(data[offset + 16:offset + 16 + caplen])))
        offset += 16 + caplen
    return linktype, snaplen, records


class Helper:
    """The helper as the app runs it: commands on stdin, pcap on stdout,
    event lines on stderr, each pipe drained by its own thread."""

    def __init__(self, args, netns=None):
        argv = [HELPER] + args
        if netns:
            argv = ['ip', 'netns', 'exec', netns] + argv
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out = bytearray()
        self.lock = threading.Lock()
        self.lines = queue.Queue()
        self.stderr_log = []
        self.threads = [threading.Thread(target=self._read_out, daemon=True),
                        threading.Thread(target=self._read_err, daemon=True)]
        for t in self.threads:
            t.start()

    def _read_out(self):
        while True:
            chunk = self.proc.stdout.read1(65536)
            if not chunk:
                return
            with self.lock:
                self.out += chunk

    def _read_err(self):
        for raw in self.proc.stderr:
            line = raw.decode('ascii', 'replace').rstrip('\n')
            self.stderr_log.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def command(self, line):
        data = line if isinstance(line, bytes) else line.encode()
        self.proc.stdin.write(data + b'\n')
        self.proc.stdin.flush()

    def expect(self, prefix, timeout=5.0):
        """The next event line that is not `stats` must start with prefix."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            check(left > 0, 'timed out waiting for %r; stderr: %r' % (prefix, self.stderr_log))
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            check(line is not None, 'helper closed stderr waiting for %r; stderr: %r'
                  % (prefix, self.stderr_log))
            if line.startswith('stats '):
                continue
            check(line.startswith(prefix), 'expected %r, got %r' % (prefix, line))
            return line

    def pcap(self):
        with self.lock:
            return parse_pcap(bytes(self.out))

    def wait_packet(self, needle, timeout=5.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            parsed = self.pcap()
            if parsed and any(needle in r[2] for r in parsed[2]):
                return parsed
            time.sleep(0.001)
        raise Failure('packet with %r not captured; stderr: %r' % (needle, self.stderr_log))

    def close(self, timeout=5.0):
        """EOF on stdin: the helper must exit by itself."""
        self.proc.stdin.close()
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Failure('helper did not exit after EOF')
        for t in self.threads:
            t.join(timeout)
        return rc

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


def run(args, timeout=10):
    return subprocess.run([HELPER] + args, capture_output=True, timeout=timeout)


def one_error_line(result, code, status):
    lines = result.stderr.decode('ascii', 'replace').splitlines()
    check(result.returncode == status, 'exit %d, expected %d; stderr %r'
          % (result.returncode, status, lines))
    check(len(lines) == 1 and lines[0].startswith('error %s ' % code),
          'expected one "error %s" line, got %r' % (code, lines))


def udp_sink():
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sink.bind(('127.0.0.1', 0))
    return sink, sink.getsockname()[1]


def send_udp(port, payload):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(payload, ('127.0.0.1', port))


# --- cases that need no privilege ------------------------------------------

def case_version():
    result = run(['--version'])
    check(result.returncode == 0, 'exit %d' % result.returncode)
    check(result.stdout.startswith(b'socket-lab-helper '), 'stdout %r' % result.stdout)


def case_bad_arguments():
    for args in ([], ['bogus'], ['capture'], ['capture', '--bogus'], ['--help'],
                 ['capture', '--interface=lo', '--interface=lo'],
                 ['capture', '--interface=lo', '--snaplen=63'],
                 ['capture', '--interface=lo', '--snaplen=262145'],
                 ['capture', '--interface=lo', '--snaplen=1e3'],
                 ['capture', '--interface=lo', '--buffer-mb=0'],
                 ['capture', '--interface=lo', '--buffer-mb=257'],
                 ['capture', '--interface=lo', 'extra'],
                 ['check', 'extra'], ['--version', 'extra']):
        one_error_line(run(args), 'bad-command', 2)


def case_no_interface():
    for name in ('nosuchif0', 'x' * 16, 'a/b', '../lo', 'lo;', ''):
        one_error_line(run(['capture', '--interface=' + name]), 'no-interface', 1)


# --- cases that capture, as root -------------------------------------------

def case_commands():
    need_root()
    h = Helper(['capture', '--interface=lo', '--filter=udp port 9'])
    try:
        check(h.expect('ready ') == 'ready %d' % DLT_EN10MB, 'lo is not Ethernet')
        h.command('bogus')
        h.expect('error bad-command ')
        h.command('')
        h.expect('error bad-command ')
        h.command('filter ' + 'udp or ' * 700 + 'udp')
        h.expect('error filter-too-long ')
        h.command('filter udp port')
        h.expect('error bad-filter ')
        h.command(b'filter udp\x01')
        h.expect('error bad-filter ')
        h.command('filter ' + 'x' * 9000)  # longer than a line: refused, skipped
        h.expect('error bad-command ')
        h.command('send lo 00112233445566778899aabbccddeeff0g')
        h.expect('error bad-frame ')
        h.command('send lo 001122334455')
        h.expect('error bad-frame ')
        h.command('send lo 0011223344556677889')
        h.expect('error bad-frame ')
        h.command('send nosuchif0 00112233445566778899aabbccdd')
        h.expect('error no-interface ')
        h.command('send lo')
        h.expect('error bad-command ')
        h.command('filter udp port 10')
        h.expect('filter-ok')  # still running after all that
        h.command('filter')
        h.expect('filter-ok')
        rc = h.close()
        check(rc == 0, 'exit %d after EOF' % rc)
        parsed = h.pcap()
        check(parsed is not None, 'pcap header incomplete: %d bytes' % len(h.out))
        check(parsed[0] == DLT_EN10MB and parsed[1] == 262144, 'header %r' % (parsed[:2],))
        check(h.stderr_log[-1].startswith('stats '), 'no final stats line')
    finally:
        h.kill()


def case_stop():
    need_root()
    h = Helper(['capture', '--interface=lo', '--snaplen=128', '--buffer-mb=1'])
    try:
        h.expect('ready ')
        h.command('stop')
        check(h.proc.wait(5) == 0, 'exit %d after stop' % h.proc.returncode)
        h.threads[0].join(5)
        check(h.pcap()[1] == 128, 'snaplen not in the header')
    finally:
        h.kill()


def case_bad_start_filter():
    need_root()
    one_error_line(run(['capture', '--interface=lo', '--filter=udp port']), 'bad-filter', 1)
    one_error_line(run(['capture', '--interface=lo', '--filter=' + 'udp or ' * 700 + 'udp']),
                   'filter-too-long', 1)


def case_check():
    need_root()
    result = run(['check'])
    check(result.returncode == 0, 'check exit %d: %r' % (result.returncode, result.stderr))


def capture_udp(interface, linktypes):
    sink, port = udp_sink()
    h = Helper(['capture', '--interface=' + interface, '--filter=udp port %d' % port])
    try:
        line = h.expect('ready ')
        check(int(line.split()[1]) in linktypes, 'link type %s' % line)
        payload = b'socket-lab-%d' % os.getpid()
        start = time.monotonic()
        send_udp(port, payload)
        linktype, _, records = h.wait_packet(payload)
        print('captured in %.1f ms' % ((time.monotonic() - start) * 1000))
        check(linktype in linktypes, 'link type %d' % linktype)
        record = [r for r in records if payload in r[2]][0]
        check(record[2].endswith(payload), 'payload not at the end of the record')
        check(record[0] == record[1], 'truncated record')
        check(h.close() == 0, 'exit status')
    finally:
        h.kill()
        sink.close()


def case_capture_lo():
    need_root()
    capture_udp('lo', (DLT_EN10MB,))


def case_capture_any():
    need_root()
    capture_udp('any', (DLT_LINUX_SLL2, DLT_LINUX_SLL))


def case_filter_switch():
    need_root()
    sink_a, port_a = udp_sink()
    sink_b, port_b = udp_sink()
    h = Helper(['capture', '--interface=lo', '--filter=udp port %d' % port_a])
    try:
        h.expect('ready ')
        send_udp(port_a, b'first-to-a')
        send_udp(port_b, b'first-to-b')
        h.wait_packet(b'first-to-a')
        h.command('filter udp port %d' % port_b)
        h.expect('filter-ok')
        send_udp(port_a, b'second-to-a')
        send_udp(port_b, b'second-to-b')
        h.wait_packet(b'second-to-b')
        check(h.close() == 0, 'exit status')
        payloads = [r[2] for r in h.pcap()[2]]
        for absent in (b'first-to-b', b'second-to-a'):
            check(not any(p.endswith(absent) for p in payloads), '%r captured' % absent)
    finally:
        h.kill()
        sink_a.close()
        sink_b.close()


# --- raw frames between network namespaces ---------------------------------

RECEIVER = r'''
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x88b5))
s.bind((sys.argv[1], 0))
s.settimeout(5)
print('listening', flush=True)
while True:
    frame = s.recv(65536)
    if frame[12:14] == b'\x88\xb5' and b'hello' in frame:
        print(frame.hex(), flush=True)
        break
'''


def ip(*args):
    subprocess.run(['ip'] + list(args), check=True, timeout=10,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def case_send_veth():
    need_root()
    ns_a = 'sl-helper-a-%d' % os.getpid()
    ns_b = 'sl-helper-b-%d' % os.getpid()
    h = receiver = None
    try:
        ip('netns', 'add', ns_a)
        ip('netns', 'add', ns_b)
        ip('-n', ns_a, 'link', 'set', 'lo', 'up')
        ip('-n', ns_a, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1',
           'netns', ns_b)
        ip('-n', ns_a, 'link', 'set', 'veth0', 'up')
        ip('-n', ns_b, 'link', 'set', 'veth1', 'up')
        # an interface that stays down: a dummy where the kernel has it
        try:
            ip('-n', ns_a, 'link', 'add', 'd0', 'type', 'dummy')
        except subprocess.CalledProcessError:
            ip('-n', ns_a, 'link', 'add', 'd0', 'type', 'veth', 'peer', 'name', 'd0p')

        receiver = subprocess.Popen(['ip', 'netns', 'exec', ns_b, sys.executable, '-c',
                                     RECEIVER, 'veth1'], stdout=subprocess.PIPE)
        check(receiver.stdout.readline() == b'listening\n', 'receiver did not start')

        h = Helper(['capture', '--interface=veth0'], netns=ns_a)
        check(h.expect('ready ') == 'ready %d' % DLT_EN10MB, 'veth0 is not Ethernet')
        header = bytes.fromhex('ffffffffffff' '020000000001' '88b5')
        h.command('send d0 ' + (header + b'down').hex())
        h.expect('error interface-down ')
        h.command('send veth0 ' + (header + bytes(1501)).hex())
        h.expect('error frame-too-large ')
        h.command('send veth1 ' + (header + b'elsewhere').hex())
        h.expect('error no-interface ')
        payload = b'hello from socket-lab-helper'.ljust(46, b'.')
        frame = header + payload
        h.command('send veth0 ' + (header + bytes(1500)).hex())
        h.expect('sent 1514')
        h.command('send veth0 ' + frame.hex())
        h.expect('sent %d' % len(frame))

        out, _ = receiver.communicate(timeout=10)
        check(receiver.returncode == 0, 'receiver failed')
        check(bytes.fromhex(out.decode().strip()) == frame, 'received %r' % out)
        h.wait_packet(payload)  # and the helper saw its own frame leave
        check(h.close() == 0, 'exit status')
    finally:
        for p in (h.proc if h else None, receiver):
            if p and p.poll() is None:
                p.kill()
                p.wait(5)
        for ns in (ns_a, ns_b):
            subprocess.run(['ip', 'netns', 'del', ns], timeout=10,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def case_send_refusals():
    """The refusals the raw frames page explains (issue 6), with the
    interface's own MTU and English details that name the cause: a frame
    one byte over a 1280-byte MTU, an interface that is down (for a send,
    and for capturing on it, which is fatal), and one that does not exist
    (also a name that is too long or has a slash)."""
    need_root()
    ns = 'sl-helper-r-%d' % os.getpid()
    h = None
    try:
        ip('netns', 'add', ns)
        ip('-n', ns, 'link', 'add', 'mtu0', 'mtu', '1280', 'type', 'veth', 'peer', 'name', 'mtu1')
        ip('-n', ns, 'link', 'set', 'mtu0', 'up')
        ip('-n', ns, 'link', 'set', 'mtu1', 'up')
        ip('-n', ns, 'link', 'add', 'down0', 'type', 'veth', 'peer', 'name', 'down1')

        # capturing on an interface that is down: fatal, one clear line
        result = subprocess.run(['ip', 'netns', 'exec', ns, HELPER, 'capture', '--interface=down0'],
                                capture_output=True, timeout=10, stdin=subprocess.DEVNULL)
        one_error_line(result, 'interface-down', 1)

        h = Helper(['capture', '--interface=mtu0', '--filter=less 1'], netns=ns)
        check(h.expect('ready ') == 'ready %d' % DLT_EN10MB, 'mtu0 is not Ethernet')
        header = bytes.fromhex('ffffffffffff' '020000000001' '88b5')
        h.command('send mtu0 ' + (header + bytes(1280)).hex())
        h.expect('sent 1294')
        h.command('send mtu0 ' + (header + bytes(1281)).hex())
        line = h.expect('error frame-too-large ')
        check('1295' in line and 'at most 1294' in line and 'mtu0' in line,
              'the message does not give the size, the limit and the interface: %r' % line)
        h.command('send down0 ' + (header + b'x').hex())
        line = h.expect('error interface-down ')
        check('down0' in line and 'down' in line[len('error interface-down '):],
              'the message does not name the interface: %r' % line)
        for name in ('nosuchif0', 'x' * 16, 'a/b'):
            h.command('send %s %s' % (name, (header + b'x').hex()))
            h.expect('error no-interface ')
        # after all that, still sending
        h.command('send mtu0 ' + (header + b'still here').hex())
        h.expect('sent %d' % (len(header) + 10))
        check(h.close() == 0, 'exit status')
    finally:
        if h:
            h.kill()
        subprocess.run(['ip', 'netns', 'del', ns], timeout=10,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def case_no_permission():
    """Without CAP_NET_RAW (a copy has no file capabilities), as nobody."""
    need_root()
    import shutil
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        helper = os.path.join(tmp, 'socket-lab-helper')
        shutil.copy(HELPER, helper)
        as_nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups',
                     '--inh-caps=-all', helper]
        for args in (['check'], ['capture', '--interface=lo'], ['capture', '--interface=any']):
            result = subprocess.run(as_nobody + args, capture_output=True, timeout=10)
            one_error_line(result, 'permission', 1)
            check(result.stdout == b'', 'wrote to stdout before failing')


def case_drops_root():
    """Started as root, the helper keeps no privilege once capturing."""
    need_root()
    h = Helper(['capture', '--interface=lo'])
    try:
        h.expect('ready ')
        with open('/proc/%d/status' % h.proc.pid) as f:
            status = dict(l.split(':', 1) for l in f.read().splitlines() if ':' in l)
        check(status['Uid'].split() == ['65534'] * 4, 'Uid %s' % status['Uid'])
        check(status['Gid'].split() == ['65534'] * 4, 'Gid %s' % status['Gid'])
        for cap in ('CapInh', 'CapPrm', 'CapEff', 'CapAmb'):
            check(int(status[cap], 16) == 0, '%s %s' % (cap, status[cap]))
        check(status['NoNewPrivs'].strip() == '1', 'NoNewPrivs not set')
        check(h.close() == 0, 'exit status')
    finally:
        h.kill()


CASES = {name[5:].replace('_', '-'): fn for name, fn in globals().items()
         if name.startswith('case_')}


def main():
    global HELPER
    if len(sys.argv) != 3 or sys.argv[2] not in CASES:
        print('usage: test-helper.py HELPER {%s}' % ','.join(CASES), file=sys.stderr)
        return 2
    HELPER = os.path.abspath(sys.argv[1])
    try:
        CASES[sys.argv[2]]()
    except Failure as e:
        print('FAIL: %s' % e)
        return 1
    print('ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
