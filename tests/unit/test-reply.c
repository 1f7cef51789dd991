/* test-reply.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "test-reply"

#include <string.h>

#include "sl-error.h"
#include "sl-reply.h"

static void
test_parse_modes (void)
{
  static const struct {
    const char *spec;
    SlReplyMode mode;
    const char *text;
    gboolean close_after;
    gboolean reads_once;
  } cases[] = {
    { "none", SL_REPLY_NONE, "", FALSE, FALSE },
    { "echo", SL_REPLY_ECHO, "", FALSE, FALSE },
    { "ack", SL_REPLY_TEXT, "ACK", TRUE, TRUE },
    { "text:hello", SL_REPLY_TEXT, "hello", FALSE, FALSE },
    { "text:", SL_REPLY_TEXT, "", FALSE, FALSE },
    { "text:a:b", SL_REPLY_TEXT, "a:b", FALSE, FALSE },
    { "text:こんにちは", SL_REPLY_TEXT, "こんにちは", FALSE, FALSE },
    { "timestamp", SL_REPLY_TIMESTAMP, "", FALSE, TRUE },
    { "number-game", SL_REPLY_NUMBER_GAME, "", FALSE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlReplyConfig) config = sl_reply_config_parse (cases[i].spec, &error);
      g_autoptr(SlReplyConfig) copy = NULL;
      g_autoptr(SlReplyConfig) again = NULL;
      g_autofree char *spec = NULL;

      g_test_message ("spec %s", cases[i].spec);
      g_assert_no_error (error);
      g_assert_nonnull (config);
      g_assert_cmpint (config->mode, ==, cases[i].mode);
      g_assert_cmpstr (config->text, ==, cases[i].text);
      g_assert_cmpint (config->close_after, ==, cases[i].close_after);
      g_assert_cmpint (sl_reply_config_reads_once (config), ==, cases[i].reads_once);
      g_assert_cmpstr (config->server_name, ==, "Socket Lab");
      g_assert_cmpstr (sl_reply_mode_get_label (config->mode), !=, "");

      /* to_spec and parse are inverses */
      spec = sl_reply_config_to_spec (config);
      g_assert_cmpstr (spec, ==, cases[i].spec);
      again = sl_reply_config_parse (spec, &error);
      g_assert_no_error (error);
      g_assert_cmpint (again->mode, ==, config->mode);

      copy = sl_reply_config_copy (config);
      g_assert_true (copy != config);
      g_assert_cmpint (copy->mode, ==, config->mode);
      g_assert_cmpstr (copy->text, ==, config->text);
      g_assert_cmpint (copy->close_after, ==, config->close_after);
      g_assert_cmpstr (copy->server_name, ==, config->server_name);
    }
}

static void
test_parse_errors (void)
{
  const char *bad[] = { "", "Echo", "bogus", "text", "ack:", "number_game", "text:\xff\xfe" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlReplyConfig) config = sl_reply_config_parse (bad[i], &error);

      g_assert_null (config);
      g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_OPTION);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_boxed (void)
{
  g_autoptr(SlReplyConfig) config = sl_reply_config_new (SL_REPLY_TEXT);
  SlReplyConfig *copy;

  g_assert_cmpstr (config->text, ==, "ACK");
  g_assert_true (G_TYPE_IS_BOXED (SL_TYPE_REPLY_CONFIG));
  copy = g_boxed_copy (SL_TYPE_REPLY_CONFIG, config);
  g_assert_cmpstr (copy->text, ==, "ACK");
  g_boxed_free (SL_TYPE_REPLY_CONFIG, copy);
  sl_reply_config_free (NULL);
}

static void
test_respond_none (void)
{
  g_autoptr(SlReplyConfig) config = sl_reply_config_new (SL_REPLY_NONE);
  SlReplyResult result;

  sl_reply_respond (config, (const guint8 *) "hi", 2, &result);
  g_assert_null (result.reply);
  g_assert_false (result.close);
  g_assert_null (result.note);
  sl_reply_result_clear (&result);
}

static void
test_respond_echo (void)
{
  g_autoptr(SlReplyConfig) config = sl_reply_config_new (SL_REPLY_ECHO);
  const guint8 data[] = { 'a', 0, 0xff, '\n' };
  SlReplyResult result;
  gsize len;
  const guint8 *out;

  sl_reply_respond (config, data, sizeof data, &result);
  g_assert_nonnull (result.reply);
  out = g_bytes_get_data (result.reply, &len);
  g_assert_cmpmem (out, len, data, sizeof data);
  g_assert_false (result.close);
  sl_reply_result_clear (&result);
  g_assert_null (result.reply);

  /* An empty read echoes nothing harmful */
  sl_reply_respond (config, NULL, 0, &result);
  g_assert_cmpuint (result.reply ? g_bytes_get_size (result.reply) : 0, ==, 0);
  sl_reply_result_clear (&result);
}

