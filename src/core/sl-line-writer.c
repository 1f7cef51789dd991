/* sl-line-writer.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-line-writer"

#include "sl-line-writer.h"

struct _SlLineWriter
{
  GOutputStream *stream;
  GString *queue;               /* lines not yet written */
  GBytes *in_flight;            /* being written */
  gboolean writing;
  gboolean close_requested;
};

static void
writer_clear (gpointer data)
{
  SlLineWriter *self = data;

  g_clear_object (&self->stream);
  g_string_free (self->queue, TRUE);
  g_clear_pointer (&self->in_flight, g_bytes_unref);
}

SlLineWriter *
sl_line_writer_new (GOutputStream *stream)
{
  SlLineWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_atomic_rc_box_new0 (SlLineWriter);
  self->stream = g_object_ref (stream);
  self->queue = g_string_new (NULL);

  return self;
}

SlLineWriter *
sl_line_writer_ref (SlLineWriter *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
sl_line_writer_unref (SlLineWriter *self)
{
  g_atomic_rc_box_release_full (self, writer_clear);
}

static void write_next (SlLineWriter *self);

static void
on_closed (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(SlLineWriter) self = data;

  g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, NULL);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(SlLineWriter) self = data;
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;
  g_clear_pointer (&self->in_flight, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      g_debug ("Cannot write to the helper: %s", error->message);
      g_string_truncate (self->queue, 0);
    }

  write_next (self);
}

static void
write_next (SlLineWriter *self)
{
  if (self->writing || g_output_stream_is_closed (self->stream))
    return;

  if (self->queue->len == 0)
    {
      if (self->close_requested && !g_output_stream_has_pending (self->stream))
        g_output_stream_close_async (self->stream, G_PRIORITY_DEFAULT, NULL,
                                     on_closed, sl_line_writer_ref (self));
      return;
    }

  self->in_flight = g_bytes_new (self->queue->str, self->queue->len);
  g_string_truncate (self->queue, 0);
  self->writing = TRUE;
  g_output_stream_write_all_async (self->stream,
                                   g_bytes_get_data (self->in_flight, NULL),
                                   g_bytes_get_size (self->in_flight),
                                   G_PRIORITY_DEFAULT, NULL,
                                   on_written, sl_line_writer_ref (self));
}

void
sl_line_writer_write (SlLineWriter *self,
                      const char   *line)
{
  g_return_if_fail (self != NULL);

  if (self->close_requested)
    return;

  g_string_append (self->queue, line);
  g_string_append_c (self->queue, '\n');
  write_next (self);
}

void
sl_line_writer_close (SlLineWriter *self)
{
  g_return_if_fail (self != NULL);

  self->close_requested = TRUE;
  write_next (self);
}
