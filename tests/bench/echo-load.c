/* echo-load.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The load client of the TCP echo benchmark. It measures one echo server on
 * 127.0.0.1:PORT and prints one JSON line per figure on stdout:
 *
 *   stream     one connection sends --bytes (default 1 GiB) while reading the
 *              echo back (non-blocking, poll on both directions); the time
 *              runs from the first byte sent until the last byte came back.
 *              Reported in MiB/s (2^20 bytes per second). The echo is checked.
 *   pingpong   one connection, a --msg-size (64) byte message, wait for the
 *              whole echo, repeat for --seconds (5); messages/s, p50 and p99
 *              round-trip latency in microseconds.
 *   burst      --connections (1000) non-blocking connects at once; each sends
 *              one 64-byte message, reads its echo and closes; the total time
 *              in milliseconds from the first socket() to the last close().
 *
 * Everything is bounded by --timeout seconds per figure (default 120); a
 * figure that fails prints {"figure":...,"error":"..."} and the exit status
 * is 1.  Only 127.0.0.1 is ever contacted.
 *
 * Usage: echo-load --port PORT [--figure stream|pingpong|burst|all]
 *                  [--bytes N] [--seconds S] [--connections N]
 *                  [--msg-size N] [--timeout S] */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PATTERN_PERIOD 251                     /* a prime: misplaced bytes show */
#define SEND_CHUNK (PATTERN_PERIOD * 256)      /* ~63 KiB per send() */
#define RECV_CHUNK (256 * 1024)
#define PATTERN_SIZE (RECV_CHUNK + 2 * PATTERN_PERIOD)
#define MAX_MSG_SIZE 65536
#define MAX_SAMPLES (20 * 1000 * 1000)

typedef struct
{
  uint16_t port;
  uint64_t bytes;
  double seconds;
  int connections;
  size_t msg_size;
  double timeout;
} Options;

static unsigned char pattern[PATTERN_SIZE];

static double
now_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
fail_json (const char *figure,
           const char *what)
{
  printf ("{\"figure\":\"%s\",\"error\":\"%s: %s\"}\n",
          figure, what, errno ? strerror (errno) : "failed");
  fflush (stdout);
}

static void
raise_nofile_limit (void)
{
  struct rlimit rl;

  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max)
    {
      rl.rlim_cur = rl.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &rl) < 0)
        perror ("echo-load: setrlimit");
    }
}

