/* sl-call-link.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Links the engines' events to the packets they caused. Main thread only,
 * like the capture's packet model it reads.
 *
 * An event names its socket by "local" and "peer" strings; data events only
 * carry the peer, so the connection's ACCEPTED/CONNECTED event in the same
 * log supplies the rest. The endpoints select the TCP streams that could
 * hold the packets; when a port pair was reused, the stream nearest in time
 * wins. Inside the stream the event's kind says which segment to look for,
 * and for send() the byte offset of the call in the connection (summed from
 * the log) finds the data segments by their relative sequence numbers, so
 * that merged events ("Sent 3,000 bytes in 4 writes") and segments that
 * carry several calls' bytes still match. Without the SYN the sequence
 * numbers say nothing about offsets, and time decides.
 *
 * Times: events take g_get_real_time() when the engine logs them, which is
 * after the system call returned, so a packet may precede its event (the
 * kernel timestamps a loopback segment inside send()); a connect() logged
 * as CONNECTED comes a round trip after its SYN.
 *
 * Nothing here scans the whole capture per lookup: a per-capture index of
 * packet numbers per stream is built once, extended as the capture grows,
 * and rebuilt when the capture was cleared.
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-call-link"

#include <string.h>

#include "sl-call-link.h"
#include "sl-format.h"

#define MSEC (G_GINT64_CONSTANT (1000))
#define SEC  (G_GINT64_CONSTANT (1000000))

/* How far from its stream an event may be and still belong to it */
#define STREAM_SLACK      (10 * SEC)
/* send() without sequence offsets: the segment around the call */
#define SENT_BEFORE       (200 * MSEC)
#define SENT_AFTER        (200 * MSEC)
/* Segments looked at around one event or packet in a large stream */
#define WINDOW            (10 * SEC)
#define WINDOW_MAX        100000

/* ---- endpoints ---------------------------------------------------------- */

typedef struct
{
  guint8  family;
  guint8  address[16];
  guint16 port;
} Endpoint;

gboolean
sl_call_link_parse_endpoint (const char *text,
                             guint8     *family,
                             guint8      address[16],
                             guint16    *port)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  const char *colon;
  char *end = NULL;
  guint64 value;
  gsize len;

  g_return_val_if_fail (family != NULL && address != NULL && port != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  colon = strrchr (text, ':');
  if (colon == NULL || colon == text)
    return FALSE;

  if (text[0] == '[')
    {
      if (colon[-1] != ']' || colon - text < 3)
        return FALSE;
      host = g_strndup (text + 1, colon - text - 2);
    }
  else
    host = g_strndup (text, colon - text);

  value = g_ascii_strtoull (colon + 1, &end, 10);
  if (end == colon + 1 || *end != '\0' || value > G_MAXUINT16)
    return FALSE;

  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    return FALSE;

  memset (address, 0, 16);
  len = g_inet_address_get_native_size (inet);
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    {
      const guint8 *bytes = g_inet_address_to_bytes (inet);
      static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

      /* ::ffff:a.b.c.d is a.b.c.d on the wire */
      if (memcmp (bytes, mapped, 12) == 0)
        {
          *family = 4;
          memcpy (address, bytes + 12, 4);
        }
      else
        {
          *family = 6;
          memcpy (address, bytes, 16);
        }
    }
  else
    {
      *family = 4;
      memcpy (address, g_inet_address_to_bytes (inet), MIN (len, 4));
    }

  *port = (guint16) value;
  return TRUE;
}

char *
sl_call_link_format_endpoint (guint8        family,
                              const guint8 *address,
                              guint16       port)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autofree char *host = NULL;

  g_return_val_if_fail (address != NULL, NULL);

  inet = g_inet_address_new_from_bytes (address, family == 6 ? G_SOCKET_FAMILY_IPV6
                                                             : G_SOCKET_FAMILY_IPV4);
  host = g_inet_address_to_string (inet);

  return sl_format_host_port (host, port);
}

