/* test-launch-options.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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
  return sl_launch_options_parse (argv, error);
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
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/launch-options/servers", test_servers);
  g_test_add_func ("/launch-options/client-and-page", test_client_and_page);
  g_test_add_func ("/launch-options/capture", test_capture);
  g_test_add_func ("/launch-options/refused", test_refused);
  g_test_add_func ("/launch-options/help", test_help);

  return g_test_run ();
}
