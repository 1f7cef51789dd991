/* sl-struct.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-struct"

#include <glib/gi18n-lib.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sl-error.h"
#include "sl-payload.h"
#include "sl-payload-private.h"

/* Python's struct module, byte for byte, because the courses' programs use
 * it on the other end of the socket. The rules follow CPython's
 * Modules/_struct.c (as in 3.11): how formats are parsed and aligned,
 * which values each code accepts, and how unpack's results print with
 * repr(). tests/unit/gen-struct-vectors.py checks us against Python. */

/* Native alignment as CPython measures it: the offset of the type after a
 * char in a struct, which is not always _Alignof (double on i386). */
#define DEFINE_ALIGN(name, type) \
  typedef struct { char c; type x; } SlAlign_##name;
#define ALIGN_OF(name) offsetof (SlAlign_##name, x)
DEFINE_ALIGN (bool, _Bool)
DEFINE_ALIGN (short, short)
DEFINE_ALIGN (int, int)
DEFINE_ALIGN (long, long)
DEFINE_ALIGN (llong, long long)
DEFINE_ALIGN (size, size_t)
DEFINE_ALIGN (float, float)
DEFINE_ALIGN (double, double)
DEFINE_ALIGN (ptr, void *)

typedef struct
{
  char  code;       /* the format character */
  gsize offset;
  gsize size;       /* of one item; for s and p the count */
  gsize repeat;     /* items; 1 for s and p */
} SlStructCode;

struct _SlStruct
{
  char     *format;
  gboolean  native;   /* @: native sizes and alignment */
  gboolean  little;
  gsize     size;
  guint     n_values;
  GArray   *codes;    /* SlStructCode */
};

/* Size and alignment of @c, or FALSE when @c is no format character in
 * this mode. */
static gboolean
lookup_code (char      c,
             gboolean  native,
             gsize    *size,
             gsize    *align)
{
  gsize s = 0, a = 0;

  switch (c)
    {
    case 'x': case 'c': case 'b': case 'B': case 's': case 'p':
      s = 1;
      break;
    case '?': s = native ? sizeof (_Bool) : 1; a = ALIGN_OF (bool); break;
    case 'h': case 'H': case 'e': s = native ? sizeof (short) : 2; a = ALIGN_OF (short); break;
    case 'i': case 'I': s = native ? sizeof (int) : 4; a = ALIGN_OF (int); break;
    case 'l': case 'L': s = native ? sizeof (long) : 4; a = ALIGN_OF (long); break;
    case 'q': case 'Q': s = native ? sizeof (long long) : 8; a = ALIGN_OF (llong); break;
    case 'f': s = native ? sizeof (float) : 4; a = ALIGN_OF (float); break;
    case 'd': s = native ? sizeof (double) : 8; a = ALIGN_OF (double); break;
    case 'n': case 'N':
      if (!native)
        return FALSE;
      s = sizeof (size_t);
      a = ALIGN_OF (size);
      break;
    case 'P':
      if (!native)
        return FALSE;
      s = sizeof (void *);
      a = ALIGN_OF (ptr);
      break;
    default:
      return FALSE;
    }

  *size = s;
  *align = native ? a : 0;
  return TRUE;
}

static gboolean
is_py_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void
set_bad_char (GError     **error,
              const char  *format,
              const char  *p,
              gboolean     native)
{
  g_autoptr(GString) what = g_string_new (NULL);
  guint pos = sl_payload_char_position (format, p);
  const char *end = p + strlen (p);

  sl_payload_describe_char (what, p, end);

  if (strchr ("nNP", *p) != NULL && *p != '\0' && !native)
    g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_FORMAT,
                 _("“%s” at character %u exists only with the native "
                   "byte order: start the format with @ (or nothing), or use %s instead"),
                 what->str, pos, *p == 'n' ? "q" : "Q");
  else if (strchr ("@=<>!", *p) != NULL && *p != '\0')
    g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_FORMAT,
                 _("“%s” at character %u chooses a byte order, which only "
                   "the first character of a format may do: move it to the start"),
                 what->str, pos);
  else if (is_py_space (*p) && p > format && g_ascii_isdigit (p[-1]))
    g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_FORMAT,
                 _("The count before character %u must be followed directly "
                   "by its format character: write 4s, not 4 s"),
                 pos);
  else
    g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_FORMAT,
                 _("“%s” at character %u is not a struct format character: "
                   "use x c b B ? h H i I l L q Q n N e f d s p P, each with an optional "
                   "count before it, as in 4s or 2h"),
                 what->str, pos);
}

