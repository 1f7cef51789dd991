/* test-launch-options.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "sl-error.h"
#include "sl-launch-options.h"

static SlLaunchOptions *
parse (const char *line,
       GError    **error)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) shell_error = NULL;
  g_autofree char *full = g_strconcat ("socket-lab ", line, NULL);

  g_assert_true (g_shell_parse_argv (full, NULL, &argv, &shell_error));
  return sl_launch_options_parse (argv, NULL, error);
}

static void
test_servers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlLaunchOptions) options =
    parse ("--tcp-server=55556 --tcp-server=0.0.0.0:9999 --tcp-server=[::1]:80 --reply=ack", &error);
  SlEndpoint *e;

  g_assert_no_error (error);
  g_assert_cmpuint (options->tcp_servers->len, ==, 3);

  /* A missing address means loopback: nothing is exposed by default */
  e = &g_array_index (options->tcp_servers, SlEndpoint, 0);
  g_assert_cmpstr (e->host, ==, "127.0.0.1");
  g_assert_cmpuint (e->port, ==, 55556);
  e = &g_array_index (options->tcp_servers, SlEndpoint, 1);
  g_assert_cmpstr (e->host, ==, "0.0.0.0");
  g_assert_cmpuint (e->port, ==, 9999);
  e = &g_array_index (options->tcp_servers, SlEndpoint, 2);
  g_assert_cmpstr (e->host, ==, "::1");
  g_assert_cmpuint (e->port, ==, 80);

  g_assert_nonnull (options->reply);
  g_assert_cmpint (options->reply->mode, ==, SL_REPLY_TEXT);
  g_assert_cmpstr (options->reply->text, ==, "ACK");
  g_assert_true (options->reply->close_after);
}

static void
test_client_and_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlLaunchOptions) options =
    parse ("--tcp-client=localhost:2000 --page=tcp-client --reply=text:hi", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (options->tcp_client->host, ==, "localhost");
  g_assert_cmpuint (options->tcp_client->port, ==, 2000);
  g_assert_cmpstr (options->page, ==, "tcp-client");
  g_assert_cmpint (options->reply->mode, ==, SL_REPLY_TEXT);
  g_assert_cmpstr (options->reply->text, ==, "hi");
  g_assert_false (options->reply->close_after);
}

static void
test_capture (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlLaunchOptions) plain = parse ("--tcp-server=55556", &error);
  g_autoptr(SlLaunchOptions) options = NULL;

  g_assert_no_error (error);
  g_assert_false (plain->capture);

  options = parse ("--tcp-server=55556 --reply=echo --capture", &error);
  g_assert_no_error (error);
  g_assert_true (options->capture);
  g_assert_cmpuint (options->tcp_servers->len, ==, 1);
}

static void
test_refused (void)
{
  const char *bad[] = {
    "--tcp-server=abc",
    "--tcp-server=70000",
    "--tcp-server=example.org:80",
    "--tcp-server=::1:80",
    "--reply=bogus",
    "--tcp-client=55556",
    "--tcp-client=127.0.0.1:0",
    "--page=nosuchpage",
    "--udp=example.org:5000",
    "--udp=99999",
    "--multicast=10.0.0.1",
    "--multicast=example.org",
    "--multicast=225.0.0.250:0",
    "--multicast=[ff15::1]:x",
    "--interface=no-such-interface0",
    "--chat-format=json",
    "--name=",
    "--http=host:80",
    "--root=/no/such/folder/anywhere",
    "--bogus",
    "stray-argument",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlLaunchOptions) options = parse (bad[i], &error);

      g_test_message ("%s → %s", bad[i], error ? error->message : "(accepted)");
      g_assert_null (options);
      g_assert_error (error, SL_ERROR, 0 + error->code);
      g_assert_null (strchr (error->message, '\n'));
    }
}

