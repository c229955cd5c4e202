"""Lint: a project -> every diagnostic about it (errors, warnings, info), sorted by file and line.

Runs before every build (errors stop it before any output) and on its own as
``briefpress lint``. Nothing here raises for bad input: each problem becomes a
Diagnostic with a stable code, so an editor sees all of them in one run.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape
from pathlib import Path

from . import crossref, images, pandoc_ids, pandoc_text, quarto, quarto_divs, rawlatex
from .bib.checks import house_style
from .bib.read import Bibliography, read_bibliographies
from .citations import extract_all, prepared
from .diagnostics import BuildError, Diagnostic, SourceLocation, error, line_col, relative
from .document import citation_problems
from .markdown_ext import render_chapter, slug
from .mathtex import math_problems
from .pitfalls import TOO_DEEP, markdown_pitfalls, title_problems
from .reflist import is_references_title
from .sanitize import active_content
from .tables import normalize as normalize_tables, problems as table_problems
from .theme_config import checked_settings

NOTE_TOO_LONG = 2500  # characters: about what the foot of an A4 page holds in 8 pt
CODE = re.compile(r"(?s)```.*?```|~~~.*?~~~|(`+).+?\1|<!--.*?-->")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$")
LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")


def warning(code, message, location=None) -> Diagnostic:
    return Diagnostic("warning", code, message, location)


def info(code, message, location=None) -> Diagnostic:
    return Diagnostic("info", code, message, location)


def read_entries(project) -> Bibliography:
    """The project's bibliographies, read once for both lint and build."""
    return read_bibliographies(project.bibliographies)


def lint_project(project, bibliography: Bibliography | None = None, document=None) -> list[Diagnostic]:
    """Checks on a loaded project: theme, bibliography, then every chapter, then cross-checks.
    The theme's ``bibliography.require`` are the house style's required fields. ``document``: the
    project made into a Document already (the build's), for the glyph check; else it is made here."""
    bib = bibliography if bibliography is not None else read_entries(project)
    settings, found = checked_settings(project.theme_dir, project.root)
    entries = bib.entries
    require, require_problems = _house_requirements(settings, project)
    out: list[Diagnostic] = list(bib.problems) + found
    out += require_problems + house_style(entries, require)
    for source in (*project.chapters, *project.bibliographies):
        out += getattr(source, "warnings", ())
    out += title_problems(project)
    known = bib.known_keys  # a key lost to a parse error is reported there, not at every citation
    cited: set[str] = set()
    ids: set[str] = set()
    anchors: list[tuple[str, SourceLocation, str]] = []  # (target, place, link text)
    table_ids: set[str] = set()
    heads: list[tuple[str, str]] = []  # (text, id): a link may name a heading by pandoc's id (pandoc_ids.py)
    number = 0
    rendered: list[str] = []
    for chapter in project.chapters:
        # The checks of the text read it as the file has it; its math and rendering as the build reads
        # it, with the TeX definitions of earlier files after its last line (project._shared_macros).
        written = chapter if chapter.own is None else replace(chapter, text=chapter.own_text, own=None)
        ex = extract_all(chapter.text, chapter.name)
        out += citation_problems(ex, known)
        cited.update(i.key for c in ex.citations for i in c.items)
        out += _footnotes(ex, chapter)
        out += table_problems(written.text, chapter.name)
        table_ids.update(normalize_tables(written.text, chapter.name).ids)
        out += _headings(written)
        out += _links(written, project.root, anchors)
        out += active_content(written.text, chapter.name)
        pitfalls = markdown_pitfalls(written.text, chapter.name)
        out += pitfalls
        if any(d.code in TOO_DEEP for d in pitfalls):
            continue  # rendering it would exhaust the parser's stack
        # Numbered as the build numbers them, so the build reuses this (cached) rendering.
        html, headings = render_chapter(ex.text, number + 1, frozenset(ids))
        number += sum(1 for h in headings if h.level == 1 and h.number)
        out += _emphasis(html, written)
        if not chapter.single and (not headings or headings[0].level != 1):  # as build_document: lint is its gate
            out.append(error("chapter.no-title", "a chapter file must start with a '# Title' heading",
                             SourceLocation(chapter.name, 1, 1)))
        out += math_problems(chapter.text, chapter.name)
        ids.update(h.id for h in headings)
        heads += [(h.title_text, h.id) for h in headings]
        rendered.append(html)
        out += images.check(written.text, chapter.name, chapter.path.resolve().parent, project.root)
        out += rawlatex.problems(written.text, chapter.name)
        out += pandoc_text.problems(written.text, chapter.name)
        out += quarto_divs.problems(written.text, chapter.name)
    out += crossref.problems([(c.name, prepared(c.own_text)) for c in project.chapters],
                             rendered)
    ids.update(("references", "refs"), table_ids)
    ids.update(crossref.registry(rendered))  # figures, tables, equations: any element with an id
    pandoc_names = pandoc_ids.aliases(heads)
    for target, loc, text in anchors:
        if target not in ids and target not in pandoc_names:
            if pandoc_ids.GOOGLE_DOCS.match(target):  # a heading of the link's text is its target
                if pandoc_ids.identifier(text) in pandoc_names:
                    continue
                out.append(error("link.anchor", f"'#{target}' is a Google Docs link into the document, which its "
                                 "export leaves out and no heading has this link's text; link to the heading's "
                                 "id ('#introduction') or remove the link", loc))
                continue
            out.append(error("link.anchor", f"no heading has the id '#{target}'", loc))
    if not any(d.code in FONT_PROBLEMS or d.message.startswith("'fonts.") for d in found):  # else every character
        out += _glyphs(project, bib.citable(), settings, document)  # would be 'in no font'
    nocite = {bib.aliases.get(k, k) for k in project.metadata.nocite}
    cited |= _cited_in_editions(project)  # the editions share references.bib
    cited = {bib.aliases.get(k, k) for k in cited}  # a citation by one of an entry's ids cites the entry
    for key, entry in entries.items():
        if key not in cited and key not in nocite and "*" not in nocite:
            out.append(warning("bib.uncited", f"'{key}' is never cited; cite it, delete it, or list it under "
                               "'nocite' in the metadata", SourceLocation(entry.path, entry.line, 1)))
    # a line of an included file, a chunk's caption: at the line written (the chapters' own warnings are)
    return quarto.relocate(_in_own_text(out, project.chapters), project.chapters,
                           [d for c in project.chapters for d in c.warnings])


