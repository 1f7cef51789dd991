/* sl-test-net.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Socket helpers shared by the unit and UI tests. Loopback or the
 * wildcard address only; nothing is sent. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A UDP port that is free right now on @address ("127.0.0.1", "0.0.0.0"):
 * bind to port 0, read the port, close */
G_GNUC_UNUSED static guint16
sl_test_free_udp_port (const char *address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) bind_address = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocket) socket = NULL;

  g_assert_nonnull (inet);
  bind_address = g_inet_socket_address_new (inet, 0);
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, bind_address, FALSE, &error);
  g_assert_no_error (error);
  local = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
}

/* A socket on 127.0.0.1 and a port the system picks (written to @port):
 * a stream socket listens; @timeout in seconds, 0 for none */
G_GNUC_UNUSED static GSocket *
sl_test_loopback_socket (GSocketType  type,
                         gboolean     allow_reuse,
                         guint        timeout,
                         guint16     *port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket;

  g_assert_true (type == G_SOCKET_TYPE_STREAM || type == G_SOCKET_TYPE_DATAGRAM);
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type,
                         type == G_SOCKET_TYPE_STREAM ? G_SOCKET_PROTOCOL_TCP : G_SOCKET_PROTOCOL_UDP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, allow_reuse, &error);
  g_assert_no_error (error);
  if (type == G_SOCKET_TYPE_STREAM)
    {
      g_socket_listen (socket, &error);
      g_assert_no_error (error);
    }
  g_socket_set_timeout (socket, timeout);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

/* How many descriptors this process has open, to show that sockets are
 * closed again */
G_GNUC_UNUSED static guint
sl_test_count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

G_END_DECLS
