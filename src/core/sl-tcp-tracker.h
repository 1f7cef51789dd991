/* sl-tcp-tracker.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sl-dissect.h"

G_BEGIN_DECLS

#define SL_TCP_TRACKER_DEFAULT_MAX 65536

typedef struct _SlTcpTracker SlTcpTracker;

/* One TCP conversation, as the ladder diagram needs it. Owned by the
 * tracker: valid until the next sl_tcp_tracker_add() or _clear(). */
typedef struct
{
  guint             stream;          /* like tshark's tcp.stream, from 0 */
  SlConversationKey client;          /* src is the client, dst the server */
  gboolean          client_from_syn; /* FALSE: the first sender was taken for the client */
  guint64           packets;
} SlTcpConversation;

SlTcpTracker            *sl_tcp_tracker_new                (guint                    max_conversations);
void                     sl_tcp_tracker_free               (SlTcpTracker            *tracker);
void                     sl_tcp_tracker_clear              (SlTcpTracker            *tracker);
gboolean                 sl_tcp_tracker_add                (SlTcpTracker            *tracker,
                                                            SlPacketSummary         *summary);
gboolean                 sl_tcp_tracker_relate             (SlTcpTracker            *tracker,
                                                            guint                    stream,
                                                            SlPacketSummary         *summary);
const SlTcpConversation *sl_tcp_tracker_lookup             (SlTcpTracker            *tracker,
                                                            const SlConversationKey *key);
const SlTcpConversation *sl_tcp_tracker_get_stream         (SlTcpTracker            *tracker,
                                                            guint                    stream);
guint                    sl_tcp_tracker_get_n_conversations (SlTcpTracker           *tracker);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlTcpTracker, sl_tcp_tracker_free)

G_END_DECLS
