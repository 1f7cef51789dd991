/* sl-frame-received.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlReceivedFrame: one frame of SlFrameLink's receive list, immutable.
 * The fields the list shows are taken apart once, when it is made. */

#include "config.h"

#define G_LOG_DOMAIN "sl-frame-link"

#include <string.h>

#include "sl-frame-link.h"

struct _SlReceivedFrame
{
  GObject parent_instance;

  gint64 time_us;
  GBytes *bytes;
  GBytes *payload;
  char destination[18];
  char source[18];
  guint16 ethertype;
  char *payload_text;
  gboolean payload_is_text;
  gsize n_padding;
};

G_DEFINE_FINAL_TYPE (SlReceivedFrame, sl_received_frame, G_TYPE_OBJECT)

static void
sl_received_frame_finalize (GObject *object)
{
  SlReceivedFrame *self = SL_RECEIVED_FRAME (object);

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->payload, g_bytes_unref);
  g_free (self->payload_text);

  G_OBJECT_CLASS (sl_received_frame_parent_class)->finalize (object);
}

static void
sl_received_frame_class_init (SlReceivedFrameClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_received_frame_finalize;
}

static void
sl_received_frame_init (SlReceivedFrame *self)
{
}

static void
format_mac_into (char          out[18],
                 const guint8 *mac)
{
  g_snprintf (out, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
              mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

SlReceivedFrame *
sl_received_frame_new (gint64        time_us,
                       const guint8 *data,
                       gsize         len)
{
  SlReceivedFrame *self;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (len >= SL_FRAME_HEADER_LEN, NULL);

  self = g_object_new (SL_TYPE_RECEIVED_FRAME, NULL);
  self->time_us = time_us;
  self->bytes = g_bytes_new (data, len);
  self->payload = g_bytes_new_from_bytes (self->bytes, SL_FRAME_HEADER_LEN, len - SL_FRAME_HEADER_LEN);
  format_mac_into (self->destination, data);
  format_mac_into (self->source, data + 6);
  self->ethertype = (guint16) (data[12] << 8 | data[13]);
  self->payload_text = sl_frame_format_payload (data + SL_FRAME_HEADER_LEN, len - SL_FRAME_HEADER_LEN,
                                                &self->payload_is_text, &self->n_padding);
  return self;
}

gint64
sl_received_frame_get_time_us (SlReceivedFrame *self)
{
  g_return_val_if_fail (SL_IS_RECEIVED_FRAME (self), 0);
  return self->time_us;
}

GBytes *
sl_received_frame_get_bytes (SlReceivedFrame *self)
{
  g_return_val_if_fail (SL_IS_RECEIVED_FRAME (self), NULL);
  return self->bytes;
}

const char *
sl_received_frame_get_destination (SlReceivedFrame *self)
{
  g_return_val_if_fail (SL_IS_RECEIVED_FRAME (self), NULL);
  return self->destination;
}

const char *
sl_received_frame_get_source (SlReceivedFrame *self)
{
  g_return_val_if_fail (SL_IS_RECEIVED_FRAME (self), NULL);
  return self->source;
}

guint16
sl_received_frame_get_ethertype (SlReceivedFrame *self)
{
  g_return_val_if_fail (SL_IS_RECEIVED_FRAME (self), 0);
  return self->ethertype;
}

GBytes *
sl_received_frame_get_payload (SlReceivedFrame *self)
{
  g_return_val_if_fail (SL_IS_RECEIVED_FRAME (self), NULL);
  return self->payload;
}

const char *
sl_received_frame_get_payload_text (SlReceivedFrame *self)
{
  g_return_val_if_fail (SL_IS_RECEIVED_FRAME (self), NULL);
  return self->payload_text;
}

gboolean
sl_received_frame_get_payload_is_text (SlReceivedFrame *self)
{
  g_return_val_if_fail (SL_IS_RECEIVED_FRAME (self), FALSE);
  return self->payload_is_text;
}

gsize
sl_received_frame_get_n_padding (SlReceivedFrame *self)
{
  g_return_val_if_fail (SL_IS_RECEIVED_FRAME (self), 0);
  return self->n_padding;
}

char *
sl_received_frame_format_time (SlReceivedFrame *self)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *hms = NULL;

  g_return_val_if_fail (SL_IS_RECEIVED_FRAME (self), NULL);

  time = g_date_time_new_from_unix_local (self->time_us / G_USEC_PER_SEC);
  if (time == NULL)
    return g_strdup ("");
  hms = g_date_time_format (time, "%H:%M:%S");
  return g_strdup_printf ("%s.%03u", hms, (guint) (self->time_us % G_USEC_PER_SEC / 1000));
}

