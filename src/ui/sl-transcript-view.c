/* sl-transcript-view.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A conversation in a GtkTextView. The text is built from the model
 * incrementally: appended events are rendered in an idle callback with a
 * time budget, so a flood of data never blocks a frame; events removed
 * from the front of the model (the log keeps a bounded number) are cut
 * from the front of the buffer, found by a mark at the start of each
 * rendered event. Anything else (new model, new mode, new format)
 * re-renders from scratch, still incrementally. The buffer is capped: past
 * MAX_BUFFER_CHARS the oldest events are dropped from the view with a note.
 *
 * Every byte from the network is inserted as plain text (escaped, hex or a
 * struct decode); nothing here is Pango markup. */

#include "config.h"

#define G_LOG_DOMAIN "sl-transcript-view"

#include <glib/gi18n.h>

#include "sl-page.h"
#include "sl-payload.h"
#include "sl-transcript-view.h"

#define DISPLAY_CAP       1024                  /* bytes of one event shown */
#define MAX_BUFFER_CHARS  (64 * 1024)           /* characters kept in the view */
#define RENDER_BUDGET_US  (8 * 1000)

struct _SlTranscriptView
{
  GtkWidget parent_instance;

  GtkBox *box;
  GtkToggleButton *text_button;
  GtkToggleButton *hex_button;
  GtkToggleButton *struct_button;
  GtkLabel *format_label;
  GtkEntry *format_entry;
  GtkLabel *format_error_label;
  GtkLabel *trimmed_label;
  GtkScrolledWindow *scrolled_window;
  GtkTextView *text_view;

  GtkTextBuffer *buffer;
  GListModel *model;
  gulong items_changed_id;

  SlTranscriptMode mode;
  char *struct_format;
  SlStruct *decoder;            /* NULL when the format is empty or invalid */

  guint first;                  /* model position of the first rendered event */
  GPtrArray *marks;             /* GtkTextMark at the start of each rendered event */
  guint render_id;
};

G_DEFINE_FINAL_TYPE (SlTranscriptView, sl_transcript_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_MODE,
  PROP_STRUCT_FORMAT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const mode_names[] = { "text", "hex", "struct" };

static guint
n_model_items (SlTranscriptView *self)
{
  return self->model ? g_list_model_get_n_items (self->model) : 0;
}

static void
delete_mark (gpointer data)
{
  GtkTextMark *mark = data;

  gtk_text_buffer_delete_mark (gtk_text_mark_get_buffer (mark), mark);
}

static gboolean
at_end (SlTranscriptView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  return gtk_adjustment_get_value (adj) >=
         gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 8.0;
}

static void
insert (SlTranscriptView *self,
        const char       *text,
        const char       *tag)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (self->buffer, &end);
  gtk_text_buffer_insert_with_tags_by_name (self->buffer, &end, text, -1, tag, NULL);
}

