/* sl-frame-link.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sl-frame.h"

G_BEGIN_DECLS

/* A frame the link received (or saw leave: the capture sees both ways) */
#define SL_TYPE_RECEIVED_FRAME (sl_received_frame_get_type ())
G_DECLARE_FINAL_TYPE (SlReceivedFrame, sl_received_frame, SL, RECEIVED_FRAME, GObject)

SlReceivedFrame *sl_received_frame_new             (gint64        time_us,
                                                    const guint8 *data,
                                                    gsize         len);
gint64           sl_received_frame_get_time_us     (SlReceivedFrame *self); /* Unix time, µs */
GBytes          *sl_received_frame_get_bytes       (SlReceivedFrame *self); /* the whole frame */
/* "aa:bb:cc:dd:ee:ff" */
const char      *sl_received_frame_get_destination (SlReceivedFrame *self);
const char      *sl_received_frame_get_source      (SlReceivedFrame *self);
guint16          sl_received_frame_get_ethertype   (SlReceivedFrame *self);
GBytes          *sl_received_frame_get_payload     (SlReceivedFrame *self);
/* The payload as the list shows it: text when UTF-8, else hex */
const char      *sl_received_frame_get_payload_text (SlReceivedFrame *self);
gboolean         sl_received_frame_get_payload_is_text (SlReceivedFrame *self);
/* Zero bytes after UTF-8 text (a card's padding), left out of the text */
gsize            sl_received_frame_get_n_padding   (SlReceivedFrame *self);
/* "12:00:01.250" in local time */
char            *sl_received_frame_format_time     (SlReceivedFrame *self);

/* SlFrameLink: sends and receives raw Ethernet frames through
 * socket-lab-helper (src/helper/PROTOCOL.md), one helper process per
 * interface in use. Lives on the thread-default main context it was made
 * on (the main thread in the app): it only waits for the helper
 * asynchronously, so that thread never blocks. Received frames go to a
 * bounded list, published at most 20 times a second. */

#define SL_FRAME_LINK_MAX_FRAMES   1000
/* One Send: at most this many frames, whatever count × messages is */
#define SL_FRAME_LINK_MAX_SEND     10000

#define SL_TYPE_FRAME_LINK (sl_frame_link_get_type ())
G_DECLARE_FINAL_TYPE (SlFrameLink, sl_frame_link, SL, FRAME_LINK, GObject)

/* Properties (notified on the link's context): "receiving",
 * "receive-interface", "receive-ethertype" (-1: all), "n-received",
 * "sending", "n-sent", "error" (the last problem as a GError, or NULL). */
SlFrameLink  *sl_frame_link_new                   (void);
/* Items: SlReceivedFrame, oldest first, at most SL_FRAME_LINK_MAX_FRAMES */
GListModel   *sl_frame_link_get_frames            (SlFrameLink  *self);
void          sl_frame_link_clear_frames          (SlFrameLink  *self);

/* @ethertype -1: every EtherType. Replaces a receive in progress. */
void          sl_frame_link_start_receive         (SlFrameLink  *self,
                                                   const char   *interface,
                                                   int           ethertype);
void          sl_frame_link_stop_receive          (SlFrameLink  *self);
gboolean      sl_frame_link_get_receiving         (SlFrameLink  *self);
const char   *sl_frame_link_get_receive_interface (SlFrameLink  *self);
int           sl_frame_link_get_receive_ethertype (SlFrameLink  *self);
guint64       sl_frame_link_get_n_received        (SlFrameLink  *self);

/* Sends @frames (GBytes, whole frames from sl_frame_build()) @count
 * times, @interval_ms apart (0: at once). Replaces a send in progress.
 * FALSE with @error when nothing can be sent (too many frames). */
gboolean      sl_frame_link_send                  (SlFrameLink  *self,
                                                   const char   *interface,
                                                   GPtrArray    *frames,
                                                   guint         count,
                                                   guint         interval_ms,
                                                   GError      **error);
void          sl_frame_link_stop_sending          (SlFrameLink  *self);
gboolean      sl_frame_link_get_sending           (SlFrameLink  *self);
/* Frames the helper confirmed as sent, since the link was made */
guint64       sl_frame_link_get_n_sent            (SlFrameLink  *self);

const GError *sl_frame_link_get_error             (SlFrameLink  *self);
void          sl_frame_link_clear_error           (SlFrameLink  *self);

/* Stops every helper (window closing) */
void          sl_frame_link_stop_all              (SlFrameLink  *self);

G_END_DECLS
