/* sl-ladder-view.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The widget half of the ladder diagram: which stream, which segments, the
 * selection, the keyboard and the scrolling (it is a GtkScrollable, so it
 * draws only the rows in view, whatever the stream's length). The picture
 * itself is drawn by sl-ladder-draw.c into any cairo context: the widget's
 * snapshot, a PNG or an SVG. Main thread only. */

#include "config.h"

#define G_LOG_DOMAIN "sl-ladder-view"

#include <glib/gi18n.h>

#include "sl-call-link.h"
#include "sl-ladder-draw.h"
#include "sl-ladder-view.h"
#include "sl-payload.h"

/* Refreshing at most this often while packets arrive */
#define REFRESH_MS 100

struct _SlLadderView
{
  GtkWidget parent_instance;

  SlCapture *capture;
  GPtrArray *logs;            /* SlEventLog, owned */
  int stream;
  int selected;               /* packet index or -1 */

  SlLadder ladder;            /* what is drawn */
  guint n_indexed;            /* the stream's packets when rows were built */
  gboolean logs_dirty;
  guint refresh_id;

  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  guint hscroll_policy : 1;
  guint vscroll_policy : 1;
};

enum
{
  PROP_0,
  PROP_CAPTURE,
  PROP_STREAM,
  PROP_SELECTED_PACKET,
  N_PROPS,
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE_WITH_CODE (SlLadderView, sl_ladder_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static void refresh (SlLadderView *self);

/* ---- building the rows --------------------------------------------------- */

/* send("hello") with the bytes escaped (never markup) and cut short */
static char *
describe_call (SlEvent *event)
{
  g_autoptr(GBytes) data = NULL;
  g_autofree char *escaped = NULL;
  GString *text;
  const guint8 *bytes;
  gsize len, keep;
  guint ops;

  switch (sl_event_get_kind (event))
    {
    case SL_EVENT_PEER_CLOSED:
      return g_strdup ("recv() = 0");
    case SL_EVENT_SENT:
      break;
    default:
      return g_strdup (sl_event_get_call (event));
    }

  data = sl_event_get_data (event);
  bytes = data ? g_bytes_get_data (data, &len) : NULL;
  if (bytes == NULL)
    len = 0;

  /* whole UTF-8 characters only */
  keep = MIN (len, SL_LADDER_PREVIEW_BYTES);
  while (keep > 0 && keep < len && (bytes[keep] & 0xc0) == 0x80)
    keep--;

  escaped = sl_payload_escape (bytes, keep);
  text = g_string_new ("send(\"");
  for (const char *p = escaped; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (text, '\\');
      g_string_append_c (text, *p);
    }
  if (keep < sl_event_get_byte_count (event))
    g_string_append (text, "…");
  g_string_append (text, "\")");

  ops = sl_event_get_op_count (event);
  if (ops > 1)
    g_string_append_printf (text, " ×%u", ops);

  return g_string_free (text, FALSE);
}

/* Whose call it was: connect() is the client's, accept() the server's,
 * send() and close() the sender's, recv() = 0 the receiver's. */
static gboolean
note_on_client (SlEvent           *event,
                const SlLadderRow *row)
{
  switch (sl_event_get_kind (event))
    {
    case SL_EVENT_CONNECTING:
    case SL_EVENT_CONNECTED:
      return TRUE;
    case SL_EVENT_ACCEPTED:
      return FALSE;
    case SL_EVENT_PEER_CLOSED:
      return !row->from_client;
    default:
      return row->from_client;
    }
}

static void
update_accessible (SlLadderView *self)
{
  g_autofree char *description = NULL;
  const SlLadderRow *row = NULL;

  if (self->selected >= 0)
    row = sl_ladder_find_row (&self->ladder, self->selected);

  if (self->ladder.rows->len == 0)
    description = g_strdup (_("No TCP connection is selected."));
  else if (row != NULL)
    {
      g_autofree char *line = sl_ladder_describe_row (&self->ladder, row);

      /* Translators: the first %s names both ends, the second the selected segment */
      description = g_strdup_printf (_("%s Selected: %s"), self->ladder.summary, line);
    }
  else
    description = g_strdup (self->ladder.summary);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
rebuild (SlLadderView *self)
{
  g_autoptr(GArray) packets = NULL;
  g_autoptr(GHashTable) events = NULL;
  g_autoptr(GHashTable) annotated = NULL;
  const SlTcpConversation *conv = NULL;
  SlTcpTracker *tracker;
  guint i, n;

  sl_ladder_clear (&self->ladder);
  self->n_indexed = 0;

  if (self->capture == NULL || self->stream < 0)
    goto out;

  packets = sl_call_link_get_stream_packets (self->capture, self->stream);
  self->n_indexed = packets->len;
  if (packets->len == 0)
    goto out;

  tracker = sl_capture_get_tracker (self->capture);
  if (tracker != NULL)
    conv = sl_tcp_tracker_get_stream (tracker, self->stream);

  n = MIN (packets->len, SL_LADDER_MAX_SEGMENTS);
  self->ladder.n_total = packets->len;

  for (i = 0; i < n; i++)
    {
      g_autoptr(SlPacket) packet = g_list_model_get_item (sl_capture_get_packets (self->capture),
                                                          g_array_index (packets, guint, i));
      const SlPacketSummary *s;
      SlLadderRow row = { 0 };

      if (packet == NULL)
        break;
      s = sl_packet_get_summary (packet);
      row.index = sl_packet_get_index (packet);
      row.time = sl_packet_get_relative_time (packet);
      row.flags = s->tcp.flags;
      row.from_client = s->tcp.from_client;
      row.rel_seq = s->tcp.rel_seq;
      row.rel_ack = s->tcp.rel_ack;
      row.length = s->tcp.payload_length;
      g_array_append_val (self->ladder.rows, row);

      if (i == 0 && conv == NULL)
        {
          const SlConversationKey *k = &s->key;

          if (s->tcp.from_client)
            sl_ladder_set_ends (&self->ladder, k->family, k->src, k->src_port, k->dst, k->dst_port);
          else
            sl_ladder_set_ends (&self->ladder, k->family, k->dst, k->dst_port, k->src, k->src_port);
        }
    }

  if (conv != NULL)
    sl_ladder_set_ends (&self->ladder, conv->client.family,
                        conv->client.src, conv->client.src_port,
                        conv->client.dst, conv->client.dst_port);

  /* One note per call, on its first segment */
  events = sl_call_link_find_stream_events (self->logs, self->capture, self->stream,
                                            SL_LADDER_MAX_SEGMENTS);
  annotated = g_hash_table_new (NULL, NULL);
  for (i = 0; i < self->ladder.rows->len; i++)
    {
      SlLadderRow *row = &g_array_index (self->ladder.rows, SlLadderRow, i);
      SlEvent *event = g_hash_table_lookup (events, GUINT_TO_POINTER (row->index));

      if (event == NULL || g_hash_table_contains (annotated, event))
        continue;
      g_hash_table_add (annotated, event);
      row->note = describe_call (event);
      row->note_on_client = note_on_client (event, row);
    }

out:
  sl_ladder_update_summary (&self->ladder);
  self->logs_dirty = FALSE;
}

static void
configure_adjustments (SlLadderView *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double content_w = MAX (width, SL_LADDER_MIN_WIDTH);
  double content_h = MAX (sl_ladder_get_height (&self->ladder), height);

  if (self->hadjustment != NULL)
    gtk_adjustment_configure (self->hadjustment,
                              CLAMP (gtk_adjustment_get_value (self->hadjustment), 0,
                                     content_w - width),
                              0, content_w, 20, width * 0.9, width);
  if (self->vadjustment != NULL)
    gtk_adjustment_configure (self->vadjustment,
                              CLAMP (gtk_adjustment_get_value (self->vadjustment), 0,
                                     content_h - height),
                              0, content_h, SL_LADDER_ROW_HEIGHT, height * 0.9, height);
}

static void
refresh (SlLadderView *self)
{
  rebuild (self);
  configure_adjustments (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
refresh_cb (gpointer data)
{
  SlLadderView *self = data;
  g_autoptr(GArray) packets = NULL;

  self->refresh_id = 0;

  if (self->capture != NULL && self->stream >= 0 && !self->logs_dirty)
    {
      /* Nothing new in this stream: nothing to redo */
      packets = sl_call_link_get_stream_packets (self->capture, self->stream);
      if (packets->len == self->n_indexed && packets->len > 0 &&
          sl_ladder_find_row (&self->ladder, g_array_index (packets, guint, 0)) != NULL)
        return G_SOURCE_REMOVE;
    }

  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (SlLadderView *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_MS, refresh_cb, self);
}

static void
on_packets_changed (GListModel   *model,
                    guint         position,
                    guint         removed,
                    guint         added,
                    SlLadderView *self)
{
  if (removed > 0)
    self->logs_dirty = TRUE;  /* cleared: rebuild whatever the counts say */
  if (self->stream >= 0)
    queue_refresh (self);
}

static void
on_log_changed (GListModel   *model,
                guint         position,
                guint         removed,
                guint         added,
                SlLadderView *self)
{
  self->logs_dirty = TRUE;
  if (self->stream >= 0)
    queue_refresh (self);
}

/* ---- selection and input ------------------------------------------------- */

static void
scroll_to_row (SlLadderView *self,
               guint         position)
{
  double top, bottom, value, page;

  if (self->vadjustment == NULL)
    return;

  sl_ladder_get_row_extent (&self->ladder, position, &top, &bottom);
  value = gtk_adjustment_get_value (self->vadjustment);
  page = gtk_adjustment_get_page_size (self->vadjustment);

  /* the sticky lane titles cover the top */
  if (top - SL_LADDER_HEADER_HEIGHT < value)
    gtk_adjustment_set_value (self->vadjustment, top - SL_LADDER_HEADER_HEIGHT - 8);
  else if (bottom > value + page)
    gtk_adjustment_set_value (self->vadjustment, bottom - page + 8);
}

static gboolean
select_position (SlLadderView *self,
                 int           position)
{
  if (self->ladder.rows->len == 0)
    return FALSE;
  position = CLAMP (position, 0, (int) self->ladder.rows->len - 1);
  sl_ladder_view_set_selected_packet (self,
                                      g_array_index (self->ladder.rows, SlLadderRow, position).index);
  scroll_to_row (self, position);
  return TRUE;
}

static int
selected_position (SlLadderView *self)
{
  const SlLadderRow *row = sl_ladder_find_row (&self->ladder, self->selected);

  if (row == NULL)
    return -1;
  return row - (const SlLadderRow *) self->ladder.rows->data;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SlLadderView          *self)
{
  int position = selected_position (self);
  int page = 1;

  if (self->vadjustment != NULL)
    page = MAX (1, (int) (gtk_adjustment_get_page_size (self->vadjustment) / SL_LADDER_ROW_HEIGHT) - 1);

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      return select_position (self, position < 0 ? 0 : position - 1);
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      return select_position (self, position + 1);
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      return select_position (self, MAX (position, 0) - page);
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      return select_position (self, position + page);
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      return select_position (self, 0);
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      return select_position (self, G_MAXINT);
    default:
      return FALSE;
    }
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            SlLadderView    *self)
{
  double offset = self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
  int position;

  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (y < SL_LADDER_HEADER_HEIGHT)
    return;
  position = sl_ladder_row_at (&self->ladder, y + offset);
  if (position >= 0)
    select_position (self, position);
}

/* ---- GtkWidget ------------------------------------------------------------ */

static void
sl_ladder_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  SlLadderView *self = SL_LADDER_VIEW (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double x = self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0;
  double y = self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_translate (cr, -x, 0);
  sl_ladder_draw (&self->ladder, cr, MAX (width, SL_LADDER_MIN_WIDTH), y, height,
                  self->selected, gtk_widget_has_focus (widget));
  cairo_destroy (cr);
}

static void
sl_ladder_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  SlLadderView *self = SL_LADDER_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = SL_LADDER_MIN_WIDTH;
    }
  else
    {
      *minimum = SL_LADDER_HEADER_HEIGHT + SL_LADDER_ROW_HEIGHT;
      *natural = MIN ((int) sl_ladder_get_height (&self->ladder), 4000);
    }
}

static void
sl_ladder_view_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  configure_adjustments (SL_LADDER_VIEW (widget));
}

static void
on_adjustment_changed (GtkAdjustment *adjustment,
                       SlLadderView  *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (SlLadderView   *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment)
{
  if (*slot == adjustment && adjustment != NULL)
    return;

  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, on_adjustment_changed, self);
      g_clear_object (slot);
    }

  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect (adjustment, "value-changed", G_CALLBACK (on_adjustment_changed), self);
  configure_adjustments (self);
}

