/* sl-payload-editor.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The editor validates lazily: every change restarts a short timer, and the
 * payload is built when typing pauses. A paste larger than the payload cap
 * is refused in the buffer's insert-text handler, before GTK lays out a
 * single line of it, so a 100 MB paste costs a length check, not a freeze.
 * The text is written to GSettings only while it is small. */

#include "config.h"

#define G_LOG_DOMAIN "sl-payload-editor"

#include <glib/gi18n.h>

#include "sl-error.h"
#include "sl-format.h"
#include "sl-page.h"
#include "sl-payload-editor.h"
#include "sl-payload.h"

/* sl_payload_build() refuses more than this; refuse longer input early */
#define PAYLOAD_CAP SL_PAYLOAD_MAX_SIZE
/* Larger texts are kept in the editor but not in GSettings */
#define SETTINGS_TEXT_MAX (256 * 1024)
#define VALIDATE_DELAY_MS 150
#define PREVIEW_BYTES 32

struct _SlPayloadEditor
{
  GtkWidget parent_instance;

  GtkBox *mode_box;
  GtkLabel *mode_label;
  GtkBox *mode_buttons;
  GtkToggleButton *text_button;
  GtkToggleButton *hex_button;
  GtkToggleButton *struct_button;
  GtkLabel *hint_label;
  GtkScrolledWindow *text_scroller;
  GtkTextView *text_view;
  GtkBox *line_ending_box;
  GtkLabel *line_ending_label;
  GtkDropDown *line_ending_dropdown;
  GtkGrid *struct_grid;
  GtkLabel *format_label;
  GtkEntry *format_entry;
  GtkLabel *values_label;
  GtkEntry *values_entry;
  GtkCheckButton *format_first_check;
  GtkLabel *preview_label;

  SlPayloadMode mode;
  gboolean valid;
  gboolean updating_mode;
  guint validate_source;
  /* set when the last insertion was refused; cleared by the next edit */
  GError *refused_error;

  GSettings *settings;
  char *text_key;
  gboolean loading_text;
};

G_DEFINE_FINAL_TYPE (SlPayloadEditor, sl_payload_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODE,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const mode_names[] = { "text", "hex", "struct" };
static const char * const line_ending_names[] = { "none", "lf", "crlf" };

static void schedule_validate (SlPayloadEditor *self);
static void validate_now      (SlPayloadEditor *self);

static GtkTextBuffer *
get_buffer (SlPayloadEditor *self)
{
  return gtk_text_view_get_buffer (self->text_view);
}

static char *
dup_buffer_text (SlPayloadEditor *self)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static SlLineEnding
get_line_ending (SlPayloadEditor *self)
{
  guint selected = gtk_drop_down_get_selected (self->line_ending_dropdown);

  if (selected == 1)
    return SL_LINE_ENDING_LF;
  if (selected == 2)
    return SL_LINE_ENDING_CRLF;
  return SL_LINE_ENDING_NONE;
}

static GError *
too_large_error (gsize length)
{
  g_autofree char *size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);

  /* Translators: %s is a size such as "100.0 MiB" */
  return g_error_new (SL_ERROR, SL_ERROR_TOO_LARGE,
                      _("This text is %s long; Socket Lab sends at most 64 MiB at once. Send a shorter text."),
                      size);
}

static GPtrArray *
build_messages (SlPayloadEditor  *self,
                GError          **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  GBytes *bytes;

  if (self->refused_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->refused_error));
      return NULL;
    }

  if (self->mode == SL_PAYLOAD_STRUCT)
    {
      const char *format = gtk_editable_get_text (GTK_EDITABLE (self->format_entry));
      const char *values = gtk_editable_get_text (GTK_EDITABLE (self->values_entry));

      bytes = sl_payload_build (SL_PAYLOAD_STRUCT, values, format, SL_LINE_ENDING_NONE, error);
      if (bytes == NULL)
        return NULL;

      if (gtk_check_button_get_active (self->format_first_check))
        g_ptr_array_add (messages, g_bytes_new (format, strlen (format)));
      g_ptr_array_add (messages, bytes);
    }
  else
    {
      g_autofree char *text = NULL;
      gsize length;

      /* the char count is cheap; check it before copying the buffer */
      if ((gsize) gtk_text_buffer_get_char_count (get_buffer (self)) > PAYLOAD_CAP)
        {
          g_propagate_error (error, too_large_error (gtk_text_buffer_get_char_count (get_buffer (self))));
          return NULL;
        }

      text = dup_buffer_text (self);
      length = strlen (text);
      if (length > PAYLOAD_CAP)
        {
          g_propagate_error (error, too_large_error (length));
          return NULL;
        }

      bytes = sl_payload_build (self->mode, text, NULL,
                                self->mode == SL_PAYLOAD_TEXT ? get_line_ending (self) : SL_LINE_ENDING_NONE,
                                error);
      if (bytes == NULL)
        return NULL;
      g_ptr_array_add (messages, bytes);
    }

  return g_steal_pointer (&messages);
}

