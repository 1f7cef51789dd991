/* socket-lab-helper.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The only privileged code of Socket Lab (src/helper/PROTOCOL.md is its
 * contract). It runs with the file capabilities cap_net_raw,cap_net_admin=ep
 * and uses them for two things only: opening the libpcap handle and opening
 * one AF_PACKET socket for `send`. Right after that it gives up every
 * capability (and, when started as root, root itself), so the long-running
 * part that parses commands from stdin holds no privilege at all.
 *
 * It uses libc and libpcap only, opens no path that its caller names, and
 * bounds every input: argv, stdin lines, filters, frames. One thread, one
 * poll() loop over the capture fd, stdin and stdout. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES   8192    /* a command line, without its newline */
#define FILTER_MAX_BYTES 4096
#define SNAPLEN_MIN      64
#define SNAPLEN_MAX      262144
#define BUFFER_MB_MIN    1
#define BUFFER_MB_MAX    256
#define BUFFER_MB_DEFAULT 32
#define FRAME_MIN        14
#define FRAME_MAX        (LINE_MAX_BYTES / 2)  /* more hex never fits in a line */
#define STDOUT_BUFFER    (1 << 20)

/* Not immediate mode: on Linux that makes libpcap fall back from TPACKET_V3
 * to TPACKET_V2, whose ring has one snaplen-sized slot per packet (128
 * slots in 32 MB at snaplen 262144); it dropped 0.2-0.5% of 64-byte UDP
 * at 200,000 packets/s on lo. TPACKET_V3 packs packets into blocks that the
 * kernel hands over when full or after this many milliseconds, so packets
 * still reach the app within a few milliseconds, with no drops. */
#define BATCH_TIMEOUT_MS 5
#define UNPRIVILEGED_ID  65534   /* nobody / nogroup */

enum { EXIT_BAD_COMMAND = 2 };

static pcap_t *capture;
static pcap_dumper_t *dumper;
static int send_fd = -1;
static char stdout_buffer[STDOUT_BUFFER];

/* One line on stderr, written with a single write() so that lines never
 * interleave. Text from libpcap may quote the caller's filter: anything but
 * printable ASCII becomes '?', so a line is always exactly one line. */
static void
report (const char *format,
        ...)
{
  char line[1024];
  va_list args;
  int len;

  va_start (args, format);
  len = vsnprintf (line, sizeof line - 1, format, args);
  va_end (args);
  if (len < 0)
    return;
  if ((size_t) len > sizeof line - 2)
    len = sizeof line - 2;
  for (int i = 0; i < len; i++)
    if (line[i] < 0x20 || line[i] > 0x7e)
      line[i] = '?';
  line[len++] = '\n';
  (void) !write (STDERR_FILENO, line, len);
}

static void __attribute__ ((noreturn))
fatal (int status,
       const char *code,
       const char *message)
{
  report ("error %s %s", code, message);
  exit (status);
}

static int
parse_number (const char *text,
              long min,
              long max,
              long *out)
{
  long value = 0;

  if (*text == '\0' || strlen (text) > 9)
    return -1;
  for (const char *p = text; *p; p++)
    {
      if (*p < '0' || *p > '9')
        return -1;
      value = value * 10 + (*p - '0');
    }
  if (value < min || value > max)
    return -1;
  *out = value;
  return 0;
}

/* A name that may be an interface: 1…IFNAMSIZ-1 bytes of [A-Za-z0-9._:@-]. */
static int
valid_interface_name (const char *name)
{
  size_t len = strlen (name);

  if (len == 0 || len >= IFNAMSIZ)
    return 0;
  return strspn (name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                       "0123456789._:@-") == len;
}

/* Returns NULL when the filter is acceptable, else the error code. */
static const char *
check_filter_text (const char *filter)
{
  size_t len = strlen (filter);

  if (len > FILTER_MAX_BYTES)
    return "filter-too-long";
  for (size_t i = 0; i < len; i++)
    if (filter[i] < 0x20 || filter[i] > 0x7e)
      return "bad-filter";
  return NULL;
}

