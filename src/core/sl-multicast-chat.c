/* sl-multicast-chat.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlMulticastChat owns one UDP socket that joins a multicast group and
 * chats there, in the course's mcc.py format or as plain text. The object,
 * its properties and its API live on the main thread; the socket, its
 * GSource, the membership, the reply configuration and the receive buffer
 * live on the network thread, in an SlChatShared that requests reach with
 * sl_net_thread_invoke(). Everything that happens is appended to the
 * SlEventLog from the network thread. This file is the main half: it
 * checks what the student asked for and encodes the messages (the codec is
 * pure); sl-multicast-chat-net.c holds the socket. */

#include "config.h"

#define G_LOG_DOMAIN "sl-multicast-chat"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-error.h"
#include "sl-format.h"
#include "sl-mcc-codec.h"
#include "sl-multicast-chat-private.h"
#include "sl-net-thread.h"
#include "sl-udp-socket.h"

struct _SlMulticastChat
{
  GObject parent_instance;

  SlChatShared *shared;
  GCancellable *cancellable;

  /* settings for the next join */
  SlChatFormat format;
  char *name;
  char *interface;
  guint ttl;
  gboolean loopback;

  /* as joined */
  gboolean joined;
  char *group;
  guint16 port;
  gboolean is_ipv6;
  SlChatFormat joined_format;
  char *joined_name;
  guint generation;     /* bumped by every join and leave */
};

