/* test-frame-build.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* sl-frame: MAC and EtherType parsing (every usual spelling, and clear
 * refusals), frame building, the MTU refusal, the padding note, the
 * payload as the receive list shows it, the helper's error codes in the
 * student's words. Then SlFrameLink against a stand-in helper (a Python
 * script that speaks src/helper/PROTOCOL.md without capturing anything),
 * so that the engine's pcap parsing, send accounting and error mapping run
 * here without root; the real helper is exercised by the privileged
 * suite. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sl-error.h"
#include "sl-frame-link.h"
#include "sl-frame.h"

static void
assert_message_has (const GError *error,
                    const char   *part)
{
  g_assert_nonnull (error);
  if (strstr (error->message, part) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, part);
}

static void
test_mac_spellings (void)
{
  static const char * const good[] = {
    "aa:bb:cc:dd:ee:ff",
    "AA:BB:CC:DD:EE:FF",
    "AA-BB-CC-DD-EE-FF",
    "aa-bb-cc-dd-ee-ff",
    "aabb.ccdd.eeff",
    "AABB.CCDD.EEFF",
    "aabbccddeeff",
    "  aa:bb:cc:dd:ee:ff\n",
  };
  static const guint8 expected[6] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      guint8 mac[6] = { 0 };

      g_assert_true (sl_frame_parse_mac (good[i], mac, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (mac, 6, expected, 6);
    }

  {
    guint8 mac[6];
    g_autofree char *text = NULL;

    g_assert_true (sl_frame_parse_mac ("ff:ff:ff:ff:ff:ff", mac, NULL));
    g_assert_true (sl_frame_mac_is_broadcast (mac));
    g_assert_true (sl_frame_parse_mac ("02-00-00-00-00-0A", mac, NULL));
    g_assert_false (sl_frame_mac_is_broadcast (mac));
    text = sl_frame_format_mac (mac);
    g_assert_cmpstr (text, ==, "02:00:00:00:00:0a");
  }
}

static void
test_mac_refused (void)
{
  static const char * const bad[] = {
    "aa:bb:cc:dd:ee",           /* five bytes */
    "aa:bb:cc:dd:ee:ff:00",     /* seven */
    "aa:bb:cc:dd:ee:fg",        /* not hex */
    "aa:bb-cc:dd:ee:ff",        /* mixed separators */
    "a:bb:cc:dd:ee:ff0",        /* misplaced */
    "aabb:ccdd:eeff",
    "aab.bccd.deeff",
    "aabbccddeef",
    "aabbccddeeff0",
    "aa bb cc dd ee ff",
    "0xaabbccddeeff",
    "broadcast",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      guint8 mac[6] = { 1, 2, 3, 4, 5, 6 };
      static const guint8 untouched[6] = { 1, 2, 3, 4, 5, 6 };

      g_assert_false (sl_frame_parse_mac (bad[i], mac, &error));
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS);
      /* names what was typed and shows the accepted forms */
      assert_message_has (error, bad[i]);
      assert_message_has (error, "aa:bb:cc:dd:ee:ff");
      assert_message_has (error, "aabb.ccdd.eeff");
      g_assert_cmpmem (mac, 6, untouched, 6);
    }

  {
    g_autoptr(GError) error = NULL;
    guint8 mac[6];

    g_assert_false (sl_frame_parse_mac ("   ", mac, &error));
    g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS);
  }
}

