/* sl-netlink.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlNetlink: this computer's interfaces, addresses, routes and neighbours,
 * kept up to date. It owns a worker on the network thread with a
 * NETLINK_ROUTE socket subscribed to every change; when the kernel reports
 * one, the worker waits 100 ms for the rest of the burst (an interface
 * coming up brings a dozen messages), reads all four tables again and
 * sends the new snapshot to the main thread in an idle source. There the
 * list stores change only where the snapshot differs, so a neighbour
 * going STALE redraws one row. Re-reading is simpler than applying deltas
 * and cannot drift from what the kernel has. */

#include "config.h"

#define G_LOG_DOMAIN "sl-netlink"

#include <errno.h>
#include <glib-unix.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sl-net-thread.h"
#include "sl-netlink-private.h"

#define DEBOUNCE_MS 100
#define RETRY_MS 1000
#define MAX_RETRIES 5

typedef struct
{
  gatomicrefcount ref_count;
  GMainContext *main_context;
  GWeakRef owner;

  /* network thread only */
  int monitor_fd;
  GSource *monitor_source;
  GSource *debounce_source;
  guint n_retries;
  gboolean stopped;
} Worker;

struct _SlNetlink
{
  GObject parent_instance;

  Worker *worker;

  GListStore *interfaces;
  GListStore *addresses;
  GListStore *routes;
  GListStore *neighbours;
  GListStore *classmate_addresses;
  gboolean loaded;
  char *problem;
};

G_DEFINE_FINAL_TYPE (SlNetlink, sl_netlink, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADED,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef gboolean (*ItemEqualFunc) (gpointer a,
                                   gpointer b);

/* Replaces only the changed middle of @store: items equal at the start and
 * at the end stay, so their rows stay too. */
static gboolean
update_store (GListStore    *store,
              GPtrArray     *items,
              ItemEqualFunc  equal)
{
  GListModel *model = G_LIST_MODEL (store);
  guint n_old = g_list_model_get_n_items (model);
  guint n_new = items->len;
  guint prefix = 0, suffix = 0;

  while (prefix < n_old && prefix < n_new)
    {
      g_autoptr(GObject) old = g_list_model_get_item (model, prefix);

      if (!equal (old, g_ptr_array_index (items, prefix)))
        break;
      prefix++;
    }
  while (suffix < n_old - prefix && suffix < n_new - prefix)
    {
      g_autoptr(GObject) old = g_list_model_get_item (model, n_old - 1 - suffix);

      if (!equal (old, g_ptr_array_index (items, n_new - 1 - suffix)))
        break;
      suffix++;
    }

  if (prefix == n_old && prefix == n_new)
    return FALSE;

  g_list_store_splice (store, prefix, n_old - prefix - suffix,
                       items->pdata + prefix, n_new - prefix - suffix);
  return TRUE;
}

static void
set_problem (SlNetlink  *self,
             const char *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

static void
apply_snapshot (SlNetlink         *self,
                SlNetlinkSnapshot *snapshot)
{
  g_autoptr(GPtrArray) classmate = sl_netlink_snapshot_classmate_addresses (snapshot);

  update_store (self->interfaces, snapshot->interfaces, (ItemEqualFunc) sl_net_interface_equal);
  update_store (self->addresses, snapshot->addresses, (ItemEqualFunc) sl_net_address_equal);
  update_store (self->routes, snapshot->routes, (ItemEqualFunc) sl_net_route_equal);
  update_store (self->neighbours, snapshot->neighbours, (ItemEqualFunc) sl_net_neighbour_equal);
  update_store (self->classmate_addresses, classmate, (ItemEqualFunc) sl_net_address_equal);

  set_problem (self, NULL);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
}

/* The worker */

static Worker *
worker_ref (Worker *worker)
{
  g_atomic_ref_count_inc (&worker->ref_count);
  return worker;
}

static void
worker_unref (Worker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref_count))
    return;

  g_assert (worker->monitor_source == NULL);
  g_assert (worker->debounce_source == NULL);
  g_weak_ref_clear (&worker->owner);
  g_main_context_unref (worker->main_context);
  g_free (worker);
}

typedef struct
{
  Worker *worker;
  SlNetlinkSnapshot *snapshot;
  GError *error;
} Result;

static void
result_free (gpointer data)
{
  Result *result = data;

  worker_unref (result->worker);
  sl_netlink_snapshot_free (result->snapshot);
  g_clear_error (&result->error);
  g_free (result);
}

