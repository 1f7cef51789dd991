/* replay-main.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "fuzz-replay"

#include <glib.h>
#include <stdio.h>

/* Runs a libFuzzer target over files and corpus directories without
 * libFuzzer, so that any compiler's CI replays the corpus as a test.
 * Usage: fuzz-TARGET-replay DIR|FILE... */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static int
cmp_names (gconstpointer a,
           gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static gboolean
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  LLVMFuzzerTestOneInput ((const guint8 *) contents, len);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint n_files = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: %s DIR|FILE...\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GPtrArray) names = NULL;
      const char *name;

      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          if (!run_file (argv[i]))
            return 1;
          n_files++;
          continue;
        }

      dir = g_dir_open (argv[i], 0, &error);
      if (dir == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      names = g_ptr_array_new_with_free_func (g_free);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
      /* The same order everywhere, so a failure reproduces. */
      g_ptr_array_sort (names, cmp_names);
      for (guint j = 0; j < names->len; j++)
        {
          const char *path = g_ptr_array_index (names, j);

          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            {
              g_print ("%s\n", path);
              fflush (stdout);
              if (!run_file (path))
                return 1;
              n_files++;
            }
        }
    }

  g_print ("%u inputs replayed\n", n_files);
  return n_files > 0 ? 0 : 1;
}