static void
set_too_large_format (GError     **error,
                      const char  *format)
{
  g_set_error (error, SL_ERROR, SL_ERROR_TOO_LARGE,
               _("The format “%s” describes more than %u MiB, the most Socket Lab sends "
                 "at once: use smaller counts"),
               format, (guint) (SL_PAYLOAD_MAX_SIZE / (1024 * 1024)));
}

SlStruct *
sl_struct_new (const char  *format,
               GError     **error)
{
  g_autoptr(SlStruct) self = NULL;
  const char *p;
  guint64 size = 0;
  guint64 n_values = 0;

  g_return_val_if_fail (format != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (SlStruct, 1);
  self->format = g_strdup (format);
  self->codes = g_array_new (FALSE, FALSE, sizeof (SlStructCode));
  self->native = TRUE;
  self->little = G_BYTE_ORDER == G_LITTLE_ENDIAN;

  p = format;
  switch (*p)
    {
    case '@': p++; break;
    case '=': self->native = FALSE; p++; break;
    case '<': self->native = FALSE; self->little = TRUE; p++; break;
    case '>': case '!': self->native = FALSE; self->little = FALSE; p++; break;
    default: break;
    }

  while (*p != '\0')
    {
      const char *start = p;
      guint64 num = 1;
      gsize item, align;
      SlStructCode code;

      if (is_py_space (*p))
        {
          p++;
          continue;
        }

      if (g_ascii_isdigit (*p))
        {
          num = 0;
          for (; g_ascii_isdigit (*p); p++)
            {
              num = num * 10 + (*p - '0');
              /* Python allows counts up to 2^63; anything we could send
               * is far smaller, and refusing early avoids overflow. */
              if (num > SL_PAYLOAD_MAX_SIZE)
                {
                  set_too_large_format (error, format);
                  return NULL;
                }
            }
          if (*p == '\0')
            {
              g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_FORMAT,
                           _("The count at character %u has no format "
                             "character after it: write what it counts, as in 4s or 3i"),
                           sl_payload_char_position (format, start));
              return NULL;
            }
        }

      if (!lookup_code (*p, self->native, &item, &align))
        {
          set_bad_char (error, format, p, self->native);
          return NULL;
        }

      if (align > 0 && size > 0)
        size += (align - 1) - (size - 1) % align;

      code.code = *p;
      code.offset = size;
      if (*p == 's' || *p == 'p')
        {
          code.size = num;
          code.repeat = 1;
          n_values++;
          size += num;
          g_array_append_val (self->codes, code);
        }
      else if (*p == 'x')
        {
          size += num;
        }
      else
        {
          code.size = item;
          code.repeat = num;
          n_values += num;
          size += num * item;
          if (num > 0)
            g_array_append_val (self->codes, code);
        }

      if (size > SL_PAYLOAD_MAX_SIZE)
        {
          set_too_large_format (error, format);
          return NULL;
        }
      p++;
    }

  self->size = size;
  self->n_values = n_values;

  return g_steal_pointer (&self);
}

void
sl_struct_free (SlStruct *self)
{
  if (self == NULL)
    return;

  g_free (self->format);
  if (self->codes != NULL)
    g_array_unref (self->codes);
  g_free (self);
}

const char *
sl_struct_get_format (SlStruct *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->format;
}

gsize
sl_struct_get_size (SlStruct *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->size;
}

guint
sl_struct_get_n_values (SlStruct *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_values;
}

/* Packing ---------------------------------------------------------------- */

static void
write_uint (guint8   *out,
            guint64   bits,
            gsize     size,
            gboolean  little)
{
  for (gsize i = 0; i < size; i++)
    out[little ? i : size - 1 - i] = (guint8) (bits >> (8 * i));
}

static guint64
read_uint (const guint8 *in,
           gsize         size,
           gboolean      little)
{
  guint64 bits = 0;

  for (gsize i = 0; i < size; i++)
    bits |= (guint64) in[little ? i : size - 1 - i] << (8 * i);

  return bits;
}

/* The range Python accepts for integer code @c, as sign and magnitudes. */
static void
int_range (SlStruct *self,
           char      c,
           gsize     size,
           guint64  *neg_max,
           guint64  *pos_max)
{
  gboolean is_signed = strchr ("bhilqn", c) != NULL;
  guint64 bits = size * 8;

  if (c == 'P')
    {
      /* PyLong_AsVoidPtr takes negative numbers too. */
      *neg_max = sizeof (void *) <= sizeof (long) ? (guint64) LONG_MAX + 1
                                                  : (guint64) G_MAXINT64 + 1;
      *pos_max = sizeof (void *) <= sizeof (long) ? ULONG_MAX : G_MAXUINT64;
      return;
    }

  if (is_signed)
    {
      *neg_max = (guint64) 1 << (bits - 1);
      *pos_max = *neg_max - 1;
    }
  else
    {
      *neg_max = 0;
      *pos_max = bits == 64 ? G_MAXUINT64 : ((guint64) 1 << bits) - 1;
    }
}

