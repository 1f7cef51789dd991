/* test-tcp-client.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlTcpClient against small servers in this process, on loopback only and
 * on port 0: an echo server and a server that answers once and closes
 * (GSocketService on the main context), a server that resets (a thread),
 * and a listener whose full accept queue drops SYNs. Names resolve through
 * a fake GResolver, so no DNS query leaves the machine. SIGPIPE is left at
 * its default action: a send without MSG_NOSIGNAL would kill the test. */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/socket.h>

#include "sl-error.h"
#include "sl-net-thread.h"
#include "sl-tcp-client.h"

#include "sl-test-net.h"
#include "test-tcp-client-peers.h"

/* Event log helpers */

static GBytes *
log_received (SlEventLog *log)
{
  GByteArray *all = g_byte_array_new ();
  guint n;

  sl_event_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
      g_autoptr(GBytes) data = NULL;

      if (sl_event_get_kind (event) != SL_EVENT_RECEIVED)
        continue;
      data = sl_event_get_data (event);
      g_byte_array_append (all, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
    }

  return g_byte_array_free_to_bytes (all);
}

static SlEvent *
log_find (SlEventLog  *log,
          SlEventKind  kind)
{
  guint n;

  sl_event_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      SlEvent *event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (sl_event_get_kind (event) == kind)
        return event;
      g_object_unref (event);
    }

  return NULL;
}

static gboolean
log_received_equals (SlEventLog *log,
                     const char *text)
{
  g_autoptr(GBytes) got = log_received (log);
  g_autoptr(GBytes) want = g_bytes_new_static (text, strlen (text));

  return g_bytes_equal (got, want);
}

static void
connect_ok (SlTcpClient *client,
            const char  *host,
            guint16      port)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  sl_tcp_client_connect_async (client, host, port, 5, NULL, on_result, &result);
  g_assert_true (sl_tcp_client_connect_finish (client, wait_result (&result, 10), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpint (sl_tcp_client_get_state (client), ==, SL_TCP_CLIENT_CONNECTED);
  g_assert_nonnull (sl_tcp_client_get_connection (client));
}

static void
send_ok (SlTcpClient *client,
         const char  *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  sl_tcp_client_send_async (client, bytes, NULL, on_result, &result);
  g_assert_true (sl_tcp_client_send_finish (client, wait_result (&result, 10), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
}

static void
disconnect_and_wait (SlTcpClient *client)
{
  sl_tcp_client_disconnect (client);
  WAIT_UNTIL (sl_tcp_client_get_state (client) == SL_TCP_CLIENT_DISCONNECTED &&
              sl_tcp_client_get_connection (client) == NULL, 5);
  g_assert_cmpint (sl_tcp_client_get_state (client), ==, SL_TCP_CLIENT_DISCONNECTED);
  g_assert_null (sl_tcp_client_get_connection (client));
}

/* Tests */

static void
test_persistent (void)
{
  Server *server = server_new ("127.0.0.1", SERVER_ECHO);
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlTcpClient) client = sl_tcp_client_new (log);
  g_autofree char *peer = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(SlEvent) connecting = NULL;
  g_autoptr(SlEvent) connected = NULL;
  g_autoptr(SlEvent) closed = NULL;
  SlConnection *connection;

  g_assert_cmpint (sl_tcp_client_get_state (client), ==, SL_TCP_CLIENT_DISCONNECTED);
  connect_ok (client, "127.0.0.1", server->port);

  peer = g_strdup_printf ("127.0.0.1:%u", server->port);
  connection = sl_tcp_client_get_connection (client);
  g_assert_cmpstr (sl_connection_get_peer_address (connection), ==, peer);
  g_assert_true (g_str_has_prefix (sl_connection_get_local_address (connection), "127.0.0.1:"));

  send_ok (client, "hello\n");
  WAIT_UNTIL (log_received_equals (log, "hello\n"), 5);
  g_assert_true (log_received_equals (log, "hello\n"));
  send_ok (client, "world\n");
  WAIT_UNTIL (log_received_equals (log, "hello\nworld\n"), 5);
  g_assert_true (log_received_equals (log, "hello\nworld\n"));

  /* The counters reach the UI through sl_connection_refresh() */
  WAIT_UNTIL (sl_connection_get_bytes_received (connection) == 12 &&
              sl_connection_get_bytes_sent (connection) == 12, 5);
  g_assert_cmpuint (sl_connection_get_bytes_sent (connection), ==, 12);
  g_assert_cmpuint (sl_connection_get_bytes_received (connection), ==, 12);

  connecting = log_find (log, SL_EVENT_CONNECTING);
  g_assert_nonnull (connecting);
  expected = g_strdup_printf ("Connecting to %s…", peer);
  g_assert_cmpstr (sl_event_get_message (connecting), ==, expected);
  connected = log_find (log, SL_EVENT_CONNECTED);
  g_assert_nonnull (connected);
  g_assert_cmpstr (sl_event_get_peer (connected), ==, peer);
  g_assert_cmpstr (sl_event_get_local (connected), ==, sl_connection_get_local_address (connection));

  disconnect_and_wait (client);
  closed = log_find (log, SL_EVENT_CLOSED);
  g_assert_nonnull (closed);
  g_assert_null (log_find (log, SL_EVENT_ERROR));

  /* Sending now is refused, clearly */
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);
    GAsyncResult *result = NULL;
    g_autoptr(GError) error = NULL;

    sl_tcp_client_send_async (client, bytes, NULL, on_result, &result);
    g_assert_false (sl_tcp_client_send_finish (client, wait_result (&result, 5), &error));
    g_assert_error (error, SL_ERROR, SL_ERROR_NOT_CONNECTED);
    g_clear_object (&result);
  }

  /* The server saw our FIN and closed its side */
  server_free (server);
}

