/* sl-packet-details.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The fields come from sl_dissect_tree() as a flat list with depths; they
 * are turned into a tree of small SlFieldItem objects for a
 * GtkTreeListModel, expanded by default so that every field shows. The
 * hex dump is a GtkTextView (plain text, never markup: the bytes come from
 * the network) with one tag for the selected field's bytes, applied to
 * both the hex and the ASCII column. */

#include "config.h"

#define G_LOG_DOMAIN "sl-packet-details"

#include <glib/gi18n.h>

#include "sl-dissect.h"
#include "sl-packet-details.h"
#include "sl-page.h"

#define BYTES_PER_LINE 16

/* One node of the field tree */
#define SL_TYPE_FIELD_ITEM (sl_field_item_get_type ())
G_DECLARE_FINAL_TYPE (SlFieldItem, sl_field_item, SL, FIELD_ITEM, GObject)

struct _SlFieldItem
{
  GObject parent_instance;

  guint index;
  char *label;
  guint depth;
  guint offset;
  guint length;
  SlDissectStatus status;
  GListStore *children; /* NULL until the first child */
};

G_DEFINE_FINAL_TYPE (SlFieldItem, sl_field_item, G_TYPE_OBJECT)

static void
sl_field_item_finalize (GObject *object)
{
  SlFieldItem *self = SL_FIELD_ITEM (object);

  g_free (self->label);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (sl_field_item_parent_class)->finalize (object);
}

static void
sl_field_item_class_init (SlFieldItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_field_item_finalize;
}

static void
sl_field_item_init (SlFieldItem *self)
{
}

struct _SlPacketDetails
{
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkPaned *paned;
  GtkListView *fields_view;
  GtkScrolledWindow *hex_scrolled_window;
  GtkTextView *hex_view;

  GtkSingleSelection *selection;
  GtkTextTag *highlight_tag;
  GBytes *bytes;
  guint n_fields;
  guint offset_width;
  gboolean has_highlight;
  guint highlight_offset;
  guint highlight_length;
};

G_DEFINE_FINAL_TYPE (SlPacketDetails, sl_packet_details, GTK_TYPE_WIDGET)

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  SlFieldItem *field = item;

  return field->children ? g_object_ref (G_LIST_MODEL (field->children)) : NULL;
}

static void
on_field_setup (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
  gtk_list_item_set_child (list_item, expander);
}

static void
on_field_bind (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *label = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  SlFieldItem *field = gtk_tree_list_row_get_item (row);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  /* Labels are built by the dissector from escaped network bytes: plain text */
  gtk_label_set_text (GTK_LABEL (label), field->label);
  gtk_widget_set_tooltip_text (label, field->label);

  if (field->depth == 0)
    gtk_widget_add_css_class (label, "field-layer");
  else
    gtk_widget_remove_css_class (label, "field-layer");

  if (field->status & (SL_DISSECT_TRUNCATED | SL_DISSECT_MALFORMED))
    gtk_widget_add_css_class (label, "error-message");
  else
    gtk_widget_remove_css_class (label, "error-message");

  g_object_unref (field);
}

static void
on_field_unbind (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *expander = gtk_list_item_get_child (list_item);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
}

/* Column of byte @i (0…15) of a line in the hex part */
static guint
hex_column (SlPacketDetails *self,
            guint            i)
{
  return self->offset_width + 2 + i * 3 + (i >= 8 ? 1 : 0);
}

static guint
ascii_column (SlPacketDetails *self)
{
  return hex_column (self, BYTES_PER_LINE - 1) + 2 + 2;
}

static void
apply_highlight (SlPacketDetails *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->hex_view);
  GtkTextIter start, end;
  gsize size = self->bytes ? g_bytes_get_size (self->bytes) : 0;
  guint first, last, line;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->highlight_tag, &start, &end);

  if (!self->has_highlight || self->highlight_length == 0 || self->highlight_offset >= size)
    return;

  first = self->highlight_offset;
  last = MIN (self->highlight_offset + self->highlight_length, size) - 1;

  for (line = first / BYTES_PER_LINE; line <= last / BYTES_PER_LINE; line++)
    {
      guint from = MAX (first, line * BYTES_PER_LINE) % BYTES_PER_LINE;
      guint to = MIN (last, line * BYTES_PER_LINE + BYTES_PER_LINE - 1) % BYTES_PER_LINE;

      gtk_text_buffer_get_iter_at_line_offset (buffer, &start, line, hex_column (self, from));
      gtk_text_buffer_get_iter_at_line_offset (buffer, &end, line, hex_column (self, to) + 2);
      gtk_text_buffer_apply_tag (buffer, self->highlight_tag, &start, &end);

      gtk_text_buffer_get_iter_at_line_offset (buffer, &start, line, ascii_column (self) + from);
      gtk_text_buffer_get_iter_at_line_offset (buffer, &end, line, ascii_column (self) + to + 1);
      gtk_text_buffer_apply_tag (buffer, self->highlight_tag, &start, &end);
    }

  /* Bring the highlighted bytes into view */
  gtk_text_buffer_get_iter_at_line (buffer, &start, first / BYTES_PER_LINE);
  gtk_text_view_scroll_to_iter (self->hex_view, &start, 0.0, FALSE, 0.0, 0.0);
}

