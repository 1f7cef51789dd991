/* test-http-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The HTTP server page driven through its widgets: port 0, the sample
 * site, Start; the URL the page shows is fetched with a plain GSocket
 * client, the request appears in the request list with its columns, and
 * selecting it shows the exact bytes received (CR LF made visible, bytes
 * that are not UTF-8 escaped) and the response headers sent. A port in use
 * gives a message in the page; the command line starts the server.
 * Loopback only; every wait is bounded. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "sl-http-page.h"

#include "sl-test-net.h"
#include "sl-test-ui.h"

/* Every label text under @widget, one per line */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  GtkWidget *c;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }

  for (c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_labels (c, out);
}

static char *
dup_labels (GtkWidget *widget)
{
  GString *out = g_string_new ("\n");

  collect_labels (widget, out);
  return g_string_free (out, FALSE);
}

typedef struct
{
  GtkWidget *widget;
  const char * const *needles;  /* whole label texts */
} LabelsWait;

static gboolean
labels_have (gpointer data)
{
  LabelsWait *wait = data;
  g_autofree char *text = dup_labels (wait->widget);
  guint i;

  for (i = 0; wait->needles[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("\n%s\n", wait->needles[i]);

      if (strstr (text, line) == NULL)
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  GListModel *model;
  guint n;
} CountWait;

static gboolean
model_has (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) >= wait->n;
}

static char *
dup_text_view (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Sends @request and reads the whole answer (the server closes after it) */
static GBytes *
http_exchange (guint16     port,
               const char *request,
               gsize       request_len,
               guint16    *client_port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  GInputStream *in;
  char buffer[4096];
  gssize n;

  g_socket_client_set_timeout (client, 5);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);

  local = g_socket_connection_get_local_address (connection, &error);
  g_assert_no_error (error);
  *client_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, request_len, NULL, NULL, &error);
  g_assert_no_error (error);

  /* The server answers from the network thread; the client's timeout
   * bounds each read, the size bounds the loop */
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error)) > 0 &&
         answer->len < 1024 * 1024)
    g_byte_array_append (answer, (const guint8 *) buffer, (guint) n);
  g_assert_no_error (error);

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return g_byte_array_free_to_bytes (g_steal_pointer (&answer));
}

/* "HTTP/1.x 404 Not Found\r\n…": the server answers with its own version */
static void
assert_status (GBytes     *answer,
               const char *status)
{
  gsize len;
  const char *data = g_bytes_get_data (answer, &len);
  gsize n = strlen (status);
  g_autofree char *line_end = g_strconcat (status, "\r\n", NULL);

  g_assert_cmpuint (len, >, 9 + n + 2);
  g_assert_cmpmem (data, 7, "HTTP/1.", 7);
  g_assert_cmpmem (data + 9, n + 2, line_end, n + 2);
}

static guint16
shown_port (GtkWidget *page)
{
  GtkWidget *urls_box = sl_test_child (page, "urls_box");
  g_autofree char *labels = dup_labels (urls_box);
  const char *url = strstr (labels, "http://127.0.0.1:");
  guint64 port;
  char *end;

  g_assert_nonnull (url);
  port = g_ascii_strtoull (url + strlen ("http://127.0.0.1:"), &end, 10);
  g_assert_cmpstr (end, ==, "/\n");
  g_assert_cmpuint (port, >, 0);
  g_assert_cmpuint (port, <=, 65535);

  return (guint16) port;
}

typedef struct
{
  char *text;
  gboolean done;
} ClipboardWait;

static void
on_clipboard_text (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardWait *wait = user_data;

  g_autoptr(GError) error = NULL;

  wait->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  if (error != NULL)
    g_test_message ("clipboard: %s", error->message);
  wait->done = TRUE;
}

static gboolean
clipboard_is_local (gpointer data)
{
  return gdk_clipboard_is_local (GDK_CLIPBOARD (data));
}

static gboolean
clipboard_done (gpointer data)
{
  return ((ClipboardWait *) data)->done;
}

