/* sl-tcp-server-net.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The network half of SlTcpServer: listening sockets and the requests that
 * the main half sends over with sl_net_thread_invoke(), all on the network
 * thread. Listeners are non-blocking GSockets with g_socket_create_source()
 * on the network context; what happens is reported to the SlEventLog and,
 * for the models, through one FIFO of operations that a single idle on the
 * main context drains (sl_tcp_server_dispatch_ops), so a connection always
 * reaches the model before its state changes do. */

#include "config.h"

#define G_LOG_DOMAIN "sl-tcp-server"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sl-error.h"
#include "sl-format.h"
#include "sl-net-thread.h"
#include "sl-port-registry.h"
#include "sl-tcp-server-private.h"

#define ACCEPTS_PER_DISPATCH 64
#define LISTEN_BACKLOG       4096
#define ACCEPT_RETRY_MS      100

static gint last_listener_id;

static void
unregister_port (gpointer data)
{
  sl_port_registry_remove (sl_port_registry_get_default (), SL_PORT_TCP, GPOINTER_TO_UINT (data));
}

static void net_listener_free (gpointer data);

SlServerShared *
sl_server_shared_ref (SlServerShared *shared)
{
  g_atomic_int_inc (&shared->ref_count);
  return shared;
}

void
sl_server_shared_unref (gpointer data)
{
  SlServerShared *shared = data;

  if (!g_atomic_int_dec_and_test (&shared->ref_count))
    return;

  g_assert (g_queue_is_empty (&shared->main_ops));
  g_clear_pointer (&shared->listeners, g_hash_table_unref);
  g_clear_pointer (&shared->conns, g_hash_table_unref);
  g_free (shared->buffer);
  if (shared->conns_source != NULL)
    {
      g_source_destroy (shared->conns_source);
      g_source_unref (shared->conns_source);
    }
  if (shared->epfd >= 0)
    close (shared->epfd);
  g_clear_object (&shared->log);
  g_clear_object (&shared->cancellable);
  g_main_context_unref (shared->main_context);
  g_mutex_clear (&shared->lock);
  g_free (shared);
}

SlServerShared *
sl_server_shared_new (SlTcpServer  *server,
                      SlEventLog   *log,
                      GCancellable *cancellable)
{
  SlServerShared *shared = g_new0 (SlServerShared, 1);

  shared->ref_count = 1;
  shared->server = server;
  shared->main_context = g_main_context_ref_thread_default ();
  shared->log = g_object_ref (log);
  shared->cancellable = g_object_ref (cancellable);
  g_mutex_init (&shared->lock);
  g_queue_init (&shared->main_ops);
  shared->listeners = g_hash_table_new_full (NULL, NULL, NULL, net_listener_free);
  shared->conns = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, sl_net_conn_free);
  shared->buffer = g_malloc (SL_SERVER_READ_BUFFER_SIZE);
  /* Without it (out of descriptors) each accepted connection says why it fails */
  if (!sl_net_conns_init (shared))
    g_warning ("Cannot create an epoll set: %s", g_strerror (errno));

  return shared;
}

void
sl_server_op_free (SlServerOp *op)
{
  g_clear_object (&op->task);
  g_clear_error (&op->error);
  g_clear_object (&op->listener);
  g_clear_object (&op->connection);
  g_free (op);
}

void
sl_server_shared_push_op (SlServerShared *shared,
                          SlServerOp     *op)
{
  gboolean schedule = FALSE;

  g_mutex_lock (&shared->lock);
  g_queue_push_tail (&shared->main_ops, op);
  if (!shared->main_scheduled)
    shared->main_scheduled = schedule = TRUE;
  g_mutex_unlock (&shared->lock);

  if (schedule)
    g_main_context_invoke_full (shared->main_context, G_PRIORITY_DEFAULT,
                                sl_tcp_server_dispatch_ops, sl_server_shared_ref (shared), sl_server_shared_unref);
}

void
sl_server_shared_log (SlServerShared *shared,
                      SlEventKind     kind,
                      guint64         connection_id,
                      const char     *peer,
                      const char     *local,
                      const char     *message)
{
  SlEvent *event = sl_event_new (kind, connection_id);

  sl_event_set_peer (event, peer);
  sl_event_set_local (event, local);
  sl_event_set_message (event, message);
  sl_event_log_append (shared->log, event);
}

