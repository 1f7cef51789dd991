/* sl-test-ui.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the C UI tests share: bounded waits that run the main loop, a
 * window to show a page in, and ways to find a page's widgets. A test
 * may define SL_TEST_WAIT_US (how long sl_test_wait_for() waits, 10 s by
 * default) and SL_TEST_POLL_US (the sleep between iterations, 1 ms)
 * before including this file. */

#pragma once

#include <gtk/gtk.h>

#include "sl-page.h"
#include "sl-test-wait.h"

G_BEGIN_DECLS

#ifndef SL_TEST_WAIT_US
#define SL_TEST_WAIT_US (10 * G_USEC_PER_SEC)
#endif

#ifndef SL_TEST_POLL_US
#define SL_TEST_POLL_US 1000
#endif

/* The start of a page test's main(): settings in memory (nothing a
 * student saved is read or changed), the GLib test framework, GTK */
G_GNUC_UNUSED static void
sl_test_init_memory_settings (int    *argc,
                              char ***argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (argc, argv, NULL);
  gtk_init ();
}

/* The HTTP page serves the sample site of the source tree when the test
 * runs with SRCDIR set (before any thread starts: it sets the environment) */
G_GNUC_UNUSED static void
sl_test_use_sample_site (void)
{
  g_autofree char *site = NULL;

  if (g_getenv ("SRCDIR") == NULL)
    return;
  site = g_build_filename (g_getenv ("SRCDIR"), "data", "sample-site", NULL);
  g_setenv ("SOCKET_LAB_SAMPLE_SITE", site, TRUE);
}

/* Runs the main loop until @condition holds; FALSE after SL_TEST_WAIT_US */
G_GNUC_UNUSED static gboolean
sl_test_wait_for (SlTestCondition condition,
                  gpointer        data)
{
  gint64 deadline = g_get_monotonic_time () + SL_TEST_WAIT_US;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (SL_TEST_POLL_US);
    }

  return TRUE;
}

/* Runs the main loop for @ms milliseconds */
G_GNUC_UNUSED static void
sl_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* A template child of @widget's class @type; it must exist */
G_GNUC_UNUSED static GObject *
sl_test_template_child (GtkWidget  *widget,
                        GType       type,
                        const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (object);
  return object;
}

/* A template child of a final widget type, such as a page */
G_GNUC_UNUSED static GtkWidget *
sl_test_child (GtkWidget  *widget,
               const char *name)
{
  return GTK_WIDGET (sl_test_template_child (widget, G_OBJECT_TYPE (widget), name));
}

/* Template children carry their .ui id as buildable id: the widget under
 * @root with id @id, or NULL */
G_GNUC_UNUSED static GtkWidget *
sl_test_find_child (GtkWidget  *root,
                    const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (child)), id) == 0)
        return child;
      if ((found = sl_test_find_child (child, id)) != NULL)
        return found;
    }
  return NULL;
}

/* As sl_test_find_child(), but the widget must exist */
G_GNUC_UNUSED static GtkWidget *
sl_test_find (GtkWidget  *root,
              const char *id)
{
  GtkWidget *widget = sl_test_find_child (root, id);

  g_assert_nonnull (widget);
  return widget;
}

/* Whether a mapped label showing exactly @text is @widget or under it */
G_GNUC_UNUSED static gboolean
sl_test_has_label (GtkWidget  *widget,
                   const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (sl_test_has_label (child, text))
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  GtkWidget *widget;
  const char *text;
} SlTestLabelWait;

/* Condition for sl_test_wait_for() on a SlTestLabelWait */
G_GNUC_UNUSED static gboolean
sl_test_label_shown (gpointer data)
{
  SlTestLabelWait *wait = data;

  return sl_test_has_label (wait->widget, wait->text);
}

/* Types @text into the text mode of the page's "payload_editor" */
G_GNUC_UNUSED static void
sl_test_set_payload_text (GtkWidget  *page,
                          const char *text)
{
  GtkWidget *editor = sl_test_find (page, "payload_editor");

  g_object_set (editor, "mode", "text", NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (sl_test_find (editor, "text_view"))), text, -1);
}

/* A presented window of @width × @height that shows @child */
G_GNUC_UNUSED static GtkWidget *
sl_test_window_new (GtkWidget *child,
                    int        width,
                    int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Conditions for sl_test_wait_for() */

G_GNUC_UNUSED static gboolean
sl_test_page_running (gpointer data)
{
  return sl_page_get_running (SL_PAGE (data));
}

G_GNUC_UNUSED static gboolean
sl_test_page_stopped (gpointer data)
{
  return !sl_page_get_running (SL_PAGE (data));
}

G_GNUC_UNUSED static gboolean
sl_test_widget_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

G_END_DECLS
