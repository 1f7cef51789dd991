/* sl-frames-page-receive.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The receiving half of the raw frames page: Start and Stop on an
 * interface for one EtherType or all, the list of frames with their four
 * fields, and the selected frame in full. The list follows the newest
 * frame unless the student scrolled up or chose an older one. */

#include "config.h"

#define G_LOG_DOMAIN "sl-frames-page"

#include <glib/gi18n.h>

#include "sl-format.h"
#include "sl-frames-page-private.h"
#include "sl-payload.h"

/* Receiving --------------------------------------------------------------- */

static void
update_receive_status (SlFramesPage *self)
{
  g_autofree char *text = NULL;

  if (self->link == NULL)
    return;

  if (sl_frame_link_get_receiving (self->link))
    {
      int ethertype = sl_frame_link_get_receive_ethertype (self->link);
      g_autofree char *count = sl_format_count (sl_frame_link_get_n_received (self->link));

      if (ethertype < 0)
        /* Translators: "Receiving every EtherType on veth0: 12 so far." (frames) */
        text = g_strdup_printf (_("Receiving every EtherType on %s: %s so far."),
                                sl_frame_link_get_receive_interface (self->link), count);
      else
        {
          g_autofree char *type = sl_frame_format_ethertype ((guint16) ethertype, FALSE);

          /* Translators: "Receiving 0x88B5 frames on veth0: 12 so far." */
          text = g_strdup_printf (_("Receiving %s frames on %s: %s so far."),
                                  type, sl_frame_link_get_receive_interface (self->link), count);
        }
    }
  else
    text = g_strdup (_("Not receiving."));

  gtk_label_set_text (self->receive_status_label, text);
}

static void
on_link_receiving_changed (SlFramesPage *self)
{
  sl_page_set_running (SL_PAGE (self), sl_frame_link_get_receiving (self->link));
  update_receive_status (self);
  sl_frames_page_update_actions (self);
}



static int
get_receive_ethertype (SlFramesPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->receive_ethertype_dropdown);

  if (selected == 0 || selected > G_N_ELEMENTS (common_types))
    return -1;
  return common_types[selected - 1];
}

static void
start_receive_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SlFramesPage *self = SL_FRAMES_PAGE (widget);
  const char *name = sl_frames_page_get_dropdown_interface (self->receive_interface_dropdown);

  if (name == NULL)
    return;
  sl_frames_page_show_error (self, NULL);
  sl_frame_link_start_receive (self->link, name, get_receive_ethertype (self));
}

static void
stop_receive_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  sl_frame_link_stop_receive (SL_FRAMES_PAGE (widget)->link);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  sl_frame_link_clear_frames (SL_FRAMES_PAGE (widget)->link);
}

static void
on_receive_ethertype_dropdown_selected_changed (SlFramesPage *self)
{
  int ethertype = get_receive_ethertype (self);
  g_autofree char *text = ethertype < 0 ? g_strdup ("all") : sl_frame_format_ethertype ((guint16) ethertype, FALSE);

  if (!self->loading)
    g_settings_set_string (self->settings, "frames-receive-ethertype", text);

  /* A receive in progress follows the choice */
  if (self->link != NULL && sl_frame_link_get_receiving (self->link))
    sl_frame_link_start_receive (self->link, sl_frame_link_get_receive_interface (self->link), ethertype);
}

/* The list of frames ------------------------------------------------------ */

static gboolean
scroll_to_end_tick (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  SlFramesPage *self = SL_FRAMES_PAGE (widget);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->frames_scroller);

  self->scroll_tick_id = 0;
  if (self->follow)
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  return G_SOURCE_REMOVE;
}

static void
on_vadjustment_value_changed (SlFramesPage  *self,
                              GtkAdjustment *adj)
{
  double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  self->follow = gtk_adjustment_get_value (adj) >= end - 4.0;
}

/* The selected frame in full: the list's cells are cut to their width */
static void
update_detail (SlFramesPage *self)
{
  SlReceivedFrame *frame = gtk_single_selection_get_selected_item (self->selection);
  g_autofree char *time = NULL;
  g_autofree char *type = NULL;
  g_autofree char *size = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *text = NULL;
  GBytes *payload;
  gsize len;
  const guint8 *data;

  if (frame == NULL)
    {
      gtk_label_set_text (self->detail_label, _("The selected frame is shown here in full."));
      return;
    }

  time = sl_received_frame_format_time (frame);
  type = sl_frame_format_ethertype (sl_received_frame_get_ethertype (frame), TRUE);
  payload = sl_received_frame_get_payload (frame);
  data = g_bytes_get_data (payload, &len);
  size = sl_format_count (len);
  dump = sl_payload_hexdump (data, len);
  /* Translators: the selected frame's fields, one a line; the payload's
   * text (or hex) follows "Payload", then a hex dump of its bytes */
  text = g_strdup_printf (_("Time: %s\nDestination: %s\nSource: %s\nEtherType: %s\n"
                            "Payload (%s bytes): %s\n\n%s"),
                          time,
                          sl_received_frame_get_destination (frame),
                          sl_received_frame_get_source (frame),
                          type, size, sl_received_frame_get_payload_text (frame), dump);
  gtk_label_set_text (self->detail_label, text);
}

