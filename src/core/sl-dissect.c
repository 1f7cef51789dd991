/* sl-dissect.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A small dissector for the capture view. This file has the entry points,
 * the shared helpers and the link layers that libpcap gives us (Ethernet with
 * one 802.1Q tag, Linux cooked v1 and v2, raw IP, BSD loopback); ARP, IPv4
 * and IPv6 are in sl-dissect-ip.c, ICMP, ICMPv6 and IGMP in
 * sl-dissect-icmp.c, TCP, UDP and HTTP in sl-dissect-transport.c. It is pure
 * (no state, no I/O) and reads packets that anyone on the network can craft,
 * so every read goes through sl_dissect_check() first.
 *
 * One walk serves both entry points. sl_dissect_summary() runs for every
 * packet at capture rate, so it fills a caller's fixed-size struct and never
 * allocates; sl_dissect_tree() runs for the one selected packet and also
 * records every field with its bytes. The two never disagree because they are
 * the same code with and without a field array.
 *
 * Protocol names, message names ("Who has", "Echo (ping) request") and the
 * Info column follow Wireshark, untranslated, so that what students see here
 * matches what their course notes show; field labels are translated.
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-dissect"

#include <arpa/inet.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-dissect-private.h"

struct _SlDissection
{
  GArray          *fields;
  GStringChunk    *strings;
  SlPacketSummary  summary;
};

/* Context helpers */

/* Whether [off, off + need) can be read, given the layer's declared end and
 * the captured length. Declared too short: malformed; declared long enough but
 * not captured: truncated. Both are reported at @layer. */
gboolean
sl_dissect_check (SlDissectContext *c,
                  const char       *layer,
                  gsize             off,
                  gsize             need,
                  gsize             end)
{
  if (off <= end && need <= end - off)
    {
      if (off <= c->caplen && need <= c->caplen - off)
        return TRUE;

      if (c->fields != NULL)
        {
          g_autofree char *why =
            g_strdup_printf (_("%s truncated: %u bytes needed at offset %u, the capture ends at %u"),
                             layer, (guint) need, (guint) off, (guint) c->caplen);
          sl_dissect_problem (c, SL_DISSECT_TRUNCATED, layer, off, need, why);
        }
      else
        sl_dissect_problem (c, SL_DISSECT_TRUNCATED, layer, off, need, NULL);
      return FALSE;
    }

  if (c->fields != NULL)
    {
      g_autofree char *why =
        g_strdup_printf (_("Malformed %s: %u bytes needed at offset %u, its length ends at %u"),
                         layer, (guint) need, (guint) off, (guint) end);
      sl_dissect_problem (c, SL_DISSECT_MALFORMED, layer, off, need, why);
    }
  else
    sl_dissect_problem (c, SL_DISSECT_MALFORMED, layer, off, need, NULL);
  return FALSE;
}

/* @why is already translated; it may be NULL in summary mode. */
void
sl_dissect_problem (SlDissectContext *c,
                    SlDissectStatus   kind,
                    const char       *layer,
                    gsize             off,
                    gsize             len,
                    const char       *why)
{
  c->sum->status |= kind;
  if (c->sum->problem_layer == NULL && kind != SL_DISSECT_UNKNOWN)
    c->sum->problem_layer = layer;

  if (c->fields != NULL && why != NULL)
    {
      guint i = sl_dissect_text (c, 1, off, len, "[%s]", why);

      if (i != G_MAXUINT)
        g_array_index (c->fields, SlDissectField, i).status = kind;
    }
}

