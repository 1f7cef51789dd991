/* sl-error.c
 *
 * Copyright 2026 The Socket Lab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sl-error.h"

/* being written: the explanations */

G_DEFINE_QUARK (sl-error-quark, sl_error)
