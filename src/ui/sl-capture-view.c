/* sl-capture-view.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The packet list is a GtkColumnView over the capture's packet model, so
 * rows (and SlPacket objects) exist for the visible packets only, however
 * many are held. Following the newest packet is decided as in
 * SlEventLogView: at the end we stay at the end; scrolled up, we stay put.
 *
 * Packets that a selected socket call caused are "linked": the first is
 * selected, all of them carry a style class. The set is small (the packets
 * of one call), and the labels currently bound are tracked so that a new
 * set restyles them without rebinding the list. */

#include "config.h"

#define G_LOG_DOMAIN "sl-capture-view"

#include <glib/gi18n.h>

#include "sl-capture-banner.h"
#include "sl-capture-view.h"
#include "sl-format.h"
#include "sl-ladder-view.h"
#include "sl-packet-cell.h"
#include "sl-packet-details.h"
#include "sl-page.h"

typedef enum
{
  COLUMN_NUMBER,
  COLUMN_TIME,
  COLUMN_SOURCE,
  COLUMN_DESTINATION,
  COLUMN_PROTOCOL,
  COLUMN_LENGTH,
  COLUMN_INFO,
  N_COLUMNS
} Column;

struct _SlCaptureView
{
  GtkWidget parent_instance;

  GtkBox *main_box;
  GtkButton *start_button;
  GtkDropDown *interface_dropdown;
  GtkToggleButton *session_button;
  GtkToggleButton *all_traffic_button;
  SlCaptureBanner *banner;
  GtkStack *view_stack;
  GtkScrolledWindow *packets_scrolled_window;
  GtkColumnView *packet_view;
  SlPacketDetails *details;
  SlLadderView *ladder_view;
  GtkLabel *ladder_hint_label;
  GtkLabel *state_label;
  GtkLabel *packets_label;
  GtkLabel *dropped_label;

  SlCapture *capture;
  GtkSingleSelection *selection;
  GtkStringList *interfaces;
  GHashTable *linked;       /* packet index + 1, a set */
  GHashTable *bound_labels; /* SlPacketCell showing a packet → NULL */
  GtkNativeDialog *chooser;

  gboolean follow;
  double last_value;
  guint scroll_tick_id;
  gint64 last_follow_us;
  gint64 last_counts_us;
  guint counts_timeout_id;
  gboolean updating;
  gboolean linking;
};

G_DEFINE_FINAL_TYPE (SlCaptureView, sl_capture_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAPTURE,
  PROP_SELECTED_PACKET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PACKET_INDEX_KEY "sl-packet-index"

/* Packet list */

static void
style_label (SlCaptureView *self,
             GtkWidget     *label)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label), PACKET_INDEX_KEY));

  if (index > 0 && g_hash_table_contains (self->linked, GUINT_TO_POINTER (index)))
    gtk_widget_add_css_class (label, "packet-linked");
  else
    gtk_widget_remove_css_class (label, "packet-linked");
}

/* The full info line of an ellipsized cell, asked for only on hover:
 * setting a tooltip on every bound cell cost half the main thread's time
 * at 150,000 packets/s (each call is a round trip to the X server). */
static gboolean
on_info_query_tooltip (GtkWidget  *label,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  const char *text = sl_packet_cell_get_text (SL_PACKET_CELL (label));

  if (*text == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_cell_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label;

  /* Not a GtkLabel: the list measures some 200 rows to show 20, and an
   * SlPacketCell is measured without shaping its text */
  label = sl_packet_cell_new (column == COLUMN_NUMBER || column == COLUMN_TIME ||
                              column == COLUMN_LENGTH ? 1.0f : 0.0f);
  if (column != COLUMN_PROTOCOL && column != COLUMN_INFO)
    gtk_widget_add_css_class (label, "monospace");
  if (column == COLUMN_INFO)
    {
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (on_info_query_tooltip), NULL);
    }
  gtk_list_item_set_child (list_item, label);
}

