/* sl-network-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The network page: what `ip link`, `ip addr`, `ip route` and `ip neigh`
 * tell, for students who never open a terminal, and first of all the
 * answer to "which address do I give my classmate?". Everything comes
 * from an SlNetlink; the four list boxes are bound to its models, which
 * change only where the kernel's tables changed, so rows that did not
 * change keep their widgets (and the keyboard focus). */

#include "config.h"

#define G_LOG_DOMAIN "sl-network-page"

#include <glib/gi18n.h>

#include "sl-network-page.h"

#define COPIED_FEEDBACK_MS 2000

struct _SlNetworkPage
{
  SlPage parent_instance;

  SlNetlink *netlink;
  /* the neighbour table's columns line up across rows */
  GtkSizeGroup *neighbour_columns[4];

  GtkScrolledWindow *scroller;
  GtkBox *content_box;
  GtkLabel *problem_label;
  GtkFrame *classmate_frame;
  GtkBox *classmate_box;
  GtkLabel *classmate_heading;
  GtkLabel *classmate_hint;
  GtkListBox *classmate_list;
  GtkLabel *classmate_empty_label;
  GtkLabel *interfaces_heading;
  GtkLabel *interfaces_hint;
  GtkListBox *interfaces_list;
  GtkLabel *routes_heading;
  GtkLabel *routes_hint;
  GtkListBox *routes_list;
  GtkLabel *neighbours_heading;
  GtkLabel *neighbours_hint;
  GtkListBox *neighbours_list;
};

G_DEFINE_FINAL_TYPE (SlNetworkPage, sl_network_page, SL_TYPE_PAGE)

enum {
  PROP_0,
  PROP_NETLINK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
new_label (const char *text,
           const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);
  return label;
}

/* Addresses and MACs: students copy them by hand too */
static GtkWidget *
new_value_label (const char *text,
                 const char *style_class)
{
  GtkWidget *label = new_label (text, style_class);

  gtk_widget_add_css_class (label, "monospace");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  return label;
}

/* The classmate box */

static char *
describe_classmate_address (SlNetAddress *address)
{
  const char *network = sl_net_address_get_network (address);
  const char *interface = sl_net_address_get_interface (address);
  gboolean ipv6 = sl_net_address_get_family (address) == G_SOCKET_FAMILY_IPV6;

  switch (sl_net_address_get_reach (address))
    {
    case SL_NET_REACH_LINK:
      if (ipv6)
        /* Translators: %s is an interface name such as eth0 */
        return g_strdup_printf (_("Link-local: only computers on the same cable or Wi-Fi reach it, and your classmate must write %% and the name of their own interface after it (on this computer it is %s)."),
                                interface);
      /* Translators: %s is an interface name such as eth0 */
      return g_strdup_printf (_("Link-local: only computers on the same cable or Wi-Fi reach it (through %s). This computer got no address from the network."),
                              interface);
    case SL_NET_REACH_PUBLIC:
      /* Translators: the first %s is a network such as 203.0.113.0/24, the second an interface such as eth0 */
      return g_strdup_printf (_("A public address on the network %s (through %s): computers elsewhere on the Internet may reach it too, unless a firewall stops them."),
                              network, interface);
    case SL_NET_REACH_PRIVATE:
    case SL_NET_REACH_THIS_COMPUTER:
    default:
      if (ipv6 && sl_net_address_is_temporary (address))
        /* Translators: the first %s is a network such as fd00::/64, the second an interface such as eth0 */
        return g_strdup_printf (_("A temporary IPv6 address on the network %s (through %s); it changes from time to time."),
                                network, interface);
      /* Translators: the first %s is a network such as 10.0.0.0/24, the second an interface such as eth0 */
      return g_strdup_printf (_("Classmates on the network %s reach it (through %s)."),
                              network, interface);
    }
}

static gboolean
reset_copy_button (gpointer data)
{
  GtkButton *button = data;

  gtk_button_set_label (button, _("Copy"));
  return G_SOURCE_REMOVE;
}

static void
on_copy_button_clicked (GtkButton *button,
                        gpointer   user_data)
{
  const char *text = g_object_get_data (G_OBJECT (button), "sl-address");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);

  /* Say that it worked, where the student looks */
  gtk_button_set_label (button, _("Copied"));
  g_timeout_add_full (G_PRIORITY_DEFAULT, COPIED_FEEDBACK_MS, reset_copy_button,
                      g_object_ref (button), g_object_unref);
}

