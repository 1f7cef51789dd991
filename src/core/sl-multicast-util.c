/* sl-multicast-util.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the multicast page needs besides the chat socket itself: checking a
 * group, a word on its scope, the multicast-capable interfaces (and the
 * one a chat joins on when none is chosen) and the groups this computer
 * has joined (/proc/net/igmp and igmp6).
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-multicast"

#include <glib/gi18n-lib.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <string.h>

#include "sl-error.h"
#include "sl-multicast-chat-private.h"

gboolean
sl_chat_format_from_string (const char   *text,
                            SlChatFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (g_strcmp0 (text, "mcc") == 0)
    *format = SL_CHAT_FORMAT_MCC;
  else if (g_strcmp0 (text, "text") == 0)
    *format = SL_CHAT_FORMAT_TEXT;
  else
    return FALSE;

  return TRUE;
}

const char *
sl_chat_format_to_string (SlChatFormat format)
{
  return format == SL_CHAT_FORMAT_TEXT ? "text" : "mcc";
}

void
sl_chat_message_free (SlChatMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->sender);
  g_free (message->name);
  g_free (message->text);
  g_free (message->problem);
  g_free (message);
}

gboolean
sl_multicast_group_check (const char  *group,
                          gboolean    *is_ipv6,
                          GError     **error)
{
  g_autoptr(GInetAddress) address = NULL;

  g_return_val_if_fail (group != NULL, FALSE);

  address = g_inet_address_new_from_string (group);
  if (address == NULL || !g_inet_address_get_is_multicast (address))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                   _("“%s” is not a multicast group: use an IPv4 address from 224.0.0.0 to 239.255.255.255, such as 225.0.0.250, or an IPv6 address starting with ff, such as ff15::1"),
                   group);
      return FALSE;
    }

  if (is_ipv6 != NULL)
    *is_ipv6 = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6;

  return TRUE;
}

char *
sl_multicast_group_describe_scope (const char *group)
{
  g_autoptr(GInetAddress) address = NULL;
  const guint8 *bytes;

  address = group != NULL ? g_inet_address_new_from_string (group) : NULL;
  if (address == NULL || !g_inet_address_get_is_multicast (address))
    return g_strdup (_("Not a multicast group yet."));

  bytes = g_inet_address_to_bytes (address);

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    {
      guint scope = bytes[1] & 0x0f;
      gboolean transient = (bytes[1] & 0x10) != 0;
      const char *text;

      switch (scope)
        {
        case 0x1:
          text = _("Interface-local scope (ff?1): never leaves this computer.");
          break;
        case 0x2:
          text = _("Link-local scope (ff?2): only this network segment; routers never forward it.");
          break;
        case 0x4:
          text = _("Admin-local scope (ff?4): as far as the administrator configures.");
          break;
        case 0x5:
          text = transient
            ? _("Site-local scope, temporary group (ff15): this site only; the course’s chat uses it.")
            : _("Site-local scope (ff05): this site only.");
          break;
        case 0x8:
          text = _("Organization-local scope (ff?8): the whole organization.");
          break;
        case 0xe:
          text = _("Global scope (ff?e): could cross the Internet; keep the hop limit at 1 in class.");
          break;
        default:
          text = _("Reserved or unassigned scope: choose ff02, ff05 or ff15 instead.");
          break;
        }
      return g_strdup (text);
    }

  if (bytes[0] == 224 && bytes[1] == 0 && bytes[2] == 0)
    return g_strdup (_("Local network control block (224.0.0.x): only this network segment, whatever the TTL."));
  if (bytes[0] == 239)
    return g_strdup (_("Administratively scoped (239.x.x.x): for an organization’s own use."));
  if (bytes[0] == 232)
    return g_strdup (_("Source-specific multicast (232.x.x.x): needs a sender named in the join."));

  return g_strdup (_("IPv4 multicast: the TTL limits how many routers it may cross; 1 keeps it on this network segment."));
}

static int
compare_interfaces (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  GHashTable *loopbacks = user_data;
  /* g_ptr_array_sort_with_data() passes pointers to the elements */
  const char *name_a = *(const char * const *) a;
  const char *name_b = *(const char * const *) b;
  gboolean lo_a = g_hash_table_contains (loopbacks, name_a);
  gboolean lo_b = g_hash_table_contains (loopbacks, name_b);

  if (lo_a != lo_b)
    return lo_a ? 1 : -1;
  return strcmp (name_a, name_b);
}

