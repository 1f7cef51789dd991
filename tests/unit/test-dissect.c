/* test-dissect.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sl-dissect.h"
#include "sl-tcp-tracker.h"

/* Packet builders: each returns a new GByteArray holding one layer and
 * whatever is passed as its payload. */

static const guint8 mac_a[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a };
static const guint8 mac_b[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b };
static const guint8 mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void
put16 (GByteArray *a,
       guint       v)
{
  guint8 b[2] = { v >> 8, v };

  g_byte_array_append (a, b, 2);
}

static void
put32 (GByteArray *a,
       guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (a, b, 4);
}

static void
put_addr (GByteArray *a,
          int         family,
          const char *text)
{
  guint8 buf[16];

  g_assert_cmpint (inet_pton (family, text, buf), ==, 1);
  g_byte_array_append (a, buf, family == AF_INET ? 4 : 16);
}

static GByteArray *
ethernet (const guint8 *dst,
          const guint8 *src,
          guint         type,
          GByteArray   *payload)
{
  GByteArray *a = g_byte_array_new ();

  g_byte_array_append (a, dst, 6);
  g_byte_array_append (a, src, 6);
  put16 (a, type);
  g_byte_array_append (a, payload->data, payload->len);
  g_byte_array_unref (payload);
  return a;
}

static GByteArray *
ipv4_full (guint         proto,
           const char   *src,
           const char   *dst,
           const guint8 *options,
           gsize         options_len,
           guint         frag,
           GByteArray   *payload)
{
  GByteArray *a = g_byte_array_new ();
  guint ihl = 5 + (guint) (options_len + 3) / 4;
  static const guint8 zero[4];

  g_byte_array_append (a, (guint8[]) { 0x40 | ihl, 0 }, 2);
  put16 (a, ihl * 4 + payload->len);
  put16 (a, 0x1234);
  put16 (a, frag);
  g_byte_array_append (a, (guint8[]) { 64, proto, 0, 0 }, 4);
  put_addr (a, AF_INET, src);
  put_addr (a, AF_INET, dst);
  if (options_len > 0)
    {
      g_byte_array_append (a, options, options_len);
      g_byte_array_append (a, zero, (ihl - 5) * 4 - options_len);
    }
  g_byte_array_append (a, payload->data, payload->len);
  g_byte_array_unref (payload);
  return a;
}

static GByteArray *
ipv4 (guint       proto,
      const char *src,
      const char *dst,
      GByteArray *payload)
{
  return ipv4_full (proto, src, dst, NULL, 0, 0x4000, payload);
}

static GByteArray *
ipv6_ext (guint         nh,
          const char   *src,
          const char   *dst,
          const guint8 *ext,
          gsize         ext_len,
          GByteArray   *payload)
{
  GByteArray *a = g_byte_array_new ();

  put32 (a, 0x60000000);
  put16 (a, ext_len + payload->len);
  g_byte_array_append (a, (guint8[]) { nh, 64 }, 2);
  put_addr (a, AF_INET6, src);
  put_addr (a, AF_INET6, dst);
  if (ext_len > 0)
    g_byte_array_append (a, ext, ext_len);
  g_byte_array_append (a, payload->data, payload->len);
  g_byte_array_unref (payload);
  return a;
}

static GByteArray *
ipv6 (guint       nh,
      const char *src,
      const char *dst,
      GByteArray *payload)
{
  return ipv6_ext (nh, src, dst, NULL, 0, payload);
}

static GByteArray *
tcp (guint         sport,
     guint         dport,
     guint32       seq,
     guint32       ack,
     guint         flags,
     guint         window,
     const guint8 *options,
     gsize         options_len,
     const char   *payload)
{
  GByteArray *a = g_byte_array_new ();

  g_assert_cmpuint (options_len % 4, ==, 0);
  put16 (a, sport);
  put16 (a, dport);
  put32 (a, seq);
  put32 (a, ack);
  put16 (a, ((5 + options_len / 4) << 12) | flags);
  put16 (a, window);
  put16 (a, 0xbeef);
  put16 (a, 0);
  if (options_len > 0)
    g_byte_array_append (a, options, options_len);
  if (payload != NULL)
    g_byte_array_append (a, (const guint8 *) payload, strlen (payload));
  return a;
}

static GByteArray *
udp (guint       sport,
     guint       dport,
     const char *payload)
{
  GByteArray *a = g_byte_array_new ();

  put16 (a, sport);
  put16 (a, dport);
  put16 (a, 8 + strlen (payload));
  put16 (a, 0);
  g_byte_array_append (a, (const guint8 *) payload, strlen (payload));
  return a;
}

static GByteArray *
bytes (const guint8 *data,
       gsize         len)
{
  GByteArray *a = g_byte_array_new ();

  g_byte_array_append (a, data, len);
  return a;
}

/* MSS 1460, SACK permitted, timestamps, NOP, window scale 7: what Linux sends. */
static const guint8 syn_options[] = {
  2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7,
};

static GByteArray *
tcp_over_ethernet (guint         sport,
                   guint         dport,
                   guint32       seq,
                   guint32       ack,
                   guint         flags,
                   guint         window,
                   const guint8 *options,
                   gsize         options_len,
                   const char   *payload)
{
  gboolean from_a = sport != 55556;

  return ethernet (from_a ? mac_b : mac_a, from_a ? mac_a : mac_b, 0x0800,
                   ipv4 (6, from_a ? "10.0.0.1" : "10.0.0.2", from_a ? "10.0.0.2" : "10.0.0.1",
                         tcp (sport, dport, seq, ack, flags, window, options, options_len, payload)));
}

/* SL_DISSECT_WRITE_CORPUS=DIR saves every packet built here as a seed for
 * tests/fuzz/fuzz-dissect.c: link type selector, 2-byte length, bytes. */
static void
save_seed (guint       linktype,
           GByteArray *packet)
{
  static const guint selectors[][2] = {
    { SL_LINKTYPE_ETHERNET, 0 }, { SL_LINKTYPE_LINUX_SLL, 1 }, { SL_LINKTYPE_LINUX_SLL2, 2 },
    { SL_LINKTYPE_RAW, 3 }, { SL_LINKTYPE_NULL, 4 },
  };
  const char *dir = g_getenv ("SL_DISSECT_WRITE_CORPUS");
  g_autoptr(GByteArray) seed = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  guint i;

  if (dir == NULL)
    return;
  for (i = 0; i < G_N_ELEMENTS (selectors) && selectors[i][0] != linktype; i++)
    ;
  if (i == G_N_ELEMENTS (selectors))
    return;

  seed = g_byte_array_new ();
  g_byte_array_append (seed, (guint8[]) { selectors[i][1] }, 1);
  put16 (seed, packet->len);
  g_byte_array_append (seed, packet->data, packet->len);
  name = g_compute_checksum_for_data (G_CHECKSUM_SHA1, seed->data, seed->len);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, (const char *) seed->data, seed->len, NULL);
}

