/* test-call-link.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "test-call-link"

#include <glib/gstdio.h>
#include <string.h>

#include "sl-call-link.h"

#include "sl-test-playback.h"

/* ---- the matcher on synthetic segments ----------------------------------- */

#define C TRUE   /* from the client */
#define S FALSE

/* tcp-hello: SYN, SYN/ACK, ACK, PSH/ACK "hello", ACK, PSH/ACK "hello",
 * ACK, FIN/ACK, FIN/ACK, ACK; µs after @t */
static GArray *
hello_segments (gint64 t)
{
  static const struct { gboolean c; guint16 flags; guint32 seq, len; } s[] = {
    { C, SL_TCP_SYN, 0, 0 },
    { S, SL_TCP_SYN | SL_TCP_ACK, 0, 0 },
    { C, SL_TCP_ACK, 1, 0 },
    { C, SL_TCP_PSH | SL_TCP_ACK, 1, 5 },
    { S, SL_TCP_ACK, 1, 0 },
    { S, SL_TCP_PSH | SL_TCP_ACK, 1, 5 },
    { C, SL_TCP_ACK, 6, 0 },
    { C, SL_TCP_FIN | SL_TCP_ACK, 6, 0 },
    { S, SL_TCP_FIN | SL_TCP_ACK, 6, 0 },
    { C, SL_TCP_ACK, 7, 0 },
  };
  GArray *segments = g_array_new (FALSE, TRUE, sizeof (SlCallLinkSegment));

  for (guint i = 0; i < G_N_ELEMENTS (s); i++)
    {
      SlCallLinkSegment seg = { 0 };

      seg.index = 100 + i;
      seg.time_us = t + 20 * i;
      seg.flags = s[i].flags;
      seg.from_client = s[i].c;
      seg.relative = TRUE;
      seg.rel_seq = s[i].seq;
      seg.payload_length = s[i].len;
      g_array_append_val (segments, seg);
    }
  return segments;
}