static void
on_cell_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  SlCaptureView *self = g_object_get_data (G_OBJECT (factory), "sl-capture-view");
  SlPacket *packet = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const SlPacketSummary *summary = sl_packet_get_summary (packet);
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  const char *text = number;

  /* Addresses and info come from the network, escaped by the dissector:
   * plain text, never markup */
  switch (column)
    {
    case COLUMN_NUMBER:
      g_snprintf (number, sizeof number, "%u", sl_packet_get_index (packet) + 1);
      break;
    case COLUMN_TIME:
      g_snprintf (number, sizeof number, "%.6f", sl_packet_get_relative_time (packet));
      break;
    case COLUMN_SOURCE:
      text = summary ? summary->source : "";
      break;
    case COLUMN_DESTINATION:
      text = summary ? summary->destination : "";
      break;
    case COLUMN_PROTOCOL:
      text = summary && summary->protocol ? summary->protocol : "";
      break;
    case COLUMN_LENGTH:
      g_snprintf (number, sizeof number, "%u", sl_packet_get_origlen (packet));
      break;
    case COLUMN_INFO:
    case N_COLUMNS:
    default:
      text = summary ? summary->info : "";
      break;
    }

  sl_packet_cell_set_text (SL_PACKET_CELL (label), text);

  if (summary != NULL && (summary->status & (SL_DISSECT_TRUNCATED | SL_DISSECT_MALFORMED)))
    gtk_widget_add_css_class (label, "packet-problem");
  else
    gtk_widget_remove_css_class (label, "packet-problem");

  g_object_set_data (G_OBJECT (label), PACKET_INDEX_KEY,
                     GUINT_TO_POINTER (sl_packet_get_index (packet) + 1));
  g_hash_table_add (self->bound_labels, label);
  style_label (self, label);
}

static void
on_cell_unbind (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  SlCaptureView *self = g_object_get_data (G_OBJECT (factory), "sl-capture-view");
  GtkWidget *label = gtk_list_item_get_child (list_item);

  g_hash_table_remove (self->bound_labels, label);
  g_object_set_data (G_OBJECT (label), PACKET_INDEX_KEY, NULL);
}

static void
add_column (SlCaptureView *self,
            Column         column,
            const char    *title,
            int            fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "sl-capture-view", self);
  g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind), GINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (on_cell_unbind), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  gtk_column_view_column_set_expand (view_column, column == COLUMN_INFO);
  gtk_column_view_append_column (self->packet_view, view_column);
  g_object_unref (view_column);
}

static GtkWidget *
get_inner_list_view (SlCaptureView *self)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->packet_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;

  return NULL;
}

static void
scroll_to_packet (SlCaptureView *self,
                  guint          index)
{
  GtkWidget *list_view = get_inner_list_view (self);

  /* GtkColumnView has no scroll_to() before 4.12; its list view has the action */
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", index);
}

#define FOLLOW_INTERVAL_US (100 * 1000)

static gboolean
scroll_to_end_tick (GtkWidget     *widget,
                    GdkFrameClock *frame_clock,
                    gpointer       user_data)
{
  SlCaptureView *self = SL_CAPTURE_VIEW (widget);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->packets_scrolled_window);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);

  /* Following the newest packet rebinds every visible row: at most ten
   * times a second, which still reads as live and leaves the frames of a
   * packet flood to drawing (it took a quarter of the main thread). */
  if (now - self->last_follow_us < FOLLOW_INTERVAL_US)
    return G_SOURCE_CONTINUE;

  self->scroll_tick_id = 0;
  self->last_follow_us = now;
  if (self->follow)
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));

  return G_SOURCE_REMOVE;
}

static void
queue_scroll_to_end (SlCaptureView *self)
{
  if (self->follow && self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_end_tick, NULL, NULL);
}

static void
on_vadjustment_value_changed (GtkAdjustment *adj,
                              SlCaptureView *self)
{
  double value = gtk_adjustment_get_value (adj);
  double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  /* Only moving up means the user wants to read */
  if (value >= end - 4.0)
    self->follow = TRUE;
  else if (value < self->last_value - 1.0)
    self->follow = FALSE;

  self->last_value = value;
}

/* Toolbar and status */

static void show_ladder_hint (SlCaptureView         *self,
                              const SlPacketSummary *summary);

/* A label whose text changes makes GTK lay the window out again, and on
 * X11 that asks the X server for the monitor's work area: at every frame
 * of a packet flood, that round trip made the frames late. The counts
 * change at most four times a second; the last change always shows. */