static void
summarize (guint            linktype,
           GByteArray      *packet,
           SlPacketSummary *s,
           gboolean         expect_ok)
{
  gboolean ok = sl_dissect_summary (linktype, packet->data, packet->len, packet->len, s);

  save_seed (linktype, packet);

  if (ok != expect_ok)
    g_error ("summary returned %d (status 0x%x, info \"%s\")", ok, s->status, s->info);
}

/* Every tree field stays inside the buffer; returns the field labelled @label. */
static const SlDissectField *
check_tree (guint        linktype,
            GByteArray  *packet,
            gsize        caplen,
            const char  *label)
{
  static SlDissection *last;
  const SlDissectField *found = NULL;
  guint i, n;

  g_clear_pointer (&last, sl_dissection_free);
  last = sl_dissect_tree (linktype, packet->data, caplen, packet->len);
  n = sl_dissection_get_n_fields (last);
  g_assert_cmpuint (n, >, 0);
  for (i = 0; i < n; i++)
    {
      const SlDissectField *f = sl_dissection_get_field (last, i);

      g_assert_nonnull (f->label);
      g_assert_true (g_utf8_validate (f->label, -1, NULL));
      g_assert_cmpuint (f->offset + f->length, <=, caplen);
      g_assert_cmpuint (f->depth, <=, 3);
      if (label != NULL && strcmp (f->label, label) == 0)
        found = f;
    }
  if (label != NULL && found == NULL)
    g_error ("no field \"%s\"", label);
  return found;
}

static void
test_tcp_syn (void)
{
  g_autoptr(GByteArray) p =
    tcp_over_ethernet (40312, 55556, 1000, 0, 0x002, 64240, syn_options, sizeof syn_options, NULL);
  SlPacketSummary s;
  const SlDissectField *f;

  summarize (SL_LINKTYPE_ETHERNET, p, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "TCP");
  g_assert_cmpstr (s.source, ==, "10.0.0.1");
  g_assert_cmpstr (s.destination, ==, "10.0.0.2");
  g_assert_true (s.is_tcp);
  g_assert_cmpuint (s.key.family, ==, 4);
  g_assert_cmpuint (s.key.src_port, ==, 40312);
  g_assert_cmpuint (s.key.dst_port, ==, 55556);
  g_assert_cmpuint (s.tcp.seq, ==, 1000);
  g_assert_cmpuint (s.tcp.flags, ==, SL_TCP_SYN);
  g_assert_cmpuint (s.tcp.window, ==, 64240);
  g_assert_cmpuint (s.tcp.checksum, ==, 0xbeef);
  g_assert_cmpint (s.tcp.mss, ==, 1460);
  g_assert_cmpint (s.tcp.window_scale, ==, 7);
  g_assert_true (s.tcp.sack_permitted);
  g_assert_cmpuint (s.tcp.payload_offset, ==, 14 + 20 + 40);
  g_assert_cmpuint (s.tcp.payload_length, ==, 0);
  g_assert_cmpstr (s.info, ==, "40312 → 55556 [SYN] Seq=1000 Win=64240 Len=0 MSS=1460 SACK_PERM WS=128");

  f = check_tree (SL_LINKTYPE_ETHERNET, p, p->len, "Source port: 40312");
  g_assert_cmpuint (f->offset, ==, 34);
  g_assert_cmpuint (f->length, ==, 2);
  g_assert_cmpuint (f->depth, ==, 1);
  check_tree (SL_LINKTYPE_ETHERNET, p, p->len, "Checksum: 0xbeef");
  check_tree (SL_LINKTYPE_ETHERNET, p, p->len, "Maximum segment size (MSS): 1460");
  check_tree (SL_LINKTYPE_ETHERNET, p, p->len, "Timestamps: TSval 1, TSecr 0");
  check_tree (SL_LINKTYPE_ETHERNET, p, p->len, "Flags: 0x002 (SYN)");
  f = check_tree (SL_LINKTYPE_ETHERNET, p, p->len, "Transmission Control Protocol (40312 → 55556)");
  g_assert_cmpuint (f->depth, ==, 0);
  g_assert_cmpuint (f->offset, ==, 34);
  g_assert_cmpuint (f->length, ==, 40);
}

/* The course's exercise: SYN, SYN/ACK, ACK, PSH/ACK "hello", ACK, FIN/ACK…,
 * with Wireshark's relative numbers and scaled window. */
