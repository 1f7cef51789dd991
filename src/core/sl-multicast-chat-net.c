/* sl-multicast-chat-net.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The network half of SlMulticastChat: its socket lives on the network
 * thread, in the SlChatShared that the main half's requests reach with
 * sl_net_thread_invoke().
 *
 * The socket shares its port with the course's mcc.py on the same
 * computer: SO_REUSEADDR (what mcc.py sets; on Linux both sides need it)
 * and SO_REUSEPORT. Every socket bound to the wildcard and the port gets a
 * copy of each multicast datagram. Linux would also hand it the datagrams
 * of groups that *other* sockets joined on that port, so we turn that off
 * (IP_MULTICAST_ALL / IPV6_MULTICAST_ALL) and, for older kernels, also
 * drop datagrams whose destination (IP_PKTINFO) is another group.
 *
 * Own messages loop back (IP_MULTICAST_LOOP); mcc.py shows them like any
 * other. We mark them "own" when they come from our port, from an address
 * of this computer, and carry the bytes of a datagram we sent a moment
 * ago: the port and address alone cannot tell us from an mcc.py that
 * shares the port on the same computer.
 *
 * Replies (text format) answer only datagrams sent to the group, never
 * unicast ones: two receivers that echo each other's unicast replies would
 * play ping-pong forever. */

#include "config.h"

#define G_LOG_DOMAIN "sl-multicast-chat"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "sl-error.h"
#include "sl-format.h"
#include "sl-mcc-codec.h"
#include "sl-multicast-chat-private.h"
#include "sl-net-thread.h"
#include "sl-port-registry.h"

#ifndef IP_MULTICAST_ALL
#define IP_MULTICAST_ALL 49
#endif
#ifndef IPV6_MULTICAST_ALL
#define IPV6_MULTICAST_ALL 29
#endif

#define READS_PER_WAKE  64
#define SENT_KEEP       64                      /* own datagrams remembered */
#define SENT_MAX_AGE    (10 * G_USEC_PER_SEC)   /* … and for how long */

typedef struct
{
  GBytes *data;
  gint64 time;
} SlChatSent;

static void
sent_free (gpointer data)
{
  SlChatSent *sent = data;

  g_bytes_unref (sent->data);
  g_free (sent);
}

SlChatShared *
sl_chat_shared_ref (SlChatShared *shared)
{
  g_atomic_int_inc (&shared->ref_count);
  return shared;
}

void
sl_chat_shared_unref (gpointer data)
{
  SlChatShared *shared = data;

  if (!g_atomic_int_dec_and_test (&shared->ref_count))
    return;
  g_assert (shared->socket == NULL && shared->source == NULL);
  g_queue_clear_full (&shared->sent, sent_free);
  g_clear_pointer (&shared->reply, sl_reply_config_free);
  g_clear_object (&shared->group);
  g_free (shared->group_text);
  g_free (shared->name);
  g_clear_object (&shared->log);
  g_clear_object (&shared->cancellable);
  g_free (shared->buffer);
  g_free (shared);
}

void
sl_chat_request_free (gpointer data)
{
  SlChatRequest *request = data;

  g_clear_pointer (&request->shared, sl_chat_shared_unref);
  g_clear_object (&request->task);
  g_free (request->group);
  g_free (request->interface);
  g_free (request->name);
  g_clear_pointer (&request->reply, sl_reply_config_free);
  g_clear_pointer (&request->data, g_bytes_unref);
  g_clear_pointer (&request->message, sl_chat_message_free);
  g_free (request->line);
  g_free (request);
}

/* ---- addresses ---- */

