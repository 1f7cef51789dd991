/* sl-netlink.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What `ip link`, `ip addr`, `ip route` and `ip neigh` tell, read through
 * rtnetlink and kept up to date: SlNetlink holds four list models of small
 * immutable objects, replaced on the main thread whenever the kernel says
 * that something changed. */

typedef enum
{
  SL_NET_INTERFACE_DOWN,        /* switched off (not IFF_UP) */
  SL_NET_INTERFACE_NO_CARRIER,  /* switched on, but no cable or link */
  SL_NET_INTERFACE_UP,          /* switched on and connected (LOWER_UP) */
} SlNetInterfaceState;

typedef enum
{
  SL_NET_SCOPE_GLOBAL,          /* reachable from other networks too */
  SL_NET_SCOPE_SITE,
  SL_NET_SCOPE_LINK,            /* only on the same network segment */
  SL_NET_SCOPE_HOST,            /* only this computer */
  SL_NET_SCOPE_OTHER,
} SlNetScope;

/* Who can reach an address: the answer to "which address do I give my
 * classmate?" */
typedef enum
{
  SL_NET_REACH_THIS_COMPUTER,   /* 127.0.0.1, ::1 */
  SL_NET_REACH_LINK,            /* fe80::…, 169.254.…: needs %interface */
  SL_NET_REACH_PRIVATE,         /* 10/8, 172.16/12, 192.168/16, fc00::/7 */
  SL_NET_REACH_PUBLIC,          /* anything else global */
} SlNetReach;

#define SL_TYPE_NET_INTERFACE (sl_net_interface_get_type ())
G_DECLARE_FINAL_TYPE (SlNetInterface, sl_net_interface, SL, NET_INTERFACE, GObject)

#define SL_TYPE_NET_ADDRESS (sl_net_address_get_type ())
G_DECLARE_FINAL_TYPE (SlNetAddress, sl_net_address, SL, NET_ADDRESS, GObject)

#define SL_TYPE_NET_ROUTE (sl_net_route_get_type ())
G_DECLARE_FINAL_TYPE (SlNetRoute, sl_net_route, SL, NET_ROUTE, GObject)

#define SL_TYPE_NET_NEIGHBOUR (sl_net_neighbour_get_type ())
G_DECLARE_FINAL_TYPE (SlNetNeighbour, sl_net_neighbour, SL, NET_NEIGHBOUR, GObject)

#define SL_TYPE_NETLINK (sl_netlink_get_type ())
G_DECLARE_FINAL_TYPE (SlNetlink, sl_netlink, SL, NETLINK, GObject)

/* An interface (`ip link`), with its addresses (`ip addr`) */
guint               sl_net_interface_get_index          (SlNetInterface *self);
const char         *sl_net_interface_get_name           (SlNetInterface *self);
/* "52:54:00:12:34:56"; NULL when the interface has none */
const char         *sl_net_interface_get_mac            (SlNetInterface *self);
guint               sl_net_interface_get_mtu            (SlNetInterface *self);
/* IFF_* flags as in <net/if.h> */
guint               sl_net_interface_get_flags          (SlNetInterface *self);
SlNetInterfaceState sl_net_interface_get_state          (SlNetInterface *self);
gboolean            sl_net_interface_is_loopback        (SlNetInterface *self);
gboolean            sl_net_interface_is_multicast       (SlNetInterface *self);
/* "UP,LOWER_UP,MULTICAST", as `ip link` prints them */
const char         *sl_net_interface_get_flags_text     (SlNetInterface *self);
/* The driver kind, "veth", "bridge"…; NULL when the kernel says none */
const char         *sl_net_interface_get_kind           (SlNetInterface *self);
/* Items: SlNetAddress; IPv4 first */
GListModel         *sl_net_interface_get_addresses      (SlNetInterface *self);