#define COUNTS_INTERVAL_US (250 * 1000)

static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static void
update_counts (SlCaptureView *self)
{
  g_autofree char *packets_text = NULL;
  g_autofree char *dropped_text = NULL;
  g_autofree char *count = NULL;
  guint n_packets = 0;
  guint64 n_dropped = 0;

  if (self->capture != NULL)
    {
      n_packets = sl_capture_get_n_packets (self->capture);
      n_dropped = sl_capture_get_n_dropped (self->capture);
    }

  self->last_counts_us = g_get_monotonic_time ();

  packets_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u packet", "%u packets", n_packets),
                                  n_packets);
  set_label_text (self->packets_label, packets_text);

  count = sl_format_count (n_dropped);
  /* Translators: %s is a number of packets, already formatted */
  dropped_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s dropped", "%s dropped",
                                               (gulong) MIN (n_dropped, G_MAXULONG)),
                                  count);
  set_label_text (self->dropped_label, dropped_text);
  if (n_dropped > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->dropped_label), "error-message");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->dropped_label), "error-message");
}

static gboolean
counts_timeout (gpointer user_data)
{
  SlCaptureView *self = user_data;

  self->counts_timeout_id = 0;
  update_counts (self);
  return G_SOURCE_REMOVE;
}

static void
queue_update_counts (SlCaptureView *self)
{
  gint64 since = g_get_monotonic_time () - self->last_counts_us;

  if (self->counts_timeout_id != 0)
    return;

  if (since >= COUNTS_INTERVAL_US)
    update_counts (self);
  else
    self->counts_timeout_id = g_timeout_add ((guint) ((COUNTS_INTERVAL_US - since) / 1000) + 1,
                                             counts_timeout, self);
}

static void
update_state (SlCaptureView *self)
{
  g_autofree char *state_text = NULL;
  SlCaptureState state = SL_CAPTURE_STOPPED;
  guint n_packets = 0;
  const char *filter = NULL;

  if (self->capture != NULL)
    {
      state = sl_capture_get_state (self->capture);
      n_packets = sl_capture_get_n_packets (self->capture);
      filter = sl_capture_get_filter (self->capture);
    }

  switch (state)
    {
    case SL_CAPTURE_STARTING:
      state_text = g_strdup (_("Starting the capture…"));
      break;
    case SL_CAPTURE_RUNNING:
      if (sl_capture_get_all_traffic (self->capture))
        state_text = g_strdup_printf (_("Capturing all traffic on “%s”."),
                                      sl_capture_get_interface (self->capture));
      else if (filter == NULL || *filter == '\0')
        state_text = g_strdup_printf (_("Capturing on “%s”. Start a server or a client to see "
                                        "its packets here."),
                                      sl_capture_get_interface (self->capture));
      else
        state_text = g_strdup_printf (_("Capturing this session’s packets on “%s” (filter: %s)."),
                                      sl_capture_get_interface (self->capture), filter);
      break;
    case SL_CAPTURE_FAILED:
      state_text = g_strdup (_("The capture is not running."));
      break;
    case SL_CAPTURE_STOPPED:
    default:
      state_text = g_strdup (_("Not capturing. Press Start to see the packets your clicks cause."));
      break;
    }

  /* Only when it changes: this runs every frame while packets arrive, and
   * setting a tooltip costs a round trip to the X server */
  if (g_strcmp0 (gtk_label_get_text (self->state_label), state_text) != 0)
    {
      gtk_label_set_text (self->state_label, state_text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_label), state_text);
    }

  queue_update_counts (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "capture.start",
                                 self->capture != NULL &&
                                 (state == SL_CAPTURE_STOPPED || state == SL_CAPTURE_FAILED));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "capture.stop",
                                 state == SL_CAPTURE_STARTING || state == SL_CAPTURE_RUNNING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "capture.clear", n_packets > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "capture.save", n_packets > 0);
  /* Until the student picks a packet, the ladder draws the newest TCP
   * connection: after one click on Send there is something to explain. */
  if (self->capture != NULL && n_packets > 0 && sl_ladder_view_get_stream (self->ladder_view) < 0)
    {
      g_autoptr(SlPacket) last = sl_capture_get_packet (self->capture, n_packets - 1);

      if (last != NULL && sl_packet_get_stream (last) >= 0)
        {
          sl_ladder_view_set_stream (self->ladder_view, sl_packet_get_stream (last));
          show_ladder_hint (self, sl_packet_get_summary (last));
        }
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "capture.save-ladder",
                                 sl_ladder_view_get_stream (self->ladder_view) >= 0);
}

