/* sl-ladder-draw.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Draws the TCP ladder diagram with cairo and Pango, for the screen and for
 * reports alike. Dark lines on white and strong colours for SYN, FIN and
 * RST, so that it reads on a projector in a bright room and on paper.
 * Every text that came from the network (the send() preview) was escaped
 * by the caller and is set as plain text, never as markup. */

#include "config.h"

#define G_LOG_DOMAIN "sl-ladder-draw"

#include <glib/gi18n.h>
#include <cairo-svg.h>
#include <math.h>
#include <string.h>

#include "sl-call-link.h"
#include "sl-dissect.h"
#include "sl-format.h"
#include "sl-ladder-draw.h"

#define TIME_WIDTH   124.0
#define NOTE_WIDTH   180.0
#define TOP_PAD      14.0
#define ARROW_Y      28.0   /* arrow start below the row's top */
#define SLOPE        10.0
#define CAP_HEIGHT   36.0
#define EXPORT_WIDTH 820.0
#define EMPTY_HEIGHT 96.0

typedef struct
{
  double r, g, b;
} Rgb;

static const Rgb ink       = { 0.09, 0.10, 0.11 };
static const Rgb lane_ink  = { 0.25, 0.27, 0.30 };
static const Rgb soft_ink  = { 0.36, 0.38, 0.42 };
static const Rgb syn_ink   = { 0.00, 0.47, 0.13 };
static const Rgb fin_ink   = { 0.05, 0.30, 0.82 };
static const Rgb rst_ink   = { 0.80, 0.05, 0.16 };
static const Rgb note_ink  = { 0.38, 0.16, 0.55 };
static const Rgb note_fill = { 0.95, 0.93, 0.98 };
static const Rgb selection = { 1.00, 0.93, 0.55 };
static const Rgb focus_ink = { 0.10, 0.37, 0.71 };
static const Rgb rule      = { 0.82, 0.84, 0.87 };

/* ---- the model -------------------------------------------------------------- */

static void
row_clear (gpointer data)
{
  SlLadderRow *row = data;

  g_clear_pointer (&row->note, g_free);
}

void
sl_ladder_init (SlLadder *ladder)
{
  memset (ladder, 0, sizeof *ladder);
  ladder->rows = g_array_new (FALSE, TRUE, sizeof (SlLadderRow));
  g_array_set_clear_func (ladder->rows, row_clear);
}

void
sl_ladder_clear (SlLadder *ladder)
{
  g_array_set_size (ladder->rows, 0);
  ladder->n_total = 0;
  g_clear_pointer (&ladder->client_title, g_free);
  g_clear_pointer (&ladder->server_title, g_free);
  g_clear_pointer (&ladder->summary, g_free);
}

void
sl_ladder_destroy (SlLadder *ladder)
{
  sl_ladder_clear (ladder);
  g_clear_pointer (&ladder->rows, g_array_unref);
}

void
sl_ladder_set_ends (SlLadder     *ladder,
                    guint8        family,
                    const guint8 *client,
                    guint16       client_port,
                    const guint8 *server,
                    guint16       server_port)
{
  g_autofree char *c = sl_call_link_format_endpoint (family, client, client_port);
  g_autofree char *s = sl_call_link_format_endpoint (family, server, server_port);

  g_free (ladder->client_title);
  g_free (ladder->server_title);
  /* Translators: the title of the client's lane; %s is an address and port such as 127.0.0.1:40312 */
  ladder->client_title = g_strdup_printf (_("Client %s"), c);
  /* Translators: the title of the server's lane; %s is an address and port such as 127.0.0.1:55556 */
  ladder->server_title = g_strdup_printf (_("Server %s"), s);
}

void
sl_ladder_update_summary (SlLadder *ladder)
{
  g_free (ladder->summary);

  if (ladder->client_title == NULL)
    {
      ladder->summary = g_strdup (_("No TCP connection is selected."));
      return;
    }

  ladder->summary =
    /* Translators: the first two %s are lane titles ("Client 127.0.0.1:40312"), %u a count */
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                  "TCP ladder diagram between %s and %s: %u segment.",
                                  "TCP ladder diagram between %s and %s: %u segments.",
                                  ladder->n_total),
                     ladder->client_title, ladder->server_title, ladder->n_total);
}

