/* sl-capture.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlCapture runs socket-lab-helper (src/helper/PROTOCOL.md) and keeps what
 * it captures. It owns:
 *
 *  - a SlCaptureRun per helper process: the GSubprocess, its stdin (commands, written
 *    asynchronously in order), its stderr (one line per event, read
 *    asynchronously), and the reader thread. A SlCaptureRun may outlive the capture
 *    while its helper exits: async callbacks hold the SlCaptureRun, never the capture.
 *  - the reader thread ("sl-capture-reader"), one per SlCaptureRun: it reads the
 *    helper's stdout in 1 MB reads, parses and dissects in
 *    SlPacketStore (no allocation, no lock per packet), commits once per
 *    read, and wakes the main thread by setting the ready time of one
 *    GSource (16 ms ahead, so at most once per frame).
 *  - the packet store, and a second SlTcpTracker for the main thread (the
 *    ladder view), fed lazily from the store's TCP packets.
 *
 * Everything else, properties and signals included, is on the main thread
 * (the thread-default context when the capture was made). In "this
 * session" mode it follows the default SlPortRegistry: the helper's filter
 * is resent when the registry changes, and the registry learns when a
 * filter is in force so that engines can wait before connect().
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-capture"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "sl-capture-private.h"
#include "sl-port-registry.h"



struct _SlCapture
{
  GObject parent_instance;

  GMainContext *owner;
  SlPacketStore *store;
  SlTcpTracker *tracker;        /* main thread's, fed up to tracker_n */
  guint tracker_n;

  /* What the model shows; the store may be ahead */
  guint n_packets;
  guint generation;
  gint64 first_ts_us;

  /* Set by the reader thread, cleared by the flush */
  GSource *flush_source;
  gint flush_scheduled;

  SlCaptureRun *run;                     /* the helper running now, or NULL */
  SlCaptureState state;
  SlCaptureProblem problem;
  char *problem_detail;
  char *interface;
  char *filter;
  gboolean all_traffic;
  guint64 n_dropped;
  guint linktype;

  SlPortRegistry *registry;
  guint follow_id;
};


enum
{
  PROP_0,
  PROP_STATE,
  PROP_PROBLEM,
  PROP_PROBLEM_DETAIL,
  PROP_INTERFACE,
  PROP_ALL_TRAFFIC,
  PROP_N_PACKETS,
  PROP_N_DROPPED,
  PROP_LINKTYPE,
  PROP_FILTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlCapture, sl_capture, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void capture_publish (SlCapture *self,
                             gboolean   all);

/* State -------------------------------------------------------------------- */

static void
set_state (SlCapture      *self,
           SlCaptureState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_problem (SlCapture        *self,
             SlCaptureProblem  problem,
             const char       *detail)
{
  if (g_strcmp0 (self->problem_detail, detail) != 0)
    {
      g_free (self->problem_detail);
      self->problem_detail = g_strdup (detail);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM_DETAIL]);
    }
  if (self->problem != problem)
    {
      self->problem = problem;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }
}

