/* sl-netlink-parse.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The parser of what the kernel answers on a NETLINK_ROUTE socket, and
 * the snapshot it fills. It trusts no length: tests/fuzz/fuzz-netlink.c
 * feeds it arbitrary bytes. Nothing here keeps state; any thread. */

#include "config.h"

#define G_LOG_DOMAIN "sl-netlink"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

#include "sl-error.h"
#include "sl-netlink-private.h"

#define MAX_ATTRIBUTE 64
#define MAX_MAC_LENGTH 32

/* Attributes of one message, by type; NULL where absent */
typedef struct
{
  const guint8 *data[MAX_ATTRIBUTE];
  gsize length[MAX_ATTRIBUTE];
} Attributes;

SlNetlinkSnapshot *
sl_netlink_snapshot_new (void)
{
  SlNetlinkSnapshot *snapshot = g_new0 (SlNetlinkSnapshot, 1);

  snapshot->interfaces = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->addresses = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->routes = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->neighbours = g_ptr_array_new_with_free_func (g_object_unref);

  return snapshot;
}

void
sl_netlink_snapshot_free (SlNetlinkSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;

  g_ptr_array_unref (snapshot->interfaces);
  g_ptr_array_unref (snapshot->addresses);
  g_ptr_array_unref (snapshot->routes);
  g_ptr_array_unref (snapshot->neighbours);
  g_free (snapshot);
}

static gboolean
malformed (GError     **error,
           const char  *what)
{
  /* Translators: %s names the part of the kernel's answer that was wrong,
   * in English ("attribute", "route message"…) */
  g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
               _("The kernel’s answer about the network settings could not be read (bad %s)."),
               what);
  return FALSE;
}

/* A run of rtattr: each length checked against what is left */
static gboolean
parse_attributes (const guint8  *data,
                  gsize          length,
                  Attributes    *attributes,
                  GError       **error)
{
  gsize offset = 0;

  memset (attributes, 0, sizeof *attributes);

  while (length - offset >= sizeof (struct rtattr))
    {
      struct rtattr header;
      guint type;

      memcpy (&header, data + offset, sizeof header);
      if (header.rta_len < sizeof header || header.rta_len > length - offset)
        return malformed (error, "attribute");

      type = header.rta_type & NLA_TYPE_MASK;
      if (type < MAX_ATTRIBUTE)
        {
          attributes->data[type] = data + offset + sizeof header;
          attributes->length[type] = header.rta_len - sizeof header;
        }
      offset += MIN ((gsize) RTA_ALIGN (header.rta_len), length - offset);
    }

  /* Fewer than 4 bytes left: alignment padding at most */
  return TRUE;
}

static gboolean
get_u32 (const Attributes *attributes,
         guint             type,
         guint32          *value)
{
  if (attributes->data[type] == NULL || attributes->length[type] < sizeof (guint32))
    return FALSE;
  memcpy (value, attributes->data[type], sizeof (guint32));
  return TRUE;
}

/* An address attribute of exactly the family's size, or NULL */
static const guint8 *
get_address (const Attributes *attributes,
             guint             type,
             int               family)
{
  gsize expected = family == AF_INET6 ? 16 : 4;

  if (attributes->data[type] == NULL || attributes->length[type] != expected)
    return NULL;
  return attributes->data[type];
}

/* A string attribute: up to the first NUL or the end, valid UTF-8 */
static char *
get_string (const Attributes *attributes,
            guint             type)
{
  const char *data = (const char *) attributes->data[type];
  gsize length = attributes->length[type];
  g_autofree char *raw = NULL;

  if (data == NULL)
    return NULL;
  raw = g_strndup (data, length);
  return g_utf8_make_valid (raw, -1);
}

