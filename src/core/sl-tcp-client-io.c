/* sl-tcp-client-io.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The open socket of an SlTcpClient, on the network thread: the read
 * source that reports every recv(), the queue of sends written as far as
 * the socket takes them, and close(). SlTcpClientNet, the record shared
 * with the GObject, is created and released here. g_socket_send() passes
 * MSG_NOSIGNAL, so a peer that vanished mid-send is an error (EPIPE), never
 * a SIGPIPE. */

#include "config.h"

#define G_LOG_DOMAIN "sl-tcp-client"

#include <glib/gi18n-lib.h>

#include "sl-error.h"
#include "sl-tcp-client-private.h"

#define READ_BUFFER_SIZE (64 * 1024)

/* SlTcpClientNet */

/* On the owner's thread, from the client's constructed() */
SlTcpClientNet *
sl_tcp_client_net_new (SlTcpClient  *client,
                       SlEventLog   *log,
                       GCancellable *cancellable)
{
  SlTcpClientNet *net = g_atomic_rc_box_new0 (SlTcpClientNet);

  g_weak_ref_init (&net->client, client);
  net->owner = g_main_context_ref_thread_default ();
  net->log = g_object_ref (log);
  net->cancellable = g_object_ref (cancellable);
  g_queue_init (&net->sends);

  return net;
}

SlTcpClientNet *
sl_tcp_client_net_ref (SlTcpClientNet *net)
{
  return g_atomic_rc_box_acquire (net);
}

static void
client_net_clear (gpointer data)
{
  SlTcpClientNet *net = data;

  /* Everything that holds a socket was torn down on the network thread
   * before the last reference went away. */
  g_assert (net->socket == NULL);
  g_assert (net->op == NULL);
  g_assert (g_queue_is_empty (&net->sends));

  g_weak_ref_clear (&net->client);
  g_main_context_unref (net->owner);
  g_object_unref (net->log);
  g_object_unref (net->cancellable);
  g_clear_object (&net->connection);
  g_free (net->peer);
  g_free (net->local);
  g_free (net->buffer);
}

void
sl_tcp_client_net_unref (SlTcpClientNet *net)
{
  g_atomic_rc_box_release_full (net, client_net_clear);
}

void
sl_tcp_client_log (SlTcpClientNet *net,
                   SlEventKind     kind,
                   const char     *peer,
                   const char     *local,
                   const char     *message)
{
  SlEvent *event = sl_event_new (kind, net->connected ? sl_connection_get_id (net->connection) : 0);

  sl_event_set_peer (event, peer);
  sl_event_set_local (event, local);
  sl_event_set_message (event, message);
  sl_event_log_append (net->log, event);
}

void
sl_tcp_client_send_free (SlTcpClientSend *send)
{
  g_clear_object (&send->task);
  g_bytes_unref (send->bytes);
  g_free (send);
}

/* Closes the socket, if any, and fails the sends still waiting with
 * @error (or "not connected"). Network thread. */