/* "10.0.0.2", "fe80::1%veth0" (the scope only for link-local sources) */
static char *
format_host (const struct sockaddr *sa)
{
  char text[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];

  if (sa->sa_family == AF_INET)
    {
      const struct sockaddr_in *sin = (const struct sockaddr_in *) sa;

      inet_ntop (AF_INET, &sin->sin_addr, text, sizeof text);
      return g_strdup (text);
    }
  if (sa->sa_family == AF_INET6)
    {
      const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) sa;
      char ifname[IF_NAMESIZE];

      inet_ntop (AF_INET6, &sin6->sin6_addr, text, INET6_ADDRSTRLEN);
      if (sin6->sin6_scope_id != 0 && IN6_IS_ADDR_LINKLOCAL (&sin6->sin6_addr) &&
          if_indextoname (sin6->sin6_scope_id, ifname) != NULL)
        return g_strdup_printf ("%s%%%s", text, ifname);
      return g_strdup (text);
    }

  return g_strdup ("?");
}

static guint16
sockaddr_port (const struct sockaddr *sa)
{
  if (sa->sa_family == AF_INET)
    return g_ntohs (((const struct sockaddr_in *) sa)->sin_port);
  if (sa->sa_family == AF_INET6)
    return g_ntohs (((const struct sockaddr_in6 *) sa)->sin6_port);
  return 0;
}

static gboolean
is_local_address (const struct sockaddr *sa)
{
  struct ifaddrs *list = NULL, *ifa;
  gboolean found = FALSE;

  if (getifaddrs (&list) != 0)
    return FALSE;

  for (ifa = list; ifa != NULL && !found; ifa = ifa->ifa_next)
    {
      if (ifa->ifa_addr == NULL || ifa->ifa_addr->sa_family != sa->sa_family)
        continue;
      if (sa->sa_family == AF_INET)
        found = memcmp (&((struct sockaddr_in *) ifa->ifa_addr)->sin_addr,
                        &((const struct sockaddr_in *) sa)->sin_addr, sizeof (struct in_addr)) == 0;
      else if (sa->sa_family == AF_INET6)
        found = memcmp (&((struct sockaddr_in6 *) ifa->ifa_addr)->sin6_addr,
                        &((const struct sockaddr_in6 *) sa)->sin6_addr, sizeof (struct in6_addr)) == 0;
    }
  freeifaddrs (list);

  return found;
}

static void
expire_sent (SlChatShared *shared)
{
  gint64 now = g_get_monotonic_time ();
  SlChatSent *sent;

  while ((sent = g_queue_peek_head (&shared->sent)) != NULL &&
         (shared->sent.length > SENT_KEEP || now - sent->time > SENT_MAX_AGE))
    sent_free (g_queue_pop_head (&shared->sent));
}

static gboolean
is_own (SlChatShared          *shared,
        const struct sockaddr *from,
        const guint8          *data,
        gsize                  len)
{
  GList *l;

  if (sockaddr_port (from) != shared->port)
    return FALSE;

  expire_sent (shared);
  for (l = shared->sent.head; l != NULL; l = l->next)
    {
      SlChatSent *sent = l->data;
      gsize sent_len;
      const guint8 *sent_data = g_bytes_get_data (sent->data, &sent_len);

      if (sent_len == len && (len == 0 || memcmp (sent_data, data, len) == 0))
        {
          if (!is_local_address (from))
            return FALSE;
          sent_free (l->data);
          g_queue_delete_link (&shared->sent, l);
          return TRUE;
        }
    }

  return FALSE;
}

/* ---- sending ---- */

static void
log_error (SlChatShared *shared,
           const char   *peer,
           GError       *error)
{
  sl_event_log_add_error (shared->log, shared->id, peer, error);
}