static gboolean
endpoint_parse (const char *text,
                Endpoint   *out)
{
  return sl_call_link_parse_endpoint (text, &out->family, out->address, &out->port);
}

static gboolean
endpoint_equal (const Endpoint *a,
                const Endpoint *b)
{
  return a->family == b->family && a->port == b->port &&
         memcmp (a->address, b->address, a->family == 6 ? 16 : 4) == 0;
}

static void
endpoints_of_key (const SlConversationKey *key,
                  Endpoint                *src,
                  Endpoint                *dst)
{
  src->family = dst->family = key->family;
  memcpy (src->address, key->src, 16);
  memcpy (dst->address, key->dst, 16);
  src->port = key->src_port;
  dst->port = key->dst_port;
}

/* ---- the per-capture stream index --------------------------------------- */

typedef struct
{
  GArray  *packets;     /* guint packet indices, capture order */
  Endpoint client;
  Endpoint server;
  gboolean has_syn;     /* the first packet is a SYN: relative seq = offset + 1 */
} StreamEntry;

typedef struct
{
  guint      n_indexed;
  gint64     first_time;
  GPtrArray *streams;   /* StreamEntry or NULL, by stream number */
} StreamIndex;

static void
stream_entry_free (gpointer data)
{
  StreamEntry *entry = data;

  if (entry == NULL)
    return;
  g_array_unref (entry->packets);
  g_free (entry);
}

static void
stream_index_free (gpointer data)
{
  StreamIndex *index = data;

  g_ptr_array_unref (index->streams);
  g_free (index);
}

static SlPacket *
get_packet (SlCapture *capture,
            guint      index)
{
  return g_list_model_get_item (sl_capture_get_packets (capture), index);
}

static gint64
packet_time (SlCapture *capture,
             guint      index)
{
  g_autoptr(SlPacket) packet = get_packet (capture, index);

  return packet ? sl_packet_get_time_us (packet) : 0;
}

static StreamIndex *
stream_index_update (SlCapture *capture)
{
  StreamIndex *index;
  GListModel *model = sl_capture_get_packets (capture);
  guint n = g_list_model_get_n_items (model);
  guint i;

  index = g_object_get_data (G_OBJECT (capture), "sl-call-link-index");
  if (index == NULL)
    {
      index = g_new0 (StreamIndex, 1);
      index->streams = g_ptr_array_new_with_free_func (stream_entry_free);
      g_object_set_data_full (G_OBJECT (capture), "sl-call-link-index", index, stream_index_free);
    }

  /* The capture only grows, until it is cleared: then it is shorter, or
   * its first packet is another one. */
  if (index->n_indexed > 0 && (n < index->n_indexed || packet_time (capture, 0) != index->first_time))
    {
      g_ptr_array_set_size (index->streams, 0);
      index->n_indexed = 0;
    }

  if (index->n_indexed == 0 && n > 0)
    index->first_time = packet_time (capture, 0);

  /* Read the stream from the store's records: making a row object for
   * every packet stalled the window for a third of a second when tens of
   * thousands of packets arrived at once. */
  for (i = index->n_indexed; i < n; i++)
    {
      StreamEntry *entry;
      int stream;

      stream = sl_capture_get_packet_stream (capture, i);
      if (stream < 0)
        continue;

      if ((guint) stream >= index->streams->len)
        g_ptr_array_set_size (index->streams, stream + 1);

      entry = g_ptr_array_index (index->streams, stream);
      if (entry == NULL)
        {
          g_autoptr(SlPacket) packet = g_list_model_get_item (model, i);
          const SlPacketSummary *summary = sl_packet_get_summary (packet);

          entry = g_new0 (StreamEntry, 1);
          entry->packets = g_array_new (FALSE, FALSE, sizeof (guint));
          if (summary->tcp.from_client)
            endpoints_of_key (&summary->key, &entry->client, &entry->server);
          else
            endpoints_of_key (&summary->key, &entry->server, &entry->client);
          entry->has_syn = (summary->tcp.flags & SL_TCP_SYN) != 0;
          g_ptr_array_index (index->streams, stream) = entry;
        }

      g_array_append_val (entry->packets, i);
    }

  index->n_indexed = n;

  return index;
}

