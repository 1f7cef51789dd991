/* sl-http-page.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-page.h"

G_BEGIN_DECLS

#define SL_TYPE_HTTP_PAGE (sl_http_page_get_type ())
G_DECLARE_FINAL_TYPE (SlHttpPage, sl_http_page, SL, HTTP_PAGE, SlPage)

GtkWidget *sl_http_page_new (void);

G_END_DECLS
