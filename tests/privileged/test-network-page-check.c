/* test-network-page-check.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Runs inside the network namespace that test-network-page.py builds
 * (lo, one end of a veth pair with 10.77.X.1/24 and fd77::1/64, a route
 * to 10.99.0.0/16 via 10.77.X.2, a default route via 10.77.X.2, a
 * permanent neighbour 10.77.X.2). SlNetlink and the network page must
 * show exactly that namespace; then addresses, routes and neighbours
 * change with `ip`, and each change must reach the model and the page
 * within 2 seconds.
 *
 * Environment: SL_NS_INTERFACE (the veth end), SL_NS_SUBNET (X),
 * SL_NS_PEER_MAC (the neighbour's MAC). Without a display the page is
 * not checked (said on stdout), the core is. */

#include "config.h"

#define G_LOG_DOMAIN "test-network-page"

#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

#include "sl-netlink.h"
#include "sl-network-page.h"

#define WAIT_SECONDS 10
#define LIVE_SECONDS 2

static const char *interface_name;
static char *subnet;
static const char *peer_mac;
static gboolean have_display;

static char *
addr (const char *last)
{
  return g_strdup_printf ("10.77.%s.%s", subnet, last);
}

static void
spin_until (gboolean (*condition) (gpointer),
            gpointer   data,
            double     seconds,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out after %.1f s waiting for %s", seconds, what);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static void
run_ip (const char *command)
{
  g_autofree char *line = g_strdup_printf ("ip %s", command);
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_true (g_shell_parse_argv (line, NULL, &argv, NULL));
  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    g_error ("%s: %s", line, error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", line, err);
}

/* The model */

static gboolean
is_loaded (gpointer data)
{
  return sl_netlink_get_loaded (data);
}

static GPtrArray *
interface_names (SlNetlink *netlink)
{
  GListModel *model = sl_netlink_get_interfaces (netlink);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SlNetInterface) interface = g_list_model_get_item (model, i);

      g_ptr_array_add (names, g_strdup (sl_net_interface_get_name (interface)));
    }
  return names;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* "10.77.5.1/24 eth0" for each address of @family, sorted; IPv6
 * link-local ones apart, as the kernel adds them on its own */
static char *
address_list (SlNetlink     *netlink,
              GSocketFamily  family,
              gboolean       link_local)
{
  GListModel *model = sl_netlink_get_addresses (netlink);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SlNetAddress) address = g_list_model_get_item (model, i);

      if (sl_net_address_get_family (address) != family
          || (sl_net_address_get_reach (address) == SL_NET_REACH_LINK) != link_local)
        continue;
      g_ptr_array_add (lines, g_strdup_printf ("%s/%u %s", sl_net_address_get_address (address),
                                               sl_net_address_get_prefix_length (address),
                                               sl_net_address_get_interface (address)));
    }
  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv (" | ", (char **) lines->pdata);
}

static char *
route_list (SlNetlink     *netlink,
            GSocketFamily  family)
{
  GListModel *model = sl_netlink_get_routes (netlink);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SlNetRoute) route = g_list_model_get_item (model, i);
      const char *gateway = sl_net_route_get_gateway (route);

      if (sl_net_route_get_family (route) != family)
        continue;
      g_ptr_array_add (lines, g_strdup_printf ("%s%s%s dev %s%s",
                                               sl_net_route_get_destination (route),
                                               gateway ? " via " : "", gateway ? gateway : "",
                                               sl_net_route_get_interface (route),
                                               sl_net_route_is_default (route) ? " [default]" : ""));
    }
  g_ptr_array_add (lines, NULL);
  return g_strjoinv (" | ", (char **) lines->pdata);
}

static char *
neighbour_list (SlNetlink     *netlink,
                GSocketFamily  family)
{
  GListModel *model = sl_netlink_get_neighbours (netlink);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SlNetNeighbour) neighbour = g_list_model_get_item (model, i);

      if (sl_net_neighbour_get_family (neighbour) != family)
        continue;
      g_ptr_array_add (lines, g_strdup_printf ("%s lladdr %s %s dev %s",
                                               sl_net_neighbour_get_address (neighbour),
                                               sl_net_neighbour_get_mac (neighbour),
                                               sl_net_neighbour_get_state_name (neighbour),
                                               sl_net_neighbour_get_interface (neighbour)));
    }
  g_ptr_array_add (lines, NULL);
  return g_strjoinv (" | ", (char **) lines->pdata);
}

