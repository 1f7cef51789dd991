/* test-udp-socket.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlUdpSocket against plain GSocket peers on loopback: datagrams in with
 * their source, echo, ICMP port unreachable, oversize datagrams, IPv6 and
 * descriptor leaks. This thread is the engine's main thread and spins the
 * default main context in bounded loops; every socket is on port 0. */

#include "config.h"

#define G_LOG_DOMAIN "test-udp-socket"

#include <dirent.h>
#include <string.h>

#include "sl-error.h"
#include "sl-net-thread.h"
#include "sl-udp-socket.h"

#include "sl-test-events.h"
#include "sl-test-net.h"
#include "sl-test-wait.h"

#define TIMEOUT_MS 10000

static void
on_bound (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static guint16
bind_socket (SlUdpSocket         *udp,
             const char          *address,
             const SlReplyConfig *reply,
             GError             **error)
{
  GAsyncResult *result = NULL;
  guint16 port;

  sl_udp_socket_bind_async (udp, address, 0, reply, NULL, on_bound, &result);
  g_assert_true (sl_test_spin_until (sl_test_is_nonnull, &result, TIMEOUT_MS));
  port = sl_udp_socket_bind_finish (udp, result, error);
  g_object_unref (result);

  return port;
}

static SlEvent *
wait_event (SlEventLog  *log,
            SlEventKind  kind,
            const char  *text)
{
  SlEvent *event = sl_test_wait_event (log, kind, text, TIMEOUT_MS);

  g_assert_nonnull (event);
  return event;
}

static gboolean
two_received (gpointer data)
{
  return sl_test_find_event (data, SL_EVENT_RECEIVED, NULL, 1) != NULL;
}

static GSocket *
peer_new (const char *address,
          guint16    *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (inet, 0);
  g_autoptr(GSocketAddress) local = NULL;
  GSocket *socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_DATAGRAM,
                                  G_SOCKET_PROTOCOL_UDP, &error);

  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (socket, TIMEOUT_MS / 1000);
  local = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));

  return socket;
}

static void
peer_send (GSocket    *socket,
           const char *address,
           guint16     port,
           const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) to = g_inet_socket_address_new (inet, port);

  g_socket_send_to (socket, to, text, strlen (text), NULL, &error);
  g_assert_no_error (error);
}

static void
assert_event_data (SlEvent    *event,
                   const char *text)
{
  g_autoptr(GBytes) data = sl_event_get_data (event);

  g_assert_nonnull (data);
  g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data), text, strlen (text));
}

static void
test_receive (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlUdpSocket) udp = sl_udp_socket_new (log);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) peer = NULL;
  g_autofree char *expected = NULL;
  guint16 port, peer_port;
  SlEvent *event;

  port = bind_socket (udp, "127.0.0.1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (port, !=, 0);
  g_assert_cmpuint (sl_udp_socket_get_port (udp), ==, port);
  g_assert_true (sl_udp_socket_get_bound (udp));

  peer = peer_new ("127.0.0.1", &peer_port);
  peer_send (peer, "127.0.0.1", port, "hello");
  peer_send (peer, "127.0.0.1", port, "world");

  event = wait_event (log, SL_EVENT_RECEIVED, NULL);
  expected = g_strdup_printf ("127.0.0.1:%u", peer_port);
  g_assert_cmpstr (sl_event_get_peer (event), ==, expected);
  assert_event_data (event, "hello");
  g_assert_cmpuint (sl_event_get_connection_id (event), ==, sl_udp_socket_get_id (udp));

  /* one event per datagram */
  g_assert_true (sl_test_spin_until (two_received, log, TIMEOUT_MS));
  event = sl_test_find_event (log, SL_EVENT_RECEIVED, NULL, 1);
  g_assert_cmpstr (sl_event_get_peer (event), ==, expected);
  assert_event_data (event, "world");

  sl_udp_socket_close (udp);
  g_assert_false (sl_udp_socket_get_bound (udp));
  wait_event (log, SL_EVENT_STOPPED, NULL);
}

