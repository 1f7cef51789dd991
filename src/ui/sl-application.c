/* sl-application.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A unique application, as GNOME apps are: a second launch hands its
 * command line to the running instance, which opens a new window with
 * exactly those settings. main() has already refused bad options. */

#include "config.h"

#define G_LOG_DOMAIN "sl-application"

#include <glib/gi18n.h>

#include "sl-application.h"
#include "sl-launch-options.h"
#include "sl-page.h"
#include "sl-window.h"

struct _SlApplication
{
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (SlApplication, sl_application, GTK_TYPE_APPLICATION)

static SlWindow *
open_window (SlApplication         *self,
             const SlLaunchOptions *options)
{
  SlWindow *window = sl_window_new (GTK_APPLICATION (self));

  if (options != NULL)
    sl_window_apply_launch_options (window, options);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
sl_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window != NULL)
    gtk_window_present (window);
  else
    open_window (SL_APPLICATION (application), NULL);
}

static int
sl_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  g_autoptr(SlLaunchOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  int argc;

  argv = g_application_command_line_get_arguments (command_line, &argc);
  options = sl_launch_options_parse (argv, g_application_command_line_get_cwd (command_line), &error);

  if (options == NULL)
    {
      /* main() checks the same, so this is a caller that skipped it */
      g_application_command_line_printerr (command_line, "socket-lab: %s\n", error->message);
      return 2;
    }

  open_window (SL_APPLICATION (application), options);
  return 0;
}

static void
on_about_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *application = user_data;
  const char *authors[] = { "The Socket Lab authors", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (application),
                         "program-name", _("Socket Lab"),
                         "logo-icon-name", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Learn socket programming by clicking: servers, clients and the packets they cause"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         "translator-credits", _("translator-credits"),
                         "website", "https://github.com/socketlab/socket-lab",
                         NULL);
}

static void
on_quit_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GtkApplication *application = user_data;
  GList *windows = gtk_application_get_windows (application);

  /* Close each window so that pages stop their servers cleanly */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }
}

/* app.export-capture: exported on D-Bus by GApplication, so that
 * `gapplication action io.github.socketlab.SocketLab export-capture
 * "'/tmp/x.pcap'"` writes the capture of the window in front */
static void
on_export_capture_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  GtkApplication *application = user_data;
  GtkWindow *window = gtk_application_get_active_window (application);
  GList *windows;

  /* Without a window manager no window is active: take the newest */
  if (window == NULL && (windows = gtk_application_get_windows (application)) != NULL)
    window = windows->data;

  if (window == NULL)
    {
      g_message ("export-capture: there is no window, so there is no capture to write");
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-capture", "s",
                              g_variant_get_string (parameter, NULL));
}

static void
load_css (void)
{
  sl_ui_register_resources ();

  GtkCssProvider *provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/io/github/socketlab/SocketLab/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref (provider);
}

static void
sl_application_startup (GApplication *application)
{
  static const GActionEntry app_entries[] = {
    { "about", on_about_activated },
    { "quit", on_quit_activated },
    { "export-capture", on_export_capture_activated, "s" },
  };
  static const char *capture_accels[] = { "<Control><Shift>c", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (sl_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_entries,
                                   G_N_ELEMENTS (app_entries), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.show-capture", capture_accels);

  gtk_window_set_default_icon_name (APPLICATION_ID);
  load_css ();
}

static void
sl_application_class_init (SlApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = sl_application_activate;
  app_class->command_line = sl_application_command_line;
  app_class->startup = sl_application_startup;
}

static void
sl_application_init (SlApplication *self)
{
}

SlApplication *
sl_application_new (void)
{
  return g_object_new (SL_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/socketlab/SocketLab",
                       NULL);
}
