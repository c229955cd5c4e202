"""Source files: a file placed in a project -> :class:`SourceFile`, its text read once.

:func:`_read` takes a path and the project's root and returns the file's text decoded (a
bibliography's legacy encoding with a warning) and normalised (:mod:`briefpress.input_text`), or
raises ``BuildError`` for a folder, a pipe, a link that leads nowhere, round in a loop or out of the
project. :func:`_read_bibs` takes the ``--bib`` paths (or the default references.bib) and returns
their files, refusing one outside the project or missing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .bib import encoding as bib_encoding
from .diagnostics import BuildError, SourceLocation, error, relative
from .input_text import decode, normalise
from .paths import as_placed, not_a_file, resolved


@dataclass(frozen=True)
class SourceFile:
    path: Path
    name: str  # as shown in diagnostics: relative to the project root
    text: str
    warnings: tuple = ()  # about the text as read (control characters removed): see input_text.py
    single: bool = False  # the whole paper in one file: text may come before its first '# Heading'
    origins: tuple = ()  # (file, line) of each line when it includes files ({{< include >}}), else empty
    own: int | None = None  # the length of the file's own text when earlier files' TeX macros follow it

    @property
    def own_text(self) -> str:
        """The text as the file has it (without the definitions :func:`briefpress.project._shared_macros` appends)."""
        return self.text[:self.own]


def _read(path: Path, root: Path, bibliography: bool = False) -> SourceFile:
    name = relative(path, root)
    _inside(path, root)
    notes: tuple = ()
    if path.is_dir():
        raise BuildError([error("input.unreadable", f"'{name}' is a folder, not a file; rename it so that its name "
                                f"does not end in '{path.suffix}', or move the "
                                f"{'bibliography' if bibliography else 'chapter'} out of it", SourceLocation(name))])
    if path.is_symlink() and not path.exists():  # named as placed: where it leads is not there
        placed = as_placed(path, root)
        raise BuildError([error("input.unreadable", f"'{placed}' is {not_a_file(path)}; put the file back where "
                                "the link leads, or the file itself in the link's place", SourceLocation(placed))])
    if path.exists() and not (path.is_file() or path.is_dir()):  # reading a pipe would wait for ever
        raise BuildError([error("input.unreadable", "not a file (a named pipe, socket or device); save the text "
                                "as a regular file", SourceLocation(name))])
    try:
        if bibliography:  # reference managers still export Windows-1252 / Latin-1: read with a warning
            text, notes = bib_encoding.decode(path.read_bytes(), name)
        else:
            text = decode(path.read_bytes(), name)
    except OSError as exc:
        advice = "; make it readable (chmod a+r)" if isinstance(exc, PermissionError) else ""
        raise BuildError([error("input.unreadable", f"cannot read file: {exc.strerror}{advice}",
                                SourceLocation(name))])
    text, warnings = normalise(text, name)
    return SourceFile(path, name, text, notes + warnings)


def _inside(path: Path, root: Path) -> None:
    """A file placed in the project that resolves outside it (a symlink) is not published."""
    lexical = Path(os.path.abspath(path))
    try:
        name = lexical.relative_to(root.resolve()).as_posix()
    except ValueError:
        return  # not placed in the project: its reader says why it may not be read
    real = resolved(path)
    if real is None:
        raise BuildError([error("input.unreadable", f"'{name}' is a link that leads round in a loop; replace it "
                                "with the file", SourceLocation(name))])
    try:
        real.relative_to(root.resolve())
    except ValueError:
        raise BuildError([error("input.outside-project", f"'{name}' is a link to a file outside the project "
                                f"({real}); copy the file into the project", SourceLocation(name))]) from None


def _paths(bibs: Iterable[Path] | Path | str | None) -> list[Path]:
    if bibs is None:
        return []
    if isinstance(bibs, (str, Path)):
        return [Path(bibs)]
    return [Path(b) for b in bibs]


def _placed(path: Path, root: Path) -> Path:
    """Where a file named on the command line lies: as written when that is in the project; else its
    folder's real path and its own name when that is (a project reached through a linked folder:
    ``--bib $PWD/refs.bib`` after ``cd`` into a link). The file itself is never resolved here: a file
    that is a link is left for ``_inside`` to say where it leads."""
    if Path(os.path.abspath(path)).is_relative_to(root.resolve()):
        return path
    try:
        real = path.absolute().parent.resolve() / path.name  # absolute(), not abspath(): '..' after a link
    except (RuntimeError, OSError):  # a loop of links among its folders: refused as written
        return path
    return real if real.is_relative_to(root.resolve()) else path


def _read_bibs(paths: list[Path], root: Path) -> tuple[SourceFile, ...]:
    """The files of ``--bib`` (or the default references.bib): each must lie inside the project."""
    paths = [_placed(p, root) for p in paths]
    outside = [p for p in paths if not Path(os.path.abspath(p)).is_relative_to(root.resolve())]
    if outside:
        raise BuildError([error("input.outside-project", f"'--bib {p}' is outside the project {root.resolve()} (the "
                                "build reads only files inside it); copy the file into the project and give that "
                                "path (a reference manager's automatic export, such as Zotero's Better BibTeX "
                                "'Keep updated', can write straight to it)") for p in outside])
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]  # a folder or a link: _read says what
    if missing:
        raise BuildError([error("input.missing", "no such bibliography file", SourceLocation(relative(p, root)))
                          for p in missing])
    return tuple(_read(p, root, bibliography=True) for p in paths)