static void
set_filter (SlCapture  *self,
            const char *filter)
{
  if (g_strcmp0 (self->filter, filter) == 0)
    return;

  g_free (self->filter);
  self->filter = g_strdup (filter);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

static void
unfollow (SlCapture *self)
{
  if (self->follow_id != 0)
    sl_port_registry_unfollow (self->registry, self->follow_id);
  self->follow_id = 0;
}

/* The capture lets go of its SlCaptureRun: the helper is asked to stop (and killed
 * if it will not), the reader is joined, and the SlCaptureRun lives on only as long
 * as its helper does. */
static void
detach_run (SlCapture *self)
{
  SlCaptureRun *run = g_steal_pointer (&self->run);

  if (run == NULL)
    return;

  unfollow (self);
  sl_capture_run_request_stop (run);
  sl_capture_run_join_reader (run);
  g_cancellable_cancel (run->cancellable);
  run->capture = NULL;
  sl_capture_run_unref (run);

  /* What the reader committed last */
  capture_publish (self, TRUE);
}

static void
fail (SlCapture        *self,
      SlCaptureProblem  problem,
      const char       *detail)
{
  g_debug ("Capture failed: %s", detail);
  detach_run (self);
  set_problem (self, problem, detail);
  set_state (self, SL_CAPTURE_FAILED);
}

static SlCaptureProblem
problem_for_code (const char *code)
{
  if (g_str_equal (code, "permission"))
    return SL_CAPTURE_PROBLEM_NO_PERMISSION;
  if (g_str_equal (code, "no-interface") || g_str_equal (code, "interface-down"))
    return SL_CAPTURE_PROBLEM_NO_INTERFACE;
  if (g_str_equal (code, "bad-filter") || g_str_equal (code, "filter-too-long"))
    return SL_CAPTURE_PROBLEM_BAD_FILTER;
  return SL_CAPTURE_PROBLEM_FAILED;
}

static void
filter_confirmed (SlCapture *self,
                  SlCaptureRun       *run)
{
  guint64 serial = GPOINTER_TO_SIZE (g_queue_pop_head (&run->filter_serials));

  /* The serials are stored with a +1 bias: 0 would be NULL in the queue */
  if (serial != 0 && self->follow_id != 0)
    sl_port_registry_applied (self->registry, self->follow_id, serial - 1);
}

/* One line from the helper's stderr (sl-capture-helper.c reads them) */
void
sl_capture_handle_helper_line (SlCapture  *self,
                               SlCaptureRun        *run,
                               const char *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 3);
  const char *word = words[0] != NULL ? words[0] : "";

  g_debug ("helper: %s", line);

  if (g_str_equal (word, "ready") && words[1] != NULL)
    {
      guint64 linktype = g_ascii_strtoull (words[1], NULL, 10);

      run->ready = TRUE;
      if (self->linktype != linktype)
        {
          self->linktype = (guint) linktype;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKTYPE]);
        }
      if (self->follow_id != 0)
        sl_port_registry_applied (self->registry, self->follow_id, run->start_serial);
      set_state (self, SL_CAPTURE_RUNNING);
    }
  else if (g_str_equal (word, "filter-ok"))
    {
      filter_confirmed (self, run);
    }
  else if (g_str_equal (word, "stats") && words[1] != NULL && words[2] != NULL)
    {
      g_auto(GStrv) counts = g_strsplit (words[2], " ", 2);
      guint64 dropped = g_ascii_strtoull (counts[0], NULL, 10);

      if (counts[1] != NULL)
        dropped += g_ascii_strtoull (counts[1], NULL, 10);
      if (dropped != self->n_dropped)
        {
          self->n_dropped = dropped;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
        }
    }
  else if (g_str_equal (word, "error") && words[1] != NULL)
    {
      SlCaptureProblem problem = problem_for_code (words[1]);
      const char *code = words[1];

      run->last_problem = problem;
      g_free (run->last_detail);
      run->last_detail = g_strdup (line);

      if (g_str_equal (code, "bad-filter") || g_str_equal (code, "filter-too-long"))
        {
          if (run->ready)
            {
              /* A filter command was refused: the old filter stays */
              g_queue_pop_head (&run->filter_serials);
              set_problem (self, problem, line);
            }
          else
            fail (self, problem, line);
        }
      else if (g_str_equal (code, "permission") || g_str_equal (code, "no-interface") ||
               g_str_equal (code, "interface-down") || g_str_equal (code, "capture-failed"))
        {
          fail (self, problem, line);
        }
      /* bad-command, bad-frame…: nothing to do with capturing */
    }
}

