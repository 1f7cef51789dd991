/* test-multicast-page.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The multicast chat page driven through its widgets. The group is checked
 * as it is typed; then the page joins 225.0.0.250 on lo with a free port,
 * and a plain UDP socket in the test plays a classmate's mcc.py: it joins
 * the same group on lo, sends the pickles Python 3 writes, and reads what
 * the page sends. Loopback only (IP_MULTICAST_IF lo, TTL 1); every wait
 * is bounded. */

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtk/gtk.h>

#include "sl-launch-options.h"
#include "sl-multicast-chat.h"
#include "sl-multicast-page.h"

#include "sl-test-net.h"
#include "sl-test-ui.h"

#define WAIT_US (10 * G_USEC_PER_SEC)
#define GROUP   "225.0.0.250"

/* pickle.dumps(..., protocol=3) by Python 3 */
static const guint8 bob_says_hi[] =
  "\x80\x03\x5d\x71\x00\x28\x58\x01\x00\x00\x00\x53\x71\x01\x43\x03\x62\x6f\x62\x71\x02\x43\x02\x68\x69\x71\x03\x65\x2e";
static const guint8 alice_joins[] =
  "\x80\x03\x5d\x71\x00\x28\x58\x01\x00\x00\x00\x4a\x71\x01\x43\x05\x61\x6c\x69\x63\x65\x71\x02\x65\x2e";
static const guint8 alice_leaves[] =
  "\x80\x03\x5d\x71\x00\x28\x58\x01\x00\x00\x00\x4c\x71\x01\x43\x05\x61\x6c\x69\x63\x65\x71\x02\x65\x2e";
static const guint8 alice_says_hello[] =
  "\x80\x03\x5d\x71\x00\x28\x58\x01\x00\x00\x00\x53\x71\x01\x43\x05\x61\x6c\x69\x63\x65\x71\x02\x43\x0b"
  "\x68\x65\x6c\x6c\x6f\x20\x67\x72\x6f\x75\x70\x71\x03\x65\x2e";

static GtkWidget *
new_page_in_window (GtkWidget **window)
{
  GtkWidget *page = sl_multicast_page_new ();

  *window = sl_test_window_new (page, 1180, 760);
  return page;
}

typedef struct
{
  GtkWidget *page;
  const char *needle;
} TranscriptWait;

static gboolean
transcript_has (gpointer data)
{
  TranscriptWait *wait = data;
  g_autofree char *text = sl_multicast_page_dup_transcript_text (SL_MULTICAST_PAGE (wait->page));

  return strstr (text, wait->needle) != NULL;
}

static void
assert_transcript_has (GtkWidget  *page,
                       const char *needle)
{
  TranscriptWait wait = { page, needle };

  if (!sl_test_wait_for (transcript_has, &wait))
    {
      g_autofree char *text = sl_multicast_page_dup_transcript_text (SL_MULTICAST_PAGE (page));

      g_test_message ("transcript:\n%s", text);
      g_error ("“%s” did not appear in the transcript", needle);
    }
}

