/* sl-udp-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The UDP page drives one SlUdpSocket: a form to bind it (address, port,
 * reply mode, SO_BROADCAST), a form to send one datagram with the shared
 * payload editor, the list of received datagrams with their source, the
 * selected one shown as text, hex or a struct decode, and the socket calls.
 * The page owns the socket and its SlEventLog; everything it shows comes
 * from the log, which the engine fills from the network thread.
 *
 * Send works without Bind, as sendto() on a fresh Python socket does: the
 * page binds the chosen address with port 0 first, then sends. It binds
 * the chosen address and not the wildcard, so that nothing is exposed to
 * the network unless the student chose it. */

#include "config.h"

#define G_LOG_DOMAIN "sl-udp-page"

#include <glib/gi18n.h>
#include <string.h>

#include "sl-local-addresses.h"
#include "sl-payload.h"
#include "sl-server-form.h"
#include "sl-udp-page-private.h"

G_DEFINE_FINAL_TYPE (SlUdpPage, sl_udp_page, SL_TYPE_PAGE)

/* What a Send waits for while Send binds first */
typedef struct
{
  SlUdpPage *self;
  char *host;
  guint16 port;
  GPtrArray *messages;          /* GBytes, NULL for a plain Bind */
} BindData;

static void
bind_data_free (BindData *data)
{
  g_object_unref (data->self);
  g_free (data->host);
  g_clear_pointer (&data->messages, g_ptr_array_unref);
  g_free (data);
}

static void
show_error (SlUdpPage  *self,
            const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
dup_host (SlUdpPage *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_entry))));
}

static void
update_actions (SlUdpPage *self)
{
  g_autofree char *host = NULL;
  gboolean bound;

  /* a bind may finish after dispose */
  if (self->socket == NULL)
    return;

  bound = sl_udp_socket_get_bound (self->socket);
  host = dup_host (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.bind", self->binding == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.close", bound || self->binding > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.send",
                                 self->binding == 0 && host[0] != '\0' &&
                                 sl_payload_editor_get_valid (self->payload_editor));
}

static void
update_status (SlUdpPage *self)
{
  if (self->socket == NULL)
    return;

  if (sl_udp_socket_get_bound (self->socket))
    {
      g_autofree char *text = NULL;

      /* Translators: "Bound to 127.0.0.1 port 49002: …"; the port is the
       * real one, also when the system chose it */
      text = g_strdup_printf (_("Bound to %s port %u: waiting for datagrams."),
                              sl_udp_socket_get_address (self->socket),
                              (guint) sl_udp_socket_get_port (self->socket));
      gtk_label_set_text (self->status_label, text);
    }
  else if (self->binding > 0)
    gtk_label_set_text (self->status_label, _("Binding…"));
  else
    gtk_label_set_text (self->status_label, _("Not bound: no datagram can reach this socket yet."));

  sl_page_set_running (SL_PAGE (self), sl_udp_socket_get_bound (self->socket));
  update_actions (self);
}

/* Reply settings from the form; NULL with a message when the text is wrong */
static SlReplyConfig *
build_reply (SlUdpPage *self)
{
  g_autoptr(GError) error = NULL;
  SlReplyConfig *reply;

  reply = sl_reply_form_build (sl_reply_dropdown_get_mode (self->reply_dropdown),
                               gtk_editable_get_text (GTK_EDITABLE (self->reply_text_entry)),
                               FALSE,
                               gtk_editable_get_text (GTK_EDITABLE (self->name_entry)),
                               &error);
  if (reply == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s explains what is wrong in the reply text */
      message = g_strdup_printf (_("The reply text is not valid: %s"), error->message);
      show_error (self, message);
    }
  return reply;
}

static void
send_messages (SlUdpPage *self,
               const char *host,
               guint16     port,
               GPtrArray  *messages)
{
  guint i;

  for (i = 0; i < messages->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!sl_udp_socket_send (self->socket, host, port, g_ptr_array_index (messages, i), &error))
        {
          show_error (self, error->message);
          return;
        }
    }
}