static gboolean
parse_link (SlNetlinkSnapshot  *snapshot,
            const guint8       *data,
            gsize               length,
            GError            **error)
{
  struct ifinfomsg message;
  Attributes attributes;
  g_autofree char *name = NULL;
  g_autofree char *kind = NULL;
  guint32 mtu = 0;
  const guint8 *mac = NULL;
  gsize mac_length = 0;

  if (length < sizeof message)
    return malformed (error, "link message");
  memcpy (&message, data, sizeof message);
  if (!parse_attributes (data + NLMSG_ALIGN (sizeof message),
                         length - MIN (length, NLMSG_ALIGN (sizeof message)),
                         &attributes, error))
    return FALSE;

  name = get_string (&attributes, IFLA_IFNAME);
  if (name == NULL || name[0] == '\0' || message.ifi_index <= 0)
    return TRUE;

  get_u32 (&attributes, IFLA_MTU, &mtu);
  if (attributes.data[IFLA_ADDRESS] != NULL && attributes.length[IFLA_ADDRESS] <= MAX_MAC_LENGTH)
    {
      mac = attributes.data[IFLA_ADDRESS];
      mac_length = attributes.length[IFLA_ADDRESS];
    }

  if (attributes.data[IFLA_LINKINFO] != NULL)
    {
      Attributes info;

      if (!parse_attributes (attributes.data[IFLA_LINKINFO], attributes.length[IFLA_LINKINFO],
                             &info, error))
        return FALSE;
      kind = get_string (&info, IFLA_INFO_KIND);
    }

  g_ptr_array_add (snapshot->interfaces,
                   sl_net_interface_new ((guint) message.ifi_index, name, mac, mac_length,
                                         mtu, message.ifi_flags, kind));
  return TRUE;
}

static gboolean
parse_address (SlNetlinkSnapshot  *snapshot,
               const guint8       *data,
               gsize               length,
               GError            **error)
{
  struct ifaddrmsg message;
  Attributes attributes;
  const guint8 *address;
  guint32 flags;

  if (length < sizeof message)
    return malformed (error, "address message");
  memcpy (&message, data, sizeof message);
  if (!parse_attributes (data + NLMSG_ALIGN (sizeof message),
                         length - MIN (length, NLMSG_ALIGN (sizeof message)),
                         &attributes, error))
    return FALSE;

  if (message.ifa_family != AF_INET && message.ifa_family != AF_INET6)
    return TRUE;

  /* IFA_LOCAL is this end; IFA_ADDRESS the peer on point-to-point links */
  address = get_address (&attributes, IFA_LOCAL, message.ifa_family);
  if (address == NULL)
    address = get_address (&attributes, IFA_ADDRESS, message.ifa_family);
  if (address == NULL || message.ifa_index == 0)
    return TRUE;

  flags = message.ifa_flags;
  get_u32 (&attributes, IFA_FLAGS, &flags);

  g_ptr_array_add (snapshot->addresses,
                   sl_net_address_new (message.ifa_family, address, message.ifa_prefixlen,
                                       message.ifa_scope, flags, message.ifa_index));
  return TRUE;
}

static void
add_route (SlNetlinkSnapshot *snapshot,
           struct rtmsg      *message,
           const Attributes  *attributes,
           const guint8      *gateway,
           guint              index)
{
  const guint8 *destination = get_address (attributes, RTA_DST, message->rtm_family);
  guint32 metric = 0;
  gboolean has_metric = get_u32 (attributes, RTA_PRIORITY, &metric);

  g_ptr_array_add (snapshot->routes,
                   sl_net_route_new (message->rtm_family, destination, message->rtm_dst_len,
                                     gateway,
                                     get_address (attributes, RTA_PREFSRC, message->rtm_family),
                                     index, has_metric, metric,
                                     message->rtm_protocol, message->rtm_type));
}

