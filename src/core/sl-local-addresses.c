/* sl-local-addresses.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The bind addresses offered by the server pages: "where to bind" is an
 * exercise of its own, so each address says who can reach a server bound
 * to it. Read from getifaddrs() on each call; any thread. */

#include "config.h"

#define G_LOG_DOMAIN "sl-local-addresses"

#include <glib/gi18n-lib.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "sl-local-addresses.h"

struct _SlLocalAddress
{
  GObject parent_instance;

  char *address;
  GSocketFamily family;
  SlLocalAddressKind kind;
  char *interface;
  char *explanation;
  char *label;
};

G_DEFINE_FINAL_TYPE (SlLocalAddress, sl_local_address, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_INTERFACE,
  PROP_EXPLANATION,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sl_local_address_finalize (GObject *object)
{
  SlLocalAddress *self = SL_LOCAL_ADDRESS (object);

  g_free (self->address);
  g_free (self->interface);
  g_free (self->explanation);
  g_free (self->label);

  G_OBJECT_CLASS (sl_local_address_parent_class)->finalize (object);
}

static void
sl_local_address_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SlLocalAddress *self = SL_LOCAL_ADDRESS (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_INTERFACE:
      g_value_set_string (value, self->interface);
      break;
    case PROP_EXPLANATION:
      g_value_set_string (value, self->explanation);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_local_address_class_init (SlLocalAddressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sl_local_address_finalize;
  object_class->get_property = sl_local_address_get_property;

  /* Properties so that GtkDropDown and GtkExpression can show them */
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_INTERFACE] = g_param_spec_string ("interface", NULL, NULL, NULL, flags);
  properties[PROP_EXPLANATION] = g_param_spec_string ("explanation", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_local_address_init (SlLocalAddress *self)
{
}

const char *
sl_local_address_get_address (SlLocalAddress *self)
{
  g_return_val_if_fail (SL_IS_LOCAL_ADDRESS (self), NULL);
  return self->address;
}

GSocketFamily
sl_local_address_get_family (SlLocalAddress *self)
{
  g_return_val_if_fail (SL_IS_LOCAL_ADDRESS (self), G_SOCKET_FAMILY_INVALID);
  return self->family;
}

SlLocalAddressKind
sl_local_address_get_kind (SlLocalAddress *self)
{
  g_return_val_if_fail (SL_IS_LOCAL_ADDRESS (self), SL_LOCAL_ADDRESS_LOOPBACK);
  return self->kind;
}

const char *
sl_local_address_get_interface (SlLocalAddress *self)
{
  g_return_val_if_fail (SL_IS_LOCAL_ADDRESS (self), NULL);
  return self->interface;
}

const char *
sl_local_address_get_explanation (SlLocalAddress *self)
{
  g_return_val_if_fail (SL_IS_LOCAL_ADDRESS (self), NULL);
  return self->explanation;
}

const char *
sl_local_address_get_label (SlLocalAddress *self)
{
  g_return_val_if_fail (SL_IS_LOCAL_ADDRESS (self), NULL);
  return self->label;
}

static SlLocalAddress *
local_address_new (const char        *address,
                   GSocketFamily      family,
                   SlLocalAddressKind kind,
                   const char        *interface,
                   gboolean           link_local)
{
  SlLocalAddress *self = g_object_new (SL_TYPE_LOCAL_ADDRESS, NULL);
  gboolean ipv6 = family == G_SOCKET_FAMILY_IPV6;

  self->address = g_strdup (address);
  self->family = family;
  self->kind = kind;
  self->interface = g_strdup (interface);

  switch (kind)
    {
    case SL_LOCAL_ADDRESS_LOOPBACK:
      self->explanation = g_strdup (ipv6 ? _("Only programs on this computer can connect, over IPv6.")
                                         : _("Only programs on this computer can connect."));
      /* Translators: a short label in a drop-down; %s is an address like 127.0.0.1 */
      self->label = g_strdup_printf (_("%s — only this computer"), address);
      break;

    case SL_LOCAL_ADDRESS_INTERFACE:
      if (link_local)
        /* Translators: %s is a network interface name such as eth0 or wlp2s0 */
        self->explanation = g_strdup_printf (_("Computers directly on the link of %s can connect, over IPv6 (a link-local address)."),
                                             interface);
      else
        /* Translators: %s is a network interface name such as eth0 or wlp2s0 */
        self->explanation = g_strdup_printf (_("Computers on the network of %s can connect."),
                                             interface);
      /* Translators: a short label in a drop-down; the first %s is an
       * address, the second a network interface name such as eth0 */
      self->label = g_strdup_printf (_("%s — network of %s"), address, interface);
      break;

    case SL_LOCAL_ADDRESS_ANY:
    default:
      self->explanation = g_strdup (ipv6 ? _("Every network this computer is on can connect (IPv6, and IPv4 too where the system allows).")
                                         : _("Every network this computer is on can connect (IPv4)."));
      self->label = g_strdup_printf (ipv6 ?
                                     /* Translators: a short label in a drop-down; %s is the address :: */
                                     _("%s — every network (IPv6 and IPv4)") :
                                     /* Translators: a short label in a drop-down; %s is the address 0.0.0.0 */
                                     _("%s — every network (IPv4)"),
                                     address);
      break;
    }

  return self;
}

static gboolean
store_has_address (GListStore *store,
                   const char *address)
{
  guint i, n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (i = 0; i < n; i++)
    {
      g_autoptr(SlLocalAddress) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_str_equal (item->address, address))
        return TRUE;
    }

  return FALSE;
}

static void
add_unique (GListStore     *store,
            SlLocalAddress *item)
{
  if (!store_has_address (store, item->address))
    g_list_store_append (store, item);
  g_object_unref (item);
}

GListModel *
sl_local_addresses_list (void)
{
  GListStore *store = g_list_store_new (SL_TYPE_LOCAL_ADDRESS);
  g_autoptr(GPtrArray) interfaces = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean have_ipv6 = FALSE;
  struct ifaddrs *list = NULL;

  /* The loopback address of the exercises, always first */
  add_unique (store, local_address_new ("127.0.0.1", G_SOCKET_FAMILY_IPV4,
                                        SL_LOCAL_ADDRESS_LOOPBACK, "lo", FALSE));

  if (getifaddrs (&list) == 0)
    {
      for (const struct ifaddrs *ifa = list; ifa != NULL; ifa = ifa->ifa_next)
        {
          g_autoptr(GSocketAddress) sockaddr = NULL;
          g_autofree char *text = NULL;
          GInetAddress *inet;
          GSocketFamily family;
          gboolean link_local;
          gsize len;

          if (ifa->ifa_addr == NULL || !(ifa->ifa_flags & IFF_UP))
            continue;
          if (ifa->ifa_addr->sa_family == AF_INET)
            len = sizeof (struct sockaddr_in);
          else if (ifa->ifa_addr->sa_family == AF_INET6)
            len = sizeof (struct sockaddr_in6);
          else
            continue;

          sockaddr = g_socket_address_new_from_native (ifa->ifa_addr, len);
          if (!G_IS_INET_SOCKET_ADDRESS (sockaddr))
            continue;

          inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (sockaddr));
          family = g_inet_address_get_family (inet);
          link_local = g_inet_address_get_is_link_local (inet);
          text = g_inet_address_to_string (inet);
          if (family == G_SOCKET_FAMILY_IPV6)
            have_ipv6 = TRUE;

          if (link_local && family == G_SOCKET_FAMILY_IPV6)
            {
              char *scoped = g_strdup_printf ("%s%%%s", text, ifa->ifa_name);

              g_free (text);
              text = scoped;
            }

          if (g_inet_address_get_is_loopback (inet))
            add_unique (store, local_address_new (text, family, SL_LOCAL_ADDRESS_LOOPBACK,
                                                  ifa->ifa_name, FALSE));
          else
            g_ptr_array_add (interfaces,
                             local_address_new (text, family, SL_LOCAL_ADDRESS_INTERFACE,
                                                ifa->ifa_name, link_local));
        }

      freeifaddrs (list);
    }

  /* IPv4 before IPv6 within the interfaces, as `ip addr` lists them */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < interfaces->len; i++)
      {
        SlLocalAddress *item = g_ptr_array_index (interfaces, i);

        if ((item->family == G_SOCKET_FAMILY_IPV4) == (pass == 0))
          add_unique (store, g_object_ref (item));
      }

  add_unique (store, local_address_new ("0.0.0.0", G_SOCKET_FAMILY_IPV4,
                                        SL_LOCAL_ADDRESS_ANY, NULL, FALSE));
  if (have_ipv6)
    add_unique (store, local_address_new ("::", G_SOCKET_FAMILY_IPV6,
                                          SL_LOCAL_ADDRESS_ANY, NULL, FALSE));

  return G_LIST_MODEL (store);
}

