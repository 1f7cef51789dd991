/* sl-reply.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How a server answers, as the courses' servers do. Pure logic shared by
 * the TCP server, the UDP socket and the multicast receiver: given what one
 * read returned, what to send back and whether to close. */

typedef enum
{
  SL_REPLY_NONE,        /* the teacher answers by hand */
  SL_REPLY_ECHO,        /* send back every chunk until the peer closes */
  SL_REPLY_TEXT,        /* answer each read with a fixed text (ack = "ACK" + close) */
  SL_REPLY_TIMESTAMP,   /* 8-byte native double time + the bytes read, then close */
  SL_REPLY_NUMBER_GAME, /* "name,number" → "server name,random"; otherwise close */
} SlReplyMode;

#define SL_TYPE_REPLY_CONFIG (sl_reply_config_get_type ())

typedef struct _SlReplyConfig SlReplyConfig;

struct _SlReplyConfig
{
  SlReplyMode mode;
  char *text;           /* SL_REPLY_TEXT: sent as UTF-8, escapes already applied */
  gboolean close_after; /* SL_REPLY_TEXT: close after the first reply */
  char *server_name;    /* SL_REPLY_NUMBER_GAME */
};

GType          sl_reply_config_get_type (void) G_GNUC_CONST;
SlReplyConfig *sl_reply_config_new      (SlReplyMode          mode);
SlReplyConfig *sl_reply_config_copy     (const SlReplyConfig *config);
void           sl_reply_config_free     (SlReplyConfig       *config);
SlReplyConfig *sl_reply_config_parse    (const char          *spec,
                                         GError             **error);
char          *sl_reply_config_to_spec  (const SlReplyConfig *config);
const char    *sl_reply_mode_get_label  (SlReplyMode          mode);

typedef struct
{
  GBytes *reply;        /* NULL: send nothing */
  gboolean close;       /* close the connection after sending */
  char *note;           /* a line for the log, or NULL (number game: names, numbers, sum) */
} SlReplyResult;

void sl_reply_respond      (const SlReplyConfig *config,
                            const guint8        *data,
                            gsize                len,
                            SlReplyResult       *result);
void sl_reply_result_clear (SlReplyResult       *result);

/* Whether the mode answers only the first read (ack, timestamp, number game
 * read once, as the courses' servers call recv() once). */
gboolean sl_reply_config_reads_once (const SlReplyConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlReplyConfig, sl_reply_config_free)

G_END_DECLS
