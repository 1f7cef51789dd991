/* sl-dissect-transport.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The layers above IP for sl-dissect.c: TCP with its options, UDP, and the
 * first line of HTTP; ICMP, ICMPv6 and IGMP are in sl-dissect-icmp.c. Every
 * function gets the layer's [off, end) as IP declares it and
 * reads nothing before sl_dissect_check() allowed it. */

#include "config.h"

#define G_LOG_DOMAIN "sl-dissect"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-dissect-private.h"

/* TCP flags, in Wireshark's order for the Info column. */
static const char * const tcp_flag_names[] = {
  "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "NS",
};

/* Appends to a fixed buffer, dropping what does not fit; always leaves room
 * for the final NUL at buf[len]. */
typedef struct
{
  char  *buf;
  gsize  size;
  gsize  len;
} TextBuilder;

static void
tb_str (TextBuilder *b,
        const char  *text)
{
  gsize n = strlen (text);

  if (b->len + n < b->size)
    {
      memcpy (b->buf + b->len, text, n);
      b->len += n;
    }
}

static void
tb_uint (TextBuilder *b,
         guint32      value)
{
  if (b->len + 10 < b->size)
    b->len += sl_format_uint (value, b->buf + b->len);
}

/**
 * sl_dissect_tcp_flags_string:
 * @flags: #SlTcpFlags
 *
 * Returns: (transfer full): "SYN, ACK", or "<None>"
 */
char *
sl_dissect_tcp_flags_string (guint flags)
{
  GString *out = g_string_new (NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (tcp_flag_names); i++)
    if (flags & (1u << i))
      {
        if (out->len > 0)
          g_string_append (out, ", ");
        g_string_append (out, tcp_flag_names[i]);
      }
  if (out->len == 0)
    g_string_append (out, "<None>");

  return g_string_free (out, FALSE);
}

/**
 * sl_dissect_format_tcp_info:
 * @summary: the summary of a TCP packet
 *
 * (Re)builds the Info text from the TCP fields, with relative numbers and the
 * scaled window once SlTcpTracker has set them:
 * "55556 → 40312 [SYN, ACK] Seq=0 Ack=1 Win=65483 Len=0 MSS=65495 SACK_PERM WS=128".
 */
void
sl_dissect_format_tcp_info (SlPacketSummary *s)
{
  TextBuilder b = { s->info, sizeof s->info, 0 };
  gboolean any = FALSE;
  guint i;

  g_return_if_fail (s != NULL);

  if (!s->is_tcp || s->is_http)
    return;

  /* By hand rather than printf: this runs for every TCP packet. */
  tb_uint (&b, s->key.src_port);
  tb_str (&b, " → ");
  tb_uint (&b, s->key.dst_port);
  tb_str (&b, " [");
  for (i = 0; i < G_N_ELEMENTS (tcp_flag_names); i++)
    if (s->tcp.flags & (1u << i))
      {
        if (any)
          tb_str (&b, ", ");
        tb_str (&b, tcp_flag_names[i]);
        any = TRUE;
      }
  if (!any)
    tb_str (&b, "<None>");
  tb_str (&b, "] Seq=");
  tb_uint (&b, s->tcp.relative ? s->tcp.rel_seq : s->tcp.seq);
  if (s->tcp.flags & SL_TCP_ACK)
    {
      tb_str (&b, " Ack=");
      tb_uint (&b, s->tcp.relative ? s->tcp.rel_ack : s->tcp.ack);
    }
  tb_str (&b, " Win=");
  tb_uint (&b, s->tcp.relative ? s->tcp.window_size : s->tcp.window);
  tb_str (&b, " Len=");
  tb_uint (&b, s->tcp.payload_length);
  if (s->tcp.mss >= 0)
    {
      tb_str (&b, " MSS=");
      tb_uint (&b, (guint32) s->tcp.mss);
    }
  if (s->tcp.sack_permitted)
    tb_str (&b, " SACK_PERM");
  if (s->tcp.window_scale >= 0)
    {
      tb_str (&b, " WS=");
      tb_uint (&b, 1u << MIN (s->tcp.window_scale, 14));
    }
  b.buf[b.len] = '\0';
  sl_dissect_append_problem (s);
  sl_dissect_fix_utf8 (s->info, sizeof s->info);
}

