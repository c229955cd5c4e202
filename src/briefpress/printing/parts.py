"""Parts: Document + theme + workers (+ the last build's hints and parts) -> the paper's PDF (a
``Rendered``), laid out section by section on every core.

Every numbered section starts on a new page, so the paper falls into parts whose text does not
affect each other's layout: the front (covers, credits, TOC), then one part per page-starting
section (a run of unnumbered chapters that run on from each other is one part), then the
reference list and back cover (a part of their own after a numbered last chapter,
:func:`references_apart`; else the last part carries them). Only numbers carry over from part to
part: a part starts on the page after the part before it, and after the notes of the parts before it.

- A part's first page is predicted from the page counts of the parts before it: the ones laid out
  in this build, else the last build's (``Hints``, which the pipeline keeps in the output folder).
  Where no count is known (a first build), the part waits for the one before it, except the part
  nearest the middle of the text, which starts at an estimate: two chains, one per worker; with a
  worker idle, the part waiting for one still running starts at the page its guessed length gives
  (:meth:`_Sections._guess_ahead`). A part laid out from a wrong first page is laid out again with
  the right one.
- The front's TOC numbers are read off the parts' layout. It is laid out as soon as a worker is
  idle with nothing else to lay out and the numbers are known but for parts still being laid out
  from their right first page, each taken to print its first heading there
  (:meth:`_Sections._front_early`): typically beside the last part rather than after it. It is kept
  when those are the numbers found at the end (the same HTML), else laid out again. If it has more
  or fewer pages than assumed, the parts are laid out again from the new first page.
- While no result waits, this process does its chores one at a time (:meth:`_Sections._chore`): the
  caller's (the build lints), the HTML of the part after each one being laid out, imports, the
  parts back from their layout read for the merge (:func:`.merge.open_part`).
- A part whose HTML (which holds its first page and note numbers), fonts and WeasyPrint release
  are those of a part an earlier build laid out is taken from ``known``, not laid out again.

The result therefore depends on the input only: the same bytes whatever the hints said, whichever
parts were known, and whether the parts ran in several processes or one after the other
(:class:`.workers.InProcess`). :mod:`.merge` joins the parts. With ``sections_start`` ``right``
(blank pages would depend on where a part starts) or ``auto`` (sections run on), or with a single
part, the paper is laid out in one piece; so it is when the WeasyPrint fix cannot apply (a
notice), with the re-layout that moves a paragraph whose note fell a page late.
"""

from __future__ import annotations

import math
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import replace
from pathlib import Path

from ..diagnostics import Diagnostic
from ..exits import held
from ..document import NOTE_TOKEN, Document
from ..images import text_size
from ..render_html import Theme, print_stylesheet, render_print, toc_entries
from .jobs import Jobs, Unfixed
from .model import Hints, PrintPart, Rendered, Written

UNFIXED = Diagnostic("info", "pdf.weasyprint-fix", "the WeasyPrint footnote fix does not apply to this WeasyPrint "
                     "release: the paper is laid out in one piece (slower); WeasyPrint 70 is the release briefpress "
                     "is tested with")

ROUNDS = 3


def part_starts(document: Document, theme: Theme) -> list[int] | None:
    """The chapters the parts start with: every chapter that starts a page (a numbered one, or one
    after a numbered one: unnumbered chapters run on from each other); None for one piece."""
    if theme.settings.get("sections_start", "page") != "page":
        return None  # right: blank pages would depend on where a part starts; auto: the text runs on
    chapters = document.chapters
    starts = [i for i, c in enumerate(chapters) if i == 0 or c.title.number or chapters[i - 1].title.number]
    return starts if len(starts) > 1 else None


REFERENCES = "(references)"  # the hints' name for the part of the reference list and back cover


def references_apart(document: Document) -> bool:
    """Whether the reference list (and the back cover after it) is a part of its own: it is printed after
    the last chapter, which is numbered, so it starts a page (as the chapter after a numbered one
    does, :func:`part_starts`). The last part was the longest: alone, the list is laid out beside it,
    and the front's page numbers are known while it is."""
    chapters = document.chapters
    return document.lists_references and bool(chapters) and bool(chapters[-1].title.number)


