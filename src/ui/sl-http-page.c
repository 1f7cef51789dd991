/* sl-http-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The HTTP server page: a form (bind address, port, document root,
 * directory listing), Start and Stop, the URLs the running server can be
 * reached at, and a request log with the exact bytes of the selected
 * request and of the response headers.
 *
 * The page owns one SlHttpServer and its SlEventLog; the engine does the
 * networking on the network thread and reports through the log. The
 * request list lives in sl-http-page-requests.c. */

#include "config.h"

#define G_LOG_DOMAIN "sl-http-page"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-format.h"
#include "sl-http-page-private.h"
#include "sl-local-addresses.h"
#include "sl-server-form.h"

G_DEFINE_FINAL_TYPE (SlHttpPage, sl_http_page, SL_TYPE_PAGE)

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* The URLs of the running server */

static char *
build_url (const char *address,
           guint16     port)
{
  g_autoptr(GString) url = g_string_new ("http://");
  const char *zone;

  if (strchr (address, ':') == NULL)
    {
      g_string_append (url, address);
    }
  else
    {
      /* An IPv6 literal in brackets; a zone (fe80::1%eth0) as %25 (RFC 6874) */
      g_string_append_c (url, '[');
      zone = strchr (address, '%');
      if (zone != NULL)
        {
          g_string_append_len (url, address, zone - address);
          g_string_append (url, "%25");
          g_string_append (url, zone + 1);
        }
      else
        {
          g_string_append (url, address);
        }
      g_string_append_c (url, ']');
    }

  g_string_append_printf (url, ":%u/", port);
  return g_string_free (g_steal_pointer (&url), FALSE);
}

static void
on_open_button_clicked (GtkButton *button)
{
  const char *url = g_object_get_data (G_OBJECT (button), "sl-url");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
}

static void
on_copy_button_clicked (GtkButton *button)
{
  const char *url = g_object_get_data (G_OBJECT (button), "sl-url");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), url);
}

static GtkWidget *
create_url_button (const char *icon_name,
                   const char *url,
                   const char *accessible_name,
                   GCallback   callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, accessible_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "sl-url", g_strdup (url), g_free);
  g_signal_connect (button, "clicked", callback, NULL);

  return button;
}

static GtkWidget *
create_url_row (const char *url)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (url);
  g_autofree char *open_name = NULL;
  g_autofree char *copy_name = NULL;

  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 4);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_box_append (GTK_BOX (box), label);

  /* Translators: accessible name and tooltip of a button; %s is a URL */
  open_name = g_strdup_printf (_("Open %s in the web browser"), url);
  gtk_box_append (GTK_BOX (box),
                  create_url_button ("web-browser-symbolic", url, open_name,
                                     G_CALLBACK (on_open_button_clicked)));

  /* Translators: accessible name and tooltip of a button; %s is a URL */
  copy_name = g_strdup_printf (_("Copy %s"), url);
  gtk_box_append (GTK_BOX (box),
                  create_url_button ("edit-copy-symbolic", url, copy_name,
                                     G_CALLBACK (on_copy_button_clicked)));

  return box;
}

static void
fill_urls (SlHttpPage *self)
{
  GtkWidget *row;
  const char *address;
  guint16 port;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->urls_box))) != NULL)
    gtk_list_box_remove (self->urls_box, row);

  if (!sl_http_server_get_running (self->server))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->urls_box), FALSE);
      return;
    }

  address = sl_http_server_get_address (self->server);
  port = sl_http_server_get_port (self->server);

  if (g_strcmp0 (address, "0.0.0.0") == 0 || g_strcmp0 (address, "::") == 0)
    {
      /* A wildcard: every address of this computer reaches the server
       * (the IPv6 wildcard takes IPv4 too on a dual-stack system) */
      g_autoptr(GListModel) addresses = sl_local_addresses_list ();
      gboolean ipv4_only = g_str_equal (address, "0.0.0.0");
      guint i, n = g_list_model_get_n_items (addresses);

      for (i = 0; i < n; i++)
        {
          g_autoptr(SlLocalAddress) local = g_list_model_get_item (addresses, i);
          g_autofree char *url = NULL;

          if (sl_local_address_get_kind (local) == SL_LOCAL_ADDRESS_ANY)
            continue;
          if (ipv4_only && sl_local_address_get_family (local) != G_SOCKET_FAMILY_IPV4)
            continue;

          url = build_url (sl_local_address_get_address (local), port);
          gtk_list_box_append (self->urls_box, create_url_row (url));
        }
    }
  else
    {
      g_autofree char *url = build_url (address, port);

      gtk_list_box_append (self->urls_box, create_url_row (url));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->urls_box), TRUE);
}