static StreamEntry *
stream_index_get (StreamIndex *index,
                  guint        stream)
{
  if (stream >= index->streams->len)
    return NULL;
  return g_ptr_array_index (index->streams, stream);
}

GArray *
sl_call_link_get_stream_packets (SlCapture *capture,
                                 guint      stream)
{
  StreamIndex *index;
  StreamEntry *entry;
  GArray *copy = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (SL_IS_CAPTURE (capture), copy);

  index = stream_index_update (capture);
  entry = stream_index_get (index, stream);
  if (entry != NULL)
    g_array_append_vals (copy, entry->packets->data, entry->packets->len);

  return copy;
}

/* The stream's segments with from <= time <= to, at most @max */
static GArray *
collect_segments (SlCapture   *capture,
                  StreamEntry *entry,
                  gint64       from,
                  gint64       to,
                  guint        max)
{
  GArray *segments = g_array_new (FALSE, TRUE, sizeof (SlCallLinkSegment));
  guint lo = 0, hi = entry->packets->len, i;

  /* First packet at or after @from (capture order is time order, give or
   * take the kernel's reordering, which a few µs don't matter for) */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (packet_time (capture, g_array_index (entry->packets, guint, mid)) < from)
        lo = mid + 1;
      else
        hi = mid;
    }

  for (i = lo; i < entry->packets->len && segments->len < max; i++)
    {
      g_autoptr(SlPacket) packet = get_packet (capture, g_array_index (entry->packets, guint, i));
      const SlPacketSummary *summary;
      SlCallLinkSegment segment = { 0 };

      if (packet == NULL)
        break;
      segment.time_us = sl_packet_get_time_us (packet);
      if (segment.time_us > to)
        break;

      summary = sl_packet_get_summary (packet);
      segment.index = sl_packet_get_index (packet);
      segment.flags = summary->tcp.flags;
      segment.from_client = summary->tcp.from_client;
      segment.relative = summary->tcp.relative && entry->has_syn;
      segment.rel_seq = summary->tcp.rel_seq;
      segment.payload_length = summary->tcp.payload_length;
      g_array_append_val (segments, segment);
    }

  return segments;
}

/* ---- matching inside one stream ----------------------------------------- */

static gboolean
is_syn (const SlCallLinkSegment *s)
{
  return (s->flags & (SL_TCP_SYN | SL_TCP_ACK)) == SL_TCP_SYN;
}

static gboolean
is_syn_ack (const SlCallLinkSegment *s)
{
  return (s->flags & (SL_TCP_SYN | SL_TCP_ACK)) == (SL_TCP_SYN | SL_TCP_ACK);
}

static void
add_position (GArray *positions,
              guint   position)
{
  g_array_append_val (positions, position);
}

