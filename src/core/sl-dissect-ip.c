/* sl-dissect-ip.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The network layers for sl-dissect.c: ARP, IPv4 with its options and
 * fragments, IPv6 with its extension headers. */

#include "config.h"

#define G_LOG_DOMAIN "sl-dissect"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-dissect-private.h"

/* ARP */

static const char *
arp_opcode_name (guint op)
{
  switch (op)
    {
    case 1: return "request";
    case 2: return "reply";
    case 3: return "reverse request";
    case 4: return "reverse reply";
    default: return "unknown";
    }
}

void
sl_dissect_arp (SlDissectContext *c,
                gsize             off,
                gsize             end,
                gboolean          have_link_dst)
{
  SlPacketSummary *s = c->sum;
  const guint8 *p;
  guint layer, htype, ptype, hlen, plen, op;
  gsize sha, spa, tha, tpa;
  char a[SL_DISSECT_ADDRESS_LEN], b[SL_DISSECT_ADDRESS_LEN];

  s->protocol = "ARP";
  layer = sl_dissect_text (c, 0, off, 8, "Address Resolution Protocol");
  if (!sl_dissect_check (c, "ARP", off, 8, end))
    return;

  p = c->data + off;
  htype = sl_get16 (p);
  ptype = sl_get16 (p + 2);
  hlen = p[4];
  plen = p[5];
  op = sl_get16 (p + 6);
  sl_dissect_value (c, 1, off, 2, N_("Hardware type"), "%u%s", htype, htype == 1 ? " (Ethernet)" : "");
  sl_dissect_value (c, 1, off + 2, 2, N_("Protocol type"), "0x%04x%s", ptype, ptype == 0x0800 ? " (IPv4)" : "");
  sl_dissect_value (c, 1, off + 4, 1, N_("Hardware size"), "%u", hlen);
  sl_dissect_value (c, 1, off + 5, 1, N_("Protocol size"), "%u", plen);
  sl_dissect_value (c, 1, off + 6, 2, N_("Opcode"), "%u (%s)", op, arp_opcode_name (op));

  sha = off + 8;
  spa = sha + hlen;
  tha = spa + plen;
  tpa = tha + hlen;
  sl_dissect_set_length (c, layer, tpa + plen - off);
  if (!sl_dissect_check (c, "ARP", off, tpa + plen - off, end))
    return;

  if (hlen != 6 || plen != 4 || ptype != 0x0800)
    {
      /* Other hardware or protocol sizes: show the bytes, decode nothing. */
      sl_dissect_value (c, 1, sha, hlen, N_("Sender hardware address"), "(%u bytes)", hlen);
      sl_dissect_value (c, 1, spa, plen, N_("Sender protocol address"), "(%u bytes)", plen);
      sl_dissect_value (c, 1, tha, hlen, N_("Target hardware address"), "(%u bytes)", hlen);
      sl_dissect_value (c, 1, tpa, plen, N_("Target protocol address"), "(%u bytes)", plen);
      sl_dissect_info (c, "ARP %s (hardware size %u, protocol size %u)", arp_opcode_name (op), hlen, plen);
      return;
    }

  sl_format_mac (c->data + sha, a, sizeof a);
  sl_dissect_value (c, 1, sha, 6, N_("Sender MAC address"), "%s", a);
  sl_format_ipv4 (c->data + spa, a, sizeof a);
  sl_dissect_value (c, 1, spa, 4, N_("Sender IP address"), "%s", a);
  sl_format_mac (c->data + tha, a, sizeof a);
  sl_dissect_value (c, 1, tha, 6, N_("Target MAC address"), "%s", a);
  sl_format_ipv4 (c->data + tpa, a, sizeof a);
  sl_dissect_value (c, 1, tpa, 4, N_("Target IP address"), "%s", a);

  /* Over Linux cooked capture only the sender's link address is known. */
  sl_format_mac (c->data + sha, s->source, sizeof s->source);
  if (!have_link_dst)
    sl_format_mac (c->data + tha, s->destination, sizeof s->destination);

  sl_format_ipv4 (c->data + tpa, a, sizeof a);
  sl_format_ipv4 (c->data + spa, b, sizeof b);
  if (op == 1 && memcmp (c->data + spa, c->data + tpa, 4) == 0)
    sl_dissect_info (c, "Gratuitous ARP for %s (Request)", a);
  else if (op == 1 && sl_get32 (c->data + spa) == 0)
    sl_dissect_info (c, "Who has %s? (ARP Probe)", a);
  else if (op == 1)
    sl_dissect_info (c, "Who has %s? Tell %s", a, b);
  else if (op == 2)
    {
      sl_format_mac (c->data + sha, a, sizeof a);
      sl_dissect_info (c, "%s is at %s", b, a);
    }
  else
    sl_dissect_info (c, "ARP %s", arp_opcode_name (op));
}

