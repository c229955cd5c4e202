"""Layout: one part's print HTML -> laid-out pages (:func:`lay_out`) -> PDF bytes (:func:`write`),
with WeasyPrint, reading only files inside the project. :func:`lay_out_and_write` is the job the
workers (:mod:`.workers`) run for each part of the paper; :func:`prepare` applies the WeasyPrint
fix and says whether it is in place; :func:`warm_up` is run once by the workers' forkserver.

Resources may come from ``file:`` URLs under the allowed folders or ``data:``
URLs; anything else stops the build. Fonts given as ``data:font/ttf`` URLs were subset once for
the whole build (:mod:`briefpress.fonts`): WeasyPrint lays out with them and does not subset them
again (:mod:`.stubs`); a part embeds a stub in their place (:func:`.model.stub`), and
the merge puts the font back (:mod:`.merge`), so the paper's font bytes are the same on any
machine, and each part writes and keeps kilobytes, not the build's whole fonts. The theme's
stylesheet, the same in every part, is parsed once per process (:func:`_shared_style`), its fonts
named by short URLs (:func:`_font_refs`). Every WeasyPrint warning is returned so the build can
fail on it. The PDF identifier and dates come from the input, so the same input gives the same bytes.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import logging
import os
import re
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..diagnostics import BuildError, error
from ..fonts import DATA_URL as SUBSET_FONT
from .libraries import import_weasyprint

weasyprint = import_weasyprint()  # first: its C libraries found without a search (libraries.py)

from weasyprint.css.counters import CounterStyle  # noqa: E402
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: E402

from . import compression, png_data, stubs, weasyprint_fix  # noqa: E402
from .model import SHEET, LaidOut, Written  # noqa: E402


def prepare() -> bool:
    """Apply the WeasyPrint fix, the streams' compression level (:mod:`.compression`) and PNG figures'
    own data (:mod:`.png_data`); True when notes stay on their call's page in one layout pass."""
    compression.apply()
    png_data.apply()
    return weasyprint_fix.apply()


class ForbiddenResource(FatalURLFetchingError):
    pass


class ProjectFetcher(URLFetcher):
    """Serves file: URLs inside the allowed folders, data: URLs and the stylesheet's fonts (``FONT_REF``);
    refuses the rest. Notes the fonts given subset (``data:font/ttf`` URLs, :func:`briefpress.fonts.data_url`,
    and those the stylesheet named by ``FONT_REF``): WeasyPrint does not subset them again."""

    def __init__(self, allowed: tuple[Path, ...]):
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)
        self.allowed = tuple(p.resolve() for p in allowed)
        self.subset_fonts: set[str] = set()  # sha256 of each font given subset

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if url.startswith(FONT_REF) and url[len(FONT_REF):] in _fonts:
            self.subset_fonts.add(url[len(FONT_REF):])
            return URLFetcherResponse(url, _fonts[url[len(FONT_REF):]], {"Content-Type": "font/ttf"})
        if scheme == "file":
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(path == a or a in path.parents for a in self.allowed):
                raise ForbiddenResource(f"resource outside the project: {path}")
        elif scheme != "data":
            raise ForbiddenResource(f"the build never reads the network: {url}")
        elif url.startswith(SUBSET_FONT):
            self.subset_fonts.add(hashlib.sha256(base64.b64decode(url[len(SUBSET_FONT):])).hexdigest())
        return super().fetch(url, headers)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


MAX_PASSES = 4
BLOCK_START = re.compile(r'<(?:p|li|blockquote)\b[^>]*\bid="(b[\d-]+)"')


def separated_notes(anchors: dict) -> list[int]:
    """Numbers of the notes whose text is not on the page of their call."""
    numbers = sorted(int(k[3:]) for k in anchors if k.startswith("fn-") and k[3:].isdigit())
    return [n for n in numbers if anchors.get(f"fnref-{n}") != anchors[f"fn-{n}"]]


def block_holding(html: str, number: int) -> str | None:
    """The id of the paragraph, item or quote that holds note call N."""
    at = html.find(f'id="fnref-{number}"')
    starts = list(BLOCK_START.finditer(html, 0, max(at, 0)))
    return starts[-1].group(1) if at >= 0 and starts else None


def _breaks_css(breaks: list[str]) -> list:
    if not breaks:
        return []
    return [weasyprint.CSS(string=", ".join(f"#{b}" for b in breaks) + " { break-before: page !important }")]


class _Warnings:
    """Collects WeasyPrint's warnings while a block runs: the build fails on any of them."""

    def __enter__(self):
        self.handler = _Collect()
        logging.getLogger("weasyprint").addHandler(self.handler)
        return self.handler.messages

    def __exit__(self, *exc):
        logging.getLogger("weasyprint").removeHandler(self.handler)


