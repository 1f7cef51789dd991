/* fuzz-mcc.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "fuzz-mcc"

#include <string.h>

#include "sl-mcc-codec.h"

/* Datagrams from the multicast group, decoded as course chat pickles: any
 * bytes either decode or fail with an error, and what decodes encodes
 * (protocol 3) back into bytes that decode to the same message. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlMccMessage) message = sl_mcc_decode (data, size, &error);
  g_autoptr(GBytes) encoded = NULL;
  g_autoptr(SlMccMessage) again = NULL;
  gsize len;
  const guint8 *bytes;

  g_assert ((message == NULL) == (error != NULL));
  if (message == NULL)
    {
      g_assert (error->domain == SL_MCC_ERROR);
      g_assert (error->message != NULL && error->message[0] != '\0');
      return 0;
    }

  g_assert (message->kind == SL_MCC_JOIN || message->kind == SL_MCC_SAY || message->kind == SL_MCC_LEAVE);
  g_assert ((message->text != NULL) == (message->kind == SL_MCC_SAY));
  g_assert (message->protocol >= 2 && message->protocol <= 5);

  encoded = sl_mcc_encode (message->kind, message->name, message->text);
  bytes = g_bytes_get_data (encoded, &len);
  again = sl_mcc_decode (bytes, len, NULL);
  g_assert (again != NULL);
  g_assert (again->kind == message->kind);
  g_assert (again->protocol == 3);
  g_assert (g_bytes_equal (again->name, message->name));
  g_assert (message->text == NULL || g_bytes_equal (again->text, message->text));

  return 0;
}