/* The hex dump is never narrower than one full line, in the font in use:
 * a cut-off ASCII column is useless on a projector */
static void
size_hex_dump (SlPacketDetails *self)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *sample = NULL;
  int width = 0;

  sample = g_strnfill (ascii_column (self) + BYTES_PER_LINE, '0');
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->hex_view), sample);
  pango_layout_get_pixel_size (layout, &width, NULL);
  gtk_widget_set_size_request (GTK_WIDGET (self->hex_scrolled_window), width + 32, -1);
}

static void
fill_hex_dump (SlPacketDetails *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->hex_view);
  const guint8 *data;
  gsize size = 0, offset;
  GString *text;

  if (self->bytes == NULL)
    {
      gtk_text_buffer_set_text (buffer, "", 0);
      return;
    }

  data = g_bytes_get_data (self->bytes, &size);
  self->offset_width = size > 0x10000 ? 6 : 4;
  text = g_string_sized_new ((size / BYTES_PER_LINE + 1) * 80);

  for (offset = 0; offset < size; offset += BYTES_PER_LINE)
    {
      guint i;

      if (offset > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%0*" G_GSIZE_MODIFIER "x  ", (int) self->offset_width, offset);

      for (i = 0; i < BYTES_PER_LINE; i++)
        {
          if (i == 8)
            g_string_append_c (text, ' ');
          if (offset + i < size)
            g_string_append_printf (text, "%02x ", data[offset + i]);
          else
            g_string_append (text, "   ");
        }

      /* hex_column(15) + 3 is where we are; the ASCII column starts one later */
      g_string_append (text, " ");

      for (i = 0; i < BYTES_PER_LINE && offset + i < size; i++)
        {
          guint8 c = data[offset + i];

          g_string_append_c (text, (c >= 0x20 && c < 0x7f) ? (char) c : '.');
        }
    }

  gtk_text_buffer_set_text (buffer, text->str, (int) text->len);
  g_string_free (text, TRUE);

  size_hex_dump (self);
}

static void
on_selection_changed (SlPacketDetails *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);

  self->has_highlight = FALSE;

  if (row != NULL)
    {
      g_autoptr(SlFieldItem) field = gtk_tree_list_row_get_item (row);

      self->has_highlight = TRUE;
      self->highlight_offset = field->offset;
      self->highlight_length = field->length;
    }

  apply_highlight (self);
}

static void
sl_packet_details_dispose (GObject *object)
{
  SlPacketDetails *self = SL_PACKET_DETAILS (object);

  if (self->stack != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->stack));
      self->stack = NULL;
    }
  g_clear_object (&self->selection);
  g_clear_pointer (&self->bytes, g_bytes_unref);

  G_OBJECT_CLASS (sl_packet_details_parent_class)->dispose (object);
}

static void
sl_packet_details_class_init (SlPacketDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_packet_details_dispose;

  sl_ui_register_resources ();

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "packetdetails");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketlab/SocketLab/sl-packet-details.ui");
  gtk_widget_class_bind_template_child (widget_class, SlPacketDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, SlPacketDetails, paned);
  gtk_widget_class_bind_template_child (widget_class, SlPacketDetails, fields_view);
  gtk_widget_class_bind_template_child (widget_class, SlPacketDetails, hex_scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, SlPacketDetails, hex_view);
}

