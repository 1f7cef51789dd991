/* sl-window.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-window"

#include <glib/gi18n.h>

#include "sl-tcp-client-page.h"
#include "sl-tcp-server-page.h"
#include "sl-window.h"

struct _SlWindow
{
  GtkApplicationWindow parent_instance;

  GSettings *settings;

  GtkHeaderBar *header_bar;
  GtkMenuButton *primary_menu_button;
  GtkPaned *main_paned;
  GtkStackSidebar *sidebar;
  GtkPaned *content_paned;
  GtkStack *stack;
};

G_DEFINE_FINAL_TYPE (SlWindow, sl_window, GTK_TYPE_APPLICATION_WINDOW)

static void
add_page (SlWindow *self,
          SlPage   *page)
{
  GtkStackPage *stack_page;

  stack_page = gtk_stack_add_titled (self->stack, GTK_WIDGET (page),
                                     sl_page_get_name (page),
                                     sl_page_get_title (page));
  gtk_stack_page_set_icon_name (stack_page, sl_page_get_icon_name (page));
  g_object_bind_property (page, "running", stack_page, "needs-attention", G_BINDING_SYNC_CREATE);
}

static void
on_stack_visible_child_name_changed (SlWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  if (name != NULL && self->settings != NULL)
    g_settings_set_string (self->settings, "last-page", name);
}

static gboolean
sl_window_close_request (GtkWindow *window)
{
  SlWindow *self = SL_WINDOW (window);
  GtkWidget *child;
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (SL_IS_PAGE (child))
        sl_page_stop_all (SL_PAGE (child));
    }

  return GTK_WINDOW_CLASS (sl_window_parent_class)->close_request (window);
}

static void
sl_window_dispose (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sl_window_parent_class)->dispose (object);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  sl_window_show_page (SL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
sl_window_class_init (SlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sl_window_dispose;
  window_class->close_request = sl_window_close_request;

  sl_ui_register_resources ();

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketlab/SocketLab/sl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, main_paned);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, content_paned);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_visible_child_name_changed);

  /* Alt+1, Alt+2…: a teacher at the projector switches pages without
   * aiming at the sidebar. The order is the sidebar's. */
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-page", "s", "tcp-server");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-page", "s", "tcp-client");
}

static void
sl_window_init (SlWindow *self)
{
  g_autofree char *last_page = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  add_page (self, SL_PAGE (sl_tcp_server_page_new ()));
  add_page (self, SL_PAGE (sl_tcp_client_page_new ()));

  last_page = g_settings_get_string (self->settings, "last-page");
  if (gtk_stack_get_child_by_name (self->stack, last_page) != NULL)
    gtk_stack_set_visible_child_name (self->stack, last_page);
}

SlWindow *
sl_window_new (GtkApplication *application)
{
  return g_object_new (SL_TYPE_WINDOW, "application", application, NULL);
}

SlPage *
sl_window_get_page (SlWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);

  return SL_PAGE (gtk_stack_get_child_by_name (self->stack, name));
}

void
sl_window_show_page (SlWindow   *self,
                     const char *name)
{
  g_return_if_fail (SL_IS_WINDOW (self));

  if (gtk_stack_get_child_by_name (self->stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->stack, name);
}

void
sl_window_apply_launch_options (SlWindow              *self,
                                const SlLaunchOptions *options)
{
  GtkWidget *child;

  g_return_if_fail (SL_IS_WINDOW (self));
  g_return_if_fail (options != NULL);

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (SL_IS_PAGE (child))
        sl_page_apply_launch_options (SL_PAGE (child), options);
    }

  if (options->page != NULL)
    sl_window_show_page (self, options->page);
  else if (options->tcp_client != NULL)
    sl_window_show_page (self, "tcp-client");
  else if (options->tcp_servers->len > 0)
    sl_window_show_page (self, "tcp-server");
}