static void
update_scope (SlCaptureView *self)
{
  gboolean all = self->capture != NULL && sl_capture_get_all_traffic (self->capture);

  self->updating = TRUE;
  gtk_toggle_button_set_active (all ? self->all_traffic_button : self->session_button, TRUE);
  self->updating = FALSE;
}

static void
on_scope_button_toggled (SlCaptureView *self)
{
  if (self->updating || self->capture == NULL)
    return;

  sl_capture_set_all_traffic (self->capture, gtk_toggle_button_get_active (self->all_traffic_button));
}

static void
update_interface (SlCaptureView *self)
{
  const char *name = self->capture ? sl_capture_get_interface (self->capture) : "any";
  guint i, n = g_list_model_get_n_items (G_LIST_MODEL (self->interfaces));

  if (name == NULL)
    name = "any";

  for (i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->interfaces, i), name) == 0)
      break;

  /* A name from the settings that is gone now is still shown, so that
   * the banner's message about it makes sense */
  if (i == n)
    gtk_string_list_append (self->interfaces, name);

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->interface_dropdown, i);
  self->updating = FALSE;
}

static void
on_interface_dropdown_selected_changed (SlCaptureView *self)
{
  guint selected = gtk_drop_down_get_selected (self->interface_dropdown);

  if (self->updating || self->capture == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  /* A running capture moves to the new interface at once (the engine
   * restarts the helper) */
  sl_capture_set_interface (self->capture, gtk_string_list_get_string (self->interfaces, selected));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
fill_interfaces (SlCaptureView *self)
{
  g_autoptr(GDir) dir = g_dir_open ("/sys/class/net", 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint i;

  /* "any" first: libpcap's pseudo-interface, so that loopback demos and
   * LAN demos both work without choosing */
  gtk_string_list_append (self->interfaces, "any");

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (i = 0; i < names->len; i++)
    gtk_string_list_append (self->interfaces, g_ptr_array_index (names, i));
}

/* Selection */

static SlPacket *
dup_selected_packet (SlCaptureView *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->selection);

  return item ? g_object_ref (SL_PACKET (item)) : NULL;
}

static void
show_ladder_hint (SlCaptureView         *self,
                  const SlPacketSummary *summary)
{
  g_autofree char *text = NULL;

  if (summary == NULL || !summary->is_tcp)
    {
      gtk_label_set_text (self->ladder_hint_label,
                          _("Select a TCP packet in the Packets list to draw its connection."));
      return;
    }

  /* Addresses as the dissector formatted them (escaped, plain text) */
  text = g_strdup_printf (_("The TCP connection between %s port %u and %s port %u."),
                          summary->source, summary->key.src_port,
                          summary->destination, summary->key.dst_port);
  gtk_label_set_text (self->ladder_hint_label, text);
}

static void
on_selection_changed (SlCaptureView *self)
{
  g_autoptr(SlPacket) packet = dup_selected_packet (self);

  if (!self->linking && g_hash_table_size (self->linked) > 0)
    {
      GHashTableIter iter;
      gpointer label;

      g_hash_table_remove_all (self->linked);
      g_hash_table_iter_init (&iter, self->bound_labels);
      while (g_hash_table_iter_next (&iter, &label, NULL))
        style_label (self, label);
    }

  /* The detail pane takes room only when there is something to detail */
  gtk_widget_set_visible (GTK_WIDGET (self->details), packet != NULL);

  if (packet == NULL)
    {
      sl_packet_details_set_packet (self->details, 0, NULL, 0);
    }
  else
    {
      const SlPacketSummary *summary = sl_packet_get_summary (packet);
      int stream = sl_packet_get_stream (packet);

      sl_packet_details_set_packet (self->details,
                                    sl_packet_get_linktype (packet),
                                    sl_packet_get_bytes (packet),
                                    sl_packet_get_origlen (packet));
      if (stream >= 0)
        {
          self->updating = TRUE;
          sl_ladder_view_set_stream (self->ladder_view, stream);
          sl_ladder_view_set_selected_packet (self->ladder_view, (int) sl_packet_get_index (packet));
          self->updating = FALSE;
          show_ladder_hint (self, summary);
        }
    }

  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_PACKET]);
}

