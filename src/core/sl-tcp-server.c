/* sl-tcp-server.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlTcpServer owns the TCP listeners of the server page and every connection
 * they accept. This file is its main-thread half: the GObjects, the listener
 * and connection models, and the 500 ms timer that publishes TCP_INFO. The
 * sockets live on the network thread (sl-tcp-server-net.c for listeners,
 * sl-tcp-server-conn.c for connections), reached only through
 * sl_net_thread_invoke() with ids, never pointers; what they report comes
 * back as a FIFO of operations drained here on the main context captured
 * at construction. No thread per connection, and the main thread never
 * waits on the network except in dispose, which closes every socket before
 * it returns. */

#include "config.h"

#define G_LOG_DOMAIN "sl-tcp-server"

#include <gio/gio.h>

#include "sl-net-thread.h"
#include "sl-tcp-server-private.h"

#define MAX_CLOSED_KEPT     200
#define REFRESH_INTERVAL_MS 500

/* ------------------------------------------------------------------------ */
/* SlListener                                                                */

struct _SlListener
{
  GObject parent_instance;

  guint id;
  char *address;
  guint16 port;
  SlReplyConfig *reply;
  guint n_connections;
};

G_DEFINE_FINAL_TYPE (SlListener, sl_listener, G_TYPE_OBJECT)

enum {
  LISTENER_PROP_0,
  LISTENER_PROP_ADDRESS,
  LISTENER_PROP_PORT,
  LISTENER_PROP_REPLY,
  LISTENER_PROP_N_CONNECTIONS,
  LISTENER_N_PROPS
};

static GParamSpec *listener_properties[LISTENER_N_PROPS];

static void
sl_listener_finalize (GObject *object)
{
  SlListener *self = SL_LISTENER (object);

  g_free (self->address);
  g_clear_pointer (&self->reply, sl_reply_config_free);

  G_OBJECT_CLASS (sl_listener_parent_class)->finalize (object);
}

