/* sl-mcc-codec.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A pure codec for the pickles of the course's multicast chat. It owns
 * nothing beyond one call and runs on whatever thread calls it (the
 * network thread for received datagrams). The decoder is a small stack
 * machine over an arena of values (str, bytes, list, tuple and two
 * markers for the protocol 2 bytes constructors); values refer to each
 * other by index, so memo aliasing and self-references need no recursion
 * and no reference counting. */

#include "config.h"

#define G_LOG_DOMAIN "sl-mcc-codec"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-mcc-codec.h"

G_DEFINE_QUARK (sl-mcc-error-quark, sl_mcc_error)

static const char * const opcode_names[256] = {
  [0x49] = "INT", [0x4a] = "BININT", [0x4b] = "BININT1", [0x4d] = "BININT2",
  [0x4c] = "LONG", [0x8a] = "LONG1", [0x8b] = "LONG4", [0x53] = "STRING",
  [0x54] = "BINSTRING", [0x55] = "SHORT_BINSTRING", [0x42] = "BINBYTES",
  [0x43] = "SHORT_BINBYTES", [0x8e] = "BINBYTES8", [0x96] = "BYTEARRAY8",
  [0x97] = "NEXT_BUFFER", [0x98] = "READONLY_BUFFER", [0x4e] = "NONE",
  [0x88] = "NEWTRUE", [0x89] = "NEWFALSE", [0x56] = "UNICODE",
  [0x8c] = "SHORT_BINUNICODE", [0x58] = "BINUNICODE", [0x8d] = "BINUNICODE8",
  [0x46] = "FLOAT", [0x47] = "BINFLOAT", [0x5d] = "EMPTY_LIST", [0x61] = "APPEND",
  [0x65] = "APPENDS", [0x6c] = "LIST", [0x29] = "EMPTY_TUPLE", [0x74] = "TUPLE",
  [0x85] = "TUPLE1", [0x86] = "TUPLE2", [0x87] = "TUPLE3", [0x7d] = "EMPTY_DICT",
  [0x64] = "DICT", [0x73] = "SETITEM", [0x75] = "SETITEMS", [0x8f] = "EMPTY_SET",
  [0x90] = "ADDITEMS", [0x91] = "FROZENSET", [0x30] = "POP", [0x32] = "DUP",
  [0x28] = "MARK", [0x31] = "POP_MARK", [0x67] = "GET", [0x68] = "BINGET",
  [0x6a] = "LONG_BINGET", [0x70] = "PUT", [0x71] = "BINPUT", [0x72] = "LONG_BINPUT",
  [0x94] = "MEMOIZE", [0x82] = "EXT1", [0x83] = "EXT2", [0x84] = "EXT4",
  [0x63] = "GLOBAL", [0x93] = "STACK_GLOBAL", [0x52] = "REDUCE", [0x62] = "BUILD",
  [0x69] = "INST", [0x6f] = "OBJ", [0x81] = "NEWOBJ", [0x92] = "NEWOBJ_EX",
  [0x80] = "PROTO", [0x2e] = "STOP", [0x95] = "FRAME", [0x50] = "PERSID",
  [0x51] = "BINPERSID",
};

enum
{
  OP_MARK = '(', OP_STOP = '.', OP_EMPTY_TUPLE = ')', OP_BINBYTES = 'B',
  OP_SHORT_BINBYTES = 'C', OP_REDUCE = 'R', OP_BINUNICODE = 'X',
  OP_EMPTY_LIST = ']', OP_APPEND = 'a', OP_GLOBAL = 'c', OP_APPENDS = 'e',
  OP_BINGET = 'h', OP_LONG_BINGET = 'j', OP_BINPUT = 'q', OP_LONG_BINPUT = 'r',
  OP_PROTO = 0x80, OP_TUPLE2 = 0x86, OP_SHORT_BINUNICODE = 0x8c,
  OP_BINUNICODE8 = 0x8d, OP_BINBYTES8 = 0x8e, OP_MEMOIZE = 0x94, OP_FRAME = 0x95,
};

const char *
sl_mcc_opcode_name (guint8 opcode)
{
  return opcode_names[opcode];
}

/* ---- encoding ---- */

