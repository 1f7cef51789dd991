/* sl-tcp-client-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sl-tcp-client-page.h"

/* Being written: a placeholder so the tree builds. */

struct _SlTcpClientPage
{
  SlPage parent_instance;
};

G_DEFINE_FINAL_TYPE (SlTcpClientPage, sl_tcp_client_page, SL_TYPE_PAGE)

static void
sl_tcp_client_page_class_init (SlTcpClientPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/io/github/socketlab/SocketLab/sl-tcp-client-page.ui");
}

static void
sl_tcp_client_page_init (SlTcpClientPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sl_tcp_client_page_new (void)
{
  return g_object_new (SL_TYPE_TCP_CLIENT_PAGE,
                       "name", "tcp-client",
                       "title", _("TCP Client"),
                       "icon-name", "network-server-symbolic",
                       NULL);
}
