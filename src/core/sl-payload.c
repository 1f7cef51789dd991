/* sl-payload.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-payload"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-error.h"
#include "sl-payload.h"
#include "sl-payload-private.h"

/* Text with escapes and hex, both ways. Everything here is pure and works on
 * any thread. Input comes from a student's keyboard or from the network, so
 * every function copes with any bytes, and with far too many of them. */

guint
sl_payload_char_position (const char *start,
                          const char *pos)
{
  /* Texts are capped far below 4 G characters before we get here. */
  guint n = 1;

  /* Count lead bytes only, so that invalid UTF-8 cannot make us skip past
   * @pos the way g_utf8_next_char() would. */
  for (const char *p = start; p < pos; p++)
    if (((guchar) *p & 0xc0) != 0x80)
      n++;

  return n;
}

void
sl_payload_describe_char (GString    *out,
                          const char *p,
                          const char *end)
{
  guchar c = (guchar) *p;

  if (c >= 0x20 && c < 0x7f)
    {
      g_string_append_c (out, c);
    }
  else if (c >= 0x80)
    {
      gunichar u = g_utf8_get_char_validated (p, end - p);

      if (u != (gunichar) -1 && u != (gunichar) -2 && g_unichar_isgraph (u))
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      else if (u != (gunichar) -1 && u != (gunichar) -2)
        g_string_append_printf (out, "U+%04X", u);
      else
        g_string_append_printf (out, "\\x%02x", c);
    }
  else
    {
      g_string_append_printf (out, "\\x%02x", c);
    }
}

static void
set_too_large (GError **error)
{
  g_set_error (error, SL_ERROR, SL_ERROR_TOO_LARGE,
               _("The payload is larger than %u MiB, the most Socket Lab sends at once: "
                 "send a smaller piece, or send it in several parts"),
               (guint) (SL_PAYLOAD_MAX_SIZE / (1024 * 1024)));
}

static int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

GBytes *
sl_payload_unescape (const char  *text,
                     gssize       len,
                     GError     **error)
{
  const char *p, *end;
  guint8 *out;
  gsize n = 0;
  gsize alloc;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len < 0)
    len = strlen (text);

  /* Four characters (\xHH) make the smallest escape, so anything longer
   * than four times the limit is too large whatever it holds. */
  if ((gsize) len / 4 > SL_PAYLOAD_MAX_SIZE)
    {
      set_too_large (error);
      return NULL;
    }

  p = text;
  end = text + len;
  alloc = MIN ((gsize) len, (gsize) SL_PAYLOAD_MAX_SIZE + 1);
  out = g_malloc (MAX (alloc, 1));

  while (p < end)
    {
      const char *start = p;
      guint value;

      if (n > SL_PAYLOAD_MAX_SIZE - 1)
        {
          g_free (out);
          set_too_large (error);
          return NULL;
        }

      if (*p != '\\')
        {
          out[n++] = (guint8) *p++;
          continue;
        }

      p++;
      if (p == end)
        {
          g_free (out);
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ESCAPE,
                       _("The backslash at character %u ends the text "
                         "without an escape: write \\\\ for a backslash itself"),
                       sl_payload_char_position (text, start));
          return NULL;
        }

      switch (*p)
        {
        case 'n': value = '\n'; p++; break;
        case 'r': value = '\r'; p++; break;
        case 't': value = '\t'; p++; break;
        case 'a': value = '\a'; p++; break;
        case 'b': value = '\b'; p++; break;
        case 'f': value = '\f'; p++; break;
        case 'v': value = '\v'; p++; break;
        case '\\': value = '\\'; p++; break;
        case '\'': value = '\''; p++; break;
        case '"': value = '"'; p++; break;

        case '0': case '1': case '2': case '3':
        case '4': case '5': case '6': case '7':
          /* Octal as in Python: \0 is a zero byte, \101 is "A". */
          value = 0;
          for (int i = 0; i < 3 && p < end && *p >= '0' && *p <= '7'; i++)
            value = value * 8 + (*p++ - '0');
          if (value > 0xff)
            {
              g_free (out);
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ESCAPE,
                           _("The octal escape at character %u is larger "
                             "than a byte (\\377 is the largest): use \\xHH, e.g. \\xff"),
                           sl_payload_char_position (text, start));
              return NULL;
            }
          break;

        case 'x':
          {
            int hi = p + 1 < end ? hex_value (p[1]) : -1;
            int lo = p + 2 < end ? hex_value (p[2]) : -1;

            if (hi < 0 || lo < 0)
              {
                g_free (out);
                g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ESCAPE,
                             _("The \\x at character %u needs exactly two "
                               "hex digits after it: write \\x0a, not \\xa or \\xg0"),
                             sl_payload_char_position (text, start));
                return NULL;
              }
            value = hi * 16 + lo;
            p += 3;
          }
          break;

        default:
          {
            g_autoptr(GString) what = g_string_new (NULL);

            sl_payload_describe_char (what, p, end);
            g_free (out);
            g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ESCAPE,
                         _("“\\%s” at character %u is not an escape: use "
                           "\\n, \\r, \\t, \\0, \\xHH, or \\\\ for a backslash itself"),
                         what->str, sl_payload_char_position (text, start));
            return NULL;
          }
        }

      out[n++] = (guint8) value;
    }

  return g_bytes_new_take (out, n);
}

