/* test-mcc-codec.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "test-mcc-codec"

#include <string.h>

#include "sl-mcc-codec.h"

#include "mcc-vectors.h"

static GBytes *
vector_text (const MccVector *v)
{
  if (v->big_len > 0)
    {
      GByteArray *text = g_byte_array_sized_new (v->big_len);
      guint i;

      for (i = 0; i < v->big_len; i++)
        g_byte_array_append (text, (const guint8 *) MCC_PATTERN + i % strlen (MCC_PATTERN), 1);
      return g_byte_array_free_to_bytes (text);
    }
  return g_bytes_new (v->text, v->text_len);
}

static GBytes *
vector_pickle (const MccVector *v)
{
  g_autoptr(GBytes) text = vector_text (v);
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, (const guint8 *) v->prefix, v->prefix_len);
  if (v->big_len > 0)
    g_byte_array_append (out, g_bytes_get_data (text, NULL), v->big_len);
  g_byte_array_append (out, (const guint8 *) v->suffix, v->suffix_len);

  return g_byte_array_free_to_bytes (out);
}

static void
test_decode_vectors (void)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (mcc_vectors); i++)
    {
      const MccVector *v = &mcc_vectors[i];
      g_autoptr(GBytes) pickle = vector_pickle (v);
      g_autoptr(GBytes) name = g_bytes_new (v->name, v->name_len);
      g_autoptr(GBytes) text = vector_text (v);
      g_autoptr(GError) error = NULL;
      g_autoptr(SlMccMessage) message = NULL;
      gsize len;
      const guint8 *data = g_bytes_get_data (pickle, &len);

      message = sl_mcc_decode (data, len, &error);
      g_assert_no_error (error);
      g_assert_nonnull (message);
      g_assert_cmpint (message->kind, ==, v->kind);
      g_assert_cmpuint (message->protocol, ==, v->protocol);
      g_assert_true (g_bytes_equal (message->name, name));
      if (v->kind == 'S')
        g_assert_true (g_bytes_equal (message->text, text));
      else
        g_assert_null (message->text);
    }
}

static void
test_encode_vectors (void)
{
  guint i, n = 0;

  for (i = 0; i < G_N_ELEMENTS (mcc_vectors); i++)
    {
      const MccVector *v = &mcc_vectors[i];
      g_autoptr(GBytes) pickle = NULL;
      g_autoptr(GBytes) name = NULL;
      g_autoptr(GBytes) text = NULL;
      g_autoptr(GBytes) encoded = NULL;

      if (v->protocol != 3)
        continue;
      pickle = vector_pickle (v);
      name = g_bytes_new (v->name, v->name_len);
      text = vector_text (v);
      encoded = sl_mcc_encode (v->kind, name, v->kind == 'S' ? text : NULL);
      g_assert_cmpmem (g_bytes_get_data (encoded, NULL), g_bytes_get_size (encoded),
                       g_bytes_get_data (pickle, NULL), g_bytes_get_size (pickle));
      n++;
    }
  g_assert_cmpuint (n, >, 20);
}

static void
assert_refused (const char *pickle,
                gsize       len,
                gint        code,
                const char *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlMccMessage) message = sl_mcc_decode ((const guint8 *) pickle, len, &error);

  g_assert_null (message);
  g_assert_error (error, SL_MCC_ERROR, code);
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, in_message);
}

#define REFUSED(p, code, text) assert_refused (p, sizeof p - 1, code, text)

static void
test_refuse_opcodes (void)
{
  guint op;

  /* what pickle.dumps writes for os.system('true') */
  REFUSED ("\x80\x03" "cposix\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03.",
           SL_MCC_ERROR_FORBIDDEN_OPCODE, "GLOBAL");
  REFUSED ("\x80\x02" "cposix\nsystem\nq\x00.", SL_MCC_ERROR_FORBIDDEN_OPCODE, "posix.system");
  REFUSED ("\x80\x04\x95\x0d\x00\x00\x00\x00\x00\x00\x00\x8c\x05posix\x8c\x06system\x93.",
           SL_MCC_ERROR_FORBIDDEN_OPCODE, "STACK_GLOBAL");
  /* ['J', 1] and {'J': b'x'} */
  REFUSED ("\x80\x03]q\x00(X\x01\x00\x00\x00Jq\x01K\x01" "e.", SL_MCC_ERROR_FORBIDDEN_OPCODE, "BININT1");
  REFUSED ("\x80\x03]q\x00(X\x01\x00\x00\x00Jq\x01J\x01\x00\x00\x00" "e.", SL_MCC_ERROR_FORBIDDEN_OPCODE, "BININT");
  REFUSED ("\x80\x03}q\x00X\x01\x00\x00\x00JC\x01xs.", SL_MCC_ERROR_FORBIDDEN_OPCODE, "EMPTY_DICT");
  /* REDUCE with something that is not the protocol 2 bytes constructor */
  REFUSED ("\x80\x02]q\x00)R.", SL_MCC_ERROR_FORBIDDEN_OPCODE, "REDUCE");
  REFUSED ("\x80\x02" "c_codecs\nencode\nX\x01\x00\x00\x00xX\x05\x00\x00\x00utf-8\x86R.",
           SL_MCC_ERROR_FORBIDDEN_OPCODE, "REDUCE");

  /* every opcode outside the whitelist, alone after PROTO 3 */
  for (op = 0; op < 256; op++)
    {
      static const char allowed[] = "(.)BCRXaceqrjh]";
      const char *name = sl_mcc_opcode_name (op);
      char pickle[] = { '\x80', 3, (char) op, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(SlMccMessage) message = NULL;

      if ((op != 0 && strchr (allowed, op) != NULL) ||
          op == 0x80 || op == 0x86 || op == 0x8c || op == 0x8d || op == 0x8e || op == 0x94 || op == 0x95)
        continue;
      message = sl_mcc_decode ((const guint8 *) pickle, sizeof pickle, &error);
      g_assert_null (message);
      g_assert_error (error, SL_MCC_ERROR, SL_MCC_ERROR_FORBIDDEN_OPCODE);
      if (name != NULL)
        g_assert_nonnull (strstr (error->message, name));
    }
}

