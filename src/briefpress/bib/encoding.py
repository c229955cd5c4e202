"""A bibliography file's bytes -> its text, and a warning when it was not UTF-8.

Reference managers on Windows (EndNote, Web of Science, old JabRef and Citavi exports) still write
Windows-1252 or Latin-1, and Central European ones Windows-1250. Such a file is not refused: it is
decoded in the encoding it declares (JabRef's ``% Encoding: windows-1252`` first line, Emacs's
``-*- coding: latin-1 -*-``), else in Windows-1252 (a superset of Latin-1's letters), or
Windows-1250 when Windows-1252 would turn Central European letters into unlikely ones (``ć`` read
as ``æ``, ``đ`` as ``ð``); Latin-1 decodes any bytes, so no file is refused. The warning, at the
first byte that is not UTF-8, names the encoding used and how to make the file UTF-8. A UTF-8
byte-order mark is dropped.
"""

from __future__ import annotations

import codecs
import re

from ..diagnostics import Diagnostic, SourceLocation

DECLARED = re.compile(rb"(?:^|\n)\s*%+\s*(?:Encoding:\s*|.*-\*-.*\bcoding:\s*)([A-Za-z0-9_.:-]+)", re.I)
NAMES = {"cp1252": "Windows-1252", "cp1250": "Windows-1250", "iso8859-1": "Latin-1 (ISO 8859-1)",
         "iso8859-2": "Latin-2 (ISO 8859-2)", "iso8859-15": "Latin-9 (ISO 8859-15)", "mac-roman": "Mac Roman"}
# Letters Windows-1252 makes of Windows-1250's ć Ć đ Đ (rare in any Western language), and ones
# Windows-1250 makes of Windows-1252's à å À Å (rare in any Central European one).
UNLIKELY_1252 = re.compile(r"[a-zA-Z][æðÐ]|[æÆðÐ][a-zA-Z]")
UNLIKELY_1250 = re.compile(r"[ŕĺŔĹ]")


def _declared(data: bytes) -> str | None:
    m = DECLARED.search(data[:2048])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii").replace("ISO8859_", "iso8859-")).name
    except LookupError:
        return None


def decode(data: bytes, name: str) -> tuple[str, tuple[Diagnostic, ...]]:
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    line = data[:first_bad].count(b"\n") + 1
    where = SourceLocation(name, line, first_bad - (data.rfind(b"\n", 0, first_bad) + 1) + 1)
    declared = _declared(data)
    candidates = [declared] if declared and declared not in ("utf-8", "utf-8-sig") else []
    texts = {}
    for encoding in candidates + ["cp1252", "cp1250", "iso8859-1"]:
        try:
            texts.setdefault(encoding, data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if declared in texts:
        chosen, how = declared, "as the file declares"
    elif "cp1252" in texts and "cp1250" in texts and UNLIKELY_1252.search(texts["cp1252"]) \
            and not UNLIKELY_1250.search(texts["cp1250"]):
        chosen, how = "cp1250", "guessed from its letters"
    elif "cp1252" in texts and re.search(rb"[\x80-\x9f]", data):
        chosen, how = "cp1252", "guessed"
    else:  # no byte where the two differ (Latin-1 is the usual name), or not Windows-1252 at all
        chosen, how = "iso8859-1", "guessed"
    label = NAMES.get(chosen, chosen)
    return texts[chosen], (Diagnostic(
        "warning", "bib.encoding", f"the file is not UTF-8 (first non-UTF-8 byte here); read as {label} ({how}): "
        "check its accented letters, and save it as UTF-8 (or declare its encoding on a first line "
        "'% Encoding: windows-1250')", where),)