static GError *
error_for_send (SlChatShared *shared,
                int           errsv,
                const char   *peer,
                gboolean      to_group)
{
  char ifname[IF_NAMESIZE] = "";

  if (shared->ifindex != 0)
    if_indextoname (shared->ifindex, ifname);

  if (errsv == ENETUNREACH && to_group)
    {
      if (shared->family == G_SOCKET_FAMILY_IPV6)
        return g_error_new (SL_ERROR, SL_ERROR_NETWORK_UNREACHABLE,
                            /* Translators: the first %s is a group address, the second an interface name */
                            _("The group %s cannot be reached through %s: the interface has no route for IPv6 multicast (it needs an IPv6 address and must be up). Choose another interface, or use an IPv4 group such as 225.0.0.250."),
                            shared->group_text, ifname[0] != '\0' ? ifname : "?");
      return g_error_new (SL_ERROR, SL_ERROR_NETWORK_UNREACHABLE,
                          /* Translators: %s is a group address */
                          _("No route leads to the group %s, so the system does not know where to send it. Choose the interface to chat on (lo for this computer alone)."),
                          shared->group_text);
    }
  if (errsv == EPERM || errsv == EACCES)
    return g_error_new (SL_ERROR, SL_ERROR_PERMISSION,
                        /* Translators: %s is an address and port */
                        _("This computer does not allow sending to %s: a firewall rule refused the datagram."),
                        peer);
  if (errsv == EMSGSIZE)
    return g_error_new (SL_ERROR, SL_ERROR_TOO_LARGE,
                        /* Translators: %s is an address and port */
                        _("The datagram to %s is larger than the path allows; it was not sent."),
                        peer);

  {
    g_autoptr(GError) cause = g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (errsv), g_strerror (errsv));

    return sl_error_for_io (cause, peer, TRUE);
  }
}

static char *
group_peer (SlChatShared *shared)
{
  return sl_format_host_port (shared->group_text, shared->port);
}

/* Sends @data to the group, or to @to (a reply) */
static gboolean
send_datagram (SlChatShared          *shared,
               const struct sockaddr *to,
               socklen_t              to_len,
               const char            *peer,
               GBytes                *data,
               SlChatMessage         *message,
               const char            *line)
{
  struct sockaddr_storage group;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *group_text = NULL;
  gsize len;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  gboolean to_group = to == NULL;
  ssize_t n;

  if (shared->socket == NULL)
    {
      sl_chat_message_free (message);
      return FALSE;
    }

  if (to_group)
    {
      address = g_inet_socket_address_new (shared->group, shared->port);
      if (!g_socket_address_to_native (address, &group, sizeof group, NULL))
        g_assert_not_reached ();
      to = (struct sockaddr *) &group;
      to_len = g_socket_address_get_native_size (address);
      peer = group_text = group_peer (shared);
    }

  do
    n = sendto (g_socket_get_fd (shared->socket), bytes != NULL ? bytes : (const guint8 *) "", len,
                MSG_DONTWAIT | MSG_NOSIGNAL, to, to_len);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      g_autoptr(GError) error = error_for_send (shared, errno, peer, to_group);

      log_error (shared, peer, error);
      sl_chat_message_free (message);
      return FALSE;
    }

  if (to_group)
    {
      SlChatSent *sent = g_new0 (SlChatSent, 1);

      sent->data = g_bytes_ref (data);
      sent->time = g_get_monotonic_time ();
      g_queue_push_tail (&shared->sent, sent);
      expire_sent (shared);
    }

  {
    SlEvent *event = sl_event_new (SL_EVENT_SENT, shared->id);

    sl_event_set_peer (event, peer);
    sl_event_set_message (event, line);
    sl_event_set_data (event, bytes, len);
    /* a chat message is one row: the detail also keeps the log from
     * merging it with the next */
    if (message != NULL)
      sl_event_set_detail (event, message, (GDestroyNotify) sl_chat_message_free);
    sl_event_log_append (shared->log, event);
  }

  return TRUE;
}

static void
send_mcc (SlChatShared *shared,
          SlMccKind     kind)
{
  g_autoptr(GBytes) name = g_bytes_new (shared->name, strlen (shared->name));
  g_autoptr(GBytes) data = sl_mcc_encode (kind, name, NULL);
  g_autofree char *line = NULL;
  SlChatMessage *message = g_new0 (SlChatMessage, 1);

  message->kind = kind == SL_MCC_JOIN ? SL_CHAT_MESSAGE_JOIN : SL_CHAT_MESSAGE_LEAVE;
  message->name = g_strdup (shared->name);
  message->own = TRUE;
  line = sl_chat_message_format_line (message, NULL, g_bytes_get_size (data));
  send_datagram (shared, NULL, 0, NULL, data, message, line);
}

