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
 * logged once its response is sent. */

#include "config.h"

#define G_LOG_DOMAIN "sl-http-server"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <netinet/in.h>
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
  guint32 events;
  gint64 last_activity;
  gint64 request_start;
  /* For the log, once sent */
  GBytes *log_raw;
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
  g_clear_pointer (&conn->log_raw, g_bytes_unref);
  g_free (conn->log_headers);
  g_free (conn->log_method);
  g_free (conn->log_target);
  g_free (conn);
}

static void
conn_close (SlHttpConn *conn)
{
  /* FIN first; unread bytes at close() would make it a reset */
  shutdown (conn->fd, SHUT_WR);
  while (recv (conn->fd, conn->shared->buffer, SL_HTTP_BUFFER_SIZE, MSG_DONTWAIT) > 0)
    ;
  g_hash_table_remove (conn->shared->conns, &conn->id);
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

static void
conn_log_request (SlHttpConn *conn)
{
  SlHttpShared *shared = conn->shared;
  g_autofree char *bytes = sl_format_count (conn->log_bytes);
  g_autofree char *message = NULL;
  double ms = (g_get_monotonic_time () - conn->request_start) / 1000.0;
  SlEvent *event;
  gsize len;
  const guint8 *raw = g_bytes_get_data (conn->log_raw, &len);

  /* Translators: a request in the log, e.g. "GET /index.html → 200 OK,
   * 1,234 bytes, 0.4 ms": method, path, status code, reason phrase,
   * body bytes sent, duration */
  message = g_strdup_printf (_("%s %s → %u %s, %s bytes, %.1f ms"),
                             conn->log_method, conn->log_target, conn->log_status,
                             sl_http_reason_phrase (conn->log_status), bytes, ms);
  event = sl_event_new (SL_EVENT_RECEIVED, conn->id);
  sl_event_set_peer (event, conn->peer);
  sl_event_set_local (event, shared->local);
  sl_event_set_message (event, message);
  sl_event_set_data (event, raw, len);
  sl_event_log_append (shared->log, event);

  g_clear_pointer (&message, g_free);
  message = g_strdup_printf (_("Response headers for %s %s"), conn->log_method, conn->log_target);
  event = sl_event_new (SL_EVENT_SENT, conn->id);
  sl_event_set_peer (event, conn->peer);
  sl_event_set_local (event, shared->local);
  sl_event_set_message (event, message);
  sl_event_set_data (event, (const guint8 *) conn->log_headers, strlen (conn->log_headers));
  sl_event_log_append (shared->log, event);

  g_clear_pointer (&conn->log_raw, g_bytes_unref);
  g_clear_pointer (&conn->log_headers, g_free);
  g_clear_pointer (&conn->log_method, g_free);
  g_clear_pointer (&conn->log_target, g_free);
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

static void
append_date (GString *headers)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* Not strftime: %a and %b follow the locale, HTTP wants English */
  g_string_append_printf (headers, "Date: %s, %02d %s %d %02d:%02d:%02d GMT\r\n",
                          days[g_date_time_get_day_of_week (now) - 1],
                          g_date_time_get_day_of_month (now),
                          months[g_date_time_get_month (now) - 1],
                          g_date_time_get_year (now),
                          g_date_time_get_hour (now),
                          g_date_time_get_minute (now),
                          g_date_time_get_second (now));
}

/* Queues the answer to the request just parsed (or refused). FALSE: the
 * connection is gone. */
static gboolean
conn_respond (SlHttpConn        *conn,
              SlHttpParseResult  result)
{
  SlHttpShared *shared = conn->shared;
  SlHttpResponse response = { .fd = -1 };
  g_autoptr(GString) headers = g_string_new (NULL);
  const guint8 *raw;
  gsize raw_len;
  gboolean head = FALSE;

  raw = sl_http_request_get_raw (conn->request, &raw_len);
  conn->log_raw = g_bytes_new (raw, raw_len);

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

  g_string_append_printf (headers, "HTTP/1.1 %u %s\r\n", response.status, response.reason);
  append_date (headers);
  g_string_append (headers, "Server: SocketLab\r\n");
  if (response.content_type != NULL)
    g_string_append_printf (headers, "Content-Type: %s\r\n", response.content_type);
  g_string_append_printf (headers, "Content-Length: %" G_GINT64_FORMAT "\r\n", (gint64) response.size);
  if (response.content_language != NULL)
    g_string_append_printf (headers, "Content-Language: %s\r\n", response.content_language);
  if (response.vary_language)
    g_string_append (headers, "Vary: Accept-Language\r\n");
  if (response.allow != NULL)
    g_string_append_printf (headers, "Allow: %s\r\n", response.allow);
  if (response.location != NULL)
    g_string_append_printf (headers, "Location: %s\r\n", response.location);
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
    if (now - ((SlHttpConn *) value)->last_activity > limit)
      g_ptr_array_add (idle, value);

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
          /* Out of descriptors: the idle timer frees some; try on its tick */
          sl_event_log_add_message (shared->log, SL_EVENT_ERROR, 0, NULL,
                                    _("The HTTP server on %s cannot accept more connections right now (%s)."),
                                    shared->local, g_strerror (errno));
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
  shared->conns = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, conn_free);
  shared->mime_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  shared->buffer = g_malloc (SL_HTTP_BUFFER_SIZE);

  return shared;
}
