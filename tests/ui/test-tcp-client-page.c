/* test-tcp-client-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "test-tcp-client-page"

#include <gtk/gtk.h>
#include <string.h>

#include "sl-tcp-client-page.h"
#include "sl-transcript-view.h"

#define WAIT_SECONDS 10
#define SL_TEST_WAIT_US (WAIT_SECONDS * G_USEC_PER_SEC)
#define SL_TEST_POLL_US 2000

#include "sl-test-net.h"
#include "sl-test-ui.h"

/* A blocking echo server on its own thread: accepts one connection and
 * echoes until the peer closes, as the course's echo server does. */
typedef struct
{
  GSocket *listener;
  guint16 port;
  GThread *thread;
} EchoServer;

static gpointer
echo_thread (gpointer data)
{
  EchoServer *server = data;
  g_autoptr(GSocket) socket = NULL;
  char buffer[1024];
  gssize n;

  socket = g_socket_accept (server->listener, NULL, NULL);
  if (socket == NULL)
    return NULL;
  g_socket_set_timeout (socket, WAIT_SECONDS);
  while ((n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_socket_send (socket, buffer, n, NULL, NULL);
  g_socket_close (socket, NULL);
  return NULL;
}

static GSocket *
listen_loopback (guint16 *port)
{
  return sl_test_loopback_socket (G_SOCKET_TYPE_STREAM, TRUE, WAIT_SECONDS, port);
}

static GtkWidget *
new_page_in_window (GtkWindow **window)
{
  GtkWidget *page = sl_tcp_client_page_new ();

  *window = GTK_WINDOW (sl_test_window_new (page, 1024, 700));
  return page;
}

static void
set_endpoint (GtkWidget *page,
              guint16    port)
{
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find (page, "host_entry")), "127.0.0.1");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sl_test_find (page, "port_spin")), port);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sl_test_find (page, "timeout_spin")), 1);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sl_test_find (page, "oneshot_check")), TRUE);
}

static gboolean
send_enabled (gpointer data)
{
  return gtk_widget_get_sensitive (sl_test_find (data, "send_button"));
}

static gboolean
transcript_has_hello (gpointer data)
{
  g_autofree char *text = sl_transcript_view_dup_text (SL_TRANSCRIPT_VIEW (data));
  const char *first;

  /* sent once, received once */
  first = text != NULL ? strstr (text, "hello from the test") : NULL;
  return first != NULL && strstr (first + 1, "hello from the test") != NULL;
}

static void
test_echo_one_shot (void)
{
  EchoServer server = { 0 };
  GtkWindow *window;
  GtkWidget *page = new_page_in_window (&window);
  GtkWidget *transcript = sl_test_find (page, "transcript_view");

  server.listener = listen_loopback (&server.port);
  server.thread = g_thread_new ("echo", echo_thread, &server);

  set_endpoint (page, server.port);
  sl_test_set_payload_text (page, "hello from the test");
  g_assert_true (sl_test_wait_for (send_enabled, page));
  gtk_widget_activate (sl_test_find (page, "send_button"));

  g_assert_true (sl_test_wait_for (transcript_has_hello, transcript));
  g_assert_false (gtk_widget_get_visible (sl_test_find (page, "error_label")));

  g_thread_join (server.thread);
  g_object_unref (server.listener);
  sl_page_stop_all (SL_PAGE (page));
  gtk_window_destroy (window);
}

static gboolean
error_shown (gpointer data)
{
  GtkWidget *label = sl_test_find (data, "error_label");

  return gtk_widget_get_visible (label) && gtk_label_get_text (GTK_LABEL (label))[0] != '\0';
}

static void
test_refused (void)
{
  GtkWindow *window;
  GtkWidget *page = new_page_in_window (&window);
  g_autoptr(GSocket) closed = NULL;
  g_autofree char *port_text = NULL;
  const char *message;
  guint16 port;

  /* a port that was free a moment ago: nothing listens there now */
  closed = listen_loopback (&port);
  g_socket_close (closed, NULL);

  set_endpoint (page, port);
  sl_test_set_payload_text (page, "anyone there?");
  g_assert_true (sl_test_wait_for (send_enabled, page));
  gtk_widget_activate (sl_test_find (page, "send_button"));

  g_assert_true (sl_test_wait_for (error_shown, page));
  message = gtk_label_get_text (GTK_LABEL (sl_test_find (page, "error_label")));
  g_test_message ("error shown: %s", message);
  port_text = g_strdup_printf ("%u", port);
  g_assert_nonnull (strstr (message, port_text));

  /* Send is possible again */
  g_assert_true (sl_test_wait_for (send_enabled, page));
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp-client-page/echo-one-shot", test_echo_one_shot);
  g_test_add_func ("/tcp-client-page/refused", test_refused);

  return g_test_run ();
}