static void
put_bytes (GByteArray *out,
           GBytes     *bytes,
           guint8      memo)
{
  gsize len = bytes != NULL ? g_bytes_get_size (bytes) : 0;
  const guint8 *data = bytes != NULL ? g_bytes_get_data (bytes, NULL) : NULL;
  guint8 head[5];

  if (len < 256)
    {
      head[0] = OP_SHORT_BINBYTES;
      head[1] = (guint8) len;
      g_byte_array_append (out, head, 2);
    }
  else
    {
      guint32 le = GUINT32_TO_LE ((guint32) len);

      head[0] = OP_BINBYTES;
      memcpy (head + 1, &le, 4);
      g_byte_array_append (out, head, 5);
    }
  if (len > 0)
    g_byte_array_append (out, data, len);
  head[0] = OP_BINPUT;
  head[1] = memo;
  g_byte_array_append (out, head, 2);
}

GBytes *
sl_mcc_encode (SlMccKind kind,
               GBytes   *name,
               GBytes   *text)
{
  GByteArray *out;
  guint8 head[] = { OP_PROTO, 3, OP_EMPTY_LIST, OP_BINPUT, 0, OP_MARK,
                    OP_BINUNICODE, 1, 0, 0, 0, (guint8) kind, OP_BINPUT, 1 };
  static const guint8 tail[] = { OP_APPENDS, OP_STOP };

  g_return_val_if_fail (kind == SL_MCC_JOIN || kind == SL_MCC_SAY || kind == SL_MCC_LEAVE, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (kind != SL_MCC_SAY || text != NULL, NULL);
  g_return_val_if_fail (g_bytes_get_size (name) <= G_MAXUINT32, NULL);
  g_return_val_if_fail (text == NULL || g_bytes_get_size (text) <= G_MAXUINT32, NULL);

  out = g_byte_array_sized_new (32 + g_bytes_get_size (name) + (text != NULL ? g_bytes_get_size (text) : 0));
  g_byte_array_append (out, head, sizeof head);
  put_bytes (out, name, 2);
  if (kind == SL_MCC_SAY)
    {
      /* CPython shares empty and one-byte bytes objects, so the pickler
       * sees the same object twice and writes a memo reference */
      if (g_bytes_get_size (text) <= 1 && g_bytes_equal (name, text))
        {
          static const guint8 get[] = { OP_BINGET, 2 };

          g_byte_array_append (out, get, sizeof get);
        }
      else
        put_bytes (out, text, 3);
    }
  g_byte_array_append (out, tail, sizeof tail);

  return g_byte_array_free_to_bytes (out);
}

/* ---- decoding ---- */

typedef enum
{
  VALUE_STR,
  VALUE_BYTES,
  VALUE_LIST,
  VALUE_TUPLE,
  VALUE_CODECS_ENCODE, /* the GLOBAL _codecs.encode */
  VALUE_BYTES_TYPE,    /* the GLOBAL __builtin__.bytes */
} ValueType;

typedef struct
{
  ValueType type;
  const guint8 *data;  /* str (UTF-8) and bytes: into the input or into owned */
  gsize len;
  guint8 *owned;
  GArray *items;       /* list and tuple: guint value indices */
} Value;

typedef struct
{
  const guint8 *data;
  gsize len;
  gsize pos;
  GArray *values;      /* Value */
  GArray *stack;       /* gint: value index, or -1 for MARK */
  GArray *memo;        /* gint: value index, or -1 */
  guint n_items;
  guint protocol;
} Decoder;

#define MARK_ON_STACK (-1)
#define MAX_ITEMS     256
#define MAX_GLOBAL    64

static void
value_clear (gpointer data)
{
  Value *value = data;

  g_free (value->owned);
  g_clear_pointer (&value->items, g_array_unref);
}

static gboolean
fail (GError    **error,
      SlMccError  code,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError    **error,
      SlMccError  code,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SL_MCC_ERROR, code, message);

  return FALSE;
}

static gboolean
need (Decoder *d,
      gsize    n,
      GError **error)
{
  if (d->len - d->pos < n)
    return fail (error, SL_MCC_ERROR_TRUNCATED,
                 _("The message ends in the middle of an opcode (at byte %u)."),
                 (guint) d->pos);
  return TRUE;
}

static guint64
read_le (Decoder *d,
         guint    n)
{
  guint64 v = 0;
  guint i;

  for (i = 0; i < n; i++)
    v |= (guint64) d->data[d->pos + i] << (8 * i);
  d->pos += n;

  return v;
}

