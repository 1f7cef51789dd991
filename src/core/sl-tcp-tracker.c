/* sl-tcp-tracker.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlTcpTracker follows TCP conversations across the packets of a capture,
 * fed in capture order from whichever thread reads the capture (it has no
 * lock: one owner). It gives each packet what Wireshark shows by default:
 *
 *  - relative sequence numbers: the first sequence number seen in a
 *    direction is the base (the ISN when that packet is a SYN, otherwise the
 *    number minus one), and acknowledgement numbers are relative to the other
 *    direction's base, which the first ACK sets if that direction has not
 *    been seen yet (ack - 1);
 *  - the window shifted by the scale both SYNs agreed on;
 *  - a stream index per conversation, like tcp.stream; a SYN with a new ISN
 *    on a known address pair starts a new stream (port reuse).
 *
 * The client is the side that sent the first SYN (or received the first
 * SYN/ACK); without either, the first sender. Memory is bounded: past
 * max_conversations the least recently active conversation is forgotten.
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-tcp-tracker"

#include <string.h>

#include "sl-tcp-tracker.h"

/* Window scale states, as Wireshark keeps them. */
#define WS_UNKNOWN (-1)
#define WS_NONE    (-2)

typedef struct
{
  guint32  base;
  gboolean base_set;
  gint     window_scale;
} Direction;

typedef struct
{
  SlTcpConversation pub;        /* first: the public view */
  SlConversationKey canonical;  /* the hash key: lower endpoint first */
  Direction         dir[2];     /* 0: client to server, 1: server to client */
  GList             lru;        /* in SlTcpTracker.lru, oldest at the head */
} Conversation;

struct _SlTcpTracker
{
  GHashTable *by_key;     /* canonical key → Conversation (owned) */
  GHashTable *by_stream;  /* stream → Conversation */
  GQueue      lru;
  guint       max;
  guint       next_stream;
};

static gsize
address_len (const SlConversationKey *key)
{
  return key->family == 6 ? 16 : 4;
}

/* Field by field: the struct has a padding byte that memcmp would read. */
static guint
key_hash (gconstpointer data)
{
  const SlConversationKey *key = data;
  guint32 h = 2166136261u ^ key->family;
  gsize i, n = address_len (key);

  for (i = 0; i < n; i++)
    h = (h ^ key->src[i]) * 16777619u;
  for (i = 0; i < n; i++)
    h = (h ^ key->dst[i]) * 16777619u;
  h = (h ^ key->src_port) * 16777619u;
  h = (h ^ key->dst_port) * 16777619u;

  return h;
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  const SlConversationKey *x = a, *y = b;

  return x->family == y->family &&
         x->src_port == y->src_port && x->dst_port == y->dst_port &&
         memcmp (x->src, y->src, address_len (x)) == 0 &&
         memcmp (x->dst, y->dst, address_len (x)) == 0;
}

static gboolean
endpoint_equal (const guint8 *addr_a,
                guint16       port_a,
                const guint8 *addr_b,
                guint16       port_b,
                gsize         len)
{
  return port_a == port_b && memcmp (addr_a, addr_b, len) == 0;
}

static void
canonicalize (const SlConversationKey *key,
              SlConversationKey       *out)
{
  gsize n = address_len (key);
  int cmp = memcmp (key->src, key->dst, n);

  memset (out, 0, sizeof *out);
  out->family = key->family;
  if (cmp < 0 || (cmp == 0 && key->src_port <= key->dst_port))
    {
      memcpy (out->src, key->src, n);
      memcpy (out->dst, key->dst, n);
      out->src_port = key->src_port;
      out->dst_port = key->dst_port;
    }
  else
    {
      memcpy (out->src, key->dst, n);
      memcpy (out->dst, key->src, n);
      out->src_port = key->dst_port;
      out->dst_port = key->src_port;
    }
}

/* 0 when the packet goes from client to server. */
static guint
direction_of (const Conversation      *conv,
              const SlConversationKey *key)
{
  return endpoint_equal (key->src, key->src_port, conv->pub.client.src, conv->pub.client.src_port,
                         address_len (key)) ? 0 : 1;
}