static void
on_helper_exited (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(SlCaptureRun) run = data;
  SlCapture *self = run->capture;
  GSubprocess *subprocess = G_SUBPROCESS (source);
  g_autofree char *detail = NULL;

  g_subprocess_wait_finish (subprocess, result, NULL);
  run->exited = TRUE;
  if (run->kill_timer != NULL)
    {
      g_source_destroy (run->kill_timer);
      g_clear_pointer (&run->kill_timer, g_source_unref);
    }

  if (self == NULL)
    return;

  g_assert (self->run == run);

  /* stdout is at its end: the reader is leaving by itself; keep its last
   * packets */
  sl_capture_run_join_reader (run);
  capture_publish (self, TRUE);

  if (run->stopping)
    {
      detach_run (self);
      set_state (self, SL_CAPTURE_STOPPED);
      return;
    }

  if (run->reader_error != NULL)
    detail = g_strdup (run->reader_error);
  else if (run->last_detail != NULL)
    detail = g_strdup (run->last_detail);
  else if (g_subprocess_get_if_signaled (subprocess))
    detail = g_strdup_printf ("The helper was killed by signal %d",
                              g_subprocess_get_term_sig (subprocess));
  else
    detail = g_strdup_printf ("The helper exited with status %d",
                              g_subprocess_get_exit_status (subprocess));

  fail (self,
        run->last_problem != SL_CAPTURE_PROBLEM_NONE ? run->last_problem : SL_CAPTURE_PROBLEM_FAILED,
        detail);
}

/* Filters ------------------------------------------------------------------ */

static char *
wanted_filter (SlCapture *self,
               guint64   *serial)
{
  *serial = sl_port_registry_get_serial (self->registry);

  if (self->all_traffic)
    return g_strdup ("");

  /* The serial first: the filter then has at least those changes */
  return sl_port_registry_build_filter (self->registry);
}

/* Sends the filter that the mode and the registry call for, if it differs
 * from the one in force (or on its way). */
static void
update_filter (SlCapture *self)
{
  g_autofree char *filter = NULL;
  g_autofree char *line = NULL;
  SlCaptureRun *run = self->run;
  guint64 serial;

  if (run == NULL || run->stopping)
    return;

  if (!self->all_traffic && self->follow_id == 0)
    self->follow_id = sl_port_registry_follow (self->registry);
  else if (self->all_traffic)
    unfollow (self);

  filter = wanted_filter (self, &serial);

  if (g_strcmp0 (filter, self->filter) == 0)
    {
      /* Nothing to send; whatever confirms the last filter confirms this
       * serial too */
      if (!run->ready)
        run->start_serial = MAX (run->start_serial, serial);
      else if (g_queue_is_empty (&run->filter_serials))
        {
          if (self->follow_id != 0)
            sl_port_registry_applied (self->registry, self->follow_id, serial);
        }
      else
        {
          GList *tail = g_queue_peek_tail_link (&run->filter_serials);

          tail->data = GSIZE_TO_POINTER (MAX (GPOINTER_TO_SIZE (tail->data), serial + 1));
        }
      return;
    }

  set_filter (self, filter);
  g_queue_push_tail (&run->filter_serials, GSIZE_TO_POINTER (serial + 1));
  line = g_strdup_printf ("filter %s", filter);
  g_strchomp (line);  /* the empty filter: "filter" */
  sl_capture_run_send (run, line);
}

static void
on_registry_changed (SlPortRegistry *registry,
                     SlCapture      *self)
{
  if (!self->all_traffic)
    update_filter (self);
}

/* Cheap per-index reads for code that walks many packets (the ladder's
 * stream index): no SlPacket object is made. */
int
sl_capture_get_packet_stream (SlCapture *self,
                              guint      index)
{
  SlPacketRecord record;

  g_return_val_if_fail (SL_IS_CAPTURE (self), -1);

  if (index >= self->n_packets || !sl_packet_store_get (self->store, index, &record, NULL))
    return -1;

  return record.stream;
}

/* The model ------------------------------------------------------------------ */

static GType
sl_capture_get_item_type (GListModel *model)
{
  return SL_TYPE_PACKET;
}

static guint
sl_capture_get_n_items (GListModel *model)
{
  return SL_CAPTURE (model)->n_packets;
}

static gpointer
sl_capture_get_item (GListModel *model,
                     guint       position)
{
  SlCapture *self = SL_CAPTURE (model);

  if (position >= self->n_packets)
    return NULL;

  return sl_packet_new_from_store (self->store, position, self->first_ts_us);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sl_capture_get_item_type;
  iface->get_n_items = sl_capture_get_n_items;
  iface->get_item = sl_capture_get_item;
}