static void
sl_listener_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SlListener *self = SL_LISTENER (object);

  switch (prop_id)
    {
    case LISTENER_PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case LISTENER_PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case LISTENER_PROP_REPLY:
      g_value_set_boxed (value, self->reply);
      break;
    case LISTENER_PROP_N_CONNECTIONS:
      g_value_set_uint (value, self->n_connections);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_listener_class_init (SlListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sl_listener_finalize;
  object_class->get_property = sl_listener_get_property;

  listener_properties[LISTENER_PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL, flags);
  listener_properties[LISTENER_PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, flags);
  listener_properties[LISTENER_PROP_REPLY] =
    g_param_spec_boxed ("reply", NULL, NULL, SL_TYPE_REPLY_CONFIG, flags);
  listener_properties[LISTENER_PROP_N_CONNECTIONS] =
    g_param_spec_uint ("n-connections", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, LISTENER_N_PROPS, listener_properties);
}

static void
sl_listener_init (SlListener *self)
{
}

const char *
sl_listener_get_address (SlListener *self)
{
  g_return_val_if_fail (SL_IS_LISTENER (self), NULL);
  return self->address;
}

guint16
sl_listener_get_port (SlListener *self)
{
  g_return_val_if_fail (SL_IS_LISTENER (self), 0);
  return self->port;
}

const SlReplyConfig *
sl_listener_get_reply (SlListener *self)
{
  g_return_val_if_fail (SL_IS_LISTENER (self), NULL);
  return self->reply;
}

guint
sl_listener_get_n_connections (SlListener *self)
{
  g_return_val_if_fail (SL_IS_LISTENER (self), 0);
  return self->n_connections;
}

static void
listener_add_connections (SlListener *self,
                          int         delta)
{
  self->n_connections += delta;
  g_object_notify_by_pspec (G_OBJECT (self), listener_properties[LISTENER_PROP_N_CONNECTIONS]);
}

SlListener *
sl_listener_new (guint                id,
                 const char          *address,
                 guint16              port,
                 const SlReplyConfig *reply)
{
  SlListener *self = g_object_new (SL_TYPE_LISTENER, NULL);

  self->id = id;
  self->address = g_strdup (address);
  self->port = port;
  self->reply = sl_reply_config_copy (reply);

  return self;
}

guint
sl_listener_get_id (SlListener *self)
{
  return self->id;
}

/* ------------------------------------------------------------------------ */
/* SlTcpServer: the main half                                                */

struct _SlTcpServer
{
  GObject parent_instance;

  SlServerShared *shared;
  SlEventLog *log;
  GCancellable *cancellable;
  GListStore *listeners;
  GListStore *connections;
  GHashTable *open;             /* SlConnection → SlListener or NULL (refs) */
  GQueue closed;                /* SlConnection, oldest first (no refs) */
  GPtrArray *adding;            /* SlConnection, appended in one splice per batch */
  GSource *refresh_source;
};

G_DEFINE_FINAL_TYPE (SlTcpServer, sl_tcp_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
send_request_to_net (SlTcpServer     *self,
                     SlServerRequest *request)
{
  request->shared = sl_server_shared_ref (self->shared);
  sl_net_thread_invoke (sl_net_request, request, sl_server_request_free);
}

static gboolean
refresh_cb (gpointer data)
{
  SlTcpServer *self = data;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->open);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    sl_connection_refresh (key);

  return G_SOURCE_CONTINUE;
}

/* TCP_INFO is polled only while some connection is open */
static void
update_refresh_timer (SlTcpServer *self)
{
  gboolean want = g_hash_table_size (self->open) > 0;

  if (want && self->refresh_source == NULL)
    {
      self->refresh_source = g_timeout_source_new (REFRESH_INTERVAL_MS);
      g_source_set_callback (self->refresh_source, refresh_cb, self, NULL);
      g_source_set_static_name (self->refresh_source, "[sl-tcp-server] refresh");
      g_source_attach (self->refresh_source, self->shared->main_context);
    }
  else if (!want && self->refresh_source != NULL)
    {
      g_source_destroy (self->refresh_source);
      g_clear_pointer (&self->refresh_source, g_source_unref);
    }
}

static SlListener *
find_listener (SlTcpServer *self,
               guint        id)
{
  guint i, n = g_list_model_get_n_items (G_LIST_MODEL (self->listeners));

  for (i = 0; i < n; i++)
    {
      g_autoptr(SlListener) listener = g_list_model_get_item (G_LIST_MODEL (self->listeners), i);

      if (listener->id == id)
        return listener;
    }

  return NULL;
}

/* One items-changed for a burst of accepted connections, not one each */
static void
flush_adding (SlTcpServer *self)
{
  if (self->adding->len == 0)
    return;

  g_list_store_splice (self->connections,
                       g_list_model_get_n_items (G_LIST_MODEL (self->connections)), 0,
                       self->adding->pdata, self->adding->len);
  g_ptr_array_set_size (self->adding, 0);
}

static void
remove_connection (SlTcpServer  *self,
                   SlConnection *connection)
{
  guint position;

  if (g_list_store_find (self->connections, connection, &position))
    g_list_store_remove (self->connections, position);
}

static void
handle_connection_changed (SlTcpServer  *self,
                           SlConnection *connection)
{
  SlListener *listener;

  sl_connection_refresh (connection);

  if (sl_connection_get_state (connection) != SL_CONNECTION_CLOSED ||
      !g_hash_table_lookup_extended (self->open, connection, NULL, (gpointer *) &listener))
    return;

  if (listener != NULL)
    listener_add_connections (listener, -1);
  g_hash_table_remove (self->open, connection);

  /* "Recently closed": a long class keeps a bounded model */
  g_queue_push_tail (&self->closed, connection);
  if (self->closed.length > MAX_CLOSED_KEPT)
    flush_adding (self);
  while (self->closed.length > MAX_CLOSED_KEPT)
    remove_connection (self, g_queue_pop_head (&self->closed));

  update_refresh_timer (self);
}

static void
handle_op (SlServerShared *shared,
           SlServerOp     *op)
{
  SlTcpServer *self = shared->server;
  SlListener *listener;

  switch (op->kind)
    {
    case SL_SERVER_OP_LISTENER_STARTED:
      /* Disposed, cancelled, or stop_all came while it was starting */
      if (self == NULL || op->generation != shared->generation ||
          g_cancellable_is_cancelled (g_task_get_cancellable (op->task)))
        {
          SlServerRequest *stop = g_new0 (SlServerRequest, 1);

          stop->shared = sl_server_shared_ref (shared);
          stop->kind = SL_SERVER_REQUEST_STOP_LISTENER;
          stop->listener_id = op->listener_id;
          sl_net_thread_invoke (sl_net_request, stop, sl_server_request_free);
          if (!g_task_return_error_if_cancelled (op->task))
            g_task_return_new_error (op->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                     "The server was stopped while the listener started");
          break;
        }
      g_list_store_append (self->listeners, op->listener);
      g_task_return_pointer (op->task, g_object_ref (op->listener), g_object_unref);
      break;

    case SL_SERVER_OP_LISTENER_FAILED:
      g_task_return_error (op->task, g_steal_pointer (&op->error));
      break;

    case SL_SERVER_OP_CONNECTION_ADDED:
      if (self == NULL)
        break;
      listener = find_listener (self, op->listener_id);
      g_hash_table_insert (self->open, g_object_ref (op->connection),
                           listener ? g_object_ref (listener) : NULL);
      if (listener != NULL)
        listener_add_connections (listener, 1);
      g_ptr_array_add (self->adding, g_object_ref (op->connection));
      sl_connection_refresh (op->connection);
      update_refresh_timer (self);
      break;

    case SL_SERVER_OP_CONNECTION_CHANGED:
      if (self != NULL)
        handle_connection_changed (self, op->connection);
      break;

    default:
      g_assert_not_reached ();
    }
}

gboolean
sl_tcp_server_dispatch_ops (gpointer data)
{
  SlServerShared *shared = data;
  g_autoptr(GPtrArray) frozen = g_ptr_array_new_with_free_func (g_object_unref);
  GQueue ops = G_QUEUE_INIT;
  SlServerOp *op;
  guint i;

  g_mutex_lock (&shared->lock);
  ops = shared->main_ops;
  g_queue_init (&shared->main_ops);
  shared->main_scheduled = FALSE;
  g_mutex_unlock (&shared->lock);

  /* "n-connections" notifies once per batch */
  if (shared->server != NULL)
    for (i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (shared->server->listeners)); i++)
      {
        GObject *listener = g_list_model_get_item (G_LIST_MODEL (shared->server->listeners), i);

        g_object_freeze_notify (listener);
        g_ptr_array_add (frozen, listener);
      }

  while ((op = g_queue_pop_head (&ops)) != NULL)
    {
      handle_op (shared, op);
      sl_server_op_free (op);
    }

  if (shared->server != NULL)
    flush_adding (shared->server);

  for (i = 0; i < frozen->len; i++)
    g_object_thaw_notify (g_ptr_array_index (frozen, i));

  return G_SOURCE_REMOVE;
}