gboolean
sl_local_addresses_contains (const char *address)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autofree char *host = NULL;
  const char *scope;
  guint i, n;

  g_return_val_if_fail (address != NULL, FALSE);

  host = g_strdup (address);
  scope = strchr (host, '%');
  if (scope != NULL)
    *(char *) scope++ = '\0';

  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    return FALSE;

  /* The whole of 127.0.0.0/8 answers on lo, not just 127.0.0.1 */
  if (g_inet_address_get_is_any (inet) ||
      (g_inet_address_get_is_loopback (inet) && scope == NULL))
    return TRUE;

  list = sl_local_addresses_list ();
  n = g_list_model_get_n_items (list);
  for (i = 0; i < n; i++)
    {
      g_autoptr(SlLocalAddress) item = g_list_model_get_item (list, i);
      g_autofree char *item_host = g_strdup (item->address);
      char *item_scope = strchr (item_host, '%');
      g_autoptr(GInetAddress) item_inet = NULL;

      if (item_scope != NULL)
        *item_scope++ = '\0';
      if (g_strcmp0 (scope, item_scope) != 0)
        continue;

      item_inet = g_inet_address_new_from_string (item_host);
      if (item_inet != NULL && g_inet_address_equal (inet, item_inet))
        return TRUE;
    }

  return FALSE;
}
