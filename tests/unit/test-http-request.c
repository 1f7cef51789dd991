/* test-http-request.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "test-http-request"

#include <string.h>

#include "sl-http-request.h"

static SlHttpParseResult
parse (SlHttpRequest *request,
       const char    *text,
       gsize         *consumed)
{
  return sl_http_request_feed (request, (const guint8 *) text, strlen (text), consumed);
}

static void
test_get (void)
{
  SlHttpRequest *request = sl_http_request_new ();
  const char *text = "GET /index.html?x=1 HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/7.88\r\nAccept: */*\r\n\r\n";
  const guint8 *raw;
  gsize consumed, len;

  g_assert_cmpint (parse (request, text, &consumed), ==, SL_HTTP_PARSE_DONE);
  g_assert_cmpuint (consumed, ==, strlen (text));
  g_assert_cmpstr (sl_http_request_get_method (request), ==, "GET");
  g_assert_cmpstr (sl_http_request_get_target (request), ==, "/index.html?x=1");
  g_assert_cmpint (sl_http_request_get_version (request), ==, SL_HTTP_VERSION_1_1);
  g_assert_cmpstr (sl_http_request_get_version_string (request), ==, "HTTP/1.1");
  g_assert_cmpstr (sl_http_request_get_header (request, "host"), ==, "localhost:8080");
  g_assert_cmpstr (sl_http_request_get_header (request, "USER-AGENT"), ==, "curl/7.88");
  g_assert_null (sl_http_request_get_header (request, "Cookie"));
  g_assert_cmpuint (sl_http_request_get_n_headers (request), ==, 3);
  g_assert_true (sl_http_request_get_keep_alive (request));
  g_assert_false (sl_http_request_has_body (request));
  raw = sl_http_request_get_raw (request, &len);
  g_assert_cmpmem (raw, len, text, strlen (text));

  /* Reset, then a HEAD with bare LF, and a pipelined request after it */
  sl_http_request_reset (request);
  text = "HEAD / HTTP/1.1\nHost: x\n\nGET /next HTTP/1.1\r\n\r\n";
  g_assert_cmpint (parse (request, text, &consumed), ==, SL_HTTP_PARSE_DONE);
  g_assert_cmpuint (consumed, ==, strlen ("HEAD / HTTP/1.1\nHost: x\n\n"));
  g_assert_cmpstr (sl_http_request_get_method (request), ==, "HEAD");
  g_assert_cmpint (parse (request, "more", &consumed), ==, SL_HTTP_PARSE_DONE);
  g_assert_cmpuint (consumed, ==, 0);

  sl_http_request_free (request);
}

static void
test_keep_alive (void)
{
  const struct { const char *text; gboolean keep; } vectors[] = {
    { "GET / HTTP/1.1\r\n\r\n", TRUE },
    { "GET / HTTP/1.1\r\nConnection: close\r\n\r\n", FALSE },
    { "GET / HTTP/1.1\r\nconnection: Keep-Alive, CLOSE\r\n\r\n", FALSE },
    { "GET / HTTP/1.0\r\n\r\n", FALSE },
    { "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", TRUE },
    { "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", TRUE },
    { "GET / HTTP/1.0\r\nConnection: upgrade\r\n\r\n", FALSE },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      SlHttpRequest *request = sl_http_request_new ();

      g_assert_cmpint (parse (request, vectors[i].text, NULL), ==, SL_HTTP_PARSE_DONE);
      g_assert_cmpint (sl_http_request_get_keep_alive (request), ==, vectors[i].keep);
      sl_http_request_free (request);
    }
}