static void
on_frames_items_changed (SlFramesPage *self,
                         guint         position,
                         guint         removed,
                         guint         added,
                         GListModel   *model)
{
  guint n = g_list_model_get_n_items (model);
  guint selected = gtk_single_selection_get_selected (self->selection);

  gtk_widget_set_visible (GTK_WIDGET (self->no_frames_label), n == 0);
  /* The newest frame is shown unless the student chose an older one */
  if (added > 0 && position + added == n &&
      (selected == GTK_INVALID_LIST_POSITION || selected + 1 == position))
    gtk_single_selection_set_selected (self->selection, n - 1);
  update_receive_status (self);
  if (added > 0 && self->follow && self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_end_tick, NULL, NULL);
}

static void
on_cell_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (GPOINTER_TO_INT (column) != COLUMN_TIME)
    gtk_widget_add_css_class (label, "monospace");
  /* MACs whole; the type's name may shrink (its tooltip has it all) */
  switch (GPOINTER_TO_INT (column))
    {
    case COLUMN_DESTINATION:
    case COLUMN_SOURCE:
      gtk_label_set_width_chars (GTK_LABEL (label), 17);
      break;
    case COLUMN_TYPE:
      gtk_label_set_width_chars (GTK_LABEL (label), 6);
      break;
    case COLUMN_PAYLOAD:
    default:
      gtk_label_set_width_chars (GTK_LABEL (label), 8);
      break;
    }
  gtk_list_item_set_child (list_item, label);
}

static void
on_cell_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  column)
{
  SlReceivedFrame *frame = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  g_autofree char *text = NULL;
  const char *tooltip = NULL;

  /* Bytes from the network: set as text, never as markup */
  switch (GPOINTER_TO_INT (column))
    {
    case COLUMN_TIME:
      text = sl_received_frame_format_time (frame);
      break;
    case COLUMN_DESTINATION:
      text = g_strdup (sl_received_frame_get_destination (frame));
      break;
    case COLUMN_SOURCE:
      text = g_strdup (sl_received_frame_get_source (frame));
      break;
    case COLUMN_TYPE:
      text = sl_frame_format_ethertype (sl_received_frame_get_ethertype (frame), TRUE);
      tooltip = text;
      break;
    case COLUMN_PAYLOAD:
    default:
      {
        gsize padding = sl_received_frame_get_n_padding (frame);

        if (padding > 0)
          {
            g_autofree char *zeros = g_strdup_printf ("%" G_GSIZE_FORMAT, padding);

            /* Translators: the payload text, then how many zero bytes
             * (padding) followed it: "hello (+ 41 zero bytes)" */
            text = g_strdup_printf (_("%s (+ %s zero bytes)"),
                                    sl_received_frame_get_payload_text (frame), zeros);
          }
        else
          text = g_strdup (sl_received_frame_get_payload_text (frame));
        tooltip = sl_received_frame_get_payload_is_text (frame)
                  ? _("The payload is UTF-8 text") : _("The payload is not UTF-8 text: shown in hex");
      }
      break;
    }

  gtk_label_set_text (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), tooltip);
}

static void
add_column (SlFramesPage *self,
            const char   *title,
            int           column,
            gboolean      expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->frames_view, view_column);
  g_object_unref (view_column);
}

static void
load_receive_ethertype (SlFramesPage *self)
{
  g_autofree char *text = g_settings_get_string (self->settings, "frames-receive-ethertype");
  guint16 value;
  guint i;

  self->loading = TRUE;
  gtk_drop_down_set_selected (self->receive_ethertype_dropdown, 0);
  if (sl_frame_parse_ethertype (text, &value, NULL))
    for (i = 0; i < G_N_ELEMENTS (common_types); i++)
      if (common_types[i] == value)
        gtk_drop_down_set_selected (self->receive_ethertype_dropdown, i + 1);
  self->loading = FALSE;
}

void
sl_frames_page_class_init_receive (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "page.start-receive", NULL, start_receive_action);
  gtk_widget_class_install_action (widget_class, "page.stop-receive", NULL, stop_receive_action);
  gtk_widget_class_install_action (widget_class, "page.clear", NULL, clear_action);
}

void
sl_frames_page_init_receive (SlFramesPage *self)
{
  GListModel *frames = sl_frame_link_get_frames (self->link);

  /* Translators: columns of the received frames' list */
  add_column (self, C_("frame column", "Time"), COLUMN_TIME, FALSE);
  add_column (self, C_("frame column", "Destination"), COLUMN_DESTINATION, FALSE);
  add_column (self, C_("frame column", "Source"), COLUMN_SOURCE, FALSE);
  add_column (self, C_("frame column", "Type"), COLUMN_TYPE, FALSE);
  add_column (self, C_("frame column", "Payload"), COLUMN_PAYLOAD, TRUE);
  self->selection = gtk_single_selection_new (g_object_ref (frames));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->frames_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (update_detail),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (frames, "items-changed", G_CALLBACK (on_frames_items_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->frames_scroller), "value-changed",
                           G_CALLBACK (on_vadjustment_value_changed), self, G_CONNECT_SWAPPED);

  load_receive_ethertype (self);
  g_signal_connect_object (self->receive_ethertype_dropdown, "notify::selected",
                           G_CALLBACK (on_receive_ethertype_dropdown_selected_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->link, "notify::receiving", G_CALLBACK (on_link_receiving_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->link, "notify::n-received", G_CALLBACK (update_receive_status),
                           self, G_CONNECT_SWAPPED);

  update_detail (self);
  update_receive_status (self);
}