/* Compiled against the live handle, so the link type is the real one. */
static int
apply_filter (const char *filter)
{
  struct bpf_program program;
  const char *code = check_filter_text (filter);

  if (code != NULL)
    {
      report ("error %s the filter must be at most %d bytes of printable ASCII",
              code, FILTER_MAX_BYTES);
      return -1;
    }
  if (pcap_compile (capture, &program, filter, 1, PCAP_NETMASK_UNKNOWN) != 0)
    {
      report ("error bad-filter %s", pcap_geterr (capture));
      return -1;
    }
  if (pcap_setfilter (capture, &program) != 0)
    {
      report ("error bad-filter %s", pcap_geterr (capture));
      pcap_freecode (&program);
      return -1;
    }
  pcap_freecode (&program);
  return 0;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* `send IFNAME HEX`: checked in the order name, existence, up, hex, size. */
static void
send_frame (const char *ifname,
            const char *hex)
{
  static unsigned char frame[FRAME_MAX];
  struct sockaddr_ll address;
  struct ifreq ifr;
  unsigned int ifindex;
  size_t digits = strlen (hex), len = digits / 2;
  ssize_t sent;

  if (send_fd < 0)
    {
      report ("error permission no AF_PACKET socket: the helper lacks CAP_NET_RAW");
      return;
    }
  if (!valid_interface_name (ifname) || (ifindex = if_nametoindex (ifname)) == 0)
    {
      report ("error no-interface no such interface");
      return;
    }
  memset (&ifr, 0, sizeof ifr);
  memcpy (ifr.ifr_name, ifname, strlen (ifname));
  if (ioctl (send_fd, SIOCGIFFLAGS, &ifr) != 0)
    {
      report ("error no-interface %s: %s", ifname, strerror (errno));
      return;
    }
  if (!(ifr.ifr_flags & IFF_UP))
    {
      report ("error interface-down %s is down", ifname);
      return;
    }
  if (ioctl (send_fd, SIOCGIFMTU, &ifr) != 0)
    {
      report ("error no-interface %s: %s", ifname, strerror (errno));
      return;
    }
  if (digits % 2 != 0 || strspn (hex, "0123456789abcdefABCDEF") != digits)
    {
      report ("error bad-frame the frame must be an even number of hex digits");
      return;
    }
  if (len < FRAME_MIN)
    {
      report ("error bad-frame a frame has at least %d bytes", FRAME_MIN);
      return;
    }
  if (len > (size_t) ifr.ifr_mtu + 14 || len > sizeof frame)
    {
      report ("error frame-too-large %zu bytes, at most %d on %s",
              len, ifr.ifr_mtu + 14, ifname);
      return;
    }
  for (size_t i = 0; i < len; i++)
    frame[i] = (unsigned char) (hex_value (hex[2 * i]) << 4 | hex_value (hex[2 * i + 1]));

  memset (&address, 0, sizeof address);
  address.sll_family = AF_PACKET;
  address.sll_ifindex = (int) ifindex;
  address.sll_halen = 6;
  memcpy (address.sll_addr, frame, 6);
  sent = sendto (send_fd, frame, len, 0, (struct sockaddr *) &address, sizeof address);
  if (sent < 0)
    {
      int saved = errno;

      if (saved == ENETDOWN)
        report ("error interface-down %s: %s", ifname, strerror (saved));
      else if (saved == EMSGSIZE)
        report ("error frame-too-large %s", strerror (saved));
      else if (saved == ENODEV || saved == ENXIO)
        report ("error no-interface %s: %s", ifname, strerror (saved));
      else
        report ("error bad-frame %s", strerror (saved));
      return;
    }
  report ("sent %zd", sent);
}

/* Returns 1 when the helper should stop. */
static int
handle_command (char *line,
                size_t len)
{
  if (memchr (line, '\0', len) != NULL)
    report ("error bad-command a command contains a NUL byte");
  else if (strcmp (line, "stop") == 0)
    return 1;
  else if (strcmp (line, "filter") == 0 || strncmp (line, "filter ", 7) == 0)
    {
      if (apply_filter (line[6] ? line + 7 : "") == 0)
        report ("filter-ok");
    }
  else if (strncmp (line, "send ", 5) == 0)
    {
      char *ifname = line + 5;
      char *space = strchr (ifname, ' ');

      if (space == NULL || space == ifname || space[1] == '\0')
        report ("error bad-command usage: send IFNAME HEX");
      else
        {
          *space = '\0';
          send_frame (ifname, space + 1);
        }
    }
  else
    report ("error bad-command unknown command; expected filter, send or stop");
  return 0;
}

/* Reads what stdin has and runs every complete line. A line longer than
 * LINE_MAX_BYTES is refused once and skipped up to its newline. Returns 1
 * on `stop` or EOF. */
static int
read_commands (void)
{
  static char buf[LINE_MAX_BYTES + 1];
  static size_t len;
  static int skipping;
  ssize_t n;
  char *newline;

  n = read (STDIN_FILENO, buf + len, sizeof buf - len);
  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return 0;
  if (n <= 0)
    {
      /* EOF: a last line without its newline still counts */
      if (n == 0 && len > 0 && !skipping)
        {
          buf[len] = '\0';
          handle_command (buf, len);
        }
      return 1;
    }
  len += (size_t) n;

  while ((newline = memchr (buf, '\n', len)) != NULL)
    {
      size_t line_len = (size_t) (newline - buf);
      int stop = 0;

      *newline = '\0';
      if (skipping)
        skipping = 0;
      else
        stop = handle_command (buf, line_len);
      len -= line_len + 1;
      memmove (buf, newline + 1, len);
      if (stop)
        return 1;
    }
  if (len == sizeof buf)
    {
      if (!skipping)
        report ("error bad-command a command line is longer than %d bytes", LINE_MAX_BYTES);
      skipping = 1;
      len = 0;
    }
  return 0;
}

static void
report_stats (void)
{
  struct pcap_stat stats;

  if (pcap_stats (capture, &stats) == 0)
    report ("stats %u %u %u", stats.ps_recv, stats.ps_drop, stats.ps_ifdrop);
}

/* Returns -1 on a capture error; exits 0 when nobody reads stdout any more. */
static int
capture_batch (void)
{
  int n = pcap_dispatch (capture, -1, pcap_dump, (u_char *) dumper);

  if (pcap_dump_flush (dumper) != 0 || ferror (stdout))
    {
      if (errno == EPIPE)
        exit (EXIT_SUCCESS);
      fatal (EXIT_FAILURE, "capture-failed", "cannot write the capture to stdout");
    }
  return n < 0 ? -1 : 0;
}

/* With file capabilities nothing more than clearing them is needed; a
 * helper started as root also stops being root, so that it owns no file. */
static void
drop_privileges (void)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

  if (getuid () == 0 || geteuid () == 0)
    {
      if (setgroups (0, NULL) != 0
          || setresgid (UNPRIVILEGED_ID, UNPRIVILEGED_ID, UNPRIVILEGED_ID) != 0
          || setresuid (UNPRIVILEGED_ID, UNPRIVILEGED_ID, UNPRIVILEGED_ID) != 0)
        fatal (EXIT_FAILURE, "capture-failed", "cannot give up root");
    }
  memset (data, 0, sizeof data);
  if (syscall (SYS_capset, &header, data) != 0)
    fatal (EXIT_FAILURE, "capture-failed", "cannot give up capabilities");
}

