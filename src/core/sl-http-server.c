/* sl-http-server.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlHttpServer owns one HTTP listener, its connections and its document
 * root: the built-in sample site or a folder the user chose. This file is
 * its main-thread half: the GObject, its properties and the start/stop
 * calls, which hop to the network thread with sl_net_thread_invoke(). The
 * sockets live there (sl-http-server-net.c), and what a request maps to is
 * decided there too (sl-http-server-files.c); requests are reported only
 * through the SlEventLog. The main thread never waits on the network
 * except in dispose, which closes every socket before it returns. */

#include "config.h"

#define G_LOG_DOMAIN "sl-http-server"

#include <gio/gio.h>

#include "sl-http-server-private.h"
#include "sl-net-thread.h"

struct _SlHttpServer
{
  GObject parent_instance;

  SlHttpShared *shared;
  SlEventLog *log;
  GCancellable *cancellable;
  guint generation;             /* bumped by stop */
  gboolean starting;
  gboolean running;
  char *address;
  guint16 port;
  char *root;
};

G_DEFINE_FINAL_TYPE (SlHttpServer, sl_http_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOG,
  PROP_DIRECTORY_LISTING,
  PROP_IDLE_TIMEOUT,
  PROP_RUNNING,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
sl_http_server_dup_sample_site_dir (void)
{
  const char *env = g_getenv ("SOCKET_LAB_SAMPLE_SITE");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (PKGDATADIR, "sample-site", NULL);
}

static void
set_running (SlHttpServer *self,
             gboolean      running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

gboolean
sl_http_server_start_done (gpointer data)
{
  SlHttpStart *start = data;
  SlHttpServer *self = g_task_get_source_object (start->task);

  if (start->error != NULL)
    {
      if (start->generation == self->generation)
        self->starting = FALSE;
      g_task_return_error (start->task, g_steal_pointer (&start->error));
      return G_SOURCE_REMOVE;
    }

  /* Stopped or cancelled while it was starting */
  if (start->generation != self->generation ||
      g_cancellable_is_cancelled (g_task_get_cancellable (start->task)))
    {
      if (start->generation == self->generation)
        {
          self->starting = FALSE;
          sl_net_thread_invoke (sl_http_net_stop, sl_http_shared_ref (self->shared), sl_http_shared_unref);
        }
      if (!g_task_return_error_if_cancelled (start->task))
        g_task_return_new_error (start->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 "The server was stopped while it started");
      return G_SOURCE_REMOVE;
    }

  self->starting = FALSE;
  g_free (self->address);
  self->address = g_strdup (start->bound_address);
  g_free (self->root);
  self->root = g_strdup (start->root);
  self->port = start->bound_port;
  set_running (self, TRUE);
  g_task_return_boolean (start->task, TRUE);

  return G_SOURCE_REMOVE;
}

void
sl_http_server_start_async (SlHttpServer       *self,
                            const char         *address,
                            guint16             port,
                            const char         *root,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  SlHttpStart *start;

  g_return_if_fail (SL_IS_HTTP_SERVER (self));
  g_return_if_fail (address != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_http_server_start_async);

  if (self->running || self->starting)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS,
                               "The HTTP server is already running; stop it first");
      return;
    }

  self->starting = TRUE;
  start = g_new0 (SlHttpStart, 1);
  start->shared = sl_http_shared_ref (self->shared);
  start->task = g_steal_pointer (&task);
  start->address = g_strdup (address);
  start->port = port;
  start->root = g_strdup (root);
  start->generation = self->generation;
  sl_net_thread_invoke (sl_http_net_start, start, NULL);
}

gboolean
sl_http_server_start_finish (SlHttpServer  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (SL_IS_HTTP_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sl_http_server_stop (SlHttpServer *self)
{
  g_return_if_fail (SL_IS_HTTP_SERVER (self));

  self->generation++;
  self->starting = FALSE;
  sl_net_thread_invoke (sl_http_net_stop, sl_http_shared_ref (self->shared), sl_http_shared_unref);
  set_running (self, FALSE);
}

gboolean
sl_http_server_get_running (SlHttpServer *self)
{
  g_return_val_if_fail (SL_IS_HTTP_SERVER (self), FALSE);
  return self->running;
}

const char *
sl_http_server_get_address (SlHttpServer *self)
{
  g_return_val_if_fail (SL_IS_HTTP_SERVER (self), NULL);
  return self->running ? self->address : NULL;
}

guint16
sl_http_server_get_port (SlHttpServer *self)
{
  g_return_val_if_fail (SL_IS_HTTP_SERVER (self), 0);
  return self->running ? self->port : 0;
}

const char *
sl_http_server_get_root (SlHttpServer *self)
{
  g_return_val_if_fail (SL_IS_HTTP_SERVER (self), NULL);
  return self->running ? self->root : NULL;
}

SlEventLog *
sl_http_server_get_log (SlHttpServer *self)
{
  g_return_val_if_fail (SL_IS_HTTP_SERVER (self), NULL);
  return self->log;
}

void
sl_http_server_set_directory_listing (SlHttpServer *self,
                                      gboolean      listing)
{
  g_return_if_fail (SL_IS_HTTP_SERVER (self));

  listing = !!listing;
  if (g_atomic_int_get (&self->shared->directory_listing) == listing)
    return;
  g_atomic_int_set (&self->shared->directory_listing, listing);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTORY_LISTING]);
}

