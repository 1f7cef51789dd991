/* sl-tcp-client-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The TCP client page drives one SlTcpClient. In one-shot mode Send does the
 * whole exchange of the courses' clients (connect, send, read the answer,
 * close); in persistent mode Connect opens a connection and Send writes to
 * it. The page shows only what the client reports: its "state", and the
 * events of its SlEventLog, in the transcript and the socket-call log. */

#include "config.h"

#define G_LOG_DOMAIN "sl-tcp-client-page"

#include <glib/gi18n.h>

#include "sl-event-log-view.h"
#include "sl-payload-editor.h"
#include "sl-tcp-client-page.h"
#include "sl-tcp-client.h"
#include "sl-transcript-view.h"

struct _SlTcpClientPage
{
  SlPage parent_instance;

  GSettings *settings;
  SlEventLog *log;
  SlTcpClient *client;
  /* the running connect, exchange or send chain */
  GCancellable *cancellable;
  gboolean exchanging;
  gboolean sending;

  /* the number game: the last "name,number" sent */
  gboolean have_sent_number;
  gint64 sent_number;

  GtkPaned *paned;
  GtkScrolledWindow *controls_scroller;
  GtkBox *controls_box;
  GtkLabel *heading_label;
  GtkGrid *address_grid;
  GtkLabel *host_label;
  GtkEntry *host_entry;
  GtkLabel *port_label;
  GtkSpinButton *port_spin;
  GtkLabel *timeout_label;
  GtkSpinButton *timeout_spin;
  GtkBox *mode_box;
  GtkCheckButton *oneshot_check;
  GtkCheckButton *persistent_check;
  GtkBox *connect_box;
  GtkButton *connect_button;
  GtkButton *disconnect_button;
  GtkLabel *status_label;
  GtkLabel *error_label;
  SlPayloadEditor *payload_editor;
  GtkButton *send_button;
  GtkPaned *output_paned;
  GtkBox *received_box;
  GtkBox *received_header;
  GtkLabel *received_label;
  GtkButton *clear_button;
  SlTranscriptView *transcript_view;
  GtkLabel *number_game_label;
  GtkBox *events_box;
  GtkLabel *events_label;
  SlEventLogView *event_log_view;
};

G_DEFINE_FINAL_TYPE (SlTcpClientPage, sl_tcp_client_page, SL_TYPE_PAGE)

static gboolean
is_persistent (SlTcpClientPage *self)
{
  return gtk_check_button_get_active (self->persistent_check);
}

static char *
dup_host (SlTcpClientPage *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_entry))));
}

static void
update_actions (SlTcpClientPage *self)
{
  SlTcpClientState state;
  g_autofree char *host = NULL;
  gboolean persistent = is_persistent (self);
  gboolean host_ok;
  gboolean valid = sl_payload_editor_get_valid (self->payload_editor);
  gboolean busy = self->exchanging || self->sending;

  /* an answer may arrive after dispose */
  if (self->client == NULL)
    return;
  state = sl_tcp_client_get_state (self->client);
  host = dup_host (self);
  host_ok = host[0] != '\0';

  gtk_widget_set_visible (GTK_WIDGET (self->connect_box), persistent);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.connect",
                                 persistent && host_ok && !busy
                                 && state == SL_TCP_CLIENT_DISCONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.disconnect",
                                 state != SL_TCP_CLIENT_DISCONNECTED || busy);
  if (persistent)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.send",
                                   valid && !busy && state == SL_TCP_CLIENT_CONNECTED);
  else
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.send",
                                   valid && host_ok && !busy
                                   && state == SL_TCP_CLIENT_DISCONNECTED);
}