static guint
add_field (SlDissectContext *c,
           guint             depth,
           gsize             off,
           gsize             len,
           char             *label)
{
  SlDissectField field = { 0 };

  if (c->fields->len >= SL_DISSECT_MAX_FIELDS)
    {
      g_free (label);
      return G_MAXUINT;
    }
  if (c->fields->len == SL_DISSECT_MAX_FIELDS - 1)
    {
      g_free (label);
      label = g_strdup (_("[Too many fields: the rest are not shown]"));
      depth = 0;
      off = len = 0;
    }

  field.label = g_string_chunk_insert (c->strings, label);
  g_free (label);
  field.depth = depth;
  /* Whatever a crafted header says, a highlight never leaves the buffer. */
  field.offset = (guint) MIN (off, c->caplen);
  field.length = (guint) MIN (len, c->caplen - field.offset);
  g_array_append_val (c->fields, field);

  return c->fields->len - 1;
}

guint
sl_dissect_text (SlDissectContext *c,
                 guint             depth,
                 gsize             off,
                 gsize             len,
                 const char       *format,
                 ...)
{
  va_list args;
  char *label;

  if (c->fields == NULL)
    return G_MAXUINT;

  va_start (args, format);
  label = g_strdup_vprintf (format, args);
  va_end (args);

  return add_field (c, depth, off, len, label);
}

/* "Source port: 55556": @label is an untranslated N_() string. */
guint
sl_dissect_value (SlDissectContext *c,
                  guint             depth,
                  gsize             off,
                  gsize             len,
                  const char       *label,
                  const char       *format,
                  ...)
{
  va_list args;
  g_autofree char *value = NULL;

  if (c->fields == NULL)
    return G_MAXUINT;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);

  return add_field (c, depth, off, len, g_strdup_printf ("%s: %s", _(label), value));
}

void
sl_dissect_relabel (SlDissectContext *c,
                    guint             index,
                    const char       *format,
                    ...)
{
  g_autofree char *label = NULL;
  va_list args;

  if (c->fields == NULL || index >= c->fields->len)
    return;

  va_start (args, format);
  label = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_index (c->fields, SlDissectField, index).label = g_string_chunk_insert (c->strings, label);
}

void
sl_dissect_set_length (SlDissectContext *c,
                       guint             index,
                       gsize             len)
{
  SlDissectField *field;

  if (c->fields == NULL || index >= c->fields->len)
    return;

  field = &g_array_index (c->fields, SlDissectField, index);
  field->length = (guint) MIN (len, c->caplen - field->offset);
}

void
sl_dissect_info (SlDissectContext *c,
                 const char       *format,
                 ...)
{
  va_list args;

  va_start (args, format);
  g_vsnprintf (c->sum->info, sizeof c->sum->info, format, args);
  va_end (args);
}

void
sl_dissect_info_append (SlPacketSummary *s,
                        const char      *format,
                        ...)
{
  gsize used = strlen (s->info);
  va_list args;

  if (used + 1 >= sizeof s->info)
    return;

  va_start (args, format);
  g_vsnprintf (s->info + used, sizeof s->info - used, format, args);
  va_end (args);
}

/* g_snprintf() cuts at a byte; a label must stay UTF-8 for GTK. Only a
 * full buffer can have been cut. */
void
sl_dissect_fix_utf8 (char  *text,
                     gsize  size)
{
  const char *end;

  if (strnlen (text, size) + 1 >= size && !g_utf8_validate (text, -1, &end))
    *(char *) end = '\0';
}

/* The Info column says where a packet stopped making sense. */
void
sl_dissect_append_problem (SlPacketSummary *s)
{
  const char *layer = s->problem_layer != NULL ? s->problem_layer : s->protocol;
  const char *sep = s->info[0] != '\0' ? " " : "";

  if (s->status & SL_DISSECT_TRUNCATED)
    sl_dissect_info_append (s, _("%s[%s truncated]"), sep, layer);
  else if (s->status & SL_DISSECT_MALFORMED)
    sl_dissect_info_append (s, _("%s[Malformed %s]"), sep, layer);
}

/* Addresses */

/* Text is built by hand on the per-packet path: printf costs more than the
 * rest of a packet's dissection together. */
gsize
sl_format_uint (guint32  value,
                char    *buf)
{
  char digits[10];
  gsize n = 0, i;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value != 0);
  for (i = 0; i < n; i++)
    buf[i] = digits[n - 1 - i];

  return n;
}

