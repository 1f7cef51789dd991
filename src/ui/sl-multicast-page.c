/* sl-multicast-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The multicast chat page: a form for the group (checked as it is typed,
 * with a word on its scope), port, interface, TTL, loopback, name and
 * message format; Join and Leave; the chat, worded like the course's chat
 * program; the groups this computer has joined; and the socket calls.
 * The page owns one SlMulticastChat and its SlEventLog. The engine does
 * the networking on the network thread and reports through the log, which
 * the transcript filters (sl-multicast-page-chat.c). Leaving, closing the
 * window or disposing the page sends the course chat's L. */

#include "config.h"

#define G_LOG_DOMAIN "sl-multicast-page"

#include <glib/gi18n.h>

#include "sl-multicast-page-private.h"
#include "sl-server-form.h"

/* /proc is cheap to read; a few seconds is soon enough for a student who
 * joins with mcc.py in a terminal and looks here */
#define MEMBERSHIPS_REFRESH_SECONDS 3

G_DEFINE_FINAL_TYPE (SlMulticastPage, sl_multicast_page, SL_TYPE_PAGE)

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static SlChatFormat
get_format (SlMulticastPage *self)
{
  return gtk_drop_down_get_selected (self->format_dropdown) == SL_CHAT_FORMAT_TEXT
         ? SL_CHAT_FORMAT_TEXT : SL_CHAT_FORMAT_MCC;
}

gboolean
sl_multicast_page_is_joined (SlMulticastPage *self)
{
  return self->chat != NULL && sl_multicast_chat_get_joined (self->chat);
}

static char *
dup_group (SlMulticastPage *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->group_entry))));
}

static void
update_actions (SlMulticastPage *self)
{
  gboolean joined = sl_multicast_page_is_joined (self);
  gboolean text_format = get_format (self) == SL_CHAT_FORMAT_TEXT;
  const char *message = gtk_editable_get_text (GTK_EDITABLE (self->message_entry));
  g_autofree char *group = dup_group (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.join",
                                 !joined && !self->joining
                                 && sl_multicast_group_check (group, NULL, NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.leave", joined || self->joining);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.say", joined && message[0] != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.send-bytes",
                                 joined && text_format
                                 && sl_payload_editor_get_valid (self->payload_editor));
}

static void
update_form (SlMulticastPage *self)
{
  gboolean editable = !sl_multicast_page_is_joined (self) && !self->joining;
  gboolean text_format = get_format (self) == SL_CHAT_FORMAT_TEXT;
  GtkWidget *widgets[] = {
    GTK_WIDGET (self->group_entry),
    GTK_WIDGET (self->group_menu_button),
    GTK_WIDGET (self->port_spin),
    GTK_WIDGET (self->interface_dropdown),
    GTK_WIDGET (self->ttl_spin),
    GTK_WIDGET (self->loopback_switch),
    GTK_WIDGET (self->name_entry),
    GTK_WIDGET (self->format_dropdown),
  };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  guint i;

  /* the socket's options are set before it joins; the reply mode applies
   * at once and stays editable. GTK 4.6 and 4.8 keep a focused entry's
   * cursor blinking when it becomes insensitive (a warning at the next
   * blink): move the focus first, to where the student types next. */
  for (i = 0; i < G_N_ELEMENTS (widgets); i++)
    {
      if (!editable && focus != NULL
          && (focus == widgets[i] || gtk_widget_is_ancestor (focus, widgets[i])))
        gtk_widget_grab_focus (GTK_WIDGET (self->message_entry));
    }
  for (i = 0; i < G_N_ELEMENTS (widgets); i++)
    gtk_widget_set_sensitive (widgets[i], editable);

  if (text_format)
    gtk_label_set_text (self->format_hint_label,
                        _("Each datagram is the UTF-8 text itself; the sender is shown by its address. The course’s receivers answer “ack” by unicast."));
  else
    gtk_label_set_text (self->format_hint_label,
                        _("Speaks with the course’s mcc.py: every message is a Python pickle of ['J', name], ['S', name, text] or ['L', name]."));

  /* mcc.py only sends valid chat messages: no replies, no raw bytes */
  gtk_widget_set_visible (GTK_WIDGET (self->reply_label), text_format);
  gtk_widget_set_visible (GTK_WIDGET (self->reply_dropdown), text_format);
  gtk_widget_set_visible (GTK_WIDGET (self->reply_hint_label), text_format);
  gtk_widget_set_visible (GTK_WIDGET (self->bytes_expander), text_format);

  update_actions (self);
}

static void
update_status (SlMulticastPage *self)
{
  if (sl_multicast_page_is_joined (self))
    {
      const char *interface = sl_multicast_chat_get_interface (self->chat);
      g_autofree char *port = g_strdup_printf ("%u", sl_multicast_chat_get_port (self->chat));
      g_autofree char *text = NULL;

      if (interface != NULL)
        /* Translators: "Joined 225.0.0.250 on port 8123, interface eth0." */
        text = g_strdup_printf (_("Joined %s on port %s, interface %s."),
                                sl_multicast_chat_get_group (self->chat), port, interface);
      else
        /* Translators: "Joined 225.0.0.250 on port 8123." */
        text = g_strdup_printf (_("Joined %s on port %s; the system chose the interface."),
                                sl_multicast_chat_get_group (self->chat), port);
      gtk_label_set_text (self->status_label, text);
    }
  else if (self->joining)
    {
      gtk_label_set_text (self->status_label, _("Joining…"));
    }
  else
    {
      gtk_label_set_text (self->status_label, _("Not in a group. Join to receive the group’s messages."));
    }
}

/* Where the keyboard goes next: after joining, to the message; after
 * leaving, back to Join. Also keeps the focus off widgets that become
 * insensitive, which GTK 4.6 handles badly. */
static void
move_focus (SlMulticastPage *self,
            gboolean         joined)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return;

  if (joined)
    gtk_widget_grab_focus (GTK_WIDGET (self->message_entry));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->join_button));
}