/* IPv4 */

/* A packet cut short inside the transport payload (a snap length, a damaged
 * file) is truncated in the deepest layer that was decoded. */
static void
check_payload_captured (SlDissectContext *c,
                        gsize             ip_end)
{
  SlPacketSummary *s = c->sum;

  if (ip_end > c->caplen && (s->status & (SL_DISSECT_TRUNCATED | SL_DISSECT_MALFORMED)) == 0)
    {
      g_autofree char *why = NULL;

      if (c->fields != NULL)
        why = g_strdup_printf (_("%s truncated: the packet is %u bytes long, %u were captured"),
                               s->protocol, (guint) ip_end, (guint) c->caplen);
      sl_dissect_problem (c, SL_DISSECT_TRUNCATED, s->protocol, c->caplen, 0, why);
    }
}

static const char *
ipv4_option_name (guint kind)
{
  switch (kind)
    {
    case 7: return "Record Route";
    case 68: return "Time Stamp";
    case 130: return "Security";
    case 131: return "Loose Source Route";
    case 137: return "Strict Source Route";
    case 148: return "Router Alert";
    default: return NULL;
    }
}

static void
dissect_ipv4_options (SlDissectContext *c,
                      gsize             pos,
                      gsize             end)
{
  guint i = sl_dissect_value (c, 1, pos, end - pos, N_("Options"), "%u bytes", (guint) (end - pos));

  (void) i;
  while (pos < end)
    {
      guint kind = c->data[pos], len;
      const char *name;

      if (kind == 0)
        {
          sl_dissect_text (c, 2, pos, end - pos, "End of Options List (EOL)");
          return;
        }
      if (kind == 1)
        {
          sl_dissect_text (c, 2, pos, 1, "No Operation (NOP)");
          pos++;
          continue;
        }
      if (end - pos < 2 || c->data[pos + 1] < 2 || c->data[pos + 1] > end - pos)
        {
          sl_dissect_problem (c, SL_DISSECT_MALFORMED, "IPv4", pos, end - pos,
                              c->fields ? _("Option length runs past the header") : NULL);
          return;
        }
      len = c->data[pos + 1];
      name = ipv4_option_name (kind);
      if (kind == 148 && len == 4)
        sl_dissect_text (c, 2, pos, len, "Router Alert: %u", sl_get16 (c->data + pos + 2));
      else if (name != NULL)
        sl_dissect_text (c, 2, pos, len, "%s (%u bytes)", name, len);
      else
        sl_dissect_text (c, 2, pos, len, "Option %u (%u bytes)", kind, len);
      pos += len;
    }
}

static const char *
ip_protocol_name (guint protocol)
{
  switch (protocol)
    {
    case 1: return "ICMP";
    case 2: return "IGMP";
    case 6: return "TCP";
    case 17: return "UDP";
    case 41: return "IPv6";
    case 47: return "GRE";
    case 50: return "ESP";
    case 51: return "AH";
    case 58: return "ICMPv6";
    case 132: return "SCTP";
    default: return "unknown";
    }
}

