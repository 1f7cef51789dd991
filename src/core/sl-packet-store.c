/* sl-packet-store.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlPacketStore keeps every captured packet of an SlCapture, compactly: the
 * bytes back to back in 4 MB chunks (a packet never spans two), and one
 * SlPacketRecord per packet in blocks of 65,536 records. Neither moves once
 * written, so a million packets cost their bytes plus sizeof (SlPacketRecord)
 * each, and appending never copies what is already stored.
 *
 * One writer (the capture's reader thread) parses the pcap stream straight
 * from its read buffer, dissects each packet, runs the writer's own
 * SlTcpTracker for TCP, and appends — with no allocation and no lock per
 * packet: the lock is taken only when a chunk or a block is added and once
 * per batch in sl_packet_store_commit(), which makes the batch visible.
 * Readers (the main thread) see committed packets only, under the same lock.
 * The writer frees memory only under the lock, so a reader never holds a
 * pointer into the store outside it.
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-packet-store"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-dissect.h"
#include "sl-packet-store.h"

#define RECORDS_PER_BLOCK 65536
#define PCAP_HEADER_LEN   24
#define RECORD_HEADER_LEN 16

G_STATIC_ASSERT (sizeof (SlPacketRecord) <= 64);
G_STATIC_ASSERT (SL_PACKET_STORE_MAX_CAPLEN <= SL_PACKET_STORE_CHUNK_SIZE);

struct _SlPacketStore
{
  GMutex lock;

  /* Grown by the writer under the lock; read by readers under the lock */
  guint8 **chunks;
  guint n_chunks;
  guint chunks_alloc;
  SlPacketRecord **blocks;
  guint n_blocks;
  guint blocks_alloc;
  guint n_committed;
  guint generation;       /* bumped when the packets are dropped */
  gboolean reset_pending; /* cleared while a writer was active */
  guint linktype;

  /* Writer only */
  guint n_written;
  gsize chunk_fill;       /* bytes used in the last chunk */
  gboolean have_header;
  gboolean swapped;
  gboolean nanoseconds;
  gboolean linktype_changed;
  SlTcpTracker *tracker;
};

SlPacketStore *
sl_packet_store_new (void)
{
  SlPacketStore *self = g_new0 (SlPacketStore, 1);

  g_mutex_init (&self->lock);
  self->tracker = sl_tcp_tracker_new (SL_TCP_TRACKER_DEFAULT_MAX);

  return self;
}

/* With the lock held, or with no other thread around */
static void
drop_packets_locked (SlPacketStore *self)
{
  guint i;

  for (i = 0; i < self->n_chunks; i++)
    g_free (self->chunks[i]);
  for (i = 0; i < self->n_blocks; i++)
    g_free (self->blocks[i]);
  g_clear_pointer (&self->chunks, g_free);
  g_clear_pointer (&self->blocks, g_free);
  self->n_chunks = self->chunks_alloc = 0;
  self->n_blocks = self->blocks_alloc = 0;
  self->n_written = 0;
  self->n_committed = 0;
  self->chunk_fill = 0;
  self->reset_pending = FALSE;
  sl_tcp_tracker_clear (self->tracker);
}

