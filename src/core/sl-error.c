/* sl-error.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Turns GIO's errors into SL_ERROR errors that say, in a student's words,
 * what happened on the wire, why, and what to try next.
 *
 * GIO maps most errno values to a G_IO_ERROR code, but not all, and not the
 * same way in every GLib version: ECONNRESET and EPIPE both became
 * G_IO_ERROR_CONNECTION_CLOSED (== BROKEN_PIPE) in newer GLib and were
 * G_IO_ERROR_FAILED before; EADDRNOTAVAIL and EHOSTDOWN are still FAILED.
 * GIO puts g_strerror() of the errno into the message, so where the code is
 * ambiguous we look for that text. Pure functions, any thread.
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-error"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-error.h"
#include "sl-format.h"

G_DEFINE_QUARK (sl-error-quark, sl_error)

/* The text of @errnum as GIO wrote it into messages, in the current locale
 * and in English (in case the locale changed in between). */
static gboolean
message_has_errno (const GError *cause,
                   int           errnum,
                   const char   *english)
{
  const char *text;

  if (cause->message == NULL)
    return FALSE;

  text = g_strerror (errnum);
  if (text != NULL && *text != '\0' && strstr (cause->message, text) != NULL)
    return TRUE;

  return strstr (cause->message, english) != NULL;
}

static gboolean
is_reset (const GError *cause)
{
  return message_has_errno (cause, ECONNRESET, "Connection reset by peer");
}

static gboolean
is_broken_pipe (const GError *cause)
{
  return message_has_errno (cause, EPIPE, "Broken pipe");
}

static GError *
copy_if_cancelled (const GError *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (cause);

  return NULL;
}

/* "127.0.0.1:55556", or the host alone when there is no port (0). */
static char *
describe_endpoint (const char *host,
                   guint16     port)
{
  if (host == NULL || *host == '\0')
    host = "0.0.0.0";

  if (port == 0)
    return g_strdup (host);

  return sl_format_host_port (host, port);
}

GError *
sl_error_for_bind (const GError *cause,
                   const char   *address,
                   guint16       port)
{
  g_autofree char *where = NULL;
  const char *host = (address != NULL && *address != '\0') ? address : "0.0.0.0";
  GError *error;

  g_return_val_if_fail (cause != NULL, NULL);

  if ((error = copy_if_cancelled (cause)) != NULL)
    return error;

  where = describe_endpoint (host, port);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    {
      guint n_listening = 0, n_time_wait = 0, n_other = 0;

      sl_error_count_port_users (port, &n_listening, &n_time_wait, &n_other);

      if (n_listening > 0)
        return g_error_new (SL_ERROR, SL_ERROR_ADDRESS_IN_USE,
                            /* Translators: the first %u is a port number, %s an IP address */
                            _("Port %u on %s is already in use: another program is listening on it. "
                              "Stop that program, or choose another port."),
                            port, host);

      if (n_time_wait > 0 && n_other == 0)
        return g_error_new (SL_ERROR, SL_ERROR_TIME_WAIT,
                            /* Translators: the first %u is a port number, the second a count */
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Port %u is still in use by %u connection in TIME_WAIT from an earlier server; "
                                         "the system keeps it for about a minute after a close. "
                                         "Wait, or turn on “Reuse address” (SO_REUSEADDR); on Linux that helps only "
                                         "if the earlier server had it on too.",
                                         "Port %u is still in use by %u connections in TIME_WAIT from an earlier server; "
                                         "the system keeps them for about a minute after a close. "
                                         "Wait, or turn on “Reuse address” (SO_REUSEADDR); on Linux that helps only "
                                         "if the earlier server had it on too.",
                                         n_time_wait),
                            port, n_time_wait);

      if (n_other + n_time_wait > 0)
        return g_error_new (SL_ERROR, SL_ERROR_ADDRESS_IN_USE,
                            /* Translators: the first %u is a port number, the second a count */
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Port %u is still in use by %u connection of an earlier server. "
                                         "Close it, or turn on “Reuse address” (SO_REUSEADDR).",
                                         "Port %u is still in use by %u connections of an earlier server. "
                                         "Close them, or turn on “Reuse address” (SO_REUSEADDR).",
                                         n_other + n_time_wait),
                            port, n_other + n_time_wait);

      return g_error_new (SL_ERROR, SL_ERROR_ADDRESS_IN_USE,
                          /* Translators: %s is an address and port such as 127.0.0.1:55556 */
                          _("%s is already in use by another socket. Choose another port, or wait a moment and try again."),
                          where);
    }

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    {
      if (port > 0 && port < 1024)
        return g_error_new (SL_ERROR, SL_ERROR_PERMISSION,
                            /* Translators: both %u are port numbers */
                            _("Port %u needs administrator rights; ports below 1024 are reserved. Try %u."),
                            port, port + 8000u);

      return g_error_new (SL_ERROR, SL_ERROR_PERMISSION,
                          /* Translators: the first %s is an address and port, the second the system's reason */
                          _("This computer does not allow listening on %s (%s)."),
                          where, cause->message);
    }

  if (message_has_errno (cause, EADDRNOTAVAIL, "Cannot assign requested address"))
    return g_error_new (SL_ERROR, SL_ERROR_ADDRESS_NOT_LOCAL,
                        /* Translators: %s is an IP address */
                        _("%s is not an address of this computer, so a server cannot listen on it. "
                          "Choose one from the list."),
                        host);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    return g_error_new (SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                        /* Translators: the first %s is an address and port, the second the system's reason */
                        _("A server cannot listen on %s: %s"),
                        where, cause->message);

  return g_error_new (SL_ERROR, SL_ERROR_FAILED,
                      /* Translators: the first %s is an address and port, the second the system's reason */
                      _("Could not listen on %s: %s"),
                      where, cause->message);
}

