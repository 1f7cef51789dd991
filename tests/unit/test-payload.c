/* test-payload.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "test-payload"

#include <locale.h>
#include <stddef.h>
#include <string.h>

#include "sl-error.h"
#include "sl-payload.h"
#include "struct-vectors.h"

/* Escapes, hex, and Python's struct checked against vectors that CPython
 * produced (struct-vectors.h, from gen-struct-vectors.py). */

static GBytes *
bytes_from_hex (const char *hex)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = sl_payload_parse_hex (hex, &error);

  g_assert_no_error (error);
  return bytes;
}

static void
assert_bytes_hex (GBytes     *bytes,
                  const char *hex)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autofree char *got = sl_payload_to_hex (data, len);
  g_autofree char *want = NULL;
  g_autoptr(GBytes) want_bytes = bytes_from_hex (hex);

  want = sl_payload_to_hex (g_bytes_get_data (want_bytes, NULL), g_bytes_get_size (want_bytes));
  g_assert_cmpstr (got, ==, want);
}

static void
assert_error_at (GError     *error,
                 int         code,
                 const char *fragment)
{
  g_assert_error (error, SL_ERROR, code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, fragment);
}

/* Escapes ---------------------------------------------------------------- */

static void
test_unescape (void)
{
  static const struct { const char *text; const char *hex; } cases[] = {
    { "", "" },
    { "hello", "68656c6c6f" },
    { "a\\nb", "610a62" },
    { "\\r\\n\\t\\\\", "0d0a095c" },
    { "\\x41\\x7a\\xFF\\x00", "417aff00" },
    { "\\0", "00" },
    { "\\101\\0101", "410831" },
    { "\\'\\\"", "2722" },
    { "\\a\\b\\f\\v", "07080c0b" },
    { "日本", "e697a5e69cac" },
    { "한", "ed959c" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = sl_payload_unescape (cases[i].text, -1, &error);

      g_assert_no_error (error);
      assert_bytes_hex (bytes, cases[i].hex);
    }

  /* An explicit length lets the text hold a NUL. */
  {
    g_autoptr(GBytes) bytes = sl_payload_unescape ("a\0b", 3, NULL);
    assert_bytes_hex (bytes, "610062");
  }
}

static void
test_unescape_errors (void)
{
  static const struct { const char *text; const char *where; } cases[] = {
    { "abc\\", "character 4" },
    { "\\q", "character 1" },
    { "ab\\x4", "character 3" },
    { "ab\\x4g", "character 3" },
    { "\\x", "character 1" },
    { "日本\\z", "character 3" },
    { "x\\400", "character 2" },
    { "\\日", "character 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = sl_payload_unescape (cases[i].text, -1, &error);

      g_assert_null (bytes);
      assert_error_at (error, SL_ERROR_INVALID_ESCAPE, cases[i].where);
    }
}

static void
assert_round_trip (const guint8 *data,
                   gsize         len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = sl_payload_escape (data, len);
  g_autoptr(GBytes) back = NULL;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  back = sl_payload_unescape (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), data, len);
}

static void
test_escape (void)
{
  static const struct { const char *data; gssize len; const char *text; } cases[] = {
    { "hello", -1, "hello" },
    { "a\nb\r\n\t", -1, "a\\nb\\r\\n\\t" },
    { "back\\slash", -1, "back\\\\slash" },
    { "\0\x01\x7f", 3, "\\x00\\x01\\x7f" },
    { "日本語 한국어", -1, "日本語 한국어" },
    { "\xff\xfe", -1, "\\xff\\xfe" },
    { "\xe6\x97", -1, "\\xe6\\x97" },            /* cut in the middle */
    { "\xc0\x80", -1, "\\xc0\\x80" },            /* overlong NUL */
    { "\xed\xa0\x80", -1, "\\xed\\xa0\\x80" },   /* surrogate */
    { "\xc2\x85", -1, "\\xc2\\x85" },            /* C1 control */
    { "\xe2\x80\xae", -1, "\\xe2\\x80\\xae" },   /* right-to-left override */
    { "<b>&amp;</b>", -1, "<b>&amp;</b>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = cases[i].len < 0 ? strlen (cases[i].data) : (gsize) cases[i].len;
      g_autofree char *text = sl_payload_escape ((const guint8 *) cases[i].data, len);

      g_assert_cmpstr (text, ==, cases[i].text);
      assert_round_trip ((const guint8 *) cases[i].data, len);
    }

  for (guint b = 0; b < 256; b++)
    {
      guint8 byte = b;
      assert_round_trip (&byte, 1);
    }

  for (guint i = 0; i < 2000; i++)
    {
      guint8 buf[32];
      gsize len = g_test_rand_int_range (0, sizeof buf);

      for (gsize j = 0; j < len; j++)
        buf[j] = g_test_rand_int_range (0, 4) == 0 ? 0xe0 | g_test_rand_int_range (0, 16)
                 : g_test_rand_int_range (0, 256);
      assert_round_trip (buf, len);
    }
}

/* Hex -------------------------------------------------------------------- */

static void
test_hex (void)
{
  static const char *forms[] = {
    "48 65 6c", "48656c", "0x48 0x65 0x6c", "48:65:6c", "48-65-6c", "48\n65\r\n6C",
    "  48656C  ", "0X48,0x65,0x6c", "4865 6c", "0x48656c",
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = sl_payload_parse_hex (forms[i], &error);

      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "Hel", 3);
    }

  {
    g_autoptr(GBytes) bytes = bytes_from_hex ("");
    g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);
  }
}

