/* sl-net-thread.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The one network thread. Every engine's sockets are sources on this
 * thread's GMainContext (pushed as thread-default while it runs), so the GTK
 * main thread never waits on the network. Pages reach engines only through
 * functions that hop here with sl_net_thread_invoke(); engines report back
 * through SlEventLog, which hops the other way once per frame.
 *
 * The thread is started on first use and lives as long as the process.
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-net-thread"

#include "sl-net-thread.h"

static GMainContext *net_context;
static GThread *net_thread;

static gpointer
net_thread_main (gpointer data)
{
  GMainContext *context = data;

  g_main_context_push_thread_default (context);
  for (;;)
    g_main_context_iteration (context, TRUE);

  return NULL;
}

GMainContext *
sl_net_thread_get_context (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      net_context = g_main_context_new ();
      net_thread = g_thread_new ("sl-network", net_thread_main, net_context);
      g_once_init_leave (&initialized, 1);
    }

  return net_context;
}

gboolean
sl_net_thread_is_current (void)
{
  sl_net_thread_get_context ();
  return g_thread_self () == net_thread;
}

/* Runs @func once on the network thread, as soon as it is free. */
void
sl_net_thread_invoke (GSourceFunc    func,
                      gpointer       data,
                      GDestroyNotify notify)
{
  GMainContext *context = sl_net_thread_get_context ();
  GSource *source;

  g_return_if_fail (func != NULL);

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[sl-net-thread] invoke");
  g_source_attach (source, context);
  g_source_unref (source);
}

typedef struct
{
  GSourceFunc func;
  gpointer data;
  GMutex mutex;
  GCond cond;
  gboolean done;
} SyncCall;

static gboolean
run_sync_cb (gpointer user_data)
{
  SyncCall *call = user_data;

  call->func (call->data);

  g_mutex_lock (&call->mutex);
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->mutex);

  return G_SOURCE_REMOVE;
}

/* Runs @func on the network thread and waits for it. Only for short,
 * non-blocking work (tearing down sockets in dispose, tests); never for
 * anything that waits on a peer. */
void
sl_net_thread_run_sync (GSourceFunc func,
                        gpointer    data)
{
  SyncCall call = { func, data };

  g_return_if_fail (func != NULL);

  if (sl_net_thread_is_current ())
    {
      func (data);
      return;
    }

  g_mutex_init (&call.mutex);
  g_cond_init (&call.cond);

  sl_net_thread_invoke (run_sync_cb, &call, NULL);

  g_mutex_lock (&call.mutex);
  while (!call.done)
    g_cond_wait (&call.cond, &call.mutex);
  g_mutex_unlock (&call.mutex);

  g_mutex_clear (&call.mutex);
  g_cond_clear (&call.cond);
}
