/* sl-port-registry.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlPortRegistry: the (protocol, port) pairs that the app's engines use,
 * counted, under one mutex, so that engines on the network thread can add
 * and remove them while the main thread builds the capture filter. It owns
 * the set, the removals still lingering, and the waiters of
 * sl_port_registry_add_and_wait(); "changed" is emitted on the default
 * GMainContext (the GTK main thread) from an idle source, coalesced: many
 * changes between two main-loop iterations give one signal.
 *
 * Two details keep the first and last packets of a connection in a session
 * capture:
 *
 *  - A removed port lingers in the filter for a short while (TIME_WAIT, in
 *    spirit), so that the peer's FIN/ACK and the last ACK, which come after
 *    the engine closed its socket, are still captured.
 *  - A capture that follows the registry (sl_port_registry_follow()) tells
 *    it which change its helper has put in force (_applied()); an engine
 *    that is about to connect() waits for that (bounded) with
 *    sl_port_registry_add_and_wait(), so that its SYN is captured. Without a
 *    follower the wait ends at once.
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-port-registry"

#include "sl-port-registry.h"

#define DEFAULT_LINGER_MS 1000

typedef struct
{
  SlPortProtocol protocol;
  guint16 port;
  guint count;
  gint64 expires;       /* monotonic µs while lingering (count == 0), else 0 */
} Entry;

typedef struct
{
  guint id;
  guint64 applied;
} Follower;

typedef struct
{
  SlPortRegistry *registry;  /* not owned; waiters end before the registry */
  guint64 serial;
  GMainContext *context;
  GSourceFunc callback;
  gpointer data;
  GDestroyNotify notify;
  GSource *timeout;
  gboolean done;
} Waiter;

struct _SlPortRegistry
{
  GObject parent_instance;

  GMutex lock;
  GArray *entries;          /* Entry, in the order ports were first added */
  GArray *followers;        /* Follower */
  GList *waiters;           /* Waiter */
  guint next_follower_id;
  guint64 serial;           /* bumped by every change of the filter */
  guint linger_ms;
  gboolean changed_scheduled;
  GSource *expire_source;   /* on the default context */
};

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SlPortRegistry, sl_port_registry, G_TYPE_OBJECT)

static void
sl_port_registry_finalize (GObject *object)
{
  SlPortRegistry *self = SL_PORT_REGISTRY (object);

  g_assert (self->waiters == NULL);

  if (self->expire_source != NULL)
    {
      g_source_destroy (self->expire_source);
      g_source_unref (self->expire_source);
    }
  g_array_unref (self->entries);
  g_array_unref (self->followers);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sl_port_registry_parent_class)->finalize (object);
}