void
sl_format_ipv4 (const guint8 *addr,
                char         *buf,
                gsize         size)
{
  char tmp[16];
  gsize n = 0;
  guint i;

  for (i = 0; i < 4; i++)
    {
      if (i > 0)
        tmp[n++] = '.';
      n += sl_format_uint (addr[i], tmp + n);
    }
  tmp[n] = '\0';
  g_strlcpy (buf, tmp, size);
}

void
sl_format_ipv6 (const guint8 *addr,
                char         *buf,
                gsize         size)
{
  if (inet_ntop (AF_INET6, addr, buf, (socklen_t) size) == NULL && size > 0)
    buf[0] = '\0';
}

void
sl_format_mac (const guint8 *addr,
               char         *buf,
               gsize         size)
{
  static const char hex[] = "0123456789abcdef";
  char tmp[18];
  guint i;

  for (i = 0; i < 6; i++)
    {
      tmp[i * 3] = hex[addr[i] >> 4];
      tmp[i * 3 + 1] = hex[addr[i] & 15];
      tmp[i * 3 + 2] = i < 5 ? ':' : '\0';
    }
  g_strlcpy (buf, tmp, size);
}

/* Link layers */

static void
dissect_ethertype (SlDissectContext *c,
                   guint             ethertype,
                   gsize             off,
                   gboolean          have_link_dst)
{
  SlPacketSummary *s = c->sum;

  s->ethertype = (guint16) ethertype;
  switch (ethertype)
    {
    case 0x0800:
      sl_dissect_ipv4 (c, off, c->wirelen);
      break;
    case 0x86dd:
      sl_dissect_ipv6 (c, off, c->wirelen);
      break;
    case 0x0806:
      sl_dissect_arp (c, off, c->wirelen, have_link_dst);
      break;
    default:
      s->status |= SL_DISSECT_UNKNOWN;
      sl_dissect_value (c, 0, off, c->caplen - MIN (off, c->caplen), N_("Data"), "%u bytes",
                        (guint) (c->caplen - MIN (off, c->caplen)));
      sl_dissect_info (c, "EtherType 0x%04x, %u bytes", ethertype,
                       (guint) (c->wirelen - MIN (off, c->wirelen)));
      break;
    }
}

static const char *
ethertype_name (guint ethertype)
{
  switch (ethertype)
    {
    case 0x0800: return " (IPv4)";
    case 0x0806: return " (ARP)";
    case 0x86dd: return " (IPv6)";
    case 0x8100: return " (802.1Q)";
    default: return "";
    }
}

static void
dissect_ethernet (SlDissectContext *c)
{
  SlPacketSummary *s = c->sum;
  const guint8 *p = c->data;
  gsize off = 14;
  guint layer, type;
  char dst[SL_DISSECT_ADDRESS_LEN], src[SL_DISSECT_ADDRESS_LEN];

  s->protocol = "Ethernet";
  layer = sl_dissect_text (c, 0, 0, 14, "Ethernet II");
  if (!sl_dissect_check (c, "Ethernet", 0, 14, c->wirelen))
    return;

  sl_format_mac (p, dst, sizeof dst);
  sl_format_mac (p + 6, src, sizeof src);
  memcpy (s->destination, dst, sizeof dst);
  memcpy (s->source, src, sizeof src);
  sl_dissect_relabel (c, layer, "Ethernet II (%s → %s)", src, dst);
  sl_dissect_value (c, 1, 0, 6, N_("Destination"), "%s", dst);
  sl_dissect_value (c, 1, 6, 6, N_("Source"), "%s", src);

  type = sl_get16 (p + 12);
  if (type == 0x8100 || type == 0x88a8)
    {
      guint tci;

      if (!sl_dissect_check (c, "802.1Q", 12, 6, c->wirelen))
        return;
      tci = sl_get16 (p + 14);
      sl_dissect_value (c, 1, 12, 2, N_("Type"), "0x%04x (802.1Q)", type);
      sl_dissect_value (c, 1, 14, 2, N_("VLAN"), "%u (priority %u)", tci & 0x0fff, tci >> 13);
      type = sl_get16 (p + 16);
      sl_dissect_value (c, 1, 16, 2, N_("Type"), "0x%04x%s", type, ethertype_name (type));
      off = 18;
    }
  else
    sl_dissect_value (c, 1, 12, 2, N_("Type"), "0x%04x%s", type, ethertype_name (type));
  sl_dissect_set_length (c, layer, off);

  if (type <= 1500)
    {
      /* An 802.3 length field: LLC follows, which we do not decode. */
      s->protocol = "LLC";
      s->status |= SL_DISSECT_UNKNOWN;
      sl_dissect_info (c, "IEEE 802.3, length %u", type);
      return;
    }

  dissect_ethertype (c, type, off, TRUE);
}