/* An empty list builds a row for each new packet, up to about 200 rows
 * (GtkListView's limit; later rows are reused as the list scrolls):
 * publishing the first packets of a flood at once built them all in one
 * frame, 120-190 ms. Up to PUBLISH_RAMP packets, a frame shows at most
 * PUBLISH_STEP new ones, and the list catches up within a few frames. */
#define PUBLISH_RAMP 256
#define PUBLISH_STEP 16
#define PUBLISH_NEXT_FRAME_US 16000

/* Shows what the store committed since the last time (@all), or the
 * part of it that the ramp allows in this frame: one items-changed. */
static void
capture_publish (SlCapture *self,
                 gboolean   all)
{
  guint generation, n, from, old = self->n_packets;
  gboolean reset = FALSE;

  n = sl_packet_store_get_n_committed (self->store, &generation);

  from = generation != self->generation ? 0 : old;
  if (!all && from < PUBLISH_RAMP && n > from + PUBLISH_STEP)
    {
      /* The rest in the next frame (a commit meanwhile only moves it) */
      n = from + PUBLISH_STEP;
      g_source_set_ready_time (self->flush_source, g_get_monotonic_time () + PUBLISH_NEXT_FRAME_US);
    }

  if (generation != self->generation)
    {
      reset = TRUE;
      self->generation = generation;
      self->n_packets = n;
      self->first_ts_us = 0;
      sl_tcp_tracker_clear (self->tracker);
      self->tracker_n = 0;
    }
  else if (n > old)
    {
      self->n_packets = n;
    }
  else
    {
      return;
    }

  if (old == 0 || self->first_ts_us == 0)
    {
      SlPacketRecord first;

      if (sl_packet_store_get (self->store, 0, &first, NULL))
        self->first_ts_us = first.ts_us;
    }

  if (reset)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, n);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n - old);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PACKETS]);
}

static gboolean
flush_cb (gpointer data)
{
  SlCapture *self = data;

  /* Clear first: a commit after this point schedules the next flush */
  g_source_set_ready_time (self->flush_source, -1);
  g_atomic_int_set (&self->flush_scheduled, 0);
  capture_publish (self, FALSE);

  return G_SOURCE_CONTINUE;
}

/* GObject ---------------------------------------------------------------- */

static void
sl_capture_dispose (GObject *object)
{
  SlCapture *self = SL_CAPTURE (object);

  detach_run (self);
  unfollow (self);
  if (self->registry != NULL)
    g_signal_handlers_disconnect_by_data (self->registry, self);
  self->registry = NULL;

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }

  G_OBJECT_CLASS (sl_capture_parent_class)->dispose (object);
}

static void
sl_capture_finalize (GObject *object)
{
  SlCapture *self = SL_CAPTURE (object);

  sl_packet_store_free (self->store);
  sl_tcp_tracker_free (self->tracker);
  g_free (self->problem_detail);
  g_free (self->interface);
  g_free (self->filter);
  g_main_context_unref (self->owner);

  G_OBJECT_CLASS (sl_capture_parent_class)->finalize (object);
}