static void
on_joined_changed (SlMulticastPage *self)
{
  gboolean joined = sl_multicast_page_is_joined (self);

  sl_page_set_running (SL_PAGE (self), joined);
  update_status (self);
  update_form (self);
  if (!self->joining)
    move_focus (self, joined);
  sl_multicast_page_refresh_memberships (self);
}

/* Reply settings from the form; NULL with @error when the text is wrong */
static SlReplyConfig *
build_reply (SlMulticastPage  *self,
             GError          **error)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));

  /* in the number game, the chat name is the server's name */
  return sl_reply_form_build (sl_reply_dropdown_get_mode (self->reply_dropdown),
                              gtk_editable_get_text (GTK_EDITABLE (self->reply_text_entry)),
                              FALSE, name, error);
}

static void
on_reply_changed (SlMulticastPage *self)
{
  SlReplyMode mode = sl_reply_dropdown_get_mode (self->reply_dropdown);
  gboolean is_text = mode == SL_REPLY_TEXT && get_format (self) == SL_CHAT_FORMAT_TEXT;
  g_autoptr(SlReplyConfig) reply = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->reply_text_label), is_text);
  gtk_widget_set_visible (GTK_WIDGET (self->reply_text_entry), is_text);
  gtk_label_set_text (self->reply_hint_label, sl_reply_mode_get_hint (mode, TRUE));

  /* the reply applies at once, also while joined */
  reply = build_reply (self, &error);
  if (reply != NULL && self->chat != NULL)
    sl_multicast_chat_set_reply (self->chat, reply);
}

static void
on_format_dropdown_selected_changed (SlMulticastPage *self)
{
  update_form (self);
  on_reply_changed (self);
}

static void
on_form_changed (SlMulticastPage *self)
{
  show_error (self->error_label, NULL);
  update_actions (self);
}

static void
on_group_entry_changed (SlMulticastPage *self)
{
  g_autofree char *group = dup_group (self);
  g_autofree char *scope = NULL;
  g_autoptr(GError) error = NULL;

  if (group[0] != '\0' && !sl_multicast_group_check (group, NULL, &error))
    show_error (self->group_error_label, error->message);
  else
    show_error (self->group_error_label, NULL);

  scope = sl_multicast_group_describe_scope (group);
  gtk_label_set_text (self->scope_label, scope);
  on_form_changed (self);
}