static void
show_error (SlTcpClientPage *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
show_gerror (SlTcpClientPage *self,
             const GError    *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_error (self, error->message);
}

static void
clear_error (SlTcpClientPage *self)
{
  gtk_label_set_text (self->error_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
update_status (SlTcpClientPage *self)
{
  SlTcpClientState state;
  SlConnection *connection;

  if (self->client == NULL)
    return;
  state = sl_tcp_client_get_state (self->client);
  connection = sl_tcp_client_get_connection (self->client);

  switch (state)
    {
    case SL_TCP_CLIENT_RESOLVING:
      gtk_label_set_text (self->status_label, _("Resolving…"));
      break;
    case SL_TCP_CLIENT_CONNECTING:
      gtk_label_set_text (self->status_label, _("Connecting…"));
      break;
    case SL_TCP_CLIENT_CONNECTED:
      if (connection != NULL)
        {
          g_autofree char *text = NULL;

          /* Translators: "Connected to 127.0.0.1:55556 from 127.0.0.1:40312" */
          text = g_strdup_printf (_("Connected to %s from %s"),
                                  sl_connection_get_peer_address (connection),
                                  sl_connection_get_local_address (connection));
          gtk_label_set_text (self->status_label, text);
        }
      else
        {
          gtk_label_set_text (self->status_label, _("Connected"));
        }
      break;
    case SL_TCP_CLIENT_DISCONNECTED:
    default:
      gtk_label_set_text (self->status_label, _("Disconnected"));
      break;
    }

  sl_page_set_running (SL_PAGE (self), state == SL_TCP_CLIENT_CONNECTED);
  update_actions (self);
}

static void
renew_cancellable (SlTcpClientPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

/* "name,42" (the client's message) or "server name,17" (the answer) */
static gboolean
parse_number_message (GBytes *bytes,
                      gint64 *number)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *text = NULL;
  const char *comma;
  const char *digits;

  if (data == NULL || len == 0 || len > 256 || !g_utf8_validate (data, len, NULL))
    return FALSE;

  text = g_strstrip (g_strndup (data, len));
  comma = strrchr (text, ',');
  if (comma == NULL || comma == text)
    return FALSE;

  digits = comma + 1;
  while (*digits == ' ')
    digits++;
  return g_ascii_string_to_signed (digits, 10, -999999999, 999999999, number, NULL);
}

static void
handle_event (SlTcpClientPage *self,
              SlEvent         *event)
{
  g_autoptr(GBytes) data = NULL;
  gint64 number;

  switch (sl_event_get_kind (event))
    {
    case SL_EVENT_ERROR:
      if (sl_event_get_message (event) != NULL)
        show_error (self, sl_event_get_message (event));
      break;

    case SL_EVENT_SENT:
      data = sl_event_get_data (event);
      self->have_sent_number = data != NULL && parse_number_message (data, &number);
      if (self->have_sent_number)
        self->sent_number = number;
      gtk_widget_set_visible (GTK_WIDGET (self->number_game_label), FALSE);
      break;

    case SL_EVENT_RECEIVED:
      g_clear_pointer (&data, g_bytes_unref);
      data = sl_event_get_data (event);
      if (self->have_sent_number && data != NULL && parse_number_message (data, &number))
        {
          g_autofree char *text = NULL;
          g_autofree char *mine = g_strdup_printf ("%" G_GINT64_FORMAT, self->sent_number);
          g_autofree char *theirs = g_strdup_printf ("%" G_GINT64_FORMAT, number);
          g_autofree char *sum = g_strdup_printf ("%" G_GINT64_FORMAT, self->sent_number + number);

          /* Translators: the number game: "You sent 42 and the server
           * answered 17: 42 + 17 = 59". Numbers are already formatted. */
          text = g_strdup_printf (_("You sent %1$s and the server answered %2$s: %1$s + %2$s = %3$s"),
                                  mine, theirs, sum);
          gtk_label_set_text (self->number_game_label, text);
          gtk_widget_set_visible (GTK_WIDGET (self->number_game_label), TRUE);
        }
      break;

    case SL_EVENT_INFO:
    case SL_EVENT_LISTENING:
    case SL_EVENT_STOPPED:
    case SL_EVENT_CONNECTING:
    case SL_EVENT_CONNECTED:
    case SL_EVENT_ACCEPTED:
    case SL_EVENT_PEER_CLOSED:
    case SL_EVENT_CLOSED:
    default:
      break;
    }
}

static void
on_log_items_changed (SlTcpClientPage *self,
                      guint            position,
                      guint            removed,
                      guint            added,
                      GListModel      *model)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SlEvent) event = g_list_model_get_item (model, i);

      if (event != NULL)
        handle_event (self, event);
    }
}

