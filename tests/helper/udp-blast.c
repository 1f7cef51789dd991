/* udp-blast.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Load for the capture benchmark: sends 64-byte UDP datagrams to
 * 127.0.0.1:PORT at RATE packets/s for SECONDS, paced in 1 ms slices with
 * sendmmsg(), then prints how many it sent. Loopback only, bounded time. */

#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define PAYLOAD 64

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main (int argc,
      char **argv)
{
  struct sockaddr_in to = { .sin_family = AF_INET };
  struct mmsghdr msgs[BATCH];
  struct iovec iov;
  char payload[PAYLOAD];
  double rate, seconds, start;
  unsigned long long sent = 0;
  int fd;

  if (argc != 4)
    {
      fprintf (stderr, "usage: udp-blast PORT RATE SECONDS\n");
      return 2;
    }
  to.sin_port = htons (atoi (argv[1]));
  to.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  rate = atof (argv[2]);
  seconds = atof (argv[3]);
  if (rate <= 0 || seconds <= 0 || seconds > 60)
    return 2;

  fd = socket (AF_INET, SOCK_DGRAM, 0);
  if (fd < 0 || connect (fd, (struct sockaddr *) &to, sizeof to) != 0)
    {
      perror ("udp-blast");
      return 1;
    }
  memset (payload, 'x', sizeof payload);
  iov.iov_base = payload;
  iov.iov_len = sizeof payload;
  memset (msgs, 0, sizeof msgs);
  for (int i = 0; i < BATCH; i++)
    {
      msgs[i].msg_hdr.msg_iov = &iov;
      msgs[i].msg_hdr.msg_iovlen = 1;
    }

  start = now ();
  for (;;)
    {
      double elapsed = now () - start;
      unsigned long long due;

      if (elapsed >= seconds)
        break;
      due = (unsigned long long) (elapsed * rate);
      if (sent >= due)
        {
          usleep (200);
          continue;
        }
      while (sent < due)
        {
          unsigned int n = due - sent > BATCH ? BATCH : (unsigned int) (due - sent);
          int r = sendmmsg (fd, msgs, n, 0);

          if (r <= 0)
            break;  /* ECONNREFUSED from an ICMP error: keep the pace */
          sent += (unsigned int) r;
        }
    }
  printf ("%llu\n", sent);
  close (fd);
  return 0;
}