/* PyFloat_Pack2: IEEE half precision, rounding half to even. */
static gboolean
pack_half (double   x,
           guint16 *out)
{
  guint16 sign, bits;
  int e;

  if (x == 0.0)
    {
      sign = signbit (x) ? 1 : 0;
      e = 0;
      bits = 0;
    }
  else if (isinf (x))
    {
      sign = x < 0.0;
      e = 0x1f;
      bits = 0;
    }
  else if (isnan (x))
    {
      sign = signbit (x) ? 1 : 0;
      e = 0x1f;
      bits = 512;
    }
  else
    {
      double f;

      sign = x < 0.0;
      if (sign)
        x = -x;
      f = frexp (x, &e);
      f *= 2.0;
      e--;
      if (e >= 16)
        return FALSE;
      else if (e < -25)
        {
          f = 0.0;
          e = 0;
        }
      else if (e < -14)
        {
          f = ldexp (f, 14 + e);
          e = 0;
        }
      else
        {
          e += 15;
          f -= 1.0;
        }
      f *= 1024.0;
      bits = (guint16) f;
      if ((f - bits > 0.5) || ((f - bits == 0.5) && (bits % 2 == 1)))
        {
          ++bits;
          if (bits == 1024)
            {
              bits = 0;
              ++e;
              if (e == 31)
                return FALSE;
            }
        }
    }

  *out = bits | (e << 10) | (sign << 15);
  return TRUE;
}

static double
unpack_half (guint16 h)
{
  int sign = h >> 15;
  int e = (h >> 10) & 0x1f;
  int f = h & 0x3ff;
  double x;

  if (e == 0x1f)
    {
      if (f == 0)
        return sign ? -INFINITY : INFINITY;
      return copysign (NAN, sign ? -1.0 : 1.0);
    }

  x = (double) f / 1024.0;
  if (e == 0)
    e = -14;
  else
    {
      x += 1.0;
      e -= 15;
    }
  x = ldexp (x, e);

  return sign ? -x : x;
}

