/* sl-http-server-net.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The network half of SlHttpServer, on the network thread: the listening
 * GSocket (a source on the network context) and the connections, all in
 * one epoll set watched by one GSource, as in SlTcpServer. Non-blocking;
 * no thread per connection. A connection reads into the server's one
 * buffer and feeds the incremental parser; while a response is being sent
 * it does not read (pipelined bytes wait in a small per-connection
 * buffer), so a slow reader costs no memory beyond its socket. Headers and
 * files up to SL_HTTP_INLINE_FILE_MAX go out in one send(); larger files
 * with sendfile(). A 250 ms timer closes connections idle longer than the
 * idle timeout, so idle clients cannot starve the others. Each request is
 * logged once its response is sent.
 *
 * Per request the work is kept small, since a browser or a load test may
 * send thousands a second while the window shows each one: headers are
 * built without printf, the Date header is formatted once a second, the
 * request bytes are copied once (into the log's event), and the strings
 * made for the response are handed to the log rather than copied. */

#include "config.h"

#define G_LOG_DOMAIN "sl-http-server"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sl-error.h"
#include "sl-format.h"
#include "sl-http-request.h"
#include "sl-http-server-private.h"
#include "sl-net-thread.h"
#include "sl-port-registry.h"

#define ACCEPTS_PER_DISPATCH 64
#define LISTEN_BACKLOG       4096
#define EPOLL_BATCH          256
#define IDLE_TICK_MS         250
#define MAX_PENDING_INPUT    (SL_HTTP_MAX_REQUEST_LINE + SL_HTTP_MAX_HEADERS)

static guint64 last_conn_id;

typedef struct
{
  SlHttpShared *shared;
  guint64 id;
  int fd;
  char *peer;
  SlHttpRequest *request;
  GByteArray *pending_in;       /* bytes after the current request */
  guint8 *out;
  gsize out_start, out_end, out_cap;
  int file_fd;
  off_t file_offset;
  goffset file_remaining;
  gboolean responding;
  gboolean close_after;
  gboolean draining;            /* closed our side, reading what the client still sends */
  gsize drained;
  guint32 events;
  gint64 last_activity;
  gint64 request_start;
  /* For the log, once sent (the request head stays in request until then) */
  char *log_headers;
  char *log_method;
  char *log_target;
  guint log_status;
  goffset log_bytes;
} SlHttpConn;

typedef struct
{
  GSource source;
  SlHttpShared *shared;
} ConnsSource;

/* Shared block ---------------------------------------------------------------- */

SlHttpShared *
sl_http_shared_ref (SlHttpShared *shared)
{
  g_atomic_int_inc (&shared->ref_count);
  return shared;
}

void
sl_http_shared_unref (gpointer data)
{
  SlHttpShared *shared = data;

  if (!g_atomic_int_dec_and_test (&shared->ref_count))
    return;

  /* sl_http_net_stop() ran: nothing is open any more */
  g_assert (shared->socket == NULL && shared->epfd < 0);
  g_clear_pointer (&shared->conns, g_hash_table_unref);
  g_clear_pointer (&shared->mime_types, g_hash_table_unref);
  g_free (shared->buffer);
  g_free (shared->local);
  g_free (shared->root);
  g_clear_object (&shared->log);
  g_main_context_unref (shared->main_context);
  g_free (shared);
}

void
sl_http_start_free (gpointer data)
{
  SlHttpStart *start = data;

  sl_http_shared_unref (start->shared);
  g_clear_object (&start->task);
  g_clear_error (&start->error);
  g_free (start->address);
  g_free (start->root);
  g_free (start->bound_address);
  g_free (start);
}

/* Connections ----------------------------------------------------------------- */

static void
conn_free (gpointer data)
{
  SlHttpConn *conn = data;

  if (conn->fd >= 0)
    {
      epoll_ctl (conn->shared->epfd, EPOLL_CTL_DEL, conn->fd, NULL);
      close (conn->fd);
    }
  if (conn->file_fd >= 0)
    close (conn->file_fd);
  sl_http_request_free (conn->request);
  g_byte_array_unref (conn->pending_in);
  g_free (conn->out);
  g_free (conn->peer);
  g_free (conn->log_headers);
  g_free (conn->log_method);
  g_free (conn->log_target);
  g_free (conn);
}

