/* sl-multicast-page-chat.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The multicast page's lists. The transcript reads like the course's chat
 * program, "(address) name says text", one row per SL_EVENT_RECEIVED of
 * the chat's log, worded from the SlChatMessage the engine attached;
 * names and texts from the network go through sl_payload_escape(), never
 * markup. A datagram that is not a valid message is shown as a hex dump
 * with the engine's note on what is wrong. The memberships list reads
 * /proc (cheap) and rebuilds its rows only when something changed. */

#include "config.h"

#define G_LOG_DOMAIN "sl-multicast-page"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-format.h"
#include "sl-multicast-chat.h"
#include "sl-multicast-page-private.h"
#include "sl-payload.h"

/* More than a few lines of hex would drown the chat */
#define HEX_MAX_BYTES 128

static gboolean
line_wanted (gpointer item,
             gpointer user_data)
{
  switch (sl_event_get_kind (item))
    {
    case SL_EVENT_RECEIVED:
    case SL_EVENT_LISTENING:
    case SL_EVENT_STOPPED:
    case SL_EVENT_ERROR:
    case SL_EVENT_INFO:
      return TRUE;

    case SL_EVENT_CONNECTING:
    case SL_EVENT_CONNECTED:
    case SL_EVENT_ACCEPTED:
    case SL_EVENT_SENT:
    case SL_EVENT_PEER_CLOSED:
    case SL_EVENT_CLOSED:
    default:
      /* what this socket sends is in the socket calls; the chat shows
       * what the group delivers, so that loopback can be seen */
      return FALSE;
    }
}

static char *
escape (const char *text)
{
  if (text == NULL)
    return g_strdup ("");
  return sl_payload_escape ((const guint8 *) text, strlen (text));
}

static char *
format_message (const SlChatMessage *message,
                SlEvent             *event)
{
  g_autofree char *name = escape (message->name);
  g_autofree char *text = escape (message->text);
  const char *sender = message->sender ? message->sender : "";

  switch (message->kind)
    {
    case SL_CHAT_MESSAGE_JOIN:
      /* Translators: a line of the chat, as the course's chat program
       * prints it: "(192.168.1.5:8123) alice joins" */
      return g_strdup_printf (_("(%s) %s joins"), sender, name);

    case SL_CHAT_MESSAGE_LEAVE:
      /* Translators: "(192.168.1.5:8123) alice leaves" */
      return g_strdup_printf (_("(%s) %s leaves"), sender, name);

    case SL_CHAT_MESSAGE_SAY:
      if (message->name != NULL)
        /* Translators: "(192.168.1.5:8123) alice says hello" */
        return g_strdup_printf (_("(%s) %s says %s"), sender, name, text);
      /* Translators: a plain text datagram, which carries no name:
       * "(192.168.1.5:49003) says hello" */
      return g_strdup_printf (_("(%s) says %s"), sender, text);

    case SL_CHAT_MESSAGE_INVALID:
    default:
      {
        g_autoptr(GBytes) data = sl_event_get_data (event);
        gsize len = data != NULL ? g_bytes_get_size (data) : 0;
        g_autofree char *count = sl_format_count (len);

        /* Translators: "(10.0.0.2:8123) sent 12 bytes that are not a valid
         * message: <the reason>"; the hex dump of the bytes follows */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "(%s) sent %s byte that is not a valid message: %s",
                                             "(%s) sent %s bytes that are not a valid message: %s",
                                             len),
                                sender, count,
                                message->problem ? message->problem : "");
      }
    }
}

char *
sl_multicast_page_format_line (SlEvent *event)
{
  const SlChatMessage *message;
  const char *text;

  g_return_val_if_fail (SL_IS_EVENT (event), NULL);

  message = sl_event_get_detail (event);
  if (sl_event_get_kind (event) == SL_EVENT_RECEIVED && message != NULL)
    return format_message (message, event);

  text = sl_event_get_message (event);
  if (text != NULL && text[0] != '\0')
    return g_strdup (text);

  return sl_event_dup_summary (event);
}

char *
sl_multicast_page_format_hex (SlEvent *event)
{
  const SlChatMessage *message;
  g_autoptr(GBytes) data = NULL;
  const guint8 *bytes;
  gsize len;
  g_autofree char *dump = NULL;

  g_return_val_if_fail (SL_IS_EVENT (event), NULL);

  message = sl_event_get_detail (event);
  if (sl_event_get_kind (event) != SL_EVENT_RECEIVED || message == NULL
      || message->kind != SL_CHAT_MESSAGE_INVALID)
    return NULL;

  data = sl_event_get_data (event);
  if (data == NULL)
    return NULL;

  bytes = g_bytes_get_data (data, &len);
  dump = sl_payload_hexdump (bytes, MIN (len, HEX_MAX_BYTES));
  g_strchomp (dump);
  if (len > HEX_MAX_BYTES)
    return g_strconcat (dump, "\n…", NULL);

  return g_steal_pointer (&dump);
}