static void
render_data (SlTranscriptView *self,
             SlEvent          *event)
{
  g_autoptr(GBytes) bytes = sl_event_get_data (event);
  const guint8 *data = NULL;
  gsize len = 0, shown;
  guint64 total = sl_event_get_byte_count (event);
  g_autofree char *text = NULL;

  if (bytes != NULL)
    data = g_bytes_get_data (bytes, &len);
  shown = MIN (len, DISPLAY_CAP);

  switch (self->mode)
    {
    case SL_TRANSCRIPT_HEX:
      text = sl_payload_hexdump (data, shown);
      break;

    case SL_TRANSCRIPT_STRUCT:
      if (self->decoder == NULL)
        {
          text = sl_payload_escape (data, shown);
          break;
        }
      else
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *decoded = NULL;
          gsize size = sl_struct_get_size (self->decoder);

          if (len != size || total != len)
            {
              g_autofree char *line = NULL;
              g_autofree char *size_s = g_strdup_printf ("%" G_GSIZE_FORMAT, size);
              g_autofree char *total_s = g_strdup_printf ("%" G_GUINT64_FORMAT, total);

              /* Python's struct.unpack() wants exactly calcsize(format) bytes */
              line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "Cannot decode: the format needs exactly %s byte, but this message has %s.",
                                                   "Cannot decode: the format needs exactly %s bytes, but this message has %s.",
                                                   size % 1000000),
                                      size_s, total_s);
              insert (self, line, "error");
              insert (self, "\n", NULL);
              text = sl_payload_hexdump (data, shown);
              break;
            }

          decoded = sl_struct_unpack_to_string (self->decoder, data, len, &error);

          if (decoded != NULL)
            {
              insert (self, decoded, "data");
              insert (self, "\n", NULL);
              goto out;
            }

          {
            g_autofree char *line = NULL;

            if (error != NULL)
              /* Translators: %s explains why (e.g. the data is shorter than the format needs) */
              line = g_strdup_printf (_("Cannot decode: %s"), error->message);
            else
              line = g_strdup (_("Cannot decode this message with the struct format."));
            insert (self, line, "error");
            insert (self, "\n", NULL);
          }
          text = sl_payload_hexdump (data, shown);
        }
      break;

    case SL_TRANSCRIPT_TEXT:
    default:
      text = sl_payload_escape (data, shown);
      break;
    }

  if (text != NULL)
    {
      insert (self, text, "data");
      if (!g_str_has_suffix (text, "\n"))
        insert (self, "\n", NULL);
    }

out:
  if (total > shown)
    {
      g_autofree char *shown_s = g_strdup_printf ("%" G_GSIZE_FORMAT, shown);
      g_autofree char *total_s = g_strdup_printf ("%" G_GUINT64_FORMAT, total);
      g_autofree char *note = NULL;

      /* Translators: the numbers are byte counts */
      note = g_strdup_printf (_("Only the first %s of %s bytes are shown."), shown_s, total_s);
      insert (self, note, "note");
      insert (self, "\n", NULL);
    }
}

static void
render_event (SlTranscriptView *self,
              SlEvent          *event)
{
  SlEventKind kind = sl_event_get_kind (event);
  g_autofree char *time = sl_event_format_time (event);
  g_autofree char *summary = sl_event_dup_summary (event);
  const char *peer = sl_event_get_peer (event);
  g_autofree char *line = NULL;

  if (peer == NULL)
    peer = "";

  switch (kind)
    {
    case SL_EVENT_RECEIVED:
      /* Translators: a transcript heading: time, the arrow for data coming
       * in, the peer's address, and e.g. "Received 5 bytes" */
      line = g_strdup_printf (_("%s  ← %s  %s"), time, peer, summary);
      insert (self, line, "received");
      insert (self, "\n", NULL);
      render_data (self, event);
      break;

    case SL_EVENT_SENT:
      /* Translators: a transcript heading: time, the arrow for data going
       * out, the peer's address, and e.g. "Sent 5 bytes" */
      line = g_strdup_printf (_("%s  → %s  %s"), time, peer, summary);
      insert (self, line, "sent");
      insert (self, "\n", NULL);
      render_data (self, event);
      break;

    default:
      /* Translators: a note line in a transcript: time, then what happened */
      line = g_strdup_printf (_("%s  · %s"), time, summary);
      insert (self, line, kind == SL_EVENT_ERROR ? "error" : "note");
      insert (self, "\n", NULL);
      break;
    }
}

/* Drops the first @n rendered events from the buffer. */
static void
drop_rendered (SlTranscriptView *self,
               guint             n)
{
  GtkTextIter start, end;

  n = MIN (n, self->marks->len);
  if (n == 0)
    return;

  gtk_text_buffer_get_start_iter (self->buffer, &start);
  if (n < self->marks->len)
    gtk_text_buffer_get_iter_at_mark (self->buffer, &end, g_ptr_array_index (self->marks, n));
  else
    gtk_text_buffer_get_end_iter (self->buffer, &end);

  gtk_text_buffer_delete (self->buffer, &start, &end);
  g_ptr_array_remove_range (self->marks, 0, n);
}

