/* test-event-log.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sl-event-log.h"
#include "sl-net-thread.h"

#include "sl-test-model.h"

static void
spin_until_flushed (SlEventLog *log,
                    guint       n_items)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_list_model_get_n_items (G_LIST_MODEL (log)) < n_items &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

/* Many events appended between two frames reach the UI as one signal. */
static void
test_batching (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  SlTestChangeCount count = { 0 };
  guint i;

  g_signal_connect (log, "items-changed", G_CALLBACK (sl_test_on_items_changed), &count);

  for (i = 0; i < 100; i++)
    sl_event_log_add_message (log, SL_EVENT_INFO, i, NULL, "event %u", i);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  spin_until_flushed (log, 100);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 100);
  g_assert_cmpuint (count.signals, ==, 1);
  g_assert_cmpuint (count.added, ==, 100);
}

/* Data events of one connection merge while they wait; the summary says
 * how many reads they stand for. */
static void
test_merging (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  g_autoptr(SlEvent) event = NULL;
  g_autoptr(SlEvent) sent = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autofree char *summary = NULL;
  guint64 total_received = 0;
  guint reads = 0;
  guint i, n;

  for (i = 0; i < 37; i++)
    {
      sl_event_log_add_data (log, SL_EVENT_RECEIVED, 7, "127.0.0.1:4000", (const guint8 *) "hello", 5);
      sl_event_log_add_data (log, SL_EVENT_SENT, 7, "127.0.0.1:4000", (const guint8 *) "hello", 5);
    }
  sl_event_log_flush (log);

  /* The first few stay apart (a student reads them one by one); the
   * rest merge into the last waiting event of each kind. */
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  g_assert_cmpuint (n, <=, 10);
  g_assert_cmpuint (sl_event_log_get_total_appended (log), ==, 74);

  for (i = 0; i < n; i++)
    {
      g_autoptr(SlEvent) item = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (sl_event_get_kind (item) == SL_EVENT_RECEIVED)
        {
          total_received += sl_event_get_byte_count (item);
          reads += sl_event_get_op_count (item);
        }
    }
  g_assert_cmpuint (total_received, ==, 185);
  g_assert_cmpuint (reads, ==, 37);

  event = g_list_model_get_item (G_LIST_MODEL (log), n - 2);
  g_assert_cmpint (sl_event_get_kind (event), ==, SL_EVENT_RECEIVED);
  g_assert_cmpuint (sl_event_get_op_count (event), >, 1);
  data = sl_event_get_data (event);
  g_assert_cmpuint (g_bytes_get_size (data), ==, sl_event_get_byte_count (event));
  g_assert_cmpstr (sl_event_get_call (event), ==, "recv()");

  summary = sl_event_dup_summary (event);
  g_assert_nonnull (strstr (summary, "reads"));

  sent = g_list_model_get_item (G_LIST_MODEL (log), n - 1);
  g_assert_cmpint (sl_event_get_kind (sent), ==, SL_EVENT_SENT);
  g_assert_cmpuint (sl_event_get_op_count (sent), >, 1);
}

/* A close between two reads keeps them apart: order must stay true. */
/* At a student's pace, every send is its own event: the struct client's
 * format string and packed data are two sends, and must read as two. */
static void
test_slow_traffic_not_merged (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();

  sl_event_log_add_data (log, SL_EVENT_SENT, 1, NULL, (const guint8 *) "11sIf", 5);
  sl_event_log_add_data (log, SL_EVENT_SENT, 1, NULL, (const guint8 *) "packed", 6);
  sl_event_log_flush (log);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 2);
}

static void
test_no_merge_across_close (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();

  sl_event_log_add_data (log, SL_EVENT_RECEIVED, 1, NULL, (const guint8 *) "a", 1);
  sl_event_log_add_message (log, SL_EVENT_PEER_CLOSED, 1, NULL, "closed");
  sl_event_log_add_data (log, SL_EVENT_RECEIVED, 1, NULL, (const guint8 *) "b", 1);
  /* Another connection's data does not merge into this one's */
  sl_event_log_add_data (log, SL_EVENT_RECEIVED, 2, NULL, (const guint8 *) "c", 1);
  sl_event_log_flush (log);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 4);
}

/* However much arrives, the log keeps a bounded number of events and bytes. */
static void
test_bounds (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  static guint8 chunk[SL_EVENT_DATA_CAP * 2];
  guint i, round;

  sl_event_log_set_limits (log, 100, 1024 * 1024);

  for (round = 0; round < 20; round++)
    {
      for (i = 0; i < 50; i++)
        sl_event_log_add_data (log, SL_EVENT_RECEIVED, round * 100 + i, NULL, chunk, sizeof chunk);
      sl_event_log_flush (log);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), <=, 100);
    }

  /* 1 MiB of data at most: 16 events of 64 KiB */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), <=, 16);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), >=, 1);

  /* A stalled reader: pending events are bounded too */
  for (i = 0; i < 1000; i++)
    sl_event_log_add_message (log, SL_EVENT_INFO, i, NULL, "x");
  sl_event_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), <=, 100);

  sl_event_log_clear (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
}

typedef struct
{
  SlEventLog *log;
  guint n;
} AppendJob;

static gboolean
append_on_net_thread (gpointer data)
{
  AppendJob *job = data;
  guint i;

  g_assert_true (sl_net_thread_is_current ());
  for (i = 0; i < job->n; i++)
    sl_event_log_add_message (job->log, SL_EVENT_INFO, i, NULL, "from the network thread %u", i);

  return G_SOURCE_REMOVE;
}

/* Appends from the network thread arrive on the thread that owns the log. */
static void
test_cross_thread (void)
{
  g_autoptr(SlEventLog) log = sl_event_log_new ();
  AppendJob job = { log, 500 };

  sl_net_thread_run_sync (append_on_net_thread, &job);
  spin_until_flushed (log, 500);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 500);
}

static void
test_summary_words (void)
{
  g_autoptr(SlEvent) event = sl_event_new (SL_EVENT_SENT, 1);
  g_autofree char *one = NULL;
  g_autofree char *time = NULL;

  sl_event_set_data (event, (const guint8 *) "x", 1);
  one = sl_event_dup_summary (event);
  g_assert_cmpstr (one, ==, "Sent 1 byte");

  time = sl_event_format_time (event);
  g_assert_cmpuint (strlen (time), ==, strlen ("00:00:00.000"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event-log/batching", test_batching);
  g_test_add_func ("/event-log/merging", test_merging);
  g_test_add_func ("/event-log/slow-traffic-not-merged", test_slow_traffic_not_merged);
  g_test_add_func ("/event-log/no-merge-across-close", test_no_merge_across_close);
  g_test_add_func ("/event-log/bounds", test_bounds);
  g_test_add_func ("/event-log/cross-thread", test_cross_thread);
  g_test_add_func ("/event-log/summary-words", test_summary_words);

  return g_test_run ();
}
