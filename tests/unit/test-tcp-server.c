/* test-tcp-server.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlTcpServer against real client sockets on loopback: every reply mode,
 * listeners, errors, stopping. The engine lives on the network thread; this
 * thread is its "main thread" and spins the default main context in bounded
 * loops. Every listener is on port 0. */

#include "config.h"

#define G_LOG_DOMAIN "test-tcp-server"

#include "tcp-server-test-utils.h"

static gboolean
counters_settled (gpointer data)
{
  SlConnection *connection = data;

  sl_connection_refresh (connection);
  return sl_connection_get_bytes_received (connection) == 12 &&
         sl_connection_get_bytes_sent (connection) == 12;
}

/* ------------------------------------------------------------------------ */

static void
test_echo (Fixture      *fixture,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlListener) listener = NULL;
  g_autofree char *local = NULL;
  SlConnection *connection;
  SlEvent *event;
  char buffer[64];
  guint16 port;
  int fd;

  listener = start_listener (fixture->server, "127.0.0.1", "echo", 0, TRUE, &error);
  g_assert_no_error (error);
  port = sl_listener_get_port (listener);
  g_assert_cmpuint (port, !=, 0);
  g_assert_cmpstr (sl_listener_get_address (listener), ==, "127.0.0.1");
  g_assert_cmpint (sl_listener_get_reply (listener)->mode, ==, SL_REPLY_ECHO);
  g_assert_cmpuint (n_items (sl_tcp_server_get_listeners (fixture->server)), ==, 1);

  event = wait_event (fixture->log, SL_EVENT_LISTENING, 0);
  local = g_strdup_printf ("127.0.0.1:%u", port);
  g_assert_nonnull (strstr (sl_event_get_message (event), local));
  g_assert_cmpstr (sl_event_get_local (event), ==, local);

  fd = client_connect ("127.0.0.1", port);
  g_assert_cmpint (fd, >=, 0);
  send_str (fd, "hello\n");
  recv_exact (fd, buffer, 6);
  g_assert_cmpmem (buffer, 6, "hello\n", 6);
  send_str (fd, "second");
  recv_exact (fd, buffer, 6);
  g_assert_cmpmem (buffer, 6, "second", 6);

  g_assert_true (wait_connections (listener, 1));
  connection = connection_at (fixture->server, 0);
  g_assert_cmpuint (sl_connection_get_id (connection), >, 0);
  /* The counters are bumped right after send(): the echo may arrive first */
  g_assert_true (sl_test_spin_until (counters_settled, connection, TIMEOUT_MS));
  g_assert_cmpuint (sl_connection_get_bytes_received (connection), ==, 12);
  g_assert_cmpuint (sl_connection_get_bytes_sent (connection), ==, 12);
  g_assert_cmpstr (sl_connection_get_tcp_state (connection), ==, "ESTABLISHED");
  g_assert_cmpint (sl_connection_get_state (connection), ==, SL_CONNECTION_OPEN);

  event = wait_event (fixture->log, SL_EVENT_ACCEPTED, sl_connection_get_id (connection));
  g_assert_cmpstr (sl_event_get_peer (event), ==, sl_connection_get_peer_address (connection));
  g_assert_cmpstr (sl_event_get_local (event), ==, sl_connection_get_local_address (connection));
  g_assert_true (g_str_has_prefix (sl_event_get_peer (event), "127.0.0.1:"));
  wait_event (fixture->log, SL_EVENT_RECEIVED, sl_connection_get_id (connection));
  wait_event (fixture->log, SL_EVENT_SENT, sl_connection_get_id (connection));

  close (fd);
  g_assert_true (wait_state (connection, SL_CONNECTION_CLOSED));
  g_assert_true (wait_connections (listener, 0));
  wait_event (fixture->log, SL_EVENT_PEER_CLOSED, sl_connection_get_id (connection));
  wait_event (fixture->log, SL_EVENT_CLOSED, sl_connection_get_id (connection));
  g_assert_cmpstr (sl_connection_get_tcp_state (connection), ==, "");

  /* Closed connections stay in the model until forgotten */
  g_assert_cmpuint (n_items (sl_tcp_server_get_connections (fixture->server)), ==, 1);
  sl_tcp_server_forget_closed (fixture->server);
  g_assert_cmpuint (n_items (sl_tcp_server_get_connections (fixture->server)), ==, 0);
}