static void
test_tracker_handshake (void)
{
  static const guint8 synack_options[] = { 2, 4, 0xff, 0xd7, 4, 2, 1, 3, 3, 10 };
  static const guint8 synack_padded[] = { 2, 4, 0xff, 0xd7, 4, 2, 1, 3, 3, 10, 0, 0 };
  struct {
    guint sport, dport;
    guint32 seq, ack;
    guint flags, window;
    const guint8 *options;
    gsize options_len;
    const char *payload;
    const char *info;
  } steps[] = {
    { 40312, 55556, 3000000000u, 0, 0x002, 65495, syn_options, sizeof syn_options, NULL,
      "40312 → 55556 [SYN] Seq=0 Win=65495 Len=0 MSS=1460 SACK_PERM WS=128" },
    { 55556, 40312, 7, 3000000001u, 0x012, 65483, synack_padded, sizeof synack_padded, NULL,
      "55556 → 40312 [SYN, ACK] Seq=0 Ack=1 Win=65483 Len=0 MSS=65495 SACK_PERM WS=1024" },
    { 40312, 55556, 3000000001u, 8, 0x010, 512, NULL, 0, NULL,
      "40312 → 55556 [ACK] Seq=1 Ack=1 Win=65536 Len=0" },
    { 40312, 55556, 3000000001u, 8, 0x018, 512, NULL, 0, "hello",
      "40312 → 55556 [PSH, ACK] Seq=1 Ack=1 Win=65536 Len=5" },
    { 55556, 40312, 8, 3000000006u, 0x010, 64, NULL, 0, NULL,
      "55556 → 40312 [ACK] Seq=1 Ack=6 Win=65536 Len=0" },
    { 40312, 55556, 3000000006u, 8, 0x011, 512, NULL, 0, NULL,
      "40312 → 55556 [FIN, ACK] Seq=6 Ack=1 Win=65536 Len=0" },
    { 55556, 40312, 8, 3000000007u, 0x011, 64, NULL, 0, NULL,
      "55556 → 40312 [FIN, ACK] Seq=1 Ack=7 Win=65536 Len=0" },
    { 40312, 55556, 3000000007u, 9, 0x010, 512, NULL, 0, NULL,
      "40312 → 55556 [ACK] Seq=7 Ack=2 Win=65536 Len=0" },
  };
  g_autoptr(SlTcpTracker) tracker = sl_tcp_tracker_new (16);
  const SlTcpConversation *conv;
  guint i;

  (void) synack_options;
  for (i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GByteArray) p =
        tcp_over_ethernet (steps[i].sport, steps[i].dport, steps[i].seq, steps[i].ack, steps[i].flags,
                           steps[i].window, steps[i].options, steps[i].options_len, steps[i].payload);
      SlPacketSummary s, again;

      summarize (SL_LINKTYPE_ETHERNET, p, &s, TRUE);
      g_assert_true (sl_tcp_tracker_add (tracker, &s));
      g_assert_cmpstr (s.info, ==, steps[i].info);
      g_assert_cmpuint (s.tcp.stream, ==, 0);
      g_assert_cmpint (s.tcp.from_client, ==, steps[i].sport == 40312);

      /* A second dissection (the row scrolled back into view) agrees. */
      summarize (SL_LINKTYPE_ETHERNET, p, &again, TRUE);
      g_assert_true (sl_tcp_tracker_relate (tracker, 0, &again));
      g_assert_cmpstr (again.info, ==, s.info);
      g_assert_false (sl_tcp_tracker_relate (tracker, 1, &again));
    }

  conv = sl_tcp_tracker_get_stream (tracker, 0);
  g_assert_nonnull (conv);
  g_assert_true (conv->client_from_syn);
  g_assert_cmpuint (conv->client.src_port, ==, 40312);
  g_assert_cmpuint (conv->packets, ==, G_N_ELEMENTS (steps));
}

/* Caught mid-connection: the first sender is the client, numbers start at 1. */
static void
test_tracker_midstream (void)
{
  g_autoptr(SlTcpTracker) tracker = sl_tcp_tracker_new (16);
  g_autoptr(GByteArray) a = tcp_over_ethernet (55556, 40312, 500, 900, 0x018, 100, NULL, 0, "abc");
  g_autoptr(GByteArray) b = tcp_over_ethernet (40312, 55556, 900, 503, 0x010, 100, NULL, 0, NULL);
  SlPacketSummary s;
  const SlTcpConversation *conv;

  summarize (SL_LINKTYPE_ETHERNET, a, &s, TRUE);
  sl_tcp_tracker_add (tracker, &s);
  g_assert_cmpstr (s.info, ==, "55556 → 40312 [PSH, ACK] Seq=1 Ack=1 Win=100 Len=3");
  g_assert_true (s.tcp.from_client);
  summarize (SL_LINKTYPE_ETHERNET, b, &s, TRUE);
  sl_tcp_tracker_add (tracker, &s);
  g_assert_cmpstr (s.info, ==, "40312 → 55556 [ACK] Seq=1 Ack=4 Win=100 Len=0");
  g_assert_false (s.tcp.from_client);

  conv = sl_tcp_tracker_lookup (tracker, &s.key);
  g_assert_nonnull (conv);
  g_assert_false (conv->client_from_syn);
  g_assert_cmpuint (conv->client.src_port, ==, 55556);
}

/* Only the SYN/ACK was captured: its receiver is the client. */
static void
test_tracker_synack_first (void)
{
  g_autoptr(SlTcpTracker) tracker = sl_tcp_tracker_new (16);
  g_autoptr(GByteArray) p = tcp_over_ethernet (55556, 40312, 10, 21, 0x012, 100, NULL, 0, NULL);
  SlPacketSummary s;

  summarize (SL_LINKTYPE_ETHERNET, p, &s, TRUE);
  sl_tcp_tracker_add (tracker, &s);
  g_assert_false (s.tcp.from_client);
  g_assert_cmpuint (s.tcp.rel_seq, ==, 0);
  g_assert_cmpuint (s.tcp.rel_ack, ==, 1);
  g_assert_cmpuint (sl_tcp_tracker_lookup (tracker, &s.key)->client.src_port, ==, 40312);
}

static void
test_tracker_reuse_and_bounds (void)
{
  g_autoptr(SlTcpTracker) tracker = sl_tcp_tracker_new (4);
  SlPacketSummary s;
  guint i;

  for (i = 0; i < 10; i++)
    {
      g_autoptr(GByteArray) p = tcp_over_ethernet (40000 + i, 55556, 1, 0, 0x002, 100, NULL, 0, NULL);

      summarize (SL_LINKTYPE_ETHERNET, p, &s, TRUE);
      sl_tcp_tracker_add (tracker, &s);
      g_assert_cmpuint (s.tcp.stream, ==, i);
      g_assert_cmpuint (sl_tcp_tracker_get_n_conversations (tracker), <=, 4);
    }
  g_assert_null (sl_tcp_tracker_get_stream (tracker, 0));
  g_assert_nonnull (sl_tcp_tracker_get_stream (tracker, 9));

  {
    /* The same ports again with another ISN: a new stream, as tshark counts. */
    g_autoptr(GByteArray) again = tcp_over_ethernet (40009, 55556, 777, 0, 0x002, 100, NULL, 0, NULL);
    g_autoptr(GByteArray) retransmit = tcp_over_ethernet (40009, 55556, 777, 0, 0x002, 100, NULL, 0, NULL);

    summarize (SL_LINKTYPE_ETHERNET, again, &s, TRUE);
    sl_tcp_tracker_add (tracker, &s);
    g_assert_cmpuint (s.tcp.stream, ==, 10);
    summarize (SL_LINKTYPE_ETHERNET, retransmit, &s, TRUE);
    sl_tcp_tracker_add (tracker, &s);
    g_assert_cmpuint (s.tcp.stream, ==, 10);
  }

  sl_tcp_tracker_clear (tracker);
  g_assert_cmpuint (sl_tcp_tracker_get_n_conversations (tracker), ==, 0);
}

