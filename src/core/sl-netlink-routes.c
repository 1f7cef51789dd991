/* sl-netlink-routes.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Routes and neighbours of SlNetlink's lists: small immutable objects
 * built by the parser, each able to print itself as `ip` does. */

#include "config.h"

#define G_LOG_DOMAIN "sl-netlink"

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "sl-netlink-private.h"

/* SlNetRoute */

struct _SlNetRoute
{
  GObject parent_instance;

  int family;
  char *destination;
  guint prefix_length;
  gboolean is_default;
  char *gateway;
  char *source;
  guint index;
  char *interface;
  gboolean has_metric;
  guint metric;
  guint protocol;
  char *protocol_name;
  guint type;
};

G_DEFINE_FINAL_TYPE (SlNetRoute, sl_net_route, G_TYPE_OBJECT)

static void
sl_net_route_finalize (GObject *object)
{
  SlNetRoute *self = SL_NET_ROUTE (object);

  g_free (self->destination);
  g_free (self->gateway);
  g_free (self->source);
  g_free (self->interface);
  g_free (self->protocol_name);

  G_OBJECT_CLASS (sl_net_route_parent_class)->finalize (object);
}

static void
sl_net_route_class_init (SlNetRouteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_net_route_finalize;
}

static void
sl_net_route_init (SlNetRoute *self)
{
}

static char *
protocol_name (guint protocol)
{
  switch (protocol)
    {
    case RTPROT_UNSPEC:
      return g_strdup ("unspec");
    case RTPROT_REDIRECT:
      return g_strdup ("redirect");
    case RTPROT_KERNEL:
      return g_strdup ("kernel");
    case RTPROT_BOOT:
      return g_strdup ("boot");
    case RTPROT_STATIC:
      return g_strdup ("static");
    case RTPROT_RA:
      return g_strdup ("ra");
    case RTPROT_DHCP:
      return g_strdup ("dhcp");
    default:
      return g_strdup_printf ("%u", protocol);
    }
}

SlNetRoute *
sl_net_route_new (int           family,
                  const guint8 *destination,
                  guint         prefix_length,
                  const guint8 *gateway,
                  const guint8 *source,
                  guint         index,
                  gboolean      has_metric,
                  guint         metric,
                  guint         protocol,
                  guint         type)
{
  static const guint8 zero[16];
  SlNetRoute *self;

  g_assert (family == AF_INET || family == AF_INET6);

  self = g_object_new (SL_TYPE_NET_ROUTE, NULL);
  self->family = family;
  self->prefix_length = MIN (prefix_length, (family == AF_INET6 ? 16 : 4) * 8);
  self->is_default = self->prefix_length == 0;
  if (self->is_default)
    self->destination = g_strdup ("default");
  else
    self->destination = sl_netlink_format_network (family, destination != NULL ? destination : zero,
                                        self->prefix_length);
  if (gateway != NULL)
    self->gateway = sl_netlink_format_address (family, gateway);
  if (source != NULL)
    self->source = sl_netlink_format_address (family, source);
  self->index = index;
  self->has_metric = has_metric;
  self->metric = metric;
  self->protocol = protocol;
  self->protocol_name = protocol_name (protocol);
  self->type = type;

  return self;
}

void
sl_net_route_set_interface (SlNetRoute *self,
                            const char *name)
{
  g_assert (SL_IS_NET_ROUTE (self));

  g_free (self->interface);
  self->interface = g_strdup (name);
}

GSocketFamily
sl_net_route_get_family (SlNetRoute *self)
{
  g_return_val_if_fail (SL_IS_NET_ROUTE (self), G_SOCKET_FAMILY_INVALID);
  return self->family == AF_INET6 ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4;
}

const char *
sl_net_route_get_destination (SlNetRoute *self)
{
  g_return_val_if_fail (SL_IS_NET_ROUTE (self), NULL);
  return self->destination;
}

guint
sl_net_route_get_prefix_length (SlNetRoute *self)
{
  g_return_val_if_fail (SL_IS_NET_ROUTE (self), 0);
  return self->prefix_length;
}