static struct sockaddr_in
loopback_address (uint16_t port)
{
  struct sockaddr_in addr = { 0 };

  addr.sin_family = AF_INET;
  addr.sin_port = htons (port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  return addr;
}

/* A connected socket, blocking or not, or -1. */
static int
connect_loopback (uint16_t port,
                  int nonblocking)
{
  struct sockaddr_in addr = loopback_address (port);
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;

  if (fd < 0)
    return -1;
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    {
      int saved = errno;

      close (fd);
      errno = saved;
      return -1;
    }
  if (nonblocking)
    fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

static int
run_stream (const Options *opt)
{
  uint64_t sent = 0, received = 0;
  unsigned char *recv_buf;
  double start, elapsed, deadline;
  int fd;

  recv_buf = malloc (RECV_CHUNK);
  fd = connect_loopback (opt->port, 1);
  if (recv_buf == NULL || fd < 0)
    {
      fail_json ("stream", "connect");
      free (recv_buf);
      return 1;
    }

  start = now_seconds ();
  deadline = start + opt->timeout;
  while (received < opt->bytes)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      int n;

      if (sent < opt->bytes)
        pfd.events |= POLLOUT;

      n = poll (&pfd, 1, 1000);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          fail_json ("stream", "poll");
          goto fail;
        }
      if (now_seconds () > deadline)
        {
          errno = ETIMEDOUT;
          fail_json ("stream", "timeout");
          goto fail;
        }
      if (pfd.revents & (POLLERR | POLLNVAL))
        {
          errno = ECONNRESET;
          fail_json ("stream", "socket error");
          goto fail;
        }

      if ((pfd.revents & POLLOUT) && sent < opt->bytes)
        {
          uint64_t left = opt->bytes - sent;
          size_t len = left < SEND_CHUNK ? (size_t) left : SEND_CHUNK;
          ssize_t w = send (fd, pattern + sent % PATTERN_PERIOD, len, MSG_NOSIGNAL);

          if (w > 0)
            sent += (uint64_t) w;
          else if (w < 0 && errno != EAGAIN && errno != EINTR)
            {
              fail_json ("stream", "send");
              goto fail;
            }
        }

      if (pfd.revents & (POLLIN | POLLHUP))
        {
          ssize_t r = recv (fd, recv_buf, RECV_CHUNK, 0);

          if (r > 0)
            {
              if (memcmp (recv_buf, pattern + received % PATTERN_PERIOD, (size_t) r) != 0)
                {
                  errno = EBADMSG;
                  fail_json ("stream", "echo differs from what was sent");
                  goto fail;
                }
              received += (uint64_t) r;
            }
          else if (r == 0)
            {
              errno = ECONNRESET;
              fail_json ("stream", "server closed early");
              goto fail;
            }
          else if (errno != EAGAIN && errno != EINTR)
            {
              fail_json ("stream", "recv");
              goto fail;
            }
        }
    }
  elapsed = now_seconds () - start;

  close (fd);
  free (recv_buf);
  printf ("{\"figure\":\"stream\",\"bytes\":%llu,\"seconds\":%.6f,\"mib_per_s\":%.1f}\n",
          (unsigned long long) opt->bytes, elapsed,
          opt->bytes / elapsed / (1024.0 * 1024.0));
  fflush (stdout);
  return 0;

fail:
  close (fd);
  free (recv_buf);
  return 1;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static int
run_pingpong (const Options *opt)
{
  unsigned char msg[MAX_MSG_SIZE], echo[MAX_MSG_SIZE];
  struct timeval tv = { .tv_sec = (time_t) opt->timeout, .tv_usec = 0 };
  size_t count = 0, capacity = 1 << 16;
  double *samples = malloc (capacity * sizeof *samples);
  double start, end, elapsed;
  int fd = connect_loopback (opt->port, 0);

  if (samples == NULL || fd < 0)
    {
      fail_json ("pingpong", "connect");
      free (samples);
      return 1;
    }
  /* A server that stops answering fails the figure instead of hanging. */
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);

  start = now_seconds ();
  end = start + opt->seconds;
  for (;;)
    {
      double t0 = now_seconds (), t1;
      size_t got = 0;

      if (t0 >= end || count >= MAX_SAMPLES)
        break;

      memcpy (msg, pattern + count % PATTERN_PERIOD, opt->msg_size);
      if (send (fd, msg, opt->msg_size, MSG_NOSIGNAL) != (ssize_t) opt->msg_size)
        {
          fail_json ("pingpong", "send");
          goto fail;
        }
      while (got < opt->msg_size)
        {
          ssize_t r = recv (fd, echo + got, opt->msg_size - got, 0);

          if (r > 0)
            got += (size_t) r;
          else if (r < 0 && errno == EINTR)
            continue;
          else
            {
              if (r == 0)
                errno = ECONNRESET;
              fail_json ("pingpong", r < 0 && errno == EAGAIN ? "recv timed out" : "recv");
              goto fail;
            }
        }
      t1 = now_seconds ();
      if (memcmp (msg, echo, opt->msg_size) != 0)
        {
          errno = EBADMSG;
          fail_json ("pingpong", "echo differs from what was sent");
          goto fail;
        }

      if (count == capacity)
        {
          double *bigger = realloc (samples, 2 * capacity * sizeof *samples);

          if (bigger == NULL)
            {
              fail_json ("pingpong", "out of memory");
              goto fail;
            }
          samples = bigger;
          capacity *= 2;
        }
      samples[count++] = (t1 - t0) * 1e6;
    }
  elapsed = now_seconds () - start;
  close (fd);

  if (count == 0)
    {
      errno = ETIMEDOUT;
      fail_json ("pingpong", "no message came back");
      free (samples);
      return 1;
    }

  qsort (samples, count, sizeof *samples, compare_double);
  printf ("{\"figure\":\"pingpong\",\"messages\":%zu,\"seconds\":%.6f,"
          "\"msg_per_s\":%.1f,\"p50_us\":%.1f,\"p99_us\":%.1f}\n",
          count, elapsed, count / elapsed,
          samples[(count - 1) * 50 / 100], samples[(count - 1) * 99 / 100]);
  fflush (stdout);
  free (samples);
  return 0;

fail:
  close (fd);
  free (samples);
  return 1;
}

