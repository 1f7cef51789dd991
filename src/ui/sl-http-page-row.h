/* sl-http-page-row.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sl-event-log.h"

G_BEGIN_DECLS

/* A row of the HTTP page's request list: which request it shows. The
 * list keeps its rows and changes what they show, so that GTK keeps
 * their widgets; the cells that show a row follow its "event" property. */

#define SL_TYPE_HTTP_PAGE_ROW (sl_http_page_row_get_type ())
G_DECLARE_FINAL_TYPE (SlHttpPageRow, sl_http_page_row, SL, HTTP_PAGE_ROW, GObject)

/* @index: the how-manieth request since the list was emptied */
SlHttpPageRow *sl_http_page_row_new       (SlEvent       *event,
                                           guint64        index);
SlEvent       *sl_http_page_row_get_event (SlHttpPageRow *self);
guint64        sl_http_page_row_get_index (SlHttpPageRow *self);
/* With @notify FALSE the change is not announced until
 * sl_http_page_row_refresh(): for rows that nobody can see */
void           sl_http_page_row_set_event (SlHttpPageRow *self,
                                           SlEvent       *event,
                                           guint64        index,
                                           gboolean       notify);
/* Announces a change that was not announced */
void           sl_http_page_row_refresh   (SlHttpPageRow *self);

G_END_DECLS
