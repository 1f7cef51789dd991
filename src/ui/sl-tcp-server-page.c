/* sl-tcp-server-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The TCP server page: a form for a new listener (bind address, port,
 * reply mode), the running listeners, the connections with their live
 * TCP_INFO, the transcript of the selected connection, and the event log
 * of everything. The page owns one SlTcpServer and its SlEventLog; the
 * engine does the networking on the network thread and reports through
 * the log and its list models, which the widgets here are bound to. */

#include "config.h"

#define G_LOG_DOMAIN "sl-tcp-server-page"

#include <glib/gi18n.h>

#include "sl-connection-row.h"
#include "sl-event-log-view.h"
#include "sl-listener-row.h"
#include "sl-local-addresses.h"
#include "sl-payload.h"
#include "sl-server-form.h"
#include "sl-tcp-server-page.h"
#include "sl-tcp-server.h"
#include "sl-transcript-view.h"

struct _SlTcpServerPage
{
  SlPage parent_instance;

  GSettings *settings;
  SlEventLog *log;
  SlTcpServer *server;
  GCancellable *cancellable;
  GListModel *addresses;
  GtkSingleSelection *connection_selection;
  GtkCustomFilter *transcript_filter;
  GtkFilterListModel *transcript_model;
  GSignalGroup *selected_signals;
  guint64 selected_id;

  GtkPaned *outer_paned;
  GtkDropDown *address_dropdown;
  GtkLabel *address_explanation_label;
  GtkSpinButton *port_spin;
  GtkDropDown *reply_dropdown;
  GtkLabel *reply_text_label;
  GtkEntry *reply_text_entry;
  GtkCheckButton *close_after_check;
  GtkLabel *name_label;
  GtkEntry *name_entry;
  GtkLabel *reply_hint_label;
  GtkCheckButton *reuse_check;
  GtkButton *start_button;
  GtkLabel *error_label;
  GtkListBox *listeners_box;
  GtkLabel *no_connections_label;
  GtkListView *connections_view;
  GtkLabel *conversation_heading;
  SlTranscriptView *transcript_view;
  GtkEntry *send_entry;
  GtkLabel *send_error_label;
  SlEventLogView *event_log_view;
};

G_DEFINE_FINAL_TYPE (SlTcpServerPage, sl_tcp_server_page, SL_TYPE_PAGE)

typedef struct
{
  SlTcpServerPage *self;
  char *address;
  guint16 port;
} StartData;

static void
start_data_free (StartData *data)
{
  g_object_unref (data->self);
  g_free (data->address);
  g_free (data);
}

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* Reply settings from the form; NULL with a message when the text is wrong. */
static SlReplyConfig *
build_reply (SlTcpServerPage  *self,
             GError          **error)
{
  return sl_reply_form_build (sl_reply_dropdown_get_mode (self->reply_dropdown),
                              gtk_editable_get_text (GTK_EDITABLE (self->reply_text_entry)),
                              gtk_check_button_get_active (self->close_after_check),
                              gtk_editable_get_text (GTK_EDITABLE (self->name_entry)),
                              error);
}

static void
on_start_listener_finished (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  StartData *data = user_data;
  SlTcpServerPage *self = data->self;
  g_autoptr(SlListener) listener = NULL;
  g_autoptr(GError) error = NULL;

  listener = sl_tcp_server_start_listener_finish (SL_TCP_SERVER (source), result, &error);

  if (listener == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self->error_label, error->message);
    }
  else
    {
      show_error (self->error_label, NULL);
    }

  start_data_free (data);
}

static void
start_listener (SlTcpServerPage     *self,
                const char          *address,
                guint16              port,
                const SlReplyConfig *reply,
                gboolean             reuse)
{
  StartData *data = g_new0 (StartData, 1);

  data->self = g_object_ref (self);
  data->address = g_strdup (address);
  data->port = port;

  sl_tcp_server_start_listener_async (self->server, address, port, reply, reuse,
                                      self->cancellable, on_start_listener_finished, data);
}

static SlLocalAddress *
get_selected_address (SlTcpServerPage *self)
{
  return gtk_drop_down_get_selected_item (self->address_dropdown);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlTcpServerPage *self = SL_TCP_SERVER_PAGE (widget);
  g_autoptr(SlReplyConfig) reply = NULL;
  g_autoptr(GError) error = NULL;
  SlLocalAddress *address = get_selected_address (self);

  gtk_spin_button_update (self->port_spin);

  reply = build_reply (self, &error);
  if (reply == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s explains what is wrong in the reply text */
      message = g_strdup_printf (_("The reply text is not valid: %s"), error->message);
      show_error (self->error_label, message);
      return;
    }

  start_listener (self,
                  address ? sl_local_address_get_address (address) : "127.0.0.1",
                  (guint16) gtk_spin_button_get_value_as_int (self->port_spin),
                  reply,
                  gtk_check_button_get_active (self->reuse_check));
}

