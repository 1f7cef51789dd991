/* mcast-chat-driver.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A tiny driver of SlMulticastChat for test_multicast_netns.py: the engine
 * alone, without GTK, so the test can see what it received (the app's
 * page shows it only on screen).
 *
 *   mcast-chat-driver GROUP PORT INTERFACE FORMAT NAME [REPLY] [noloop]
 *
 * (NAME "-" for none, REPLY as --reply, "-" for none.) It joins, then
 * prints one line per event, tab-separated:
 *
 *   KIND  PEER  OWN  CHAT-KIND  NAME  TEXT  HEX-DATA  MESSAGE
 *
 * (KIND: listening received sent error stopped info; CHAT-KIND: join say
 * leave invalid, or "-" without a chat message). It reads commands on
 * stdin, one a line: "say TEXT" and "leave"; at end of input it leaves
 * (mcc: sends L), prints what followed, and exits. */

#include "config.h"

#define G_LOG_DOMAIN "mcast-chat-driver"

#include <gio/gunixinputstream.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sl-multicast-chat.h"

static GMainLoop *loop;
static SlMulticastChat *chat;
static guint printed;
static int status;

static const char *
event_kind_name (SlEventKind kind)
{
  switch (kind)
    {
    case SL_EVENT_LISTENING: return "listening";
    case SL_EVENT_RECEIVED: return "received";
    case SL_EVENT_SENT: return "sent";
    case SL_EVENT_ERROR: return "error";
    case SL_EVENT_STOPPED: return "stopped";
    case SL_EVENT_INFO:
    default: return "info";
    }
}

static const char *
chat_kind_name (SlChatMessageKind kind)
{
  switch (kind)
    {
    case SL_CHAT_MESSAGE_JOIN: return "join";
    case SL_CHAT_MESSAGE_SAY: return "say";
    case SL_CHAT_MESSAGE_LEAVE: return "leave";
    case SL_CHAT_MESSAGE_INVALID:
    default: return "invalid";
    }
}

/* Tabs and newlines would break the line format */
static char *
clean (const char *text)
{
  char *copy = g_strdup (text != NULL && *text != '\0' ? text : "-");

  g_strdelimit (copy, "\t\n\r", ' ');
  return copy;
}

static void
print_events (SlEventLog *log)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log));

  for (; printed < n; printed++)
    {
      g_autoptr(SlEvent) event = g_list_model_get_item (G_LIST_MODEL (log), printed);
      const SlChatMessage *message = sl_event_get_detail (event);
      g_autoptr(GBytes) data = sl_event_get_data (event);
      g_autoptr(GString) hex = g_string_new (NULL);
      g_autofree char *peer = clean (sl_event_get_peer (event));
      g_autofree char *name = clean (message != NULL ? message->name : NULL);
      g_autofree char *text = clean (message != NULL ? message->text : NULL);
      g_autofree char *line = clean (sl_event_get_message (event));

      if (data != NULL)
        {
          gsize len, i;
          const guint8 *bytes = g_bytes_get_data (data, &len);

          for (i = 0; i < len; i++)
            g_string_append_printf (hex, "%02x", bytes[i]);
        }
      printf ("%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n",
              event_kind_name (sl_event_get_kind (event)), peer,
              message != NULL ? message->own : 0,
              message != NULL ? chat_kind_name (message->kind) : "-",
              name, text, hex->len > 0 ? hex->str : "-", line);
    }
  fflush (stdout);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    data)
{
  print_events (SL_EVENT_LOG (model));
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GDataInputStream *input = G_DATA_INPUT_STREAM (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (input, result, NULL, &error);

  if (line == NULL)
    {
      /* end of input: leave (L goes out), show what follows, exit */
      sl_multicast_chat_leave (chat);
      g_timeout_add (500, quit_cb, NULL);
      return;
    }

  if (g_str_has_prefix (line, "say "))
    {
      if (!sl_multicast_chat_say (chat, line + 4, &error))
        g_printerr ("say: %s\n", error->message);
    }
  else if (g_strcmp0 (line, "leave") == 0)
    sl_multicast_chat_leave (chat);
  else
    g_printerr ("unknown command: %s\n", line);

  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, NULL, on_line, NULL);
}

static void
on_joined (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  GDataInputStream *input = data;
  g_autoptr(GError) error = NULL;

  if (!sl_multicast_chat_join_finish (chat, result, &error))
    {
      g_printerr ("join: %s\n", error->message);
      status = 1;
      g_timeout_add (200, quit_cb, NULL);
      return;
    }

  printf ("joined\n");
  fflush (stdout);
  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, NULL, on_line, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GInputStream) stdin_stream = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(SlEventLog) log = NULL;
  SlChatFormat format;
  guint64 port;

  if (argc < 6 || !g_ascii_string_to_unsigned (argv[2], 10, 1, G_MAXUINT16, &port, NULL) ||
      !sl_chat_format_from_string (argv[4], &format))
    {
      g_printerr ("usage: %s GROUP PORT INTERFACE mcc|text NAME|- [REPLY|-] [noloop]\n", argv[0]);
      return 2;
    }

  log = sl_event_log_new ();
  chat = sl_multicast_chat_new (log);
  g_signal_connect (log, "items-changed", G_CALLBACK (on_items_changed), NULL);
  sl_multicast_chat_set_format (chat, format);
  if (strcmp (argv[5], "-") != 0)
    sl_multicast_chat_set_name (chat, argv[5]);
  if (strcmp (argv[3], "-") != 0)
    sl_multicast_chat_set_interface (chat, argv[3]);
  if (argc > 6 && strcmp (argv[6], "-") != 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlReplyConfig) reply = sl_reply_config_parse (argv[6], &error);

      if (reply == NULL)
        {
          g_printerr ("reply: %s\n", error->message);
          return 2;
        }
      sl_multicast_chat_set_reply (chat, reply);
    }
  if (argc > 7 && strcmp (argv[7], "noloop") == 0)
    sl_multicast_chat_set_loopback (chat, FALSE);

  stdin_stream = g_unix_input_stream_new (0, FALSE);
  input = g_data_input_stream_new (stdin_stream);
  loop = g_main_loop_new (NULL, FALSE);
  sl_multicast_chat_join_async (chat, argv[1], (guint16) port, NULL, on_joined, input);
  g_main_loop_run (loop);

  g_clear_object (&chat);
  sl_event_log_flush (log);
  print_events (log);
  g_main_loop_unref (loop);

  return status;
}
