/* fuzz-escape.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "fuzz-escape"

#include <string.h>

#include "sl-payload.h"

/* Escaped text comes from the student, the bytes to escape from the
 * network. Both directions must never crash, and escaping must always
 * read back to the same bytes. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_round_trip (const guint8 *data,
                  gsize         size)
{
  g_autofree char *text = sl_payload_escape (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) back = NULL;

  g_assert (g_utf8_validate (text, -1, NULL));
  back = sl_payload_unescape (text, -1, &error);
  g_assert_no_error (error);
  g_assert (g_bytes_get_size (back) == size);
  g_assert (size == 0 || memcmp (g_bytes_get_data (back, NULL), data, size) == 0);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  check_round_trip (data, size);

  bytes = sl_payload_unescape ((const char *) data, size, &error);
  g_assert ((bytes == NULL) == (error != NULL));
  if (bytes != NULL)
    check_round_trip (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return 0;
}
