/* sl-call-link.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-capture.h"
#include "sl-event-log.h"

G_BEGIN_DECLS

/* Links the socket calls in the engines' event logs to the packets they
 * caused: connect() → SYN, accept() → the ACK that completes the handshake,
 * send() → the data segment(s) with its bytes, close() → FIN, recv() = 0 ←
 * the peer's FIN. Matching is by the connection's two endpoints (from the
 * event's local/peer, or the ACCEPTED/CONNECTED event of the same
 * connection id) and by time (the packet at or after the call, within a
 * small window). Pure: no GTK. */

/* The event that caused @packet, or NULL (transfer none: owned by its
 * log). @logs: SlEventLog items. */
SlEvent   *sl_call_link_find_event   (GPtrArray *logs,
                                      SlCapture *capture,
                                      SlPacket  *packet);
/* The packet indices (guint) that @event caused, possibly empty. */
GArray    *sl_call_link_find_packets (SlCapture  *capture,
                                      GPtrArray  *logs,
                                      SlEvent    *event);

/* The layers below, public so that tests can drive them without a live
 * capture and the ladder view can share the per-stream index. */

/* One TCP segment of a stream, as the matcher sees it */
typedef struct
{
  guint    index;           /* packet index in the capture */
  gint64   time_us;         /* Unix time, µs */
  guint16  flags;           /* SlTcpFlags */
  gboolean from_client;
  gboolean relative;        /* rel_seq counts from the ISN (the SYN was seen) */
  guint32  rel_seq;
  guint32  payload_length;
} SlCallLinkSegment;

/* "127.0.0.1:55556" or "[::1]:55556" → address bytes (unused ones zero) */
gboolean   sl_call_link_parse_endpoint   (const char              *text,
                                          guint8                  *family,
                                          guint8                   address[16],
                                          guint16                 *port);
char      *sl_call_link_format_endpoint  (guint8                   family,
                                          const guint8            *address,
                                          guint16                  port);
/* Bytes that @event's connection sent before @event, counted in @log from
 * the connection's CONNECTED/ACCEPTED event; -1 when the log no longer
 * holds the whole connection. */
gint64     sl_call_link_sent_offset      (SlEventLog              *log,
                                          SlEvent                 *event);
/* Positions in @segments (guint) that @event caused. @event_is_client: the
 * event's socket is the stream's client; @sent_offset as above (or -1). */
GArray    *sl_call_link_match_segments   (SlEvent                 *event,
                                          gboolean                 event_is_client,
                                          gint64                   sent_offset,
                                          const SlCallLinkSegment *segments,
                                          guint                    n_segments);
/* The packet indices (guint) of TCP stream @stream in capture order, from a
 * per-capture index that follows the capture as it grows and is rebuilt
 * when it is cleared. */
GArray    *sl_call_link_get_stream_packets (SlCapture             *capture,
                                            guint                  stream);
/* Every packet of @stream (up to its first @max_segments) that an event
 * caused: packet index → SlEvent (new references). Cheaper than asking
 * sl_call_link_find_event() for each packet. */
GHashTable *sl_call_link_find_stream_events (GPtrArray            *logs,
                                             SlCapture            *capture,
                                             guint                 stream,
                                             guint                 max_segments);

G_END_DECLS