static gboolean listener_accept_cb (GSocket *socket, GIOCondition condition, gpointer data);

static void
listener_watch (SlNetListener *listener)
{
  listener->source = g_socket_create_source (listener->socket, G_IO_IN, NULL);
  g_source_set_callback (listener->source, G_SOURCE_FUNC (listener_accept_cb), listener, NULL);
  g_source_set_static_name (listener->source, "[sl-tcp-server] listener");
  g_source_attach (listener->source, sl_net_thread_get_context ());
}

static gboolean
listener_retry_cb (gpointer data)
{
  SlNetListener *listener = data;

  g_clear_pointer (&listener->retry_source, g_source_unref);
  listener_watch (listener);

  return G_SOURCE_REMOVE;
}

static gboolean
listener_accept_cb (GSocket     *socket,
                    GIOCondition condition,
                    gpointer     data)
{
  SlNetListener *listener = data;
  guint i;

  /* accept4() rather than g_socket_accept(): a GSocket would cost six
   * more system calls per connection, which a burst of clients feels */
  for (i = 0; i < ACCEPTS_PER_DISPATCH; i++)
    {
      g_autofree char *message = NULL;
      struct sockaddr_storage peer;
      socklen_t peer_len = sizeof peer;
      int fd, errsv;

      fd = accept4 (g_socket_get_fd (socket), (struct sockaddr *) &peer, &peer_len,
                    SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd >= 0)
        {
          sl_net_conn_new (listener, fd, (struct sockaddr *) &peer, peer_len);
          continue;
        }

      errsv = errno;
      if (errsv == EINTR || errsv == ECONNABORTED)
        continue;
      if (errsv == EAGAIN || errsv == EWOULDBLOCK)
        break;

      /* Out of file descriptors, typically: the backlog keeps the waiting
       * clients; say so once and try again a little later instead of
       * spinning on a socket that stays readable. */
      message = g_strdup_printf (_("The server on %s cannot accept more connections right now (%s). Close some connections; it keeps trying."),
                                 listener->local, g_strerror (errsv));
      sl_server_shared_log (listener->shared, SL_EVENT_ERROR, 0, NULL, listener->local, message);
      g_source_destroy (listener->source);
      g_clear_pointer (&listener->source, g_source_unref);
      listener->retry_source = g_timeout_source_new (ACCEPT_RETRY_MS);
      g_source_set_callback (listener->retry_source, listener_retry_cb, listener, NULL);
      g_source_attach (listener->retry_source, sl_net_thread_get_context ());
      break;
    }

  return G_SOURCE_CONTINUE;
}

static void
net_listener_free (gpointer data)
{
  SlNetListener *listener = data;

  if (listener->source != NULL)
    {
      g_source_destroy (listener->source);
      g_source_unref (listener->source);
    }
  if (listener->retry_source != NULL)
    {
      g_source_destroy (listener->retry_source);
      g_source_unref (listener->retry_source);
    }
  if (listener->socket != NULL)
    g_socket_close (listener->socket, NULL);
  g_clear_object (&listener->socket);
  g_clear_pointer (&listener->reply, sl_reply_config_free);
  g_free (listener->local);
  g_free (listener);
}

/* Closes @listener and, with a FIN each, all its connections. */
static void
net_stop_listener (SlServerShared *shared,
                   SlNetListener  *listener)
{
  g_autoptr(GPtrArray) victims = g_ptr_array_new ();
  g_autofree char *message = NULL;
  GHashTableIter iter;
  gpointer value;
  guint i;

  g_hash_table_iter_init (&iter, shared->conns);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (sl_net_conn_get_listener (value) == listener)
      g_ptr_array_add (victims, value);

  for (i = 0; i < victims->len; i++)
    sl_net_conn_close (g_ptr_array_index (victims, i), TRUE);

  /* Translators: %s is an address and port, e.g. 127.0.0.1:55556 */
  message = g_strdup_printf (_("Stopped listening on %s"), listener->local);
  sl_server_shared_log (shared, SL_EVENT_STOPPED, 0, NULL, listener->local, message);

  g_hash_table_remove (shared->listeners, GUINT_TO_POINTER (listener->id));
}

