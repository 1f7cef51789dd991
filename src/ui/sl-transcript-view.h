/* sl-transcript-view.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sl-event-log.h"

G_BEGIN_DECLS

/* Shows the bytes of a conversation — the SL_EVENT_RECEIVED and
 * SL_EVENT_SENT events of a model, other events as one-line notes — as
 * text (escaped, never markup), hex dump, or decoded with a Python struct
 * format, with a switch for the three. Shared by every page that shows
 * received data. */

typedef enum
{
  SL_TRANSCRIPT_TEXT,
  SL_TRANSCRIPT_HEX,
  SL_TRANSCRIPT_STRUCT,
} SlTranscriptMode;

#define SL_TYPE_TRANSCRIPT_VIEW (sl_transcript_view_get_type ())
G_DECLARE_FINAL_TYPE (SlTranscriptView, sl_transcript_view, SL, TRANSCRIPT_VIEW, GtkWidget)

GtkWidget        *sl_transcript_view_new               (void);
/* @events: SlEvent items, e.g. a GtkFilterListModel over an SlEventLog */
void              sl_transcript_view_set_model         (SlTranscriptView *self,
                                                        GListModel       *events);
GListModel       *sl_transcript_view_get_model         (SlTranscriptView *self);
/* Properties "mode" (string: "text", "hex", "struct", bindable to
 * GSettings) and "struct-format" (string) */
const char       *sl_transcript_view_get_mode          (SlTranscriptView *self);
void              sl_transcript_view_set_mode          (SlTranscriptView *self,
                                                        const char       *mode);
const char       *sl_transcript_view_get_struct_format (SlTranscriptView *self);
void              sl_transcript_view_set_struct_format (SlTranscriptView *self,
                                                        const char       *format);
/* The text currently shown, for tests */
char             *sl_transcript_view_dup_text          (SlTranscriptView *self);

G_END_DECLS
