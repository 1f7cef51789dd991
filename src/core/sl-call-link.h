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

/* The event that caused @packet, or NULL. @logs: SlEventLog items. */
SlEvent   *sl_call_link_find_event   (GPtrArray *logs,
                                      SlCapture *capture,
                                      SlPacket  *packet);
/* The packet indices (guint) that @event caused, possibly empty. */
GArray    *sl_call_link_find_packets (SlCapture  *capture,
                                      GPtrArray  *logs,
                                      SlEvent    *event);

G_END_DECLS
