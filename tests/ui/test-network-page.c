/* test-network-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The network page under Xvfb: this machine's lo and 127.0.0.1 appear;
 * with a known network (a model made from a snapshot) the classmate box
 * shows the reachable addresses and its Copy button puts the address on
 * the clipboard; routes read as sentences with the default route marked;
 * a computer with no network says so in plain words. */

#include "config.h"

#define G_LOG_DOMAIN "test-network-page"

#include <arpa/inet.h>
#include <gtk/gtk.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

#include "sl-netlink-private.h"
#include "sl-network-page.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#endif

#define WAIT_SECONDS 10

#include "sl-test-ui.h"

/* A visible label under @root whose text is @text, or starts with it when
 * @prefix */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text,
            gboolean    prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child))
        {
          const char *label = gtk_label_get_text (GTK_LABEL (child));

          if (prefix ? g_str_has_prefix (label, text) : g_str_equal (label, text))
            return child;
        }
      if ((found = find_label (child, text, prefix)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
wait_for_label (GtkWidget  *root,
                const char *text,
                gboolean    prefix)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (find_label (root, text, prefix) == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

static void
test_this_machine (void)
{
  GtkWidget *page = sl_network_page_new ();
  GtkWidget *window = sl_test_window_new (page, 1000, 700);
  GtkWidget *interfaces = sl_test_find (page, "interfaces_list");

  g_assert_true (wait_for_label (interfaces, "lo", FALSE));
  g_assert_true (wait_for_label (interfaces, "127.0.0.1/8", FALSE));
  g_assert_true (sl_netlink_get_loaded (sl_network_page_get_netlink (SL_NETWORK_PAGE (page))));
  /* lo is described, not just named */
  g_assert_nonnull (find_label (interfaces, "Loopback: this computer talking to itself", FALSE));
  /* 127.0.0.1 is never an address for a classmate */
  g_assert_null (find_label (sl_test_find (page, "classmate_list"), "127.0.0.1", TRUE));

  gtk_window_destroy (GTK_WINDOW (window));
}

static const guint8 eth_mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };
static const guint8 peer_mac[6] = { 0x02, 0x77, 0x00, 0x00, 0x00, 0x02 };

static void
add_address (SlNetlinkSnapshot *snapshot,
             int                family,
             const char        *text,
             guint              prefix,
             guint              scope,
             guint              index)
{
  guint8 bytes[16];

  g_assert_cmpint (inet_pton (family, text, bytes), ==, 1);
  g_ptr_array_add (snapshot->addresses,
                   sl_net_address_new (family, bytes, prefix, scope, IFA_F_PERMANENT, index));
}

static guint8 *
ip (int         family,
    const char *text,
    guint8     *bytes)
{
  g_assert_cmpint (inet_pton (family, text, bytes), ==, 1);
  return bytes;
}

/* lo, and eth0 on 10.77.1.0/24 with a default route and one neighbour
 * when @connected */
static SlNetlinkSnapshot *
make_snapshot (gboolean connected)
{
  SlNetlinkSnapshot *snapshot = sl_netlink_snapshot_new ();
  guint8 a[16], b[16];

  g_ptr_array_add (snapshot->interfaces,
                   sl_net_interface_new (1, "lo", NULL, 0, 65536,
                                         IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP, NULL));
  add_address (snapshot, AF_INET, "127.0.0.1", 8, RT_SCOPE_HOST, 1);
  add_address (snapshot, AF_INET6, "::1", 128, RT_SCOPE_HOST, 1);

  if (connected)
    {
      g_ptr_array_add (snapshot->interfaces,
                       sl_net_interface_new (2, "eth0", eth_mac, 6, 1500,
                                             IFF_UP | IFF_BROADCAST | IFF_MULTICAST | IFF_LOWER_UP,
                                             "veth"));
      add_address (snapshot, AF_INET, "10.77.1.1", 24, RT_SCOPE_UNIVERSE, 2);
      add_address (snapshot, AF_INET6, "fd77::1", 64, RT_SCOPE_UNIVERSE, 2);
      add_address (snapshot, AF_INET6, "fe80::200:5eff:fe10:1", 64, RT_SCOPE_LINK, 2);
      g_ptr_array_add (snapshot->routes,
                       sl_net_route_new (AF_INET, NULL, 0, ip (AF_INET, "10.77.1.2", a), NULL, 2,
                                         FALSE, 0, RTPROT_STATIC, RTN_UNICAST));
      g_ptr_array_add (snapshot->routes,
                       sl_net_route_new (AF_INET, ip (AF_INET, "10.77.1.0", a), 24, NULL,
                                         ip (AF_INET, "10.77.1.1", b), 2,
                                         FALSE, 0, RTPROT_KERNEL, RTN_UNICAST));
      g_ptr_array_add (snapshot->routes,
                       sl_net_route_new (AF_INET, ip (AF_INET, "10.99.0.0", a), 16,
                                         ip (AF_INET, "10.77.1.2", b), NULL, 2,
                                         TRUE, 20, RTPROT_BOOT, RTN_UNICAST));
      g_ptr_array_add (snapshot->neighbours,
                       sl_net_neighbour_new (AF_INET, ip (AF_INET, "10.77.1.2", a), peer_mac, 6,
                                             NUD_REACHABLE, 0, 2));
    }
  sl_netlink_snapshot_finish (snapshot);
  return snapshot;
}

static void
on_clipboard_text (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GError) error = NULL;
  char **text = data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
  if (*text == NULL)
    *text = g_strdup ("");
}

static void
test_classmate_copy (void)
{
  g_autoptr(SlNetlinkSnapshot) snapshot = make_snapshot (TRUE);
  g_autoptr(SlNetlink) netlink = sl_netlink_new_for_snapshot (snapshot);
  GtkWidget *page = sl_network_page_new_for_netlink (netlink);
  GtkWidget *window = sl_test_window_new (page, 1000, 700);
  GtkWidget *classmate = sl_test_find (page, "classmate_list");
  GtkWidget *row, *button;
  g_autofree char *text = NULL;
  gint64 deadline;

  g_assert_true (gtk_widget_get_visible (classmate));
  g_assert_false (gtk_widget_get_visible (sl_test_find (page, "classmate_empty_label")));

  /* IPv4 first, then unique-local IPv6, then link-local with its interface */
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (classmate), 0));
  g_assert_nonnull (find_label (row, "10.77.1.1", FALSE));
  g_assert_nonnull (find_label (row, "Classmates on the network 10.77.1.0/24 reach it (through eth0).", FALSE));
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (classmate), 1));
  g_assert_nonnull (find_label (row, "fd77::1", FALSE));
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (classmate), 2));
  g_assert_nonnull (find_label (row, "fe80::200:5eff:fe10:1%eth0", FALSE));
  g_assert_nonnull (find_label (row, "Link-local:", TRUE));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (classmate), 3));

  /* Copy puts the address on the clipboard, and says so */
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (classmate), 0));
  button = find_button (row, "Copy");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Copied");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (button), NULL, on_clipboard_text, &text);
  deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  while (text == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (text, ==, "10.77.1.1");

  /* Interfaces: state, MAC, MTU, addresses with prefixes */
  g_assert_nonnull (find_label (sl_test_find (page, "interfaces_list"), "eth0", FALSE));
  g_assert_nonnull (find_label (sl_test_find (page, "interfaces_list"), "Up and connected", FALSE));
  g_assert_nonnull (find_label (sl_test_find (page, "interfaces_list"), "02:00:5e:10:00:01", FALSE));
  g_assert_nonnull (find_label (sl_test_find (page, "interfaces_list"), "1500 bytes per packet at most", FALSE));
  g_assert_nonnull (find_label (sl_test_find (page, "interfaces_list"), "fd77::1/64", FALSE));

  /* Routes as sentences, the default route first */
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (sl_test_find (page, "routes_list")), 0));
  g_assert_nonnull (find_label (row, "Default route: everything else goes to 10.77.1.2 via eth0", FALSE));
  g_assert_nonnull (find_label (row, "default via 10.77.1.2 dev eth0 proto static", FALSE));
  g_assert_nonnull (find_label (sl_test_find (page, "routes_list"),
                                "Traffic for 10.99.0.0/16 goes to the router 10.77.1.2 via eth0", FALSE));
  g_assert_nonnull (find_label (sl_test_find (page, "routes_list"),
                                "Computers in 10.77.1.0/24 are reached directly through eth0", FALSE));

  /* The neighbour table */
  g_assert_nonnull (find_label (sl_test_find (page, "neighbours_list"), "10.77.1.2", FALSE));
  g_assert_nonnull (find_label (sl_test_find (page, "neighbours_list"), "02:77:00:00:00:02", FALSE));
  g_assert_nonnull (find_label (sl_test_find (page, "neighbours_list"), "REACHABLE: answered recently", FALSE));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_not_connected (void)
{
  g_autoptr(SlNetlinkSnapshot) snapshot = make_snapshot (FALSE);
  g_autoptr(SlNetlink) netlink = sl_netlink_new_for_snapshot (snapshot);
  GtkWidget *page = sl_network_page_new_for_netlink (netlink);
  GtkWidget *window = sl_test_window_new (page, 1000, 700);
  GtkWidget *empty = sl_test_find (page, "classmate_empty_label");

  g_assert_true (gtk_widget_get_visible (empty));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (empty)), ==,
                   "This computer is not connected to a network; only 127.0.0.1 works, and only on this computer.");
  g_assert_false (gtk_widget_get_visible (sl_test_find (page, "classmate_list")));
  g_assert_nonnull (find_label (sl_test_find (page, "routes_list"),
                                "No routes: this computer cannot send to any network.", FALSE));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/network-page/this-machine", test_this_machine);
  g_test_add_func ("/network-page/classmate-copy", test_classmate_copy);
  g_test_add_func ("/network-page/not-connected", test_not_connected);

  return g_test_run ();
}
