/* capture-view-bench.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The app's side of the capture benchmark (issue 3), driven by
 * run-capture-bench.py: a window holding the capture pane (SlCaptureView)
 * over an SlCapture, as SlWindow has them, capturing "this session" with
 * UDP PORT registered in the default port registry the way an engine
 * registers its port, so the helper's filter is "udp port PORT" (or all
 * traffic of the interface with --all-traffic).
 *
 * The window is kept drawing: a tick callback queues a draw of a small
 * heartbeat area every frame, and the frame clock's "after-paint" signal
 * records when each frame was painted. A stall of the main thread shows
 * as a long interval between two paints.
 *
 *   capture-view-bench --port=PORT [--interface=lo] [--all-traffic] [--no-view]
 *
 * Commands on stdin, one per line; each answer is one JSON line on stdout:
 *   (at start, unasked)  {"event": "ready", ...}   capture running, filter in force
 *   mark                 frame statistics start again from now
 *   report               waits until the packet count settles, then prints
 *                        packets, drops, bytes held, VmRSS and frame figures
 *   scroll SECONDS       scrolls the list from top to bottom over SECONDS,
 *                        then prints frame figures for that time
 *   quit
 *
 * Every wait is bounded; the process exits after 600 s whatever happens. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib-unix.h>
#include <gtk/gtk.h>

#include "sl-capture.h"
#include "sl-capture-private.h"
#include "sl-capture-view.h"
#include "sl-port-registry.h"

#define MAX_LIFETIME_S 600
#define SETTLE_STABLE_US (1200 * 1000)
#define SETTLE_MAX_US (20 * G_USEC_PER_SEC)
#define READY_MAX_US (30 * G_USEC_PER_SEC)
#define STALL_MS 100.0

static GtkWidget *window;
static GtkWidget *heartbeat;
static SlCaptureView *view;
static SlCapture *capture;
static guint16 port;
static char *interface = NULL;
static gboolean all_traffic = FALSE;
static gboolean no_view = FALSE;
static GMainLoop *loop;
static GString *stdin_buffer;

/* Paint times since the last mark, µs (monotonic) */
static GArray *paints;
/* The main thread's CPU time and the clock at the last mark, µs: what the
 * window's work costs, whatever else keeps the machine busy */
static gint64 mark_cpu_us;
static gint64 mark_us;

/* Settling before a report */
static guint settle_id;
static guint settle_last_n;
static gint64 settle_since;
static gint64 settle_started;

/* Scrolling */
static gint64 scroll_start;
static gint64 scroll_us;
static guint scroll_tick;

static gint64
vm_rss (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "\nVmRSS:");
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + 7, NULL, 10) * 1024;
}

