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

static GtkWidget *
find_child (GtkWidget  *root,
            const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (child)), id) == 0)
        return child;
      if ((found = find_child (child, id)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find (GtkWidget  *root,
      const char *id)
{
  GtkWidget *widget = find_child (root, id);

  g_assert_nonnull (widget);
  return widget;
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition condition,
          gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

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
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (socket, WAIT_SECONDS);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

static GtkWidget *
new_page_in_window (GtkWindow **window)
{
  GtkWidget *page = sl_tcp_client_page_new ();

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, 1024, 700);
  gtk_window_set_child (*window, page);
  gtk_window_present (*window);
  return page;
}

static void
set_endpoint (GtkWidget *page,
              guint16    port)
{
  gtk_editable_set_text (GTK_EDITABLE (find (page, "host_entry")), "127.0.0.1");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find (page, "port_spin")), port);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find (page, "timeout_spin")), 1);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find (page, "oneshot_check")), TRUE);
}

static void
set_payload (GtkWidget  *page,
             const char *text)
{
  GtkWidget *editor = find (page, "payload_editor");

  g_object_set (editor, "mode", "text", NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find (editor, "text_view"))), text, -1);
}

static gboolean
send_enabled (gpointer data)
{
  return gtk_widget_get_sensitive (find (data, "send_button"));
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
  GtkWidget *transcript = find (page, "transcript_view");

  server.listener = listen_loopback (&server.port);
  server.thread = g_thread_new ("echo", echo_thread, &server);

  set_endpoint (page, server.port);
  set_payload (page, "hello from the test");
  g_assert_true (wait_for (send_enabled, page));
  gtk_widget_activate (find (page, "send_button"));

  g_assert_true (wait_for (transcript_has_hello, transcript));
  g_assert_false (gtk_widget_get_visible (find (page, "error_label")));

  g_thread_join (server.thread);
  g_object_unref (server.listener);
  sl_page_stop_all (SL_PAGE (page));
  gtk_window_destroy (window);
}

static gboolean
error_shown (gpointer data)
{
  GtkWidget *label = find (data, "error_label");

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
  set_payload (page, "anyone there?");
  g_assert_true (wait_for (send_enabled, page));
  gtk_widget_activate (find (page, "send_button"));

  g_assert_true (wait_for (error_shown, page));
  message = gtk_label_get_text (GTK_LABEL (find (page, "error_label")));
  g_test_message ("error shown: %s", message);
  port_text = g_strdup_printf ("%u", port);
  g_assert_nonnull (strstr (message, port_text));

  /* Send is possible again */
  g_assert_true (wait_for (send_enabled, page));
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
