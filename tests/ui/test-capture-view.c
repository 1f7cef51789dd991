/* test-capture-view.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The capture pane without privileges: SOCKET_LAB_HELPER points at stand-ins
 * that this test writes. A file that cannot be run gives the "no helper"
 * message; a script that answers like a helper without CAP_NET_RAW gives
 * the permission banner with the setcap command; a script that streams a
 * prepared pcap fills the packet list, the detail pane and the hex dump.
 * The helper's path is read once per process, so each case runs in a
 * subprocess of its own. Every wait is bounded. */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "sl-capture-banner.h"
#include "sl-capture-view.h"
#include "sl-event-log-view.h"
#include "sl-packet-details.h"

#include "sl-test-ui.h"

static char *
write_script (const char *dir,
              const char *body,
              gboolean    executable)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "socket-lab-helper", NULL);

  g_assert_true (g_file_set_contents (path, body, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (chmod (path, executable ? 0755 : 0644), ==, 0);
  return path;
}

static gboolean
has_problem (gpointer data)
{
  return sl_capture_get_problem (SL_CAPTURE (data)) != SL_CAPTURE_PROBLEM_NONE;
}

typedef struct
{
  GtkWidget *window;
  GtkWidget *view;
  SlCapture *capture;
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture    *f,
                const char *script,
                gboolean    executable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *helper = NULL;

  f->dir = g_dir_make_tmp ("test-capture-view-XXXXXX", &error);
  g_assert_no_error (error);
  helper = write_script (f->dir, script, executable);
  g_setenv ("SOCKET_LAB_HELPER", helper, TRUE);

  f->capture = sl_capture_new ();
  g_assert_cmpstr (sl_capture_get_helper_path (), ==, helper);
  f->view = sl_capture_view_new (f->capture);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 600);
  gtk_window_set_child (GTK_WINDOW (f->window), f->view);
  gtk_window_present (GTK_WINDOW (f->window));
  sl_test_spin (50);
}

static void
fixture_tear_down (Fixture *f)
{
  g_autofree char *helper = g_build_filename (f->dir, "socket-lab-helper", NULL);
  g_autofree char *stream = g_build_filename (f->dir, "stream.pcap", NULL);

  sl_capture_stop (f->capture);
  gtk_window_destroy (GTK_WINDOW (f->window));
  sl_test_spin (20);
  g_clear_object (&f->capture);
  g_unlink (helper);
  g_unlink (stream);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static SlCaptureBanner *
get_banner (Fixture *f)
{
  return SL_CAPTURE_BANNER (sl_test_template_child (f->view, SL_TYPE_CAPTURE_VIEW, "banner"));
}

/* A helper that cannot be run: its own message, no setcap command */
static void
test_no_helper (void)
{
  Fixture f = { 0 };
  SlCaptureBanner *banner;
  const char *message;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  fixture_set_up (&f, "#!/bin/sh\nexit 0\n", FALSE);
  banner = get_banner (&f);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (banner)));

  g_assert_true (gtk_widget_activate_action (f.view, "capture.start", NULL));
  g_assert_true (sl_test_wait_for (has_problem, f.capture));
  sl_test_spin (20);

  g_test_message ("problem %d: %s", sl_capture_get_problem (f.capture),
                  sl_capture_get_problem_detail (f.capture));
  g_assert_cmpint (sl_capture_get_problem (f.capture), !=, SL_CAPTURE_PROBLEM_NO_PERMISSION);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (banner)));
  message = sl_capture_banner_get_message (banner);
  g_assert_nonnull (message);
  g_assert_cmpuint (strlen (message), >, 20);
  if (sl_capture_get_problem (f.capture) == SL_CAPTURE_PROBLEM_NO_HELPER)
    g_assert_nonnull (strstr (message, sl_capture_get_helper_path ()));
  g_assert_null (sl_capture_banner_get_command (banner));

  fixture_tear_down (&f);
}

/* A helper without CAP_NET_RAW: the permission banner and its command */
static void
test_no_permission (void)
{
  Fixture f = { 0 };
  SlCaptureBanner *banner;
  g_autofree char *command = NULL;
  GtkWidget *command_label;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  fixture_set_up (&f,
                  "#!/bin/sh\n"
                  "echo 'error permission any: You don'\"'\"'t have permission to capture on that device' >&2\n"
                  "exit 1\n",
                  TRUE);
  banner = get_banner (&f);

  gtk_widget_activate_action (f.view, "capture.start", NULL);
  g_assert_true (sl_test_wait_for (has_problem, f.capture));
  sl_test_spin (20);

  g_assert_cmpint (sl_capture_get_problem (f.capture), ==, SL_CAPTURE_PROBLEM_NO_PERMISSION);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (banner)));
  command = sl_capture_dup_setcap_command ();
  g_assert_nonnull (strstr (command, "setcap"));
  g_assert_cmpstr (sl_capture_banner_get_command (banner), ==, command);

  command_label = GTK_WIDGET (sl_test_template_child (GTK_WIDGET (banner), SL_TYPE_CAPTURE_BANNER, "command_label"));
  g_assert_true (gtk_widget_is_visible (command_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (command_label)), ==, command);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (command_label)));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (sl_test_template_child (GTK_WIDGET (banner), SL_TYPE_CAPTURE_BANNER,
                                                             "allow_button"))));
  /* Start stays offered, for after the administrator ran the command */
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (sl_test_template_child (f.view, SL_TYPE_CAPTURE_VIEW, "start_button"))));

  fixture_tear_down (&f);
}

