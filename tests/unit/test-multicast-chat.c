/* test-multicast-chat.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlMulticastChat on the loopback interface with IPv4 (IPv6 multicast
 * does not work on lo; the privileged test covers it between network
 * namespaces). Peers are plain sockets that join the group as mcc.py does
 * or send to it as the courses' senders do. Each test picks a free UDP
 * port, so parallel tests on the same group never see each other's
 * datagrams; the membership test also uses a group of its own. This
 * thread is the engine's main thread and spins the default main context
 * in bounded loops. */

#include "config.h"

#define G_LOG_DOMAIN "test-multicast-chat"

#include <errno.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sl-error.h"
#include "sl-mcc-codec.h"
#include "sl-multicast-chat.h"
#include "sl-port-registry.h"

#include "mcc-vectors.h"

#include "sl-test-events.h"
#include "sl-test-net.h"
#include "sl-test-wait.h"

#define TIMEOUT_MS 10000
#define GROUP      SL_MULTICAST_DEFAULT_GROUP_V4

static void
on_joined (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
join (SlMulticastChat *chat,
      const char      *group,
      guint16          port,
      GError         **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  sl_multicast_chat_join_async (chat, group, port, NULL, on_joined, &result);
  g_assert_true (sl_test_spin_until (sl_test_is_nonnull, &result, TIMEOUT_MS));
  ok = sl_multicast_chat_join_finish (chat, result, error);
  g_object_unref (result);
  if (!ok && error != NULL && *error != NULL)
    g_test_message ("join %s:%u: %s", group, port, (*error)->message);

  return ok;
}

static SlMulticastChat *
chat_new (SlChatFormat  format,
          const char   *name)
{
  SlMulticastChat *chat = sl_multicast_chat_new (NULL);

  sl_multicast_chat_set_format (chat, format);
  sl_multicast_chat_set_name (chat, name);
  sl_multicast_chat_set_interface (chat, "lo");
  return chat;
}

/* ---- events ---- */

static SlEvent *
wait_event (SlEventLog  *log,
            SlEventKind  kind,
            const char  *text)
{
  SlEvent *event = sl_test_wait_event (log, kind, text, TIMEOUT_MS);

  if (event == NULL)
    g_error ("no event of kind %d with “%s” in the log", kind, text ? text : "");
  return event;
}

static guint
count_events (SlEventLog  *log,
              SlEventKind  kind)
{
  guint n = 0;

  while (sl_test_find_event (log, kind, NULL, n) != NULL)
    n++;
  return n;
}

/* The transcript line is "(address) @rest", the address that of the
 * sender (on lo, the kernel picks any local address as the source) */
static void
assert_line (SlEvent    *event,
             const char *rest)
{
  const char *peer = sl_event_get_peer (event);
  g_autofree char *host = g_strndup (peer, strrchr (peer, ':') - peer);
  g_autofree char *line = g_strdup_printf ("(%s) %s", host, rest);
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  g_assert_nonnull (address);
  g_assert_cmpstr (sl_event_get_message (event), ==, line);
}

static const SlChatMessage *
event_message (SlEvent *event)
{
  const SlChatMessage *message = sl_event_get_detail (event);

  g_assert_nonnull (message);
  return message;
}

static void
assert_event_data (SlEvent      *event,
                   const guint8 *data,
                   gsize         len)
{
  g_autoptr(GBytes) bytes = sl_event_get_data (event);

  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, len);
}

/* ---- peers: plain sockets as the courses' programs use them ---- */

static int
peer_socket (guint16  bind_port,
             gboolean join_group,
             const char *group)
{
  struct sockaddr_in address = { 0 };
  struct ip_mreqn mreq = { 0 };
  struct timeval timeout = { TIMEOUT_MS / 1000, 0 };
  int fd = socket (AF_INET, SOCK_DGRAM, 0);
  int on = 1, off = 0;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on), ==, 0);
  setsockopt (fd, IPPROTO_IP, IP_MULTICAST_ALL, &off, sizeof off);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);

  address.sin_family = AF_INET;
  address.sin_port = g_htons (bind_port);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &address, sizeof address), ==, 0);

  /* send through lo, never anywhere else */
  mreq.imr_ifindex = if_nametoindex ("lo");
  g_assert_cmpint (setsockopt (fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof mreq), ==, 0);
  if (join_group)
    {
      g_assert_cmpint (inet_pton (AF_INET, group, &mreq.imr_multiaddr), ==, 1);
      g_assert_cmpint (setsockopt (fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof mreq), ==, 0);
    }

  return fd;
}

