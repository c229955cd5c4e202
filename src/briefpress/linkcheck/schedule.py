"""Schedule: jobs keyed by host -> every job run to an outcome, fairly across hosts.

Each host has its own queue; a dispatcher hands a job to a worker only when both
the global limit and the job's host have a free slot, taking hosts round-robin.
So a global slot is never held by a job that waits for its host (targets sorted
by URL used to fill every slot with one host's waiters), and a job that must wait
before a retry gives both slots back while it sleeps.

``run(jobs)`` returns job -> outcome; ``attempt(job)`` returns either an outcome
or :class:`Again` (sleep this long, then queue the job again); an exception it
raises is that job's outcome.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Again:
    """Try the job again after `delay` seconds."""

    delay: float


class Scheduler:
    def __init__(self, concurrency: int, per_host: int, attempt, sleep=asyncio.sleep, done=None):
        self.limit, self.per_host = max(1, concurrency), max(1, per_host)
        self.attempt, self.sleep, self.done = attempt, sleep, done
        self.queues: dict[str, deque] = {}
        self.active: dict[str, int] = {}
        self.ready: deque[str] = deque()  # hosts with a queued job and a free slot, in turn
        self.in_ready: set[str] = set()
        self.running = 0
        self.outcomes: dict = {}
        self.tasks: set[asyncio.Task] = set()

    async def run(self, jobs: list[tuple[str, object]], time_limit: float | None = None) -> dict:
        """`jobs` are (host, job) pairs; returns job -> outcome for every job finished in time."""
        self.left = len(jobs)
        self.finished = asyncio.Event()
        for host, job in jobs:
            self.queues.setdefault(host, deque()).append(job)
            self.active.setdefault(host, 0)
        for host in self.queues:
            self._offer(host)
        if not jobs:
            return {}
        self._pump()
        try:
            await asyncio.wait_for(self.finished.wait(), time_limit)
        except asyncio.TimeoutError:
            pass
        finally:
            for task in list(self.tasks):
                task.cancel()
            if self.tasks:
                await asyncio.gather(*self.tasks, return_exceptions=True)
        return self.outcomes

    def _offer(self, host: str) -> None:
        if host not in self.in_ready and self.queues[host] and self.active[host] < self.per_host:
            self.ready.append(host)
            self.in_ready.add(host)

    def _pump(self) -> None:
        while self.running < self.limit and self.ready:
            host = self.ready.popleft()
            self.in_ready.discard(host)
            job = self.queues[host].popleft()
            self.active[host] += 1
            self.running += 1
            self._spawn(self._work(host, job))
            self._offer(host)  # back of the line: every other ready host goes first

    def _spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _work(self, host: str, job) -> None:
        try:
            outcome = await self.attempt(job)
        except Exception as exc:  # the job's outcome, so a bug cannot leave the run waiting for it
            outcome = exc
        finally:
            self.active[host] -= 1
            self.running -= 1
            self._offer(host)
        if isinstance(outcome, Again):
            self._spawn(self._later(host, job, outcome.delay))
        else:
            self.outcomes[job] = outcome
            self.left -= 1
            if self.done:
                self.done(job, outcome)
            if not self.left:
                self.finished.set()
        self._pump()

    async def _later(self, host: str, job, delay: float) -> None:
        await self.sleep(delay)
        self.queues[host].appendleft(job)  # a retry goes before the host's untried jobs
        self._offer(host)
        self._pump()
