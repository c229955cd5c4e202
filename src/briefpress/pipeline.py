"""Pipeline: the one place that states the stage order.

    printing.workers.pool (a process per core, importing and warming WeasyPrint meanwhile, for a PDF or
    EPUB; started before the stages' own modules are imported)
    -> parse: load_project -> read_bibliographies (every one, once) -> load_theme (for a PDF or EPUB,
       the print stylesheet to the workers' forkserver, its fonts subset for the manuscript's likely text)
       -> build_document
       -> lint_project (its glyph check reads that Document; errors stop the build, all of them at once;
       for a PDF or EPUB it runs once the first parts are sent to the workers, while they lay them out)
    -> fonts.subset_theme_fonts (print and screen subsets, from one reading of the text)
    -> print_edition: printing.parts.render (a part per section, unchanged parts reused, laid out on
       every core, merged with the build's fonts in place of the parts' stubs) -> check_print (verify_pdf;
       meanwhile a worker makes the EPUB's cover image, cover.cover_png)
    -> build_epub (from the same Document and the print layout) -> output.write_all (all or none)
    -> the layout hints and laid-out parts into the output folder, once the PDF is verified

Stages return new values and never print; the CLI reports. A project of language editions is built
once per edition (:mod:`briefpress.editions`). Nothing is written
unless every stage and every check passed. The live preview (:mod:`briefpress.serve`) calls
:func:`parse`, :func:`screen` and :func:`print_edition` itself: one parse per save for both.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .diagnostics import BuildError
from .exits import finishing, held
from .fonts import document_text, subset_theme_fonts
from .output import check_folder, write_all
from .pages_ahead import PagesAhead
from .printing import state
from .project import load_project

# The stages' own modules (Markdown, the bibliography, Jinja, PDFium…: a quarter of a second) are
# imported where they run, so that a PDF build starts its workers, which import WeasyPrint, first.


@dataclass(frozen=True)
class BuildResult:
    outputs: dict  # format -> Path
    pages: int
    notes: int
    references: int
    timings: dict = field(default_factory=dict)  # stage -> seconds
    warnings: tuple = ()  # lint warnings and notes: they do not stop a build
    citations: tuple = ()  # the publication's own citation files written beside the outputs (cite.py)
    parts: dict = field(default_factory=dict)  # the PDF's laid-out parts (printing.model.Written), for the next build


def _checked(project, bibliography, document=None, formats=None):
    """Lint (the same checks as `briefpress lint`, the templates of ``formats`` included): errors stop the
    build before any output. ``document``: the project made into one, whose text the glyph check reads."""
    from .lint import lint_project
    findings = list(project.problems) + lint_project(project, bibliography, document, formats)
    if any(d.severity == "error" for d in findings):
        raise BuildError([d for d in findings if d.severity == "error"])
    return findings


COVER = "briefpress.cover:cover_png"  # the EPUB's cover image, a job for a worker


def build(path: Path, formats=("pdf",), out_dir: Path | None = None, bibs=None,
          theme: str | None = None, parallel: bool = True, parts: dict | None = None,
          edition: str | None = None, editions: tuple = (), workers=None) -> BuildResult:
    """``bibs``: bibliography files (``--bib``); ``theme``: a theme name overriding the metadata's (``--theme``).
    ``edition``: one language edition of the project (:mod:`briefpress.editions`), ``editions`` all of
    them, for the web edition's links to the others.
    ``parallel``: lay the paper out in worker processes (one per core), started first so they import WeasyPrint
    while the manuscript is read; else the same jobs run in this process (same bytes).
    ``parts``: laid-out parts of an earlier build kept in memory (``BuildResult.parts``, the live
    preview); without them the parts kept in the output folder are used. ``workers``: a pool started by
    the caller (:func:`.printing.workers.pool`, :func:`.editions.build_all`), else one is started here."""
    if "pdf" not in formats and "epub" not in formats or workers is not None:
        return _build(path, formats, out_dir, bibs, theme, workers, parts, edition, editions)
    from .printing.workers import pool
    with pool(parallel, ahead=True) as workers:  # _build gives it the stylesheet
        return _build(path, formats, out_dir, bibs, theme, workers, parts, edition, editions)


@dataclass(frozen=True)
class Parsed:
    """A project read, linted (no errors) and parsed: what every format is made from."""
    project: object
    theme: object
    document: object
    findings: list | None  # lint warnings and notes; None: not linted yet (:func:`parse`'s ``lint_later``)
    bibliography: object = None


def parse(path: Path, bibs=None, theme: str | None = None, edition: str | None = None, made=None,
          formats=None, lint_later: bool = False, themed=None) -> Parsed:
    """Load, lint (errors raise ``BuildError``) and parse: the stages every format shares. ``made``:
    called with the project, its theme and the document once the document is made, before lint (the
    build has the workers parse the print stylesheet meanwhile, :func:`_style_checked`); ``themed``: with
    the project, its theme and its bibliography once the theme is read (:func:`_style_guessed`). ``formats``: those
    to be made, whose templates lint checks (None: every format's, as ``briefpress lint``). ``lint_later``:
    a document made is returned unlinted (``findings`` None), for :func:`lint` to check while the print
    stage lays out its first parts."""
    from . import document as stage
    from .chicago import Style
    from .render_html import load_theme, prints_abstract
    from .bib.read import read_bibliographies
    project = load_project(Path(path), bibs, theme=theme, edition=edition)
    bibliography = read_bibliographies(project.bibliographies)  # lint's modules are imported when it runs
    # The document is made before lint, whose glyph check then reads its text instead of making it
    # again; a project that cannot be made into one is linted all the same, and lint says why.
    try:
        theme = load_theme(project.theme_dir, project.root)  # as lint reads it: read once
        if themed is not None:
            themed(project, theme, bibliography)
        document = stage.build_document(project.metadata, project.chapters, bibliography.citable(),
                                        theme.settings.get("labels"), Style.from_settings(theme.settings),
                                        prints_abstract(theme), tuple(f.name for f in project.bibliographies))
        if made is not None:
            made(project, theme, document)
    except BuildError as exc:
        theme = document = None
        failed = exc
    if document is not None and lint_later:
        return Parsed(project, theme, document, None, bibliography)
    findings = _checked(project, bibliography, document, formats)
    if document is None:  # a line of an included file ({{< include >}}): at its own line
        from .quarto import relocate
        raise BuildError(relocate(failed.diagnostics, project.chapters)) from None
    return Parsed(project, theme, document, findings, bibliography)


def lint(parsed: Parsed, formats=None) -> Parsed:
    """``parsed`` linted, if :func:`parse` left it unlinted: errors raise ``BuildError``."""
    if parsed.findings is not None:
        return parsed
    return replace(parsed, findings=_checked(parsed.project, parsed.bibliography, parsed.document, formats))


def _style_guessed(workers, sent: dict, project, theme, bibliography) -> None:
    """Send the print stylesheet to the pool as soon as the theme is read, while this process makes the
    document: its rules (:meth:`.printing.workers.Workers.parse_rules`), then the whole of it with the
    fonts subset for the text the document will most likely hold (:func:`.fonts.likely_text`; the fonts
    depend only on the pages of code points a text touches), which the forkserver parses once (only its
    fonts: it has the rules) and forks the workers with (:meth:`.printing.workers.Workers.parse_style`).
    ``sent`` keeps that stylesheet for :func:`_style_checked`, which checks it against the document's. Only
    saves time: what fails here is met again by the print stage."""
    from .fonts import likely_text
    from .render_html import print_stylesheet
    allowed = (project.root, theme.dir, theme.fonts_dir)
    try:
        workers.parse_rules(print_stylesheet(theme, project.metadata.short_title, None), theme.dir, allowed)
        text = likely_text(project.metadata, project.chapters, bibliography.citable(), theme)
        sent["sheet"] = print_stylesheet(theme, project.metadata.short_title, subset_theme_fonts(theme, text, "print"))
    except Exception:  # noqa: BLE001
        return
    workers.parse_style(sent["sheet"], theme.dir, allowed)


def _style_checked(workers, sent: dict, project, theme, document) -> None:
    """The print stylesheet of the document made, the stylesheet of every part (the fonts subset here are
    the parts': the subsets are cached, :mod:`briefpress.fonts`), sent to the pool if it is not the one
    :func:`_style_guessed` sent (the document touches other pages of code points than its manuscript: a
    formula's Greek letters): each worker then parses its fonts now, not in its first part (0.05 s each).
    It runs before lint and only saves time: what fails here (a font that does not subset) is left to
    the print stage, which meets it again after lint has reported the manuscript's errors."""
    from .render_html import print_stylesheet
    try:
        fonts = subset_theme_fonts(theme, document_text(document, theme), "print")
        sheet = print_stylesheet(theme, document.metadata.short_title, fonts)
    except Exception:  # noqa: BLE001
        return
    if sheet != sent.get("sheet"):
        workers.parse_style(sheet, theme.dir, (project.root, theme.dir, theme.fonts_dir))


def print_edition(parsed: Parsed, workers, hints=None, known: dict | None = None, text: str | None = None,
                  verify: bool = True, meanwhile=None, merging=None):
    """The print stage and its verification: ``(Rendered, diagnostics that are not errors)``; a failed
    check raises ``BuildError``. ``known``: laid-out parts of earlier builds (part key -> Written);
    ``text``: the document's text (``fonts.document_text``), when the caller has read it already;
    ``verify=False``: the caller verifies later (:func:`check_print`; the live preview shows the PDF first);
    ``meanwhile``: called once while the workers lay out parts (the build lints then); ``merging``: with the
    page count as the merge starts (:mod:`.pages_ahead`)."""
    from .printing import parts
    project, theme, document = parsed.project, parsed.theme, parsed.document
    text = document_text(document, theme) if text is None else text
    theme = replace(theme, print_fonts=subset_theme_fonts(theme, text, "print"))  # every part sets the same fonts
    def import_verify():  # PDFium (a native module) and the checks, while the workers lay out parts
        with held():
            importlib.import_module("briefpress.verify")
    rendered = parts.render(document, theme, (project.root, theme.dir, theme.fonts_dir), workers, hints, known,
                            meanwhile=(*([meanwhile] if meanwhile else []), import_verify), merging=merging)
    return rendered, check_print(parsed, rendered, workers) if verify else list(rendered.notices)


def check_print(parsed: Parsed, rendered, workers=None, ahead=None) -> list:
    """The PDF's verification (:mod:`briefpress.verify`): errors raise ``BuildError``; returns the
    print stage's notices and the diagnostics that are not errors. ``workers``: the layout's, idle now,
    one of which reads half of the pages; ``ahead``: the :class:`.pages_ahead.PagesAhead` whose job reads them."""
    from .render_html import printed_toc, prints_abstract, toc_entries
    with held():  # PDFium: a native module, never interrupted half-imported (a chore of the layout, unless it had no time)
        from .verify import verify_pdf
    theme, document = parsed.theme, parsed.document
    families = sorted({f[0] for f in theme.settings["fonts"]["files"]})
    outline = toc_entries(document, int(theme.settings.get("toc_depth", 1)), theme)
    elsewhere = ahead.elsewhere if ahead is not None else workers.submit if getattr(workers, "size", 1) > 1 else None
    problems = verify_pdf(rendered.pdf, document, printed_toc(document, theme), families, rendered.warnings,
                          outline, title_block=prints_abstract(theme), elsewhere=elsewhere,
                          ready=ahead is not None and ahead.ready)
    if any(d.severity == "error" for d in problems):
        raise BuildError([d for d in problems if d.severity == "error"])
    return list(rendered.notices) + problems


def _build(path, formats, out_dir, bibs, theme, workers, memory, edition, editions) -> BuildResult:
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str):
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = timings.get(stage, 0.0) + now - clock
        clock = now

    printed = workers is not None and ("pdf" in formats or "epub" in formats)
    sent: dict = {}  # the stylesheet sent to the pool before the document was made (_style_guessed)
    checked = functools.partial(_style_checked, workers, sent) if printed else None
    guessed = functools.partial(_style_guessed, workers, sent) if printed else None
    try:  # a PDF or EPUB is linted once the workers lay out its first parts (_made)
        parsed = parse(path, bibs, theme, edition, checked, formats, lint_later=printed, themed=guessed)
    finally:
        if workers is not None:
            workers.style_done()  # the forkserver waits for the stylesheet no longer (workers.start)
    lap("load and parse" if printed else "load, lint and parse")
    linted: list[Parsed] = []
    try:
        return _made(parsed, formats, out_dir, workers, memory, edition, editions, linted, timings, lap)
    except Exception:
        if not linted:  # lint's errors first: a later stage's failure may be one of their consequences
            lint(parsed, formats)
        raise


def _made(parsed, formats, out_dir, workers, memory, edition, editions, linted, timings, lap) -> BuildResult:
    """The outputs of a parsed project; ``linted`` receives it linted (:func:`lint`: before any output,
    while the workers lay out the first parts, for a PDF or EPUB)."""
    from . import cite

    def lint_now():
        start = time.perf_counter()
        linted.append(lint(parsed, formats))
        if parsed.findings is None:
            timings["  lint (this process, beside the layout)"] = time.perf_counter() - start
    project, theme, document = parsed.project, parsed.theme, parsed.document

    outputs: dict[str, tuple[Path, bytes]] = {}
    out_dir = Path(out_dir) if out_dir else project.root / "build"
    check_folder(out_dir, project.root)  # before the slow part: a folder we cannot write stops us now
    hints = rendered = None
    fonts = None
    text = document_text(document, theme)  # one reading of the text for the print and the screen fonts
    if "epub" in formats or "html" in formats:
        fonts = subset_theme_fonts(theme, text, "screen")
    slug = project.metadata.slug
    pages = 0
    hints_file, parts_folder = state.places(out_dir, edition)
    if "pdf" in formats or "epub" in formats:  # the EPUB takes its page-list and cover from the print layout
        earlier = state.read_hints(hints_file)
        known = memory if memory is not None else state.read_parts(parts_folder)
        # a worker given half of the verification's pages as the merge starts (pages_ahead.py)
        ahead = PagesAhead(workers, document) if getattr(workers, "size", 1) > 1 else None
        try:
            rendered, _ = print_edition(parsed, workers, earlier, known, text, verify=False,
                                        meanwhile=lint_now, merging=ahead.start if ahead is not None else None)
            if not linted:
                lint_now()
            # The EPUB's cover image (a PNG of the first page: most of the EPUB stage) is made by an idle
            # worker while this process verifies the PDF.
            cover = workers.submit(COVER, rendered.pdf) if "epub" in formats else None
            problems = check_print(parsed, rendered, workers, ahead)
        finally:  # its job let go however this ends: the pool may serve another build (serve, editions)
            if ahead is not None:
                ahead.release()
        lap("print layout, lint and verify")
        timings.update({f"  {job}": seconds for job, seconds in rendered.timings.items()})
        if "pdf" in formats:
            outputs["pdf"] = (out_dir / f"{slug}.pdf", rendered.pdf)
        pages = rendered.pages
        hints = rendered.hints if rendered.hints != earlier else None
    if not linted:
        lint_now()
    findings = linted[0].findings + (problems if rendered else [])
    web = None
    if "html" in formats:  # before the EPUB, whose cover image a worker may still be making
        from .render_html import render_screen
        web = (out_dir / f"{slug}.html", render_screen(document, theme, fonts_data=fonts, editions=editions).encode())
        lap("web edition")
    if "epub" in formats:
        from .epub import build_epub
        epub = build_epub(document, theme, rendered.pdf, rendered.anchors, rendered.pages, fonts, cover.result)
        lap("epub")
        outputs["epub"] = (out_dir / f"{slug}.epub", epub)
    if web:
        outputs["html"] = web
    citations = {out_dir / name: data for name, data in cite.files(document.metadata, edition is None).items()}
    with finishing():  # written, the outputs are the build's end: a Ctrl-C now is not reported as one
        write_all({**dict(outputs.values()), **citations}, project.root)
        with contextlib.suppress(BuildError, OSError):  # the layout state only saves time: failing to keep it is no failure
            state.keep(hints_file, hints, parts_folder, rendered.parts if rendered and memory is None else None,
                       known if rendered else {})
    lap("write")
    return BuildResult({k: v[0] for k, v in outputs.items()}, pages, len(document.notes),
                       len(document.references), timings, tuple(d for d in findings if d.severity != "error"),
                       tuple(citations), rendered.parts if rendered else {})


def build_screen(path: Path, bibs=None, preview: dict | None = None, theme: str | None = None):
    """The web edition only (no WeasyPrint): what the live preview serves. Returns (html, project)."""
    html, parsed = screen(parse(path, bibs, theme, formats=("html",)), preview)
    return html, parsed.project


def screen(parsed: Parsed, preview: dict | None = None) -> tuple[str, Parsed]:
    """The web edition of a parsed project, fonts served by the preview rather than inlined."""
    from .render_html import render_screen
    return render_screen(parsed.document, parsed.theme, preview, inline_fonts=False), parsed
