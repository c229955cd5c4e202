"""Layout: one part's print HTML -> laid-out pages (:func:`lay_out`) -> PDF bytes (:func:`write`),
with WeasyPrint, reading only files inside the project. :func:`lay_out_and_write` is the job the
workers (:mod:`.workers`) run for each part of the paper; :func:`prepare` applies the WeasyPrint
fix and says whether it is in place.

Resources may come from ``file:`` URLs under the allowed folders or ``data:``
URLs; anything else stops the build. Every WeasyPrint warning is returned so the
build can fail on it. The PDF identifier and dates come from the input, so the
same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from ..diagnostics import BuildError, error
from . import weasyprint_fix
from .model import LaidOut, Written


def prepare() -> bool:
    """Apply the WeasyPrint fix; True when notes stay on their call's page in one layout pass."""
    return weasyprint_fix.apply()


class ForbiddenResource(FatalURLFetchingError):
    pass


class ProjectFetcher(URLFetcher):
    """Serves file: URLs inside the allowed folders and data: URLs; refuses the rest."""

    def __init__(self, allowed: tuple[Path, ...]):
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)
        self.allowed = tuple(p.resolve() for p in allowed)

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "file":
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(path == a or a in path.parents for a in self.allowed):
                raise ForbiddenResource(f"resource outside the project: {path}")
        elif scheme != "data":
            raise ForbiddenResource(f"the build never reads the network: {url}")
        return super().fetch(url, headers)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


MAX_PASSES = 4
BLOCK_START = re.compile(r'<(?:p|li|blockquote)\b[^>]*\bid="(b[\d-]+)"')


def separated_notes(anchors: dict) -> list[int]:
    """Numbers of the notes whose text is not on the page of their call."""
    numbers = sorted(int(k[3:]) for k in anchors if k.startswith("fn-") and k[3:].isdigit())
    return [n for n in numbers if anchors.get(f"fnref-{n}") != anchors[f"fn-{n}"]]


def block_holding(html: str, number: int) -> str | None:
    """The id of the paragraph, item or quote that holds note call N."""
    at = html.find(f'id="fnref-{number}"')
    starts = list(BLOCK_START.finditer(html, 0, max(at, 0)))
    return starts[-1].group(1) if at >= 0 and starts else None


def _breaks_css(breaks: list[str]) -> list:
    if not breaks:
        return []
    return [weasyprint.CSS(string=", ".join(f"#{b}" for b in breaks) + " { break-before: page !important }")]


class _Warnings:
    """Collects WeasyPrint's warnings while a block runs: the build fails on any of them."""

    def __enter__(self):
        self.handler = _Collect()
        logging.getLogger("weasyprint").addHandler(self.handler)
        return self.handler.messages

    def __exit__(self, *exc):
        logging.getLogger("weasyprint").removeHandler(self.handler)


def lay_out(html: str, base_dir: Path, allowed: tuple[Path, ...]) -> tuple[object, LaidOut]:
    """Lay out the pages (no PDF yet). Should a note still land off its call's page, another pass starts
    the block holding the call on a new page: the WeasyPrint fix makes that rare, not impossible (once,
    in `make bench`'s edited builds, a note was found two pages after its call and the build stopped)."""
    breaks: list[str] = []
    source = weasyprint.HTML(string=html, base_url=str(base_dir.resolve()) + "/", url_fetcher=ProjectFetcher(allowed))
    with _Warnings() as warnings:
        for _ in range(MAX_PASSES):
            warnings.clear()
            try:
                doc = source.render(stylesheets=_breaks_css(breaks))
            except ForbiddenResource as exc:
                raise BuildError([error("pdf.resource", f"{exc}; put the file inside the project")]) from None
            anchors: dict[str, int] = {}
            for i, page in enumerate(doc.pages):
                for name in page.anchors:
                    anchors.setdefault(name, i)  # an element split over pages belongs to its first
            separated = separated_notes(anchors)
            block = block_holding(html, separated[0]) if separated else None
            if block is None or block in breaks:
                break
            breaks.append(block)
        found = tuple(warnings)
    return doc, LaidOut(len(doc.pages), anchors, found, tuple(breaks))


def write(doc, identifier: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The laid-out pages as PDF bytes (tagged), with WeasyPrint's warnings while writing."""
    # Without HarfBuzz-Subset WeasyPrint subsets with fontTools, which stamps each font with the time
    # of day unless SOURCE_DATE_EPOCH is set: a fixed stamp keeps the bytes a function of the input.
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = saved if saved and saved.isdigit() else "0"
    try:
        with _Warnings() as warnings:
            pdf = doc.write_pdf(pdf_identifier=identifier, pdf_tags=True)
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return pdf, tuple(warnings)


def identifier(html: str, breaks=()) -> bytes:
    """The PDF file identifier: from the input, so the same input gives the same bytes."""
    return hashlib.sha256((html + " ".join(breaks)).encode()).hexdigest()[:32].encode()


def lay_out_and_write(html: str, base_dir: Path, allowed: tuple[Path, ...]) -> Written:
    """One part, laid out and written: the job a worker runs."""
    start = time.perf_counter()
    doc, laid = lay_out(html, base_dir, allowed)
    middle = time.perf_counter()
    pdf, warnings = write(doc, identifier(html, laid.breaks))
    return Written(laid, pdf, warnings, {"layout": middle - start, "write": time.perf_counter() - middle})