static void
sl_packet_details_init (SlPacketDetails *self)
{
  GtkListItemFactory *factory;
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->offset_width = 4;
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->fields_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_field_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_field_bind), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_field_unbind), NULL);
  gtk_list_view_set_factory (self->fields_view, factory);
  g_object_unref (factory);

  buffer = gtk_text_view_get_buffer (self->hex_view);
  /* Dark on yellow: readable on a projector, and unlike the selection colour */
  self->highlight_tag = gtk_text_buffer_create_tag (buffer, "field-bytes",
                                                    "background", "#f6d32d",
                                                    "foreground", "#000000",
                                                    "weight", PANGO_WEIGHT_BOLD,
                                                    NULL);

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

GtkWidget *
sl_packet_details_new (void)
{
  return g_object_new (SL_TYPE_PACKET_DETAILS, NULL);
}

void
sl_packet_details_set_packet (SlPacketDetails *self,
                              guint            linktype,
                              GBytes          *bytes,
                              gsize            origlen)
{
  g_autoptr(GListStore) roots = NULL;
  g_autoptr(SlDissection) dissection = NULL;
  GtkTreeListModel *tree;
  SlFieldItem *parents[8] = { NULL };
  const guint8 *data;
  gsize size = 0;
  guint i;

  g_return_if_fail (SL_IS_PACKET_DETAILS (self));

  g_clear_pointer (&self->bytes, g_bytes_unref);
  self->has_highlight = FALSE;
  self->n_fields = 0;

  if (bytes == NULL)
    {
      gtk_single_selection_set_model (self->selection, NULL);
      fill_hex_dump (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->bytes = g_bytes_ref (bytes);
  data = g_bytes_get_data (bytes, &size);
  dissection = sl_dissect_tree (linktype, data, size, origlen);

  roots = g_list_store_new (SL_TYPE_FIELD_ITEM);
  self->n_fields = dissection ? sl_dissection_get_n_fields (dissection) : 0;

  for (i = 0; i < self->n_fields; i++)
    {
      const SlDissectField *f = sl_dissection_get_field (dissection, i);
      g_autoptr(SlFieldItem) item = g_object_new (SL_TYPE_FIELD_ITEM, NULL);
      guint depth = MIN (f->depth, G_N_ELEMENTS (parents) - 1);
      SlFieldItem *parent = NULL;
      guint d;

      item->index = i;
      item->label = g_strdup (f->label ? f->label : "");
      item->depth = depth;
      item->offset = f->offset;
      item->length = f->length;
      item->status = f->status;

      /* The nearest shallower node is the parent; a depth that skips a
       * level is attached to what is there */
      for (d = depth; d > 0 && parent == NULL; d--)
        parent = parents[d - 1];

      if (parent == NULL)
        {
          g_list_store_append (roots, item);
        }
      else
        {
          if (parent->children == NULL)
            parent->children = g_list_store_new (SL_TYPE_FIELD_ITEM);
          g_list_store_append (parent->children, item);
        }

      parents[depth] = item;
      for (d = depth + 1; d < G_N_ELEMENTS (parents); d++)
        parents[d] = NULL;
    }

  tree = gtk_tree_list_model_new (G_LIST_MODEL (g_steal_pointer (&roots)), FALSE, TRUE,
                                  create_children, NULL, NULL);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (tree));
  g_object_unref (tree);

  fill_hex_dump (self);
  apply_highlight (self);
  gtk_stack_set_visible_child_name (self->stack, "details");
}

guint
sl_packet_details_get_n_fields (SlPacketDetails *self)
{
  g_return_val_if_fail (SL_IS_PACKET_DETAILS (self), 0);

  return self->n_fields;
}

void
sl_packet_details_select_field (SlPacketDetails *self,
                                int              index)
{
  GListModel *model;
  guint i, n;

  g_return_if_fail (SL_IS_PACKET_DETAILS (self));

  model = gtk_single_selection_get_model (self->selection);
  if (index < 0 || model == NULL)
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      return;
    }

  n = g_list_model_get_n_items (model);
  for (i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(SlFieldItem) field = gtk_tree_list_row_get_item (row);

      if (field->index == (guint) index)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

gboolean
sl_packet_details_get_highlight (SlPacketDetails *self,
                                 guint           *offset,
                                 guint           *length)
{
  g_return_val_if_fail (SL_IS_PACKET_DETAILS (self), FALSE);

  if (offset != NULL)
    *offset = self->highlight_offset;
  if (length != NULL)
    *length = self->highlight_length;

  return self->has_highlight;
}

char *
sl_packet_details_dup_hex_text (SlPacketDetails *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (SL_IS_PACKET_DETAILS (self), NULL);

  buffer = gtk_text_view_get_buffer (self->hex_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
