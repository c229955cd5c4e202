"""Paths: a path -> whether it is a loop of links (:func:`loops`), or its real path, None for a loop
(:func:`resolved`): the same answers on every Python.

Python 3.11 and 3.12 raise ``RuntimeError`` from ``Path.resolve()`` for a loop of links; 3.13 returns
the path as written, and the file then reads as missing. The readers that name a loop as such (the
chapters, bibliographies, images and theme files) ask the system instead: ``stat`` fails with
``ELOOP`` for a loop anywhere along the path, on every version.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


def loops(path: Path) -> bool:
    """Whether following ``path`` leads round in a loop of links (a missing file is not one)."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    except ValueError:  # a NUL in the name: not a loop, its reader says what it is
        return False
    return False


def resolved(path: Path) -> Path | None:
    """``path.resolve()``, or None when following it leads round in a loop of links."""
    try:
        return None if loops(path) else path.resolve()
    except (RuntimeError, OSError):  # Python 3.11-3.12 raise RuntimeError for a loop :func:`loops` missed
        return None
