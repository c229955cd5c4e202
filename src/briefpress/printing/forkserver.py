"""Forkserver: multiprocessing's forkserver (and resource tracker), started for a pool of layout workers
(:mod:`.workers`) with Ctrl-C blocked and told, for a build, the folder it waits in for the build's
stylesheet (:mod:`.preload`); and the folder it listens in, claimed (:mod:`.leftovers`)."""

from __future__ import annotations

import contextlib
import os
import signal
import threading

from ..exits import held
from . import leftovers
from .model import AHEAD, AHEAD_PID, MAIN_PATH

def start(folder: str, ahead: bool) -> None:
    """Started here, not by the first worker the starter thread asks for: that thread shares this
    process's interpreter with the build's imports, and the forkserver (which a cold build waits for:
    it imports and warms WeasyPrint) started ~20 ms later. It reads the variables only when it starts
    (one already running, in a test or the live preview, keeps its own).

    Ctrl-C in a terminal reaches every process of its group: the forkserver and multiprocessing's
    resource tracker, which ignore it once their imports are done, printed a KeyboardInterrupt's
    traceback when it came during them. Started with it blocked (a signal mask is kept across exec),
    they never take it; this process takes it once the forkserver is started and its settings removed. (The tracker first: starting
    it unblocks the signal, as it blocks it while it starts its own process, bpo-33613.)"""
    from multiprocessing import forkserver, resource_tracker
    # The tracker removes the semaphores of a build interrupted as it made or dropped its queues, and warned
    # of each ("leaked semaphore objects", "No such file") after the build's one line: not the user's to act on.
    was = os.environ.get("PYTHONWARNINGS")
    os.environ["PYTHONWARNINGS"] = ",".join(filter(None, (was, TRACKER_QUIET)))
    try:
        resource_tracker.ensure_running()
    finally:
        if was is None:
            os.environ.pop("PYTHONWARNINGS", None)
        else:
            os.environ["PYTHONWARNINGS"] = was
    blocked = threading.current_thread() is threading.main_thread() and hasattr(signal, "pthread_sigmask")
    # The mask is this thread's: another thread of this process (a pool's) may take the Ctrl-C, and its
    # KeyboardInterrupt came half-way through the restoring below (the mask left blocking Ctrl-C, seen in
    # the test suite): held, it is raised once everything is put back.
    with held():
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if blocked else None
        try:
            if ahead:
                os.environ[AHEAD], os.environ[AHEAD_PID] = folder, str(os.getpid())
            main = _main_path()
            if main:
                os.environ[MAIN_PATH] = main
            forkserver.ensure_running()
        finally:
            os.environ.pop(AHEAD, None)
            os.environ.pop(AHEAD_PID, None)
            os.environ.pop(MAIN_PATH, None)
            if mask is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def end_now() -> None:
    """End multiprocessing's forkserver (by SIGTERM: its exit handlers remove its stylesheet's fonts,
    :mod:`.preload`; its workers end with it) and its resource tracker (nothing is left for it to remove
    once this process's exit handlers have run: they unlink every semaphore), as this process ends, rather
    than when each notices it gone: a caller reading the build's output to its end waits for every process
    holding it, ~10 ms more."""
    from multiprocessing import forkserver, resource_tracker
    for pid, sig in ((getattr(forkserver._forkserver, "_forkserver_pid", None), signal.SIGTERM),
                     (getattr(resource_tracker._resource_tracker, "_pid", None), signal.SIGKILL)):
        if pid:
            with contextlib.suppress(OSError):
                os.kill(pid, sig)


def _main_path() -> str | None:
    """The script this process runs as (the ``briefpress`` command's), as multiprocessing names it to each
    process it starts, which runs it (as ``__mp_main__``) unless its own ``__main__`` is that file: ~13 ms
    of each worker's start, on the way to its first part. The forkserver runs it once (:mod:`.preload`),
    and the workers it forks inherit it. (Python 3.11's own ``"__main__"`` preload never gets the path.)"""
    from multiprocessing import spawn
    return spawn.get_preparation_data("briefpress").get("init_main_from_path")


TRACKER_QUIET = "ignore::UserWarning:multiprocessing.resource_tracker"  # its warnings, as PYTHONWARNINGS reads them

_LISTENER_CLAIMS: dict[str, int | None] = {}


def claim_listener_folder() -> None:
    """multiprocessing's folder of this process (``pymp-*``: the forkserver's socket), claimed once; it
    removes the folder itself when this process exits, unless killed."""
    from multiprocessing import util
    folder = util.get_temp_dir()
    if folder not in _LISTENER_CLAIMS:
        _LISTENER_CLAIMS[folder] = leftovers.claim(folder)
