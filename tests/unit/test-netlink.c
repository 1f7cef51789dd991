/* test-netlink.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The network page's core: a real dump of this machine (lo with 127.0.0.1/8
 * and ::1/128), the live model's first reading, and the parser on crafted
 * rtnetlink messages: what it keeps, what it drops, what `ip` would print,
 * and every truncation of them refused without a crash. */

#include "config.h"

#define G_LOG_DOMAIN "test-netlink"

#include <arpa/inet.h>
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

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#endif

#define WAIT_SECONDS 10

/* Building messages as the kernel sends them */

static gsize
message_begin (GByteArray *buffer,
               guint16     type,
               guint16     flags,
               gconstpointer body,
               gsize       body_length)
{
  struct nlmsghdr header = { .nlmsg_type = type, .nlmsg_flags = flags | NLM_F_MULTI };
  gsize start = buffer->len;

  g_byte_array_append (buffer, (const guint8 *) &header, sizeof header);
  g_byte_array_append (buffer, body, body_length);
  while (buffer->len % 4 != 0)
    g_byte_array_append (buffer, (const guint8 *) "", 1);
  return start;
}

static void
message_end (GByteArray *buffer,
             gsize       start)
{
  guint32 length = buffer->len - start;

  memcpy (buffer->data + start, &length, sizeof length);
}

static void
attribute (GByteArray   *buffer,
           guint16       type,
           gconstpointer data,
           gsize         length)
{
  struct rtattr header = { .rta_len = RTA_LENGTH (length), .rta_type = type };

  g_byte_array_append (buffer, (const guint8 *) &header, sizeof header);
  g_byte_array_append (buffer, data, length);
  while (buffer->len % 4 != 0)
    g_byte_array_append (buffer, (const guint8 *) "", 1);
}

static gsize
nest_begin (GByteArray *buffer,
            guint16     type)
{
  gsize start = buffer->len;

  attribute (buffer, type, NULL, 0);
  return start;
}

static void
nest_end (GByteArray *buffer,
          gsize       start)
{
  guint16 length = buffer->len - start;

  memcpy (buffer->data + start, &length, sizeof length);
}

static void
attribute_u32 (GByteArray *buffer,
               guint16     type,
               guint32     value)
{
  attribute (buffer, type, &value, sizeof value);
}

static void
attribute_string (GByteArray *buffer,
                  guint16     type,
                  const char *value)
{
  attribute (buffer, type, value, strlen (value) + 1);
}

static void
attribute_ip (GByteArray *buffer,
              guint16     type,
              int         family,
              const char *text)
{
  guint8 bytes[16];

  g_assert_cmpint (inet_pton (family, text, bytes), ==, 1);
  attribute (buffer, type, bytes, family == AF_INET6 ? 16 : 4);
}

static void
add_link (GByteArray   *buffer,
          int           index,
          const char   *name,
          guint         flags,
          const guint8 *mac,
          guint32       mtu,
          const char   *kind)
{
  struct ifinfomsg body = { .ifi_family = AF_UNSPEC, .ifi_index = index, .ifi_flags = flags };
  gsize start = message_begin (buffer, RTM_NEWLINK, 0, &body, sizeof body);

  attribute_string (buffer, IFLA_IFNAME, name);
  attribute_u32 (buffer, IFLA_MTU, mtu);
  attribute (buffer, IFLA_ADDRESS, mac, 6);
  if (kind != NULL)
    {
      gsize info = nest_begin (buffer, IFLA_LINKINFO);

      attribute_string (buffer, IFLA_INFO_KIND, kind);
      nest_end (buffer, info);
    }
  message_end (buffer, start);
}

static void
add_address (GByteArray *buffer,
             int         family,
             const char *text,
             guint       prefix,
             guint       scope,
             guint32     flags,
             guint       index)
{
  struct ifaddrmsg body = {
    .ifa_family = family, .ifa_prefixlen = prefix, .ifa_scope = scope, .ifa_index = index,
  };
  gsize start = message_begin (buffer, RTM_NEWADDR, 0, &body, sizeof body);

  attribute_ip (buffer, IFA_ADDRESS, family, text);
  if (family == AF_INET)
    attribute_ip (buffer, IFA_LOCAL, family, text);
  attribute_u32 (buffer, IFA_FLAGS, flags);
  message_end (buffer, start);
}

