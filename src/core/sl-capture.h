/* sl-capture.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sl-dissect.h"
#include "sl-tcp-tracker.h"

G_BEGIN_DECLS

/* The capture: runs socket-lab-helper (src/helper/PROTOCOL.md) with
 * GSubprocess, reads its pcap stream on a reader thread of its own, and
 * keeps every packet in a compact store: the bytes in large chunks, and one
 * SlPacketRecord (at most 64 bytes) per packet. The packets are a
 * GListModel whose SlPacket items are made only when asked for (the list
 * view asks for visible rows only), so a million packets cost their bytes
 * plus 64 bytes each. New packets are published to the main thread at most
 * once per frame with one items-changed.
 *
 * "This session" mode (the default) keeps the helper's filter equal to
 * sl_port_registry_build_filter() of the default registry, updated as
 * engines start and stop; "all-traffic" captures everything. */

typedef enum
{
  SL_CAPTURE_STOPPED,
  SL_CAPTURE_STARTING,
  SL_CAPTURE_RUNNING,
  SL_CAPTURE_FAILED,
} SlCaptureState;

/* Why a capture cannot run; the UI chooses its words by this. */
typedef enum
{
  SL_CAPTURE_PROBLEM_NONE,
  SL_CAPTURE_PROBLEM_NO_PERMISSION,   /* the helper lacks CAP_NET_RAW: the banner */
  SL_CAPTURE_PROBLEM_NO_HELPER,       /* not installed / not found */
  SL_CAPTURE_PROBLEM_NO_INTERFACE,
  SL_CAPTURE_PROBLEM_BAD_FILTER,
  SL_CAPTURE_PROBLEM_FAILED,
} SlCaptureProblem;

#define SL_TYPE_PACKET (sl_packet_get_type ())
G_DECLARE_FINAL_TYPE (SlPacket, sl_packet, SL, PACKET, GObject)

/* A row: made on demand from the store. Cheap accessors; the summary is
 * dissected on first use and cached in the object (not in the store). */
guint                  sl_packet_get_index          (SlPacket *self); /* 0-based; "No." shows +1 */
gint64                 sl_packet_get_time_us        (SlPacket *self); /* Unix time, µs */
double                 sl_packet_get_relative_time  (SlPacket *self); /* seconds since the first packet */
guint                  sl_packet_get_caplen         (SlPacket *self);
guint                  sl_packet_get_origlen        (SlPacket *self);
guint                  sl_packet_get_linktype       (SlPacket *self);
GBytes                *sl_packet_get_bytes          (SlPacket *self);
/* Dissected with relative seq/ack from the capture's tracker */
const SlPacketSummary *sl_packet_get_summary        (SlPacket *self);
/* TCP stream index (as tcp.stream), or -1 */
int                    sl_packet_get_stream         (SlPacket *self);
/* SlTcpFlags of a TCP packet (0 otherwise), without dissecting */
guint                  sl_packet_get_tcp_flags      (SlPacket *self);

#define SL_TYPE_CAPTURE (sl_capture_get_type ())
G_DECLARE_FINAL_TYPE (SlCapture, sl_capture, SL, CAPTURE, GObject)

/* Create on the main thread. Properties (notified there): "state",
 * "problem", "problem-detail" (helper's English line, for logs),
 * "interface", "all-traffic", "n-packets", "n-dropped" (libpcap's count),
 * "linktype". */
SlCapture       *sl_capture_new                (void);
GListModel      *sl_capture_get_packets        (SlCapture   *self);  /* SlPacket */
SlPacket        *sl_capture_get_packet         (SlCapture   *self,
                                                guint        index);
SlCaptureState   sl_capture_get_state          (SlCapture   *self);
SlCaptureProblem sl_capture_get_problem        (SlCapture   *self);
const char      *sl_capture_get_problem_detail (SlCapture   *self);
void             sl_capture_set_interface      (SlCapture   *self,
                                                const char  *interface); /* "any" default */
const char      *sl_capture_get_interface      (SlCapture   *self);
void             sl_capture_set_all_traffic    (SlCapture   *self,
                                                gboolean     all_traffic);
gboolean         sl_capture_get_all_traffic    (SlCapture   *self);
guint            sl_capture_get_n_packets      (SlCapture   *self);
guint64          sl_capture_get_n_dropped      (SlCapture   *self);
/* The filter in force, as sent to the helper */
const char      *sl_capture_get_filter         (SlCapture   *self);

void             sl_capture_start              (SlCapture   *self);
void             sl_capture_stop               (SlCapture   *self);
void             sl_capture_clear              (SlCapture   *self);

/* The TCP stream of packet @index without making a row object, or -1 */
int              sl_capture_get_packet_stream  (SlCapture   *self,
                                                guint        index);

/* The TCP conversations seen so far (for the ladder view) */
SlTcpTracker    *sl_capture_get_tracker        (SlCapture   *self);

/* Writes the packets as a pcap file with libpcap's writer
 * (pcap_open_dead + pcap_dump_open). Blocks: for tests and tools. */
gboolean         sl_capture_export             (SlCapture   *self,
                                                const char  *path,
                                                GError     **error);
/* The same in a worker thread, for the UI: a million packets are a
 * hundred megabytes to write. The packets present at the call are
 * written. */
void             sl_capture_export_async       (SlCapture           *self,
                                                const char          *path,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean         sl_capture_export_finish      (SlCapture           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* The helper's path: $SOCKET_LAB_HELPER, else LIBEXECDIR/socket-lab-helper */
const char      *sl_capture_get_helper_path    (void);

/* The one command an administrator runs to let the helper capture */
char            *sl_capture_dup_setcap_command (void);

G_END_DECLS