void
sl_tcp_client_close_socket (SlTcpClientNet *net,
                            const GError   *error)
{
  SlTcpClientPost *post;
  SlTcpClientSend *send;

  clear_source (&net->connect_source);
  clear_source (&net->read_source);
  clear_source (&net->write_source);
  clear_source (&net->timer);

  post = sl_tcp_client_post_new (net);
  post->set_state = TRUE;
  post->state = SL_TCP_CLIENT_DISCONNECTED;

  if (net->socket != NULL)
    {
      if (net->connection != NULL)
        {
          sl_connection_update_state (net->connection, SL_CONNECTION_CLOSED);
          sl_connection_forget_fd (net->connection);
        }

      g_socket_close (net->socket, NULL);
      g_clear_object (&net->socket);

      if (net->connected)
        {
          g_autofree char *message = NULL;

          if (error == NULL)
            /* Translators: %s is an address and port such as 127.0.0.1:55556 */
            message = g_strdup_printf (_("Closed the connection to %s: FIN sent."), net->peer);
          else
            message = g_strdup (_("Closed the socket."));
          sl_tcp_client_log (net, SL_EVENT_CLOSED, net->peer, net->local, message);
        }
    }

  while ((send = g_queue_pop_head (&net->sends)) != NULL)
    {
      if (send->task != NULL)
        {
          SlTcpClientPost *failed = sl_tcp_client_post_new (net);

          failed->task = g_steal_pointer (&send->task);
          if (error != NULL)
            failed->error = g_error_copy (error);
          else
            failed->error = g_error_new_literal (SL_ERROR, SL_ERROR_NOT_CONNECTED,
                                                 _("The connection was closed before the data could be sent."));
          sl_tcp_client_post_send (failed);
        }
      sl_tcp_client_send_free (send);
    }

  if (net->connection != NULL)
    {
      post->set_connection = TRUE;
      post->release = g_steal_pointer (&net->connection);
    }

  net->connected = FALSE;
  g_clear_pointer (&net->peer, g_free);
  g_clear_pointer (&net->local, g_free);

  sl_tcp_client_post_send (post);
}

/* The connection failed while open: reset, broken pipe, … */
static void
connection_failed (SlTcpClientNet *net,
                   const GError   *cause,
                   gboolean        sending)
{
  GError *error = sl_error_for_io (cause, net->peer, sending);

  if (net->op != NULL)
    {
      /* An exchange: its task reports the error */
      g_free (net->op->trying);
      net->op->trying = g_strdup (net->peer);
      sl_tcp_client_op_fail (net->op, error);
      return;
    }

  sl_tcp_client_log (net, SL_EVENT_ERROR, net->peer, net->local, error->message);
  sl_tcp_client_close_socket (net, error);
  g_error_free (error);
}

static gboolean read_cb (GSocket *socket, GIOCondition condition, gpointer data);

/* Right after connect(): report every recv() from now on, and for an
 * exchange, send its messages. */
void
sl_tcp_client_start_io (SlTcpClientNet *net)
{
  SlTcpClientOp *op = net->op;

  net->read_source = attach_to_net_thread (g_socket_create_source (net->socket, G_IO_IN, NULL),
                                           G_SOURCE_FUNC (read_cb), net, "[sl-tcp-client] read");

  if (op == NULL || !op->exchange)
    return;

  for (guint i = 0; i < op->messages->len; i++)
    {
      SlTcpClientSend *send = g_new0 (SlTcpClientSend, 1);

      send->bytes = g_bytes_ref (g_ptr_array_index (op->messages, i));
      g_queue_push_tail (&net->sends, send);
    }

  sl_tcp_client_restart_idle_timer (net);
  sl_tcp_client_pump_sends (net);
}