GError *
sl_error_for_connect (const GError *cause,
                      const char   *host,
                      guint16       port,
                      guint         timeout_seconds)
{
  g_autofree char *where = NULL;
  GError *error;

  g_return_val_if_fail (cause != NULL, NULL);

  if ((error = copy_if_cancelled (cause)) != NULL)
    return error;

  if (cause->domain == G_RESOLVER_ERROR ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    return sl_error_for_resolve (cause, host);

  where = describe_endpoint (host, port);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (SL_ERROR, SL_ERROR_REFUSED,
                        /* Translators: %s is an address and port such as 127.0.0.1:55556 */
                        _("Nothing is listening on %s — the other side answered with a reset (RST). "
                          "Start the server first, or check the port."),
                        where);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      if (timeout_seconds == 0)
        return g_error_new (SL_ERROR, SL_ERROR_TIMED_OUT,
                            /* Translators: %s is an address and port */
                            _("No answer from %s: the connection attempt timed out. "
                              "The computer may be off, a firewall may drop the packets, or the address may be wrong."),
                            where);

      return g_error_new (SL_ERROR, SL_ERROR_TIMED_OUT,
                          /* Translators: %s is an address and port, %u a number of seconds */
                          g_dngettext (GETTEXT_PACKAGE,
                                       "No answer from %s within %u second. "
                                       "The computer may be off, a firewall may drop the packets, or the address may be wrong.",
                                       "No answer from %s within %u seconds. "
                                       "The computer may be off, a firewall may drop the packets, or the address may be wrong.",
                                       timeout_seconds),
                          where, timeout_seconds);
    }

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      message_has_errno (cause, EHOSTDOWN, "Host is down"))
    return g_error_new (SL_ERROR, SL_ERROR_HOST_UNREACHABLE,
                        /* Translators: %s is an address and port */
                        _("%s cannot be reached: no computer answered for this address (no route to host). "
                          "Check the address, and that the computer is on and on the same network."),
                        where);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    return g_error_new (SL_ERROR, SL_ERROR_NETWORK_UNREACHABLE,
                        /* Translators: %s is an address and port */
                        _("The network of %s cannot be reached from this computer (network is unreachable). "
                          "Check the address and this computer's network connection and routes."),
                        where);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return g_error_new (SL_ERROR, SL_ERROR_PERMISSION,
                        /* Translators: %s is an address and port */
                        _("This computer does not allow connecting to %s; a firewall rule may block it, "
                          "or it is a broadcast address."),
                        where);

  if (is_reset (cause))
    return g_error_new (SL_ERROR, SL_ERROR_RESET,
                        /* Translators: %s is an address and port */
                        _("The connection to %s was reset (RST) while it was being set up. Try again."),
                        where);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    return g_error_new (SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                        /* Translators: the first %s is an address and port, the second the system's reason */
                        _("Cannot connect to %s: %s"),
                        where, cause->message);

  return g_error_new (SL_ERROR, SL_ERROR_FAILED,
                      /* Translators: the first %s is an address and port, the second the system's reason */
                      _("Could not connect to %s: %s"),
                      where, cause->message);
}

