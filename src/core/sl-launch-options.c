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
#include <net/if.h>
#include <string.h>

#include "sl-error.h"
#include "sl-launch-options.h"

/* Only the pages that exist in this version; --page refuses the others. */
const char * const sl_launch_pages[] = {
  "tcp-server",
  "tcp-client",
  "udp",
  "multicast",
  "http",
  "frames",
  "network",
  NULL
};

typedef struct
{
  char **tcp_servers;
  char *reply;
  char *tcp_client;
  char *udp;
  char *multicast;
  char *interface;
  char *chat_format;
  char *name;
  char *http;
  char *root;
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
    { "udp", 0, 0, G_OPTION_ARG_STRING, &raw->udp,
      N_("Bind the UDP socket"), N_("[ADDR:]PORT") },
    { "multicast", 0, 0, G_OPTION_ARG_STRING, &raw->multicast,
      N_("Join a multicast group (default port 8123)"), N_("GROUP[:PORT]") },
    { "interface", 0, 0, G_OPTION_ARG_STRING, &raw->interface,
      N_("Interface for multicast and raw frames"), N_("NAME") },
    { "chat-format", 0, 0, G_OPTION_ARG_STRING, &raw->chat_format,
      N_("Multicast message format (default mcc)"), N_("mcc|text") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &raw->name,
      N_("Chat name"), N_("NAME") },
    { "http", 0, 0, G_OPTION_ARG_STRING, &raw->http,
      N_("Start the HTTP server"), N_("[ADDR:]PORT") },
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &raw->root,
      N_("HTTP document root (default: the built-in sample site)"), N_("DIR") },
    { "page", 0, 0, G_OPTION_ARG_STRING, &raw->page,
      N_("Page to show: tcp-server tcp-client udp multicast http frames network"), N_("PAGE") },
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
  g_clear_pointer (&raw->udp, g_free);
  g_clear_pointer (&raw->multicast, g_free);
  g_clear_pointer (&raw->interface, g_free);
  g_clear_pointer (&raw->chat_format, g_free);
  g_clear_pointer (&raw->name, g_free);
  g_clear_pointer (&raw->http, g_free);
  g_clear_pointer (&raw->root, g_free);
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

static void
endpoint_free (SlEndpoint *endpoint)
{
  if (endpoint == NULL)
    return;
  sl_endpoint_clear (endpoint);
  g_free (endpoint);
}

void
sl_launch_options_free (SlLaunchOptions *options)
{
  if (options == NULL)
    return;

  g_clear_pointer (&options->udp, endpoint_free);
  g_clear_pointer (&options->multicast, endpoint_free);
  g_clear_pointer (&options->http, endpoint_free);
  g_free (options->interface);
  g_free (options->name);
  g_free (options->root);

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
/* A server's "[ADDR:]PORT": ADDR must be one of this computer's IP addresses */
static SlEndpoint *
parse_server_endpoint (const char  *option,
                       const char  *text,
                       GError     **error)
{
  SlEndpoint *endpoint = g_new0 (SlEndpoint, 1);

  if (!sl_endpoint_parse (text, "127.0.0.1", FALSE, endpoint, error))
    {
      g_prefix_error (error, "%s: ", option);
      endpoint_free (endpoint);
      return NULL;
    }

  if (!g_hostname_is_ip_address (endpoint->host))
    {
      /* Translators: the first %s is an option such as --udp */
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS,
                   _("%s: “%s” is not an IP address; use one of this computer’s addresses, such as 127.0.0.1 or 0.0.0.0"),
                   option, endpoint->host);
      endpoint_free (endpoint);
      return NULL;
    }

  return endpoint;
}

/* "GROUP[:PORT]": "225.0.0.250", "225.0.0.250:8123", "ff15::1",
 * "[ff15::1]:8123" */