def _in_own_text(found: list[Diagnostic], chapters) -> list[Diagnostic]:
    """Without what a check found in the TeX definitions a chapter gets from earlier files, after its
    last line (project._shared_macros): the file that defines them has it, at its place."""
    last = {c.name: c.own_text.count("\n") + 1 for c in chapters if c.own is not None}
    return [d for d in found if not (d.location and d.location.path in last and d.location.line > last[d.location.path])]


FONT_PROBLEMS = ("theme.font-missing", "theme.font-invalid", "theme.outside")


def _glyphs(project, entries: dict, settings: dict, document=None) -> list[Diagnostic]:
    """Characters no theme font has (checked on the document every edition prints, before any layout)."""
    from .chicago import Style
    from .document import build_document
    from .glyphs import missing_glyphs
    if not settings.get("fonts"):
        return []  # the theme check reports why
    try:
        document = document or build_document(project.metadata, project.chapters, entries, settings.get("labels"),
                                              Style.from_settings(settings))
    except BuildError:
        return []  # the document cannot be made: the checks above report why
    return missing_glyphs(document, project.theme_dir, settings, project.chapters + project.bibliographies)


def _house_requirements(settings: dict, project) -> tuple[dict, list[Diagnostic]]:
    """theme.yaml's ``bibliography: require:`` ({type or type/entrysubtype: [field, ...]}), checked."""
    require = ((settings or {}).get("bibliography") or {}).get("require") or {}
    if isinstance(require, dict) and all(isinstance(v, list) and all(isinstance(f, str) for f in v)
                                         for v in require.values()):
        return require, []
    where = SourceLocation(relative(Path(project.theme_dir) / "theme.yaml", project.root))
    return {}, [error("theme.invalid", "bibliography.require must map entry types to lists of field names, "
                      "e.g. article: [title, journaltitle, date]", where)]


def _cited_in_editions(project) -> set[str]:
    """The keys every language edition of the project cites (none for a single edition)."""
    from .project import _read, editions
    keys: set[str] = set()
    for name in editions(project.root):
        for path in sorted((project.root / "manuscript" / name).glob("*.md")):
            try:  # read as load_project reads a chapter, so extract_all's cache holds its parse already
                chapter = _read(path, project.root)
            except BuildError:
                continue  # that edition's own lint reports it
            keys.update(i.key for c in extract_all(chapter.text, chapter.name).citations for i in c.items)
    return keys


def lint_path(path: Path, bibs=None, theme: str | None = None) -> list[Diagnostic]:
    """Everything lint finds in a project; metadata errors are reported with the rest."""
    from .project import editions, load_project
    out: list[Diagnostic] = []
    for edition in editions(Path(path)) or (None,):  # every language edition
        try:
            project = load_project(Path(path), bibs, lenient=True, theme=theme, edition=edition)
        except BuildError as exc:
            out += [d for d in exc.diagnostics if d not in out]
            continue
        out += [d for d in list(project.problems) + lint_project(project) if d not in out]  # shared bib: once
    return out


