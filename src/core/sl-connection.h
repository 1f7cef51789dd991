/* sl-connection.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One TCP connection as the UI sees it. Created by an engine on the network
 * thread; its properties are read and notified on the main thread only.
 * The engine updates the counters with the _update_ functions (any thread,
 * lock-free); sl_connection_refresh() (main thread, called by the engine's
 * timer) publishes them and the kernel's TCP_INFO as property changes. */

typedef enum
{
  SL_CONNECTION_OPEN,
  SL_CONNECTION_PEER_CLOSED,    /* FIN received, we may still send */
  SL_CONNECTION_CLOSED,
} SlConnectionState;

#define SL_TYPE_CONNECTION (sl_connection_get_type ())
G_DECLARE_FINAL_TYPE (SlConnection, sl_connection, SL, CONNECTION, GObject)

SlConnection     *sl_connection_new                (guint64       id,
                                                    const char   *local_address,
                                                    const char   *peer_address,
                                                    int           fd);
guint64           sl_connection_get_id             (SlConnection *self);
const char       *sl_connection_get_local_address  (SlConnection *self);
const char       *sl_connection_get_peer_address   (SlConnection *self);
SlConnectionState sl_connection_get_state          (SlConnection *self);
guint64           sl_connection_get_bytes_received (SlConnection *self);
guint64           sl_connection_get_bytes_sent     (SlConnection *self);
/* From TCP_INFO: "ESTABLISHED", "CLOSE_WAIT", … (not translated: kernel names) */
const char       *sl_connection_get_tcp_state      (SlConnection *self);
guint             sl_connection_get_rtt_us         (SlConnection *self);
guint             sl_connection_get_retransmits    (SlConnection *self);

/* Any thread */
void              sl_connection_update_received    (SlConnection *self,
                                                    gsize         n);
void              sl_connection_update_sent        (SlConnection *self,
                                                    gsize         n);
void              sl_connection_update_state       (SlConnection *self,
                                                    SlConnectionState state);
/* Network thread, right before the fd is closed */
void              sl_connection_forget_fd          (SlConnection *self);

/* Main thread */
void              sl_connection_refresh            (SlConnection *self);

G_END_DECLS
