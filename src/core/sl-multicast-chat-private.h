/* sl-multicast-chat-private.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-multicast-chat.h"

G_BEGIN_DECLS

#define SL_CHAT_BUFFER_SIZE (64 * 1024)

/* What SlMulticastChat shares with the network thread: created on the main
 * thread, its socket fields used on the network thread only. */
typedef struct
{
  gint ref_count;
  SlEventLog *log;
  GCancellable *cancellable;
  guint64 id;
  /* network thread only */
  GSocket *socket;
  GSource *source;
  GSocketFamily family;
  GInetAddress *group;
  char *group_text;
  guint16 port;
  guint ifindex;        /* 0: the system's choice (IPv4 only) */
  SlChatFormat format;
  char *name;           /* as joined */
  SlReplyConfig *reply;
  GQueue sent;          /* SlChatSent: our datagrams, until they loop back */
  guint8 *buffer;
} SlChatShared;

/* One request from the main thread, run on the network thread */
typedef struct
{
  SlChatShared *shared;
  GTask *task;
  char *group;
  char *interface;
  guint16 port;
  guint ttl;
  gboolean loopback;
  SlChatFormat format;
  char *name;
  SlReplyConfig *reply;
  GBytes *data;
  SlChatMessage *message; /* what @data says, for the SENT event */
  char *line;             /* the SENT event's message */
} SlChatRequest;

SlChatShared *sl_chat_shared_ref      (SlChatShared *shared);
void          sl_chat_shared_unref    (gpointer      data);
void          sl_chat_request_free    (gpointer      data);

/* GSourceFuncs for sl_net_thread_invoke() with an SlChatRequest */
gboolean      sl_chat_net_join        (gpointer      data);
gboolean      sl_chat_net_leave       (gpointer      data);
gboolean      sl_chat_net_set_reply   (gpointer      data);
gboolean      sl_chat_net_send        (gpointer      data);

/* Decodes a received datagram in @format; never fails: what is not a
 * message of the format is SL_CHAT_MESSAGE_INVALID with the problem. */
SlChatMessage *sl_chat_message_decode    (SlChatFormat  format,
                                          const guint8 *data,
                                          gsize         len);

/* The interface index to join on (0: the system's choice, IPv4 only) and
 * its name in @chosen, or 0 and a student's error: no such interface,
 * down, no MULTICAST flag, IPv6 on lo, no interface for IPv6. */
guint         sl_multicast_choose_interface (const char     *interface,
                                             GSocketFamily   family,
                                             char          **chosen,
                                             GError        **error);

/* The transcript line of a message ("(10.0.0.2) alice says hello"); @host
 * NULL for one's own sent messages ("alice says hello"). */
char         *sl_chat_message_format_line (const SlChatMessage *message,
                                           const char          *host,
                                           gsize                n_bytes);

G_END_DECLS
