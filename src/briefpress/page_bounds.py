"""Page bounds: a PDF (read with PDFium) -> errors for text that lies outside its page.

WeasyPrint lets what cannot break (a 100,000-character word, a title too long for the
cover, a table too wide) run past the page edge, where it is cut off in print. Every text
object's box is compared with the page's media box; one error per page says where, with the
start of the text, so the author can find it.
"""

from __future__ import annotations

import html
import re

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .diagnostics import Diagnostic, SourceLocation, error

TOLERANCE = 1.0  # points: glyph boxes may touch the edge by rounding


def text_objects(doc: pdfium.PdfDocument, start: int = 0, stop: int | None = None) -> list[tuple]:
    """Each page from index ``start`` to ``stop`` (default: the last): (the page, its media box, its text
    objects), read once for every check of the pages."""
    pages = (doc[index] for index in range(start, len(doc) if stop is None else stop))
    return [(page, page.get_mediabox(), list(page.get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT,)))) for page in pages]


def text_off_page(doc: pdfium.PdfDocument, chapters=(), cover_pages: int = 1, pages=None,
                  start: int = 0) -> list[Diagnostic]:
    """``chapters``: (name, HTML) of the Document's chapters, to name the file the text comes from;
    ``pages``: the :func:`text_objects` of the pages from index ``start`` on, when the caller has read
    them (default: every page's)."""
    out = []
    plain = None  # read only for a page with text off it: rare
    for index, (page, (left, bottom, right, top), objects) in enumerate(
            text_objects(doc) if pages is None else pages, start=start if pages is not None else 0):
        textpage = None
        for obj in objects:
            x0, y0, x1, y1 = obj.get_bounds()
            if x0 < left - TOLERANCE or y0 < bottom - TOLERANCE or x1 > right + TOLERANCE or y1 > top + TOLERANCE:
                textpage = textpage or page.get_textpage()
                inside = textpage.get_text_bounded(max(x0, left), max(y0, bottom), min(x1, right), min(y1, top))
                snippet = " ".join(inside.split())[:60]
                where = "the cover" if index < cover_pages else f"page {index + 1}"
                hint = ("the title does not fit on the cover: shorten it (short_title sets the running head)"
                        if index < cover_pages else "a word, URL or table too wide or long for the page: "
                        "shorten or break it")
                if plain is None:
                    plain = [(name, _squeeze(html.unescape(re.sub(r"<[^>]+>", "", text)))) for name, text in chapters]
                source = next((name for name, text in plain if _squeeze(snippet)[:30] in text), None)
                out.append(error("pdf.text-off-page", f"text runs off {where} (“{snippet}…”): {hint}",
                                 SourceLocation(source) if source and snippet else None))
                break
    return out


def title_on_first_page(doc: pdfium.PdfDocument, title: str) -> list[Diagnostic]:
    """The first page (the cover, or an article's first page) must show the start of the title: a
    title too long for its box is pushed off the page by WeasyPrint without a word."""
    if not title or not len(doc):
        return []
    start = _squeeze(title)[:20]
    if start and start not in _squeeze(doc[0].get_textpage().get_text_bounded()):
        return [error("pdf.title-off-cover", "the title does not fit on the first page (the cover): shorten it; "
                      "a long title can be kept for the metadata only by moving its tail to a subtitle")]
    return []


def _squeeze(text: str) -> str:
    """Text without spaces, line breaks and hyphenation: PDF text and source text compare."""
    return re.sub(r"[\s\-\u00ad\x02\ufffe]+", "", text)
