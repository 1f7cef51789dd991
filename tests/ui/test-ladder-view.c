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

/* A stand-in for socket-lab-helper: it plays a stored pcap file back on
 * stdout, its timestamps moved to a given time, as the real helper streams
 * a live capture, then waits for EOF on stdin like the real one. Which
 * file and time: the "playback" file beside it (no setenv() once threads
 * run). */
static const char fake_helper[] =
  "#!/usr/bin/python3\n"
  "import os, struct, sys\n"
  "if len (sys.argv) < 2 or sys.argv[1] != 'capture':\n"
  "    sys.exit (0)\n"
  "conf = open (os.path.join (os.path.dirname (sys.argv[0]), 'playback')).read ().split ('\\n')\n"
  "data = open (conf[0], 'rb').read ()\n"
  "magic = data[:4]\n"
  "e = '<' if magic in (b'\\xd4\\xc3\\xb2\\xa1', b'\\x4d\\x3c\\xb2\\xa1') else '>'\n"
  "nano = magic in (b'\\x4d\\x3c\\xb2\\xa1', b'\\xa1\\xb2\\x3c\\x4d')\n"
  "linktype = struct.unpack (e + 'I', data[20:24])[0] & 0xffff\n"
  "base = int (conf[1])\n"
  "out = bytearray (struct.pack ('=IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, linktype))\n"
  "off, first = 24, None\n"
  "while off + 16 <= len (data):\n"
  "    sec, frac, incl, orig = struct.unpack (e + 'IIII', data[off:off + 16])\n"
  "    us = sec * 1000000 + (frac // 1000 if nano else frac)\n"
  "    first = us if first is None else first\n"
  "    us = base + us - first if base else us\n"
  "    out += struct.pack ('=IIII', us // 1000000, us % 1000000, incl, orig)\n"
  "    out += data[off + 16:off + 16 + incl]\n"
  "    off += 16 + incl\n"
  "sys.stderr.write ('ready %d\\n' % linktype)\n"
  "sys.stderr.flush ()\n"
  "sys.stdout.buffer.write (out)\n"
  "sys.stdout.buffer.flush ()\n"
  "sys.stdin.read ()\n";

typedef struct
{
  SlCapture *capture;
} Playback;

/* One helper per process: the capture reads $SOCKET_LAB_HELPER once */
static char *helper_dir;
static char *helper_path;

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Before any thread runs: setenv() is not thread-safe */
static void
playback_prepare (void)
{
  helper_dir = g_dir_make_tmp ("sl-ladder-XXXXXX", NULL);
  if (helper_dir == NULL)
    return;
  helper_path = g_build_filename (helper_dir, "socket-lab-helper", NULL);
  if (!g_file_set_contents (helper_path, fake_helper, -1, NULL) || g_chmod (helper_path, 0755) != 0)
    {
      g_clear_pointer (&helper_path, g_free);
      return;
    }
  g_setenv ("SOCKET_LAB_HELPER", helper_path, TRUE);
}

/* Plays @name (in tests/unit/data) into a real SlCapture. FALSE when the
 * test cannot run here (no python3, no source dir). */
static gboolean
playback_start (Playback   *pb,
                const char *name,
                gint64      base_us,
                guint       n_packets)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pcap = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *conf_path = NULL;
  const char *srcdir = g_getenv ("SRCDIR");
  gint64 deadline;
  guint tick;

  memset (pb, 0, sizeof *pb);
  if (srcdir == NULL || !g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  if (helper_path == NULL)
    return FALSE;

  pcap = g_build_filename (srcdir, "tests", "unit", "data", name, NULL);
  conf = g_strdup_printf ("%s\n%" G_GINT64_FORMAT "\n", pcap, base_us);
  conf_path = g_build_filename (helper_dir, "playback", NULL);
  g_file_set_contents (conf_path, conf, -1, &error);
  g_assert_no_error (error);

  pb->capture = sl_capture_new ();
  sl_capture_start (pb->capture);

  tick = g_timeout_add (50, wake_up, NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (sl_capture_get_packets (pb->capture)) < n_packets &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);

  g_assert_cmpuint (g_list_model_get_n_items (sl_capture_get_packets (pb->capture)), ==, n_packets);
  return TRUE;
}

static void
playback_stop (Playback *pb)
{
  if (pb->capture != NULL)
    {
      sl_capture_stop (pb->capture);
      g_clear_object (&pb->capture);
    }
}

static void
playback_cleanup (void)
{
  if (helper_dir != NULL)
    {
      g_autofree char *conf_path = g_build_filename (helper_dir, "playback", NULL);

      g_unlink (conf_path);
    }
  if (helper_path != NULL)
    g_unlink (helper_path);
  if (helper_dir != NULL)
    g_rmdir (helper_dir);
  g_clear_pointer (&helper_path, g_free);
  g_clear_pointer (&helper_dir, g_free);
}

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
