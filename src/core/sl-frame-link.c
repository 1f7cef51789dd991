/* sl-frame-link.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlFrameLink owns one socket-lab-helper process per interface in use (a
 * SlFrameRun): started for a receive or a send, asked to stop when neither
 * needs it for IDLE_STOP_S. The helper of the receive interface captures
 * with "ether proto 0xXXXX" (or no filter: every EtherType); the others
 * with "less 1", which matches no frame, since they only send. Sends are
 * `send IF HEX` lines on the helper's stdin, each answered on stderr by
 * `sent LEN` or `error CODE …`, in order.
 *
 * Everything runs on the thread-default main context of the creator, with
 * asynchronous reads and writes only. The helper processes, their pipes
 * and the pcap stream are in sl-frame-link-run.c; here is what runs
 * where, the sends, and the list (at most SL_FRAME_LINK_MAX_FRAMES
 * objects, published at most once per FLUSH_MS).
 *
 * An SlFrameRun may outlive the link while its helper exits: callbacks hold
 * the run, and run->link is NULL once the link let go of it. */

#include "config.h"

#define G_LOG_DOMAIN "sl-frame-link"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-capture.h"
#include "sl-error.h"
#include "sl-frame-link-private.h"

#define READ_SIZE        (64 * 1024)
#define MAX_RECORD       262144
#define BUFFER_SIZE      (MAX_RECORD + 16 + READ_SIZE)
#define FLUSH_MS         50
#define STOP_TIMEOUT_MS  2000
#define IDLE_STOP_S      5
#define SL_FRAME_LINKTYPE_ETHERNET 1
#define SL_FRAME_NO_FRAMES_FILTER "less 1"

