/* sl-multicast-chat-message.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What a chat datagram says and how the transcript reads it: pure
 * functions, used on the network thread (received datagrams) and the main
 * thread (what the student says). */

#include "config.h"

#define G_LOG_DOMAIN "sl-multicast-chat"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-format.h"
#include "sl-mcc-codec.h"
#include "sl-multicast-chat-private.h"

char *
sl_chat_message_format_line (const SlChatMessage *message,
                             const char          *host,
                             gsize                n_bytes)
{
  const char *name = message->name != NULL ? message->name : "";
  const char *text = message->text != NULL ? message->text : "";

  if (host == NULL)
    {
      switch (message->kind)
        {
        case SL_CHAT_MESSAGE_JOIN:
          /* Translators: what this computer sent; %s is the chat name */
          return g_strdup_printf (_("%s joins"), name);
        case SL_CHAT_MESSAGE_SAY:
          if (message->name == NULL)
            return g_strdup (text);
          /* Translators: what this computer sent; the chat name, then the text */
          return g_strdup_printf (_("%s says %s"), name, text);
        case SL_CHAT_MESSAGE_LEAVE:
          /* Translators: what this computer sent; %s is the chat name */
          return g_strdup_printf (_("%s leaves"), name);
        case SL_CHAT_MESSAGE_INVALID:
        default:
          {
            g_autofree char *count = sl_format_count (n_bytes);

            /* Translators: %s is a number of bytes */
            return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%s byte that is not text",
                                                 "%s bytes that are not text",
                                                 n_bytes),
                                    count);
          }
        }
    }

  switch (message->kind)
    {
    case SL_CHAT_MESSAGE_JOIN:
      /* Translators: a line of the chat transcript, as the course's mcc.py
       * prints it: the sender's address in parentheses, then the name */
      return g_strdup_printf (_("(%s) %s joins"), host, name);
    case SL_CHAT_MESSAGE_SAY:
      if (message->name == NULL)
        /* Translators: a line of the chat transcript in the plain text
         * format: the sender's address in parentheses, then the text */
        return g_strdup_printf (_("(%s) %s"), host, text);
      /* Translators: a line of the chat transcript: the sender's address,
       * the name, then the text */
      return g_strdup_printf (_("(%s) %s says %s"), host, name, text);
    case SL_CHAT_MESSAGE_LEAVE:
      /* Translators: a line of the chat transcript: the sender's address, then the name */
      return g_strdup_printf (_("(%s) %s leaves"), host, name);
    case SL_CHAT_MESSAGE_INVALID:
    default:
      {
        g_autofree char *count = sl_format_count (n_bytes);

        /* Translators: the sender's address, a number of bytes, then why
         * they are not a chat message */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "(%s) sent %s byte that is not a chat message: %s",
                                             "(%s) sent %s bytes that are not a chat message: %s",
                                             n_bytes),
                                host, count, message->problem != NULL ? message->problem : "");
      }
    }
}

static char *
bytes_to_text (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return g_utf8_make_valid (data != NULL ? data : "", len);
}

SlChatMessage *
sl_chat_message_decode (SlChatFormat  format,
                        const guint8 *data,
                        gsize         len)
{
  SlChatMessage *message = g_new0 (SlChatMessage, 1);

  if (format == SL_CHAT_FORMAT_TEXT)
    {
      if (g_utf8_validate_len ((const char *) data, len, NULL) && memchr (data, '\0', len) == NULL)
        {
          message->kind = SL_CHAT_MESSAGE_SAY;
          message->text = g_strndup ((const char *) data, len);
        }
      else
        {
          message->kind = SL_CHAT_MESSAGE_INVALID;
          message->problem = g_strdup (_("the datagram is not UTF-8 text."));
        }
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlMccMessage) mcc = sl_mcc_decode (data, len, &error);

      if (mcc == NULL)
        {
          message->kind = SL_CHAT_MESSAGE_INVALID;
          /* Translators: %s is the decoder's reason, e.g. "The message uses
           * pickle protocol 1; protocols 2 to 5 are accepted." */
          message->problem = g_strdup_printf (_("not an mcc.py pickle: %s"), error->message);
        }
      else
        {
          message->kind = mcc->kind == SL_MCC_JOIN ? SL_CHAT_MESSAGE_JOIN
                          : mcc->kind == SL_MCC_SAY ? SL_CHAT_MESSAGE_SAY
                          : SL_CHAT_MESSAGE_LEAVE;
          message->name = bytes_to_text (mcc->name);
          if (mcc->text != NULL)
            message->text = bytes_to_text (mcc->text);
        }
    }

  return message;
}
