/* sl-ladder-view.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sl-capture.h"

G_BEGIN_DECLS

/* The TCP ladder (sequence) diagram of one captured connection: two lanes,
 * client and server, one arrow per segment in time order with its flags,
 * relative seq/ack and length, each annotated with the socket call that
 * caused it when Socket Lab made it (connect(), accept(), send(), close()),
 * found in the pages' event logs with sl-call-link. Drawn with cairo; the
 * same drawing code writes PNG and SVG for reports. */

#define SL_TYPE_LADDER_VIEW (sl_ladder_view_get_type ())
G_DECLARE_FINAL_TYPE (SlLadderView, sl_ladder_view, SL, LADDER_VIEW, GtkWidget)

GtkWidget *sl_ladder_view_new              (void);
void       sl_ladder_view_set_capture      (SlLadderView *self,
                                            SlCapture    *capture);
/* SlEventLog items, not owned; the view holds its own references */
void       sl_ladder_view_set_event_logs   (SlLadderView *self,
                                            GPtrArray    *logs);
/* The TCP stream (tcp.stream index) to draw, or -1 */
void       sl_ladder_view_set_stream       (SlLadderView *self,
                                            int           stream);
int        sl_ladder_view_get_stream       (SlLadderView *self);
/* Property "selected-packet" (int, packet index or -1): clicking an arrow
 * sets it; setting it from outside highlights the arrow. */
int        sl_ladder_view_get_selected_packet (SlLadderView *self);
void       sl_ladder_view_set_selected_packet (SlLadderView *self,
                                               int           index);
/* Number of arrows drawn (for tests) */
guint      sl_ladder_view_get_n_segments   (SlLadderView *self);
/* Writes the diagram as PNG or SVG, chosen by the file name's ending */
gboolean   sl_ladder_view_export           (SlLadderView *self,
                                            const char   *path,
                                            GError      **error);

G_END_DECLS