static SlConnection *
get_selected_connection (SlTcpServerPage *self)
{
  return gtk_single_selection_get_selected_item (self->connection_selection);
}

static GBytes *
build_message (SlTcpServerPage *self)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = sl_payload_unescape (gtk_editable_get_text (GTK_EDITABLE (self->send_entry)), -1, &error);
  if (bytes == NULL)
    {
      show_error (self->send_error_label, error->message);
      return NULL;
    }

  show_error (self->send_error_label, NULL);
  return bytes;
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlTcpServerPage *self = SL_TCP_SERVER_PAGE (widget);
  g_autoptr(GBytes) bytes = NULL;
  SlConnection *connection = NULL;

  if (g_str_equal (action_name, "page.send"))
    {
      connection = get_selected_connection (self);
      if (connection == NULL)
        return;
    }

  bytes = build_message (self);
  if (bytes == NULL)
    return;

  sl_tcp_server_send (self->server, connection, bytes);
}

static void
close_connection_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SlTcpServerPage *self = SL_TCP_SERVER_PAGE (widget);
  SlConnection *connection = get_selected_connection (self);

  if (connection != NULL)
    sl_tcp_server_close_connection (self->server, connection);
}

static void
forget_closed_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  sl_tcp_server_forget_closed (SL_TCP_SERVER_PAGE (widget)->server);
}

static gboolean
has_open_connection (SlTcpServerPage *self)
{
  GListModel *connections = sl_tcp_server_get_connections (self->server);
  guint i, n = g_list_model_get_n_items (connections);

  for (i = 0; i < n; i++)
    {
      g_autoptr(SlConnection) connection = g_list_model_get_item (connections, i);

      if (sl_connection_get_state (connection) != SL_CONNECTION_CLOSED)
        return TRUE;
    }

  return FALSE;
}

static void
update_connection_actions (SlTcpServerPage *self)
{
  SlConnection *connection = get_selected_connection (self);
  gboolean open = connection != NULL && sl_connection_get_state (connection) != SL_CONNECTION_CLOSED;
  GListModel *connections = sl_tcp_server_get_connections (self->server);
  gboolean any_open = has_open_connection (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.send", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.close-connection", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.send-all", any_open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.forget-closed",
                                 g_list_model_get_n_items (connections) > 0);
}

static void
on_connections_items_changed (SlTcpServerPage *self)
{
  GListModel *connections = sl_tcp_server_get_connections (self->server);

  gtk_widget_set_visible (GTK_WIDGET (self->no_connections_label),
                          g_list_model_get_n_items (connections) == 0);
  update_connection_actions (self);
}

static void
on_selected_connection_notify (SlTcpServerPage *self)
{
  update_connection_actions (self);
}

static gboolean
transcript_filter_func (gpointer item,
                        gpointer user_data)
{
  SlTcpServerPage *self = user_data;

  return self->selected_id != 0 && sl_event_get_connection_id (item) == self->selected_id;
}

static void
on_connection_selection_changed (SlTcpServerPage *self)
{
  SlConnection *connection = get_selected_connection (self);
  guint64 id = connection ? sl_connection_get_id (connection) : 0;

  g_signal_group_set_target (self->selected_signals, connection);

  if (connection != NULL)
    {
      g_autofree char *heading = NULL;

      /* Translators: %s is the peer's address:port */
      heading = g_strdup_printf (_("Conversation with %s"), sl_connection_get_peer_address (connection));
      gtk_label_set_text (self->conversation_heading, heading);
    }
  else
    {
      gtk_label_set_text (self->conversation_heading,
                          _("Select a connection to see its conversation."));
    }

  if (id != self->selected_id)
    {
      self->selected_id = id;
      gtk_filter_changed (GTK_FILTER (self->transcript_filter), GTK_FILTER_CHANGE_DIFFERENT);
    }

  update_connection_actions (self);
}

static void
on_listeners_items_changed (SlTcpServerPage *self)
{
  sl_page_set_running (SL_PAGE (self),
                       g_list_model_get_n_items (sl_tcp_server_get_listeners (self->server)) > 0);
}

static void
on_listener_row_stop (SlListenerRow   *row,
                      SlTcpServerPage *self)
{
  sl_tcp_server_stop_listener (self->server, sl_listener_row_get_listener (row));
}

static GtkWidget *
create_listener_row (gpointer item,
                     gpointer user_data)
{
  SlTcpServerPage *self = user_data;
  GtkWidget *row = sl_listener_row_new (item);

  g_signal_connect_object (row, "stop", G_CALLBACK (on_listener_row_stop), self, 0);
  return row;
}

