/* sl-packet-cell.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One cell of the capture's packet list: one line of plain text, cut with
 * "…" when it does not fit. It is as tall as a line of its font and asks
 * for no width (the list's columns set the widths), so measuring it never
 * lays out its text: the text is shaped only when the cell is drawn, that
 * is for the rows on screen. GtkInscription does this from GTK 4.8 on; the
 * baseline is 4.6. */

#define SL_TYPE_PACKET_CELL (sl_packet_cell_get_type ())
G_DECLARE_FINAL_TYPE (SlPacketCell, sl_packet_cell, SL, PACKET_CELL, GtkWidget)

/* @xalign: 0 left, 1 right (mirrored in right-to-left locales) */
GtkWidget  *sl_packet_cell_new      (float         xalign);
/* Plain text, never markup */
void        sl_packet_cell_set_text (SlPacketCell *self,
                                     const char   *text);
const char *sl_packet_cell_get_text (SlPacketCell *self);

G_END_DECLS
