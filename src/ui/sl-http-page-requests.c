/* sl-http-page-requests.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The HTTP page's request list and the bytes of the selected request.
 *
 * The list shows the newest requests of the page's SlEventLog (the
 * events that carry an SlHttpExchange), at most SL_HTTP_PAGE_MAX_ROWS of
 * them. It takes what is new from the log ten times a second (four under
 * a benchmark's flood). Its rows are made once: when the list is full,
 * each row is told the request it now shows and its cells change their
 * text, so GTK creates and destroys no row widget, which under tens of
 * thousands of requests a second was most of the main thread and came
 * straight off the server's throughput on a two-core computer. While the
 * student reads (a request selected, or the list scrolled up from its
 * end) the rows keep their requests, a line under the list says how many
 * newer ones wait, and Show Newest goes back to following them. */

#include "config.h"

#define G_LOG_DOMAIN "sl-http-page"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-format.h"
#include "sl-http-page-private.h"
#include "sl-http-page-row.h"
#include "sl-payload.h"

typedef enum
{
  COLUMN_TIME,
  COLUMN_CLIENT,
  COLUMN_METHOD,
  COLUMN_PATH,
  COLUMN_STATUS,
  COLUMN_BYTES,
  COLUMN_DURATION,
} Column;

#define FOLLOW_INTERVAL_US (100 * 1000)

static SlHttpExchange *
event_get_exchange (SlEvent *event)
{
  return sl_event_get_detail (event);
}

/* Following the newest request: as in the capture view, at most ten
 * scrolls a second, and only while the user has not scrolled up or
 * picked a request to read. */

static gboolean
scroll_to_end_tick (GtkWidget     *widget,
                    GdkFrameClock *frame_clock,
                    gpointer       user_data)
{
  SlHttpPage *self = SL_HTTP_PAGE (widget);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->requests_scrolled_window);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);

  if (now - self->last_follow_us < FOLLOW_INTERVAL_US)
    return G_SOURCE_CONTINUE;

  self->scroll_tick_id = 0;
  self->last_follow_us = now;
  if (self->follow)
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));

  return G_SOURCE_REMOVE;
}

static void
queue_scroll_to_end (SlHttpPage *self)
{
  if (self->follow && self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_end_tick, NULL, NULL);
}

/* The list pauses (its rows keep their requests) while the student reads:
 * a request is selected, or the list is scrolled up from its end. */
static gboolean
is_paused (SlHttpPage *self)
{
  return !self->follow ||
         gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION;
}

static guint64
count_not_shown (SlHttpPage *self)
{
  GListModel *rows = G_LIST_MODEL (self->requests);
  guint n_rows = g_list_model_get_n_items (rows);
  g_autoptr(SlHttpPageRow) last = NULL;
  guint64 shown_end;

  if (n_rows == 0)
    return self->n_requests;

  last = g_list_model_get_item (rows, n_rows - 1);
  shown_end = sl_http_page_row_get_index (last) + 1;
  return self->n_requests > shown_end ? self->n_requests - shown_end : 0;
}

/* Under the list: why it does not move, or why it moves in steps */
static void
update_list_status (SlHttpPage *self)
{
  guint64 not_shown = count_not_shown (self);
  g_autofree char *text = NULL;

  if (is_paused (self) && not_shown > 0)
    {
      g_autofree char *count = sl_format_count (not_shown);

      /* Translators: under the request list while the student reads it;
       * %s is a number such as "1,234" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Paused while you read: %s newer request is not in the list yet.",
                                           "Paused while you read: %s newer requests are not in the list yet.",
                                           (gulong) MIN (not_shown, G_MAXULONG)),
                              count);
    }
  else if (!is_paused (self) && self->busy)
    {
      g_autofree char *rate = NULL;
      guint64 rounded;

      /* Two significant digits: a figure that can be read while it changes */
      rounded = (guint64) (self->request_rate + 0.5);
      if (rounded >= 1000)
        rounded = (rounded + 50) / 100 * 100;
      else
        rounded = (rounded + 5) / 10 * 10;
      rate = sl_format_count (rounded);
      /* Translators: under the request list while a client such as a
       * benchmark sends many requests; %s is a number such as "9,000" */
      text = g_strdup_printf (_("About %s requests a second: the list shows the newest of them, a few times a second."),
                              rate);
    }

  if (text != NULL)
    gtk_label_set_text (self->list_status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->newest_button), is_paused (self) && not_shown > 0);
  gtk_widget_set_visible (self->list_status_box, text != NULL);
}