static gboolean
parse_route (SlNetlinkSnapshot  *snapshot,
             const guint8       *data,
             gsize               length,
             GError            **error)
{
  struct rtmsg message;
  Attributes attributes;
  guint32 table;
  guint32 index = 0;
  gsize max_prefix;

  if (length < sizeof message)
    return malformed (error, "route message");
  memcpy (&message, data, sizeof message);
  if (!parse_attributes (data + NLMSG_ALIGN (sizeof message),
                         length - MIN (length, NLMSG_ALIGN (sizeof message)),
                         &attributes, error))
    return FALSE;

  if (message.rtm_family != AF_INET && message.rtm_family != AF_INET6)
    return TRUE;
  max_prefix = message.rtm_family == AF_INET6 ? 128 : 32;

  /* `ip route` shows the main table; local and broadcast routes live in
   * the local table, cached clones are not routes anyone configured */
  table = message.rtm_table;
  get_u32 (&attributes, RTA_TABLE, &table);
  if (table != RT_TABLE_MAIN || (message.rtm_flags & RTM_F_CLONED))
    return TRUE;
  switch (message.rtm_type)
    {
    case RTN_UNICAST:
    case RTN_BLACKHOLE:
    case RTN_UNREACHABLE:
    case RTN_PROHIBIT:
    case RTN_THROW:
      break;
    default:
      return TRUE;
    }
  if (message.rtm_dst_len > max_prefix)
    return TRUE;
  if (message.rtm_dst_len > 0 && get_address (&attributes, RTA_DST, message.rtm_family) == NULL)
    return TRUE;

  get_u32 (&attributes, RTA_OIF, &index);

  if (attributes.data[RTA_MULTIPATH] != NULL && index == 0)
    {
      /* One route per next hop, as `ip route` lists them */
      const guint8 *hops = attributes.data[RTA_MULTIPATH];
      gsize hops_length = attributes.length[RTA_MULTIPATH];
      gsize offset = 0;

      while (hops_length - offset >= sizeof (struct rtnexthop))
        {
          struct rtnexthop hop;
          Attributes hop_attributes;

          memcpy (&hop, hops + offset, sizeof hop);
          if (hop.rtnh_len < sizeof hop || hop.rtnh_len > hops_length - offset)
            return malformed (error, "next hop");
          if (!parse_attributes (hops + offset + RTNH_ALIGN (sizeof hop),
                                 hop.rtnh_len - MIN (hop.rtnh_len, RTNH_ALIGN (sizeof hop)),
                                 &hop_attributes, error))
            return FALSE;
          add_route (snapshot, &message, &attributes,
                     get_address (&hop_attributes, RTA_GATEWAY, message.rtm_family),
                     hop.rtnh_ifindex > 0 ? (guint) hop.rtnh_ifindex : 0);
          offset += MIN ((gsize) RTNH_ALIGN (hop.rtnh_len), hops_length - offset);
        }
      return TRUE;
    }

  add_route (snapshot, &message, &attributes,
             get_address (&attributes, RTA_GATEWAY, message.rtm_family), index);
  return TRUE;
}

static gboolean
parse_neighbour (SlNetlinkSnapshot  *snapshot,
                 const guint8       *data,
                 gsize               length,
                 GError            **error)
{
  struct ndmsg message;
  Attributes attributes;
  const guint8 *address;
  const guint8 *mac = NULL;
  gsize mac_length = 0;

  if (length < sizeof message)
    return malformed (error, "neighbour message");
  memcpy (&message, data, sizeof message);
  if (!parse_attributes (data + NLMSG_ALIGN (sizeof message),
                         length - MIN (length, NLMSG_ALIGN (sizeof message)),
                         &attributes, error))
    return FALSE;

  if (message.ndm_family != AF_INET && message.ndm_family != AF_INET6)
    return TRUE;
  /* As `ip neigh`: no entries for addresses that need no resolution
   * (multicast, loopback), nor proxy entries */
  if (message.ndm_state == NUD_NONE || (message.ndm_state & NUD_NOARP)
      || (message.ndm_flags & NTF_PROXY) || message.ndm_ifindex <= 0)
    return TRUE;

  address = get_address (&attributes, NDA_DST, message.ndm_family);
  if (address == NULL)
    return TRUE;
  if (attributes.data[NDA_LLADDR] != NULL && attributes.length[NDA_LLADDR] <= MAX_MAC_LENGTH)
    {
      mac = attributes.data[NDA_LLADDR];
      mac_length = attributes.length[NDA_LLADDR];
    }

  g_ptr_array_add (snapshot->neighbours,
                   sl_net_neighbour_new (message.ndm_family, address, mac, mac_length,
                                         message.ndm_state, message.ndm_flags,
                                         (guint) message.ndm_ifindex));
  return TRUE;
}