/* Packets: Ethernet, IPv4, TCP between 10.0.0.1:40000 and 10.0.0.2:55556 */

static void
put16 (guint8 *p, guint16 v)
{
  p[0] = v >> 8;
  p[1] = v & 0xff;
}

static void
put32 (guint8 *p, guint32 v)
{
  put16 (p, v >> 16);
  put16 (p + 2, v & 0xffff);
}

static void
append_packet (GByteArray *stream,
               guint       usec,
               gboolean    from_client,
               guint8      flags,
               guint32     seq,
               guint32     ack,
               const char *payload)
{
  guint8 frame[14 + 20 + 20 + 64] = { 0 };
  guint32 record[4];
  gsize plen = payload ? strlen (payload) : 0;
  gsize len = 14 + 20 + 20 + plen;
  guint8 *ip = frame + 14, *tcp = ip + 20;

  g_assert (plen <= 64);
  memcpy (frame, from_client ? "\x02\0\0\0\0\x02" "\x02\0\0\0\0\x01" : "\x02\0\0\0\0\x01" "\x02\0\0\0\0\x02", 12);
  put16 (frame + 12, 0x0800);
  ip[0] = 0x45;
  put16 (ip + 2, 20 + 20 + plen);
  ip[8] = 64;
  ip[9] = 6;
  memcpy (ip + 12, from_client ? "\x0a\0\0\x01\x0a\0\0\x02" : "\x0a\0\0\x02\x0a\0\0\x01", 8);
  put16 (tcp, from_client ? 40000 : 55556);
  put16 (tcp + 2, from_client ? 55556 : 40000);
  put32 (tcp + 4, seq);
  put32 (tcp + 8, ack);
  tcp[12] = 5 << 4;
  tcp[13] = flags;
  put16 (tcp + 14, 65535);
  if (plen > 0)
    memcpy (tcp + 20, payload, plen);

  record[0] = 1700000000;
  record[1] = usec;
  record[2] = record[3] = len;
  g_byte_array_append (stream, (guint8 *) record, sizeof record);
  g_byte_array_append (stream, frame, len);
}

static gboolean
has_three_packets (gpointer data)
{
  return g_list_model_get_n_items (sl_capture_get_packets (SL_CAPTURE (data))) >= 3;
}

