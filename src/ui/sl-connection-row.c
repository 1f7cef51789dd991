/* sl-connection-row.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Rows are recycled by a GtkListView: set_connection() swaps the
 * connection and its notify handler. Any property change re-reads all
 * values through the getters; the engine publishes them at most a few
 * times per second, so this is cheap. */

#include "config.h"

#define G_LOG_DOMAIN "sl-connection-row"

#include <glib/gi18n.h>

#include "sl-connection-row.h"
#include "sl-format.h"

struct _SlConnectionRow
{
  GtkWidget parent_instance;

  SlConnection *connection;
  gulong notify_id;

  GtkWidget *peer_label;
  GtkWidget *state_label;
  GtkWidget *bytes_label;
  GtkWidget *kernel_label;
};

G_DEFINE_FINAL_TYPE (SlConnectionRow, sl_connection_row, GTK_TYPE_WIDGET)

static const char *
state_to_string (SlConnectionState state)
{
  switch (state)
    {
    case SL_CONNECTION_OPEN:
      return C_("connection state", "Open");
    case SL_CONNECTION_PEER_CLOSED:
      return C_("connection state", "Closed by the peer");
    case SL_CONNECTION_CLOSED:
    default:
      return C_("connection state", "Closed");
    }
}

static void
update (SlConnectionRow *self)
{
  SlConnection *c = self->connection;
  g_autofree char *peer = NULL;
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *kernel = NULL;
  g_autofree char *rtt = NULL;
  const char *local, *tcp_state;
  guint retransmits;

  if (c == NULL)
    return;

  local = sl_connection_get_local_address (c);
  /* Translators: the peer's address:port, then our address:port it connected to */
  peer = g_strdup_printf (_("%s → %s"),
                          sl_connection_get_peer_address (c) ? sl_connection_get_peer_address (c) : "",
                          local ? local : "");
  gtk_label_set_text (GTK_LABEL (self->peer_label), peer);

  gtk_label_set_text (GTK_LABEL (self->state_label), state_to_string (sl_connection_get_state (c)));
  if (sl_connection_get_state (c) == SL_CONNECTION_OPEN)
    gtk_widget_remove_css_class (self->state_label, "connection-closed");
  else
    gtk_widget_add_css_class (self->state_label, "connection-closed");

  in = sl_format_count (sl_connection_get_bytes_received (c));
  out = sl_format_count (sl_connection_get_bytes_sent (c));
  /* Translators: byte counts of one connection, already formatted */
  bytes = g_strdup_printf (_("Bytes received: %s, bytes sent: %s"), in, out);
  gtk_label_set_text (GTK_LABEL (self->bytes_label), bytes);

  tcp_state = sl_connection_get_tcp_state (c);
  retransmits = sl_connection_get_retransmits (c);
  rtt = g_strdup_printf ("%.2f", sl_connection_get_rtt_us (c) / 1000.0);
  /* Translators: from the kernel's TCP_INFO: the TCP state name (not
   * translated, e.g. ESTABLISHED), the round-trip time in milliseconds,
   * and the number of retransmissions */
  kernel = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Kernel: %s, RTT %s ms, %u retransmission",
                                         "Kernel: %s, RTT %s ms, %u retransmissions",
                                         retransmits),
                            tcp_state && *tcp_state ? tcp_state : "—", rtt, retransmits);
  gtk_label_set_text (GTK_LABEL (self->kernel_label), kernel);
}

static void
sl_connection_row_dispose (GObject *object)
{
  SlConnectionRow *self = SL_CONNECTION_ROW (object);
  GtkWidget *child;

  sl_connection_row_set_connection (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sl_connection_row_parent_class)->dispose (object);
}

static void
sl_connection_row_class_init (SlConnectionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_connection_row_dispose;

  gtk_widget_class_set_css_name (widget_class, "connectionrow");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static GtkWidget *
add_label (GtkWidget *box)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static void
sl_connection_row_init (SlConnectionRow *self)
{
  GtkWidget *top, *text_box;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 2);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 4);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 4);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 6);

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_parent (top, GTK_WIDGET (self));
  self->peer_label = add_label (top);
  gtk_widget_set_hexpand (self->peer_label, TRUE);
  gtk_widget_add_css_class (self->peer_label, "heading");
  gtk_widget_add_css_class (self->peer_label, "monospace");
  self->state_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->state_label, "connection-state");
  gtk_box_append (GTK_BOX (top), self->state_label);

  text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_parent (text_box, GTK_WIDGET (self));
  self->bytes_label = add_label (text_box);
  self->kernel_label = add_label (text_box);
}

GtkWidget *
sl_connection_row_new (void)
{
  return g_object_new (SL_TYPE_CONNECTION_ROW, NULL);
}

void
sl_connection_row_set_connection (SlConnectionRow *self,
                                  SlConnection    *connection)
{
  g_return_if_fail (SL_IS_CONNECTION_ROW (self));
  g_return_if_fail (connection == NULL || SL_IS_CONNECTION (connection));

  if (self->connection == connection)
    return;

  if (self->connection != NULL)
    {
      g_clear_signal_handler (&self->notify_id, self->connection);
      g_clear_object (&self->connection);
    }

  if (connection != NULL)
    {
      self->connection = g_object_ref (connection);
      self->notify_id = g_signal_connect_swapped (connection, "notify", G_CALLBACK (update), self);
      update (self);
    }
}

SlConnection *
sl_connection_row_get_connection (SlConnectionRow *self)
{
  g_return_val_if_fail (SL_IS_CONNECTION_ROW (self), NULL);

  return self->connection;
}
