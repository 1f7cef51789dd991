/* sl-frames-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The raw frames page: what the course's AF_PACKET sender and receiver
 * do, without sudo. The left side builds a frame from four fields
 * (destination, source, EtherType, payload from the shared editor) and
 * sends it count times; the right side receives on an interface, for one
 * EtherType or all, and lists the four fields of every frame. Both go
 * through SlFrameLink and its helper; the interfaces (name, MAC, state,
 * MTU) come from SlNetlink and follow the system live.
 *
 * The helper's permission problem is told here in the page's own words
 * with the same command as the capture banner, which is bound to an
 * SlCapture and so does not fit a second engine. */

#include "config.h"

#define G_LOG_DOMAIN "sl-frames-page"

#include <glib/gi18n.h>
#include <string.h>

#include "sl-capture.h"
#include "sl-error.h"
#include "sl-format.h"
#include "sl-frame-link.h"
#include "sl-frames-page-private.h"
#include "sl-netlink.h"
#include "sl-payload-editor.h"

G_DEFINE_FINAL_TYPE (SlFramesPage, sl_frames_page, SL_TYPE_PAGE)

void
sl_frames_page_show_error (SlFramesPage *self,
                           const GError *error)
{
  gtk_label_set_text (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_command_button),
                          g_error_matches (error, SL_ERROR, SL_ERROR_PERMISSION));
}

/* Interfaces -------------------------------------------------------------- */

static const char *
get_interface_mac (SlNetInterface *interface)
{
  const char *mac = sl_net_interface_get_mac (interface);

  if (mac == NULL && sl_net_interface_is_loopback (interface))
    return "00:00:00:00:00:00";
  return mac;
}

static SlNetInterface *
find_interface (SlFramesPage *self,
                const char   *name)
{
  GListModel *interfaces = sl_netlink_get_interfaces (self->netlink);
  guint i, n = g_list_model_get_n_items (interfaces);

  if (name == NULL)
    return NULL;

  for (i = 0; i < n; i++)
    {
      g_autoptr(SlNetInterface) interface = g_list_model_get_item (interfaces, i);

      if (g_strcmp0 (sl_net_interface_get_name (interface), name) == 0)
        return interface;   /* the list keeps it */
    }
  return NULL;
}

static gboolean
select_interface (GtkDropDown *dropdown,
                  GListModel  *names,
                  const char  *name)
{
  guint i, n = g_list_model_get_n_items (names);

  for (i = 0; i < n && name != NULL; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), name) == 0)
      {
        gtk_drop_down_set_selected (dropdown, i);
        return TRUE;
      }
  return FALSE;
}

/* The first interface that is up and not loopback, as a student expects */
static const char *
default_interface (SlFramesPage *self)
{
  GListModel *interfaces = sl_netlink_get_interfaces (self->netlink);
  guint i, n = g_list_model_get_n_items (interfaces);
  const char *fallback = NULL;

  for (i = 0; i < n; i++)
    {
      g_autoptr(SlNetInterface) interface = g_list_model_get_item (interfaces, i);

      if (fallback == NULL)
        fallback = sl_net_interface_get_name (interface);
      if (!sl_net_interface_is_loopback (interface) &&
          sl_net_interface_get_state (interface) == SL_NET_INTERFACE_UP)
        return sl_net_interface_get_name (interface);
    }
  return fallback;
}

static void
update_interface_info (SlFramesPage *self)
{
  const char *name = sl_frames_page_get_dropdown_interface (self->interface_dropdown);
  SlNetInterface *interface = find_interface (self, name);
  g_autofree char *info = NULL;
  const char *state;
  const char *mac;

  gtk_widget_set_sensitive (GTK_WIDGET (self->this_computer_button),
                            interface != NULL && get_interface_mac (interface) != NULL);

  if (interface == NULL)
    {
      gtk_label_set_text (self->interface_info_label,
                          sl_netlink_get_problem (self->netlink) != NULL
                            ? sl_netlink_get_problem (self->netlink)
                            : _("No network interface is known yet."));
      return;
    }

  switch (sl_net_interface_get_state (interface))
    {
    case SL_NET_INTERFACE_UP:
      state = C_("interface state", "up");
      break;
    case SL_NET_INTERFACE_NO_CARRIER:
      state = C_("interface state", "up, but not connected");
      break;
    case SL_NET_INTERFACE_DOWN:
    default:
      state = C_("interface state", "down");
      break;
    }

  mac = get_interface_mac (interface);
  /* Translators: "MAC 02:00:00:00:00:01, up, MTU 1500" */
  info = g_strdup_printf (_("MAC %s, %s, MTU %u"),
                          mac != NULL ? mac : C_("MAC address", "none"),
                          state, sl_net_interface_get_mtu (interface));
  gtk_label_set_text (self->interface_info_label, info);

  /* Source follows the interface unless the student typed another one */
  if (mac != NULL)
    {
      const char *source = gtk_editable_get_text (GTK_EDITABLE (self->source_entry));

      if (*source == '\0' || g_strcmp0 (source, self->auto_source) == 0)
        gtk_editable_set_text (GTK_EDITABLE (self->source_entry), mac);
      g_free (self->auto_source);
      self->auto_source = g_strdup (mac);
    }
}

