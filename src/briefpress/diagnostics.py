"""Diagnostics: what went wrong, where, and what to do.

Every stage reports problems as :class:`Diagnostic` values; a stage that cannot
go on raises :class:`BuildError` carrying all of them, so the user sees every
problem of one kind in one run rather than one per run.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourceLocation:
    path: str  # relative to the project root, with forward slashes
    line: int = 0  # 1-based; 0 when unknown
    col: int = 0  # 1-based; 0 when unknown

    def __str__(self) -> str:
        parts = [self.path]
        if self.line:
            parts.append(str(self.line))
            if self.col:
                parts.append(str(self.col))
        return ":".join(parts)


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error", "warning" or "info"
    code: str  # stable, dotted: "cite.unknown-key"
    message: str
    location: SourceLocation | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity}: {self.message} [{self.code}]"


class BuildError(Exception):
    """Raised by a stage with the error diagnostics that stop the build."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=_sort_key)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self):  # crosses from the layout worker process intact
        return (BuildError, (self.diagnostics,))


def _sort_key(d: Diagnostic):
    return (d.location or SourceLocation(""), d.code, d.message)


def error(code: str, message: str, location: SourceLocation | None = None) -> Diagnostic:
    return Diagnostic("error", code, message, location)


def warning(code: str, message: str, location: SourceLocation | None = None) -> Diagnostic:
    return Diagnostic("warning", code, message, location)


def info(code: str, message: str, location: SourceLocation | None = None) -> Diagnostic:
    return Diagnostic("info", code, message, location)


def relative(path: Path, root: Path) -> str:
    """The path as the user should see it: relative to the project when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
    except (RuntimeError, OSError):  # a loop of links (RuntimeError on Python 3.11-3.12): named as written
        try:
            return path.absolute().relative_to(root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def did_you_mean(word: str, candidates) -> str:
    """' — did you mean 'x'?' for the closest candidate, or ''."""
    import difflib  # only when a name is unknown: not on every command's start-up

    import unicodedata

    candidates = list(candidates)
    same = [c for c in candidates if c != word and unicodedata.normalize("NFC", c) == unicodedata.normalize("NFC", word)]
    if same:  # 'ü' as one character and as 'u' + a combining mark look alike (macOS file names, some editors)
        return (f" — '{same[0]}' looks the same but its accented letters are encoded differently (a letter and a "
                "combining mark in one, a single character in the other); retype the accented letters in one of them")
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if not close:
        # A key often differs by a suffix: lavrov2025 -> lavrov2025statement.
        close = [c for c in candidates if c.startswith(word)][:1]
    return f" — did you mean '{close[0]}'?" if close else ""


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in text."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


class LineIndex:
    """One text's line starts, for many offsets: ``index(offset)`` gives what ``line_col`` gives, without
    scanning the text again for each offset (a chapter with thousands of links stays linear)."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1
