/* sl-frame.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Raw Ethernet frames as the courses build them: destination MAC, source
 * MAC, EtherType, payload. Pure functions: parsing what a student types,
 * building the frame, checking it against the interface's MTU, and
 * showing a received frame's fields. No I/O. */

#define SL_FRAME_HEADER_LEN   14
/* The shortest frame on an Ethernet cable, without the 4-byte FCS */
#define SL_FRAME_MIN_LEN      60
#define SL_FRAME_DEFAULT_MTU  1500
/* The helper reads commands of at most 8192 bytes, and a frame travels as
 * hex in one: `send IFNAME HEX`. Larger MTUs (lo has 65536) are capped. */
#define SL_FRAME_MAX_PAYLOAD  4000

#define SL_ETHERTYPE_IPV4     0x0800
#define SL_ETHERTYPE_ARP      0x0806
#define SL_ETHERTYPE_VLAN     0x8100
#define SL_ETHERTYPE_IPV6     0x86DD
#define SL_ETHERTYPE_LOCAL1   0x88B5  /* IEEE 802 "local experimental" */
#define SL_ETHERTYPE_LOCAL2   0x88B6
/* Smaller values in the type field are 802.3 lengths, not types */
#define SL_ETHERTYPE_MIN      0x0600

/* "aa:bb:cc:dd:ee:ff", "AA-BB-CC-DD-EE-FF", "aabb.ccdd.eeff" or
 * "aabbccddeeff" (surrounding spaces ignored) → 6 bytes. Anything else:
 * SL_ERROR_INVALID_ADDRESS with a message that shows the forms. */
gboolean    sl_frame_parse_mac          (const char    *text,
                                         guint8         mac[6],
                                         GError       **error);
/* "aa:bb:cc:dd:ee:ff" */
char       *sl_frame_format_mac         (const guint8  *mac);
gboolean    sl_frame_mac_is_broadcast   (const guint8  *mac);

/* "0x0800", "0800" (four digits with a leading zero or a letter A–F are
 * hex), "2048" (other plain numbers are decimal), or a name: "IPv4",
 * "ARP", "IPv6", "VLAN" (case does not matter). Values below 0x0600 are
 * 802.3 lengths and refused. Errors: SL_ERROR_INVALID_OPTION. */
gboolean    sl_frame_parse_ethertype    (const char    *text,
                                         guint16       *ethertype,
                                         GError       **error);
/* "IPv4", "ARP", "IPv6", "VLAN 802.1Q", "Local experiment 1"…
 * (translated), or NULL when the value has no common name */
const char *sl_frame_ethertype_name     (guint16        ethertype);
/* "0x0800", with the name when it has one: "0x0800 (IPv4)" */
char       *sl_frame_format_ethertype   (guint16        ethertype,
                                         gboolean       with_name);

/* dst + src + type + payload. A payload over @mtu bytes (or over
 * SL_FRAME_MAX_PAYLOAD) is refused (SL_ERROR_TOO_LARGE) with the reason; @interface names the interface in
 * that message and may be NULL. Short frames are NOT padded: see
 * sl_frame_dup_padding_note(). */
GBytes     *sl_frame_build              (const guint8  *destination,
                                         const guint8  *source,
                                         guint16        ethertype,
                                         GBytes        *payload,
                                         guint          mtu,
                                         const char    *interface,
                                         GError       **error);
/* Zero bytes a network card adds to a frame of @frame_len bytes (without
 * FCS) on an Ethernet cable, 0 for 60 bytes or more */
guint       sl_frame_get_padding        (gsize          frame_len);
/* What the student should know about that padding, or NULL when the
 * frame needs none */
char       *sl_frame_dup_padding_note   (gsize          frame_len);

/* A received frame's payload as the list shows it: the text when it is
 * UTF-8 (zero bytes at the end, a card's padding, are left out and
 * counted in @n_padding), else hex. @is_text says which. */
char       *sl_frame_format_payload     (const guint8  *payload,
                                         gsize          len,
                                         gboolean      *is_text,
                                         gsize         *n_padding);

/* The helper's `error CODE MESSAGE` for a send or a start, in the
 * student's words (SL_ERROR). @interface: the interface it was about. */
GError     *sl_frame_error_for_helper   (const char    *code,
                                         const char    *detail,
                                         const char    *interface);

G_END_DECLS
