/* test-error.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* sl-error: each GIO error maps to the right SL_ERROR code with a message
 * that names the address and port; and real errors from loopback sockets
 * (refused, not a local address, in use, TIME_WAIT) map the same way.
 * Nothing here sends a packet beyond loopback: binding to 192.0.2.1 fails
 * locally before anything is sent. */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "sl-error.h"

static void
assert_message_has (const GError *error,
                    const char   *part)
{
  if (strstr (error->message, part) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, part);
}

static GError *
io_error (GIOErrorEnum code,
          const char  *message)
{
  return g_error_new_literal (G_IO_ERROR, code, message);
}

static void
test_connect_mappings (void)
{
  struct {
    GIOErrorEnum code;
    const char *text;
    SlErrorCode expected;
  } cases[] = {
    { G_IO_ERROR_CONNECTION_REFUSED, "Error connecting: Connection refused", SL_ERROR_REFUSED },
    { G_IO_ERROR_TIMED_OUT, "Socket I/O timed out", SL_ERROR_TIMED_OUT },
    { G_IO_ERROR_HOST_UNREACHABLE, "Error connecting: No route to host", SL_ERROR_HOST_UNREACHABLE },
    { G_IO_ERROR_FAILED, "Error connecting: Host is down", SL_ERROR_HOST_UNREACHABLE },
    { G_IO_ERROR_NETWORK_UNREACHABLE, "Error connecting: Network is unreachable", SL_ERROR_NETWORK_UNREACHABLE },
    { G_IO_ERROR_PERMISSION_DENIED, "Error connecting: Permission denied", SL_ERROR_PERMISSION },
    { G_IO_ERROR_HOST_NOT_FOUND, "not found", SL_ERROR_NAME_NOT_FOUND },
    { G_IO_ERROR_FAILED, "Something odd", SL_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) cause = io_error (cases[i].code, cases[i].text);
      g_autoptr(GError) error = sl_error_for_connect (cause, "127.0.0.1", 55556, 5);

      g_assert_error (error, SL_ERROR, (gint) cases[i].expected);
      if (cases[i].expected != SL_ERROR_NAME_NOT_FOUND)
        assert_message_has (error, "127.0.0.1:55556");
    }

  {
    g_autoptr(GError) cause = io_error (G_IO_ERROR_CONNECTION_REFUSED, "refused");
    g_autoptr(GError) error = sl_error_for_connect (cause, "127.0.0.1", 55556, 5);

    assert_message_has (error, "Nothing is listening on 127.0.0.1:55556");
    assert_message_has (error, "RST");
  }

  {
    g_autoptr(GError) cause = io_error (G_IO_ERROR_TIMED_OUT, "timed out");
    g_autoptr(GError) error = sl_error_for_connect (cause, "10.0.0.5", 80, 5);

    assert_message_has (error, "No answer from 10.0.0.5:80 within 5 seconds");
  }

  {
    g_autoptr(GError) cause = io_error (G_IO_ERROR_TIMED_OUT, "timed out");
    g_autoptr(GError) error = sl_error_for_connect (cause, "::1", 80, 1);

    assert_message_has (error, "[::1]:80 within 1 second.");
  }
}

