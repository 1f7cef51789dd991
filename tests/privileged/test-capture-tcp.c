/* test-capture-tcp.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The capture for real, as root, on lo only: SlCapture runs the built
 * socket-lab-helper ($SOCKET_LAB_HELPER) while an SlTcpServer and an
 * SlTcpClient exchange "hello"; the list must show the handshake, the data
 * and the close with the relative seq/ack that tshark prints for the
 * exported file, and the session filter must follow the engines. Exits 77
 * (skipped) without root, the helper or tshark. */

#include "config.h"

#include <arpa/inet.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sl-capture.h"
#include "sl-port-registry.h"
#include "sl-tcp-client.h"
#include "sl-tcp-server.h"

#define TIMEOUT_S 10

static char *tmp_dir;

#define SPIN_UNTIL(cond)                                                    \
  G_STMT_START {                                                            \
    gint64 deadline_ = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC; \
    while (!(cond) && g_get_monotonic_time () < deadline_)                  \
      if (!g_main_context_iteration (NULL, FALSE))                          \
        g_usleep (1000);                                                    \
    g_assert_true (cond);                                                   \
  } G_STMT_END

static void
spin_for (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static SlCapture *
start_capture (void)
{
  SlCapture *capture = sl_capture_new ();

  sl_capture_set_interface (capture, "lo");
  sl_capture_start (capture);
  SPIN_UNTIL (sl_capture_get_state (capture) != SL_CAPTURE_STARTING);
  g_assert_cmpstr (sl_capture_get_problem_detail (capture), ==, NULL);
  g_assert_cmpint (sl_capture_get_state (capture), ==, SL_CAPTURE_RUNNING);

  return capture;
}

static void
stop_capture (SlCapture *capture)
{
  sl_capture_stop (capture);
  SPIN_UNTIL (sl_capture_get_state (capture) == SL_CAPTURE_STOPPED);
}

static SlListener *
start_listener (SlTcpServer *server,
                SlReplyMode  mode)
{
  g_autoptr(SlReplyConfig) reply = sl_reply_config_new (mode);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SlListener *listener;

  sl_tcp_server_start_listener_async (server, "127.0.0.1", 0, reply, TRUE, NULL,
                                      on_result, &result);
  SPIN_UNTIL (result != NULL);
  listener = sl_tcp_server_start_listener_finish (server, result, &error);
  g_assert_no_error (error);

  return listener;
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Until every following capture has @port in force (how engines wait) */
static void
wait_for_port_in_filter (guint16 port)
{
  SlPortRegistry *registry = sl_port_registry_get_default ();
  gboolean done = FALSE;

  sl_port_registry_add_and_wait (registry, SL_PORT_TCP, port, NULL, TIMEOUT_S * 1000,
                                 set_flag_cb, &done, NULL);
  SPIN_UNTIL (done);
  sl_port_registry_remove (registry, SL_PORT_TCP, port);
}

static char *
flags_str (guint flags)
{
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

static guint
count_port (SlCapture *capture,
            guint16    port)
{
  GListModel *packets = sl_capture_get_packets (capture);
  guint i, n = 0;

  for (i = 0; i < g_list_model_get_n_items (packets); i++)
    {
      g_autoptr(SlPacket) packet = g_list_model_get_item (packets, i);
      const SlPacketSummary *s = sl_packet_get_summary (packet);

      if (s->is_tcp && (s->key.src_port == port || s->key.dst_port == port))
        n++;
    }

  return n;
}

static guint
first_flags (SlCapture *capture,
             guint16    port)
{
  GListModel *packets = sl_capture_get_packets (capture);
  guint i;

  for (i = 0; i < g_list_model_get_n_items (packets); i++)
    {
      g_autoptr(SlPacket) packet = g_list_model_get_item (packets, i);
      const SlPacketSummary *s = sl_packet_get_summary (packet);

      if (s->is_tcp && (s->key.src_port == port || s->key.dst_port == port))
        return s->tcp.flags;
    }

  return 0;
}

/* A connection made with plain sockets, not by the app's engines */
static void
plain_exchange (guint16 port)
{
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  char buffer[16];

  sin.sin_port = htons (port);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  g_assert_cmpint (send (fd, "ping", 4, 0), ==, 4);
  /* Enough time for the other side to answer, if it is an echo server */
  g_usleep (50 * 1000);
  (void) recv (fd, buffer, sizeof buffer, MSG_DONTWAIT);
  close (fd);
}

static int
plain_listener (guint16 *port)
{
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof sin;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  g_assert_cmpint (listen (fd, 16), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &sin, &len), ==, 0);
  *port = ntohs (sin.sin_port);

  return fd;
}

static void
test_hello_exchange (void)
{
  g_autoptr(SlCapture) capture = start_capture ();
  g_autoptr(SlEventLog) server_log = sl_event_log_new ();
  g_autoptr(SlEventLog) client_log = sl_event_log_new ();
  g_autoptr(SlTcpServer) server = sl_tcp_server_new (server_log);
  g_autoptr(SlTcpClient) client = sl_tcp_client_new (client_log);
  g_autoptr(SlListener) listener = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) received = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (tmp_dir, "hello.pcap", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *filter = NULL;
  g_auto(GStrv) lines = NULL;
  static const guint expected_flags[] = {
    SL_TCP_SYN, SL_TCP_SYN | SL_TCP_ACK, SL_TCP_ACK, SL_TCP_PSH | SL_TCP_ACK,
    SL_TCP_ACK, SL_TCP_FIN | SL_TCP_ACK, SL_TCP_ACK,
  };
  GListModel *packets = sl_capture_get_packets (capture);
  const char *tshark_argv[] = {
    "tshark", "-r", file, "-T", "fields", "-Y", "tcp",
    "-e", "tcp.stream", "-e", "tcp.flags.str", "-e", "tcp.seq", "-e", "tcp.ack", "-e", "tcp.len",
    NULL
  };
  guint16 port;
  guint i, matched = 0, n_lines;
  int status;

  listener = start_listener (server, SL_REPLY_ECHO);
  port = sl_listener_get_port (listener);
  filter = g_strdup_printf ("tcp port %u", port);
  SPIN_UNTIL (strstr (sl_capture_get_filter (capture), filter) != NULL);

  g_ptr_array_add (messages, g_bytes_new_static ("hello", 5));
  sl_tcp_client_exchange_async (client, "127.0.0.1", port, 1, messages, NULL, on_result, &result);
  SPIN_UNTIL (result != NULL);
  received = sl_tcp_client_exchange_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (received, NULL), g_bytes_get_size (received), "hello", 5);

  /* The close: FIN/ACK both ways and the last ACK */
  SPIN_UNTIL (sl_capture_get_n_packets (capture) >= 10);
  spin_for (300);

  for (i = 0; i < g_list_model_get_n_items (packets); i++)
    {
      g_autoptr(SlPacket) packet = g_list_model_get_item (packets, i);
      const SlPacketSummary *s = sl_packet_get_summary (packet);

      g_test_message ("%u: %s", i + 1, s->info);
      if (matched < G_N_ELEMENTS (expected_flags) && s->is_tcp && s->tcp.flags == expected_flags[matched])
        matched++;
    }
  g_assert_cmpuint (matched, ==, G_N_ELEMENTS (expected_flags));

  /* The same numbers as tshark's for the exported file */
  g_assert_true (sl_capture_export (capture, file, &error));
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) tshark_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (g_strchomp (out), "\n", -1);
  n_lines = g_strv_length (lines);
  g_assert_cmpuint (n_lines, ==, g_list_model_get_n_items (packets));

  for (i = 0; i < n_lines; i++)
    {
      g_autoptr(SlPacket) packet = g_list_model_get_item (packets, i);
      const SlPacketSummary *s = sl_packet_get_summary (packet);
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);
      g_autofree char *flags = flags_str (s->tcp.flags);

      g_test_message ("tshark: %s", lines[i]);
      g_assert_cmpuint (g_strv_length (f), ==, 5);
      g_assert_cmpint (sl_packet_get_stream (packet), ==, atoi (f[0]));
      g_assert_cmpstr (flags, ==, f[1]);
      g_assert_cmpuint (s->tcp.rel_seq, ==, g_ascii_strtoull (f[2], NULL, 10));
      g_assert_cmpuint (s->tcp.rel_ack, ==, g_ascii_strtoull (f[3], NULL, 10));
      g_assert_cmpuint (s->tcp.payload_length, ==, g_ascii_strtoull (f[4], NULL, 10));
    }

  /* The ladder view's tracker knows the conversation, client first */
  {
    SlTcpTracker *tracker = sl_capture_get_tracker (capture);
    const SlTcpConversation *conv = sl_tcp_tracker_get_stream (tracker, 0);

    g_assert_nonnull (conv);
    g_assert_true (conv->client_from_syn);
    g_assert_cmpuint (conv->client.dst_port, ==, port);
  }

  sl_tcp_server_stop_all (server);
  stop_capture (capture);
  g_assert_cmpuint (sl_capture_get_n_dropped (capture), ==, 0);
}