G_DEFINE_FINAL_TYPE (SlFrameLink, sl_frame_link, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RECEIVING,
  PROP_RECEIVE_INTERFACE,
  PROP_RECEIVE_ETHERTYPE,
  PROP_N_RECEIVED,
  PROP_SENDING,
  PROP_N_SENT,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_error (SlFrameLink *self,
           GError      *error)     /* transfer full */
{
  g_clear_error (&self->error);
  self->error = error;
  if (error != NULL)
    g_debug ("%s", error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static gboolean
run_is_receiving (SlFrameLink *self,
                  SlFrameRun  *run)
{
  return self->receiving && g_strcmp0 (self->receive_interface, run->ifname) == 0;
}

static char *
filter_for (SlFrameLink *self,
            const char  *ifname)
{
  if (!self->receiving || g_strcmp0 (self->receive_interface, ifname) != 0)
    return g_strdup (SL_FRAME_NO_FRAMES_FILTER);
  if (self->receive_ethertype < 0)
    return g_strdup ("");
  return g_strdup_printf ("ether proto 0x%04x", (guint) self->receive_ethertype);
}

static GSource *
attach_timeout (SlFrameLink *self,
                guint        ms,
                GSourceFunc  func,
                gpointer     data,
                GDestroyNotify notify,
                const char  *name)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, name);
  g_source_attach (source, self->context);
  return source;
}

/* The link lets go of @run: the helper is asked to stop ("stop", EOF) and
 * killed if it will not; its output is read to the end and dropped. */
static void
run_detach (SlFrameLink *self,
            SlFrameRun  *run)
{
  if (run->idle_timer != NULL)
    {
      g_source_destroy (run->idle_timer);
      g_clear_pointer (&run->idle_timer, g_source_unref);
    }

  sl_frame_run_request_stop (run, self->context);
  run->link = NULL;
  /* The table's reference goes last: callers may hold none of their own */
  if (g_hash_table_lookup (self->runs, run->ifname) == run)
    g_hash_table_remove (self->runs, run->ifname);
}

static void update_sending (SlFrameLink *self);

static gboolean
idle_timer_cb (gpointer data)
{
  SlFrameRun *run = data;
  SlFrameLink *self = run->link;

  g_clear_pointer (&run->idle_timer, g_source_unref);
  if (self != NULL)
    run_detach (self, run);

  return G_SOURCE_REMOVE;
}

/* Stops @run after IDLE_STOP_S when nothing needs it; a Send soon after
 * finds it running. */
static void
maybe_idle (SlFrameLink *self,
            SlFrameRun  *run)
{
  gboolean needed = run->pending > 0 || run_is_receiving (self, run) ||
                    (self->send_frames != NULL && g_strcmp0 (self->send_interface, run->ifname) == 0);

  if (needed || run->stopping || run->exited)
    {
      if (run->idle_timer != NULL)
        {
          g_source_destroy (run->idle_timer);
          g_clear_pointer (&run->idle_timer, g_source_unref);
        }
      return;
    }

  if (run->idle_timer == NULL)
    run->idle_timer = attach_timeout (self, IDLE_STOP_S * 1000, idle_timer_cb, run, NULL,
                                      "[sl-frame-link] idle helper");
}

/* Frames to the list, at most once per FLUSH_MS ---------------------------- */

typedef struct
{
  gint64 time_us;
  GBytes *bytes;
} PendingFrame;

static void
pending_frame_free (gpointer data)
{
  PendingFrame *pending = data;

  g_bytes_unref (pending->bytes);
  g_free (pending);
}

static gboolean
flush_cb (gpointer data)
{
  SlFrameLink *self = data;
  guint n_pending = g_queue_get_length (&self->pending_frames);
  g_autoptr(GPtrArray) rows = NULL;
  guint n_now, n_remove;
  PendingFrame *pending;

  if (n_pending == 0)
    return G_SOURCE_CONTINUE;

  /* Rows are made here, for the newest MAX_FRAMES only (add_frame keeps
   * no more), not per captured frame: a flood costs a copy per frame */
  rows = g_ptr_array_new_full (n_pending, g_object_unref);
  while ((pending = g_queue_pop_head (&self->pending_frames)) != NULL)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (pending->bytes, &len);

      g_ptr_array_add (rows, sl_received_frame_new (pending->time_us, data, len));
      pending_frame_free (pending);
    }

  n_now = g_list_model_get_n_items (G_LIST_MODEL (self->frames));
  n_remove = n_now + n_pending > SL_FRAME_LINK_MAX_FRAMES
             ? n_now + n_pending - SL_FRAME_LINK_MAX_FRAMES : 0;
  if (n_remove > 0)
    g_list_store_splice (self->frames, 0, n_remove, NULL, 0);
  g_list_store_splice (self->frames, n_now - n_remove, 0, rows->pdata, rows->len);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RECEIVED]);
  return G_SOURCE_CONTINUE;
}

static void
add_frame (SlFrameLink  *self,
           gint64        time_us,
           const guint8 *data,
           gsize         len)
{
  PendingFrame *pending;
  guint16 ethertype;

  if (len < SL_FRAME_HEADER_LEN)
    return;

  /* Frames of the previous filter may still come until the new one is
   * in force */
  ethertype = (guint16) (data[12] << 8 | data[13]);
  if (self->receive_ethertype >= 0 && ethertype != (guint16) self->receive_ethertype)
    return;

  self->n_received++;
  pending = g_new (PendingFrame, 1);
  pending->time_us = time_us;
  pending->bytes = g_bytes_new (data, len);
  g_queue_push_tail (&self->pending_frames, pending);
  if (g_queue_get_length (&self->pending_frames) > SL_FRAME_LINK_MAX_FRAMES)
    pending_frame_free (g_queue_pop_head (&self->pending_frames));
}

/* The helper's messages -------------------------------------------------- */

static gboolean
is_send_error (const char *code)
{
  return g_str_equal (code, "no-interface") || g_str_equal (code, "interface-down") ||
         g_str_equal (code, "bad-frame") || g_str_equal (code, "frame-too-large") ||
         g_str_equal (code, "permission") || g_str_equal (code, "bad-command");
}

static void
cancel_send_job (SlFrameLink *self)
{
  if (self->send_timer != NULL)
    {
      g_source_destroy (self->send_timer);
      g_clear_pointer (&self->send_timer, g_source_unref);
    }
  g_clear_pointer (&self->send_frames, g_ptr_array_unref);
  self->send_rounds_left = 0;
}