static void
on_ladder_view_selected_packet_changed (SlCaptureView *self)
{
  int index;

  if (self->updating)
    return;

  index = sl_ladder_view_get_selected_packet (self->ladder_view);
  if (index >= 0 && index != sl_capture_view_get_selected_packet (self))
    sl_capture_view_set_selected_packet (self, index);
}

static void
on_packets_items_changed (SlCaptureView *self)
{
  update_state (self);
  queue_scroll_to_end (self);
}

/* Saving */

static void
show_error (SlCaptureView *self,
            const char    *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                   "%s", message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_save_error (SlCaptureView *self,
                 const GError  *error)
{
  g_autofree char *message = NULL;

  message = g_strdup_printf (_("The file could not be saved: %s"),
                             error ? error->message : _("there is no capture."));
  show_error (self, message);
}

static void
on_export_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlCaptureView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sl_capture_export_finish (SL_CAPTURE (object), result, &error))
    show_save_error (self, error);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     SlCaptureView   *self)
{
  gboolean ladder = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "sl-ladder"));
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);

  if (path == NULL)
    return;

  if (!ladder && self->capture != NULL)
    {
      /* Written in a worker thread: a big capture takes seconds */
      sl_capture_export_async (self->capture, path, NULL, on_export_done, g_object_ref (self));
      return;
    }

  ok = ladder && sl_ladder_view_export (self->ladder_view, path, &error);
  if (!ok)
    show_save_error (self, error);
}

static void
run_chooser (SlCaptureView *self,
             gboolean       ladder)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (ladder ? _("Save the Ladder Diagram") : _("Save the Capture"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "sl-ladder", GINT_TO_POINTER (ladder));

  if (ladder)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("SVG image (*.svg)"));
      gtk_file_filter_add_pattern (filter, "*.svg");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      g_object_unref (filter);
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("PNG image (*.png)"));
      gtk_file_filter_add_pattern (filter, "*.png");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      g_object_unref (filter);
      /* Translators: the suggested file name; keep the .svg ending */
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("ladder-diagram.svg"));
    }
  else
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("pcap capture file (*.pcap)"));
      gtk_file_filter_add_pattern (filter, "*.pcap");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      g_object_unref (filter);
      /* Translators: the suggested file name; keep the .pcap ending */
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("capture.pcap"));
    }

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (self->chooser);
}

/* Actions */

static void
capture_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlCaptureView *self = SL_CAPTURE_VIEW (widget);

  if (g_str_equal (action_name, "capture.save"))
    {
      run_chooser (self, FALSE);
      return;
    }
  if (g_str_equal (action_name, "capture.save-ladder"))
    {
      run_chooser (self, TRUE);
      return;
    }

  if (self->capture == NULL)
    return;

  if (g_str_equal (action_name, "capture.start"))
    {
      self->follow = TRUE;
      sl_capture_start (self->capture);
    }
  else if (g_str_equal (action_name, "capture.stop"))
    {
      sl_capture_stop (self->capture);
    }
  else if (g_str_equal (action_name, "capture.clear"))
    {
      g_hash_table_remove_all (self->linked);
      sl_capture_clear (self->capture);
      sl_ladder_view_set_stream (self->ladder_view, -1);
      show_ladder_hint (self, NULL);
      self->follow = TRUE;
    }
}

/* GObject */

static void
disconnect_capture (SlCaptureView *self)
{
  if (self->capture == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->capture, self);
  g_signal_handlers_disconnect_by_data (sl_capture_get_packets (self->capture), self);
  g_clear_object (&self->capture);
}

