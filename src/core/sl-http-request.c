/* sl-http-request.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The request head is buffered until it ends (an empty line), one byte at
 * a time if need be, as telnet sends it: lines are found as bytes arrive
 * (O(n) overall), and the head is parsed once, when complete. The limits
 * are checked while buffering, so a client that never ends its line costs
 * at most SL_HTTP_MAX_REQUEST_LINE + SL_HTTP_MAX_HEADERS bytes. Strict
 * where leniency would hide a mistake from a student or open a hole (obs-
 * fold, whitespace before ':', control bytes, Content-Length together with
 * Transfer-Encoding), lenient where RFC 9112 allows it (bare LF, empty
 * lines before the request line). */

#include "config.h"

#define G_LOG_DOMAIN "sl-http-request"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-http-request.h"

/* Empty lines tolerated before the request line, in bytes */
#define MAX_LEADING_EMPTY 64

struct _SlHttpRequest
{
  GByteArray *raw;
  SlHttpParseResult state;
  guint error_status;
  gsize line_start;             /* offset in raw of the line being received */
  gsize request_line_start;     /* after leading empty lines */
  gboolean have_request_line;
  gsize headers_start;          /* offset just after the request line */

  char *method;
  char *target;
  SlHttpVersion version;
  GHashTable *headers;          /* lower-case name → value */
  guint n_headers;
};

G_DEFINE_QUARK (sl-http-path-error-quark, sl_http_path_error)

SlHttpRequest *
sl_http_request_new (void)
{
  SlHttpRequest *self = g_new0 (SlHttpRequest, 1);

  self->raw = g_byte_array_new ();
  self->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return self;
}

void
sl_http_request_reset (SlHttpRequest *self)
{
  g_return_if_fail (self != NULL);

  g_byte_array_set_size (self->raw, 0);
  self->state = SL_HTTP_PARSE_NEED_MORE;
  self->error_status = 0;
  self->line_start = 0;
  self->request_line_start = 0;
  self->have_request_line = FALSE;
  self->headers_start = 0;
  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->target, g_free);
  self->version = SL_HTTP_VERSION_1_1;
  g_hash_table_remove_all (self->headers);
  self->n_headers = 0;
}

void
sl_http_request_free (SlHttpRequest *self)
{
  if (self == NULL)
    return;

  sl_http_request_reset (self);
  g_byte_array_unref (self->raw);
  g_hash_table_unref (self->headers);
  g_free (self);
}