static void
conn_set_events (SlHttpConn *conn,
                 guint32     events)
{
  struct epoll_event event = { .events = events, .data.u64 = conn->id };

  if (events == conn->events)
    return;
  conn->events = events;
  epoll_ctl (conn->shared->epfd, EPOLL_CTL_MOD, conn->fd, &event);
}

/* A client may still be sending when we answer and close (a 405 to a large
 * POST, a 400 in the middle of a request): closing with unread bytes sends
 * a reset that can destroy the answer before the client reads it. So our
 * side sends FIN and the connection stays a little while, reading and
 * dropping what the client sends, until its FIN, DRAIN_LIMIT bytes or
 * DRAIN_TIME_US (the "lingering close" of other servers). */
#define DRAIN_LIMIT (4 * 1024 * 1024)
#define DRAIN_TIME_US (2 * G_USEC_PER_SEC)

/* TRUE when the client has closed too (or is gone) */
static gboolean
conn_drain (SlHttpConn *conn)
{
  for (;;)
    {
      gssize n = recv (conn->fd, conn->shared->buffer, SL_HTTP_BUFFER_SIZE, MSG_DONTWAIT);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return FALSE;
      if (n <= 0)
        return TRUE;
      conn->drained += n;
      if (conn->drained > DRAIN_LIMIT)
        return TRUE;
    }
}

static void
conn_close (SlHttpConn *conn)
{
  if (!conn->draining)
    {
      shutdown (conn->fd, SHUT_WR);
      conn->draining = TRUE;
      conn->responding = FALSE;
      conn->last_activity = g_get_monotonic_time ();
    }

  if (conn_drain (conn))
    {
      g_hash_table_remove (conn->shared->conns, &conn->id);
      return;
    }

  conn_set_events (conn, EPOLLIN);
}


static void
out_append (SlHttpConn   *conn,
            const void   *data,
            gsize         len)
{
  if (conn->out_end + len > conn->out_cap)
    {
      gsize pending = conn->out_end - conn->out_start;

      memmove (conn->out, conn->out + conn->out_start, pending);
      conn->out_start = 0;
      conn->out_end = pending;
      if (pending + len > conn->out_cap)
        {
          conn->out_cap = MAX (pending + len, conn->out_cap * 2);
          conn->out = g_realloc (conn->out, conn->out_cap);
        }
    }
  memcpy (conn->out + conn->out_end, data, len);
  conn->out_end += len;
}

void
sl_http_exchange_free (SlHttpExchange *exchange)
{
  if (exchange == NULL)
    return;
  g_free (exchange->method);
  g_free (exchange->target);
  g_free (exchange->response_headers);
  g_free (exchange);
}

/* Writes @value's digits to end just before @end; returns where they start */
static char *
format_digits (char    *end,
               guint64  value,
               gboolean thousands)
{
  char *p = end;
  guint n = 0;

  do
    {
      if (thousands && n > 0 && n % 3 == 0)
        *--p = ',';
      *--p = '0' + value % 10;
      value /= 10;
      n++;
    }
  while (value > 0);

  return p;
}