/* ---- GObject -------------------------------------------------------------- */

static void
disconnect_logs (SlLadderView *self)
{
  for (guint i = 0; self->logs != NULL && i < self->logs->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->logs, i), on_log_changed, self);
  g_clear_pointer (&self->logs, g_ptr_array_unref);
}

static void
sl_ladder_view_dispose (GObject *object)
{
  SlLadderView *self = SL_LADDER_VIEW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  disconnect_logs (self);
  if (self->capture != NULL)
    g_signal_handlers_disconnect_by_func (sl_capture_get_packets (self->capture),
                                          on_packets_changed, self);
  g_clear_object (&self->capture);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, on_adjustment_changed, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, on_adjustment_changed, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (sl_ladder_view_parent_class)->dispose (object);
}

static void
sl_ladder_view_finalize (GObject *object)
{
  SlLadderView *self = SL_LADDER_VIEW (object);

  sl_ladder_destroy (&self->ladder);

  G_OBJECT_CLASS (sl_ladder_view_parent_class)->finalize (object);
}

static void
sl_ladder_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SlLadderView *self = SL_LADDER_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAPTURE:
      g_value_set_object (value, self->capture);
      break;
    case PROP_STREAM:
      g_value_set_int (value, self->stream);
      break;
    case PROP_SELECTED_PACKET:
      g_value_set_int (value, self->selected);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_ladder_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SlLadderView *self = SL_LADDER_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAPTURE:
      sl_ladder_view_set_capture (self, g_value_get_object (value));
      break;
    case PROP_STREAM:
      sl_ladder_view_set_stream (self, g_value_get_int (value));
      break;
    case PROP_SELECTED_PACKET:
      sl_ladder_view_set_selected_packet (self, g_value_get_int (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_ladder_view_class_init (SlLadderViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_ladder_view_dispose;
  object_class->finalize = sl_ladder_view_finalize;
  object_class->get_property = sl_ladder_view_get_property;
  object_class->set_property = sl_ladder_view_set_property;

  widget_class->snapshot = sl_ladder_view_snapshot;
  widget_class->measure = sl_ladder_view_measure;
  widget_class->size_allocate = sl_ladder_view_size_allocate;

  properties[PROP_CAPTURE] =
    g_param_spec_object ("capture", NULL, NULL, SL_TYPE_CAPTURE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STREAM] =
    g_param_spec_int ("stream", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_PACKET] =
    g_param_spec_int ("selected-packet", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_set_css_name (widget_class, "ladderview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sl_ladder_view_init (SlLadderView *self)
{
  GtkEventController *key;
  GtkGesture *click;

  self->stream = -1;
  self->selected = -1;
  self->logs = g_ptr_array_new_with_free_func (g_object_unref);
  sl_ladder_init (&self->ladder);
  sl_ladder_update_summary (&self->ladder);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("TCP ladder diagram"),
                                  -1);
  update_accessible (self);
}

/* ---- public API ------------------------------------------------------------ */

GtkWidget *
sl_ladder_view_new (void)
{
  return g_object_new (SL_TYPE_LADDER_VIEW, NULL);
}

void
sl_ladder_view_set_capture (SlLadderView *self,
                            SlCapture    *capture)
{
  g_return_if_fail (SL_IS_LADDER_VIEW (self));
  g_return_if_fail (capture == NULL || SL_IS_CAPTURE (capture));

  if (self->capture == capture)
    return;

  if (self->capture != NULL)
    g_signal_handlers_disconnect_by_func (sl_capture_get_packets (self->capture),
                                          on_packets_changed, self);
  g_set_object (&self->capture, capture);
  if (capture != NULL)
    g_signal_connect (sl_capture_get_packets (capture), "items-changed",
                      G_CALLBACK (on_packets_changed), self);

  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTURE]);
}

void
sl_ladder_view_set_event_logs (SlLadderView *self,
                               GPtrArray    *logs)
{
  g_return_if_fail (SL_IS_LADDER_VIEW (self));

  disconnect_logs (self);
  self->logs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; logs != NULL && i < logs->len; i++)
    {
      SlEventLog *log = g_ptr_array_index (logs, i);

      g_return_if_fail (SL_IS_EVENT_LOG (log));
      g_ptr_array_add (self->logs, g_object_ref (log));
      g_signal_connect (log, "items-changed", G_CALLBACK (on_log_changed), self);
    }

  refresh (self);
}

void
sl_ladder_view_set_stream (SlLadderView *self,
                           int           stream)
{
  g_return_if_fail (SL_IS_LADDER_VIEW (self));

  stream = MAX (stream, -1);
  if (self->stream == stream)
    return;

  self->stream = stream;
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, 0);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAM]);
}

