/* sl-http-server.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sl-event-log.h"

G_BEGIN_DECLS

#define SL_HTTP_SERVER_DEFAULT_IDLE_TIMEOUT_MS 15000

/* One request and its answer, attached with sl_event_set_detail() to the
 * SL_EVENT_RECEIVED event of each request (whose data are the request head
 * exactly as received). Read-only. */
typedef struct
{
  char *method;            /* as sent, e.g. "GET"; "" when unparsable */
  char *target;            /* the request target as sent, e.g. "/index.html" */
  guint status;            /* 200, 404, … */
  const char *reason;      /* "OK", "Not Found", … (static) */
  guint64 body_bytes;      /* body bytes sent (0 for HEAD) */
  gint64 duration_us;      /* first byte received → last byte queued */
  char *response_headers;  /* status line and headers, exactly as sent */
} SlHttpExchange;

void sl_http_exchange_free (SlHttpExchange *exchange);

#define SL_TYPE_HTTP_SERVER (sl_http_server_get_type ())
G_DECLARE_FINAL_TYPE (SlHttpServer, sl_http_server, SL, HTTP_SERVER, GObject)

/* Create on the main thread. Reports to @log (NULL: a log of its own):
 * per request, one SL_EVENT_RECEIVED whose message is "GET /index.html →
 * 200 OK, 1,234 bytes, 0.3 ms" and whose data are the request head exactly
 * as received, then one SL_EVENT_SENT whose data are the response headers
 * sent. Both carry the connection id and the client's address. */
SlHttpServer *sl_http_server_new                   (SlEventLog    *log);
SlEventLog   *sl_http_server_get_log               (SlHttpServer  *self);

/* Properties "directory-listing" (default FALSE) and "idle-timeout" (ms,
 * default 15 s); both apply at once, also while running. */
void          sl_http_server_set_directory_listing (SlHttpServer  *self,
                                                    gboolean       listing);
gboolean      sl_http_server_get_directory_listing (SlHttpServer  *self);
void          sl_http_server_set_idle_timeout      (SlHttpServer  *self,
                                                    guint          timeout_ms);
guint         sl_http_server_get_idle_timeout      (SlHttpServer  *self);

/* Listens on @address ("127.0.0.1", "::", …) and @port (0: the system
 * chooses) and serves @root, or the built-in sample site when @root is
 * NULL. Fails with SL_ERROR (bind) or G_IO_ERROR_NOT_FOUND (root). One
 * listener per server: stop before starting again. */
void          sl_http_server_start_async           (SlHttpServer       *self,
                                                    const char         *address,
                                                    guint16             port,
                                                    const char         *root,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
gboolean      sl_http_server_start_finish          (SlHttpServer       *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);
/* Closes the listener and every connection. */
void          sl_http_server_stop                  (SlHttpServer  *self);

/* While running (property "running") */
gboolean      sl_http_server_get_running           (SlHttpServer  *self);
const char   *sl_http_server_get_address           (SlHttpServer  *self);
guint16       sl_http_server_get_port              (SlHttpServer  *self); /* the real one, also for port 0 */
const char   *sl_http_server_get_root              (SlHttpServer  *self); /* canonical */

/* $SOCKET_LAB_SAMPLE_SITE, else PKGDATADIR/sample-site */
char         *sl_http_server_dup_sample_site_dir   (void);

G_END_DECLS
