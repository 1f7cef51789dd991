/* sl-event-log.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SL_EVENT_INFO,        /* a note for the student */
  SL_EVENT_LISTENING,   /* bind() + listen() */
  SL_EVENT_STOPPED,     /* a listener or socket was closed by us */
  SL_EVENT_CONNECTING,  /* connect() started */
  SL_EVENT_CONNECTED,   /* connect() completed: the handshake is done */
  SL_EVENT_ACCEPTED,    /* accept() returned a new connection */
  SL_EVENT_RECEIVED,    /* recv() returned data */
  SL_EVENT_SENT,        /* send() wrote data */
  SL_EVENT_PEER_CLOSED, /* recv() returned 0: the peer sent FIN */
  SL_EVENT_CLOSED,      /* close() by us */
  SL_EVENT_ERROR,       /* something failed; the message says why */
} SlEventKind;

#define SL_TYPE_EVENT (sl_event_get_type ())
G_DECLARE_FINAL_TYPE (SlEvent, sl_event, SL, EVENT, GObject)

SlEvent     *sl_event_new              (SlEventKind  kind,
                                        guint64      connection_id);
SlEventKind  sl_event_get_kind         (SlEvent     *self);
guint64      sl_event_get_connection_id (SlEvent    *self);
gint64       sl_event_get_real_time    (SlEvent     *self);
gint64       sl_event_get_monotonic_time (SlEvent   *self);
const char  *sl_event_get_peer         (SlEvent     *self);
void         sl_event_set_peer         (SlEvent     *self,
                                        const char  *peer);
const char  *sl_event_get_local        (SlEvent     *self);
void         sl_event_set_local        (SlEvent     *self,
                                        const char  *local);
const char  *sl_event_get_message      (SlEvent     *self);
void         sl_event_set_message      (SlEvent     *self,
                                        const char  *message);
GBytes      *sl_event_get_data         (SlEvent     *self);
void         sl_event_set_data         (SlEvent     *self,
                                        const guint8 *data,
                                        gsize        len);
guint64      sl_event_get_byte_count   (SlEvent     *self);
guint        sl_event_get_op_count     (SlEvent     *self);
char        *sl_event_dup_summary      (SlEvent     *self);
const char  *sl_event_get_call         (SlEvent     *self);
/* A structured record an engine attaches before appending (the HTTP
 * server's SlHttpExchange); set once, read-only afterwards. */
void         sl_event_set_detail       (SlEvent        *self,
                                        gpointer        detail,
                                        GDestroyNotify  detail_free);
gpointer     sl_event_get_detail       (SlEvent     *self);
char        *sl_event_format_time      (SlEvent     *self);

#define SL_EVENT_DATA_CAP (64 * 1024)

#define SL_TYPE_EVENT_LOG (sl_event_log_get_type ())
G_DECLARE_FINAL_TYPE (SlEventLog, sl_event_log, SL, EVENT_LOG, GObject)

SlEventLog *sl_event_log_new           (void);
void        sl_event_log_set_limits    (SlEventLog  *self,
                                        guint        max_events,
                                        gsize        max_data_bytes);
void        sl_event_log_append        (SlEventLog  *self,
                                        SlEvent     *event);
void        sl_event_log_add_message   (SlEventLog  *self,
                                        SlEventKind  kind,
                                        guint64      connection_id,
                                        const char  *peer,
                                        const char  *format,
                                        ...) G_GNUC_PRINTF (5, 6);
void        sl_event_log_add_data      (SlEventLog  *self,
                                        SlEventKind  kind,
                                        guint64      connection_id,
                                        const char  *peer,
                                        const guint8 *data,
                                        gsize        len);
void        sl_event_log_add_error     (SlEventLog  *self,
                                        guint64      connection_id,
                                        const char  *peer,
                                        const GError *error);
void        sl_event_log_flush         (SlEventLog  *self);
void        sl_event_log_clear         (SlEventLog  *self);
guint64     sl_event_log_get_total_appended (SlEventLog *self);

G_END_DECLS
