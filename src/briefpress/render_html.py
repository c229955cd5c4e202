"""Render: Document + theme -> HTML for print (WeasyPrint).

Notes are placed at their call as ``float: footnote`` spans; the TOC lists
headings down to the theme's ``toc_depth`` (and is left out of a short paper when
the theme says so, :func:`printed_toc`); covers get the publisher's logo when
the theme has one and an EAN-13 barcode of the ISBN.
"""

from __future__ import annotations

import base64
import functools
import datetime
import os
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, StrictUndefined, select_autoescape

from . import cite, locale, reflist
from .file_links import part_links
from .document import NOTE_TOKEN, Document
from .markdown_ext import Heading
from .project import PACKAGE_TEMPLATES
from .mathlayout import mathml_to_svg, spread_pairs
from .print_markup import SHEET_SLOT, bookmarks, list_starts, print_notes, writes_sheet_as_is
from .printing.model import PrintPart
from .quarto_divs import for_medium
from .theme_templates import ThemeEnvironment, ThemeLoader


@dataclass(frozen=True)
class Theme:
    dir: Path
    settings: dict
    # The font files subset for the PDF of the paper being built (file name -> bytes, from
    # fonts.subset_theme_fonts, once per build); None: subset whenever the print HTML is rendered.
    print_fonts: dict | None = None

    @property
    def fonts_dir(self) -> Path:
        """The theme's font files: ``fonts/`` in its folder, or ``fonts.dir`` (relative to it) to share
        another theme's fonts without copying them."""
        return (self.dir / self.settings.get("fonts", {}).get("dir", "fonts")).resolve()


def load_theme(theme_dir: Path, root: Path | None = None) -> Theme:
    """``root``: the project's folder, which the settings' diagnostics are named from (as lint's)."""
    from .theme_config import load_settings  # validated: lint reports the same problems first
    return Theme(theme_dir, load_settings(theme_dir, root))


def css_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def font_stack(family: str, t: dict) -> str:
    """A CSS font stack: the family, then the theme's fallback fonts (math, symbols) in order."""
    return ", ".join(css_string(f) for f in [family] + list(t["fonts"].get("fallback", [])))


COMMON_DIR = PACKAGE_TEMPLATES / "common"


def content_css(theme: Theme, medium: str, math: bool = False) -> str:
    """The shared styles for figures, tables, math and code (templates/common), after the theme's own.
    ``math``: the edition holds MathML (the rules only such a paper needs; one without keeps its bytes)."""
    env = _environment(COMMON_DIR)
    rendered = (env.get_template(p.name).render(t=theme.settings, medium=medium, math=math)
                for p in sorted(COMMON_DIR.glob("*.css.j2")))
    return "\n".join(css for css in rendered if css.strip())  # a print-only one leaves the others' bytes alone


def environment(theme: Theme) -> Environment:
    return _environment(theme.dir)


@functools.lru_cache(maxsize=8)
def _environment(theme_dir: Path) -> Environment:
    """One Jinja environment per theme: compiled templates are reused (and reloaded when edited)."""
    env = ThemeEnvironment(loader=ThemeLoader(str(theme_dir)), auto_reload=True, autoescape=select_autoescape(enabled_extensions=("html.j2", "xhtml.j2", "opf.j2"), default_for_string=False),
                      undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["css_string"] = css_string
    env.filters["inline_markdown"] = _inline_markdown  # a front-matter title may hold *emphasis*
    env.filters["stack"] = font_stack
    return env


def _inline_markdown(text: str):
    from markupsafe import Markup

    from .markdown_ext import MARKUP, render_inline
    if isinstance(text, Markup):  # made HTML already: a title note whose citations are formatted (document.py)
        return text
    return Markup(render_inline(str(text))) if MARKUP.search(str(text)) else text


def barcode_data_uri(isbn: str) -> str:
    """EAN-13 of the ISBN as an SVG data URI (python-barcode)."""
    import barcode
    from barcode.writer import SVGWriter

    digits = re.sub(r"[^\dX]", "", isbn.upper())
    if len(digits) == 10:  # an ISBN-10's barcode is that of its ISBN-13: 978, the first nine digits, new check
        stem = "978" + digits[:9]
        digits = stem + str((10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(stem)) % 10) % 10)
    if not re.fullmatch(r"\d{13}", digits):
        return ""
    out = io.BytesIO()
    barcode.EAN13(digits[:12], writer=SVGWriter()).write(out, options={"module_height": 18, "write_text": False,
                                                                          "quiet_zone": 3})
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def labels_for(document: Document, theme: Theme | None = None) -> locale.Labels:
    """The labels of the paper's language, with the theme's ``labels:`` over them and the front matter's
    (pandoc's ``reference-section-title``, ``toc-title``, ``abstract-title``) over those."""
    return labels_of(document.metadata, theme)


