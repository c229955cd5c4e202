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


def not_a_file(path: Path) -> str | None:
    """What ``path`` is when it is there but is not a file to read ("a folder", "a link to 'x', which does
    not exist", …); None for a file, or for nothing there at all."""
    if path.is_symlink():
        if loops(path):
            return "a link that leads round in a loop"
        if not path.exists():
            return f"a link to '{os.readlink(path)}', which does not exist"
    if path.is_dir():
        return "a folder"
    if path.exists() and not path.is_file():  # reading a pipe would wait for ever
        return "not a file (a named pipe, socket or device)"
    return None


def as_placed(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` as it is placed there, a link named as itself (not where it leads)."""
    try:
        return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        try:
            return Path(os.path.abspath(path)).relative_to(root.resolve()).as_posix()
        except (ValueError, RuntimeError, OSError):
            return path.as_posix()
