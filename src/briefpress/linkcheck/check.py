"""Check: unique URLs -> one :class:`Result` each, asynchronously, fairly and politely.

The scheduler (schedule.py) keeps at most ``per_host`` requests per host and shares the
global ``concurrency`` across hosts. Per URL, how to ask is decided once: HEAD, or GET
when fragments need the body; a HEAD the server refuses (405, 501, …) switches the URL
to GET for good, a HEAD 404 is confirmed by one GET, and a HEAD 5xx makes the retries
use GET. A host seen mishandling HEAD (refusing it, or answering it otherwise than GET)
is asked with GET for its later URLs. Bodies are streamed and read only from HTML, and only as far as an anchor
check needs. Timeouts, dropped connections, 5xx and 429 are retried with exponential
backoff and jitter (``Retry-After`` honoured, capped); every URL has a hard time limit,
and so has the run. Redirects are followed by hand, so loops are caught, the chain can
be shown hop by hop, and permanent moves reported. DOIs are checked through the DOI
handle API. Sleeping, the clock, randomness and DNS are injectable, so tests run in
well under a second against servers on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from .client import Client
from .failures import ClientError
from .config import LinkcheckConfig
from .errors import ANCHOR, BLOCKED, GONE, LOOP, MOVED, TRANSIENT, Final, Transient, failure
from .fragments import MISSING, UNCHECKED, judge, wants_body
from .schedule import Again, Scheduler

OK, REDIRECTED, BROKEN, UNCERTAIN, EXCLUDED = "ok", "redirected", "broken", "uncertain", "excluded"
HEAD_REFUSED = {400, 403, 404, 405, 406, 501, 999}  # ask once more with GET; 404: confirm it
PERMANENT = {301, 308}
REDIRECT = {301, 302, 303, 307, 308}
BOT_BLOCK = {401, 403, 429, 999}
NETLOC = re.compile(r"https?://([^/?#\s]*)(?:[/?#]|\Z)")


@dataclass(frozen=True)
class Target:
    """A URL to check once, with every fragment linked on it."""

    url: str  # normalized, without fragment
    fragments: frozenset = frozenset()
    doi: str = ""


@dataclass(frozen=True)
class Result:
    """What checking one URL found: its verdict and why."""

    url: str
    verdict: str
    status: int | None = None
    message: str = ""
    final_url: str = ""
    missing_fragments: tuple = ()
    attempts: int = 1
    cached: bool = False
    kind: str = ""  # failure class (errors.py); "moved" for a permanent redirect
    chain: tuple = ()  # ((url, status), ...) hop by hop, when there was a redirect
    unchecked_fragments: tuple = ()  # fragments on content that has no anchors to check
    content_type: str = ""
    requests: int = 0
    transient_runs: int = 0  # consecutive runs with a transient failure, from the cache
    archive_url: str = ""
    archive_date: str = ""


@dataclass(eq=False)
class Job:
    """One URL's check in progress: how it is asked, how often it was tried."""

    target: Target
    host: str
    deadline: float = 0.0
    method: str = "HEAD"
    attempt: int = 0
    requests: int = 0
    head_failed: bool = False  # a HEAD got 5xx: if the GET of a retry works, the host mishandles HEAD


@dataclass
class Page:
    """Where a URL's redirects ended: status, chain and as much body as was read."""

    status: int
    url: str
    chain: tuple
    permanent: tuple = ()  # the 301/308 statuses, when every hop was permanent
    body: bytes = b""
    content_type: str = ""


