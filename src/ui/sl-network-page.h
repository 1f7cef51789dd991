/* sl-network-page.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-netlink.h"
#include "sl-page.h"

G_BEGIN_DECLS

#define SL_TYPE_NETWORK_PAGE (sl_network_page_get_type ())
G_DECLARE_FINAL_TYPE (SlNetworkPage, sl_network_page, SL, NETWORK_PAGE, SlPage)

/* Shows this computer's network, read live through netlink */
GtkWidget *sl_network_page_new              (void);
/* Shows @netlink (tests give one made from a snapshot) */
GtkWidget *sl_network_page_new_for_netlink  (SlNetlink     *netlink);
SlNetlink *sl_network_page_get_netlink      (SlNetworkPage *self);

G_END_DECLS