static void
test_hex_errors (void)
{
  static const struct { const char *text; const char *where; } cases[] = {
    { "486", "“6” at character 3" },
    { "48 6", "character 4" },
    { "48 65 6g", "“g” at character 8" },
    { "0x4", "character 3" },
    { "0x", "character 1" },
    { "48 0x 65", "character 4" },
    { "日本 zz", "character 1" },
    { "48 \xff", "character 4" },
    { "48;65", "character 3" },
    { "\\x48", "character 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = sl_payload_parse_hex (cases[i].text, &error);

      g_assert_null (bytes);
      assert_error_at (error, SL_ERROR_INVALID_HEX, cases[i].where);
    }
}

static void
test_hexdump (void)
{
  const guint8 data[] = "Hello world\n\x00\x01\x02\x03 and more \x7f\xff";
  g_autofree char *dump = sl_payload_hexdump (data, sizeof data - 1);
  g_autofree char *empty = sl_payload_hexdump (NULL, 0);
  g_autofree char *hex = sl_payload_to_hex (data, 5);
  g_autofree char *no_hex = sl_payload_to_hex (NULL, 0);

  /* What `hexdump -C` prints, without its final offset line. */
  g_assert_cmpstr (dump, ==,
                   "00000000  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a 00 01 02 03  |Hello world.....|\n"
                   "00000010  20 61 6e 64 20 6d 6f 72  65 20 7f ff              | and more ..|\n");
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (hex, ==, "48 65 6c 6c 6f");
  g_assert_cmpstr (no_hex, ==, "");
}

/* Size limits ------------------------------------------------------------ */

static void
test_too_large (void)
{
  gsize big = 140 * 1024 * 1024;   /* 70 MiB even as hex */
  g_autofree char *text = g_malloc (big + 1);
  gint64 start = g_get_monotonic_time ();
  static const char *formats[] = {
    "100000000s", "67108865x", "<16777217i", "99999999999999999999999b", "67108864sb",
    "33554432h33554432H",
  };

  memset (text, 'A', big);
  text[big] = '\0';

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = sl_payload_unescape (text, big, &error);
    g_assert_null (bytes);
    assert_error_at (error, SL_ERROR_TOO_LARGE, "64 MiB");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = sl_payload_build (SL_PAYLOAD_TEXT, text, NULL,
                                                SL_LINE_ENDING_CRLF, &error);
    g_assert_null (bytes);
    g_assert_error (error, SL_ERROR, SL_ERROR_TOO_LARGE);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = sl_payload_parse_hex (text, &error);
    g_assert_null (bytes);
    g_assert_error (error, SL_ERROR, SL_ERROR_TOO_LARGE);
  }

  /* Exactly the limit is fine; one more byte is not. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = sl_payload_build (SL_PAYLOAD_TEXT, text + big - (SL_PAYLOAD_MAX_SIZE - 1),
                                                NULL, SL_LINE_ENDING_LF, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (bytes), ==, SL_PAYLOAD_MAX_SIZE);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = sl_payload_build (SL_PAYLOAD_TEXT, text + big - (SL_PAYLOAD_MAX_SIZE - 1),
                                                NULL, SL_LINE_ENDING_CRLF, &error);
    g_assert_error (error, SL_ERROR, SL_ERROR_TOO_LARGE);
  }

  /* A student's huge paste must not freeze the editor. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlStruct) st = sl_struct_new (formats[i], &error);

      g_assert_null (st);
      g_assert_error (error, SL_ERROR, SL_ERROR_TOO_LARGE);
    }

  {
    g_autoptr(SlStruct) st = sl_struct_new ("67108864s", NULL);
    g_assert_nonnull (st);
    g_assert_cmpuint (sl_struct_get_size (st), ==, SL_PAYLOAD_MAX_SIZE);
  }
}

/* Struct against CPython ------------------------------------------------- */

#define ALIGN_OF(type) offsetof (struct { char c; type x; }, x)

static char *
host_signature (void)
{
  return g_strdup_printf ("%s bool%d h%d i%d l%d q%d n%d P%d f%d d%d align%d,%d,%d,%d,%d,%d,%d,%d,%d",
                          G_BYTE_ORDER == G_LITTLE_ENDIAN ? "little" : "big",
                          (int) sizeof (_Bool), (int) sizeof (short), (int) sizeof (int),
                          (int) sizeof (long), (int) sizeof (long long), (int) sizeof (size_t),
                          (int) sizeof (void *), (int) sizeof (float), (int) sizeof (double),
                          (int) ALIGN_OF (_Bool), (int) ALIGN_OF (short), (int) ALIGN_OF (int),
                          (int) ALIGN_OF (long), (int) ALIGN_OF (long long),
                          (int) ALIGN_OF (size_t), (int) ALIGN_OF (void *),
                          (int) ALIGN_OF (float), (int) ALIGN_OF (double));
}

static gboolean
skip_native (gboolean native)
{
  static int same_host = -1;

  if (same_host < 0)
    {
      g_autofree char *sig = host_signature ();
      same_host = g_str_equal (sig, STRUCT_VECTORS_HOST);
      if (!same_host)
        g_test_message ("native vectors skipped: this host is “%s”, the vectors' “%s”",
                        sig, STRUCT_VECTORS_HOST);
    }

  return native && !same_host;
}

static void
test_struct_pack_vectors (void)
{
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (struct_pack_vectors); i++)
    {
      const StructPackVector *v = &struct_pack_vectors[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(SlStruct) st = NULL;
      g_autoptr(GBytes) packed = NULL;
      g_autoptr(GBytes) want = NULL;
      g_autofree char *repr = NULL;
      guint n = g_strv_length ((char **) v->values);

      if (skip_native (v->native))
        continue;

      st = sl_struct_new (v->format, &error);
      g_assert_no_error (error);
      want = bytes_from_hex (v->hex);
      g_assert_cmpuint (sl_struct_get_size (st), ==, g_bytes_get_size (want));
      g_assert_cmpuint (sl_struct_get_n_values (st), ==, n);

      packed = sl_struct_pack (st, v->values, n, &error);
      g_assert_no_error (error);
      if (!g_bytes_equal (packed, want))
        {
          g_autofree char *got = sl_payload_to_hex (g_bytes_get_data (packed, NULL),
                                                    g_bytes_get_size (packed));
          g_error ("pack (%s, %s…) gave %s, Python gives %s",
                   v->format, v->values[0] ? v->values[0] : "", got, v->hex);
        }

      if (v->repr == NULL)
        continue;
      repr = sl_struct_unpack_to_string (st, g_bytes_get_data (want, NULL),
                                         g_bytes_get_size (want), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (repr, ==, v->repr);
      checked++;
    }

  g_test_message ("%u pack vectors checked", checked);
  g_assert_cmpuint (checked, >, 0);
}

static void
test_struct_unpack_vectors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (struct_unpack_vectors); i++)
    {
      const StructUnpackVector *v = &struct_unpack_vectors[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(SlStruct) st = NULL;
      g_autoptr(GBytes) data = NULL;
      g_autofree char *repr = NULL;

      if (skip_native (v->native))
        continue;

      st = sl_struct_new (v->format, &error);
      g_assert_no_error (error);
      data = bytes_from_hex (v->hex);
      repr = sl_struct_unpack_to_string (st, g_bytes_get_data (data, NULL),
                                         g_bytes_get_size (data), &error);
      g_assert_no_error (error);
      if (g_strcmp0 (repr, v->repr) != 0)
        g_error ("unpack (%s, %s) gave %s, Python gives %s", v->format, v->hex, repr, v->repr);
    }
}

static void
test_struct_error_vectors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (struct_error_vectors); i++)
    {
      const StructErrorVector *v = &struct_error_vectors[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(SlStruct) st = NULL;
      g_autoptr(GBytes) packed = NULL;

      if (skip_native (v->native))
        continue;

      st = sl_struct_new (v->format, &error);
      if (v->values == NULL)
        {
          if (st != NULL)
            g_error ("format “%s” was accepted, Python refuses it", v->format);
          g_assert_error (error, SL_ERROR, v->code);
          continue;
        }
      g_assert_no_error (error);
      packed = sl_struct_pack (st, v->values, g_strv_length ((char **) v->values), &error);
      if (packed != NULL)
        g_error ("pack (%s, %s) worked, Python refuses it", v->format,
                 v->values[0] ? v->values[0] : "");
      g_assert_error (error, SL_ERROR, v->code);
    }
}