static void
on_group_entry_activate (SlMulticastPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "page.join", NULL);
}

typedef struct
{
  SlMulticastPage *self;
  GCancellable *cancellable;
} JoinData;

static void
on_join_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  JoinData *data = user_data;
  g_autoptr(SlMulticastPage) self = data->self;
  g_autoptr(GCancellable) cancellable = data->cancellable;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_free (data);
  ok = sl_multicast_chat_join_finish (SL_MULTICAST_CHAT (source), result, &error);

  /* a join that Leave cancelled, perhaps followed by another one, or a
   * page disposed meanwhile */
  if (cancellable != self->cancellable || self->chat == NULL)
    return;

  if (ok)
    show_error (self->error_label, NULL);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self->error_label, error->message);

  self->joining = FALSE;
  on_joined_changed (self);
}

void
sl_multicast_page_join (SlMulticastPage *self)
{
  g_autofree char *group = dup_group (self);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  g_autoptr(SlReplyConfig) reply = NULL;
  g_autoptr(GError) error = NULL;
  SlChatFormat format = get_format (self);
  JoinData *data;

  if (sl_multicast_page_is_joined (self) || self->joining)
    return;

  if (!sl_multicast_group_check (group, NULL, &error))
    {
      show_error (self->error_label, error->message);
      return;
    }

  if (format == SL_CHAT_FORMAT_MCC && name[0] == '\0')
    {
      show_error (self->error_label, _("Type a name first: the course chat sends it with every message."));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
      return;
    }

  reply = build_reply (self, &error);
  if (reply == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s explains what is wrong in the reply text */
      message = g_strdup_printf (_("The reply text is not valid: %s"), error->message);
      show_error (self->error_label, message);
      return;
    }

  gtk_spin_button_update (self->port_spin);
  gtk_spin_button_update (self->ttl_spin);

  sl_multicast_chat_set_format (self->chat, format);
  sl_multicast_chat_set_name (self->chat, name);
  sl_multicast_chat_set_interface (self->chat, sl_multicast_page_get_interface (self));
  sl_multicast_chat_set_ttl (self->chat, (guint) gtk_spin_button_get_value_as_int (self->ttl_spin));
  sl_multicast_chat_set_loopback (self->chat, gtk_switch_get_active (self->loopback_switch));
  sl_multicast_chat_set_reply (self->chat, reply);

  show_error (self->error_label, NULL);
  show_error (self->send_error_label, NULL);
  self->joining = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  data = g_new0 (JoinData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  sl_multicast_chat_join_async (self->chat, group,
                                (guint16) gtk_spin_button_get_value_as_int (self->port_spin),
                                self->cancellable, on_join_ready, data);
  update_status (self);
  update_form (self);
}

void
sl_multicast_page_leave (SlMulticastPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chat == NULL)
    return;

  sl_multicast_chat_leave (self->chat);
  if (self->joining)
    {
      self->joining = FALSE;
      on_joined_changed (self);
    }
}

static void
join_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sl_multicast_page_join (SL_MULTICAST_PAGE (widget));
}

static void
leave_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  sl_multicast_page_leave (SL_MULTICAST_PAGE (widget));
}

static void
say_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SlMulticastPage *self = SL_MULTICAST_PAGE (widget);
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->message_entry)));
  g_autoptr(GError) error = NULL;

  if (text[0] == '\0')
    return;

  if (!sl_multicast_chat_say (self->chat, text, &error))
    {
      show_error (self->send_error_label, error->message);
      return;
    }

  show_error (self->send_error_label, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->message_entry), "");
}