static GtkWidget *
create_classmate_row (gpointer item,
                      gpointer user_data)
{
  SlNetAddress *address = item;
  const char *text = sl_net_address_get_address_for_peer (address);
  g_autofree char *description = describe_classmate_address (address);
  g_autofree char *tooltip = NULL;
  GtkWidget *row, *box, *text_box, *label, *button;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text_box, TRUE);
  label = new_value_label (text, "title-1");
  gtk_box_append (GTK_BOX (text_box), label);
  gtk_box_append (GTK_BOX (text_box), new_label (description, NULL));
  gtk_box_append (GTK_BOX (box), text_box);

  button = gtk_button_new_with_label (_("Copy"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Translators: %s is an address such as 10.0.0.5 */
  tooltip = g_strdup_printf (_("Copy %s to the clipboard"), text);
  gtk_widget_set_tooltip_text (button, tooltip);
  /* A screen reader hears which address each Copy button copies */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "sl-address", g_strdup (text), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_copy_button_clicked), NULL);
  gtk_box_append (GTK_BOX (box), button);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
update_classmate_empty (SlNetworkPage *self)
{
  GListModel *model = sl_netlink_get_classmate_addresses (self->netlink);
  gboolean empty = g_list_model_get_n_items (model) == 0;

  /* Before the first reading nothing is known: say nothing yet */
  gtk_widget_set_visible (GTK_WIDGET (self->classmate_empty_label),
                          empty && sl_netlink_get_loaded (self->netlink));
  gtk_widget_set_visible (GTK_WIDGET (self->classmate_list), !empty);
  gtk_widget_set_visible (GTK_WIDGET (self->classmate_hint), !empty);
}

/* Interfaces */

static const char *
describe_state (SlNetInterface *interface)
{
  if (sl_net_interface_is_loopback (interface))
    return _("Loopback: this computer talking to itself");

  switch (sl_net_interface_get_state (interface))
    {
    case SL_NET_INTERFACE_UP:
      return _("Up and connected");
    case SL_NET_INTERFACE_NO_CARRIER:
      return _("Switched on, but not connected (no cable or no link)");
    case SL_NET_INTERFACE_DOWN:
    default:
      return _("Switched off (down)");
    }
}

static const char *
describe_reach (SlNetAddress *address)
{
  switch (sl_net_address_get_reach (address))
    {
    case SL_NET_REACH_THIS_COMPUTER:
      return _("only this computer");
    case SL_NET_REACH_LINK:
      return _("link-local: only the same cable or Wi-Fi");
    case SL_NET_REACH_PRIVATE:
      return _("private: computers on the same network");
    case SL_NET_REACH_PUBLIC:
    default:
      return _("public: may be reachable from the Internet");
    }
}

static const char *
describe_address_flags (SlNetAddress *address)
{
  if (sl_net_address_is_tentative (address))
    return _("not usable yet: being checked for duplicates");
  if (sl_net_address_is_deprecated (address))
    return _("being phased out");
  if (sl_net_address_is_temporary (address))
    return _("temporary (privacy) address");
  return NULL;
}

/* "MAC address  02:00:5e:10:00:01": a name and its value, side by side */
static GtkWidget *
new_field (const char *name,
           GtkWidget  *value)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *label = new_label (name, "heading");

  gtk_label_set_wrap (GTK_LABEL (label), FALSE);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), value);
  return box;
}

static GtkWidget *
create_addresses_widget (SlNetInterface *interface)
{
  GListModel *addresses = sl_net_interface_get_addresses (interface);
  guint i, n = g_list_model_get_n_items (addresses);
  GtkWidget *grid;

  if (n == 0)
    return new_label (_("none"), NULL);

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  for (i = 0; i < n; i++)
    {
      g_autoptr(SlNetAddress) address = g_list_model_get_item (addresses, i);
      g_autofree char *text = g_strdup_printf ("%s/%u", sl_net_address_get_address (address),
                                               sl_net_address_get_prefix_length (address));
      const char *flags = describe_address_flags (address);
      GtkWidget *explanation;

      gtk_grid_attach (GTK_GRID (grid), new_value_label (text, NULL), 0, i, 1, 1);
      if (flags != NULL)
        {
          /* Translators: the first %s says who can reach an address ("only this computer"),
           * the second what is special about it ("temporary (privacy) address") */
          g_autofree char *both = g_strdup_printf (_("%s; %s"), describe_reach (address), flags);

          explanation = new_label (both, NULL);
        }
      else
        explanation = new_label (describe_reach (address), NULL);
      gtk_widget_set_hexpand (explanation, TRUE);
      gtk_grid_attach (GTK_GRID (grid), explanation, 1, i, 1, 1);
    }
  return grid;
}