static void
conn_log_request (SlHttpConn *conn)
{
  SlHttpShared *shared = conn->shared;
  g_autofree char *message = NULL;
  char bytes_buf[32], duration_buf[32];
  const char *bytes, *duration;
  char *p;
  gint64 tenths;
  SlHttpExchange *exchange;
  SlEvent *received, *sent;
  gsize len;
  const guint8 *raw = sl_http_request_get_raw (conn->request, &len);

  /* The strings made for the response go to the log as they are */
  exchange = g_new0 (SlHttpExchange, 1);
  exchange->method = conn->log_method != NULL ? g_steal_pointer (&conn->log_method) : g_strdup ("");
  exchange->target = conn->log_target != NULL ? g_steal_pointer (&conn->log_target) : g_strdup ("");
  exchange->status = conn->log_status;
  exchange->reason = sl_http_reason_phrase (conn->log_status);
  exchange->body_bytes = conn->log_bytes;
  exchange->duration_us = g_get_monotonic_time () - conn->request_start;
  exchange->response_headers = conn->log_headers != NULL ? g_steal_pointer (&conn->log_headers) : g_strdup ("");

  /* As sl_format_count() and "%.1f" would, without printf */
  bytes_buf[sizeof bytes_buf - 1] = '\0';
  bytes = format_digits (bytes_buf + sizeof bytes_buf - 1, exchange->body_bytes, TRUE);
  tenths = (MAX (exchange->duration_us, 0) + 50) / 100;
  p = duration_buf + sizeof duration_buf - 1;
  *p = '\0';
  *--p = '0' + tenths % 10;
  *--p = '.';
  duration = format_digits (p, tenths / 10, FALSE);
  /* Translators: a request in the log, e.g. "GET /index.html → 200 OK,
   * 1,234 bytes, 0.4 ms": method, path, status code, reason phrase,
   * body bytes sent, duration in milliseconds */
  message = g_strdup_printf (_("%s %s → %u %s, %s bytes, %s ms"),
                             exchange->method, exchange->target, exchange->status,
                             exchange->reason, bytes, duration);
  received = sl_event_new (SL_EVENT_RECEIVED, conn->id);
  sl_event_set_peer (received, conn->peer);
  sl_event_set_local (received, shared->local);
  sl_event_set_message (received, message);
  sl_event_set_data (received, raw, len);

  g_clear_pointer (&message, g_free);
  message = g_strdup_printf (_("Response headers for %s %s"), exchange->method, exchange->target);
  sent = sl_event_new (SL_EVENT_SENT, conn->id);
  sl_event_set_peer (sent, conn->peer);
  sl_event_set_local (sent, shared->local);
  sl_event_set_message (sent, message);
  sl_event_set_data (sent, (const guint8 *) exchange->response_headers,
                     strlen (exchange->response_headers));

  /* Both made before either is appended: once appended, the log may drop
   * an event (and its exchange) at any time */
  sl_event_set_detail (received, exchange, (GDestroyNotify) sl_http_exchange_free);
  sl_event_log_append (shared->log, received);
  sl_event_log_append (shared->log, sent);
}

static void conn_process (SlHttpConn *conn, const guint8 *data, gsize len);

/* FALSE: the connection was closed and freed */
static gboolean
conn_flush (SlHttpConn *conn)
{
  while (conn->out_end > conn->out_start)
    {
      int flags = MSG_NOSIGNAL | (conn->file_remaining > 0 ? MSG_MORE : 0);
      gssize n = send (conn->fd, conn->out + conn->out_start, conn->out_end - conn->out_start, flags);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          conn_set_events (conn, EPOLLOUT);
          return TRUE;
        }
      if (n <= 0)
        {
          conn_close (conn);
          return FALSE;
        }
      conn->out_start += n;
      conn->last_activity = g_get_monotonic_time ();
    }
  conn->out_start = conn->out_end = 0;

  while (conn->file_remaining > 0)
    {
      gssize n = sendfile (conn->fd, conn->file_fd, &conn->file_offset,
                           MIN (conn->file_remaining, 1 << 20));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          conn_set_events (conn, EPOLLOUT);
          return TRUE;
        }
      if (n <= 0)
        {
          /* The file shrank or the peer left: the length promised is wrong */
          conn_close (conn);
          return FALSE;
        }
      conn->file_remaining -= n;
      conn->last_activity = g_get_monotonic_time ();
    }

  if (conn->file_fd >= 0)
    {
      close (conn->file_fd);
      conn->file_fd = -1;
    }

  if (conn->responding)
    {
      conn->responding = FALSE;
      conn_log_request (conn);
      if (conn->close_after)
        {
          conn_close (conn);
          return FALSE;
        }
      sl_http_request_reset (conn->request);
      conn->request_start = 0;
      conn_set_events (conn, EPOLLIN);

      /* Pipelined requests that arrived with the previous one */
      if (conn->pending_in->len > 0)
        {
          g_autoptr(GByteArray) pending = g_steal_pointer (&conn->pending_in);
          SlHttpShared *shared = conn->shared;
          guint64 id = conn->id;

          conn->pending_in = g_byte_array_new ();
          conn_process (conn, pending->data, pending->len);
          return g_hash_table_contains (shared->conns, &id);
        }
    }

  return TRUE;
}

