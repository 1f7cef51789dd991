/* http-serve.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Socket Lab's HTTP server core without the window: SlHttpServer on the
 * network thread, its SlEventLog drained by a GLib main loop on the main
 * thread (as the page's log does, once per 16 ms), so that the HTTP
 * benchmark can tell the cost of the core from the cost of the page.
 *
 * Usage: http-serve ROOT [PORT] [--max-seconds S]
 * Listens on 127.0.0.1:PORT (default 0: the system chooses) and prints the
 * port on the first line of stdout. Runs until SIGTERM/SIGINT, or at most S
 * seconds (default 3600). At exit it prints on stderr how many events the
 * log was given. */

#include "config.h"

#include <glib-unix.h>
#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>

#include "sl-event-log.h"
#include "sl-http-server.h"

typedef struct
{
  GMainLoop *loop;
  GError *error;
  gboolean started;
} Run;

static gboolean
on_quit (gpointer data)
{
  g_main_loop_quit (((Run *) data)->loop);
  return G_SOURCE_CONTINUE;
}

static void
on_started (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Run *run = data;

  run->started = sl_http_server_start_finish (SL_HTTP_SERVER (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SlEventLog) log = NULL;
  g_autoptr(SlHttpServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  const char *root = NULL;
  guint port = 0;
  guint max_seconds = 3600;
  gboolean have_port = FALSE, usage = FALSE;
  Run run = { 0 };
  int i;

  for (i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--max-seconds") && i + 1 < argc)
        max_seconds = (guint) strtoul (argv[++i], NULL, 10);
      else if (root == NULL)
        root = argv[i];
      else if (!have_port)
        {
          port = (guint) strtoul (argv[i], NULL, 10);
          have_port = TRUE;
        }
      else
        usage = TRUE;
    }
  if (usage || root == NULL || port > G_MAXUINT16 || max_seconds == 0)
    {
      fprintf (stderr, "Usage: http-serve ROOT [PORT] [--max-seconds S]\n");
      return 2;
    }

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  log = sl_event_log_new ();
  server = sl_http_server_new (log);

  sl_http_server_start_async (server, "127.0.0.1", (guint16) port, root, NULL, on_started, &run);
  g_main_loop_run (loop);
  if (!run.started)
    {
      fprintf (stderr, "http-serve: %s\n", run.error->message);
      g_clear_error (&run.error);
      return 1;
    }

  printf ("%u\n", sl_http_server_get_port (server));
  fflush (stdout);

  g_unix_signal_add (SIGTERM, on_quit, &run);
  g_unix_signal_add (SIGINT, on_quit, &run);
  g_timeout_add_seconds (max_seconds, on_quit, &run);
  g_main_loop_run (loop);

  sl_http_server_stop (server);
  fprintf (stderr, "http-serve: %" G_GUINT64_FORMAT " events logged\n",
           sl_event_log_get_total_appended (log));

  return 0;
}