static void
test_bytewise (void)
{
  SlHttpRequest *request = sl_http_request_new ();
  const char *text = "\r\nGET /slow HTTP/1.0\r\nHost: telnet\r\nX-Repeat: a\r\nx-repeat: b\r\n\r\n";
  gsize i, consumed;

  for (i = 0; text[i + 1] != '\0'; i++)
    {
      g_assert_cmpint (sl_http_request_feed (request, (const guint8 *) text + i, 1, &consumed), ==,
                       SL_HTTP_PARSE_NEED_MORE);
      g_assert_cmpuint (consumed, ==, 1);
    }
  g_assert_cmpint (sl_http_request_feed (request, (const guint8 *) text + i, 1, &consumed), ==,
                   SL_HTTP_PARSE_DONE);
  g_assert_cmpstr (sl_http_request_get_target (request), ==, "/slow");
  g_assert_cmpint (sl_http_request_get_version (request), ==, SL_HTTP_VERSION_1_0);
  g_assert_cmpstr (sl_http_request_get_header (request, "X-Repeat"), ==, "a, b");
  g_assert_false (sl_http_request_get_keep_alive (request));

  sl_http_request_free (request);
}

static guint
error_status (const char *text,
              gsize       len)
{
  SlHttpRequest *request = sl_http_request_new ();
  SlHttpParseResult result = sl_http_request_feed (request, (const guint8 *) text, len, NULL);
  guint status = result == SL_HTTP_PARSE_ERROR ? sl_http_request_get_error_status (request) : 0;

  sl_http_request_free (request);
  return status;
}