static void
check_namespace (SlNetlink *netlink)
{
  g_autoptr(GPtrArray) names = interface_names (netlink);
  g_autofree char *v4 = address_list (netlink, G_SOCKET_FAMILY_IPV4, FALSE);
  g_autofree char *v6 = address_list (netlink, G_SOCKET_FAMILY_IPV6, FALSE);
  g_autofree char *v6_link = address_list (netlink, G_SOCKET_FAMILY_IPV6, TRUE);
  g_autofree char *routes4 = route_list (netlink, G_SOCKET_FAMILY_IPV4);
  g_autofree char *routes6 = route_list (netlink, G_SOCKET_FAMILY_IPV6);
  g_autofree char *neighbours4 = neighbour_list (netlink, G_SOCKET_FAMILY_IPV4);
  g_autofree char *expected = NULL;
  g_autofree char *local = addr ("1");
  g_autofree char *peer = addr ("2");
  GListModel *classmate = sl_netlink_get_classmate_addresses (netlink);
  g_autoptr(SlNetAddress) first = NULL;
  g_autoptr(SlNetAddress) second = NULL;
  g_autoptr(SlNetRoute) first_route = NULL;

  g_print ("interfaces: %s, %s (%u)\n", (char *) g_ptr_array_index (names, 0),
           names->len > 1 ? (char *) g_ptr_array_index (names, 1) : "-", names->len);
  g_print ("IPv4 addresses: %s\nIPv6 addresses: %s\nIPv6 link-local: %s\n", v4, v6, v6_link);
  g_print ("IPv4 routes: %s\nIPv6 routes: %s\nIPv4 neighbours: %s\n", routes4, routes6, neighbours4);

  /* Exactly this namespace's interfaces */
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "lo");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, interface_name);

  expected = g_strdup_printf ("%s/24 %s | 127.0.0.1/8 lo", local, interface_name);
  g_assert_cmpstr (v4, ==, expected);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("::1/128 lo | fd77::1/64 %s", interface_name);
  g_assert_cmpstr (v6, ==, expected);
  g_clear_pointer (&expected, g_free);
  /* The kernel's own link-local address, if any, is on the veth */
  g_assert_true (v6_link[0] == '\0' || g_str_has_suffix (v6_link, interface_name));

  /* The routes: the default first and marked */
  expected = g_strdup_printf ("default via %s dev %s [default] | 10.77.%s.0/24 dev %s | 10.99.0.0/16 via %s dev %s",
                              peer, interface_name, subnet, interface_name, peer, interface_name);
  g_assert_cmpstr (routes4, ==, expected);
  g_clear_pointer (&expected, g_free);
  first_route = g_list_model_get_item (sl_netlink_get_routes (netlink), 0);
  g_assert_true (sl_net_route_is_default (first_route));
  expected = g_strdup_printf ("fd77::/64 dev %s", interface_name);
  g_assert_nonnull (strstr (routes6, expected));
  g_clear_pointer (&expected, g_free);
  g_assert_null (strstr (routes6, "[default]"));

  expected = g_strdup_printf ("%s lladdr %s PERMANENT dev %s", peer, peer_mac, interface_name);
  g_assert_cmpstr (neighbours4, ==, expected);
  g_clear_pointer (&expected, g_free);

  /* For the classmate: the veth's addresses, IPv4 first; never lo's */
  g_assert_cmpuint (g_list_model_get_n_items (classmate), >=, 2);
  first = g_list_model_get_item (classmate, 0);
  second = g_list_model_get_item (classmate, 1);
  g_assert_cmpstr (sl_net_address_get_address (first), ==, local);
  expected = g_strdup_printf ("10.77.%s.0/24", subnet);
  g_assert_cmpstr (sl_net_address_get_network (first), ==, expected);
  g_assert_cmpstr (sl_net_address_get_address (second), ==, "fd77::1");
}

/* The page */

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child)
          && g_str_equal (gtk_label_get_text (GTK_LABEL (child)), text))
        return child;
      if ((found = find_label (child, text)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget *page;
  const char *text;
  gboolean present;
} LabelWait;

static gboolean
label_state_reached (gpointer data)
{
  LabelWait *wait = data;

  return (find_label (wait->page, wait->text) != NULL) == wait->present;
}

static void
check_page (GtkWidget *page)
{
  g_autofree char *local = addr ("1");
  g_autofree char *local_prefix = g_strdup_printf ("10.77.%s.1/24", subnet);
  g_autofree char *peer = addr ("2");
  g_autofree char *default_route = g_strdup_printf ("Default route: everything else goes to %s via %s",
                                                    peer, interface_name);
  g_autofree char *gateway_route = g_strdup_printf ("Traffic for 10.99.0.0/16 goes to the router %s via %s",
                                                    peer, interface_name);
  const char *texts[] = { "lo", interface_name, "127.0.0.1/8", local_prefix, "fd77::1/64",
                          local, "fd77::1", default_route, gateway_route, peer, peer_mac };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      LabelWait wait = { page, texts[i], TRUE };

      spin_until (label_state_reached, &wait, WAIT_SECONDS, texts[i]);
    }
  g_print ("page shows the namespace\n");
}