/* Characters that would reorder or hide the text around them. */
static gboolean
is_invisible_control (gunichar u)
{
  switch (g_unichar_type (u))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    default:
      break;
    }

  return (u >= 0x200e && u <= 0x200f) || (u >= 0x202a && u <= 0x202e) ||
         (u >= 0x2066 && u <= 0x2069) || u == 0xfeff;
}

char *
sl_payload_escape (const guint8 *data,
                   gsize         len)
{
  GString *out;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  out = g_string_sized_new (len + 16);

  while (i < len)
    {
      guint8 c = data[i];

      if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c >= 0x20 && c < 0x7f)
        g_string_append_c (out, c);
      else if (c >= 0x80)
        {
          const char *p = (const char *) data + i;
          gssize max = MIN (len - i, 6);
          gunichar u = g_utf8_get_char_validated (p, max);

          if (u != (gunichar) -1 && u != (gunichar) -2 && !is_invisible_control (u))
            {
              gsize clen = g_utf8_next_char (p) - p;

              /* Kept verbatim: unescape copies it back unchanged. */
              g_string_append_len (out, p, clen);
              i += clen;
              continue;
            }
          g_string_append_printf (out, "\\x%02x", c);
        }
      else
        g_string_append_printf (out, "\\x%02x", c);

      i++;
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_hex_separator (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == ':' || c == '-' || c == ',';
}

GBytes *
sl_payload_parse_hex (const char  *text,
                      GError     **error)
{
  gsize len;
  const char *p, *end;
  g_autofree guint8 *out = NULL;
  gsize n = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = strlen (text);
  end = text + len;
  out = g_malloc (MIN (len / 2, (gsize) SL_PAYLOAD_MAX_SIZE) + 1);
  p = text;

  while (p < end)
    {
      const char *last_digit = NULL;
      gsize digits = 0;

      if (is_hex_separator (*p))
        {
          p++;
          continue;
        }

      /* A group: optional 0x, then pairs of digits up to a separator. */
      if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        p += 2;

      for (; p < end && !is_hex_separator (*p); p++)
        {
          int v = hex_value (*p);

          if (v < 0)
            {
              g_autoptr(GString) what = g_string_new (NULL);

              sl_payload_describe_char (what, p, end);
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_HEX,
                           _("“%s” at character %u is not a hex digit: "
                             "use 0–9 and a–f, two digits a byte, e.g. 48 65 6c"),
                           what->str, sl_payload_char_position (text, p));
              return NULL;
            }

          if (digits % 2 == 0)
            {
              if (n >= SL_PAYLOAD_MAX_SIZE)
                {
                  set_too_large (error);
                  return NULL;
                }
              out[n] = v << 4;
            }
          else
            {
              out[n++] |= v;
            }
          digits++;
          last_digit = p;
        }

      if (digits == 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_HEX,
                       _("“0x” at character %u has no hex digits after "
                         "it: write a byte such as 0x41"),
                       sl_payload_char_position (text, p - 2));
          return NULL;
        }

      if (digits % 2 != 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_HEX,
                       _("The hex digit “%c” at character %u has no "
                         "partner: every byte is two digits, so write 0%c instead of %c"),
                       *last_digit, sl_payload_char_position (text, last_digit),
                       *last_digit, *last_digit);
          return NULL;
        }
    }

  return g_bytes_new_take (g_steal_pointer (&out), n);
}

