/* sl-test-playback.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Shared by the tests that need a live SlCapture without privileges:
 * a stand-in helper that plays a stored pcap file back through the real
 * capture engine. Include once, in a test's .c file. */

#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

/* A stand-in for socket-lab-helper: it plays a stored pcap file back on
 * stdout, its timestamps moved to a given time, as the real helper streams
 * a live capture, then waits for EOF on stdin like the real one. Which
 * file and time: the "playback" file beside it (no setenv() once threads
 * run). */
static const char fake_helper[] =
  "#!/usr/bin/python3\n"
  "import os, struct, sys\n"
  "if len (sys.argv) < 2 or sys.argv[1] != 'capture':\n"
  "    sys.exit (0)\n"
  "conf = open (os.path.join (os.path.dirname (sys.argv[0]), 'playback')).read ().split ('\\n')\n"
  "data = open (conf[0], 'rb').read ()\n"
  "magic = data[:4]\n"
  "e = '<' if magic in (b'\\xd4\\xc3\\xb2\\xa1', b'\\x4d\\x3c\\xb2\\xa1') else '>'\n"
  "nano = magic in (b'\\x4d\\x3c\\xb2\\xa1', b'\\xa1\\xb2\\x3c\\x4d')\n"
  "linktype = struct.unpack (e + 'I', data[20:24])[0] & 0xffff\n"
  "base = int (conf[1])\n"
  "out = bytearray (struct.pack ('=IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, linktype))\n"
  "off, first = 24, None\n"
  "while off + 16 <= len (data):\n"
  "    sec, frac, incl, orig = struct.unpack (e + 'IIII', data[off:off + 16])\n"
  "    us = sec * 1000000 + (frac // 1000 if nano else frac)\n"
  "    first = us if first is None else first\n"
  "    us = base + us - first if base else us\n"
  "    out += struct.pack ('=IIII', us // 1000000, us % 1000000, incl, orig)\n"
  "    out += data[off + 16:off + 16 + incl]\n"
  "    off += 16 + incl\n"
  "sys.stderr.write ('ready %d\\n' % linktype)\n"
  "sys.stderr.flush ()\n"
  "sys.stdout.buffer.write (out)\n"
  "sys.stdout.buffer.flush ()\n"
  "sys.stdin.read ()\n";

typedef struct
{
  SlCapture *capture;
} Playback;

/* One helper per process: the capture reads $SOCKET_LAB_HELPER once */
static char *helper_dir;
static char *helper_path;

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Before any thread runs: setenv() is not thread-safe */
static void
playback_prepare (void)
{
  helper_dir = g_dir_make_tmp ("sl-ladder-XXXXXX", NULL);
  if (helper_dir == NULL)
    return;
  helper_path = g_build_filename (helper_dir, "socket-lab-helper", NULL);
  if (!g_file_set_contents (helper_path, fake_helper, -1, NULL) || g_chmod (helper_path, 0755) != 0)
    {
      g_clear_pointer (&helper_path, g_free);
      return;
    }
  g_setenv ("SOCKET_LAB_HELPER", helper_path, TRUE);
}

/* Plays @name (in tests/unit/data) into a real SlCapture. FALSE when the
 * test cannot run here (no python3, no source dir). */
static gboolean
playback_start (Playback   *pb,
                const char *name,
                gint64      base_us,
                guint       n_packets)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pcap = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *conf_path = NULL;
  const char *srcdir = g_getenv ("SRCDIR");
  gint64 deadline;
  guint tick;

  memset (pb, 0, sizeof *pb);
  if (srcdir == NULL || !g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  if (helper_path == NULL)
    return FALSE;

  pcap = g_build_filename (srcdir, "tests", "unit", "data", name, NULL);
  conf = g_strdup_printf ("%s\n%" G_GINT64_FORMAT "\n", pcap, base_us);
  conf_path = g_build_filename (helper_dir, "playback", NULL);
  g_file_set_contents (conf_path, conf, -1, &error);
  g_assert_no_error (error);

  pb->capture = sl_capture_new ();
  sl_capture_start (pb->capture);

  tick = g_timeout_add (50, wake_up, NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (sl_capture_get_packets (pb->capture)) < n_packets &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);

  g_assert_cmpuint (g_list_model_get_n_items (sl_capture_get_packets (pb->capture)), ==, n_packets);
  return TRUE;
}

static void
playback_stop (Playback *pb)
{
  if (pb->capture != NULL)
    {
      sl_capture_stop (pb->capture);
      g_clear_object (&pb->capture);
    }
}

static void
playback_cleanup (void)
{
  if (helper_dir != NULL)
    {
      g_autofree char *conf_path = g_build_filename (helper_dir, "playback", NULL);

      g_unlink (conf_path);
    }
  if (helper_path != NULL)
    g_unlink (helper_path);
  if (helper_dir != NULL)
    g_rmdir (helper_dir);
  g_clear_pointer (&helper_path, g_free);
  g_clear_pointer (&helper_dir, g_free);
}