SlTcpTracker *
sl_tcp_tracker_new (guint max_conversations)
{
  SlTcpTracker *self = g_new0 (SlTcpTracker, 1);

  self->by_key = g_hash_table_new_full (key_hash, key_equal, NULL, g_free);
  self->by_stream = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_queue_init (&self->lru);
  self->max = max_conversations > 0 ? max_conversations : SL_TCP_TRACKER_DEFAULT_MAX;

  return self;
}

void
sl_tcp_tracker_clear (SlTcpTracker *self)
{
  g_return_if_fail (self != NULL);

  g_hash_table_remove_all (self->by_stream);
  g_hash_table_remove_all (self->by_key);
  g_queue_init (&self->lru);
  self->next_stream = 0;
}

void
sl_tcp_tracker_free (SlTcpTracker *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->by_stream);
  g_hash_table_unref (self->by_key);
  g_free (self);
}

static void
forget (SlTcpTracker *self,
        Conversation *conv)
{
  g_queue_unlink (&self->lru, &conv->lru);
  g_hash_table_remove (self->by_stream, GUINT_TO_POINTER (conv->pub.stream));
  g_hash_table_remove (self->by_key, &conv->canonical); /* frees conv */
}

static Conversation *
start_conversation (SlTcpTracker          *self,
                    const SlPacketSummary *s,
                    const SlConversationKey *canonical)
{
  Conversation *conv = g_new0 (Conversation, 1);
  SlConversationKey *client = &conv->pub.client;
  guint flags = s->tcp.flags;

  conv->pub.stream = self->next_stream++;
  conv->canonical = *canonical;
  conv->lru.data = conv;
  conv->dir[0].window_scale = conv->dir[1].window_scale = WS_UNKNOWN;

  memset (client, 0, sizeof *client);
  client->family = s->key.family;
  if ((flags & (SL_TCP_SYN | SL_TCP_ACK)) == (SL_TCP_SYN | SL_TCP_ACK))
    {
      /* We missed the SYN: the receiver of the SYN/ACK is the client. */
      memcpy (client->src, s->key.dst, sizeof client->src);
      memcpy (client->dst, s->key.src, sizeof client->dst);
      client->src_port = s->key.dst_port;
      client->dst_port = s->key.src_port;
      conv->pub.client_from_syn = TRUE;
    }
  else
    {
      memcpy (client->src, s->key.src, sizeof client->src);
      memcpy (client->dst, s->key.dst, sizeof client->dst);
      client->src_port = s->key.src_port;
      client->dst_port = s->key.dst_port;
      conv->pub.client_from_syn = (flags & SL_TCP_SYN) != 0;
    }

  g_hash_table_insert (self->by_key, &conv->canonical, conv);
  g_hash_table_insert (self->by_stream, GUINT_TO_POINTER (conv->pub.stream), conv);
  g_queue_push_tail_link (&self->lru, &conv->lru);

  while (self->lru.length > self->max)
    forget (self, self->lru.head->data);

  return conv;
}

/* Relative numbers and the scaled window from the conversation's state. */
static void
fill_relative (const Conversation *conv,
               guint               d,
               SlPacketSummary    *s)
{
  const Direction *fwd = &conv->dir[d], *rev = &conv->dir[1 - d];

  s->tcp.stream = conv->pub.stream;
  s->tcp.from_client = d == 0;
  s->tcp.relative = TRUE;
  s->tcp.rel_seq = fwd->base_set ? s->tcp.seq - fwd->base : s->tcp.seq;
  /* Without the ACK flag the field means nothing; tshark shows 0. */
  if (!(s->tcp.flags & SL_TCP_ACK))
    s->tcp.rel_ack = 0;
  else
    s->tcp.rel_ack = rev->base_set ? s->tcp.ack - rev->base : s->tcp.ack;
  if (!(s->tcp.flags & SL_TCP_SYN) && fwd->window_scale >= 0)
    s->tcp.window_size = (guint32) s->tcp.window << fwd->window_scale;
  else
    s->tcp.window_size = s->tcp.window;
}

/**
 * sl_tcp_tracker_add:
 * @tracker: a tracker
 * @summary: the summary of the next captured packet
 *
 * Takes the packet into account (call it once per packet, in capture order)
 * and fills @summary's stream, direction, relative numbers and Info text.
 *
 * Returns: %TRUE for a TCP packet
 */
