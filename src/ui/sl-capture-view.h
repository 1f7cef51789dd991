/* sl-capture-view.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sl-capture.h"

G_BEGIN_DECLS

/* The capture pane under the pages: a toolbar (start, stop, clear, the
 * interface, this session or all traffic, save), the live packet list with
 * the selected packet's fields and bytes, and the TCP ladder diagram of
 * the selected packet's connection. */

#define SL_TYPE_CAPTURE_VIEW (sl_capture_view_get_type ())
G_DECLARE_FINAL_TYPE (SlCaptureView, sl_capture_view, SL, CAPTURE_VIEW, GtkWidget)

GtkWidget *sl_capture_view_new                 (SlCapture     *capture);
/* Property "capture" */
void       sl_capture_view_set_capture         (SlCaptureView *self,
                                                SlCapture     *capture);
SlCapture *sl_capture_view_get_capture         (SlCaptureView *self);
/* SlEventLog items, for the ladder diagram's socket calls */
void       sl_capture_view_set_event_logs      (SlCaptureView *self,
                                                GPtrArray     *logs);
/* Property "selected-packet": the packet index selected in the list, or -1 */
int        sl_capture_view_get_selected_packet (SlCaptureView *self);
void       sl_capture_view_set_selected_packet (SlCaptureView *self,
                                                int            index);
/* Highlights the packets an event caused (guint indices) and selects the
 * first of them; an empty or NULL array removes the highlight. */
void       sl_capture_view_link_packets        (SlCaptureView *self,
                                                GArray        *indices);
gboolean   sl_capture_view_is_packet_linked    (SlCaptureView *self,
                                                guint          index);

G_END_DECLS
