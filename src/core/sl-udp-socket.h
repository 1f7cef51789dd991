/* sl-udp-socket.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sl-event-log.h"
#include "sl-reply.h"

G_BEGIN_DECLS

/* Largest UDP payloads: 65,535 minus the IP and UDP headers */
#define SL_UDP_MAX_IPV4 65507
#define SL_UDP_MAX_IPV6 65527

#define SL_TYPE_UDP_SOCKET (sl_udp_socket_get_type ())
G_DECLARE_FINAL_TYPE (SlUdpSocket, sl_udp_socket, SL, UDP_SOCKET, GObject)

/* Create on the main thread. Reports everything to @log: one RECEIVED
 * event per datagram (peer "address:port" of its source), one SENT per
 * datagram, errors as SL_ERROR messages. */
SlUdpSocket *sl_udp_socket_new          (SlEventLog          *log);
SlEventLog  *sl_udp_socket_get_log      (SlUdpSocket         *self);
gboolean     sl_udp_socket_get_bound    (SlUdpSocket         *self); /* property "bound" */
guint16      sl_udp_socket_get_port     (SlUdpSocket         *self); /* property "port": the real port, 0 when not bound */
const char  *sl_udp_socket_get_address  (SlUdpSocket         *self); /* as bound, NULL when not bound */
guint64      sl_udp_socket_get_id       (SlUdpSocket         *self); /* connection id of its events */

/* Binds on the network thread (closing a socket bound before). @address
 * is a literal IP address ("0.0.0.0", "::" for both families, "::1", …);
 * port 0 lets the system choose. The result is the real port. */
void         sl_udp_socket_bind_async   (SlUdpSocket         *self,
                                         const char          *address,
                                         guint16              port,
                                         const SlReplyConfig *reply,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
guint16      sl_udp_socket_bind_finish  (SlUdpSocket         *self,
                                         GAsyncResult        *result,
                                         GError             **error);
void         sl_udp_socket_set_reply    (SlUdpSocket         *self,
                                         const SlReplyConfig *reply);
/* SO_BROADCAST: needed to send to 255.255.255.255 or a subnet's broadcast
 * address; kept across binds. */
void         sl_udp_socket_set_broadcast (SlUdpSocket        *self,
                                          gboolean            broadcast);
gboolean     sl_udp_socket_get_broadcast (SlUdpSocket        *self);
/* Sends one datagram; @host is resolved on the network thread. Returns
 * FALSE at once (and logs the error) when the socket is not bound or the
 * datagram cannot fit in one UDP datagram (SL_ERROR_TOO_LARGE); later
 * failures, including an ICMP port unreachable in answer, go to the log. */
gboolean     sl_udp_socket_send         (SlUdpSocket         *self,
                                         const char          *host,
                                         guint16              port,
                                         GBytes              *data,
                                         GError             **error);
void         sl_udp_socket_close        (SlUdpSocket         *self);

G_END_DECLS
