"""Pipeline: the one place that states the stage order.

    load_project -> read_entries (BibTeX, once) -> lint_project -> build_document
    -> print_layout.render (print HTML in parts, laid out on two cores, merged) -> verify_pdf
    -> build_epub (from the same Document and the print layout) -> write (atomically)

Stages return new values and never print; the CLI reports. Nothing is written
unless every stage and every check passed.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import BuildError
from .document import build_document
from .epub import build_epub
from .fonts import document_text, subset_theme_fonts
from .layout_worker import InlineWorker, close_workers
from .lint import lint_project, read_entries
from .project import load_project
from .render_html import load_theme, render_screen, toc_entries
from .verify import verify_pdf


@dataclass(frozen=True)
class BuildResult:
    outputs: dict  # format -> Path
    pages: int
    notes: int
    references: int
    timings: dict = field(default_factory=dict)  # stage -> seconds
    warnings: tuple = ()  # lint warnings and notes: they do not stop a build


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename: no half-written output, ever."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _checked(project):
    """Lint first (the same checks as `briefpress lint`): errors stop the build before any output."""
    bibliography = read_entries(project)
    findings = lint_project(project, bibliography)
    if any(d.severity == "error" for d in findings):
        raise BuildError([d for d in findings if d.severity == "error"])
    return bibliography[0], findings


def build(path: Path, formats=("pdf",), out_dir: Path | None = None, bib: Path | None = None,
          workers=None) -> BuildResult:
    """``workers``: two LayoutWorkers already importing WeasyPrint (the CLI forks them first), so the
    parts of the paper are laid out on two cores; without them the same jobs run in this process."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str):
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = timings.get(stage, 0.0) + now - clock
        clock = now

    project = load_project(Path(path), bib)
    entries, findings = _checked(project)
    lap("load and lint")
    document = build_document(project.metadata, project.chapters, entries)
    lap("parse and cite")
    theme = load_theme(project.theme_dir)

    outputs: dict[str, tuple[Path, bytes]] = {}
    out_dir = Path(out_dir) if out_dir else project.root / "build"
    fonts = None
    if "epub" in formats or "html" in formats:
        font_files = [f[3] for f in theme.settings["fonts"]["files"]]
        fonts = subset_theme_fonts(theme.dir, font_files, document_text(document, theme.dir))
    slug = project.metadata.slug
    pages = 0
    if "pdf" in formats or "epub" in formats:  # the EPUB takes its page-list and cover from the print layout
        from . import print_layout
        own = workers is None
        workers = workers or (InlineWorker(), InlineWorker())
        try:
            rendered = print_layout.render(document, theme, (project.root, theme.dir), workers, project.root / "build")
        finally:
            if own:
                close_workers(workers)
        lap("print layout")
        timings.update({f"  {job}": seconds for job, seconds in rendered.timings.items()})
        families = sorted({f[0] for f in theme.settings["fonts"]["files"]})
        toc = toc_entries(document, int(theme.settings.get("toc_depth", 1)))
        problems = verify_pdf(rendered.pdf, document, toc, families, rendered.warnings)
        lap("verify")
        if any(d.severity == "error" for d in problems):
            raise BuildError([d for d in problems if d.severity == "error"])
        findings = findings + [d for d in problems if d.severity != "error"]
        if "pdf" in formats:
            outputs["pdf"] = (out_dir / f"{slug}.pdf", rendered.pdf)
        pages = rendered.pages
    if "epub" in formats:
        epub = build_epub(document, theme, rendered.pdf, rendered.anchors, rendered.pages, fonts)
        lap("epub")
        outputs["epub"] = (out_dir / f"{slug}.epub", epub)
    if "html" in formats:
        outputs["html"] = (out_dir / f"{slug}.html", render_screen(document, theme, fonts_data=fonts).encode())
        lap("web edition")
    for target, data in outputs.values():
        write_atomic(target, data)
    lap("write")
    return BuildResult({k: v[0] for k, v in outputs.items()}, pages, len(document.notes),
                       len(document.references), timings, tuple(d for d in findings if d.severity != "error"))


def build_screen(path: Path, bib: Path | None = None, preview: dict | None = None):
    """The web edition only (no WeasyPrint): what the live preview serves. Returns (html, project)."""
    project = load_project(Path(path), bib)
    entries, _ = _checked(project)
    document = build_document(project.metadata, project.chapters, entries)
    return render_screen(document, load_theme(project.theme_dir), preview, inline_fonts=False), project
