/* sl-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sl-page.h"
#include "sl-resources.h"

typedef struct
{
  char *name;
  char *title;
  char *icon_name;
  gboolean running;
  GPtrArray *event_logs;
} SlPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SlPage, sl_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_NAME,
  PROP_TITLE,
  PROP_ICON_NAME,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sl_page_dispose (GObject *object)
{
  GtkWidget *child;

  /* GTK 4.6 has no gtk_widget_dispose_template(): unparent by hand */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sl_page_parent_class)->dispose (object);
}

static void
sl_page_finalize (GObject *object)
{
  SlPagePrivate *priv = sl_page_get_instance_private (SL_PAGE (object));

  g_free (priv->name);
  g_free (priv->title);
  g_free (priv->icon_name);
  g_clear_pointer (&priv->event_logs, g_ptr_array_unref);

  G_OBJECT_CLASS (sl_page_parent_class)->finalize (object);
}

static void
sl_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  SlPagePrivate *priv = sl_page_get_instance_private (SL_PAGE (object));

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, priv->icon_name);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, priv->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  SlPage *self = SL_PAGE (object);
  SlPagePrivate *priv = sl_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_NAME:
      g_free (priv->name);
      priv->name = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      g_free (priv->title);
      priv->title = g_value_dup_string (value);
      break;
    case PROP_ICON_NAME:
      g_free (priv->icon_name);
      priv->icon_name = g_value_dup_string (value);
      break;
    case PROP_RUNNING:
      sl_page_set_running (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
sl_ui_register_resources (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      sl_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

static void
sl_page_class_init (SlPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_page_dispose;
  object_class->finalize = sl_page_finalize;
  object_class->get_property = sl_page_get_property;
  object_class->set_property = sl_page_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  sl_ui_register_resources ();
}

static void
sl_page_init (SlPage *self)
{
  SlPagePrivate *priv = sl_page_get_instance_private (self);

  priv->event_logs = g_ptr_array_new_with_free_func (g_object_unref);
}

const char *
sl_page_get_name (SlPage *self)
{
  SlPagePrivate *priv = sl_page_get_instance_private (self);

  g_return_val_if_fail (SL_IS_PAGE (self), NULL);
  return priv->name;
}

const char *
sl_page_get_title (SlPage *self)
{
  SlPagePrivate *priv = sl_page_get_instance_private (self);

  g_return_val_if_fail (SL_IS_PAGE (self), NULL);
  return priv->title;
}

const char *
sl_page_get_icon_name (SlPage *self)
{
  SlPagePrivate *priv = sl_page_get_instance_private (self);

  g_return_val_if_fail (SL_IS_PAGE (self), NULL);
  return priv->icon_name;
}

gboolean
sl_page_get_running (SlPage *self)
{
  SlPagePrivate *priv = sl_page_get_instance_private (self);

  g_return_val_if_fail (SL_IS_PAGE (self), FALSE);
  return priv->running;
}

void
sl_page_set_running (SlPage   *self,
                     gboolean  running)
{
  SlPagePrivate *priv = sl_page_get_instance_private (self);

  g_return_if_fail (SL_IS_PAGE (self));

  running = !!running;
  if (priv->running == running)
    return;

  priv->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
sl_page_apply_launch_options (SlPage                *self,
                              const SlLaunchOptions *options)
{
  g_return_if_fail (SL_IS_PAGE (self));
  g_return_if_fail (options != NULL);

  if (SL_PAGE_GET_CLASS (self)->apply_launch_options)
    SL_PAGE_GET_CLASS (self)->apply_launch_options (self, options);
}

void
sl_page_stop_all (SlPage *self)
{
  g_return_if_fail (SL_IS_PAGE (self));

  if (SL_PAGE_GET_CLASS (self)->stop_all)
    SL_PAGE_GET_CLASS (self)->stop_all (self);
}

void
sl_page_add_event_log (SlPage     *self,
                       SlEventLog *log)
{
  SlPagePrivate *priv = sl_page_get_instance_private (self);

  g_return_if_fail (SL_IS_PAGE (self));
  g_return_if_fail (SL_IS_EVENT_LOG (log));

  g_ptr_array_add (priv->event_logs, g_object_ref (log));
}

GPtrArray *
sl_page_get_event_logs (SlPage *self)
{
  SlPagePrivate *priv = sl_page_get_instance_private (self);

  g_return_val_if_fail (SL_IS_PAGE (self), NULL);

  return priv->event_logs;
}
