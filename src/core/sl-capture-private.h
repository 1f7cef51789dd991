/* sl-capture-private.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sl-capture.h"
#include "sl-line-writer.h"
#include "sl-packet-store.h"

G_BEGIN_DECLS

/* Shared by sl-capture.c (the engine), sl-capture-helper.c (the helper
 * process and the reader thread) and sl-capture-packet.c (the rows and the
 * export). */

typedef struct _SlCaptureRun SlCaptureRun;

struct _SlCaptureRun
{
  SlCapture *capture;           /* NULL once the capture let go of it */
  GSubprocess *subprocess;
  SlLineWriter *stdin_writer;   /* commands, in order */
  GDataInputStream *stderr_stream;
  GCancellable *cancellable;    /* stderr reading */
  GThread *reader;
  int stdout_fd;
  int wake[2];                  /* writing to wake[1] stops the reader */
  SlPacketStore *store;
  GSource *flush_source;
  gint *flush_scheduled;
  char *reader_error;           /* set by the reader before it ends */

  gboolean stopping;            /* we asked the helper to stop */
  gboolean ready;
  gboolean exited;
  GQueue filter_serials;        /* registry serials of filters sent, not yet confirmed */
  guint64 start_serial;
  SlCaptureProblem last_problem;
  char *last_detail;
  GSource *kill_timer;
};

/* sl-capture-helper.c: main thread, except where noted */
SlCaptureRun  *sl_capture_run_ref             (SlCaptureRun   *run);   /* any thread */
void           sl_capture_run_unref           (SlCaptureRun   *run);   /* any thread */
gpointer       sl_capture_run_reader_thread   (gpointer        data);
void           sl_capture_run_join_reader     (SlCaptureRun   *run);
void           sl_capture_run_send            (SlCaptureRun   *run,
                                               const char     *line);
void           sl_capture_run_request_stop    (SlCaptureRun   *run);
void           sl_capture_run_read_lines      (SlCaptureRun   *run);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCaptureRun, sl_capture_run_unref)

/* sl-capture.c */
void           sl_capture_handle_helper_line  (SlCapture      *self,
                                               SlCaptureRun   *run,
                                               const char     *line);

SlPacket      *sl_packet_new_from_store   (SlPacketStore  *store,
                                           guint           index,
                                           gint64          first_ts_us);
SlPacketStore *sl_capture_get_store       (SlCapture      *self);

gboolean       sl_capture_export_store    (SlPacketStore  *store,
                                           guint           n_packets,
                                           const char     *path,
                                           GError        **error);

G_END_DECLS
