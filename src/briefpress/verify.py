"""Verify: the written PDF + the Document -> diagnostics for anything the reader would catch.

Checks, on the PDF itself (read with PDFium, a second engine, not WeasyPrint's layout): every TOC page number (read inside each
TOC entry's link box, whatever the script) equals the page its heading is on and the link leads there; every note's text is on the page of its call,
and its call and its text print its own number (:mod:`.note_numbers`); no heading is left
alone at the foot of a page; the bookmarks' top level mirrors the TOC and leads to the headings' pages
(named destinations, so any script verifies); every
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
from .note_numbers import check_note_numbers, check_title_marks, named_places
from .page_bounds import title_on_first_page
from .page_facts import page_facts

PAGE_NUMBER = re.compile(r"(\d+)\s*$")
PAGE_FACTS = "briefpress.page_facts:page_facts_of"  # the job that reads pages in another process


def _named_pages(doc: pdfium.PdfDocument) -> dict[str, int]:
    """Named destination (every element id) -> 0-based page index."""
    return {name: place[0] for name, place in named_places(doc).items()}


def _internal_links(doc: pdfium.PdfDocument, index: int) -> list[tuple[tuple[float, float, float, float], int]]:
    """A page's links to places in the document: (left, bottom, right, top), target page index."""
    page = doc[index]
    out = []
    pos, link = ctypes.c_int(0), raw.FPDF_LINK()
    while raw.FPDFLink_Enumerate(page.raw, ctypes.byref(pos), ctypes.byref(link)):
        dest = raw.FPDFLink_GetDest(doc.raw, link)
        if not dest:
            action = raw.FPDFLink_GetAction(link)
            dest = raw.FPDFAction_GetDest(doc.raw, action) if action else None
        if not dest:
            continue  # a web link
        r = raw.FS_RECTF()
        raw.FPDFLink_GetAnnotRect(link, ctypes.byref(r))
        rect = (min(r.left, r.right), min(r.top, r.bottom), max(r.left, r.right), max(r.top, r.bottom))
        out.append((rect, raw.FPDFDest_GetDestPageIndex(doc.raw, dest)))
    return out


def _inside(a, b, slack=0.5) -> bool:
    return a[0] >= b[0] - slack and a[1] >= b[1] - slack and a[2] <= b[2] + slack and a[3] <= b[3] + slack


def _toc_numbers(doc: pdfium.PdfDocument, toc_page: int, count: int) -> list[tuple[int | None, int]]:
    """The TOC's entries in order (it may run over pages): (page number printed in the entry, page its
    link goes to). Read from the entries' links, not by matching words, so any script and entries that
    wrap over lines read the same: an entry is the largest link box (WeasyPrint also links each line
    and the leader inside it), and its number is the last one printed inside that box."""
    entries: list[tuple[int | None, int]] = []
    page = toc_page
    while len(entries) < count and page < len(doc):
        links = _internal_links(doc, page)
        boxes = [(rect, target) for rect, target in links
                 if not any(rect != other and _inside(rect, other) for other, _ in links)]
        boxes = sorted(set(boxes), key=lambda b: (-b[0][3], b[0][0]))
        text = doc[page].get_textpage()
        for (left, bottom, right, top), target in boxes:
            m = PAGE_NUMBER.search(text.get_text_bounded(left, bottom, right, top))
            entries.append((int(m.group(1)) if m else None, target))
        page += 1
    return entries[:count]