gboolean
sl_net_route_is_default (SlNetRoute *self)
{
  g_return_val_if_fail (SL_IS_NET_ROUTE (self), FALSE);
  return self->is_default;
}

const char *
sl_net_route_get_gateway (SlNetRoute *self)
{
  g_return_val_if_fail (SL_IS_NET_ROUTE (self), NULL);
  return self->gateway;
}

guint
sl_net_route_get_interface_index (SlNetRoute *self)
{
  g_return_val_if_fail (SL_IS_NET_ROUTE (self), 0);
  return self->index;
}

const char *
sl_net_route_get_interface (SlNetRoute *self)
{
  g_return_val_if_fail (SL_IS_NET_ROUTE (self), NULL);
  return self->interface;
}

gboolean
sl_net_route_has_metric (SlNetRoute *self)
{
  g_return_val_if_fail (SL_IS_NET_ROUTE (self), FALSE);
  return self->has_metric;
}

guint
sl_net_route_get_metric (SlNetRoute *self)
{
  g_return_val_if_fail (SL_IS_NET_ROUTE (self), 0);
  return self->metric;
}

const char *
sl_net_route_get_protocol (SlNetRoute *self)
{
  g_return_val_if_fail (SL_IS_NET_ROUTE (self), NULL);
  return self->protocol_name;
}

const char *
sl_net_route_get_route_type (SlNetRoute *self)
{
  g_return_val_if_fail (SL_IS_NET_ROUTE (self), NULL);

  switch (self->type)
    {
    case RTN_UNICAST:
      return "unicast";
    case RTN_LOCAL:
      return "local";
    case RTN_BROADCAST:
      return "broadcast";
    case RTN_ANYCAST:
      return "anycast";
    case RTN_MULTICAST:
      return "multicast";
    case RTN_BLACKHOLE:
      return "blackhole";
    case RTN_UNREACHABLE:
      return "unreachable";
    case RTN_PROHIBIT:
      return "prohibit";
    case RTN_THROW:
      return "throw";
    default:
      return "other";
    }
}

const char *
sl_net_route_get_source (SlNetRoute *self)
{
  g_return_val_if_fail (SL_IS_NET_ROUTE (self), NULL);
  return self->source;
}

char *
sl_net_route_to_ip_text (SlNetRoute *self)
{
  GString *text;

  g_return_val_if_fail (SL_IS_NET_ROUTE (self), NULL);

  text = g_string_new (NULL);
  if (self->type != RTN_UNICAST)
    g_string_append_printf (text, "%s ", sl_net_route_get_route_type (self));
  g_string_append (text, self->destination);
  if (self->gateway != NULL)
    g_string_append_printf (text, " via %s", self->gateway);
  if (self->interface != NULL)
    g_string_append_printf (text, " dev %s", self->interface);
  g_string_append_printf (text, " proto %s", self->protocol_name);
  if (self->source != NULL)
    g_string_append_printf (text, " src %s", self->source);
  if (self->has_metric)
    g_string_append_printf (text, " metric %u", self->metric);

  return g_string_free (text, FALSE);
}

gboolean
sl_net_route_equal (SlNetRoute *a,
                    SlNetRoute *b)
{
  return a->family == b->family
         && a->prefix_length == b->prefix_length
         && a->index == b->index
         && a->has_metric == b->has_metric
         && a->metric == b->metric
         && a->protocol == b->protocol
         && a->type == b->type
         && g_strcmp0 (a->destination, b->destination) == 0
         && g_strcmp0 (a->gateway, b->gateway) == 0
         && g_strcmp0 (a->source, b->source) == 0
         && g_strcmp0 (a->interface, b->interface) == 0;
}

/* SlNetNeighbour */

struct _SlNetNeighbour
{
  GObject parent_instance;

  int family;
  char *address;
  char *mac;
  guint state;
  guint flags;
  guint index;
  char *interface;
};

G_DEFINE_FINAL_TYPE (SlNetNeighbour, sl_net_neighbour, G_TYPE_OBJECT)