gboolean
sl_netlink_parse (SlNetlinkSnapshot  *snapshot,
                  const guint8       *data,
                  gsize               length,
                  gboolean           *done,
                  GError            **error)
{
  gsize offset = 0;

  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (done != NULL, FALSE);

  while (length - offset >= sizeof (struct nlmsghdr))
    {
      struct nlmsghdr header;
      const guint8 *payload;
      gsize payload_length;
      gboolean ok = TRUE;

      memcpy (&header, data + offset, sizeof header);
      if (header.nlmsg_len < NLMSG_HDRLEN || header.nlmsg_len > length - offset)
        return malformed (error, "message length");

      payload = data + offset + NLMSG_HDRLEN;
      payload_length = header.nlmsg_len - NLMSG_HDRLEN;

      if (header.nlmsg_flags & NLM_F_DUMP_INTR)
        snapshot->interrupted = TRUE;

      switch (header.nlmsg_type)
        {
        case NLMSG_DONE:
          {
            int status = 0;

            /* A dump that failed midway says so here */
            if (payload_length >= sizeof status)
              memcpy (&status, payload, sizeof status);
            if (status < 0)
              {
                g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                             _("The kernel could not list the network settings: %s."),
                             g_strerror (status == G_MININT ? EINVAL : -status));
                return FALSE;
              }
            *done = TRUE;
            return TRUE;
          }

        case NLMSG_ERROR:
          {
            int status;

            if (payload_length < sizeof status)
              return malformed (error, "error message");
            memcpy (&status, payload, sizeof status);
            if (status < 0)
              {
                g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                             _("The kernel could not list the network settings: %s."),
                             g_strerror (status == G_MININT ? EINVAL : -status));
                return FALSE;
              }
            /* 0 is an acknowledgement */
            break;
          }

        case RTM_NEWLINK:
          ok = parse_link (snapshot, payload, payload_length, error);
          break;

        case RTM_NEWADDR:
          ok = parse_address (snapshot, payload, payload_length, error);
          break;

        case RTM_NEWROUTE:
          ok = parse_route (snapshot, payload, payload_length, error);
          break;

        case RTM_NEWNEIGH:
          ok = parse_neighbour (snapshot, payload, payload_length, error);
          break;

        default:
          /* NLMSG_NOOP, deletions in a monitor stream, anything newer */
          break;
        }

      if (!ok)
        return FALSE;

      offset += MIN ((gsize) NLMSG_ALIGN (header.nlmsg_len), length - offset);
    }

  if (offset != length)
    return malformed (error, "message length");
  return TRUE;
}

static int
compare_interfaces (gconstpointer a,
                    gconstpointer b)
{
  guint x = sl_net_interface_get_index (*(SlNetInterface * const *) a);
  guint y = sl_net_interface_get_index (*(SlNetInterface * const *) b);

  return x < y ? -1 : x > y;
}

static int
compare_addresses (gconstpointer a,
                   gconstpointer b)
{
  SlNetAddress *x = *(SlNetAddress * const *) a;
  SlNetAddress *y = *(SlNetAddress * const *) b;
  guint xi = sl_net_address_get_interface_index (x);
  guint yi = sl_net_address_get_interface_index (y);

  if (xi != yi)
    return xi < yi ? -1 : 1;
  /* IPv4 first; otherwise the kernel's order */
  return (int) (sl_net_address_get_family (x) == G_SOCKET_FAMILY_IPV6)
         - (int) (sl_net_address_get_family (y) == G_SOCKET_FAMILY_IPV6);
}

static int
compare_routes (gconstpointer a,
                gconstpointer b)
{
  SlNetRoute *x = *(SlNetRoute * const *) a;
  SlNetRoute *y = *(SlNetRoute * const *) b;
  int xf = sl_net_route_get_family (x) == G_SOCKET_FAMILY_IPV6;
  int yf = sl_net_route_get_family (y) == G_SOCKET_FAMILY_IPV6;

  if (xf != yf)
    return xf - yf;
  /* The default route first: it is the one students look for */
  return (int) !sl_net_route_is_default (x) - (int) !sl_net_route_is_default (y);
}

static int
compare_neighbours (gconstpointer a,
                    gconstpointer b)
{
  SlNetNeighbour *x = *(SlNetNeighbour * const *) a;
  SlNetNeighbour *y = *(SlNetNeighbour * const *) b;
  int xf = sl_net_neighbour_get_family (x) == G_SOCKET_FAMILY_IPV6;
  int yf = sl_net_neighbour_get_family (y) == G_SOCKET_FAMILY_IPV6;
  guint xi = sl_net_neighbour_get_interface_index (x);
  guint yi = sl_net_neighbour_get_interface_index (y);

  if (xf != yf)
    return xf - yf;
  return xi < yi ? -1 : xi > yi;
}

