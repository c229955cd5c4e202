"""Exit codes and interruption: the one place that says how briefpress ends.

    0    done (built and verified; lint clean; no broken link)
    1    the input has errors (every one printed as file:line:col); nothing was written
    2    usage or configuration error
    3    an internal error (a bug): one line, ``--debug`` shows the traceback
    130  interrupted (Ctrl-C or SIGTERM); nothing was written but the files named (an interrupt after a
         build wrote its outputs, as it closed its workers, or between two language editions)

:func:`interruptible` turns SIGTERM into the same exception as Ctrl-C while a command runs, so
both end the same way: the workers killed, temporary files removed, one line printed.
"""

from __future__ import annotations

import contextlib
import signal
import threading

OK, ERRORS, USAGE, INTERNAL, INTERRUPTED = 0, 1, 2, 3, 130

INTERRUPTED_MESSAGE = "briefpress: interrupted; nothing was written"


def interrupted_line(exc: BaseException) -> str:
    """The line for an interrupt: what was written before it (``exc.written``, set by the build), if anything."""
    written = getattr(exc, "written", ())
    if not written:
        return INTERRUPTED_MESSAGE
    return f"briefpress: interrupted; written before it: {', '.join(str(p) for p in written)}"
DEBUG_HINT = "run with --debug for the traceback"


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread like Ctrl-C."""


def _raise_terminated(signum, frame):
    raise Terminated()


@contextlib.contextmanager
def interruptible():
    """While the block runs, SIGTERM raises :class:`Terminated` (only possible in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def from_interrupt(exc: BaseException) -> bool:
    """Whether an exception came of Ctrl-C or SIGTERM: Python wraps one raised as a class is made (a
    dataclass's field, while a module is imported) in a RuntimeError, its cause."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def internal_error_line(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"briefpress: internal error: {type(exc).__name__}{': ' + text if text else ''}; {DEBUG_HINT}"


@contextlib.contextmanager
def held():
    """Ctrl-C and SIGTERM held while the block runs, and delivered (as :func:`interruptible` raises them)
    when it ends: a native extension's import interrupted half-way (pikepdf's nanobind) aborted the whole
    process (exit -6, a "Critical nanobind error", temporary folders left) once in six Ctrl-Cs. Their
    handlers are swapped for one that notes them: blocking them for this thread let another thread of
    the process (a pool's) take the signal, and the exception came inside the block all the same."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    if None in previous.values():  # a handler set outside Python: it could not be put back
        yield
        return
    for s in previous:
        signal.signal(s, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        for s in dict.fromkeys(caught):  # each once, in the order they came, as if they came now
            if callable(previous[s]):
                previous[s](s, None)
            elif previous[s] == signal.SIG_DFL:
                signal.raise_signal(s)


@contextlib.contextmanager
def finishing():
    """Ctrl-C and SIGTERM set aside while a build writes its outputs (all or none) and keeps its layout
    cache: that is the build's end, and an interrupt then would be reported as "nothing was written" when
    the outputs were. The build ends as built instead."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    if None in previous.values():  # a handler set outside Python: it could not be put back
        yield
        return
    for s in previous:
        signal.signal(s, lambda signum, frame: None)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