void
sl_packet_store_free (SlPacketStore *self)
{
  if (self == NULL)
    return;

  drop_packets_locked (self);
  sl_tcp_tracker_free (self->tracker);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* Writer ------------------------------------------------------------------ */

/* A new pcap stream (a new helper) follows: expect its global header. */
void
sl_packet_store_begin_stream (SlPacketStore *self)
{
  g_return_if_fail (self != NULL);

  self->have_header = FALSE;
}

static inline guint32
read_u32 (const guint8 *p,
          gboolean      swapped)
{
  guint32 v;

  memcpy (&v, p, 4);
  return swapped ? GUINT32_SWAP_LE_BE (v) : v;
}

static gboolean
parse_header (SlPacketStore *self,
              const guint8  *data,
              GError       **error)
{
  guint32 magic = read_u32 (data, FALSE);
  guint linktype;

  switch (magic)
    {
    case 0xa1b2c3d4: self->swapped = FALSE; self->nanoseconds = FALSE; break;
    case 0xa1b23c4d: self->swapped = FALSE; self->nanoseconds = TRUE;  break;
    case 0xd4c3b2a1: self->swapped = TRUE;  self->nanoseconds = FALSE; break;
    case 0x4d3cb2a1: self->swapped = TRUE;  self->nanoseconds = TRUE;  break;
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Not a pcap stream (magic number 0x%08x)", magic);
      return FALSE;
    }

  /* The upper bits may carry FCS information */
  linktype = read_u32 (data + 20, self->swapped) & 0xffff;

  g_mutex_lock (&self->lock);
  if (self->n_written > 0 && linktype != self->linktype)
    {
      /* One store, one link type (a pcap file has one): a capture on
       * another kind of interface starts afresh. */
      drop_packets_locked (self);
      self->generation++;
      self->linktype_changed = TRUE;
    }
  self->linktype = linktype;
  g_mutex_unlock (&self->lock);

  self->have_header = TRUE;
  return TRUE;
}

static guint8 *
chunk_for (SlPacketStore *self,
           gsize          len,
           guint32       *chunk_index)
{
  if (self->n_chunks == 0 || self->chunk_fill + len > SL_PACKET_STORE_CHUNK_SIZE)
    {
      guint8 *chunk = g_malloc (SL_PACKET_STORE_CHUNK_SIZE);

      g_mutex_lock (&self->lock);
      if (self->n_chunks == self->chunks_alloc)
        {
          self->chunks_alloc = MAX (16, self->chunks_alloc * 2);
          self->chunks = g_renew (guint8 *, self->chunks, self->chunks_alloc);
        }
      self->chunks[self->n_chunks++] = chunk;
      g_mutex_unlock (&self->lock);
      self->chunk_fill = 0;
    }

  *chunk_index = self->n_chunks - 1;
  return self->chunks[self->n_chunks - 1] + self->chunk_fill;
}

static SlPacketRecord *
next_record (SlPacketStore *self)
{
  guint block = self->n_written / RECORDS_PER_BLOCK;

  if (block == self->n_blocks)
    {
      SlPacketRecord *records = g_new (SlPacketRecord, RECORDS_PER_BLOCK);

      g_mutex_lock (&self->lock);
      if (self->n_blocks == self->blocks_alloc)
        {
          self->blocks_alloc = MAX (16, self->blocks_alloc * 2);
          self->blocks = g_renew (SlPacketRecord *, self->blocks, self->blocks_alloc);
        }
      self->blocks[self->n_blocks++] = records;
      g_mutex_unlock (&self->lock);
    }

  return &self->blocks[block][self->n_written % RECORDS_PER_BLOCK];
}

static void
append_packet (SlPacketStore *self,
               const guint8  *data,
               guint32        caplen,
               guint32        origlen,
               gint64         ts_us)
{
  SlPacketSummary summary;
  SlPacketRecord *record;
  guint32 chunk;
  guint8 *dest;

  dest = chunk_for (self, caplen, &chunk);
  memcpy (dest, data, caplen);

  record = next_record (self);
  record->ts_us = ts_us;
  record->chunk = chunk;
  record->offset = (guint32) self->chunk_fill;
  record->caplen = caplen;
  record->origlen = origlen;
  record->stream = -1;
  record->rel_seq = 0;
  record->rel_ack = 0;
  record->window_size = 0;
  record->tcp_flags = 0;
  record->linktype = (guint16) self->linktype;
  record->flags = 0;

  self->chunk_fill += caplen;

  sl_dissect_summary (self->linktype, dest, caplen, origlen, &summary);
  if (summary.is_tcp && sl_tcp_tracker_add (self->tracker, &summary))
    {
      record->flags |= SL_PACKET_RECORD_TCP;
      record->stream = (gint32) summary.tcp.stream;
      record->tcp_flags = summary.tcp.flags;
      if (summary.tcp.relative)
        {
          record->flags |= SL_PACKET_RECORD_RELATIVE;
          record->rel_seq = summary.tcp.rel_seq;
          record->rel_ack = summary.tcp.rel_ack;
          record->window_size = summary.tcp.window_size;
        }
      if (summary.tcp.from_client)
        record->flags |= SL_PACKET_RECORD_FROM_CLIENT;
    }

  /* Visible to readers at the next commit */
  self->n_written++;
}

/**
 * sl_packet_store_parse:
 * @data: pcap stream bytes, starting where the previous call stopped
 *
 * Appends every complete packet in @data (after the global header, if this
 * stream's has not been seen yet). Writer thread.
 *
 * Returns: how many bytes were used; the caller keeps the rest (an
 *   incomplete record) and passes it again with more. 0 and @error set when
 *   the stream is not pcap or is damaged.
 */
gsize
sl_packet_store_parse (SlPacketStore *self,
                       const guint8  *data,
                       gsize          len,
                       GError       **error)
{
  gsize pos = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (data != NULL || len == 0, 0);

  if (!self->have_header)
    {
      if (len < PCAP_HEADER_LEN)
        return 0;
      if (!parse_header (self, data, error))
        return 0;
      pos = PCAP_HEADER_LEN;
    }

  while (len - pos >= RECORD_HEADER_LEN)
    {
      const guint8 *h = data + pos;
      guint32 sec = read_u32 (h, self->swapped);
      guint32 frac = read_u32 (h + 4, self->swapped);
      guint32 caplen = read_u32 (h + 8, self->swapped);
      guint32 origlen = read_u32 (h + 12, self->swapped);
      gint64 ts_us;

      if (caplen > SL_PACKET_STORE_MAX_CAPLEN)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Damaged pcap stream: a record of %u bytes", caplen);
          return 0;
        }
      if (len - pos - RECORD_HEADER_LEN < caplen)
        break;

      ts_us = (gint64) sec * G_USEC_PER_SEC + (self->nanoseconds ? frac / 1000 : frac);
      append_packet (self, h + RECORD_HEADER_LEN, caplen, MAX (origlen, caplen), ts_us);
      pos += RECORD_HEADER_LEN + caplen;
    }

  return pos;
}

