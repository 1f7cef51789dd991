/* sl-launch-options.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "sl-launch-options"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-error.h"
#include "sl-launch-options.h"

/* Only the pages that exist in this version; --page refuses the others. */
const char * const sl_launch_pages[] = {
  "tcp-server",
  "tcp-client",
  NULL
};

typedef struct
{
  char **tcp_servers;
  char *reply;
  char *tcp_client;
  char *page;
  gboolean capture;
  gboolean version;
  gboolean help;
} RawOptions;

static GOptionContext *
create_context (RawOptions *raw)
{
  const GOptionEntry entries[] = {
    { "tcp-server", 0, 0, G_OPTION_ARG_STRING_ARRAY, &raw->tcp_servers,
      N_("Start a TCP server listener (repeatable)"), N_("[ADDR:]PORT") },
    { "reply", 0, 0, G_OPTION_ARG_STRING, &raw->reply,
      N_("How the servers started here answer: none | echo | ack | text:TEXT | timestamp | number-game"),
      N_("MODE") },
    { "tcp-client", 0, 0, G_OPTION_ARG_STRING, &raw->tcp_client,
      N_("Connect the TCP client"), N_("HOST:PORT") },
    { "page", 0, 0, G_OPTION_ARG_STRING, &raw->page,
      N_("Page to show: tcp-server tcp-client"), N_("PAGE") },
    { "capture", 0, 0, G_OPTION_ARG_NONE, &raw->capture,
      N_("Start capturing packets at launch"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &raw->version,
      N_("Show the version and quit"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &raw->help,
      N_("Show this help and quit"), NULL },
    { NULL }
  };
  GOptionContext *context;

  context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Socket Lab: socket programming, one click at a time. "
                                  "A missing ADDR means 127.0.0.1, so nothing is reachable "
                                  "from the network unless you choose it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

static void
raw_options_clear (RawOptions *raw)
{
  g_clear_pointer (&raw->tcp_servers, g_strfreev);
  g_clear_pointer (&raw->reply, g_free);
  g_clear_pointer (&raw->tcp_client, g_free);
  g_clear_pointer (&raw->page, g_free);
}

char *
sl_launch_options_get_help (void)
{
  RawOptions raw = { 0 };
  GOptionContext *context = create_context (&raw);
  char *help = g_option_context_get_help (context, TRUE, NULL);

  g_option_context_free (context);
  return help;
}

void
sl_endpoint_clear (SlEndpoint *endpoint)
{
  g_clear_pointer (&endpoint->host, g_free);
  endpoint->port = 0;
}

static gboolean
parse_port (const char  *text,
            guint16     *port,
            GError     **error)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 0, 65535, &value, NULL))
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_PORT,
                   _("“%s” is not a port number: use a number from 0 to 65535"), text);
      return FALSE;
    }

  *port = (guint16) value;
  return TRUE;
}

gboolean
sl_endpoint_parse (const char  *text,
                   const char  *default_host,
                   gboolean     host_required,
                   SlEndpoint  *out,
                   GError     **error)
{
  g_autofree char *host = NULL;
  const char *port_text;
  guint16 port;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');

      if (close == NULL || close[1] != ':')
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                       _("“%s” is not an address and port: write an IPv6 address as [::1]:55556"),
                       text);
          return FALSE;
        }
      host = g_strndup (text + 1, close - text - 1);
      port_text = close + 2;
    }
  else
    {
      const char *colon = strrchr (text, ':');

      if (colon != NULL && strchr (text, ':') != colon)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                       _("“%s” is not an address and port: write an IPv6 address as [::1]:55556"),
                       text);
          return FALSE;
        }

      if (colon != NULL)
        {
          host = g_strndup (text, colon - text);
          port_text = colon + 1;
        }
      else
        {
          port_text = text;
        }
    }

  if (host != NULL && *host == '\0')
    g_clear_pointer (&host, g_free);

  if (host == NULL)
    {
      if (host_required || default_host == NULL)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                       _("“%s” needs a host and a port, such as 127.0.0.1:55556"), text);
          return FALSE;
        }
      host = g_strdup (default_host);
    }

  if (!parse_port (port_text, &port, error))
    return FALSE;

  out->host = g_steal_pointer (&host);
  out->port = port;
  return TRUE;
}