static char *
describe_bytes (GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autofree char *count = sl_format_count (len);
  g_autofree char *hex = NULL;

  if (len == 0)
    return g_strdup (_("0 bytes: nothing to send yet."));

  hex = sl_payload_to_hex (data, MIN (len, PREVIEW_BYTES));
  if (len > PREVIEW_BYTES)
    {
      char *more = g_strconcat (hex, " …", NULL);

      g_free (hex);
      hex = more;
    }

  /* Translators: "5 bytes: 68 65 6c 6c 6f", the bytes to send in hex */
  return g_strdup_printf (ngettext ("%s byte: %s", "%s bytes: %s", len), count, hex);
}

static void
set_valid (SlPayloadEditor *self,
           gboolean         valid)
{
  valid = !!valid;
  if (self->valid == valid)
    return;

  self->valid = valid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

static void
save_text (SlPayloadEditor *self)
{
  g_autofree char *text = NULL;
  g_autofree char *stored = NULL;

  if (self->settings == NULL || self->loading_text)
    return;
  if (gtk_text_buffer_get_char_count (get_buffer (self)) > SETTINGS_TEXT_MAX)
    return;

  text = dup_buffer_text (self);
  stored = g_settings_get_string (self->settings, self->text_key);
  if (g_strcmp0 (text, stored) != 0)
    g_settings_set_string (self->settings, self->text_key, text);
}

static void
validate_now (SlPayloadEditor *self)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->validate_source, g_source_remove);

  messages = build_messages (self, &error);
  if (messages == NULL)
    {
      gtk_label_set_text (self->preview_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "error-message");
      set_valid (self, FALSE);
    }
  else
    {
      g_autofree char *first = describe_bytes (g_ptr_array_index (messages, 0));

      if (messages->len == 2)
        {
          g_autofree char *second = describe_bytes (g_ptr_array_index (messages, 1));
          g_autofree char *text = NULL;

          /* Translators: the two messages of the struct client; each %s is
           * "N bytes: 31 31 73 …" */
          text = g_strdup_printf (_("First the format, %s\nthen the packed data, %s"), first, second);
          gtk_label_set_text (self->preview_label, text);
        }
      else
        {
          gtk_label_set_text (self->preview_label, first);
        }
      gtk_widget_remove_css_class (GTK_WIDGET (self->preview_label), "error-message");
      set_valid (self, TRUE);
    }

  save_text (self);
}

