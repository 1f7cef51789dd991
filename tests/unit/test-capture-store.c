/* test-capture-store.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The capture without privileges: the pcap parser and the packet store fed
 * from stored files, the memory a million packets cost, and SlCapture
 * driven end to end through a stand-in helper (a shell script that streams
 * a stored file and answers commands as PROTOCOL.md says). */

#include "config.h"

#include <glib/gstdio.h>
#include <malloc.h>
#include <string.h>

#include "sl-capture-private.h"
#include "sl-port-registry.h"

#include "sl-test-model.h"

static char *tmp_dir;

static char *
data_file (const char *name)
{
  const char *srcdir = g_getenv ("SRCDIR");

  if (srcdir != NULL && g_getenv ("G_TEST_SRCDIR") == NULL)
    return g_build_filename (srcdir, "tests", "unit", "data", name, NULL);
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static GBytes *
read_data (const char *name)
{
  g_autofree char *path = data_file (name);
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

/* Feeds @stream as the reader thread does, in pieces of random sizes, with
 * the unparsed rest carried over. */
static void
feed (SlPacketStore *store,
      const guint8  *stream,
      gsize          len)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  gsize pos = 0;

  while (pos < len)
    {
      gsize random_size = g_test_rand_int_range (1, 200);
      gsize piece = MIN (len - pos, random_size);
      g_autoptr(GError) error = NULL;
      gsize used;

      g_byte_array_append (buffer, stream + pos, piece);
      pos += piece;
      used = sl_packet_store_parse (store, buffer->data, buffer->len, &error);
      g_assert_no_error (error);
      g_byte_array_remove_range (buffer, 0, used);
      sl_packet_store_commit (store);
    }

  g_assert_cmpuint (buffer->len, ==, 0);
}

static char *
flags_str (guint flags)
{
  /* As tshark's tcp.flags.str: 12 characters, NS first */
  static const char letters[] = "RRRNCEUAPRSF";
  GString *out = g_string_new (NULL);
  int i;

  for (i = 11; i >= 0; i--)
    {
      if (flags & (1u << i))
        g_string_append_c (out, letters[11 - i]);
      else
        g_string_append (out, "·");
    }
  return g_string_free (out, FALSE);
}

static void
check_against_tshark (SlPacketStore *store,
                      const char    *txt_name)
{
  g_autoptr(GBytes) txt = read_data (txt_name);
  g_autofree char *text = g_strndup (g_bytes_get_data (txt, NULL), g_bytes_get_size (txt));
  g_auto(GStrv) lines = g_strsplit (g_strchomp (text), "\n", -1);
  guint i, n = sl_packet_store_get_n_committed (store, NULL);

  g_assert_cmpuint (n, ==, g_strv_length (lines));

  for (i = 0; i < n; i++)
    {
      g_autoptr(SlPacket) packet = sl_packet_new_from_store (store, i, 0);
      g_auto(GStrv) expected = g_strsplit (lines[i], "\t", -1);
      const SlPacketSummary *s = sl_packet_get_summary (packet);
      g_autofree char *flags = flags_str (s->tcp.flags);

      g_test_message ("packet %u: %s | %s", i + 1, lines[i], s->info);
      g_assert_true (s->is_tcp);
      g_assert_cmpstr (flags, ==, expected[0]);
      g_assert_cmpuint (s->tcp.rel_seq, ==, g_ascii_strtoull (expected[1], NULL, 10));
      g_assert_cmpuint (s->tcp.rel_ack, ==, g_ascii_strtoull (expected[2], NULL, 10));
      g_assert_cmpuint (s->tcp.payload_length, ==, g_ascii_strtoull (expected[3], NULL, 10));
      g_assert_cmpuint (s->tcp.window_size, ==, g_ascii_strtoull (expected[4], NULL, 10));
      g_assert_cmpint (sl_packet_get_stream (packet), ==, (int) g_ascii_strtoull (expected[5], NULL, 10));
      g_assert_cmpuint (sl_packet_get_tcp_flags (packet), ==, s->tcp.flags);
      g_assert_nonnull (strstr (s->info, "Seq="));
    }
}

static void
test_record_size (void)
{
  g_test_message ("sizeof (SlPacketRecord) = %zu", sizeof (SlPacketRecord));
  g_assert_cmpuint (sizeof (SlPacketRecord), <=, 64);
}

static void
test_stored_file (gconstpointer data)
{
  const char *name = data;
  g_autoptr(GBytes) pcap = read_data (name);
  g_autofree char *txt = g_strdup (name);
  SlPacketStore *store = sl_packet_store_new ();

  strcpy (strrchr (txt, '.'), ".txt");
  feed (store, g_bytes_get_data (pcap, NULL), g_bytes_get_size (pcap));
  check_against_tshark (store, txt);
  sl_packet_store_free (store);
}

static void
put_u32 (guint8  *p,
         guint32  v,
         gboolean swap)
{
  if (swap)
    v = GUINT32_SWAP_LE_BE (v);
  memcpy (p, &v, 4);
}

static guint32
get_u32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return v;
}