@dataclass
class Checker:
    """Checks targets with the settings; sleeping, the clock, randomness and DNS can be replaced in tests."""

    config: LinkcheckConfig
    sleep: object = asyncio.sleep
    clock: object = time.monotonic
    random: object = None  # the retry jitter's source; None: random.random
    resolver: object = None  # client.py's resolver interface; tests map names to 127.0.0.x
    ssl: object = None  # an SSLContext; None: the system's certificates
    _get_hosts: set = field(default_factory=set, repr=False)  # hosts that answer HEAD wrongly: ask with GET

    def session(self) -> Client:
        return Client(self.config.timeout, {"User-Agent": self.config.user_agent, "Accept": "*/*"},
                      self.resolver, self.ssl)

    async def check_all(self, targets: list[Target], progress=None) -> dict[str, Result]:
        """Check every target once; returns url -> Result."""
        cfg = self.config
        async with self.session() as session:
            async def attempt(job: Job):
                try:
                    return await self._attempt(session, job)
                except Exception as exc:  # a bug must not hang the run or print a traceback
                    return Result(job.target.url, UNCERTAIN, message=f"not checked: internal error "
                                  f"({type(exc).__name__})", attempts=job.attempt, requests=job.requests)

            jobs = [Job(t, self._host(t), method="GET" if t.fragments or t.doi else "HEAD") for t in targets]
            done = (lambda job, result: progress(result)) if progress else None
            scheduler = Scheduler(cfg.concurrency, cfg.per_host, attempt, self.sleep, done)
            outcomes = await scheduler.run([(job.host, job) for job in jobs], cfg.total_time_limit)
        results = {job.target.url: result for job, result in outcomes.items()}
        for t in targets:
            if t.url not in results:  # not setdefault: that would build a Result for every URL
                results[t.url] = Result(t.url, UNCERTAIN, message="not checked: the run's time limit "
                                        f"({cfg.total_time_limit:.0f} s) was reached")
        return results

    def _host(self, target: Target) -> str:
        url = self.config.doi_api if target.doi else target.url
        found = NETLOC.match(url)  # what urlsplit(url).netloc gives, for a normalized URL, in a tenth of the time
        return found.group(1) if found else urlsplit(url).netloc

    async def _attempt(self, session, job: Job):
        target = job.target
        if not job.attempt:
            job.deadline = self.clock() + self.config.url_time_limit
            if job.method == "HEAD" and job.host in self._get_hosts:
                job.method = "GET"
        job.attempt += 1
        try:
            if target.doi:
                return await self._check_doi(session, job)
            page = await self._follow(session, job)
            return self._verdict(job, page)
        except Final as exc:
            return Result(target.url, exc.verdict, exc.status, str(exc), attempts=job.attempt, kind=exc.kind,
                          chain=getattr(exc, "chain", ()), requests=job.requests)
        except Transient as exc:
            delay = self._delay(job.attempt, exc.retry_after)
            if job.attempt > self.config.retries or self.clock() + delay > job.deadline:
                verdict = UNCERTAIN if exc.status in BOT_BLOCK else BROKEN
                what = f"{exc} after {job.attempt} attempt{'s' if job.attempt > 1 else ''}"
                return Result(target.url, verdict, exc.status, what, attempts=job.attempt, kind=TRANSIENT,
                              chain=getattr(exc, "chain", ()), requests=job.requests)
            return Again(delay)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.config.retry_after_cap)
        if self.random is None:
            import random  # only when something is retried

            self.random = random.random
        return min(0.5 * 2 ** (attempt - 1) * (0.5 + self.random()), self.config.retry_after_cap)

    async def _request(self, session, job: Job, method: str, url: str, need_body: bool):
        job.requests += 1
        wants = None
        if need_body:
            wants = lambda status, ctype: status < 300 and (need_body == "any" or wants_body(ctype))  # noqa: E731
        try:
            # An unwanted body is not read: a 200 MB file is never downloaded.
            answer = await session.request(method, url, self.config.max_body if wants else 0, wants)
        except (ClientError, TimeoutError, OSError, ValueError) as exc:
            raise failure(exc, url, self.config.timeout, BROKEN) from exc
        h = answer.headers
        return answer.status, h.get("location"), h.get("retry-after"), h.get("content-type", ""), answer.body

    async def _ask(self, session, job: Job, url: str, need_body: bool):
        answer = await self._request(session, job, job.method, url, need_body)
        status = answer[0]
        if job.method == "HEAD" and status in HEAD_REFUSED:
            job.method = "GET"  # decided once: every later hop and retry asks with GET
            answer = await self._request(session, job, "GET", url, need_body)
            if status in (405, 501) or answer[0] != status:
                self._get_hosts.add(urlsplit(url).netloc)  # a host that mishandles HEAD does so for every URL
        elif job.method == "HEAD" and status >= 500:
            job.method = "GET"  # some servers fail only on HEAD; the retry will tell, at no extra cost
            job.head_failed = True
        elif job.head_failed and status < 400:
            self._get_hosts.add(urlsplit(url).netloc)
        return answer

    async def _follow(self, session, job: Job) -> Page:
        url = job.target.url
        chain: list[tuple[str, int]] = []
        permanent: list[int] = []
        only_permanent = True
        visits: set = set()  # (url, cookies set so far): back at a URL with nothing new is a loop
        for _ in range(self.config.max_redirects + 1):
            visits.add((url, session.cookies_set))
            status, location, retry_after, ctype, body = await self._ask(session, job, url, bool(job.target.fragments))
            chain.append((url, status))
            if status in REDIRECT and location:
                nxt = urljoin(url, location).split("#", 1)[0]
                if (nxt, session.cookies_set) in visits:
                    raise _with_chain(Final(BROKEN, f"redirect loop: back to {nxt}",
                                            status, LOOP), chain)
                only_permanent = only_permanent and status in PERMANENT
                permanent = permanent + [status] if only_permanent else []
                url = nxt
                continue
            if status == 429 or status >= 500:
                raise _with_chain(Transient(_http(status), status, _retry_after(retry_after)), chain)
            return Page(status, url, tuple(chain) if len(chain) > 1 else (), tuple(permanent), body, ctype)
        raise _with_chain(Final(BROKEN, f"more than {self.config.max_redirects} redirects", None, LOOP), chain)

    def _verdict(self, job: Job, page: Page) -> Result:
        target, status = job.target, page.status
        common = dict(final_url=page.url, attempts=job.attempt, chain=page.chain, content_type=page.content_type,
                      requests=job.requests)
        if not (200 <= status < 300 or status in self.config.accept):
            if status in BOT_BLOCK:
                return Result(target.url, UNCERTAIN, status, f"{_http(status)}: the site refuses automated checks",
                              kind=BLOCKED, **common)
            return Result(target.url, BROKEN, status, _http(status), kind=GONE, **common)
        judged = {f: judge(f, page.content_type, page.body) for f in target.fragments}
        missing = tuple(sorted(f for f, j in judged.items() if j == MISSING))
        unchecked = tuple(sorted(f for f, j in judged.items() if j == UNCHECKED))
        if missing:
            return Result(target.url, BROKEN, status, "missing anchor " + ", ".join(f"#{m}" for m in missing),
                          missing_fragments=missing, unchecked_fragments=unchecked, kind=ANCHOR, **common)
        if page.permanent:
            codes = ", ".join(str(s) for s in page.permanent)
            return Result(target.url, REDIRECTED, status, f"moved permanently ({codes}) to {page.url}",
                          unchecked_fragments=unchecked, kind=MOVED, **common)
        return Result(target.url, OK, status, "", unchecked_fragments=unchecked, **common)

    async def _check_doi(self, session, job: Job) -> Result:
        target = job.target
        api = self.config.doi_api + quote(target.doi, safe="/")
        status, _, retry_after, _, body = await self._request(session, job, "GET", api, need_body="any")
        n = dict(attempts=job.attempt, requests=job.requests)
        if status == 429 or status >= 500:
            raise Transient(f"the DOI service answered {_http(status)}", status, _retry_after(retry_after))
        if status == 200 and _doi_code(body) == 1:
            return Result(target.url, OK, status, "", target.url, **n)
        if status in (404, 200):
            return Result(target.url, BROKEN, status, f"DOI {target.doi} is not registered", kind=GONE, **n)
        return Result(target.url, UNCERTAIN, status, f"the DOI service answered {_http(status)}", kind=BLOCKED, **n)


def _with_chain(exc: Exception, chain: list) -> Exception:
    exc.chain = tuple(chain) if len(chain) > 1 else ()
    return exc


def _http(status: int) -> str:
    import http  # the reason phrases, only for a failure

    try:
        return f"HTTP {status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _doi_code(body: bytes):
    try:
        return json.loads(body).get("responseCode")
    except (ValueError, AttributeError):
        return None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    import email.utils  # rarely needed: an HTTP date in Retry-After
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
