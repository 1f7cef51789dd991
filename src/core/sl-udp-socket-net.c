/* sl-udp-socket-net.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The network half of SlUdpSocket, which owns one UDP socket. The object and its API live on the main
 * thread; the socket, its GSource, the reply configuration and the receive
 * buffer live on the network thread, in an SlUdpShared that requests reach
 * with sl_net_thread_invoke(). Everything that happens is appended to the
 * SlEventLog from the network thread.
 *
 * ICMP errors: the socket is not connected (it talks to many peers), so
 * Linux reports an ICMP port unreachable only with IP_RECVERR /
 * IPV6_RECVERR. We enable it and read the error queue (MSG_ERRQUEUE)
 * whenever the socket polls with an error: each queued error names the
 * destination of the datagram that caused it, so the message says which
 * peer has nothing listening, even with several peers in flight. */

#include "config.h"

#define G_LOG_DOMAIN "sl-udp-socket"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "sl-error.h"
#include "sl-format.h"
#include "sl-net-thread.h"
#include "sl-port-registry.h"
#include "sl-udp-socket-private.h"

#define READS_PER_WAKE  64

SlUdpShared *
sl_udp_shared_ref (SlUdpShared *shared)
{
  g_atomic_int_inc (&shared->ref_count);
  return shared;
}

void
sl_udp_shared_unref (gpointer data)
{
  SlUdpShared *shared = data;

  if (!g_atomic_int_dec_and_test (&shared->ref_count))
    return;
  g_assert (shared->socket == NULL && shared->source == NULL);
  g_clear_pointer (&shared->reply, sl_reply_config_free);
  g_clear_object (&shared->log);
  g_clear_object (&shared->cancellable);
  g_free (shared->buffer);
  g_free (shared->last_peer);
  g_free (shared);
}

static char *
format_sockaddr (const struct sockaddr *sa,
                 socklen_t              len)
{
  g_autoptr(GSocketAddress) address = g_socket_address_new_from_native ((gpointer) sa, len);
  GInetAddress *inet;
  g_autofree char *host = NULL;
  guint16 port;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("?");
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  /* a dual-stack socket sees IPv4 peers as ::ffff:a.b.c.d */
  if (sa->sa_family == AF_INET6 &&
      IN6_IS_ADDR_V4MAPPED (&((const struct sockaddr_in6 *) sa)->sin6_addr))
    {
      const guint8 *b = ((const struct sockaddr_in6 *) sa)->sin6_addr.s6_addr + 12;

      return g_strdup_printf ("%u.%u.%u.%u:%u", b[0], b[1], b[2], b[3], port);
    }
  host = g_inet_address_to_string (inet);
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[%s]:%u", host, port);
  return g_strdup_printf ("%s:%u", host, port);
}

static void
log_error (SlUdpShared *shared,
           const char  *peer,
           GError      *error)
{
  sl_event_log_add_error (shared->log, shared->id, peer, error);
}

