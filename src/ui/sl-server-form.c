/* sl-server-form.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Shared pieces of the pages that bind and answer (TCP server, UDP): kept
 * as functions on plain GTK widgets, so each page keeps its own layout. */

#include "config.h"

#define G_LOG_DOMAIN "sl-server-form"

#include <glib/gi18n.h>

#include "sl-local-addresses.h"
#include "sl-payload.h"
#include "sl-server-form.h"

/* In the order of SlReplyMode, as the reply drop-down lists them */
static const char * const reply_mode_keys[] = { "none", "echo", "text", "timestamp", "number-game" };

static void
on_address_item_setup (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item,
                       gpointer                  with_explanation)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *address = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (address), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (address), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (address, "monospace");
  gtk_box_append (GTK_BOX (box), address);

  if (with_explanation)
    {
      GtkWidget *explanation = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (explanation), 0.0);
      gtk_label_set_wrap (GTK_LABEL (explanation), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (explanation), 40);
      gtk_widget_add_css_class (explanation, "hint");
      gtk_box_append (GTK_BOX (box), explanation);
      gtk_widget_set_margin_top (box, 3);
      gtk_widget_set_margin_bottom (box, 3);
    }

  gtk_list_item_set_child (list_item, box);
}

static void
on_address_item_bind (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      gpointer                  with_explanation)
{
  SlLocalAddress *address = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *label = gtk_widget_get_first_child (box);

  gtk_label_set_text (GTK_LABEL (label), sl_local_address_get_address (address));
  if (with_explanation)
    gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (label)),
                        sl_local_address_get_explanation (address));
}

void
sl_address_dropdown_setup (GtkDropDown *dropdown,
                           GListModel  *addresses)
{
  GtkListItemFactory *factory;

  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));
  g_return_if_fail (G_IS_LIST_MODEL (addresses));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_address_item_setup), GINT_TO_POINTER (FALSE));
  g_signal_connect (factory, "bind", G_CALLBACK (on_address_item_bind), GINT_TO_POINTER (FALSE));
  gtk_drop_down_set_factory (dropdown, factory);
  g_object_unref (factory);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_address_item_setup), GINT_TO_POINTER (TRUE));
  g_signal_connect (factory, "bind", G_CALLBACK (on_address_item_bind), GINT_TO_POINTER (TRUE));
  gtk_drop_down_set_list_factory (dropdown, factory);
  g_object_unref (factory);

  gtk_drop_down_set_model (dropdown, addresses);
}

gboolean
sl_address_dropdown_select (GtkDropDown *dropdown,
                            const char  *address)
{
  GListModel *addresses;
  guint i, n;

  g_return_val_if_fail (GTK_IS_DROP_DOWN (dropdown), FALSE);

  addresses = gtk_drop_down_get_model (dropdown);
  n = addresses != NULL ? g_list_model_get_n_items (addresses) : 0;

  for (i = 0; i < n; i++)
    {
      g_autoptr(SlLocalAddress) item = g_list_model_get_item (addresses, i);

      if (g_strcmp0 (sl_local_address_get_address (item), address) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return TRUE;
        }
    }

  /* The address is gone (an interface went down): loopback is first */
  if (n > 0)
    gtk_drop_down_set_selected (dropdown, 0);
  return FALSE;
}

const char *
sl_address_dropdown_get_address (GtkDropDown *dropdown)
{
  SlLocalAddress *address;

  g_return_val_if_fail (GTK_IS_DROP_DOWN (dropdown), NULL);

  address = gtk_drop_down_get_selected_item (dropdown);
  return address != NULL ? sl_local_address_get_address (address) : "127.0.0.1";
}

const char *
sl_address_dropdown_get_explanation (GtkDropDown *dropdown)
{
  SlLocalAddress *address;

  g_return_val_if_fail (GTK_IS_DROP_DOWN (dropdown), NULL);

  address = gtk_drop_down_get_selected_item (dropdown);
  return address != NULL ? sl_local_address_get_explanation (address) : "";
}

