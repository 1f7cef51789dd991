/* test-udp-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The UDP page driven through its widgets, on loopback only: a bind to
 * port 0 in Echo mode answers a plain GSocket client and lists its datagram
 * with the source; a send to a closed port shows "nothing listens"; a
 * 70,000-byte datagram is refused with the reason. */

#include "config.h"

#define G_LOG_DOMAIN "test-udp-page"

#include <gtk/gtk.h>
#include <string.h>

#include "sl-event-log-view.h"
#include "sl-event-log.h"
#include "sl-reply.h"
#include "sl-transcript-view.h"
#include "sl-udp-page.h"

#define WAIT_SECONDS 10
#define SL_TEST_WAIT_US (WAIT_SECONDS * G_USEC_PER_SEC)
#define SL_TEST_POLL_US 2000

#include "sl-test-net.h"
#include "sl-test-ui.h"

static GtkWidget *
new_page_in_window (GtkWindow **window)
{
  GtkWidget *page = sl_udp_page_new ();

  *window = GTK_WINDOW (sl_test_window_new (page, 1200, 780));
  return page;
}

static GSocket *
udp_socket_on_loopback (guint16 *port)
{
  return sl_test_loopback_socket (G_SOCKET_TYPE_DATAGRAM, FALSE, WAIT_SECONDS, port);
}

static gboolean
status_bound (gpointer data)
{
  const char *status = gtk_label_get_text (GTK_LABEL (sl_test_find (data, "status_label")));

  return strstr (status, "Bound to 127.0.0.1 port ") != NULL;
}

/* The real port, from the status line ("Bound to 127.0.0.1 port 40123: …") */
static guint16
bound_port (GtkWidget *page)
{
  const char *status = gtk_label_get_text (GTK_LABEL (sl_test_find (page, "status_label")));
  const char *digits = strstr (status, " port ");
  guint64 port = 0;

  g_assert_nonnull (digits);
  port = g_ascii_strtoull (digits + strlen (" port "), NULL, 10);
  g_assert_cmpuint (port, >, 0);
  g_assert_cmpuint (port, <=, 65535);
  return (guint16) port;
}

static GListModel *
datagram_rows (GtkWidget *page)
{
  return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (sl_test_find (page, "datagrams_view"))));
}

static gboolean
one_datagram_listed (gpointer data)
{
  return g_list_model_get_n_items (datagram_rows (data)) == 1;
}

static gboolean
detail_shows_payload (gpointer data)
{
  g_autofree char *text = sl_transcript_view_dup_text (SL_TRANSCRIPT_VIEW (data));

  return text != NULL && strstr (text, "ping from the test") != NULL;
}

static gboolean
not_running (gpointer data)
{
  return !sl_page_get_running (SL_PAGE (data));
}

static void
test_echo (void)
{
  GtkWindow *window;
  GtkWidget *page = new_page_in_window (&window);
  g_autoptr(GSocket) client = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) destination = NULL;
  g_autoptr(GSocketAddress) from = NULL;
  g_autoptr(SlEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  const char payload[] = "ping from the test";
  char buffer[256];
  guint16 client_port, port;
  gssize n;
  SlTestLabelWait wait;

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sl_test_find (page, "port_spin")), 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sl_test_find (page, "reply_dropdown")), SL_REPLY_ECHO);
  gtk_widget_activate (sl_test_find (page, "bind_button"));
  g_assert_true (sl_test_wait_for (status_bound, page));
  port = bound_port (page);
  g_test_message ("bound to port %u", port);
  g_assert_true (sl_page_get_running (SL_PAGE (page)));

  client = udp_socket_on_loopback (&client_port);
  destination = g_inet_socket_address_new (loopback, port);
  n = g_socket_send_to (client, destination, payload, strlen (payload), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, (gssize) strlen (payload));

  /* the echo comes from the network thread: the main loop may sleep */
  n = g_socket_receive_from (client, &from, buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, (gssize) strlen (payload));
  g_assert_cmpmem (buffer, n, payload, strlen (payload));
  g_assert_cmpuint (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (from)), ==, port);

  /* the datagram is listed with its source, and shown */
  g_assert_true (sl_test_wait_for (one_datagram_listed, page));
  event = g_list_model_get_item (datagram_rows (page), 0);
  source = g_strdup_printf ("127.0.0.1:%u", client_port);
  g_assert_cmpstr (sl_event_get_peer (event), ==, source);
  g_assert_cmpuint (sl_event_get_byte_count (event), ==, strlen (payload));
  wait.widget = page;
  wait.text = source;
  g_assert_true (sl_test_wait_for (sl_test_label_shown, &wait));
  g_assert_true (sl_test_wait_for (detail_shows_payload, sl_test_find (page, "detail_view")));
  g_assert_false (gtk_widget_get_visible (sl_test_find (page, "error_label")));

  /* Close frees the port */
  gtk_widget_activate (sl_test_find (page, "close_button"));
  g_assert_true (sl_test_wait_for (not_running, page));

  gtk_window_destroy (window);
}