static void
rebuild_interfaces (SlFramesPage *self)
{
  GListModel *interfaces = sl_netlink_get_interfaces (self->netlink);
  g_autofree char *send_name = g_strdup (sl_frames_page_get_dropdown_interface (self->interface_dropdown));
  g_autofree char *receive_name = g_strdup (sl_frames_page_get_dropdown_interface (self->receive_interface_dropdown));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint i, n = g_list_model_get_n_items (interfaces);
  guint old_n = g_list_model_get_n_items (G_LIST_MODEL (self->interface_names));
  gboolean same = n == old_n;

  for (i = 0; i < n; i++)
    {
      g_autoptr(SlNetInterface) interface = g_list_model_get_item (interfaces, i);
      const char *name = sl_net_interface_get_name (interface);

      g_ptr_array_add (names, g_strdup (name));
      if (same && g_strcmp0 (gtk_string_list_get_string (self->interface_names, i), name) != 0)
        same = FALSE;
    }
  g_ptr_array_add (names, NULL);

  if (!same)
    {
      const char *wanted;

      self->loading = TRUE;
      gtk_string_list_splice (self->interface_names, 0, old_n, (const char * const *) names->pdata);

      /* The preferred one as soon as it exists, else what was chosen */
      wanted = find_interface (self, self->preferred_interface) != NULL ? self->preferred_interface : NULL;
      if (!select_interface (self->interface_dropdown, G_LIST_MODEL (self->interface_names),
                             wanted != NULL ? wanted : send_name))
        select_interface (self->interface_dropdown, G_LIST_MODEL (self->interface_names),
                          default_interface (self));
      if (!select_interface (self->receive_interface_dropdown, G_LIST_MODEL (self->interface_names),
                             wanted != NULL ? wanted : receive_name))
        select_interface (self->receive_interface_dropdown, G_LIST_MODEL (self->interface_names),
                          sl_frames_page_get_dropdown_interface (self->interface_dropdown));
      self->loading = FALSE;
    }

  update_interface_info (self);
}

static void
on_interface_dropdown_selected_changed (SlFramesPage *self)
{
  const char *name = sl_frames_page_get_dropdown_interface (self->interface_dropdown);

  update_interface_info (self);
  if (!self->loading && name != NULL)
    {
      g_settings_set_string (self->settings, "frames-interface", name);
      g_free (self->preferred_interface);
      self->preferred_interface = g_strdup (name);
    }
}

/* Building the frame ------------------------------------------------------ */

static gboolean
get_send_ethertype (SlFramesPage *self,
                    guint16      *ethertype,
                    GError      **error)
{
  guint selected = gtk_drop_down_get_selected (self->ethertype_dropdown);

  if (selected < G_N_ELEMENTS (common_types))
    {
      *ethertype = common_types[selected];
      return TRUE;
    }

  return sl_frame_parse_ethertype (gtk_editable_get_text (GTK_EDITABLE (self->ethertype_entry)),
                                   ethertype, error);
}

