/* sl-capture-banner.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sl-capture.h"

G_BEGIN_DECLS

/* Says why the capture cannot run, in the student's words. For a missing
 * permission it shows the one command an administrator runs, with Copy,
 * and offers to run it through pkexec on a personal machine; on success
 * the capture is started again. Hidden while there is no problem. */

#define SL_TYPE_CAPTURE_BANNER (sl_capture_banner_get_type ())
G_DECLARE_FINAL_TYPE (SlCaptureBanner, sl_capture_banner, SL, CAPTURE_BANNER, GtkWidget)

GtkWidget  *sl_capture_banner_new         (void);
void        sl_capture_banner_set_capture (SlCaptureBanner *self,
                                           SlCapture       *capture);
/* The message shown (for tests) */
const char *sl_capture_banner_get_message (SlCaptureBanner *self);
/* The command shown, or NULL when the problem is not the permission */
const char *sl_capture_banner_get_command (SlCaptureBanner *self);

G_END_DECLS