static void
sl_port_registry_class_init (SlPortRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_port_registry_finalize;

  /**
   * SlPortRegistry::changed:
   *
   * The set of ports changed; emitted on the default main context, once
   * for any number of changes since the last emission.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
sl_port_registry_init (SlPortRegistry *self)
{
  g_mutex_init (&self->lock);
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  self->followers = g_array_new (FALSE, FALSE, sizeof (Follower));
  self->linger_ms = DEFAULT_LINGER_MS;
}

/* For tests; the app uses the default registry. */
SlPortRegistry *
sl_port_registry_new (void)
{
  return g_object_new (SL_TYPE_PORT_REGISTRY, NULL);
}

/**
 * sl_port_registry_get_default:
 *
 * Returns: (transfer none): the registry that every engine of the process
 *   reports to. Any thread.
 */
SlPortRegistry *
sl_port_registry_get_default (void)
{
  static SlPortRegistry *registry;

  if (g_once_init_enter (&registry))
    g_once_init_leave (&registry, sl_port_registry_new ());

  return registry;
}

/* How long a removed port stays in the filter; 0 removes at once. */
void
sl_port_registry_set_linger (SlPortRegistry *self,
                             guint           linger_ms)
{
  g_return_if_fail (SL_IS_PORT_REGISTRY (self));

  g_mutex_lock (&self->lock);
  self->linger_ms = linger_ms;
  g_mutex_unlock (&self->lock);
}

static gboolean
emit_changed_cb (gpointer data)
{
  SlPortRegistry *self = data;

  g_mutex_lock (&self->lock);
  self->changed_scheduled = FALSE;
  g_mutex_unlock (&self->lock);

  g_signal_emit (self, signals[CHANGED], 0);

  return G_SOURCE_REMOVE;
}

/* With the lock held. An idle on the default context, never
 * g_main_context_invoke(): that would run the handlers on the calling
 * (network) thread when it happens to own the default context. */
static void
schedule_changed_locked (SlPortRegistry *self)
{
  GSource *source;

  self->serial++;

  if (self->changed_scheduled)
    return;

  self->changed_scheduled = TRUE;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_changed_cb, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[sl-port-registry] changed");
  g_source_attach (source, g_main_context_default ());
  g_source_unref (source);
}

static Entry *
find_locked (SlPortRegistry *self,
             SlPortProtocol  protocol,
             guint16         port)
{
  guint i;

  for (i = 0; i < self->entries->len; i++)
    {
      Entry *entry = &g_array_index (self->entries, Entry, i);

      if (entry->protocol == protocol && entry->port == port)
        return entry;
    }

  return NULL;
}

static gboolean expire_cb (gpointer data);

/* With the lock held: drops lingering ports whose time is up, and keeps
 * one timer for the next one. */
static void
expire_locked (SlPortRegistry *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 next = 0;
  guint i = 0;

  while (i < self->entries->len)
    {
      Entry *entry = &g_array_index (self->entries, Entry, i);

      if (entry->count == 0 && entry->expires <= now)
        {
          g_array_remove_index (self->entries, i);
          schedule_changed_locked (self);
          continue;
        }
      if (entry->count == 0 && (next == 0 || entry->expires < next))
        next = entry->expires;
      i++;
    }

  if (self->expire_source != NULL)
    {
      g_source_destroy (self->expire_source);
      g_clear_pointer (&self->expire_source, g_source_unref);
    }

  if (next != 0)
    {
      self->expire_source = g_timeout_source_new ((guint) MAX (1, (next - now + 999) / 1000));
      g_source_set_callback (self->expire_source, expire_cb, self, NULL);
      g_source_set_static_name (self->expire_source, "[sl-port-registry] linger");
      g_source_attach (self->expire_source, g_main_context_default ());
    }
}

static gboolean
expire_cb (gpointer data)
{
  SlPortRegistry *self = data;

  g_mutex_lock (&self->lock);
  /* expire_locked() replaces the source: forget it before it is destroyed */
  g_clear_pointer (&self->expire_source, g_source_unref);
  expire_locked (self);
  g_mutex_unlock (&self->lock);

  return G_SOURCE_REMOVE;
}

/* Returns the serial that includes this addition. */
static guint64
add_locked (SlPortRegistry *self,
            SlPortProtocol  protocol,
            guint16         port)
{
  Entry *entry = find_locked (self, protocol, port);

  if (entry != NULL)
    {
      /* A lingering port is back in use: the filter does not change */
      entry->count++;
      entry->expires = 0;
      return self->serial;
    }

  g_array_append_val (self->entries, ((Entry) { protocol, port, 1, 0 }));
  schedule_changed_locked (self);

  return self->serial;
}

/**
 * sl_port_registry_add:
 *
 * Counts one more user of (@protocol, @port). Any thread.
 */
void
sl_port_registry_add (SlPortRegistry *self,
                      SlPortProtocol  protocol,
                      guint16         port)
{
  g_return_if_fail (SL_IS_PORT_REGISTRY (self));

  /* Port 0 is not a port anything talks to; nothing to capture */
  if (port == 0)
    return;

  g_mutex_lock (&self->lock);
  add_locked (self, protocol, port);
  g_mutex_unlock (&self->lock);
}

/**
 * sl_port_registry_remove:
 *
 * Counts one user less; at zero the port leaves the filter after the
 * linger time. Any thread.
 */
void
sl_port_registry_remove (SlPortRegistry *self,
                         SlPortProtocol  protocol,
                         guint16         port)
{
  Entry *entry;

  g_return_if_fail (SL_IS_PORT_REGISTRY (self));

  if (port == 0)
    return;

  g_mutex_lock (&self->lock);

  entry = find_locked (self, protocol, port);
  if (entry == NULL || entry->count == 0)
    {
      g_mutex_unlock (&self->lock);
      g_critical ("%s port %u removed more often than added",
                  protocol == SL_PORT_TCP ? "TCP" : "UDP", port);
      return;
    }

  if (--entry->count == 0)
    {
      entry->expires = g_get_monotonic_time () + (gint64) self->linger_ms * 1000;
      expire_locked (self);
    }

  g_mutex_unlock (&self->lock);
}

/**
 * sl_port_registry_build_filter:
 *
 * Returns: (transfer full): a BPF expression matching every port in use
 *   (or lingering), in the order they were first added; with none, one
 *   that matches nothing.
 */
char *
sl_port_registry_build_filter (SlPortRegistry *self)
{
  GString *filter;
  guint i;

  g_return_val_if_fail (SL_IS_PORT_REGISTRY (self), NULL);

  filter = g_string_new (NULL);

  g_mutex_lock (&self->lock);
  for (i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = &g_array_index (self->entries, Entry, i);

      g_string_append_printf (filter, "%s%s port %u",
                              filter->len > 0 ? " or " : "",
                              entry->protocol == SL_PORT_TCP ? "tcp" : "udp",
                              entry->port);
    }
  g_mutex_unlock (&self->lock);

  if (filter->len == 0)
    g_string_append (filter, SL_PORT_REGISTRY_EMPTY_FILTER);

  return g_string_free (filter, FALSE);
}

gboolean
sl_port_registry_is_empty (SlPortRegistry *self)
{
  gboolean empty;

  g_return_val_if_fail (SL_IS_PORT_REGISTRY (self), TRUE);

  g_mutex_lock (&self->lock);
  empty = self->entries->len == 0;
  g_mutex_unlock (&self->lock);

  return empty;
}

/* Counts of a port, for tests: users now (0 while lingering) */
guint
sl_port_registry_get_count (SlPortRegistry *self,
                            SlPortProtocol  protocol,
                            guint16         port)
{
  Entry *entry;
  guint count;

  g_return_val_if_fail (SL_IS_PORT_REGISTRY (self), 0);

  g_mutex_lock (&self->lock);
  entry = find_locked (self, protocol, port);
  count = entry != NULL ? entry->count : 0;
  g_mutex_unlock (&self->lock);

  return count;
}

/**
 * sl_port_registry_get_serial:
 *
 * Returns: a number bumped by every change of the filter. Read it before
 *   sl_port_registry_build_filter(): the filter then includes at least the
 *   changes up to that serial.
 */
guint64
sl_port_registry_get_serial (SlPortRegistry *self)
{
  guint64 serial;

  g_return_val_if_fail (SL_IS_PORT_REGISTRY (self), 0);

  g_mutex_lock (&self->lock);
  serial = self->serial;
  g_mutex_unlock (&self->lock);

  return serial;
}

/* Waiters -------------------------------------------------------------- */

static gboolean
followers_reached_locked (SlPortRegistry *self,
                          guint64         serial)
{
  guint i;

  for (i = 0; i < self->followers->len; i++)
    if (g_array_index (self->followers, Follower, i).applied < serial)
      return FALSE;

  return TRUE;
}

static void
waiter_free (gpointer data)
{
  Waiter *waiter = data;

  if (waiter->notify != NULL)
    waiter->notify (waiter->data);
  g_main_context_unref (waiter->context);
  g_free (waiter);
}

static gboolean
waiter_run_cb (gpointer data)
{
  Waiter *waiter = data;

  waiter->callback (waiter->data);

  return G_SOURCE_REMOVE;
}

/* With the lock held: unlinks @waiter and runs its callback, once, on its
 * context. */
static void
waiter_finish_locked (SlPortRegistry *self,
                      Waiter         *waiter)
{
  GSource *source;

  if (waiter->done)
    return;

  waiter->done = TRUE;
  self->waiters = g_list_remove (self->waiters, waiter);

  if (waiter->timeout != NULL)
    {
      g_source_destroy (waiter->timeout);
      g_clear_pointer (&waiter->timeout, g_source_unref);
    }

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, waiter_run_cb, waiter, waiter_free);
  g_source_set_static_name (source, "[sl-port-registry] waited");
  g_source_attach (source, waiter->context);
  g_source_unref (source);
}

