"""Print layout: Document + theme -> the paper's PDF (a ``Rendered``), laid out in parts on two cores.

Every numbered section starts on a new page, so the paper falls into parts whose text does not
affect each other's layout: the front (covers, credits, TOC), the first chapters (A) and the
rest (B: later chapters, references, back cover). Only numbers carry over from part to part:

- A starts on the page after the front, B on the page after A. B is laid out beside A, its
  first page number taken from the last build (``.layout-hints.json`` in the output folder) or estimated; if
  A turns out longer or shorter, B is laid out again with the right number.
- The front is laid out last, its TOC numbers read off A's and B's layout; if it has more or
  fewer pages than assumed, A and B are laid out again.

The result therefore depends on the input only: the same bytes whatever the hints said, and
whether the parts ran in two processes or one after the other (InlineWorker).
:mod:`briefpress.pdf_merge` joins the parts. A paper whose sections start on right-hand pages,
or with no numbered section after the first chapter, is laid out in one piece.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

from .document import NOTE_TOKEN, Document
from .images import text_size
from .layout_worker import Rendered
from .render_html import PrintPart, Theme, render_print, toc_entries

ROUNDS = 3


def split_point(document: Document, theme: Theme) -> int | None:
    """The chapter B starts with: numbered (so it starts a page), splitting the text in halves."""
    if theme.settings.get("sections_start_right") or theme.settings.get("sections_start_page") is False:
        return None  # blank pages would depend on where B starts; or sections run on, and B's text with A's
    sizes = [text_size(c.html) for c in document.chapters]
    total = sum(sizes) + sum(len(r.html) for r in document.references)
    candidates = [i for i, c in enumerate(document.chapters) if i > 0 and c.title.number]
    return min(candidates, key=lambda i: abs(2 * sum(sizes[:i]) - total)) if candidates else None


def _guess(document: Document, theme: Theme, split: int, hints: dict) -> tuple[int, int]:
    """(pages of the front, first page of B): from the last build, else estimated from the text."""
    name = document.chapters[split].name
    if hints.get("split") == name and isinstance(hints.get("front"), int) and isinstance(hints.get("b"), int):
        return hints["front"], hints["b"]
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


def _load_hints(path: Path | None) -> dict:
    try:
        return dict(json.loads(path.read_text())) if path else {}
    except (OSError, ValueError, TypeError):
        return {}


def render(document: Document, theme: Theme, allowed: tuple[Path, ...], workers, build_dir: Path | None) -> Rendered:
    """Lay out and write the print edition with two workers (LayoutWorker or InlineWorker).

    ``build_dir``: where the last build left its layout state (read only here); the new state comes
    back in ``Rendered.state`` for the pipeline to write once the PDF has been verified."""
    from .pdf_merge import merge_parts  # pikepdf: only needed here

    cache = _cache(build_dir, theme)
    split = split_point(document, theme)
    if split is None:
        return render_whole(render_print(document, theme), theme.dir, allowed, workers[0], cache)

    w1, w2 = workers
    hints_path = build_dir / ".layout-hints.json" if build_dir else None
    front_pages, b_start = _guess(document, theme, split, _load_hints(hints_path))
    notes_before = sum(len(NOTE_TOKEN.findall(c.html)) for c in document.chapters[:split])
    a = PrintPart(first=0, stop=split)
    b = PrintPart(first=split, stop=len(document.chapters), back=True, notes_before=notes_before)
    for _ in range(ROUNDS):
        a = replace(a, start_page=front_pages + 1)
        b = replace(b, start_page=b_start)
        a_html, b_html = (render_print(document, theme, p) for p in (a, b))
        w1.submit("layout", "a", a_html, theme.dir, allowed, cache.get(a_html))
        w2.submit("layout", "b", b_html, theme.dir, allowed, cache.get(b_html))
        laid_a = w1.result()
        w1.submit("write", "a", identifier(a_html, laid_a.breaks))  # valid unless the front's length changes
        laid_b = w2.result()
        if front_pages + laid_a.pages + 1 != b_start:  # A's length was guessed wrong: B moves
            b_start = front_pages + laid_a.pages + 1
            b = replace(b, start_page=b_start)
            b_html = render_print(document, theme, b)
            w2.submit("layout", "b", b_html, theme.dir, allowed, cache.get(b_html))
            laid_b = w2.result()
        w2.submit("write", "b", identifier(b_html, laid_b.breaks))
        toc_pages = {}
        for h in toc_entries(document, int(theme.settings.get("toc_depth", 1))):
            if h.id in laid_a.anchors:
                toc_pages[h.id] = front_pages + 1 + laid_a.anchors[h.id]
            elif h.id in laid_b.anchors:
                toc_pages[h.id] = b_start + laid_b.anchors[h.id]
            else:
                toc_pages[h.id] = "?"  # not laid out: the verification reports it
        front_html = render_print(document, theme, PrintPart(front=True, toc_pages=toc_pages))
        w1.submit("layout", "front", front_html, theme.dir, allowed, cache.get(front_html))
        written_a, laid_front = w1.result(), w1.result()
        if laid_front.pages == front_pages:
            break
        w2.result()  # B's pages, numbered from a wrong start: laid out again
        front_pages, b_start = laid_front.pages, laid_front.pages + laid_a.pages + 1
    else:
        raise RuntimeError("the parts of the paper did not settle on their page numbers")
    w1.submit("write", "front", identifier(front_html, laid_front.breaks))
    written_front, written_b = w1.result(), w2.result()

    for html, laid in ((a_html, laid_a), (b_html, laid_b), (front_html, laid_front)):
        cache.put(html, list(laid.breaks))
    state = cache.state()
    hints = {"split": document.chapters[split].name, "front": front_pages, "b": b_start}
    if hints_path and hints != _load_hints(hints_path):
        state[hints_path.name] = hints

    anchors = {name: front_pages + i for name, i in laid_a.anchors.items()}
    anchors.update({name: b_start - 1 + i for name, i in laid_b.anchors.items()})
    for name, i in laid_front.anchors.items():
        anchors.setdefault(name, i)  # the front's stand-ins for TOC targets yield to the real ones
    warnings = laid_front.warnings + laid_a.warnings + laid_b.warnings
    warnings += written_front[1] + written_a[1] + written_b[1]
    start = time.perf_counter()
    pdf = merge_parts([written_front[0], written_a[0], written_b[0]])
    timings = {**w1.seconds, **w2.seconds, "merge": time.perf_counter() - start}
    return Rendered(pdf, laid_front.pages + laid_a.pages + laid_b.pages, warnings, anchors, timings, state)


def render_whole(html: str, base_dir: Path, allowed, worker, cache: LayoutCache) -> Rendered:
    """One HTML document laid out and written in one piece by one worker."""
    worker.submit("layout", "whole", html, base_dir, allowed, cache.get(html))
    laid = worker.result()
    worker.submit("write", "whole", identifier(html, laid.breaks))
    pdf, late = worker.result()
    cache.put(html, list(laid.breaks))
    return Rendered(pdf, laid.pages, laid.warnings + late, laid.anchors, dict(worker.seconds), cache.state())


def identifier(html: str, breaks) -> bytes:
    """The PDF file identifier: from the input, so the same input gives the same bytes."""
    return hashlib.sha256((html + " ".join(breaks)).encode()).hexdigest()[:32].encode()


def _cache(build_dir: Path | None, theme: Theme) -> LayoutCache:
    return LayoutCache(build_dir / ".layout-cache.json" if build_dir else None, tuple(theme.fonts_dir.glob("*")))


class LayoutCache:
    """Remembers which blocks needed a page break, per exact HTML, fonts and WeasyPrint version.

    A hit turns two layout passes into one and gives the very same bytes as a cold build:
    the key covers everything the layout depends on. One file holds the keys of the last build.
    """

    def __init__(self, path: Path | None, fonts: tuple[Path, ...]):
        self.path = path
        h = hashlib.sha256(version("weasyprint").encode())
        for font in sorted(fonts):
            h.update(font.read_bytes())
        self.salt = h.hexdigest()
        self.used: dict[str, list[str]] = {}
        try:
            self.known = dict(json.loads(path.read_text())) if path else {}
        except (OSError, ValueError, TypeError):
            self.known = {}

    def key(self, html: str) -> str:
        return hashlib.sha256((self.salt + html).encode()).hexdigest()

    def get(self, html: str) -> list[str]:
        return list(self.known.get(self.key(html), []))

    def put(self, html: str, breaks: list[str]) -> None:
        self.used[self.key(html)] = list(breaks)

    def state(self) -> dict:
        """{file name: content} to write after verification, when this build's keys differ from the file's."""
        return {self.path.name: self.used} if self.path and self.used != self.known else {}
