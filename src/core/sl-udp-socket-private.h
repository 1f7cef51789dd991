/* sl-udp-socket-private.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sys/socket.h>

#include "sl-udp-socket.h"

G_BEGIN_DECLS

#define SL_UDP_BUFFER_SIZE (64 * 1024)

/* What SlUdpSocket shares with the network thread: created and referenced
 * on the main thread, its socket fields used on the network thread only. */
typedef struct
{
  gint ref_count;
  SlEventLog *log;
  GCancellable *cancellable;
  guint64 id;
  /* network thread only */
  GSocket *socket;
  GSource *source;
  GSocketFamily family;
  guint16 port;
  gboolean broadcast;
  SlReplyConfig *reply;
  guint8 *buffer;
  /* the source of the last datagram, formatted once: a client sends many */
  struct sockaddr_storage last_from;
  socklen_t last_from_len;
  char *last_peer;
} SlUdpShared;

/* One request from the main thread, run on the network thread */
typedef struct
{
  SlUdpShared *shared;
  GTask *task;
  char *address;
  char *host;
  guint16 port;
  gboolean flag;
  SlReplyConfig *reply;
  GBytes *data;
} SlUdpRequest;

SlUdpShared *sl_udp_shared_ref           (SlUdpShared *shared);
void         sl_udp_shared_unref         (gpointer     data);
void         sl_udp_request_free         (gpointer     data);

/* GSourceFuncs for sl_net_thread_invoke() with a SlUdpRequest */
gboolean     sl_udp_net_bind             (gpointer     data);
gboolean     sl_udp_net_close            (gpointer     data);
gboolean     sl_udp_net_set_reply        (gpointer     data);
gboolean     sl_udp_net_set_broadcast    (gpointer     data);
gboolean     sl_udp_net_send             (gpointer     data);

G_END_DECLS