static void
assert_positions (GArray      *positions,
                  const guint *expected,
                  guint        n)
{
  g_assert_cmpuint (positions->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (g_array_index (positions, guint, i), ==, expected[i]);
  g_array_unref (positions);
}

#define EXPECT(positions, ...) \
  G_STMT_START { \
    static const guint expected_[] = { __VA_ARGS__ }; \
    assert_positions ((positions), expected_, G_N_ELEMENTS (expected_)); \
  } G_STMT_END

#define MATCH(event, client, offset, segments) \
  sl_call_link_match_segments ((event), (client), (offset), \
                               (const SlCallLinkSegment *) (segments)->data, (segments)->len)

static SlEvent *
data_event (SlEventKind  kind,
            const char  *data)
{
  SlEvent *event = sl_event_new (kind, 1);

  sl_event_set_data (event, (const guint8 *) data, strlen (data));
  return event;
}

static void
test_match_handshake_and_close (void)
{
  g_autoptr(SlEvent) connecting = sl_event_new (SL_EVENT_CONNECTING, 0);
  g_autoptr(SlEvent) connected = sl_event_new (SL_EVENT_CONNECTED, 1);
  g_autoptr(SlEvent) accepted = sl_event_new (SL_EVENT_ACCEPTED, 1);
  g_autoptr(SlEvent) closed = sl_event_new (SL_EVENT_CLOSED, 1);
  g_autoptr(SlEvent) peer_closed = sl_event_new (SL_EVENT_PEER_CLOSED, 1);
  g_autoptr(SlEvent) received = data_event (SL_EVENT_RECEIVED, "hello");
  g_autoptr(GArray) segments = hello_segments (sl_event_get_real_time (connected));

  EXPECT (MATCH (connecting, C, -1, segments), 0);
  EXPECT (MATCH (connected, C, -1, segments), 0);
  /* a server does not connect() */
  EXPECT (MATCH (connected, S, -1, segments));
  /* accept() returns with the handshake's last ACK */
  EXPECT (MATCH (accepted, S, -1, segments), 2);
  EXPECT (MATCH (closed, C, -1, segments), 7);
  EXPECT (MATCH (closed, S, -1, segments), 8);
  /* recv() = 0 on the server: the client's FIN */
  EXPECT (MATCH (peer_closed, S, -1, segments), 7);
  EXPECT (MATCH (peer_closed, C, -1, segments), 8);
  /* a recv() causes no segment of its own */
  EXPECT (MATCH (received, S, -1, segments));

  /* Only SYN and SYN/ACK captured so far: accept() shows on the SYN/ACK */
  g_array_set_size (segments, 2);
  EXPECT (MATCH (accepted, S, -1, segments), 1);
}

static void
test_match_sent (void)
{
  g_autoptr(SlEvent) hello = data_event (SL_EVENT_SENT, "hello");
  g_autoptr(SlEvent) two = data_event (SL_EVENT_SENT, "abcde");
  g_autoptr(SlEvent) merged = sl_event_new (SL_EVENT_SENT, 1);
  g_autoptr(GArray) segments = hello_segments (sl_event_get_real_time (hello));
  SlCallLinkSegment more = g_array_index (segments, SlCallLinkSegment, 3);

  /* By offset: the client's bytes 0..4 are at seq 1 */
  EXPECT (MATCH (hello, C, 0, segments), 3);
  EXPECT (MATCH (hello, S, 0, segments), 5);
  /* bytes the stream never carried */
  EXPECT (MATCH (hello, C, 5, segments));

  /* Two sends Nagle put in one segment, and one event for two writes */
  more.index = 200;
  more.rel_seq = 6;
  more.payload_length = 10;
  g_array_insert_val (segments, 4, more);
  EXPECT (MATCH (two, C, 5, segments), 4);
  sl_event_set_data (merged, (const guint8 *) "hello", 5);
  /* as the log merges: one event, three writes, 15 bytes */
  {
    g_autoptr(SlEventLog) log = sl_event_log_new ();

    for (guint i = 0; i < 12; i++)
      sl_event_log_add_data (log, SL_EVENT_SENT, 9, "127.0.0.1:1", (const guint8 *) "hello", 5);
    sl_event_log_flush (log);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), <, 12);
    {
      g_autoptr(SlEvent) last = g_list_model_get_item (G_LIST_MODEL (log),
                                                       g_list_model_get_n_items (G_LIST_MODEL (log)) - 1);

      g_assert_cmpuint (sl_event_get_op_count (last), >, 1);
      g_assert_cmpuint (sl_event_get_byte_count (last), ==, 5 * sl_event_get_op_count (last));
    }
  }
  EXPECT (MATCH (merged, C, 0, segments), 3);

  /* Without the SYN sequence numbers are no offsets: time decides, and the
   * following segments until the bytes are accounted for */
  for (guint i = 0; i < segments->len; i++)
    g_array_index (segments, SlCallLinkSegment, i).relative = FALSE;
  {
    g_autoptr(SlEvent) fifteen = sl_event_new (SL_EVENT_SENT, 1);
    guint8 bytes[15] = { 0 };

    sl_event_set_data (fifteen, bytes, sizeof bytes);
    EXPECT (MATCH (fifteen, C, 0, segments), 3, 4);
    EXPECT (MATCH (hello, S, -1, segments), 6);
  }

  /* Too far away in time: nothing */
  for (guint i = 0; i < segments->len; i++)
    g_array_index (segments, SlCallLinkSegment, i).time_us += 5 * G_USEC_PER_SEC;
  EXPECT (MATCH (hello, C, -1, segments));
}

static void
test_match_reset (void)
{
  g_autoptr(SlEvent) closed = sl_event_new (SL_EVENT_CLOSED, 1);
  g_autoptr(GArray) segments = hello_segments (sl_event_get_real_time (closed));

  /* close() with unread data: RST instead of FIN */
  g_array_set_size (segments, 7);
  g_array_index (segments, SlCallLinkSegment, 6).flags = SL_TCP_RST | SL_TCP_ACK;
  g_array_index (segments, SlCallLinkSegment, 6).from_client = FALSE;
  EXPECT (MATCH (closed, S, -1, segments), 6);
  EXPECT (MATCH (closed, C, -1, segments));
}

static void
test_endpoints (void)
{
  guint8 family, address[16];
  guint16 port;
  g_autofree char *v4 = NULL;
  g_autofree char *v6 = NULL;

  g_assert_true (sl_call_link_parse_endpoint ("127.0.0.1:55556", &family, address, &port));
  g_assert_cmpuint (family, ==, 4);
  g_assert_cmpuint (port, ==, 55556);
  g_assert_cmpuint (address[0], ==, 127);
  g_assert_cmpuint (address[3], ==, 1);
  g_assert_cmpuint (address[4], ==, 0);
  v4 = sl_call_link_format_endpoint (family, address, port);
  g_assert_cmpstr (v4, ==, "127.0.0.1:55556");

  g_assert_true (sl_call_link_parse_endpoint ("[::1]:80", &family, address, &port));
  g_assert_cmpuint (family, ==, 6);
  g_assert_cmpuint (address[15], ==, 1);
  v6 = sl_call_link_format_endpoint (family, address, port);
  g_assert_cmpstr (v6, ==, "[::1]:80");

  /* a dual-stack socket's IPv4 peer is IPv4 on the wire */
  g_assert_true (sl_call_link_parse_endpoint ("[::ffff:10.0.0.2]:9999", &family, address, &port));
  g_assert_cmpuint (family, ==, 4);
  g_assert_cmpuint (address[0], ==, 10);

  g_assert_false (sl_call_link_parse_endpoint (NULL, &family, address, &port));
  g_assert_false (sl_call_link_parse_endpoint ("?", &family, address, &port));
  g_assert_false (sl_call_link_parse_endpoint ("127.0.0.1", &family, address, &port));
  g_assert_false (sl_call_link_parse_endpoint ("127.0.0.1:70000", &family, address, &port));
  g_assert_false (sl_call_link_parse_endpoint ("localhost:80", &family, address, &port));
  g_assert_false (sl_call_link_parse_endpoint ("[::1:80", &family, address, &port));
}

