/* fuzz-struct.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "fuzz-struct"

#include <string.h>

#include "sl-payload.h"

/* Input: a format line, a values line, then the bytes to unpack. The
 * format and values come from a student, the bytes from the network. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* Formats that describe more than this are only checked for size: packing
 * 64 MiB on every run would slow the fuzzer down for nothing. */
#define MAX_PACK 65536

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const guint8 *nl1, *nl2, *rest;
  g_autofree char *format = NULL;
  g_autofree char *line = NULL;
  g_autoptr(SlStruct) st = NULL;
  g_auto(GStrv) values = NULL;
  g_autoptr(GBytes) packed = NULL;
  gsize rest_len;

  nl1 = memchr (data, '\n', size);
  if (nl1 == NULL)
    {
      format = g_strndup ((const char *) data, size);
      line = g_strdup ("");
      rest = data + size;
    }
  else
    {
      format = g_strndup ((const char *) data, nl1 - data);
      nl2 = memchr (nl1 + 1, '\n', size - (nl1 + 1 - data));
      if (nl2 == NULL)
        nl2 = data + size;
      line = g_strndup ((const char *) nl1 + 1, nl2 - nl1 - 1);
      rest = nl2 < data + size ? nl2 + 1 : nl2;
    }
  rest_len = data + size - rest;

  values = sl_struct_split_values (line, NULL);

  st = sl_struct_new (format, NULL);
  if (st == NULL)
    return 0;
  g_assert (sl_struct_get_size (st) <= SL_PAYLOAD_MAX_SIZE);
  if (sl_struct_get_size (st) > MAX_PACK)
    return 0;

  /* Unpack whatever arrived, cut or padded to the size the format needs. */
  {
    gsize need = sl_struct_get_size (st);
    g_autofree guint8 *buf = g_malloc0 (need + 1);
    g_autofree char *tuple = NULL;
    g_auto(GStrv) reprs = NULL;

    memcpy (buf, rest, MIN (need, rest_len));
    reprs = sl_struct_unpack (st, buf, need, NULL);
    g_assert (reprs != NULL);
    g_assert (g_strv_length (reprs) == sl_struct_get_n_values (st));
    tuple = sl_struct_unpack_to_string (st, buf, need, NULL);
    g_assert (tuple != NULL);
    g_assert (sl_struct_unpack (st, buf, need + 1, NULL) == NULL);
  }

  if (values == NULL)
    return 0;

  packed = sl_struct_pack (st, (const char * const *) values, g_strv_length (values), NULL);
  if (packed != NULL)
    {
      /* What pack made, unpack reads, and its repr() packs again to the
       * same bytes (except NaN, whose sign and payload repr drops). */
      g_auto(GStrv) reprs = NULL;
      g_autoptr(GBytes) again = NULL;
      gboolean has_nan = FALSE;

      g_assert (g_bytes_get_size (packed) == sl_struct_get_size (st));
      reprs = sl_struct_unpack (st, g_bytes_get_data (packed, NULL), g_bytes_get_size (packed), NULL);
      g_assert (reprs != NULL);
      for (guint i = 0; reprs[i] != NULL; i++)
        has_nan |= strcmp (reprs[i], "nan") == 0;
      again = sl_struct_pack (st, (const char * const *) reprs, g_strv_length (reprs), NULL);
      g_assert (again != NULL);
      g_assert (has_nan || g_bytes_equal (again, packed));
    }

  return 0;
}