typedef enum
{
  BURST_CONNECTING,
  BURST_SENDING,
  BURST_READING,
  BURST_DONE,
} BurstState;

typedef struct
{
  BurstState state;
  size_t done;   /* bytes sent or received in the current state */
} BurstConn;

static int
run_burst (const Options *opt)
{
  struct sockaddr_in addr = loopback_address (opt->port);
  int n = opt->connections;
  struct pollfd *pfds = calloc ((size_t) n, sizeof *pfds);
  BurstConn *conns = calloc ((size_t) n, sizeof *conns);
  unsigned char buf[MAX_MSG_SIZE];
  int remaining = n, failed = 0;
  double start, elapsed, deadline;
  const char *failure = NULL;

  if (pfds == NULL || conns == NULL)
    {
      fail_json ("burst", "out of memory");
      free (pfds);
      free (conns);
      return 1;
    }

  start = now_seconds ();
  deadline = start + opt->timeout;
  for (int i = 0; i < n; i++)
    {
      int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      int one = 1;

      pfds[i].fd = fd;
      if (fd < 0)
        {
          fail_json ("burst", "socket (is RLIMIT_NOFILE too low?)");
          for (int j = 0; j < i; j++)
            close (pfds[j].fd);
          free (pfds);
          free (conns);
          return 1;
        }
      setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      if (connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0 && errno != EINPROGRESS)
        {
          conns[i].state = BURST_DONE;
          pfds[i].fd = -1;
          close (fd);
          failed++;
          remaining--;
          failure = "connect";
          continue;
        }
      conns[i].state = BURST_CONNECTING;
      pfds[i].events = POLLOUT;
    }

  while (remaining > 0)
    {
      int ready = poll (pfds, (nfds_t) n, 1000);

      if (ready < 0 && errno != EINTR)
        {
          failure = "poll";
          break;
        }
      if (now_seconds () > deadline)
        {
          failure = "timeout";
          break;
        }
      if (ready <= 0)
        continue;

      for (int i = 0; i < n; i++)
        {
          BurstConn *c = &conns[i];
          short revents = pfds[i].revents;
          int broken = 0;

          if (pfds[i].fd < 0 || revents == 0)
            continue;

          if (c->state == BURST_CONNECTING)
            {
              int err = 0;
              socklen_t len = sizeof err;

              getsockopt (pfds[i].fd, SOL_SOCKET, SO_ERROR, &err, &len);
              if (err != 0)
                broken = 1, failure = "connect";
              else
                c->state = BURST_SENDING, c->done = 0;
            }
          if (!broken && c->state == BURST_SENDING && (revents & POLLOUT))
            {
              ssize_t w = send (pfds[i].fd, pattern + i % PATTERN_PERIOD + c->done,
                                opt->msg_size - c->done, MSG_NOSIGNAL);

              if (w > 0)
                c->done += (size_t) w;
              else if (w < 0 && errno != EAGAIN && errno != EINTR)
                broken = 1, failure = "send";
              if (c->done == opt->msg_size)
                {
                  c->state = BURST_READING;
                  c->done = 0;
                  pfds[i].events = POLLIN;
                }
            }
          else if (!broken && c->state == BURST_READING && (revents & (POLLIN | POLLHUP | POLLERR)))
            {
              ssize_t r = recv (pfds[i].fd, buf, opt->msg_size - c->done, 0);

              if (r > 0)
                {
                  if (memcmp (buf, pattern + i % PATTERN_PERIOD + c->done, (size_t) r) != 0)
                    broken = 1, failure = "echo differs from what was sent";
                  c->done += (size_t) r;
                  if (!broken && c->done == opt->msg_size)
                    {
                      close (pfds[i].fd);
                      pfds[i].fd = -1;
                      c->state = BURST_DONE;
                      remaining--;
                    }
                }
              else if (r == 0 || (errno != EAGAIN && errno != EINTR))
                broken = 1, failure = "recv";
            }
          else if (!broken && (revents & (POLLERR | POLLHUP | POLLNVAL)))
            broken = 1, failure = "socket error";

          if (broken)
            {
              close (pfds[i].fd);
              pfds[i].fd = -1;
              c->state = BURST_DONE;
              failed++;
              remaining--;
            }
        }
    }
  elapsed = now_seconds () - start;

  for (int i = 0; i < n; i++)
    if (pfds[i].fd >= 0)
      {
        close (pfds[i].fd);
        failed++;
      }
  free (pfds);
  free (conns);

  if (failed > 0)
    {
      printf ("{\"figure\":\"burst\",\"connections\":%d,\"failed\":%d,"
              "\"error\":\"%s\",\"ms\":%.3f}\n",
              n, failed, failure ? failure : "failed", elapsed * 1e3);
      fflush (stdout);
      return 1;
    }
  printf ("{\"figure\":\"burst\",\"connections\":%d,\"failed\":0,\"ms\":%.3f}\n",
          n, elapsed * 1e3);
  fflush (stdout);
  return 0;
}

