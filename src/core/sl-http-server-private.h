/* sl-http-server-private.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-http-server.h"

G_BEGIN_DECLS

/* The parts of SlHttpServer: sl-http-server.c is the main-thread half,
 * sl-http-server-net.c the listener and connections on the network thread,
 * sl-http-server-files.c what a request maps to in the document root
 * (files, index pages, listings, error pages: blocking file-system calls,
 * made on the network thread). */

#define SL_HTTP_BUFFER_SIZE     (64 * 1024)
/* Files up to this size go out in the same send() as their headers */
#define SL_HTTP_INLINE_FILE_MAX (64 * 1024)

typedef struct _SlHttpShared SlHttpShared;

struct _SlHttpShared
{
  gint ref_count;

  /* Immutable */
  GMainContext *main_context;
  SlEventLog *log;

  /* Any thread */
  gint directory_listing;       /* atomic */
  gint idle_timeout_ms;         /* atomic */

  /* Network thread only */
  GSocket *socket;
  GSource *accept_source;
  GSource *conns_source;
  GSource *idle_source;
  int epfd;
  GHashTable *conns;            /* guint64 id → SlHttpConn */
  guint8 *buffer;               /* one read buffer for every connection */
  char *local;                  /* "127.0.0.1:8080" */
  guint16 port;
  char *root;                   /* canonical, no trailing '/' */
  int root_fd;                  /* O_PATH of root, for sl_http_resolve()'s fast path; -1: none */
  guint64 root_dev, root_ino;   /* of root_fd */
  gint64 root_checked;          /* monotonic second root_fd was last checked against root */
  gboolean sample_site;
  gint64 accept_error_logged;   /* monotonic time the last accept() failure was logged */
  GHashTable *mime_types;       /* extension → "text/html; charset=utf-8" */
};

/* What a request maps to */
typedef struct
{
  guint status;
  const char *reason;
  char *content_type;           /* NULL: no body */
  char *content_language;
  const char *allow;
  char *location;               /* for 301 */
  int fd;                       /* the file, or -1 */
  goffset size;                 /* of the file or of body */
  GBytes *body;                 /* a generated page, or NULL */
  gboolean vary_language;
} SlHttpResponse;

SlHttpShared *sl_http_shared_new        (SlEventLog   *log);
SlHttpShared *sl_http_shared_ref        (SlHttpShared *shared);
void          sl_http_shared_unref      (gpointer      shared);

/* Network thread */
gboolean      sl_http_net_start         (gpointer      start);
gboolean      sl_http_net_stop          (gpointer      shared);

void          sl_http_response_clear    (SlHttpResponse *response);
const char   *sl_http_reason_phrase     (guint           status);
void          sl_http_response_error    (SlHttpResponse *response,
                                         guint           status,
                                         const char     *detail);
/* The root's descriptor: opened by sl_http_net_start(), closed by stop */
void          sl_http_root_open         (SlHttpShared   *shared);
void          sl_http_root_close        (SlHttpShared   *shared);
void          sl_http_resolve           (SlHttpShared   *shared,
                                         const char     *method,
                                         const char     *target,
                                         const char     *accept_language,
                                         SlHttpResponse *response);

typedef struct
{
  SlHttpShared *shared;
  GTask *task;
  char *address;
  guint16 port;
  char *root;                   /* NULL: sample site; then the canonical root */
  guint generation;
  GError *error;                /* the result, back on the main thread */
  guint16 bound_port;
  char *bound_address;
} SlHttpStart;

/* Main thread: the network half's answer to a start */
gboolean      sl_http_server_start_done (gpointer      start);

void          sl_http_start_free        (gpointer      start);

G_END_DECLS