static GtkWidget *
new_page_in_window (GtkWidget **window)
{
  GtkWidget *page = sl_http_page_new ();

  *window = sl_test_window_new (page, 1180, 760);
  return page;
}

static void
test_requests (void)
{
  static const char request[] =
    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test-http-page\r\nConnection: close\r\n\r\n";
  static const char bad_request[] =
    "GET /missing.html HTTP/1.0\r\nX-Name: caf\xe9 a\\b\r\n\r\n";
  GtkWidget *window, *page, *requests_view;
  GListModel *model;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GBytes) answer2 = NULL;
  g_autofree char *client = NULL;
  g_autofree char *client2 = NULL;
  g_autofree char *request_shown = NULL;
  g_autofree char *response_shown = NULL;
  g_autofree char *heading = NULL;
  const char *needles[6] = { NULL };
  LabelsWait labels_wait;
  CountWait count_wait;
  guint16 port, client_port;

  page = new_page_in_window (&window);
  g_assert_false (sl_page_get_running (SL_PAGE (page)));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (sl_test_child (page, "sample_check"))));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sl_test_child (page, "port_spin")), 0);
  g_assert_true (gtk_widget_activate (sl_test_child (page, "start_button")));
  g_assert_true (sl_test_wait_for (sl_test_page_running, page));
  g_assert_false (gtk_widget_get_visible (sl_test_child (page, "error_label")));
  g_assert_true (gtk_widget_get_visible (sl_test_child (page, "stop_button")));
  g_assert_false (gtk_widget_get_visible (sl_test_child (page, "start_button")));
  g_assert_false (gtk_widget_get_sensitive (sl_test_child (page, "port_spin")));

  /* The URL the student reads carries the port the system chose */
  port = shown_port (page);
  g_test_message ("serving on port %u", port);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (sl_test_child (page, "status_label"))), "sample site"));

  /* Copy puts the URL on the clipboard */
  {
    GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (sl_test_child (page, "urls_box")), 0));
    GtkWidget *copy_button = gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
    g_autofree char *expected = g_strdup_printf ("http://127.0.0.1:%u/", port);
    g_autofree char *name = g_strdup_printf ("Copy %s", expected);
    ClipboardWait clip = { NULL, FALSE };

    g_assert_true (GTK_IS_BUTTON (copy_button));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (copy_button), ==, name);
    /* A button activated from the keyboard clicks after a short delay */
    g_assert_true (gtk_widget_activate (copy_button));
    g_assert_true (sl_test_wait_for (clipboard_is_local, gtk_widget_get_clipboard (page)));
    gdk_clipboard_read_text_async (gtk_widget_get_clipboard (page), NULL, on_clipboard_text, &clip);
    g_assert_true (sl_test_wait_for (clipboard_done, &clip));
    g_assert_cmpstr (clip.text, ==, expected);
    g_free (clip.text);
  }

  answer = http_exchange (port, request, strlen (request), &client_port);
  g_assert_cmpuint (g_bytes_get_size (answer), >, 17);
  g_assert_cmpmem (g_bytes_get_data (answer, NULL), 17, "HTTP/1.1 200 OK\r\n", 17);

  /* The request list shows it, column by column */
  requests_view = sl_test_child (page, "requests_view");
  model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (requests_view)));
  count_wait.model = model;
  count_wait.n = 1;
  g_assert_true (sl_test_wait_for (model_has, &count_wait));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_false (gtk_widget_get_visible (sl_test_child (page, "no_requests_label")));

  client = g_strdup_printf ("127.0.0.1:%u", client_port);
  needles[0] = client;
  needles[1] = "GET";
  needles[2] = "/";
  needles[3] = "200 OK";
  labels_wait.widget = requests_view;
  labels_wait.needles = needles;
  if (!sl_test_wait_for (labels_have, &labels_wait))
    {
      g_autofree char *text = dup_labels (requests_view);

      g_test_message ("request list: %s", text);
      g_assert_not_reached ();
    }

  /* Selected: the exact bytes, with CR LF visible */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), 0);
  request_shown = dup_text_view (sl_test_child (page, "request_text"));
  response_shown = dup_text_view (sl_test_child (page, "response_text"));
  g_test_message ("request shown:\n%s", request_shown);
  g_test_message ("response shown:\n%s", response_shown);
  g_assert_cmpstr (request_shown, ==,
                   "GET / HTTP/1.1\\r\\n\nHost: 127.0.0.1\\r\\n\nUser-Agent: test-http-page\\r\\n\n"
                   "Connection: close\\r\\n\n\\r\\n\n");
  g_assert_true (g_str_has_prefix (response_shown, "HTTP/1.1 200 OK\\r\\n\n"));
  g_assert_nonnull (strstr (response_shown, "Content-Type: text/html"));
  g_assert_true (g_str_has_suffix (response_shown, "\\r\\n\n\\r\\n\n"));
  heading = g_strdup (gtk_label_get_text (GTK_LABEL (sl_test_child (page, "details_heading"))));
  g_assert_nonnull (strstr (heading, client));

  /* A 404 with a byte that is not UTF-8 (Latin-1 é) */
  answer2 = http_exchange (port, bad_request, strlen (bad_request), &client_port);
  assert_status (answer2, "404 Not Found");
  count_wait.n = 2;
  g_assert_true (sl_test_wait_for (model_has, &count_wait));

  client2 = g_strdup_printf ("127.0.0.1:%u", client_port);
  needles[0] = client2;
  needles[1] = "/missing.html";
  needles[2] = "404 Not Found";
  needles[3] = NULL;
  if (!sl_test_wait_for (labels_have, &labels_wait))
    {
      g_autofree char *text = dup_labels (requests_view);

      g_test_message ("request list: %s", text);
      g_assert_not_reached ();
    }

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), 1);
  g_clear_pointer (&request_shown, g_free);
  request_shown = dup_text_view (sl_test_child (page, "request_text"));
  g_test_message ("request shown:\n%s", request_shown);
  g_assert_cmpstr (request_shown, ==,
                   "GET /missing.html HTTP/1.0\\r\\n\nX-Name: caf\\xe9 a\\\\b\\r\\n\n\\r\\n\n");

  /* Clear empties the list and the details */
  gtk_widget_activate_action (page, "page.clear", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_true (gtk_widget_get_visible (sl_test_child (page, "no_requests_label")));
  g_clear_pointer (&request_shown, g_free);
  request_shown = dup_text_view (sl_test_child (page, "request_text"));
  g_assert_cmpstr (request_shown, ==, "");

  /* Stop */
  g_assert_true (gtk_widget_activate (sl_test_child (page, "stop_button")));
  g_assert_true (sl_test_wait_for (sl_test_page_stopped, page));
  g_assert_false (gtk_widget_get_visible (sl_test_child (page, "urls_box")));
  g_assert_true (gtk_widget_get_visible (sl_test_child (page, "start_button")));
  g_assert_true (gtk_widget_get_sensitive (sl_test_child (page, "port_spin")));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A port in use gives a message in the page, not a dialog */
static void
test_port_in_use (void)
{
  GtkWidget *window, *page, *error_label;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *port_text = NULL;
  guint16 port;

  socket = sl_test_loopback_socket (G_SOCKET_TYPE_STREAM, FALSE, 0, &port);

  page = new_page_in_window (&window);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sl_test_child (page, "port_spin")), port);
  g_assert_true (gtk_widget_activate (sl_test_child (page, "start_button")));

  error_label = sl_test_child (page, "error_label");
  g_assert_true (sl_test_wait_for (sl_test_widget_visible, error_label));
  g_test_message ("error shown: %s", gtk_label_get_text (GTK_LABEL (error_label)));
  /* The message names the port, so the student knows which one to change */
  port_text = g_strdup_printf ("%u", port);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), port_text));
  g_assert_false (sl_page_get_running (SL_PAGE (page)));
  g_assert_true (gtk_widget_get_visible (sl_test_child (page, "start_button")));
  g_assert_true (gtk_widget_get_sensitive (sl_test_child (page, "port_spin")));

  /* After freeing the port, Start works and the message goes away */
  g_socket_close (socket, NULL);
  g_assert_true (gtk_widget_activate (sl_test_child (page, "start_button")));
  g_assert_true (sl_test_wait_for (sl_test_page_running, page));
  g_assert_false (gtk_widget_get_visible (error_label));

  sl_page_stop_all (SL_PAGE (page));
  g_assert_false (sl_page_get_running (SL_PAGE (page)));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* "A folder of your own": the folder saved in the settings is served */