def render(document: Document, theme: Theme, allowed: tuple[Path, ...], workers, hints: Hints | None = None,
           known: dict | None = None, meanwhile=None, merging=None) -> Rendered:
    """Lay out and write the print edition with ``workers`` (:mod:`.workers`), reusing the parts in
    ``known`` (part key -> Written, from an earlier build). The hints and parts for the next build
    come back in the ``Rendered``, for the pipeline to keep once the PDF is verified. The parts embed
    stubs for the theme's print subsets (``theme.print_fonts``, made here when not given): the merge
    puts the fonts back. ``meanwhile``: callables, each called once while the workers lay out parts,
    when this process would otherwise wait (the pipeline imports its verification and lints then),
    one at a time between the parts' results, so that no worker waits for its next part meanwhile.
    ``merging``: called with the paper's page count as the merge starts, the workers idle (the pipeline
    gives one the verification's job then, :mod:`briefpress.pages_ahead`)."""
    if theme.print_fonts is None:
        from ..fonts import document_text, subset_theme_fonts
        theme = replace(theme, print_fonts=subset_theme_fonts(theme, document_text(document, theme), "print"))
    try:
        return _render(document, theme, hints, Jobs(workers, theme, allowed, known or {}, False), meanwhile, merging)
    except Unfixed:
        return _render(document, theme, hints, Jobs(workers, theme, allowed, known or {}, True), meanwhile, merging)


def _render(document: Document, theme: Theme, hints: Hints | None, jobs: Jobs, meanwhile=None,
            merging=None) -> Rendered:
    fixed = not jobs.relayout
    starts = part_starts(document, theme) if fixed else None
    if starts is None:
        _Sections._import_merge()  # pikepdf: only needed here; a native module, never interrupted half-imported
        from .merge import merge_parts
        digest, future = jobs.submit(render_print(document, theme))
        for chore in meanwhile or ():
            chore()
        written = jobs.result(future, "whole")
        laid = written.laid
        if merging is not None:
            merging(laid.pages)
        # merged alone too: its fonts are reduced to the glyphs drawn, as a merged PDF's are
        return Rendered(merge_parts([written.pdf], theme.print_fonts.values()), laid.pages, laid.warnings + written.warnings, laid.anchors, jobs.timings,
                        notices=() if fixed else (UNFIXED,), parts={jobs.key(digest): written})
    return _Sections(document, theme, jobs, starts, hints, meanwhile, merging).render()


