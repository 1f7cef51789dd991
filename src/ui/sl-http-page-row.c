/* sl-http-page-row.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A row of the HTTP page's request list (see sl-http-page-requests.c).
 * Main thread only. */

#include "config.h"

#define G_LOG_DOMAIN "sl-http-page"

#include "sl-http-page-row.h"

struct _SlHttpPageRow
{
  GObject parent_instance;

  SlEvent *event;
  guint64 index;
  gboolean stale;  /* @event changed without a notify */
};

G_DEFINE_FINAL_TYPE (SlHttpPageRow, sl_http_page_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EVENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sl_http_page_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SlHttpPageRow *self = SL_HTTP_PAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_http_page_row_dispose (GObject *object)
{
  SlHttpPageRow *self = SL_HTTP_PAGE_ROW (object);

  g_clear_object (&self->event);

  G_OBJECT_CLASS (sl_http_page_row_parent_class)->dispose (object);
}

static void
sl_http_page_row_class_init (SlHttpPageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sl_http_page_row_get_property;
  object_class->dispose = sl_http_page_row_dispose;

  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL, SL_TYPE_EVENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_http_page_row_init (SlHttpPageRow *self)
{
}

SlHttpPageRow *
sl_http_page_row_new (SlEvent *event,
                      guint64  index)
{
  SlHttpPageRow *self;

  g_return_val_if_fail (SL_IS_EVENT (event), NULL);

  self = g_object_new (SL_TYPE_HTTP_PAGE_ROW, NULL);
  self->event = g_object_ref (event);
  self->index = index;
  return self;
}

SlEvent *
sl_http_page_row_get_event (SlHttpPageRow *self)
{
  g_return_val_if_fail (SL_IS_HTTP_PAGE_ROW (self), NULL);

  return self->event;
}

guint64
sl_http_page_row_get_index (SlHttpPageRow *self)
{
  g_return_val_if_fail (SL_IS_HTTP_PAGE_ROW (self), 0);

  return self->index;
}

void
sl_http_page_row_set_event (SlHttpPageRow *self,
                            SlEvent       *event,
                            guint64        index,
                            gboolean       notify)
{
  g_return_if_fail (SL_IS_HTTP_PAGE_ROW (self));
  g_return_if_fail (SL_IS_EVENT (event));

  self->index = index;
  if (g_set_object (&self->event, event))
    self->stale = TRUE;
  if (notify)
    sl_http_page_row_refresh (self);
}

void
sl_http_page_row_refresh (SlHttpPageRow *self)
{
  g_return_if_fail (SL_IS_HTTP_PAGE_ROW (self));

  if (self->stale)
    {
      self->stale = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
    }
}
