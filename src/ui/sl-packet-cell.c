/* sl-packet-cell.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* GTK 4.6-4.10 keep about 200 rows of a long list built and measure every
 * one of them after each scroll; with GtkLabels that meant shaping the
 * text of 1,400 cells to show 20 rows, most of the main thread while the
 * list follows a packet flood. An SlPacketCell's height depends on its
 * font only (cached per font), and its text is shaped in snapshot(),
 * which GTK calls for the cells on screen. */

#include "config.h"

#define G_LOG_DOMAIN "sl-packet-cell"

#include <pango/pangocairo.h>

#include "sl-packet-cell.h"

struct _SlPacketCell
{
  GtkWidget parent_instance;

  char *text;
  float xalign;
};

G_DEFINE_FINAL_TYPE (SlPacketCell, sl_packet_cell, GTK_TYPE_WIDGET)

/* Line height by font and resolution: a handful of entries for the app's
 * life (the list uses two fonts) */
static GHashTable *line_heights;

static int
get_line_height (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  g_autofree char *font_name = font ? pango_font_description_to_string (font) : g_strdup ("");
  g_autofree char *key = g_strdup_printf ("%s@%g", font_name, pango_cairo_context_get_resolution (context));
  gpointer cached;
  int height;

  if (line_heights == NULL)
    line_heights = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (g_hash_table_lookup_extended (line_heights, key, NULL, &cached))
    return GPOINTER_TO_INT (cached);

  {
    /* As tall as a GtkLabel with one line in this font */
    g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "Ag");

    pango_layout_get_pixel_size (layout, NULL, &height);
  }
  g_hash_table_insert (line_heights, g_steal_pointer (&key), GINT_TO_POINTER (height));
  return height;
}

static void
sl_packet_cell_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  /* No width of its own: the column decides, and the text is cut */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 0;
  else
    *minimum = *natural = get_line_height (widget);
}

static void
sl_packet_cell_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  SlPacketCell *self = SL_PACKET_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = NULL;
  PangoRectangle logical;
  GdkRGBA color;
  float xalign = self->xalign;
  int x;

  if (self->text == NULL || self->text[0] == '\0' || width <= 0)
    return;

  /* A new layout each time: it follows the widget's font, and GTK keeps
   * the drawn result until the text changes */
  layout = gtk_widget_create_pango_layout (widget, self->text);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_get_pixel_extents (layout, NULL, &logical);

  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    xalign = 1.0f - xalign;
  x = (int) ((width - logical.width) * xalign) - logical.x;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (MAX (x, 0), (height - logical.height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
sl_packet_cell_finalize (GObject *object)
{
  SlPacketCell *self = SL_PACKET_CELL (object);

  g_free (self->text);

  G_OBJECT_CLASS (sl_packet_cell_parent_class)->finalize (object);
}

static void
sl_packet_cell_class_init (SlPacketCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sl_packet_cell_finalize;
  widget_class->measure = sl_packet_cell_measure;
  widget_class->snapshot = sl_packet_cell_snapshot;

  /* Styled and read out like the labels it replaces */
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
sl_packet_cell_init (SlPacketCell *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
sl_packet_cell_new (float xalign)
{
  SlPacketCell *self = g_object_new (SL_TYPE_PACKET_CELL, NULL);

  self->xalign = CLAMP (xalign, 0.0f, 1.0f);
  return GTK_WIDGET (self);
}

void
sl_packet_cell_set_text (SlPacketCell *self,
                         const char   *text)
{
  g_return_if_fail (SL_IS_PACKET_CELL (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  /* The height stays: no new measure, only a new drawing */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->text,
                                  -1);
}

const char *
sl_packet_cell_get_text (SlPacketCell *self)
{
  g_return_val_if_fail (SL_IS_PACKET_CELL (self), NULL);

  return self->text != NULL ? self->text : "";
}