def _footnotes(ex, chapter) -> list[Diagnostic]:
    out = []
    used = [r.id for r in ex.refs]
    for note_id, note in ex.footnotes.items():
        if note_id not in used:
            out.append(warning("note.unused", f"footnote '[^{note_id}]' is defined but never called", note.location))
        if len(note.text) > NOTE_TOO_LONG:
            name = "inline note" if note_id.startswith("^") else f"footnote '[^{note_id}]'"  # ^n: a ^[...] note
            out.append(warning("note.too-long", f"{name} has {len(note.text)} characters: it may "
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
        explicit = re.search(r"#([^\s}]+)", attrs)
        ident = explicit.group(1) if explicit else slug(title)
        if explicit and ident in ids:
            out.append(error("heading.duplicate-id", f"id '#{ident}' is already used at line {ids[ident]}", loc))
        ids.setdefault(ident, number)
        following = heading_lines[index + 1][0] if index + 1 < len(heading_lines) else None
        body = [l for n, l in lines if n > number and (following is None or n < following) and l.strip()]
        next_level = len(heading_lines[index + 1][1].group(1)) if following else 0
        if not body and (following is None or next_level <= level) and not is_references_title(title):
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
                out.append(error("image.alt", "image has no alt text, which the tagged PDF needs; describe it "
                                 "between the brackets", loc))
            # Where the file is and whether it decodes: images.check, as the build reads it.
        elif target.startswith("#"):
            anchors.append((target[1:], loc, text))
        elif target:
            out += _url_problems(target, loc)
    for m in re.finditer(r"!\[\s*\]\[[^\]\n]*\]", masked):  # ![][image1], as Google Docs exports images
        out.append(error("image.alt", "image has no alt text, which the tagged PDF needs; describe it between the "
                         "first brackets: ![A ferry at the pier][label]", SourceLocation(chapter.name, *line_col(
                             chapter.text, m.start()))))
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


ESCAPED = "\ue015"  # stands for an escaped * or _ in _unescaped's text


def _unescaped(text: str) -> tuple[str, list[int]]:
    """The text as the output shows it (Markdown's backslash escapes resolved, an escaped * or _ as
    ESCAPED), and for each of its characters the offset it came from."""
    out, offsets, i = [], [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in "\\`*_{}[]()#+-.!$@%<>|~^":
            out.append(ESCAPED if text[i + 1] in "*_" else text[i + 1])
            offsets.append(i)
            i += 2
            continue
        out.append(text[i])
        offsets.append(i)
        i += 1
    return "".join(out), offsets


def _emphasis(html: str, chapter) -> list[Diagnostic]:
    """Markers Markdown could not pair show up as literal * or _ in the output."""
    plain = " ".join(unescape(re.sub(r"<code\b[^>]*>.*?</code>|<math\b.*?</math>|<[^>]+>", " ", html, flags=re.S)).split())
    out = []
    source = offsets = None
    for m in re.finditer(r"(?<![\w*])\*{1,3}(?=\w)|(?<=\w)\*{1,3}(?![\w*])|(?<![\w_])__?(?=\w)|(?<=\w)__?(?!\w)", plain):
        after = plain[m.end():m.end() + 12]
        if source is None:  # read a character at a time: only for a chapter with a marker left
            source, offsets = _unescaped(chapter.text)
        # a space in the output may be a line break, a table's cell border or a grid's edge in the source
        rest = "".join(f"[{re.escape(c)}{ESCAPED}]" if c in "*_" else r"[\s|+]+" if c == " " else re.escape(c)
                       for c in after)
        found = re.search(re.escape(m.group()) + rest, source) if after else None
        if not found and after and re.search(ESCAPED * len(m.group()) + rest, source):
            continue  # written \* or \_: a literal marker, as the author asked
        line, col = line_col(chapter.text, offsets[found.start()]) if found else (0, 0)
        out.append(warning("emphasis.unbalanced", f"unpaired emphasis marker '{m.group()}' before “{after.strip()}…”; "
                           "close it or escape it with a backslash", SourceLocation(chapter.name, line, col)))
    return out


def sort_and_filter(diagnostics: list[Diagnostic], ignore=()) -> list[Diagnostic]:
    kept = [d for d in diagnostics if d.code not in ignore and not any(d.code.startswith(i.rstrip("*")) for i in ignore
                                                                        if i.endswith("*"))]
    return sorted(set(kept), key=lambda d: (d.location or SourceLocation(""), d.code, d.message))