STYLE, END_STYLE = "<style>", "</style>"
_styles: dict[tuple[str, str], tuple] = {}  # this process's parsed theme stylesheet, by its base URL and text
# freed at exit, so its font configuration removes the folder WeasyPrint wrote its fonts to (a worker,
# which ends by os._exit, writes them to its pool's folder instead: workers.py)
atexit.register(_styles.clear)
FONT_REF = "briefpress-font:"  # + a font's sha256: a font of the stylesheet, served from _fonts
GIVEN_FONT = re.compile(re.escape(SUBSET_FONT) + r"([A-Za-z0-9+/]*=*)")
_fonts: dict[str, bytes] = {}  # this process's fonts given subset, by their sha256


def _font_refs(css: str) -> str:
    """The stylesheet with each font given as a data: URL named by a short URL instead: tinycss2
    tokenises a quoted string a character at a time, and the fonts' base64 is most of the text."""
    def ref(found: re.Match) -> str:
        font = base64.b64decode(found.group(1))
        digest = hashlib.sha256(font).hexdigest()
        _fonts[digest] = font
        return FONT_REF + digest
    _fonts.clear()  # one build's fonts at a time, as its stylesheet
    return GIVEN_FONT.sub(ref, css)


def _shared_style(html: str, base_url: str, allowed: tuple[Path, ...]) -> tuple[str, tuple]:
    """The HTML without its first ``<style>`` (the theme's stylesheet, with the build's font subsets
    as data: URLs: the same in every part), and that stylesheet parsed (a ``CSS``, the font
    configuration its fonts are loaded into, the digests of the fonts given subset, WeasyPrint's
    warnings). Tokenising hundreds of kB and loading the fonts once per worker process, not once
    per part, keeps small parts cheap. It is given to WeasyPrint as a user stylesheet: the part's
    own ``<style>`` (first page and note numbers) stays in the HTML and still wins, and with no
    presentational hints nothing else of the author's origin competes with it."""
    # str.find, not a regular expression: a lazy ``.*?`` steps through the hundreds of kB of fonts a
    # character at a time (16 ms a part)
    start = html.find(STYLE)
    end = html.find(END_STYLE, start) if start >= 0 else -1
    if end < 0:
        return html, ([], None, None, frozenset(), ())
    sheet = html[start + len(STYLE):end]
    key = (base_url, sheet)  # compared as it is: a sha256 of its hundreds of kB took 1.5 ms a part
    if key not in _styles:
        from weasyprint.text.fonts import FontConfiguration
        fetcher, font_config, counters = ProjectFetcher(allowed), FontConfiguration(), CounterStyle()
        with _Warnings() as warnings:  # @counter-style rules land in `counters`, which each render needs
            css = weasyprint.CSS(string=_font_refs(sheet), base_url=base_url, font_config=font_config,
                                 url_fetcher=fetcher, counter_style=counters)
        _styles.clear()  # one build's stylesheet at a time
        _styles[key] = ([css], font_config, counters, frozenset(fetcher.subset_fonts), tuple(warnings))
    return html[:start] + html[end + len(END_STYLE):], _styles[key]


def parse_style(sheet: str, base_dir: Path, allowed: tuple[Path, ...]) -> None:
    """Parse the theme's stylesheet before a part carrying it comes (:func:`_shared_style`): a worker
    does it while the build is still reading the manuscript (:meth:`.workers.Workers.parse_style`).
    A cache only: it never fails, and a part with another stylesheet parses its own."""
    try:
        _shared_style(STYLE + sheet + END_STYLE, _base_url(base_dir), allowed)
    except Exception:  # noqa: BLE001  (the part that carries it reports what is wrong with it)
        _styles.clear()


def parsed_styles() -> list:
    """What this process keeps of the stylesheet it parsed (:func:`parse_style`)."""
    return list(_styles.values())


def _base_url(base_dir: Path) -> str:
    return str(base_dir.resolve()) + "/"


def lay_out(html: str, base_dir: Path, allowed: tuple[Path, ...]) -> tuple[object, LaidOut, frozenset[str]]:
    """Lay out the pages (no PDF yet); also returns the digests of the fonts given subset. Should a note still land off its call's page, another pass starts
    the block holding the call on a new page: the WeasyPrint fix makes that rare, not impossible (once,
    in `make bench`'s edited builds, a note was found two pages after its call and the build stopped)."""
    breaks: list[str] = []
    fetcher = ProjectFetcher(allowed)
    base_url = _base_url(base_dir)
    body, (faces, font_config, counters, given, face_warnings) = _shared_style(html, base_url, allowed)
    source = weasyprint.HTML(string=body, base_url=base_url, url_fetcher=fetcher)
    with _Warnings() as warnings:
        for _ in range(MAX_PASSES):
            warnings.clear()
            warnings.extend(face_warnings)
            try:
                doc = source.render(stylesheets=faces + _breaks_css(breaks), font_config=font_config,
                                    counter_style=CounterStyle(counters) if counters is not None else None)
            except ForbiddenResource as exc:
                raise BuildError([error("pdf.resource", f"{exc}; put the file inside the project")]) from None
            anchors: dict[str, int] = {}
            for i, page in enumerate(doc.pages):
                for name in page.anchors:
                    anchors.setdefault(name, i)  # an element split over pages belongs to its first
            separated = separated_notes(anchors)
            block = block_holding(html, separated[0]) if separated else None
            if block is None or block in breaks:
                break
            breaks.append(block)
        found = tuple(warnings)
    return doc, LaidOut(len(doc.pages), anchors, found, tuple(breaks)), frozenset(fetcher.subset_fonts) | given


