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
 * filter that matches nothing ("tcp port 0 and udp port 0"). */
char           *sl_port_registry_build_filter (SlPortRegistry *self);
gboolean        sl_port_registry_is_empty     (SlPortRegistry *self);

G_END_DECLS