/* Main thread */
static gboolean
deliver_result (gpointer data)
{
  Result *result = data;
  g_autoptr(SlNetlink) self = g_weak_ref_get (&result->worker->owner);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  if (result->snapshot != NULL)
    apply_snapshot (self, result->snapshot);
  else
    {
      set_problem (self, result->error->message);
      if (!self->loaded)
        {
          self->loaded = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
        }
    }

  return G_SOURCE_REMOVE;
}

static gboolean on_debounce_timeout (gpointer data);
static void     schedule_reading    (Worker  *worker,
                                     guint    delay_ms);

/* Network thread: one complete reading, sent to the main thread */
static void
worker_read_tables (Worker *worker,
                    GError *error)
{
  Result *result = g_new0 (Result, 1);
  GSource *source;

  result->worker = worker_ref (worker);
  if (error != NULL)
    result->error = g_error_copy (error);
  else
    result->snapshot = sl_netlink_dump (&result->error);

  /* A reading that failed while the subscription works (a full receive
   * buffer, say) is tried again a few times even if nothing else changes */
  if (result->snapshot != NULL)
    worker->n_retries = 0;
  else if (worker->monitor_source != NULL && worker->n_retries < MAX_RETRIES)
    {
      worker->n_retries++;
      schedule_reading (worker, RETRY_MS);
    }

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_result, result, result_free);
  g_source_set_static_name (source, "[sl-netlink] deliver");
  g_source_attach (source, worker->main_context);
  g_source_unref (source);
}

static void
schedule_reading (Worker *worker,
                  guint   delay_ms)
{
  if (worker->debounce_source != NULL)
    return;

  worker->debounce_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (worker->debounce_source, on_debounce_timeout, worker, NULL);
  g_source_set_static_name (worker->debounce_source, "[sl-netlink] debounce");
  g_source_attach (worker->debounce_source, sl_net_thread_get_context ());
}

static gboolean
on_debounce_timeout (gpointer data)
{
  Worker *worker = data;

  g_clear_pointer (&worker->debounce_source, g_source_unref);
  if (!worker->stopped)
    worker_read_tables (worker, NULL);

  return G_SOURCE_REMOVE;
}

static gboolean
on_monitor_readable (int          fd,
                     GIOCondition condition,
                     gpointer     data)
{
  Worker *worker = data;
  guint8 buffer[8192];
  gboolean changed = FALSE;
  guint i;

  /* What changed does not matter: everything is read again. Drain the
   * socket, bounded so that a flood cannot hold the thread. */
  for (i = 0; i < 256; i++)
    {
      struct sockaddr_nl from;
      socklen_t from_length = sizeof from;
      gssize n = recvfrom (fd, buffer, sizeof buffer, 0, (struct sockaddr *) &from, &from_length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == ENOBUFS)
        {
          /* Messages were lost: some change is certain */
          changed = TRUE;
          continue;
        }
      if (n <= 0)
        break;
      if (from.nl_pid == 0)
        changed = TRUE;
    }

  if (changed)
    schedule_reading (worker, DEBOUNCE_MS);

  return G_SOURCE_CONTINUE;
}

static gboolean
worker_start (gpointer data)
{
  Worker *worker = data;
  g_autoptr(GError) error = NULL;

  if (worker->stopped)
    return G_SOURCE_REMOVE;

  /* Subscribe before the first reading, so no change falls between them */
  worker->monitor_fd = sl_netlink_open_monitor (&error);
  if (worker->monitor_fd < 0)
    {
      worker_read_tables (worker, error);
      return G_SOURCE_REMOVE;
    }

  worker->monitor_source = g_unix_fd_source_new (worker->monitor_fd, G_IO_IN);
  g_source_set_callback (worker->monitor_source, G_SOURCE_FUNC (on_monitor_readable), worker, NULL);
  g_source_set_static_name (worker->monitor_source, "[sl-netlink] monitor");
  g_source_attach (worker->monitor_source, sl_net_thread_get_context ());

  worker_read_tables (worker, NULL);

  return G_SOURCE_REMOVE;
}