/* The frames Send would send (GBytes), or NULL with an error */
static GPtrArray *
build_frames (SlFramesPage  *self,
              GError       **error)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) frames = NULL;
  const char *name = sl_frames_page_get_dropdown_interface (self->interface_dropdown);
  SlNetInterface *interface = find_interface (self, name);
  guint mtu = interface != NULL ? sl_net_interface_get_mtu (interface) : SL_FRAME_DEFAULT_MTU;
  guint8 destination[6], source[6];
  guint16 ethertype;
  guint i;

  if (name == NULL)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                           _("Choose the interface the frame leaves through."));
      return NULL;
    }
  if (!sl_frame_parse_mac (gtk_editable_get_text (GTK_EDITABLE (self->destination_entry)),
                           destination, error))
    {
      /* Translators: before the reason why the destination MAC is wrong */
      g_prefix_error (error, "%s ", _("Destination:"));
      return NULL;
    }
  if (!sl_frame_parse_mac (gtk_editable_get_text (GTK_EDITABLE (self->source_entry)),
                           source, error))
    {
      /* Translators: before the reason why the source MAC is wrong */
      g_prefix_error (error, "%s ", _("Source:"));
      return NULL;
    }
  if (!get_send_ethertype (self, &ethertype, error))
    return NULL;

  messages = sl_payload_editor_build (self->payload_editor, error);
  if (messages == NULL)
    return NULL;

  frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (i = 0; i < messages->len; i++)
    {
      GBytes *frame = sl_frame_build (destination, source, ethertype,
                                      g_ptr_array_index (messages, i),
                                      mtu > 0 ? mtu : SL_FRAME_DEFAULT_MTU, name, error);

      if (frame == NULL)
        return NULL;
      g_ptr_array_add (frames, frame);
    }

  return g_steal_pointer (&frames);
}

/* The padding note for the frame as it stands; quiet while it is invalid
 * (Send says why) */
static void
update_note (SlFramesPage *self)
{
  g_autoptr(GPtrArray) frames = NULL;
  g_autofree char *note = NULL;

  if (sl_payload_editor_get_valid (self->payload_editor))
    frames = build_frames (self, NULL);
  if (frames != NULL && frames->len > 0)
    note = sl_frame_dup_padding_note (g_bytes_get_size (g_ptr_array_index (frames, 0)));

  gtk_label_set_text (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
}

static void
on_ethertype_dropdown_selected_changed (SlFramesPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->ethertype_dropdown);
  gboolean other = selected == OTHER_TYPE_POSITION;

  gtk_widget_set_visible (GTK_WIDGET (self->ethertype_entry), other);
  if (!self->loading)
    {
      if (other)
        g_settings_set_string (self->settings, "frames-ethertype",
                               gtk_editable_get_text (GTK_EDITABLE (self->ethertype_entry)));
      else if (selected < G_N_ELEMENTS (common_types))
        {
          g_autofree char *text = sl_frame_format_ethertype (common_types[selected], FALSE);

          g_settings_set_string (self->settings, "frames-ethertype", text);
        }
    }
  update_note (self);
}

static void
on_ethertype_entry_changed (SlFramesPage *self)
{
  if (!self->loading && gtk_drop_down_get_selected (self->ethertype_dropdown) == OTHER_TYPE_POSITION)
    g_settings_set_string (self->settings, "frames-ethertype",
                           gtk_editable_get_text (GTK_EDITABLE (self->ethertype_entry)));
  update_note (self);
}

static void
load_ethertype (SlFramesPage *self)
{
  g_autofree char *text = g_settings_get_string (self->settings, "frames-ethertype");
  guint16 value;
  guint i;

  self->loading = TRUE;
  gtk_drop_down_set_selected (self->ethertype_dropdown, OTHER_TYPE_POSITION);
  gtk_editable_set_text (GTK_EDITABLE (self->ethertype_entry), text);
  if (sl_frame_parse_ethertype (text, &value, NULL))
    for (i = 0; i < G_N_ELEMENTS (common_types); i++)
      if (common_types[i] == value)
        gtk_drop_down_set_selected (self->ethertype_dropdown, i);
  self->loading = FALSE;
  on_ethertype_dropdown_selected_changed (self);
}

/* Sending ----------------------------------------------------------------- */

void
sl_frames_page_update_actions (SlFramesPage *self)
{
  gboolean sending, receiving;

  if (self->link == NULL)
    return;

  sending = sl_frame_link_get_sending (self->link);
  receiving = sl_frame_link_get_receiving (self->link);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.send",
                                 sl_payload_editor_get_valid (self->payload_editor));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.stop-sending", sending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.start-receive",
                                 sl_frames_page_get_dropdown_interface (self->receive_interface_dropdown) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.stop-receive", receiving);
}

