/* test-tcp-server-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The TCP server page driven through its widgets: port 0, echo mode,
 * Start; a plain GSocket client connects to the port the page shows, sends
 * "hello", reads the echo, and the transcript shows it. Loopback only;
 * every wait is bounded. */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "sl-listener-row.h"
#include "sl-tcp-server-page.h"
#include "sl-transcript-view.h"

#include "sl-test-net.h"
#include "sl-test-ui.h"

static gboolean
has_listener_row (gpointer data)
{
  return gtk_list_box_get_row_at_index (GTK_LIST_BOX (data), 0) != NULL;
}

static gboolean
no_listener_row (gpointer data)
{
  return gtk_list_box_get_row_at_index (GTK_LIST_BOX (data), 0) == NULL;
}

typedef struct
{
  SlTranscriptView *view;
  const char *needle;
  guint count;
} TranscriptWait;

static gboolean
transcript_has (gpointer data)
{
  TranscriptWait *wait = data;
  g_autofree char *text = sl_transcript_view_dup_text (wait->view);
  const char *p = text;
  guint n = 0;

  while ((p = strstr (p, wait->needle)) != NULL)
    {
      n++;
      p++;
    }

  return n >= wait->count;
}

static void
test_echo (void)
{
  GtkWidget *window, *page, *listeners_box, *row, *listener_row, *label;
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  const char *shown, *colon;
  char buffer[64];
  gssize n;
  guint64 port;
  TranscriptWait wait;

  page = sl_tcp_server_page_new ();
  window = sl_test_window_new (page, 1180, 760);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sl_test_child (page, "port_spin")), 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sl_test_child (page, "reply_dropdown")), 1);
  g_assert_true (gtk_widget_activate (sl_test_child (page, "start_button")));

  listeners_box = sl_test_child (page, "listeners_box");
  g_assert_true (sl_test_wait_for (has_listener_row, listeners_box));
  g_assert_false (gtk_widget_get_visible (sl_test_child (page, "error_label")));
  g_assert_true (sl_page_get_running (SL_PAGE (page)));

  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (listeners_box), 0));
  listener_row = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  g_assert_true (SL_IS_LISTENER_ROW (listener_row));

  /* The address label the student reads: "127.0.0.1:PORT", the real port */
  label = gtk_widget_get_first_child (gtk_widget_get_first_child (listener_row));
  shown = gtk_label_get_text (GTK_LABEL (label));
  g_test_message ("listener shows %s", shown);
  colon = strrchr (shown, ':');
  g_assert_nonnull (colon);
  g_assert_true (g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL));
  g_assert_cmpuint (port, ==, sl_listener_get_port (sl_listener_row_get_listener (SL_LISTENER_ROW (listener_row))));

  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, 5);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port, NULL, &error);
  g_assert_no_error (error);

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             "hello", 5, NULL, NULL, &error);
  g_assert_no_error (error);

  /* The echo comes from the network thread; a blocking read with the
   * client's timeout is bounded */
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                           buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 5);
  g_assert_cmpmem (buffer, 5, "hello", 5);

  /* The new connection is selected: its transcript shows hello twice,
   * received and sent back */
  wait.view = SL_TRANSCRIPT_VIEW (sl_test_child (page, "transcript_view"));
  wait.needle = "hello";
  wait.count = 2;
  if (!sl_test_wait_for (transcript_has, &wait))
    {
      g_autofree char *text = sl_transcript_view_dup_text (wait.view);

      g_test_message ("transcript: %s", text);
      g_assert_not_reached ();
    }

  /* Hex view shows the bytes of hello */
  sl_transcript_view_set_mode (wait.view, "hex");
  wait.needle = "68 65 6c 6c 6f";
  g_assert_true (sl_test_wait_for (transcript_has, &wait));
  sl_transcript_view_set_mode (wait.view, "text");

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  sl_page_stop_all (SL_PAGE (page));
  g_assert_true (sl_test_wait_for (no_listener_row, listeners_box));
  g_assert_false (sl_page_get_running (SL_PAGE (page)));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A port in use gives a message in the page, not a dialog */
static void
test_port_in_use (void)
{
  GtkWidget *window, *page;
  g_autoptr(GSocket) socket = NULL;
  GtkWidget *error_label;
  guint16 port;

  socket = sl_test_loopback_socket (G_SOCKET_TYPE_STREAM, FALSE, 0, &port);

  window = gtk_window_new ();
  page = sl_tcp_server_page_new ();
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sl_test_child (page, "port_spin")), port);
  g_assert_true (gtk_widget_activate (sl_test_child (page, "start_button")));

  error_label = sl_test_child (page, "error_label");
  g_assert_true (sl_test_wait_for (sl_test_widget_visible, error_label));
  g_test_message ("error shown: %s", gtk_label_get_text (GTK_LABEL (error_label)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), !=, "");
  g_assert_true (no_listener_row (sl_test_child (page, "listeners_box")));
  g_assert_false (sl_page_get_running (SL_PAGE (page)));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sl_test_init_memory_settings (&argc, &argv);

  g_test_add_func ("/tcp-server-page/echo", test_echo);
  g_test_add_func ("/tcp-server-page/port-in-use", test_port_in_use);

  return g_test_run ();
}
