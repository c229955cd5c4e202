"""Markdown -> HTML for one chapter, with numbered headings collected on the way.

Takes the chapter text after :mod:`briefpress.citations` put tokens in place of
notes (Markdown passes them through untouched) and returns the HTML and the
headings (level, number, id, title). Headings marked ``{.unnumbered}``, as in
pandoc, get no number.
"""

from __future__ import annotations

import functools
import importlib
import html as htmlmod
import re
import threading
import unicodedata
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from . import code, smart_quotes
from .mathtex import MathExtension
from .sanitize import SanitizeExtension

# Raw HTML is checked and cleaned by sanitize.py; code and math are set aside before the inline patterns.
EXTENSIONS = (["attr_list", "def_list", "smarty", "sane_lists", "briefpress.tables", "briefpress.reflist",
               "md_in_html", "briefpress.pandoc_extras", "briefpress.chunks", "briefpress.quarto_divs",
               "briefpress.listings", "briefpress.latexrefs", "briefpress.quotes",
               "briefpress.link_targets", "briefpress.inline_syntax", "briefpress.definitions",
               "briefpress.rules"] + code.EXTENSIONS
              + [MathExtension(), SanitizeExtension(), "briefpress.figures",
                 "briefpress.brackets"])  # last: it speeds up every link pattern registered before it
# Real characters, not named entities: XHTML (EPUB) has no &rsquo;.
SMARTY = {"smarty": {"smart_angled_quotes": False, "substitutions": {
    "left-single-quote": "‘", "right-single-quote": "’", "left-double-quote": "“",
    "right-double-quote": "”", "ndash": "–", "mdash": "—", "ellipsis": "…"}}, **code.CONFIGS}
STASH = re.compile("\x02wzxhzdk:(\\d+)\x03")
ESCAPED = re.compile("\x02(\\d+)\x03")  # Python-Markdown's escaped character


@dataclass(frozen=True)
class Heading:
    level: int
    number: str  # "3", "3.2"; "" when unnumbered
    id: str
    title_html: str
    title_text: str
    top: bool = False  # a '# Heading' at the top level of the text (not in a quote or list): a chapter starts


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:48].rstrip("-") or "section"


class _Headings(Treeprocessor):
    def __init__(self, md, chapter_number: int, taken_ids: frozenset):
        super().__init__(md)
        self.chapter_number = chapter_number
        self.taken = set(taken_ids)
        self.headings: list[Heading] = []

    def run(self, root):
        # Each numbered '# Heading' takes the next number from chapter_number on (a single file holds
        # several); sub-headings are numbered under a numbered one only. chapter_number 0: none numbered.
        counters = [self.chapter_number - 1, 0, 0]
        top = {id(el) for el in root if el.tag == "h1"}
        in_numbered = False
        for el in root.iter():
            if el.tag not in ("h1", "h2", "h3"):
                continue
            level = int(el.tag[1])
            classes = el.get("class", "").split()
            numbered = "unnumbered" not in classes and self.chapter_number > 0
            if "unnumbered" in classes:
                classes.remove("unnumbered")
                el.set("class", " ".join(classes + ["unnumbered"]))
            number = ""
            if level == 1:
                in_numbered = numbered
                if numbered:
                    counters = [counters[0] + 1, 0, 0]
                    number = str(counters[0])
            elif numbered and in_numbered:
                counters[level - 1] += 1
                counters[level:] = [0] * (3 - level)
                number = ".".join(str(c) for c in counters[:level])
            full = self._unstash(_inner_html(el))
            # a note or citation in a heading: its call stays in the heading, not in the TOC or the id; a
            # citation's token stays in the TOC's HTML, for document.py to put an in-text one's name there
            full = re.sub("\ue000f[^\ue001]*\ue001", "", full).strip()
            html = re.sub("\ue000[^\ue001]*\ue001", "", full).strip()
            text = htmlmod.unescape(re.sub(r"<[^>]+>", "", html)).strip()
            ident = el.get("id") or slug(text)
            base, n = ident, 2
            while ident in self.taken:
                ident, n = f"{base}-{n}", n + 1
            self.taken.add(ident)
            el.set("id", ident)
            if number:
                el.set("data-number", number)
                span = etree.Element("span", {"class": "number"})
                span.text = number
                span.tail = el.text
                el.text = None
                el.insert(0, span)
            self.headings.append(Heading(level, number, ident, full, text, id(el) in top))


    def _unstash(self, text: str) -> str:
        # SmartyPants and inline HTML sit in the stash until the postprocessors run, and a backslash
        # escape (``1\. Introduction``) is a code point between STX and ETX until Python-Markdown's
        # unescape step: the TOC, the id and the bookmarks take the character.
        text = STASH.sub(lambda m: str(self.md.htmlStash.rawHtmlBlocks[int(m.group(1))]), text)
        return ESCAPED.sub(lambda m: htmlmod.escape(chr(int(m.group(1))), quote=False), text)


def _inner_html(el) -> str:
    out = el.text or ""
    for child in el:
        out += etree.tostring(child, encoding="unicode", method="html")
    return out