static GtkWidget *
create_interface_row (gpointer item,
                      gpointer user_data)
{
  SlNetInterface *interface = item;
  const char *mac = sl_net_interface_get_mac (interface);
  const char *kind = sl_net_interface_get_kind (interface);
  guint mtu = sl_net_interface_get_mtu (interface);
  g_autofree char *mtu_text = NULL;
  g_autofree char *flags_text = NULL;
  GtkWidget *row, *box, *header, *name, *state, *fields, *addresses;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 14);
  gtk_widget_set_margin_end (box, 14);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 10);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  name = new_value_label (sl_net_interface_get_name (interface), "title-3");
  gtk_label_set_wrap (GTK_LABEL (name), FALSE);
  gtk_box_append (GTK_BOX (header), name);
  state = new_label (describe_state (interface), NULL);
  gtk_widget_set_valign (state, GTK_ALIGN_BASELINE);
  gtk_widget_set_hexpand (state, TRUE);
  if (!sl_net_interface_is_loopback (interface)
      && sl_net_interface_get_state (interface) != SL_NET_INTERFACE_UP)
    gtk_widget_add_css_class (state, "error-message");
  gtk_box_append (GTK_BOX (header), state);
  gtk_box_append (GTK_BOX (box), header);

  /* MAC and MTU on one line, flags on the next: short cards, more of
   * the page on a projector */
  fields = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 36);
  gtk_widget_set_margin_start (fields, 12);
  gtk_box_append (GTK_BOX (fields),
                  new_field (_("MAC address"),
                             mac != NULL ? new_value_label (mac, NULL) : new_label (_("none"), NULL)));
  mtu_text = g_strdup_printf (g_dngettext (NULL, "%u byte per packet at most", "%u bytes per packet at most", mtu),
                              mtu);
  gtk_box_append (GTK_BOX (fields), new_field (_("MTU"), new_label (mtu_text, NULL)));
  gtk_box_append (GTK_BOX (box), fields);

  if (kind != NULL)
    /* Translators: %s are the interface's flags as `ip link` prints them, e.g. UP,LOWER_UP,MULTICAST;
     * then its kind, e.g. veth or bridge */
    flags_text = g_strdup_printf (_("%s (kind: %s)"), sl_net_interface_get_flags_text (interface), kind);
  else
    flags_text = g_strdup (sl_net_interface_get_flags_text (interface));
  fields = new_field (_("Flags"), new_value_label (flags_text, NULL));
  gtk_widget_set_margin_start (fields, 12);
  gtk_box_append (GTK_BOX (box), fields);

  addresses = new_field (_("Addresses"), create_addresses_widget (interface));
  gtk_widget_set_margin_start (addresses, 12);
  gtk_box_append (GTK_BOX (box), addresses);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* Routes */

static char *
describe_route (SlNetRoute *route)
{
  const char *destination = sl_net_route_get_destination (route);
  const char *gateway = sl_net_route_get_gateway (route);
  const char *interface = sl_net_route_get_interface (route);
  const char *type = sl_net_route_get_route_type (route);

  if (!g_str_equal (type, "unicast"))
    {
      if (sl_net_route_is_default (route))
        /* Translators: %s is a route type: unreachable, blackhole, prohibit */
        return g_strdup_printf (_("Default route: everything else is refused here (%s)"), type);
      /* Translators: the first %s is a network such as 10.0.0.0/8, the second a route type:
       * unreachable, blackhole, prohibit */
      return g_strdup_printf (_("Traffic for %s is refused here (%s)"), destination, type);
    }

  if (sl_net_route_is_default (route))
    {
      if (gateway != NULL && interface != NULL)
        /* Translators: the first %s is a router's address, the second an interface such as eth0 */
        return g_strdup_printf (_("Default route: everything else goes to %s via %s"), gateway, interface);
      if (interface != NULL)
        /* Translators: %s is an interface such as wg0 */
        return g_strdup_printf (_("Default route: everything else goes out through %s"), interface);
      /* Translators: %s is a router's address */
      return g_strdup_printf (_("Default route: everything else goes to %s"), gateway ? gateway : "?");
    }

  if (gateway != NULL)
    /* Translators: the first %s is a network such as 10.99.0.0/16, the second a router's address,
     * the third an interface such as eth0 */
    return g_strdup_printf (_("Traffic for %s goes to the router %s via %s"),
                            destination, gateway, interface ? interface : "?");

  /* Translators: the first %s is a network such as 10.0.0.0/24, the second an interface such as eth0 */
  return g_strdup_printf (_("Computers in %s are reached directly through %s"),
                          destination, interface ? interface : "?");
}