/* Reports what the error queue holds: ICMP errors about datagrams we sent */
static void
drain_error_queue (SlUdpShared *shared)
{
  int fd = g_socket_get_fd (shared->socket);
  guint i;

  for (i = 0; i < READS_PER_WAKE; i++)
    {
      struct sockaddr_storage dest;
      guint8 control[512];
      guint8 dummy[1];
      struct iovec iov = { dummy, sizeof dummy };
      struct msghdr msg = { 0 };
      struct cmsghdr *cmsg;
      g_autofree char *peer = NULL;

      msg.msg_name = &dest;
      msg.msg_namelen = sizeof dest;
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control;
      msg.msg_controllen = sizeof control;

      if (recvmsg (fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
        break;

      peer = format_sockaddr ((struct sockaddr *) &dest, msg.msg_namelen);
      for (cmsg = CMSG_FIRSTHDR (&msg); cmsg != NULL; cmsg = CMSG_NXTHDR (&msg, cmsg))
        {
          const struct sock_extended_err *ee;
          g_autoptr(GError) error = NULL;

          if (!((cmsg->cmsg_level == SOL_IP && cmsg->cmsg_type == IP_RECVERR) ||
                (cmsg->cmsg_level == SOL_IPV6 && cmsg->cmsg_type == IPV6_RECVERR)))
            continue;
          ee = (const struct sock_extended_err *) CMSG_DATA (cmsg);

          if (ee->ee_errno == ECONNREFUSED)
            error = g_error_new (SL_ERROR, SL_ERROR_REFUSED,
                                 _("Nothing listens on %s (the other side answered ICMP port unreachable)."),
                                 peer);
          else if (ee->ee_errno == EMSGSIZE)
            error = g_error_new (SL_ERROR, SL_ERROR_TOO_LARGE,
                                 _("The datagram to %s is larger than the path allows (MTU %u bytes) and was dropped."),
                                 peer, ee->ee_info);
          else if (ee->ee_errno == EHOSTUNREACH)
            error = g_error_new (SL_ERROR, SL_ERROR_HOST_UNREACHABLE,
                                 _("%s cannot be reached (ICMP host unreachable)."), peer);
          else if (ee->ee_errno == ENETUNREACH)
            error = g_error_new (SL_ERROR, SL_ERROR_NETWORK_UNREACHABLE,
                                 _("The network of %s cannot be reached (ICMP network unreachable)."), peer);
          else
            error = g_error_new (SL_ERROR, SL_ERROR_FAILED,
                                 _("Sending to %s failed: %s."), peer, g_strerror (ee->ee_errno));
          log_error (shared, peer, error);
        }
    }
}

static gboolean
send_native (SlUdpShared           *shared,
             const struct sockaddr *sa,
             socklen_t              sa_len,
             const guint8          *data,
             gsize                  len,
             const char            *peer)
{
  int fd = g_socket_get_fd (shared->socket);
  ssize_t n;
  int errsv;

  n = sendto (fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL, sa, sa_len);
  if (n < 0 && errno == ECONNREFUSED)
    {
      /* an earlier ICMP error was pending on the socket: report it, retry */
      drain_error_queue (shared);
      n = sendto (fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL, sa, sa_len);
    }
  if (n >= 0)
    {
      sl_event_log_add_data (shared->log, SL_EVENT_SENT, shared->id, peer, data, len);
      return TRUE;
    }

  errsv = errno;
  {
    g_autoptr(GError) error = NULL;

    if (errsv == EMSGSIZE)
      {
        g_autofree char *size = sl_format_count (len);

        error = g_error_new (SL_ERROR, SL_ERROR_TOO_LARGE,
                             _("A datagram of %s bytes to %s is larger than the path allows; it was not sent."),
                             size, peer);
      }
    else if (errsv == EACCES)
      error = g_error_new (SL_ERROR, SL_ERROR_PERMISSION,
                           _("Sending to %s needs the broadcast switch (SO_BROADCAST): it is a broadcast address."),
                           peer);
    else
      {
        g_autoptr(GError) cause = g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (errsv), g_strerror (errsv));

        error = sl_error_for_io (cause, peer, TRUE);
      }
    log_error (shared, peer, error);
  }

  return FALSE;
}

/* "address:port" of a datagram's source. Formatting goes through GObjects
 * and printf; a ping-pong or a course client sends from one address, so
 * the last one is kept. Network thread only. */
static const char *
source_peer (SlUdpShared           *shared,
             const struct sockaddr *from,
             socklen_t              from_len)
{
  if (shared->last_peer == NULL || from_len != shared->last_from_len ||
      memcmp (from, &shared->last_from, from_len) != 0)
    {
      g_free (shared->last_peer);
      shared->last_peer = format_sockaddr (from, from_len);
      memcpy (&shared->last_from, from, MIN ((gsize) from_len, sizeof shared->last_from));
      shared->last_from_len = from_len;
    }
  return shared->last_peer;
}

static gboolean
socket_ready_cb (GSocket     *socket,
                 GIOCondition condition,
                 gpointer     data)
{
  SlUdpShared *shared = data;
  int fd = g_socket_get_fd (socket);
  guint i;

  if (condition & G_IO_ERR)
    drain_error_queue (shared);

  for (i = 0; i < READS_PER_WAKE; i++)
    {
      struct sockaddr_storage from;
      socklen_t from_len = sizeof from;
      const char *peer;
      ssize_t n;

      n = recvfrom (fd, shared->buffer, SL_UDP_BUFFER_SIZE, MSG_DONTWAIT, (struct sockaddr *) &from, &from_len);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          if (errno == EAGAIN || errno == EWOULDBLOCK)
            break;
          /* a pending ICMP error; the error queue says which peer */
          drain_error_queue (shared);
          continue;
        }

      peer = source_peer (shared, (struct sockaddr *) &from, from_len);
      sl_event_log_add_data (shared->log, SL_EVENT_RECEIVED, shared->id, peer, shared->buffer, n);

      /* Echo, the benchmark's and the course's mode, sends the buffer
       * itself: no copy into a reply */
      if (shared->reply != NULL && shared->reply->mode == SL_REPLY_ECHO)
        send_native (shared, (struct sockaddr *) &from, from_len, shared->buffer, n, peer);
      else if (shared->reply != NULL && shared->reply->mode != SL_REPLY_NONE)
        {
          SlReplyResult result = { 0 };

          /* each datagram is a whole exchange: no connection to close */
          sl_reply_respond (shared->reply, shared->buffer, n, &result);
          if (result.note != NULL)
            sl_event_log_add_message (shared->log, SL_EVENT_INFO, shared->id, peer, "%s", result.note);
          if (result.reply != NULL)
            {
              gsize len;
              const guint8 *reply = g_bytes_get_data (result.reply, &len);

              send_native (shared, (struct sockaddr *) &from, from_len, reply, len, peer);
            }
          sl_reply_result_clear (&result);
        }
    }

  return G_SOURCE_CONTINUE;
}

