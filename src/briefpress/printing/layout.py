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
stylesheet, the same in every part, is parsed once per process (:mod:`.style`). Every WeasyPrint
warning is returned so the build can fail on it. The PDF identifier and dates come from the input, so the same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

from ..diagnostics import BuildError, error
from .libraries import import_weasyprint

weasyprint = import_weasyprint()  # first: its C libraries found without a search (libraries.py)

from weasyprint.css.counters import CounterStyle  # noqa: E402

from . import compression, computed_styles, font_keys, hyphenation, justified_lines, kept_layouts, leaders, line_drawing, line_tries, png_data, stubs, weasyprint_fix, written_once  # noqa: E402
from .model import SHEET, LaidOut, Written  # noqa: E402
from .style import (ForbiddenResource, ProjectFetcher, Warnings, base_url, read_sheet, shared_style,  # noqa: E402
                    parse_rules_file, parse_style, parse_style_file)  # noqa: F401  (jobs: in_worker.run)


def prepare() -> bool:
    """Apply the WeasyPrint fix and briefpress's other edits of WeasyPrint, each only where it applies:
    the streams' compression level (:mod:`.compression`), PNG figures' own data (:mod:`.png_data`);
    these leave the bytes as they were: the kept text layouts (:mod:`.kept_layouts`), glyphs read in one
    unpack and plain runs drawn by a function of their own (:mod:`.line_drawing`), objects serialized once
    (:mod:`.written_once`), computed style values taken a short way (:mod:`.computed_styles`), font keys and
    descriptions made once (:mod:`.font_keys`), a justified line's text given the layout it was measured
    with (:mod:`.justified_lines`), a line's vain try for the next word skipped (:mod:`.line_tries`) and
    hyphenation patterns read faster (:mod:`.hyphenation`, the same patterns); leaders are drawn as one
    text each (:mod:`.leaders`, every glyph where it was). True when notes stay on their call's page in
    one layout pass."""
    compression.apply()
    hyphenation.apply()
    png_data.apply()
    kept_layouts.apply()
    line_drawing.apply()
    written_once.apply()
    leaders.apply()
    computed_styles.apply()
    font_keys.apply()
    justified_lines.apply()
    line_tries.apply()
    return weasyprint_fix.apply()


def ready() -> tuple[bool, tuple[str, ...]]:
    """:func:`prepare`'s answer, and what else decides a part's bytes as this process lays it out (part
    of a part's key, :mod:`.jobs`): WeasyPrint's and pydyf's releases, the streams' compression level,
    whether PNG figures keep their own data. Asked of the workers as they start: the build's process
    never imports WeasyPrint, and importlib.metadata cost it ~45 ms."""
    import pydyf
    fixed = prepare()
    level = compression.LEVEL if compression.applies() else "pydyf's own"
    png = "own" if png_data.apply() else "re-encoded"
    return fixed, (weasyprint.__version__, pydyf.__version__, f"level {level}", f"png {png}")


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


def lay_out(html: str, base_dir: Path, allowed: tuple[Path, ...]) -> tuple[object, LaidOut, frozenset[str]]:
    """Lay out the pages (no PDF yet); also returns the digests of the fonts given subset. Should a note still land off its call's page, another pass starts
    the block holding the call on a new page: the WeasyPrint fix makes that rare, not impossible (once,
    in `make bench`'s edited builds, a note was found two pages after its call and the build stopped)."""
    breaks: list[str] = []
    fetcher = ProjectFetcher(allowed)
    base = base_url(base_dir)
    body, (faces, font_config, counters, given, face_warnings) = shared_style(html, base, allowed)
    source = weasyprint.HTML(string=body, base_url=base, url_fetcher=fetcher)
    with Warnings() as warnings:
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
        with Warnings() as warnings, stubs.embedded_as_stubs(given):
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


def lay_out_and_write_shared(html: str, sheet_file: str, base_dir: Path, allowed: tuple[Path, ...]) -> Written:
    """A part whose stylesheet came in a file (:meth:`.workers.Workers.part`): laid out and written from
    the same HTML, so to the same bytes, as :func:`lay_out_and_write`."""
    return lay_out_and_write(html.replace(SHEET, read_sheet(sheet_file), 1), base_dir, allowed)


WARM_UP = ('<html lang="en"><body style="hyphens: auto; text-align: justify; width: 9em">'
           '<h1>Warm-up</h1><p>Internationalisation notwithstanding, <i>characteristically</i> <b>overwhelming</b> '
           'responsibilities <a href="#x">accumulate</a>.</p><ol><li id="x">One</li></ol>'
           # a data: URL image (the modules urllib reads one with, an SVG drawn), as a logo or barcode is
           '<img alt="A square" src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%224%22 '
           'height=%224%22%3E%3Crect width=%224%22 height=%224%22/%3E%3C/svg%3E"></body></html>')


def warm_up() -> None:
    """Lay out and write a small English page, once, in the forkserver: what every process otherwise pays
    on its first part (C type declarations parsed by cffi, the English hyphenation dictionary, the
    first text, image and PDF code paths (its fonts embedded as stubs, as the parts' are), the modules
    urllib reads a data: URL with, the fix applied)
    is then inherited by each worker it forks. Caches
    only: no part's bytes depend on it. It never fails: an exception here would end the forkserver (its
    preload lets only an ImportError pass), and every build with it; a part that fails says why itself."""
    try:
        prepare()  # as every job does (in_worker.run), so the page is laid out as the parts are
        with Warnings():
            doc, _, _ = lay_out(WARM_UP, Path("."), ())
            write(doc, identifier(WARM_UP), stubs.EVERY)  # its fonts stubs, as the parts' are
    except Exception:  # noqa: BLE001  (a cache not filled: the first part pays for it)
        pass