static SlEvent *
append (SlEventLog  *log,
        SlEventKind  kind,
        guint64      id,
        const char  *peer,
        const char  *local,
        const char  *data)
{
  SlEvent *event = sl_event_new (kind, id);

  sl_event_set_peer (event, peer);
  sl_event_set_local (event, local);
  if (data != NULL)
    sl_event_set_data (event, (const guint8 *) data, strlen (data));
  sl_event_log_append (log, event);
  return event;
}

static void
test_sent_offset (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  SlEvent *first, *second, *other, *orphan;

  append (log, SL_EVENT_CONNECTED, 7, "127.0.0.1:9", "127.0.0.1:4000", NULL);
  first = append (log, SL_EVENT_SENT, 7, "127.0.0.1:9", NULL, "hello");
  append (log, SL_EVENT_CONNECTED, 8, "127.0.0.1:9", "127.0.0.1:4001", NULL);
  other = append (log, SL_EVENT_SENT, 8, "127.0.0.1:9", NULL, "xy");
  append (log, SL_EVENT_RECEIVED, 7, "127.0.0.1:9", NULL, "hello");
  second = append (log, SL_EVENT_SENT, 7, "127.0.0.1:9", NULL, "abc");
  orphan = append (log, SL_EVENT_SENT, 3, "127.0.0.1:9", NULL, "abc");
  sl_event_log_flush (log);

  g_assert_cmpint (sl_call_link_sent_offset (log, first), ==, 0);
  g_assert_cmpint (sl_call_link_sent_offset (log, second), ==, 5);
  g_assert_cmpint (sl_call_link_sent_offset (log, other), ==, 0);
  /* the log no longer holds its connection's start */
  g_assert_cmpint (sl_call_link_sent_offset (log, orphan), ==, -1);
}

/* ---- against a real SlCapture --------------------------------------------- */

static void
assert_packets (SlCapture *capture,
                GPtrArray *logs,
                SlEvent   *event,
                int        expected)
{
  g_autoptr(GArray) packets = sl_call_link_find_packets (capture, logs, event);

  if (expected < 0)
    {
      g_assert_cmpuint (packets->len, ==, 0);
      return;
    }
  g_assert_cmpuint (packets->len, ==, 1);
  g_assert_cmpuint (g_array_index (packets, guint, 0), ==, (guint) expected);
}

static SlEvent *
event_of (SlCapture *capture,
          GPtrArray *logs,
          guint      index)
{
  g_autoptr(SlPacket) packet = sl_capture_get_packet (capture, index);

  return sl_call_link_find_event (logs, capture, packet);
}

