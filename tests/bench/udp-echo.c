/* udp-echo.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The reference that the UDP benchmark measures Socket Lab against: the
 * plainest UDP echo server, a blocking recvfrom()/sendto() loop on
 * 127.0.0.1, as the course's UDP echo server is in C.
 *
 * Usage: udp-echo PORT [--max-seconds S]
 * The first line on stdout is the port bound (useful with PORT 0). It runs
 * until SIGTERM/SIGINT, or at most S seconds (default 3600). */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

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

int
main (int   argc,
      char *argv[])
{
  struct sockaddr_in addr = { 0 };
  socklen_t addr_len = sizeof addr;
  struct timeval tick = { 1, 0 };   /* wake up to check the time limit */
  struct sigaction sa = { 0 };
  static unsigned char buf[65536];
  double max_seconds = 3600, deadline;
  int fd;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s PORT [--max-seconds S]\n", argv[0]);
      return 2;
    }
  if (argc >= 4 && strcmp (argv[2], "--max-seconds") == 0)
    max_seconds = atof (argv[3]);

  sa.sa_handler = on_signal;
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);

  fd = socket (AF_INET, SOCK_DGRAM, 0);
  if (fd < 0)
    {
      perror ("socket");
      return 1;
    }
  addr.sin_family = AF_INET;
  addr.sin_port = htons ((unsigned short) atoi (argv[1]));
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) < 0 ||
      getsockname (fd, (struct sockaddr *) &addr, &addr_len) < 0)
    {
      perror ("bind");
      return 1;
    }
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof tick);

  printf ("%u\n", ntohs (addr.sin_port));
  fflush (stdout);

  deadline = now_seconds () + max_seconds;
  while (!stop_requested && now_seconds () < deadline)
    {
      struct sockaddr_storage from;
      socklen_t from_len = sizeof from;
      ssize_t n = recvfrom (fd, buf, sizeof buf, 0, (struct sockaddr *) &from, &from_len);

      if (n < 0)
        {
          if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            continue;
          perror ("recvfrom");
          return 1;
        }
      sendto (fd, buf, (size_t) n, 0, (struct sockaddr *) &from, from_len);
    }

  close (fd);
  return 0;
}
