/* test-http-page-list.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The HTTP page's request list under many requests: it holds at most
 * SL_HTTP_PAGE_MAX_ROWS rows, and once full it shows newer requests in the
 * rows it has (the same row objects, no label widget destroyed); while a
 * request is selected the list is paused (the row and the details keep
 * the request the student chose, a line says how many newer ones wait);
 * Show Newest unselects and shows the newest again. Loopback, port 0,
 * about a thousand short connections; every wait is bounded. */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "sl-http-page.h"
#include "sl-http-page-private.h"

#define SL_TEST_WAIT_US (15 * G_USEC_PER_SEC)
#include "sl-test-ui.h"

/* The target of the request that row @position shows */
static char *
dup_row_target (GListModel *model,
                guint       position)
{
  g_autoptr(GObject) row = g_list_model_get_item (model, position);
  g_autoptr(SlEvent) event = NULL;
  SlHttpExchange *exchange;

  g_assert_nonnull (row);
  g_object_get (row, "event", &event, NULL);
  g_assert_nonnull (event);
  exchange = sl_event_get_detail (event);
  g_assert_nonnull (exchange);
  return g_strdup (exchange->target);
}

typedef struct
{
  GListModel *model;
  const char *target;  /* of the last row */
} LastWait;

static gboolean
last_row_is (gpointer data)
{
  LastWait *wait = data;
  guint n = g_list_model_get_n_items (wait->model);
  g_autofree char *target = NULL;

  if (n == 0)
    return FALSE;
  target = dup_row_target (wait->model, n - 1);
  return g_str_equal (target, wait->target);
}

/* GET /n<i> for i in [from, to), one short connection each, the answer
 * read to its end. The main loop runs between requests now and then, so
 * that the page takes them as they come, as it would from a browser. */
static void
send_requests (guint16 port,
               guint   from,
               guint   to)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  guint i;

  g_socket_client_set_timeout (client, 5);
  for (i = from; i < to; i++)
    {
      g_autoptr(GSocketConnection) connection = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *request = g_strdup_printf ("GET /n%u HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", i);
      GInputStream *in;
      char buffer[4096];
      gssize n;
      guint reads = 0;

      connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                 request, strlen (request), NULL, NULL, &error);
      g_assert_no_error (error);
      in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
      while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error)) > 0 && reads++ < 64)
        ;
      g_assert_no_error (error);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

      if (i % 50 == 49)
        while (g_main_context_iteration (NULL, FALSE))
          ;
    }
}

static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  GtkWidget *c;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (labels, widget);
  for (c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_labels (c, labels);
}

static void
on_label_finalized (gpointer  data,
                    GObject  *where_the_object_was)
{
  guint *destroyed = data;

  (*destroyed)++;
}

static void
test_full_list (void)
{
  GtkWidget *window, *page, *view;
  GListModel *model;
  g_autoptr(GObject) first_row = NULL;
  g_autoptr(GObject) first_row_after = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *target = NULL;
  g_autofree char *heading = NULL;
  const char *status;
  LastWait last_wait;
  SlTestLabelWait label_wait;
  guint destroyed = 0, i, n;
  guint16 port;

  page = sl_http_page_new ();
  window = sl_test_window_new (page, 1180, 760);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sl_test_child (page, "port_spin")), 0);
  g_assert_true (gtk_widget_activate (sl_test_child (page, "start_button")));
  g_assert_true (sl_test_wait_for (sl_test_page_running, page));
  port = sl_http_server_get_port (SL_HTTP_PAGE (page)->server);
  g_assert_cmpuint (port, >, 0);

  view = sl_test_child (page, "requests_view");
  model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));

  /* More requests than rows: the list is full and shows the newest */
  send_requests (port, 0, SL_HTTP_PAGE_MAX_ROWS + 100);
  last_wait.model = model;
  last_wait.target = "/n599";
  g_assert_true (sl_test_wait_for (last_row_is, &last_wait));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, SL_HTTP_PAGE_MAX_ROWS);
  target = dup_row_target (model, 0);
  g_assert_cmpstr (target, ==, "/n100");
  g_clear_pointer (&target, g_free);
  label_wait.widget = view;
  label_wait.text = "/n599";
  g_assert_true (sl_test_wait_for (sl_test_label_shown, &label_wait));

  /* Newer requests go into the same rows, shown by the same labels */
  first_row = g_list_model_get_item (model, 0);
  collect_labels (view, labels);
  g_assert_cmpuint (labels->len, >, 7);
  for (i = 0; i < labels->len; i++)
    g_object_weak_ref (labels->pdata[i], on_label_finalized, &destroyed);

  send_requests (port, 600, 900);
  last_wait.target = "/n899";
  g_assert_true (sl_test_wait_for (last_row_is, &last_wait));
  label_wait.text = "/n899";
  g_assert_true (sl_test_wait_for (sl_test_label_shown, &label_wait));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, SL_HTTP_PAGE_MAX_ROWS);
  first_row_after = g_list_model_get_item (model, 0);
  g_assert_true (first_row_after == first_row);
  target = dup_row_target (model, 0);
  g_assert_cmpstr (target, ==, "/n400");
  g_clear_pointer (&target, g_free);
  g_assert_cmpuint (destroyed, ==, 0);
  for (i = 0; i < labels->len; i++)
    g_object_weak_unref (labels->pdata[i], on_label_finalized, &destroyed);

  /* Selected: paused. The row and the details keep the chosen request,
   * and the page says how many newer ones wait. */
  n = g_list_model_get_n_items (model);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), n - 1);
  heading = g_strdup (gtk_label_get_text (GTK_LABEL (sl_test_child (page, "details_heading"))));
  g_assert_nonnull (strstr (heading, "/n899"));
  g_clear_pointer (&heading, g_free);

  send_requests (port, 900, 950);
  g_assert_true (sl_test_wait_for (sl_test_widget_visible, sl_test_child (page, "newest_button")));
  g_assert_true (gtk_widget_get_visible (sl_test_child (page, "list_status_box")));
  status = gtk_label_get_text (GTK_LABEL (sl_test_child (page, "list_status_label")));
  g_test_message ("while paused: %s", status);
  g_assert_nonnull (strstr (status, "50"));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, n - 1);
  target = dup_row_target (model, n - 1);
  g_assert_cmpstr (target, ==, "/n899");
  g_clear_pointer (&target, g_free);
  heading = g_strdup (gtk_label_get_text (GTK_LABEL (sl_test_child (page, "details_heading"))));
  g_assert_nonnull (strstr (heading, "/n899"));
  g_clear_pointer (&heading, g_free);

  /* Show Newest: unselected, following again */
  gtk_widget_activate_action (page, "page.show-newest", NULL);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, GTK_INVALID_LIST_POSITION);
  target = dup_row_target (model, n - 1);
  g_assert_cmpstr (target, ==, "/n949");
  g_clear_pointer (&target, g_free);
  g_assert_false (gtk_widget_get_visible (sl_test_child (page, "newest_button")));
  label_wait.text = "/n949";
  g_assert_true (sl_test_wait_for (sl_test_label_shown, &label_wait));

  /* Clear empties it */
  gtk_widget_activate_action (page, "page.clear", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_false (gtk_widget_get_visible (sl_test_child (page, "list_status_box")));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sl_test_use_sample_site ();
  sl_test_init_memory_settings (&argc, &argv);

  g_test_add_func ("/http-page/full-list", test_full_list);

  return g_test_run ();
}