static void
test_struct_messages (void)
{
  static const struct { const char *format; const char *where; } formats[] = {
    { "3", "character 1" },
    { "<ii3", "character 4" },
    { "iz", "“z” at character 2" },
    { "ii<", "“<” at character 3" },
    { "<iP", "use Q" },
    { "!n", "use q" },
    { "3 i", "4s, not 4 s" },
    { "i日", "“日” at character 2" },
  };
  g_autoptr(SlStruct) st = sl_struct_new ("<bBh?c4s", NULL);
  static const struct { const char *values[7]; const char *where; } values[] = {
    { { "128", "0", "0", "True", "a", "x" }, "Value 1 (128)" },
    { { "0", "-1", "0", "True", "a", "x" }, "0 to 255" },
    { { "0", "0", "0x8000", "True", "a", "x" }, "-32768 to 32767" },
    { { "0", "0", "0", "perhaps", "a", "x" }, "Value 4" },
    { { "0", "0", "0", "1", "ab", "x" }, "Value 5" },
    { { "0", "0", "0", "1", "a", "\\q" }, "character 1" },
    { { "0", "0", "1.5", "1", "a", "x" }, "Value 3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlStruct) bad = sl_struct_new (formats[i].format, &error);

      g_assert_null (bad);
      assert_error_at (error, SL_ERROR_INVALID_STRUCT_FORMAT, formats[i].where);
    }

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) packed = sl_struct_pack (st, values[i].values, 6, &error);

      g_assert_null (packed);
      assert_error_at (error, SL_ERROR_INVALID_STRUCT_VALUE, values[i].where);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) packed = sl_struct_pack (st, values[0].values, 2, &error);
    assert_error_at (error, SL_ERROR_INVALID_STRUCT_VALUE, "packs 6 values, but 2 were given");
  }
  {
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) out = sl_struct_unpack (st, (const guint8 *) "abc", 3, &error);
    assert_error_at (error, SL_ERROR_INVALID_STRUCT_VALUE, "describes 10 bytes, but the data has 3");
  }
}