static void
test_ethertype (void)
{
  static const struct { const char *text; guint16 value; } good[] = {
    { "0x0800", 0x0800 },
    { "0X0800", 0x0800 },
    { "0800", 0x0800 },
    { "2048", 0x0800 },
    { "IPv4", 0x0800 },
    { "ipv4", 0x0800 },
    { "ARP", 0x0806 },
    { "0x0806", 0x0806 },
    { "IPv6", 0x86DD },
    { "86DD", 0x86DD },
    { "86dd", 0x86DD },
    { "34525", 0x86DD },
    { "VLAN", 0x8100 },
    { "0x8100", 0x8100 },
    { "0x88B5", 0x88B5 },
    { "88b5", 0x88B5 },
    { "0x88B6", 0x88B6 },
    { "0x0600", 0x0600 },
    { "0xffff", 0xFFFF },
    { " 0x88b5 ", 0x88B5 },
    { "0x0800 (IPv4)", 0x0800 },   /* as the drop-down shows it */
  };
  static const char * const bad[] = {
    "", "0x", "0x10000", "65536", "0xg800", "IPX", "08 00", "-1", "0x0800x",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      guint16 value = 0;

      if (!sl_frame_parse_ethertype (good[i].text, &value, &error))
        g_error ("“%s” refused: %s", good[i].text, error->message);
      g_assert_cmphex (value, ==, good[i].value);
    }

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      guint16 value = 0x1234;

      if (sl_frame_parse_ethertype (bad[i], &value, &error))
        g_error ("“%s” accepted as 0x%04x", bad[i], value);
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_OPTION);
      g_assert_cmphex (value, ==, 0x1234);
      assert_message_has (error, "0x0800");
    }

  /* Below 0x0600 the field is a length: refused, saying so */
  {
    g_autoptr(GError) error = NULL;
    guint16 value;

    g_assert_false (sl_frame_parse_ethertype ("800", &value, &error));
    assert_message_has (error, "0x0320");
    assert_message_has (error, "802.3");
  }

  {
    g_autofree char *a = sl_frame_format_ethertype (0x0800, TRUE);
    g_autofree char *b = sl_frame_format_ethertype (0x88B5, FALSE);
    g_autofree char *c = sl_frame_format_ethertype (0x1234, TRUE);

    g_assert_cmpstr (a, ==, "0x0800 (IPv4)");
    g_assert_cmpstr (b, ==, "0x88B5");
    g_assert_cmpstr (c, ==, "0x1234");
    g_assert_cmpstr (sl_frame_ethertype_name (0x0806), ==, "ARP");
    g_assert_cmpstr (sl_frame_ethertype_name (0x86DD), ==, "IPv6");
    g_assert_nonnull (sl_frame_ethertype_name (0x88B5));
    g_assert_nonnull (sl_frame_ethertype_name (0x8100));
    g_assert_null (sl_frame_ethertype_name (0x1234));
  }
}

static void
test_build (void)
{
  static const guint8 dst[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
  static const guint8 src[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
  g_autoptr(GBytes) payload = g_bytes_new_static ("héllo", strlen ("héllo"));
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) header_only = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize len;

  frame = sl_frame_build (dst, src, 0x0800, payload, 1500, "eth0", &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (frame, &len);
  g_assert_cmpuint (len, ==, 14 + strlen ("héllo"));
  g_assert_cmpmem (data, 6, dst, 6);
  g_assert_cmpmem (data + 6, 6, src, 6);
  g_assert_cmphex (data[12], ==, 0x08);
  g_assert_cmphex (data[13], ==, 0x00);
  g_assert_cmpmem (data + 14, len - 14, "héllo", strlen ("héllo"));

  header_only = sl_frame_build (dst, src, 0x88B5, empty, 1500, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (header_only), ==, 14);
}

static void
test_mtu (void)
{
  static const guint8 mac[6] = { 2, 0, 0, 0, 0, 1 };
  g_autofree guint8 *big = g_malloc0 (5000);
  guint8 *zeros = big;

  /* Exactly the MTU: accepted */
  {
    g_autoptr(GBytes) payload = g_bytes_new (zeros, 1500);
    g_autoptr(GBytes) frame = NULL;
    g_autoptr(GError) error = NULL;

    frame = sl_frame_build (mac, mac, 0x88B5, payload, 1500, "eth0", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (frame), ==, 1514);
  }

  /* One more: refused with the reason, the limit, the interface and what to do */
  {
    g_autoptr(GBytes) payload = g_bytes_new (zeros, 1501);
    g_autoptr(GError) error = NULL;

    g_assert_null (sl_frame_build (mac, mac, 0x88B5, payload, 1500, "eth0", &error));
    g_assert_error (error, SL_ERROR, SL_ERROR_TOO_LARGE);
    assert_message_has (error, "1,501");
    assert_message_has (error, "1,500");
    assert_message_has (error, "eth0");
    assert_message_has (error, "MTU");
    assert_message_has (error, "1 bytes shorter");
  }

  /* A smaller MTU is the interface's own */
  {
    g_autoptr(GBytes) payload = g_bytes_new (zeros, 1100);
    g_autoptr(GError) error = NULL;

    g_assert_null (sl_frame_build (mac, mac, 0x88B5, payload, 1000, NULL, &error));
    g_assert_error (error, SL_ERROR, SL_ERROR_TOO_LARGE);
    assert_message_has (error, "1,000");
    assert_message_has (error, "100 bytes shorter");
  }

  /* lo's 65536: capped by what one helper command carries */
  {
    g_autoptr(GBytes) ok = g_bytes_new (zeros, SL_FRAME_MAX_PAYLOAD);
    g_autoptr(GBytes) payload = g_bytes_new (zeros, SL_FRAME_MAX_PAYLOAD + 1);
    g_autoptr(GBytes) frame = NULL;
    g_autoptr(GError) error = NULL;

    frame = sl_frame_build (mac, mac, 0x88B5, ok, 65536, "lo", &error);
    g_assert_no_error (error);
    /* "send lo " + hex + newline fits the helper's 8192-byte lines */
    g_assert_cmpuint (strlen ("send 123456789012345 ") + 2 * g_bytes_get_size (frame) + 1, <=, 8192);
    g_assert_null (sl_frame_build (mac, mac, 0x88B5, payload, 65536, "lo", &error));
    g_assert_error (error, SL_ERROR, SL_ERROR_TOO_LARGE);
    assert_message_has (error, "4,000");
  }
}

static void
test_padding (void)
{
  g_autofree char *note = NULL;
  g_autofree char *one = NULL;

  g_assert_cmpuint (sl_frame_get_padding (14), ==, 46);
  g_assert_cmpuint (sl_frame_get_padding (19), ==, 41);
  g_assert_cmpuint (sl_frame_get_padding (59), ==, 1);
  g_assert_cmpuint (sl_frame_get_padding (60), ==, 0);
  g_assert_cmpuint (sl_frame_get_padding (1514), ==, 0);

  note = sl_frame_dup_padding_note (19);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "padded to 60 bytes by the network card"));
  g_assert_nonnull (strstr (note, "19 bytes"));
  g_assert_nonnull (strstr (note, "41 zero bytes"));
  one = sl_frame_dup_padding_note (59);
  g_assert_nonnull (strstr (one, "1 zero byte "));
  g_assert_null (sl_frame_dup_padding_note (60));
  g_assert_null (sl_frame_dup_padding_note (200));
}