static void
test_echo_and_send (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlUdpSocket) udp = sl_udp_socket_new (log);
  g_autoptr(SlReplyConfig) echo = sl_reply_config_new (SL_REPLY_ECHO);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) peer = NULL;
  g_autoptr(GSocketAddress) from = NULL;
  g_autoptr(GBytes) out = g_bytes_new_static ("from the app", 12);
  char buffer[64];
  gssize n;
  guint16 port, peer_port;

  port = bind_socket (udp, "127.0.0.1", echo, &error);
  g_assert_no_error (error);

  peer = peer_new ("127.0.0.1", &peer_port);
  peer_send (peer, "127.0.0.1", port, "ping 1");
  n = g_socket_receive_from (peer, &from, buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, n, "ping 1", 6);
  g_assert_cmpuint (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (from)), ==, port);
  wait_event (log, SL_EVENT_SENT, NULL);

  /* no reply: nothing comes back; a send by hand, by name */
  sl_udp_socket_set_reply (udp, NULL);
  g_assert_true (sl_udp_socket_send (udp, "localhost", peer_port, out, &error));
  g_assert_no_error (error);
  n = g_socket_receive (peer, buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, n, "from the app", 12);
}

static void
check_port_unreachable (const char *address,
                        const char *peer_format)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlUdpSocket) udp = sl_udp_socket_new (log);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = g_bytes_new_static ("anyone?", 7);
  g_autofree char *expected = NULL;
  guint16 closed_port;
  SlEvent *event;

  /* a port that was free a moment ago */
  {
    g_autoptr(GSocket) gone = peer_new (address, &closed_port);

    g_socket_close (gone, NULL);
  }

  bind_socket (udp, address, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sl_udp_socket_send (udp, address, closed_port, out, &error));
  g_assert_no_error (error);

  event = wait_event (log, SL_EVENT_ERROR, "ICMP port unreachable");
  expected = g_strdup_printf (peer_format, closed_port);
  g_assert_nonnull (strstr (sl_event_get_message (event), expected));
  g_assert_nonnull (sl_test_find_event (log, SL_EVENT_SENT, NULL, 0));
}

static void
test_port_unreachable (void)
{
  check_port_unreachable ("127.0.0.1", "Nothing listens on 127.0.0.1:%u ");
  check_port_unreachable ("::1", "Nothing listens on [::1]:%u ");
}

