/* sl-tcp-client.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlTcpClient owns one TCP socket at a time: either a persistent connection
 * (connect, send as often as the student likes, disconnect) or a one-shot
 * exchange as the courses' clients do it.
 *
 * The GObject lives on the thread that created it (the GTK main thread);
 * "state" and "connection" change only there. Everything that touches the
 * socket lives on the network thread, in an SlTcpClientNet record shared by
 * the object and the closures it sends there: the name lookup, each
 * connect() with its timeout, the read source, the queue of sends. Results
 * travel back as posts attached to the owner's context, which apply the
 * properties and complete the GTask in that order. A post is attached as a
 * source, never run with g_main_context_invoke(), which would run it on the
 * network thread whenever the owner's context happens to be free.
 *
 * Sockets are non-blocking GSockets with sources on the network thread's
 * context. This file holds the GObject, its API and the posts; the network
 * side is in sl-tcp-client-connect.c and sl-tcp-client-io.c.
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-tcp-client"

#include <glib/gi18n-lib.h>

#include "sl-error.h"
#include "sl-tcp-client-private.h"

#define REFRESH_INTERVAL_MS 500

struct _SlTcpClient
{
  GObject parent_instance;

  SlEventLog *log;
  SlTcpClientNet *net;
  GCancellable *cancellable;
  SlTcpClientState state;
  SlConnection *connection;
  GCancellable *op_cancellable; /* of the connect or exchange in progress */
  GSource *refresh_source;
};

G_DEFINE_FINAL_TYPE (SlTcpClient, sl_tcp_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOG,
  PROP_STATE,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
sl_tcp_client_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SL_TCP_CLIENT_DISCONNECTED, "SL_TCP_CLIENT_DISCONNECTED", "disconnected" },
        { SL_TCP_CLIENT_RESOLVING, "SL_TCP_CLIENT_RESOLVING", "resolving" },
        { SL_TCP_CLIENT_CONNECTING, "SL_TCP_CLIENT_CONNECTING", "connecting" },
        { SL_TCP_CLIENT_CONNECTED, "SL_TCP_CLIENT_CONNECTED", "connected" },
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static (g_intern_static_string ("SlTcpClientState"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

/* SlTcpClientPost: network thread → owner's thread */

SlTcpClientPost *
sl_tcp_client_post_new (SlTcpClientNet *net)
{
  SlTcpClientPost *post = g_new0 (SlTcpClientPost, 1);

  post->net = sl_tcp_client_net_ref (net);
  return post;
}

static void sl_tcp_client_set_connection (SlTcpClient *self, SlConnection *connection);

static gboolean
post_dispatch (gpointer data)
{
  SlTcpClientPost *post = data;
  g_autoptr(SlTcpClient) self = g_weak_ref_get (&post->net->client);

  if (self != NULL)
    {
      if (post->op_cancellable != NULL && post->op_cancellable == self->op_cancellable)
        g_clear_object (&self->op_cancellable);

      if (post->set_connection)
        sl_tcp_client_set_connection (self, post->connection);

      if (post->set_state && post->state != self->state)
        {
          self->state = post->state;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
        }
    }

  if (post->release != NULL)
    sl_connection_refresh (post->release);

  if (post->task != NULL)
    {
      if (post->error != NULL)
        g_task_return_error (post->task, g_steal_pointer (&post->error));
      else if (g_task_get_source_tag (post->task) == sl_tcp_client_exchange_async)
        g_task_return_pointer (post->task, g_steal_pointer (&post->bytes),
                               (GDestroyNotify) g_bytes_unref);
      else
        g_task_return_boolean (post->task, TRUE);
    }

  return G_SOURCE_REMOVE;
}

static void
post_free (gpointer data)
{
  SlTcpClientPost *post = data;

  g_clear_object (&post->connection);
  g_clear_object (&post->release);
  g_clear_object (&post->task);
  g_clear_error (&post->error);
  g_clear_pointer (&post->bytes, g_bytes_unref);
  g_clear_object (&post->op_cancellable);
  sl_tcp_client_net_unref (post->net);
  g_free (post);
}

void
sl_tcp_client_post_send (SlTcpClientPost *post)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, post_dispatch, post, post_free);
  g_source_set_static_name (source, "[sl-tcp-client] post");
  g_source_attach (source, post->net->owner);
  g_source_unref (source);
}

