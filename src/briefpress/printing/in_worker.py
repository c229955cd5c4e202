"""In a worker: what a process of the pool (:mod:`.workers`) does: its start (:func:`start`), then each job,
a function named by a string (:func:`run`): :mod:`.layout`'s, or another module's as ``module:function``.
The pool's own process runs the same jobs the same way (:class:`.workers.InProcess`).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib
import os
import signal
import sys
import tempfile
import weakref

from ..diagnostics import BuildError, error

PRELOAD = "briefpress.printing.preload"
PANGO_HINT = ("Debian/Ubuntu: apt install libpango-1.0-0 libpangoft2-1.0-0; Fedora: dnf install pango; "
              "macOS: brew install pango (README, Requirements)")  # imports WeasyPrint and warms it up


def run(name: str, *args):
    """Run :mod:`.layout`'s function ``name``: imported here, in the worker (or in this process). Every
    job runs with the WeasyPrint fix in place where it applies: the pool decides which process runs
    which job, so a fix applied by an earlier job might be in one process and not the other, and the
    same part would come out differently from each. ``module:function`` names a job outside the
    layout, run as it is (the EPUB's cover image, :mod:`briefpress.cover`, made beside the PDF's
    verification)."""
    if ":" in name:
        module, function = name.split(":")
        return getattr(importlib.import_module(module), function)(*args)
    try:
        from . import layout
    except OSError as exc:  # WeasyPrint's C libraries (Pango, GObject, HarfBuzz) could not be loaded
        raise BuildError([error("pdf.weasyprint-libraries", f"WeasyPrint cannot load its libraries ({exc}); "
                                f"install Pango: {PANGO_HINT}")]) from None
    layout.prepare()
    if not _IN_WORKER:
        return getattr(layout, name)(*args)
    # The collector's passes were a tenth of the workers' CPU over the paper's parts (2.3 s). Off
    # during a job, and on again only once its result has been sent (_collect): switched on as the job
    # returned, the pass over the young objects it left (2-8 ms a part) ran as the result was pickled,
    # and the build waited for it between every part and the next.
    gc.disable()
    try:
        result = getattr(layout, name)(*args)
    except BaseException:
        _collect()
        raise
    if hasattr(result, "__weakref__"):
        weakref.finalize(result, _collect)  # the pool drops the result once it is sent
    else:
        _collect()
    return result


def _collect() -> None:
    """The collector on again, and a pass now, while the worker waits for its next job: over the young
    objects (a part's), or over all but what the forkserver had (frozen, preload.py) once the parts
    have left GARBAGE objects (a few parts' worth)."""
    gc.enable()
    gc.collect(2 if gc.get_count()[0] > GARBAGE else 0)


GARBAGE = 50_000  # objects made and not freed since the last pass (a part of the paper leaves 10-20,000)


_IN_WORKER = False  # set in a worker process (start)


def start(folder: str) -> None:
    """Worker start: temporary files go to the pool's folder (WeasyPrint writes each font given by
    @font-face into a folder of its own, removed only when its font configuration is freed, which a
    worker ended by ``os._exit`` never does: the pool removes ``folder``); and the kernel kills the
    worker when its parent exits (Linux)."""
    global _IN_WORKER
    _IN_WORKER = True
    # The forkserver gives each process it forks the write end of its "alive" pipe and ends when every
    # holder has closed it: held here, it kept the forkserver, and so this worker (waiting for a job
    # that never comes), alive for ever after the build's process was killed (SIGKILL).
    from multiprocessing import forkserver
    alive, forkserver._forkserver._forkserver_alive_fd = forkserver._forkserver._forkserver_alive_fd, None
    if alive is not None:
        with contextlib.suppress(OSError):
            os.close(alive)
    tempfile.tempdir = folder
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # the forkserver this worker was forked from (preload.SERVER), not the parent it has now: one gone
    # before this ran left it an orphan that never received the signal, waiting for a job for ever
    parent = getattr(sys.modules.get(PRELOAD), "SERVER", None) or os.getppid()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