static void
release_waiters_locked (SlPortRegistry *self)
{
  GList *l = self->waiters;

  while (l != NULL)
    {
      Waiter *waiter = l->data;

      l = l->next;
      if (followers_reached_locked (self, waiter->serial))
        waiter_finish_locked (self, waiter);
    }
}

static gboolean
waiter_timeout_cb (gpointer data)
{
  Waiter *waiter = data;
  SlPortRegistry *self = waiter->registry;

  g_mutex_lock (&self->lock);
  if (!waiter->done)
    g_debug ("Gave up waiting for the capture filter (serial %" G_GUINT64_FORMAT ")",
             waiter->serial);
  waiter_finish_locked (self, waiter);
  g_mutex_unlock (&self->lock);

  return G_SOURCE_REMOVE;
}

/**
 * sl_port_registry_add_and_wait:
 * @context: (nullable): where @callback runs; %NULL: the thread-default context
 * @timeout_ms: the longest wait
 * @callback: called once, on @context; its return value is ignored
 *
 * Like sl_port_registry_add(), then waits until every capture that follows
 * the registry has the port in its filter, or @timeout_ms, whichever comes
 * first. An engine calls it right before connect() so that the SYN is
 * captured. Without a running capture, @callback runs at the next
 * iteration of @context. Any thread.
 */