int
sl_ladder_view_get_stream (SlLadderView *self)
{
  g_return_val_if_fail (SL_IS_LADDER_VIEW (self), -1);
  return self->stream;
}

int
sl_ladder_view_get_selected_packet (SlLadderView *self)
{
  g_return_val_if_fail (SL_IS_LADDER_VIEW (self), -1);
  return self->selected;
}

void
sl_ladder_view_set_selected_packet (SlLadderView *self,
                                    int           index)
{
  int position;

  g_return_if_fail (SL_IS_LADDER_VIEW (self));

  index = MAX (index, -1);
  if (self->selected == index)
    return;

  self->selected = index;
  position = selected_position (self);
  if (position >= 0)
    scroll_to_row (self, position);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_PACKET]);
}

guint
sl_ladder_view_get_n_segments (SlLadderView *self)
{
  g_return_val_if_fail (SL_IS_LADDER_VIEW (self), 0);

  /* Tests ask right after packets arrived: catch up first */
  if (self->refresh_id != 0)
    {
      g_clear_handle_id (&self->refresh_id, g_source_remove);
      refresh (self);
    }

  return self->ladder.rows->len;
}

gboolean
sl_ladder_view_export (SlLadderView *self,
                       const char   *path,
                       GError      **error)
{
  g_return_val_if_fail (SL_IS_LADDER_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->refresh_id != 0)
    {
      g_clear_handle_id (&self->refresh_id, g_source_remove);
      refresh (self);
    }

  return sl_ladder_export (&self->ladder, path, self->selected, error);
}
