/* sl-dissect-icmp.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Control messages for sl-dissect-transport.c: ICMP, IGMP (v1, v2, v3) and
 * ICMPv6 with neighbour discovery and MLD (v1, v2). */

#include "config.h"

#define G_LOG_DOMAIN "sl-dissect"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-dissect-private.h"

/* ICMP */

static const char *
icmp_type_name (guint type)
{
  switch (type)
    {
    case 0: return "Echo (ping) reply";
    case 3: return "Destination unreachable";
    case 4: return "Source quench";
    case 5: return "Redirect";
    case 8: return "Echo (ping) request";
    case 9: return "Router advertisement";
    case 10: return "Router solicitation";
    case 11: return "Time-to-live exceeded";
    case 12: return "Parameter problem";
    case 13: return "Timestamp request";
    case 14: return "Timestamp reply";
    default: return NULL;
    }
}

static const char *
icmp_unreachable_name (guint code)
{
  static const char * const names[] = {
    "Network unreachable", "Host unreachable", "Protocol unreachable", "Port unreachable",
    "Fragmentation needed", "Source route failed", "Destination network unknown",
    "Destination host unknown", "Source host isolated", "Network administratively prohibited",
    "Host administratively prohibited", "Network unreachable for TOS",
    "Host unreachable for TOS", "Communication administratively filtered",
  };

  return code < G_N_ELEMENTS (names) ? names[code] : "Unknown code";
}

static void
dissect_echo (SlDissectContext *c,
              gsize             off,
              gsize             end,
              const char       *name)
{
  const guint8 *p;
  guint id, seq;

  if (!sl_dissect_check (c, c->sum->protocol, off, 8, end))
    return;

  p = c->data + off;
  id = sl_get16 (p + 4);
  seq = sl_get16 (p + 6);
  sl_dissect_value (c, 1, off + 4, 2, N_("Identifier"), "0x%04x (%u)", id, id);
  sl_dissect_value (c, 1, off + 6, 2, N_("Sequence number"), "%u (0x%04x)", seq, seq);
  if (end - off > 8)
    sl_dissect_value (c, 1, off + 8, end - off - 8, N_("Data"), "%u bytes", (guint) (end - off - 8));
  /* seq=BE/LE, as Wireshark prints it: Windows and Linux pings differ. */
  sl_dissect_info (c, "%s  id=0x%04x, seq=%u/%u, ttl=%u", name, id, seq,
                   GUINT16_SWAP_LE_BE (seq), c->ttl);
}

void
sl_dissect_icmp (SlDissectContext *c,
                 gsize             off,
                 gsize             end)
{
  const guint8 *p;
  const char *name;
  guint type, code;

  c->sum->protocol = "ICMP";
  sl_dissect_text (c, 0, off, end - off, "Internet Control Message Protocol");
  if (!sl_dissect_check (c, "ICMP", off, 4, end))
    return;

  p = c->data + off;
  type = p[0];
  code = p[1];
  name = icmp_type_name (type);
  sl_dissect_value (c, 1, off, 1, N_("Type"), "%u (%s)", type, name != NULL ? name : "?");
  sl_dissect_value (c, 1, off + 1, 1, N_("Code"), "%u", code);
  sl_dissect_value (c, 1, off + 2, 2, N_("Checksum"), "0x%04x", sl_get16 (p + 2));

  if (type == 0 || type == 8)
    dissect_echo (c, off, end, name);
  else if (type == 3)
    sl_dissect_info (c, "%s (%s)", name, icmp_unreachable_name (code));
  else if (type == 11)
    sl_dissect_info (c, "%s (%s)", name,
                     code == 0 ? "Time to live exceeded in transit" : "Fragment reassembly time exceeded");
  else if (name != NULL)
    sl_dissect_info (c, "%s", name);
  else
    sl_dissect_info (c, "Type %u, code %u", type, code);

  if ((type == 3 || type == 11 || type == 12) && end - off > 8)
    sl_dissect_value (c, 1, off + 8, end - off - 8, N_("Original datagram"), "%u bytes",
                      (guint) (end - off - 8));
}