static void
append_rows (SlHttpPage *self,
             guint       from,
             guint       to)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint64 first = self->n_requests - self->newest->len;
  guint i;

  for (i = from; i < to; i++)
    g_ptr_array_add (rows, sl_http_page_row_new (g_ptr_array_index (self->newest, i), first + i));

  if (rows->len > 0)
    g_list_store_splice (self->requests,
                         g_list_model_get_n_items (G_LIST_MODEL (self->requests)), 0,
                         rows->pdata, rows->len);
}

/* While the list follows the newest request, the rows that can be on
 * screen: those at the end, as many as fit twice in the view, and some
 * more. GTK keeps about 200 rows built around them; their labels would
 * all be measured again for every change of text, for nothing, since
 * nobody sees them until the list is scrolled up, which pauses it and
 * brings them up to date first. */
static guint
count_live_rows (SlHttpPage *self,
                 guint       n_rows)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->requests_scrolled_window);
  double upper = gtk_adjustment_get_upper (adj);
  double page = gtk_adjustment_get_page_size (adj);
  double visible;

  if (n_rows == 0 || upper <= 0.0 || page <= 0.0)
    return n_rows;

  visible = page / (upper / n_rows);
  return (guint) MIN ((double) n_rows, 2.0 * visible + 16.0);
}

static void
refresh_rows (SlHttpPage *self)
{
  GListModel *rows = G_LIST_MODEL (self->requests);
  guint i, n_rows = g_list_model_get_n_items (rows);

  for (i = 0; i < n_rows; i++)
    {
      g_autoptr(SlHttpPageRow) row = g_list_model_get_item (rows, i);

      sl_http_page_row_refresh (row);
    }
}

/* Brings the rows up to date with @newest. In steady state under load
 * this only tells the existing rows which requests they now show: no
 * items-changed, so no row widget is created or destroyed. */
static void
update_rows (SlHttpPage *self)
{
  GListModel *rows = G_LIST_MODEL (self->requests);
  guint n_rows = g_list_model_get_n_items (rows);
  guint64 first = self->n_requests - self->newest->len;
  guint i;

  if (!is_paused (self))
    {
      guint live_from = n_rows - count_live_rows (self, n_rows);

      for (i = 0; i < n_rows && i < self->newest->len; i++)
        {
          g_autoptr(SlHttpPageRow) row = g_list_model_get_item (rows, i);

          sl_http_page_row_set_event (row, g_ptr_array_index (self->newest, i), first + i,
                                      i >= live_from);
        }
      if (n_rows > self->newest->len)
        g_list_store_splice (self->requests, self->newest->len, n_rows - self->newest->len, NULL, 0);
      else
        append_rows (self, n_rows, self->newest->len);
    }
  else
    {
      /* Paused: what is shown stays (the rows that were not told their
       * requests yet are, now that the student may scroll to them), but
       * a list that is not full yet grows with the requests right after
       * its last one, as a list would that only ever appends */
      g_autoptr(SlHttpPageRow) last = n_rows > 0 ? g_list_model_get_item (rows, n_rows - 1) : NULL;
      guint64 next = last != NULL ? sl_http_page_row_get_index (last) + 1 : 0;

      refresh_rows (self);
      if (n_rows < SL_HTTP_PAGE_MAX_ROWS && next >= first && next < self->n_requests)
        append_rows (self, (guint) (next - first),
                     (guint) MIN (self->newest->len, next - first + SL_HTTP_PAGE_MAX_ROWS - n_rows));
    }

  update_list_status (self);
}