G_DEFINE_FINAL_TYPE (SlMulticastChat, sl_multicast_chat, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FORMAT,
  PROP_NAME,
  PROP_INTERFACE,
  PROP_TTL,
  PROP_LOOPBACK,
  PROP_JOINED,
  PROP_GROUP,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static guint64 last_id = G_GUINT64_CONSTANT (1) << 41; /* apart from TCP and UDP ids */

static SlChatRequest *
request_new (SlMulticastChat *self)
{
  SlChatRequest *request = g_new0 (SlChatRequest, 1);

  request->shared = sl_chat_shared_ref (self->shared);
  return request;
}

static void
set_joined (SlMulticastChat *self,
            gboolean         joined)
{
  if (self->joined == joined)
    return;

  self->joined = joined;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOINED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
sl_multicast_chat_dispose (GObject *object)
{
  SlMulticastChat *self = (SlMulticastChat *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->shared != NULL)
    {
      SlChatRequest *request = request_new (self);

      /* the network half sends L if it is still joined: closing the page
       * says goodbye. Synchronously (a sendto() and a close(), nothing
       * that waits), so that L leaves even when the app quits right after. */
      sl_net_thread_run_sync (sl_chat_net_leave, request);
      sl_chat_request_free (request);
      g_cancellable_cancel (self->shared->cancellable);
      g_clear_pointer (&self->shared, sl_chat_shared_unref);
    }

  G_OBJECT_CLASS (sl_multicast_chat_parent_class)->dispose (object);
}

static void
sl_multicast_chat_finalize (GObject *object)
{
  SlMulticastChat *self = (SlMulticastChat *) object;

  g_clear_object (&self->cancellable);
  g_free (self->name);
  g_free (self->interface);
  g_free (self->group);
  g_free (self->joined_name);

  G_OBJECT_CLASS (sl_multicast_chat_parent_class)->finalize (object);
}

static void
sl_multicast_chat_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SlMulticastChat *self = SL_MULTICAST_CHAT (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      g_value_set_int (value, self->format);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_INTERFACE:
      g_value_set_string (value, self->interface);
      break;
    case PROP_TTL:
      g_value_set_uint (value, self->ttl);
      break;
    case PROP_LOOPBACK:
      g_value_set_boolean (value, self->loopback);
      break;
    case PROP_JOINED:
      g_value_set_boolean (value, self->joined);
      break;
    case PROP_GROUP:
      g_value_set_string (value, sl_multicast_chat_get_group (self));
      break;
    case PROP_PORT:
      g_value_set_uint (value, sl_multicast_chat_get_port (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_multicast_chat_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SlMulticastChat *self = SL_MULTICAST_CHAT (object);

  switch (prop_id)
    {
    case PROP_FORMAT:
      sl_multicast_chat_set_format (self, g_value_get_int (value));
      break;
    case PROP_NAME:
      sl_multicast_chat_set_name (self, g_value_get_string (value));
      break;
    case PROP_INTERFACE:
      sl_multicast_chat_set_interface (self, g_value_get_string (value));
      break;
    case PROP_TTL:
      sl_multicast_chat_set_ttl (self, g_value_get_uint (value));
      break;
    case PROP_LOOPBACK:
      sl_multicast_chat_set_loopback (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_multicast_chat_class_init (SlMulticastChatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = sl_multicast_chat_dispose;
  object_class->finalize = sl_multicast_chat_finalize;
  object_class->get_property = sl_multicast_chat_get_property;
  object_class->set_property = sl_multicast_chat_set_property;

  /* an int rather than an enum type: SlChatFormat has no GType */
  properties[PROP_FORMAT] = g_param_spec_int ("format", NULL, NULL,
                                              SL_CHAT_FORMAT_MCC, SL_CHAT_FORMAT_TEXT, SL_CHAT_FORMAT_MCC, rw);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_INTERFACE] = g_param_spec_string ("interface", NULL, NULL, NULL, rw);
  properties[PROP_TTL] = g_param_spec_uint ("ttl", NULL, NULL, 1, 255, SL_MULTICAST_DEFAULT_TTL, rw);
  properties[PROP_LOOPBACK] = g_param_spec_boolean ("loopback", NULL, NULL, TRUE, rw);
  properties[PROP_JOINED] = g_param_spec_boolean ("joined", NULL, NULL, FALSE, ro);
  properties[PROP_GROUP] = g_param_spec_string ("group", NULL, NULL, NULL, ro);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_multicast_chat_init (SlMulticastChat *self)
{
  self->cancellable = g_cancellable_new ();
  self->format = SL_CHAT_FORMAT_MCC;
  self->ttl = SL_MULTICAST_DEFAULT_TTL;
  self->loopback = TRUE;
}

SlMulticastChat *
sl_multicast_chat_new (SlEventLog *log)
{
  g_autoptr(SlEventLog) own_log = NULL;
  SlMulticastChat *self;

  g_return_val_if_fail (log == NULL || SL_IS_EVENT_LOG (log), NULL);

  if (log == NULL)
    log = own_log = sl_event_log_new ();

  self = g_object_new (SL_TYPE_MULTICAST_CHAT, NULL);
  self->shared = g_new0 (SlChatShared, 1);
  self->shared->ref_count = 1;
  self->shared->log = g_object_ref (log);
  self->shared->cancellable = g_cancellable_new ();
  self->shared->id = g_atomic_pointer_add (&last_id, 1) + 1;
  self->shared->buffer = g_malloc (SL_CHAT_BUFFER_SIZE);
  g_queue_init (&self->shared->sent);

  return self;
}

SlEventLog *
sl_multicast_chat_get_log (SlMulticastChat *self)
{
  g_return_val_if_fail (SL_IS_MULTICAST_CHAT (self), NULL);
  return self->shared->log;
}

void
sl_multicast_chat_set_format (SlMulticastChat *self,
                              SlChatFormat     format)
{
  g_return_if_fail (SL_IS_MULTICAST_CHAT (self));
  g_return_if_fail (format == SL_CHAT_FORMAT_MCC || format == SL_CHAT_FORMAT_TEXT);

  if (self->format == format)
    return;
  self->format = format;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
}

SlChatFormat
sl_multicast_chat_get_format (SlMulticastChat *self)
{
  g_return_val_if_fail (SL_IS_MULTICAST_CHAT (self), SL_CHAT_FORMAT_MCC);
  return self->format;
}

void
sl_multicast_chat_set_name (SlMulticastChat *self,
                            const char      *name)
{
  g_return_if_fail (SL_IS_MULTICAST_CHAT (self));
  g_return_if_fail (name == NULL || g_utf8_validate (name, -1, NULL));

  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
sl_multicast_chat_get_name (SlMulticastChat *self)
{
  g_return_val_if_fail (SL_IS_MULTICAST_CHAT (self), NULL);
  return self->name;
}

void
sl_multicast_chat_set_interface (SlMulticastChat *self,
                                 const char      *interface)
{
  g_return_if_fail (SL_IS_MULTICAST_CHAT (self));

  if (interface != NULL && *interface == '\0')
    interface = NULL;
  if (g_strcmp0 (self->interface, interface) == 0)
    return;
  g_free (self->interface);
  self->interface = g_strdup (interface);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERFACE]);
}

const char *
sl_multicast_chat_get_interface (SlMulticastChat *self)
{
  g_return_val_if_fail (SL_IS_MULTICAST_CHAT (self), NULL);
  return self->interface;
}

void
sl_multicast_chat_set_ttl (SlMulticastChat *self,
                           guint            ttl)
{
  g_return_if_fail (SL_IS_MULTICAST_CHAT (self));
  g_return_if_fail (ttl >= 1 && ttl <= 255);

  if (self->ttl == ttl)
    return;
  self->ttl = ttl;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TTL]);
}

guint
sl_multicast_chat_get_ttl (SlMulticastChat *self)
{
  g_return_val_if_fail (SL_IS_MULTICAST_CHAT (self), SL_MULTICAST_DEFAULT_TTL);
  return self->ttl;
}

void
sl_multicast_chat_set_loopback (SlMulticastChat *self,
                                gboolean         loopback)
{
  g_return_if_fail (SL_IS_MULTICAST_CHAT (self));

  loopback = !!loopback;
  if (self->loopback == loopback)
    return;
  self->loopback = loopback;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOPBACK]);
}

gboolean
sl_multicast_chat_get_loopback (SlMulticastChat *self)
{
  g_return_val_if_fail (SL_IS_MULTICAST_CHAT (self), TRUE);
  return self->loopback;
}

void
sl_multicast_chat_set_reply (SlMulticastChat     *self,
                             const SlReplyConfig *reply)
{
  SlChatRequest *request;

  g_return_if_fail (SL_IS_MULTICAST_CHAT (self));

  /* synchronously (it only swaps a pointer there), so that every datagram
   * handled after this call is answered the new way */
  request = request_new (self);
  request->reply = reply != NULL ? sl_reply_config_copy (reply) : NULL;
  sl_net_thread_run_sync (sl_chat_net_set_reply, request);
  sl_chat_request_free (request);
}

gboolean
sl_multicast_chat_get_joined (SlMulticastChat *self)
{
  g_return_val_if_fail (SL_IS_MULTICAST_CHAT (self), FALSE);
  return self->joined;
}

const char *
sl_multicast_chat_get_group (SlMulticastChat *self)
{
  g_return_val_if_fail (SL_IS_MULTICAST_CHAT (self), NULL);
  return self->joined ? self->group : NULL;
}

guint16
sl_multicast_chat_get_port (SlMulticastChat *self)
{
  g_return_val_if_fail (SL_IS_MULTICAST_CHAT (self), 0);
  return self->joined ? self->port : 0;
}

typedef struct
{
  GTask *task;          /* the caller's */
  guint generation;
} JoinData;

static void
join_data_free (gpointer data)
{
  JoinData *join = data;

  g_clear_object (&join->task);
  g_free (join);
}

static void
join_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  SlMulticastChat *self = SL_MULTICAST_CHAT (source);
  JoinData *join = data;
  GTask *task = join->task;
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);

  if (error == NULL && join->generation != self->generation)
    {
      /* a leave or another join came after this one: it does not count */
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   "The join was superseded by a later leave or join");
    }
  else if (error == NULL && g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      sl_multicast_chat_leave (self);
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The join was cancelled");
    }

  if (error != NULL)
    {
      if (join->generation == self->generation)
        set_joined (self, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    {
      set_joined (self, TRUE);
      g_task_return_boolean (task, TRUE);
    }
  join_data_free (join);
}

static gboolean
check_name (SlChatFormat   format,
            const char    *name,
            GError       **error)
{
  if (format == SL_CHAT_FORMAT_MCC && (name == NULL || *name == '\0'))
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_OPTION,
                           _("Type a name first: in the mcc.py format every message carries the name of its sender."));
      return FALSE;
    }
  return TRUE;
}