/* State */

static void
update_state (SlHttpPage *self)
{
  gboolean running = self->server != NULL && sl_http_server_get_running (self->server);
  gboolean idle = !running && !self->starting;

  sl_page_set_running (SL_PAGE (self), running);

  gtk_widget_set_visible (GTK_WIDGET (self->start_button), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.start", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.stop", running || self->starting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.choose-folder", idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_dropdown), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_spin), idle);
  gtk_widget_set_sensitive (self->root_box, idle);

  if (running)
    {
      g_autofree char *where = sl_format_host_port (sl_http_server_get_address (self->server),
                                                    sl_http_server_get_port (self->server));
      g_autofree char *sample = sl_http_server_dup_sample_site_dir ();
      g_autofree char *canonical_sample = g_canonicalize_filename (sample, NULL);
      const char *root = sl_http_server_get_root (self->server);
      g_autofree char *text = NULL;

      if (root == NULL || g_str_equal (root, canonical_sample) || g_str_equal (root, sample))
        /* Translators: %s is address:port */
        text = g_strdup_printf (_("Serving the built-in sample site on %s. Open it from another program with one of these addresses:"),
                                where);
      else
        /* Translators: the first %s is a folder, the second address:port */
        text = g_strdup_printf (_("Serving the folder %s on %s. Open it from another program with one of these addresses:"),
                                root, where);
      gtk_label_set_text (self->status_label, text);
    }
  else if (self->starting)
    {
      gtk_label_set_text (self->status_label, _("Starting…"));
    }
  else
    {
      gtk_label_set_text (self->status_label,
                          _("The server is not running. Press Start Server; the addresses where a browser can reach it appear here."));
    }

  fill_urls (self);
}

static void
on_start_finished (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SlHttpPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sl_http_server_start_finish (SL_HTTP_SERVER (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (self->server != NULL)
        {
          self->starting = FALSE;
          show_error (self->error_label, error->message);
          update_state (self);
        }
      return;
    }

  if (self->server == NULL)
    return;

  self->starting = FALSE;
  show_error (self->error_label, NULL);
  update_state (self);
}

static void
start_server (SlHttpPage *self,
              const char *address,
              guint16     port,
              const char *root)
{
  if (sl_http_server_get_running (self->server))
    sl_http_server_stop (self->server);

  self->starting = TRUE;
  show_error (self->error_label, NULL);
  sl_http_server_start_async (self->server, address, port, root, self->cancellable,
                              on_start_finished, g_object_ref (self));
  update_state (self);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlHttpPage *self = SL_HTTP_PAGE (widget);
  const char *root = NULL;

  if (self->starting)
    return;

  gtk_spin_button_update (self->port_spin);

  if (gtk_check_button_get_active (self->folder_check))
    {
      if (self->folder == NULL || self->folder[0] == '\0')
        {
          show_error (self->error_label,
                      _("Choose the folder to serve first, or serve the built-in sample site."));
          return;
        }
      root = self->folder;
    }

  start_server (self,
                sl_address_dropdown_get_address (self->address_dropdown),
                (guint16) gtk_spin_button_get_value_as_int (self->port_spin),
                root);
}

static void
stop_server (SlHttpPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->starting = FALSE;

  if (self->server != NULL)
    sl_http_server_stop (self->server);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlHttpPage *self = SL_HTTP_PAGE (widget);

  stop_server (self);
  update_state (self);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlHttpPage *self = SL_HTTP_PAGE (widget);

  sl_http_page_requests_clear (self);
}

static void
show_newest_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  sl_http_page_requests_show_newest (SL_HTTP_PAGE (widget));
}

/* Document root */

static void
update_folder_button (SlHttpPage *self)
{
  if (self->folder != NULL && self->folder[0] != '\0')
    {
      g_autofree char *name = g_filename_display_basename (self->folder);
      g_autofree char *tooltip = g_filename_display_name (self->folder);

      gtk_label_set_text (self->folder_button_label, name);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->folder_button), tooltip);
    }
  else
    {
      gtk_label_set_text (self->folder_button_label, _("Choose a Folder…"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->folder_button),
                                   _("Choose the folder whose files the server sends"));
    }
}

