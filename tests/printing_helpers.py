"""Test helper: one HTML document laid out and written in one piece, in this process (the job the
build's workers run, without a split)."""
from pathlib import Path

from briefpress.printing.model import Rendered
from briefpress.printing.workers import InProcess


def render_pdf(html: str, base_dir: Path, allowed: tuple[Path, ...]) -> Rendered:
    workers = InProcess()
    workers.fixed()  # the WeasyPrint fix, applied in this process as the build's workers apply it
    written = workers.submit("lay_out_and_write", html, base_dir, allowed).result()
    laid = written.laid
    return Rendered(written.pdf, laid.pages, laid.warnings + written.warnings, laid.anchors)
