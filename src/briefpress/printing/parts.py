"""Parts: Document + theme + workers (+ the last build's hints) -> the paper's PDF (a ``Rendered``),
laid out in parts on two cores.

Every numbered section starts on a new page, so the paper falls into parts whose text does not
affect each other's layout: the front (covers, credits, TOC), the first chapters (A) and the
rest (B: later chapters, references, back cover). Only numbers carry over from part to part:

- A starts on the page after the front, B on the page after A. B is laid out beside A, its
  first page number taken from the last build (``Hints``, which the pipeline keeps in the output
  folder) or estimated; if A turns out longer or shorter, B is laid out again with the right number.
- The front is laid out last, its TOC numbers read off A's and B's layout; if it has more or
  fewer pages than assumed, A and B are laid out again.

The result therefore depends on the input only: the same bytes whatever the hints said, and
whether the parts ran in two processes or one after the other (:class:`.workers.InProcess`).
:mod:`.merge` joins the parts. The split needs every numbered section to start a page: the
theme's ``sections_start`` is ``page``. With ``right`` (blank pages would depend on where a part
starts) or ``auto`` (sections run on), or with no numbered section after the first chapter, the
paper is laid out in one piece; so it is when the WeasyPrint fix cannot apply (a notice), with
the re-layout that moves a paragraph whose note fell a page late.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from pathlib import Path

from ..diagnostics import Diagnostic
from ..document import NOTE_TOKEN, Document
from ..images import text_size
from ..render_html import Theme, render_print, toc_entries
from .model import Hints, PrintPart, Rendered, Written

JOB = "lay_out_and_write"
UNFIXED = Diagnostic("info", "pdf.weasyprint-fix", "the WeasyPrint footnote fix does not apply to this WeasyPrint "
                     "release: the paper is laid out in one piece (slower); WeasyPrint 70 is the release briefpress "
                     "is tested with")

ROUNDS = 3


def split_point(document: Document, theme: Theme) -> int | None:
    """The chapter B starts with: numbered (so it starts a page), splitting the text in halves."""
    if theme.settings.get("sections_start", "page") != "page":
        return None  # right: blank pages would depend on where B starts; auto: B's text runs on from A's
    sizes = [text_size(c.html) for c in document.chapters]
    total = sum(sizes) + sum(len(r.html) for r in document.references)
    candidates = [i for i, c in enumerate(document.chapters) if i > 0 and c.title.number]
    return min(candidates, key=lambda i: abs(2 * sum(sizes[:i]) - total)) if candidates else None


def _guess(document: Document, theme: Theme, split: int, hints: Hints | None) -> tuple[int, int]:
    """(pages of the front, first page of B): from the last build, else estimated from the text."""
    if hints and hints.split == document.chapters[split].name:
        return hints.front, hints.b
    guesses = theme.settings.get("layout_guess", {})
    runs: list[int] = []  # chapters that run on from each other; each run starts a page
    for i, chapter in enumerate(document.chapters[:split]):
        if i == 0 or chapter.title.number or document.chapters[i - 1].title.number:
            runs.append(0)
        runs[-1] += text_size(chapter.html)
    a = sum(math.ceil(n / guesses.get("chars_per_page", 3550)) for n in runs)
    toc = len(toc_entries(document, int(theme.settings.get("toc_depth", 1))))
    front = 2 + math.ceil(toc / guesses.get("toc_entries_per_page", 32))  # cover, credits, contents
    return front, front + a + 1


def render(document: Document, theme: Theme, allowed: tuple[Path, ...], workers, hints: Hints | None = None
           ) -> Rendered:
    """Lay out and write the print edition with ``workers`` (:mod:`.workers`); the hints for the next
    build come back in ``Rendered.hints``, for the pipeline to keep once the PDF is verified."""
    fixed = workers.fixed()
    split = split_point(document, theme) if fixed else None
    if split is None:
        whole = _whole(render_print(document, theme), theme.dir, allowed, workers, relayout=not fixed)
        return whole if fixed else replace(whole, notices=(UNFIXED,))

    from .merge import merge_parts  # pikepdf: only needed here

    front_pages, b_start = _guess(document, theme, split, hints)
    notes_before = sum(len(NOTE_TOKEN.findall(c.html)) for c in document.chapters[:split])
    a = PrintPart(first=0, stop=split)
    b = PrintPart(first=split, stop=len(document.chapters), back=True, notes_before=notes_before)
    timings: dict[str, float] = {}
    for _ in range(ROUNDS):
        a = replace(a, start_page=front_pages + 1)
        b = replace(b, start_page=b_start)
        a_html, b_html = (render_print(document, theme, p) for p in (a, b))
        job_a = workers.submit(JOB, a_html, theme.dir, allowed)
        job_b = workers.submit(JOB, b_html, theme.dir, allowed)
        written_a = _timed(job_a.result(), "a", timings)
        if front_pages + written_a.laid.pages + 1 != b_start:  # A's length was guessed wrong: B moves
            b_start = front_pages + written_a.laid.pages + 1
            b = replace(b, start_page=b_start)
            b_html = render_print(document, theme, b)
            job_b = workers.submit(JOB, b_html, theme.dir, allowed)  # the stale job's result is dropped
        written_b = _timed(job_b.result(), "b", timings)
        laid_a, laid_b = written_a.laid, written_b.laid
        toc_pages = {}
        for h in toc_entries(document, int(theme.settings.get("toc_depth", 1))):
            if h.id in laid_a.anchors:
                toc_pages[h.id] = front_pages + 1 + laid_a.anchors[h.id]
            elif h.id in laid_b.anchors:
                toc_pages[h.id] = b_start + laid_b.anchors[h.id]
            else:
                toc_pages[h.id] = "?"  # not laid out: the verification reports it
        front_html = render_print(document, theme, PrintPart(front=True, toc_pages=toc_pages))
        written_front = _timed(workers.submit(JOB, front_html, theme.dir, allowed).result(), "front", timings)
        laid_front = written_front.laid
        if laid_front.pages == front_pages:
            break
        front_pages, b_start = laid_front.pages, laid_front.pages + laid_a.pages + 1  # A and B again
    else:
        raise RuntimeError("the parts of the paper did not settle on their page numbers")

    anchors = {name: front_pages + i for name, i in laid_a.anchors.items()}
    anchors.update({name: b_start - 1 + i for name, i in laid_b.anchors.items()})
    for name, i in laid_front.anchors.items():
        anchors.setdefault(name, i)  # the front's stand-ins for TOC targets yield to the real ones
    parts = (written_front, written_a, written_b)
    warnings = tuple(w for p in parts for w in p.laid.warnings) + tuple(w for p in parts for w in p.warnings)
    start = time.perf_counter()
    pdf = merge_parts([p.pdf for p in parts])
    timings["merge"] = time.perf_counter() - start
    return Rendered(pdf, sum(p.laid.pages for p in parts), warnings, anchors, timings,
                    Hints(document.chapters[split].name, front_pages, b_start))


def _timed(written: Written, part: str, timings: dict) -> Written:
    for step, seconds in written.seconds.items():
        timings[f"{step} {part}"] = timings.get(f"{step} {part}", 0.0) + seconds
    return written


def _whole(html: str, base_dir: Path, allowed, workers, relayout: bool) -> Rendered:
    """One HTML document laid out and written in one piece."""
    timings: dict[str, float] = {}
    written = _timed(workers.submit(JOB, html, base_dir, allowed, relayout).result(), "whole", timings)
    laid = written.laid
    return Rendered(written.pdf, laid.pages, laid.warnings + written.warnings, laid.anchors, timings)