static void
save_root (SlHttpPage *self)
{
  gboolean folder = gtk_check_button_get_active (self->folder_check);

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "http-root",
                           folder && self->folder != NULL ? self->folder : "");
}

static void
on_chooser_response (GtkNativeDialog *dialog,
                     int              response,
                     SlHttpPage      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_free (self->folder);
          self->folder = g_steal_pointer (&path);
        }
    }

  /* Without a folder, the sample site it is */
  self->updating_root = TRUE;
  if (self->folder != NULL)
    gtk_check_button_set_active (self->folder_check, TRUE);
  else
    gtk_check_button_set_active (self->sample_check, TRUE);
  self->updating_root = FALSE;

  update_folder_button (self);
  save_root (self);

  g_clear_object (&self->chooser);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SlHttpPage *self = SL_HTTP_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Folder to Serve"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Serve This Folder"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (self->folder != NULL)
    {
      g_autoptr(GFile) current = g_file_new_for_path (self->folder);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), current, NULL);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_root_check_toggled (SlHttpPage *self)
{
  if (self->updating_root)
    return;

  show_error (self->error_label, NULL);

  /* "A folder" without one yet: ask for it */
  if (gtk_check_button_get_active (self->folder_check) && self->folder == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "page.choose-folder", NULL);
      return;
    }

  save_root (self);
}

/* Bind address */

static void
on_address_dropdown_selected_changed (SlHttpPage *self)
{
  gtk_label_set_text (self->address_explanation_label,
                      sl_address_dropdown_get_explanation (self->address_dropdown));
  if (gtk_drop_down_get_selected_item (self->address_dropdown) != NULL && self->settings != NULL)
    g_settings_set_string (self->settings, "http-address",
                           sl_address_dropdown_get_address (self->address_dropdown));
}

/* GSettings */

static void
select_saved_address (SlHttpPage *self)
{
  g_autofree char *saved = g_settings_get_string (self->settings, "http-address");

  sl_address_dropdown_select (self->address_dropdown, saved);
}

static void
bind_settings (SlHttpPage *self)
{
  g_autofree char *root = NULL;

  g_settings_bind (self->settings, "http-port", self->port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "http-directory-listing",
                   self->listing_switch, "active", G_SETTINGS_BIND_DEFAULT);
  select_saved_address (self);

  /* A saved folder that is gone is forgotten: the sample site it is */
  root = g_settings_get_string (self->settings, "http-root");
  self->updating_root = TRUE;
  if (root[0] != '\0' && g_file_test (root, G_FILE_TEST_IS_DIR))
    {
      self->folder = g_steal_pointer (&root);
      gtk_check_button_set_active (self->folder_check, TRUE);
    }
  else
    {
      gtk_check_button_set_active (self->sample_check, TRUE);
    }
  self->updating_root = FALSE;
  update_folder_button (self);
}

/* SlPage */

