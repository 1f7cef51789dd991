#!/usr/bin/python3
# gen-struct-vectors.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Prints tests/unit/struct-vectors.h: what CPython's struct module does with
# formats and values, so that test-payload checks sl-struct.c against the
# real thing. The header is checked in (the build does not need Python);
# the unit test 'struct-vectors-fresh' regenerates it and diffs.
#
#   /usr/bin/python3 tests/unit/gen-struct-vectors.py > tests/unit/struct-vectors.h
#   /usr/bin/python3 tests/unit/gen-struct-vectors.py --check tests/unit/struct-vectors.h

import random
import struct
import sys

NAN = float('nan')
INF = float('inf')


def host_signature():
    # The layout facts that native ('@') vectors depend on; test-payload
    # computes the same string in C and skips native vectors on a mismatch.
    c = struct.calcsize
    sizes = ' '.join('%s%d' % (ch, c(ch)) for ch in 'hilqnPfd')
    aligns = ','.join('%d' % (c('c' + ch) - c(ch)) for ch in '?hilqnPfd')
    return f"{sys.byteorder} bool{c('?')} {sizes} align{aligns}"


def c_str(s):
    if isinstance(s, str):
        s = s.encode('utf-8')
    out = '"'
    for b in s:
        ch = chr(b)
        if ch in '"\\':
            out += '\\' + ch
        elif 0x20 <= b < 0x7f and ch != '?':   # '?' avoids trigraphs
            out += ch
        else:
            out += '\\%03o' % b
    return out + '"'


def as_text(v):
    """The string a student types for the Python value v."""
    if isinstance(v, Typed):
        return v.text
    if isinstance(v, bool):
        return 'True' if v else 'False'
    if isinstance(v, (int, float, bytes)):
        return repr(v)
    raise TypeError(v)


class Typed:
    """A value with the exact text the student types for it."""
    def __init__(self, value, text):
        self.value = value
        self.text = text


def py_value(v):
    return v.value if isinstance(v, Typed) else v


pack_vectors = []     # (format, [texts], hex, repr or None)
unpack_vectors = []   # (format, hex, repr)
error_vectors = []    # (format, [texts] or None, 'FORMAT' | 'VALUE')
seen = set()


def native(fmt):
    return fmt[:1] not in ('<', '>', '!', '=')


def add(fmt, *values):
    key = (fmt, tuple(as_text(v) for v in values))
    if key in seen:
        return
    seen.add(key)
    try:
        s = struct.Struct(fmt)
    except Exception:
        error_vectors.append((fmt, None, 'FORMAT'))
        return
    try:
        data = s.pack(*[py_value(v) for v in values])
    except Exception:
        error_vectors.append((fmt, [as_text(v) for v in values], 'VALUE'))
        return
    try:
        r = repr(s.unpack(data))
    except SystemError:
        r = None   # CPython's own bug for '0p'; sl-struct unpacks b''
    pack_vectors.append((fmt, [as_text(v) for v in values], data.hex(), r))


def add_unpack(fmt, data):
    unpack_vectors.append((fmt, data.hex(), repr(struct.unpack(fmt, data))))


ORDERS = ['', '@', '=', '<', '>', '!']

INT_SAMPLES = {
    'b': [0, 1, -1, 127, -128, 128, -129, 0x2a],
    'B': [0, 1, 255, 256, -1, 0x80],
    'h': [0, -1, 32767, -32768, 32768, -32769, 0x1234],
    'H': [0, 65535, 65536, -1, 0xbeef],
    'i': [0, -1, 2**31 - 1, -2**31, 2**31, -2**31 - 1, 0x12345678],
    'I': [0, 2**32 - 1, 2**32, -1, 0xdeadbeef],
    'l': [0, -1, 2**31 - 1, -2**31, 2**31, -2**31 - 1, 2**63 - 1, -2**63, 2**63],
    'L': [0, 2**32 - 1, 2**32, -1, 2**64 - 1, 2**64],
    'q': [0, -1, 2**63 - 1, -2**63, 2**63, -2**63 - 1, 0x0102030405060708],
    'Q': [0, 2**64 - 1, 2**64, -1, 2**70, 0x0102030405060708],
    'n': [0, -1, 2**63 - 1, -2**63, 2**63, -2**63 - 1],
    'N': [0, 2**64 - 1, 2**64, -1],
    'P': [0, 1, -1, 2**64 - 1, 2**64, -2**63, -2**63 - 1, 0x7f0012345678],
}

