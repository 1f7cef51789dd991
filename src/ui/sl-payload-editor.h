/* sl-payload-editor.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The payload editor shared by every page that sends: text (with \n \r \t
 * \xHH \\ escapes), hex, or struct (format string plus values, with the
 * option to send the format first and then the packed data, as the
 * course's struct client does); line ending none, \n or \r\n. Shows a
 * live preview of the bytes and a clear message when the input is wrong. */

#define SL_TYPE_PAYLOAD_EDITOR (sl_payload_editor_get_type ())
G_DECLARE_FINAL_TYPE (SlPayloadEditor, sl_payload_editor, SL, PAYLOAD_EDITOR, GtkWidget)

GtkWidget *sl_payload_editor_new          (void);
/* Binds the editor's fields to @settings keys named @prefix + "-payload-mode",
 * "-payload-text", "-struct-format", "-struct-values",
 * "-send-format-first", "-line-ending". */
void       sl_payload_editor_bind_settings (SlPayloadEditor *self,
                                            GSettings       *settings,
                                            const char      *prefix);
/* The messages to send, in order (GBytes): one, or two when the struct
 * format is sent first. NULL with @error when the input is invalid. */
GPtrArray *sl_payload_editor_build        (SlPayloadEditor *self,
                                           GError         **error);
/* Property "valid" (boolean): whether build() would succeed now */
gboolean   sl_payload_editor_get_valid    (SlPayloadEditor *self);
/* For the struct decode of answers: the format being edited ("" if none) */
const char *sl_payload_editor_get_struct_format (SlPayloadEditor *self);

G_END_DECLS