static void
sl_capture_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SlCapture *self = SL_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_STATE:          g_value_set_int (value, self->state); break;
    case PROP_PROBLEM:        g_value_set_int (value, self->problem); break;
    case PROP_PROBLEM_DETAIL: g_value_set_string (value, self->problem_detail); break;
    case PROP_INTERFACE:      g_value_set_string (value, self->interface); break;
    case PROP_ALL_TRAFFIC:    g_value_set_boolean (value, self->all_traffic); break;
    case PROP_N_PACKETS:      g_value_set_uint (value, self->n_packets); break;
    case PROP_N_DROPPED:      g_value_set_uint64 (value, self->n_dropped); break;
    case PROP_LINKTYPE:       g_value_set_uint (value, self->linktype); break;
    case PROP_FILTER:         g_value_set_string (value, self->filter); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_capture_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SlCapture *self = SL_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_INTERFACE:   sl_capture_set_interface (self, g_value_get_string (value)); break;
    case PROP_ALL_TRAFFIC: sl_capture_set_all_traffic (self, g_value_get_boolean (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_capture_class_init (SlCaptureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  struct sigaction action;

  object_class->dispose = sl_capture_dispose;
  object_class->finalize = sl_capture_finalize;
  object_class->get_property = sl_capture_get_property;
  object_class->set_property = sl_capture_set_property;

  /* Plain ints rather than enum GTypes: core has no glib-mkenums step */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, SL_CAPTURE_STOPPED, SL_CAPTURE_FAILED, SL_CAPTURE_STOPPED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_int ("problem", NULL, NULL, SL_CAPTURE_PROBLEM_NONE, SL_CAPTURE_PROBLEM_FAILED,
                      SL_CAPTURE_PROBLEM_NONE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM_DETAIL] =
    g_param_spec_string ("problem-detail", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERFACE] =
    g_param_spec_string ("interface", NULL, NULL, "any",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALL_TRAFFIC] =
    g_param_spec_boolean ("all-traffic", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PACKETS] =
    g_param_spec_uint ("n-packets", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_DROPPED] =
    g_param_spec_uint64 ("n-dropped", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINKTYPE] =
    g_param_spec_uint ("linktype", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] =
    g_param_spec_string ("filter", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Writing a command to a helper that just exited must fail with EPIPE,
   * not kill the app: ignore SIGPIPE unless someone handles it already. */
  if (sigaction (SIGPIPE, NULL, &action) == 0 && action.sa_handler == SIG_DFL)
    {
      action.sa_handler = SIG_IGN;
      sigaction (SIGPIPE, &action, NULL);
    }
}

static gboolean
flush_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     data)
{
  return callback (data);
}

static GSourceFuncs flush_funcs = { NULL, NULL, flush_dispatch, NULL, NULL, NULL };

static void
sl_capture_init (SlCapture *self)
{
  self->owner = g_main_context_ref_thread_default ();
  self->store = sl_packet_store_new ();
  self->tracker = sl_tcp_tracker_new (SL_TCP_TRACKER_DEFAULT_MAX);
  self->interface = g_strdup ("any");
  self->registry = sl_port_registry_get_default ();
  g_signal_connect (self->registry, "changed", G_CALLBACK (on_registry_changed), self);

  /* One source for the capture's life; the reader sets its ready time.
   * Below GTK's redraw (G_PRIORITY_HIGH_IDLE + 20): a frame is drawn
   * between two publishes even when a publish takes longer than a frame
   * on a busy machine. */
  self->flush_source = g_source_new (&flush_funcs, sizeof (GSource));
  g_source_set_priority (self->flush_source, G_PRIORITY_HIGH_IDLE + 30);
  g_source_set_callback (self->flush_source, flush_cb, self, NULL);
  g_source_set_static_name (self->flush_source, "[sl-capture] flush");
  g_source_attach (self->flush_source, self->owner);
}

SlCapture *
sl_capture_new (void)
{
  return g_object_new (SL_TYPE_CAPTURE, NULL);
}

/* Public API --------------------------------------------------------------- */

/**
 * sl_capture_get_packets:
 *
 * Returns: (transfer none): the packets, a GListModel of SlPacket
 */
GListModel *
sl_capture_get_packets (SlCapture *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), NULL);
  return G_LIST_MODEL (self);
}

/**
 * sl_capture_get_packet:
 *
 * Returns: (transfer full) (nullable): the packet at @index
 */
SlPacket *
sl_capture_get_packet (SlCapture *self,
                       guint      index)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), NULL);
  return g_list_model_get_item (G_LIST_MODEL (self), index);
}

SlCaptureState
sl_capture_get_state (SlCapture *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), SL_CAPTURE_STOPPED);
  return self->state;
}

SlCaptureProblem
sl_capture_get_problem (SlCapture *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), SL_CAPTURE_PROBLEM_NONE);
  return self->problem;
}