static void
test_filter_follows (void)
{
  g_autoptr(SlCapture) capture = start_capture ();
  g_autoptr(SlEventLog) server_log = sl_event_log_new ();
  g_autoptr(SlTcpServer) server = sl_tcp_server_new (server_log);
  g_autoptr(SlEventLog) client_log = sl_event_log_new ();
  g_autoptr(SlTcpClient) client = sl_tcp_client_new (client_log);
  g_autoptr(SlListener) listener = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *filter = NULL;
  guint16 outside_port, app_port;
  guint seen;
  int outside_fd = plain_listener (&outside_port);

  /* A port that no engine uses: not in "this session" */
  plain_exchange (outside_port);
  spin_for (300);
  g_assert_cmpuint (count_port (capture, outside_port), ==, 0);

  /* A second listener: its traffic appears once it has started */
  listener = start_listener (server, SL_REPLY_ECHO);
  app_port = sl_listener_get_port (listener);
  wait_for_port_in_filter (app_port);
  plain_exchange (app_port);
  SPIN_UNTIL (count_port (capture, app_port) >= 6);

  /* Stopped: it leaves the filter (after lingering for the last packets) */
  sl_tcp_server_stop_listener (server, listener);
  filter = g_strdup_printf ("tcp port %u", app_port);
  SPIN_UNTIL (strstr (sl_capture_get_filter (capture), filter) == NULL);

  /* The client connecting to a server outside the app: its very first
   * SYN is captured (connect() waits for the filter) */
  sl_tcp_client_connect_async (client, "127.0.0.1", outside_port, 5, NULL, on_result, &result);
  SPIN_UNTIL (result != NULL);
  g_assert_true (sl_tcp_client_connect_finish (client, result, &error));
  g_assert_no_error (error);
  SPIN_UNTIL (count_port (capture, outside_port) >= 3);
  g_assert_cmpuint (first_flags (capture, outside_port), ==, SL_TCP_SYN);
  sl_tcp_client_disconnect (client);
  g_free (filter);
  filter = g_strdup_printf ("tcp port %u", outside_port);
  SPIN_UNTIL (strstr (sl_capture_get_filter (capture), filter) == NULL);
  seen = count_port (capture, outside_port);

  /* All traffic: the outside port too */
  sl_capture_set_all_traffic (capture, TRUE);
  g_assert_cmpstr (sl_capture_get_filter (capture), ==, "");
  spin_for (300);
  plain_exchange (outside_port);
  SPIN_UNTIL (count_port (capture, outside_port) >= seen + 6);

  stop_capture (capture);
  close (outside_fd);
}

int
main (int   argc,
      char *argv[])
{
  const char *helper = g_getenv ("SOCKET_LAB_HELPER");
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autoptr(GError) error = NULL;
  int ret;

  if (geteuid () != 0 || helper == NULL || !g_file_test (helper, G_FILE_TEST_IS_EXECUTABLE) ||
      tshark == NULL)
    {
      g_printerr ("SKIP: needs root, $SOCKET_LAB_HELPER and tshark\n");
      return 77;
    }

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("test-capture-tcp-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/capture-tcp/hello-exchange", test_hello_exchange);
  g_test_add_func ("/capture-tcp/filter-follows", test_filter_follows);

  ret = g_test_run ();

  {
    g_autofree char *file = g_build_filename (tmp_dir, "hello.pcap", NULL);

    g_remove (file);
    g_rmdir (tmp_dir);
  }

  return ret;
}