typedef struct
{
  int family;
  const char *destination;
  guint prefix;
  const char *gateway;
  guint index;
  guint table;
  guint protocol;
  guint type;
  guint flags;
  gint64 metric; /* -1: none */
  const char *source;
} Route;

static void
add_route (GByteArray  *buffer,
           const Route *route)
{
  struct rtmsg body = {
    .rtm_family = route->family, .rtm_dst_len = route->prefix, .rtm_table = RT_TABLE_UNSPEC,
    .rtm_protocol = route->protocol, .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = route->type,
    .rtm_flags = route->flags,
  };
  gsize start = message_begin (buffer, RTM_NEWROUTE, 0, &body, sizeof body);

  attribute_u32 (buffer, RTA_TABLE, route->table);
  if (route->destination != NULL)
    attribute_ip (buffer, RTA_DST, route->family, route->destination);
  if (route->gateway != NULL)
    attribute_ip (buffer, RTA_GATEWAY, route->family, route->gateway);
  if (route->index != 0)
    attribute_u32 (buffer, RTA_OIF, route->index);
  if (route->metric >= 0)
    attribute_u32 (buffer, RTA_PRIORITY, (guint32) route->metric);
  if (route->source != NULL)
    attribute_ip (buffer, RTA_PREFSRC, route->family, route->source);
  message_end (buffer, start);
}

static void
add_multipath_route (GByteArray *buffer)
{
  struct rtmsg body = {
    .rtm_family = AF_INET, .rtm_dst_len = 8, .rtm_table = RT_TABLE_MAIN,
    .rtm_protocol = RTPROT_STATIC, .rtm_type = RTN_UNICAST,
  };
  gsize start = message_begin (buffer, RTM_NEWROUTE, 0, &body, sizeof body);
  gsize hops;
  guint i;

  attribute_ip (buffer, RTA_DST, AF_INET, "172.20.0.0");
  hops = nest_begin (buffer, RTA_MULTIPATH);
  for (i = 0; i < 2; i++)
    {
      struct rtnexthop hop = { .rtnh_len = sizeof hop + RTA_LENGTH (4), .rtnh_ifindex = 2 };

      g_byte_array_append (buffer, (const guint8 *) &hop, sizeof hop);
      attribute_ip (buffer, RTA_GATEWAY, AF_INET, i == 0 ? "10.77.1.3" : "10.77.1.4");
    }
  nest_end (buffer, hops);
  message_end (buffer, start);
}

static void
add_neighbour (GByteArray   *buffer,
               int           family,
               const char   *text,
               const guint8 *mac,
               guint         state,
               guint         flags,
               int           index)
{
  struct ndmsg body = {
    .ndm_family = family, .ndm_ifindex = index, .ndm_state = state, .ndm_flags = flags,
  };
  gsize start = message_begin (buffer, RTM_NEWNEIGH, 0, &body, sizeof body);

  attribute_ip (buffer, NDA_DST, family, text);
  if (mac != NULL)
    attribute (buffer, NDA_LLADDR, mac, 6);
  message_end (buffer, start);
}

static void
add_done (GByteArray *buffer)
{
  int status = 0;
  gsize start = message_begin (buffer, NLMSG_DONE, 0, &status, sizeof status);

  message_end (buffer, start);
}

static const guint8 zero_mac[6] = { 0 };
static const guint8 eth_mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };
static const guint8 peer_mac[6] = { 0x02, 0x77, 0x00, 0x00, 0x00, 0x02 };