static void
test_too_large (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlUdpSocket) udp = sl_udp_socket_new (log);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *big = g_malloc0 (SL_UDP_MAX_IPV6 + 1);
  g_autoptr(GBytes) v4_over = g_bytes_new_static (big, SL_UDP_MAX_IPV4 + 1);
  g_autoptr(GBytes) v4_max = g_bytes_new_static (big, SL_UDP_MAX_IPV4);
  g_autoptr(GBytes) v6_over = g_bytes_new_static (big, SL_UDP_MAX_IPV6 + 1);
  g_autoptr(GSocket) peer = NULL;
  guint16 peer_port;

  /* not bound yet */
  g_assert_false (sl_udp_socket_send (udp, "127.0.0.1", 9, v4_max, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_CONNECTED);
  g_clear_error (&error);

  bind_socket (udp, "127.0.0.1", NULL, &error);
  g_assert_no_error (error);
  peer = peer_new ("127.0.0.1", &peer_port);

  g_assert_false (sl_udp_socket_send (udp, "127.0.0.1", peer_port, v4_over, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "65507"));
  g_clear_error (&error);
  g_assert_false (sl_udp_socket_send (udp, "::1", peer_port, v6_over, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_nonnull (wait_event (log, SL_EVENT_ERROR, "does not fit"));

  /* the largest IPv4 datagram goes through loopback */
  g_assert_true (sl_udp_socket_send (udp, "127.0.0.1", peer_port, v4_max, &error));
  g_assert_no_error (error);
  {
    g_autofree guint8 *in = g_malloc (SL_UDP_MAX_IPV6 + 1);
    gssize n = g_socket_receive (peer, (char *) in, SL_UDP_MAX_IPV6 + 1, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (n, ==, SL_UDP_MAX_IPV4);
  }
}

static void
test_ipv6 (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlUdpSocket) udp = sl_udp_socket_new (log);
  g_autoptr(SlReplyConfig) echo = sl_reply_config_new (SL_REPLY_ECHO);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) peer = NULL;
  g_autofree char *expected = NULL;
  char buffer[64];
  gssize n;
  guint16 port, peer_port;
  SlEvent *event;

  port = bind_socket (udp, "::1", echo, &error);
  if (g_error_matches (error, SL_ERROR, SL_ERROR_ADDRESS_NOT_LOCAL))
    {
      g_test_skip ("no IPv6 loopback here");
      return;
    }
  g_assert_no_error (error);

  peer = peer_new ("::1", &peer_port);
  peer_send (peer, "::1", port, "v6");
  n = g_socket_receive (peer, buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, n, "v6", 2);

  event = wait_event (log, SL_EVENT_RECEIVED, NULL);
  expected = g_strdup_printf ("[::1]:%u", peer_port);
  g_assert_cmpstr (sl_event_get_peer (event), ==, expected);
}

/* "::" takes IPv4 peers too; they read as IPv4, not ::ffff:… */
static void
test_dual_stack (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlUdpSocket) udp = sl_udp_socket_new (log);
  g_autoptr(SlReplyConfig) echo = sl_reply_config_new (SL_REPLY_ECHO);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) peer = NULL;
  g_autofree char *expected = NULL;
  char buffer[64];
  gssize n;
  guint16 port, peer_port;
  SlEvent *event;

  port = bind_socket (udp, "::", echo, &error);
  g_assert_no_error (error);

  peer = peer_new ("127.0.0.1", &peer_port);
  peer_send (peer, "127.0.0.1", port, "v4 to ::");
  n = g_socket_receive (peer, buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (buffer, n, "v4 to ::", 8);

  event = wait_event (log, SL_EVENT_RECEIVED, NULL);
  expected = g_strdup_printf ("127.0.0.1:%u", peer_port);
  g_assert_cmpstr (sl_event_get_peer (event), ==, expected);
}

static gboolean
noop (gpointer data)
{
  return G_SOURCE_REMOVE;
}

static void
test_no_fd_leak (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  guint before, after, i;

  sl_event_log_set_limits (log, 200, 64 * 1024);
  {
    /* warm up the network thread and its wakeup descriptors */
    g_autoptr(SlUdpSocket) udp = sl_udp_socket_new (log);

    bind_socket (udp, "127.0.0.1", NULL, NULL);
  }
  sl_net_thread_run_sync (noop, NULL);
  before = sl_test_count_fds ();

  for (i = 0; i < 500; i++)
    {
      g_autoptr(SlUdpSocket) udp = sl_udp_socket_new (log);
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (bind_socket (udp, i % 2 ? "::1" : "127.0.0.1", NULL, &error), !=, 0);
      g_assert_no_error (error);
      if (i % 3 == 0)
        sl_udp_socket_close (udp);
    }
  sl_net_thread_run_sync (noop, NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  after = sl_test_count_fds ();
  g_assert_cmpuint (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/udp-socket/receive", test_receive);
  g_test_add_func ("/udp-socket/echo-and-send", test_echo_and_send);
  g_test_add_func ("/udp-socket/port-unreachable", test_port_unreachable);
  g_test_add_func ("/udp-socket/too-large", test_too_large);
  g_test_add_func ("/udp-socket/ipv6", test_ipv6);
  g_test_add_func ("/udp-socket/dual-stack", test_dual_stack);
  g_test_add_func ("/udp-socket/no-fd-leak", test_no_fd_leak);

  return g_test_run ();
}
