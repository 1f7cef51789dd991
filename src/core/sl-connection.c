/* sl-connection.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SlConnection is the UI's view of one TCP connection. The engine that owns
 * the socket (on the network thread) bumps the counters and the state with
 * relaxed atomics, so a busy echo loop never takes a lock. The main thread
 * publishes them as properties in sl_connection_refresh(), together with what
 * the kernel says in TCP_INFO. The fd is guarded by a mutex only so that the
 * engine cannot close it while the main thread is inside getsockopt(). */

#include "config.h"

#define G_LOG_DOMAIN "sl-connection"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "sl-connection.h"

struct _SlConnection
{
  GObject parent_instance;

  guint64 id;
  char *local_address;
  char *peer_address;

  /* Written by the engine, any thread: atomics */
  guint64 rx_bytes;
  guint64 tx_bytes;
  gint state;

  /* The socket, for TCP_INFO; -1 once the engine closed it */
  GMutex fd_lock;
  int fd;

  /* Published: main thread only */
  SlConnectionState pub_state;
  guint64 pub_rx_bytes;
  guint64 pub_tx_bytes;
  const char *tcp_state;  /* static string */
  guint rtt_us;
  guint retransmits;
};

G_DEFINE_FINAL_TYPE (SlConnection, sl_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LOCAL_ADDRESS,
  PROP_PEER_ADDRESS,
  PROP_STATE,
  PROP_BYTES_RECEIVED,
  PROP_BYTES_SENT,
  PROP_TCP_STATE,
  PROP_RTT_US,
  PROP_RETRANSMITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sl_connection_finalize (GObject *object)
{
  SlConnection *self = SL_CONNECTION (object);

  g_free (self->local_address);
  g_free (self->peer_address);
  g_mutex_clear (&self->fd_lock);

  G_OBJECT_CLASS (sl_connection_parent_class)->finalize (object);
}

static void
sl_connection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SlConnection *self = SL_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint64 (value, self->id);
      break;
    case PROP_LOCAL_ADDRESS:
      g_value_set_string (value, self->local_address);
      break;
    case PROP_PEER_ADDRESS:
      g_value_set_string (value, self->peer_address);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->pub_state);
      break;
    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->pub_rx_bytes);
      break;
    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->pub_tx_bytes);
      break;
    case PROP_TCP_STATE:
      g_value_set_string (value, self->tcp_state);
      break;
    case PROP_RTT_US:
      g_value_set_uint (value, self->rtt_us);
      break;
    case PROP_RETRANSMITS:
      g_value_set_uint (value, self->retransmits);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_connection_class_init (SlConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sl_connection_finalize;
  object_class->get_property = sl_connection_get_property;

  properties[PROP_ID] =
    g_param_spec_uint64 ("id", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_string ("local-address", NULL, NULL, NULL, flags);
  properties[PROP_PEER_ADDRESS] =
    g_param_spec_string ("peer-address", NULL, NULL, NULL, flags);
  /* SlConnectionState; an int so that expressions and closures need no enum type */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      SL_CONNECTION_OPEN, SL_CONNECTION_CLOSED, SL_CONNECTION_OPEN, flags);
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_TCP_STATE] =
    g_param_spec_string ("tcp-state", NULL, NULL, "", flags);
  properties[PROP_RTT_US] =
    g_param_spec_uint ("rtt-us", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_RETRANSMITS] =
    g_param_spec_uint ("retransmits", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_connection_init (SlConnection *self)
{
  g_mutex_init (&self->fd_lock);
  self->fd = -1;
  self->tcp_state = "";
}

/* @fd stays owned by the engine; it calls sl_connection_forget_fd() before
 * closing it. */
SlConnection *
sl_connection_new (guint64     id,
                   const char *local_address,
                   const char *peer_address,
                   int         fd)
{
  SlConnection *self = g_object_new (SL_TYPE_CONNECTION, NULL);

  self->id = id;
  self->local_address = g_strdup (local_address);
  self->peer_address = g_strdup (peer_address);
  self->fd = fd;

  return self;
}

guint64
sl_connection_get_id (SlConnection *self)
{
  g_return_val_if_fail (SL_IS_CONNECTION (self), 0);
  return self->id;
}

const char *
sl_connection_get_local_address (SlConnection *self)
{
  g_return_val_if_fail (SL_IS_CONNECTION (self), NULL);
  return self->local_address;
}

const char *
sl_connection_get_peer_address (SlConnection *self)
{
  g_return_val_if_fail (SL_IS_CONNECTION (self), NULL);
  return self->peer_address;
}

SlConnectionState
sl_connection_get_state (SlConnection *self)
{
  g_return_val_if_fail (SL_IS_CONNECTION (self), SL_CONNECTION_CLOSED);
  return self->pub_state;
}

guint64
sl_connection_get_bytes_received (SlConnection *self)
{
  g_return_val_if_fail (SL_IS_CONNECTION (self), 0);
  return self->pub_rx_bytes;
}

guint64
sl_connection_get_bytes_sent (SlConnection *self)
{
  g_return_val_if_fail (SL_IS_CONNECTION (self), 0);
  return self->pub_tx_bytes;
}

const char *
sl_connection_get_tcp_state (SlConnection *self)
{
  g_return_val_if_fail (SL_IS_CONNECTION (self), NULL);
  return self->tcp_state;
}

guint
sl_connection_get_rtt_us (SlConnection *self)
{
  g_return_val_if_fail (SL_IS_CONNECTION (self), 0);
  return self->rtt_us;
}

guint
sl_connection_get_retransmits (SlConnection *self)
{
  g_return_val_if_fail (SL_IS_CONNECTION (self), 0);
  return self->retransmits;
}

void
sl_connection_update_received (SlConnection *self,
                               gsize         n)
{
  g_return_if_fail (SL_IS_CONNECTION (self));
  __atomic_fetch_add (&self->rx_bytes, (guint64) n, __ATOMIC_RELAXED);
}

void
sl_connection_update_sent (SlConnection *self,
                           gsize         n)
{
  g_return_if_fail (SL_IS_CONNECTION (self));
  __atomic_fetch_add (&self->tx_bytes, (guint64) n, __ATOMIC_RELAXED);
}

void
sl_connection_update_state (SlConnection     *self,
                            SlConnectionState state)
{
  g_return_if_fail (SL_IS_CONNECTION (self));
  g_atomic_int_set (&self->state, state);
}

void
sl_connection_forget_fd (SlConnection *self)
{
  g_return_if_fail (SL_IS_CONNECTION (self));

  g_mutex_lock (&self->fd_lock);
  self->fd = -1;
  g_mutex_unlock (&self->fd_lock);
}

/* The kernel's names, as netstat and ss print them (include/net/tcp_states.h). */
static const char *
tcp_state_name (guint8 state)
{
  static const char * const names[] = {
    "", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
    "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
    "NEW_SYN_RECV",
  };

  if (state < G_N_ELEMENTS (names))
    return names[state];

  return "";
}

/* Main thread: publishes the counters and TCP_INFO, notifying only the
 * properties that changed. */
void
sl_connection_refresh (SlConnection *self)
{
  GObject *object = G_OBJECT (self);
  SlConnectionState state;
  guint64 rx, tx;
  const char *tcp_state = "";
  guint rtt_us = self->rtt_us;
  guint retransmits = self->retransmits;

  g_return_if_fail (SL_IS_CONNECTION (self));

  state = g_atomic_int_get (&self->state);
  rx = __atomic_load_n (&self->rx_bytes, __ATOMIC_RELAXED);
  tx = __atomic_load_n (&self->tx_bytes, __ATOMIC_RELAXED);

  g_mutex_lock (&self->fd_lock);
  if (self->fd >= 0)
    {
      struct tcp_info info = { 0 };
      socklen_t len = sizeof info;

      if (getsockopt (self->fd, IPPROTO_TCP, TCP_INFO, &info, &len) == 0)
        {
          tcp_state = tcp_state_name (info.tcpi_state);
          rtt_us = info.tcpi_rtt;
          retransmits = info.tcpi_total_retrans;
        }
    }
  g_mutex_unlock (&self->fd_lock);

  g_object_freeze_notify (object);

  if (state != self->pub_state)
    {
      self->pub_state = state;
      g_object_notify_by_pspec (object, properties[PROP_STATE]);
    }
  if (rx != self->pub_rx_bytes)
    {
      self->pub_rx_bytes = rx;
      g_object_notify_by_pspec (object, properties[PROP_BYTES_RECEIVED]);
    }
  if (tx != self->pub_tx_bytes)
    {
      self->pub_tx_bytes = tx;
      g_object_notify_by_pspec (object, properties[PROP_BYTES_SENT]);
    }
  if (g_strcmp0 (tcp_state, self->tcp_state) != 0)
    {
      self->tcp_state = tcp_state;
      g_object_notify_by_pspec (object, properties[PROP_TCP_STATE]);
    }
  if (rtt_us != self->rtt_us)
    {
      self->rtt_us = rtt_us;
      g_object_notify_by_pspec (object, properties[PROP_RTT_US]);
    }
  if (retransmits != self->retransmits)
    {
      self->retransmits = retransmits;
      g_object_notify_by_pspec (object, properties[PROP_RETRANSMITS]);
    }

  g_object_thaw_notify (object);
}
