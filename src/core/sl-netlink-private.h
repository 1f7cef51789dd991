/* sl-netlink-private.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-netlink.h"

G_BEGIN_DECLS

/* Shared by sl-netlink.c (the live model), sl-netlink-items.c (the item
 * objects) and sl-netlink-parse.c (the message parser and the dump), and
 * by the tests and the fuzz target. */

/* One complete reading of the kernel's tables */
typedef struct
{
  GPtrArray *interfaces;   /* SlNetInterface */
  GPtrArray *addresses;    /* SlNetAddress */
  GPtrArray *routes;       /* SlNetRoute */
  GPtrArray *neighbours;   /* SlNetNeighbour */
  /* NLM_F_DUMP_INTR: the tables changed during the dump; dump again */
  gboolean interrupted;
} SlNetlinkSnapshot;

SlNetlinkSnapshot *sl_netlink_snapshot_new    (void);
void               sl_netlink_snapshot_free   (SlNetlinkSnapshot  *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlNetlinkSnapshot, sl_netlink_snapshot_free)

/* Parses one buffer as read from a NETLINK_ROUTE socket: any number of
 * RTM_NEWLINK/NEWADDR/NEWROUTE/NEWNEIGH messages, NLMSG_DONE, NLMSG_ERROR.
 * Every length is checked; unknown types and attributes are skipped.
 * Returns FALSE with @error on a malformed message or an NLMSG_ERROR (what
 * was parsed before stays in @snapshot). Sets *@done on NLMSG_DONE. */
gboolean           sl_netlink_parse           (SlNetlinkSnapshot  *snapshot,
                                               const guint8       *data,
                                               gsize               length,
                                               gboolean           *done,
                                               GError            **error);
/* After the parse: sorts the lists, names each item's interface, gives
 * each interface its addresses and drops what belongs to no interface. */
void               sl_netlink_snapshot_finish (SlNetlinkSnapshot  *snapshot);
/* The addresses a classmate can use, in the order the page shows them */
GPtrArray         *sl_netlink_snapshot_classmate_addresses (SlNetlinkSnapshot *snapshot);

/* A complete reading on a fresh socket: four dumps, blocking but bounded
 * (the kernel answers at once; a receive timeout guards the rest). Any
 * thread. */
SlNetlinkSnapshot *sl_netlink_dump            (GError            **error);

/* A non-blocking NETLINK_ROUTE socket subscribed to every change of
 * links, addresses, routes and neighbours; -1 with @error */
int                sl_netlink_open_monitor    (GError            **error);

/* A model that shows @snapshot and never changes: for tests */
SlNetlink         *sl_netlink_new_for_snapshot (SlNetlinkSnapshot *snapshot);

/* Items, built by the parser */
SlNetInterface    *sl_net_interface_new       (guint               index,
                                               const char         *name,
                                               const guint8       *mac,
                                               gsize               mac_length,
                                               guint               mtu,
                                               guint               flags,
                                               const char         *kind);
void               sl_net_interface_set_addresses (SlNetInterface *self,
                                                   GPtrArray      *addresses);
SlNetAddress      *sl_net_address_new         (int                 family,
                                               const guint8       *address,
                                               guint               prefix_length,
                                               guint               scope,
                                               guint               flags,
                                               guint               index);
SlNetRoute        *sl_net_route_new           (int                 family,
                                               const guint8       *destination,
                                               guint               prefix_length,
                                               const guint8       *gateway,
                                               const guint8       *source,
                                               guint               index,
                                               gboolean            has_metric,
                                               guint               metric,
                                               guint               protocol,
                                               guint               type);
SlNetNeighbour    *sl_net_neighbour_new       (int                 family,
                                               const guint8       *address,
                                               const guint8       *mac,
                                               gsize               mac_length,
                                               guint               state,
                                               guint               flags,
                                               guint               index);
/* Interface names are known only once all links are read */
void               sl_net_address_set_interface   (SlNetAddress   *self,
                                                   const char     *name);
void               sl_net_route_set_interface     (SlNetRoute     *self,
                                                   const char     *name);
void               sl_net_neighbour_set_interface (SlNetNeighbour *self,
                                                   const char     *name);
/* Same content: the model replaces a list only when something differs */
gboolean           sl_net_interface_equal     (SlNetInterface     *a,
                                               SlNetInterface     *b);
gboolean           sl_net_address_equal       (SlNetAddress       *a,
                                               SlNetAddress       *b);
gboolean           sl_net_route_equal         (SlNetRoute         *a,
                                               SlNetRoute         *b);
gboolean           sl_net_neighbour_equal     (SlNetNeighbour     *a,
                                               SlNetNeighbour     *b);
/* "10.0.0.1", "fd00::1" */
char              *sl_netlink_format_address  (int                 family,
                                               const guint8       *address);
/* "10.0.0.0/24": @address with the host bits cleared */
char              *sl_netlink_format_network  (int                 family,
                                               const guint8       *address,
                                               guint               prefix_length);
/* "02:00:5e:10:00:01" for any length up to 32 bytes; NULL for none */
char              *sl_netlink_format_mac      (const guint8       *mac,
                                               gsize               length);

G_END_DECLS
