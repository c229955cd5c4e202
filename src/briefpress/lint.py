"""Lint: a project -> every diagnostic about it (errors, warnings, info), sorted by file and line.

Runs before every build (errors stop it before any output) and on its own as
``briefpress lint``. Nothing here raises for bad input: each problem becomes a
Diagnostic with a stable code, so an editor sees all of them in one run.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from .bibliography import read_bibliography
from .citations import extract_all
from .diagnostics import BuildError, Diagnostic, SourceLocation, error, line_col
from .document import citation_problems
from .markdown_ext import is_numbered, render_chapter, slug
from .pitfalls import markdown_pitfalls, title_problems
from .sanitize import active_content
from .theme_config import theme_problems

NOTE_TOO_LONG = 2500  # characters: about what the foot of an A4 page holds in 8 pt
CODE = re.compile(r"(?s)```.*?```|~~~.*?~~~|(`+).+?\1|<!--.*?-->")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$")
LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")


def warning(code, message, location=None) -> Diagnostic:
    return Diagnostic("warning", code, message, location)


def info(code, message, location=None) -> Diagnostic:
    return Diagnostic("info", code, message, location)


def read_entries(project) -> tuple[dict, list[Diagnostic]]:
    """The project's bibliography, parsed once for both lint and build."""
    if not project.bibliography:
        return {}, []
    return read_bibliography(project.bibliography.text, project.bibliography.name)


def lint_project(project, bibliography: tuple[dict, list] | None = None) -> list[Diagnostic]:
    """Checks on a loaded project: bibliography, then every chapter, then cross-checks."""
    entries, problems = bibliography if bibliography is not None else read_entries(project)
    out: list[Diagnostic] = list(problems) + theme_problems(project.theme_dir, project.root)
    for source in (*project.chapters, project.bibliography):
        out += getattr(source, "warnings", ())
    out += title_problems(project)
    cited: set[str] = set()
    ids: set[str] = set()
    anchors: list[tuple[str, SourceLocation]] = []
    number = 0
    for chapter in project.chapters:
        ex = extract_all(chapter.text, chapter.name)
        out += citation_problems(ex, entries)
        cited.update(i.key for c in ex.citations for i in c.items)
        out += _footnotes(ex, chapter)
        out += _headings(chapter)
        out += _links(chapter, project.root, anchors)
        out += active_content(chapter.text, chapter.name)
        out += markdown_pitfalls(chapter.text, chapter.name)
        # Numbered as the build numbers them, so the build reuses this (cached) rendering.
        number += is_numbered(chapter.text)
        html, headings = render_chapter(ex.text, number if is_numbered(chapter.text) else 0, frozenset(ids))
        out += _emphasis(html, chapter)
        if not headings or headings[0].level != 1:  # as build_document says: lint is the build's gate
            out.append(error("chapter.no-title", "a chapter file must start with a '# Title' heading",
                             SourceLocation(chapter.name, 1, 1)))
        ids.update(h.id for h in headings)
    ids.add("references")
    for target, loc in anchors:
        if target not in ids:
            out.append(error("link.anchor", f"no heading has the id '#{target}'", loc))
    if project.bibliography:
        nocite = set(project.metadata.nocite)
        for key, entry in entries.items():
            if key not in cited and key not in nocite and "*" not in nocite:
                out.append(warning("bib.uncited", f"'{key}' is never cited; cite it, delete it, or list it under "
                                   "'nocite' in metadata.yaml", SourceLocation(project.bibliography.name, entry.line, 1)))
    return out


def lint_path(path: Path, bib: Path | None = None) -> list[Diagnostic]:
    """Everything lint finds in a project; metadata errors are reported with the rest."""
    from .project import load_project
    try:
        project = load_project(Path(path), bib, lenient=True)
    except BuildError as exc:
        return list(exc.diagnostics)
    return list(project.problems) + lint_project(project)


def _footnotes(ex, chapter) -> list[Diagnostic]:
    out = []
    used = [r.id for r in ex.refs]
    for note_id, note in ex.footnotes.items():
        if note_id not in used:
            out.append(warning("note.unused", f"footnote '[^{note_id}]' is defined but never called", note.location))
        if len(note.text) > NOTE_TOO_LONG:
            out.append(warning("note.too-long", f"footnote '[^{note_id}]' has {len(note.text)} characters: it may "
                               "not fit at the foot of one page; shorten it or move text into the body", note.location))
    seen = set()
    for ref in ex.refs:
        if ref.id in seen:
            out.append(warning("note.repeated", f"footnote '[^{ref.id}]' is called twice; each call needs its own "
                               "note", ref.location))
        seen.add(ref.id)
    return out