static gboolean
read_cb (GSocket      *socket,
         GIOCondition  condition,
         gpointer      data)
{
  SlTcpClientNet *net = data;
  g_autoptr(GError) error = NULL;
  gssize n;

  if (net->buffer == NULL)
    net->buffer = g_malloc (READ_BUFFER_SIZE);

  n = g_socket_receive (socket, (char *) net->buffer, READ_BUFFER_SIZE, NULL, &error);

  if (n < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;

      g_clear_pointer (&net->read_source, g_source_unref);
      connection_failed (net, error, FALSE);
      return G_SOURCE_REMOVE;
    }

  if (n == 0)
    {
      g_autofree char *message = NULL;

      g_clear_pointer (&net->read_source, g_source_unref);
      sl_connection_update_state (net->connection, SL_CONNECTION_PEER_CLOSED);
      /* Translators: %s is an address and port */
      message = g_strdup_printf (_("%s closed its side of the connection (FIN): recv() returned 0 bytes."),
                                 net->peer);
      sl_tcp_client_log (net, SL_EVENT_PEER_CLOSED, net->peer, net->local, message);

      if (net->op != NULL && net->op->exchange)
        sl_tcp_client_exchange_end (net->op);

      return G_SOURCE_REMOVE;
    }

  sl_connection_update_received (net->connection, n);
  sl_event_log_add_data (net->log, SL_EVENT_RECEIVED, sl_connection_get_id (net->connection),
                         net->peer, net->buffer, n);

  if (net->op != NULL && net->op->exchange)
    {
      g_byte_array_append (net->op->received, net->buffer, n);
      sl_tcp_client_restart_idle_timer (net);
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
write_ready_cb (GSocket      *socket,
                GIOCondition  condition,
                gpointer      data)
{
  SlTcpClientNet *net = data;

  g_clear_pointer (&net->write_source, g_source_unref);
  sl_tcp_client_pump_sends (net);
  return G_SOURCE_REMOVE;
}

/* Writes what the queue holds until the socket would block. */
void
sl_tcp_client_pump_sends (SlTcpClientNet *net)
{
  SlTcpClientSend *send;

  while ((send = g_queue_peek_head (&net->sends)) != NULL)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (send->bytes, &len);

      if (send->offset < len)
        {
          g_autoptr(GError) error = NULL;
          gssize n;

          n = g_socket_send (net->socket, (const char *) data + send->offset,
                             len - send->offset, NULL, &error);
          if (n < 0)
            {
              if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
                {
                  if (net->write_source == NULL)
                    net->write_source =
                      attach_to_net_thread (g_socket_create_source (net->socket, G_IO_OUT, NULL),
                                            G_SOURCE_FUNC (write_ready_cb), net,
                                            "[sl-tcp-client] write");
                  return;
                }

              connection_failed (net, error, TRUE);
              return;
            }

          sl_connection_update_sent (net->connection, n);
          sl_event_log_add_data (net->log, SL_EVENT_SENT, sl_connection_get_id (net->connection),
                                 net->peer, data + send->offset, n);
          send->offset += n;
          sl_tcp_client_restart_idle_timer (net);

          if (send->offset < len)
            continue;
        }

      g_queue_pop_head (&net->sends);
      if (send->task != NULL)
        {
          SlTcpClientPost *post = sl_tcp_client_post_new (net);

          post->task = g_steal_pointer (&send->task);
          sl_tcp_client_post_send (post);
        }
      sl_tcp_client_send_free (send);
    }
}

typedef struct
{
  SlTcpClientNet *net;
  SlTcpClientSend *send;
} SendCall;

static gboolean
send_cb (gpointer data)
{
  SendCall *call = data;
  SlTcpClientNet *net = call->net;

  if (!net->connected || net->op != NULL)
    {
      SlTcpClientPost *post = sl_tcp_client_post_new (net);

      post->task = g_steal_pointer (&call->send->task);
      post->error = g_error_new_literal (SL_ERROR, SL_ERROR_NOT_CONNECTED,
                                         _("The client is not connected. Connect to a server first."));
      sl_tcp_client_post_send (post);
      return G_SOURCE_REMOVE;
    }

  g_queue_push_tail (&net->sends, g_steal_pointer (&call->send));
  if (net->write_source == NULL)
    sl_tcp_client_pump_sends (net);

  return G_SOURCE_REMOVE;
}

static void
send_call_free (gpointer data)
{
  SendCall *call = data;

  g_clear_pointer (&call->send, sl_tcp_client_send_free);
  sl_tcp_client_net_unref (call->net);
  g_free (call);
}

void
sl_tcp_client_net_send (SlTcpClientNet *net,
                        GTask          *task,
                        GBytes         *bytes)
{
  SendCall *call = g_new0 (SendCall, 1);

  call->net = sl_tcp_client_net_ref (net);
  call->send = g_new0 (SlTcpClientSend, 1);
  call->send->task = g_object_ref (task);
  call->send->bytes = g_bytes_ref (bytes);
  sl_net_thread_invoke (send_cb, call, send_call_free);
}
