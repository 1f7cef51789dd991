/* sl-frame-link-private.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-frame-link.h"
#include "sl-line-writer.h"

G_BEGIN_DECLS

/* Shared by sl-frame-link.c (the engine: what runs where, sends, the
 * list) and sl-frame-link-run.c (one helper process: its pipes and the
 * pcap stream). Both on the link's main context. */

#define SL_FRAME_NO_FRAMES_FILTER "less 1"   /* matches nothing: send only */
#define SL_FRAME_LINKTYPE_ETHERNET 1

typedef struct _SlFrameRun SlFrameRun;

struct _SlFrameRun
{
  SlFrameLink *link;            /* NULL once the link let go of it */
  char *ifname;
  GSubprocess *subprocess;
  SlLineWriter *stdin_writer;   /* commands, in order */
  GInputStream *stdout_pipe;
  GDataInputStream *stderr_stream;


  guint8 *buffer;
  gsize have;
  gboolean header_done;
  gboolean nanoseconds;
  guint linktype;

  gboolean ready;
  gboolean exited;
  gboolean stopping;
  guint pending;                /* send lines not answered yet */
  char *error_code;             /* of the last error line */
  char *error_detail;
  GSource *kill_timer;
  GSource *idle_timer;
};

struct _SlFrameLink
{
  GObject parent_instance;

  GMainContext *context;
  GHashTable *runs;             /* interface name → SlFrameRun */

  GListStore *frames;
  GQueue pending_frames;        /* not yet in the list: time and bytes */
  GSource *flush_source;
  guint64 n_received;

  gboolean receiving;
  char *receive_interface;
  int receive_ethertype;

  char *send_interface;         /* the send in progress */
  GPtrArray *send_frames;
  guint send_rounds_left;
  guint send_interval_ms;
  GSource *send_timer;
  gboolean sending;
  guint64 n_sent;

  GError *error;
};

/* sl-frame-link-run.c */
SlFrameRun *sl_frame_run_start          (SlFrameLink         *link,
                                         const char          *ifname,
                                         const char          *filter,
                                         GAsyncReadyCallback  exited,
                                         GError             **error);
SlFrameRun *sl_frame_run_ref            (SlFrameRun          *run);
void        sl_frame_run_unref          (SlFrameRun          *run);
void        sl_frame_run_command        (SlFrameRun          *run,
                                         const char          *line);
/* "stop", EOF, and a kill if it has not exited in time */
void        sl_frame_run_request_stop   (SlFrameRun          *run,
                                         GMainContext        *context);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlFrameRun, sl_frame_run_unref)

/* sl-frame-link.c: what the run reports */
void        sl_frame_link_handle_line     (SlFrameLink  *self,
                                           SlFrameRun   *run,
                                           const char   *line);
void        sl_frame_link_handle_linktype (SlFrameLink  *self,
                                           SlFrameRun   *run);
void        sl_frame_link_handle_frame    (SlFrameLink  *self,
                                           SlFrameRun   *run,
                                           gint64        time_us,
                                           const guint8 *data,
                                           gsize         len);
/* The helper's output is not what the protocol says */
void        sl_frame_link_handle_garbage  (SlFrameLink  *self,
                                           SlFrameRun   *run);

G_END_DECLS
