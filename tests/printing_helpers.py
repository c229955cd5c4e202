"""Test helper: one HTML document laid out and written in one piece, in this process (the job the
build's workers run, without a split), then merged alone as the build's one-piece path does."""
import base64
from pathlib import Path

from briefpress.printing.merge import merge_parts
from briefpress.printing.model import Rendered, Written
from briefpress.printing.workers import InProcess


def given_fonts(html: str) -> list[bytes]:
    """The fonts an HTML gives as ``data:font/ttf`` URLs: what its part's stubs stand for."""
    from briefpress.printing.style import GIVEN_FONT  # the layout's own pattern (WeasyPrint: imported when used)

    return [base64.b64decode(b) for b in GIVEN_FONT.findall(html)]


def write_part(html: str, base_dir: Path, allowed: tuple[Path, ...]) -> Written:
    """The part as a worker writes it (stubs for the fonts given subset)."""
    workers = InProcess()
    workers.fixed()  # the WeasyPrint fix, applied in this process as the build's workers apply it
    return workers.submit("lay_out_and_write", html, base_dir, allowed).result()


def render_pdf(html: str, base_dir: Path, allowed: tuple[Path, ...]) -> Rendered:
    written = write_part(html, base_dir, allowed)
    laid = written.laid
    return Rendered(merge_parts([written.pdf], given_fonts(html)), laid.pages, laid.warnings + written.warnings,
                    laid.anchors)
