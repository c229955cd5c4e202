"""Project: a directory (or one Markdown file) -> :class:`Project`, everything read once.

A project directory holds ``manuscript/metadata.yaml``, ``manuscript/NN-*.md``
(one file per top-level section, in reading order), ``references.bib`` and
``templates/<theme>/``. A single Markdown file with ``--bib`` is a project too:
its metadata comes from defaults and the first heading.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import BuildError, SourceLocation, error, relative
from .input_text import normalise
from .metadata import Metadata, load_metadata

PACKAGE_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@dataclass(frozen=True)
class SourceFile:
    path: Path
    name: str  # as shown in diagnostics: relative to the project root
    text: str
    warnings: tuple = ()  # about the text as read (control characters removed): see input_text.py


@dataclass(frozen=True)
class Project:
    root: Path
    metadata: Metadata
    chapters: tuple[SourceFile, ...]
    bibliography: SourceFile | None
    theme_dir: Path
    problems: tuple = ()  # metadata diagnostics set aside in lenient mode (lint)


def _read(path: Path, root: Path) -> SourceFile:
    name = relative(path, root)
    _inside(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise BuildError([error("input.encoding", "file is not UTF-8; save it as UTF-8",
                                SourceLocation(name, line))])
    except OSError as exc:
        raise BuildError([error("input.unreadable", f"cannot read file: {exc.strerror}",
                                SourceLocation(name))])
    text, warnings = normalise(text, name)
    return SourceFile(path, name, text, warnings)


def _inside(path: Path, root: Path) -> None:
    """A file placed in the project that resolves outside it (a symlink) is not published."""
    lexical = Path(os.path.abspath(path))
    try:
        name = lexical.relative_to(root.resolve()).as_posix()
    except ValueError:
        return  # given explicitly from elsewhere (--bib FILE)
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        raise BuildError([error("input.outside-project", f"'{name}' is a link to a file outside the project "
                                f"({path.resolve()}); copy the file into the project", SourceLocation(name))]) from None


def _theme(root: Path, name: str) -> Path:
    for base in (root / "templates", PACKAGE_TEMPLATES):
        if (base / name / "theme.yaml").is_file():
            return base / name
    raise BuildError([error("theme.missing", f"theme '{name}' not found in templates/",
                            SourceLocation("templates"))])


def load_project(path: Path, bib: Path | None = None, lenient: bool = False) -> Project:
    """Read everything once. ``lenient`` (lint) keeps going past metadata errors, recording them."""
    path = Path(path)
    if path.is_file():
        return _load_single(path, bib)
    if not path.is_dir():
        raise BuildError([error("input.missing", "no such file or directory", SourceLocation(str(path)))])
    root = path.resolve()
    manuscript = root / "manuscript"
    meta_path = manuscript / "metadata.yaml"
    if not meta_path.is_file():
        raise BuildError([error("project.no-metadata", "missing manuscript/metadata.yaml; "
                                "create it (see README, 'Metadata') or build a single .md with --bib",
                                SourceLocation("manuscript/metadata.yaml"))])
    meta_file = _read(meta_path, root)
    problems: tuple = ()
    try:
        metadata = load_metadata(meta_file.text, meta_file.name)
    except BuildError as exc:
        if not lenient:
            raise
        problems = tuple(exc.diagnostics)
        metadata = Metadata(title="(invalid metadata)", short_title="", slug="paper", language="en")
    chapters = tuple(_read(p, root) for p in sorted(manuscript.glob("*.md")))
    if not chapters:
        raise BuildError([error("project.no-chapters", "no Markdown files in manuscript/",
                                SourceLocation("manuscript"))])
    bib_path = bib or root / "references.bib"
    bibliography = _read(bib_path, root) if bib_path.is_file() else None
    theme = re.sub(r"[^\w-]", "", str(_raw_theme(meta_file.text))) or "kcss"
    return Project(root, metadata, chapters, bibliography, _theme(root, theme), problems)


def _raw_theme(text: str) -> str:
    m = re.search(r"(?m)^theme:\s*(\S+)", text)
    return m.group(1).strip("'\"") if m else "kcss"


def _load_single(path: Path, bib: Path | None) -> Project:
    root = path.resolve().parent
    source = _read(path, root)
    front = re.match(r"\A---\n(.*?)\n(---|\.\.\.)\n", source.text, re.S)
    heading = re.search(r"(?m)^#\s+(.+?)\s*(\{.*\})?$", source.text)
    defaults = {"title": heading.group(1) if heading else path.stem.replace("-", " ").title(),
                "language": "en"}
    metadata = load_metadata(front.group(1) if front else "", source.name, defaults, strict=False)
    if front:  # keep line numbers: blank out the front matter instead of cutting it
        blank = "\n" * front.group(0).count("\n")
        source = SourceFile(source.path, source.name, blank + source.text[front.end():])
    bibliography = _read(bib, root) if bib else None
    return Project(root, metadata, (source,), bibliography, _theme(root, "kcss"))