/* The adjustments change while GTK lays the list out, when changing
 * the text of a label (or adding rows) would leave it without a size
 * when it is drawn: the rows are brought up to date just after */
static gboolean
update_rows_cb (gpointer user_data)
{
  SlHttpPage *self = user_data;

  self->update_rows_id = 0;
  refresh_rows (self);
  update_rows (self);

  return G_SOURCE_REMOVE;
}

static void
queue_update_rows (SlHttpPage *self)
{
  if (self->update_rows_id == 0)
    self->update_rows_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, update_rows_cb, self, NULL);
}

static void
on_vadjustment_value_changed (GtkAdjustment *adj,
                              SlHttpPage    *self)
{
  double value = gtk_adjustment_get_value (adj);
  double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
  gboolean follow = self->follow;

  /* Only moving up means the user wants to read */
  if (value >= end - 4.0)
    follow = TRUE;
  else if (value < self->last_value - 1.0)
    follow = FALSE;

  self->last_value = value;
  if (follow != self->follow)
    {
      self->follow = follow;
      queue_update_rows (self);
    }
}

static void
on_selected_item_changed (SlHttpPage *self)
{
  SlHttpPageRow *row = gtk_single_selection_get_selected_item (self->selection);

  if (row == NULL)
    {
      /* Unselected at the end of the list: follow again. The details
       * stay: the student was reading them. */
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->requests_scrolled_window);

      if (gtk_adjustment_get_value (adj) >= gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 4.0)
        self->follow = TRUE;
      update_rows (self);
      return;
    }

  /* The list is paused while a request is selected, so this row keeps
   * the request that the student picked */
  self->follow = FALSE;
  update_list_status (self);
  /* and the rows the student may scroll to next show their requests */
  queue_update_rows (self);
  if (sl_http_page_row_get_event (row) != self->shown)
    sl_http_page_show_request (self, sl_http_page_row_get_event (row));
}

static void
on_requests_items_changed (SlHttpPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->no_requests_label),
                          g_list_model_get_n_items (G_LIST_MODEL (self->requests)) == 0);
}

/* Taking the new requests from the log */

#define SYNC_INTERVAL_US (100 * 1000)
/* While more requests arrive than the list keeps rows for (GTK builds
 * about 200), nobody can read them as they pass: the list moves four
 * times a second, and leaves the CPU to the server */
#define BUSY_SYNC_INTERVAL_US (250 * 1000)
#define BUSY_RATE 1000.0
#define CALM_RATE 500.0

static gboolean
is_request (SlEvent *event)
{
  return sl_event_get_kind (event) == SL_EVENT_RECEIVED && sl_event_get_detail (event) != NULL;
}

static gboolean sync_requests_cb (gpointer user_data);