static void
test_none (Fixture      *fixture,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlListener) listener = NULL;
  g_autoptr(GBytes) hello = g_bytes_new_static ("from teacher", 12);
  g_autoptr(GBytes) after = g_bytes_new_static ("after fin", 9);
  SlConnection *connection;
  char buffer[64];
  int fd;

  listener = start_listener (fixture->server, "127.0.0.1", "none", 0, FALSE, &error);
  g_assert_no_error (error);

  fd = client_connect ("127.0.0.1", sl_listener_get_port (listener));
  send_str (fd, "hi");
  g_assert_true (nothing_arrives (fd, 200));

  g_assert_true (wait_connections (listener, 1));
  connection = connection_at (fixture->server, 0);
  sl_tcp_server_send (fixture->server, connection, hello);
  recv_exact (fd, buffer, 12);
  g_assert_cmpmem (buffer, 12, "from teacher", 12);

  /* After the client's FIN the server may still send: CLOSE_WAIT */
  shutdown (fd, SHUT_WR);
  g_assert_true (wait_state (connection, SL_CONNECTION_PEER_CLOSED));
  sl_connection_refresh (connection);
  g_assert_cmpstr (sl_connection_get_tcp_state (connection), ==, "CLOSE_WAIT");
  g_assert_cmpuint (sl_listener_get_n_connections (listener), ==, 1);

  sl_tcp_server_send (fixture->server, NULL, after);
  recv_exact (fd, buffer, 9);
  g_assert_cmpmem (buffer, 9, "after fin", 9);

  sl_tcp_server_close_connection (fixture->server, connection);
  g_assert_true (recv_until_eof (fd, NULL));
  g_assert_true (wait_state (connection, SL_CONNECTION_CLOSED));
  g_assert_true (wait_connections (listener, 0));
  close (fd);
}

static void
test_text (Fixture      *fixture,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlListener) listener = NULL;
  char buffer[8];
  int fd;

  listener = start_listener (fixture->server, "127.0.0.1", "text:OK!", 0, FALSE, &error);
  g_assert_no_error (error);

  fd = client_connect ("127.0.0.1", sl_listener_get_port (listener));
  for (guint i = 0; i < 3; i++)
    {
      send_str (fd, "message");
      recv_exact (fd, buffer, 3);
      g_assert_cmpmem (buffer, 3, "OK!", 3);
    }
  /* The connection stays open */
  g_assert_true (nothing_arrives (fd, 100));
  close (fd);
}

static void
test_ack (Fixture      *fixture,
          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlListener) listener = NULL;
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  int fd;

  listener = start_listener (fixture->server, "127.0.0.1", "ack", 0, FALSE, &error);
  g_assert_no_error (error);

  fd = client_connect ("127.0.0.1", sl_listener_get_port (listener));
  send_str (fd, "hello");
  g_assert_true (recv_until_eof (fd, reply));
  g_assert_cmpmem (reply->data, reply->len, "ACK", 3);
  close (fd);
  g_assert_true (wait_connections (listener, 0));
}

static void
test_timestamp (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlListener) listener = NULL;
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  double now = g_get_real_time () / (double) G_USEC_PER_SEC;
  double stamp;
  int fd;

  listener = start_listener (fixture->server, "127.0.0.1", "timestamp", 0, FALSE, &error);
  g_assert_no_error (error);

  fd = client_connect ("127.0.0.1", sl_listener_get_port (listener));
  send_str (fd, "hello");
  g_assert_true (recv_until_eof (fd, reply));
  g_assert_cmpuint (reply->len, ==, 8 + 5);
  memcpy (&stamp, reply->data, 8);
  g_assert_cmpfloat (stamp, >, now - 5);
  g_assert_cmpfloat (stamp, <, now + 5);
  g_assert_cmpmem (reply->data + 8, 5, "hello", 5);
  close (fd);
}

/* The courses' servers call recv(1024) once: the rest is not answered */
static void
test_read_once (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlListener) listener = NULL;
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  guint8 message[1024];
  int fd;

  listener = start_listener (fixture->server, "127.0.0.1", "timestamp", 0, FALSE, &error);
  g_assert_no_error (error);

  memset (message, 'x', sizeof message);
  fd = client_connect ("127.0.0.1", sl_listener_get_port (listener));
  send_all (fd, message, sizeof message);
  g_assert_true (recv_until_eof (fd, reply));
  g_assert_cmpuint (reply->len, ==, 8 + 1024);
  close (fd);

  /* More than one read's worth: the rest is not answered, and the client
   * still reads the reply and then a clean end of stream */
  g_byte_array_set_size (reply, 0);
  fd = client_connect ("127.0.0.1", sl_listener_get_port (listener));
  send_all (fd, message, sizeof message);
  send_all (fd, message, 500);
  g_usleep (50 * 1000);
  g_assert_true (recv_until_eof (fd, reply));
  g_assert_cmpuint (reply->len, ==, 8 + 1024);
  close (fd);
}