static GtkWidget *
create_route_row (gpointer item,
                  gpointer user_data)
{
  SlNetRoute *route = item;
  g_autofree char *sentence = describe_route (route);
  g_autofree char *ip_text = sl_net_route_to_ip_text (route);
  GtkWidget *row, *box, *label;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_start (box, 14);
  gtk_widget_set_margin_end (box, 14);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  label = new_label (sentence, sl_net_route_is_default (route) ? "title-4" : NULL);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), new_value_label (ip_text, NULL));

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* Neighbours */

static char *
describe_neighbour_state (SlNetNeighbour *neighbour)
{
  const char *name = sl_net_neighbour_get_state_name (neighbour);
  const char *meaning;

  if (g_str_equal (name, "REACHABLE"))
    meaning = _("answered recently");
  else if (g_str_equal (name, "STALE"))
    meaning = _("known, not checked lately");
  else if (g_str_equal (name, "DELAY") || g_str_equal (name, "PROBE"))
    meaning = _("being checked");
  else if (g_str_equal (name, "INCOMPLETE"))
    meaning = _("asked, no answer yet");
  else if (g_str_equal (name, "FAILED"))
    meaning = _("did not answer");
  else if (g_str_equal (name, "PERMANENT"))
    meaning = _("set by hand");
  else
    meaning = NULL;

  if (sl_net_neighbour_is_router (neighbour))
    /* Translators: the first %s is a state as `ip neigh` prints it (REACHABLE, STALE…),
     * the second what it means ("answered recently") */
    return g_strdup_printf (_("%s: %s; a router"), name, meaning ? meaning : "");
  if (meaning != NULL)
    /* Translators: the first %s is a state as `ip neigh` prints it (REACHABLE, STALE…),
     * the second what it means ("answered recently") */
    return g_strdup_printf (_("%s: %s"), name, meaning);
  return g_strdup (name);
}

static GtkWidget *
neighbour_columns (SlNetworkPage *self,
                   GtkWidget     *cells[4])
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  guint i;

  gtk_widget_set_margin_start (box, 14);
  gtk_widget_set_margin_end (box, 14);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  for (i = 0; i < 4; i++)
    {
      gtk_size_group_add_widget (self->neighbour_columns[i], cells[i]);
      gtk_box_append (GTK_BOX (box), cells[i]);
    }
  gtk_widget_set_hexpand (cells[3], TRUE);
  return box;
}

static GtkWidget *
create_neighbour_row (gpointer item,
                      gpointer user_data)
{
  SlNetworkPage *self = user_data;
  SlNetNeighbour *neighbour = item;
  const char *mac = sl_net_neighbour_get_mac (neighbour);
  g_autofree char *state = describe_neighbour_state (neighbour);
  GtkWidget *cells[4];
  GtkWidget *row;

  cells[0] = new_value_label (sl_net_neighbour_get_address (neighbour), NULL);
  cells[1] = mac != NULL ? new_value_label (mac, NULL) : new_label (_("unknown"), NULL);
  cells[2] = new_label (state, NULL);
  cells[3] = new_value_label (sl_net_neighbour_get_interface (neighbour), NULL);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), neighbour_columns (self, cells));
  return row;
}

/* The column titles, above the first row */
static void
update_neighbour_header (GtkListBoxRow *row,
                         GtkListBoxRow *before,
                         gpointer       user_data)
{
  SlNetworkPage *self = user_data;
  GtkWidget *cells[4];

  if (before != NULL)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  if (gtk_list_box_row_get_header (row) != NULL)
    return;

  cells[0] = new_label (_("Address"), "heading");
  cells[1] = new_label (_("MAC address"), "heading");
  cells[2] = new_label (_("State"), "heading");
  cells[3] = new_label (_("Interface"), "heading");
  gtk_list_box_row_set_header (row, neighbour_columns (self, cells));
}

/* The model */

