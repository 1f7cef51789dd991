/* sl-netlink-items.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The small immutable objects of SlNetlink's lists: here an interface and
 * an address; sl-netlink-routes.c has routes and neighbours. The parser builds them on the network
 * thread; once handed to the main thread nothing changes them. Each knows
 * how `ip` would print it, and a few facts the page turns into sentences
 * (who can reach an address, which network it is on). */

#include "config.h"

#define G_LOG_DOMAIN "sl-netlink"

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

#include "sl-netlink-private.h"

/* Not in every <net/if.h> */
#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#endif
#ifndef IFF_DORMANT
#define IFF_DORMANT 0x20000
#endif

static gsize
family_length (int family)
{
  return family == AF_INET6 ? 16 : 4;
}

char *
sl_netlink_format_address (int           family,
                           const guint8 *address)
{
  char text[INET6_ADDRSTRLEN];

  if (inet_ntop (family, address, text, sizeof text) == NULL)
    return g_strdup ("?");
  return g_strdup (text);
}

char *
sl_netlink_format_mac (const guint8 *mac,
                       gsize         length)
{
  GString *text;
  gsize i;

  if (mac == NULL || length == 0 || length > 32)
    return NULL;

  text = g_string_sized_new (length * 3);
  for (i = 0; i < length; i++)
    g_string_append_printf (text, i == 0 ? "%02x" : ":%02x", mac[i]);
  return g_string_free (text, FALSE);
}

static gboolean
all_zero (const guint8 *bytes,
          gsize         length)
{
  gsize i;

  for (i = 0; i < length; i++)
    if (bytes[i] != 0)
      return FALSE;
  return TRUE;
}

/* SlNetInterface */

struct _SlNetInterface
{
  GObject parent_instance;

  guint index;
  char *name;
  char *mac;
  guint mtu;
  guint flags;
  char *kind;
  char *flags_text;
  GListStore *addresses;
};

G_DEFINE_FINAL_TYPE (SlNetInterface, sl_net_interface, G_TYPE_OBJECT)

static void
sl_net_interface_finalize (GObject *object)
{
  SlNetInterface *self = SL_NET_INTERFACE (object);

  g_free (self->name);
  g_free (self->mac);
  g_free (self->kind);
  g_free (self->flags_text);
  g_clear_object (&self->addresses);

  G_OBJECT_CLASS (sl_net_interface_parent_class)->finalize (object);
}

static void
sl_net_interface_class_init (SlNetInterfaceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_net_interface_finalize;
}

static void
sl_net_interface_init (SlNetInterface *self)
{
  self->addresses = g_list_store_new (SL_TYPE_NET_ADDRESS);
}

static char *
flags_to_text (guint flags)
{
  static const struct { guint flag; const char *name; } names[] = {
    { IFF_UP, "UP" },
    { IFF_LOWER_UP, "LOWER_UP" },
    { IFF_LOOPBACK, "LOOPBACK" },
    { IFF_BROADCAST, "BROADCAST" },
    { IFF_POINTOPOINT, "POINTOPOINT" },
    { IFF_MULTICAST, "MULTICAST" },
    { IFF_NOARP, "NOARP" },
    { IFF_PROMISC, "PROMISC" },
    { IFF_DORMANT, "DORMANT" },
  };
  GString *text = g_string_new (NULL);
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & names[i].flag)
      g_string_append_printf (text, "%s%s", text->len > 0 ? "," : "", names[i].name);
  return g_string_free (text, FALSE);
}

SlNetInterface *
sl_net_interface_new (guint         index,
                      const char   *name,
                      const guint8 *mac,
                      gsize         mac_length,
                      guint         mtu,
                      guint         flags,
                      const char   *kind)
{
  SlNetInterface *self = g_object_new (SL_TYPE_NET_INTERFACE, NULL);

  self->index = index;
  self->name = g_strdup (name);
  if (mac != NULL && !all_zero (mac, mac_length))
    self->mac = sl_netlink_format_mac (mac, mac_length);
  self->mtu = mtu;
  self->flags = flags;
  self->kind = g_strdup (kind);
  self->flags_text = flags_to_text (flags);

  return self;
}