/* A machine with lo and eth0 (a veth), as the kernel would describe it */
static GByteArray *
build_machine (void)
{
  GByteArray *buffer = g_byte_array_new ();
  Route routes[] = {
    /* main table */
    { AF_INET, NULL, 0, "10.77.1.2", 2, RT_TABLE_MAIN, RTPROT_STATIC, RTN_UNICAST, 0, 100, NULL },
    { AF_INET, "10.77.1.0", 24, NULL, 2, RT_TABLE_MAIN, RTPROT_KERNEL, RTN_UNICAST, 0, -1, "10.77.1.1" },
    { AF_INET, "10.99.0.0", 16, "10.77.1.2", 2, RT_TABLE_MAIN, RTPROT_BOOT, RTN_UNICAST, 0, -1, NULL },
    { AF_INET, "192.0.2.0", 24, NULL, 0, RT_TABLE_MAIN, RTPROT_BOOT, RTN_UNREACHABLE, 0, -1, NULL },
    { AF_INET6, "fd77::", 64, NULL, 2, RT_TABLE_MAIN, RTPROT_KERNEL, RTN_UNICAST, 0, 256, NULL },
    { AF_INET6, NULL, 0, "fe80::1", 2, RT_TABLE_MAIN, RTPROT_RA, RTN_UNICAST, 0, 1024, NULL },
    /* dropped: local table, a cached clone, a multicast route, an unknown interface */
    { AF_INET, "127.0.0.1", 32, NULL, 1, RT_TABLE_LOCAL, RTPROT_KERNEL, RTN_LOCAL, 0, -1, NULL },
    { AF_INET, "10.99.1.1", 32, "10.77.1.2", 2, RT_TABLE_MAIN, RTPROT_STATIC, RTN_UNICAST, RTM_F_CLONED, -1, NULL },
    { AF_INET6, "ff00::", 8, NULL, 2, RT_TABLE_MAIN, RTPROT_KERNEL, RTN_MULTICAST, 0, 256, NULL },
    { AF_INET, "10.55.0.0", 16, NULL, 9, RT_TABLE_MAIN, RTPROT_KERNEL, RTN_UNICAST, 0, -1, NULL },
  };
  guint i;

  add_link (buffer, 1, "lo", IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP, zero_mac, 65536, NULL);
  add_link (buffer, 2, "eth0", IFF_UP | IFF_BROADCAST | IFF_MULTICAST | IFF_RUNNING | IFF_LOWER_UP,
            eth_mac, 1500, "veth");
  add_link (buffer, 3, "wlan0", IFF_BROADCAST | IFF_MULTICAST, peer_mac, 1500, NULL);
  add_done (buffer);

  add_address (buffer, AF_INET, "127.0.0.1", 8, RT_SCOPE_HOST, IFA_F_PERMANENT, 1);
  add_address (buffer, AF_INET6, "::1", 128, RT_SCOPE_HOST, IFA_F_PERMANENT, 1);
  add_address (buffer, AF_INET6, "fe80::200:5eff:fe10:1", 64, RT_SCOPE_LINK, IFA_F_PERMANENT, 2);
  add_address (buffer, AF_INET6, "fd77::1", 64, RT_SCOPE_UNIVERSE, IFA_F_PERMANENT | IFA_F_NODAD, 2);
  add_address (buffer, AF_INET, "10.77.1.1", 24, RT_SCOPE_UNIVERSE, IFA_F_PERMANENT, 2);
  add_address (buffer, AF_INET6, "2001:db8::9", 64, RT_SCOPE_UNIVERSE, IFA_F_TENTATIVE, 2);
  /* on a down interface, and on one that does not exist */
  add_address (buffer, AF_INET, "192.168.5.5", 24, RT_SCOPE_UNIVERSE, 0, 3);
  add_address (buffer, AF_INET, "10.66.0.1", 24, RT_SCOPE_UNIVERSE, 0, 9);
  add_done (buffer);

  for (i = 0; i < G_N_ELEMENTS (routes); i++)
    add_route (buffer, &routes[i]);
  add_multipath_route (buffer);
  add_done (buffer);

  add_neighbour (buffer, AF_INET, "10.77.1.2", peer_mac, NUD_PERMANENT, 0, 2);
  add_neighbour (buffer, AF_INET6, "fe80::1", peer_mac, NUD_STALE, NTF_ROUTER, 2);
  add_neighbour (buffer, AF_INET, "10.77.1.9", NULL, NUD_FAILED, 0, 2);
  /* dropped: NOARP (multicast), proxy, and an unknown interface */
  add_neighbour (buffer, AF_INET6, "ff02::1", peer_mac, NUD_NOARP, 0, 2);
  add_neighbour (buffer, AF_INET, "10.77.1.7", peer_mac, NUD_REACHABLE, NTF_PROXY, 2);
  add_neighbour (buffer, AF_INET, "10.66.0.2", peer_mac, NUD_REACHABLE, 0, 9);
  add_done (buffer);

  return buffer;
}

