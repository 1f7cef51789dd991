/* test-tcp-client-peers.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* The peers of test-tcp-client.c, all in this process and on loopback:
 * bounded waiting on the main context, an echo server and a server that
 * answers once and closes (GSocketService on the main context), a server
 * thread that resets, a listener whose full accept queue drops SYNs, and a
 * GResolver that knows two names and nothing else. Included once. */

#include <string.h>
#include <sys/socket.h>

#include <gio/gio.h>

/* Waiting, bounded in time */

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

#define WAIT_UNTIL(cond, seconds)                                               \
  G_STMT_START {                                                                \
    gint64 _deadline = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;    \
    guint _wake = g_timeout_add (10, wake_cb, NULL);                            \
    while (!(cond) && g_get_monotonic_time () < _deadline)                      \
      g_main_context_iteration (NULL, TRUE);                                    \
    g_source_remove (_wake);                                                    \
  } G_STMT_END

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot,
             guint          seconds)
{
  WAIT_UNTIL (*slot != NULL, seconds);
  g_assert_nonnull (*slot);
  return *slot;
}

/* Servers */

typedef enum
{
  SERVER_ECHO,
  SERVER_ACK_AFTER,     /* reads ack_after bytes, answers "ACK", closes */
} ServerMode;

typedef struct
{
  GSocketService *service;
  guint16 port;
  ServerMode mode;
  gsize ack_after;
  guint n_accepted;
  guint n_open;
} Server;

typedef struct
{
  Server *server;
  GSocketConnection *connection;
  guint8 buffer[4096];
  gsize total;
} ServerConn;

static void
server_conn_close (ServerConn *conn)
{
  g_io_stream_close (G_IO_STREAM (conn->connection), NULL, NULL);
  g_object_unref (conn->connection);
  conn->server->n_open--;
  g_free (conn);
}

static void
on_splice_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, NULL);
  server_conn_close (data);
}

static void
on_ack_written (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  server_conn_close (data);
}

static void
on_ack_read (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  ServerConn *conn = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      server_conn_close (conn);
      return;
    }

  conn->total += n;
  if (conn->total < conn->server->ack_after)
    {
      g_input_stream_read_async (G_INPUT_STREAM (source), conn->buffer, sizeof conn->buffer,
                                 G_PRIORITY_DEFAULT, NULL, on_ack_read, conn);
      return;
    }

  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (conn->connection)),
                                   "ACK", 3, G_PRIORITY_DEFAULT, NULL, on_ack_written, conn);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           data)
{
  Server *server = data;
  ServerConn *conn = g_new0 (ServerConn, 1);
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  conn->server = server;
  conn->connection = g_object_ref (connection);
  server->n_accepted++;
  server->n_open++;

  if (server->mode == SERVER_ECHO)
    g_output_stream_splice_async (out, in, G_OUTPUT_STREAM_SPLICE_NONE, G_PRIORITY_DEFAULT,
                                  NULL, on_splice_done, conn);
  else
    g_input_stream_read_async (in, conn->buffer, sizeof conn->buffer, G_PRIORITY_DEFAULT,
                               NULL, on_ack_read, conn);

  return TRUE;
}

static Server *
server_new (const char *address,
            ServerMode  mode)
{
  Server *server = g_new0 (Server, 1);
  g_autoptr(GSocketAddress) wanted = g_inet_socket_address_new_from_string (address, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  server->mode = mode;
  server->service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), wanted,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &effective, &error))
    {
      g_test_message ("cannot listen on %s: %s", address, error->message);
      g_object_unref (server->service);
      g_free (server);
      return NULL;
    }
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (server->service, "incoming", G_CALLBACK (on_incoming), server);
  g_socket_service_start (server->service);

  return server;
}

static void
server_free (Server *server)
{
  WAIT_UNTIL (server->n_open == 0, 5);
  g_assert_cmpuint (server->n_open, ==, 0);
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_object_unref (server->service);
  g_free (server);
}

static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A listener with backlog 0 takes one connection into its accept queue;
 * after that the kernel drops SYNs, as a firewall would. */
static GSocket *
full_listener (GPtrArray *fillers,
               guint16   *port)
{
  g_autoptr(GSocket) listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (listener, address, FALSE, NULL));
  g_socket_set_listen_backlog (listener, 0);
  g_assert_true (g_socket_listen (listener, NULL));
  bound = g_socket_get_local_address (listener, NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  for (guint i = 0; i < 3; i++)
    {
      GSocket *filler = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL);
      g_autoptr(GSocketAddress) target = g_inet_socket_address_new_from_string ("127.0.0.1", *port);

      g_socket_set_blocking (filler, FALSE);
      g_socket_connect (filler, target, NULL, NULL);
      g_ptr_array_add (fillers, filler);
    }
  g_usleep (100 * 1000);

  return g_steal_pointer (&listener);
}

/* A resolver that knows two names and nothing else */

#define FAKE_TYPE_RESOLVER (fake_resolver_get_type ())
G_DECLARE_FINAL_TYPE (FakeResolver, fake_resolver, FAKE, RESOLVER, GResolver)

struct _FakeResolver
{
  GResolver parent_instance;
};

G_DEFINE_FINAL_TYPE (FakeResolver, fake_resolver, G_TYPE_RESOLVER)

static GList *
fake_lookup (const char  *hostname,
             GError     **error)
{
  if (g_str_equal (hostname, "dual.test"))
    {
      GList *list = NULL;

      list = g_list_append (list, g_inet_address_new_from_string ("::1"));
      list = g_list_append (list, g_inet_address_new_from_string ("127.0.0.1"));
      return list;
    }

  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
               "Error resolving “%s”: Name or service not known", hostname);
  return NULL;
}

static GList *
fake_resolver_lookup_by_name (GResolver     *resolver,
                              const char    *hostname,
                              GCancellable  *cancellable,
                              GError       **error)
{
  return fake_lookup (hostname, error);
}

static void
fake_resolver_lookup_by_name_async (GResolver           *resolver,
                                    const char          *hostname,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  GList *list = fake_lookup (hostname, &error);

  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, (GDestroyNotify) g_resolver_free_addresses);
}

static GList *
fake_resolver_lookup_by_name_finish (GResolver     *resolver,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fake_resolver_class_init (FakeResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = fake_resolver_lookup_by_name;
  resolver_class->lookup_by_name_async = fake_resolver_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = fake_resolver_lookup_by_name_finish;
}

static void
fake_resolver_init (FakeResolver *self)
{
}

/* A server thread that reads a little, then closes with SO_LINGER 0: the
 * kernel answers with RST, and everything still unread is lost. */
static gpointer
reset_server_thread (gpointer data)
{
  GSocket *listener = data;
  g_autoptr(GSocket) accepted = NULL;
  struct linger linger = { 1, 0 };
  char buffer[1000];

  accepted = g_socket_accept (listener, NULL, NULL);
  if (accepted == NULL)
    return NULL;

  g_socket_set_timeout (accepted, 5);
  g_socket_receive (accepted, buffer, sizeof buffer, NULL, NULL);
  setsockopt (g_socket_get_fd (accepted), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  g_socket_close (accepted, NULL);

  return NULL;
}