static void
update_problem (SlNetworkPage *self)
{
  const char *problem = sl_netlink_get_problem (self->netlink);

  gtk_label_set_text (self->problem_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
}

static void
sl_network_page_constructed (GObject *object)
{
  SlNetworkPage *self = SL_NETWORK_PAGE (object);
  GtkWidget *placeholder;

  G_OBJECT_CLASS (sl_network_page_parent_class)->constructed (object);

  if (self->netlink == NULL)
    self->netlink = sl_netlink_new ();

  gtk_list_box_bind_model (self->classmate_list, sl_netlink_get_classmate_addresses (self->netlink),
                           create_classmate_row, self, NULL);
  gtk_list_box_bind_model (self->interfaces_list, sl_netlink_get_interfaces (self->netlink),
                           create_interface_row, self, NULL);
  gtk_list_box_bind_model (self->routes_list, sl_netlink_get_routes (self->netlink),
                           create_route_row, self, NULL);
  gtk_list_box_bind_model (self->neighbours_list, sl_netlink_get_neighbours (self->netlink),
                           create_neighbour_row, self, NULL);
  gtk_list_box_set_header_func (self->neighbours_list, update_neighbour_header, self, NULL);

  placeholder = new_label (_("No routes: this computer cannot send to any network."), NULL);
  gtk_widget_set_margin_start (placeholder, 14);
  gtk_widget_set_margin_top (placeholder, 8);
  gtk_widget_set_margin_bottom (placeholder, 8);
  gtk_list_box_set_placeholder (self->routes_list, placeholder);
  placeholder = new_label (_("No neighbours yet: this computer has not talked to another one on its networks lately."), NULL);
  gtk_widget_set_margin_start (placeholder, 14);
  gtk_widget_set_margin_top (placeholder, 8);
  gtk_widget_set_margin_bottom (placeholder, 8);
  gtk_list_box_set_placeholder (self->neighbours_list, placeholder);

  g_signal_connect_object (sl_netlink_get_classmate_addresses (self->netlink), "items-changed",
                           G_CALLBACK (update_classmate_empty), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->netlink, "notify::loaded",
                           G_CALLBACK (update_classmate_empty), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->netlink, "notify::problem",
                           G_CALLBACK (update_problem), self, G_CONNECT_SWAPPED);
  update_classmate_empty (self);
  update_problem (self);
}

static void
sl_network_page_dispose (GObject *object)
{
  SlNetworkPage *self = SL_NETWORK_PAGE (object);
  guint i;

  /* The rows hold no reference to the page; unbinding drops them first */
  if (self->classmate_list != NULL)
    {
      gtk_list_box_bind_model (self->classmate_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->interfaces_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->routes_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->neighbours_list, NULL, NULL, NULL, NULL);
      gtk_list_box_set_header_func (self->neighbours_list, NULL, NULL, NULL);
      self->classmate_list = NULL;
    }
  if (self->netlink != NULL)
    g_signal_handlers_disconnect_by_data (self->netlink, self);
  g_clear_object (&self->netlink);
  for (i = 0; i < G_N_ELEMENTS (self->neighbour_columns); i++)
    g_clear_object (&self->neighbour_columns[i]);

  G_OBJECT_CLASS (sl_network_page_parent_class)->dispose (object);
}

static void
sl_network_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SlNetworkPage *self = SL_NETWORK_PAGE (object);

  switch (prop_id)
    {
    case PROP_NETLINK:
      g_value_set_object (value, self->netlink);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_network_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SlNetworkPage *self = SL_NETWORK_PAGE (object);

  switch (prop_id)
    {
    case PROP_NETLINK:
      g_set_object (&self->netlink, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_network_page_class_init (SlNetworkPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sl_network_page_constructed;
  object_class->dispose = sl_network_page_dispose;
  object_class->get_property = sl_network_page_get_property;
  object_class->set_property = sl_network_page_set_property;

  properties[PROP_NETLINK] =
    g_param_spec_object ("netlink", NULL, NULL, SL_TYPE_NETLINK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  sl_ui_register_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketlab/SocketLab/sl-network-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, problem_label);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, classmate_frame);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, classmate_box);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, classmate_heading);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, classmate_hint);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, classmate_list);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, classmate_empty_label);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, interfaces_heading);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, interfaces_hint);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, interfaces_list);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, routes_heading);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, routes_hint);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, routes_list);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, neighbours_heading);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, neighbours_hint);
  gtk_widget_class_bind_template_child (widget_class, SlNetworkPage, neighbours_list);
}

static void
sl_network_page_init (SlNetworkPage *self)
{
  guint i;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (i = 0; i < G_N_ELEMENTS (self->neighbour_columns); i++)
    self->neighbour_columns[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
}

GtkWidget *
sl_network_page_new (void)
{
  return sl_network_page_new_for_netlink (NULL);
}

GtkWidget *
sl_network_page_new_for_netlink (SlNetlink *netlink)
{
  g_return_val_if_fail (netlink == NULL || SL_IS_NETLINK (netlink), NULL);

  return g_object_new (SL_TYPE_NETWORK_PAGE,
                       "name", "network",
                       "title", _("Network"),
                       "icon-name", "network-wired-symbolic",
                       "netlink", netlink,
                       NULL);
}

SlNetlink *
sl_network_page_get_netlink (SlNetworkPage *self)
{
  g_return_val_if_fail (SL_IS_NETWORK_PAGE (self), NULL);
  return self->netlink;
}
