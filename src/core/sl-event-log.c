/* sl-event-log.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlEventLog is the bridge between the network thread and the UI. Engines
 * append SlEvents from the network thread under a short lock; the thread that
 * created the log (the GTK main thread) takes the pending batch at most once
 * per frame (16 ms) and emits a single items-changed for it.
 *
 * Under heavy traffic, data events of one connection are merged while they
 * wait ("received 1,204,224 bytes in 37 reads"), each event keeps at most
 * SL_EVENT_DATA_CAP bytes of data, and the log keeps a bounded number of
 * events and bytes, so memory and frame time stay flat whatever the load.
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-event-log"

#include <glib/gi18n-lib.h>

#include "sl-event-log.h"
#include "sl-format.h"

struct _SlEvent
{
  GObject parent_instance;

  SlEventKind kind;
  guint64 connection_id;
  gint64 real_time;
  gint64 monotonic_time;
  char *peer;
  char *local;
  char *message;
  GByteArray *data;     /* at most SL_EVENT_DATA_CAP bytes */
  guint64 byte_count;   /* all bytes, also those not kept */
  guint op_count;       /* reads or writes merged into this event */
  gpointer detail;      /* an engine's structured record, see sl_event_set_detail() */
  GDestroyNotify detail_free;
};

G_DEFINE_FINAL_TYPE (SlEvent, sl_event, G_TYPE_OBJECT)

static void
sl_event_finalize (GObject *object)
{
  SlEvent *self = SL_EVENT (object);

  g_free (self->peer);
  g_free (self->local);
  g_free (self->message);
  g_clear_pointer (&self->data, g_byte_array_unref);
  if (self->detail_free != NULL)
    self->detail_free (self->detail);

  G_OBJECT_CLASS (sl_event_parent_class)->finalize (object);
}

static void
sl_event_class_init (SlEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_event_finalize;
}

static void
sl_event_init (SlEvent *self)
{
  self->real_time = g_get_real_time ();
  self->monotonic_time = g_get_monotonic_time ();
}

void
sl_event_set_detail (SlEvent        *self,
                     gpointer        detail,
                     GDestroyNotify  detail_free)
{
  g_return_if_fail (SL_IS_EVENT (self));

  if (self->detail_free != NULL)
    self->detail_free (self->detail);
  self->detail = detail;
  self->detail_free = detail_free;
}

gpointer
sl_event_get_detail (SlEvent *self)
{
  g_return_val_if_fail (SL_IS_EVENT (self), NULL);

  return self->detail;
}

SlEvent *
sl_event_new (SlEventKind kind,
              guint64     connection_id)
{
  SlEvent *self = g_object_new (SL_TYPE_EVENT, NULL);

  self->kind = kind;
  self->connection_id = connection_id;

  return self;
}

SlEventKind
sl_event_get_kind (SlEvent *self)
{
  g_return_val_if_fail (SL_IS_EVENT (self), SL_EVENT_INFO);
  return self->kind;
}

guint64
sl_event_get_connection_id (SlEvent *self)
{
  g_return_val_if_fail (SL_IS_EVENT (self), 0);
  return self->connection_id;
}

gint64
sl_event_get_real_time (SlEvent *self)
{
  g_return_val_if_fail (SL_IS_EVENT (self), 0);
  return self->real_time;
}

gint64
sl_event_get_monotonic_time (SlEvent *self)
{
  g_return_val_if_fail (SL_IS_EVENT (self), 0);
  return self->monotonic_time;
}

const char *
sl_event_get_peer (SlEvent *self)
{
  g_return_val_if_fail (SL_IS_EVENT (self), NULL);
  return self->peer;
}

void
sl_event_set_peer (SlEvent    *self,
                   const char *peer)
{
  g_return_if_fail (SL_IS_EVENT (self));
  g_free (self->peer);
  self->peer = g_strdup (peer);
}

const char *
sl_event_get_local (SlEvent *self)
{
  g_return_val_if_fail (SL_IS_EVENT (self), NULL);
  return self->local;
}

void
sl_event_set_local (SlEvent    *self,
                    const char *local)
{
  g_return_if_fail (SL_IS_EVENT (self));
  g_free (self->local);
  self->local = g_strdup (local);
}

const char *
sl_event_get_message (SlEvent *self)
{
  g_return_val_if_fail (SL_IS_EVENT (self), NULL);
  return self->message;
}

void
sl_event_set_message (SlEvent    *self,
                      const char *message)
{
  g_return_if_fail (SL_IS_EVENT (self));
  g_free (self->message);
  self->message = g_strdup (message);
}

/* Returns the kept bytes (at most SL_EVENT_DATA_CAP), or NULL. */
GBytes *
sl_event_get_data (SlEvent *self)
{
  g_return_val_if_fail (SL_IS_EVENT (self), NULL);

  if (self->data == NULL)
    return NULL;

  return g_bytes_new (self->data->data, self->data->len);
}

