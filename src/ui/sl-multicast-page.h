/* sl-multicast-page.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-page.h"

G_BEGIN_DECLS

#define SL_TYPE_MULTICAST_PAGE (sl_multicast_page_get_type ())
G_DECLARE_FINAL_TYPE (SlMulticastPage, sl_multicast_page, SL, MULTICAST_PAGE, SlPage)

GtkWidget *sl_multicast_page_new                 (void);
/* The chat lines as the transcript shows them, one per line, for tests */
char      *sl_multicast_page_dup_transcript_text (SlMulticastPage *self);

G_END_DECLS