static void
sl_net_neighbour_finalize (GObject *object)
{
  SlNetNeighbour *self = SL_NET_NEIGHBOUR (object);

  g_free (self->address);
  g_free (self->mac);
  g_free (self->interface);

  G_OBJECT_CLASS (sl_net_neighbour_parent_class)->finalize (object);
}

static void
sl_net_neighbour_class_init (SlNetNeighbourClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_net_neighbour_finalize;
}

static void
sl_net_neighbour_init (SlNetNeighbour *self)
{
}

SlNetNeighbour *
sl_net_neighbour_new (int           family,
                      const guint8 *address,
                      const guint8 *mac,
                      gsize         mac_length,
                      guint         state,
                      guint         flags,
                      guint         index)
{
  SlNetNeighbour *self;

  g_assert (family == AF_INET || family == AF_INET6);

  self = g_object_new (SL_TYPE_NET_NEIGHBOUR, NULL);
  self->family = family;
  self->address = sl_netlink_format_address (family, address);
  self->mac = sl_netlink_format_mac (mac, mac_length);
  self->state = state;
  self->flags = flags;
  self->index = index;

  return self;
}

void
sl_net_neighbour_set_interface (SlNetNeighbour *self,
                                const char     *name)
{
  g_assert (SL_IS_NET_NEIGHBOUR (self));

  g_free (self->interface);
  self->interface = g_strdup (name);
}

GSocketFamily
sl_net_neighbour_get_family (SlNetNeighbour *self)
{
  g_return_val_if_fail (SL_IS_NET_NEIGHBOUR (self), G_SOCKET_FAMILY_INVALID);
  return self->family == AF_INET6 ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4;
}

const char *
sl_net_neighbour_get_address (SlNetNeighbour *self)
{
  g_return_val_if_fail (SL_IS_NET_NEIGHBOUR (self), NULL);
  return self->address;
}

const char *
sl_net_neighbour_get_mac (SlNetNeighbour *self)
{
  g_return_val_if_fail (SL_IS_NET_NEIGHBOUR (self), NULL);
  return self->mac;
}

guint
sl_net_neighbour_get_state (SlNetNeighbour *self)
{
  g_return_val_if_fail (SL_IS_NET_NEIGHBOUR (self), 0);
  return self->state;
}

const char *
sl_net_neighbour_get_state_name (SlNetNeighbour *self)
{
  static const struct { guint state; const char *name; } names[] = {
    { NUD_PERMANENT, "PERMANENT" },
    { NUD_REACHABLE, "REACHABLE" },
    { NUD_STALE, "STALE" },
    { NUD_DELAY, "DELAY" },
    { NUD_PROBE, "PROBE" },
    { NUD_INCOMPLETE, "INCOMPLETE" },
    { NUD_FAILED, "FAILED" },
    { NUD_NOARP, "NOARP" },
  };
  gsize i;

  g_return_val_if_fail (SL_IS_NET_NEIGHBOUR (self), NULL);

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    if (self->state & names[i].state)
      return names[i].name;
  return "NONE";
}

gboolean
sl_net_neighbour_is_router (SlNetNeighbour *self)
{
  g_return_val_if_fail (SL_IS_NET_NEIGHBOUR (self), FALSE);
  return (self->flags & NTF_ROUTER) != 0;
}

guint
sl_net_neighbour_get_interface_index (SlNetNeighbour *self)
{
  g_return_val_if_fail (SL_IS_NET_NEIGHBOUR (self), 0);
  return self->index;
}

const char *
sl_net_neighbour_get_interface (SlNetNeighbour *self)
{
  g_return_val_if_fail (SL_IS_NET_NEIGHBOUR (self), NULL);
  return self->interface;
}

gboolean
sl_net_neighbour_equal (SlNetNeighbour *a,
                        SlNetNeighbour *b)
{
  return a->family == b->family
         && a->state == b->state
         && a->flags == b->flags
         && a->index == b->index
         && g_strcmp0 (a->address, b->address) == 0
         && g_strcmp0 (a->mac, b->mac) == 0
         && g_strcmp0 (a->interface, b->interface) == 0;
}