static void
match_sent (SlEvent                 *event,
            gboolean                 event_is_client,
            gint64                   sent_offset,
            const SlCallLinkSegment *segments,
            guint                    n_segments,
            GArray                  *out)
{
  guint64 count = sl_event_get_byte_count (event);
  gint64 t = sl_event_get_real_time (event);
  guint64 sum = 0;
  gboolean by_offset = FALSE;
  guint i, start = G_MAXUINT;
  gint64 best = G_MAXINT64;

  if (count == 0)
    return;

  for (i = 0; i < n_segments; i++)
    if (segments[i].from_client == event_is_client && segments[i].payload_length > 0)
      {
        by_offset = sent_offset >= 0 && segments[i].relative;
        break;
      }

  if (by_offset)
    {
      /* Data from offset o is at relative seq o + 1: every segment that
       * carries a byte of [offset, offset + count), retransmissions too. */
      for (i = 0; i < n_segments; i++)
        {
          const SlCallLinkSegment *s = &segments[i];
          guint64 first, end;

          if (s->from_client != event_is_client || s->payload_length == 0 || (s->flags & SL_TCP_SYN))
            continue;
          first = (guint64) s->rel_seq - 1;
          end = first + s->payload_length;
          if (first < (guint64) sent_offset + count && end > (guint64) sent_offset)
            add_position (out, i);
        }
      return;
    }

  /* By time: the data segment nearest to the call, then the following ones
   * from that side until they carried the call's bytes. */
  for (i = 0; i < n_segments; i++)
    {
      const SlCallLinkSegment *s = &segments[i];
      gint64 d;

      if (s->from_client != event_is_client || s->payload_length == 0)
        continue;
      if (s->time_us < t - SENT_BEFORE || s->time_us > t + SENT_AFTER)
        continue;
      d = ABS (s->time_us - t);
      if (d < best)
        {
          best = d;
          start = i;
        }
    }

  for (i = start; i < n_segments && sum < count; i++)
    {
      const SlCallLinkSegment *s = &segments[i];

      if (s->from_client != event_is_client || s->payload_length == 0)
        continue;
      add_position (out, i);
      sum += s->payload_length;
    }
}

GArray *
sl_call_link_match_segments (SlEvent                 *event,
                             gboolean                 event_is_client,
                             gint64                   sent_offset,
                             const SlCallLinkSegment *segments,
                             guint                    n_segments)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));
  guint i;

  g_return_val_if_fail (SL_IS_EVENT (event), out);
  g_return_val_if_fail (segments != NULL || n_segments == 0, out);

  switch (sl_event_get_kind (event))
    {
    case SL_EVENT_CONNECTING:
    case SL_EVENT_CONNECTED:
      /* The SYN and its retransmissions */
      if (!event_is_client)
        break;
      for (i = 0; i < n_segments; i++)
        if (segments[i].from_client && is_syn (&segments[i]))
          add_position (out, i);
      break;

    case SL_EVENT_ACCEPTED:
      {
        gboolean seen_syn_ack = FALSE;
        guint syn_ack = G_MAXUINT;

        if (event_is_client)
          break;
        /* accept() returns when the client's ACK completes the handshake */
        for (i = 0; i < n_segments; i++)
          {
            const SlCallLinkSegment *s = &segments[i];

            if (!s->from_client && is_syn_ack (s))
              {
                seen_syn_ack = TRUE;
                if (syn_ack == G_MAXUINT)
                  syn_ack = i;
              }
            else if (seen_syn_ack && s->from_client && (s->flags & SL_TCP_ACK) &&
                     !(s->flags & (SL_TCP_SYN | SL_TCP_RST)))
              {
                add_position (out, i);
                break;
              }
          }
        if (out->len == 0 && syn_ack != G_MAXUINT)
          add_position (out, syn_ack);
      }
      break;

    case SL_EVENT_SENT:
      match_sent (event, event_is_client, sent_offset, segments, n_segments, out);
      break;

    case SL_EVENT_CLOSED:
    case SL_EVENT_PEER_CLOSED:
      {
        /* close(): our FIN (or RST when unread data was left); recv() = 0:
         * the peer's FIN */
        gboolean from_client = sl_event_get_kind (event) == SL_EVENT_CLOSED ? event_is_client
                                                                           : !event_is_client;
        guint32 seq = 0;
        gboolean found = FALSE;

        for (i = 0; i < n_segments; i++)
          {
            const SlCallLinkSegment *s = &segments[i];

            if (s->from_client != from_client || !(s->flags & SL_TCP_FIN))
              continue;
            /* the FIN and its retransmissions, not a later connection's */
            if (found && s->rel_seq != seq)
              break;
            found = TRUE;
            seq = s->rel_seq;
            add_position (out, i);
          }

        if (!found && sl_event_get_kind (event) == SL_EVENT_CLOSED)
          for (i = 0; i < n_segments; i++)
            if (segments[i].from_client == from_client && (segments[i].flags & SL_TCP_RST))
              {
                add_position (out, i);
                break;
              }
      }
      break;

    case SL_EVENT_INFO:
    case SL_EVENT_LISTENING:
    case SL_EVENT_STOPPED:
    case SL_EVENT_RECEIVED:
    case SL_EVENT_ERROR:
    default:
      break;
    }

  return out;
}

