/* sl-http-page-details.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The HTTP page's details of the selected request: the exact bytes the
 * client sent and the response headers the server sent back. */

#include "config.h"

#define G_LOG_DOMAIN "sl-http-page"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-http-page-private.h"
#include "sl-payload.h"

static void
create_marker_tag (GtkTextView *view)
{
  /* The blue of received data: readable on a projector, and plainly not
   * part of the text that was sent */
  gtk_text_buffer_create_tag (gtk_text_view_get_buffer (view), "marker",
                              "foreground", "#1a5fb4",
                              "weight", PANGO_WEIGHT_BOLD,
                              NULL);
}

/* Bytes on the wire, made readable: valid UTF-8 as it is; CR and LF as
 * the \r and \n a student writes in code (the line break follows the
 * \n), other control bytes and bytes that are not UTF-8 as \xHH, and a
 * backslash as \\, all in the marker color so that they cannot be
 * mistaken for text that was sent. Plain ASCII markers rather than the
 * ␍␊ symbols: the usual desktop fonts have no glyphs for those. Never
 * markup. */
static void
set_wire_text (GtkTextView  *view,
               const guint8 *data,
               gsize         len)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(GString) plain = g_string_new (NULL);
  GtkTextIter end;
  gsize i = 0;

  gtk_text_buffer_set_text (buffer, "", 0);

#define FLUSH_PLAIN() \
  G_STMT_START { \
    if (plain->len > 0) \
      { \
        gtk_text_buffer_get_end_iter (buffer, &end); \
        gtk_text_buffer_insert (buffer, &end, plain->str, plain->len); \
        g_string_truncate (plain, 0); \
      } \
  } G_STMT_END
#define MARKER(text) \
  G_STMT_START { \
    FLUSH_PLAIN (); \
    gtk_text_buffer_get_end_iter (buffer, &end); \
    gtk_text_buffer_insert_with_tags_by_name (buffer, &end, (text), -1, "marker", NULL); \
  } G_STMT_END

  while (i < len)
    {
      guint8 c = data[i];

      if (c == '\r')
        {
          MARKER ("\\r");
          i++;
        }
      else if (c == '\n')
        {
          MARKER ("\\n");
          g_string_append_c (plain, '\n');
          i++;
        }
      else if (c == '\t')
        {
          MARKER ("\\t");
          i++;
        }
      else if (c == '\\')
        {
          MARKER ("\\\\");
          i++;
        }
      else if (c < 0x20 || c == 0x7f)
        {
          char hex[8];

          g_snprintf (hex, sizeof hex, "\\x%02x", c);
          MARKER (hex);
          i++;
        }
      else if (c < 0x80)
        {
          g_string_append_c (plain, (char) c);
          i++;
        }
      else
        {
          gunichar ch = g_utf8_get_char_validated ((const char *) data + i, (gssize) (len - i));

          if (ch == (gunichar) -1 || ch == (gunichar) -2)
            {
              char hex[8];

              g_snprintf (hex, sizeof hex, "\\x%02x", c);
              MARKER (hex);
              i++;
            }
          else
            {
              gsize n = g_unichar_to_utf8 (ch, NULL);

              g_string_append_len (plain, (const char *) data + i, (gssize) n);
              i += n;
            }
        }
    }

  FLUSH_PLAIN ();

#undef MARKER
#undef FLUSH_PLAIN
}

/* Details of the selected request */

void
sl_http_page_show_request (SlHttpPage *self,
                           SlEvent    *event)
{
  if (event != NULL)
    g_object_ref (event);
  g_clear_object (&self->shown);
  self->shown = event;

  if (event == NULL)
    {
      gtk_label_set_text (self->details_heading,
                          _("Select a request above to see the bytes that went over the wire."));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->request_text), "", 0);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->response_text), "", 0);
    }
  else
    {
      SlHttpExchange *exchange = sl_event_get_detail (event);
      g_autoptr(GBytes) bytes = sl_event_get_data (event);
      g_autofree char *method = sl_payload_escape ((const guint8 *) exchange->method, strlen (exchange->method));
      g_autofree char *target = sl_payload_escape ((const guint8 *) exchange->target, strlen (exchange->target));
      g_autofree char *time = sl_event_format_time (event);
      g_autofree char *heading = NULL;
      const char *headers = exchange->response_headers ? exchange->response_headers : "";

      /* Translators: the heading above a request's bytes, e.g. "GET
       * /index.html from 127.0.0.1:51234 at 10:15:02.123" */
      heading = g_strdup_printf (_("%s %s from %s at %s"),
                                 method, target,
                                 sl_event_get_peer (event) ? sl_event_get_peer (event) : "?",
                                 time);
      gtk_label_set_text (self->details_heading, heading);

      if (bytes != NULL)
        {
          gsize len;
          const guint8 *data = g_bytes_get_data (bytes, &len);

          set_wire_text (self->request_text, data, len);
        }
      else
        {
          set_wire_text (self->request_text, NULL, 0);
        }

      set_wire_text (self->response_text, (const guint8 *) headers, strlen (headers));
    }
}

void
sl_http_page_details_init (SlHttpPage *self)
{
  create_marker_tag (self->request_text);
  create_marker_tag (self->response_text);
}