/* ---- receiving ---- */

static void
reply_to (SlChatShared          *shared,
          const struct sockaddr *from,
          socklen_t              from_len,
          const char            *peer,
          const guint8          *data,
          gsize                  len)
{
  SlReplyResult result = { 0 };

  /* each datagram is a whole exchange: no connection to close */
  sl_reply_respond (shared->reply, data, len, &result);
  if (result.note != NULL)
    sl_event_log_add_message (shared->log, SL_EVENT_INFO, shared->id, peer, "%s", result.note);
  if (result.reply != NULL)
    {
      gsize reply_len;
      const char *reply = g_bytes_get_data (result.reply, &reply_len);
      g_autofree char *line = NULL;

      if (reply != NULL && g_utf8_validate_len (reply, reply_len, NULL))
        line = g_strndup (reply, reply_len);
      send_datagram (shared, from, from_len, peer, result.reply, NULL, line);
    }
  sl_reply_result_clear (&result);
}

/* The destination of a received datagram, from IP_PKTINFO / IPV6_PKTINFO;
 * FALSE when the kernel did not say. */
static gboolean
get_destination (struct msghdr   *msg,
                 struct in6_addr *dest6,
                 struct in_addr  *dest4)
{
  struct cmsghdr *cmsg;

  for (cmsg = CMSG_FIRSTHDR (msg); cmsg != NULL; cmsg = CMSG_NXTHDR (msg, cmsg))
    {
      if (cmsg->cmsg_level == IPPROTO_IP && cmsg->cmsg_type == IP_PKTINFO)
        {
          struct in_pktinfo info;

          memcpy (&info, CMSG_DATA (cmsg), sizeof info);
          *dest4 = info.ipi_addr;
          return TRUE;
        }
      if (cmsg->cmsg_level == IPPROTO_IPV6 && cmsg->cmsg_type == IPV6_PKTINFO)
        {
          struct in6_pktinfo info;

          memcpy (&info, CMSG_DATA (cmsg), sizeof info);
          *dest6 = info.ipi6_addr;
          return TRUE;
        }
    }

  return FALSE;
}

static void
handle_datagram (SlChatShared          *shared,
                 const struct sockaddr *from,
                 socklen_t              from_len,
                 const guint8          *data,
                 gsize                  len,
                 gboolean               to_group)
{
  g_autofree char *host = format_host (from);
  g_autofree char *peer = sl_format_host_port (host, sockaddr_port (from));
  g_autofree char *line = NULL;
  SlChatMessage *message;
  SlEvent *event;
  gboolean own;

  message = sl_chat_message_decode (shared->format, data, len);
  own = is_own (shared, from, data, len);
  message->own = own;
  message->sender = g_strdup (peer);
  line = sl_chat_message_format_line (message, host, len);

  event = sl_event_new (SL_EVENT_RECEIVED, shared->id);
  sl_event_set_peer (event, peer);
  sl_event_set_message (event, line);
  sl_event_set_data (event, data, len);
  sl_event_set_detail (event, message, (GDestroyNotify) sl_chat_message_free);
  sl_event_log_append (shared->log, event);

  if (shared->format == SL_CHAT_FORMAT_TEXT && to_group && !own &&
      shared->reply != NULL && shared->reply->mode != SL_REPLY_NONE)
    reply_to (shared, from, from_len, peer, data, len);
}