/* HTTP: only the first line, and only when the segment starts with one. */

static const char * const http_starts[] = {
  "GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "PATCH ", "CONNECT ", "TRACE ",
  "HTTP/1.", "HTTP/2 ",
};

/* Network bytes reach the screen only escaped: printable ASCII as is,
 * everything else as \xNN. */
static void
escape_line (const guint8 *p,
             gsize         len,
             gboolean      complete,
             char         *buf,
             gsize         size)
{
  gsize i, o = 0;

  for (i = 0; i < len && o + 5 < size; i++)
    {
      if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
        buf[o++] = (char) p[i];
      else
        o += g_snprintf (buf + o, size - o, "\\x%02X", p[i]);
    }
  if ((!complete || i < len) && o + 4 <= size)
    {
      memcpy (buf + o, "…", 3);
      o += 3;
    }
  buf[MIN (o, size - 1)] = '\0';
}

static void
dissect_http (SlDissectContext *c,
              gsize             off,
              gsize             avail)
{
  SlPacketSummary *s = c->sum;
  const guint8 *p = c->data + off;
  gsize len, i;
  gboolean complete = FALSE;
  guint layer;

  for (i = 0; i < G_N_ELEMENTS (http_starts); i++)
    {
      gsize n = strlen (http_starts[i]);

      if (avail >= n && memcmp (p, http_starts[i], n) == 0)
        break;
    }
  if (i == G_N_ELEMENTS (http_starts))
    return;

  for (len = 0; len < avail; len++)
    if (p[len] == '\r' || p[len] == '\n')
      {
        complete = TRUE;
        break;
      }

  s->protocol = "HTTP";
  s->is_http = TRUE;
  escape_line (p, len, complete, s->info, sizeof s->info);
  layer = sl_dissect_text (c, 0, off, avail, "Hypertext Transfer Protocol");
  (void) layer;
  sl_dissect_text (c, 1, off, len, "%s", s->info);
}

/* TCP */

static void
dissect_tcp_options (SlDissectContext *c,
                     gsize             pos,
                     gsize             end)
{
  SlPacketSummary *s = c->sum;

  sl_dissect_value (c, 1, pos, end - pos, N_("Options"), "%u bytes", (guint) (end - pos));
  while (pos < end)
    {
      const guint8 *p;
      guint kind, len;
      gboolean bad = FALSE;

      if (pos >= c->caplen)
        {
          sl_dissect_check (c, "TCP", pos, 1, end);
          return;
        }
      p = c->data + pos;
      kind = p[0];
      if (kind == 0)
        {
          sl_dissect_text (c, 2, pos, end - pos, "End of Option List (EOL)");
          return;
        }
      if (kind == 1)
        {
          sl_dissect_text (c, 2, pos, 1, "No-Operation (NOP)");
          pos++;
          continue;
        }
      if (!sl_dissect_check (c, "TCP", pos, 2, end))
        return;
      len = p[1];
      if (len < 2)
        {
          sl_dissect_problem (c, SL_DISSECT_MALFORMED, "TCP", pos, 2,
                              c->fields ? _("Option length is less than 2") : NULL);
          return;
        }
      if (!sl_dissect_check (c, "TCP", pos, len, end))
        return;

      switch (kind)
        {
        case 2:
          bad = len != 4;
          if (!bad)
            {
              s->tcp.mss = sl_get16 (p + 2);
              sl_dissect_text (c, 2, pos, len, "Maximum segment size (MSS): %u", s->tcp.mss);
            }
          break;
        case 3:
          bad = len != 3;
          if (!bad)
            {
              s->tcp.window_scale = (gint8) MIN (p[2], 14);
              sl_dissect_text (c, 2, pos, len, "Window scale (WS): %u (multiply by %u)", p[2],
                               1u << MIN (p[2], 14));
            }
          break;
        case 4:
          bad = len != 2;
          if (!bad)
            {
              s->tcp.sack_permitted = TRUE;
              sl_dissect_text (c, 2, pos, len, "SACK permitted (SACK_PERM)");
            }
          break;
        case 5:
          bad = (len - 2) % 8 != 0;
          if (!bad)
            {
              guint b;

              sl_dissect_text (c, 2, pos, len, "SACK: %u block(s)", (len - 2) / 8);
              for (b = 0; b < (len - 2) / 8; b++)
                sl_dissect_text (c, 3, pos + 2 + b * 8, 8, "SLE=%u SRE=%u",
                                 sl_get32 (p + 2 + b * 8), sl_get32 (p + 6 + b * 8));
            }
          break;
        case 8:
          bad = len != 10;
          if (!bad)
            sl_dissect_text (c, 2, pos, len, "Timestamps: TSval %u, TSecr %u",
                             sl_get32 (p + 2), sl_get32 (p + 6));
          break;
        case 30:
          sl_dissect_text (c, 2, pos, len, "Multipath TCP (%u bytes)", len);
          break;
        case 34:
          sl_dissect_text (c, 2, pos, len, "TCP Fast Open cookie (%u bytes)", len);
          break;
        default:
          sl_dissect_text (c, 2, pos, len, "Option kind %u (%u bytes)", kind, len);
          break;
        }
      if (bad)
        {
          g_autofree char *why = c->fields ? g_strdup_printf (_("Option kind %u has a wrong length (%u)"),
                                                              kind, len) : NULL;
          sl_dissect_problem (c, SL_DISSECT_MALFORMED, "TCP", pos, len, why);
        }
      pos += len;
    }
}

