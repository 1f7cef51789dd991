/* sl-packet-store.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sl-tcp-tracker.h"

G_BEGIN_DECLS

/* Where a packet's bytes are and what the reader learnt of it. */
typedef struct
{
  gint64  ts_us;          /* Unix time, µs */
  guint32 chunk;          /* index of the 4 MB chunk that holds the bytes */
  guint32 offset;         /* in that chunk */
  guint32 caplen;
  guint32 origlen;
  gint32  stream;         /* tcp.stream, or -1 */
  guint32 rel_seq;        /* from the tracker, valid with SL_PACKET_RECORD_RELATIVE */
  guint32 rel_ack;
  guint32 window_size;
  guint16 tcp_flags;
  guint16 linktype;
  guint8  flags;          /* SlPacketRecordFlags */
} SlPacketRecord;

typedef enum
{
  SL_PACKET_RECORD_TCP         = 1 << 0,
  SL_PACKET_RECORD_RELATIVE    = 1 << 1,
  SL_PACKET_RECORD_FROM_CLIENT = 1 << 2,
} SlPacketRecordFlags;

#define SL_PACKET_STORE_CHUNK_SIZE   (4 * 1024 * 1024)
#define SL_PACKET_STORE_MAX_CAPLEN   262144

typedef struct _SlPacketStore SlPacketStore;

SlPacketStore  *sl_packet_store_new            (void);
void            sl_packet_store_free           (SlPacketStore        *self);

/* The writer: one thread at a time (the capture's reader thread) */
void            sl_packet_store_begin_stream   (SlPacketStore        *self);
gsize           sl_packet_store_parse          (SlPacketStore        *self,
                                                const guint8         *data,
                                                gsize                 len,
                                                GError              **error);
gboolean        sl_packet_store_commit         (SlPacketStore        *self);
guint           sl_packet_store_get_n_written  (SlPacketStore        *self);

/* The readers: any thread */
guint           sl_packet_store_get_n_committed (SlPacketStore       *self,
                                                 guint               *generation);
guint           sl_packet_store_get_linktype   (SlPacketStore        *self);
gboolean        sl_packet_store_get            (SlPacketStore        *self,
                                                guint                 index,
                                                SlPacketRecord       *record,
                                                GBytes              **bytes);
typedef gboolean (*SlPacketStoreFunc)          (const SlPacketRecord *record,
                                                const guint8         *data,
                                                gpointer              user_data);
guint           sl_packet_store_foreach        (SlPacketStore        *self,
                                                guint                 from,
                                                guint                 to,
                                                SlPacketStoreFunc     func,
                                                gpointer              user_data);
/* Empties the store: at once when no writer is active, else at the
 * writer's next commit (committed packets disappear at once for readers). */
void            sl_packet_store_clear          (SlPacketStore        *self,
                                                gboolean              writer_active);
/* Bytes held: chunks + record blocks + directories */
gsize           sl_packet_store_get_memory     (SlPacketStore        *self);

G_END_DECLS