static gboolean
socket_ready_cb (GSocket     *socket,
                 GIOCondition condition,
                 gpointer     data)
{
  SlChatShared *shared = data;
  int fd = g_socket_get_fd (socket);
  const guint8 *group_bytes = g_inet_address_to_bytes (shared->group);
  guint i;

  for (i = 0; i < READS_PER_WAKE; i++)
    {
      struct sockaddr_storage from;
      union {
        struct cmsghdr align;
        guint8 buffer[256];
      } control;
      struct iovec iov = { shared->buffer, SL_CHAT_BUFFER_SIZE };
      struct msghdr msg = { 0 };
      struct in6_addr dest6;
      struct in_addr dest4;
      gboolean to_group = TRUE;
      ssize_t n;

      msg.msg_name = &from;
      msg.msg_namelen = sizeof from;
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = &control;
      msg.msg_controllen = sizeof control;

      n = recvmsg (fd, &msg, MSG_DONTWAIT);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          /* EAGAIN, or a pending ICMP error about a reply: nothing to read */
          if (errno != EAGAIN && errno != EWOULDBLOCK)
            g_debug ("recvmsg: %s", g_strerror (errno));
          break;
        }

      memset (&dest6, 0, sizeof dest6);
      memset (&dest4, 0, sizeof dest4);
      if (get_destination (&msg, &dest6, &dest4))
        {
          if (shared->family == G_SOCKET_FAMILY_IPV6)
            {
              if (IN6_IS_ADDR_MULTICAST (&dest6) && memcmp (&dest6, group_bytes, 16) != 0)
                continue; /* another group on the same port */
              to_group = IN6_IS_ADDR_MULTICAST (&dest6);
            }
          else
            {
              guint8 first = ((const guint8 *) &dest4.s_addr)[0];
              gboolean multicast = first >= 224 && first <= 239;

              if (multicast && memcmp (&dest4, group_bytes, 4) != 0)
                continue;
              to_group = multicast;
            }
        }

      handle_datagram (shared, (struct sockaddr *) &from, msg.msg_namelen,
                       shared->buffer, n, to_group);
    }

  return G_SOURCE_CONTINUE;
}

/* ---- joining and leaving ---- */

static void
close_socket (SlChatShared *shared,
              gboolean      say_goodbye)
{
  if (shared->socket == NULL)
    return;

  if (say_goodbye && shared->format == SL_CHAT_FORMAT_MCC && shared->name != NULL)
    send_mcc (shared, SL_MCC_LEAVE);

  /* closing the socket drops its membership */
  g_source_destroy (shared->source);
  g_clear_pointer (&shared->source, g_source_unref);
  g_socket_close (shared->socket, NULL);
  g_clear_object (&shared->socket);
  sl_port_registry_remove (sl_port_registry_get_default (), SL_PORT_UDP, shared->port);
  g_queue_clear_full (&shared->sent, sent_free);
  g_queue_init (&shared->sent);

  sl_event_log_add_message (shared->log, SL_EVENT_STOPPED, shared->id, NULL,
                            /* Translators: %s is a group address, %u a port */
                            _("Left the group %s; the socket on port %u is closed."),
                            shared->group_text, shared->port);
  shared->port = 0;
  shared->ifindex = 0;
}

static GError *
error_for_join (int         errsv,
                const char *group,
                const char *interface)
{
  if (errsv == ENODEV && interface == NULL)
    return g_error_new (SL_ERROR, SL_ERROR_NETWORK_UNREACHABLE,
                        /* Translators: %s is a group address */
                        _("The system could not choose an interface for the group %s: no route leads to it (ENODEV). Choose the interface to chat on (lo for this computer alone)."),
                        group);
  if (errsv == ENODEV)
    return g_error_new (SL_ERROR, SL_ERROR_NETWORK_UNREACHABLE,
                        /* Translators: the first %s is an interface name, the second a group address */
                        _("The interface %s cannot join the group %s (ENODEV: no such device for multicast); choose another interface."),
                        interface, group);
  if (errsv == EADDRNOTAVAIL)
    return g_error_new (SL_ERROR, SL_ERROR_ADDRESS_NOT_LOCAL,
                        /* Translators: the first %s is an interface name, the second a group address */
                        _("The interface %s has no address with which to join the group %s (EADDRNOTAVAIL). Give it an address of the group’s family (IPv4 or IPv6), or choose another interface."),
                        interface != NULL ? interface : "?", group);
  if (errsv == ENOBUFS)
    return g_error_new (SL_ERROR, SL_ERROR_FAILED,
                        /* Translators: %s is a group address */
                        _("The system refused to join %s: this computer has joined too many groups (ENOBUFS)."),
                        group);

  return g_error_new (SL_ERROR, SL_ERROR_FAILED,
                      /* Translators: the first %s is a group address, the second the system's reason */
                      _("Could not join the group %s: %s."),
                      group, g_strerror (errsv));
}

