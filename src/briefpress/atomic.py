"""Atomic: a part of a regular expression -> the same part matched as far as it goes and never backtracked
into (:func:`once`), as a possessive repeat (``*+``, ``++``) or an atomic group reads it.

Python 3.11 has both, but up to 3.11.4 a possessive repeat of a part that may itself backtrack matched
wrongly (CPython gh-106052), and Debian 12's Python is 3.11.2: there BibTeX was split otherwise than
bibtexparser splits it. A lookahead, which Python's ``re`` has always made atomic, holding a named group
that the pattern then matches again, reads the same on every Python 3.11 and keeps the patterns linear.
"""

from __future__ import annotations

import itertools

_NAMES = itertools.count()


def once(pattern: str) -> str:
    """``pattern`` (a part of a regular expression) made atomic: its own named group, fresh on every call."""
    name = f"_once{next(_NAMES)}"
    return f"(?=(?P<{name}>{pattern}))(?P={name})"