static void
test_cancelled_passes_through (void)
{
  g_autoptr(GError) cause = io_error (G_IO_ERROR_CANCELLED, "Operation was cancelled");
  GError *results[4];

  results[0] = sl_error_for_connect (cause, "127.0.0.1", 1, 1);
  results[1] = sl_error_for_bind (cause, "127.0.0.1", 1);
  results[2] = sl_error_for_resolve (cause, "x");
  results[3] = sl_error_for_io (cause, "127.0.0.1:1", TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_assert_error (results[i], G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpstr (results[i]->message, ==, cause->message);
      g_assert_true (results[i] != cause);
      g_error_free (results[i]);
    }
}

static void
test_resolve_mappings (void)
{
  g_autoptr(GError) not_found = g_error_new_literal (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "x");
  g_autoptr(GError) temporary = g_error_new_literal (G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE, "x");
  g_autoptr(GError) internal = g_error_new_literal (G_RESOLVER_ERROR, G_RESOLVER_ERROR_INTERNAL, "boom");
  g_autoptr(GError) e1 = sl_error_for_resolve (not_found, "nosuchhost");
  g_autoptr(GError) e2 = sl_error_for_resolve (temporary, "nosuchhost");
  g_autoptr(GError) e3 = sl_error_for_resolve (internal, "nosuchhost");
  g_autoptr(GError) e4 = sl_error_for_connect (not_found, "nosuchhost", 80, 5);

  g_assert_error (e1, SL_ERROR, SL_ERROR_NAME_NOT_FOUND);
  assert_message_has (e1, "“nosuchhost” could not be found");
  g_assert_error (e2, SL_ERROR, SL_ERROR_NAME_NOT_FOUND);
  assert_message_has (e2, "nosuchhost");
  g_assert_error (e3, SL_ERROR, SL_ERROR_FAILED);
  assert_message_has (e3, "boom");
  g_assert_error (e4, SL_ERROR, SL_ERROR_NAME_NOT_FOUND);
}

static void
test_io_mappings (void)
{
  /* Newer GLib: ECONNRESET → CONNECTION_CLOSED; older: FAILED. Both carry
   * strerror's text. */
  g_autofree char *reset_text = g_strdup_printf ("Error receiving data: %s", g_strerror (ECONNRESET));
  g_autofree char *pipe_text = g_strdup_printf ("Error sending data: %s", g_strerror (EPIPE));
  struct {
    GIOErrorEnum code;
    const char *text;
    gboolean sending;
    SlErrorCode expected;
  } cases[] = {
    { G_IO_ERROR_CONNECTION_CLOSED, reset_text, FALSE, SL_ERROR_RESET },
    { G_IO_ERROR_FAILED, reset_text, FALSE, SL_ERROR_RESET },
    { G_IO_ERROR_CONNECTION_CLOSED, reset_text, TRUE, SL_ERROR_RESET },
    { G_IO_ERROR_BROKEN_PIPE, pipe_text, TRUE, SL_ERROR_BROKEN_PIPE },
    { G_IO_ERROR_FAILED, pipe_text, TRUE, SL_ERROR_BROKEN_PIPE },
    { G_IO_ERROR_NOT_CONNECTED, "Transport endpoint is not connected", TRUE, SL_ERROR_NOT_CONNECTED },
    { G_IO_ERROR_CLOSED, "Socket is already closed", FALSE, SL_ERROR_NOT_CONNECTED },
    { G_IO_ERROR_TIMED_OUT, "Connection timed out", FALSE, SL_ERROR_TIMED_OUT },
    { G_IO_ERROR_HOST_UNREACHABLE, "No route to host", TRUE, SL_ERROR_HOST_UNREACHABLE },
    { G_IO_ERROR_NETWORK_UNREACHABLE, "Network is unreachable", TRUE, SL_ERROR_NETWORK_UNREACHABLE },
    { G_IO_ERROR_FAILED, "weird", TRUE, SL_ERROR_FAILED },
    { G_IO_ERROR_FAILED, "weird", FALSE, SL_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) cause = io_error (cases[i].code, cases[i].text);
      g_autoptr(GError) error = sl_error_for_io (cause, "127.0.0.1:40000", cases[i].sending);

      g_test_message ("case %u: %s", i, error->message);
      g_assert_error (error, SL_ERROR, (gint) cases[i].expected);
      assert_message_has (error, "127.0.0.1:40000");
    }

  {
    g_autoptr(GError) cause = io_error (G_IO_ERROR_CONNECTION_CLOSED, reset_text);
    g_autoptr(GError) error = sl_error_for_io (cause, "127.0.0.1:40000", FALSE);

    assert_message_has (error, "The connection was reset by 127.0.0.1:40000 (RST)");
  }
  {
    g_autoptr(GError) cause = io_error (G_IO_ERROR_BROKEN_PIPE, pipe_text);
    g_autoptr(GError) error = sl_error_for_io (cause, "127.0.0.1:40000", TRUE);

    assert_message_has (error, "127.0.0.1:40000 went away while data was being sent (broken pipe)");
  }
  {
    /* An unknown peer still gives a sentence */
    g_autoptr(GError) cause = io_error (G_IO_ERROR_BROKEN_PIPE, pipe_text);
    g_autoptr(GError) error = sl_error_for_io (cause, NULL, TRUE);

    g_assert_error (error, SL_ERROR, SL_ERROR_BROKEN_PIPE);
  }
}

static void
test_bind_mappings (void)
{
  {
    g_autoptr(GError) cause = io_error (G_IO_ERROR_PERMISSION_DENIED, "Permission denied");
    g_autoptr(GError) error = sl_error_for_bind (cause, "0.0.0.0", 80);

    g_assert_error (error, SL_ERROR, SL_ERROR_PERMISSION);
    assert_message_has (error, "Port 80 needs administrator rights");
    assert_message_has (error, "Try 8080.");
  }
  {
    g_autoptr(GError) cause = io_error (G_IO_ERROR_PERMISSION_DENIED, "Permission denied");
    g_autoptr(GError) error = sl_error_for_bind (cause, "127.0.0.1", 5000);

    g_assert_error (error, SL_ERROR, SL_ERROR_PERMISSION);
    assert_message_has (error, "127.0.0.1:5000");
  }
  {
    g_autofree char *text = g_strdup_printf ("Error binding to address 192.168.9.9:5000: %s",
                                             g_strerror (EADDRNOTAVAIL));
    g_autoptr(GError) cause = io_error (G_IO_ERROR_FAILED, text);
    g_autoptr(GError) error = sl_error_for_bind (cause, "192.168.9.9", 5000);

    g_assert_error (error, SL_ERROR, SL_ERROR_ADDRESS_NOT_LOCAL);
    assert_message_has (error, "192.168.9.9 is not an address of this computer");
  }
  {
    g_autoptr(GError) cause = io_error (G_IO_ERROR_FAILED, "odd");
    g_autoptr(GError) error = sl_error_for_bind (cause, "127.0.0.1", 5000);

    g_assert_error (error, SL_ERROR, SL_ERROR_FAILED);
    assert_message_has (error, "127.0.0.1:5000");
  }
}

/* Real errors from loopback sockets */

static GSocket *
listen_on_loopback (const char *address,
                    guint16     port,
                    gboolean    reuse,
                    GError    **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet, port);

  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;
  if (!g_socket_bind (socket, socket_address, reuse, error))
    return NULL;
  if (!g_socket_listen (socket, error))
    return NULL;

  return g_steal_pointer (&socket);
}

