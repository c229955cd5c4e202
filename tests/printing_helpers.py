"""Test helper: one HTML document laid out and written in this process, as the build lays out a
paper it does not split (``printing.parts._whole``)."""
from pathlib import Path

from briefpress.printing.model import Rendered
from briefpress.printing.parts import _whole
from briefpress.printing.workers import InProcess


def render_pdf(html: str, base_dir: Path, allowed: tuple[Path, ...]) -> Rendered:
    workers = InProcess()
    return _whole(html, base_dir, allowed, workers, relayout=not workers.fixed())