static void
event_add_data (SlEvent      *self,
                const guint8 *data,
                gsize         len)
{
  gsize keep;

  self->byte_count += len;
  self->op_count++;

  if (self->data == NULL)
    self->data = g_byte_array_new ();

  keep = MIN (len, SL_EVENT_DATA_CAP - self->data->len);
  if (keep > 0)
    g_byte_array_append (self->data, data, keep);
}

void
sl_event_set_data (SlEvent      *self,
                   const guint8 *data,
                   gsize         len)
{
  g_return_if_fail (SL_IS_EVENT (self));
  g_return_if_fail (data != NULL || len == 0);

  g_clear_pointer (&self->data, g_byte_array_unref);
  self->byte_count = 0;
  self->op_count = 0;
  event_add_data (self, data, len);
}

guint64
sl_event_get_byte_count (SlEvent *self)
{
  g_return_val_if_fail (SL_IS_EVENT (self), 0);
  return self->byte_count;
}

guint
sl_event_get_op_count (SlEvent *self)
{
  g_return_val_if_fail (SL_IS_EVENT (self), 0);
  return self->op_count;
}

/* The socket call that caused this event, as a student writes it in code.
 * Not translated: these are names of functions. */
const char *
sl_event_get_call (SlEvent *self)
{
  g_return_val_if_fail (SL_IS_EVENT (self), NULL);

  switch (self->kind)
    {
    case SL_EVENT_LISTENING:   return "listen()";
    case SL_EVENT_STOPPED:     return "close()";
    case SL_EVENT_CONNECTING:  return "connect()";
    case SL_EVENT_CONNECTED:   return "connect()";
    case SL_EVENT_ACCEPTED:    return "accept()";
    case SL_EVENT_RECEIVED:    return "recv()";
    case SL_EVENT_SENT:        return "send()";
    case SL_EVENT_PEER_CLOSED: return "recv()";
    case SL_EVENT_CLOSED:      return "close()";
    case SL_EVENT_INFO:
    case SL_EVENT_ERROR:
    default:
      return NULL;
    }
}

char *
sl_event_format_time (SlEvent *self)
{
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (SL_IS_EVENT (self), NULL);

  dt = g_date_time_new_from_unix_local (self->real_time / G_USEC_PER_SEC);
  if (dt == NULL)
    return g_strdup ("");

  return g_strdup_printf ("%02d:%02d:%02d.%03d",
                          g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt),
                          g_date_time_get_second (dt),
                          (int) (self->real_time % G_USEC_PER_SEC) / 1000);
}

/* One line for the log view. Data events are worded from their counts, so
 * that merged events still read as a sentence. */
char *
sl_event_dup_summary (SlEvent *self)
{
  g_autofree char *bytes = NULL;
  guint ops;

  g_return_val_if_fail (SL_IS_EVENT (self), NULL);

  if (self->kind != SL_EVENT_RECEIVED && self->kind != SL_EVENT_SENT)
    return g_strdup (self->message ? self->message : "");

  bytes = sl_format_count (self->byte_count);
  ops = self->op_count;

  if (self->kind == SL_EVENT_RECEIVED)
    {
      if (ops <= 1)
        /* Translators: %s is a number of bytes, already formatted */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Received %s byte",
                                             "Received %s bytes",
                                             self->byte_count % 1000000),
                                bytes);
      /* Translators: the first %s is a number of bytes, %u a number of recv() calls */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Received %s bytes in %u read",
                                           "Received %s bytes in %u reads",
                                           ops),
                              bytes, ops);
    }

  if (ops <= 1)
    /* Translators: %s is a number of bytes, already formatted */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Sent %s byte",
                                         "Sent %s bytes",
                                         self->byte_count % 1000000),
                            bytes);
  /* Translators: the first %s is a number of bytes, %u a number of send() calls */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Sent %s bytes in %u write",
                                       "Sent %s bytes in %u writes",
                                       ops),
                          bytes, ops);
}


#define DEFAULT_MAX_EVENTS     5000
#define DEFAULT_MAX_DATA_BYTES (4 * 1024 * 1024)
#define MERGE_LOOKBACK         16
/* Below this many waiting events each read and write stays its own event,
 * so that a student sees the format string and the packed data as two
 * sends; above it the traffic is too fast to read one by one anyway. */
#define MERGE_THRESHOLD        8

struct _SlEventLog
{
  GObject parent_instance;

  /* Owned by the thread that created the log */
  GMainContext *owner;
  GPtrArray *items;
  gsize data_bytes;
  guint max_events;
  gsize max_data_bytes;