gboolean
sl_multicast_page_line_is_own (SlEvent *event)
{
  const SlChatMessage *message;

  g_return_val_if_fail (SL_IS_EVENT (event), FALSE);

  message = sl_event_get_detail (event);
  return sl_event_get_kind (event) == SL_EVENT_RECEIVED && message != NULL && message->own;
}

/* Row: time, the line, "(you)" for one's own messages; the hex dump below */

static void
on_line_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  GtkWidget *box, *row, *time_label, *line_label, *own_label, *hex_label;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 2);
  gtk_widget_set_margin_bottom (box, 2);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  time_label = gtk_label_new (NULL);
  gtk_label_set_yalign (GTK_LABEL (time_label), 0.0);
  gtk_widget_add_css_class (time_label, "monospace");
  gtk_widget_add_css_class (time_label, "numeric");
  gtk_widget_add_css_class (time_label, "dim-label");

  line_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (line_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (line_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (line_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (line_label, TRUE);

  /* Translators: marks one's own messages, delivered back by loopback */
  own_label = gtk_label_new (C_("chat", "(you)"));
  gtk_label_set_yalign (GTK_LABEL (own_label), 0.0);
  gtk_widget_add_css_class (own_label, "event-sent");

  hex_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (hex_label), 0.0);
  gtk_widget_add_css_class (hex_label, "monospace");
  gtk_widget_set_margin_start (hex_label, 24);

  gtk_box_append (GTK_BOX (row), time_label);
  gtk_box_append (GTK_BOX (row), line_label);
  gtk_box_append (GTK_BOX (row), own_label);
  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), hex_label);

  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
}

static void
set_class (GtkWidget  *widget,
           const char *css_class,
           gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

static void
on_line_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  SlEvent *event = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *row = gtk_widget_get_first_child (box);
  GtkWidget *time_label = gtk_widget_get_first_child (row);
  GtkWidget *line_label = gtk_widget_get_next_sibling (time_label);
  GtkWidget *own_label = gtk_widget_get_next_sibling (line_label);
  GtkWidget *hex_label = gtk_widget_get_next_sibling (row);
  const SlChatMessage *message = sl_event_get_detail (event);
  SlEventKind kind = sl_event_get_kind (event);
  g_autofree char *time = sl_event_format_time (event);
  g_autofree char *line = sl_multicast_page_format_line (event);
  g_autofree char *hex = sl_multicast_page_format_hex (event);
  gboolean is_chat = kind == SL_EVENT_RECEIVED && message != NULL
                     && message->kind != SL_CHAT_MESSAGE_INVALID;

  /* HH:MM:SS is enough in a chat */
  if (strlen (time) > 8)
    time[8] = '\0';
  gtk_label_set_text (GTK_LABEL (time_label), time);
  gtk_label_set_text (GTK_LABEL (line_label), line);
  gtk_widget_set_visible (own_label, sl_multicast_page_line_is_own (event));
  gtk_label_set_text (GTK_LABEL (hex_label), hex ? hex : "");
  gtk_widget_set_visible (hex_label, hex != NULL);

  set_class (line_label, "event-error", kind == SL_EVENT_ERROR || hex != NULL);
  set_class (line_label, "dim-label", !is_chat && kind != SL_EVENT_ERROR && hex == NULL);
}

/* The transcript follows the newest message unless the student scrolled
 * up to read, as the socket calls log does */

static gboolean
scroll_to_end_tick (GtkWidget     *widget,
                    GdkFrameClock *frame_clock,
                    gpointer       user_data)
{
  SlMulticastPage *self = SL_MULTICAST_PAGE (widget);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->transcript_scroller);

  self->scroll_tick_id = 0;
  if (self->follow)
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));

  return G_SOURCE_REMOVE;
}

/* After the next layout, when the list knows its new height */
static void
queue_scroll_to_end (SlMulticastPage *self)
{
  if (self->follow && self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_end_tick, NULL, NULL);
}

static void
on_transcript_value_changed (GtkAdjustment   *adj,
                             SlMulticastPage *self)
{
  double value = gtk_adjustment_get_value (adj);
  double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  /* only moving up means the student wants to read */
  if (value >= end - 4.0)
    self->follow = TRUE;
  else if (value < self->last_value - 1.0)
    self->follow = FALSE;

  self->last_value = value;
}

void
sl_multicast_page_init_transcript (SlMulticastPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkAdjustment *adj;

  self->follow = TRUE;
  self->transcript_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->log)),
                                                      GTK_FILTER (gtk_custom_filter_new (line_wanted, NULL, NULL)));
  gtk_filter_list_model_set_incremental (self->transcript_model, FALSE);

  g_signal_connect (factory, "setup", G_CALLBACK (on_line_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_line_bind), NULL);
  gtk_list_view_set_factory (self->transcript_view, factory);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->transcript_model)));
  gtk_list_view_set_model (self->transcript_view, GTK_SELECTION_MODEL (selection));

  adj = gtk_scrolled_window_get_vadjustment (self->transcript_scroller);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (on_transcript_value_changed), self, 0);
  g_signal_connect_object (adj, "changed", G_CALLBACK (queue_scroll_to_end), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->transcript_model, "items-changed",
                           G_CALLBACK (queue_scroll_to_end), self, G_CONNECT_SWAPPED);
}