static gint
new_value (Decoder  *d,
           ValueType type,
           GError  **error)
{
  Value value = { type, NULL, 0, NULL, NULL };

  if (d->values->len >= SL_MCC_MAX_VALUES)
    {
      fail (error, SL_MCC_ERROR_TOO_LARGE, _("The message has too many values."));
      return -1;
    }
  if (type == VALUE_LIST || type == VALUE_TUPLE)
    value.items = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (d->values, value);

  return (gint) d->values->len - 1;
}

static Value *
value_at (Decoder *d,
          gint     index)
{
  return &g_array_index (d->values, Value, index);
}

static gboolean
push (Decoder *d,
      gint     index,
      GError **error)
{
  if (d->stack->len >= SL_MCC_MAX_STACK)
    return fail (error, SL_MCC_ERROR_TOO_LARGE, _("The message nests too deeply."));
  g_array_append_val (d->stack, index);
  return TRUE;
}

/* Pops a value (not a MARK) */
static gboolean
pop (Decoder    *d,
     const char *opcode,
     gint       *index,
     GError    **error)
{
  if (d->stack->len == 0 || g_array_index (d->stack, gint, d->stack->len - 1) == MARK_ON_STACK)
    return fail (error, SL_MCC_ERROR_INVALID,
                 _("%s needs a value on the stack, but there is none."), opcode);
  *index = g_array_index (d->stack, gint, d->stack->len - 1);
  g_array_set_size (d->stack, d->stack->len - 1);
  return TRUE;
}

static gboolean
push_string (Decoder  *d,
             ValueType type,
             guint     len_size,
             GError  **error)
{
  guint64 len;
  gint index;

  if (!need (d, len_size, error))
    return FALSE;
  len = read_le (d, len_size);
  if (len > d->len - d->pos)
    return need (d, d->len - d->pos + 1, error);
  if (type == VALUE_STR && !g_utf8_validate_len ((const char *) d->data + d->pos, len, NULL))
    return fail (error, SL_MCC_ERROR_INVALID, _("A str in the message is not valid UTF-8."));
  if ((index = new_value (d, type, error)) < 0)
    return FALSE;
  value_at (d, index)->data = d->data + d->pos;
  value_at (d, index)->len = len;
  d->pos += len;

  return push (d, index, error);
}

static gboolean
memo_put (Decoder *d,
          guint64  slot,
          GError **error)
{
  gint top;

  if (slot >= SL_MCC_MAX_MEMO)
    return fail (error, SL_MCC_ERROR_TOO_LARGE, _("The message uses too many memo slots."));
  if (d->stack->len == 0 || (top = g_array_index (d->stack, gint, d->stack->len - 1)) == MARK_ON_STACK)
    return fail (error, SL_MCC_ERROR_INVALID, _("The message stores an empty stack in the memo."));
  if (slot >= d->memo->len)
    {
      guint old = d->memo->len, i;

      g_array_set_size (d->memo, slot + 1);
      for (i = old; i < d->memo->len; i++)
        g_array_index (d->memo, gint, i) = -1;
    }
  g_array_index (d->memo, gint, slot) = top;

  return TRUE;
}

static gboolean
memo_get (Decoder *d,
          guint64  slot,
          GError **error)
{
  if (slot >= d->memo->len || g_array_index (d->memo, gint, slot) < 0)
    return fail (error, SL_MCC_ERROR_INVALID,
                 _("The message refers to memo slot %u, which is empty."), (guint) slot);
  return push (d, g_array_index (d->memo, gint, slot), error);
}

static gboolean
append_to_list (Decoder *d,
                gint     list,
                gint     item,
                GError **error)
{
  Value *value = value_at (d, list);
  guint u = (guint) item;

  if (value->type != VALUE_LIST)
    return fail (error, SL_MCC_ERROR_INVALID, _("The message appends to something that is not a list."));
  if (++d->n_items > MAX_ITEMS)
    return fail (error, SL_MCC_ERROR_TOO_LARGE, _("The message has too many list items."));
  g_array_append_val (value->items, u);

  return TRUE;
}

static gboolean
do_appends (Decoder *d,
            GError **error)
{
  gint mark, list;
  guint i;

  for (mark = (gint) d->stack->len - 1; mark >= 0; mark--)
    if (g_array_index (d->stack, gint, mark) == MARK_ON_STACK)
      break;
  if (mark < 1)
    return fail (error, SL_MCC_ERROR_INVALID, _("APPENDS without a MARK and a list before it."));
  list = g_array_index (d->stack, gint, mark - 1);
  if (list == MARK_ON_STACK)
    return fail (error, SL_MCC_ERROR_INVALID, _("The message appends to something that is not a list."));
  for (i = mark + 1; i < d->stack->len; i++)
    if (!append_to_list (d, list, g_array_index (d->stack, gint, i), error))
      return FALSE;
  g_array_set_size (d->stack, mark);

  return TRUE;
}