static gboolean
is_tchar (guint8 c)
{
  return g_ascii_isalnum (c) || (c != 0 && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

static gboolean
is_digit (guint8 c)
{
  return c >= '0' && c <= '9';
}

static SlHttpParseResult
fail (SlHttpRequest *self,
      guint          status)
{
  self->state = SL_HTTP_PARSE_ERROR;
  self->error_status = status;
  return SL_HTTP_PARSE_ERROR;
}

/* The length of the line at @start..@end, without its CR */
static gsize
line_length (const guint8 *start,
             const guint8 *end)
{
  if (end > start && end[-1] == '\r')
    end--;
  return end - start;
}

static gboolean
parse_request_line (SlHttpRequest *self,
                    const guint8  *line,
                    gsize          len)
{
  const guint8 *sp1, *sp2, *version;
  gsize version_len, i;

  sp1 = memchr (line, ' ', len);
  if (sp1 == NULL || sp1 == line)
    return fail (self, 400), FALSE;
  for (i = 0; line + i < sp1; i++)
    if (!is_tchar (line[i]))
      return fail (self, 400), FALSE;

  sp2 = memchr (sp1 + 1, ' ', len - (sp1 + 1 - line));
  if (sp2 == NULL || sp2 == sp1 + 1)
    return fail (self, 400), FALSE;
  for (i = 1; sp1 + i < sp2; i++)
    if (sp1[i] <= 0x20 || sp1[i] == 0x7f)
      return fail (self, 400), FALSE;

  version = sp2 + 1;
  version_len = len - (version - line);
  if (version_len != 8 || memcmp (version, "HTTP/", 5) != 0 ||
      !is_digit (version[5]) || version[6] != '.' || !is_digit (version[7]))
    return fail (self, 400), FALSE;
  if (version[5] != '1' || (version[7] != '0' && version[7] != '1'))
    return fail (self, 505), FALSE;

  self->method = g_strndup ((const char *) line, sp1 - line);
  self->target = g_strndup ((const char *) sp1 + 1, sp2 - sp1 - 1);
  self->version = version[7] == '0' ? SL_HTTP_VERSION_1_0 : SL_HTTP_VERSION_1_1;

  return TRUE;
}

static gboolean
parse_header_line (SlHttpRequest *self,
                   const guint8  *line,
                   gsize          len)
{
  const guint8 *colon, *value, *end;
  g_autofree char *name = NULL;
  const char *old;
  gsize i;

  /* obs-fold: a continuation line; RFC 9112 lets a server reject it */
  if (line[0] == ' ' || line[0] == '\t')
    return fail (self, 400), FALSE;

  colon = memchr (line, ':', len);
  if (colon == NULL || colon == line)
    return fail (self, 400), FALSE;
  for (i = 0; line + i < colon; i++)
    if (!is_tchar (line[i]))
      return fail (self, 400), FALSE;

  value = colon + 1;
  end = line + len;
  while (value < end && (*value == ' ' || *value == '\t'))
    value++;
  while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  for (i = 0; value + i < end; i++)
    if ((value[i] < 0x20 && value[i] != '\t') || value[i] == 0x7f)
      return fail (self, 400), FALSE;

  name = g_ascii_strdown ((const char *) line, colon - line);
  old = g_hash_table_lookup (self->headers, name);
  if (old != NULL)
    g_hash_table_insert (self->headers, g_steal_pointer (&name),
                         g_strdup_printf ("%s, %.*s", old, (int) (end - value), value));
  else
    g_hash_table_insert (self->headers, g_steal_pointer (&name),
                         g_strndup ((const char *) value, end - value));
  self->n_headers++;

  return TRUE;
}

static SlHttpParseResult
parse_head (SlHttpRequest *self)
{
  const guint8 *data = self->raw->data;
  gsize pos = self->request_line_start;
  gsize end = self->raw->len;
  const char *content_length;
  gboolean first = TRUE;

  while (pos < end)
    {
      const guint8 *nl = memchr (data + pos, '\n', end - pos);
      gsize len;

      g_assert (nl != NULL);
      len = line_length (data + pos, nl);

      if (memchr (data + pos, '\0', len) != NULL ||
          (len > 0 && memchr (data + pos, '\r', len) != NULL))
        return fail (self, 400);

      if (first)
        {
          if (!parse_request_line (self, data + pos, len))
            return SL_HTTP_PARSE_ERROR;
          first = FALSE;
        }
      else if (len == 0)
        {
          break;
        }
      else if (!parse_header_line (self, data + pos, len))
        {
          return SL_HTTP_PARSE_ERROR;
        }

      pos = nl + 1 - data;
    }

  /* Two lengths are how request smuggling starts; a bad one is an error */
  content_length = sl_http_request_get_header (self, "Content-Length");
  if (content_length != NULL)
    {
      guint64 n;

      if (sl_http_request_get_header (self, "Transfer-Encoding") != NULL ||
          !g_ascii_string_to_unsigned (content_length, 10, 0, G_MAXINT64, &n, NULL))
        return fail (self, 400);
    }

  self->state = SL_HTTP_PARSE_DONE;
  return SL_HTTP_PARSE_DONE;
}

/* NUL anywhere; in the request line, any control byte but CR and LF */
static gboolean
bad_bytes (const guint8 *data,
           gsize         len,
           gboolean      request_line)
{
  gsize i;

  for (i = 0; i < len; i++)
    if (data[i] == '\0' ||
        (request_line && ((data[i] < 0x20 && data[i] != '\r' && data[i] != '\n') || data[i] == 0x7f)))
      return TRUE;

  return FALSE;
}

SlHttpParseResult
sl_http_request_feed (SlHttpRequest *self,
                      const guint8  *data,
                      gsize          len,
                      gsize         *consumed)
{
  gsize i;

  g_return_val_if_fail (self != NULL, SL_HTTP_PARSE_ERROR);
  g_return_val_if_fail (data != NULL || len == 0, SL_HTTP_PARSE_ERROR);

  if (consumed != NULL)
    *consumed = 0;
  if (self->state != SL_HTTP_PARSE_NEED_MORE)
    return self->state;

  for (i = 0; i < len; i++)
    {
      const guint8 *nl;
      gsize pos, chunk_start = self->raw->len;

      /* Up to the next LF at once: the common case is a whole head in one read */
      nl = memchr (data + i, '\n', len - i);
      if (nl == NULL)
        {
          g_byte_array_append (self->raw, data + i, len - i);
          i = len - 1;
        }
      else
        {
          g_byte_array_append (self->raw, data + i, nl - (data + i) + 1);
          i = nl - data;
        }
      if (consumed != NULL)
        *consumed = i + 1;

      /* Refused at once rather than when the line ends: a TLS handshake
       * (https:// to this server) or binary noise may never send a LF */
      if (bad_bytes (self->raw->data + chunk_start, self->raw->len - chunk_start,
                     !self->have_request_line))
        return fail (self, 400);

      pos = self->raw->len - 1;
      if (self->raw->data[pos] != '\n')
        break;

      if (!self->have_request_line)
        {
          if (line_length (self->raw->data + self->line_start, self->raw->data + pos) == 0)
            {
              if (self->raw->len > MAX_LEADING_EMPTY)
                return fail (self, 400);
              self->request_line_start = pos + 1;
            }
          else if (pos - self->line_start > SL_HTTP_MAX_REQUEST_LINE)
            {
              return fail (self, 414);
            }
          else
            {
              self->have_request_line = TRUE;
              self->headers_start = pos + 1;
            }
        }
      else
        {
          if (self->raw->len - self->headers_start > SL_HTTP_MAX_HEADERS)
            return fail (self, 431);
          if (line_length (self->raw->data + self->line_start, self->raw->data + pos) == 0)
            return parse_head (self);
        }
      self->line_start = pos + 1;
    }

  /* A line that has not ended yet, checked against the limits now */
  if (!self->have_request_line)
    {
      if (self->raw->len - self->line_start > SL_HTTP_MAX_REQUEST_LINE)
        return fail (self, 414);
    }
  else if (self->raw->len - self->headers_start > SL_HTTP_MAX_HEADERS)
    {
      return fail (self, 431);
    }

  return SL_HTTP_PARSE_NEED_MORE;
}

guint
sl_http_request_get_error_status (SlHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->error_status;
}

const guint8 *
sl_http_request_get_raw (SlHttpRequest *self,
                         gsize         *len)
{
  g_return_val_if_fail (self != NULL, NULL);
  *len = self->raw->len;
  return self->raw->data;
}

const char *
sl_http_request_get_method (SlHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->method;
}

const char *
sl_http_request_get_target (SlHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->target;
}

SlHttpVersion
sl_http_request_get_version (SlHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, SL_HTTP_VERSION_1_1);
  return self->version;
}

const char *
sl_http_request_get_version_string (SlHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->version == SL_HTTP_VERSION_1_0 ? "HTTP/1.0" : "HTTP/1.1";
}

const char *
sl_http_request_get_header (SlHttpRequest *self,
                            const char    *name)
{
  char lower[64];
  gsize i, len;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  len = strlen (name);
  if (len >= sizeof lower)
    {
      g_autofree char *down = g_ascii_strdown (name, -1);
      return g_hash_table_lookup (self->headers, down);
    }
  for (i = 0; i <= len; i++)
    lower[i] = g_ascii_tolower (name[i]);

  return g_hash_table_lookup (self->headers, lower);
}

guint
sl_http_request_get_n_headers (SlHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_headers;
}

gboolean
sl_http_header_has_token (const char *header_value,
                          const char *token)
{
  gsize token_len;
  const char *p;

  g_return_val_if_fail (token != NULL, FALSE);

  if (header_value == NULL)
    return FALSE;

  token_len = strlen (token);
  p = header_value;
  while (*p != '\0')
    {
      const char *start, *end;

      while (*p == ' ' || *p == '\t' || *p == ',')
        p++;
      start = p;
      while (*p != '\0' && *p != ',')
        p++;
      end = p;
      while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
      if ((gsize) (end - start) == token_len && g_ascii_strncasecmp (start, token, token_len) == 0)
        return TRUE;
    }

  return FALSE;
}

gboolean
sl_http_request_get_keep_alive (SlHttpRequest *self)
{
  const char *connection;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->state != SL_HTTP_PARSE_DONE)
    return FALSE;

  connection = sl_http_request_get_header (self, "Connection");
  if (sl_http_header_has_token (connection, "close"))
    return FALSE;
  if (self->version == SL_HTTP_VERSION_1_0)
    return sl_http_header_has_token (connection, "keep-alive");

  return TRUE;
}