# WeasyPrint messages about the machine, not the paper: reported once as a notice, never an error.
ENVIRONMENT_NOTICES = (
    (re.compile(r"Using fontTools instead of HarfBuzz-Subset"),
     "fonts are subset with fontTools (slower): install HarfBuzz-Subset (Debian: libharfbuzz-subset0) "
     "for faster builds; the PDF looks the same"),
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


SPLIT_FROM = 8  # pages: a shorter PDF is read in one process (another's start costs more than it saves)
AHEAD = 5  # pages this process reads more than the other, while the other imports what it reads them with
AHEAD_READY = 3  # the same when the other has imported it (page_facts_once_written); the last pages (the reference list) hold the most text


def split(pages: int, ready: bool = False) -> int:
    """The first of ``pages`` that another process reads (``pages`` itself: it reads none); ``ready``: it
    has imported PDFium."""
    return (pages + (AHEAD_READY if ready else AHEAD)) // 2 if pages >= SPLIT_FROM else pages


def page_args(document: Document) -> tuple[list[int], list[tuple[str, str]]]:
    """What :func:`.page_facts.page_facts` reads the pages with, besides them: the notes' numbers and each
    chapter's (name, HTML)."""
    return [n.number for n in document.notes], [(c.name, c.html) for c in document.chapters]


def verify_pdf(pdf: bytes, document: Document, toc: list[Heading], font_families: list[str],
               warnings: tuple[str, ...] = (), outline_entries: list[Heading] | None = None,
               title_block: bool = True, elsewhere=None, ready: bool = False) -> list[Diagnostic]:
    """``toc``: the printed TOC's entries (none when the theme prints no TOC); ``outline_entries``: what
    the bookmarks list (default: the TOC's entries); ``title_block``: the theme prints the title block's
    notes, as the document was made (:func:`.render_html.prints_abstract`), so their marks are checked.
    ``elsewhere``: ``(name, *args) -> Future``, a job in another process (an idle layout worker), which
    reads the second half of the pages (:func:`page_facts_of`) while this one reads the first and checks
    the rest: the same diagnostics, sooner. ``ready``: that process has imported what it reads them with
    (it then reads more of them, :func:`split`)."""
    doc = pdfium.PdfDocument(pdf)
    notes, chapters = page_args(document)
    # the other process first imports PDFium and the checks (~25 ms), unless ready: this one reads a few pages more
    half = split(len(doc), ready) if elsewhere is not None else len(doc)
    later = elsewhere(PAGE_FACTS, pdf, half, len(doc), notes, chapters) if half < len(doc) else None
    places = named_places(doc)
    pages = {name: place[0] for name, place in places.items()}
    out = weasyprint_messages(warnings)

    printed = _toc_numbers(doc, pages.get("toc", 0), len(toc)) if toc else []
    if len(printed) != len(toc):
        out.append(error("pdf.toc-unreadable", f"found {len(printed)} page numbers in the TOC, expected {len(toc)}"))
    for heading, (number, target) in zip(toc, printed):
        actual = pages.get(heading.id)
        if actual is None:
            out.append(error("pdf.toc-target", f"TOC entry '{heading.title_text}' has no target in the PDF"))
            continue
        if number is None:
            out.append(error("pdf.toc-unreadable", f"TOC entry '{heading.title_text}' shows no page number"))
        elif actual + 1 != number:
            out.append(error("pdf.toc-page", f"TOC says '{heading.title_text}' is on page {number}, "
                             f"it is on page {actual + 1}"))
        if target != actual:
            out.append(error("pdf.toc-target", f"TOC entry '{heading.title_text}' links to page {target + 1}, "
                             f"the heading is on page {actual + 1}"))

    for note in document.notes:
        call, text = pages.get(f"fnref-{note.number}"), pages.get(f"fn-{note.number}")
        if call is None or text is None or call != text:
            where = f"page {text + 1}" if text is not None else "nowhere"
            out.append(error("pdf.note-page", f"note {note.number} is called on page "
                             f"{call + 1 if call is not None else '?'} but printed on {where}", note.location))

    entries = toc if outline_entries is None else outline_entries
    labels = [f"{h.number} {h.title_text}".strip() for h in entries]
    items = [item for item in doc.get_toc() if item.level == 0]
    outline = [item.get_title() for item in items]
    if outline != labels:
        out.append(error("pdf.outline", f"PDF bookmarks {outline} do not mirror the TOC {labels}"))
    else:  # each bookmark leads to its heading's page (destinations, not text: any script)
        for heading, item, title in zip(entries, items, outline):
            dest = item.get_dest()
            target = dest.get_index() if dest is not None else None
            if heading.id in pages and target != pages[heading.id]:
                out.append(error("pdf.outline-target", f"bookmark '{title}' leads to "
                                 f"page {target + 1 if target is not None else '?'}, the heading is on page "
                                 f"{pages[heading.id] + 1}"))

    out += headings_alone(pages, document)
    facts = [page_facts(doc, places, 0, half, notes, chapters)]
    if later is not None:  # None: the other process waited for its PDF in vain (page_facts_once_written)
        facts.append(later.result() or page_facts(doc, places, half, len(doc), notes, chapters))
    out += [d for f in facts for d in f.off_page] + title_on_first_page(doc, document.metadata.title_text)
    out += check_note_numbers(places, [], document.notes, read={k: v for f in facts for k, v in f.numbers.items()})
    first = document.chapters[0].title.id if document.chapters else ""
    if title_block:  # else the build made none of them, as it does for KCSS's title page: not lost, left out
        out += check_title_marks(doc, places, document.metadata, first)

    listed = {r.key for r in document.references}
    for note in () if document.metadata.suppress_bibliography else document.notes:
        for key in note.keys:
            if key in document.notes_only and key not in listed:  # the style cites it in notes only
                continue
            if key not in listed or f"ref-{key}" not in pages:
                out.append(error("pdf.reference-missing", f"'{key}' is cited but missing from the reference list",
                                 note.location))

    allowed = tuple(f.replace(" ", "-") for f in font_families)
    for font, embedded in sorted(set().union(*(f.fonts for f in facts))):
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
        # Every block in order, with its id or "": what follows a heading is the next block (a table, a
        # list, code), not the next block that happens to carry an id, which may sit pages later.
        blocks = [(m.group(1), m.group(2) or "") for m in re.finditer(
            r'<(h[1-6]|p|li|blockquote|figure|table|pre|dl|ol|ul)\b(?:[^>]*?\bid="([^"]+)")?[^>]*>', chapter.html)]
        for (tag, ident), (_, following) in zip(blocks, blocks[1:]):
            if tag.startswith("h") and ident in pages and following in pages and pages[ident] != pages[following]:
                out.append(error("pdf.heading-alone", f"heading '#{ident}' is alone at the foot of page "
                                 f"{pages[ident] + 1}; its text starts on page {pages[following] + 1}",
                                 SourceLocation(chapter.name)))
    return out