char **
sl_multicast_list_interfaces (void)
{
  struct ifaddrs *list = NULL, *ifa;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) loopbacks = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  char **result;
  guint i;

  if (getifaddrs (&list) != 0)
    return g_new0 (char *, 1);

  for (ifa = list; ifa != NULL; ifa = ifa->ifa_next)
    {
      char *name;

      if ((ifa->ifa_flags & IFF_UP) == 0)
        continue;
      /* Linux lets lo join groups although it has no IFF_MULTICAST */
      if ((ifa->ifa_flags & (IFF_MULTICAST | IFF_LOOPBACK)) == 0)
        continue;
      if (g_hash_table_contains (seen, ifa->ifa_name))
        continue;

      name = g_strdup (ifa->ifa_name);
      g_hash_table_add (seen, name);
      if (ifa->ifa_flags & IFF_LOOPBACK)
        g_hash_table_add (loopbacks, name);
      g_ptr_array_add (names, name);
    }
  freeifaddrs (list);

  g_ptr_array_sort_with_data (names, compare_interfaces, loopbacks);
  result = g_new0 (char *, names->len + 1);
  for (i = 0; i < names->len; i++)
    result[i] = g_strdup (g_ptr_array_index (names, i));

  return result;
}

static gboolean
get_interface_flags (const char *name,
                     guint      *flags)
{
  struct ifaddrs *list = NULL, *ifa;
  gboolean found = FALSE;

  if (getifaddrs (&list) != 0)
    return FALSE;
  for (ifa = list; ifa != NULL; ifa = ifa->ifa_next)
    if (g_strcmp0 (ifa->ifa_name, name) == 0)
      {
        *flags = ifa->ifa_flags;
        found = TRUE;
        break;
      }
  freeifaddrs (list);

  return found;
}

guint
sl_multicast_choose_interface (const char     *interface,
                               GSocketFamily   family,
                               char          **chosen,
                               GError        **error)
{
  guint flags = 0;
  guint index;

  if (interface == NULL && family == G_SOCKET_FAMILY_IPV6)
    {
      g_auto(GStrv) names = sl_multicast_list_interfaces ();
      guint i;

      /* the system would choose by the route to the group, but there is
       * rarely one for ff15::/16; a non-loopback interface works */
      for (i = 0; names[i] != NULL; i++)
        if (get_interface_flags (names[i], &flags) && (flags & IFF_LOOPBACK) == 0 &&
            (flags & IFF_MULTICAST) != 0 && (index = if_nametoindex (names[i])) != 0)
          {
            *chosen = g_strdup (names[i]);
            return index;
          }

      g_set_error_literal (error, SL_ERROR, SL_ERROR_NETWORK_UNREACHABLE,
                           _("IPv6 multicast needs a network interface other than the loopback interface lo, and none is up. Connect to a network, or use an IPv4 group such as 225.0.0.250 on lo to chat on this computer alone."));
      return 0;
    }

  if (interface == NULL)
    return 0;

  index = if_nametoindex (interface);
  if (index == 0 || !get_interface_flags (interface, &flags))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                   /* Translators: %s is an interface name such as eth0 */
                   _("This computer has no interface called “%s”; choose one from the list."),
                   interface);
      return 0;
    }
  if ((flags & IFF_UP) == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NETWORK_UNREACHABLE,
                   /* Translators: %s is an interface name such as eth0 */
                   _("The interface %s is down; bring it up or choose another one."),
                   interface);
      return 0;
    }
  if ((flags & IFF_LOOPBACK) != 0 && family == G_SOCKET_FAMILY_IPV6)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NETWORK_UNREACHABLE,
                   /* Translators: %s is the loopback interface, lo */
                   _("IPv6 multicast does not work on the loopback interface %s on Linux: it can join the group but has no route to send to it. Choose another interface, or use an IPv4 group such as 225.0.0.250 on lo to chat on this computer alone."),
                   interface);
      return 0;
    }
  /* Linux lets lo carry IPv4 multicast although it has no IFF_MULTICAST */
  if ((flags & (IFF_MULTICAST | IFF_LOOPBACK)) == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_NETWORK_UNREACHABLE,
                   /* Translators: %s is an interface name such as wg0 */
                   _("The interface %s cannot send multicast (it does not have the MULTICAST flag, as is usual for tunnels and VPNs); choose another one."),
                   interface);
      return 0;
    }

  *chosen = g_strdup (interface);
  return index;
}

