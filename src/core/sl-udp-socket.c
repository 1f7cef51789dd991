/* sl-udp-socket.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlUdpSocket owns one UDP socket. The object and its API live on the main
 * thread; the socket, its GSource, the reply configuration and the receive
 * buffer live on the network thread, in an SlUdpShared that requests reach
 * with sl_net_thread_invoke(). Everything that happens is appended to the
 * SlEventLog from the network thread. This file is the main half;
 * sl-udp-socket-net.c holds the network half (and why IP_RECVERR). */

#include "config.h"

#define G_LOG_DOMAIN "sl-udp-socket"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-error.h"
#include "sl-format.h"
#include "sl-net-thread.h"
#include "sl-udp-socket-private.h"

struct _SlUdpSocket
{
  GObject parent_instance;

  SlUdpShared *shared;
  GCancellable *cancellable;
  char *address;
  guint16 port;
  gboolean bound;
  gboolean broadcast;
  GSocketFamily family;
};

G_DEFINE_FINAL_TYPE (SlUdpSocket, sl_udp_socket, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BOUND,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static guint64 last_id = G_GUINT64_CONSTANT (1) << 40; /* apart from TCP connection ids */

static SlUdpRequest *
request_new (SlUdpSocket *self)
{
  SlUdpRequest *request = g_new0 (SlUdpRequest, 1);

  request->shared = sl_udp_shared_ref (self->shared);
  return request;
}

static void
sl_udp_socket_dispose (GObject *object)
{
  SlUdpSocket *self = (SlUdpSocket *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->shared != NULL)
    {
      g_cancellable_cancel (self->shared->cancellable);
      sl_net_thread_invoke (sl_udp_net_close, request_new (self), sl_udp_request_free);
      g_clear_pointer (&self->shared, sl_udp_shared_unref);
    }

  G_OBJECT_CLASS (sl_udp_socket_parent_class)->dispose (object);
}

static void
sl_udp_socket_finalize (GObject *object)
{
  SlUdpSocket *self = (SlUdpSocket *) object;

  g_clear_object (&self->cancellable);
  g_free (self->address);

  G_OBJECT_CLASS (sl_udp_socket_parent_class)->finalize (object);
}

static void
sl_udp_socket_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SlUdpSocket *self = SL_UDP_SOCKET (object);

  switch (prop_id)
    {
    case PROP_BOUND:
      g_value_set_boolean (value, self->bound);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_udp_socket_class_init (SlUdpSocketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_udp_socket_dispose;
  object_class->finalize = sl_udp_socket_finalize;
  object_class->get_property = sl_udp_socket_get_property;

  properties[PROP_BOUND] = g_param_spec_boolean ("bound", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_udp_socket_init (SlUdpSocket *self)
{
  self->cancellable = g_cancellable_new ();
}

SlUdpSocket *
sl_udp_socket_new (SlEventLog *log)
{
  SlUdpSocket *self;

  g_return_val_if_fail (SL_IS_EVENT_LOG (log), NULL);

  self = g_object_new (SL_TYPE_UDP_SOCKET, NULL);
  self->shared = g_new0 (SlUdpShared, 1);
  self->shared->ref_count = 1;
  self->shared->log = g_object_ref (log);
  self->shared->cancellable = g_cancellable_new ();
  self->shared->id = g_atomic_pointer_add (&last_id, 1) + 1;
  self->shared->buffer = g_malloc (SL_UDP_BUFFER_SIZE);

  return self;
}

SlEventLog *
sl_udp_socket_get_log (SlUdpSocket *self)
{
  g_return_val_if_fail (SL_IS_UDP_SOCKET (self), NULL);
  return self->shared->log;
}

gboolean
sl_udp_socket_get_bound (SlUdpSocket *self)
{
  g_return_val_if_fail (SL_IS_UDP_SOCKET (self), FALSE);
  return self->bound;
}

guint16
sl_udp_socket_get_port (SlUdpSocket *self)
{
  g_return_val_if_fail (SL_IS_UDP_SOCKET (self), 0);
  return self->port;
}

const char *
sl_udp_socket_get_address (SlUdpSocket *self)
{
  g_return_val_if_fail (SL_IS_UDP_SOCKET (self), NULL);
  return self->bound ? self->address : NULL;
}

guint64
sl_udp_socket_get_id (SlUdpSocket *self)
{
  g_return_val_if_fail (SL_IS_UDP_SOCKET (self), 0);
  return self->shared->id;
}

static void
set_bound (SlUdpSocket *self,
           gboolean     bound,
           guint16      port)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->bound != bound)
    {
      self->bound = bound;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOUND]);
    }
  if (self->port != port)
    {
      self->port = port;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
bind_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  SlUdpSocket *self = SL_UDP_SOCKET (source);
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  gssize port = g_task_propagate_int (G_TASK (result), &error);

  if (error != NULL)
    {
      set_bound (self, FALSE, 0);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  set_bound (self, TRUE, (guint16) port);
  g_task_return_int (task, port);
}

void
sl_udp_socket_bind_async (SlUdpSocket         *self,
                          const char          *address,
                          guint16              port,
                          const SlReplyConfig *reply,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  SlUdpRequest *request;

  g_return_if_fail (SL_IS_UDP_SOCKET (self));
  g_return_if_fail (address != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_udp_socket_bind_async);

  g_free (self->address);
  self->address = g_strdup (address);
  self->family = strchr (address, ':') != NULL ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4;
  set_bound (self, FALSE, 0);

  request = request_new (self);
  request->task = g_task_new (self, self->cancellable, bind_done_cb, task);
  request->address = g_strdup (address);
  request->port = port;
  request->reply = reply != NULL ? sl_reply_config_copy (reply) : NULL;
  sl_net_thread_invoke (sl_udp_net_bind, request, sl_udp_request_free);
}

guint16
sl_udp_socket_bind_finish (SlUdpSocket  *self,
                           GAsyncResult *result,
                           GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  return (guint16) g_task_propagate_int (G_TASK (result), error);
}

void
sl_udp_socket_set_reply (SlUdpSocket         *self,
                         const SlReplyConfig *reply)
{
  SlUdpRequest *request;

  g_return_if_fail (SL_IS_UDP_SOCKET (self));

  request = request_new (self);
  request->reply = reply != NULL ? sl_reply_config_copy (reply) : NULL;
  sl_net_thread_invoke (sl_udp_net_set_reply, request, sl_udp_request_free);
}

void
sl_udp_socket_set_broadcast (SlUdpSocket *self,
                             gboolean     broadcast)
{
  SlUdpRequest *request;

  g_return_if_fail (SL_IS_UDP_SOCKET (self));

  self->broadcast = !!broadcast;
  request = request_new (self);
  request->flag = self->broadcast;
  sl_net_thread_invoke (sl_udp_net_set_broadcast, request, sl_udp_request_free);
}

gboolean
sl_udp_socket_get_broadcast (SlUdpSocket *self)
{
  g_return_val_if_fail (SL_IS_UDP_SOCKET (self), FALSE);
  return self->broadcast;
}

gboolean
sl_udp_socket_send (SlUdpSocket *self,
                    const char  *host,
                    guint16      port,
                    GBytes      *data,
                    GError     **error)
{
  g_autoptr(GInetAddress) literal = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *peer = NULL;
  SlUdpRequest *request;
  gsize len, max;

  g_return_val_if_fail (SL_IS_UDP_SOCKET (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  len = g_bytes_get_size (data);
  literal = g_inet_address_new_from_string (host);
  peer = literal != NULL && g_inet_address_get_family (literal) == G_SOCKET_FAMILY_IPV6
         ? g_strdup_printf ("[%s]:%u", host, port) : g_strdup_printf ("%s:%u", host, port);
  max = (literal != NULL ? g_inet_address_get_family (literal) : self->family) == G_SOCKET_FAMILY_IPV4
        ? SL_UDP_MAX_IPV4 : SL_UDP_MAX_IPV6;

  if (!self->bound)
    local_error = g_error_new_literal (SL_ERROR, SL_ERROR_NOT_CONNECTED,
                                       _("Bind the UDP socket first (port 0 lets the system choose one)."));
  else if (port == 0)
    local_error = g_error_new_literal (SL_ERROR, SL_ERROR_INVALID_PORT,
                                       _("Port 0 cannot be a destination; type a port from 1 to 65535."));
  else if (len > max)
    {
      g_autofree char *size = sl_format_count (len);

      local_error = g_error_new (SL_ERROR, SL_ERROR_TOO_LARGE,
                                 _("A datagram of %s bytes does not fit in one UDP datagram over %s (at most %u bytes: 65,535 minus the IP and UDP headers); it was not sent to %s."),
                                 size, max == SL_UDP_MAX_IPV4 ? "IPv4" : "IPv6", (guint) max, peer);
    }
  if (local_error != NULL)
    {
      sl_event_log_add_error (self->shared->log, self->shared->id, peer, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  request = request_new (self);
  request->host = g_strdup (host);
  request->port = port;
  request->data = g_bytes_ref (data);
  sl_net_thread_invoke (sl_udp_net_send, request, sl_udp_request_free);

  return TRUE;
}

void
sl_udp_socket_close (SlUdpSocket *self)
{
  g_return_if_fail (SL_IS_UDP_SOCKET (self));

  sl_net_thread_invoke (sl_udp_net_close, request_new (self), sl_udp_request_free);
  set_bound (self, FALSE, 0);
}