static void
sl_capture_view_dispose (GObject *object)
{
  SlCaptureView *self = SL_CAPTURE_VIEW (object);

  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }
  g_clear_handle_id (&self->counts_timeout_id, g_source_remove);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  if (self->main_box != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->main_box));
      self->main_box = NULL;
    }
  disconnect_capture (self);
  g_clear_object (&self->selection);
  g_clear_object (&self->interfaces);
  g_clear_pointer (&self->linked, g_hash_table_unref);
  g_clear_pointer (&self->bound_labels, g_hash_table_unref);

  G_OBJECT_CLASS (sl_capture_view_parent_class)->dispose (object);
}

static void
sl_capture_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SlCaptureView *self = SL_CAPTURE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAPTURE:
      g_value_set_object (value, self->capture);
      break;
    case PROP_SELECTED_PACKET:
      g_value_set_int (value, sl_capture_view_get_selected_packet (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_capture_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SlCaptureView *self = SL_CAPTURE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAPTURE:
      sl_capture_view_set_capture (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_PACKET:
      sl_capture_view_set_selected_packet (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_capture_view_class_init (SlCaptureViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_capture_view_dispose;
  object_class->get_property = sl_capture_view_get_property;
  object_class->set_property = sl_capture_view_set_property;

  properties[PROP_CAPTURE] =
    g_param_spec_object ("capture", NULL, NULL, SL_TYPE_CAPTURE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_PACKET] =
    g_param_spec_int ("selected-packet", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  sl_ui_register_resources ();
  g_type_ensure (SL_TYPE_CAPTURE_BANNER);
  g_type_ensure (SL_TYPE_PACKET_DETAILS);
  g_type_ensure (SL_TYPE_LADDER_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "captureview");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketlab/SocketLab/sl-capture-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCaptureView, main_box);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureView, start_button);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureView, interface_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureView, session_button);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureView, all_traffic_button);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureView, banner);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureView, packets_scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureView, packet_view);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureView, details);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureView, ladder_view);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureView, ladder_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureView, state_label);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureView, packets_label);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureView, dropped_label);
  gtk_widget_class_bind_template_callback (widget_class, on_interface_dropdown_selected_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_scope_button_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_ladder_view_selected_packet_changed);

  gtk_widget_class_install_action (widget_class, "capture.start", NULL, capture_action);
  gtk_widget_class_install_action (widget_class, "capture.stop", NULL, capture_action);
  gtk_widget_class_install_action (widget_class, "capture.clear", NULL, capture_action);
  gtk_widget_class_install_action (widget_class, "capture.save", NULL, capture_action);
  gtk_widget_class_install_action (widget_class, "capture.save-ladder", NULL, capture_action);
}

static void
sl_capture_view_init (SlCaptureView *self)
{
  GtkAdjustment *adj;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->follow = TRUE;
  self->linked = g_hash_table_new (NULL, NULL);
  self->bound_labels = g_hash_table_new (NULL, NULL);

  self->interfaces = gtk_string_list_new (NULL);
  fill_interfaces (self);
  gtk_drop_down_set_model (self->interface_dropdown, G_LIST_MODEL (self->interfaces));

  /* Translators: packet list column headings, as Wireshark has them */
  add_column (self, COLUMN_NUMBER, C_("packet column", "No."), 70);
  add_column (self, COLUMN_TIME, C_("packet column", "Time"), 110);
  add_column (self, COLUMN_SOURCE, C_("packet column", "Source"), 150);
  add_column (self, COLUMN_DESTINATION, C_("packet column", "Destination"), 150);
  add_column (self, COLUMN_PROTOCOL, C_("packet column", "Protocol"), 80);
  add_column (self, COLUMN_LENGTH, C_("packet column", "Length"), 70);
  add_column (self, COLUMN_INFO, C_("packet column", "Info"), -1);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->packet_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);

  adj = gtk_scrolled_window_get_vadjustment (self->packets_scrolled_window);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (on_vadjustment_value_changed), self, 0);
  g_signal_connect_object (adj, "changed", G_CALLBACK (queue_scroll_to_end), self, G_CONNECT_SWAPPED);

  gtk_widget_set_visible (GTK_WIDGET (self->details), FALSE);
  update_state (self);
}

GtkWidget *
sl_capture_view_new (SlCapture *capture)
{
  return g_object_new (SL_TYPE_CAPTURE_VIEW, "capture", capture, NULL);
}

