"""Verify: the written PDF + the Document -> diagnostics for anything the reader would catch.

Checks, on the PDF itself (read with PDFium, a second engine, not WeasyPrint's layout): every TOC page number equals the page its
heading is on; every note's text is on the page of its call; no heading is left
alone at the foot of a page; the bookmarks' top level mirrors the TOC; every
cited source is in the reference list; only the theme's fonts are embedded (no
fallback font). WeasyPrint warnings count as errors too.
"""

from __future__ import annotations

import ctypes
import re

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .diagnostics import Diagnostic, SourceLocation, error
from .document import Document
from .markdown_ext import Heading

PAGE_NUMBER = re.compile(r"(\d+)\s*$")


def _named_pages(doc: pdfium.PdfDocument) -> dict[str, int]:
    """Named destination (every element id) -> 0-based page index."""
    out: dict[str, int] = {}
    for i in range(raw.FPDF_CountNamedDests(doc.raw)):
        size = ctypes.c_long(0)
        raw.FPDF_GetNamedDest(doc.raw, i, None, ctypes.byref(size))
        buf = ctypes.create_string_buffer(size.value)
        dest = raw.FPDF_GetNamedDest(doc.raw, i, buf, ctypes.byref(size))
        name = buf.raw[:size.value].decode("utf-16-le").rstrip("\x00")
        out[name] = raw.FPDFDest_GetDestPageIndex(doc.raw, dest)
    return out


def _toc_numbers(doc: pdfium.PdfDocument, toc_page: int, count: int) -> list[int]:
    """The page numbers printed in the TOC, in order (the TOC may run over pages)."""
    numbers: list[int] = []
    page = toc_page
    while len(numbers) < count and page < len(doc):
        for line in doc[page].get_textpage().get_text_bounded().splitlines():
            m = PAGE_NUMBER.search(line)
            if m and re.search(r"[A-Za-z]", line) and ". ." in line:
                numbers.append(int(m.group(1)))
        page += 1
    return numbers[:count]


# WeasyPrint messages about the machine, not the paper: reported once as a notice, never an error.
ENVIRONMENT_NOTICES = (
    (re.compile(r"Using fontTools instead of HarfBuzz-Subset"),
     "fonts are subset with fontTools (slower): install HarfBuzz-Subset (Debian: libharfbuzz-subset0) "
     "for faster builds; the PDF is the same"),
)


def weasyprint_messages(warnings: tuple[str, ...]) -> list[Diagnostic]:
    """WeasyPrint's log -> diagnostics: environment notices once each (info), anything else an error."""
    out, seen = [], set()
    for w in warnings:
        notice = next((text for pattern, text in ENVIRONMENT_NOTICES if pattern.search(w)), None)
        key = notice or w
        if key in seen:
            continue
        seen.add(key)
        out.append(Diagnostic("info", "pdf.environment", notice) if notice
                   else error("pdf.weasyprint-warning", f"WeasyPrint: {w}"))
    return out


def verify_pdf(pdf: bytes, document: Document, toc: list[Heading], font_families: list[str],
               warnings: tuple[str, ...] = ()) -> list[Diagnostic]:
    doc = pdfium.PdfDocument(pdf)
    pages = _named_pages(doc)
    out = weasyprint_messages(warnings)

    printed = _toc_numbers(doc, pages.get("toc", 0), len(toc)) if toc else []
    if len(printed) != len(toc):
        out.append(error("pdf.toc-unreadable", f"found {len(printed)} page numbers in the TOC, expected {len(toc)}"))
    for heading, number in zip(toc, printed):
        actual = pages.get(heading.id)
        if actual is None:
            out.append(error("pdf.toc-target", f"TOC entry '{heading.title_text}' has no target in the PDF"))
        elif actual + 1 != number:
            out.append(error("pdf.toc-page", f"TOC says '{heading.title_text}' is on page {number}, "
                             f"it is on page {actual + 1}"))

    for note in document.notes:
        call, text = pages.get(f"fnref-{note.number}"), pages.get(f"fn-{note.number}")
        if call is None or text is None or call != text:
            where = f"page {text + 1}" if text is not None else "nowhere"
            out.append(error("pdf.note-page", f"note {note.number} is called on page "
                             f"{call + 1 if call is not None else '?'} but printed on {where}", note.location))

    labels = [f"{h.number} {h.title_text}".strip() for h in toc]
    outline = [item.get_title() for item in doc.get_toc() if item.level == 0]
    if outline != labels:
        out.append(error("pdf.outline", f"PDF bookmarks {outline} do not mirror the TOC {labels}"))

    out += headings_alone(pages, document)

    listed = {r.key for r in document.references}
    for note in document.notes:
        for key in note.keys:
            if key not in listed or f"ref-{key}" not in pages:
                out.append(error("pdf.reference-missing", f"'{key}' is cited but missing from the reference list",
                                 note.location))

    allowed = tuple(f.replace(" ", "-") for f in font_families)
    for font, embedded in sorted(_fonts(doc)):
        name = font.split("+", 1)[-1]
        if not name.startswith(allowed):
            out.append(error("pdf.fallback-font", f"fallback font '{name}' was used: a character is missing from "
                             f"the theme fonts ({', '.join(font_families)})"))
        elif not embedded:
            out.append(error("pdf.font-not-embedded", f"font '{name}' is not embedded"))
    doc.close()
    return out


def headings_alone(pages: dict[str, int], document: Document) -> list[Diagnostic]:
    """A heading must share its page with the text that follows it (never alone at a page bottom)."""
    out = []
    for chapter in document.chapters:
        ids = re.findall(r'<(h[1-6]|p|li|blockquote|figure)\b[^>]*\bid="([^"]+)"', chapter.html)
        for (tag, ident), (_, following) in zip(ids, ids[1:]):
            if tag.startswith("h") and ident in pages and following in pages and pages[ident] != pages[following]:
                out.append(error("pdf.heading-alone", f"heading '#{ident}' is alone at the foot of page "
                                 f"{pages[ident] + 1}; its text starts on page {pages[following] + 1}",
                                 SourceLocation(chapter.name)))
    return out


def _fonts(doc: pdfium.PdfDocument) -> set[tuple[str, bool]]:
    """(base font name, embedded?) of every font that sets text."""
    seen: dict[int, tuple[str, bool]] = {}
    for i in range(len(doc)):
        for obj in doc[i].get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT,)):
            font = raw.FPDFTextObj_GetFont(obj.raw)
            key = ctypes.cast(font, ctypes.c_void_p).value
            if key not in seen:
                size = raw.FPDFFont_GetBaseFontName(font, None, 0)
                buf = ctypes.create_string_buffer(size)
                raw.FPDFFont_GetBaseFontName(font, buf, size)
                seen[key] = (buf.value.decode("latin-1"), bool(raw.FPDFFont_GetIsEmbedded(font)))
    return set(seen.values())