const SlLadderRow *
sl_ladder_find_row (const SlLadder *ladder,
                    int             packet_index)
{
  guint lo = 0, hi = ladder->rows->len;

  if (packet_index < 0)
    return NULL;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const SlLadderRow *row = &g_array_index (ladder->rows, SlLadderRow, mid);

      if (row->index == (guint) packet_index)
        return row;
      if (row->index < (guint) packet_index)
        lo = mid + 1;
      else
        hi = mid;
    }

  return NULL;
}

static char *
row_numbers (const SlLadderRow *row)
{
  /* The words Wireshark shows; not translated */
  if (row->flags & SL_TCP_ACK)
    return g_strdup_printf ("Seq=%u Ack=%u Len=%u", row->rel_seq, row->rel_ack, row->length);
  return g_strdup_printf ("Seq=%u Len=%u", row->rel_seq, row->length);
}

char *
sl_ladder_describe_row (const SlLadder    *ladder,
                        const SlLadderRow *row)
{
  g_autofree char *flags = sl_dissect_tcp_flags_string (row->flags);
  g_autofree char *numbers = row_numbers (row);
  g_autofree char *time = g_strdup_printf ("%.6f", row->time);
  guint number = row->index + 1;

  if (row->note != NULL)
    return g_strdup_printf (row->from_client
                            /* Translators: %u packet number, %s time in seconds, TCP flags, seq/ack numbers, the socket call */
                            ? _("No. %u at %s s, client to server: %s, %s, caused by %s.")
                            /* Translators: %u packet number, %s time in seconds, TCP flags, seq/ack numbers, the socket call */
                            : _("No. %u at %s s, server to client: %s, %s, caused by %s."),
                            number, time, flags, numbers, row->note);

  return g_strdup_printf (row->from_client
                          /* Translators: %u packet number, %s time in seconds, TCP flags, seq/ack numbers */
                          ? _("No. %u at %s s, client to server: %s, %s.")
                          /* Translators: %u packet number, %s time in seconds, TCP flags, seq/ack numbers */
                          : _("No. %u at %s s, server to client: %s, %s."),
                          number, time, flags, numbers);
}

/* ---- geometry --------------------------------------------------------------- */

static gboolean
capped (const SlLadder *ladder)
{
  return ladder->n_total > ladder->rows->len;
}

double
sl_ladder_get_height (const SlLadder *ladder)
{
  if (ladder->rows->len == 0)
    return SL_LADDER_HEADER_HEIGHT + EMPTY_HEIGHT;

  return SL_LADDER_HEADER_HEIGHT + TOP_PAD + ladder->rows->len * SL_LADDER_ROW_HEIGHT +
         (capped (ladder) ? CAP_HEIGHT : 0) + TOP_PAD;
}

void
sl_ladder_get_row_extent (const SlLadder *ladder,
                          guint           position,
                          double         *top,
                          double         *bottom)
{
  *top = SL_LADDER_HEADER_HEIGHT + TOP_PAD + position * SL_LADDER_ROW_HEIGHT;
  *bottom = *top + SL_LADDER_ROW_HEIGHT;
}

int
sl_ladder_row_at (const SlLadder *ladder,
                  double          y)
{
  double rel = y - SL_LADDER_HEADER_HEIGHT - TOP_PAD;
  int position;

  if (rel < 0)
    return -1;
  position = (int) (rel / SL_LADDER_ROW_HEIGHT);
  return position < (int) ladder->rows->len ? position : -1;
}

/* ---- drawing ---------------------------------------------------------------- */

static void
set_ink (cairo_t   *cr,
         const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

static const Rgb *
row_ink (const SlLadderRow *row)
{
  if (row->flags & SL_TCP_RST)
    return &rst_ink;
  if (row->flags & SL_TCP_SYN)
    return &syn_ink;
  if (row->flags & SL_TCP_FIN)
    return &fin_ink;
  if (row->length > 0)
    return &ink;
  return &soft_ink;
}

typedef struct
{
  PangoLayout *label;
  PangoLayout *bold;
  PangoLayout *mono;
  PangoLayout *title;
} Layouts;

static PangoLayout *
new_layout (cairo_t    *cr,
            const char *font)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  return layout;
}

static void
layouts_init (Layouts *l,
              cairo_t *cr)
{
  l->label = new_layout (cr, "Sans 10");
  l->bold = new_layout (cr, "Sans Bold 10");
  l->mono = new_layout (cr, "Monospace 9.5");
  l->title = new_layout (cr, "Sans Bold 11.5");
}