/* IGMPv3 and MLDv2 group records: the same layout with 4- or 16-byte addresses. */

static const char *
group_record_type_name (guint type)
{
  switch (type)
    {
    case 1: return "MODE_IS_INCLUDE";
    case 2: return "MODE_IS_EXCLUDE";
    case 3: return "CHANGE_TO_INCLUDE_MODE";
    case 4: return "CHANGE_TO_EXCLUDE_MODE";
    case 5: return "ALLOW_NEW_SOURCES";
    case 6: return "BLOCK_OLD_SOURCES";
    default: return "unknown";
    }
}

static void
format_address (const guint8 *addr,
                guint         alen,
                char         *buf,
                gsize         size)
{
  if (alen == 4)
    sl_format_ipv4 (addr, buf, size);
  else
    sl_format_ipv6 (addr, buf, size);
}

static void
dissect_group_records (SlDissectContext *c,
                       const char       *layer,
                       gsize             pos,
                       gsize             end,
                       guint             n_records,
                       guint             alen)
{
  SlPacketSummary *s = c->sum;
  guint r;

  for (r = 0; r < n_records; r++)
    {
      guint type, aux, n_src, k;
      gsize rlen;
      char group[SL_DISSECT_ADDRESS_LEN];
      const char *name;

      if (!sl_dissect_check (c, layer, pos, 4 + alen, end))
        return;
      type = c->data[pos];
      aux = c->data[pos + 1];
      n_src = sl_get16 (c->data + pos + 2);
      rlen = 4 + alen + (gsize) n_src * alen + aux * 4u;
      format_address (c->data + pos + 4, alen, group, sizeof group);
      name = group_record_type_name (type);
      sl_dissect_text (c, 1, pos, rlen, "Group record: %s, %s, %u source(s)", group, name, n_src);
      if (!sl_dissect_check (c, layer, pos, rlen, end))
        return;

      if (n_src == 0)
        {
          if (type == 1 || type == 3)
            sl_dissect_info_append (s, " / Leave group %s", group);
          else if (type == 2 || type == 4)
            sl_dissect_info_append (s, " / Join group %s for any sources", group);
          else
            sl_dissect_info_append (s, " / Group %s, %s but no source specified", group, name);
        }
      else
        {
          gboolean join = type == 1 || type == 3 || type == 5;

          sl_dissect_info_append (s, " / %s group %s for source%s {", join ? "Join" : "Leave", group,
                                  n_src > 1 ? "s" : "");
          for (k = 0; k < n_src; k++)
            {
              char source[SL_DISSECT_ADDRESS_LEN];

              format_address (c->data + pos + 4 + alen + k * alen, alen, source, sizeof source);
              sl_dissect_text (c, 2, pos + 4 + alen + k * alen, alen, "Source: %s", source);
              /* The Info column stops growing at its size; the tree keeps them all. */
              sl_dissect_info_append (s, "%s%s", k > 0 ? "," : "", source);
            }
          sl_dissect_info_append (s, "}");
        }
      pos += rlen;
    }
}

/* IGMP */

