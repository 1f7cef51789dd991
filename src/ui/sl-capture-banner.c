/* sl-capture-banner.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The helper's error line is English and meant for logs; the banner picks
 * its own translated words by SlCaptureProblem and keeps the helper's line
 * in a tooltip for the teacher. pkexec runs setcap on the helper file only:
 * the same command the banner shows, nothing that a caller could name. */

#include "config.h"

#define G_LOG_DOMAIN "sl-capture-banner"

#include <glib/gi18n.h>

#include "sl-capture-banner.h"
#include "sl-page.h"

struct _SlCaptureBanner
{
  GtkWidget parent_instance;

  GtkBox *box;
  GtkLabel *message_label;
  GtkButton *retry_button;
  GtkBox *permission_box;
  GtkLabel *command_label;
  GtkButton *copy_button;
  GtkButton *allow_button;
  GtkLabel *status_label;

  SlCapture *capture;
  GCancellable *cancellable;
  char *command;
};

G_DEFINE_FINAL_TYPE (SlCaptureBanner, sl_capture_banner, GTK_TYPE_WIDGET)

static void
show_status (SlCaptureBanner *self,
             const char      *text,
             gboolean         is_error)
{
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text != '\0');
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error-message");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error-message");
}

static char *
dup_message (SlCaptureBanner  *self,
             SlCaptureProblem  problem)
{
  switch (problem)
    {
    case SL_CAPTURE_PROBLEM_NO_PERMISSION:
      return g_strdup (_("Capturing packets needs a permission that the helper program "
                         "(socket-lab-helper) does not have yet. An administrator gives it "
                         "once with the command below. All other pages keep working without it."));
    case SL_CAPTURE_PROBLEM_NO_HELPER:
      return g_strdup_printf (_("Packets cannot be captured: the helper program was not found "
                                "or cannot be run at “%s”. Install Socket Lab completely, or ask "
                                "your teacher. All other pages keep working."),
                              sl_capture_get_helper_path ());
    case SL_CAPTURE_PROBLEM_NO_INTERFACE:
      return g_strdup_printf (_("The interface “%s” does not exist or is not up. Choose another "
                                "interface, such as “any”, and start again."),
                              sl_capture_get_interface (self->capture));
    case SL_CAPTURE_PROBLEM_BAD_FILTER:
      return g_strdup (_("The helper program refused the capture filter, so nothing is "
                         "captured. Choose “All Traffic” to capture without a filter."));
    case SL_CAPTURE_PROBLEM_FAILED:
      return g_strdup (_("Capturing stopped because of an error in the helper program. "
                         "Try again; if it keeps failing, ask your teacher. "
                         "All other pages keep working."));
    case SL_CAPTURE_PROBLEM_NONE:
    default:
      return NULL;
    }
}

static void
update (SlCaptureBanner *self)
{
  SlCaptureProblem problem = SL_CAPTURE_PROBLEM_NONE;
  g_autofree char *message = NULL;
  const char *detail = NULL;

  if (self->capture != NULL)
    {
      problem = sl_capture_get_problem (self->capture);
      detail = sl_capture_get_problem_detail (self->capture);
    }

  message = dup_message (self, problem);
  gtk_widget_set_visible (GTK_WIDGET (self), message != NULL);
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->message_label),
                               detail != NULL && *detail != '\0' ? detail : NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->permission_box),
                          problem == SL_CAPTURE_PROBLEM_NO_PERMISSION);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button),
                          problem != SL_CAPTURE_PROBLEM_NO_PERMISSION);

  if (problem == SL_CAPTURE_PROBLEM_NO_PERMISSION && self->command == NULL)
    {
      self->command = sl_capture_dup_setcap_command ();
      gtk_label_set_text (self->command_label, self->command);
    }

  if (problem == SL_CAPTURE_PROBLEM_NONE)
    show_status (self, NULL, FALSE);

  /* Screen readers hear the new problem */
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                    -1);
}

static void
on_retry_button_clicked (SlCaptureBanner *self)
{
  if (self->capture != NULL)
    sl_capture_start (self->capture);
}

static void
on_copy_button_clicked (SlCaptureBanner *self)
{
  if (self->command == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->command);
  show_status (self, _("The command is on the clipboard."), FALSE);
}

