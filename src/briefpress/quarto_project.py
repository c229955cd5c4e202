"""A Quarto project folder (``_quarto.yml``) -> a :class:`briefpress.project.Project`.

- a book (``project: type: book``): the files of ``book: chapters:`` (and ``appendices:``), in that
  order, each a chapter (``part:`` entries give their chapters; a part's own file is read too); the
  metadata from ``book:`` (title, author, date…) over the file's top level (``bibliography``,
  ``lang``, ``crossref``, ``execute``…);
- a manuscript (``project: type: manuscript``): its ``manuscript: article:`` file (default
  ``index.qmd``), built as a single file;
- any other type (a website, a default project): an error (``project.quarto``) naming the file to
  build instead.

A chapter's own front matter is blanked (its lines kept, so diagnostics point into the file).
"""

from __future__ import annotations

import re
from pathlib import Path

from .diagnostics import BuildError, SourceLocation, error
from .front_matter import split_front
from .source_files import SourceFile, _read, _read_bibs

BOOK_FIELDS = ("title", "subtitle", "author", "authors", "date", "abstract", "keywords", "doi", "lang", "language")


def is_quarto(path: Path) -> bool:
    return path.is_dir() and (path / "_quarto.yml").is_file() and not (path / "manuscript").is_dir()


def _files(entries, where) -> list[str]:
    if entries is not None and not isinstance(entries, list):
        raise BuildError([error("project.quarto", "the chapters of _quarto.yml must be a list of file names and "
                                "parts (- index.qmd, - part: …)", where)])
    out = []
    for entry in entries or ():
        if isinstance(entry, str):
            out.append(entry)
        elif isinstance(entry, dict):
            if isinstance(entry.get("part"), str) and entry["part"].endswith((".qmd", ".md", ".Rmd", ".rmd")):
                out.append(entry["part"])
            out += _files(entry.get("chapters"), where)
        else:
            raise BuildError([error("project.quarto", "a chapter of _quarto.yml must be a file name or a part "
                                    "(part: …, chapters: […])", where)])
    return out


def load(path: Path, bibs: list[Path], lenient: bool, theme: str | None):
    from . import project as p
    from . import quarto, safe_yaml
    root = path.resolve()
    config = _read(root / "_quarto.yml", root)
    data, _ = safe_yaml.load(config.text, config.name, "metadata", loader_class=safe_yaml.TextDatesLoader)
    data = data if isinstance(data, dict) else {}
    kind = str((data.get("project") or {}).get("type", "default")) if isinstance(data.get("project"), dict) else "default"
    where = SourceLocation(config.name, _line(config.text, "type") or 1, 1)
    if kind == "manuscript":
        article = (data.get("manuscript") or {}).get("article", "index.qmd") if isinstance(data.get("manuscript"), dict) \
            else "index.qmd"
        if not (root / str(article)).is_file():
            raise BuildError([error("project.quarto", f"the manuscript's article '{article}' is missing", where)])
        return p.load_project(root / str(article), bibs, lenient, theme)
    if kind != "book":
        papers = sorted(q.name for q in root.glob("*.qmd")) + sorted(q.name for q in root.glob("*.[Rr]md"))
        raise BuildError([error("project.quarto", f"a Quarto project of type '{kind}' is not one paper; build its "
                                f"paper file instead: briefpress build {papers[0] if papers else 'paper.qmd'}", where)])
    book = data.get("book") if isinstance(data.get("book"), dict) else {}
    names = _files(book.get("chapters"), where) + _files(book.get("appendices"), where)
    if not names:
        raise BuildError([error("project.quarto", "the book lists no chapters; list its files under "
                                "'book: chapters:'", SourceLocation(config.name, _line(config.text, "book") or 1, 1))])
    meta = {k: v for k, v in data.items() if k not in ("project", "book", "website", "format")}
    meta.update({k: book[k] for k in BOOK_FIELDS if k in book})
    import yaml
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    try:
        metadata, problems = p._metadata(text, config.name, lenient, defaults={"title": root.name, "language": "en"},
                                         strict=False, front_matter=True, first_line=1, base_dir=root)
    except BuildError as exc:  # placed as lint places them
        raise BuildError([_placed(d, text, config) for d in exc.diagnostics]) from None
    problems = tuple(_placed(d, text, config) for d in problems)
    execute = meta.get("execute") if isinstance(meta.get("execute"), dict) else {}
    chapters, missing = [], []
    for name in names:
        file = root / name
        if not quarto.inside(file, root):
            missing.append(error("project.quarto", f"the chapter '{name}' is outside the project; copy it into the "
                                 "project's folder", SourceLocation(config.name, _line(config.text, re.escape(name),
                                                                                        value=True) or 1, 1)))
            continue
        if not file.is_file():
            missing.append(error("project.quarto", f"no such chapter file: '{name}'",
                                 SourceLocation(config.name, _line(config.text, re.escape(name), value=True) or 1, 1)))
            continue
        source = _read(file, root)
        try:
            yaml_text, body = split_front(source.text, source.name)
        except BuildError as exc:
            missing += exc.diagnostics
            continue
        own = p._front_data(yaml_text, source.name)
        body, found, origins = quarto.prepare(body, source.name, {"execute": execute, **meta, **own},
                                              file.parent, root)
        chapters.append(SourceFile(file, source.name, body, source.warnings + tuple(found), origins=origins))
    if missing:
        raise BuildError(missing)
    bibliographies = _read_bibs(bibs, root) if bibs else tuple(
        _read(root / b, root, bibliography=True) for b in metadata.bibliography if (root / b).is_file())
    name = theme or re.sub(r"[^\w-]", "", str(meta.get("theme") or "")) or ("kcss" if metadata.publisher else "article")
    # a TeX macro of one chapter serves the chapters after it, as in a folder project
    return p.Project(root, metadata, p._shared_macros(tuple(chapters)), bibliographies, p._theme(root, name), problems)


def _line(text: str, key: str, value: bool = False) -> int:
    m = re.search(rf"(?m)^[ \t-]*{key}[ \t]*$" if value else rf"(?m)^[ \t]*{key}[ \t]*:", text)
    return text.count("\n", 0, m.start()) + 1 if m else 0


def _placed(d, text: str, config):
    """A metadata problem found in the YAML made from _quarto.yml -> at its key's line in the file."""
    if not d.location or d.location.path != config.name or not d.location.line:
        return d
    line = text.split("\n")[d.location.line - 1] if d.location.line <= text.count("\n") + 1 else ""
    key = re.match(r"^[ \t-]*([\w-]+)[ \t]*:", line)
    found = _line(config.text, re.escape(key.group(1))) if key else 0
    return type(d)(d.severity, d.code, d.message, SourceLocation(config.name, found or 1, 1))