/* ---- events and their logs ---------------------------------------------- */

static gboolean
is_linked_kind (SlEventKind kind)
{
  switch (kind)
    {
    case SL_EVENT_CONNECTING:
    case SL_EVENT_CONNECTED:
    case SL_EVENT_ACCEPTED:
    case SL_EVENT_SENT:
    case SL_EVENT_CLOSED:
    case SL_EVENT_PEER_CLOSED:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_connection_start (SlEvent *event)
{
  SlEventKind kind = sl_event_get_kind (event);

  return kind == SL_EVENT_CONNECTED || kind == SL_EVENT_ACCEPTED;
}

gint64
sl_call_link_sent_offset (SlEventLog *log,
                          SlEvent    *event)
{
  GListModel *model;
  guint64 id;
  gint64 offset = -1;
  guint i, n;

  g_return_val_if_fail (SL_IS_EVENT_LOG (log), -1);
  g_return_val_if_fail (SL_IS_EVENT (event), -1);

  id = sl_event_get_connection_id (event);
  if (id == 0)
    return -1;

  model = G_LIST_MODEL (log);
  n = g_list_model_get_n_items (model);
  for (i = 0; i < n; i++)
    {
      g_autoptr(SlEvent) other = g_list_model_get_item (model, i);

      if (other == event)
        return offset;
      if (sl_event_get_connection_id (other) != id)
        continue;
      if (is_connection_start (other))
        offset = 0;
      else if (offset >= 0 && sl_event_get_kind (other) == SL_EVENT_SENT)
        offset += sl_event_get_byte_count (other);
    }

  return -1;
}

/* What one event says about its socket, completed from its log */
typedef struct
{
  SlEvent  *event;
  gboolean  has_local;
  gboolean  has_peer;
  Endpoint  local;
  Endpoint  peer;
  gint64    sent_offset;
} Resolved;

typedef struct
{
  char    *local;
  char    *peer;
  gint64   sent;      /* bytes sent so far */
} ConnInfo;

static void
conn_info_free (gpointer data)
{
  ConnInfo *info = data;

  g_free (info->local);
  g_free (info->peer);
  g_free (info);
}

/* Walks @log once and calls @func for each linkable event with its
 * endpoints and send offset. */
typedef gboolean (*ResolvedFunc) (Resolved *resolved,
                                  gpointer  user_data);

static void
walk_log (SlEventLog   *log,
          SlEvent      *only,
          ResolvedFunc  func,
          gpointer      user_data)
{
  g_autoptr(GHashTable) conns = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, conn_info_free);
  GListModel *model = G_LIST_MODEL (log);
  guint i, n = g_list_model_get_n_items (model);

  for (i = 0; i < n; i++)
    {
      g_autoptr(SlEvent) event = g_list_model_get_item (model, i);
      SlEventKind kind = sl_event_get_kind (event);
      guint64 id = sl_event_get_connection_id (event);
      ConnInfo *info = NULL;
      const char *local, *peer;
      Resolved resolved = { 0 };

      if (id != 0)
        {
          info = g_hash_table_lookup (conns, &id);
          if (is_connection_start (event))
            {
              gint64 *key = g_new (gint64, 1);

              *key = (gint64) id;
              info = g_new0 (ConnInfo, 1);
              info->local = g_strdup (sl_event_get_local (event));
              info->peer = g_strdup (sl_event_get_peer (event));
              g_hash_table_replace (conns, key, info);
            }
        }

      if (!is_linked_kind (kind) || (only != NULL && event != only))
        goto next;

      local = sl_event_get_local (event);
      peer = sl_event_get_peer (event);
      if (local == NULL && info != NULL)
        local = info->local;
      if (peer == NULL && info != NULL)
        peer = info->peer;

      /* connect() in progress: the CONNECTED that follows names our port */
      if (kind == SL_EVENT_CONNECTING && local == NULL && peer != NULL)
        {
          guint j;

          for (j = i + 1; j < n; j++)
            {
              g_autoptr(SlEvent) later = g_list_model_get_item (model, j);
              SlEventKind later_kind = sl_event_get_kind (later);

              if (g_strcmp0 (sl_event_get_peer (later), peer) != 0)
                continue;
              if (later_kind == SL_EVENT_CONNECTED)
                {
                  g_autofree char *later_local = g_strdup (sl_event_get_local (later));

                  resolved.has_local = endpoint_parse (later_local, &resolved.local);
                }
              if (later_kind == SL_EVENT_CONNECTED || later_kind == SL_EVENT_CONNECTING ||
                  later_kind == SL_EVENT_ERROR)
                break;
            }
        }

      resolved.event = event;
      if (!resolved.has_local)
        resolved.has_local = endpoint_parse (local, &resolved.local);
      resolved.has_peer = endpoint_parse (peer, &resolved.peer);
      resolved.sent_offset = (kind == SL_EVENT_SENT && info != NULL) ? info->sent : -1;

      if (resolved.has_peer && !func (&resolved, user_data))
        return;

    next:
      if (kind == SL_EVENT_SENT && info != NULL)
        info->sent += sl_event_get_byte_count (event);
    }
}

/* Whether the event's socket is one end of @entry, and which */
static gboolean
belongs_to (const Resolved    *resolved,
            const StreamEntry *entry,
            gboolean          *is_client)
{
  if (endpoint_equal (&resolved->peer, &entry->server) &&
      (!resolved->has_local || endpoint_equal (&resolved->local, &entry->client)))
    {
      *is_client = TRUE;
      return TRUE;
    }

  /* Only clients log events without their own address (connect()) */
  if (resolved->has_local && endpoint_equal (&resolved->peer, &entry->client) &&
      endpoint_equal (&resolved->local, &entry->server))
    {
      *is_client = FALSE;
      return TRUE;
    }

  return FALSE;
}

typedef struct
{
  guint  stream;
  gint64 first;
  gint64 last;
} Span;

static Span
stream_span (SlCapture   *capture,
             StreamEntry *entry,
             guint        stream)
{
  Span span = { stream, 0, 0 };

  span.first = packet_time (capture, g_array_index (entry->packets, guint, 0));
  span.last = packet_time (capture, g_array_index (entry->packets, guint, entry->packets->len - 1));
  return span;
}

/* How far the event is from a stream: a connect() belongs next to the
 * stream's SYN, everything else inside its lifetime. */
static gint64
span_distance (const Span *span,
               SlEvent    *event)
{
  gint64 t = sl_event_get_real_time (event);
  SlEventKind kind = sl_event_get_kind (event);

  if (kind == SL_EVENT_CONNECTING || kind == SL_EVENT_CONNECTED)
    return ABS (t - span->first);
  if (t < span->first)
    return span->first - t;
  if (t > span->last)
    return t - span->last;
  return 0;
}

/* Among the streams in @spans that @resolved belongs to, the nearest in
 * time, or -1 */
static int
choose_stream (StreamIndex    *index,
               GArray         *spans,
               const Resolved *resolved)
{
  gint64 best = STREAM_SLACK + 1;
  int chosen = -1;
  guint i;

  for (i = 0; i < spans->len; i++)
    {
      const Span *span = &g_array_index (spans, Span, i);
      StreamEntry *entry = stream_index_get (index, span->stream);
      gboolean is_client;
      gint64 d;

      if (!belongs_to (resolved, entry, &is_client))
        continue;
      d = span_distance (span, resolved->event);
      if (d < best)
        {
          best = d;
          chosen = span->stream;
        }
    }

  return chosen;
}

/* Streams that share the server end of @entry (or of @resolved): the
 * candidates an event of this stream could also belong to */
static GArray *
sibling_spans (SlCapture      *capture,
               StreamIndex    *index,
               const Endpoint *server_a,
               const Endpoint *server_b)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (Span));
  guint i;

  for (i = 0; i < index->streams->len; i++)
    {
      StreamEntry *entry = g_ptr_array_index (index->streams, i);
      Span span;

      if (entry == NULL)
        continue;
      if (!endpoint_equal (&entry->server, server_a) &&
          (server_b == NULL || !endpoint_equal (&entry->server, server_b)))
        continue;
      span = stream_span (capture, entry, i);
      g_array_append_val (spans, span);
    }

  return spans;
}

