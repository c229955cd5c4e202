"""Style: the theme's print stylesheet (the same in every part of the paper) -> parsed once per
process (:func:`shared_style`), and what parsing it and laying out with it fetch (:class:`ProjectFetcher`).

Tokenising hundreds of kB and loading the fonts once per worker process, not once per part, keeps
small parts cheap. The stylesheet's fonts, the build's subsets as ``data:font/ttf`` URLs, are named by
short URLs (:func:`_font_refs`) before it is parsed: tinycss2 tokenises a quoted string a character at
a time. Its rules do not depend on the fonts: :func:`parse_rules` parses them before the fonts are
known (the workers' forkserver, while the build reads the manuscript, :mod:`.preload`), and a part's
stylesheet that is those rules with its fonts' ``@font-face`` rules put in them then parses only these. Every
WeasyPrint warning is returned, for the build to fail on it.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import logging
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..fonts import DATA_URL as SUBSET_FONT
from .libraries import import_weasyprint

weasyprint = import_weasyprint()  # first: its C libraries found without a search (libraries.py)

from weasyprint.css.counters import CounterStyle  # noqa: E402
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: E402

FONT_REF = "briefpress-font:"  # + a font's sha256: a font of the stylesheet, served from _fonts
GIVEN_FONT = re.compile(re.escape(SUBSET_FONT) + r"([A-Za-z0-9+/]*=*)")
_fonts: dict[str, bytes] = {}  # this process's fonts given subset, by their sha256


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


class Warnings:
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
_rules: dict[tuple[str, str], tuple] = {}  # the stylesheet's rules parsed before its fonts (parse_rules)
# what a stylesheet's rules parsed alone must not hold: rules whose place in the text matters (@import,
# @charset, @namespace: first only) or that need the fonts' configuration (@font-face)
NOT_ALONE = ("@import", "@charset", "@namespace", "@font-face")


def base_url(base_dir: Path) -> str:
    return str(base_dir.resolve()) + "/"


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


def shared_style(html: str, base: str, allowed: tuple[Path, ...]) -> tuple[str, tuple]:
    """The HTML without its first ``<style>`` (the theme's stylesheet, with the build's font subsets
    as data: URLs: the same in every part), and that stylesheet parsed (a list of ``CSS``, the font
    configuration its fonts are loaded into, its ``@counter-style`` rules, the digests of the fonts
    given subset, WeasyPrint's warnings). It is given to WeasyPrint as user stylesheets: the part's
    own ``<style>`` (first page and note numbers) stays in the HTML and still wins, and with no
    presentational hints nothing else of the author's origin competes with it."""
    # str.find, not a regular expression: a lazy ``.*?`` steps through the hundreds of kB of fonts a
    # character at a time (16 ms a part)
    start = html.find(STYLE)
    end = html.find(END_STYLE, start) if start >= 0 else -1
    if end < 0:
        return html, ([], None, None, frozenset(), ())
    sheet = html[start + len(STYLE):end]
    key = (base, sheet)  # compared as it is: a sha256 of its hundreds of kB took 1.5 ms a part
    if key not in _styles:
        parsed = _after_rules(sheet, base, allowed) or _parsed(sheet, base, allowed, CounterStyle())
        _styles.clear()  # one build's stylesheet at a time
        _styles[key] = parsed
    return html[:start] + html[end + len(END_STYLE):], _styles[key]


def _parsed(sheet: str, base: str, allowed: tuple[Path, ...], counters, ahead: tuple = ()) -> tuple:
    """``sheet`` parsed with its own font configuration; ``ahead``: the rules after it, parsed already
    (their ``CSS``, fonts given and warnings), which follow its own in the result, as in the text."""
    from weasyprint.text.fonts import FontConfiguration
    fetcher, font_config = ProjectFetcher(allowed), FontConfiguration()
    with Warnings() as warnings:  # @counter-style rules land in `counters`, which each render needs
        css = weasyprint.CSS(string=_font_refs(sheet), base_url=base, font_config=font_config,
                             url_fetcher=fetcher, counter_style=counters)
    rules, given, later = ahead or ([], frozenset(), ())
    return ([css] + rules, font_config, counters, frozenset(fetcher.subset_fonts) | given, tuple(warnings) + later)


def _after_rules(sheet: str, base: str, allowed: tuple[Path, ...]) -> tuple | None:
    """``sheet`` parsed when it is the rules :func:`parse_rules` parsed with @font-face rules put in
    them (where the theme's template prints its fonts): only those @font-face rules are parsed now.
    Their own ``CSS`` comes first: they hold nothing but fonts (one ``{`` each), so the other rules keep
    their order in the cascade and nothing else changes."""
    at = sheet.find("@font-face")  # the rules hold none (NOT_ALONE): the first is the fonts'
    for (url, rules), (css, counters, given, warnings) in _rules.items():
        after = rules[at:]
        if url == base and at >= 0 and sheet.startswith(rules[:at]) and sheet.endswith(after):
            faces = sheet[at:len(sheet) - len(after)]
            if faces.count("{") == faces.count("@font-face") and len(sheet) == at + len(faces) + len(after):
                return _parsed(faces, base, allowed, counters, ([css], given, warnings))
    return None


def parse_rules(rules: str, base_dir: Path, allowed: tuple[Path, ...]) -> None:
    """Parse the theme's stylesheet without its fonts (the fonts are subset for the document's text, the
    rules are known as soon as the theme is): a stylesheet that is these with @font-face rules put in
    them parses only its @font-face rules (:func:`shared_style`). A cache only: it never fails."""
    _rules.clear()  # one build's at a time
    if any(rule in rules for rule in NOT_ALONE):
        return
    base, counters, fetcher = base_url(base_dir), CounterStyle(), ProjectFetcher(allowed)
    try:
        with Warnings() as warnings:
            css = weasyprint.CSS(string=rules, base_url=base, url_fetcher=fetcher, counter_style=counters)
    except Exception:  # noqa: BLE001  (the part that carries them reports what is wrong with them)
        return
    _rules[(base, rules)] = (css, counters, frozenset(fetcher.subset_fonts), tuple(warnings))


def parse_style(sheet: str, base_dir: Path, allowed: tuple[Path, ...]) -> None:
    """Parse the theme's stylesheet before a part carrying it comes (:func:`shared_style`): a worker
    does it while the build is still reading the manuscript (:meth:`.workers.Workers.parse_style`).
    A cache only: it never fails, and a part with another stylesheet parses its own."""
    try:
        shared_style(STYLE + sheet + END_STYLE, base_url(base_dir), allowed)
    except Exception:  # noqa: BLE001  (the part that carries it reports what is wrong with it)
        _styles.clear()


def parsed_styles() -> list:
    """What this process keeps of the stylesheets it parsed (:func:`parse_style`, :func:`parse_rules`)."""
    return list(_styles.values()) + list(_rules.values())


_sheet_file: dict[str, str] = {}  # the last stylesheet read from a file (layout.lay_out_and_write_shared), by its file name


def read_sheet(sheet_file: str) -> str:
    if sheet_file not in _sheet_file:
        _sheet_file.clear()
        _sheet_file[sheet_file] = Path(sheet_file).read_bytes().decode("utf-8")  # as written: bytes (a "\r" kept)
    return _sheet_file[sheet_file]


def parse_style_file(sheet_file: str, base_dir: Path, allowed: tuple[Path, ...]) -> None:
    """:func:`parse_style` of the stylesheet in ``sheet_file`` (:meth:`.workers.Workers.parse_style`)."""
    try:
        sheet = read_sheet(sheet_file)
    except OSError:
        return  # a cache only: the first part reads the file again, and says what is wrong
    parse_style(sheet, base_dir, allowed)


def parse_rules_file(rules_file: str, base_dir: Path, allowed: tuple[Path, ...]) -> None:
    """:func:`parse_rules` of the rules in ``rules_file`` (:meth:`.workers.Workers.parse_rules`)."""
    try:
        rules = Path(rules_file).read_bytes().decode("utf-8")
    except OSError:
        return  # a cache only
    parse_rules(rules, base_dir, allowed)
