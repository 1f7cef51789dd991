/* sl-udp-page-private.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-event-log-view.h"
#include "sl-payload-editor.h"
#include "sl-transcript-view.h"
#include "sl-udp-page.h"
#include "sl-udp-socket.h"

G_BEGIN_DECLS

/* What the UDP page's two files share: sl-udp-page.c (the forms, the
 * socket, SlPage) and sl-udp-page-datagrams.c (the list of received
 * datagrams and the view of the selected one). */

struct _SlUdpPage
{
  SlPage parent_instance;

  GSettings *settings;
  SlEventLog *log;
  SlUdpSocket *socket;
  GCancellable *cancellable;
  GListModel *addresses;
  GtkCustomFilter *received_filter;
  GtkFilterListModel *received_model; /* the log's RECEIVED events, live */
  GListStore *received_store;         /* the same, taken at most every SYNC_INTERVAL_MS */
  guint pending_added;                /* changes of received_model not yet in the store */
  guint pending_removed;
  gboolean pending_resync;
  guint sync_source;
  GtkSingleSelection *selection;
  GListStore *detail_store;
  guint binding;                /* binds in flight */
  gboolean follow;              /* the list stays scrolled to its end */
  gboolean scroll_requested;    /* scroll to the end once the rows are laid out */
  guint scroll_tick_id;
  gboolean following;           /* the selection stays on the newest datagram */
  gpointer followed;            /* the datagram selected by following; compared only */
  gboolean moving;              /* the page itself moves the selection */

  GtkPaned *paned;
  GtkDropDown *address_dropdown;
  GtkLabel *address_explanation_label;
  GtkSpinButton *port_spin;
  GtkDropDown *reply_dropdown;
  GtkLabel *reply_text_label;
  GtkEntry *reply_text_entry;
  GtkLabel *name_label;
  GtkEntry *name_entry;
  GtkLabel *reply_hint_label;
  GtkSwitch *broadcast_switch;
  GtkButton *bind_button;
  GtkButton *close_button;
  GtkLabel *status_label;
  GtkEntry *host_entry;
  GtkSpinButton *send_port_spin;
  SlPayloadEditor *payload_editor;
  GtkButton *send_button;
  GtkLabel *error_label;
  GtkLabel *no_datagrams_label;
  GtkScrolledWindow *datagrams_scroller;
  GtkColumnView *datagrams_view;
  GtkLabel *detail_heading;
  SlTranscriptView *detail_view;
  SlEventLogView *event_log_view;
};

/* sl-udp-page-datagrams.c */
void sl_udp_page_datagrams_init  (SlUdpPage *self);
/* before the template's children go (dispose) */
void sl_udp_page_datagrams_stop  (SlUdpPage *self);
void sl_udp_page_datagrams_clear (SlUdpPage *self);

G_END_DECLS
