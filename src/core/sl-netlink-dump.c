/* sl-netlink-dump.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The NETLINK_ROUTE sockets: the four dumps (links, addresses, routes,
 * neighbours) that make one complete reading, and the monitor socket that
 * the live model watches for changes. Blocking only on the kernel, which
 * answers at once; a receive timeout bounds the rest. Any thread. */

#include "config.h"

#define G_LOG_DOMAIN "sl-netlink"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "sl-error.h"
#include "sl-netlink-private.h"


#define RECEIVE_BUFFER 65536
#define MAX_RECEIVES 4096
#define MAX_ATTEMPTS 3

static gboolean
send_request (int      fd,
              guint16  type,
              guint32  seq,
              GError **error)
{
  struct
  {
    struct nlmsghdr header;
    /* every body starts with its family byte, AF_UNSPEC: all families */
    union
    {
      struct ifinfomsg link;
      struct ifaddrmsg address;
      struct rtmsg route;
      struct ndmsg neighbour;
    } body;
  } request;
  gsize body_length;
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

  memset (&request, 0, sizeof request);
  switch (type)
    {
    case RTM_GETLINK:
      body_length = sizeof request.body.link;
      break;
    case RTM_GETADDR:
      body_length = sizeof request.body.address;
      break;
    case RTM_GETNEIGH:
      body_length = sizeof request.body.neighbour;
      break;
    default:
      body_length = sizeof request.body.route;
      break;
    }
  request.header.nlmsg_len = NLMSG_LENGTH (body_length);
  request.header.nlmsg_type = type;
  request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  request.header.nlmsg_seq = seq;

  if (sendto (fd, &request, request.header.nlmsg_len, 0,
              (struct sockaddr *) &kernel, sizeof kernel) < 0)
    {
      int saved = errno;

      g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                   _("Socket Lab cannot ask the kernel for the network settings: %s."),
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
receive_dump (int                 fd,
              guint8             *buffer,
              SlNetlinkSnapshot  *snapshot,
              GError            **error)
{
  guint i;

  for (i = 0; i < MAX_RECEIVES; i++)
    {
      struct sockaddr_nl from;
      socklen_t from_length = sizeof from;
      gboolean done = FALSE;
      gssize n;

      n = recvfrom (fd, buffer, RECEIVE_BUFFER, 0, (struct sockaddr *) &from, &from_length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                       _("The kernel did not answer about the network settings: %s."),
                       g_strerror (saved));
          return FALSE;
        }
      /* Only the kernel speaks on this socket */
      if (from.nl_pid != 0)
        continue;
      if (!sl_netlink_parse (snapshot, buffer, (gsize) n, &done, error))
        return FALSE;
      if (done)
        return TRUE;
    }

  g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
               _("The kernel’s list of network settings never ended."));
  return FALSE;
}

static int
open_socket (guint32   groups,
             int       flags,
             GError  **error)
{
  struct sockaddr_nl local = { .nl_family = AF_NETLINK, .nl_groups = groups };
  int size = 1 << 20;
  int fd;

  fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | flags, NETLINK_ROUTE);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                   _("Socket Lab cannot read this computer’s network settings (netlink: %s)."),
                   g_strerror (saved));
      return -1;
    }
  /* Big enough for a few hundred routes between two reads */
  setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  if (bind (fd, (struct sockaddr *) &local, sizeof local) < 0)
    {
      int saved = errno;

      close (fd);
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                   _("Socket Lab cannot read this computer’s network settings (netlink: %s)."),
                   g_strerror (saved));
      return -1;
    }
  return fd;
}

int
sl_netlink_open_monitor (GError **error)
{
  return open_socket (RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR
                      | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE | RTMGRP_NEIGH,
                      SOCK_NONBLOCK, error);
}

SlNetlinkSnapshot *
sl_netlink_dump (GError **error)
{
  static const guint16 requests[] = { RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE, RTM_GETNEIGH };
  g_autofree guint8 *buffer = g_malloc (RECEIVE_BUFFER);
  struct timeval timeout = { .tv_sec = 2 };
  guint attempt;
  int fd;

  fd = open_socket (0, 0, error);
  if (fd < 0)
    return NULL;
  /* The kernel answers at once; this only bounds a broken one */
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);

  for (attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
    {
      g_autoptr(SlNetlinkSnapshot) snapshot = sl_netlink_snapshot_new ();
      gsize i;

      for (i = 0; i < G_N_ELEMENTS (requests); i++)
        {
          if (!send_request (fd, requests[i], attempt * 16 + i + 1, error)
              || !receive_dump (fd, buffer, snapshot, error))
            {
              close (fd);
              return NULL;
            }
        }

      /* Something changed while we read: the tables may be inconsistent */
      if (snapshot->interrupted && attempt + 1 < MAX_ATTEMPTS)
        {
          g_debug ("dump interrupted, reading again");
          continue;
        }

      close (fd);
      sl_netlink_snapshot_finish (snapshot);
      return g_steal_pointer (&snapshot);
    }

  g_assert_not_reached ();
}
