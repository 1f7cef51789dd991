/* sl-frame.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Raw frames: parsing, building and showing. Short frames are sent as they
 * are, not padded here: on veth and lo (where the exercises run) the
 * receiver then prints exactly the payload the student typed, and on a
 * real cable the card pads with zeros, which the page says beforehand and
 * the receive list shows apart from the text. */

#include "config.h"

#define G_LOG_DOMAIN "sl-frame"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-capture.h"
#include "sl-error.h"
#include "sl-format.h"
#include "sl-frame.h"
#include "sl-payload.h"

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Twelve hex digits in groups of @group separated by @sep (0: no separator) */
static gboolean
parse_groups (const char *text,
              gsize       len,
              guint       group,
              char        sep,
              guint8      mac[6])
{
  guint digits = 0;
  gsize i;

  if (len != (sep != 0 ? 12 + 12 / group - 1 : 12))
    return FALSE;

  for (i = 0; i < len; i++)
    {
      int value;

      if (sep != 0 && (i + 1) % (group + 1) == 0)
        {
          if (text[i] != sep)
            return FALSE;
          continue;
        }
      value = hex_digit (text[i]);
      if (value < 0)
        return FALSE;
      if (digits % 2 == 0)
        mac[digits / 2] = (guint8) (value << 4);
      else
        mac[digits / 2] |= (guint8) value;
      digits++;
    }

  return digits == 12;
}

gboolean
sl_frame_parse_mac (const char  *text,
                    guint8       mac[6],
                    GError     **error)
{
  g_autofree char *copy = NULL;
  guint8 result[6];
  gsize len;

  g_return_val_if_fail (mac != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  len = strlen (copy);

  if (len == 0)
    {
      g_set_error_literal (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                           _("Type a MAC address: six pairs of hex digits such as "
                             "aa:bb:cc:dd:ee:ff."));
      return FALSE;
    }

  if (parse_groups (copy, len, 2, ':', result) ||
      parse_groups (copy, len, 2, '-', result) ||
      parse_groups (copy, len, 4, '.', result) ||
      parse_groups (copy, len, 12, 0, result))
    {
      memcpy (mac, result, 6);
      return TRUE;
    }

  /* Translators: %s is what the student typed */
  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS,
               _("“%s” is not a MAC address. A MAC address is six pairs of hex digits "
                 "(0–9, a–f), written aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF, "
                 "aabb.ccdd.eeff or aabbccddeeff."),
               copy);
  return FALSE;
}

char *
sl_frame_format_mac (const guint8 *mac)
{
  g_return_val_if_fail (mac != NULL, NULL);

  return g_strdup_printf ("%02x:%02x:%02x:%02x:%02x:%02x",
                          mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

gboolean
sl_frame_mac_is_broadcast (const guint8 *mac)
{
  static const guint8 broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

  g_return_val_if_fail (mac != NULL, FALSE);
  return memcmp (mac, broadcast, 6) == 0;
}

/* EtherTypes ------------------------------------------------------------- */

static const struct
{
  guint16 value;
  const char *keyword;       /* what may be typed */
  const char *name;          /* what is shown */
} ethertype_names[] = {
  { SL_ETHERTYPE_IPV4, "ipv4", "IPv4" },
  { SL_ETHERTYPE_ARP, "arp", "ARP" },
  { SL_ETHERTYPE_IPV6, "ipv6", "IPv6" },
  { SL_ETHERTYPE_VLAN, "vlan", N_("VLAN 802.1Q") },
  /* Translators: EtherType 0x88B5, reserved by IEEE 802 for experiments */
  { SL_ETHERTYPE_LOCAL1, NULL, N_("Local experiment 1") },
  /* Translators: EtherType 0x88B6, reserved by IEEE 802 for experiments */
  { SL_ETHERTYPE_LOCAL2, NULL, N_("Local experiment 2") },
  { 0x88CC, "lldp", "LLDP" },
};

const char *
sl_frame_ethertype_name (guint16 ethertype)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (ethertype_names); i++)
    if (ethertype_names[i].value == ethertype)
      return _(ethertype_names[i].name);

  return NULL;
}

char *
sl_frame_format_ethertype (guint16  ethertype,
                           gboolean with_name)
{
  const char *name = with_name ? sl_frame_ethertype_name (ethertype) : NULL;

  if (name == NULL)
    return g_strdup_printf ("0x%04X", ethertype);

  return g_strdup_printf ("0x%04X (%s)", ethertype, name);
}

