/* sl-error.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Errors whose message explains the cause to a student, in their language:
 * what happened, why, and what to try. Engines turn GIO's errors into these
 * with the helpers below, adding what they know (address, port, peer). */

#define SL_ERROR (sl_error_quark ())

typedef enum
{
  SL_ERROR_FAILED,
  SL_ERROR_ADDRESS_IN_USE,      /* another socket listens on the port */
  SL_ERROR_TIME_WAIT,           /* only connections in TIME_WAIT hold the port */
  SL_ERROR_PERMISSION,          /* port below 1024 without privileges */
  SL_ERROR_ADDRESS_NOT_LOCAL,   /* bind to an address this computer does not have */
  SL_ERROR_REFUSED,             /* RST in answer to SYN */
  SL_ERROR_HOST_UNREACHABLE,
  SL_ERROR_NETWORK_UNREACHABLE,
  SL_ERROR_TIMED_OUT,
  SL_ERROR_NAME_NOT_FOUND,
  SL_ERROR_RESET,               /* the peer reset the connection */
  SL_ERROR_BROKEN_PIPE,         /* the peer went away while we were sending */
  SL_ERROR_INVALID_ADDRESS,
  SL_ERROR_INVALID_PORT,
  SL_ERROR_INVALID_ESCAPE,
  SL_ERROR_INVALID_HEX,
  SL_ERROR_INVALID_STRUCT_FORMAT,
  SL_ERROR_INVALID_STRUCT_VALUE,
  SL_ERROR_TOO_LARGE,
  SL_ERROR_NOT_CONNECTED,
  SL_ERROR_INVALID_OPTION,
} SlErrorCode;

GQuark  sl_error_quark         (void);

/* @cause is GIO's error; the result is always in SL_ERROR (or a copy of
 * @cause when it is G_IO_ERROR_CANCELLED, so callers can ignore it). */
GError *sl_error_for_bind      (const GError *cause,
                                const char   *address,
                                guint16       port);
GError *sl_error_for_connect   (const GError *cause,
                                const char   *host,
                                guint16       port,
                                guint         timeout_seconds);
GError *sl_error_for_resolve   (const GError *cause,
                                const char   *host);
GError *sl_error_for_io        (const GError *cause,
                                const char   *peer,
                                gboolean      sending);

/* Counts the sockets on the given TCP port by state, from /proc/net/tcp and
 * tcp6, so that "address in use" can say why. */
void    sl_error_count_port_users (guint16  port,
                                   guint   *n_listening,
                                   guint   *n_time_wait,
                                   guint   *n_other);

G_END_DECLS