static GPtrArray *
two_messages (const char *first,
              const char *second)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_ptr_array_add (messages, g_bytes_new (first, strlen (first)));
  g_ptr_array_add (messages, g_bytes_new (second, strlen (second)));
  return messages;
}

static void
test_exchange_until_close (void)
{
  Server *server = server_new ("127.0.0.1", SERVER_ACK_AFTER);
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlTcpClient) client = sl_tcp_client_new (log);
  g_autoptr(GPtrArray) messages = two_messages ("11sIf", "0123456789A");
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEvent) peer_closed = NULL;
  GAsyncResult *result = NULL;
  gint64 start = g_get_monotonic_time ();

  server->ack_after = 16;
  sl_tcp_client_exchange_async (client, "127.0.0.1", server->port, 10, messages, NULL,
                                on_result, &result);
  answer = sl_tcp_client_exchange_finish (client, wait_result (&result, 15), &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), "ACK", 3);
  /* Ended by the peer's FIN, long before the 10 s timeout */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_clear_object (&result);

  peer_closed = log_find (log, SL_EVENT_PEER_CLOSED);
  g_assert_nonnull (peer_closed);
  WAIT_UNTIL (sl_tcp_client_get_state (client) == SL_TCP_CLIENT_DISCONNECTED, 5);
  g_assert_cmpint (sl_tcp_client_get_state (client), ==, SL_TCP_CLIENT_DISCONNECTED);
  g_assert_null (sl_tcp_client_get_connection (client));

  server_free (server);
}

static void
test_exchange_until_timeout (void)
{
  Server *server = server_new ("127.0.0.1", SERVER_ECHO);
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlTcpClient) client = sl_tcp_client_new (log);
  g_autoptr(GPtrArray) messages = two_messages ("first,", "second");
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  /* No half-close: the echo server keeps the connection, so the exchange
   * ends when it has been silent for a second. */
  sl_tcp_client_exchange_async (client, "127.0.0.1", server->port, 1, messages, NULL,
                                on_result, &result);
  answer = sl_tcp_client_exchange_finish (client, wait_result (&result, 10), &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), "first,second", 12);
  g_assert_cmpint (elapsed, >=, 900 * 1000);
  g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);
  g_clear_object (&result);

  server_free (server);
}