static void
test_group_check (void)
{
  GtkWidget *window, *page, *entry, *error_label, *scope_label;
  g_autofree char *link_local = sl_multicast_group_describe_scope ("ff02::1");
  g_autofree char *site_local = sl_multicast_group_describe_scope ("ff15::1");
  const char *text;

  page = new_page_in_window (&window);
  entry = sl_test_child (page, "group_entry");
  error_label = sl_test_child (page, "group_error_label");
  scope_label = sl_test_child (page, "scope_label");

  /* A unicast address: the message under the entry, and no Join */
  gtk_editable_set_text (GTK_EDITABLE (entry), "10.0.0.1");
  g_assert_true (gtk_widget_get_visible (error_label));
  text = gtk_label_get_text (GTK_LABEL (error_label));
  g_test_message ("10.0.0.1: %s", text);
  g_assert_nonnull (strstr (text, "10.0.0.1"));
  g_assert_nonnull (strstr (text, "multicast"));
  g_assert_false (gtk_widget_get_sensitive (sl_test_child (page, "join_button")));

  /* ff02::1: link-local */
  gtk_editable_set_text (GTK_EDITABLE (entry), "ff02::1");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_get_sensitive (sl_test_child (page, "join_button")));
  text = gtk_label_get_text (GTK_LABEL (scope_label));
  g_test_message ("ff02::1: %s", text);
  g_assert_cmpstr (text, ==, link_local);
  g_assert_nonnull (strstr (text, "Link-local"));

  /* ff15::…: site-local, temporary, as the course's chat group */
  gtk_editable_set_text (GTK_EDITABLE (entry), "ff15:7079:7468:6f6e:6465:6d6f:6d63:6173");
  g_assert_false (gtk_widget_get_visible (error_label));
  text = gtk_label_get_text (GTK_LABEL (scope_label));
  g_test_message ("ff15::…: %s", text);
  g_assert_cmpstr (text, ==, site_local);
  g_assert_cmpstr (text, !=, link_local);
  g_assert_nonnull (strstr (text, "ff15"));

  /* Half typed: no message yet, but no Join either */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_false (gtk_widget_get_sensitive (sl_test_child (page, "join_button")));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_formats (void)
{
  GtkWidget *window, *page;
  GtkDropDown *format;

  page = new_page_in_window (&window);
  format = GTK_DROP_DOWN (sl_test_child (page, "format_dropdown"));

  /* mcc.py sends only valid chat messages: no reply modes, no raw bytes */
  gtk_drop_down_set_selected (format, SL_CHAT_FORMAT_MCC);
  g_assert_false (gtk_widget_get_visible (sl_test_child (page, "reply_dropdown")));
  g_assert_false (gtk_widget_get_visible (sl_test_child (page, "bytes_expander")));

  gtk_drop_down_set_selected (format, SL_CHAT_FORMAT_TEXT);
  g_assert_true (gtk_widget_get_visible (sl_test_child (page, "reply_dropdown")));
  g_assert_true (gtk_widget_get_visible (sl_test_child (page, "bytes_expander")));
  gtk_drop_down_set_selected (format, SL_CHAT_FORMAT_MCC);

  /* The menu of usual groups: the course's 224.1.1.1 exercise… */
  gtk_widget_activate_action (page, "page.use-preset", "s", "ack-ipv4");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sl_test_child (page, "group_entry"))), ==, "224.1.1.1");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (sl_test_child (page, "port_spin"))), ==, 49003);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (sl_test_child (page, "ttl_spin"))), ==, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (format), ==, SL_CHAT_FORMAT_TEXT);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (sl_test_child (page, "reply_dropdown"))), ==, SL_REPLY_TEXT);
  g_assert_true (gtk_widget_get_visible (sl_test_child (page, "reply_text_entry")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sl_test_child (page, "reply_text_entry"))), ==, "ack");

  /* …and mcc.py's IPv4 group */
  gtk_widget_activate_action (page, "page.use-preset", "s", "mcc-ipv4");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sl_test_child (page, "group_entry"))), ==, SL_MULTICAST_DEFAULT_GROUP_V4);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (sl_test_child (page, "port_spin"))), ==, SL_MULTICAST_DEFAULT_PORT);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (sl_test_child (page, "ttl_spin"))), ==, 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (format), ==, SL_CHAT_FORMAT_MCC);
  g_assert_false (gtk_widget_get_visible (sl_test_child (page, "reply_dropdown")));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A classmate's mcc.py: a UDP socket on the chat's port, in the group on lo */

static int
peer_open (guint16 port)
{
  struct sockaddr_in address = { .sin_family = AF_INET };
  struct ip_mreqn mreq = { 0 };
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  int one = 1;
  guchar ttl = 1;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one), ==, 0);
  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one), ==, 0);
  address.sin_addr.s_addr = htonl (INADDR_ANY);
  address.sin_port = htons (port);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &address, sizeof address), ==, 0);

  mreq.imr_ifindex = (int) if_nametoindex ("lo");
  g_assert_cmpint (mreq.imr_ifindex, >, 0);
  g_assert_cmpint (inet_pton (AF_INET, GROUP, &mreq.imr_multiaddr), ==, 1);
  g_assert_cmpint (setsockopt (fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof mreq), ==, 0);
  g_assert_cmpint (setsockopt (fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof mreq), ==, 0);
  g_assert_cmpint (setsockopt (fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl), ==, 0);

  return fd;
}

static void
peer_send (int           fd,
           guint16       port,
           const guint8 *data,
           gsize         len)
{
  struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons (port) };

  g_assert_cmpint (inet_pton (AF_INET, GROUP, &to.sin_addr), ==, 1);
  g_assert_cmpint (sendto (fd, data, len, 0, (struct sockaddr *) &to, sizeof to), ==, (gssize) len);
}

/* Reads datagrams (while the page's main loop runs) until one equals
 * @expected; bounded */
static gboolean
peer_receives (int           fd,
               const guint8 *expected,
               gsize         expected_len)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_US;
  guint8 buffer[2048];

  while (g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      gssize n;

      g_main_context_iteration (NULL, FALSE);
      if (poll (&pfd, 1, 10) <= 0)
        continue;

      n = recv (fd, buffer, sizeof buffer, 0);
      if (n < 0)
        {
          g_assert_true (errno == EAGAIN || errno == EINTR);
          continue;
        }
      if ((gsize) n == expected_len && memcmp (buffer, expected, expected_len) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
select_interface (GtkWidget  *page,
                  const char *name)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (sl_test_child (page, "interface_dropdown"));
  GListModel *model = gtk_drop_down_get_model (dropdown);
  guint i, n = g_list_model_get_n_items (model);

  for (i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), name))
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }

  g_error ("the interface %s is not in the drop-down", name);
}

