/* sl-udp-page-datagrams.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The UDP page's list of received datagrams (time, source, length) and
 * the view of the selected one as text, hex or struct. The list is a copy
 * of the log's RECEIVED events that is brought up to date at most every
 * SYNC_INTERVAL_MS, and its selection follows the newest datagram until
 * the user selects an older one. Main thread only. */

#include "config.h"

#define G_LOG_DOMAIN "sl-udp-page"

#include <glib/gi18n.h>

#include "sl-format.h"
#include "sl-udp-page-private.h"

/* While datagrams stream in, the list of datagrams (and with it the
 * selection and the datagram view) takes the log's new events at most this
 * often: updating rows every frame would take the CPU that the network
 * thread needs to answer the datagrams. */
#define SYNC_INTERVAL_MS 200

enum {
  COLUMN_TIME,
  COLUMN_SOURCE,
  COLUMN_LENGTH,
};

/* The selected datagram, shown as text, hex or struct */

static void
update_detail (SlUdpPage *self)
{
  SlEvent *event = gtk_single_selection_get_selected_item (self->selection);
  GListModel *store = G_LIST_MODEL (self->detail_store);
  g_autoptr(SlEvent) shown = g_list_model_get_n_items (store) > 0 ? g_list_model_get_item (store, 0) : NULL;
  g_autofree char *heading = NULL;

  /* published events do not change: the same event needs no new render */
  if (event != shown)
    {
      if (event != NULL)
        g_list_store_splice (self->detail_store, 0, g_list_model_get_n_items (store),
                             (gpointer *) &event, 1);
      else
        g_list_store_remove_all (self->detail_store);
    }

  if (event == NULL)
    {
      gtk_label_set_text (self->detail_heading, _("The selected datagram is shown here."));
      return;
    }

  {
    g_autofree char *time = sl_event_format_time (event);
    const char *peer = sl_event_get_peer (event);
    guint ops = sl_event_get_op_count (event);

    if (ops > 1)
      /* Translators: "12 datagrams from 127.0.0.1:40000, the last at
       * 12:00:01.250"; datagrams that arrive faster than the screen can
       * show them are merged into one row */
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u datagram from %s, the last at %s",
                                              "%u datagrams from %s, the last at %s",
                                              ops),
                                 ops, peer != NULL ? peer : "", time);
    else
      /* Translators: "Datagram from 127.0.0.1:40000 at 12:00:01.250" */
      heading = g_strdup_printf (_("Datagram from %s at %s"), peer != NULL ? peer : "", time);
    gtk_label_set_text (self->detail_heading, heading);
  }
}

/* The received datagrams' list follows the newest one unless the user
 * scrolled up or selected an older one. */

static gboolean
scroll_to_end_tick (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  SlUdpPage *self = SL_UDP_PAGE (widget);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->datagrams_scroller);

  self->scroll_tick_id = 0;
  if (self->follow)
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  return G_SOURCE_REMOVE;
}

static void
queue_scroll_to_end (SlUdpPage *self)
{
  self->scroll_requested = TRUE;
  if (self->follow && self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_end_tick, NULL, NULL);
}

/* New rows change the list's height only after the layout that follows
 * the tick: scroll again then */
static void
on_vadjustment_changed (SlUdpPage     *self,
                        GtkAdjustment *adj)
{
  if (self->scroll_requested && self->follow && self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_end_tick, NULL, NULL);
}

static void
on_vadjustment_value_changed (SlUdpPage     *self,
                              GtkAdjustment *adj)
{
  double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  self->follow = gtk_adjustment_get_value (adj) >= end - 4.0;
}

static void
follow_newest (SlUdpPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->received_store));

  if (n == 0)
    return;

  self->moving = TRUE;
  gtk_single_selection_set_selected (self->selection, n - 1);
  self->moving = FALSE;
  self->followed = gtk_single_selection_get_selected_item (self->selection);
  update_detail (self);
  queue_scroll_to_end (self);
}

/* The store follows received_model. The log only appends at its end and
 * drops its oldest events, so the store is brought up to date by dropping
 * as many from its front and appending the newest; anything else (Clear)
 * copies the whole list. */
static void
sync_received (SlUdpPage *self)
{
  GListModel *source = G_LIST_MODEL (self->received_model);
  guint n_source = g_list_model_get_n_items (source);
  guint n_store = g_list_model_get_n_items (G_LIST_MODEL (self->received_store));
  guint i;

  if (self->pending_resync || self->pending_removed > n_store ||
      n_store - self->pending_removed + self->pending_added != n_source)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (i = 0; i < n_source; i++)
        g_ptr_array_add (items, g_list_model_get_item (source, i));
      g_list_store_splice (self->received_store, 0, n_store, items->pdata, items->len);
    }
  else
    {
      if (self->pending_removed > 0)
        g_list_store_splice (self->received_store, 0, self->pending_removed, NULL, 0);
      if (self->pending_added > 0)
        {
          g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

          for (i = n_source - self->pending_added; i < n_source; i++)
            g_ptr_array_add (items, g_list_model_get_item (source, i));
          g_list_store_splice (self->received_store, n_store - self->pending_removed, 0,
                               items->pdata, items->len);
        }
    }

  self->pending_added = self->pending_removed = 0;
  self->pending_resync = FALSE;
}