static void
sl_http_page_apply_launch_options (SlPage                *page,
                                   const SlLaunchOptions *options)
{
  SlHttpPage *self = SL_HTTP_PAGE (page);

  if (options->http == NULL)
    return;

  /* The form shows what runs, so that a stopped server starts again the
   * same way */
  sl_address_dropdown_select (self->address_dropdown,
                              options->http->host ? options->http->host : "127.0.0.1");
  gtk_spin_button_set_value (self->port_spin, options->http->port);
  if (options->root != NULL)
    {
      g_free (self->folder);
      self->folder = g_strdup (options->root);
    }
  self->updating_root = TRUE;
  gtk_check_button_set_active (options->root != NULL ? self->folder_check : self->sample_check, TRUE);
  self->updating_root = FALSE;
  update_folder_button (self);
  save_root (self);

  stop_server (self);
  start_server (self,
                options->http->host ? options->http->host : "127.0.0.1",
                options->http->port,
                options->root);
}

static void
sl_http_page_stop_all (SlPage *page)
{
  SlHttpPage *self = SL_HTTP_PAGE (page);

  stop_server (self);
  update_state (self);
}

/* GObject */

static void
sl_http_page_dispose (GObject *object)
{
  SlHttpPage *self = SL_HTTP_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->server != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->server, self);
      sl_http_server_stop (self->server);
    }
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  sl_http_page_requests_dispose (self);

  G_OBJECT_CLASS (sl_http_page_parent_class)->dispose (object);

  g_clear_object (&self->chooser);
  g_clear_object (&self->addresses);
  g_clear_object (&self->server);
  g_clear_object (&self->log);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
}

static void
sl_http_page_finalize (GObject *object)
{
  SlHttpPage *self = SL_HTTP_PAGE (object);

  g_free (self->folder);

  G_OBJECT_CLASS (sl_http_page_parent_class)->finalize (object);
}

static void
sl_http_page_class_init (SlHttpPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SlPageClass *page_class = SL_PAGE_CLASS (klass);

  object_class->dispose = sl_http_page_dispose;
  object_class->finalize = sl_http_page_finalize;
  page_class->apply_launch_options = sl_http_page_apply_launch_options;
  page_class->stop_all = sl_http_page_stop_all;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/socketlab/SocketLab/sl-http-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, address_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, address_explanation_label);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, port_spin);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, root_box);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, sample_check);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, folder_check);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, folder_button);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, folder_button_label);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, listing_switch);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, urls_box);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, no_requests_label);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, requests_scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, requests_view);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, list_status_box);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, list_status_label);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, newest_button);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, details_heading);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, request_text);
  gtk_widget_class_bind_template_child (widget_class, SlHttpPage, response_text);
  gtk_widget_class_bind_template_callback (widget_class, on_address_dropdown_selected_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_root_check_toggled);

  gtk_widget_class_install_action (widget_class, "page.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "page.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "page.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "page.show-newest", NULL, show_newest_action);
  gtk_widget_class_install_action (widget_class, "page.choose-folder", NULL, choose_folder_action);
}

static void
sl_http_page_init (SlHttpPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  self->cancellable = g_cancellable_new ();
  self->log = sl_event_log_new ();
  sl_page_add_event_log (SL_PAGE (self), self->log);
  self->server = sl_http_server_new (self->log);
  g_signal_connect_object (self->server, "notify::running",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_object_bind_property (self->listing_switch, "active",
                          self->server, "directory-listing", G_BINDING_SYNC_CREATE);

  /* Bind address: this computer's addresses, each explained */
  self->addresses = sl_local_addresses_list ();
  sl_address_dropdown_setup (self->address_dropdown, self->addresses);

  sl_http_page_requests_init (self);

  bind_settings (self);
  on_address_dropdown_selected_changed (self);
  update_state (self);
}

GtkWidget *
sl_http_page_new (void)
{
  return g_object_new (SL_TYPE_HTTP_PAGE,
                       "name", "http",
                       "title", _("HTTP Server"),
                       "icon-name", "web-browser-symbolic",
                       NULL);
}
