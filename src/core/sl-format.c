/* sl-format.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sl-format.h"

/* 1204224 → "1,204,224". Grouped by hand so that the figure reads the same
 * in every locale the app ships (en, ja, ko all group by thousands). */
char *
sl_format_count (guint64 n)
{
  char digits[32];
  GString *out = g_string_new (NULL);
  int len, i;

  len = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, n);
  for (i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

/* "127.0.0.1:55556", "[::1]:55556" */
char *
sl_format_host_port (const char *host,
                     guint16     port)
{
  if (host != NULL && strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);

  return g_strdup_printf ("%s:%u", host ? host : "", port);
}

char *
sl_format_socket_address (GSocketAddress *address)
{
  g_autofree char *host = NULL;
  GInetAddress *inet;
  guint16 port;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("?");

  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  host = g_inet_address_to_string (inet);

  /* An IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d;
   * students know it as a.b.c.d. */
  if (g_str_has_prefix (host, "::ffff:") && strchr (host + 7, '.') != NULL)
    return sl_format_host_port (host + 7, port);

  return sl_format_host_port (host, port);
}
