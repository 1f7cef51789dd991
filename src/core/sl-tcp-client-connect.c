/* sl-tcp-client-connect.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How an SlTcpClient gets connected, on the network thread: an operation
 * (connect or exchange) owns the caller's GTask and a GCancellable linked
 * to the caller's and to the engine's. It looks the name up with the
 * default GResolver (IPv4 and IPv6), then tries each address in turn with
 * a non-blocking connect() and its own timeout, reporting each failed
 * attempt and the final error in the student's words (sl-error). */

#include "config.h"

#define G_LOG_DOMAIN "sl-tcp-client"

#include <glib/gi18n-lib.h>

#include "sl-error.h"
#include "sl-format.h"
#include "sl-port-registry.h"
#include "sl-tcp-client-private.h"

/* Touched only on the network thread */
static guint64 next_connection_id = 1;

static void
cancel_other_cb (GCancellable *cancellable,
                 gpointer      other)
{
  g_cancellable_cancel (G_CANCELLABLE (other));
}

/* On the owner's thread */
SlTcpClientOp *
sl_tcp_client_op_new (SlTcpClientNet *net,
                      GTask          *task,
                      const char     *host,
                      guint16         port,
                      guint           timeout_seconds,
                      GCancellable   *cancellable)
{
  SlTcpClientOp *op = g_atomic_rc_box_new0 (SlTcpClientOp);

  op->net = sl_tcp_client_net_ref (net);
  op->task = g_object_ref (task);
  op->host = g_strdup (host);
  op->port = port;
  op->timeout_seconds = timeout_seconds;
  op->cancellable = g_cancellable_new ();
  op->engine_handler = g_cancellable_connect (net->cancellable, G_CALLBACK (cancel_other_cb),
                                              op->cancellable, NULL);
  if (cancellable != NULL)
    {
      op->caller_cancellable = g_object_ref (cancellable);
      op->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_other_cb),
                                                  op->cancellable, NULL);
    }

  return op;
}

static SlTcpClientOp *
op_ref (SlTcpClientOp *op)
{
  return g_atomic_rc_box_acquire (op);
}

static void
op_clear (gpointer data)
{
  SlTcpClientOp *op = data;

  g_cancellable_disconnect (op->net->cancellable, op->engine_handler);
  if (op->caller_cancellable != NULL)
    g_cancellable_disconnect (op->caller_cancellable, op->caller_handler);
  g_clear_object (&op->caller_cancellable);
  clear_source (&op->cancel_source);
  g_clear_object (&op->cancellable);
  g_clear_object (&op->task);
  g_free (op->host);
  g_free (op->trying);
  g_list_free_full (op->addresses, g_object_unref);
  g_clear_pointer (&op->messages, g_ptr_array_unref);
  g_clear_pointer (&op->received, g_byte_array_unref);
  sl_tcp_client_net_unref (op->net);
}

static void
op_unref (SlTcpClientOp *op)
{
  g_atomic_rc_box_release_full (op, op_clear);
}

/* Ends @op: a NULL @error means success. Network thread. */
void
sl_tcp_client_op_complete (SlTcpClientOp *op,
                           GError        *error,
                           GBytes        *bytes)
{
  SlTcpClientNet *net = op->net;
  SlTcpClientPost *post = sl_tcp_client_post_new (net);

  if (net->op == op)
    net->op = NULL;

  clear_source (&op->cancel_source);

  post->task = g_steal_pointer (&op->task);
  post->error = error;
  post->bytes = bytes;
  post->op_cancellable = g_object_ref (op->cancellable);
  sl_tcp_client_post_send (post);

  op_unref (op);
}

void
sl_tcp_client_op_fail (SlTcpClientOp *op,
                       GError        *error)
{
  SlTcpClientNet *net = op->net;

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    sl_tcp_client_log (net, SL_EVENT_ERROR, op->trying, NULL, error->message);

  sl_tcp_client_close_socket (net, error);
  sl_tcp_client_op_complete (op, error, NULL);
}

static void try_next_address (SlTcpClientOp *op);

static gboolean
op_cancelled_cb (GCancellable *cancellable,
                 gpointer      data)
{
  SlTcpClientOp *op = data;

  sl_tcp_client_op_fail (op, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                  _("The operation was cancelled.")));
  return G_SOURCE_REMOVE;
}

void
sl_tcp_client_exchange_end (SlTcpClientOp *op)
{
  GBytes *bytes = g_byte_array_free_to_bytes (g_steal_pointer (&op->received));

  sl_tcp_client_close_socket (op->net, NULL);
  sl_tcp_client_op_complete (op, NULL, bytes);
}

static gboolean
idle_timeout_cb (gpointer data)
{
  SlTcpClientOp *op = data;

  g_clear_pointer (&op->net->timer, g_source_unref);
  sl_tcp_client_exchange_end (op);
  return G_SOURCE_REMOVE;
}

