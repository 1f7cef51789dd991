/* sl-tcp-server-private.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sys/socket.h>

#include "sl-tcp-server.h"

G_BEGIN_DECLS

/* The halves of SlTcpServer: sl-tcp-server.c is the main-thread half (the
 * GObjects and models), sl-tcp-server-net.c the listeners on the network
 * thread, sl-tcp-server-conn.c one connection's I/O there. They share one
 * refcounted SlServerShared block. */

#define SL_SERVER_READ_BUFFER_SIZE (64 * 1024)

typedef struct _SlServerShared SlServerShared;
typedef struct _SlNetListener SlNetListener;
typedef struct _SlNetConn SlNetConn;

struct _SlServerShared
{
  gint ref_count;

  /* Main thread only */
  SlTcpServer *server;          /* NULL once disposed */
  guint generation;             /* bumped by stop_all */

  /* Immutable */
  GMainContext *main_context;
  SlEventLog *log;
  GCancellable *cancellable;

  /* Network thread → main thread, under lock */
  GMutex lock;
  GQueue main_ops;
  gboolean main_scheduled;

  /* Network thread only */
  gboolean torn_down;
  GHashTable *listeners;        /* guint id → SlNetListener */
  GHashTable *conns;            /* guint64 id → SlNetConn */
  int epfd;                     /* every connection's fd, by id */
  GSource *conns_source;        /* watches epfd; destroyed in teardown */
  guint8 *buffer;               /* one read buffer for every connection */
};

struct _SlNetListener
{
  SlServerShared *shared;
  guint id;
  GSocket *socket;
  GSource *source;
  GSource *retry_source;
  char *local;                  /* "127.0.0.1:55556" */
  SlReplyConfig *reply;
};

/* What the main half does with what the network half reports */
typedef enum
{
  SL_SERVER_OP_LISTENER_STARTED,
  SL_SERVER_OP_LISTENER_FAILED,
  SL_SERVER_OP_CONNECTION_ADDED,
  SL_SERVER_OP_CONNECTION_CHANGED,
} SlServerOpKind;

typedef struct
{
  SlServerOpKind kind;
  GTask *task;
  GError *error;
  SlListener *listener;
  guint listener_id;
  guint generation;
  SlConnection *connection;
} SlServerOp;

/* What the main half asks of the network half */
typedef enum
{
  SL_SERVER_REQUEST_STOP_LISTENER,
  SL_SERVER_REQUEST_STOP_ALL,
  SL_SERVER_REQUEST_SET_REPLY,
  SL_SERVER_REQUEST_SEND,
  SL_SERVER_REQUEST_CLOSE,
} SlServerRequestKind;

typedef struct
{
  SlServerShared *shared;
  SlServerRequestKind kind;
  guint listener_id;
  guint64 connection_id;        /* 0: every connection */
  SlReplyConfig *reply;
  GBytes *data;
} SlServerRequest;

typedef struct
{
  SlServerShared *shared;
  GTask *task;
  char *address;
  guint16 port;
  SlReplyConfig *reply;
  gboolean reuse_address;
  guint generation;
} SlServerStart;

/* Any thread */
SlServerShared *sl_server_shared_new       (SlTcpServer    *server,
                                            SlEventLog     *log,
                                            GCancellable   *cancellable);
SlServerShared *sl_server_shared_ref       (SlServerShared *shared);
void            sl_server_shared_unref     (gpointer        shared);
void            sl_server_op_free          (SlServerOp     *op);
void            sl_server_request_free     (gpointer        request);
void            sl_server_start_free       (gpointer        start);

/* Network thread */
void            sl_server_shared_push_op   (SlServerShared *shared,
                                            SlServerOp     *op);
void            sl_server_shared_log       (SlServerShared *shared,
                                            SlEventKind     kind,
                                            guint64         connection_id,
                                            const char     *peer,
                                            const char     *local,
                                            const char     *message);
gboolean        sl_net_start_listener      (gpointer        start);
gboolean        sl_net_request             (gpointer        request);
gboolean        sl_net_teardown            (gpointer        shared);

gboolean        sl_net_conns_init          (SlServerShared *shared);
void            sl_net_conn_new            (SlNetListener   *listener,
                                            int              fd,
                                            struct sockaddr *peer,
                                            gsize            peer_len);
void            sl_net_conn_free           (gpointer        conn);
SlNetListener  *sl_net_conn_get_listener   (SlNetConn      *conn);
void            sl_net_conn_queue          (SlNetConn      *conn,
                                            const guint8   *data,
                                            gsize           len);
void            sl_net_conn_close          (SlNetConn      *conn,
                                            gboolean        graceful);

/* The main-thread object for a listener the network half opened */
SlListener     *sl_listener_new            (guint           id,
                                            const char     *address,
                                            guint16         port,
                                            const SlReplyConfig *reply);
guint           sl_listener_get_id         (SlListener     *self);

/* Main thread: drains the operations pushed by the network half */
gboolean        sl_tcp_server_dispatch_ops (gpointer        shared);

G_END_DECLS