static void
test_respond_text (void)
{
  g_autoptr(SlReplyConfig) ack = sl_reply_config_parse ("ack", NULL);
  g_autoptr(SlReplyConfig) text = sl_reply_config_parse ("text:thanks\n", NULL);
  SlReplyResult result;
  gsize len;
  const guint8 *out;

  sl_reply_respond (ack, (const guint8 *) "hello", 5, &result);
  out = g_bytes_get_data (result.reply, &len);
  g_assert_cmpmem (out, len, "ACK", 3);
  g_assert_true (result.close);
  sl_reply_result_clear (&result);

  sl_reply_respond (text, (const guint8 *) "hello", 5, &result);
  out = g_bytes_get_data (result.reply, &len);
  g_assert_cmpmem (out, len, "thanks\n", 7);
  g_assert_false (result.close);
  sl_reply_result_clear (&result);
}

static void
test_respond_timestamp (void)
{
  g_autoptr(SlReplyConfig) config = sl_reply_config_new (SL_REPLY_TIMESTAMP);
  SlReplyResult result;
  double before = g_get_real_time () / (double) G_USEC_PER_SEC;
  double stamp, after;
  gsize len;
  const guint8 *out;

  sl_reply_respond (config, (const guint8 *) "abc", 3, &result);
  after = g_get_real_time () / (double) G_USEC_PER_SEC;

  out = g_bytes_get_data (result.reply, &len);
  g_assert_cmpuint (len, ==, 8 + 3);
  memcpy (&stamp, out, sizeof stamp);
  g_assert_cmpfloat (stamp, >=, before - 0.001);
  g_assert_cmpfloat (stamp, <=, after + 0.001);
  g_assert_cmpmem (out + 8, 3, "abc", 3);
  g_assert_true (result.close);
  sl_reply_result_clear (&result);
}

static void
check_game_reply (const SlReplyConfig *config,
                  const char          *message,
                  const char          *server_name)
{
  SlReplyResult result;
  g_autofree char *text = NULL;
  g_autofree char *prefix = g_strdup_printf ("%s,", server_name);
  const char *number;
  gint64 n;

  sl_reply_respond (config, (const guint8 *) message, strlen (message), &result);
  g_assert_nonnull (result.reply);
  g_assert_false (result.close);
  g_assert_nonnull (result.note);

  text = g_strndup (g_bytes_get_data (result.reply, NULL), g_bytes_get_size (result.reply));
  g_assert_true (g_str_has_prefix (text, prefix));
  number = text + strlen (prefix);
  g_assert_true (g_ascii_string_to_signed (number, 10, 1, 100, &n, NULL));
  sl_reply_result_clear (&result);
}

static void
test_respond_number_game (void)
{
  g_autoptr(SlReplyConfig) config = sl_reply_config_parse ("number-game", NULL);
  const char *valid[] = { "Alice,42", "Bob, 7\n", "Carol,1", "Dave,100", "a,b,50" };
  const char *invalid[] = { "Alice,0", "Alice,101", "Alice,-5", "Alice", "Alice,x",
                            "Alice,", "", "Alice,99999999999999999999", "\xff,5" };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    check_game_reply (config, valid[i], "Socket Lab");

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      SlReplyResult result;

      g_autofree char *escaped = g_strescape (invalid[i], NULL);

      g_test_message ("invalid %s", escaped);
      sl_reply_respond (config, (const guint8 *) invalid[i], strlen (invalid[i]), &result);
      g_assert_null (result.reply);
      g_assert_true (result.close);
      sl_reply_result_clear (&result);
    }

  g_free (config->server_name);
  config->server_name = g_strdup ("Server of Kim");
  check_game_reply (config, "Alice,42", "Server of Kim");

  /* Many draws stay within 1–100 */
  for (guint i = 0; i < 500; i++)
    check_game_reply (config, "Eve,50", "Server of Kim");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reply/parse/modes", test_parse_modes);
  g_test_add_func ("/reply/parse/errors", test_parse_errors);
  g_test_add_func ("/reply/boxed", test_boxed);
  g_test_add_func ("/reply/respond/none", test_respond_none);
  g_test_add_func ("/reply/respond/echo", test_respond_echo);
  g_test_add_func ("/reply/respond/text", test_respond_text);
  g_test_add_func ("/reply/respond/timestamp", test_respond_timestamp);
  g_test_add_func ("/reply/respond/number-game", test_respond_number_game);

  return g_test_run ();
}
