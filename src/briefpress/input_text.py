"""Input text: the bytes of a source file -> the text the stages read, and warnings about it.

:func:`decode` reads the bytes as UTF-8; any other encoding is one ``input.encoding`` error at the
line and column of the first byte that is not UTF-8 (every file a build reads as text says it so:
the chapters, metadata, theme settings and templates, pyproject.toml).

A UTF-8 byte-order mark is dropped (editors on Windows add one; it would hide the first
``# Title``). Windows line ends become ``\\n``. Control characters, which arrive with text
pasted from word processors (U+0000–U+001F other than tab and newline, U+007F–U+009F), print
as nothing or as boxes: each is removed and reported as a warning at its line and column.
"""

from __future__ import annotations

import re

from .diagnostics import BuildError, Diagnostic, SourceLocation, error, line_col

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NAMES = {"\x00": "null", "\x07": "bell", "\x08": "backspace", "\x0b": "line tabulation", "\x0c": "form feed",
         "\r": "carriage return", "\x1b": "escape", "\x7f": "delete", "\x85": "next line"}
MAX_REPORTED = 20  # per file; the rest are counted in the last warning


def decode(data: bytes, name: str) -> str:
    """``data`` as UTF-8 text, its line ends read as ``Path.read_text`` reads them (``\\r\\n`` and ``\\r``
    are ``\\n``); else BuildError (``input.encoding``) at the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[start:exc.start].decode("utf-8", errors="replace")) + 1
        raise BuildError([error("input.encoding", f"file is not UTF-8 (byte 0x{data[exc.start]:02x} at byte offset "
                                f"{exc.start}); save it as UTF-8", SourceLocation(name, line, col))]) from None


def normalise(text: str, name: str) -> tuple[str, tuple[Diagnostic, ...]]:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    found = list(CONTROL.finditer(text))
    if not found:
        return text, ()
    out = []
    for m in found[:MAX_REPORTED]:
        line, col = line_col(text, m.start())
        char = f"U+{ord(m.group()):04X}"
        label = NAMES.get(m.group(), "control character")
        out.append(Diagnostic("warning", "text.control-character", f"invisible control character {char} "
                              f"({label}), probably pasted from a word processor; removed",
                              SourceLocation(name, line, col)))
    if len(found) > MAX_REPORTED:
        line, col = line_col(text, found[MAX_REPORTED].start())
        out.append(Diagnostic("warning", "text.control-character", f"{len(found) - MAX_REPORTED} more control "
                              "characters from here on; removed", SourceLocation(name, line, col)))
    return CONTROL.sub("", text), tuple(out)
