/* epoll-echo.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The reference that the echo benchmark measures Socket Lab against: a
 * minimal single-threaded, level-triggered epoll echo server on 127.0.0.1.
 *
 * Each connection owns one 64 KiB buffer.  A connection reads only while its
 * buffer is empty; when a write is partial it stops reading (EPOLLIN off,
 * EPOLLOUT on) until the rest is out, so a peer that does not read its echo
 * is slowed down instead of filling our memory (backpressure).
 *
 * Usage: epoll-echo PORT [--max-seconds S]
 * The first line on stdout is the port listened on (useful with PORT 0).
 * It runs until SIGTERM/SIGINT, or at most S seconds (default 3600). */

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE (64 * 1024)
#define MAX_EVENTS 256

typedef struct
{
  int fd;
  size_t start;          /* first byte not yet written back */
  size_t end;            /* one past the last byte read */
  int read_closed;       /* peer sent FIN */
  uint32_t events;       /* what epoll currently watches */
  unsigned char buf[BUF_SIZE];
} Conn;

static volatile sig_atomic_t stop_requested;

static void
on_signal (int signum)
{
  (void) signum;
  stop_requested = 1;
}

static double
now_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
raise_nofile_limit (void)
{
  struct rlimit rl;

  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max)
    {
      rl.rlim_cur = rl.rlim_max;
      setrlimit (RLIMIT_NOFILE, &rl);
    }
}

static void
conn_close (int epfd,
            Conn *conn)
{
  epoll_ctl (epfd, EPOLL_CTL_DEL, conn->fd, NULL);
  close (conn->fd);
  free (conn);
}

static int
conn_watch (int epfd,
            Conn *conn,
            uint32_t events)
{
  struct epoll_event ev = { .events = events, .data.ptr = conn };

  if (events == conn->events)
    return 0;
  conn->events = events;
  return epoll_ctl (epfd, EPOLL_CTL_MOD, conn->fd, &ev);
}

/* Writes what is pending. Returns -1 on a fatal error, else 0. */
static int
conn_flush (Conn *conn)
{
  while (conn->start < conn->end)
    {
      ssize_t n = send (conn->fd, conn->buf + conn->start,
                        conn->end - conn->start, MSG_NOSIGNAL);

      if (n > 0)
        conn->start += (size_t) n;
      else if (n < 0 && errno == EINTR)
        continue;
      else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 0;
      else
        return -1;
    }

  conn->start = conn->end = 0;
  return 0;
}

/* Handles readiness on one connection. Returns -1 when it must be closed. */
static int
conn_service (int epfd,
              Conn *conn,
              uint32_t revents)
{
  if (revents & EPOLLERR)
    return -1;

  if (conn->start < conn->end && conn_flush (conn) < 0)
    return -1;

  /* Read only with an empty buffer: that is the backpressure. Level
   * triggering brings us back for the rest, so one read per wakeup keeps
   * connections fair. */
  if (conn->start == conn->end && !conn->read_closed
      && (revents & (EPOLLIN | EPOLLHUP | EPOLLRDHUP)))
    {
      ssize_t n;

      do
        n = recv (conn->fd, conn->buf, BUF_SIZE, 0);
      while (n < 0 && errno == EINTR);

      if (n > 0)
        {
          conn->start = 0;
          conn->end = (size_t) n;
          if (conn_flush (conn) < 0)
            return -1;
        }
      else if (n == 0)
        conn->read_closed = 1;
      else if (errno != EAGAIN && errno != EWOULDBLOCK)
        return -1;
    }

  if (conn->read_closed && conn->start == conn->end)
    return -1;   /* peer is done and everything went back: close */

  if (conn->start < conn->end)
    return conn_watch (epfd, conn, EPOLLOUT);
  return conn_watch (epfd, conn, EPOLLIN | EPOLLRDHUP);
}

static void
accept_all (int epfd,
            int listen_fd)
{
  /* Bounded so that a flood of connections cannot starve the others. */
  for (int i = 0; i < 1024; i++)
    {
      int fd = accept4 (listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
      struct epoll_event ev;
      Conn *conn;
      int one = 1;

      if (fd < 0)
        {
          if (errno == EINTR || errno == ECONNABORTED)
            continue;
          if (errno != EAGAIN && errno != EWOULDBLOCK)
            perror ("epoll-echo: accept");
          return;
        }

      setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

      conn = calloc (1, sizeof *conn);
      if (conn == NULL)
        {
          close (fd);
          return;
        }
      conn->fd = fd;
      conn->events = EPOLLIN | EPOLLRDHUP;
      ev.events = conn->events;
      ev.data.ptr = conn;
      if (epoll_ctl (epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
        {
          perror ("epoll-echo: epoll_ctl");
          close (fd);
          free (conn);
        }
    }
}

static void
usage (void)
{
  fprintf (stderr, "usage: epoll-echo PORT [--max-seconds S]\n");
  exit (2);
}

int
main (int argc,
      char *argv[])
{
  struct sockaddr_in addr = { 0 };
  socklen_t addr_len = sizeof addr;
  struct epoll_event events[MAX_EVENTS];
  struct epoll_event ev;
  struct sigaction sa = { 0 };
  double max_seconds = 3600;
  double deadline;
  long port = -1;
  int listen_fd, epfd, one = 1;
  char *end;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--max-seconds") == 0 && i + 1 < argc)
        {
          max_seconds = strtod (argv[++i], &end);
          if (*end != '\0' || max_seconds <= 0)
            usage ();
        }
      else if (port < 0)
        {
          port = strtol (argv[i], &end, 10);
          if (*end != '\0' || port < 0 || port > 65535)
            usage ();
        }
      else
        usage ();
    }
  if (port < 0)
    usage ();

  sa.sa_handler = on_signal;
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
  signal (SIGPIPE, SIG_IGN);
  raise_nofile_limit ();

  listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd < 0)
    {
      perror ("epoll-echo: socket");
      return 1;
    }
  setsockopt (listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  addr.sin_family = AF_INET;
  addr.sin_port = htons ((uint16_t) port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (listen_fd, (struct sockaddr *) &addr, sizeof addr) < 0
      || listen (listen_fd, SOMAXCONN) < 0
      || getsockname (listen_fd, (struct sockaddr *) &addr, &addr_len) < 0)
    {
      perror ("epoll-echo: bind/listen");
      return 1;
    }

  printf ("%u\n", ntohs (addr.sin_port));
  fflush (stdout);

  epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (epfd < 0)
    {
      perror ("epoll-echo: epoll_create1");
      return 1;
    }
  ev.events = EPOLLIN;
  ev.data.ptr = NULL;   /* NULL marks the listening socket */
  epoll_ctl (epfd, EPOLL_CTL_ADD, listen_fd, &ev);

  deadline = now_seconds () + max_seconds;
  while (!stop_requested && now_seconds () < deadline)
    {
      int n = epoll_wait (epfd, events, MAX_EVENTS, 1000);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          perror ("epoll-echo: epoll_wait");
          return 1;
        }

      for (int i = 0; i < n; i++)
        {
          Conn *conn = events[i].data.ptr;

          if (conn == NULL)
            accept_all (epfd, listen_fd);
          else if (conn_service (epfd, conn, events[i].events) < 0)
            conn_close (epfd, conn);
        }
    }

  /* Open connections are reclaimed by exit. */
  close (epfd);
  close (listen_fd);
  return 0;
}