void
sl_net_interface_set_addresses (SlNetInterface *self,
                                GPtrArray      *addresses)
{
  g_assert (SL_IS_NET_INTERFACE (self));

  g_list_store_splice (self->addresses, 0, g_list_model_get_n_items (G_LIST_MODEL (self->addresses)),
                       addresses->pdata, addresses->len);
}

guint
sl_net_interface_get_index (SlNetInterface *self)
{
  g_return_val_if_fail (SL_IS_NET_INTERFACE (self), 0);
  return self->index;
}

const char *
sl_net_interface_get_name (SlNetInterface *self)
{
  g_return_val_if_fail (SL_IS_NET_INTERFACE (self), NULL);
  return self->name;
}

const char *
sl_net_interface_get_mac (SlNetInterface *self)
{
  g_return_val_if_fail (SL_IS_NET_INTERFACE (self), NULL);
  return self->mac;
}

guint
sl_net_interface_get_mtu (SlNetInterface *self)
{
  g_return_val_if_fail (SL_IS_NET_INTERFACE (self), 0);
  return self->mtu;
}

guint
sl_net_interface_get_flags (SlNetInterface *self)
{
  g_return_val_if_fail (SL_IS_NET_INTERFACE (self), 0);
  return self->flags;
}

SlNetInterfaceState
sl_net_interface_get_state (SlNetInterface *self)
{
  g_return_val_if_fail (SL_IS_NET_INTERFACE (self), SL_NET_INTERFACE_DOWN);

  if (!(self->flags & IFF_UP))
    return SL_NET_INTERFACE_DOWN;
  /* lo never reports LOWER_UP on old kernels, yet always works */
  if (!(self->flags & IFF_LOWER_UP) && !(self->flags & IFF_LOOPBACK))
    return SL_NET_INTERFACE_NO_CARRIER;
  return SL_NET_INTERFACE_UP;
}

gboolean
sl_net_interface_is_loopback (SlNetInterface *self)
{
  g_return_val_if_fail (SL_IS_NET_INTERFACE (self), FALSE);
  return (self->flags & IFF_LOOPBACK) != 0;
}

gboolean
sl_net_interface_is_multicast (SlNetInterface *self)
{
  g_return_val_if_fail (SL_IS_NET_INTERFACE (self), FALSE);
  return (self->flags & IFF_MULTICAST) != 0;
}

const char *
sl_net_interface_get_flags_text (SlNetInterface *self)
{
  g_return_val_if_fail (SL_IS_NET_INTERFACE (self), NULL);
  return self->flags_text;
}

const char *
sl_net_interface_get_kind (SlNetInterface *self)
{
  g_return_val_if_fail (SL_IS_NET_INTERFACE (self), NULL);
  return self->kind;
}

GListModel *
sl_net_interface_get_addresses (SlNetInterface *self)
{
  g_return_val_if_fail (SL_IS_NET_INTERFACE (self), NULL);
  return G_LIST_MODEL (self->addresses);
}

gboolean
sl_net_interface_equal (SlNetInterface *a,
                        SlNetInterface *b)
{
  guint i, n;

  if (a->index != b->index || a->mtu != b->mtu || a->flags != b->flags
      || g_strcmp0 (a->name, b->name) != 0 || g_strcmp0 (a->mac, b->mac) != 0
      || g_strcmp0 (a->kind, b->kind) != 0)
    return FALSE;

  n = g_list_model_get_n_items (G_LIST_MODEL (a->addresses));
  if (n != g_list_model_get_n_items (G_LIST_MODEL (b->addresses)))
    return FALSE;
  for (i = 0; i < n; i++)
    {
      g_autoptr(SlNetAddress) x = g_list_model_get_item (G_LIST_MODEL (a->addresses), i);
      g_autoptr(SlNetAddress) y = g_list_model_get_item (G_LIST_MODEL (b->addresses), i);

      if (!sl_net_address_equal (x, y))
        return FALSE;
    }
  return TRUE;
}

