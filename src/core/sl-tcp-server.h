/* sl-tcp-server.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sl-connection.h"
#include "sl-event-log.h"
#include "sl-reply.h"

G_BEGIN_DECLS

/* One listening socket of an SlTcpServer. Main-thread object. */
#define SL_TYPE_LISTENER (sl_listener_get_type ())
G_DECLARE_FINAL_TYPE (SlListener, sl_listener, SL, LISTENER, GObject)

const char          *sl_listener_get_address (SlListener *self); /* as bound: "127.0.0.1" */
guint16              sl_listener_get_port    (SlListener *self); /* the real port, also for port 0 */
const SlReplyConfig *sl_listener_get_reply   (SlListener *self);
guint                sl_listener_get_n_connections (SlListener *self); /* property "n-connections" */

#define SL_TYPE_TCP_SERVER (sl_tcp_server_get_type ())
G_DECLARE_FINAL_TYPE (SlTcpServer, sl_tcp_server, SL, TCP_SERVER, GObject)

/* Create on the main thread. Reports everything to @log. */
SlTcpServer *sl_tcp_server_new                  (SlEventLog          *log);
SlEventLog  *sl_tcp_server_get_log              (SlTcpServer         *self);
GListModel  *sl_tcp_server_get_listeners        (SlTcpServer         *self); /* SlListener */
GListModel  *sl_tcp_server_get_connections      (SlTcpServer         *self); /* SlConnection, open ones and recently closed */

/* Binds and listens on the network thread. @address is a literal IP
 * address ("127.0.0.1", "::", …); port 0 lets the system choose. With
 * @reuse_address, SO_REUSEADDR is set (so TIME_WAIT does not block). */
void         sl_tcp_server_start_listener_async (SlTcpServer         *self,
                                                 const char          *address,
                                                 guint16              port,
                                                 const SlReplyConfig *reply,
                                                 gboolean             reuse_address,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
SlListener  *sl_tcp_server_start_listener_finish (SlTcpServer        *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);
/* Closes the listener and all its connections (FIN to each peer). */
void         sl_tcp_server_stop_listener        (SlTcpServer         *self,
                                                 SlListener          *listener);
void         sl_tcp_server_stop_all             (SlTcpServer         *self);
void         sl_tcp_server_set_reply            (SlTcpServer         *self,
                                                 SlListener          *listener,
                                                 const SlReplyConfig *reply);
/* @connection NULL: to every open connection */
void         sl_tcp_server_send                 (SlTcpServer         *self,
                                                 SlConnection        *connection,
                                                 GBytes              *data);
void         sl_tcp_server_close_connection     (SlTcpServer         *self,
                                                 SlConnection        *connection);
/* Drops closed connections from the connections model. */
void         sl_tcp_server_forget_closed        (SlTcpServer         *self);

G_END_DECLS