gboolean
sl_http_request_has_body (SlHttpRequest *self)
{
  const char *content_length;

  g_return_val_if_fail (self != NULL, FALSE);

  if (sl_http_request_get_header (self, "Transfer-Encoding") != NULL)
    return TRUE;
  content_length = sl_http_request_get_header (self, "Content-Length");

  return content_length != NULL && g_strcmp0 (content_length, "0") != 0;
}

/* Path mapping ------------------------------------------------------------ */

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static char *
forbidden (GError    **error,
           const char *why)
{
  g_set_error_literal (error, SL_HTTP_PATH_ERROR, SL_HTTP_PATH_ERROR_FORBIDDEN, why);
  return NULL;
}

/* Every segment is decoded on its own, so an encoded '/' cannot join two,
 * and checked after decoding, so "%2e%2e" is "..". Decoding happens once:
 * "%252e" stays the literal name "%2e". */
char *
sl_http_map_path (const char *target,
                  GError    **error)
{
  g_autoptr(GString) result = NULL;
  const char *p, *end;

  g_return_val_if_fail (target != NULL, NULL);

  if (target[0] != '/')
    {
      g_set_error_literal (error, SL_HTTP_PATH_ERROR, SL_HTTP_PATH_ERROR_BAD_REQUEST,
                           _("The request target does not start with “/”"));
      return NULL;
    }

  end = target + strcspn (target, "?#");
  result = g_string_sized_new (end - target);
  p = target;
  while (p < end)
    {
      /* The segment is decoded straight into result (after a '/' when it
       * is not the first), checked there, and taken back if empty */
      gsize result_len = result->len;
      gsize segment_start;
      const char *segment;
      const char *q;

      if (result->len > 0)
        g_string_append_c (result, '/');
      segment_start = result->len;

      p++;                      /* the '/' */
      for (q = p; q < end && *q != '/'; q++)
        {
          guchar c = *q;

          if (c == '%')
            {
              int hi = q + 1 < end ? hex_value (q[1]) : -1;
              int lo = q + 2 < end ? hex_value (q[2]) : -1;

              if (hi < 0 || lo < 0)
                {
                  g_set_error_literal (error, SL_HTTP_PATH_ERROR, SL_HTTP_PATH_ERROR_BAD_REQUEST,
                                       _("The path has a “%” that is not followed by two hexadecimal digits"));
                  return NULL;
                }
              c = (guchar) (hi * 16 + lo);
              q += 2;
              if (c == '/')
                return forbidden (error, _("The path has an encoded “/” (%2F) inside a name"));
            }
          if (c == '\0')
            return forbidden (error, _("The path has a NUL byte"));
          if (c == '\\')
            return forbidden (error, _("The path has a backslash"));
          if (c < 0x20 || c == 0x7f)
            return forbidden (error, _("The path has a control character"));
          g_string_append_c (result, c);
        }
      p = q;

      segment = result->str + segment_start;
      if (result->len == segment_start)
        {
          g_string_truncate (result, result_len);
          continue;             /* "//" and the trailing "/" */
        }
      if (strcmp (segment, ".") == 0 || strcmp (segment, "..") == 0)
        return forbidden (error, _("The path has a “.” or “..” segment"));
      if (segment[0] == '.')
        return forbidden (error, _("Hidden files (names starting with “.”) are not served"));
    }

  return g_string_free (g_steal_pointer (&result), FALSE);
}
