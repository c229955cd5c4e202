"""A job given to a pool still starting (printing/later.py): the build's process gets its future at once
rather than wait while the forkserver parses the stylesheet; the jobs reach the pool in the order given,
each future takes its job's result, exception or cancellation, and a job cancelled before it was sent
never runs."""

import threading
from concurrent.futures import Future

import pytest

from briefpress.printing.later import Sender
from test_style_ahead import _run


class Pool:
    """A pool whose starter thread runs until released; records the jobs it is given."""

    def __init__(self):
        self.release = threading.Event()
        self.starter = threading.Thread(target=self.release.wait)
        self.starter.start()
        self.sent: list[str] = []
        self.jobs: dict[str, Future] = {}

    def send(self, name: str):
        def send():
            self.sent.append(name)
            self.jobs[name] = Future()
            return self.jobs[name]
        return send


def test_jobs_wait_for_the_starter_then_go_in_order_and_take_their_results():
    pool = Pool()
    sender = Sender(pool.starter)
    later = [sender.submit(pool.send(name)) for name in ("a", "b", "c")]
    assert pool.sent == [] and not any(f.done() for f in later)
    pool.release.set()
    pool.starter.join()
    sender.thread and sender.thread.join(5)
    assert pool.sent == ["a", "b", "c"]
    pool.jobs["b"].set_result(2)
    pool.jobs["a"].set_exception(ValueError("bad part"))
    assert later[1].result(timeout=5) == 2
    with pytest.raises(ValueError, match="bad part"):
        later[0].result(timeout=5)
    assert pool.jobs["c"].cancel() and later[2].cancelled()
    direct = sender.submit(pool.send("d"))  # the pool started, nothing waiting: sent at once
    assert direct is pool.jobs["d"]


def test_a_job_cancelled_before_it_is_sent_never_runs_and_one_sent_is_cancelled_in_the_pool():
    pool = Pool()
    sender = Sender(pool.starter)
    dropped, kept = sender.submit(pool.send("dropped")), sender.submit(pool.send("kept"))
    assert dropped.cancel() and dropped.cancelled()
    pool.release.set()
    pool.starter.join()
    sender.thread and sender.thread.join(5)
    assert pool.sent == ["kept"]
    assert kept.cancel() and pool.jobs["kept"].cancelled() and kept.cancelled()


def test_a_pool_that_cannot_take_the_job_gives_its_error_through_the_future():
    pool = Pool()
    sender = Sender(pool.starter)

    def broken():
        raise RuntimeError("cannot schedule new futures after shutdown")
    later = sender.submit(broken)
    pool.release.set()
    with pytest.raises(RuntimeError, match="after shutdown"):
        later.result(timeout=5)


SUBMIT_WHILE_WAITING = """
import sys, threading, time
from briefpress.printing import workers
if __name__ == "__main__":
    pool = workers.start(ahead=True)  # the forkserver waits for a stylesheet: the workers are not forked yet
    got = []
    asker = threading.Thread(target=lambda: got.append(pool.submit("prepare")), daemon=True)
    asker.start()
    asker.join(5)
    returned = bool(got) and not got[0].done()  # a future at once, its job not run
    pool.style_done()
    asker.join(60)
    print(returned, got[0].result(timeout=60))
    pool.kill()
"""


def test_a_job_given_while_the_forkserver_waits_returns_at_once(tmp_path):
    assert _run(SUBMIT_WHILE_WAITING, tmp_path).split() == ["True", "True"]


def test_a_pool_shortens_the_interval_between_this_processs_threads_while_it_lives():
    """Its threads (starter, sender, the executor's) get their turn while the build parses or lints."""
    import sys
    from briefpress.printing import workers
    before = sys.getswitchinterval()
    with workers.pool(size=2) as pool:
        during = sys.getswitchinterval()
        assert pool.submit("prepare").result(timeout=60) in (True, False)
    assert during == min(before, workers.SWITCH_INTERVAL) < 0.005 and sys.getswitchinterval() == before