/* Formatted once a second: every server runs on the one network thread */
static void
append_date (GString *headers)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  static gint64 cached_second = G_MININT64;
  static char cached[64];
  gint64 second = g_get_real_time () / G_USEC_PER_SEC;

  g_assert (sl_net_thread_is_current ());

  if (second != cached_second)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (second);

      /* Not strftime: %a and %b follow the locale, HTTP wants English */
      g_snprintf (cached, sizeof cached, "Date: %s, %02d %s %d %02d:%02d:%02d GMT\r\n",
                  days[g_date_time_get_day_of_week (now) - 1],
                  g_date_time_get_day_of_month (now),
                  months[g_date_time_get_month (now) - 1],
                  g_date_time_get_year (now),
                  g_date_time_get_hour (now),
                  g_date_time_get_minute (now),
                  g_date_time_get_second (now));
      cached_second = second;
    }
  g_string_append (headers, cached);
}

static void
append_uint (GString *headers,
             guint64  value)
{
  char digits[24];
  char *end = digits + sizeof digits;
  char *start = format_digits (end, value, FALSE);

  g_string_append_len (headers, start, end - start);
}

/* "Name: value\r\n" */
static void
append_header (GString    *headers,
               const char *name,
               const char *value)
{
  g_string_append (headers, name);
  g_string_append_len (headers, ": ", 2);
  g_string_append (headers, value);
  g_string_append_len (headers, "\r\n", 2);
}

/* Queues the answer to the request just parsed (or refused). FALSE: the
 * connection is gone. */
static gboolean
conn_respond (SlHttpConn        *conn,
              SlHttpParseResult  result)
{
  SlHttpShared *shared = conn->shared;
  SlHttpResponse response = { .fd = -1 };
  g_autoptr(GString) headers = g_string_sized_new (256);
  gboolean head = FALSE;

  if (result == SL_HTTP_PARSE_ERROR)
    {
      guint status = sl_http_request_get_error_status (conn->request);

      sl_http_response_error (&response, status,
                              status == 505 ? "This server speaks HTTP/1.0 and HTTP/1.1." :
                              status == 414 ? "The request line is longer than 8 KiB." :
                              status == 431 ? "The request headers are longer than 16 KiB." :
                              "The request is not valid HTTP: see the request bytes in Socket Lab.");
      conn->close_after = TRUE;
      conn->log_method = g_strdup ("?");
      conn->log_target = g_strdup ("");
    }
  else
    {
      const char *method = sl_http_request_get_method (conn->request);
      const char *target = sl_http_request_get_target (conn->request);

      /* A body is not read: closing is the only safe way past it */
      conn->close_after = !sl_http_request_get_keep_alive (conn->request) ||
                          sl_http_request_has_body (conn->request);
      head = strcmp (method, "HEAD") == 0;
      sl_http_resolve (shared, method, target,
                       sl_http_request_get_header (conn->request, "Accept-Language"),
                       &response);
      conn->log_method = g_utf8_make_valid (method, -1);
      conn->log_target = g_utf8_make_valid (target, -1);
    }

  g_string_append (headers, "HTTP/1.1 ");
  append_uint (headers, response.status);
  g_string_append_c (headers, ' ');
  g_string_append (headers, response.reason);
  g_string_append_len (headers, "\r\n", 2);
  append_date (headers);
  g_string_append (headers, "Server: SocketLab\r\n");
  if (response.content_type != NULL)
    append_header (headers, "Content-Type", response.content_type);
  g_string_append (headers, "Content-Length: ");
  append_uint (headers, MAX (response.size, 0));
  g_string_append_len (headers, "\r\n", 2);
  if (response.content_language != NULL)
    append_header (headers, "Content-Language", response.content_language);
  if (response.vary_language)
    g_string_append (headers, "Vary: Accept-Language\r\n");
  if (response.allow != NULL)
    append_header (headers, "Allow", response.allow);
  if (response.location != NULL)
    append_header (headers, "Location", response.location);
  if (conn->close_after)
    g_string_append (headers, "Connection: close\r\n");
  else if (sl_http_request_get_version (conn->request) == SL_HTTP_VERSION_1_0)
    g_string_append (headers, "Connection: keep-alive\r\n");
  g_string_append (headers, "\r\n");

  out_append (conn, headers->str, headers->len);
  conn->log_headers = g_string_free (g_steal_pointer (&headers), FALSE);
  conn->log_status = response.status;
  conn->log_bytes = head ? 0 : response.size;

  if (!head && response.body != NULL)
    {
      gsize len;
      const guint8 *body = g_bytes_get_data (response.body, &len);

      out_append (conn, body, len);
    }
  else if (!head && response.fd >= 0 && response.size <= SL_HTTP_INLINE_FILE_MAX)
    {
      gsize want = response.size, got = 0;

      if (conn->out_end + want > conn->out_cap)
        {
          conn->out_cap = conn->out_end + want;
          conn->out = g_realloc (conn->out, conn->out_cap);
        }
      while (got < want)
        {
          gssize n = pread (response.fd, conn->out + conn->out_end + got, want - got, got);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            break;
          got += n;
        }
      if (got < want)
        {
          /* The file shrank since fstat(): the promised length is wrong */
          conn->close_after = TRUE;
        }
      conn->out_end += got;
    }
  else if (!head && response.fd >= 0)
    {
      conn->file_fd = response.fd;
      conn->file_offset = 0;
      conn->file_remaining = response.size;
      response.fd = -1;
    }

  sl_http_response_clear (&response);
  conn->responding = TRUE;

  return conn_flush (conn);
}