static void
on_connection_item_setup (GtkSignalListItemFactory *factory,
                          GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, sl_connection_row_new ());
}

static void
on_connection_item_bind (GtkSignalListItemFactory *factory,
                         GtkListItem              *list_item)
{
  sl_connection_row_set_connection (SL_CONNECTION_ROW (gtk_list_item_get_child (list_item)),
                                    gtk_list_item_get_item (list_item));
}

static void
on_connection_item_unbind (GtkSignalListItemFactory *factory,
                           GtkListItem              *list_item)
{
  sl_connection_row_set_connection (SL_CONNECTION_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
on_address_dropdown_selected_changed (SlTcpServerPage *self)
{
  SlLocalAddress *address = get_selected_address (self);

  gtk_label_set_text (self->address_explanation_label,
                      address ? sl_local_address_get_explanation (address) : "");
  if (address != NULL && self->settings != NULL)
    g_settings_set_string (self->settings, "tcp-server-address", sl_local_address_get_address (address));
}

static void
on_reply_dropdown_selected_changed (SlTcpServerPage *self)
{
  guint mode = gtk_drop_down_get_selected (self->reply_dropdown);
  gboolean is_text = mode == SL_REPLY_TEXT;
  gboolean is_game = mode == SL_REPLY_NUMBER_GAME;
  const char *hint;

  gtk_widget_set_visible (GTK_WIDGET (self->reply_text_label), is_text);
  gtk_widget_set_visible (GTK_WIDGET (self->reply_text_entry), is_text);
  gtk_widget_set_visible (GTK_WIDGET (self->close_after_check), is_text);
  gtk_widget_set_visible (GTK_WIDGET (self->name_label), is_game);
  gtk_widget_set_visible (GTK_WIDGET (self->name_entry), is_game);

  hint = sl_reply_mode_get_hint ((SlReplyMode) mode, FALSE);
  gtk_label_set_text (self->reply_hint_label, hint);
}

static void
on_send_entry_activate (SlTcpServerPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "page.send", NULL);
}

static void
on_send_entry_changed (SlTcpServerPage *self)
{
  show_error (self->send_error_label, NULL);
}

/* GSettings */

static void
select_saved_address (SlTcpServerPage *self)
{
  g_autofree char *saved = g_settings_get_string (self->settings, "tcp-server-address");

  sl_address_dropdown_select (self->address_dropdown, saved);
}

static void
bind_settings (SlTcpServerPage *self)
{
  g_settings_bind (self->settings, "tcp-server-port", self->port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  sl_reply_dropdown_bind_settings (self->reply_dropdown, self->settings, "tcp-server-reply-mode");
  g_settings_bind (self->settings, "tcp-server-reply-text",
                   self->reply_text_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "tcp-server-close-after-reply",
                   self->close_after_check, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "tcp-server-name",
                   self->name_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "tcp-server-reuse-address",
                   self->reuse_check, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "tcp-server-view",
                   self->transcript_view, "mode", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "tcp-server-decode-format",
                   self->transcript_view, "struct-format", G_SETTINGS_BIND_DEFAULT);
  select_saved_address (self);
}

/* SlPage */

static void
sl_tcp_server_page_apply_launch_options (SlPage                *page,
                                         const SlLaunchOptions *options)
{
  SlTcpServerPage *self = SL_TCP_SERVER_PAGE (page);
  g_autoptr(SlReplyConfig) page_reply = NULL;
  const SlReplyConfig *reply = options->reply;
  guint i;

  if (options->tcp_servers == NULL || options->tcp_servers->len == 0)
    return;

  if (reply == NULL)
    {
      g_autoptr(GError) error = NULL;

      page_reply = build_reply (self, &error);
      if (page_reply == NULL)
        page_reply = sl_reply_config_new (SL_REPLY_NONE);
      reply = page_reply;
    }

  for (i = 0; i < options->tcp_servers->len; i++)
    {
      const SlEndpoint *endpoint = &g_array_index (options->tcp_servers, SlEndpoint, i);

      start_listener (self, endpoint->host ? endpoint->host : "127.0.0.1", endpoint->port,
                      reply, gtk_check_button_get_active (self->reuse_check));
    }
}

static void
sl_tcp_server_page_stop_all (SlPage *page)
{
  SlTcpServerPage *self = SL_TCP_SERVER_PAGE (page);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->server != NULL)
    sl_tcp_server_stop_all (self->server);
}

static void
sl_tcp_server_page_dispose (GObject *object)
{
  SlTcpServerPage *self = SL_TCP_SERVER_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->server != NULL)
    sl_tcp_server_stop_all (self->server);

  G_OBJECT_CLASS (sl_tcp_server_page_parent_class)->dispose (object);

  if (self->selected_signals != NULL)
    g_signal_group_set_target (self->selected_signals, NULL);
  g_clear_object (&self->selected_signals);
  g_clear_object (&self->transcript_model);
  g_clear_object (&self->transcript_filter);
  g_clear_object (&self->connection_selection);
  g_clear_object (&self->addresses);
  g_clear_object (&self->server);
  g_clear_object (&self->log);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
}

