/* sl-listener-row.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sl-tcp-server.h"

G_BEGIN_DECLS

/* One running listener on the TCP server page: the address and port as
 * bound, its reply mode, how many connections it has, and a Stop button
 * (signal "stop"). */

#define SL_TYPE_LISTENER_ROW (sl_listener_row_get_type ())
G_DECLARE_FINAL_TYPE (SlListenerRow, sl_listener_row, SL, LISTENER_ROW, GtkWidget)

GtkWidget  *sl_listener_row_new          (SlListener    *listener);
SlListener *sl_listener_row_get_listener (SlListenerRow *self);

G_END_DECLS