static void
test_capture_hello (void)
{
  g_autoptr(SlEventLog) client = sl_event_log_new ();
  g_autoptr(SlEventLog) server = sl_event_log_new ();
  g_autoptr(GPtrArray) logs = g_ptr_array_new ();
  g_autoptr(GArray) stream = NULL;
  g_autoptr(GHashTable) linked = NULL;
  const char *c = "127.0.0.1:48092", *s = "127.0.0.1:43793";
  SlEvent *connecting, *connected, *accepted, *c_sent, *s_sent, *c_closed, *s_peer_closed, *s_closed;
  Playback pb;

  connecting = append (client, SL_EVENT_CONNECTING, 0, s, NULL, NULL);
  accepted = append (server, SL_EVENT_ACCEPTED, 1, c, s, NULL);
  connected = append (client, SL_EVENT_CONNECTED, 1, s, c, NULL);
  c_sent = append (client, SL_EVENT_SENT, 1, s, NULL, "hello");
  append (server, SL_EVENT_RECEIVED, 1, c, NULL, "hello");
  s_sent = append (server, SL_EVENT_SENT, 1, c, NULL, "hello");
  append (client, SL_EVENT_RECEIVED, 1, s, NULL, "hello");
  c_closed = append (client, SL_EVENT_CLOSED, 1, s, c, NULL);
  s_peer_closed = append (server, SL_EVENT_PEER_CLOSED, 1, c, s, NULL);
  s_closed = append (server, SL_EVENT_CLOSED, 1, c, s, NULL);
  sl_event_log_flush (client);
  sl_event_log_flush (server);
  g_ptr_array_add (logs, client);
  g_ptr_array_add (logs, server);

  if (!playback_start (&pb, "tcp-hello.pcap", sl_event_get_real_time (connecting) + 2000, 10))
    {
      g_test_skip ("needs SRCDIR, /usr/bin/python3 and a temporary directory");
      return;
    }

  stream = sl_call_link_get_stream_packets (pb.capture, 0);
  g_assert_cmpuint (stream->len, ==, 10);

  assert_packets (pb.capture, logs, connecting, 0);
  assert_packets (pb.capture, logs, connected, 0);
  assert_packets (pb.capture, logs, accepted, 2);
  assert_packets (pb.capture, logs, c_sent, 3);
  assert_packets (pb.capture, logs, s_sent, 5);
  assert_packets (pb.capture, logs, c_closed, 7);
  assert_packets (pb.capture, logs, s_peer_closed, 7);
  assert_packets (pb.capture, logs, s_closed, 8);

  g_assert_true (event_of (pb.capture, logs, 0) == connecting);
  g_assert_true (event_of (pb.capture, logs, 2) == accepted);
  g_assert_true (event_of (pb.capture, logs, 3) == c_sent);
  g_assert_null (event_of (pb.capture, logs, 4));
  g_assert_true (event_of (pb.capture, logs, 5) == s_sent);
  /* the client's close() sent it; the server's recv() = 0 only saw it */
  g_assert_true (event_of (pb.capture, logs, 7) == c_closed);
  g_assert_true (event_of (pb.capture, logs, 8) == s_closed);

  linked = sl_call_link_find_stream_events (logs, pb.capture, 0, 1000);
  g_assert_cmpuint (g_hash_table_size (linked), ==, 6);

  /* Events of another connection link to nothing */
  {
    g_autoptr(SlEvent) stranger = sl_event_new (SL_EVENT_CLOSED, 5);

    sl_event_set_peer (stranger, "127.0.0.1:1");
    sl_event_set_local (stranger, s);
    assert_packets (pb.capture, logs, stranger, -1);
  }

  playback_stop (&pb);
}

static void
test_capture_port_reuse (void)
{
  g_autoptr(SlEventLog) client = sl_event_log_new ();
  g_autoptr(GPtrArray) logs = g_ptr_array_new ();
  const char *c = "127.0.0.1:40709", *s = "127.0.0.1:40683";
  SlEvent *connected1, *sent1, *closed1, *connected2, *sent2;
  gint64 base;
  Playback pb;

  connected1 = append (client, SL_EVENT_CONNECTED, 1, s, c, NULL);
  sent1 = append (client, SL_EVENT_SENT, 1, s, NULL, "hello");
  closed1 = append (client, SL_EVENT_CLOSED, 1, s, c, NULL);
  base = sl_event_get_real_time (connected1) + 1000;
  /* the second connection on the same ports, 200 ms later as in the file */
  g_usleep (200 * 1000);
  connected2 = append (client, SL_EVENT_CONNECTED, 2, s, c, NULL);
  sent2 = append (client, SL_EVENT_SENT, 2, s, NULL, "0123456789");
  sl_event_log_flush (client);
  g_ptr_array_add (logs, client);

  if (!playback_start (&pb, "tcp-port-reuse.pcap", base, 16))
    {
      g_test_skip ("needs SRCDIR, /usr/bin/python3 and a temporary directory");
      return;
    }

  assert_packets (pb.capture, logs, connected1, 0);
  assert_packets (pb.capture, logs, sent1, 3);
  assert_packets (pb.capture, logs, closed1, 6);
  assert_packets (pb.capture, logs, connected2, 8);
  assert_packets (pb.capture, logs, sent2, 11);
  g_assert_true (event_of (pb.capture, logs, 8) == connected2);
  g_assert_true (event_of (pb.capture, logs, 11) == sent2);

  playback_stop (&pb);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  playback_prepare ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/call-link/endpoints", test_endpoints);
  g_test_add_func ("/call-link/match/handshake-and-close", test_match_handshake_and_close);
  g_test_add_func ("/call-link/match/sent", test_match_sent);
  g_test_add_func ("/call-link/match/reset", test_match_reset);
  g_test_add_func ("/call-link/sent-offset", test_sent_offset);
  g_test_add_func ("/call-link/capture/hello", test_capture_hello);
  g_test_add_func ("/call-link/capture/port-reuse", test_capture_port_reuse);

  ret = g_test_run ();
  playback_cleanup ();
  return ret;
}