FLOAT_SAMPLES = [0.0, -0.0, 1.0, -1.0, 0.1, 3.14, 1 / 3, 65504.0, 65519.99, 65520.0,
                 6e-08, 5.960464477539063e-08, 2.9e-08, 3e-08, 1e-08, 6.1e-05,
                 1e10, 1e38, 3.4028235e38, 3.4028236e38, 3.5e38, 1e39, 1e300, 1e-45,
                 1e-46, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                 INF, -INF, NAN, 2.0**-14, 2.0**-24, 2.0**-25, 0.5, 1.5, 2.5, 1e16,
                 1e15, 1e-4, 1e-5, 123456789.123, 1e22, 1e23, 9007199254740993,
                 True, False, 42, -7, 2**1023 * 2]

BOOL_SAMPLES = [True, False, 0, 1, 2, -1, 0.0, 0.5, NAN, b'', b'x', Typed(None, 'None')]

BYTES_SAMPLES = [b'', b'a', b'hello', b'hello world', b'\x00\xff', b"it's", b'say "hi"',
                 b'both \' and "', b'back\\slash', b'\t\n\r', bytes(range(0, 40)),
                 Typed(b'hello', 'hello'), Typed(b'hi there', "'hi there'"),
                 Typed(b'x\ny', 'x\\ny'), Typed(b'\x01\x02', 'b"\\x01\\x02"'),
                 Typed(b'A', '\\101'), Typed(b'42', '42'),
                 Typed('日本語'.encode(), '日本語'), Typed('한국어'.encode(), "b'한국어'")]


def gen_single():
    for order in ORDERS:
        for code, samples in INT_SAMPLES.items():
            for v in samples:
                add(order + code, v)
            add(order + code, 3.0)        # not an integer
            add(order + code, b'1')
            add(order + code, True)
        for code in 'efd':
            for v in FLOAT_SAMPLES:
                add(order + code, v)
            add(order + code, Typed(-NAN, '-nan'))
            add(order + code, Typed(INF, 'Infinity'))
            add(order + code, Typed(10**400, '1' + '0' * 400))
            add(order + code, b'1.0')
        for v in BOOL_SAMPLES:
            add(order + '?', v)
        for v in BYTES_SAMPLES:
            if len(py_value(v)) == 1:
                add(order + 'c', v)
        add(order + 'c', b'')
        add(order + 'c', b'ab')
        add(order + 'c', 65)
        # s and p do not depend on the byte order: two orders suffice.
        if order in ('', '>'):
            for count in ['', '0', '1', '2', '5', '11']:
                for v in BYTES_SAMPLES:
                    add(order + count + 's', v)
                    add(order + count + 'p', v)
        if order == '':
            for n in [254, 255, 256, 257, 300]:
                add(order + '%dp' % n, b'x' * 300)
                add(order + '%dp' % n, b'y' * (n - 1))
        add(order + 'x')
        add(order + '3x')
        add(order + '0x')
        add(order)