/* Live updates */

typedef struct
{
  SlNetlink *netlink;
  GtkWidget *page;
  const char *model_text;   /* in the model's lists, as printed above */
  GSocketFamily family;
  int kind;                 /* 0 addresses, 1 routes, 2 neighbours */
  const char *page_text;
  gboolean present;
} LiveWait;

static gboolean
live_state_reached (gpointer data)
{
  LiveWait *wait = data;
  g_autofree char *list = NULL;

  if (wait->kind == 0)
    list = address_list (wait->netlink, wait->family, FALSE);
  else if (wait->kind == 1)
    list = route_list (wait->netlink, wait->family);
  else
    list = neighbour_list (wait->netlink, wait->family);

  if ((strstr (list, wait->model_text) != NULL) != wait->present)
    return FALSE;
  if (wait->page != NULL && (find_label (wait->page, wait->page_text) != NULL) != wait->present)
    return FALSE;
  return TRUE;
}

static void
check_live (SlNetlink  *netlink,
            GtkWidget  *page,
            const char *command,
            int         kind,
            const char *model_text,
            const char *page_text,
            gboolean    present)
{
  LiveWait wait = { netlink, page, model_text, G_SOCKET_FAMILY_IPV4, kind, page_text, present };
  gint64 start;

  g_assert_false (live_state_reached (&wait));
  start = g_get_monotonic_time ();
  run_ip (command);
  spin_until (live_state_reached, &wait, LIVE_SECONDS, command);
  g_print ("live: `ip %s` shown after %.0f ms\n", command,
           (g_get_monotonic_time () - start) / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SlNetlink) netlink = NULL;
  GtkWidget *window = NULL;
  GtkWidget *page = NULL;
  g_autofree char *command = NULL;
  g_autofree char *model_text = NULL;
  g_autofree char *page_text = NULL;
  g_autofree char *peer = NULL;

  interface_name = g_getenv ("SL_NS_INTERFACE");
  subnet = g_strdup (g_getenv ("SL_NS_SUBNET"));
  peer_mac = g_getenv ("SL_NS_PEER_MAC");
  if (interface_name == NULL || subnet == NULL || peer_mac == NULL)
    {
      g_printerr ("run by test-network-page.py inside its namespace\n");
      return 2;
    }
  peer = addr ("2");

  have_display = gtk_init_check ();
  if (!have_display)
    g_print ("no display: the page is not checked here, only the core\n");

  netlink = sl_netlink_new ();
  spin_until (is_loaded, netlink, WAIT_SECONDS, "the first netlink reading");
  g_assert_null (sl_netlink_get_problem (netlink));
  check_namespace (netlink);

  if (have_display)
    {
      page = sl_network_page_new ();
      window = gtk_window_new ();
      gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
      gtk_window_set_child (GTK_WINDOW (window), page);
      gtk_window_present (GTK_WINDOW (window));
      check_page (page);
    }

  /* An address appears */
  command = g_strdup_printf ("addr add 10.77.%s.5/24 dev %s", subnet, interface_name);
  model_text = g_strdup_printf ("10.77.%s.5/24 %s", subnet, interface_name);
  page_text = g_strdup_printf ("10.77.%s.5/24", subnet);
  check_live (netlink, page, command, 0, model_text, page_text, TRUE);
  g_clear_pointer (&command, g_free);
  g_clear_pointer (&model_text, g_free);
  g_clear_pointer (&page_text, g_free);

  /* A route goes away */
  command = g_strdup_printf ("route del 10.99.0.0/16 via %s", peer);
  model_text = g_strdup_printf ("10.99.0.0/16 via %s", peer);
  page_text = g_strdup_printf ("Traffic for 10.99.0.0/16 goes to the router %s via %s", peer, interface_name);
  check_live (netlink, page, command, 1, model_text, page_text, FALSE);
  g_clear_pointer (&command, g_free);
  g_clear_pointer (&model_text, g_free);
  g_clear_pointer (&page_text, g_free);

  /* A neighbour changes its MAC */
  command = g_strdup_printf ("neigh replace %s lladdr 02:77:00:00:00:99 nud permanent dev %s",
                             peer, interface_name);
  model_text = g_strdup_printf ("%s lladdr 02:77:00:00:00:99", peer);
  check_live (netlink, page, command, 2, model_text, "02:77:00:00:00:99", TRUE);

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  g_print ("PASS\n");
  return 0;
}
