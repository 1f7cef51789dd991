/* sl-frames-page-private.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-frame-link.h"
#include "sl-frames-page.h"
#include "sl-netlink.h"
#include "sl-payload-editor.h"

G_BEGIN_DECLS

/* Shared by sl-frames-page.c (the class, the interfaces and sending) and
 * sl-frames-page-receive.c (receiving, the list and the selected frame). */

enum {
  COLUMN_TIME,
  COLUMN_DESTINATION,
  COLUMN_SOURCE,
  COLUMN_TYPE,
  COLUMN_PAYLOAD,
};

/* The drop-downs' EtherTypes, in their order; "Other…" follows when sending */
static const guint16 common_types[] = {
  SL_ETHERTYPE_IPV4,
  SL_ETHERTYPE_ARP,
  SL_ETHERTYPE_IPV6,
  SL_ETHERTYPE_VLAN,
  SL_ETHERTYPE_LOCAL1,
  SL_ETHERTYPE_LOCAL2,
};
#define OTHER_TYPE_POSITION G_N_ELEMENTS (common_types)

struct _SlFramesPage
{
  SlPage parent_instance;

  GSettings *settings;
  SlFrameLink *link;
  SlNetlink *netlink;
  GtkStringList *interface_names;
  char *preferred_interface;    /* --interface or the saved one */
  char *auto_source;            /* the MAC put in Source by us */
  guint64 sent_base;            /* n-sent when this Send started */
  guint send_total;
  char *send_interface;
  gboolean follow;
  guint scroll_tick_id;
  gboolean loading;

  GtkDropDown *interface_dropdown;
  GtkLabel *interface_info_label;
  GtkEntry *destination_entry;
  GtkButton *broadcast_button;
  GtkButton *this_computer_button;
  GtkEntry *source_entry;
  GtkDropDown *ethertype_dropdown;
  GtkEntry *ethertype_entry;
  SlPayloadEditor *payload_editor;
  GtkSpinButton *count_spin;
  GtkSpinButton *interval_spin;
  GtkButton *send_button;
  GtkButton *stop_sending_button;
  GtkLabel *note_label;
  GtkLabel *send_status_label;
  GtkLabel *error_label;
  GtkButton *copy_command_button;
  GtkDropDown *receive_interface_dropdown;
  GtkDropDown *receive_ethertype_dropdown;
  GtkButton *start_button;
  GtkButton *stop_button;
  GtkLabel *receive_status_label;
  GtkLabel *no_frames_label;
  GtkScrolledWindow *frames_scroller;
  GtkColumnView *frames_view;
  GtkLabel *detail_label;
  GtkSingleSelection *selection;
};


static inline const char *
sl_frames_page_get_dropdown_interface (GtkDropDown *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

/* lo has the all-zero MAC, which netlink reports as none */
/* sl-frames-page.c */
void sl_frames_page_update_actions     (SlFramesPage   *self);
void sl_frames_page_show_error         (SlFramesPage   *self,
                                        const GError   *error);

/* sl-frames-page-receive.c */
void sl_frames_page_class_init_receive (GtkWidgetClass *widget_class);
void sl_frames_page_init_receive       (SlFramesPage   *self);

G_END_DECLS