static gboolean
sync_timeout_cb (gpointer user_data)
{
  SlUdpPage *self = user_data;

  if (self->pending_added == 0 && self->pending_removed == 0 && !self->pending_resync)
    {
      self->sync_source = 0;
      self->scroll_requested = FALSE;
      return G_SOURCE_REMOVE;
    }

  sync_received (self);
  return G_SOURCE_CONTINUE;
}

static void
on_received_model_changed (SlUdpPage  *self,
                           guint       position,
                           guint       removed,
                           guint       added,
                           GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  if (removed == 0 && position + added == n)
    self->pending_added += added;
  else if (position == 0 && added == 0)
    self->pending_removed += removed;
  else
    self->pending_resync = TRUE;

  /* The first datagram after a quiet moment shows at once */
  if (self->sync_source == 0)
    {
      sync_received (self);
      self->sync_source = g_timeout_add (SYNC_INTERVAL_MS, sync_timeout_cb, self);
    }
}

static void
on_received_items_changed (SlUdpPage  *self,
                           guint       position,
                           guint       removed,
                           guint       added,
                           GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  gtk_widget_set_visible (GTK_WIDGET (self->no_datagrams_label), n == 0);

  if (added > 0 && self->following)
    follow_newest (self);
}

/* Selecting an older datagram stops following; selecting the newest, or
 * nothing, follows again */
static void
on_selection_changed (SlUdpPage *self)
{
  SlEvent *item = gtk_single_selection_get_selected_item (self->selection);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->received_store));

  if (!self->moving)
    self->following = item == NULL || (gpointer) item == self->followed ||
                      gtk_single_selection_get_selected (self->selection) + 1 == n;
  update_detail (self);
}

static gboolean
received_filter_func (gpointer item,
                      gpointer user_data)
{
  return sl_event_get_kind (item) == SL_EVENT_RECEIVED;
}

/* "64" for one datagram; "6,400 in 100" when fast ones were merged */
static char *
format_length (SlEvent *event)
{
  g_autofree char *bytes = sl_format_count (sl_event_get_byte_count (event));
  guint ops = sl_event_get_op_count (event);

  if (ops <= 1)
    return g_steal_pointer (&bytes);

  /* Translators: the length column of merged datagrams: "6,400 bytes in 100
   * datagrams"; %s is a byte count, already formatted */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s bytes in %u datagram",
                                       "%s bytes in %u datagrams",
                                       ops),
                          bytes, ops);
}

static void
on_cell_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (column) == COLUMN_LENGTH ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (GPOINTER_TO_INT (column) != COLUMN_LENGTH)
    gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (list_item, label);
}

static void
on_cell_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  column)
{
  SlEvent *event = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  g_autofree char *text = NULL;

  switch (GPOINTER_TO_INT (column))
    {
    case COLUMN_TIME:
      text = sl_event_format_time (event);
      break;

    case COLUMN_SOURCE:
      text = g_strdup (sl_event_get_peer (event) != NULL ? sl_event_get_peer (event) : "");
      break;

    case COLUMN_LENGTH:
    default:
      text = format_length (event);
      break;
    }

  gtk_label_set_text (label, text);
}

static void
add_column (SlUdpPage  *self,
            const char *title,
            int         column,
            gboolean    expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->datagrams_view, view_column);
  g_object_unref (view_column);
}

void
sl_udp_page_datagrams_init (SlUdpPage *self)
{
  GtkAdjustment *adj;

  self->follow = TRUE;
  self->following = TRUE;

  /* The received datagrams: the RECEIVED events of the log */
  self->received_filter = gtk_custom_filter_new (received_filter_func, NULL, NULL);
  self->received_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->log)),
                                                    g_object_ref (GTK_FILTER (self->received_filter)));
  gtk_filter_list_model_set_incremental (self->received_model, FALSE);
  self->received_store = g_list_store_new (SL_TYPE_EVENT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->received_store)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  add_column (self, C_("datagram column", "Time"), COLUMN_TIME, FALSE);
  /* Translators: the column of the source address:port of a datagram */
  add_column (self, C_("datagram column", "From"), COLUMN_SOURCE, TRUE);
  add_column (self, C_("datagram column", "Length"), COLUMN_LENGTH, FALSE);
  gtk_column_view_set_model (self->datagrams_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->received_model, "items-changed",
                           G_CALLBACK (on_received_model_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->received_store, "items-changed",
                           G_CALLBACK (on_received_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  adj = gtk_scrolled_window_get_vadjustment (self->datagrams_scroller);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (on_vadjustment_value_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "changed", G_CALLBACK (on_vadjustment_changed),
                           self, G_CONNECT_SWAPPED);

  self->detail_store = g_list_store_new (SL_TYPE_EVENT);
  sl_transcript_view_set_model (self->detail_view, G_LIST_MODEL (self->detail_store));

  gtk_widget_set_visible (GTK_WIDGET (self->no_datagrams_label), TRUE);
  update_detail (self);
}

void
sl_udp_page_datagrams_stop (SlUdpPage *self)
{
  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }
  g_clear_handle_id (&self->sync_source, g_source_remove);
}

void
sl_udp_page_datagrams_clear (SlUdpPage *self)
{
  g_clear_object (&self->selection);
  g_clear_object (&self->received_store);
  g_clear_object (&self->received_model);
  g_clear_object (&self->received_filter);
  g_clear_object (&self->detail_store);
}
