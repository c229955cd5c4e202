"""Layout worker: a forked process that imports WeasyPrint while the parent reads and parses.

Importing WeasyPrint takes most of a second; reading, linting and parsing the manuscript takes
about as long. The CLI forks this worker first, so both happen at once on the two cores; the
worker then lays out and writes the PDF (:func:`briefpress.pdf.render_pdf`) and sends back the
same :class:`Rendered` value the in-process call returns. Nothing here imports WeasyPrint.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    warnings: tuple[str, ...]
    anchors: dict  # element id -> 0-based index of the page where it starts (WeasyPrint's layout)


def _serve(conn) -> None:
    from .pdf import render_pdf  # the slow import, beside the parent's work

    job = conn.recv()
    if job is None:
        return
    try:
        conn.send(render_pdf(*job))
    except BaseException as exc:  # sent back and raised in the parent, as in-process
        conn.send(exc)


class LayoutWorker:
    def __init__(self):
        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def render(self, *job) -> Rendered:
        self.conn.send(job)
        try:
            result = self.conn.recv()
        except EOFError:
            raise RuntimeError(f"the layout process died (exit code {self.process.exitcode})") from None
        self.process.join()
        if isinstance(result, BaseException):
            raise result
        return result

    def close(self) -> None:
        if self.process.is_alive():
            self.conn.send(None)
            self.process.join(5)