/* Parses @buffer message by message as four separate dumps would arrive */
static SlNetlinkSnapshot *
parse_all (GByteArray *buffer)
{
  SlNetlinkSnapshot *snapshot = sl_netlink_snapshot_new ();
  gsize offset = 0;
  guint n_done = 0;

  while (offset < buffer->len)
    {
      g_autoptr(GError) error = NULL;
      gboolean done = FALSE;
      guint32 length;

      /* up to and including the next NLMSG_DONE */
      gsize end = offset;

      for (;;)
        {
          struct nlmsghdr header;

          memcpy (&header, buffer->data + end, sizeof header);
          end += NLMSG_ALIGN (header.nlmsg_len);
          if (header.nlmsg_type == NLMSG_DONE)
            break;
        }
      length = end - offset;
      g_assert_true (sl_netlink_parse (snapshot, buffer->data + offset, length, &done, &error));
      g_assert_no_error (error);
      g_assert_true (done);
      n_done++;
      offset = end;
    }
  g_assert_cmpuint (n_done, ==, 4);
  sl_netlink_snapshot_finish (snapshot);

  return snapshot;
}

static SlNetAddress *
find_address (GPtrArray  *addresses,
              const char *text)
{
  for (guint i = 0; i < addresses->len; i++)
    if (g_str_equal (sl_net_address_get_address (g_ptr_array_index (addresses, i)), text))
      return g_ptr_array_index (addresses, i);
  return NULL;
}