static gboolean
set_int_option (int   fd,
                int   level,
                int   option,
                int   value)
{
  return setsockopt (fd, level, option, &value, sizeof value) == 0;
}

/* Creates, binds and joins; FALSE with @error set */
static gboolean
open_socket (SlChatShared  *shared,
             SlChatRequest *request,
             const char    *interface,
             GError       **error)
{
  g_autoptr(GInetAddress) any = g_inet_address_new_any (shared->family);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (any, request->port);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) cause = NULL;
  const guint8 *group = g_inet_address_to_bytes (shared->group);
  int fd, rc;

  socket = g_socket_new (shared->family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &cause);
  if (socket == NULL)
    {
      *error = sl_error_for_bind (cause, shared->family == G_SOCKET_FAMILY_IPV6 ? "::" : "0.0.0.0", request->port);
      return FALSE;
    }
  g_socket_set_blocking (socket, FALSE);
  fd = g_socket_get_fd (socket);

  set_int_option (fd, SOL_SOCKET, SO_REUSEADDR, 1);
  set_int_option (fd, SOL_SOCKET, SO_REUSEPORT, 1);
  if (shared->family == G_SOCKET_FAMILY_IPV6)
    {
      set_int_option (fd, IPPROTO_IPV6, IPV6_V6ONLY, 1);
      set_int_option (fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
      set_int_option (fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, 0);
    }
  else
    {
      set_int_option (fd, IPPROTO_IP, IP_PKTINFO, 1);
      set_int_option (fd, IPPROTO_IP, IP_MULTICAST_ALL, 0);
    }

  /* g_socket_bind() sets SO_REUSEADDR and (for datagram sockets)
   * SO_REUSEPORT to allow_reuse, so FALSE would undo the above */
  if (!g_socket_bind (socket, address, TRUE, &cause))
    {
      if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_set_error (error, SL_ERROR, SL_ERROR_ADDRESS_IN_USE,
                     /* Translators: %u is a port number */
                     _("UDP port %u is taken by a program that does not share it (it did not turn on SO_REUSEADDR, as mcc.py does). Stop that program, or choose another port."),
                     request->port);
      else
        *error = sl_error_for_bind (cause, shared->family == G_SOCKET_FAMILY_IPV6 ? "::" : "0.0.0.0", request->port);
      return FALSE;
    }

  if (shared->family == G_SOCKET_FAMILY_IPV6)
    {
      struct ipv6_mreq mreq = { 0 };

      memcpy (&mreq.ipv6mr_multiaddr, group, 16);
      mreq.ipv6mr_interface = shared->ifindex;
      rc = setsockopt (fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq, sizeof mreq);
    }
  else
    {
      struct ip_mreqn mreq = { 0 };

      memcpy (&mreq.imr_multiaddr, group, 4);
      mreq.imr_ifindex = shared->ifindex;
      rc = setsockopt (fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof mreq);
    }
  if (rc != 0)
    {
      *error = error_for_join (errno, shared->group_text, interface);
      return FALSE;
    }

  if (shared->family == G_SOCKET_FAMILY_IPV6)
    {
      rc = set_int_option (fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, shared->ifindex) &&
           set_int_option (fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, request->ttl) &&
           set_int_option (fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, request->loopback ? 1 : 0);
    }
  else
    {
      struct ip_mreqn mreq = { 0 };

      mreq.imr_ifindex = shared->ifindex;
      rc = (shared->ifindex == 0 ||
            setsockopt (fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof mreq) == 0) &&
           set_int_option (fd, IPPROTO_IP, IP_MULTICAST_TTL, request->ttl) &&
           set_int_option (fd, IPPROTO_IP, IP_MULTICAST_LOOP, request->loopback ? 1 : 0);
    }
  if (!rc)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                   /* Translators: %s is the system's reason */
                   _("Could not set the interface, TTL or loopback for multicast: %s."),
                   g_strerror (errno));
      return FALSE;
    }

  shared->socket = g_steal_pointer (&socket);
  return TRUE;
}

