/* fuzz-http-request.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "fuzz-http-request"

#include <string.h>

#include "sl-http-request.h"

/* Every byte of a request comes from whoever connects. The parser must
 * never crash, must give the same answer whether the bytes come at once or
 * one at a time, and what the path mapper returns must never leave the
 * root: no "." or ".." segment, no dot-file, no backslash, no control
 * byte, no leading or doubled '/'. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_path (const char *target)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sl_http_map_path (target, &error);
  g_auto(GStrv) segments = NULL;
  guint i;

  g_assert ((path == NULL) == (error != NULL));
  if (path == NULL)
    return;

  g_assert (path[0] != '/');
  for (i = 0; path[i] != '\0'; i++)
    g_assert ((guchar) path[i] >= 0x20 && path[i] != 0x7f && path[i] != '\\');
  if (path[0] == '\0')
    return;

  segments = g_strsplit (path, "/", -1);
  for (i = 0; segments[i] != NULL; i++)
    g_assert (segments[i][0] != '\0' && segments[i][0] != '.');
}

static SlHttpParseResult
feed_all (SlHttpRequest *request,
          const guint8  *data,
          gsize          size,
          gsize          step,
          gsize         *total)
{
  SlHttpParseResult result = SL_HTTP_PARSE_NEED_MORE;
  gsize pos = 0;

  while (pos < size && result == SL_HTTP_PARSE_NEED_MORE)
    {
      gsize consumed;

      result = sl_http_request_feed (request, data + pos, MIN (step, size - pos), &consumed);
      g_assert (consumed <= MIN (step, size - pos));
      pos += consumed;
    }
  *total = pos;

  return result;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  SlHttpRequest *whole = sl_http_request_new ();
  SlHttpRequest *bytewise = sl_http_request_new ();
  g_autofree char *text = g_strndup ((const char *) data, size);
  SlHttpParseResult a, b;
  gsize used_a, used_b;

  a = feed_all (whole, data, size, G_MAXSIZE, &used_a);
  b = feed_all (bytewise, data, size, 1, &used_b);
  g_assert (a == b);
  g_assert (sl_http_request_get_error_status (whole) == sl_http_request_get_error_status (bytewise));

  if (a == SL_HTTP_PARSE_DONE)
    {
      const char *target = sl_http_request_get_target (whole);

      g_assert (used_a == used_b);
      g_assert_cmpstr (sl_http_request_get_method (whole), ==, sl_http_request_get_method (bytewise));
      g_assert_cmpstr (target, ==, sl_http_request_get_target (bytewise));
      g_assert (sl_http_request_get_keep_alive (whole) == sl_http_request_get_keep_alive (bytewise));
      g_assert (sl_http_request_get_n_headers (whole) == sl_http_request_get_n_headers (bytewise));
      sl_http_request_get_header (whole, "Accept-Language");
      check_path (target);
    }
  else if (a == SL_HTTP_PARSE_ERROR)
    {
      guint status = sl_http_request_get_error_status (whole);

      g_assert (status == 400 || status == 414 || status == 431 || status == 505);
    }

  /* The input as a target on its own */
  check_path (text);

  sl_http_request_reset (whole);
  g_assert (sl_http_request_feed (whole, data, 0, NULL) == SL_HTTP_PARSE_NEED_MORE);

  sl_http_request_free (whole);
  sl_http_request_free (bytewise);

  return 0;
}
