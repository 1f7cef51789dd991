/* sl-line-writer.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes lines to a stream (the helper's stdin) asynchronously and in
 * order, never blocking the thread it runs on; lines queued while a write
 * is in flight go out together after it. A write error (the helper is
 * gone; its exit says why) drops what is queued. Runs on the thread
 * default main context of its creator. */
typedef struct _SlLineWriter SlLineWriter;

SlLineWriter *sl_line_writer_new   (GOutputStream *stream);
SlLineWriter *sl_line_writer_ref   (SlLineWriter  *self);
void          sl_line_writer_unref (SlLineWriter  *self);
/* Queues @line and a newline */
void          sl_line_writer_write (SlLineWriter  *self,
                                    const char    *line);
/* Closes the stream once what is queued is written (EOF for the helper) */
void          sl_line_writer_close (SlLineWriter  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLineWriter, sl_line_writer_unref)

G_END_DECLS
