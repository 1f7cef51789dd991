/* fuzz-dissect.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "fuzz-dissect"

#include <string.h>

#include "sl-dissect.h"
#include "sl-tcp-tracker.h"

/* Captured packets: anyone on the network writes them.
 *
 * Input: one byte that picks the link type, then packets, each as a 2-byte
 * big-endian length and its bytes (the last one takes whatever is left), so
 * that one input drives the TCP tracker through a conversation. Each packet
 * is copied to a buffer of exactly its size, so ASan sees any overread. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const guint linktypes[] = {
  SL_LINKTYPE_ETHERNET, SL_LINKTYPE_LINUX_SLL, SL_LINKTYPE_LINUX_SLL2, SL_LINKTYPE_RAW,
  SL_LINKTYPE_NULL, 228,
};

static void
check_summary (const SlPacketSummary *s)
{
  g_assert (s->protocol != NULL);
  g_assert (memchr (s->source, '\0', sizeof s->source) != NULL);
  g_assert (memchr (s->destination, '\0', sizeof s->destination) != NULL);
  g_assert (memchr (s->info, '\0', sizeof s->info) != NULL);
  /* Labels in GTK must be UTF-8, whatever bytes came in. */
  g_assert (g_utf8_validate (s->info, -1, NULL));
  g_assert (g_utf8_validate (s->source, -1, NULL));
  g_assert (g_utf8_validate (s->destination, -1, NULL));
  g_assert (!s->is_tcp || s->key.family == 4 || s->key.family == 6);
}

static void
dissect_one (guint         linktype,
             const guint8 *packet,
             gsize         len,
             gsize         origlen,
             SlTcpTracker *tracker)
{
  g_autofree guint8 *copy = g_memdup2 (packet, len);
  g_autoptr(SlDissection) tree = NULL;
  SlPacketSummary s, again;
  guint i, n;

  sl_dissect_summary (linktype, copy, len, origlen, &s);
  check_summary (&s);

  if (sl_tcp_tracker_add (tracker, &s))
    {
      const SlTcpConversation *conv = sl_tcp_tracker_lookup (tracker, &s.key);

      g_assert (s.is_tcp);
      g_assert (conv != NULL);
      g_assert (conv->stream == s.tcp.stream);
      check_summary (&s);

      sl_dissect_summary (linktype, copy, len, origlen, &again);
      g_assert (sl_tcp_tracker_relate (tracker, s.tcp.stream, &again));
      g_assert (strcmp (again.info, s.info) == 0);
    }

  tree = sl_dissect_tree (linktype, copy, len, origlen);
  n = sl_dissection_get_n_fields (tree);
  g_assert (n > 0);
  for (i = 0; i < n; i++)
    {
      const SlDissectField *f = sl_dissection_get_field (tree, i);

      g_assert (f->label != NULL);
      g_assert (g_utf8_validate (f->label, -1, NULL));
      g_assert (f->offset <= len && f->length <= len - f->offset);
    }

  /* The tree's walk is the summary's walk. */
  g_assert (strcmp (sl_dissection_get_summary (tree)->info, s.is_tcp ? sl_dissection_get_summary (tree)->info : s.info) == 0);
  g_assert (sl_dissection_get_summary (tree)->status == s.status);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SlTcpTracker) tracker = sl_tcp_tracker_new (4);
  guint linktype;
  gsize off = 1;

  if (size < 1)
    return 0;

  linktype = linktypes[data[0] % G_N_ELEMENTS (linktypes)];
  while (off < size)
    {
      gsize len;

      if (size - off >= 2)
        {
          len = (gsize) data[off] << 8 | data[off + 1];
          off += 2;
          len = MIN (len, size - off);
        }
      else
        len = size - off;

      /* Captured whole, and cut short by a snap length. */
      dissect_one (linktype, data + off, len, len, tracker);
      dissect_one (linktype, data + off, len, len + (data[0] >> 4) * 100, tracker);
      off += len;
    }

  return 0;
}
