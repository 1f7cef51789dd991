/* fuzz-hex.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "fuzz-hex"

#include <string.h>

#include "sl-payload.h"

/* Hex typed by a student, and hex and hexdumps of received bytes. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = sl_payload_parse_hex (text, &error);
  g_autofree char *dump = sl_payload_hexdump (data, size);
  g_autofree char *hex = sl_payload_to_hex (data, size);
  g_autoptr(GBytes) back = NULL;

  g_assert ((bytes == NULL) == (error != NULL));
  g_assert (strlen (dump) == size / 16 * 79 + (size % 16 ? 63 + size % 16 : 0));

  /* to_hex reads back as the same bytes */
  back = sl_payload_parse_hex (hex, NULL);
  g_assert (back != NULL);
  g_assert (g_bytes_get_size (back) == size);
  g_assert (size == 0 || memcmp (g_bytes_get_data (back, NULL), data, size) == 0);

  return 0;
}