static void
test_folder (void)
{
  GtkWidget *window, *page, *error_label;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GBytes) answer = NULL;
  guint16 port, client_port;
  static const char request[] = "GET /hello.txt HTTP/1.0\r\n\r\n";
  gsize len;
  const char *data;

  /* A folder saved in the settings is the root */
  dir = g_dir_make_tmp ("sl-http-page-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (dir, "hello.txt", NULL);
  g_file_set_contents (file, "hello from a folder\n", -1, &error);
  g_assert_no_error (error);
  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_string (settings, "http-root", dir);

  page = new_page_in_window (&window);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (sl_test_child (page, "folder_check"))));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sl_test_child (page, "port_spin")), 0);
  g_assert_true (gtk_widget_activate (sl_test_child (page, "start_button")));
  g_assert_true (sl_test_wait_for (sl_test_page_running, page));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (sl_test_child (page, "status_label"))), "sl-http-page-"));

  port = shown_port (page);
  answer = http_exchange (port, request, strlen (request), &client_port);
  data = g_bytes_get_data (answer, &len);
  assert_status (answer, "200 OK");
  g_assert_cmpuint (len, >=, 20);
  g_assert_cmpmem (data + len - 20, 20, "hello from a folder\n", 20);

  sl_page_stop_all (SL_PAGE (page));
  g_assert_false (sl_page_get_running (SL_PAGE (page)));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Choosing the sample site clears the saved folder */
  page = new_page_in_window (&window);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sl_test_child (page, "sample_check")), TRUE);
  {
    g_autofree char *saved = g_settings_get_string (settings, "http-root");

    g_assert_cmpstr (saved, ==, "");
  }
  gtk_window_destroy (GTK_WINDOW (window));

  /* A folder that no longer exists is forgotten */
  g_settings_set_string (settings, "http-root", "/nonexistent/sl-http-page");
  page = new_page_in_window (&window);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (sl_test_child (page, "sample_check"))));
  error_label = sl_test_child (page, "error_label");
  g_assert_false (gtk_widget_get_visible (error_label));
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_reset (settings, "http-root");
  g_unlink (file);
  g_rmdir (dir);
}