static const char *
sll_packet_type_name (guint type)
{
  switch (type)
    {
    case 0: return "Unicast to us";
    case 1: return "Broadcast";
    case 2: return "Multicast";
    case 3: return "Unicast to another host";
    case 4: return "Sent by us";
    default: return "Unknown";
    }
}

/* Linux cooked capture, v1 (16 bytes) and v2 (20 bytes): what the "any"
 * interface gives. Only the sender's link address is in the header. */
static void
dissect_sll (SlDissectContext *c,
             gboolean          v2)
{
  SlPacketSummary *s = c->sum;
  const guint8 *p = c->data;
  gsize hlen = v2 ? 20 : 16;
  guint layer, ptype, hatype, alen, proto;
  gsize aoff;

  s->protocol = v2 ? "SLL2" : "SLL";
  layer = sl_dissect_text (c, 0, 0, hlen, v2 ? "Linux cooked capture v2" : "Linux cooked capture v1");
  (void) layer;
  if (!sl_dissect_check (c, s->protocol, 0, hlen, c->wirelen))
    return;

  if (v2)
    {
      proto = sl_get16 (p);
      hatype = sl_get16 (p + 8);
      ptype = p[10];
      alen = p[11];
      aoff = 12;
      sl_dissect_value (c, 1, 0, 2, N_("Protocol"), "0x%04x%s", proto, ethertype_name (proto));
      sl_dissect_value (c, 1, 4, 4, N_("Interface index"), "%u", sl_get32 (p + 4));
      sl_dissect_value (c, 1, 8, 2, N_("Link-layer address type"), "%u", hatype);
      sl_dissect_value (c, 1, 10, 1, N_("Packet type"), "%s (%u)", sll_packet_type_name (ptype), ptype);
      sl_dissect_value (c, 1, 11, 1, N_("Link-layer address length"), "%u", alen);
    }
  else
    {
      ptype = sl_get16 (p);
      hatype = sl_get16 (p + 2);
      alen = sl_get16 (p + 4);
      proto = sl_get16 (p + 14);
      aoff = 6;
      sl_dissect_value (c, 1, 0, 2, N_("Packet type"), "%s (%u)", sll_packet_type_name (ptype), ptype);
      sl_dissect_value (c, 1, 2, 2, N_("Link-layer address type"), "%u", hatype);
      sl_dissect_value (c, 1, 4, 2, N_("Link-layer address length"), "%u", alen);
    }

  if (alen == 6)
    {
      sl_format_mac (p + aoff, s->source, sizeof s->source);
      sl_dissect_value (c, 1, aoff, 6, N_("Source"), "%s", s->source);
    }
  else
    sl_dissect_value (c, 1, aoff, MIN (alen, 8u), N_("Source"), "(%u bytes)", alen);
  if (!v2)
    sl_dissect_value (c, 1, 14, 2, N_("Protocol"), "0x%04x%s", proto, ethertype_name (proto));

  /* Below 0x0600 the field is a Linux protocol number (802.2, CAN…), not an EtherType. */
  if (proto < 0x0600)
    {
      s->status |= SL_DISSECT_UNKNOWN;
      sl_dissect_info (c, "Linux protocol 0x%04x", proto);
      return;
    }

  dissect_ethertype (c, proto, hlen, FALSE);
}