static gboolean
pack_one (SlStruct       *self,
          SlStructCode   *code,
          SlStructValue  *v,
          guint           index,
          guint8         *out,
          GError        **error)
{
  char c = code->code;
  char cs[2] = { c, '\0' };

  switch (c)
    {
    case 's':
    case 'p':
    case 'c':
      {
        gsize len = 0;
        const guint8 *data = v->bytes != NULL ? g_bytes_get_data (v->bytes, &len) : NULL;

        if (v->bytes == NULL)
          {
            g_autofree char *text = g_strstrip (g_strdup (v->text));
            g_autoptr(GError) local_error = NULL;
            g_autoptr(GBytes) unused = sl_payload_unescape (text, -1, &local_error);

            g_assert (unused == NULL);
            g_set_error (error, SL_ERROR,
                         local_error->code == SL_ERROR_TOO_LARGE
                         ? SL_ERROR_TOO_LARGE : SL_ERROR_INVALID_STRUCT_VALUE,
                         _("Value %u: %s"), index + 1, local_error->message);
            return FALSE;
          }
        if (c == 'c')
          {
            if (len != 1)
              {
                g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE,
                             _("Value %u (“%s”) is not one byte, but “c” packs exactly "
                               "one byte: write e.g. A or \\x00"),
                             index + 1, v->text);
                return FALSE;
              }
            out[0] = data[0];
          }
        else if (c == 's')
          {
            if (len > 0)
              memcpy (out, data, MIN (len, code->size));
          }
        else if (code->size == 0)
          {
            /* CPython writes its length byte, (unsigned char) -1, even for
             * "0p": into whatever follows, unless a later item overwrites
             * it, and past the end when nothing follows (we skip that). */
            if (code->offset < self->size)
              out[0] = 0xff;
          }
        else
          {
            /* Pascal string: a length byte, then at most count - 1 bytes. */
            gsize n = MIN (len, code->size - 1);

            if (n > 0)
              memcpy (out + 1, data, n);
            out[0] = (guint8) MIN (n, 255);
          }
        return TRUE;
      }

    case '?':
      {
        gboolean truth;

        switch (v->kind)
          {
          case SL_STRUCT_VALUE_INT: truth = v->magnitude != 0 || v->huge; break;
          case SL_STRUCT_VALUE_BOOL: truth = v->magnitude != 0; break;
          case SL_STRUCT_VALUE_FLOAT: truth = v->number != 0.0; break;
          case SL_STRUCT_VALUE_NONE: truth = FALSE; break;
          case SL_STRUCT_VALUE_BYTES: truth = g_bytes_get_size (v->bytes) > 0; break;
          case SL_STRUCT_VALUE_WORD:
          default:
            g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE,
                         _("Value %u (“%s”) is not a truth value: write True or False "
                           "(or 1 or 0) for “?”"), index + 1, v->text);
            return FALSE;
          }
        out[0] = truth ? 1 : 0;
        return TRUE;
      }

    case 'e':
    case 'f':
    case 'd':
      {
        double x = v->number;

        if (v->kind != SL_STRUCT_VALUE_FLOAT && v->kind != SL_STRUCT_VALUE_INT && v->kind != SL_STRUCT_VALUE_BOOL)
          {
            g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE,
                         _("Value %u (“%s”) is not a number, but “%s” packs a floating-point "
                           "number: write e.g. 3.14, -1e10, inf or nan"),
                         index + 1, v->text, cs);
            return FALSE;
          }
        if (v->kind == SL_STRUCT_VALUE_INT && v->float_overflow)
          {
            g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE,
                         _("Value %u (“%s”) is too large to become a floating-point number"),
                         index + 1, v->text);
            return FALSE;
          }

        if (c == 'd')
          {
            guint64 bits;

            memcpy (&bits, &x, sizeof bits);
            write_uint (out, bits, 8, self->little);
          }
        else if (c == 'f')
          {
            float y = (float) x;
            guint32 bits;

            /* Python checks the range only with standard sizes; the
             * native code lets it become inf. */
            if (!self->native && isinf (y) && !isinf (x))
              {
                g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE,
                             _("Value %u (%s) is too large for “f”, a 4-byte float "
                               "(at most about 3.4e38): use “d” for larger numbers"),
                             index + 1, v->text);
                return FALSE;
              }
            memcpy (&bits, &y, sizeof bits);
            write_uint (out, bits, 4, self->little);
          }
        else
          {
            guint16 bits;

            if (!pack_half (x, &bits))
              {
                g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE,
                             _("Value %u (%s) is too large for “e”, a 2-byte half float "
                               "(at most 65504): use “f” or “d” for larger numbers"),
                             index + 1, v->text);
                return FALSE;
              }
            write_uint (out, bits, 2, self->little);
          }
        return TRUE;
      }

    default:
      {
        guint64 neg_max, pos_max, bits;
        gboolean ok;

        if (v->kind != SL_STRUCT_VALUE_INT && v->kind != SL_STRUCT_VALUE_BOOL)
          {
            g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE,
                         _("Value %u (“%s”) is not an integer, but “%s” packs whole numbers: "
                           "write e.g. 42, -1 or 0x2a"), index + 1, v->text, cs);
            return FALSE;
          }

        int_range (self, c, code->size, &neg_max, &pos_max);
        if (v->huge)
          ok = FALSE;
        else if (v->negative && v->magnitude != 0)
          ok = v->magnitude <= neg_max;
        else
          ok = v->magnitude <= pos_max;

        if (!ok)
          {
            g_autofree char *lo = neg_max == 0 ? g_strdup ("0")
              : g_strdup_printf ("-%" G_GUINT64_FORMAT, neg_max);
            g_autofree char *hi = g_strdup_printf ("%" G_GUINT64_FORMAT, pos_max);

            g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE,
                         _("Value %u (%s) does not fit in “%s”, which holds %s to %s: "
                           "use a number in that range, or a format character for "
                           "larger numbers (q holds 8 bytes)"),
                         index + 1, v->text, cs, lo, hi);
            return FALSE;
          }

        bits = v->negative ? ~v->magnitude + 1 : v->magnitude;
        write_uint (out, bits, code->size, self->little);
        return TRUE;
      }
    }
}