static void
sync_requests (SlHttpPage *self)
{
  GListModel *log = G_LIST_MODEL (self->log);
  guint n_log = g_list_model_get_n_items (log);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = g_get_monotonic_time ();
  guint start, i, n_new = 0, excess;

  g_clear_handle_id (&self->sync_source_id, g_source_remove);

  /* What the log appended since the last time, newest first: only the
   * newest SL_HTTP_PAGE_MAX_ROWS requests are kept, the others counted */
  start = self->log_synced_end > self->log_base ? (guint) MIN (self->log_synced_end - self->log_base, n_log) : 0;
  for (i = n_log; i > start; i--)
    {
      SlEvent *event = g_list_model_get_item (log, i - 1);

      if (is_request (event))
        {
          n_new++;
          if (found->len < SL_HTTP_PAGE_MAX_ROWS)
            {
              g_ptr_array_add (found, event);
              continue;
            }
        }
      g_object_unref (event);
    }
  self->log_synced_end = self->log_base + n_log;

  self->n_requests += n_new;
  for (i = found->len; i > 0; i--)
    g_ptr_array_add (self->newest, g_object_ref (g_ptr_array_index (found, i - 1)));
  excess = self->newest->len > SL_HTTP_PAGE_MAX_ROWS ? self->newest->len - SL_HTTP_PAGE_MAX_ROWS : 0;
  if (excess > 0)
    g_ptr_array_remove_range (self->newest, 0, excess);

  if (self->last_sync_us != 0 && now > self->last_sync_us)
    self->request_rate = n_new * (double) G_USEC_PER_SEC / (now - self->last_sync_us);
  if (self->request_rate >= BUSY_RATE)
    self->busy = TRUE;
  else if (self->request_rate < CALM_RATE)
    self->busy = FALSE;
  self->last_sync_us = now;

  g_debug ("sync: log %u events from %" G_GUINT64_FORMAT ", %u new requests, %.0f/s",
           n_log, self->log_base, n_new, self->request_rate);

  update_rows (self);

  /* Once the flood stops, no new event calls for a sync: one more tells
   * that it is calm again */
  if (self->busy)
    self->sync_source_id = g_timeout_add (BUSY_SYNC_INTERVAL_US / 1000, sync_requests_cb, self);
}

static gboolean
sync_requests_cb (gpointer user_data)
{
  SlHttpPage *self = user_data;

  self->sync_source_id = 0;
  sync_requests (self);

  return G_SOURCE_REMOVE;
}

static void
on_log_items_changed (GListModel *log,
                      guint       position,
                      guint       removed,
                      guint       added,
                      SlHttpPage *self)
{
  gint64 interval_us = self->busy ? BUSY_SYNC_INTERVAL_US : SYNC_INTERVAL_US;
  gint64 wait_us;

  if (position == 0 && added == 0)
    {
      /* The oldest events dropped, or all of them (Clear) */
      self->log_base += removed;
    }
  else if (removed != 0 || position + added != g_list_model_get_n_items (log))
    {
      /* Not the log's way of changing: number the log anew after
       * everything taken so far, so that the next sync takes the whole
       * log again */
      self->log_base = MAX (self->log_base, self->log_synced_end);
      self->log_synced_end = self->log_base;
    }

  if (self->sync_source_id != 0 || added == 0)
    return;

  wait_us = interval_us - (g_get_monotonic_time () - self->last_sync_us);
  self->sync_source_id = g_timeout_add (wait_us > 0 ? (guint) (wait_us / 1000) : 0,
                                        sync_requests_cb, self);
}

/* Request list cells: a label that follows its row, and changes its
 * text only when the text changes (most columns of a benchmark's
 * requests stay the same from one request to the next) */