void
sl_capture_view_set_capture (SlCaptureView *self,
                             SlCapture     *capture)
{
  g_return_if_fail (SL_IS_CAPTURE_VIEW (self));
  g_return_if_fail (capture == NULL || SL_IS_CAPTURE (capture));

  if (self->capture == capture)
    return;

  disconnect_capture (self);
  g_hash_table_remove_all (self->linked);

  if (capture != NULL)
    {
      GListModel *packets = sl_capture_get_packets (capture);

      self->capture = g_object_ref (capture);
      g_signal_connect_swapped (capture, "notify::state", G_CALLBACK (update_state), self);
      g_signal_connect_swapped (capture, "notify::n-packets", G_CALLBACK (update_state), self);
      g_signal_connect_swapped (capture, "notify::n-dropped", G_CALLBACK (update_state), self);
      g_signal_connect_swapped (capture, "notify::interface", G_CALLBACK (update_state), self);
      g_signal_connect_swapped (capture, "notify::interface", G_CALLBACK (update_interface), self);
      g_signal_connect_swapped (capture, "notify::all-traffic", G_CALLBACK (update_state), self);
      g_signal_connect_swapped (capture, "notify::filter", G_CALLBACK (update_state), self);
      g_signal_connect_swapped (capture, "notify::all-traffic", G_CALLBACK (update_scope), self);
      g_signal_connect_swapped (packets, "items-changed", G_CALLBACK (on_packets_items_changed), self);
      gtk_single_selection_set_model (self->selection, packets);
    }
  else
    {
      gtk_single_selection_set_model (self->selection, NULL);
    }

  sl_capture_banner_set_capture (self->banner, capture);
  sl_ladder_view_set_capture (self->ladder_view, capture);
  update_interface (self);
  update_scope (self);
  update_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURE]);
}

SlCapture *
sl_capture_view_get_capture (SlCaptureView *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE_VIEW (self), NULL);

  return self->capture;
}

void
sl_capture_view_set_event_logs (SlCaptureView *self,
                                GPtrArray     *logs)
{
  g_return_if_fail (SL_IS_CAPTURE_VIEW (self));

  sl_ladder_view_set_event_logs (self->ladder_view, logs);
}

int
sl_capture_view_get_selected_packet (SlCaptureView *self)
{
  guint selected;

  g_return_val_if_fail (SL_IS_CAPTURE_VIEW (self), -1);

  selected = gtk_single_selection_get_selected (self->selection);
  return selected == GTK_INVALID_LIST_POSITION ? -1 : (int) selected;
}

void
sl_capture_view_set_selected_packet (SlCaptureView *self,
                                     int            index)
{
  g_return_if_fail (SL_IS_CAPTURE_VIEW (self));

  if (index < 0)
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      return;
    }

  if ((guint) index >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return;

  /* Someone wants to look at this packet: stop following the newest */
  self->follow = FALSE;
  gtk_single_selection_set_selected (self->selection, (guint) index);
  scroll_to_packet (self, (guint) index);
}

void
sl_capture_view_link_packets (SlCaptureView *self,
                              GArray        *indices)
{
  GHashTableIter iter;
  gpointer label;
  guint i;

  g_return_if_fail (SL_IS_CAPTURE_VIEW (self));

  g_hash_table_remove_all (self->linked);
  for (i = 0; indices != NULL && i < indices->len; i++)
    {
      guint index = g_array_index (indices, guint, i);

      g_hash_table_add (self->linked, GUINT_TO_POINTER (index + 1));
    }

  g_hash_table_iter_init (&iter, self->bound_labels);
  while (g_hash_table_iter_next (&iter, &label, NULL))
    style_label (self, label);

  if (indices != NULL && indices->len > 0)
    {
      self->linking = TRUE;
      sl_capture_view_set_selected_packet (self, (int) g_array_index (indices, guint, 0));
      self->linking = FALSE;
    }
}

gboolean
sl_capture_view_is_packet_linked (SlCaptureView *self,
                                  guint          index)
{
  g_return_val_if_fail (SL_IS_CAPTURE_VIEW (self), FALSE);

  return g_hash_table_contains (self->linked, GUINT_TO_POINTER (index + 1));
}