static void
sl_tcp_server_dispose (GObject *object)
{
  SlTcpServer *self = SL_TCP_SERVER (object);

  if (self->shared != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      self->shared->server = NULL;
      /* Sockets are closed when dispose returns: no fd outlives the server */
      sl_net_thread_run_sync (sl_net_teardown, self->shared);
      g_clear_pointer (&self->shared, sl_server_shared_unref);
    }

  if (self->refresh_source != NULL)
    {
      g_source_destroy (self->refresh_source);
      g_clear_pointer (&self->refresh_source, g_source_unref);
    }
  g_queue_clear (&self->closed);
  g_clear_pointer (&self->adding, g_ptr_array_unref);
  g_clear_pointer (&self->open, g_hash_table_unref);
  g_clear_object (&self->listeners);
  g_clear_object (&self->connections);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (sl_tcp_server_parent_class)->dispose (object);
}

static void
sl_tcp_server_constructed (GObject *object)
{
  SlTcpServer *self = SL_TCP_SERVER (object);

  G_OBJECT_CLASS (sl_tcp_server_parent_class)->constructed (object);

  if (self->log == NULL)
    self->log = sl_event_log_new ();

  self->shared = sl_server_shared_new (self, self->log, self->cancellable);
}

static void
sl_tcp_server_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SlTcpServer *self = SL_TCP_SERVER (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_tcp_server_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SlTcpServer *self = SL_TCP_SERVER (object);

  switch (prop_id)
    {
    case PROP_LOG:
      self->log = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_tcp_server_class_init (SlTcpServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sl_tcp_server_constructed;
  object_class->dispose = sl_tcp_server_dispose;
  object_class->get_property = sl_tcp_server_get_property;
  object_class->set_property = sl_tcp_server_set_property;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, SL_TYPE_EVENT_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
unref_if_set (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
sl_tcp_server_init (SlTcpServer *self)
{
  self->cancellable = g_cancellable_new ();
  self->listeners = g_list_store_new (SL_TYPE_LISTENER);
  self->connections = g_list_store_new (SL_TYPE_CONNECTION);
  self->open = g_hash_table_new_full (NULL, NULL, g_object_unref, unref_if_set);
  g_queue_init (&self->closed);
  self->adding = g_ptr_array_new_with_free_func (g_object_unref);
}

SlTcpServer *
sl_tcp_server_new (SlEventLog *log)
{
  g_return_val_if_fail (log == NULL || SL_IS_EVENT_LOG (log), NULL);

  return g_object_new (SL_TYPE_TCP_SERVER, "log", log, NULL);
}

SlEventLog *
sl_tcp_server_get_log (SlTcpServer *self)
{
  g_return_val_if_fail (SL_IS_TCP_SERVER (self), NULL);
  return self->log;
}

GListModel *
sl_tcp_server_get_listeners (SlTcpServer *self)
{
  g_return_val_if_fail (SL_IS_TCP_SERVER (self), NULL);
  return G_LIST_MODEL (self->listeners);
}

GListModel *
sl_tcp_server_get_connections (SlTcpServer *self)
{
  g_return_val_if_fail (SL_IS_TCP_SERVER (self), NULL);
  return G_LIST_MODEL (self->connections);
}

void
sl_tcp_server_start_listener_async (SlTcpServer         *self,
                                    const char          *address,
                                    guint16              port,
                                    const SlReplyConfig *reply,
                                    gboolean             reuse_address,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SlServerStart *start;

  g_return_if_fail (SL_IS_TCP_SERVER (self));
  g_return_if_fail (address != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_tcp_server_start_listener_async);
  /* Lets a late result find the network half even after dispose */
  g_task_set_task_data (task, sl_server_shared_ref (self->shared), sl_server_shared_unref);

  start = g_new0 (SlServerStart, 1);
  start->shared = sl_server_shared_ref (self->shared);
  start->task = g_steal_pointer (&task);
  start->address = g_strdup (address);
  start->port = port;
  start->reply = reply ? sl_reply_config_copy (reply) : sl_reply_config_new (SL_REPLY_ECHO);
  start->reuse_address = reuse_address;
  start->generation = self->shared->generation;

  sl_net_thread_invoke (sl_net_start_listener, start, sl_server_start_free);
}

SlListener *
sl_tcp_server_start_listener_finish (SlTcpServer  *self,
                                     GAsyncResult *result,
                                     GError      **error)
{
  g_return_val_if_fail (SL_IS_TCP_SERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sl_tcp_server_stop_listener (SlTcpServer *self,
                             SlListener  *listener)
{
  SlServerRequest *stop;
  guint position;

  g_return_if_fail (SL_IS_TCP_SERVER (self));
  g_return_if_fail (SL_IS_LISTENER (listener));

  if (!g_list_store_find (self->listeners, listener, &position))
    return;
  g_list_store_remove (self->listeners, position);

  stop = g_new0 (SlServerRequest, 1);
  stop->kind = SL_SERVER_REQUEST_STOP_LISTENER;
  stop->listener_id = listener->id;
  send_request_to_net (self, stop);
}

void
sl_tcp_server_stop_all (SlTcpServer *self)
{
  SlServerRequest *stop;

  g_return_if_fail (SL_IS_TCP_SERVER (self));

  g_list_store_remove_all (self->listeners);
  self->shared->generation++;

  stop = g_new0 (SlServerRequest, 1);
  stop->kind = SL_SERVER_REQUEST_STOP_ALL;
  send_request_to_net (self, stop);
}

void
sl_tcp_server_set_reply (SlTcpServer         *self,
                         SlListener          *listener,
                         const SlReplyConfig *reply)
{
  SlServerRequest *change;

  g_return_if_fail (SL_IS_TCP_SERVER (self));
  g_return_if_fail (SL_IS_LISTENER (listener));
  g_return_if_fail (reply != NULL);

  sl_reply_config_free (listener->reply);
  listener->reply = sl_reply_config_copy (reply);
  g_object_notify_by_pspec (G_OBJECT (listener), listener_properties[LISTENER_PROP_REPLY]);

  change = g_new0 (SlServerRequest, 1);
  change->kind = SL_SERVER_REQUEST_SET_REPLY;
  change->listener_id = listener->id;
  change->reply = sl_reply_config_copy (reply);
  send_request_to_net (self, change);
}

void
sl_tcp_server_send (SlTcpServer  *self,
                    SlConnection *connection,
                    GBytes       *data)
{
  SlServerRequest *send_request;

  g_return_if_fail (SL_IS_TCP_SERVER (self));
  g_return_if_fail (connection == NULL || SL_IS_CONNECTION (connection));
  g_return_if_fail (data != NULL);

  send_request = g_new0 (SlServerRequest, 1);
  send_request->kind = SL_SERVER_REQUEST_SEND;
  send_request->connection_id = connection ? sl_connection_get_id (connection) : 0;
  send_request->data = g_bytes_ref (data);
  send_request_to_net (self, send_request);
}

void
sl_tcp_server_close_connection (SlTcpServer  *self,
                                SlConnection *connection)
{
  SlServerRequest *close_request;

  g_return_if_fail (SL_IS_TCP_SERVER (self));
  g_return_if_fail (SL_IS_CONNECTION (connection));

  close_request = g_new0 (SlServerRequest, 1);
  close_request->kind = SL_SERVER_REQUEST_CLOSE;
  close_request->connection_id = sl_connection_get_id (connection);
  send_request_to_net (self, close_request);
}

void
sl_tcp_server_forget_closed (SlTcpServer *self)
{
  guint i;

  g_return_if_fail (SL_IS_TCP_SERVER (self));

  for (i = g_list_model_get_n_items (G_LIST_MODEL (self->connections)); i > 0; i--)
    {
      g_autoptr(SlConnection) connection =
        g_list_model_get_item (G_LIST_MODEL (self->connections), i - 1);

      if (!g_hash_table_contains (self->open, connection))
        g_list_store_remove (self->connections, i - 1);
    }

  g_queue_clear (&self->closed);
}
