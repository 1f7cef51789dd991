/* sl-tcp-client.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sl-connection.h"
#include "sl-event-log.h"

G_BEGIN_DECLS

typedef enum
{
  SL_TCP_CLIENT_DISCONNECTED,
  SL_TCP_CLIENT_RESOLVING,
  SL_TCP_CLIENT_CONNECTING,
  SL_TCP_CLIENT_CONNECTED,
} SlTcpClientState;

#define SL_TYPE_TCP_CLIENT (sl_tcp_client_get_type ())
G_DECLARE_FINAL_TYPE (SlTcpClient, sl_tcp_client, SL, TCP_CLIENT, GObject)

/* Create on the main thread; properties ("state", "connection") change
 * there. Reports connect(), send(), recv() and close() to @log. */
SlTcpClient      *sl_tcp_client_new            (SlEventLog          *log);
SlEventLog       *sl_tcp_client_get_log        (SlTcpClient         *self);
SlTcpClientState  sl_tcp_client_get_state      (SlTcpClient         *self);
/* The open connection, or NULL */
SlConnection     *sl_tcp_client_get_connection (SlTcpClient         *self);

/* Resolves @host asynchronously (name, IPv4 or IPv6 literal), connects with
 * a timeout, and keeps the connection (persistent mode). */
void      sl_tcp_client_connect_async   (SlTcpClient         *self,
                                         const char          *host,
                                         guint16              port,
                                         guint                timeout_seconds,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  sl_tcp_client_connect_finish  (SlTcpClient         *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* Sends on the open connection; completes when the bytes are written. */
void      sl_tcp_client_send_async      (SlTcpClient         *self,
                                         GBytes              *data,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  sl_tcp_client_send_finish     (SlTcpClient         *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* One-shot, as the courses' clients do: connect, send each of @messages in
 * order (the struct client sends the format first, then the packed data),
 * read the answer until the peer closes or @timeout_seconds pass without
 * data, then close. Returns all bytes received. */
void      sl_tcp_client_exchange_async  (SlTcpClient         *self,
                                         const char          *host,
                                         guint16              port,
                                         guint                timeout_seconds,
                                         GPtrArray           *messages, /* GBytes */
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GBytes   *sl_tcp_client_exchange_finish (SlTcpClient         *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* close(): sends FIN. Safe in any state. */
void      sl_tcp_client_disconnect      (SlTcpClient         *self);

G_END_DECLS