static void
test_http (void)
{
  g_autoptr(GByteArray) req =
    tcp_over_ethernet (40312, 8080, 1, 1, 0x018, 100, NULL, 0, "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n");
  g_autoptr(GByteArray) resp =
    tcp_over_ethernet (8080, 40312, 1, 40, 0x018, 100, NULL, 0, "HTTP/1.0 404 Not Found\r\n\r\n");
  g_autoptr(GByteArray) odd = tcp_over_ethernet (40312, 8080, 1, 1, 0x018, 100, NULL, 0, "GET /\x1b[31m\\");
  g_autoptr(GByteArray) other = tcp_over_ethernet (40312, 8080, 1, 1, 0x018, 100, NULL, 0, "GETTY");
  g_autoptr(SlTcpTracker) tracker = sl_tcp_tracker_new (4);
  SlPacketSummary s;

  summarize (SL_LINKTYPE_ETHERNET, req, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "HTTP");
  g_assert_true (s.is_http);
  g_assert_true (s.is_tcp);
  g_assert_cmpstr (s.info, ==, "GET /index.html HTTP/1.1");
  sl_tcp_tracker_add (tracker, &s);
  g_assert_cmpstr (s.info, ==, "GET /index.html HTTP/1.1");
  check_tree (SL_LINKTYPE_ETHERNET, req, req->len, "GET /index.html HTTP/1.1");

  summarize (SL_LINKTYPE_ETHERNET, resp, &s, TRUE);
  g_assert_cmpstr (s.info, ==, "HTTP/1.0 404 Not Found");

  /* Network bytes are escaped, and a line without its end says so. */
  summarize (SL_LINKTYPE_ETHERNET, odd, &s, TRUE);
  g_assert_cmpstr (s.info, ==, "GET /\\x1B[31m\\x5C…");

  summarize (SL_LINKTYPE_ETHERNET, other, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "TCP");
}

static void
test_udp_ipv6_sll (void)
{
  g_autoptr(GByteArray) ip = ipv6 (17, "fe80::1", "ff15:7079:7468:6f6e:6465:6d6f:6d63:6173",
                                   udp (50000, 8123, "hi there"));
  g_autoptr(GByteArray) sll = g_byte_array_new ();
  g_autoptr(GByteArray) sll2 = g_byte_array_new ();
  SlPacketSummary s;

  /* v1: packet type, ARPHRD, address length, address (8), protocol */
  put16 (sll, 4);
  put16 (sll, 1);
  put16 (sll, 6);
  g_byte_array_append (sll, mac_a, 6);
  put16 (sll, 0);
  put16 (sll, 0x86dd);
  g_byte_array_append (sll, ip->data, ip->len);

  summarize (SL_LINKTYPE_LINUX_SLL, sll, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "UDP");
  g_assert_cmpstr (s.source, ==, "fe80::1");
  g_assert_cmpstr (s.destination, ==, "ff15:7079:7468:6f6e:6465:6d6f:6d63:6173");
  g_assert_true (s.is_udp);
  g_assert_cmpuint (s.key.family, ==, 6);
  g_assert_cmpuint (s.udp.length, ==, 16);
  g_assert_cmpstr (s.info, ==, "50000 → 8123 Len=8");
  check_tree (SL_LINKTYPE_LINUX_SLL, sll, sll->len, "Source: 02:00:00:00:00:0a");

  /* v2: protocol, reserved, ifindex, ARPHRD, packet type, address length, address (8) */
  put16 (sll2, 0x86dd);
  put16 (sll2, 0);
  put32 (sll2, 1);
  put16 (sll2, 772);
  g_byte_array_append (sll2, (guint8[]) { 0, 6 }, 2);
  g_byte_array_append (sll2, mac_b, 6);
  put16 (sll2, 0);
  g_byte_array_append (sll2, ip->data, ip->len);

  summarize (SL_LINKTYPE_LINUX_SLL2, sll2, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "UDP");
  g_assert_cmpstr (s.info, ==, "50000 → 8123 Len=8");
  check_tree (SL_LINKTYPE_LINUX_SLL2, sll2, sll2->len, "Interface index: 1");

  /* Raw IP and BSD loopback carry the same IPv6 packet. */
  summarize (SL_LINKTYPE_RAW, ip, &s, TRUE);
  g_assert_cmpstr (s.info, ==, "50000 → 8123 Len=8");
  {
    g_autoptr(GByteArray) null = g_byte_array_new ();

    g_byte_array_append (null, (guint8[]) { 30, 0, 0, 0 }, 4);
    g_byte_array_append (null, ip->data, ip->len);
    summarize (SL_LINKTYPE_NULL, null, &s, TRUE);
    g_assert_cmpstr (s.info, ==, "50000 → 8123 Len=8");
  }
}

static GByteArray *
arp (guint         op,
     const guint8 *sha,
     const char   *spa,
     const guint8 *tha,
     const char   *tpa)
{
  GByteArray *a = g_byte_array_new ();

  put16 (a, 1);
  put16 (a, 0x0800);
  g_byte_array_append (a, (guint8[]) { 6, 4 }, 2);
  put16 (a, op);
  g_byte_array_append (a, sha, 6);
  put_addr (a, AF_INET, spa);
  g_byte_array_append (a, tha, 6);
  put_addr (a, AF_INET, tpa);
  return a;
}

static void
test_arp (void)
{
  static const guint8 zero[6];
  g_autoptr(GByteArray) req = ethernet (mac_bcast, mac_a, 0x0806, arp (1, mac_a, "10.0.0.1", zero, "10.0.0.2"));
  g_autoptr(GByteArray) rep = ethernet (mac_a, mac_b, 0x0806, arp (2, mac_b, "10.0.0.2", mac_a, "10.0.0.1"));
  g_autoptr(GByteArray) grat = ethernet (mac_bcast, mac_a, 0x0806, arp (1, mac_a, "10.0.0.1", zero, "10.0.0.1"));
  SlPacketSummary s;

  summarize (SL_LINKTYPE_ETHERNET, req, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "ARP");
  g_assert_cmpstr (s.source, ==, "02:00:00:00:00:0a");
  g_assert_cmpstr (s.destination, ==, "ff:ff:ff:ff:ff:ff");
  g_assert_cmpstr (s.info, ==, "Who has 10.0.0.2? Tell 10.0.0.1");
  check_tree (SL_LINKTYPE_ETHERNET, req, req->len, "Opcode: 1 (request)");

  summarize (SL_LINKTYPE_ETHERNET, rep, &s, TRUE);
  g_assert_cmpstr (s.info, ==, "10.0.0.2 is at 02:00:00:00:00:0b");

  summarize (SL_LINKTYPE_ETHERNET, grat, &s, TRUE);
  g_assert_cmpstr (s.info, ==, "Gratuitous ARP for 10.0.0.1 (Request)");
}

static GByteArray *
icmp_echo (guint type,
           guint id,
           guint seq)
{
  GByteArray *a = g_byte_array_new ();

  g_byte_array_append (a, (guint8[]) { type, 0, 0, 0 }, 4);
  put16 (a, id);
  put16 (a, seq);
  g_byte_array_append (a, (const guint8 *) "abcdefgh", 8);
  return a;
}

