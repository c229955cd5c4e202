"""Workers: where the layout jobs of :mod:`.parts` run.

:func:`pool` gives a process per core (:func:`.cores.cores`; ``concurrent.futures.ProcessPoolExecutor``)
forked by a ``multiprocessing`` forkserver that imported WeasyPrint once and laid out a small page
(its preload, :mod:`.preload`): that half second runs beside the parent's reading and parsing of the
manuscript, and each worker is a cheap fork of a process that has it. :func:`start` gives the same processes for longer than
one build (the live preview keeps them warm: WeasyPrint imported, the build's fonts loaded).
:class:`InProcess` runs the same jobs in this process, one after the other: same jobs, same
bytes, one core (``parallel=False``).

A job is a function of :mod:`.layout` named by a string (run in the worker by :func:`.in_worker.run`), so the parent never imports WeasyPrint:
``submit("lay_out_and_write", html, base_dir, allowed) -> Future[Written]`` (a part: :meth:`Workers.part`); or another module's,
as ``"module:function"`` (``"briefpress.cover:cover_png"``).

The workers end with the parent: they ignore Ctrl-C (the parent's to handle), and on Linux the
kernel kills each when its parent, the forkserver, exits, which it does when the CLI exits (even
by SIGKILL). On an exception (Ctrl-C, SIGTERM, an error) :func:`pool` kills them at once rather
than wait for their work.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import pickle
import shutil
import sys
import tempfile
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import spawn
from pathlib import Path

from ..exits import held
from . import later, leftovers
from .cores import cores
from .forkserver import claim_listener_folder, start as start_forkserver
from .in_worker import PRELOAD, run, start as start_worker
from .model import NO_STYLE, RULES, SHEET, STYLE, split_sheet

SWITCH_INTERVAL = 0.0005  # seconds between this process's threads' turns while a pool lives (Workers)
class Workers:
    """Worker processes (``size`` of them); ``fixed()`` says whether the WeasyPrint fix is in place in them."""

    def __init__(self, executor: ProcessPoolExecutor, folder: str, size: int, ahead: bool = False,
                 claim: int | None = None):
        self.executor, self.folder = executor, folder  # folder: the workers' temporary files
        self.claim = claim  # the folder's claim (leftovers.claim), let go once it is removed
        self.size = size  # jobs that run at once
        self.ahead = ahead  # the forkserver may be waiting for the stylesheet (style_done)
        self.sheet = ("", "")  # the parts' stylesheet last sent (part) and its file
        self.ready: list[Future] = []
        # Starting a forkserver worker waits for the forkserver's preload (WeasyPrint): a thread
        # waits, so this process reads and parses meanwhile. A job for each starts them all now.
        self.starter = threading.Thread(target=self._start, daemon=True)
        self.sender = later.Sender(self.starter)
        # The pool's threads (starter, sender, the executor's) each wait for this interpreter while the
        # build parses or lints: with the default 5 ms between switches, a worker forked as the build
        # linted got its first part ~50 ms after the stylesheet was ready, ~20 ms with this.
        self.interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self.interval, SWITCH_INTERVAL))
        self.starter.start()

    def _start(self) -> None:
        ready = []
        try:
            for _ in range(self.size):
                ready.append(self.executor.submit(run, "ready"))
        except (OSError, EOFError, RuntimeError):
            # the forkserver gone while it started them (killed as it waited for the stylesheet): the
            # jobs start workers from a new one; or the pool shut down as it started (Ctrl-C, start):
            # not a thread's traceback in the build's output
            pass
        self.ready = ready

    def submit(self, name: str, *args) -> Future:
        # the pool's lock is held till the forkserver forks: a job then is sent by a thread (later.py)
        return self.sender.submit(lambda: self.executor.submit(run, name, *args))

    def part(self, html: str, base_dir, allowed) -> Future:
        """A part laid out and written (``lay_out_and_write``), its stylesheet (hundreds of kB: the
        fonts, the same in every part) sent once, in a file of the pool's folder, not with each part: a
        part went to a worker in pieces of the pipe's size, each waiting for this process's interpreter
        while it rendered the next part (a worker waited up to ~50 ms for its first)."""
        split = split_sheet(html)
        if split is None:
            return self.submit("lay_out_and_write", html, base_dir, allowed)
        head, sheet, tail = split
        try:
            shared = self._shared(sheet)
        except OSError as exc:  # TMPDIR full: one error naming it, as for an output (not an internal error)
            from ..output import unwritable
            raise unwritable(Path(self.folder).parent, exc) from None
        return self.submit("lay_out_and_write_shared", head + SHEET + tail, shared, base_dir, allowed)

    def _shared(self, sheet: str) -> str:
        """The file of the pool's folder that holds ``sheet`` (written the first time)."""
        if sheet != self.sheet[0]:
            name = Path(self.folder) / f"sheet-{hashlib.sha256(sheet.encode()).hexdigest()[:20]}.css"
            temp = name.with_suffix(".tmp")
            temp.write_bytes(sheet.encode("utf-8"))  # bytes: read as text, a "\r" came back as "\n"
            temp.replace(name)  # whole or not at all: a worker reads it at once
            self.sheet = (sheet, str(name))
        return self.sheet[1]

    def parse_style(self, sheet: str, base_dir, allowed) -> None:
        """The forkserver this pool started parses the theme's print stylesheet before it forks the
        workers (:mod:`.preload`), so each inherits it; else each worker parses it now
        (:func:`.style.parse_style`), so that none spends its first part on it: a job per worker,
        while all wait, takes one each (none when the forkserver takes it: every worker inherits it). The
        stylesheet goes in the file the parts name (:meth:`part`), not with each job."""
        try:
            shared = self._shared(sheet)
        except OSError:
            return  # the pool is gone (a failed build): not needed
        if self.ahead:
            # not written (a full disk, the pool gone): the forkserver waits on until style_done says
            # none is coming, which it does only while ``ahead`` (it waited 600 s)
            with contextlib.suppress(OSError):
                temp = Path(self.folder) / f"{STYLE}.tmp"
                temp.write_bytes(pickle.dumps((shared, base_dir, allowed)))
                temp.replace(Path(self.folder) / STYLE)
                self.ahead = False
                # the forkserver parses it before it forks any worker: a job of each's would only find
                # it parsed (~5 ms each, the first part queued behind them)
                return
        def send():  # from a thread: a first job waits for the forkserver, as the starter does
            self.starter.join()
            with contextlib.suppress(RuntimeError):  # the pool shut down first (a failed build): not needed
                for _ in range(self.size):
                    self.executor.submit(run, "parse_style_file", shared, base_dir, allowed)
        threading.Thread(target=send, daemon=True).start()

    def parse_rules(self, rules: str, base_dir, allowed) -> None:
        """The theme's print stylesheet without its fonts, as soon as the build has the theme: the
        forkserver waiting for the stylesheet parses these rules meanwhile, and then only the fonts'
        @font-face rules of the stylesheet (:meth:`parse_style`; :mod:`.style`). Nothing to a pool whose
        forkserver waits no more."""
        if not self.ahead:
            return
        with contextlib.suppress(OSError):  # not written: the forkserver parses the whole stylesheet
            name = Path(self.folder) / f"rules-{hashlib.sha256(rules.encode()).hexdigest()[:20]}.css"
            name.write_bytes(rules.encode("utf-8"))
            temp = Path(self.folder) / f"{RULES}.tmp"
            temp.write_bytes(pickle.dumps((str(name), base_dir, allowed)))
            temp.replace(Path(self.folder) / RULES)

    def style_done(self) -> None:
        """No stylesheet is coming (the build read its manuscript without one): the forkserver that
        waits for it forks the workers without."""
        if self.ahead:
            self.ahead = False
            with contextlib.suppress(OSError):
                (Path(self.folder) / NO_STYLE).touch()

    def started(self) -> bool:
        """Whether the workers run: the forkserver has forked them (it first warms up and waits for the
        stylesheet, :mod:`.preload`); no part is laid out before."""
        return not self.starter.is_alive() and bool(self.ready) and all(f.done() for f in self.ready)

    def fixed(self) -> bool:
        self.starter.join()
        return all(f.result()[0] for f in self.ready)

    def release(self) -> tuple[str, ...]:
        """What decides a part's bytes besides its HTML, as the workers lay parts out (:func:`.layout.ready`)."""
        self.starter.join()
        return (self.ready[0] if self.ready else self.submit("ready")).result()[1]

    def kill(self) -> None:
        # The executor can only wait for running jobs; its processes are killed here instead.
        self.style_done()  # the starter may be waiting for a forkserver that waits for the stylesheet
        self.starter.join()
        # Its manager thread closes its wake-up pipe as it ends; the interpreter's exit writes to that pipe
        # (concurrent.futures' _python_exit), and the two at once printed "Bad file descriptor" with a
        # traceback (seen on Python 3.12, and 3.11): ended here first, the pipe is closed before the exit
        # comes. Taken before the shutdown, which lets go of it (it was never joined), and of the workers'
        # table (the manager's too: a worker started before the shutdown is in it).
        manager = getattr(self.executor, "_executor_manager_thread", None)
        table = getattr(self.executor, "_processes", None) or {}
        # Shut down first: no job is taken after it, so no worker is started. A job another thread handed
        # over (later.py) started one after the workers were listed and killed; the manager then waited
        # for it, and the interpreter's exit for the manager, for ever (a Ctrl-C loop of the real CLI).
        self.executor.shutdown(wait=False, cancel_futures=True)
        processes = list(table.values())
        for process in processes:
            if process.is_alive():
                process.kill()
        for process in processes:
            process.join(1)  # gone within milliseconds: nothing writes to the folder after this
        if manager is not None and manager is not threading.current_thread():
            manager.join(2)
        self._remove_folder()

    def close(self) -> None:
        """Let the running jobs end, then the workers (the executor waits for them)."""
        self.style_done()
        self.starter.join()
        self.executor.shutdown(wait=True)
        self._remove_folder()

    def _remove_folder(self) -> None:
        sys.setswitchinterval(self.interval)
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.claim is not None:
            os.close(self.claim)
            self.claim = None