static void
test_errors (void)
{
  const struct { const char *text; guint status; } vectors[] = {
    { "GET /\r\n\r\n", 400 },
    { "GET  / HTTP/1.1\r\n\r\n", 400 },
    { "G(T / HTTP/1.1\r\n\r\n", 400 },
    { "GET / HTTP/1.1 \r\n\r\n", 400 },
    { "GET / http/1.1\r\n\r\n", 400 },
    { "GET / HTTP/1.1\r\nNo colon\r\n\r\n", 400 },
    { "GET / HTTP/1.1\r\nName : v\r\n\r\n", 400 },
    { "GET / HTTP/1.1\r\n Folded: v\r\n\r\n", 400 },
    { "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", 400 },
    { "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400 },
    { "GET / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400 },
    { "GET / HTTP/2.0\r\n\r\n", 505 },
    { "GET / HTTP/0.9\r\n\r\n", 505 },
    { "GET / HTTP/1.2\r\n\r\n", 505 },
  };
  g_autoptr(GString) line = g_string_new ("GET /");
  g_autoptr(GString) headers = g_string_new ("GET / HTTP/1.1\r\n");
  guint i;

  for (i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_test_message ("vector %u", i);
      g_assert_cmpuint (error_status (vectors[i].text, strlen (vectors[i].text)), ==, vectors[i].status);
    }

  /* A TLS ClientHello (https:// to this server): refused before any LF */
  g_assert_cmpuint (error_status ("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11), ==, 400);

  /* NUL in the request line or a header */
  g_assert_cmpuint (error_status ("GET /a\0b HTTP/1.1\r\n\r\n", 21), ==, 400);
  g_assert_cmpuint (error_status ("GET / HTTP/1.1\r\nX: \0\r\n\r\n", 24), ==, 400);

  /* 414 as soon as the line is too long, even before it ends */
  while (line->len <= SL_HTTP_MAX_REQUEST_LINE)
    g_string_append_c (line, 'a');
  g_assert_cmpuint (error_status (line->str, line->len), ==, 414);
  g_string_append (line, " HTTP/1.1\r\n\r\n");
  g_assert_cmpuint (error_status (line->str, line->len), ==, 414);

  /* 431 for more than 16 KiB of headers; just under is fine */
  while (headers->len <= SL_HTTP_MAX_HEADERS + strlen ("GET / HTTP/1.1\r\n"))
    g_string_append (headers, "X-Filler: 0123456789abcdef0123456789abcdef0123456789abcdef\r\n");
  g_assert_cmpuint (error_status (headers->str, headers->len), ==, 431);
  g_string_append (headers, "\r\n");
  g_assert_cmpuint (error_status (headers->str, headers->len), ==, 431);
  g_assert_cmpuint (error_status ("GET / HTTP/1.1\r\nX: 1\r\n\r\n", 24), ==, 0);
}

static void
test_header_token (void)
{
  g_assert_true (sl_http_header_has_token ("keep-alive, Upgrade", "upgrade"));
  g_assert_true (sl_http_header_has_token (" close ", "close"));
  g_assert_false (sl_http_header_has_token ("closed", "close"));
  g_assert_false (sl_http_header_has_token (NULL, "close"));
  g_assert_false (sl_http_header_has_token ("", "close"));
}

static void
test_map_path (void)
{
  const struct { const char *target; const char *path; } good[] = {
    { "/", "" },
    { "/index.html", "index.html" },
    { "/docs/a%20b.html?x=../..#frag", "docs/a b.html" },
    { "//a///b/", "a/b" },
    { "/%252e%252e/", "%2e%2e" },       /* decoded once: a literal name */
    { "/%E6%97%A5%E6%9C%AC.html", "日本.html" },
    { "/a..b/c.d", "a..b/c.d" },
  };
  const struct { const char *target; SlHttpPathError code; } bad[] = {
    { "/../etc/passwd", SL_HTTP_PATH_ERROR_FORBIDDEN },
    { "/%2e%2e/", SL_HTTP_PATH_ERROR_FORBIDDEN },
    { "/%2E%2e/etc/passwd", SL_HTTP_PATH_ERROR_FORBIDDEN },
    { "/.%2e/", SL_HTTP_PATH_ERROR_FORBIDDEN },
    { "/..%2f", SL_HTTP_PATH_ERROR_FORBIDDEN },
    { "/a%2fb", SL_HTTP_PATH_ERROR_FORBIDDEN },
    { "\\..\\", SL_HTTP_PATH_ERROR_BAD_REQUEST },
    { "/\\..\\windows", SL_HTTP_PATH_ERROR_FORBIDDEN },
    { "/%5c..%5cetc", SL_HTTP_PATH_ERROR_FORBIDDEN },
    { "/.hidden", SL_HTTP_PATH_ERROR_FORBIDDEN },
    { "/a/.git/config", SL_HTTP_PATH_ERROR_FORBIDDEN },
    { "/%2ehtaccess", SL_HTTP_PATH_ERROR_FORBIDDEN },
    { "/a/../../b", SL_HTTP_PATH_ERROR_FORBIDDEN },
    { "/a/./b", SL_HTTP_PATH_ERROR_FORBIDDEN },
    { "/a%00.html", SL_HTTP_PATH_ERROR_FORBIDDEN },
    { "/a%0a", SL_HTTP_PATH_ERROR_FORBIDDEN },
    { "/a%2", SL_HTTP_PATH_ERROR_BAD_REQUEST },
    { "/a%zz", SL_HTTP_PATH_ERROR_BAD_REQUEST },
    { "http://example.com/", SL_HTTP_PATH_ERROR_BAD_REQUEST },
    { "*", SL_HTTP_PATH_ERROR_BAD_REQUEST },
    { "", SL_HTTP_PATH_ERROR_BAD_REQUEST },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = sl_http_map_path (good[i].target, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (path, ==, good[i].path);
    }

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = sl_http_map_path (bad[i].target, &error);

      if (path != NULL)
        g_error ("“%s” mapped to “%s”", bad[i].target, path);
      g_assert_error (error, SL_HTTP_PATH_ERROR, (gint) bad[i].code);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/http-request/get", test_get);
  g_test_add_func ("/http-request/keep-alive", test_keep_alive);
  g_test_add_func ("/http-request/bytewise", test_bytewise);
  g_test_add_func ("/http-request/errors", test_errors);
  g_test_add_func ("/http-request/header-token", test_header_token);
  g_test_add_func ("/http-request/map-path", test_map_path);

  return g_test_run ();
}