def write(doc, identifier: bytes, given: frozenset[str] = frozenset()) -> tuple[bytes, tuple[str, ...]]:
    """The laid-out pages as PDF bytes (tagged), with WeasyPrint's warnings while writing. The fonts
    given subset (``given``: their digests, from :func:`lay_out`) are embedded as they are."""
    # Without HarfBuzz-Subset WeasyPrint subsets any other font with fontTools, which stamps it with the
    # time of day unless SOURCE_DATE_EPOCH is set: a fixed stamp keeps the bytes a function of the input.
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = saved if saved and saved.isdigit() else "0"
    try:
        with _Warnings() as warnings, stubs.embedded_as_stubs(given):
            pdf = doc.write_pdf(pdf_identifier=identifier, pdf_tags=True)
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return pdf, tuple(warnings)


def identifier(html: str, breaks=()) -> bytes:
    """The PDF file identifier: from the input, so the same input gives the same bytes."""
    return hashlib.sha256((html + " ".join(breaks)).encode()).hexdigest()[:32].encode()


def lay_out_and_write(html: str, base_dir: Path, allowed: tuple[Path, ...]) -> Written:
    """One part, laid out and written: the job a worker runs."""
    start = time.perf_counter()
    doc, laid, given = lay_out(html, base_dir, allowed)
    middle = time.perf_counter()
    pdf, warnings = write(doc, identifier(html, laid.breaks), given)
    return Written(laid, pdf, warnings, {"layout": middle - start, "write": time.perf_counter() - middle})


_sheet_file: dict[str, str] = {}  # the last stylesheet read from a file (lay_out_shared), by its file name


def _read_sheet(sheet_file: str) -> str:
    if sheet_file not in _sheet_file:
        _sheet_file.clear()
        _sheet_file[sheet_file] = Path(sheet_file).read_bytes().decode("utf-8")  # as written: bytes (a "\r" kept)
    return _sheet_file[sheet_file]


def lay_out_and_write_shared(html: str, sheet_file: str, base_dir: Path, allowed: tuple[Path, ...]) -> Written:
    """A part whose stylesheet came in a file (:meth:`.workers.Workers.part`): laid out and written from
    the same HTML, so to the same bytes, as :func:`lay_out_and_write`."""
    return lay_out_and_write(html.replace(SHEET, _read_sheet(sheet_file), 1), base_dir, allowed)


def parse_style_file(sheet_file: str, base_dir: Path, allowed: tuple[Path, ...]) -> None:
    """:func:`parse_style` of the stylesheet in ``sheet_file`` (:meth:`.workers.Workers.parse_style`)."""
    try:
        sheet = _read_sheet(sheet_file)
    except OSError:
        return  # a cache only: the first part reads the file again, and says what is wrong
    parse_style(sheet, base_dir, allowed)


WARM_UP = ('<html lang="en"><body style="hyphens: auto; text-align: justify; width: 9em">'
           '<h1>Warm-up</h1><p>Internationalisation notwithstanding, <i>characteristically</i> <b>overwhelming</b> '
           'responsibilities <a href="#x">accumulate</a>.</p><ol><li id="x">One</li></ol>'
           # a data: URL image (the modules urllib reads one with, an SVG drawn), as a logo or barcode is
           '<img alt="A square" src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%224%22 '
           'height=%224%22%3E%3Crect width=%224%22 height=%224%22/%3E%3C/svg%3E"></body></html>')


def warm_up() -> None:
    """Lay out and write a small English page, once, in the forkserver: what every process otherwise pays
    on its first part (C type declarations parsed by cffi, the English hyphenation dictionary, the
    first text, image and PDF code paths, the modules urllib reads a data: URL with, the fix applied)
    is then inherited by each worker it forks. Caches
    only: no part's bytes depend on it. It never fails: an exception here would end the forkserver (its
    preload lets only an ImportError pass), and every build with it; a part that fails says why itself."""
    try:
        prepare()  # as every job does (workers.run), so the page is laid out as the parts are
        with _Warnings():
            lay_out_and_write(WARM_UP, Path("."), ())
    except Exception:  # noqa: BLE001  (a cache not filled: the first part pays for it)
        pass