gboolean
sl_http_server_get_directory_listing (SlHttpServer *self)
{
  g_return_val_if_fail (SL_IS_HTTP_SERVER (self), FALSE);
  return g_atomic_int_get (&self->shared->directory_listing);
}

void
sl_http_server_set_idle_timeout (SlHttpServer *self,
                                 guint         timeout_ms)
{
  g_return_if_fail (SL_IS_HTTP_SERVER (self));
  g_return_if_fail (timeout_ms > 0 && timeout_ms <= G_MAXINT);

  if ((guint) g_atomic_int_get (&self->shared->idle_timeout_ms) == timeout_ms)
    return;
  g_atomic_int_set (&self->shared->idle_timeout_ms, (gint) timeout_ms);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_TIMEOUT]);
}

guint
sl_http_server_get_idle_timeout (SlHttpServer *self)
{
  g_return_val_if_fail (SL_IS_HTTP_SERVER (self), 0);
  return g_atomic_int_get (&self->shared->idle_timeout_ms);
}

static void
sl_http_server_dispose (GObject *object)
{
  SlHttpServer *self = SL_HTTP_SERVER (object);

  if (self->shared != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      /* Sockets are closed when dispose returns: no fd outlives the server */
      sl_net_thread_run_sync (sl_http_net_stop, self->shared);
      g_clear_pointer (&self->shared, sl_http_shared_unref);
    }
  g_clear_object (&self->cancellable);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (sl_http_server_parent_class)->dispose (object);
}

static void
sl_http_server_finalize (GObject *object)
{
  SlHttpServer *self = SL_HTTP_SERVER (object);

  g_free (self->address);
  g_free (self->root);

  G_OBJECT_CLASS (sl_http_server_parent_class)->finalize (object);
}

static void
sl_http_server_constructed (GObject *object)
{
  SlHttpServer *self = SL_HTTP_SERVER (object);

  G_OBJECT_CLASS (sl_http_server_parent_class)->constructed (object);

  if (self->log == NULL)
    self->log = sl_event_log_new ();
  self->shared = sl_http_shared_new (self->log);
}

static void
sl_http_server_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SlHttpServer *self = SL_HTTP_SERVER (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;
    case PROP_DIRECTORY_LISTING:
      g_value_set_boolean (value, sl_http_server_get_directory_listing (self));
      break;
    case PROP_IDLE_TIMEOUT:
      g_value_set_uint (value, sl_http_server_get_idle_timeout (self));
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_PORT:
      g_value_set_uint (value, sl_http_server_get_port (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_http_server_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SlHttpServer *self = SL_HTTP_SERVER (object);

  switch (prop_id)
    {
    case PROP_LOG:
      self->log = g_value_dup_object (value);
      break;
    case PROP_DIRECTORY_LISTING:
      sl_http_server_set_directory_listing (self, g_value_get_boolean (value));
      break;
    case PROP_IDLE_TIMEOUT:
      sl_http_server_set_idle_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_http_server_class_init (SlHttpServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = sl_http_server_constructed;
  object_class->dispose = sl_http_server_dispose;
  object_class->finalize = sl_http_server_finalize;
  object_class->get_property = sl_http_server_get_property;
  object_class->set_property = sl_http_server_set_property;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, SL_TYPE_EVENT_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Not construct properties: set_property needs the shared block */
  properties[PROP_DIRECTORY_LISTING] =
    g_param_spec_boolean ("directory-listing", NULL, NULL, FALSE, rw);
  properties[PROP_IDLE_TIMEOUT] =
    g_param_spec_uint ("idle-timeout", NULL, NULL, 1, G_MAXINT,
                       SL_HTTP_SERVER_DEFAULT_IDLE_TIMEOUT_MS, rw);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_http_server_init (SlHttpServer *self)
{
  self->cancellable = g_cancellable_new ();
}

SlHttpServer *
sl_http_server_new (SlEventLog *log)
{
  g_return_val_if_fail (log == NULL || SL_IS_EVENT_LOG (log), NULL);

  return g_object_new (SL_TYPE_HTTP_SERVER, "log", log, NULL);
}
