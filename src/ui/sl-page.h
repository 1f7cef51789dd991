/* sl-page.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sl-event-log.h"
#include "sl-launch-options.h"

G_BEGIN_DECLS

/* The base class of every page: a title and icon for the sidebar, a name
 * for --page, and whether something runs on it. The only derivable type. */

#define SL_TYPE_PAGE (sl_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (SlPage, sl_page, SL, PAGE, GtkWidget)

struct _SlPageClass
{
  GtkWidgetClass parent_class;

  /* Starts what the command line asks of this page. */
  void (*apply_launch_options) (SlPage                *self,
                                const SlLaunchOptions *options);
  /* Stops everything the page runs (window closing). */
  void (*stop_all)             (SlPage                *self);
};

const char *sl_page_get_name                 (SlPage                *self);
const char *sl_page_get_title                (SlPage                *self);
const char *sl_page_get_icon_name            (SlPage                *self);
gboolean    sl_page_get_running              (SlPage                *self);
void        sl_page_set_running              (SlPage                *self,
                                              gboolean               running);
void        sl_page_apply_launch_options     (SlPage                *self,
                                              const SlLaunchOptions *options);
void        sl_page_stop_all                 (SlPage                *self);
/* The event logs of the page's engines, for the capture view to link
 * socket calls to packets. Pages add theirs once, at init. */
void        sl_page_add_event_log            (SlPage                *self,
                                              SlEventLog            *log);
GPtrArray  *sl_page_get_event_logs           (SlPage                *self); /* SlEventLog, not owned */

/* Registers the UI's GResource once; every widget class calls it. */
void        sl_ui_register_resources         (void);

G_END_DECLS