static void
test_refused (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlTcpClient) client = sl_tcp_client_new (log);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEvent) event = NULL;
  g_autofree char *expected = NULL;
  GAsyncResult *result = NULL;
  guint16 port = closed_port ();

  sl_tcp_client_connect_async (client, "127.0.0.1", port, 5, NULL, on_result, &result);
  g_assert_false (sl_tcp_client_connect_finish (client, wait_result (&result, 10), &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_REFUSED);
  expected = g_strdup_printf ("Nothing is listening on 127.0.0.1:%u", port);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_clear_object (&result);

  event = log_find (log, SL_EVENT_ERROR);
  g_assert_nonnull (event);
  g_assert_cmpstr (sl_event_get_message (event), ==, error->message);
  WAIT_UNTIL (sl_tcp_client_get_state (client) == SL_TCP_CLIENT_DISCONNECTED, 5);
  g_assert_cmpint (sl_tcp_client_get_state (client), ==, SL_TCP_CLIENT_DISCONNECTED);

  /* The client can be used again */
  g_clear_error (&error);
  sl_tcp_client_connect_async (client, "127.0.0.1", port, 5, NULL, on_result, &result);
  g_assert_false (sl_tcp_client_connect_finish (client, wait_result (&result, 10), &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_REFUSED);
  g_clear_object (&result);
}

static void
test_timeout (void)
{
  g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlTcpClient) client = sl_tcp_client_new (log);
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *expected = NULL;
  GAsyncResult *result = NULL;
  guint16 port;
  gint64 start, elapsed;

  listener = full_listener (fillers, &port);

  start = g_get_monotonic_time ();
  sl_tcp_client_connect_async (client, "127.0.0.1", port, 2, NULL, on_result, &result);
  WAIT_UNTIL (sl_tcp_client_get_state (client) == SL_TCP_CLIENT_CONNECTING || result != NULL, 2);
  g_assert_cmpint (sl_tcp_client_get_state (client), ==, SL_TCP_CLIENT_CONNECTING);
  g_assert_false (sl_tcp_client_connect_finish (client, wait_result (&result, 10), &error));
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, SL_ERROR, SL_ERROR_TIMED_OUT);
  expected = g_strdup_printf ("No answer from 127.0.0.1:%u within 2 seconds.", port);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_cmpint (elapsed, >=, 1900 * 1000);
  g_assert_cmpint (elapsed, <=, 3 * G_USEC_PER_SEC);
  g_clear_object (&result);
  g_clear_error (&error);

  /* Cancelling a connect that waits ends it at once */
  WAIT_UNTIL (sl_tcp_client_get_state (client) == SL_TCP_CLIENT_DISCONNECTED, 5);
  cancellable = g_cancellable_new ();
  start = g_get_monotonic_time ();
  sl_tcp_client_connect_async (client, "127.0.0.1", port, 30, cancellable, on_result, &result);
  WAIT_UNTIL (sl_tcp_client_get_state (client) == SL_TCP_CLIENT_CONNECTING, 2);
  g_cancellable_cancel (cancellable);
  g_assert_false (sl_tcp_client_connect_finish (client, wait_result (&result, 5), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_clear_object (&result);
  g_clear_error (&error);

  /* And so does disconnect() */
  WAIT_UNTIL (sl_tcp_client_get_state (client) == SL_TCP_CLIENT_DISCONNECTED, 5);
  sl_tcp_client_connect_async (client, "127.0.0.1", port, 30, NULL, on_result, &result);
  WAIT_UNTIL (sl_tcp_client_get_state (client) == SL_TCP_CLIENT_CONNECTING, 2);
  sl_tcp_client_disconnect (client);
  g_assert_false (sl_tcp_client_connect_finish (client, wait_result (&result, 5), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
}

static void
on_state_notify (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    data)
{
  GArray *states = data;
  int state = sl_tcp_client_get_state (SL_TCP_CLIENT (object));

  g_array_append_val (states, state);
}

static void
test_name_not_found (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlTcpClient) client = sl_tcp_client_new (log);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  g_signal_connect (client, "notify::state", G_CALLBACK (on_state_notify), states);
  sl_tcp_client_connect_async (client, "nosuchhost.invalid", 80, 5, NULL, on_result, &result);
  g_assert_false (sl_tcp_client_connect_finish (client, wait_result (&result, 10), &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NAME_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "“nosuchhost.invalid” could not be found"));
  g_clear_object (&result);

  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpint (g_array_index (states, int, 0), ==, SL_TCP_CLIENT_RESOLVING);
  g_assert_cmpint (g_array_index (states, int, 1), ==, SL_TCP_CLIENT_DISCONNECTED);
  g_assert_null (log_find (log, SL_EVENT_CONNECTING));
  g_object_unref (log_find (log, SL_EVENT_ERROR));
}

/* A name with two addresses: ::1 first, where nothing listens, then
 * 127.0.0.1, where the server is. */
static void
test_next_address (void)
{
  Server *server = server_new ("127.0.0.1", SERVER_ECHO);
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlTcpClient) client = sl_tcp_client_new (log);
  g_autoptr(SlEvent) info = NULL;
  g_autoptr(SlEvent) connected = NULL;
  g_autofree char *peer = g_strdup_printf ("127.0.0.1:%u", server->port);

  connect_ok (client, "dual.test", server->port);
  g_assert_cmpstr (sl_connection_get_peer_address (sl_tcp_client_get_connection (client)), ==, peer);

  connected = log_find (log, SL_EVENT_CONNECTED);
  g_assert_cmpstr (sl_event_get_peer (connected), ==, peer);
  info = log_find (log, SL_EVENT_INFO);
  g_assert_nonnull (info);
  g_assert_null (log_find (log, SL_EVENT_ERROR));

  disconnect_and_wait (client);
  server_free (server);
}

static void
test_ipv6 (void)
{
  Server *server = server_new ("::1", SERVER_ECHO);
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlTcpClient) client = NULL;
  g_autofree char *peer = NULL;

  if (server == NULL)
    {
      g_test_skip ("no IPv6 on loopback");
      return;
    }

  client = sl_tcp_client_new (log);
  connect_ok (client, "::1", server->port);
  peer = g_strdup_printf ("[::1]:%u", server->port);
  g_assert_cmpstr (sl_connection_get_peer_address (sl_tcp_client_get_connection (client)), ==, peer);

  send_ok (client, "v6");
  WAIT_UNTIL (log_received_equals (log, "v6"), 5);
  g_assert_true (log_received_equals (log, "v6"));

  disconnect_and_wait (client);
  server_free (server);
}

