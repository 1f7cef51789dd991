/* sl-struct-text.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-struct"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sl-error.h"
#include "sl-payload.h"
#include "sl-payload-private.h"

/* The text side of sl-struct: values as a student types them (Python
 * literals, a little more forgiving), and values as Python's repr() prints
 * them. sl-struct.c does the bytes. */

void
sl_struct_value_clear (SlStructValue *v)
{
  g_clear_pointer (&v->bytes, g_bytes_unref);
}

/* float(int) for hex, octal and binary integers of 64 bits and more:
 * the top 64 significant bits, with every lower one bit folded into bit 0,
 * round to a double exactly as the whole number would. */
static double
power_of_two_digits_to_double (const char *digits,
                               guint       base)
{
  guint bits_per_digit = base == 16 ? 4 : base == 8 ? 3 : 1;
  guint64 top = 0;
  guint n_top = 0;
  gboolean sticky = FALSE;
  int dropped = 0;

  for (const char *p = digits; *p != '\0'; p++)
    {
      guint d = g_ascii_xdigit_value (*p);

      for (int b = bits_per_digit - 1; b >= 0; b--)
        {
          guint bit = (d >> b) & 1;

          if (n_top == 0 && bit == 0)
            continue;
          if (n_top < 64)
            {
              top = (top << 1) | bit;
              n_top++;
            }
          else
            {
              sticky |= bit;
              dropped++;
            }
        }
    }

  return ldexp ((double) (top | (sticky ? 1 : 0)), dropped);
}

/* Python integer literal: [+-] 42, 0x2a, 0o52, 0b101010, 1_000. */
static gboolean
parse_int (const char    *s,
           SlStructValue *v)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  guint base = 10;
  gboolean any = FALSE, last_underscore = FALSE;

  v->negative = FALSE;
  if (*s == '+' || *s == '-')
    v->negative = *s++ == '-';

  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    base = 16, s += 2;
  else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O'))
    base = 8, s += 2;
  else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
    base = 2, s += 2;

  v->magnitude = 0;
  v->huge = FALSE;
  for (; *s != '\0'; s++)
    {
      int d;

      if (*s == '_' && any && !last_underscore)
        {
          last_underscore = TRUE;
          continue;
        }
      d = g_ascii_xdigit_value (*s);
      if (d < 0 || (guint) d >= base)
        return FALSE;
      if (v->magnitude > (G_MAXUINT64 - d) / base)
        v->huge = TRUE;
      v->magnitude = v->magnitude * base + d;
      g_string_append_c (clean, *s);
      any = TRUE;
      last_underscore = FALSE;
    }
  if (!any || last_underscore)
    return FALSE;

  v->kind = SL_STRUCT_VALUE_INT;
  v->float_overflow = FALSE;
  if (base == 10)
    {
      /* strtod rounds correctly, as Python's float(int) does. */
      v->number = g_ascii_strtod (clean->str, NULL);
      v->float_overflow = isinf (v->number);
    }
  else if (v->huge)
    {
      v->number = power_of_two_digits_to_double (clean->str, base);
      v->float_overflow = isinf (v->number);
    }
  else
    v->number = (double) v->magnitude;
  if (v->negative)
    v->number = -v->number;

  return TRUE;
}

/* Python float literal, plus inf, nan and infinity as float() reads them. */
static gboolean
parse_float (const char    *s,
             SlStructValue *v)
{
  const char *p = s;
  gboolean negative = FALSE, digits = FALSE;
  char *end = NULL;

  if (*p == '+' || *p == '-')
    negative = *p++ == '-';

  if (g_ascii_strcasecmp (p, "inf") == 0 || g_ascii_strcasecmp (p, "infinity") == 0)
    {
      v->number = negative ? -INFINITY : INFINITY;
      v->kind = SL_STRUCT_VALUE_FLOAT;
      return TRUE;
    }
  if (g_ascii_strcasecmp (p, "nan") == 0)
    {
      v->number = copysign (NAN, negative ? -1.0 : 1.0);
      v->kind = SL_STRUCT_VALUE_FLOAT;
      return TRUE;
    }

  /* Only decimal syntax: strtod would also take hex floats. */
  for (; g_ascii_isdigit (*p); p++)
    digits = TRUE;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      digits = TRUE;
  if (!digits)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p != '\0')
    return FALSE;

  v->number = g_ascii_strtod (s, &end);
  v->kind = SL_STRUCT_VALUE_FLOAT;
  return end != NULL && *end == '\0';
}