static void
test_parse_crafted (void)
{
  g_autoptr(GByteArray) buffer = build_machine ();
  g_autoptr(SlNetlinkSnapshot) snapshot = parse_all (buffer);
  g_autoptr(GPtrArray) classmate = NULL;
  g_autofree char *text = NULL;
  SlNetInterface *lo, *eth0, *wlan0;
  SlNetAddress *address;
  SlNetRoute *route;
  SlNetNeighbour *neighbour;
  GListModel *own;
  const char *expected_routes[] = {
    "default via 10.77.1.2 dev eth0 proto static metric 100",
    "10.77.1.0/24 dev eth0 proto kernel src 10.77.1.1",
    "10.99.0.0/16 via 10.77.1.2 dev eth0 proto boot",
    "unreachable 192.0.2.0/24 proto boot",
    "172.0.0.0/8 via 10.77.1.3 dev eth0 proto static",
    "172.0.0.0/8 via 10.77.1.4 dev eth0 proto static",
    "default via fe80::1 dev eth0 proto ra metric 1024",
    "fd77::/64 dev eth0 proto kernel metric 256",
  };

  g_assert_false (snapshot->interrupted);

  /* Interfaces */
  g_assert_cmpuint (snapshot->interfaces->len, ==, 3);
  lo = g_ptr_array_index (snapshot->interfaces, 0);
  eth0 = g_ptr_array_index (snapshot->interfaces, 1);
  wlan0 = g_ptr_array_index (snapshot->interfaces, 2);
  g_assert_cmpstr (sl_net_interface_get_name (lo), ==, "lo");
  g_assert_true (sl_net_interface_is_loopback (lo));
  g_assert_null (sl_net_interface_get_mac (lo));
  g_assert_cmpuint (sl_net_interface_get_mtu (lo), ==, 65536);
  g_assert_cmpint (sl_net_interface_get_state (lo), ==, SL_NET_INTERFACE_UP);
  g_assert_cmpstr (sl_net_interface_get_name (eth0), ==, "eth0");
  g_assert_cmpuint (sl_net_interface_get_index (eth0), ==, 2);
  g_assert_cmpstr (sl_net_interface_get_mac (eth0), ==, "02:00:5e:10:00:01");
  g_assert_cmpuint (sl_net_interface_get_mtu (eth0), ==, 1500);
  g_assert_cmpstr (sl_net_interface_get_kind (eth0), ==, "veth");
  g_assert_true (sl_net_interface_is_multicast (eth0));
  g_assert_false (sl_net_interface_is_loopback (eth0));
  g_assert_cmpstr (sl_net_interface_get_flags_text (eth0), ==, "UP,LOWER_UP,BROADCAST,MULTICAST");
  g_assert_cmpint (sl_net_interface_get_state (wlan0), ==, SL_NET_INTERFACE_DOWN);

  /* Addresses: the one on index 9 is gone; IPv4 first on each interface */
  g_assert_cmpuint (snapshot->addresses->len, ==, 7);
  own = sl_net_interface_get_addresses (lo);
  g_assert_cmpuint (g_list_model_get_n_items (own), ==, 2);
  own = sl_net_interface_get_addresses (eth0);
  g_assert_cmpuint (g_list_model_get_n_items (own), ==, 4);
  address = g_list_model_get_item (own, 0);
  g_assert_cmpstr (sl_net_address_get_address (address), ==, "10.77.1.1");
  g_assert_cmpuint (sl_net_address_get_prefix_length (address), ==, 24);
  g_assert_cmpstr (sl_net_address_get_network (address), ==, "10.77.1.0/24");
  g_assert_cmpstr (sl_net_address_get_interface (address), ==, "eth0");
  g_assert_cmpint (sl_net_address_get_reach (address), ==, SL_NET_REACH_PRIVATE);
  g_assert_cmpint (sl_net_address_get_scope (address), ==, SL_NET_SCOPE_GLOBAL);
  g_object_unref (address);

  address = find_address (snapshot->addresses, "127.0.0.1");
  g_assert_nonnull (address);
  g_assert_cmpuint (sl_net_address_get_prefix_length (address), ==, 8);
  g_assert_cmpint (sl_net_address_get_reach (address), ==, SL_NET_REACH_THIS_COMPUTER);
  g_assert_cmpint (sl_net_address_get_scope (address), ==, SL_NET_SCOPE_HOST);
  address = find_address (snapshot->addresses, "::1");
  g_assert_nonnull (address);
  g_assert_cmpuint (sl_net_address_get_prefix_length (address), ==, 128);
  address = find_address (snapshot->addresses, "fe80::200:5eff:fe10:1");
  g_assert_cmpint (sl_net_address_get_reach (address), ==, SL_NET_REACH_LINK);
  g_assert_cmpstr (sl_net_address_get_address_for_peer (address), ==, "fe80::200:5eff:fe10:1%eth0");
  g_assert_cmpstr (sl_net_address_get_network (address), ==, "fe80::/64");
  address = find_address (snapshot->addresses, "fd77::1");
  g_assert_cmpint (sl_net_address_get_family (address), ==, G_SOCKET_FAMILY_IPV6);
  g_assert_cmpint (sl_net_address_get_reach (address), ==, SL_NET_REACH_PRIVATE);
  g_assert_cmpstr (sl_net_address_get_address_for_peer (address), ==, "fd77::1");
  address = find_address (snapshot->addresses, "2001:db8::9");
  g_assert_true (sl_net_address_is_tentative (address));
  g_assert_null (find_address (snapshot->addresses, "10.66.0.1"));

  /* The classmate's addresses: eth0's usable ones, IPv4 first, link-local
   * last; not lo's, not the tentative one, not the down interface's */
  classmate = sl_netlink_snapshot_classmate_addresses (snapshot);
  g_assert_cmpuint (classmate->len, ==, 3);
  g_assert_cmpstr (sl_net_address_get_address (g_ptr_array_index (classmate, 0)), ==, "10.77.1.1");
  g_assert_cmpstr (sl_net_address_get_address (g_ptr_array_index (classmate, 1)), ==, "fd77::1");
  g_assert_cmpstr (sl_net_address_get_address_for_peer (g_ptr_array_index (classmate, 2)), ==,
                   "fe80::200:5eff:fe10:1%eth0");

  /* Routes: the main table, IPv4 then IPv6, default first */
  g_assert_cmpuint (snapshot->routes->len, ==, G_N_ELEMENTS (expected_routes));
  for (guint i = 0; i < snapshot->routes->len; i++)
    {
      text = sl_net_route_to_ip_text (g_ptr_array_index (snapshot->routes, i));
      g_assert_cmpstr (text, ==, expected_routes[i]);
      g_clear_pointer (&text, g_free);
    }
  route = g_ptr_array_index (snapshot->routes, 0);
  g_assert_true (sl_net_route_is_default (route));
  g_assert_cmpstr (sl_net_route_get_destination (route), ==, "default");
  g_assert_cmpstr (sl_net_route_get_gateway (route), ==, "10.77.1.2");
  g_assert_cmpstr (sl_net_route_get_interface (route), ==, "eth0");
  g_assert_true (sl_net_route_has_metric (route));
  g_assert_cmpuint (sl_net_route_get_metric (route), ==, 100);
  route = g_ptr_array_index (snapshot->routes, 1);
  g_assert_false (sl_net_route_is_default (route));
  g_assert_null (sl_net_route_get_gateway (route));
  g_assert_cmpstr (sl_net_route_get_source (route), ==, "10.77.1.1");
  g_assert_false (sl_net_route_has_metric (route));
  route = g_ptr_array_index (snapshot->routes, 3);
  g_assert_cmpstr (sl_net_route_get_route_type (route), ==, "unreachable");
  g_assert_null (sl_net_route_get_interface (route));
  route = g_ptr_array_index (snapshot->routes, 6);
  g_assert_true (sl_net_route_is_default (route));
  g_assert_cmpint (sl_net_route_get_family (route), ==, G_SOCKET_FAMILY_IPV6);

  /* Neighbours */
  g_assert_cmpuint (snapshot->neighbours->len, ==, 3);
  neighbour = g_ptr_array_index (snapshot->neighbours, 0);
  g_assert_cmpstr (sl_net_neighbour_get_address (neighbour), ==, "10.77.1.2");
  g_assert_cmpstr (sl_net_neighbour_get_mac (neighbour), ==, "02:77:00:00:00:02");
  g_assert_cmpstr (sl_net_neighbour_get_state_name (neighbour), ==, "PERMANENT");
  g_assert_cmpstr (sl_net_neighbour_get_interface (neighbour), ==, "eth0");
  g_assert_false (sl_net_neighbour_is_router (neighbour));
  neighbour = g_ptr_array_index (snapshot->neighbours, 1);
  g_assert_cmpstr (sl_net_neighbour_get_address (neighbour), ==, "10.77.1.9");
  g_assert_null (sl_net_neighbour_get_mac (neighbour));
  g_assert_cmpstr (sl_net_neighbour_get_state_name (neighbour), ==, "FAILED");
  neighbour = g_ptr_array_index (snapshot->neighbours, 2);
  g_assert_cmpstr (sl_net_neighbour_get_address (neighbour), ==, "fe80::1");
  g_assert_cmpstr (sl_net_neighbour_get_state_name (neighbour), ==, "STALE");
  g_assert_true (sl_net_neighbour_is_router (neighbour));
}