static void
test_number_game (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlListener) listener = NULL;
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  g_autofree char *text = NULL;
  gint64 number = 0;
  char buffer[64];
  ssize_t n;
  int fd;

  listener = start_listener (fixture->server, "127.0.0.1", "number-game", 0, FALSE, &error);
  g_assert_no_error (error);

  fd = client_connect ("127.0.0.1", sl_listener_get_port (listener));
  send_str (fd, "Alice,42");
  n = recv (fd, buffer, sizeof buffer - 1, 0);
  g_assert_cmpint (n, >, 0);
  buffer[n] = '\0';
  g_assert_true (g_str_has_prefix (buffer, "Socket Lab,"));
  g_assert_true (g_ascii_string_to_signed (buffer + strlen ("Socket Lab,"), 10, 1, 100,
                                           &number, NULL));
  wait_event (fixture->log, SL_EVENT_INFO, 0);
  close (fd);

  fd = client_connect ("127.0.0.1", sl_listener_get_port (listener));
  send_str (fd, "Bob,500");
  g_assert_true (recv_until_eof (fd, reply));
  g_assert_cmpuint (reply->len, ==, 0);
  close (fd);
}

static void
test_set_reply (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlListener) listener = NULL;
  g_autoptr(SlReplyConfig) ack = sl_reply_config_parse ("ack", NULL);
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  char buffer[4];
  int fd;

  listener = start_listener (fixture->server, "127.0.0.1", "echo", 0, FALSE, &error);
  g_assert_no_error (error);

  fd = client_connect ("127.0.0.1", sl_listener_get_port (listener));
  send_str (fd, "abcd");
  recv_exact (fd, buffer, 4);
  close (fd);

  sl_tcp_server_set_reply (fixture->server, listener, ack);
  g_assert_cmpint (sl_listener_get_reply (listener)->mode, ==, SL_REPLY_TEXT);
  spin_for (20);

  fd = client_connect ("127.0.0.1", sl_listener_get_port (listener));
  send_str (fd, "abcd");
  g_assert_true (recv_until_eof (fd, reply));
  g_assert_cmpmem (reply->data, reply->len, "ACK", 3);
  close (fd);
}

static void
test_two_listeners (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlListener) echo = NULL;
  g_autoptr(SlListener) ack = NULL;
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  char buffer[4];
  int fd1, fd2;

  echo = start_listener (fixture->server, "127.0.0.1", "echo", 0, FALSE, &error);
  g_assert_no_error (error);
  ack = start_listener (fixture->server, "127.0.0.1", "ack", 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sl_listener_get_port (echo), !=, sl_listener_get_port (ack));
  g_assert_cmpuint (n_items (sl_tcp_server_get_listeners (fixture->server)), ==, 2);

  fd1 = client_connect ("127.0.0.1", sl_listener_get_port (echo));
  fd2 = client_connect ("127.0.0.1", sl_listener_get_port (ack));
  send_str (fd1, "ping");
  send_str (fd2, "ping");
  recv_exact (fd1, buffer, 4);
  g_assert_cmpmem (buffer, 4, "ping", 4);
  g_assert_true (recv_until_eof (fd2, reply));
  g_assert_cmpmem (reply->data, reply->len, "ACK", 3);
  g_assert_true (wait_connections (echo, 1));
  g_assert_true (wait_connections (ack, 0));
  close (fd1);
  close (fd2);
  g_assert_true (wait_connections (echo, 0));
}

static gboolean
have_ipv6_loopback (void)
{
  struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
  int fd = socket (AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = bind (fd, (struct sockaddr *) &sin6, sizeof sin6) == 0;
  close (fd);

  return ok;
}

static void
test_ipv6 (Fixture      *fixture,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlListener) listener = NULL;
  g_autoptr(SlListener) any = NULL;
  g_autofree char *bindv6only = NULL;
  char buffer[4];
  int fd;

  if (!have_ipv6_loopback ())
    {
      g_test_skip ("No IPv6 loopback here");
      return;
    }

  listener = start_listener (fixture->server, "::1", "echo", 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sl_listener_get_address (listener), ==, "::1");

  fd = client_connect ("::1", sl_listener_get_port (listener));
  g_assert_cmpint (fd, >=, 0);
  send_str (fd, "six!");
  recv_exact (fd, buffer, 4);
  g_assert_cmpmem (buffer, 4, "six!", 4);
  g_assert_true (wait_connections (listener, 1));
  g_assert_true (g_str_has_prefix (sl_connection_get_peer_address (connection_at (fixture->server, 0)),
                                   "[::1]:"));
  close (fd);

  /* "::" takes IPv4 clients too, unless the system says bindv6only */
  any = start_listener (fixture->server, "::", "echo", 0, FALSE, &error);
  g_assert_no_error (error);
  if (g_file_get_contents ("/proc/sys/net/ipv6/bindv6only", &bindv6only, NULL, NULL) &&
      bindv6only[0] == '0')
    {
      fd = client_connect ("127.0.0.1", sl_listener_get_port (any));
      g_assert_cmpint (fd, >=, 0);
      send_str (fd, "four");
      recv_exact (fd, buffer, 4);
      g_assert_cmpmem (buffer, 4, "four", 4);
      close (fd);
    }
}