static void
update_trimmed (SlTranscriptView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->trimmed_label), self->first > 0);
}

static gboolean
render_some (gpointer user_data)
{
  SlTranscriptView *self = user_data;
  gint64 deadline = g_get_monotonic_time () + RENDER_BUDGET_US;
  gboolean follow = at_end (self);
  guint n_items = n_model_items (self);
  guint pos = self->first + self->marks->len;

  while (pos < n_items && g_get_monotonic_time () < deadline)
    {
      g_autoptr(SlEvent) event = g_list_model_get_item (self->model, pos);
      GtkTextIter end;

      gtk_text_buffer_get_end_iter (self->buffer, &end);
      g_ptr_array_add (self->marks, gtk_text_buffer_create_mark (self->buffer, NULL, &end, TRUE));
      render_event (self, event);
      pos++;
    }

  /* Keep the view bounded: drop the oldest events, but never the last */
  while (self->marks->len > 1 &&
         gtk_text_buffer_get_char_count (self->buffer) > MAX_BUFFER_CHARS)
    {
      drop_rendered (self, 1);
      self->first++;
    }
  update_trimmed (self);

  if (follow)
    {
      GtkTextIter end;

      gtk_text_buffer_get_end_iter (self->buffer, &end);
      gtk_text_buffer_move_mark_by_name (self->buffer, "sl-end", &end);
      gtk_text_view_scroll_mark_onscreen (self->text_view,
                                          gtk_text_buffer_get_mark (self->buffer, "sl-end"));
    }

  if (pos < n_items)
    return G_SOURCE_CONTINUE;

  self->render_id = 0;
  return G_SOURCE_REMOVE;
}

static void
schedule_render (SlTranscriptView *self)
{
  if (self->render_id == 0 && self->first + self->marks->len < n_model_items (self))
    self->render_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, render_some, self, NULL);
}

static void
rebuild (SlTranscriptView *self)
{
  g_ptr_array_set_size (self->marks, 0);
  gtk_text_buffer_set_text (self->buffer, "", 0);
  self->first = 0;
  update_trimmed (self);
  schedule_render (self);
}

static void
on_model_items_changed (GListModel       *model,
                        guint             position,
                        guint             removed,
                        guint             added,
                        SlTranscriptView *self)
{
  guint old_n = n_model_items (self) - added + removed;

  if (removed == 0 && position == old_n)
    {
      /* appended: render what is new */
    }
  else if (position == 0 && added == 0)
    {
      /* the oldest events left the model */
      if (removed <= self->first)
        {
          self->first -= removed;
        }
      else
        {
          drop_rendered (self, removed - self->first);
          self->first = 0;
        }
      update_trimmed (self);
    }
  else
    {
      rebuild (self);
      return;
    }

  schedule_render (self);
}

