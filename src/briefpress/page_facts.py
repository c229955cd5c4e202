"""Page facts: a PDF's pages (read with PDFium) -> what the checks of their text read on them
(:class:`PageFacts`): text that runs off a page, the number printed at each note's call and text, the
fonts that set the text. :mod:`briefpress.verify` reads them in one process, or half of the pages in an
idle layout worker (:func:`page_facts_of`, a job: this module imports no more than PDFium and the
checks, ~25 ms in a worker, which has none of the build's modules) while it reads the other half. A
build gives a worker that job as the merge starts (:func:`page_facts_once_written`): the worker imports
this module while the build's process merges, then waits for the PDF in a file.
"""

from __future__ import annotations

import ctypes
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .diagnostics import Diagnostic
from .note_numbers import named_places, read_numbers
from .page_bounds import text_objects, text_off_page


@dataclass(frozen=True)
class PageFacts:
    """What the checks of the pages' text read on some of the pages (:func:`page_facts`)."""
    off_page: list[Diagnostic]  # text that runs off a page (:func:`.page_bounds.text_off_page`)
    numbers: dict[str, int | None]  # the number printed at each note anchor (:func:`.note_numbers.read_numbers`)
    fonts: set[tuple[str, bool]]  # (base font name, embedded?) of each font that sets text (:func:`fonts`)


def page_facts(doc: pdfium.PdfDocument, places: dict, start: int, stop: int, notes: list[int],
               chapters: list[tuple[str, str]]) -> PageFacts:
    """The pages from index ``start`` to ``stop``, read once; ``notes``: the notes' numbers;
    ``chapters``: (name, HTML) of each chapter, to name the file of text off a page."""
    text = text_objects(doc, start, stop)
    return PageFacts(text_off_page(doc, chapters, pages=text, start=start), read_numbers(places, text, notes, start),
                     fonts(text))


def page_facts_of(pdf: bytes, start: int, stop: int, notes: list[int], chapters: list[tuple[str, str]]) -> PageFacts:
    """:func:`page_facts` of a PDF given as bytes: the job of another process (:func:`briefpress.verify.verify_pdf`'s ``elsewhere``)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return page_facts(doc, named_places(doc), start, stop, notes, chapters)
    finally:
        doc.close()


WAIT = 60.0  # seconds a job waits for its PDF: a build that fails first kills its workers, one that succeeds
# writes the file or an empty one (pipeline.check_print); the wait only bounds a build that does neither


def page_facts_once_written(path: str, start: int, stop: int, notes: list[int],
                            chapters: list[tuple[str, str]]) -> PageFacts | None:
    """:func:`page_facts_of` the PDF the build writes to ``path`` (whole: renamed into place), once it is
    there; None if the build writes no PDF there (an empty file: it read the pages itself)."""
    file, deadline = Path(path), time.monotonic() + WAIT
    while not file.exists():
        if time.monotonic() > deadline:
            return None
        time.sleep(0.001)
    pdf = file.read_bytes()
    return page_facts_of(pdf, start, stop, notes, chapters) if pdf else None


def fonts(pages) -> set[tuple[str, bool]]:
    """(base font name, embedded?) of every font that sets text (``pages``: :func:`.page_bounds.text_objects`)."""
    seen: dict[int, tuple[str, bool]] = {}
    for _, _, objects in pages:
        for obj in objects:
            font = raw.FPDFTextObj_GetFont(obj.raw)
            key = ctypes.cast(font, ctypes.c_void_p).value
            if key not in seen:
                size = raw.FPDFFont_GetBaseFontName(font, None, 0)
                buf = ctypes.create_string_buffer(size)
                raw.FPDFFont_GetBaseFontName(font, buf, size)
                seen[key] = (buf.value.decode("latin-1"), bool(raw.FPDFFont_GetIsEmbedded(font)))
    return set(seen.values())