static void
peer_send (int           fd,
           const char   *host,
           guint16       port,
           const void   *data,
           gsize         len)
{
  struct sockaddr_in to = { 0 };

  to.sin_family = AF_INET;
  to.sin_port = g_htons (port);
  g_assert_cmpint (inet_pton (AF_INET, host, &to.sin_addr), ==, 1);
  g_assert_cmpint (sendto (fd, data, len, 0, (struct sockaddr *) &to, sizeof to), ==, (gssize) len);
}

/* Receives one datagram (or fails after the timeout) */
static GBytes *
peer_receive (int       fd,
              guint16  *from_port)
{
  guint8 buffer[65536];
  struct sockaddr_in from = { 0 };
  socklen_t from_len = sizeof from;
  ssize_t n = recvfrom (fd, buffer, sizeof buffer, 0, (struct sockaddr *) &from, &from_len);

  if (n < 0)
    g_error ("the peer received nothing: %s", g_strerror (errno));
  if (from_port != NULL)
    *from_port = g_ntohs (from.sin_port);
  return g_bytes_new (buffer, n);
}

/* Receives until a datagram equal to @data comes (the listener also hears
 * what others sent to the group before) */
static void
peer_receive_match (int           fd,
                    const void   *data,
                    gsize         len)
{
  guint i;

  for (i = 0; i < 16; i++)
    {
      g_autoptr(GBytes) got = peer_receive (fd, NULL);

      if (g_bytes_get_size (got) == len && memcmp (g_bytes_get_data (got, NULL), data, len) == 0)
        return;
    }
  g_error ("the peer did not receive the expected datagram");
}

/* Receives one datagram and decodes it as mcc */
static SlMccMessage *
peer_receive_mcc (int fd)
{
  g_autoptr(GBytes) data = peer_receive (fd, NULL);
  g_autoptr(GError) error = NULL;
  SlMccMessage *message;

  message = sl_mcc_decode (g_bytes_get_data (data, NULL), g_bytes_get_size (data), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (message->protocol, ==, 3);
  return message;
}

static void
assert_bytes_text (GBytes     *bytes,
                   const char *text)
{
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), text, strlen (text));
}

/* ---- tests ---- */