/* The same capture written big-endian and with nanosecond timestamps */
static void
test_byte_orders (void)
{
  g_autoptr(GBytes) pcap = read_data ("tcp-hello.pcap");
  gsize len = g_bytes_get_size (pcap);
  const guint8 *orig = g_bytes_get_data (pcap, NULL);
  guint variant;
  gint64 first_ts = 0;

  for (variant = 0; variant < 4; variant++)
    {
      gboolean swap = variant & 1, nanos = variant & 2;
      g_autofree guint8 *copy = g_memdup2 (orig, len);
      SlPacketStore *store = sl_packet_store_new ();
      SlPacketRecord record;
      gsize pos = 24;
      guint i;

      put_u32 (copy, nanos ? 0xa1b23c4d : 0xa1b2c3d4, swap);
      for (i = 4; i < 24; i += 4)
        if (i != 4)
          put_u32 (copy + i, get_u32 (orig + i), swap);
      /* version 2.4: two 16-bit fields */
      copy[4] = swap ? 0 : 2; copy[5] = swap ? 2 : 0;
      copy[6] = swap ? 0 : 4; copy[7] = swap ? 4 : 0;

      while (pos + 16 <= len)
        {
          guint32 caplen = get_u32 (orig + pos + 8);

          put_u32 (copy + pos, get_u32 (orig + pos), swap);
          put_u32 (copy + pos + 4, get_u32 (orig + pos + 4) * (nanos ? 1000 : 1), swap);
          put_u32 (copy + pos + 8, caplen, swap);
          put_u32 (copy + pos + 12, get_u32 (orig + pos + 12), swap);
          pos += 16 + caplen;
        }

      feed (store, copy, len);
      check_against_tshark (store, "tcp-hello.txt");
      g_assert_true (sl_packet_store_get (store, 0, &record, NULL));
      g_assert_cmpuint (sl_packet_store_get_linktype (store), ==, 1);
      if (variant == 0)
        first_ts = record.ts_us;
      g_assert_cmpint (record.ts_us, ==, first_ts);
      g_assert_cmpint (record.ts_us, ==, (gint64) get_u32 (orig + 24) * G_USEC_PER_SEC + get_u32 (orig + 28));
      sl_packet_store_free (store);
    }
}

