/* sl-tcp-client-page.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-page.h"

G_BEGIN_DECLS

#define SL_TYPE_TCP_CLIENT_PAGE (sl_tcp_client_page_get_type ())
G_DECLARE_FINAL_TYPE (SlTcpClientPage, sl_tcp_client_page, SL, TCP_CLIENT_PAGE, SlPage)

GtkWidget *sl_tcp_client_page_new (void);

G_END_DECLS
