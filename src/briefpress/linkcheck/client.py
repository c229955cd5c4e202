"""Client: (method, URL) -> status, headers and as much of the body as asked for, over HTTP/1.1.

The link checker needs a small part of an HTTP client: one request at a time per
connection, no uploads, redirects followed by check.py, cookies kept per domain only so
that a site's cookie-setting redirect ends. This one writes requests itself and reads the
answers through connection.py (an asyncio protocol feeding httptools), and loads in a few
milliseconds — aiohttp took 0.1–0.2 s of every ``check-links`` run before the first
request. Connections are kept per (scheme, host, port) and reused when an HTTP/1.1 answer
was read to its end; a body nobody wants (more than a few kilobytes) is not read, the
connection is closed instead, so a 200 MB file is never downloaded. The scheduler keeps
the per-host limit, so the pool has none of its own. The timeout applies to connecting
and to each read. A reused connection the server has closed meanwhile is replaced once.
Failures are the exceptions of failures.py, which errors.py puts in plain words; decoding.py
undoes a Content-Encoding.
"""

from __future__ import annotations

import asyncio
import socket
import zlib
from dataclasses import dataclass

from .address import interleaved, numeric, parts
from .connection import Connection
from .decoding import UNKNOWN, decoder as decoder_for
from .failures import (BadHTTP, CertificateError, ConnectError, CutOff, Disconnected, DNSError, HandshakeError, Reset,
                       Undecodable)

SMALL_BODY = 65_536  # an unwanted body up to this size is read, to keep the connection


@dataclass(frozen=True)
class Answer:
    """A server's answer to one request."""

    status: int
    headers: dict  # lower-case name -> value (the last one of a repeated header)
    body: bytes = b""


