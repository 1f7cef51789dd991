/* sl-capture-packet.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlPacket, one row of the capture list, and the pcap export. An SlPacket
 * is made on the main thread when the list asks for a row and holds its own
 * copy of the record and the bytes, so it stays valid after the capture is
 * cleared; its summary is dissected on first use. */

#include "config.h"

#define G_LOG_DOMAIN "sl-capture"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <pcap/pcap.h>
#include <stdio.h>

#include "sl-capture-private.h"

struct _SlPacket
{
  GObject parent_instance;

  guint index;
  SlPacketRecord record;
  gint64 first_ts_us;
  GBytes *bytes;
  SlPacketSummary *summary;   /* on first use */
};

G_DEFINE_FINAL_TYPE (SlPacket, sl_packet, G_TYPE_OBJECT)

static void
sl_packet_finalize (GObject *object)
{
  SlPacket *self = SL_PACKET (object);

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self->summary);

  G_OBJECT_CLASS (sl_packet_parent_class)->finalize (object);
}

static void
sl_packet_class_init (SlPacketClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_packet_finalize;
}

static void
sl_packet_init (SlPacket *self)
{
}

/* Returns NULL when @index is not (or no longer) in @store. */
SlPacket *
sl_packet_new_from_store (SlPacketStore *store,
                          guint          index,
                          gint64         first_ts_us)
{
  SlPacketRecord record;
  GBytes *bytes = NULL;
  SlPacket *self;

  if (!sl_packet_store_get (store, index, &record, &bytes))
    return NULL;

  self = g_object_new (SL_TYPE_PACKET, NULL);
  self->index = index;
  self->record = record;
  self->bytes = bytes;
  self->first_ts_us = first_ts_us;

  return self;
}

guint
sl_packet_get_index (SlPacket *self)
{
  g_return_val_if_fail (SL_IS_PACKET (self), 0);
  return self->index;
}

gint64
sl_packet_get_time_us (SlPacket *self)
{
  g_return_val_if_fail (SL_IS_PACKET (self), 0);
  return self->record.ts_us;
}

double
sl_packet_get_relative_time (SlPacket *self)
{
  g_return_val_if_fail (SL_IS_PACKET (self), 0.0);
  return (double) (self->record.ts_us - self->first_ts_us) / G_USEC_PER_SEC;
}

guint
sl_packet_get_caplen (SlPacket *self)
{
  g_return_val_if_fail (SL_IS_PACKET (self), 0);
  return self->record.caplen;
}

guint
sl_packet_get_origlen (SlPacket *self)
{
  g_return_val_if_fail (SL_IS_PACKET (self), 0);
  return self->record.origlen;
}

guint
sl_packet_get_linktype (SlPacket *self)
{
  g_return_val_if_fail (SL_IS_PACKET (self), 0);
  return self->record.linktype;
}

/**
 * sl_packet_get_bytes:
 *
 * Returns: (transfer none): the captured bytes
 */
GBytes *
sl_packet_get_bytes (SlPacket *self)
{
  g_return_val_if_fail (SL_IS_PACKET (self), NULL);
  return self->bytes;
}

/**
 * sl_packet_get_summary:
 *
 * Returns: (transfer none): the dissected summary, with the relative
 *   seq/ack that the capture's tracker gave this packet when it arrived
 */
const SlPacketSummary *
sl_packet_get_summary (SlPacket *self)
{
  g_return_val_if_fail (SL_IS_PACKET (self), NULL);

  if (self->summary == NULL)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (self->bytes, &len);
      SlPacketSummary *s = g_new0 (SlPacketSummary, 1);

      sl_dissect_summary (self->record.linktype, data, len, self->record.origlen, s);
      if (s->is_tcp && (self->record.flags & SL_PACKET_RECORD_RELATIVE))
        {
          s->tcp.relative = TRUE;
          s->tcp.stream = (guint) self->record.stream;
          s->tcp.from_client = (self->record.flags & SL_PACKET_RECORD_FROM_CLIENT) != 0;
          s->tcp.rel_seq = self->record.rel_seq;
          s->tcp.rel_ack = self->record.rel_ack;
          s->tcp.window_size = self->record.window_size;
          sl_dissect_format_tcp_info (s);
        }
      self->summary = s;
    }

  return self->summary;
}

int
sl_packet_get_stream (SlPacket *self)
{
  g_return_val_if_fail (SL_IS_PACKET (self), -1);
  return self->record.stream;
}

/* Extra accessors, cheap: straight from the record */
guint
sl_packet_get_tcp_flags (SlPacket *self)
{
  g_return_val_if_fail (SL_IS_PACKET (self), 0);
  return self->record.tcp_flags;
}

/* Export ------------------------------------------------------------------- */

typedef struct
{
  pcap_dumper_t *dumper;
} ExportData;

static gboolean
dump_one (const SlPacketRecord *record,
          const guint8         *data,
          gpointer              user_data)
{
  ExportData *export = user_data;
  struct pcap_pkthdr header;

  header.ts.tv_sec = record->ts_us / G_USEC_PER_SEC;
  header.ts.tv_usec = record->ts_us % G_USEC_PER_SEC;
  header.caplen = record->caplen;
  header.len = record->origlen;
  pcap_dump ((u_char *) export->dumper, &header, data);

  return TRUE;
}

static gboolean
export_failed (const char  *path,
               const char  *reason,
               GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               /* Translators: the first %s is a file name, the second the reason */
               _("Could not save the capture to %s: %s"), display, reason);
  return FALSE;
}

gboolean
sl_capture_export_store (SlPacketStore  *store,
                         guint           n_packets,
                         const char     *path,
                         GError        **error)
{
  ExportData export;
  pcap_t *dead;
  guint linktype = sl_packet_store_get_linktype (store);
  int errsv;
  gboolean ok;

  /* An empty capture that never started: say Linux cooked v2, what "any" gives */
  if (linktype == 0 && n_packets == 0)
    linktype = DLT_LINUX_SLL2;

  dead = pcap_open_dead ((int) linktype, SL_PACKET_STORE_MAX_CAPLEN);
  if (dead == NULL)
    return export_failed (path, g_strerror (ENOMEM), error);

  export.dumper = pcap_dump_open (dead, path);
  if (export.dumper == NULL)
    {
      /* libpcap's text names the file and the errno reason; keep the reason */
      g_autofree char *reason = g_strdup (pcap_geterr (dead));
      const char *colon = g_strrstr (reason, ": ");

      pcap_close (dead);
      return export_failed (path, colon != NULL ? colon + 2 : reason, error);
    }

  sl_packet_store_foreach (store, 0, n_packets, dump_one, &export);

  errno = 0;
  ok = pcap_dump_flush (export.dumper) == 0 && !ferror (pcap_dump_file (export.dumper));
  errsv = errno != 0 ? errno : EIO;
  pcap_dump_close (export.dumper);
  pcap_close (dead);

  if (!ok)
    return export_failed (path, g_strerror (errsv), error);

  return TRUE;
}
