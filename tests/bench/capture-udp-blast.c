/* capture-udp-blast.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The load of the capture benchmark (issue 3): 64-byte UDP datagrams to
 * 127.0.0.1:PORT at RATE datagrams/s for at most SECONDS (and at most
 * --count datagrams), paced in 1 ms slices with clock_gettime() and sent
 * in batches with sendmmsg(). Prints one JSON line:
 *
 *   {"sent": N, "seconds": S, "rate": R, "errors": E, "cpu_seconds": C}
 *
 * C is the blaster's CPU time, user and system: on lo the kernel delivers
 * each datagram (and hands it to every capture's packet socket) in the
 * sender's system call, so C / N is what one datagram costs the machine
 * before any capture program reads it, and RATE * C / N the CPUs that the
 * asked rate needs for that alone.
 *
 * Loopback only (the address is fixed), bounded in count and time.
 *
 * Someone must have bound PORT (the benchmark binds a socket and never
 * reads it): otherwise lo answers with ICMP port unreachable, and the
 * connected socket's next send fails with ECONNREFUSED. A full receive
 * buffer drops datagrams at the receiver only, after the capture tap
 * (packet sockets see lo's packets in __netif_receive_skb, before UDP
 * queues them), so an unread sink does not change what a capture sees,
 * and a reader would only take CPU away from the captures being measured. */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define PAYLOAD 64
#define SLICE_NS 1000000L

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
usage (void)
{
  fprintf (stderr, "usage: capture-udp-blast PORT RATE SECONDS [--count N]\n"
                   "  64-byte UDP datagrams to 127.0.0.1:PORT; RATE 1..10000000/s,\n"
                   "  SECONDS 0..60, N at most 100000000\n");
}

int
main (int    argc,
      char **argv)
{
  struct sockaddr_in to = { .sin_family = AF_INET };
  struct mmsghdr msgs[BATCH];
  struct iovec iov;
  char payload[PAYLOAD];
  unsigned long long sent = 0, errors = 0, count = 0;
  double rate, seconds, start, elapsed;
  long port;
  int fd;

  if (argc != 4 && !(argc == 6 && strcmp (argv[4], "--count") == 0))
    {
      usage ();
      return 2;
    }
  port = strtol (argv[1], NULL, 10);
  rate = atof (argv[2]);
  seconds = atof (argv[3]);
  if (argc == 6)
    count = strtoull (argv[5], NULL, 10);
  if (port < 1 || port > 65535 || rate < 1 || rate > 1e7 ||
      seconds <= 0 || seconds > 60 || count > 100000000ULL)
    {
      usage ();
      return 2;
    }
  if (count == 0)
    count = (unsigned long long) (rate * seconds + 0.5);

  to.sin_port = htons ((uint16_t) port);
  to.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  fd = socket (AF_INET, SOCK_DGRAM, 0);
  if (fd < 0 || connect (fd, (struct sockaddr *) &to, sizeof to) != 0)
    {
      perror ("capture-udp-blast: socket");
      return 1;
    }

  memset (payload, 'x', sizeof payload);
  memcpy (payload, "socket-lab capture benchmark ", 29);
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
      unsigned long long due;

      elapsed = now () - start;
      if (elapsed >= seconds || sent >= count || errors > 1000000)
        break;
      /* What should have gone by the end of this slice; behind schedule
       * (a busy machine), catch up at most one slice's worth at a time. */
      due = (unsigned long long) (rate * (elapsed + SLICE_NS / 1e9));
      if (due > count)
        due = count;
      if (due > sent + (unsigned long long) (rate * 2 * SLICE_NS / 1e9) + BATCH)
        due = sent + (unsigned long long) (rate * 2 * SLICE_NS / 1e9) + BATCH;
      while (sent < due)
        {
          unsigned int n = due - sent > BATCH ? BATCH : (unsigned int) (due - sent);
          int r = sendmmsg (fd, msgs, n, 0);

          if (r < 0)
            {
              if (errno != EINTR)
                errors++;
              if (errno == ECONNREFUSED || errno == ENOBUFS || errno == EAGAIN)
                break;
              if (errno != EINTR)
                {
                  perror ("capture-udp-blast: sendmmsg");
                  return 1;
                }
              continue;
            }
          sent += (unsigned int) r;
        }
      /* Sleep to the start of the next slice */
      elapsed = now () - start;
      {
        double next = ((long long) (elapsed * 1e9 / SLICE_NS) + 1) * (SLICE_NS / 1e9);
        double wait = next - elapsed;
        struct timespec ts = { 0, (long) (wait * 1e9) };

        if (sent < count && wait > 0)
          nanosleep (&ts, NULL);
      }
    }
  elapsed = now () - start;
  close (fd);

  {
    struct rusage usage;
    double cpu = 0;

    if (getrusage (RUSAGE_SELF, &usage) == 0)
      cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
            usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;

    printf ("{\"sent\": %llu, \"seconds\": %.3f, \"rate\": %.0f, \"errors\": %llu, "
            "\"cpu_seconds\": %.3f}\n",
            sent, elapsed, elapsed > 0 ? sent / elapsed : 0.0, errors, cpu);
  }
  return 0;
}