static void
update_send_status (SlFramesPage *self)
{
  g_autofree char *text = NULL;
  g_autofree char *done = NULL;
  guint64 sent;

  if (self->link == NULL || self->send_interface == NULL)
    return;

  sent = sl_frame_link_get_n_sent (self->link) - self->sent_base;
  done = sl_format_count (sent);
  if (sl_frame_link_get_sending (self->link))
    /* Translators: "Sending on veth0: 3 of 10 frames sent." %s: a count */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Sending on %s: %s of %u frame sent.",
                                         "Sending on %s: %s of %u frames sent.",
                                         self->send_total),
                            self->send_interface, done, self->send_total);
  else
    /* Translators: "Sent 3 of 3 frames on veth0." %s: a count */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Sent %s of %u frame on %s.",
                                         "Sent %s of %u frames on %s.",
                                         self->send_total),
                            done, self->send_total, self->send_interface);
  gtk_label_set_text (self->send_status_label, text);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlFramesPage *self = SL_FRAMES_PAGE (widget);
  g_autoptr(GPtrArray) frames = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = sl_frames_page_get_dropdown_interface (self->interface_dropdown);
  guint count, interval;

  sl_frames_page_show_error (self, NULL);
  gtk_spin_button_update (self->count_spin);
  gtk_spin_button_update (self->interval_spin);
  count = (guint) gtk_spin_button_get_value_as_int (self->count_spin);
  interval = (guint) gtk_spin_button_get_value_as_int (self->interval_spin);

  frames = build_frames (self, &error);
  if (frames == NULL)
    {
      sl_frames_page_show_error (self, error);
      return;
    }

  g_free (self->send_interface);
  self->send_interface = g_strdup (name);
  self->sent_base = sl_frame_link_get_n_sent (self->link);
  self->send_total = frames->len * count;
  if (!sl_frame_link_send (self->link, name, frames, count, interval, &error))
    {
      g_clear_pointer (&self->send_interface, g_free);
      gtk_label_set_text (self->send_status_label, "");
      sl_frames_page_show_error (self, error);
      return;
    }
  update_send_status (self);
}

static void
stop_sending_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  sl_frame_link_stop_sending (SL_FRAMES_PAGE (widget)->link);
}

static void
on_broadcast_button_clicked (SlFramesPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->destination_entry), "ff:ff:ff:ff:ff:ff");
}

static void
on_this_computer_button_clicked (SlFramesPage *self)
{
  SlNetInterface *interface = find_interface (self, sl_frames_page_get_dropdown_interface (self->interface_dropdown));

  if (interface != NULL && get_interface_mac (interface) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->destination_entry), get_interface_mac (interface));
}

static void
on_copy_command_button_clicked (SlFramesPage *self)
{
  g_autofree char *command = sl_capture_dup_setcap_command ();

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), command);
}

static void
on_link_sending_changed (SlFramesPage *self)
{
  update_send_status (self);
  sl_frames_page_update_actions (self);
}

static void
on_link_error_changed (SlFramesPage *self)
{
  sl_frames_page_show_error (self, sl_frame_link_get_error (self->link));
}

/* SlPage ------------------------------------------------------------------ */

static void
sl_frames_page_apply_launch_options (SlPage                *page,
                                     const SlLaunchOptions *options)
{
  SlFramesPage *self = SL_FRAMES_PAGE (page);

  if (options->interface == NULL)
    return;

  g_free (self->preferred_interface);
  self->preferred_interface = g_strdup (options->interface);
  select_interface (self->interface_dropdown, G_LIST_MODEL (self->interface_names), options->interface);
  select_interface (self->receive_interface_dropdown, G_LIST_MODEL (self->interface_names),
                    options->interface);
}

static void
sl_frames_page_stop_all (SlPage *page)
{
  SlFramesPage *self = SL_FRAMES_PAGE (page);

  if (self->link != NULL)
    sl_frame_link_stop_all (self->link);
}

static void
sl_frames_page_dispose (GObject *object)
{
  SlFramesPage *self = SL_FRAMES_PAGE (object);

  if (self->link != NULL)
    sl_frame_link_stop_all (self->link);
  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }

  G_OBJECT_CLASS (sl_frames_page_parent_class)->dispose (object);

  g_clear_object (&self->selection);
  g_clear_object (&self->link);
  g_clear_object (&self->netlink);
  g_clear_object (&self->interface_names);
  g_clear_object (&self->settings);
}

static void
sl_frames_page_finalize (GObject *object)
{
  SlFramesPage *self = SL_FRAMES_PAGE (object);

  g_free (self->preferred_interface);
  g_free (self->auto_source);
  g_free (self->send_interface);

  G_OBJECT_CLASS (sl_frames_page_parent_class)->finalize (object);
}