/* Feeds @data to the parser, answering each complete request */
static void
conn_process (SlHttpConn   *conn,
              const guint8 *data,
              gsize         len)
{
  guint64 id = conn->id;
  SlHttpShared *shared = conn->shared;

  while (len > 0)
    {
      SlHttpParseResult result;
      gsize consumed = 0;

      if (conn->responding)
        {
          /* Kept until the response is out; bounded like one request head */
          if (conn->pending_in->len + len > MAX_PENDING_INPUT)
            len = MAX_PENDING_INPUT - MIN (conn->pending_in->len, MAX_PENDING_INPUT);
          g_byte_array_append (conn->pending_in, data, len);
          conn_set_events (conn, conn->events & ~EPOLLIN);
          return;
        }

      if (conn->request_start == 0)
        conn->request_start = g_get_monotonic_time ();
      result = sl_http_request_feed (conn->request, data, len, &consumed);
      data += consumed;
      len -= consumed;
      if (result == SL_HTTP_PARSE_NEED_MORE)
        return;

      if (!conn_respond (conn, result) || !g_hash_table_contains (shared->conns, &id))
        return;
    }
}

static void
conn_read (SlHttpConn *conn)
{
  SlHttpShared *shared = conn->shared;
  gssize n;

  if (conn->draining)
    {
      conn_close (conn);
      return;
    }

  do
    n = recv (conn->fd, shared->buffer, SL_HTTP_BUFFER_SIZE, 0);
  while (n < 0 && errno == EINTR);

  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    return;
  if (n <= 0)
    {
      conn_close (conn);
      return;
    }

  conn->last_activity = g_get_monotonic_time ();
  conn_process (conn, shared->buffer, n);
}

static gboolean
conns_source_dispatch (GSource    *source,
                       GSourceFunc callback,
                       gpointer    user_data)
{
  SlHttpShared *shared = ((ConnsSource *) source)->shared;
  struct epoll_event events[EPOLL_BATCH];
  int n, i;

  do
    n = epoll_wait (shared->epfd, events, G_N_ELEMENTS (events), 0);
  while (n < 0 && errno == EINTR);

  for (i = 0; i < n; i++)
    {
      /* By id: one handled earlier in the batch may have freed a later one */
      guint64 id = events[i].data.u64;
      SlHttpConn *conn = g_hash_table_lookup (shared->conns, &id);

      if (conn == NULL)
        continue;
      if ((events[i].events & EPOLLOUT) && conn->responding)
        {
          if (!conn_flush (conn))
            continue;
        }
      else if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
        {
          conn_read (conn);
        }
    }

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs conns_source_funcs = {
  NULL, NULL, conns_source_dispatch, NULL,
};

static gboolean
idle_tick_cb (gpointer data)
{
  SlHttpShared *shared = data;
  gint64 limit = g_atomic_int_get (&shared->idle_timeout_ms) * (gint64) 1000;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) idle = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  guint i;

  g_hash_table_iter_init (&iter, shared->conns);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SlHttpConn *conn = value;

      if (conn->draining)
        {
          if (now - conn->last_activity > DRAIN_TIME_US)
            g_hash_table_iter_remove (&iter);
        }
      else if (now - conn->last_activity > limit)
        {
          g_ptr_array_add (idle, conn);
        }
    }

  for (i = 0; i < idle->len; i++)
    {
      SlHttpConn *conn = g_ptr_array_index (idle, i);

      /* Translators: %u is a number of milliseconds */
      sl_event_log_add_message (shared->log, SL_EVENT_CLOSED, conn->id, conn->peer,
                                _("Closed a connection that was idle for more than %u ms"),
                                (guint) (limit / 1000));
      conn_close (conn);
    }

  return G_SOURCE_CONTINUE;
}