static GtkWidget *
find_file_chooser_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not owned */
  guint i, n = g_list_model_get_n_items (toplevels);

  for (i = 0; i < n; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

static gboolean
has_file_chooser_dialog (gpointer data)
{
  return find_file_chooser_dialog () != NULL;
}

static gboolean
chooser_has_file (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (data));

  return file != NULL;
}

/* "A folder of your own" asks for the folder; Cancel goes back to the
 * sample site, a chosen folder is kept and saved */
static void
test_choose_folder (void)
{
  GtkWidget *window, *page, *dialog;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *basename = NULL;

  /* The chooser of the test's GTK, not a portal */
  g_setenv ("GTK_USE_PORTAL", "0", TRUE);
  g_settings_reset (settings, "http-root");
  dir = g_dir_make_tmp ("sl-http-choose-XXXXXX", &error);
  g_assert_no_error (error);
  folder = g_file_new_for_path (dir);

  page = new_page_in_window (&window);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (sl_test_child (page, "sample_check"))));

  /* Cancel: still the sample site */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sl_test_child (page, "folder_check")), TRUE);
  g_assert_true (sl_test_wait_for (has_file_chooser_dialog, NULL));
  dialog = find_file_chooser_dialog ();
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)), ==,
                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (sl_test_child (page, "sample_check"))));
  saved = g_settings_get_string (settings, "http-root");
  g_assert_cmpstr (saved, ==, "");
  g_clear_pointer (&saved, g_free);

  /* A folder: chosen, shown on the button and saved */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sl_test_child (page, "folder_check")), TRUE);
  g_assert_true (sl_test_wait_for (has_file_chooser_dialog, NULL));
  dialog = find_file_chooser_dialog ();
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, &error);
  g_assert_no_error (error);
  /* The chooser loads the folder in the background */
  g_assert_true (sl_test_wait_for (chooser_has_file, dialog));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (sl_test_child (page, "folder_check"))));
  saved = g_settings_get_string (settings, "http-root");
  g_assert_cmpstr (saved, ==, dir);
  basename = g_path_get_basename (dir);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (sl_test_child (page, "folder_button_label"))), ==, basename);

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "http-root");
  g_rmdir (dir);
}

