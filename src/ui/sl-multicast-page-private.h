/* sl-multicast-page-private.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sl-event-log-view.h"
#include "sl-event-log.h"
#include "sl-multicast-chat.h"
#include "sl-multicast-page.h"
#include "sl-payload-editor.h"

G_BEGIN_DECLS

/* The multicast page is three files: sl-multicast-page.c (the form, Join,
 * Leave, sending), sl-multicast-page-chat.c (the transcript and the groups
 * this computer has joined), sl-multicast-page-settings.c (GSettings, the
 * interface list, the command line). */

struct _SlMulticastPage
{
  SlPage parent_instance;

  GSettings *settings;
  SlEventLog *log;
  SlMulticastChat *chat;
  GCancellable *cancellable;
  gboolean joining;
  GtkStringList *interfaces;     /* "Automatic", then interface names */
  GtkFilterListModel *transcript_model;
  gboolean follow;               /* the transcript shows the newest line */
  double last_value;
  guint scroll_tick_id;
  char **memberships_snapshot;   /* what the memberships list shows */
  guint memberships_timeout_id;

  GtkEntry *group_entry;
  GtkMenuButton *group_menu_button;
  GtkLabel *group_error_label;
  GtkLabel *scope_label;
  GtkSpinButton *port_spin;
  GtkDropDown *interface_dropdown;
  GtkSpinButton *ttl_spin;
  GtkSwitch *loopback_switch;
  GtkEntry *name_entry;
  GtkDropDown *format_dropdown;
  GtkLabel *format_hint_label;
  GtkLabel *reply_label;
  GtkDropDown *reply_dropdown;
  GtkLabel *reply_text_label;
  GtkEntry *reply_text_entry;
  GtkLabel *reply_hint_label;
  GtkButton *join_button;
  GtkButton *leave_button;
  GtkLabel *status_label;
  GtkLabel *error_label;
  GtkListBox *memberships_box;
  GtkScrolledWindow *transcript_scroller;
  GtkListView *transcript_view;
  GtkEntry *message_entry;
  GtkButton *say_button;
  GtkLabel *send_error_label;
  GtkExpander *bytes_expander;
  SlPayloadEditor *payload_editor;
  GtkButton *send_bytes_button;
  SlEventLogView *event_log_view;
};

/* sl-multicast-page.c */
void        sl_multicast_page_join                (SlMulticastPage       *self);
void        sl_multicast_page_leave               (SlMulticastPage       *self);
gboolean    sl_multicast_page_is_joined           (SlMulticastPage       *self);

/* sl-multicast-page-chat.c */
void        sl_multicast_page_init_transcript     (SlMulticastPage       *self);
void        sl_multicast_page_dispose_transcript  (SlMulticastPage       *self);
void        sl_multicast_page_refresh_memberships (SlMulticastPage       *self);
/* "(10.0.0.2:8123) bob says hi"; a note for events other than messages */
char       *sl_multicast_page_format_line         (SlEvent               *event);
/* INVALID datagrams: their bytes as a hex dump; NULL otherwise */
char       *sl_multicast_page_format_hex          (SlEvent               *event);
/* Whether the message came back from this socket (loopback) */
gboolean    sl_multicast_page_line_is_own         (SlEvent               *event);

/* sl-multicast-page-settings.c */
void        sl_multicast_page_bind_settings       (SlMulticastPage       *self);
/* Reads the interfaces again, keeping the choice */
void        sl_multicast_page_refresh_interfaces  (SlMulticastPage       *self);
/* NULL: Automatic, the system's choice by its routes */
const char *sl_multicast_page_get_interface       (SlMulticastPage       *self);
void        sl_multicast_page_apply_options       (SlMulticastPage       *self,
                                                   const SlLaunchOptions *options);

G_END_DECLS
