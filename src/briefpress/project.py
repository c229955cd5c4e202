"""Project: a directory (or one Markdown file) -> :class:`Project`, everything read once.

A project directory holds ``manuscript/metadata.yaml``, ``manuscript/NN-*.md``
(one file per top-level section, in reading order), ``references.bib`` and
``templates/<theme>/``. A single Markdown file is a project too: its metadata comes
from a pandoc-style YAML front matter block (title, authors, bibliography, ...), else
from the first ``# Heading``; its theme is ``article`` unless it names a publisher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import BuildError, SourceLocation, did_you_mean, error, relative
from .metadata import Metadata, read_metadata

PACKAGE_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@dataclass(frozen=True)
class SourceFile:
    path: Path
    name: str  # as shown in diagnostics: relative to the project root
    text: str
    single: bool = False  # the whole paper in one file: text may come before its first '# Heading'


@dataclass(frozen=True)
class Project:
    root: Path
    metadata: Metadata
    chapters: tuple[SourceFile, ...]
    bibliography: SourceFile | None
    theme_dir: Path
    problems: tuple = ()  # metadata warnings and notes (and, in lenient mode (lint), its errors)
    bibliographies: tuple[SourceFile, ...] = ()  # every BibTeX file; ``bibliography`` is the first


def _read(path: Path, root: Path) -> SourceFile:
    name = relative(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise BuildError([error("input.encoding", "file is not UTF-8; save it as UTF-8",
                                SourceLocation(name, line))])
    except OSError as exc:
        raise BuildError([error("input.unreadable", f"cannot read file: {exc.strerror}",
                                SourceLocation(name))])
    return SourceFile(path, name, text.replace("\r\n", "\n"))


def _theme(root: Path, name: str) -> Path:
    bases = (root / "templates", PACKAGE_TEMPLATES)
    for base in bases:
        if (base / name / "theme.yaml").is_file():
            return base / name
    known = sorted({p.parent.name for base in bases for p in base.glob("*/theme.yaml")})
    raise BuildError([error("theme.missing", f"theme '{name}' not found in templates/{did_you_mean(name, known)}; "
                            f"themes: {', '.join(known)}", SourceLocation("templates"))])


def _bib_paths(bib) -> tuple[Path, ...]:
    if bib is None:
        return ()
    return tuple(Path(b) for b in bib) if isinstance(bib, (list, tuple)) else (Path(bib),)


def load_project(path: Path, bib=None, lenient: bool = False, theme: str | None = None) -> Project:
    """Read everything once. ``lenient`` (lint) keeps going past metadata errors, recording them.
    ``bib``: a BibTeX path or several (instead of references.bib or the front matter's);
    ``theme``: a theme name that overrides the metadata's."""
    path = Path(path)
    if path.is_file():
        return _load_single(path, _bib_paths(bib), lenient, theme)
    if not path.is_dir():
        raise BuildError([error("input.missing", "no such file or directory", SourceLocation(str(path)))])
    root = path.resolve()
    manuscript = root / "manuscript"
    meta_path = manuscript / "metadata.yaml"
    if not meta_path.is_file():
        raise BuildError([error("project.no-metadata", "missing manuscript/metadata.yaml; "
                                "create it (see README, 'Metadata') or build a single .md file",
                                SourceLocation("manuscript/metadata.yaml"))])
    meta_file = _read(meta_path, root)
    metadata, problems = _metadata(meta_file.text, meta_file.name, lenient)
    chapters = tuple(_read(p, root) for p in sorted(manuscript.glob("*.md")))
    if not chapters:
        raise BuildError([error("project.no-chapters", "no Markdown files in manuscript/",
                                SourceLocation("manuscript"))])
    paths = _bib_paths(bib) or (root / "references.bib",)
    bibs = tuple(_read(p, root) for p in paths if p.is_file())
    name = theme or re.sub(r"[^\w-]", "", str(_raw_theme(meta_file.text))) or "kcss"
    return Project(root, metadata, chapters, bibs[0] if bibs else None, _theme(root, name), problems, bibs)


def _metadata(text: str, name: str, lenient: bool, **options) -> tuple[Metadata, tuple]:
    try:
        metadata, notes = read_metadata(text, name, **options)
    except BuildError as exc:
        if not lenient:
            raise
        defaults = options.get("defaults") or {}
        return Metadata(title=defaults.get("title", "(invalid metadata)"), short_title="", slug="paper",
                        language="en"), tuple(exc.diagnostics) + tuple(getattr(exc, "others", ()))
    return metadata, tuple(notes)


def _raw_theme(text: str) -> str:
    m = re.search(r"(?m)^theme:\s*(\S+)", text)
    return m.group(1).strip("'\"") if m else "kcss"


# pandoc: '---' at the very top, not followed by a blank line; closed by '---' or '...'.
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?![ \t]*\n)(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*(\{[^}\n]*\})?[ \t]*$")
FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")


