/* sl-http-page-private.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-http-page.h"
#include "sl-http-server.h"

G_BEGIN_DECLS

/* The most requests the list holds */
#define SL_HTTP_PAGE_MAX_ROWS 500

/* What sl-http-page.c (the form, the server, the URLs) and
 * sl-http-page-requests.c (the request list and the bytes of the selected
 * request) share. */

struct _SlHttpPage
{
  SlPage parent_instance;

  GSettings *settings;
  SlEventLog *log;
  SlHttpServer *server;
  GCancellable *cancellable;
  GListModel *addresses;
  GtkSingleSelection *selection;
  GtkFileChooserNative *chooser;
  SlEvent *shown;          /* the request whose bytes are shown */
  char *folder;            /* the folder chosen this session, or from settings */
  gboolean starting;
  gboolean updating_root;

  /* The request list: a fixed set of at most SL_HTTP_PAGE_MAX_ROWS row
   * objects (SlHttpPageRow) that show the newest requests. Once the
   * set is full, new requests are assigned to the existing rows instead
   * of adding and removing rows, so that GTK keeps the row widgets and
   * only updates their text. Positions in the log are counted from its
   * start ("sequence numbers") so that what is new is known without a
   * search. */
  GListStore *requests;    /* SlHttpPageRow */
  GPtrArray *newest;       /* SlEvent: the newest requests, oldest first */
  guint64 n_requests;      /* requests seen since the list was emptied */
  guint64 log_base;        /* sequence number of the log's first event */
  guint64 log_synced_end;  /* sequence number after the last event taken */
  gint64 last_sync_us;
  guint sync_source_id;
  gboolean busy;           /* so many requests that the list syncs less often */
  double request_rate;     /* requests a second, while busy */

  /* Following the newest request; the list is paused while the student
   * has scrolled up or selected a request */
  gboolean follow;
  double last_value;
  gint64 last_follow_us;
  guint scroll_tick_id;
  guint update_rows_id;    /* rows brought up to date after a layout */

  GtkDropDown *address_dropdown;
  GtkLabel *address_explanation_label;
  GtkSpinButton *port_spin;
  GtkWidget *root_box;
  GtkCheckButton *sample_check;
  GtkCheckButton *folder_check;
  GtkButton *folder_button;
  GtkLabel *folder_button_label;
  GtkSwitch *listing_switch;
  GtkButton *start_button;
  GtkButton *stop_button;
  GtkLabel *error_label;
  GtkLabel *status_label;
  GtkListBox *urls_box;
  GtkLabel *no_requests_label;
  GtkScrolledWindow *requests_scrolled_window;
  GtkColumnView *requests_view;
  GtkWidget *list_status_box;
  GtkLabel *list_status_label;
  GtkButton *newest_button;
  GtkColumnViewColumn *time_column;      /* shown only when there is room */
  GtkColumnViewColumn *duration_column;  /* shown only when there is room */
  int fixed_columns_width;
  guint columns_tick_id;
  GtkLabel *details_heading;
  GtkTextView *request_text;
  GtkTextView *response_text;
};

/* sl-http-page-details.c */
void sl_http_page_details_init     (SlHttpPage *self);
/* Shows the bytes of @event (a request), or a hint when it is %NULL */
void sl_http_page_show_request     (SlHttpPage *self,
                                    SlEvent    *event);

/* sl-http-page-requests.c */
void sl_http_page_requests_init    (SlHttpPage *self);
void sl_http_page_requests_dispose (SlHttpPage *self);
/* Empties the log, the list and the details */
void sl_http_page_requests_clear   (SlHttpPage *self);
/* Unselects, goes to the end of the list and follows new requests again */
void sl_http_page_requests_show_newest (SlHttpPage *self);

G_END_DECLS