void
sl_tcp_client_post_state (SlTcpClientNet   *net,
                          SlTcpClientState  state)
{
  SlTcpClientPost *post = sl_tcp_client_post_new (net);

  post->set_state = TRUE;
  post->state = state;
  sl_tcp_client_post_send (post);
}

/* SlTcpClient, owner's thread */

static gboolean
refresh_cb (gpointer data)
{
  SlTcpClient *self = data;

  if (self->connection != NULL)
    sl_connection_refresh (self->connection);

  return G_SOURCE_CONTINUE;
}

static void
sl_tcp_client_set_connection (SlTcpClient  *self,
                              SlConnection *connection)
{
  if (self->connection == connection)
    return;

  g_set_object (&self->connection, connection);

  if (connection != NULL && self->refresh_source == NULL)
    {
      self->refresh_source = g_timeout_source_new (REFRESH_INTERVAL_MS);
      g_source_set_callback (self->refresh_source, refresh_cb, self, NULL);
      g_source_set_static_name (self->refresh_source, "[sl-tcp-client] refresh");
      g_source_attach (self->refresh_source, self->net->owner);
    }
  else if (connection == NULL)
    {
      clear_source (&self->refresh_source);
    }

  if (connection != NULL)
    sl_connection_refresh (connection);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

static void
sl_tcp_client_constructed (GObject *object)
{
  SlTcpClient *self = SL_TCP_CLIENT (object);

  G_OBJECT_CLASS (sl_tcp_client_parent_class)->constructed (object);

  g_assert (SL_IS_EVENT_LOG (self->log));

  self->net = sl_tcp_client_net_new (self, self->log, self->cancellable);
}

static void
sl_tcp_client_dispose (GObject *object)
{
  SlTcpClient *self = SL_TCP_CLIENT (object);

  g_cancellable_cancel (self->cancellable);

  if (self->net != NULL)
    {
      sl_tcp_client_net_teardown (self->net);
      g_clear_pointer (&self->net, sl_tcp_client_net_unref);
    }

  clear_source (&self->refresh_source);
  g_clear_object (&self->connection);
  g_clear_object (&self->op_cancellable);

  G_OBJECT_CLASS (sl_tcp_client_parent_class)->dispose (object);
}

static void
sl_tcp_client_finalize (GObject *object)
{
  SlTcpClient *self = SL_TCP_CLIENT (object);

  g_clear_object (&self->log);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sl_tcp_client_parent_class)->finalize (object);
}