/* ---- the public lookups ------------------------------------------------- */

typedef struct
{
  SlCapture   *capture;
  StreamIndex *index;
  guint        stream;
  StreamEntry *entry;
  GArray      *spans;
  GArray      *segments;
  gint64       from;
  gint64       to;
  GHashTable  *result;      /* packet index → SlEvent */
  GHashTable  *from_sender; /* packet indices whose event is the sender's */
} StreamLink;

static gboolean
link_one (Resolved *resolved,
          gpointer  user_data)
{
  StreamLink *link = user_data;
  g_autoptr(GArray) positions = NULL;
  gint64 t = sl_event_get_real_time (resolved->event);
  gboolean is_client;
  guint i;

  if (t < link->from - STREAM_SLACK || t > link->to + STREAM_SLACK)
    return TRUE;
  if (!belongs_to (resolved, link->entry, &is_client))
    return TRUE;
  if (choose_stream (link->index, link->spans, resolved) != (int) link->stream)
    return TRUE;

  positions = sl_call_link_match_segments (resolved->event, is_client, resolved->sent_offset,
                                           (const SlCallLinkSegment *) link->segments->data,
                                           link->segments->len);

  for (i = 0; i < positions->len; i++)
    {
      const SlCallLinkSegment *s = &g_array_index (link->segments, SlCallLinkSegment,
                                                   g_array_index (positions, guint, i));
      gpointer key = GUINT_TO_POINTER (s->index);
      gboolean sender = s->from_client == is_client;

      /* Two events for one packet (our close() and the peer's recv() = 0
       * when both ends are ours): the sender's call caused it. */
      if (g_hash_table_contains (link->result, key) &&
          (!sender || g_hash_table_contains (link->from_sender, key)))
        continue;
      g_hash_table_replace (link->result, key, g_object_ref (resolved->event));
      if (sender)
        g_hash_table_add (link->from_sender, key);
    }

  return TRUE;
}