static void
test_reset_mid_send (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlTcpClient) client = sl_tcp_client_new (log);
  g_autoptr(GSocket) listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEvent) event = NULL;
  GAsyncResult *result = NULL;
  GThread *thread;
  guint16 port;

  g_assert_true (g_socket_bind (listener, address, TRUE, NULL));
  g_assert_true (g_socket_listen (listener, NULL));
  bound = g_socket_get_local_address (listener, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  thread = g_thread_new ("reset-server", reset_server_thread, listener);

  connect_ok (client, "127.0.0.1", port);

  /* 32 MiB: far more than the socket buffers hold, so the reset lands in
   * the middle of sending */
  big = g_bytes_new_take (g_malloc0 (32 * 1024 * 1024), 32 * 1024 * 1024);
  sl_tcp_client_send_async (client, big, NULL, on_result, &result);
  g_assert_false (sl_tcp_client_send_finish (client, wait_result (&result, 20), &error));
  g_assert_nonnull (error);
  g_test_message ("send failed: %s", error->message);
  g_assert_true (g_error_matches (error, SL_ERROR, SL_ERROR_RESET) ||
                 g_error_matches (error, SL_ERROR, SL_ERROR_BROKEN_PIPE));
  g_clear_object (&result);
  g_thread_join (thread);

  event = log_find (log, SL_EVENT_ERROR);
  g_assert_nonnull (event);
  WAIT_UNTIL (sl_tcp_client_get_state (client) == SL_TCP_CLIENT_DISCONNECTED, 5);
  g_assert_cmpint (sl_tcp_client_get_state (client), ==, SL_TCP_CLIENT_DISCONNECTED);
  g_assert_null (sl_tcp_client_get_connection (client));
}

/* A persistent connection whose peer resets while we only read */
static void
test_reset_while_reading (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlTcpClient) client = sl_tcp_client_new (log);
  g_autoptr(GSocket) listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(SlEvent) event = NULL;
  GThread *thread;
  guint16 port;

  g_assert_true (g_socket_bind (listener, address, TRUE, NULL));
  g_assert_true (g_socket_listen (listener, NULL));
  bound = g_socket_get_local_address (listener, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  thread = g_thread_new ("reset-server", reset_server_thread, listener);

  connect_ok (client, "127.0.0.1", port);
  send_ok (client, "bye");
  g_thread_join (thread);

  WAIT_UNTIL (sl_tcp_client_get_state (client) == SL_TCP_CLIENT_DISCONNECTED, 5);
  g_assert_cmpint (sl_tcp_client_get_state (client), ==, SL_TCP_CLIENT_DISCONNECTED);
  event = log_find (log, SL_EVENT_ERROR);
  g_assert_nonnull (event);
  g_assert_true (strstr (sl_event_get_message (event), "reset") != NULL);
}