def _lines_outside_code(text: str):
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def _headings(chapter) -> list[Diagnostic]:
    out, previous, ids = [], 0, {}
    lines = list(_lines_outside_code(chapter.text))
    heading_lines = [(n, HEADING.match(l)) for n, l in lines if HEADING.match(l)]
    for index, (number, m) in enumerate(heading_lines):
        level, title, attrs = len(m.group(1)), m.group(2), m.group(3) or ""
        loc = SourceLocation(chapter.name, number, 1)
        if previous and level > previous + 1:
            out.append(warning("heading.skip", f"heading level jumps from {previous} to {level}; use "
                               f"{'#' * (previous + 1)}", loc))
        previous = level
        explicit = re.search(r"#([\w-]+)", attrs)
        ident = explicit.group(1) if explicit else slug(title)
        if explicit and ident in ids:
            out.append(error("heading.duplicate-id", f"id '#{ident}' is already used at line {ids[ident]}", loc))
        ids.setdefault(ident, number)
        following = heading_lines[index + 1][0] if index + 1 < len(heading_lines) else None
        body = [l for n, l in lines if n > number and (following is None or n < following) and l.strip()]
        next_level = len(heading_lines[index + 1][1].group(1)) if following else 0
        if not body and (following is None or next_level <= level):
            out.append(warning("heading.empty", f"section '{title}' has no text", loc))
    return out


def _links(chapter, root: Path, anchors: list) -> list[Diagnostic]:
    out = []
    masked = CODE.sub(lambda m: "\0" * len(m.group()), chapter.text)
    for m in LINK.finditer(masked):
        image, text, target = m.group(1), m.group(2), m.group(3)
        line, col = line_col(chapter.text, m.start())
        loc = SourceLocation(chapter.name, line, col)
        if image:
            if not text.strip():
                out.append(warning("image.alt", "image has no alt text; describe it between the brackets", loc))
            if not re.match(r"^[a-z]+:", target) and not (root / "manuscript" / target).is_file():
                out.append(error("image.missing", f"image file '{target}' does not exist", loc))
        elif target.startswith("#"):
            anchors.append((target[1:], loc))
        elif target:
            out += _url_problems(target, loc)
    for m in re.finditer(r"<(https?://[^>\n]*)>|(?<![<(\w/])https?://[^\s<>\])]+", masked):
        line, col = line_col(chapter.text, m.start())
        out += _url_problems((m.group(1) or m.group()).rstrip(".,;:"), SourceLocation(chapter.name, line, col))
    return out


def _url_problems(url: str, loc) -> list[Diagnostic]:
    if re.match(r"^(https?|mailto|ftp):", url) is None and "://" in url:
        return [error("url.malformed", f"'{url}' has an unknown scheme", loc)]
    if url.startswith("http") and (re.search(r"[\s\\]", url) or re.search(r"%(?![0-9A-Fa-f]{2})", url)
                                   or not re.match(r"^https?://[^/\s]+\.[^/\s]+|^https?://localhost|^https?://[\d.:]+", url)):
        return [error("url.malformed", f"'{url}' is not a valid URL", loc)]
    if url.startswith("http://"):
        return [info("url.http", f"'{url}' uses http://; use https:// if the site offers it", loc)]
    return []


def _emphasis(html: str, chapter) -> list[Diagnostic]:
    """Markers Markdown could not pair show up as literal * or _ in the output."""
    plain = " ".join(unescape(re.sub(r"<code>.*?</code>|<[^>]+>", " ", html, flags=re.S)).split())
    out = []
    for m in re.finditer(r"(?<![\w*])\*{1,3}(?=\w)|(?<=\w)\*{1,3}(?![\w*])|(?<![\w_])__?(?=\w)|(?<=\w)__?(?!\w)", plain):
        after = plain[m.end():m.end() + 12]
        where = chapter.text.find(m.group() + after) if after else -1
        line, col = line_col(chapter.text, where) if where >= 0 else (0, 0)
        out.append(warning("emphasis.unbalanced", f"unpaired emphasis marker '{m.group()}' before “{after.strip()}…”; "
                           "close it or escape it with a backslash", SourceLocation(chapter.name, line, col)))
    return out


def sort_and_filter(diagnostics: list[Diagnostic], ignore=()) -> list[Diagnostic]:
    kept = [d for d in diagnostics if d.code not in ignore and not any(d.code.startswith(i.rstrip("*")) for i in ignore
                                                                        if i.endswith("*"))]
    return sorted(set(kept), key=lambda d: (d.location or SourceLocation(""), d.code, d.message))