void
sl_dissect_ipv4 (SlDissectContext *c,
                 gsize             off,
                 gsize             end)
{
  SlPacketSummary *s = c->sum;
  const guint8 *p;
  guint layer, version, ihl, tot, frag, frag_off, proto;
  gboolean more_fragments;
  char src[SL_DISSECT_ADDRESS_LEN], dst[SL_DISSECT_ADDRESS_LEN];

  s->protocol = "IPv4";
  s->ip_version = 4;
  layer = sl_dissect_text (c, 0, off, 20, "Internet Protocol Version 4");
  if (!sl_dissect_check (c, "IPv4", off, 1, end))
    return;

  p = c->data + off;
  version = p[0] >> 4;
  ihl = p[0] & 0x0f;
  sl_dissect_value (c, 1, off, 1, N_("Version"), "%u", version);
  sl_dissect_value (c, 1, off, 1, N_("Header length"), "%u bytes (%u)", ihl * 4, ihl);
  if (version != 4)
    {
      sl_dissect_problem (c, SL_DISSECT_MALFORMED, "IPv4", off, 1,
                          c->fields ? _("The version field is not 4") : NULL);
      return;
    }
  if (ihl < 5)
    {
      sl_dissect_problem (c, SL_DISSECT_MALFORMED, "IPv4", off, 1,
                          c->fields ? _("The header length is less than 20 bytes") : NULL);
      return;
    }
  if (!sl_dissect_check (c, "IPv4", off, 20, end))
    return;

  tot = sl_get16 (p + 2);
  frag = sl_get16 (p + 6);
  frag_off = (frag & 0x1fff) * 8;
  more_fragments = (frag & 0x2000) != 0;
  proto = p[9];
  c->ttl = p[8];
  sl_format_ipv4 (p + 12, src, sizeof src);
  sl_format_ipv4 (p + 16, dst, sizeof dst);
  sl_dissect_relabel (c, layer, "Internet Protocol Version 4 (%s → %s)", src, dst);
  sl_dissect_value (c, 1, off + 1, 1, N_("Differentiated services"), "0x%02x (DSCP %u, ECN %u)",
                    p[1], p[1] >> 2, p[1] & 3);
  sl_dissect_value (c, 1, off + 2, 2, N_("Total length"), "%u", tot);
  sl_dissect_value (c, 1, off + 4, 2, N_("Identification"), "0x%04x (%u)", sl_get16 (p + 4), sl_get16 (p + 4));
  sl_dissect_value (c, 1, off + 6, 2, N_("Flags"), "0x%x%s%s", frag >> 13,
                    (frag & 0x4000) ? ", Don't fragment" : "", more_fragments ? ", More fragments" : "");
  sl_dissect_value (c, 1, off + 6, 2, N_("Fragment offset"), "%u", frag_off);
  sl_dissect_value (c, 1, off + 8, 1, N_("Time to live"), "%u", p[8]);
  sl_dissect_value (c, 1, off + 9, 1, N_("Protocol"), "%s (%u)", ip_protocol_name (proto), proto);
  sl_dissect_value (c, 1, off + 10, 2, N_("Header checksum"), "0x%04x", sl_get16 (p + 10));
  sl_dissect_value (c, 1, off + 12, 4, N_("Source address"), "%s", src);
  sl_dissect_value (c, 1, off + 16, 4, N_("Destination address"), "%s", dst);

  memcpy (s->source, src, sizeof src);
  memcpy (s->destination, dst, sizeof dst);
  memcpy (s->key.src, p + 12, 4);
  memcpy (s->key.dst, p + 16, 4);
  s->ip_protocol = proto;

  sl_dissect_set_length (c, layer, ihl * 4);
  if (tot < ihl * 4)
    {
      sl_dissect_problem (c, SL_DISSECT_MALFORMED, "IPv4", off + 2, 2,
                          c->fields ? _("The total length is less than the header length") : NULL);
      return;
    }
  if (!sl_dissect_check (c, "IPv4", off, ihl * 4, off + tot))
    return;
  if (ihl > 5)
    dissect_ipv4_options (c, off + 20, off + ihl * 4);

  if (frag_off != 0 || more_fragments)
    {
      /* No reassembly: a fragment's payload is not a transport header. */
      sl_dissect_value (c, 1, off + ihl * 4, tot - ihl * 4, N_("Fragment data"), "%u bytes",
                        tot - ihl * 4);
      sl_dissect_info (c, "Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x)",
                       ip_protocol_name (proto), proto, frag_off, sl_get16 (p + 4));
      return;
    }

  sl_dissect_transport (c, (guint8) proto, off + ihl * 4, off + tot);
  check_payload_captured (c, off + tot);
}

