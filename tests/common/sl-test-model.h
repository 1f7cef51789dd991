/* sl-test-model.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Counting a GListModel's "items-changed" signals, as a list view that
 * shows the model would see them. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  guint signals;
  guint added;
  guint removed;
} SlTestChangeCount;

/* Connect to "items-changed" with a SlTestChangeCount as data */
G_GNUC_UNUSED static void
sl_test_on_items_changed (GListModel        *model,
                          guint              position,
                          guint              removed,
                          guint              added,
                          SlTestChangeCount *count)
{
  count->signals++;
  count->added += added;
  count->removed += removed;
}

G_END_DECLS