static void
test_no_fd_leak (void)
{
  Server *server = server_new ("127.0.0.1", SERVER_ECHO);
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlTcpClient) client = sl_tcp_client_new (log);
  guint before, after;

  /* Warm up: the network thread and its wakeup fds exist from here on */
  connect_ok (client, "127.0.0.1", server->port);
  disconnect_and_wait (client);
  WAIT_UNTIL (server->n_open == 0, 5);
  before = sl_test_count_fds ();

  for (guint i = 0; i < 500; i++)
    {
      connect_ok (client, "127.0.0.1", server->port);
      disconnect_and_wait (client);
    }

  WAIT_UNTIL (server->n_open == 0, 5);
  after = sl_test_count_fds ();
  g_test_message ("fds before %u, after 500 cycles %u; %u accepted", before, after, server->n_accepted);
  g_assert_cmpuint (after, <=, before);
  g_assert_cmpuint (server->n_accepted, ==, 501);

  server_free (server);
}

/* Dropping the client closes its connection: the peer sees FIN */
static void
test_dispose_closes (void)
{
  Server *server = server_new ("127.0.0.1", SERVER_ECHO);
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  SlTcpClient *client = sl_tcp_client_new (log);

  connect_ok (client, "127.0.0.1", server->port);
  WAIT_UNTIL (server->n_open == 1, 5);
  g_assert_cmpuint (server->n_open, ==, 1);
  g_object_unref (client);
  WAIT_UNTIL (server->n_open == 0, 5);
  g_assert_cmpuint (server->n_open, ==, 0);

  server_free (server);
}

static void
test_invalid_input (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlTcpClient) client = sl_tcp_client_new (log);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  sl_tcp_client_connect_async (client, "", 80, 5, NULL, on_result, &result);
  g_assert_false (sl_tcp_client_connect_finish (client, wait_result (&result, 5), &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS);
  g_clear_object (&result);
  g_clear_error (&error);

  sl_tcp_client_connect_async (client, "127.0.0.1", 0, 5, NULL, on_result, &result);
  g_assert_false (sl_tcp_client_connect_finish (client, wait_result (&result, 5), &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_PORT);
  g_clear_object (&result);

  /* disconnect() is safe in any state */
  sl_tcp_client_disconnect (client);
  sl_tcp_client_disconnect (client);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GResolver) resolver = NULL;

  g_test_init (&argc, &argv, NULL);

  /* GSocket ignores SIGPIPE when its class is set up; undo that, so that
   * only MSG_NOSIGNAL stands between a vanished peer and a dead process. */
  g_type_class_unref (g_type_class_ref (G_TYPE_SOCKET));
  signal (SIGPIPE, SIG_DFL);

  resolver = g_object_new (FAKE_TYPE_RESOLVER, NULL);
  g_resolver_set_default (resolver);

  g_test_add_func ("/tcp-client/persistent", test_persistent);
  g_test_add_func ("/tcp-client/exchange/until-close", test_exchange_until_close);
  g_test_add_func ("/tcp-client/exchange/until-timeout", test_exchange_until_timeout);
  g_test_add_func ("/tcp-client/refused", test_refused);
  g_test_add_func ("/tcp-client/timeout", test_timeout);
  g_test_add_func ("/tcp-client/name-not-found", test_name_not_found);
  g_test_add_func ("/tcp-client/next-address", test_next_address);
  g_test_add_func ("/tcp-client/ipv6", test_ipv6);
  g_test_add_func ("/tcp-client/reset-mid-send", test_reset_mid_send);
  g_test_add_func ("/tcp-client/reset-while-reading", test_reset_while_reading);
  g_test_add_func ("/tcp-client/no-fd-leak", test_no_fd_leak);
  g_test_add_func ("/tcp-client/dispose-closes", test_dispose_closes);
  g_test_add_func ("/tcp-client/invalid-input", test_invalid_input);

  return g_test_run ();
}