/* IPv6 */

static void
dissect_ipv6_tlv_options (SlDissectContext *c,
                          gsize             pos,
                          gsize             end)
{
  while (pos < end)
    {
      guint type = c->data[pos], len;

      if (type == 0)
        {
          sl_dissect_text (c, 2, pos, 1, "Pad1");
          pos++;
          continue;
        }
      if (end - pos < 2 || c->data[pos + 1] > end - pos - 2)
        {
          sl_dissect_problem (c, SL_DISSECT_MALFORMED, "IPv6", pos, end - pos,
                              c->fields ? _("Option length runs past the header") : NULL);
          return;
        }
      len = c->data[pos + 1];
      if (type == 1)
        sl_dissect_text (c, 2, pos, len + 2, "PadN (%u bytes)", len + 2);
      else if (type == 5 && len == 2)
        sl_dissect_text (c, 2, pos, 4, "Router Alert: %u%s", sl_get16 (c->data + pos + 2),
                         sl_get16 (c->data + pos + 2) == 0 ? " (MLD)" : "");
      else if (type == 0xc2 && len == 4)
        sl_dissect_text (c, 2, pos, 6, "Jumbo Payload: %u", sl_get32 (c->data + pos + 2));
      else
        sl_dissect_text (c, 2, pos, len + 2, "Option 0x%02x (%u bytes)", type, len + 2);
      pos += len + 2;
    }
}

/* Enough for any real chain; a crafted one of 8-byte headers is cut short. */
#define MAX_IPV6_EXTENSIONS 16