/* An address of this computer */
GSocketFamily       sl_net_address_get_family           (SlNetAddress   *self);
/* "10.0.0.5", "fd00::5" (without the prefix) */
const char         *sl_net_address_get_address          (SlNetAddress   *self);
guint               sl_net_address_get_prefix_length    (SlNetAddress   *self);
/* "10.0.0.0/24": the network the address is on */
const char         *sl_net_address_get_network          (SlNetAddress   *self);
SlNetScope          sl_net_address_get_scope            (SlNetAddress   *self);
SlNetReach          sl_net_address_get_reach            (SlNetAddress   *self);
guint               sl_net_address_get_interface_index  (SlNetAddress   *self);
const char         *sl_net_address_get_interface        (SlNetAddress   *self);
/* The form a peer types: "fe80::1%eth0" for link-local, else the address */
const char         *sl_net_address_get_address_for_peer (SlNetAddress   *self);
/* IPv6 privacy address / not yet checked (DAD) / being phased out */
gboolean            sl_net_address_is_temporary         (SlNetAddress   *self);
gboolean            sl_net_address_is_tentative         (SlNetAddress   *self);
gboolean            sl_net_address_is_deprecated        (SlNetAddress   *self);

/* A route of the main table (`ip route`, `ip -6 route`) */
GSocketFamily       sl_net_route_get_family             (SlNetRoute     *self);
/* "10.99.0.0/16", or "default" */
const char         *sl_net_route_get_destination        (SlNetRoute     *self);
guint               sl_net_route_get_prefix_length      (SlNetRoute     *self);
gboolean            sl_net_route_is_default             (SlNetRoute     *self);
/* NULL when the destination is directly on the interface */
const char         *sl_net_route_get_gateway            (SlNetRoute     *self);
guint               sl_net_route_get_interface_index    (SlNetRoute     *self);
/* NULL for routes without an interface (unreachable, blackhole) */
const char         *sl_net_route_get_interface          (SlNetRoute     *self);
gboolean            sl_net_route_has_metric             (SlNetRoute     *self);
guint               sl_net_route_get_metric             (SlNetRoute     *self);
/* "kernel", "static", "dhcp", "ra", "boot"…, or a number */
const char         *sl_net_route_get_protocol           (SlNetRoute     *self);
/* "unicast", "unreachable", "blackhole", "prohibit"… */
const char         *sl_net_route_get_route_type         (SlNetRoute     *self);
/* The address this computer sends from, when the route says; or NULL */
const char         *sl_net_route_get_source             (SlNetRoute     *self);
/* "10.99.0.0/16 via 10.77.1.2 dev eth0 proto static metric 100": the
 * line `ip route` prints */
char               *sl_net_route_to_ip_text             (SlNetRoute     *self);

/* A neighbour (`ip neigh`, `arp -a`): an address on a directly connected
 * network and the MAC address it answered from */
GSocketFamily       sl_net_neighbour_get_family         (SlNetNeighbour *self);
const char         *sl_net_neighbour_get_address        (SlNetNeighbour *self);
/* NULL while not known (INCOMPLETE, FAILED) */
const char         *sl_net_neighbour_get_mac            (SlNetNeighbour *self);
/* NUD_* bits as in <linux/neighbour.h> */
guint               sl_net_neighbour_get_state          (SlNetNeighbour *self);
/* "REACHABLE", "STALE", "PERMANENT"… as `ip neigh` prints it */
const char         *sl_net_neighbour_get_state_name     (SlNetNeighbour *self);
gboolean            sl_net_neighbour_is_router          (SlNetNeighbour *self);
guint               sl_net_neighbour_get_interface_index (SlNetNeighbour *self);
const char         *sl_net_neighbour_get_interface      (SlNetNeighbour *self);

/* The live model. Created on the main thread; its lists change there. */
SlNetlink          *sl_netlink_new                      (void);
/* Items: SlNetInterface, ordered by index */
GListModel         *sl_netlink_get_interfaces           (SlNetlink      *self);
/* Items: SlNetAddress of every interface */
GListModel         *sl_netlink_get_addresses            (SlNetlink      *self);
/* Items: SlNetRoute, IPv4 then IPv6, default routes first */
GListModel         *sl_netlink_get_routes               (SlNetlink      *self);
/* Items: SlNetNeighbour */
GListModel         *sl_netlink_get_neighbours           (SlNetlink      *self);
/* Items: SlNetAddress that others on the same network can reach: IPv4
 * and IPv6 global or unique-local addresses of interfaces that are up and
 * not loopback, then IPv6 link-local ones (SL_NET_REACH_LINK) */
GListModel         *sl_netlink_get_classmate_addresses  (SlNetlink      *self);
/* Whether the first reading arrived */
gboolean            sl_netlink_get_loaded               (SlNetlink      *self);
/* Why netlink cannot be read, for the student; NULL when all is well */
const char         *sl_netlink_get_problem              (SlNetlink      *self);

G_END_DECLS
