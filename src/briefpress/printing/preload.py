"""What the workers' forkserver imports before forking them (:mod:`.workers`): :mod:`.layout`, which
imports WeasyPrint, then one small page laid out and written (:func:`.layout.warm_up`), so every
worker starts with what a first part otherwise pays for. Importing it is its whole purpose.

Without its C libraries (no Pango) WeasyPrint cannot be imported: the forkserver must live on all the
same (it would end and the build with it, as an internal error), so the first job meets the error and
:func:`.workers.run` reports it as one diagnostic saying what to install.

The forkserver ends when the build's process does, without the interpreter's teardown: it holds the
build's standard output and error open, and a caller reading them to their end (a test, a benchmark,
CI's log) waited ~0.08 s more for the teardown of a process with WeasyPrint loaded. It writes no file
and has nothing to clean up; the workers it forks end by ``os._exit`` as it is. Only the forkserver:
another process importing the module (pytest's, whose test of every module's import imports it)
would end with exit code 0 whatever its own, a failing test run included.
"""

import atexit
import gc
import os
import sys


def _imported_by_forkserver() -> bool:
    """Whether this import is the forkserver's preload (``multiprocessing.forkserver.main``)."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "main" and frame.f_globals.get("__name__") == "multiprocessing.forkserver":
            return True
        frame = frame.f_back
    return False


# What the workers inherit (WeasyPrint, its caches) is never garbage: the collector is off while it is
# made (its passes were ~50 ms of the forkserver's, which a cold build waits for), then it is frozen, so
# the collector's passes in a worker skip its ~60,000 objects (workers.run). The little garbage the
# warm-up leaves is frozen with it, not collected first (that pass was ~28 ms).
gc.disable()
try:
    from .layout import warm_up
except OSError:
    pass
else:
    warm_up()
gc.freeze()
gc.enable()

ENDS_AT_EXIT = _imported_by_forkserver()
if ENDS_AT_EXIT:
    atexit.register(os._exit, 0)  # registered last, so run first: the forkserver's SystemExit ends here