static void
send_bytes_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlMulticastPage *self = SL_MULTICAST_PAGE (widget);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  guint i;

  messages = sl_payload_editor_build (self->payload_editor, &error);
  if (messages == NULL)
    {
      show_error (self->send_error_label, error->message);
      return;
    }

  for (i = 0; i < messages->len; i++)
    {
      if (!sl_multicast_chat_send_bytes (self->chat, g_ptr_array_index (messages, i), &error))
        {
          show_error (self->send_error_label, error->message);
          return;
        }
    }

  show_error (self->send_error_label, NULL);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlMulticastPage *self = SL_MULTICAST_PAGE (widget);

  sl_event_log_clear (self->log);
  show_error (self->error_label, NULL);
  show_error (self->send_error_label, NULL);
}

static void
use_preset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlMulticastPage *self = SL_MULTICAST_PAGE (widget);
  const char *preset = g_variant_get_string (parameter, NULL);

  if (sl_multicast_page_is_joined (self) || self->joining)
    return;

  if (g_str_equal (preset, "mcc-ipv6") || g_str_equal (preset, "mcc-ipv4"))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->group_entry),
                             g_str_equal (preset, "mcc-ipv6")
                             ? SL_MULTICAST_DEFAULT_GROUP_V6 : SL_MULTICAST_DEFAULT_GROUP_V4);
      gtk_spin_button_set_value (self->port_spin, SL_MULTICAST_DEFAULT_PORT);
      gtk_spin_button_set_value (self->ttl_spin, SL_MULTICAST_DEFAULT_TTL);
      gtk_drop_down_set_selected (self->format_dropdown, SL_CHAT_FORMAT_MCC);
    }
  else if (g_str_equal (preset, "ack-ipv4"))
    {
      /* the course's exercise: receivers answer ack by unicast */
      gtk_editable_set_text (GTK_EDITABLE (self->group_entry), "224.1.1.1");
      gtk_spin_button_set_value (self->port_spin, 49003);
      gtk_spin_button_set_value (self->ttl_spin, 2);
      gtk_drop_down_set_selected (self->format_dropdown, SL_CHAT_FORMAT_TEXT);
      gtk_drop_down_set_selected (self->reply_dropdown, SL_REPLY_TEXT);
      gtk_editable_set_text (GTK_EDITABLE (self->reply_text_entry), "ack");
    }
}

static void
on_message_entry_activate (SlMulticastPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "page.say", NULL);
}

static void
on_message_entry_changed (SlMulticastPage *self)
{
  show_error (self->send_error_label, NULL);
  update_actions (self);
}

/* While the page is shown, the memberships list follows /proc */