static void
layouts_clear (Layouts *l)
{
  g_clear_object (&l->label);
  g_clear_object (&l->bold);
  g_clear_object (&l->mono);
  g_clear_object (&l->title);
}

/* Plain text, never markup */
static void
text_at (cairo_t     *cr,
         PangoLayout *layout,
         const char  *text,
         double       x,
         double       y,
         double       xalign,
         double       yalign)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - w * xalign, y - h * yalign);
  pango_cairo_show_layout (cr, layout);
}

static void
lanes_x (double  width,
         double *client,
         double *server)
{
  *client = TIME_WIDTH + NOTE_WIDTH;
  *server = MAX (width, SL_LADDER_MIN_WIDTH) - NOTE_WIDTH;
}

static void
draw_arrow (cairo_t   *cr,
            double     x0,
            double     y0,
            double     x1,
            double     y1,
            double     line_width)
{
  double angle = atan2 (y1 - y0, x1 - x0);
  double head = 8.0 + line_width * 2;
  double half = 3.5 + line_width;
  double bx = x1 - head * cos (angle);
  double by = y1 - head * sin (angle);

  cairo_set_line_width (cr, line_width);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, bx, by);
  cairo_stroke (cr);

  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, bx + half * sin (angle), by - half * cos (angle));
  cairo_line_to (cr, bx - half * sin (angle), by + half * cos (angle));
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_note (cairo_t     *cr,
           PangoLayout *layout,
           const char  *note,
           double       x,
           double       y,
           gboolean     right_aligned)
{
  int w, h;
  double bx;

  pango_layout_set_text (layout, note, -1);
  pango_layout_set_width (layout, (int) ((NOTE_WIDTH - 28) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &w, &h);

  bx = right_aligned ? x - 10 - w - 6 : x + 10;
  cairo_rectangle (cr, bx, y - h / 2.0 - 3, w + 12, h + 6);
  set_ink (cr, &note_fill);
  cairo_fill_preserve (cr);
  set_ink (cr, &note_ink);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  cairo_move_to (cr, bx + 6, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);

  pango_layout_set_width (layout, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
}

static void
draw_row (const SlLadder    *ladder,
          const SlLadderRow *row,
          guint              position,
          cairo_t           *cr,
          Layouts           *l,
          double             width,
          double             xc,
          double             xs,
          gboolean           is_selected,
          gboolean           focused)
{
  g_autofree char *flags = sl_dissect_tcp_flags_string (row->flags);
  g_autofree char *numbers = row_numbers (row);
  g_autofree char *time = g_strdup_printf ("%.6f", row->time);
  g_autofree char *number = g_strdup_printf ("%u", row->index + 1);
  const Rgb *color = row_ink (row);
  double top, bottom, y0, y1, x0, x1, mid, lw;
  int fw, fh, nw, nh;

  sl_ladder_get_row_extent (ladder, position, &top, &bottom);
  y0 = top + ARROW_Y;
  y1 = y0 + SLOPE;
  x0 = row->from_client ? xc : xs;
  x1 = row->from_client ? xs : xc;

  if (is_selected)
    {
      cairo_rectangle (cr, 0, top + 1, MAX (width, SL_LADDER_MIN_WIDTH), SL_LADDER_ROW_HEIGHT - 2);
      set_ink (cr, &selection);
      cairo_fill (cr);
      if (focused)
        {
          cairo_rectangle (cr, 2, top + 2, MAX (width, SL_LADDER_MIN_WIDTH) - 4, SL_LADDER_ROW_HEIGHT - 4);
          set_ink (cr, &focus_ink);
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
        }
    }

  /* Time and packet number in the left margin */
  set_ink (cr, &ink);
  text_at (cr, l->mono, time, 8, y0, 0, 0.5);
  set_ink (cr, &soft_ink);
  text_at (cr, l->label, number, TIME_WIDTH - 8, y0, 1, 0.5);

  /* The arrow, from sender to receiver, a little downhill: time passes */
  lw = (row->flags & (SL_TCP_SYN | SL_TCP_FIN | SL_TCP_RST)) || row->length > 0 ? 2.5 : 1.6;
  if (is_selected)
    lw += 1.5;
  set_ink (cr, color);
  draw_arrow (cr, x0, y0, x1, y1, lw);

  /* "SYN, ACK  Seq=0 Ack=1 Len=0" above it, centred */
  pango_layout_set_text (l->bold, flags, -1);
  pango_layout_get_pixel_size (l->bold, &fw, &fh);
  pango_layout_set_text (l->label, numbers, -1);
  pango_layout_get_pixel_size (l->label, &nw, &nh);
  mid = (xc + xs) / 2 - (fw + 10 + nw) / 2.0;
  cairo_move_to (cr, mid, y0 - 5 - fh);
  pango_cairo_show_layout (cr, l->bold);
  set_ink (cr, &ink);
  cairo_move_to (cr, mid + fw + 10, y0 - 5 - nh);
  pango_cairo_show_layout (cr, l->label);

  if (row->note != NULL)
    {
      gboolean on_sender = row->note_on_client == row->from_client;

      draw_note (cr, l->mono, row->note,
                 row->note_on_client ? xc : xs,
                 on_sender ? y0 : y1,
                 row->note_on_client);
    }
}

static void
draw_header (const SlLadder *ladder,
             cairo_t        *cr,
             Layouts        *l,
             double          width,
             double          xc,
             double          xs)
{
  const char *titles[2] = { ladder->client_title, ladder->server_title };
  double xs_[2] = { xc, xs };

  cairo_rectangle (cr, 0, 0, MAX (width, SL_LADDER_MIN_WIDTH), SL_LADDER_HEADER_HEIGHT);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);

  for (guint i = 0; i < 2 && titles[i] != NULL; i++)
    {
      int w, h;

      pango_layout_set_text (l->title, titles[i], -1);
      pango_layout_get_pixel_size (l->title, &w, &h);
      cairo_rectangle (cr, xs_[i] - w / 2.0 - 10, 12, w + 20, h + 10);
      set_ink (cr, &ink);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, xs_[i] - w / 2.0, 17);
      pango_cairo_show_layout (cr, l->title);
    }

  set_ink (cr, &soft_ink);
  /* Translators: the heading of the time column of the ladder diagram */
  text_at (cr, l->label, _("Time (s)"), 8, SL_LADDER_HEADER_HEIGHT - 8, 0, 1);

  cairo_rectangle (cr, 0, SL_LADDER_HEADER_HEIGHT - 1, MAX (width, SL_LADDER_MIN_WIDTH), 1);
  set_ink (cr, &rule);
  cairo_fill (cr);
}