class Client:
    """``resolver``: an object with ``async resolve(host, port, family)`` -> [{"host": address}, ...]
    (tests map names to 127.0.0.1); ``ssl``: an SSLContext, else the default one."""

    def __init__(self, timeout: float, headers: dict, resolver=None, ssl=None):
        self.timeout, self.resolver, self._ssl = timeout, resolver, ssl
        lines = {**headers, "Accept-Encoding": "gzip, deflate"}.items()
        self.fixed = "".join(f"{k}: {' '.join(str(v).splitlines())}\r\n" for k, v in lines)  # no header injected
        self.idle: dict[tuple, list[Connection]] = {}
        self.cookies: dict[str, dict[str, str]] = {}  # domain -> name -> value, as a browser would keep them
        self.cookies_set = 0  # how many times a site set a cookie: a redirect back to a URL may then end

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Drop every kept connection at once: nothing lingers waiting for a server."""
        for pool in self.idle.values():
            for conn in pool:
                conn.close()
        self.idle.clear()

    async def request(self, method: str, url: str, body_limit: int = 0, wants=None) -> Answer:
        """Send one request; read the body (up to `body_limit` bytes, decompressed) when
        `wants(status, content_type)` says so."""
        scheme, host, port, target, host_header = parts(url)
        key = (scheme, host, port)
        pool = self.idle.get(key)
        while pool:
            conn = pool.pop()
            if conn.closed:
                conn.close()
                continue
            try:
                return await self._exchange(key, conn, method, target, host_header, body_limit, wants)
            except Disconnected:
                continue  # kept alive on our side, closed on the server's: ask again on a new connection
        conn = await self._connect(scheme, host, port)
        return await self._exchange(key, conn, method, target, host_header, body_limit, wants)

    async def _exchange(self, key, conn: Connection, method, target, host_header, body_limit, wants) -> Answer:
        status, headers, chunks, size, decoder, complete = None, {}, [], 0, None, False
        before = conn.received
        conn.start(method == "HEAD")
        try:
            conn.transport.write(f"{method} {target} HTTP/1.1\r\nHost: {host_header}\r\n{self.fixed}"
                                 f"{self._cookie(key[1])}\r\n".encode("latin-1"))
            while True:
                if status is None and conn.status is not None:
                    status, headers = conn.status, conn.headers
                    if conn.cookies:
                        self._keep(conn.cookies, key[1])
                    if method != "HEAD" and not (body_limit and wants and wants(status, headers.get("content-type", ""))):
                        body_limit = 0
                        if not _small(status, headers):
                            break
                    decoder = decoder_for(headers.get("content-encoding", "")) if body_limit else None
                    if decoder is UNKNOWN:
                        # A server may send an encoding we did not ask for (br, zstd): searching its
                        # compressed bytes for anchors would report them missing. The bytes are
                        # labelled as what they are to us, opaque, so fragments come out "not checked".
                        headers["content-type"] = "application/octet-stream"
                        body_limit, decoder = 0, None
                        if not _small(status, headers):
                            break
                if status is not None and conn.chunks:
                    if body_limit:
                        for data in conn.chunks:
                            try:
                                data = decoder.decompress(data, body_limit - size) if decoder else data
                            except zlib.error as exc:  # a corrupt or mislabelled body: a plain verdict, not a traceback
                                raise Undecodable(str(exc)) from exc
                            chunks.append(data)
                            size += len(data)
                            if size >= body_limit:
                                break
                    conn.chunks = []
                    if size and size >= body_limit:
                        break
                if conn.done:  # before a parse error: one in what follows the answer does not spoil it
                    complete = True
                    break
                if conn.bad is not None:
                    raise (BadHTTP if status is None else CutOff)(str(conn.bad))
                if conn.closed:
                    if conn.error is not None:
                        raise conn.error
                    if status is not None and conn.until_closed():
                        complete = True  # an HTTP/1.0 body: the end of the connection is its end
                        break
                    if status is None and conn.received == before:
                        raise Disconnected()
                    raise (BadHTTP if status is None else CutOff)("the connection ended before the answer did")
                await conn.more(self.timeout)
        except TimeoutError:  # an OSError too: kept apart from the resets below, it is a timeout verdict
            conn.close()
            raise
        except (ConnectionError, OSError) as exc:
            conn.close()
            raise (Disconnected if status is None and isinstance(exc, (BrokenPipeError, ConnectionResetError))
                   else Reset)(str(exc)) from exc
        except BaseException:
            conn.close()
            raise
        if complete and conn.reusable():
            conn.parser = None
            self.idle.setdefault(key, []).append(conn)
        else:
            conn.close()  # anything unread is dropped with the connection
        return Answer(status, headers, b"".join(chunks)[:body_limit] if body_limit else b"")

    def _cookie(self, host: str) -> list:
        """Some sites send a visitor round a redirect that sets a cookie and expect it back
        (without it the redirect never ends): the cookies a host (or its parent domain) set."""
        if not self.cookies:
            return ""
        found = {}
        for domain, jar in self.cookies.items():
            if host == domain or host.endswith("." + domain):
                found.update(jar)
        return "Cookie: " + "; ".join(f"{k}={v}" for k, v in found.items()) + "\r\n" if found else ""

    def _keep(self, values: list[str], host: str) -> None:
        from http.cookies import CookieError, SimpleCookie  # only when a site sets cookies
        for value in values:
            jar = SimpleCookie()
            try:
                jar.load(value)
            except CookieError:
                continue
            for name, morsel in jar.items():
                domain = morsel["domain"].lstrip(".").lower()
                if not domain or not (host == domain or host.endswith("." + domain)):
                    domain = host  # a cookie for another site is not accepted
                kept = self.cookies.setdefault(domain, {})
                before = kept.get(name)
                if morsel["max-age"] in ("0", "-1") or not morsel.value:
                    kept.pop(name, None)
                else:
                    kept[name] = morsel.value
                self.cookies_set += kept.get(name) != before

    async def _connect(self, scheme: str, host: str, port: int) -> Connection:
        addresses = await self._resolve(host, port)
        context = self._context() if scheme == "https" else None
        error: OSError | None = None
        timeouts = 0
        for address in interleaved(addresses):
            try:
                async with asyncio.timeout(self.timeout):
                    _, conn = await asyncio.get_running_loop().create_connection(
                        Connection, address, port, ssl=context, server_hostname=host if context else None)
                return conn
            except TimeoutError:
                # An address that swallows the connection (a black-holed IPv6 route is common) must not
                # hide the next one, of the other family, as browsers try it; two silent ones are enough.
                timeouts += 1
                if timeouts == 2:
                    raise
            except OSError as exc:
                if context is not None:
                    _raise_tls(exc)
                error = exc
        if timeouts:
            raise TimeoutError()  # silence somewhere is worth a retry; a refusal elsewhere is not the whole story
        raise ConnectError(error or OSError("no address"))

    async def _resolve(self, host: str, port: int) -> list[str]:
        if self.resolver is not None:
            try:
                return [r["host"] for r in await self.resolver.resolve(host, port, socket.AF_INET)]
            except OSError as exc:
                raise DNSError(host) from exc
        if numeric(host):
            return [host]
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise DNSError(host) from exc
        return list(dict.fromkeys(info[4][0] for info in infos))

    def _context(self):
        if self._ssl is None:
            import ssl  # only when there is an https URL: loading the system's certificates takes a while
            self._ssl = ssl.create_default_context()
        return self._ssl


def _raise_tls(exc: OSError) -> None:
    import ssl
    if isinstance(exc, ssl.SSLCertVerificationError):
        raise CertificateError(exc.verify_message or str(exc)) from exc
    if isinstance(exc, ssl.SSLError):
        raise HandshakeError(str(exc)) from exc


def _small(status: int, headers: dict) -> bool:
    if status in (204, 304):  # never a body, whatever the headers say: the connection can be kept
        return True
    length = headers.get("content-length", "")
    return length.isdigit() and int(length) <= SMALL_BODY and "transfer-encoding" not in headers
