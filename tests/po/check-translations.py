#!/usr/bin/python3
# check-translations.py
#
# Copyright 2026 The Socket Lab authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every user-visible string is translated into every language in LINGUAS:
# extract the strings from the sources listed in POTFILES.in, the same way
# meson's glib preset does, and check that each .po file translates all of
# them, with nothing fuzzy and with format strings that match (msgfmt -c).

import os
import subprocess
import sys
import tempfile

srcdir = os.environ.get("SRCDIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
podir = os.path.join(srcdir, "po")

with open(os.path.join(podir, "POTFILES.in")) as f:
    files = [l.strip() for l in f if l.strip() and not l.startswith("#")]

missing = [p for p in files if not os.path.exists(os.path.join(srcdir, p))]
if missing:
    print("POTFILES.in lists files that do not exist:", ", ".join(missing))
    sys.exit(1)

with open(os.path.join(podir, "LINGUAS")) as f:
    languages = [l.strip() for l in f if l.strip() and not l.startswith("#")]

keywords = ["_", "N_", "C_:1c,2", "NC_:1c,2", "g_dcgettext:2", "g_dngettext:2,3",
            "g_dpgettext2:2c,3"]

failed = False
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "socket-lab.pot")
    cmd = ["xgettext", "--from-code=UTF-8", "--add-comments=Translators:",
           "--directory=" + srcdir, "--output=" + pot, "--package-name=socket-lab",
           "--flag=g_strdup_printf:1:c-format", "--flag=g_string_printf:2:c-format",
           "--flag=g_set_error:4:c-format", "--flag=g_dngettext:2:pass-c-format",
           "--flag=g_dngettext:3:pass-c-format"]
    cmd += ["--keyword=" + k for k in keywords]
    cmd += files
    subprocess.run(cmd, check=True)

    # A format macro such as G_GSIZE_FORMAT inside _() cuts the string
    # where xgettext stops reading: the message can never be translated.
    with open(pot, encoding="utf-8") as f:
        entries = f.read().split("\n\n")
    cut = []
    for entry in entries:
        lines = [l for l in entry.splitlines() if l.startswith(("msgid", '"')) and not l.startswith("msgid_plural")]
        text = "".join(l[l.index('"') + 1:l.rindex('"')] for l in lines if '"' in l)
        if text.endswith("%") and not text.endswith("%%"):
            where = [l for l in entry.splitlines() if l.startswith("#:")]
            cut.append(f"{text!r} ({' '.join(where)})")
    if cut:
        print("Bail out! strings cut by a format macro inside _(): format the number first and use %s: "
              + "; ".join(cut))
        sys.exit(1)

    print(f"1..{len(languages)}")
    for i, lang in enumerate(languages, 1):
        po = os.path.join(podir, lang + ".po")
        merged = os.path.join(tmp, lang + ".po")
        subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "--output-file=" + merged, po, pot],
                       check=True)
        # Entries missing from the .po file arrive untranslated after the merge.
        stats = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, merged],
                               capture_output=True, text=True)
        untranslated = subprocess.run(["msgattrib", "--untranslated", "--no-obsolete", merged],
                                      capture_output=True, text=True).stdout
        fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", "--no-obsolete", merged],
                               capture_output=True, text=True).stdout
        problems = []
        if stats.returncode != 0:
            problems.append(stats.stderr.strip())
        # msgfmt's own count catches entries whose msgid spans lines too
        if "untranslated" in stats.stderr or "fuzzy" in stats.stderr:
            problems.append(stats.stderr.strip())
        for label, text in (("untranslated", untranslated), ("fuzzy", fuzzy)):
            ids = [l for l in text.splitlines() if l.startswith("msgid ")][1:]  # [0] is the header
            if ids:
                problems.append(f"{len(ids)} {label}: " + "; ".join(ids[:10]))
        if problems:
            failed = True
            print(f"not ok {i} - {lang}: " + " | ".join(problems))
        else:
            print(f"ok {i} - {lang}: {stats.stderr.strip()}")

sys.exit(1 if failed else 0)