/**
 * sl_packet_store_commit:
 *
 * Makes the packets parsed so far visible to readers; applies a clear
 * asked for meanwhile. Writer thread, once per batch.
 *
 * Returns: %TRUE if readers have something new to see
 */
gboolean
sl_packet_store_commit (SlPacketStore *self)
{
  gboolean changed;

  g_return_val_if_fail (self != NULL, FALSE);

  g_mutex_lock (&self->lock);
  if (self->reset_pending)
    {
      /* generation was bumped by sl_packet_store_clear() */
      drop_packets_locked (self);
      changed = FALSE;
    }
  else
    {
      changed = self->n_committed != self->n_written || self->linktype_changed;
      self->n_committed = self->n_written;
    }
  self->linktype_changed = FALSE;
  g_mutex_unlock (&self->lock);

  return changed;
}

guint
sl_packet_store_get_n_written (SlPacketStore *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_written;
}

/* Readers ----------------------------------------------------------------- */

guint
sl_packet_store_get_n_committed (SlPacketStore *self,
                                 guint         *generation)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->lock);
  n = self->n_committed;
  if (generation != NULL)
    *generation = self->generation;
  g_mutex_unlock (&self->lock);

  return n;
}

guint
sl_packet_store_get_linktype (SlPacketStore *self)
{
  guint linktype;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->lock);
  linktype = self->linktype;
  g_mutex_unlock (&self->lock);

  return linktype;
}

static inline const SlPacketRecord *
record_at_locked (SlPacketStore *self,
                  guint          index)
{
  return &self->blocks[index / RECORDS_PER_BLOCK][index % RECORDS_PER_BLOCK];
}

/**
 * sl_packet_store_get:
 * @record: (out) (optional): a copy of the record
 * @bytes: (out) (optional): a copy of the packet's bytes
 *
 * Returns: %FALSE if @index is not committed (or was cleared)
 */
gboolean
sl_packet_store_get (SlPacketStore   *self,
                     guint            index,
                     SlPacketRecord  *record,
                     GBytes         **bytes)
{
  const SlPacketRecord *r;

  g_return_val_if_fail (self != NULL, FALSE);

  g_mutex_lock (&self->lock);
  if (index >= self->n_committed)
    {
      g_mutex_unlock (&self->lock);
      return FALSE;
    }

  r = record_at_locked (self, index);
  if (record != NULL)
    *record = *r;
  if (bytes != NULL)
    *bytes = g_bytes_new (self->chunks[r->chunk] + r->offset, r->caplen);
  g_mutex_unlock (&self->lock);

  return TRUE;
}

/**
 * sl_packet_store_foreach:
 *
 * Calls @func for the committed packets from @from up to (not including)
 * @to, under the store's lock (the writer waits meanwhile: keep @func
 * short), until it returns %FALSE.
 *
 * Returns: the number of packets visited
 */
guint
sl_packet_store_foreach (SlPacketStore     *self,
                         guint              from,
                         guint              to,
                         SlPacketStoreFunc  func,
                         gpointer           user_data)
{
  guint i;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (func != NULL, 0);

  g_mutex_lock (&self->lock);
  to = MIN (to, self->n_committed);
  for (i = from; i < to; i++)
    {
      const SlPacketRecord *r = record_at_locked (self, i);

      if (!func (r, self->chunks[r->chunk] + r->offset, user_data))
        {
          i++;
          break;
        }
    }
  g_mutex_unlock (&self->lock);

  return i > from ? i - from : 0;
}

void
sl_packet_store_clear (SlPacketStore *self,
                       gboolean       writer_active)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  self->generation++;
  if (writer_active)
    {
      /* The writer frees it all at its next commit: it may be writing
       * into the last chunk right now. */
      self->n_committed = 0;
      self->reset_pending = TRUE;
    }
  else
    {
      drop_packets_locked (self);
    }
  g_mutex_unlock (&self->lock);
}

gsize
sl_packet_store_get_memory (SlPacketStore *self)
{
  gsize bytes;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->lock);
  bytes = (gsize) self->n_chunks * SL_PACKET_STORE_CHUNK_SIZE +
          (gsize) self->n_blocks * RECORDS_PER_BLOCK * sizeof (SlPacketRecord) +
          (gsize) self->chunks_alloc * sizeof (guint8 *) +
          (gsize) self->blocks_alloc * sizeof (SlPacketRecord *);
  g_mutex_unlock (&self->lock);

  return bytes;
}