static const char *
activate_error_code (int status)
{
  switch (status)
    {
    case PCAP_ERROR_PERM_DENIED:
    case PCAP_ERROR_PROMISC_PERM_DENIED:
      return "permission";
    case PCAP_ERROR_NO_SUCH_DEVICE:
      return "no-interface";
    case PCAP_ERROR_IFACE_NOT_UP:
      return "interface-down";
    default:
      return "capture-failed";
    }
}

/* Opens the handle; every failure here is fatal (exit 1). */
static void
open_capture (const char *ifname,
              int snaplen,
              int buffer_mb)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  int status;

  if (!valid_interface_name (ifname)
      || (strcmp (ifname, "any") != 0 && if_nametoindex (ifname) == 0))
    fatal (EXIT_FAILURE, "no-interface", "no such interface");

  capture = pcap_create (ifname, errbuf);
  if (capture == NULL)
    {
      report ("error capture-failed %s", errbuf);
      exit (EXIT_FAILURE);
    }
  if (pcap_set_snaplen (capture, snaplen) != 0
      || pcap_set_buffer_size (capture, buffer_mb * 1024 * 1024) != 0
      || pcap_set_timeout (capture, BATCH_TIMEOUT_MS) != 0)
    fatal (EXIT_FAILURE, "capture-failed", "cannot configure the capture");

  status = pcap_activate (capture);
  if (status < 0)
    {
      report ("error %s %s: %s", activate_error_code (status), pcap_statustostr (status),
              pcap_geterr (capture));
      exit (EXIT_FAILURE);
    }
#ifdef DLT_LINUX_SLL2
  if (strcmp (ifname, "any") == 0)
    (void) pcap_set_datalink (capture, DLT_LINUX_SLL2);  /* else stays DLT_LINUX_SLL */
#endif
  if (pcap_setnonblock (capture, 1, errbuf) != 0 || pcap_get_selectable_fd (capture) < 0)
    fatal (EXIT_FAILURE, "capture-failed", "the capture cannot be polled");
}

static int
run_check (void)
{
  open_capture ("lo", SNAPLEN_MIN, BUFFER_MB_MIN);
  report ("ready %d", pcap_datalink (capture));
  pcap_close (capture);
  return EXIT_SUCCESS;
}

