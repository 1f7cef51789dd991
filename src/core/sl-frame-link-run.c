/* sl-frame-link-run.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One socket-lab-helper process of an SlFrameLink (an SlFrameRun): its
 * stdin, where commands are written asynchronously and in order; its
 * stdout, a pcap stream read and parsed here (a minimal copy of what
 * SlPacketStore does for the capture, which keeps no objects and is tuned
 * for millions of packets); its stderr, read line by line and handed to
 * the link. Everything on the link's main context; callbacks hold the
 * run, never the link, and run->link is NULL once the link let go. */

#include "config.h"

#define G_LOG_DOMAIN "sl-frame-link"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-capture.h"
#include "sl-error.h"
#include "sl-frame-link-private.h"

#define READ_SIZE        (64 * 1024)
#define MAX_RECORD       262144
#define BUFFER_SIZE      (MAX_RECORD + 16 + READ_SIZE)
#define STOP_TIMEOUT_MS  2000

SlFrameRun *
sl_frame_run_ref (SlFrameRun *run)
{
  return g_atomic_rc_box_acquire (run);
}

static void
run_clear (gpointer data)
{
  SlFrameRun *run = data;

  g_assert (run->link == NULL);

  if (run->kill_timer != NULL)
    {
      g_source_destroy (run->kill_timer);
      g_source_unref (run->kill_timer);
    }
  if (run->idle_timer != NULL)
    {
      g_source_destroy (run->idle_timer);
      g_source_unref (run->idle_timer);
    }
  g_free (run->ifname);
  g_clear_object (&run->subprocess);
  g_clear_pointer (&run->stdin_writer, sl_line_writer_unref);
  g_clear_object (&run->stdout_pipe);
  g_clear_object (&run->stderr_stream);
  g_free (run->buffer);
  g_free (run->error_code);
  g_free (run->error_detail);
}

void
sl_frame_run_unref (SlFrameRun *run)
{
  g_atomic_rc_box_release_full (run, run_clear);
}


/* Writing commands, in order ---------------------------------------------- */

void
sl_frame_run_command (SlFrameRun *run,
                      const char *line)
{
  if (run->stopping || run->exited)
    return;

  sl_line_writer_write (run->stdin_writer, line);
}

static gboolean
kill_timer_cb (gpointer data)
{
  SlFrameRun *run = data;

  g_clear_pointer (&run->kill_timer, g_source_unref);
  if (!run->exited)
    {
      g_debug ("The helper for %s did not stop in time; killing it", run->ifname);
      g_subprocess_force_exit (run->subprocess);
    }

  return G_SOURCE_REMOVE;
}

/* The pcap stream -------------------------------------------------------- */

static guint32
read_u32 (const guint8 *p)
{
  guint32 value;

  /* The helper writes host byte order (pcap_dump_fopen) */
  memcpy (&value, p, 4);
  return value;
}

/* Returns the bytes used, or -1 when the stream is not pcap */
static gssize
run_parse (SlFrameRun *run)
{
  SlFrameLink *self = run->link;
  gsize used = 0;

  if (!run->header_done)
    {
      guint32 magic;

      if (run->have < 24)
        return 0;
      magic = read_u32 (run->buffer);
      if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d)
        return -1;
      run->nanoseconds = magic == 0xa1b23c4d;
      run->linktype = read_u32 (run->buffer + 20) & 0xffff;
      run->header_done = TRUE;
      used = 24;

      if (self != NULL)
        sl_frame_link_handle_linktype (self, run);
    }

  while (run->have - used >= 16)
    {
      const guint8 *record = run->buffer + used;
      guint32 caplen = read_u32 (record + 8);
      gint64 time_us;

      if (caplen > MAX_RECORD)
        return -1;
      if (run->have - used < 16 + (gsize) caplen)
        break;

      time_us = (gint64) read_u32 (record) * G_USEC_PER_SEC +
                (run->nanoseconds ? read_u32 (record + 4) / 1000 : read_u32 (record + 4));
      if (self != NULL)
        sl_frame_link_handle_frame (self, run, time_us, record + 16, caplen);
      used += 16 + caplen;
    }

  return used;
}

static void run_read_stdout (SlFrameRun *run);

