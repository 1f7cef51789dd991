/* sl-server-form.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sl-reply.h"

G_BEGIN_DECLS

/* The parts of a "server" form that the TCP server page and the UDP page
 * share: the bind-address drop-down (each address with who can reach it)
 * and the reply-mode drop-down (its items, its GSettings mapping, a hint
 * per mode, and the SlReplyConfig built from the form). */

/* Fills @dropdown with @addresses (SlLocalAddress items): the button shows
 * the address, the open list also shows who can reach it. */
void           sl_address_dropdown_setup         (GtkDropDown  *dropdown,
                                                  GListModel   *addresses);
/* Selects @address if it is in the list, else the first item (loopback).
 * Returns whether @address was found. */
gboolean       sl_address_dropdown_select        (GtkDropDown  *dropdown,
                                                  const char   *address);
/* The literal address selected, or "127.0.0.1" when nothing is */
const char    *sl_address_dropdown_get_address   (GtkDropDown  *dropdown);
/* The explanation of the selected address ("" when nothing is selected) */
const char    *sl_address_dropdown_get_explanation (GtkDropDown *dropdown);

/* The reply drop-down lists the modes in SlReplyMode order; its settings
 * key holds these names ("none", "echo", "text", "timestamp", "number-game"). */
void           sl_reply_dropdown_setup           (GtkDropDown  *dropdown);
void           sl_reply_dropdown_bind_settings   (GtkDropDown  *dropdown,
                                                  GSettings    *settings,
                                                  const char   *key);
SlReplyMode    sl_reply_dropdown_get_mode        (GtkDropDown  *dropdown);
/* What the mode does, in a sentence; @datagrams: worded for UDP, where
 * every datagram is answered to its source and nothing is closed. */
const char    *sl_reply_mode_get_hint            (SlReplyMode   mode,
                                                  gboolean      datagrams);
/* The reply settings of a form. @text has escapes (\n, \xHH) applied; on an
 * invalid escape returns NULL with @error saying what is wrong. */
SlReplyConfig *sl_reply_form_build               (SlReplyMode   mode,
                                                  const char   *text,
                                                  gboolean      close_after,
                                                  const char   *server_name,
                                                  GError      **error);

G_END_DECLS
