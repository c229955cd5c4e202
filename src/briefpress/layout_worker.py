"""Layout workers: where WeasyPrint lays out and writes the parts of the paper.

Importing WeasyPrint takes most of a second; reading, linting and parsing the manuscript takes
about as long. The CLI starts two :class:`LayoutWorker` processes first (:func:`start_workers`:
one fork imports WeasyPrint and then forks the second), so the import runs beside the parent's
work, and then the two halves of the paper are laid out at once, one per core
(:mod:`briefpress.print_layout` decides what each lays out). :class:`InlineWorker` does
the same jobs in this process, one after the other: same jobs, same bytes, one core.

Jobs (tuples, as sent over the pipe):
    ("layout", key, html, base_dir, allowed, breaks) -> pdf.LaidOut   (the pages are kept under key)
    ("write", key, identifier) -> (pdf bytes, warnings)               (and the pages are dropped)
Nothing in this module imports WeasyPrint.

The workers die with their parent: on Linux the kernel kills them when it exits (even by
SIGKILL), elsewhere they stop when the pipe closes. Ctrl-C reaches the whole process group;
the workers ignore it and the CLI stops them (:func:`kill_workers`).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time
from dataclasses import dataclass, field


# Values sent back from the workers live here: unpickling them must not import WeasyPrint.
@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    warnings: tuple[str, ...]
    anchors: dict  # element id -> 0-based index of the page where it starts (WeasyPrint's layout)
    timings: dict = field(default_factory=dict)  # "layout a", "write b", "merge"... -> seconds
    state: dict = field(default_factory=dict)  # layout state to keep in the output folder: file name -> JSON value


@dataclass(frozen=True)
class LaidOut:
    pages: int
    anchors: dict  # element id -> 0-based page index where it starts
    warnings: tuple[str, ...]
    breaks: tuple[str, ...]  # blocks that had to start a new page (see pdf.lay_out)


def run_job(kept: dict, job: tuple):
    from . import pdf  # the slow import, beside the parent's work

    kind, key, *args = job
    if kind == "layout":
        kept[key], laid = pdf.lay_out(*args)
        return laid
    if kind == "write":
        return pdf.write(kept.pop(key), *args)
    raise ValueError(f"unknown layout job {kind!r}")


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when its parent exits (Linux); Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _serve(conn, sibling=None, parent: int = 0) -> None:
    _die_with_parent(parent or os.getppid())
    from . import pdf  # noqa: F401  (imported now, while the parent parses)

    if sibling is not None:
        # The second worker is forked from this one after the import: one import for two workers.
        me = os.getpid()
        pid = os.fork()
        if pid == 0:
            _die_with_parent(me)
            conn.close()
            _loop(sibling)
            os._exit(0)
        sibling.close()
    _loop(conn)
    if sibling is not None:
        os.waitpid(pid, 0)


def _loop(conn) -> None:
    kept: dict = {}
    while True:
        try:
            job = conn.recv()
        except EOFError:  # the parent is gone
            return
        if job is None:
            return
        try:
            start = time.perf_counter()
            value = run_job(kept, job)
            conn.send((value, time.perf_counter() - start))
        except BaseException as exc:  # sent back and raised in the parent, as in-process
            conn.send(exc)


def start_workers() -> tuple[LayoutWorker, LayoutWorker]:
    """Two workers: the first forked now, the second forked by the first once WeasyPrint is imported."""
    ctx = multiprocessing.get_context("fork")
    conn1, child1 = ctx.Pipe()
    conn2, child2 = ctx.Pipe()
    process = ctx.Process(target=_serve, args=(child1, child2, os.getpid()), daemon=True)
    process.start()
    child1.close()
    child2.close()
    return LayoutWorker(conn1, process), LayoutWorker(conn2, None)


class LayoutWorker:
    """A worker process; submit() returns at once, result() waits for the oldest job's answer."""

    def __init__(self, conn, process):
        self.conn, self.process = conn, process
        self.pending: list[str] = []
        self.seconds: dict[str, float] = {}  # "layout a" -> seconds the job took in the worker

    def submit(self, *job) -> None:
        self.conn.send(job)
        self.pending.append(f"{job[0]} {job[1]}")

    def result(self):
        try:
            answer = self.conn.recv()
        except EOFError:
            raise RuntimeError("a layout process died") from None
        label = self.pending.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        value, seconds = answer
        self.seconds[label] = self.seconds.get(label, 0.0) + seconds
        return value

    def close(self) -> None:
        """Ask the process to finish; the first worker waits for the second (its child) to do so."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.conn.close()

    def join(self) -> None:
        if self.process is not None:
            self.process.join(5)
            if self.process.is_alive():
                self.process.kill()


def kill_workers(workers) -> None:
    """Stop at once (Ctrl-C, SIGTERM, an error): the second worker dies with the first, its parent."""
    for worker in workers:
        process = getattr(worker, "process", None)
        if process is not None and process.is_alive():
            process.kill()
        worker.close()
    for worker in workers:
        worker.join()


def close_workers(workers) -> None:
    for worker in workers:
        worker.close()
    for worker in workers:
        worker.join()


class InlineWorker:
    """The same jobs in this process: result() runs the oldest submitted job."""

    def __init__(self):
        self.kept: dict = {}
        self.queue: list[tuple] = []
        self.seconds: dict[str, float] = {}

    def submit(self, *job) -> None:
        self.queue.append(job)

    def result(self):
        job = self.queue.pop(0)
        start = time.perf_counter()
        value = run_job(self.kept, job)
        label = f"{job[0]} {job[1]}"
        self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - start
        return value

    def close(self) -> None:
        self.kept.clear()

    def join(self) -> None:
        pass
