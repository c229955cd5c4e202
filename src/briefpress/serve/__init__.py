"""Serve: a project -> a live preview on 127.0.0.1 that reloads itself after every save.

Watches the manuscript, the bibliography files and the theme. After a change the project is
read, linted and parsed once (:func:`briefpress.pipeline.parse`); the web edition is made from it
(no WeasyPrint, a fraction of a second) and every open page is told to reload over server-sent
events. A build error never stops the server: the page shows the diagnostics instead, and the last
good build stays at /last-good. The PDF is made from the same parse in the background, on two
layout workers started with the server and kept warm (WeasyPrint imported, fonts loaded): only the
sections whose print HTML changed are laid out again (the laid-out parts and page-count hints of
the last PDFs stay in memory), merged, verified and served at /paper.pdf; the page is told to
reload again once it is there. It answers only requests addressed to 127.0.0.1 or localhost (a web
page that points its own name at 127.0.0.1 cannot read the draft) and serves no file but these and
the font files theme.yaml lists.

``preview.py`` holds the preview (its builds, its watch, its HTTP answers), ``guard.py`` what it
serves and to whom; this module runs it: :func:`serve` on a port, :func:`start_in_thread` for tests.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from .preview import Preview


class _QuietBadRequests(logging.Filter):
    """A malformed request (a 70 KB URL, a bad header) is answered 400 by aiohttp; its traceback in
    the editor's terminal would only alarm."""

    def filter(self, record):
        return not (record.exc_info and isinstance(record.exc_info[1], HttpProcessingError))


def start_in_thread(preview: "Preview", watch: bool = True):
    """Run a preview server on 127.0.0.1 (a free port) in a background thread: for tests and benchmarks.

    Returns (base_url, stop): call stop() to shut the server down."""
    import threading

    loop = asyncio.new_event_loop()
    ready = threading.Event()
    box = {}

    async def start():
        runner = web.AppRunner(preview.app(watch=watch))
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        box["runner"], box["port"] = runner, site._server.sockets[0].getsockname()[1]
        ready.set()

    thread = threading.Thread(target=lambda: (loop.run_until_complete(start()), loop.run_forever()), daemon=True)
    thread.start()
    if not ready.wait(30):
        raise RuntimeError("the preview server did not start")

    def stop():
        asyncio.run_coroutine_threadsafe(box["runner"].cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)

    return f"http://127.0.0.1:{box['port']}", stop


def serve(path: Path, port: int = 8000, bibs=(), pdf: bool = True, print_fn=print,
          theme: str | None = None) -> None:
    sock = socket.socket()  # bound here: a port in use is said before anything starts
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp: a restart need not wait TIME_WAIT
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        raise PortUnavailable(f"cannot serve on 127.0.0.1:{port} ({exc.strerror}); choose another port with "
                              "--port N") from None
    preview = Preview(path, bibs, pdf, theme)
    logging.getLogger("aiohttp.server").addFilter(_QuietBadRequests())
    print_fn(f"briefpress: previewing {path} at http://127.0.0.1:{port}/ (Ctrl-C to stop)")
    web.run_app(preview.app(), sock=sock, print=None, handle_signals=True)


class PortUnavailable(Exception):
    """The port is taken (or reserved): a usage error, said in one line."""