void
sl_ladder_draw (const SlLadder *ladder,
                cairo_t        *cr,
                double          width,
                double          y_offset,
                double          height,
                int             selected,
                gboolean        focused)
{
  Layouts l;
  double xc, xs, total, lane_top, lane_bottom;
  int first, last;

  lanes_x (width, &xc, &xs);
  layouts_init (&l, cr);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  if (ladder->rows->len == 0)
    {
      set_ink (cr, &soft_ink);
      text_at (cr, l.label,
               ladder->client_title == NULL
               ? _("Select a TCP connection in the packet list to draw its ladder diagram.")
               : _("No segments of this connection have been captured yet."),
               MAX (width, SL_LADDER_MIN_WIDTH) / 2, SL_LADDER_HEADER_HEIGHT + EMPTY_HEIGHT / 2, 0.5, 0.5);
      if (ladder->client_title != NULL)
        draw_header (ladder, cr, &l, width, xc, xs);
      cairo_restore (cr);
      layouts_clear (&l);
      return;
    }

  total = sl_ladder_get_height (ladder);
  cairo_translate (cr, 0, -y_offset);

  /* The lanes, only where they are seen */
  lane_top = MAX (SL_LADDER_HEADER_HEIGHT, y_offset);
  lane_bottom = MIN (total - TOP_PAD / 2, y_offset + height);
  set_ink (cr, &lane_ink);
  cairo_set_line_width (cr, 2.5);
  cairo_move_to (cr, xc, lane_top);
  cairo_line_to (cr, xc, lane_bottom);
  cairo_move_to (cr, xs, lane_top);
  cairo_line_to (cr, xs, lane_bottom);
  cairo_stroke (cr);

  /* Only the rows in view: thousands of segments cost what a screenful does */
  first = MAX (0, sl_ladder_row_at (ladder, MAX (y_offset, SL_LADDER_HEADER_HEIGHT + TOP_PAD)) - 1);
  last = (int) ((y_offset + height - SL_LADDER_HEADER_HEIGHT - TOP_PAD) / SL_LADDER_ROW_HEIGHT) + 1;
  last = MIN (last, (int) ladder->rows->len - 1);

  for (int i = first; i <= last; i++)
    {
      const SlLadderRow *row = &g_array_index (ladder->rows, SlLadderRow, i);

      draw_row (ladder, row, i, cr, &l, width, xc, xs, (int) row->index == selected, focused);
    }

  if (capped (ladder))
    {
      g_autofree char *shown = sl_format_count (ladder->rows->len);
      g_autofree char *all = sl_format_count (ladder->n_total);
      g_autofree char *text = NULL;
      double top, bottom;

      sl_ladder_get_row_extent (ladder, ladder->rows->len - 1, &top, &bottom);
      /* Translators: the first %s is a number of segments drawn, the second all of them */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Showing the first %s of %s segment.",
                                           "Showing the first %s of %s segments.",
                                           ladder->n_total),
                              shown, all);
      set_ink (cr, &ink);
      text_at (cr, l.bold, text, (xc + xs) / 2, bottom + CAP_HEIGHT / 2, 0.5, 0.5);
    }

  cairo_restore (cr);

  /* The lane titles stay at the top */
  draw_header (ladder, cr, &l, width, xc, xs);

  layouts_clear (&l);
}