/* /proc/net/igmp: "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter"
 * then per device a line "1\tlo        :     1      V3" followed by lines
 * "\t\t\t\tE00000FB     1 0:00000000\t\t0" (group in host byte order hex,
 * little-endian on x86: read it as a number and print it big-end first). */
static void
read_igmp (GPtrArray *out)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *device = NULL;
  guint i;

  if (!g_file_get_contents ("/proc/net/igmp", &contents, NULL, NULL))
    return;

  lines = g_strsplit (contents, "\n", -1);
  for (i = 1; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (line[0] != '\t' && line[0] != '\0')
        {
          g_auto(GStrv) fields = g_strsplit_set (line, " \t:", -1);
          guint j;

          g_clear_pointer (&device, g_free);
          for (j = 1; fields[j] != NULL; j++)
            if (fields[j][0] != '\0')
              {
                device = g_strdup (fields[j]);
                break;
              }
        }
      else if (line[0] == '\t' && device != NULL)
        {
          const char *hex = line + strspn (line, "\t ");
          guint64 value;
          guint32 host;
          guint8 bytes[4];
          g_autoptr(GInetAddress) address = NULL;
          g_autofree char *text = NULL;
          char group[9];

          if (strlen (hex) < 8)
            continue;
          memcpy (group, hex, 8);
          group[8] = '\0';
          if (!g_ascii_string_to_unsigned (group, 16, 0, G_MAXUINT32, &value, NULL))
            continue;
          /* the kernel prints the __be32 as a host-order number */
          host = (guint32) value;
          memcpy (bytes, &host, 4);
          address = g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV4);
          text = g_inet_address_to_string (address);
          g_ptr_array_add (out, g_strdup_printf ("%s\t%s", device, text));
        }
    }
}

/* /proc/net/igmp6: "1    lo              ff020000000000000000000000000001     1 0000000C 0" */
static void
read_igmp6 (GPtrArray *out)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint i;

  if (!g_file_get_contents ("/proc/net/igmp6", &contents, NULL, NULL))
    return;

  lines = g_strsplit (contents, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " \t", -1);
      const char *parts[3] = { NULL, NULL, NULL };
      guint j, n = 0;
      guint8 bytes[16];
      g_autoptr(GInetAddress) address = NULL;
      g_autofree char *text = NULL;

      for (j = 0; fields[j] != NULL && n < 3; j++)
        if (fields[j][0] != '\0')
          parts[n++] = fields[j];
      if (n < 3 || strlen (parts[2]) != 32)
        continue;

      for (j = 0; j < 16; j++)
        {
          int high = g_ascii_xdigit_value (parts[2][2 * j]);
          int low = g_ascii_xdigit_value (parts[2][2 * j + 1]);

          if (high < 0 || low < 0)
            break;
          bytes[j] = (guint8) (high << 4 | low);
        }
      if (j < 16)
        continue;

      address = g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV6);
      text = g_inet_address_to_string (address);
      g_ptr_array_add (out, g_strdup_printf ("%s\t%s", parts[1], text));
    }
}

char **
sl_multicast_list_memberships (void)
{
  GPtrArray *out = g_ptr_array_new ();

  read_igmp (out);
  read_igmp6 (out);
  g_ptr_array_add (out, NULL);

  return (char **) g_ptr_array_free (out, FALSE);
}
