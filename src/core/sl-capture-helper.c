/* sl-capture-helper.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The helper process of an SlCapture (an SlCaptureRun): its stdin, where
 * commands are written asynchronously and in order; its stderr, read line
 * by line on the main thread and handed to sl-capture.c; and the reader
 * thread ("sl-capture-reader"), which reads the pcap stream from stdout in
 * 1 MB reads, parses and dissects it into the SlPacketStore (no allocation
 * and no lock per packet), commits once per read, and wakes the main
 * thread by setting the ready time of the capture's flush source, 16 ms
 * ahead, so that packets are shown at most once per frame.
 *
 * A run may outlive its capture while the helper exits: async callbacks
 * hold the run, never the capture; run->capture is NULL once the capture
 * let go. The reader is always joined by the capture (on the main thread)
 * before that, so it never touches a capture that is gone. */

#include "config.h"

#define G_LOG_DOMAIN "sl-capture"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "sl-capture-private.h"

#define READ_BUFFER_SIZE  (1024 * 1024)
#define FRAME_MS          16
#define STOP_TIMEOUT_MS   2000

SlCaptureRun *
sl_capture_run_ref (SlCaptureRun *run)
{
  return g_atomic_rc_box_acquire (run);
}

static void
run_clear (gpointer data)
{
  SlCaptureRun *run = data;

  g_assert (run->reader == NULL);
  g_assert (run->capture == NULL);

  if (run->kill_timer != NULL)
    {
      g_source_destroy (run->kill_timer);
      g_source_unref (run->kill_timer);
    }
  if (run->wake[0] >= 0)
    close (run->wake[0]);
  if (run->wake[1] >= 0)
    close (run->wake[1]);
  g_clear_object (&run->subprocess);
  g_clear_pointer (&run->stdin_writer, sl_line_writer_unref);
  g_clear_object (&run->stderr_stream);
  g_clear_object (&run->cancellable);
  g_queue_clear (&run->filter_serials);
  g_free (run->reader_error);
  g_free (run->last_detail);
}

void
sl_capture_run_unref (SlCaptureRun *run)
{
  g_atomic_rc_box_release_full (run, run_clear);
}

static void
schedule_flush (SlCaptureRun *run)
{
  if (g_atomic_int_compare_and_exchange (run->flush_scheduled, 0, 1))
    g_source_set_ready_time (run->flush_source, g_get_monotonic_time () + FRAME_MS * 1000);
}

/* The reader thread: read, parse, commit, repeat. A packet split across two
 * reads stays at the front of the buffer for the next one. */
gpointer
sl_capture_run_reader_thread (gpointer data)
{
  SlCaptureRun *run = data;
  g_autofree guint8 *buffer = g_malloc (READ_BUFFER_SIZE);
  gsize have = 0;

  for (;;)
    {
      struct pollfd fds[2] = {
        { run->stdout_fd, POLLIN, 0 },
        { run->wake[0], POLLIN, 0 },
      };
      g_autoptr(GError) error = NULL;
      gssize n;
      gsize used;

      if (poll (fds, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          run->reader_error = g_strdup_printf ("poll: %s", g_strerror (errno));
          break;
        }
      if (fds[1].revents != 0)
        break;

      n = read (run->stdout_fd, buffer + have, READ_BUFFER_SIZE - have);
      if (n < 0)
        {
          if (errno == EINTR || errno == EAGAIN)
            continue;
          run->reader_error = g_strdup_printf ("read: %s", g_strerror (errno));
          break;
        }
      if (n == 0)
        break;

      have += n;
      used = sl_packet_store_parse (run->store, buffer, have, &error);
      if (error != NULL)
        {
          run->reader_error = g_strdup (error->message);
          break;
        }
      if (used > 0)
        {
          memmove (buffer, buffer + used, have - used);
          have -= used;
        }

      if (sl_packet_store_commit (run->store))
        schedule_flush (run);
    }

  if (sl_packet_store_commit (run->store))
    schedule_flush (run);

  return NULL;
}

/* Main thread. Bounded: the reader leaves at once when woken. */
void
sl_capture_run_join_reader (SlCaptureRun *run)
{
  if (run->reader == NULL)
    return;

  if (write (run->wake[1], "x", 1) < 0)
    g_debug ("Cannot wake the reader: %s", g_strerror (errno));
  g_thread_join (g_steal_pointer (&run->reader));
}

void
sl_capture_run_send (SlCaptureRun        *run,
          const char *line)
{
  sl_line_writer_write (run->stdin_writer, line);
}

static gboolean
kill_timer_cb (gpointer data)
{
  SlCaptureRun *run = data;

  g_clear_pointer (&run->kill_timer, g_source_unref);
  if (!run->exited)
    {
      g_debug ("The helper did not stop in time; killing it");
      g_subprocess_force_exit (run->subprocess);
    }

  return G_SOURCE_REMOVE;
}

/* Asks the helper to stop ("stop", then EOF), and kills it if it has not
 * exited within STOP_TIMEOUT_MS. */
void
sl_capture_run_request_stop (SlCaptureRun *run)
{
  if (run->stopping || run->exited)
    return;

  run->stopping = TRUE;
  sl_capture_run_send (run, "stop");
  sl_line_writer_close (run->stdin_writer);

  run->kill_timer = g_timeout_source_new (STOP_TIMEOUT_MS);
  g_source_set_callback (run->kill_timer, kill_timer_cb, sl_capture_run_ref (run), (GDestroyNotify) sl_capture_run_unref);
  g_source_set_static_name (run->kill_timer, "[sl-capture] stop timeout");
  g_source_attach (run->kill_timer, g_main_context_get_thread_default ());
}

static void
on_line_read (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(SlCaptureRun) run = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                    NULL, &error);
  if (line == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot read the helper's messages: %s", error->message);
      return;
    }

  if (run->capture != NULL)
    sl_capture_handle_helper_line (run->capture, run, line);

  sl_capture_run_read_lines (run);
}

void
sl_capture_run_read_lines (SlCaptureRun *run)
{
  if (g_cancellable_is_cancelled (run->cancellable))
    return;

  g_data_input_stream_read_line_async (run->stderr_stream, G_PRIORITY_DEFAULT,
                                       run->cancellable, on_line_read, sl_capture_run_ref (run));
}

/* Where the helper is, and how to let it capture ------------------------- */

const char *
sl_capture_get_helper_path (void)
{
  const char *env = g_getenv ("SOCKET_LAB_HELPER");

  /* Interned: the environment is read each time (tests change it), and the
   * few strings it ever names stay valid */
  if (env != NULL && *env != '\0')
    return g_intern_string (env);

  return g_intern_static_string (LIBEXECDIR "/socket-lab-helper");
}

char *
sl_capture_dup_setcap_command (void)
{
  const char *path = sl_capture_get_helper_path ();
  g_autofree char *quoted = NULL;

  /* Quoted only when it has to be, so that it reads as typed */
  if (strspn (path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+") != strlen (path))
    quoted = g_shell_quote (path);

  return g_strdup_printf ("sudo setcap cap_net_raw,cap_net_admin=ep %s", quoted ? quoted : path);
}