static gboolean
error_shown (gpointer data)
{
  GtkWidget *label = sl_test_find (data, "error_label");

  return gtk_widget_get_visible (label) && gtk_label_get_text (GTK_LABEL (label))[0] != '\0';
}

static gboolean
send_enabled (gpointer data)
{
  return gtk_widget_get_sensitive (sl_test_find (data, "send_button"));
}

static void
test_port_unreachable (void)
{
  GtkWindow *window;
  GtkWidget *page = new_page_in_window (&window);
  g_autoptr(GSocket) closed = NULL;
  g_autofree char *peer = NULL;
  const char *message;
  guint16 port;

  /* a port that was free a moment ago: nothing listens there now */
  closed = udp_socket_on_loopback (&port);
  g_socket_close (closed, NULL);

  /* no Bind: Send binds 127.0.0.1 with a port the system chooses */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sl_test_find (page, "reply_dropdown")), SL_REPLY_NONE);
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find (page, "host_entry")), "127.0.0.1");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sl_test_find (page, "send_port_spin")), port);
  sl_test_set_payload_text (page, "anyone there?");
  g_assert_true (sl_test_wait_for (send_enabled, page));
  gtk_widget_activate (sl_test_find (page, "send_button"));

  g_assert_true (sl_test_wait_for (error_shown, page));
  message = gtk_label_get_text (GTK_LABEL (sl_test_find (page, "error_label")));
  g_test_message ("error shown: %s", message);
  peer = g_strdup_printf ("127.0.0.1:%u", port);
  g_assert_nonnull (strstr (message, peer));
  g_assert_nonnull (strstr (message, "Nothing listens"));
  g_assert_true (status_bound (page));

  sl_page_stop_all (SL_PAGE (page));
  g_assert_false (sl_page_get_running (SL_PAGE (page)));
  gtk_window_destroy (window);
}

static gboolean
too_large_shown (gpointer data)
{
  GtkWidget *label = sl_test_find (data, "error_label");

  return gtk_widget_get_visible (label) && strstr (gtk_label_get_text (GTK_LABEL (label)), "65507") != NULL;
}

static gboolean
readable (gpointer data)
{
  return g_socket_condition_check (data, G_IO_IN) != 0;
}

static void
test_too_large (void)
{
  GtkWindow *window;
  GtkWidget *page = new_page_in_window (&window);
  g_autoptr(GSocket) receiver = NULL;
  g_autofree char *big = NULL;
  GListModel *log;
  char buffer[16];
  guint16 port;
  guint i;

  receiver = udp_socket_on_loopback (&port);

  /* 70,000 bytes in lines, which the text view lays out quickly */
  {
    GString *text = g_string_new (NULL);

    while (text->len < 70000)
      g_string_append (text, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");
    g_string_truncate (text, 70000);
    big = g_string_free (text, FALSE);
  }

  gtk_editable_set_text (GTK_EDITABLE (sl_test_find (page, "host_entry")), "127.0.0.1");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sl_test_find (page, "send_port_spin")), port);
  sl_test_set_payload_text (page, big);
  g_assert_true (sl_test_wait_for (send_enabled, page));
  gtk_widget_activate (sl_test_find (page, "send_button"));

  sl_test_wait_for (too_large_shown, page);
  g_test_message ("error shown: %s", gtk_label_get_text (GTK_LABEL (sl_test_find (page, "error_label"))));
  g_assert_true (too_large_shown (page));
  g_test_message ("error shown: %s", gtk_label_get_text (GTK_LABEL (sl_test_find (page, "error_label"))));

  /* nothing was sent: the receiver gets nothing, the log has no SENT */
  g_socket_set_blocking (receiver, FALSE);
  g_assert_cmpint (g_socket_receive (receiver, buffer, sizeof buffer, NULL, NULL), <, 0);
  log = datagram_rows (page);
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, 0);
  log = sl_event_log_view_get_model (SL_EVENT_LOG_VIEW (sl_test_find (page, "event_log_view")));
  for (i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr(SlEvent) event = g_list_model_get_item (log, i);

      g_assert_cmpint (sl_event_get_kind (event), !=, SL_EVENT_SENT);
    }
  /* a small datagram goes through afterwards */
  sl_test_set_payload_text (page, "small");
  gtk_widget_activate (sl_test_find (page, "send_button"));
  g_assert_true (sl_test_wait_for (readable, receiver));
  g_assert_cmpint (g_socket_receive (receiver, buffer, sizeof buffer, NULL, NULL), ==, 5);
  g_assert_cmpmem (buffer, 5, "small", 5);

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/udp-page/echo", test_echo);
  g_test_add_func ("/udp-page/port-unreachable", test_port_unreachable);
  g_test_add_func ("/udp-page/too-large", test_too_large);

  return g_test_run ();
}