static void
test_icmp (void)
{
  g_autoptr(GByteArray) ping = ethernet (mac_b, mac_a, 0x0800, ipv4 (1, "10.0.0.1", "10.0.0.2", icmp_echo (8, 1, 1)));
  g_autoptr(GByteArray) pong6 = ipv6 (58, "::1", "::1", icmp_echo (129, 0x10, 2));
  g_autoptr(GByteArray) unreach = NULL;
  SlPacketSummary s;
  GByteArray *u = g_byte_array_new ();

  summarize (SL_LINKTYPE_ETHERNET, ping, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "ICMP");
  g_assert_cmpstr (s.info, ==, "Echo (ping) request  id=0x0001, seq=1/256, ttl=64");
  check_tree (SL_LINKTYPE_ETHERNET, ping, ping->len, "Identifier: 0x0001 (1)");

  summarize (SL_LINKTYPE_RAW, pong6, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "ICMPv6");
  g_assert_cmpstr (s.info, ==, "Echo (ping) reply  id=0x0010, seq=2/512, ttl=64");

  g_byte_array_append (u, (guint8[]) { 3, 3, 0, 0, 0, 0, 0, 0 }, 8);
  g_byte_array_append (u, ping->data + 14, 28);
  unreach = ipv4 (1, "10.0.0.2", "10.0.0.1", u);
  summarize (SL_LINKTYPE_RAW, unreach, &s, TRUE);
  g_assert_cmpstr (s.info, ==, "Destination unreachable (Port unreachable)");
}

static void
test_ndp (void)
{
  GByteArray *ns = g_byte_array_new ();
  GByteArray *na = g_byte_array_new ();
  g_autoptr(GByteArray) ns_pkt = NULL;
  g_autoptr(GByteArray) na_pkt = NULL;
  SlPacketSummary s;

  g_byte_array_append (ns, (guint8[]) { 135, 0, 0, 0, 0, 0, 0, 0 }, 8);
  put_addr (ns, AF_INET6, "fe80::2");
  g_byte_array_append (ns, (guint8[]) { 1, 1 }, 2);
  g_byte_array_append (ns, mac_a, 6);
  ns_pkt = ethernet (mac_bcast, mac_a, 0x86dd, ipv6 (58, "fe80::1", "ff02::1:ff00:2", ns));
  summarize (SL_LINKTYPE_ETHERNET, ns_pkt, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "ICMPv6");
  g_assert_cmpstr (s.info, ==, "Neighbor Solicitation for fe80::2 from 02:00:00:00:00:0a");
  check_tree (SL_LINKTYPE_ETHERNET, ns_pkt, ns_pkt->len, "Source link-layer address: 02:00:00:00:00:0a");

  g_byte_array_append (na, (guint8[]) { 136, 0, 0, 0, 0x60, 0, 0, 0 }, 8);
  put_addr (na, AF_INET6, "fe80::2");
  g_byte_array_append (na, (guint8[]) { 2, 1 }, 2);
  g_byte_array_append (na, mac_b, 6);
  na_pkt = ethernet (mac_a, mac_b, 0x86dd, ipv6 (58, "fe80::2", "fe80::1", na));
  summarize (SL_LINKTYPE_ETHERNET, na_pkt, &s, TRUE);
  g_assert_cmpstr (s.info, ==, "Neighbor Advertisement fe80::2 (sol, ovr) is at 02:00:00:00:00:0b");
}

/* MLD messages come after a hop-by-hop header with a router alert. */
static const guint8 hop_by_hop_router_alert[] = { 58, 0, 5, 2, 0, 0, 1, 0 };

static void
test_mld (void)
{
  GByteArray *report = g_byte_array_new ();
  GByteArray *v1 = g_byte_array_new ();
  g_autoptr(GByteArray) pkt = NULL;
  g_autoptr(GByteArray) pkt1 = NULL;
  SlPacketSummary s;

  g_byte_array_append (report, (guint8[]) { 143, 0, 0, 0, 0, 0, 0, 2 }, 8);
  g_byte_array_append (report, (guint8[]) { 4, 0, 0, 0 }, 4); /* CHANGE_TO_EXCLUDE, no sources */
  put_addr (report, AF_INET6, "ff15:7079:7468:6f6e:6465:6d6f:6d63:6173");
  g_byte_array_append (report, (guint8[]) { 3, 0, 0, 0 }, 4); /* CHANGE_TO_INCLUDE, no sources */
  put_addr (report, AF_INET6, "ff15::1");
  pkt = ethernet (mac_bcast, mac_a, 0x86dd,
                  ipv6_ext (0, "fe80::1", "ff02::16", hop_by_hop_router_alert,
                            sizeof hop_by_hop_router_alert, report));
  summarize (SL_LINKTYPE_ETHERNET, pkt, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "MLDv2");
  g_assert_cmpuint (s.ip_protocol, ==, 58);
  g_assert_cmpstr (s.info, ==, "Multicast Listener Report Message v2"
                   " / Join group ff15:7079:7468:6f6e:6465:6d6f:6d63:6173 for any sources"
                   " / Leave group ff15::1");
  check_tree (SL_LINKTYPE_ETHERNET, pkt, pkt->len, "Router Alert: 0 (MLD)");

  g_byte_array_append (v1, (guint8[]) { 131, 0, 0, 0, 0, 0, 0, 0 }, 8);
  put_addr (v1, AF_INET6, "ff02::fb");
  pkt1 = ipv6_ext (0, "fe80::1", "ff02::fb", hop_by_hop_router_alert, sizeof hop_by_hop_router_alert, v1);
  summarize (SL_LINKTYPE_RAW, pkt1, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "MLD");
  g_assert_cmpstr (s.info, ==, "Multicast Listener Report for ff02::fb");
}

static const guint8 ipv4_router_alert[] = { 148, 4, 0, 0 };

static GByteArray *
igmp (guint       type,
      const char *group)
{
  GByteArray *a = g_byte_array_new ();

  g_byte_array_append (a, (guint8[]) { type, 0, 0, 0 }, 4);
  put_addr (a, AF_INET, group);
  return a;
}

