/* sl-http-server-files.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What SlHttpServer answers to one request: it maps the target to a file
 * under the document root and opens it, or builds the page to send (error
 * pages, directory listings). On the network thread; the file-system calls
 * block, which is fine for local files. Nothing outside the root is ever
 * opened: sl_http_map_path() refuses "..", encoded separators, NUL and
 * dot-files; the path is then resolved with realpath() and must stay under
 * the root's canonical path (a symbolic link that leads out is refused,
 * one inside the root is followed), opened with O_NOFOLLOW, and checked
 * again through /proc/self/fd after opening, so a link swapped in between
 * is caught. That costs about ten path walks per request, so the common
 * case takes a fast path first: the path is opened one name at a time from
 * a descriptor of the root, never following a symbolic link (O_NOFOLLOW),
 * which proves it inside the root with one openat() per name. Anything
 * unusual on that path (a link, a missing name, no permission) falls back
 * to the checks above, which decide and say why. Nothing is cached but the
 * root's descriptor, checked against the root's path once a second, so an
 * edited file is served new at once. Error pages and listings are in
 * English for now. */

#include "config.h"

#define G_LOG_DOMAIN "sl-http-server"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sl-http-request.h"
#include "sl-http-server-private.h"

void
sl_http_response_clear (SlHttpResponse *response)
{
  if (response->fd >= 0)
    close (response->fd);
  g_clear_pointer (&response->content_type, g_free);
  g_clear_pointer (&response->content_language, g_free);
  g_clear_pointer (&response->location, g_free);
  g_clear_pointer (&response->body, g_bytes_unref);
  memset (response, 0, sizeof *response);
  response->fd = -1;
}