gboolean
sl_frame_parse_ethertype (const char  *text,
                          guint16     *ethertype,
                          GError     **error)
{
  g_autofree char *copy = NULL;
  const char *digits;
  gboolean hex;
  guint64 value = 0;
  gsize len, i;

  g_return_val_if_fail (ethertype != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  /* "0x0800 (IPv4)", as the drop-down shows it: the number counts */
  if (strchr (copy, ' ') != NULL)
    *strchr (copy, ' ') = '\0';

  for (i = 0; i < G_N_ELEMENTS (ethertype_names); i++)
    if (ethertype_names[i].keyword != NULL &&
        g_ascii_strcasecmp (copy, ethertype_names[i].keyword) == 0)
      {
        *ethertype = ethertype_names[i].value;
        return TRUE;
      }

  digits = copy;
  if (g_ascii_strncasecmp (copy, "0x", 2) == 0)
    {
      digits = copy + 2;
      hex = TRUE;
    }
  else
    {
      gboolean has_letter = FALSE;

      for (i = 0; copy[i] != '\0'; i++)
        if (g_ascii_isalpha (copy[i]))
          has_letter = TRUE;
      hex = has_letter || (strlen (copy) == 4 && copy[0] == '0');
    }

  len = strlen (digits);
  for (i = 0; i < len; i++)
    {
      int d = hex ? hex_digit (digits[i]) : (g_ascii_isdigit (digits[i]) ? digits[i] - '0' : -1);

      if (d < 0)
        break;
      value = value * (hex ? 16 : 10) + (guint) d;
      if (value > 0xFFFF)
        break;
    }

  if (len == 0 || i < len || value > 0xFFFF)
    {
      /* Translators: %s is what the student typed */
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_OPTION,
                   _("“%s” is not an EtherType. Type a number from 0x0600 to 0xFFFF, "
                     "such as 0x0800 (IPv4) or 0x88B5 (for experiments), or a name: "
                     "IPv4, ARP, IPv6, VLAN."),
                   copy);
      return FALSE;
    }

  if (value < SL_ETHERTYPE_MIN)
    {
      g_autofree char *as_number = g_strdup_printf ("0x%04X", (guint) value);

      /* Translators: the first %s is what the student typed, the second the
       * same number in hex. Below 0x0600 the field is an IEEE 802.3 length */
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_OPTION,
                   _("“%s” is %s, which is below 0x0600: in that range the field holds "
                     "the frame’s length (IEEE 802.3), not an EtherType. Write hex "
                     "numbers with 0x, such as 0x0800."),
                   copy, as_number);
      return FALSE;
    }

  *ethertype = (guint16) value;
  return TRUE;
}

/* Building --------------------------------------------------------------- */

GBytes *
sl_frame_build (const guint8  *destination,
                const guint8  *source,
                guint16        ethertype,
                GBytes        *payload,
                guint          mtu,
                const char    *interface,
                GError       **error)
{
  GByteArray *frame;
  gsize payload_len;
  const guint8 *data;
  guint8 type[2];

  g_return_val_if_fail (destination != NULL && source != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (payload, &payload_len);

  if (mtu > SL_FRAME_MAX_PAYLOAD && payload_len > SL_FRAME_MAX_PAYLOAD)
    {
      g_autofree char *have = sl_format_count (payload_len);
      g_autofree char *limit = sl_format_count (SL_FRAME_MAX_PAYLOAD);

      /* Translators: both numbers are byte counts, formatted already */
      g_set_error (error, SL_ERROR, SL_ERROR_TOO_LARGE,
                   _("The payload has %s bytes, but Socket Lab sends at most %s bytes of "
                     "payload in one frame. Make it shorter, or send it in several frames."),
                   have, limit);
      return NULL;
    }

  if (payload_len > mtu)
    {
      g_autofree char *have = sl_format_count (payload_len);
      g_autofree char *limit = sl_format_count (mtu);
      g_autofree char *over = sl_format_count (payload_len - mtu);

      if (interface != NULL)
        /* Translators: "The payload has 1,600 bytes, but a frame on eth0
         * carries at most 1,500 (the interface's MTU). Make it 100 bytes
         * shorter…"; all three numbers are formatted already */
        g_set_error (error, SL_ERROR, SL_ERROR_TOO_LARGE,
                     _("The payload has %s bytes, but a frame on %s carries at most %s bytes "
                       "of payload (the interface’s MTU). Make it %s bytes shorter, or send "
                       "it in several frames."),
                     have, interface, limit, over);
      else
        g_set_error (error, SL_ERROR, SL_ERROR_TOO_LARGE,
                     _("The payload has %s bytes, but a frame carries at most %s bytes of "
                       "payload (the interface’s MTU). Make it %s bytes shorter, or send it "
                       "in several frames."),
                     have, limit, over);
      return NULL;
    }

  frame = g_byte_array_sized_new (SL_FRAME_HEADER_LEN + payload_len);
  g_byte_array_append (frame, destination, 6);
  g_byte_array_append (frame, source, 6);
  type[0] = (guint8) (ethertype >> 8);
  type[1] = (guint8) (ethertype & 0xff);
  g_byte_array_append (frame, type, 2);
  if (payload_len > 0)
    g_byte_array_append (frame, data, payload_len);

  return g_byte_array_free_to_bytes (frame);
}

guint
sl_frame_get_padding (gsize frame_len)
{
  return frame_len < SL_FRAME_MIN_LEN ? (guint) (SL_FRAME_MIN_LEN - frame_len) : 0;
}

char *
sl_frame_dup_padding_note (gsize frame_len)
{
  guint padding = sl_frame_get_padding (frame_len);

  if (padding == 0)
    return NULL;

  /* Translators: the first %u is the frame's length, the second the number
   * of zero bytes a network card adds; 60 is fixed by Ethernet */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "This frame has %u bytes: on an Ethernet cable it is "
                                       "padded to 60 bytes by the network card, so a receiver "
                                       "there sees %u zero byte after the payload. Socket Lab "
                                       "does not pad it, and virtual interfaces (lo, veth) "
                                       "deliver it as it is.",
                                       "This frame has %u bytes: on an Ethernet cable it is "
                                       "padded to 60 bytes by the network card, so a receiver "
                                       "there sees %u zero bytes after the payload. Socket Lab "
                                       "does not pad it, and virtual interfaces (lo, veth) "
                                       "deliver it as it is.",
                                       padding),
                          (guint) frame_len, padding);
}