static void
test_igmp (void)
{
  g_autoptr(GByteArray) join = ipv4_full (2, "10.0.0.1", "224.1.1.1", ipv4_router_alert, 4, 0, igmp (0x16, "224.1.1.1"));
  g_autoptr(GByteArray) leave = ipv4_full (2, "10.0.0.1", "224.0.0.2", ipv4_router_alert, 4, 0, igmp (0x17, "224.1.1.1"));
  g_autoptr(GByteArray) v3 = NULL;
  GByteArray *r = g_byte_array_new ();
  SlPacketSummary s;

  summarize (SL_LINKTYPE_RAW, join, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "IGMPv2");
  g_assert_cmpstr (s.info, ==, "Membership Report / Join group 224.1.1.1");
  check_tree (SL_LINKTYPE_RAW, join, join->len, "Router Alert: 0");

  summarize (SL_LINKTYPE_RAW, leave, &s, TRUE);
  g_assert_cmpstr (s.info, ==, "Leave Group 224.1.1.1");

  g_byte_array_append (r, (guint8[]) { 0x22, 0, 0, 0, 0, 0, 0, 2 }, 8);
  g_byte_array_append (r, (guint8[]) { 4, 0, 0, 0 }, 4);
  put_addr (r, AF_INET, "224.1.1.1");
  g_byte_array_append (r, (guint8[]) { 1, 0, 0, 2 }, 4);
  put_addr (r, AF_INET, "225.0.0.250");
  put_addr (r, AF_INET, "10.0.0.7");
  put_addr (r, AF_INET, "10.0.0.8");
  v3 = ethernet (mac_bcast, mac_a, 0x0800, ipv4_full (2, "10.0.0.1", "224.0.0.22", ipv4_router_alert, 4, 0, r));
  summarize (SL_LINKTYPE_ETHERNET, v3, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "IGMPv3");
  g_assert_cmpstr (s.info, ==, "Membership Report / Join group 224.1.1.1 for any sources"
                   " / Join group 225.0.0.250 for sources {10.0.0.7,10.0.0.8}");
  check_tree (SL_LINKTYPE_ETHERNET, v3, v3->len, "Source: 10.0.0.8");
}

static void
test_vlan_and_unknown (void)
{
  g_autoptr(GByteArray) inner = ipv4 (17, "10.0.0.1", "10.0.0.2", udp (49002, 49002, "x"));
  g_autoptr(GByteArray) vlan = g_byte_array_new ();
  g_autoptr(GByteArray) raw_frame = ethernet (mac_b, mac_a, 0x88b5, bytes ((const guint8 *) "hello", 5));
  SlPacketSummary s;

  g_byte_array_append (vlan, mac_b, 6);
  g_byte_array_append (vlan, mac_a, 6);
  put16 (vlan, 0x8100);
  put16 (vlan, 0x2000 | 42);
  put16 (vlan, 0x0800);
  g_byte_array_append (vlan, inner->data, inner->len);
  summarize (SL_LINKTYPE_ETHERNET, vlan, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "UDP");
  g_assert_cmpstr (s.info, ==, "49002 → 49002 Len=1");
  check_tree (SL_LINKTYPE_ETHERNET, vlan, vlan->len, "VLAN: 42 (priority 1)");

  summarize (SL_LINKTYPE_ETHERNET, raw_frame, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "Ethernet");
  g_assert_cmpstr (s.source, ==, "02:00:00:00:00:0a");
  g_assert_true (s.status & SL_DISSECT_UNKNOWN);
  g_assert_cmpstr (s.info, ==, "EtherType 0x88b5, 5 bytes");

  summarize (999, raw_frame, &s, TRUE);
  g_assert_cmpstr (s.info, ==, "Link type 999");
}

static void
test_fragments (void)
{
  static const guint8 frag_header[] = { 17, 0, 0x00, 0x09, 0, 0, 0, 0x42 }; /* offset 8, M */
  g_autoptr(GByteArray) v4 = ipv4_full (17, "10.0.0.1", "10.0.0.2", NULL, 0, 0x2000, udp (1, 2, "frag"));
  g_autoptr(GByteArray) v6 = ipv6_ext (44, "::1", "::2", frag_header, sizeof frag_header,
                                       bytes ((const guint8 *) "12345678", 8));
  SlPacketSummary s;

  summarize (SL_LINKTYPE_RAW, v4, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "IPv4");
  g_assert_cmpstr (s.info, ==, "Fragmented IP protocol (proto=UDP 17, off=0, ID=1234)");
  g_assert_false (s.is_udp);

  summarize (SL_LINKTYPE_RAW, v6, &s, TRUE);
  g_assert_cmpstr (s.protocol, ==, "IPv6");
  g_assert_cmpstr (s.info, ==, "Fragmented IP protocol (proto=UDP 17, off=8, ID=00000042)");
}

static void
test_malformed (void)
{
  g_autoptr(GByteArray) good = tcp_over_ethernet (1, 2, 0, 0, 0x002, 0, NULL, 0, NULL);
  g_autoptr(GByteArray) p = NULL;
  SlPacketSummary s;

  /* IHL 4 */
  p = g_byte_array_sized_new (good->len);
  g_byte_array_append (p, good->data, good->len);
  p->data[14] = 0x44;
  summarize (SL_LINKTYPE_ETHERNET, p, &s, FALSE);
  g_assert_true (s.status & SL_DISSECT_MALFORMED);
  g_assert_cmpstr (s.problem_layer, ==, "IPv4");
  g_assert_cmpstr (s.info, ==, "[Malformed IPv4]");
  check_tree (SL_LINKTYPE_ETHERNET, p, p->len, "[The header length is less than 20 bytes]");

  /* TCP data offset 4, then 15 (past the IP payload) */
  memcpy (p->data, good->data, good->len);
  p->data[14 + 20 + 12] = 0x40;
  summarize (SL_LINKTYPE_ETHERNET, p, &s, FALSE);
  g_assert_true (s.status & SL_DISSECT_MALFORMED);
  g_assert_cmpstr (s.problem_layer, ==, "TCP");
  g_assert_false (s.is_tcp);
  p->data[14 + 20 + 12] = 0xf0;
  summarize (SL_LINKTYPE_ETHERNET, p, &s, FALSE);
  g_assert_cmpstr (s.problem_layer, ==, "TCP");
  check_tree (SL_LINKTYPE_ETHERNET, p, p->len, NULL);

  /* IP total length below the header length */
  memcpy (p->data, good->data, good->len);
  p->data[16] = 0;
  p->data[17] = 12;
  summarize (SL_LINKTYPE_ETHERNET, p, &s, FALSE);
  g_assert_cmpstr (s.problem_layer, ==, "IPv4");

  /* A TCP option whose length runs past the header */
  {
    static const guint8 bad_option[] = { 1, 1, 2, 9 };
    g_autoptr(GByteArray) q = tcp_over_ethernet (1, 2, 0, 0, 0x002, 0, bad_option, 4, NULL);

    summarize (SL_LINKTYPE_ETHERNET, q, &s, FALSE);
    g_assert_true (s.status & SL_DISSECT_MALFORMED);
    g_assert_true (s.is_tcp);
    g_assert_cmpstr (s.info, ==, "1 → 2 [SYN] Seq=0 Win=0 Len=0 [Malformed TCP]");
  }

  /* A UDP length past the IP payload */
  {
    g_autoptr(GByteArray) u = ipv4 (17, "10.0.0.1", "10.0.0.2", udp (1, 2, "abc"));

    u->data[20 + 5] = 200;
    summarize (SL_LINKTYPE_RAW, u, &s, FALSE);
    g_assert_cmpstr (s.problem_layer, ==, "UDP");
  }
}

