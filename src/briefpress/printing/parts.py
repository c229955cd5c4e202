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

import hashlib
import math
import time
from concurrent.futures import Future
from dataclasses import replace
from importlib.metadata import version
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


class _Unfixed(Exception):
    """The WeasyPrint fix is not in place: the paper is laid out in one piece instead."""


class _Jobs:
    """Layout jobs, each a part's HTML; a part an earlier build laid out from the same HTML, fonts and
    WeasyPrint is taken from ``known`` instead (the HTML holds its first page and note numbers, and
    a part's bytes depend on nothing else, so the merged PDF is the same as a full build's)."""

    def __init__(self, workers, theme: Theme, allowed, known: dict, relayout: bool):
        self.workers, self.theme, self.allowed, self.known, self.relayout = workers, theme, allowed, known, relayout
        salt = hashlib.sha256(f"{version('weasyprint')} {relayout} {theme.dir}".encode())
        # The files a part's HTML refers to by name rather than carries (data: URIs): fonts and logo.
        logo = theme.dir / str(theme.settings.get("logo") or "")
        for file in sorted(theme.fonts_dir.glob("*")) + ([logo] if logo.is_file() else []):
            salt.update(file.name.encode() + file.read_bytes())
        self.salt = salt.hexdigest()
        self.used: dict[str, Written] = {}

    def submit(self, html: str) -> tuple[str, Future]:
        key = hashlib.sha256((self.salt + html).encode()).hexdigest()[:40]
        if key in self.known:
            future: Future = Future()
            future.set_result(self.known[key])
            return key, future
        if not self.relayout and not self.workers.fixed():
            raise _Unfixed  # asked only now: with every part known, the build need not wait for WeasyPrint
        return key, self.workers.submit(JOB, html, self.theme.dir, self.allowed)

    def result(self, job: tuple[str, Future], part: str, timings: dict) -> Written:
        key, future = job
        written = _timed(future.result(), part, timings)
        self.used[key] = written
        return written


def render(document: Document, theme: Theme, allowed: tuple[Path, ...], workers, hints: Hints | None = None,
           known: dict | None = None) -> Rendered:
    """Lay out and write the print edition with ``workers`` (:mod:`.workers`), reusing the parts in
    ``known`` (part key -> Written, from an earlier build). The hints and parts for the next build
    come back in the ``Rendered``, for the pipeline to keep once the PDF is verified."""
    try:
        return _render(document, theme, hints, _Jobs(workers, theme, allowed, known or {}, False))
    except _Unfixed:
        return _render(document, theme, hints, _Jobs(workers, theme, allowed, known or {}, True))


def _render(document: Document, theme: Theme, hints: Hints | None, jobs: _Jobs) -> Rendered:
    fixed = not jobs.relayout
    split = split_point(document, theme) if fixed else None
    timings: dict[str, float] = {}
    from .merge import merge_parts  # pikepdf: only needed here
    if split is None:
        written = jobs.result(jobs.submit(render_print(document, theme)), "whole", timings)
        laid = written.laid
        # merged alone too: its fonts are reduced to the glyphs drawn, as a merged PDF's are
        return Rendered(merge_parts([written.pdf]), laid.pages, laid.warnings + written.warnings, laid.anchors, timings,
                        notices=() if fixed else (UNFIXED,), parts=jobs.used)

    front_pages, b_start = _guess(document, theme, split, hints)
    notes_before = sum(len(NOTE_TOKEN.findall(c.html)) for c in document.chapters[:split])
    a = PrintPart(first=0, stop=split)
    b = PrintPart(first=split, stop=len(document.chapters), back=True, notes_before=notes_before)
    for _ in range(ROUNDS):
        a = replace(a, start_page=front_pages + 1)
        b = replace(b, start_page=b_start)
        a_html, b_html = (render_print(document, theme, p) for p in (a, b))
        job_a, job_b = jobs.submit(a_html), jobs.submit(b_html)
        written_a = jobs.result(job_a, "a", timings)
        if front_pages + written_a.laid.pages + 1 != b_start:  # A's length was guessed wrong: B moves
            b_start = front_pages + written_a.laid.pages + 1
            b = replace(b, start_page=b_start)
            b_html = render_print(document, theme, b)
            job_b = jobs.submit(b_html)  # the stale job's result is dropped
        written_b = jobs.result(job_b, "b", timings)
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
        written_front = jobs.result(jobs.submit(front_html), "front", timings)
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
    kept = {key: w for key, w in jobs.used.items() if any(w is p for p in parts)}  # not the stale rounds'
    return Rendered(pdf, sum(p.laid.pages for p in parts), warnings, anchors, timings,
                    Hints(document.chapters[split].name, front_pages, b_start), parts=kept)


def _timed(written: Written, part: str, timings: dict) -> Written:
    for step, seconds in written.seconds.items():
        timings[f"{step} {part}"] = timings.get(f"{step} {part}", 0.0) + seconds
    return written