static void
dissect_tcp (SlDissectContext *c,
             gsize             off,
             gsize             end)
{
  SlPacketSummary *s = c->sum;
  const guint8 *p;
  guint layer, doff, hlen, flags;
  g_autofree char *flag_text = NULL;

  s->protocol = "TCP";
  layer = sl_dissect_text (c, 0, off, 20, "Transmission Control Protocol");
  if (!sl_dissect_check (c, "TCP", off, 20, end))
    return;

  p = c->data + off;
  doff = p[12] >> 4;
  hlen = doff * 4;
  flags = (p[12] & 1u) << 8 | p[13];
  s->key.src_port = sl_get16 (p);
  s->key.dst_port = sl_get16 (p + 2);
  s->tcp.seq = sl_get32 (p + 4);
  s->tcp.ack = sl_get32 (p + 8);
  s->tcp.flags = (guint16) flags;
  s->tcp.window = sl_get16 (p + 14);
  s->tcp.checksum = sl_get16 (p + 16);

  sl_dissect_relabel (c, layer, "Transmission Control Protocol (%u → %u)", s->key.src_port, s->key.dst_port);
  sl_dissect_value (c, 1, off, 2, N_("Source port"), "%u", s->key.src_port);
  sl_dissect_value (c, 1, off + 2, 2, N_("Destination port"), "%u", s->key.dst_port);
  sl_dissect_value (c, 1, off + 4, 4, N_("Sequence number (raw)"), "%u", s->tcp.seq);
  sl_dissect_value (c, 1, off + 8, 4, N_("Acknowledgment number (raw)"), "%u", s->tcp.ack);
  sl_dissect_value (c, 1, off + 12, 1, N_("Header length"), "%u bytes (%u)", hlen, doff);
  if (c->fields != NULL)
    {
      guint i;

      flag_text = sl_dissect_tcp_flags_string (flags);
      sl_dissect_value (c, 1, off + 12, 2, N_("Flags"), "0x%03x (%s)", flags, flag_text);
      for (i = 0; i < G_N_ELEMENTS (tcp_flag_names); i++)
        sl_dissect_text (c, 2, off + (i == 8 ? 12 : 13), 1, "%s: %u", tcp_flag_names[i], (flags >> i) & 1);
    }
  sl_dissect_value (c, 1, off + 14, 2, N_("Window"), "%u", s->tcp.window);
  sl_dissect_value (c, 1, off + 16, 2, N_("Checksum"), "0x%04x", s->tcp.checksum);
  sl_dissect_value (c, 1, off + 18, 2, N_("Urgent pointer"), "%u", sl_get16 (p + 18));

  if (doff < 5)
    {
      sl_dissect_problem (c, SL_DISSECT_MALFORMED, "TCP", off + 12, 1,
                          c->fields ? _("The header length is less than 20 bytes") : NULL);
      return;
    }
  if (hlen > end - off)
    {
      sl_dissect_problem (c, SL_DISSECT_MALFORMED, "TCP", off + 12, 1,
                          c->fields ? _("The header length runs past the end of the IP payload") : NULL);
      return;
    }

  s->is_tcp = TRUE;
  s->key.family = s->ip_version;
  s->tcp.payload_offset = (guint32) (off + hlen);
  s->tcp.payload_length = (guint32) (end - off - hlen);
  sl_dissect_set_length (c, layer, hlen);

  if (hlen > 20)
    dissect_tcp_options (c, off + 20, off + hlen);
  if ((s->status & SL_DISSECT_TRUNCATED) != 0)
    return;

  if (s->tcp.payload_length > 0)
    {
      gsize avail = MIN (end, c->caplen) > off + hlen ? MIN (end, c->caplen) - (off + hlen) : 0;

      sl_dissect_value (c, 1, off + hlen, s->tcp.payload_length, N_("Payload"), "%u bytes",
                        s->tcp.payload_length);
      if (avail > 0)
        dissect_http (c, off + hlen, avail);
    }
}