static void
set_mode_internal (SlTranscriptView *self,
                   SlTranscriptMode  mode)
{
  gboolean is_struct = mode == SL_TRANSCRIPT_STRUCT;

  if (self->mode == mode)
    return;

  self->mode = mode;
  gtk_widget_set_visible (GTK_WIDGET (self->format_label), is_struct);
  gtk_widget_set_visible (GTK_WIDGET (self->format_entry), is_struct);
  gtk_widget_set_visible (GTK_WIDGET (self->format_error_label),
                          is_struct && gtk_label_get_text (self->format_error_label)[0] != '\0');
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

static void
on_mode_button_toggled (SlTranscriptView *self,
                        GtkToggleButton  *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  if (button == self->hex_button)
    set_mode_internal (self, SL_TRANSCRIPT_HEX);
  else if (button == self->struct_button)
    set_mode_internal (self, SL_TRANSCRIPT_STRUCT);
  else
    set_mode_internal (self, SL_TRANSCRIPT_TEXT);
}

static void
update_decoder (SlTranscriptView *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->decoder, sl_struct_free);

  if (self->struct_format[0] == '\0')
    {
      gtk_label_set_text (self->format_error_label,
                          _("Type a struct format to decode the messages, for example 11sIf."));
    }
  else
    {
      self->decoder = sl_struct_new (self->struct_format, &error);
      if (self->decoder == NULL)
        {
          g_autofree char *message = NULL;

          /* Translators: %s says what is wrong with the format */
          message = g_strdup_printf (_("This struct format is not valid: %s"),
                                     error ? error->message : "");
          gtk_label_set_text (self->format_error_label, message);
        }
      else
        {
          gtk_label_set_text (self->format_error_label, "");
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->format_error_label),
                          self->mode == SL_TRANSCRIPT_STRUCT &&
                          gtk_label_get_text (self->format_error_label)[0] != '\0');
}

static void
on_format_entry_changed (SlTranscriptView *self,
                         GtkEditable      *entry)
{
  const char *text = gtk_editable_get_text (entry);

  if (g_strcmp0 (text, self->struct_format) == 0)
    return;

  g_free (self->struct_format);
  self->struct_format = g_strdup (text);
  update_decoder (self);
  if (self->mode == SL_TRANSCRIPT_STRUCT)
    rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STRUCT_FORMAT]);
}

static void
sl_transcript_view_dispose (GObject *object)
{
  SlTranscriptView *self = SL_TRANSCRIPT_VIEW (object);

  g_clear_handle_id (&self->render_id, g_source_remove);
  if (self->model != NULL)
    {
      g_clear_signal_handler (&self->items_changed_id, self->model);
      g_clear_object (&self->model);
    }
  if (self->box != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->box));
      self->box = NULL;
    }

  G_OBJECT_CLASS (sl_transcript_view_parent_class)->dispose (object);
}

static void
sl_transcript_view_finalize (GObject *object)
{
  SlTranscriptView *self = SL_TRANSCRIPT_VIEW (object);

  g_clear_pointer (&self->marks, g_ptr_array_unref);
  g_clear_object (&self->buffer);
  g_clear_pointer (&self->decoder, sl_struct_free);
  g_free (self->struct_format);

  G_OBJECT_CLASS (sl_transcript_view_parent_class)->finalize (object);
}

static void
sl_transcript_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SlTranscriptView *self = SL_TRANSCRIPT_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_MODE:
      g_value_set_string (value, sl_transcript_view_get_mode (self));
      break;
    case PROP_STRUCT_FORMAT:
      g_value_set_string (value, self->struct_format);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_transcript_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SlTranscriptView *self = SL_TRANSCRIPT_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      sl_transcript_view_set_model (self, g_value_get_object (value));
      break;
    case PROP_MODE:
      sl_transcript_view_set_mode (self, g_value_get_string (value));
      break;
    case PROP_STRUCT_FORMAT:
      sl_transcript_view_set_struct_format (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_transcript_view_class_init (SlTranscriptViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_transcript_view_dispose;
  object_class->finalize = sl_transcript_view_finalize;
  object_class->get_property = sl_transcript_view_get_property;
  object_class->set_property = sl_transcript_view_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL, "text",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STRUCT_FORMAT] =
    g_param_spec_string ("struct-format", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  sl_ui_register_resources ();

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "transcriptview");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketlab/SocketLab/sl-transcript-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlTranscriptView, box);
  gtk_widget_class_bind_template_child (widget_class, SlTranscriptView, text_button);
  gtk_widget_class_bind_template_child (widget_class, SlTranscriptView, hex_button);
  gtk_widget_class_bind_template_child (widget_class, SlTranscriptView, struct_button);
  gtk_widget_class_bind_template_child (widget_class, SlTranscriptView, format_label);
  gtk_widget_class_bind_template_child (widget_class, SlTranscriptView, format_entry);
  gtk_widget_class_bind_template_child (widget_class, SlTranscriptView, format_error_label);
  gtk_widget_class_bind_template_child (widget_class, SlTranscriptView, trimmed_label);
  gtk_widget_class_bind_template_child (widget_class, SlTranscriptView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, SlTranscriptView, text_view);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_button_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_format_entry_changed);
}