static guint16
socket_port (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

static void
test_real_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) listener = listen_on_loopback ("127.0.0.1", 0, FALSE, &error);
  g_autoptr(GSocket) client = NULL;
  g_autoptr(GSocketAddress) target = NULL;
  g_autoptr(GError) mapped = NULL;
  g_autofree char *expected = NULL;
  guint16 port;

  g_assert_no_error (error);
  port = socket_port (listener);
  g_socket_close (listener, NULL);

  target = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  client = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_false (g_socket_connect (client, target, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);

  mapped = sl_error_for_connect (error, "127.0.0.1", port, 5);
  g_assert_error (mapped, SL_ERROR, SL_ERROR_REFUSED);
  expected = g_strdup_printf ("Nothing is listening on 127.0.0.1:%u", port);
  assert_message_has (mapped, expected);
}

static void
test_real_not_local (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GError) mapped = NULL;

  /* TEST-NET-1: never an address of this computer; bind() fails locally */
  listener = listen_on_loopback ("192.0.2.1", 0, FALSE, &error);
  g_assert_null (listener);
  g_assert_nonnull (error);

  mapped = sl_error_for_bind (error, "192.0.2.1", 0);
  g_assert_error (mapped, SL_ERROR, SL_ERROR_ADDRESS_NOT_LOCAL);
  assert_message_has (mapped, "192.0.2.1 is not an address of this computer");
}

static void
test_real_in_use (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) first = listen_on_loopback ("127.0.0.1", 0, TRUE, &error);
  g_autoptr(GSocket) second = NULL;
  g_autoptr(GError) mapped = NULL;
  g_autofree char *expected = NULL;
  guint n_listening = 0, n_time_wait = 0, n_other = 0;
  guint16 port;

  g_assert_no_error (error);
  port = socket_port (first);

  sl_error_count_port_users (port, &n_listening, &n_time_wait, &n_other);
  g_assert_cmpuint (n_listening, ==, 1);

  /* Even with SO_REUSEADDR, a listener holds the port */
  second = listen_on_loopback ("127.0.0.1", port, TRUE, &error);
  g_assert_null (second);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);

  mapped = sl_error_for_bind (error, "127.0.0.1", port);
  g_assert_error (mapped, SL_ERROR, SL_ERROR_ADDRESS_IN_USE);
  expected = g_strdup_printf ("Port %u on 127.0.0.1 is already in use: another program is listening on it.", port);
  assert_message_has (mapped, expected);
}