static void
usage (void)
{
  fprintf (stderr,
           "usage: echo-load --port PORT [--figure stream|pingpong|burst|all]\n"
           "                 [--bytes N] [--seconds S] [--connections N]\n"
           "                 [--msg-size N] [--timeout S]\n");
  exit (2);
}

static double
parse_number (const char *text,
              double min,
              double max)
{
  char *end;
  double value = strtod (text, &end);

  if (*end != '\0' || !(value >= min && value <= max))
    usage ();
  return value;
}

int
main (int argc,
      char *argv[])
{
  Options opt = {
    .port = 0,
    .bytes = 1ULL << 30,
    .seconds = 5,
    .connections = 1000,
    .msg_size = 64,
    .timeout = 120,
  };
  const char *figure = "all";
  int have_port = 0, status = 0;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;

      if (value == NULL)
        usage ();
      i++;
      if (strcmp (arg, "--port") == 0)
        opt.port = (uint16_t) parse_number (value, 1, 65535), have_port = 1;
      else if (strcmp (arg, "--figure") == 0)
        figure = value;
      else if (strcmp (arg, "--bytes") == 0)
        opt.bytes = (uint64_t) parse_number (value, 1, 1e13);
      else if (strcmp (arg, "--seconds") == 0)
        opt.seconds = parse_number (value, 0.001, 3600);
      else if (strcmp (arg, "--connections") == 0)
        opt.connections = (int) parse_number (value, 1, 100000);
      else if (strcmp (arg, "--msg-size") == 0)
        opt.msg_size = (size_t) parse_number (value, 1, MAX_MSG_SIZE);
      else if (strcmp (arg, "--timeout") == 0)
        opt.timeout = parse_number (value, 1, 3600);
      else
        usage ();
    }
  if (!have_port)
    usage ();

  signal (SIGPIPE, SIG_IGN);
  raise_nofile_limit ();
  for (size_t i = 0; i < PATTERN_SIZE; i++)
    pattern[i] = (unsigned char) (i % PATTERN_PERIOD);

  if (strcmp (figure, "stream") == 0)
    status = run_stream (&opt);
  else if (strcmp (figure, "pingpong") == 0)
    status = run_pingpong (&opt);
  else if (strcmp (figure, "burst") == 0)
    status = run_burst (&opt);
  else if (strcmp (figure, "all") == 0)
    {
      status |= run_stream (&opt);
      status |= run_pingpong (&opt);
      status |= run_burst (&opt);
    }
  else
    usage ();

  return status;
}