def gen_layout():
    # Alignment, counts and whitespace, with every order.
    values = {'x': None, 'c': b'C', 'b': -2, 'B': 200, '?': True, 'h': -300,
              'H': 60000, 'i': -70000, 'I': 4000000000, 'l': -5, 'L': 7,
              'q': -2**40, 'Q': 2**63 + 5, 'n': -9, 'N': 9, 'e': 1.5, 'f': 2.5,
              'd': 0.1, 's': b'ab', 'p': b'pq', 'P': 0x1234}
    layouts = ['bi', 'ci', 'hq', 'bhilqnNP', 'b0i', 'bi0l', 'i0q', '?d', 'ce', 'bP',
               '3sd', '2b3h', 'b i', ' i ', '  2h  q ', 'xbxhxixq', 'cxd', 'e?f',
               '5p3s', 'sps', 'lLqQ', 'BeHfId', 'b\ti\nh', 'bnN', '0sq', 'c0pi',
               '11sIf', '2d', 'bbbbi', 'hhhq', '3c', '4?', '2e2f2d']
    for order in ORDERS:
        for lay in layouts:
            fmt = order + lay
            vals = []
            i = 0
            while i < len(lay):
                ch = lay[i]
                if ch.isspace():
                    i += 1
                    continue
                num = ''
                while lay[i].isdigit():
                    num += lay[i]
                    i += 1
                ch = lay[i]
                i += 1
                count = int(num) if num else 1
                if ch in 'sp':
                    vals.append(values[ch])
                elif ch != 'x':
                    vals.extend([values[ch]] * count)
            add(fmt, *vals)
    # Wrong number of values
    add('ii', 1)
    add('ii', 1, 2, 3)
    add('3s', b'a', b'b')
    add('x', 1)
    # Bad formats
    for fmt in ['3', '<3', 'i<', '<P', '>n', '=N', '!P', 'z', '3 i', 'i 3', 'é', 'ii@',
                '<<i', 'k', '2 s', '=q!', 'I*', '#']:
        add(fmt)


def gen_values():
    # The ways students write integers.
    for text, v in [('0x2a', 42), ('0X2A', 42), ('-0x2a', -42), ('+5', 5), ('0b101', 5),
                    ('0o17', 15), ('1_000', 1000), ('007', 7), (' 42 ', 42)]:
        add('<i', Typed(v, text))
    # Integers of 64 bits and more become floats exactly as float(int) does.
    for text in ['0x10000000000000001', '0x1fffffffffffff80', '0x20000000000000100',
                 '-0o7777777777777777777777', '0b' + '1' * 70, '1' + '0' * 30,
                 '0x' + 'f' * 256, '0x' + 'f' * 200, '9' * 309]:
        for code in '<d', '<f', '<e':
            add(code, Typed(int(text, 0), text))
    for text in ['4 2', '42x', '0x', '1__0', '_1', '1_', 'abc', "'42'", 'b"42"', '']:
        error_vectors.append(('<i', [text], 'VALUE'))
    for text in ['x', '1.2.3', '1e', 'e5', '--1', 'True1']:
        error_vectors.append(('<d', [text], 'VALUE'))
    for text in ['maybe', 'yes']:
        error_vectors.append(('?', [text], 'VALUE'))
    for text in ['\\q', 'ab\\x4', '\\x', 'b"\\xzz"', '\\400']:
        error_vectors.append(('5s', [text], 'VALUE'))


def gen_random(rng):
    # Floats: repr is the hard part, so many of them, packed from repr.
    for _ in range(250):
        x = struct.unpack('<d', rng.getrandbits(64).to_bytes(8, 'little'))[0]
        if x != x:
            continue
        add('<d', x)
    for k in range(-1074, 1024, 9):
        add('<d', 2.0 ** k)
    for k in range(-325, 309, 6):
        add('<d', float('1e%d' % k))
    for _ in range(100):
        add('<d', rng.uniform(-1000, 1000))
        add('>f', rng.uniform(-1e6, 1e6))
        add('<f', rng.uniform(-1, 1) * 2.0 ** rng.randint(-160, 130))
        add('<e', rng.uniform(-70000, 70000))
        add('<e', rng.uniform(-1, 1) * 2.0 ** rng.randint(-26, 0))
    for _ in range(200):
        data = rng.getrandbits(32).to_bytes(4, 'little')
        add_unpack('<f', data)
        data = rng.getrandbits(16).to_bytes(2, 'little')
        add_unpack('>e', data)
    for h in [0x0000, 0x8000, 0x0001, 0x03ff, 0x0400, 0x3c00, 0x7bff, 0x7c00, 0xfc00,
              0x7c01, 0x7e00, 0xfe00, 0x7fff, 0x3555, 0xc000]:
        add_unpack('<e', h.to_bytes(2, 'little'))
    for f in [0x7fc00000, 0xffc00000, 0x7f800001, 0x00000001, 0x80000000, 0x7f7fffff,
              0x00800000, 0x3eaaaaab]:
        add_unpack('<f', f.to_bytes(4, 'little'))
    # Raw bytes: bools other than 0 and 1, p length bytes that lie, bytes repr.
    for b in [0, 1, 2, 255]:
        add_unpack('<?', bytes([b]))
        add_unpack('?', bytes([b]))
    for first in [0, 1, 4, 5, 9, 255]:
        add_unpack('5p', bytes([first]) + b'abcd')
        add_unpack('1p', bytes([first]))
    for data in [b"'", b'"', b'\'"', b'\\', bytes(range(256))[:128], bytes(range(128, 256)),
                 b'\x7f\x80', b'a\'b"c']:
        add_unpack('%ds' % len(data), data)
    for fmt in ['<q', '>Q', '<ihb', '>HhBb', '@P', '@n', '@N', '=l', '!L', '<3s2xI', '@ci',
                '@bq', '>?3c']:
        for _ in range(6):
            data = bytes(rng.getrandbits(8) for _ in range(struct.calcsize(fmt)))
            add_unpack(fmt, data)


