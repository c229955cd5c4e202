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

PAGE = (b"<html><body><h2 id='present'>Present</h2><a name='named'>x</a>"
        b"<p>the declaration of independence did not violate international law</p></body></html>")


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
COUNTED = ("/busy", "/gate", "/p/")  # other tests leave slow requests running: count only these


class Server:
    def __init__(self):
        self.hits = collections.Counter()
        self.in_flight = 0  # of counted requests, all hosts
        self.max_in_flight = 0
        self.host_in_flight = collections.Counter()  # Host header -> counted requests in flight
        self.host_peak = collections.Counter()  # Host header -> most counted requests in flight at once
        self.max_busy_hosts = 0  # most hosts with a counted request in flight at once
        self.archive_queries = []  # (url, timestamp) asked of the stand-in Wayback availability API
        self.flaky_status = 500  # what /flaky answers; tests flip it between runs
        self.big_sent = 0
        self.loop = asyncio.new_event_loop()
        self.port = 0

    def reset_counts(self):
        self.hits.clear()
        self.host_peak.clear()
        self.max_in_flight = self.max_busy_hosts = 0

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    async def handle(self, request: web.Request):
        path = request.path
        self.hits[(request.method, path)] += 1
        if not path.startswith(COUNTED):
            return await self.route(request, path)
        host = request.host
        self.in_flight += 1
        self.host_in_flight[host] += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.host_peak[host] = max(self.host_peak[host], self.host_in_flight[host])
        self.max_busy_hosts = max(self.max_busy_hosts, sum(1 for n in self.host_in_flight.values() if n))
        try:
            return await self.route(request, path)
        finally:
            self.in_flight -= 1
            self.host_in_flight[host] -= 1

    def busy_hosts(self) -> int:
        return sum(1 for n in self.host_in_flight.values() if n)

    async def route(self, request, path):
        n = self.hits[("GET", path)] + self.hits[("HEAD", path)]
        if path == "/ok" or path.startswith("/dup"):
            return web.Response(text="ok")
        if path.startswith("/busy"):
            await asyncio.sleep(0.05)
            return web.Response(text="ok")
        if path.startswith("/gate/"):
            # Answers once `n` hosts have a request in flight at once (or after 3 s): a fair
            # scheduler gets there at once, one that fills its slots with one host never does.
            wanted = int(path.split("/")[2])
            for _ in range(300):
                if self.busy_hosts() >= wanted:
                    break
                await asyncio.sleep(0.01)
            return web.Response(text="ok")
        if path == "/page":
            return web.Response(body=PAGE, content_type="text/html")
        if path == "/report.pdf":
            return web.Response(body=PDF, content_type="application/pdf")
        if path == "/data.txt":
            return web.Response(text="plain text, no anchors", content_type="text/plain")
        if path == "/flaky":
            return web.Response(status=self.flaky_status, text="flaky")
        if path == "/head404":
            return web.Response(status=404) if request.method == "HEAD" else web.Response(text="ok")
        if path == "/head500":
            return web.Response(status=500) if request.method == "HEAD" else web.Response(text="ok")
        if path == "/wayback/available":
            url, stamp = request.query.get("url", ""), request.query.get("timestamp", "")
            self.archive_queries.append((url, stamp))
            if not url.endswith(("/404", "/410")):
                return web.json_response({"url": url, "archived_snapshots": {}})
            when = (stamp or "20250101")[:8] + "120000"
            return web.json_response({"url": url, "archived_snapshots": {"closest": {
                "status": "200", "available": True, "timestamp": when,
                "url": f"http://web.archive.org/web/{when}/{url}"}}})
        redirects = {"/r301": (301, "/r308"), "/r308": (308, "/ok"), "/r302": (302, "/ok"),
                     "/moved-gone": (301, "/moved-gone-2"), "/moved-gone-2": (302, "/404"), "/to-page": (302, "/page"),
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
            resp = web.StreamResponse(headers={"Content-Length": str(200 * 1024 * 1024), "Content-Type": "text/html"})
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

    def start(self, hosts=("127.0.0.1",), port: int = 0, ssl_context=None):
        """Serve on each of `hosts` (loopback addresses), on `port` (0: any free one, one host only)."""
        ready = threading.Event()

        async def main():
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", self.handle)
            self.runner = web.AppRunner(app, handle_signals=False, access_log=None)
            await self.runner.setup()
            for host in hosts:
                site = web.TCPSite(self.runner, host, port, ssl_context=ssl_context)
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


class LoopbackResolver:
    """The checker's resolver (client.py): names ending in .test resolve to 127.0.0.1; anything else does not exist."""

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