void
sl_server_start_free (gpointer data)
{
  SlServerStart *start = data;

  sl_server_shared_unref (start->shared);
  g_clear_object (&start->task);
  g_free (start->address);
  sl_reply_config_free (start->reply);
  g_free (start);
}

/* "fe80::1%eth0" carries its interface as the scope id */
static GSocketAddress *
parse_bind_address (const char *text,
                    guint16     port,
                    char      **normalized,
                    GError    **error)
{
  g_autofree char *host = g_strdup (text);
  g_autoptr(GInetAddress) inet = NULL;
  g_autofree char *inet_text = NULL;
  char *percent = strchr (host, '%');
  guint scope_id = 0;

  if (percent != NULL)
    {
      *percent = '\0';
      scope_id = if_nametoindex (percent + 1);
    }

  inet = g_inet_address_new_from_string (host);
  if (inet == NULL || (percent != NULL && (scope_id == 0 ||
                                            g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV6)))
    {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                   /* Translators: %s is what the user typed as an address */
                   _("“%s” is not an IP address; type one such as 127.0.0.1 or ::1, or choose one from the list"),
                   text);
      return NULL;
    }

  inet_text = g_inet_address_to_string (inet);
  *normalized = percent != NULL ? g_strdup_printf ("%s%%%s", inet_text, percent + 1)
                                : g_steal_pointer (&inet_text);

  return g_object_new (G_TYPE_INET_SOCKET_ADDRESS,
                       "address", inet,
                       "port", port,
                       "scope-id", scope_id,
                       NULL);
}

static GSocket *
open_listening_socket (const char     *address,
                       GSocketAddress *bind_address,
                       guint16         port,
                       gboolean        reuse_address,
                       GError        **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) cause = NULL;
  GSocketFamily family = g_socket_address_get_family (bind_address);

  socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &cause);
  if (socket != NULL)
    {
      /* One "::" listener for IPv4 and IPv6 clients, where the system
       * allows it (net.ipv6.bindv6only may say otherwise). */
      if (family == G_SOCKET_FAMILY_IPV6)
        g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, 0, NULL);
      g_socket_set_blocking (socket, FALSE);
      g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);

      /* g_socket_bind() sets SO_REUSEADDR to exactly @reuse_address */
      if (g_socket_bind (socket, bind_address, reuse_address, &cause) &&
          g_socket_listen (socket, &cause))
        return g_steal_pointer (&socket);
    }

  *error = sl_error_for_bind (cause, address, port);
  return NULL;
}

gboolean
sl_net_start_listener (gpointer data)
{
  SlServerStart *start = data;
  SlServerShared *shared = start->shared;
  g_autoptr(GSocketAddress) bind_address = NULL;
  g_autoptr(GSocketAddress) local_address = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *message = NULL;
  GError *error = NULL;
  SlNetListener *listener;
  SlListener *object;
  SlServerOp *op;
  guint16 port = start->port;

  op = g_new0 (SlServerOp, 1);
  op->task = g_steal_pointer (&start->task);
  op->generation = start->generation;

  if (shared->torn_down || g_cancellable_set_error_if_cancelled (shared->cancellable, &error))
    goto failed;

  bind_address = parse_bind_address (start->address, start->port, &normalized, &error);
  if (bind_address == NULL)
    goto failed;

  socket = open_listening_socket (start->address, bind_address, start->port,
                                  start->reuse_address, &error);
  if (socket == NULL)
    goto failed;

  listener = g_new0 (SlNetListener, 1);
  listener->shared = shared;
  listener->id = (guint) g_atomic_int_add (&last_listener_id, 1) + 1;
  listener->socket = g_steal_pointer (&socket);
  listener->reply = sl_reply_config_copy (start->reply);

  local_address = g_socket_get_local_address (listener->socket, NULL);
  if (G_IS_INET_SOCKET_ADDRESS (local_address))
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local_address));
  listener->local = sl_format_host_port (normalized, port);
  /* In the capture's "this session" filter while the socket exists */
  sl_port_registry_add (sl_port_registry_get_default (), SL_PORT_TCP, port);
  g_object_set_data_full (G_OBJECT (listener->socket), "sl-port-registry",
                          GUINT_TO_POINTER (port), unregister_port);
  object = sl_listener_new (listener->id, normalized, port, start->reply);

  g_hash_table_insert (shared->listeners, GUINT_TO_POINTER (listener->id), listener);
  listener_watch (listener);

  /* Translators: %s is an address and port, e.g. 127.0.0.1:55556 */
  message = g_strdup_printf (_("Listening on %s"), listener->local);
  sl_server_shared_log (shared, SL_EVENT_LISTENING, 0, NULL, listener->local, message);

  op->kind = SL_SERVER_OP_LISTENER_STARTED;
  op->listener = object;
  op->listener_id = listener->id;
  sl_server_shared_push_op (shared, op);
  return G_SOURCE_REMOVE;