static SlEndpoint *
parse_multicast (const char  *text,
                 GError     **error)
{
  SlEndpoint *endpoint = g_new0 (SlEndpoint, 1);
  const char *first_colon = strchr (text, ':');
  gboolean is_ipv6;

  if (text[0] != '[' && first_colon != NULL && strchr (first_colon + 1, ':') != NULL)
    {
      /* a bare IPv6 group, no port */
      endpoint->host = g_strdup (text);
      endpoint->port = SL_MULTICAST_DEFAULT_PORT;
    }
  else if (text[0] == '[' || first_colon != NULL)
    {
      if (!sl_endpoint_parse (text, NULL, TRUE, endpoint, error))
        {
          g_prefix_error (error, "--multicast: ");
          endpoint_free (endpoint);
          return NULL;
        }
    }
  else
    {
      endpoint->host = g_strdup (text);
      endpoint->port = SL_MULTICAST_DEFAULT_PORT;
    }

  if (!sl_multicast_group_check (endpoint->host, &is_ipv6, error))
    {
      g_prefix_error (error, "--multicast: ");
      endpoint_free (endpoint);
      return NULL;
    }

  if (endpoint->port == 0)
    {
      g_set_error (error, SL_ERROR, SL_ERROR_INVALID_PORT,
                   _("--multicast: port 0 cannot be shared with the others in the chat; use the group’s port, such as 8123"));
      endpoint_free (endpoint);
      return NULL;
    }

  return endpoint;
}

SlLaunchOptions *
sl_launch_options_parse (char      **argv,
                         const char *cwd,
                         GError    **error)
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
      SlEndpoint *endpoint = parse_server_endpoint ("--tcp-server", raw.tcp_servers[i], error);

      if (endpoint == NULL)
        {
          raw_options_clear (&raw);
          return NULL;
        }
      g_array_append_val (options->tcp_servers, *endpoint);
      g_free (endpoint);
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

  if (raw.udp != NULL)
    {
      options->udp = parse_server_endpoint ("--udp", raw.udp, error);
      if (options->udp == NULL)
        {
          raw_options_clear (&raw);
          return NULL;
        }
    }

  if (raw.multicast != NULL)
    {
      options->multicast = parse_multicast (raw.multicast, error);
      if (options->multicast == NULL)
        {
          raw_options_clear (&raw);
          return NULL;
        }
    }

  if (raw.interface != NULL)
    {
      if (if_nametoindex (raw.interface) == 0)
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_OPTION,
                       _("--interface: this computer has no network interface named “%s”"),
                       raw.interface);
          raw_options_clear (&raw);
          return NULL;
        }
      options->interface = g_strdup (raw.interface);
    }

  if (raw.chat_format != NULL)
    {
      if (!sl_chat_format_from_string (raw.chat_format, &options->chat_format))
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_OPTION,
                       _("--chat-format: “%s” is not a format; use mcc (the course’s chat program) or text"),
                       raw.chat_format);
          raw_options_clear (&raw);
          return NULL;
        }
      options->chat_format_set = TRUE;
    }

  if (raw.name != NULL)
    {
      if (!g_utf8_validate (raw.name, -1, NULL) || raw.name[0] == '\0')
        {
          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_OPTION,
                       _("--name: the chat name must be some text"));
          raw_options_clear (&raw);
          return NULL;
        }
      options->name = g_strdup (raw.name);
    }

  if (raw.http != NULL)
    {
      options->http = parse_server_endpoint ("--http", raw.http, error);
      if (options->http == NULL)
        {
          raw_options_clear (&raw);
          return NULL;
        }
    }

  if (raw.root != NULL)
    {
      g_autofree char *root = g_canonicalize_filename (raw.root, cwd);

      if (!g_file_test (root, G_FILE_TEST_IS_DIR))
        {
          g_autofree char *display = g_filename_display_name (root);

          g_set_error (error, SL_ERROR, SL_ERROR_INVALID_OPTION,
                       _("--root: “%s” is not a folder"), display);
          raw_options_clear (&raw);
          return NULL;
        }
      options->root = g_steal_pointer (&root);
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