void
sl_frame_link_handle_line (SlFrameLink *self,
                           SlFrameRun  *run,
                           const char  *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 3);
  const char *word = words[0] != NULL ? words[0] : "";

  g_debug ("helper %s: %s", run->ifname, line);

  if (g_str_equal (word, "ready"))
    {
      run->ready = TRUE;
    }
  else if (g_str_equal (word, "sent"))
    {
      if (run->pending > 0)
        run->pending--;
      self->n_sent++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SENT]);
      update_sending (self);
      maybe_idle (self, run);
    }
  else if (g_str_equal (word, "error") && words[1] != NULL)
    {
      const char *code = words[1];

      g_free (run->error_code);
      run->error_code = g_strdup (code);
      g_free (run->error_detail);
      run->error_detail = g_strdup (words[2]);

      if (!run->ready)
        return;             /* fatal: the exit reports it */

      if (run->pending > 0 && is_send_error (code))
        {
          run->pending--;
          set_error (self, sl_frame_error_for_helper (code, words[2], run->ifname));
          /* The next frames would fail the same way */
          if (g_strcmp0 (self->send_interface, run->ifname) == 0)
            cancel_send_job (self);
          update_sending (self);
          maybe_idle (self, run);
        }
      else if (g_str_equal (code, "bad-filter") || g_str_equal (code, "filter-too-long"))
        {
          set_error (self, sl_frame_error_for_helper (code, words[2], run->ifname));
          if (run_is_receiving (self, run))
            sl_frame_link_stop_receive (self);
        }
    }
}

void
sl_frame_link_handle_linktype (SlFrameLink *self,
                               SlFrameRun  *run)
{
  if (!run_is_receiving (self, run) || run->linktype == SL_FRAME_LINKTYPE_ETHERNET)
    return;

  /* Translators: %s is an interface name */
  set_error (self, g_error_new (SL_ERROR, SL_ERROR_FAILED,
                                _("%s does not carry Ethernet frames (it is not an "
                                  "Ethernet or loopback interface), so raw frames "
                                  "cannot be received there. Choose another interface."),
                                run->ifname));
  sl_frame_link_stop_receive (self);
}

void
sl_frame_link_handle_frame (SlFrameLink  *self,
                            SlFrameRun   *run,
                            gint64        time_us,
                            const guint8 *data,
                            gsize         len)
{
  if (run_is_receiving (self, run) && run->linktype == SL_FRAME_LINKTYPE_ETHERNET)
    add_frame (self, time_us, data, len);
}

void
sl_frame_link_handle_garbage (SlFrameLink *self,
                              SlFrameRun  *run)
{
  g_debug ("The helper's output is not a pcap stream");
  set_error (self, sl_frame_error_for_helper ("capture-failed", NULL, run->ifname));
  run_detach (self, run);
}

static void
on_helper_exited (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(SlFrameRun) run = data;
  SlFrameLink *self = run->link;
  gboolean was_receiving;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  run->exited = TRUE;
  if (run->kill_timer != NULL)
    {
      g_source_destroy (run->kill_timer);
      g_clear_pointer (&run->kill_timer, g_source_unref);
    }

  if (self == NULL)
    return;

  was_receiving = run_is_receiving (self, run);
  g_debug ("The helper for %s exited (%s)", run->ifname,
           run->error_code != NULL ? run->error_code : "no error line");

  if (run->pending > 0 || was_receiving || run->error_code != NULL)
    set_error (self, sl_frame_error_for_helper (run->error_code != NULL ? run->error_code : "failed",
                                                run->error_detail, run->ifname));
  run->pending = 0;
  if (g_strcmp0 (self->send_interface, run->ifname) == 0)
    cancel_send_job (self);

  run_detach (self, run);

  if (was_receiving)
    {
      self->receiving = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVING]);
    }
  update_sending (self);
}

/* Finds the helper of @ifname, starting it when there is none. NULL when
 * it cannot be started: the error property says why. */
