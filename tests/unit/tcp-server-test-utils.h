/* tcp-server-test-utils.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What test-tcp-server.c and test-tcp-server-load.c share: bounded spins of
 * the default main context (this thread is the engine's "main thread"),
 * blocking client sockets as a student's script has, and waits on the
 * engine's models and log. Every wait has a deadline. */

#pragma once

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sl-error.h"
#include "sl-tcp-server.h"

#include "sl-test-wait.h"

#define TIMEOUT_MS 10000

G_GNUC_UNUSED static gboolean
always_false (gpointer data)
{
  return FALSE;
}

G_GNUC_UNUSED static void
spin_for (guint ms)
{
  sl_test_spin_until (always_false, NULL, ms);
}

typedef struct
{
  GAsyncResult *result;
} Waiter;

G_GNUC_UNUSED static void
on_started (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

G_GNUC_UNUSED static gboolean
waiter_done (gpointer data)
{
  return ((Waiter *) data)->result != NULL;
}

G_GNUC_UNUSED static SlListener *
start_listener (SlTcpServer *server,
                const char  *address,
                const char  *reply_spec,
                guint16      port,
                gboolean     reuse,
                GError     **error)
{
  g_autoptr(SlReplyConfig) reply = sl_reply_config_parse (reply_spec, NULL);
  Waiter waiter = { NULL };
  SlListener *listener;

  g_assert_nonnull (reply);
  sl_tcp_server_start_listener_async (server, address, port, reply, reuse, NULL,
                                      on_started, &waiter);
  g_assert_true (sl_test_spin_until (waiter_done, &waiter, TIMEOUT_MS));
  listener = sl_tcp_server_start_listener_finish (server, waiter.result, error);
  g_object_unref (waiter.result);

  return listener;
}

G_GNUC_UNUSED static void
set_timeouts (int fd)
{
  struct timeval tv = { TIMEOUT_MS / 1000, 0 };

  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* A blocking client socket, as a student's Python script has */
G_GNUC_UNUSED static int
client_connect (const char *address,
                guint16     port)
{
  struct sockaddr_storage ss = { 0 };
  socklen_t len;
  int fd;

  if (strchr (address, ':') != NULL)
    {
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;

      sin6->sin6_family = AF_INET6;
      sin6->sin6_port = htons (port);
      g_assert_cmpint (inet_pton (AF_INET6, address, &sin6->sin6_addr), ==, 1);
      len = sizeof *sin6;
    }
  else
    {
      struct sockaddr_in *sin = (struct sockaddr_in *) &ss;

      sin->sin_family = AF_INET;
      sin->sin_port = htons (port);
      g_assert_cmpint (inet_pton (AF_INET, address, &sin->sin_addr), ==, 1);
      len = sizeof *sin;
    }

  fd = socket (ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  set_timeouts (fd);
  if (connect (fd, (struct sockaddr *) &ss, len) != 0)
    {
      int errsv = errno;

      close (fd);
      errno = errsv;
      return -1;
    }

  return fd;
}

G_GNUC_UNUSED static void
send_all (int         fd,
          const void *data,
          gsize       len)
{
  const guint8 *p = data;

  while (len > 0)
    {
      ssize_t n = send (fd, p, len, MSG_NOSIGNAL);

      g_assert_cmpint (n, >, 0);
      p += n;
      len -= n;
    }
}

G_GNUC_UNUSED static void
send_str (int         fd,
          const char *text)
{
  send_all (fd, text, strlen (text));
}

/* Reads exactly @len bytes or fails the test */
G_GNUC_UNUSED static void
recv_exact (int   fd,
            void *buffer,
            gsize len)
{
  guint8 *p = buffer;

  while (len > 0)
    {
      ssize_t n = recv (fd, p, len, 0);

      if (n <= 0)
        g_error ("recv: %s", n == 0 ? "unexpected EOF" : g_strerror (errno));
      p += n;
      len -= n;
    }
}

/* Reads until EOF; TRUE if EOF came within the timeout */
G_GNUC_UNUSED static gboolean
recv_until_eof (int         fd,
                GByteArray *out)
{
  for (guint i = 0; i < 100000; i++)
    {
      guint8 buffer[4096];
      ssize_t n = recv (fd, buffer, sizeof buffer, 0);

      if (n == 0)
        return TRUE;
      if (n < 0)
        return FALSE;
      if (out != NULL)
        g_byte_array_append (out, buffer, n);
    }

  return FALSE;
}

/* Whether nothing arrives within @ms */
G_GNUC_UNUSED static gboolean
nothing_arrives (int   fd,
                 guint ms)
{
  struct timeval tv = { 0, ms * 1000 };
  guint8 byte;
  ssize_t n;

  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  n = recv (fd, &byte, 1, 0);
  set_timeouts (fd);

  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

typedef struct
{
  SlEventLog *log;
  SlTcpServer *server;
} Fixture;

G_GNUC_UNUSED static void
fixture_setup (Fixture      *fixture,
               gconstpointer data)
{
  fixture->log = sl_event_log_new ();
  fixture->server = sl_tcp_server_new (fixture->log);
}

G_GNUC_UNUSED static void
fixture_teardown (Fixture      *fixture,
                  gconstpointer data)
{
  g_assert_finalize_object (fixture->server);
  spin_for (50);
  g_assert_finalize_object (fixture->log);
}

G_GNUC_UNUSED static guint
n_items (gpointer model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

typedef struct
{
  SlListener *listener;
  guint n;
} CountWait;

G_GNUC_UNUSED static gboolean
count_reached (gpointer data)
{
  CountWait *wait = data;

  return sl_listener_get_n_connections (wait->listener) == wait->n;
}

G_GNUC_UNUSED static gboolean
wait_connections (SlListener *listener,
                  guint       n)
{
  CountWait wait = { listener, n };

  return sl_test_spin_until (count_reached, &wait, TIMEOUT_MS * 3);
}

/* The first event of @kind for @connection_id (0: any) after a flush */
G_GNUC_UNUSED static SlEvent *
find_event (SlEventLog *log,
            SlEventKind kind,
            guint64     connection_id)
{
  guint i, n;

  sl_event_log_flush (log);
  n = n_items (log);
  for (i = 0; i < n; i++)
    {
      g_autoptr(SlEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (sl_event_get_kind (event) == kind &&
          (connection_id == 0 || sl_event_get_connection_id (event) == connection_id))
        return event;
    }

  return NULL;
}

typedef struct
{
  SlEventLog *log;
  SlEventKind kind;
  guint64 connection_id;
} EventWait;

G_GNUC_UNUSED static gboolean
event_present (gpointer data)
{
  EventWait *wait = data;

  return find_event (wait->log, wait->kind, wait->connection_id) != NULL;
}

G_GNUC_UNUSED static SlEvent *
wait_event (SlEventLog *log,
            SlEventKind kind,
            guint64     connection_id)
{
  EventWait wait = { log, kind, connection_id };

  g_assert_true (sl_test_spin_until (event_present, &wait, TIMEOUT_MS));
  return find_event (log, kind, connection_id);
}

G_GNUC_UNUSED static SlConnection *
connection_at (SlTcpServer *server,
               guint        position)
{
  g_autoptr(SlConnection) connection =
    g_list_model_get_item (sl_tcp_server_get_connections (server), position);

  return connection;  /* the model keeps it alive */
}

typedef struct
{
  SlConnection *connection;
  SlConnectionState state;
} StateWait;

G_GNUC_UNUSED static gboolean
state_reached (gpointer data)
{
  StateWait *wait = data;

  return sl_connection_get_state (wait->connection) == wait->state;
}

G_GNUC_UNUSED static gboolean
wait_state (SlConnection     *connection,
            SlConnectionState state)
{
  StateWait wait = { connection, state };

  return sl_test_spin_until (state_reached, &wait, TIMEOUT_MS);
}

G_GNUC_UNUSED static void
raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}
