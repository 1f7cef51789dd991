/* sl-connection-row.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sl-connection.h"

G_BEGIN_DECLS

/* One connection in a list: peer and local address, state, bytes in and
 * out, and what the kernel says about it (TCP_INFO: state, RTT,
 * retransmissions). Follows the connection's property changes live. */

#define SL_TYPE_CONNECTION_ROW (sl_connection_row_get_type ())
G_DECLARE_FINAL_TYPE (SlConnectionRow, sl_connection_row, SL, CONNECTION_ROW, GtkWidget)

GtkWidget    *sl_connection_row_new            (void);
void          sl_connection_row_set_connection (SlConnectionRow *self,
                                                SlConnection    *connection);
SlConnection *sl_connection_row_get_connection (SlConnectionRow *self);

G_END_DECLS
