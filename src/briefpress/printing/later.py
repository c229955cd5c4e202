"""Later: a job for a pool still starting -> a future at once, the job handed to the pool by a thread.

While a ``ProcessPoolExecutor`` starts a worker it holds its lock until the worker is forked: from the
forkserver, which first waits for the build's stylesheet and parses it (:mod:`.preload`). A job
submitted meanwhile waited for that lock, and the build's process with it (~45 ms of a cold build,
with a core idle) instead of linting. :meth:`Sender.submit` returns a :class:`Later` at once; a
thread submits the jobs, in order, once the pool's starter is done, and each Later takes its job's
result, exception or cancellation. Cancelling a Later cancels its job, sent or not.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future


class Later(Future):
    """A job's future before the job is submitted: cancelled here until it is, then through its job."""

    def __init__(self):
        super().__init__()
        self._lock = threading.Lock()
        self._job: Future | None = None
        self._dropped = False

    def cancel(self) -> bool:
        with self._lock:
            if self._job is None:
                self._dropped = True
                return super().cancel()
            job = self._job
        return job.cancel()  # its done callback cancels this one

    def _take(self, job: Future) -> None:
        if job.cancelled():
            super().cancel()
        elif job.exception() is not None:
            self.set_exception(job.exception())
        else:
            self.set_result(job.result())


class Sender:
    """Jobs for a pool still starting: each handed to the pool, in the order given, by one thread once
    ``starter`` (the thread that starts the pool's workers) has ended."""

    def __init__(self, starter: threading.Thread):
        self.starter = starter
        self.waiting: list[tuple[Later, object]] = []
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def submit(self, send) -> Future:
        """``send()`` -> the job's Future: called here once the pool has started and no job waits, else
        in this Sender's thread (a :class:`Later` returned)."""
        with self.lock:
            if self.thread is not None or self.starter.is_alive():
                later = Later()
                self.waiting.append((later, send))
                if self.thread is None:
                    self.thread = threading.Thread(target=self._run, daemon=True)
                    self.thread.start()
                return later
        return send()

    def _run(self) -> None:
        self.starter.join()
        while True:
            with self.lock:
                if not self.waiting:
                    self.thread = None
                    return
                later, send = self.waiting.pop(0)
            _send(later, send)


def _send(later: Later, send) -> None:
    with later._lock:
        if later._dropped:
            return
        try:
            later._job = send()
        except BaseException as exc:  # noqa: BLE001  (the pool shut down or broke: the job's error)
            later.set_exception(exc)
            return
    later._job.add_done_callback(later._take)
