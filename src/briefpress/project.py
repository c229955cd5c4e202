"""Project: a directory (or one Markdown file) -> :class:`Project`, everything read once.

A project directory holds ``manuscript/metadata.yaml``, ``manuscript/NN-*.md``
(one file per top-level section, in reading order), ``references.bib`` and
``templates/<theme>/``. A single Markdown file is a project too: its metadata comes
from a pandoc-style YAML front matter block (title, authors, bibliography, ...), else
from the first ``# Heading``; its theme is ``article`` unless it names a publisher.
``bibs`` (``--bib``, repeatable) lists the bibliography files (BibTeX, biblatex, CSL-JSON,
CSL-YAML); without them a project uses ``references.bib`` and a single file its front matter's.
:func:`load_sources` reads only the chapters and bibliography files (:class:`Sources`), for a
reader of the text alone (the link checker).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from . import quarto, quarto_project
from .diagnostics import BuildError, SourceLocation, did_you_mean, error, relative
from .front_matter import _macros_line, single_body, split_front
from .paths import as_placed, not_a_file
from .source_files import SourceFile, _paths, _read, _read_bibs

if TYPE_CHECKING:
    from .metadata import Metadata

# briefpress's own themes: the repository's templates/, which the package reaches through its
# templates link (src/briefpress/templates) and a wheel carries as package data.
PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Project:
    root: Path
    metadata: Metadata
    chapters: tuple[SourceFile, ...]
    bibliographies: tuple[SourceFile, ...]  # in the order given; entries keep their file for diagnostics
    theme_dir: Path
    problems: tuple = ()  # metadata warnings and notes (and, in lenient mode (lint), its errors)


@dataclass(frozen=True)
class Sources:
    """The text alone, for a reader that needs nothing else (the link checker)."""
    root: Path
    chapters: tuple[SourceFile, ...]
    bibliographies: tuple[SourceFile, ...]


def _theme(root: Path, name: str) -> Path:
    bases = (root / "templates", PACKAGE_TEMPLATES)
    for base in bases:
        settings = base / name / "theme.yaml"
        if settings.is_file():
            return base / name
        what = not_a_file(settings)
        if what:  # not briefpress's own theme of that name in its place, unsaid
            name = as_placed(settings, root)
            raise BuildError([error("theme.unreadable", f"'{name}' is {what}; put the theme's settings there "
                                    "as a file (see README, 'The theme')", SourceLocation(name))])
    known = sorted({p.parent.name for base in bases for p in base.glob("*/theme.yaml")})
    raise BuildError([error("theme.missing", f"theme '{name}' not found in templates/{did_you_mean(name, known)}; "
                            f"themes: {', '.join(known)}", SourceLocation("templates"))])


def editions(path: Path) -> tuple[str, ...]:
    """The language editions of a project: the folders ``manuscript/<name>/`` holding a metadata.yaml,
    in name order; none when ``manuscript/metadata.yaml`` exists (one edition) or ``path`` is a file."""
    manuscript = Path(path) / "manuscript"
    try:
        if not Path(path).is_dir() or (manuscript / "metadata.yaml").is_file():
            return ()
    except PermissionError:  # a manuscript folder that may not be searched: loading the project says so
        return ()
    return tuple(sorted(p.parent.name for p in manuscript.glob("*/metadata.yaml")))


def load_project(path: Path, bibs: Iterable[Path] | Path | None = None, lenient: bool = False,
                 theme: str | None = None, edition: str | None = None) -> Project:
    """Read everything once. ``bibs``: bibliography files (default: the project's references.bib, or a
    single file's front matter ``bibliography``). ``lenient`` (lint) keeps going past metadata errors,
    recording them. ``theme``: a theme name that overrides the metadata's. ``edition``: the folder of
    one language edition (``manuscript/sq/``); a project of editions without it reads its first."""
    path = Path(path)
    if path.is_file():
        return _load_single(path, _paths(bibs), lenient, theme)
    if quarto_project.is_quarto(path):  # a Quarto book or manuscript (_quarto.yml)
        return quarto_project.load(path, _paths(bibs), lenient, theme)
    root, manuscript = _manuscript(path, edition)
    meta_file = _read(manuscript / "metadata.yaml", root)
    metadata, problems = _metadata(meta_file.text, meta_file.name, lenient)
    problems = (*meta_file.warnings, *problems)  # control characters taken out of it: said, as for a chapter
    chapters, bibliographies = _texts(root, manuscript, bibs)
    chapters = _shared_macros(chapters)
    name = theme or re.sub(r"[^\w-]", "", str(_raw_theme(meta_file.text))) or "kcss"
    return Project(root, metadata, chapters, bibliographies, _theme(root, name), problems)


def load_sources(path: Path) -> Sources | Project:
    """The chapters and bibliography files of a project (its first edition), without reading its
    metadata or theme: the YAML reader and the metadata checks were a fifth of ``check-links``'s
    imports. A single Markdown file names its bibliography in its front matter, so it is read whole."""
    path = Path(path)
    if path.is_file() or quarto_project.is_quarto(path):
        return load_project(path)
    root, manuscript = _manuscript(path, None)
    return Sources(root, *_texts(root, manuscript, None))


def _manuscript(path: Path, edition: str | None) -> tuple[Path, Path]:
    """A project directory -> (its root, the folder of the edition's metadata.yaml and chapters)."""
    if not path.is_dir():
        raise BuildError([error("input.missing", "no such file or directory", SourceLocation(str(path)))])
    root = path.resolve()
    manuscript = root / "manuscript"
    names = editions(root)
    if edition or names:
        edition = edition or names[0]
        if edition not in names:
            raise BuildError([error("project.no-edition", f"no edition '{edition}': manuscript/{edition}/metadata.yaml "
                                    f"is missing; editions: {', '.join(names) or 'none'}",
                                    SourceLocation(f"manuscript/{edition}"))])
        manuscript = manuscript / edition
    try:
        os.listdir(manuscript)  # glob finds nothing in a folder it may not list: not "missing", not "no chapters"
    except PermissionError as exc:
        name = relative(manuscript, root)
        raise BuildError([error("input.unreadable", f"cannot list the folder '{name}': {exc.strerror}; make it "
                                "readable (chmod u+rx)", SourceLocation(name))]) from None
    except OSError:
        pass  # not there, or not a folder: its metadata is missing, below
    meta = manuscript / "metadata.yaml"
    if what := not_a_file(meta):
        name = as_placed(meta, root)
        raise BuildError([error("input.unreadable", f"'{name}' is {what}; put the project's metadata there as a "
                                "file (see README, 'Metadata')", SourceLocation(name))])
    if not meta.is_file():
        raise BuildError([error("project.no-metadata", "missing manuscript/metadata.yaml (or, for language "
                                "editions, manuscript/<language>/metadata.yaml); create it (see README, "
                                "'Metadata') or build a single .md file",
                                SourceLocation("manuscript/metadata.yaml"))])
    return root, manuscript


def _texts(root: Path, manuscript: Path, bibs) -> tuple[tuple[SourceFile, ...], tuple[SourceFile, ...]]:
    chapters = tuple(_prepared(_read(p, root), root) for p in sorted(manuscript.glob("*.md")))
    if not chapters:
        raise BuildError([error("project.no-chapters", f"no Markdown files in {relative(manuscript, root)}/",
                                SourceLocation(relative(manuscript, root)))])
    default = root / "references.bib"
    # a folder or a broken link in its place is said, not passed over as no bibliography
    return chapters, _read_bibs(_paths(bibs) or ([default] if default.exists() or default.is_symlink() else []), root)


def _prepared(source: SourceFile, root: Path) -> SourceFile:
    """A chapter with its Quarto and R Markdown read (:mod:`briefpress.quarto`; unchanged without them)."""
    text, found, origins = quarto.prepare(source.text, source.name, {}, source.path.parent, root)
    if text == source.text and not found:
        return source
    return SourceFile(source.path, source.name, text, source.warnings + tuple(found), origins=origins)


def _metadata(text: str, name: str, lenient: bool, **options) -> tuple[Metadata, tuple]:
    from .metadata import Metadata, read_metadata  # YAML and the metadata checks: not for load_sources

    try:
        metadata, notes = read_metadata(text, name, **options)
    except BuildError as exc:
        if not lenient:
            raise
        defaults = options.get("defaults") or {}
        return Metadata(title=defaults.get("title", "(invalid metadata)"), short_title="", slug="paper",
                        language="en"), tuple(exc.diagnostics) + tuple(getattr(exc, "others", ()))
    return metadata, tuple(notes)


def _front_data(yaml_text: str, name: str) -> dict:
    """The front matter as data, for the Quarto stage (its errors are the metadata check's to report)."""
    if not yaml_text.strip():
        return {}
    from . import safe_yaml
    try:
        data, _ = safe_yaml.load(yaml_text, name, "metadata", 2, safe_yaml.TextDatesLoader)  # dates as written
    except BuildError:
        return {}
    return data if isinstance(data, dict) else {}


def _raw_theme(text: str) -> str:
    m = re.search(r"(?m)^theme:\s*(\S+)", text)
    return m.group(1).strip("'\"") if m else "kcss"


def _shared_macros(chapters: tuple[SourceFile, ...]) -> tuple[SourceFile, ...]:
    """pandoc reads a paper's files as one text: a TeX macro defined in one file is known in the files
    after it. Such a file gets the definitions made before it as a math span of definitions only after
    its last line: nothing is printed, no line moves. A macro the file defines itself is not among them
    (its own definition holds in it, as everywhere in the file)."""
    from . import texmacros
    from .mathspans import macro_sources, with_definitions
    known: dict[str, str] = {}  # name -> its latest definition
    out = []
    for chapter in chapters:
        own = {name: source for source in macro_sources(chapter.text) for name in texmacros.definitions(source)}
        shared = [source for name, source in known.items() if name not in own]
        if shared:
            text = with_definitions(chapter.text, shared)
            if text != chapter.text:
                chapter = replace(chapter, text=text, own=len(chapter.text.rstrip("\n")))
        known.update(own)
        out.append(chapter)
    return tuple(out)


TEXT_AS_FIELD = ("metadata.unknown", "metadata.yaml-syntax")  # what text between two rules gives


def _as_text_hint(problems: list, text: str | None) -> list:
    """An unknown field or broken YAML in a metadata block further down ("Note: this" between two rules,
    which pandoc reads as metadata too) is told how to keep it as text: a blank line after the first '---'."""
    if text is None or not any(d.code in TEXT_AS_FIELD for d in problems):
        return problems
    from .metadata_blocks import blocks
    spans = [(a + 1, b + 1) for a, b in blocks(text.split("\n"))]  # 1-based lines of each '---' ... '---'
    out = []
    for d in problems:
        opened = next((a for a, b in spans if d.location and a < d.location.line <= b), None)
        if d.code in TEXT_AS_FIELD and opened:
            d = replace(d, message=f"{d.message} (the '---' block from line {opened} is metadata, as in pandoc; "
                        "if it is text, put a blank line after that '---')")
        out.append(d)
    return out


def _load_single(path: Path, bibs: list[Path], lenient: bool, theme: str | None) -> Project:
    root = path.resolve().parent
    source = _read(path, root)
    text = source.text.removeprefix("\ufeff")
    yaml_text, body = split_front(text, source.name)
    first, blocked = 2, None  # the YAML's first line in the file; the text holding the later blocks
    if not yaml_text and text.startswith("%"):
        from .metadata_fields import title_block
        (yaml_text, body), first = title_block(text), 1
    # Metadata blocks further down (nocite, references): read with the front matter (or the '%' title
    # block), as pandoc does
    from .metadata_blocks import merge
    blocked, (yaml_text, body) = body, merge(yaml_text, body, first, keep=_macros_line)
    title, body = single_body(body, bool(re.search(r"(?m)^title[ \t]*:", yaml_text)))
    defaults = {"title": title or path.stem.replace("-", " ").replace("_", " ").title(), "language": "en"}
    try:
        metadata, problems = _metadata(yaml_text, source.name, lenient, defaults=defaults,
                                       strict=False, front_matter=True, first_line=first, base_dir=root)
    except BuildError as exc:
        hinted = BuildError(_as_text_hint(list(exc.diagnostics), blocked))
        hinted.others = getattr(exc, "others", ())
        raise hinted from None
    problems = tuple(_as_text_hint(list(problems), blocked))
    from . import title_notes  # the notes on the title and the names: taken out, their definitions too

    metadata, body, noted = title_notes.collect(metadata, body, source.name, text)
    if noted and not lenient:
        raise BuildError(noted)
    problems = (*problems, *noted)
    # A front-matter file that is missing is reported by the metadata check, at its line.
    bibliographies = _read_bibs(bibs, root) if bibs else tuple(
        _read(root / name, root, bibliography=True) for name in metadata.bibliography if (root / name).is_file())
    front_data = _front_data(yaml_text, source.name)
    if re.search(r"(?m)^references[ \t]*:", yaml_text) and "references" in front_data:
        # pandoc's references: CSL items in the front matter, read as a CSL-YAML file at their lines in this one
        bibliographies += (SourceFile(source.path, source.name, "\n" * (first - 1) + yaml_text),)
    name = theme or _raw_theme(yaml_text)
    if not theme and name == "kcss" and not re.search(r"(?m)^theme:", yaml_text):
        name = "kcss" if metadata.publisher else "article"
    body, found, origins = quarto.prepare(body, source.name, front_data, root, root)
    chapter = SourceFile(source.path, source.name, body, source.warnings + tuple(found), single=True,
                         origins=origins)
    return Project(root, metadata, (chapter,), bibliographies,
                   _theme(root, re.sub(r"[^\w-]", "", name) or "article"), problems)
