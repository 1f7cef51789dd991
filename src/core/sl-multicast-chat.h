/* sl-multicast-chat.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sl-event-log.h"
#include "sl-reply.h"

G_BEGIN_DECLS

/* The course's chat program (mcc.py) and its defaults */
#define SL_MULTICAST_DEFAULT_GROUP_V6 "ff15:7079:7468:6f6e:6465:6d6f:6d63:6173"
#define SL_MULTICAST_DEFAULT_GROUP_V4 "225.0.0.250"
#define SL_MULTICAST_DEFAULT_PORT     8123
#define SL_MULTICAST_DEFAULT_TTL      1

typedef enum
{
  SL_CHAT_FORMAT_MCC,   /* pickled ['J'|'S'|'L', name(, text)] as mcc.py */
  SL_CHAT_FORMAT_TEXT,  /* the datagram is UTF-8 text */
} SlChatFormat;

/* "mcc" / "text"; FALSE for anything else */
gboolean     sl_chat_format_from_string (const char    *text,
                                         SlChatFormat  *format);
const char  *sl_chat_format_to_string   (SlChatFormat   format);

/* What a received datagram was, attached with sl_event_set_detail() to its
 * SL_EVENT_RECEIVED event (whose data are the datagram's bytes). */
typedef enum
{
  SL_CHAT_MESSAGE_JOIN,     /* mcc J */
  SL_CHAT_MESSAGE_SAY,      /* mcc S, or a text datagram */
  SL_CHAT_MESSAGE_LEAVE,    /* mcc L */
  SL_CHAT_MESSAGE_INVALID,  /* not valid in the chosen format: shown as hex */
} SlChatMessageKind;

typedef struct
{
  SlChatMessageKind kind;
  char *sender;     /* "10.0.0.2:8123", "[fd00::2]:8123", "[fe80::2%veth0]:8123"; NULL on SENT */
  char *name;       /* mcc: the name, valid UTF-8 (made valid); text: NULL */
  char *text;       /* SAY: the text, valid UTF-8 (made valid); else NULL */
  char *problem;    /* INVALID: why, translated ("not a pickle: …"); else NULL */
  gboolean own;     /* sent by this socket (looped back) */
} SlChatMessage;

void sl_chat_message_free (SlChatMessage *message);

/* Validates a group for the student: an IPv4 or IPv6 multicast address.
 * On success sets @is_ipv6 and returns TRUE; on failure a translated
 * SL_ERROR_INVALID_ADDRESS that says what a multicast address looks like. */
gboolean     sl_multicast_group_check   (const char    *group,
                                         gboolean      *is_ipv6,
                                         GError       **error);
/* One translated line on the group's scope, e.g. "ff02::/16: link-local —
 * only this network segment" or "ff15::/16: site-local, experimental". */
char        *sl_multicast_group_describe_scope (const char *group);

/* Interfaces that can do multicast (IFF_MULTICAST and up), by name,
 * NULL-terminated; loopback last. */
char       **sl_multicast_list_interfaces (void);

/* The groups this computer has joined, from /proc/net/igmp and
 * /proc/net/igmp6: an array of "interface\tgroup" strings, NULL-terminated. */
char       **sl_multicast_list_memberships (void);

#define SL_TYPE_MULTICAST_CHAT (sl_multicast_chat_get_type ())
G_DECLARE_FINAL_TYPE (SlMulticastChat, sl_multicast_chat, SL, MULTICAST_CHAT, GObject)

/* Create on the main thread. Reports to @log (NULL: a log of its own):
 * LISTENING on join ("Joined ff15::… on veth0, port 8123"), one RECEIVED
 * per datagram (message = the transcript line "(address) name says text",
 * data = the bytes, detail = SlChatMessage), one SENT per datagram sent
 * (message = the line, data = the bytes; detail = SlChatMessage with own
 * TRUE for J/S/L and said text, none for a reply), ERROR, STOPPED on
 * leave. Chat events carry a detail, so the log never merges them.
 *
 * "own" on a RECEIVED message: it came back from our port and a local
 * address with the bytes of a datagram we sent moments ago (an mcc.py on
 * the same computer shares the port, so address and port alone do not
 * tell). On lo the interface itself loops every datagram back, so there
 * even "loopback" FALSE shows one's own messages (marked own). */