static gboolean
memberships_timeout (gpointer user_data)
{
  sl_multicast_page_refresh_memberships (SL_MULTICAST_PAGE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
sl_multicast_page_map (GtkWidget *widget)
{
  SlMulticastPage *self = SL_MULTICAST_PAGE (widget);

  GTK_WIDGET_CLASS (sl_multicast_page_parent_class)->map (widget);

  if (!sl_multicast_page_is_joined (self) && !self->joining)
    sl_multicast_page_refresh_interfaces (self);
  sl_multicast_page_refresh_memberships (self);
  if (self->memberships_timeout_id == 0)
    self->memberships_timeout_id = g_timeout_add_seconds (MEMBERSHIPS_REFRESH_SECONDS, memberships_timeout, self);
}

static void
sl_multicast_page_unmap (GtkWidget *widget)
{
  SlMulticastPage *self = SL_MULTICAST_PAGE (widget);

  g_clear_handle_id (&self->memberships_timeout_id, g_source_remove);

  GTK_WIDGET_CLASS (sl_multicast_page_parent_class)->unmap (widget);
}

/* SlPage */

static void
sl_multicast_page_apply_launch_options (SlPage                *page,
                                        const SlLaunchOptions *options)
{
  sl_multicast_page_apply_options (SL_MULTICAST_PAGE (page), options);
}

static void
sl_multicast_page_stop_all (SlPage *page)
{
  sl_multicast_page_leave (SL_MULTICAST_PAGE (page));
}

static void
sl_multicast_page_dispose (GObject *object)
{
  SlMulticastPage *self = SL_MULTICAST_PAGE (object);

  /* the course chat's goodbye */
  sl_multicast_page_leave (self);
  g_clear_handle_id (&self->memberships_timeout_id, g_source_remove);
  sl_multicast_page_dispose_transcript (self);

  G_OBJECT_CLASS (sl_multicast_page_parent_class)->dispose (object);

  g_clear_object (&self->interfaces);
  g_clear_object (&self->chat);
  g_clear_object (&self->log);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->memberships_snapshot, g_strfreev);
}

static void
sl_multicast_page_class_init (SlMulticastPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SlPageClass *page_class = SL_PAGE_CLASS (klass);

  object_class->dispose = sl_multicast_page_dispose;
  widget_class->map = sl_multicast_page_map;
  widget_class->unmap = sl_multicast_page_unmap;
  page_class->apply_launch_options = sl_multicast_page_apply_launch_options;
  page_class->stop_all = sl_multicast_page_stop_all;

  g_type_ensure (SL_TYPE_PAYLOAD_EDITOR);
  g_type_ensure (SL_TYPE_EVENT_LOG_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/socketlab/SocketLab/sl-multicast-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, group_entry);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, group_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, group_error_label);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, scope_label);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, port_spin);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, interface_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, ttl_spin);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, loopback_switch);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, format_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, format_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, reply_label);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, reply_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, reply_text_label);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, reply_text_entry);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, reply_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, join_button);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, leave_button);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, memberships_box);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, transcript_scroller);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, transcript_view);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, message_entry);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, say_button);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, send_error_label);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, bytes_expander);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, payload_editor);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, send_bytes_button);
  gtk_widget_class_bind_template_child (widget_class, SlMulticastPage, event_log_view);
  gtk_widget_class_bind_template_callback (widget_class, on_group_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_group_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_format_dropdown_selected_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_reply_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_message_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_message_entry_changed);

  gtk_widget_class_install_action (widget_class, "page.join", NULL, join_action);
  gtk_widget_class_install_action (widget_class, "page.leave", NULL, leave_action);
  gtk_widget_class_install_action (widget_class, "page.say", NULL, say_action);
  gtk_widget_class_install_action (widget_class, "page.send-bytes", NULL, send_bytes_action);
  gtk_widget_class_install_action (widget_class, "page.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "page.use-preset", "s", use_preset_action);
}

static void
sl_multicast_page_init (SlMulticastPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  self->log = sl_event_log_new ();
  sl_page_add_event_log (SL_PAGE (self), self->log);
  self->chat = sl_multicast_chat_new (self->log);

  /* Interfaces: Automatic first, then the multicast-capable ones */
  self->interfaces = gtk_string_list_new (NULL);
  sl_multicast_page_refresh_interfaces (self);
  gtk_drop_down_set_model (self->interface_dropdown, G_LIST_MODEL (self->interfaces));

  sl_reply_dropdown_setup (self->reply_dropdown);

  sl_multicast_page_init_transcript (self);

  /* Placeholder of the memberships list */
  {
    GtkWidget *placeholder = gtk_label_new (_("This computer has joined no group."));

    gtk_widget_set_margin_top (placeholder, 6);
    gtk_widget_set_margin_bottom (placeholder, 6);
    gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
    gtk_list_box_set_placeholder (self->memberships_box, placeholder);
  }

  sl_event_log_view_set_model (self->event_log_view, G_LIST_MODEL (self->log));

  g_signal_connect_object (self->chat, "notify::joined",
                           G_CALLBACK (on_joined_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->payload_editor, "notify::valid",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->port_spin, "value-changed",
                           G_CALLBACK (on_form_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->interface_dropdown, "notify::selected",
                           G_CALLBACK (on_form_changed), self, G_CONNECT_SWAPPED);

  sl_multicast_page_bind_settings (self);
  on_group_entry_changed (self);
  on_format_dropdown_selected_changed (self);
  update_status (self);
}

GtkWidget *
sl_multicast_page_new (void)
{
  return g_object_new (SL_TYPE_MULTICAST_PAGE,
                       "name", "multicast",
                       "title", _("Multicast Chat"),
                       "icon-name", "network-workgroup-symbolic",
                       NULL);
}