void
sl_netlink_snapshot_finish (SlNetlinkSnapshot *snapshot)
{
  g_autoptr(GHashTable) by_index = g_hash_table_new (NULL, NULL);
  guint i;

  g_return_if_fail (snapshot != NULL);

  /* GLib's pointer array sort is stable: equal keys keep the kernel's order */
  g_ptr_array_sort (snapshot->interfaces, compare_interfaces);
  for (i = 0; i < snapshot->interfaces->len; i++)
    {
      SlNetInterface *interface = g_ptr_array_index (snapshot->interfaces, i);
      guint index = sl_net_interface_get_index (interface);

      /* A repeated index (the link changed between two messages): keep the last */
      if (g_hash_table_contains (by_index, GUINT_TO_POINTER (index)))
        {
          g_ptr_array_remove_index (snapshot->interfaces, i - 1);
          i--;
        }
      g_hash_table_insert (by_index, GUINT_TO_POINTER (index), interface);
    }

  for (i = 0; i < snapshot->addresses->len;)
    {
      SlNetAddress *address = g_ptr_array_index (snapshot->addresses, i);
      SlNetInterface *interface = g_hash_table_lookup (by_index,
                                                       GUINT_TO_POINTER (sl_net_address_get_interface_index (address)));

      if (interface == NULL)
        {
          g_ptr_array_remove_index (snapshot->addresses, i);
          continue;
        }
      sl_net_address_set_interface (address, sl_net_interface_get_name (interface));
      i++;
    }
  g_ptr_array_sort (snapshot->addresses, compare_addresses);

  for (i = 0; i < snapshot->interfaces->len; i++)
    {
      SlNetInterface *interface = g_ptr_array_index (snapshot->interfaces, i);
      g_autoptr(GPtrArray) own = g_ptr_array_new ();
      guint j;

      for (j = 0; j < snapshot->addresses->len; j++)
        {
          SlNetAddress *address = g_ptr_array_index (snapshot->addresses, j);

          if (sl_net_address_get_interface_index (address) == sl_net_interface_get_index (interface))
            g_ptr_array_add (own, address);
        }
      sl_net_interface_set_addresses (interface, own);
    }

  for (i = 0; i < snapshot->routes->len;)
    {
      SlNetRoute *route = g_ptr_array_index (snapshot->routes, i);
      guint index = sl_net_route_get_interface_index (route);
      SlNetInterface *interface = g_hash_table_lookup (by_index, GUINT_TO_POINTER (index));

      if (index != 0 && interface == NULL)
        {
          g_ptr_array_remove_index (snapshot->routes, i);
          continue;
        }
      sl_net_route_set_interface (route, interface ? sl_net_interface_get_name (interface) : NULL);
      i++;
    }
  g_ptr_array_sort (snapshot->routes, compare_routes);

  for (i = 0; i < snapshot->neighbours->len;)
    {
      SlNetNeighbour *neighbour = g_ptr_array_index (snapshot->neighbours, i);
      SlNetInterface *interface = g_hash_table_lookup (by_index,
                                                       GUINT_TO_POINTER (sl_net_neighbour_get_interface_index (neighbour)));

      if (interface == NULL)
        {
          g_ptr_array_remove_index (snapshot->neighbours, i);
          continue;
        }
      sl_net_neighbour_set_interface (neighbour, sl_net_interface_get_name (interface));
      i++;
    }
  g_ptr_array_sort (snapshot->neighbours, compare_neighbours);
}

/* The order of the classmate box: IPv4, IPv4 link-local, IPv6 global and
 * unique-local, IPv6 privacy addresses, IPv6 link-local */
static int
classmate_rank (SlNetAddress *address)
{
  gboolean ipv6 = sl_net_address_get_family (address) == G_SOCKET_FAMILY_IPV6;
  gboolean link = sl_net_address_get_reach (address) == SL_NET_REACH_LINK;

  if (!ipv6)
    return link ? 1 : 0;
  if (link)
    return 4;
  return sl_net_address_is_temporary (address) ? 3 : 2;
}

static int
compare_classmate (gconstpointer a,
                   gconstpointer b)
{
  return classmate_rank (*(SlNetAddress * const *) a) - classmate_rank (*(SlNetAddress * const *) b);
}

GPtrArray *
sl_netlink_snapshot_classmate_addresses (SlNetlinkSnapshot *snapshot)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);
  guint i;

  g_return_val_if_fail (snapshot != NULL, result);

  for (i = 0; i < snapshot->interfaces->len; i++)
    {
      SlNetInterface *interface = g_ptr_array_index (snapshot->interfaces, i);
      GListModel *addresses = sl_net_interface_get_addresses (interface);
      guint j, n = g_list_model_get_n_items (addresses);

      if (sl_net_interface_is_loopback (interface)
          || sl_net_interface_get_state (interface) != SL_NET_INTERFACE_UP)
        continue;

      for (j = 0; j < n; j++)
        {
          g_autoptr(SlNetAddress) address = g_list_model_get_item (addresses, j);

          if (sl_net_address_get_reach (address) == SL_NET_REACH_THIS_COMPUTER
              || sl_net_address_is_tentative (address)
              || sl_net_address_is_deprecated (address))
            continue;
          g_ptr_array_add (result, g_steal_pointer (&address));
        }
    }
  g_ptr_array_sort (result, compare_classmate);

  return result;
}