def labels_of(metadata, theme: Theme | None = None) -> locale.Labels:
    """:func:`labels_for` of the paper's metadata (before the document is made: :func:`.fonts.likely_text`)."""
    return locale.load(metadata.language, (theme.settings.get("labels") if theme else None) or {}, metadata.labels)


def toc_entries(document: Document, depth: int, theme: Theme | None = None) -> list[Heading]:
    entries = [h for h in document.headings if h.level <= depth]
    if document.lists_references:  # else its heading, if any, is in the manuscript's headings
        title = labels_for(document, theme)["references"]
        entries.append(Heading(1, "", "references", title, title))
    return entries


def printed_toc(document: Document, theme: Theme) -> list[Heading]:
    """The entries of the printed table of contents; none when the paper is too short for one.

    The front matter's ``toc`` decides; else a theme with ``toc_min_sections`` prints one only
    for at least that many sections ('# Headings'), and a theme without it always does."""
    toc = document.metadata.toc
    least = theme.settings.get("toc_min_sections")
    if toc is False or (toc is None and least and sum(h.level == 1 for h in document.headings) < int(least)):
        return []
    return toc_entries(document, int(theme.settings.get("toc_depth", 1)), theme)


def prints_abstract(theme: Theme) -> bool:
    """Whether the theme's print template reads the abstract (the article theme's title page does; the
    KCSS theme prints none): only a printed abstract's citations become notes (document.build_document),
    and only they count as cited (lint). Read in the print template and every template it includes,
    imports or extends, however deep: a name the template computes when it renders counts as reading it."""
    # Lint, the document and the PDF's check each ask (15 ms for KCSS's templates): read once while the
    # theme's templates are unchanged (the live preview sees an edit).
    try:
        stamp = tuple(sorted((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in Path(theme.dir).rglob("*.j2")))
    except OSError:  # a template gone while listed: read them now, uncached
        return _reads_abstract.__wrapped__(Path(theme.dir), ())
    return _reads_abstract(Path(theme.dir), stamp)


@functools.lru_cache(maxsize=8)
def _reads_abstract(theme_dir: Path, stamp: tuple) -> bool:
    """``stamp``: the theme's templates' names, times and sizes, the cache's key."""
    from jinja2 import TemplateError, TemplateNotFound, meta
    from .diagnostics import BuildError
    env = _environment(theme_dir)
    todo, seen = ["print.html.j2"], set()
    try:
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            try:
                env.loader.get_source(env, name)
            except TemplateNotFound:
                if name == "print.html.j2":
                    raise
                continue  # an ``ignore missing`` include prints nothing; without it, rendering stops the build
            # compiled as the build renders it (and kept for that): the compiler notes the names it reads
            # (theme_templates.NotingCompiler), as jinja2.meta.find_undeclared_variables would by compiling again
            env.get_template(name)
            tree, read = env.compiled[name]
            if "abstract" in read:
                return True
            for included in meta.find_referenced_templates(tree):
                if included is None:
                    return True  # a template named at render time: it may print the abstract
                todo.append(included)
    except (TemplateError, OSError, BuildError):  # the theme's environment makes a syntax error a BuildError
        return True  # lint reports the template, at its file; a build stops there
    return False


def build_date(metadata) -> str:
    """The date stamped into outputs: the paper's date, else SOURCE_DATE_EPOCH, else none (never 'now')."""
    if metadata.iso_date:
        return metadata.iso_date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date().isoformat()
    return ""


def render_print(document: Document, theme: Theme, part: PrintPart | None = None, css: str | None = None) -> str:
    """The print HTML of the whole paper, or of one part of it. ``css``: the print stylesheet
    (:func:`print_stylesheet`), when the caller has made it (the same in every part). It is put in
    the rendered page in place of a short stand-in: carried through the template, its hundreds of
    kB (the fonts) were copied again and again (escaping, joining), ~5 ms a part."""
    if css is None:
        files = theme.print_fonts
        if files is None:
            from .fonts import document_text, subset_theme_fonts
            files = subset_theme_fonts(theme, document_text(document, theme), "print")
        css = print_stylesheet(theme, document.metadata.short_title, files)
    if not writes_sheet_as_is(environment(theme)):  # a theme's template that filters it, say: rendered with it
        return _render_print(document, theme, part, css)
    return _render_print(document, theme, part, SHEET_SLOT).replace(SHEET_SLOT, css)


def _render_print(document: Document, theme: Theme, part: PrintPart | None, css: str) -> str:
    env, t, meta = environment(theme), theme.settings, document.metadata
    logo = t.get("logo") and (theme.dir / t["logo"]).is_file() and t["logo"]
    chapters = document.chapters if part is None else document.chapters[part.first:part.stop]
    chapters = [type(c)(c.name, list_starts(print_notes(bookmarks(reflist.fill(for_medium(c.html, "print"),
                                                                                  document.references)),
                                                          document)), c.headings) for c in chapters]
    if part and not part.front:  # links to the other part go through stand-ins (file_links.part_links)
        chapters = [type(c)(c.name, h, c.headings) for c, h in zip(chapters, part_links([c.html for c in chapters]))]
    part_css = ""
    if part and not part.front:
        # The page counter, the side of the first page and the note counter carry on from the parts before.
        part_css = (f"@page :first {{ counter-reset: page {part.start_page} }} "
                    f"html {{ break-before: {'left' if part.start_page % 2 == 0 else 'right'} }} "
                    f"body {{ counter-reset: footnote {part.notes_before} }}")
    front, back = part is None or part.front, part is None or part.back
    labels = labels_for(document, theme)
    return mathml_to_svg(env.get_template("print.html.j2").render(
        meta=meta, L=labels, label=labels, cite=cite.how_to_cite(meta) if front else "", css=css, part_css=part_css, date=build_date(meta), toc=printed_toc(document, theme),
        chapters=chapters, front=front, back=back, toc_pages=part.toc_pages if part else None,
        references=document.references, show_references=document.lists_references, logo=logo or "",
        abstract=print_notes(document.abstract, document) if front else "",
        barcode=barcode_data_uri(meta.isbn) if meta.isbn and back else ""))  # only the back cover has one


def print_stylesheet(theme: Theme, short_title: str, files: dict[str, bytes] | None) -> str:
    """The theme's print stylesheet, the same in every part of the paper: ``files``, the theme's fonts
    subset for print (:func:`briefpress.fonts.subset_theme_fonts`), in @font-face rules as data: URLs,
    which the layout embeds as they are (printing.layout); None: without them (its rules, which the
    workers parse before the fonts are subset, :mod:`.printing.style`)."""
    from .fonts import data_url

    fonts = [] if files is None else [{"family": family, "weight": weight, "style": style, "src": data_url(files[file])}
                                      for family, weight, style, file in theme.settings["fonts"]["files"]]
    return (environment(theme).get_template("print.css.j2").render(t=theme.settings, short_title=short_title,
                                                                  fonts=fonts) + content_css(theme, "print"))


def _screen_notes(html: str) -> str:
    return NOTE_TOKEN.sub(lambda m: f'<sup><a href="#fn-{m.group(1)}" id="fnref-{m.group(1)}" role="doc-noteref">'
                                    f'{m.group(1)}</a></sup>', html)


def render_screen(document: Document, theme: Theme, preview: dict | None = None, inline_fonts: bool = True,
                  fonts_data: dict[str, bytes] | None = None, editions: tuple = ()) -> str:
    """The web edition: one self-contained, responsive page (fonts subset and inlined). ``editions``:
    the other language editions, as dicts (language, name, href), linked with ``hreflang``."""
    from .fonts import document_text, subset_theme_fonts

    env = environment(theme)
    t = theme.settings
    meta = document.metadata
    chapters = [type(c)(c.name, _screen_notes(reflist.fill(for_medium(c.html, "screen"), document.references)),
                        c.headings)
                for c in document.chapters]
    labels = labels_for(document, theme)
    toc = [h for h in document.headings if h.level <= 2] + (
        [Heading(1, "", "notes", labels["notes"], labels["notes"])] if document.notes else []) + (
        [Heading(1, "", "references", labels["references"], labels["references"])] if document.lists_references else [])
    if inline_fonts and fonts_data is None:
        fonts_data = subset_theme_fonts(theme, document_text(document, theme))
    fonts = []
    for family, weight, style, file in t["fonts"]["files"]:
        src = f"fonts/{file}"
        if inline_fonts:
            src = "data:font/ttf;base64," + base64.b64encode(fonts_data[file]).decode()
        fonts.append({"family": family, "weight": weight, "style": style, "src": src})
    css = env.get_template("screen.css.j2").render(t=t, fonts=fonts) + content_css(theme, "screen", has_math(document))
    return spread_pairs(env.get_template("screen.html.j2").render(
        meta=meta, L=labels, label=labels, cite=cite.how_to_cite(meta), json_ld=cite.json_ld(meta),
        editions=editions, css=css, date=build_date(meta), toc=toc, chapters=chapters, notes=document.notes,
        abstract=_screen_notes(document.abstract), show_references=document.lists_references,
        references=document.references, barcode=barcode_data_uri(meta.isbn) if meta.isbn else "", preview=preview))


def has_math(document: Document) -> bool:
    """Whether the paper's text, abstract or notes hold MathML (the EPUB and the web edition style it)."""
    return any("<math" in html for html in (document.abstract, *(c.html for c in document.chapters),
                                            *(n.html for n in document.notes)))