/* Whether the memberships list shows @group on @interface (@first: as
 * its first row) */
static gboolean
memberships_show (GtkWidget  *page,
                  const char *interface,
                  const char *group,
                  gboolean    first)
{
  GtkListBox *box = GTK_LIST_BOX (sl_test_child (page, "memberships_box"));
  GtkListBoxRow *row;
  int i;

  for (i = 0; (row = gtk_list_box_get_row_at_index (box, i)) != NULL && (!first || i == 0); i++)
    {
      GtkWidget *row_box = gtk_list_box_row_get_child (row);
      GtkWidget *interface_label = gtk_widget_get_first_child (row_box);
      GtkWidget *group_label = gtk_widget_get_next_sibling (interface_label);

      if (g_str_equal (gtk_label_get_text (GTK_LABEL (interface_label)), interface)
          && g_str_equal (gtk_label_get_text (GTK_LABEL (group_label)), group))
        return TRUE;
    }

  return FALSE;
}

static void
test_chat_on_loopback (void)
{
  GtkWidget *window, *page, *message_entry;
  g_autofree char *port_text = NULL;
  guint16 port = sl_test_free_udp_port ("127.0.0.1");
  int peer;

  g_test_message ("port %u", port);
  peer = peer_open (port);

  page = new_page_in_window (&window);
  gtk_editable_set_text (GTK_EDITABLE (sl_test_child (page, "group_entry")), GROUP);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sl_test_child (page, "port_spin")), port);
  select_interface (page, "lo");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sl_test_child (page, "ttl_spin")), 1);
  gtk_switch_set_active (GTK_SWITCH (sl_test_child (page, "loopback_switch")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (sl_test_child (page, "name_entry")), "alice");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sl_test_child (page, "format_dropdown")), SL_CHAT_FORMAT_MCC);

  g_assert_true (gtk_widget_activate (sl_test_child (page, "join_button")));
  if (!sl_test_wait_for (sl_test_page_running, page))
    g_error ("the page did not join: %s", gtk_label_get_text (GTK_LABEL (sl_test_child (page, "error_label"))));
  g_assert_false (gtk_widget_get_visible (sl_test_child (page, "error_label")));
  g_test_message ("status: %s", gtk_label_get_text (GTK_LABEL (sl_test_child (page, "status_label"))));
  port_text = g_strdup_printf ("%u", port);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (sl_test_child (page, "status_label"))), port_text));
  /* the socket's options cannot change while joined */
  g_assert_false (gtk_widget_get_sensitive (sl_test_child (page, "group_entry")));

  /* Joining says J, as mcc.py does; with loopback on it comes back marked */
  g_assert_true (peer_receives (peer, alice_joins, sizeof alice_joins - 1));
  assert_transcript_has (page, "alice joins (you)");

  /* The group is listed among this computer's memberships, first */
  g_assert_true (memberships_show (page, "lo", GROUP, TRUE));

  /* A classmate speaks */
  peer_send (peer, port, bob_says_hi, sizeof bob_says_hi - 1);
  assert_transcript_has (page, "bob says hi");
  {
    g_autofree char *text = sl_multicast_page_dup_transcript_text (SL_MULTICAST_PAGE (page));
    /* the kernel picks the source address (a global one, not 127.0.0.1) */
    g_autofree char *sender = g_strdup_printf (":%u) bob says hi\n", port);

    /* the sender by address and port, and not marked as one's own */
    g_test_message ("transcript:\n%s", text);
    g_assert_nonnull (strstr (text, sender));
  }

  /* Garbage: hex with a note, never a crash */
  peer_send (peer, port, (const guint8 *) "hello", 5);
  assert_transcript_has (page, "sent 5 bytes that are not a valid message: ");
  assert_transcript_has (page, "68 65 6c 6c 6f");

  /* Return in the message entry sends S */
  message_entry = sl_test_child (page, "message_entry");
  gtk_editable_set_text (GTK_EDITABLE (message_entry), "hello group");
  g_signal_emit_by_name (message_entry, "activate");
  g_assert_true (peer_receives (peer, alice_says_hello, sizeof alice_says_hello - 1));
  assert_transcript_has (page, "alice says hello group (you)");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (message_entry)), ==, "");

  /* Leave says L and closes */
  g_assert_true (gtk_widget_activate (sl_test_child (page, "leave_button")));
  g_assert_true (sl_test_wait_for (sl_test_page_stopped, page));
  g_assert_true (peer_receives (peer, alice_leaves, sizeof alice_leaves - 1));
  g_assert_true (gtk_widget_get_sensitive (sl_test_child (page, "group_entry")));
  /* the test's own socket is still in the group */
  g_assert_true (memberships_show (page, "lo", GROUP, FALSE));
  g_assert_false (gtk_widget_get_sensitive (sl_test_child (page, "say_button")));

  gtk_window_destroy (GTK_WINDOW (window));
  close (peer);
}