/* In dispose, while the page is still whole */
void
sl_multicast_page_dispose_transcript (SlMulticastPage *self)
{
  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }
  g_clear_object (&self->transcript_model);
}

char *
sl_multicast_page_dup_transcript_text (SlMulticastPage *self)
{
  GListModel *model;
  GString *text;
  guint i, n;

  g_return_val_if_fail (SL_IS_MULTICAST_PAGE (self), NULL);
  g_return_val_if_fail (self->transcript_model != NULL, NULL);

  model = G_LIST_MODEL (self->transcript_model);
  n = g_list_model_get_n_items (model);
  text = g_string_new (NULL);

  for (i = 0; i < n; i++)
    {
      g_autoptr(SlEvent) event = g_list_model_get_item (model, i);
      g_autofree char *line = sl_multicast_page_format_line (event);
      g_autofree char *hex = sl_multicast_page_format_hex (event);

      g_string_append (text, line);
      if (sl_multicast_page_line_is_own (event))
        g_string_append_printf (text, " %s", C_("chat", "(you)"));
      g_string_append_c (text, '\n');
      if (hex != NULL)
        g_string_append_printf (text, "%s\n", hex);
    }

  return g_string_free (text, FALSE);
}

/* Memberships */

static char *
canonical_group (const char *group)
{
  g_autoptr(GInetAddress) address = NULL;

  if (group == NULL)
    return NULL;

  address = g_inet_address_new_from_string (group);
  return address != NULL ? g_inet_address_to_string (address) : NULL;
}

static GtkWidget *
create_membership_row (const char *interface,
                       const char *group,
                       gboolean    ours)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *interface_label = gtk_label_new (interface);
  GtkWidget *group_label = gtk_label_new (group);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 2);
  gtk_widget_set_margin_bottom (box, 2);

  gtk_label_set_xalign (GTK_LABEL (interface_label), 0.0);
  gtk_label_set_width_chars (GTK_LABEL (interface_label), 8);
  gtk_label_set_ellipsize (GTK_LABEL (interface_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (group_label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (group_label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (group_label, TRUE);
  gtk_widget_set_tooltip_text (group_label, group);
  gtk_widget_add_css_class (group_label, "monospace");
  if (ours)
    {
      gtk_widget_add_css_class (interface_label, "heading");
      gtk_widget_add_css_class (group_label, "heading");
    }

  gtk_box_append (GTK_BOX (box), interface_label);
  gtk_box_append (GTK_BOX (box), group_label);

  return box;
}

/* Rebuilds the rows only when the memberships or the page's own group
 * changed: every few seconds, nothing moves under the student's eyes */
void
sl_multicast_page_refresh_memberships (SlMulticastPage *self)
{
  gboolean joined = sl_multicast_page_is_joined (self);
  const char *group = joined ? sl_multicast_chat_get_group (self->chat) : NULL;
  const char *interface = joined ? sl_multicast_chat_get_interface (self->chat) : NULL;
  GtkListBox *box = self->memberships_box;
  char ***last = &self->memberships_snapshot;
  g_auto(GStrv) memberships = sl_multicast_list_memberships ();
  g_autofree char *ours = canonical_group (group);
  g_autofree char *key = g_strdup_printf ("%s\t%s", ours ? ours : "", interface ? interface : "");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) snapshot = NULL;
  GtkListBoxRow *row;
  guint pass, i;

  /* What the rows show: the memberships and which one is ours */
  g_strv_builder_addv (builder, (const char **) memberships);
  g_strv_builder_add (builder, key);
  snapshot = g_strv_builder_end (builder);

  if (*last != NULL && g_strv_equal ((const char * const *) *last, (const char * const *) snapshot))
    return;

  g_strfreev (*last);
  *last = g_steal_pointer (&snapshot);

  /* rows only: the placeholder is a child of the box too */
  while ((row = gtk_list_box_get_row_at_index (box, 0)) != NULL)
    gtk_list_box_remove (box, GTK_WIDGET (row));

  /* the page's own group first, where the student looks */
  for (pass = 0; pass < 2; pass++)
    {
      for (i = 0; memberships[i] != NULL; i++)
        {
          g_auto(GStrv) parts = g_strsplit (memberships[i], "\t", 2);
          gboolean mine;

          if (g_strv_length (parts) != 2)
            continue;

          mine = ours != NULL && g_str_equal (parts[1], ours)
                 && (interface == NULL || g_str_equal (parts[0], interface));
          if (mine == (pass == 0))
            gtk_list_box_append (box, create_membership_row (parts[0], parts[1], mine));
        }
    }
}
