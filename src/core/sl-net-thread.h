/* sl-net-thread.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GMainContext *sl_net_thread_get_context (void);
gboolean      sl_net_thread_is_current  (void);
void          sl_net_thread_invoke      (GSourceFunc    func,
                                         gpointer       data,
                                         GDestroyNotify notify);
void          sl_net_thread_run_sync    (GSourceFunc    func,
                                         gpointer       data);

G_END_DECLS