/* A server that closes first leaves its side of the connection in
 * TIME_WAIT, holding the port for about a minute. Returns the port. */
static guint16
make_time_wait (gboolean reuse)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) listener = listen_on_loopback ("127.0.0.1", 0, reuse, &error);
  g_autoptr(GSocket) client = NULL;
  g_autoptr(GSocket) accepted = NULL;
  g_autoptr(GSocketAddress) target = NULL;
  guint n_listening = 0, n_time_wait = 0, n_other = 0;
  char buffer[16];
  guint16 port;
  gint64 deadline;

  g_assert_no_error (error);
  port = socket_port (listener);

  target = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  client = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_connect (client, target, NULL, &error));
  g_assert_no_error (error);

  accepted = g_socket_accept (listener, NULL, &error);
  g_assert_no_error (error);

  /* The server closes first (FIN); the client reads EOF and closes too */
  g_socket_close (accepted, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (client, 5);
  g_assert_cmpint (g_socket_receive (client, buffer, sizeof buffer, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_socket_close (client, &error);
  g_assert_no_error (error);
  g_socket_close (listener, &error);
  g_assert_no_error (error);

  /* The last ACK crosses loopback at once, but give it a moment */
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  do
    {
      sl_error_count_port_users (port, &n_listening, &n_time_wait, &n_other);
      if (n_time_wait == 1 && n_other == 0)
        break;
      g_usleep (10000);
    }
  while (g_get_monotonic_time () < deadline);

  g_assert_cmpuint (n_listening, ==, 0);
  g_assert_cmpuint (n_time_wait, ==, 1);
  g_assert_cmpuint (n_other, ==, 0);

  return port;
}

static void
test_real_time_wait (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) again = NULL;
  g_autoptr(GError) mapped = NULL;
  g_autofree char *expected = NULL;
  guint16 port = make_time_wait (FALSE);

  again = listen_on_loopback ("127.0.0.1", port, FALSE, &error);
  g_assert_null (again);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);

  mapped = sl_error_for_bind (error, "127.0.0.1", port);
  g_assert_error (mapped, SL_ERROR, SL_ERROR_TIME_WAIT);
  expected = g_strdup_printf ("Port %u is still in use by 1 connection in TIME_WAIT", port);
  assert_message_has (mapped, expected);
  assert_message_has (mapped, "SO_REUSEADDR");
}

/* On Linux, SO_REUSEADDR gets past TIME_WAIT only when the earlier server
 * set it too; the message says so, and this is why. */
static void
test_real_time_wait_reuse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) again = NULL;
  guint16 port;

  port = make_time_wait (FALSE);
  again = listen_on_loopback ("127.0.0.1", port, TRUE, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_assert_null (again);
  g_clear_error (&error);

  port = make_time_wait (TRUE);
  again = listen_on_loopback ("127.0.0.1", port, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
}

static void
test_count_unused_port (void)
{
  guint n_listening = 99, n_time_wait = 99, n_other = 99;

  /* Port 1 (tcpmux) is not used on a test machine; NULL outputs are fine */
  sl_error_count_port_users (1, &n_listening, &n_time_wait, &n_other);
  g_assert_cmpuint (n_listening, ==, 0);
  g_assert_cmpuint (n_time_wait, ==, 0);
  sl_error_count_port_users (1, NULL, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/error/connect-mappings", test_connect_mappings);
  g_test_add_func ("/error/cancelled", test_cancelled_passes_through);
  g_test_add_func ("/error/resolve-mappings", test_resolve_mappings);
  g_test_add_func ("/error/io-mappings", test_io_mappings);
  g_test_add_func ("/error/bind-mappings", test_bind_mappings);
  g_test_add_func ("/error/real/refused", test_real_refused);
  g_test_add_func ("/error/real/not-local", test_real_not_local);
  g_test_add_func ("/error/real/in-use", test_real_in_use);
  g_test_add_func ("/error/real/time-wait", test_real_time_wait);
  g_test_add_func ("/error/real/time-wait-reuse", test_real_time_wait_reuse);
  g_test_add_func ("/error/count-unused-port", test_count_unused_port);

  return g_test_run ();
}
