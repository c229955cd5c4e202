"""Pages ahead: the PDF's verification, its second half of pages read by a layout worker given the job
before the PDF exists (workers + the document -> ``elsewhere`` for :func:`briefpress.verify.verify_pdf`).

The verification reads half of the pages in an idle worker (:mod:`briefpress.page_facts`). Given that job
once the PDF was merged, the worker first imported PDFium and the checks (~20 ms) while the build's
process waited, and the job reached it ~6 ms after it was given: ~30 ms of a cold build's end. Given
as the merge starts (:meth:`PagesAhead.start`, with the page count the parts give), the worker imports
them beside the merge, then waits for the PDF in a file of the pool's folder, which
:meth:`PagesAhead.elsewhere` writes (whole: renamed into place) when the verification asks for those
pages. :meth:`PagesAhead.release` lets the job go when it did not (an empty file): a pool that ends
waits for its jobs.
"""

from __future__ import annotations

import itertools
import os
from concurrent.futures import Future
from pathlib import Path

JOB = "briefpress.page_facts:page_facts_once_written"
_serial = itertools.count()


class PagesAhead:
    """The job of one verification (:meth:`start`, then :meth:`elsewhere` and :meth:`release`)."""

    def __init__(self, workers, document):
        self.workers, self.document = workers, document
        self.args: tuple = ()  # the notes' numbers and the chapters the job reads the pages with
        self.path = Path(workers.folder) / f"pages-{os.getpid()}-{next(_serial)}.pdf"
        self.pages: tuple[int, int] | None = None  # the pages the job reads (start, stop)
        self.future: Future | None = None
        self.given = False  # the PDF (or an empty file) written

    def start(self, pages: int) -> None:
        """The job given, for a PDF of ``pages`` pages (the parts', as the merge starts)."""
        from .verify import page_args, split
        first = split(pages, ready=True)
        if first < pages and self.future is None:
            self.pages, self.args = (first, pages), page_args(self.document)
            self.future = self.workers.submit(JOB, str(self.path), first, pages, *self.args)

    @property
    def ready(self) -> bool:
        """Whether the job was given (verify_pdf then splits the pages as it does)."""
        return self.future is not None

    def elsewhere(self, name: str, pdf: bytes, start: int, stop: int, notes, chapters) -> Future:
        """``verify_pdf``'s ``elsewhere``: the job given ahead, if it reads these pages, else a new one."""
        if self.future is not None and not self.given and (start, stop) == self.pages \
                and (notes, chapters) == self.args:
            self._write(pdf)
            return self.future
        return self.workers.submit(name, pdf, start, stop, notes, chapters)

    def release(self) -> None:
        """The job let go if the verification did not ask it for its pages."""
        if self.future is not None and not self.given:
            self._write(b"")

    def _write(self, data: bytes) -> None:
        self.given = True
        temp = self.path.with_suffix(".tmp")
        temp.write_bytes(data)
        temp.replace(self.path)