char *
sl_payload_to_hex (const guint8 *data,
                   gsize         len)
{
  static const char digits[] = "0123456789abcdef";
  char *out, *q;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len == 0)
    return g_strdup ("");

  out = q = g_malloc (len * 3);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0)
        *q++ = ' ';
      *q++ = digits[data[i] >> 4];
      *q++ = digits[data[i] & 0xf];
    }
  *q = '\0';

  return out;
}

char *
sl_payload_hexdump (const guint8 *data,
                    gsize         len)
{
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  /* The layout of `hexdump -C`, which the courses show. */
  out = g_string_sized_new ((len / 16 + 1) * 80);

  for (gsize off = 0; off < len; off += 16)
    {
      gsize n = MIN (16, len - off);

      g_string_append_printf (out, "%08" G_GSIZE_MODIFIER "x  ", off);
      for (gsize i = 0; i < 16; i++)
        {
          if (i < n)
            g_string_append_printf (out, "%02x ", data[off + i]);
          else
            g_string_append (out, "   ");
          if (i == 7)
            g_string_append_c (out, ' ');
        }
      g_string_append (out, " |");
      for (gsize i = 0; i < n; i++)
        {
          guint8 c = data[off + i];

          g_string_append_c (out, c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
      g_string_append (out, "|\n");
    }

  return g_string_free (out, FALSE);
}

GBytes *
sl_payload_build (SlPayloadMode   mode,
                  const char     *text,
                  const char     *format,
                  SlLineEnding    ending,
                  GError        **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (mode)
    {
    case SL_PAYLOAD_TEXT:
      {
        g_autoptr(GBytes) body = sl_payload_unescape (text, -1, error);
        const char *suffix = ending == SL_LINE_ENDING_LF ? "\n"
                             : ending == SL_LINE_ENDING_CRLF ? "\r\n" : "";
        gsize body_len, suffix_len = strlen (suffix);
        guint8 *out;

        if (body == NULL)
          return NULL;
        if (suffix_len == 0)
          return g_steal_pointer (&body);

        body_len = g_bytes_get_size (body);
        if (body_len + suffix_len > SL_PAYLOAD_MAX_SIZE)
          {
            set_too_large (error);
            return NULL;
          }
        out = g_malloc (body_len + suffix_len);
        if (body_len > 0)
          memcpy (out, g_bytes_get_data (body, NULL), body_len);
        memcpy (out + body_len, suffix, suffix_len);
        return g_bytes_new_take (out, body_len + suffix_len);
      }

    case SL_PAYLOAD_HEX:
      return sl_payload_parse_hex (text, error);

    case SL_PAYLOAD_STRUCT:
      {
        g_autoptr(SlStruct) st = sl_struct_new (format != NULL ? format : "", error);
        g_auto(GStrv) values = NULL;

        if (st == NULL)
          return NULL;
        values = sl_struct_split_values (text, error);
        if (values == NULL)
          return NULL;
        return sl_struct_pack (st, (const char * const *) values,
                               g_strv_length (values), error);
      }

    default:
      g_return_val_if_reached (NULL);
    }
}