static SlFrameRun *
get_run (SlFrameLink *self,
         const char  *ifname)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *filter = NULL;
  SlFrameRun *run;

  run = g_hash_table_lookup (self->runs, ifname);
  if (run != NULL)
    return run;

  filter = filter_for (self, ifname);
  run = sl_frame_run_start (self, ifname, filter, on_helper_exited, &error);
  if (run == NULL)
    {
      set_error (self, g_steal_pointer (&error));
      return NULL;
    }
  g_hash_table_insert (self->runs, run->ifname, run);

  return run;
}

/* Sending ---------------------------------------------------------------- */

static void
update_sending (SlFrameLink *self)
{
  SlFrameRun *run = self->send_interface != NULL ? g_hash_table_lookup (self->runs, self->send_interface) : NULL;
  gboolean sending = self->send_frames != NULL || (run != NULL && run->pending > 0);

  if (sending == self->sending)
    return;

  self->sending = sending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);
}

static void
send_round (SlFrameLink *self)
{
  SlFrameRun *run = g_hash_table_lookup (self->runs, self->send_interface);
  guint i;

  g_assert (self->send_frames != NULL && self->send_rounds_left > 0);

  if (run == NULL)
    {
      cancel_send_job (self);
      return;
    }

  for (i = 0; i < self->send_frames->len; i++)
    {
      GBytes *frame = g_ptr_array_index (self->send_frames, i);
      gsize len;
      const guint8 *data = g_bytes_get_data (frame, &len);
      GString *line = g_string_sized_new (len * 2 + 32);
      gsize j;

      g_string_append_printf (line, "send %s ", self->send_interface);
      for (j = 0; j < len; j++)
        g_string_append_printf (line, "%02x", data[j]);
      sl_frame_run_command (run, line->str);
      run->pending++;
      g_string_free (line, TRUE);
    }

  self->send_rounds_left--;
  if (self->send_rounds_left == 0)
    cancel_send_job (self);
}

