/* test-tcp-server-load.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlTcpServer under load on loopback: 1,000 clients at once, 10,000
 * connect/close cycles without a leaked descriptor, a peer that resets
 * while the server's output is backed up. Bounded in count and time. */

#include "config.h"

#define G_LOG_DOMAIN "test-tcp-server-load"

#include "sl-test-net.h"
#include "tcp-server-test-utils.h"

#define N_CLIENTS 1000

static void
test_many_clients (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlListener) listener = NULL;
  int *fds = g_new (int, N_CLIENTS);
  guint16 port;

  listener = start_listener (fixture->server, "127.0.0.1", "echo", 0, FALSE, &error);
  g_assert_no_error (error);
  port = sl_listener_get_port (listener);

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_autofree char *message = g_strdup_printf ("client %04u", i);

      fds[i] = client_connect ("127.0.0.1", port);
      g_assert_cmpint (fds[i], >=, 0);
      send_str (fds[i], message);
    }

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_autofree char *message = g_strdup_printf ("client %04u", i);
      char buffer[16];

      recv_exact (fds[i], buffer, strlen (message));
      g_assert_cmpmem (buffer, strlen (message), message, strlen (message));
    }

  g_assert_true (wait_connections (listener, N_CLIENTS));
  g_assert_cmpuint (n_items (sl_tcp_server_get_connections (fixture->server)), ==, N_CLIENTS);

  for (guint i = 0; i < N_CLIENTS; i++)
    close (fds[i]);
  g_assert_true (wait_connections (listener, 0));

  g_free (fds);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *total)
{
  *total += added;
}

typedef struct
{
  SlListener *listener;
  guint *added;
  guint expected;
} CycleWait;

static gboolean
cycles_done (gpointer data)
{
  CycleWait *wait = data;

  return *wait->added == wait->expected && sl_listener_get_n_connections (wait->listener) == 0;
}

#define N_CYCLES 10000

static void
test_cycles (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlListener) listener = NULL;
  GListModel *connections = sl_tcp_server_get_connections (fixture->server);
  guint added = 0, before, after;
  CycleWait wait;
  guint16 port;
  int fd;

  sl_event_log_set_limits (fixture->log, 1000, 1024 * 1024);
  listener = start_listener (fixture->server, "127.0.0.1", "echo", 0, FALSE, &error);
  g_assert_no_error (error);
  port = sl_listener_get_port (listener);
  g_signal_connect (connections, "items-changed", G_CALLBACK (on_items_changed), &added);

  /* Warm up, so that lazily created descriptors are counted in "before" */
  fd = client_connect ("127.0.0.1", port);
  close (fd);
  wait = (CycleWait) { listener, &added, 1 };
  g_assert_true (sl_test_spin_until (cycles_done, &wait, TIMEOUT_MS));
  before = sl_test_count_fds ();

  for (guint i = 0; i < N_CYCLES; i++)
    {
      fd = client_connect ("127.0.0.1", port);
      g_assert_cmpint (fd, >=, 0);
      if (i % 2 == 0)
        send_str (fd, "x");
      close (fd);
      if (i % 100 == 0)
        while (g_main_context_iteration (NULL, FALSE))
          ;
    }

  wait.expected = N_CYCLES + 1;
  g_assert_true (sl_test_spin_until (cycles_done, &wait, TIMEOUT_MS * 6));
  after = sl_test_count_fds ();
  g_assert_cmpuint (after, ==, before);

  /* The models and the log stay bounded */
  g_assert_cmpuint (n_items (connections), <=, 200);
  sl_event_log_flush (fixture->log);
  g_assert_cmpuint (n_items (fixture->log), <=, 1000);
  g_assert_cmpuint (sl_event_log_get_total_appended (fixture->log), >=, 3 * N_CYCLES);

  g_signal_handlers_disconnect_by_func (connections, on_items_changed, &added);
}

/* A peer that resets while the server's output is backed up */
static void
test_reset (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlListener) listener = NULL;
  struct linger linger = { 1, 0 };
  int small = 4096;
  g_autofree guint8 *chunk = g_malloc0 (64 * 1024);
  SlConnection *connection;
  SlEvent *event;
  gsize total = 0;
  int fd;

  listener = start_listener (fixture->server, "127.0.0.1", "echo", 0, FALSE, &error);
  g_assert_no_error (error);

  fd = client_connect ("127.0.0.1", sl_listener_get_port (listener));
  setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);

  /* Send without reading until both directions are full */
  for (guint i = 0; i < 2000; i++)
    {
      ssize_t n = send (fd, chunk, 64 * 1024, MSG_DONTWAIT | MSG_NOSIGNAL);

      if (n < 0)
        {
          g_assert_true (errno == EAGAIN || errno == EWOULDBLOCK);
          g_usleep (2000);
          if (i > 50)
            break;
          continue;
        }
      total += n;
    }
  g_assert_cmpuint (total, >, 0);
  g_assert_true (wait_connections (listener, 1));
  connection = connection_at (fixture->server, 0);

  setsockopt (fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  close (fd);

  event = wait_event (fixture->log, SL_EVENT_ERROR, sl_connection_get_id (connection));
  g_assert_cmpstr (sl_event_get_message (event), !=, "");
  g_assert_true (wait_state (connection, SL_CONNECTION_CLOSED));
  g_assert_true (wait_connections (listener, 0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  raise_fd_limit ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/tcp-server/many-clients", test_many_clients);
  ADD ("/tcp-server/cycles", test_cycles);
  ADD ("/tcp-server/reset", test_reset);

#undef ADD

  return g_test_run ();
}