static void
test_payload_text (void)
{
  static const guint8 padded[] = { 'h', 'i', 0, 0, 0 };
  static const guint8 binary[] = { 0xde, 0xad, 0xbe, 0xef };
  static const guint8 zeros[] = { 0, 0 };
  const char *utf8 = "こんにちは\n";
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
  gboolean is_text;
  gsize padding;

  a = sl_frame_format_payload ((const guint8 *) utf8, strlen (utf8), &is_text, &padding);
  g_assert_true (is_text);
  g_assert_cmpuint (padding, ==, 0);
  g_assert_cmpstr (a, ==, "こんにちは\\n");

  b = sl_frame_format_payload (padded, sizeof padded, &is_text, &padding);
  g_assert_true (is_text);
  g_assert_cmpuint (padding, ==, 3);
  g_assert_cmpstr (b, ==, "hi");

  c = sl_frame_format_payload (binary, sizeof binary, &is_text, &padding);
  g_assert_false (is_text);
  g_assert_cmpstr (c, ==, "de ad be ef");

  d = sl_frame_format_payload (zeros, sizeof zeros, &is_text, &padding);
  g_assert_false (is_text);
  g_assert_cmpstr (d, ==, "00 00");

  {
    static const guint8 frame[] = {
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 0x0b, 0x88, 0xb5, 'o', 'k',
    };
    g_autoptr(SlReceivedFrame) received = sl_received_frame_new (1700000000250000, frame, sizeof frame);
    g_autofree char *time = sl_received_frame_format_time (received);

    g_assert_cmpstr (sl_received_frame_get_destination (received), ==, "ff:ff:ff:ff:ff:ff");
    g_assert_cmpstr (sl_received_frame_get_source (received), ==, "02:00:00:00:00:0b");
    g_assert_cmphex (sl_received_frame_get_ethertype (received), ==, 0x88B5);
    g_assert_cmpstr (sl_received_frame_get_payload_text (received), ==, "ok");
    g_assert_true (sl_received_frame_get_payload_is_text (received));
    g_assert_cmpuint (g_bytes_get_size (sl_received_frame_get_payload (received)), ==, 2);
    g_assert_true (g_str_has_suffix (time, ".250"));
  }
}