static void
test_group_check (void)
{
  g_autoptr(GError) error = NULL;
  gboolean is_ipv6 = TRUE;
  g_autofree char *scope15 = sl_multicast_group_describe_scope (SL_MULTICAST_DEFAULT_GROUP_V6);
  g_autofree char *scope02 = sl_multicast_group_describe_scope ("ff02::1");
  g_autofree char *scope4 = sl_multicast_group_describe_scope (GROUP);
  g_autofree char *scope224 = sl_multicast_group_describe_scope ("224.0.0.251");
  g_autofree char *scope239 = sl_multicast_group_describe_scope ("239.1.2.3");
  g_autofree char *none = sl_multicast_group_describe_scope ("10.0.0.1");
  SlChatFormat format = SL_CHAT_FORMAT_TEXT;

  g_assert_true (sl_multicast_group_check (GROUP, &is_ipv6, &error));
  g_assert_no_error (error);
  g_assert_false (is_ipv6);
  g_assert_true (sl_multicast_group_check (SL_MULTICAST_DEFAULT_GROUP_V6, &is_ipv6, &error));
  g_assert_true (is_ipv6);
  g_assert_true (sl_multicast_group_check ("224.1.1.1", NULL, NULL));

  g_assert_false (sl_multicast_group_check ("10.0.0.2", NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS);
  g_assert_nonnull (strstr (error->message, "225.0.0.250"));
  g_clear_error (&error);
  g_assert_false (sl_multicast_group_check ("fd00::1", NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS);
  g_clear_error (&error);
  g_assert_false (sl_multicast_group_check ("chat.example", NULL, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_ADDRESS);

  g_assert_nonnull (strstr (scope15, "ff15"));
  g_assert_nonnull (strstr (scope15, "Site-local"));
  g_assert_nonnull (strstr (scope02, "Link-local"));
  g_assert_nonnull (strstr (scope4, "TTL"));
  g_assert_nonnull (strstr (scope224, "224.0.0.x"));
  g_assert_nonnull (strstr (scope239, "239.x.x.x"));
  g_assert_cmpstr (none, ==, "Not a multicast group yet.");

  g_assert_true (sl_chat_format_from_string ("mcc", &format));
  g_assert_cmpint (format, ==, SL_CHAT_FORMAT_MCC);
  g_assert_true (sl_chat_format_from_string ("text", &format));
  g_assert_cmpint (format, ==, SL_CHAT_FORMAT_TEXT);
  g_assert_false (sl_chat_format_from_string ("pickle", &format));
  g_assert_cmpstr (sl_chat_format_to_string (SL_CHAT_FORMAT_MCC), ==, "mcc");
  g_assert_cmpstr (sl_chat_format_to_string (SL_CHAT_FORMAT_TEXT), ==, "text");
}

static void
test_interfaces (void)
{
  g_auto(GStrv) names = sl_multicast_list_interfaces ();
  guint n = g_strv_length (names);

  /* lo is up on every machine that runs these tests, and comes last */
  g_assert_cmpuint (n, >=, 1);
  g_assert_true (g_strv_contains ((const char * const *) names, "lo"));
  g_assert_cmpstr (names[n - 1], ==, "lo");
}

/* J on join, S on say, L on leave, as mcc.py sends them; the peer shares
 * the port (SO_REUSEADDR) as mcc.py on the same computer would */
static void
test_mcc_send (void)
{
  g_autoptr(SlMulticastChat) chat = chat_new (SL_CHAT_FORMAT_MCC, "alice");
  g_autoptr(GError) error = NULL;
  guint16 port = sl_test_free_udp_port ("0.0.0.0");
  int peer = peer_socket (port, TRUE, GROUP);
  g_autoptr(SlMccMessage) joined = NULL;
  g_autoptr(SlMccMessage) said = NULL;
  g_autoptr(SlMccMessage) left = NULL;
  SlEvent *event;

  g_assert_false (sl_multicast_chat_get_joined (chat));
  g_assert_true (join (chat, GROUP, port, &error));
  g_assert_no_error (error);
  g_assert_true (sl_multicast_chat_get_joined (chat));
  g_assert_cmpstr (sl_multicast_chat_get_group (chat), ==, GROUP);
  g_assert_cmpuint (sl_multicast_chat_get_port (chat), ==, port);
  g_assert_cmpuint (sl_port_registry_get_count (sl_port_registry_get_default (), SL_PORT_UDP, port), ==, 1);
  event = wait_event (sl_multicast_chat_get_log (chat), SL_EVENT_LISTENING, "on lo");
  g_assert_nonnull (strstr (sl_event_get_message (event), GROUP));

  joined = peer_receive_mcc (peer);
  g_assert_cmpint (joined->kind, ==, SL_MCC_JOIN);
  assert_bytes_text (joined->name, "alice");
  g_assert_null (joined->text);

  g_assert_true (sl_multicast_chat_say (chat, "こんにちは", &error));
  g_assert_no_error (error);
  said = peer_receive_mcc (peer);
  g_assert_cmpint (said->kind, ==, SL_MCC_SAY);
  assert_bytes_text (said->name, "alice");
  assert_bytes_text (said->text, "こんにちは");

  /* mcc sends nothing but chat messages */
  {
    g_autoptr(GBytes) raw = g_bytes_new_static ("hello", 5);

    g_assert_false (sl_multicast_chat_send_bytes (chat, raw, &error));
    g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_OPTION);
    g_clear_error (&error);
  }

  /* the SENT events carry the lines and bytes */
  event = wait_event (sl_multicast_chat_get_log (chat), SL_EVENT_SENT, "alice says こんにちは");
  g_assert_cmpint (event_message (event)->kind, ==, SL_CHAT_MESSAGE_SAY);
  g_assert_true (event_message (event)->own);

  sl_multicast_chat_leave (chat);
  g_assert_false (sl_multicast_chat_get_joined (chat));
  g_assert_null (sl_multicast_chat_get_group (chat));
  left = peer_receive_mcc (peer);
  g_assert_cmpint (left->kind, ==, SL_MCC_LEAVE);
  assert_bytes_text (left->name, "alice");
  wait_event (sl_multicast_chat_get_log (chat), SL_EVENT_STOPPED, GROUP);

  /* saying something after leaving is refused at once */
  g_assert_false (sl_multicast_chat_say (chat, "anyone?", &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_CONNECTED);

  close (peer);
}

static const MccVector *
find_vector (unsigned protocol,
             const char *name)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (mcc_vectors); i++)
    if (mcc_vectors[i].protocol == protocol && mcc_vectors[i].kind == 'S' &&
        mcc_vectors[i].big_len == 0 && mcc_vectors[i].text_len > 0 &&
        mcc_vectors[i].name_len == strlen (name) && memcmp (mcc_vectors[i].name, name, strlen (name)) == 0)
      return &mcc_vectors[i];
  g_assert_not_reached ();
}

/* Pickles from Python (protocols 2 and 4, as pickle.dumps writes them) sent
 * by a plain socket, the chat's own looped-back messages, two chats on one
 * port (SO_REUSEPORT), and a datagram that is no pickle */
static void
test_mcc_receive (void)
{
  g_autoptr(SlMulticastChat) alice = chat_new (SL_CHAT_FORMAT_MCC, "alice");
  g_autoptr(SlMulticastChat) bob = chat_new (SL_CHAT_FORMAT_MCC, "bob");
  g_autoptr(GError) error = NULL;
  guint16 port = sl_test_free_udp_port ("0.0.0.0");
  int peer = peer_socket (0, FALSE, NULL);
  const MccVector *v2 = find_vector (2, "철수");
  const MccVector *v4 = find_vector (4, "太郎");
  static const guint8 junk[] = "\x80\x03" "cos\nsystem\n.";
  SlEventLog *alice_log = sl_multicast_chat_get_log (alice);
  SlEventLog *bob_log = sl_multicast_chat_get_log (bob);
  const SlChatMessage *message;
  SlEvent *event;
  g_autofree char *line = NULL;

  g_assert_true (join (alice, GROUP, port, &error));
  g_assert_no_error (error);
  g_assert_true (join (bob, GROUP, port, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sl_port_registry_get_count (sl_port_registry_get_default (), SL_PORT_UDP, port), ==, 2);

  /* each sees its own J as own */
  event = wait_event (alice_log, SL_EVENT_RECEIVED, "alice joins");
  g_assert_true (event_message (event)->own);
  assert_line (event, "alice joins");
  /* bob joined after alice's J: he sees only his own */
  event = wait_event (alice_log, SL_EVENT_RECEIVED, "bob joins");
  g_assert_false (event_message (event)->own);
  g_assert_cmpint (event_message (event)->kind, ==, SL_CHAT_MESSAGE_JOIN);
  g_assert_cmpstr (event_message (event)->name, ==, "bob");
  g_assert_null (event_message (event)->text);
  event = wait_event (bob_log, SL_EVENT_RECEIVED, "bob joins");
  g_assert_true (event_message (event)->own);

  /* Python's pickles, protocol 2 (with its _codecs.encode form of bytes) and 4 */
  peer_send (peer, GROUP, port, v2->prefix, v2->prefix_len);
  peer_send (peer, GROUP, port, v4->prefix, v4->prefix_len);
  event = wait_event (bob_log, SL_EVENT_RECEIVED, "철수 says");
  message = event_message (event);
  g_assert_cmpint (message->kind, ==, SL_CHAT_MESSAGE_SAY);
  g_assert_cmpstr (message->name, ==, "철수");
  g_assert_cmpmem (message->text, strlen (message->text), v2->text, v2->text_len);
  g_assert_false (message->own);
  g_assert_cmpstr (message->sender, ==, sl_event_get_peer (event));
  assert_event_data (event, (const guint8 *) v2->prefix, v2->prefix_len);
  line = g_strdup_printf ("철수 says %.*s", (int) v2->text_len, v2->text);
  assert_line (event, line);
  event = wait_event (alice_log, SL_EVENT_RECEIVED, "太郎 says");
  message = event_message (event);
  g_assert_cmpstr (message->name, ==, "太郎");
  g_assert_cmpmem (message->text, strlen (message->text), v4->text, v4->text_len);
  wait_event (alice_log, SL_EVENT_RECEIVED, "철수 says");
  wait_event (bob_log, SL_EVENT_RECEIVED, "太郎 says");

  /* what one says, both see; only the sayer as own */
  g_assert_true (sl_multicast_chat_say (alice, "hello", &error));
  event = wait_event (alice_log, SL_EVENT_RECEIVED, "alice says hello");
  g_assert_true (event_message (event)->own);
  event = wait_event (bob_log, SL_EVENT_RECEIVED, "alice says hello");
  g_assert_false (event_message (event)->own);

  /* a pickle that names code to run, and an empty datagram: shown, refused */
  peer_send (peer, GROUP, port, junk, sizeof junk - 1);
  event = wait_event (bob_log, SL_EVENT_RECEIVED, "not a chat message");
  message = event_message (event);
  g_assert_cmpint (message->kind, ==, SL_CHAT_MESSAGE_INVALID);
  if (strstr (message->problem, "GLOBAL") == NULL)
    g_error ("unexpected problem: %s", message->problem);
  g_assert_null (message->name);
  assert_event_data (event, junk, sizeof junk - 1);
  peer_send (peer, GROUP, port, "", 0);
  event = wait_event (alice_log, SL_EVENT_RECEIVED, "sent 0 bytes");
  g_assert_cmpint (event_message (event)->kind, ==, SL_CHAT_MESSAGE_INVALID);

  /* bob leaves: alice sees L, bob no longer receives */
  sl_multicast_chat_leave (bob);
  event = wait_event (alice_log, SL_EVENT_RECEIVED, "bob leaves");
  g_assert_cmpint (event_message (event)->kind, ==, SL_CHAT_MESSAGE_LEAVE);
  wait_event (bob_log, SL_EVENT_STOPPED, NULL);
  {
    guint before = count_events (bob_log, SL_EVENT_RECEIVED);

    g_assert_true (sl_multicast_chat_say (alice, "still there?", &error));
    wait_event (alice_log, SL_EVENT_RECEIVED, "alice says still there?");
    g_assert_cmpuint (count_events (bob_log, SL_EVENT_RECEIVED), ==, before);
  }

  close (peer);
}

/* Plain text: the datagram is the text; the echo answers by unicast to
 * the sender's address and port, but never a unicast datagram */
static void
test_text_echo (void)
{
  g_autoptr(SlMulticastChat) chat = chat_new (SL_CHAT_FORMAT_TEXT, NULL);
  g_autoptr(SlReplyConfig) echo = sl_reply_config_new (SL_REPLY_ECHO);
  g_autoptr(GError) error = NULL;
  guint16 port = sl_test_free_udp_port ("0.0.0.0");
  int peer = peer_socket (0, FALSE, NULL);
  int listener = peer_socket (port, TRUE, GROUP);
  g_autoptr(GBytes) reply = NULL;
  static const guint8 binary[] = { 0xff, 0x00, 0x41 };
  SlEventLog *log = sl_multicast_chat_get_log (chat);
  SlEvent *event;
  guint16 from_port = 0;
  struct timeval short_timeout = { 0, 300 * 1000 };
  guint8 buffer[16];

  sl_multicast_chat_set_reply (chat, echo);
  g_assert_true (join (chat, GROUP, port, &error));
  g_assert_no_error (error);

  /* text format sends no J */
  g_assert_true (sl_multicast_chat_say (chat, "hi all", &error));
  peer_receive_match (listener, "hi all", 6);
  event = wait_event (log, SL_EVENT_RECEIVED, ") hi all");
  g_assert_true (event_message (event)->own);
  g_assert_null (event_message (event)->name);

  peer_send (peer, GROUP, port, "ping", 4);
  reply = peer_receive (peer, &from_port);
  assert_bytes_text (reply, "ping");
  g_assert_cmpuint (from_port, ==, port);
  event = wait_event (log, SL_EVENT_RECEIVED, ") ping");
  g_assert_cmpint (event_message (event)->kind, ==, SL_CHAT_MESSAGE_SAY);
  g_assert_cmpstr (event_message (event)->text, ==, "ping");
  g_assert_false (event_message (event)->own);
  wait_event (log, SL_EVENT_SENT, "ping");

  /* bytes that are not text: shown as invalid, still echoed */
  peer_send (peer, GROUP, port, binary, sizeof binary);
  g_clear_pointer (&reply, g_bytes_unref);
  reply = peer_receive (peer, NULL);
  g_assert_cmpmem (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), binary, sizeof binary);
  event = wait_event (log, SL_EVENT_RECEIVED, "not a chat message");
  g_assert_cmpint (event_message (event)->kind, ==, SL_CHAT_MESSAGE_INVALID);
  g_assert_nonnull (event_message (event)->problem);
  assert_event_data (event, binary, sizeof binary);

  /* raw bytes go out as they are */
  {
    g_autoptr(GBytes) raw = g_bytes_new_static (binary, sizeof binary);

    g_assert_true (sl_multicast_chat_send_bytes (chat, raw, &error));
    g_assert_no_error (error);
    peer_receive_match (listener, binary, sizeof binary);
    event = wait_event (log, SL_EVENT_SENT, "bytes that are not text");
    g_assert_cmpint (event_message (event)->kind, ==, SL_CHAT_MESSAGE_INVALID);
  }

  /* Loopback off: on lo the interface itself is a loop, so one's own
   * datagram still comes back (a veth does not: the privileged test);
   * it is still known as one's own */
  sl_multicast_chat_leave (chat);
  sl_multicast_chat_set_loopback (chat, FALSE);
  g_assert_true (join (chat, GROUP, port, &error));
  g_assert_true (sl_multicast_chat_say (chat, "quiet", &error));
  wait_event (log, SL_EVENT_SENT, "quiet");
  peer_send (peer, GROUP, port, "marker", 6);
  wait_event (log, SL_EVENT_RECEIVED, ") marker");
  event = sl_test_find_event (log, SL_EVENT_RECEIVED, "quiet", 0);
  if (event != NULL)
    g_assert_true (event_message (event)->own);
  /* the echo of "marker" */
  g_clear_pointer (&reply, g_bytes_unref);
  reply = peer_receive (peer, NULL);
  assert_bytes_text (reply, "marker");

  /* a unicast datagram is shown but not answered (no ping-pong); without
   * the listener, the chat is the only socket on the port to get it */
  close (listener);
  peer_send (peer, "127.0.0.1", port, "direct", 6);
  wait_event (log, SL_EVENT_RECEIVED, ") direct");
  setsockopt (peer, SOL_SOCKET, SO_RCVTIMEO, &short_timeout, sizeof short_timeout);
  g_assert_cmpint (recv (peer, buffer, sizeof buffer, 0), <, 0);

  close (peer);
}

/* The course's receivers answer "ack" by unicast (reply text:ack); the
 * reply mode changes while joined */
static void
test_text_reply_ack (void)
{
  g_autoptr(SlMulticastChat) chat = chat_new (SL_CHAT_FORMAT_TEXT, NULL);
  g_autoptr(SlReplyConfig) ack = NULL;
  g_autoptr(SlReplyConfig) none = sl_reply_config_new (SL_REPLY_NONE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  guint16 port = sl_test_free_udp_port ("0.0.0.0");
  int peer = peer_socket (0, FALSE, NULL);
  struct timeval short_timeout = { 0, 300 * 1000 };
  struct timeval long_timeout = { TIMEOUT_MS / 1000, 0 };
  guint8 buffer[16];

  g_assert_true (join (chat, GROUP, port, &error));
  g_assert_no_error (error);

  /* no reply mode: nothing comes back */
  peer_send (peer, GROUP, port, "hello 1", 7);
  wait_event (sl_multicast_chat_get_log (chat), SL_EVENT_RECEIVED, ") hello 1");
  setsockopt (peer, SOL_SOCKET, SO_RCVTIMEO, &short_timeout, sizeof short_timeout);
  g_assert_cmpint (recv (peer, buffer, sizeof buffer, 0), <, 0);

  setsockopt (peer, SOL_SOCKET, SO_RCVTIMEO, &long_timeout, sizeof long_timeout);

  ack = sl_reply_config_parse ("text:ack", &error);
  g_assert_no_error (error);
  sl_multicast_chat_set_reply (chat, ack);
  peer_send (peer, GROUP, port, "hello 2", 7);
  reply = peer_receive (peer, NULL);
  assert_bytes_text (reply, "ack");
  wait_event (sl_multicast_chat_get_log (chat), SL_EVENT_SENT, "ack");

  sl_multicast_chat_set_reply (chat, none);
  peer_send (peer, GROUP, port, "hello 3", 7);
  wait_event (sl_multicast_chat_get_log (chat), SL_EVENT_RECEIVED, ") hello 3");
  setsockopt (peer, SOL_SOCKET, SO_RCVTIMEO, &short_timeout, sizeof short_timeout);
  g_assert_cmpint (recv (peer, buffer, sizeof buffer, 0), <, 0);

  close (peer);
}

static gboolean
has_membership (const char *interface,
                const char *group)
{
  g_auto(GStrv) memberships = sl_multicast_list_memberships ();
  g_autofree char *entry = g_strdup_printf ("%s\t%s", interface, group);

  return g_strv_contains ((const char * const *) memberships, entry);
}

static gboolean
membership_gone (gpointer data)
{
  return !has_membership ("lo", data);
}

static void
test_memberships (void)
{
  g_autoptr(SlMulticastChat) chat = chat_new (SL_CHAT_FORMAT_MCC, "carol");
  g_autoptr(GError) error = NULL;
  /* a group of this process alone: nothing else joins it meanwhile */
  g_autofree char *group = g_strdup_printf ("239.192.%u.%u", (guint) (getpid () >> 8) & 0xff,
                                            (guint) getpid () & 0xff);
  g_auto(GStrv) all = sl_multicast_list_memberships ();

  /* the kernel's own 224.0.0.1 on lo */
  g_assert_true (g_strv_contains ((const char * const *) all, "lo\t224.0.0.1"));
  g_assert_false (has_membership ("lo", group));

  g_assert_true (join (chat, group, sl_test_free_udp_port ("0.0.0.0"), &error));
  g_assert_no_error (error);
  g_assert_true (has_membership ("lo", group));

  sl_multicast_chat_leave (chat);
  g_assert_true (sl_test_spin_until (membership_gone, group, TIMEOUT_MS));
}

static void
assert_join_fails (SlMulticastChat *chat,
                   const char      *group,
                   gint             code,
                   const char      *in_message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (join (chat, group, sl_test_free_udp_port ("0.0.0.0"), &error));
  g_assert_error (error, SL_ERROR, code);
  if (strstr (error->message, in_message) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, in_message);
  g_assert_false (sl_multicast_chat_get_joined (chat));
  /* the log says it too */
  wait_event (sl_multicast_chat_get_log (chat), SL_EVENT_ERROR, in_message);
}

static void
test_errors (void)
{
  g_autoptr(SlMulticastChat) chat = chat_new (SL_CHAT_FORMAT_MCC, NULL);
  g_autoptr(GError) error = NULL;

  assert_join_fails (chat, GROUP, SL_ERROR_INVALID_OPTION, "name");
  sl_multicast_chat_set_name (chat, "dave");
  assert_join_fails (chat, "192.0.2.1", SL_ERROR_INVALID_ADDRESS, "not a multicast group");
  sl_multicast_chat_set_interface (chat, "no-such-if0");
  assert_join_fails (chat, GROUP, SL_ERROR_INVALID_ADDRESS, "no-such-if0");
  sl_multicast_chat_set_interface (chat, "lo");
  assert_join_fails (chat, SL_MULTICAST_DEFAULT_GROUP_V6, SL_ERROR_NETWORK_UNREACHABLE, "loopback");

  g_assert_false (join (chat, GROUP, 0, &error));
  g_assert_error (error, SL_ERROR, SL_ERROR_INVALID_PORT);
  g_clear_error (&error);

  /* a socket that does not share the port (no SO_REUSEADDR) */
  {
    g_autoptr(GInetAddress) any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (any, 0);
    g_autoptr(GSocketAddress) local = NULL;
    g_autoptr(GSocket) taken = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                             G_SOCKET_PROTOCOL_UDP, &error);

    g_assert_no_error (error);
    g_socket_bind (taken, address, FALSE, &error);
    g_assert_no_error (error);
    local = g_socket_get_local_address (taken, &error);
    g_assert_false (join (chat, GROUP, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)), &error));
    g_assert_error (error, SL_ERROR, SL_ERROR_ADDRESS_IN_USE);
    g_assert_nonnull (strstr (error->message, "SO_REUSEADDR"));
  }

  /* a message too large for one datagram */
  {
    g_autofree char *big = g_strnfill (70000, 'x');

    g_clear_error (&error);
    g_assert_true (join (chat, GROUP, sl_test_free_udp_port ("0.0.0.0"), &error));
    g_assert_no_error (error);
    g_assert_false (sl_multicast_chat_say (chat, big, &error));
    g_assert_error (error, SL_ERROR, SL_ERROR_TOO_LARGE);
  }
}