static void
test_udp_multicast (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlLaunchOptions) options =
    parse ("--udp=5000 --multicast=ff15:7079:7468:6f6e:6465:6d6f:6d63:6173 --interface=lo "
           "--chat-format=text --name=アリス --reply=echo --page=multicast", &error);
  g_autoptr(SlLaunchOptions) v4 = NULL;
  g_autoptr(SlLaunchOptions) bracketed = NULL;
  g_autoptr(SlLaunchOptions) plain = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (options->udp->host, ==, "127.0.0.1");
  g_assert_cmpuint (options->udp->port, ==, 5000);
  /* A bare IPv6 group has no port: the course's 8123 */
  g_assert_cmpstr (options->multicast->host, ==, "ff15:7079:7468:6f6e:6465:6d6f:6d63:6173");
  g_assert_cmpuint (options->multicast->port, ==, 8123);
  g_assert_cmpstr (options->interface, ==, "lo");
  g_assert_true (options->chat_format_set);
  g_assert_cmpint (options->chat_format, ==, SL_CHAT_FORMAT_TEXT);
  g_assert_cmpstr (options->name, ==, "アリス");
  g_assert_cmpstr (options->page, ==, "multicast");

  v4 = parse ("--multicast=225.0.0.250:9000 --udp=0.0.0.0:0", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (v4->multicast->host, ==, "225.0.0.250");
  g_assert_cmpuint (v4->multicast->port, ==, 9000);
  g_assert_cmpstr (v4->udp->host, ==, "0.0.0.0");
  g_assert_cmpuint (v4->udp->port, ==, 0);
  g_assert_false (v4->chat_format_set);
  g_assert_cmpint (v4->chat_format, ==, SL_CHAT_FORMAT_MCC);

  bracketed = parse ("--multicast=[ff02::1]:8124", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bracketed->multicast->host, ==, "ff02::1");
  g_assert_cmpuint (bracketed->multicast->port, ==, 8124);

  plain = parse ("--multicast=225.0.0.250", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plain->multicast->port, ==, 8123);
}

static void
test_http (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sl-launch-XXXXXX", &error);
  g_autofree char *sub = NULL;
  g_autoptr(SlLaunchOptions) options = NULL;
  g_autoptr(SlLaunchOptions) relative = NULL;
  char *argv[] = { (char *) "socket-lab", (char *) "--http=8080", (char *) "--root=site", NULL };

  g_assert_no_error (error);
  sub = g_build_filename (tmp, "site", NULL);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);

  options = parse ("--http=[::]:8080", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (options->http->host, ==, "::");
  g_assert_cmpuint (options->http->port, ==, 8080);
  g_assert_null (options->root);

  /* A second launch forwards its argv: --root is relative to the
   * launching process's folder, not to the running instance's */
  relative = sl_launch_options_parse (argv, tmp, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (relative->http->host, ==, "127.0.0.1");
  g_assert_cmpstr (relative->root, ==, sub);

  g_rmdir (sub);
  g_rmdir (tmp);
}

static void
test_help (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlLaunchOptions) options = parse ("--help", &error);
  g_autofree char *help = sl_launch_options_get_help ();

  g_assert_null (options);
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED);
  g_assert_nonnull (strstr (help, "--tcp-server=[ADDR:]PORT"));
  g_assert_nonnull (strstr (help, "--reply=MODE"));
  g_assert_nonnull (strstr (help, "--tcp-client=HOST:PORT"));
  g_assert_nonnull (strstr (help, "--page=PAGE"));
  g_assert_nonnull (strstr (help, "--capture"));
  g_assert_nonnull (strstr (help, "--udp=[ADDR:]PORT"));
  g_assert_nonnull (strstr (help, "--multicast=GROUP[:PORT]"));
  g_assert_nonnull (strstr (help, "--interface=NAME"));
  g_assert_nonnull (strstr (help, "--chat-format=mcc|text"));
  g_assert_nonnull (strstr (help, "--name=NAME"));
  g_assert_nonnull (strstr (help, "--http=[ADDR:]PORT"));
  g_assert_nonnull (strstr (help, "--root=DIR"));
}

int
main (int   argc,
      char *argv[])
{
  /* GOption reads arguments in the locale's encoding: a student's is UTF-8 */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/launch-options/servers", test_servers);
  g_test_add_func ("/launch-options/client-and-page", test_client_and_page);
  g_test_add_func ("/launch-options/capture", test_capture);
  g_test_add_func ("/launch-options/refused", test_refused);
  g_test_add_func ("/launch-options/udp-multicast", test_udp_multicast);
  g_test_add_func ("/launch-options/http", test_http);
  g_test_add_func ("/launch-options/help", test_help);

  return g_test_run ();
}