void
sl_launch_options_free (SlLaunchOptions *options)
{
  if (options == NULL)
    return;

  g_clear_pointer (&options->tcp_servers, g_array_unref);
  g_clear_pointer (&options->reply, sl_reply_config_free);
  if (options->tcp_client != NULL)
    {
      sl_endpoint_clear (options->tcp_client);
      g_free (options->tcp_client);
    }
  g_free (options->page);
  g_free (options);
}

/* Parses a copy of @argv (argv[0] is the program). --help is reported as
 * a G_OPTION_ERROR_FAILED-free success with options->version unset and
 * is handled by the caller through sl_launch_options_get_help(). */
SlLaunchOptions *
sl_launch_options_parse (char   **argv,
                         GError **error)
{
  g_autoptr(SlLaunchOptions) options = g_new0 (SlLaunchOptions, 1);
  RawOptions raw = { 0 };
  GOptionContext *context;
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(GError) local_error = NULL;
  gboolean ok;
  guint i;

  options->tcp_servers = g_array_new (FALSE, TRUE, sizeof (SlEndpoint));
  g_array_set_clear_func (options->tcp_servers, (GDestroyNotify) sl_endpoint_clear);

  context = create_context (&raw);
  ok = g_option_context_parse_strv (context, &args, &local_error);
  g_option_context_free (context);

  if (!ok)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_OPTION, "%s", local_error->message);
      raw_options_clear (&raw);
      return NULL;
    }

  if (args != NULL && args[0] != NULL && args[1] != NULL)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_OPTION,
                   _("Unexpected argument “%s”; see --help"), args[1]);
      raw_options_clear (&raw);
      return NULL;
    }

  options->version = raw.version;
  if (raw.help)
    {
      raw_options_clear (&raw);
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "help");
      return NULL;
    }

  for (i = 0; raw.tcp_servers != NULL && raw.tcp_servers[i] != NULL; i++)
    {
      SlEndpoint endpoint = { 0 };

      if (!sl_endpoint_parse (raw.tcp_servers[i], "127.0.0.1", FALSE, &endpoint, error))
        {
          g_prefix_error (error, "--tcp-server: ");
          raw_options_clear (&raw);
          return NULL;
        }

      if (!g_hostname_is_ip_address (endpoint.host))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                       _("--tcp-server: “%s” is not an IP address; a server listens on one of this computer’s addresses, such as 127.0.0.1 or 0.0.0.0"),
                       endpoint.host);
          sl_endpoint_clear (&endpoint);
          raw_options_clear (&raw);
          return NULL;
        }

      g_array_append_val (options->tcp_servers, endpoint);
    }

  if (raw.reply != NULL)
    {
      options->reply = sl_reply_config_parse (raw.reply, error);
      if (options->reply == NULL)
        {
          g_prefix_error (error, "--reply: ");
          raw_options_clear (&raw);
          return NULL;
        }
    }

  if (raw.tcp_client != NULL)
    {
      options->tcp_client = g_new0 (SlEndpoint, 1);
      if (!sl_endpoint_parse (raw.tcp_client, NULL, TRUE, options->tcp_client, error))
        {
          g_prefix_error (error, "--tcp-client: ");
          raw_options_clear (&raw);
          return NULL;
        }
      if (options->tcp_client->port == 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_PORT,
                       _("--tcp-client: port 0 cannot be connected to; use the server’s port"));
          raw_options_clear (&raw);
          return NULL;
        }
    }

  if (raw.page != NULL)
    {
      if (!g_strv_contains (sl_launch_pages, raw.page))
        {
          g_autofree char *pages = g_strjoinv (" ", (char **) sl_launch_pages);

          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_OPTION,
                       _("--page: unknown page “%s”; the pages are: %s"), raw.page, pages);
          raw_options_clear (&raw);
          return NULL;
        }
      options->page = g_strdup (raw.page);
    }

  options->capture = raw.capture;
  raw_options_clear (&raw);

  return g_steal_pointer (&options);
}