/* Dropping the chat while joined says goodbye (L), as closing the page does */
static void
test_finalize_sends_leave (void)
{
  SlMulticastChat *chat = chat_new (SL_CHAT_FORMAT_MCC, "erin");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlMccMessage) joined = NULL;
  g_autoptr(SlMccMessage) left = NULL;
  guint16 port = sl_test_free_udp_port ("0.0.0.0");
  int peer = peer_socket (port, TRUE, GROUP);

  g_assert_true (join (chat, GROUP, port, &error));
  g_assert_no_error (error);
  joined = peer_receive_mcc (peer);
  g_assert_cmpint (joined->kind, ==, SL_MCC_JOIN);

  g_object_unref (chat);
  left = peer_receive_mcc (peer);
  g_assert_cmpint (left->kind, ==, SL_MCC_LEAVE);
  assert_bytes_text (left->name, "erin");
  g_assert_cmpuint (sl_port_registry_get_count (sl_port_registry_get_default (), SL_PORT_UDP, port), ==, 0);

  close (peer);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/multicast-chat/group-check", test_group_check);
  g_test_add_func ("/multicast-chat/interfaces", test_interfaces);
  g_test_add_func ("/multicast-chat/mcc-send", test_mcc_send);
  g_test_add_func ("/multicast-chat/mcc-receive", test_mcc_receive);
  g_test_add_func ("/multicast-chat/text-echo", test_text_echo);
  g_test_add_func ("/multicast-chat/text-reply-ack", test_text_reply_ack);
  g_test_add_func ("/multicast-chat/memberships", test_memberships);
  g_test_add_func ("/multicast-chat/errors", test_errors);
  g_test_add_func ("/multicast-chat/finalize-sends-leave", test_finalize_sends_leave);

  return g_test_run ();
}