/* The exchange ends when the peer has been silent for timeout_seconds. */
void
sl_tcp_client_restart_idle_timer (SlTcpClientNet *net)
{
  if (net->op == NULL || !net->op->exchange || net->op->timeout_seconds == 0)
    return;

  clear_source (&net->timer);
  net->timer = attach_to_net_thread (g_timeout_source_new (net->op->timeout_seconds * 1000),
                                     idle_timeout_cb, net->op, "[sl-tcp-client] idle timeout");
}

static void
on_connected (SlTcpClientOp *op)
{
  SlTcpClientNet *net = op->net;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autofree char *message = NULL;
  SlTcpClientPost *post;
  gboolean exchange;

  local = g_socket_get_local_address (net->socket, NULL);
  remote = g_socket_get_remote_address (net->socket, NULL);
  net->local = local ? sl_format_socket_address (local) : g_strdup ("?");
  net->peer = remote ? sl_format_socket_address (remote) : g_strdup (op->trying);
  net->connection = sl_connection_new (next_connection_id++, net->local, net->peer,
                                       g_socket_get_fd (net->socket));
  net->connected = TRUE;

  /* Translators: the first %s is the server's address and port, the second ours */
  message = g_strdup_printf (_("Connected to %s from %s: the handshake (SYN, SYN/ACK, ACK) is complete."),
                             net->peer, net->local);
  sl_tcp_client_log (net, SL_EVENT_CONNECTED, net->peer, net->local, message);

  post = sl_tcp_client_post_new (net);
  post->set_state = TRUE;
  post->state = SL_TCP_CLIENT_CONNECTED;
  post->set_connection = TRUE;
  post->connection = g_object_ref (net->connection);
  sl_tcp_client_post_send (post);

  /* Reads from now on; an exchange also sends its messages, which may end
   * it (and free @op) */
  exchange = op->exchange;
  sl_tcp_client_start_io (net);

  if (!exchange)
    sl_tcp_client_op_complete (op, NULL, NULL);
}

/* connect() to one address failed: report it and try the next. */
static void
attempt_failed (SlTcpClientOp *op,
                const GError  *cause)
{
  SlTcpClientNet *net = op->net;
  GError *error = sl_error_for_connect (cause, op->trying, 0, op->timeout_seconds);

  clear_source (&net->connect_source);
  clear_source (&net->timer);
  if (net->socket != NULL)
    {
      g_socket_close (net->socket, NULL);
      g_clear_object (&net->socket);
    }

  if (op->next_address == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      sl_tcp_client_op_fail (op, error);
      return;
    }

  sl_tcp_client_log (net, SL_EVENT_INFO, op->trying, NULL, error->message);
  g_error_free (error);
  try_next_address (op);
}

static gboolean
connect_ready_cb (GSocket      *socket,
                  GIOCondition  condition,
                  gpointer      data)
{
  SlTcpClientOp *op = data;
  g_autoptr(GError) error = NULL;

  clear_source (&op->net->connect_source);
  clear_source (&op->net->timer);

  if (!g_socket_check_connect_result (socket, &error))
    attempt_failed (op, error);
  else
    on_connected (op);

  return G_SOURCE_REMOVE;
}

static gboolean
connect_timeout_cb (gpointer data)
{
  SlTcpClientOp *op = data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&op->net->timer, g_source_unref);

  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Connection timed out");
  attempt_failed (op, error);

  return G_SOURCE_REMOVE;
}

/* How long connect() waits for a running capture to take the port into
 * its filter, so that the student sees the SYN */
#define CAPTURE_WAIT_MS 500

static void
unregister_port (gpointer data)
{
  sl_port_registry_remove (sl_port_registry_get_default (), SL_PORT_TCP, GPOINTER_TO_UINT (data));
}

typedef struct
{
  SlTcpClientOp *op;
  GSocket *socket;
  GSocketAddress *address;
} PendingConnect;

static void
pending_connect_free (gpointer data)
{
  PendingConnect *pending = data;

  op_unref (pending->op);
  g_object_unref (pending->socket);
  g_object_unref (pending->address);
  g_free (pending);
}

static gboolean
connect_now_cb (gpointer data)
{
  PendingConnect *pending = data;
  SlTcpClientOp *op = pending->op;
  SlTcpClientNet *net = op->net;
  g_autoptr(GError) error = NULL;

  /* Cancelled or failed while waiting */
  if (net->op != op || net->socket != pending->socket)
    return G_SOURCE_REMOVE;

  if (g_socket_connect (net->socket, pending->address, NULL, &error))
    {
      on_connected (op);
      return G_SOURCE_REMOVE;
    }

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    {
      attempt_failed (op, error);
      return G_SOURCE_REMOVE;
    }

  net->connect_source = attach_to_net_thread (g_socket_create_source (net->socket, G_IO_OUT, NULL),
                                              G_SOURCE_FUNC (connect_ready_cb), op,
                                              "[sl-tcp-client] connect");
  if (op->timeout_seconds > 0)
    net->timer = attach_to_net_thread (g_timeout_source_new (op->timeout_seconds * 1000),
                                       connect_timeout_cb, op, "[sl-tcp-client] connect timeout");
  return G_SOURCE_REMOVE;
}

