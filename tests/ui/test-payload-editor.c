/* test-payload-editor.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "test-payload-editor"

#include <gtk/gtk.h>
#include <string.h>

#include "sl-error.h"
#include "sl-payload-editor.h"

#include "sl-test-ui.h"

static SlPayloadEditor *
new_editor (void)
{
  return g_object_ref_sink (SL_PAYLOAD_EDITOR (sl_payload_editor_new ()));
}

static void
set_text (SlPayloadEditor *editor,
          const char      *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (sl_test_find (GTK_WIDGET (editor), "text_view"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

/* "valid" follows the input after the debounce; wait for it, bounded */
static void
wait_valid (SlPayloadEditor *editor,
            gboolean         expected)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (sl_payload_editor_get_valid (editor) != expected
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);

  g_assert_cmpint (sl_payload_editor_get_valid (editor), ==, expected);
}

static void
assert_bytes (GBytes     *bytes,
              const void *expected,
              gsize       expected_len)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  g_assert_cmpmem (data, len, expected, expected_len);
}

static void
test_text_escapes (void)
{
  g_autoptr(SlPayloadEditor) editor = new_editor ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  static const char expected[] = "a\tb\x00\\c\r\n";

  set_text (editor, "a\\tb\\x00\\\\c");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sl_test_find (GTK_WIDGET (editor), "line_ending_dropdown")), 2);

  messages = sl_payload_editor_build (editor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  assert_bytes (g_ptr_array_index (messages, 0), expected, sizeof expected - 1);
  wait_valid (editor, TRUE);
}

static void
test_hex (void)
{
  g_autoptr(SlPayloadEditor) editor = new_editor ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (editor, "mode", "hex", NULL);
  set_text (editor, "48 65 6c 6c 6f");
  messages = sl_payload_editor_build (editor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  assert_bytes (g_ptr_array_index (messages, 0), "Hello", 5);
  wait_valid (editor, TRUE);
}

static void
test_struct_format_first (void)
{
  g_autoptr(SlPayloadEditor) editor = new_editor ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  guint8 expected[20] = "hello world";
  guint32 n = 42;
  float f = 3.5f;

  /* native order and alignment, as Python's struct.pack("11sIf", ...) */
  memcpy (expected + 12, &n, 4);
  memcpy (expected + 16, &f, 4);

  g_object_set (editor, "mode", "struct", NULL);
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find (GTK_WIDGET (editor), "format_entry")), "11sIf");
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find (GTK_WIDGET (editor), "values_entry")),
                         "b\"hello world\", 42, 3.5");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sl_test_find (GTK_WIDGET (editor), "format_first_check")), TRUE);

  messages = sl_payload_editor_build (editor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  assert_bytes (g_ptr_array_index (messages, 0), "11sIf", 5);
  assert_bytes (g_ptr_array_index (messages, 1), expected, sizeof expected);
  g_assert_cmpstr (sl_payload_editor_get_struct_format (editor), ==, "11sIf");
  wait_valid (editor, TRUE);

  /* without the option, only the packed data */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sl_test_find (GTK_WIDGET (editor), "format_first_check")), FALSE);
  g_clear_pointer (&messages, g_ptr_array_unref);
  messages = sl_payload_editor_build (editor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
}

static void
test_invalid_hex (void)
{
  g_autoptr(SlPayloadEditor) editor = new_editor ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *preview = sl_test_find (GTK_WIDGET (editor), "preview_label");

  wait_valid (editor, TRUE);
  g_object_set (editor, "mode", "hex", NULL);
  set_text (editor, "48 6g");
  messages = sl_payload_editor_build (editor, &error);
  g_assert_null (messages);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_HEX);
  wait_valid (editor, FALSE);
  g_assert_true (gtk_widget_has_css_class (preview, "error-message"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (preview)), ==, error->message);
}

static void
test_invalid_struct (void)
{
  g_autoptr(SlPayloadEditor) editor = new_editor ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  wait_valid (editor, TRUE);
  g_object_set (editor, "mode", "struct", NULL);
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find (GTK_WIDGET (editor), "format_entry")), "!I");
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find (GTK_WIDGET (editor), "values_entry")), "forty-two");
  messages = sl_payload_editor_build (editor, &error);
  g_assert_null (messages);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_VALUE);
  wait_valid (editor, FALSE);

  g_clear_error (&error);
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find (GTK_WIDGET (editor), "format_entry")), "!Z");
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find (GTK_WIDGET (editor), "values_entry")), "1");
  messages = sl_payload_editor_build (editor, &error);
  g_assert_null (messages);
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_STRUCT_FORMAT);
  wait_valid (editor, FALSE);

  /* fixed again */
  gtk_editable_set_text (GTK_EDITABLE (sl_test_find (GTK_WIDGET (editor), "format_entry")), "!I");
  wait_valid (editor, TRUE);
}

static void
test_too_large (void)
{
  g_autoptr(SlPayloadEditor) editor = new_editor ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 100 * 1000 * 1000;
  g_autofree char *big = g_malloc (size + 1);
  gint64 start;

  memset (big, 'a', size);
  big[size] = '\0';
  wait_valid (editor, TRUE);

  start = g_get_monotonic_time ();
  set_text (editor, big);
  messages = sl_payload_editor_build (editor, &error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);

  g_assert_null (messages);
  g_assert_error (error, SL_ERROR, SL_ERROR_TOO_LARGE);
  g_assert_false (sl_payload_editor_get_valid (editor));

  /* the next edit is accepted again */
  set_text (editor, "ok");
  wait_valid (editor, TRUE);
}

static void
test_settings (void)
{
  g_autoptr(SlPayloadEditor) editor = new_editor ();
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;

  g_settings_set_string (settings, "tcp-client-payload-mode", "hex");
  g_settings_set_string (settings, "tcp-client-payload-text", "41 42");
  sl_payload_editor_bind_settings (editor, settings, "tcp-client");

  messages = sl_payload_editor_build (editor, &error);
  g_assert_no_error (error);
  assert_bytes (g_ptr_array_index (messages, 0), "AB", 2);

  /* editing writes back */
  g_object_set (editor, "mode", "text", NULL);
  mode = g_settings_get_string (settings, "tcp-client-payload-mode");
  g_assert_cmpstr (mode, ==, "text");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sl_test_find (GTK_WIDGET (editor), "line_ending_dropdown")), 1);
  g_free (mode);
  mode = g_settings_get_string (settings, "tcp-client-line-ending");
  g_assert_cmpstr (mode, ==, "lf");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/payload-editor/text-escapes", test_text_escapes);
  g_test_add_func ("/payload-editor/hex", test_hex);
  g_test_add_func ("/payload-editor/struct-format-first", test_struct_format_first);
  g_test_add_func ("/payload-editor/invalid-hex", test_invalid_hex);
  g_test_add_func ("/payload-editor/invalid-struct", test_invalid_struct);
  g_test_add_func ("/payload-editor/too-large", test_too_large);
  g_test_add_func ("/payload-editor/settings", test_settings);

  return g_test_run ();
}