class _Sections:
    """The parts after the front, settled on their first pages; then the front; then the merge."""

    def __init__(self, document: Document, theme: Theme, jobs: Jobs, starts: list[int], hints: Hints | None,
                 meanwhile=None, merging=None):
        self.document, self.theme, self.jobs = document, theme, jobs
        self.merging = merging  # called with the page count as the merge starts (render)
        # What this process does while parts are laid out, one at a time while no result waits (_chore):
        # the caller's (lint, the longest: done before the first part is), the next parts' HTML (_ahead),
        # then the merge's pikepdf (a native module, never interrupted half-imported), the parts' salt
        # (their keys) and the last part's HTML at its guessed page (the references, the back cover's
        # barcode: tens of ms the first time).
        self.chores = list(meanwhile or ())
        self.later = [self._import_merge, lambda: self.jobs.salt,
                      lambda: self._html(len(self.parts) - 1, self.front_pages + 1 + sum(self.guessed[:-1]))]
        chapters = document.chapters
        bounds = list(zip(starts, starts[1:] + [len(chapters)]))
        # the abstract's notes, on the title page of the front, come before every part's
        notes = [len(NOTE_TOKEN.findall(document.abstract))] + [len(NOTE_TOKEN.findall(c.html)) for c in chapters]
        own = references_apart(document)
        self.parts = [PrintPart(first=a, stop=b, back=b == len(chapters) and not own, notes_before=sum(notes[:a + 1]))
                      for a, b in bounds]
        self.names = [chapters[a].name for a, _ in bounds]
        self.heads = [chapters[a].title.id for a, _ in bounds]  # what each part starts with
        guesses = theme.settings.get("layout_guess", {})
        per_page = guesses.get("chars_per_page", 3550)
        estimated = [sum(math.ceil(n / per_page) for n in self._runs(a, b)) for a, b in bounds]
        sizes = [sum(text_size(c.html) for c in chapters[a:b]) for a, b in bounds]
        if own:  # the reference list and the back cover: a part of their own
            self.parts.append(PrintPart(first=len(chapters), stop=len(chapters), back=True, notes_before=sum(notes)))
            self.names.append(REFERENCES)
            self.heads.append("references")
            sizes.append(sum(text_size(r.html) for r in document.references))
            estimated.append(math.ceil(sizes[-1] / per_page) + 1)  # + the back cover
        self.labels = [Path(name).stem for name in self.names]
        self.hinted = [hints.pages.get(name) if hints else None for name in self.names]
        toc = len(toc_entries(document, int(theme.settings.get("toc_depth", 1))))
        self.front_pages = hints.front if hints else 2 + math.ceil(toc / guesses.get("toc_entries_per_page", 32))
        # The part nearest the middle of the text starts a second chain when the pages before it are unknown.
        self.middle = min(range(1, len(self.parts)), key=lambda k: abs(2 * sum(sizes[:k]) - sum(sizes)))
        self.middle_offset = sum(h or e for h, e in zip(self.hinted[:self.middle], estimated[:self.middle]))
        self.guessed = [h or e for h, e in zip(self.hinted, estimated)]  # pages of each part, before its layout
        self.htmls: dict[tuple[int, int], str] = {}
        self.css = None if theme.print_fonts is None else print_stylesheet(  # every part's stylesheet, made once
            theme, document.metadata.short_title, theme.print_fonts)
        self.toc = toc_entries(document, int(theme.settings.get("toc_depth", 1)))
        self.early_front: tuple | None = None  # (TOC pages, digest, future): the front laid out early (_front_early)
        self.read: dict[str, object] = {}  # a part's digest -> its PDF read for the merge (_read_one)

    def _runs(self, a: int, b: int) -> list[int]:
        runs: list[int] = []  # chapters that run on from each other; each run starts a page
        for i in range(a, b):
            chapter = self.document.chapters[i]
            if i == a or chapter.title.number or self.document.chapters[i - 1].title.number:
                runs.append(0)
            runs[-1] += text_size(chapter.html)
        return runs

    def _first_pages(self, results: dict) -> list[int | None]:
        """Each part's predicted first page: from the page counts laid out, else hinted; None: wait."""
        first: list[int | None] = []
        page: int | None = self.front_pages + 1
        for k in range(len(self.parts)):
            if page is None and k == self.middle:
                page = self.front_pages + 1 + self.middle_offset
            first.append(page)
            pages = results[k][2].laid.pages if k in results else self.hinted[k]
            page = page + pages if page is not None and pages is not None else None
        return first

    def _html(self, k: int, start: int) -> str:
        if (k, start) not in self.htmls:
            part = self.parts[k]
            self.htmls[(k, start)] = render_print(self.document, self.theme, PrintPart(
                first=part.first, stop=part.stop, back=part.back, start_page=start, notes_before=part.notes_before),
                self.css)
        return self.htmls[(k, start)]

    def _settle(self, results: dict) -> list[int]:
        """Lay out every part from its right first page (``results``: part -> (first page, digest, Written))."""
        running: dict[int, tuple[int, str, Future]] = {}
        dropped: list[Future] = []  # laid out from a wrong page, perhaps still running in a worker
        while True:
            first = self._first_pages(results)
            if all(k in results and results[k][0] == page for k, page in enumerate(first)):
                for _, _, future in running.values():
                    future.cancel()
                return first  # type: ignore[return-value]
            for k, page in enumerate(first):
                if page is None or (k in results and results[k][0] == page):
                    continue
                if k in running:
                    if running[k][0] == page:
                        continue
                    dropped.append(running.pop(k)[2])  # laid out from a page now known wrong
                    dropped[-1].cancel()
                running[k] = (page, *self.jobs.submit(self._html(k, page)))
            dropped = [future for future in dropped if not future.done()]
            self._guess_ahead(first, running, results, sum(not f.done() for _, _, f in running.values()) + len(dropped))
            self._front_early(first, running, results, sum(not f.done() for _, _, f in running.values()) + len(dropped))
            futures = [future for _, _, future in running.values()]
            done, _ = wait(futures, timeout=0, return_when=FIRST_COMPLETED)
            if not done and (chore := self._chore(running, results)):
                chore()  # a part's result would wait for more: one, then look again
                continue
            if not done:
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
            for k, (page, digest, future) in list(running.items()):
                if future in done:
                    del running[k]
                    results[k] = (page, digest, self.jobs.result(future, self.labels[k]))

    def _chore(self, running: dict, results: dict):
        """The next thing to do while no result waits (None: nothing). Until the first part is back, only
        the next parts' HTML: a chore runs to its end, and the first part, often a short one, came back
        while the caller's lint (~0.1 s) ran, its worker idle until it ended; after it, the next parts run
        longer than any chore. But while the workers are not yet forked (their forkserver still warms up),
        no part can come back: the chores run then, the caller's and this stage's own, on a core that
        would otherwise wait, rather than beside the layout, whose workers have both cores."""
        if not results and running:
            ahead = self._ahead(running, results)
            if ahead is None and (self.chores or self.later) and not self.jobs.started():
                return self.chores.pop(0) if self.chores else self.later.pop(0)
            return ahead
        if self.chores:
            return self.chores.pop(0)
        return self._ahead(running, results) or (self.later.pop(0) if self.later else None) \
            or self._read_one(results)

    def _read_one(self, results: dict):
        """A part back from its layout, read for the merge (:func:`.merge.open_part`), once the merge's
        module is imported (a chore of ``later``): the merge, after the last part, then reads only the
        parts that came back last (~1 ms a part, more for the first)."""
        for _, digest, written in (results[k] for k in sorted(results)):
            if digest not in self.read:
                def read(digest=digest, pdf=written.pdf):
                    from .merge import open_part
                    self.read[digest] = open_part(pdf)
                return read
        return None

    def _ahead(self, running: dict, results: dict):
        """The HTML of the part after one being laid out, at the page that part's guessed length gives,
        rendered while no result waits (None: each has its own): with the guess right, the part goes to
        the worker the moment the one before it is done, not after its HTML is made (~10 ms a part)."""
        for k, (start, _, _) in sorted(running.items()):
            after = k + 1
            if after < len(self.parts) and after not in running and after not in results:
                page = start + self.guessed[k]
                if (after, page) not in self.htmls:
                    return lambda: self._html(after, page)
        return None

    @staticmethod
    def _import_merge() -> None:
        with held():  # pikepdf: a native module, never interrupted half-imported
            from . import merge  # noqa: F401

    def _guess_ahead(self, first: list, running: dict, results: dict, busy: int) -> None:
        """With workers idle, the first parts that wait for another start now, each on the page the parts
        before it give with their guessed lengths: kept if that is its first page, else laid out again
        once the page is known (by a worker that was idle: no time lost). The end of a chain (a short
        section, then the last one with the references) otherwise runs one part at a time."""
        size = getattr(self.jobs.workers, "size", 1)  # jobs that run at once (workers.py)
        if size < 2:
            return  # in one process, a guess would be laid out before anything else
        for k in range(1, len(self.parts)):
            if busy >= size:
                return  # no idle worker
            if first[k] is None and k not in running and k not in results:
                before = running.get(k - 1) or results.get(k - 1)
                if before is None:
                    return
                length = results[k - 1][2].laid.pages if k - 1 in results else self.guessed[k - 1]
                running[k] = (before[0] + length, *self.jobs.submit(self._html(k, before[0] + length)))
                busy += 1  # with more idle workers, the next part is guessed after this one

    def _toc_pages(self, first: list, results: dict, running: dict | None = None) -> dict | None:
        """Each TOC entry's printed page, from the parts laid out from their first page ("?" where none
        has it: verification reports it). With ``running``: also a part being laid out from its first
        page, taken to print its first heading on that page; None while an entry is not known so."""
        pages: dict = {}
        for h in self.toc:
            page = next((first[k] + results[k][2].laid.anchors[h.id] for k in results
                         if results[k][0] == first[k] and h.id in results[k][2].laid.anchors), None)
            if page is None and running is not None:
                page = next((first[k] for k, (start, _, _) in running.items()
                             if start == first[k] and self.heads[k] == h.id), None)
                if page is None:
                    return None
            pages[h.id] = "?" if page is None else page
        return pages

    def _front_early(self, first: list, running: dict, results: dict, busy: int) -> None:
        """With nothing else to lay out, the front starts on the page numbers the parts give so far, a
        part still being laid out counted as beginning with its heading: the last part is then laid out
        beside the front rather than before it. With every worker busy it is queued, to start the moment
        one is done (handed over when one was idle, it started ~10 ms after). :meth:`render` keeps the
        front only when those are the page numbers found at the end (it is otherwise laid out again)."""
        if getattr(self.jobs.workers, "size", 1) < 2 or busy > self.jobs.workers.size or None in first:
            return
        toc_pages = self._toc_pages(first, results, running)
        if toc_pages is not None and (self.early_front is None or self.early_front[0] != toc_pages):
            if self.early_front is not None:
                self.early_front[2].cancel()
            self.early_front = (toc_pages, *self.jobs.submit(self._front_html(toc_pages)))

    def _front_html(self, toc_pages: dict) -> str:
        return render_print(self.document, self.theme, PrintPart(front=True, toc_pages=toc_pages), self.css)

    def render(self) -> Rendered:
        results: dict[int, tuple[int, str, Written]] = {}
        for _ in range(ROUNDS):
            first = self._settle(results)
            toc_pages = self._toc_pages(first, results)
            if self.early_front is not None and self.early_front[0] == toc_pages:
                front_digest, future = self.early_front[1:]  # the same HTML: the same front
            else:
                front_digest, future = self.jobs.submit(self._front_html(toc_pages))
            front = self.jobs.result(future, "front")
            if front.laid.pages == self.front_pages:
                break
            self.front_pages = front.laid.pages  # every part moves: laid out again
        else:
            raise RuntimeError("the parts of the paper did not settle on their page numbers")

        laid = [results[k][2] for k in range(len(self.parts))]
        anchors = {}
        for page, written in zip(first, laid):
            anchors.update({name: page - 1 + i for name, i in written.laid.anchors.items()})
        for name, i in front.laid.anchors.items():
            anchors.setdefault(name, i)  # the front's stand-ins for TOC targets yield to the real ones
        parts = [front] + laid
        if self.merging is not None:
            self.merging(sum(p.laid.pages for p in parts))
        warnings = tuple(w for p in parts for w in p.laid.warnings) + tuple(w for p in parts for w in p.warnings)
        self._import_merge()  # pikepdf, held from Ctrl-C: a chore while parts were laid out, unless results left no time
        from .merge import merge_parts
        start = time.perf_counter()
        read = [self.read.get(results[k][1]) for k in range(len(laid))]
        pdf = merge_parts([p.pdf for p in parts], self.theme.print_fonts.values(), read)
        timings = dict(self.jobs.timings, merge=time.perf_counter() - start)
        key = self.jobs.key
        kept = {key(front_digest): front, **{key(results[k][1]): results[k][2] for k in results}}
        hints = Hints(self.front_pages, {name: w.laid.pages for name, w in zip(self.names, laid)})
        return Rendered(pdf, sum(p.laid.pages for p in parts), warnings, anchors, timings, hints, parts=kept)