static gboolean
worker_stop (gpointer data)
{
  Worker *worker = data;

  worker->stopped = TRUE;
  if (worker->debounce_source != NULL)
    {
      g_source_destroy (worker->debounce_source);
      g_clear_pointer (&worker->debounce_source, g_source_unref);
    }
  if (worker->monitor_source != NULL)
    {
      g_source_destroy (worker->monitor_source);
      g_clear_pointer (&worker->monitor_source, g_source_unref);
    }
  if (worker->monitor_fd >= 0)
    {
      close (worker->monitor_fd);
      worker->monitor_fd = -1;
    }

  return G_SOURCE_REMOVE;
}

/* SlNetlink */

static void
sl_netlink_dispose (GObject *object)
{
  SlNetlink *self = SL_NETLINK (object);

  if (self->worker != NULL)
    {
      Worker *worker = g_steal_pointer (&self->worker);

      g_weak_ref_set (&worker->owner, NULL);
      sl_net_thread_invoke (worker_stop, worker, (GDestroyNotify) worker_unref);
    }

  G_OBJECT_CLASS (sl_netlink_parent_class)->dispose (object);
}

static void
sl_netlink_finalize (GObject *object)
{
  SlNetlink *self = SL_NETLINK (object);

  g_clear_object (&self->interfaces);
  g_clear_object (&self->addresses);
  g_clear_object (&self->routes);
  g_clear_object (&self->neighbours);
  g_clear_object (&self->classmate_addresses);
  g_free (self->problem);

  G_OBJECT_CLASS (sl_netlink_parent_class)->finalize (object);
}

static void
sl_netlink_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SlNetlink *self = SL_NETLINK (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_netlink_class_init (SlNetlinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_netlink_dispose;
  object_class->finalize = sl_netlink_finalize;
  object_class->get_property = sl_netlink_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_netlink_init (SlNetlink *self)
{
  self->interfaces = g_list_store_new (SL_TYPE_NET_INTERFACE);
  self->addresses = g_list_store_new (SL_TYPE_NET_ADDRESS);
  self->routes = g_list_store_new (SL_TYPE_NET_ROUTE);
  self->neighbours = g_list_store_new (SL_TYPE_NET_NEIGHBOUR);
  self->classmate_addresses = g_list_store_new (SL_TYPE_NET_ADDRESS);
}

SlNetlink *
sl_netlink_new (void)
{
  SlNetlink *self = g_object_new (SL_TYPE_NETLINK, NULL);
  Worker *worker = g_new0 (Worker, 1);

  g_atomic_ref_count_init (&worker->ref_count);
  worker->main_context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&worker->owner, self);
  worker->monitor_fd = -1;
  self->worker = worker;

  sl_net_thread_invoke (worker_start, worker_ref (worker), (GDestroyNotify) worker_unref);

  return self;
}

SlNetlink *
sl_netlink_new_for_snapshot (SlNetlinkSnapshot *snapshot)
{
  SlNetlink *self = g_object_new (SL_TYPE_NETLINK, NULL);

  g_return_val_if_fail (snapshot != NULL, self);

  apply_snapshot (self, snapshot);
  return self;
}

GListModel *
sl_netlink_get_interfaces (SlNetlink *self)
{
  g_return_val_if_fail (SL_IS_NETLINK (self), NULL);
  return G_LIST_MODEL (self->interfaces);
}

GListModel *
sl_netlink_get_addresses (SlNetlink *self)
{
  g_return_val_if_fail (SL_IS_NETLINK (self), NULL);
  return G_LIST_MODEL (self->addresses);
}

GListModel *
sl_netlink_get_routes (SlNetlink *self)
{
  g_return_val_if_fail (SL_IS_NETLINK (self), NULL);
  return G_LIST_MODEL (self->routes);
}

GListModel *
sl_netlink_get_neighbours (SlNetlink *self)
{
  g_return_val_if_fail (SL_IS_NETLINK (self), NULL);
  return G_LIST_MODEL (self->neighbours);
}

GListModel *
sl_netlink_get_classmate_addresses (SlNetlink *self)
{
  g_return_val_if_fail (SL_IS_NETLINK (self), NULL);
  return G_LIST_MODEL (self->classmate_addresses);
}

gboolean
sl_netlink_get_loaded (SlNetlink *self)
{
  g_return_val_if_fail (SL_IS_NETLINK (self), FALSE);
  return self->loaded;
}

const char *
sl_netlink_get_problem (SlNetlink *self)
{
  g_return_val_if_fail (SL_IS_NETLINK (self), NULL);
  return self->problem;
}