static void
emit (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static void
emit (const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
mark_now (void)
{
  g_array_set_size (paints, 0);
  mark_cpu_us = thread_cpu_us ();
  mark_us = g_get_monotonic_time ();
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* "frames": paints since the mark, "fps", the median, p99 and longest
 * interval between two paints in ms, how many exceeded STALL_MS, and the
 * main thread's CPU time per second since the mark ("main_cpu_ms_per_s") */
static char *
frame_figures (void)
{
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (double));
  double seconds, median = 0, p99 = 0, longest = 0;
  guint stalls = 0;
  gint64 now = g_get_monotonic_time ();
  double cpu_ms_per_s = now > mark_us ? (thread_cpu_us () - mark_cpu_us) / ((now - mark_us) / 1e3) : 0;

  if (paints->len == 0)
    return g_strdup_printf ("\"frames\": 0, \"fps\": 0, \"frame_median_ms\": null, "
                            "\"frame_p99_ms\": null, \"frame_max_ms\": null, \"stalls\": 0, "
                            "\"main_cpu_ms_per_s\": %.1f", cpu_ms_per_s);

  for (guint i = 1; i < paints->len; i++)
    {
      double gap = (g_array_index (paints, gint64, i) - g_array_index (paints, gint64, i - 1)) / 1000.0;
      g_array_append_val (gaps, gap);
    }
  /* The time from the last paint to now counts too: a main thread stuck
   * right now is a stall */
  {
    double gap = (now - g_array_index (paints, gint64, paints->len - 1)) / 1000.0;
    g_array_append_val (gaps, gap);
  }
  g_array_sort (gaps, compare_double);
  median = g_array_index (gaps, double, gaps->len / 2);
  p99 = g_array_index (gaps, double, MIN (gaps->len - 1, (gaps->len * 99) / 100));
  longest = g_array_index (gaps, double, gaps->len - 1);
  for (guint i = 0; i < gaps->len; i++)
    if (g_array_index (gaps, double, i) > STALL_MS)
      stalls++;
  seconds = (now - g_array_index (paints, gint64, 0)) / 1e6;

  return g_strdup_printf ("\"frames\": %u, \"fps\": %.1f, \"frame_median_ms\": %.1f, "
                          "\"frame_p99_ms\": %.1f, \"frame_max_ms\": %.1f, \"stalls\": %u, "
                          "\"main_cpu_ms_per_s\": %.1f",
                          paints->len, seconds > 0 ? paints->len / seconds : 0.0,
                          median, p99, longest, stalls, cpu_ms_per_s);
}

static gboolean
add_caplen (const SlPacketRecord *record,
            const guint8         *data,
            gpointer              user_data)
{
  guint64 *bytes = user_data;

  *bytes += record->caplen;
  return TRUE;
}

static void
report (void)
{
  g_autofree char *frames = frame_figures ();
  SlPacketStore *store = sl_capture_get_store (capture);
  guint n = sl_capture_get_n_packets (capture);
  guint64 bytes = 0;

  sl_packet_store_foreach (store, 0, n, add_caplen, &bytes);
  emit ("{\"event\": \"report\", \"packets\": %u, \"dropped\": %" G_GUINT64_FORMAT ", "
        "\"bytes\": %" G_GUINT64_FORMAT ", \"store_memory\": %" G_GSIZE_FORMAT ", "
        "\"rss\": %" G_GINT64_FORMAT ", \"state\": %d, %s}",
        n, sl_capture_get_n_dropped (capture), bytes,
        sl_packet_store_get_memory (store), vm_rss (),
        (int) sl_capture_get_state (capture), frames);
}

static gboolean
settle_check (gpointer data)
{
  guint n = sl_capture_get_n_packets (capture);
  gint64 now = g_get_monotonic_time ();

  if (n != settle_last_n)
    {
      settle_last_n = n;
      settle_since = now;
    }
  /* One more stats line from the helper (once a second) comes within
   * the stable time too */
  if (now - settle_since >= SETTLE_STABLE_US || now - settle_started >= SETTLE_MAX_US)
    {
      settle_id = 0;
      report ();
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
scroll_step (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  GtkScrolledWindow *sw = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                                              SL_TYPE_CAPTURE_VIEW,
                                                                              "packets_scrolled_window"));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (sw);
  double fraction = (g_get_monotonic_time () - scroll_start) / (double) scroll_us;
  double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  gtk_adjustment_set_value (adj, MIN (fraction, 1.0) * upper);
  if (fraction >= 1.0)
    {
      g_autofree char *frames = frame_figures ();

      emit ("{\"event\": \"scrolled\", \"position\": %.0f, \"upper\": %.0f, "
            "\"rss\": %" G_GINT64_FORMAT ", %s}",
            gtk_adjustment_get_value (adj), gtk_adjustment_get_upper (adj), vm_rss (), frames);
      scroll_tick = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
handle_command (const char *line)
{
  if (g_str_equal (line, "mark"))
    {
      mark_now ();
      emit ("{\"event\": \"marked\", \"packets\": %u, \"rss\": %" G_GINT64_FORMAT "}",
            sl_capture_get_n_packets (capture), vm_rss ());
    }
  else if (g_str_equal (line, "report"))
    {
      if (settle_id == 0)
        {
          settle_last_n = G_MAXUINT;
          settle_started = g_get_monotonic_time ();
          settle_id = g_timeout_add (100, settle_check, NULL);
        }
    }
  else if (g_str_has_prefix (line, "scroll "))
    {
      double seconds = g_ascii_strtod (line + 7, NULL);

      if (seconds <= 0 || seconds > 60 || scroll_tick != 0 || view == NULL)
        {
          emit ("{\"event\": \"error\", \"message\": \"bad scroll\"}");
          return;
        }
      mark_now ();
      scroll_start = g_get_monotonic_time ();
      scroll_us = (gint64) (seconds * G_USEC_PER_SEC);
      scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (view), scroll_step, NULL, NULL);
    }
  else if (g_str_equal (line, "quit"))
    g_main_loop_quit (loop);
  else
    emit ("{\"event\": \"error\", \"message\": \"unknown command\"}");
}

static gboolean
on_stdin (int          fd,
          GIOCondition condition,
          gpointer     data)
{
  char buf[256];
  ssize_t r = read (fd, buf, sizeof buf);
  char *nl;

  if (r <= 0)
    {
      g_main_loop_quit (loop);
      return G_SOURCE_REMOVE;
    }
  g_string_append_len (stdin_buffer, buf, r);
  if (stdin_buffer->len > 4096)
    g_string_truncate (stdin_buffer, 0);
  while ((nl = strchr (stdin_buffer->str, '\n')) != NULL)
    {
      g_autofree char *line = g_strndup (stdin_buffer->str, nl - stdin_buffer->str);

      g_string_erase (stdin_buffer, 0, nl - stdin_buffer->str + 1);
      handle_command (g_strstrip (line));
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
heartbeat_tick (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
draw_heartbeat (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        data)
{
  double phase = (g_get_monotonic_time () % G_USEC_PER_SEC) / (double) G_USEC_PER_SEC;

  cairo_set_source_rgb (cr, phase, 0.5, 1.0 - phase);
  cairo_paint (cr);
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  gint64 now = g_get_monotonic_time ();

  /* Where the stalls happen, for whoever hunts them (stderr: the log) */
  if (paints->len > 0 && now - g_array_index (paints, gint64, paints->len - 1) > STALL_MS * 1000)
    g_printerr ("capture-view-bench: stall of %.0f ms before a paint, %u packets shown\n",
                (now - g_array_index (paints, gint64, paints->len - 1)) / 1000.0,
                sl_capture_get_n_packets (capture));
  g_array_append_val (paints, now);
}

static void
on_realize (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
}

static gint64 ready_deadline;

static gboolean
check_ready (gpointer data)
{
  const char *filter = sl_capture_get_filter (capture);
  g_autofree char *want = g_strdup_printf ("udp port %u", port);
  SlCaptureState state = sl_capture_get_state (capture);

  if (state == SL_CAPTURE_FAILED || g_get_monotonic_time () > ready_deadline)
    {
      const char *detail = sl_capture_get_problem_detail (capture);
      g_autofree char *escaped = g_strescape (detail != NULL ? detail : "timeout", NULL);

      emit ("{\"event\": \"failed\", \"state\": %d, \"detail\": \"%s\"}", (int) state, escaped);
      g_main_loop_quit (loop);
      return G_SOURCE_REMOVE;
    }
  if (state == SL_CAPTURE_RUNNING && paints->len > 2 &&
      (all_traffic || (filter != NULL && strstr (filter, want) != NULL)))
    {
      guint linktype = 0;

      g_object_get (capture, "linktype", &linktype, NULL);
      emit ("{\"event\": \"ready\", \"filter\": \"%s\", \"linktype\": %u, \"packets\": %u, "
            "\"rss\": %" G_GINT64_FORMAT "}",
            filter ? filter : "", linktype, sl_capture_get_n_packets (capture), vm_rss ());
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
lifetime_over (gpointer data)
{
  g_printerr ("capture-view-bench: %d s are over, quitting\n", MAX_LIFETIME_S);
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  int port_arg = 0;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port_arg, "UDP port to capture (registered like an engine's)", "PORT" },
    { "interface", 0, 0, G_OPTION_ARG_STRING, &interface, "Interface (default lo)", "NAME" },
    { "all-traffic", 0, 0, G_OPTION_ARG_NONE, &all_traffic, "Capture all traffic", NULL },
    { "no-view", 0, 0, G_OPTION_ARG_NONE, &no_view, "No capture pane: the capture alone (memory without the list)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the app's side of the capture benchmark");
  g_autoptr(GError) error = NULL;
  GtkWidget *box;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || port_arg < 1 || port_arg > 65535)
    {
      g_printerr ("capture-view-bench: %s\n", error ? error->message : "--port=1..65535 is needed");
      return 2;
    }
  port = (guint16) port_arg;

  gtk_init ();
  loop = g_main_loop_new (NULL, FALSE);
  paints = g_array_new (FALSE, FALSE, sizeof (gint64));
  mark_now ();
  stdin_buffer = g_string_new (NULL);

  /* Like an engine that bound the port: "this session" follows it */
  sl_port_registry_add (sl_port_registry_get_default (), SL_PORT_UDP, port);

  capture = sl_capture_new ();
  sl_capture_set_interface (capture, interface ? interface : "lo");
  sl_capture_set_all_traffic (capture, all_traffic);

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "Socket Lab capture benchmark");
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  heartbeat = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (heartbeat), 8);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (heartbeat), draw_heartbeat, NULL, NULL);
  gtk_widget_add_tick_callback (heartbeat, heartbeat_tick, NULL, NULL);
  gtk_box_append (GTK_BOX (box), heartbeat);
  if (!no_view)
    {
      view = SL_CAPTURE_VIEW (sl_capture_view_new (capture));
      gtk_widget_set_vexpand (GTK_WIDGET (view), TRUE);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (view));
    }
  gtk_window_set_child (GTK_WINDOW (window), box);
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
  gtk_window_present (GTK_WINDOW (window));

  sl_capture_start (capture);

  ready_deadline = g_get_monotonic_time () + READY_MAX_US;
  g_timeout_add (50, check_ready, NULL);
  g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP, on_stdin, NULL);
  g_timeout_add_seconds (MAX_LIFETIME_S, lifetime_over, NULL);

  g_main_loop_run (loop);

  sl_capture_stop (capture);
  gtk_window_destroy (GTK_WINDOW (window));
  /* Let the helper see EOF and exit */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_object_unref (capture);
  return 0;
}