static void
close_socket (SlUdpShared *shared,
           gboolean     log)
{
  if (shared->socket == NULL)
    return;

  g_source_destroy (shared->source);
  g_clear_pointer (&shared->source, g_source_unref);
  g_socket_close (shared->socket, NULL);
  g_clear_object (&shared->socket);
  sl_port_registry_remove (sl_port_registry_get_default (), SL_PORT_UDP, shared->port);
  if (log)
    sl_event_log_add_message (shared->log, SL_EVENT_STOPPED, shared->id, NULL,
                              _("The UDP socket on port %u is closed."), shared->port);
  shared->port = 0;
}


void
sl_udp_request_free (gpointer data)
{
  SlUdpRequest *request = data;

  g_clear_pointer (&request->shared, sl_udp_shared_unref);
  g_clear_object (&request->task);
  g_free (request->address);
  g_free (request->host);
  g_clear_pointer (&request->reply, sl_reply_config_free);
  g_clear_pointer (&request->data, g_bytes_unref);
  g_free (request);
}


gboolean
sl_udp_net_bind (gpointer data)
{
  SlUdpRequest *request = data;
  SlUdpShared *shared = request->shared;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) cause = NULL;
  GError *error;
  int fd, on = 1;

  close_socket (shared, TRUE);

  inet = g_inet_address_new_from_string (request->address);
  if (inet == NULL)
    {
      error = g_error_new (SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                           _("“%s” is not an IP address; type one such as 127.0.0.1, ::1 or 0.0.0.0."),
                           request->address);
      log_error (shared, NULL, error);
      g_task_return_error (request->task, error);
      return G_SOURCE_REMOVE;
    }

  address = g_inet_socket_address_new (inet, request->port);
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, &cause);
  if (socket == NULL || !g_socket_bind (socket, address, FALSE, &cause) ||
      (local = g_socket_get_local_address (socket, &cause)) == NULL)
    {
      error = sl_error_for_bind (cause, request->address, request->port);
      log_error (shared, NULL, error);
      g_task_return_error (request->task, error);
      return G_SOURCE_REMOVE;
    }

  g_socket_set_blocking (socket, FALSE);
  fd = g_socket_get_fd (socket);
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    {
      setsockopt (fd, SOL_IPV6, IPV6_RECVERR, &on, sizeof on);
      /* IPv4 peers of a "::" socket report through IP_RECVERR */
      setsockopt (fd, SOL_IP, IP_RECVERR, &on, sizeof on);
    }
  else
    setsockopt (fd, SOL_IP, IP_RECVERR, &on, sizeof on);
  g_socket_set_broadcast (socket, shared->broadcast);

  shared->socket = g_steal_pointer (&socket);
  shared->family = g_inet_address_get_family (inet);
  shared->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  g_clear_pointer (&shared->reply, sl_reply_config_free);
  shared->reply = g_steal_pointer (&request->reply);
  sl_port_registry_add (sl_port_registry_get_default (), SL_PORT_UDP, shared->port);

  shared->source = g_socket_create_source (shared->socket, G_IO_IN | G_IO_ERR, NULL);
  g_source_set_callback (shared->source, G_SOURCE_FUNC (socket_ready_cb), shared, NULL);
  g_source_set_static_name (shared->source, "[sl-udp-socket] socket");
  g_source_attach (shared->source, sl_net_thread_get_context ());

  {
    g_autofree char *host = g_inet_address_to_string (inet);

    sl_event_log_add_message (shared->log, SL_EVENT_LISTENING, shared->id, NULL,
                              _("The UDP socket is bound to %s port %u and waits for datagrams."),
                              host, shared->port);
  }

  g_task_return_int (request->task, shared->port);

  return G_SOURCE_REMOVE;
}