static void
update_cell (GtkLabel *label,
             SlEvent  *event)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "sl-column"));
  SlHttpExchange *exchange;
  g_autofree char *text = NULL;

  if (event == NULL)
    {
      gtk_label_set_text (label, "");
      return;
    }

  exchange = event_get_exchange (event);
  switch (column)
    {
    case COLUMN_TIME:
      text = sl_event_format_time (event);
      break;
    case COLUMN_CLIENT:
      text = g_strdup (sl_event_get_peer (event) ? sl_event_get_peer (event) : "");
      break;
    case COLUMN_METHOD:
      text = exchange->method[0] != '\0'
             ? sl_payload_escape ((const guint8 *) exchange->method, strlen (exchange->method))
             : g_strdup ("—");
      break;
    case COLUMN_PATH:
      text = sl_payload_escape ((const guint8 *) exchange->target, strlen (exchange->target));
      break;
    case COLUMN_STATUS:
      text = g_strdup_printf ("%u %s", exchange->status, exchange->reason ? exchange->reason : "");
      if (exchange->status >= 400)
        gtk_widget_add_css_class (GTK_WIDGET (label), "event-error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (label), "event-error");
      break;
    case COLUMN_BYTES:
      text = sl_format_count (exchange->body_bytes);
      break;
    case COLUMN_DURATION:
      {
        char number[32];

        g_snprintf (number, sizeof number, "%.2f", exchange->duration_us / 1000.0);
        /* Translators: a duration in milliseconds, e.g. "0.42 ms" */
        text = g_strdup_printf (_("%s ms"), number);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  /* An unchanged text would still be measured again */
  if (g_strcmp0 (gtk_label_get_label (label), text) != 0)
    gtk_label_set_text (label, text);
}

static void
on_row_event_changed (SlHttpPageRow *row,
                      GParamSpec       *pspec,
                      GtkLabel         *label)
{
  update_cell (label, sl_http_page_row_get_event (row));
}

static void
on_cell_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  g_object_set_data (G_OBJECT (label), "sl-column", user_data);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), column == COLUMN_PATH ? PANGO_ELLIPSIZE_MIDDLE : PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label),
                        column == COLUMN_BYTES || column == COLUMN_DURATION ? 1.0 : 0.0);
  if (column == COLUMN_PATH)
    gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (list_item, label);
}

static void
on_cell_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  SlHttpPageRow *row = gtk_list_item_get_item (list_item);

  update_cell (label, sl_http_page_row_get_event (row));
  g_signal_connect_object (row, "notify::event", G_CALLBACK (on_row_event_changed), label, 0);
}

static void
on_cell_unbind (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  SlHttpPageRow *row = gtk_list_item_get_item (list_item);

  if (row != NULL && label != NULL)
    g_signal_handlers_disconnect_by_func (row, on_row_event_changed, label);
}

static GtkColumnViewColumn *
add_column (SlHttpPage *self,
            Column      column,
            const char *title,
            int         fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind), GINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (on_cell_unbind), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (fixed_width > 0)
    {
      gtk_column_view_column_set_fixed_width (view_column, fixed_width);
      self->fixed_columns_width += fixed_width;
    }
  gtk_column_view_column_set_expand (view_column, column == COLUMN_PATH);
  gtk_column_view_append_column (self->requests_view, view_column);
  g_object_unref (view_column);

  return view_column;
}

/* On a narrow window (1024 pixels, a projector) the path matters more
 * than the time and the duration: they make room for it. Hidden columns
 * are taken out of the view, since GTK 4.8 still keeps the width of an
 * invisible column free. */
#define PATH_MIN_WIDTH 110

static void
show_column (SlHttpPage          *self,
             GtkColumnViewColumn *column,
             guint                position,
             gboolean             show)
{
  gboolean shown = gtk_column_view_column_get_column_view (column) != NULL;

  if (show && !shown)
    gtk_column_view_insert_column (self->requests_view, position, column);
  else if (!show && shown)
    gtk_column_view_remove_column (self->requests_view, column);
}

static gboolean
update_column_visibility_tick (GtkWidget     *widget,
                               GdkFrameClock *frame_clock,
                               gpointer       user_data);

static void
queue_column_visibility (SlHttpPage *self)
{
  /* The width changes while the view is being allocated, when columns
   * must not come and go: on the next frame */
  if (self->columns_tick_id == 0)
    self->columns_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self),
                                                          update_column_visibility_tick,
                                                          NULL, NULL);
}

static void
update_column_visibility (SlHttpPage *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_hadjustment (self->requests_scrolled_window);
  double width = gtk_adjustment_get_page_size (adj);
  int all = self->fixed_columns_width;
  int time_width = gtk_column_view_column_get_fixed_width (self->time_column);

  if (width <= 0)
    return;

  show_column (self, self->time_column, 0, width >= all + PATH_MIN_WIDTH);
  show_column (self, self->duration_column,
               g_list_model_get_n_items (gtk_column_view_get_columns (self->requests_view)),
               width >= all - time_width + PATH_MIN_WIDTH);
}

