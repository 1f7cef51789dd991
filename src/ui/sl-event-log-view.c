/* sl-event-log-view.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Rows are recycled by the GtkListView, so a log of thousands of events
 * costs only the visible rows. Following the newest event is decided from
 * the scroll position before the list grows: if the user was at the end,
 * we stay at the end; if they scrolled up to read, we leave them there. */

#include "config.h"

#define G_LOG_DOMAIN "sl-event-log-view"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-event-log-view.h"
#include "sl-page.h"

struct _SlEventLogView
{
  GtkWidget parent_instance;

  GtkScrolledWindow *scrolled_window;
  GtkListView *list_view;

  GListModel *model;
  GtkSingleSelection *selection;
  gboolean follow;
  double last_value;
  guint scroll_tick_id;
};

G_DEFINE_FINAL_TYPE (SlEventLogView, sl_event_log_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SELECTED_EVENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_list_item_setup (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  GtkWidget *box, *time_label, *call_label, *summary_label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  time_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (time_label, "monospace");
  gtk_widget_add_css_class (time_label, "numeric");

  call_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (call_label, "monospace");
  gtk_label_set_width_chars (GTK_LABEL (call_label), 10);
  gtk_label_set_xalign (GTK_LABEL (call_label), 0.0);

  summary_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (summary_label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (summary_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (summary_label, TRUE);

  gtk_box_append (GTK_BOX (box), time_label);
  gtk_box_append (GTK_BOX (box), call_label);
  gtk_box_append (GTK_BOX (box), summary_label);
  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
on_list_item_bind (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  SlEvent *event = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *time_label = gtk_widget_get_first_child (box);
  GtkWidget *call_label = gtk_widget_get_next_sibling (time_label);
  GtkWidget *summary_label = gtk_widget_get_next_sibling (call_label);
  g_autofree char *time = sl_event_format_time (event);
  g_autofree char *summary = sl_event_dup_summary (event);
  const char *call = sl_event_get_call (event);
  const char *peer = sl_event_get_peer (event);
  g_autofree char *line = NULL;

  /* The summary can hold text a peer chose (an error message quoting it):
   * plain text only, never markup. */
  if (peer != NULL && *peer != '\0' && strstr (summary, peer) == NULL)
    /* Translators: an event log line: the summary of what happened, then the peer's address */
    line = g_strdup_printf (_("%s (%s)"), summary, peer);
  else
    line = g_steal_pointer (&summary);

  gtk_label_set_text (GTK_LABEL (time_label), time);
  gtk_label_set_text (GTK_LABEL (call_label), call ? call : "");
  gtk_label_set_text (GTK_LABEL (summary_label), line);
  gtk_widget_set_tooltip_text (summary_label, line);

  if (sl_event_get_kind (event) == SL_EVENT_ERROR)
    gtk_widget_add_css_class (box, "event-error");
  else
    gtk_widget_remove_css_class (box, "event-error");
}

static gboolean
scroll_to_end_tick (GtkWidget     *widget,
                    GdkFrameClock *frame_clock,
                    gpointer       user_data)
{
  SlEventLogView *self = SL_EVENT_LOG_VIEW (widget);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  self->scroll_tick_id = 0;
  if (self->follow)
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));

  return G_SOURCE_REMOVE;
}

/* After the next layout, when the list knows its new height */
static void
queue_scroll_to_end (SlEventLogView *self)
{
  if (self->follow && self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_end_tick, NULL, NULL);
}

static void
on_vadjustment_value_changed (GtkAdjustment  *adj,
                              SlEventLogView *self)
{
  double value = gtk_adjustment_get_value (adj);
  double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  /* Only moving up means the user wants to read; the list view itself
   * moves the value as rows come and go. A few pixels of slack. */
  if (value >= end - 4.0)
    self->follow = TRUE;
  else if (value < self->last_value - 1.0)
    self->follow = FALSE;

  self->last_value = value;
}

static void
on_vadjustment_changed (GtkAdjustment  *adj,
                        SlEventLogView *self)
{
  queue_scroll_to_end (self);
}

static void
on_model_items_changed (SlEventLogView *self)
{
  queue_scroll_to_end (self);
}

static void
on_selection_changed (SlEventLogView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_EVENT]);
}

static void
sl_event_log_view_dispose (GObject *object)
{
  SlEventLogView *self = SL_EVENT_LOG_VIEW (object);

  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }
  if (self->scrolled_window != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->scrolled_window));
      self->scrolled_window = NULL;
    }
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (sl_event_log_view_parent_class)->dispose (object);
}

static void
sl_event_log_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SlEventLogView *self = SL_EVENT_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_SELECTED_EVENT:
      g_value_set_object (value, sl_event_log_view_get_selected_event (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_event_log_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SlEventLogView *self = SL_EVENT_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      sl_event_log_view_set_model (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_EVENT:
      sl_event_log_view_set_selected_event (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_event_log_view_class_init (SlEventLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_event_log_view_dispose;
  object_class->get_property = sl_event_log_view_get_property;
  object_class->set_property = sl_event_log_view_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_EVENT] =
    g_param_spec_object ("selected-event", NULL, NULL, SL_TYPE_EVENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  sl_ui_register_resources ();

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "eventlogview");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketlab/SocketLab/sl-event-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlEventLogView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, SlEventLogView, list_view);
}

static void
sl_event_log_view_init (SlEventLogView *self)
{
  GtkListItemFactory *factory;
  GtkAdjustment *adj;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->follow = TRUE;
  /* Selecting an event shows the packets it caused in the capture view */
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_list_item_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_list_item_bind), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  adj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (on_vadjustment_value_changed), self, 0);
  g_signal_connect_object (adj, "changed", G_CALLBACK (on_vadjustment_changed), self, 0);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (on_model_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *
sl_event_log_view_new (void)
{
  return g_object_new (SL_TYPE_EVENT_LOG_VIEW, NULL);
}

void
sl_event_log_view_set_model (SlEventLogView *self,
                             GListModel     *events)
{
  g_return_if_fail (SL_IS_EVENT_LOG_VIEW (self));
  g_return_if_fail (events == NULL || G_IS_LIST_MODEL (events));

  if (!g_set_object (&self->model, events))
    return;

  gtk_single_selection_set_model (self->selection, events);
  self->follow = TRUE;
  queue_scroll_to_end (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
sl_event_log_view_get_model (SlEventLogView *self)
{
  g_return_val_if_fail (SL_IS_EVENT_LOG_VIEW (self), NULL);

  return self->model;
}

SlEvent *
sl_event_log_view_get_selected_event (SlEventLogView *self)
{
  g_return_val_if_fail (SL_IS_EVENT_LOG_VIEW (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

void
sl_event_log_view_set_selected_event (SlEventLogView *self,
                                      SlEvent        *event)
{
  guint i, n;

  g_return_if_fail (SL_IS_EVENT_LOG_VIEW (self));
  g_return_if_fail (event == NULL || SL_IS_EVENT (event));

  if (event == NULL || self->model == NULL)
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      return;
    }

  /* The log is bounded, so a linear search is too; newest first, as a
   * linked event is usually recent */
  n = g_list_model_get_n_items (self->model);
  for (i = n; i > 0; i--)
    {
      g_autoptr(SlEvent) item = g_list_model_get_item (self->model, i - 1);

      if (item == event)
        {
          /* Someone wants to read this line: stop following the newest */
          self->follow = FALSE;
          gtk_single_selection_set_selected (self->selection, i - 1);
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i - 1);
          return;
        }
    }
}
