/* test-ladder-view.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "test-ladder-view"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "sl-event-log.h"
#include "sl-ladder-view.h"

#include "sl-test-playback.h"

static SlEvent *
append (SlEventLog  *log,
        SlEventKind  kind,
        const char  *peer,
        const char  *local,
        const char  *data)
{
  SlEvent *event = sl_event_new (kind, kind == SL_EVENT_CONNECTING ? 0 : 1);

  sl_event_set_peer (event, peer);
  sl_event_set_local (event, local);
  if (data != NULL)
    sl_event_set_data (event, (const guint8 *) data, strlen (data));
  sl_event_log_append (log, event);
  return event;
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  return handled;
}

static char *
read_file (const char *path,
           gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_ladder_hello (void)
{
  g_autoptr(SlEventLog) client = sl_event_log_new ();
  g_autoptr(SlEventLog) server = sl_event_log_new ();
  g_autoptr(GPtrArray) logs = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *png = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *contents = NULL;
  const char *c = "127.0.0.1:48092", *s = "127.0.0.1:43793";
  GtkWidget *window, *scrolled;
  SlLadderView *view;
  SlEvent *connecting;
  guint notified = 0;
  gsize len;
  Playback pb;

  connecting = append (client, SL_EVENT_CONNECTING, s, NULL, NULL);
  append (server, SL_EVENT_ACCEPTED, c, s, NULL);
  append (client, SL_EVENT_CONNECTED, s, c, NULL);
  append (client, SL_EVENT_SENT, s, NULL, "hello");
  append (server, SL_EVENT_SENT, c, NULL, "hello");
  append (client, SL_EVENT_CLOSED, s, c, NULL);
  append (server, SL_EVENT_CLOSED, c, s, NULL);
  sl_event_log_flush (client);
  sl_event_log_flush (server);
  g_ptr_array_add (logs, client);
  g_ptr_array_add (logs, server);

  if (!playback_start (&pb, "tcp-hello.pcap", sl_event_get_real_time (connecting) + 2000, 10))
    {
      g_test_skip ("needs SRCDIR, /usr/bin/python3 and a temporary directory");
      return;
    }

  view = SL_LADDER_VIEW (sl_ladder_view_new ());
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (view));
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (view)));
  g_assert_cmpuint (sl_ladder_view_get_n_segments (view), ==, 0);

  sl_ladder_view_set_capture (view, pb.capture);
  sl_ladder_view_set_event_logs (view, logs);
  sl_ladder_view_set_stream (view, 0);
  g_assert_cmpint (sl_ladder_view_get_stream (view), ==, 0);
  g_assert_cmpuint (sl_ladder_view_get_n_segments (view), ==, 10);

  /* Selection from outside, by keyboard and the property */
  g_signal_connect (view, "notify::selected-packet", G_CALLBACK (on_notify), &notified);
  sl_ladder_view_set_selected_packet (view, 3);
  g_assert_cmpint (sl_ladder_view_get_selected_packet (view), ==, 3);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (press_key (GTK_WIDGET (view), GDK_KEY_Down));
  g_assert_cmpint (sl_ladder_view_get_selected_packet (view), ==, 4);
  g_assert_true (press_key (GTK_WIDGET (view), GDK_KEY_Up));
  g_assert_true (press_key (GTK_WIDGET (view), GDK_KEY_Up));
  g_assert_cmpint (sl_ladder_view_get_selected_packet (view), ==, 2);
  g_assert_true (press_key (GTK_WIDGET (view), GDK_KEY_End));
  g_assert_cmpint (sl_ladder_view_get_selected_packet (view), ==, 9);
  g_assert_true (press_key (GTK_WIDGET (view), GDK_KEY_Down));
  g_assert_cmpint (sl_ladder_view_get_selected_packet (view), ==, 9);
  g_object_get (view, "selected-packet", &notified, NULL);
  g_assert_cmpuint (notified, ==, 9);

  /* Let it draw once, for real */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  /* Export: PNG and SVG, the whole diagram */
  dir = g_dir_make_tmp ("sl-ladder-export-XXXXXX", &error);
  g_assert_no_error (error);
  png = g_build_filename (dir, "ladder.png", NULL);
  svg = g_build_filename (dir, "ladder.SVG", NULL);
  bad = g_build_filename (dir, "ladder.txt", NULL);

  g_assert_true (sl_ladder_view_export (view, png, &error));
  g_assert_no_error (error);
  contents = read_file (png, &len);
  g_assert_cmpuint (len, >, 8);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  g_clear_pointer (&contents, g_free);

  g_assert_true (sl_ladder_view_export (view, svg, &error));
  g_assert_no_error (error);
  contents = read_file (svg, &len);
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "SYN, ACK"));
  g_assert_nonnull (strstr (contents, "PSH, ACK"));
  g_assert_nonnull (strstr (contents, "FIN, ACK"));
  g_assert_nonnull (strstr (contents, "Seq=1 Ack=1 Len=5"));
  g_assert_nonnull (strstr (contents, "connect()"));
  g_assert_nonnull (strstr (contents, "accept()"));
  g_assert_nonnull (strstr (contents, "send(&quot;hello&quot;)"));
  g_assert_nonnull (strstr (contents, "Client 127.0.0.1:48092"));
  g_assert_nonnull (strstr (contents, "Server 127.0.0.1:43793"));

  g_assert_false (sl_ladder_view_export (view, bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  if (g_getenv ("SL_LADDER_KEEP") == NULL)
    {
      g_unlink (png);
      g_unlink (svg);
      g_rmdir (dir);
    }
  else
    g_printerr ("kept %s\n", dir);

  /* Another stream, then none */
  sl_ladder_view_set_stream (view, 5);
  g_assert_cmpuint (sl_ladder_view_get_n_segments (view), ==, 0);
  sl_ladder_view_set_stream (view, -1);
  g_assert_cmpuint (sl_ladder_view_get_n_segments (view), ==, 0);

  /* Cleared capture: the view follows */
  sl_ladder_view_set_stream (view, 0);
  g_assert_cmpuint (sl_ladder_view_get_n_segments (view), ==, 10);
  sl_capture_clear (pb.capture);
  g_assert_cmpuint (sl_ladder_view_get_n_segments (view), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  playback_stop (&pb);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  playback_prepare ();
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ladder-view/hello", test_ladder_hello);

  ret = g_test_run ();
  playback_cleanup ();
  return ret;
}
