/* sl-tcp-server-conn.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The accepted connections of SlTcpServer, on the network thread. All of a
 * server's connections sit in one epoll set, watched by one GSource on the
 * network context (GLib's poll() would scan every connection on every
 * wakeup; epoll hands over only the ready ones). Reads go into the server's
 * one 64 KiB buffer; echo sends straight from it, and only what send() did
 * not take waits in a per-connection buffer, during which reading pauses
 * (backpressure: memory stays flat, TCP's window does the waiting). So an
 * echo stream costs no allocation per chunk beyond its log event. Replies
 * other than echo come from sl_reply_respond(). */

#include "config.h"

#define G_LOG_DOMAIN "sl-tcp-server"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sl-error.h"
#include "sl-format.h"
#include "sl-net-thread.h"
#include "sl-tcp-server-private.h"

#define READ_BUFFER_SIZE   SL_SERVER_READ_BUFFER_SIZE
#define READ_ONCE_SIZE     1024       /* the courses' servers call recv(1024) */
#define READS_PER_DISPATCH 8
#define CLOSE_DRAIN_READS  16
#define EPOLL_BATCH        256

static guint64 last_connection_id;

struct _SlNetConn
{
  SlServerShared *shared;
  SlNetListener *listener;      /* outlives its connections */
  guint64 id;
  int fd;                       /* owned; -1 once closed */
  SlConnection *connection;
  char *peer;
  char *local;
  GIOCondition events;          /* what epoll watches for */
  guint8 *out;                  /* pending output: out[out_start, out_end) */
  gsize out_start;
  gsize out_end;
  gsize out_cap;
  guint64 reads;
  gboolean peer_closed;
  gboolean closing;             /* close once the output is flushed */
};

typedef struct
{
  GSource source;
  SlServerShared *shared;       /* owns the source; destroys it in teardown */
} ConnsSource;

static void conn_update_events (SlNetConn *conn);

static guint32
epoll_events (GIOCondition condition)
{
  return ((condition & G_IO_IN) ? EPOLLIN : 0) | ((condition & G_IO_OUT) ? EPOLLOUT : 0);
}

static void
push_connection_changed (SlNetConn *conn)
{
  SlServerOp *op = g_new0 (SlServerOp, 1);

  op->kind = SL_SERVER_OP_CONNECTION_CHANGED;
  op->connection = g_object_ref (conn->connection);
  sl_server_shared_push_op (conn->shared, op);
}

void
sl_net_conn_free (gpointer data)
{
  SlNetConn *conn = data;

  if (conn->fd >= 0)
    {
      sl_connection_forget_fd (conn->connection);
      close (conn->fd);
    }
  g_clear_object (&conn->connection);
  g_free (conn->peer);
  g_free (conn->local);
  g_free (conn->out);
  g_free (conn);
}

static gsize
conn_pending (SlNetConn *conn)
{
  return conn->out_end - conn->out_start;
}

/* Reading pauses while output waits (unless the teacher answers by hand),
 * so a peer that sends without reading gets TCP's flow control, not our
 * memory. */
static void
conn_update_events (SlNetConn *conn)
{
  GIOCondition events = 0;
  gboolean backed_up = conn_pending (conn) > 0 && conn->listener->reply->mode != SL_REPLY_NONE;

  if (!conn->peer_closed && !conn->closing && !backed_up)
    events |= G_IO_IN;
  if (conn_pending (conn) > 0)
    events |= G_IO_OUT;

  if (events != conn->events)
    {
      struct epoll_event event = { .events = epoll_events (events), .data.u64 = conn->id };

      conn->events = events;
      epoll_ctl (conn->shared->epfd, EPOLL_CTL_MOD, conn->fd, &event);
    }
}

static void
conn_fail (SlNetConn *conn,
           int        errsv,
           gboolean   sending)
{
  g_autoptr(GError) cause = NULL;
  g_autoptr(GError) error = NULL;

  cause = g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (errsv), g_strerror (errsv));
  error = sl_error_for_io (cause, conn->peer, sending);
  sl_event_log_add_error (conn->shared->log, conn->id, conn->peer, error);
  sl_net_conn_close (conn, FALSE);
}