/* Cut a TCP/IPv4 packet over Ethernet at every byte: never a read past the
 * end (ASan and the fuzzer check that too), always "truncated", at the right layer. */
static void
test_truncated_everywhere (void)
{
  g_autoptr(GByteArray) p = tcp_over_ethernet (40312, 55556, 1, 1, 0x018, 100, syn_options,
                                               sizeof syn_options, "GET / HTTP/1.1\r\n");
  gsize i;

  for (i = 0; i < p->len; i++)
    {
      g_autofree guint8 *copy = g_memdup2 (p->data, i); /* exactly i bytes: ASan sees any overread */
      /* Once "GET " is in, the segment is HTTP, cut short. */
      const char *layer = i < 14 ? "Ethernet" : i < 34 ? "IPv4" : i < 74 + 4 ? "TCP" : "HTTP";
      SlPacketSummary s;
      g_autoptr(SlDissection) tree = NULL;
      guint k;

      g_assert_false (sl_dissect_summary (SL_LINKTYPE_ETHERNET, copy, i, p->len, &s));
      g_assert_true (s.status & SL_DISSECT_TRUNCATED);
      g_assert_false (s.status & SL_DISSECT_MALFORMED);
      g_assert_cmpstr (s.problem_layer, ==, layer);
      g_assert_nonnull (strstr (s.info, "truncated]"));

      /* Told the frame was only i bytes long on the wire, too. */
      g_assert_false (sl_dissect_summary (SL_LINKTYPE_ETHERNET, copy, i, i, &s));
      g_assert_true (s.status & (SL_DISSECT_TRUNCATED | SL_DISSECT_MALFORMED));

      tree = sl_dissect_tree (SL_LINKTYPE_ETHERNET, copy, i, p->len);
      for (k = 0; k < sl_dissection_get_n_fields (tree); k++)
        {
          const SlDissectField *f = sl_dissection_get_field (tree, k);

          g_assert_cmpuint (f->offset + f->length, <=, i);
        }
      g_assert_true (sl_dissection_get_summary (tree)->status & SL_DISSECT_TRUNCATED);
    }
}

/* pcap files: a tiny reader, so the test needs no libpcap. */

typedef struct
{
  guint linktype;
  GPtrArray *packets;  /* of GBytes */
  GArray *origlens;    /* of guint */
} Pcap;

static void
pcap_clear (Pcap *pcap)
{
  g_clear_pointer (&pcap->packets, g_ptr_array_unref);
  g_clear_pointer (&pcap->origlens, g_array_unref);
}

static guint32
read32 (const guint8 *p,
        gboolean      swapped)
{
  guint32 v;

  memcpy (&v, p, 4);
  return swapped ? GUINT32_SWAP_LE_BE (v) : v;
}

static void
pcap_read (const char *path,
           Pcap       *pcap)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const guint8 *p;
  gsize len, off = 24;
  guint32 magic;
  gboolean swapped;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >=, 24);
  p = (const guint8 *) contents;
  memcpy (&magic, p, 4);
  swapped = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
  g_assert_true (swapped || magic == 0xa1b2c3d4 || magic == 0xa1b23c4d);
  pcap->linktype = read32 (p + 20, swapped) & 0xffff;
  pcap->packets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  pcap->origlens = g_array_new (FALSE, FALSE, sizeof (guint));

  while (off + 16 <= len)
    {
      guint32 incl = read32 (p + off + 8, swapped);
      guint origlen = read32 (p + off + 12, swapped);

      g_assert_cmpuint (incl, <=, len - off - 16);
      g_ptr_array_add (pcap->packets, g_bytes_new (p + off + 16, incl));
      g_array_append_val (pcap->origlens, origlen);
      off += 16 + incl;
    }
  g_assert_cmpuint (off, ==, len);
}

/* tcp.flags.str as tshark prints it: 12 bits from the top, "·" for 0. */
static char *
flags_str (guint flags)
{
  static const char letters[] = "RRRNCEUAPRSF";
  GString *out = g_string_new (NULL);
  int bit;

  for (bit = 11; bit >= 0; bit--)
    {
      if (flags & (1u << bit))
        g_string_append_c (out, letters[11 - bit]);
      else
        g_string_append (out, "·");
    }
  return g_string_free (out, FALSE);
}

/* Compare each packet with one line of
 * tshark -T fields -e tcp.flags.str -e tcp.seq -e tcp.ack -e tcp.len [-e tcp.window_size -e tcp.stream] */
static void
compare_with_tshark (const char *pcap_path,
                     const char *fields)
{
  g_auto(GStrv) lines = g_strsplit (fields, "\n", -1);
  g_autoptr(SlTcpTracker) tracker = sl_tcp_tracker_new (0);
  Pcap pcap = { 0 };
  guint i, n_lines = g_strv_length (lines);

  if (n_lines > 0 && lines[n_lines - 1][0] == '\0')
    n_lines--;
  pcap_read (pcap_path, &pcap);
  g_assert_cmpuint (pcap.packets->len, ==, n_lines);
  g_assert_cmpuint (n_lines, >=, 7);

  for (i = 0; i < pcap.packets->len; i++)
    {
      GBytes *b = g_ptr_array_index (pcap.packets, i);
      gsize size;
      const guint8 *data = g_bytes_get_data (b, &size);
      g_auto(GStrv) expected = g_strsplit (lines[i], "\t", -1);
      g_autofree char *flags = NULL;
      SlPacketSummary s;
      guint n = g_strv_length (expected);

      g_assert_true (sl_dissect_summary (pcap.linktype, data, size,
                                         g_array_index (pcap.origlens, guint, i), &s));
      g_assert_true (sl_tcp_tracker_add (tracker, &s));
      g_assert_cmpuint (n, >=, 4);
      flags = flags_str (s.tcp.flags);
      g_test_message ("packet %u: %s | %s", i + 1, lines[i], s.info);
      g_assert_cmpstr (flags, ==, expected[0]);
      g_assert_cmpuint (s.tcp.rel_seq, ==, g_ascii_strtoull (expected[1], NULL, 10));
      g_assert_cmpuint (s.tcp.rel_ack, ==, g_ascii_strtoull (expected[2], NULL, 10));
      g_assert_cmpuint (s.tcp.payload_length, ==, g_ascii_strtoull (expected[3], NULL, 10));
      if (n >= 5)
        g_assert_cmpuint (s.tcp.window_size, ==, g_ascii_strtoull (expected[4], NULL, 10));
      if (n >= 6)
        g_assert_cmpuint (s.tcp.stream, ==, g_ascii_strtoull (expected[5], NULL, 10));
    }
  pcap_clear (&pcap);
}