void
sl_multicast_chat_join_async (SlMulticastChat    *self,
                              const char         *group,
                              guint16             port,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(GError) error = NULL;
  GTask *task;
  SlChatRequest *request;
  JoinData *join;
  gboolean is_ipv6 = FALSE;

  g_return_if_fail (SL_IS_MULTICAST_CHAT (self));
  g_return_if_fail (group != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_multicast_chat_join_async);

  /* closes what an earlier join opened, also one still on its way */
  sl_multicast_chat_leave (self);

  if (!sl_multicast_group_check (group, &is_ipv6, &error) ||
      !check_name (self->format, self->name, &error))
    {
      sl_event_log_add_error (self->shared->log, self->shared->id, NULL, error);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (port == 0)
    {
      error = g_error_new_literal (SL_ERROR, SL_ERROR_INVALID_PORT,
                                   _("A multicast chat needs a fixed port that everyone uses, such as 8123; port 0 would let the system choose a different one for each member."));
      sl_event_log_add_error (self->shared->log, self->shared->id, NULL, error);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  g_free (self->group);
  self->group = g_strdup (group);
  self->port = port;
  self->is_ipv6 = is_ipv6;
  self->joined_format = self->format;
  g_free (self->joined_name);
  self->joined_name = g_strdup (self->name);

  join = g_new0 (JoinData, 1);
  join->task = task;
  join->generation = self->generation;

  request = request_new (self);
  request->task = g_task_new (self, self->cancellable, join_done_cb, join);
  request->group = g_strdup (group);
  request->port = port;
  request->interface = g_strdup (self->interface);
  request->ttl = self->ttl;
  request->loopback = self->loopback;
  request->format = self->format;
  request->name = g_strdup (self->name);
  sl_net_thread_invoke (sl_chat_net_join, request, sl_chat_request_free);
}

gboolean
sl_multicast_chat_join_finish (SlMulticastChat *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Checks and queues one datagram for the group; @message and @line
 * describe it for the SENT event (taken). */
static gboolean
queue_send (SlMulticastChat *self,
            GBytes          *data,
            SlChatMessage   *message,
            char            *line,
            GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  SlChatRequest *request;
  gsize len = g_bytes_get_size (data);
  gsize max = self->is_ipv6 ? SL_UDP_MAX_IPV6 : SL_UDP_MAX_IPV4;

  if (!self->joined)
    local_error = g_error_new_literal (SL_ERROR, SL_ERROR_NOT_CONNECTED,
                                       _("Join a group first: the chat sends to the group it has joined."));
  else if (len > max)
    {
      g_autofree char *size = sl_format_count (len);

      local_error = g_error_new (SL_ERROR, SL_ERROR_TOO_LARGE,
                                 _("A message of %s bytes does not fit in one UDP datagram over %s (at most %u bytes); it was not sent."),
                                 size, self->is_ipv6 ? "IPv6" : "IPv4", (guint) max);
    }

  if (local_error != NULL)
    {
      sl_event_log_add_error (self->shared->log, self->shared->id, NULL, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      sl_chat_message_free (message);
      g_free (line);
      return FALSE;
    }

  request = request_new (self);
  request->data = g_bytes_ref (data);
  request->message = message;
  request->line = line;
  sl_net_thread_invoke (sl_chat_net_send, request, sl_chat_request_free);

  return TRUE;
}

gboolean
sl_multicast_chat_say (SlMulticastChat *self,
                       const char      *text,
                       GError         **error)
{
  g_autoptr(GBytes) data = NULL;
  SlChatMessage *message;

  g_return_val_if_fail (SL_IS_MULTICAST_CHAT (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  message = g_new0 (SlChatMessage, 1);
  message->kind = SL_CHAT_MESSAGE_SAY;
  message->text = g_strdup (text);
  message->own = TRUE;

  if (self->joined && self->joined_format == SL_CHAT_FORMAT_MCC)
    {
      g_autoptr(GBytes) name = g_bytes_new (self->joined_name, strlen (self->joined_name));
      g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

      message->name = g_strdup (self->joined_name);
      data = sl_mcc_encode (SL_MCC_SAY, name, bytes);
    }
  else
    data = g_bytes_new (text, strlen (text));

  return queue_send (self, data, message,
                     sl_chat_message_format_line (message, NULL, g_bytes_get_size (data)),
                     error);
}

gboolean
sl_multicast_chat_send_bytes (SlMulticastChat *self,
                              GBytes          *data,
                              GError         **error)
{
  SlChatMessage *message;
  gsize len;
  const char *bytes;

  g_return_val_if_fail (SL_IS_MULTICAST_CHAT (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->joined && self->joined_format == SL_CHAT_FORMAT_MCC)
    {
      g_autoptr(GError) local_error =
        g_error_new_literal (SL_ERROR, SL_ERROR_INVALID_OPTION,
                             _("In the mcc.py format the chat sends only chat messages, so that mcc.py can read them: type the text to say, or switch to the plain text format to send any bytes."));

      sl_event_log_add_error (self->shared->log, self->shared->id, NULL, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  bytes = g_bytes_get_data (data, &len);
  message = g_new0 (SlChatMessage, 1);
  message->own = TRUE;
  if (g_utf8_validate_len (bytes, len, NULL) && memchr (bytes, '\0', len) == NULL)
    {
      message->kind = SL_CHAT_MESSAGE_SAY;
      message->text = g_strndup (bytes, len);
    }
  else
    {
      message->kind = SL_CHAT_MESSAGE_INVALID;
      message->problem = g_strdup (_("Not UTF-8 text: receivers in the plain text format show these bytes as hex."));
    }

  return queue_send (self, data, message, sl_chat_message_format_line (message, NULL, len), error);
}

void
sl_multicast_chat_leave (SlMulticastChat *self)
{
  g_return_if_fail (SL_IS_MULTICAST_CHAT (self));

  /* also when a join is still on its way: the network half sends L only
   * if it has joined */
  self->generation++;
  sl_net_thread_invoke (sl_chat_net_leave, request_new (self), sl_chat_request_free);
  set_joined (self, FALSE);
}
