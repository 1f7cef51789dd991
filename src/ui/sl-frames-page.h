/* sl-frames-page.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-page.h"

G_BEGIN_DECLS

#define SL_TYPE_FRAMES_PAGE (sl_frames_page_get_type ())
G_DECLARE_FINAL_TYPE (SlFramesPage, sl_frames_page, SL, FRAMES_PAGE, SlPage)

GtkWidget *sl_frames_page_new (void);

G_END_DECLS