static void
conn_new (SlHttpShared *shared,
          int           fd,
          struct sockaddr *peer,
          socklen_t     peer_len)
{
  g_autoptr(GSocketAddress) peer_address = g_socket_address_new_from_native (peer, peer_len);
  SlHttpConn *conn = g_new0 (SlHttpConn, 1);
  struct epoll_event event;
  int one = 1;

  /* Every response goes out in as few sends as it can (headers and small
   * files in one, MSG_MORE before sendfile()), so Nagle's algorithm would
   * only hold back the last part of a large file until an ACK comes */
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  conn->shared = shared;
  conn->id = ++last_conn_id;
  conn->fd = fd;
  conn->file_fd = -1;
  conn->peer = peer_address != NULL ? sl_format_socket_address (peer_address) : g_strdup ("?");
  conn->request = sl_http_request_new ();
  conn->pending_in = g_byte_array_new ();
  conn->last_activity = g_get_monotonic_time ();
  conn->events = EPOLLIN;

  event.events = EPOLLIN;
  event.data.u64 = conn->id;
  if (epoll_ctl (shared->epfd, EPOLL_CTL_ADD, fd, &event) != 0)
    {
      close (fd);
      conn->fd = -1;
      conn_free (conn);
      return;
    }
  g_hash_table_insert (shared->conns, &conn->id, conn);
}

static gboolean
accept_cb (GSocket     *socket,
           GIOCondition condition,
           gpointer     data)
{
  SlHttpShared *shared = data;
  guint i;

  for (i = 0; i < ACCEPTS_PER_DISPATCH; i++)
    {
      struct sockaddr_storage peer;
      socklen_t peer_len = sizeof peer;
      int fd = accept4 (g_socket_get_fd (socket), (struct sockaddr *) &peer, &peer_len,
                        SOCK_NONBLOCK | SOCK_CLOEXEC);

      if (fd >= 0)
        {
          conn_new (shared, fd, (struct sockaddr *) &peer, peer_len);
          continue;
        }
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK)
        {
          /* Out of descriptors: the idle timer frees some. Said once a
           * second, not once per try. */
          gint64 now = g_get_monotonic_time ();

          if (now - shared->accept_error_logged >= G_USEC_PER_SEC)
            {
              shared->accept_error_logged = now;
              sl_event_log_add_message (shared->log, SL_EVENT_ERROR, 0, NULL,
                                        _("The HTTP server on %s cannot accept more connections right now (%s)."),
                                        shared->local, g_strerror (errno));
            }
          g_usleep (1000);
        }
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* Start and stop ----------------------------------------------------------------- */

static gboolean
open_root (SlHttpStart *start,
           GError     **error)
{
  g_autofree char *dir = start->root != NULL ? g_strdup (start->root) : sl_http_server_dup_sample_site_dir ();
  g_autofree char *canonical = realpath (dir, NULL);

  if (canonical == NULL || !g_file_test (canonical, G_FILE_TEST_IS_DIR))
    {
      /* Translators: %s is a folder */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The folder “%s” to serve does not exist; choose another one"), dir);
      return FALSE;
    }

  g_free (start->root);
  start->root = g_steal_pointer (&canonical);
  return TRUE;
}

static GSocket *
open_listener (SlHttpStart *start,
               GError     **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (start->address);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) cause = NULL;

  if (inet == NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                   /* Translators: %s is what the user typed as an address */
                   _("“%s” is not an IP address; type one such as 127.0.0.1 or ::1, or choose one from the list"),
                   start->address);
      return NULL;
    }
  address = g_inet_socket_address_new (inet, start->port);

  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &cause);
  if (socket != NULL)
    {
      if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
        g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, 0, NULL);
      g_socket_set_blocking (socket, FALSE);
      g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
      /* A web server is restarted often: TIME_WAIT must not block it */
      if (g_socket_bind (socket, address, TRUE, &cause) && g_socket_listen (socket, &cause))
        return g_steal_pointer (&socket);
    }

  *error = sl_error_for_bind (cause, start->address, start->port);
  return NULL;
}

