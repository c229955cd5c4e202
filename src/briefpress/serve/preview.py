"""The preview: a project -> its web page and PDF, made again after every save, and the HTTP answers.

:class:`Preview` takes the project's path (its ``--bib`` files, ``--theme``, whether to make the
PDF) and holds the last page, the last good one and the last PDF (:class:`State`). ``watch`` follows
the manuscript, the bibliography files and the theme; each change parses once
(:func:`briefpress.pipeline.parse`), makes the web page, tells every open page to reload and starts
the PDF on the warm layout workers. ``app`` returns the aiohttp application that serves them.
"""

from __future__ import annotations

import asyncio
import html
import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from ..diagnostics import BuildError
from .guard import local_host_only, theme_fonts


@dataclass
class State:
    page: str = ""
    last_good: str = ""
    version: int = 0
    html_seconds: float = 0.0
    ok: bool = True
    pdf: bytes = b""
    pdf_seconds: float = 0.0
    pdf_state: str = "not built yet"
    pdf_version: int = 0  # counts the PDFs built
    pdf_timings: dict = field(default_factory=dict)  # the last PDF's: "layout <part>", "merge"... -> seconds
    clients: set = field(default_factory=set)


class Preview:
    def __init__(self, path: Path, bibs=(), pdf: bool = True, theme: str | None = None):
        # --bib may be given several times; a single Path is accepted too
        bibs = [bibs] if isinstance(bibs, (str, Path)) else list(bibs or ())
        self.path, self.bibs, self.want_pdf, self.theme = Path(path), [Path(b) for b in bibs], pdf, theme
        self.state = State()
        self.pool = ThreadPoolExecutor(max_workers=1)  # the PDF build, off the event loop
        self.pdf_parts: dict = {}  # the laid-out parts of the last two PDFs (an undo finds its parts)
        self.pdf_hints = None  # where the last PDF's parts started (printing.model.Hints)
        self.pdf_again = False
        self.pdf_busy = False
        self.pdf_builds: set = set()  # running build_pdf tasks: cancelled when the server stops
        self.fonts: dict[str, Path] = {}  # the theme's font files by name: all that /fonts/ serves
        self.last_keys: tuple = ()
        self.parsed = None  # the last good parse (pipeline.Parsed): the PDF is made from it
        self.workers = None  # the layout workers, started with the server when it serves a PDF

    def _status(self) -> str:
        s = self.state
        pdf = (f'<a href="/paper.pdf">PDF</a> built in {s.pdf_seconds:.1f} s ({html.escape(s.pdf_state)})' if s.pdf
               else f"PDF {html.escape(s.pdf_state)}")
        return f"Preview · HTML built in {s.html_seconds * 1000:.0f} ms · {pdf} · <a href='/last-good'>last good build</a>"

    def rebuild_html(self) -> bool:
        """Parse, and rebuild the web edition; on errors show them in place of the content."""
        from ..pipeline import parse, screen

        start = time.perf_counter()
        try:
            page, parsed = screen(parse(self.path, self.bibs or None, self.theme, formats=("html", "pdf")),
                                  preview={"status": "%STATUS%", "version": "%VERSION%"})
            self.parsed, self.fonts = parsed, theme_fonts(parsed.theme)
            self.state.html_seconds = time.perf_counter() - start
            self.state.page = self.state.last_good = page
            self.state.ok = True
        except BuildError as exc:
            self.state.page = error_page(exc.diagnostics)
            self.state.ok = False
        except Exception as exc:  # a bug: shown like an error, and the next save is watched as ever
            self.state.page = error_page([f"internal error (a bug in briefpress): {type(exc).__name__}: {exc}"])
            self.state.ok = False
        self.state.version += 1
        return self.state.ok

    def page(self, which: str) -> str:
        text = self.state.last_good if which == "last-good" else self.state.page
        return text.replace("%STATUS%", self._status()).replace("%VERSION%", str(self.state.version))

    async def build_pdf(self):
        """One PDF build at a time; a save during a build asks for one more afterwards. The PDF is
        served once merged, and verified right after: a failed check shows in the status bar."""
        if self.pdf_busy:
            self.pdf_again = True
            return
        self.pdf_busy = True
        loop = asyncio.get_running_loop()
        parsed = self.parsed

        def work():
            from ..pipeline import print_edition
            start = time.perf_counter()
            rendered, _ = print_edition(parsed, self.workers, self.pdf_hints, self.pdf_parts, verify=False)
            # The parts of this PDF and of the one before: an edit undone finds its parts laid out.
            self.pdf_parts = {**{k: self.pdf_parts[k] for k in self.last_keys if k in self.pdf_parts}, **rendered.parts}
            self.last_keys, self.pdf_hints = tuple(rendered.parts), rendered.hints
            self.state.pdf_timings = rendered.timings
            return rendered, time.perf_counter() - start

        try:
            self.state.pdf_state = "building…"
            rendered, self.state.pdf_seconds = await loop.run_in_executor(self.pool, work)
            self.state.pdf, self.state.pdf_state = rendered.pdf, "checking…"
            self.state.pdf_version += 1
            await self.notify()
            from ..pipeline import check_print
            await loop.run_in_executor(self.pool, check_print, parsed, rendered)
            self.state.pdf_state = "ready"
        except BuildError as exc:
            self.state.pdf_state = "failed: " + "; ".join(str(d) for d in exc.diagnostics)
            await self.notify()
        except Exception as exc:  # a bug, or a worker killed: the server keeps serving the last PDF
            self.state.pdf_state = f"failed ({type(exc).__name__}: {exc})"
            await self.notify()
        finally:
            self.pdf_busy = False
        if self.pdf_again:
            self.pdf_again = False
            await self.build_pdf()

    async def notify(self):
        for queue in list(self.state.clients):
            queue.put_nowait(self.state.version)

    async def changed(self):
        await asyncio.get_running_loop().run_in_executor(None, self.rebuild_html)
        await self.notify()
        if self.want_pdf and self.state.ok:
            self.pdf_builds.add(task := asyncio.ensure_future(self.build_pdf()))
            task.add_done_callback(self.pdf_builds.discard)

    async def watch(self):
        """Folders are watched as folders; a single file (the paper, a bibliography) through its folder,
        since an editor that saves by writing a new file and renaming it over the old one (vim, atomic
        saves) or a file deleted and written again would end a watch on the file itself."""
        from watchfiles import DefaultFilter, awatch

        folders = [self.path.resolve() / "manuscript", self.path.resolve() / "templates"]
        files = [self.path / "references.bib", *self.bibs]
        if self.path.is_file():  # and the bibliography files its front matter names
            from ..project import load_project
            try:
                bibs = [b.path for b in load_project(self.path, self.bibs or None, lenient=True).bibliographies]
            except BuildError:
                bibs = list(self.bibs)
            folders, files = [], [self.path, *bibs]
        files = [Path(f).parent.resolve() / Path(f).name for f in files if Path(f).parent.is_dir()]
        self.stop_watching = asyncio.Event()
        one_at_a_time = asyncio.Lock()

        async def follow(paths, recursive: bool, keep, stop):
            async for changes in awatch(*paths, watch_filter=keep, recursive=recursive, debounce=50, step=20,
                                        stop_event=stop):
                if not recursive and any(path in folder_names for _, path in changes):
                    restart_folders()  # a folder deleted and made again: its old watch hears nothing
                async with one_at_a_time:
                    await self.changed()

        def restart_folders():
            box["stop"].set()
            box["stop"] = asyncio.Event()
            present = [p for p in folders if p.is_dir()]
            if present:
                watches.append(asyncio.ensure_future(follow(present, True, DefaultFilter(), box["stop"])))

        folder_names = {str(f) for f in folders}
        named = {str(f) for f in files} | folder_names  # and the folders themselves, made or deleted
        box, watches = {"stop": asyncio.Event()}, []
        restart_folders()
        if files or folders:
            parents = sorted({f.parent for f in files} | {f.parent for f in folders})
            watches.append(asyncio.ensure_future(follow(parents, False, lambda _, path: path in named,
                                                        self.stop_watching)))
        try:
            await self.stop_watching.wait()
        finally:
            box["stop"].set()
            self.stop_watching.set()
            await asyncio.gather(*watches, return_exceptions=True)

    # HTTP handlers
    async def index(self, request):
        return web.Response(text=self.page("current"), content_type="text/html")

    async def last_good(self, request):
        return web.Response(text=self.page("last-good"), content_type="text/html")

    async def pdf(self, request):
        if not self.state.pdf:
            return web.Response(status=503, text=f"PDF {self.state.pdf_state}; try again shortly")
        return web.Response(body=self.state.pdf, content_type="application/pdf")

    async def font(self, request):
        path = self.fonts.get(request.match_info["name"])  # only the theme's font files, checked by the parse
        if path is None or not path.is_file():
            raise web.HTTPNotFound()
        return web.FileResponse(path)

    async def status(self, request):
        s = self.state
        return web.json_response({"version": s.version, "ok": s.ok, "html_ms": round(s.html_seconds * 1000, 1),
                                  "pdf": s.pdf_state, "pdf_seconds": round(s.pdf_seconds, 2),
                                  "pdf_version": s.pdf_version})

    async def events(self, request):
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
        await response.prepare(request)
        queue: asyncio.Queue = asyncio.Queue()
        self.state.clients.add(queue)
        seen = request.query.get("v", "")
        if seen.isascii() and seen.isdigit() and seen != str(self.state.version):  # text: no int('²'), no 5,000 digits
            queue.put_nowait(self.state.version)  # a save landed before this page connected: catch up
        try:
            await response.write(b": connected\n\n")
            while True:
                try:
                    version = await asyncio.wait_for(queue.get(), 15)
                except asyncio.TimeoutError:
                    await response.write(b": keep-alive\n\n")  # fails once the browser has gone
                    continue
                if version is None:  # the server is shutting down
                    break
                await response.write(f"event: reload\ndata: {json.dumps({'version': version})}\n\n".encode())
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.state.clients.discard(queue)
        return response

    def app(self, watch: bool = True) -> web.Application:
        app = web.Application(middlewares=[local_host_only])
        app.router.add_get("/", self.index)
        app.router.add_get("/last-good", self.last_good)
        app.router.add_get("/paper.pdf", self.pdf)
        app.router.add_get("/status", self.status)
        app.router.add_get("/fonts/{name:.+}", self.font)  # a font in a subfolder of fonts/
        app.router.add_get("/events", self.events)

        tasks: list[asyncio.Future] = []

        async def start(app):
            if self.want_pdf:  # the workers import WeasyPrint while the first parse runs
                from ..printing.workers import start as start_workers
                self.workers = start_workers()
            self.rebuild_html()
            if watch:
                tasks.append(asyncio.ensure_future(self.watch()))
            if self.want_pdf and self.state.ok:
                tasks.append(asyncio.ensure_future(self.build_pdf()))

        async def stop(app):
            if getattr(self, "stop_watching", None):
                self.stop_watching.set()
            for task in tasks + list(self.pdf_builds):
                task.cancel()
            self.pool.shutdown(wait=False, cancel_futures=True)
            if self.workers is not None:
                self.workers.kill()

        async def close_streams(app):
            for queue in list(self.state.clients):
                queue.put_nowait(None)

        app.on_startup.append(start)
        app.on_shutdown.append(close_streams)
        app.on_cleanup.append(stop)
        return app


def error_page(diagnostics) -> str:
    items = "\n".join(html.escape(str(d)) for d in diagnostics)
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Build errors</title></head><body>"
            "<div class='preview-bar' role='status'>%STATUS%</div>"
            f"<h1>The manuscript has {len(diagnostics)} error{'s' if len(diagnostics) != 1 else ''}</h1>"
            f"<pre class='diagnostics'>{items}</pre>"
            "<p>Fix them and save: this page reloads by itself. The last good build is at "
            "<a href='/last-good'>/last-good</a>.</p>"
            "<script>new EventSource('/events?v=%VERSION%').addEventListener('reload', () => location.reload());</script>"
            "</body></html>")
