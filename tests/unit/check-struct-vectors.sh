#!/bin/sh
# check-struct-vectors.sh GENERATOR HEADER
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Regenerates the struct vectors with CPython and diffs them with the
# checked-in header; skipped (77) where /usr/bin/python3 is missing.

if [ ! -x /usr/bin/python3 ]; then
  echo "skip: /usr/bin/python3 is not installed"
  exit 77
fi
exec /usr/bin/python3 "$1" --check "$2"