const char *
sl_http_reason_phrase (guint status)
{
  switch (status)
    {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

/* Bytes from the network, shown in HTML: valid UTF-8, then escaped */
static char *
escape_html (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  return g_markup_escape_text (valid, -1);
}

static void
set_page (SlHttpResponse *response,
          guint           status,
          const char     *title,
          const char     *body_html)
{
  g_autofree char *page = NULL;
  gsize len;

  page = g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html lang=\"en\">\n"
                          "<head><meta charset=\"utf-8\"><title>%u %s</title></head>\n"
                          "<body>\n<h1>%u %s</h1>\n%s\n<hr>\n<p><small>Socket Lab</small></p>\n</body>\n</html>\n",
                          status, title, status, title, body_html);
  len = strlen (page);
  g_clear_pointer (&response->body, g_bytes_unref);
  response->body = g_bytes_new_take (g_steal_pointer (&page), len);
  response->size = len;
  response->status = status;
  response->reason = sl_http_reason_phrase (status);
  g_free (response->content_type);
  response->content_type = g_strdup ("text/html; charset=utf-8");
}

/* @detail is plain text (escaped here) */
void
sl_http_response_error (SlHttpResponse *response,
                        guint           status,
                        const char     *detail)
{
  g_autofree char *escaped = escape_html (detail != NULL ? detail : "");
  g_autofree char *html = g_strdup_printf ("<p>%s</p>", escaped);

  if (response->fd >= 0)
    close (response->fd);
  response->fd = -1;
  set_page (response, status, sl_http_reason_phrase (status), html);
}

static void
not_found (SlHttpResponse *response,
           const char     *target)
{
  g_autofree char *escaped = escape_html (target);
  g_autofree char *html = g_strdup_printf ("<p>The requested path <code>%s</code> was not found on this server.</p>",
                                           escaped);

  set_page (response, 404, "Not Found", html);
}

static const char *
content_type_for (SlHttpShared *shared,
                  const char   *name)
{
  const char *dot = strrchr (name, '.');
  const char *ext = dot != NULL ? dot + 1 : "";
  const char *type = g_hash_table_lookup (shared->mime_types, ext);

  if (type == NULL)
    {
      g_autofree char *content_type = g_content_type_guess (name, NULL, 0, NULL);
      g_autofree char *mime = g_content_type_get_mime_type (content_type);
      char *value;

      if (mime == NULL || g_content_type_is_unknown (content_type))
        value = g_strdup ("application/octet-stream");
      else if (g_str_has_prefix (mime, "text/") || strcmp (mime, "image/svg+xml") == 0 ||
               strcmp (mime, "application/javascript") == 0 || strcmp (mime, "application/json") == 0)
        value = g_strdup_printf ("%s; charset=utf-8", mime);
      else
        value = g_steal_pointer (&mime);

      g_hash_table_insert (shared->mime_types, g_strdup (ext), value);
      type = value;
    }

  return type;
}

/* "ja", "ko" or NULL (English) by the highest q of Accept-Language */
static const char *
pick_language (const char *accept_language)
{
  g_auto(GStrv) ranges = NULL;
  const char *best = NULL;
  double best_q = 0;
  guint i;

  if (accept_language == NULL)
    return NULL;

  ranges = g_strsplit (accept_language, ",", 32);
  for (i = 0; ranges[i] != NULL; i++)
    {
      char *range = g_strstrip (ranges[i]);
      char *semicolon = strchr (range, ';');
      const char *lang = NULL;
      double q = 1.0;

      if (semicolon != NULL)
        {
          const char *qs = strstr (semicolon, "q=");

          *semicolon = '\0';
          if (qs != NULL)
            q = g_ascii_strtod (qs + 2, NULL);
          g_strstrip (range);
        }

      if (g_ascii_strncasecmp (range, "ja", 2) == 0 && (range[2] == '\0' || range[2] == '-'))
        lang = "ja";
      else if (g_ascii_strncasecmp (range, "ko", 2) == 0 && (range[2] == '\0' || range[2] == '-'))
        lang = "ko";
      else if (g_ascii_strncasecmp (range, "en", 2) == 0 && (range[2] == '\0' || range[2] == '-'))
        lang = "en";
      else
        continue;

      if (q > best_q)
        {
          best_q = q;
          best = lang;
        }
    }

  return g_strcmp0 (best, "en") == 0 ? NULL : best;
}

/* Whether the canonical @path is @root or under it, without a dot-file */
static gboolean
path_is_inside (const char *root,
                const char *path)
{
  gsize root_len = strlen (root);
  const char *rest;

  if (strncmp (path, root, root_len) != 0 || (path[root_len] != '\0' && path[root_len] != '/'))
    return FALSE;

  for (rest = path + root_len; *rest != '\0'; rest++)
    if (rest[0] == '/' && rest[1] == '.')
      return FALSE;

  return TRUE;
}

/* The fd, opened, really is inside the root */
static gboolean
fd_is_inside (const char *root,
              int         fd)
{
  char proc[64], path[PATH_MAX];
  gssize n;

  g_snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
  n = readlink (proc, path, sizeof path - 1);
  if (n < 0)
    return FALSE;
  path[n] = '\0';

  return path_is_inside (root, path);
}

static int
open_inside (SlHttpShared *shared,
             const char   *relative,
             int          *errsv)
{
  g_autofree char *joined = g_build_filename (shared->root, relative, NULL);
  char resolved[PATH_MAX];
  int fd;

  if (realpath (joined, resolved) == NULL)
    {
      *errsv = errno;
      return -1;
    }
  if (!path_is_inside (shared->root, resolved))
    {
      *errsv = EACCES;
      return -1;
    }

  fd = open (resolved, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    {
      *errsv = errno == ELOOP ? EACCES : errno;
      return -1;
    }
  if (!fd_is_inside (shared->root, fd))
    {
      close (fd);
      *errsv = EACCES;
      return -1;
    }

  return fd;
}

void
sl_http_root_close (SlHttpShared *shared)
{
  if (shared->root_fd >= 0)
    close (shared->root_fd);
  shared->root_fd = -1;
}

/* O_NOFOLLOW: if the canonical root has become a link since, only the slow
 * path (which compares with the root's path) serves */
void
sl_http_root_open (SlHttpShared *shared)
{
  struct stat st;

  sl_http_root_close (shared);
  shared->root_checked = g_get_monotonic_time () / G_USEC_PER_SEC;
  shared->root_fd = open (shared->root, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (shared->root_fd < 0)
    return;
  if (fstat (shared->root_fd, &st) != 0)
    {
      sl_http_root_close (shared);
      return;
    }
  shared->root_dev = st.st_dev;
  shared->root_ino = st.st_ino;
}

/* The root folder may be renamed and another put in its place: once a
 * second the descriptor is compared with what the root's path names now */
static void
check_root (SlHttpShared *shared)
{
  gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;
  char resolved[PATH_MAX];
  struct stat st;

  if (now == shared->root_checked)
    return;
  shared->root_checked = now;

  if (realpath (shared->root, resolved) == NULL || strcmp (resolved, shared->root) != 0 ||
      stat (resolved, &st) != 0 ||
      (guint64) st.st_dev != shared->root_dev || (guint64) st.st_ino != shared->root_ino)
    sl_http_root_open (shared);
}

/* The fast path: @relative (from sl_http_map_path(): no empty, "." or ".."
 * name, no dot-file) opened one name at a time from the root's descriptor,
 * following no symbolic link. Success proves the file inside the root and
 * its canonical path root/@relative. -1 for anything else: the caller then
 * takes open_inside(). */
static int
open_beneath (SlHttpShared *shared,
              const char   *relative)
{
  const int flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK;
  const char *name = relative;
  int dir_fd;

  check_root (shared);
  if (shared->root_fd < 0)
    return -1;
  if (*relative == '\0')
    return openat (shared->root_fd, ".", flags | O_DIRECTORY);

  dir_fd = shared->root_fd;
  for (;;)
    {
      const char *slash = strchr (name, '/');
      char component[NAME_MAX + 1];
      gsize len;
      int fd;

      if (slash == NULL)
        {
          fd = openat (dir_fd, name, flags);
          if (dir_fd != shared->root_fd)
            close (dir_fd);
          return fd;
        }

      len = slash - name;
      if (len == 0 || len > NAME_MAX)
        fd = -1;
      else
        {
          memcpy (component, name, len);
          component[len] = '\0';
          fd = openat (dir_fd, component, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
      if (dir_fd != shared->root_fd)
        close (dir_fd);
      if (fd < 0)
        return -1;
      dir_fd = fd;
      name = slash + 1;
    }
}

/* @known: the fd's stat if the caller has it already, or NULL */
static gboolean
set_file (SlHttpShared      *shared,
          SlHttpResponse    *response,
          int                fd,
          const struct stat *known,
          const char        *name)
{
  struct stat st;

  if (known != NULL)
    st = *known;
  else if (fstat (fd, &st) != 0)
    st.st_mode = 0;
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      return FALSE;
    }

  response->status = 200;
  response->reason = "OK";
  response->fd = fd;
  response->size = st.st_size;
  g_free (response->content_type);
  response->content_type = g_strdup (content_type_for (shared, name));

  return TRUE;
}

static int
open_index (int         dir_fd,
            const char *name)
{
  return openat (dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static void
set_listing (SlHttpResponse *response,
             int             dir_fd,
             const char     *path)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *escaped_path = escape_html (path);
  g_autofree char *title = NULL;
  struct dirent *entry;
  DIR *dir;
  int fd = dup (dir_fd);
  guint i;

  dir = fd >= 0 ? fdopendir (fd) : NULL;
  if (dir == NULL)
    {
      if (fd >= 0)
        close (fd);
      sl_http_response_error (response, 500, "The folder cannot be read.");
      return;
    }

  while ((entry = readdir (dir)) != NULL)
    {
      struct stat st;

      if (entry->d_name[0] == '.')
        continue;
      if (fstatat (dir_fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR (st.st_mode))
        g_ptr_array_add (names, g_strconcat (entry->d_name, "/", NULL));
      else
        g_ptr_array_add (names, g_strdup (entry->d_name));
    }
  closedir (dir);
  g_ptr_array_sort (names, compare_names);

  g_string_append_printf (html, "<p>Index of <code>%s</code></p>\n<ul>\n", escaped_path);
  for (i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *href = g_uri_escape_string (name, "/", FALSE);
      g_autofree char *escaped_href = escape_html (href);
      g_autofree char *escaped_name = escape_html (name);

      g_string_append_printf (html, "<li><a href=\"%s\">%s</a></li>\n", escaped_href, escaped_name);
    }
  g_string_append (html, "</ul>");

  set_page (response, 200, "Index", html->str);
}

void
sl_http_resolve (SlHttpShared   *shared,
                 const char     *method,
                 const char     *target,
                 const char     *accept_language,
                 SlHttpResponse *response)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *relative = NULL;
  const char *path_end;
  struct stat st;
  int fd, errsv = 0;

  if (strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0)
    {
      static const char * const known[] = { "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT", NULL };
      g_autofree char *detail = g_strdup_printf ("This server answers GET and HEAD requests only, not %s.", method);

      /* A method HTTP defines is not allowed here; any other is unknown */
      sl_http_response_error (response, g_strv_contains (known, method) ? 405 : 501, detail);
      response->allow = "GET, HEAD";
      return;
    }

  relative = sl_http_map_path (target, &error);
  if (relative == NULL)
    {
      sl_http_response_error (response,
                              g_error_matches (error, SL_HTTP_PATH_ERROR, SL_HTTP_PATH_ERROR_BAD_REQUEST) ? 400 : 403,
                              error->message);
      return;
    }

  fd = open_beneath (shared, relative);
  if (fd < 0)
    fd = open_inside (shared, relative, &errsv);
  if (fd < 0)
    {
      if (errsv == EACCES || errsv == EPERM)
        sl_http_response_error (response, 403, "This path leads outside the document root or is not readable.");
      else
        not_found (response, target);
      return;
    }

  if (fstat (fd, &st) != 0)
    {
      close (fd);
      not_found (response, target);
      return;
    }

  if (S_ISDIR (st.st_mode))
    {
      const char *lang = pick_language (accept_language);
      int index_fd = -1;

      /* Relative links in the index need the directory's trailing '/' */
      path_end = target + strcspn (target, "?#");
      if (path_end == target || path_end[-1] != '/')
        {
          const char *path = target;

          /* One '/' in front: "Location: //docs/" would send the browser
           * to the host "docs" (an open redirect) */
          while (path[0] == '/' && path[1] == '/')
            path++;
          close (fd);
          set_page (response, 301, "Moved Permanently", "<p>This is a folder; its address ends with “/”.</p>");
          response->location = g_strdup_printf ("%.*s/%s", (int) (path_end - path), path, path_end);
          return;
        }

      response->vary_language = TRUE;
      if (lang != NULL)
        {
          g_autofree char *name = g_strdup_printf ("index.%s.html", lang);

          index_fd = open_index (fd, name);
          if (index_fd >= 0)
            response->content_language = g_strdup (lang);
        }
      if (index_fd < 0)
        index_fd = open_index (fd, "index.html");

      if (index_fd >= 0)
        {
          if (set_file (shared, response, index_fd, NULL, "index.html"))
            {
              close (fd);
              return;
            }
        }

      if (g_atomic_int_get (&shared->directory_listing))
        set_listing (response, fd, target);
      else
        not_found (response, target);
      close (fd);
      return;
    }

  if (!set_file (shared, response, fd, &st, relative))
    sl_http_response_error (response, 403, "Only regular files are served.");
}
