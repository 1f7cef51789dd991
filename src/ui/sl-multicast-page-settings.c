/* sl-multicast-page-settings.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Where the multicast page's form comes from: GSettings (multicast-*
 * keys), the list of interfaces that can do multicast, the user's name,
 * and the command line (--multicast, --interface, --chat-format, --name,
 * --reply), which fills the form and joins. */

#include "config.h"

#define G_LOG_DOMAIN "sl-multicast-page"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-multicast-page-private.h"
#include "sl-payload.h"
#include "sl-server-form.h"

/* GSettings values in the order of SlChatFormat, as the drop-down lists them */
static const char * const format_keys[] = { "mcc", "text" };

const char *
sl_multicast_page_get_interface (SlMulticastPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->interface_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  return gtk_string_list_get_string (self->interfaces, selected);
}

static gboolean
select_interface (SlMulticastPage *self,
                  const char      *name)
{
  guint i, n = g_list_model_get_n_items (G_LIST_MODEL (self->interfaces));

  if (name == NULL || name[0] == '\0')
    {
      gtk_drop_down_set_selected (self->interface_dropdown, 0);
      return TRUE;
    }

  for (i = 1; i < n; i++)
    {
      if (g_str_equal (gtk_string_list_get_string (self->interfaces, i), name))
        {
          gtk_drop_down_set_selected (self->interface_dropdown, i);
          return TRUE;
        }
    }

  return FALSE;
}

/* The interfaces come and go (a veth pair, a VPN) */
void
sl_multicast_page_refresh_interfaces (SlMulticastPage *self)
{
  g_auto(GStrv) names = sl_multicast_list_interfaces ();
  g_autofree char *selected = g_strdup (sl_multicast_page_get_interface (self));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->interfaces));

  if (n == 0)
    gtk_string_list_append (self->interfaces, _("Automatic"));
  else
    n--;

  /* a chosen interface that went away stays in the list: joining on it
   * explains that it does not exist */
  if (selected != NULL && !g_strv_contains ((const char * const *) names, selected))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      g_strv_builder_addv (builder, (const char **) names);
      g_strv_builder_add (builder, selected);
      g_strfreev (names);
      names = g_strv_builder_end (builder);
    }

  gtk_string_list_splice (self->interfaces, 1, n, (const char * const *) names);
  select_interface (self, selected);
}

/* GSettings mappings */

static gboolean
format_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *key = g_variant_get_string (variant, NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (format_keys); i++)
    {
      if (g_str_equal (key, format_keys[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
format_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (format_keys))
    return NULL;

  return g_variant_new_string (format_keys[i]);
}

static gboolean
interface_get_mapping (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  SlMulticastPage *self = user_data;
  const char *name = g_variant_get_string (variant, NULL);
  guint i, n = g_list_model_get_n_items (G_LIST_MODEL (self->interfaces));

  /* a saved interface that is gone: Automatic */
  g_value_set_uint (value, 0);
  for (i = 1; i < n; i++)
    {
      if (g_str_equal (gtk_string_list_get_string (self->interfaces, i), name))
        g_value_set_uint (value, i);
    }

  return TRUE;
}

static GVariant *
interface_set_mapping (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  SlMulticastPage *self = user_data;
  guint position = g_value_get_uint (value);

  if (position == 0 || position >= g_list_model_get_n_items (G_LIST_MODEL (self->interfaces)))
    return g_variant_new_string ("");

  return g_variant_new_string (gtk_string_list_get_string (self->interfaces, position));
}

/* The user's first name, as classmates call each other, or the login */
static char *
default_name (void)
{
  const char *real_name = g_get_real_name ();

  /* GLib says "Unknown" when the account has no real name */
  if (real_name != NULL && g_utf8_validate (real_name, -1, NULL)
      && g_strcmp0 (real_name, "Unknown") != 0)
    {
      g_auto(GStrv) words = g_strsplit_set (real_name, " ,", 2);

      if (words[0] != NULL && words[0][0] != '\0')
        return g_strdup (words[0]);
    }

  return g_strdup (g_get_user_name ());
}

void
sl_multicast_page_bind_settings (SlMulticastPage *self)
{
  g_settings_bind (self->settings, "multicast-group", self->group_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "multicast-port", self->port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "multicast-interface",
                                self->interface_dropdown, "selected", G_SETTINGS_BIND_DEFAULT,
                                interface_get_mapping, interface_set_mapping, self, NULL);
  g_settings_bind (self->settings, "multicast-ttl", self->ttl_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "multicast-loopback", self->loopback_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "multicast-name", self->name_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "multicast-format",
                                self->format_dropdown, "selected", G_SETTINGS_BIND_DEFAULT,
                                format_get_mapping, format_set_mapping, NULL, NULL);
  sl_reply_dropdown_bind_settings (self->reply_dropdown, self->settings, "multicast-reply-mode");
  g_settings_bind (self->settings, "multicast-reply-text", self->reply_text_entry, "text", G_SETTINGS_BIND_DEFAULT);
  sl_payload_editor_bind_settings (self->payload_editor, self->settings, "multicast");

  if (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))[0] == '\0')
    {
      g_autofree char *name = default_name ();

      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
    }
}

/* The command line: fills the form as the student would, then joins */
void
sl_multicast_page_apply_options (SlMulticastPage       *self,
                                 const SlLaunchOptions *options)
{
  if (options->multicast == NULL)
    return;

  sl_multicast_page_leave (self);

  gtk_editable_set_text (GTK_EDITABLE (self->group_entry), options->multicast->host);
  gtk_spin_button_set_value (self->port_spin, options->multicast->port);

  if (options->interface == NULL)
    {
      select_interface (self, NULL);
    }
  else if (!select_interface (self, options->interface))
    {
      /* not in the list (no IFF_MULTICAST): the engine says what it thinks */
      gtk_string_list_append (self->interfaces, options->interface);
      select_interface (self, options->interface);
    }

  gtk_drop_down_set_selected (self->format_dropdown,
                              options->chat_format_set ? options->chat_format : SL_CHAT_FORMAT_MCC);
  if (options->name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->name_entry), options->name);

  if (options->reply != NULL)
    {
      gtk_drop_down_set_selected (self->reply_dropdown, options->reply->mode);
      if (options->reply->mode == SL_REPLY_TEXT && options->reply->text != NULL)
        {
          g_autofree char *escaped = sl_payload_escape ((const guint8 *) options->reply->text,
                                                        strlen (options->reply->text));

          gtk_editable_set_text (GTK_EDITABLE (self->reply_text_entry), escaped);
        }
    }

  sl_multicast_page_join (self);
}
