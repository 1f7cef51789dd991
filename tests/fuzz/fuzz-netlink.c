/* fuzz-netlink.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "fuzz-netlink"

#include <string.h>

#include "sl-error.h"
#include "sl-netlink-private.h"

/* What a NETLINK_ROUTE socket returns, as the network page parses it: any
 * bytes either parse or fail with an error; what parses gives items whose
 * strings are valid UTF-8, whose interface names resolve, and which print
 * themselves as `ip` would. The seeds are real dumps of a namespace with a
 * veth pair, addresses, routes (one multipath) and neighbours, plus a few
 * broken messages. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_string (const char *text)
{
  if (text != NULL)
    g_assert (g_utf8_validate (text, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SlNetlinkSnapshot) snapshot = sl_netlink_snapshot_new ();
  g_autoptr(GPtrArray) classmate = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  gboolean ok;
  guint i;

  ok = sl_netlink_parse (snapshot, data, size, &done, &error);
  g_assert (ok == (error == NULL));
  if (!ok)
    {
      g_assert (error->domain == SL_ERROR);
      g_assert (error->message != NULL && error->message[0] != '\0');
    }
  g_assert (!done || ok);

  /* Whatever was parsed before an error is finished as the model would */
  sl_netlink_snapshot_finish (snapshot);

  for (i = 0; i < snapshot->interfaces->len; i++)
    {
      SlNetInterface *interface = g_ptr_array_index (snapshot->interfaces, i);
      GListModel *addresses = sl_net_interface_get_addresses (interface);
      guint j;

      check_string (sl_net_interface_get_name (interface));
      check_string (sl_net_interface_get_mac (interface));
      check_string (sl_net_interface_get_kind (interface));
      g_assert (sl_net_interface_get_name (interface)[0] != '\0');
      for (j = 0; j < g_list_model_get_n_items (addresses); j++)
        {
          g_autoptr(SlNetAddress) address = g_list_model_get_item (addresses, j);

          g_assert (sl_net_address_get_interface_index (address) == sl_net_interface_get_index (interface));
        }
    }
  for (i = 0; i < snapshot->addresses->len; i++)
    {
      SlNetAddress *address = g_ptr_array_index (snapshot->addresses, i);

      g_assert (sl_net_address_get_interface (address) != NULL);
      g_assert (sl_net_address_get_network (address) != NULL);
      g_assert (sl_net_address_get_prefix_length (address) <= 128);
      check_string (sl_net_address_get_address_for_peer (address));
    }
  for (i = 0; i < snapshot->routes->len; i++)
    {
      SlNetRoute *route = g_ptr_array_index (snapshot->routes, i);
      g_autofree char *text = sl_net_route_to_ip_text (route);

      g_assert (text != NULL && g_utf8_validate (text, -1, NULL));
      g_assert (sl_net_route_get_interface_index (route) == 0 || sl_net_route_get_interface (route) != NULL);
      g_assert (sl_net_route_is_default (route) == (sl_net_route_get_prefix_length (route) == 0));
    }
  for (i = 0; i < snapshot->neighbours->len; i++)
    {
      SlNetNeighbour *neighbour = g_ptr_array_index (snapshot->neighbours, i);

      g_assert (sl_net_neighbour_get_interface (neighbour) != NULL);
      g_assert (sl_net_neighbour_get_state_name (neighbour) != NULL);
      check_string (sl_net_neighbour_get_mac (neighbour));
    }

  classmate = sl_netlink_snapshot_classmate_addresses (snapshot);
  for (i = 0; i < classmate->len; i++)
    g_assert (sl_net_address_get_reach (g_ptr_array_index (classmate, i)) != SL_NET_REACH_THIS_COMPUTER);

  return 0;
}