/* SlNetAddress */

struct _SlNetAddress
{
  GObject parent_instance;

  int family;
  guint8 bytes[16];
  char *address;
  guint prefix_length;
  char *network;
  guint scope;
  guint flags;
  guint index;
  char *interface;
  char *address_for_peer;
  SlNetReach reach;
};

G_DEFINE_FINAL_TYPE (SlNetAddress, sl_net_address, G_TYPE_OBJECT)

static void
sl_net_address_finalize (GObject *object)
{
  SlNetAddress *self = SL_NET_ADDRESS (object);

  g_free (self->address);
  g_free (self->network);
  g_free (self->interface);
  g_free (self->address_for_peer);

  G_OBJECT_CLASS (sl_net_address_parent_class)->finalize (object);
}

static void
sl_net_address_class_init (SlNetAddressClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_net_address_finalize;
}

static void
sl_net_address_init (SlNetAddress *self)
{
}

char *
sl_netlink_format_network (int           family,
                const guint8 *address,
                guint         prefix_length)
{
  guint8 network[16] = { 0 };
  gsize length = family_length (family);
  g_autofree char *text = NULL;
  guint i;

  prefix_length = MIN (prefix_length, length * 8);
  for (i = 0; i < length; i++)
    {
      guint bits = prefix_length > i * 8 ? MIN (prefix_length - i * 8, 8) : 0;

      network[i] = address[i] & (guint8) (0xff00 >> bits);
    }
  text = sl_netlink_format_address (family, network);
  return g_strdup_printf ("%s/%u", text, prefix_length);
}

static SlNetReach
compute_reach (int           family,
               const guint8 *a,
               guint         scope)
{
  if (scope == RT_SCOPE_HOST)
    return SL_NET_REACH_THIS_COMPUTER;
  if (scope == RT_SCOPE_LINK)
    return SL_NET_REACH_LINK;

  if (family == AF_INET)
    {
      if (a[0] == 127)
        return SL_NET_REACH_THIS_COMPUTER;
      if (a[0] == 169 && a[1] == 254)
        return SL_NET_REACH_LINK;
      if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168)
          || (a[0] == 100 && (a[1] & 0xc0) == 64))
        return SL_NET_REACH_PRIVATE;
      return SL_NET_REACH_PUBLIC;
    }

  {
    static const guint8 loopback[16] = { [15] = 1 };

    if (memcmp (a, loopback, 16) == 0)
      return SL_NET_REACH_THIS_COMPUTER;
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
      return SL_NET_REACH_LINK;
    if ((a[0] & 0xfe) == 0xfc)
      return SL_NET_REACH_PRIVATE;
    return SL_NET_REACH_PUBLIC;
  }
}

SlNetAddress *
sl_net_address_new (int           family,
                    const guint8 *address,
                    guint         prefix_length,
                    guint         scope,
                    guint         flags,
                    guint         index)
{
  SlNetAddress *self;

  g_assert (family == AF_INET || family == AF_INET6);

  self = g_object_new (SL_TYPE_NET_ADDRESS, NULL);
  self->family = family;
  memcpy (self->bytes, address, family_length (family));
  self->address = sl_netlink_format_address (family, address);
  self->prefix_length = MIN (prefix_length, family_length (family) * 8);
  self->network = sl_netlink_format_network (family, address, self->prefix_length);
  self->scope = scope;
  self->flags = flags;
  self->index = index;
  self->reach = compute_reach (family, address, scope);
  self->address_for_peer = g_strdup (self->address);

  return self;
}