  /* Shared with appending threads, under lock */
  GMutex lock;
  GPtrArray *pending;
  gboolean flush_scheduled;
  guint64 total_appended;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlEventLog, sl_event_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
sl_event_log_get_item_type (GListModel *model)
{
  return SL_TYPE_EVENT;
}

static guint
sl_event_log_get_n_items (GListModel *model)
{
  return SL_EVENT_LOG (model)->items->len;
}

static gpointer
sl_event_log_get_item (GListModel *model,
                       guint       position)
{
  SlEventLog *self = SL_EVENT_LOG (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sl_event_log_get_item_type;
  iface->get_n_items = sl_event_log_get_n_items;
  iface->get_item = sl_event_log_get_item;
}

static void
sl_event_log_finalize (GObject *object)
{
  SlEventLog *self = SL_EVENT_LOG (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->owner, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sl_event_log_parent_class)->finalize (object);
}

static void
sl_event_log_class_init (SlEventLogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_event_log_finalize;
}

static void
sl_event_log_init (SlEventLog *self)
{
  g_mutex_init (&self->lock);
  self->owner = g_main_context_ref_thread_default ();
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  self->max_events = DEFAULT_MAX_EVENTS;
  self->max_data_bytes = DEFAULT_MAX_DATA_BYTES;
}

/* Must be called on the thread that will read the log (the UI thread). */
SlEventLog *
sl_event_log_new (void)
{
  return g_object_new (SL_TYPE_EVENT_LOG, NULL);
}

void
sl_event_log_set_limits (SlEventLog *self,
                         guint       max_events,
                         gsize       max_data_bytes)
{
  g_return_if_fail (SL_IS_EVENT_LOG (self));
  g_return_if_fail (max_events > 0);

  self->max_events = max_events;
  self->max_data_bytes = max_data_bytes;
}

static gsize
event_data_len (SlEvent *event)
{
  return event->data ? event->data->len : 0;
}

static gboolean
flush_cb (gpointer user_data)
{
  SlEventLog *self = user_data;

  sl_event_log_flush (self);

  return G_SOURCE_REMOVE;
}

/* Merges @event into a waiting data event of the same connection, if there
 * is one that nothing else of that connection came after. */
static gboolean
try_merge_locked (SlEventLog *self,
                  SlEvent    *event)
{
  guint i, stop;

  if (event->kind != SL_EVENT_RECEIVED && event->kind != SL_EVENT_SENT)
    return FALSE;

  /* A structured record (one HTTP request) is one row in a table: never merged */
  if (event->detail != NULL)
    return FALSE;

  if (self->pending->len < MERGE_THRESHOLD)
    return FALSE;

  stop = self->pending->len > MERGE_LOOKBACK ? self->pending->len - MERGE_LOOKBACK : 0;

  for (i = self->pending->len; i > stop; i--)
    {
      SlEvent *other = g_ptr_array_index (self->pending, i - 1);

      if (other->connection_id != event->connection_id ||
          g_strcmp0 (other->peer, event->peer) != 0)
        continue;

      if (other->kind == event->kind && other->detail == NULL)
        {
          guint ops = other->op_count;

          if (event->data != NULL)
            event_add_data (other, event->data->data, event->data->len);
          /* event_add_data() counted the kept bytes and one op; correct it
           * to what the merged event really stood for */
          other->byte_count += event->byte_count - event_data_len (event);
          other->op_count = ops + MAX (event->op_count, 1);
          return TRUE;
        }

      if (other->kind != SL_EVENT_RECEIVED && other->kind != SL_EVENT_SENT)
        return FALSE;
    }

  return FALSE;
}

/* Thread-safe. Takes ownership of @event. */
void
sl_event_log_append (SlEventLog *self,
                     SlEvent    *event)
{
  gboolean schedule = FALSE;

  g_return_if_fail (SL_IS_EVENT_LOG (self));
  g_return_if_fail (SL_IS_EVENT (event));

  g_mutex_lock (&self->lock);

  self->total_appended++;

  if (try_merge_locked (self, event))
    {
      g_object_unref (event);
    }
  else
    {
      g_ptr_array_add (self->pending, event);

      /* If the reader stalls, drop the oldest waiting events rather than
       * grow without bound. */
      if (self->pending->len > self->max_events)
        g_ptr_array_remove_range (self->pending, 0, self->pending->len - self->max_events);
    }

  if (!self->flush_scheduled)
    {
      self->flush_scheduled = TRUE;
      schedule = TRUE;
    }

  g_mutex_unlock (&self->lock);

  if (schedule)
    {
      GSource *source = g_timeout_source_new (16);

      g_source_set_callback (source, flush_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[sl-event-log] flush");
      g_source_attach (source, self->owner);
      g_source_unref (source);
    }
}

void
sl_event_log_add_message (SlEventLog  *self,
                          SlEventKind  kind,
                          guint64      connection_id,
                          const char  *peer,
                          const char  *format,
                          ...)
{
  SlEvent *event;
  va_list args;
  g_autofree char *message = NULL;

  g_return_if_fail (SL_IS_EVENT_LOG (self));
  g_return_if_fail (format != NULL);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  event = sl_event_new (kind, connection_id);
  sl_event_set_peer (event, peer);
  sl_event_set_message (event, message);
  sl_event_log_append (self, event);
}

/* Merges data into a waiting event of the same connection without
 * allocating an event first: under load, almost every read lands here. */
static gboolean
try_merge_data_locked (SlEventLog   *self,
                       SlEventKind   kind,
                       guint64       connection_id,
                       const char   *peer,
                       const guint8 *data,
                       gsize         len)
{
  guint i, stop;

  if (self->pending->len < MERGE_THRESHOLD)
    return FALSE;

  stop = self->pending->len > MERGE_LOOKBACK ? self->pending->len - MERGE_LOOKBACK : 0;

  for (i = self->pending->len; i > stop; i--)
    {
      SlEvent *other = g_ptr_array_index (self->pending, i - 1);

      if (other->connection_id != connection_id || g_strcmp0 (other->peer, peer) != 0)
        continue;

      if (other->kind == kind)
        {
          event_add_data (other, data, len);
          return TRUE;
        }

      if (other->kind != SL_EVENT_RECEIVED && other->kind != SL_EVENT_SENT)
        return FALSE;
    }

  return FALSE;
}

void
sl_event_log_add_data (SlEventLog   *self,
                       SlEventKind   kind,
                       guint64       connection_id,
                       const char   *peer,
                       const guint8 *data,
                       gsize         len)
{
  SlEvent *event;
  gboolean merged;

  g_return_if_fail (SL_IS_EVENT_LOG (self));
  g_return_if_fail (data != NULL || len == 0);

  if (kind == SL_EVENT_RECEIVED || kind == SL_EVENT_SENT)
    {
      g_mutex_lock (&self->lock);
      merged = try_merge_data_locked (self, kind, connection_id, peer, data, len);
      if (merged)
        self->total_appended++;
      g_mutex_unlock (&self->lock);

      /* A merge means a flush is already scheduled */
      if (merged)
        return;
    }

  event = sl_event_new (kind, connection_id);
  sl_event_set_peer (event, peer);
  sl_event_set_data (event, data, len);
  sl_event_log_append (self, event);
}

void
sl_event_log_add_error (SlEventLog   *self,
                        guint64       connection_id,
                        const char   *peer,
                        const GError *error)
{
  SlEvent *event;

  g_return_if_fail (SL_IS_EVENT_LOG (self));
  g_return_if_fail (error != NULL);

  event = sl_event_new (SL_EVENT_ERROR, connection_id);
  sl_event_set_peer (event, peer);
  sl_event_set_message (event, error->message);
  sl_event_log_append (self, event);
}

/* Publishes the waiting events now. Called once per frame by the log itself;
 * tests call it directly. Only on the owner thread. */
void
sl_event_log_flush (SlEventLog *self)
{
  g_autoptr(GPtrArray) batch = NULL;
  guint old_len, removed = 0, i;

  g_return_if_fail (SL_IS_EVENT_LOG (self));

  g_mutex_lock (&self->lock);
  batch = g_steal_pointer (&self->pending);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  self->flush_scheduled = FALSE;
  g_mutex_unlock (&self->lock);

  if (batch->len == 0)
    return;

  old_len = self->items->len;

  for (i = 0; i < batch->len; i++)
    {
      SlEvent *event = g_ptr_array_index (batch, i);

      self->data_bytes += event_data_len (event);
      g_ptr_array_add (self->items, g_object_ref (event));
    }

  while (removed < self->items->len &&
         (self->items->len - removed > self->max_events ||
          (self->data_bytes > self->max_data_bytes && self->items->len - removed > 1)))
    {
      SlEvent *event = g_ptr_array_index (self->items, removed);

      self->data_bytes -= event_data_len (event);
      removed++;
    }

  /* Two signals, each true at the moment it is emitted: first the batch
   * appended, then the oldest events dropped. */
  g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, batch->len);

  if (removed > 0)
    {
      g_ptr_array_remove_range (self->items, 0, removed);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
    }
}

void
sl_event_log_clear (SlEventLog *self)
{
  guint len;

  g_return_if_fail (SL_IS_EVENT_LOG (self));

  len = self->items->len;
  if (len == 0)
    return;

  g_ptr_array_set_size (self->items, 0);
  self->data_bytes = 0;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, len, 0);
}

guint64
sl_event_log_get_total_appended (SlEventLog *self)
{
  guint64 total;

  g_return_val_if_fail (SL_IS_EVENT_LOG (self), 0);

  g_mutex_lock (&self->lock);
  total = self->total_appended;
  g_mutex_unlock (&self->lock);

  return total;
}