gboolean
sl_http_net_start (gpointer data)
{
  SlHttpStart *start = data;
  SlHttpShared *shared = start->shared;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocket) socket = NULL;
  guint16 port = start->port;

  if (shared->socket != NULL)
    {
      g_set_error_literal (&start->error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                           _("The HTTP server is already running; stop it first"));
      goto done;
    }
  if (!open_root (start, &start->error))
    goto done;
  socket = open_listener (start, &start->error);
  if (socket == NULL)
    goto done;

  shared->epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (shared->epfd < 0)
    {
      int errsv = errno;

      g_set_error (&start->error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot watch connections: %s"), g_strerror (errsv));
      goto done;
    }

  local = g_socket_get_local_address (socket, NULL);
  if (G_IS_INET_SOCKET_ADDRESS (local))
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));

  shared->socket = g_steal_pointer (&socket);
  shared->port = port;
  g_free (shared->root);
  shared->root = g_strdup (start->root);
  sl_http_root_open (shared);
  g_free (shared->local);
  shared->local = sl_format_host_port (start->address, port);
  shared->sample_site = start->root == NULL;

  shared->accept_source = g_socket_create_source (shared->socket, G_IO_IN, NULL);
  g_source_set_callback (shared->accept_source, G_SOURCE_FUNC (accept_cb), shared, NULL);
  g_source_set_static_name (shared->accept_source, "[sl-http-server] listener");
  g_source_attach (shared->accept_source, sl_net_thread_get_context ());

  shared->conns_source = g_source_new (&conns_source_funcs, sizeof (ConnsSource));
  ((ConnsSource *) shared->conns_source)->shared = shared;
  g_source_set_static_name (shared->conns_source, "[sl-http-server] connections");
  g_source_add_unix_fd (shared->conns_source, shared->epfd, G_IO_IN);
  g_source_attach (shared->conns_source, sl_net_thread_get_context ());

  shared->idle_source = g_timeout_source_new (IDLE_TICK_MS);
  g_source_set_callback (shared->idle_source, idle_tick_cb, shared, NULL);
  g_source_set_static_name (shared->idle_source, "[sl-http-server] idle");
  g_source_attach (shared->idle_source, sl_net_thread_get_context ());

  /* In the capture's "this session" filter while listening */
  sl_port_registry_add (sl_port_registry_get_default (), SL_PORT_TCP, port);

  /* Translators: %s is an address and port, then a folder */
  sl_event_log_add_message (shared->log, SL_EVENT_LISTENING, 0, NULL,
                            _("HTTP server listening on %s, serving %s"), shared->local, shared->root);
  start->bound_port = port;
  start->bound_address = g_strdup (start->address);

done:
  g_main_context_invoke_full (shared->main_context, G_PRIORITY_DEFAULT,
                              sl_http_server_start_done, start, sl_http_start_free);
  return G_SOURCE_REMOVE;
}

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

gboolean
sl_http_net_stop (gpointer data)
{
  SlHttpShared *shared = data;

  g_hash_table_remove_all (shared->conns);
  destroy_source (&shared->accept_source);
  destroy_source (&shared->conns_source);
  destroy_source (&shared->idle_source);
  if (shared->epfd >= 0)
    {
      close (shared->epfd);
      shared->epfd = -1;
    }
  sl_http_root_close (shared);
  if (shared->socket != NULL)
    {
      g_socket_close (shared->socket, NULL);
      g_clear_object (&shared->socket);
      sl_port_registry_remove (sl_port_registry_get_default (), SL_PORT_TCP, shared->port);
      /* Translators: %s is an address and port */
      sl_event_log_add_message (shared->log, SL_EVENT_STOPPED, 0, NULL,
                                _("HTTP server stopped listening on %s"), shared->local);
    }

  return G_SOURCE_REMOVE;
}

SlHttpShared *
sl_http_shared_new (SlEventLog *log)
{
  SlHttpShared *shared = g_new0 (SlHttpShared, 1);

  shared->ref_count = 1;
  shared->main_context = g_main_context_ref_thread_default ();
  shared->log = g_object_ref (log);
  shared->idle_timeout_ms = SL_HTTP_SERVER_DEFAULT_IDLE_TIMEOUT_MS;
  shared->epfd = -1;
  shared->root_fd = -1;
  shared->conns = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, conn_free);
  shared->mime_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  shared->buffer = g_malloc (SL_HTTP_BUFFER_SIZE);

  return shared;
}