void
sl_net_address_set_interface (SlNetAddress *self,
                              const char   *name)
{
  g_assert (SL_IS_NET_ADDRESS (self));

  g_free (self->interface);
  self->interface = g_strdup (name);
  g_free (self->address_for_peer);
  if (self->reach == SL_NET_REACH_LINK && self->family == AF_INET6 && name != NULL)
    self->address_for_peer = g_strdup_printf ("%s%%%s", self->address, name);
  else
    self->address_for_peer = g_strdup (self->address);
}

GSocketFamily
sl_net_address_get_family (SlNetAddress *self)
{
  g_return_val_if_fail (SL_IS_NET_ADDRESS (self), G_SOCKET_FAMILY_INVALID);
  return self->family == AF_INET6 ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4;
}

const char *
sl_net_address_get_address (SlNetAddress *self)
{
  g_return_val_if_fail (SL_IS_NET_ADDRESS (self), NULL);
  return self->address;
}

guint
sl_net_address_get_prefix_length (SlNetAddress *self)
{
  g_return_val_if_fail (SL_IS_NET_ADDRESS (self), 0);
  return self->prefix_length;
}

const char *
sl_net_address_get_network (SlNetAddress *self)
{
  g_return_val_if_fail (SL_IS_NET_ADDRESS (self), NULL);
  return self->network;
}

SlNetScope
sl_net_address_get_scope (SlNetAddress *self)
{
  g_return_val_if_fail (SL_IS_NET_ADDRESS (self), SL_NET_SCOPE_OTHER);

  switch (self->scope)
    {
    case RT_SCOPE_UNIVERSE:
      return SL_NET_SCOPE_GLOBAL;
    case RT_SCOPE_SITE:
      return SL_NET_SCOPE_SITE;
    case RT_SCOPE_LINK:
      return SL_NET_SCOPE_LINK;
    case RT_SCOPE_HOST:
      return SL_NET_SCOPE_HOST;
    default:
      return SL_NET_SCOPE_OTHER;
    }
}

SlNetReach
sl_net_address_get_reach (SlNetAddress *self)
{
  g_return_val_if_fail (SL_IS_NET_ADDRESS (self), SL_NET_REACH_THIS_COMPUTER);
  return self->reach;
}

guint
sl_net_address_get_interface_index (SlNetAddress *self)
{
  g_return_val_if_fail (SL_IS_NET_ADDRESS (self), 0);
  return self->index;
}

const char *
sl_net_address_get_interface (SlNetAddress *self)
{
  g_return_val_if_fail (SL_IS_NET_ADDRESS (self), NULL);
  return self->interface;
}

const char *
sl_net_address_get_address_for_peer (SlNetAddress *self)
{
  g_return_val_if_fail (SL_IS_NET_ADDRESS (self), NULL);
  return self->address_for_peer;
}

gboolean
sl_net_address_is_temporary (SlNetAddress *self)
{
  g_return_val_if_fail (SL_IS_NET_ADDRESS (self), FALSE);
  return (self->flags & IFA_F_TEMPORARY) != 0;
}

gboolean
sl_net_address_is_tentative (SlNetAddress *self)
{
  g_return_val_if_fail (SL_IS_NET_ADDRESS (self), FALSE);
  return (self->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)) != 0;
}

gboolean
sl_net_address_is_deprecated (SlNetAddress *self)
{
  g_return_val_if_fail (SL_IS_NET_ADDRESS (self), FALSE);
  return (self->flags & IFA_F_DEPRECATED) != 0;
}

gboolean
sl_net_address_equal (SlNetAddress *a,
                      SlNetAddress *b)
{
  return a->family == b->family
         && memcmp (a->bytes, b->bytes, sizeof a->bytes) == 0
         && a->prefix_length == b->prefix_length
         && a->scope == b->scope
         && a->flags == b->flags
         && a->index == b->index
         && g_strcmp0 (a->interface, b->interface) == 0;
}