static GHashTable *
link_stream (GPtrArray *logs,
             SlCapture *capture,
             guint      stream,
             gint64     from,
             gint64     to,
             guint      max)
{
  GHashTable *result = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  g_autoptr(GHashTable) from_sender = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GArray) segments = NULL;
  StreamLink link = { 0 };
  StreamIndex *index;
  StreamEntry *entry;
  guint i;

  index = stream_index_update (capture);
  entry = stream_index_get (index, stream);
  if (entry == NULL || logs == NULL)
    return result;

  segments = collect_segments (capture, entry, from, to, max);
  if (segments->len == 0)
    return result;
  spans = sibling_spans (capture, index, &entry->server, NULL);

  link.capture = capture;
  link.index = index;
  link.stream = stream;
  link.entry = entry;
  link.spans = spans;
  link.segments = segments;
  link.from = g_array_index (segments, SlCallLinkSegment, 0).time_us;
  link.to = g_array_index (segments, SlCallLinkSegment, segments->len - 1).time_us;
  link.result = result;
  link.from_sender = from_sender;

  for (i = 0; i < logs->len; i++)
    if (SL_IS_EVENT_LOG (g_ptr_array_index (logs, i)))
      walk_log (g_ptr_array_index (logs, i), NULL, link_one, &link);

  return result;
}