static gboolean
do_global (Decoder *d,
           GError **error)
{
  const guint8 *module = d->data + d->pos, *name, *end;
  gsize module_len, name_len;
  ValueType type;
  gint index;

  end = memchr (module, '\n', MIN (d->len - d->pos, (gsize) MAX_GLOBAL));
  if (end == NULL)
    return fail (error, SL_MCC_ERROR_FORBIDDEN_OPCODE, _("The message uses GLOBAL, which is not allowed."));
  module_len = end - module;
  name = end + 1;
  end = memchr (name, '\n', MIN (d->len - (name - d->data), (gsize) MAX_GLOBAL));
  if (end == NULL)
    return fail (error, SL_MCC_ERROR_FORBIDDEN_OPCODE, _("The message uses GLOBAL, which is not allowed."));
  name_len = end - name;

  /* Only what Python 3 writes for bytes at protocol 2 */
  if (module_len == 7 && memcmp (module, "_codecs", 7) == 0 && name_len == 6 && memcmp (name, "encode", 6) == 0)
    type = VALUE_CODECS_ENCODE;
  else if (((module_len == 11 && memcmp (module, "__builtin__", 11) == 0) ||
            (module_len == 8 && memcmp (module, "builtins", 8) == 0)) &&
           name_len == 5 && memcmp (name, "bytes", 5) == 0)
    type = VALUE_BYTES_TYPE;
  else
    {
      g_autofree char *m = g_utf8_make_valid ((const char *) module, module_len);
      g_autofree char *n = g_utf8_make_valid ((const char *) name, name_len);

      return fail (error, SL_MCC_ERROR_FORBIDDEN_OPCODE,
                   _("The message uses GLOBAL %s.%s, which is not allowed: a chat message never names code to run."),
                   m, n);
    }
  d->pos = end + 1 - d->data;
  if ((index = new_value (d, type, error)) < 0)
    return FALSE;

  return push (d, index, error);
}

/* latin1 code points in UTF-8 back to the bytes they stand for */
static gboolean
latin1_to_bytes (Value   *str,
                 Value   *out,
                 GError **error)
{
  const char *p = (const char *) str->data, *end = p + str->len;
  gsize n = 0;

  out->owned = g_malloc (str->len + 1);
  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);

      if (c > 0xff)
        return fail (error, SL_MCC_ERROR_INVALID, _("The message encodes bytes with a character above U+00FF."));
      out->owned[n++] = (guint8) c;
      p = g_utf8_next_char (p);
    }
  out->data = out->owned;
  out->len = n;

  return TRUE;
}

static gboolean
do_reduce (Decoder *d,
           GError **error)
{
  gint args, callable, index;
  Value *a, *c, *result;

  if (!pop (d, "REDUCE", &args, error) || !pop (d, "REDUCE", &callable, error))
    return FALSE;
  a = value_at (d, args);
  c = value_at (d, callable);
  if (a->type != VALUE_TUPLE || (c->type != VALUE_CODECS_ENCODE && c->type != VALUE_BYTES_TYPE))
    return fail (error, SL_MCC_ERROR_FORBIDDEN_OPCODE,
                 _("The message uses REDUCE, which is allowed only for bytes at protocol 2."));
  if (c->type == VALUE_BYTES_TYPE)
    {
      if (a->items->len != 0)
        return fail (error, SL_MCC_ERROR_FORBIDDEN_OPCODE,
                     _("The message uses REDUCE, which is allowed only for bytes at protocol 2."));
      if ((index = new_value (d, VALUE_BYTES, error)) < 0)
        return FALSE;
      value_at (d, index)->data = (const guint8 *) "";
      return push (d, index, error);
    }
  else
    {
      Value *s, *encoding;

      if (a->items->len != 2)
        return fail (error, SL_MCC_ERROR_FORBIDDEN_OPCODE,
                     _("The message uses REDUCE, which is allowed only for bytes at protocol 2."));
      s = value_at (d, g_array_index (a->items, guint, 0));
      encoding = value_at (d, g_array_index (a->items, guint, 1));
      if (s->type != VALUE_STR || encoding->type != VALUE_STR ||
          encoding->len != 6 || memcmp (encoding->data, "latin1", 6) != 0)
        return fail (error, SL_MCC_ERROR_FORBIDDEN_OPCODE,
                     _("The message uses REDUCE, which is allowed only for bytes at protocol 2."));
      if ((index = new_value (d, VALUE_BYTES, error)) < 0)
        return FALSE;
      /* new_value() may move the array: look the values up again */
      s = value_at (d, g_array_index (value_at (d, args)->items, guint, 0));
      result = value_at (d, index);
      if (!latin1_to_bytes (s, result, error))
        return FALSE;
      return push (d, index, error);
    }
}