void
sl_dissect_igmp (SlDissectContext *c,
                 gsize             off,
                 gsize             end)
{
  SlPacketSummary *s = c->sum;
  const guint8 *p;
  guint type;
  char group[SL_DISSECT_ADDRESS_LEN];

  s->protocol = "IGMP";
  sl_dissect_text (c, 0, off, end - off, "Internet Group Management Protocol");
  if (!sl_dissect_check (c, "IGMP", off, 8, end))
    return;

  p = c->data + off;
  type = p[0];
  sl_dissect_value (c, 1, off, 1, N_("Type"), "0x%02x", type);
  sl_dissect_value (c, 1, off + 1, 1, N_("Max response time"), "%u", p[1]);
  sl_dissect_value (c, 1, off + 2, 2, N_("Checksum"), "0x%04x", sl_get16 (p + 2));

  if (type == 0x22)
    {
      guint n;

      s->protocol = "IGMPv3";
      n = sl_get16 (p + 6);
      sl_dissect_value (c, 1, off + 6, 2, N_("Number of group records"), "%u", n);
      sl_dissect_info (c, "Membership Report");
      dissect_group_records (c, "IGMPv3", off + 8, end, n, 4);
      return;
    }

  sl_format_ipv4 (p + 4, group, sizeof group);
  sl_dissect_value (c, 1, off + 4, 4, N_("Multicast address"), "%s", group);
  switch (type)
    {
    case 0x11:
      s->protocol = end - off >= 12 ? "IGMPv3" : p[1] == 0 ? "IGMPv1" : "IGMPv2";
      if (sl_get32 (p + 4) == 0)
        sl_dissect_info (c, "Membership Query, general");
      else
        sl_dissect_info (c, "Membership Query, specific for group %s", group);
      break;
    case 0x12:
      s->protocol = "IGMPv1";
      sl_dissect_info (c, "Membership Report / Join group %s", group);
      break;
    case 0x16:
      s->protocol = "IGMPv2";
      sl_dissect_info (c, "Membership Report / Join group %s", group);
      break;
    case 0x17:
      s->protocol = "IGMPv2";
      sl_dissect_info (c, "Leave Group %s", group);
      break;
    default:
      sl_dissect_info (c, "Unknown type 0x%02x", type);
      break;
    }
}

/* ICMPv6 */

static const char *
icmpv6_type_name (guint type)
{
  switch (type)
    {
    case 1: return "Destination Unreachable";
    case 2: return "Packet Too Big";
    case 3: return "Time Exceeded";
    case 4: return "Parameter Problem";
    case 128: return "Echo (ping) request";
    case 129: return "Echo (ping) reply";
    case 130: return "Multicast Listener Query";
    case 131: return "Multicast Listener Report";
    case 132: return "Multicast Listener Done";
    case 133: return "Router Solicitation";
    case 134: return "Router Advertisement";
    case 135: return "Neighbor Solicitation";
    case 136: return "Neighbor Advertisement";
    case 137: return "Redirect";
    case 143: return "Multicast Listener Report Message v2";
    default: return NULL;
    }
}

/* Neighbour discovery options; returns the link-layer address option's
 * MAC as text in @lladdr (source or target, whichever the message has). */
static void
dissect_ndp_options (SlDissectContext *c,
                     gsize             pos,
                     gsize             end,
                     char             *lladdr,
                     gsize             size)
{
  while (pos < end)
    {
      guint type, len;

      if (!sl_dissect_check (c, "ICMPv6", pos, 2, end))
        return;
      type = c->data[pos];
      len = c->data[pos + 1] * 8u;
      if (len == 0)
        {
          sl_dissect_problem (c, SL_DISSECT_MALFORMED, "ICMPv6", pos, 2,
                              c->fields ? _("Option length is zero") : NULL);
          return;
        }
      if (!sl_dissect_check (c, "ICMPv6", pos, len, end))
        return;

      if ((type == 1 || type == 2) && len == 8)
        {
          sl_format_mac (c->data + pos + 2, lladdr, size);
          sl_dissect_text (c, 2, pos, len, "%s link-layer address: %s",
                           type == 1 ? "Source" : "Target", lladdr);
        }
      else if (type == 3 && len == 32)
        {
          char prefix[SL_DISSECT_ADDRESS_LEN];

          sl_format_ipv6 (c->data + pos + 16, prefix, sizeof prefix);
          sl_dissect_text (c, 2, pos, len, "Prefix information: %s/%u", prefix, c->data[pos + 2]);
        }
      else if (type == 5 && len == 8)
        sl_dissect_text (c, 2, pos, len, "MTU: %u", sl_get32 (c->data + pos + 4));
      else
        sl_dissect_text (c, 2, pos, len, "Option type %u (%u bytes)", type, len);
      pos += len;
    }
}