static void
dissect_raw_ip (SlDissectContext *c,
                gsize             off)
{
  SlPacketSummary *s = c->sum;
  guint version;

  s->protocol = "IP";
  if (!sl_dissect_check (c, "IP", off, 1, c->wirelen))
    return;

  version = c->data[off] >> 4;
  if (version == 4)
    {
      s->ethertype = 0x0800;
      sl_dissect_ipv4 (c, off, c->wirelen);
    }
  else if (version == 6)
    {
      s->ethertype = 0x86dd;
      sl_dissect_ipv6 (c, off, c->wirelen);
    }
  else
    sl_dissect_problem (c, SL_DISSECT_MALFORMED, "IP", off, 1,
                        c->fields ? _("The version field is neither 4 nor 6") : NULL);
}

/* BSD loopback: the address family in the byte order of the machine that
 * captured, which need not be ours; try both. */
static void
dissect_null (SlDissectContext *c)
{
  guint32 family, be, le;
  const guint8 *p = c->data;

  c->sum->protocol = "Null";
  sl_dissect_text (c, 0, 0, 4, "Null/Loopback");
  if (!sl_dissect_check (c, "Null", 0, 4, c->wirelen))
    return;

  be = sl_get32 (p);
  le = (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
  family = be < 0x10000 ? be : le;
  sl_dissect_value (c, 1, 0, 4, N_("Family"), "%u", family);

  switch (family)
    {
    case 2:
      c->sum->ethertype = 0x0800;
      sl_dissect_ipv4 (c, 4, c->wirelen);
      break;
    case 10: case 24: case 28: case 30:
      c->sum->ethertype = 0x86dd;
      sl_dissect_ipv6 (c, 4, c->wirelen);
      break;
    default:
      c->sum->status |= SL_DISSECT_UNKNOWN;
      sl_dissect_info (c, "Address family %u", family);
      break;
    }
}

static void
dissect_frame (SlDissectContext *c,
               guint             linktype)
{
  switch (linktype)
    {
    case SL_LINKTYPE_ETHERNET:
      dissect_ethernet (c);
      break;
    case SL_LINKTYPE_LINUX_SLL:
      dissect_sll (c, FALSE);
      break;
    case SL_LINKTYPE_LINUX_SLL2:
      dissect_sll (c, TRUE);
      break;
    case SL_LINKTYPE_RAW:
      dissect_raw_ip (c, 0);
      break;
    case SL_LINKTYPE_NULL:
      dissect_null (c);
      break;
    default:
      c->sum->protocol = "Unknown";
      c->sum->status |= SL_DISSECT_UNKNOWN;
      sl_dissect_info (c, "Link type %u", linktype);
      break;
    }

  /* A TCP packet's info is built from its fields, relative numbers or not. */
  if (c->sum->is_tcp && !c->sum->is_http)
    sl_dissect_format_tcp_info (c->sum);
  else
    sl_dissect_append_problem (c->sum);
  sl_dissect_fix_utf8 (c->sum->info, sizeof c->sum->info);
}

static void
summary_init (SlPacketSummary *s)
{
  /* Cheaper than clearing the text buffers: only their first byte matters. */
  memset (s, 0, G_STRUCT_OFFSET (SlPacketSummary, source));
  memset (&s->ethertype, 0, sizeof *s - G_STRUCT_OFFSET (SlPacketSummary, ethertype));
  s->source[0] = s->destination[0] = s->info[0] = '\0';
  s->protocol = "Unknown";
  s->tcp.mss = -1;
  s->tcp.window_scale = -1;
}

/**
 * sl_dissect_summary:
 * @linktype: a pcap link type (SL_LINKTYPE_…)
 * @data: the captured bytes
 * @caplen: how many bytes were captured
 * @origlen: how long the packet was on the wire (at least @caplen)
 * @out: (out caller-allocates): the summary
 *
 * Fills @out for the packet list without allocating. TCP numbers are raw;
 * pass @out to sl_tcp_tracker_add() for relative ones.
 *
 * Returns: %FALSE if the packet is truncated or malformed (@out says where).
 */
gboolean
sl_dissect_summary (guint            linktype,
                    const guint8    *data,
                    gsize            caplen,
                    gsize            origlen,
                    SlPacketSummary *out)
{
  SlDissectContext c = { 0 };

  g_return_val_if_fail (data != NULL || caplen == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  summary_init (out);
  c.data = data;
  c.caplen = caplen;
  c.wirelen = MAX (origlen, caplen);
  c.sum = out;
  dissect_frame (&c, linktype);

  return (out->status & (SL_DISSECT_TRUNCATED | SL_DISSECT_MALFORMED)) == 0;
}

static const char *
linktype_name (guint linktype)
{
  switch (linktype)
    {
    case SL_LINKTYPE_NULL: return "Null/Loopback";
    case SL_LINKTYPE_ETHERNET: return "Ethernet";
    case SL_LINKTYPE_RAW: return "Raw IP";
    case SL_LINKTYPE_LINUX_SLL: return "Linux cooked v1";
    case SL_LINKTYPE_LINUX_SLL2: return "Linux cooked v2";
    default: return "unknown";
    }
}

/**
 * sl_dissect_tree:
 * @linktype: a pcap link type (SL_LINKTYPE_…)
 * @data: the captured bytes
 * @caplen: how many bytes were captured
 * @origlen: how long the packet was on the wire
 *
 * Dissects one packet for the detail pane: a flat list of layers and fields
 * in packet order, each with its depth and bytes.
 *
 * Returns: (transfer full): the dissection; free with sl_dissection_free()
 */
SlDissection *
sl_dissect_tree (guint         linktype,
                 const guint8 *data,
                 gsize         caplen,
                 gsize         origlen)
{
  SlDissection *self;
  SlDissectContext c = { 0 };

  g_return_val_if_fail (data != NULL || caplen == 0, NULL);

  self = g_new0 (SlDissection, 1);
  self->fields = g_array_new (FALSE, TRUE, sizeof (SlDissectField));
  self->strings = g_string_chunk_new (512);
  summary_init (&self->summary);

  c.data = data;
  c.caplen = caplen;
  c.wirelen = MAX (origlen, caplen);
  c.sum = &self->summary;
  c.fields = self->fields;
  c.strings = self->strings;

  sl_dissect_text (&c, 0, 0, caplen, "Frame");
  sl_dissect_value (&c, 1, 0, 0, N_("Link type"), "%s (%u)", linktype_name (linktype), linktype);
  sl_dissect_value (&c, 1, 0, 0, N_("Length on wire"), "%u", (guint) c.wirelen);
  sl_dissect_value (&c, 1, 0, 0, N_("Captured length"), "%u", (guint) caplen);
  dissect_frame (&c, linktype);

  return self;
}

guint
sl_dissection_get_n_fields (const SlDissection *dissection)
{
  g_return_val_if_fail (dissection != NULL, 0);

  return dissection->fields->len;
}

const SlDissectField *
sl_dissection_get_field (const SlDissection *dissection,
                         guint               index)
{
  g_return_val_if_fail (dissection != NULL, NULL);
  g_return_val_if_fail (index < dissection->fields->len, NULL);

  return &g_array_index (dissection->fields, SlDissectField, index);
}

const SlPacketSummary *
sl_dissection_get_summary (const SlDissection *dissection)
{
  g_return_val_if_fail (dissection != NULL, NULL);

  return &dissection->summary;
}

void
sl_dissection_free (SlDissection *dissection)
{
  if (dissection == NULL)
    return;

  g_array_unref (dissection->fields);
  g_string_chunk_free (dissection->strings);
  g_free (dissection);
}