static double
now_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
run_capture (const char *ifname,
             const char *filter,
             int snaplen,
             int buffer_mb)
{
  struct pollfd fds[3];
  double next_stats;

  if (filter != NULL && check_filter_text (filter) != NULL)
    {
      report ("error %s the filter must be at most %d bytes of printable ASCII",
              check_filter_text (filter), FILTER_MAX_BYTES);
      return EXIT_FAILURE;
    }

  open_capture (ifname, snaplen, buffer_mb);
  send_fd = socket (AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);  /* protocol 0: receives nothing */
  drop_privileges ();

  if (filter != NULL && apply_filter (filter) != 0)
    return EXIT_FAILURE;

  if (setvbuf (stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer) != 0
      || (dumper = pcap_dump_fopen (capture, stdout)) == NULL
      || pcap_dump_flush (dumper) != 0)
    {
      if (errno == EPIPE)
        return EXIT_SUCCESS;
      fatal (EXIT_FAILURE, "capture-failed", "cannot write the capture to stdout");
    }
  report ("ready %d", pcap_datalink (capture));

  fds[0] = (struct pollfd) { .fd = pcap_get_selectable_fd (capture), .events = POLLIN };
  fds[1] = (struct pollfd) { .fd = STDIN_FILENO, .events = POLLIN };
  fds[2] = (struct pollfd) { .fd = STDOUT_FILENO, .events = 0 };  /* POLLERR: reader gone */
  next_stats = now_seconds () + 1.0;

  for (;;)
    {
      double now = now_seconds ();
      int timeout = now >= next_stats ? 0 : (int) ((next_stats - now) * 1000.0) + 1;

      if (poll (fds, 3, timeout) < 0 && errno != EINTR)
        fatal (EXIT_FAILURE, "capture-failed", "poll failed");

      if ((fds[0].revents & (POLLIN | POLLERR | POLLHUP)) && capture_batch () != 0)
        {
          report ("error capture-failed %s", pcap_geterr (capture));
          return EXIT_FAILURE;
        }
      if (fds[2].revents & (POLLERR | POLLHUP | POLLNVAL))
        return EXIT_SUCCESS;
      if ((fds[1].revents & (POLLIN | POLLERR | POLLHUP | POLLNVAL)) && read_commands ())
        break;

      if (now_seconds () >= next_stats)
        {
          report_stats ();
          next_stats += 1.0;
          if (next_stats < now_seconds ())
            next_stats = now_seconds () + 1.0;
        }
    }

  /* stop or EOF: what the ring still holds, then the last counts */
  if (capture_batch () != 0)
    report ("error capture-failed %s", pcap_geterr (capture));
  report_stats ();
  pcap_dump_close (dumper);  /* stdout included */
  pcap_close (capture);
  return EXIT_SUCCESS;
}

static void __attribute__ ((noreturn))
usage_error (const char *message)
{
  fatal (EXIT_BAD_COMMAND, "bad-command", message);
}

int
main (int argc,
      char **argv)
{
  const char *ifname = NULL, *filter = NULL;
  long snaplen = SNAPLEN_MAX, buffer_mb = BUFFER_MB_DEFAULT;
  int have_snaplen = 0, have_buffer = 0;

  /* Nothing this program executes may gain privileges; it executes nothing. */
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    fatal (EXIT_FAILURE, "capture-failed", "cannot set no_new_privs");
  signal (SIGPIPE, SIG_IGN);

  /* A closed 0, 1 or 2 would be reused by the capture socket, and commands
   * would then be read from the capture. */
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl (fd, F_GETFD) < 0 && open ("/dev/null", O_RDWR) != fd)
      return EXIT_FAILURE;

  if (argc == 2 && strcmp (argv[1], "--version") == 0)
    {
      printf ("socket-lab-helper %s (%s)\n", PACKAGE_VERSION, pcap_lib_version ());
      return fflush (stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
    }
  if (argc == 2 && strcmp (argv[1], "check") == 0)
    return run_check ();
  if (argc < 2 || strcmp (argv[1], "capture") != 0)
    usage_error ("usage: socket-lab-helper capture --interface=NAME [--filter=BPF] "
                 "[--snaplen=N] [--buffer-mb=N] | check | --version");

  for (int i = 2; i < argc; i++)
    {
      const char *arg = argv[i];

      if (strncmp (arg, "--interface=", 12) == 0 && ifname == NULL)
        ifname = arg + 12;
      else if (strncmp (arg, "--filter=", 9) == 0 && filter == NULL)
        filter = arg + 9;
      else if (strncmp (arg, "--snaplen=", 10) == 0 && !have_snaplen)
        {
          have_snaplen = 1;
          if (parse_number (arg + 10, SNAPLEN_MIN, SNAPLEN_MAX, &snaplen) != 0)
            usage_error ("--snaplen must be 64 to 262144");
        }
      else if (strncmp (arg, "--buffer-mb=", 12) == 0 && !have_buffer)
        {
          have_buffer = 1;
          if (parse_number (arg + 12, BUFFER_MB_MIN, BUFFER_MB_MAX, &buffer_mb) != 0)
            usage_error ("--buffer-mb must be 1 to 256");
        }
      else
        usage_error ("unknown or repeated option");
    }
  if (ifname == NULL)
    usage_error ("capture needs --interface=NAME");

  return run_capture (ifname, filter, (int) snaplen, (int) buffer_mb);
}
