/* sl-test-wait.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Bounded spins of the default main context, shared by the unit and UI
 * tests: the test's thread is the engines' "main thread", so results
 * arrive only while it iterates. Every wait has a deadline. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gboolean (*SlTestCondition) (gpointer data);

/* Spins the main context until @condition holds or @timeout_ms pass;
 * sleeps 0.5 ms only when nothing was ready. */
G_GNUC_UNUSED static gboolean
sl_test_spin_until (SlTestCondition condition,
                    gpointer        data,
                    guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * (gint64) 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    }

  return TRUE;
}

/* For the "result" pointer an async callback fills in */
G_GNUC_UNUSED static gboolean
sl_test_is_nonnull (gpointer data)
{
  return *(gpointer *) data != NULL;
}

G_END_DECLS
