/* sl-ladder-draw.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The ladder diagram as a picture: rows in, cairo out. Shared by the
 * widget (SlLadderView) and the PNG/SVG export. Private to src/ui. */

#define SL_LADDER_MAX_SEGMENTS  2000
#define SL_LADDER_PREVIEW_BYTES 16
#define SL_LADDER_ROW_HEIGHT    44.0
#define SL_LADDER_HEADER_HEIGHT 64.0
#define SL_LADDER_MIN_WIDTH     760

typedef struct
{
  guint    index;           /* packet index */
  double   time;            /* seconds since the capture's first packet */
  guint16  flags;
  gboolean from_client;
  guint32  rel_seq;
  guint32  rel_ack;
  guint32  length;
  char    *note;            /* "send(\"hello\")", or NULL */
  gboolean note_on_client;
} SlLadderRow;

typedef struct
{
  GArray *rows;             /* SlLadderRow, by packet index */
  guint   n_total;          /* the stream's segments, also those not drawn */
  char   *client_title;     /* "Client 127.0.0.1:40312" */
  char   *server_title;
  char   *summary;          /* one sentence for screen readers */
} SlLadder;

void               sl_ladder_init           (SlLadder          *ladder);
void               sl_ladder_clear          (SlLadder          *ladder);
void               sl_ladder_destroy        (SlLadder          *ladder);
void               sl_ladder_set_ends       (SlLadder          *ladder,
                                             guint8             family,
                                             const guint8      *client,
                                             guint16            client_port,
                                             const guint8      *server,
                                             guint16            server_port);
void               sl_ladder_update_summary (SlLadder          *ladder);
const SlLadderRow *sl_ladder_find_row       (const SlLadder    *ladder,
                                             int                packet_index);
char              *sl_ladder_describe_row   (const SlLadder    *ladder,
                                             const SlLadderRow *row);

double             sl_ladder_get_height     (const SlLadder    *ladder);
void               sl_ladder_get_row_extent (const SlLadder    *ladder,
                                             guint              position,
                                             double            *top,
                                             double            *bottom);
int                sl_ladder_row_at         (const SlLadder    *ladder,
                                             double             y);

/* Draws the part [y_offset, y_offset + height) of the diagram at the top of
 * @cr, lane titles pinned to the top. */
void               sl_ladder_draw           (const SlLadder    *ladder,
                                             cairo_t           *cr,
                                             double             width,
                                             double             y_offset,
                                             double             height,
                                             int                selected,
                                             gboolean           focused);
/* The whole diagram as PNG (white, 2×) or SVG, by the file name's ending */
gboolean           sl_ladder_export         (const SlLadder    *ladder,
                                             const char        *path,
                                             int                selected,
                                             GError           **error);

G_END_DECLS