static void
sl_frames_page_class_init (SlFramesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SlPageClass *page_class = SL_PAGE_CLASS (klass);

  object_class->dispose = sl_frames_page_dispose;
  object_class->finalize = sl_frames_page_finalize;
  page_class->apply_launch_options = sl_frames_page_apply_launch_options;
  page_class->stop_all = sl_frames_page_stop_all;

  g_type_ensure (SL_TYPE_PAYLOAD_EDITOR);

  gtk_widget_class_install_action (widget_class, "page.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "page.stop-sending", NULL, stop_sending_action);
  sl_frames_page_class_init_receive (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "page.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "page.send", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketlab/SocketLab/sl-frames-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, interface_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, interface_info_label);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, destination_entry);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, broadcast_button);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, this_computer_button);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, source_entry);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, ethertype_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, ethertype_entry);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, payload_editor);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, count_spin);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, stop_sending_button);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, note_label);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, send_status_label);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, copy_command_button);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, receive_interface_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, receive_ethertype_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, receive_status_label);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, no_frames_label);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, frames_scroller);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, frames_view);
  gtk_widget_class_bind_template_child (widget_class, SlFramesPage, detail_label);
  gtk_widget_class_bind_template_callback (widget_class, on_broadcast_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_this_computer_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_command_button_clicked);
}

static void
setup_ethertype_dropdowns (SlFramesPage *self)
{
  g_autoptr(GtkStringList) send_types = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) receive_types = gtk_string_list_new (NULL);
  guint i;

  /* Translators: receive frames whatever their EtherType */
  gtk_string_list_append (receive_types, _("All EtherTypes"));
  for (i = 0; i < G_N_ELEMENTS (common_types); i++)
    {
      g_autofree char *text = sl_frame_format_ethertype (common_types[i], TRUE);

      gtk_string_list_append (send_types, text);
      gtk_string_list_append (receive_types, text);
    }
  /* Translators: an EtherType typed in by the student */
  gtk_string_list_append (send_types, C_("ethertype", "Other…"));

  gtk_drop_down_set_model (self->ethertype_dropdown, G_LIST_MODEL (send_types));
  gtk_drop_down_set_model (self->receive_ethertype_dropdown, G_LIST_MODEL (receive_types));
}

static void
sl_frames_page_init (SlFramesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->follow = TRUE;
  self->settings = g_settings_new (APPLICATION_ID);
  self->link = sl_frame_link_new ();
  self->netlink = sl_netlink_new ();
  self->interface_names = gtk_string_list_new (NULL);
  self->preferred_interface = g_settings_get_string (self->settings, "frames-interface");

  gtk_drop_down_set_model (self->interface_dropdown, G_LIST_MODEL (self->interface_names));
  gtk_drop_down_set_model (self->receive_interface_dropdown, G_LIST_MODEL (self->interface_names));
  setup_ethertype_dropdowns (self);

  g_settings_bind (self->settings, "frames-destination", self->destination_entry, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "frames-count", self->count_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "frames-interval", self->interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  sl_payload_editor_bind_settings (self->payload_editor, self->settings, "frames");
  load_ethertype (self);

  g_signal_connect_object (self->interface_dropdown, "notify::selected",
                           G_CALLBACK (on_interface_dropdown_selected_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->receive_interface_dropdown, "notify::selected",
                           G_CALLBACK (sl_frames_page_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ethertype_dropdown, "notify::selected",
                           G_CALLBACK (on_ethertype_dropdown_selected_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ethertype_entry, "changed",
                           G_CALLBACK (on_ethertype_entry_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->destination_entry, "changed", G_CALLBACK (update_note), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source_entry, "changed", G_CALLBACK (update_note), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->payload_editor, "notify::valid", G_CALLBACK (update_note), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->payload_editor, "notify::valid", G_CALLBACK (sl_frames_page_update_actions), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->netlink, "notify::loaded", G_CALLBACK (rebuild_interfaces), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sl_netlink_get_interfaces (self->netlink), "items-changed",
                           G_CALLBACK (rebuild_interfaces), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->link, "notify::sending", G_CALLBACK (on_link_sending_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->link, "notify::n-sent", G_CALLBACK (update_send_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->link, "notify::error", G_CALLBACK (on_link_error_changed), self, G_CONNECT_SWAPPED);

  sl_frames_page_init_receive (self);
  rebuild_interfaces (self);
  update_note (self);
  sl_frames_page_update_actions (self);
}

GtkWidget *
sl_frames_page_new (void)
{
  return g_object_new (SL_TYPE_FRAMES_PAGE,
                       "name", "frames",
                       "title", _("Raw Frames"),
                       "icon-name", "network-transmit-receive-symbolic",
                       NULL);
}