void
sl_port_registry_add_and_wait (SlPortRegistry *self,
                               SlPortProtocol  protocol,
                               guint16         port,
                               GMainContext   *context,
                               guint           timeout_ms,
                               GSourceFunc     callback,
                               gpointer        data,
                               GDestroyNotify  notify)
{
  Waiter *waiter;

  g_return_if_fail (SL_IS_PORT_REGISTRY (self));
  g_return_if_fail (callback != NULL);

  waiter = g_new0 (Waiter, 1);
  waiter->registry = self;
  waiter->context = context != NULL ? g_main_context_ref (context)
                                    : g_main_context_ref_thread_default ();
  waiter->callback = callback;
  waiter->data = data;
  waiter->notify = notify;

  g_mutex_lock (&self->lock);

  waiter->serial = port != 0 ? add_locked (self, protocol, port) : 0;
  self->waiters = g_list_prepend (self->waiters, waiter);

  if (followers_reached_locked (self, waiter->serial))
    {
      waiter_finish_locked (self, waiter);
    }
  else
    {
      waiter->timeout = g_timeout_source_new (timeout_ms);
      g_source_set_callback (waiter->timeout, waiter_timeout_cb, waiter, NULL);
      g_source_set_static_name (waiter->timeout, "[sl-port-registry] wait timeout");
      g_source_attach (waiter->timeout, waiter->context);
    }

  g_mutex_unlock (&self->lock);
}

/**
 * sl_port_registry_follow:
 *
 * A capture in "this session" mode starts following the registry: from
 * now on sl_port_registry_add_and_wait() waits for it to report with
 * sl_port_registry_applied().
 *
 * Returns: an id for _applied() and _unfollow()
 */
guint
sl_port_registry_follow (SlPortRegistry *self)
{
  Follower follower = { 0, 0 };

  g_return_val_if_fail (SL_IS_PORT_REGISTRY (self), 0);

  g_mutex_lock (&self->lock);
  follower.id = ++self->next_follower_id;
  g_array_append_val (self->followers, follower);
  g_mutex_unlock (&self->lock);

  return follower.id;
}

static Follower *
find_follower_locked (SlPortRegistry *self,
                      guint           id,
                      guint          *index)
{
  guint i;

  for (i = 0; i < self->followers->len; i++)
    if (g_array_index (self->followers, Follower, i).id == id)
      {
        if (index != NULL)
          *index = i;
        return &g_array_index (self->followers, Follower, i);
      }

  return NULL;
}

/* The follower @id has a filter in force that includes every change up to
 * @serial. */
void
sl_port_registry_applied (SlPortRegistry *self,
                          guint           id,
                          guint64         serial)
{
  Follower *follower;

  g_return_if_fail (SL_IS_PORT_REGISTRY (self));

  g_mutex_lock (&self->lock);
  follower = find_follower_locked (self, id, NULL);
  if (follower != NULL && serial > follower->applied)
    {
      follower->applied = serial;
      release_waiters_locked (self);
    }
  g_mutex_unlock (&self->lock);
}

void
sl_port_registry_unfollow (SlPortRegistry *self,
                           guint           id)
{
  guint index;

  g_return_if_fail (SL_IS_PORT_REGISTRY (self));

  g_mutex_lock (&self->lock);
  if (find_follower_locked (self, id, &index) != NULL)
    {
      g_array_remove_index_fast (self->followers, index);
      release_waiters_locked (self);
    }
  g_mutex_unlock (&self->lock);
}
