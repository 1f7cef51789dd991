/* sl-test-events.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Looking for events in an engine's SlEventLog, and waiting for them with
 * a bounded spin of the default main context. */

#pragma once

#include <string.h>

#include "sl-event-log.h"
#include "sl-test-wait.h"

G_BEGIN_DECLS

/* The @nth event (from 0) of @kind whose message contains @text (any
 * message when NULL), or NULL; the log keeps its reference */
G_GNUC_UNUSED static SlEvent *
sl_test_find_event (SlEventLog  *log,
                    SlEventKind  kind,
                    const char  *text,
                    guint        nth)
{
  guint i, n;

  sl_event_log_flush (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (i = 0; i < n; i++)
    {
      g_autoptr(SlEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (sl_event_get_kind (event) == kind &&
          (text == NULL || strstr (sl_event_get_message (event) ?: "", text) != NULL) &&
          nth-- == 0)
        return event;
    }

  return NULL;
}

typedef struct
{
  SlEventLog *log;
  SlEventKind kind;
  const char *text;     /* in the message, or NULL */
  guint nth;
} SlTestEventWait;

G_GNUC_UNUSED static gboolean
sl_test_event_present (gpointer data)
{
  SlTestEventWait *wait = data;

  return sl_test_find_event (wait->log, wait->kind, wait->text, wait->nth) != NULL;
}

/* The first event of @kind with @text, once it is in the log; NULL when
 * none came within @timeout_ms */
G_GNUC_UNUSED static SlEvent *
sl_test_wait_event (SlEventLog  *log,
                    SlEventKind  kind,
                    const char  *text,
                    guint        timeout_ms)
{
  SlTestEventWait wait = { log, kind, text, 0 };

  if (!sl_test_spin_until (sl_test_event_present, &wait, timeout_ms))
    return NULL;
  return sl_test_find_event (log, kind, text, 0);
}

G_END_DECLS
