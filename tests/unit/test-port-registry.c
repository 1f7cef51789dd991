/* test-port-registry.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sl-port-registry.h"

typedef struct
{
  guint count;
  GThread *thread;
} Changes;

static void
on_changed (SlPortRegistry *registry,
            Changes        *changes)
{
  changes->count++;
  changes->thread = g_thread_self ();
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_counted (void)
{
  g_autoptr(SlPortRegistry) registry = sl_port_registry_new ();
  g_autofree char *empty = NULL;
  g_autofree char *two = NULL;
  g_autofree char *one = NULL;

  sl_port_registry_set_linger (registry, 0);
  g_assert_true (sl_port_registry_is_empty (registry));
  empty = sl_port_registry_build_filter (registry);
  g_assert_cmpstr (empty, ==, "tcp port 0");

  sl_port_registry_add (registry, SL_PORT_TCP, 55556);
  sl_port_registry_add (registry, SL_PORT_TCP, 9999);
  sl_port_registry_add (registry, SL_PORT_TCP, 55556);
  sl_port_registry_add (registry, SL_PORT_UDP, 8123);
  two = sl_port_registry_build_filter (registry);
  g_assert_cmpstr (two, ==, "tcp port 55556 or tcp port 9999 or udp port 8123");
  g_assert_cmpuint (sl_port_registry_get_count (registry, SL_PORT_TCP, 55556), ==, 2);

  sl_port_registry_remove (registry, SL_PORT_TCP, 55556);
  sl_port_registry_remove (registry, SL_PORT_TCP, 9999);
  one = sl_port_registry_build_filter (registry);
  g_assert_cmpstr (one, ==, "tcp port 55556 or udp port 8123");

  sl_port_registry_remove (registry, SL_PORT_TCP, 55556);
  sl_port_registry_remove (registry, SL_PORT_UDP, 8123);
  g_assert_true (sl_port_registry_is_empty (registry));
  drain ();
}

static void
test_remove_unknown (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(SlPortRegistry) registry = sl_port_registry_new ();

      sl_port_registry_remove (registry, SL_PORT_TCP, 1234);
      return;
    }

  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*removed more often than added*");
}

typedef struct
{
  SlPortRegistry *registry;
  guint16 base;
} AdderData;

static gpointer
adder_thread (gpointer data)
{
  AdderData *adder = data;
  guint i;

  for (i = 0; i < 100; i++)
    sl_port_registry_add (adder->registry, SL_PORT_TCP, adder->base + i);

  return NULL;
}

/* Changes from other threads: one "changed", on the main context's thread */
static void
test_changed_coalesced (void)
{
  g_autoptr(SlPortRegistry) registry = sl_port_registry_new ();
  Changes changes = { 0 };
  AdderData a = { registry, 1000 }, b = { registry, 2000 };
  GThread *ta, *tb;
  g_autofree char *filter = NULL;
  gint64 deadline;

  g_signal_connect (registry, "changed", G_CALLBACK (on_changed), &changes);

  ta = g_thread_new ("adder-a", adder_thread, &a);
  tb = g_thread_new ("adder-b", adder_thread, &b);
  g_thread_join (ta);
  g_thread_join (tb);
  g_assert_cmpuint (changes.count, ==, 0);

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (changes.count == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  drain ();

  g_assert_cmpuint (changes.count, ==, 1);
  g_assert_true (changes.thread == g_thread_self ());
  filter = sl_port_registry_build_filter (registry);
  g_assert_nonnull (g_strrstr (filter, "tcp port 2099"));
  g_assert_nonnull (g_strrstr (filter, "tcp port 1099"));

  /* Adding a port already there changes nothing */
  sl_port_registry_add (registry, SL_PORT_TCP, 1000);
  drain ();
  g_assert_cmpuint (changes.count, ==, 1);
}

static gpointer
add_on_thread_with_own_default (gpointer data)
{
  SlPortRegistry *registry = data;

  sl_port_registry_add (registry, SL_PORT_UDP, 49002);
  return NULL;
}

/* The signal never runs on the thread that made the change */
static void
test_changed_on_main_context (void)
{
  g_autoptr(SlPortRegistry) registry = sl_port_registry_new ();
  Changes changes = { 0 };
  GThread *thread;

  g_signal_connect (registry, "changed", G_CALLBACK (on_changed), &changes);
  thread = g_thread_new ("adder", add_on_thread_with_own_default, registry);
  g_thread_join (thread);
  g_assert_cmpuint (changes.count, ==, 0);
  drain ();
  g_assert_cmpuint (changes.count, ==, 1);
  g_assert_true (changes.thread == g_thread_self ());
}

static void
test_linger (void)
{
  g_autoptr(SlPortRegistry) registry = sl_port_registry_new ();
  Changes changes = { 0 };
  gint64 start, deadline;
  g_autofree char *filter = NULL;

  g_signal_connect (registry, "changed", G_CALLBACK (on_changed), &changes);
  sl_port_registry_set_linger (registry, 200);
  sl_port_registry_add (registry, SL_PORT_TCP, 55556);
  drain ();
  changes.count = 0;

  start = g_get_monotonic_time ();
  sl_port_registry_remove (registry, SL_PORT_TCP, 55556);
  filter = sl_port_registry_build_filter (registry);
  g_assert_cmpstr (filter, ==, "tcp port 55556");
  g_assert_cmpuint (sl_port_registry_get_count (registry, SL_PORT_TCP, 55556), ==, 0);

  deadline = start + 5 * G_USEC_PER_SEC;
  while (!sl_port_registry_is_empty (registry) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  drain ();
  g_assert_true (sl_port_registry_is_empty (registry));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 190 * 1000);
  g_assert_cmpuint (changes.count, ==, 1);

  /* Back in use while lingering: no change at all */
  sl_port_registry_add (registry, SL_PORT_TCP, 9999);
  sl_port_registry_remove (registry, SL_PORT_TCP, 9999);
  sl_port_registry_add (registry, SL_PORT_TCP, 9999);
  drain ();
  g_assert_cmpuint (sl_port_registry_get_count (registry, SL_PORT_TCP, 9999), ==, 1);
  g_usleep (300 * 1000);
  drain ();
  g_assert_false (sl_port_registry_is_empty (registry));
  sl_port_registry_set_linger (registry, 0);
  sl_port_registry_remove (registry, SL_PORT_TCP, 9999);
  g_assert_true (sl_port_registry_is_empty (registry));
  drain ();
}

static gboolean
record_time_cb (gpointer data)
{
  *(gint64 *) data = g_get_monotonic_time ();
  return G_SOURCE_REMOVE;
}

static void
test_wait (void)
{
  g_autoptr(SlPortRegistry) registry = sl_port_registry_new ();
  gint64 done = 0, start, deadline;
  guint follower;
  guint64 serial;

  sl_port_registry_set_linger (registry, 0);

  /* Nobody follows: at the next iteration */
  sl_port_registry_add_and_wait (registry, SL_PORT_TCP, 1111, NULL, 10000, record_time_cb, &done, NULL);
  g_assert_cmpint (done, ==, 0);
  drain ();
  g_assert_cmpint (done, !=, 0);

  /* A follower that confirms */
  follower = sl_port_registry_follow (registry);
  done = 0;
  sl_port_registry_add_and_wait (registry, SL_PORT_TCP, 2222, NULL, 10000, record_time_cb, &done, NULL);
  drain ();
  g_assert_cmpint (done, ==, 0);
  serial = sl_port_registry_get_serial (registry);
  sl_port_registry_applied (registry, follower, serial - 1);
  drain ();
  g_assert_cmpint (done, ==, 0);
  sl_port_registry_applied (registry, follower, serial);
  drain ();
  g_assert_cmpint (done, !=, 0);

  /* A port already in the filter: no wait */
  done = 0;
  sl_port_registry_add_and_wait (registry, SL_PORT_TCP, 2222, NULL, 10000, record_time_cb, &done, NULL);
  drain ();
  g_assert_cmpint (done, !=, 0);

  /* A follower that never answers: the timeout */
  done = 0;
  start = g_get_monotonic_time ();
  sl_port_registry_add_and_wait (registry, SL_PORT_TCP, 3333, NULL, 100, record_time_cb, &done, NULL);
  deadline = start + 5 * G_USEC_PER_SEC;
  while (done == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (done - start, >=, 90 * 1000);

  /* A follower that leaves releases the waiters */
  done = 0;
  sl_port_registry_add_and_wait (registry, SL_PORT_TCP, 4444, NULL, 10000, record_time_cb, &done, NULL);
  drain ();
  g_assert_cmpint (done, ==, 0);
  sl_port_registry_unfollow (registry, follower);
  drain ();
  g_assert_cmpint (done, !=, 0);

  sl_port_registry_remove (registry, SL_PORT_TCP, 1111);
  sl_port_registry_remove (registry, SL_PORT_TCP, 2222);
  sl_port_registry_remove (registry, SL_PORT_TCP, 2222);
  sl_port_registry_remove (registry, SL_PORT_TCP, 3333);
  sl_port_registry_remove (registry, SL_PORT_TCP, 4444);
  g_assert_true (sl_port_registry_is_empty (registry));
  drain ();
}

static void
test_default (void)
{
  g_assert_true (sl_port_registry_get_default () == sl_port_registry_get_default ());
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/port-registry/counted", test_counted);
  g_test_add_func ("/port-registry/remove-unknown", test_remove_unknown);
  g_test_add_func ("/port-registry/changed-coalesced", test_changed_coalesced);
  g_test_add_func ("/port-registry/changed-on-main-context", test_changed_on_main_context);
  g_test_add_func ("/port-registry/linger", test_linger);
  g_test_add_func ("/port-registry/wait", test_wait);
  g_test_add_func ("/port-registry/default", test_default);

  return g_test_run ();
}