static void
on_bind_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BindData *data = user_data;
  SlUdpPage *self = data->self;
  g_autoptr(GError) error = NULL;

  sl_udp_socket_bind_finish (SL_UDP_SOCKET (object), result, &error);
  self->binding--;

  if (self->socket == NULL)
    {
      bind_data_free (data);
      return;
    }

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
    }
  else if (data->messages != NULL && !g_cancellable_is_cancelled (self->cancellable))
    {
      send_messages (self, data->host, data->port, data->messages);
    }

  update_status (self);
  bind_data_free (data);
}

static void
start_bind (SlUdpPage           *self,
            const char          *address,
            guint16              port,
            const SlReplyConfig *reply,
            const char          *send_host,
            guint16              send_port,
            GPtrArray           *messages)
{
  BindData *data = g_new0 (BindData, 1);

  data->self = g_object_ref (self);
  data->host = g_strdup (send_host);
  data->port = send_port;
  data->messages = messages != NULL ? g_ptr_array_ref (messages) : NULL;

  self->binding++;
  sl_udp_socket_bind_async (self->socket, address, port, reply,
                            self->cancellable, on_bind_ready, data);
  update_status (self);
}

static void
bind_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlUdpPage *self = SL_UDP_PAGE (widget);
  g_autoptr(SlReplyConfig) reply = NULL;

  show_error (self, NULL);
  gtk_spin_button_update (self->port_spin);

  reply = build_reply (self);
  if (reply == NULL)
    return;

  start_bind (self, sl_address_dropdown_get_address (self->address_dropdown),
              (guint16) gtk_spin_button_get_value_as_int (self->port_spin),
              reply, NULL, 0, NULL);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlUdpPage *self = SL_UDP_PAGE (widget);

  /* a bind still on its way would open the socket again */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  sl_udp_socket_close (self->socket);
  update_status (self);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlUdpPage *self = SL_UDP_PAGE (widget);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = dup_host (self);
  guint16 port;

  show_error (self, NULL);
  gtk_spin_button_update (self->send_port_spin);
  port = (guint16) gtk_spin_button_get_value_as_int (self->send_port_spin);

  messages = sl_payload_editor_build (self->payload_editor, &error);
  if (messages == NULL)
    {
      show_error (self, error->message);
      return;
    }

  if (sl_udp_socket_get_bound (self->socket))
    {
      send_messages (self, host, port, messages);
    }
  else
    {
      g_autoptr(SlReplyConfig) reply = build_reply (self);

      if (reply == NULL)
        return;

      /* like sendto() on an unbound socket: the system chooses the port */
      start_bind (self, sl_address_dropdown_get_address (self->address_dropdown), 0,
                  reply, host, port, messages);
    }
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlUdpPage *self = SL_UDP_PAGE (widget);

  sl_event_log_clear (self->log);
  show_error (self, NULL);
}

/* Errors reach the page through the log, also those found later on the
 * network thread (an ICMP port unreachable, a host that does not resolve) */
static void
on_log_items_changed (SlUdpPage  *self,
                      guint       position,
                      guint       removed,
                      guint       added,
                      GListModel *model)
{
  guint i;

  for (i = position; i < position + added; i++)
    {
      g_autoptr(SlEvent) event = g_list_model_get_item (model, i);

      if (event != NULL && sl_event_get_kind (event) == SL_EVENT_ERROR &&
          sl_event_get_message (event) != NULL)
        show_error (self, sl_event_get_message (event));
    }
}

/* Form callbacks */

static void
on_address_dropdown_selected_changed (SlUdpPage *self)
{
  gtk_label_set_text (self->address_explanation_label,
                      sl_address_dropdown_get_explanation (self->address_dropdown));
  if (gtk_drop_down_get_selected_item (self->address_dropdown) != NULL && self->settings != NULL)
    g_settings_set_string (self->settings, "udp-address",
                           sl_address_dropdown_get_address (self->address_dropdown));
}