/* A sender on a port of its own (the course's 224.1.1.1 exercise): the
 * reply goes back to it by unicast, never to the group */
static int
sender_open (void)
{
  struct ip_mreqn mreq = { 0 };
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);

  g_assert_cmpint (fd, >=, 0);
  mreq.imr_ifindex = (int) if_nametoindex ("lo");
  g_assert_cmpint (setsockopt (fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof mreq), ==, 0);

  return fd;
}

static void
test_text_format (void)
{
  GtkWidget *window, *page;
  guint16 port = sl_test_free_udp_port ("127.0.0.1");
  int peer, sender;

  peer = peer_open (port);
  sender = sender_open ();

  page = new_page_in_window (&window);
  gtk_editable_set_text (GTK_EDITABLE (sl_test_child (page, "group_entry")), GROUP);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sl_test_child (page, "port_spin")), port);
  select_interface (page, "lo");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sl_test_child (page, "format_dropdown")), SL_CHAT_FORMAT_TEXT);
  /* the course's receivers answer ack */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sl_test_child (page, "reply_dropdown")), SL_REPLY_TEXT);
  g_assert_true (gtk_widget_get_visible (sl_test_child (page, "reply_text_entry")));
  gtk_editable_set_text (GTK_EDITABLE (sl_test_child (page, "reply_text_entry")), "ack");

  g_assert_true (gtk_widget_activate (sl_test_child (page, "join_button")));
  if (!sl_test_wait_for (sl_test_page_running, page))
    g_error ("the page did not join: %s", gtk_label_get_text (GTK_LABEL (sl_test_child (page, "error_label"))));

  /* Plain text shows the sender by address; the answer goes back to it */
  peer_send (sender, port, (const guint8 *) "hello", 5);
  assert_transcript_has (page, ") says hello\n");
  g_assert_true (peer_receives (sender, (const guint8 *) "ack", 3));

  /* The payload editor's bytes go to the group as they are (its text is
   * "hello" by default) */
  g_assert_true (gtk_widget_activate (sl_test_child (page, "send_bytes_button")));
  g_assert_true (peer_receives (peer, (const guint8 *) "hello", 5));

  sl_page_stop_all (SL_PAGE (page));
  g_assert_true (sl_test_wait_for (sl_test_page_stopped, page));
  gtk_window_destroy (GTK_WINDOW (window));
  close (sender);
  close (peer);
}

/* --multicast=225.0.0.250:PORT --interface=lo --name=carol: joins at
 * launch; closing the window (stop_all) says L */
static void
test_launch_options (void)
{
  GtkWidget *window, *page;
  g_autoptr(SlLaunchOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *multicast = NULL;
  guint16 port = sl_test_free_udp_port ("127.0.0.1");
  static const guint8 carol_leaves[] =
    "\x80\x03\x5d\x71\x00\x28\x58\x01\x00\x00\x00\x4c\x71\x01\x43\x05\x63\x61\x72\x6f\x6c\x71\x02\x65\x2e";
  char *argv[] = { "socket-lab", NULL, "--interface=lo", "--name=carol", "--chat-format=mcc", NULL };
  int peer;

  multicast = g_strdup_printf ("--multicast=" GROUP ":%u", port);
  argv[1] = multicast;
  options = sl_launch_options_parse (argv, NULL, &error);
  g_assert_no_error (error);

  peer = peer_open (port);
  page = new_page_in_window (&window);
  sl_page_apply_launch_options (SL_PAGE (page), options);
  g_assert_true (sl_test_wait_for (sl_test_page_running, page));
  assert_transcript_has (page, "carol joins (you)");

  sl_page_stop_all (SL_PAGE (page));
  g_assert_true (sl_test_wait_for (sl_test_page_stopped, page));
  g_assert_true (peer_receives (peer, carol_leaves, sizeof carol_leaves - 1));

  gtk_window_destroy (GTK_WINDOW (window));
  close (peer);
}

int
main (int   argc,
      char *argv[])
{
  sl_test_init_memory_settings (&argc, &argv);

  g_test_add_func ("/multicast-page/group-check", test_group_check);
  g_test_add_func ("/multicast-page/formats", test_formats);
  g_test_add_func ("/multicast-page/chat-on-loopback", test_chat_on_loopback);
  g_test_add_func ("/multicast-page/text-format", test_text_format);
  g_test_add_func ("/multicast-page/launch-options", test_launch_options);

  return g_test_run ();
}
