/* sl-packet-details.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The detail pane of one captured packet: every layer and field from
 * sl_dissect_tree() as an expandable tree, and a hex dump (offset, 16 hex
 * bytes, ASCII) in which the selected field's bytes are highlighted. */

#define SL_TYPE_PACKET_DETAILS (sl_packet_details_get_type ())
G_DECLARE_FINAL_TYPE (SlPacketDetails, sl_packet_details, SL, PACKET_DETAILS, GtkWidget)

GtkWidget *sl_packet_details_new                (void);
/* @bytes: the captured bytes, or NULL to show nothing */
void       sl_packet_details_set_packet         (SlPacketDetails *self,
                                                 guint            linktype,
                                                 GBytes          *bytes,
                                                 gsize            origlen);
guint      sl_packet_details_get_n_fields       (SlPacketDetails *self);
/* Selects the field with this index in sl_dissect_tree() order; -1 none */
void       sl_packet_details_select_field       (SlPacketDetails *self,
                                                 int              index);
/* The byte range highlighted in the hex dump; FALSE when none */
gboolean   sl_packet_details_get_highlight      (SlPacketDetails *self,
                                                 guint           *offset,
                                                 guint           *length);
/* The hex dump's text (for tests) */
char      *sl_packet_details_dup_hex_text       (SlPacketDetails *self);

G_END_DECLS