/* A bound socket takes a new reply mode at once: each datagram is its own
 * exchange, there is nothing to restart */
static void
on_reply_settings_changed (SlUdpPage *self)
{
  g_autoptr(SlReplyConfig) reply = NULL;

  if (self->socket == NULL || !sl_udp_socket_get_bound (self->socket))
    return;

  show_error (self, NULL);
  reply = build_reply (self);
  if (reply != NULL)
    sl_udp_socket_set_reply (self->socket, reply);
}

static void
on_reply_dropdown_selected_changed (SlUdpPage *self)
{
  SlReplyMode mode = sl_reply_dropdown_get_mode (self->reply_dropdown);
  gboolean is_text = mode == SL_REPLY_TEXT;
  gboolean is_game = mode == SL_REPLY_NUMBER_GAME;

  gtk_widget_set_visible (GTK_WIDGET (self->reply_text_label), is_text);
  gtk_widget_set_visible (GTK_WIDGET (self->reply_text_entry), is_text);
  gtk_widget_set_visible (GTK_WIDGET (self->name_label), is_game);
  gtk_widget_set_visible (GTK_WIDGET (self->name_entry), is_game);
  gtk_label_set_text (self->reply_hint_label, sl_reply_mode_get_hint (mode, TRUE));

  on_reply_settings_changed (self);
}

static void
on_broadcast_switch_active_changed (SlUdpPage *self)
{
  if (self->socket != NULL)
    sl_udp_socket_set_broadcast (self->socket, gtk_switch_get_active (self->broadcast_switch));
}

static void
on_host_entry_activate (SlUdpPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "page.send", NULL);
}

/* SlPage */

static void
show_reply_in_form (SlUdpPage           *self,
                    const SlReplyConfig *reply)
{
  gtk_drop_down_set_selected (self->reply_dropdown, (guint) reply->mode);
  if (reply->mode == SL_REPLY_TEXT && reply->text != NULL)
    {
      g_autofree char *escaped = sl_payload_escape ((const guint8 *) reply->text, strlen (reply->text));

      gtk_editable_set_text (GTK_EDITABLE (self->reply_text_entry), escaped);
    }
  else if (reply->mode == SL_REPLY_NUMBER_GAME && reply->server_name != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), reply->server_name);
    }
}

static void
sl_udp_page_apply_launch_options (SlPage                *page,
                                  const SlLaunchOptions *options)
{
  SlUdpPage *self = SL_UDP_PAGE (page);
  g_autoptr(SlReplyConfig) form_reply = NULL;
  const SlReplyConfig *reply = options->reply;
  const char *host;

  if (options->udp == NULL)
    return;

  host = options->udp->host != NULL ? options->udp->host : "127.0.0.1";
  sl_address_dropdown_select (self->address_dropdown, host);
  gtk_spin_button_set_value (self->port_spin, options->udp->port);

  /* the form shows what the socket does, so that changing it later starts
   * from there */
  if (reply != NULL)
    show_reply_in_form (self, reply);
  else
    {
      form_reply = build_reply (self);
      if (form_reply == NULL)
        form_reply = sl_reply_config_new (SL_REPLY_NONE);
      reply = form_reply;
    }

  start_bind (self, host, options->udp->port, reply, NULL, 0, NULL);
}

static void
sl_udp_page_stop_all (SlPage *page)
{
  SlUdpPage *self = SL_UDP_PAGE (page);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->socket != NULL)
    {
      sl_udp_socket_close (self->socket);
      update_status (self);
    }
}

static void
sl_udp_page_dispose (GObject *object)
{
  SlUdpPage *self = SL_UDP_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->socket != NULL)
    sl_udp_socket_close (self->socket);
  sl_udp_page_datagrams_stop (self);

  G_OBJECT_CLASS (sl_udp_page_parent_class)->dispose (object);

  sl_udp_page_datagrams_clear (self);
  g_clear_object (&self->addresses);
  g_clear_object (&self->socket);
  g_clear_object (&self->log);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
}

