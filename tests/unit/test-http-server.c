/* test-http-server.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "test-http-server"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "sl-http-server.h"
#include "tcp-server-test-utils.h"

#define BIG_SIZE (300 * 1024)

typedef struct
{
  SlEventLog *log;
  SlHttpServer *server;
  char *root;
  guint16 port;
} HttpFixture;

typedef struct
{
  guint status;
  char *head;                   /* status line and headers */
  GBytes *body;
} Response;

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->head, g_free);
  g_clear_pointer (&response->body, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

static void
write_file (const char *root,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autofree char *path = g_build_filename (root, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

static gboolean
start_done (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
on_start (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static guint16
start_server (SlHttpServer *server,
              const char   *root)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  sl_http_server_start_async (server, "127.0.0.1", 0, root, NULL, on_start, &result);
  g_assert_true (sl_test_spin_until (start_done, &result, TIMEOUT_MS));
  g_assert_true (sl_http_server_start_finish (server, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
  g_assert_true (sl_http_server_get_running (server));
  g_assert_cmpuint (sl_http_server_get_port (server), !=, 0);

  return sl_http_server_get_port (server);
}

static void
http_fixture_setup (HttpFixture      *fixture,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *big = g_malloc (BIG_SIZE);
  guint i;

  fixture->root = g_dir_make_tmp ("sl-http-XXXXXX", &error);
  g_assert_no_error (error);
  write_file (fixture->root, "index.html", "<h1>Hello</h1>\n", -1);
  write_file (fixture->root, "style.css", "body { color: red; }\n", -1);
  write_file (fixture->root, ".secret", "secret\n", -1);
  write_file (fixture->root, "<b>.txt", "bold\n", -1);
  for (i = 0; i < BIG_SIZE; i++)
    big[i] = (char) (i * 7 + i / 251);
  write_file (fixture->root, "big.bin", big, BIG_SIZE);
  sub = g_build_filename (fixture->root, "sub", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  write_file (sub, "page.html", "<p>sub</p>\n", -1);

  fixture->log = sl_event_log_new ();
  fixture->server = sl_http_server_new (fixture->log);
  fixture->port = start_server (fixture->server, fixture->root);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
http_fixture_teardown (HttpFixture      *fixture,
                  gconstpointer data)
{
  g_clear_object (&fixture->server);
  g_clear_object (&fixture->log);
  remove_tree (fixture->root);
  g_free (fixture->root);
}

/* Reads one response; @head: after a HEAD request, no body follows */
static void
read_response (int       fd,
               gboolean  head,
               Response *response)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *length;
  gsize body_len = 0;
  char c;

  while (!g_str_has_suffix (text->str, "\r\n\r\n"))
    {
      recv_exact (fd, &c, 1);
      g_string_append_c (text, c);
      g_assert_cmpuint (text->len, <, 64 * 1024);
    }
  g_assert_true (g_str_has_prefix (text->str, "HTTP/1.1 "));
  response->status = atoi (text->str + 9);

  length = strstr (text->str, "\r\nContent-Length: ");
  g_assert_nonnull (length);
  body_len = g_ascii_strtoull (length + 18, NULL, 10);
  if (head)
    body_len = 0;

  response->body = NULL;
  {
    guint8 *body = g_malloc (body_len + 1);

    recv_exact (fd, body, body_len);
    body[body_len] = '\0';
    response->body = g_bytes_new_take (body, body_len);
  }
  response->head = g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
body_text (Response *response)
{
  /* read_response() NUL-terminates */
  return g_bytes_get_data (response->body, NULL);
}

static void
request (HttpFixture    *fixture,
         const char *text,
         gboolean    head,
         Response   *response)
{
  int fd = client_connect ("127.0.0.1", fixture->port);

  g_assert_cmpint (fd, >=, 0);
  send_str (fd, text);
  read_response (fd, head, response);
  close (fd);
}

static void
get (HttpFixture    *fixture,
     const char *target,
     Response   *response)
{
  g_autofree char *text = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                                           target);

  request (fixture, text, FALSE, response);
}

/* TRUE if the server closes the connection (EOF) within the timeout */
static gboolean
closed_by_server (int fd)
{
  char buffer[256];
  gssize n;

  while ((n = recv (fd, buffer, sizeof buffer, 0)) > 0)
    ;
  return n == 0;
}

static void
test_get_index (HttpFixture      *fixture,
                gconstpointer data)
{
  g_auto(Response) response = { 0 };
  g_auto(Response) css = { 0 };

  get (fixture, "/", &response);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_nonnull (strstr (response.head, "\r\nContent-Type: text/html; charset=utf-8\r\n"));
  g_assert_nonnull (strstr (response.head, "\r\nContent-Length: 15\r\n"));
  g_assert_nonnull (strstr (response.head, "\r\nConnection: close\r\n"));
  g_assert_cmpstr (body_text (&response), ==, "<h1>Hello</h1>\n");

  get (fixture, "/style.css", &css);
  g_assert_cmpuint (css.status, ==, 200);
  g_assert_nonnull (strstr (css.head, "\r\nContent-Type: text/css"));
}

static void
test_head (HttpFixture      *fixture,
           gconstpointer data)
{
  g_auto(Response) response = { 0 };
  int fd = client_connect ("127.0.0.1", fixture->port);

  send_str (fd, "HEAD /index.html HTTP/1.1\r\nHost: x\r\n\r\n");
  read_response (fd, TRUE, &response);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_nonnull (strstr (response.head, "\r\nContent-Length: 15\r\n"));
  /* No body: the next bytes are the answer to the next request */
  response_clear (&response);
  send_str (fd, "GET /sub/page.html HTTP/1.1\r\nHost: x\r\n\r\n");
  read_response (fd, FALSE, &response);
  g_assert_cmpstr (body_text (&response), ==, "<p>sub</p>\n");
  close (fd);
}

static void
test_not_found (HttpFixture      *fixture,
                gconstpointer data)
{
  g_auto(Response) response = { 0 };

  get (fixture, "/<script>alert(1)</script>", &response);
  g_assert_cmpuint (response.status, ==, 404);
  g_assert_nonnull (strstr (body_text (&response), "&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_null (strstr (body_text (&response), "<script>"));
}

static void
test_method (HttpFixture      *fixture,
             gconstpointer data)
{
  g_auto(Response) response = { 0 };
  g_auto(Response) unknown = { 0 };

  request (fixture, "DELETE /index.html HTTP/1.1\r\nHost: x\r\n\r\n", FALSE, &response);
  g_assert_cmpuint (response.status, ==, 405);
  g_assert_nonnull (strstr (response.head, "\r\nAllow: GET, HEAD\r\n"));

  request (fixture, "BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n", FALSE, &unknown);
  g_assert_cmpuint (unknown.status, ==, 501);
}

static void
test_keep_alive (HttpFixture      *fixture,
                 gconstpointer data)
{
  g_auto(Response) first = { 0 };
  g_auto(Response) second = { 0 };
  g_auto(Response) third = { 0 };
  g_auto(Response) fourth = { 0 };
  int fd = client_connect ("127.0.0.1", fixture->port);

  send_str (fd, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  read_response (fd, FALSE, &first);
  g_assert_null (strstr (first.head, "Connection: close"));
  send_str (fd, "GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n");
  read_response (fd, FALSE, &second);
  g_assert_cmpuint (second.status, ==, 200);

  /* Two pipelined, the second one closing */
  send_str (fd, "GET /sub/page.html HTTP/1.1\r\nHost: x\r\n\r\n"
                "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  read_response (fd, FALSE, &third);
  g_assert_cmpstr (body_text (&third), ==, "<p>sub</p>\n");
  read_response (fd, FALSE, &fourth);
  g_assert_cmpstr (body_text (&fourth), ==, "<h1>Hello</h1>\n");
  g_assert_true (closed_by_server (fd));
  close (fd);
}

static void
test_http10 (HttpFixture      *fixture,
             gconstpointer data)
{
  g_auto(Response) response = { 0 };
  g_auto(Response) kept = { 0 };
  int fd = client_connect ("127.0.0.1", fixture->port);

  send_str (fd, "GET / HTTP/1.0\r\n\r\n");
  read_response (fd, FALSE, &response);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_true (closed_by_server (fd));
  close (fd);

  fd = client_connect ("127.0.0.1", fixture->port);
  send_str (fd, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  read_response (fd, FALSE, &kept);
  g_assert_nonnull (strstr (kept.head, "\r\nConnection: keep-alive\r\n"));
  response_clear (&kept);
  send_str (fd, "GET /style.css HTTP/1.0\r\n\r\n");
  read_response (fd, FALSE, &kept);
  g_assert_cmpuint (kept.status, ==, 200);
  g_assert_true (closed_by_server (fd));
  close (fd);
}

static void
test_bytewise (HttpFixture      *fixture,
               gconstpointer data)
{
  g_auto(Response) response = { 0 };
  const char *text = "GET /sub/page.html HTTP/1.1\r\nHost: telnet\r\n\r\n";
  int fd = client_connect ("127.0.0.1", fixture->port);
  gsize i;

  for (i = 0; text[i] != '\0'; i++)
    {
      send_all (fd, text + i, 1);
      g_usleep (1000);
    }
  read_response (fd, FALSE, &response);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (body_text (&response), ==, "<p>sub</p>\n");
  close (fd);
}

static void
test_garbage (HttpFixture      *fixture,
              gconstpointer data)
{
  const char *garbage[] = {
    "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03",
    "hello\r\n\r\n",
    "GET / HTTP/9.9\r\n\r\n",
    "GET / HTTP/1.1\r\n Folded: x\r\n\r\n",
  };
  const guint expected[] = { 400, 400, 505, 400 };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_auto(Response) response = { 0 };
      int fd = client_connect ("127.0.0.1", fixture->port);

      send_str (fd, garbage[i]);
      read_response (fd, FALSE, &response);
      g_assert_cmpuint (response.status, ==, expected[i]);
      g_assert_nonnull (strstr (response.head, "\r\nConnection: close\r\n"));
      g_assert_true (closed_by_server (fd));
      close (fd);
    }

  {
    g_auto(Response) response = { 0 };

    get (fixture, "/", &response);
    g_assert_cmpuint (response.status, ==, 200);
  }
}

static void
test_traversal (HttpFixture      *fixture,
                gconstpointer data)
{
  const struct { const char *target; guint status; } attempts[] = {
    { "/../etc/passwd", 403 },
    { "/../../../../../../etc/passwd", 403 },
    { "/%2e%2e/%2e%2e/etc/passwd", 403 },
    { "/%252e%252e/%252e%252e/etc/passwd", 404 },
    { "/..%2f..%2fetc/passwd", 403 },
    { "/sub/..%2f..%2f..%2fetc/passwd", 403 },
    { "\\..\\..\\etc\\passwd", 400 },
    { "/\\..\\..\\etc\\passwd", 403 },
    { "/.secret", 403 },
    { "/%2esecret", 403 },
    { "/a/../../b", 403 },
    { "/index.html%00.txt", 403 },
    { "/escape/passwd", 403 },
    { "/escape/", 403 },
    { "/escape", 403 },
    { "/hidden-link", 403 },
  };
  g_autofree char *link = g_build_filename (fixture->root, "escape", NULL);
  g_autofree char *hidden = g_build_filename (fixture->root, "hidden-link", NULL);
  g_autofree char *inside = g_build_filename (fixture->root, "inside.html", NULL);
  g_auto(Response) followed = { 0 };
  guint i;

  g_assert_cmpint (symlink ("/etc", link), ==, 0);
  g_assert_cmpint (symlink (".secret", hidden), ==, 0);
  g_assert_cmpint (symlink ("index.html", inside), ==, 0);

  for (i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_auto(Response) response = { 0 };

      get (fixture, attempts[i].target, &response);
      if (response.status != attempts[i].status)
        g_error ("%s: %u, expected %u", attempts[i].target, response.status, attempts[i].status);
      g_assert_null (strstr (body_text (&response), "root:"));
      g_assert_null (strstr (body_text (&response), "secret\n"));
    }

  /* A link that stays inside the root is followed */
  get (fixture, "/inside.html", &followed);
  g_assert_cmpuint (followed.status, ==, 200);
  g_assert_cmpstr (body_text (&followed), ==, "<h1>Hello</h1>\n");
}

static void
test_big_file (HttpFixture      *fixture,
               gconstpointer data)
{
  g_auto(Response) response = { 0 };
  const guint8 *body;
  gsize len, i;

  get (fixture, "/big.bin", &response);
  g_assert_cmpuint (response.status, ==, 200);
  body = g_bytes_get_data (response.body, &len);
  g_assert_cmpuint (len, ==, BIG_SIZE);
  for (i = 0; i < BIG_SIZE; i++)
    if (body[i] != (guint8) (i * 7 + i / 251))
      g_error ("byte %" G_GSIZE_FORMAT " differs", i);
}

static void
test_directory (HttpFixture      *fixture,
                gconstpointer data)
{
  g_auto(Response) redirect = { 0 };
  g_auto(Response) slashes = { 0 };
  g_auto(Response) off = { 0 };
  g_auto(Response) listing = { 0 };
  g_autofree char *index = NULL;

  get (fixture, "/sub", &redirect);
  g_assert_cmpuint (redirect.status, ==, 301);
  g_assert_nonnull (strstr (redirect.head, "\r\nLocation: /sub/\r\n"));

  /* "//sub/" would be a link to the host "sub": one '/' in front */
  get (fixture, "///sub?x=1", &slashes);
  g_assert_cmpuint (slashes.status, ==, 301);
  g_assert_nonnull (strstr (slashes.head, "\r\nLocation: /sub/?x=1\r\n"));

  get (fixture, "/sub/", &off);
  g_assert_cmpuint (off.status, ==, 404);

  /* The root's listing: names escaped, dot-files left out */
  index = g_build_filename (fixture->root, "index.html", NULL);
  g_unlink (index);
  sl_http_server_set_directory_listing (fixture->server, TRUE);
  get (fixture, "/", &listing);
  g_assert_cmpuint (listing.status, ==, 200);
  g_assert_nonnull (strstr (body_text (&listing), "&lt;b&gt;.txt"));
  g_assert_null (strstr (body_text (&listing), "<b>"));
  g_assert_nonnull (strstr (body_text (&listing), "href=\"sub/\""));
  g_assert_null (strstr (body_text (&listing), ".secret"));
}

static gboolean
log_has_request (gpointer data)
{
  HttpFixture *fixture = data;
  guint i, n = g_list_model_get_n_items (G_LIST_MODEL (fixture->log));

  for (i = 0; i < n; i++)
    {
      g_autoptr(SlEvent) event = g_list_model_get_item (G_LIST_MODEL (fixture->log), i);

      if (sl_event_get_kind (event) == SL_EVENT_RECEIVED &&
          strstr (sl_event_get_message (event), "GET /style.css → 200 OK, 21 bytes") != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
test_log (HttpFixture      *fixture,
          gconstpointer data)
{
  const char *text = "GET /style.css HTTP/1.1\r\nHost: log\r\nConnection: close\r\n\r\n";
  g_auto(Response) response = { 0 };
  gboolean found_raw = FALSE, found_headers = FALSE;
  guint i, n;

  request (fixture, text, FALSE, &response);
  g_assert_true (sl_test_spin_until (log_has_request, fixture, TIMEOUT_MS));

  n = g_list_model_get_n_items (G_LIST_MODEL (fixture->log));
  for (i = 0; i < n; i++)
    {
      g_autoptr(SlEvent) event = g_list_model_get_item (G_LIST_MODEL (fixture->log), i);
      GBytes *bytes = sl_event_get_data (event);

      if (bytes == NULL)
        continue;
      if (sl_event_get_kind (event) == SL_EVENT_RECEIVED &&
          g_bytes_get_size (bytes) == strlen (text) &&
          memcmp (g_bytes_get_data (bytes, NULL), text, strlen (text)) == 0)
        {
          found_raw = TRUE;
          g_assert_true (g_str_has_prefix (sl_event_get_peer (event), "127.0.0.1:"));
        }
      if (sl_event_get_kind (event) == SL_EVENT_SENT &&
          g_bytes_get_size (bytes) == strlen (response.head) &&
          memcmp (g_bytes_get_data (bytes, NULL), response.head, strlen (response.head)) == 0)
        found_headers = TRUE;
    }
  g_assert_true (found_raw);
  g_assert_true (found_headers);
}

static void
test_idle (HttpFixture      *fixture,
           gconstpointer data)
{
  g_auto(Response) response = { 0 };
  int fds[200];
  gint64 start;
  guint i;
  int fd;

  /* Many idle clients, some with half a request: a new one is still served */
  for (i = 0; i < G_N_ELEMENTS (fds); i++)
    {
      fds[i] = client_connect ("127.0.0.1", fixture->port);
      g_assert_cmpint (fds[i], >=, 0);
      if (i % 2)
        send_str (fds[i], "GET / HT");
    }
  start = g_get_monotonic_time ();
  get (fixture, "/", &response);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* And the idle timeout closes them */
  sl_http_server_set_idle_timeout (fixture->server, 300);
  g_assert_cmpuint (sl_http_server_get_idle_timeout (fixture->server), ==, 300);
  for (i = 0; i < G_N_ELEMENTS (fds); i++)
    {
      g_assert_true (closed_by_server (fds[i]));
      close (fds[i]);
    }

  fd = client_connect ("127.0.0.1", fixture->port);
  start = g_get_monotonic_time ();
  g_assert_true (closed_by_server (fd));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  close (fd);
}

static void
test_sample_site (void)
{
  g_autofree char *site = g_build_filename (g_getenv ("SRCDIR"), "data", "sample-site", NULL);
  g_autoptr(SlHttpServer) server = sl_http_server_new (NULL);
  const struct { const char *language; const char *html_lang; } cases[] = {
    { NULL, "lang=\"en\"" },
    { "ja,en;q=0.8", "lang=\"ja\"" },
    { "ko-KR, ja;q=0.5", "lang=\"ko\"" },
    { "fr, en;q=0.9, ko;q=0.8", "lang=\"en\"" },
    { "de", "lang=\"en\"" },
  };
  HttpFixture fixture = { 0 };
  guint i;

  g_assert_nonnull (g_getenv ("SRCDIR"));
  fixture.port = start_server (server, NULL);

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Response) response = { 0 };
      g_autofree char *text = NULL;

      text = g_strdup_printf ("GET / HTTP/1.1\r\nHost: x\r\n%s%s%sConnection: close\r\n\r\n",
                              cases[i].language ? "Accept-Language: " : "",
                              cases[i].language ? cases[i].language : "",
                              cases[i].language ? "\r\n" : "");
      request (&fixture, text, FALSE, &response);
      g_assert_cmpuint (response.status, ==, 200);
      g_assert_nonnull (strstr (response.head, "\r\nVary: Accept-Language\r\n"));
      if (strstr (body_text (&response), cases[i].html_lang) == NULL)
        g_error ("Accept-Language %s: not %s", cases[i].language, cases[i].html_lang);
    }

  {
    g_auto(Response) svg = { 0 };

    get (&fixture, "/socket.svg", &svg);
    g_assert_cmpuint (svg.status, ==, 200);
    g_assert_nonnull (strstr (svg.head, "\r\nContent-Type: image/svg+xml"));
  }

  /* Stop, then start again on another port */
  sl_http_server_stop (server);
  g_assert_false (sl_http_server_get_running (server));
  fixture.port = start_server (server, site);
  sl_http_server_stop (server);
}

static void
test_bad_root (void)
{
  g_autoptr(SlHttpServer) server = sl_http_server_new (NULL);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  sl_http_server_start_async (server, "127.0.0.1", 0, "/nonexistent/socket-lab", NULL, on_start, &result);
  g_assert_true (sl_test_spin_until (start_done, &result, TIMEOUT_MS));
  g_assert_false (sl_http_server_start_finish (server, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_object_unref (result);
  g_assert_false (sl_http_server_get_running (server));
}

static void
test_curl (HttpFixture      *fixture,
           gconstpointer data)
{
  g_autofree char *curl = g_find_program_in_path ("curl");
  g_autofree char *url = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (curl == NULL)
    {
      g_test_skip ("curl is not installed");
      return;
    }

  url = g_strdup_printf ("http://127.0.0.1:%u/", fixture->port);
  {
    const char *argv[] = { curl, "-sS", "--max-time", "10", url, url, NULL };

    /* Two URLs: curl reuses the connection (keep-alive) */
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "<h1>Hello</h1>\n<h1>Hello</h1>\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Before any thread starts: setenv() is not thread-safe */
  if (g_getenv ("SRCDIR") != NULL)
    {
      g_autofree char *site = g_build_filename (g_getenv ("SRCDIR"), "data", "sample-site", NULL);

      g_setenv ("SOCKET_LAB_SAMPLE_SITE", site, TRUE);
    }

#define ADD(path, func) \
  g_test_add (path, HttpFixture, NULL, http_fixture_setup, func, http_fixture_teardown)

  ADD ("/http-server/get-index", test_get_index);
  ADD ("/http-server/head", test_head);
  ADD ("/http-server/not-found", test_not_found);
  ADD ("/http-server/method", test_method);
  ADD ("/http-server/keep-alive", test_keep_alive);
  ADD ("/http-server/http10", test_http10);
  ADD ("/http-server/bytewise", test_bytewise);
  ADD ("/http-server/garbage", test_garbage);
  ADD ("/http-server/traversal", test_traversal);
  ADD ("/http-server/big-file", test_big_file);
  ADD ("/http-server/directory", test_directory);
  ADD ("/http-server/log", test_log);
  ADD ("/http-server/idle", test_idle);
  ADD ("/http-server/curl", test_curl);
  g_test_add_func ("/http-server/sample-site", test_sample_site);
  g_test_add_func ("/http-server/bad-root", test_bad_root);

  return g_test_run ();
}