def _outside_code(lines: list[str]):
    fence = None
    for i, line in enumerate(lines):
        m = FENCE.match(line)
        if m and (fence is None or m.group(1) == fence):
            fence = None if fence else m.group(1)
        elif fence is None:
            yield i, line


def single_body(text: str, titled: bool) -> tuple[str, str]:
    """A single file's text after its front matter -> (title from its opening heading or '', body).

    Line numbers never change (lines are blanked, not cut), so diagnostics point into the file.
    Without a front-matter title, a '# Heading' that opens the text is the title, not a section
    (else the first '# Heading' names the paper).
    A file whose sections are all '##' (the title being in the front matter) has them raised one
    level, so they are numbered 1, 2, 3 and each starts a chapter."""
    lines = text.split("\n")
    headings = [(i, HEADING.match(line)) for i, line in _outside_code(lines) if HEADING.match(line)]
    for i, m in headings:  # pandoc's shorthand '{-}' for '{.unnumbered}'
        if m.group(3) and re.search(r"(?<![\w-])-(?![\w-])", m.group(3)):
            attrs = re.sub(r"(?<![\w-])-(?![\w-])", ".unnumbered", m.group(3))
            lines[i] = lines[i][:m.start(3)] + attrs + lines[i][m.end(3):]
    headings = [(i, HEADING.match(lines[i])) for i, _ in headings]
    title = ""
    first_text = next((i for i, line in enumerate(lines) if line.strip()), None)
    if not titled and headings and headings[0][0] == first_text and len(headings[0][1].group(1)) == 1:
        title = headings[0][1].group(2)
        lines[first_text] = ""
        headings = headings[1:]
    elif not titled:  # the first '# Heading' further down names the paper, and stays a section
        title = next((m.group(2) for _, m in headings if len(m.group(1)) == 1), "")
    if headings and min(len(m.group(1)) for _, m in headings) == 2:
        for i, _ in headings:
            lines[i] = lines[i].replace("#", "", 1)
    return title, "\n".join(lines)


def _load_single(path: Path, bibs: tuple[Path, ...], lenient: bool, theme: str | None) -> Project:
    root = path.resolve().parent
    source = _read(path, root)
    text = source.text.removeprefix("\ufeff")
    front = FRONT_MATTER.match(text)
    if not front and re.match(r"\A---[ \t]*\n[\w-]+[ \t]*:", text):
        raise BuildError([error("metadata.front-matter-unclosed", "the front matter opened by '---' on line 1 is "
                                "never closed; end it with a line '---' (or '...')", SourceLocation(source.name, 1, 1))])
    yaml_text = (front.group(1) or "") if front else ""
    body = text
    if front:  # keep line numbers: blank out the front matter instead of cutting it
        body = "\n" * front.group(0).count("\n") + text[front.end():]
    title, body = single_body(body, bool(re.search(r"(?m)^title[ \t]*:", yaml_text)))
    defaults = {"title": title or path.stem.replace("-", " ").replace("_", " ").title(), "language": "en"}
    metadata, problems = _metadata(yaml_text, source.name, lenient, defaults=defaults,
                                   strict=False, front_matter=True, first_line=2, base_dir=root)
    paths = bibs or tuple(root / name for name in metadata.bibliography if (root / name).is_file())
    bibliographies = tuple(_read(p, root) for p in paths)
    name = theme or _raw_theme(yaml_text)
    if not theme and name == "kcss" and not re.search(r"(?m)^theme:", yaml_text):
        name = "kcss" if metadata.publisher else "article"
    chapter = SourceFile(source.path, source.name, body, single=True)
    return Project(root, metadata, (chapter,), bibliographies[0] if bibliographies else None,
                   _theme(root, re.sub(r"[^\w-]", "", name) or "article"), problems, bibliographies)