GHashTable *
sl_call_link_find_stream_events (GPtrArray *logs,
                                 SlCapture *capture,
                                 guint      stream,
                                 guint      max_segments)
{
  g_return_val_if_fail (SL_IS_CAPTURE (capture), NULL);

  return link_stream (logs, capture, stream, G_MININT64, G_MAXINT64, max_segments);
}

SlEvent *
sl_call_link_find_event (GPtrArray *logs,
                         SlCapture *capture,
                         SlPacket  *packet)
{
  g_autoptr(GHashTable) linked = NULL;
  gint64 t;
  int stream;
  SlEvent *event;

  g_return_val_if_fail (SL_IS_CAPTURE (capture), NULL);
  g_return_val_if_fail (SL_IS_PACKET (packet), NULL);

  stream = sl_packet_get_stream (packet);
  if (stream < 0 || logs == NULL)
    return NULL;

  t = sl_packet_get_time_us (packet);
  linked = link_stream (logs, capture, stream, t - WINDOW, t + WINDOW, WINDOW_MAX);
  event = g_hash_table_lookup (linked, GUINT_TO_POINTER (sl_packet_get_index (packet)));

  /* Owned by its log; the caller does not free it */
  return event;
}

typedef struct
{
  Resolved resolved;
  gboolean found;
} FindOne;

static gboolean
take_resolved (Resolved *resolved,
               gpointer  user_data)
{
  FindOne *find = user_data;

  find->resolved = *resolved;
  find->found = TRUE;
  return FALSE;
}

GArray *
sl_call_link_find_packets (SlCapture *capture,
                           GPtrArray *logs,
                           SlEvent   *event)
{
  GArray *packets = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GArray) segments = NULL;
  g_autoptr(GArray) positions = NULL;
  StreamIndex *index;
  StreamEntry *entry;
  FindOne find = { { 0 }, FALSE };
  gboolean is_client;
  gint64 t;
  int stream;
  guint i;

  g_return_val_if_fail (SL_IS_CAPTURE (capture), packets);
  g_return_val_if_fail (SL_IS_EVENT (event), packets);

  if (!is_linked_kind (sl_event_get_kind (event)))
    return packets;

  for (i = 0; logs != NULL && i < logs->len && !find.found; i++)
    if (SL_IS_EVENT_LOG (g_ptr_array_index (logs, i)))
      walk_log (g_ptr_array_index (logs, i), event, take_resolved, &find);

  if (!find.found)
    {
      /* Not in any log: only what the event says itself */
      find.resolved.event = event;
      find.resolved.has_local = endpoint_parse (sl_event_get_local (event), &find.resolved.local);
      find.resolved.has_peer = endpoint_parse (sl_event_get_peer (event), &find.resolved.peer);
      find.resolved.sent_offset = -1;
      if (!find.resolved.has_peer)
        return packets;
    }

  index = stream_index_update (capture);
  /* The server is the peer of a client's event, or our own end */
  spans = sibling_spans (capture, index, &find.resolved.peer,
                         find.resolved.has_local ? &find.resolved.local : NULL);
  stream = choose_stream (index, spans, &find.resolved);
  if (stream < 0)
    return packets;

  entry = stream_index_get (index, stream);
  belongs_to (&find.resolved, entry, &is_client);

  t = sl_event_get_real_time (event);
  segments = collect_segments (capture, entry,
                               entry->packets->len > WINDOW_MAX ? t - WINDOW : G_MININT64,
                               entry->packets->len > WINDOW_MAX ? t + WINDOW : G_MAXINT64,
                               WINDOW_MAX);
  positions = sl_call_link_match_segments (event, is_client, find.resolved.sent_offset,
                                           (const SlCallLinkSegment *) segments->data,
                                           segments->len);
  for (i = 0; i < positions->len; i++)
    g_array_append_val (packets, g_array_index (segments, SlCallLinkSegment,
                                                g_array_index (positions, guint, i)).index);

  return packets;
}
