/* sl-http-request.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An incremental, pure parser for one HTTP/1.0 or HTTP/1.1 request head
 * (request line and headers; GET and HEAD have no body), and the mapper
 * from a request target to a safe relative path. No I/O, no GObject: the
 * bytes come from the network and are untrusted; this file is fuzzed. */

#define SL_HTTP_MAX_REQUEST_LINE (8 * 1024)   /* longer: 414 */
#define SL_HTTP_MAX_HEADERS      (16 * 1024)  /* longer: 431 */

typedef enum
{
  SL_HTTP_PARSE_NEED_MORE,
  SL_HTTP_PARSE_DONE,       /* the head is complete; the getters answer */
  SL_HTTP_PARSE_ERROR,      /* sl_http_request_get_error_status() says which */
} SlHttpParseResult;

typedef enum
{
  SL_HTTP_VERSION_1_0,
  SL_HTTP_VERSION_1_1,
} SlHttpVersion;

typedef struct _SlHttpRequest SlHttpRequest;

SlHttpRequest     *sl_http_request_new              (void);
void               sl_http_request_free             (SlHttpRequest *self);
/* Forgets the request, ready for the next one on the same connection */
void               sl_http_request_reset            (SlHttpRequest *self);
/* Feeds up to @len bytes; *@consumed says how many were taken (with DONE,
 * the rest belongs to the next request). Feeding after DONE or ERROR
 * consumes nothing. */
SlHttpParseResult  sl_http_request_feed             (SlHttpRequest *self,
                                                     const guint8  *data,
                                                     gsize          len,
                                                     gsize         *consumed);
/* 400, 414, 431 or 505 after ERROR; 0 otherwise */
guint              sl_http_request_get_error_status (SlHttpRequest *self);
/* The bytes of the head received so far, exactly as sent */
const guint8      *sl_http_request_get_raw          (SlHttpRequest *self,
                                                     gsize         *len);
/* After DONE */
const char        *sl_http_request_get_method       (SlHttpRequest *self);
const char        *sl_http_request_get_target       (SlHttpRequest *self);
SlHttpVersion      sl_http_request_get_version      (SlHttpRequest *self);
const char        *sl_http_request_get_version_string (SlHttpRequest *self);
/* Case-insensitive; a repeated header gives its values joined by ", " */
const char        *sl_http_request_get_header       (SlHttpRequest *self,
                                                     const char    *name);
guint              sl_http_request_get_n_headers    (SlHttpRequest *self);
gboolean           sl_http_request_get_keep_alive   (SlHttpRequest *self);
/* TRUE when the request announces a body (Content-Length > 0 or
 * Transfer-Encoding), which this server does not read */
gboolean           sl_http_request_has_body         (SlHttpRequest *self);

/* Whether @header_value (e.g. of Connection) lists @token, case-insensitive */
gboolean           sl_http_header_has_token         (const char    *header_value,
                                                     const char    *token);

typedef enum
{
  SL_HTTP_PATH_ERROR_BAD_REQUEST, /* not a path: answer 400 */
  SL_HTTP_PATH_ERROR_FORBIDDEN,   /* traversal, NUL, dot-file: answer 403 */
} SlHttpPathError;

#define SL_HTTP_PATH_ERROR (sl_http_path_error_quark ())
GQuark             sl_http_path_error_quark         (void);

/* "/docs/a%20b.html?x=1" → "docs/a b.html"; "/" → "". The result never
 * has an empty, "." or ".." segment, a segment starting with ".", a
 * backslash, a NUL or another control byte; '/' only separates segments. */
char              *sl_http_map_path                 (const char    *target,
                                                     GError       **error);

G_END_DECLS