const char *
sl_capture_get_problem_detail (SlCapture *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), NULL);
  return self->problem_detail;
}

/* A running capture restarts on the new interface. */
void
sl_capture_set_interface (SlCapture  *self,
                          const char *interface)
{
  gboolean running;

  g_return_if_fail (SL_IS_CAPTURE (self));

  if (interface == NULL || *interface == '\0')
    interface = "any";
  if (g_strcmp0 (self->interface, interface) == 0)
    return;

  g_free (self->interface);
  self->interface = g_strdup (interface);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERFACE]);

  running = self->run != NULL;
  if (running)
    {
      sl_capture_stop (self);
      sl_capture_start (self);
    }
}

const char *
sl_capture_get_interface (SlCapture *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), NULL);
  return self->interface;
}

void
sl_capture_set_all_traffic (SlCapture *self,
                            gboolean   all_traffic)
{
  g_return_if_fail (SL_IS_CAPTURE (self));

  all_traffic = !!all_traffic;
  if (self->all_traffic == all_traffic)
    return;

  self->all_traffic = all_traffic;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALL_TRAFFIC]);
  update_filter (self);
}

gboolean
sl_capture_get_all_traffic (SlCapture *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), FALSE);
  return self->all_traffic;
}

guint
sl_capture_get_n_packets (SlCapture *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), 0);
  return self->n_packets;
}

guint64
sl_capture_get_n_dropped (SlCapture *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), 0);
  return self->n_dropped;
}

const char *
sl_capture_get_filter (SlCapture *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), NULL);
  return self->filter;
}

void
sl_capture_start (SlCapture *self)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *interface_arg = NULL;
  g_autofree char *filter_arg = NULL;
  g_autofree char *filter = NULL;
  const char *helper = sl_capture_get_helper_path ();
  const char *argv[5];
  GInputStream *stdout_pipe;
  guint64 serial;
  SlCaptureRun *run;
  guint i = 0;

  g_return_if_fail (SL_IS_CAPTURE (self));

  if (self->run != NULL && !self->run->stopping)
    return;

  /* A helper still on its way out: let it go (its reader is joined, so the
   * store has one writer again) */
  detach_run (self);

  set_problem (self, SL_CAPTURE_PROBLEM_NONE, NULL);

  if (!g_file_test (helper, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_autofree char *detail = g_strdup_printf ("%s: not found or not executable", helper);

      set_problem (self, SL_CAPTURE_PROBLEM_NO_HELPER, detail);
      set_state (self, SL_CAPTURE_FAILED);
      return;
    }

  if (!self->all_traffic && self->follow_id == 0)
    self->follow_id = sl_port_registry_follow (self->registry);
  filter = wanted_filter (self, &serial);

  interface_arg = g_strdup_printf ("--interface=%s", self->interface);
  argv[i++] = helper;
  argv[i++] = "capture";
  argv[i++] = interface_arg;
  if (*filter != '\0')
    argv[i++] = filter_arg = g_strdup_printf ("--filter=%s", filter);
  argv[i] = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  subprocess = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (subprocess == NULL)
    {
      unfollow (self);
      set_problem (self,
                   g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT) ||
                   g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_ACCES)
                     ? SL_CAPTURE_PROBLEM_NO_HELPER : SL_CAPTURE_PROBLEM_FAILED,
                   error->message);
      set_state (self, SL_CAPTURE_FAILED);
      return;
    }

  run = g_atomic_rc_box_new0 (SlCaptureRun);
  run->capture = self;
  run->subprocess = g_steal_pointer (&subprocess);
  run->stdin_writer = sl_line_writer_new (g_subprocess_get_stdin_pipe (run->subprocess));
  run->stderr_stream = g_data_input_stream_new (g_subprocess_get_stderr_pipe (run->subprocess));
  run->cancellable = g_cancellable_new ();
  run->store = self->store;
  run->flush_source = self->flush_source;
  run->flush_scheduled = &self->flush_scheduled;
  run->start_serial = serial;
  run->wake[0] = run->wake[1] = -1;
  g_queue_init (&run->filter_serials);

  stdout_pipe = g_subprocess_get_stdout_pipe (run->subprocess);
  g_assert (G_IS_UNIX_INPUT_STREAM (stdout_pipe));
  run->stdout_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (stdout_pipe));
  self->run = run;

  set_filter (self, filter);
  set_state (self, SL_CAPTURE_STARTING);

  if (!g_unix_open_pipe (run->wake, FD_CLOEXEC, &error))
    {
      fail (self, SL_CAPTURE_PROBLEM_FAILED, error->message);
      return;
    }

  /* The previous helper's reader has been joined (detach_run): we are the
   * store's only writer from now on */
  sl_packet_store_begin_stream (self->store);
  run->reader = g_thread_try_new ("sl-capture-reader", sl_capture_run_reader_thread, run, &error);
  if (run->reader == NULL)
    {
      fail (self, SL_CAPTURE_PROBLEM_FAILED, error->message);
      return;
    }

  sl_capture_run_read_lines (run);
  g_subprocess_wait_async (run->subprocess, NULL, on_helper_exited, sl_capture_run_ref (run));
}

