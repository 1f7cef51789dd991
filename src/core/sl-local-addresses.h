/* sl-local-addresses.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The addresses a server on this computer can bind to, each with a line
 * that says who can reach it: 127.0.0.1, ::1, every interface's IPv4 and
 * IPv6 addresses (from getifaddrs), 0.0.0.0 and ::. */

typedef enum
{
  SL_LOCAL_ADDRESS_LOOPBACK,
  SL_LOCAL_ADDRESS_INTERFACE,
  SL_LOCAL_ADDRESS_ANY,
} SlLocalAddressKind;

#define SL_TYPE_LOCAL_ADDRESS (sl_local_address_get_type ())
G_DECLARE_FINAL_TYPE (SlLocalAddress, sl_local_address, SL, LOCAL_ADDRESS, GObject)

/* "127.0.0.1", "fe80::1%eth0" (link-local IPv6 carries its interface) */
const char         *sl_local_address_get_address     (SlLocalAddress *self);
GSocketFamily       sl_local_address_get_family      (SlLocalAddress *self);
SlLocalAddressKind  sl_local_address_get_kind        (SlLocalAddress *self);
const char         *sl_local_address_get_interface   (SlLocalAddress *self); /* NULL for ANY */
/* Translated: "Only programs on this computer can connect." */
const char         *sl_local_address_get_explanation (SlLocalAddress *self);
/* "127.0.0.1 — only this computer" style short label for a drop-down */
const char         *sl_local_address_get_label       (SlLocalAddress *self);

/* Loopback first, then interfaces, then the wildcards. A new list each
 * call (interfaces come and go). Items: SlLocalAddress. */
GListModel         *sl_local_addresses_list          (void);

/* Whether @address (a literal) is one of this computer's, or a wildcard. */
gboolean            sl_local_addresses_contains      (const char *address);

G_END_DECLS
