"""Bibliography (facade): bibliography text -> :class:`Entry` values. The work is in :mod:`briefpress.bib`.

``read_bibliographies`` (several files, the project's) and ``read_text`` (one text) return a
:class:`~briefpress.bib.read.Bibliography`; ``parse_bibliography`` is the one-text form that
raises :class:`BuildError` with every error, for callers that need usable entries or nothing.
"""

from __future__ import annotations

from .bib.model import Entry, Name  # noqa: F401 (the values every caller uses)
from .bib.read import Bibliography, read_bibliographies, read_text  # noqa: F401
from .diagnostics import BuildError, Diagnostic


def parse_bibliography(text: str, path: str) -> dict[str, Entry]:
    """One bibliography text -> its entries; raise BuildError listing every error (warnings do not stop)."""
    bib = read_text(text, path)
    errors = [p for p in bib.problems if p.severity == "error"]
    if errors:
        raise BuildError(errors)
    return dict(bib.entries)


def read_bibliography(text: str, path: str) -> tuple[dict[str, Entry], list[Diagnostic]]:
    """One bibliography text -> the entries that could be read, and every problem found."""
    bib = read_text(text, path)
    return dict(bib.entries), list(bib.problems)
