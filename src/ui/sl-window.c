/* sl-window.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-window"

#include <glib/gi18n.h>

#include "sl-call-link.h"
#include "sl-capture-view.h"
#include "sl-event-log-view.h"
#include "sl-frames-page.h"
#include "sl-http-page.h"
#include "sl-multicast-page.h"
#include "sl-network-page.h"
#include "sl-tcp-client-page.h"
#include "sl-tcp-server-page.h"
#include "sl-udp-page.h"
#include "sl-window.h"

struct _SlWindow
{
  GtkApplicationWindow parent_instance;

  GSettings *settings;

  GtkHeaderBar *header_bar;
  GtkMenuButton *primary_menu_button;
  GtkBox *main_box;
  GtkStackSidebar *sidebar;
  GtkPaned *content_paned;
  GtkStack *stack;
  SlCaptureView *capture_view;

  /* One capture per window; the pages' logs and log views, for linking
   * socket calls and packets both ways */
  SlCapture *capture;
  GPtrArray *event_logs;
  GPtrArray *event_log_views;
  gboolean capture_visible;
  gboolean linking;
};

enum {
  PROP_0,
  PROP_CAPTURE_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SlWindow, sl_window, GTK_TYPE_APPLICATION_WINDOW)

/* Selecting a socket call in a page's log highlights its packets */
static void
on_event_log_view_selected_event_changed (SlWindow       *self,
                                          GParamSpec     *pspec,
                                          SlEventLogView *view)
{
  SlEvent *event = sl_event_log_view_get_selected_event (view);
  g_autoptr(GArray) indices = NULL;

  if (self->linking)
    return;

  if (event != NULL && sl_capture_get_n_packets (self->capture) > 0)
    indices = sl_call_link_find_packets (self->capture, self->event_logs, event);

  self->linking = TRUE;
  sl_capture_view_link_packets (self->capture_view, indices);
  self->linking = FALSE;
}

/* Selecting a packet highlights the socket call that caused it */
static void
on_capture_view_selected_packet_changed (SlWindow *self)
{
  int index = sl_capture_view_get_selected_packet (self->capture_view);
  g_autoptr(SlPacket) packet = NULL;
  SlEvent *event;
  guint i;

  if (self->linking || index < 0)
    return;

  packet = sl_capture_get_packet (self->capture, (guint) index);
  if (packet == NULL)
    return;

  event = sl_call_link_find_event (self->event_logs, self->capture, packet);
  if (event == NULL)
    return;

  self->linking = TRUE;
  for (i = 0; i < self->event_log_views->len; i++)
    {
      SlEventLogView *view = g_ptr_array_index (self->event_log_views, i);
      GListModel *model = sl_event_log_view_get_model (view);

      if (model != NULL && g_ptr_array_find (self->event_logs, model, NULL))
        sl_event_log_view_set_selected_event (view, event);
    }
  self->linking = FALSE;
}

static void
collect_event_log_views (SlWindow  *self,
                         GtkWidget *widget)
{
  GtkWidget *child;

  if (SL_IS_EVENT_LOG_VIEW (widget))
    {
      g_ptr_array_add (self->event_log_views, widget);
      g_signal_connect_object (widget, "notify::selected-event",
                               G_CALLBACK (on_event_log_view_selected_event_changed),
                               self, G_CONNECT_SWAPPED);
      return;
    }

  for (child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_event_log_views (self, child);
}

static void
add_page (SlWindow *self,
          SlPage   *page)
{
  GtkStackPage *stack_page;
  GPtrArray *logs;
  guint i;

  stack_page = gtk_stack_add_titled (self->stack, GTK_WIDGET (page),
                                     sl_page_get_name (page),
                                     sl_page_get_title (page));
  gtk_stack_page_set_icon_name (stack_page, sl_page_get_icon_name (page));
  g_object_bind_property (page, "running", stack_page, "needs-attention", G_BINDING_SYNC_CREATE);

  logs = sl_page_get_event_logs (page);
  for (i = 0; logs != NULL && i < logs->len; i++)
    g_ptr_array_add (self->event_logs, g_object_ref (g_ptr_array_index (logs, i)));
  collect_event_log_views (self, GTK_WIDGET (page));
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
  g_settings_set_int (self->settings, "capture-position", gtk_paned_get_position (self->content_paned));

  sl_capture_stop (self->capture);

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

  if (self->capture != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->capture, self);
      sl_capture_stop (self->capture);
    }
  g_clear_object (&self->settings);
  g_clear_pointer (&self->event_log_views, g_ptr_array_unref);
  g_clear_pointer (&self->event_logs, g_ptr_array_unref);

  G_OBJECT_CLASS (sl_window_parent_class)->dispose (object);
}

static void
sl_window_finalize (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);

  g_clear_object (&self->capture);

  G_OBJECT_CLASS (sl_window_parent_class)->finalize (object);
}

