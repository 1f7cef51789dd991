/* sl-launch-options.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sl-multicast-chat.h"
#include "sl-reply.h"

G_BEGIN_DECLS

/* The command line of DESIGN.md, parsed and checked. main() parses it
 * first so that bad values are refused with one line and exit status 2;
 * the primary instance parses the forwarded argv again to open a window
 * with exactly those settings. */

typedef struct
{
  char *host;
  guint16 port;
} SlEndpoint;

typedef struct
{
  GArray *tcp_servers;       /* SlEndpoint; host defaults to 127.0.0.1 */
  SlReplyConfig *reply;      /* NULL: not given */
  SlEndpoint *tcp_client;    /* NULL: not given */
  SlEndpoint *udp;           /* NULL: not given; host defaults to 127.0.0.1 */
  SlEndpoint *multicast;     /* NULL: not given; host is the group, port defaults to 8123 */
  char *interface;           /* NULL: not given; an existing interface */
  gboolean chat_format_set;
  SlChatFormat chat_format;  /* default mcc */
  char *name;                /* NULL: not given; valid UTF-8 */
  SlEndpoint *http;          /* NULL: not given; host defaults to 127.0.0.1 */
  char *root;                /* NULL: not given; an absolute path to an existing folder */
  char *page;                /* NULL: not given */
  gboolean capture;
  gboolean version;
} SlLaunchOptions;

/* @cwd: the folder relative paths (--root) are relative to, that of the
 * launching process (NULL: the current one) */
SlLaunchOptions *sl_launch_options_parse   (char       **argv,
                                            const char  *cwd,
                                            GError     **error);
void             sl_launch_options_free    (SlLaunchOptions *options);
/* The --help text */
char            *sl_launch_options_get_help (void);

/* "[ADDR:]PORT" with a missing ADDR meaning @default_host; "[::1]:80". */
gboolean         sl_endpoint_parse         (const char  *text,
                                            const char  *default_host,
                                            gboolean     host_required,
                                            SlEndpoint  *out,
                                            GError     **error);
void             sl_endpoint_clear         (SlEndpoint  *endpoint);

extern const char * const sl_launch_pages[];

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlLaunchOptions, sl_launch_options_free)

G_END_DECLS