def emit(out):
    w = out.write
    w('/* struct-vectors.h\n *\n * Copyright 2026 The Socket Lab authors\n *\n'
      ' * SPDX-License-Identifier: GPL-3.0-or-later\n *\n'
      ' * Generated by gen-struct-vectors.py from CPython; do not edit.\n */\n\n')
    w('#pragma once\n\n#include <glib.h>\n\n')
    w('#define STRUCT_VECTORS_HOST %s\n\n' % c_str(host_signature()))
    w('typedef struct\n{\n  const char *format;\n  gboolean    native;\n'
      '  const char * const *values;\n  const char *hex;\n'
      '  const char *repr;   /* NULL: Python fails to unpack */\n} StructPackVector;\n\n')
    w('typedef struct\n{\n  const char *format;\n  gboolean    native;\n'
      '  const char *hex;\n  const char *repr;\n} StructUnpackVector;\n\n')
    w('typedef struct\n{\n  const char *format;\n  gboolean    native;\n'
      '  const char * const *values;   /* NULL: the format itself is wrong */\n'
      '  int         code;\n} StructErrorVector;\n\n')

    def values_c(vals):
        return '(const char * const []) { %s }' % ', '.join(
            [c_str(v) for v in vals] + ['NULL'])

    w('static const StructPackVector struct_pack_vectors[] = {\n')
    for fmt, vals, hx, r in pack_vectors:
        w('  { %s, %s, %s, %s, %s },\n' % (c_str(fmt), 'TRUE' if native(fmt) else 'FALSE',
                                          values_c(vals), c_str(hx),
                                          c_str(r) if r is not None else 'NULL'))
    w('};\n\n')
    w('static const StructUnpackVector struct_unpack_vectors[] = {\n')
    for fmt, hx, r in unpack_vectors:
        w('  { %s, %s, %s, %s },\n' % (c_str(fmt), 'TRUE' if native(fmt) else 'FALSE',
                                      c_str(hx), c_str(r)))
    w('};\n\n')
    w('static const StructErrorVector struct_error_vectors[] = {\n')
    for fmt, vals, kind in error_vectors:
        w('  { %s, %s, %s, SL_ERROR_INVALID_STRUCT_%s },\n' % (
            c_str(fmt), 'TRUE' if native(fmt) else 'FALSE',
            values_c(vals) if vals is not None else 'NULL', kind))
    w('};\n')


def main():
    rng = random.Random(20260101)
    gen_single()
    gen_layout()
    gen_values()
    gen_random(rng)

    if len(sys.argv) == 3 and sys.argv[1] == '--check':
        import io
        buf = io.StringIO()
        emit(buf)
        with open(sys.argv[2], encoding='utf-8') as f:
            old = f.read()
        if ('#define STRUCT_VECTORS_HOST %s\n' % c_str(host_signature())) not in old:
            print('# SKIP the checked-in vectors come from another kind of host')
            return 77
        if old != buf.getvalue():
            import difflib
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(True), buf.getvalue().splitlines(True),
                sys.argv[2], 'regenerated', n=1))
            print('struct-vectors.h is stale: regenerate it with gen-struct-vectors.py')
            return 1
        print('struct-vectors.h matches Python %s' % sys.version.split()[0])
        return 0

    emit(sys.stdout)
    return 0


if __name__ == '__main__':
    sys.exit(main())
