/* sl-reply.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-reply"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sl-error.h"
#include "sl-reply.h"

G_DEFINE_BOXED_TYPE (SlReplyConfig, sl_reply_config, sl_reply_config_copy, sl_reply_config_free)

SlReplyConfig *
sl_reply_config_new (SlReplyMode mode)
{
  SlReplyConfig *config = g_new0 (SlReplyConfig, 1);

  config->mode = mode;
  config->text = g_strdup (mode == SL_REPLY_TEXT ? "ACK" : "");
  config->server_name = g_strdup ("Socket Lab");

  return config;
}

SlReplyConfig *
sl_reply_config_copy (const SlReplyConfig *config)
{
  SlReplyConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = g_new0 (SlReplyConfig, 1);
  copy->mode = config->mode;
  copy->text = g_strdup (config->text);
  copy->close_after = config->close_after;
  copy->server_name = g_strdup (config->server_name);

  return copy;
}

void
sl_reply_config_free (SlReplyConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->text);
  g_free (config->server_name);
  g_free (config);
}

/* The --reply values of the command line:
 * none | echo | ack | text:TEXT | timestamp | number-game */
SlReplyConfig *
sl_reply_config_parse (const char  *spec,
                       GError     **error)
{
  SlReplyConfig *config;

  g_return_val_if_fail (spec != NULL, NULL);

  if (g_str_equal (spec, "none"))
    return sl_reply_config_new (SL_REPLY_NONE);
  if (g_str_equal (spec, "echo"))
    return sl_reply_config_new (SL_REPLY_ECHO);
  if (g_str_equal (spec, "timestamp"))
    return sl_reply_config_new (SL_REPLY_TIMESTAMP);
  if (g_str_equal (spec, "number-game"))
    return sl_reply_config_new (SL_REPLY_NUMBER_GAME);

  if (g_str_equal (spec, "ack"))
    {
      config = sl_reply_config_new (SL_REPLY_TEXT);
      g_free (config->text);
      config->text = g_strdup ("ACK");
      config->close_after = TRUE;
      return config;
    }

  if (g_str_has_prefix (spec, "text:"))
    {
      const char *text = spec + strlen ("text:");

      if (!g_utf8_validate (text, -1, NULL))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_OPTION,
                       _("The reply text is not valid UTF-8"));
          return NULL;
        }

      config = sl_reply_config_new (SL_REPLY_TEXT);
      g_free (config->text);
      config->text = g_strdup (text);
      return config;
    }

  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_OPTION,
               /* Translators: do not translate the mode names after the colon */
               _("Unknown reply mode “%s”; use one of: none, echo, ack, text:TEXT, timestamp, number-game"),
               spec);
  return NULL;
}

char *
sl_reply_config_to_spec (const SlReplyConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  switch (config->mode)
    {
    case SL_REPLY_NONE:
      return g_strdup ("none");
    case SL_REPLY_ECHO:
      return g_strdup ("echo");
    case SL_REPLY_TIMESTAMP:
      return g_strdup ("timestamp");
    case SL_REPLY_NUMBER_GAME:
      return g_strdup ("number-game");
    case SL_REPLY_TEXT:
      if (config->close_after && g_strcmp0 (config->text, "ACK") == 0)
        return g_strdup ("ack");
      return g_strdup_printf ("text:%s", config->text ? config->text : "");
    default:
      g_assert_not_reached ();
    }
}

const char *
sl_reply_mode_get_label (SlReplyMode mode)
{
  switch (mode)
    {
    case SL_REPLY_NONE:
      return C_("reply mode", "No automatic reply");
    case SL_REPLY_ECHO:
      return C_("reply mode", "Echo");
    case SL_REPLY_TEXT:
      return C_("reply mode", "Fixed reply");
    case SL_REPLY_TIMESTAMP:
      return C_("reply mode", "Timestamp echo");
    case SL_REPLY_NUMBER_GAME:
      return C_("reply mode", "Number game");
    default:
      g_return_val_if_reached ("");
    }
}

gboolean
sl_reply_config_reads_once (const SlReplyConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);

  switch (config->mode)
    {
    case SL_REPLY_TIMESTAMP:
    case SL_REPLY_NUMBER_GAME:
      return TRUE;
    case SL_REPLY_TEXT:
      return config->close_after;
    case SL_REPLY_NONE:
    case SL_REPLY_ECHO:
    default:
      return FALSE;
    }
}

/* Parses "name,number" as the course's game client sends it; whitespace and
 * a trailing newline are forgiven, as int() in Python forgives them. */
static gboolean
parse_game_message (const guint8 *data,
                    gsize         len,
                    char        **name,
                    gint64       *number)
{
  g_autofree char *text = NULL;
  g_autofree char *num_text = NULL;
  const char *comma;
  char *end = NULL;

  if (!g_utf8_validate ((const char *) data, len, NULL))
    return FALSE;

  text = g_strndup ((const char *) data, len);
  comma = strrchr (text, ',');
  if (comma == NULL)
    return FALSE;

  num_text = g_strstrip (g_strdup (comma + 1));
  if (*num_text == '\0')
    return FALSE;

  errno = 0;
  *number = g_ascii_strtoll (num_text, &end, 10);
  if (errno != 0 || end == NULL || *end != '\0')
    return FALSE;

  *name = g_strstrip (g_strndup (text, comma - text));
  return TRUE;
}

void
sl_reply_respond (const SlReplyConfig *config,
                  const guint8        *data,
                  gsize                len,
                  SlReplyResult       *result)
{
  g_return_if_fail (config != NULL);
  g_return_if_fail (result != NULL);

  memset (result, 0, sizeof *result);

  switch (config->mode)
    {
    case SL_REPLY_NONE:
      break;

    case SL_REPLY_ECHO:
      result->reply = g_bytes_new (data, len);
      break;

    case SL_REPLY_TEXT:
      result->reply = g_bytes_new (config->text, config->text ? strlen (config->text) : 0);
      result->close = config->close_after;
      break;

    case SL_REPLY_TIMESTAMP:
      {
        /* time.time() packed as struct.pack('d', ...): native byte order */
        double now = g_get_real_time () / (double) G_USEC_PER_SEC;
        GByteArray *out = g_byte_array_sized_new (sizeof now + len);

        g_byte_array_append (out, (const guint8 *) &now, sizeof now);
        g_byte_array_append (out, data, len);
        result->reply = g_byte_array_free_to_bytes (out);
        result->close = TRUE;
        break;
      }

    case SL_REPLY_NUMBER_GAME:
      {
        g_autofree char *name = NULL;
        gint64 number = 0;

        if (parse_game_message (data, len, &name, &number) && number >= 1 && number <= 100)
          {
            gint32 mine = g_random_int_range (1, 101);
            const char *server_name = config->server_name ? config->server_name : "";
            char *text = g_strdup_printf ("%s,%d", server_name, mine);

            result->reply = g_bytes_new_take (text, strlen (text));
            result->note = g_strdup_printf (_("%s chose %d, %s chose %d: the sum is %d"),
                                            name, (int) number, server_name, mine,
                                            (int) number + mine);
          }
        else
          {
            result->close = TRUE;
            result->note = g_strdup (_("The number was not between 1 and 100, so the server closes the connection without a word, as the game’s rules say"));
          }
        break;
      }

    default:
      g_assert_not_reached ();
    }
}

void
sl_reply_result_clear (SlReplyResult *result)
{
  g_clear_pointer (&result->reply, g_bytes_unref);
  g_clear_pointer (&result->note, g_free);
}