static void
test_errors (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlListener) listener = NULL;
  g_autoptr(SlListener) second = NULL;
  guint16 port;

  listener = start_listener (fixture->server, "127.0.0.1", "echo", 0, TRUE, &error);
  g_assert_no_error (error);
  port = sl_listener_get_port (listener);

  second = start_listener (fixture->server, "127.0.0.1", "echo", port, FALSE, &error);
  g_assert_null (second);
  g_assert_nonnull (error);
  g_assert_true (error->domain == SL_ERROR);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  /* SO_REUSEADDR does not share a port with a listening socket */
  second = start_listener (fixture->server, "127.0.0.1", "echo", port, TRUE, &error);
  g_assert_null (second);
  g_assert_true (error->domain == SL_ERROR);
  g_clear_error (&error);

  second = start_listener (fixture->server, "not-an-address", "echo", 0, FALSE, &error);
  g_assert_null (second);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS);
  g_clear_error (&error);

  g_assert_cmpuint (n_items (sl_tcp_server_get_listeners (fixture->server)), ==, 1);
}

static void
test_stop_listener (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlListener) listener = NULL;
  int fds[3];
  guint16 port;

  listener = start_listener (fixture->server, "127.0.0.1", "echo", 0, FALSE, &error);
  g_assert_no_error (error);
  port = sl_listener_get_port (listener);

  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    fds[i] = client_connect ("127.0.0.1", port);
  g_assert_true (wait_connections (listener, 3));

  sl_tcp_server_stop_listener (fixture->server, listener);
  g_assert_cmpuint (n_items (sl_tcp_server_get_listeners (fixture->server)), ==, 0);

  /* A clean FIN to every client, not a reset */
  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    {
      g_assert_true (recv_until_eof (fds[i], NULL));
      close (fds[i]);
    }
  g_assert_true (wait_connections (listener, 0));
  wait_event (fixture->log, SL_EVENT_STOPPED, 0);

  g_assert_cmpint (client_connect ("127.0.0.1", port), ==, -1);
  g_assert_cmpint (errno, ==, ECONNREFUSED);
}

static void
test_stop_all_and_dispose (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(GError) error = NULL;
  SlTcpServer *server = sl_tcp_server_new (log);
  g_autoptr(SlListener) a = NULL;
  g_autoptr(SlListener) b = NULL;
  g_autoptr(SlListener) c = NULL;
  int fd1, fd2;

  a = start_listener (server, "127.0.0.1", "echo", 0, FALSE, &error);
  g_assert_no_error (error);
  b = start_listener (server, "127.0.0.1", "none", 0, FALSE, &error);
  g_assert_no_error (error);

  fd1 = client_connect ("127.0.0.1", sl_listener_get_port (a));
  sl_tcp_server_stop_all (server);
  g_assert_cmpuint (n_items (sl_tcp_server_get_listeners (server)), ==, 0);
  g_assert_true (recv_until_eof (fd1, NULL));
  close (fd1);

  c = start_listener (server, "127.0.0.1", "none", 0, FALSE, &error);
  g_assert_no_error (error);
  fd2 = client_connect ("127.0.0.1", sl_listener_get_port (c));
  g_assert_true (wait_connections (c, 1));

  /* Dropping the server closes everything before it returns */
  g_assert_finalize_object (server);
  g_assert_true (recv_until_eof (fd2, NULL));
  close (fd2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/tcp-server/echo", test_echo);
  ADD ("/tcp-server/none", test_none);
  ADD ("/tcp-server/text", test_text);
  ADD ("/tcp-server/ack", test_ack);
  ADD ("/tcp-server/timestamp", test_timestamp);
  ADD ("/tcp-server/read-once", test_read_once);
  ADD ("/tcp-server/number-game", test_number_game);
  ADD ("/tcp-server/set-reply", test_set_reply);
  ADD ("/tcp-server/two-listeners", test_two_listeners);
  ADD ("/tcp-server/ipv6", test_ipv6);
  ADD ("/tcp-server/errors", test_errors);
  ADD ("/tcp-server/stop-listener", test_stop_listener);
  g_test_add_func ("/tcp-server/stop-all-and-dispose", test_stop_all_and_dispose);

#undef ADD

  return g_test_run ();
}