gboolean
sl_struct_parse_value (const char     *raw,
                       guint           index,
                       SlStructValue  *v,
                       GError        **error)
{
  g_autofree char *text = g_strstrip (g_strdup (raw));
  gsize len = strlen (text);
  const char *body = text;

  memset (v, 0, sizeof *v);
  v->text = raw;

  if (body[0] == 'b' || body[0] == 'B')
    body++;
  if ((body[0] == '\'' || body[0] == '"') && strlen (body) >= 2 &&
      body[strlen (body) - 1] == body[0])
    {
      g_autoptr(GError) local_error = NULL;

      v->bytes = sl_payload_unescape (body + 1, strlen (body) - 2, &local_error);
      if (v->bytes == NULL)
        {
          g_set_error (error, SL_ERROR,
                       local_error->code == SL_ERROR_TOO_LARGE
                       ? SL_ERROR_TOO_LARGE : SL_ERROR_INVALID_STRUCT_VALUE,
                       _("Value %u: %s"), index + 1, local_error->message);
          return FALSE;
        }
      v->kind = SL_STRUCT_VALUE_BYTES;
      return TRUE;
    }

  if (len == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE,
                   _("Value %u is empty: write a number, True or False, or bytes such as "
                     "b'hi'"), index + 1);
      return FALSE;
    }

  if (strcmp (text, "True") == 0 || strcmp (text, "False") == 0)
    {
      v->kind = SL_STRUCT_VALUE_BOOL;
      v->magnitude = text[0] == 'T';
      v->number = v->magnitude;
    }
  else if (strcmp (text, "None") == 0)
    v->kind = SL_STRUCT_VALUE_NONE;
  else if (!parse_int (text, v) && !parse_float (text, v))
    v->kind = SL_STRUCT_VALUE_WORD;

  /* Unquoted text is also the content of a bytes literal, for s p c;
   * pack_one() reports a broken escape only where bytes are wanted. */
  v->bytes = sl_payload_unescape (text, -1, NULL);

  return TRUE;
}

/* The shortest decimal that reads back as @x, as Python's repr() finds it
 * (David Gay's dtoa, mode 0): digits without dot, and the decimal exponent
 * such that x = 0.DIGITS × 10^decpt. */
static void
shortest_digits (double  x,
                 char   *digits,
                 int    *decpt)
{
  char buf[64];

  for (int prec = 1; prec <= 17; prec++)
    {
      char cand[40];
      int exp10;
      gsize nd = 0;
      char *e;

      snprintf (buf, sizeof buf, "%.*e", prec - 1, x);
      e = strchr (buf, 'e');
      exp10 = atoi (e + 1);
      for (char *p = buf; p < e; p++)
        if (g_ascii_isdigit (*p))
          digits[nd++] = *p;
      digits[nd] = '\0';

      if (g_ascii_strtod (buf, NULL) == x)
        goto found;

      /* printf gives the nearest; next to a power of two the one on the
       * other side can be shorter and still read back (dtoa finds it). */
      for (int dir = -1; dir <= 1; dir += 2)
        {
          char d[32];
          int de = exp10;
          int i;

          memcpy (d, digits, nd + 1);
          for (i = nd - 1; i >= 0; i--)
            {
              if (dir > 0 && d[i] == '9')
                d[i] = '0';
              else if (dir < 0 && d[i] == '0')
                d[i] = '9';
              else
                {
                  d[i] += dir;
                  break;
                }
            }
          if (i < 0 && dir > 0)
            {
              /* 999 + 1 = 1000: one more decimal place */
              d[0] = '1';
              de++;
            }
          if (dir < 0 && d[0] == '0')
            {
              /* 100 - 1 = 099: shift */
              memmove (d, d + 1, nd);
              d[nd - 1] = '9';
              d[nd] = '\0';
              de--;
              if (d[0] == '\0' || d[0] == '0')
                continue;
            }
          g_snprintf (cand, sizeof cand, "%c.%se%d", d[0], d + 1, de);
          if (g_ascii_strtod (cand, NULL) == x)
            {
              memcpy (digits, d, nd + 1);
              exp10 = de;
              goto found;
            }
        }
      continue;

    found:
      while (nd > 1 && digits[nd - 1] == '0')
        digits[--nd] = '\0';
      *decpt = exp10 + 1;
      return;
    }

  g_assert_not_reached ();
}