static void
test_struct_own_rules (void)
{
  /* Where Socket Lab is deliberately kinder than Python. */
  static const struct { const char *format; const char *value; const char *hex; } cases[] = {
    { "3s", "5", "350000" },         /* unquoted text is bytes for s */
    { "c", "1", "31" },
    { "<i", "007", "07000000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlStruct) st = sl_struct_new (cases[i].format, &error);
      const char *values[] = { cases[i].value, NULL };
      g_autoptr(GBytes) packed = sl_struct_pack (st, values, 1, &error);

      g_assert_no_error (error);
      assert_bytes_hex (packed, cases[i].hex);
    }

  /* CPython raises SystemError unpacking "0p"; we give b''. */
  {
    g_autoptr(SlStruct) st = sl_struct_new ("0pB", NULL);
    g_autofree char *repr = sl_struct_unpack_to_string (st, (const guint8 *) "\x05", 1, NULL);
    g_assert_cmpstr (repr, ==, "(b'', 5)");
    g_assert_cmpstr (sl_struct_get_format (st), ==, "0pB");
  }
  {
    g_autoptr(SlStruct) st = sl_struct_new ("", NULL);
    g_autofree char *repr = sl_struct_unpack_to_string (st, NULL, 0, NULL);
    g_assert_cmpstr (repr, ==, "()");
  }
}

static void
test_split_values (void)
{
  static const struct { const char *line; const char *joined; } cases[] = {
    { "", "" },
    { "   ", "" },
    { "hello 42 3.5", "hello|42|3.5" },
    { "b\"hello world\", 42, 3.5", "b\"hello world\"|42|3.5" },
    { "b'a,b' 7", "b'a,b'|7" },
    { "'x y', 1", "'x y'|1" },
    { "1,2,3,", "1|2|3" },
    { "(b'hello', 42, 3.14)", "b'hello'|42|3.14" },
    { "it's 5", "it's|5" },
    { "it's, 5", "it's|5" },
    { "b'it\\'s', 5", "b'it\\'s'|5" },
    { "  a  ,  b c  ", "a|b c" },
    { "日本 한국", "日本|한국" },
  };
  static const struct { const char *line; const char *where; } errors[] = {
    { "'abc", "character 1" },
    { "1, b\"x", "character 4" },
    { "1,,2", "Value 2" },
    { "'a'b 1", "character 3" },
    { "'a' b, 1", "character 3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) values = sl_struct_split_values (cases[i].line, &error);
      g_autofree char *joined = NULL;

      g_assert_no_error (error);
      joined = g_strjoinv ("|", values);
      g_assert_cmpstr (joined, ==, cases[i].joined);
    }

  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) values = sl_struct_split_values (errors[i].line, &error);

      g_assert_null (values);
      assert_error_at (error, SL_ERROR_INVALID_STRUCT_VALUE, errors[i].where);
    }
}

