/* sl-event-log-view.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sl-event-log.h"

G_BEGIN_DECLS

/* A compact live log: one line per SlEvent (time, the socket call such as
 * "accept()", and the event's summary), error events in red. Follows the
 * newest event unless the user has scrolled up. Shared by the TCP pages. */

#define SL_TYPE_EVENT_LOG_VIEW (sl_event_log_view_get_type ())
G_DECLARE_FINAL_TYPE (SlEventLogView, sl_event_log_view, SL, EVENT_LOG_VIEW, GtkWidget)

GtkWidget  *sl_event_log_view_new       (void);
/* @events: SlEvent items, usually an SlEventLog. Property "model". */
void        sl_event_log_view_set_model (SlEventLogView *self,
                                         GListModel     *events);
GListModel *sl_event_log_view_get_model (SlEventLogView *self);
/* Property "selected-event": the event the user selected, or NULL.
 * Setting it selects and shows the event (for the capture view's links). */
SlEvent    *sl_event_log_view_get_selected_event (SlEventLogView *self);
void        sl_event_log_view_set_selected_event (SlEventLogView *self,
                                                  SlEvent        *event);

G_END_DECLS