gboolean
sl_udp_net_close (gpointer data)
{
  SlUdpRequest *request = data;

  close_socket (request->shared, TRUE);
  return G_SOURCE_REMOVE;
}

gboolean
sl_udp_net_set_reply (gpointer data)
{
  SlUdpRequest *request = data;

  g_clear_pointer (&request->shared->reply, sl_reply_config_free);
  request->shared->reply = g_steal_pointer (&request->reply);
  return G_SOURCE_REMOVE;
}

gboolean
sl_udp_net_set_broadcast (gpointer data)
{
  SlUdpRequest *request = data;

  request->shared->broadcast = request->flag;
  if (request->shared->socket != NULL)
    g_socket_set_broadcast (request->shared->socket, request->flag);
  return G_SOURCE_REMOVE;
}

static void
send_to_address (SlUdpRequest      *request,
                 GInetAddress *inet)
{
  SlUdpShared *shared = request->shared;
  g_autoptr(GInetAddress) mapped = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *peer = NULL;
  g_autofree char *host = g_inet_address_to_string (inet);
  struct sockaddr_storage native;
  gsize len;
  const guint8 *data = g_bytes_get_data (request->data, &len);

  if (shared->socket == NULL)
    return;

  peer = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6
         ? g_strdup_printf ("[%s]:%u", host, request->port)
         : g_strdup_printf ("%s:%u", host, request->port);

  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV4 && len > SL_UDP_MAX_IPV4)
    {
      g_autofree char *size = sl_format_count (len);
      g_autoptr(GError) error = g_error_new (SL_ERROR, SL_ERROR_TOO_LARGE,
                                             _("A datagram of %s bytes does not fit in IPv4 UDP (at most %u bytes); it was not sent to %s."),
                                             size, SL_UDP_MAX_IPV4, peer);
      log_error (shared, peer, error);
      return;
    }

  if (shared->family != g_inet_address_get_family (inet))
    {
      if (shared->family == G_SOCKET_FAMILY_IPV4)
        {
          g_autoptr(GError) error = g_error_new (SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                                                 _("An IPv4 socket cannot send to the IPv6 address %s; bind to “::” to use both."),
                                                 peer);
          log_error (shared, peer, error);
          return;
        }
      else
        {
          guint8 bytes[16] = { [10] = 0xff, [11] = 0xff };

          memcpy (bytes + 12, g_inet_address_to_bytes (inet), 4);
          mapped = g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV6);
          inet = mapped;
        }
    }

  address = g_inet_socket_address_new (inet, request->port);
  if (!g_socket_address_to_native (address, &native, sizeof native, NULL))
    return;
  send_native (shared, (struct sockaddr *) &native, g_socket_address_get_native_size (address),
               data, len, peer);
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  SlUdpRequest *request = data;
  g_autoptr(GError) cause = NULL;
  GList *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &cause);
  GList *l;
  GInetAddress *chosen = NULL;

  if (addresses == NULL)
    {
      if (!g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autoptr(GError) error = sl_error_for_resolve (cause, request->host);

          log_error (request->shared, NULL, error);
        }
      sl_udp_request_free (request);
      return;
    }

  /* an address of the socket's family, else any (IPv4 maps into "::") */
  for (l = addresses; l != NULL; l = l->next)
    if (g_inet_address_get_family (l->data) == request->shared->family)
      {
        chosen = l->data;
        break;
      }
  send_to_address (request, chosen != NULL ? chosen : addresses->data);
  g_resolver_free_addresses (addresses);
  sl_udp_request_free (request);
}

gboolean
sl_udp_net_send (gpointer data)
{
  SlUdpRequest *request = data;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (request->host);
  g_autoptr(GResolver) resolver = NULL;
  SlUdpRequest *copy;

  if (inet != NULL)
    {
      send_to_address (request, inet);
      return G_SOURCE_REMOVE;
    }

  /* the invoke frees @request: the lookup keeps its own */
  copy = g_new0 (SlUdpRequest, 1);
  copy->shared = sl_udp_shared_ref (request->shared);
  copy->host = g_strdup (request->host);
  copy->port = request->port;
  copy->data = g_bytes_ref (request->data);
  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_async (resolver, request->host, request->shared->cancellable, resolved_cb, copy);

  return G_SOURCE_REMOVE;
}