/* Showing ---------------------------------------------------------------- */

char *
sl_frame_format_payload (const guint8 *payload,
                         gsize         len,
                         gboolean     *is_text,
                         gsize        *n_padding)
{
  gsize text_len = len;

  g_return_val_if_fail (payload != NULL || len == 0, NULL);

  while (text_len > 0 && payload[text_len - 1] == 0)
    text_len--;

  if (text_len > 0 && g_utf8_validate_len ((const char *) payload, text_len, NULL))
    {
      if (is_text != NULL)
        *is_text = TRUE;
      if (n_padding != NULL)
        *n_padding = len - text_len;
      /* Control characters become \n, \t, \xHH: never raw into a label */
      return sl_payload_escape (payload, text_len);
    }

  if (is_text != NULL)
    *is_text = FALSE;
  if (n_padding != NULL)
    *n_padding = 0;
  return sl_payload_to_hex (payload, len);
}

/* The helper's errors ---------------------------------------------------- */

/* "… at most 1514 on eth0" → 1500 */
static guint
mtu_from_detail (const char *detail)
{
  const char *at_most = detail != NULL ? strstr (detail, "at most ") : NULL;
  guint64 frame_max;

  if (at_most == NULL)
    return 0;
  frame_max = g_ascii_strtoull (at_most + strlen ("at most "), NULL, 10);
  return frame_max > SL_FRAME_HEADER_LEN && frame_max < G_MAXUINT ? (guint) (frame_max - SL_FRAME_HEADER_LEN) : 0;
}

GError *
sl_frame_error_for_helper (const char *code,
                           const char *detail,
                           const char *interface)
{
  const char *name = interface != NULL ? interface : "?";

  g_return_val_if_fail (code != NULL, NULL);

  if (g_str_equal (code, "permission"))
    {
      g_autofree char *command = sl_capture_dup_setcap_command ();

      /* Translators: %s is a command such as "sudo setcap cap_net_raw,cap_net_admin=ep
       * /usr/libexec/socket-lab-helper" */
      return g_error_new (SL_ERROR, SL_ERROR_PERMISSION,
                          _("Sending and receiving raw frames needs a permission that the "
                            "helper program (socket-lab-helper) does not have yet. An "
                            "administrator gives it once with: %s. All other pages keep "
                            "working without it."),
                          command);
    }

  if (g_str_equal (code, "no-interface"))
    /* Translators: %s is an interface name such as eth0 */
    return g_error_new (SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                        _("This computer has no network interface named “%s” (any more). "
                          "Choose another interface in the list."),
                        name);

  if (g_str_equal (code, "interface-down"))
    /* Translators: %s is an interface name; `ip link set … up` is a command */
    return g_error_new (SL_ERROR, SL_ERROR_NETWORK_UNREACHABLE,
                        _("The interface %s is down, so no frame can leave or arrive through "
                          "it. Bring it up in Settings, or with “ip link set %s up”, "
                          "and try again."),
                        name, name);

  if (g_str_equal (code, "frame-too-large"))
    {
      guint mtu = mtu_from_detail (detail);

      if (mtu > 0)
        {
          g_autofree char *limit = sl_format_count (mtu);

          /* Translators: %s: an interface name, then a byte count */
          return g_error_new (SL_ERROR, SL_ERROR_TOO_LARGE,
                              _("The frame is larger than the MTU of %s: a frame there carries "
                                "at most %s bytes of payload. Make the payload shorter."),
                              name, limit);
        }
      return g_error_new (SL_ERROR, SL_ERROR_TOO_LARGE,
                          _("The frame is larger than the interface’s MTU allows. Make the "
                            "payload shorter."));
    }

  if (g_str_equal (code, "bad-frame"))
    return g_error_new (SL_ERROR, SL_ERROR_INVALID_HEX,
                        _("The helper program refused the frame as malformed, so it was not "
                          "sent. A frame needs at least the 14 bytes of its header."));

  if (g_str_equal (code, "bad-filter") || g_str_equal (code, "filter-too-long"))
    return g_error_new (SL_ERROR, SL_ERROR_FAILED,
                        _("The helper program refused the EtherType filter, so nothing is "
                          "received. Choose “All EtherTypes” and start again."));

  return g_error_new (SL_ERROR, SL_ERROR_FAILED,
                      _("The helper program stopped because of an error, so raw frames cannot "
                        "be sent or received now. Try again; if it keeps failing, ask your "
                        "teacher."));
}