static void
test_packets (void)
{
  Fixture f = { 0 };
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stream_path = NULL;
  g_autofree char *script = NULL;
  g_autofree char *hex = NULL;
  g_autoptr(GArray) linked = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(SlPacket) packet = NULL;
  const SlPacketSummary *summary;
  SlPacketDetails *details;
  guint32 header[6] = { 0xa1b2c3d4, 2 | (4 << 16), 0, 0, 262144, 1 };
  guint offset = 0, length = 0;
  guint index;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  /* Written before the script exists; the fixture makes the directory */
  fixture_set_up (&f, "#!/bin/sh\nexit 1\n", TRUE);
  stream_path = g_build_filename (f.dir, "stream.pcap", NULL);
  g_byte_array_append (stream, (guint8 *) header, sizeof header);
  append_packet (stream, 0, TRUE, 0x02, 1000, 0, NULL);
  append_packet (stream, 100, FALSE, 0x12, 5000, 1001, NULL);
  append_packet (stream, 200, TRUE, 0x18, 1001, 5001, "hello");
  g_assert_true (g_file_set_contents (stream_path, (char *) stream->data, stream->len, &error));
  g_assert_no_error (error);
  script = g_strdup_printf ("#!/bin/sh\n"
                            "echo 'ready 1' >&2\n"
                            "cat '%s'\n"
                            "exec cat >/dev/null\n", stream_path);
  g_free (write_script (f.dir, script, TRUE));

  gtk_widget_activate_action (f.view, "capture.start", NULL);
  g_assert_true (sl_test_wait_for (has_three_packets, f.capture));
  sl_test_spin (50);
  g_assert_cmpint (sl_capture_get_problem (f.capture), ==, SL_CAPTURE_PROBLEM_NONE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (get_banner (&f))));

  packet = sl_capture_get_packet (f.capture, 2);
  summary = sl_packet_get_summary (packet);
  g_test_message ("packet 3: %s", summary->info);
  g_assert_true (summary->is_tcp);
  g_assert_nonnull (strstr (summary->info, "PSH, ACK"));

  /* Selecting a packet fills the detail pane */
  details = SL_PACKET_DETAILS (sl_test_template_child (f.view, SL_TYPE_CAPTURE_VIEW, "details"));
  g_assert_cmpint (sl_capture_view_get_selected_packet (SL_CAPTURE_VIEW (f.view)), ==, -1);
  sl_capture_view_set_selected_packet (SL_CAPTURE_VIEW (f.view), 2);
  sl_test_spin (50);
  g_assert_cmpint (sl_capture_view_get_selected_packet (SL_CAPTURE_VIEW (f.view)), ==, 2);
  g_assert_cmpuint (sl_packet_details_get_n_fields (details), >, 5);

  hex = sl_packet_details_dup_hex_text (details);
  g_test_message ("hex dump:\n%s", hex);
  g_assert_true (g_str_has_prefix (hex, "0000  02 00 00 00 00 02 02 00  00 00 00 01 08 00 45 00  "));
  /* ASCII column: the payload shows as text */
  g_assert_nonnull (strstr (hex, "hello"));

  /* Selecting a field highlights its bytes: the first field of the last
   * layer lies inside the packet */
  g_assert_false (sl_packet_details_get_highlight (details, NULL, NULL));
  sl_packet_details_select_field (details, 0);
  sl_test_spin (20);
  g_assert_true (sl_packet_details_get_highlight (details, &offset, &length));
  g_assert_cmpuint (offset + length, <=, 14 + 20 + 20 + 5);
  g_assert_cmpuint (length, >, 0);
  sl_packet_details_select_field (details, (int) sl_packet_details_get_n_fields (details) - 1);
  sl_test_spin (20);
  g_assert_true (sl_packet_details_get_highlight (details, &offset, &length));
  g_assert_cmpuint (offset + length, <=, 14 + 20 + 20 + 5);

  /* The packets of a socket call are linked: the first is selected */
  index = 0;
  g_array_append_val (linked, index);
  index = 1;
  g_array_append_val (linked, index);
  sl_capture_view_link_packets (SL_CAPTURE_VIEW (f.view), linked);
  sl_test_spin (20);
  g_assert_cmpint (sl_capture_view_get_selected_packet (SL_CAPTURE_VIEW (f.view)), ==, 0);
  g_assert_true (sl_capture_view_is_packet_linked (SL_CAPTURE_VIEW (f.view), 1));
  g_assert_false (sl_capture_view_is_packet_linked (SL_CAPTURE_VIEW (f.view), 2));
  /* Choosing another packet by hand drops the links */
  sl_capture_view_set_selected_packet (SL_CAPTURE_VIEW (f.view), 2);
  sl_test_spin (20);
  g_assert_false (sl_capture_view_is_packet_linked (SL_CAPTURE_VIEW (f.view), 1));

  /* Clear empties the list and the detail pane */
  g_assert_true (gtk_widget_activate_action (f.view, "capture.clear", NULL));
  sl_test_spin (50);
  g_assert_cmpuint (g_list_model_get_n_items (sl_capture_get_packets (f.capture)), ==, 0);
  g_assert_cmpint (sl_capture_view_get_selected_packet (SL_CAPTURE_VIEW (f.view)), ==, -1);

  fixture_tear_down (&f);
}

static void
count_notify (guint *count)
{
  (*count)++;
}

/* The event log view's selection, which the window links to packets */
static void
test_event_log_selection (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  GtkWidget *view = g_object_ref_sink (sl_event_log_view_new ());
  g_autoptr(SlEvent) second = NULL;
  guint notified = 0;

  sl_event_log_add_message (log, SL_EVENT_INFO, 0, NULL, "first");
  sl_event_log_add_message (log, SL_EVENT_INFO, 0, NULL, "second");
  sl_event_log_flush (log);
  sl_event_log_view_set_model (SL_EVENT_LOG_VIEW (view), G_LIST_MODEL (log));
  g_signal_connect_swapped (view, "notify::selected-event", G_CALLBACK (count_notify), &notified);

  g_assert_null (sl_event_log_view_get_selected_event (SL_EVENT_LOG_VIEW (view)));
  second = g_list_model_get_item (G_LIST_MODEL (log), 1);
  sl_event_log_view_set_selected_event (SL_EVENT_LOG_VIEW (view), second);
  g_assert_true (sl_event_log_view_get_selected_event (SL_EVENT_LOG_VIEW (view)) == second);
  g_assert_cmpuint (notified, ==, 1);
  sl_event_log_view_set_selected_event (SL_EVENT_LOG_VIEW (view), NULL);
  g_assert_null (sl_event_log_view_get_selected_event (SL_EVENT_LOG_VIEW (view)));

  g_object_unref (view);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/capture-view/no-helper", test_no_helper);
  g_test_add_func ("/capture-view/no-permission", test_no_permission);
  g_test_add_func ("/capture-view/packets", test_packets);
  g_test_add_func ("/capture-view/event-log-selection", test_event_log_selection);

  return g_test_run ();
}
