/* sl-mcc-codec.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The messages of the course's multicast chat (mcc.py): a Python pickle of
 * ['J', name], ['S', name, text] or ['L', name], where the first item is a
 * one-letter str and name and text are bytes (UTF-8 by convention).
 *
 * Encoding gives exactly what Python 3's pickle.dumps(obj, protocol=3)
 * gives. Decoding reads protocols 2 to 5 with a fixed whitelist of opcodes:
 * it is never a general unpickler, builds no object but str, bytes and
 * lists, and calls nothing. The only GLOBAL/REDUCE it accepts are the two
 * forms in which Python 3 writes bytes at protocol 2
 * (_codecs.encode(str, 'latin1') and __builtin__.bytes()). */

#define SL_MCC_ERROR (sl_mcc_error_quark ())

typedef enum
{
  SL_MCC_ERROR_TRUNCATED,       /* the data ends inside an opcode, or before STOP */
  SL_MCC_ERROR_FORBIDDEN_OPCODE,/* an opcode outside the whitelist: the message names it */
  SL_MCC_ERROR_PROTOCOL,        /* pickle protocol other than 2 to 5 */
  SL_MCC_ERROR_TOO_LARGE,       /* over a size or count limit */
  SL_MCC_ERROR_INVALID,         /* well-formed pickle, not a chat message */
} SlMccError;

typedef enum
{
  SL_MCC_JOIN  = 'J',
  SL_MCC_SAY   = 'S',
  SL_MCC_LEAVE = 'L',
} SlMccKind;

/* Limits of the decoder (a datagram is at most 65,527 bytes anyway) */
#define SL_MCC_MAX_INPUT  (1024 * 1024)
#define SL_MCC_MAX_VALUES 1024
#define SL_MCC_MAX_STACK  256
#define SL_MCC_MAX_MEMO   4096

typedef struct
{
  SlMccKind kind;
  GBytes *name;
  GBytes *text;  /* SL_MCC_SAY only; NULL otherwise */
  guint protocol; /* from PROTO; 2 to 5 */
} SlMccMessage;

GQuark        sl_mcc_error_quark    (void);

/* @text is used (and required, possibly empty) only for SL_MCC_SAY */
GBytes       *sl_mcc_encode         (SlMccKind     kind,
                                     GBytes       *name,
                                     GBytes       *text);
SlMccMessage *sl_mcc_decode         (const guint8 *data,
                                     gsize         len,
                                     GError      **error);
void          sl_mcc_message_free   (SlMccMessage *message);
/* "SHORT_BINUNICODE" for 0x8c; NULL for a byte that is no pickle opcode */
const char   *sl_mcc_opcode_name    (guint8        opcode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlMccMessage, sl_mcc_message_free)

G_END_DECLS