static void
try_next_address (SlTcpClientOp *op)
{
  SlTcpClientNet *net = op->net;
  GInetAddress *address = op->next_address->data;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *literal = NULL;
  g_autofree char *message = NULL;
  PendingConnect *pending;

  op->next_address = op->next_address->next;

  literal = g_inet_address_to_string (address);
  g_free (op->trying);
  op->trying = sl_format_host_port (literal, op->port);

  net->socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                              G_SOCKET_PROTOCOL_TCP, &error);
  if (net->socket == NULL)
    {
      attempt_failed (op, error);
      return;
    }
  g_socket_set_blocking (net->socket, FALSE);

  sl_tcp_client_post_state (net, SL_TCP_CLIENT_CONNECTING);

  if (g_strcmp0 (literal, op->host) == 0)
    /* Translators: %s is an address and port such as 127.0.0.1:55556 */
    message = g_strdup_printf (_("Connecting to %s…"), op->trying);
  else
    /* Translators: the first %s is a host name, the second its address and port */
    message = g_strdup_printf (_("Connecting to %s at %s…"), op->host, op->trying);
  sl_tcp_client_log (net, SL_EVENT_CONNECTING, op->trying, NULL, message);

  socket_address = g_inet_socket_address_new (address, op->port);

  /* The server's port joins the capture's "this session" filter until the
   * socket is gone; connect() once a running capture has it in force */
  pending = g_new0 (PendingConnect, 1);
  pending->op = op_ref (op);
  pending->socket = g_object_ref (net->socket);
  pending->address = g_steal_pointer (&socket_address);
  g_object_set_data_full (G_OBJECT (net->socket), "sl-port-registry",
                          GUINT_TO_POINTER (op->port), unregister_port);
  sl_port_registry_add_and_wait (sl_port_registry_get_default (), SL_PORT_TCP, op->port,
                                 sl_net_thread_get_context (), CAPTURE_WAIT_MS,
                                 connect_now_cb, pending, pending_connect_free);
}

static void
on_resolved (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  SlTcpClientOp *op = data;
  g_autoptr(GError) error = NULL;
  GList *addresses;

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);

  if (op->net->op != op)
    {
      /* Cancelled in the meantime */
      g_list_free_full (addresses, g_object_unref);
    }
  else if (addresses == NULL)
    {
      sl_tcp_client_op_fail (op, sl_error_for_resolve (error, op->host));
    }
  else
    {
      op->addresses = addresses;
      op->next_address = addresses;
      try_next_address (op);
    }

  op_unref (op);
}

static gboolean
op_start_cb (gpointer data)
{
  SlTcpClientOp *op = data;
  SlTcpClientNet *net = op->net;
  GInetAddress *literal;

  if (net->op != NULL || net->socket != NULL)
    {
      sl_tcp_client_op_complete (op, g_error_new_literal (SL_ERROR, SL_ERROR_FAILED,
                                                      _("The client is already connected. Disconnect first.")),
                                 NULL);
      return G_SOURCE_REMOVE;
    }

  net->op = op;
  op->cancel_source = attach_to_net_thread (g_cancellable_source_new (op->cancellable),
                                            G_SOURCE_FUNC (op_cancelled_cb), op,
                                            "[sl-tcp-client] cancel");

  literal = g_inet_address_new_from_string (op->host);
  if (literal != NULL)
    {
      op->addresses = g_list_prepend (NULL, literal);
      op->next_address = op->addresses;
      try_next_address (op);
    }
  else
    {
      g_autoptr(GResolver) resolver = g_resolver_get_default ();
      g_autofree char *message = NULL;

      sl_tcp_client_post_state (net, SL_TCP_CLIENT_RESOLVING);
      /* Translators: %s is a host name */
      message = g_strdup_printf (_("Looking up the addresses of “%s”…"), op->host);
      sl_tcp_client_log (net, SL_EVENT_INFO, NULL, NULL, message);
      g_resolver_lookup_by_name_async (resolver, op->host, op->cancellable,
                                       on_resolved, op_ref (op));
    }

  return G_SOURCE_REMOVE;
}


/* Disconnect, and teardown in dispose */
static gboolean
disconnect_cb (gpointer data)
{
  SlTcpClientNet *net = data;

  if (net->op != NULL)
    sl_tcp_client_op_fail (net->op, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                       _("The operation was cancelled.")));
  else if (net->socket != NULL)
    sl_tcp_client_close_socket (net, NULL);

  return G_SOURCE_REMOVE;
}


/* On the owner's thread: hands @op over to the network thread */
void
sl_tcp_client_op_start (SlTcpClientOp *op)
{
  sl_net_thread_invoke (op_start_cb, op, NULL);
}

/* Closes the connection (FIN), or cancels the operation in progress */
void
sl_tcp_client_net_disconnect (SlTcpClientNet *net)
{
  sl_net_thread_invoke (disconnect_cb, sl_tcp_client_net_ref (net),
                        (GDestroyNotify) sl_tcp_client_net_unref);
}

/* The same, at once: for dispose, so that no source outlives @net and the
 * peer sees our FIN now. */
void
sl_tcp_client_net_teardown (SlTcpClientNet *net)
{
  sl_net_thread_run_sync (disconnect_cb, net);
}