/* Every cut of a valid stream parses when it falls between two messages
 * and fails with an error anywhere else; never a crash, never a read past
 * the end (each cut is a copy of exactly that many bytes, for ASan and
 * valgrind to watch). */
static void
test_parse_truncated (void)
{
  g_autoptr(GByteArray) buffer = build_machine ();
  g_autoptr(GHashTable) boundaries = g_hash_table_new (NULL, NULL);
  gsize offset = 0, section = 0, cut;
  guint n_failed = 0;

  while (offset < buffer->len)
    {
      struct nlmsghdr header;
      gsize end = offset;

      /* one dump: its messages up to NLMSG_DONE */
      g_hash_table_remove_all (boundaries);
      do
        {
          g_hash_table_add (boundaries, GSIZE_TO_POINTER (end - offset));
          memcpy (&header, buffer->data + end, sizeof header);
          end += NLMSG_ALIGN (header.nlmsg_len);
        }
      while (header.nlmsg_type != NLMSG_DONE);

      for (cut = 0; cut <= end - offset; cut++)
        {
          g_autoptr(SlNetlinkSnapshot) snapshot = sl_netlink_snapshot_new ();
          g_autoptr(GError) error = NULL;
          g_autofree guint8 *copy = g_memdup2 (buffer->data + offset, cut);
          gboolean done = FALSE;
          gboolean ok = sl_netlink_parse (snapshot, copy, cut, &done, &error);

          if (cut == end - offset)
            {
              g_assert_no_error (error);
              g_assert_true (ok && done);
            }
          else if (g_hash_table_contains (boundaries, GSIZE_TO_POINTER (cut)))
            {
              g_assert_no_error (error);
              g_assert_true (ok && !done);
            }
          else
            {
              g_assert_false (ok);
              g_assert_error (error, SL_ERROR, SL_ERROR_FAILED);
              n_failed++;
            }
          sl_netlink_snapshot_finish (snapshot);
        }
      offset = end;
      section++;
    }
  g_assert_cmpuint (section, ==, 4);
  g_assert_cmpuint (n_failed, >, 1000);
}

