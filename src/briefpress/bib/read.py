"""Bibliography files -> one :class:`Bibliography`: every entry of every file, and every problem.

Takes the project's bibliography files (anything with ``.name`` and ``.text``, in order); each is
read by its extension (``.json`` CSL-JSON, ``.yaml``/``.yml`` CSL-YAML, anything else BibTeX /
biblatex), then the entries are merged (a key defined twice is an error at the second place,
naming the first), ``crossref`` / ``xdata`` are followed across files, and the entry checks of
:mod:`.checks` run. Each file's result is cached by its text, so the live preview re-reads an
unchanged file for free.
"""

from __future__ import annotations

import functools
import gc
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ..diagnostics import Diagnostic, SourceLocation, error
from . import checks
from .bibtex import read_bibtex
from .csl import read_csl
from .inherit import resolve
from .model import Entry


@dataclass(frozen=True)
class Bibliography:
    entries: Mapping[str, Entry] = field(default_factory=dict)  # key -> entry, in file order
    problems: tuple[Diagnostic, ...] = ()
    lost_keys: frozenset = frozenset()  # keys of entries that failed to parse: known, but unusable

    @property
    def known_keys(self) -> frozenset:
        """Keys a citation may use without being 'unknown' (a broken entry is reported once, where it is)."""
        return frozenset(self.entries) | self.lost_keys


@functools.lru_cache(maxsize=16)
def read_file(text: str, name: str) -> tuple[tuple[Entry, ...], tuple[Diagnostic, ...], frozenset]:
    """One file -> (entries, problems, lost keys)."""
    # Reading makes hundreds of thousands of short-lived objects and no reference cycles: the cycle
    # collector's passes over the growing heap would cost a fifth of the time, for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if name.lower().endswith((".json", ".yaml", ".yml")):
            entries, problems, lost = read_csl(text, name)
        else:
            entries, problems, lost = read_bibtex(text, name)
    finally:
        if collecting:
            gc.enable()
    return tuple(entries), tuple(problems), lost


def read_bibliographies(files: Iterable) -> Bibliography:
    merged: dict[str, Entry] = {}
    problems: list[Diagnostic] = []
    lost: set[str] = set()
    for f in files:
        entries, found, lost_here = read_file(f.text, f.name)
        problems += found
        lost |= lost_here
        for entry in entries:
            if entry.key in merged:
                first = merged[entry.key]
                problems.append(error("bib.duplicate-key", f"key '{entry.key}' is already used at {first.path}:"
                                      f"{first.line}; each entry needs its own key",
                                      SourceLocation(entry.path, entry.line, 1)))
                continue
            merged[entry.key] = entry
    resolved, found = resolve(merged)
    problems += found
    problems += checks.check_entries(resolved)
    return Bibliography(resolved, tuple(problems), frozenset(lost - set(resolved)))


def read_text(text: str, name: str) -> Bibliography:
    """One bibliography given as text (tests, single files)."""
    return read_bibliographies([_Text(name, text)])


@dataclass(frozen=True)
class _Text:
    name: str
    text: str
