/* sl-listener-row.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-listener-row"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-format.h"
#include "sl-listener-row.h"
#include "sl-payload.h"

struct _SlListenerRow
{
  GtkWidget parent_instance;

  SlListener *listener;
  GtkWidget *address_label;
  GtkWidget *reply_label;
  GtkWidget *connections_label;
  GtkWidget *stop_button;
};

G_DEFINE_FINAL_TYPE (SlListenerRow, sl_listener_row, GTK_TYPE_WIDGET)

enum {
  SIGNAL_STOP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_connections (SlListenerRow *self)
{
  guint n = sl_listener_get_n_connections (self->listener);
  g_autofree char *text = NULL;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u connection", "%u connections", n), n);
  gtk_label_set_text (GTK_LABEL (self->connections_label), text);
}

static void
on_stop_button_clicked (SlListenerRow *self)
{
  g_signal_emit (self, signals[SIGNAL_STOP], 0);
}

static void
sl_listener_row_dispose (GObject *object)
{
  SlListenerRow *self = SL_LISTENER_ROW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->listener);

  G_OBJECT_CLASS (sl_listener_row_parent_class)->dispose (object);
}

static void
sl_listener_row_class_init (SlListenerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_listener_row_dispose;

  signals[SIGNAL_STOP] =
    g_signal_new ("stop", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "listenerrow");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
sl_listener_row_init (SlListenerRow *self)
{
  GtkWidget *text_box;

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 6);

  text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_widget_set_parent (text_box, GTK_WIDGET (self));

  self->address_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->address_label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (self->address_label), TRUE);
  gtk_widget_add_css_class (self->address_label, "heading");
  gtk_widget_add_css_class (self->address_label, "monospace");
  gtk_box_append (GTK_BOX (text_box), self->address_label);

  self->reply_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->reply_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (self->reply_label), TRUE);
  gtk_box_append (GTK_BOX (text_box), self->reply_label);

  self->connections_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->connections_label), 0.0);
  gtk_box_append (GTK_BOX (text_box), self->connections_label);

  self->stop_button = gtk_button_new_with_mnemonic (C_("listener", "_Stop"));
  gtk_widget_set_valign (self->stop_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->stop_button, "destructive-action");
  gtk_widget_set_parent (self->stop_button, GTK_WIDGET (self));
  g_signal_connect_swapped (self->stop_button, "clicked", G_CALLBACK (on_stop_button_clicked), self);
}

GtkWidget *
sl_listener_row_new (SlListener *listener)
{
  SlListenerRow *self;
  const SlReplyConfig *reply;
  g_autofree char *address = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *reply_text = NULL;

  g_return_val_if_fail (SL_IS_LISTENER (listener), NULL);

  self = g_object_new (SL_TYPE_LISTENER_ROW, NULL);
  self->listener = g_object_ref (listener);

  address = sl_format_host_port (sl_listener_get_address (listener),
                                 sl_listener_get_port (listener));
  gtk_label_set_text (GTK_LABEL (self->address_label), address);

  reply = sl_listener_get_reply (listener);
  if (reply != NULL && reply->mode == SL_REPLY_TEXT)
    {
      g_autofree char *escaped = sl_payload_escape ((const guint8 *) (reply->text ? reply->text : ""),
                                                     reply->text ? strlen (reply->text) : 0);

      reply_text = g_strdup_printf (reply->close_after
                                    /* Translators: %s is the fixed reply text */
                                    ? _("Answers “%s”, then closes")
                                    /* Translators: %s is the fixed reply text */
                                    : _("Answers “%s” to each message"),
                                    escaped);
    }
  else
    {
      reply_text = g_strdup (sl_reply_mode_get_label (reply ? reply->mode : SL_REPLY_NONE));
    }
  gtk_label_set_text (GTK_LABEL (self->reply_label), reply_text);

  /* Translators: the accessible name of a listener's Stop button; %s is address:port */
  accessible = g_strdup_printf (_("Stop the listener on %s"), address);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->stop_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_widget_set_tooltip_text (self->stop_button, accessible);

  g_signal_connect_object (listener, "notify::n-connections",
                           G_CALLBACK (update_connections), self, G_CONNECT_SWAPPED);
  update_connections (self);

  return GTK_WIDGET (self);
}

SlListener *
sl_listener_row_get_listener (SlListenerRow *self)
{
  g_return_val_if_fail (SL_IS_LISTENER_ROW (self), NULL);

  return self->listener;
}
