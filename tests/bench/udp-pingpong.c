/* udp-pingpong.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The client of the UDP benchmark: UDP ping-pong with one datagram in
 * flight. Each datagram carries a sequence number in its first 8 bytes; an
 * answer counts only if it is the echo of the datagram in flight, byte for
 * byte. A receive timeout resends, so that a lost datagram costs one
 * timeout and never hangs the run.
 *
 * Usage: udp-pingpong --port P [--seconds S] [--size B] [--timeout-ms T]
 * Prints one JSON line: {"msg_per_s": …, "round_trips": …, "lost": …,
 * "p50_us": …, "p99_us": …}. Exit status 1 when not one round trip
 * succeeded. */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAMPLES (4 * 1024 * 1024)

static double
now_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
compare_float (const void *a,
               const void *b)
{
  float x = *(const float *) a, y = *(const float *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  struct sockaddr_in server = { 0 };
  struct timeval timeout = { 0, 0 };
  unsigned char out[65536], in[65536];
  double seconds = 5, start, end, t0, elapsed;
  unsigned long size = 64, timeout_ms = 200, round_trips = 0, lost = 0, n_samples = 0;
  float *samples;
  uint64_t seq = 0;
  int port = 0, fd, i;

  for (i = 1; i + 1 < argc; i += 2)
    {
      if (strcmp (argv[i], "--port") == 0)
        port = atoi (argv[i + 1]);
      else if (strcmp (argv[i], "--seconds") == 0)
        seconds = atof (argv[i + 1]);
      else if (strcmp (argv[i], "--size") == 0)
        size = strtoul (argv[i + 1], NULL, 10);
      else if (strcmp (argv[i], "--timeout-ms") == 0)
        timeout_ms = strtoul (argv[i + 1], NULL, 10);
    }
  if (port <= 0 || port > 65535 || size < sizeof seq || size > sizeof out || timeout_ms == 0)
    {
      fprintf (stderr, "usage: %s --port P [--seconds S] [--size B>=8] [--timeout-ms T]\n", argv[0]);
      return 2;
    }

  samples = malloc (MAX_SAMPLES * sizeof *samples);
  fd = socket (AF_INET, SOCK_DGRAM, 0);
  if (samples == NULL || fd < 0)
    {
      perror ("socket");
      return 1;
    }
  timeout.tv_sec = timeout_ms / 1000;
  timeout.tv_usec = (timeout_ms % 1000) * 1000;
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  server.sin_family = AF_INET;
  server.sin_port = htons ((unsigned short) port);
  server.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  /* connect(): only the server's datagrams reach us */
  if (connect (fd, (struct sockaddr *) &server, sizeof server) < 0)
    {
      perror ("connect");
      return 1;
    }

  memset (out, 'x', size);
  start = now_seconds ();
  end = start + seconds;
  while ((t0 = now_seconds ()) < end)
    {
      int answered = 0;

      seq++;
      memcpy (out, &seq, sizeof seq);
      if (send (fd, out, size, 0) < 0 && errno != ECONNREFUSED)
        {
          perror ("send");
          return 1;
        }
      while (!answered)
        {
          ssize_t n = recv (fd, in, sizeof in, 0);

          if (n < 0)
            {
              if (errno == EINTR)
                continue;
              /* timeout (lost), or the port is not there (ICMP) */
              lost++;
              if (errno == ECONNREFUSED)
                usleep (timeout_ms * 1000);
              break;
            }
          /* a late echo of an earlier datagram: skip it */
          if ((size_t) n == size && memcmp (in, out, size) == 0)
            answered = 1;
        }
      if (answered)
        {
          round_trips++;
          if (n_samples < MAX_SAMPLES)
            samples[n_samples++] = (float) ((now_seconds () - t0) * 1e6);
        }
    }
  elapsed = now_seconds () - start;

  qsort (samples, n_samples, sizeof *samples, compare_float);
  printf ("{\"msg_per_s\": %.1f, \"round_trips\": %lu, \"lost\": %lu, \"p50_us\": %.1f, \"p99_us\": %.1f}\n",
          round_trips / elapsed, round_trips, lost,
          n_samples ? samples[n_samples / 2] : 0.0,
          n_samples ? samples[(size_t) (n_samples * 0.99)] : 0.0);
  free (samples);
  close (fd);
  return round_trips > 0 ? 0 : 1;
}