static void
sl_transcript_view_init (SlTranscriptView *self)
{
  GtkTextIter end;

  self->mode = SL_TRANSCRIPT_TEXT;
  self->struct_format = g_strdup ("");
  self->marks = g_ptr_array_new_with_free_func (delete_mark);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->buffer = g_object_ref (gtk_text_view_get_buffer (self->text_view));
  gtk_text_buffer_create_tag (self->buffer, "received",
                              "foreground", "#1a5fb4", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (self->buffer, "sent",
                              "foreground", "#26762d", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (self->buffer, "data", "left-margin", 24, NULL);
  gtk_text_buffer_create_tag (self->buffer, "note", "style", PANGO_STYLE_ITALIC, NULL);
  gtk_text_buffer_create_tag (self->buffer, "error",
                              "foreground", "#c01c28", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_get_end_iter (self->buffer, &end);
  gtk_text_buffer_create_mark (self->buffer, "sl-end", &end, FALSE);

  update_decoder (self);
}

GtkWidget *
sl_transcript_view_new (void)
{
  return g_object_new (SL_TYPE_TRANSCRIPT_VIEW, NULL);
}

void
sl_transcript_view_set_model (SlTranscriptView *self,
                              GListModel       *events)
{
  g_return_if_fail (SL_IS_TRANSCRIPT_VIEW (self));
  g_return_if_fail (events == NULL || G_IS_LIST_MODEL (events));

  if (self->model == events)
    return;

  if (self->model != NULL)
    {
      g_clear_signal_handler (&self->items_changed_id, self->model);
      g_clear_object (&self->model);
    }

  if (events != NULL)
    {
      self->model = g_object_ref (events);
      self->items_changed_id = g_signal_connect (events, "items-changed",
                                                 G_CALLBACK (on_model_items_changed), self);
    }

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
sl_transcript_view_get_model (SlTranscriptView *self)
{
  g_return_val_if_fail (SL_IS_TRANSCRIPT_VIEW (self), NULL);

  return self->model;
}

const char *
sl_transcript_view_get_mode (SlTranscriptView *self)
{
  g_return_val_if_fail (SL_IS_TRANSCRIPT_VIEW (self), NULL);

  return mode_names[self->mode];
}

void
sl_transcript_view_set_mode (SlTranscriptView *self,
                             const char       *mode)
{
  g_return_if_fail (SL_IS_TRANSCRIPT_VIEW (self));

  if (g_strcmp0 (mode, "hex") == 0)
    gtk_toggle_button_set_active (self->hex_button, TRUE);
  else if (g_strcmp0 (mode, "struct") == 0)
    gtk_toggle_button_set_active (self->struct_button, TRUE);
  else
    gtk_toggle_button_set_active (self->text_button, TRUE);
}

const char *
sl_transcript_view_get_struct_format (SlTranscriptView *self)
{
  g_return_val_if_fail (SL_IS_TRANSCRIPT_VIEW (self), NULL);

  return self->struct_format;
}

void
sl_transcript_view_set_struct_format (SlTranscriptView *self,
                                      const char       *format)
{
  g_return_if_fail (SL_IS_TRANSCRIPT_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->format_entry), format ? format : "");
}

char *
sl_transcript_view_dup_text (SlTranscriptView *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (SL_IS_TRANSCRIPT_VIEW (self), NULL);

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  return gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
}