static gboolean
send_timer_cb (gpointer data)
{
  SlFrameLink *self = data;

  send_round (self);
  if (self->send_frames == NULL)
    {
      g_clear_pointer (&self->send_timer, g_source_unref);
      update_sending (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

gboolean
sl_frame_link_send (SlFrameLink  *self,
                    const char   *interface,
                    GPtrArray    *frames,
                    guint         count,
                    guint         interval_ms,
                    GError      **error)
{
  SlFrameRun *run;

  g_return_val_if_fail (SL_IS_FRAME_LINK (self), FALSE);
  g_return_val_if_fail (interface != NULL, FALSE);
  g_return_val_if_fail (frames != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (frames->len == 0 || count == 0)
    return TRUE;

  if ((guint64) frames->len * count > SL_FRAME_LINK_MAX_SEND)
    {
      g_autofree char *limit = g_strdup_printf ("%u", SL_FRAME_LINK_MAX_SEND);

      /* Translators: %s is a number such as 10000 */
      g_set_error (error, SL_ERROR, SL_ERROR_TOO_LARGE,
                   _("That would be more than %s frames at once. Choose a smaller count."),
                   limit);
      return FALSE;
    }

  cancel_send_job (self);
  sl_frame_link_clear_error (self);

  run = get_run (self, interface);
  if (run == NULL)
    {
      if (error != NULL && self->error != NULL)
        *error = g_error_copy (self->error);
      update_sending (self);
      return FALSE;
    }

  g_free (self->send_interface);
  self->send_interface = g_strdup (interface);
  self->send_frames = g_ptr_array_ref (frames);
  self->send_rounds_left = count;
  self->send_interval_ms = interval_ms;
  maybe_idle (self, run);

  if (interval_ms == 0)
    {
      while (self->send_frames != NULL)
        send_round (self);
    }
  else
    {
      send_round (self);
      if (self->send_frames != NULL)
        self->send_timer = attach_timeout (self, interval_ms, send_timer_cb, self, NULL,
                                           "[sl-frame-link] send interval");
    }

  update_sending (self);
  return TRUE;
}

void
sl_frame_link_stop_sending (SlFrameLink *self)
{
  SlFrameRun *run;

  g_return_if_fail (SL_IS_FRAME_LINK (self));

  cancel_send_job (self);
  run = self->send_interface != NULL ? g_hash_table_lookup (self->runs, self->send_interface) : NULL;
  if (run != NULL)
    maybe_idle (self, run);
  update_sending (self);
}

gboolean
sl_frame_link_get_sending (SlFrameLink *self)
{
  g_return_val_if_fail (SL_IS_FRAME_LINK (self), FALSE);
  return self->sending;
}

guint64
sl_frame_link_get_n_sent (SlFrameLink *self)
{
  g_return_val_if_fail (SL_IS_FRAME_LINK (self), 0);
  return self->n_sent;
}

/* Receiving -------------------------------------------------------------- */

void
sl_frame_link_start_receive (SlFrameLink *self,
                             const char  *interface,
                             int          ethertype)
{
  g_autofree char *filter = NULL;
  g_autofree char *old_interface = NULL;
  SlFrameRun *run;

  g_return_if_fail (SL_IS_FRAME_LINK (self));
  g_return_if_fail (interface != NULL);
  g_return_if_fail (ethertype >= -1 && ethertype <= 0xFFFF);

  sl_frame_link_clear_error (self);

  if (self->receiving && g_strcmp0 (self->receive_interface, interface) != 0)
    old_interface = g_strdup (self->receive_interface);

  g_free (self->receive_interface);
  self->receive_interface = g_strdup (interface);
  self->receive_ethertype = ethertype;
  self->receiving = TRUE;

  /* The helper that received until now goes back to sending only */
  if (old_interface != NULL && (run = g_hash_table_lookup (self->runs, old_interface)) != NULL)
    {
      sl_frame_run_command (run, "filter " SL_FRAME_NO_FRAMES_FILTER);
      maybe_idle (self, run);
    }

  run = g_hash_table_lookup (self->runs, interface);
  if (run != NULL)
    {
      g_autofree char *command = NULL;

      filter = filter_for (self, interface);
      command = *filter != '\0' ? g_strconcat ("filter ", filter, NULL) : g_strdup ("filter");
      sl_frame_run_command (run, command);
      maybe_idle (self, run);
    }
  else
    run = get_run (self, interface);

  if (run == NULL)
    self->receiving = FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVE_INTERFACE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVE_ETHERTYPE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVING]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
sl_frame_link_stop_receive (SlFrameLink *self)
{
  SlFrameRun *run;

  g_return_if_fail (SL_IS_FRAME_LINK (self));

  if (!self->receiving)
    return;

  self->receiving = FALSE;
  run = g_hash_table_lookup (self->runs, self->receive_interface);
  if (run != NULL)
    {
      sl_frame_run_command (run, "filter " SL_FRAME_NO_FRAMES_FILTER);
      maybe_idle (self, run);
    }
  /* What arrived before the stop is shown */
  flush_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVING]);
}

gboolean
sl_frame_link_get_receiving (SlFrameLink *self)
{
  g_return_val_if_fail (SL_IS_FRAME_LINK (self), FALSE);
  return self->receiving;
}

const char *
sl_frame_link_get_receive_interface (SlFrameLink *self)
{
  g_return_val_if_fail (SL_IS_FRAME_LINK (self), NULL);
  return self->receive_interface;
}

int
sl_frame_link_get_receive_ethertype (SlFrameLink *self)
{
  g_return_val_if_fail (SL_IS_FRAME_LINK (self), -1);
  return self->receive_ethertype;
}

guint64
sl_frame_link_get_n_received (SlFrameLink *self)
{
  g_return_val_if_fail (SL_IS_FRAME_LINK (self), 0);
  return self->n_received;
}

GListModel *
sl_frame_link_get_frames (SlFrameLink *self)
{
  g_return_val_if_fail (SL_IS_FRAME_LINK (self), NULL);
  return G_LIST_MODEL (self->frames);
}

void
sl_frame_link_clear_frames (SlFrameLink *self)
{
  g_return_if_fail (SL_IS_FRAME_LINK (self));

  g_queue_clear_full (&self->pending_frames, pending_frame_free);
  g_list_store_remove_all (self->frames);
}

const GError *
sl_frame_link_get_error (SlFrameLink *self)
{
  g_return_val_if_fail (SL_IS_FRAME_LINK (self), NULL);
  return self->error;
}

void
sl_frame_link_clear_error (SlFrameLink *self)
{
  g_return_if_fail (SL_IS_FRAME_LINK (self));

  if (self->error != NULL)
    set_error (self, NULL);
}

void
sl_frame_link_stop_all (SlFrameLink *self)
{
  GHashTableIter iter;
  gpointer value;
  g_autoptr(GPtrArray) runs = g_ptr_array_new ();
  guint i;

  g_return_if_fail (SL_IS_FRAME_LINK (self));

  cancel_send_job (self);
  if (self->receiving)
    {
      self->receiving = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVING]);
    }

  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (runs, value);
  for (i = 0; i < runs->len; i++)
    {
      SlFrameRun *run = g_ptr_array_index (runs, i);

      run->pending = 0;
      run_detach (self, run);
    }
  update_sending (self);
}