void
sl_reply_dropdown_setup (GtkDropDown *dropdown)
{
  g_autoptr(GtkStringList) modes = gtk_string_list_new (NULL);
  guint i;

  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));

  for (i = 0; i < G_N_ELEMENTS (reply_mode_keys); i++)
    gtk_string_list_append (modes, sl_reply_mode_get_label ((SlReplyMode) i));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (modes));
}

static gboolean
reply_mode_get_mapping (GValue   *value,
                        GVariant *variant,
                        gpointer  user_data)
{
  const char *key = g_variant_get_string (variant, NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (reply_mode_keys); i++)
    {
      if (g_str_equal (key, reply_mode_keys[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
reply_mode_set_mapping (const GValue       *value,
                        const GVariantType *expected_type,
                        gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (reply_mode_keys))
    return NULL;

  return g_variant_new_string (reply_mode_keys[i]);
}

void
sl_reply_dropdown_bind_settings (GtkDropDown *dropdown,
                                 GSettings   *settings,
                                 const char  *key)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_settings_bind_with_mapping (settings, key, dropdown, "selected", G_SETTINGS_BIND_DEFAULT,
                                reply_mode_get_mapping, reply_mode_set_mapping, NULL, NULL);
}

SlReplyMode
sl_reply_dropdown_get_mode (GtkDropDown *dropdown)
{
  guint mode;

  g_return_val_if_fail (GTK_IS_DROP_DOWN (dropdown), SL_REPLY_NONE);

  mode = gtk_drop_down_get_selected (dropdown);
  return mode < G_N_ELEMENTS (reply_mode_keys) ? (SlReplyMode) mode : SL_REPLY_NONE;
}

const char *
sl_reply_mode_get_hint (SlReplyMode mode,
                        gboolean    datagrams)
{
  switch (mode)
    {
    case SL_REPLY_ECHO:
      return datagrams
        ? _("Answers every datagram to its source: the same bytes go back to the address and port they came from, like the course’s UDP echo server.")
        : _("Sends back every chunk it receives until the client closes, like the course’s echo server.");
    case SL_REPLY_TEXT:
      return datagrams
        ? _("Answers every datagram to its source with this text. With the text ACK, every sender gets ACK back.")
        : _("Answers each message with this text. With the text ACK and “Close after reply”, this is the course’s threaded ACK server (port 9999).");
    case SL_REPLY_TIMESTAMP:
      return datagrams
        ? _("Answers every datagram to its source with the current time as an 8-byte double followed by the bytes it received.")
        : _("Reads once, answers with the current time as an 8-byte double followed by the bytes it read, then closes.");
    case SL_REPLY_NUMBER_GAME:
      return datagrams
        ? _("Reads “name,number”. For a number from 1 to 100 it answers “server name,random number” to the source; otherwise it answers nothing.")
        : _("Reads “name,number”. For a number from 1 to 100 it answers “server name,random number”; otherwise it closes without a word.");
    case SL_REPLY_NONE:
    default:
      return datagrams
        ? _("Nothing is sent automatically: received datagrams are only shown. Answer by hand with Send.")
        : _("Nothing is sent automatically: answer by hand with the message box on the right.");
    }
}

SlReplyConfig *
sl_reply_form_build (SlReplyMode   mode,
                     const char   *text,
                     gboolean      close_after,
                     const char   *server_name,
                     GError      **error)
{
  g_autoptr(SlReplyConfig) reply = sl_reply_config_new (mode);

  if (mode == SL_REPLY_TEXT)
    {
      g_autoptr(GBytes) bytes = sl_payload_unescape (text != NULL ? text : "", -1, error);
      const char *data;
      gsize len;

      if (bytes == NULL)
        return NULL;

      data = g_bytes_get_data (bytes, &len);
      g_free (reply->text);
      reply->text = g_strndup (data, len);
      reply->close_after = close_after;
    }
  else if (mode == SL_REPLY_NUMBER_GAME)
    {
      g_free (reply->server_name);
      reply->server_name = g_strdup (server_name != NULL ? server_name : "");
    }

  return g_steal_pointer (&reply);
}