static gboolean
on_validate_timeout (gpointer user_data)
{
  SlPayloadEditor *self = user_data;

  self->validate_source = 0;
  validate_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_validate (SlPayloadEditor *self)
{
  g_clear_handle_id (&self->validate_source, g_source_remove);
  self->validate_source = g_timeout_add (VALIDATE_DELAY_MS, on_validate_timeout, self);
}

static void
on_buffer_insert_text (SlPayloadEditor *self,
                       GtkTextIter     *location,
                       const char      *text,
                       int              len,
                       GtkTextBuffer   *buffer)
{
  gsize total = (gsize) len + (gsize) gtk_text_buffer_get_char_count (buffer);

  if (total <= PAYLOAD_CAP)
    return;

  g_signal_stop_emission_by_name (buffer, "insert-text");
  g_clear_error (&self->refused_error);
  self->refused_error = too_large_error (total);
  validate_now (self);
}

static void
on_buffer_changed (SlPayloadEditor *self)
{
  g_clear_error (&self->refused_error);
  schedule_validate (self);
}

static void
update_mode_widgets (SlPayloadEditor *self)
{
  const char *hint = NULL;

  switch (self->mode)
    {
    case SL_PAYLOAD_TEXT:
      hint = _("Escapes: \\n newline, \\r carriage return, \\t tab, \\xHH any byte (\\x00 is a zero byte), \\\\ a backslash.");
      break;
    case SL_PAYLOAD_HEX:
      hint = _("Two hex digits per byte, with or without spaces: 48 65 6c 6c 6f, 48656c6c6f or 0x48 0x65.");
      break;
    case SL_PAYLOAD_STRUCT:
    default:
      hint = _("A format as in Python's struct module, e.g. 11sIf: 11 bytes, an unsigned int and a float. Values separated by commas, e.g. b\"hello world\", 42, 3.5");
      break;
    }

  gtk_label_set_text (self->hint_label, hint);
  gtk_widget_set_visible (GTK_WIDGET (self->text_scroller), self->mode != SL_PAYLOAD_STRUCT);
  gtk_widget_set_visible (GTK_WIDGET (self->line_ending_box), self->mode == SL_PAYLOAD_TEXT);
  gtk_widget_set_visible (GTK_WIDGET (self->struct_grid), self->mode == SL_PAYLOAD_STRUCT);

  self->updating_mode = TRUE;
  gtk_toggle_button_set_active (self->text_button, self->mode == SL_PAYLOAD_TEXT);
  gtk_toggle_button_set_active (self->hex_button, self->mode == SL_PAYLOAD_HEX);
  gtk_toggle_button_set_active (self->struct_button, self->mode == SL_PAYLOAD_STRUCT);
  self->updating_mode = FALSE;
}

static void
set_mode (SlPayloadEditor *self,
          SlPayloadMode    mode)
{
  if (self->mode == mode)
    return;

  self->mode = mode;
  update_mode_widgets (self);
  validate_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

/* When the student switches between Text and Hex, the same bytes are shown
 * the other way, so that "hello" becomes "68 65 6c 6c 6f" and back. */
static void
convert_buffer (SlPayloadEditor *self,
                SlPayloadMode    from,
                SlPayloadMode    to)
{
  g_autofree char *text = NULL;
  g_autofree char *converted = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gsize len;

  if (gtk_text_buffer_get_char_count (get_buffer (self)) > SETTINGS_TEXT_MAX)
    return;

  text = dup_buffer_text (self);
  if (from == SL_PAYLOAD_TEXT && to == SL_PAYLOAD_HEX)
    bytes = sl_payload_unescape (text, -1, NULL);
  else if (from == SL_PAYLOAD_HEX && to == SL_PAYLOAD_TEXT)
    bytes = sl_payload_parse_hex (text, NULL);
  if (bytes == NULL)
    return;

  data = g_bytes_get_data (bytes, &len);
  if (to == SL_PAYLOAD_HEX)
    converted = sl_payload_to_hex (data, len);
  else
    converted = sl_payload_escape (data, len);
  if (converted != NULL)
    gtk_text_buffer_set_text (get_buffer (self), converted, -1);
}

static void
on_mode_button_toggled (SlPayloadEditor *self,
                        GtkToggleButton *button,
                        SlPayloadMode    mode)
{
  if (self->updating_mode || !gtk_toggle_button_get_active (button))
    return;

  convert_buffer (self, self->mode, mode);
  set_mode (self, mode);
}

static void
on_text_button_toggled (SlPayloadEditor *self,
                        GtkToggleButton *button)
{
  on_mode_button_toggled (self, button, SL_PAYLOAD_TEXT);
}

static void
on_hex_button_toggled (SlPayloadEditor *self,
                       GtkToggleButton *button)
{
  on_mode_button_toggled (self, button, SL_PAYLOAD_HEX);
}

static void
on_struct_button_toggled (SlPayloadEditor *self,
                          GtkToggleButton *button)
{
  on_mode_button_toggled (self, button, SL_PAYLOAD_STRUCT);
}

static void
sl_payload_editor_dispose (GObject *object)
{
  SlPayloadEditor *self = SL_PAYLOAD_EDITOR (object);
  GtkWidget *child;

  g_clear_handle_id (&self->validate_source, g_source_remove);
  g_clear_object (&self->settings);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sl_payload_editor_parent_class)->dispose (object);
}

static void
sl_payload_editor_finalize (GObject *object)
{
  SlPayloadEditor *self = SL_PAYLOAD_EDITOR (object);

  g_clear_error (&self->refused_error);
  g_free (self->text_key);

  G_OBJECT_CLASS (sl_payload_editor_parent_class)->finalize (object);
}

static void
sl_payload_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SlPayloadEditor *self = SL_PAYLOAD_EDITOR (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_string (value, mode_names[self->mode]);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_payload_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SlPayloadEditor *self = SL_PAYLOAD_EDITOR (object);

  switch (prop_id)
    {
    case PROP_MODE:
      {
        const char *name = g_value_get_string (value);

        for (guint i = 0; i < G_N_ELEMENTS (mode_names); i++)
          if (g_strcmp0 (name, mode_names[i]) == 0)
            set_mode (self, (SlPayloadMode) i);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_payload_editor_class_init (SlPayloadEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_payload_editor_dispose;
  object_class->finalize = sl_payload_editor_finalize;
  object_class->get_property = sl_payload_editor_get_property;
  object_class->set_property = sl_payload_editor_set_property;

  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL, "text",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  sl_ui_register_resources ();

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketlab/SocketLab/sl-payload-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, mode_box);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, mode_label);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, mode_buttons);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, text_button);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, hex_button);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, struct_button);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, text_scroller);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, text_view);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, line_ending_box);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, line_ending_label);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, line_ending_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, struct_grid);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, format_label);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, format_entry);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, values_label);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, values_entry);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, format_first_check);
  gtk_widget_class_bind_template_child (widget_class, SlPayloadEditor, preview_label);
  gtk_widget_class_bind_template_callback (widget_class, on_text_button_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_hex_button_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_struct_button_toggled);
}