static void
test_parse_malformed (void)
{
  struct
  {
    struct nlmsghdr header;
    struct ifinfomsg body;
    struct rtattr attribute;
    char name[4];
  } message = {
    .header = { .nlmsg_len = sizeof message, .nlmsg_type = RTM_NEWLINK },
    .body = { .ifi_index = 5, .ifi_flags = IFF_UP },
    .attribute = { .rta_len = RTA_LENGTH (3), .rta_type = IFLA_IFNAME },
    .name = "ab\xff",
  };
  struct
  {
    struct nlmsghdr header;
    int status;
  } reply = { .header = { .nlmsg_len = sizeof reply, .nlmsg_type = NLMSG_ERROR }, .status = -1 };
  g_autoptr(SlNetlinkSnapshot) snapshot = sl_netlink_snapshot_new ();
  gboolean done = FALSE;
  GError *error = NULL;

  /* A name without NUL and not UTF-8: kept, made valid */
  g_assert_true (sl_netlink_parse (snapshot, (guint8 *) &message, sizeof message, &done, &error));
  g_assert_no_error (error);
  g_assert_false (done);
  g_assert_cmpuint (snapshot->interfaces->len, ==, 1);
  g_assert_true (g_utf8_validate (sl_net_interface_get_name (g_ptr_array_index (snapshot->interfaces, 0)), -1, NULL));
  g_assert_true (g_str_has_prefix (sl_net_interface_get_name (g_ptr_array_index (snapshot->interfaces, 0)), "ab"));

  /* An attribute longer than its message */
  message.attribute.rta_len = 200;
  g_assert_false (sl_netlink_parse (snapshot, (guint8 *) &message, sizeof message, &done, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_FAILED);
  g_clear_error (&error);

  /* An attribute shorter than its own header */
  message.attribute.rta_len = 2;
  g_assert_false (sl_netlink_parse (snapshot, (guint8 *) &message, sizeof message, &done, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_FAILED);
  g_clear_error (&error);
  message.attribute.rta_len = RTA_LENGTH (3);

  /* A message longer than the buffer, and one shorter than its header */
  message.header.nlmsg_len = sizeof message + 4;
  g_assert_false (sl_netlink_parse (snapshot, (guint8 *) &message, sizeof message, &done, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_FAILED);
  g_clear_error (&error);
  message.header.nlmsg_len = 8;
  g_assert_false (sl_netlink_parse (snapshot, (guint8 *) &message, sizeof message, &done, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_FAILED);
  g_clear_error (&error);

  /* A body shorter than struct ifinfomsg */
  message.header.nlmsg_len = NLMSG_LENGTH (8);
  g_assert_false (sl_netlink_parse (snapshot, (guint8 *) &message, NLMSG_LENGTH (8), &done, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_FAILED);
  g_clear_error (&error);

  /* The kernel refusing: its reason reaches the student */
  g_assert_false (sl_netlink_parse (snapshot, (guint8 *) &reply, sizeof reply, &done, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, g_strerror (1)));
  g_clear_error (&error);
  /* …while an acknowledgement is no error */
  reply.status = 0;
  g_assert_true (sl_netlink_parse (snapshot, (guint8 *) &reply, sizeof reply, &done, &error));
  g_assert_no_error (error);

  /* An interrupted dump is noticed */
  message.header.nlmsg_len = sizeof message;
  message.header.nlmsg_flags = NLM_F_DUMP_INTR;
  g_assert_true (sl_netlink_parse (snapshot, (guint8 *) &message, sizeof message, &done, &error));
  g_assert_true (snapshot->interrupted);
}

static gboolean
ipv6_disabled (void)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents ("/proc/sys/net/ipv6/conf/lo/disable_ipv6", &contents, NULL, NULL))
    return TRUE;
  return g_strstrip (contents)[0] == '1';
}

static void
check_lo (GListModel *interfaces)
{
  guint i, n = g_list_model_get_n_items (interfaces);
  gboolean have_v4 = FALSE, have_v6 = FALSE;

  for (i = 0; i < n; i++)
    {
      g_autoptr(SlNetInterface) interface = g_list_model_get_item (interfaces, i);
      GListModel *addresses;
      guint j;

      if (!g_str_equal (sl_net_interface_get_name (interface), "lo"))
        continue;

      g_assert_true (sl_net_interface_is_loopback (interface));
      g_assert_cmpint (sl_net_interface_get_state (interface), ==, SL_NET_INTERFACE_UP);
      g_assert_cmpuint (sl_net_interface_get_mtu (interface), >, 0);
      addresses = sl_net_interface_get_addresses (interface);
      for (j = 0; j < g_list_model_get_n_items (addresses); j++)
        {
          g_autoptr(SlNetAddress) address = g_list_model_get_item (addresses, j);
          const char *text = sl_net_address_get_address (address);
          guint prefix = sl_net_address_get_prefix_length (address);

          g_assert_cmpstr (sl_net_address_get_interface (address), ==, "lo");
          if (g_str_equal (text, "127.0.0.1") && prefix == 8)
            have_v4 = TRUE;
          if (g_str_equal (text, "::1") && prefix == 128)
            have_v6 = TRUE;
        }
      g_assert_true (have_v4);
      if (ipv6_disabled ())
        g_test_message ("IPv6 is disabled on lo here: ::1/128 not checked");
      else
        g_assert_true (have_v6);
      return;
    }
  g_assert_not_reached ();
}

static void
test_dump_here (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlNetlinkSnapshot) snapshot = sl_netlink_dump (&error);
  g_autoptr(GListStore) store = g_list_store_new (SL_TYPE_NET_INTERFACE);
  g_autoptr(GPtrArray) classmate = NULL;
  guint i;

  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  g_list_store_splice (store, 0, 0, snapshot->interfaces->pdata, snapshot->interfaces->len);
  check_lo (G_LIST_MODEL (store));

  /* Every route and neighbour names an interface of the dump */
  for (i = 0; i < snapshot->routes->len; i++)
    {
      SlNetRoute *route = g_ptr_array_index (snapshot->routes, i);

      g_assert_true (sl_net_route_get_interface_index (route) == 0
                     || sl_net_route_get_interface (route) != NULL);
    }
  for (i = 0; i < snapshot->neighbours->len; i++)
    g_assert_nonnull (sl_net_neighbour_get_interface (g_ptr_array_index (snapshot->neighbours, i)));

  /* Nobody else reaches 127.0.0.1 */
  classmate = sl_netlink_snapshot_classmate_addresses (snapshot);
  for (i = 0; i < classmate->len; i++)
    g_assert_cmpstr (sl_net_address_get_interface (g_ptr_array_index (classmate, i)), !=, "lo");
}

static void
on_notify_loaded (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    data)
{
  *(gboolean *) data = TRUE;
}

static void
test_live_model (void)
{
  g_autoptr(SlNetlink) netlink = sl_netlink_new ();
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  gboolean notified = FALSE;

  g_signal_connect (netlink, "notify::loaded", G_CALLBACK (on_notify_loaded), &notified);
  g_assert_false (sl_netlink_get_loaded (netlink));
  while (!sl_netlink_get_loaded (netlink) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (sl_netlink_get_loaded (netlink));
  g_assert_true (notified);
  g_assert_null (sl_netlink_get_problem (netlink));
  check_lo (sl_netlink_get_interfaces (netlink));
  g_assert_cmpuint (g_list_model_get_n_items (sl_netlink_get_addresses (netlink)), >=, 1);
  g_assert_true (g_list_model_get_item_type (sl_netlink_get_routes (netlink)) == SL_TYPE_NET_ROUTE);
  g_assert_true (g_list_model_get_item_type (sl_netlink_get_neighbours (netlink)) == SL_TYPE_NET_NEIGHBOUR);
}

/* A model from a snapshot shows it exactly */
static void
test_static_model (void)
{
  g_autoptr(GByteArray) buffer = build_machine ();
  g_autoptr(SlNetlinkSnapshot) snapshot = parse_all (buffer);
  g_autoptr(SlNetlink) netlink = sl_netlink_new_for_snapshot (snapshot);
  g_autoptr(SlNetAddress) first = NULL;

  g_assert_true (sl_netlink_get_loaded (netlink));
  g_assert_cmpuint (g_list_model_get_n_items (sl_netlink_get_interfaces (netlink)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (sl_netlink_get_routes (netlink)), ==, 8);
  g_assert_cmpuint (g_list_model_get_n_items (sl_netlink_get_neighbours (netlink)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (sl_netlink_get_classmate_addresses (netlink)), ==, 3);
  first = g_list_model_get_item (sl_netlink_get_classmate_addresses (netlink), 0);
  g_assert_cmpstr (sl_net_address_get_address (first), ==, "10.77.1.1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/netlink/parse/crafted", test_parse_crafted);
  g_test_add_func ("/netlink/parse/truncated", test_parse_truncated);
  g_test_add_func ("/netlink/parse/malformed", test_parse_malformed);
  g_test_add_func ("/netlink/dump-here", test_dump_here);
  g_test_add_func ("/netlink/live-model", test_live_model);
  g_test_add_func ("/netlink/static-model", test_static_model);

  return g_test_run ();
}
