/* sl-payload-private.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shared between sl-payload.c (text and hex) and sl-struct.c (struct). */

/* 1-based character position of @pos in @start, as a student counts:
 * UTF-8 sequences are one character, invalid bytes one each. */
guint    sl_payload_char_position (const char *start,
                                   const char *pos);
/* Appends the character at @p (at most @end) as a student can read it in
 * a message: itself when printable, else U+XXXX or \xHH. */
void     sl_payload_describe_char (GString    *out,
                                   const char *p,
                                   const char *end);
/* Python's repr() of a bytes object: b'...' or b"..." */
void     sl_payload_append_bytes_repr (GString      *out,
                                       const guint8 *data,
                                       gsize         len);

/* Python's repr() of a float: 0.1, 3.140000104904175, 1e+16, inf, nan */
void     sl_payload_append_float_repr (GString *out,
                                       double   x);

/* A value for sl_struct_pack() as the student typed it. */
typedef enum
{
  SL_STRUCT_VALUE_INT,
  SL_STRUCT_VALUE_FLOAT,
  SL_STRUCT_VALUE_BOOL,
  SL_STRUCT_VALUE_NONE,
  SL_STRUCT_VALUE_BYTES,    /* quoted, content unescaped */
  SL_STRUCT_VALUE_WORD,     /* anything else: bytes for s p c, an error elsewhere */
} SlStructValueKind;

typedef struct
{
  SlStructValueKind  kind;
  gboolean           negative;
  gboolean           huge;           /* |int| >= 2^64 */
  guint64            magnitude;
  double             number;         /* the float, or the int as float(int) */
  gboolean           float_overflow; /* the int is too large for a float */
  GBytes            *bytes;          /* the bytes for s p c, NULL if broken */
  const char        *text;           /* as typed, for messages */
} SlStructValue;

gboolean sl_struct_parse_value (const char     *raw,
                                guint           index,
                                SlStructValue  *v,
                                GError        **error);
void     sl_struct_value_clear (SlStructValue  *v);

G_END_DECLS