static gboolean
do_tuple (Decoder *d,
          guint    n,
          GError **error)
{
  gint items[2] = { 0, 0 }, index;
  guint i;

  for (i = n; i > 0; i--)
    if (!pop (d, n == 2 ? "TUPLE2" : "EMPTY_TUPLE", &items[i - 1], error))
      return FALSE;
  if ((index = new_value (d, VALUE_TUPLE, error)) < 0)
    return FALSE;
  for (i = 0; i < n; i++)
    {
      guint u = (guint) items[i];

      g_array_append_val (value_at (d, index)->items, u);
    }

  return push (d, index, error);
}

static SlMccMessage *
finish (Decoder *d,
        GError **error)
{
  g_autoptr(SlMccMessage) message = NULL;
  gint top;
  Value *list, *letter, *name, *text = NULL;
  guint expected;

  if (d->stack->len != 1 || (top = g_array_index (d->stack, gint, 0)) == MARK_ON_STACK)
    {
      fail (error, SL_MCC_ERROR_INVALID, _("The message does not end with exactly one value."));
      return NULL;
    }
  list = value_at (d, top);
  if (list->type != VALUE_LIST || list->items->len < 2)
    {
      fail (error, SL_MCC_ERROR_INVALID, _("The message is not a list of a letter and a name."));
      return NULL;
    }
  letter = value_at (d, g_array_index (list->items, guint, 0));
  if (letter->type != VALUE_STR || letter->len != 1 ||
      (letter->data[0] != 'J' && letter->data[0] != 'S' && letter->data[0] != 'L'))
    {
      fail (error, SL_MCC_ERROR_INVALID, _("The first item of the message is not the str 'J', 'S' or 'L'."));
      return NULL;
    }
  expected = letter->data[0] == 'S' ? 3 : 2;
  if (list->items->len != expected)
    {
      fail (error, SL_MCC_ERROR_INVALID,
            _("A '%c' message has %u items, not %u."), letter->data[0], expected, list->items->len);
      return NULL;
    }
  name = value_at (d, g_array_index (list->items, guint, 1));
  if (expected == 3)
    text = value_at (d, g_array_index (list->items, guint, 2));
  if (name->type != VALUE_BYTES || (text != NULL && text->type != VALUE_BYTES))
    {
      fail (error, SL_MCC_ERROR_INVALID, _("The name and the text of the message must be bytes."));
      return NULL;
    }

  message = g_new0 (SlMccMessage, 1);
  message->kind = letter->data[0];
  message->name = g_bytes_new (name->data, name->len);
  if (text != NULL)
    message->text = g_bytes_new (text->data, text->len);
  message->protocol = d->protocol;

  return g_steal_pointer (&message);
}