/* meson's test environment names the source tree; G_TEST_SRCDIR works too. */
static char *
data_file (const char *name)
{
  const char *srcdir = g_getenv ("SRCDIR");

  if (srcdir != NULL && g_getenv ("G_TEST_SRCDIR") == NULL)
    return g_build_filename (srcdir, "tests", "unit", "data", name, NULL);
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static void
test_stored_capture (gconstpointer data)
{
  const char *name = data;
  g_autofree char *pcap = data_file (name);
  g_autofree char *txt_name = g_strconcat (name, NULL);
  g_autofree char *txt = NULL;
  g_autofree char *fields = NULL;
  g_autoptr(GError) error = NULL;

  strcpy (strrchr (txt_name, '.'), ".txt");
  txt = data_file (txt_name);
  g_file_get_contents (txt, &fields, NULL, &error);
  g_assert_no_error (error);
  compare_with_tshark (pcap, fields);
}

static guint16
free_loopback_port (void)
{
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof sin;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sin, &len), ==, 0);
  close (fd);
  return ntohs (sin.sin_port);
}

static const char hello_script[] =
  "import socket, sys\n"
  "port = int(sys.argv[1])\n"
  "srv = socket.socket()\n"
  "srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
  "srv.bind(('127.0.0.1', port)); srv.listen(1)\n"
  "c = socket.create_connection(('127.0.0.1', port))\n"
  "s, _ = srv.accept()\n"
  "c.sendall(b'hello')\n"
  "assert s.recv(100) == b'hello'\n"
  "s.sendall(b'hello')\n"
  "assert c.recv(100) == b'hello'\n"
  "c.close(); s.recv(100); s.close(); srv.close()\n";

/* Capture a real exchange on lo and check every packet against tshark. */
static void
test_live_capture (void)
{
  g_autofree char *tcpdump = g_find_program_in_path ("tcpdump");
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *port = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *err = NULL;
  GPid pid;
  int err_fd, status;
  GString *banner = g_string_new (NULL);
  gint64 deadline;

  if (geteuid () != 0 || tcpdump == NULL || tshark == NULL || !g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_string_free (banner, TRUE);
      g_test_skip ("needs root, tcpdump, tshark and python3");
      return;
    }

  dir = g_dir_make_tmp ("test-dissect-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (dir, "hello.pcap", NULL);
  port = g_strdup_printf ("%u", free_loopback_port ());
  filter = g_strdup_printf ("tcp port %s", port);

  {
    const char *argv[] = { tcpdump, "-i", "lo", "--immediate-mode", "-U", "-n", "-w", file, filter, NULL };

    g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                              &pid, NULL, NULL, &err_fd, &error);
    g_assert_no_error (error);
  }

  /* tcpdump says "listening on lo" once its filter is in place. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (strstr (banner->str, "listening on") == NULL && g_get_monotonic_time () < deadline)
    {
      char c;

      if (read (err_fd, &c, 1) != 1)
        break;
      g_string_append_c (banner, c);
    }
  g_assert_nonnull (strstr (banner->str, "listening on"));
  g_string_free (banner, TRUE);

  {
    const char *argv[] = { "/usr/bin/python3", "-c", hello_script, port, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_spawn_check_wait_status (status, &error);
    g_assert_no_error (error);
  }

  /* Let the last ACK reach the capture before stopping it: without
   * --immediate-mode libpcap hands packets over in blocks, once a second,
   * and tcpdump drops the last block when it is stopped. */
  g_usleep (500 * 1000);
  kill (pid, SIGTERM);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  close (err_fd);

  {
    const char *argv[] = { tshark, "-r", file, "-T", "fields", "-e", "tcp.flags.str", "-e", "tcp.seq",
                           "-e", "tcp.ack", "-e", "tcp.len", "-e", "tcp.window_size", "-e", "tcp.stream", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &fields, &err, &status, &error);
    g_assert_no_error (error);
    g_spawn_check_wait_status (status, &error);
    g_assert_no_error (error);
  }

  compare_with_tshark (file, fields);

  g_unlink (file);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dissect/tcp-syn", test_tcp_syn);
  g_test_add_func ("/dissect/tracker/handshake", test_tracker_handshake);
  g_test_add_func ("/dissect/tracker/midstream", test_tracker_midstream);
  g_test_add_func ("/dissect/tracker/synack-first", test_tracker_synack_first);
  g_test_add_func ("/dissect/tracker/reuse-and-bounds", test_tracker_reuse_and_bounds);
  g_test_add_func ("/dissect/http", test_http);
  g_test_add_func ("/dissect/udp-ipv6-cooked", test_udp_ipv6_sll);
  g_test_add_func ("/dissect/arp", test_arp);
  g_test_add_func ("/dissect/icmp", test_icmp);
  g_test_add_func ("/dissect/ndp", test_ndp);
  g_test_add_func ("/dissect/mld", test_mld);
  g_test_add_func ("/dissect/igmp", test_igmp);
  g_test_add_func ("/dissect/vlan-and-unknown", test_vlan_and_unknown);
  g_test_add_func ("/dissect/fragments", test_fragments);
  g_test_add_func ("/dissect/malformed", test_malformed);
  g_test_add_func ("/dissect/truncated-everywhere", test_truncated_everywhere);
  g_test_add_data_func ("/dissect/capture/stored-ethernet", "tcp-hello.pcap", test_stored_capture);
  g_test_add_data_func ("/dissect/capture/stored-sll2", "tcp-hello-sll2.pcap", test_stored_capture);
  g_test_add_data_func ("/dissect/capture/stored-port-reuse", "tcp-port-reuse.pcap", test_stored_capture);
  g_test_add_data_func ("/dissect/capture/stored-midstream", "tcp-midstream.pcap", test_stored_capture);
  g_test_add_func ("/dissect/capture/live", test_live_capture);

  return g_test_run ();
}
