"""Jobs: a part's print HTML -> its laid-out ``Written`` (:mod:`.model`), from a worker (:mod:`.workers`)
or, when an earlier build laid out the same part, from ``known``. A part's key is the sha256 of its
HTML (which holds its first page and note numbers; its stylesheet, the same in every part, by its own
sha256, :func:`.model.split_sheet`) salted with what else decides its bytes: the
WeasyPrint, pydyf and briefpress releases, the print package's code (:func:`code_digest`), the streams' compression level (:mod:`.compression`),
whether PNG figures keep their own data (:mod:`.png_data`), whether the fix is in place, and every file of the theme (:func:`files_digest`). :class:`Unfixed` says the WeasyPrint fix is not in place (:mod:`.parts` then
lays the paper out in one piece)."""

from __future__ import annotations

import functools
import hashlib
from concurrent.futures import Future
from pathlib import Path

from .. import __version__
from ..render_html import Theme
from .model import Written, split_sheet


def files_digest(theme: Theme) -> str:
    """Every file of the theme (its folder and its fonts folder): the HTML names rather than carries the
    logo, and a theme's stylesheet may name any other file (an image in ``url()``). Part of a part's key,
    so a changed file lays the parts out again. A few MB of fonts hash in milliseconds."""
    digest = hashlib.sha256()
    files = {p for folder in {theme.dir, theme.fonts_dir} if folder.is_dir() for p in folder.rglob("*") if p.is_file()}
    for file in sorted(files):
        digest.update(str(file).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


@functools.cache
def code_digest(folder: Path = Path(__file__).parent) -> str:
    """The print package's own code (each module's name and source): part of a part's key, so a part laid
    out by code that draws differently (a change to a WeasyPrint edit here) is not reused by other code
    of the same release number."""
    digest = hashlib.sha256()
    for file in sorted(folder.glob("*.py")):
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


class Unfixed(Exception):
    """The WeasyPrint fix is not in place: the paper is laid out in one piece instead."""


class Jobs:
    """Layout jobs, each a part's HTML; a part an earlier build laid out from the same HTML, fonts,
    WeasyPrint and briefpress is taken from ``known`` instead (the HTML holds its first page and note numbers, and
    a part's bytes depend on nothing else, so the merged PDF is the same as a full build's)."""

    def __init__(self, workers, theme: Theme, allowed, known: dict, relayout: bool):
        self.workers, self.theme, self.allowed, self.known, self.relayout = workers, theme, allowed, known, relayout
        self.timings: dict[str, float] = {}
        self.sheet = ("", "")  # the parts' stylesheet last hashed, and its sha256

    @functools.cached_property
    def salt(self) -> str:
        # WeasyPrint's and pydyf's releases, the streams' compression level and the PNG figures' streams,
        # as the workers lay parts out (asked of them as they start: layout.ready), and briefpress's own
        # release and print code (either laying out differently must not reuse older parts); the theme's
        # files: ~15 ms
        weasyprint, pydyf, level, png = self.workers.release()
        return (f"{weasyprint} {__version__} {code_digest()} {pydyf} {level} {png} {self.relayout} "
                f"{self.theme.dir} {files_digest(self.theme)}")

    @functools.cached_property
    def fixed(self) -> bool:
        return self.workers.fixed()

    def started(self) -> bool:
        """Whether the workers run yet (a pool whose forkserver still warms up has none)."""
        return self.workers.started()

    def submit(self, html: str) -> tuple[str, Future]:
        """A part's HTML -> (the digest of its HTML, for :meth:`key`; its future ``Written``)."""
        digest = self.digest(html)
        key = self.key(digest) if self.known else None
        if key in self.known:
            future: Future = Future()
            future.set_result(self.known[key])
            return digest, future
        # Sent at once, while the workers may still be starting: whether the fix is in place in them is
        # asked of the first result (:meth:`result`), so this process meanwhile renders and lints.
        return digest, self.workers.part(html, self.theme.dir, self.allowed)

    def digest(self, html: str) -> str:
        """The sha256 of a part's HTML, its stylesheet (the same in every part) hashed once (3 ms a part)."""
        split = split_sheet(html)
        if split is None:
            return hashlib.sha256(html.encode()).hexdigest()
        head, sheet, tail = split
        if sheet != self.sheet[0]:
            self.sheet = (sheet, hashlib.sha256(sheet.encode()).hexdigest())
        return hashlib.sha256(f"{head}\0{self.sheet[1]}\0{tail}".encode()).hexdigest()

    def key(self, digest: str) -> str:
        """A part's key: its HTML's digest salted (:attr:`salt`). In a first build the salt is made
        while the first parts are laid out, not before the second is sent (:mod:`.parts`)."""
        return hashlib.sha256((self.salt + digest).encode()).hexdigest()[:40]

    def result(self, future: Future, part: str) -> Written:
        if not (future.done() and any(future.result() is w for w in self.known.values())):
            # asked only of a part laid out: with every part known, the build need not wait for WeasyPrint
            if not self.relayout and not self.fixed:
                raise Unfixed
        written = future.result()
        if any(written is w for w in self.known.values()):
            return written  # taken as it was: nothing laid out, nothing timed
        for step, seconds in written.seconds.items():
            self.timings[f"{step} {part}"] = self.timings.get(f"{step} {part}", 0.0) + seconds
        return written