class ChapterExtension(Extension):
    def __init__(self, chapter_number: int = 0, taken_ids=frozenset()):
        super().__init__()
        self.chapter_number = chapter_number
        self.taken_ids = frozenset(taken_ids)
        self.processor: _Headings | None = None

    def extendMarkdown(self, md):
        self.processor = _Headings(md, self.chapter_number, self.taken_ids)
        md.treeprocessors.register(self.processor, "briefpress-headings", 5)


def is_numbered(text: str) -> bool:  # kept for callers that number one chapter a file
    """Whether the chapter's first heading takes a number (no ``{.unnumbered}``, not a References heading)."""
    from .reflist import is_references_title
    m = re.search(r"(?m)^#\s+(.*)$", text)
    return bool(m) and ".unnumbered" not in m.group() and not is_references_title(m.group(1))


def _markdown(extra=()) -> markdown.Markdown:
    """A Markdown reader with EXTENSIONS (+ ``extra``). Named extensions are made here as their modules
    say (``makeExtension``), not by name: for a name, Python-Markdown first looks through every installed
    package's entry points, which imports importlib.metadata, ~50 ms of every command's start."""
    built = []
    for ext in [*EXTENSIONS, *extra]:
        if isinstance(ext, str):
            module = importlib.import_module(ext if "." in ext else f"markdown.extensions.{ext}")
            ext = module.makeExtension(**SMARTY.get(ext, {}))
        built.append(ext)
    md = markdown.Markdown(extensions=built, output_format="html")
    if "smarty" in md.treeprocessors:
        md.treeprocessors["smarty"].__class__ = _BlankTailsAside  # in its place among the processors
    return md


class _BlankTailsAside(InlineProcessor):
    """Smarty's pass, run after 'prettify' has given every block a '\n' tail: Python-Markdown finds each
    element with a tail by ``list(parent).index``, quadratic in a parent's children (20,000 headings,
    a table of 50,000 rows). A tail of only white space holds nothing to make smart; set aside meanwhile."""

    def run(self, tree, ancestors=None):
        blank = [el for el in tree.iter() if el.tail and el.tail.isspace()]
        tails = [el.tail for el in blank]
        for el in blank:
            el.tail = None
        smart_quotes.close_after_elements(tree, self.md.htmlStash)
        try:
            result = super().run(tree, ancestors)
            smart_quotes.apostrophes_unpaired(tree, self.md.htmlStash)
            return result
        finally:
            for el, tail in zip(blank, tails):
                el.tail = tail


_CHAPTERS = threading.local()  # idle chapter readers of a thread, as _INLINE's


@functools.lru_cache(maxsize=512)
def render_chapter(text: str, chapter_number: int = 0, taken_ids=frozenset()) -> tuple[str, tuple[Heading, ...]]:
    """Cached: lint and build render each chapter once, and the preview re-renders only what changed.
    A reader is reset and reused, as :func:`render_inline`'s are: making one took ~2 ms, 12 of them in a
    cold build of the KCSS paper."""
    idle = _CHAPTERS.__dict__.setdefault("idle", [])
    if idle:
        md, ext = idle.pop()
    else:
        ext = ChapterExtension()
        md = _markdown([ext])
    headings = ext.processor
    headings.chapter_number, headings.taken, headings.headings = chapter_number, set(taken_ids), []
    try:
        html = md.reset().convert(text)
        return html, tuple(headings.headings)
    finally:
        idle.append((md, ext))


_INLINE = threading.local()  # idle readers of a thread (the preview renders in two), reset between notes


def render_inline(text: str) -> str:
    """A note's Markdown -> HTML without the wrapping paragraph."""
    idle = _INLINE.__dict__.setdefault("idle", [])
    # Making a reader (its extensions' patterns) took 3 ms: thousands of notes took seconds. A reader is
    # taken while it converts: a figure or listing in the note renders its caption here again, and
    # reusing the busy reader would reset the stash of the note half converted.
    md = idle.pop() if idle else _markdown()
    try:
        html = md.reset().convert(text).strip()
    finally:
        idle.append(md)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


# What makes a front-matter line Markdown: emphasis, code, escapes, ^super^ and ~sub~ scripts, links.
# '&' and '<' alone are text ("R&D", "growth < 2%"), as they always were in titles.
MARKUP = re.compile(r"[*_`\\^~[]")


def inline_plain(text: str) -> str:
    """A front-matter line (a title may hold *emphasis*) -> its text, for where no markup can go: the
    HTML ``<title>``, PDF and EPUB metadata, the running head, citation files."""
    if not MARKUP.search(text):
        return text
    return htmlmod.unescape(re.sub(r"<[^>]+>", "", render_inline(text)))


def inline_rich(text: str) -> str:
    """A front-matter line -> the bibliography's rich text (HTML with ``<i>``, ``<b>``)."""
    if not MARKUP.search(text):
        return htmlmod.escape(text, quote=False)
    html = re.sub(r"</?a\b[^>]*>", "", render_inline(text))  # a link in a title is its text in a citation
    return re.sub(r"<(/?)em>", r"<\1i>", re.sub(r"<(/?)strong>", r"<\1b>", html))