static void
sl_tcp_server_page_class_init (SlTcpServerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SlPageClass *page_class = SL_PAGE_CLASS (klass);

  object_class->dispose = sl_tcp_server_page_dispose;
  page_class->apply_launch_options = sl_tcp_server_page_apply_launch_options;
  page_class->stop_all = sl_tcp_server_page_stop_all;

  g_type_ensure (SL_TYPE_TRANSCRIPT_VIEW);
  g_type_ensure (SL_TYPE_EVENT_LOG_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/socketlab/SocketLab/sl-tcp-server-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, address_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, address_explanation_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, port_spin);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, reply_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, reply_text_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, reply_text_entry);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, close_after_check);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, reply_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, reuse_check);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, listeners_box);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, no_connections_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, connections_view);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, conversation_heading);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, transcript_view);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, send_entry);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, send_error_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpServerPage, event_log_view);
  gtk_widget_class_bind_template_callback (widget_class, on_address_dropdown_selected_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_reply_dropdown_selected_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_send_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_send_entry_changed);

  gtk_widget_class_install_action (widget_class, "page.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "page.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "page.send-all", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "page.close-connection", NULL, close_connection_action);
  gtk_widget_class_install_action (widget_class, "page.forget-closed", NULL, forget_closed_action);
}

static void
sl_tcp_server_page_init (SlTcpServerPage *self)
{
  GtkListItemFactory *factory;
  GListModel *connections;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  self->cancellable = g_cancellable_new ();
  self->log = sl_event_log_new ();
  sl_page_add_event_log (SL_PAGE (self), self->log);
  self->server = sl_tcp_server_new (self->log);

  /* Bind address: this computer's addresses, each explained */
  self->addresses = sl_local_addresses_list ();
  sl_address_dropdown_setup (self->address_dropdown, self->addresses);

  sl_reply_dropdown_setup (self->reply_dropdown);

  /* Listeners */
  gtk_list_box_bind_model (self->listeners_box, sl_tcp_server_get_listeners (self->server),
                           create_listener_row, self, NULL);
  {
    GtkWidget *placeholder = gtk_label_new (_("No listener is running."));

    gtk_widget_set_margin_top (placeholder, 12);
    gtk_widget_set_margin_bottom (placeholder, 12);
    gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
    gtk_list_box_set_placeholder (self->listeners_box, placeholder);
  }
  g_signal_connect_object (sl_tcp_server_get_listeners (self->server), "items-changed",
                           G_CALLBACK (on_listeners_items_changed), self, G_CONNECT_SWAPPED);

  /* Connections */
  connections = sl_tcp_server_get_connections (self->server);
  self->connection_selection = gtk_single_selection_new (g_object_ref (connections));
  gtk_single_selection_set_autoselect (self->connection_selection, TRUE);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_connection_item_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_connection_item_bind), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_connection_item_unbind), NULL);
  gtk_list_view_set_factory (self->connections_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->connections_view, GTK_SELECTION_MODEL (self->connection_selection));
  g_signal_connect_object (self->connection_selection, "notify::selected-item",
                           G_CALLBACK (on_connection_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (connections, "items-changed",
                           G_CALLBACK (on_connections_items_changed), self, G_CONNECT_SWAPPED);
  self->selected_signals = g_signal_group_new (SL_TYPE_CONNECTION);
  g_signal_group_connect_object (self->selected_signals, "notify",
                                 G_CALLBACK (on_selected_connection_notify), self, G_CONNECT_SWAPPED);

  /* The transcript of the selected connection */
  self->transcript_filter = gtk_custom_filter_new (transcript_filter_func, self, NULL);
  self->transcript_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->log)),
                                                      g_object_ref (GTK_FILTER (self->transcript_filter)));
  gtk_filter_list_model_set_incremental (self->transcript_model, FALSE);
  sl_transcript_view_set_model (self->transcript_view, G_LIST_MODEL (self->transcript_model));

  sl_event_log_view_set_model (self->event_log_view, G_LIST_MODEL (self->log));

  bind_settings (self);
  on_address_dropdown_selected_changed (self);
  on_reply_dropdown_selected_changed (self);
  on_connection_selection_changed (self);
  on_connections_items_changed (self);
}

GtkWidget *
sl_tcp_server_page_new (void)
{
  return g_object_new (SL_TYPE_TCP_SERVER_PAGE,
                       "name", "tcp-server",
                       "title", _("TCP Server"),
                       "icon-name", "network-server-symbolic",
                       NULL);
}