class InProcess:
    """The same jobs in this process, each run when submitted."""

    size = 1

    def submit(self, name: str, *args) -> Future:
        future: Future = Future()
        try:
            future.set_result(run(name, *args))
        except Exception as exc:  # raised by result(), as from a worker
            future.set_exception(exc)
        return future

    def part(self, html: str, base_dir, allowed) -> Future:
        return self.submit("lay_out_and_write", html, base_dir, allowed)

    def parse_style(self, sheet: str, base_dir, allowed) -> None:
        pass  # one process: its first part parses the stylesheet, as it would here

    def parse_rules(self, rules: str, base_dir, allowed) -> None:
        pass

    def style_done(self) -> None:
        pass

    def started(self) -> bool:
        return True

    def fixed(self) -> bool:
        return run("prepare")

    def release(self) -> tuple[str, ...]:
        return run("ready")[1]

    def kill(self) -> None:
        pass


def start(parallel: bool = True, size: int | None = None, ahead: bool = False):
    """Workers that outlive one build (the live preview keeps them warm): call ``kill()`` when done.
    ``size``: how many (:func:`.cores.cores` by default). ``ahead``: a forkserver started here waits, after its
    warm-up, for the build's stylesheet (its rules, :meth:`Workers.parse_rules`, then the whole of it,
    :meth:`Workers.parse_style`) or word that none is coming
    (:meth:`Workers.style_done`), which the build must then give."""
    if not parallel:
        return InProcess()
    # multiprocessing's own check, which starting a forkserver skips: a process running the build's script as
    # it starts (its forkserver, a worker) builds nothing (the script lacks ``if __name__ == "__main__":``)
    spawn._check_not_importing_main()
    size = size or cores()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([PRELOAD])
    folder = claim = executor = workers = None
    try:
        with held():  # Ctrl-C comes after the folder is made and claimed, or before, never between
            folder = tempfile.mkdtemp(prefix="briefpress-workers-")
            claim = leftovers.claim(folder)
        start_forkserver(folder, ahead)
        claim_listener_folder()
        # while the forkserver imports WeasyPrint: the folders of builds killed before they could remove them
        leftovers.sweep(tempfile.gettempdir())
        with held():  # whole, or not at all: a semaphore of its queues registered with multiprocessing's resource
            # tracker and not yet given the finaliser that unregisters it (a Ctrl-C between the two) was reported
            # by the tracker as leaked, after the build's one line; and the pool's starter thread runs once it is made
            executor = ProcessPoolExecutor(size, mp_context=context, initializer=start_worker, initargs=(folder,))
            workers = Workers(executor, folder, size, ahead, claim)
        return workers
    except BaseException:  # Ctrl-C this early: the folder is not left in TMPDIR (no pool yet to remove it)
        if workers is not None:
            workers.kill()  # as the pool does (its starter may wait for a forkserver waiting for the style)
            raise
        if executor is not None:  # no process started yet
            executor.shutdown(wait=False, cancel_futures=True)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        if claim is not None:
            os.close(claim)
        raise


@contextlib.contextmanager
def pool(parallel: bool = True, size: int | None = None, ahead: bool = False):
    """Workers for one build: ``size`` processes (``parallel``; :func:`.cores.cores` by default) or this process.
    ``ahead``: the build gives the pool its stylesheet or says none is coming (:func:`start`)."""
    workers = start(parallel, size, ahead)
    if not parallel:
        yield workers
        return
    try:
        yield workers
    except BaseException:
        workers.kill()
        raise
    workers.close()
