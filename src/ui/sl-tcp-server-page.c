/* sl-tcp-server-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sl-tcp-server-page.h"

/* Being written: a placeholder so the tree builds. */

struct _SlTcpServerPage
{
  SlPage parent_instance;
};

G_DEFINE_FINAL_TYPE (SlTcpServerPage, sl_tcp_server_page, SL_TYPE_PAGE)

static void
sl_tcp_server_page_class_init (SlTcpServerPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/io/github/socketlab/SocketLab/sl-tcp-server-page.ui");
}

static void
sl_tcp_server_page_init (SlTcpServerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sl_tcp_server_page_new (void)
{
  return g_object_new (SL_TYPE_TCP_SERVER_PAGE,
                       "name", "tcp-server",
                       "title", _("TCP Server"),
                       "icon-name", "network-server-symbolic",
                       NULL);
}