static void
out_append (SlNetConn    *conn,
            const guint8 *data,
            gsize         len)
{
  if (conn->out_start > 0 && conn->out_end + len > conn->out_cap)
    {
      memmove (conn->out, conn->out + conn->out_start, conn_pending (conn));
      conn->out_end -= conn->out_start;
      conn->out_start = 0;
    }
  if (conn->out_end + len > conn->out_cap)
    {
      conn->out_cap = MAX (conn->out_end + len, READ_BUFFER_SIZE);
      conn->out = g_realloc (conn->out, conn->out_cap);
    }
  memcpy (conn->out + conn->out_end, data, len);
  conn->out_end += len;
}

/* One send(); returns the bytes written, or -1 after closing @conn. */
static gssize
conn_write (SlNetConn    *conn,
            const guint8 *data,
            gsize         len)
{
  gssize n;

  do
    n = send (conn->fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        return 0;
      conn_fail (conn, errno, TRUE);
      return -1;
    }

  if (n > 0)
    {
      sl_connection_update_sent (conn->connection, n);
      sl_event_log_add_data (conn->shared->log, SL_EVENT_SENT, conn->id, conn->peer, data, n);
    }

  return n;
}

/* Sends what is pending; FALSE if @conn was closed. */
static gboolean
conn_flush (SlNetConn *conn)
{
  while (conn_pending (conn) > 0)
    {
      gssize n = conn_write (conn, conn->out + conn->out_start, conn_pending (conn));

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      conn->out_start += n;
    }

  if (conn_pending (conn) == 0)
    {
      conn->out_start = conn->out_end = 0;
      /* Keep an echo-sized buffer for the next burst, not a big manual send */
      if (conn->out_cap > READ_BUFFER_SIZE)
        {
          g_clear_pointer (&conn->out, g_free);
          conn->out_cap = 0;
        }
      if (conn->closing)
        {
          sl_net_conn_close (conn, TRUE);
          return FALSE;
        }
    }

  return TRUE;
}

/* Sends @data after whatever is pending; FALSE if @conn was closed. */
static gboolean
conn_send (SlNetConn    *conn,
           const guint8 *data,
           gsize         len)
{
  gssize n = 0;

  if (len == 0)
    return TRUE;

  if (conn_pending (conn) == 0)
    {
      n = conn_write (conn, data, len);
      if (n < 0)
        return FALSE;
    }

  if ((gsize) n < len)
    out_append (conn, data + n, len - n);

  return TRUE;
}

/* Closes now if nothing waits to be sent, else once it is sent. */
static void
conn_finish (SlNetConn *conn)
{
  conn->closing = TRUE;
  if (conn_pending (conn) == 0)
    sl_net_conn_close (conn, TRUE);
  else
    conn_update_events (conn);
}

void
sl_net_conn_close (SlNetConn *conn,
                   gboolean   graceful)
{
  g_autofree char *message = NULL;

  if (graceful)
    {
      gssize n = 0;
      guint i;

      /* One last try for pending output, then FIN: shutdown before close,
       * as a careful server does. */
      if (conn_pending (conn) > 0)
        n = send (conn->fd, conn->out + conn->out_start, conn_pending (conn),
                  MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n > 0)
        {
          sl_connection_update_sent (conn->connection, n);
          sl_event_log_add_data (conn->shared->log, SL_EVENT_SENT, conn->id, conn->peer,
                                 conn->out + conn->out_start, n);
        }
      shutdown (conn->fd, SHUT_WR);

      /* close() with unread bytes would answer with a reset (RST) instead
       * of the FIN that was just queued: read what already arrived. */
      for (i = 0; i < CLOSE_DRAIN_READS; i++)
        {
          n = recv (conn->fd, conn->shared->buffer, READ_BUFFER_SIZE, MSG_DONTWAIT);
          if (n <= 0)
            break;
          sl_connection_update_received (conn->connection, n);
          sl_event_log_add_data (conn->shared->log, SL_EVENT_RECEIVED, conn->id, conn->peer,
                                 conn->shared->buffer, n);
        }
    }

  epoll_ctl (conn->shared->epfd, EPOLL_CTL_DEL, conn->fd, NULL);
  sl_connection_forget_fd (conn->connection);
  close (conn->fd);
  conn->fd = -1;

  /* Translators: %s is the peer's address and port, e.g. 127.0.0.1:40312 */
  message = g_strdup_printf (_("Closed the connection to %s"), conn->peer);
  sl_server_shared_log (conn->shared, SL_EVENT_CLOSED, conn->id, conn->peer, conn->local, message);

  sl_connection_update_state (conn->connection, SL_CONNECTION_CLOSED);
  push_connection_changed (conn);

  g_hash_table_remove (conn->shared->conns, &conn->id);
}