static void
test_build (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) lf = sl_payload_build (SL_PAYLOAD_TEXT, "hi\\x21", NULL, SL_LINE_ENDING_LF, &error);
  g_autoptr(GBytes) crlf = sl_payload_build (SL_PAYLOAD_TEXT, "hi", NULL, SL_LINE_ENDING_CRLF, &error);
  g_autoptr(GBytes) none = sl_payload_build (SL_PAYLOAD_TEXT, "hi", NULL, SL_LINE_ENDING_NONE, &error);
  g_autoptr(GBytes) hex = sl_payload_build (SL_PAYLOAD_HEX, "41 42", NULL, SL_LINE_ENDING_LF, &error);
  /* The courses' message: struct.pack('11sIf', b'hello world', 42, 3.5) */
  g_autoptr(GBytes) st = sl_payload_build (SL_PAYLOAD_STRUCT, "b\"hello world\", 42, 3.5", "11sIf",
                                           SL_LINE_ENDING_LF, &error);
  g_autoptr(GBytes) bad = NULL;

  g_assert_no_error (error);
  assert_bytes_hex (lf, "6869210a");
  assert_bytes_hex (crlf, "68690d0a");
  assert_bytes_hex (none, "6869");
  assert_bytes_hex (hex, "4142");
  assert_bytes_hex (st, "68656c6c6f20776f726c64002a00000000006040");

  bad = sl_payload_build (SL_PAYLOAD_STRUCT, "1 2", "<h", SL_LINE_ENDING_NONE, &error);
  g_assert_null (bad);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The assertions read the English messages. */
  setlocale (LC_MESSAGES, "C");

  g_test_add_func ("/payload/unescape", test_unescape);
  g_test_add_func ("/payload/unescape-errors", test_unescape_errors);
  g_test_add_func ("/payload/escape", test_escape);
  g_test_add_func ("/payload/hex", test_hex);
  g_test_add_func ("/payload/hex-errors", test_hex_errors);
  g_test_add_func ("/payload/hexdump", test_hexdump);
  g_test_add_func ("/payload/too-large", test_too_large);
  g_test_add_func ("/payload/struct/pack-vectors", test_struct_pack_vectors);
  g_test_add_func ("/payload/struct/unpack-vectors", test_struct_unpack_vectors);
  g_test_add_func ("/payload/struct/error-vectors", test_struct_error_vectors);
  g_test_add_func ("/payload/struct/messages", test_struct_messages);
  g_test_add_func ("/payload/struct/own-rules", test_struct_own_rules);
  g_test_add_func ("/payload/struct/split-values", test_split_values);
  g_test_add_func ("/payload/build", test_build);

  return g_test_run ();
}