void
sl_payload_append_float_repr (GString *out,
                              double   x)
{
  char digits[32];
  int decpt, nd;

  if (isnan (x))
    {
      g_string_append (out, "nan");
      return;
    }
  if (signbit (x))
    g_string_append_c (out, '-');
  x = fabs (x);
  if (isinf (x))
    {
      g_string_append (out, "inf");
      return;
    }
  if (x == 0.0)
    {
      g_string_append (out, "0.0");
      return;
    }

  shortest_digits (x, digits, &decpt);
  nd = strlen (digits);

  /* float_repr_style 'short': fixed notation for 1e-4 <= x < 1e16 */
  if (decpt <= -4 || decpt > 16)
    {
      int exp = decpt - 1;

      g_string_append_c (out, digits[0]);
      if (nd > 1)
        {
          g_string_append_c (out, '.');
          g_string_append (out, digits + 1);
        }
      g_string_append_printf (out, "e%c%02d", exp < 0 ? '-' : '+', ABS (exp));
    }
  else if (decpt <= 0)
    {
      g_string_append (out, "0.");
      for (int i = 0; i < -decpt; i++)
        g_string_append_c (out, '0');
      g_string_append (out, digits);
    }
  else if (decpt >= nd)
    {
      g_string_append (out, digits);
      for (int i = nd; i < decpt; i++)
        g_string_append_c (out, '0');
      g_string_append (out, ".0");
    }
  else
    {
      g_string_append_len (out, digits, decpt);
      g_string_append_c (out, '.');
      g_string_append (out, digits + decpt);
    }
}

void
sl_payload_append_bytes_repr (GString      *out,
                              const guint8 *data,
                              gsize         len)
{
  gboolean squote = FALSE, dquote = FALSE;
  char quote;

  /* bytes_repr(): single quotes unless only single quotes occur */
  for (gsize i = 0; i < len; i++)
    {
      squote |= data[i] == '\'';
      dquote |= data[i] == '"';
    }
  quote = squote && !dquote ? '"' : '\'';

  g_string_append_c (out, 'b');
  g_string_append_c (out, quote);
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      if (c == quote || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c < ' ' || c >= 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, quote);
}

/* Splitting a value line ------------------------------------------------- */

/* If @p opens a quoted value (b'..', '..', b"..", ".."), returns the
 * character after its closing quote, or NULL when the quote never closes.
 * Returns @p itself when no quoted value starts there. */
static const char *
skip_quoted (const char *p)
{
  const char *q = p;
  char quote;

  if (*q == 'b' || *q == 'B')
    q++;
  if (*q != '\'' && *q != '"')
    return p;

  quote = *q++;
  for (; *q != '\0'; q++)
    {
      if (*q == '\\' && q[1] != '\0')
        q++;
      else if (*q == quote)
        return q + 1;
    }

  return NULL;
}

GStrv
sl_struct_split_values (const char  *line,
                        GError     **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  const char *p, *end;
  gboolean commas = FALSE;
  guint index = 0;

  g_return_val_if_fail (line != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  builder = g_strv_builder_new ();
  p = line;
  end = line + strlen (line);
  while (p < end && g_ascii_isspace (*p))
    p++;
  while (end > p && g_ascii_isspace (end[-1]))
    end--;

  /* A tuple as unpack prints it can be pasted back. */
  if (end - p >= 2 && *p == '(' && end[-1] == ')')
    {
      p++;
      end--;
    }

  /* Commas separate the values when there is one outside quotes;
   * otherwise spaces do. */
  for (const char *q = p; q < end;)
    {
      const char *after = (q == p || g_ascii_isspace (q[-1]) || q[-1] == ',')
                          ? skip_quoted (q) : q;

      if (after == NULL)
        break;
      if (after != q)
        {
          q = after;
          continue;
        }
      if (*q == ',')
        {
          commas = TRUE;
          break;
        }
      q++;
    }

  while (p < end)
    {
      const char *start, *stop, *after;

      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p == end)
        break;

      start = p;
      after = skip_quoted (p);
      if (after == NULL || after > end)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE,
                       _("The quote that starts value %u at character %u is never "
                         "closed: end the value with the same quote"),
                       index + 1, sl_payload_char_position (line, start));
          return NULL;
        }

      if (after != p)
        {
          stop = p = after;
          while (p < end && g_ascii_isspace (*p))
            p++;
          if (p < end && (commas ? *p != ',' : p == stop))
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE,
                           _("Value %u ends with its closing quote at character %u, but more text follows: separate values "
                             "with commas or spaces"),
                           index + 1, sl_payload_char_position (line, stop - 1));
              return NULL;
            }
        }
      else if (commas)
        {
          while (p < end && *p != ',')
            p++;
          stop = p;
          while (stop > start && g_ascii_isspace (stop[-1]))
            stop--;
          if (stop == start)
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE,
                           _("Value %u at character %u is empty: write "
                             "a value between the commas"),
                           index + 1, sl_payload_char_position (line, start));
              return NULL;
            }
        }
      else
        {
          while (p < end && !g_ascii_isspace (*p))
            p++;
          stop = p;
        }

      {
        g_autofree char *value = g_strndup (start, stop - start);
        g_strv_builder_add (builder, value);
      }
      index++;

      if (commas && p < end)
        p++;    /* the comma; a trailing one is fine, as in Python */
    }

  return g_strv_builder_end (builder);
}