gboolean
sl_tcp_tracker_add (SlTcpTracker    *self,
                    SlPacketSummary *s)
{
  SlConversationKey canonical;
  Conversation *conv;
  Direction *fwd, *rev;
  guint flags, d;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (s != NULL, FALSE);

  if (!s->is_tcp || (s->key.family != 4 && s->key.family != 6))
    return FALSE;

  flags = s->tcp.flags;
  canonicalize (&s->key, &canonical);
  conv = g_hash_table_lookup (self->by_key, &canonical);

  /* A new SYN with another ISN on a known address pair: a new connection. */
  if (conv != NULL && (flags & (SL_TCP_SYN | SL_TCP_ACK)) == SL_TCP_SYN)
    {
      fwd = &conv->dir[direction_of (conv, &s->key)];
      if (fwd->base_set && fwd->base != s->tcp.seq)
        {
          forget (self, conv);
          conv = NULL;
        }
    }

  if (conv == NULL)
    conv = start_conversation (self, s, &canonical);
  else
    {
      g_queue_unlink (&self->lru, &conv->lru);
      g_queue_push_tail_link (&self->lru, &conv->lru);
    }

  d = direction_of (conv, &s->key);
  fwd = &conv->dir[d];
  rev = &conv->dir[1 - d];
  conv->pub.packets++;

  if (!fwd->base_set)
    {
      fwd->base = (flags & SL_TCP_SYN) ? s->tcp.seq : s->tcp.seq - 1;
      fwd->base_set = TRUE;
    }
  if (!rev->base_set && (flags & SL_TCP_ACK))
    {
      rev->base = s->tcp.ack - 1;
      rev->base_set = TRUE;
    }

  if (flags & SL_TCP_SYN)
    {
      if (s->tcp.window_scale >= 0)
        fwd->window_scale = s->tcp.window_scale;
      if (fwd->window_scale == WS_UNKNOWN)
        {
          /* One side without the option: neither side scales. */
          fwd->window_scale = WS_NONE;
          rev->window_scale = WS_NONE;
        }
      else if ((flags & SL_TCP_ACK) && rev->window_scale == WS_NONE)
        fwd->window_scale = WS_NONE;
    }

  fill_relative (conv, d, s);
  sl_dissect_format_tcp_info (s);

  return TRUE;
}

/**
 * sl_tcp_tracker_relate:
 * @tracker: a tracker
 * @stream: the stream the packet was given by sl_tcp_tracker_add()
 * @summary: a fresh summary of that packet
 *
 * Fills relative numbers again for a packet dissected a second time (when its
 * row scrolls into view), without changing the tracker. Once a direction's
 * base is known it never changes, so the numbers are those of the first pass.
 *
 * Returns: %FALSE if the stream has been forgotten or does not match
 */
gboolean
sl_tcp_tracker_relate (SlTcpTracker    *self,
                       guint            stream,
                       SlPacketSummary *s)
{
  Conversation *conv;
  SlConversationKey canonical;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (s != NULL, FALSE);

  if (!s->is_tcp)
    return FALSE;

  conv = g_hash_table_lookup (self->by_stream, GUINT_TO_POINTER (stream));
  if (conv == NULL)
    return FALSE;

  canonicalize (&s->key, &canonical);
  if (!key_equal (&canonical, &conv->canonical))
    return FALSE;

  fill_relative (conv, direction_of (conv, &s->key), s);
  sl_dissect_format_tcp_info (s);

  return TRUE;
}

/**
 * sl_tcp_tracker_lookup:
 * @tracker: a tracker
 * @key: a packet's addresses and ports, in either direction
 *
 * Returns: (nullable): the latest conversation on these endpoints
 */
const SlTcpConversation *
sl_tcp_tracker_lookup (SlTcpTracker            *self,
                       const SlConversationKey *key)
{
  SlConversationKey canonical;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (key->family != 4 && key->family != 6)
    return NULL;

  canonicalize (key, &canonical);
  return g_hash_table_lookup (self->by_key, &canonical);
}

const SlTcpConversation *
sl_tcp_tracker_get_stream (SlTcpTracker *self,
                           guint         stream)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_hash_table_lookup (self->by_stream, GUINT_TO_POINTER (stream));
}

guint
sl_tcp_tracker_get_n_conversations (SlTcpTracker *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->lru.length;
}
