/* sl-dissect.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Link types, as pcap files and libpcap name them (www.tcpdump.org/linktypes.html). */
#define SL_LINKTYPE_NULL       0    /* BSD loopback: 4-byte address family, host order */
#define SL_LINKTYPE_ETHERNET   1
#define SL_LINKTYPE_RAW        101  /* bare IPv4 or IPv6 */
#define SL_LINKTYPE_LINUX_SLL  113  /* Linux cooked capture v1 ("any" interface) */
#define SL_LINKTYPE_LINUX_SLL2 276  /* Linux cooked capture v2 */

typedef enum
{
  SL_DISSECT_OK        = 0,
  SL_DISSECT_TRUNCATED = 1 << 0, /* the captured bytes end before a header or a declared length */
  SL_DISSECT_MALFORMED = 1 << 1, /* fields contradict each other (IHL < 5, lengths past the end…) */
  SL_DISSECT_UNKNOWN   = 1 << 2, /* a link type or protocol this dissector does not decode */
} SlDissectStatus;

/* TCP flags, bit for bit as in the header's 12-bit flags field. */
typedef enum
{
  SL_TCP_FIN = 1 << 0,
  SL_TCP_SYN = 1 << 1,
  SL_TCP_RST = 1 << 2,
  SL_TCP_PSH = 1 << 3,
  SL_TCP_ACK = 1 << 4,
  SL_TCP_URG = 1 << 5,
  SL_TCP_ECE = 1 << 6,
  SL_TCP_CWR = 1 << 7,
  SL_TCP_NS  = 1 << 8,
} SlTcpFlags;

/* Addresses and ports of one packet, as sent: src is the sender.
 * Unused address bytes are zero, so keys compare with memcmp. */
typedef struct
{
  guint8  family; /* 4 or 6; 0 when the packet is not TCP or UDP over IP */
  guint8  src[16];
  guint8  dst[16];
  guint16 src_port;
  guint16 dst_port;
} SlConversationKey;

#define SL_DISSECT_ADDRESS_LEN 48
#define SL_DISSECT_INFO_LEN    256

/* What the packet list shows for one packet. Filled without allocating:
 * sl_dissect_summary() runs for every captured packet. */
typedef struct
{
  SlDissectStatus status;
  const char *protocol;       /* static: "TCP", "UDP", "ARP", "HTTP", "IGMPv3", "MLDv2"… */
  const char *problem_layer;  /* static: the layer that was truncated or malformed, or NULL */
  char source[SL_DISSECT_ADDRESS_LEN];      /* IP address, or MAC address for non-IP */
  char destination[SL_DISSECT_ADDRESS_LEN];
  char info[SL_DISSECT_INFO_LEN];           /* built from the fields; network bytes escaped */

  guint16 ethertype;          /* 0 when unknown */
  guint8  ip_version;         /* 4, 6 or 0 */
  guint8  ip_protocol;        /* transport protocol number (after IPv6 extension headers) */

  SlConversationKey key;      /* family != 0 for TCP and UDP */

  gboolean is_tcp;
  gboolean is_udp;
  gboolean is_http;           /* the TCP payload starts with an HTTP request or status line */

  struct
  {
    guint32  seq;             /* raw, as on the wire */
    guint32  ack;
    guint16  flags;           /* SlTcpFlags */
    guint16  window;          /* raw, unscaled */
    guint16  checksum;
    guint32  payload_offset;  /* from the start of the packet */
    guint32  payload_length;  /* as the IP header declares it (may exceed the captured bytes) */
    gint32   mss;             /* option value, or -1 */
    gint8    window_scale;    /* option value, or -1 */
    gboolean sack_permitted;

    /* Set by SlTcpTracker (sl_tcp_tracker_add()/_relate()); zero until then. */
    gboolean relative;        /* rel_seq, rel_ack and window_size are valid */
    gboolean from_client;
    guint    stream;          /* like tshark's tcp.stream */
    guint32  rel_seq;
    guint32  rel_ack;
    guint32  window_size;     /* window shifted by the scale the SYNs agreed on */
  } tcp;

  struct
  {
    guint16 length;           /* the UDP length field */
  } udp;
} SlPacketSummary;

gboolean sl_dissect_summary          (guint            linktype,
                                      const guint8    *data,
                                      gsize            caplen,
                                      gsize            origlen,
                                      SlPacketSummary *out);
void     sl_dissect_format_tcp_info  (SlPacketSummary *summary);
char    *sl_dissect_tcp_flags_string (guint            flags);

/* The packet detail pane: every layer (depth 0) and its fields (depth 1,
 * sub-fields depth 2) with the bytes they come from, so that the hex dump
 * can highlight them. offset + length never exceeds the captured length. */
typedef struct
{
  const char     *label;   /* "Source port: 55556", translated; owned by the dissection */
  guint           depth;
  guint           offset;
  guint           length;
  SlDissectStatus status;  /* this node reports a truncated or malformed part */
} SlDissectField;

typedef struct _SlDissection SlDissection;

SlDissection          *sl_dissect_tree                (guint               linktype,
                                                       const guint8       *data,
                                                       gsize               caplen,
                                                       gsize               origlen);
guint                  sl_dissection_get_n_fields     (const SlDissection *dissection);
const SlDissectField  *sl_dissection_get_field        (const SlDissection *dissection,
                                                       guint               index);
const SlPacketSummary *sl_dissection_get_summary      (const SlDissection *dissection);
void                   sl_dissection_free             (SlDissection       *dissection);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDissection, sl_dissection_free)

G_END_DECLS