gboolean
sl_chat_net_join (gpointer data)
{
  SlChatRequest *request = data;
  SlChatShared *shared = request->shared;
  g_autofree char *interface = NULL;
  g_autoptr(GError) local_error = NULL;
  GError *error = NULL;

  close_socket (shared, TRUE);

  g_clear_object (&shared->group);
  g_clear_pointer (&shared->group_text, g_free);
  shared->group = g_inet_address_new_from_string (request->group);
  g_assert (shared->group != NULL);
  shared->group_text = g_inet_address_to_string (shared->group);
  shared->family = g_inet_address_get_family (shared->group);
  shared->format = request->format;
  g_free (shared->name);
  shared->name = g_steal_pointer (&request->name);

  shared->ifindex = sl_multicast_choose_interface (request->interface, shared->family,
                                                   &interface, &local_error);
  if (local_error == NULL)
    open_socket (shared, request, interface, &local_error);
  if (local_error != NULL)
    {
      shared->ifindex = 0;
      error = g_steal_pointer (&local_error);
      log_error (shared, NULL, error);
      g_task_return_error (request->task, error);
      return G_SOURCE_REMOVE;
    }

  /* the reply mode stays as sl_chat_net_set_reply() left it */
  shared->port = request->port;
  sl_port_registry_add (sl_port_registry_get_default (), SL_PORT_UDP, shared->port);

  shared->source = g_socket_create_source (shared->socket, G_IO_IN, NULL);
  g_source_set_callback (shared->source, G_SOURCE_FUNC (socket_ready_cb), shared, NULL);
  g_source_set_static_name (shared->source, "[sl-multicast-chat] socket");
  g_source_attach (shared->source, sl_net_thread_get_context ());

  if (interface != NULL)
    sl_event_log_add_message (shared->log, SL_EVENT_LISTENING, shared->id, NULL,
                              /* Translators: a group address, an interface name, a port */
                              _("Joined the group %s on %s, port %u: messages to the group arrive here."),
                              shared->group_text, interface, shared->port);
  else
    sl_event_log_add_message (shared->log, SL_EVENT_LISTENING, shared->id, NULL,
                              /* Translators: a group address, then a port */
                              _("Joined the group %s on the interface the system chose, port %u: messages to the group arrive here."),
                              shared->group_text, shared->port);

  if (shared->format == SL_CHAT_FORMAT_MCC)
    send_mcc (shared, SL_MCC_JOIN);

  g_task_return_boolean (request->task, TRUE);

  return G_SOURCE_REMOVE;
}

gboolean
sl_chat_net_leave (gpointer data)
{
  SlChatRequest *request = data;

  close_socket (request->shared, TRUE);
  return G_SOURCE_REMOVE;
}

gboolean
sl_chat_net_set_reply (gpointer data)
{
  SlChatRequest *request = data;

  g_clear_pointer (&request->shared->reply, sl_reply_config_free);
  request->shared->reply = g_steal_pointer (&request->reply);
  return G_SOURCE_REMOVE;
}

gboolean
sl_chat_net_send (gpointer data)
{
  SlChatRequest *request = data;

  send_datagram (request->shared, NULL, 0, NULL, request->data,
                 g_steal_pointer (&request->message), request->line);
  return G_SOURCE_REMOVE;
}