static void
test_refuse_malformed (void)
{
  REFUSED ("", SL_MCC_ERROR_PROTOCOL, NULL);
  REFUSED ("hello", SL_MCC_ERROR_PROTOCOL, NULL);
  REFUSED ("\x80\x01]", SL_MCC_ERROR_PROTOCOL, NULL);
  REFUSED ("\x80\x06]", SL_MCC_ERROR_PROTOCOL, NULL);
  REFUSED ("\x80\x03]q\x00(X\x01\x00\x00\x00Jq\x01" "C\x05" "bob", SL_MCC_ERROR_TRUNCATED, NULL);
  REFUSED ("\x80\x03]q\x00(X\x01\x00\x00\x00Jq\x01" "C\x03" "bobq\x02" "e", SL_MCC_ERROR_TRUNCATED, NULL);
  REFUSED ("\x80\x03]q\x00(X\x01\x00\x00\x00Jq\x01" "C\x03" "bobq\x02" "e.x", SL_MCC_ERROR_INVALID, NULL);
  /* a str name, a wrong letter, a wrong count, a memo slot never written */
  REFUSED ("\x80\x03]q\x00(X\x01\x00\x00\x00JX\x03\x00\x00\x00" "bobe.", SL_MCC_ERROR_INVALID, NULL);
  REFUSED ("\x80\x03]q\x00(X\x01\x00\x00\x00XC\x03" "bobe.", SL_MCC_ERROR_INVALID, NULL);
  REFUSED ("\x80\x03]q\x00(X\x01\x00\x00\x00SC\x03" "bobe.", SL_MCC_ERROR_INVALID, NULL);
  REFUSED ("\x80\x03]q\x00(X\x01\x00\x00\x00Jh\x07" "e.", SL_MCC_ERROR_INVALID, NULL);
  REFUSED ("\x80\x03X\x02\x00\x00\x00\xff\xfe.", SL_MCC_ERROR_INVALID, NULL);
  /* a list that contains itself is fine to hold, not a message */
  REFUSED ("\x80\x03]q\x00h\x00" "a.", SL_MCC_ERROR_INVALID, NULL);
}

static void
test_refuse_limits (void)
{
  g_autoptr(GByteArray) deep = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint i;

  g_byte_array_append (deep, (const guint8 *) "\x80\x03", 2);
  for (i = 0; i < 10000; i++)
    g_byte_array_append (deep, (const guint8 *) "(", 1);
  g_assert_null (sl_mcc_decode (deep->data, deep->len, &error));
  g_assert_error (error, SL_MCC_ERROR, SL_MCC_ERROR_TOO_LARGE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mcc-codec/decode-vectors", test_decode_vectors);
  g_test_add_func ("/mcc-codec/encode-vectors", test_encode_vectors);
  g_test_add_func ("/mcc-codec/refuse-opcodes", test_refuse_opcodes);
  g_test_add_func ("/mcc-codec/refuse-malformed", test_refuse_malformed);
  g_test_add_func ("/mcc-codec/refuse-limits", test_refuse_limits);

  return g_test_run ();
}