GBytes *
sl_struct_pack (SlStruct            *self,
                const char * const  *values,
                guint                n_values,
                GError             **error)
{
  g_autofree guint8 *out = NULL;
  guint index = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (values != NULL || n_values == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_values != self->n_values)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The format “%s” packs %u value, but %u were given: "
                                "write one value for each format character (s and p "
                                "take one each, x none)",
                                "The format “%s” packs %u values, but %u were given: "
                                "write one value for each format character (s and p "
                                "take one each, x none)",
                                self->n_values),
                   self->format, self->n_values, n_values);
      return NULL;
    }

  out = g_malloc0 (MAX (self->size, 1));

  for (guint i = 0; i < self->codes->len; i++)
    {
      SlStructCode *code = &g_array_index (self->codes, SlStructCode, i);

      for (gsize r = 0; r < code->repeat; r++, index++)
        {
          SlStructValue v;
          gboolean ok;

          if (!sl_struct_parse_value (values[index], index, &v, error))
            return NULL;
          ok = pack_one (self, code, &v, index, out + code->offset + r * code->size, error);
          sl_struct_value_clear (&v);
          if (!ok)
            return NULL;
        }
    }

  return g_bytes_new_take (g_steal_pointer (&out), self->size);
}

/* Unpacking -------------------------------------------------------------- */

static char *
unpack_one (SlStruct     *self,
            SlStructCode *code,
            const guint8 *in)
{
  GString *out = g_string_new (NULL);
  char c = code->code;

  switch (c)
    {
    case 'c':
      sl_payload_append_bytes_repr (out, in, 1);
      break;

    case 's':
      sl_payload_append_bytes_repr (out, in, code->size);
      break;

    case 'p':
      {
        gsize n = code->size > 0 ? in[0] : 0;

        /* CPython fails on "0p" with a SystemError; b'' is what it means. */
        if (code->size > 0 && n >= code->size)
          n = code->size - 1;
        sl_payload_append_bytes_repr (out, code->size > 0 ? in + 1 : in, n);
      }
      break;

    case '?':
      {
        gboolean truth = FALSE;

        for (gsize i = 0; i < code->size; i++)
          truth |= in[i] != 0;
        g_string_append (out, truth ? "True" : "False");
      }
      break;

    case 'e':
      sl_payload_append_float_repr (out, unpack_half (read_uint (in, 2, self->little)));
      break;

    case 'f':
      {
        guint32 bits = read_uint (in, 4, self->little);
        float y;

        memcpy (&y, &bits, sizeof y);
        sl_payload_append_float_repr (out, y);
      }
      break;

    case 'd':
      {
        guint64 bits = read_uint (in, 8, self->little);
        double x;

        memcpy (&x, &bits, sizeof x);
        sl_payload_append_float_repr (out, x);
      }
      break;

    default:
      {
        guint64 bits = read_uint (in, code->size, self->little);

        if (strchr ("bhilqn", c) != NULL)
          {
            gint64 value;

            if (code->size < 8 && (bits >> (code->size * 8 - 1)) & 1)
              bits |= G_MAXUINT64 << (code->size * 8);
            value = (gint64) bits;
            g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
          }
        else
          g_string_append_printf (out, "%" G_GUINT64_FORMAT, bits);
      }
      break;
    }

  return g_string_free (out, FALSE);
}

GStrv
sl_struct_unpack (SlStruct      *self,
                  const guint8  *data,
                  gsize          len,
                  GError       **error)
{
  g_autoptr(GPtrArray) values = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len != self->size)
    {
      g_autofree char *have = g_strdup_printf ("%" G_GSIZE_FORMAT, len);

      /* self->size fits in guint (SL_PAYLOAD_MAX_SIZE); len may not. */
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The format “%s” describes %u byte, but the data has %s: "
                                "unpacking needs exactly as many bytes as the format describes",
                                "The format “%s” describes %u bytes, but the data has %s: "
                                "unpacking needs exactly as many bytes as the format describes",
                                (guint) self->size),
                   self->format, (guint) self->size, have);
      return NULL;
    }

  values = g_ptr_array_new_full (self->n_values + 1, g_free);
  for (guint i = 0; i < self->codes->len; i++)
    {
      SlStructCode *code = &g_array_index (self->codes, SlStructCode, i);

      for (gsize r = 0; r < code->repeat; r++)
        g_ptr_array_add (values, unpack_one (self, code, data + code->offset + r * code->size));
    }
  g_ptr_array_add (values, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&values), FALSE);
}

char *
sl_struct_unpack_to_string (SlStruct      *self,
                            const guint8  *data,
                            gsize          len,
                            GError       **error)
{
  g_auto(GStrv) values = sl_struct_unpack (self, data, len, error);
  GString *out;
  guint n;

  if (values == NULL)
    return NULL;

  n = g_strv_length (values);
  out = g_string_new ("(");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, values[i]);
    }
  if (n == 1)
    g_string_append_c (out, ',');
  g_string_append_c (out, ')');

  return g_string_free (out, FALSE);
}