static void
on_connect_ready (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlTcpClientPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sl_tcp_client_connect_finish (SL_TCP_CLIENT (object), result, &error))
    show_gerror (self, error);
  update_actions (self);
}

static void
start_connect (SlTcpClientPage *self)
{
  g_autofree char *host = dup_host (self);

  clear_error (self);
  renew_cancellable (self);
  sl_tcp_client_connect_async (self->client, host,
                               (guint16) gtk_spin_button_get_value_as_int (self->port_spin),
                               (guint) gtk_spin_button_get_value_as_int (self->timeout_spin),
                               self->cancellable,
                               on_connect_ready, g_object_ref (self));
  update_actions (self);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  start_connect (SL_TCP_CLIENT_PAGE (widget));
}

static void
stop (SlTcpClientPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  sl_tcp_client_disconnect (self->client);
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  stop (SL_TCP_CLIENT_PAGE (widget));
}

static void
on_exchange_ready (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SlTcpClientPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;

  answer = sl_tcp_client_exchange_finish (SL_TCP_CLIENT (object), result, &error);
  if (answer == NULL)
    show_gerror (self, error);

  self->exchanging = FALSE;
  update_actions (self);
}

typedef struct
{
  SlTcpClientPage *self;
  GPtrArray *messages;
  guint next;
} SendChain;

static void
send_chain_free (SendChain *chain)
{
  g_object_unref (chain->self);
  g_ptr_array_unref (chain->messages);
  g_free (chain);
}

static void send_next (SendChain *chain);

static void
on_send_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SendChain *chain = user_data;
  g_autoptr(GError) error = NULL;

  if (!sl_tcp_client_send_finish (SL_TCP_CLIENT (object), result, &error))
    {
      SlTcpClientPage *self = chain->self;

      show_gerror (self, error);
      self->sending = FALSE;
      update_actions (self);
      send_chain_free (chain);
      return;
    }

  send_next (chain);
}

/* The struct client's two messages go out one after the other */
static void
send_next (SendChain *chain)
{
  SlTcpClientPage *self = chain->self;

  if (chain->next >= chain->messages->len)
    {
      self->sending = FALSE;
      update_actions (self);
      send_chain_free (chain);
      return;
    }

  sl_tcp_client_send_async (self->client,
                            g_ptr_array_index (chain->messages, chain->next++),
                            self->cancellable, on_send_ready, chain);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlTcpClientPage *self = SL_TCP_CLIENT_PAGE (widget);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  clear_error (self);
  messages = sl_payload_editor_build (self->payload_editor, &error);
  if (messages == NULL)
    {
      show_gerror (self, error);
      return;
    }

  if (is_persistent (self))
    {
      SendChain *chain;

      if (self->cancellable == NULL)
        self->cancellable = g_cancellable_new ();

      chain = g_new0 (SendChain, 1);
      chain->self = g_object_ref (self);
      chain->messages = g_steal_pointer (&messages);
      self->sending = TRUE;
      update_actions (self);
      send_next (chain);
    }
  else
    {
      g_autofree char *host = dup_host (self);

      renew_cancellable (self);
      self->exchanging = TRUE;
      update_actions (self);
      sl_tcp_client_exchange_async (self->client, host,
                                    (guint16) gtk_spin_button_get_value_as_int (self->port_spin),
                                    (guint) gtk_spin_button_get_value_as_int (self->timeout_spin),
                                    messages, self->cancellable,
                                    on_exchange_ready, g_object_ref (self));
    }
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlTcpClientPage *self = SL_TCP_CLIENT_PAGE (widget);

  sl_event_log_clear (self->log);
  clear_error (self);
  self->have_sent_number = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->number_game_label), FALSE);
}

static void
on_host_entry_activate (SlTcpClientPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self),
                              is_persistent (self) ? "page.connect" : "page.send",
                              NULL);
}

static void
on_persistent_check_toggled (SlTcpClientPage *self)
{
  /* leaving persistent mode closes the connection it kept */
  if (!is_persistent (self) && !self->exchanging
      && sl_tcp_client_get_state (self->client) != SL_TCP_CLIENT_DISCONNECTED)
    stop (self);
  update_actions (self);
}