static void
sl_udp_page_class_init (SlUdpPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SlPageClass *page_class = SL_PAGE_CLASS (klass);

  object_class->dispose = sl_udp_page_dispose;
  page_class->apply_launch_options = sl_udp_page_apply_launch_options;
  page_class->stop_all = sl_udp_page_stop_all;

  g_type_ensure (SL_TYPE_PAYLOAD_EDITOR);
  g_type_ensure (SL_TYPE_TRANSCRIPT_VIEW);
  g_type_ensure (SL_TYPE_EVENT_LOG_VIEW);

  gtk_widget_class_install_action (widget_class, "page.bind", NULL, bind_action);
  gtk_widget_class_install_action (widget_class, "page.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "page.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "page.clear", NULL, clear_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "page.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "page.send", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketlab/SocketLab/sl-udp-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, paned);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, address_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, address_explanation_label);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, port_spin);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, reply_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, reply_text_label);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, reply_text_entry);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, reply_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, broadcast_switch);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, bind_button);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, close_button);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, host_entry);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, send_port_spin);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, payload_editor);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, no_datagrams_label);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, datagrams_scroller);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, datagrams_view);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, detail_heading);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, detail_view);
  gtk_widget_class_bind_template_child (widget_class, SlUdpPage, event_log_view);
  gtk_widget_class_bind_template_callback (widget_class, on_address_dropdown_selected_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_reply_dropdown_selected_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_reply_settings_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_host_entry_activate);
}

static void
bind_settings (SlUdpPage *self)
{
  g_autofree char *address = NULL;

  g_settings_bind (self->settings, "udp-port", self->port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  sl_reply_dropdown_bind_settings (self->reply_dropdown, self->settings, "udp-reply-mode");
  g_settings_bind (self->settings, "udp-reply-text", self->reply_text_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "udp-server-name", self->name_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "udp-broadcast", self->broadcast_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "udp-send-host", self->host_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "udp-send-port", self->send_port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "udp-view", self->detail_view, "mode", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "udp-decode-format", self->detail_view, "struct-format",
                   G_SETTINGS_BIND_DEFAULT);
  sl_payload_editor_bind_settings (self->payload_editor, self->settings, "udp");

  address = g_settings_get_string (self->settings, "udp-address");
  sl_address_dropdown_select (self->address_dropdown, address);
}

static void
sl_udp_page_init (SlUdpPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->log = sl_event_log_new ();
  sl_page_add_event_log (SL_PAGE (self), self->log);
  self->socket = sl_udp_socket_new (self->log);

  self->addresses = sl_local_addresses_list ();
  sl_address_dropdown_setup (self->address_dropdown, self->addresses);
  sl_reply_dropdown_setup (self->reply_dropdown);

  sl_udp_page_datagrams_init (self);
  sl_event_log_view_set_model (self->event_log_view, G_LIST_MODEL (self->log));

  self->settings = g_settings_new (APPLICATION_ID);
  bind_settings (self);

  g_signal_connect_object (self->socket, "notify::bound", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->socket, "notify::port", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->log, "items-changed", G_CALLBACK (on_log_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->host_entry, "changed", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->payload_editor, "notify::valid", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->broadcast_switch, "notify::active",
                           G_CALLBACK (on_broadcast_switch_active_changed), self, G_CONNECT_SWAPPED);

  sl_udp_socket_set_broadcast (self->socket, gtk_switch_get_active (self->broadcast_switch));
  on_address_dropdown_selected_changed (self);
  on_reply_dropdown_selected_changed (self);
  update_status (self);
}

GtkWidget *
sl_udp_page_new (void)
{
  return g_object_new (SL_TYPE_UDP_PAGE,
                       "name", "udp",
                       "title", _("UDP"),
                       "icon-name", "mail-send-symbolic",
                       NULL);
}
