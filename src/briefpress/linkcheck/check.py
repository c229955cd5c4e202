"""Check: unique URLs -> one :class:`Result` each, asynchronously and politely.

HEAD first, GET when HEAD is refused or unreliable; bodies are streamed and read
only as far as an anchor check needs. Timeouts, dropped connections, 5xx and 429
are retried with exponential backoff and jitter (``Retry-After`` honoured, capped);
every URL has a hard time limit, and so has the run. Redirects are followed by
hand, so loops are caught and permanent moves reported. DOIs are checked through
the DOI handle API. Sleeping, the clock, randomness and DNS are injectable, so
tests run in well under a second against servers on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import email.utils
import html
import json
import random
import re
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urljoin, urlsplit

import aiohttp

from .config import LinkcheckConfig

OK, REDIRECTED, BROKEN, UNCERTAIN, EXCLUDED = "ok", "redirected", "broken", "uncertain", "excluded"
HEAD_UNRELIABLE = {400, 403, 404, 405, 406, 500, 501, 999}  # 429, 502, 503: wait and retry instead
PERMANENT = {301, 308}
REDIRECT = {301, 302, 303, 307, 308}
BOT_BLOCK = {401, 403, 429, 999}


@dataclass(frozen=True)
class Target:
    url: str  # normalized, without fragment
    fragments: frozenset = frozenset()
    doi: str = ""


@dataclass(frozen=True)
class Result:
    url: str
    verdict: str
    status: int | None = None
    message: str = ""
    final_url: str = ""
    missing_fragments: tuple = ()
    attempts: int = 1
    cached: bool = False


class Transient(Exception):
    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.status, self.retry_after = status, retry_after


class Final(Exception):
    def __init__(self, verdict: str, message: str, status: int | None = None):
        super().__init__(message)
        self.verdict, self.status = verdict, status


@dataclass
class Page:
    status: int
    url: str
    permanent_to: str = ""
    body: bytes = b""


@dataclass
class Checker:
    config: LinkcheckConfig
    sleep: object = asyncio.sleep
    clock: object = time.monotonic
    random: object = random.random
    resolver: object = None  # an aiohttp resolver; tests map names to 127.0.0.x
    ssl: object = None
    _hosts: dict = field(default_factory=dict)

    def _host_lock(self, url: str) -> asyncio.Semaphore:
        host = urlsplit(url).netloc
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self.config.per_host)
        return self._hosts[host]

    async def check_all(self, targets: list[Target], progress=None) -> dict[str, Result]:
        """Check every target once; returns url -> Result."""
        cfg = self.config
        connector = aiohttp.TCPConnector(limit=cfg.concurrency, limit_per_host=cfg.per_host,
                                         resolver=self.resolver, ssl=self.ssl if self.ssl is not None else True)
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=cfg.timeout, sock_read=cfg.timeout)
        results: dict[str, Result] = {}
        async with aiohttp.ClientSession(connector=connector, timeout=timeout, auto_decompress=True,
                                         headers={"User-Agent": cfg.user_agent, "Accept": "*/*"}) as session:
            global_lock = asyncio.Semaphore(cfg.concurrency)

            async def one(target: Target):
                async with global_lock:
                    result = await self.check(session, target)
                results[target.url] = result
                if progress:
                    progress(result)

            tasks = [asyncio.ensure_future(one(t)) for t in targets]
            done, pending = await asyncio.wait(tasks, timeout=cfg.total_time_limit) if tasks else (set(), set())
            for task in pending:
                task.cancel()
            for t in targets:
                results.setdefault(t.url, Result(t.url, UNCERTAIN, message="not checked: the run's time limit "
                                                 f"({cfg.total_time_limit:.0f} s) was reached"))
        return results

    async def check(self, session: aiohttp.ClientSession, target: Target) -> Result:
        deadline = self.clock() + self.config.url_time_limit
        attempt = 0
        while True:
            attempt += 1
            try:
                async with self._host_lock(target.url):
                    if target.doi:
                        return await self._check_doi(session, target, attempt)
                    page = await self._follow(session, target.url, need_body=bool(target.fragments))
                return self._verdict(target, page, attempt)
            except Final as exc:
                return Result(target.url, exc.verdict, exc.status, str(exc), attempts=attempt)
            except Transient as exc:
                delay = self._delay(attempt, exc.retry_after)
                if attempt > self.config.retries or self.clock() + delay > deadline:
                    verdict = UNCERTAIN if exc.status in BOT_BLOCK else BROKEN
                    what = f"{exc} after {attempt} attempt{'s' if attempt > 1 else ''}"
                    return Result(target.url, verdict, exc.status, what, attempts=attempt)
                await self.sleep(delay)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.config.retry_after_cap)
        return min(0.5 * 2 ** (attempt - 1) * (0.5 + self.random()), self.config.retry_after_cap)

    async def _request(self, session, method: str, url: str, need_body: bool) -> tuple[int, dict, bytes]:
        try:
            async with session.request(method, url, allow_redirects=False) as resp:
                body = b""
                if need_body and method == "GET" and resp.status < 300:
                    body = await resp.content.read(self.config.max_body)
                # Anything unread is dropped with the connection: a 200 MB file is never downloaded.
                return resp.status, dict(resp.headers), body
        except aiohttp.ClientConnectorDNSError as exc:
            raise Final(BROKEN, f"DNS failure: host {urlsplit(url).hostname} not found") from exc
        except (aiohttp.ClientConnectorCertificateError, aiohttp.ClientConnectorSSLError,
                aiohttp.ClientSSLError) as exc:
            raise Final(BROKEN, f"TLS error: {_short(exc)}") from exc
        except aiohttp.ClientConnectorError as exc:
            if isinstance(exc.os_error, ssl.SSLError):
                raise Final(BROKEN, f"TLS error: {_short(exc)}") from exc
            raise Final(BROKEN, f"connection refused or unreachable: {_short(exc)}") from exc
        except (asyncio.TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise Transient("timeout") from exc
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError, aiohttp.ClientPayloadError) as exc:
            if isinstance(exc.__cause__ or exc.__context__, ssl.SSLError) or "SSL" in str(exc):
                raise Final(BROKEN, f"TLS error: {_short(exc)}") from exc
            raise Transient(f"connection dropped ({_short(exc)})") from exc
        except aiohttp.InvalidURL as exc:
            raise Final(BROKEN, f"malformed URL: {exc}") from exc

    async def _follow(self, session, url: str, need_body: bool) -> Page:
        seen = {url}
        permanent_to = ""
        only_permanent = True
        for _ in range(self.config.max_redirects + 1):
            method = "GET" if need_body else "HEAD"
            status, headers, body = await self._request(session, method, url, need_body)
            if method == "HEAD" and status in HEAD_UNRELIABLE:
                status, headers, body = await self._request(session, "GET", url, need_body)
            if status in REDIRECT and headers.get("Location"):
                nxt = urljoin(url, headers["Location"]).split("#", 1)[0]
                if nxt in seen:
                    raise Final(BROKEN, f"redirect loop at {nxt}", status)
                seen.add(nxt)
                only_permanent = only_permanent and status in PERMANENT
                permanent_to = nxt if only_permanent else ""
                url = nxt
                continue
            if status == 429 or status >= 500:
                raise Transient(f"HTTP {status}", status, _retry_after(headers.get("Retry-After")))
            return Page(status, url, permanent_to, body)
        raise Final(BROKEN, f"more than {self.config.max_redirects} redirects")

    def _verdict(self, target: Target, page: Page, attempt: int) -> Result:
        status = page.status
        accepted = 200 <= status < 300 or status in self.config.accept
        if not accepted:
            if status in BOT_BLOCK:
                return Result(target.url, UNCERTAIN, status, f"HTTP {status}: the site refuses automated checks; "
                              "check it in a browser", page.url, attempts=attempt)
            return Result(target.url, BROKEN, status, f"HTTP {status}", page.url, attempts=attempt)
        missing = tuple(sorted(f for f in target.fragments if not fragment_present(f, page.body)))
        if missing:
            return Result(target.url, BROKEN, status, "missing anchor " + ", ".join(f"#{m}" for m in missing),
                          page.url, missing, attempt)
        if page.permanent_to:
            return Result(target.url, REDIRECTED, status, f"moved: update the reference to {page.permanent_to}",
                          page.permanent_to, attempts=attempt)
        return Result(target.url, OK, status, "", page.url, attempts=attempt)

    async def _check_doi(self, session, target: Target, attempt: int) -> Result:
        api = self.config.doi_api + quote(target.doi, safe="/")
        status, headers, body = await self._request(session, "GET", api, need_body=True)
        if status == 429 or status >= 500:
            raise Transient(f"DOI API HTTP {status}", status, _retry_after(headers.get("Retry-After")))
        if status == 200 and _doi_code(body) == 1:
            return Result(target.url, OK, status, "", target.url, attempts=attempt)
        if status in (404, 200):
            return Result(target.url, BROKEN, status, f"DOI {target.doi} is not registered", attempts=attempt)
        return Result(target.url, UNCERTAIN, status, f"DOI API answered HTTP {status}", attempts=attempt)


def _doi_code(body: bytes):
    try:
        return json.loads(body).get("responseCode")
    except (ValueError, AttributeError):
        return None


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


ANCHOR = re.compile(rb"""\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def fragment_present(frag: str, body: bytes) -> bool:
    """#id against id/name attributes; #:~:text=... against the page text."""
    if frag.startswith(":~:"):
        return all(_text_directive(d, body) for d in frag[3:].split("&") if d.startswith("text="))
    wanted = unquote(frag)
    return any(unquote(html.unescape(next(g for g in m.groups() if g is not None).decode("utf-8", "replace"))) == wanted
               for m in ANCHOR.finditer(body))


def _text_directive(directive: str, body: bytes) -> bool:
    parts = [unquote(p) for p in directive[5:].split(",")]
    parts = [p for p in parts if not (p.endswith("-") or p.startswith("-"))]  # drop prefix-/-suffix context
    text = re.sub(rb"(?is)<(script|style)\b.*?</\1>", b" ", body)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text.decode("utf-8", "replace")))
    norm = " ".join(text.split()).lower()
    if not parts:
        return True
    start = norm.find(" ".join(parts[0].split()).lower())
    if start < 0:
        return False
    return len(parts) == 1 or norm.find(" ".join(parts[-1].split()).lower(), start) >= 0
