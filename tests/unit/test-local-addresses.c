/* test-local-addresses.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "test-local-addresses"

#include <string.h>

#include "sl-local-addresses.h"

static SlLocalAddress *
find (GListModel *list,
      const char *address,
      guint      *position)
{
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlLocalAddress) item = g_list_model_get_item (list, i);

      if (g_str_equal (sl_local_address_get_address (item), address))
        {
          if (position != NULL)
            *position = i;
          return item;    /* the list keeps it alive */
        }
    }

  return NULL;
}

static void
test_list (void)
{
  g_autoptr(GListModel) list = sl_local_addresses_list ();
  SlLocalAddress *loopback, *any;
  guint loopback_pos = 0, any_pos = 0, n;

  g_assert_true (g_list_model_get_item_type (list) == SL_TYPE_LOCAL_ADDRESS);
  n = g_list_model_get_n_items (list);
  g_assert_cmpuint (n, >=, 2);

  loopback = find (list, "127.0.0.1", &loopback_pos);
  g_assert_nonnull (loopback);
  g_assert_cmpuint (loopback_pos, ==, 0);
  g_assert_cmpint (sl_local_address_get_kind (loopback), ==, SL_LOCAL_ADDRESS_LOOPBACK);
  g_assert_cmpint (sl_local_address_get_family (loopback), ==, G_SOCKET_FAMILY_IPV4);
  g_assert_cmpstr (sl_local_address_get_explanation (loopback), ==,
                   "Only programs on this computer can connect.");
  g_assert_nonnull (g_strstr_len (sl_local_address_get_label (loopback), -1, "127.0.0.1"));

  any = find (list, "0.0.0.0", &any_pos);
  g_assert_nonnull (any);
  g_assert_cmpint (sl_local_address_get_kind (any), ==, SL_LOCAL_ADDRESS_ANY);
  g_assert_null (sl_local_address_get_interface (any));
  g_assert_cmpstr (sl_local_address_get_explanation (any), ==,
                   "Every network this computer is on can connect (IPv4).");
  g_assert_cmpuint (any_pos, >, loopback_pos);

  /* Loopback first, then interfaces, then the wildcards; each explained */
  for (guint i = 0, stage = 0; i < n; i++)
    {
      g_autoptr(SlLocalAddress) item = g_list_model_get_item (list, i);
      SlLocalAddressKind kind = sl_local_address_get_kind (item);
      const char *address = sl_local_address_get_address (item);
      g_autofree char *host = g_strdup (address);
      g_autoptr(GInetAddress) inet = NULL;

      g_test_message ("%s: %s", sl_local_address_get_label (item),
                      sl_local_address_get_explanation (item));
      g_assert_cmpuint (kind, >=, stage);
      stage = kind;
      g_assert_cmpstr (sl_local_address_get_explanation (item), !=, "");
      g_assert_cmpstr (sl_local_address_get_label (item), !=, "");
      if (strchr (host, '%') != NULL)
        *strchr (host, '%') = '\0';
      inet = g_inet_address_new_from_string (host);
      g_assert_nonnull (inet);
      g_assert_cmpint (g_inet_address_get_family (inet), ==, sl_local_address_get_family (item));
      if (kind == SL_LOCAL_ADDRESS_INTERFACE)
        {
          g_assert_nonnull (sl_local_address_get_interface (item));
          if (g_inet_address_get_is_link_local (inet) &&
              g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
            g_assert_true (g_str_has_suffix (address, sl_local_address_get_interface (item)));
        }
      g_assert_true (sl_local_addresses_contains (address));
    }
}

static void
test_contains (void)
{
  g_assert_true (sl_local_addresses_contains ("127.0.0.1"));
  g_assert_true (sl_local_addresses_contains ("127.0.0.2"));
  g_assert_true (sl_local_addresses_contains ("0.0.0.0"));
  g_assert_true (sl_local_addresses_contains ("::"));
  g_assert_false (sl_local_addresses_contains ("192.0.2.1"));   /* TEST-NET-1 */
  g_assert_false (sl_local_addresses_contains ("2001:db8::1")); /* documentation */
  g_assert_false (sl_local_addresses_contains ("localhost"));
  g_assert_false (sl_local_addresses_contains (""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/local-addresses/list", test_list);
  g_test_add_func ("/local-addresses/contains", test_contains);

  return g_test_run ();
}