/* UDP */

static void
dissect_udp (SlDissectContext *c,
             gsize             off,
             gsize             end)
{
  SlPacketSummary *s = c->sum;
  const guint8 *p;
  guint layer, len;

  s->protocol = "UDP";
  layer = sl_dissect_text (c, 0, off, 8, "User Datagram Protocol");
  if (!sl_dissect_check (c, "UDP", off, 8, end))
    return;

  p = c->data + off;
  s->key.src_port = sl_get16 (p);
  s->key.dst_port = sl_get16 (p + 2);
  len = sl_get16 (p + 4);
  s->udp.length = (guint16) len;
  s->is_udp = TRUE;
  s->key.family = s->ip_version;

  sl_dissect_relabel (c, layer, "User Datagram Protocol (%u → %u)", s->key.src_port, s->key.dst_port);
  sl_dissect_value (c, 1, off, 2, N_("Source port"), "%u", s->key.src_port);
  sl_dissect_value (c, 1, off + 2, 2, N_("Destination port"), "%u", s->key.dst_port);
  sl_dissect_value (c, 1, off + 4, 2, N_("Length"), "%u", len);
  sl_dissect_value (c, 1, off + 6, 2, N_("Checksum"), "0x%04x", sl_get16 (p + 6));

  {
    TextBuilder b = { s->info, sizeof s->info, 0 };

    tb_uint (&b, s->key.src_port);
    tb_str (&b, " → ");
    tb_uint (&b, s->key.dst_port);
    tb_str (&b, " Len=");
    tb_uint (&b, len >= 8 ? len - 8 : 0);
    b.buf[b.len] = '\0';
  }
  if (len < 8)
    {
      sl_dissect_problem (c, SL_DISSECT_MALFORMED, "UDP", off + 4, 2,
                          c->fields ? _("The length is less than 8") : NULL);
      return;
    }
  if (len > end - off)
    {
      sl_dissect_problem (c, SL_DISSECT_MALFORMED, "UDP", off + 4, 2,
                          c->fields ? _("The length runs past the end of the IP payload") : NULL);
      return;
    }
  if (len > 8)
    sl_dissect_value (c, 1, off + 8, len - 8, N_("Data"), "%u bytes", len - 8);
}

void
sl_dissect_transport (SlDissectContext *c,
                      guint8            protocol,
                      gsize             off,
                      gsize             end)
{
  switch (protocol)
    {
    case 6:
      dissect_tcp (c, off, end);
      break;
    case 17:
      dissect_udp (c, off, end);
      break;
    case 1:
      if (c->sum->ip_version == 4)
        sl_dissect_icmp (c, off, end);
      break;
    case 2:
      if (c->sum->ip_version == 4)
        sl_dissect_igmp (c, off, end);
      break;
    case 58:
      sl_dissect_icmpv6 (c, off, end);
      break;
    default:
      c->sum->status |= SL_DISSECT_UNKNOWN;
      if (end > off)
        sl_dissect_value (c, 0, off, end - off, N_("Data"), "%u bytes", (guint) (end - off));
      sl_dissect_info (c, "IP protocol %u, %u bytes", protocol, (guint) (end > off ? end - off : 0));
      break;
    }
}
