"""Connection: the bytes of one HTTP/1.1 connection -> the answer being read, as it arrives: its
status, headers (lower-case name -> value) and body chunks, and whether it has ended.

client.py writes the requests and takes the answers; this is the asyncio protocol in between,
feeding httptools (llhttp, Node's HTTP parser, in C: the pure-Python h11 used before cost more
CPU per answer than all the rest of the check). What llhttp leaves to its caller is done here:
a HEAD answer ends with its head, 1xx answers are skipped, a body without a length ends with the
connection, and data nobody asked for makes the connection unfit for another request.
"""

from __future__ import annotations

import asyncio

import httptools

HEAD_LIMIT = 65_536  # status line and headers: big cookies and security policies exceed 16 KB


class Connection(asyncio.Protocol):
    """One connection: what arrives goes straight into the parser of the answer being read."""

    def __init__(self):
        self.transport = None
        self.waiter: asyncio.Future | None = None
        self.received = 0
        self.error: BaseException | None = None
        self.closed = False
        self.parser = None  # of the answer being read; None while the connection is idle

    def start(self, head: bool) -> None:
        """Ready to read the answer to the request about to be sent."""
        self.parser = httptools.HttpResponseParser(self)
        self.head, self.status, self.headers, self.cookies = head, None, {}, []
        self.done = self.informational = False
        self.chunks: list[bytes] = []
        self.bad: BaseException | None = None
        self.head_bytes = 0

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.received += len(data)
        if self.parser is None or self.done:
            self.closed = True  # nobody asked: what comes next on this connection cannot be trusted
            self.transport.close()
            return
        try:
            self.parser.feed_data(data)
        except (httptools.HttpParserError, httptools.HttpParserUpgrade) as exc:
            self.bad = exc
        if self.status is None:
            self.head_bytes += len(data)
            if self.head_bytes > HEAD_LIMIT:
                self.bad = self.bad or ValueError("the head is too long")
        self._wake()

    # llhttp's callbacks
    def on_header(self, name: bytes, value: bytes) -> None:
        key = name.decode("latin-1").lower()
        self.headers[key] = _text(value)
        if key == "set-cookie":
            self.cookies.append(value.decode("latin-1"))

    def on_headers_complete(self) -> None:
        status = self.parser.get_status_code()
        if status < 200:  # 100 Continue, 103 Early Hints: the real answer follows
            self.informational, self.headers, self.cookies = True, {}, []
            return
        self.status = status
        self.done = self.head  # a HEAD answer ends with its head, whatever length it announces

    def on_body(self, data: bytes) -> None:
        self.chunks.append(data)

    def on_message_complete(self) -> None:
        if self.informational:
            self.informational = False
        else:
            self.done = True

    def until_closed(self) -> bool:
        """The body has no length: the server's closing the connection ends it (HTTP/1.0 style)."""
        h = self.headers
        return not (self.head or self.status in (204, 304) or "content-length" in h
                    or "chunked" in h.get("transfer-encoding", "").lower())

    def reusable(self) -> bool:
        """Kept for the next request: an HTTP/1.1 answer read to its end, the server not closing."""
        return (self.done and not self.closed and self.bad is None and not self.until_closed()
                and self.parser.get_http_version() == "1.1"
                and "close" not in self.headers.get("connection", "").lower())

    def eof_received(self) -> None:
        self._end(None)

    def connection_lost(self, exc) -> None:
        self._end(exc)

    def _end(self, exc) -> None:
        if not self.closed:
            self.closed, self.error = True, exc
        self._wake()

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    async def more(self, timeout: float) -> None:
        """Wait until something arrives (or the connection ends)."""
        loop = asyncio.get_running_loop()
        self.waiter = waiter = loop.create_future()
        # A plain timer, not asyncio.timeout(): this wait comes once per request, and the context
        # manager's bookkeeping cost more than the answer's parsing.
        timer = loop.call_later(timeout, _expire, waiter)
        try:
            await waiter
        finally:
            timer.cancel()

    def close(self) -> None:
        self.parser = None
        self.transport.close()


def _expire(waiter: asyncio.Future) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError())


def _text(value: bytes) -> str:
    """A header's value: UTF-8 as browsers read a raw Location (else Latin-1, as HTTP says)."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")