static SlMccMessage *
run (Decoder *d,
     GError **error)
{
  gint index;

  if (d->len == 0 || d->data[0] != OP_PROTO)
    {
      fail (error, SL_MCC_ERROR_PROTOCOL, _("The message does not start with a pickle PROTO opcode (protocol 2 or later)."));
      return NULL;
    }

  while (TRUE)
    {
      guint8 op;
      gboolean ok = TRUE;

      if (!need (d, 1, error))
        return NULL;
      op = d->data[d->pos++];

      switch (op)
        {
        case OP_PROTO:
          if (!need (d, 1, error))
            return NULL;
          d->protocol = d->data[d->pos++];
          if (d->pos != 2 || d->protocol < 2 || d->protocol > 5)
            {
              fail (error, SL_MCC_ERROR_PROTOCOL,
                    _("The message uses pickle protocol %u; protocols 2 to 5 are accepted."), d->protocol);
              return NULL;
            }
          break;

        case OP_FRAME:
          {
            guint64 frame;

            if (!need (d, 8, error))
              return NULL;
            frame = read_le (d, 8);
            if (frame > d->len - d->pos)
              {
                need (d, d->len - d->pos + 1, error);
                return NULL;
              }
          }
          break;

        case OP_EMPTY_LIST:
          ok = (index = new_value (d, VALUE_LIST, error)) >= 0 && push (d, index, error);
          break;

        case OP_MARK:
          ok = push (d, MARK_ON_STACK, error);
          break;

        case OP_APPEND:
          {
            gint item, list;

            ok = pop (d, "APPEND", &item, error) && pop (d, "APPEND", &list, error) &&
                 append_to_list (d, list, item, error) && push (d, list, error);
          }
          break;

        case OP_APPENDS:
          ok = do_appends (d, error);
          break;

        case OP_SHORT_BINUNICODE:
          ok = push_string (d, VALUE_STR, 1, error);
          break;
        case OP_BINUNICODE:
          ok = push_string (d, VALUE_STR, 4, error);
          break;
        case OP_BINUNICODE8:
          ok = push_string (d, VALUE_STR, 8, error);
          break;
        case OP_SHORT_BINBYTES:
          ok = push_string (d, VALUE_BYTES, 1, error);
          break;
        case OP_BINBYTES:
          ok = push_string (d, VALUE_BYTES, 4, error);
          break;
        case OP_BINBYTES8:
          ok = push_string (d, VALUE_BYTES, 8, error);
          break;

        case OP_BINPUT:
          ok = need (d, 1, error) && memo_put (d, read_le (d, 1), error);
          break;
        case OP_LONG_BINPUT:
          ok = need (d, 4, error) && memo_put (d, read_le (d, 4), error);
          break;
        case OP_MEMOIZE:
          ok = memo_put (d, d->memo->len, error);
          break;
        case OP_BINGET:
          ok = need (d, 1, error) && memo_get (d, read_le (d, 1), error);
          break;
        case OP_LONG_BINGET:
          ok = need (d, 4, error) && memo_get (d, read_le (d, 4), error);
          break;

        /* Python 3's bytes at protocol 2 only; checked in do_global/do_reduce */
        case OP_GLOBAL:
          ok = d->protocol == 2 ? do_global (d, error)
                                : fail (error, SL_MCC_ERROR_FORBIDDEN_OPCODE,
                                        _("The message uses GLOBAL, which is not allowed."));
          break;
        case OP_REDUCE:
          ok = do_reduce (d, error);
          break;
        case OP_TUPLE2:
          ok = do_tuple (d, 2, error);
          break;
        case OP_EMPTY_TUPLE:
          ok = do_tuple (d, 0, error);
          break;

        case OP_STOP:
          if (d->pos != d->len)
            {
              fail (error, SL_MCC_ERROR_INVALID,
                    _("The message has %u bytes after STOP."), (guint) (d->len - d->pos));
              return NULL;
            }
          return finish (d, error);

        default:
          if (opcode_names[op] != NULL)
            fail (error, SL_MCC_ERROR_FORBIDDEN_OPCODE,
                  _("The message uses the pickle opcode %s (0x%02x), which a chat message never needs; it is refused for safety."),
                  opcode_names[op], op);
          else
            fail (error, SL_MCC_ERROR_FORBIDDEN_OPCODE,
                  _("The message has byte 0x%02x where a pickle opcode should be."), op);
          return NULL;
        }

      if (!ok)
        return NULL;
    }
}

SlMccMessage *
sl_mcc_decode (const guint8 *data,
               gsize         len,
               GError      **error)
{
  Decoder d = { 0 };
  SlMccMessage *message;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len > SL_MCC_MAX_INPUT)
    {
      fail (error, SL_MCC_ERROR_TOO_LARGE, _("The message is larger than 1 MiB."));
      return NULL;
    }

  d.data = data;
  d.len = len;
  d.values = g_array_new (FALSE, FALSE, sizeof (Value));
  g_array_set_clear_func (d.values, value_clear);
  d.stack = g_array_new (FALSE, FALSE, sizeof (gint));
  d.memo = g_array_new (FALSE, FALSE, sizeof (gint));

  message = run (&d, error);

  g_array_unref (d.values);
  g_array_unref (d.stack);
  g_array_unref (d.memo);

  return message;
}

void
sl_mcc_message_free (SlMccMessage *message)
{
  if (message == NULL)
    return;
  g_clear_pointer (&message->name, g_bytes_unref);
  g_clear_pointer (&message->text, g_bytes_unref);
  g_free (message);
}