/* GObject ---------------------------------------------------------------- */

static void
sl_frame_link_dispose (GObject *object)
{
  SlFrameLink *self = SL_FRAME_LINK (object);

  if (self->runs != NULL)
    sl_frame_link_stop_all (self);
  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }

  G_OBJECT_CLASS (sl_frame_link_parent_class)->dispose (object);
}

static void
sl_frame_link_finalize (GObject *object)
{
  SlFrameLink *self = SL_FRAME_LINK (object);

  g_clear_pointer (&self->runs, g_hash_table_unref);
  g_clear_object (&self->frames);
  g_queue_clear_full (&self->pending_frames, pending_frame_free);
  g_free (self->receive_interface);
  g_free (self->send_interface);
  g_clear_error (&self->error);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (sl_frame_link_parent_class)->finalize (object);
}

static void
sl_frame_link_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SlFrameLink *self = SL_FRAME_LINK (object);

  switch (prop_id)
    {
    case PROP_RECEIVING:
      g_value_set_boolean (value, self->receiving);
      break;
    case PROP_RECEIVE_INTERFACE:
      g_value_set_string (value, self->receive_interface);
      break;
    case PROP_RECEIVE_ETHERTYPE:
      g_value_set_int (value, self->receive_ethertype);
      break;
    case PROP_N_RECEIVED:
      g_value_set_uint64 (value, self->n_received);
      break;
    case PROP_SENDING:
      g_value_set_boolean (value, self->sending);
      break;
    case PROP_N_SENT:
      g_value_set_uint64 (value, self->n_sent);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_frame_link_class_init (SlFrameLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_frame_link_dispose;
  object_class->finalize = sl_frame_link_finalize;
  object_class->get_property = sl_frame_link_get_property;

  properties[PROP_RECEIVING] =
    g_param_spec_boolean ("receiving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECEIVE_INTERFACE] =
    g_param_spec_string ("receive-interface", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECEIVE_ETHERTYPE] =
    g_param_spec_int ("receive-ethertype", NULL, NULL, -1, 0xFFFF, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_RECEIVED] =
    g_param_spec_uint64 ("n-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SENDING] =
    g_param_spec_boolean ("sending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SENT] =
    g_param_spec_uint64 ("n-sent", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_frame_link_init (SlFrameLink *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->runs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) sl_frame_run_unref);
  self->frames = g_list_store_new (SL_TYPE_RECEIVED_FRAME);
  g_queue_init (&self->pending_frames);
  self->receive_ethertype = -1;

  self->flush_source = g_timeout_source_new (FLUSH_MS);
  g_source_set_callback (self->flush_source, flush_cb, self, NULL);
  g_source_set_static_name (self->flush_source, "[sl-frame-link] frames");
  g_source_attach (self->flush_source, self->context);
}

SlFrameLink *
sl_frame_link_new (void)
{
  return g_object_new (SL_TYPE_FRAME_LINK, NULL);
}