static void
test_helper_errors (void)
{
  struct { const char *code; const char *detail; int domain_code; const char *part; } cases[] = {
    { "interface-down", "veth0 is down", SL_ERROR_NETWORK_UNREACHABLE, "ip link set veth0 up" },
    { "no-interface", "no such interface", SL_ERROR_INVALID_ADDRESS, "veth0" },
    { "frame-too-large", "1600 bytes, at most 1514 on veth0", SL_ERROR_TOO_LARGE, "1,500 bytes of payload" },
    { "frame-too-large", "Message too long", SL_ERROR_TOO_LARGE, "MTU" },
    { "permission", "no AF_PACKET socket", SL_ERROR_PERMISSION, "setcap cap_net_raw,cap_net_admin=ep" },
    { "bad-frame", "x", SL_ERROR_INVALID_HEX, "14 bytes" },
    { "bad-filter", "x", SL_ERROR_FAILED, "All EtherTypes" },
    { "capture-failed", "x", SL_ERROR_FAILED, "teacher" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = sl_frame_error_for_helper (cases[i].code, cases[i].detail, "veth0");

      g_assert_error (error, SL_ERROR, cases[i].domain_code);
      assert_message_has (error, cases[i].part);
    }
}

/* SlFrameLink against a stand-in helper ------------------------------------ */

/* Speaks the protocol: a pcap header, "ready 1", one 0x88B5 frame and one
 * 0x0800 frame (the engine keeps only the EtherType it receives); each
 * `send IF HEX` is answered like the real helper (down0 is down, over
 * MTU+14 is too large) and a sent frame is captured back, as AF_PACKET
 * sees its own frames leave. */
static const char fake_helper[] =
  "import struct, sys, time\n"
  "args = dict(a.split('=', 1) for a in sys.argv[2:] if '=' in a)\n"
  "out = sys.stdout.buffer\n"
  "def record(frame):\n"
  "    now = time.time()\n"
  "    out.write(struct.pack('=IIII', int(now), int(now % 1 * 1e6), len(frame), len(frame)) + frame)\n"
  "    out.flush()\n"
  "if args.get('--interface') == 'nosuchif0':\n"
  "    print('error no-interface no such interface', file=sys.stderr, flush=True)\n"
  "    sys.exit(1)\n"
  "out.write(struct.pack('=IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))\n"
  "print('ready 1', file=sys.stderr, flush=True)\n"
  "hdr = bytes.fromhex('ffffffffffff' '02000000000b')\n"
  "record(hdr + bytes.fromhex('0800') + b'not this one')\n"
  "record(hdr + bytes.fromhex('88b5') + b'hello from the wire')\n"
  "for line in sys.stdin:\n"
  "    words = line.split()\n"
  "    if words == ['stop']:\n"
  "        break\n"
  "    if words and words[0] == 'filter':\n"
  "        print('filter-ok', file=sys.stderr, flush=True)\n"
  "        continue\n"
  "    if len(words) != 3 or words[0] != 'send':\n"
  "        print('error bad-command x', file=sys.stderr, flush=True)\n"
  "        continue\n"
  "    frame = bytes.fromhex(words[2])\n"
  "    if words[1] == 'down0':\n"
  "        print('error interface-down down0 is down', file=sys.stderr, flush=True)\n"
  "    elif len(frame) > 1014:\n"
  "        print('error frame-too-large %d bytes, at most 1014 on %s' % (len(frame), words[1]), file=sys.stderr, flush=True)\n"
  "    else:\n"
  "        print('sent %d' % len(frame), file=sys.stderr, flush=True)\n"
  "        record(frame)\n"
  "print('stats 0 0 0', file=sys.stderr, flush=True)\n";

typedef struct
{
  char *dir;
  SlFrameLink *link;
} LinkFixture;

static void
link_setup (LinkFixture   *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *helper = NULL;
  g_autofree char *text = NULL;

  fixture->dir = g_dir_make_tmp ("sl-frame-XXXXXX", &error);
  g_assert_no_error (error);
  script = g_build_filename (fixture->dir, "fake-helper.py", NULL);
  helper = g_build_filename (fixture->dir, "socket-lab-helper", NULL);
  g_file_set_contents (script, fake_helper, -1, &error);
  g_assert_no_error (error);
  text = g_strdup_printf ("#!/bin/sh\nexec /usr/bin/python3 '%s' \"$@\"\n", script);
  g_file_set_contents (helper, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (helper, 0755), ==, 0);
  g_setenv ("SOCKET_LAB_HELPER", helper, TRUE);

  fixture->link = sl_frame_link_new ();
}

static void
link_teardown (LinkFixture   *fixture,
               gconstpointer  data)
{
  g_autofree char *script = g_build_filename (fixture->dir, "fake-helper.py", NULL);
  g_autofree char *helper = g_build_filename (fixture->dir, "socket-lab-helper", NULL);

  g_clear_object (&fixture->link);
  /* let the helpers' stop and exit be handled */
  for (guint i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  g_unlink (script);
  g_unlink (helper);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_unsetenv ("SOCKET_LAB_HELPER");
}

static gboolean
on_timeout (gpointer data)
{
  g_error ("timed out waiting for %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

/* Iterates until @done or 10 s */
#define WAIT_FOR(what, condition) \
  G_STMT_START { \
    guint _id = g_timeout_add_seconds (10, on_timeout, (gpointer) what); \
    while (!(condition)) \
      g_main_context_iteration (NULL, TRUE); \
    g_source_remove (_id); \
  } G_STMT_END

static void
test_link_receive_and_send (LinkFixture   *fixture,
                            gconstpointer  data)
{
  SlFrameLink *link = fixture->link;
  GListModel *frames = sl_frame_link_get_frames (link);
  g_autoptr(SlReceivedFrame) first = NULL;
  g_autoptr(GPtrArray) to_send = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) payload = g_bytes_new_static ("hi there", 8);
  g_autoptr(GError) error = NULL;
  static const guint8 dst[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
  static const guint8 src[6] = { 0x02, 0, 0, 0, 0, 0x0a };

  sl_frame_link_start_receive (link, "veth9", 0x88B5);
  g_assert_true (sl_frame_link_get_receiving (link));
  g_assert_cmpstr (sl_frame_link_get_receive_interface (link), ==, "veth9");

  WAIT_FOR ("the first frame", g_list_model_get_n_items (frames) >= 1);
  first = g_list_model_get_item (frames, 0);
  /* the 0x0800 frame was left out */
  g_assert_cmphex (sl_received_frame_get_ethertype (first), ==, 0x88B5);
  g_assert_cmpstr (sl_received_frame_get_source (first), ==, "02:00:00:00:00:0b");
  g_assert_cmpstr (sl_received_frame_get_payload_text (first), ==, "hello from the wire");

  g_ptr_array_add (to_send, sl_frame_build (dst, src, 0x88B5, payload, 1500, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sl_frame_link_send (link, "veth9", to_send, 3, 0, &error));
  g_assert_no_error (error);
  g_assert_true (sl_frame_link_get_sending (link));
  WAIT_FOR ("three frames sent", sl_frame_link_get_n_sent (link) == 3 && !sl_frame_link_get_sending (link));
  WAIT_FOR ("the sent frames captured back", g_list_model_get_n_items (frames) == 4);
  {
    g_autoptr(SlReceivedFrame) last = g_list_model_get_item (frames, 3);

    g_assert_cmpstr (sl_received_frame_get_source (last), ==, "02:00:00:00:00:0a");
    g_assert_cmpstr (sl_received_frame_get_payload_text (last), ==, "hi there");
  }
  g_assert_null (sl_frame_link_get_error (link));

  /* With an interval: the rounds come one by one */
  g_assert_true (sl_frame_link_send (link, "veth9", to_send, 2, 50, &error));
  WAIT_FOR ("two more frames", sl_frame_link_get_n_sent (link) == 5 && !sl_frame_link_get_sending (link));

  sl_frame_link_stop_receive (link);
  g_assert_false (sl_frame_link_get_receiving (link));

  sl_frame_link_clear_frames (link);
  g_assert_cmpuint (g_list_model_get_n_items (frames), ==, 0);

  /* Too many at once */
  g_assert_false (sl_frame_link_send (link, "veth9", to_send, SL_FRAME_LINK_MAX_SEND + 1, 0, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_TOO_LARGE);
}

static void
test_link_errors (LinkFixture   *fixture,
                  gconstpointer  data)
{
  SlFrameLink *link = fixture->link;
  g_autoptr(GPtrArray) small = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) large = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) payload = g_bytes_new_static ("x", 1);
  g_autofree guint8 *zeros = g_malloc0 (1001);
  g_autoptr(GBytes) big = g_bytes_new (zeros, 1001);
  static const guint8 mac[6] = { 0x02, 0, 0, 0, 0, 0x0a };
  const GError *error;

  g_ptr_array_add (small, sl_frame_build (mac, mac, 0x88B5, payload, 1500, NULL, NULL));
  g_ptr_array_add (large, sl_frame_build (mac, mac, 0x88B5, big, 1500, NULL, NULL));

  /* An interface that is down: the helper says so, the link explains */
  g_assert_true (sl_frame_link_send (link, "down0", small, 5, 0, NULL));
  WAIT_FOR ("the interface-down error", sl_frame_link_get_error (link) != NULL);
  error = sl_frame_link_get_error (link);
  g_assert_error ((GError *) error, SL_ERROR, SL_ERROR_NETWORK_UNREACHABLE);
  assert_message_has (error, "ip link set down0 up");
  WAIT_FOR ("the send to end", !sl_frame_link_get_sending (link));
  g_assert_cmpuint (sl_frame_link_get_n_sent (link), ==, 0);

  /* Larger than the (stand-in's) MTU of 1000 */
  g_assert_true (sl_frame_link_send (link, "veth9", large, 1, 0, NULL));
  g_assert_null (sl_frame_link_get_error (link));   /* a new send clears the old error */
  WAIT_FOR ("the frame-too-large error", sl_frame_link_get_error (link) != NULL);
  error = sl_frame_link_get_error (link);
  g_assert_error ((GError *) error, SL_ERROR, SL_ERROR_TOO_LARGE);
  assert_message_has (error, "1,000 bytes of payload");
  assert_message_has (error, "veth9");

  /* No such interface: the helper exits at start; receiving stops */
  sl_frame_link_start_receive (link, "nosuchif0", -1);
  WAIT_FOR ("the receive to stop", !sl_frame_link_get_receiving (link));
  error = sl_frame_link_get_error (link);
  g_assert_error ((GError *) error, SL_ERROR, SL_ERROR_INVALID_ADDRESS);
  assert_message_has (error, "nosuchif0");
}

static void
test_link_no_helper (void)
{
  g_autoptr(SlFrameLink) link = NULL;
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) payload = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;
  static const guint8 mac[6] = { 0x02, 0, 0, 0, 0, 0x0a };

  g_setenv ("SOCKET_LAB_HELPER", "/nonexistent/socket-lab-helper", TRUE);
  link = sl_frame_link_new ();
  g_ptr_array_add (frames, sl_frame_build (mac, mac, 0x88B5, payload, 1500, NULL, NULL));
  g_assert_false (sl_frame_link_send (link, "lo", frames, 1, 0, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_FAILED);
  assert_message_has (error, "/nonexistent/socket-lab-helper");
  g_assert_false (sl_frame_link_get_sending (link));

  sl_frame_link_start_receive (link, "lo", -1);
  g_assert_false (sl_frame_link_get_receiving (link));
  g_assert_nonnull (sl_frame_link_get_error (link));
  g_unsetenv ("SOCKET_LAB_HELPER");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frame/mac/spellings", test_mac_spellings);
  g_test_add_func ("/frame/mac/refused", test_mac_refused);
  g_test_add_func ("/frame/ethertype", test_ethertype);
  g_test_add_func ("/frame/build", test_build);
  g_test_add_func ("/frame/mtu", test_mtu);
  g_test_add_func ("/frame/padding", test_padding);
  g_test_add_func ("/frame/payload-text", test_payload_text);
  g_test_add_func ("/frame/helper-errors", test_helper_errors);
  g_test_add ("/frame/link/receive-and-send", LinkFixture, NULL,
              link_setup, test_link_receive_and_send, link_teardown);
  g_test_add ("/frame/link/errors", LinkFixture, NULL,
              link_setup, test_link_errors, link_teardown);
  g_test_add_func ("/frame/link/no-helper", test_link_no_helper);

  return g_test_run ();
}