static void
on_stdout_read (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(SlFrameRun) run = data;
  g_autoptr(GError) error = NULL;
  gssize n, used;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (n <= 0)
    {
      if (error != NULL)
        g_debug ("Cannot read the helper's capture: %s", error->message);
      return;
    }

  run->have += n;
  used = run_parse (run);
  if (used < 0)
    {
      g_debug ("The helper's output is not a pcap stream");
      if (run->link != NULL)
        sl_frame_link_handle_garbage (run->link, run);
      return;
    }
  memmove (run->buffer, run->buffer + used, run->have - used);
  run->have -= used;

  run_read_stdout (run);
}

static void
run_read_stdout (SlFrameRun *run)
{
  g_input_stream_read_async (run->stdout_pipe, run->buffer + run->have,
                             MIN (READ_SIZE, BUFFER_SIZE - run->have),
                             G_PRIORITY_DEFAULT, NULL, on_stdout_read, sl_frame_run_ref (run));
}

static void run_read_lines (SlFrameRun *run);

static void
on_line_read (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(SlFrameRun) run = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (line == NULL)
    {
      if (error != NULL)
        g_debug ("Cannot read the helper's messages: %s", error->message);
      return;
    }

  if (run->link != NULL)
    sl_frame_link_handle_line (run->link, run, line);

  run_read_lines (run);
}

static void
run_read_lines (SlFrameRun *run)
{
  g_data_input_stream_read_line_async (run->stderr_stream, G_PRIORITY_DEFAULT, NULL,
                                       on_line_read, sl_frame_run_ref (run));
}

/* Starts the helper for @ifname with @filter ("" for none); NULL with
 * @error in the student's words when it cannot be run. */
SlFrameRun *
sl_frame_run_start (SlFrameLink          *link,
                    const char           *ifname,
                    const char           *filter,
                    GAsyncReadyCallback   exited,
                    GError              **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) spawn_error = NULL;
  g_autofree char *interface_arg = NULL;
  g_autofree char *filter_arg = NULL;
  const char *helper = sl_capture_get_helper_path ();
  const char *argv[5];
  SlFrameRun *run;
  guint i = 0;

  interface_arg = g_strdup_printf ("--interface=%s", ifname);
  argv[i++] = helper;
  argv[i++] = "capture";
  argv[i++] = interface_arg;
  if (*filter != '\0')
    argv[i++] = filter_arg = g_strdup_printf ("--filter=%s", filter);
  argv[i] = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  subprocess = g_subprocess_launcher_spawnv (launcher, argv, &spawn_error);
  if (subprocess == NULL)
    {
      g_debug ("%s: %s", helper, spawn_error->message);
      /* Translators: %s is the helper program's path */
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED,
                   _("Raw frames cannot be sent or received: the helper "
                     "program was not found or cannot be run at “%s”. "
                     "Install Socket Lab completely, or ask your teacher. "
                     "All other pages keep working."),
                   helper);
      return NULL;
    }

  run = g_atomic_rc_box_new0 (SlFrameRun);
  run->link = link;
  run->ifname = g_strdup (ifname);
  run->subprocess = g_steal_pointer (&subprocess);
  run->stdin_writer = sl_line_writer_new (g_subprocess_get_stdin_pipe (run->subprocess));
  run->stdout_pipe = g_object_ref (g_subprocess_get_stdout_pipe (run->subprocess));
  run->stderr_stream = g_data_input_stream_new (g_subprocess_get_stderr_pipe (run->subprocess));
  run->buffer = g_malloc (BUFFER_SIZE);

  run_read_stdout (run);
  run_read_lines (run);
  g_subprocess_wait_async (run->subprocess, NULL, exited, sl_frame_run_ref (run));

  return run;
}

void
sl_frame_run_request_stop (SlFrameRun   *run,
                           GMainContext *context)
{
  if (run->stopping || run->exited)
    return;

  sl_frame_run_command (run, "stop");
  run->stopping = TRUE;
  sl_line_writer_close (run->stdin_writer);

  run->kill_timer = g_timeout_source_new (STOP_TIMEOUT_MS);
  g_source_set_callback (run->kill_timer, kill_timer_cb, sl_frame_run_ref (run),
                         (GDestroyNotify) sl_frame_run_unref);
  g_source_set_static_name (run->kill_timer, "[sl-frame-link] stop timeout");
  g_source_attach (run->kill_timer, context);
}