/* ---- export ----------------------------------------------------------------- */

static cairo_status_t
write_to_array (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Cairo writes text as glyph outlines; the title and description make the
 * file searchable and readable by screen readers. Takes @svg. */
static GByteArray *
add_svg_text (const SlLadder *ladder,
              GByteArray     *svg)
{
  g_autoptr(GString) desc = g_string_new (NULL);
  g_autofree char *title = g_markup_escape_text (ladder->summary ? ladder->summary : "", -1);
  g_autofree char *escaped = NULL;
  g_autofree char *insert = NULL;
  const guint8 *start;
  const guint8 *end;

  for (guint i = 0; i < ladder->rows->len; i++)
    {
      g_autofree char *line = sl_ladder_describe_row (ladder, &g_array_index (ladder->rows, SlLadderRow, i));

      g_string_append (desc, line);
      g_string_append_c (desc, '\n');
    }
  escaped = g_markup_escape_text (desc->str, -1);
  insert = g_strdup_printf ("\n<title>%s</title>\n<desc>%s</desc>", title, escaped);

  start = memmem (svg->data, svg->len, "<svg", 4);
  end = start ? memchr (start, '>', svg->len - (start - svg->data)) : NULL;
  if (end == NULL)
    return svg;

  {
    gsize at = end + 1 - svg->data;
    GByteArray *out = g_byte_array_sized_new (svg->len + strlen (insert));

    g_byte_array_append (out, svg->data, at);
    g_byte_array_append (out, (const guint8 *) insert, strlen (insert));
    g_byte_array_append (out, svg->data + at, svg->len - at);
    g_byte_array_unref (svg);
    return out;
  }
}

gboolean
sl_ladder_export (const SlLadder *ladder,
                  const char     *path,
                  int             selected,
                  GError        **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *lower = g_ascii_strdown (path, -1);
  g_autofree char *basename = g_filename_display_basename (path);
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double height = sl_ladder_get_height (ladder);
  gboolean svg;

  if (g_str_has_suffix (lower, ".svg"))
    svg = TRUE;
  else if (g_str_has_suffix (lower, ".png"))
    svg = FALSE;
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a file name */
                   _("Cannot save the diagram as “%s”: choose a name that ends in .png or .svg."),
                   basename);
      return FALSE;
    }

  if (svg)
    {
      surface = cairo_svg_surface_create_for_stream (write_to_array, bytes, EXPORT_WIDTH, height);
      cr = cairo_create (surface);
    }
  else
    {
      /* 2× for print, less if the picture would exceed cairo's limit */
      double scale = MIN (2.0, 32000.0 / height);

      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                            (int) ceil (EXPORT_WIDTH * scale),
                                            (int) ceil (height * scale));
      cr = cairo_create (surface);
      cairo_scale (cr, scale, scale);
    }

  /* No selection in a report */
  (void) selected;
  sl_ladder_draw (ladder, cr, EXPORT_WIDTH, 0, height, -1, FALSE);

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (status == CAIRO_STATUS_SUCCESS && !svg)
    status = cairo_surface_write_to_png_stream (surface, write_to_array, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: the first %s is a file name, the second the reason */
                   _("Could not draw the diagram for “%s”: %s"),
                   basename, cairo_status_to_string (status));
      return FALSE;
    }

  if (svg)
    bytes = add_svg_text (ladder, g_steal_pointer (&bytes));

  return g_file_set_contents (path, (const char *) bytes->data, bytes->len, error);
}