void
sl_dissect_icmpv6 (SlDissectContext *c,
                   gsize             off,
                   gsize             end)
{
  SlPacketSummary *s = c->sum;
  const guint8 *p;
  const char *name;
  guint type, code;
  char addr[SL_DISSECT_ADDRESS_LEN], lladdr[SL_DISSECT_ADDRESS_LEN] = "";

  s->protocol = "ICMPv6";
  sl_dissect_text (c, 0, off, end - off, "Internet Control Message Protocol v6");
  if (!sl_dissect_check (c, "ICMPv6", off, 4, end))
    return;

  p = c->data + off;
  type = p[0];
  code = p[1];
  name = icmpv6_type_name (type);
  sl_dissect_value (c, 1, off, 1, N_("Type"), "%u (%s)", type, name != NULL ? name : "?");
  sl_dissect_value (c, 1, off + 1, 1, N_("Code"), "%u", code);
  sl_dissect_value (c, 1, off + 2, 2, N_("Checksum"), "0x%04x", sl_get16 (p + 2));
  if (name != NULL)
    sl_dissect_info (c, "%s", name);
  else
    sl_dissect_info (c, "Type %u, code %u", type, code);

  switch (type)
    {
    case 128:
    case 129:
      dissect_echo (c, off, end, name);
      break;

    case 130:
    case 131:
    case 132:
      s->protocol = "MLD";
      if (!sl_dissect_check (c, "MLD", off, 24, end))
        return;
      sl_format_ipv6 (p + 8, addr, sizeof addr);
      sl_dissect_value (c, 1, off + 4, 2, N_("Maximum response delay"), "%u", sl_get16 (p + 4));
      sl_dissect_value (c, 1, off + 8, 16, N_("Multicast address"), "%s", addr);
      if (type == 130 && end - off >= 28)
        s->protocol = "MLDv2";
      if (type != 130 || sl_get32 (p + 8) != 0)
        sl_dissect_info_append (s, " for %s", addr);
      break;

    case 143:
      {
        guint n;

        s->protocol = "MLDv2";
        if (!sl_dissect_check (c, "MLDv2", off, 8, end))
          return;
        n = sl_get16 (p + 6);
        sl_dissect_value (c, 1, off + 6, 2, N_("Number of multicast address records"), "%u", n);
        dissect_group_records (c, "MLDv2", off + 8, end, n, 16);
      }
      break;

    case 133:
    case 134:
    case 135:
    case 136:
      {
        gsize fixed = type == 133 ? 8 : type == 134 ? 16 : 24;

        if (!sl_dissect_check (c, "ICMPv6", off, fixed, end))
          return;
        if (type == 135 || type == 136)
          {
            sl_format_ipv6 (p + 8, addr, sizeof addr);
            sl_dissect_value (c, 1, off + 8, 16, N_("Target address"), "%s", addr);
          }
        if (type == 136)
          sl_dissect_value (c, 1, off + 4, 1, N_("Flags"), "0x%02x (%s%s%s)", p[4],
                            (p[4] & 0x80) ? "R" : "", (p[4] & 0x40) ? "S" : "", (p[4] & 0x20) ? "O" : "");
        dissect_ndp_options (c, off + fixed, end, lladdr, sizeof lladdr);

        if (type == 135)
          sl_dissect_info (c, "Neighbor Solicitation for %s%s%s", addr,
                           lladdr[0] ? " from " : "", lladdr);
        else if (type == 136)
          {
            const char *sep = "";

            sl_dissect_info (c, "Neighbor Advertisement %s (", addr);
            if (p[4] & 0x80)
              sl_dissect_info_append (s, "%srtr", sep), sep = ", ";
            if (p[4] & 0x40)
              sl_dissect_info_append (s, "%ssol", sep), sep = ", ";
            if (p[4] & 0x20)
              sl_dissect_info_append (s, "%sovr", sep);
            sl_dissect_info_append (s, ")%s%s", lladdr[0] ? " is at " : "", lladdr);
          }
        else if (lladdr[0])
          sl_dissect_info_append (s, " from %s", lladdr);
      }
      break;

    default:
      if (type < 128 && end - off > 8)
        sl_dissect_value (c, 1, off + 8, end - off - 8, N_("Original datagram"), "%u bytes",
                          (guint) (end - off - 8));
      break;
    }
}
