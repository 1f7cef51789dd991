/* sl-port-registry.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Which ports the app's own engines use right now, so that the capture
 * view shows "this session" by default: engines add a port when they bind,
 * listen or connect and remove it when they close (counted: the same port
 * may be added twice). Thread-safe: engines call it from the network
 * thread; "changed" is emitted on the main context, at most once per
 * main-loop iteration. */

typedef enum
{
  SL_PORT_TCP,
  SL_PORT_UDP,
} SlPortProtocol;

#define SL_TYPE_PORT_REGISTRY (sl_port_registry_get_type ())
G_DECLARE_FINAL_TYPE (SlPortRegistry, sl_port_registry, SL, PORT_REGISTRY, GObject)

SlPortRegistry *sl_port_registry_get_default  (void);
void            sl_port_registry_add          (SlPortRegistry *self,
                                               SlPortProtocol  protocol,
                                               guint16         port);
void            sl_port_registry_remove       (SlPortRegistry *self,
                                               SlPortProtocol  protocol,
                                               guint16         port);
/* "tcp port 55556 or tcp port 9999 or udp port 8123"; with no port, a
 * filter that matches nothing in practice: SL_PORT_REGISTRY_EMPTY_FILTER,
 * "tcp port 0" (libpcap's optimizer refuses "tcp port 0 and udp port 0":
 * "expression rejects all packets"). */
#define SL_PORT_REGISTRY_EMPTY_FILTER "tcp port 0"
char           *sl_port_registry_build_filter (SlPortRegistry *self);
gboolean        sl_port_registry_is_empty     (SlPortRegistry *self);

/* Additions for the capture and for tests (any thread unless noted) */
SlPortRegistry *sl_port_registry_new          (void);
/* How long a port stays in the filter after its last user removed it, so
 * that the closing FIN/ACK and ACK are captured (default 1000 ms). */
void            sl_port_registry_set_linger   (SlPortRegistry *self,
                                               guint           linger_ms);
guint           sl_port_registry_get_count    (SlPortRegistry *self,
                                               SlPortProtocol  protocol,
                                               guint16         port);
guint64         sl_port_registry_get_serial   (SlPortRegistry *self);
/* sl_port_registry_add(), then @callback on @context (NULL: thread-default)
 * once every following capture has the port in its filter, or after
 * @timeout_ms: engines call it right before connect() so the SYN is seen. */
void            sl_port_registry_add_and_wait (SlPortRegistry *self,
                                               SlPortProtocol  protocol,
                                               guint16         port,
                                               GMainContext   *context,
                                               guint           timeout_ms,
                                               GSourceFunc     callback,
                                               gpointer        data,
                                               GDestroyNotify  notify);
/* For SlCapture in "this session" mode */
guint           sl_port_registry_follow       (SlPortRegistry *self);
void            sl_port_registry_applied      (SlPortRegistry *self,
                                               guint           id,
                                               guint64         serial);
void            sl_port_registry_unfollow     (SlPortRegistry *self,
                                               guint           id);

G_END_DECLS