SlMulticastChat *sl_multicast_chat_new        (SlEventLog         *log);
SlEventLog      *sl_multicast_chat_get_log    (SlMulticastChat    *self);

/* Properties, used by the next join (a change while joined waits for
 * it): "format" (an int, SlChatFormat), "name" (UTF-8, mcc needs a
 * non-empty one), "interface" (NULL: the system's choice for IPv4; for
 * IPv6 the first multicast-capable interface that is not lo, since IPv6
 * multicast does not work on lo), "ttl" (1–255; IPv6: the hop limit),
 * "loopback" (default TRUE: see one's own messages). Read-only: "joined",
 * "group", "port". "reply" applies at once (text format only; replies go
 * by unicast to the sender's address and port, and answer only datagrams
 * sent to the group, never unicast ones nor one's own: two receivers
 * would otherwise echo each other forever). */
void             sl_multicast_chat_set_format    (SlMulticastChat *self, SlChatFormat format);
SlChatFormat     sl_multicast_chat_get_format    (SlMulticastChat *self);
void             sl_multicast_chat_set_name      (SlMulticastChat *self, const char *name);
const char      *sl_multicast_chat_get_name      (SlMulticastChat *self);
void             sl_multicast_chat_set_interface (SlMulticastChat *self, const char *interface);
const char      *sl_multicast_chat_get_interface (SlMulticastChat *self);
void             sl_multicast_chat_set_ttl       (SlMulticastChat *self, guint ttl);
guint            sl_multicast_chat_get_ttl       (SlMulticastChat *self);
void             sl_multicast_chat_set_loopback  (SlMulticastChat *self, gboolean loopback);
gboolean         sl_multicast_chat_get_loopback  (SlMulticastChat *self);
void             sl_multicast_chat_set_reply     (SlMulticastChat *self, const SlReplyConfig *reply);

/* Opens a UDP socket with SO_REUSEADDR and SO_REUSEPORT bound to the
 * wildcard address and @port, joins @group on the interface, and (mcc)
 * sends J. Leaves first if joined. Fails with SL_ERROR (also logged):
 * not multicast, port 0, name missing (mcc), no such interface, interface
 * down or without MULTICAST, IPv6 on lo, port taken by a socket that does
 * not share it, no route for the system to choose an interface… A join
 * overtaken by a leave or another join finishes with G_IO_ERROR_CANCELLED.
 * Property "joined". */
void             sl_multicast_chat_join_async  (SlMulticastChat    *self,
                                                const char         *group,
                                                guint16             port,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean         sl_multicast_chat_join_finish (SlMulticastChat    *self,
                                                GAsyncResult       *result,
                                                GError            **error);
gboolean         sl_multicast_chat_get_joined  (SlMulticastChat    *self);
const char      *sl_multicast_chat_get_group   (SlMulticastChat    *self); /* while joined */
guint16          sl_multicast_chat_get_port    (SlMulticastChat    *self); /* while joined */

/* Sends @text to the group: mcc S with the name, or the UTF-8 text.
 * FALSE at once (and logged) when not joined or too large for one
 * datagram; later failures (no route…) go to the log. */
gboolean         sl_multicast_chat_say         (SlMulticastChat    *self,
                                                const char         *text,
                                                GError            **error);
/* Sends raw @data to the group (text format only: the payload editor's
 * bytes); mcc refuses with an error, it sends only valid messages. */
gboolean         sl_multicast_chat_send_bytes  (SlMulticastChat    *self,
                                                GBytes             *data,
                                                GError            **error);
/* (mcc) sends L, leaves the group and closes the socket. Safe when not joined. */
void             sl_multicast_chat_leave       (SlMulticastChat    *self);

G_END_DECLS