static void
test_damaged (void)
{
  static const guint8 not_pcap[24] = "GET / HTTP/1.1\r\n\r\n....";
  g_autoptr(GBytes) pcap = read_data ("tcp-hello.pcap");
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (pcap, NULL), g_bytes_get_size (pcap));
  SlPacketStore *store = sl_packet_store_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (sl_packet_store_parse (store, not_pcap, sizeof not_pcap, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* A record longer than any snaplen */
  sl_packet_store_begin_stream (store);
  put_u32 (copy + 24 + 8, 10 * 1024 * 1024, FALSE);
  g_assert_cmpuint (sl_packet_store_parse (store, copy, g_bytes_get_size (pcap), &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  sl_packet_store_free (store);
}

/* A clear while the writer is between two commits lands at its commit */
static void
test_clear_while_writing (void)
{
  g_autoptr(GBytes) pcap = read_data ("tcp-hello.pcap");
  SlPacketStore *store = sl_packet_store_new ();
  guint gen_before, gen_after;
  gsize len = g_bytes_get_size (pcap);

  feed (store, g_bytes_get_data (pcap, NULL), len);
  g_assert_cmpuint (sl_packet_store_get_n_committed (store, &gen_before), ==, 10);

  sl_packet_store_clear (store, TRUE);
  g_assert_cmpuint (sl_packet_store_get_n_committed (store, &gen_after), ==, 0);
  g_assert_cmpuint (gen_after, !=, gen_before);
  g_assert_false (sl_packet_store_get (store, 0, NULL, NULL));
  g_assert_false (sl_packet_store_commit (store));
  g_assert_cmpuint (sl_packet_store_get_n_written (store), ==, 0);

  /* The tracker was cleared too: the same packets again get stream 0 */
  sl_packet_store_begin_stream (store);
  feed (store, g_bytes_get_data (pcap, NULL), len);
  check_against_tshark (store, "tcp-hello.txt");
  sl_packet_store_free (store);
}

static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

/* One million 64-byte UDP packets: their bytes plus at most 64 bytes each,
 * at the rate the reader must sustain. */
static void
test_million_packets (void)
{
  const guint n_packets = 1000000, per_batch = 16384, caplen = 64;
  static const guint8 header[24] = {
    0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 4, 0, 1, 0, 0, 0,
  };
  guint8 packet[64] = {
    /* Ethernet */
    0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6, 0x08, 0x00,
    /* IPv4: 50 bytes, UDP, 127.0.0.1 → 127.0.0.1 */
    0x45, 0, 0, 50, 0, 0, 0x40, 0, 64, 17, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1,
    /* UDP 40000 → 49002, 30 bytes */
    0x9c, 0x40, 0xbf, 0x6a, 0, 30, 0, 0,
  };
  g_autofree guint8 *batch = g_malloc ((gsize) per_batch * (16 + caplen));
  SlPacketStore *store;
  gsize before, after, used_by_store, limit;
  gint64 start, elapsed = 0;
  guint sent = 0;
  SlPacketRecord record;

  memset (packet + 42, 'x', sizeof packet - 42);

  before = heap_in_use ();
  store = sl_packet_store_new ();
  g_assert_cmpuint (sl_packet_store_parse (store, header, sizeof header, NULL), ==, 24);

  while (sent < n_packets)
    {
      guint count = MIN (per_batch, n_packets - sent), i;
      guint8 *p = batch;

      for (i = 0; i < count; i++)
        {
          guint32 seq = sent + i;

          put_u32 (p, 1700000000 + seq / 1000000, FALSE);
          put_u32 (p + 4, seq % 1000000, FALSE);
          put_u32 (p + 8, caplen, FALSE);
          put_u32 (p + 12, caplen, FALSE);
          memcpy (p + 16, packet, caplen);
          memcpy (p + 16 + 42, &seq, 4);
          p += 16 + caplen;
        }

      start = g_get_monotonic_time ();
      g_assert_cmpuint (sl_packet_store_parse (store, batch, p - batch, NULL), ==, p - batch);
      g_assert_true (sl_packet_store_commit (store));
      elapsed += g_get_monotonic_time () - start;
      sent += count;
    }

  after = heap_in_use ();
  used_by_store = sl_packet_store_get_memory (store);
  limit = (gsize) n_packets * (caplen + 64);

  g_test_message ("1,000,000 × 64-byte packets: heap %.1f MB, store %.1f MB, "
                  "limit (bytes + 64 each) %.1f MB; %.0f packets/s parsed and dissected",
                  (after - before) / 1e6, used_by_store / 1e6, limit / 1e6,
                  n_packets / (elapsed / 1e6));
  g_assert_cmpuint (after - before, <=, limit);
  g_assert_cmpuint (used_by_store, <=, limit);
  g_assert_cmpfloat (n_packets / (elapsed / 1e6), >=, 300000.0);

  g_assert_cmpuint (sl_packet_store_get_n_committed (store, NULL), ==, n_packets);
  g_assert_true (sl_packet_store_get (store, 765432, &record, NULL));
  g_assert_cmpuint (record.caplen, ==, caplen);
  g_assert_cmpint (record.stream, ==, -1);
  {
    g_autoptr(SlPacket) p = sl_packet_new_from_store (store, 765432, 0);
    const guint8 *bytes = g_bytes_get_data (sl_packet_get_bytes (p), NULL);
    guint32 seq;

    memcpy (&seq, bytes + 42, 4);
    g_assert_cmpuint (seq, ==, 765432);
    g_assert_cmpstr (sl_packet_get_summary (p)->protocol, ==, "UDP");
  }

  sl_packet_store_free (store);
}

/* SlCapture with a stand-in helper ------------------------------------------ */

static const char fake_helper[] =
  "#!/bin/sh\n"
  "# A stand-in for socket-lab-helper (PROTOCOL.md), for tests\n"
  "if [ -n \"$FAKE_ERROR\" ]; then echo \"error $FAKE_ERROR fake helper\" >&2; exit 1; fi\n"
  "echo \"args $*\" >&2\n"
  "echo \"ready ${FAKE_LINKTYPE:-1}\" >&2\n"
  "if [ -n \"$FAKE_PCAP\" ]; then cat \"$FAKE_PCAP\"; fi\n"
  "echo 'stats 10 3 4' >&2\n"
  "while IFS= read -r line; do\n"
  "  case \"$line\" in\n"
  "    filter*) echo \"$line\" >> \"$FAKE_LOG\"; echo filter-ok >&2 ;;\n"
  "    stop) echo stop >> \"$FAKE_LOG\"; exit 0 ;;\n"
  "  esac\n"
  "done\n"
  "echo eof >> \"$FAKE_LOG\"\n";

#define SPIN_UNTIL(cond)                                                    \
  G_STMT_START {                                                            \
    gint64 deadline_ = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;       \
    while (!(cond) && g_get_monotonic_time () < deadline_)                  \
      g_main_context_iteration (NULL, TRUE);                                \
    g_assert_true (cond);                                                   \
  } G_STMT_END

static void
on_async_ready (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* A stored file with many packets: tcp-hello's ten packets, 2,000 times */
static char *
write_big_pcap (guint copies)
{
  g_autoptr(GBytes) pcap = read_data ("tcp-hello.pcap");
  const guint8 *data = g_bytes_get_data (pcap, NULL);
  gsize len = g_bytes_get_size (pcap);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, "big.pcap", NULL);
  guint i;

  g_byte_array_append (out, data, len);
  for (i = 1; i < copies; i++)
    g_byte_array_append (out, data + 24, len - 24);
  g_file_set_contents (path, (const char *) out->data, out->len, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_capture_batches (void)
{
  g_autofree char *big = write_big_pcap (2000);
  g_autofree char *export = g_build_filename (tmp_dir, "export.pcap", NULL);
  g_autofree char *log = g_build_filename (tmp_dir, "helper.log", NULL);
  g_autofree char *log_text = NULL;
  g_autoptr(SlCapture) capture = sl_capture_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autofree char *exported = NULL;
  gsize exported_len;
  SlTestChangeCount count = { 0 };
  guint timer;

  g_setenv ("FAKE_PCAP", big, TRUE);
  g_setenv ("FAKE_LOG", log, TRUE);
  g_unsetenv ("FAKE_ERROR");
  timer = g_timeout_add (5, wake_up_cb, NULL);

  g_signal_connect (capture, "items-changed", G_CALLBACK (sl_test_on_items_changed), &count);
  sl_capture_set_all_traffic (capture, TRUE);
  sl_capture_start (capture);
  g_assert_cmpint (sl_capture_get_state (capture), ==, SL_CAPTURE_STARTING);
  g_assert_cmpstr (sl_capture_get_filter (capture), ==, "");

  SPIN_UNTIL (sl_capture_get_n_packets (capture) == 20000);
  g_assert_cmpint (sl_capture_get_state (capture), ==, SL_CAPTURE_RUNNING);
  g_assert_cmpuint (sl_capture_get_n_packets (capture), ==, g_list_model_get_n_items (sl_capture_get_packets (capture)));
  g_test_message ("20,000 packets in %u items-changed", count.signals);
  g_assert_cmpuint (count.added, ==, 20000);
  g_assert_cmpuint (count.signals, <=, 50);
  SPIN_UNTIL (sl_capture_get_n_dropped (capture) == 7);
  g_assert_cmpuint (sl_capture_get_n_dropped (capture), ==, 7);

  /* Rows made on demand, with the relative numbers of the first pass;
   * the 2,000 copies reuse one address pair and ISN: one stream */
  {
    g_autoptr(SlPacket) p = sl_capture_get_packet (capture, 19993);
    const SlPacketSummary *s = sl_packet_get_summary (p);

    g_assert_cmpuint (sl_packet_get_index (p), ==, 19993);
    g_assert_true (s->is_tcp);
    g_assert_cmpuint (s->tcp.flags, ==, SL_TCP_ACK | SL_TCP_PSH);
    g_assert_cmpfloat (sl_packet_get_relative_time (p), >=, 0.0);
    g_assert_cmpuint (sl_packet_get_linktype (p), ==, 1);
  }
  g_assert_null (sl_capture_get_packet (capture, 20000));
  g_assert_cmpuint (sl_tcp_tracker_get_n_conversations (sl_capture_get_tracker (capture)), >=, 1);

  g_assert_true (sl_capture_export (capture, export, &error));
  g_assert_no_error (error);
  original = read_data ("tcp-hello.pcap");
  g_file_get_contents (export, &exported, &exported_len, &error);
  g_assert_no_error (error);
  /* libpcap's header says snaplen 262144; the records are the same */
  g_assert_cmpuint (exported_len, ==, 24 + 2000 * (g_bytes_get_size (original) - 24));
  g_assert_cmpmem (exported + 24, g_bytes_get_size (original) - 24,
                   (const guint8 *) g_bytes_get_data (original, NULL) + 24, g_bytes_get_size (original) - 24);

  /* A directory that does not exist: a sentence a student understands */
  g_assert_false (sl_capture_export (capture, "/nonexistent/dir/x.pcap", &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "/nonexistent/dir/x.pcap"));
  g_clear_error (&error);

  /* The UI's way: the same file, written in a worker thread */
  {
    g_autofree char *async_path = g_strconcat (export, ".async", NULL);
    g_autofree char *async_data = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    gsize async_len = 0;

    sl_capture_export_async (capture, async_path, NULL, on_async_ready, &result);
    SPIN_UNTIL (result != NULL);
    g_assert_true (sl_capture_export_finish (capture, result, &error));
    g_assert_no_error (error);
    g_file_get_contents (async_path, &async_data, &async_len, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (async_data, async_len, exported, exported_len);
    g_unlink (async_path);
  }

  sl_capture_stop (capture);
  SPIN_UNTIL (sl_capture_get_state (capture) == SL_CAPTURE_STOPPED);
  g_file_get_contents (log, &log_text, NULL, NULL);
  g_assert_nonnull (strstr (log_text, "stop"));

  count = (SlTestChangeCount) { 0 };
  sl_capture_clear (capture);
  g_assert_cmpuint (sl_capture_get_n_packets (capture), ==, 0);
  g_assert_cmpuint (count.removed, ==, 20000);
  g_assert_cmpuint (count.signals, ==, 1);

  /* Started again: the same stream after a clear */
  sl_capture_start (capture);
  SPIN_UNTIL (sl_capture_get_n_packets (capture) == 20000);
  sl_capture_clear (capture);  /* while the helper runs */
  g_assert_cmpuint (sl_capture_get_n_packets (capture), ==, 0);
  sl_capture_stop (capture);
  SPIN_UNTIL (sl_capture_get_state (capture) == SL_CAPTURE_STOPPED);
  g_assert_cmpuint (sl_capture_get_n_packets (capture), ==, 0);

  g_source_remove (timer);
  g_unlink (log);
}

static void
test_capture_problems (void)
{
  g_autoptr(SlCapture) capture = sl_capture_new ();
  g_autofree char *helper = g_strdup (g_getenv ("SOCKET_LAB_HELPER"));
  g_autofree char *command = NULL;

  g_setenv ("FAKE_ERROR", "permission", TRUE);
  sl_capture_start (capture);
  SPIN_UNTIL (sl_capture_get_state (capture) == SL_CAPTURE_FAILED);
  g_assert_cmpint (sl_capture_get_problem (capture), ==, SL_CAPTURE_PROBLEM_NO_PERMISSION);
  g_assert_cmpstr (sl_capture_get_problem_detail (capture), ==, "error permission fake helper");

  g_setenv ("FAKE_ERROR", "no-interface", TRUE);
  sl_capture_start (capture);
  SPIN_UNTIL (sl_capture_get_state (capture) == SL_CAPTURE_FAILED &&
              sl_capture_get_problem (capture) == SL_CAPTURE_PROBLEM_NO_INTERFACE);
  g_unsetenv ("FAKE_ERROR");

  g_setenv ("SOCKET_LAB_HELPER", "/nonexistent/socket-lab-helper", TRUE);
  sl_capture_start (capture);
  g_assert_cmpint (sl_capture_get_state (capture), ==, SL_CAPTURE_FAILED);
  g_assert_cmpint (sl_capture_get_problem (capture), ==, SL_CAPTURE_PROBLEM_NO_HELPER);
  command = sl_capture_dup_setcap_command ();
  g_assert_cmpstr (command, ==, "sudo setcap cap_net_raw,cap_net_admin=ep /nonexistent/socket-lab-helper");
  g_setenv ("SOCKET_LAB_HELPER", helper, TRUE);

  sl_capture_stop (capture);
  g_assert_cmpint (sl_capture_get_state (capture), ==, SL_CAPTURE_STOPPED);
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* "This session": the filter follows the registry, and an engine that
 * waits before connect() goes on once the helper confirmed the filter. */
static void
test_capture_session_filter (void)
{
  g_autofree char *log = g_build_filename (tmp_dir, "session.log", NULL);
  g_autoptr(SlCapture) capture = sl_capture_new ();
  SlPortRegistry *registry = sl_port_registry_get_default ();
  g_autofree char *text = NULL;
  gboolean waited = FALSE;

  g_setenv ("FAKE_LOG", log, TRUE);
  g_unsetenv ("FAKE_PCAP");
  sl_port_registry_set_linger (registry, 0);

  sl_capture_start (capture);
  g_assert_cmpstr (sl_capture_get_filter (capture), ==, "tcp port 0");
  SPIN_UNTIL (sl_capture_get_state (capture) == SL_CAPTURE_RUNNING);

  sl_port_registry_add_and_wait (registry, SL_PORT_TCP, 55556, NULL, 5000, set_flag_cb, &waited, NULL);
  SPIN_UNTIL (waited);
  g_assert_cmpstr (sl_capture_get_filter (capture), ==, "tcp port 55556");

  sl_port_registry_add (registry, SL_PORT_UDP, 8123);
  SPIN_UNTIL (g_strcmp0 (sl_capture_get_filter (capture), "tcp port 55556 or udp port 8123") == 0);

  sl_capture_set_all_traffic (capture, TRUE);
  g_assert_cmpstr (sl_capture_get_filter (capture), ==, "");
  sl_capture_set_all_traffic (capture, FALSE);
  g_assert_cmpstr (sl_capture_get_filter (capture), ==, "tcp port 55556 or udp port 8123");

  sl_port_registry_remove (registry, SL_PORT_TCP, 55556);
  sl_port_registry_remove (registry, SL_PORT_UDP, 8123);
  SPIN_UNTIL (g_strcmp0 (sl_capture_get_filter (capture), "tcp port 0") == 0);

  sl_capture_stop (capture);
  SPIN_UNTIL (sl_capture_get_state (capture) == SL_CAPTURE_STOPPED);

  g_file_get_contents (log, &text, NULL, NULL);
  g_test_message ("helper received:\n%s", text);
  g_assert_cmpstr (text, ==,
                   "filter tcp port 55556\n"
                   "filter tcp port 55556 or udp port 8123\n"
                   "filter\n"
                   "filter tcp port 55556 or udp port 8123\n"
                   "filter tcp port 0\n"
                   "stop\n");

  /* No capture follows now: a wait ends at once */
  waited = FALSE;
  sl_port_registry_add_and_wait (registry, SL_PORT_TCP, 9999, NULL, 60000, set_flag_cb, &waited, NULL);
  g_main_context_iteration (NULL, FALSE);
  g_assert_true (waited);
  sl_port_registry_remove (registry, SL_PORT_TCP, 9999);
  sl_port_registry_set_linger (registry, 1000);
}

/* Dispose while the helper runs: the helper is told to stop and the
 * reader joined; nothing is left behind. */
static void
test_capture_dispose_running (void)
{
  g_autofree char *big = write_big_pcap (10);
  SlCapture *capture = sl_capture_new ();
  g_autofree char *log = g_build_filename (tmp_dir, "dispose.log", NULL);
  g_autofree char *text = NULL;
  gint64 deadline;

  g_setenv ("FAKE_PCAP", big, TRUE);
  g_setenv ("FAKE_LOG", log, TRUE);
  sl_capture_start (capture);
  SPIN_UNTIL (sl_capture_get_n_packets (capture) == 100);
  g_object_unref (capture);

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while ((text == NULL || strstr (text, "stop") == NULL) && g_get_monotonic_time () < deadline)
    {
      g_clear_pointer (&text, g_free);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      g_file_get_contents (log, &text, NULL, NULL);
    }
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "stop"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *helper = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("test-capture-store-XXXXXX", &error);
  g_assert_no_error (error);
  helper = g_build_filename (tmp_dir, "fake-helper", NULL);
  g_file_set_contents (helper, fake_helper, -1, &error);
  g_assert_no_error (error);
  g_chmod (helper, 0755);
  g_setenv ("SOCKET_LAB_HELPER", helper, TRUE);

  g_test_add_func ("/capture-store/record-size", test_record_size);
  g_test_add_data_func ("/capture-store/stored/tcp-hello", "tcp-hello.pcap", test_stored_file);
  g_test_add_data_func ("/capture-store/stored/tcp-hello-sll2", "tcp-hello-sll2.pcap", test_stored_file);
  g_test_add_data_func ("/capture-store/stored/tcp-midstream", "tcp-midstream.pcap", test_stored_file);
  g_test_add_data_func ("/capture-store/stored/tcp-port-reuse", "tcp-port-reuse.pcap", test_stored_file);
  g_test_add_func ("/capture-store/byte-orders", test_byte_orders);
  g_test_add_func ("/capture-store/damaged", test_damaged);
  g_test_add_func ("/capture-store/clear-while-writing", test_clear_while_writing);
  g_test_add_func ("/capture-store/million-packets", test_million_packets);
  g_test_add_func ("/capture/batches", test_capture_batches);
  g_test_add_func ("/capture/problems", test_capture_problems);
  g_test_add_func ("/capture/session-filter", test_capture_session_filter);
  g_test_add_func ("/capture/dispose-running", test_capture_dispose_running);

  ret = g_test_run ();

  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmp_dir);
    g_autoptr(GFileEnumerator) e = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                              G_FILE_QUERY_INFO_NONE, NULL, NULL);
    GFileInfo *info;

    while (e != NULL && (info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_file_delete (dir, NULL, NULL);
  }

  return ret;
}
