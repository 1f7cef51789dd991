/* main.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "sl-application.h"
#include "sl-launch-options.h"

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
  options = sl_launch_options_parse (argv, &error);
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

  g_set_application_name (_("Socket Lab"));
  app = sl_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