static void
conn_peer_closed (SlNetConn *conn)
{
  g_autofree char *message = NULL;

  conn->peer_closed = TRUE;

  /* Translators: %s is the peer's address and port, e.g. 127.0.0.1:40312 */
  message = g_strdup_printf (_("%s closed its side (FIN)"), conn->peer);
  sl_server_shared_log (conn->shared, SL_EVENT_PEER_CLOSED, conn->id, conn->peer, conn->local, message);

  sl_connection_update_state (conn->connection, SL_CONNECTION_PEER_CLOSED);
  push_connection_changed (conn);

  /* The courses' servers close when recv() returns b''. By hand, the
   * teacher may still send and closes when they choose. */
  if (conn->listener->reply->mode == SL_REPLY_NONE)
    conn_update_events (conn);
  else
    conn_finish (conn);
}

/* Answers one read as the reply mode says; FALSE if @conn was closed. */
static gboolean
conn_reply (SlNetConn    *conn,
            const guint8 *data,
            gsize         len)
{
  const SlReplyConfig *reply = conn->listener->reply;
  SlReplyResult result;
  gboolean open;

  switch (reply->mode)
    {
    case SL_REPLY_NONE:
      return TRUE;

    case SL_REPLY_ECHO:
      /* The hot path: straight from the read buffer, no GBytes */
      return conn_send (conn, data, len);

    case SL_REPLY_TEXT:
    case SL_REPLY_TIMESTAMP:
    case SL_REPLY_NUMBER_GAME:
    default:
      break;
    }

  if (sl_reply_config_reads_once (reply) && conn->reads > 1)
    return TRUE;

  sl_reply_respond (reply, data, len, &result);

  if (result.note != NULL)
    sl_server_shared_log (conn->shared, SL_EVENT_INFO, conn->id, conn->peer, conn->local, result.note);

  open = TRUE;
  if (result.reply != NULL)
    {
      gsize size;
      const guint8 *bytes = g_bytes_get_data (result.reply, &size);

      open = conn_send (conn, bytes, size);
    }
  if (open && result.close)
    {
      conn_finish (conn);
      open = FALSE;
    }

  sl_reply_result_clear (&result);
  return open;
}

static void
conn_read (SlNetConn *conn)
{
  guint8 *buffer = conn->shared->buffer;
  guint i;

  for (i = 0; i < READS_PER_DISPATCH; i++)
    {
      gboolean once = sl_reply_config_reads_once (conn->listener->reply) && conn->reads == 0;
      gsize max = once ? READ_ONCE_SIZE : READ_BUFFER_SIZE;
      gssize n;

      do
        n = recv (conn->fd, buffer, max, MSG_DONTWAIT);
      while (n < 0 && errno == EINTR);

      if (n < 0)
        {
          if (errno == EAGAIN || errno == EWOULDBLOCK)
            break;
          conn_fail (conn, errno, FALSE);
          return;
        }

      if (n == 0)
        {
          conn_peer_closed (conn);
          return;
        }

      conn->reads++;
      sl_connection_update_received (conn->connection, n);
      sl_event_log_add_data (conn->shared->log, SL_EVENT_RECEIVED, conn->id, conn->peer,
                             buffer, n);

      if (!conn_reply (conn, buffer, n))
        return;

      if ((gsize) n < max || once || conn_pending (conn) > 0)
        break;
    }

  conn_update_events (conn);
}