static void
sl_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SlWindow *self = SL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CAPTURE_VISIBLE:
      g_value_set_boolean (value, self->capture_visible);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SlWindow *self = SL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CAPTURE_VISIBLE:
      if (self->capture_visible != g_value_get_boolean (value))
        {
          self->capture_visible = g_value_get_boolean (value);
          gtk_widget_set_visible (GTK_WIDGET (self->capture_view), self->capture_visible);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* app.export-capture forwards here, so the window owning the capture
 * writes it */
static void
on_export_capture_done (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!sl_capture_export_finish (SL_CAPTURE (object), result, &error))
    g_message ("export-capture: %s", error->message);
}

static void
export_capture_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);
  const char *path = g_variant_get_string (parameter, NULL);

  sl_capture_export_async (self->capture, path, NULL, on_export_capture_done, NULL);
}

static void
on_capture_state_changed (SlWindow *self)
{
  /* Starting a capture (from the pane, a banner or --capture) shows it */
  if (sl_capture_get_state (self->capture) != SL_CAPTURE_STOPPED)
    g_object_set (self, "capture-visible", TRUE, NULL);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  sl_window_show_page (SL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* The remembered size, but never larger than the screen: an old
 * 1024×768 classroom projector must still show the whole window. */
static void
restore_size (SlWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");
  GdkDisplay *display = gdk_display_get_default ();
  GListModel *monitors = display ? gdk_display_get_monitors (display) : NULL;

  if (monitors != NULL && g_list_model_get_n_items (monitors) > 0)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      /* Leave room for a top bar and the window frame */
      width = MIN (width, geometry.width - 40);
      height = MIN (height, geometry.height - 80);
    }

  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, 640), MAX (height, 480));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
sl_window_class_init (SlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sl_window_dispose;
  object_class->finalize = sl_window_finalize;
  object_class->get_property = sl_window_get_property;
  object_class->set_property = sl_window_set_property;

  properties[PROP_CAPTURE_VISIBLE] =
    g_param_spec_boolean ("capture-visible", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  window_class->close_request = sl_window_close_request;

  sl_ui_register_resources ();
  g_type_ensure (SL_TYPE_CAPTURE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketlab/SocketLab/sl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, main_box);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, content_paned);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, capture_view);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_visible_child_name_changed);

  /* Alt+1, Alt+2…: a teacher at the projector switches pages without
   * aiming at the sidebar. The order is the sidebar's. */
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  /* Ctrl+Shift+C (set by the application) */
  gtk_widget_class_install_property_action (widget_class, "win.show-capture", "capture-visible");
  gtk_widget_class_install_action (widget_class, "win.export-capture", "s", export_capture_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-page", "s", "tcp-server");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-page", "s", "tcp-client");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK,
                                       "win.show-page", "s", "udp");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK,
                                       "win.show-page", "s", "multicast");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_ALT_MASK,
                                       "win.show-page", "s", "http");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_6, GDK_ALT_MASK,
                                       "win.show-page", "s", "frames");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_7, GDK_ALT_MASK,
                                       "win.show-page", "s", "network");
}

static void
sl_window_init (SlWindow *self)
{
  g_autofree char *last_page = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  self->event_logs = g_ptr_array_new_with_free_func (g_object_unref);
  self->event_log_views = g_ptr_array_new ();

  restore_size (self);

  add_page (self, SL_PAGE (sl_tcp_server_page_new ()));
  add_page (self, SL_PAGE (sl_tcp_client_page_new ()));
  add_page (self, SL_PAGE (sl_udp_page_new ()));
  add_page (self, SL_PAGE (sl_multicast_page_new ()));
  add_page (self, SL_PAGE (sl_http_page_new ()));
  add_page (self, SL_PAGE (sl_frames_page_new ()));
  add_page (self, SL_PAGE (sl_network_page_new ()));

  self->capture = sl_capture_new ();
  g_settings_bind (self->settings, "capture-interface", self->capture, "interface", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "capture-all-traffic", self->capture, "all-traffic", G_SETTINGS_BIND_DEFAULT);
  sl_capture_view_set_capture (self->capture_view, self->capture);
  sl_capture_view_set_event_logs (self->capture_view, self->event_logs);
  g_signal_connect_object (self->capture_view, "notify::selected-packet",
                           G_CALLBACK (on_capture_view_selected_packet_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->capture, "notify::state", G_CALLBACK (on_capture_state_changed), self);

  gtk_paned_set_position (self->content_paned, g_settings_get_int (self->settings, "capture-position"));
  g_settings_bind (self->settings, "capture-visible", self, "capture-visible", G_SETTINGS_BIND_DEFAULT);

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

  if (options->capture)
    sl_capture_start (self->capture);

  if (options->page != NULL)
    sl_window_show_page (self, options->page);
  else if (options->tcp_client != NULL)
    sl_window_show_page (self, "tcp-client");
  else if (options->tcp_servers->len > 0)
    sl_window_show_page (self, "tcp-server");
  else if (options->udp != NULL)
    sl_window_show_page (self, "udp");
  else if (options->multicast != NULL)
    sl_window_show_page (self, "multicast");
  else if (options->http != NULL)
    sl_window_show_page (self, "http");
}
