/* sl-window.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sl-launch-options.h"
#include "sl-page.h"

G_BEGIN_DECLS

#define SL_TYPE_WINDOW (sl_window_get_type ())
G_DECLARE_FINAL_TYPE (SlWindow, sl_window, SL, WINDOW, GtkApplicationWindow)

SlWindow *sl_window_new                  (GtkApplication        *application);
void      sl_window_apply_launch_options (SlWindow              *self,
                                          const SlLaunchOptions *options);
SlPage   *sl_window_get_page             (SlWindow              *self,
                                          const char            *name);
void      sl_window_show_page            (SlWindow              *self,
                                          const char            *name);

G_END_DECLS
