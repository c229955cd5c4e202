"""An HTTP server on 127.0.0.1 with one route per trouble case, run in a thread for the link-check tests.

It counts requests per path and the most requests in flight at once, so tests can
assert "requested once" and "per-host limit kept".
"""

from __future__ import annotations

import asyncio
import collections
import socket
import threading

from aiohttp import web
from aiohttp.abc import AbstractResolver

PAGE = (b"<html><body><h2 id='present'>Present</h2><a name='named'>x</a>"
        b"<p>the declaration of independence did not violate international law</p></body></html>")


class Server:
    def __init__(self):
        self.hits = collections.Counter()
        self.in_flight = 0  # of /busy requests: other tests leave slow requests running
        self.max_in_flight = 0
        self.big_sent = 0
        self.loop = asyncio.new_event_loop()
        self.port = 0

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    async def handle(self, request: web.Request):
        path = request.path
        self.hits[(request.method, path)] += 1
        busy = path.startswith("/busy")
        self.in_flight += busy
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await self.route(request, path)
        finally:
            self.in_flight -= busy

    async def route(self, request, path):
        n = self.hits[("GET", path)] + self.hits[("HEAD", path)]
        if path == "/ok" or path.startswith("/dup"):
            return web.Response(text="ok")
        if path.startswith("/busy"):
            await asyncio.sleep(0.05)
            return web.Response(text="ok")
        if path == "/page":
            return web.Response(body=PAGE, content_type="text/html")
        redirects = {"/r301": (301, "/r308"), "/r308": (308, "/ok"), "/r302": (302, "/ok"),
                     "/loop-a": (301, "/loop-b"), "/loop-b": (301, "/loop-a")}
        if path in redirects:
            status, to = redirects[path]
            return web.Response(status=status, headers={"Location": to})
        if path in ("/404", "/410", "/401", "/403", "/500"):
            return web.Response(status=int(path[1:]))
        if path in ("/head405", "/head403"):
            return web.Response(status=int(path[-3:])) if request.method == "HEAD" else web.Response(text="ok")
        if path == "/429-once":
            return web.Response(status=429, headers={"Retry-After": "2"}) if n == 1 else web.Response(text="ok")
        if path == "/429-always":
            return web.Response(status=429, headers={"Retry-After": "1000"})
        if path == "/500-once":
            return web.Response(status=500) if n == 1 else web.Response(text="ok")
        if path == "/slow":
            await asyncio.sleep(2)
            return web.Response(text="late")
        if path == "/big":
            if request.method == "HEAD":
                return web.Response(status=405)
            resp = web.StreamResponse(headers={"Content-Length": str(200 * 1024 * 1024)})
            await resp.prepare(request)
            chunk = b"x" * 65536
            try:
                for _ in range(200 * 16):
                    await resp.write(chunk)
                    self.big_sent += len(chunk)
            except (ConnectionResetError, ConnectionError, asyncio.CancelledError):
                pass
            return resp
        if path.startswith("/doi/"):
            if path.endswith("10.1000/known"):
                return web.json_response({"responseCode": 1, "handle": "10.1000/known"})
            return web.json_response({"responseCode": 100}, status=404)
        return web.Response(status=404)

    def start(self, hosts=("127.0.0.1",), port: int = 0):
        """Serve on each of `hosts` (loopback addresses), on `port` (0: any free one, one host only)."""
        ready = threading.Event()

        async def main():
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", self.handle)
            self.runner = web.AppRunner(app, handle_signals=False, access_log=None)
            await self.runner.setup()
            for host in hosts:
                site = web.TCPSite(self.runner, host, port)
                await site.start()
            self.port = port or site._server.sockets[0].getsockname()[1]
            ready.set()

        self.thread = threading.Thread(target=lambda: (self.loop.run_until_complete(main()), self.loop.run_forever()),
                                       daemon=True)
        self.thread.start()
        ready.wait(10)
        return self

    def stop(self):
        async def close():
            await self.runner.cleanup()
        asyncio.run_coroutine_threadsafe(close(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


class LoopbackResolver(AbstractResolver):
    """Names ending in .test resolve to 127.0.0.1; anything else does not exist."""

    async def resolve(self, host, port=0, family=socket.AF_INET):
        if host.endswith(".test") or host == "127.0.0.1":
            return [{"hostname": host, "host": "127.0.0.1", "port": port, "family": socket.AF_INET,
                     "proto": 0, "flags": socket.AI_NUMERICHOST}]
        raise OSError(-2, f"Name or service not known: {host}")

    async def close(self):
        pass


def closed_port() -> int:
    """A port nothing listens on (free right now): for 'connection refused', or to start a server on."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