static void
sl_payload_editor_init (SlPayloadEditor *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  self->mode = SL_PAYLOAD_TEXT;
  update_mode_widgets (self);

  g_signal_connect_object (get_buffer (self), "insert-text",
                           G_CALLBACK (on_buffer_insert_text), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (get_buffer (self), "changed",
                           G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->format_entry, "changed",
                           G_CALLBACK (schedule_validate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->values_entry, "changed",
                           G_CALLBACK (schedule_validate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->format_first_check, "toggled",
                           G_CALLBACK (validate_now), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->line_ending_dropdown, "notify::selected",
                           G_CALLBACK (validate_now), self, G_CONNECT_SWAPPED);

  validate_now (self);
}

GtkWidget *
sl_payload_editor_new (void)
{
  return g_object_new (SL_TYPE_PAYLOAD_EDITOR, NULL);
}

static gboolean
line_ending_get_mapping (GValue   *value,
                         GVariant *variant,
                         gpointer  user_data)
{
  const char *name = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (line_ending_names); i++)
    if (g_strcmp0 (name, line_ending_names[i]) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
line_ending_set_mapping (const GValue       *value,
                         const GVariantType *expected_type,
                         gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (line_ending_names))
    return NULL;
  return g_variant_new_string (line_ending_names[i]);
}

static void
load_text (SlPayloadEditor *self)
{
  g_autofree char *stored = g_settings_get_string (self->settings, self->text_key);
  g_autofree char *text = dup_buffer_text (self);

  if (g_strcmp0 (stored, text) == 0)
    return;

  self->loading_text = TRUE;
  gtk_text_buffer_set_text (get_buffer (self), stored, -1);
  self->loading_text = FALSE;
}

void
sl_payload_editor_bind_settings (SlPayloadEditor *self,
                                 GSettings       *settings,
                                 const char      *prefix)
{
  g_autofree char *mode_key = NULL;
  g_autofree char *format_key = NULL;
  g_autofree char *values_key = NULL;
  g_autofree char *first_key = NULL;
  g_autofree char *ending_key = NULL;
  g_autofree char *signal = NULL;

  g_return_if_fail (SL_IS_PAYLOAD_EDITOR (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (prefix != NULL);
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  self->text_key = g_strconcat (prefix, "-payload-text", NULL);
  mode_key = g_strconcat (prefix, "-payload-mode", NULL);
  format_key = g_strconcat (prefix, "-struct-format", NULL);
  values_key = g_strconcat (prefix, "-struct-values", NULL);
  first_key = g_strconcat (prefix, "-send-format-first", NULL);
  ending_key = g_strconcat (prefix, "-line-ending", NULL);

  /* nothing is saved until the stored text is loaded */
  self->loading_text = TRUE;
  g_settings_bind (settings, mode_key, self, "mode", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, format_key, self->format_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, values_key, self->values_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, first_key, self->format_first_check, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, ending_key,
                                self->line_ending_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                line_ending_get_mapping, line_ending_set_mapping,
                                NULL, NULL);

  /* The text is saved by hand, after validation, and only while small */
  self->loading_text = FALSE;
  load_text (self);
  signal = g_strconcat ("changed::", self->text_key, NULL);
  g_signal_connect_object (settings, signal, G_CALLBACK (load_text), self, G_CONNECT_SWAPPED);

  validate_now (self);
}

GPtrArray *
sl_payload_editor_build (SlPayloadEditor  *self,
                         GError          **error)
{
  g_return_val_if_fail (SL_IS_PAYLOAD_EDITOR (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return build_messages (self, error);
}

gboolean
sl_payload_editor_get_valid (SlPayloadEditor *self)
{
  g_return_val_if_fail (SL_IS_PAYLOAD_EDITOR (self), FALSE);

  return self->valid;
}

const char *
sl_payload_editor_get_struct_format (SlPayloadEditor *self)
{
  g_return_val_if_fail (SL_IS_PAYLOAD_EDITOR (self), "");

  return gtk_editable_get_text (GTK_EDITABLE (self->format_entry));
}