static void
sl_tcp_client_page_apply_launch_options (SlPage                *page,
                                         const SlLaunchOptions *options)
{
  SlTcpClientPage *self = SL_TCP_CLIENT_PAGE (page);

  if (options->tcp_client == NULL)
    return;

  stop (self);
  gtk_editable_set_text (GTK_EDITABLE (self->host_entry), options->tcp_client->host);
  gtk_spin_button_set_value (self->port_spin, options->tcp_client->port);
  gtk_check_button_set_active (self->persistent_check, TRUE);
  start_connect (self);
}

static void
sl_tcp_client_page_stop_all (SlPage *page)
{
  stop (SL_TCP_CLIENT_PAGE (page));
}

static void
sl_tcp_client_page_dispose (GObject *object)
{
  SlTcpClientPage *self = SL_TCP_CLIENT_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->client != NULL)
    sl_tcp_client_disconnect (self->client);

  G_OBJECT_CLASS (sl_tcp_client_page_parent_class)->dispose (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->log);
  g_clear_object (&self->settings);
}

static void
sl_tcp_client_page_class_init (SlTcpClientPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SlPageClass *page_class = SL_PAGE_CLASS (klass);

  object_class->dispose = sl_tcp_client_page_dispose;
  page_class->apply_launch_options = sl_tcp_client_page_apply_launch_options;
  page_class->stop_all = sl_tcp_client_page_stop_all;

  g_type_ensure (SL_TYPE_PAYLOAD_EDITOR);
  g_type_ensure (SL_TYPE_TRANSCRIPT_VIEW);
  g_type_ensure (SL_TYPE_EVENT_LOG_VIEW);

  gtk_widget_class_install_action (widget_class, "page.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "page.disconnect", NULL, disconnect_action);
  gtk_widget_class_install_action (widget_class, "page.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "page.clear", NULL, clear_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "page.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "page.send", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketlab/SocketLab/sl-tcp-client-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, paned);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, controls_scroller);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, controls_box);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, address_grid);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, host_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, host_entry);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, port_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, port_spin);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, timeout_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, mode_box);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, oneshot_check);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, persistent_check);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, connect_box);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, disconnect_button);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, payload_editor);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, output_paned);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, received_box);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, received_header);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, received_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, clear_button);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, transcript_view);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, number_game_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, events_box);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, events_label);
  gtk_widget_class_bind_template_child (widget_class, SlTcpClientPage, event_log_view);
  gtk_widget_class_bind_template_callback (widget_class, on_host_entry_activate);
}

static void
sl_tcp_client_page_init (SlTcpClientPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->log = sl_event_log_new ();
  sl_page_add_event_log (SL_PAGE (self), self->log);
  self->client = sl_tcp_client_new (self->log);

  sl_transcript_view_set_model (self->transcript_view, G_LIST_MODEL (self->log));
  sl_event_log_view_set_model (self->event_log_view, G_LIST_MODEL (self->log));

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "tcp-client-host", self->host_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "tcp-client-port", self->port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "tcp-client-timeout", self->timeout_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "tcp-client-persistent", self->persistent_check, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "tcp-client-persistent", self->oneshot_check, "active",
                   G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_INVERT_BOOLEAN);
  g_settings_bind (self->settings, "tcp-client-view", self->transcript_view, "mode", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "tcp-client-decode-format", self->transcript_view, "struct-format",
                   G_SETTINGS_BIND_DEFAULT);
  sl_payload_editor_bind_settings (self->payload_editor, self->settings, "tcp-client");

  g_signal_connect_object (self->client, "notify::state",
                           G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "notify::connection",
                           G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->log, "items-changed",
                           G_CALLBACK (on_log_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->host_entry, "changed",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->persistent_check, "toggled",
                           G_CALLBACK (on_persistent_check_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->payload_editor, "notify::valid",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);

  update_status (self);
}

GtkWidget *
sl_tcp_client_page_new (void)
{
  return g_object_new (SL_TYPE_TCP_CLIENT_PAGE,
                       "name", "tcp-client",
                       "title", _("TCP Client"),
                       "icon-name", "network-transmit-receive-symbolic",
                       NULL);
}