failed:
  op->kind = SL_SERVER_OP_LISTENER_FAILED;
  op->error = error;
  sl_server_shared_push_op (shared, op);
  return G_SOURCE_REMOVE;
}

/* Requests from the main thread ------------------------------------------ */

void
sl_server_request_free (gpointer data)
{
  SlServerRequest *request = data;

  sl_server_shared_unref (request->shared);
  g_clear_pointer (&request->reply, sl_reply_config_free);
  g_clear_pointer (&request->data, g_bytes_unref);
  g_free (request);
}

static void
net_stop_all (SlServerShared *shared)
{
  g_autoptr(GList) listeners = g_hash_table_get_values (shared->listeners);

  for (const GList *l = listeners; l != NULL; l = l->next)
    net_stop_listener (shared, l->data);
}

static void
net_send (SlServerShared *shared,
          guint64         connection_id,
          GBytes         *data)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint64));
  gsize size;
  const guint8 *bytes = g_bytes_get_data (data, &size);
  guint i;

  if (connection_id != 0)
    {
      g_array_append_val (ids, connection_id);
    }
  else
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, shared->conns);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_array_append_val (ids, *(guint64 *) key);
    }

  /* Look each one up again: a failed send closes and frees its connection */
  for (i = 0; i < ids->len; i++)
    {
      SlNetConn *conn = g_hash_table_lookup (shared->conns, &g_array_index (ids, guint64, i));

      if (conn != NULL)
        sl_net_conn_queue (conn, bytes, size);
    }
}

gboolean
sl_net_request (gpointer data)
{
  SlServerRequest *request = data;
  SlServerShared *shared = request->shared;
  SlNetListener *listener;
  SlNetConn *conn;

  if (shared->torn_down)
    return G_SOURCE_REMOVE;

  switch (request->kind)
    {
    case SL_SERVER_REQUEST_STOP_LISTENER:
      listener = g_hash_table_lookup (shared->listeners, GUINT_TO_POINTER (request->listener_id));
      if (listener != NULL)
        net_stop_listener (shared, listener);
      break;

    case SL_SERVER_REQUEST_STOP_ALL:
      net_stop_all (shared);
      break;

    case SL_SERVER_REQUEST_SET_REPLY:
      listener = g_hash_table_lookup (shared->listeners, GUINT_TO_POINTER (request->listener_id));
      if (listener != NULL)
        {
          sl_reply_config_free (listener->reply);
          listener->reply = g_steal_pointer (&request->reply);
        }
      break;

    case SL_SERVER_REQUEST_SEND:
      net_send (shared, request->connection_id, request->data);
      break;

    case SL_SERVER_REQUEST_CLOSE:
      conn = g_hash_table_lookup (shared->conns, &request->connection_id);
      if (conn != NULL)
        sl_net_conn_close (conn, TRUE);
      break;

    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

gboolean
sl_net_teardown (gpointer data)
{
  SlServerShared *shared = data;

  net_stop_all (shared);
  g_hash_table_remove_all (shared->conns);
  /* Here, not in the last unref: no dispatch can be running now */
  if (shared->conns_source != NULL)
    g_source_destroy (shared->conns_source);
  shared->torn_down = TRUE;

  return G_SOURCE_REMOVE;
}