void
sl_dissect_ipv6 (SlDissectContext *c,
                 gsize             off,
                 gsize             end)
{
  SlPacketSummary *s = c->sum;
  const guint8 *p;
  guint layer, plen, nh, n_ext = 0;
  gsize pos, ip_end;
  char src[SL_DISSECT_ADDRESS_LEN], dst[SL_DISSECT_ADDRESS_LEN];

  s->protocol = "IPv6";
  s->ip_version = 6;
  layer = sl_dissect_text (c, 0, off, 40, "Internet Protocol Version 6");
  if (!sl_dissect_check (c, "IPv6", off, 1, end))
    return;

  p = c->data + off;
  sl_dissect_value (c, 1, off, 1, N_("Version"), "%u", p[0] >> 4);
  if (p[0] >> 4 != 6)
    {
      sl_dissect_problem (c, SL_DISSECT_MALFORMED, "IPv6", off, 1,
                          c->fields ? _("The version field is not 6") : NULL);
      return;
    }
  if (!sl_dissect_check (c, "IPv6", off, 40, end))
    return;

  plen = sl_get16 (p + 4);
  nh = p[6];
  c->ttl = p[7];
  sl_format_ipv6 (p + 8, src, sizeof src);
  sl_format_ipv6 (p + 24, dst, sizeof dst);
  sl_dissect_relabel (c, layer, "Internet Protocol Version 6 (%s → %s)", src, dst);
  sl_dissect_value (c, 1, off, 2, N_("Traffic class"), "0x%02x", (sl_get16 (p) >> 4) & 0xff);
  sl_dissect_value (c, 1, off + 1, 3, N_("Flow label"), "0x%05x", sl_get32 (p) & 0xfffff);
  sl_dissect_value (c, 1, off + 4, 2, N_("Payload length"), "%u", plen);
  sl_dissect_value (c, 1, off + 6, 1, N_("Next header"), "%s (%u)", ip_protocol_name (nh), nh);
  sl_dissect_value (c, 1, off + 7, 1, N_("Hop limit"), "%u", p[7]);
  sl_dissect_value (c, 1, off + 8, 16, N_("Source address"), "%s", src);
  sl_dissect_value (c, 1, off + 24, 16, N_("Destination address"), "%s", dst);

  memcpy (s->source, src, sizeof src);
  memcpy (s->destination, dst, sizeof dst);
  memcpy (s->key.src, p + 8, 16);
  memcpy (s->key.dst, p + 24, 16);

  /* A zero payload length with a hop-by-hop header is a jumbogram: the
   * frame is the only length there is. */
  if (plen == 0 && nh == 0)
    ip_end = MAX (end, off + 40);
  else
    ip_end = off + 40 + plen;

  pos = off + 40;
  while (nh == 0 || nh == 43 || nh == 44 || nh == 60 || nh == 51)
    {
      const char *name;
      guint hlen, ext;

      if (++n_ext > MAX_IPV6_EXTENSIONS)
        {
          sl_dissect_problem (c, SL_DISSECT_MALFORMED, "IPv6", pos, 0,
                              c->fields ? _("Too many extension headers") : NULL);
          return;
        }
      if (!sl_dissect_check (c, "IPv6", pos, 2, ip_end))
        return;

      hlen = nh == 51 ? (c->data[pos + 1] + 2u) * 4 : nh == 44 ? 8 : (c->data[pos + 1] + 1u) * 8;
      name = nh == 0 ? "Hop-by-Hop Options" : nh == 43 ? "Routing Header"
           : nh == 44 ? "Fragment Header" : nh == 60 ? "Destination Options" : "Authentication Header";
      ext = sl_dissect_text (c, 1, pos, hlen, "%s (%u bytes)", name, hlen);
      (void) ext;
      if (!sl_dissect_check (c, "IPv6", pos, hlen, ip_end))
        return;

      sl_dissect_value (c, 2, pos, 1, N_("Next header"), "%s (%u)",
                        ip_protocol_name (c->data[pos]), c->data[pos]);
      if (nh == 0 || nh == 60)
        dissect_ipv6_tlv_options (c, pos + 2, pos + hlen);
      else if (nh == 43)
        {
          sl_dissect_value (c, 2, pos + 2, 1, N_("Type"), "%u", c->data[pos + 2]);
          sl_dissect_value (c, 2, pos + 3, 1, N_("Segments left"), "%u", c->data[pos + 3]);
        }
      else if (nh == 44)
        {
          guint fo = sl_get16 (c->data + pos + 2) & 0xfff8;
          gboolean more = c->data[pos + 3] & 1;
          guint32 id = sl_get32 (c->data + pos + 4);

          sl_dissect_value (c, 2, pos + 2, 2, N_("Fragment offset"), "%u", fo);
          sl_dissect_value (c, 2, pos + 3, 1, N_("More fragments"), "%s", more ? "1" : "0");
          sl_dissect_value (c, 2, pos + 4, 4, N_("Identification"), "0x%08x", id);
          if (fo != 0 || more)
            {
              s->ip_protocol = c->data[pos];
              sl_dissect_info (c, "Fragmented IP protocol (proto=%s %u, off=%u, ID=%08x)",
                               ip_protocol_name (c->data[pos]), c->data[pos], fo, id);
              sl_dissect_set_length (c, layer, pos + hlen - off);
              return;
            }
        }

      nh = c->data[pos];
      pos += hlen;
    }

  sl_dissect_set_length (c, layer, pos - off);
  s->ip_protocol = (guint8) nh;
  if (nh == 59)
    {
      sl_dissect_info (c, "IPv6 no next header");
      return;
    }

  sl_dissect_transport (c, (guint8) nh, pos, ip_end);
  check_payload_captured (c, ip_end);
}