static gboolean
update_column_visibility_tick (GtkWidget     *widget,
                               GdkFrameClock *frame_clock,
                               gpointer       user_data)
{
  SlHttpPage *self = SL_HTTP_PAGE (widget);

  self->columns_tick_id = 0;
  update_column_visibility (self);

  return G_SOURCE_REMOVE;
}

void
sl_http_page_requests_init (SlHttpPage *self)
{
  GtkAdjustment *adj;

  self->follow = TRUE;

  /* Translators: request list column headings */
  self->time_column = add_column (self, COLUMN_TIME, C_("request column", "Time"), 96);
  add_column (self, COLUMN_CLIENT, C_("request column", "Client"), 124);
  add_column (self, COLUMN_METHOD, C_("request column", "Method"), 66);
  add_column (self, COLUMN_PATH, C_("request column", "Path"), -1);
  add_column (self, COLUMN_STATUS, C_("request column", "Status"), 124);
  add_column (self, COLUMN_BYTES, C_("request column", "Bytes"), 70);
  self->duration_column = add_column (self, COLUMN_DURATION, C_("request column", "Duration"), 76);
  /* These two leave the view on a narrow window */
  g_object_ref (self->time_column);
  g_object_ref (self->duration_column);

  self->requests = g_list_store_new (SL_TYPE_HTTP_PAGE_ROW);
  self->newest = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_object (self->log, "items-changed",
                           G_CALLBACK (on_log_items_changed), self, 0);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->requests)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->requests_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_item_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->requests, "items-changed",
                           G_CALLBACK (on_requests_items_changed), self, G_CONNECT_SWAPPED);

  adj = gtk_scrolled_window_get_vadjustment (self->requests_scrolled_window);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (on_vadjustment_value_changed), self, 0);
  g_signal_connect_object (adj, "changed", G_CALLBACK (queue_scroll_to_end), self, G_CONNECT_SWAPPED);
  /* A taller view shows rows that were not kept up to date */
  g_signal_connect_object (adj, "notify::page-size", G_CALLBACK (queue_update_rows), self, G_CONNECT_SWAPPED);
  adj = gtk_scrolled_window_get_hadjustment (self->requests_scrolled_window);
  g_signal_connect_object (adj, "notify::page-size", G_CALLBACK (queue_column_visibility), self, G_CONNECT_SWAPPED);

  sl_http_page_details_init (self);

  on_requests_items_changed (self);
  sl_http_page_show_request (self, NULL);
  update_list_status (self);
}

void
sl_http_page_requests_dispose (SlHttpPage *self)
{
  g_clear_handle_id (&self->sync_source_id, g_source_remove);
  g_clear_handle_id (&self->update_rows_id, g_source_remove);
  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }
  if (self->columns_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->columns_tick_id);
      self->columns_tick_id = 0;
    }
  if (self->log != NULL)
    g_signal_handlers_disconnect_by_func (self->log, on_log_items_changed, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, on_selected_item_changed, self);

  g_clear_object (&self->shown);
  g_clear_object (&self->time_column);
  g_clear_object (&self->duration_column);
  g_clear_object (&self->selection);
  g_clear_object (&self->requests);
  g_clear_pointer (&self->newest, g_ptr_array_unref);
}

void
sl_http_page_requests_clear (SlHttpPage *self)
{
  sl_event_log_clear (self->log);
  g_ptr_array_set_size (self->newest, 0);
  self->n_requests = 0;
  self->follow = TRUE;
  g_list_store_remove_all (self->requests);
  sync_requests (self);
  sl_http_page_show_request (self, NULL);
}

void
sl_http_page_requests_show_newest (SlHttpPage *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->requests_scrolled_window);

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->follow = TRUE;
  update_rows (self);
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  queue_scroll_to_end (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->requests_view));
}
