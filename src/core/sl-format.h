/* sl-format.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *sl_format_count          (guint64         n);
char *sl_format_socket_address (GSocketAddress *address);
char *sl_format_host_port      (const char     *host,
                                guint16         port);

G_END_DECLS
