"""Lint: a project -> every diagnostic about it (errors, warnings, info), sorted by file and line.

Runs before every build (errors stop it before any output) and on its own as
``briefpress lint``. Nothing here raises for bad input: each problem becomes a
Diagnostic with a stable code, so an editor sees all of them in one run.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import crossref, crossref_checks, images, locale, markdown_checks, meta_text, pandoc_ids, pandoc_text, quarto, quarto_divs, rawlatex
from .bib.checks import house_style
from .bib.read import Bibliography, read_bibliographies
from .citations import INTEXT, extract_all, prepared
from .diagnostics import BuildError, Diagnostic, SourceLocation, error, relative, warning
from .citation_checks import citation_problems
from .markdown_ext import render_chapter
from .mathtex import math_problems, note_equations
from .pitfalls import TOO_DEEP, markdown_pitfalls, title_problems, too_deep
from .sanitize import active_content
from .tables import normalize as normalize_tables, problems as table_problems
from .theme_config import checked_settings
from .theme_templates import template_problems

def read_entries(project) -> Bibliography:
    """The project's bibliographies, read once for both lint and build."""
    return read_bibliographies(project.bibliographies)


def lint_project(project, bibliography: Bibliography | None = None, document=None, formats=None) -> list[Diagnostic]:
    """Checks on a loaded project: theme, bibliography, then every chapter, then cross-checks.
    The theme's ``bibliography.require`` are the house style's required fields. ``document``: the
    project made into a Document already (the build's), for the glyph check; else it is made here.
    ``formats``: the formats a build makes, whose templates are checked (None: every format's)."""
    bib = bibliography if bibliography is not None else read_entries(project)
    settings, found = checked_settings(project.theme_dir, project.root)
    entries = bib.entries
    require, require_problems = _house_requirements(settings, project)
    out: list[Diagnostic] = list(bib.problems) + found + template_problems(project.theme_dir, formats)
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
    in_notes: list[str] = []  # the notes' display equations: their labels are targets, as in the build
    in_meta = [meta_text.extract(project.metadata), meta_text.extract(project.metadata, "subtitle")]
    printed = _prints_title_block(project, settings)
    files = tuple(f.name for f in project.bibliographies)  # named by an unknown key's error, as the build names them
    single = any(c.single for c in project.chapters)
    for ex in [e for e in in_meta if e] + [ex for _, ex in meta_text.title_notes(project.metadata)]:
        out += citation_problems(ex, known, files, single)  # the abstract's and the title notes', as the text's
        if printed:  # cited only where the build prints them, as build_document lists their sources
            cited.update(i.key for c in ex.citations for i in c.items)
    for chapter in project.chapters:
        # The checks of the text read it as the file has it; its math and rendering as the build reads
        # it, with the TeX definitions of earlier files after its last line (project._shared_macros).
        written = chapter if chapter.own is None else replace(chapter, text=chapter.own_text, own=None)
        if deep := too_deep(written.text, chapter.name):  # first, as the build asks: the other checks read
            out += deep  # a list a thousand levels deep (megabytes of indentation) for minutes
            cited.update(m.group("key") for m in INTEXT.finditer(written.text))  # not said to be uncited
            continue
        ex = extract_all(chapter.text, chapter.name)
        out += citation_problems(ex, known, files, chapter.single)
        cited.update(i.key for c in ex.citations for i in c.items)
        out += markdown_checks.footnotes(ex, chapter)
        out += table_problems(written.text, chapter.name)
        table_ids.update(normalize_tables(written.text, chapter.name).ids)
        out += markdown_checks.headings(written)
        out += markdown_checks.tilde_fences(written)
        out += markdown_checks.links(written, project.root, anchors)
        out += active_content(written.text, chapter.name)
        pitfalls = markdown_pitfalls(written.text, chapter.name, chapter.single)
        out += pitfalls
        if any(d.code in TOO_DEEP for d in pitfalls):
            continue  # rendering it would exhaust the parser's stack
        # Numbered as the build numbers them, so the build reuses this (cached) rendering.
        html, headings = render_chapter(ex.text, number + 1, frozenset(ids))
        number += sum(1 for h in headings if h.level == 1 and h.number)
        out += markdown_checks.emphasis(html, written)
        if not chapter.single and (not headings or headings[0].level != 1) and not any(  # as build_document: lint
                d.code == "metadata.in-chapter" and d.location.line == 1 for d in pitfalls):  # is its gate
            out.append(error("chapter.no-title", "a chapter file must start with a '# Title' heading",
                             SourceLocation(chapter.name, 1, 1)))
        out += math_problems(chapter.text, chapter.name)
        ids.update(h.id for h in headings)
        heads += [(h.title_text, h.id) for h in headings]
        rendered.append(html)
        in_notes += [note_equations(n.text) for n in ex.footnotes.values()]
        out += images.check(written.text, chapter.name, chapter.path.resolve().parent, project.root)
        out += rawlatex.problems(written.text, chapter.name)
        out += pandoc_text.problems(written.text, chapter.name)
        out += quarto_divs.problems(written.text, chapter.name)
    out += crossref_checks.problems([(c.name, prepared(c.own_text)) for c in project.chapters], rendered + in_notes,
                             locale.load(project.metadata.language, settings.get("labels"), project.metadata.labels))
    ids.update(("references", "refs"), table_ids)
    ids.update(crossref.registry(rendered + in_notes))  # figures, tables, equations: any element with an id
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
                                              Style.from_settings(settings),
                                              files=tuple(f.name for f in project.bibliographies))
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


def _prints_title_block(project, settings: dict) -> bool:
    """Whether the theme prints the abstract and the title block's notes (the build's own test)."""
    from .render_html import Theme, prints_abstract
    return prints_abstract(Theme(Path(project.theme_dir), settings))


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


def sort_and_filter(diagnostics: list[Diagnostic], ignore=()) -> list[Diagnostic]:
    kept = [d for d in diagnostics if d.code not in ignore and not any(d.code.startswith(i.rstrip("*")) for i in ignore
                                                                        if i.endswith("*"))]
    return sorted(set(kept), key=lambda d: (d.location or SourceLocation(""), d.code, d.message))
