/* sl-payload.h
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Payloads as students write them, and received bytes as they read them.
 * Pure functions; no I/O. Errors are in SL_ERROR with a message that points
 * at the offending character or value. */

/* The largest payload the editor builds or a struct format describes. A
 * student may paste 100 MB by accident; it is refused at once. */
#define SL_PAYLOAD_MAX_SIZE (64 * 1024 * 1024)

typedef enum
{
  SL_PAYLOAD_TEXT,      /* UTF-8 text with \n \r \t \xHH \\ escapes */
  SL_PAYLOAD_HEX,       /* "48 65 6c", "48656c", "0x48 0x65", "48:65" */
  SL_PAYLOAD_STRUCT,    /* Python struct format + values */
} SlPayloadMode;

typedef enum
{
  SL_LINE_ENDING_NONE,
  SL_LINE_ENDING_LF,
  SL_LINE_ENDING_CRLF,
} SlLineEnding;

/* Text with escapes → bytes: \n \r \t \\ \xHH, and as in Python's bytes
 * literals \' \" \a \b \f \v and octal \0 … \377. Anything else after a
 * backslash is an error naming its (1-based) character position. @len -1:
 * NUL-terminated. More than SL_PAYLOAD_MAX_SIZE bytes: SL_ERROR_TOO_LARGE. */
GBytes  *sl_payload_unescape     (const char   *text,
                                  gssize        len,
                                  GError      **error);
/* Bytes → text a student reads: valid UTF-8 kept (also Japanese and
 * Korean), \n \r \t \\ kept as escapes, other bytes as \xHH. Never markup. */
char    *sl_payload_escape       (const guint8 *data,
                                  gsize         len);
/* Two digits a byte; groups separated by spaces, newlines, : - or , and
 * each may start with 0x. Odd digits and other characters are errors. */
GBytes  *sl_payload_parse_hex    (const char   *text,
                                  GError      **error);
/* "48 65 6c 6c 6f" */
char    *sl_payload_to_hex       (const guint8 *data,
                                  gsize         len);
/* Classic 16-bytes-a-line dump: offset, hex, ASCII */
char    *sl_payload_hexdump      (const guint8 *data,
                                  gsize         len);

/* Python's struct, byte for byte: every format character
 * (x c b B ? h H i I l L q Q n N e f d s p P) with counts, and the byte
 * orders @ (native size and alignment, the default) = < > !. */
typedef struct _SlStruct SlStruct;

SlStruct *sl_struct_new           (const char   *format,
                                   GError      **error);
void      sl_struct_free          (SlStruct     *self);
const char *sl_struct_get_format  (SlStruct     *self);
gsize     sl_struct_get_size      (SlStruct     *self);   /* struct.calcsize */
guint     sl_struct_get_n_values  (SlStruct     *self);   /* values pack() takes */
/* Values as typed: integers ("42", "-1", "0x2a"), floats ("3.14"), bools
 * ("True"/"False"/"1"/"0"), bytes for s and p (text with escapes, like b'...'
 * without the b'', or with it), c a single byte. Accepted and refused
 * exactly where Python's struct.pack() is, except that unquoted text is
 * bytes for s, p and c (Python wants b'...'). */
GBytes   *sl_struct_pack          (SlStruct     *self,
                                   const char * const *values,
                                   guint        n_values,
                                   GError      **error);
/* struct.unpack, each value as Python's repr() prints it: 42, 3.14,
 * True, b'abc\x00'. */
GStrv     sl_struct_unpack        (SlStruct     *self,
                                   const guint8 *data,
                                   gsize         len,
                                   GError      **error);
/* "(b'hello', 42, 3.14)" as Python prints the tuple */
char     *sl_struct_unpack_to_string (SlStruct  *self,
                                   const guint8 *data,
                                   gsize         len,
                                   GError      **error);

/* Splits a value line typed by the user: "b'hi', 42, 3.5" or "hi 42 3.5"
 * → values for sl_struct_pack. Quotes ('..' or "..") keep commas/spaces;
 * commas separate when there is one outside quotes, else spaces; a tuple
 * as unpack_to_string prints it, "(b'hi', 42)", can be pasted back. */
GStrv     sl_struct_split_values  (const char   *line,
                                   GError      **error);

/* What the payload editor sends. */
GBytes  *sl_payload_build        (SlPayloadMode  mode,
                                  const char    *text,   /* TEXT: text; HEX: hex; STRUCT: values */
                                  const char    *format, /* STRUCT only */
                                  SlLineEnding   ending, /* TEXT only */
                                  GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlStruct, sl_struct_free)

G_END_DECLS
