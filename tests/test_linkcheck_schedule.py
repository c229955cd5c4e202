"""Scheduling, requests per case and fragments by content type, against our own server on 127.0.0.1."""
import asyncio

import pytest

from briefpress.linkcheck.schedule import Again, Scheduler
from linkserver import Server
from test_linkcheck import check


@pytest.fixture(scope="module")
def server():
    s = Server().start()
    yield s
    s.stop()


def test_scheduler_takes_hosts_in_turn_and_gives_slots_back_while_waiting_to_retry():
    started, tries = [], {}

    async def attempt(job):
        started.append(job)
        tries[job] = tries.get(job, 0) + 1
        await asyncio.sleep(0)
        return Again(0) if job == "a1" and tries[job] == 1 else job.upper()

    jobs = [("a", "a1"), ("a", "a2"), ("a", "a3"), ("b", "b1"), ("b", "b2"), ("c", "c1")]
    outcomes = asyncio.run(Scheduler(1, 1, attempt).run(jobs))
    assert outcomes == {j: j.upper() for _, j in jobs}
    # Sorted by host on the way in, interleaved on the way out; a1's retry waited without a slot.
    assert started == ["a1", "b1", "c1", "a1", "b2", "a2", "a3"]  # the retry in a's next turn, before a2


def test_scheduler_never_runs_more_than_per_host_or_the_global_limit():
    running, peak = {}, {"all": 0}

    async def attempt(job):
        host = job[0]
        running[host] = running.get(host, 0) + 1
        peak[host] = max(peak.get(host, 0), running[host])
        peak["all"] = max(peak["all"], sum(running.values()))
        await asyncio.sleep(0.001)
        running[host] -= 1
        return "done"

    jobs = [(h, f"{h}{i}") for h in "abcde" for i in range(10)]
    outcomes = asyncio.run(Scheduler(7, 2, attempt).run(jobs))
    assert len(outcomes) == 50
    assert all(peak[h] == 2 for h in "abcde") and peak["all"] == 7


def test_scheduler_stops_at_the_run_time_limit_and_cancels_what_is_left():
    cancelled = []

    async def attempt(job):
        if job == "quick":
            return "done"
        try:
            await asyncio.Event().wait()  # a request that never ends
        except asyncio.CancelledError:
            cancelled.append(job)
            raise

    outcomes = asyncio.run(Scheduler(4, 2, attempt).run([("a", "quick"), ("a", "stuck"), ("b", "stuck too")], 0.5))
    assert outcomes == {"quick": "done"} and sorted(cancelled) == ["stuck", "stuck too"]


def test_an_exception_is_the_jobs_outcome_not_a_hang():
    async def attempt(job):
        if job == "bad":
            raise KeyError(job)
        return "done"

    outcomes = asyncio.run(Scheduler(2, 1, attempt).run([("a", "bad"), ("a", "good")], 10))
    assert outcomes["good"] == "done" and isinstance(outcomes["bad"], KeyError)


def test_hosts_share_the_global_limit_when_urls_arrive_sorted_by_host(server):
    server.reset_counts()
    # /gate/3 answers only once 3 hosts are busy at once: a checker whose slots all wait for
    # the first host never gets there (and then sees 1 busy host); a fair one does at once.
    urls = [f"http://{h}.test:{server.port}/{'gate/3' if i < 2 else 'busy'}/{h}{i}" for h in "abc" for i in range(6)]
    results, _ = check(server, *urls, per_host=2, concurrency=6, timeout=5)
    assert all(r.verdict == "ok" for r in results)
    assert server.max_busy_hosts == 3
    assert sorted(server.host_peak) == [f"{h}.test:{server.port}" for h in "abc"]
    assert max(server.host_peak.values()) == 2


def test_per_host_limit_holds_with_a_large_global_limit(server):
    server.reset_counts()
    results, _ = check(server, *[f"/busy/x{i}" for i in range(30)], per_host=3, concurrency=128)
    assert all(r.verdict == "ok" for r in results)
    assert server.host_peak[f"127.0.0.1:{server.port}"] == 3


def requests_for(server, path, **settings):
    before = server.hits[("HEAD", path)], server.hits[("GET", path)]
    (r,), _ = check(server, path, **settings)
    return r, (server.hits[("HEAD", path)] - before[0], server.hits[("GET", path)] - before[1])


@pytest.mark.parametrize("path, verdict, heads, gets", [
    ("/ok", "ok", 1, 0),
    ("/500", "broken", 1, 2),  # retries=2: three attempts, three requests; the retries ask with GET
    ("/404", "broken", 1, 1),  # a HEAD 404 is confirmed by one GET, no more
    ("/410", "broken", 1, 0),
    ("/head404", "ok", 1, 1),  # a server that answers HEAD wrongly
    ("/head405", "ok", 1, 1),
    ("/head500", "ok", 1, 1),  # fails on HEAD only: the retry's GET succeeds
])
def test_requests_per_case(server, path, verdict, heads, gets):
    r, (h, g) = requests_for(server, path, retries=2)
    assert r.verdict == verdict
    assert (h, g) == (heads, gets)
    assert r.requests == heads + gets


def test_head_refused_switches_the_url_to_get_for_every_hop_and_retry(server):
    r, (h, g) = requests_for(server, "/429-once", retries=2)
    assert r.verdict == "ok" and (h, g) == (2, 0)  # 429 is "slow down", not "HEAD refused": still HEAD


def test_a_host_that_mishandles_head_is_asked_with_get_for_its_later_urls(server):
    before = server.hits[("HEAD", "/404")], server.hits[("GET", "/404")]
    (first, second), _ = check(server, "/head404", "/404", per_host=1)  # one at a time, in this order
    assert (first.verdict, second.verdict) == ("ok", "broken")
    assert (server.hits[("HEAD", "/404")] - before[0], server.hits[("GET", "/404")] - before[1]) == (0, 1)
    assert second.requests == 1


def test_pdf_open_parameters_are_fine_and_other_fragments_are_not_checked(server):
    (r,), _ = check(server, "/report.pdf", fragments=("page=2", "nameddest=intro", "page=3&zoom=150"))
    assert r.verdict == "ok" and r.unchecked_fragments == () and r.content_type == "application/pdf"
    (r,), _ = check(server, "/report.pdf", fragments=("page=2", "chapter-3"))
    assert r.verdict == "ok" and r.unchecked_fragments == ("chapter-3",)
    (r,), _ = check(server, "/data.txt", fragments=("section",))
    assert r.verdict == "ok" and r.unchecked_fragments == ("section",)
    (r,), _ = check(server, "/page", fragments=("page=2",))
    assert r.verdict == "broken" and r.missing_fragments == ("page=2",)  # HTML: an anchor like any other


def test_a_redirect_chain_ending_in_404_is_kept_hop_by_hop(server):
    (r,), _ = check(server, "/moved-gone")
    assert r.verdict == "broken" and r.status == 404 and r.kind == "gone"
    assert r.chain == ((server.url("/moved-gone"), 301), (server.url("/moved-gone-2"), 302), (server.url("/404"), 404))


def test_a_redirect_loop_is_shown_as_a_loop(server):
    (r,), _ = check(server, "/loop-a")
    assert r.kind == "redirects"
    assert r.message == f"redirect loop: back to {server.url('/loop-a')}"
    assert r.chain == ((server.url("/loop-a"), 301), (server.url("/loop-b"), 301))