GError *
sl_error_for_resolve (const GError *cause,
                      const char   *host)
{
  GError *error;

  g_return_val_if_fail (cause != NULL, NULL);

  if ((error = copy_if_cancelled (cause)) != NULL)
    return error;

  if (host == NULL)
    host = "";

  if (g_error_matches (cause, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    return g_error_new (SL_ERROR, SL_ERROR_NAME_NOT_FOUND,
                        /* Translators: %s is a host name as the student typed it */
                        _("“%s” could not be found: the name does not resolve to an address. "
                          "Check the spelling, or type an IP address such as 127.0.0.1."),
                        host);

  if (g_error_matches (cause, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE))
    return g_error_new (SL_ERROR, SL_ERROR_NAME_NOT_FOUND,
                        /* Translators: %s is a host name as the student typed it */
                        _("“%s” could not be looked up right now: no name server answered. "
                          "Check this computer's network connection, or type an IP address instead."),
                        host);

  return g_error_new (SL_ERROR, SL_ERROR_FAILED,
                      /* Translators: the first %s is a host name, the second the system's reason */
                      _("Could not look up “%s”: %s"),
                      host, cause->message);
}

GError *
sl_error_for_io (const GError *cause,
                 const char   *peer,
                 gboolean      sending)
{
  GError *error;

  g_return_val_if_fail (cause != NULL, NULL);

  if ((error = copy_if_cancelled (cause)) != NULL)
    return error;

  if (peer == NULL || *peer == '\0')
    /* Translators: stands for the peer's address when it is not known */
    peer = C_("peer", "the other side");

  /* ECONNRESET: newer GLib says CONNECTION_CLOSED, older FAILED; the text
   * tells it apart from EPIPE, which shares the code. */
  if (is_reset (cause))
    return g_error_new (SL_ERROR, SL_ERROR_RESET,
                        /* Translators: %s is an address and port */
                        _("The connection was reset by %s (RST): it was closed abruptly instead of with FIN, "
                          "and data that was still on its way is lost. Connect again to continue."),
                        peer);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
      is_broken_pipe (cause))
    {
      if (sending)
        return g_error_new (SL_ERROR, SL_ERROR_BROKEN_PIPE,
                            /* Translators: %s is an address and port */
                            _("%s went away while data was being sent (broken pipe): it had already closed "
                              "the connection. Connect again to send more."),
                            peer);

      return g_error_new (SL_ERROR, SL_ERROR_BROKEN_PIPE,
                          /* Translators: %s is an address and port */
                          _("The connection to %s was closed by the other side. Connect again to continue."),
                          peer);
    }

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CLOSED))
    return g_error_new (SL_ERROR, SL_ERROR_NOT_CONNECTED,
                        /* Translators: %s is an address and port */
                        _("The connection to %s is not open any more. Connect again first."),
                        peer);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (SL_ERROR, SL_ERROR_TIMED_OUT,
                        /* Translators: %s is an address and port */
                        _("%s stopped answering: the data was sent again and again without an acknowledgement "
                          "(ACK), so the system gave up on the connection."),
                        peer);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return g_error_new (SL_ERROR, SL_ERROR_HOST_UNREACHABLE,
                        /* Translators: %s is an address and port */
                        _("%s cannot be reached any more (no route to host). Check that it is still on the network."),
                        peer);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    return g_error_new (SL_ERROR, SL_ERROR_NETWORK_UNREACHABLE,
                        /* Translators: %s is an address and port */
                        _("The network of %s cannot be reached any more (network is unreachable). "
                          "Check this computer's network connection."),
                        peer);

  if (sending)
    return g_error_new (SL_ERROR, SL_ERROR_FAILED,
                        /* Translators: the first %s is an address and port, the second the system's reason */
                        _("Sending to %s failed: %s"),
                        peer, cause->message);

  return g_error_new (SL_ERROR, SL_ERROR_FAILED,
                      /* Translators: the first %s is an address and port, the second the system's reason */
                      _("Receiving from %s failed: %s"),
                      peer, cause->message);
}

/* /proc/net/tcp lines look like
 *   "  0: 0100007F:D904 00000000:0000 0A 00000000:00000000 …"
 * with the local port in hex after the colon and the state in hex. */
static void
count_in_file (const char *path,
               guint16     port,
               guint      *n_listening,
               guint      *n_time_wait,
               guint      *n_other)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint i;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return;

  lines = g_strsplit (contents, "\n", -1);

  /* The first line is the header */
  for (i = 1; lines[0] != NULL && lines[i] != NULL; i++)
    {
      unsigned int local_port, state;

      if (sscanf (lines[i], " %*u: %*[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%*x %x",
                  &local_port, &state) != 2)
        continue;

      if (local_port != port)
        continue;

      if (state == 0x0A)
        (*n_listening)++;
      else if (state == 0x06)
        (*n_time_wait)++;
      else
        (*n_other)++;
    }
}

void
sl_error_count_port_users (guint16  port,
                           guint   *n_listening,
                           guint   *n_time_wait,
                           guint   *n_other)
{
  guint listening = 0, time_wait = 0, other = 0;

  count_in_file ("/proc/net/tcp", port, &listening, &time_wait, &other);
  count_in_file ("/proc/net/tcp6", port, &listening, &time_wait, &other);

  if (n_listening != NULL)
    *n_listening = listening;
  if (n_time_wait != NULL)
    *n_time_wait = time_wait;
  if (n_other != NULL)
    *n_other = other;
}
