/* sl-tcp-client-private.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-net-thread.h"
#include "sl-tcp-client.h"

G_BEGIN_DECLS

/* Shared by the three files of SlTcpClient:
 *   sl-tcp-client.c          the GObject and its API (owner's thread), and
 *                            the posts that carry results back to it;
 *   sl-tcp-client-connect.c  name lookup, connect() with a timeout, and the
 *                            operations (connect, exchange) that own a GTask;
 *   sl-tcp-client-io.c       the open socket: reading, the send queue, close.
 * Everything below marked "network thread" runs only there. */

typedef struct _SlTcpClientOp SlTcpClientOp;

typedef struct
{
  GWeakRef client;
  GMainContext *owner;
  SlEventLog *log;
  GCancellable *cancellable;    /* the engine's own; cancelled in dispose */

  /* Network thread only */
  SlTcpClientOp *op;            /* connect or exchange in progress */
  GSocket *socket;              /* connecting or connected */
  GSource *connect_source;      /* G_IO_OUT while connect() is pending */
  GSource *read_source;
  GSource *write_source;
  GSource *timer;               /* connect timeout, or the exchange's idle timeout */
  SlConnection *connection;
  gboolean connected;
  char *peer;                   /* "127.0.0.1:55556" */
  char *local;
  GQueue sends;                 /* SlTcpClientSend */
  guint8 *buffer;
} SlTcpClientNet;

struct _SlTcpClientOp
{
  SlTcpClientNet *net;          /* owned */
  GTask *task;
  gboolean exchange;
  char *host;
  guint16 port;
  guint timeout_seconds;

  GCancellable *cancellable;    /* this operation's; linked to the caller's and the engine's */
  GCancellable *caller_cancellable;
  gulong caller_handler;
  gulong engine_handler;
  GSource *cancel_source;

  GList *addresses;             /* GInetAddress */
  GList *next_address;
  char *trying;                 /* "127.0.0.1:55556", the address connect() is trying */
  GPtrArray *messages;          /* GBytes, exchange only */
  GByteArray *received;         /* exchange only */
};

typedef struct
{
  GTask *task;                  /* NULL for the exchange's messages */
  GBytes *bytes;
  gsize offset;
} SlTcpClientSend;

/* What the network thread tells the owner's thread */
typedef struct
{
  SlTcpClientNet *net;
  gboolean set_state;
  SlTcpClientState state;
  gboolean set_connection;
  SlConnection *connection;     /* the new value; NULL clears it */
  SlConnection *release;        /* a reference to drop on the owner's thread */
  GTask *task;
  GError *error;
  GBytes *bytes;
  GCancellable *op_cancellable; /* the operation that ended, if any */
} SlTcpClientPost;

static inline void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static inline GSource *
attach_to_net_thread (GSource     *source,
                      GSourceFunc  func,
                      gpointer     data,
                      const char  *name)
{
  g_source_set_callback (source, func, data, NULL);
  g_source_set_static_name (source, name);
  g_source_attach (source, sl_net_thread_get_context ());
  return source;
}

/* sl-tcp-client.c: any thread */
SlTcpClientPost *sl_tcp_client_post_new   (SlTcpClientNet   *net);
void             sl_tcp_client_post_send  (SlTcpClientPost  *post);
void             sl_tcp_client_post_state (SlTcpClientNet   *net,
                                           SlTcpClientState  state);

/* sl-tcp-client-connect.c: owner's thread */
SlTcpClientOp *sl_tcp_client_op_new           (SlTcpClientNet *net,
                                               GTask          *task,
                                               const char     *host,
                                               guint16         port,
                                               guint           timeout_seconds,
                                               GCancellable   *cancellable);
void           sl_tcp_client_op_start         (SlTcpClientOp  *op);
void           sl_tcp_client_net_disconnect   (SlTcpClientNet *net);
void           sl_tcp_client_net_teardown     (SlTcpClientNet *net);
/* sl-tcp-client-connect.c: network thread */
void           sl_tcp_client_op_complete      (SlTcpClientOp  *op,
                                               GError         *error,
                                               GBytes         *bytes);
void           sl_tcp_client_op_fail          (SlTcpClientOp  *op,
                                               GError         *error);
void           sl_tcp_client_exchange_end     (SlTcpClientOp  *op);
void           sl_tcp_client_restart_idle_timer (SlTcpClientNet *net);

/* sl-tcp-client-io.c: any thread */
SlTcpClientNet *sl_tcp_client_net_new         (SlTcpClient    *client,
                                               SlEventLog     *log,
                                               GCancellable   *cancellable);
SlTcpClientNet *sl_tcp_client_net_ref         (SlTcpClientNet *net);
void            sl_tcp_client_net_unref       (SlTcpClientNet *net);
void            sl_tcp_client_net_send        (SlTcpClientNet *net,
                                               GTask          *task,
                                               GBytes         *bytes);
/* sl-tcp-client-io.c: network thread */
void            sl_tcp_client_log             (SlTcpClientNet *net,
                                               SlEventKind     kind,
                                               const char     *peer,
                                               const char     *local,
                                               const char     *message);
void            sl_tcp_client_start_io        (SlTcpClientNet *net);
void            sl_tcp_client_pump_sends      (SlTcpClientNet *net);
void            sl_tcp_client_send_free       (SlTcpClientSend *send);
void            sl_tcp_client_close_socket    (SlTcpClientNet *net,
                                               const GError   *error);

G_END_DECLS
