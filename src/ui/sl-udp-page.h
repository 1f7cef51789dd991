/* sl-udp-page.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-page.h"

G_BEGIN_DECLS

#define SL_TYPE_UDP_PAGE (sl_udp_page_get_type ())
G_DECLARE_FINAL_TYPE (SlUdpPage, sl_udp_page, SL, UDP_PAGE, SlPage)

GtkWidget *sl_udp_page_new (void);

G_END_DECLS