/* --http=127.0.0.1:0 starts the server; stop_all stops it */
static void
test_launch_options (void)
{
  GtkWidget *window, *page;
  SlLaunchOptions options = { 0 };
  SlEndpoint endpoint = { (char *) "127.0.0.1", 0 };
  g_autoptr(GBytes) answer = NULL;
  guint16 port, client_port;
  static const char request[] = "HEAD / HTTP/1.0\r\n\r\n";

  page = new_page_in_window (&window);

  options.http = &endpoint;
  sl_page_apply_launch_options (SL_PAGE (page), &options);
  g_assert_true (sl_test_wait_for (sl_test_page_running, page));

  port = shown_port (page);
  answer = http_exchange (port, request, strlen (request), &client_port);
  assert_status (answer, "200 OK");

  sl_page_stop_all (SL_PAGE (page));
  g_assert_false (sl_page_get_running (SL_PAGE (page)));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
ipv6_loopback_works (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  return socket != NULL && g_socket_bind (socket, address, FALSE, NULL);
}

/* An IPv6 address goes into the URL in brackets */
static void
test_ipv6_url (void)
{
  GtkWidget *window, *page;
  SlLaunchOptions options = { 0 };
  SlEndpoint endpoint = { (char *) "::1", 0 };
  g_autofree char *labels = NULL;
  const char *url;
  guint64 port;
  char *end;

  if (!ipv6_loopback_works ())
    {
      g_test_skip ("no IPv6 loopback here");
      return;
    }

  page = new_page_in_window (&window);
  options.http = &endpoint;
  sl_page_apply_launch_options (SL_PAGE (page), &options);
  g_assert_true (sl_test_wait_for (sl_test_page_running, page));

  labels = dup_labels (sl_test_child (page, "urls_box"));
  g_test_message ("URLs: %s", labels);
  url = strstr (labels, "\nhttp://[::1]:");
  g_assert_nonnull (url);
  port = g_ascii_strtoull (url + strlen ("\nhttp://[::1]:"), &end, 10);
  g_assert_cmpstr (end, ==, "/\n");
  g_assert_cmpuint (port, >, 0);

  sl_page_stop_all (SL_PAGE (page));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sl_test_use_sample_site ();
  sl_test_init_memory_settings (&argc, &argv);

  g_test_add_func ("/http-page/requests", test_requests);
  g_test_add_func ("/http-page/port-in-use", test_port_in_use);
  g_test_add_func ("/http-page/folder", test_folder);
  g_test_add_func ("/http-page/choose-folder", test_choose_folder);
  g_test_add_func ("/http-page/launch-options", test_launch_options);
  g_test_add_func ("/http-page/ipv6-url", test_ipv6_url);

  return g_test_run ();
}