static void
conn_io (SlNetConn   *conn,
         GIOCondition revents)
{
  if (revents & G_IO_OUT)
    {
      if (!conn_flush (conn))
        return;
      conn_update_events (conn);
    }

  /* An error or hang-up is reported even while reading is paused; recv()
   * then tells what happened, so the level-triggered set cannot spin. */
  if (revents & (G_IO_IN | G_IO_ERR | G_IO_HUP))
    {
      if (conn->peer_closed)
        {
          /* Half-open by hand: only an error can come from here */
          int err = 0;
          socklen_t len = sizeof err;

          if (getsockopt (conn->fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0)
            conn_fail (conn, err, TRUE);
          else
            sl_net_conn_close (conn, FALSE);
        }
      else
        {
          conn_read (conn);
        }
    }
}

static gboolean
conns_source_dispatch (GSource    *source,
                       GSourceFunc callback,
                       gpointer    user_data)
{
  SlServerShared *shared = ((ConnsSource *) source)->shared;
  struct epoll_event events[EPOLL_BATCH];
  int n, i;

  do
    n = epoll_wait (shared->epfd, events, G_N_ELEMENTS (events), 0);
  while (n < 0 && errno == EINTR);

  for (i = 0; i < n; i++)
    {
      /* By id: a connection handled earlier in this batch may have freed
       * one that comes later */
      guint64 id = events[i].data.u64;
      SlNetConn *conn = g_hash_table_lookup (shared->conns, &id);
      guint32 revents = events[i].events;

      if (conn != NULL)
        conn_io (conn, ((revents & EPOLLIN) ? G_IO_IN : 0) |
                       ((revents & EPOLLOUT) ? G_IO_OUT : 0) |
                       ((revents & EPOLLERR) ? G_IO_ERR : 0) |
                       ((revents & EPOLLHUP) ? G_IO_HUP : 0));
    }

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs conns_source_funcs = {
  NULL, NULL, conns_source_dispatch, NULL,
};

/* Any thread, before anything is accepted */
gboolean
sl_net_conns_init (SlServerShared *shared)
{
  shared->epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (shared->epfd < 0)
    return FALSE;

  shared->conns_source = g_source_new (&conns_source_funcs, sizeof (ConnsSource));
  ((ConnsSource *) shared->conns_source)->shared = shared;
  g_source_set_static_name (shared->conns_source, "[sl-tcp-server] connections");
  g_source_add_unix_fd (shared->conns_source, shared->epfd, G_IO_IN);
  g_source_attach (shared->conns_source, sl_net_thread_get_context ());

  return TRUE;
}

void
sl_net_conn_new (SlNetListener   *listener,
                 int              fd,
                 struct sockaddr *peer,
                 gsize            peer_len)
{
  struct sockaddr_storage local;
  socklen_t local_len = sizeof local;
  SlServerShared *shared = listener->shared;
  g_autoptr(GSocketAddress) peer_address = NULL;
  g_autoptr(GSocketAddress) local_address = NULL;
  g_autofree char *message = NULL;
  SlServerOp *op;
  struct epoll_event event;
  SlNetConn *conn;
  SlEvent *accepted;

  conn = g_new0 (SlNetConn, 1);
  conn->shared = shared;
  conn->listener = listener;
  conn->id = __atomic_add_fetch (&last_connection_id, 1, __ATOMIC_RELAXED);
  conn->fd = fd;
  /* Each send() leaves as its own segment (PSH), right away: the capture
   * view then shows one segment per reply, and ping-pong is not delayed */
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &(int) { 1 }, sizeof (int));

  peer_address = g_socket_address_new_from_native (peer, peer_len);
  if (getsockname (fd, (struct sockaddr *) &local, &local_len) == 0)
    local_address = g_socket_address_new_from_native (&local, local_len);
  conn->peer = sl_format_socket_address (peer_address);
  conn->local = sl_format_socket_address (local_address);
  conn->connection = sl_connection_new (conn->id, conn->local, conn->peer, conn->fd);

  g_hash_table_insert (shared->conns, &conn->id, conn);

  /* Translators: %s is the peer's address and port, e.g. 127.0.0.1:40312 */
  message = g_strdup_printf (_("Accepted a connection from %s"), conn->peer);
  accepted = sl_event_new (SL_EVENT_ACCEPTED, conn->id);
  sl_event_set_peer (accepted, conn->peer);
  sl_event_set_local (accepted, conn->local);
  sl_event_set_message (accepted, message);
  sl_event_log_append (shared->log, accepted);

  op = g_new0 (SlServerOp, 1);
  op->kind = SL_SERVER_OP_CONNECTION_ADDED;
  op->connection = g_object_ref (conn->connection);
  op->listener_id = listener->id;
  sl_server_shared_push_op (shared, op);

  conn->events = G_IO_IN;
  event.events = epoll_events (conn->events);
  event.data.u64 = conn->id;
  if (epoll_ctl (shared->epfd, EPOLL_CTL_ADD, conn->fd, &event) != 0)
    conn_fail (conn, errno, FALSE);
}

SlNetListener *
sl_net_conn_get_listener (SlNetConn *conn)
{
  return conn->listener;
}

/* A send by hand (the teacher's, to one or all), after whatever waits */
void
sl_net_conn_queue (SlNetConn    *conn,
                   const guint8 *data,
                   gsize         len)
{
  if (conn->closing)
    return;
  if (conn_send (conn, data, len))
    conn_update_events (conn);
}
