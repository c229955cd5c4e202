"""What the workers' forkserver imports before forking them (:mod:`.workers`): :mod:`.layout`, which
imports WeasyPrint, then one small page laid out and written (:func:`.layout.warm_up`), so every
worker starts with what a first part otherwise pays for; for a build, then the build's stylesheet
(:func:`_style_ahead`). Importing it is its whole purpose. (PDFium, with which an idle worker reads
half of the PDF's pages at the end, is imported by that job, given as the merge starts
(:mod:`briefpress.pages_ahead`), rather than here, where the forkserver's preload is what a cold build's
first part waits for.)

Without its C libraries (no Pango) WeasyPrint cannot be imported: the forkserver must live on all the
same (it would end and the build with it, as an internal error), so the first job meets the error and
:func:`.in_worker.run` reports it as one diagnostic saying what to install.

The forkserver ends when the build's process does, without the interpreter's teardown: it holds the
build's standard output and error open, and a caller reading them to their end (a test, a benchmark,
CI's log) waited ~0.08 s more for the teardown of a process with WeasyPrint loaded. The one folder it
writes (the stylesheet's fonts) is removed by an exit handler that runs first (SIGTERM too ends it by its exit
handlers; Ctrl-C, the build's to handle, it ignores from the start); the workers it forks
end by ``os._exit`` as it is. Only the forkserver:
another process importing the module (pytest's, whose test of every module's import imports it)
would end with exit code 0 whatever its own, a failing test run included.
"""

import atexit
import contextlib
import gc
import os
import pickle
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from . import leftovers
from .model import AHEAD, AHEAD_PID, MAIN_PATH, NO_STYLE, RULES, STYLE


def _imported_by_forkserver() -> bool:
    """Whether this import is the forkserver's preload (``multiprocessing.forkserver.main``)."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "main" and frame.f_globals.get("__name__") == "multiprocessing.forkserver":
            return True
        frame = frame.f_back
    return False


def _style_ahead(style, folder: Path) -> None:
    """The build's print stylesheet, parsed here once, before any worker is forked, so that every worker
    inherits it rather than parse it itself (~45 ms of CPU each, on the way to the first part). The build
    sends its rules as soon as it has read the theme (:meth:`.workers.Workers.parse_rules`), well before
    this process has warmed up, and the whole stylesheet at once after them, its fonts subset for the
    text the document will most likely hold (:meth:`.workers.Workers.parse_style`): the rules are
    parsed, then only the stylesheet's @font-face rules (~15 ms, :mod:`.style`), and the workers are
    forked while the build makes the document. (Forked first, each worker parsed them itself,
    ~30 ms of its CPU on the way to its first part, beside the build's lint.) The build says when none
    is coming, and a pool that ends removes ``folder``: either ends the wait. The fonts WeasyPrint
    writes for the stylesheet go to a folder of this process's, removed when it exits; a reference kept
    here stops a worker that drops the stylesheet from removing them under the next workers."""
    deadline = time.monotonic() + 600
    # the build's process, this one's parent, named by the build: one killed before this process got here
    # was taken for alive (the parent then, init, was noted as the build's), and the wait went on for 600 s
    build = int(os.environ.get(AHEAD_PID, "0")) or os.getppid()
    rules = False
    while True:
        # the rules first, though the stylesheet be here too (the build sends both before this process
        # has warmed up): the stylesheet's fonts are then all that is parsed of it, and the workers
        # inherit the rules alone as well, should the build send them a stylesheet with other fonts
        if not rules and (folder / RULES).exists():
            rules = True
            with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, ValueError):
                style.parse_rules_file(*pickle.loads((folder / RULES).read_bytes()))  # no fonts: nothing written
        if (folder / STYLE).exists():
            break
        if os.getppid() != build:  # the build was killed (SIGKILL): fork nothing it had asked for
            os._exit(0)
        if (folder / NO_STYLE).exists() or not folder.is_dir() or time.monotonic() > deadline:
            return
        time.sleep(0.002)
    try:
        sheet_file, base_dir, allowed = pickle.loads((folder / STYLE).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        return
    own = tempfile.mkdtemp(prefix="briefpress-style-")
    KEPT.append(leftovers.claim(own))  # this process and the workers forked from it hold it (leftovers.py)
    atexit.register(shutil.rmtree, own, True)  # after os._exit's registration: run before it
    # SIGTERM (to the build's process group: a CI job cancelled) ends this process by its exit
    # handlers, which remove the folder, not at once (it was left in TMPDIR); a worker resets it.
    signal.signal(signal.SIGTERM, _exit)
    tempfile.tempdir, before = own, tempfile.tempdir
    try:
        style.parse_style_file(sheet_file, base_dir, allowed)  # the file the parts name (workers.Workers.part)
    finally:
        tempfile.tempdir = before
    KEPT.extend(style.parsed_styles())


def _main_once() -> None:
    """The build's script (:func:`.forkserver._main_path`) run here, once, as multiprocessing runs it in each
    process it starts: the workers forked from here then find it their ``__main__`` and do not run it
    again. Should it fail here, each worker runs it as before, and meets the failure itself."""
    from multiprocessing import process, spawn
    path = os.environ.get(MAIN_PATH)
    if path:
        # as bootstrapping, as multiprocessing runs it in a process it starts: a script that builds at its
        # top level (no ``if __name__ == "__main__":``) fails here (:func:`.workers.start`) rather than
        # start another forkserver, which ran it again and started another (hundreds of processes)
        process.current_process()._inheriting = True
        try:
            with contextlib.suppress(Exception):
                spawn.import_main_path(path)
        finally:
            del process.current_process()._inheriting


KEPT: list = []  # the stylesheet parsed here (_style_ahead), never freed in a worker


def _exit(signum, frame):
    raise SystemExit(128 + signum)


ENDS_AT_EXIT = _imported_by_forkserver()
SERVER = os.getpid()  # as the workers forked from here inherit it: their parent (in_worker.start)
if ENDS_AT_EXIT:
    # Ctrl-C in a terminal reaches the forkserver too: ignored, as multiprocessing ignores it once the
    # preload is done, not a KeyboardInterrupt's traceback from the import or the wait for the
    # stylesheet (the forkserver gone, the starter thread's traceback after it); the build handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

# What the workers inherit (WeasyPrint, its caches) is never garbage: the collector is off while it is
# made (its passes were ~50 ms of the forkserver's, which a cold build waits for), then it is frozen, so
# the collector's passes in a worker skip its ~60,000 objects (in_worker.run). The little garbage the
# warm-up leaves is frozen with it, not collected first (that pass was ~28 ms).
gc.disable()
try:
    from . import layout, style
except OSError:
    layout = None
else:
    layout.warm_up()

if ENDS_AT_EXIT:
    # registered after the imports' exit handlers, so run before them (the forkserver's SystemExit ends
    # here, without their teardown); the stylesheet folder's, registered later, runs first
    atexit.register(os._exit, 0)
    _main_once()  # while the build, still reading the manuscript, has no stylesheet to send
    if layout is not None and os.environ.get(AHEAD):
        _style_ahead(style, Path(os.environ[AHEAD]))
gc.freeze()
gc.enable()