static void
sl_tcp_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SlTcpClient *self = SL_TCP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_tcp_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SlTcpClient *self = SL_TCP_CLIENT (object);

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
sl_tcp_client_class_init (SlTcpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sl_tcp_client_constructed;
  object_class->dispose = sl_tcp_client_dispose;
  object_class->finalize = sl_tcp_client_finalize;
  object_class->get_property = sl_tcp_client_get_property;
  object_class->set_property = sl_tcp_client_set_property;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, SL_TYPE_EVENT_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, sl_tcp_client_state_get_type (),
                       SL_TCP_CLIENT_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, SL_TYPE_CONNECTION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_tcp_client_init (SlTcpClient *self)
{
  self->cancellable = g_cancellable_new ();
}

SlTcpClient *
sl_tcp_client_new (SlEventLog *log)
{
  g_return_val_if_fail (SL_IS_EVENT_LOG (log), NULL);

  return g_object_new (SL_TYPE_TCP_CLIENT, "log", log, NULL);
}

SlEventLog *
sl_tcp_client_get_log (SlTcpClient *self)
{
  g_return_val_if_fail (SL_IS_TCP_CLIENT (self), NULL);
  return self->log;
}

SlTcpClientState
sl_tcp_client_get_state (SlTcpClient *self)
{
  g_return_val_if_fail (SL_IS_TCP_CLIENT (self), SL_TCP_CLIENT_DISCONNECTED);
  return self->state;
}

SlConnection *
sl_tcp_client_get_connection (SlTcpClient *self)
{
  g_return_val_if_fail (SL_IS_TCP_CLIENT (self), NULL);
  return self->connection;
}

/* Checks what can be checked without the network; FALSE has returned an
 * error through @task. */
static gboolean
check_can_start (SlTcpClient *self,
                 GTask       *task,
                 const char  *host,
                 guint16      port)
{
  if (self->op_cancellable != NULL || self->state != SL_TCP_CLIENT_DISCONNECTED)
    {
      g_task_return_new_error (task, SL_ERROR, SL_ERROR_FAILED, "%s",
                               _("The client is already connected. Disconnect first."));
      return FALSE;
    }

  if (*host == '\0')
    {
      g_task_return_new_error (task, SL_ERROR, SL_ERROR_INVALID_ADDRESS, "%s",
                               _("Type the address or name of the server, for example 127.0.0.1."));
      return FALSE;
    }

  if (port == 0)
    {
      g_task_return_new_error (task, SL_ERROR, SL_ERROR_INVALID_PORT, "%s",
                               _("Port 0 cannot be connected to. Type the server's port, from 1 to 65535."));
      return FALSE;
    }

  return TRUE;
}

static void
start_op (SlTcpClient   *self,
          SlTcpClientOp *op)
{
  g_set_object (&self->op_cancellable, op->cancellable);
  sl_tcp_client_op_start (op);
}

void
sl_tcp_client_connect_async (SlTcpClient         *self,
                             const char          *host,
                             guint16              port,
                             guint                timeout_seconds,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_TCP_CLIENT (self));
  g_return_if_fail (host != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_tcp_client_connect_async);
  /* The result must match "state": we report cancellation ourselves. */
  g_task_set_check_cancellable (task, FALSE);

  if (!check_can_start (self, task, host, port))
    return;

  start_op (self, sl_tcp_client_op_new (self->net, task, host, port, timeout_seconds, cancellable));
}

gboolean
sl_tcp_client_connect_finish (SlTcpClient   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SL_IS_TCP_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_tcp_client_connect_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sl_tcp_client_send_async (SlTcpClient         *self,
                          GBytes              *data,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_TCP_CLIENT (self));
  g_return_if_fail (data != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_tcp_client_send_async);

  if (self->state != SL_TCP_CLIENT_CONNECTED || self->op_cancellable != NULL)
    {
      g_task_return_new_error (task, SL_ERROR, SL_ERROR_NOT_CONNECTED, "%s",
                               _("The client is not connected. Connect to a server first."));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  sl_tcp_client_net_send (self->net, task, data);
}

gboolean
sl_tcp_client_send_finish (SlTcpClient   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (SL_IS_TCP_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_tcp_client_send_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sl_tcp_client_exchange_async (SlTcpClient         *self,
                              const char          *host,
                              guint16              port,
                              guint                timeout_seconds,
                              GPtrArray           *messages,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SlTcpClientOp *op;

  g_return_if_fail (SL_IS_TCP_CLIENT (self));
  g_return_if_fail (host != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_tcp_client_exchange_async);
  g_task_set_check_cancellable (task, FALSE);

  if (!check_can_start (self, task, host, port))
    return;

  op = sl_tcp_client_op_new (self->net, task, host, port, timeout_seconds, cancellable);
  op->exchange = TRUE;
  op->received = g_byte_array_new ();
  op->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    g_ptr_array_add (op->messages, g_bytes_ref (g_ptr_array_index (messages, i)));

  start_op (self, op);
}

GBytes *
sl_tcp_client_exchange_finish (SlTcpClient   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (SL_IS_TCP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_tcp_client_exchange_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Closes the connection (FIN to the peer), or cancels the connect or
 * exchange in progress. */
void
sl_tcp_client_disconnect (SlTcpClient *self)
{
  g_return_if_fail (SL_IS_TCP_CLIENT (self));

  if (self->op_cancellable != NULL)
    g_cancellable_cancel (self->op_cancellable);

  sl_tcp_client_net_disconnect (self->net);
}