void
sl_capture_stop (SlCapture *self)
{
  g_return_if_fail (SL_IS_CAPTURE (self));

  if (self->run == NULL)
    {
      if (self->state == SL_CAPTURE_FAILED)
        set_state (self, SL_CAPTURE_STOPPED);
      return;
    }

  /* The helper exits on "stop"; its last packets are read on the way */
  sl_capture_run_request_stop (self->run);
  unfollow (self);
}

void
sl_capture_clear (SlCapture *self)
{
  guint old;

  g_return_if_fail (SL_IS_CAPTURE (self));

  sl_packet_store_clear (self->store, self->run != NULL && self->run->reader != NULL);
  sl_tcp_tracker_clear (self->tracker);
  self->tracker_n = 0;

  old = self->n_packets;
  sl_packet_store_get_n_committed (self->store, &self->generation);
  self->n_packets = 0;
  self->first_ts_us = 0;

  if (old > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PACKETS]);
    }
}

static gboolean
feed_tracker (const SlPacketRecord *record,
              const guint8         *data,
              gpointer              user_data)
{
  SlPacketSummary summary;

  if (record->flags & SL_PACKET_RECORD_TCP)
    {
      sl_dissect_summary (record->linktype, data, record->caplen, record->origlen, &summary);
      sl_tcp_tracker_add (user_data, &summary);
    }

  return TRUE;
}

/**
 * sl_capture_get_tracker:
 *
 * Main thread. The tracker is brought up to date with the packets shown
 * so far each time this is called; its streams are those of
 * sl_packet_get_stream().
 *
 * Returns: (transfer none): the TCP conversations seen so far
 */
SlTcpTracker *
sl_capture_get_tracker (SlCapture *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), NULL);

  if (self->tracker_n < self->n_packets)
    self->tracker_n += sl_packet_store_foreach (self->store, self->tracker_n, self->n_packets,
                                                feed_tracker, self->tracker);

  return self->tracker;
}

gboolean
sl_capture_export (SlCapture   *self,
                   const char  *path,
                   GError     **error)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return sl_capture_export_store (self->store, self->n_packets, path, error);
}

typedef struct
{
  char *path;
  guint n_packets;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->path);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SlCapture *self = source_object;
  ExportJob *job = task_data;
  GError *error = NULL;

  /* The store's readers may run on any thread; the task's reference on
   * the capture keeps the store alive until the file is written. */
  if (sl_capture_export_store (self->store, job->n_packets, job->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sl_capture_export_async (SlCapture           *self,
                         const char          *path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (SL_IS_CAPTURE (self));
  g_return_if_fail (path != NULL);

  job = g_new0 (ExportJob, 1);
  job->path = g_strdup (path);
  job->n_packets = self->n_packets;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_capture_export_async);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
sl_capture_export_finish (SlCapture     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

SlPacketStore *
sl_capture_get_store (SlCapture *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE (self), NULL);
  return self->store;
}
