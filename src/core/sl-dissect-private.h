/* sl-dissect-private.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-dissect.h"

G_BEGIN_DECLS

/* Shared between sl-dissect.c (link and network layers) and
 * sl-dissect-transport.c (ICMP, IGMP, TCP, UDP, HTTP).
 *
 * Offsets are absolute (from the start of the packet). A layer spans
 * [off, end), where end is what the layer below declares; reading is only
 * ever allowed below MIN (end, caplen), which sl_dissect_check() enforces. */
typedef struct
{
  const guint8    *data;
  gsize            caplen;
  gsize            wirelen;  /* MAX (origlen, caplen) */
  SlPacketSummary *sum;
  GArray          *fields;   /* of SlDissectField; NULL when only summarising */
  GStringChunk    *strings;
  guint8           ttl;      /* IPv4 TTL or IPv6 hop limit, for the ping info */
} SlDissectContext;

/* Enough for every field of the largest real packet; a crafted one stops here. */
#define SL_DISSECT_MAX_FIELDS 4096

static inline guint16
sl_get16 (const guint8 *p)
{
  return (guint16) ((guint) p[0] << 8 | p[1]);
}

static inline guint32
sl_get32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

gboolean sl_dissect_check       (SlDissectContext *c,
                                 const char       *layer,
                                 gsize             off,
                                 gsize             need,
                                 gsize             end);
void     sl_dissect_problem     (SlDissectContext *c,
                                 SlDissectStatus   kind,
                                 const char       *layer,
                                 gsize             off,
                                 gsize             len,
                                 const char       *why);
guint    sl_dissect_text        (SlDissectContext *c,
                                 guint             depth,
                                 gsize             off,
                                 gsize             len,
                                 const char       *format,
                                 ...) G_GNUC_PRINTF (5, 6);
guint    sl_dissect_value       (SlDissectContext *c,
                                 guint             depth,
                                 gsize             off,
                                 gsize             len,
                                 const char       *label,
                                 const char       *format,
                                 ...) G_GNUC_PRINTF (6, 7);
void     sl_dissect_relabel     (SlDissectContext *c,
                                 guint             index,
                                 const char       *format,
                                 ...) G_GNUC_PRINTF (3, 4);
void     sl_dissect_set_length  (SlDissectContext *c,
                                 guint             index,
                                 gsize             len);
void     sl_dissect_info        (SlDissectContext *c,
                                 const char       *format,
                                 ...) G_GNUC_PRINTF (2, 3);
void     sl_dissect_info_append (SlPacketSummary  *s,
                                 const char       *format,
                                 ...) G_GNUC_PRINTF (2, 3);
void     sl_dissect_append_problem (SlPacketSummary *s);
void     sl_dissect_fix_utf8    (char            *text,
                                 gsize            size);

gsize    sl_format_uint         (guint32       value,
                                 char         *buf);
void     sl_format_ipv4         (const guint8 *addr,
                                 char         *buf,
                                 gsize         size);
void     sl_format_ipv6         (const guint8 *addr,
                                 char         *buf,
                                 gsize         size);
void     sl_format_mac          (const guint8 *addr,
                                 char         *buf,
                                 gsize         size);

/* sl-dissect-ip.c */
void     sl_dissect_arp         (SlDissectContext *c,
                                 gsize             off,
                                 gsize             end,
                                 gboolean          have_link_dst);
void     sl_dissect_ipv4        (SlDissectContext *c,
                                 gsize             off,
                                 gsize             end);
void     sl_dissect_ipv6        (SlDissectContext *c,
                                 gsize             off,
                                 gsize             end);

/* sl-dissect-icmp.c */
void     sl_dissect_icmp        (SlDissectContext *c,
                                 gsize             off,
                                 gsize             end);
void     sl_dissect_icmpv6      (SlDissectContext *c,
                                 gsize             off,
                                 gsize             end);
void     sl_dissect_igmp        (SlDissectContext *c,
                                 gsize             off,
                                 gsize             end);

/* sl-dissect-transport.c */
void     sl_dissect_transport   (SlDissectContext *c,
                                 guint8            protocol,
                                 gsize             off,
                                 gsize             end);

G_END_DECLS