static void
on_pkexec_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GSubprocess *subprocess = G_SUBPROCESS (source);
  g_autoptr(SlCaptureBanner) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (subprocess, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_sensitive (GTK_WIDGET (self->allow_button), TRUE);
      show_status (self, _("The command could not be run, so nothing changed. "
                           "Ask an administrator to run the command above."), TRUE);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->allow_button), TRUE);

  if (g_subprocess_get_if_exited (subprocess) && g_subprocess_get_exit_status (subprocess) == 0)
    {
      show_status (self, _("The helper program may capture now. Capturing starts again."), FALSE);
      if (self->capture != NULL)
        sl_capture_start (self->capture);
      return;
    }

  /* pkexec: 126 when the dialog was dismissed, 127 when not authorized */
  if (g_subprocess_get_if_exited (subprocess) && g_subprocess_get_exit_status (subprocess) == 126)
    show_status (self, _("The password dialog was closed, so nothing changed. "
                         "Nothing else is affected."), TRUE);
  else if (g_subprocess_get_if_exited (subprocess) && g_subprocess_get_exit_status (subprocess) == 127)
    show_status (self, _("You are not allowed to give this permission on this computer, so "
                         "nothing changed. Ask an administrator to run the command above."), TRUE);
  else
    show_status (self, _("Giving the permission failed, so nothing changed. "
                         "Ask an administrator to run the command above."), TRUE);
}

static void
on_allow_button_clicked (SlCaptureBanner *self)
{
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  const char *helper = sl_capture_get_helper_path ();

  subprocess = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                                 "pkexec", "setcap", "cap_net_raw,cap_net_admin=ep", helper,
                                 NULL);
  if (subprocess == NULL)
    {
      g_debug ("pkexec: %s", error->message);
      show_status (self, _("This computer cannot ask for the administrator password "
                           "(pkexec is missing). Ask an administrator to run the command above."),
                   TRUE);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->allow_button), FALSE);
  show_status (self, _("Waiting for the administrator password…"), FALSE);
  g_subprocess_wait_async (subprocess, self->cancellable, on_pkexec_done, g_object_ref (self));
}

static void
sl_capture_banner_dispose (GObject *object)
{
  SlCaptureBanner *self = SL_CAPTURE_BANNER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->box != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->box));
      self->box = NULL;
    }
  if (self->capture != NULL)
    g_signal_handlers_disconnect_by_data (self->capture, self);
  g_clear_object (&self->capture);

  G_OBJECT_CLASS (sl_capture_banner_parent_class)->dispose (object);
}

static void
sl_capture_banner_finalize (GObject *object)
{
  SlCaptureBanner *self = SL_CAPTURE_BANNER (object);

  g_clear_object (&self->cancellable);
  g_free (self->command);

  G_OBJECT_CLASS (sl_capture_banner_parent_class)->finalize (object);
}

static void
sl_capture_banner_class_init (SlCaptureBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_capture_banner_dispose;
  object_class->finalize = sl_capture_banner_finalize;

  sl_ui_register_resources ();

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "capturebanner");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketlab/SocketLab/sl-capture-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCaptureBanner, box);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureBanner, message_label);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureBanner, retry_button);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureBanner, permission_box);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureBanner, command_label);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureBanner, copy_button);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureBanner, allow_button);
  gtk_widget_class_bind_template_child (widget_class, SlCaptureBanner, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_allow_button_clicked);
}

static void
sl_capture_banner_init (SlCaptureBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
sl_capture_banner_new (void)
{
  return g_object_new (SL_TYPE_CAPTURE_BANNER, NULL);
}

void
sl_capture_banner_set_capture (SlCaptureBanner *self,
                               SlCapture       *capture)
{
  g_return_if_fail (SL_IS_CAPTURE_BANNER (self));
  g_return_if_fail (capture == NULL || SL_IS_CAPTURE (capture));

  if (self->capture == capture)
    return;

  if (self->capture != NULL)
    g_signal_handlers_disconnect_by_data (self->capture, self);
  g_set_object (&self->capture, capture);

  if (capture != NULL)
    {
      g_signal_connect_swapped (capture, "notify::problem", G_CALLBACK (update), self);
      g_signal_connect_swapped (capture, "notify::problem-detail", G_CALLBACK (update), self);
      g_signal_connect_swapped (capture, "notify::interface", G_CALLBACK (update), self);
    }

  update (self);
}

const char *
sl_capture_banner_get_message (SlCaptureBanner *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE_BANNER (self), NULL);

  return gtk_label_get_text (self->message_label);
}

const char *
sl_capture_banner_get_command (SlCaptureBanner *self)
{
  g_return_val_if_fail (SL_IS_CAPTURE_BANNER (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->permission_box)))
    return NULL;
  return self->command;
}
