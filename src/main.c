/* main.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <sys/resource.h>

#include "sl-application.h"
#include "sl-launch-options.h"

/* Servers that a whole class connects to (a thousand TCP clients, the HTTP
 * page with hundreds of idle browsers) need more descriptors than the usual
 * soft limit of 1,024; the hard limit is the administrator's, we take
 * what it allows. */
static void
raise_descriptor_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = MIN (limit.rlim_max, 65536);
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SlApplication) app = NULL;
  g_autoptr(SlLaunchOptions) options = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SOCKET_LAB_LOCALEDIR") ? g_getenv ("SOCKET_LAB_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Refuse bad options here, in the launching process, with one line and
   * exit status 2 — before anything reaches a running instance. */
  options = sl_launch_options_parse (argv, NULL, &error);
  if (options == NULL)
    {
      if (g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED))
        {
          g_autofree char *help = sl_launch_options_get_help ();

          g_print ("%s", help);
          return 0;
        }

      g_printerr ("socket-lab: %s\n", error->message);
      return 2;
    }

  if (options->version)
    {
      g_print ("socket-lab %s\n", PACKAGE_VERSION);
      return 0;
    }

  raise_descriptor_limit ();
  g_set_application_name (_("Socket Lab"));
  app = sl_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
